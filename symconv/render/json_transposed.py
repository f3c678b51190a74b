"""JSON of a transposed convolution: the inputs and parameters, the output size and the forward
sizes, then each view shown as data (the zero-inserted input, the stamps and overlap counts, the
transposed matrix and its product) with its outputs' terms as index pairs, as every finite
derivation's outputs are."""

from __future__ import annotations

from ..steps import ChannelSum, Elided, Output, Slices, python_source
from ..steps.transposed import (ForwardMatrix, ForwardSizes, KernelFlip, MatrixBlock, MatrixProduct, Overlaps,
                                Skipped, StampAdd, TransposedSize, View, ZeroInsertion)

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


def _nest(flat: list, shape: tuple):
    if len(shape) <= 1:
        return flat
    step = len(flat) // shape[0]
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def _channel_sum(printer, step: ChannelSum) -> dict:
    """An output cell with channels: each input channel's terms (pairs of full tensor indices),
    its part, the bias and the total."""
    channels = [{"channel": part.lhs.index[0], "value": printer.exact(part.value),
                 "terms": [[list(t.factors[0].ref.index), list(t.factors[1].ref.index)] for t in part.terms]}
                for part in step.parts]
    exact, number, shown = printer._value(step.value)
    return {"index": list(step.lhs.index), "channels": channels,
            "bias": None if step.bias is None else printer.exact(step.bias.value),
            "value": exact, "float": number, "shown": shown}


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
    tensors = {step.array.name: _nest([printer.exact(v) for block in step.slices for row in block for v in row],
                                      step.shape) for step in doc.find(Slices)}
    if tensors:  # channels or a bias: the tensors as given
        data["inputs"] = tensors
    data.update(input_shape=list(s.get("input")), weight_shape=list(s.get("kernel")), groups=s.get("groups"))
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
            shown = {"values": _rows(printer, step.rows) if not one_d else _rows(printer, step.rows)[0],
                     "zeros": sorted([c if one_d else [r, c] for r, c in step.zeros],
                                     key=lambda v: v if isinstance(v, list) else [v]),
                     "before": axes(step.before), "after": axes(step.after)}
            if step.prefix:  # one per (batch, input channel)
                current.setdefault("inputs", []).append({"index": list(step.prefix), **shown})
            else:
                current["input"] = shown
        elif isinstance(step, KernelFlip):
            rows = _rows(printer, step.rows) if not one_d else _rows(printer, step.rows)[0]
            if step.prefix:
                current.setdefault("flipped_kernels", []).append({"index": list(step.prefix), "values": rows})
            else:
                current["flipped_kernel"] = rows
        elif isinstance(step, StampAdd):
            rows = _rows(printer, step.rows)
            current.setdefault("stamps", []).append({
                **({"output": list(step.output_prefix), "weight": list(step.kernel_index)}
                   if step.kernel_index else {}),
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
        elif isinstance(step, MatrixBlock):
            current.setdefault("blocks", []).append({"index": list(step.label),
                                                     "transposed": _rows(printer, step.rows)})
        elif isinstance(step, MatrixProduct):
            values = None if step.values is None else [printer.exact(v) for v in step.values]
            if step.summed:
                current.setdefault("products", []).append({"index": list(step.prefix), "values": values})
            else:
                current["product"] = values
        elif isinstance(step, ChannelSum):
            current["outputs"].append(_channel_sum(printer, step))
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
