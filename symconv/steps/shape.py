"""Results in the shape a textbook prints them: powers over the author's own bases.

SymPy's sums and simplifications return powers over prime bases (``2**(-n)``,
``3**(2*n + 2)/10**n``) where the author wrote ``(1/2)**n`` or ``(0.9)**n``. `rebase()`
rewrites every product of powers with symbolic exponents over one of the *author's bases* (the
numeric bases of the geometric terms in the formulas), leaving a rational coefficient:
``3**(2n + 2)/10**n`` becomes ``9·(9/10)**n`` (printed ``9·(0.9)ⁿ`` for decimal input) and
``2**(k - n)`` becomes ``(1/2)**(n - k)``. The rewritten expression is built unevaluated, so it
keeps that shape until it is printed; its value is unchanged (tested against the original).

Rules, in order (golden-tested):

1. a product's numeric powers ``∏ p^(E_p)`` (``p`` prime, or -1) are written as ``B^t`` times a
   rational when an author's base ``B = ∏ p^(g_p)`` has ``E_p - c_p = g_p·t`` for every ``p``
   (``c_p`` the integer part of ``E_p``); the first base that fits wins;
2. a coefficient that is a small power of the base joins the exponent: ``27·(1/3)^n`` is
   ``(1/3)^(n - 3)``, ``2·(1/2)^n`` is ``(1/2)^(n - 1)``; other coefficients stay in front
   (``15·(1/2)^n``, ``9·(0.9)^n``);
3. ``t`` is written with a positive term first (``n - k``, ``k - m``), by the printers;
4. anything else is left as SymPy holds it.
"""

from __future__ import annotations

import sympy
from sympy import Integer, Rational

__all__ = ["author_bases", "rebase"]


def author_bases(*pairs) -> tuple:
    """The numeric bases of powers in the variable of each ``(expr, variable)`` pair, in order of
    first appearance, normalised so the variable's coefficient in the exponent is positive
    (``2**(k - n)`` gives ``1/2``)."""
    found = []
    for expr, var in pairs:
        for power in sorted(expr.atoms(sympy.Pow), key=sympy.default_sort_key):
            base, exp = power.base, power.exp
            if not base.is_Rational or base in (0, 1, -1) or not exp.has(var):
                continue
            coeff = sympy.expand(exp).coeff(var)
            if not coeff.is_Rational or coeff == 0:
                continue
            base = base ** coeff
            if not base.is_Rational:  # sqrt(2)**n: no rational base to write it over
                continue
            if base not in found:
                found.append(base)
    return tuple(found)


def _vector(base: Rational) -> dict:
    """Prime (and -1) exponents of a rational: ``9/10`` gives ``{3: 2, 2: -1, 5: -1}``."""
    out: dict = {}
    if base < 0:
        out[-1] = 1
        base = -base
    for p, k in sympy.factorint(int(base.p)).items():
        out[p] = out.get(p, 0) + k
    for p, k in sympy.factorint(int(base.q)).items():
        out[p] = out.get(p, 0) - k
    return out


def _split_constant(e):
    const = e.as_coeff_Add()[0] if e.is_Add else (e if e.is_Number else Integer(0))
    return (const, e - const) if const.is_Integer else (Integer(0), e)


def _rebase_term(term, bases: tuple):
    coeff, rest = term.as_coeff_Mul()
    exps: dict = {}
    others = []
    for factor in sympy.Mul.make_args(rest):
        base, exp = factor.as_base_exp()
        if base.is_Rational and base not in (0, 1) and exp.free_symbols:
            for p, k in _vector(base).items():
                exps[p] = exps.get(p, 0) + k * exp
        else:
            others.append(factor)
    if not exps:
        return None
    for B in bases:
        gamma = _vector(B)
        if set(p for p, e in exps.items() if sympy.expand(e) != 0) - set(gamma):
            continue
        t = None
        constants = {}
        for p, g in gamma.items():
            const, symbolic = _split_constant(sympy.expand(exps.get(p, 0)))
            candidate = sympy.expand(symbolic / g)
            if t is None:
                t = candidate
            elif sympy.expand(candidate - t) != 0:
                break
            constants[p] = const
        else:
            if t is None or not t.free_symbols:
                continue
            number = Rational(1)
            for p, c in constants.items():
                number *= Integer(p) ** c
            total = coeff * number
            k = _power_of(abs(total), B)
            if k is not None:  # 27·(1/3)^n is (1/3)^(n - 3)
                t, total = t + k, total / abs(total)
            power = sympy.Pow(B, t, evaluate=False)
            factors = ([total] if total != 1 else []) + [power] + others
            if total == -1:
                factors = [power] + others
                return -sympy.Mul(*factors, evaluate=False) if len(factors) > 1 else -power
            return sympy.Mul(*factors, evaluate=False) if len(factors) > 1 else power
    return None


def _has_numeric_power(expr) -> bool:
    return any(p.base.is_Rational and p.exp.free_symbols for p in expr.atoms(sympy.Pow))


def _power_of(number, base) -> int | None:
    """``k`` with ``base**k == number`` for ``1 <= |k| <= 6``, else None."""
    if number == 1 or not number.is_Rational:
        return None
    for k in (1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
        if base ** k == number:
            return k
    return None


def rebase(expr, bases: tuple):
    """``expr`` with its powers written over the author's ``bases`` where one fits.

    Examples
    --------
    >>> import sympy
    >>> n = sympy.Symbol("n", integer=True)
    >>> e = 10 - 3**(2*n + 2) / 10**n
    >>> shaped = rebase(e, (sympy.Rational(9, 10),))
    >>> shaped
    10 - 9*(9/10)**n
    >>> sympy.simplify(shaped - e)
    0
    """
    if not bases or not isinstance(expr, sympy.Basic) or not expr.has(sympy.Pow):
        return expr
    if isinstance(expr, sympy.Piecewise):
        return sympy.Piecewise(*[(rebase(v, bases), c) for v, c in expr.args], evaluate=False)
    if expr.is_Add:
        return sympy.Add(*[rebase(t, bases) for t in expr.args], evaluate=False)
    if expr.is_Mul or expr.is_Pow:
        shaped = _rebase_term(expr, bases)
        if shaped is not None:
            return shaped
        if expr.is_Mul and any(f.is_Add for f in expr.args) and _has_numeric_power(expr):
            # 6^(-n)·(2^(n+1) - (-3)^(n+1))/5: distribute, then each term has one base
            terms = sympy.Add.make_args(sympy.expand(expr, power_base=False, log=False, multinomial=False))
            shaped_terms = [_rebase_term(t, bases) for t in terms]
            if all(st is not None or not _has_numeric_power(t) for st, t in zip(shaped_terms, terms)):
                return sympy.Add(*[st if st is not None else t for st, t in zip(shaped_terms, terms)],
                                 evaluate=False)
        if expr.is_Mul:
            return sympy.Mul(*[rebase(f, bases) for f in expr.args], evaluate=False)
        return expr
    return expr
