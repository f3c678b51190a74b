"""Exact cell-by-cell expansion of 2D convolution and correlation (scipy.signal semantics), and the
sliding-window core shared with the deep-learning operations."""

from __future__ import annotations

import sympy

from ..errors import InputError, brief
from ..limits import Limits
from ..model import Cell, Expansion2D, Matrix, Region, Window2D
from ._budget import refuse_oversize, refuse_large_array
from .index import check_boundary, check_mode, mirror, scipy2d_swaps, scipy2d_window
from .kernel import exact_dots

__all__ = ["expand_scipy2d", "slide", "check_fillvalue"]


def _shape(shape: tuple) -> str:
    return "x".join(map(str, shape))


def slide(kind: str, x: Matrix, k: Matrix, kernel: tuple, padding: tuple, window: Window2D,
          value_at, out_name: str, limits: Limits, **parameters) -> Expansion2D:
    """Every output cell's exact value, from the windows over the source.

    ``value_at(r, c)`` gives the source at ``(r, c)`` (the input, its padding or its boundary
    extension). The budget is checked from the sizes alone before anything is built; only the
    region the windows reach is read.
    """
    what = f"{kind} of a {_shape(x.shape)} input and a {_shape(k.shape)} kernel"
    symbolic = x.is_symbolic or k.is_symbolic or bool(getattr(parameters.get("fillvalue"), "free_symbols", None))
    refuse_oversize(what, window.cells, window.cells * window.taps, symbolic, limits)
    rows, cols = window.region_size()
    refuse_large_array(f"{what}: the region its windows read", rows * cols, limits)
    r_range, c_range = window.region()
    skeleton = Expansion2D(kind, x, k, out_name, kernel, padding, window,
                           Region(r_range, c_range, (), ()), (), **parameters)
    box = skeleton.input_box
    values, inside = [], []
    for r in r_range:
        for c in c_range:
            values.append(value_at(r, c))
            inside.append(r in box[0] and c in box[1])
    region = Region(r_range, c_range, tuple(values), tuple(inside))
    clip = box if skeleton.skips_outside() else None
    rows, cols = window.out_shape
    where = (r_range, c_range)
    outputs = [window.flat_segments(i, j, where, clip) for i in range(rows) for j in range(cols)]
    flat_kernel = tuple(v for row in kernel for v in row)
    sums = exact_dots(region.values, flat_kernel, outputs, window.left_step[1], window.right_step[1])
    return Expansion2D(kind, x, k, out_name, kernel, padding, window, region,
                       tuple(Cell(p // cols, p % cols, v, segs) for p, (segs, v) in enumerate(zip(outputs, sums))),
                       **parameters)


def expand_scipy2d(kind: str, x: Matrix, k: Matrix, mode: str, boundary: str, fillvalue,
                   out_name: str, limits: Limits) -> Expansion2D:
    """Expand ``scipy.signal.convolve2d`` / ``correlate2d`` over the cells ``mode`` keeps.

    Written as a correlation of ``x`` (extended by ``boundary``) with the kernel as applied:
    ``full[I, J] = sum_{m,n} kt[m, n] x[I + m - (M2-1), J + n - (N2-1)]`` where ``kt`` is ``k``
    rotated by 180 degrees (convolution) or conjugated (correlation); ``same``/``valid`` keep the
    slice `scipy2d_window()` gives.
    """
    check_mode(mode)
    check_boundary(boundary)
    swapped = scipy2d_swaps(x.shape, k.shape, mode)
    (m1, n1), (m2, n2) = x.shape, k.shape
    offset, out_shape = scipy2d_window(x.shape, k.shape, mode, kind)
    if kind == "convolve2d":
        kernel = tuple(tuple(reversed(row)) for row in reversed(k.rows))
    else:
        kernel = tuple(tuple(sympy.conjugate(v) for v in row) for row in k.rows)
    window = Window2D(out_shape, k.shape, (offset[0] - (m2 - 1), offset[1] - (n2 - 1)), (1, 1), (1, 1))
    zero = sympy.S.Zero

    def value_at(r: int, c: int):
        if 0 <= r < m1 and 0 <= c < n1:
            return x.rows[r][c]
        if mode == "valid":  # complete overlaps only: nothing outside contributes
            return zero
        if boundary == "wrap":
            return x.rows[r % m1][c % n1]
        if boundary == "symm":
            return x.rows[mirror(r, m1)][mirror(c, n1)]
        return fillvalue

    return slide(kind, x, k, kernel, (m2 - 1, m2 - 1, n2 - 1, n2 - 1), window, value_at, out_name,
                 limits, mode=mode, boundary=boundary, fillvalue=fillvalue, swapped=swapped)


def check_fillvalue(fillvalue, x: Matrix, k: Matrix, limits: Limits):
    """The exact fill value, as scipy treats it.

    scipy casts ``fillvalue`` to the inputs' common type: a complex fill with real inputs is
    refused (scipy raises), and with integer inputs a non-integer fill is truncated toward zero
    (``fillvalue=1.5`` acts as 1), which symconv follows.
    """
    from ..parse import parse_value

    value, _ = parse_value(fillvalue, where="fillvalue", limits=limits)
    if value.free_symbols:
        raise InputError(f"fillvalue must be a number, got {brief(fillvalue)}")
    entries = x.values + k.values
    if value.is_extended_real is False and all(v.is_extended_real for v in entries):
        raise InputError(f"fillvalue {brief(fillvalue)} is complex but the inputs are real; scipy "
                         f"refuses that ('could not cast fillvalue to output type')")
    if value.is_Rational and not value.is_Integer and all(v.is_Integer for v in entries):
        return sympy.Integer(int(value))  # scipy casts the fill to the inputs' integer type
    return value
