"""The steps of a transposed convolution (``conv_transpose1d/2d``), three views of one sum:
zero insertion (an ordinary convolution of the zero-inserted input with the flipped kernel),
scatter (each input sample stamps the scaled kernel into the output), and the matrix (the
transpose of the forward convolution's matrix times the input). Before them: the output size
and which forward-convolution sizes map back to the input; each view's outputs are `Output`
steps, so every printer prints their terms as it prints any other."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import refuse_oversize
from ..engine._budget import refuse_large_array
from ..limits import DEFAULT_LIMITS
from ..model.transposed import TransposedExpansion
from .base import Arg, Array, Call, CheckStep, Document, Output, Ref, Step, Strip, Summary
from .finite import elide
from .grid import Operand, WindowSum

__all__ = ["VIEWS", "TransposedSize", "ForwardSizes", "View", "ZeroInsertion", "KernelFlip", "ScatterRule",
           "StampAdd", "Skipped", "Overlaps", "ForwardMatrix", "MatrixProduct", "build_transposed",
           "view_outputs", "matrix_name", "call_transposed", "MAX_MATRIX"]

#: The views of a transposed convolution, in display order.
VIEWS = ("zero-insertion", "scatter", "matrix")
#: The largest C^T shown entry by entry: (rows, columns).
MAX_MATRIX = (40, 16)
#: The most output values a matrix product lists.
MAX_PRODUCT = 400


@dataclass(frozen=True)
class TransposedSize(Step):
    """``out = (size - 1) stride - 2 padding + dilation (kernel - 1) + output_padding + 1`` along
    one axis (``axis`` ``""`` for 1D, ``"h"``, ``"w"``); ``arrays`` are the input and the weight."""

    axis: str
    size: int
    kernel: int
    stride: int
    padding: int
    dilation: int
    output_padding: int
    out: int
    arrays: tuple = ()


@dataclass(frozen=True)
class ForwardSizes(Step):
    """The forward convolution with the same kernel, stride, padding and dilation maps an input
    of size ``L`` to ``floor((L + 2p - d(k - 1) - 1)/s) + 1`` outputs; ``sizes`` holds ``(r, L)``
    for the sizes that give ``size`` outputs, ``r`` the remainder the floor drops, which is the
    output padding that selects ``L``. ``out`` is the chosen size; ``forward_out`` the forward
    convolution's output count at ``out`` (more than ``size`` when ``output_padding >= stride``)."""

    axis: str
    size: int
    kernel: int
    stride: int
    padding: int
    dilation: int
    output_padding: int
    out: int
    sizes: tuple
    forward_out: int


@dataclass(frozen=True)
class View(Step):
    """The start of one of the `VIEWS` (``number`` among those shown, from 1; 0 when only one is)."""

    name: str
    number: int


@dataclass(frozen=True)
class ZeroInsertion(Step):
    """``inserted`` is ``array`` with ``stride - 1`` zeros between samples, padded by ``before``
    zeros before and ``after`` after (per axis ``(rows, columns)``; negative: that many cropped);
    ``before = dilation (kernel - 1) - padding``, ``after = before + output_padding``. ``zeros``
    holds the ``(r, c)`` cells that hold no input sample."""

    array: Array
    inserted: Array
    rows: tuple
    zeros: frozenset
    stride: tuple
    before: tuple
    after: tuple
    padding: tuple
    dilation: tuple
    kernel: tuple
    output_padding: tuple
    one_d: bool = False


@dataclass(frozen=True)
class KernelFlip(Step):
    """``flipped[m] = kernel[K - 1 - m]`` (2D: rotated by 180 degrees)."""

    kernel: Array
    flipped: Array
    rows: tuple
    one_d: bool = False


@dataclass(frozen=True)
class ScatterRule(Step):
    """``output[s i + d m - p] += input[i] kernel[m]`` for every input sample and tap (2D: per
    axis); positions outside ``0 .. out - 1`` are dropped."""

    output: Array
    input: Array
    kernel: Array
    stride: tuple
    padding: tuple
    dilation: tuple
    out_shape: tuple
    one_d: bool = False


@dataclass(frozen=True)
class StampAdd(Step):
    """``output[corner + d*(m, n)] += source.value * kernel[m, n] = rows[m][n]``: one input
    sample's stamp; ``outside`` holds the taps ``(m, n)`` that land outside the output."""

    output: Array
    source: Ref
    value: object
    kernel: Array
    kernel_rows: tuple
    corner: tuple
    dilation: tuple
    rows: tuple
    outside: frozenset
    one_d: bool = False


@dataclass(frozen=True)
class Skipped(Step):
    """``count`` items of a list left out here (the ``elide`` option): ``what`` names them."""

    count: int
    what: str


@dataclass(frozen=True)
class Overlaps(Step):
    """``counts[j]``: how many stamps reach output ``j`` (2D: rows of counts, the product of the
    per-axis counts); ``pattern`` per axis the counts away from the edges, which repeat every
    ``stride`` outputs; ``uneven`` when they differ (the checkerboard artifact)."""

    output: Array
    counts: tuple
    kernel: tuple
    stride: tuple
    dilation: tuple
    pattern: tuple
    one_d: bool = False

    @property
    def uneven(self) -> bool:
        return any(len(set(values)) > 1 for values in self.pattern)


@dataclass(frozen=True)
class ForwardMatrix(Step):
    """``matrix[r, s r + d m - p] = kernel[m]`` (0 elsewhere, 2D: flattened row by row) is the
    ``shape = (L, o)`` matrix of the forward convolution of an ``o``-sample input (its first
    ``L`` outputs); ``rows`` is its transpose entry by entry, or None when larger than
    `MAX_MATRIX`; ``zeros`` its cells that are no kernel tap."""

    matrix: Array
    transposed: Array
    kernel: Array
    stride: tuple
    padding: tuple
    dilation: tuple
    shape: tuple
    in_shape: tuple
    out_shape: tuple
    rows: tuple | None
    zeros: frozenset
    one_d: bool = False


@dataclass(frozen=True)
class MatrixProduct(Step):
    """``vec(output) = transposed vec(input)``: ``values`` (row-major, the matrix view's own
    values) shaped ``out_shape``; None when more than `MAX_PRODUCT`."""

    output: Array
    transposed: Array
    input: Array
    values: tuple | None
    out_shape: tuple
    one_d: bool = False


def view_outputs(doc: Document, view: str) -> list:
    """The `Output` steps of one view of a transposed-convolution document (elided ones left out)."""
    current, found = None, []
    for step in doc.steps:
        if isinstance(step, View):
            current = step.name
        elif isinstance(step, Output) and current == view:
            found.append(step)
    return found


def matrix_name(taken: set) -> str:
    """The name of the forward convolution's matrix: C, unless a name or symbol takes it."""
    return next(n for n in ("C", "M", "A", "T", "Cf") if n not in taken)


def _index(one_d: bool, r: int, c: int) -> tuple:
    return (c,) if one_d else (r, c)


def _preamble(e: TransposedExpansion, X: Array, W: Array, options) -> list:
    g, one_d = e.geometry, e.one_d
    plane = e.planes[0]
    steps: list = [Operand(X, plane.x.rows, one_d), Operand(W, plane.w.rows, one_d)]
    for label, axis in ([("", 1)] if one_d else [("h", 0), ("w", 1)]):
        n, k, s, p, d, a = (g.in_shape[axis], g.kernel_shape[axis], g.stride[axis], g.padding[axis],
                            g.dilation[axis], g.output_padding[axis])
        steps.append(TransposedSize(label, n, k, s, p, d, a, g.out_shape[axis], (X, W)))
    for label, axis in ([("", 1)] if one_d else [("h", 0), ("w", 1)]):
        n, k, s, p, d, a = (g.in_shape[axis], g.kernel_shape[axis], g.stride[axis], g.padding[axis],
                            g.dilation[axis], g.output_padding[axis])
        o = g.out_shape[axis]
        steps.append(ForwardSizes(label, n, k, s, p, d, a, o, g.forward[axis], (o + 2 * p - d * (k - 1) - 1) // s + 1))
    return steps


def _zero_insertion(e: TransposedExpansion, X: Array, W: Array, Y: Array, options) -> list:
    g, one_d, plane = e.geometry, e.one_d, e.planes[0]
    ins = plane.insertion
    XZ, WF = Array(X.name, "input", "zero-inserted"), Array(W.name, "weight", "flipped")
    holds_r, holds_c = g.holds
    region = ins.region
    zeros = frozenset((r, c) for r in region.rows for c in region.cols if holds_r[r] is None or holds_c[c] is None)
    width = len(region.cols)
    rows = tuple(tuple(region.values[r * width:(r + 1) * width]) for r in range(len(region.rows)))
    steps: list = [ZeroInsertion(X, XZ, rows, zeros, g.stride, g.before, g.after, g.padding, g.dilation,
                                 g.kernel_shape, g.output_padding, one_d)]
    if options.flip:
        steps.append(KernelFlip(W, WF, ins.kernel, one_d))
    if options.definition:
        steps.append(WindowSum(Y, XZ, WF, (0, 0), (1, 1), g.dilation, one_d))
    inside = tuple(holds_r[r] is not None and holds_c[c] is not None for r in region.rows for c in region.cols)
    left = Strip(XZ, tuple(_index(one_d, r, c) for r in region.rows for c in region.cols), region.values,
                 g.dilation[1], False, inside)
    kh, kw = g.kernel_shape
    right = Strip(WF, tuple(_index(one_d, m, n) for m in range(kh) for n in range(kw)),
                  tuple(v for row in ins.kernel for v in row), 1)
    outputs = [Output(Ref(Y, _index(one_d, c.i, c.j)), left, right, c.segments, c.value) for c in ins.cells]
    return steps + elide(outputs, options.elide)


def _scatter(e: TransposedExpansion, X: Array, W: Array, Y: Array, options) -> list:
    g, one_d, plane = e.geometry, e.one_d, e.planes[0]
    (h, wd), (kh, kw) = g.in_shape, g.kernel_shape
    rows_out, cols_out = g.out_shape
    steps: list = []
    if options.definition:
        steps.append(ScatterRule(Y, X, W, g.stride, g.padding, g.dilation, g.out_shape, one_d))
    stamps = []
    for stamp in plane.stamps:
        (r0, c0), (dr, dc) = stamp.corner, g.dilation
        outside = frozenset((m, n) for m in range(kh) for n in range(kw)
                            if not (0 <= r0 + m * dr < rows_out and 0 <= c0 + n * dc < cols_out))
        r, c = stamp.index
        stamps.append(StampAdd(Y, Ref(X, _index(one_d, r, c)), plane.x.rows[r][c], W, plane.w.rows,
                               stamp.corner, g.dilation, stamp.products, outside, one_d))
    keep = options.elide
    if keep and len(stamps) > 2 * keep + 1:
        stamps = stamps[:keep] + [Skipped(len(stamps) - 2 * keep, "stamps")] + stamps[-keep:]
    steps += stamps
    counts = tuple(tuple(g.overlap(r, c) for c in range(cols_out)) for r in range(rows_out))
    steps.append(Overlaps(Y, counts, g.kernel_shape, g.stride, g.dilation, g.pattern, one_d))
    left = Strip(X, tuple(_index(one_d, r, c) for r in range(h) for c in range(wd)), plane.x.values,
                 plane.scatter_steps[0])
    right = Strip(W, tuple(_index(one_d, m, n) for m in range(kh) for n in range(kw)), plane.w.values,
                  plane.scatter_steps[1])
    outputs = [Output(Ref(Y, _index(one_d, p // cols_out, p % cols_out)), left, right, segs, value)
               for p, (segs, value) in enumerate(zip(plane.scatter, plane.scatter_values))]
    return steps + elide(outputs, options.elide)


def _matrix(e: TransposedExpansion, X: Array, W: Array, Y: Array, options, name: str, alone: bool,
            limits) -> list:
    g, one_d, plane = e.geometry, e.one_d, e.planes[0]
    C, CT = Array(name, "matrix"), Array(name, "matrix", "transposed")
    rows_out, cols_out = g.out_shape
    (h, wd) = g.in_shape
    o_total, i_total = rows_out * cols_out, h * wd
    band_values, band_columns = plane.band
    by_row = []
    for segs in plane.band_segments:
        entries = {}
        for b0, r0, count in segs:
            for k in range(count):
                entries[r0 + k * plane.scatter_steps[0]] = band_values[b0 + k]
        by_row.append(entries)
    shown = None
    zeros: frozenset = frozenset()
    zero = band_values[0] * 0 if band_values else 0
    if o_total <= MAX_MATRIX[0] and i_total <= MAX_MATRIX[1]:
        shown = tuple(tuple(row.get(r, zero) for r in range(i_total)) for row in by_row)
        zeros = frozenset((j, r) for j, row in enumerate(by_row) for r in range(i_total) if r not in row)
    steps: list = [ForwardMatrix(C, CT, W, g.stride, g.padding, g.dilation, (i_total, o_total), g.in_shape,
                                 g.out_shape, shown, zeros, one_d)]
    product = plane.matrix_values if o_total <= MAX_PRODUCT else None
    steps.append(MatrixProduct(Y, CT, X, product, g.out_shape, one_d))
    if not alone:
        return steps
    x_index = tuple(_index(one_d, r, c) for r in range(h) for c in range(wd))
    if options.zeros:  # every entry of each row, zeros included
        refuse_large_array(f"{e.kind} with zeros=True: the matrix", o_total * i_total, limits)
        refuse_oversize(f"{e.kind} with zeros=True", o_total, o_total * i_total, plane.is_symbolic, limits)
        left = Strip(CT, tuple((j, r) for j in range(o_total) for r in range(i_total)),
                     tuple(row.get(r, zero) for row in by_row for r in range(i_total)), 1)
        right = Strip(X, x_index, plane.x.values, 1)
        segments = [((j * i_total, 0, i_total),) for j in range(o_total)]
    else:
        # the band is laid out row by row, so a row's segments index the strip directly
        left = Strip(CT, _band_indices(plane), band_values, 1)
        right = Strip(X, x_index, plane.x.values, plane.scatter_steps[0])
        segments = list(plane.band_segments)
    outputs = [Output(Ref(Y, _index(one_d, j // cols_out, j % cols_out)), left, right, segs, value)
               for j, (segs, value) in enumerate(zip(segments, plane.matrix_values))]
    return steps + elide(outputs, options.elide)


def _band_indices(plane) -> tuple:
    """``(row, column)`` of C^T for each band entry, in band order."""
    values, columns = plane.band
    rows = [0] * len(values)
    for j, segs in enumerate(plane.band_segments):
        for b0, _, count in segs:
            for b in range(b0, b0 + count):
                rows[b] = j
    return tuple((rows[b], columns[b]) for b in range(len(values)))


def call_transposed(e: TransposedExpansion, x: Array, w: Array, out: Array, bias: Array | None) -> Call:
    """``torch.nn.functional.conv_transpose1d/2d(x, w, b, stride=..., padding=..., output_padding=...,
    groups=..., dilation=...)``; a plain input gets its batch and channel axes added and removed."""
    g = e.geometry

    def shown(pair: tuple):
        return pair[1] if e.one_d or pair[0] == pair[1] else tuple(pair)

    axes = 2 if e.plain else 0
    args = [Arg(x, axes=axes), Arg(w, axes=axes)]
    if bias is not None:
        args.append(Arg(bias))
    args += [Arg(shown(g.stride), "stride"), Arg(shown(g.padding), "padding"),
             Arg(shown(g.output_padding), "output_padding")]
    if e.groups != 1:
        args.append(Arg(e.groups, "groups"))
    args.append(Arg(shown(g.dilation), "dilation"))
    return Call("torch.nn.functional", e.kind, tuple(args), out, index=(0, 0) if axes else ())


def build_transposed(e: TransposedExpansion, names: tuple, options, report=None, limits=DEFAULT_LIMITS,
                     taken=frozenset()) -> Document:
    """The document of a one-channel transposed convolution under ``names`` (input, weight,
    output) and ``options`` (``view`` picks the views; ``definition`` the sizes and the defining
    sums; ``flip`` the flipped kernel; ``elide`` caps each list; ``zeros`` writes every entry of
    the matrix rows). ``taken`` holds the symbols of the entries (the matrix's name avoids them)."""
    X, W, Y = Array(names[0], "input"), Array(names[1], "weight"), Array(names[2], "output")
    matrix = matrix_name(set(taken) | set(names))
    views = VIEWS if options.view == "all" else (options.view,)
    steps: list = _preamble(e, X, W, options) if options.definition else []
    for number, view in enumerate(views, 1):
        steps.append(View(view, number if len(views) > 1 else 0))
        if view == "zero-insertion":
            steps += _zero_insertion(e, X, W, Y, options)
        elif view == "scatter":
            steps += _scatter(e, X, W, Y, options)
        else:
            steps += _matrix(e, X, W, Y, options, matrix, len(views) == 1, limits)
    if options.call:
        steps.append(call_transposed(e, X, W, Y, None))
    if report is not None:
        steps.append(CheckStep(report))
    g = e.geometry
    facts = (("input", e.input_shape), ("kernel", e.weight_shape), ("output", e.out_shape), ("stride", g.stride),
             ("padding", g.padding), ("output_padding", g.output_padding), ("dilation", g.dilation),
             ("one_d", e.one_d), ("views", views), ("groups", e.groups), ("bias", e.bias is not None),
             ("plain", e.plain), ("uneven", any(len(set(v)) > 1 for v in g.pattern)),
             ("inputs", (e.planes[0].x.rows, e.planes[0].w.rows)), ("values", e.values))
    return Document(e.kind, tuple(steps), (X, W, Y), e.decimal, Summary(e.kind, facts))
