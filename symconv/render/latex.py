"""LaTeX: an ``aligned`` block, one row per output, ``index form = products = value``."""

from __future__ import annotations

import re

from .expr import split_name
from .rows import RowPrinter
from .rows_circular import CircularRows
from .rows_closed import ClosedRows
from .rows_grid import GridRows
from .rows_transposed import TransposedRows
from .rows_views import LatexViewRows
from .rows_blocks import BlockRows
from .rows_layer import LayerRows

__all__ = ["LatexPrinter", "escape_text", "GREEK"]

_RELATIONS = {"=": "=", "add": "\\mathrel{+}=", "eq": "=", "approx": "\\approx", "le": "\\le", "ge": "\\ge", "lt": "<", "gt": ">",
              "ne": "\\ne", "in": "\\in", "implies": "\\Rightarrow", "": ""}
#: Symbol names printed as Greek letters.
GREEK = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
         "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega")
_MARKS = {"padded": "{}_{{p}}", "rotated": "\\tilde{{{}}}", "flipped": "\\tilde{{{}}}",
          "conjugated": "\\bar{{{}}}", "dilated": "{}_{{d}}", "extended": "{}", "": "{}",
          "zero-inserted": "{}_{{z}}", "transposed": "{}^{{\\top}}", "wrapped": "{}_{{w}}",
          "linear": "{}_{{l}}"}


def escape_text(text: str) -> str:
    """Escape characters that are special inside ``\\text{...}``."""
    for char, repl in (("\\", "\\textbackslash "), ("_", "\\_"), ("{", "\\{"), ("}", "\\}"),
                       ("%", "\\%"), ("#", "\\#"), ("&", "\\&"), ("$", "\\$"), ("^", "\\^{}"),
                       ("~", "\\~{}")):
        text = text.replace(char, repl)
    return text


_COMMAND = re.compile(r"\\(?:[a-zA-Z]+|.)")
_COLOR = re.compile(r"\\color\{[^}]*\}")
_MATRIX = re.compile(r"\\begin\{(?:bmatrix|cases)\}(.*?)\\end\{(?:bmatrix|cases)\}")
_WIDE_COMMANDS = {"\\qquad": 4, "\\quad": 2, "\\,": 0, "\\ ": 1, "\\cdot": 3, "\\le": 3, "\\ge": 3,
                  "\\ne": 3, "\\approx": 3, "\\Rightarrow": 3, "\\left": 0, "\\right": 0}
_WIDE = re.compile("|".join(re.escape(k) for k in sorted(_WIDE_COMMANDS, key=len, reverse=True)))


def _minus(text: str) -> str:
    """A note's minus signs as ``−`` (``c[r-3]``, ``k = -3…2``); hyphenated words and code stay."""
    from .prose import typeset_minus

    return typeset_minus(text)


def _group(text: str, at: int) -> int:
    """The index just past the brace group that opens at ``text[at]`` (or ``at`` if none)."""
    if at >= len(text) or text[at] != "{":
        return at
    depth = 0
    for k in range(at, len(text)):
        depth += (text[k] == "{") - (text[k] == "}")
        if depth == 0:
            return k + 1
    return len(text)


def _stacked_fractions(text: str) -> str:
    """``\\frac{a}{b}`` replaced by the wider of ``a`` and ``b`` (a fraction stacks them)."""
    out, at = [], 0
    while True:
        k = text.find("\\frac{", at)
        if k < 0:
            return "".join(out) + text[at:]
        top_end = _group(text, k + 5)
        bottom_end = _group(text, top_end)
        top, bottom = _stacked_fractions(text[k + 6:top_end - 1]), _stacked_fractions(text[top_end + 1:bottom_end - 1])
        out.append(text[at:k] + (top if len(top) >= len(bottom) else bottom))
        at = bottom_end


class LatexPrinter(CircularRows, BlockRows, LatexViewRows, TransposedRows, LayerRows, GridRows, ClosedRows,
                   RowPrinter):
    """Print a document as a LaTeX ``aligned`` environment.

    Format setting ``narrow``: a width in characters; each output's index form, products and
    value then go on lines of their own, the products broken to fit (the layout for a phone).
    """

    _format_settings = {"narrow": None}

    def shown_width(self, text: str) -> int:
        """About how many characters wide ``text`` shows: spaces (``\\quad``) and relations count
        double, other commands as one symbol, braces as nothing, a matrix or cases as its widest
        row, a fraction as its wider part."""
        def matrix(match):
            rows = match.group(1).split("\\\\")
            widest = max(rows, key=lambda r: self.shown_width(r.replace("&", " ")))
            return widest.replace("&", "  ")

        text = _COLOR.sub("", text)  # a grey padding cell is as wide as its number
        text = _stacked_fractions(text)  # a fraction is as wide as its wider part
        text = _MATRIX.sub(matrix, text)  # a matrix or cases as its widest row
        text = _WIDE.sub(lambda m: " " * _WIDE_COMMANDS[m.group(0)], text)
        text = _COMMAND.sub("x", text)
        text = text.replace("{", "").replace("}", "").replace("^", "").replace("_", "")
        return len(text) + sum(text.count(op) for op in "=+-<>")

    # -- numbers and expressions -----------------------------------------------------------
    def number_fraction(self, p: int, q: int):
        return f"\\tfrac{{{p}}}{{{q}}}", True

    def number_scientific(self, mantissa: str, exponent: int) -> str:
        return f"{mantissa} \\times 10^{{{exponent}}}"

    def number_imaginary(self, coefficient) -> str:
        return "i" if coefficient is None else f"{coefficient.text}i"

    def e_symbol(self, base: str, sub: str) -> str:
        if base in GREEK:
            base = f"\\{base}"
        elif len(base) > 1:
            base = "\\mathit{" + base.replace("_", "\\_") + "}"
        return f"{base}_{{{sub}}}" if sub else base

    def e_constant(self, name: str) -> str:
        return {"pi": "\\pi", "e": "e", "oo": "\\infty", "integers": "\\mathbb{Z}"}[name]

    def e_sequence(self, name: str, index: str) -> str:
        return ("\\delta" if name == "delta" else name) + f"[{index}]"

    def e_frac(self, num: str, den: str, num_compound: bool, den_compound: bool) -> str:
        return f"\\frac{{{num}}}{{{den}}}"

    def e_times(self, texts: list, kinds: list) -> str:
        out = texts[0]
        for k in range(1, len(texts)):
            between = " \\cdot " if kinds[k] in ("number", "power") or (kinds[k - 1] == "number" and
                                                                       texts[k][:1].isdigit()) else " "
            out += between + texts[k]
        return out

    def e_power(self, base: str, exponent: str) -> str:
        return f"{base}^{{{exponent}}}"

    def e_sqrt(self, text: str) -> str:
        return f"\\sqrt{{{text}}}"

    def e_paren(self, text: str) -> str:
        return f"\\left({text}\\right)" if "\\frac{" in text or "\\sum" in text else f"({text})"

    def e_function(self, name: str, text: str) -> str:
        command = f"\\{name}" if name in ("sin", "cos", "tan", "ln", "max", "min") else f"\\operatorname{{{name}}}"
        return f"{command}{self.e_paren(text)}"

    def e_abs(self, text: str) -> str:
        return f"\\lvert {text} \\rvert"

    def e_conjugate(self, text: str) -> str:
        return f"\\overline{{{text}}}"

    def e_sum(self, var: str, lo: str, hi: str, body: str) -> str:
        return f"\\sum_{{{var}={lo}}}^{{{hi}}} {body}"

    def e_mod(self, a: str, b: str) -> str:
        return f"{a} \\bmod {b}"

    def e_cases(self, rows: list) -> str:
        return "\\begin{cases} " + " \\\\ ".join(f"{v} & {c}" for v, c in rows) + " \\end{cases}"

    # -- words, arrays, layout -------------------------------------------------------------
    def words(self, text: str) -> str:
        return f"\\text{{{escape_text(text)}}}"

    def relation(self, name: str) -> str:
        return _RELATIONS[name]

    def separator(self) -> str:
        return ",\\quad "

    def code(self, text: str) -> str:
        return f"\\texttt{{{escape_text(text)}}}"

    def array_name(self, array) -> str:
        base, sub = split_name(array.name)
        if array.mark in ("dilated", "padded", "zero-inserted", "wrapped", "linear") and sub:  # x_{1,p}, not x_1_p
            return self.e_symbol(base, f"{sub},{array.mark[0]}")
        return _MARKS[array.mark].format(self.e_symbol(base, sub))

    def subscripted(self, name: str, label: str) -> str:
        return f"{name}_{{{label}}}" if label else name

    def indexed(self, name: str, index: list) -> str:
        return name + "[" + ",\\,".join(index) + "]"

    def conjugated(self, text: str) -> str:
        return f"\\overline{{{text}}}"

    def product_separator(self, kind: str) -> str:
        return {"definition": "\\, ", "index": "\\,", "value": " \\cdot "}[kind]

    def sum_over(self, variables: list) -> str:
        return f"\\sum_{{{','.join(variables)}}}"

    def tuple_(self, items: list) -> str:
        return "\\left(" + ",\\ ".join(items) + "\\right)"

    def matrix(self, rows: list, marks, one_d: bool) -> str:
        def entry(r, c, text):
            return f"{{\\color{{gray}}{text}}}" if (r, c) in marks else text

        if one_d:
            return self.tuple_([entry(0, c, t) for c, t in enumerate(rows[0])])
        body = " \\\\ ".join(" & ".join(entry(r, c, t) for c, t in enumerate(row)) for r, row in enumerate(rows))
        return f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"

    def ceil_frac(self, numerator: str, denominator: str) -> str:
        return f"\\left\\lceil \\frac{{{numerator}}}{{{denominator}}} \\right\\rceil"

    def floor_frac(self, numerator: str, denominator: str) -> str:
        return f"\\left\\lfloor \\frac{{{numerator}}}{{{denominator}}} \\right\\rfloor"

    def dots(self) -> str:
        return "\\dots"

    def vdots(self) -> str:
        return "\\vdots"

    def range_note(self, var: str, lo: int, hi: int) -> str:
        return f"\\quad {var} = {lo}, \\dots, {hi}" if lo != hi else f"\\quad {var} = {lo}"

    def text_note(self, text: str) -> str:
        width = self.settings["narrow"]
        if width:  # on a phone: rows of their own, broken between words
            lines, current = [], ""
            width -= 4  # each note row starts with an indent (\quad) and \text, which take room too
            for word in f"({text})".split():
                if current and len(current) + 1 + len(word) > width:
                    lines.append(current)
                    current = word
                else:
                    current = f"{current} {word}" if current else word
            lines.append(current)
            return "".join(f" \\\\\n& \\quad \\text{{{escape_text(_minus(line))}}}" for line in lines)
        return f"\\quad \\text{{({escape_text(_minus(text))})}}"

    def condition_note(self, text: str) -> str:
        if self.settings["narrow"]:
            return f" \\\\\n& \\qquad \\text{{for }} {text}"
        return f"\\qquad \\text{{for }} {text}"

    def encode(self, row) -> tuple:
        return "", self.aligned_line(row, "\\\\\n", "\\quad")

    def join(self, encoded: list) -> str:
        return "\\begin{aligned}\n" + " \\\\\n".join([line for _, line in encoded]) + "\n\\end{aligned}"

