"""Exact values as the layers above read them: a Gaussian rational's parts, found from the
expression's shape alone (SymPy's ``as_real_imag`` can take exponential time on nested
functions such as ``log(log(...))``, which are not Gaussian rationals anyway)."""

from __future__ import annotations

from sympy import I, Integer

__all__ = ["gaussian"]

_ZERO = Integer(0)


def _imaginary(term):
    """``c`` when ``term`` is ``c*I`` (or ``I``) with a rational ``c``, else None."""
    if term is I:
        return Integer(1)
    if term.is_Mul and len(term.args) == 2 and term.args[0].is_Rational and term.args[1] is I:
        return term.args[0]
    return None


def gaussian(value):
    """``(re, im)`` as Rationals when ``value`` is a Gaussian rational (``3/2``, ``2*I``,
    ``1 - I/2``), else None.

    Examples
    --------
    >>> from sympy import I, Rational, log
    >>> gaussian(Rational(1, 2) - 3*I)
    (1/2, -3)
    >>> gaussian(log(2)) is None
    True
    """
    if isinstance(value, int):
        value = Integer(value)
    if value.is_Rational:
        return value, _ZERO
    im = _imaginary(value)
    if im is not None:
        return _ZERO, im
    if value.is_Add and len(value.args) == 2:
        first, second = value.args
        for re, other in ((first, second), (second, first)):
            im = _imaginary(other)
            if re.is_Rational and im is not None:
                return re, im
    return None


def is_gaussian(value) -> bool:
    return gaussian(value) is not None


