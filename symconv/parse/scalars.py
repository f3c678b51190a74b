"""One scalar (a number, a string, a SymPy expression) -> an exact SymPy value.

Python and NumPy numbers convert exactly from the shortest decimal that identifies them *in their
own precision*: ``0.1``, ``np.float32(0.1)`` and ``np.float16(0.1)`` all mean 1/10. SymPy
expressions go through a whitelist of their own (numbers, symbols, ``+ - * / **`` and defined
functions; no undefined ``f(x)``, no unevaluated integrals), bounded in size and depth.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from fractions import Fraction

import sympy
from sympy import Expr, I, Integer, Rational

from ..errors import brief
from ..limits import DEFAULT_LIMITS, Limits
from ._core import _Builder, _check_constant, _check_rational, _fail, _parse_tree, _rational_from_text

__all__ = ["parse_value", "float_text"]


def float_text(value) -> str:
    """The shortest decimal that identifies a float in its own precision: ``repr`` for Python
    floats, NumPy's unique formatting for ``float16``/``float32``/``longdouble``."""
    if type(value) is float:
        return repr(value)
    import numpy as np

    return np.format_float_scientific(value, unique=True, trim="-")


def _is_numpy(value) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "dtype")


def _from_number(value, where: str, limits: Limits) -> tuple[Expr, bool]:
    """Exact value of a non-string scalar and whether it is a decimal."""
    if isinstance(value, bool) or (_is_numpy(value) and value.dtype.kind == "b"):
        raise _fail(where, f"{brief(value)} is a boolean, not a number")
    if isinstance(value, sympy.Basic):
        return _from_sympy(value, where, limits)
    if not isinstance(value, numbers.Number) and type(value).__module__.split(".")[0] == "torch" \
            and getattr(value, "ndim", None) == 0:
        from .arrays import exact_array  # a 0-d tensor: read in its own precision, like an array

        values, _, decimal = exact_array(value, where, limits, 0)
        return values[0], decimal
    if isinstance(value, numbers.Integral):
        number = int(value)
        return _check_rational(Integer(number), where, limits, number), False
    if isinstance(value, Fraction):
        return _check_rational(Rational(value.numerator, value.denominator), where, limits, value), False
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _fail(where, f"{brief(value)} is not a finite number")
        return _rational_from_text(str(value), where, limits), True
    if isinstance(value, numbers.Real):
        if not math.isfinite(float(value)):
            raise _fail(where, f"{float(value)!r} is not a finite number")
        return _rational_from_text(float_text(value if _is_numpy(value) else float(value)), where, limits), True
    if isinstance(value, numbers.Complex):
        numpy_parts = _is_numpy(value)
        parts = []
        for part in (value.real, value.imag):
            if not math.isfinite(float(part)):
                raise _fail(where, f"{complex(value)!r} is not a finite number")
            parts.append(_rational_from_text(float_text(part if numpy_parts else float(part)), where, limits))
        return parts[0] + I * parts[1], True
    raise _fail(where, f"expected a number, a string or a SymPy expression, got {type(value).__name__}")


def _check_tree(value: sympy.Basic, where: str, limits: Limits) -> None:
    """The whitelist for SymPy input: numbers, symbols, ``+ - * / **`` and defined functions,
    at most ``max_depth`` deep and ``max_text_chars / 10`` nodes (walked without recursion)."""
    from sympy.core.function import AppliedUndef

    budget = max(limits.max_text_chars // 10, 1)
    stack, count = [(value, 0)], 0
    while stack:
        expr, depth = stack.pop()
        count += 1
        if count > budget or depth > limits.max_depth:
            raise _fail(where, f"the SymPy expression is too large (more than {budget:,} nodes or "
                        f"{limits.max_depth} levels deep)")
        if isinstance(expr, sympy.Symbol):
            if len(expr.name) > 40:
                raise _fail(where, f"the symbol name {brief(expr.name)} is longer than 40 characters")
        elif isinstance(expr, AppliedUndef):
            raise _fail(where, f"{brief(expr)} applies an undefined function ({brief(expr.func.__name__)}); "
                        f"symconv needs values it can evaluate")
        elif isinstance(expr, (sympy.Number, sympy.NumberSymbol)) or expr is sympy.I:
            pass
        elif isinstance(expr, (sympy.Add, sympy.Mul, sympy.Pow, sympy.Function)) and isinstance(expr, Expr):
            stack.extend((arg, depth + 1) for arg in expr.args)
        else:
            raise _fail(where, f"{type(expr).__name__} is not accepted in a value (numbers, symbols, "
                        f"+ - * / ** and functions)")


def _from_sympy(value: sympy.Basic, where: str, limits: Limits) -> tuple[Expr, bool]:
    if not isinstance(value, Expr) or value.is_Relational or isinstance(value, sympy.logic.boolalg.BooleanAtom):
        raise _fail(where, f"{brief(value)} is not a SymPy expression")
    _check_tree(value, where, limits)
    decimal = False
    floats = value.atoms(sympy.Float)
    if floats:
        decimal = True
        mapping = {}
        for f in floats:
            if not math.isfinite(float(f)):
                raise _fail(where, f"{brief(value)} is not a finite number")
            mapping[f] = _rational_from_text(repr(float(f)), where, limits)
        value = value.xreplace(mapping)
    return _check_constant(value, where, limits, brief(value)), decimal


def parse_value(value, *, where: str = "", limits: Limits = DEFAULT_LIMITS) -> tuple[Expr, bool]:
    """Convert one scalar (number, string or SymPy expression) to an exact SymPy value.

    Parameters
    ----------
    value : int, float, complex, Fraction, Decimal, NumPy scalar, 0-d tensor, sympy.Expr or str
        Strings are parsed by whitelist: numbers (``"1/2"``, ``"0.25"``, ``"1e-3"``, ``"2j"``),
        names (real-valued symbols; ``pi`` and ``I`` are the constants), ``+ - * / **`` and the
        functions in `FUNCTIONS`. Floats mean the shortest decimal of their precision
        (``np.float32(0.1)`` is 1/10).
    where : str
        How to name this item in an error message, e.g. ``"a[2]"``.
    limits : Limits
        Size budgets.

    Returns
    -------
    value : sympy.Expr
        The exact value.
    decimal : bool
        Whether it was written as a decimal.

    Raises
    ------
    InputError
        For anything that is not a finite number or an accepted expression.

    Examples
    --------
    >>> parse_value("0.1")
    (1/10, True)
    >>> parse_value("2*x + 1")
    (2*x + 1, False)
    >>> import numpy as np
    >>> parse_value(np.float32(0.1))
    (1/10, True)
    """
    if isinstance(value, str):
        builder = _Builder(value, where, limits)
        tree = _parse_tree(value, where, limits)
        expr = builder.build(tree)
        return _check_constant(expr, where, limits, brief(value)), builder.decimal
    return _from_number(value, where, limits)
