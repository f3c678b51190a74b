"""The steps of a closed-form convolution of formula sequences, valid for every integer n:
substitution, where each factor is non-zero, the summation limits, zero outside, one finite sum
per interval of n with its value, the result as cases and with unit steps."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..functions import Delta, UnitStep
from ..engine.closed_form import compare_bounds
from ..model import ClosedForm
from .base import Array, CheckStep, Document, Ref, Step, Summary
from .finite import Definition
from .shape import author_bases, rebase

__all__ = ["Interval", "Otherwise", "Substitution", "Support", "SummationLimits", "ZeroOutside",
           "FiniteSum", "Cases", "PieceResult", "Result", "NoClosedForm", "build_closed", "step_form"]

OO, NOO = sympy.S.Infinity, sympy.S.NegativeInfinity


@dataclass(frozen=True)
class Interval:
    """``lo <= var <= hi`` over the integers (``lo`` may be -oo, ``hi`` oo; ``lo == hi`` is one
    point)."""

    var: object
    lo: object
    hi: object

    @property
    def point(self) -> bool:
        return self.lo not in (NOO, OO) and self.hi not in (NOO, OO) and sympy.expand(self.lo - self.hi) == 0


@dataclass(frozen=True)
class Otherwise:
    """The condition of the last branch of cases: every case not listed before."""


@dataclass(frozen=True)
class Substitution(Step):
    """``= sum_m left · right``: the definition with both formulas written out."""

    variable: object
    left: object
    right: object


@dataclass(frozen=True)
class Support(Step):
    """``first ≠ 0`` only on ``first_intervals`` and ``second ≠ 0`` only on ``second_intervals``."""

    first: Ref
    first_intervals: tuple
    second: Ref
    second_intervals: tuple


@dataclass(frozen=True)
class SummationLimits(Step):
    """``⇒ max(lows) <= variable <= min(highs)`` (either side may be empty: unbounded)."""

    variable: object
    lows: tuple
    highs: tuple


@dataclass(frozen=True)
class ZeroOutside(Step):
    """``output = 0`` for ``n < below`` or ``n > above`` (None: no such side)."""

    output: Ref
    variable: object
    below: object
    above: object


@dataclass(frozen=True)
class FiniteSum:
    """``sum_{variable = lo}^{hi} summand``; with ``lo == hi`` the one term ``summand`` at that
    point."""

    variable: object
    lo: object
    hi: object
    summand: object

    @property
    def single(self) -> bool:
        return self.lo not in (NOO, OO) and self.hi not in (NOO, OO) and sympy.expand(self.lo - self.hi) == 0


@dataclass(frozen=True)
class Cases:
    """``branches``: ``(value, conditions)`` pairs; conditions are `Interval`, SymPy
    relations (``a = b``) or `Otherwise`."""

    branches: tuple


@dataclass(frozen=True)
class PieceResult(Step):
    """On ``interval``, ``output = sum of sums = value`` (a value or `Cases`)."""

    output: Ref
    interval: Interval
    sums: tuple
    value: object


@dataclass(frozen=True)
class Result(Step):
    """The output for every integer n as cases, and (``step_form``) with unit steps."""

    output: Ref
    variable: object
    cases: Cases
    step_form: object = None


@dataclass(frozen=True)
class NoClosedForm(Step):
    """Some finite sum has no closed form; the sums shown are exact."""


def _single_term(summand, m, at, bases):
    """The one term of a sum at ``m = at``, its factors substituted one by one: a tap's weight
    stays in front of the shifted sequence (``2·(1/2)^(n-1)``), where SymPy would merge them
    (``(1/2)^(n-2)``)."""
    merged = rebase(summand.subs(m, at), bases)
    factors = [rebase(f.subs(m, at), bases) for f in sympy.Mul.make_args(summand)]
    numbers = [f for f in factors if f.is_Number]
    others = [f for f in factors if not f.is_Number and f != 1]
    weight = sympy.Mul(*numbers)
    if weight in (0, 1, -1) or not weight.is_Rational or len(others) != 1 or not others[0].is_Pow:
        return merged
    return sympy.Mul(weight, others[0], evaluate=False)


def step_form(result: tuple, n, shape=None) -> sympy.Expr:
    """The result written with unit steps and deltas instead of cases (each coefficient passed
    through ``shape`` first, if given), built unevaluated in the order of the pieces."""
    terms = []
    for piece in result:
        if piece.lo != NOO and piece.hi != OO and sympy.expand(piece.lo - piece.hi) == 0:
            window = Delta(n - piece.lo)
        elif piece.hi == OO:
            window = UnitStep(n - piece.lo) if piece.lo != NOO else sympy.S.One
        elif piece.lo == NOO:
            window = UnitStep(piece.hi - n)
        else:
            window = sympy.Add(UnitStep(n - piece.lo), -UnitStep(n - piece.hi - 1), evaluate=False)
        terms.append(sympy.Mul(shape(piece.coef) if shape else piece.coef, window, evaluate=False))
    if not terms:
        return sympy.S.Zero
    return sympy.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]


def _branches(coef, where: tuple, bases: tuple) -> list:
    """``(value, conditions)`` pairs of a result coefficient, ``a = b`` cases first; a last
    catch-all becomes ``a ≠ b`` when it excludes one equation, else *otherwise*."""
    if not isinstance(coef, sympy.Piecewise):
        return [(rebase(coef, bases), where)]
    out = []
    conds = [cond for _, cond in coef.args]
    for value, cond in coef.args:
        out.append((rebase(value, bases), where + (() if cond is sympy.true else (cond,))))
    if len(out) > 1 and conds[-1] is sympy.true:
        eqs = conds[:-1]
        last = sympy.Ne(*eqs[0].args, evaluate=False) if len(eqs) == 1 and isinstance(eqs[0], sympy.Eq) \
            else Otherwise()
        out[-1] = (out[-1][0], where + (last,))
    return out


def build_closed(cf: ClosedForm, names: tuple, options, report=None) -> Document:
    """The document of a closed form under ``names`` and ``options``."""
    X, H, Y = Array(names[0], "first"), Array(names[1], "second"), Array(names[2], "output")
    n, m = cf.n, cf.m
    bases = author_bases((cf.x.expr, cf.x.n), (cf.h.expr, cf.h.n))
    steps: list = []
    if options.definition:
        steps.append(Definition("convolve", Y, X, H, False, (n, m)))
    steps.append(Substitution(m, rebase(cf.x.expr.xreplace({cf.x.n: m}), bases),
                              rebase(cf.h.expr.xreplace({cf.h.n: n - m}), bases)))
    steps.append(Support(Ref(X, (m,)), tuple(Interval(m, p.lo, p.hi) for p in cf.x.pieces),
                         Ref(H, (n - m,)), tuple(Interval(n - m, p.lo, p.hi) for p in cf.h.pieces)))
    if len(cf.x.pieces) == 1 and len(cf.h.pieces) == 1 and cf.steps:
        p, q = cf.x.pieces[0], cf.h.pieces[0]
        lows = tuple(v for v in (p.lo, n - q.hi if q.hi != OO else None) if v not in (None, NOO))
        highs = tuple(v for v in (p.hi, n - q.lo if q.lo != NOO else None) if v not in (None, OO))
        steps.append(SummationLimits(m, lows, highs))
    if cf.result:
        first, last = cf.result[0], cf.result[-1]
        below = first.lo if first.lo != NOO else None
        above = last.hi if last.hi != OO else None
        if below is not None or above is not None:
            steps.append(ZeroOutside(Ref(Y, (n,)), n, below, above))
    for piece in cf.result:
        covering = [s for s in cf.steps
                    if compare_bounds(s.n_lo, piece.lo) <= 0 and compare_bounds(piece.hi, s.n_hi) <= 0]
        sums = tuple(FiniteSum(m, s.m_lo, s.m_hi, _single_term(s.summand, m, s.m_lo, bases) if
                               sympy.expand(s.m_lo - s.m_hi) == 0 and s.m_lo not in (NOO, OO)
                               else rebase(s.summand, bases))
                     for s in covering)
        value = piece.coef
        shown = Cases(tuple(_branches(value, (), bases))) if isinstance(value, sympy.Piecewise) \
            else rebase(value, bases)
        steps.append(PieceResult(Ref(Y, (n,)), Interval(n, piece.lo, piece.hi), sums, shown))
    branches = []
    if cf.result and cf.result[0].lo != NOO:
        branches.append((sympy.S.Zero, (sympy.Lt(n, cf.result[0].lo, evaluate=False),)))
    for piece in cf.result:
        branches.extend(_branches(piece.coef, (Interval(n, piece.lo, piece.hi),), bases))
    if cf.result and cf.result[-1].hi != OO:
        branches.append((sympy.S.Zero, (sympy.Gt(n, cf.result[-1].hi, evaluate=False),)))
    shown_form = None
    if cf.result and not any(p.coef.has(sympy.Piecewise) for p in cf.result):
        shown_form = step_form(cf.result, n, lambda coef: rebase(coef, bases))
    steps.append(Result(Ref(Y, (n,)), n, Cases(tuple(branches)), shown_form))
    if not cf.closed:
        steps.append(NoClosedForm())
    if report is not None:
        steps.append(CheckStep(report))
    facts = (("first", cf.x.expr), ("second", cf.h.expr), ("closed", cf.closed), ("variables", (n, m)),
             ("texts", (cf.x.text, cf.h.text)))
    return Document("closed", tuple(steps), (X, H, Y), _decimal(cf), Summary("closed", facts), bases)


def _decimal(cf: ClosedForm) -> bool:
    return any(ch == "." for ch in (cf.x.text or "") + (cf.h.text or ""))
