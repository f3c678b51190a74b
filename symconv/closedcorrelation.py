"""The public result of a formula correlation: [`ClosedCorrelationDerivation`][symconv.ClosedCorrelationDerivation]."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .closedform import ClosedFormDerivation
from .errors import InputError, brief
from .verify import CheckReport

__all__ = ["ClosedCorrelationDerivation"]


@dataclass(frozen=True)
class ClosedCorrelationDerivation(ClosedFormDerivation):
    r"""The cross-correlation of formula sequences in closed form, valid for every integer lag ``k``:
    $r[k] = \sum_n x[n + k]\, \overline{h[n]}$, ``numpy.correlate(x, h, 'full')`` read at lag ``k``.

    Build one with [`symconv.correlate()`][symconv.correlate] on [`symconv.formula()`][symconv.formula] operands.
    ``.n`` and ``.k`` are the lag (the result's variable); the derivation sums over the formulas'
    own index.

    Examples
    --------
    >>> import symconv
    >>> r = symconv.correlate(symconv.formula("u[n] - u[n-3]"), symconv.formula("u[n] - u[n-3]"))
    >>> [(p.lo, p.hi, p.coef) for p in r.expansion.result]
    [(-2, 0, k + 3), (1, 2, 3 - k)]
    >>> r.check().ok
    True
    """

    @property
    def kind(self) -> str:
        return "correlate"

    @property
    def k(self):
        """The lag, the integer variable of the result."""
        return self.expansion.n

    def at(self, k: int, **values):
        """The correlation at integer lag ``k`` for parameter values given by name."""
        return super().at(k, **values)

    def check(self, *, strict: bool = True, seed: int = 0, values: dict | None = None) -> CheckReport:
        """Compare the closed form with the correlation sum added term by term at every lag
        ``k = -10..30`` and every boundary ± 4; see `symconv.verify.check_closed_correlation()`.
        ``values`` gives parameters by name."""
        from .verify.closed_correlation import check_closed_correlation

        if values is not None:
            if not isinstance(values, dict):
                raise InputError(f"values must be a mapping of parameter names to numbers, got {brief(values)}")
            known = {s.name for f in (self.expansion.x, self.expansion.h) for s, _ in f.params}
            stray = sorted(str(k) for k in set(values) - known)
            if stray:
                raise InputError(f"values names {brief(stray[0])}, which is not a parameter of the formulas "
                                 f"({', '.join(sorted(known)) or 'they have none'})")
        report = check_closed_correlation(self.expansion, seed=seed, values=values, strict=strict,
                                          limits=self.limits)
        return dataclasses.replace(report, code=False)

    def __repr__(self) -> str:
        return f"<ClosedCorrelationDerivation {self.names[2]}[{self.k}] = {str(self.expr):.80}>"
