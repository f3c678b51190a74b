"""Deep-learning "convolution" (torch.nn.functional.conv1d/conv2d, one channel): a
cross-correlation of the zero-padded input with stride and dilation."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..limits import Limits
from ..model import Expansion2D, Matrix, Window2D
from ..parse import parse_int, parse_int_tuple
from ..errors import InputError
from ._budget import refuse_large_array
from .frameworks import check_framework, framework_pads
from .index import check_mode_padding, check_padding_mode, dl_output_size, dl_padding, padded_source
from .twod import slide

__all__ = ["expand_dl", "pair", "DLGeometry", "dl_geometry", "slide_plane", "padded_value_at"]


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


@dataclass(frozen=True)
class DLGeometry:
    """Where a torch-style layer's windows lie, from the sizes alone: the ``window`` over the
    padded input and the ``padding`` ``(top, bottom, left, right)``."""

    window: Window2D
    padding: tuple
    padding_mode: str
    raw_padding: object
    framework: str = "torch"


def dl_geometry(kind: str, in_shape: tuple, k_shape: tuple, stride, padding, dilation, limits: Limits,
                padding_mode: str = "zeros", planes: int = 1, framework: str = "torch") -> DLGeometry:
    """The geometry of ``torch.nn.functional.conv1d`` (``kind="conv1d"``, shapes ``(1, L)``) or
    ``conv2d`` of one channel plane, with torch's refusals; the padded input and the dilated
    kernel (``planes`` of each) are checked against ``Limits.max_cells`` first. ``framework``
    ``"tensorflow"``/``"jax"`` pads as those do (`symconv.engine.frameworks`)."""
    check_padding_mode(padding_mode)
    check_framework(framework)
    one_d = kind == "conv1d"
    stride = _positive(pair(stride, "stride", one_d), "stride")
    dilation = _positive(pair(dilation, "dilation", one_d), "dilation")
    (h, wd), (kh, kw) = in_shape, k_shape
    if framework != "torch":
        if padding_mode != "zeros":
            raise InputError(f"padding_mode={padding_mode!r} is torch's; framework={framework!r} pads with zeros")
        if one_d:
            stride, dilation = (1, stride[-1]), (1, dilation[-1])
        top, bottom, left, right = framework_pads(framework, padding, in_shape, k_shape, stride, dilation, one_d)
    else:
        pads = pair(padding, "padding", one_d)
        if one_d:
            stride, dilation, pads = (1, stride[-1]), (1, dilation[-1]), (0, pads[-1])
        top, bottom = (0, 0) if one_d else dl_padding(pads[0], kh, dilation[0], stride[0], "rows")
        left, right = dl_padding(pads[1], kw, dilation[1], stride[1], "columns" if not one_d else "input")
    what = f"{kind} of a {h}x{wd} input" if not one_d else f"{kind} of a length-{wd} input"
    refuse_large_array(f"{what}: the padded input", planes * (h + top + bottom) * (wd + left + right), limits)
    refuse_large_array(f"{what}: the dilated kernel",
                       planes * (dilation[0] * (kh - 1) + 1) * (dilation[1] * (kw - 1) + 1), limits)
    if padding_mode != "zeros":
        if not one_d:
            check_mode_padding(padding_mode, top, bottom, h, "rows")
        check_mode_padding(padding_mode, left, right, wd, "length" if one_d else "columns")
    out_rows = 1 if one_d else dl_output_size(h, kh, stride[0], top, bottom, dilation[0])
    out_cols = dl_output_size(wd, kw, stride[1], left, right, dilation[1])
    window = Window2D((out_rows, out_cols), (kh, kw), (0, 0), stride, dilation)
    return DLGeometry(window, (top, bottom, left, right), padding_mode, padding, framework)


def padded_value_at(x: Matrix, geometry: DLGeometry):
    """``value_at(r, c)``: what the padded input holds at ``(r, c)`` (padded coordinates)."""
    top, _, left, _ = geometry.padding
    h, wd = x.shape
    mode, zero, rows = geometry.padding_mode, sympy.S.Zero, x.rows

    def value_at(r: int, c: int):
        r, c = padded_source(r - top, h, mode), padded_source(c - left, wd, mode)
        return zero if r is None or c is None else rows[r][c]

    return value_at


def slide_plane(kind: str, x: Matrix, w: Matrix, geometry: DLGeometry, out_name: str,
                limits: Limits) -> Expansion2D:
    """One channel plane of a torch-style layer: the input ``x`` padded as ``geometry`` says,
    correlated with ``w`` (not flipped)."""
    value_at = padded_value_at(x, geometry)
    return slide(kind, x, w, w.rows, geometry.padding, geometry.window, value_at, out_name, limits,
                 raw_padding=geometry.raw_padding, padding_mode=geometry.padding_mode, framework=geometry.framework)


def expand_dl(kind: str, x: Matrix, w: Matrix, stride, padding, dilation, out_name: str,
              limits: Limits, padding_mode: str = "zeros") -> Expansion2D:
    """Expand ``torch.nn.functional.conv1d`` (``kind="conv1d"``, one-row matrices) or ``conv2d``
    of one channel.

    ``y[i, j] = sum_{m, n} xp[i*s_h + m*d_h, j*s_w + n*d_w] * w[m, n]`` with ``xp`` the input
    padded as torch pads it; the output size per axis is
    ``floor((i + 2p - d(k-1) - 1) / s) + 1``. The padded input and the dilated kernel are shown in
    the derivation, so their sizes are checked against ``Limits.max_cells`` first; the padding
    itself is never built (a window reading it reads a zero). With ``padding_mode`` (torch's
    ``nn.Conv1d/Conv2d`` argument) the padding reads the input mirrored (``reflect``, the edge not
    repeated), its edge (``replicate``) or wrapped around (``circular``).
    """
    geometry = dl_geometry(kind, x.shape, w.shape, stride, padding, dilation, limits, padding_mode)
    return slide_plane(kind, x, w, geometry, out_name, limits)
