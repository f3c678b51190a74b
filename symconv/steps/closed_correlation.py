"""The steps of a closed-form cross-correlation of formula sequences, in the lag k: the
definition (and its reading as a convolution with the reversed sequence), substitution, where
each factor is non-zero as a function of n and k, the summation limits, zero outside, one finite
sum per interval of k with its value, the result as cases, with unit steps and, when
``r[-k] = r[k]``, in ``|k|``."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..engine.closed_correlation import even_pieces
from ..engine.closed_form import compare_bounds
from ..model.closed_correlation import ClosedCorrelation
from .base import Array, CheckStep, Document, Ref, Step, Summary
from .closed import (Cases, FiniteSum, Interval, NoClosedForm, PieceResult, Result, Substitution,
                     SummationLimits, Support, ZeroOutside, _branches, _single_term, step_form)
from .shape import author_bases, rebase

__all__ = ["CorrelationDefinition", "EvenResult", "build_closed_correlation"]

OO, NOO = sympy.S.Infinity, sympy.S.NegativeInfinity


@dataclass(frozen=True)
class CorrelationDefinition(Step):
    """``output[lag] = sum_index first[index + lag] second[index]`` (``second`` conjugated when
    ``conjugate``) ``= sum_m first[m] reversed[lag - m]`` with ``reversed[m] = second[-m]``
    (conjugated): correlation is the convolution with the reversed sequence, which is how the
    sums below are found; ``numpy.correlate(first, second, 'full')`` read at lag ``lag``."""

    output: Array
    first: Array
    second: Array
    reversed: Array
    lag: object
    index: object
    conjugate: bool = False


@dataclass(frozen=True)
class EvenResult(Step):
    """``output[lag] = output[-lag]`` for every lag, so ``output[lag] = value``, a value or
    `Cases` in ``|lag|`` (conditions are `Interval` s of ``|lag|``)."""

    output: Ref
    variable: object
    value: object


def _even(cc: ClosedCorrelation, bases: tuple):
    """The result in ``|k|`` when it is even, else None."""
    k = cc.n
    half = even_pieces(cc.result, k)
    if not half:
        return None
    size = sympy.Abs(k)

    def at(coef):
        return rebase(coef.xreplace({k: size}), bases)

    if len(half) == 1 and half[0].lo == 0 and half[0].hi == OO:
        return at(half[0].coef)
    branches = []
    if half[0].lo != 0:
        branches.append((sympy.S.Zero, (Interval(size, NOO, half[0].lo - 1),)))
    for i, piece in enumerate(half):
        if piece.lo == 0 and piece.hi != OO:  # |k| <= N - 1 reads |k| < N
            where = sympy.Lt(size, piece.hi + 1, evaluate=False)
        else:
            where = Interval(size, NOO if piece.lo == 0 else piece.lo, piece.hi)
        branches.append((at(piece.coef), (where,)))
        if i + 1 < len(half) and compare_bounds(piece.hi + 1, half[i + 1].lo) < 0:
            branches.append((sympy.S.Zero, (Interval(size, piece.hi + 1, half[i + 1].lo - 1),)))
    if half[-1].hi != OO:
        branches.append((sympy.S.Zero, (Interval(size, half[-1].hi + 1, OO),)))
    return Cases(tuple(branches))


def build_closed_correlation(cc: ClosedCorrelation, names: tuple, options, report=None) -> Document:
    """The document of a closed-form correlation under ``names`` and ``options``."""
    X, H, R = Array(names[0], "first"), Array(names[1], "second"), Array(names[2], "output")
    k, n = cc.n, cc.m
    bases = author_bases((cc.x.expr, cc.x.n), (cc.h.expr, cc.h.n))
    steps: list = []
    if options.definition:
        steps.append(CorrelationDefinition(R, X, H, Array(names[1], "second", "flipped"), k, n, cc.conjugate))
    right = cc.h.expr
    if cc.conjugate:
        from ..engine.closed_correlation import conjugate_formula_expr

        right = conjugate_formula_expr(right)
    steps.append(Substitution(n, rebase(cc.x.expr.xreplace({cc.x.n: n + k}), bases), rebase(right, bases)))
    steps.append(Support(Ref(X, (n + k,)), tuple(Interval(n + k, p.lo, p.hi) for p in cc.x.pieces),
                         Ref(H, (n,)), tuple(Interval(n, p.lo, p.hi) for p in cc.h.pieces)))
    if len(cc.x.pieces) == 1 and len(cc.h.pieces) == 1 and cc.steps:
        p, q = cc.x.pieces[0], cc.h.pieces[0]
        lows = tuple(v for v in (p.lo - k if p.lo != NOO else None, q.lo) if v not in (None, NOO))
        highs = tuple(v for v in (p.hi - k if p.hi != OO else None, q.hi) if v not in (None, OO))
        steps.append(SummationLimits(n, lows, highs))
    if cc.result:
        first, last = cc.result[0], cc.result[-1]
        below = first.lo if first.lo != NOO else None
        above = last.hi if last.hi != OO else None
        if below is not None or above is not None:
            steps.append(ZeroOutside(Ref(R, (k,)), k, below, above))
    for piece in cc.result:
        covering = [s for s in cc.steps
                    if compare_bounds(s.n_lo, piece.lo) <= 0 and compare_bounds(piece.hi, s.n_hi) <= 0]
        sums = tuple(FiniteSum(n, s.m_lo, s.m_hi, _single_term(s.summand, n, s.m_lo, bases) if
                               s.m_lo not in (NOO, OO) and sympy.expand(s.m_lo - s.m_hi) == 0
                               else rebase(s.summand, bases))
                     for s in covering)
        value = piece.coef
        shown = Cases(tuple(_branches(value, (), bases))) if isinstance(value, sympy.Piecewise) \
            else rebase(value, bases)
        steps.append(PieceResult(Ref(R, (k,)), Interval(k, piece.lo, piece.hi), sums, shown))
    branches = []
    if cc.result and cc.result[0].lo != NOO:
        branches.append((sympy.S.Zero, (sympy.Lt(k, cc.result[0].lo, evaluate=False),)))
    for piece in cc.result:
        branches.extend(_branches(piece.coef, (Interval(k, piece.lo, piece.hi),), bases))
    if cc.result and cc.result[-1].hi != OO:
        branches.append((sympy.S.Zero, (sympy.Gt(k, cc.result[-1].hi, evaluate=False),)))
    shown_form = None
    if cc.result and not any(p.coef.has(sympy.Piecewise) for p in cc.result):
        shown_form = step_form(cc.result, k, lambda coef: rebase(coef, bases))
    steps.append(Result(Ref(R, (k,)), k, Cases(tuple(branches)), shown_form))
    even = _even(cc, bases) if cc.closed else None
    if even is not None:
        steps.append(EvenResult(Ref(R, (k,)), k, even))
    if not cc.closed:
        steps.append(NoClosedForm())
    if report is not None:
        steps.append(CheckStep(report))
    facts = (("first", cc.x.expr), ("second", cc.h.expr), ("closed", cc.closed), ("variables", (k, n)),
             ("texts", (cc.x.text, cc.h.text)), ("operation", "correlate"), ("conjugate", cc.conjugate),
             ("even", even))
    decimal = any(ch == "." for ch in (cc.x.text or "") + (cc.h.text or ""))
    return Document("closed", tuple(steps), (X, H, R), decimal, Summary("closed", facts), bases)
