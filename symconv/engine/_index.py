"""All index arithmetic of the 1D operations, over plain ints.

Positions here are 0-based offsets into NumPy's arrays; the callers add the sequences' start
indices. Each function is checked against NumPy over many shapes in ``tests/test_index.py``.
"""

from __future__ import annotations

from ..errors import InputError

__all__ = ["MODES", "check_mode", "numpy_swaps", "convolve_window", "correlate_window",
           "convolve_term_range", "correlate_term_range"]

MODES = ("full", "same", "valid")


def check_mode(mode) -> str:
    """Return ``mode`` if it is one of :data:`MODES`, else raise :class:`InputError`."""
    if mode not in MODES:
        raise InputError(f"mode must be 'full', 'same' or 'valid', got {mode!r}")
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


def convolve_term_range(pos: int, n: int, m: int) -> tuple[int, int]:
    """Inclusive range of ``i`` with ``0 <= i < n`` and ``0 <= pos - i < m``."""
    return max(0, pos - m + 1), min(n - 1, pos)


def correlate_term_range(lag: int, n: int, m: int) -> tuple[int, int]:
    """Inclusive range of ``j`` with ``0 <= j < m`` and ``0 <= j + lag < n``."""
    return max(0, -lag), min(m - 1, n - 1 - lag)
