"""The sliding-strip table of a 1D derivation as data: the first sequence on top, and for each
output the second sequence flipped and shifted into place (correlation: shifted by the lag),
the products where they overlap, and their sum."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DerivationTooLarge
from ..model import Expansion1D
from .base import Array, Ref, Step
from .finite import arrays_1d

__all__ = ["StripRow", "SlidingStrip", "sliding_strip", "MAX_TABLE_CELLS"]

#: Largest table (columns x rows) built for a page.
MAX_TABLE_CELLS = 2_500


@dataclass(frozen=True)
class StripRow:
    """One output's rows: ``placed`` maps columns to ``(sample of second, value)``; ``products``
    maps the overlapping columns to ``first[column] * second[...]``."""

    output: Ref
    shift: int
    placed: dict
    products: dict
    value: object


@dataclass(frozen=True)
class SlidingStrip(Step):
    """Columns ``columns`` (summation index: ``m`` for convolution, ``j = n + k`` for
    correlation), the first sequence's values by column, and one `StripRow` per output."""

    kind: str
    first: Array
    second: Array
    output: Array
    columns: range
    top: dict
    rows: tuple
    conjugated: bool


def sliding_strip(e: Expansion1D, names: tuple) -> SlidingStrip:
    """The table of ``e`` under ``names``; refuses tables over `MAX_TABLE_CELLS` cells."""
    A, B, C = arrays_1d(names)
    w = e.window
    lo, hi = w.span(s.n for s in e.samples)
    columns = range(lo, hi + 1)
    cells = len(columns) * (2 * len(e.samples) + 1)
    if cells > MAX_TABLE_CELLS:
        raise DerivationTooLarge(f"the strip table would have {cells:,} cells (limit {MAX_TABLE_CELLS:,}); "
                                 f"leave 'table' out of show, or use elide in the derivation")
    top = {i: e.a[i] for i in e.a.indices}
    rows = []
    for s in e.samples:
        placed, products = {}, {}
        for j, value in zip(e.b.indices, e.right):
            column = w.partner(s.n, j)
            placed[column] = (Ref(B, (j,), e.kind == "correlate" and e.conjugate), value)
            if column in top:
                products[column] = top[column] * value
        rows.append(StripRow(Ref(C, (s.n,)), s.n, placed, products, s.value))
    return SlidingStrip(e.kind, A, B, C, columns, top, tuple(rows), e.kind == "correlate" and e.conjugate)
