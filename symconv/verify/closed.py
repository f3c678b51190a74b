"""Check of a closed form against a brute-force convolution of its two formulas."""

from __future__ import annotations

import random

import sympy

from ..errors import VerificationError
from .numeric import CheckReport

__all__ = ["check_closed_form"]


def _parameter_value(sym, value):
    """A user's parameter value, through the whitelist parser; integers for integer parameters."""
    from ..errors import InputError
    from ..parse import parse_value

    exact, _ = parse_value(value, where=f"values[{sym.name!r}]")
    if exact.free_symbols:
        raise InputError(f"values[{sym.name!r}] must be a number, got {value!r}")
    if sym.is_integer and not exact.is_Integer:
        raise InputError(f"values[{sym.name!r}] must be an integer ({sym.name} indexes a step or delta)")
    if sym.is_positive and not exact.is_positive:
        raise InputError(f"values[{sym.name!r}] must be positive, got {value!r}")
    return exact


def check_closed_form(cf, *, seed: int = 0, values: dict | None = None, strict: bool = True,
                      window: int = 12) -> CheckReport:
    """Run :func:`_check_closed_form_at` for random parameter values and, for every special case
    the result splits out (``a = b``), again with values that satisfy it."""
    report = _check_closed_form_at(cf, seed, values, strict, window, {})
    for cond in cf.expr.atoms(sympy.Eq):
        lhs, rhs = cond.args
        if lhs.is_Symbol and not (values and lhs.name in values):
            special = _check_closed_form_at(cf, seed, values, strict, window, {lhs: rhs})
            report = CheckReport(report.ok and special.ok, max(report.max_abs_error, special.max_abs_error),
                                 report.tolerance, f"{report.reference}; {special.reference}",
                                 report.substitutions + special.substitutions)
    return report


def _check_closed_form_at(cf, seed, values, strict, window, tie: dict) -> CheckReport:
    """Evaluate a closed form at a window of ``n`` (negative ``n`` and every piece boundary
    included) for concrete parameter values and compare with a brute-force convolution of the two
    formulas, each summed only where it is provably non-zero.

    Parameter values come from ``values`` or are drawn at random within the assumptions (positive
    integers 1..5 for index parameters; rationals within a stated range). The check is exact
    (rational arithmetic) unless the formulas involve irrational numbers.
    """
    from ..engine.closed_form import OO, NOO

    rng = random.Random(seed)
    subs = {}
    for sym, spec in cf.x.params + cf.h.params:
        if sym in subs:
            continue
        if values and sym.name in values:
            subs[sym] = _parameter_value(sym, values[sym.name])
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

    def concrete(bound):
        return bound if bound in (OO, NOO) else int(bound.xreplace(subs))

    x_lo = min(concrete(p.lo) for p in cf.x.pieces) if cf.x.pieces else 0
    x_hi = max(concrete(p.hi) for p in cf.x.pieces) if cf.x.pieces else 0
    h_lo = min(concrete(p.lo) for p in cf.h.pieces) if cf.h.pieces else 0
    h_hi = max(concrete(p.hi) for p in cf.h.pieces) if cf.h.pieces else 0
    marks = [concrete(b) for piece in cf.result for b in (piece.lo, piece.hi) if b not in (OO, NOO)]
    first = min(marks + [0]) - 4
    last = max(marks + [first + 4]) + window
    x_expr, h_expr = cf.x.expr.xreplace(subs), cf.h.expr.xreplace(subs)
    closed = cf.expr.xreplace(subs)
    n = cf.n
    worst = 0.0
    for k in range(first, last + 1):
        lo = max(x_lo, k - h_hi) if h_hi != OO else x_lo
        hi = min(x_hi, k - h_lo) if h_lo != NOO else x_hi
        if lo in (NOO, OO) or hi in (NOO, OO):
            raise VerificationError("cannot bound the brute-force sum (two-sided infinite support)")
        brute = sympy.Add(*[x_expr.subs(cf.x.n, j) * h_expr.subs(cf.h.n, k - j) for j in range(lo, hi + 1)])
        got = closed.subs(n, k)
        if got.has(sympy.Sum):
            got = got.doit()
        diff = sympy.nsimplify(sympy.expand(got - brute)) if got.is_number and brute.is_number else None
        error = abs(complex(sympy.N(got - brute, 30))) if diff != 0 else 0.0
        scale = max(1.0, abs(complex(sympy.N(brute, 15))))
        worst = max(worst, error / scale if error > 1e-12 * scale else 0.0 if diff == 0 else error / scale)
    call = (f"brute-force convolution at n = {first}..{last}"
            + (f" with {', '.join(f'{k} = {v}' for k, v in subs.items())}" if subs else ""))
    report = CheckReport(worst <= 1e-12, worst, 1e-12, call, tuple((str(k), str(v)) for k, v in subs.items()))
    if strict and not report.ok:
        raise VerificationError(f"the closed form disagrees with the {call}: relative error {worst:.3g}")
    return report
