"""Circular convolution, term by term and exactly: the index arithmetic modulo n (which input
samples wrap, which products each output reads), the linear convolution it folds, and the DFT
route in the ring of the n-th roots of unity (`symconv.engine.circular_dft`).

Every view computes its own values: the sum view adds its products, the wrap view adds samples of
the linear convolution n apart, the DFT view reduces its inverse transform modulo the cyclotomic
polynomial. They agree (``tests/test_circular.py``).
"""

from __future__ import annotations

import operator

import sympy

from ..errors import DerivationTooLarge, InputError, brief
from ..limits import Limits
from ..model import Sequence
from ..model.circular import CircularExpansion, CircularSample
from ._budget import refuse_oversize
from .kernel import exact_dots

__all__ = ["expand_circular", "check_points", "wrap_onto", "circular_segments", "MAX_POINTS"]

#: The most points any circular convolution takes (beyond it, n is a mistake, not a budget).
MAX_POINTS = 10**6
_ZERO = sympy.Integer(0)


def check_points(n, first: int, second: int, limits: Limits) -> int:
    """``n`` as an int: None gives ``max(first, second)``; a positive int up to `MAX_POINTS` is
    accepted (and then held to ``limits.max_outputs``); anything else is an `InputError`.

    Examples
    --------
    >>> from symconv.limits import DEFAULT_LIMITS
    >>> check_points(None, 4, 3, DEFAULT_LIMITS), check_points(6, 4, 3, DEFAULT_LIMITS)
    (4, 6)
    """
    if n is None:
        return max(first, second)
    if isinstance(n, bool) or not hasattr(n, "__index__"):
        raise InputError(f"n must be a positive int (the number of points), got {brief(n)}")
    n = operator.index(n)
    if not 1 <= n <= MAX_POINTS:
        raise InputError(f"n must be a positive int from 1 to {MAX_POINTS:,} (the number of points), got {brief(n)}")
    if n > limits.max_outputs:
        raise DerivationTooLarge(f"a circular convolution of n = {n:,} points has {n:,} outputs, over the limit of "
                                 f"{limits.max_outputs:,}; pass limits=symconv.Limits(max_outputs=...) to raise it")
    return n


def wrap_onto(values: tuple, n: int) -> tuple:
    """``values`` wrapped onto ``min(len, n)`` points: sample ``m`` is the sum of the samples at
    ``m, m + n, m + 2n, ...`` (time-domain aliasing), exactly.

    Examples
    --------
    >>> from sympy import Integer
    >>> wrap_onto(tuple(map(Integer, (1, 2, 3, 4, 5))), 2)
    (9, 6)
    """
    if len(values) <= n:
        return tuple(values)
    out = []
    for m in range(n):
        parts = values[m::n]
        out.append(parts[0] if len(parts) == 1 else sympy.expand(sympy.Add(*parts)))
    return tuple(out)


def circular_segments(k: int, n: int, first: int, second: int) -> tuple:
    """The products of output ``k`` as segments ``(m, right offset, count)``: ``m`` runs over the
    samples of the (wrapped) first input, ``first`` of them, whose partner ``(k - m) mod n`` is one
    of the ``second`` samples of the other; the right offset of index ``j = k - m`` (from
    ``-(n - 1)``) is ``j + n - 1``. At most two segments: the partners ``k - m`` (no wrap), then
    ``k - m + n`` (wrapped).

    Examples
    --------
    >>> circular_segments(0, 4, 4, 3)  # c[0] = a[0] b[0] + a[2] b[2] + a[3] b[1]
    ((0, 3, 1), (2, 1, 2))
    """
    out = []
    for lo, hi in ((k - second + 1, k), (k + n - second + 1, k + n)):
        lo, hi = max(0, lo), min(first - 1, hi)
        if lo <= hi:
            out.append((lo, k - lo + n - 1, hi - lo + 1))
    return tuple(out)


def expand_circular(a: Sequence, b: Sequence, n, out_name: str, limits: Limits) -> CircularExpansion:
    """Expand the n-point circular convolution of ``a`` and ``b`` (both starting at 0): the
    sum over the wrapped inputs, and the linear convolution with its fold."""
    for seq in (a, b):
        if seq.start != 0:
            raise InputError(f"a circular convolution indexes its inputs 0 … n - 1; {seq.name} starts at "
                             f"{seq.start}: pass its samples from index 0 (a Sequence with start=0)")
    N, M = len(a), len(b)
    n = check_points(n, N, M, limits)
    first, second = wrap_onto(a.values, n), wrap_onto(b.values, n)
    f, s = len(first), len(second)
    segments = [circular_segments(k, n, f, s) for k in range(n)]
    sum_terms = sum(count for segs in segments for _, _, count in segs)
    refuse_oversize(f"a circular convolution of lengths {N} and {M} over n = {n} points", n,
                    N * M + sum_terms + n, a.is_symbolic or b.is_symbolic, limits)
    padded = second + (_ZERO,) * (n - s)
    right = tuple(padded[j % n] for j in range(-(n - 1), n))
    values = exact_dots(first, right, segments, 1, -1)
    samples = tuple(CircularSample(k, tuple(segs), v) for k, (segs, v) in enumerate(zip(segments, values)))
    linear = tuple(exact_dots(a.values, b.values, [[_linear_segment(j, N, M)] for j in range(N + M - 1)], 1, -1))
    wrapped = wrap_onto(linear, n) + (_ZERO,) * max(0, n - len(linear))
    return CircularExpansion("circular", a, b, out_name, n, first, second, right, samples, linear, wrapped)


def _linear_segment(j: int, first: int, second: int) -> tuple:
    """``lin[j] = sum_m a[m] b[j - m]`` as one segment over ``a`` and ``b`` (b read backwards)."""
    lo, hi = max(0, j - second + 1), min(first - 1, j)
    return (lo, j - lo, hi - lo + 1)
