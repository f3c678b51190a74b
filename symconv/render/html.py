"""HTML of the sliding-strip table: a[m], the flipped and shifted b under it, products, sums."""

from __future__ import annotations

from html import escape

from ..errors import DerivationTooLarge
from ..model import Expansion1D
from ._numbers import NumberFormat, resolve_style

__all__ = ["strip_table", "MAX_TABLE_CELLS"]

#: Largest table (window columns x output rows) rendered on a page.
MAX_TABLE_CELLS = 2_500


def strip_table(e: Expansion1D, names: tuple[str, str, str], numbers: str = "auto") -> str:
    """The textbook "sliding strip" as an HTML ``<table>``.

    One column per summation index over the union of the supports; a row for the first
    sequence; then, for each output, the second sequence flipped and shifted into place (for
    correlation: shifted by the lag, not flipped) and the row of products, with the output (the
    sum of the products) in the last column. Empty cells are zeros outside the supports.
    """
    A, B, C = (escape(x) for x in names)
    fmt = NumberFormat("text", resolve_style(numbers, e.a.decimal or e.b.decimal))
    convolve = e.kind == "convolve"
    # Columns: m (a[m]) for convolution; for correlation a[n+k] conj(b[n]) is indexed by j = n + k,
    # so a stays put and the shifted b slides under it.
    # The columns cover a and every shifted copy of b, including the parts hanging off a.
    if convolve:
        lo = min([e.a.start] + [s.n - (e.b.stop - 1) for s in e.samples])
        hi = max([e.a.stop - 1] + [s.n - e.b.start for s in e.samples])
    else:
        lo = min([e.a.start] + [e.b.start + s.n for s in e.samples])
        hi = max([e.a.stop - 1] + [e.b.stop - 1 + s.n for s in e.samples])
    columns = range(lo, hi + 1)
    cells = len(columns) * (2 * len(e.samples) + 1)
    if cells > MAX_TABLE_CELLS:
        raise DerivationTooLarge(f"the strip table would have {cells:,} cells (limit {MAX_TABLE_CELLS:,}); "
                                 f"leave 'table' out of show, or use elide in the derivation")
    var = "m" if convolve else "j"
    conj = (not convolve) and e.conjugate

    def cell(value, css=""):
        cls = f' class="{css}"' if css else ""
        return f"<td{cls}>{escape(fmt(value).text)}</td>"

    head = "".join(f"<th>{j}</th>" for j in columns)
    rows = [f'<tr class="symconv-a"><th>{A}[{var}]</th>'
            + "".join(cell(e.a[j]) if j in e.a.indices else "<td></td>" for j in columns)
            + "<td></td></tr>"]
    for s in e.samples:
        if convolve:
            shifted_label = f"{B}[{s.n}&minus;m]" if s.n else f"{B}[&minus;m]"
            def right(j):
                return e.b[s.n - j] if (s.n - j) in e.b.indices else None
        else:
            k = s.n
            shifted_label = (f"{'conj ' if conj else ''}{B}[j{'&minus;' if k > 0 else '+'}{abs(k)}]"
                             if k else f"{'conj ' if conj else ''}{B}[j]")
            def right(j):
                return e.right_value(j - s.n) if (j - s.n) in e.b.indices else None
        b_cells, p_cells = [], []
        for j in columns:
            r = right(j)
            b_cells.append("<td></td>" if r is None else cell(r))
            overlap = r is not None and j in e.a.indices
            p_cells.append(cell(e.a[j] * r, "symconv-p") if overlap else "<td></td>")
        rows.append(f'<tr class="symconv-b"><th>{shifted_label}</th>{"".join(b_cells)}<td></td></tr>')
        rows.append(f'<tr class="symconv-prod"><th>products</th>{"".join(p_cells)}'
                    f'<td class="symconv-sum">{C}[{s.n}] = {escape(fmt(s.value).text)}</td></tr>')
    return (f'<table class="symconv-strip"><thead><tr><th>{var}</th>{head}<th>sum</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')
