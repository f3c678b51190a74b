"""Closed-form cross-correlation of formula sequences, valid for every integer lag k.

``r[k] = sum_n x[n + k] conj(h[n])`` is the convolution of ``x`` with ``h~[n] = conj(h[-n])``
(substitute ``m = n + k``: ``sum_m x[m] h~[k - m]``), so the support reasoning, the split of
``k`` at the breakpoints and the finite sums are those of `convolve_closed_form()`, run on
the reflected formula. Each sum is then written back in the correlation's own index
(``n = m - k``): limits shifted by ``-k``, the summand ``x[n + k] conj(h[n])``.

Two readings of the result are added for the textbook: a quotient's denominator is written
with its leading sign positive where that removes a minus sign (``a^k/(1 - a^2)``, not
``-a^k/(a^2 - 1)``), and `even_pieces()` says when ``r[-k] = r[k]`` (every autocorrelation of
a real sequence) and gives the result in ``|k|``.
"""

from __future__ import annotations

import sympy

from ..errors import ClosedFormError, InputError
from ..functions import Delta, UnitStep
from ..limits import Limits
from ..model import Formula, Piece, SumStep
from ..model.closed_correlation import ClosedCorrelation
from .closed_form import convolve_closed_form
from .support import NOO, OO, _cmp, _same, on_intervals

__all__ = ["correlate_closed_form", "reflect", "lag_symbol", "even_pieces", "conjugate_formula_expr"]

#: Names tried, in order, for the lag.
_LAG_NAMES = ("k", "l", "j", "p", "q", "s", "t")


def lag_symbol(*formulas: Formula) -> sympy.Symbol:
    """The lag: ``k`` unless a formula already uses that name (``delta[n - k]``), then ``l``,
    ``j``, ...

    Examples
    --------
    >>> from symconv import formula
    >>> lag_symbol(formula("delta[n - k]"), formula("u[n]"))
    l
    """
    taken = {s.name for f in formulas for s in f.expr.free_symbols | {f.n}} | {"u", "delta"}
    names = list(_LAG_NAMES) + [f"k_{i}" for i in range(1, len(taken) + 2)]
    return sympy.Symbol(next(name for name in names if name not in taken), integer=True)


def _is_real(h: Formula) -> bool:
    return all(p.coef.is_real is True for p in h.pieces)


def conjugate_formula_expr(expr):
    """``conj`` of a formula with its steps and deltas left as they are (they are real).

    Examples
    --------
    >>> import sympy
    >>> n = sympy.Symbol("n", integer=True)
    >>> conjugate_formula_expr((1 + 2*sympy.I) * sympy.Rational(1, 2)**n)
    2**(-n) - 2*I/2**n
    """
    terms = []
    for term in sympy.Add.make_args(sympy.expand(expr, power_exp=False, power_base=False, log=False,
                                                 multinomial=False)):
        windows = [f for f in sympy.Mul.make_args(term) if f.has(UnitStep, Delta)]
        rest = [f for f in sympy.Mul.make_args(term) if not f.has(UnitStep, Delta)]
        terms.append(sympy.Mul(sympy.conjugate(sympy.Mul(*rest)), *windows))
    return sympy.Add(*terms)


def reflect(h: Formula, var, conjugate: bool) -> Formula:
    """``h~[var] = conj(h[-var])`` (conjugated only when ``conjugate``), with its pieces reflected:
    ``coef(-var)`` on ``-hi <= var <= -lo``, in increasing order.

    Examples
    --------
    >>> import sympy
    >>> from symconv import formula
    >>> k = sympy.Symbol("k", integer=True)
    >>> reflect(formula("u[n] - u[n-4]"), k, False).pieces
    (Piece(coef=1, lo=-3, hi=0),)
    """
    n = h.n
    expr = h.expr.xreplace({n: -var})
    pieces = []
    for p in reversed(h.pieces):
        coef = p.coef.xreplace({n: -var})
        pieces.append(Piece(sympy.conjugate(coef) if conjugate else coef,
                            -p.hi if p.hi != OO else NOO, -p.lo if p.lo != NOO else OO))
    if conjugate:
        expr = conjugate_formula_expr(expr)
    return Formula(expr, var, h.params, tuple(pieces), h.name, h.text)


def _in(f: Formula, var) -> Formula:
    return Formula(f.expr.xreplace({f.n: var}), var, f.params,
                   tuple(Piece(p.coef.xreplace({f.n: var}), p.lo, p.hi) for p in f.pieces), f.name, f.text)


def textbook_sign(expr):
    """``-p/(b - c)`` as ``p/(c - b)``: the minus sign moved into a denominator whose terms
    it makes read positive first (``-a^k/(a^2 - 1)`` is ``a^k/(1 - a^2)``), in each branch.

    Examples
    --------
    >>> import sympy
    >>> a, k = sympy.symbols("a k")
    >>> textbook_sign(-a**k/(a**2 - 1))
    a**k/(1 - a**2)
    """
    if isinstance(expr, sympy.Piecewise):
        return sympy.Piecewise(*[(textbook_sign(v), c) for v, c in expr.args])
    coeff, rest = expr.as_coeff_Mul()
    if not (coeff.is_Rational and coeff < 0 and rest.is_Mul):
        return expr
    dens = [f for f in rest.args if f.is_Pow and f.exp == -1 and f.base.is_Add]
    if len(dens) != 1:
        return expr
    others = [f for f in rest.args if f is not dens[0]]
    return sympy.Mul(-coeff, *others, sympy.Pow(sympy.expand(-dens[0].base), -1))


def correlate_closed_form(x: Formula, h: Formula, out_name: str, limits: Limits) -> ClosedCorrelation:
    """``r[k] = sum_n x[n + k] conj(h[n])`` in closed form for every integer ``k``.

    Raises
    ------
    ClosedFormError, ClosedFormTimeout, DerivationTooLarge, InputError
        As `convolve_closed_form()` (its sums are this one's): a two-sided infinite sum
        (two sequences infinite in the same direction, e.g. ``u[n]`` with ``u[n]``, whose
        correlation is infinite), a divergent series, an order of bounds that depends on the
        parameters, too much work or time.
    """
    n = x.n
    if h.n != n:
        if any(s.name == n.name for s in h.expr.free_symbols - {h.n}):
            raise InputError(f"the parameter {n.name} of {h.name or 'h'} is named like the index variable of "
                             f"{x.name or 'x'}; rename one of them")
        h = _in(h, n)
    k = lag_symbol(x, h)
    conjugate = not _is_real(h)
    reflected = reflect(h, k, conjugate)
    try:
        cf = convolve_closed_form(_in(x, k), reflected, out_name, limits)
    except ClosedFormError as exc:  # its sums run over m = n + k: say so, and which sum it is
        X, H = x.name or "x", h.name or "h"
        raise ClosedFormError(f"the correlation {out_name}[{k}] = Σ {X}[{n} + {k}]·{H}[{n}] is the convolution of {X} "
                              f"with {H}[-{n}], summed over m = {n} + {k}: {exc}") from exc
    m = cf.m
    steps = []
    for s in cf.steps:
        def shift(b):
            return b if b in (NOO, OO) else sympy.expand(b - k)
        summand = s.summand.xreplace({m: n + k})
        steps.append(SumStep(s.x_piece, s.h_piece, s.n_lo, s.n_hi, shift(s.m_lo), shift(s.m_hi), summand,
                             textbook_sign(s.value), s.closed))
    result = tuple(Piece(textbook_sign(p.coef), p.lo, p.hi) for p in cf.result)
    return ClosedCorrelation(x, h, out_name, k, n, tuple(steps), result, cf.closed, reflected, conjugate)


def even_pieces(result: tuple, k):
    """The pieces of ``r`` on ``k >= 0``, when ``r[-k] = r[k]`` for every integer ``k`` (else
    None): a point piece at ``k = 0`` that the next piece's formula also gives is merged into it.
    Read with ``|k|`` for ``k``, they give ``r`` everywhere.

    Examples
    --------
    >>> import sympy
    >>> k = sympy.Symbol("k", integer=True)
    >>> even_pieces((Piece(2 + k, sympy.Integer(-1), sympy.Integer(0)), Piece(2 - k, sympy.Integer(1), sympy.Integer(1))), k)
    (Piece(coef=2 - k, lo=0, hi=1),)
    """
    if not result or any(p.coef.has(sympy.Piecewise, sympy.Sum) for p in result):
        return None
    mirrored = [Piece(p.coef.xreplace({k: -k}), -p.hi if p.hi != OO else NOO, -p.lo if p.lo != NOO else OO)
                for p in result]
    items = [(("r", p.coef), p.lo, p.hi) for p in result] + [(("m", p.coef), p.lo, p.hi) for p in mirrored]
    try:
        intervals = on_intervals(items)
    except Exception:  # an order of symbolic bounds that cannot be decided: no claim
        return None
    for start, end, values in intervals:
        mine = [c for side, c in values if side == "r"]
        theirs = [c for side, c in values if side == "m"]
        if len(mine) != len(theirs):
            return None
        if mine:
            difference = mine[0] - theirs[0]
            if _same(start, end):
                difference = difference.subs(k, start)  # one point: the two formulas need agree only there
            if sympy.simplify(difference) != 0:
                return None
    half = []
    for p in result:
        if p.hi != OO and _cmp(p.hi, sympy.S.Zero) < 0:
            continue
        lo = p.lo if p.lo != NOO and _cmp(p.lo, sympy.S.Zero) >= 0 else sympy.S.Zero
        half.append(Piece(p.coef, lo, p.hi))
    if len(half) > 1 and half[0].lo == 0 and half[0].hi == 0 and \
            sympy.simplify(half[0].coef.subs(k, 0) - half[1].coef.subs(k, 0)) == 0 and _cmp(half[1].lo, sympy.S.One) == 0:
        half = [Piece(half[1].coef, sympy.S.Zero, half[1].hi)] + half[2:]
    elif half and half[0].lo == 0 and half[0].hi == 0:
        half[0] = Piece(half[0].coef.subs(k, 0), half[0].lo, half[0].hi)
    return tuple(half)
