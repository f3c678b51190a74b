"""Rows of the transposed-convolution steps (`symconv.steps.transposed`): the output size, the
forward sizes that output padding chooses between, and the three views (zero insertion,
scatter stamps with the overlap counts, the transposed matrix and its product); and the
sentence prose gives."""

from __future__ import annotations

from ..steps.transposed import (ChannelRule, ForwardMatrix, ForwardSizes, KernelFlip, MatrixBlock, MatrixProduct,
                                Overlaps, ScatterRule, Skipped, StampAdd, TransposedSize, View, ZeroInsertion)
from ..steps import Array
from .rows import Row
from .rows_grid import _affine

__all__ = ["TransposedRows", "VIEW_TITLES"]

#: Each view's name and what it does, in words (``{x}``, ``{w}``, ``{y}``: the arrays' names).
VIEW_TITLES = {
    "zero-insertion": ("Zero insertion", "zeros between and around the samples of {x}, {w} flipped, then an "
                                         "ordinary convolution with stride 1"),
    "scatter": ("Scatter", "each sample of {x} adds a scaled copy of {w} to {y}; each output sums the copies "
                           "that reach it"),
    "matrix": ("Matrix", "the forward convolution's matrix, transposed, times {x}"),
}
_AXIS_WORDS = {"": "length", "h": "rows", "w": "columns"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _either(values, conjunction: str = "or") -> str:
    """``a, b or c`` (``conjunction`` ``"and"``: ``a, b and c``)."""
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + f" {conjunction} " + values[-1]


def _padding_words(before: int, after: int, a: int) -> str:
    def side(count: int, where: str) -> str:
        return f"{_plural(count, 'zero')} {where}" if count >= 0 else f"{-count} cropped {where}"

    extra = f", + a = {a} after" if a else ""
    return f"{side(before, 'before')}, {side(after, 'after')} (d(K - 1) - p = {before}{extra})"


class TransposedRows:
    """Mixin of `RowPrinter` for the steps of `symconv.steps.transposed`."""

    def _span(self, lo: int, hi: int) -> str:
        dots = self.dots()
        if lo == hi:
            return str(lo)
        return f"{lo} {dots} {hi}" if dots.isalpha() else f"{lo}{dots}{hi}"

    def _print_TransposedSize(self, step: TransposedSize) -> list:
        lhs = self.subscripted("o", step.axis)
        eq, dot = self.relation("eq"), self.product_separator("value")
        general = "(L - 1)s - 2p + d(K - 1) + a + 1"
        numbers = (f"({step.size} - 1){dot}{step.stride} - 2{dot}{step.padding}",
                   f"{step.dilation}{dot}({step.kernel} - 1)", f"{step.output_padding} + 1")
        x, w = (a.name for a in step.arrays)
        what = _AXIS_WORDS[step.axis]
        note = f"the output's {what}; L, K: the {what if step.axis else 'lengths'} of {x} and of {w}"
        if step.axis in ("", "h"):
            note += "; s: stride, p: padding, d: dilation, a: output_padding"
        narrow = self.settings.get("narrow")
        chunks = self.fit(list(numbers), narrow) if narrow else [list(numbers)]  # a phone: the sum wraps
        return [Row(lhs, ((eq, [[general]]), (eq, chunks), (eq, [[str(step.out)]])), self.text_note(note))]

    def _print_ForwardSizes(self, step: ForwardSizes) -> list:
        eq, dot = self.relation("eq"), self.product_separator("value")
        general = self.floor_frac("o + 2p - d(K - 1) - 1", "s") + " + 1"
        numbers = self.floor_frac(f"{step.out} + 2{dot}{step.padding} - {step.dilation}{dot}({step.kernel} - 1) - 1",
                                  str(step.stride)) + " + 1"
        sizes = [size for _, size in step.sizes]
        if step.forward_out != step.size:
            note = (f"output_padding a = {step.output_padding} is not below s = {step.stride} (torch allows it "
                    f"because a < d): the forward convolution of o = {step.out} has {step.forward_out} outputs; its "
                    f"matrix keeps the first L = {step.size}")
            return [Row("", (("", [[f"{general} {eq} {numbers} {eq} {step.forward_out}"]]),), self.text_note(note))]
        if len(sizes) > 1:
            note = (f"the forward convolution maps o = {_either(sizes)} back to L = {step.size} (the floor drops "
                    f"{_either(r for r, _ in step.sizes)}); output_padding a = {step.output_padding} picks "
                    f"o = {step.out}")
        else:
            note = f"the forward convolution (same K, s, p, d) maps only o = {step.out} back to L = {step.size}"
        return [Row(self.subscripted("L", step.axis), ((eq, [[general]]), (eq, [[numbers]]), (eq, [[str(step.size)]])),
                    self.text_note(note))]

    def _print_View(self, step: View) -> list:
        x, w, y = (a.name for a in self.document.arrays[:3])
        name, what = VIEW_TITLES[step.name]
        title = f"{step.number}. {name}" if step.number else name
        return [Row("", (("", [[self.words(title)]]),), self.text_note(what.format(x=x, w=w, y=y)))]

    def _print_ZeroInsertion(self, step: ZeroInsertion) -> list:
        axes = [("", 1)] if step.one_d else [("rows", 0), ("columns", 1)]
        parts = []
        for label, axis in axes:
            s = step.stride[axis]
            between = (f"{_plural(s - 1, 'zero')} between samples (s - 1)" if s > 1 else
                       "no zeros between samples (s = 1)")
            text = f"{between}, then {_padding_words(step.before[axis], step.after[axis], step.output_padding[axis])}"
            parts.append(f"{label}: {text}" if label else text)
        rows = self._matrix_of(step.rows, step.one_d, step.zeros)
        name = self.name(step.inserted)
        lhs = self.indexed(name, [str(i) for i in step.prefix]) if step.prefix else name
        first = not any(step.prefix)  # with channels, the first says how; the others are alike
        return [Row(lhs, (("=", [[rows]]),),
                    self.text_note(f"{step.array.name} with " + "; ".join(parts)) if first else "")]

    def _print_KernelFlip(self, step: KernelFlip) -> list:
        how = "reversed" if step.one_d else "rotated by 180 degrees"
        name = self.name(step.flipped)
        lhs = self.indexed(name, [str(i) for i in step.prefix]) if step.prefix else name
        which = f"[{', '.join(map(str, step.prefix))}]" if step.prefix else ""
        note = f"{step.kernel.name}{which} {how}"
        return [Row(lhs, (("=", [[self._matrix_of(step.rows, step.one_d)]]),),
                    self.text_note(note) if not any(step.prefix) else "")]

    def _print_ScatterRule(self, step: ScatterRule) -> list:
        Y, X, W = (self.name(a) for a in (step.output, step.input, step.kernel))
        axes = (1,) if step.one_d else (0, 1)
        if step.one_d:
            where = [_affine(step.stride[1], "i", step.dilation[1], "m", -step.padding[1])]
            factors = [self.indexed(X, ["i"]), self.indexed(W, ["m"])]
        else:
            where = [_affine(step.stride[a], v, step.dilation[a], t, -step.padding[a])
                     for a, (v, t) in zip(axes, (("i", "m"), ("j", "n")))]
            factors = [self.indexed(X, ["i", "j"]), self.indexed(W, ["m", "n"])]
        note = "for every sample of " + step.input.name + " and every tap of " + step.kernel.name
        if any(step.padding):
            limits = " and ".join(f"0…{o - 1}" for o in (step.out_shape[1:] if step.one_d else step.out_shape))
            note += f"; what lands outside {limits} is dropped (the padding crops)"
        return [Row(self.indexed(Y, where), (("add", [[self.product(factors, "index")]]),), self.text_note(note))]

    def _print_StampAdd(self, step: StampAdd) -> list:
        Y, W = self.name(step.output), self.name(step.kernel)
        axes = (1,) if step.one_d else (0, 1)
        kh, kw = len(step.rows), len(step.rows[0])
        sizes = (kh, kw)
        spans = [self._span(step.corner[a], step.corner[a] + step.dilation[a] * (sizes[a] - 1)) for a in axes]
        value = self.fmt(step.value)
        factor = value.text if value.atom else self.e_paren(value.text)
        kernel_name = self.indexed(W, [str(i) for i in step.kernel_index]) if step.kernel_index else W
        parts = [("add", [[self.product([self.ref(step.source), kernel_name], "index")]])]
        if step.one_d:
            kernel = self._matrix_of(step.kernel_rows, True)
            parts.append(("=", [[f"{factor}{self.product_separator('value')}{kernel}"]]))
        parts.append(("=", [[self._matrix_of(step.rows, step.one_d, step.outside)]]))
        notes = []
        spread = [(d, what) for d, what in zip(step.dilation, ("row", "column")) if d > 1]
        if step.one_d and step.dilation[1] > 1:
            notes.append(f"every {step.dilation[1]}{_nth(step.dilation[1])} position")
        elif not step.one_d and spread:
            notes.append(" and ".join(f"every {d}{_nth(d)} {what}" for d, what in spread))
        if step.outside:
            if step.one_d:
                lead = "".join(f"{i}, " for i in step.output_prefix)
                where = [f"{step.output.name}[{lead}{step.corner[1] + step.dilation[1] * n}]"
                         for _, n in sorted(step.outside)]
                verb = "lies" if len(where) == 1 else "lie"
                notes.append(f"{_either(where, 'and')} {verb} outside the output: dropped")
            else:
                notes.append(f"{len(step.outside)} of {kh * kw} land outside {step.output.name}: dropped (grey)")
        lhs = self.indexed(Y, [str(i) for i in step.output_prefix] + spans)
        return [Row(lhs, tuple(parts), self.text_note("; ".join(notes)) if notes else "")]

    def _print_Skipped(self, step: Skipped) -> list:
        return [Row("", (("", [[self.vdots()]]),), self.text_note(f"{step.count} more {step.what}"))]

    def _print_Overlaps(self, step: Overlaps) -> list:
        counts = self.matrix([[str(c) for c in row] for row in step.counts], frozenset(), step.one_d)
        axes = [("", 1)] if step.one_d else [("rows", 0), ("columns", 1)]
        said = []
        for label, axis in axes:
            pattern, k, s, d = step.pattern[axis], step.kernel[axis], step.stride[axis], step.dilation[axis]
            if len(set(pattern)) > 1:
                text = f"away from the edges the counts repeat every s = {s}: {', '.join(map(str, pattern))}"
                if d == 1:
                    text += f" (K = {k} is not a multiple of s = {s})"
                elif 0 in pattern:
                    text += " (the dilation leaves some outputs with none)"
            else:
                text = f"{pattern[0]} everywhere away from the edges"
                if d == 1 and s > 1:
                    text += f" (K = {k} is a multiple of s = {s})"
            said.append(f"{label}: {text}" if label else text)
        verdict = ("uneven: the checkerboard artifact of transposed convolution" if step.uneven else "even")
        note = f"how many stamps reach each output of {step.output.name}; " + "; ".join(said) + f"; {verdict}"
        return [Row(self.words("overlaps"), (("=", [[counts]]),), self.text_note(note))]

    def _print_ForwardMatrix(self, step: ForwardMatrix) -> list:
        C, CT, W = self.name(step.matrix), self.name(step.transposed), self.name(step.kernel)
        if step.one_d:
            lhs = self.indexed(C, ["r", _affine(step.stride[1], "r", step.dilation[1], "m", -step.padding[1])])
            tap = self.indexed(W, ["c", "o'", "m"] if step.channels else ["m"])
        else:
            rows = _affine(step.stride[0], "r", step.dilation[0], "m", -step.padding[0])
            cols = _affine(step.stride[1], "c", step.dilation[1], "n", -step.padding[1])
            lhs = self.indexed(C, [self.tuple_(["r", "c"]), self.tuple_([rows, cols])])
            tap = self.indexed(W, ["c", "o'", "m", "n"] if step.channels else ["m", "n"])
        L, o = step.shape
        note = (f"{step.matrix.name}: the {L}×{o} matrix of the forward convolution (same K, s, p, d) of an "
                f"input of {o} samples: row r holds the taps of output r's window, every other entry is 0")
        if not step.one_d:
            note += "; inputs and outputs flattened row by row (vec)"
        if step.channels:
            note += "; one such matrix per input channel c and output channel f' of its group"
        rows = [Row(lhs, (("=", [[tap]]),), self.text_note(note))]
        if step.channels:
            return rows
        if step.rows is not None:
            rows.append(Row(CT, (("=", [[self._matrix_of(step.rows, False, step.zeros)]]),),
                            self.text_note(f"{o}×{L}: {step.matrix.name} transposed; the grey zeros are no tap")))
        else:
            rows.append(Row(CT, (("=", [[self.words(f"a {o}×{L} matrix, too large to show entry by entry")]]),)))
        return rows

    def _print_MatrixBlock(self, step: MatrixBlock) -> list:
        name = self.name(step.transposed)
        lhs = self.indexed(name, [str(i) for i in step.label]) if step.label else name
        note = "" if any(step.label) else (f"{step.transposed.name}ᵀ[c, o']: the block of input channel c and output "
                                          f"channel f' of its group; the grey zeros are no tap")
        return [Row(lhs, (("=", [[self._matrix_of(step.rows, False, step.zeros)]]),),
                    self.text_note(note) if note else "")]

    def _print_ChannelRule(self, step: ChannelRule) -> list:
        Y, X, W, T = (self.name(a) for a in (step.output, step.input, step.kernel, step.partial))
        sep = self.product_separator("index")
        lead_out = [] if step.plain else (["n", "f"] if step.batched else ["f"])
        lead_in = [] if step.plain else (["n", "c"] if step.batched else ["c"])
        grouped = step.in_per_group < step.in_channels
        a, b = step.in_per_group, step.out_per_group
        o_local = "f" if not grouped else ("0" if b == 1 else f"f - {self.e_symbol('f', '0')}")
        w_lead = [] if step.plain else ["c", o_local]
        bias = f" + {self.indexed(self.name(step.bias), ['0' if step.plain else 'f'])}" if step.bias is not None else ""
        axes = [(1, "i", "m")] if step.one_d else [(0, "i", "m"), (1, "j", "n")]
        space_out = [v for _, v, _ in axes]
        taps = [t for _, _, t in axes]
        if grouped:
            group = "f" if b == 1 else f"⌊f/{b}⌋"
            first = group if a == 1 else f"{a}·{group}"
            channels = f"c over the {a} input channel{'s' if a != 1 else ''} of f's group, from {first}"
            if b > 1:
                channels += f"; f₀ = {b}·⌊f/{b}⌋, the group's first output channel"
        else:
            channels = f"c = 0…{step.in_channels - 1}, every input channel"
        rows = []
        if step.view == "zero-insertion":
            S = self.name(step.source)
            WF = self.array_name(Array(step.kernel.name, "weight", "flipped"))
            inner = [_affine(1, v, step.dilation[a], t, 0) for a, v, t in axes]
            body = (f"{self.sum_over(taps)} {self.indexed(S, lead_in + inner)}{sep}"
                    f"{self.indexed(WF, w_lead + taps)}")
            if step.plain:
                return [Row(self.indexed(Y, space_out), (("=", [[body + bias]]),))]
            rows.append(Row(self.indexed(T, ["c"]), (("=", [[body]]),),
                            self.text_note(f"input channel c's part of "
                                           f"{step.output.name}[{', '.join(lead_out + space_out)}]")))
            rows.append(Row(self.indexed(Y, lead_out + space_out), (("=", [[f"{self.sum_over(['c'])} "
                                                                             f"{self.indexed(T, ['c'])}{bias}"]]),),
                            self.text_note(channels)))
        elif step.view == "scatter":
            where = [_affine(step.stride[a], v, step.dilation[a], t, -step.padding[a]) for a, v, t in axes]
            product = self.product([self.indexed(X, lead_in + space_out), self.indexed(W, w_lead + taps)], "index")
            note = "for every sample and tap" + ("" if step.plain else f", {channels}")
            if step.bias is not None:
                note += f"; then {bias.strip(' +')} added to every output"
            rows.append(Row(self.indexed(Y, lead_out + where), (("add", [[product]]),), self.text_note(note)))
        else:
            CT = self.name(step.source)
            y_vec = self.e_function("vec", self.indexed(Y, lead_out) if lead_out else Y)
            x_vec = self.e_function("vec", self.indexed(X, lead_in) if lead_in else X)
            block = self.indexed(CT, ["c", o_local]) if not step.plain else CT
            body = (f"{self.sum_over(['c'])} " if not step.plain else "") + self.product([block, x_vec], "definition")
            rows.append(Row(y_vec, (("=", [[body + bias]]),), self.text_note(channels) if not step.plain else ""))
        return rows

    def _print_MatrixProduct(self, step: MatrixProduct) -> list:
        Y, CT, X = self.name(step.output), self.name(step.transposed), self.name(step.input)
        if step.summed:  # with channels or a bias: the values of one output plane, all summed
            if step.values is None:
                return []
            lhs = self.indexed(Y, [str(i) for i in step.prefix]) if step.prefix else Y
            cols = step.out_shape[1]
            grid = (tuple(step.values),) if step.one_d else tuple(
                tuple(step.values[r * cols:(r + 1) * cols]) for r in range(step.out_shape[0]))
            return [Row(lhs, (("=", [[self._matrix_of(grid, step.one_d)]]),))]
        if step.one_d:
            parts = [("=", [[self.product([CT, X], "definition")]])]
            if step.values is not None:
                parts.append(("=", [[self._matrix_of((step.values,), True)]]))
            return [Row(Y, tuple(parts))]
        product = self.product([CT, self.e_function("vec", X)], "definition")
        rows = [Row(self.e_function("vec", Y), (("=", [[product]]),))]
        if step.values is not None:
            cols = step.out_shape[1]
            grid = tuple(tuple(step.values[r * cols:(r + 1) * cols]) for r in range(step.out_shape[0]))
            rows.append(Row(Y, (("=", [[self._matrix_of(grid, False)]]),),
                            self.text_note(f"vec({step.output.name}) read back row by row")))
        return rows

    def transposed_prose(self, s, X: str, W: str, Y: str, B: str = "") -> list:
        """The sentences prose gives for a transposed convolution (``s``: the document's `Summary`)."""
        one_d, plain, spatial = s.get("one_d"), s.get("plain"), 1 if s.get("one_d") else 2

        def shown(pair):
            return pair[1] if one_d or pair[0] == pair[1] else tuple(pair)

        def shape(value, role: str = ""):
            plain_text = f"length {value[-1]}" if one_d and len(value) == 1 else "×".join(map(str, value))
            if len(value) <= spatial or plain:
                return plain_text
            space = f"length {value[-1]}" if one_d else "×".join(map(str, value[-2:]))
            if role == "weight":
                return f"{plain_text}: {value[0]} input × {value[1]} output channels of {space}"
            lead = f"a batch of {value[0]} × " if len(value) == spatial + 2 else ""
            count = value[-spatial - 1]
            return f"{plain_text}: {lead}{count} channel{'s' if count != 1 else ''} of {space}"

        out = s.get("output")
        out = out[1:] if one_d and plain else out
        groups = s.get("groups")
        extra = f", groups {groups}" if groups != 1 else ""
        lines = [f"`torch.nn.functional.{s.kind}` of {X} ({shape(s.get('input'))}) with {W} "
                 f"({shape(s.get('kernel'), 'weight')}){f' and bias {B}' if B else ''}, stride "
                 f"{shown(s.get('stride'))}, padding {shown(s.get('padding'))}, output_padding "
                 f"{shown(s.get('output_padding'))}, dilation {shown(s.get('dilation'))}{extra}: {Y} "
                 f"{'has' if one_d and plain else 'is'} {shape(out)}."]
        views = s.get("views")
        ways = {"zero-insertion": f"as an ordinary convolution of {X} with s − 1 zeros inserted between its samples "
                                  f"and {W} flipped",
                "scatter": f"as copies of {W}, each scaled by one sample of {X}, stamped s apart and added",
                "matrix": f"as the transpose of the forward convolution's matrix times {X}"}
        if len(views) > 1:
            lines.append("A transposed convolution spreads each input sample over the output. It is derived "
                         f"{len(views)} ways, which give the same exact values: "
                         + "; ".join(ways[v] for v in views) + ".")
        else:
            lines.append(f"A transposed convolution spreads each input sample over the output; here {ways[views[0]]}.")
        if not plain:
            reads = "every input channel" if groups == 1 else f"the input channels of its group ({groups} groups)"
            lines.append(f"Each output channel f adds up, over {reads}, the transposed convolution of channel c with "
                         f"the weight slice {W}[c, f′] (the weight's first axis is the input channel)"
                         + (f", then adds {B}[f]." if B else "."))
        elif B:
            lines.append(f"The bias {B} is added to every output.")
        if s.get("uneven"):
            lines.append("Away from the edges some outputs receive more stamps than their neighbours: the "
                         "checkerboard pattern of transposed convolutions.")
        return lines


def _nth(number: int) -> str:
    return "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
