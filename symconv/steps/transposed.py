"""The steps of a transposed convolution (``conv_transpose1d/2d``), three views of one sum:
zero insertion (an ordinary convolution of the zero-inserted input with the flipped kernel),
scatter (each input sample stamps the scaled kernel into the output), and the matrix (the
transpose of the forward convolution's matrix times the input). Before them: the output size
and which forward-convolution sizes map back to the input; each view's outputs are `Output`
steps, so every printer prints their terms as it prints any other."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.transposed import TransposedExpansion
from .base import Arg, Array, Call, Document, Output, Ref, Step
from .layer import ChannelSum

__all__ = ["VIEWS", "TransposedSize", "ForwardSizes", "View", "ZeroInsertion", "KernelFlip", "ScatterRule",
           "StampAdd", "Skipped", "Overlaps", "ForwardMatrix", "MatrixBlock", "MatrixProduct", "ChannelRule",
           "view_outputs", "matrix_name", "call_transposed", "MAX_MATRIX", "MAX_PRODUCT"]

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
    prefix: tuple = ()


@dataclass(frozen=True)
class KernelFlip(Step):
    """``flipped[m] = kernel[K - 1 - m]`` (2D: rotated by 180 degrees); ``prefix``: the weight
    slice's (input channel, output channel) indices, empty for one channel."""

    kernel: Array
    flipped: Array
    rows: tuple
    one_d: bool = False
    prefix: tuple = ()


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
    sample's stamp; ``outside`` holds the taps ``(m, n)`` that land outside the output. With
    channels, ``output_prefix`` is the output plane's (batch, channel) and ``kernel_index`` the
    weight slice's (input channel, output channel of the group)."""

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
    output_prefix: tuple = ()
    kernel_index: tuple = ()


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
    `MAX_MATRIX`; ``zeros`` its cells that are no kernel tap. With ``channels`` there is one
    such matrix per weight slice (``kernel[c, o', m]``), shown as `MatrixBlock` steps."""

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
    channels: bool = False


@dataclass(frozen=True)
class MatrixBlock(Step):
    """``transposed[label] = rows``: the transposed matrix of one weight slice ``label = (c, o')``
    (input channel, output channel within the group); ``zeros`` its cells that are no tap."""

    transposed: Array
    label: tuple
    rows: tuple
    zeros: frozenset


@dataclass(frozen=True)
class MatrixProduct(Step):
    """``vec(output) = transposed vec(input)``: ``values`` (row-major, the matrix view's own
    values) shaped ``out_shape``; None when more than `MAX_PRODUCT`. With channels or a bias
    (``summed``) the values are one output plane's (``prefix``: its batch and channel), every
    channel and the bias included."""

    output: Array
    transposed: Array
    input: Array
    values: tuple | None
    out_shape: tuple
    one_d: bool = False
    prefix: tuple = ()
    summed: bool = False


@dataclass(frozen=True)
class ChannelRule(Step):
    """How the channels of one view combine: input channel ``c`` of output channel ``o``'s group
    (``in_per_group`` of them, from ``in_per_group * (o // out_per_group)``) meets the weight
    slice ``kernel[c, o - first(o)]``; the output is the sum over ``c`` plus ``bias[o]``.

    ``view`` ``"zero-insertion"``: ``partial[c] = sum_m source[n, c, i + d m] flipped[c, o', m]``;
    ``"scatter"``: ``output[n, o, s i + d m - p] += input[n, c, i] kernel[c, o', m]``;
    ``"matrix"``: ``vec(output[n, o]) = sum_c transposed[c, o'] vec(input[n, c])``."""

    view: str
    output: Array
    input: Array
    kernel: Array
    partial: Array
    bias: Array | None
    source: Array
    stride: tuple
    padding: tuple
    dilation: tuple
    one_d: bool
    batched: bool
    plain: bool
    in_channels: int
    in_per_group: int
    out_per_group: int


def view_outputs(doc: Document, view: str) -> list:
    """The output steps of one view of a transposed-convolution document, in output order
    (`Output`, or `ChannelSum` with channels or a bias; elided ones left out)."""
    current, found = None, []
    for step in doc.steps:
        if isinstance(step, View):
            current = step.name
        elif isinstance(step, (Output, ChannelSum)) and current == view:
            found.append(step)
    return found


def matrix_name(taken: set) -> str:
    """The name of the forward convolution's matrix: C, unless a name or symbol takes it."""
    return next(n for n in ("C", "M", "A", "T", "Cf") if n not in taken)


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
