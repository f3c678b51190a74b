"""The result of a circular convolution: a [`Derivation`][symconv.Derivation] whose derivation
comes in views (the sum, the wrap of the linear convolution, the DFT)."""

from __future__ import annotations

from dataclasses import dataclass

from .derivation import Derivation
from .errors import InputError, brief
from .model.circular import CircularExpansion
from .verify import CheckReport
from .verify.circular import check_circular

__all__ = ["CircularDerivation"]


@dataclass(frozen=True)
class CircularDerivation(Derivation):
    """A worked n-point circular convolution: built by
    [`symconv.circular_convolve()`][symconv.circular_convolve].

    Every format takes the option ``view``: ``"sum"`` (default), ``"wrap"``, ``"dft"`` or
    ``"all"``.

    Examples
    --------
    >>> import symconv
    >>> d = symconv.circular_convolve([1, 2, 3], [1, 1], 3)
    >>> d.values, d.n
    ((4, 3, 5), 3)
    >>> [(t.factors[0].ref.index, t.factors[1].ref.index) for t in d.terms(0)]
    [((0,), (0,)), ((2,), (1,))]
    """

    expansion: CircularExpansion

    @property
    def n(self) -> int:
        """The number of points."""
        return self.expansion.n

    @property
    def linear(self) -> tuple:
        """The linear convolution the circular one wraps (``N + M - 1`` exact values)."""
        return self.expansion.linear

    @property
    def aliased(self) -> int:
        """How many samples of the linear convolution wrap onto others: ``max(0, N + M - 1 - n)``."""
        return self.expansion.aliased

    def terms(self, n: int, j: int | None = None, *more: int) -> tuple:
        """The products ``a[m]·b[(k - m) mod n]`` of output ``k = n`` in the sum view.

        Examples
        --------
        >>> import symconv
        >>> [(t.left, t.right) for t in symconv.circular_convolve([1, 2], [3, 4]).terms(1)]
        [(1, 4), (2, 3)]
        """
        if j is not None or more:
            raise InputError("a circular convolution's outputs have one index: terms(k)")
        if isinstance(n, bool) or not hasattr(n, "__index__"):
            raise InputError(f"an output index must be an integer, got {brief(n)}")
        if n not in self.indices:
            raise InputError(f"output index {brief(n)} is outside 0…{self.n - 1}")
        return self.document(call=False, view="sum", definition=False, flip=False).outputs[n].terms

    def check(self, *, strict: bool = True, seed: int = 0) -> CheckReport:
        """Compare the exact values with the printed call recomputed in float64 (NumPy's FFT,
        where ``n`` is at least both lengths) and, for every n, with
        ``sympy.discrete.convolution(a, b, cycle=n)`` on the exact inputs (symbols replaced by
        seeded random rationals).

        Examples
        --------
        >>> import symconv
        >>> report = symconv.circular_convolve("1, 0.5, 1, 1", "1, 0.5, 0.25").check()
        >>> report.ok, report.max_abs_error
        (True, 0.0)
        """
        options, doc = self._document({})
        return check_circular(self.expansion, doc, seed=seed, strict=strict)

    def animation(self, *args, **kwargs):
        """Refused: a circular convolution has no window sliding along a line to draw."""
        raise InputError("a circular convolution has no animation (its kernel turns around a circle); use "
                         "latex(view='wrap') to see how the linear result folds")

    def __repr__(self) -> str:
        shown = ", ".join(str(v) for v in self.values[:8]) + (", …" if len(self) > 8 else "")
        return f"<Derivation circular n={self.n} {self.names[2]}[0…{self.n - 1}] = ({shown})>"
