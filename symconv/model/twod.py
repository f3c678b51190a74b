"""Pure data of 2D and deep-learning derivations: matrices, cells and the sliding window."""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr

from ..limits import DEFAULT_LIMITS
from .oned import _ZERO, check_name

__all__ = ["Matrix", "Cell", "Term2D", "Expansion2D"]


@dataclass(frozen=True, init=False)
class Matrix:
    """A 2D array of exact values, ``x[r, c] = rows[r][c]``.

    Parameters
    ----------
    values : str, nested list/tuple, 2D numpy array or Matrix
        Anything :func:`symconv.parse.parse_matrix` accepts (``"1 2; 3 4"``, ``[[1, 2], [3, 4]]``).
    name : str, optional
        The name used in derivations.

    Examples
    --------
    >>> Matrix("1 2 3; 4 5 6", name="x").shape
    (2, 3)
    """

    rows: tuple
    name: str | None
    decimal: bool

    def __init__(self, values, name: str | None = None, *, limits=DEFAULT_LIMITS):
        from ..parse import parse_matrix

        if isinstance(values, Matrix):
            rows, decimal = values.rows, values.decimal
            name = name if name is not None else values.name
        else:
            parsed = parse_matrix(values, name=name or "x", limits=limits)
            rows, decimal = parsed.rows, parsed.decimal
        if name is not None:
            check_name(name)
        object.__setattr__(self, "rows", tuple(tuple(r) for r in rows))
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "decimal", decimal)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.rows[0])

    def __getitem__(self, rc: tuple[int, int]) -> Expr:
        return self.rows[rc[0]][rc[1]]

    def renamed(self, name: str) -> "Matrix":
        """The same values under another name."""
        return Matrix(self, name)

    @property
    def values(self) -> tuple:
        """All entries, row by row."""
        return tuple(v for row in self.rows for v in row)

    @property
    def is_symbolic(self) -> bool:
        return any(v.free_symbols for v in self.values)


@dataclass(frozen=True)
class Cell:
    """One output cell: ``value = sum of source[r, c] * kernel[m, n]`` over its window."""

    i: int
    j: int
    value: Expr


@dataclass(frozen=True)
class Term2D:
    """One product of a 2D sum: ``left = source[r, c]`` times ``right = kernel[m, n]``.

    ``inside`` is False when ``(r, c)`` lies outside the input and ``left`` comes from the
    boundary rule (fill value, wrap, mirror) or the zero padding.
    """

    m: int
    n: int
    r: int
    c: int
    left: Expr
    right: Expr
    inside: bool

    @property
    def product(self) -> Expr:
        return self.left * self.right


@dataclass(frozen=True)
class Expansion2D:
    """A 2D (or deep-learning 1D) sliding-window sum expanded cell by cell.

    Every operation is written as a cross-correlation of a *source* with the *kernel as applied*:
    ``y[i, j] = sum_{m, n} source[r0 + i*sr + m*dr, c0 + j*sc + n*dc] * kernel[m, n]``.

    * ``convolve2d`` (scipy): the source is ``x`` extended by the boundary rule, the kernel is
      ``k`` rotated by 180 degrees, ``(r0, c0)`` is negative in ``full`` mode.
    * ``correlate2d`` (scipy): as above with the kernel conjugated, not rotated.
    * ``conv1d``/``conv2d`` (torch): the source is ``x`` zero-padded (``padded`` True when any
      padding is used), stride and dilation as given, ``(r0, c0) = (0, 0)``.

    Attributes
    ----------
    kind : {"convolve2d", "correlate2d", "conv1d", "conv2d"}
    x, k : Matrix
        The input and kernel as the user gave them (conv1d: one row each).
    out_name : str
    kernel : tuple of tuples
        The kernel as applied (rotated for convolution, conjugated for correlation).
    source : tuple of tuples
        The array the window slides over: ``x`` (scipy) or the zero-padded ``x~`` (torch).
    padding : (top, bottom, left, right)
        Rows/columns of padding (torch) or of boundary extension that the windows can reach.
    origin, stride, dilation : (int, int)
    out_shape : (int, int)
    cells : tuple of Cell
        Row-major.
    mode, boundary, fillvalue :
        scipy parameters (None for torch).
    swapped : bool
        scipy's ``valid``-mode swap (the second input is larger in every dimension).
    """

    kind: str
    x: Matrix
    k: Matrix
    out_name: str
    kernel: tuple
    source: tuple
    padding: tuple
    origin: tuple
    stride: tuple
    dilation: tuple
    out_shape: tuple
    cells: tuple
    mode: str | None = None
    boundary: str | None = None
    fillvalue: Expr | None = None
    swapped: bool = False
    raw_padding: object = None

    @property
    def one_d(self) -> bool:
        return self.kind == "conv1d"

    @property
    def names(self) -> tuple:
        """Default names: (input, kernel, output)."""
        return (self.x.name, self.k.name, self.out_name)

    @property
    def padded(self) -> bool:
        """True when the torch source is the zero-padded input (any padding > 0)."""
        return self.kind in ("conv1d", "conv2d") and any(self.padding)

    @property
    def values(self) -> tuple:
        """Output rows of exact values (conv1d: the one row)."""
        rows, cols = self.out_shape
        flat = [c.value for c in self.cells]
        return tuple(tuple(flat[r * cols:(r + 1) * cols]) for r in range(rows))

    def source_value(self, r: int, c: int) -> tuple[Expr, bool]:
        """``(value, inside)`` of the source at ``(r, c)``, applying the scipy boundary rule."""
        rows, cols = len(self.source), len(self.source[0])
        if 0 <= r < rows and 0 <= c < cols:
            inside = True
            if self.padded:
                top, _, left, _ = self.padding
                inside = 0 <= r - top < self.x.shape[0] and 0 <= c - left < self.x.shape[1]
            return self.source[r][c], inside
        if self.mode == "valid":  # complete overlaps only: nothing outside contributes
            return _ZERO, False
        if self.boundary == "wrap":
            return self.source[r % rows][c % cols], False
        if self.boundary == "symm":
            return self.source[_mirror(r, rows)][_mirror(c, cols)], False
        return (self.fillvalue if self.fillvalue is not None else _ZERO), False

    def skips_outside(self) -> bool:
        """Whether out-of-range terms are zero and left out (scipy fill with 0, or valid mode)."""
        return self.kind in ("convolve2d", "correlate2d") and (
            self.mode == "valid" or (self.boundary == "fill" and self.fillvalue == 0))

    def terms(self, cell: Cell, everything: bool = False) -> tuple:
        """The products of ``cell`` in kernel order; out-of-range zero terms are left out unless
        ``everything``."""
        (r0, c0), (sr, sc), (dr, dc) = self.origin, self.stride, self.dilation
        skip = self.skips_outside() and not everything
        out = []
        for m, row in enumerate(self.kernel):
            for n, weight in enumerate(row):
                r, c = r0 + cell.i * sr + m * dr, c0 + cell.j * sc + n * dc
                value, inside = self.source_value(r, c)
                if skip and not inside:
                    continue
                out.append(Term2D(m, n, r, c, value, weight, inside))
        return tuple(out)


def _mirror(i: int, length: int) -> int:
    """scipy's ``symm`` boundary: reflect with the edge repeated (``x[-1] = x[0]``)."""
    period = 2 * length
    i %= period
    return i if i < length else period - 1 - i
