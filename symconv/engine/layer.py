"""Multi-channel deep-learning layers (``torch.nn.functional.conv1d/conv2d`` with batch, channels,
groups and bias): torch's shape rules and refusals, the budget from the sizes alone, then one
one-channel expansion per (batch, output channel, input channel of its group)."""

from __future__ import annotations

from ..errors import InputError
from ..limits import Limits
from ..model import Matrix
from ..model.layer import LayerExpansion
from ..parse.tensor import ParsedTensor
from ._budget import refuse_oversize
from ..model import Cell, Expansion2D, Region
from ._budget import refuse_large_array
from .channels import check_ranks, shape_text
from .dl import DLGeometry, dl_geometry, padded_value_at
from .kernel import exact_dots, scaled_ints, segment_slices

__all__ = ["expand_layer", "layer_shapes"]




def layer_shapes(kind: str, x_shape: tuple, w_shape: tuple, bias_len, groups) -> int:
    """Check the ranks and channel counts as torch does; return ``groups`` as an int.

    A plain input (``(L,)`` for conv1d, ``(H, W)`` for conv2d) takes a plain weight; an input
    with a channel axis (and optionally a batch axis) takes a weight
    ``(C_out, C_in/groups, K...)``. ``bias_len`` is the number of bias values or None.
    """
    spatial = 1 if kind == "conv1d" else 2
    groups, plain = check_ranks(kind, x_shape, w_shape, bias_len, groups, "C_out, C_in/groups", "conv2d", "conv1d")
    if plain:
        return groups
    c_in, c_out, per_group = x_shape[-spatial - 1], w_shape[0], w_shape[1]
    if c_in % groups:
        raise InputError(f"{kind}: in_channels ({c_in}) must be divisible by groups ({groups})")
    if c_out % groups:
        raise InputError(f"{kind}: out_channels ({c_out}) must be divisible by groups ({groups})")
    if per_group * groups != c_in:
        raise InputError(f"{kind}: the weight {shape_text(w_shape)} expects {per_group * groups} input channels "
                         f"({per_group} per group x {groups} groups), but the input {shape_text(x_shape)} has {c_in}")
    if bias_len is not None and bias_len != c_out:
        raise InputError(f"{kind}: bias must have one value per output channel ({c_out}), got {bias_len}")
    return groups


def expand_layer(kind: str, x: ParsedTensor, w: ParsedTensor, bias: ParsedTensor | None, stride, padding,
                 dilation, groups, padding_mode: str, names: tuple, partial: str, limits: Limits,
                 framework: str = "torch") -> LayerExpansion:
    """Expand a layer: validate shapes, check the whole budget, then expand every plane.

    ``names`` is (input, weight, output, bias); ``partial`` names a channel's part of a sum.
    """
    spatial = 1 if kind == "conv1d" else 2
    groups = layer_shapes(kind, x.shape, w.shape, None if bias is None else len(bias.values), groups)
    plain = len(x.shape) == spatial
    in_hw = (1, x.shape[-1]) if spatial == 1 else x.shape[-2:]
    k_hw = (1, w.shape[-1]) if spatial == 1 else w.shape[-2:]
    batch = x.shape[0] if len(x.shape) == spatial + 2 else 1
    c_in = 1 if plain else x.shape[-spatial - 1]
    c_out = 1 if plain else w.shape[0]
    per_group = c_in // groups
    planes_in = batch * c_in
    geometry = dl_geometry(kind, in_hw, k_hw, stride, padding, dilation, limits, padding_mode, planes=planes_in,
                           framework=framework)
    window = geometry.window
    planes = batch * c_out * per_group
    symbolic = any(v.free_symbols for v in x.values + w.values if not v.is_Number)
    what = f"{kind} of a {shape_text(x.shape)} input and a {shape_text(w.shape)} weight"
    refuse_oversize(what, batch * c_out * window.cells, planes * window.cells * window.taps, symbolic, limits)
    x_name, w_name, y_name, _ = names
    inputs = {}
    for n in range(batch):
        for c in range(c_in):
            prefix = () if plain else ((n, c) if len(x.shape) == spatial + 2 else (c,))
            inputs[n, c] = Matrix.exact(x.plane(prefix), x_name, x.decimal)
    kernels = {}
    for o in range(c_out):
        for local in range(per_group):
            kernels[o, local] = Matrix.exact(w.plane(() if plain else (o, local)), w_name, w.decimal)
    out = _planes(kind, inputs, kernels, geometry, batch, c_out, per_group, groups, y_name, limits)
    return LayerExpansion(kind, tuple(x.shape), tuple(w.shape), groups,
                          None if bias is None else tuple(bias.values), tuple(out), tuple(names[:3]), names[3], partial,
                          x.decimal or w.decimal or (bias is not None and bias.decimal))



def _planes(kind: str, inputs: dict, kernels: dict, geometry: DLGeometry, batch: int, c_out: int, per_group: int,
            groups: int, out_name: str, limits: Limits) -> list:
    """Every (batch, output channel, input channel of its group) plane's expansion, in that order.

    The planes share their geometry, so each window's segments are found once; each input channel's
    padded region and exact integers are read once, whichever output channels read it.
    """
    window = geometry.window
    r_range, c_range = window.region()
    refuse_large_array(f"{kind}: the regions its windows read", len(inputs) * len(r_range) * len(c_range), limits)
    rows, cols = window.out_shape
    where = (r_range, c_range)
    outputs = [window.flat_segments(i, j, where, None) for i in range(rows) for j in range(cols)]
    slices = segment_slices(outputs, window.left_step[1], window.right_step[1])
    top, _, left, _ = geometry.padding
    regions = {}
    for key, x in inputs.items():
        value_at = padded_value_at(x, geometry)
        h, wd = x.shape
        box_rows, box_cols = range(top, top + h), range(left, left + wd)
        values = tuple(value_at(r, c) for r in r_range for c in c_range)
        inside = tuple(r in box_rows and c in box_cols for r in r_range for c in c_range)
        regions[key] = (Region(r_range, c_range, values, inside), scaled_ints(values))
    flat_kernels = {key: (tuple(v for row in k.rows for v in row), None) for key, k in kernels.items()}
    flat_kernels = {key: (flat, scaled_ints(flat)) for key, (flat, _) in flat_kernels.items()}
    extra = dict(raw_padding=geometry.raw_padding, padding_mode=geometry.padding_mode, framework=geometry.framework)
    planes = []
    for n in range(batch):
        for o in range(c_out):
            first = (o // (c_out // groups)) * per_group
            for local in range(per_group):
                x, k = inputs[n, first + local], kernels[o, local]
                region, left_ints = regions[n, first + local]
                flat, right_ints = flat_kernels[o, local]
                sums = exact_dots(region.values, flat, outputs, window.left_step[1], window.right_step[1],
                                  slices=slices, scaled=(left_ints, right_ints))
                cells = tuple([Cell(p // cols, p % cols, v, segs) for p, (segs, v) in enumerate(zip(outputs, sums))])
                planes.append(Expansion2D(kind, x, k, out_name, k.rows, geometry.padding, window, region, cells,
                                          **extra))
    return planes
