"""Check a multi-channel layer's derivation against its printed ``torch.nn.functional`` call,
recomputed in float64 with NumPy from torch's published definition: pad every input channel
(``F.pad`` by ``np.pad``), and for each output channel add the one-channel cross-correlations
of its group's input channels with their weight slices, then the bias."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..engine.index import PADDING_MODES
from ..errors import VerificationError
from ..steps import Array, Call, python_source
from .finite import torch_reference
from .numeric import CheckReport, compare, numeric, substitution

__all__ = ["layer_reference", "check_layer"]


def layer_reference(x: np.ndarray, w: np.ndarray, bias, stride=1, padding=0, dilation=1, groups: int = 1,
                    one_d: bool = False) -> np.ndarray:
    """``torch.nn.functional.conv1d/conv2d(x, w, bias, stride, padding, dilation, groups)``
    for an unbatched or batched input, with NumPy.

    Examples
    --------
    >>> x = np.array([[1., 2, 3], [4, 5, 6]])
    >>> w = np.array([[[1., -1], [2, 0]]])
    >>> layer_reference(x, w, np.array([0.5]), one_d=True)
    array([[7.5, 9.5]])
    """
    spatial = 1 if one_d else 2
    unbatched = x.ndim == spatial + 1
    if unbatched:
        x = x[None]
    if one_d:
        x, w = x[:, :, None, :], w[:, :, None, :]
    batch, c_in = x.shape[:2]
    c_out, per_group = w.shape[:2]
    out_per_group = c_out // groups
    planes = []
    for n in range(batch):
        row = []
        for o in range(c_out):
            first = (o // out_per_group) * per_group
            total = sum(torch_reference(x[n, first + k], w[o, k], stride, padding, dilation, one_d)
                        for k in range(per_group))
            row.append(total + (bias[o] if bias is not None else 0))
        planes.append(row)
    out = np.array(planes)
    if one_d:
        out = out[:, :, 0, :]
    return out[0] if unbatched else out


def _evaluate(call: Call, arrays: dict, one_d: bool):
    args, kwargs = [], {}
    for arg in call.args:
        value = arg.value
        if isinstance(value, Call):
            value = _evaluate(value, arrays, one_d)
        elif isinstance(value, Array):
            value = arrays[value.role]
            for _ in range(arg.axes):
                value = value[None]
        (kwargs.__setitem__(arg.keyword, value) if arg.keyword else args.append(value))
    if call.qualified == "torch.nn.functional.pad":  # the last axes, (left, right[, top, bottom])
        x, widths = args
        pads = [(0, 0)] * x.ndim
        pads[-1] = (widths[0], widths[1])
        if len(widths) == 4:
            pads[-2] = (widths[2], widths[3])
        return np.pad(x, pads, mode=PADDING_MODES[kwargs.get("mode", "constant")])
    if call.qualified not in ("torch.nn.functional.conv1d", "torch.nn.functional.conv2d"):
        raise VerificationError(f"no reference for {call.qualified}")
    out = layer_reference(args[0], args[1], args[2] if len(args) > 2 else None, kwargs.get("stride", 1),
                          kwargs.get("padding", 0), kwargs.get("dilation", 1), kwargs.get("groups", 1), one_d)
    for i in call.index:
        out = out[i]
    return out


def check_layer(e, doc, *, seed: int = 0, strict: bool = True) -> CheckReport:
    """Compare the exact values of a `LayerExpansion` with its document's call, element-wise
    (symbols replaced by seeded random rationals; tolerance as for one channel)."""
    xs = [v for p in e.planes for v in p.x.values]
    ws = [v for p in e.planes for v in p.k.values]
    bias = list(e.bias or ())
    flat_out = [v for plane in e.cell_values for v in plane]
    symbols = set().union(*(v.free_symbols for v in xs + ws + bias))
    subs = substitution(symbols, seed, tuple(xs + ws + bias + flat_out)) if symbols else {}

    def tensor(shape, value_at):
        return np.array(numeric([value_at(i) for i in np.ndindex(*shape)], subs)).reshape(shape)

    spatial = e.spatial

    def x_at(index):
        lead, space = index[:len(index) - spatial], index[len(index) - spatial:]
        n, c = (lead if e.batched else (0,) + lead) if lead else (0, 0)
        plane = e.plane(n, (c // e.in_per_group) * e.out_per_group, c % e.in_per_group).x
        return plane.rows[0][space[0]] if spatial == 1 else plane.rows[space[0]][space[1]]

    def w_at(index):
        lead, space = index[:len(index) - spatial], index[len(index) - spatial:]
        kernel = e.plane(0, *lead).k if lead else e.planes[0].k
        return kernel.rows[0][space[0]] if spatial == 1 else kernel.rows[space[0]][space[1]]

    x = tensor(e.input_shape, x_at)
    w = tensor(e.weight_shape, w_at)
    arrays = {"input": x, "weight": w}
    if e.bias is not None:
        arrays["bias"] = np.array(numeric(bias, subs))
    call = doc.call
    reference = np.asarray(_evaluate(call, arrays, e.one_d))
    exact = np.array(numeric(flat_out, subs)).reshape(reference.shape)
    magnitudes = {k: np.abs(v) for k, v in arrays.items()}
    scale = np.abs(_evaluate(call, magnitudes, e.one_d))
    report = compare(exact, reference, scale, python_source(call), tuple((str(k), v) for k, v in subs.items()), strict)
    return dataclasses.replace(report, method="recomputed with NumPy, channel by channel")
