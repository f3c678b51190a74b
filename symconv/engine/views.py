"""The index arithmetic of the other views of a 1D convolution: where each product of the table
lands, which rows of the convolution matrix a mode keeps, and the exact sums of both (through the
one exact kernel, each view computing its own values from its own arrangement)."""

from __future__ import annotations

from ..limits import DEFAULT_LIMITS, Limits
from ..model import Expansion1D, Window1D
from ..model.views import ConvolutionMatrix, ProductArray, ShiftedRow
from ._budget import refuse_large_array, refuse_oversize
from .index import convolve_window
from .kernel import _expand_products, exact_dots

__all__ = ["view_kernel", "product_array", "convolution_matrix"]


def view_kernel(e: Expansion1D) -> tuple[int, tuple]:
    """``(start, values)`` of the sequence the first one is convolved with: ``b`` for a
    convolution; ``b~[j] = conj(b[-j])`` for a correlation (``c[k] = sum_m a[m] b~[k - m]``)."""
    if e.kind == "convolve":
        return e.b.start, e.right
    return -(e.b.stop - 1), tuple(reversed(e.right))


def _offset(e: Expansion1D, kernel_start: int) -> int:
    """The kept outputs' first position in the full result (index ``a.start + kernel_start``)."""
    return e.start - (e.a.start + kernel_start)


def product_array(e: Expansion1D, limits: Limits = DEFAULT_LIMITS) -> ProductArray:
    """Every product ``a[m] * kernel[j]`` at ``n = m + j``, and each full output's exact sum.

    Examples
    --------
    >>> from symconv.engine import expand_convolve
    >>> from symconv.model import Sequence
    >>> e = expand_convolve(Sequence("1, 2"), Sequence("3, 4", start=-1), "full", "c", DEFAULT_LIMITS)
    >>> p = product_array(e)
    >>> p.full, [(r.m, r.start, r.products) for r in p.rows], p.sums
    (range(-1, 2), [(0, -1, (3, 4)), (1, 0, (6, 8))], (3, 10, 8))
    """
    ks, kernel = view_kernel(e)
    n, m = len(e.a), len(kernel)
    refuse_oversize(f"the products of {e.kind} of lengths {n} and {m}", n + m - 1, n * m,
                    e.a.is_symbolic or e.b.is_symbolic, limits)
    def times(x, y):  # rationals multiply as they are; (1 + 2i)(3 - i) is multiplied out
        return x * y if x.is_Rational and y.is_Rational else _expand_products(x * y)

    rows = tuple(ShiftedRow(e.a.start + i, v, e.a.start + i + ks, tuple(times(v, k) for k in kernel))
                 for i, v in enumerate(e.a.values))
    full = range(e.a.start + ks, e.a.start + ks + n + m - 1)
    window = Window1D("convolve", e.a.start, n, ks, m)
    segments = []
    for out in full:
        i, j, count = window.segment(out, *window.term_range(out))
        segments.append([(i - e.a.start, j - ks, count)])
    sums = tuple(exact_dots(e.a.values, kernel, segments, 1, -1))
    first = _offset(e, ks)
    return ProductArray(e.kind, ks, kernel, rows, full, sums, range(full.start + first, full.start + first + len(e.samples)))


def convolution_matrix(e: Expansion1D, limits: Limits = DEFAULT_LIMITS, entries: bool = False) -> ConvolutionMatrix:
    """The rows of the kernel's convolution matrix that the mode keeps, each row's dot product
    with ``a`` computed from the matrix's entries (``entries``: every entry, zeros included, is
    counted against the budgets, as when the rows are written in full).

    Examples
    --------
    >>> from symconv.engine import expand_convolve
    >>> from symconv.model import Sequence
    >>> e = expand_convolve(Sequence("1, 2, 3"), Sequence("1, -1"), "same", "c", DEFAULT_LIMITS)
    >>> t = convolution_matrix(e)
    >>> t.shape, t.scipy_mode, t.values, [t.band(r) for r in range(t.rows)]
    ((3, 3), 'same', (1, 1, 1), [(0, 1), (0, 2), (1, 2)])
    """
    ks, kernel = view_kernel(e)
    n, m = len(e.a), len(kernel)
    rows, offset = len(e.samples), _offset(e, ks)
    cells = rows * n
    if entries:
        refuse_large_array(f"the {rows}×{n} convolution matrix", cells, limits)
    refuse_oversize(f"the convolution matrix of {e.kind} of lengths {n} and {m}", rows, cells if entries else
                    rows * min(n, m), e.a.is_symbolic or e.b.is_symbolic, limits)
    # scipy.linalg.convolution_matrix(k, n, mode) keeps numpy.convolve's rows; numpy.correlate's
    # 'same' keeps other rows when it swaps its inputs and the shorter length is even
    scipy_first, scipy_count = convolve_window(n, m, e.mode)
    scipy_mode = e.mode if (scipy_first, scipy_count) == (offset, rows) else "full"
    t = ConvolutionMatrix(e.kind, e.mode, scipy_mode, ks, kernel, e.a.start, e.a.values, e.start, offset, rows, ())
    segments = []
    for r in range(rows):
        j, count = t.band(r)
        segments.append([(j, t.offset + r - j, count)])  # a[j], kernel[offset + r - j], backwards
    values = tuple(exact_dots(e.a.values, kernel, segments, 1, -1)) if rows else ()
    return ConvolutionMatrix(e.kind, e.mode, scipy_mode, ks, kernel, e.a.start, e.a.values, e.start, offset, rows,
                             values)
