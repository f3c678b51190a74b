"""How TensorFlow and JAX pad a convolution, as index arithmetic over plain ints.

torch pads both sides alike (``padding='same'`` only with stride 1). TensorFlow's and JAX's
``SAME`` works for any stride: the output has ``ceil(i / s)`` samples and the padding they need,
``max(0, (ceil(i/s) - 1) s + d(k - 1) + 1 - i)``, is split with the smaller half before (JAX's
``SAME_LOWER``: the larger half before). JAX also takes explicit ``(low, high)`` pairs.
"""

from __future__ import annotations

from ..errors import InputError, brief
from ..parse import parse_int

__all__ = ["FRAMEWORKS", "check_framework", "same_padding", "framework_pads"]

FRAMEWORKS = ("torch", "tensorflow", "jax")
_STRINGS = {"tensorflow": ("SAME", "VALID"), "jax": ("SAME", "SAME_LOWER", "VALID")}


def check_framework(framework) -> str:
    """Return ``framework`` if it is one of `FRAMEWORKS`, else raise [`InputError`][symconv.InputError]."""
    if not isinstance(framework, str) or framework not in FRAMEWORKS:
        raise InputError(f"framework must be 'torch', 'tensorflow' or 'jax', got {brief(framework)}")
    return framework


def same_padding(size: int, kernel: int, stride: int, dilation: int, lower: bool = False) -> tuple[int, int, int]:
    """``(out, before, after)`` of ``SAME`` padding along one axis.

    Examples
    --------
    >>> same_padding(5, 3, 2, 1)          # ceil(5/2) = 3 outputs, 2 zeros: 1 before, 1 after
    (3, 1, 1)
    >>> same_padding(6, 3, 2, 1)          # 3 outputs need 1 zero: after (TensorFlow), before (SAME_LOWER)
    (3, 0, 1)
    >>> same_padding(6, 3, 2, 1, lower=True)
    (3, 1, 0)
    """
    out = -(-size // stride)
    total = max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - size)
    small = total // 2
    return (out, total - small, small) if lower else (out, small, total - small)


def _pair(value, where: str) -> tuple[int, int]:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        low, high = (parse_int(v, where=where) for v in value)
        if low < 0 or high < 0:
            raise InputError(f"{where}: negative padding crops the input in JAX; symconv shows padding of at "
                             f"least 0, got {brief(tuple(value))}")
        return low, high
    raise InputError(f"{where} must be a (low, high) pair of ints, got {brief(value)}")


def framework_pads(framework: str, padding, in_shape: tuple, k_shape: tuple, stride: tuple, dilation: tuple,
                   one_d: bool) -> tuple:
    """``(top, bottom, left, right)`` as TensorFlow or JAX pads (conv1d: rows 0, 0).

    TensorFlow takes ``"same"``/``"valid"``; JAX also ``"same_lower"``, an int (both sides of
    every axis) and explicit ``(low, high)`` pairs: conv1d ``(low, high)`` or ``[(low, high)]``,
    conv2d ``[(low, high), (low, high)]``. Strings are read in any case.
    """
    axes = [1] if one_d else [0, 1]
    if isinstance(padding, str):
        word = padding.upper()
        if word not in _STRINGS[framework]:
            words = [repr(s.lower()) for s in _STRINGS[framework]]
            shown = ", ".join(words[:-1]) + " or " + words[-1]
            raise InputError(f"framework={framework!r} takes padding {shown}"
                             + (", an int or (low, high) pairs" if framework == "jax" else
                                " (explicit padding: framework='jax' or 'torch')") + f", got {brief(padding)}")
        pads = [0, 0, 0, 0]
        if word != "VALID":
            for axis in axes:
                _, before, after = same_padding(in_shape[axis], k_shape[axis], stride[axis], dilation[axis],
                                                lower=word == "SAME_LOWER")
                pads[2 * axis], pads[2 * axis + 1] = before, after
        return tuple(pads)
    if framework == "tensorflow":
        raise InputError(f"framework='tensorflow' takes padding 'same' or 'valid' (explicit padding: "
                         f"framework='jax' or 'torch'), got {brief(padding)}")
    if isinstance(padding, bool):
        raise InputError(f"padding must be an int, (low, high) pairs or a string, got {brief(padding)}")
    if isinstance(padding, int) or hasattr(padding, "__index__"):
        p = parse_int(padding, where="padding", minimum=0)
        return (0, 0, p, p) if one_d else (p, p, p, p)
    pairs = list(padding) if isinstance(padding, (list, tuple)) else None
    if one_d and pairs is not None and len(pairs) == 2 and not isinstance(pairs[0], (list, tuple)):
        pairs = [pairs]
    if pairs is None or len(pairs) != len(axes):
        wanted = "(low, high)" if one_d else "[(low, high), (low, high)]"
        raise InputError(f"framework='jax' takes padding as a string, an int or {wanted}, got {brief(padding)}")
    pads = [0, 0, 0, 0]
    for axis, pair in zip(axes, pairs):
        pads[2 * axis], pads[2 * axis + 1] = _pair(pair, f"padding[{axes.index(axis)}]")
    return tuple(pads)
