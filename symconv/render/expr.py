"""symconv's own notation for SymPy expressions, shared by every format.

`ExprPrinter` walks an expression and decides the *shape* (term order, signs, what goes in
a numerator or a denominator, where parentheses are needed, by precedence); each format supplies
the primitives through the ``e_*`` hooks declared on `Printer`.
Nothing here calls SymPy's own printers, so no Python (``**``, ``*``, ``sqrt(``, ``Sum(``) and no
SymPy-isms (``1*delta``, ``- m + n``) reach the page.

Rules (golden-tested in ``tests/test_expr.py``):

* sums print their terms in SymPy's ordered-terms order (polynomials by falling degree); a
  negative term is ``- t``, never ``+ -t``;
* a product puts its numeric coefficient first, moves negative powers to a denominator
  (``x/2``, ``15/2^n``), parenthesises sums, and juxtaposes where a textbook would;
* powers: ``√x`` for exponent 1/2; a base that is a fraction, a decimal, a negative number or a
  sum is parenthesised (``(1/2)^n``, ``(0.9)^n``);
* indices of ``u[...]`` and ``δ[...]`` put the output variable first: ``n - m - 4``;
* numbers follow the document's number style (decimals in, decimals out).
"""

from __future__ import annotations

import re

import sympy

from ..functions import Delta, UnitStep

__all__ = ["ExprPrinter", "PREC_ADD", "PREC_MUL", "PREC_POW", "PREC_ATOM", "index_order", "split_name",
           "is_negative"]

PREC_ADD, PREC_MUL, PREC_POW, PREC_ATOM = 10, 20, 30, 100
_VARIABLE_ORDER = ("n", "k", "m", "j", "i")
_FUNCTIONS = {sympy.sin: "sin", sympy.cos: "cos", sympy.tan: "tan", sympy.log: "ln",
              sympy.re: "Re", sympy.im: "Im"}


def split_name(name: str) -> tuple[str, str]:
    """``(base, subscript)`` of a symbol or array name: ``a_0`` is ``a`` with subscript ``0``;
    any other name is all base (``x_``, ``a_b_c`` and ``x__1`` keep their underscores, so no two
    names print alike)."""
    match = re.fullmatch(r"([A-Za-z]+)_([A-Za-z0-9]+)", name)
    return (match.group(1), match.group(2)) if match else (name, "")


def index_order(term) -> tuple:
    """Sort key of the terms of an index: the output variable first, then the others."""
    names = sorted(s.name for s in term.free_symbols)
    name = names[0] if names else "~"
    return (_VARIABLE_ORDER.index(name) if name in _VARIABLE_ORDER else len(_VARIABLE_ORDER), name)


class ExprPrinter:
    """Mixin of `Printer`: ``self.expr(e)`` in this format."""

    def expr(self, e) -> str:
        """``e`` printed in this format's notation."""
        return self._expr(sympy.Integer(e) if isinstance(e, int) else e)[0]

    def number_expression(self, value) -> str:
        return self.expr(value)

    # -- the walk -------------------------------------------------------------------------
    def _expr(self, e) -> tuple[str, int]:
        if isinstance(e, (UnitStep, Delta)):
            return self.e_sequence("u" if isinstance(e, UnitStep) else "delta", self.index(e.args[0])), PREC_ATOM
        if e.is_Rational:
            printed = self.fmt.rational(e, rounding=False)
            prec = PREC_ADD if e < 0 else (PREC_ATOM if printed.atom and e.is_Integer else PREC_MUL)
            return printed.text, prec
        if e is sympy.I:
            return self.number_imaginary(None), PREC_ATOM
        if e is sympy.pi:
            return self.e_constant("pi"), PREC_ATOM
        if e is sympy.E:
            return self.e_constant("e"), PREC_ATOM
        if e.is_Symbol:
            return self._symbol(e.name), PREC_ATOM
        if e.is_Add:
            return self._add(e), PREC_ADD
        if e.is_Mul:
            return self._mul(e)
        if e.is_Pow:
            return self._pow(e)
        if isinstance(e, sympy.exp):
            return self.e_power(self.e_constant("e"), self._expr(e.args[0])[0]), PREC_POW
        if isinstance(e, sympy.Abs):
            return self.e_abs(self.expr(e.args[0])), PREC_ATOM
        if isinstance(e, sympy.conjugate):
            return self.e_conjugate(self.expr(e.args[0])), PREC_ATOM
        if isinstance(e, sympy.Piecewise):
            return self.e_cases([(self.expr(v), self.condition(c)) for v, c in e.args]), PREC_ATOM
        if isinstance(e, sympy.Sum):
            var, lo, hi = e.limits[0]
            body = self._paren_below(e.function, PREC_MUL)
            return self.e_sum(self._symbol(var.name), self.index(lo), self.index(hi), body), PREC_ADD
        if e.is_Relational:
            return self.condition(e), PREC_ADD
        func = _FUNCTIONS.get(type(e))
        if func is not None:
            return self.e_function(func, self.expr(e.args[0])), PREC_ATOM
        if e.is_Number:  # a Float that slipped through, or oo
            if e in (sympy.oo, -sympy.oo):
                return ("-" if e < 0 else "") + self.e_constant("oo"), PREC_ATOM
            return self.fmt(e).text, PREC_ATOM
        name = type(e).__name__.lower()
        return self.e_function(name, ", ".join(self.expr(a) for a in e.args)), PREC_ATOM

    def _paren_below(self, e, prec: int) -> str:
        text, p = self._expr(e)
        return self.e_paren(text) if p < prec else text

    def _symbol(self, name: str) -> str:
        return self.e_symbol(*split_name(name))

    def index(self, e) -> str:
        """A linear index such as ``n - m - 4``, output variable first."""
        e = sympy.expand(e)
        if e.is_Number or e in (sympy.oo, -sympy.oo):
            return self.expr(e)
        const, rest = e.as_coeff_Add() if e.is_Add else (sympy.S.Zero, e)
        terms = sorted(sympy.Add.make_args(rest), key=index_order)
        positive = [t for t in terms if not t.could_extract_minus_sign()]
        if positive and terms[0].could_extract_minus_sign():  # k - n, not -n + k
            terms.remove(positive[0])
            terms.insert(0, positive[0])
        out = ""
        if const > 0 and not positive:  # 1 - m, not -m + 1
            out, const = self.expr(const), sympy.S.Zero
        for term in terms:
            coeff, body = term.as_coeff_Mul()
            if abs(coeff) == 1:
                text = self.expr(body)
            elif coeff.is_Integer:
                text = self.e_times([self.expr(abs(coeff)), self.expr(body)], ["number", "letter"])
            else:  # n/2, not 1/2n
                text, _ = self._expr(abs(coeff) * body)
            out += (("-" if coeff < 0 else "") + text) if not out else f" {'-' if coeff < 0 else '+'} {text}"
        if const:
            out += f" {'-' if const < 0 else '+'} {self.expr(abs(const))}"
        return out

    def _terms(self, e) -> list:
        if not any(a.has(sympy.Symbol) for a in e.args):
            return list(e.args)
        try:
            return list(e.as_ordered_terms())
        except (TypeError, ValueError, AttributeError):
            return list(e.args)

    def ordered_terms(self, e) -> list:
        """The terms of a sum in printing order: SymPy's ordered terms, a positive one first
        (``3·(1/2)ⁿ - 2·(1/3)ⁿ``, not ``-2·(1/3)ⁿ + 3·(1/2)ⁿ``)."""
        terms = _by_shift(self._terms(e))
        negative = [is_negative(t) for t in terms]
        if negative and negative[0] and not all(negative):
            terms.insert(0, terms.pop(negative.index(False)))
        return terms

    def _add(self, e) -> str:
        out = ""
        for term in self.ordered_terms(e):
            negative = is_negative(term)
            body = -term if negative else term
            text = self._paren_below(body, PREC_ADD + 1)
            if not out:
                out = ("-" if negative else "") + text
            else:
                out += f" {'-' if negative else '+'} {text}"
        return out

    def _mul(self, e) -> tuple[str, int]:
        coeff, factors = _flatten(e)
        if coeff.is_negative:
            inner, prec = self._mul_parts(-coeff, factors)
            return "-" + (self.e_paren(inner) if prec <= PREC_ADD else inner), PREC_ADD
        return self._mul_parts(coeff, factors)

    def _mul_parts(self, coeff, factors: list) -> tuple[str, int]:
        factors = sorted(factors, key=_factor_order)  # √2, then (n + 1), then aⁿ, then u[n]
        num, den = [], []
        geometric = any(f.is_Pow and f.exp.free_symbols and not f.base.free_symbols for f in factors)
        if coeff.is_Rational:
            if coeff.q != 1 and self.fmt.rational(coeff, rounding=False).text.count(".") == 0 and not geometric:
                den.append(sympy.Integer(coeff.q))
                coeff = sympy.Integer(coeff.p)
            if coeff != 1:
                num.append(coeff)
        elif coeff != 1:
            num.append(coeff)
        for f in factors:
            if f.is_Pow and f.exp.is_Rational and f.exp < 0:
                den.append(f.base if f.exp == -1 else sympy.Pow(f.base, -f.exp))
            else:
                num.append(f)
        if not den:
            if len(num) == 1:
                return self._expr(num[0])
            return (self._product(num), PREC_MUL) if num else (self.expr(sympy.S.One), PREC_ATOM)
        windows = [f for f in num if f.has(UnitStep, Delta)]  # n(n + 1)/2 · u[n], not n(n + 1)u[n]/2
        num = [f for f in num if not f.has(UnitStep, Delta)]
        num_text, num_compound = self._side(num)
        den_text, den_compound = self._side(den)
        fraction = self.e_frac(num_text, den_text, num_compound, den_compound)
        if windows:
            texts = [fraction] + [self._paren_below(w, PREC_MUL) for w in windows]
            return self.e_times(texts, ["other"] * len(texts)), PREC_MUL
        return fraction, PREC_MUL

    def _side(self, factors: list) -> tuple[str, bool]:
        """One side of a fraction and whether it is compound (needs parentheses inline)."""
        if not factors:
            return self.expr(sympy.S.One), False
        if len(factors) == 1:
            text, prec = self._expr(factors[0])
            return text, prec < PREC_POW
        return self._product(factors), True

    def _product(self, factors: list) -> str:
        texts, kinds = [], []
        for f in factors:
            text, prec = self._expr(f)
            if prec < PREC_MUL or (f.is_Rational and not f.is_Integer and not self.fmt.rational(f, False).atom):
                text = self.e_paren(text)  # (1/5)(…), never 1/5(…)
            texts.append(text)
            kinds.append("number" if f.is_Number else "power" if f.is_Pow and f.base.is_Number and f.exp.free_symbols
                         else "letter" if f.is_Symbol or (f.is_Pow and f.base.is_Symbol) else "other")
        return self.e_times(texts, kinds)

    def _pow(self, e) -> tuple[str, int]:
        base, exp = e.base, e.exp
        if exp == sympy.S.Half:
            return self.e_sqrt(self.expr(base)), PREC_ATOM
        if exp.is_Rational and exp < 0:
            denominator = base if exp == -1 else sympy.Pow(base, -exp)
            text, prec = self._expr(denominator)
            return self.e_frac(self.expr(sympy.S.One), text, False, prec < PREC_POW), PREC_MUL
        btext, bprec = self._expr(base)
        if bprec < PREC_ATOM or (base.is_Rational and not base.is_Integer) or \
                (base.is_Number and base < 0):
            btext = self.e_paren(btext)
        etext = self.index(exp) if exp.free_symbols and exp.is_polynomial() and sympy.Poly(
            exp, *exp.free_symbols).total_degree() <= 1 else self.expr(exp)
        return self.e_power(btext, etext), PREC_POW

    def condition(self, cond) -> str:
        """A condition such as ``a = b``, ``n ≥ 0``, ``a ≠ b`` (never ``Eq(a, b)``)."""
        if cond is sympy.true:
            return self.words("otherwise")
        names = {sympy.Eq: "eq", sympy.Ne: "ne", sympy.Le: "le", sympy.Ge: "ge", sympy.Lt: "lt",
                 sympy.Gt: "gt"}
        for cls, name in names.items():
            if isinstance(cond, cls):
                return f"{self.expr(cond.lhs)} {self.relation(name)} {self.expr(cond.rhs)}"
        if isinstance(cond, sympy.And):
            return self.separator().join(self.condition(c) for c in cond.args)
        if isinstance(cond, sympy.Or):
            return self.words(" or ").join(self.condition(c) for c in cond.args)
        return self.expr(cond)



def _factor_order(f) -> int:
    """Textbook order of the factors of a product: constants (√2), polynomial factors (n + 1),
    powers with a symbolic exponent (aⁿ), then unit steps and deltas."""
    if not f.free_symbols:
        return 0
    if f.has(UnitStep, Delta):
        return 3
    if f.is_Pow and f.exp.free_symbols:
        return 2
    return 1


def is_negative(term) -> bool:
    """Whether a term of a sum prints with a minus sign."""
    return bool(_flatten(term)[0].is_negative) if term.is_Mul else term.could_extract_minus_sign()


def _flatten(e) -> tuple:
    """The numeric coefficient and the other factors of a product, nested (unevaluated)
    products flattened."""
    coeff, factors = sympy.Integer(1), []
    for f in e.args:
        if f.is_Mul:
            c, fs = _flatten(f)
            coeff, factors = coeff * c, factors + fs
        elif f.is_Number:
            coeff *= f
        else:
            factors.append(f)
    return coeff, factors


def _shift(term):
    """How far right a term's window sits: 2 for ``δ[n - 2]``, ``None`` if it has no window or
    the shift is not a number."""
    windows = sorted(term.atoms(UnitStep, Delta), key=sympy.default_sort_key)
    if not windows:
        return None
    const = -sympy.expand(windows[0].args[0]).as_coeff_Add()[0]
    return const if const.is_Number else None


def _by_shift(terms: list) -> list:
    """Terms that are each a shifted window, in the order of their shifts (``δ[n] + 2δ[n - 1] -
    δ[n - 2]``, as a textbook lists the samples); any other sum as it came."""
    shifts = [_shift(t) for t in terms]
    if len(terms) < 2 or any(s is None for s in shifts):
        return terms
    return [t for _, t in sorted(zip(shifts, terms), key=lambda pair: pair[0])]

