"""The public result of a formula convolution: [`ClosedFormDerivation`][symconv.ClosedFormDerivation]."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .derivation import Rendered
from .errors import InputError, brief
from .limits import DEFAULT_LIMITS, Limits
from .model import ClosedForm
from .verify import CheckReport, check_closed_form

__all__ = ["ClosedFormDerivation"]


@dataclass(frozen=True)
class ClosedFormDerivation(Rendered):
    """The convolution of formula sequences in closed form, valid for every integer ``n``.

    Build one with [`symconv.convolve()`][symconv.convolve] on [`symconv.formula()`][symconv.formula] operands. The options
    ``wrap``, ``elide``, ``zeros``, ``digits`` and ``call`` do not apply and are refused.

    Attributes
    ----------
    expansion : ClosedForm
        The data: both sequences' pieces, every finite sum, the result pieces.

    Examples
    --------
    >>> import symconv
    >>> y = symconv.convolve(symconv.formula("(1/2)**n*u[n]"), symconv.formula("u[n] - u[n-4]"))
    >>> y.expr
    Piecewise((2 - 1/2**n, (n >= 0) & (n <= 3)), (15/2**n, n >= 4), (0, True))
    >>> y.check().ok
    True
    """

    expansion: ClosedForm
    limits: Limits = field(default=DEFAULT_LIMITS, repr=False, compare=False)

    @property
    def kind(self) -> str:
        return "convolve"

    @property
    def n(self):
        """The integer variable of the result."""
        return self.expansion.n

    @property
    def expr(self):
        """The result as a Piecewise in `n`, valid for every integer ``n``."""
        return self.expansion.expr

    @property
    def step_expr(self):
        """The result written with unit steps ``u[...]`` and deltas."""
        from .steps.closed import step_form

        return step_form(self.expansion.result, self.expansion.n)

    @property
    def closed(self) -> bool:
        """False when a finite sum had no closed form (the result then holds exact ``Sum`` s)."""
        return self.expansion.closed

    @property
    def names(self) -> tuple:
        return self.expansion.names

    def at(self, n: int, **values):
        """The output at integer ``n`` for parameter values given by name."""
        from .parse import parse_int

        n = parse_int(n, where="n", minimum=-10**9, maximum=10**9)
        known = {s.name: s for s in self.expr.free_symbols}
        stray = sorted(set(values) - set(known))
        if stray:
            raise InputError(f"{brief(stray[0])} is not a parameter of the result "
                             f"({', '.join(sorted(known)) or 'it has none'})")
        subs = {known[k]: v for k, v in values.items()}
        return self.expr.xreplace(subs).subs(self.expansion.n, n)

    def check(self, *, strict: bool = True, seed: int = 0, values: dict | None = None) -> CheckReport:
        """Compare the closed form with a brute-force convolution over a window of ``n``; see
        `symconv.verify.check_closed_form()`. ``values`` gives parameters by name."""
        if values is not None:
            if not isinstance(values, dict):
                raise InputError(f"values must be a mapping of parameter names to numbers, got {brief(values)}")
            known = {s.name for f in (self.expansion.x, self.expansion.h) for s, _ in f.params}
            stray = sorted(str(k) for k in set(values) - known)
            if stray:
                raise InputError(f"values names {brief(stray[0])}, which is not a parameter of the formulas "
                                 f"({', '.join(sorted(known)) or 'they have none'})")
        report = check_closed_form(self.expansion, seed=seed, values=values, strict=strict, limits=self.limits)
        return dataclasses.replace(report, code=False)

    def __repr__(self) -> str:
        return f"<ClosedFormDerivation {self.names[2]}[n] = {str(self.expr):.80}>"

