"""The pieces of each view of one transposed-convolution plane (one input channel, one weight
slice): the strips its products read, each output cell's segments and value, and the steps that
show the zero-inserted input, the flipped kernel, the stamps, the overlap map and the transposed
matrix. `symconv.steps.transposed_build` assembles them, with channel prefixes on every index
when the input has channels."""

from __future__ import annotations

from ..engine import refuse_oversize
from ..engine import refuse_large_array
from .base import Array, Ref, Strip
from .transposed import MAX_MATRIX, KernelFlip, Overlaps, Skipped, StampAdd, ZeroInsertion

__all__ = ["index", "zero_insertion", "kernel_flip", "insertion_strips", "insertion_cells", "scatter_strips",
           "scatter_cells", "stamps", "cap", "overlaps", "by_row", "transposed_rows", "band_strips"]


def index(one_d: bool, r: int, c: int) -> tuple:
    """A spatial index as the derivation writes it: ``(c,)`` in 1D, ``(r, c)`` in 2D."""
    return (c,) if one_d else (r, c)


def zero_insertion(plane, g, one_d: bool, X: Array, XZ: Array, prefix: tuple = ()) -> ZeroInsertion:
    """The zero-inserted, padded input plane, its non-input cells marked."""
    region = plane.insertion.region
    holds_r, holds_c = g.holds
    zeros = frozenset((r, c) for r in region.rows for c in region.cols if holds_r[r] is None or holds_c[c] is None)
    width = len(region.cols)
    rows = tuple(tuple(region.values[r * width:(r + 1) * width]) for r in range(len(region.rows)))
    return ZeroInsertion(X, XZ, rows, zeros, g.stride, g.before, g.after, g.padding, g.dilation, g.kernel_shape,
                         g.output_padding, one_d, prefix)


def kernel_flip(plane, one_d: bool, W: Array, WF: Array, prefix: tuple = ()) -> KernelFlip:
    return KernelFlip(W, WF, plane.insertion.kernel, one_d, prefix)


def insertion_strips(plane, g, one_d: bool, XZ: Array, WF: Array, x_pre: tuple = (), w_pre: tuple = ()) -> tuple:
    """(left, right): the zero-inserted input (``inside`` where it holds an input sample) and the
    flipped kernel."""
    region = plane.insertion.region
    holds_r, holds_c = g.holds
    inside = tuple(holds_r[r] is not None and holds_c[c] is not None for r in region.rows for c in region.cols)
    left = Strip(XZ, tuple(x_pre + index(one_d, r, c) for r in region.rows for c in region.cols), region.values,
                 g.dilation[1], False, inside)
    kh, kw = g.kernel_shape
    right = Strip(WF, tuple(w_pre + index(one_d, m, n) for m in range(kh) for n in range(kw)),
                  tuple(v for row in plane.insertion.kernel for v in row), 1)
    return left, right


def insertion_cells(plane) -> list:
    """``(segments, value)`` of each output cell, row-major, in the zero-insertion view."""
    return [(cell.segments, cell.value) for cell in plane.insertion.cells]


def scatter_strips(plane, g, one_d: bool, X: Array, W: Array, x_pre: tuple = (), w_pre: tuple = ()) -> tuple:
    """(left, right): the input and the kernel as given, read input index ascending."""
    (h, wd), (kh, kw) = g.in_shape, g.kernel_shape
    left = Strip(X, tuple(x_pre + index(one_d, r, c) for r in range(h) for c in range(wd)), plane.x.values,
                 plane.scatter_steps[0])
    right = Strip(W, tuple(w_pre + index(one_d, m, n) for m in range(kh) for n in range(kw)), plane.w.values,
                  plane.scatter_steps[1])
    return left, right


def scatter_cells(plane) -> list:
    return list(zip(plane.scatter, plane.scatter_values))


def stamps(plane, g, one_d: bool, X: Array, W: Array, Y: Array, x_pre: tuple = (), y_pre: tuple = (),
           w_index: tuple = ()) -> list:
    """One `StampAdd` per input sample of the plane, row-major."""
    out = []
    for stamp in plane.stamps:
        r, c = stamp.index
        out.append(StampAdd(Y, Ref(X, x_pre + index(one_d, r, c)), plane.x.rows[r][c], W, plane.w.rows,
                            stamp.corner, g.dilation, stamp.products, stamp.outside, one_d, y_pre, w_index))
    return out


def cap(items: list, keep, what: str) -> list:
    """``keep`` items at each end and a `Skipped` step between (the ``elide`` option)."""
    if keep and len(items) > 2 * keep + 1:
        return items[:keep] + [Skipped(len(items) - 2 * keep, what)] + items[-keep:]
    return items


def overlaps(g, one_d: bool, Y: Array) -> Overlaps:
    rows_out, cols_out = g.out_shape
    counts = tuple(tuple(g.overlap(r, c) for c in range(cols_out)) for r in range(rows_out))
    return Overlaps(Y, counts, g.kernel_shape, g.stride, g.dilation, g.pattern, one_d)


def by_row(plane) -> list:
    """Per row of the transposed matrix, ``{column: entry}`` of its kernel taps."""
    return [dict(row) for row in plane.band_rows]


def transposed_rows(plane, g) -> tuple:
    """``(rows, zeros)`` of the transposed matrix entry by entry, or ``(None, ∅)`` when it is
    larger than `MAX_MATRIX`."""
    rows_out, cols_out = g.out_shape
    o_total, i_total = rows_out * cols_out, g.in_cells
    if o_total > MAX_MATRIX[0] or i_total > MAX_MATRIX[1]:
        return None, frozenset()
    entries = by_row(plane)
    values = plane.band[0]
    zero = values[0] * 0 if values else 0
    rows = tuple(tuple(row.get(r, zero) for r in range(i_total)) for row in entries)
    zeros = frozenset((j, r) for j, row in enumerate(entries) for r in range(i_total) if r not in row)
    return rows, zeros


def band_strips(plane, g, one_d: bool, CT: Array, X: Array, x_pre: tuple = (), c_pre: tuple = (),
                full: bool = False, limits=None, what: str = "") -> tuple:
    """``(left, right, segments)`` of the matrix view's row dot products: the row's kernel taps
    (``full``: every entry, zeros included) times the input, flattened row by row."""
    rows_out, cols_out = g.out_shape
    (h, wd) = g.in_shape
    o_total, i_total = rows_out * cols_out, h * wd
    x_index = tuple(x_pre + index(one_d, r, c) for r in range(h) for c in range(wd))
    if full:
        refuse_large_array(f"{what} with zeros=True: the matrix", o_total * i_total, limits)
        refuse_oversize(f"{what} with zeros=True", o_total, o_total * i_total, plane.is_symbolic, limits)
        entries = by_row(plane)
        values = plane.band[0]
        zero = values[0] * 0 if values else 0
        left = Strip(CT, tuple(c_pre + (j, r) for j in range(o_total) for r in range(i_total)),
                     tuple(row.get(r, zero) for row in entries for r in range(i_total)), 1)
        right = Strip(X, x_index, plane.x.values, 1)
        return left, right, [((j * i_total, 0, i_total),) for j in range(o_total)]
    # the band is laid out row by row, so a row's segments index the strip directly
    indices = tuple(c_pre + (j, col) for j, row in enumerate(plane.band_rows) for col, _ in row)
    left = Strip(CT, indices, plane.band[0], 1)
    right = Strip(X, x_index, plane.x.values, plane.scatter_steps[0])
    return left, right, list(plane.band_segments)
