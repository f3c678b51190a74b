"""SymPy printers that know symconv's notation: ``u[n - 4]``, ``\\delta[n - k]``, indices with the
output variable first (``n - m``, never ``- m + n``)."""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

__all__ = ["index_text", "latex_expr", "str_expr"]

_ORDER = ("n", "m", "j", "k")


def index_text(arg, printer=str) -> str:
    """A linear index such as ``n - m - 4`` written as a person would."""
    arg = sympy.expand(arg)
    const = arg.as_coeff_Add()[0] if arg.is_Add or arg.is_Number else sympy.S.Zero
    if arg.is_Number:
        return printer(arg)
    rest = arg - const
    terms = sympy.Add.make_args(rest)

    def key(term):
        syms = sorted(term.free_symbols, key=lambda s: s.name)
        name = syms[0].name if syms else ""
        return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)

    out = ""
    for term in sorted(terms, key=key):
        coeff, body = term.as_coeff_Mul()
        text = printer(body) if abs(coeff) == 1 else f"{abs(coeff)}{printer(body)}"
        sign = "-" if coeff < 0 else "+"
        out += (f"-{text}" if sign == "-" else text) if not out else f" {sign} {text}"
    if const:
        out += f" {'-' if const < 0 else '+'} {abs(const)}"
    return out


class _Latex(LatexPrinter):
    def _print_UnitStep(self, expr):
        return f"u[{index_text(expr.args[0], self._print)}]"

    def _print_Delta(self, expr):
        return f"\\delta[{index_text(expr.args[0], self._print)}]"


class _Str(StrPrinter):
    def _print_UnitStep(self, expr):
        return f"u[{index_text(expr.args[0], self._print)}]"

    def _print_Delta(self, expr):
        return f"delta[{index_text(expr.args[0], self._print)}]"


def latex_expr(expr) -> str:
    """LaTeX of an expression with ``u[...]``/``\\delta[...]``."""
    return _Latex({"imaginary_unit": "i"}).doprint(expr)


def str_expr(expr) -> str:
    """Plain text of an expression with ``u[...]``/``delta[...]``."""
    return _Str().doprint(expr)
