"""torch's rank rules for inputs with channel and batch axes, shared by the layers
(``conv1d``/``conv2d``) and the transposed convolutions: which shapes an input may have, that a
plain input takes a plain weight (one channel, groups 1, at most one bias value), and that an
input with channels takes a weight with two leading axes."""

from __future__ import annotations

from ..errors import InputError
from ..parse import parse_int

__all__ = ["shape_text", "check_ranks"]


def shape_text(shape: tuple) -> str:
    """A shape as Python writes it: ``(3,)``, ``(2, 3)``."""
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def check_ranks(kind: str, x_shape: tuple, w_shape: tuple, bias_len, groups, weight: str, image_op: str,
                signal_op: str) -> tuple[int, bool]:
    """``(groups, plain)`` once the ranks are as torch takes them, else an
    [`InputError`][symconv.InputError] saying why.

    ``weight`` names the weight's leading axes (``"C_out, C_in/groups"``); ``image_op`` and
    ``signal_op`` are the 2D and 1D operations a wrong rank is pointed to.

    >>> check_ranks("conv1d", (2, 5), (3, 2, 2), 3, 1, "C_out, C_in/groups", "conv2d", "conv1d")
    (1, False)
    """
    spatial = 1 if kind.endswith("1d") else 2
    groups = parse_int(groups, where="groups", minimum=1)
    layout = "(L,), (C_in, L) or (N, C_in, L)" if spatial == 1 else "(H, W), (C_in, H, W) or (N, C_in, H, W)"
    if len(x_shape) not in (spatial, spatial + 1, spatial + 2):
        raise InputError(f"{kind} takes an input of shape {layout}, got {shape_text(x_shape)}"
                         + (f"; for images use {image_op}" if spatial == 1 and len(x_shape) == 4 else "")
                         + (f"; use {signal_op} for 1D signals" if spatial == 2 and len(x_shape) == 1 else ""))
    if len(x_shape) == spatial:
        if len(w_shape) != spatial:
            raise InputError(f"{kind}: a plain input {shape_text(x_shape)} takes a plain weight "
                             f"({'(K,)' if spatial == 1 else '(kh, kw)'}), got {shape_text(w_shape)}; give the "
                             f"input channel axes to use a weight ({weight}, ...)")
        if groups != 1:
            raise InputError(f"{kind}: a plain input has one channel, so groups must be 1, got {groups}")
        if bias_len is not None and bias_len != 1:
            raise InputError(f"{kind}: a plain input has one output channel, so bias takes one value, got {bias_len}")
        return groups, True
    if len(w_shape) != spatial + 2:
        wanted = f"({weight}, K)" if spatial == 1 else f"({weight}, kh, kw)"
        hint = f"; a 2D input to {kind} is (channels, length), use {image_op} for an image" \
            if spatial == 1 and len(x_shape) == 2 else ""
        raise InputError(f"{kind}: an input with channels {shape_text(x_shape)} takes a weight {wanted} of "
                         f"{spatial + 2} dimensions (nested lists, or blocks by | in a string), got "
                         f"{shape_text(w_shape)}{hint}")
    return groups, False
