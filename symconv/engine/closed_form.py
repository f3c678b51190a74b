"""Closed-form convolution of formula-defined sequences, valid for every integer n.

SymPy alone mishandles these sums (Heaviside(0) = 1/2, unevaluated sums over the integers,
Karr's reversed-range convention). Here the support of every factor is worked out first
(`support`): each sequence becomes disjoint pieces ``coef(n)`` on ``lo <= n <= hi``; for each
pair of pieces the product ``x[m] h[n-m]`` is non-zero only for
``max(lo_x, n - hi_h) <= m <= min(hi_x, n - lo_h)``, which splits ``n`` into intervals with fixed
limits; SymPy sums each range (non-empty by construction; one end may be infinite when the series
converges); the contributions are added interval by interval.

The whole computation runs under one `within()` budget of ``Limits.max_seconds``, and
its size is bounded before SymPy starts: pairs of pieces and terms added per interval against
``Limits.max_symbolic_terms``, the size of exact numbers against ``Limits.max_number_bits``.
"""

from __future__ import annotations

import sympy
from sympy import S

from ..errors import ClosedFormError, DerivationTooLarge, InputError, brief
from ..limits import Limits
from ..model import ClosedForm, Formula, Piece, SumStep
from .deadline import within
from .support import (NOO, OO, TooMany, _cmp, _largest_bound, _same, _sorted_unique, formula_pieces,
                      on_intervals, refuse_growth, sequence_formula)

__all__ = ["formula_pieces", "sequence_formula", "convolve_closed_form", "summation_symbol", "prune",
           "compare_bounds"]

#: The weak order of support bounds (public: the steps layer groups sums by interval with it).
compare_bounds = _cmp

#: Intervals adding more contributions than this are combined by expansion alone (linear time:
#: shifted geometric terms collect into one per base), not by ``simplify``.
_SIMPLIFY_UP_TO = 8
#: Exact values a convolution may reach before SymPy starts (estimated): past this, SymPy's own
#: arithmetic (a power of 2**(10**9), say) would run for minutes in C, where no deadline reaches.
_HUGE_BITS = 1 << 20
#: Names tried, in order, for the summation index.
_INDEX_NAMES = ("m", "k", "j", "i", "l", "p", "q", "r", "s", "t")


def summation_symbol(*formulas: Formula) -> sympy.Symbol:
    """The summation index: ``m`` unless a formula already uses that name (``u[n-m]``), then the
    first free one of k, j, i, ... (``m_1``, ``m_2``, ... after that).

    Examples
    --------
    >>> from symconv import formula
    >>> summation_symbol(formula("u[n - m]"), formula("u[n]"))
    k
    """
    taken = {s.name for f in formulas for s in f.expr.free_symbols | {f.n}}
    names = list(_INDEX_NAMES) + [f"m_{i}" for i in range(1, len(taken) + 2)]
    return sympy.Symbol(next(name for name in names if name not in taken), integer=True)


def _pair_plans(p: Piece, q: Piece, n, m) -> list:
    """The sums of one pair of pieces, by interval of n, before any is done:
    ``(n_lo, n_hi, m_lo, m_hi, summand, single)``, ``single`` when the sum has one term for every
    n (one factor is a single sample)."""
    a1, b1, a2, b2 = p.lo, p.hi, q.lo, q.hi
    if a1 == NOO and b1 == OO and a2 == NOO and b2 == OO:
        raise ClosedFormError("the sum over m runs over infinitely many terms in both directions "
                              "(a two-sided infinite sum); symconv handles sequences that are zero on "
                              "one side at least when the other is infinite")
    start = a1 + a2 if NOO not in (a1, a2) else NOO
    end = b1 + b2 if OO not in (b1, b2) else OO
    summand = p.coef.subs(n, m) * q.coef.subs(n, n - m)
    if _same(a1, b1) or _same(a2, b2):
        at = a1 if _same(a1, b1) else n - a2
        return [(start, end, at, at, summand, True)]
    cuts = []  # n where the lower limit switches (after a1 + b2) or the upper one (after b1 + a2)
    if NOO != a1 and OO != b2:
        cuts.append(a1 + b2 + 1)
    if OO != b1 and NOO != a2:
        cuts.append(b1 + a2 + 1)
    inner = [c for c in _sorted_unique(cuts)
             if (start == NOO or _cmp(start + 1, c) <= 0) and (end == OO or _cmp(c, end + 1) <= 0)]
    bounds = [start] + inner + [end + 1 if end != OO else OO]
    plans = []
    for lo_n, stop in zip(bounds, bounds[1:]):
        hi_n = stop - 1 if stop != OO else OO
        probe = lo_n if lo_n != NOO else hi_n  # any n of the interval decides which limit applies
        if a1 == NOO:
            lower = n - b2 if b2 != OO else NOO
        else:
            lower = a1 if (b2 == OO or _cmp(probe, a1 + b2) <= 0) else n - b2
        if b1 == OO:
            upper = n - a2 if a2 != NOO else OO
        else:
            upper = n - a2 if (a2 != NOO and _cmp(probe, b1 + a2) <= 0) else b1
        term = summand
        if _same(lo_n, hi_n):  # a single n: write its number into the limits
            lower, upper, term = lower.subs(n, lo_n), upper.subs(n, lo_n), summand.subs(n, lo_n)
        plans.append((lo_n, hi_n, lower, upper, term, False))
    return plans


def _step(p: Piece, q: Piece, plan: tuple, m, ranges: dict) -> SumStep:
    lo_n, hi_n, lower, upper, term, single = plan
    if single:
        return SumStep(p, q, lo_n, hi_n, lower, upper, term, prune(term.subs(m, lower), ranges), True)
    value, closed = _sum(term, m, lower, upper, ranges)
    return SumStep(p, q, lo_n, hi_n, lower, upper, term, prune(value, ranges), closed)


def _sum(summand, m, lower, upper, ranges: dict):
    """``sum_{m=lower}^{upper} summand`` and whether it is closed. A finite range may stay an
    unevaluated (exact) Sum; an infinite one must converge, provably, or it is refused."""
    if _same(lower, upper):
        return summand.subs(m, lower), True
    result = sympy.summation(summand, (m, lower, upper))
    if lower not in (NOO, OO) and upper not in (NOO, OO):
        if result.has(sympy.Sum):
            return sympy.Sum(summand, (m, lower, upper)), False
        return _tidy(result), True
    return _tidy(_converged(result, summand, m, lower, upper, ranges)), True


def _converged(result, summand, m, lower, upper, ranges: dict):
    """The value of a one-sided infinite series, keeping only the branches SymPy's convergence
    conditions allow for the parameters' ranges; refused when it diverges or when convergence
    depends on parameter values nobody stated."""
    side = f"{m} ≤ {brief(upper)}" if lower == NOO else f"{m} ≥ {brief(lower)}"
    series = f"the sum of {brief(summand)} over {side}"
    result = sympy.piecewise_fold(result)
    if isinstance(result, sympy.Piecewise):
        for value, cond in result.args:
            holds = _holds(cond, ranges)
            if holds is True and not value.has(sympy.Sum):
                result = value
                break
            if holds is None:
                name = min((s.name for s in cond.free_symbols), default="a")
                raise ClosedFormError(
                    f"{series} converges only when {brief(cond)}; give the parameter a range in which it "
                    f"does, e.g. params={{'{name}': '0 < |{name}| < 1'}}")
        else:
            raise ClosedFormError(f"{series} diverges for the parameters' values: the convolution does not exist")
    if result.has(OO, NOO, sympy.zoo, sympy.nan):
        raise ClosedFormError(f"{series} diverges (its terms do not shrink): the convolution does not exist")
    if result.has(sympy.Sum):
        raise ClosedFormError(f"SymPy found no closed form for {series}, an infinite series whose "
                              f"convergence symconv cannot decide")
    return result


def _holds(cond, ranges: dict):
    """True/False if ``cond`` holds/fails for every value of its one parameter within its range
    (or its assumptions), None if that depends on the value."""
    if cond in (sympy.true, sympy.false):
        return bool(cond)
    symbols = cond.free_symbols
    if len(symbols) != 1:
        return None
    (sym,) = symbols
    spec = ranges.get(sym)
    if spec:
        lo, hi, absolute = spec
        lo = sympy.Rational(lo) if lo is not None else (S.Zero if absolute else NOO)
        hi = sympy.Rational(hi) if hi is not None else OO
        domain = sympy.Interval.open(lo, hi)
        if absolute:
            domain = sympy.Union(domain, sympy.Interval.open(-hi, -lo))
    else:
        domain = sympy.Interval.open(0, OO) if sym.is_positive else S.Reals if sym.is_real else None
        if domain is None:
            return None
        if sym.is_nonzero:
            domain = domain - sympy.FiniteSet(0)
    try:
        solved = sympy.solveset(cond, sym, domain)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if solved == domain:
        return True
    if solved is S.EmptySet:
        return False
    return None


def _tidy(expr):
    """Simplify each branch of a sum's result; ``Eq(a/b, 1)`` conditions become ``Eq(a, b)``."""
    def simplify(e):
        return sympy.simplify(sympy.powsimp(e))

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


def _same_index(x: Formula, h: Formula) -> Formula:
    """``h`` written in ``x``'s index variable, refusing a parameter of ``h`` named like it."""
    n = x.n
    if any(s != h.n and s.name == n.name for s in h.expr.free_symbols):
        raise InputError(f"the parameter {n.name} of {h.name or 'h'} is named like the index variable of "
                         f"{x.name or 'x'}; rename one of them")
    if h.n == n:
        return h
    return Formula(h.expr.xreplace({h.n: n}), n, h.params,
                   tuple(Piece(p.coef.xreplace({h.n: n}), p.lo, p.hi) for p in h.pieces), h.name, h.text)


def _refuse_size(x: Formula, h: Formula, limits: Limits) -> None:
    """Before SymPy starts: the pairs of pieces and the size of the numbers they reach."""
    pairs = len(x.pieces) * len(h.pieces)
    if pairs > limits.max_symbolic_terms:
        raise DerivationTooLarge(
            f"the closed form of {x.name} ({len(x.pieces):,} pieces) * {h.name} ({len(h.pieces):,} pieces) needs "
            f"{pairs:,} sums, over the limit of {limits.max_symbolic_terms:,}; pass "
            f"limits=symconv.Limits(max_symbolic_terms=...) to raise it")
    at = _largest_bound(x.pieces) + _largest_bound(h.pieces)
    for f in (x, h):  # a megabit number costs SymPy milliseconds; a gigabit one, minutes in C
        refuse_growth(f.pieces, x.n, at, _HUGE_BITS, f.name or "x", "that SymPy may build inside the convolution")


def _refuse_huge_numbers(what: str, exprs, limits: Limits) -> None:
    """The numbers a closed form holds must stay printable: at most 4 x Limits.max_number_bits."""
    budget = 4 * limits.max_number_bits
    for expr in exprs:
        for number in expr.atoms(sympy.Rational):
            bits = max(abs(int(number.p)).bit_length(), int(number.q).bit_length())
            if bits > budget:
                raise InputError(
                    f"{what} holds a number of about {int(bits * 0.30103) + 1:,} digits; exact values of a "
                    f"closed form are limited to 4 × Limits.max_number_bits = {budget:,} bits; move the "
                    f"supports closer to n = 0 or raise Limits.max_number_bits")


def convolve_closed_form(x: Formula, h: Formula, out_name: str, limits: Limits) -> ClosedForm:
    """``y[n] = sum_m x[m] h[n-m]`` in closed form for every integer ``n``.

    Raises
    ------
    ClosedFormError
        A two-sided infinite sum, a divergent series, an order of bounds that depends on the
        parameters.
    ClosedFormTimeout
        The whole computation took longer than ``limits.max_seconds``.
    DerivationTooLarge
        More pairs of pieces, or more terms added on the intervals of ``n``, than
        ``limits.max_symbolic_terms``.
    InputError
        Exact values too large to write (``Limits.max_number_bits``), a parameter named like the
        index variable.
    """
    h = _same_index(x, h)
    _refuse_size(x, h, limits)
    what = f"the closed form of {x.name} * {h.name}"
    m, steps, result = within(limits.max_seconds, what, _closed_form, x, h, what, limits)
    return ClosedForm(x, h, out_name, x.n, m, tuple(steps), result, all(s.closed for s in steps))


def _closed_form(x: Formula, h: Formula, what: str, limits: Limits) -> tuple:
    """The summation index, every sum and the result pieces (the work under the deadline)."""
    n = x.n
    m = summation_symbol(x, h)
    ranges = {sym: spec for sym, spec in x.params + h.params if spec}
    plans = [(p, q, plan) for p in x.pieces for q in h.pieces for plan in _pair_plans(p, q, n, m)]
    try:
        intervals = on_intervals([(i, plan[0], plan[1]) for i, (_, _, plan) in enumerate(plans)],
                                 limits.max_symbolic_terms)
    except TooMany as many:
        raise DerivationTooLarge(
            f"{what} adds {many.total:,} terms over {many.intervals:,} intervals of n, over the limit of "
            f"{limits.max_symbolic_terms:,}; pass limits=symconv.Limits(max_symbolic_terms=...) to raise "
            f"it") from None
    steps = [_step(p, q, plan, m, ranges) for p, q, plan in plans]
    _refuse_huge_numbers(what, (s.value for s in steps), limits)
    result = _combine(steps, intervals, n)
    _refuse_huge_numbers(what, (p.coef for p in result), limits)
    return m, steps, result


def _combine(steps: list, intervals: list, n) -> tuple:
    """Add the contributions interval by interval (``intervals`` lists the indices of the steps
    covering each) into disjoint result pieces."""
    pieces = []
    for start, end, covering in intervals:
        values = [steps[i].value for i in covering]
        total = sympy.Add(*values)
        if total == 0:
            continue
        if len(values) > _SIMPLIFY_UP_TO:
            total = sympy.expand(sympy.piecewise_fold(total), power_exp=True, power_base=False, log=False,
                                 multinomial=False)
        elif len(values) > 1:
            total = _tidy(sympy.piecewise_fold(total))
        if _same(start, end):
            total = _tidy(total.subs(n, start))
        pieces.append(Piece(total, start, end))
    return tuple(pieces)
