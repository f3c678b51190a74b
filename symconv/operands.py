"""Operands of the public operations: sequences and matrices from what users pass, and their
default names (never a name that is also a symbol in the entries)."""

from __future__ import annotations

from .engine.index import check_mode
from .errors import InputError, brief
from .limits import Limits
from .model import Matrix, Sequence, check_names

__all__ = ["operand", "matrix", "prepare", "prepare2d", "symbol_names", "free_defaults", "refuse_clash", "DEFAULTS_1D",
           "DEFAULTS_2D", "DEFAULTS_DL", "is_2d"]


def operand(value, default_name: str, limits: Limits) -> Sequence:
    if isinstance(value, Sequence):
        return value if value.name else value.renamed(default_name)
    return Sequence(value, 0, default_name, limits=limits)


#: Default names, tried in order until none is also a symbol in the entries.
DEFAULTS_1D = (("a", "b", "c"), ("x", "h", "y"), ("f", "g", "y"), ("u", "v", "w"), ("p", "q", "r"))
DEFAULTS_2D = (("x", "k", "y"), ("u", "k", "v"), ("a", "b", "c"), ("f", "g", "h"), ("p", "q", "r"))
DEFAULTS_DL = (("x", "w", "y"), ("u", "w", "v"), ("a", "b", "c"), ("f", "g", "h"), ("p", "q", "r"))


def symbol_names(*arrays) -> set:
    """The names of the symbols in the arrays' entries."""
    return {s.name for arr in arrays for s in (arr.symbols if hasattr(arr, "symbols") else
                                               {s for v in arr.values for s in v.free_symbols})}


def refuse_clash(names: tuple, symbols: set) -> None:
    """Names the user chose that are also symbols of the entries would make the derivation
    ambiguous (``b[1]`` next to a symbol ``b``): refused at once."""
    clash = sorted(set(names) & symbols)
    if clash:
        raise InputError(f"the name {brief(clash[0])} is both a sequence and a symbol in its entries; "
                         f"choose other names")


def free_defaults(choices: tuple, taken: set) -> tuple:
    """The first triple of default names that no entry uses as a symbol."""
    return next((t for t in choices if not set(t) & taken), choices[0])


def prepare(a, v, mode, names, limits, choices=DEFAULTS_1D):
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    check_mode(mode)
    if names is not None:
        first, second, out = check_names(names)
        a_seq, v_seq = operand(a, first, limits).renamed(first), operand(v, second, limits).renamed(second)
        refuse_clash((first, second, out), symbol_names(a_seq, v_seq))
        return a_seq, v_seq, out
    defaults = choices[0]
    a_seq, v_seq = operand(a, defaults[0], limits), operand(v, defaults[1], limits)
    given = {x.name for x, value in ((a_seq, a), (v_seq, v)) if isinstance(value, Sequence) and value.name}
    defaults = free_defaults(choices, symbol_names(a_seq, v_seq) - given)
    if not (isinstance(a, Sequence) and a.name):
        a_seq = a_seq.renamed(defaults[0])
    if not (isinstance(v, Sequence) and v.name):
        v_seq = v_seq.renamed(defaults[1])
    if a_seq.name == v_seq.name:
        v_seq = v_seq.renamed(defaults[1] if a_seq.name != defaults[1] else defaults[0])
    out = next(n for n in (defaults[2], "y", "z", "r") if n not in (a_seq.name, v_seq.name))
    return a_seq, v_seq, out


def matrix(value, name: str, limits: Limits) -> Matrix:
    if isinstance(value, Matrix):
        return value if value.name == name else value.renamed(name)
    return Matrix(value, name, limits=limits)


def prepare2d(x, k, names, choices, limits):
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    first, second, out = check_names(names if names is not None else choices[0])
    xm, km = matrix(x, first, limits), matrix(k, second, limits)
    if names is not None:
        refuse_clash((first, second, out), symbol_names(xm, km))
    if names is None:
        first, second, out = free_defaults(choices, symbol_names(xm, km))
        xm, km = xm.renamed(first), km.renamed(second)
    return xm, km, out


def is_2d(value) -> bool:
    """Whether ``value`` looks 2D: a string with rows (``;``/newline, or ``[[``) or nested lists."""
    if isinstance(value, str):
        text = value.strip()
        return ";" in text or "\n" in text or text.replace(" ", "").startswith(("[[", "(("))
    if hasattr(value, "ndim"):
        return value.ndim == 2
    if isinstance(value, (list, tuple)) and value:
        return all(isinstance(row, (list, tuple)) or getattr(row, "ndim", 0) for row in value)
    return False
