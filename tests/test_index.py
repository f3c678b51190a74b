"""The index arithmetic of every mode, against NumPy itself, over many shapes."""

import numpy as np
import pytest

from symconv import InputError
from symconv.engine._index import (check_mode, convolve_term_range, convolve_window,
                                   correlate_term_range, correlate_window, numpy_swaps)

SHAPES = [(n, m) for n in range(1, 10) for m in range(1, 10)]


def _marked(n, m, seed):
    """Inputs whose every product is distinct, so a window is identified by its values."""
    rng = np.random.default_rng(seed)
    a = rng.permutation(np.arange(1, n + 1)) * 1000.0
    v = rng.permutation(np.arange(1, m + 1)).astype(float)
    return a, v


@pytest.mark.parametrize("n, m", SHAPES)
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolve_window_matches_numpy(n, m, mode):
    a, v = _marked(n, m, n * 10 + m)
    full = np.convolve(a, v, "full")
    first, count = convolve_window(n, m, mode)
    np.testing.assert_array_equal(full[first:first + count], np.convolve(a, v, mode))


@pytest.mark.parametrize("n, m", SHAPES)
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_correlate_window_matches_numpy(n, m, mode):
    rng = np.random.default_rng(n * 100 + m)
    a = rng.integers(-9, 9, n) + 1j * rng.integers(-9, 9, n)
    v = rng.integers(-9, 9, m) + 1j * rng.integers(-9, 9, m)
    first, count = correlate_window(n, m, mode)
    brute = [sum(a[j + k] * np.conj(v[j]) for j in range(m) if 0 <= j + k < n)
             for k in range(first, first + count)]
    np.testing.assert_allclose(np.array(brute, dtype=complex), np.correlate(a, v, mode))


@pytest.mark.parametrize("n, m", SHAPES)
def test_term_ranges_are_exactly_the_overlaps(n, m):
    for pos in range(n + m - 1):
        lo, hi = convolve_term_range(pos, n, m)
        assert [i for i in range(n) if 0 <= pos - i < m] == list(range(lo, hi + 1))
    for lag in range(-(m - 1), n):
        lo, hi = correlate_term_range(lag, n, m)
        assert [j for j in range(m) if 0 <= j + lag < n] == list(range(lo, hi + 1))


def test_swap_rule_and_mode_check():
    assert numpy_swaps(2, 3) and not numpy_swaps(3, 3) and not numpy_swaps(3, 2)
    assert check_mode("same") == "same"
    with pytest.raises(InputError, match="mode must be 'full', 'same' or 'valid', got 'spam'"):
        check_mode("spam")
