"""The ``symconv`` subcommands that serve other tools' builds: ``symconv block`` renders one
```` ```symconv ```` block's body (from a file or stdin) through the front-end core
(`symconv.frontend`), for the Pandoc/Quarto filter and any other program that pipes a block in
(``--batch``: a document's blocks in one run; ``--format markdown``: the print form, from
`symconv.frontend_markdown`); ``symconv quarto install`` copies the Quarto extension (the Lua
filter in ``symconv/quarto/_extensions/symconv/`` and the assets) into a project."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from .errors import InputError

__all__ = ["add_commands", "run", "COMMANDS"]

#: The subcommands this module adds.
COMMANDS = ("block", "quarto", "myst")


def add_commands(sub) -> None:
    """Add this module's subcommands to the ``symconv`` parser's subparsers."""
    from .frontend import MATH

    description = ("render one symconv block's body (YAML: op, a, b, show, ...; the keys of the fence) as "
                   "HTML, from FILE or stdin; what the Pandoc/Quarto filter calls")
    p = sub.add_parser("block", help=description, description=description)
    p.add_argument("file", nargs="?", default="-", help="the block's body; - or none for stdin")
    p.add_argument("--math", choices=MATH, default="mathml",
                   help="mathml (default: rendered now, works offline) or tex (\\[…\\] for a page with MathJax)")
    p.add_argument("--where", default=None, metavar="FILE:LINE",
                   help="where the block is, named in an error message (e.g. notes/week1.qmd:12)")
    p.add_argument("--format", choices=("html", "markdown"), default="html",
                   help="html (default) or markdown: prose, the derivation as $$ math and the check, for "
                        "the formats HTML does not reach (LaTeX/PDF, Word, ...); --math applies to html")
    p.add_argument("--batch", action="store_true",
                   help="many blocks in one run (what the Pandoc/Quarto filter sends): each block on the input "
                        "as a line with its FILE:LINE, a line with its size in UTF-8 bytes, then the body; each "
                        "output likewise as its size and its text; ids are unique across the blocks")
    _add_quarto(sub)
    _add_myst(sub)


def _add_myst(sub) -> None:
    _add_install(sub, "myst", "install the symconv MyST-MD (Jupyter Book 2) plugin into DIR: the executable that "
                 "myst.yml lists under project.plugins, and the stylesheet (math font inside) for site.options.style",
                 "the MyST project")


def _add_install(sub, name: str, description: str, project: str):
    """``symconv NAME install [DIR]``: the subcommand, and its ``install`` parser (returned)."""
    p = sub.add_parser(name, help=description, description=description)
    action = p.add_subparsers(dest="action", metavar="{install}", required=True, parser_class=type(p))
    q = action.add_parser("install", help=description, description=description)
    q.add_argument("dir", nargs="?", default=".", help=f"{project} (default: the current folder)")
    return q


def _install_myst(directory: str) -> str:
    from .myst import STYLESHEET, install

    path = install(directory)
    return (f"wrote {path} and {path.parent / STYLESHEET}; in myst.yml: project: plugins: [{{type: executable, "
            f"path: {path.name}}}] and site: options: style: {STYLESHEET}")


def _read(path: str) -> str:
    """The block's body, read no further than the limit plus one character (bounded before any work)."""
    from .frontend import MAX_FENCE_CHARS

    try:
        if path == "-":
            text = sys.stdin.read(MAX_FENCE_CHARS + 1) if sys.stdin is not None else ""
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read(MAX_FENCE_CHARS + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path[:200]!r}: {exc.strerror or type(exc).__name__}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path[:200]!r} is not UTF-8 text") from None
    return text


#: At most this many blocks in one ``--batch`` run, this long a FILE:LINE, and this many bytes of
#: bodies in all (each body is also held to the block's limit as it is read, so a batch of large
#: records is refused before any is kept).
_MAX_BATCH, _MAX_WHERE, _MAX_BATCH_BYTES = 5000, 1000, 16 << 20


def _read_batch(path: str) -> list:
    """The (FILE:LINE, body) records of a ``--batch`` input, each bounded before it is read."""
    from .frontend import MAX_FENCE_CHARS

    records, total = [], 0
    try:
        if path == "-" and sys.stdin is None:
            return records
        with (contextlib.nullcontext(sys.stdin.buffer) if path == "-" else open(path, "rb")) as stream:
            while True:
                where = stream.readline(_MAX_WHERE + 2)
                if not where:
                    return records
                size = stream.readline(20).strip()
                if len(where) > _MAX_WHERE + 1 or not size.isdigit() or len(records) >= _MAX_BATCH:
                    raise InputError(f"--batch input is not records of FILE:LINE, a size in bytes and the body "
                                     f"(at most {_MAX_BATCH} blocks), at record {len(records) + 1}")
                where = _printable(where.decode("utf-8", "replace").strip())
                if int(size) > 4 * MAX_FENCE_CHARS + 4:
                    raise InputError(f"{where[:300] + ': ' if where else ''}the block is longer than "
                                     f"{MAX_FENCE_CHARS} characters")
                total += int(size)
                if total > _MAX_BATCH_BYTES:
                    raise InputError(f"{where[:300] + ': ' if where else ''}the --batch input's blocks hold more "
                                     f"than {_MAX_BATCH_BYTES} bytes in all")
                body = stream.read(int(size))
                if len(body) != int(size):
                    raise InputError(f"--batch input ends inside record {len(records) + 1}")
                body = body.decode("utf-8")
                if len(body) > MAX_FENCE_CHARS:
                    raise InputError(f"{where[:300] + ': ' if where else ''}the block is longer than "
                                     f"{MAX_FENCE_CHARS} characters")
                records.append((where, body))
    except OSError as exc:
        raise InputError(f"cannot read {path[:200]!r}: {exc.strerror or type(exc).__name__}") from None
    except UnicodeDecodeError:
        raise InputError(f"record {len(records) + 1} of the --batch input is not UTF-8 text") from None


def run(args) -> tuple:
    """The output and exit status of one of this module's subcommands."""
    if args.command == "quarto":
        return _install_quarto(args.dir, force=args.force), 0
    if args.command == "myst":
        return _install_myst(args.dir), 0
    if args.batch:
        seen: dict = {}
        outputs = [_render(body, where, args, seen) for where, body in _read_batch(args.file)]
        return _utf8_out("".join(f"{len(text.encode('utf-8'))}\n{text}" for text in outputs)), 0
    return _render(_read(args.file), args.where, args, None), 0


def _printable(text: str) -> str:
    """``text`` with each character that is not printable (a newline, a terminal's escape) as ``?``:
    a FILE:LINE is shown in error messages."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _utf8_out(text: str) -> str:
    """``--batch`` output counts UTF-8 bytes: where stdout would write another encoding (a Windows
    code page, ``PYTHONIOENCODING=ascii``), the bytes are written here and nothing is returned."""
    import codecs

    stream = getattr(sys.stdout, "buffer", None)
    try:
        utf8 = codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        utf8 = False
    if utf8 or stream is None:
        return text
    try:
        stream.write(text.encode("utf-8"))
        stream.flush()
    except OSError as exc:
        raise InputError(f"cannot write the output: {exc.strerror or type(exc).__name__}") from None
    return ""


def _render(source: str, where: str | None, args, seen: dict | None) -> str:
    """One block as HTML or Markdown; any failure as the one line naming ``where`` (FILE:LINE)."""
    from . import frontend

    try:
        if args.format == "markdown":
            from .frontend import markdown

            text = markdown(source)
        else:
            text = frontend.render(source, math=args.math, seen=seen)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a "\ud800" escape in the YAML: not text any output can hold
            raise InputError(f"the block holds a lone surrogate (U+{ord(exc.object[exc.start]):04X}), which "
                             f"is not Unicode text") from None
        return text
    except Exception as exc:  # noqa: BLE001 - one line naming where, for every failure
        where = _printable(where or "")
        file, _, line = where.rpartition(":")
        file, line = (file[:300], line) if line.isascii() and line.isdigit() and len(line) < 13 else (where[:300], "")
        raise InputError(frontend.failure(exc, source, file or None, int(line) if line else None)) from None


#: The Quarto extension as shipped (a Pandoc Lua filter and its ``_extension.yml``), without the
#: assets, which `_install_quarto` copies from `symconv.frontend.ASSET_DIR` beside it.
QUARTO_EXTENSION = Path(__file__).parent / "quarto" / "_extensions" / "symconv"
_FONT_LICENSE = "LICENSE-latinmodern-math.txt"


def _add_quarto(sub) -> None:
    q = _add_install(sub, "quarto", "install the symconv Quarto extension (a Pandoc Lua filter for ```symconv "
                     "blocks, with the stylesheet, the math font and the self-check script) into "
                     "DIR/_extensions/symconv", "the Quarto project")
    q.add_argument("--force", action="store_true", help="replace a different copy of the extension already there")


def _extension_files() -> dict:
    """Each file of the installed extension (its path inside ``_extensions/symconv``) and its bytes."""
    from .frontend import ASSET_DIR, ASSETS

    files = {path.name: path.read_bytes() for path in sorted(QUARTO_EXTENSION.iterdir()) if path.is_file()}
    for name in (*ASSETS, _FONT_LICENSE):
        files[f"assets/{name}"] = (ASSET_DIR / name).read_bytes()
    return files


def _differs(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds other bytes than ``data``: its size first, and a FIFO, a
    device or a folder is never read (it could block or be endless)."""
    import stat

    mode = path.stat()
    if not stat.S_ISREG(mode.st_mode):
        raise InputError(f"{str(path)[:200]!r} is not a regular file; move it away first")
    return mode.st_size != len(data) or path.read_bytes() != data


def _refuse_links(project: Path, relative: Path) -> None:
    """Refuse to write ``project/relative`` through a symbolic link (below the project's folder):
    a link planted there (or a dangling one) would have the copy overwrite or create a file
    elsewhere, such as a shell's start-up file."""
    path = project
    for part in relative.parts:
        path = path / part
        if path.is_symlink():
            raise InputError(f"{str(path)[:200]!r} is a symbolic link; symconv writes only real files into the "
                             f"project (remove the link first)")


def _install_quarto(directory: str, force: bool = False) -> str:
    """Copy the extension into ``directory/_extensions/symconv``; refuse to overwrite a copy that
    differs unless ``force``. Returns what was done, one line."""
    target = Path(directory) / "_extensions" / "symconv"
    files = _extension_files()
    try:
        if not Path(directory).is_dir():
            raise InputError(f"{directory[:200]!r} is not a folder (give the Quarto project's folder)")
        differ = [name for name in files if (target / name).exists() and _differs(target / name, files[name])]
        missing = [name for name in files if not (target / name).exists()]
        if not differ and not missing:
            return f"{target} is up to date ({len(files)} files); nothing copied"
        if differ and not force:
            raise InputError(f"{target} holds a different copy of the extension ({differ[0]} differs); pass --force "
                             f"to replace it")
        for name in differ + missing:
            _refuse_links(Path(directory), Path("_extensions", "symconv", name))
        for name in differ + missing:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(files[name])
    except OSError as exc:
        raise InputError(f"cannot install into {str(target)[:200]!r}: {exc.strerror or type(exc).__name__}") from None
    verb = "replaced" if differ else "installed"
    return (f"{verb} the symconv Quarto extension in {target} ({len(differ) + len(missing)} of {len(files)} files "
            f"written); add 'filters: [symconv]' to _quarto.yml or the document's front matter")
