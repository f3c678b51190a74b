"""The index arithmetic of every mode, against NumPy itself, over many shapes."""

import numpy as np
import pytest

from symconv import InputError
from symconv.engine.index import check_mode, convolve_window, correlate_window, numpy_swaps
from symconv.model import Window1D, Window2D

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
@pytest.mark.parametrize("sa, sb", [(0, 0), (-3, 2), (4, -1)])
def test_term_ranges_are_exactly_the_overlaps(n, m, sa, sb):
    a, b = range(sa, sa + n), range(sb, sb + m)
    conv = Window1D("convolve", sa, n, sb, m)
    for out in range(sa + sb, sa + sb + n + m - 1):
        lo, hi = conv.term_range(out)
        assert [i for i in a if out - i in b] == list(range(lo, hi + 1))
        i, j, count = conv.segment(out, lo, hi)
        assert [(i + k * conv.left_step, j + k * conv.right_step) for k in range(count)] == \
            [(t, out - t) for t in range(lo, hi + 1)]
        assert all(conv.partner(out, jj) == out - jj for jj in b)
    corr = Window1D("correlate", sa, n, sb, m)
    for lag in range(sa - sb - (m - 1), sa - sb + n):
        lo, hi = corr.term_range(lag)
        assert [j for j in b if j + lag in a] == list(range(lo, hi + 1))
        i, j, count = corr.segment(lag, lo, hi)
        assert [(i + k, j + k) for k in range(count)] == [(t + lag, t) for t in range(lo, hi + 1)]


@pytest.mark.parametrize("stride, dilation", [((1, 1), (1, 1)), ((2, 3), (1, 2)), ((3, 1), (2, 3))])
def test_window2d_segments_cover_every_tap_once(stride, dilation):
    w = Window2D((3, 4), (2, 3), (-1, -2), stride, dilation)
    rows, cols = w.region()
    inside = (range(0, 4), range(0, 5))
    for i in range(3):
        for j in range(4):
            taps = [(r0 + k * 0, c0 + k * dilation[1], m, n0 + k)
                    for (r0, c0), (m, n0), count in w.segments(i, j) for k in range(count)]
            expected = [(r, c, m, n) for (r, c), (m, n) in w.positions(i, j)]
            assert taps == expected
            assert all(r in rows and c in cols for r, c, _, _ in taps)
            clipped = [(r0, c0 + k * dilation[1]) for (r0, c0), _, count in w.segments(i, j, inside)
                       for k in range(count)]
            assert clipped == [(r, c) for r, c, _, _ in expected if r in inside[0] and c in inside[1]]


def test_swap_rule_and_mode_check():
    assert numpy_swaps(2, 3) and not numpy_swaps(3, 3) and not numpy_swaps(3, 2)
    assert check_mode("same") == "same"
    with pytest.raises(InputError, match="mode must be 'full', 'same' or 'valid', got 'spam'"):
        check_mode("spam")
