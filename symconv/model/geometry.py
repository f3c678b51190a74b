"""Where every output's window lies: the one home of window geometry, 1D and 2D.

An output is a sum of products ``left[i] * right[j]``. Its terms come in *segments*: runs of
``count`` products in which the left index advances by ``left_step`` and the right index by
``right_step`` (``-1`` for the flipped sequence of a 1D convolution). The engine's exact kernel,
the steps layer, the tables and the figures all read the segments from here; nobody else does
index arithmetic on windows. The engine builds these (it decides modes, swaps and padding in
`symconv.engine.index`); they are data, so they live in the model, where every layer above
can read them.

Indices are true indices: 1D sample indices (start offsets included), 2D ``(row, column)`` of
the source the window slides over (negative, or past the end, where a boundary rule or padding
supplies the value).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Window1D", "Window2D"]


@dataclass(frozen=True)
class Window1D:
    """The windows of a 1D convolution or correlation, in true indices.

    ``kind == "convolve"``: ``c[n] = sum_m a[m] b[n - m]``; the summation index is ``m``, the left
    factor ``a[m]`` and the right ``b[n - m]`` (right step -1).
    ``kind == "correlate"``: ``c[k] = sum_m a[m + k] conj(b[m])``; the summation index is ``m``,
    the left factor ``a[n + k]`` and the right ``b[n]`` (both steps +1).

    Examples
    --------
    >>> w = Window1D("convolve", 0, 4, 0, 3)
    >>> w.term_range(3)
    (1, 3)
    >>> w.segment(3, 1, 3)
    (1, 2, 3)
    """

    kind: str
    a_start: int
    a_len: int
    b_start: int
    b_len: int

    @property
    def left_step(self) -> int:
        return 1

    @property
    def right_step(self) -> int:
        return -1 if self.kind == "convolve" else 1

    def term_range(self, n: int) -> tuple[int, int]:
        """Inclusive range of the summation index where both factors lie in their supports
        (empty when ``lo > hi``)."""
        a0, a1, b0, b1 = self.a_start, self.a_start + self.a_len - 1, self.b_start, self.b_start + self.b_len - 1
        if self.kind == "convolve":
            return max(a0, n - b1), min(a1, n - b0)
        return max(b0, a0 - n), min(b1, a1 - n)

    def factor_indices(self, n: int, m: int) -> tuple[int, int]:
        """(index into a, index into b) of the term at summation index ``m`` of output ``n``."""
        return (m, n - m) if self.kind == "convolve" else (m + n, m)

    def partner(self, n: int, j: int) -> int:
        """The index of the first factor that meets ``second[j]`` in output ``n``."""
        return n - j if self.kind == "convolve" else j + n

    def segment(self, n: int, lo: int, hi: int) -> tuple[int, int, int]:
        """``(left index, right index, count)`` of the terms ``lo <= m <= hi`` of output ``n``."""
        i, j = self.factor_indices(n, lo)
        return i, j, hi - lo + 1

    def hand_window(self) -> range:
        """The summation indices a hand derivation runs over: the first factor's support
        (``a`` for convolution, ``b`` for correlation), zero products included."""
        if self.kind == "convolve":
            return range(self.a_start, self.a_start + self.a_len)
        return range(self.b_start, self.b_start + self.b_len)

    def span(self, outputs) -> tuple[int, int]:
        """Smallest and largest left index that the first sequence or any shifted second
        sequence occupies, over ``outputs``: the columns of a sliding-strip table."""
        ns = list(outputs)
        a0, a1 = self.a_start, self.a_start + self.a_len - 1
        b0, b1 = self.b_start, self.b_start + self.b_len - 1
        if self.kind == "convolve":  # b[n - m] sits at m = n - b1 .. n - b0
            return min([a0] + [n - b1 for n in ns]), max([a1] + [n - b0 for n in ns])
        return min([a0] + [b0 + n for n in ns]), max([a1] + [b1 + n for n in ns])


@dataclass(frozen=True)
class Window2D:
    """The windows of a sliding-window sum ``y[i, j] = sum_{m, n} src[r(i, m), c(j, n)] ker[m, n]``
    with ``r(i, m) = r0 + i*s_r + m*d_r`` and ``c(j, n) = c0 + j*s_c + n*d_c``.

    One formulation covers scipy's ``convolve2d``/``correlate2d`` (stride and dilation 1, a
    negative origin in ``full`` mode) and torch's ``conv1d``/``conv2d`` (origin 0 in the padded
    input, any stride and dilation).

    Examples
    --------
    >>> w = Window2D((2, 2), (2, 2), (0, 0), (1, 1), (1, 1))
    >>> w.region()
    (range(0, 3), range(0, 3))
    >>> w.segments(1, 0)
    (((1, 0), (0, 0), 2), ((2, 0), (1, 0), 2))
    >>> w.segments(1, 0, inside=(range(0, 2), range(0, 3)))
    (((1, 0), (0, 0), 2),)
    """

    out_shape: tuple
    kernel_shape: tuple
    origin: tuple
    stride: tuple
    dilation: tuple

    @property
    def left_step(self) -> tuple[int, int]:
        """How the source position moves from one tap of a kernel row to the next."""
        return (0, self.dilation[1])

    @property
    def right_step(self) -> tuple[int, int]:
        return (0, 1)

    @property
    def cells(self) -> int:
        return self.out_shape[0] * self.out_shape[1]

    @property
    def taps(self) -> int:
        return self.kernel_shape[0] * self.kernel_shape[1]

    def region(self) -> tuple[range, range]:
        """The source rows and columns that some window reaches."""
        (rows, cols), (kh, kw) = self.out_shape, self.kernel_shape
        (r0, c0), (sr, sc), (dr, dc) = self.origin, self.stride, self.dilation
        return (range(r0, r0 + (rows - 1) * sr + (kh - 1) * dr + 1),
                range(c0, c0 + (cols - 1) * sc + (kw - 1) * dc + 1))

    def region_size(self) -> tuple[int, int]:
        """``(rows, columns)`` of `region()`, from the sizes alone (nothing is built)."""
        (rows, cols), (kh, kw) = self.out_shape, self.kernel_shape
        (sr, sc), (dr, dc) = self.stride, self.dilation
        return (rows - 1) * sr + (kh - 1) * dr + 1, (cols - 1) * sc + (kw - 1) * dc + 1

    def corner(self, i: int, j: int) -> tuple[int, int]:
        """The source position under the kernel's tap ``(0, 0)`` for output cell ``(i, j)``."""
        return self.origin[0] + i * self.stride[0], self.origin[1] + j * self.stride[1]

    def positions(self, i: int, j: int) -> list:
        """Every ``((r, c), (m, n))`` of cell ``(i, j)``, in kernel order."""
        (r, c), (dr, dc) = self.corner(i, j), self.dilation
        kh, kw = self.kernel_shape
        return [((r + m * dr, c + n * dc), (m, n)) for m in range(kh) for n in range(kw)]

    def segments(self, i: int, j: int, inside: tuple[range, range] | None = None) -> tuple:
        """``((r, c), (m, n), count)`` per kernel row of cell ``(i, j)``: ``count`` taps from
        ``(m, n)`` on, over the source from ``(r, c)`` on. With ``inside`` (rows, columns), taps
        whose source position falls outside are left out."""
        (r, c), (dr, dc) = self.corner(i, j), self.dilation
        kh, kw = self.kernel_shape
        if inside is None:
            return tuple([((r + m * dr, c), (m, 0), kw) for m in range(kh)])
        rows, cols = inside
        m_lo, m_hi = _taps_inside(r, dr, kh, rows)
        n_lo, n_hi = _taps_inside(c, dc, kw, cols)
        if n_lo > n_hi:
            return ()
        c0, count = c + n_lo * dc, n_hi - n_lo + 1
        return tuple([((r + m * dr, c0), (m, n_lo), count) for m in range(m_lo, m_hi + 1)])

    def flat_segments(self, i: int, j: int, region: tuple[range, range], inside: tuple[range, range] | None = None) -> tuple:
        """`segments()` as ``(offset into region, offset into the flattened kernel, count)``,
        the region (rows, columns) laid out row by row: what the exact kernel and the steps read.

        Examples
        --------
        >>> w = Window2D((2, 2), (2, 2), (0, 0), (1, 1), (1, 1))
        >>> w.flat_segments(1, 1, w.region())
        ((4, 0, 2), (7, 2, 2))
        """
        (r, c), (dr, dc) = self.corner(i, j), self.dilation
        kh, kw = self.kernel_shape
        rows, cols = region
        width = len(cols)
        if inside is None or (r in inside[0] and r + (kh - 1) * dr in inside[0]
                              and c in inside[1] and c + (kw - 1) * dc in inside[1]):
            base, step = (r - rows.start) * width + c - cols.start, dr * width
            return tuple([(base + m * step, m * kw, kw) for m in range(kh)])
        return tuple([((rr - rows.start) * width + cc - cols.start, m * kw + n, count)
                      for (rr, cc), (m, n), count in self.segments(i, j, inside)])


def _taps_inside(start: int, step: int, taps: int, inside: range) -> tuple[int, int]:
    """The first and last tap ``t < taps`` with ``start + t*step`` in ``inside`` (empty: lo > hi)."""
    lo = -((start - inside.start) // step) if start < inside.start else 0
    hi = min(taps - 1, (inside.stop - 1 - start) // step) if start <= inside.stop - 1 else -1
    return lo, hi
