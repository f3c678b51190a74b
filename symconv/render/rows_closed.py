"""Rows of the closed-form steps: substitution, support, limits, the finite sums, the result."""

from __future__ import annotations

import sympy

from ..steps.closed import (Cases, Interval, NoClosedForm, Otherwise, PieceResult, Result, Substitution,
                            SummationLimits, Support, ZeroOutside)
from .expr import PREC_ADD, PREC_MUL, is_negative
from .rows import Row
from .rows_correlation import CorrelationRows

__all__ = ["ClosedRows"]

OO, NOO = sympy.S.Infinity, sympy.S.NegativeInfinity


class ClosedRows(CorrelationRows):
    """Mixin of `RowPrinter` for the steps of
    `symconv.steps.closed`."""

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
        total = self.sum_over([self.expr(step.variable)])
        if self.settings.get("narrow"):  # a phone: each factor on a line
            return [Row("", (("=", [[f"{total} {self.group(step.left)}"]]),)),
                    Row("", (("", [[f"{sep.strip()} {self.group(step.right)}"]]),))]
        return [Row("", (("=", [[f"{total} {self.group(step.left)}{sep}{self.group(step.right)}"]]),))]

    def _print_Support(self, step: Support) -> list:
        ne, only = self.relation("ne"), self.words(" only for ")

        def side(ref, intervals):
            shown = self.words(" or ").join(self.interval(i) for i in intervals) or self.words("no n")
            return f"{self.ref(ref)} {ne} 0{only}{shown}"

        if self.settings.get("narrow"):  # a phone: each factor, then its intervals, on lines
            rows = []
            for ref, intervals in ((step.first, step.first_intervals), (step.second, step.second_intervals)):
                rows.append(Row("", (("", [[f"{self.ref(ref)} {ne} 0{self.words(' only for')}"]]),)))
                texts = [self.interval(i) for i in intervals] or [self.words("no n")]
                groups = self.fit(texts, self.settings["narrow"])
                for k, group in enumerate(groups):  # a continued line starts with its "or"
                    rows.append(Row("", (("", [[(self.words("or ") if k else "") + self.words(" or ").join(group)]]),)))
            return rows
        first, second = side(step.first, step.first_intervals), side(step.second, step.second_intervals)
        return [Row("", (("", [[first + self.separator() + second]]),))]

    def _print_SummationLimits(self, step: SummationLimits) -> list:
        le = self.relation("le")

        def extreme(name, items):
            texts = [self.bound(v) for v in items]
            return texts[0] if len(texts) == 1 else self.e_function(name, ", ".join(texts))

        m = self.expr(step.variable)
        if self.settings.get("narrow") and step.lows and step.highs:  # a phone: one bound a line
            return [Row("", (("", [[f"{self.relation('implies')} {m} {self.relation('ge')} {extreme('max', step.lows)}"]]),)),
                    Row("", (("", [[f"{self.words('and ')}{m} {le} {extreme('min', step.highs)}"]]),))]
        left = f"{extreme('max', step.lows)} {le} " if step.lows else ""
        right = f" {le} {extreme('min', step.highs)}" if step.highs else ""
        return [Row("", (("", [[f"{self.relation('implies')} {left}{m}{right}"]]),))]

    def _print_ZeroOutside(self, step: ZeroOutside) -> list:
        var, parts = self.expr(step.variable), []
        if step.below is not None:
            parts.append(f"{var} {self.relation('lt')} {self.bound(step.below)}")
        if step.above is not None:
            parts.append(f"{var} {self.relation('gt')} {self.bound(step.above)}")
        return [Row(self.ref(step.output), (("=", [["0"]]),), self.condition_note(self.words(" or ").join(parts)))]

    def _signed_terms(self, pairs) -> list:
        """``[(negative, text), ...]`` joined as ``a + b - c``, or on a phone, broken into lines
        that fit: the first line's text and the continuation lines, each with its sign."""
        joined = ""
        for negative, text in pairs:
            joined = (("-" if negative else "") + text) if not joined else \
                f"{joined} {'-' if negative else '+'} {text}"
        narrow = self.settings.get("narrow")
        if not narrow or self.shown_width(joined) <= narrow:
            return [joined]
        lines, current = [], ""
        for negative, text in pairs:
            piece = ("-" if negative else "") + text if not current and not lines else \
                f"{'-' if negative else '+'} {text}"
            if current and self.shown_width(current + " " + piece) > narrow:
                lines.append(current)
                current = piece
            else:
                current = f"{current} {piece}" if current else piece
        return lines + [current]

    def _lines(self, lhs: str, first_relation: str, lines: list, note: str = "") -> list:
        rows = [Row(lhs, ((first_relation, [[lines[0]]]),))]
        rows += [Row("", (("", [[line]]),)) for line in lines[1:]]
        return rows[:-1] + [rows[-1]._replace(note=note)] if note else rows

    def _print_PieceResult(self, step: PieceResult) -> list:
        pairs = []
        for s in step.sums:
            if pairs and s.single and s.summand.could_extract_minus_sign():
                pairs.append((True, self.group(-s.summand)))
            else:
                pairs.append((False, self.finite_sum(s)))
        lines = self._signed_terms(pairs) if pairs else ["0"]
        value = self.cases(step.value) if isinstance(step.value, Cases) else self.expr(step.value)
        note = self.condition_note(self.interval(step.interval))
        if len(lines) > 1:  # a phone: the sums over several lines, then the value
            rows = self._lines(self.ref(step.output), "=", lines)
            return rows + [Row("", (("=", [[value]]),), note)]
        parts = [("=", [[lines[0]]])]
        if lines[0] != value:
            parts.append(("=", [[value]]))
        return [Row(self.ref(step.output), tuple(parts), note)]

    def _print_Result(self, step: Result) -> list:
        cases = self.cases(step.cases) if step.cases.branches else "0"
        rows = [Row(self.ref(step.output), (("=", [[cases]]),),
                    self.condition_note(self.words("every integer ") + self.expr(step.variable)))]
        if step.step_form is not None:
            form = step.step_form
            terms = self.ordered_terms(form) if form.is_Add else [form]
            pairs = [(is_negative(t), self._paren_below(-t if is_negative(t) else t, PREC_ADD + 1)) for t in terms]
            rows += self._lines("", "=", self._signed_terms(pairs))
        return rows

    def _print_NoClosedForm(self, step: NoClosedForm) -> list:
        return [Row("", (("", [[self.words("(no closed form found: the finite sums above are exact)")]]),))]

