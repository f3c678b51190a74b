"""The executable plugin's protocol: the spec, the ``symconv`` directive, the transform, and
`main()`, which the script written by [`install()`][symconv.myst.install] runs.

MyST runs the script once with no argument (the spec), once per directive per parse with
``--directive symconv`` (MyST parses a page twice in a build: the directive's result is kept on
disk, keyed by the body and symconv's code, so the second call and later builds do not import
SymPy), and once per page with ``--transform symconv-html``. symconv's front-end core is
imported only when a block is rendered.
"""

from __future__ import annotations

import json
import os
import re
import sys

from ..errors import InputError
from .cache import load, store

__all__ = ["plugin_spec", "main", "directive", "transform", "body_of", "exports"]

_PLACEHOLDER = "symconvBlock"
#: What a LaTeX, Typst or Word export shows for an exercise or a linted derivation (their print
#: form is more than one formula); every other block exports its derivation (`exports`).
_EXPORT_TEXT = r"\text{(a symconv exercise: see the web version of this page)}"
_EXPORT_TYPST = '"(a symconv exercise: see the web version of this page)"'
_ID_RE = re.compile(r'<div class="symconv[^"]*" id="([^"]+)"')
#: Bounds on what MyST sends: a directive's data (a body of at most 20,000 characters and its
#: parse, a few times as long) and a page's tree (read whole only when it holds a block).
_MAX_DIRECTIVE_BYTES = 8 << 20
_MAX_PAGE_BYTES = 256 << 20
#: Under the folder MyST runs in (the project's): MyST's own build folder.
CACHE_DIR = os.path.join("_build", "cache", "symconv")
#: How many files the search for a failing block's file reads at most, and how large each.
_MAX_SCAN_FILES, _MAX_SCAN_BYTES = 5000, 4 << 20


def plugin_spec() -> dict:
    """What MyST reads from the plugin run with no argument: the ``symconv`` directive (its body
    a string; the block's keys also accepted as ``:key: value`` options) and the transform that
    turns its placeholders into nodes the theme shows.

    Examples
    --------
    >>> spec = plugin_spec()
    >>> spec["directives"][0]["name"], spec["transforms"][0]["stage"]
    ('symconv', 'document')
    """
    from .. import frontend

    return {
        "name": "symconv",
        "directives": [{
            "name": "symconv",
            "doc": "An exact worked example of a convolution: the body is YAML (op, a, b, show, ...), "
                   "the keys of symconv's fence.",
            "body": {"type": "string", "doc": "The block's keys, one 'key: value' line each."},
            # the keys also as ':key: value' options (put back into the body), so MyST does not warn
            "options": {key: {"type": "string", "doc": f"symconv's '{key}' key"} for key in frontend.FENCE_KEYS},
        }],
        "transforms": [{
            "name": "symconv-html",
            "doc": "Shows each symconv block's HTML (with MathML) as it is, after MyST's math step.",
            "stage": "document",
        }],
    }


def body_of(node: dict) -> tuple[str, int | None]:
    """The block's body as written, and the line of its opening fence, from MyST's directive node.

    MyST reads leading ``:key: value`` lines of a directive as options and a leading ``---``
    block as YAML options; the ``:key: value`` lines are put back as ``key: value`` (their
    values are MyST's verbatim text), a ``---`` block is refused (MyST has already read it
    as YAML of its own, so its numbers' text is lost).

    Raises
    ------
    InputError
        Options in a ``---`` block or in the fence's ``{symconv ...}``, or an argument after it.

    Examples
    --------
    >>> body_of({"value": "a: 1, 2\\nb: 3", "position": {"start": {"line": 7}}})
    ('a: 1, 2\\nb: 3', 7)
    >>> body_of({"value": "b: 3", "children": [
    ...     {"type": "mystOption", "name": "a", "location": "colon", "value": "1, 2"}]})
    ('a: 1, 2\\nb: 3', None)
    """
    line = _line(node)
    if node.get("args"):
        raise InputError("the symconv directive takes no argument after {symconv}; its keys go in the body")
    lines = []
    children = node.get("children")
    for child in children if isinstance(children, list) else []:
        if not isinstance(child, dict) or child.get("type") != "mystOption":
            continue
        name, value = str(child.get("name", ""))[:100], child.get("value")
        if child.get("location") != "colon":
            where = "a --- block" if child.get("location") == "yaml" else "in the fence"
            raise InputError(f"option {name!r} is given as a MyST option ({where}); "
                             f"write the block's keys as plain 'key: value' lines")
        lines.append(f"{name}: {value}" if isinstance(value, str) else f"{name}:")
    value = node.get("value")
    if isinstance(value, str) and value:
        lines.append(value)
    return "\n".join(lines), line


def _line(node: dict) -> int | None:
    """The line of the directive's opening fence in MyST's node: a plausible line number, else None
    (MyST's data is read as untrusted: any shape, any number)."""
    position = node.get("position")
    start = position.get("start") if isinstance(position, dict) else None
    line = start.get("line") if isinstance(start, dict) else None
    return line if type(line) is int and 0 < line < 10**9 else None


def directive(data: dict, cache_dir: str | None = CACHE_DIR) -> list:
    """The nodes that replace one ``symconv`` directive: a placeholder holding the block's HTML
    (its math as MathML), which `transform` makes a node the theme shows.

    Raises
    ------
    SymconvError
        The block is not valid (the core's message) or too large.

    Examples
    --------
    >>> [node] = directive({"node": {"value": "a: 1, 2\\nb: 3\\nshow: [check]"}}, cache_dir=None)
    >>> node["type"], "max |error| = 0" in node["html"]
    ('symconvBlock', True)
    """
    node = data.get("node") if isinstance(data, dict) else None
    if not isinstance(node, dict):
        raise InputError("MyST sent no directive node")
    body, line = body_of(node)
    kept = load(cache_dir, body)
    if kept is None:
        from .. import frontend

        if len(body) > frontend.MAX_FENCE_CHARS:
            raise InputError(f"the block is longer than {frontend.MAX_FENCE_CHARS} characters")
        try:
            body.encode("utf-8")
            html = frontend.render(body, cache_dir=cache_dir)
            html.encode("utf-8")
        except UnicodeEncodeError as exc:  # "\ud800" in the JSON or the YAML: no file or page can hold it
            raise InputError(f"the block holds a lone surrogate (U+{ord(exc.object[exc.start]):04X}), which is "
                             f"not Unicode text") from None
        match = _ID_RE.match(html)
        kept = {"html": html, "id": match.group(1) if match else "", **exports(body)}
        store(cache_dir, body, kept)
    return [{"type": _PLACEHOLDER, **kept, "body": body, "line": line}]


def exports(body: str) -> dict:
    """What a LaTeX/PDF or Typst export of the page typesets for the block, from one derivation:
    ``tex`` and ``typst``, its derivation as display math
    ([`frontend.display_math()`][symconv.frontend.display_math]); an exercise or a linted
    derivation exports a line pointing to the web version.

    Examples
    --------
    >>> out = exports("a: 1, 2\\nb: 3\\nshow: [derivation]")
    >>> out["tex"].startswith("\\\\begin{aligned}"), "dot 3 = 3" in out["typst"]
    (True, True)
    >>> exports("op: exercise\\nseed: 1")["tex"] == _EXPORT_TEXT
    True
    """
    from .. import frontend

    data = frontend.parse(body)
    if data.get("op") == "exercise" or "lint" in data:
        return {"tex": _EXPORT_TEXT, "typst": _EXPORT_TYPST}
    tex, typst = frontend.display_math(body)
    return {"tex": tex, "typst": typst}


def transform(tree: dict, cache_dir: str | None = CACHE_DIR) -> dict:
    """A page's tree with each placeholder of `directive` made a ``math`` node whose ``html`` is
    the block's HTML, rendered again from the body (the theme's math renderer shows it as it is)
    and whose ``value`` and ``typst`` are its derivation's TeX and Typst math (`exports`: what a
    LaTeX or Typst export typesets). A block whose id is already used on the
    page gets the next free one (``id-2``, ...): each directive ran alone.

    Examples
    --------
    >>> forged = {"type": "symconvBlock", "body": "a: 1, 2\\nb: 3", "html": "<script>", "id": "i"}
    >>> node = transform({"type": "root", "children": [forged]}, cache_dir=None)["children"][0]
    >>> node["type"], "<script>" in node["html"], "<math" in node["html"]
    ('math', False, True)
    """
    seen: dict = {}

    def visit(node):
        children = node.get("children") if isinstance(node, dict) else None
        if not isinstance(children, list):
            return
        for index, child in enumerate(children):
            if isinstance(child, dict) and child.get("type") == _PLACEHOLDER:
                children[index] = _shown(child, seen, cache_dir)
            else:
                visit(child)

    visit(tree)
    return tree


def _shown(placeholder: dict, seen: dict, cache_dir: str | None) -> dict:
    """The ``math`` node the theme shows for one placeholder. Its HTML is rendered again from the
    placeholder's body (from the cache the directive filled, so it costs no derivation), never
    taken from the node: whatever else can put nodes in the tree cannot put HTML on the page."""
    from .. import frontend

    body = placeholder.get("body")
    if not isinstance(body, str) or len(body) > frontend.MAX_FENCE_CHARS:
        raise InputError("a symconv placeholder without its block's body")
    html = frontend.render(body, cache_dir=cache_dir, seen=seen)
    kept = load(cache_dir, body)
    kept = kept if kept is not None and isinstance(kept.get("tex"), str) and isinstance(kept.get("typst"), str) \
        else exports(body)
    return {"type": "math", "value": kept["tex"], "typst": kept["typst"], "enumerated": False,
            "html": f'<div class="symconv-myst">{html}</div>'}


def _read(limit: int, marker: bytes | None = None) -> tuple[bytes | None, bool]:
    """Standard input whole (None when longer than ``limit``; read to its end all the same, as MyST
    writes all of it) and whether it holds ``marker``."""
    chunks, size, tail, found = [], 0, b"", marker is None
    stream = sys.stdin.buffer if sys.stdin is not None else None
    while stream is not None:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        size += len(chunk)
        if not found:
            found = marker in tail + chunk
            tail = chunk[-len(marker):]
        if size <= limit:
            chunks.append(chunk)
    return (b"".join(chunks) if size <= limit else None), found


def _locate(body: str, line: int | None, tail: bool = False) -> str | None:
    """The project file (under the working folder MyST runs in) whose ``{symconv}`` directive at
    ``line`` has this body: MyST does not tell a plugin which file it is reading. None when no
    file, or more than one, has it."""
    if line is None:
        return None
    from ..frontend import find_blocks

    found, scanned = [], 0
    for root, dirs, names in os.walk("."):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_build", "node_modules")))
        for name in sorted(names):
            if not name.endswith(".md"):
                continue
            scanned += 1
            if scanned > _MAX_SCAN_FILES:
                return None
            path = os.path.join(root, name)
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read(_MAX_SCAN_BYTES)
            except (OSError, UnicodeDecodeError):
                continue
            for block in find_blocks(text, names=("{symconv}",)):
                if block.line == line and _same(block.body, body, tail):
                    found.append(os.path.normpath(path))
    return found[0] if len(found) == 1 else None


def _same(written: str, body: str, tail: bool = False) -> bool:
    """Whether a fence's lines are this body (MyST strips blank lines and each option's colons);
    with ``tail``, whether they end with it (options MyST read in a ``---`` block come first)."""
    def lines(text):
        return [re.sub(r"^:([^:\s]+):", r"\1:", s.strip()).rstrip(":").strip() for s in text.splitlines() if s.strip()]
    fence, mine = lines(written), lines(body)
    return fence[len(fence) - len(mine):] == mine if tail else fence == mine


def _json(data: bytes | None, what: str, limit: int):
    """MyST's JSON (``data`` as `_read` gave it: None when past ``limit``), or the one line why not."""
    if data is None:
        raise InputError(f"{what} is larger than {limit} bytes")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputError(f"{what} is not JSON (or is nested too deeply)") from None


def _run_directive() -> tuple[str, str]:
    """The directive's nodes as JSON, or the one line saying why not (naming its file and line)."""
    data, _ = _read(_MAX_DIRECTIVE_BYTES)
    data = _json(data, "the directive's data from MyST", _MAX_DIRECTIVE_BYTES)
    try:
        return json.dumps(directive(data)), ""
    except Exception as exc:  # noqa: BLE001 - every failure becomes the one line naming file:line
        node = data.get("node") if isinstance(data, dict) else None
        node = node if isinstance(node, dict) else {}
        line = _line(node)
        try:
            body, tail = body_of(node)[0], False
        except InputError:  # refused MyST options: the body MyST left is the fence's last lines
            body, tail = (node.get("value") if isinstance(node.get("value"), str) else ""), True
        from ..frontend import failure

        return "", failure(exc, body, _locate(body, line, tail), line)


def _run_transform() -> str:
    data, found = _read(_MAX_PAGE_BYTES, marker=f'"{_PLACEHOLDER}"'.encode())
    if not found:  # no block on the page: MyST keeps the tree as it is
        return "{}"
    tree = _json(data, "the page's tree from MyST", _MAX_PAGE_BYTES)
    try:
        return json.dumps(transform(tree))
    except RecursionError:
        raise InputError("the page's tree from MyST is nested too deeply") from None


def main(argv: list[str] | None = None) -> int:
    """The plugin's entry point (what the installed script runs), and
    ``python -m symconv.myst install [DIR]`` ([`install()`][symconv.myst.install]).

    With no argument: print `plugin_spec()`. ``--directive symconv``: the directive's data from
    stdin, its nodes to stdout. ``--transform symconv-html``: a page's tree in and out. A failure
    prints one line on stderr (``FILE:LINE: symconv block starting ...: why``; nothing on
    stdout) and returns 1, which MyST reports as an error of the page.

    Examples
    --------
    >>> import contextlib, io
    >>> out = io.StringIO()
    >>> with contextlib.redirect_stdout(out):
    ...     status = main([])
    >>> status, json.loads(out.getvalue())["directives"][0]["name"]
    (0, 'symconv')
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["install"] and len(args) <= 2:
            from .project import SCRIPT, STYLESHEET, install

            path = install(args[1] if len(args) > 1 else ".")
            print(f"wrote {path} and {path.parent / STYLESHEET}; in myst.yml:\n"
                  f"project:\n  plugins:\n    - type: executable\n      path: {SCRIPT}\n"
                  f"site:\n  options:\n    style: {STYLESHEET}")
            return 0
        if not args:
            output = json.dumps(plugin_spec())
        elif args == ["--directive", "symconv"]:
            output, failed = _run_directive()
            if failed:
                print(failed, file=sys.stderr)
                return 1
        elif args == ["--transform", "symconv-html"]:
            output = _run_transform()
        else:
            shown = " ".join(args)[:200]
            raise InputError(f"expected no argument, '--directive symconv', '--transform symconv-html' or "
                             f"'install [DIR]', got {shown!r}")
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback (MyST shows stderr)
        from ..frontend import describe

        print(f"symconv: error: {describe(exc)}", file=sys.stderr)
        return 1
    sys.stdout.write(output)
    sys.stdout.flush()
    return 0
