"""Pure data of the other views of a 1D convolution: the products arranged by output index (the
table without carries, and the product of two polynomials), and the convolution (Toeplitz) matrix.

Both read one *kernel*: ``b`` for a convolution, and for a correlation the flipped sequence
``b~[j] = conj(b[-j])``, since ``c[k] = sum_m a[m + k] conj(b[m]) = sum_m a[m] b~[k - m]``. Every
index here is a true index (start offsets included), except the matrix's rows and columns, which
count from 0 as a matrix's do.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ShiftedRow", "ProductArray", "ConvolutionMatrix"]


@dataclass(frozen=True)
class ShiftedRow:
    """One row of a `ProductArray`: ``factor = first[m]`` times every sample of the kernel;
    ``products[p] = factor * kernel[kernel_start + p]`` lands at output index ``start + p``
    (``start = m + kernel_start``: the kernel shifted ``m`` places)."""

    m: int
    factor: object
    start: int
    products: tuple


@dataclass(frozen=True)
class ProductArray:
    """The products ``first[m] * kernel[j]`` of a 1D convolution, each at output index
    ``n = m + j``: the table of a multiplication without carries, and the expanded product
    ``A(x) K(x)`` of the generating polynomials, whose coefficient of ``x^n`` is ``c[n]``.

    Attributes
    ----------
    kind : {"convolve", "correlate"}
    kernel_start : int
        The index of the kernel's first sample (``b``'s start; for a correlation ``-(last index of b)``).
    kernel : tuple of sympy.Expr
        The kernel's samples as they enter the products (conjugated for a complex correlation).
    rows : tuple of ShiftedRow
        One per sample of the first sequence, ``m`` ascending.
    full : range
        The output indices of the full result.
    sums : tuple of sympy.Expr
        ``sums[i]``: the exact sum of the products at ``full[i]`` (a column of the table, a
        coefficient of the product).
    kept : range
        The output indices the mode keeps (NumPy's), a slice of ``full``.
    """

    kind: str
    kernel_start: int
    kernel: tuple
    rows: tuple
    full: range
    sums: tuple
    kept: range

    @property
    def kernel_indices(self) -> range:
        return range(self.kernel_start, self.kernel_start + len(self.kernel))

    @property
    def columns(self) -> range:
        """The columns a table needs: the full result's indices and the kernel's own."""
        return range(min(self.full.start, self.kernel_start), max(self.full.stop, self.kernel_indices.stop))

    def column(self, n: int) -> list:
        """``(m, product)`` of every product at output index ``n``, ``m`` ascending."""
        out = []
        for row in self.rows:
            p = n - row.start
            if 0 <= p < len(row.products):
                out.append((row.m, row.products[p]))
        return out

    def sum_at(self, n: int):
        return self.sums[n - self.full.start]

    @property
    def values(self) -> tuple:
        """The kept outputs, index ascending."""
        return tuple(self.sum_at(n) for n in self.kept)


@dataclass(frozen=True)
class ConvolutionMatrix:
    """``c = T a``: the convolution matrix of the kernel, as ``scipy.linalg.convolution_matrix``.

    ``T[r, j] = kernel[kernel_start + offset + r - j]`` (zero outside the kernel), for rows
    ``r = 0 … rows - 1`` and columns ``j = 0 … columns - 1``; row ``r`` gives the output
    ``c[out_start + r]`` and column ``j`` multiplies ``first[first_start + j]``, so the entry is
    ``kernel[n - m]`` of that output ``n`` and sample ``m``: a Toeplitz matrix, constant along each
    diagonal. ``offset`` is the first kept row's position in the full matrix (``rows + columns -
    1`` would be the full ``(N + M - 1) x N``). ``scipy_mode`` is the mode in which
    ``scipy.linalg.convolution_matrix(kernel, columns, scipy_mode)`` returns exactly these rows:
    the mode itself, or ``"full"`` (then the rows ``offset …`` of it are these), where scipy's
    ``same`` keeps other rows than ``numpy.correlate``'s. ``values[r]`` is row ``r``'s dot product
    with the first sequence, computed from the entries.
    """

    kind: str
    mode: str
    scipy_mode: str
    kernel_start: int
    kernel: tuple
    first_start: int
    first: tuple
    out_start: int
    offset: int
    rows: int
    values: tuple

    @property
    def columns(self) -> int:
        return len(self.first)

    @property
    def shape(self) -> tuple:
        return self.rows, self.columns

    @property
    def sliced(self) -> bool:
        """Whether these rows are a slice of scipy's full matrix (not scipy's own mode)."""
        return self.scipy_mode != self.mode

    def band(self, r: int) -> tuple[int, int]:
        """``(first column, count)`` of the entries of row ``r`` that hold a kernel sample (the
        others are 0); count 0 for a row of zeros."""
        p = self.offset + r  # the kernel position at column 0
        lo, hi = max(0, p - len(self.kernel) + 1), min(self.columns - 1, p)
        return (lo, hi - lo + 1) if hi >= lo else (0, 0)

    def entry(self, r: int, j: int):
        """``T[r, j]`` (the kernel's zero outside its support)."""
        p = self.offset + r - j
        return self.kernel[p] if 0 <= p < len(self.kernel) else self.kernel[0] * 0

    def kernel_index(self, r: int, j: int) -> int:
        """The kernel index ``T[r, j]`` reads: ``n - m`` of row ``r``'s output and column ``j``'s sample."""
        return (self.out_start + r) - (self.first_start + j)

    @property
    def diagonal_shift(self) -> int:
        """``d`` in ``T[r, j] = kernel[r - j + d]`` (true kernel indices)."""
        return self.out_start - self.first_start
