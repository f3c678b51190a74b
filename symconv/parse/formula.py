"""Formulas in an integer variable (``"a**n*u[n]"``) -> SymPy expressions with steps and deltas."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fractions import Fraction

import sympy
from sympy import Expr, Rational

from ..errors import InputError, brief
from ..limits import DEFAULT_LIMITS, Limits
from ._core import _NAME_RE, _Builder, _parse_tree

__all__ = ["ParsedFormula", "parse_formula", "MAX_FORMULA_DEGREE", "parameter_value"]


_ASSUMPTION_WORDS = {"positive", "negative", "nonzero", "nonnegative", "nonpositive", "integer", "real"}
_RANGE_RE = re.compile(r"^\s*(?:(?P<lo>[-+]?\d+(?:\.\d+)?(?:/\d+)?)\s*<\s*)?(?P<abs>\|)?\s*(?P<name>[A-Za-z]\w*)"
                       r"\s*\|?\s*(?:<\s*(?P<hi>[-+]?\d+(?:\.\d+)?(?:/\d+)?))?\s*$")
#: Highest power of the index variable accepted in a formula.
MAX_FORMULA_DEGREE = 50


@dataclass(frozen=True)
class ParsedFormula:
    """A formula in the integer variable ``n``: ``expr`` uses `UnitStep`
    and `Delta`; ``params`` maps each parameter symbol to its sampling
    range for checks (``None`` when unrestricted)."""

    expr: Expr
    n: sympy.Symbol
    params: tuple
    text: str


def _param_spec(name: str, spec) -> tuple[dict, tuple | None]:
    """Assumptions and an optional (lo, hi, absolute) sampling range from a user's spec."""
    if not isinstance(spec, str):
        raise InputError(f"params[{brief(name)}] must be text such as 'positive' or '0 < |{name}| < 1'")
    words = {w for w in re.split(r"[\s,]+", spec.strip()) if w}
    if words and words <= _ASSUMPTION_WORDS:
        return {w: True for w in words}, None
    match = _RANGE_RE.match(spec)
    if not match or match.group("name") != name or not (match.group("lo") or match.group("hi")):
        raise InputError(f"params[{brief(name)}]: expected words among {', '.join(sorted(_ASSUMPTION_WORDS))} "
                         f"or a range such as '0 < |{name}| < 1', got {brief(spec)}")
    lo = Fraction(match.group("lo")) if match.group("lo") else None
    hi = Fraction(match.group("hi")) if match.group("hi") else None
    absolute = bool(match.group("abs"))
    assumptions = {"real": True}
    if absolute or (lo is not None and lo >= 0):
        assumptions["nonzero"] = True
    if not absolute and lo is not None and lo >= 0:
        assumptions["positive"] = True
    return assumptions, (lo, hi, absolute)


class _FormulaBuilder(_Builder):
    """The whitelist of `_Builder` plus ``u[...]`` and ``delta[...]`` of ``±n + integer``."""

    def __init__(self, text: str, where: str, limits: Limits, n: sympy.Symbol):
        super().__init__(text, where, limits)
        self.n = n
        self.index_names: set = set()

    def visit_Name(self, node: ast.Name, depth: int) -> Expr:
        if node.id == self.n.name:
            return self.n
        if node.id in ("u", "delta"):
            raise self.fail(node, f"{node.id} is a sequence; index it as {node.id}[n - k]")
        return super().visit_Name(node, depth)

    def visit_Subscript(self, node: ast.Subscript, depth: int) -> Expr:
        from ..functions import Delta, UnitStep

        if not isinstance(node.value, ast.Name) or node.value.id not in ("u", "delta"):
            raise self.fail(node, "only u[...] (unit step) and delta[...] (Kronecker delta) can be indexed")
        arg = self.build(node.slice, depth)
        slope = sympy.diff(arg, self.n)
        rest = sympy.expand(arg - slope * self.n)
        if slope not in (1, -1) or rest.has(self.n):
            raise self.fail(node, f"the index of {node.value.id}[...] must be ±{self.n} plus an integer, "
                            f"got {brief(self.source.segment(node.slice))}")
        if rest.free_symbols:
            # integer parameters make an integer shift only through integer coefficients: k/2 is
            # not an integer for odd k
            symbols = sorted(rest.free_symbols, key=lambda s: s.name)
            if not (rest.is_polynomial(*symbols) and all(c.is_Integer for c in sympy.Poly(rest, *symbols).coeffs())):
                raise self.fail(node, f"the shift in {node.value.id}[...] must be an integer: a sum of integer "
                                f"multiples of parameters, got {brief(self.source.segment(node.slice))}")
            self.index_names |= {s.name for s in rest.free_symbols}
        elif not rest.is_Integer:
            raise self.fail(node, f"the shift in {node.value.id}[...] must be an integer, got {brief(rest)}")
        return (UnitStep if node.value.id == "u" else Delta)(arg)

    def _power(self, node, base, exponent):
        if base.has(self.n) and isinstance(exponent, Rational) and abs(exponent) > MAX_FORMULA_DEGREE:
            raise self.fail(node, f"powers of {self.n} above {MAX_FORMULA_DEGREE} are not supported")
        if exponent.has(self.n) and base.has(self.n):
            raise self.fail(node, f"{self.n} in both base and exponent is not supported")
        return super()._power(node, base, exponent)


def parse_formula(text: str, *, n: str = "n", params: dict | None = None, name: str = "x",
                  limits: Limits = DEFAULT_LIMITS) -> ParsedFormula:
    """Parse a sequence defined by a formula in the integer variable ``n``, by whitelist.

    Parameters
    ----------
    text : str
        E.g. ``"(1/2)**n*u[n]"``, ``"u[n] - u[n-N]"``, ``"delta[n-2]"``, ``"n*a**n*u[n-1]"``,
        ``"cos(pi*n/2)*u[n]"``. ``u[...]`` is the unit step (``u[0] = 1``), ``delta[...]`` the
        Kronecker delta; their index must be ``±n`` plus an integer (which may be a parameter).
    n : str
        The index variable.
    params : dict, optional
        Assumptions on parameters: words (``"positive"``, ``"integer"``, ``"nonzero"``, ...) or a
        range such as ``"0 < |a| < 1"``. Parameters inside ``u``/``delta`` indices are positive
        integers unless told otherwise; other parameters are nonzero reals.
    name : str
        The sequence's name in error messages.
    limits : Limits

    Returns
    -------
    ParsedFormula

    Raises
    ------
    InputError

    Examples
    --------
    >>> f = parse_formula("a**n*u[n]", params={"a": "0 < |a| < 1"})
    >>> f.expr
    a**n*UnitStep(n)
    >>> parse_formula("u[n] - u[n - N]").params[0][0].is_positive
    True
    """
    if not isinstance(text, str):
        raise InputError(f"{name}: a formula must be text such as '(1/2)**n*u[n]', got {type(text).__name__}")
    if not isinstance(n, str) or not _NAME_RE.match(n) or len(n) > 40:
        raise InputError(f"the index variable must be a name such as n, got {brief(n)}")
    if params is not None and not isinstance(params, dict):
        raise InputError(f"params must be a dict such as {{'a': '0 < |a| < 1'}}, got {brief(params)}")
    params = dict(params or {})
    if len(params) > 100 or not all(isinstance(key, str) for key in params):
        raise InputError(f"params must map parameter names (text) to assumptions, got {brief(params)}")
    n_sym = sympy.Symbol(n, integer=True)
    tree = _parse_tree(text, name, limits)
    builder = _FormulaBuilder(text.strip(), name, limits, n_sym)
    expr = builder.build(tree)
    mapping, ranges = {}, []
    for sym in sorted(expr.free_symbols - {n_sym}, key=lambda s: s.name):
        if sym.name in params:
            assumptions, sampling = _param_spec(sym.name, params.pop(sym.name))
        elif sym.name in builder.index_names:
            assumptions, sampling = {"integer": True, "positive": True}, None
        else:
            assumptions, sampling = {"real": True, "nonzero": True}, None
        if sym.name in builder.index_names:
            assumptions["integer"] = True
        try:
            new = sympy.Symbol(sym.name, **assumptions)
        except Exception as exc:  # contradictory assumptions
            raise InputError(f"params[{sym.name!r}]: contradictory assumptions {assumptions}") from exc
        mapping[sym] = new
        ranges.append((new, sampling))
    if params:
        raise InputError(f"params names {brief(min(params, key=str))}, which is not in the formula {brief(text)}")
    return ParsedFormula(expr.xreplace(mapping), n_sym, tuple(ranges), text.strip())


def parameter_value(sym, value, limits: Limits = DEFAULT_LIMITS):
    """A value a user gives a formula's parameter (for a check or a plot), through the whitelist
    parser: a number; an integer for a parameter that shifts a step or delta; positive for a
    positive one.

    Examples
    --------
    >>> import sympy
    >>> parameter_value(sympy.Symbol("a", real=True), "1/2")
    1/2
    """
    from .scalars import parse_value

    where = f"values[{brief(sym.name)}]"
    exact, _ = parse_value(value, where=where, limits=limits)
    if exact.free_symbols:
        raise InputError(f"{where} must be a number, got {brief(value)}")
    if sym.is_integer and not exact.is_Integer:
        raise InputError(f"{where} must be an integer ({sym.name} shifts a step or delta)")
    if sym.is_positive and not exact.is_positive:
        raise InputError(f"{where} must be positive, got {brief(value)}")
    return exact
