"""Check of a closed-form correlation against its defining sum, added term by term, bounded.

``r[k] = sum_n x[n + k] conj(h[n])`` is summed from the two formulas as written (not through the
reversed sequence the derivation convolves with), at every lag ``k = -10..30``, every boundary
of the result ± 4 and a few lags past the last, in the 50-digit arithmetic of `Values`; a sum
longer than ``MAX_SUM_TERMS`` is not added up (its lag is reported as not checked), an infinite
one is added until its terms vanish. Parameter values are drawn as for convolutions, and each
special case the result splits out (``a = b``) is checked again. One `within()` budget bounds
the whole check.
"""

from __future__ import annotations

import sympy

from ..errors import InputError, VerificationError, brief
from ..limits import DEFAULT_LIMITS, Limits
from ._values import FLOOR, MAX_SUM_TERMS, Unknown, Values
from .closed import _MAX_SPECIAL_CASES, _MAX_TERMS, _TOLERANCE, _extent, _substitution
from .numeric import CheckReport

__all__ = ["check_closed_correlation", "LAGS"]

#: The lags always compared.
LAGS = range(-10, 31)
_MAX_POINTS = 200


def check_closed_correlation(cc, *, seed: int = 0, values: dict | None = None, strict: bool = True,
                             limits: Limits = DEFAULT_LIMITS) -> CheckReport:
    """Compare a closed-form correlation with ``sum_n x[n + k] conj(h[n])`` added term by term.

    Parameters
    ----------
    cc : ClosedCorrelation
    seed : int
        Seed of the random parameter values.
    values : dict, optional
        Parameter values by name, instead of random ones.
    strict : bool
        Raise [`VerificationError`][symconv.VerificationError] on a mismatch (default).
    limits : Limits
        ``max_seconds`` bounds the whole check.

    Returns
    -------
    CheckReport

    Raises
    ------
    VerificationError
        If ``strict`` and the check fails.
    ClosedFormTimeout
        The check took longer than ``limits.max_seconds``.

    Examples
    --------
    >>> import symconv
    >>> r = symconv.correlate(symconv.formula("(1/2)**n*u[n]"), symconv.formula("(1/2)**n*u[n]"))
    >>> report = check_closed_correlation(r.expansion)
    >>> report.ok, report.reference
    (True, 'the correlation sum Σₙ x[n + k]·h[n] added term by term (every n where both factors are non-zero) at every k with -10 ≤ k ≤ 30')
    """
    from ..engine.deadline import within

    if values is not None and not isinstance(values, dict):
        raise InputError(f"values must be a dict of parameter values by name, got {brief(values)}")
    report = within(limits.max_seconds, "the check of the closed-form correlation", _check, cc, seed, values)
    if strict and not report.ok:
        if report.max_abs_error == 0:
            raise VerificationError(f"could not check the closed form at any k: {report.reference}")
        raise VerificationError(f"the closed form disagrees with the {report.reference}: relative error "
                                f"{report.max_abs_error:.3g}")
    return report


def _check(cc, seed, values) -> CheckReport:
    report = _check_at(cc, seed, values, {})
    specials = [cond for cond in cc.expr.atoms(sympy.Eq)
                if cond.args[0].is_Symbol and not (values and cond.args[0].name in values)]
    for cond in specials[:_MAX_SPECIAL_CASES]:
        special = _check_at(cc, seed, values, {cond.args[0]: cond.args[1]})
        report = CheckReport(report.ok and special.ok, max(report.max_abs_error, special.max_abs_error),
                             report.tolerance, f"{report.reference}; {special.reference}",
                             report.substitutions + special.substitutions)
    return report


def _lags(cc, subs: dict) -> list:
    from ..engine.closed_form import NOO, OO

    marks = sorted({int(b.xreplace(subs)) for p in cc.result for b in (p.lo, p.hi) if b not in (OO, NOO)})
    points = set(LAGS)
    for mark in marks:
        points.update(range(mark - 4, mark + 5))
    if marks:
        points.update(range(marks[-1] + 1, marks[-1] + 13))
    return sorted(points)[:_MAX_POINTS] if len(points) > _MAX_POINTS else sorted(points)


def _brute(values: Values, cc, k: int, extent: tuple):
    """``sum_n x[n + k] conj(h[n])`` over the n where both can be non-zero: ``(value, sum of
    |terms|)``, or None when the sum is too long to add up."""
    ctx = values.ctx
    x_lo, x_hi, h_lo, h_hi = extent
    lows = [b for b in (None if x_lo is None else x_lo - k, h_lo) if b is not None]
    highs = [b for b in (None if x_hi is None else x_hi - k, h_hi) if b is not None]
    lo, hi = max(lows, default=None), min(highs, default=None)
    x, h = cc.x, cc.h

    def term(j, cached=True):
        right = values.at(h.expr, h.n, j, cached=cached)
        return values.at(x.expr, x.n, j + k, cached=cached) * (ctx.conj(right) if cc.conjugate else right)

    if lo is not None and hi is not None:
        if hi < lo:
            return ctx.mpf(0), ctx.mpf(0)
        if hi - lo >= MAX_SUM_TERMS:
            return None
        terms = [term(j) for j in range(lo, hi + 1)]
        return ctx.fsum(terms), ctx.fsum(abs(t) for t in terms)
    if lo is None and hi is None:
        return None
    start, step = (hi, -1) if lo is None else (lo, 1)
    total, size, quiet = ctx.mpf(0), ctx.mpf(0), 0
    for i in range(MAX_SUM_TERMS):
        t = term(start + step * i, cached=False)
        total += t
        size += abs(t)
        quiet = quiet + 1 if abs(t) <= FLOOR * 1e-5 * size else 0
        if quiet >= 8:
            return total, size
    return None


def _check_at(cc, seed, values, tie: dict) -> CheckReport:
    subs = _substitution(cc, seed, values, tie)
    evaluator = Values(subs)
    ctx = evaluator.ctx
    extent = _extent(cc.x.pieces, subs) + _extent(cc.h.pieces, subs)
    lags = _lags(cc, subs)
    closed = cc.expr
    worst, failed, skipped, checked = 0.0, [], [], []
    for k in lags:
        if evaluator.computed > _MAX_TERMS:
            skipped.append(k)
            continue
        try:
            brute = _brute(evaluator, cc, k, extent)
            if brute is None:
                skipped.append(k)
                continue
            got = evaluator.at(closed, cc.n, k, cached=False)
        except (ZeroDivisionError, OverflowError, ValueError):
            failed.append(k)
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
    ok = not failed and bool(checked) and worst <= _TOLERANCE
    return CheckReport(ok, worst, _TOLERANCE, _describe(cc, lags, checked, skipped, failed, subs),
                       tuple((str(k), str(v)) for k, v in subs.items()))


def _describe(cc, lags, checked, skipped, failed, subs) -> str:
    def listed(ks):
        shown = ", ".join(str(k) for k in ks[:6])
        return shown + (f", … ({len(ks):,} in all)" if len(ks) > 6 else "")

    k, n = cc.n, cc.m
    x, h = cc.x.name or "x", cc.h.name or "h"
    right = f"conj({h}[{n}])" if cc.conjugate else f"{h}[{n}]"
    contiguous = lags == list(range(lags[0], lags[-1] + 1))
    if contiguous and not skipped and not failed:
        where = f"every {k} with {lags[0]} ≤ {k} ≤ {lags[-1]}"
    else:
        where = f"{len(checked):,} lags {k} from {lags[0]} to {lags[-1]} (every {k} from -10 to 30, every boundary ± 4)"
    call = (f"correlation sum Σ{_SUB.get(n.name, '_' + n.name)} {x}[{n} + {k}]·{right} added term by term "
            f"(every {n} where both factors are non-zero) at {where}")
    if subs:
        call += f" with {', '.join(f'{s} = {brief(v)}' for s, v in subs.items())}"
    if skipped:
        call += f"; not checked at {k} = {listed(skipped)} (sums of more than {MAX_SUM_TERMS:,} terms)"
    if failed:
        call += f"; not finite at {k} = {listed(failed)}"
    return "the " + call


_SUB = {"n": "ₙ", "m": "ₘ", "k": "ₖ", "j": "ⱼ", "i": "ᵢ", "l": "ₗ", "p": "ₚ", "s": "ₛ", "t": "ₜ"}
