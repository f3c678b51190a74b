"""MathML -> one line of plain text, for a site's search index.

A search index that strips the tags of ``<mfrac><mn>1</mn><mn>3</mn></mfrac>`` reads ``13``; a
reader searching for ``1/3`` (or reading the result preview) wants ``1/3``. `math_text` writes
the linear form a textbook uses in running text: ``1/3``, ``(n + 1)/2``, ``a²``, ``b₂``,
``2^(n+1)``, ``√2``, ``Σ_m a[m] b[n − m]``; the rows of an aligned table are separated by ``;``.

`replace_math` swaps every ``<math>`` element of an HTML string for that text (escaped); the
MkDocs plugin shows it to the search index only, the page keeps its MathML.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["math_text", "replace_math"]

_MATH = re.compile(r"<math\b.*?</math>", re.S)
_SUP = str.maketrans("0123456789+−-=()nmiklj", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿᵐⁱᵏˡʲ")
_SUB = str.maketrans("0123456789+−-=()nmiklj", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₙₘᵢₖₗⱼ")
_SUP_OK = set("0123456789+−-=()nmiklj")
_INVISIBLE = {"\u2061", "\u2062", "\u2063", "\u2064", "\u200b"}
_SPACED = set("=+−<>≤≥≠≈∈→⇒·×⋅∗⋆±∓")
_OPENERS = set("([{,;")
_ACCENTS = {"~": "\u0303", "˜": "\u0303", "\u0303": "\u0303", "¯": "\u0304", "‾": "\u0304", "^": "\u0302",
            "ˆ": "\u0302", "→": "\u20d7", "˙": "\u0307", ".": "\u0307"}
_SKIP = {"annotation", "annotation-xml", "mphantom", "none", "mprescripts"}
_LIMIT = 200_000  # characters of MathML read per element; longer is cut (an index, not the page)


class _Node:
    __slots__ = ("tag", "children", "text")

    def __init__(self, tag: str):
        self.tag, self.children, self.text = tag, [], ""


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("mrow")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag)
        self.stack[-1].children.append(node)
        if tag not in ("mspace", "mglyph", "malignmark"):  # void elements
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag))

    def handle_endtag(self, tag):
        for k in range(len(self.stack) - 1, 0, -1):
            if self.stack[k].tag == tag:
                del self.stack[k:]
                return

    def handle_data(self, data):
        self.stack[-1].text += data


def _atomic(text: str) -> bool:
    """Whether ``text`` reads as one unit (no parentheses needed around it)."""
    text = text.strip()
    if re.fullmatch(r"[\w.]+|\(.*\)|\[.*\]|[\w.]+\[[^\[\]]*\]", text):
        return True
    return len(text) == 1


def _group(text: str) -> str:
    text = text.strip()
    return text if _atomic(text) else f"({text})"


def _script(text: str, table: dict, mark: str) -> str:
    text = text.strip()
    if text and set(text) <= _SUP_OK:
        return text.translate(table)
    return f"{mark}{_group(text)}" if text else ""


def _children(node: _Node) -> list[str]:
    return [_text(child) for child in node.children if child.tag not in _SKIP]


def _join(parts: list[str]) -> str:
    """Concatenate; a spaced sign with nothing (or an opener, or another operator) before it
    within this group is unary: ``−1``, not ``− 1``."""
    out = ""
    for part in parts:
        stripped = out.rstrip()
        if part.strip() in ("−", "+", "-") and (not stripped or stripped[-1] in _OPENERS | _SPACED):
            part = part.strip()
        out += part
    return out


def _text(node: _Node) -> str:  # noqa: C901 - one branch per MathML element
    tag = node.tag
    if tag in ("mi", "mn", "ms"):
        return node.text.strip()
    if tag == "mtext":
        return node.text
    if tag == "mo":
        op = node.text.strip()
        if op in _INVISIBLE:
            return ""
        return f" {op} " if op in _SPACED else op
    if tag == "mspace":
        return " "
    parts = _children(node)
    if tag == "mfrac" and len(parts) == 2:
        return f"{_group(parts[0])}/{_group(parts[1])}"
    if tag == "msqrt":
        return f"√{_group(_join(parts))}"
    if tag == "mroot" and len(parts) == 2:
        return f"{_group(parts[0])}^(1/{parts[1].strip()})"
    if tag == "msup" and len(parts) == 2:
        return parts[0] + _script(parts[1], _SUP, "^")
    if tag == "msub" and len(parts) == 2:
        return parts[0] + _script(parts[1], _SUB, "_")
    if tag == "msubsup" and len(parts) == 3:
        return parts[0] + _script(parts[1], _SUB, "_") + _script(parts[2], _SUP, "^")
    if tag in ("munder", "munderover") and len(parts) >= 2:
        base = parts[0] + _script(parts[1], _SUB, "_")
        return (base + _script(parts[2], _SUP, "^") if len(parts) == 3 else base) + " "
    if tag == "mover" and len(parts) == 2:
        accent = _ACCENTS.get(parts[1].strip())
        if accent and len(parts[0].strip()) == 1:
            return parts[0].strip() + accent
        return parts[0] + _script(parts[1], _SUP, "^")
    if tag == "mtr":
        return " ".join(p.strip() for p in parts if p.strip())
    if tag == "mtd":
        return _join(parts)
    if tag == "mtable":
        return " ; ".join(p.strip() for p in parts if p.strip())
    if tag == "semantics":
        return parts[0] if parts else ""
    return _join(parts)


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"([(\[{]) ", r"\1", text)
    text = re.sub(r" ([)\]},;])", r"\1", text).replace(" ;", ";")
    return text.strip()


def math_text(mathml: str) -> str:
    """One line of plain text for a ``<math>`` element.

    Parameters
    ----------
    mathml : str
        A MathML element (``<math>…</math>``), as the site's pages carry it.

    Returns
    -------
    str
        The linear form a textbook uses in running text; not HTML-escaped.

    Examples
    --------
    >>> math_text("<math><mfrac><mn>1</mn><mn>3</mn></mfrac></math>")
    '1/3'
    >>> math_text("<math><msup><mi>a</mi><mi>n</mi></msup><mo>+</mo>"
    ...           "<mfrac><mrow><mi>n</mi><mo>+</mo><mn>1</mn></mrow><mn>2</mn></mfrac></math>")
    'aⁿ + (n + 1)/2'
    """
    tree = _Tree()
    tree.feed(mathml[:_LIMIT])
    tree.close()
    return _tidy(_text(tree.root))


def replace_math(page_html: str) -> str:
    """``page_html`` with each ``<math>`` element replaced by its `math_text` (escaped).

    Examples
    --------
    >>> replace_math("<p>one third is <math><mfrac><mn>1</mn><mn>3</mn></mfrac></math>.</p>")
    '<p>one third is 1/3.</p>'
    """
    return _MATH.sub(lambda m: html.escape(math_text(m.group(0)), quote=False), page_html)
