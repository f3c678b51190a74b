"""The TensorFlow and JAX calls a layer's values equal, as data (`Call`), each in the
framework's own layout so that it runs as printed.

TensorFlow wants channels last: the input goes in as NWC/NHWC and the weight as WIO/HWIO
(``tf.transpose`` of the torch-layout arrays), the bias is added by ``tf.nn.bias_add`` and the
output is transposed back to channels first. JAX's ``lax.conv_general_dilated`` reads torch's
layout as given, told so by ``dimension_numbers`` (NCH/OIH/NCH, NCHW/OIHW/NCHW); its padding is
a string or explicit ``(low, high)`` pairs and the bias is added along the channel axis.
"""

from __future__ import annotations

from .base import Arg, Array, Call

__all__ = ["framework_call"]


def _lead(e) -> int:
    """Leading axes of length one to add to the input: batch (and channel for a plain input)."""
    return 2 if e.plain else (0 if e.batched else 1)


def _index(e) -> tuple:
    return (0, 0) if e.plain else (() if e.batched else (0,))


def framework_call(e, x: Array, w: Array, out: Array, bias: Array | None) -> Call:
    """The ``tensorflow`` or ``jax`` call of a layer expansion ``e`` (a `LayerExpansion`)."""
    one_d = e.one_d
    stride = e.stride[1] if one_d else (e.stride if e.stride[0] != e.stride[1] else e.stride[0])
    dilation = e.dilation[1] if one_d else (e.dilation if e.dilation[0] != e.dilation[1] else e.dilation[0])
    padding = e.raw_padding
    if e.framework == "tensorflow":
        to_last, to_first = ((0, 2, 1), (0, 2, 1)) if one_d else ((0, 2, 3, 1), (0, 3, 1, 2))
        weight_axes = (2, 1, 0) if one_d else (2, 3, 1, 0)
        source = Arg(Call("tf", "transpose", (Arg(x, axes=_lead(e)), Arg(to_last)), x))
        kernel = Arg(Call("tf", "transpose", (Arg(w, axes=2 if e.plain else 0), Arg(weight_axes)), w))
        args = (source, kernel, Arg(stride, "stride" if one_d else "strides"), Arg(padding.upper(), "padding"),
                Arg(dilation, "dilations"))
        conv = Call("tf.nn", "conv1d" if one_d else "conv2d", args, out)
        if bias is not None:
            conv = Call("tf.nn", "bias_add", (Arg(conv), Arg(bias)), out)
        return Call("tf", "transpose", (Arg(conv), Arg(to_first)), out, index=_index(e), layout="tensorflow")
    spatial = 1 if one_d else 2
    if isinstance(padding, str):
        pads = padding.upper()
    else:
        top, bottom, left, right = e.padding
        pads = [(left, right)] if one_d else [(top, bottom), (left, right)]
    strides = (e.stride[1],) if one_d else tuple(e.stride)
    dilations = (e.dilation[1],) if one_d else tuple(e.dilation)
    numbers = ("NCH", "OIH", "NCH") if one_d else ("NCHW", "OIHW", "NCHW")
    args = [Arg(x, axes=_lead(e)), Arg(w, axes=2 if e.plain else 0), Arg(strides, "window_strides"),
            Arg(pads, "padding"), Arg(dilations, "rhs_dilation"), Arg(numbers, "dimension_numbers")]
    if e.groups != 1:
        args.append(Arg(e.groups, "feature_group_count"))
    conv = Call("jax.lax", "conv_general_dilated", tuple(args), out)
    if bias is not None:
        conv = Call("jax.numpy", "add", (Arg(conv), Arg(bias, trailing=spatial)), out)
    return Call(conv.module, conv.function, conv.args, out, index=_index(e), layout="jax")
