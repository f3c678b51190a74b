"""Exact term-by-term expansion of 1D convolution and cross-correlation (NumPy semantics)."""

from __future__ import annotations

from math import lcm
from operator import mul

import sympy
from sympy import I, Rational

from ..limits import Limits
from ..model import Expansion1D, Sample, Sequence
from ._budget import refuse_oversize
from ._index import (check_mode, convolve_term_range, convolve_window, correlate_term_range,
                     correlate_window, numpy_swaps)

__all__ = ["expand_convolve", "expand_correlate"]


def _refuse(kind: str, a: Sequence, b: Sequence, ranges: list, limits: Limits) -> None:
    refuse_oversize(f"{kind} of lengths {len(a)} and {len(b)}", len(ranges),
                    sum(hi - lo + 1 for lo, hi in ranges), a.is_symbolic or b.is_symbolic, limits)


def _conjugates(values: tuple) -> tuple:
    return tuple(sympy.conjugate(v) for v in values)


def _as_scaled_ints(values: tuple):
    """``(re_ints, im_ints, denominator)`` for Gaussian-rational values, else ``None``."""
    parts = []
    for v in values:
        if v.is_Rational:
            parts.append((v, sympy.S.Zero))
            continue
        if v.free_symbols:
            return None
        re, im = v.as_real_imag()
        if not (re.is_Rational and im.is_Rational):
            return None
        parts.append((re, im))
    den = lcm(*(int(p.q) for pair in parts for p in pair))
    re_ints = [int(r.p) * (den // int(r.q)) for r, _ in parts]
    im_ints = [int(i.p) * (den // int(i.q)) for _, i in parts]
    return re_ints, (im_ints if any(im_ints) else None), den


def _expand_products(value):
    """Multiply out products of sums (``(1 + 2i)(3 - i)``) without expanding powers."""
    return sympy.expand(value, deep=False, power_exp=False, power_base=False, log=False,
                        multinomial=False)


def _sums(left: tuple, right: tuple, windows: list) -> list:
    """``sum(left[i] * right[j] for i, j in zip(*window))`` for each window of slices, exactly.

    ``windows`` holds ``(left_slice, right_slice)`` pairs of equal length. Rational and complex
    rational values are summed as scaled Python ints (exact and fast); anything symbolic goes
    through SymPy.
    """
    lp, rp = _as_scaled_ints(left), _as_scaled_ints(right)
    if lp is None or rp is None:
        return [_expand_products(sympy.Add(*map(mul, left[ls], right[rs]))) for ls, rs in windows]
    (lre, lim, ld), (rre, rim, rd) = lp, rp
    den = ld * rd
    out = []
    for ls, rs in windows:
        re = sum(map(mul, lre[ls], rre[rs]))
        im = 0
        if lim is not None and rim is not None:
            re -= sum(map(mul, lim[ls], rim[rs]))
        if lim is not None:
            im += sum(map(mul, lim[ls], rre[rs]))
        if rim is not None:
            im += sum(map(mul, lre[ls], rim[rs]))
        value = Rational(re, den)
        out.append(value + I * Rational(im, den) if im else value)
    return out


def expand_convolve(a: Sequence, b: Sequence, mode: str, out_name: str, limits: Limits) -> Expansion1D:
    """Expand ``c[n] = sum_m a[m] b[n - m]`` over the outputs ``numpy.convolve`` keeps in ``mode``.

    Output indices are true indices: the full result starts at ``a.start + b.start``.
    """
    check_mode(mode)
    n, m = len(a), len(b)
    first, count = convolve_window(n, m, mode)
    positions = range(first, first + count)
    ranges = [convolve_term_range(p, n, m) for p in positions]
    _refuse("convolve", a, b, ranges, limits)
    # b[p - i] for i = lo..hi is b reversed, read from position m - 1 - p + lo.
    windows = [(slice(lo, hi + 1), slice(m - 1 - p + lo, m - p + hi)) for p, (lo, hi) in zip(positions, ranges)]
    values = _sums(a.values, b.values[::-1], windows)
    base = a.start + b.start
    samples = tuple(Sample(base + p, a.start + lo, a.start + hi, v)
                    for p, (lo, hi), v in zip(positions, ranges, values))
    return Expansion1D("convolve", a, b, out_name, mode, samples, numpy_swaps(n, m), False,
                       base, base + n + m - 1)


def expand_correlate(a: Sequence, b: Sequence, mode: str, out_name: str, limits: Limits) -> Expansion1D:
    """Expand ``c[k] = sum_n a[n + k] conj(b[n])`` over the lags ``numpy.correlate`` keeps.

    Lags are true lags: with ``a`` starting at ``sa`` and ``b`` at ``sb``, NumPy's lag ``k`` is
    the true lag ``k + sa - sb``.
    """
    check_mode(mode)
    n, m = len(a), len(b)
    first, count = correlate_window(n, m, mode)
    lags = range(first, first + count)
    ranges = [correlate_term_range(k, n, m) for k in lags]
    _refuse("correlate", a, b, ranges, limits)
    conjugate = not b.is_real
    right = _conjugates(b.values) if conjugate else b.values
    windows = [(slice(lo + k, hi + k + 1), slice(lo, hi + 1)) for k, (lo, hi) in zip(lags, ranges)]
    values = _sums(a.values, right, windows)
    shift = a.start - b.start
    samples = tuple(Sample(k + shift, b.start + lo, b.start + hi, v)
                    for k, (lo, hi), v in zip(lags, ranges, values))
    return Expansion1D("correlate", a, b, out_name, mode, samples, numpy_swaps(n, m), conjugate,
                       shift - (m - 1), shift + n, right if conjugate else ())
