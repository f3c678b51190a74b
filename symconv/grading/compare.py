"""Reading a student's answer, and comparing one sample with the exact value."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..errors import InputError, brief
from ..model import Matrix, Sequence
from ..model.values import gaussian
from ..render.numbers import decimal_places as decimals

__all__ = ["Answer", "read_answer", "matches", "decimals"]


@dataclass(frozen=True)
class Answer:
    """A student's answer: exact values (rows for 2D), the index of its first sample (1D, None
    when not given), whether it was written with decimals, and whether its numbers are binary
    floats (a NumPy array, Python floats), which carry rounding noise such as
    2.2700000000000005."""

    values: tuple
    start: int | None
    decimal: bool
    binary: bool = False


def _is_float(value) -> bool:
    """A binary floating-point number: a Python float or complex, or a NumPy/torch float scalar."""
    return isinstance(value, (float, complex)) or getattr(getattr(value, "dtype", None), "kind", None) in ("f", "c")


def _is_binary(answer) -> bool:
    """Whether the answer holds binary floating-point numbers (not text, not exact numbers)."""
    if getattr(getattr(answer, "dtype", None), "kind", None) == "O":
        return any(_is_float(v) for v in answer.ravel()[:10_000].tolist())
    if _is_float(answer) or getattr(answer, "dtype", None) is not None:
        return _is_float(answer)
    if isinstance(answer, (list, tuple)):
        flat = [v for row in answer for v in (row if isinstance(row, (list, tuple)) else [row])][:10_000]
        return any(_is_float(v) for v in flat)
    return False


def read_answer(answer, op: str, start, limits) -> Answer:
    """The answer as exact values, parsed like an operand (whitelist parser, bounded)."""
    if start is not None and (isinstance(start, bool) or not isinstance(start, int) or abs(start) > 10**9):
        raise InputError(f"start must be an integer within ±10**9, got {brief(start)}")
    answer_binary = _is_binary(answer)
    if op in ("convolve", "correlate"):
        seq = answer if isinstance(answer, Sequence) else Sequence(answer, 0, "answer", limits=limits)
        if start is None and isinstance(answer, Sequence):
            start = answer.start
        return Answer(seq.values, start, seq.decimal, answer_binary)
    if start is not None:
        raise InputError(f"start applies to 1D answers; a {op} answer starts at index 0")
    if op == "conv1d" and not isinstance(answer, Matrix):
        try:
            seq = Sequence(answer, 0, "answer", limits=limits)
            return Answer((seq.values,), None, seq.decimal, answer_binary)
        except InputError:
            pass  # perhaps written as one row, [[...]]
    mat = answer if isinstance(answer, Matrix) else Matrix(answer, "answer", limits=limits)
    return Answer(mat.rows, None, mat.decimal, answer_binary)


def _close(x: sympy.Rational, y: sympy.Rational, digits: int) -> bool:
    """A decimal ``x`` is ``y`` rounded to the decimals written, and those are enough."""
    written = decimals(int(x.q))
    if written is None:
        return False
    exact = decimals(int(y.q))
    if written < min(digits, exact if exact is not None else digits):
        return False
    return abs(x - y) <= sympy.Rational(1, 2 * 10**written)


#: A binary float counts as the exact value within this relative error (rounding noise).
FLOAT_TOLERANCE = 1e-9
_POINTS = 3


def _same_function(x, y) -> bool:
    """Two expressions in symbols agree: equal at a few exact rational points (a polynomial
    identity test; no expansion, so ``(a + b)**1000`` costs no more than a number)."""
    symbols = sorted(x.free_symbols | y.free_symbols, key=str)
    for k in range(_POINTS):
        point = {s: sympy.Rational(7 + 31 * k + 13 * i, 5 + 3 * k + i) for i, s in enumerate(symbols)}
        try:
            value = (x - y).xreplace(point)
            if value.is_Rational:
                if value != 0:
                    return False
            elif not value.is_number or abs(complex(value.evalf(30))) > 1e-20:
                return False
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False
    return True


def matches(x, y, decimal: bool, digits: int, binary: bool = False) -> bool:
    """Whether the student's sample ``x`` counts as the right value ``y``: equal; or (for a
    decimal answer) ``y`` rounded to the decimals written, at least ``digits`` of them; or (for
    binary floats) ``y`` within a relative `FLOAT_TOLERANCE`."""
    x, y = sympy.Integer(x) if isinstance(x, int) else x, sympy.Integer(y) if isinstance(y, int) else y
    if x == y:
        return True
    if not (x.free_symbols or y.free_symbols):
        gx, gy = gaussian(x), gaussian(y)
        if gx is None or gy is None:
            return False
        if decimal and all(a == b or _close(a, b, digits) for a, b in zip(gx, gy)):
            return True
        if binary:
            size = max(1, abs(complex(y)))
            return abs(complex(x) - complex(y)) <= FLOAT_TOLERANCE * size
        return False
    if x.free_symbols - y.free_symbols:
        return False
    return _same_function(x, y)
