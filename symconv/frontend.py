"""The one front-end core: a ```` ```symconv ```` block's body in, a page's HTML out.

Every adapter calls this module and nothing beneath it:

* Python-Markdown and MkDocs (`symconv.markdown_ext`, `symconv.mkdocs_plugin`),
* Sphinx and Jupyter Book 1 (`symconv.sphinx`: reST ``.. symconv::`` and MyST ```` ```{symconv} ````),
* MyST-MD / Jupyter Book 2 (`symconv.myst`, an executable plugin),
* Pandoc and Quarto (the Lua filter, through ``symconv block``),
* notebooks ([`symconv.block()`][symconv.block]).

It holds the block's keys ([`FENCE_KEYS`][symconv.frontend.FENCE_KEYS]) and their validation
([`parse()`][symconv.frontend.parse]), the rendering to HTML with offline MathML (or TeX for a
site that loads MathJax) ([`render()`][symconv.frontend.render]), to Markdown with ``$$`` math for
the formats HTML does not reach ([`markdown()`][symconv.frontend.markdown], from
`symconv.frontend_markdown`), the notebook's self-contained style (`notebook_style`), the blocks of a Markdown page
with their lines ([`find_blocks()`][symconv.frontend.find_blocks]) and the one-line report of a
failure naming the file and line ([`failure()`][symconv.frontend.failure]). The block's body is
data (bounded YAML), never code; its derivation comes from [`symconv.derive()`][symconv.derive],
the entry point every user has.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

from .errors import InputError, SymconvError
from .fence import FENCE_KEYS, MAX_FENCE_CHARS, SHOW, error_box, fence_id, parse_fence, render_block
from .frontend_markdown import display_math, markdown
from .render.html import FONT_MODES, notebook_style

__all__ = ["FENCE_KEYS", "SHOW", "MATH", "ASSETS", "ASSET_DIR", "MAX_FENCE_CHARS", "Block", "parse", "render",
           "convert_math", "describe", "failure", "error_box", "find_blocks", "fence_id", "stylesheet", "markdown", "display_math",
           "FONT_MODES", "notebook_style"]

#: How a block's math reaches the page: ``"mathml"`` (rendered at build time: no script, works
#: offline) or ``"tex"`` (``\\[…\\]`` in an element MathJax processes, for a site that loads it).
MATH = ("mathml", "tex")
#: The folder of the files a page with blocks needs.
ASSET_DIR = Path(__file__).parent / "assets"
#: The files a page with blocks needs: the stylesheet, the math font it names, and the script
#: of the self-check blocks (exercises, lint); a page without self-check blocks runs no script.
ASSETS = ("symconv.css", "latinmodern-math.woff2", "symconv-selfcheck.js")

_MATH_RE = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>\{?[\w-]*\}?)")
_DELIMITERS = (("\\[", "\\]"), ("\\(", "\\)"), ("$$", "$$"), ("$", "$"))


@dataclasses.dataclass(frozen=True)
class Block:
    """A block found on a Markdown page: its body and the line of its opening fence (1-based)."""

    line: int
    body: str


def parse(source: str) -> dict:
    """The block's keys as a dict, checked (YAML data only, known keys, well-formed values).

    Raises
    ------
    InputError
        Not YAML, anchors or duplicate keys, not a mapping, an unknown key, a bad value.

    Examples
    --------
    >>> parse("a: 1, 2\\nb: 3")["show"]
    ['prose', 'derivation', 'table', 'plot', 'check']
    """
    return parse_fence(source)


def render(source: str, *, math: str = "mathml", cache_dir: str | None = None, tally=None,
           seen: dict | None = None, report=None) -> str:
    """The HTML of one block, its math as MathML (``math="mathml"``) or as TeX for MathJax.

    Parameters
    ----------
    source : str
        The block's body (YAML: ``op``, ``a``, ``b``, ...; the keys of `FENCE_KEYS`).
    math : {"mathml", "tex"}
        ``"mathml"``: no script and no network needed (the page should load `ASSETS`' stylesheet,
        which names the math font). ``"tex"``: display math as ``\\[…\\]`` in a ``div`` of class
        ``math`` (Sphinx's MathJax set-up processes it) and ``arithmatex`` (MkDocs').
    cache_dir : str, optional
        A folder that keeps rendered blocks and figures across builds.
    tally : callable, optional
        Called with ``"drawn"``/``"cached"`` per figure and ``"fence"`` (with seconds) per block.
    seen : dict, optional
        The ids used so far on the page, so that every block's id is unique.
    report : callable, optional
        Called with the message of a formula that cannot be converted to MathML (an internal
        error); by default it raises.

    Raises
    ------
    SymconvError
        The block is not valid (an [`InputError`][symconv.InputError] naming the key) or too
        large to derive.

    Examples
    --------
    >>> page = render("a: 1, 2\\nb: 3\\nshow: [derivation]")
    >>> "<math" in page, "arithmatex" in page
    (True, False)
    >>> "\\\\[" in render("a: 1, 2\\nb: 3\\nshow: [derivation]", math="tex")
    True
    """
    if math not in MATH:
        raise InputError(f"math must be one of {', '.join(MATH)}, got {str(math)[:40]!r}")
    return convert_math(render_block(source, cache_dir, tally, seen), math, report)


def _raise(message: str) -> None:
    raise InputError(message)


def convert_math(page: str, math: str = "mathml", report=None) -> str:
    """The math of ``page`` (arithmatex's generic wrappers: ``<div class="arithmatex">\\[…\\]</div>``
    and inline ``<span>``) as MathML, or as TeX in elements MathJax processes (``math="tex"``).
    A formula MathML cannot take is passed to ``report`` and shown as an error box."""
    report = report or _raise
    from .render.mathml import to_mathml

    def convert(match: re.Match) -> str:
        tag, body = match.group(1), match.group(2)
        if math == "tex":
            return f'<{tag} class="arithmatex math notranslate nohighlight">{body}</{tag}>'
        body = html.unescape(body).strip()
        display = tag == "div"
        for left, right in _DELIMITERS:
            if body.startswith(left) and body.endswith(right):
                body = body[len(left):len(body) - len(right)]
                break
        try:
            mathml = to_mathml(body, display)
        except InputError as exc:
            report(str(exc))
            return error_box("symconv: LaTeX error", str(exc))
        if display:
            return f'<div class="symconv-math">{mathml}</div>'
        return f'<span class="symconv-math-inline">{mathml}</span>'

    return _MATH_RE.sub(convert, page)


def describe(exc: BaseException) -> str:
    """One line for an exception out of a block: the message of a
    [`SymconvError`][symconv.SymconvError], or an internal error naming the exception type
    (never an unbounded message).

    Examples
    --------
    >>> describe(InputError("unknown key 'x'"))
    "unknown key 'x'"
    """
    if isinstance(exc, SymconvError):
        return " ".join(str(exc).split())[:500]
    detail = " ".join(str(exc).split())[:200]
    return f"internal error, please report: {type(exc).__name__}" + (f": {detail}" if detail else "")


def failure(exc: BaseException, source: str = "", file: str | None = None, line: int | None = None) -> str:
    """The one line every platform reports for a block that failed: where it is (``file:line``,
    either part when known), how the block starts, and why.

    Examples
    --------
    >>> failure(InputError("the block needs 'b'"), "a: 1, 2", "notes/week1.md", 12)
    "notes/week1.md:12: symconv block starting 'a: 1, 2': the block needs 'b'"
    """
    lines = [text.strip() for text in str(source).strip().splitlines()]
    first = lines[0][:60] if lines else "(empty block)"
    where = ":".join(str(part) for part in (file, line) if part not in (None, ""))
    return f"{where + ': ' if where else ''}symconv block starting {first!r}: {describe(exc)}"


def find_blocks(markdown: str, names: tuple = ("symconv", "{symconv}")) -> list[Block]:
    """The ```` ```symconv ```` blocks of a Markdown page that are not inside another fenced
    block, with the line of each opening fence (1-based). ``names`` are the info strings that
    open a block (MyST's directive form ```` ```{symconv} ```` included by default).

    Examples
    --------
    >>> find_blocks("Text\\n\\n```symconv\\na: 1, 2\\nb: 3\\n```\\n")
    [Block(line=3, body='a: 1, 2\\nb: 3')]
    """
    lines = markdown.splitlines()
    blocks, i = [], 0
    while i < len(lines):
        match = _OPEN_RE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, lang = match.group("indent"), match.group("fence"), match.group("lang")
        close = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if lang in names:
            blocks.append(Block(i + 1, "\n".join(line[len(indent):] for line in lines[i + 1:j])))
        i = j + 1
    return blocks


def stylesheet(font_url: str = "latinmodern-math.woff2") -> str:
    """The blocks' stylesheet, its math font at ``font_url`` (for adapters that inline it).

    Examples
    --------
    >>> "font-family" in stylesheet()
    True
    """
    css = ASSET_DIR.joinpath("symconv.css").read_text(encoding="utf-8")
    return css.replace("latinmodern-math.woff2", font_url)
