"""Derivations that reflow: the layouts a block carries and where their lines break."""

import re

import symconv
from symconv.reflow import MEDIUM_CHARS, NARROW_CHARS, derivation_html
from symconv.render.latex import LatexPrinter

X = [[1, 2, 0], [0, 1, 3], [2, 1, 1]]
K = [[1, 2, 0], [0, 1, 1], [1, 0, 1]]


def _layouts(html: str) -> list:
    return re.findall(r"\\\[(.*?)\\\]", html, re.S)


def test_a_wide_2d_derivation_carries_a_desktop_and_a_phone_layout():
    d = symconv.convolve2d(X, K, "valid")
    options, doc = d._document({})
    html = derivation_html(doc, options)
    wide, medium, narrow = _layouts(html)
    assert html.count("symconv-reflow") == 2  # the medium layout nested in the narrow slot
    printer = LatexPrinter(options)
    widths = [max(printer.shown_width(line) for line in tex.splitlines()) for tex in (wide, medium, narrow)]
    assert widths[0] > widths[1] > widths[2]
    outputs = [line for line in medium.splitlines() if line.startswith("&") and r"\cdot" in line]
    assert outputs and all(printer.shown_width(line) <= MEDIUM_CHARS for line in outputs)


def test_narrow_lines_never_cross_a_window_row():
    """A 3×3 window's products break after each of its rows: 1·1 + 2·0 + 0·1 on one line."""
    d = symconv.convolve2d(X, K, "valid")
    options, doc = d._document({})
    tex = LatexPrinter(options, narrow=MEDIUM_CHARS).doprint(doc)
    lines = [line for line in tex.splitlines() if r"\cdot" in line and "sum" not in line]
    assert [line.count(r"\cdot") for line in lines] == [3, 3, 3]
    phone = LatexPrinter(options, narrow=NARROW_CHARS).doprint(doc)
    rows = [line for line in phone.splitlines() if r"\cdot" in line and "sum" not in line]
    assert sum(line.count(r"\cdot") for line in rows) == 9 and all(line.count(r"\cdot") <= 3 for line in rows)
