"""Pure data of circular convolution: the n-point sum over the inputs wrapped onto n points, the
linear convolution it folds, and the exact arithmetic of its DFT. No notation here.

    c[k] = sum over m = 0 ... n-1 of a[m] b[(k - m) mod n],    k = 0 ... n-1,

where an input longer than n is first wrapped (``a_w[m] = a[m] + a[m + n] + ...``): that is
``sympy.discrete.convolution(a, b, cycle=n)``, the linear convolution ``lin = a * b`` folded,
``c[k] = lin[k] + lin[k + n] + ...``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr

from .oned import Sequence

__all__ = ["CircularExpansion", "CircularSample", "CircularDFT"]


@dataclass(frozen=True)
class CircularSample:
    """One output ``c[k]``: its products as segments ``(m, offset in the right strip, count)``
    over the wrapped first input and `CircularExpansion.right` (the right offset steps back by one
    from one term to the next), and its value."""

    n: int
    segments: tuple
    value: Expr

    @property
    def count(self) -> int:
        return sum(count for _, _, count in self.segments)


@dataclass(frozen=True)
class CircularExpansion:
    """An n-point circular convolution expanded three ways.

    Attributes
    ----------
    kind : "circular"
    a, b : Sequence
        The inputs as given (named, start 0).
    out_name : str
    n : int
        The number of points.
    first, second : tuple of sympy.Expr
        The inputs wrapped onto ``min(len, n)`` points: ``first[m] = sum_r a[m + r n]`` (the input
        itself when it has at most n samples).
    right : tuple of sympy.Expr
        ``second`` zero-padded to n points and read at ``j = -(n - 1) ... n - 1`` as
        ``b[j mod n]``: ``right[j + n - 1]``. A sum's right factor walks back along it.
    samples : tuple of CircularSample
        The sum view: ``c[k] = sum_m first[m] right[k - m + n - 1]`` over the m whose right factor
        is not padding.
    linear : tuple of sympy.Expr
        The linear convolution ``lin[j] = sum_m a[m] b[j - m]``, ``j = 0 ... N + M - 2``.
    wrapped : tuple of sympy.Expr
        The wrap view's values: ``c[k] = lin[k] + lin[k + n] + ...``.
    """

    kind: str
    a: Sequence
    b: Sequence
    out_name: str
    n: int
    first: tuple
    second: tuple
    right: tuple
    samples: tuple
    linear: tuple
    wrapped: tuple

    @property
    def names(self) -> tuple:
        return (self.a.name, self.b.name, self.out_name)

    @property
    def values(self) -> tuple:
        return tuple(s.value for s in self.samples)

    @property
    def start(self) -> int:
        return 0

    @property
    def indices(self) -> range:
        return range(self.n)

    @property
    def linear_length(self) -> int:
        """``N + M - 1``: the length of the linear convolution, the fewest points with no wrap."""
        return len(self.a) + len(self.b) - 1

    @property
    def aliased(self) -> int:
        """How many samples of the linear convolution wrap onto others (0 when ``n >= N + M - 1``)."""
        return max(0, self.linear_length - self.n)

    @property
    def decimal(self) -> bool:
        return self.a.decimal or self.b.decimal

    @property
    def is_symbolic(self) -> bool:
        return self.a.is_symbolic or self.b.is_symbolic

    @property
    def is_real(self) -> bool:
        return self.a.is_real and self.b.is_real


@dataclass(frozen=True)
class CircularDFT:
    """The DFT route, exactly, with ``w = exp(-2 pi i / n)``: each value below is an element of
    the ring of ``w`` held as its coefficients on ``w^0 ... w^(n-1)`` (``coefficients``), and as
    the exact value a printer shows (``shown``, in cos/sin or radicals).

    Attributes
    ----------
    n : int
    powers : tuple of sympy.Expr
        ``w^p`` for ``p = 0 ... n - 1``.
    first, second : tuple
        Per frequency ``r``: ``(terms, shown)`` of ``A[r] = sum_m first[m] w^(r m mod n)``,
        ``terms`` the ``(m, p)`` pairs of its non-padding samples.
    product : tuple of sympy.Expr
        ``C[r] = A[r] B[r]``, shown.
    inverse : tuple
        Per output ``k``: ``(exponents, value)``: ``c[k] = (1/n) sum_r C[r] w^(exponents[r])``
        with ``exponents[r] = -r k mod n``, and its exact value, found by reducing the sum modulo
        the n-th cyclotomic polynomial (the view's own arithmetic, not the sum's).
    """

    n: int
    powers: tuple
    first: tuple
    second: tuple
    product: tuple
    inverse: tuple

    @property
    def values(self) -> tuple:
        return tuple(value for _, value in self.inverse)
