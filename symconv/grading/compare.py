"""Reading a student's answer, and comparing one sample with the exact value."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..errors import InputError, brief
from ..model import Matrix, Sequence
from ..model.values import gaussian

__all__ = ["Answer", "read_answer", "matches", "decimals"]


@dataclass(frozen=True)
class Answer:
    """A student's answer: exact values (rows for 2D), the index of its first sample (1D, None
    when not given) and whether it was written with decimals."""

    values: tuple
    start: int | None
    decimal: bool


def read_answer(answer, op: str, start, limits) -> Answer:
    """The answer as exact values, parsed like an operand (whitelist parser, bounded)."""
    if start is not None and (isinstance(start, bool) or not isinstance(start, int)):
        raise InputError(f"start must be an integer, got {brief(start)}")
    if op in ("convolve", "correlate"):
        seq = answer if isinstance(answer, Sequence) else Sequence(answer, 0, "answer", limits=limits)
        if start is None and isinstance(answer, Sequence):
            start = answer.start
        return Answer(seq.values, start, seq.decimal)
    if start is not None:
        raise InputError(f"start applies to 1D answers; a {op} answer starts at index 0")
    if op == "conv1d" and not isinstance(answer, Matrix):
        try:
            seq = Sequence(answer, 0, "answer", limits=limits)
            return Answer((seq.values,), None, seq.decimal)
        except InputError:
            pass  # perhaps written as one row, [[...]]
    mat = answer if isinstance(answer, Matrix) else Matrix(answer, "answer", limits=limits)
    return Answer(mat.rows, None, mat.decimal)


def decimals(q: int) -> int | None:
    """How many decimals a rational with denominator ``q`` has (None if it never terminates)."""
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    return max(twos, fives) if q == 1 else None


def _close(x: sympy.Rational, y: sympy.Rational, digits: int) -> bool:
    """A decimal ``x`` is ``y`` rounded to the decimals written, and those are enough."""
    written = decimals(int(x.q))
    if written is None:
        return False
    exact = decimals(int(y.q))
    if written < min(digits, exact if exact is not None else digits):
        return False
    return abs(x - y) <= sympy.Rational(1, 2 * 10**written)


def matches(x, y, decimal: bool, digits: int) -> bool:
    """Whether the student's sample ``x`` counts as the right value ``y``: equal, or (for a
    decimal answer) ``y`` rounded to the decimals written, at least ``digits`` of them."""
    x, y = sympy.sympify(x) if isinstance(x, int) else x, sympy.sympify(y) if isinstance(y, int) else y
    if x == y:
        return True
    if not (x.free_symbols or y.free_symbols):
        if not decimal:
            return False
        gx, gy = gaussian(x), gaussian(y)
        if gx is None or gy is None:
            return False
        return all(a == b or _close(a, b, digits) for a, b in zip(gx, gy))
    return sympy.expand(x - y) == 0
