"""Closed-form convolution of formula-defined sequences, valid for every integer n.

SymPy alone mishandles these sums (Heaviside(0) = 1/2, unevaluated sums over the integers,
Karr's reversed-range convention). Here the support of every factor is worked out first: each
sequence becomes disjoint pieces ``coef(n)`` on ``lo <= n <= hi``; for each pair of pieces the
product ``x[m] h[n-m]`` is non-zero only for ``max(lo_x, n - hi_h) <= m <= min(hi_x, n - lo_h)``,
which splits ``n`` into intervals with fixed finite limits; SymPy sums each finite range (where
the range is non-empty by construction); the contributions are added interval by interval.
"""

from __future__ import annotations

import functools
import signal
import threading

import sympy
from sympy import S

from .._steps import Delta, UnitStep
from ..errors import ClosedFormError, ClosedFormTimeout
from ..limits import Limits
from ..model import ClosedForm, Formula, Piece, Sequence, SumStep

__all__ = ["formula_pieces", "sequence_formula", "convolve_closed_form", "bounded", "compare_bounds"]

OO, NOO = S.Infinity, S.NegativeInfinity


class _Alarm(Exception):
    pass


def bounded(func, seconds: float, what: str):
    """``func()`` if it finishes within ``seconds``, else :class:`ClosedFormTimeout`.

    In the main thread a SIGALRM timer interrupts SymPy (pure Python) and the work stops. Elsewhere
    the work runs in a daemon thread that is abandoned on timeout.
    """
    message = f"SymPy did not finish {what} within {seconds} s; raise Limits.max_seconds or simplify the formulas"
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def alarm(signum, frame):
            raise _Alarm

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return func()
        except _Alarm:
            raise ClosedFormTimeout(message) from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    box: dict = {}

    def run():
        try:
            box["value"] = func()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise ClosedFormTimeout(message)
    if "error" in box:
        raise box["error"]
    return box["value"]


def _cmp(a, b) -> int:
    """Weak order of integers or integer expressions: 0 if provably equal, -1 if provably
    ``a <= b``, 1 if provably ``a >= b``. Intervals between weakly ordered bounds may be empty for
    some parameter values, which keeps every formula valid. Orders that depend on the parameters
    are refused."""
    if a == b:
        return 0
    if a in (NOO, OO) or b in (NOO, OO):
        return -1 if (a == NOO or b == OO) else 1
    d = sympy.expand(a - b)
    if d == 0:
        return 0
    if d.is_nonpositive:
        return -1
    if d.is_nonnegative:
        return 1
    raise ClosedFormError(f"the order of {a} and {b} depends on the parameters; give them values "
                          f"(or assumptions that decide it)")


#: The weak order of support bounds (public: the steps layer groups sums by interval with it).
compare_bounds = _cmp


def _same(a, b) -> bool:
    """Provably equal (both finite)."""
    return a not in (NOO, OO) and b not in (NOO, OO) and sympy.expand(a - b) == 0


def _max(a, b):
    return a if _cmp(a, b) >= 0 else b


def _min(a, b):
    return a if _cmp(a, b) <= 0 else b


def _sorted_unique(points) -> list:
    out = []
    for p in sorted(points, key=functools.cmp_to_key(_cmp)):
        if not out or _cmp(out[-1], p) != 0:
            out.append(p)
    return out


def _on_intervals(items: list) -> list:
    """Split the integers at every bound of ``items`` (``(value, lo, hi)``) and add, on each
    elementary interval, the values of the items covering it: ``[(start, end, total, count)]``."""
    points = _sorted_unique([p for _, lo, hi in items for p in (lo, hi + 1 if hi != OO else OO)
                             if p not in (NOO, OO)])
    bounds = [NOO] + points + [OO]
    out = []
    for start, stop in zip(bounds, bounds[1:]):
        end = stop - 1 if stop != OO else OO
        covering = [value for value, lo, hi in items if _cmp(lo, start) <= 0 and _cmp(end, hi) <= 0]
        out.append((start, end, sympy.Add(*covering), len(covering)))
    return out


def _term_interval(factors, n) -> tuple:
    """(coef, lo, hi) of one product of a coefficient with steps and deltas."""
    lo, hi, coef = NOO, OO, S.One
    for factor in factors:
        base, power = factor.as_base_exp()
        if isinstance(base, (UnitStep, Delta)):
            if not (power.is_Integer and power > 0):
                raise ClosedFormError(f"{factor} is not a product of steps")
            arg = base.args[0]
            slope = sympy.diff(arg, n)
            rest = sympy.expand(arg - slope * n)
            point = -rest if slope == 1 else rest  # where arg = 0
            if isinstance(base, Delta):
                lo, hi = _max(lo, point), _min(hi, point)
            elif slope == 1:
                lo = _max(lo, point)
            else:
                hi = _min(hi, point)
        else:
            if factor.has(UnitStep, Delta):
                raise ClosedFormError(f"u[...] and delta[...] may only multiply the formula, not sit "
                                      f"inside {factor}")
            coef *= factor
    return coef, lo, hi


def formula_pieces(expr, n) -> tuple:
    """Disjoint pieces of a formula: the support reasoning, as data."""
    expanded = sympy.expand(expr, power_exp=False, power_base=False, log=False, multinomial=False)
    terms = []
    for term in sympy.Add.make_args(expanded):
        coef, lo, hi = _term_interval(sympy.Mul.make_args(term), n)
        if _cmp(lo, hi) <= 0 and coef != 0:
            terms.append((coef, lo, hi))
    if not terms:
        return ()
    pieces = []
    for start, end, coef, _ in _on_intervals(terms):
        coef = sympy.simplify(coef) if coef.free_symbols else coef
        if coef == 0:
            continue
        if pieces and pieces[-1].hi != OO and _cmp(pieces[-1].hi + 1, start) == 0 and \
                sympy.simplify(pieces[-1].coef - coef) == 0:
            pieces[-1] = Piece(pieces[-1].coef, pieces[-1].lo, end)
            continue
        if _same(start, end):  # a single point: write the coefficient at that point
            coef = coef.subs(n, start)
        pieces.append(Piece(coef, start, end))
    return tuple(pieces)


def sequence_formula(seq: Sequence, n) -> Formula:
    """A finite sequence as a formula: ``sum_k x[k] delta[n - k]``, one point piece per sample."""
    expr = sympy.Add(*[v * Delta(n - k) for k, v in zip(seq.indices, seq.values)])
    pieces = tuple(Piece(v, sympy.Integer(k), sympy.Integer(k)) for k, v in zip(seq.indices, seq.values)
                   if v != 0)
    params = tuple((s, None) for s in sorted(expr.free_symbols - {n}, key=str))
    text = ", ".join(str(v) for v in seq.values)
    return Formula(expr, n, params, pieces, seq.name, f"({text}) from n = {seq.start}")


def _pair_steps(p: Piece, q: Piece, n, m, limits: Limits) -> list:
    """The finite sums of one pair of pieces, by interval of n."""
    a1, b1, a2, b2 = p.lo, p.hi, q.lo, q.hi
    if (a1 == NOO and b2 == OO) or (b1 == OO and a2 == NOO):
        raise ClosedFormError("the sum over m runs over infinitely many terms in both directions "
                              "(a two-sided infinite sum); symconv handles sequences that are zero on "
                              "one side at least when the other is infinite")
    start = a1 + a2 if NOO not in (a1, a2) else NOO
    end = b1 + b2 if OO not in (b1, b2) else OO
    summand = p.coef.subs(n, m) * q.coef.subs(n, n - m)
    if _same(a1, b1) or _same(a2, b2):  # one factor is a single sample: one term for every n
        at = a1 if _same(a1, b1) else n - a2
        value = summand.subs(m, at)
        return [SumStep(p, q, start, end, at, at, summand, value, True)]
    cuts = []  # n where the lower limit switches (after a1 + b2) or the upper one (after b1 + a2)
    if NOO != a1 and OO != b2:
        cuts.append(a1 + b2 + 1)
    if OO != b1 and NOO != a2:
        cuts.append(b1 + a2 + 1)
    inner = [c for c in _sorted_unique(cuts)
             if (start == NOO or _cmp(start + 1, c) <= 0) and (end == OO or _cmp(c, end + 1) <= 0)]
    bounds = [start] + inner + [end + 1 if end != OO else OO]
    steps = []
    for lo_n, stop in zip(bounds, bounds[1:]):
        hi_n = stop - 1 if stop != OO else OO
        probe = lo_n if lo_n != NOO else hi_n  # any n of the interval decides which limit applies
        lower = a1 if (a1 != NOO and (b2 == OO or _cmp(probe, a1 + b2) <= 0)) else n - b2
        upper = n - a2 if (a2 != NOO and (b1 == OO or _cmp(probe, b1 + a2) <= 0)) else b1
        term = summand
        if _same(lo_n, hi_n):  # a single n: write its number into the limits
            lower, upper, term = lower.subs(n, lo_n), upper.subs(n, lo_n), summand.subs(n, lo_n)
        value, closed = _finite_sum(term, m, lower, upper, limits)
        steps.append(SumStep(p, q, lo_n, hi_n, lower, upper, term, value, closed))
    return steps


def _finite_sum(summand, m, lower, upper, limits: Limits):
    if _same(lower, upper):
        return summand.subs(m, lower), True
    result = bounded(lambda: sympy.summation(summand, (m, lower, upper)), limits.max_seconds,
                     f"the sum of {summand} for m = {lower}..{upper}")
    if result.has(sympy.Sum):
        return sympy.Sum(summand, (m, lower, upper)), False
    return _tidy(result, limits), True


def _tidy(expr, limits: Limits):
    """Simplify each branch of a sum's result; ``Eq(a/b, 1)`` conditions become ``Eq(a, b)``."""
    def simplify(e):
        return bounded(lambda: sympy.simplify(sympy.powsimp(e)), limits.max_seconds, f"simplifying {e}")

    expr = sympy.piecewise_fold(expr)
    if isinstance(expr, sympy.Piecewise):
        args = []
        for value, cond in expr.args:
            cond = _tidy_condition(cond)
            if cond is sympy.false:
                continue
            args.append((simplify(value), cond))
        return sympy.Piecewise(*args)
    return simplify(expr)


def _tidy_condition(cond):
    if isinstance(cond, sympy.Eq):
        lhs, rhs = cond.args
        num, den = sympy.fraction(sympy.together(lhs - rhs))
        solved = sympy.Eq(*sympy.fraction(sympy.together(lhs / rhs))) if rhs != 0 else sympy.Eq(num, 0)
        return solved if solved is not sympy.false else cond
    return cond


def prune(expr, ranges: dict):
    """Drop the ``Eq(a, c)`` branches of Piecewise results that a parameter's range excludes
    (``0 < |a| < 1`` excludes ``a = 1``)."""
    def excluded(cond) -> bool:
        if not isinstance(cond, sympy.Eq):
            return False
        for sym, value in ((cond.lhs, cond.rhs), (cond.rhs, cond.lhs)):
            spec = ranges.get(sym)
            if spec and value.is_number:
                lo, hi, absolute = spec
                v = abs(value) if absolute else value
                if (lo is not None and not v > lo) or (hi is not None and not v < hi):
                    return True
        return False

    def walk(e):
        if isinstance(e, sympy.Piecewise):
            kept = [(walk(v), c) for v, c in e.args if not excluded(c)]
            if len(kept) == 1 or (kept and kept[0][1] is sympy.true):
                return kept[0][0]
            return sympy.Piecewise(*kept)
        if e.args:
            return e.func(*[walk(a) for a in e.args])
        return e

    return walk(expr) if ranges else expr


def convolve_closed_form(x: Formula, h: Formula, out_name: str, limits: Limits) -> ClosedForm:
    """``y[n] = sum_m x[m] h[n-m]`` in closed form for every integer ``n``."""
    n = x.n
    if h.n != n:
        h = Formula(h.expr.xreplace({h.n: n}), n, h.params,
                    tuple(Piece(p.coef.xreplace({h.n: n}), p.lo, p.hi) for p in h.pieces), h.name, h.text)
    m = sympy.Symbol("m", integer=True)
    steps = []
    for p in x.pieces:
        for q in h.pieces:
            steps.extend(_pair_steps(p, q, n, m, limits))
    ranges = {sym: spec for sym, spec in x.params + h.params if spec}
    steps = [SumStep(s.x_piece, s.h_piece, s.n_lo, s.n_hi, s.m_lo, s.m_hi, s.summand,
                     prune(s.value, ranges), s.closed) for s in steps]
    result = _combine(steps, n, limits)
    return ClosedForm(x, h, out_name, n, m, tuple(steps), result, all(s.closed for s in steps))


def _combine(steps: list, n, limits: Limits) -> tuple:
    """Add the contributions interval by interval into disjoint result pieces."""
    pieces = []
    for start, end, total, count in _on_intervals([(s.value, s.n_lo, s.n_hi) for s in steps]):
        if total == 0:
            continue
        if count > 1:
            total = _tidy(sympy.piecewise_fold(total), limits)
        if _same(start, end):
            total = _tidy(total.subs(n, start), limits)
        pieces.append(Piece(total, start, end))
    return tuple(pieces)
