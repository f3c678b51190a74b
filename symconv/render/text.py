"""Plain-text notation (Unicode operators) for terminals."""

from __future__ import annotations

from ..model import Expansion1D
from ._layout import Printer, Row
from ._numbers import format_error
from ._sympy_print import str_expr

__all__ = ["TextPrinter", "text"]

_RELATIONS = {"=": "=", "~": "≈", "": ""}


class TextPrinter(Printer):
    """Print a derivation as aligned lines of text, ``c[3] = a[1]·b[2] + … = 0.5·0.25 + … = 1.625``."""

    target = "text"
    index_sep = "·"
    value_sep = "·"

    def conj(self, text: str) -> str:
        return f"conj({text})"

    def dots(self) -> str:
        return "…"

    def dots_vertical(self) -> str:
        return "⋮"

    def tuple_(self, items: list) -> str:
        return "(" + ", ".join(items) + ")"

    def flip_note(self, first: int, last: int) -> str:
        return f"  for m = {first}…{last}" if first != last else f"  for m = {first}"

    def text_note(self, text: str) -> str:
        return f"  ({text})"

    def code(self, text: str) -> str:
        return text

    def tilde(self, name: str) -> str:
        return f"{name}~"

    def sub(self, name: str, label: str) -> str:
        return f"{name}_{label}" if label else name

    def index2(self, name: str, r, c) -> str:
        return f"{name}[{r}, {c}]"

    def sum_over(self, variables: str) -> str:
        return f"Σ_{variables.replace(',', '')}"

    def floor_frac(self, numerator: str, denominator: str) -> str:
        return f"floor(({numerator}) / {denominator})"

    def matrix(self, printed: list, one_d: bool, marks=frozenset()) -> str:
        if one_d:
            return self.tuple_(printed[0])
        return "[" + "; ".join(" ".join(row) for row in printed) + "]"

    _SYMBOLS = {"le": "≤", "ge": "≥", "ne": "≠", "in": "∈", "implies": "⇒"}

    def sym(self, expr) -> str:
        return str_expr(expr)

    def group(self, expr) -> str:
        text = str_expr(expr)
        return f"({text})" if expr.is_Add else text

    def words(self, text: str) -> str:
        return text

    def relation_symbol(self, name: str) -> str:
        return self._SYMBOLS[name]

    def condition_note(self, text: str) -> str:
        return f"    for {text}"

    def separator(self) -> str:
        return ";  "

    def sum_range(self, var: str, lo: str, hi: str) -> str:
        return f"Σ_{{{var}={lo}}}^{{{hi}}}"

    def cases(self, rows: list) -> str:
        return "{ " + "; ".join(f"{value} for {cond}" for value, cond in rows) + " }"

    def definition_rows(self, e: Expansion1D, A: str, B: str, C: str) -> list:
        if e.kind == "convolve":
            return [Row(f"{C}[n]", (("=", [[f"Σ_m {A}[m]·{B}[n-m]"]]),))]
        right = self.conj(f"{B}[n]") if e.conjugate else f"{B}[n]"
        flipped = self.conj(f"{B}[-m]") if e.conjugate else f"{B}[-m]"
        return [
            Row(f"{C}[k]", (("=", [[f"Σ_n {A}[n+k]·{right}"]]), ("=", [[f"Σ_m {A}[m]·{B}~[k-m]"]])),
                f"  where {B}~[m] = {flipped}"),
        ]

    def check_row(self, report) -> Row:
        return Row("", (("", [[f"checked against {report.reference}: max |error| = "
                              f"{format_error(report.max_abs_error, 'text')}"]]),))

    def layout(self, rows: list) -> str:
        width = max((len(row.lhs) for row in rows), default=0)
        pad = " " * width
        lines = []
        for row in rows:
            if not row.lhs and row.parts and not row.parts[0][0]:
                lines.append(f"{pad}   {row.parts[0][1][0][0]}".rstrip() if row.parts[0][1][0][0] in "⋮" else
                             row.parts[0][1][0][0])
                continue
            wrapped = any(len(chunks) > 1 for _, chunks in row.parts)
            out = row.lhs.ljust(width)
            for k, (rel, chunks) in enumerate(row.parts):
                relation = _RELATIONS[rel]
                first = " + ".join(chunks[0])
                if k == 0 or not wrapped:
                    out += f" {relation} {first}"
                else:
                    lines.append(out)
                    out = f"{pad} {relation} {first}"
                for chunk in chunks[1:]:
                    lines.append(out)
                    out = f"{pad}     + " + " + ".join(chunk)
            lines.append(out + row.note)
        return "\n".join(lines)


def text(obj, **settings) -> str:
    """The plain-text derivation of an expansion; see :class:`TextPrinter` for settings."""
    return TextPrinter(settings).doprint(obj)
