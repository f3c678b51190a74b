"""Deep-learning "convolution" (torch.nn.functional.conv1d/conv2d, one channel): a
cross-correlation of the zero-padded input with stride and dilation."""

from __future__ import annotations

from ..limits import Limits
from ..model import Expansion2D, Matrix
from ..parse import parse_int, parse_int_tuple
from ._index import dl_output_size, dl_padding
from .twod import slide

__all__ = ["expand_dl", "pair"]


def pair(value, name: str, one_d: bool) -> tuple:
    """An int, or (for conv2d) a pair of ints, as ``(rows, cols)``; strings pass through.

    As torch: a 1-tuple is one int (``padding=(1,)``), conv2d also takes a pair; NumPy and 0-d
    integers are ints (:func:`~symconv.parse.parse_int_tuple`)."""
    if isinstance(value, str):
        return (value, value)
    values = parse_int_tuple(value, where=name, lengths=(1,) if one_d else (1, 2))
    return (values[0], values[-1])


def _positive(values: tuple, name: str) -> tuple:
    return tuple(parse_int(v, where=name, minimum=1) for v in values)


def expand_dl(kind: str, x: Matrix, w: Matrix, stride, padding, dilation, out_name: str,
              limits: Limits) -> Expansion2D:
    """Expand ``torch.nn.functional.conv1d`` (``kind="conv1d"``, one-row matrices) or ``conv2d``.

    ``y[i, j] = sum_{m, n} xp[i*s_h + m*d_h, j*s_w + n*d_w] * w[m, n]`` with ``xp`` the input
    zero-padded as torch pads it; the output size per axis is
    ``floor((i + 2p - d(k-1) - 1) / s) + 1``.
    """
    one_d = kind == "conv1d"
    stride = _positive(pair(stride, "stride", one_d), "stride")
    dilation = _positive(pair(dilation, "dilation", one_d), "dilation")
    pads = pair(padding, "padding", one_d)
    if one_d:
        stride, dilation, pads = (1, stride[-1]), (1, dilation[-1]), (0, pads[-1])
    (h, wd), (kh, kw) = x.shape, w.shape
    top, bottom = (0, 0) if one_d else dl_padding(pads[0], kh, dilation[0], stride[0], "rows")
    left, right = dl_padding(pads[1], kw, dilation[1], stride[1], "columns" if not one_d else "input")
    out_rows = 1 if one_d else dl_output_size(h, kh, stride[0], top, bottom, dilation[0])
    out_cols = dl_output_size(wd, kw, stride[1], left, right, dilation[1])
    zero = x.rows[0][0] * 0
    width = left + wd + right
    source = tuple([(zero,) * width] * top
                   + [(zero,) * left + row + (zero,) * right for row in x.rows]
                   + [(zero,) * width] * bottom)
    e = Expansion2D(kind, x, w, out_name, w.rows, source, (top, bottom, left, right), (0, 0),
                    stride, dilation, (out_rows, out_cols), (), raw_padding=padding)
    return slide(e, limits)
