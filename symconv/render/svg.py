"""A small SVG writer for symconv's figures: shapes, text, and names and numbers as the
derivation prints them. No plotting library: a figure is a few hundred elements placed from the
derivation's data, written in a fraction of a millisecond, the same bytes every time.

Figures go into the page as inline ``<svg>``, so the page's CSS colours them (``symconv.css``
sets one palette per Material colour scheme, light and slate). Every element also carries
presentation attributes with the light colours, which any CSS rule overrides, so an SVG saved on
its own still reads.

Sizes are in SVG units, CSS px at full size. No figure is wider than `WIDTH`, and no text
is smaller than `FONT`: on a 390 px phone the figure shrinks to the ~358 px column, and its
smallest text stays at ``FONT * 358 / WIDTH`` >= 11 CSS px.
"""

from __future__ import annotations

import html

from ..steps import options_for
from .numbers import NumberFormat, resolve_style
from .text import TextPrinter

__all__ = ["WIDTH", "FONT", "CLASSES", "Canvas", "Labels", "num", "text_width"]

WIDTH = 440
FONT = 14

#: Every class a figure uses, with its light-scheme presentation attributes (symconv.css sets
#: the same classes from CSS variables, per colour scheme).
CLASSES = {
    "sc-text": 'fill="#212121"',
    "sc-muted": 'fill="#5f5f5f"',
    "sc-axis": 'stroke="#5f5f5f" stroke-width="1" fill="none"',
    "sc-stem": 'stroke="#1565c0" stroke-width="1.5" fill="none"',
    "sc-dot": 'fill="#1565c0"',
    "sc-stem-im": 'stroke="#c62828" stroke-width="1.5" stroke-dasharray="4 2" fill="none"',
    "sc-dot-im": 'fill="#c62828"',
    "sc-in": 'fill="#e8f5e9" stroke="#7d7d7d" stroke-width="1"',
    "sc-pad": 'fill="#f0f0f0" stroke="#7d7d7d" stroke-width="1" stroke-dasharray="3 2"',
    "sc-zero": 'fill="#ffffff" stroke="#7d7d7d" stroke-width="1" stroke-dasharray="1 2"',
    "sc-win": 'fill="#ffcc80" stroke="#7d7d7d" stroke-width="1"',
    "sc-win-pad": 'fill="#ffe7c4" stroke="#7d7d7d" stroke-width="1" stroke-dasharray="3 2"',
    "sc-ker": 'fill="#ffcc80" stroke="#7d7d7d" stroke-width="1"',
    "sc-out": 'fill="none" stroke="#7d7d7d" stroke-width="1"',
    "sc-out-hit": 'fill="#a5d6a7" stroke="#7d7d7d" stroke-width="1"',
    "sc-frame": 'fill="none" stroke="#d84315" stroke-width="2.5"',
}

_NARROW, _WIDE = set(" ,.:;[]()|!il'’"), set("mwMW−=+×⋆°")


def num(x: float) -> str:
    """A coordinate with at most two decimals (fixed, so the bytes never vary)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """A generous estimate of the width of ``text`` (DejaVu Sans, the widest common sans)."""
    em = sum(0.34 if ch in _NARROW else 0.86 if ch in _WIDE else 0.72 if ch.isupper() else 0.64
             for ch in text)
    return em * size * (1.08 if bold else 1.0)


def _tspan(style: str, text: str) -> str:
    text = html.escape(text, quote=False)
    if style == "i":
        return f'<tspan font-style="italic">{text}</tspan>'
    return f'<tspan class="sc-muted" {CLASSES["sc-muted"]} font-weight="normal">{text}</tspan>'


def _plain(parts) -> str:
    return "".join(p if isinstance(p, str) else p[1] for p in parts)


class Canvas:
    """Elements of one figure, in drawing order; `svg()` writes the document.

    Examples
    --------
    >>> c = Canvas()
    >>> c.rect(0, 0, 10, 10, "sc-in")
    >>> c.text(5, 20, ["value ", ("i", "x")], anchor="middle")
    >>> print(c.svg(20, 30, "A cell", "symconv-demo"))  # doctest: +ELLIPSIS
    <svg xmlns="http://www.w3.org/2000/svg" class="symconv-svg symconv-demo" viewBox="0 0 20 30" ...
    <title>A cell</title>
    <rect class="sc-in" ... x="0" y="0" width="10" height="10"/>
    <text class="sc-text" ... x="5" y="20" text-anchor="middle">value <tspan font-style="italic">x</tspan></text>
    </svg>
    """

    def __init__(self):
        self.parts: list[str] = []

    def _el(self, tag: str, cls: str, attrs: str, body: str | None = None) -> None:
        head = f'<{tag} class="{cls}" {CLASSES[cls]} {attrs}'
        self.parts.append(f"{head}/>" if body is None else f"{head}>{body}</{tag}>")

    def rect(self, x: float, y: float, w: float, h: float, cls: str) -> None:
        self._el("rect", cls, f'x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"')

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str = "sc-axis") -> None:
        self._el("line", cls, f'x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"')

    def path(self, d: str, cls: str) -> None:
        if d:
            self._el("path", cls, f'd="{d}"')

    def circle(self, x: float, y: float, r: float, cls: str = "sc-dot") -> None:
        self._el("circle", cls, f'cx="{num(x)}" cy="{num(y)}" r="{num(r)}"')

    def text(self, x: float, y: float, parts, cls: str = "sc-text", anchor: str = "start",
             size: float = FONT, bold: bool = False, middle: bool = False) -> None:
        """Text at baseline ``y`` (or centred on ``y`` with ``middle``). ``parts`` is a string or
        a list of strings, ``("i", text)`` pieces (italic, for names) and ``("m", text)`` pieces
        (muted, normal weight, for a remark after a bold title); all of it is escaped."""
        parts = [parts] if isinstance(parts, str) else parts
        body = "".join(html.escape(p, quote=False) if isinstance(p, str) else _tspan(*p) for p in parts)
        attrs = f'x="{num(x)}" y="{num(y)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if size != FONT:
            attrs += f' font-size="{num(size)}"'
        if bold:
            attrs += ' font-weight="bold"'
        if middle:
            attrs += ' dy="0.35em"'
        self._el("text", cls, attrs, body)

    def svg(self, width: float, height: float, title: str, cls: str) -> str:
        """The document: ``width`` x ``height`` units, an accessible ``title``."""
        size = f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}"'
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="symconv-svg {cls}" {size} role="img" '
                f'font-family="sans-serif" font-size="{FONT}">')
        return "\n".join([head, f"<title>{html.escape(title, quote=False)}</title>", *self.parts, "</svg>"]) + "\n"


class Labels:
    """Names and numbers as the derivation's plain-text notation prints them (``x₁``, ``α``,
    ``1/3``, ``0.25``, ``2 + j``), with a true minus sign.

    Examples
    --------
    >>> from sympy import Rational
    >>> lab = Labels("convolve", decimal=False)
    >>> lab.name("x_1"), lab.number(Rational(-1, 3))
    ('x₁', '−1/3')
    """

    def __init__(self, kind: str, decimal: bool, numbers: str = "auto", digits: int = 6):
        self._printer = TextPrinter(options_for(kind, {}))
        self._fmt = self._printer.fmt = NumberFormat(self._printer, resolve_style(numbers, decimal), digits)

    def name(self, name: str) -> str:
        base, _, sub = name.partition("_")
        return self._printer.e_symbol(base, sub)

    def number(self, value) -> str:
        return self._fmt(value).text.replace("-", "\u2212")

    def factor(self, value) -> str:
        """``value`` as a factor of a product: in parentheses when negative, a sum or complex
        (``(−1)``), as the derivation writes it."""
        return self._fmt(value).factor("(", ")").replace("-", "\u2212")

    @staticmethod
    def ref(name: str, index: str, minus: bool = False) -> list:
        """``name[index]`` (``name[−index]``) as text parts, the name and the index in italics."""
        return [("i", name), "[\u2212" if minus else "[", ("i", index), "]"]

    @staticmethod
    def plain(parts) -> str:
        """The characters of text parts, for measuring and for titles."""
        return _plain(parts)
