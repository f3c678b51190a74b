"""JSON: the document as plain data. Exact values are SymPy strings (machine-readable, printed
once per distinct value); display strings are in symconv's text notation; each output's terms
are index pairs into the inputs, so nothing is repeated per term."""

from __future__ import annotations

import sympy

from ..steps import (Call, CheckStep, Definition, Document, Elided, Flip, Output, python_source)
from .printer import Printer
from .text import TextPrinter

__all__ = ["JsonPrinter"]


class JsonPrinter(Printer):
    """``doprint(doc)`` gives a dict ready for ``json.dumps``."""

    def doprint(self, doc: Document):
        self._exact_cache: dict = {}
        self._float_cache: dict = {}
        self._value_cache: dict = {}
        self._strip_cache: dict = {}
        self.text = TextPrinter(self.options)
        self.text.doprint(Document(doc.kind, (), doc.arrays, doc.decimal, doc.summary, doc.bases))
        return super().doprint(doc)

    def exact(self, value) -> str:
        try:
            return self._exact_cache[value]
        except KeyError:
            text = self._exact_cache[value] = sympy.sstr(value)
            return text

    def float_(self, value):
        try:
            return self._float_cache[value]
        except KeyError:
            pass
        if value.free_symbols:
            out = None
        else:
            number = complex(value)
            out = number.real if number.imag == 0 else {"re": number.real, "im": number.imag}
        self._float_cache[value] = out
        return out

    def _print_Document(self, doc: Document) -> dict:
        data = {"operation": doc.kind if doc.kind != "closed" else doc.summary.get("operation", "convolve")}
        data["names"] = {a.role: a.name for a in doc.arrays}
        if doc.kind == "closed":
            from .json_closed import closed_data

            data.update(closed_data(self, doc))
        elif doc.kind == "circular":
            from .json_circular import circular_data

            data.update(circular_data(self, doc))
        elif doc.kind.startswith("conv_transpose"):
            from .json_transposed import transposed_data

            data.update(transposed_data(self, doc))
        elif doc.summary.get("layer"):
            from .json_layer import layer_data

            data.update(layer_data(self, doc))
        else:
            data.update(self._finite(doc))
        for step in doc.find(CheckStep):
            r = step.report
            data["check"] = {"ok": r.ok, "max_abs_error": r.max_abs_error, "tolerance": r.tolerance,
                             "reference": r.reference, "method": r.method,
                             "substitutions": {k: str(v) for k, v in r.substitutions}}
        return data

    def _finite(self, doc: Document) -> dict:
        s = doc.summary
        data: dict = {}
        for step in doc.steps:
            if isinstance(step, Definition):
                data["definition"] = self.text.layout(self.text._print(step)).strip()
        first, second = s.get("inputs")
        if doc.kind in ("convolve", "correlate"):
            data.update(mode=s.get("mode"), swapped_by_numpy=s.get("swapped"))
            (_, sa), (_, sb) = s.get("first"), s.get("second")
            data["inputs"] = {doc.arrays[0].name: {"start": sa, "values": [self.exact(v) for v in first]},
                              doc.arrays[1].name: {"start": sb, "values": [self.exact(v) for v in second]}}
        else:
            data["inputs"] = {doc.arrays[0].name: [[self.exact(v) for v in row] for row in first],
                              doc.arrays[1].name: [[self.exact(v) for v in row] for row in second]}
            data.update({k: v for k, v in s.facts if k in ("mode", "boundary", "swapped")})
            data["stride"], data["dilation"] = list(s.get("stride")), list(s.get("dilation"))
            padding = s.get("padding")
            data["padding"] = list(padding) if isinstance(padding, tuple) else padding
            if s.get("padding_mode") not in (None, "zeros"):
                data["padding_mode"] = s.get("padding_mode")
        outputs = doc.outputs
        if outputs:  # what the terms' index pairs point at: each side's samples, once
            data["factors"] = {side: self._strip(strip) for side, strip in
                               (("left", outputs[0].left), ("right", outputs[0].right))}
        data["outputs"] = [self._print(step) for step in doc.steps if isinstance(step, (Output, Elided))]
        out = doc.arrays[2].name
        if doc.kind in ("convolve", "correlate"):
            values = s.get("values")
            data["output"] = {"name": out, "start": s.get("output")[1], "values": [self.exact(v) for v in values],
                              "floats": [self.float_(v) for v in values]}
        else:
            rows, cols = s.get("output")
            flat = [o.value for o in outputs]
            grid = [flat[r * cols:(r + 1) * cols] for r in range(rows)] if len(flat) == rows * cols else []
            data["output"] = {"name": out, "shape": [rows, cols],
                              "values": [[self.exact(v) for v in row] for row in grid],
                              "floats": [[self.float_(v) for v in row] for row in grid]}
        if s.get("view") not in (None, "sum"):  # the table, the polynomial or the matrix
            from .json_views import view_data

            data.update(view_data(self, doc))
        if s.get("method"):  # overlap-add, overlap-save: the blocks instead of the direct sum's outputs
            from .json_blocks import blocks_data

            data.pop("factors", None)
            data.pop("outputs", None)
            data.update(blocks_data(self, doc))
        for step in doc.steps:
            if isinstance(step, Call):
                data["call"] = python_source(step)
            if isinstance(step, Flip):
                data["flip"] = [None if e is None else [e[0], self.exact(e[1])] for e in step.entries]
        return data

    def _strip(self, strip) -> dict:
        one = all(len(i) == 1 for i in strip.indices)
        return {"array": strip.array.name, "mark": strip.array.mark, "conjugated": strip.conjugated,
                "indices": [i[0] if one else list(i) for i in strip.indices],
                "values": [self.exact(v) for v in strip.values]}

    def _flat_indices(self, strip) -> list:
        """A strip's indices as JSON values (ints for 1D, [r, c] for 2D), built once."""
        cached = self._strip_cache.get(id(strip))
        if cached is None or cached[0] is not strip:
            one = all(len(i) == 1 for i in strip.indices)
            cached = self._strip_cache[id(strip)] = (strip, [i[0] if one else list(i) for i in strip.indices])
        return cached[1]

    def _value(self, value) -> tuple:
        """(exact, float, shown) of a value, computed once per distinct value."""
        try:
            return self._value_cache[value]
        except KeyError:
            out = self._value_cache[value] = (self.exact(value), self.float_(value), self.text.fmt(value).text)
            return out

    def _print_Output(self, out: Output) -> dict:
        left, right = self._flat_indices(out.left), self._flat_indices(out.right)
        ls, rs = out.left.step, out.right.step
        terms = []
        for l0, r0, count in out.segments:
            lstop, rstop = l0 + ls * count, r0 + rs * count
            terms.extend(map(list, zip(left[l0:lstop if lstop >= 0 else None:ls],
                                       right[r0:rstop if rstop >= 0 else None:rs])))
        exact, number, shown = self._value(out.value)
        return {"index": list(out.lhs.index), "terms": terms, "value": exact, "float": number, "shown": shown}

    def _print_Elided(self, step: Elided) -> dict:
        return {"elided": step.count}
