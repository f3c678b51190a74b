"""HTML: the sliding-strip table, and a whole derivation as HTML with MathML (Jupyter, pages).

Every string that reaches HTML is escaped here; MathML comes from `symconv.render.mathml`.
"""

from __future__ import annotations

from html import escape

from ..steps import SlidingStrip
from .text import TextPrinter

__all__ = ["HtmlPrinter", "document_html", "strip_table", "strip_table_html", "strip_list_html"]


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


#: Jupyter and exported notebooks load no symconv.css: Chromium's ``math`` default family is often
#: a text font that cannot stretch ⌊ ⌋ or enlarge Σ, so name the usual OpenType math fonts (scoped
#: to symconv's output) and let a long derivation scroll rather than be cut off.
_NOTEBOOK_STYLE = ("<style>.symconv math { font-family: 'Latin Modern Math', 'STIX Two Math', 'Cambria Math', "
                   "'DejaVu Math TeX Gyre', math; } .symconv-math { overflow-x: auto; overflow-y: hidden; }"
                   "</style>")


def document_html(derivation) -> str:
    """A derivation as HTML for Jupyter: a paragraph of prose and the derivation as display
    MathML (the site's renderer, so it needs no script and no network), with a small scoped
    style naming math fonts. Raises ImportError without ``math-core`` (the ``docs`` extra).

    Examples
    --------
    >>> import symconv
    >>> html = document_html(symconv.convolve([1, 2], [3]))
    >>> html.startswith('<div class="symconv"><style>'), html.count("<math"), "merror" in html
    (True, 1, False)
    """
    from .mathml import to_mathml
    from .prose import ProsePrinter

    options, doc = derivation._document({})
    prose = ProsePrinter(options).doprint(doc)
    from .latex import LatexPrinter

    tex = LatexPrinter(options).doprint(doc)
    paragraph = _inline_code(prose)
    return (f'<div class="symconv">{_NOTEBOOK_STYLE}<p>{paragraph}</p>'
            f'<div class="symconv-math">{to_mathml(tex, True)}</div></div>')


def _inline_code(text: str) -> str:
    import re

    return re.sub(r"`([^`]*)`", lambda m: f"<code>{m.group(1)}</code>", escape(text, quote=False))

