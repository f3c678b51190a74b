"""The ``symconv`` command: ``main(argv) -> int`` with one error boundary."""

from __future__ import annotations

import argparse
import sys

from ._version import __version__
from .api import conv1d, conv2d, convolve, convolve2d, correlate, correlate2d, formula
from .errors import InputError, SymconvError
from .model import Sequence

__all__ = ["main", "main_entry"]

FORMATS = ("text", "latex", "markdown", "json")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, raised instead of printed."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        raise _UsageError(message)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", default="text", choices=FORMATS, help="output format (default text)")
    p.add_argument("--check", action="store_true", help="cross-check numerically and print the result")
    p.add_argument("--numbers", default="auto", choices=("auto", "fraction", "decimal"),
                   help="number display (default auto: decimals in, decimals out)")
    p.add_argument("--names", default=None, help="names of the two inputs and the output, e.g. x,h,y")
    p.add_argument("--wrap", type=int, default=None, metavar="K", help="wrap sums after K terms")
    p.add_argument("--elide", type=int, default=None, metavar="K",
                   help="show only K outputs at each end")
    p.add_argument("--zeros", action="store_true", help="show the zero products too")


def _int_pair(text: str):
    """``"2"`` -> 2, ``"2,1"`` -> (2, 1); ``same``/``valid`` pass through (padding)."""
    if text in ("same", "valid"):
        return text
    parts = [part.strip() for part in text.split(",")]
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an int or two ints 'a,b', got {text!r}") from None
    if len(numbers) not in (1, 2):
        raise argparse.ArgumentTypeError(f"expected an int or two ints 'a,b', got {text!r}")
    return numbers[0] if len(numbers) == 1 else tuple(numbers)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="symconv", description="Exact, checked, term-by-term worked examples of "
                     "discrete convolution and cross-correlation.")
    parser.add_argument("--version", action="version", version=f"symconv {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser,
                                metavar="{convolve,correlate,convolve2d,correlate2d,conv1d,conv2d}")
    for name, default_mode, help_ in (
        ("convolve", "full", "c[n] = sum_m a[m] b[n-m], as numpy.convolve"),
        ("correlate", "valid", "c[k] = sum_n a[n+k] conj(b[n]), as numpy.correlate"),
    ):
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("a", help='first sequence, e.g. "1, 0.5, 1, 1" or "[x, y, 1/2]"')
        p.add_argument("b", help="second sequence")
        p.add_argument("--mode", default=default_mode, choices=("full", "same", "valid"),
                       help=f"which outputs to keep (default {default_mode})")
        p.add_argument("--start-a", type=int, default=0, metavar="K", help="index of a's first sample")
        p.add_argument("--start-b", type=int, default=0, metavar="K", help="index of b's first sample")
        if name == "convolve":
            p.add_argument("--formula", action="store_true",
                           help='a and b are formulas in n, e.g. "(1/2)**n*u[n]" "u[n] - u[n-4]": '
                                "closed form for every n")
            p.add_argument("--param", action="append", default=[], metavar="NAME=SPEC",
                           help="assumption on a parameter, e.g. a=positive or 'a=0 < |a| < 1'")
        _common(p)
        p.set_defaults(run=_run_1d, func=convolve if name == "convolve" else correlate)
    for name, help_ in (("convolve2d", "2D convolution, as scipy.signal.convolve2d"),
                        ("correlate2d", "2D cross-correlation, as scipy.signal.correlate2d")):
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("in1", help='input, rows separated by ";": "1 2 0; 0 1 2; 2 0 1"')
        p.add_argument("in2", help='kernel, e.g. "1 0; 0 -1"')
        p.add_argument("--mode", default="full", choices=("full", "same", "valid"))
        p.add_argument("--boundary", default="fill", choices=("fill", "wrap", "symm"))
        p.add_argument("--fillvalue", default="0", help="value outside the input for --boundary fill")
        _common(p)
        p.set_defaults(run=_run_2d, func=convolve2d if name == "convolve2d" else correlate2d)
    for name, help_ in (("conv1d", "deep-learning 1D convolution, as torch.nn.functional.conv1d"),
                        ("conv2d", "deep-learning 2D convolution, as torch.nn.functional.conv2d")):
        p = sub.add_parser(name, help=help_, description=help_ + " (one channel; a cross-correlation)")
        p.add_argument("input", help='input: "1, 2, 3, 4" (conv1d) or "1 2 3; 4 5 6; 7 8 9" (conv2d)')
        p.add_argument("weight", help="kernel")
        p.add_argument("--stride", type=_int_pair, default=1, metavar="S", help="int or 'sh,sw'")
        p.add_argument("--padding", type=_int_pair, default=0, metavar="P", help="int, 'ph,pw', same or valid")
        p.add_argument("--dilation", type=_int_pair, default=1, metavar="D", help="int or 'dh,dw'")
        _common(p)
        p.set_defaults(run=_run_dl, func=conv1d if name == "conv1d" else conv2d)
    return parser


def _render(derivation, args) -> str:
    if args.format == "json":
        return derivation.to_json(check=args.check)
    settings = dict(numbers=args.numbers, check=args.check, wrap=args.wrap, elide=args.elide,
                    zeros=args.zeros)
    if args.format == "latex":
        return derivation.latex(**settings)
    if args.format == "markdown":
        return derivation.markdown(**settings)
    return derivation.text(**settings)


def _run_formula(args) -> str:
    params = {}
    for item in args.param:
        key, sep, spec = item.partition("=")
        if not sep or not key.strip():
            raise _UsageError(f"--param takes NAME=SPEC, got {item!r}")
        params[key.strip()] = spec.strip()
    given = [part.strip() for part in args.names.split(",")] if args.names else ["x", "h", "y"]
    used = set()

    def make(text, name):
        own = {k: v for k, v in params.items() if k in text}
        used.update(own)
        try:
            return formula(text, params=own, name=name)
        except InputError as exc:
            if "not in the formula" in str(exc):
                return formula(text, name=name)
            raise

    x = make(args.a, given[0] if given and given[0] else "x")
    h = make(args.b, given[1] if len(given) > 1 and given[1] else "h")
    unknown = sorted(set(params) - used)
    if unknown:
        raise _UsageError(f"--param names {unknown[0]!r}, which is in neither formula")
    if args.mode != "full":
        raise _UsageError("--formula takes --mode full (the result holds for every n)")
    derivation = convolve(x, h, names=args.names)
    if args.format == "json":
        return derivation.to_json(check=args.check)
    settings = dict(check=args.check)
    return {"latex": derivation.latex, "markdown": derivation.markdown}.get(args.format, derivation.text)(**settings)


def _run_1d(args) -> str:
    if getattr(args, "formula", False):
        return _run_formula(args)
    names = args.names
    given = [part.strip() for part in names.split(",")] if names else []
    a = Sequence(args.a, args.start_a, given[0] if len(given) > 0 and given[0] else "a")
    b = Sequence(args.b, args.start_b, given[1] if len(given) > 1 and given[1] else "b")
    return _render(args.func(a, b, args.mode, names=names), args)


def _run_2d(args) -> str:
    return _render(args.func(args.in1, args.in2, args.mode, args.boundary, args.fillvalue,
                             names=args.names), args)


def _run_dl(args) -> str:
    return _render(args.func(args.input, args.weight, args.stride, args.padding, args.dilation,
                             names=args.names), args)


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
            raise _UsageError("choose a command: convolve, correlate, convolve2d, correlate2d, "
                              "conv1d or conv2d (see symconv --help)")
        output = args.run(args)
    except (_UsageError, SymconvError) as exc:
        message = " ".join(str(exc).split())
        print(f"symconv: error: {message}", file=sys.stderr)
        return 2
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0


def main_entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
