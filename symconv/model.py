"""Pure data: sequences and the steps of an expanded sum. No strings of notation live here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from dataclasses import replace as dataclasses_replace

import sympy
from sympy import Expr, Integer

from .errors import InputError
from .limits import DEFAULT_LIMITS
from .parse import parse_sequence

__all__ = ["Sequence", "Term", "Sample", "Expansion1D", "Matrix", "Cell", "Term2D", "Expansion2D",
           "Piece", "Formula", "SumStep", "ClosedForm",
           "check_name", "check_names"]

_ZERO = Integer(0)
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,11}(_[A-Za-z0-9]{1,6})?\Z")


def check_name(name) -> str:
    """Return ``name`` if it is an accepted sequence name (``x``, ``h``, ``out``, ``x_1``)."""
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise InputError(f"a name must be a letter then up to 11 letters/digits, optionally _ and "
                         f"a subscript (x, h, out, x_1), got {name!r}")
    return name


def check_names(names) -> tuple:
    """Three distinct names (first operand, second operand, output) from a tuple or ``"x,h,y"``."""
    if isinstance(names, str):
        names = tuple(part.strip() for part in names.split(","))
    names = tuple(names)
    if len(names) != 3:
        raise InputError(f"names takes three names (first, second, output), got {names!r}")
    for name in names:
        check_name(name)
    if len(set(names)) != 3:
        raise InputError(f"the three names must differ, got {names!r}")
    return names


@dataclass(frozen=True, init=False)
class Sequence:
    """A finite sequence whose first sample sits at index ``start``.

    ``x[n] = values[n - start]`` for ``start <= n < start + len(values)`` and 0 elsewhere.

    Parameters
    ----------
    values : str, list, tuple, 1D numpy array or Sequence
        The samples; anything :func:`symconv.parse.parse_sequence` accepts.
    start : int, optional
        Index of the first sample (negative allowed). Default 0.
    name : str, optional
        The name used in derivations (``x``, ``h``, ...). Default: chosen by the operation.

    Attributes
    ----------
    values : tuple of sympy.Expr
        Exact samples.
    decimal : bool
        Whether the input was written with decimals (drives ``numbers="auto"``).

    Examples
    --------
    >>> x = Sequence("1, 2, 3", start=-1, name="x")
    >>> x.indices
    range(-1, 2)
    >>> x[0], x[5]
    (2, 0)
    """

    values: tuple
    start: int
    name: str | None
    decimal: bool

    def __init__(self, values, start: int = 0, name: str | None = None, *, limits=DEFAULT_LIMITS):
        if isinstance(values, Sequence):
            parsed_values, decimal = values.values, values.decimal
            name = name if name is not None else values.name
        else:
            parsed = parse_sequence(values, name=name or "sequence", limits=limits)
            parsed_values, decimal = parsed.values, parsed.decimal
        if isinstance(start, bool) or not isinstance(start, int):
            if hasattr(start, "__index__") and not isinstance(start, bool):
                start = int(start.__index__())
            else:
                raise InputError(f"start of {name or 'sequence'} must be an integer, got {start!r}")
        if abs(start) > 10**9:
            raise InputError(f"start of {name or 'sequence'} must be within ±10**9, got {start}")
        if name is not None:
            check_name(name)
        object.__setattr__(self, "values", tuple(parsed_values))
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "decimal", decimal)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, n: int) -> Expr:
        i = n - self.start
        return self.values[i] if 0 <= i < len(self.values) else _ZERO

    @property
    def stop(self) -> int:
        """One past the index of the last sample."""
        return self.start + len(self.values)

    @property
    def indices(self) -> range:
        """The indices of the stored samples."""
        return range(self.start, self.stop)

    def renamed(self, name: str) -> "Sequence":
        """The same samples under another name."""
        return Sequence(self, self.start, name)

    @property
    def is_symbolic(self) -> bool:
        """True if any sample has a free symbol."""
        return any(v.free_symbols for v in self.values)

    @property
    def is_real(self) -> bool:
        """True if every sample is known to be real."""
        return all(v.is_extended_real for v in self.values)


@dataclass(frozen=True)
class Term:
    """One product of a sum: ``left * right`` with ``left = a[left_index]`` and
    ``right = b[right_index]`` (conjugated for correlation), at summation index ``m``."""

    m: int
    left_index: int
    right_index: int
    left: Expr
    right: Expr

    @property
    def product(self) -> Expr:
        """The exact product ``left * right``."""
        return self.left * self.right


@dataclass(frozen=True)
class Sample:
    """One output: ``value = sum(term.product for m in lo..hi)``.

    ``lo`` and ``hi`` bound the summation index (inclusive) where both factors can be non-zero;
    the terms themselves are derived from the sequences by :meth:`Expansion1D.terms`.
    """

    n: int
    lo: int
    hi: int
    value: Expr

    @property
    def count(self) -> int:
        """Number of products in the sum."""
        return self.hi - self.lo + 1


@dataclass(frozen=True)
class Expansion1D:
    """A 1D convolution or cross-correlation expanded term by term.

    ``kind == "convolve"``: ``c[n] = sum_m a[m] b[n - m]`` (summation index ``m``).
    ``kind == "correlate"``: ``c[k] = sum_n a[n + k] conj(b[n])`` (summation index ``n``).

    Attributes
    ----------
    kind : {"convolve", "correlate"}
    a, b : Sequence
        The operands in the order the user gave them (named).
    out_name : str
    mode : {"full", "same", "valid"}
    samples : tuple of Sample
        The kept outputs in increasing index.
    swapped : bool
        True when NumPy swaps the arguments (``len(b) > len(a)``), which changes which part of
        the full result ``same`` and ``valid`` keep.
    conjugate : bool
        True when ``b`` may be complex, so correlation conjugates it.
    full_start, full_stop : int
        The index range of the full result; ``samples`` is a slice of it.
    """

    kind: str
    a: Sequence
    b: Sequence
    out_name: str
    mode: str
    samples: tuple
    swapped: bool
    conjugate: bool
    full_start: int
    full_stop: int
    _conj_b: tuple = field(default=(), repr=False, compare=False)

    @property
    def names(self) -> tuple:
        """Default names: (first operand, second operand, output)."""
        return (self.a.name, self.b.name, self.out_name)

    @property
    def values(self) -> tuple:
        return tuple(s.value for s in self.samples)

    @property
    def start(self) -> int:
        return self.samples[0].n

    @property
    def indices(self) -> range:
        return range(self.start, self.start + len(self.samples))

    @property
    def term_count(self) -> int:
        return sum(s.count for s in self.samples)

    def right_value(self, index: int) -> Expr:
        """``b[index]``, conjugated for correlation of a complex ``b``."""
        if self.kind == "correlate" and self.conjugate:
            i = index - self.b.start
            return self._conj_b[i] if 0 <= i < len(self._conj_b) else _ZERO
        return self.b[index]

    def term_indices(self, sample: Sample, m: int) -> tuple[int, int]:
        """(index into a, index into b) of the term at summation index ``m``."""
        if self.kind == "convolve":
            return m, sample.n - m
        return m + sample.n, m

    def terms(self, sample: Sample, window: range | None = None) -> tuple:
        """The products of ``sample`` in increasing summation index.

        With ``window`` (a range of summation indices), zero products outside ``lo..hi`` are
        included too, as hand derivations over the whole window show them.
        """
        span = window if window is not None else range(sample.lo, sample.hi + 1)
        out = []
        for m in span:
            i, j = self.term_indices(sample, m)
            out.append(Term(m, i, j, self.a[i], self.right_value(j)))
        return tuple(out)

    def padded_window(self) -> range:
        """The summation indices a hand derivation runs over: the support of the first factor."""
        if self.kind == "convolve":
            return self.a.indices
        return self.b.indices


def conjugates(values: tuple) -> tuple:
    """Complex conjugates of exact values."""
    return tuple(sympy.conjugate(v) for v in values)


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
        from .parse import parse_matrix

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


@dataclass(frozen=True)
class Piece:
    """``coef`` (an expression in the index variable) on the integers ``lo <= n <= hi``; ``lo``
    may be ``-oo`` and ``hi`` ``oo``; outside, zero."""

    coef: Expr
    lo: Expr
    hi: Expr


@dataclass(frozen=True)
class Formula:
    """A sequence defined by a formula in an integer variable, with its support worked out.

    Build one with :func:`symconv.formula`. ``pieces`` are disjoint, in increasing order, each a
    step- and delta-free expression on an interval of integers.

    Attributes
    ----------
    expr : sympy.Expr
        The formula, with :class:`~symconv._steps.UnitStep` and :class:`~symconv._steps.Delta`.
    n : sympy.Symbol
        The integer variable.
    params : tuple of (Symbol, range or None)
        The parameters and the ranges their check values are drawn from.
    pieces : tuple of Piece
    name : str or None
    text : str
        The formula as written.
    """

    expr: Expr
    n: sympy.Symbol
    params: tuple
    pieces: tuple
    name: str | None
    text: str

    def renamed(self, name: str) -> "Formula":
        check_name(name)
        return dataclasses_replace(self, name=name)

    def at(self, k: int, values: dict | None = None) -> Expr:
        """The sample at integer ``k`` (parameters substituted from ``values``)."""
        expr = self.expr.xreplace(values or {})
        return expr.subs(self.n, k)


@dataclass(frozen=True)
class SumStep:
    """One finite sum of the derivation: for ``n_lo <= n <= n_hi``, the contribution of the pair
    of pieces ``(x_piece, h_piece)`` is ``sum_{m = m_lo}^{m_hi} summand = value``."""

    x_piece: Piece
    h_piece: Piece
    n_lo: Expr
    n_hi: Expr
    m_lo: Expr
    m_hi: Expr
    summand: Expr
    value: Expr
    closed: bool


@dataclass(frozen=True)
class ClosedForm:
    """The convolution of two formula (or finite) sequences, for every integer ``n``.

    Attributes
    ----------
    x, h : Formula
    out_name : str
    n, m : sympy.Symbol
        The output index and the summation index.
    steps : tuple of SumStep
        Every finite sum, by pair of pieces and interval of ``n``.
    result : tuple of Piece
        The output: disjoint intervals of ``n`` with their expressions (zero outside).
    closed : bool
        False if some sum has no closed form (the result then holds ``Sum`` objects).
    """

    x: Formula
    h: Formula
    out_name: str
    n: sympy.Symbol
    m: sympy.Symbol
    steps: tuple
    result: tuple
    closed: bool

    @property
    def names(self) -> tuple:
        return (self.x.name, self.h.name, self.out_name)

    @property
    def expr(self) -> Expr:
        """A Piecewise valid for every integer ``n`` (zero outside the support)."""
        n = self.n
        args = []
        for piece in self.result:
            cond = sympy.true
            if piece.lo != -sympy.oo:
                cond = sympy.And(cond, n >= piece.lo)
            if piece.hi != sympy.oo:
                cond = sympy.And(cond, n <= piece.hi)
            args.append((piece.coef, cond))
        args.append((sympy.S.Zero, True))
        return sympy.Piecewise(*args)
