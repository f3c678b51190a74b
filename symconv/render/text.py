"""Plain-text notation for terminals: Unicode operators, super- and subscripts, aligned rows."""

from __future__ import annotations

import re
import unicodedata

from .expr import split_name
from .latex import GREEK
from .rows import RowPrinter
from .rows_circular import CircularRows
from .rows_closed import ClosedRows
from .rows_grid import GridRows
from .rows_transposed import TransposedRows
from .rows_views import TextViewRows
from .rows_blocks import BlockRows
from .rows_layer import LayerRows

__all__ = ["TextPrinter", "superscript", "subscript"]

_RELATIONS = {"=": "=", "add": "+=", "eq": "=", "approx": "≈", "le": "≤", "ge": "≥", "lt": "<", "gt": ">",
              "ne": "≠", "in": "∈", "implies": "⇒", "": ""}
_GREEK = dict(zip(GREEK, "αβγδεζηθικλμνξρστφχψω"))
_SUP = str.maketrans("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUW",
                     "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁᵂ")
_SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUP_CHARS, _SUB_CHARS = set("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUW"), \
    set("0123456789+-=()aehijklmnoprstuvx")
_MARKS = {"transposed": "ᵀ", "rotated": "\u0303", "flipped": "\u0303", "conjugated": "\u0304"}
_LETTER = re.compile(r"^[A-Za-zα-ω][\u0303\u0304]?[₀-₉ₐ-ₜᵢⱼ⁰-⁹¹²³ᴬ-ᵂᵃ-ᶻⁱⁿ⁺⁻₊₋]*$")


def superscript(text: str) -> str | None:
    """``text`` in Unicode superscripts (spaces dropped), or None if some character has none."""
    compact = text.replace(" ", "")
    return compact.translate(_SUP) if compact and set(compact) <= _SUP_CHARS else None


def subscript(text: str) -> str | None:
    """``text`` in Unicode subscripts, or None if some character has none."""
    return text.translate(_SUB) if text and set(text) <= _SUB_CHARS else None


class TextPrinter(CircularRows, BlockRows, TextViewRows, TransposedRows, LayerRows, GridRows, ClosedRows,
                  RowPrinter):
    """Print a document as aligned lines of text, ``c[3] = a[1]·b[2] + … = 0.5·0.25 + … = 1.625``."""

    # -- numbers and expressions -----------------------------------------------------------
    def number_fraction(self, p: int, q: int):
        return f"{p}/{q}", False

    def number_scientific(self, mantissa: str, exponent: int) -> str:
        return f"{mantissa}×10{superscript(str(exponent))}"

    def number_imaginary(self, coefficient) -> str:
        if coefficient is None:
            return "j"
        return f"{coefficient.text}j" if coefficient.atom else f"({coefficient.text})j"

    def e_symbol(self, base: str, sub: str) -> str:
        base = _GREEK.get(base, base)
        if not sub:
            return base
        small = subscript(sub)
        return base + small if small else f"{base}_{sub}"

    def e_constant(self, name: str) -> str:
        return {"pi": "π", "e": "e", "oo": "∞", "integers": "ℤ"}[name]

    def e_sequence(self, name: str, index: str) -> str:
        return ("δ" if name == "delta" else name) + f"[{index}]"

    def e_frac(self, num: str, den: str, num_compound: bool, den_compound: bool) -> str:
        # n(n + 1)/2 needs no parentheses, (x + 1)/2 does; a denominator of more than one factor
        # always does: 1/(2x), never 1/2x
        top = f"({num})" if num_compound and _loose(num) else num
        return f"{top}/({den})" if den_compound else f"{top}/{den}"

    def e_times(self, texts: list, kinds: list) -> str:
        out = texts[0]
        for k in range(1, len(texts)):
            prev, text = texts[k - 1], texts[k]
            joined = (kinds[k - 1] == "number" and kinds[k] in ("letter", "other") and not text[:1].isdigit()
                      and not text.startswith("√")) or (_LETTER.match(prev) and (
                          _LETTER.match(text) or (text.startswith("(") and kinds[k] == "other"))) or \
                (prev.endswith(")") and kinds[k - 1] == "other" and _LETTER.match(text))
            out += ("" if joined else "·") + text
        return out

    def e_power(self, base: str, exponent: str) -> str:
        small = superscript(exponent)
        if small:
            return base + small
        return f"{base}^{exponent}" if exponent.isalnum() else f"{base}^({exponent})"

    def e_sqrt(self, text: str) -> str:
        return f"√{text}" if text.isalnum() else f"√({text})"

    def e_paren(self, text: str) -> str:
        return f"({text})"

    def e_function(self, name: str, text: str) -> str:
        return f"{name}({text})"

    def e_abs(self, text: str) -> str:
        return f"|{text}|"

    def e_conjugate(self, text: str) -> str:
        return f"{text}\u0304" if len(text) == 1 else f"conj({text})"

    def e_sum(self, var: str, lo: str, hi: str, body: str) -> str:
        below, above = subscript(f"{var}={lo}".replace(" ", "")), superscript(hi)
        if below and above:  # Σₘ₌₀ⁿ 1
            return f"Σ{below}{above} {body}"
        return f"Σ_({var} = {lo})^({hi}) {body}" if not hi.isalnum() else f"Σ_({var} = {lo})^{hi} {body}"

    def e_mod(self, a: str, b: str) -> str:
        return f"{a} mod {b}"

    def e_cases(self, rows: list) -> str:
        return "{ " + "; ".join(f"{value} for {cond}" for value, cond in rows) + " }"

    # -- words, arrays, layout -------------------------------------------------------------
    def words(self, text: str) -> str:
        return text

    def relation(self, name: str) -> str:
        return _RELATIONS[name]

    def separator(self) -> str:
        return ";  "

    def code(self, text: str) -> str:
        return text

    def array_name(self, array) -> str:
        base, sub = split_name(array.name)
        name = self.e_symbol(base, "") + _MARKS.get(array.mark, "")
        if array.mark in ("dilated", "padded", "zero-inserted", "wrapped", "linear"):  # w_d, x_p: a tilde is a flip
            return f"{self.e_symbol(name, sub) if sub else name}_{array.mark[0]}"
        return self.e_symbol(name, sub) if sub else name

    def subscripted(self, name: str, label: str) -> str:
        return f"{name}_{label}" if label else name

    def indexed(self, name: str, index: list) -> str:
        return f"{name}[{', '.join(index)}]"

    def conjugated(self, text: str) -> str:
        return f"conj({text})"

    def product_separator(self, kind: str) -> str:
        return "·"

    def sum_over(self, variables: list) -> str:
        return "Σ_" + "".join(variables)

    def tuple_(self, items: list) -> str:
        return "(" + ", ".join(items) + ")"

    def matrix(self, rows: list, marks, one_d: bool) -> str:
        if one_d:
            return self.tuple_(rows[0])
        return "[" + "; ".join(" ".join(row) for row in rows) + "]"

    def ceil_frac(self, numerator: str, denominator: str) -> str:
        return f"⌈{numerator}/{denominator}⌉" if " " not in numerator else f"⌈({numerator})/{denominator}⌉"

    def floor_frac(self, numerator: str, denominator: str) -> str:
        return f"⌊({numerator})/{denominator}⌋"

    def dots(self) -> str:
        return "…"

    def vdots(self) -> str:
        return "⋮"

    def range_note(self, var: str, lo: int, hi: int) -> str:
        return f"  for {var} = {lo}…{hi}" if lo != hi else f"  for {var} = {lo}"

    def text_note(self, text: str) -> str:
        return f"  ({text})"

    def condition_note(self, text: str) -> str:
        return f"    for {text}"

    def encode(self, row) -> tuple:
        """``(lhs, body)``: ``\x01`` in the body stands for the padded lhs, ``\x00`` for the
        padding of a continued line (both known only once every row's lhs is)."""
        lhs, parts, note = row
        if not lhs and parts and not parts[0][0]:
            text = parts[0][1][0][0]
            return "", (f"\x00   {text}{note}" if text == "⋮" else text + note)
        wrapped = any(len(chunks) > 1 for _, chunks in parts)
        lines, out = [], "\x01"
        for k, (rel, chunks) in enumerate(parts):
            relation = _RELATIONS[rel]
            first = " + ".join(chunks[0])
            if k == 0 or not wrapped:
                out += f" {relation} {first}"
            else:
                lines.append(out)
                out = f"\x00 {relation} {first}"
            for chunk in chunks[1:]:
                lines.append(out)
                out = "\x00     + " + " + ".join(chunk)
        lines.append(out + note)
        return lhs, "\n".join(lines)

    def join(self, encoded: list) -> str:
        width = max((_width(lhs) for lhs, _ in encoded), default=0)
        pad = " " * width
        out = []
        for lhs, body in encoded:
            if "\x01" in body:
                body = body.replace("\x01", lhs + " " * (width - _width(lhs)), 1)
            elif body.startswith("\x00   "):  # a vertical ellipsis, under the sums
                body = body.rstrip()
            out.append(body.replace("\x00", pad) if "\x00" in body else body)
        return "\n".join(out)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (combining marks take none)."""
    return sum(1 for ch in text if not unicodedata.combining(ch))


def _loose(text: str) -> bool:
    """Whether ``text`` has an operator or a space outside parentheses (so that it needs them
    as a side of an inline fraction)."""
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and ch in " ·/":
            return True
    return False


def number_text(value, decimal: bool = False, unit: str = "j") -> str:
    """One exact value in the text notation, as a derivation prints it.

    Parameters
    ----------
    value : sympy.Expr
    decimal : bool
        Print terminating values as decimals (the ``auto`` style for decimal input).
    unit : {"j", "i"}
        The imaginary unit: ``j`` as the text derivations print it, ``i`` as the site's math.

    Examples
    --------
    >>> from sympy import Rational
    >>> from symconv.render.text import number_text
    >>> number_text(Rational(13, 8), decimal=True), number_text(Rational(1, 3), decimal=True)
    ('1.625', '1/3')
    """
    from ..steps import Options
    from .numbers import NumberFormat

    printer = TextPrinter(Options())
    printer.fmt = NumberFormat(printer, "mixed" if decimal else "fraction")
    text = printer.fmt(value).text
    return re.sub(r"(?<![A-Za-z])j(?![A-Za-z])", "i", text) if unit == "i" else text
