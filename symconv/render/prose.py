"""Prose: sentences that say what a derivation does, in the text notation (Markdown, HTML).

Code (modes, library calls) is marked with backticks, which Markdown and the site's HTML turn
into code spans; everything else is the same Unicode notation as `symconv.render.text`.
"""

from __future__ import annotations

import re

from ..steps import Document, Summary
from .text import TextPrinter, subscript

__all__ = ["ProsePrinter", "typeset_minus"]

_CODE_OR_MINUS = re.compile(r"(`[^`]*`)|(?<=[\s(\[{=,;|])-(?=[\w(\[√∞])|^-(?=[\w(])|(?<=\w)-(?=\d)|(?<=\s)-(?=\s)")


_PADDED = {"zeros": "zero-padded", "reflect": "padded with its mirror image (`padding_mode='reflect'`)",
           "replicate": "padded with its edge samples (`padding_mode='replicate'`)",
           "circular": "padded by wrapping it around (`padding_mode='circular'`)"}


def typeset_minus(text: str) -> str:
    """``text`` with the minus signs of its mathematics as ``−`` (U+2212); code in backticks and
    hyphenated words (``non-zero``) are left alone.

    Examples
    --------
    >>> typeset_minus("y[n] = h[n - m] for n-1 ≥ -2, a non-zero `b[::-1]`")
    'y[n] = h[n − m] for n−1 ≥ −2, a non-zero `b[::-1]`'
    """
    return _CODE_OR_MINUS.sub(lambda m: m.group(1) or "−", text)


def _span(start: int, count: int) -> str:
    return f"index {start}" if count == 1 else f"indices {start}…{start + count - 1}"


def _shape(shape, one_d: bool) -> str:
    return f"length {shape[1]}" if one_d else "×".join(map(str, shape))


def _tensor(shape: tuple, one_d: bool, batched: bool, role: str, plain_output: bool = False) -> str:
    """A layer tensor's shape with what its axes are: ``2×3: 2 channels of length 3``."""
    spatial = 1 if one_d else 2
    plain = "×".join(map(str, shape))
    if len(shape) == spatial or (one_d and role == "output" and not batched and shape[0] == 1 and len(shape) == 2
                                 and plain_output):
        return f"length {shape[-1]}" if one_d else plain
    space = f"length {shape[-1]}" if one_d else "×".join(map(str, shape[-2:]))
    if role == "kernel":
        return f"{plain}: {shape[0]} output × {shape[1]} input channels of {space}"
    lead = f"batch of {shape[0]} × " if batched else ""
    count = shape[-spatial - 1]
    return f"{plain}: {lead}{count} channel{'s' if count != 1 else ''} of {space}"


class ProsePrinter(TextPrinter):
    """``doprint(doc)`` gives one paragraph describing the derivation."""

    def sum_over(self, variables: list) -> str:
        small = subscript("".join(variables))
        return "Σ" + small if small else super().sum_over(variables)

    def _print_Document(self, doc: Document) -> str:
        return typeset_minus(" ".join(self._print(doc.summary, doc)))

    def _print_Summary(self, s: Summary, doc: Document) -> list:
        if s.kind in ("convolve", "correlate"):
            names = [self.name(a) for a in doc.arrays]
            return self._oned(s, *names) + self.view_prose(s, *names) + self.block_prose(s, *names)
        if s.kind == "circular":
            return self.circular_prose(s, *(self.name(a) for a in doc.arrays))
        if s.kind.startswith("conv_transpose"):
            return self.transposed_prose(s, *(self.name(a) for a in doc.arrays))
        if s.kind == "closed":
            return self._closed(s, doc)
        if s.get("layer"):
            return self._layer(s, *(self.name(a) for a in doc.arrays))
        return self._grid(s, *(self.name(a) for a in doc.arrays))

    def _layer(self, s: Summary, X: str, K: str, Y: str, B: str = "") -> list:
        one_d = s.get("one_d")
        stride, dilation = s.get("stride"), s.get("dilation")
        stride = stride[1] if one_d or stride[0] == stride[1] else stride
        dilation = dilation[1] if one_d or dilation[0] == dilation[1] else dilation
        padding = s.get("padding")
        padding = f"'{padding}'" if isinstance(padding, str) else padding
        groups = s.get("groups")
        shape, kshape, out = (_tensor(s.get(k), one_d, s.get("batched"), k, s.get("plain"))
                              for k in ("input", "kernel", "output"))
        extra = f", groups {groups}" if groups != 1 else ""
        framework = s.get("framework") or "torch"
        function = {"torch": f"torch.nn.functional.{s.kind}", "tensorflow": f"tf.nn.{s.kind}",
                    "jax": "jax.lax.conv_general_dilated"}[framework]
        lines = [f"`{function}` of {X} ({shape}) with {K} ({kshape})"
                 f"{f' and bias {B}' if B else ''}, stride {stride}, padding {padding}, dilation {dilation}"
                 f"{extra}: {Y} {'has' if out.startswith('length') else 'is'} {out}."]
        if framework != "torch" and isinstance(s.get("padding"), str) and s.get("padding").upper() != "VALID":
            who = "TensorFlow" if framework == "tensorflow" else "JAX"
            lower = s.get("padding").upper() == "SAME_LOWER"
            lines.append(f"{who}'s `'{s.get('padding').upper()}'` gives ⌈L/s⌉ outputs for any stride and pads what "
                         f"they need, the {'larger' if lower else 'smaller'} half before (torch's `'same'` takes "
                         f"stride 1 only).")
        if s.get("plain"):
            lines.append(f"A deep-learning convolution is a cross-correlation: {K} is not flipped"
                         + ("; the bias is added to every output." if B else "."))
            return lines
        lead = "batch n, " if s.get("batched") else ""
        if groups == 1:
            reads = "every input channel"
        elif s.get("depthwise"):
            reads = "only its own input channel (depthwise)"
        else:
            reads = f"only the input channels of its group ({groups} groups)"
        bias = f" and its bias {self.indexed(B, ['f'])}" if B else ""
        lines.append(f"Each output channel f ({lead}at each position) reads {reads}: it cross-correlates "
                     f"each such channel of {X} with its slice of {K} (not flipped), adds them"
                     f"{bias}.")
        if s.get("padding_mode") not in (None, "zeros") or any(s.get("pads") or ()):
            lines.append(f"Every input channel is {_PADDED[s.get('padding_mode') or 'zeros']} first.")
        return lines

    def _oned(self, s: Summary, A: str, B: str, C: str) -> list:
        (na, sa), (nb, sb), (nc, sc), (nf, sf) = s.get("first"), s.get("second"), s.get("output"), s.get("full")
        op = "Convolution" if s.kind == "convolve" else "Cross-correlation"
        mode = s.get("mode")
        lines = [f"{op} of {A} ({na} samples, {_span(sa, na)}) and {B} ({nb} samples, {_span(sb, nb)}), "
                 f"mode `'{mode}'`: {C} has {nc} samples at {_span(sc, nc)}."]
        if s.kind == "convolve":
            lines.append(f"Each {self.indexed(C, ['n'])} flips {B} to {self.indexed(B, ['-m'])}, shifts it "
                         f"right by n, multiplies it with {self.indexed(A, ['m'])} sample by sample and adds "
                         f"the products.")
        else:
            conj = " conjugated" if s.get("conjugate") else ""
            lines.append(f"Each {self.indexed(C, ['k'])} slides {B}{conj} (not flipped) by the lag k along "
                         f"{A}, multiplies and adds; that is a convolution of {A} with {B} reversed{conj}.")
        if mode != "full":
            kept = "the central" if mode == "same" else "only the fully overlapping"
            lines.append(f"The full result has {nf} samples ({_span(sf, nf)}); `'{mode}'` keeps {kept} {nc}.")
        if s.get("swapped"):
            lines.append(f"{B} is longer than {A}, so NumPy swaps the arguments internally; "
                         + ("convolution is commutative, so only the kept window depends on it."
                            if s.kind == "convolve" else
                            "it correlates them the other way round and reverses the result, which gives "
                            "the same lags."))
        return lines

    def _grid(self, s: Summary, X: str, K: str, Y: str) -> list:
        one_d = s.get("one_d")
        shape, kshape = _shape(s.get("input"), one_d), _shape(s.get("kernel"), one_d)
        out = _shape(s.get("output"), one_d)
        if s.kind in ("convolve2d", "correlate2d"):
            boundary = "" if s.get("mode") == "valid" else f", boundary `'{s.get('boundary')}'`"  # valid reads no edge
            lines = [f"`scipy.signal.{s.kind}` of {X} ({shape}) with {K} ({kshape}), mode `'{s.get('mode')}'`"
                     f"{boundary}: {Y} is {out}."]
            if s.kind == "convolve2d":
                lines.append(f"Convolution rotates {K} by 180 degrees and slides it over {X}; each output "
                             f"cell is the sum of the products under the window.")
            else:
                lines.append(f"Correlation slides {K} over {X} as it is (no rotation); each output cell is "
                             f"the sum of the products under the window.")
            if s.get("swapped"):
                lines.append(f"{K} is larger than {X} in every dimension, so scipy swaps the inputs in "
                             f"`'valid'` mode.")
            return lines
        stride, dilation = s.get("stride"), s.get("dilation")
        stride = stride[1] if one_d or stride[0] == stride[1] else stride
        dilation = dilation[1] if one_d or dilation[0] == dilation[1] else dilation
        padding = s.get("padding")
        padding = f"'{padding}'" if isinstance(padding, str) else padding
        return [f"`torch.nn.functional.{s.kind}` of {X} ({shape}) with {K} ({kshape}), stride {stride}, "
                f"padding {padding}, dilation {dilation}: {Y} is {out}.",
                f"A deep-learning convolution is a cross-correlation: {K} is not flipped. The input is "
                f"{_PADDED[s.get('padding_mode') or 'zeros']}, the kernel's taps are spaced by the dilation and the "
                f"window moves by the stride."]

    def _closed(self, s: Summary, doc: Document) -> list:
        from ..steps.shape import rebase

        X, H, Y = (self.name(a) for a in doc.arrays)
        n, m = s.get("variables")
        nx, mx = self.expr(n), self.expr(m)
        x = self.expr(rebase(s.get("first"), doc.bases))
        h = self.expr(rebase(s.get("second"), doc.bases))
        sep = self.product_separator("value")
        if s.get("operation") == "correlate":  # n is the lag k, m the summation index n
            right = self.indexed(H, [mx])
            return [f"Cross-correlation of {self.indexed(X, [mx])} = {x} "
                    f"with {self.indexed(H, [mx])} = {h}: {self.indexed(Y, [nx])} = {self.sum_over([mx])} "
                    f"{self.indexed(X, [self.index(m + n)])}{sep}{self.conjugated(right) if s.get('conjugate') else right}, "
                    f"the value numpy.correlate({X}, {H}, 'full') has at lag {nx}.",
                    f"It is the convolution of {X} with {H} reversed; the unit steps decide where each factor is "
                    f"non-zero as a function of {mx} and {nx}, which turns the infinite sum into finite sums with "
                    f"limits that depend on {nx}; the result holds for every integer lag {nx}."]
        return [f"Convolution of {self.indexed(X, [nx])} = {x} with {self.indexed(H, [nx])} = {h}: "
                f"{self.indexed(Y, [nx])} = {self.sum_over([mx])} {self.indexed(X, [mx])}{sep}"
                f"{self.indexed(H, [self.index(n - m)])}.",
                "The unit steps decide where each factor is non-zero, which turns the infinite sum into "
                f"finite sums with limits that depend on {nx}; the result holds for every integer {nx}."]


