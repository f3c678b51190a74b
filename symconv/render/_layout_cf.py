"""The shape of a closed-form derivation (formula sequences), shared by every notation.

Rows: the definition; the substitution; where each factor is non-zero and the summation limits
that follow; zero outside the support; one finite sum per interval of n with its closed form; the
result for every n as cases and with unit steps; the check.
"""

from __future__ import annotations

import sympy

from .._steps import Delta, UnitStep
from ..model import ClosedForm, Piece
from ._layout2d import Row
from ._sympy_print import index_text

__all__ = ["LayoutClosedForm", "step_form"]

OO, NOO = sympy.S.Infinity, sympy.S.NegativeInfinity


def step_form(result: tuple, n) -> sympy.Expr:
    """The result written with unit steps and deltas instead of cases."""
    total = sympy.S.Zero
    for piece in result:
        if piece.lo != NOO and piece.hi != OO and sympy.expand(piece.lo - piece.hi) == 0:
            window = Delta(n - piece.lo)
        elif piece.hi == OO:
            window = UnitStep(n - piece.lo) if piece.lo != NOO else sympy.S.One
        elif piece.lo == NOO:
            window = UnitStep(piece.hi - n)
        else:
            window = sympy.Add(UnitStep(n - piece.lo), -UnitStep(n - piece.hi - 1), evaluate=False)
        total += sympy.Mul(piece.coef, window, evaluate=False)
    return total


class LayoutClosedForm:
    """Mixin of :class:`~symconv.render._layout.Printer` for :class:`ClosedForm`."""

    def bound(self, expr) -> str:
        """A summation or support bound, written index-style (``n - N + 1``)."""
        if expr in (OO, NOO) or not expr.free_symbols:
            return self.sym(expr)
        return index_text(expr, self.sym)

    def _interval(self, var: str, lo, hi) -> str:
        le = self.relation_symbol("le")
        if lo != NOO and hi != OO and sympy.expand(lo - hi) == 0:
            return f"{var} = {self.bound(lo)}"
        if lo == NOO and hi == OO:
            return f"{var} {self.relation_symbol('in')} " + ("\\mathbb{Z}" if self.target == "latex" else "Z")
        if lo == NOO:
            return f"{var} {le} {self.bound(hi)}"
        if hi == OO:
            return f"{var} {self.relation_symbol('ge')} {self.bound(lo)}"
        return f"{self.bound(lo)} {le} {var} {le} {self.bound(hi)}"

    def _support_text(self, pieces: tuple, var) -> str:
        return " or ".join(self._interval(var, p.lo, p.hi) for p in pieces) or "no n"

    def _print_ClosedForm(self, cf: ClosedForm) -> str:
        names = self._names(cf)
        X, H, Y = (self.name(v) for v in names)
        n, m = cf.n, cf.m
        nx, nm = self.sym(n), self.sym(m)
        rows: list = []
        sub = index_text(n - m, self.sym)
        x_m = cf.x.expr.xreplace({cf.x.n: m})
        h_nm = cf.h.expr.xreplace({cf.h.n: n - m})
        rows.append(Row(self.index(Y, nx), (("=", [[f"{self.sum_over(nm)} {self.index(X, nm)}{self.index_sep}"
                                                     f"{self.index(H, sub)}"]]),)))
        rows.append(Row("", (("=", [[f"{self.sum_over(nm)} {self.group(x_m)}{self.value_sep}{self.group(h_nm)}"]]),)))
        ne = self.relation_symbol("ne")
        words = (f"{self.index(X, nm)} {ne} 0{self.words(' only for ')}{self._support_text(cf.x.pieces, nm)}"
                 f"{self.separator()}"
                 f"{self.index(H, sub)} {ne} 0{self.words(' only for ')}{self._support_text(cf.h.pieces, sub)}")
        rows.append(Row("", (("", [[words]]),)))
        if len(cf.x.pieces) == 1 and len(cf.h.pieces) == 1 and cf.steps:
            rows.append(Row("", (("", [[f"{self.relation_symbol('implies')} {self._limits(cf)}"]]),)))
        if cf.result:
            first, last = cf.result[0], cf.result[-1]
            zero = []
            if first.lo != NOO:
                zero.append(f"{nx} < {self.bound(first.lo)}")
            if last.hi != OO:
                zero.append(f"{nx} > {self.bound(last.hi)}")
            if zero:
                rows.append(Row(self.index(Y, nx), (("=", [["0"]]),),
                                self.condition_note(self.words(" or ").join(zero))))
        for piece in cf.result:
            steps = [s for s in cf.steps if self._covers(s, piece)]
            sums = " + ".join(self._sum_text(s, m) for s in steps).replace("+ -", "- ") or "0"
            parts = [("=", [[sums]])]
            value = self.sym(piece.coef) if not isinstance(piece.coef, sympy.Piecewise) else self._cases_inline(piece.coef)
            if sums != value:
                parts.append(("=", [[value]]))
            rows.append(Row(self.index(Y, nx), tuple(parts), self.condition_note(self._interval(nx, piece.lo, piece.hi))))
        rows.append(Row(self.index(Y, nx), (("=", [[self._all_cases(cf)]]),),
                        self.condition_note(self.words("every integer ") + nx)))
        steps_expr = step_form(cf.result, n)
        if cf.result and steps_expr != 0 and not any(p.coef.has(sympy.Piecewise) for p in cf.result):
            rows.append(Row("", (("=", [[self.sym(steps_expr)]]),)))
        if not cf.closed:
            rows.append(Row("", (("", [[self.words("(no closed form found: the finite sums above are exact)")]]),)))
        if self._settings["check"] is not None:
            rows.append(self.check_row(self._settings["check"]))
        return self.layout(rows)

    # -- pieces ---------------------------------------------------------------------------
    @staticmethod
    def _covers(step, piece: Piece) -> bool:
        from ..engine.closed_form import _cmp  # noqa: PLC0415 - the one order of bounds

        return _cmp(step.n_lo, piece.lo) <= 0 and _cmp(piece.hi, step.n_hi) <= 0

    def _limits(self, cf: ClosedForm) -> str:
        p, q = cf.x.pieces[0], cf.h.pieces[0]
        n, m = cf.n, cf.m
        lows = [v for v in (p.lo, n - q.hi if q.hi != OO else None) if v not in (None, NOO)]
        highs = [v for v in (p.hi, n - q.lo if q.lo != NOO else None) if v not in (None, OO)]
        le = self.relation_symbol("le")
        low = self.bound(lows[0]) if len(lows) == 1 else f"\\max({self.bound(lows[0])}, {self.bound(lows[1])})" \
            if self.target == "latex" else f"max({self.bound(lows[0])}, {self.bound(lows[1])})"
        high = self.bound(highs[0]) if len(highs) == 1 else f"\\min({self.bound(highs[0])}, {self.bound(highs[1])})" \
            if self.target == "latex" else f"min({self.bound(highs[0])}, {self.bound(highs[1])})"
        left = f"{low} {le} " if lows else ""
        right = f" {le} {high}" if highs else ""
        return f"{left}{self.sym(m)}{right}"

    def _sum_text(self, step, m) -> str:
        if step.m_lo != NOO and step.m_hi != OO and sympy.expand(step.m_lo - step.m_hi) == 0:
            return self.group(step.summand.subs(m, step.m_lo))
        body = self.group(step.summand) if step.summand.is_Add else self.sym(step.summand)
        return f"{self.sum_range(self.sym(m), self.bound(step.m_lo), self.bound(step.m_hi))} {body}"

    def _branches(self, coef):
        """(value, condition text) pairs of a Piecewise coefficient ("a = b", "otherwise")."""
        if not isinstance(coef, sympy.Piecewise):
            return [(coef, "")]
        out = []
        conds = [cond for _, cond in coef.args]
        for value, cond in coef.args:
            out.append((value, "" if cond is sympy.true else self.condition(cond)))
        if len(out) > 1 and out[-1][1] == "":
            eqs = conds[:-1]
            if len(eqs) == 1 and isinstance(eqs[0], sympy.Eq):
                text = self.condition(sympy.Ne(*eqs[0].args, evaluate=False))
            else:
                text = self.words("otherwise")
            out[-1] = (out[-1][0], text)
        return out

    def condition(self, cond) -> str:
        """``a = b``, ``a \\ne b`` rather than SymPy's ``Eq(a, b)``."""
        if isinstance(cond, (sympy.Eq, sympy.Ne)):
            rel = "=" if isinstance(cond, sympy.Eq) else self.relation_symbol("ne")
            return f"{self.sym(cond.args[0])} {rel} {self.sym(cond.args[1])}"
        return self.sym(cond)

    def _cases_inline(self, coef) -> str:
        return self.cases([(self.sym(v), c) for v, c in self._branches(coef)])

    def _all_cases(self, cf: ClosedForm) -> str:
        rows = []
        nx = self.sym(cf.n)
        if cf.result and cf.result[0].lo != NOO:
            rows.append(("0", f"{nx} < {self.bound(cf.result[0].lo)}"))
        for piece in cf.result:
            where = self._interval(nx, piece.lo, piece.hi)
            for value, cond in self._branches(piece.coef):
                rows.append((self.sym(value), f"{where}, {cond}" if cond else where))
        if cf.result and cf.result[-1].hi != OO:
            rows.append(("0", f"{nx} > {self.bound(cf.result[-1].hi)}"))
        if not rows:
            return "0"
        return self.cases(rows)
