"""Exact-where-it-matters evaluation of SymPy expressions at integers, for the closed-form check.

Steps, deltas and conditions are decided exactly (linear indices cached as slope and offset);
everything else is computed in a private 50-digit mpmath context, so ``(1/2)**n`` at ``n = 10**9``
costs what it costs at ``n = 3`` and no process-wide precision is changed.
"""

from __future__ import annotations

import operator
from fractions import Fraction

import sympy

from ..functions import Delta, UnitStep
from ..errors import brief

__all__ = ["Values", "Unknown", "FLOOR", "MAX_SUM_TERMS"]

FLOOR = 1e-40  # relative differences below this are the 50-digit arithmetic's own rounding
MAX_SUM_TERMS = 2_000  # terms of one sum added up (a brute-force sum, an unevaluated Sum)

_COMPARE = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq,
            "!=": operator.ne}


class Unknown(Exception):
    """A value the evaluator cannot compute (an undecidable condition, an unknown function)."""


class Values:
    """SymPy expressions evaluated at integers, in a private 50-digit mpmath context (no
    process-wide precision is changed); steps, deltas and conditions exactly."""

    def __init__(self, subs: dict):
        import mpmath

        self.ctx = mpmath.MPContext()
        self.ctx.dps = 50
        self.exact = dict(subs)
        self.cache: dict = {}
        self.linear: dict = {}
        self.computed = 0

    def number(self, value):
        if value.is_Integer:
            return self.ctx.mpf(int(value))
        if value.is_Rational:
            return self.ctx.mpf(int(value.p)) / int(value.q)
        re, im = value.as_real_imag()
        parts = [self.ctx.mpf(str(sympy.N(part, 60))) for part in (re, im)]
        return parts[0] if parts[1] == 0 else self.ctx.mpc(*parts)

    def at(self, expr, var, k: int, cached: bool = True):
        """``expr`` with ``var = k``; cached per (expr, k) for the brute force."""
        key = (expr, k)
        if cached and key in self.cache:
            return self.cache[key]
        self.computed += 1
        env = dict(self.exact)
        env[var] = sympy.Integer(k)
        value = self.value_of(expr, env)
        if cached:
            self.cache[key] = value
        return value

    def value_of(self, e, env: dict):
        ctx = self.ctx
        if e.is_Number:
            return self.number(e)
        if e.is_Symbol:
            if e not in env:
                raise Unknown(f"no value for {e}")
            return self.number(env[e])
        if e is sympy.I:
            return ctx.mpc(0, 1)
        if e is sympy.pi:
            return ctx.pi
        if e is sympy.E:
            return ctx.e
        if isinstance(e, (UnitStep, Delta)):
            arg = self.exact_value(e.args[0], env)
            if not arg.is_Integer:
                raise Unknown(f"{brief(e)} at a non-integer")
            return ctx.mpf(int(int(arg) >= 0) if isinstance(e, UnitStep) else int(int(arg) == 0))
        if e.is_Add:
            return ctx.fsum(self.value_of(a, env) for a in e.args)
        if e.is_Mul:
            factors = sorted(e.args, key=lambda a: not isinstance(a, (UnitStep, Delta)))
            out = ctx.mpf(1)
            for factor in factors:  # steps first: a zero step skips the rest
                out *= self.value_of(factor, env)
                if out == 0:
                    return out
            return out
        if e.is_Pow:
            base, exp = self.value_of(e.base, env), self.value_of(e.exp, env)
            if base == 0 and ctx.re(exp) < 0:
                raise ZeroDivisionError
            return ctx.power(base, exp)
        if isinstance(e, sympy.Piecewise):
            for value, cond in e.args:
                if self.holds(cond, env):
                    return self.value_of(value, env)
            raise Unknown("no branch of a Piecewise applies")
        if isinstance(e, sympy.Sum):
            summand, (m, lo, hi) = e.args[0], e.args[1]
            lo, hi = lo.xreplace(env), hi.xreplace(env)
            if not (lo.is_Integer and hi.is_Integer) or hi - lo >= MAX_SUM_TERMS:
                raise Unknown("an unevaluated sum too long to add up")
            return ctx.fsum(self.value_of(summand, {**env, m: sympy.Integer(j)}) for j in range(int(lo), int(hi) + 1))
        if isinstance(e, sympy.Function):
            simple = {sympy.exp: ctx.exp, sympy.log: ctx.log, sympy.sin: ctx.sin, sympy.cos: ctx.cos,
                      sympy.tan: ctx.tan, sympy.Abs: abs, sympy.re: ctx.re, sympy.im: ctx.im,
                      sympy.conjugate: ctx.conj}
            args = [self.value_of(a, env) for a in e.args]
            if e.func in simple:
                return simple[e.func](*args)
            floats = [sympy.Float(ctx.nstr(ctx.re(a), 55), 55) + sympy.I * sympy.Float(ctx.nstr(ctx.im(a), 55), 55)
                      for a in args]
            value = e.func(*floats).evalf(55)
            if not value.is_number:
                raise Unknown(f"cannot evaluate {brief(e)}")
            return self.number(value)
        raise Unknown(f"cannot evaluate {brief(e)}")

    def exact_value(self, e, env: dict):
        """The exact value of an index expression (linear in one variable: cached as slope and
        offset, so a long sum of deltas costs integer arithmetic per evaluation)."""
        if e.is_Integer:
            return e
        if e.is_Symbol:
            return env.get(e, e)
        variables = [s for s in e.free_symbols if s not in self.exact]
        if len(variables) == 1 and variables[0] in env:
            (var,) = variables
            linear = self.linear.get((e, var))
            if linear is None:
                known = e.xreplace(self.exact)
                slope = sympy.diff(known, var)
                rest = sympy.expand(known - slope * var)
                linear = (int(slope), int(rest)) if slope.is_Integer and rest.is_Integer else False
                self.linear[(e, var)] = linear
            if linear:
                return sympy.Integer(linear[0] * int(env[var]) + linear[1])
        return e.xreplace(env)

    def holds(self, cond, env: dict) -> bool:
        """Whether a Piecewise condition holds, decided exactly."""
        if cond in (sympy.true, sympy.false):
            return bool(cond)
        if isinstance(cond, sympy.And):
            return all(self.holds(c, env) for c in cond.args)
        if isinstance(cond, sympy.Or):
            return any(self.holds(c, env) for c in cond.args)
        if isinstance(cond, sympy.Not):
            return not self.holds(cond.args[0], env)
        if cond.is_Relational:
            lhs, rhs = self.exact_value(cond.lhs, env), self.exact_value(cond.rhs, env)
            if lhs.is_Rational and rhs.is_Rational and cond.rel_op in _COMPARE:
                return _COMPARE[cond.rel_op](Fraction(int(lhs.p), int(lhs.q)), Fraction(int(rhs.p), int(rhs.q)))
            decided = cond.func(lhs, rhs)
        else:
            decided = cond.xreplace(env)
        if decided not in (sympy.true, sympy.false):
            raise Unknown(f"cannot decide {brief(cond)}")
        return bool(decided)

    def finite(self, value) -> bool:
        return bool(self.ctx.isfinite(value))
