"""Check a finite derivation against what its printed library call returns, in float64.

The reference is read from the document's `Call`: ``numpy.convolve`` and
``numpy.correlate`` are called; scipy's and torch's calls are recomputed with NumPy
(``np.pad`` and ``sliding_window_view``) from their published definitions, following scipy's
input swap and torch's padding rules independently of the exact engine; a ``numpy.conj``
wrapper is applied as printed.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import VerificationError
from ..model import Expansion1D
from ..engine.index import PADDING_MODES
from ..steps import Array, Call, python_source
from .numeric import CheckReport, compare, numeric, substitution

__all__ = ["check_document", "scipy2d_reference", "torch_reference"]


def _swap_needed(mode: str, shape1, shape2) -> bool:
    """scipy's rule: in ``valid`` mode the inputs swap when the second is at least as large in
    every dimension (and larger in one)."""
    return mode == "valid" and not all(a >= b for a, b in zip(shape1, shape2))


def scipy2d_reference(kind: str, x: np.ndarray, k: np.ndarray, mode: str, boundary: str = "fill",
                      fill=0) -> np.ndarray:
    """What ``scipy.signal.convolve2d``/``correlate2d`` return, recomputed with NumPy the way
    scipy computes it: swap in ``valid`` mode when needed, pad by ``M2 - 1``/``N2 - 1`` with the
    boundary rule, correlate with the kernel rotated (convolution) or conjugated (correlation),
    keep the ``mode`` slice, and for a swapped correlation reverse the result."""
    from numpy.lib.stride_tricks import sliding_window_view

    swapped = _swap_needed(mode, x.shape, k.shape)
    if swapped:
        x, k = k, x
    (m1, n1), (m2, n2) = x.shape, k.shape
    pad = ((m2 - 1, m2 - 1), (n2 - 1, n2 - 1))
    if mode == "valid" or boundary == "fill":
        value = 0 if mode == "valid" else complex(fill)
        dtype = complex if np.iscomplexobj(x) or value.imag else float
        padded = np.pad(x.astype(dtype), pad, constant_values=value if dtype is complex else value.real)
    else:
        padded = np.pad(x, pad, mode="wrap" if boundary == "wrap" else "symmetric")
    kernel = k[::-1, ::-1] if kind == "convolve2d" else np.conj(k)
    full = np.einsum("ijmn,mn->ij", sliding_window_view(padded, k.shape), kernel)
    if mode == "full":
        out = full
    elif mode == "same":
        r = (m2 - 1) // 2 if kind == "convolve2d" else m2 // 2
        c = (n2 - 1) // 2 if kind == "convolve2d" else n2 // 2
        out = full[r:r + m1, c:c + n1]
    else:
        out = full[m2 - 1:m1, n2 - 1:n1]
    return out[::-1, ::-1] if swapped and kind == "correlate2d" else out


def torch_reference(x: np.ndarray, w: np.ndarray, stride, padding, dilation, one_d: bool = False,
                    pads=None) -> np.ndarray:
    """``torch.nn.functional.conv2d`` of one channel (conv1d: one-row arrays), recomputed with
    NumPy: pad with zeros (``"same"``: ``d(k-1)`` in all, the extra one after; ``pads``: these
    ``((top, bottom), (left, right))``), dilate the kernel, slide it with the stride."""
    from numpy.lib.stride_tricks import sliding_window_view

    def pair(v):
        return tuple(v) if isinstance(v, tuple) and len(v) == 2 else ((v[0] if isinstance(v, tuple) else v),) * 2

    (sr, sc), (dr, dc) = pair(stride), pair(dilation)
    explicit, pads = pads, []
    for axis, (size, d) in enumerate(((w.shape[0], dr), (w.shape[1], dc))):
        if explicit is not None:  # ((top, bottom), (left, right)), as TensorFlow and JAX pad
            pads.append(tuple(explicit[axis]))
            continue
        if padding == "valid" or (one_d and axis == 0):
            pads.append((0, 0))
        elif padding == "same":
            total = d * (size - 1)
            pads.append((total // 2, total - total // 2))
        else:
            p = pair(padding)[axis]
            pads.append((p, p))
    if one_d:
        sr = dr = 1
    padded = np.pad(x, pads)
    kernel = np.zeros((dr * (w.shape[0] - 1) + 1, dc * (w.shape[1] - 1) + 1), w.dtype)
    kernel[::dr, ::dc] = w
    windows = sliding_window_view(padded, kernel.shape)[::sr, ::sc]
    return np.einsum("ijmn,mn->ij", windows, kernel)


def _evaluate(call: Call, arrays: dict, fill_scale=None) -> np.ndarray:
    args, kwargs = [], {}
    for arg in call.args:
        value = arg.value
        if isinstance(value, Call):
            value = _evaluate(value, arrays, fill_scale)
        elif isinstance(value, Array):
            value = arrays[value.role]
        (kwargs.__setitem__(arg.keyword, value) if arg.keyword else args.append(value))
    name = call.qualified
    if name in ("numpy.convolve", "numpy.correlate"):
        return getattr(np, call.function)(*args, **kwargs)
    if name == "numpy.conj":
        return np.conj(args[0])
    if name.startswith("scipy.signal."):
        fill = kwargs.get("fillvalue", 0) if fill_scale is None else fill_scale
        return scipy2d_reference(call.function, args[0], args[1], kwargs.get("mode", "full"),
                                 kwargs.get("boundary", "fill"), fill)
    if name == "torch.nn.functional.pad":  # F.pad(x, (left, right[, top, bottom]), mode=...)
        widths = args[1]
        pads = [(0, 0), (widths[0], widths[1])] if len(widths) == 2 else [(widths[2], widths[3]), (widths[0], widths[1])]
        return np.pad(args[0], pads, mode=PADDING_MODES[kwargs.get("mode", "constant")])
    if name.startswith("torch.nn.functional."):
        return torch_reference(args[0], args[1], kwargs.get("stride", 1), kwargs.get("padding", 0),
                               kwargs.get("dilation", 1), call.function == "conv1d")
    raise VerificationError(f"no reference for {name}")


def check_document(e, doc, *, seed: int = 0, strict: bool = True) -> CheckReport:
    """Compare the exact values of ``e`` with its document's library call, element-wise.

    Symbols are replaced by random rationals (seeded); the tolerance of each output is
    ``64 eps`` times the sum of the magnitudes of its products (the error bound of a float64 dot
    product, with room). With ``strict`` a mismatch raises [`VerificationError`][symconv.VerificationError].
    """
    call = doc.call
    one_d = isinstance(e, Expansion1D)
    first, second = (e.a.values, e.b.values) if one_d else (e.x.values, e.k.values)
    symbols = set().union(*(v.free_symbols for v in first + second))
    outputs = e.values if one_d else tuple(c.value for c in e.cells)
    subs = substitution(symbols, seed, first + second + outputs) if symbols else {}
    if one_d:
        left, right = numeric(e.a.values, subs), numeric(e.b.values, subs)
        exact = numeric(e.values, subs)
    else:
        left = np.array([numeric(row, subs) for row in e.x.rows])
        right = np.array([numeric(row, subs) for row in e.k.rows])
        exact = np.array([numeric(row, subs) for row in e.values])
    roles = ("first", "second") if one_d else ("input", "kernel")
    reference = _evaluate(call, dict(zip(roles, (left, right))))
    fill = abs(complex(e.fillvalue)) if not one_d and e.fillvalue is not None and not e.fillvalue.free_symbols else 0
    scale = np.abs(_evaluate(call, dict(zip(roles, (np.abs(left), np.abs(right)))), fill))
    report = compare(exact, reference, scale, python_source(call),
                     tuple((str(k), v) for k, v in subs.items()), strict)
    return report if one_d else dataclasses.replace(report, method="recomputed with a NumPy sliding window")
