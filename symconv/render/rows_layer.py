"""Rows of a multi-channel layer's steps: the tensors slice by slice, which channels meet, the
defining sums over channels, and per output cell one row per input channel then the total."""

from __future__ import annotations

from ..steps import ChannelSum, Channels, LayerSum, SamePadding, Slices
from .rows import Row
from .rows_grid import _affine

__all__ = ["LayerRows"]


def _shape(shape: tuple) -> str:
    return "×".join(map(str, shape))


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


class LayerRows:
    """Mixin of `RowPrinter` for the steps of `symconv.steps.layer`."""

    def _words_rows(self, text: str) -> list:
        """A sentence as remark rows: one row, or on a phone rows broken between words."""
        narrow = self.settings.get("narrow")
        lines = [text]
        if narrow:
            lines, current = [], ""
            for word in text.split():
                if current and len(current) + 1 + len(word) > narrow + 8:
                    lines.append(current)
                    current = word
                else:
                    current = f"{current} {word}" if current else word
            lines.append(current)
        return [Row("", (("", [[self.words(line)]]),)) for line in lines]

    def _print_Slices(self, step: Slices) -> list:
        name = self.name(step.array)
        fmt = self.fmt
        rows = []
        for prefix, block in zip(step.prefixes, step.slices):
            lhs = self.indexed(name, [str(i) for i in prefix]) if prefix else name
            shown = self.matrix([[fmt(v).text for v in row] for row in block], frozenset(), step.one_d)
            rows.append(Row(lhs, (("=", [[shown]]),)))
        if len(step.shape) > (1 if step.one_d else 2):
            rows[0] = rows[0]._replace(note=self.text_note(f"shape {_shape(step.shape)}"))
        return rows

    def _print_Channels(self, step: Channels) -> list:
        X, W, Y = (self.name(a) for a in step.arrays)
        shapes = [(X, step.input_shape), (W, step.weight_shape), (Y, step.output_shape)]
        if self.settings.get("narrow"):  # a phone: one array a row
            rows = [Row("", (("", [[f"{self.words('shape of ')}{name}{self.words(': ' + _shape(shape))}"]]),))
                    for name, shape in shapes]
        else:
            text = self.words("shapes: ") + self.words(", ").join(
                f"{name}{self.words(' ' + _shape(shape))}" for name, shape in shapes)
            rows = [Row("", (("", [[text]]),))]
        if step.groups > 1:
            a, b = step.in_per_group, step.out_per_group
            if a == 1 and b == 1:
                words = "depthwise: output channel f reads input channel f only"
            else:
                def channels(lo: int, count: int) -> str:
                    return f"channel {lo}" if count == 1 else f"channels {_span(lo, lo + count - 1)}"

                shown = [f"output {channels(g * b, b)} read{'s' if b == 1 else ''} input {channels(g * a, a)}"
                         for g in range(min(step.groups, 3))]
                if step.groups > 3:
                    shown.append("…")
                if self.settings.get("narrow"):  # a phone: a group a row
                    rows.append(Row("", (("", [[self.words(f"groups = {step.groups}:")]]),)))
                    for line in shown:
                        rows.extend(self._words_rows(line))
                    return rows
                words = f"groups = {step.groups}: " + "; ".join(shown)
            rows.extend(self._words_rows(words))
        return rows

    def _print_SamePadding(self, step: SamePadding) -> list:
        who = {"tensorflow": "TensorFlow's", "jax": "JAX's"}[step.framework]
        word = "SAME_LOWER" if step.lower else "SAME"
        lhs = self.subscripted("o", step.axis)
        eq, dot = self.relation("eq"), self.product_separator("value")
        size = {"h": "rows", "w": "columns", "": "length"}[step.axis]
        rows = [Row(lhs, ((eq, [[self.ceil_frac("L", "s")]]), (eq, [[self.ceil_frac(str(step.size), str(step.stride))]]),
                          (eq, [[str(step.out)]])),
                    self.text_note(f"{who} {word}: ⌈L/s⌉ outputs along the {size}, whatever the kernel"))]
        total = step.before + step.after
        general_terms = [f"max(0, ({lhs} - 1)s", "d(K - 1)", "1 - L)"]
        terms = [f"max(0, ({step.out} - 1){dot}{step.stride}", f"{step.dilation}{dot}({step.kernel} - 1)",
                 f"1 - {step.size})"]
        narrow = self.settings.get("narrow")
        numbers = self.fit(terms, narrow) if narrow else [terms]  # a phone: the sum wraps
        numbers = [[self._max_open(t) for t in chunk] for chunk in numbers]
        general = self.fit(general_terms, narrow) if narrow else [general_terms]
        general = [[self._max_open(t) for t in chunk] for chunk in general]
        half = "the larger half before" if step.lower else "the smaller half before"
        rows.append(Row("p + q", ((eq, general), (eq, numbers), (eq, [[str(total)]])),
                        self.text_note(f"zeros to pad: p = {step.before} before, q = {step.after} after, {half}")))
        return rows

    def _max_open(self, term: str) -> str:
        """``max(0, ...`` as the format writes the function name (its parentheses span chunks)."""
        return term.replace("max(", self.e_function("max", "\x00").split("\x00")[0], 1) if term.startswith("max(") \
            else term

    def _print_LayerSum(self, step: LayerSum) -> list:
        """``t[c] = Σ x_p[n, c, ...]·w[f, c - c₀, ...]`` and ``y[n, f, ...] = Σ_c t[c] + b[f]``: ``f``
        is the output channel (one filter; ``o`` is the output's size), ``c₀`` the first input
        channel of its group."""
        w = step.window
        S, K, Y, P = (self.name(a) for a in (w.source, w.kernel, w.output, step.partial))
        sep, dot = self.product_separator("index"), self.product_separator("value")
        (r0, c0), (sr, sc), (dr, dc) = w.origin, w.stride, w.dilation
        if w.one_d:
            space_out, space_in, space_k, over = ["i"], [_affine(sc, "i", dc, "m", c0)], ["m"], ["m"]
        else:
            space_out = ["i", "j"]
            space_in = [_affine(sr, "i", dr, "m", r0), _affine(sc, "j", dc, "n", c0)]
            space_k, over = ["m", "n"], ["m", "n"]
        grouped = step.in_per_group < step.in_channels
        a, b = step.in_per_group, step.out_per_group
        first = self.subscripted("c", "0")
        group_of = "f" if b == 1 else self.floor_frac("f", str(b))
        start = group_of if a == 1 else f"{a}{dot}{group_of}"
        start_words = ("f" if b == 1 else f"⌊f/{b}⌋") if a == 1 else (f"{a}·f" if b == 1 else f"{a}·⌊f/{b}⌋")
        lead_out = [] if step.plain else (["n", "f"] if step.batched else ["f"])
        narrow = self.settings.get("narrow")
        bias = ""
        if step.bias is not None:
            bias = f" + {self.indexed(self.name(step.bias), ['f' if not step.plain else '0'])}"
        lhs = self.indexed(Y, lead_out + space_out)
        if a == 1:  # one input channel per output channel: no sum over channels
            channel = "0" if not grouped else start
            lead_in = [] if step.plain else (["n", channel] if step.batched else [channel])
            source = f"{self.sum_over(over)} {self.indexed(S, lead_in + space_in)}"
            weight = self.indexed(K, ([] if step.plain else ["f", "0"]) + space_k)
            if step.plain:
                note = "one channel"
            elif not grouped:
                note = "one input channel: every output channel f reads it"
            elif b == 1:
                note = "depthwise: output channel f reads input channel f only"
            else:
                note = f"output channel f reads input channel {start_words}, the one of its group"
            if narrow and not step.plain:  # a phone: the weight on a line of its own
                return [Row(lhs, (("=", [[source]]), ("", [[f"{dot} {weight}{bias}"]]))),
                        *self._words_rows(f"({note})")]
            return [Row(lhs, (("=", [[f"{source}{sep}{weight}{bias}"]]),),
                        self.text_note(note) if not step.plain or bias else "")]
        local = f"c - {first}" if grouped else "c"
        lead_in = ["n", "c"] if step.batched else ["c"]
        source = f"{self.sum_over(over)} {self.indexed(S, lead_in + space_in)}"
        weight = self.indexed(K, ["f", local] + space_k)
        what = f"input channel c's part of {Y}[{', '.join(lead_out + space_out)}]"
        if grouped:
            what += f"; c₀ = {start_words}, the first input channel of f's group"
        if narrow:  # a phone: the weight on a line of its own
            parts = (("=", [[source]]), ("", [[f"{dot} {weight}"]]))
        else:
            parts = (("=", [[f"{source}{sep}{weight}"]]),)
        rows = [Row(self.indexed(P, ["c"]), parts, self.text_note(what))]
        total = f"{self.sum_over(['c'])} {self.indexed(P, ['c'])}{bias}"
        if grouped:
            note = f"f: the output channel; c runs over the {a} input channels of its group, c₀ to c₀ + {a - 1}"
        else:
            note = f"f: the output channel; c = 0…{step.in_channels - 1}, every input channel"
        rows.append(Row(lhs, (("=", [[total]]),), self.text_note(note)))
        return rows

    def _print_ChannelSum(self, step: ChannelSum) -> list:
        paren = self.e_paren

        def shown(value):
            printed = self.fmt(value)
            return (printed.text if printed.atom else paren(printed.text)), printed.exact

        if len(step.parts) == 1:  # one channel: the window sum is the output (plus the bias)
            row = self._print_Output(step.parts[0])[0]
            lhs = self._lhs(step.lhs)
            if step.bias is None:
                return [row._replace(lhs=lhs)]
            value = self.fmt(step.value)
            bias, bias_exact = shown(step.bias.value)
            if len(row.parts) == 1:  # every product outside: the sum is 0
                return [Row(lhs, (("=", [[self._lhs(step.bias.ref)]]), ("=", [[value.text]])))]
            (r1, index), (r2, products), _ = row.parts
            index = tuple(index[:-1]) + (tuple(index[-1]) + (self._lhs(step.bias.ref),),)
            products = tuple(products[:-1]) + (tuple(products[-1]) + (bias,),)
            exact = r2 == "=" and bias_exact
            return [Row(lhs, ((r1, index), ("=" if exact else "approx", products),
                              ("=" if exact and value.exact else "approx", [[value.text]])))]
        rows = []
        names, values, exact = [], [], True
        shared = self._shared
        for part in step.parts:
            if id(part.lhs) not in shared:  # s[c]: one Ref for every cell
                shared[id(part.lhs)] = (part.lhs, self._lhs(part.lhs))
            rows.extend(self._print_Output(part))
            names.append(self._lhs(part.lhs))
            text, ok = shown(part.value)
            values.append(text)
            exact = exact and ok
        if step.bias is not None:
            names.append(self._lhs(step.bias.ref))
            text, ok = shown(step.bias.value)
            values.append(text)
            exact = exact and ok
        value = self.fmt(step.value)
        parts = (("=", (tuple(names),)), ("=" if exact else "approx", (tuple(values),)),
                 ("=" if exact and value.exact else "approx", ((value.text,),)))
        rows.append(Row(self._lhs(step.lhs), parts))
        return rows
