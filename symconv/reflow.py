"""Derivations and tables that reflow: each block carries the layouts it may need (wide, medium
for a desktop column, narrow for a phone), and the stylesheet's container queries show the
widest that fits the block (``symconv.css``: one rule per 2 em step up to `REFLOW_MAX_EM`)."""

from __future__ import annotations

import dataclasses
import html
import re

__all__ = ["check_html", "inline_code", "NARROW_CHARS", "MEDIUM_CHARS", "REFLOW_MAX_EM", "reflow_class", "derivation_html", "table_html"]

#: Characters a phone's derivation line holds (390 px, the site's math font).
NARROW_CHARS = 26
#: Characters a desktop column holds comfortably (Material's content at 1200 px is ~45 em):
#: a 3×3 window's row of index forms fits on one line.
MEDIUM_CHARS = 64
#: Ems one character of math takes, about (to compare a layout with its container).
_EM_PER_CHAR = 0.6


def reflow_class(chars: int) -> str:
    """The class that switches a block to its narrow layout when its container is narrower
    than ``chars`` characters of math (rounded up to a multiple of 2 em)."""
    ems = min(-(-int(chars * _EM_PER_CHAR) // 2) * 2, REFLOW_MAX_EM)
    return f"symconv-w{ems}"


#: The widest layout the stylesheet switches for (wider ones always get the narrow layout below).
REFLOW_MAX_EM = 300


def _math(tex: str) -> str:
    return f'<div class="arithmatex">\\[{html.escape(tex, quote=False)}\\]</div>'


def _reflow(wide_html: str, width: int, narrow_html: str) -> str:
    return (f'<div class="symconv-reflow {reflow_class(width)}"><div class="symconv-wide">{wide_html}</div>'
            f'<div class="symconv-narrow" data-search-exclude="true">{narrow_html}</div></div>')


def derivation_html(doc, options) -> str:
    """The derivation, and where it is wider than a phone, narrower layouts too (each output's
    index form, products and value on their own lines, long sums broken between the rows of
    a 2D window): the stylesheet shows the widest that fits the block. A medium layout sits
    between the wide one and the phone's when the wide one is much wider than a desktop column."""
    from .render.latex import LatexPrinter

    def layout(narrow=None):
        printer = LatexPrinter(options) if narrow is None else LatexPrinter(options, narrow=narrow)
        tex = printer.doprint(doc)
        return tex, max(printer.shown_width(line) for line in tex.splitlines())

    tex, width = layout()
    if width <= NARROW_CHARS:
        return _math(tex)
    narrow = _math(layout(NARROW_CHARS)[0])
    if width > MEDIUM_CHARS + 8:
        medium, medium_width = layout(MEDIUM_CHARS)
        if NARROW_CHARS < medium_width < width:
            narrow = _reflow(_math(medium), medium_width, narrow)
    return _reflow(_math(tex), width, narrow)


def table_html(table, options, decimal: bool) -> str:
    """The sliding-strip table, and for narrow screens the same outputs as a list."""
    from .render.html import strip_list_html, strip_table_html

    wide = f'<div class="symconv-table-wrap">{strip_table_html(table, options, decimal)}</div>'
    chars = 7 * (len(table.columns) + 2)  # a column of the table holds about 7 characters
    return (f'<div class="symconv-reflow {reflow_class(chars)}"><div class="symconv-wide">{wide}</div>'
            f'<div class="symconv-narrow" data-search-exclude="true">{strip_list_html(table, options, decimal)}</div></div>')


def inline_code(text: str) -> str:
    """Prose as HTML: escaped, with its `backticked` spans as ``<code>``."""
    return re.sub(r"`([^`]*)`", lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=False))


def check_html(doc, options, report) -> str:
    """The check as a line of prose (✓ or ✗, the reference call as code), outside the math: a
    sentence wraps on a phone where a line of math would not."""
    from .render.prose import typeset_minus
    from .render.text import TextPrinter
    from .steps import CheckStep

    line = TextPrinter(options).doprint(dataclasses.replace(doc, steps=(CheckStep(report),)))
    line = " ".join(line.split())
    line = typeset_minus(line.replace(report.reference, f"`{report.reference}`", 1) if report.code else line)
    return f'<p class="symconv-check">{"✓ " if report.ok else "✗ "}{inline_code(line)}</p>'
