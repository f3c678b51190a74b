"""Rows of the table view of a 1D convolution (`symconv.steps.views.ProductTable`): the
multiplication without carries as a grid (each format's ``_table_rows`` lays it out) or, on a
phone, as a list: each row of the table a line, then each column's sum. Mixed into
`symconv.render.rows_views.ViewRows`, whose helpers (``_values``, ``_list_rows``, ``_term``, ...)
it uses."""

from __future__ import annotations

from ..steps import Elided
from ..steps.views import ProductTable
from .rows import Row

__all__ = ["TableViewRows"]


def _span(lo: int, hi: int, dots: str) -> str:
    return str(lo) if lo == hi else f"{lo}{dots}{hi}"


class TableViewRows:
    """The table view's rows."""

    def _print_ProductTable(self, step: ProductTable) -> list:
        var = self._variable_of(step.kind)
        A, K, C = (self.name(a) for a in (step.first, step.kernel, step.output))
        sep = self.product_separator("index")
        lead = self.indexed(K, [var])
        what = (f"{step.kernel.name} written once; row m is {step.first.name}[m] times {step.kernel.name} shifted m "
                f"places; column {var} adds up to {step.output.name}[{var}]")
        if step.kind == "correlate":
            what = what.replace(f"{step.kernel.name} ", f"{step.kernel.name}̃ ")
        title = Row("", (("", [[self.words("Multiplication without carries")]]),), self.text_note(what))
        columns = list(step.columns)
        fmt = self.fmt
        zero = fmt(step.kernel_values[0] * 0).text if step.zeros else ""

        def cells(start: int, values) -> list:
            out = []
            for n in columns:
                p = n - start
                if 0 <= p < len(values):
                    out.append(fmt(values[p]).text)
                else:
                    out.append(zero if step.zeros and n in step.full else "")
            return out

        lines = [(var, [str(n) for n in columns]), (lead, cells(step.kernel_start, step.kernel_values))]
        for row in step.rows:
            if isinstance(row, Elided):
                lines.append((self.vdots(), [""] * len(columns)))
                continue
            m = row.source.index[0]
            label = f"{self.ref(row.source)}{sep}{self.indexed(K, [self._shifted(var, m)])}"
            lines.append((label, cells(row.start, tuple(v for v in row.products))))
        sums = dict(step.sums)
        lines.append((self.indexed(C, [var]), [fmt(sums[n]).text if n in sums else "" for n in columns]))
        narrow = self.settings.get("narrow")
        if narrow:  # the grid where it fits the column, else (a phone) a list
            width = max(self.shown_width(label) for label, _ in lines) + sum(
                max(self.shown_width(cells[c]) for _, cells in lines) + 2 for c in range(len(columns)))
            if width > narrow:
                return [title] + self._table_list(step, var, A, K, C, sep)
        return [title] + self._table_rows(lines)

    def _table_list(self, step: ProductTable, var: str, A: str, K: str, C: str, sep: str) -> list:
        """The table as a list (a phone): the kernel, each row as the kernel times a sample,
        landing at its indices, then each column's sum."""
        dots = self.dots() if not self.dots().isalpha() else "…"
        hi = step.kernel_start + len(step.kernel_values) - 1
        kernel = [self.fmt(v).text for v in step.kernel_values]
        rows = self._list_rows(self.indexed(K, [_span(step.kernel_start, hi, dots)]), "=", kernel)
        shown = self.tuple_(kernel)
        for row in step.rows:
            if isinstance(row, Elided):
                rows.append(Row("", (("", [[self.vdots()]]),), self.text_note(f"{row.count} more rows")))
                continue
            factor = self.fmt(row.factor)
            scaled = factor.text if factor.atom else self.e_paren(factor.text)
            lhs = self.indexed(C, [_span(row.start, row.start + len(row.products) - 1, dots)])
            rows.append(Row(lhs, (("add", [[self.product([self.ref(row.source), K], "index")]]),
                                  ("=", [[f"{scaled}{self.product_separator('value')}{shown}"]]))))
            rows += self._list_rows("", "=", [self.fmt(v).text for v in row.products])
        columns = {}
        for row in step.rows:
            if not isinstance(row, Elided):
                for p, v in enumerate(row.products):
                    columns.setdefault(row.start + p, []).append(v)
        for n, total in step.sums:
            value = self.fmt(total)
            terms = [self._term(v) for v in columns.get(n, [])]
            lhs = self.indexed(C, [str(n)])
            if len(terms) > 1:
                rows += self._sum_rows(lhs, "=", terms)
                rows.append(Row("", (("=" if value.exact else "approx", [[value.text]]),)))
            else:
                rows.append(Row(lhs, (("=" if value.exact else "approx", [[value.text]]),)))
        return rows

    # -- the polynomial ----------------------------------------------------------------------
