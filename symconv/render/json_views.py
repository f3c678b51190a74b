"""JSON of the other views of a 1D convolution: the table's rows and column sums, the polynomials
and their product's coefficients, the convolution matrix and its call; exact values as SymPy
strings, as everywhere in the JSON output. Each view's ``values`` are its own (the column sums, the
coefficients, the rows' dot products); they equal the ``output``'s."""

from __future__ import annotations

from ..steps import Elided, python_source
from ..steps.views import GeneratingPolynomial, PolynomialProduct, ProductTable, ToeplitzMatrix, ViewValues

__all__ = ["view_data"]


def _terms(printer, terms) -> list:
    return [[power, printer.exact(value)] for power, value in terms]


def view_data(printer, doc) -> dict:
    """``{"view": name, name: {...}}`` for a document in the table, polynomial or matrix view;
    ``printer`` is the `JsonPrinter`."""
    view = doc.summary.get("view")
    data: dict = {}
    for step in doc.steps:
        if isinstance(step, ProductTable):
            rows = []
            for row in step.rows:
                if isinstance(row, Elided):
                    rows.append({"elided": row.count})
                else:
                    rows.append({"index": row.source.index[0], "factor": printer.exact(row.factor), "start": row.start,
                                 "products": [printer.exact(v) for v in row.products]})
            data.update(kernel={"name": step.kernel.name, "mark": step.kernel.mark, "start": step.kernel_start,
                                "values": [printer.exact(v) for v in step.kernel_values]},
                        columns=[step.columns.start, step.columns.stop - 1], rows=rows,
                        sums=[[n, printer.exact(v)] for n, v in step.sums])
        elif isinstance(step, GeneratingPolynomial):
            data.setdefault("polynomials", []).append({
                "name": step.name.name, "of": step.array.name, "mark": step.array.mark, "variable": step.variable,
                "terms": _terms(printer, step.terms),
                "shown": printer.text._signed(printer.text._poly_terms(step.terms, step.variable))})
        elif isinstance(step, PolynomialProduct):
            data["product"] = {"name": step.product.name, "variable": step.variable,
                               "expanded": [_terms(printer, group) for group in step.groups],
                               "coefficients": [[power, [printer.exact(p) for p in products], printer.exact(total)]
                                                for power, products, total in step.coefficients]}
        elif isinstance(step, ToeplitzMatrix):
            data["matrix"] = {"name": step.matrix.name, "shape": list(step.shape), "mode": step.mode,
                              "call": python_source(step.call), "rows_of_full": step.sliced_from,
                              "shift": step.shift, "first_row_output": step.out_start,
                              "entries": None if step.entries is None else
                              [[printer.exact(v) for v in row] for row in step.entries]}
        elif isinstance(step, ViewValues):
            data["values"] = [printer.exact(v) for v in step.values]
            data["start"] = step.start
    return {"view": view, view: data}
