"""JSON of a circular convolution: the inputs and n, the statement of when it equals the linear
convolution, then each view shown as data: the sum's outputs with their terms as index pairs (as
every finite derivation's), the wrap's linear convolution and the indices each output adds, the
DFT's root of unity, transforms, products and inverse sums with their exact values."""

from __future__ import annotations

from ..steps import Elided, Output, python_source
from ..steps.circular import (CircularView, DftProduct, LinearBlock, LinearCondition, RootOfUnity, RootSum,
                              WrapSum, Wrapped)

__all__ = ["circular_data"]


def circular_data(printer, doc) -> dict:
    """``doc`` (a circular-convolution document) as plain data; ``printer`` is the `JsonPrinter`."""
    s = doc.summary
    A, B, C = doc.arrays[:3]
    first, second = s.get("inputs")
    exact = printer.exact
    data: dict = {"n": s.get("n"), "inputs": {A.name: [exact(v) for v in first], B.name: [exact(v) for v in second]},
                  "linear_length": s.get("linear"), "aliased": s.get("aliased")}
    views: dict = {}
    current = views.setdefault(s.get("views")[0], {}) if len(s.get("views")) == 1 else None
    transforms: dict = {}
    for step in doc.steps:
        if isinstance(step, CircularView):
            current = views.setdefault(step.name, {})
        elif isinstance(step, Wrapped):
            data.setdefault("wrapped_inputs", {})[step.array.name] = {
                "sources": [list(src) for src in step.sources], "values": [exact(v) for v in step.values]}
        elif isinstance(step, (Output, Elided)) and current is not None:
            if isinstance(step, Output) and "factors" not in current:
                current["factors"] = {"left": printer._strip(step.left), "right": printer._strip(step.right)}
            current.setdefault("outputs", []).append(printer._print(step))
        elif isinstance(step, LinearBlock):
            current.setdefault("linear", []).extend(exact(v) for v in step.values)
        elif isinstance(step, WrapSum):
            value, number, shown = printer._value(step.value)
            current.setdefault("outputs", []).append({"index": list(step.lhs.index), "adds": list(step.indices),
                                                      "value": value, "float": number, "shown": shown})
        elif isinstance(step, RootOfUnity):
            current["root"] = {"name": step.root.name, "n": step.n, "powers": [exact(v) for v in step.powers]}
        elif isinstance(step, RootSum):
            name = step.lhs.array.name
            if step.lhs.array.role == "output":
                value, number, shown = printer._value(step.value)
                current.setdefault("outputs", []).append({"index": list(step.lhs.index),
                                                          "exponents": [p for _, p in step.terms],
                                                          "value": value, "float": number, "shown": shown})
            else:
                entry = transforms.setdefault(name, {"of": step.source.name, "values": []})
                entry["values"].append({"index": step.lhs.index[0], "terms": [list(t) for t in step.terms],
                                        "value": exact(step.value)})
                current["transforms"] = transforms
        elif isinstance(step, DftProduct):
            current.setdefault("products", []).append({"index": step.lhs.index[0], "value": exact(step.value)})
        elif isinstance(step, LinearCondition):
            data["equals_linear"] = step.aliased == 0
    data["views"] = views
    values = s.get("values")
    data["output"] = {"name": C.name, "start": 0, "values": [exact(v) for v in values],
                      "floats": [printer.float_(v) for v in values]}
    if doc.call is not None:
        data["call"] = python_source(doc.call)
    return data
