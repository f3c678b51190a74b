"""Exact term-by-term expansion of 1D convolution and cross-correlation (NumPy semantics)."""

from __future__ import annotations

import sympy

from ..limits import Limits
from ..model import Expansion1D, Sample, Sequence, Window1D
from ._budget import refuse_oversize
from .index import check_mode, convolve_window, correlate_window, numpy_swaps
from .kernel import exact_dots

__all__ = ["expand_convolve", "expand_correlate"]


def _expand(kind: str, a: Sequence, b: Sequence, right: tuple, outputs: range, mode: str,
            out_name: str, limits: Limits, conjugate: bool, full_start: int) -> Expansion1D:
    """Every output of ``outputs`` (true indices) summed over its window, exactly."""
    window = Window1D(kind, a.start, len(a), b.start, len(b))
    ranges = [window.term_range(n) for n in outputs]
    refuse_oversize(f"{kind} of lengths {len(a)} and {len(b)}", len(ranges),
                    sum(hi - lo + 1 for lo, hi in ranges), a.is_symbolic or b.is_symbolic, limits)
    segments = []
    for n, (lo, hi) in zip(outputs, ranges):
        i, j, count = window.segment(n, lo, hi)
        segments.append([(i - a.start, j - b.start, count)])
    values = exact_dots(a.values, right, segments, window.left_step, window.right_step)
    samples = tuple(Sample(n, lo, hi, v) for n, (lo, hi), v in zip(outputs, ranges, values))
    return Expansion1D(kind, a, b, out_name, mode, samples, numpy_swaps(len(a), len(b)), conjugate,
                       full_start, full_start + len(a) + len(b) - 1, window, right)


def expand_convolve(a: Sequence, b: Sequence, mode: str, out_name: str, limits: Limits) -> Expansion1D:
    """Expand ``c[n] = sum_m a[m] b[n - m]`` over the outputs ``numpy.convolve`` keeps in ``mode``.

    Output indices are true indices: the full result starts at ``a.start + b.start``.
    """
    check_mode(mode)
    first, count = convolve_window(len(a), len(b), mode)
    base = a.start + b.start
    return _expand("convolve", a, b, b.values, range(base + first, base + first + count), mode,
                   out_name, limits, False, base)


def expand_correlate(a: Sequence, b: Sequence, mode: str, out_name: str, limits: Limits) -> Expansion1D:
    """Expand ``c[k] = sum_m a[m + k] conj(b[m])`` over the lags ``numpy.correlate`` keeps.

    Lags are true lags: with ``a`` starting at ``sa`` and ``b`` at ``sb``, NumPy's lag ``k`` is
    the true lag ``k + sa - sb``.
    """
    check_mode(mode)
    first, count = correlate_window(len(a), len(b), mode)
    shift = a.start - b.start
    conjugate = not b.is_real
    right = tuple(sympy.conjugate(v) for v in b.values) if conjugate else b.values
    return _expand("correlate", a, b, right, range(first + shift, first + shift + count), mode,
                   out_name, limits, conjugate, shift - (len(b) - 1))
