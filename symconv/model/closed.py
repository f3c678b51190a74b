"""Pure data of closed-form derivations: formula sequences, their pieces, the finite sums."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as dataclasses_replace

import sympy
from sympy import Expr

from .oned import check_name

__all__ = ["Piece", "Formula", "SumStep", "ClosedForm"]


@dataclass(frozen=True)
class Piece:
    """``coef`` (an expression in the index variable) on the integers ``lo <= n <= hi``; ``lo``
    may be ``-oo`` and ``hi`` ``oo``; outside, zero."""

    coef: Expr
    lo: Expr
    hi: Expr


@dataclass(frozen=True)
class Formula:
    """A sequence defined by a formula in an integer variable, with its support worked out.

    Build one with [`symconv.formula()`][symconv.formula]. ``pieces`` are disjoint, in increasing order, each a
    step- and delta-free expression on an interval of integers.

    Attributes
    ----------
    expr : sympy.Expr
        The formula, with `UnitStep` and `Delta`.
    n : sympy.Symbol
        The integer variable.
    params : tuple of (Symbol, range or None)
        The parameters and the ranges their check values are drawn from.
    pieces : tuple of Piece
    name : str or None
    text : str
        The formula as written.
    """

    expr: Expr
    n: sympy.Symbol
    params: tuple
    pieces: tuple
    name: str | None
    text: str

    def renamed(self, name: str) -> "Formula":
        check_name(name)
        return dataclasses_replace(self, name=name)

    def at(self, k: int, values: dict | None = None) -> Expr:
        """The sample at integer ``k`` (parameters substituted from ``values``)."""
        expr = self.expr.xreplace(values or {})
        return expr.subs(self.n, k)


@dataclass(frozen=True)
class SumStep:
    """One finite sum of the derivation: for ``n_lo <= n <= n_hi``, the contribution of the pair
    of pieces ``(x_piece, h_piece)`` is ``sum_{m = m_lo}^{m_hi} summand = value``."""

    x_piece: Piece
    h_piece: Piece
    n_lo: Expr
    n_hi: Expr
    m_lo: Expr
    m_hi: Expr
    summand: Expr
    value: Expr
    closed: bool


@dataclass(frozen=True)
class ClosedForm:
    """The convolution of two formula (or finite) sequences, for every integer ``n``.

    Attributes
    ----------
    x, h : Formula
    out_name : str
    n, m : sympy.Symbol
        The output index and the summation index.
    steps : tuple of SumStep
        Every finite sum, by pair of pieces and interval of ``n``.
    result : tuple of Piece
        The output: disjoint intervals of ``n`` with their expressions (zero outside).
    closed : bool
        False if some sum has no closed form (the result then holds ``Sum`` objects).
    """

    x: Formula
    h: Formula
    out_name: str
    n: sympy.Symbol
    m: sympy.Symbol
    steps: tuple
    result: tuple
    closed: bool

    @property
    def names(self) -> tuple:
        return (self.x.name, self.h.name, self.out_name)

    @property
    def expr(self) -> Expr:
        """A Piecewise valid for every integer ``n`` (zero outside the support)."""
        n = self.n
        args = []
        for piece in self.result:
            cond = sympy.true
            if piece.lo != -sympy.oo:
                cond = sympy.And(cond, n >= piece.lo)
            if piece.hi != sympy.oo:
                cond = sympy.And(cond, n <= piece.hi)
            args.append((piece.coef, cond))
        args.append((sympy.S.Zero, True))
        return sympy.Piecewise(*args)
