"""The ``symconv`` subcommands that serve other tools' builds: ``symconv block`` renders one
```` ```symconv ```` block's body (from a file or stdin) through the front-end core
(`symconv.frontend`), for the Pandoc/Quarto filter and any other program that pipes a block in."""

from __future__ import annotations

import sys

from .errors import InputError

__all__ = ["add_commands", "run", "COMMANDS"]

#: The subcommands this module adds.
COMMANDS = ("block",)


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


def run(args) -> tuple:
    """The output and exit status of one of this module's subcommands."""
    from . import frontend

    source = _read(args.file)
    try:
        return frontend.render(source, math=args.math), 0
    except Exception as exc:  # noqa: BLE001 - one line naming where, for every failure
        where = (args.where or "")[:300]
        file, _, line = where.rpartition(":") if where.rpartition(":")[2].isdigit() else (where, "", "")
        raise InputError(frontend.failure(exc, source, file or None, int(line) if line else None)) from None
