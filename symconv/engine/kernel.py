"""The one exact dot-product kernel of every finite derivation, 1D and 2D.

Each output is ``sum(left[l + k*ls] * right[r + k*rs] for each segment (l, r, count), k < count)``
over flat tuples of exact values. Rational and complex-rational values are summed as scaled
Python ints (exact and fast); anything symbolic goes through SymPy, with products of sums
multiplied out but powers left alone.
"""

from __future__ import annotations

from math import lcm
from operator import mul

import sympy
from sympy import I, Rational

from ..model import gaussian

__all__ = ["exact_dots", "segment_slices", "scaled_ints"]


def scaled_ints(values: tuple):
    """``(re_ints, im_ints or None, denominator)`` for Gaussian-rational values, else ``None``."""
    parts = []
    for v in values:
        pair = gaussian(v)
        if pair is None:
            return None
        parts.append(pair)
    den = lcm(*(int(p.q) for pair in parts for p in pair)) if parts else 1
    re_ints = [int(r.p) * (den // int(r.q)) for r, _ in parts]
    im_ints = [int(i.p) * (den // int(i.q)) for _, i in parts]
    return re_ints, (im_ints if any(im_ints) else None), den


def _expand_products(value):
    """Multiply out products of sums (``(1 + 2i)(3 - i)``) without expanding powers."""
    return sympy.expand(value, deep=False, power_exp=False, power_base=False, log=False,
                        multinomial=False)


def segment_slices(outputs, left_step: int, right_step: int) -> list:
    """Each output's segments as ``(left slice, right slice)`` pairs: computed once for outputs
    that share their geometry (every channel plane of a layer) and passed to `exact_dots()`."""
    ls, rs = left_step, right_step
    return [[(slice(l, l + ls * k if l + ls * k >= 0 else None, ls), slice(r, r + rs * k if r + rs * k >= 0 else None, rs))
             for l, r, k in segs] for segs in outputs]


def exact_dots(left: tuple, right: tuple, outputs, left_step: int, right_step: int, *, slices=None,
               scaled=None) -> list:
    """Exact sums of products, one per output.

    Parameters
    ----------
    left, right : tuple of sympy.Expr
        Flat strips of values.
    outputs : iterable of sequences of (int, int, int)
        For each output, its segments ``(left offset, right offset, count)``.
    left_step, right_step : int
        How the offsets advance from one term of a segment to the next (``-1`` reads backwards).
    slices : list, optional
        `segment_slices()` of ``outputs``, when already computed.
    scaled : pair, optional
        `scaled_ints()` of ``left`` and of ``right``, when already computed.

    Returns
    -------
    list of sympy.Expr

    Examples
    --------
    >>> from sympy import Integer, Rational
    >>> a = (Integer(1), Integer(2), Integer(3))
    >>> exact_dots(a, (Rational(1, 2), Integer(4)), [[(0, 1, 2)], [(2, 0, 1)]], 1, -1)
    [5, 3/2]
    """
    lp, rp = scaled if scaled is not None else (scaled_ints(left), scaled_ints(right))
    if slices is None:
        slices = segment_slices(outputs, left_step, right_step)
    if lp is None or rp is None:
        return [_expand_products(sympy.Add(*[p for ls, rs in segs for p in map(mul, left[ls], right[rs])]))
                for segs in slices]
    (lre, lim, ld), (rre, rim, rd) = lp, rp
    den = ld * rd
    out = []
    for segs in slices:
        re = im = 0
        for ls, rs in segs:
            re += sum(map(mul, lre[ls], rre[rs]))
            if lim is not None and rim is not None:
                re -= sum(map(mul, lim[ls], rim[rs]))
            if lim is not None:
                im += sum(map(mul, lim[ls], rre[rs]))
            if rim is not None:
                im += sum(map(mul, lre[ls], rim[rs]))
        value = Rational(re, den)
        out.append(value + I * Rational(im, den) if im else value)
    return out
