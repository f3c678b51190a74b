"""LaTeX notation: an ``aligned`` body, one row per output, ``index form = products = value``."""

from __future__ import annotations

from ..model import Expansion1D
from ._layout import Printer, Row
from ._numbers import format_error
from ._sympy_print import latex_expr

__all__ = ["LatexPrinter", "latex"]

_RELATIONS = {"=": "=", "~": "\\approx", "": ""}


def _escape_text(text: str) -> str:
    """Escape characters that are special inside ``\\text{...}``."""
    for char, repl in (("\\", "\\textbackslash "), ("_", "\\_"), ("{", "\\{"), ("}", "\\}"),
                       ("%", "\\%"), ("#", "\\#"), ("&", "\\&"), ("$", "\\$"), ("^", "\\^{}")):
        text = text.replace(char, repl)
    return text


class LatexPrinter(Printer):
    """Print a derivation as the body of a LaTeX ``aligned`` environment (wrapped in it)."""

    target = "latex"
    index_sep = "\\,"
    value_sep = " \\cdot "

    def name(self, name: str) -> str:
        base, _, sub = name.partition("_")
        base = base if len(base) == 1 else f"\\mathit{{{base}}}"
        return f"{base}_{{{sub}}}" if sub else base

    def conj(self, text: str) -> str:
        return f"\\overline{{{text}}}"

    def dots(self) -> str:
        return "\\dots"

    def dots_vertical(self) -> str:
        return "\\vdots"

    def tuple_(self, items: list) -> str:
        return "\\left(" + ",\\ ".join(items) + "\\right)"

    def flip_note(self, first: int, last: int) -> str:
        return f"\\quad m = {first}, \\dots, {last}" if first != last else f"\\quad m = {first}"

    def text_note(self, text: str) -> str:
        return f"\\quad \\text{{({_escape_text(text)})}}"

    def code(self, text: str) -> str:
        return f"\\texttt{{{_escape_text(text)}}}"

    def tilde(self, name: str) -> str:
        return f"\\tilde{{{name}}}"

    def sub(self, name: str, label: str) -> str:
        return f"{name}_{{{label}}}" if label else name

    def index2(self, name: str, r, c) -> str:
        return f"{name}[{r},\\,{c}]"

    def sum_over(self, variables: str) -> str:
        return f"\\sum_{{{variables}}}"

    def floor_frac(self, numerator: str, denominator: str) -> str:
        return f"\\left\\lfloor \\frac{{{numerator}}}{{{denominator}}} \\right\\rfloor"

    def matrix(self, printed: list, one_d: bool, marks=frozenset()) -> str:
        def entry(r, c, text):
            return f"{{\\color{{gray}}{text}}}" if (r, c) in marks else text

        if one_d:
            return self.tuple_([entry(0, c, t) for c, t in enumerate(printed[0])])
        body = " \\\\ ".join(" & ".join(entry(r, c, t) for c, t in enumerate(row))
                               for r, row in enumerate(printed))
        return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"

    _SYMBOLS = {"le": "\\le", "ge": "\\ge", "ne": "\\ne", "in": "\\in", "implies": "\\Rightarrow"}

    def sym(self, expr) -> str:
        return latex_expr(expr)

    def group(self, expr) -> str:
        text = latex_expr(expr)
        return f"\\left({text}\\right)" if expr.is_Add else text

    def words(self, text: str) -> str:
        return f"\\text{{{_escape_text(text)}}}"

    def relation_symbol(self, name: str) -> str:
        return self._SYMBOLS[name]

    def condition_note(self, text: str) -> str:
        return f"\\qquad \\text{{for }} {text}"

    def separator(self) -> str:
        return ",\\quad "

    def sum_range(self, var: str, lo: str, hi: str) -> str:
        top = f"^{{{hi}}}" if hi != "\\infty" else "^{\\infty}"
        return f"\\sum_{{{var}={lo}}}{top}"

    def cases(self, rows: list) -> str:
        body = " \\\\ ".join(f"{value} & {cond}" for value, cond in rows)
        return f"\\begin{{cases}} {body} \\end{{cases}}"

    def definition_rows(self, e: Expansion1D, A: str, B: str, C: str) -> list:
        if e.kind == "convolve":
            return [Row(f"{C}[n]", (("=", [[f"\\sum_{{m}} {A}[m]\\, {B}[n-m]"]]),))]
        right = self.conj(f"{B}[n]") if e.conjugate else f"{B}[n]"
        flipped = self.conj(f"{B}[-m]") if e.conjugate else f"{B}[-m]"
        return [
            Row(f"{C}[k]", (("=", [[f"\\sum_{{n}} {A}[n+k]\\, {right}"]]),
                            ("=", [[f"\\sum_{{m}} {A}[m]\\, \\tilde{{{B}}}[k-m]"]]))),
            Row("", (("", [[f"\\text{{where }} \\tilde{{{B}}}[m] = {flipped} "
                              f"\\text{{ (correlation is convolution with the flipped "
                              f"{'conjugate ' if e.conjugate else ''}sequence)}}"]]),)),
        ]

    def check_row(self, report) -> Row:
        return Row("", (("", [[f"\\text{{checked against {_escape_text(report.reference)}: max }}"
                              f"\\lvert\\text{{error}}\\rvert = {format_error(report.max_abs_error, 'latex')}"]]),))

    def layout(self, rows: list) -> str:
        lines = []
        for row in rows:
            wrapped = any(len(chunks) > 1 for _, chunks in row.parts)
            pieces = []
            for k, (rel, chunks) in enumerate(row.parts):
                relation = _RELATIONS[rel]
                first = " + ".join(chunks[0])
                if k == 0:
                    head = f"{row.lhs} &{relation} {first}" if relation else f"{row.lhs} & {first}"
                    pieces.append(head.lstrip() if not row.lhs else head)
                elif wrapped:
                    pieces.append(f" \\\\\n&{relation} {first}")
                else:
                    pieces.append(f" {relation} {first}")
                for chunk in chunks[1:]:
                    pieces.append(" \\\\\n&\\quad + " + " + ".join(chunk))
            lines.append("".join(pieces) + (f" {row.note}" if row.note else ""))
        return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def latex(obj, **settings) -> str:
    """The LaTeX ``aligned`` block of an expansion; see :class:`LatexPrinter` for settings."""
    return LatexPrinter(settings).doprint(obj)
