"""Rows of the steps only a closed-form correlation has: its definition in the lag, and the
result in ``|k|``."""

from __future__ import annotations

from ..steps.closed import Cases
from ..steps.closed_correlation import CorrelationDefinition, EvenResult
from .rows import Row

__all__ = ["CorrelationRows"]


class CorrelationRows:
    """Mixin of `RowPrinter` for `symconv.steps.closed_correlation` (through `ClosedRows`)."""

    def _print_CorrelationDefinition(self, step: CorrelationDefinition) -> list:
        k, n = self.expr(step.lag), self.expr(step.index)
        R, X, H = (self.name(a) for a in (step.output, step.first, step.second))
        flipped = self.array_name(step.reversed)
        right, source = self.indexed(H, [n]), self.indexed(H, [f"-{n}"])
        if step.conjugate:
            right, source = self.conjugated(right), self.conjugated(source)
        first = f"{self.sum_over([n])} {self.product([self.indexed(X, [self.index(step.index + step.lag)]), right], 'definition')}"
        second = (f"{self.sum_over(['m'])} "
                  f"{self.product([self.indexed(X, ['m']), self.indexed(flipped, [f'{k}-m'])], 'definition')}")
        where = f"{self.words('where ')}{self.indexed(flipped, [n])} {self.relation('eq')} {source}"
        note = (f"correlation is convolution with {H} reversed{' and conjugated' if step.conjugate else ''}; "
                f"numpy.correlate({X}, {H}, 'full') at lag {step.lag}")
        return [Row(self.indexed(R, [k]), (("=", [[first]]), ("=", [[second]]))),
                Row("", (("", [[where]]),), self.text_note(note))]

    def _print_EvenResult(self, step: EvenResult) -> list:
        lhs = self.ref(step.output)
        mirrored = self.indexed(self.name(step.output.array), [self.expr(-step.variable)])
        if isinstance(step.value, Cases):
            return [Row(lhs, (("=", [[mirrored]]), ("=", [[self.cases(step.value)]])))]
        note = self.condition_note(self.words("every integer ") + self.expr(step.variable))
        return [Row(lhs, (("=", [[mirrored]]), ("=", [[self.expr(step.value)]])), note)]
