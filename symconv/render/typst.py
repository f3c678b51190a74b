"""Typst: a display math block ``$ ... $``, rows aligned at ``&``, one row per output.

The proof that a new format is one module: it implements the hooks of
`Printer` and ``layout``, nothing else.
"""

from __future__ import annotations

from .expr import split_name
from .latex import GREEK
from .rows import RowPrinter
from .rows_circular import CircularRows
from .rows_closed import ClosedRows
from .rows_grid import GridRows
from .rows_transposed import TransposedRows
from .rows_views import TypstViewRows
from .rows_blocks import BlockRows
from .rows_layer import LayerRows

__all__ = ["TypstPrinter"]

_RELATIONS = {"=": "=", "add": "+=", "eq": "=", "approx": "approx", "le": "<=", "ge": ">=", "lt": "<", "gt": ">",
              "ne": "!=", "in": "in", "implies": "=>", "": ""}
_MARKS = {"padded": "{}_p", "rotated": "tilde({})", "flipped": "tilde({})", "conjugated": "macron({})",
          "dilated": "{}_d", "extended": "{}", "": "{}",
          "zero-inserted": "{}_z", "transposed": "{}^T", "wrapped": "{}_w", "linear": "{}_l"}


def _string(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _word(name: str) -> str:
    """A multi-letter name in italics: ``italic(o u t)``. Run together, ``out`` is an unknown Typst
    variable; quoted, ``"out"`` keeps the space that follows it (``out (x)``)."""
    if "_" in name:  # x_, a_b_c: a string keeps the underscores literal
        return f'italic("{name}")'
    return f"italic({' '.join(name)})"


def _arg(text: str) -> str:
    """``text`` as one argument of a math call such as ``cases(...)`` or ``frac(...)``: a comma
    outside brackets and strings would start the next argument (``n >= 0, a = b`` would split a
    case in two), so it is escaped as ``\\,``."""
    out, depth, quoted, escaped = [], 0, False, False
    for char in text:
        if quoted:
            quoted = escaped or char != '"'
            escaped = not escaped and char == "\\"
        elif char == '"':
            quoted = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            out.append("\\")
        out.append(char)
    return "".join(out)


class TypstPrinter(CircularRows, BlockRows, TypstViewRows, TransposedRows, LayerRows, GridRows, ClosedRows,
                   RowPrinter):
    """Print a document as a Typst display equation."""

    def number_fraction(self, p: int, q: int):
        return f"{p}/{q}", True

    def number_scientific(self, mantissa: str, exponent: int) -> str:
        return f"{mantissa} times 10^({exponent})"

    def number_imaginary(self, coefficient) -> str:
        return "i" if coefficient is None else f"{coefficient.text} i"

    def e_symbol(self, base: str, sub: str) -> str:
        if base not in GREEK and len(base) > 1:
            base = _word(base)
        if not sub:
            return base
        if sub.isdigit() or (len(sub) == 1 and sub.isalpha()):
            return f"{base}_{sub}" if len(sub) == 1 else f"{base}_({sub})"
        return f"{base}_({_word(sub)})"

    def e_constant(self, name: str) -> str:
        return {"pi": "pi", "e": "e", "oo": "infinity", "integers": "ZZ"}[name]

    def e_sequence(self, name: str, index: str) -> str:
        return f"{name}[{index}]"

    def e_frac(self, num: str, den: str, num_compound: bool, den_compound: bool) -> str:
        return f"frac({_arg(num)}, {_arg(den)})"

    def e_times(self, texts: list, kinds: list) -> str:
        out = texts[0]
        for k in range(1, len(texts)):
            out += (" dot " if kinds[k] == "number" else " ") + texts[k]
        return out

    def e_power(self, base: str, exponent: str) -> str:
        return f"{base}^({exponent})"

    def e_sqrt(self, text: str) -> str:
        return f"sqrt({_arg(text)})"

    def e_paren(self, text: str) -> str:
        return f"({text})"

    def e_function(self, name: str, text: str) -> str:
        known = ("sin", "cos", "tan", "ln", "max", "min")
        return f"{name}({text})" if name in known else f"op({_string(name)})({text})"

    def e_abs(self, text: str) -> str:
        return f"abs({_arg(text)})"

    def e_conjugate(self, text: str) -> str:
        return f"overline({_arg(text)})"

    def e_sum(self, var: str, lo: str, hi: str, body: str) -> str:
        return f"sum_({var}={lo})^({hi}) {body}"

    def e_mod(self, a: str, b: str) -> str:
        return f"{a} mod {b}"

    def e_cases(self, rows: list) -> str:
        return "cases(" + ", ".join(f"{_arg(v)} & quad {_arg(c)}" for v, c in rows) + ")"

    def words(self, text: str) -> str:
        return _string(text)

    def relation(self, name: str) -> str:
        return _RELATIONS[name]

    def separator(self) -> str:
        return ", quad "

    def code(self, text: str) -> str:
        return f"#raw({_string(text)})"

    def array_name(self, array) -> str:
        base, sub = split_name(array.name)
        if array.mark in ("dilated", "padded", "zero-inserted", "wrapped", "linear") and sub:  # x_(1,p), not x_1_p
            return f"{self.e_symbol(base, '')}_({self.e_symbol(sub, '')},{array.mark[0]})"
        return _MARKS[array.mark].format(self.e_symbol(base, sub))

    def subscripted(self, name: str, label: str) -> str:
        return f"{name}_{label}" if label else name

    def indexed(self, name: str, index: list) -> str:
        return f"{name}[{', '.join(index)}]"

    def conjugated(self, text: str) -> str:
        return f"overline({_arg(text)})"

    def product_separator(self, kind: str) -> str:
        return " dot " if kind == "value" else " thin "  # juxtaposed a[m]b[n] would touch

    def sum_over(self, variables: list) -> str:
        return f"sum_({', '.join(variables)})"

    def tuple_(self, items: list) -> str:
        return "(" + ", ".join(items) + ")"

    def matrix(self, rows: list, marks, one_d: bool) -> str:
        def entry(r, c, text):
            # a math-mode call: an embedded `#text(...)[...]` would swallow the `;` ending a row
            text = _arg(text)
            return f"text(fill: #gray, {text})" if (r, c) in marks else text

        if one_d:
            return self.tuple_([entry(0, c, t) for c, t in enumerate(rows[0])])
        body = "; ".join(", ".join(entry(r, c, t) for c, t in enumerate(row)) for r, row in enumerate(rows))
        return f'mat(delim: "[", {body})'

    def ceil_frac(self, numerator: str, denominator: str) -> str:
        return f"ceil(frac({_arg(numerator)}, {_arg(denominator)}))"

    def floor_frac(self, numerator: str, denominator: str) -> str:
        return f"floor(frac({_arg(numerator)}, {_arg(denominator)}))"

    def dots(self) -> str:
        return "dots"

    def vdots(self) -> str:
        return "dots.v"

    def range_note(self, var: str, lo: int, hi: int) -> str:
        return f"quad {var} = {lo}, dots, {hi}" if lo != hi else f"quad {var} = {lo}"

    def text_note(self, text: str) -> str:
        return f"quad {_string('(' + text + ')')}"

    def condition_note(self, text: str) -> str:
        return f'quad "for" {text}'

    def encode(self, row) -> tuple:
        return "", self.aligned_line(row, "\\\n", "quad")

    def join(self, encoded: list) -> str:
        return "$\n" + " \\\n".join([line for _, line in encoded]) + "\n$"
