"""The steps of a multi-channel layer (``conv1d``/``conv2d`` with channels, batch, groups and
bias): the tensors slice by slice, the channel bookkeeping, the padded input channels, the output
size, the defining sums, and per output cell one line per input channel of its group followed by
the total with the bias."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.layer import LayerExpansion
from .base import Array, CheckStep, Document, Factor, Output, Ref, Step, Strip, Summary
from .calls import call_layer
from .finite import elide
from .grid import Padding, Size, WindowSum, padded_rows

__all__ = ["Slices", "Channels", "SamePadding", "LayerSum", "ChannelSum", "build_layer"]


@dataclass(frozen=True)
class Slices(Step):
    """A tensor shown slice by slice: ``array[prefix] = rows`` for each prefix (the leading
    batch/channel indices); ``one_d`` when each slice is a sequence. A bias is one slice with
    the empty prefix."""

    array: Array
    shape: tuple
    prefixes: tuple
    slices: tuple
    one_d: bool = False


@dataclass(frozen=True)
class Channels(Step):
    """Which channels meet: ``groups`` groups; output channel ``o`` of group
    ``g = o // out_per_group`` reads input channels ``g*in_per_group ... (g+1)*in_per_group - 1``
    with weight slices ``w[o, 0 ... in_per_group - 1]``. Shapes as torch's (``arrays``: input,
    weight, output)."""

    input_shape: tuple
    weight_shape: tuple
    output_shape: tuple
    groups: int
    in_per_group: int
    out_per_group: int
    batched: bool
    arrays: tuple


@dataclass(frozen=True)
class SamePadding(Step):
    """TensorFlow's or JAX's ``SAME`` along one axis (``axis`` ``"h"``, ``"w"`` or ``""``):
    ``out = ceil(size / stride)`` outputs, which need
    ``max(0, (out - 1) stride + dilation (kernel - 1) + 1 - size)`` zeros, ``before`` and
    ``after`` (the smaller half before; ``lower``, JAX's ``SAME_LOWER``: the larger)."""

    axis: str
    framework: str
    lower: bool
    size: int
    kernel: int
    stride: int
    dilation: int
    out: int
    before: int
    after: int


@dataclass(frozen=True)
class LayerSum(Step):
    """The defining sums: ``partial[c] = sum over the window of source[n, c, ...] kernel[o, c - first, ...]``
    (``window`` gives the spatial part) and ``output[n, o, ...] = sum_c partial[c] (+ bias[o])``.
    ``in_per_group < in_channels`` when groups split the channels."""

    window: WindowSum
    partial: Array
    bias: Array | None
    in_channels: int
    in_per_group: int
    out_per_group: int
    batched: bool
    plain: bool


@dataclass(frozen=True)
class ChannelSum(Step):
    """``lhs = parts[0].lhs + ... + bias = parts[0].value + ... + bias.value = value``: an output
    cell of a layer, the sum of each input channel's window sum (the `Output` steps in ``parts``,
    each with the partial array's ``[c]`` on its left) plus the bias."""

    lhs: Ref
    parts: tuple
    bias: Factor | None
    value: object

    @property
    def terms(self) -> tuple:
        """Every product of every channel, in order."""
        return tuple(t for part in self.parts for t in part.terms)


def _prefix(e: LayerExpansion, n: int, c: int) -> tuple:
    if e.plain:
        return ()
    return (n, c) if e.batched else (c,)


def _slices(array: Array, shape: tuple, spatial: int, flat_planes) -> Slices:
    lead = shape[:len(shape) - spatial]
    prefixes = [()]
    for size in lead:
        prefixes = [p + (i,) for p in prefixes for i in range(size)]
    return Slices(array, shape, tuple(prefixes), tuple(flat_planes(p) for p in prefixes), spatial == 1)


def build_layer(e: LayerExpansion, names: tuple, options, report=None, bias_name: str = "b",
                partial_name: str = "s") -> Document:
    """The document of a layer expansion under ``names`` (input, weight, output)."""
    X, W, Y = Array(names[0], "input"), Array(names[1], "weight"), Array(names[2], "output")
    B = Array(bias_name, "bias") if e.bias is not None else None
    S = Array(partial_name, "partial")
    one_d, spatial = e.one_d, e.spatial
    steps: list = []
    first = e.planes[0]
    if options.definition:
        def input_slice(prefix):
            n, c = (prefix if e.batched else (0,) + prefix) if prefix else (0, 0)
            return e.plane(n, (c // e.in_per_group) * e.out_per_group, c % e.in_per_group).x.rows

        steps.append(_slices(X, e.input_shape, spatial, input_slice))
        steps.append(_slices(W, e.weight_shape, spatial,
                             lambda p: e.plane(0, p[0], p[1]).k.rows if p else first.k.rows))
        if B is not None:
            steps.append(Slices(B, (len(e.bias),), ((),), ((tuple(e.bias),),), True))
        if not e.plain:
            steps.append(Channels(e.input_shape, e.weight_shape, e.out_shape, e.groups, e.in_per_group,
                                  e.out_per_group, e.batched, (X, W, Y)))
    source = X
    # the source strip of each (batch, input channel): every plane of that input reads the same region
    readers = {}
    for n in range(e.batch):
        for o in range(e.out_channels):
            for local in range(e.in_per_group):
                readers.setdefault((n, e.channel(o, local)), e.plane(n, o, local))
    if first.padded:
        source = Array(X.name, "input", "padded")
        for (n, c), plane in sorted(readers.items()):
            rows, outside = padded_rows(plane)
            steps.append(Padding(X, source, rows, outside, plane.padding, one_d, plane.padding_mode,
                                 _prefix(e, n, c)))
    if options.definition:
        kh, kw = first.k.shape
        same = isinstance(e.raw_padding, str) and e.raw_padding.upper() in ("SAME", "SAME_LOWER")
        for label, axis in ([("", 1)] if one_d else [("h", 0), ("w", 1)]):
            if same and e.framework != "torch":
                steps.append(SamePadding(label, e.framework, e.raw_padding.upper() == "SAME_LOWER",
                                         first.x.shape[axis], first.k.shape[axis], first.stride[axis],
                                         first.dilation[axis], first.out_shape[axis], first.padding[2 * axis],
                                         first.padding[2 * axis + 1]))
            steps.append(Size(label, "torch", first.x.shape[axis], first.k.shape[axis], first.padding[2 * axis],
                              first.padding[2 * axis + 1], first.stride[axis], first.dilation[axis],
                              first.out_shape[axis], (X, W)))
        window = WindowSum(Y, source, W, first.origin, first.stride, first.dilation, one_d)
        steps.append(LayerSum(window, S, B, e.in_channels, e.in_per_group, e.out_per_group, e.batched, e.plain))
    region = first.region

    def spatial_index(r: int, c: int) -> tuple:
        return (c,) if one_d else (r, c)

    place = tuple(spatial_index(r, c) for r in region.rows for c in region.cols)
    lefts = {}
    for (n, c), plane in readers.items():
        pre = _prefix(e, n, c)
        lefts[n, c] = Strip(source, tuple(pre + i for i in place), plane.region.values, first.dilation[1], False,
                            () if all(plane.region.inside) else plane.region.inside)
    kh, kw = first.k.shape
    taps = tuple(spatial_index(m, q) for m in range(kh) for q in range(kw))
    rights = {}
    for o in range(e.out_channels):
        for local in range(e.in_per_group):
            pre = () if e.plain else (o, local)
            kernel = e.plane(0, o, local).kernel
            rights[o, local] = Strip(W, tuple(pre + t for t in taps), tuple(v for row in kernel for v in row), 1)
    cells = []
    partial_refs = {c: Ref(S, (c,)) for c in range(e.in_channels)}  # shared by every cell
    for p, prefix in enumerate(e.out_prefixes):
        n, o = (prefix if e.batched else (0,) + prefix) if prefix else (0, 0)
        bias = Factor(Ref(B, (o,)), e.bias[o]) if B is not None else None
        values = e.cell_values[p]
        channels = [(partial_refs[e.channel(o, local)], lefts[n, e.channel(o, local)], rights[o, local],
                     e.plane(n, o, local).cells) for local in range(e.in_per_group)]
        for k, cell in enumerate(channels[0][3]):
            parts = tuple([Output(ref, left, right, plane_cells[k].segments, plane_cells[k].value)
                           for ref, left, right, plane_cells in channels])
            index = prefix + ((cell.j,) if one_d else (cell.i, cell.j))
            cells.append(ChannelSum(Ref(Y, index), parts, bias, values[k]))
    steps.extend(elide(cells, options.elide))
    if options.call:
        steps.append(call_layer(e, X, W, Y, B))
    if report is not None:
        steps.append(CheckStep(report))
    facts = (("input", e.input_shape), ("kernel", e.weight_shape), ("output", e.out_shape),
             ("stride", first.stride), ("padding", e.raw_padding), ("dilation", first.dilation), ("one_d", one_d),
             ("padding_mode", e.padding_mode), ("groups", e.groups), ("bias", e.bias is not None),
             ("batched", e.batched), ("plain", e.plain), ("layer", True), ("pads", first.padding),
             ("depthwise", e.in_per_group == 1 and e.out_per_group == 1 and e.groups > 1),
             ("inputs", (e.input_shape, e.weight_shape)), ("framework", e.framework))
    arrays = (X, W, Y) + ((B,) if B is not None else ())
    return Document(e.kind, tuple(steps), arrays, e.decimal, Summary(e.kind, facts))
