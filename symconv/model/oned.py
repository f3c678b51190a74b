"""Pure data of 1D derivations: names, sequences, the terms and samples of an expanded sum."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sympy import Expr, Integer

from ..errors import InputError, brief
from ..limits import DEFAULT_LIMITS
from ..parse import parse_sequence
from .geometry import Window1D

__all__ = ["Sequence", "Sample", "Expansion1D", "check_name", "check_names"]

_ZERO = Integer(0)
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,11}(_[A-Za-z0-9]{1,6})?\Z")


def check_name(name) -> str:
    """Return ``name`` if it is an accepted sequence name (``x``, ``h``, ``out``, ``x_1``)."""
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise InputError(f"a name must be a letter then up to 11 letters/digits, optionally _ and "
                         f"a subscript (x, h, out, x_1), got {brief(name)}")
    return name


def check_names(names) -> tuple:
    """Three distinct names (first operand, second operand, output) from a tuple or ``"x,h,y"``."""
    if isinstance(names, str):
        names = tuple(part.strip() for part in names.split(",")) if len(names) <= 200 else (names,)
    elif isinstance(names, (tuple, list)):
        names = tuple(names)
    else:
        raise InputError(f"names takes three names, as 'x, h, y' or a tuple of three strings, got "
                         f"{brief(names)}")
    if len(names) != 3:
        raise InputError(f"names takes three names (first, second, output), got {brief(names)}")
    for name in names:
        check_name(name)
    if len(set(names)) != 3:
        raise InputError(f"the three names must differ, got {brief(names)}")
    return names


@dataclass(frozen=True, init=False)
class Sequence:
    """A finite sequence whose first sample sits at index ``start``.

    ``x[n] = values[n - start]`` for ``start <= n < start + len(values)`` and 0 elsewhere.

    Parameters
    ----------
    values : str, list, tuple, 1D numpy array or Sequence
        The samples; anything `symconv.parse.parse_sequence()` accepts.
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
    >>> from symconv import Sequence
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
                raise InputError(f"start of {name or 'sequence'} must be an integer, got {brief(start)}")
        if abs(start) > 10**9:
            raise InputError(f"start of {name or 'sequence'} must be within ±10**9, got {brief(start)}")
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
        return any(not v.is_Number and v.free_symbols for v in self.values)

    @property
    def is_real(self) -> bool:
        """True if every sample is known to be real."""
        return all(v.is_extended_real for v in self.values)


@dataclass(frozen=True)
class Sample:
    """One output: ``value = sum of the products for summation indices lo..hi``.

    ``lo`` and ``hi`` bound the summation index (inclusive) where both factors can be non-zero;
    the expansion's `Window1D` turns them into factor indices.
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
    ``kind == "correlate"``: ``c[k] = sum_m a[m + k] conj(b[m])`` (summation index ``m``).

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
    window : Window1D
        Where each output's terms lie.
    right : tuple of sympy.Expr
        ``b``'s samples as they enter the products (conjugated for a complex correlation).
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
    window: Window1D
    right: tuple

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

    @property
    def decimal(self) -> bool:
        """Whether either operand was written with decimals."""
        return self.a.decimal or self.b.decimal
