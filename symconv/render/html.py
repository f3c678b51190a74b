"""HTML: the sliding-strip table, and a whole derivation as HTML with MathML (Jupyter, pages).

Every string that reaches HTML is escaped here; MathML comes from `symconv.render.mathml`.
"""

from __future__ import annotations

import base64
import functools
import sys
from html import escape
from pathlib import Path

from ..errors import InputError
from ..steps import SlidingStrip
from .text import TextPrinter

__all__ = ["HtmlPrinter", "document_html", "strip_table", "strip_table_html", "strip_list_html", "FONT_MODES",
           "MATH_FONTS", "font_data_url", "font_face", "notebook_style"]


class HtmlPrinter(TextPrinter):
    """HTML fragments; the text notation inside, escaped."""

    def _print_SlidingStrip(self, t: SlidingStrip) -> str:
        fmt = self.fmt
        A, B, C = (escape(self.name(a)) for a in (t.first, t.second, t.output))
        var = "m" if t.kind == "convolve" else "j"

        def cell(value, css=""):
            cls = f' class="{css}"' if css else ""
            return f"<td{cls}>{escape(fmt(value).text)}</td>"

        head = "".join(f"<th>{str(j).replace('-', '−')}</th>" for j in t.columns)
        rows = [f'<tr class="symconv-a"><th>{A}[{var}]</th>'
                + "".join(cell(t.top[j]) if j in t.top else "<td></td>" for j in t.columns) + "<td></td></tr>"]
        for row in t.rows:
            n = row.shift
            conj = "conj " if t.conjugated else ""
            if t.kind == "convolve":
                label = f"{B}[{n}&minus;m]" if n else f"{B}[&minus;m]"
            else:
                label = f"{conj}{B}[j{'&minus;' if n > 0 else '+'}{abs(n)}]" if n else f"{conj}{B}[j]"
            b_cells = "".join(cell(row.placed[j][1]) if j in row.placed else "<td></td>" for j in t.columns)
            p_cells = "".join(cell(row.products[j], "symconv-p") if j in row.products else "<td></td>"
                              for j in t.columns)
            out = escape(self.ref(row.output))
            rows.append(f'<tr class="symconv-b"><th>{label}</th>{b_cells}<td></td></tr>')
            rows.append(f'<tr class="symconv-prod"><th>products</th>{p_cells}'
                        f'<td class="symconv-sum">{out} = {escape(fmt(row.value).text)}</td></tr>')
        caption = ("" if t.kind == "convolve" else
                   f"<caption>columns: j, the index of {A} (j = m + k); row {B}[j − k] is {B} shifted by "
                   f"the lag k</caption>")
        return (f'<table class="symconv-strip">{caption}<thead><tr><th>{var}</th>{head}<th>sum</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')


def strip_list_html(table: SlidingStrip, options, decimal: bool) -> str:
    """The table's outputs as a list for narrow screens: each output's terms as indices (the
    shifted, flipped second sequence read off them), as numbers, and their sum."""
    from ..steps import Document, Summary

    printer = HtmlPrinter(options)
    printer.doprint(Document("convolve", (), (), decimal, Summary("convolve", ())))
    fmt, items = printer.fmt, []
    A = printer.name(table.first)
    for row in table.rows:
        columns = sorted(row.products)
        indices = " + ".join(f"{printer.indexed(A, [str(j)])}·{printer.ref(row.placed[j][0])}" for j in columns)
        products = " + ".join(f"{fmt(table.top[j]).factor('(', ')')}·{fmt(row.placed[j][1]).factor('(', ')')}"
                              for j in columns)
        terms = f" = {escape(indices)} = {escape(products)}" if columns else ""
        items.append(f"<li>{escape(printer.ref(row.output))}{terms} = "
                     f"<strong>{escape(fmt(row.value).text)}</strong></li>")
    return f'<ul class="symconv-strip-list">{"".join(items)}</ul>'


def strip_table(expansion, names: tuple, numbers: str = "auto") -> str:
    """The sliding-strip table of a 1D expansion under ``names`` as HTML."""
    from ..steps import options_for, sliding_strip

    options = options_for(expansion.kind, {"numbers": numbers})
    return strip_table_html(sliding_strip(expansion, names), options, expansion.decimal)


def strip_table_html(table: SlidingStrip, options, decimal: bool) -> str:
    """The table as an HTML ``<table>``."""
    from ..steps import Document, Summary

    printer = HtmlPrinter(options)
    printer.doprint(Document("convolve", (), (), decimal, Summary("convolve", ())))
    return printer._print(table)


#: How a notebook output carries the math font (`notebook_style()`): ``"once"`` (the first symconv
#: output of this Python process, i.e. of the kernel session, embeds it; later outputs use it;
#: in Google Colab, whose outputs are separate frames, every output embeds it),
#: ``"always"`` (every output embeds it: each stands alone, ~520 KB apiece) or ``"none"`` (the
#: fonts installed on the reader's machine, by `MATH_FONTS`).
FONT_MODES = ("once", "always", "none")
#: The math font and the installed OpenType math fonts after it: Chromium's default ``math``
#: family is often a text font that cannot stretch ⌊ ⌋ or enlarge Σ.
MATH_FONTS = "'Latin Modern Math', 'STIX Two Math', 'Cambria Math', 'DejaVu Math TeX Gyre', math"
_FONT_FILE = Path(__file__).resolve().parent.parent / "assets" / "latinmodern-math.woff2"


class _FontLedger:
    """Whether an output of this Python process has carried the math font yet. A notebook's
    outputs share one page (JupyterLab, VS Code's webview, nbconvert's HTML), so a ``@font-face``
    in one output serves all of them; a kernel session is one process."""

    sent = False


_LEDGER = _FontLedger()


@functools.lru_cache(maxsize=1)
def font_data_url() -> str:
    """The bundled Latin Modern Math as a ``data:font/woff2;base64,…`` URL (~520 KB of text)."""
    return "data:font/woff2;base64," + base64.b64encode(_FONT_FILE.read_bytes()).decode("ascii")


def font_face(font: str = "once") -> str:
    """The ``@font-face`` rule that embeds the math font, or ``""`` when this output does not
    carry it (see `FONT_MODES`); ``"once"`` gives the rule to the first caller of the process.

    Examples
    --------
    >>> font_face("none")
    ''
    >>> font_face("always").startswith('@font-face{font-family:"Latin Modern Math";src:url("data:font/woff2;base64,')
    True
    """
    if font not in FONT_MODES:
        raise InputError(f"font must be one of {', '.join(map(repr, FONT_MODES))}, got {str(font)[:40]!r}")
    if font == "once" and "google.colab" in sys.modules:  # each output is its own frame there
        font = "always"
    if font == "none" or (font == "once" and _LEDGER.sent):
        return ""
    _LEDGER.sent = True
    return ('@font-face{font-family:"Latin Modern Math";'
            f'src:url("{font_data_url()}") format("woff2");font-display:block;}}')


def notebook_style(font: str = "once") -> str:
    """The CSS every symconv output in a notebook carries (the derivation display and
    `symconv.block()`): the math font's ``@font-face`` per `font_face()`, the math font first in
    symconv's ``math`` (installed math fonts after it) and a long derivation that scrolls rather
    than being cut off.

    Examples
    --------
    >>> notebook_style("none").startswith(".symconv math{font-family:'Latin Modern Math', 'STIX Two Math'")
    True
    >>> "@font-face" in notebook_style("none"), "@font-face" in notebook_style("always")
    (False, True)
    """
    return (f"{font_face(font)}.symconv math{{font-family:{MATH_FONTS};}}"
            ".symconv-math{overflow-x:auto;overflow-y:hidden;}")


def document_html(derivation, font: str = "once") -> str:
    """A derivation as HTML for Jupyter: a paragraph of prose and the derivation as display
    MathML (the site's renderer, so it needs no script and no network), with the style of
    `notebook_style()` (the math font embedded per ``font``). Raises ImportError without
    ``math-core`` (the ``docs`` extra).

    Examples
    --------
    >>> import symconv
    >>> html = document_html(symconv.convolve([1, 2], [3]), font="none")
    >>> html.startswith('<div class="symconv"><style>'), html.count("<math"), "merror" in html
    (True, 1, False)
    """
    from .mathml import to_mathml
    from .prose import ProsePrinter

    options, doc = derivation._document({})
    prose = ProsePrinter(options).doprint(doc)
    from .latex import LatexPrinter

    tex = LatexPrinter(options).doprint(doc)
    mathml = to_mathml(tex, True)
    paragraph = _inline_code(prose)
    return (f'<div class="symconv"><style>{notebook_style(font)}</style><p>{paragraph}</p>'
            f'<div class="symconv-math">{mathml}</div></div>')


def _inline_code(text: str) -> str:
    import re

    return re.sub(r"`([^`]*)`", lambda m: f"<code>{m.group(1)}</code>", escape(text, quote=False))

