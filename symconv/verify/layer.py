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
                    one_d: bool = False, pads=None) -> np.ndarray:
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
            total = sum(torch_reference(x[n, first + k], w[o, k], stride, padding, dilation, one_d, pads)
                        for k in range(per_group))
            row.append(total + (bias[o] if bias is not None else 0))
        planes.append(row)
    out = np.array(planes)
    if one_d:
        out = out[:, :, 0, :]
    return out[0] if unbatched else out


def _same(size: int, kernel: int, stride: int, dilation: int, lower: bool) -> tuple:
    """TensorFlow's and JAX's published SAME rule, written out again here (not the engine's):
    ``ceil(i/s)`` outputs, the padding they need split with the smaller half before (JAX's
    SAME_LOWER: after)."""
    out = (size + stride - 1) // stride
    need = (out - 1) * stride + (kernel - 1) * dilation + 1 - size
    total = need if need > 0 else 0
    return (total - total // 2, total // 2) if lower else (total // 2, total - total // 2)


def _channels_first_conv(x, w, stride, padding, dilation, groups, one_d: bool):
    """A convolution of channels-first ``x`` and OI... ``w`` with string or explicit padding."""
    spatial = x.shape[-2:] if not one_d else (1, x.shape[-1])
    kernel = w.shape[-2:] if not one_d else (1, w.shape[-1])
    strides = (1, stride[-1]) if one_d else tuple(stride)
    dilations = (1, dilation[-1]) if one_d else tuple(dilation)
    if isinstance(padding, str):
        word = padding.upper()
        pads = [(0, 0) if word == "VALID" or (one_d and a == 0) else
                _same(spatial[a], kernel[a], strides[a], dilations[a], word == "SAME_LOWER") for a in range(2)]
    else:
        pads = [(0, 0)] + [tuple(p) for p in padding] if one_d else [tuple(p) for p in padding]
    return layer_reference(x, w, None, strides, 0, dilations, groups, one_d, pads)


def _tf_conv(args, kwargs, one_d):
    x, w = np.asarray(args[0]), np.asarray(args[1])
    last = (0, 2, 1) if one_d else (0, 3, 1, 2)
    weight = (2, 1, 0) if one_d else (3, 2, 0, 1)
    stride = kwargs.get("stride" if one_d else "strides", 1)
    dilation = kwargs.get("dilations", 1)
    stride = (stride, stride) if np.ndim(stride) == 0 else tuple(stride)
    dilation = (dilation, dilation) if np.ndim(dilation) == 0 else tuple(dilation)
    groups = x.shape[-1] // w.shape[-2]  # TensorFlow infers the groups from the weight
    out = _channels_first_conv(np.transpose(x, last), np.transpose(w, weight), stride, kwargs["padding"],
                               dilation, groups, one_d)
    return np.transpose(out, (0, 2, 1) if one_d else (0, 2, 3, 1))


def _jax_conv(args, kwargs, one_d):
    numbers = kwargs.get("dimension_numbers")
    if numbers not in (("NCH", "OIH", "NCH"), ("NCHW", "OIHW", "NCHW")):
        raise VerificationError(f"no reference for dimension_numbers={numbers!r}")
    return _channels_first_conv(np.asarray(args[0]), np.asarray(args[1]), kwargs["window_strides"],
                                kwargs["padding"], kwargs.get("rhs_dilation", (1,) * (1 if one_d else 2)),
                                kwargs.get("feature_group_count", 1), one_d)


_FRAMEWORKS = {
    "tf.transpose": lambda args, kwargs, one_d: np.transpose(args[0], args[1]),
    "tf.nn.bias_add": lambda args, kwargs, one_d: args[0] + args[1],
    "tf.nn.conv1d": _tf_conv,
    "tf.nn.conv2d": _tf_conv,
    "jax.lax.conv_general_dilated": _jax_conv,
    "jax.numpy.add": lambda args, kwargs, one_d: args[0] + args[1],
}


def _evaluate(call: Call, arrays: dict, one_d: bool):
    args, kwargs = [], {}
    for arg in call.args:
        value = arg.value
        if isinstance(value, Call):
            value = _evaluate(value, arrays, one_d)
        elif isinstance(value, Array):
            value = arrays[value.role]
            value = value[(None,) * arg.axes + ((slice(None),) + (None,) * arg.trailing if arg.trailing else ())]
        (kwargs.__setitem__(arg.keyword, value) if arg.keyword else args.append(value))
    if call.qualified == "torch.nn.functional.pad":  # the last axes, (left, right[, top, bottom])
        x, widths = args
        pads = [(0, 0)] * x.ndim
        pads[-1] = (widths[0], widths[1])
        if len(widths) == 4:
            pads[-2] = (widths[2], widths[3])
        return np.pad(x, pads, mode=PADDING_MODES[kwargs.get("mode", "constant")])
    framework = _FRAMEWORKS.get(call.qualified)
    if framework is not None:
        out = framework(args, kwargs, one_d)
        for i in call.index:
            out = out[i]
        return out
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
