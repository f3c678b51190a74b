"""Reading derivations as people write them: symconv's text, Markdown and LaTeX output, and
hand-written lines such as ``c[3] = a[1]b[2] + a[2]b[1] = 0.5*0.25 + 1*0.5 = 1.625``.

The text is normalised (LaTeX commands, Unicode operators and subscripts to plain text), each
output line is split at its top-level ``=`` into parts, each part into signed terms and each term
into factors. Numbers go through the whitelist parser (`symconv.parse.parse_value`); nothing is
evaluated. Sizes are bounded before any work.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import sympy

from ..errors import InputError, brief
from ..parse import parse_value

__all__ = ["Ref", "Term", "Part", "Line", "read_lines", "split_lines", "MAX_TEXT_CHARS", "MAX_LINES",
           "MAX_LINE_CHARS"]

MAX_TEXT_CHARS = 200_000
MAX_LINES = 5_000
MAX_LINE_CHARS = 20_000
MAX_TERMS = 2_000

_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋₌ₘₙₖ", "0123456789-=mnk")
_PLAIN = [("\u2212", "-"), ("·", "*"), ("⋅", "*"), ("×", "*"), ("∗", "*"), ("≈", "="), ("\u00a0", " "),
          ("Σ", r"\sum "), (r"\approx", "="), (r"\simeq", "=")]
_NAME = re.compile(r"\\(?:mathit|mathrm|operatorname|mathbf)\s*\{([^{}]*)\}")
_SUBSCRIPT = re.compile(r"([A-Za-z])_\{?(\d+)\}?")
_COEFF_J = re.compile(r"\)\s*(j|i)\b")
_TYPST = [(re.compile(r"(?<!\\)\b(?:thin|med|thick)\b"), " "), (re.compile(r"(?<!\\)\b(?:dot(?:\.c)?|times)\b"), "*"),
          (re.compile(r"(?<!\\)\bsum_\(?[mnk]\)?(?:\^\(?\w+\)?)?"), r"\\sum "), (re.compile(r"\boverline\("), "conj("),
          (re.compile(r"(?<!\\)\bquad\b.*$"), ""), (re.compile(r"\s\\$"), ""),
          (re.compile(r"\bitalic\((\w+)(?:\s+(\w+))?\)"), r"\1\2")]
_LATEX_DROP = re.compile(r"\\(?:left|right|displaystyle|quad|qquad|,|;|!|:| )|\\\\\s*$|&")
_LATEX_TIMES = re.compile(r"\\(?:cdot|times|ast)\b")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_OVERLINE = re.compile(r"\\(?:overline|bar)\s*\{([^{}]*)\}")
_TEXT = re.compile(r"\\(?:text|textrm)\s*\{[^{}]*\}.*$")
_SUM = re.compile(r"\\sum\s*(?:_\s*(?:\{[^{}]*\}|\([^()]*\)|\w+))?(?:\^\s*(?:\{[^{}]*\}|\([^()]*\)|\w+))?")
_SUM_TEXT = re.compile(r"\\sum\s*(?:[mnk](?:=-?\d+)?[ⁿ⁰¹²³⁴⁵⁶⁷⁸⁹]*(?=\s))?")
_OUTPUT = re.compile(r"^\s*([A-Za-z]\w*)\s*\[([^\[\]]*)\]\s*=(?!=)(.*)$")
_REF = re.compile(r"([A-Za-z]\w*)\s*\[([^\[\]]*)\]")
_NOTE = re.compile(r"\s{2,}(?:for|\().*$")


@dataclass(frozen=True)
class Ref:
    """``name[index]`` as written; ``conjugated`` for ``conj(b[1])`` or an overline."""

    name: str
    index: str
    conjugated: bool = False


@dataclass(frozen=True)
class Term:
    """A signed product: refs (index form) or numbers (values), as written."""

    sign: int
    refs: tuple
    numbers: tuple
    text: str


@dataclass(frozen=True)
class Part:
    """One side of an ``=``: ``kind`` is ``"sum"`` (a Σ over m), ``"index"``, ``"products"``,
    ``"added"`` (numbers added, not the last part) or ``"value"``; ``terms`` its terms (the sum's
    body for ``"sum"``, the total for ``"added"`` and ``"value"``)."""

    kind: str
    terms: tuple
    text: str


@dataclass(frozen=True)
class Line:
    """An output line: ``name[index] = part = part …`` starting on line ``number`` (1-based);
    ``error`` says why a line that looks like one cannot be read."""

    number: int
    name: str
    index: str
    parts: tuple
    error: str = ""


_IMAG = re.compile(r"(\d)\s*i\b")
_UNIT_IMAG = re.compile(r"([-+(=*]\s*)i\b")
_UNIT_J = re.compile(r"(?<![\w.\[])j(?=\s*(?:$|[-+*/)=]))")


_SPACES = re.compile(r"[ \t]{3,}")


def _normalise(line: str) -> str:
    """One line as plain text: LaTeX, Typst and Unicode notation to ``*``, ``(p)/(q)``,
    ``conj(…)``, ``\\sum`` and Python's ``j``; notes after the math dropped."""
    line = _SPACES.sub("  ", line)  # long runs of blanks: two are all the patterns below look at
    for old, new in _PLAIN:
        line = line.replace(old, new)
    line = line.translate(_SUB)
    line = _SUBSCRIPT.sub(r"\1\2", _NAME.sub(r"\1", line))  # a_{0}, \mathit{a}_{0}: the symbol a0
    line = _TEXT.sub("", line)
    line = _FRAC.sub(r"(\1)/(\2)", line)
    line = _OVERLINE.sub(r"conj(\1)", line)
    line = _LATEX_TIMES.sub("*", line)
    line = _LATEX_DROP.sub(" ", line)
    line = _SUM.sub(r" \\sum ", line)
    for pattern, new in _TYPST:
        line = pattern.sub(new, line)
    line = _SUM_TEXT.sub(r" \\sum ", line)
    line = _COEFF_J.sub(r")*1j", line)  # (3/2)j
    line = _UNIT_IMAG.sub(r"\g<1>1j", _IMAG.sub(r"\1j", line))  # LaTeX's and Typst's imaginary unit
    line = _UNIT_J.sub("1j", line)  # a lone j is the imaginary unit, as symconv's text prints it
    line = line.replace("$", " ").replace("{", "").replace("}", "")
    return _NOTE.sub("", line).strip()


_SPLIT_TOKENS = re.compile(r"[()\[\]+\-=*]")


def _before(text: str, k: int) -> int:
    """The index of the last non-blank character before ``k`` (-1 if none); blanks come in runs
    of at most two after `_normalise`."""
    k -= 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k


def _split_top(text: str, seps: str) -> list:
    """``text`` split at the characters of ``seps`` outside brackets; each piece keeps the
    separator before it (or ``""``). A ``-`` after an operator or an exponent's ``e`` is a sign,
    not a separator. Only brackets and operators are visited (one regex pass)."""
    pieces, depth, start, sep = [], 0, 0, ""
    for match in _SPLIT_TOKENS.finditer(text):
        ch, k = match.group(), match.start()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and ch in seps and k > 0:
            if ch == "-":
                j = _before(text, k)
                if j < 0 or text[j] in "*/=(":
                    continue
                if text[j] in "eE":
                    i = _before(text, j)
                    if i >= 0 and text[i].isdigit():
                        continue
            pieces.append((sep, text[start:k]))
            start, sep = k + 1, ch
    pieces.append((sep, text[start:]))
    return pieces


_JUXTAPOSED = re.compile(r"(?<=[\w)])\s+(?=[A-Za-z(])")
_CONJ = re.compile(r"conj\(\s*([A-Za-z]\w*\s*\[[^\[\]]*\])\s*\)")
_MARKED_REF = re.compile(r"(~?)" + _REF.pattern)


@functools.lru_cache(maxsize=4096)
def _value(text: str):
    """A number's exact value (a derivation repeats its numbers: each is parsed once)."""
    return parse_value(text)[0]


def _number(text: str, where: str):
    text = _JUXTAPOSED.sub("*", text.strip())  # a0 b0: a product of symbols
    while text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    try:
        return _value(text) if len(text) <= 64 else parse_value(text)[0]  # the cache holds short texts only
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def _term(sign_char: str, text: str, where: str) -> Term:
    body = text.strip()
    sign = -1 if sign_char == "-" else 1
    if body.startswith("-") and _REF.match(body[1:].strip()):
        sign, body = -sign, body[1:].strip()
    refs = []
    conj_refs = _CONJ.sub(r"~\1", body)
    rest = conj_refs
    for match in _MARKED_REF.finditer(conj_refs):
        refs.append(Ref(match.group(2), " ".join(match.group(3).split()), bool(match.group(1))))
        rest = rest.replace(match.group(0), " ", 1)
    if refs:
        if rest.replace("*", " ").strip():
            raise InputError(f"{where}: {brief(body)} mixes samples and numbers")
        return Term(sign, tuple(refs), (), body)
    factors = [piece for _, piece in _split_top(body, "*")]
    if any(not f.strip() for f in factors):
        raise InputError(f"{where}: {brief(body)} has an empty factor")
    return Term(sign, (), tuple(_number(f, where) for f in factors), body)


def _part(text: str, where: str, last: bool = False) -> Part:
    text = text.strip()
    if not text:
        raise InputError(f"{where}: an empty side of '='")
    if "\\sum" in text:  # only its samples' indices are checked; anything else in it is left alone
        body = text.replace("\\sum", " ").strip()
        terms = []
        pieces = _split_top(body, "+-")
        if len(pieces) > MAX_TERMS:
            raise InputError(f"{where}: more than {MAX_TERMS} terms")
        for sign, piece in pieces:
            try:
                terms.append(_term(sign, piece, where))
            except InputError:
                continue
        return Part("sum", tuple(terms), text)
    pieces = _split_top(text, "+-")
    if len(pieces) > MAX_TERMS:
        raise InputError(f"{where}: more than {MAX_TERMS} terms")
    terms = tuple(_term(s, t, where) for s, t in pieces)
    if all(t.refs for t in terms):
        return Part("index", terms, text)
    if any(t.refs for t in terms):
        raise InputError(f"{where}: {brief(text)} mixes samples and numbers")
    if len(terms) == 1 and len(terms[0].numbers) == 1:
        return Part("value", terms, text)
    if last and any(f == sympy.I for t in terms for f in t.numbers):  # 2 - (3/2)j, a complex value
        value = sum((t.sign * sympy.Mul(*t.numbers) for t in terms), sympy.Integer(0))
        return Part("value", (Term(1, (), (value,), text),), text)
    if all(len(t.numbers) == 1 for t in terms):  # 2 + 4j, x0 - x1, or products already multiplied
        value = sum((t.sign * t.numbers[0] for t in terms), sympy.Integer(0))
        return Part("added", (Term(1, (), (value,), text),), text) if not last else \
            Part("value", (Term(1, (), (value,), text),), text)
    return Part("products", terms, text)


def split_lines(text: str) -> list:
    """The lines as an editor numbers them: at ``\\n``, ``\\r\\n`` or ``\\r`` only (not at the
    form feeds and line separators that `str.splitlines` also breaks at).

    Raises
    ------
    InputError
        Text that is not valid Unicode (a lone surrogate), naming its line.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"the derivation is not valid Unicode text (line {text.count(chr(10), 0, exc.start) + 1})") \
            from None
    return lines


def read_lines(text: str) -> tuple:
    """Every output line of a derivation, continuation lines (starting ``=`` or ``+``) joined to
    the line they continue.

    Raises
    ------
    InputError
        Text beyond `MAX_TEXT_CHARS`, `MAX_LINES` lines or a line beyond `MAX_LINE_CHARS`.
    """
    if not isinstance(text, str):
        raise InputError(f"lint reads a derivation as a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the derivation has {len(text):,} characters; lint reads at most {MAX_TEXT_CHARS:,}")
    raw = split_lines(text)
    if len(raw) > MAX_LINES:
        raise InputError(f"the derivation has {len(raw):,} lines; lint reads at most {MAX_LINES:,}")
    joined: list = []  # [number, text]
    for number, line in enumerate(raw, 1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(f"line {number} has {len(line):,} characters; lint reads at most {MAX_LINE_CHARS:,}")
        plain = _normalise(line)
        if joined and plain[:1] in ("=", "+") and _OUTPUT.match(joined[-1][1]):
            joined[-1][1] += " " + plain
        elif plain:
            joined.append([number, plain])
    lines = []
    for number, plain in joined:
        match = _OUTPUT.match(plain)
        if not match:
            continue
        name, index, rest = match.group(1), " ".join(match.group(2).split()), match.group(3)
        where = f"line {number}"
        if len(index) > 40:
            lines.append(Line(number, name, index[:40], (), "an index of more than 40 characters"))
            continue
        try:
            pieces = _split_top(rest, "=")
            parts = tuple(_part(piece, where, k == len(pieces) - 1) for k, (_, piece) in enumerate(pieces))
        except InputError as exc:
            lines.append(Line(number, name, index, (), str(exc).removeprefix(where + ": ")))
            continue
        lines.append(Line(number, name, index, parts))
    return tuple(lines)
