"""The ``symconv`` command: ``main(argv) -> int`` with one error boundary.

Every subcommand is an operation of [`symconv.dispatch.derive()`][symconv.derive]; its flags are generated from
the declarations (`PARAMETERS`, `OPTIONS`). A flag
the user does not give is not passed on, so an option that does not apply to the operation is
refused only when given (``--wrap`` with ``--formula``).
"""

from __future__ import annotations

import argparse
import sys
import warnings

from ._version import __version__
from .cli_platforms import COMMANDS as PLATFORM_COMMANDS, add_commands, run as run_platform
from .dispatch import OPERATIONS, PARAMETERS, derive
from .errors import SymconvError
from .steps import OPTIONS

__all__ = ["main", "main_entry", "FORMATS"]

FORMATS = ("text", "latex", "markdown", "typst", "json")
_HELP = {
    "convolve": "c[n] = Σ_m a[m]·b[n-m], as numpy.convolve (or formulas, with --formula)",
    "correlate": "c[k] = Σ_m a[m+k]·conj(b[m]), as numpy.correlate",
    "convolve2d": "2D convolution, as scipy.signal.convolve2d",
    "correlate2d": "2D cross-correlation, as scipy.signal.correlate2d",
    "conv1d": "deep-learning 1D convolution (a cross-correlation), as torch.nn.functional.conv1d",
    "conv2d": "deep-learning 2D convolution (a cross-correlation), as torch.nn.functional.conv2d",
    "conv_transpose1d": "transposed 1D convolution three ways (zero insertion, scatter, matrix), as "
                        "torch.nn.functional.conv_transpose1d",
    "conv_transpose2d": "transposed 2D convolution three ways, as torch.nn.functional.conv_transpose2d",
    "circular": "n-point circular convolution c[k] = Σ_m a[m]·b[(k-m) mod n] (--n; sum, wrap or DFT view), as "
                "sympy.discrete.convolution(a, b, cycle=n)",
}


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line, raised instead of printed."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        raise _UsageError(message)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text[:40]!r}") from None


def _int_pair(text: str):
    """``"2"`` -> 2, ``"2,1"`` -> (2, 1); ``same``/``valid``/``same_lower`` pass through (padding);
    ``"1:2"`` -> [(1, 2)] and ``"1:2,0:3"`` -> [(1, 2), (0, 3)]: (low, high) pairs for JAX."""
    if text.lower() in ("same", "valid", "same_lower"):
        return text
    parts = [part.strip() for part in text.split(",")]
    if ":" in text:
        if len(parts) not in (1, 2) or not all(part.count(":") == 1 for part in parts):
            raise argparse.ArgumentTypeError(f"expected low:high pairs such as '1:2' or '1:2,0:1', got {text[:40]!r}")
        return [tuple(_int(v) for v in part.split(":")) for part in parts]
    if len(parts) not in (1, 2):
        raise argparse.ArgumentTypeError(f"expected an int or two ints 'a,b', got {text[:40]!r}")
    numbers = [_int(part) for part in parts]
    return numbers[0] if len(numbers) == 1 else tuple(numbers)


def _param(text: str) -> tuple:
    key, sep, spec = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"--param takes NAME=SPEC, got {text[:40]!r}")
    return key.strip(), spec.strip()


_ACCEPTS = {"mode": dict(choices=("full", "same", "valid")), "int": dict(type=_int, metavar="K"),
            "boundary": dict(choices=("fill", "wrap", "symm")), "number": dict(metavar="VALUE"),
            "pair": dict(type=_int_pair, metavar="N[,N]"), "padding": dict(type=_int_pair, metavar="P"),
            "bool": dict(action="store_true"), "values": dict(metavar="VALUES"),
            "padding_mode": dict(choices=("zeros", "reflect", "replicate", "circular")),
            "framework": dict(choices=("torch", "tensorflow", "jax")),
            "method": dict(choices=("direct", "overlap-add", "overlap-save")),
            "mapping": dict(type=_param, action="append", metavar="NAME=SPEC", dest="params")}


def _add_flags(p: argparse.ArgumentParser, op: str) -> None:
    for parameter in PARAMETERS:
        if op in parameter.ops:
            flag = "--param" if parameter.name == "params" else "--" + parameter.name.replace("_", "-")
            p.add_argument(flag, help=parameter.help, default=argparse.SUPPRESS, **_ACCEPTS[parameter.accepts])
    p.add_argument("--format", default="text", choices=FORMATS, help="output format (default text)")
    for option in OPTIONS:
        flag = "--" + option.name
        if option.name == "names":
            p.add_argument(flag, help=option.help, metavar=option.metavar, default=argparse.SUPPRESS)
        elif option.is_flag and option.default:
            p.add_argument("--no-" + option.name, dest=option.name, action="store_false",
                           default=argparse.SUPPRESS, help=f"leave out: {option.help}")
        elif option.is_flag:
            p.add_argument(flag, action="store_true", default=argparse.SUPPRESS, help=option.help)
        elif option.choices:
            p.add_argument(flag, choices=option.choices, default=argparse.SUPPRESS, help=option.help)
        elif option.name == "numbers":
            p.add_argument(flag, choices=("auto", "fraction", "decimal"), default=argparse.SUPPRESS,
                           help=option.help)
        else:
            p.add_argument(flag, type=_int, metavar=option.metavar, default=argparse.SUPPRESS, help=option.help)


_COMMANDS = (*OPERATIONS, "grade", "lint", "exercise", *PLATFORM_COMMANDS)


def _add_grade(sub) -> None:
    description = ("grade an answer: exit 0 when it is right, 1 when it is not (with the mistake named and "
                   "the line of the worked solution to look at), 2 for bad input")
    p = sub.add_parser("grade", help=description, description=description)
    p.add_argument("--a", required=True, help="the first input, as for the operation")
    p.add_argument("--b", required=True, help="the second input (the kernel)")
    p.add_argument("--answer", required=True, help='the answer to grade, e.g. "1, 1, 1.5, 1.625, 0.75, 0.25"')
    # grade refuses the others
    graded = tuple(o for o in OPERATIONS if not o.startswith("conv_transpose") and o != "circular")
    p.add_argument("--op", default="convolve", choices=graded, help="the operation (default convolve)")
    p.add_argument("--start", type=_int, default=None, metavar="K",
                   help="the index the answer gives its first sample (1D; default: not graded)")
    p.add_argument("--digits", type=_int, default=3, metavar="D",
                   help="decimals a rounded decimal answer must give (default 3)")
    for parameter in PARAMETERS:
        if parameter.name not in ("formula", "params"):
            flag = "--" + parameter.name.replace("_", "-")
            p.add_argument(flag, help=parameter.help, default=argparse.SUPPRESS, **_ACCEPTS[parameter.accepts])
    p.add_argument("--format", default="text", choices=("text", "json"), help="output format (default text)")


def _add_lint(sub) -> None:
    description = ("check a written derivation line by line: one line per finding, FILE:LINE: kind: message; "
                   "exit 0 when there is none, 1 when there are, 2 for bad input")
    p = sub.add_parser("lint", help=description, description=description)
    p.add_argument("file", metavar="FILE", help="the derivation (text, Markdown or LaTeX); - for standard input")
    p.add_argument("--a", required=True, help="the first input")
    p.add_argument("--b", required=True, help="the second input (the kernel)")
    p.add_argument("--op", default="convolve", choices=("convolve", "correlate"), help="default convolve")
    for parameter in PARAMETERS:
        if parameter.name in ("mode", "start_a", "start_b"):
            flag = "--" + parameter.name.replace("_", "-")
            p.add_argument(flag, help=parameter.help, default=argparse.SUPPRESS, **_ACCEPTS[parameter.accepts])
    p.add_argument("--names", default=argparse.SUPPRESS, metavar="A,B,C",
                   help="the names the derivation uses (default: read from it)")


def _read_file(path: str) -> str:
    """The file's text, bounded before it is read (a derivation is at most a few hundred KB)."""
    from .errors import InputError
    from .grading.reading import MAX_TEXT_CHARS

    limit = 4 * MAX_TEXT_CHARS + 4
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit) if sys.stdin is not None else b""
        else:
            with open(path, "rb") as handle:
                data = handle.read(limit)
    except OSError as exc:
        raise InputError(f"cannot read {path[:200]!r}: {exc.strerror or type(exc).__name__}") from None
    if len(data) >= limit:
        raise InputError(f"{path[:200]!r} is larger than lint reads ({MAX_TEXT_CHARS:,} characters)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path[:200]!r} is not UTF-8 text (byte {exc.start})") from None


def _run_lint(args) -> tuple:
    from .grading import lint

    given = vars(args)
    parameters = {p.name: given[p.name] for p in PARAMETERS if p.name in given}
    findings = lint(_read_file(args.file), args.a, args.b, op=args.op, names=given.get("names"), **parameters)
    shown = "<stdin>" if args.file == "-" else args.file
    return "\n".join(f"{shown}:{f.line}: {f.kind}: {f.message}" for f in findings), 1 if findings else 0


def _add_exercise(sub) -> None:
    description = "exercises drawn from a seed, with their worked solutions, as Markdown, JSON or a PrairieLearn question"
    p = sub.add_parser("exercise", help=description, description=description)
    p.add_argument("--seed", type=_int, required=True, metavar="N", help="the first seed")
    p.add_argument("--count", type=_int, default=1, metavar="K", help="how many exercises (seeds N to N+K-1; default 1)")
    p.add_argument("--op", default="convolve", choices=("convolve", "correlate"), help="default convolve")
    p.add_argument("--difficulty", default="easy", choices=("easy", "medium", "hard"), help="default easy")
    p.add_argument("--format", default="markdown", choices=("markdown", "json", "prairielearn"),
                   help="markdown (default), json, or prairielearn (a question folder, with -o)")
    p.add_argument("-o", "--output", metavar="DIR", help="with prairielearn: the question folder to write")


def _run_exercise(args) -> tuple:
    from .errors import InputError
    from .grading import exercise

    if not 1 <= args.count <= 200:
        raise InputError(f"--count must be from 1 to 200, got {args.count}")
    if args.seed >= 0 and args.seed + args.count - 1 >= 2**63:
        raise InputError(f"seeds {args.seed} to {args.seed + args.count - 1} go past 2**63 - 1; start from a smaller seed")
    first = exercise(args.op, seed=args.seed, difficulty=args.difficulty)
    if args.format == "prairielearn":
        if not args.output:
            raise InputError("--format prairielearn writes a folder: give it with -o DIR")
        folder = first.to_prairielearn(args.output, variants=args.count)
        return f"wrote {folder} ({args.count} variant{'s' if args.count != 1 else ''})", 0
    if args.output:
        raise InputError("-o applies to --format prairielearn")
    items = [first] + [exercise(args.op, seed=args.seed + k, difficulty=args.difficulty) for k in range(1, args.count)]
    if args.format == "json":
        import json

        return json.dumps([ex.to_dict() for ex in items], indent=2, ensure_ascii=False), 0
    parts = []
    for ex in items:
        solution = ex.solution
        parts.append(f"## Exercise {ex.seed}\n\n{ex.prompt_markdown()}\n\n### Solution\n\n{solution.markdown()}\n")
    return "\n".join(parts), 0


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="symconv", description="Exact, checked, term-by-term worked examples of "
                     "discrete convolution and cross-correlation.")
    parser.add_argument("--version", action="version", version=f"symconv {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="{" + ",".join(_COMMANDS) + "}")
    for op in OPERATIONS:
        p = sub.add_parser(op, help=_HELP[op], description=_HELP[op])
        p.add_argument("a", help='first input, e.g. "1, 0.5, 1, 1", "1 2; 3 4" or a formula "(1/2)**n*u[n]"')
        p.add_argument("b", help="second input (the kernel)")
        _add_flags(p, op)
        p.add_argument("--animate", metavar="FILE", default=argparse.SUPPRESS,
                       help="also write an animation, one frame per output: FILE.svg (plays with no script), "
                            "FILE.gif (for slides) or FILE.png (every frame, for print); needs Pillow for .gif/.png")
    _add_grade(sub)
    _add_lint(sub)
    _add_exercise(sub)
    add_commands(sub)
    return parser


def _run_grade(args) -> tuple:
    import json

    from .grading import grade

    given = vars(args)
    parameters = {p.name: given[p.name] for p in PARAMETERS if p.name in given}
    g = grade(args.answer, args.a, args.b, op=args.op, start=args.start, digits=args.digits, **parameters)
    if args.format == "json":
        return json.dumps(g.to_dict(), ensure_ascii=False), 0 if g.correct else 1
    return f"{g.diagnosis} (score {g.score:.2f}): {g.feedback}", 0 if g.correct else 1


def _run(args) -> tuple:
    """The output and the exit status."""
    if args.command == "grade":
        return _run_grade(args)
    if args.command == "lint":
        return _run_lint(args)
    if args.command == "exercise":
        return _run_exercise(args)
    if args.command in PLATFORM_COMMANDS:
        return run_platform(args)
    given = vars(args)
    parameters = {p.name: given[p.name] for p in PARAMETERS if p.name in given}
    if "params" in parameters:
        parameters["params"] = dict(parameters["params"])
    options = {o.name: given[o.name] for o in OPTIONS if o.name in given and o.name != "names"}
    animate = _animation_format(given["animate"], given.get("formula")) if "animate" in given else None
    derivation = derive(args.command, args.a, args.b, names=given.get("names"), **parameters)
    if animate:
        _write_animation(derivation, given["animate"], animate, options)
    if args.format == "json":
        return derivation.to_json(**options), 0
    render = {"text": derivation.text, "latex": derivation.latex, "markdown": derivation.markdown,
              "typst": derivation.typst}[args.format]
    return render(**options), 0


_ANIMATIONS = {".svg": "svg", ".gif": "gif", ".png": "storyboard-png"}


def _animation_format(path: str, formula: bool = False) -> str:
    """The animation format a file name asks for, by its extension (checked before any work)."""
    from .errors import InputError

    if formula:
        raise InputError("--animate needs finite sequences; a formula's closed form has no frames")
    suffix = "." + path.rpartition(".")[2].lower() if "." in path.rpartition("/")[2] else ""
    if suffix not in _ANIMATIONS:
        raise InputError(f"--animate writes .svg, .gif or .png files, got {path[:200]!r}")
    return _ANIMATIONS[suffix]


def _write_animation(derivation, path: str, format: str, options: dict) -> None:
    """Write the derivation's animation to ``path``."""
    from .errors import InputError

    if not hasattr(derivation, "animation"):
        what = getattr(derivation, "kind", "this operation")
        raise InputError(f"--animate draws convolutions and correlations term by term; {what} has no frames")
    shown = {k: options[k] for k in ("numbers", "digits") if k in options}
    transposed = getattr(derivation, "kind", "").startswith("conv_transpose")
    if transposed and options.get("view", "all") != "all":  # the view to animate (a 1D view is printed, the
        shown["view"] = options["view"]                     # animation slides the sum)
    data = derivation.animation(format, **shown)
    data = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise InputError(f"cannot write {path[:200]!r}: {exc.strerror or type(exc).__name__}") from None


def _write(text: str) -> None:
    """Write ``text`` to stdout; where stdout cannot encode it, as ASCII with escapes; with no
    stdout at all (``>&-``), nowhere."""
    if sys.stdout is None:
        return
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.encode("ascii", "backslashreplace").decode("ascii")
    sys.stdout.write(text)
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 a graded answer that is wrong or a
    linted derivation with findings, 2 bad input or usage).

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
            raise _UsageError(f"choose a command: {', '.join(_COMMANDS)} (see symconv --help)")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            output, status = _run(args)
        for warning in caught:  # one line each, like the errors
            _error(" ".join(str(warning.message).split())[:300], "warning")
    except (_UsageError, SymconvError) as exc:
        message = " ".join(str(exc).split())[:1000]
        _error(message)
        return 2
    try:
        if output:
            _write(output if output.endswith("\n") else output + "\n")
    except BrokenPipeError:  # `symconv ... | head`: the reader left, which is not an error
        _silence_stdout()
    except OSError as exc:  # a full disk, a closed descriptor
        _silence_stdout()
        _error(f"cannot write the output: {exc.strerror or type(exc).__name__}")
        return 2
    return status


def _error(message: str, kind: str = "error") -> None:
    text = f"symconv: {kind}: {message}\n"
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(text)
    except UnicodeEncodeError:
        sys.stderr.write(text.encode("ascii", "backslashreplace").decode("ascii"))
    except OSError:
        pass


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush is quiet."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main_entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
