"""Every option of a derivation, declared once: default, accepted values, the operations it
applies to, and its help text. The [`Derivation`][symconv.Derivation] methods, the CLI flags and the
fence keys are built from (or tested against) `OPTIONS`; an unknown option, a bad value or
an option that does not apply to the operation is an [`InputError`][symconv.InputError].
"""

from __future__ import annotations

from dataclasses import dataclass, fields, make_dataclass, field

from ..errors import InputError, brief
from ..model import check_names

__all__ = ["Option", "OPTIONS", "Options", "KINDS", "FINITE", "VIEWS", "options_for"]

#: Every operation a derivation can be of.
KINDS = ("convolve", "correlate", "convolve2d", "correlate2d", "conv1d", "conv2d", "conv_transpose1d",
         "conv_transpose2d", "circular", "closed")
#: The operations with finite inputs (every output written term by term).
FINITE = KINDS[:-1]
_ZEROS = ("convolve", "correlate", "convolve2d", "correlate2d")
_TRANSPOSED = ("conv_transpose1d", "conv_transpose2d")
#: The views each operation is derived in (``view``), its default first; the operations not
#: listed have one way. Each operation's views are checked on their own (`options_for`), so a
#: view name may mean different things for different operations (``matrix``).
VIEWS = {
    "convolve": ("sum", "table", "polynomial", "matrix"),
    "correlate": ("sum", "table", "polynomial", "matrix"),
    "conv_transpose1d": ("all", "zero-insertion", "scatter", "matrix"),
    "conv_transpose2d": ("all", "zero-insertion", "scatter", "matrix"),
    "circular": ("sum", "wrap", "dft", "all"),
}
#: Every view name of some operation (the CLI's choices for ``--view``).
VIEW_CHOICES = tuple(dict.fromkeys(v for views in VIEWS.values() for v in views))


def _bool(name, value):
    if not isinstance(value, bool):
        raise InputError(f"{name} must be true or false, got {brief(value)}")
    return value


def _positive_or_none(name, value):
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise InputError(f"{name} must be a positive int or None, got {brief(value)}")
    return value


def _numbers(name, value):
    if value not in ("auto", "fraction", "decimal"):
        raise InputError(f"numbers must be 'auto', 'fraction' or 'decimal', got {brief(value)}")
    return value


def _digits(name, value):
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 50:
        raise InputError(f"digits must be an int from 1 to 50, got {brief(value)}")
    return value


def _view(name, value):
    if value is not None and value not in VIEW_CHOICES:
        raise InputError(f"view must be one of {', '.join(map(repr, VIEW_CHOICES))}, got {brief(value)}")
    return value


def _view_for(kind: str, value):
    """The view of ``kind`` that ``value`` names (None: the operation's default)."""
    views = VIEWS.get(kind)
    if value is None:
        return views[0] if views else None
    if views is None or value not in views:
        accepted = (f"it takes {', '.join(map(repr, views))}" if views else
                    f"views are for {', '.join(VIEWS)}")
        what = "a closed-form derivation" if kind == "closed" else kind
        raise InputError(f"view={value!r} does not apply to {what}; {accepted}")
    return value


def _names(name, value):
    return None if value is None else check_names(value)


@dataclass(frozen=True)
class Option:
    """One option: its name, default, validator, the operations it applies to, and help."""

    name: str
    default: object
    check: object
    applies: tuple
    help: str
    metavar: str = ""
    choices: tuple = ()

    @property
    def is_flag(self) -> bool:
        """A boolean option (a CLI switch)."""
        return isinstance(self.default, bool)


OPTIONS = (
    Option("names", None, _names, KINDS,
           "names of the two inputs and the output, e.g. 'x,h,y' (default: the inputs' names, "
           "else a,b,c; 2D x,k,y; conv x,w,y; formulas x,h,y)", "A,B,C"),
    Option("numbers", "auto", _numbers, KINDS,
           "auto (decimals in, decimals out where the value terminates; fractions otherwise), "
           "fraction, or decimal (non-terminating values rounded to digits, marked ≈)", "STYLE"),
    Option("digits", 6, _digits, FINITE, "significant digits of rounded decimals (numbers=decimal)", "D"),
    Option("wrap", None, _positive_or_none, FINITE, "break a sum onto a new line after this many terms", "K"),
    Option("elide", None, _positive_or_none, FINITE, "show only this many outputs at each end", "K"),
    Option("zeros", False, _bool, _ZEROS + _TRANSPOSED + ("circular",), "show the zero products of the whole "
           "window, as hand derivations do (transposed convolution: every entry of each matrix row; circular: all n "
           "products, the zero padding included)"),
    Option("flip", True, _bool, ("convolve", "convolve2d") + _TRANSPOSED + ("circular",),
           "show the flipped (1D) or rotated (2D) kernel"),
    Option("view", None, _view, tuple(VIEWS),
           "the way the derivation is worked (default: each operation's first). convolve, correlate: sum "
           "(each output's sum of products), table (multiplication without carries: b once, each row "
           "a[m]·b shifted m places, the columns add up to c[n]), polynomial (A(x)·B(x) multiplied out, c[n] "
           "the coefficient of xⁿ), matrix (scipy.linalg.convolution_matrix(b, len(a), mode) times a, each "
           "row's dot product); transposed convolution: all (zero insertion in full, then the scatter stamps "
           "and sums, then the matrix and its product), or one of zero-insertion, scatter, matrix (the "
           "matrix alone also writes each row's dot product); circular: sum (each c[k] with its indices mod n, "
           "default), wrap (the linear convolution and how its tail folds onto its head), dft (the n-point DFTs, "
           "their product, the inverse DFT, exactly) or all", "VIEW", VIEW_CHOICES),
    Option("definition", True, _bool, KINDS, "start with the defining sum (2D: the inputs, the "
           "output size)"),
    Option("call", True, _bool, FINITE, "end with the library call the result equals"),
    Option("check", False, _bool, KINDS, "run the independent check and end with its report"),
)
_BY_NAME = {o.name: o for o in OPTIONS}

Options = make_dataclass(
    "Options", [(o.name, object, field(default=o.default)) for o in OPTIONS], frozen=True,
    namespace={"__doc__": "The options of one rendering, validated for one operation; build it "
                          "with [`options_for()`][symconv.steps.options_for].",
               "__module__": __name__})


def options_for(kind: str, given: dict) -> "Options":
    """Validate ``given`` options for an operation ``kind`` (one of `KINDS`).

    Unknown names, bad values, and options that do not apply to ``kind`` (when they differ from
    the default) are refused.

    Examples
    --------
    >>> from symconv.steps import options_for
    >>> options_for("convolve", {"wrap": 3}).wrap
    3
    >>> try:
    ...     options_for("closed", {"wrap": 3})
    ... except Exception as exc:
    ...     print(str(exc).split(";")[0])
    the option wrap does not apply to a closed-form derivation
    """
    unknown = sorted(set(given) - set(_BY_NAME))
    if unknown:
        raise InputError(f"unknown option {brief(unknown[0])}; options are {', '.join(_BY_NAME)}")
    values = {}
    for name, value in given.items():
        option = _BY_NAME[name]
        value = option.check(name, value)
        if kind not in option.applies and value != option.default:
            where = "a closed-form derivation" if kind == "closed" else f"{kind}"
            accepted = ", ".join(o.name for o in OPTIONS if kind in o.applies)
            raise InputError(f"the option {name} does not apply to {where}; it takes {accepted}")
        values[name] = value
    values["view"] = _view_for(kind, values.get("view"))
    if kind == "closed" and values.get("numbers") == "decimal":
        raise InputError("numbers='decimal' rounds, and a closed form is exact for every n: use 'auto' "
                         "(decimals in, decimals out) or 'fraction'")
    return Options(**values)


def option_names() -> tuple:
    """The options' names in declaration order."""
    return tuple(f.name for f in fields(Options))
