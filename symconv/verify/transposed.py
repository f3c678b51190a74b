"""Check a transposed convolution against its printed ``torch.nn.functional.conv_transpose1d/2d``
call, recomputed in float64 with NumPy by scatter-add from torch's published definition: every
input sample adds the kernel, scaled by it, to the output at ``s*i + d*m``; the first and last
``padding`` positions are then cropped (``output_padding`` extends the end first); each group's
input channels feed its output channels; the bias is added last. Independent of the exact
engine: no zero insertion, no flipped kernel, no matrix."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import VerificationError
from ..steps import Array, Call, python_source
from .numeric import CheckReport, compare, numeric, substitution

__all__ = ["transposed_reference", "check_transposed"]


def _axes(value) -> tuple:
    """``(rows, columns)`` of a parameter as a call gives it (an int, or a 1- or 2-tuple)."""
    if isinstance(value, (tuple, list)):
        return (value[0], value[-1])
    return (value, value)


def transposed_reference(x: np.ndarray, w: np.ndarray, bias=None, stride=1, padding=0, output_padding=0,
                         groups: int = 1, dilation=1, one_d: bool = False) -> np.ndarray:
    """``torch.nn.functional.conv_transpose1d/2d`` of an unbatched ``(C_in, *spatial)`` or batched
    ``(N, C_in, *spatial)`` input with a weight ``(C_in, C_out/groups, *kernel)``, by scatter-add.

    Examples
    --------
    >>> transposed_reference(np.array([[[1., 2, 3]]]), np.array([[[1., 1, 1]]]), stride=2, one_d=True)
    array([[[1., 1., 3., 2., 5., 3., 3.]]])
    """
    spatial = 1 if one_d else 2
    unbatched = x.ndim == spatial + 1
    if unbatched:
        x = x[None]
    if one_d:
        x, w = x[:, :, None, :], w[:, :, None, :]
        s, p, a, d = ((first, _axes(v)[1]) for first, v in ((1, stride), (0, padding), (0, output_padding),
                                                              (1, dilation)))
    else:
        s, p, a, d = (_axes(v) for v in (stride, padding, output_padding, dilation))
    batch, c_in, h, wd = x.shape
    _, per_group, kh, kw = w.shape
    c_out, in_per_group = per_group * groups, c_in // groups
    full = [(n - 1) * st + dl * (k - 1) + 1 + ap for n, st, dl, k, ap in zip((h, wd), s, d, (kh, kw), a)]
    dtype = np.result_type(x.dtype, w.dtype, np.float64)
    canvas = np.zeros((batch, c_out, full[0], full[1]), dtype=dtype)
    for g in range(groups):
        xs = x[:, g * in_per_group:(g + 1) * in_per_group]
        ws = w[g * in_per_group:(g + 1) * in_per_group]
        outs = slice(g * per_group, (g + 1) * per_group)
        for m in range(kh):
            for n in range(kw):
                rows = slice(m * d[0], m * d[0] + (h - 1) * s[0] + 1, s[0])
                cols = slice(n * d[1], n * d[1] + (wd - 1) * s[1] + 1, s[1])
                canvas[:, outs, rows, cols] += np.einsum("nchw,co->nohw", xs, ws[:, :, m, n])
    out = canvas[:, :, p[0]:full[0] - p[0], p[1]:full[1] - p[1]]
    if bias is not None:
        out = out + np.asarray(bias)[None, :, None, None]
    if one_d:
        out = out[:, :, 0, :]
    return out[0] if unbatched else out


def _evaluate(call: Call, arrays: dict, one_d: bool):
    args, kwargs = [], {}
    for arg in call.args:
        value = arg.value
        if isinstance(value, Array):
            value = arrays[value.role]
            for _ in range(arg.axes):
                value = value[None]
        (kwargs.__setitem__(arg.keyword, value) if arg.keyword else args.append(value))
    if call.qualified not in ("torch.nn.functional.conv_transpose1d", "torch.nn.functional.conv_transpose2d"):
        raise VerificationError(f"no reference for {call.qualified}")
    out = transposed_reference(args[0], args[1], args[2] if len(args) > 2 else None, kwargs.get("stride", 1),
                               kwargs.get("padding", 0), kwargs.get("output_padding", 0), kwargs.get("groups", 1),
                               kwargs.get("dilation", 1), one_d)
    for i in call.index:
        out = out[i]
    return out


def check_transposed(e, doc, *, seed: int = 0, strict: bool = True) -> CheckReport:
    """Compare the exact values of a `TransposedExpansion` with its document's call, element-wise
    (symbols replaced by seeded random rationals; the tolerance of each output is 64 eps times
    the sum of its products' magnitudes, computed by the same reference on the magnitudes)."""
    spatial = e.spatial
    bias = list(e.bias or ())
    flat_out = [v for plane in e.cell_values for v in plane]
    xs = [v for p in e.planes for v in p.x.values]
    ws = [v for p in e.planes for v in p.w.values]
    symbols = set().union(*(v.free_symbols for v in xs + ws + bias))
    subs = substitution(symbols, seed, tuple(xs + ws + bias + flat_out)) if symbols else {}

    def tensor(shape, value_at):
        return np.array(numeric([value_at(i) for i in np.ndindex(*shape)], subs)).reshape(shape)

    def x_at(index):
        lead, space = index[:len(index) - spatial], index[len(index) - spatial:]
        n, c = (lead if e.batched else (0,) + lead) if lead else (0, 0)
        g = c // e.in_per_group
        plane = e.plane(n, g * e.out_per_group, c % e.in_per_group).x
        return plane.rows[0][space[0]] if spatial == 1 else plane.rows[space[0]][space[1]]

    def w_at(index):
        lead, space = index[:len(index) - spatial], index[len(index) - spatial:]
        if lead:
            c, ol = lead
            g = c // e.in_per_group
            kernel = e.plane(0, g * e.out_per_group + ol, c % e.in_per_group).w
        else:
            kernel = e.planes[0].w
        return kernel.rows[0][space[0]] if spatial == 1 else kernel.rows[space[0]][space[1]]

    arrays = {"input": tensor(e.input_shape, x_at), "weight": tensor(e.weight_shape, w_at)}
    if e.bias is not None:
        arrays["bias"] = np.array(numeric(bias, subs))
    call = doc.call
    if call is None:
        raise VerificationError("the check reads the document's call; build it with call=True")
    reference = np.asarray(_evaluate(call, arrays, e.one_d))
    exact = np.array(numeric(flat_out, subs))
    if exact.size == reference.size:
        exact = exact.reshape(reference.shape)
    scale = np.abs(_evaluate(call, {k: np.abs(v) for k, v in arrays.items()}, e.one_d))
    report = compare(exact, reference, scale, python_source(call), tuple((str(k), v) for k, v in subs.items()),
                     strict)
    return dataclasses.replace(report, method="recomputed with a NumPy scatter-add")
