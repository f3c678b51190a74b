"""JSON of a transposed convolution: the inputs and parameters, the output size and the forward
sizes, then each view shown as data (the zero-inserted input, the stamps and overlap counts, the
transposed matrix and its product) with its outputs' terms as index pairs, as every finite
derivation's outputs are."""

from __future__ import annotations

from ..steps import Elided, Output, python_source
from ..steps.transposed import (ForwardMatrix, ForwardSizes, KernelFlip, MatrixProduct, Overlaps, Skipped,
                                StampAdd, TransposedSize, View, ZeroInsertion)

__all__ = ["transposed_data"]


def _rows(printer, rows) -> list:
    return [[printer.exact(v) for v in row] for row in rows]


def _nested(printer, values):
    if isinstance(values, tuple):
        return [_nested(printer, v) for v in values]
    return printer.exact(values)


def _floats(printer, values):
    if isinstance(values, tuple):
        return [_floats(printer, v) for v in values]
    return printer.float_(values)


def transposed_data(printer, doc) -> dict:
    """``doc`` (a transposed-convolution document) as plain data; ``printer`` is the `JsonPrinter`."""
    s = doc.summary
    one_d = s.get("one_d")
    X, W, Y = doc.arrays[:3]
    x_rows, w_rows = s.get("inputs")

    def axes(pair):
        return pair[1] if one_d else list(pair)

    data: dict = {"inputs": {X.name: _rows(printer, x_rows) if not one_d else _rows(printer, x_rows)[0],
                             W.name: _rows(printer, w_rows) if not one_d else _rows(printer, w_rows)[0]}}
    for key in ("stride", "padding", "output_padding", "dilation"):
        data[key] = axes(s.get(key))
    data["sizes"], data["forward_sizes"] = [], []
    views: dict = {}
    current = None
    for step in doc.steps:
        if isinstance(step, TransposedSize):
            data["sizes"].append({"axis": step.axis or "length", "input": step.size, "kernel": step.kernel,
                                  "output": step.out})
        elif isinstance(step, ForwardSizes):
            data["forward_sizes"].append({"axis": step.axis or "length", "sizes": [list(p) for p in step.sizes],
                                          "output_padding": step.output_padding, "chosen": step.out,
                                          "forward_outputs": step.forward_out})
        elif isinstance(step, View):
            current = views.setdefault(step.name, {"outputs": []})
        elif isinstance(step, ZeroInsertion):
            current["input"] = {"values": _rows(printer, step.rows) if not one_d else _rows(printer, step.rows)[0],
                                "zeros": sorted([c if one_d else [r, c] for r, c in step.zeros],
                                                key=lambda v: v if isinstance(v, list) else [v]),
                                "before": axes(step.before), "after": axes(step.after)}
        elif isinstance(step, KernelFlip):
            current["flipped_kernel"] = _rows(printer, step.rows) if not one_d else _rows(printer, step.rows)[0]
        elif isinstance(step, StampAdd):
            rows = _rows(printer, step.rows)
            current.setdefault("stamps", []).append({
                "input": list(step.source.index), "value": printer.exact(step.value),
                "first": axes(step.corner), "values": rows[0] if one_d else rows,
                "dropped": sorted([n if one_d else [m, n] for m, n in step.outside],
                                  key=lambda v: v if isinstance(v, list) else [v])})
        elif isinstance(step, Skipped):
            current.setdefault("stamps", []).append({"elided": step.count})
        elif isinstance(step, Overlaps):
            current["overlaps"] = [list(row) for row in step.counts][0] if one_d else [list(r) for r in step.counts]
            current["pattern"] = axes(step.pattern) if not one_d else list(step.pattern[1])
            current["uneven"] = step.uneven
        elif isinstance(step, ForwardMatrix):
            current["matrix"] = {"name": step.matrix.name, "shape": list(step.shape),
                                 "transposed": None if step.rows is None else _rows(printer, step.rows)}
        elif isinstance(step, MatrixProduct):
            current["product"] = None if step.values is None else [printer.exact(v) for v in step.values]
        elif isinstance(step, (Output, Elided)):
            if isinstance(step, Output) and "factors" not in current:
                current["factors"] = {"left": printer._strip(step.left), "right": printer._strip(step.right)}
            current["outputs"].append(printer._print(step))
    data["views"] = views
    values = s.get("values")
    data["output"] = {"name": Y.name, "shape": list(s.get("output")), "values": _nested(printer, values),
                      "floats": _floats(printer, values)}
    if doc.call is not None:
        data["call"] = python_source(doc.call)
    return data
