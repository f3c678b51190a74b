"""Tables that read on a phone: each cell labelled with its column's heading.

A Markdown table of three or more columns is wider than a phone; Material lets it scroll
sideways, and nothing tells the reader that the right-hand columns are there. `label_cells` gives
each body cell a ``data-label`` (its column's heading, as text) and the table a
``data-symconv-stack`` attribute; symconv's stylesheet shows such a table on a narrow screen as
one card per row, each cell under its label. Tables with a ``class`` (symconv's own strip table,
mkdocstrings' tables) are left alone.
"""

from __future__ import annotations

import html
import re

__all__ = ["label_cells"]

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_TD = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]+>")


def _label(cell_html: str) -> str:
    return html.escape(" ".join(html.unescape(_TAG.sub("", cell_html)).split()), quote=True)


def _table(match: re.Match) -> str:
    body = match.group(1)
    head = _HEAD.search(body)
    labels = [_label(h) for h in _TH.findall(head.group(1))] if head else []
    if len(labels) < 3:
        return match.group(0)

    def row(r: re.Match) -> str:
        cells = iter(labels)
        return "<tr>" + _TD.sub(lambda _: f'<td data-label="{next(cells, "")}"', r.group(1)) + "</tr>"

    rest = body[head.end():]
    return f"<table data-symconv-stack>{body[:head.end()]}{_ROW.sub(row, rest)}</table>"


def label_cells(page_html: str) -> str:
    """``page_html`` with each plain table of three or more columns labelled for phones.

    Examples
    --------
    >>> label_cells("<table><thead><tr><th>a</th><th>b</th><th>c <code>x</code></th></tr></thead>"
    ...             "<tbody><tr><td>1</td><td>2</td><td>3</td></tr></tbody></table>")
    '<table data-symconv-stack><thead><tr><th>a</th><th>b</th><th>c <code>x</code></th></tr></thead><tbody><tr><td data-label="a">1</td><td data-label="b">2</td><td data-label="c x">3</td></tr></tbody></table>'
    """
    return _TABLE.sub(_table, page_html)
