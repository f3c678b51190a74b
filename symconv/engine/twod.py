"""Exact cell-by-cell expansion of 2D convolution and correlation (scipy.signal semantics), and the
sliding-window core shared with the deep-learning operations."""

from __future__ import annotations

import dataclasses
from operator import mul

import sympy

from ..errors import InputError
from ..limits import Limits
from ..model import Cell, Expansion2D, Matrix
from ._budget import refuse_oversize
from ._index import check_boundary, check_mode, scipy2d_swaps, scipy2d_window
from .oned import _as_scaled_ints, _expand_products

__all__ = ["expand_scipy2d", "slide"]


def _budget(e: Expansion2D, limits: Limits) -> None:
    rows, cols = e.out_shape
    symbolic = e.x.is_symbolic or e.k.is_symbolic or bool(getattr(e.fillvalue, "free_symbols", None))
    what = (f"{e.kind} of a {e.x.shape[0]}x{e.x.shape[1]} input and a {e.k.shape[0]}x{e.k.shape[1]} "
            f"kernel")
    refuse_oversize(what, rows * cols, rows * cols * len(e.kernel) * len(e.kernel[0]), symbolic, limits)


def slide(e: Expansion2D, limits: Limits) -> Expansion2D:
    """Fill ``e.cells``: every output cell's exact value, from the window over the source."""
    _budget(e, limits)
    (r0, c0), (sr, sc), (dr, dc) = e.origin, e.stride, e.dilation
    rows, cols = e.out_shape
    kh, kw = len(e.kernel), len(e.kernel[0])
    # The region of the (extended) source that any window reaches, read once.
    r_lo, r_hi = r0, r0 + (rows - 1) * sr + (kh - 1) * dr
    c_lo, c_hi = c0, c0 + (cols - 1) * sc + (kw - 1) * dc
    region = [[e.source_value(r, c)[0] for c in range(c_lo, c_hi + 1)] for r in range(r_lo, r_hi + 1)]
    width = c_hi - c_lo + 1
    flat_region = tuple(v for row in region for v in row)
    flat_kernel = tuple(v for row in e.kernel for v in row)
    # Offsets of the kernel taps inside the flattened region, relative to a window's corner.
    taps = [m * dr * width + n * dc for m in range(kh) for n in range(kw)]
    corners = [(i * sr) * width + j * sc for i in range(rows) for j in range(cols)]
    src, ker = _as_scaled_ints(flat_region), _as_scaled_ints(flat_kernel)
    values = []
    if src is None or ker is None:
        for corner in corners:
            window = [flat_region[corner + t] for t in taps]
            values.append(_expand_products(sympy.Add(*map(mul, window, flat_kernel))))
    else:
        (s_re, s_im, s_den), (k_re, k_im, k_den) = src, ker
        den = s_den * k_den
        for corner in corners:
            re = sum([s_re[corner + t] * w for t, w in zip(taps, k_re)])
            im = 0
            if s_im is not None and k_im is not None:
                re -= sum([s_im[corner + t] * w for t, w in zip(taps, k_im)])
            if s_im is not None:
                im += sum([s_im[corner + t] * w for t, w in zip(taps, k_re)])
            if k_im is not None:
                im += sum([s_re[corner + t] * w for t, w in zip(taps, k_im)])
            value = sympy.Rational(re, den)
            values.append(value + sympy.I * sympy.Rational(im, den) if im else value)
    cells = tuple(Cell(i, j, values[i * cols + j]) for i in range(rows) for j in range(cols))
    return dataclasses.replace(e, cells=cells)


def expand_scipy2d(kind: str, x: Matrix, k: Matrix, mode: str, boundary: str, fillvalue,
                   out_name: str, limits: Limits) -> Expansion2D:
    """Expand ``scipy.signal.convolve2d`` / ``correlate2d`` over the cells ``mode`` keeps.

    Written as a correlation of ``x`` (extended by ``boundary``) with the kernel as applied:
    ``full[I, J] = sum_{m,n} kt[m, n] x[I + m - (M2-1), J + n - (N2-1)]`` where ``kt`` is ``k``
    rotated by 180 degrees (convolution) or conjugated (correlation); ``same``/``valid`` keep the
    slice :func:`~symconv.engine._index.scipy2d_window` gives.
    """
    check_mode(mode)
    check_boundary(boundary)
    swapped = scipy2d_swaps(x.shape, k.shape, mode)
    (M2, N2) = k.shape
    offset, out_shape = scipy2d_window(x.shape, k.shape, mode, kind)
    if kind == "convolve2d":
        kernel = tuple(tuple(reversed(row)) for row in reversed(k.rows))
    else:
        kernel = tuple(tuple(sympy.conjugate(v) for v in row) for row in k.rows)
    e = Expansion2D(kind, x, k, out_name, kernel, x.rows, (M2 - 1, M2 - 1, N2 - 1, N2 - 1),
                    (offset[0] - (M2 - 1), offset[1] - (N2 - 1)), (1, 1), (1, 1), out_shape, (),
                    mode=mode, boundary=boundary, fillvalue=fillvalue, swapped=swapped)
    return slide(e, limits)


def check_fillvalue(fillvalue, limits: Limits):
    """The exact fill value (a number; scipy casts it to the inputs' type)."""
    from ..parse import parse_value

    value, _ = parse_value(fillvalue, where="fillvalue", limits=limits)
    if value.free_symbols:
        raise InputError(f"fillvalue must be a number, got {fillvalue!r}")
    return value
