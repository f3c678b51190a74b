"""The ``symconv`` command: ``main(argv) -> int`` with one error boundary."""

from __future__ import annotations

import argparse
import sys

from ._version import __version__
from .api import convolve, correlate
from .errors import SymconvError
from .model import Sequence

__all__ = ["main", "main_entry"]

FORMATS = ("text", "latex", "markdown", "json")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, raised instead of printed."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        raise _UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="symconv", description="Exact, checked, term-by-term worked examples of "
                     "discrete convolution and cross-correlation.")
    parser.add_argument("--version", action="version", version=f"symconv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="{convolve,correlate}", parser_class=_Parser)
    for name, default_mode, help_ in (
        ("convolve", "full", "c[n] = sum_m a[m] b[n-m], as numpy.convolve"),
        ("correlate", "valid", "c[k] = sum_n a[n+k] conj(b[n]), as numpy.correlate"),
    ):
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("a", help='first sequence, e.g. "1, 0.5, 1, 1" or "[x, y, 1/2]"')
        p.add_argument("b", help="second sequence")
        p.add_argument("--mode", default=default_mode, choices=("full", "same", "valid"),
                       help=f"which outputs to keep (default {default_mode})")
        p.add_argument("--format", default="text", choices=FORMATS, help="output format (default text)")
        p.add_argument("--check", action="store_true", help="cross-check with NumPy and print the result")
        p.add_argument("--numbers", default="auto", choices=("auto", "fraction", "decimal"),
                       help="number display (default auto: decimals in, decimals out)")
        p.add_argument("--names", default=None, help="names of the operands and output, e.g. x,h,y")
        p.add_argument("--start-a", type=int, default=0, metavar="K", help="index of a's first sample")
        p.add_argument("--start-b", type=int, default=0, metavar="K", help="index of b's first sample")
        p.add_argument("--wrap", type=int, default=None, metavar="K", help="wrap sums after K terms")
        p.add_argument("--elide", type=int, default=None, metavar="K",
                       help="show only K outputs at each end")
        p.add_argument("--zeros", action="store_true", help="show the zero products of the whole window")
        p.set_defaults(func=convolve if name == "convolve" else correlate)
    return parser


def _run(args) -> str:
    names = args.names
    given = [part.strip() for part in names.split(",")] if names else []
    a = Sequence(args.a, args.start_a, given[0] if len(given) > 0 and given[0] else "a")
    b = Sequence(args.b, args.start_b, given[1] if len(given) > 1 and given[1] else "b")
    derivation = args.func(a, b, args.mode, names=names)
    if args.format == "json":
        return derivation.to_json(check=args.check)
    settings = dict(numbers=args.numbers, check=args.check, wrap=args.wrap, elide=args.elide,
                    zeros=args.zeros)
    if args.format == "latex":
        return derivation.latex(**settings)
    if args.format == "markdown":
        return derivation.markdown(**settings)
    return derivation.text(**settings)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input or usage).

    Examples
    --------
    >>> main(["convolve", "1, 2", "3", "--format", "text"])
    c[n]  = Σ_m a[m]·b[n-m]
    b[-m] = (b[0]) = (3)  for m = 0
    c[0]  = a[0]·b[0] = 1·3 = 3
    c[1]  = a[1]·b[0] = 2·3 = 6
    c     = numpy.convolve(a, b, mode='full')
    0
    """
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise _UsageError("choose a command: convolve or correlate (see symconv --help)")
        output = _run(args)
    except (_UsageError, SymconvError) as exc:
        message = " ".join(str(exc).split())
        print(f"symconv: error: {message}", file=sys.stderr)
        return 2
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0


def main_entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
