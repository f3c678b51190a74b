"""Rows of the closed-form steps: substitution, support, limits, the finite sums, the result."""

from __future__ import annotations

import sympy

from ..steps.closed import (Cases, Interval, NoClosedForm, Otherwise, PieceResult, Result, Substitution,
                            SummationLimits, Support, ZeroOutside)
from .expr import PREC_MUL
from .rows import Row

__all__ = ["ClosedRows"]

OO, NOO = sympy.S.Infinity, sympy.S.NegativeInfinity


class ClosedRows:
    """Mixin of :class:`~symconv.render.rows.RowPrinter` for the steps of
    :mod:`symconv.steps.closed`."""

    # -- pieces ----------------------------------------------------------------------------
    def bound(self, e) -> str:
        return self.index(e) if e.free_symbols else self.expr(e)

    def interval(self, i: Interval) -> str:
        var, le = self.bound(i.var), self.relation("le")
        if i.point:
            return f"{var} {self.relation('eq')} {self.bound(i.lo)}"
        if i.lo == NOO and i.hi == OO:
            return f"{var} {self.relation('in')} {self.e_constant('integers')}"
        if i.lo == NOO:
            return f"{var} {le} {self.bound(i.hi)}"
        if i.hi == OO:
            return f"{var} {self.relation('ge')} {self.bound(i.lo)}"
        return f"{self.bound(i.lo)} {le} {var} {le} {self.bound(i.hi)}"

    def conditions(self, conds: tuple) -> str:
        out = []
        for cond in conds:
            if isinstance(cond, Interval):
                out.append(self.interval(cond))
            elif isinstance(cond, Otherwise):
                out.append(self.words("otherwise"))
            elif isinstance(cond, (sympy.Lt, sympy.Gt)) and cond.lhs.is_Symbol:
                name = "lt" if isinstance(cond, sympy.Lt) else "gt"
                out.append(f"{self.expr(cond.lhs)} {self.relation(name)} {self.bound(cond.rhs)}")
            else:
                out.append(self.condition(cond))
        return ", ".join(out)

    def cases(self, cases: Cases) -> str:
        return self.e_cases([(self.expr(v), self.conditions(c)) for v, c in cases.branches])

    def group(self, e) -> str:
        return self._paren_below(e, PREC_MUL)

    def finite_sum(self, s) -> str:
        if s.single:
            return self.group(s.summand)
        body = self.group(s.summand) if s.summand.is_Add else self.expr(s.summand)
        return self.e_sum(self.expr(s.variable), self.bound(s.lo), self.bound(s.hi), body)

    # -- steps -----------------------------------------------------------------------------
    def _print_Substitution(self, step: Substitution) -> list:
        sep = self.product_separator("value")
        text = f"{self.sum_over([self.expr(step.variable)])} {self.group(step.left)}{sep}{self.group(step.right)}"
        return [Row("", (("=", [[text]]),))]

    def _print_Support(self, step: Support) -> list:
        ne, only = self.relation("ne"), self.words(" only for ")
        def side(ref, intervals):
            shown = self.words(" or ").join(self.interval(i) for i in intervals) or self.words("no n")
            return f"{self.ref(ref)} {ne} 0{only}{shown}"
        text = side(step.first, step.first_intervals) + self.separator() + side(step.second, step.second_intervals)
        return [Row("", (("", [[text]]),))]

    def _print_SummationLimits(self, step: SummationLimits) -> list:
        le = self.relation("le")
        def extreme(name, items):
            texts = [self.bound(v) for v in items]
            return texts[0] if len(texts) == 1 else self.e_function(name, ", ".join(texts))
        left = f"{extreme('max', step.lows)} {le} " if step.lows else ""
        right = f" {le} {extreme('min', step.highs)}" if step.highs else ""
        return [Row("", (("", [[f"{self.relation('implies')} {left}{self.expr(step.variable)}{right}"]]),))]

    def _print_ZeroOutside(self, step: ZeroOutside) -> list:
        var, parts = self.expr(step.variable), []
        if step.below is not None:
            parts.append(f"{var} {self.relation('lt')} {self.bound(step.below)}")
        if step.above is not None:
            parts.append(f"{var} {self.relation('gt')} {self.bound(step.above)}")
        return [Row(self.ref(step.output), (("=", [["0"]]),), self.condition_note(self.words(" or ").join(parts)))]

    def _print_PieceResult(self, step: PieceResult) -> list:
        text = ""
        for s in step.sums:
            piece = self.finite_sum(s)
            if not text:
                text = piece
            elif s.single and s.summand.could_extract_minus_sign():
                text += " - " + self.group(-s.summand)
            else:
                text += " + " + piece
        value = self.cases(step.value) if isinstance(step.value, Cases) else self.expr(step.value)
        parts = [("=", [[text or "0"]])]
        if text != value:
            parts.append(("=", [[value]]))
        return [Row(self.ref(step.output), tuple(parts), self.condition_note(self.interval(step.interval)))]

    def _print_Result(self, step: Result) -> list:
        cases = self.cases(step.cases) if step.cases.branches else "0"
        rows = [Row(self.ref(step.output), (("=", [[cases]]),),
                    self.condition_note(self.words("every integer ") + self.expr(step.variable)))]
        if step.step_form is not None:
            rows.append(Row("", (("=", [[self.expr(step.step_form)]]),)))
        return rows

    def _print_NoClosedForm(self, step: NoClosedForm) -> list:
        return [Row("", (("", [[self.words("(no closed form found: the finite sums above are exact)")]]),))]
