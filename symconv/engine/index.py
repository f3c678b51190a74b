"""The index arithmetic of modes, swaps, centring, boundaries and padding, over plain ints.

Positions here are 0-based offsets into NumPy's and scipy's arrays; the callers add start
indices. Where each output's window then lies is `symconv.model.geometry`. Each function is
checked against NumPy, scipy or torch over many shapes in ``tests/test_index.py`` and
``tests/test_twod.py``.
"""

from __future__ import annotations

from ..errors import InputError, brief

__all__ = ["MODES", "check_mode", "numpy_swaps", "convolve_window", "correlate_window", "BOUNDARIES",
           "check_boundary", "scipy2d_swaps", "scipy2d_window", "mirror", "dl_padding", "dl_output_size",
           "PADDING_MODES", "check_padding_mode", "check_mode_padding", "padded_source"]

MODES = ("full", "same", "valid")


def check_mode(mode) -> str:
    """Return ``mode`` if it is one of `MODES`, else raise [`InputError`][symconv.InputError]."""
    if mode not in MODES:
        raise InputError(f"mode must be 'full', 'same' or 'valid', got {brief(mode)}")
    return mode


def numpy_swaps(n: int, m: int) -> bool:
    """NumPy's ``convolve``/``correlate`` swap their arguments when the second is longer."""
    return m > n


def convolve_window(n: int, m: int, mode: str) -> tuple[int, int]:
    """(first output position, count) that ``numpy.convolve(a, v, mode)`` keeps.

    The full result has ``n + m - 1`` outputs; ``same`` keeps ``max(n, m)`` of them starting at
    ``(min(n, m) - 1) // 2``; ``valid`` keeps ``max - min + 1`` starting at ``min - 1``. The
    argument swap leaves convolution's positions symmetric in ``n`` and ``m``.
    """
    short, long_ = min(n, m), max(n, m)
    if mode == "full":
        return 0, n + m - 1
    if mode == "same":
        return (short - 1) // 2, long_
    return short - 1, long_ - short + 1


def correlate_window(n: int, m: int, mode: str) -> tuple[int, int]:
    """(first lag, count) that ``numpy.correlate(a, v, mode)`` keeps, lags ascending.

    Lag ``k`` is the output ``c_k = sum_j a[j + k] * conj(v[j])``; ``full`` runs from
    ``-(m - 1)`` to ``n - 1``. When ``m > n`` NumPy correlates ``(v, a)``, keeps that result's
    window and reverses it, which moves ``same`` and ``valid`` (for even lengths ``same`` is not
    the mirror image of the unswapped case).
    """
    if mode == "full":
        return -(m - 1), n + m - 1
    if not numpy_swaps(n, m):
        if mode == "same":
            return -(m // 2), n
        return 0, n - m + 1
    if mode == "same":
        return n // 2 - m + 1, m
    return -(m - n), m - n + 1


# -- 2D: scipy.signal.convolve2d / correlate2d ------------------------------------------------
BOUNDARIES = ("fill", "wrap", "symm")


def check_boundary(boundary) -> str:
    """Return ``boundary`` if scipy accepts it, else raise [`InputError`][symconv.InputError]."""
    if boundary not in BOUNDARIES:
        raise InputError(f"boundary must be 'fill', 'wrap' or 'symm', got {brief(boundary)}")
    return boundary


def scipy2d_swaps(shape1: tuple, shape2: tuple, mode: str) -> bool:
    """scipy's ``_inputs_swap_needed``: in ``valid`` mode the second input may be the larger one
    only if it is at least as large in every dimension; then the inputs swap."""
    if mode != "valid":
        return False
    if all(a >= b for a, b in zip(shape1, shape2)):
        return False
    if all(a <= b for a, b in zip(shape1, shape2)):
        return True
    raise InputError(f"for 'valid' mode one input must be at least as large as the other in every "
                     f"dimension, got shapes {tuple(shape1)} and {tuple(shape2)}")


def scipy2d_window(shape1: tuple, shape2: tuple, mode: str, kind: str) -> tuple[tuple, tuple]:
    """``(offset, out_shape)``: where the kept output starts in the full result and its shape.

    ``full`` is ``M1 + M2 - 1`` per axis. ``same`` keeps ``in1``'s shape, starting at
    ``(M2 - 1) // 2`` for ``convolve2d`` but ``M2 // 2`` for ``correlate2d`` (they differ for even
    kernels). ``valid`` keeps ``|M1 - M2| + 1``, starting at ``min(M1, M2) - 1``.
    """
    offset, shape = [], []
    for a, b in zip(shape1, shape2):
        if mode == "full":
            offset.append(0)
            shape.append(a + b - 1)
        elif mode == "same":
            offset.append((b - 1) // 2 if kind == "convolve2d" else b // 2)
            shape.append(a)
        else:
            offset.append(min(a, b) - 1)
            shape.append(abs(a - b) + 1)
    return tuple(offset), tuple(shape)


def mirror(i: int, length: int) -> int:
    """scipy's ``symm`` boundary: reflect with the edge repeated (``x[-1] = x[0]``)."""
    period = 2 * length
    i %= period
    return i if i < length else period - 1 - i


# -- deep learning: torch.nn.functional.conv1d / conv2d ----------------------------------------
#: torch's ``padding_mode`` (``torch.nn.Conv1d/Conv2d``), and NumPy's name for each in ``np.pad``.
PADDING_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def check_padding_mode(mode) -> str:
    """Return ``mode`` if torch accepts it, else raise [`InputError`][symconv.InputError]."""
    if not isinstance(mode, str) or mode not in PADDING_MODES:
        raise InputError(f"padding_mode must be 'zeros', 'reflect', 'replicate' or 'circular', got {brief(mode)}")
    return mode


def check_mode_padding(mode: str, before: int, after: int, size: int, axis: str) -> None:
    """torch's limits on the padding a mode can fill: ``reflect`` needs padding below the input's
    size (it mirrors without repeating the edge), ``circular`` at most the size."""
    most = max(before, after)
    if mode == "reflect" and most >= size:
        raise InputError(f"padding_mode='reflect' needs padding smaller than the input's {axis} ({size}), "
                         f"got {most}")
    if mode == "circular" and most > size:
        raise InputError(f"padding_mode='circular' needs padding of at most the input's {axis} ({size}), got {most}")


def padded_source(i: int, size: int, mode: str):
    """The input index that position ``i`` of an axis padded by ``mode`` reads (``i`` in input
    coordinates, negative or past the end in the padding), or None for a zero.

    >>> [padded_source(i, 3, "reflect") for i in (-2, -1, 3, 4)]
    [2, 1, 1, 0]
    >>> [padded_source(i, 3, m) for m in ("replicate", "circular", "zeros") for i in (-1, 3)]
    [0, 2, 2, 0, None, None]
    """
    if 0 <= i < size:
        return i
    if mode == "zeros":
        return None
    if mode == "replicate":
        return min(max(i, 0), size - 1)
    if mode == "circular":
        return i % size
    period = 2 * (size - 1)  # reflect: the edge sample is not repeated
    i = i % period if period else 0
    return i if i < size else period - i

def dl_padding(padding, kernel: int, dilation: int, stride: int, axis: str) -> tuple[int, int]:
    """(before, after) zero padding of one axis, as torch applies it.

    An int pads both sides; ``"valid"`` is 0; ``"same"`` pads ``d(k-1)`` in all, the extra one
    after (torch refuses ``"same"`` with a stride other than 1).
    """
    if padding == "valid":
        return 0, 0
    if padding == "same":
        if stride != 1:
            raise InputError("padding='same' is not supported for strided convolutions (stride must be 1)")
        total = dilation * (kernel - 1)
        return total // 2, total - total // 2
    if isinstance(padding, bool) or not isinstance(padding, int):
        raise InputError(f"padding must be an int, a pair of ints, 'same' or 'valid', got {brief(padding)}")
    if padding < 0:
        raise InputError(f"padding must be non-negative, got {padding} ({axis})")
    return padding, padding


def dl_output_size(size: int, kernel: int, stride: int, before: int, after: int, dilation: int) -> int:
    """``floor((i + p_before + p_after - d(k-1) - 1) / s) + 1``; refuses a kernel larger than the
    padded input, as torch does."""
    span = dilation * (kernel - 1) + 1
    padded = size + before + after
    if span > padded:
        raise InputError(f"the kernel spans {span} (size {kernel}, dilation {dilation}) but the padded "
                         f"input has only {padded}: kernel size can't be greater than actual input size")
    return (padded - span) // stride + 1
