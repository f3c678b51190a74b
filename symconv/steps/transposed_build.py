"""The document of a transposed convolution: the inputs, the output size and the forward sizes,
then each view shown. One channel: every output an `Output`. Channels (or a bias): every
output cell a `ChannelSum` of one `Output` per input channel of its group, plus the bias, in
each view."""

from __future__ import annotations

from ..limits import DEFAULT_LIMITS
from ..model.transposed import TransposedExpansion
from .base import Array, CheckStep, Document, Factor, Output, Ref, Summary
from .finite import elide
from .grid import Operand, WindowSum
from .layer import ChannelSum, Channels, Slices
from .transposed import (MAX_PRODUCT, VIEWS, ChannelRule, ForwardMatrix, ForwardSizes, MatrixBlock, MatrixProduct,
                         ScatterRule, TransposedSize, View, call_transposed, matrix_name)
from .transposed_views import (band_strips, cap, index, insertion_cells, insertion_strips, kernel_flip, overlaps,
                               scatter_cells, scatter_strips, stamps, transposed_rows, zero_insertion)

__all__ = ["build_transposed"]


def _sizes(g, one_d: bool, X: Array, W: Array) -> list:
    axes = [("", 1)] if one_d else [("h", 0), ("w", 1)]
    steps: list = []
    for label, axis in axes:
        n, k, s, p, d, a = (g.in_shape[axis], g.kernel_shape[axis], g.stride[axis], g.padding[axis],
                            g.dilation[axis], g.output_padding[axis])
        steps.append(TransposedSize(label, n, k, s, p, d, a, g.out_shape[axis], (X, W)))
    for label, axis in axes:
        n, k, s, p, d, a = (g.in_shape[axis], g.kernel_shape[axis], g.stride[axis], g.padding[axis],
                            g.dilation[axis], g.output_padding[axis])
        o = g.out_shape[axis]
        steps.append(ForwardSizes(label, n, k, s, p, d, a, o, g.forward[axis], (o + 2 * p - d * (k - 1) - 1) // s + 1))
    return steps


def _plain(e: TransposedExpansion, X: Array, W: Array, Y: Array, name: str, views: tuple, options,
           limits) -> list:
    """One channel: the views with an `Output` per output cell."""
    g, one_d, plane = e.geometry, e.one_d, e.planes[0]
    steps: list = []
    if options.definition:
        steps += [Operand(X, plane.x.rows, one_d), Operand(W, plane.w.rows, one_d)] + _sizes(g, one_d, X, W)
    cols = g.out_shape[1]

    def outputs(left, right, cells) -> list:
        return elide([Output(Ref(Y, index(one_d, k // cols, k % cols)), left, right, segs, value)
                      for k, (segs, value) in enumerate(cells)], options.elide)

    for number, view in enumerate(views, 1):
        steps.append(View(view, number if len(views) > 1 else 0))
        if view == "zero-insertion":
            XZ, WF = Array(X.name, "input", "zero-inserted"), Array(W.name, "weight", "flipped")
            steps.append(zero_insertion(plane, g, one_d, X, XZ))
            if options.flip:
                steps.append(kernel_flip(plane, one_d, W, WF))
            if options.definition:
                steps.append(WindowSum(Y, XZ, WF, (0, 0), (1, 1), g.dilation, one_d))
            steps += outputs(*insertion_strips(plane, g, one_d, XZ, WF), insertion_cells(plane))
        elif view == "scatter":
            if options.definition:
                steps.append(ScatterRule(Y, X, W, g.stride, g.padding, g.dilation, g.out_shape, one_d))
            steps += cap(stamps(plane, g, one_d, X, W, Y), options.elide, "stamps")
            steps.append(overlaps(g, one_d, Y))
            steps += outputs(*scatter_strips(plane, g, one_d, X, W), scatter_cells(plane))
        else:
            C, CT = Array(name, "matrix"), Array(name, "matrix", "transposed")
            rows, zeros = transposed_rows(plane, g)
            steps.append(ForwardMatrix(C, CT, W, g.stride, g.padding, g.dilation, (g.in_cells, g.cells), g.in_shape,
                                       g.out_shape, rows, zeros, one_d))
            product = plane.matrix_values if g.cells <= MAX_PRODUCT else None
            steps.append(MatrixProduct(Y, CT, X, product, g.out_shape, one_d))
            if len(views) == 1:  # alone, the matrix view writes each row's dot product
                left, right, segments = band_strips(plane, g, one_d, CT, X, full=options.zeros, limits=limits,
                                                    what=e.kind)
                steps += outputs(left, right, zip(segments, plane.matrix_values))
    return steps


def _slices(e: TransposedExpansion, X: Array, W: Array, Y: Array, B: Array | None) -> list:
    """The tensors slice by slice (and which channels meet, with channels)."""
    spatial = e.spatial

    def prefixes(shape: tuple) -> tuple:
        out = [()]
        for size in shape[:len(shape) - spatial]:
            out = [p + (i,) for p in out for i in range(size)]
        return tuple(out)

    def x_slice(prefix: tuple):
        n, c = (0, prefix[0]) if len(prefix) == 1 else e.prefix_of(prefix)
        return e.plane(n, (c // e.in_per_group) * e.out_per_group, c % e.in_per_group).x.rows

    def w_slice(prefix: tuple):
        if not prefix:
            return e.planes[0].w.rows
        c, local = prefix
        return e.plane(0, (c // e.in_per_group) * e.out_per_group + local, c % e.in_per_group).w.rows

    x_prefixes, w_prefixes = prefixes(e.input_shape), prefixes(e.weight_shape)
    steps: list = [Slices(X, e.input_shape, x_prefixes, tuple(x_slice(p) for p in x_prefixes), e.one_d),
                   Slices(W, e.weight_shape, w_prefixes, tuple(w_slice(p) for p in w_prefixes), e.one_d)]
    if B is not None:
        steps.append(Slices(B, (len(e.bias),), ((),), ((tuple(e.bias),),), True))
    if not e.plain:
        steps.append(Channels(e.input_shape, e.weight_shape, e.out_shape, e.groups, e.in_per_group,
                              e.out_per_group, e.batched, (X, W, Y)))
    return steps


class _Channels:
    """The views of a transposed convolution with channels (or a plain input with a bias): every
    output cell a `ChannelSum` of one `Output` per input channel of its group, and the bias."""

    def __init__(self, e: TransposedExpansion, X: Array, W: Array, Y: Array, B, T: Array, options, limits):
        self.e, self.g, self.one_d = e, e.geometry, e.one_d
        self.X, self.W, self.Y, self.B, self.T = X, W, Y, B, T
        self.options, self.limits = options, limits
        # one plane holding each (batch, input channel) and each weight slice (input channel,
        # output channel of its group): a channel's strip is built, and printed, once
        self.readers, self.slices = {}, {}
        for n in range(e.batch):
            for o in range(e.out_channels):
                for local in range(e.in_per_group):
                    c = e.channel(o, local)
                    self.readers.setdefault((n, c), e.plane(n, o, local))
                    self.slices.setdefault((c, o % e.out_per_group), e.plane(n, o, local))

    def x_pre(self, n: int, c: int) -> tuple:
        e = self.e
        return () if e.plain else ((n, c) if e.batched else (c,))

    def w_pre(self, c: int, local: int) -> tuple:
        return () if self.e.plain else (c, local)

    def rule(self, view: str, source: Array) -> ChannelRule:
        e, g = self.e, self.g
        return ChannelRule(view, self.Y, self.X, self.W, self.T, self.B, source, g.stride, g.padding, g.dilation,
                           self.one_d, e.batched, e.plain, e.in_channels, e.in_per_group, e.out_per_group)

    def sums(self, strips, cells_of) -> list:
        """One `ChannelSum` per output cell; ``strips(plane, n, c, o')`` gives a part's strips,
        ``cells_of(plane)`` its cells' segments and values."""
        e, cols, out = self.e, self.g.out_shape[1], []
        for p, prefix in enumerate(e.out_prefixes):
            n, o = e.prefix_of(prefix)
            bias = Factor(Ref(self.B, (o,)), e.bias[o]) if self.B is not None else None
            parts = []
            for local in range(e.in_per_group):
                plane, c = e.plane(n, o, local), e.channel(o, local)
                left, right = strips(plane, n, c, o % e.out_per_group)
                parts.append([Output(Ref(self.T, (c,)), left, right, segs, value) for segs, value in cells_of(plane)])
            for k, total in enumerate(e.cell_values[p]):
                out.append(ChannelSum(Ref(self.Y, prefix + index(self.one_d, k // cols, k % cols)),
                                      tuple(part[k] for part in parts), bias, total))
        return elide(out, self.options.elide)

    def zero_insertion(self) -> list:
        g, one_d, X, W = self.g, self.one_d, self.X, self.W
        XZ, WF = Array(X.name, "input", "zero-inserted"), Array(W.name, "weight", "flipped")
        steps = [zero_insertion(plane, g, one_d, X, XZ, self.x_pre(n, c))
                 for (n, c), plane in sorted(self.readers.items())]
        if self.options.flip:
            steps += [kernel_flip(plane, one_d, W, WF, self.w_pre(c, local))
                      for (c, local), plane in sorted(self.slices.items())]
        if self.options.definition:
            steps.append(self.rule("zero-insertion", XZ))
        lefts = {key: insertion_strips(plane, g, one_d, XZ, WF, self.x_pre(*key))[0]
                 for key, plane in self.readers.items()}
        rights = {key: insertion_strips(plane, g, one_d, XZ, WF, (), self.w_pre(*key))[1]
                  for key, plane in self.slices.items()}
        return steps + self.sums(lambda plane, n, c, local: (lefts[n, c], rights[c, local]), insertion_cells)

    def scatter(self) -> list:
        e, g, one_d, X, W = self.e, self.g, self.one_d, self.X, self.W
        steps = [self.rule("scatter", X)] if self.options.definition else []
        placed = []
        for n in range(e.batch):
            for c in range(e.in_channels):
                for local_out in range(e.out_per_group):
                    o = (c // e.in_per_group) * e.out_per_group + local_out
                    y_pre = () if e.plain else ((n, o) if e.batched else (o,))
                    placed += stamps(e.plane(n, o, c % e.in_per_group), g, one_d, X, W, self.Y, self.x_pre(n, c),
                                     y_pre, self.w_pre(c, local_out))
        steps += cap(placed, self.options.elide, "stamps") + [overlaps(g, one_d, self.Y)]
        lefts = {key: scatter_strips(plane, g, one_d, X, W, self.x_pre(*key))[0] for key, plane in self.readers.items()}
        rights = {key: scatter_strips(plane, g, one_d, X, W, (), self.w_pre(*key))[1]
                  for key, plane in self.slices.items()}
        return steps + self.sums(lambda plane, n, c, local: (lefts[n, c], rights[c, local]), scatter_cells)

    def matrix(self, name: str, alone: bool) -> list:
        e, g, one_d, X = self.e, self.g, self.one_d, self.X
        C, CT = Array(name, "matrix"), Array(name, "matrix", "transposed")
        steps = [self.rule("matrix", CT)] if self.options.definition else []
        if e.plain:  # one channel with a bias: the one matrix, shown as without the bias
            rows, zeros = transposed_rows(e.planes[0], g)
            steps.append(ForwardMatrix(C, CT, self.W, g.stride, g.padding, g.dilation, (g.in_cells, g.cells),
                                       g.in_shape, g.out_shape, rows, zeros, one_d))
        else:
            steps.append(ForwardMatrix(C, CT, self.W, g.stride, g.padding, g.dilation, (g.in_cells, g.cells),
                                       g.in_shape, g.out_shape, None, frozenset(), one_d, True))
            for (c, local), plane in sorted(self.slices.items()):
                rows, zeros = transposed_rows(plane, g)
                if rows is not None:
                    steps.append(MatrixBlock(CT, self.w_pre(c, local), rows, zeros))
        steps += [MatrixProduct(self.Y, CT, X, e.cell_values[p] if g.cells <= MAX_PRODUCT else None, g.out_shape,
                                one_d, prefix, True) for p, prefix in enumerate(e.out_prefixes)]
        if not alone:
            return steps
        full, memo = self.options.zeros, {}  # alone, the matrix view writes each row's dot product

        def band(plane, n, c, local):
            if (n, c, local) not in memo:
                memo[n, c, local] = band_strips(plane, g, one_d, CT, X, self.x_pre(n, c), self.w_pre(c, local), full,
                                                self.limits, e.kind)
            return memo[n, c, local]

        segments = band_strips(e.planes[0], g, one_d, CT, X, full=full, limits=self.limits, what=e.kind)[2]
        return steps + self.sums(lambda plane, n, c, local: band(plane, n, c, local)[:2],
                                 lambda plane: list(zip(segments, plane.matrix_values)))


def _channels(e: TransposedExpansion, X: Array, W: Array, Y: Array, B: Array | None, T: Array, name: str,
              views: tuple, options, limits) -> list:
    """Channels (or a plain input with a bias): the tensors, the sizes, then each view."""
    steps: list = (_slices(e, X, W, Y, B) + _sizes(e.geometry, e.one_d, X, W)) if options.definition else []
    doc = _Channels(e, X, W, Y, B, T, options, limits)
    for number, view in enumerate(views, 1):
        steps.append(View(view, number if len(views) > 1 else 0))
        if view == "zero-insertion":
            steps += doc.zero_insertion()
        elif view == "scatter":
            steps += doc.scatter()
        else:
            steps += doc.matrix(name, len(views) == 1)
    return steps


def build_transposed(e: TransposedExpansion, names: tuple, options, report=None, limits=DEFAULT_LIMITS,
                     taken=frozenset()) -> Document:
    """The document of a transposed convolution under ``names`` (input, weight, output) and
    ``options`` (``view`` picks the views; ``definition`` the sizes and the defining sums;
    ``flip`` the flipped kernel; ``elide`` caps each list; ``zeros`` writes every entry of the
    matrix rows). ``taken`` holds the symbols of the entries, which the names of the matrix, the
    bias and a channel's part of a sum avoid."""
    X, W, Y = Array(names[0], "input"), Array(names[1], "weight"), Array(names[2], "output")
    taken = set(taken) | set(names)
    name = matrix_name(taken)
    views = VIEWS if options.view == "all" else (options.view,)
    layered = not e.plain or e.bias is not None
    B = T = None
    if e.bias is not None:
        B = Array(next(n for n in ("b", "beta", "bias") if n not in taken), "bias")
    if layered:
        T = Array(next(n for n in ("t", "u", "v", "part") if n not in taken | {B.name if B else ""}), "partial")
        steps = _channels(e, X, W, Y, B, T, name, views, options, limits)
    else:
        steps = _plain(e, X, W, Y, name, views, options, limits)
    if options.call:
        steps.append(call_transposed(e, X, W, Y, B))
    if report is not None:
        steps.append(CheckStep(report))
    g = e.geometry
    facts = (("input", e.input_shape), ("kernel", e.weight_shape), ("output", e.out_shape), ("stride", g.stride),
             ("padding", g.padding), ("output_padding", g.output_padding), ("dilation", g.dilation),
             ("one_d", e.one_d), ("views", views), ("groups", e.groups), ("bias", e.bias is not None),
             ("plain", e.plain), ("batched", e.batched), ("uneven", any(len(set(v)) > 1 for v in g.pattern)),
             ("in_per_group", e.in_per_group), ("out_per_group", e.out_per_group),
             ("inputs", (e.planes[0].x.rows, e.planes[0].w.rows)), ("values", e.values))
    arrays = (X, W, Y) + ((B,) if B is not None else ())
    return Document(e.kind, tuple(steps), arrays, e.decimal, Summary(e.kind, facts))
