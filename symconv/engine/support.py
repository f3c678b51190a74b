"""The support of formula sequences: disjoint pieces ``coef(n)`` on intervals of integers, the
weak order of their (possibly symbolic) bounds, and the refusals that keep them usable: poles
inside the support, exact values too large to write.
"""

from __future__ import annotations

import functools
import math

import sympy
from sympy import S

from ..functions import Delta, UnitStep
from ..errors import ClosedFormError, InputError, brief
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Formula, Piece, Sequence

__all__ = ["OO", "NOO", "TooMany", "formula_pieces", "sequence_formula", "on_intervals", "value_bits",
           "refuse_growth"]

OO, NOO = S.Infinity, S.NegativeInfinity


def _cmp(a, b) -> int:
    """Weak order of integers or integer expressions: 0 if provably equal, -1 if provably
    ``a <= b``, 1 if provably ``a >= b``. Intervals between weakly ordered bounds may be empty for
    some parameter values, which keeps every formula valid. Orders that depend on the parameters
    are refused."""
    if a.is_Integer and b.is_Integer:
        return (int(a) > int(b)) - (int(a) < int(b))
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
    raise ClosedFormError(f"the order of {brief(a)} and {brief(b)} depends on the parameters; give them "
                          f"values (or assumptions that decide it)")


def _same(a, b) -> bool:
    """Provably equal (both finite)."""
    return a not in (NOO, OO) and b not in (NOO, OO) and (a == b or sympy.expand(a - b) == 0)


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


def _is_whole(bound) -> bool:
    return bound.is_Integer or bound in (NOO, OO)


class TooMany(Exception):
    """`on_intervals()` would list more than its ``limit`` of values: ``.total`` of them over
    ``.intervals`` intervals."""

    def __init__(self, total: int, intervals: int):
        super().__init__(total, intervals)
        self.total, self.intervals = total, intervals


def on_intervals(items: list, limit: int | None = None) -> list:
    """Split the integers at every bound of ``items`` (``(value, lo, hi)``) and list, on each
    elementary interval, the values of the items covering it, in the items' order:
    ``[(start, end, values)]``.

    With integer bounds (finite sequences, numeric shifts) this is a sweep that counts before it
    lists, so `TooMany` (more than ``limit`` values in all) comes in O(k log k); symbolic
    bounds go through the weak order `_cmp()`.

    Examples
    --------
    >>> from sympy import Integer, oo
    >>> on_intervals([("a", Integer(0), oo), ("b", Integer(2), Integer(3))])
    [(-oo, -1, []), (0, 1, ['a']), (2, 3, ['a', 'b']), (4, oo, ['a'])]
    """
    if all(_is_whole(lo) and _is_whole(hi) for _, lo, hi in items):
        return _sweep(items, limit)
    points = _sorted_unique([p for _, lo, hi in items for p in (lo, hi + 1 if hi != OO else OO)
                             if p not in (NOO, OO)])
    bounds = [NOO] + points + [OO]
    out = []
    for start, stop in zip(bounds, bounds[1:]):
        end = stop - 1 if stop != OO else OO
        out.append((start, end, [value for value, lo, hi in items if _cmp(lo, start) <= 0 and _cmp(end, hi) <= 0]))
    total = sum(len(values) for _, _, values in out)
    if limit is not None and total > limit:
        raise TooMany(total, len(out))
    return out


def _sweep(items: list, limit: int | None) -> list:
    starts, stops = {}, {}
    for i, (_, lo, hi) in enumerate(items):
        starts.setdefault(None if lo == NOO else int(lo), []).append(i)
        if hi != OO:
            stops.setdefault(int(hi) + 1, []).append(i)
    points = sorted(p for p in set(starts) | set(stops) if p is not None)
    changes = [(stops.get(p, ()), starts.get(p, ())) for p in points]
    if limit is not None:
        count = total = len(starts.get(None, ()))
        for leaving, entering in changes:
            count += len(entering) - len(leaving)
            total += count
        if total > limit:
            raise TooMany(total, len(points) + 1)
    active = set(starts.get(None, ()))
    bounds = [NOO] + [sympy.Integer(p) for p in points] + [OO]
    out = []
    for k, (start, stop) in enumerate(zip(bounds, bounds[1:])):
        if k:
            active.difference_update(changes[k - 1][0])
            active.update(changes[k - 1][1])
        out.append((start, stop - 1 if stop != OO else OO, [items[i][0] for i in sorted(active)]))
    return out


def _term_interval(factors, n) -> tuple:
    """(coef, lo, hi) of one product of a coefficient with steps and deltas."""
    lo, hi, coef = NOO, OO, S.One
    for factor in factors:
        base, power = factor.as_base_exp()
        if isinstance(base, (UnitStep, Delta)):
            if not (power.is_Integer and power > 0):
                raise ClosedFormError(f"{brief(factor)} is not a product of steps")
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
                                      f"inside {brief(factor)}")
            coef *= factor
    return coef, lo, hi


def _refuse_poles(piece: Piece, n, name: str) -> None:
    """A coefficient that divides by zero at an integer of its piece makes the sequence undefined
    there: refuse it rather than sum through the pole."""
    where = f"n ≥ {brief(piece.lo)}" if piece.hi == OO else f"n ≤ {brief(piece.hi)}" if piece.lo == NOO else \
        f"{brief(piece.lo)} ≤ n ≤ {brief(piece.hi)}"
    for power in piece.coef.atoms(sympy.Pow):
        if not (power.base.has(n) and power.exp.is_negative):
            continue
        for factor, _ in sympy.factor_list(power.base)[1]:
            if not factor.has(n) or not factor.is_polynomial(n) or sympy.degree(factor, n) != 1:
                continue  # no integer root (or none we can name)
            c1, c0 = sympy.Poly(factor, n).all_coeffs()
            root = sympy.cancel(-c0 / c1)
            if not root.is_integer:
                continue
            outside = (piece.lo != NOO and (root - piece.lo).is_negative) or \
                (piece.hi != OO and (root - piece.hi).is_positive)
            if not outside:
                raise InputError(f"{name}: {brief(piece.coef)} divides by zero at n = {brief(root)}, inside its "
                                 f"support {where}; a sequence must be finite at every n (shift the step, "
                                 f"e.g. u[n-1]/n)")
    for bound in (piece.lo, piece.hi):
        if bound not in (NOO, OO) and bound.is_Integer:
            value = piece.coef.subs(n, bound)
            if value.has(sympy.zoo, sympy.nan, OO, NOO):
                raise InputError(f"{name}: {brief(piece.coef)} is not finite at n = {bound}, inside its "
                                 f"support {where}")


def _magnitude(expr, n, at: int) -> float:
    """An upper estimate of ``|expr|`` for ``|n| <= at`` (parameters count as 1)."""
    if expr.is_Number:
        return abs(float(expr)) if expr.is_finite else math.inf
    if expr == n:
        return float(at)
    if expr.is_Symbol:
        return 1.0
    if expr.is_Add:
        return math.fsum(_magnitude(a, n, at) for a in expr.args)
    if expr.is_Mul:
        return math.prod(_magnitude(a, n, at) for a in expr.args)
    if expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        base = _magnitude(expr.base, n, at)
        return base ** int(expr.exp) if base < 1e30 else math.inf
    return 1.0


def value_bits(expr, n, at: int) -> float:
    """An upper estimate of the size, in bits, of the exact numbers ``expr`` takes for
    ``|n| <= at``: ``3**n`` at ``at = 10**6`` is about 1.6 million bits, ``n**50`` at ``10**9``
    about 1,500. Symbolic parameters count as small (they are symbols in the result).

    Examples
    --------
    >>> import sympy
    >>> n = sympy.Symbol("n", integer=True)
    >>> round(value_bits(3**n, n, 10**6)), value_bits(n**50, n, 10**9)
    (1584963, 1500)
    """
    if expr.is_Rational:
        return max(abs(int(expr.p)).bit_length(), int(expr.q).bit_length())
    if expr == n:
        return at.bit_length()
    if expr.is_Atom:
        return 0
    if expr.is_Add:
        return max(value_bits(a, n, at) for a in expr.args) + math.log2(len(expr.args))
    if expr.is_Mul:
        return sum(value_bits(a, n, at) for a in expr.args)
    if expr.is_Pow:
        base, exp = expr.args
        if exp.is_Integer:
            return abs(int(exp)) * value_bits(base, n, at)
        if exp.has(n) and base.is_Rational and abs(base) != 1 and base != 0:
            return _magnitude(exp, n, at) * math.log2(max(abs(int(base.p)), int(base.q)))
        return value_bits(base, n, at) + value_bits(exp, n, at)
    return max((value_bits(a, n, at) for a in expr.args), default=0)


def refuse_growth(pieces: tuple, n, at: int, budget: int, name: str, why: str) -> None:
    """[`InputError`][symconv.InputError] if a piece's exact values near ``|n| = at`` exceed ``budget`` bits:
    ``3**n*u[n-1000000]`` would hold a number of 477,122 digits, which no step can print.
    ``why`` says where the budget comes from (``"Limits.max_number_bits"``)."""
    for piece in pieces:
        bits = value_bits(piece.coef, n, at)
        if bits > budget:
            digits = "more than a billion" if bits > 3.4e9 else f"about {int(bits * 0.30103) + 1:,}"
            raise InputError(
                f"{name}: {brief(piece.coef)} near n = {at:,} is a number of {digits} digits; exact values "
                f"{why} are limited to {budget:,} bits; move the support closer to n = 0 or raise "
                f"Limits.max_number_bits")


def _largest_bound(pieces: tuple) -> int:
    return max((abs(int(b)) for p in pieces for b in (p.lo, p.hi) if b.is_Integer), default=0)


def formula_pieces(expr, n, *, name: str = "x", limits: Limits = DEFAULT_LIMITS) -> tuple:
    """Disjoint pieces of a formula: the support reasoning, as data.

    Raises [`InputError`][symconv.InputError] for a pole inside the support (``u[n]/n``) or values too large to
    write exactly (``3**n*u[n-1000000]``).
    """
    expanded = sympy.expand(expr, power_exp=False, power_base=False, log=False, multinomial=False)
    terms = []
    for term in sympy.Add.make_args(expanded):
        coef, lo, hi = _term_interval(sympy.Mul.make_args(term), n)
        if _cmp(lo, hi) <= 0 and coef != 0:
            _refuse_poles(Piece(coef, lo, hi), n, name)  # as written: (n**2 - 9)/(n - 3) at n = 3 too
            terms.append((coef, lo, hi))
    if not terms:
        return ()
    pieces = []
    for start, end, values in on_intervals(terms):
        coef = sympy.Add(*values)
        coef = sympy.simplify(coef) if coef.free_symbols else coef
        if coef == 0:
            continue
        if pieces and pieces[-1].hi != OO and _cmp(pieces[-1].hi + 1, start) == 0 and \
                (pieces[-1].coef == coef or sympy.simplify(pieces[-1].coef - coef) == 0):
            pieces[-1] = Piece(pieces[-1].coef, pieces[-1].lo, end)
            continue
        if _same(start, end):  # a single point: write the coefficient at that point
            coef = coef.subs(n, start)
        pieces.append(Piece(coef, start, end))
    refuse_growth(tuple(pieces), n, _largest_bound(tuple(pieces)), limits.max_number_bits, name,
                  "of a formula (Limits.max_number_bits)")
    return tuple(pieces)


def sequence_formula(seq: Sequence, n) -> Formula:
    """A finite sequence as a formula: ``sum_k x[k] delta[n - k]``, one point piece per sample."""
    # evaluate=False: delta[n - k] of a symbolic n never evaluates, and asking costs ~1 ms each
    expr = sympy.Add(*[v * Delta(n - k, evaluate=False) for k, v in zip(seq.indices, seq.values)])
    pieces = tuple(Piece(v, sympy.Integer(k), sympy.Integer(k)) for k, v in zip(seq.indices, seq.values)
                   if v != 0)
    params = tuple((s, None) for s in sorted(expr.free_symbols - {n}, key=str))
    text = ", ".join(str(v) for v in seq.values[:8]) + (f", … ({len(seq.values):,} samples)"
                                                          if len(seq.values) > 8 else "")
    return Formula(expr, n, params, pieces, seq.name, f"({text}) from n = {seq.start}")
