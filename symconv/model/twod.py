"""Pure data of 2D and deep-learning derivations: matrices, cells and the sliding window."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sympy import Expr

from ..limits import DEFAULT_LIMITS
from .geometry import Window2D
from .oned import check_name

__all__ = ["Matrix", "Cell", "Region", "Expansion2D"]


@dataclass(frozen=True, init=False)
class Matrix:
    """A 2D array of exact values, ``x[r, c] = rows[r][c]``.

    Parameters
    ----------
    values : str, nested list/tuple, 2D numpy array or Matrix
        Anything `symconv.parse.parse_matrix()` accepts (``"1 2; 3 4"``, ``[[1, 2], [3, 4]]``).
    name : str, optional
        The name used in derivations.

    Examples
    --------
    >>> from symconv import Matrix
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

    @classmethod
    def exact(cls, rows: tuple, name: str | None = None, decimal: bool = False) -> "Matrix":
        """A matrix of values that are already exact (SymPy), not parsed again (the engine's own
        slices of a parsed tensor)."""
        matrix = object.__new__(cls)
        object.__setattr__(matrix, "rows", tuple(tuple(r) for r in rows))
        object.__setattr__(matrix, "name", name)
        object.__setattr__(matrix, "decimal", decimal)
        return matrix

    def renamed(self, name: str) -> "Matrix":
        """The same values under another name."""
        return Matrix(self, name)

    @property
    def values(self) -> tuple:
        """All entries, row by row."""
        return tuple(v for row in self.rows for v in row)

    @cached_property
    def symbols(self) -> frozenset:
        """The free symbols of the entries (computed once)."""
        return frozenset().union(*(v.free_symbols for v in self.values if not v.is_Number))

    @property
    def is_symbolic(self) -> bool:
        return bool(self.symbols)


@dataclass(frozen=True)
class Cell:
    """One output cell: ``value`` is the sum of ``source[r, c] * kernel[m, n]`` over its
    ``segments``, ``(offset in the region, offset in the flattened kernel, count)`` per kernel
    row (see `flat_segments()`)."""

    i: int
    j: int
    value: Expr
    segments: tuple


@dataclass(frozen=True)
class Region:
    """The part of the source that some window reaches: ``values[(r - rows.start) * len(cols) +
    (c - cols.start)]`` is the source at ``(r, c)``; ``inside`` marks the positions that lie in
    the input itself (not in the padding or the boundary extension)."""

    rows: range
    cols: range
    values: tuple
    inside: tuple

    def offset(self, r: int, c: int) -> int:
        """Flat position of ``(r, c)``."""
        return (r - self.rows.start) * len(self.cols) + (c - self.cols.start)


@dataclass(frozen=True)
class Expansion2D:
    """A 2D (or deep-learning 1D) sliding-window sum expanded cell by cell.

    Every operation is written as a cross-correlation of a *source* with the *kernel as applied*:
    ``y[i, j] = sum_{m, n} source[r0 + i*sr + m*dr, c0 + j*sc + n*dc] * kernel[m, n]``.

    * ``convolve2d`` (scipy): the source is ``x`` extended by the boundary rule, the kernel is
      ``k`` rotated by 180 degrees, ``(r0, c0)`` is negative in ``full`` mode.
    * ``correlate2d`` (scipy): as above with the kernel conjugated, not rotated.
    * ``conv1d``/``conv2d`` (torch): the source is ``x`` zero-padded, in padded coordinates,
      stride and dilation as given, ``(r0, c0) = (0, 0)``.

    Attributes
    ----------
    kind : {"convolve2d", "correlate2d", "conv1d", "conv2d"}
    x, k : Matrix
        The input and kernel as the user gave them (conv1d: one row each).
    out_name : str
    kernel : tuple of tuples
        The kernel as applied (rotated for convolution, conjugated for correlation).
    padding : (top, bottom, left, right)
        torch: rows/columns of zero padding. scipy: how far the extended input reaches.
    window : Window2D
        Where every output cell's window lies.
    region : Region
        The source values the windows read.
    cells : tuple of Cell
        Row-major.
    mode, boundary, fillvalue :
        scipy parameters (None for torch).
    swapped : bool
        scipy's ``valid``-mode swap (the second input is larger in every dimension).
    padding_mode :
        torch's ``padding_mode``: what the padding holds (``zeros``, ``reflect``, ``replicate``,
        ``circular``).
    raw_padding :
        torch's ``padding`` argument as given.
    framework :
        Whose padding rules and call: ``torch`` (also for scipy), ``tensorflow`` or ``jax``.
    """

    kind: str
    x: Matrix
    k: Matrix
    out_name: str
    kernel: tuple
    padding: tuple
    window: Window2D
    region: Region
    cells: tuple
    mode: str | None = None
    boundary: str | None = None
    fillvalue: Expr | None = None
    swapped: bool = False
    raw_padding: object = None
    padding_mode: str = "zeros"
    framework: str = "torch"

    @property
    def one_d(self) -> bool:
        return self.kind == "conv1d"

    @property
    def names(self) -> tuple:
        """Default names: (input, kernel, output)."""
        return (self.x.name, self.k.name, self.out_name)

    @property
    def origin(self) -> tuple:
        return self.window.origin

    @property
    def stride(self) -> tuple:
        return self.window.stride

    @property
    def dilation(self) -> tuple:
        return self.window.dilation

    @property
    def out_shape(self) -> tuple:
        return self.window.out_shape

    @property
    def padded(self) -> bool:
        """True when the torch source is the zero-padded input (any padding > 0)."""
        return self.kind in ("conv1d", "conv2d") and any(self.padding)

    @property
    def decimal(self) -> bool:
        """Whether the input or the kernel was written with decimals."""
        return self.x.decimal or self.k.decimal

    @property
    def values(self) -> tuple:
        """Output rows of exact values (conv1d: the one row)."""
        rows, cols = self.out_shape
        flat = [c.value for c in self.cells]
        return tuple(tuple(flat[r * cols:(r + 1) * cols]) for r in range(rows))

    @property
    def input_box(self) -> tuple[range, range]:
        """The rows and columns of the source that hold the input itself."""
        top, _, left, _ = self.padding if self.kind in ("conv1d", "conv2d") else (0, 0, 0, 0)
        h, w = self.x.shape
        return range(top, top + h), range(left, left + w)

    def skips_outside(self) -> bool:
        """Whether out-of-range terms are zero and left out (scipy fill with 0, or valid mode)."""
        return self.kind in ("convolve2d", "correlate2d") and (
            self.mode == "valid" or (self.boundary == "fill" and self.fillvalue == 0))
