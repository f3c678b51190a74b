"""Deep-learning "convolution" (torch.nn.functional.conv1d/conv2d, one channel): a
cross-correlation of the zero-padded input with stride and dilation."""

from __future__ import annotations

import sympy

from ..limits import Limits
from ..model import Expansion2D, Matrix, Window2D
from ..parse import parse_int, parse_int_tuple
from ._budget import refuse_large_array
from .index import check_mode_padding, check_padding_mode, dl_output_size, dl_padding, padded_source
from .twod import slide

__all__ = ["expand_dl", "pair"]


def pair(value, name: str, one_d: bool) -> tuple:
    """An int, or (for conv2d) a pair of ints, as ``(rows, cols)``; strings pass through.

    As torch: a 1-tuple is one int (``padding=(1,)``), conv2d also takes a pair; NumPy and 0-d
    integers are ints (`parse_int_tuple()`)."""
    if isinstance(value, str):
        return (value, value)
    values = parse_int_tuple(value, where=name, lengths=(1,) if one_d else (1, 2))
    return (values[0], values[-1])


def _positive(values: tuple, name: str) -> tuple:
    return tuple(parse_int(v, where=name, minimum=1) for v in values)


def expand_dl(kind: str, x: Matrix, w: Matrix, stride, padding, dilation, out_name: str,
              limits: Limits, padding_mode: str = "zeros") -> Expansion2D:
    """Expand ``torch.nn.functional.conv1d`` (``kind="conv1d"``, one-row matrices) or ``conv2d``.

    ``y[i, j] = sum_{m, n} xp[i*s_h + m*d_h, j*s_w + n*d_w] * w[m, n]`` with ``xp`` the input
    zero-padded as torch pads it; the output size per axis is
    ``floor((i + 2p - d(k-1) - 1) / s) + 1``. The padded input and the dilated kernel are shown in
    the derivation, so their sizes are checked against ``Limits.max_cells`` first; the padding
    itself is never built (a window reading it reads a zero). With ``padding_mode`` (torch's
    ``nn.Conv1d/Conv2d`` argument) the padding reads the input mirrored (``reflect``, the edge not
    repeated), its edge (``replicate``) or wrapped around (``circular``).
    """
    check_padding_mode(padding_mode)
    one_d = kind == "conv1d"
    stride = _positive(pair(stride, "stride", one_d), "stride")
    dilation = _positive(pair(dilation, "dilation", one_d), "dilation")
    pads = pair(padding, "padding", one_d)
    if one_d:
        stride, dilation, pads = (1, stride[-1]), (1, dilation[-1]), (0, pads[-1])
    (h, wd), (kh, kw) = x.shape, w.shape
    top, bottom = (0, 0) if one_d else dl_padding(pads[0], kh, dilation[0], stride[0], "rows")
    left, right = dl_padding(pads[1], kw, dilation[1], stride[1], "columns" if not one_d else "input")
    what = f"{kind} of a {h}x{wd} input" if not one_d else f"{kind} of a length-{wd} input"
    refuse_large_array(f"{what}: the padded input", (h + top + bottom) * (wd + left + right), limits)
    refuse_large_array(f"{what}: the dilated kernel",
                       (dilation[0] * (kh - 1) + 1) * (dilation[1] * (kw - 1) + 1), limits)
    if padding_mode != "zeros":
        if not one_d:
            check_mode_padding(padding_mode, top, bottom, h, "rows")
        check_mode_padding(padding_mode, left, right, wd, "length" if one_d else "columns")
    out_rows = 1 if one_d else dl_output_size(h, kh, stride[0], top, bottom, dilation[0])
    out_cols = dl_output_size(wd, kw, stride[1], left, right, dilation[1])
    window = Window2D((out_rows, out_cols), (kh, kw), (0, 0), stride, dilation)
    zero = sympy.S.Zero

    def value_at(r: int, c: int):
        r, c = padded_source(r - top, h, padding_mode), padded_source(c - left, wd, padding_mode)
        return zero if r is None or c is None else x.rows[r][c]

    return slide(kind, x, w, w.rows, (top, bottom, left, right), window, value_at, out_name, limits,
                 raw_padding=padding, padding_mode=padding_mode)
