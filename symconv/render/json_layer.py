"""The JSON data of a multi-channel layer's document (see `symconv.render.json`): shapes,
parameters, the tensors once (nested exact values), each output cell's per-channel terms as
pairs of full tensor indices, the bias, and the output shaped as torch's."""

from __future__ import annotations

from ..steps import Call, ChannelSum, Elided, Slices, python_source

__all__ = ["layer_data"]


def _nest(flat: list, shape: tuple):
    if len(shape) <= 1:
        return flat
    step = len(flat) // shape[0]
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def layer_data(printer, doc) -> dict:
    """Everything a program needs to rebuild or grade the layer's derivation."""
    s = doc.summary
    exact = printer.exact
    data: dict = {"input_shape": list(s.get("input")), "weight_shape": list(s.get("kernel")),
                  "output_shape": list(s.get("output")), "groups": s.get("groups"),
                  "stride": list(s.get("stride")), "dilation": list(s.get("dilation"))}
    padding = s.get("padding")
    data["padding"] = list(padding) if isinstance(padding, tuple) else padding
    if s.get("padding_mode") not in (None, "zeros"):
        data["padding_mode"] = s.get("padding_mode")
    tensors = {}
    for step in doc.find(Slices):
        flat = [exact(v) for block in step.slices for row in block for v in row]
        tensors[step.array.name] = _nest(flat, step.shape)
    if tensors:
        data["inputs"] = tensors
    outputs, values = [], []
    for step in doc.steps:
        if isinstance(step, Elided):
            outputs.append({"elided": step.count})
        elif isinstance(step, ChannelSum):
            channels = []
            for part in step.parts:
                terms = [[list(t.factors[0].ref.index), list(t.factors[1].ref.index)] for t in part.terms]
                channels.append({"channel": part.lhs.index[0], "terms": terms, "value": exact(part.value)})
            ex, number, shown = printer._value(step.value)
            outputs.append({"index": list(step.lhs.index), "channels": channels,
                            "bias": None if step.bias is None else exact(step.bias.value),
                            "value": ex, "float": number, "shown": shown})
            values.append(step.value)
    data["outputs"] = outputs
    out = doc.arrays[2].name
    shape = s.get("output")
    if len(values) == _size(shape):
        data["output"] = {"name": out, "shape": list(shape), "values": _nest([exact(v) for v in values], shape),
                          "floats": _nest([printer.float_(v) for v in values], shape)}
    else:
        data["output"] = {"name": out, "shape": list(shape)}
    for step in doc.find(Call):
        data["call"] = python_source(step)
    return data


def _size(shape: tuple) -> int:
    n = 1
    for k in shape:
        n *= k
    return n
