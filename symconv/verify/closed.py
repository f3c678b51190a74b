"""Check of a closed form against a brute-force convolution of its two formulas, bounded.

The closed form is evaluated at a bounded set of ``n`` (every boundary of its pieces and of its
sums, a few points either side, a seeded sample of the rest) and compared with ``sum_m x[m]
h[n-m]`` summed term by term from the formulas as written. Both sides are evaluated by
`Values` in 50-digit arithmetic (a private mpmath context), so ``(1/2)**n`` at
``n = 10**9`` costs what it costs at ``n = 3``; a sum longer than ``MAX_SUM_TERMS`` is not summed
(its point is reported as not checked), an infinite one is summed until its terms vanish. A value
that is not finite (a division by zero, a NaN) fails the check, never passes it. The whole check
runs under one `within()` budget.
"""

from __future__ import annotations

import random

import sympy

from ..errors import InputError, VerificationError, brief
from ..limits import DEFAULT_LIMITS, Limits
from ._values import FLOOR, MAX_SUM_TERMS, Unknown, Values
from ..parse import parameter_value
from .numeric import CheckReport

__all__ = ["check_closed_form"]

_TOLERANCE = 1e-12
_MAX_POINTS = 200  # values of n compared
_CONTIGUOUS = 120  # a window this short is checked at every n (as before the bound)
_MAX_TERMS = 40_000  # distinct formula values computed in one check
_MAX_SPECIAL_CASES = 6


def check_closed_form(cf, *, seed: int = 0, values: dict | None = None, strict: bool = True,
                      window: int = 12, limits: Limits = DEFAULT_LIMITS) -> CheckReport:
    """Compare a closed form with a brute-force convolution of its formulas, for random parameter
    values and again for every special case the result splits out (``a = b``).

    Parameters
    ----------
    cf : ClosedForm
    seed : int
        Seed of the random parameter values (positive integers 1..5 for index parameters;
        rationals within a stated range).
    values : dict, optional
        Parameter values by name, instead of random ones.
    strict : bool
        Raise [`VerificationError`][symconv.VerificationError] on a mismatch (default).
    window : int
        How many ``n`` past the last boundary to check.
    limits : Limits
        ``max_seconds`` bounds the whole check.

    Returns
    -------
    CheckReport
        ``ok`` only if every compared value is finite and agrees, and at least one ``n`` was
        compared; ``reference`` says where it was checked (and where not).

    Raises
    ------
    VerificationError
        If ``strict`` and the check fails.
    ClosedFormTimeout
        The check took longer than ``limits.max_seconds``.

    Examples
    --------
    >>> import symconv
    >>> y = symconv.convolve(symconv.formula("u[n - 10**9]"), symconv.formula("u[n]"))
    >>> report = check_closed_form(y.expansion)
    >>> report.ok, report.reference
    (True, 'the convolution sum added term by term (every m where both factors are non-zero) at 36 values of n from -4 to 1000000012 (every boundary ± 4 and a sample)')
    """
    from ..engine.deadline import within

    if values is not None and not isinstance(values, dict):
        raise InputError(f"values must be a dict of parameter values by name, got {brief(values)}")
    report = within(limits.max_seconds, "the check of the closed form", _check, cf, seed, values, window)
    if strict and not report.ok:
        if report.max_abs_error == 0:  # nothing failed, nothing could be compared either
            raise VerificationError(f"could not check the closed form at any n: {report.reference}")
        raise VerificationError(f"the closed form disagrees with the {report.reference}: relative error "
                                f"{report.max_abs_error:.3g}")
    return report


def _check(cf, seed, values, window) -> CheckReport:
    """At random parameter values, then at each special case the result splits out."""
    report = _check_at(cf, seed, values, window, {})
    specials = [cond for cond in cf.expr.atoms(sympy.Eq)
                if cond.args[0].is_Symbol and not (values and cond.args[0].name in values)]
    for cond in specials[:_MAX_SPECIAL_CASES]:
        special = _check_at(cf, seed, values, window, {cond.args[0]: cond.args[1]})
        report = CheckReport(report.ok and special.ok, max(report.max_abs_error, special.max_abs_error),
                             report.tolerance, f"{report.reference}; {special.reference}",
                             report.substitutions + special.substitutions)
    return report


def _substitution(cf, seed, values, tie: dict) -> dict:
    rng = random.Random(seed)
    subs = {}
    for sym, spec in cf.x.params + cf.h.params:
        if sym in subs:
            continue
        if values and sym.name in values:
            subs[sym] = parameter_value(sym, values[sym.name])
        elif sym.is_integer:
            subs[sym] = sympy.Integer(rng.randint(1, 5) if sym.is_positive else rng.randint(-4, 4))
        elif spec:
            lo, hi, absolute = spec
            lo = sympy.Rational(lo) if lo is not None else sympy.Rational(-3, 2)
            hi = sympy.Rational(hi) if hi is not None else lo + 2
            value = lo + (hi - lo) * sympy.Rational(rng.randint(1, 9), 10)
            subs[sym] = value * rng.choice([-1, 1]) if absolute else value
        else:
            subs[sym] = sympy.Rational(rng.choice([-1, 1]) * rng.randint(1, 9), rng.randint(2, 9))
    for sym, other in tie.items():  # a special case such as a = b
        subs[sym] = other.xreplace(subs)
    return subs


def _points(cf, subs: dict, window: int, seed: int) -> tuple:
    """The n to compare, and whether they are one contiguous window."""
    from ..engine.closed_form import NOO, OO

    bounds = [b for piece in cf.result for b in (piece.lo, piece.hi)]
    bounds += [b for step in cf.steps for b in (step.n_lo, step.n_hi)]
    marks = sorted({int(b.xreplace(subs)) for b in bounds if b not in (OO, NOO)})
    first = min(marks + [0]) - 4
    last = max(marks + [first + 4]) + window
    if last - first < _CONTIGUOUS:
        return list(range(first, last + 1)), True
    points = set(range(-4, 5)) | set(range(marks[-1] + 1, marks[-1] + window + 1))
    for mark in marks:
        if len(points) > _MAX_POINTS - 9:
            break
        points.update(range(mark - 4, mark + 5))
    rng = random.Random(seed)
    points.update(rng.randint(first, last) for _ in range(10))
    return sorted(points)[:_MAX_POINTS], False


def _brute(values: Values, cf, k: int, extent: tuple):
    """``sum_j x[j] h[k - j]`` over the j where both can be non-zero, from the formulas as written:
    ``(value, sum of |terms|)``, or None if the sum is too long to add up."""
    ctx = values.ctx
    x_lo, x_hi, h_lo, h_hi = extent
    lows = [b for b in (x_lo, None if h_hi is None else k - h_hi) if b is not None]  # None: -oo
    highs = [b for b in (x_hi, None if h_lo is None else k - h_lo) if b is not None]  # None: +oo
    lo, hi = max(lows, default=None), min(highs, default=None)
    x, h = cf.x, cf.h
    if lo is not None and hi is not None:
        if hi < lo:
            return ctx.mpf(0), ctx.mpf(0)
        if hi - lo >= MAX_SUM_TERMS:
            return None
        terms = [values.at(x.expr, x.n, j) * values.at(h.expr, h.n, k - j) for j in range(lo, hi + 1)]
        return ctx.fsum(terms), ctx.fsum(abs(t) for t in terms)
    if lo is None and hi is None:
        return None  # two-sided: the engine refuses these
    start, step = (hi, -1) if lo is None else (lo, 1)  # an infinite series, from its finite end
    total, size, quiet = ctx.mpf(0), ctx.mpf(0), 0
    for i in range(MAX_SUM_TERMS):
        j = start + step * i
        term = values.at(x.expr, x.n, j, cached=False) * values.at(h.expr, h.n, k - j, cached=False)
        total += term
        size += abs(term)
        quiet = quiet + 1 if abs(term) <= FLOOR * 1e-5 * size else 0
        if quiet >= 8:
            return total, size
    return None


def _extent(pieces, subs) -> tuple:
    """(lowest, highest) index where a formula can be non-zero; None for an infinite end."""
    from ..engine.closed_form import NOO, OO

    if not pieces:
        return 0, -1
    los = [p.lo for p in pieces]
    his = [p.hi for p in pieces]
    lo = None if NOO in los else min(int(b.xreplace(subs)) for b in los)
    hi = None if OO in his else max(int(b.xreplace(subs)) for b in his)
    return lo, hi


def _check_at(cf, seed, values, window, tie: dict) -> CheckReport:
    subs = _substitution(cf, seed, values, tie)
    evaluator = Values(subs)
    ctx = evaluator.ctx
    extent = _extent(cf.x.pieces, subs) + _extent(cf.h.pieces, subs)
    points, contiguous = _points(cf, subs, window, seed)
    closed = cf.expr
    worst, failed, skipped, checked = 0.0, [], [], []
    for k in points:
        if evaluator.computed > _MAX_TERMS:
            skipped.append(k)
            continue
        try:
            brute = _brute(evaluator, cf, k, extent)
            if brute is None:
                skipped.append(k)
                continue
            got = evaluator.at(closed, cf.n, k, cached=False)
        except (ZeroDivisionError, OverflowError, ValueError):
            failed.append(k)  # a pole or an undefined value: never a pass
            continue
        except Unknown:
            skipped.append(k)
            continue
        value, size = brute
        if not (evaluator.finite(got) and evaluator.finite(value)):
            failed.append(k)
            continue
        checked.append(k)
        error = abs(got - value) / max(ctx.mpf(1), size, abs(value))
        worst = max(worst, float(error) if error > FLOOR else 0.0)
    if failed:
        worst = float("inf")
    call = _describe(points, contiguous, checked, skipped, failed, subs)
    ok = not failed and bool(checked) and worst <= _TOLERANCE
    return CheckReport(ok, worst, _TOLERANCE, call, tuple((str(k), str(v)) for k, v in subs.items()))


def _describe(points, contiguous, checked, skipped, failed, subs) -> str:
    def listed(ns):
        shown = ", ".join(str(n) for n in ns[:6])
        return shown + (f", … ({len(ns):,} in all)" if len(ns) > 6 else "")

    if contiguous and not skipped and not failed:
        where = f"every n with {points[0]} ≤ n ≤ {points[-1]}"
    else:
        where = f"{len(checked):,} values of n from {points[0]} to {points[-1]} (every boundary ± 4 and a sample)"
    call = f"the convolution sum added term by term (every m where both factors are non-zero) at {where}"
    if subs:
        call += f" with {', '.join(f'{k} = {brief(v)}' for k, v in subs.items())}"
    if skipped:
        call += f"; not checked at n = {listed(skipped)} (sums of more than {MAX_SUM_TERMS:,} terms)"
    if failed:
        call += f"; not finite at n = {listed(failed)}"
    return call
