"""2D and deep-learning operations: exact values against scipy.signal and torch semantics."""

import itertools
import os

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

import symconv
from symconv import DerivationTooLarge, InputError, VerificationError
from symconv.parse import parse_matrix
from symconv.verify import scipy2d_reference, torch_reference

SHAPES = list(itertools.product([1, 2, 3, 5], [1, 2, 4], [1, 2, 3, 4], [1, 2, 3]))


def _floats(values):
    return np.array([[complex(v) for v in row] for row in values])


@pytest.mark.parametrize("kind", ["convolve2d", "correlate2d"])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("boundary", ["fill", "wrap", "symm"])
def test_scipy_semantics_every_mode_and_boundary(kind, mode, boundary):
    rng = np.random.default_rng(abs(hash((kind, mode, boundary))) % 2**32)
    func = getattr(signal, kind)
    ours = getattr(symconv, kind)
    compared = refused = 0
    for m1, n1, m2, n2 in SHAPES:
        x = rng.integers(-5, 6, (m1, n1))
        k = rng.integers(-3, 4, (m2, n2))
        fill = int(rng.integers(-2, 3)) if boundary == "fill" else 0
        try:
            expected = func(x, k, mode, boundary=boundary, fillvalue=fill)
        except ValueError:
            with pytest.raises(InputError, match="at least as large"):
                ours(x, k, mode, boundary, fill)
            refused += 1
            continue
        d = ours(x, k, mode, boundary, fill)
        assert d.output_shape == expected.shape
        np.testing.assert_array_equal(_floats(d.values).real, expected)
        compared += 1
    assert compared >= 80 and (mode == "valid") == (refused > 0)


def test_complex_correlate2d_conjugates():
    x = np.array([[1 + 2j, 3], [0.5j, -1]])
    k = np.array([[1j, 2], [1 - 1j, 0]])
    for mode in ("full", "same", "valid"):
        d = symconv.correlate2d(x, k, mode)
        np.testing.assert_allclose(_floats(d.values), signal.correlate2d(x, k, mode), atol=1e-12)
        assert d.check().ok


def _torch_reference():
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        if os.environ.get("SYMCONV_REQUIRE_TORCH"):
            pytest.fail("SYMCONV_REQUIRE_TORCH is set but torch is not installed")
        return None

    def conv(kind, x, w, stride, padding, dilation):
        t = torch.tensor(np.asarray(x, dtype=float))[None, None]
        u = torch.tensor(np.asarray(w, dtype=float))[None, None]
        func = F.conv1d if kind == "conv1d" else F.conv2d
        return func(t, u, stride=stride, padding=padding, dilation=dilation)[0, 0].numpy()

    return conv


GRID_2D = list(itertools.product([3, 5, 6], [4, 7], [1, 2, 3], [2, 3], [1, 2, 3],
                                 [0, 1, 2, "same", "valid", (1, 0)], [1, 2, (2, 1)]))


def test_conv2d_matches_torch_over_a_grid():
    torch_conv = _torch_reference()
    rng = np.random.default_rng(7)
    compared = refused = 0
    for h, w_, kh, kw, s, p, d in GRID_2D:
        x = rng.integers(-5, 6, (h, w_))
        w = rng.integers(-3, 4, (kh, kw))
        try:
            ours = symconv.conv2d(x, w, stride=s, padding=p, dilation=d)
        except InputError:
            refused += 1
            if torch_conv is not None:
                with pytest.raises(RuntimeError):
                    torch_conv("conv2d", x, w, s, p, d)
            continue
        if torch_conv is not None:
            expected = torch_conv("conv2d", x, w, s, p, d)
        else:  # the published formulas, through the NumPy reference
            expected = torch_reference(x.astype(float), w.astype(float), s, p, d)
        assert ours.output_shape == expected.shape, (h, w_, kh, kw, s, p, d)
        np.testing.assert_array_equal(_floats(ours.values).real, expected)
        compared += 1
    assert compared > 1000 and refused > 0


@pytest.mark.parametrize("length, k, s, p, d", list(itertools.product(
    [3, 6, 9], [1, 2, 3, 4], [1, 2, 3], [0, 1, 3, "same", "valid"], [1, 2, 3])))
def test_conv1d_matches_torch(length, k, s, p, d):
    torch_conv = _torch_reference()
    rng = np.random.default_rng(length * 1000 + k * 100 + s * 10 + d)
    x = rng.integers(-5, 6, length)
    w = rng.integers(-3, 4, k)
    try:
        ours = symconv.conv1d(x, w, stride=s, padding=p, dilation=d)
    except InputError:
        if torch_conv is not None:
            with pytest.raises(RuntimeError):
                torch_conv("conv1d", x, w, s, p, d)
        return
    span = d * (k - 1) + 1
    pad = d * (k - 1) if p == "same" else (0 if p == "valid" else 2 * p)
    assert ours.output_shape == (1, (length + pad - span) // s + 1)
    if torch_conv is not None:
        np.testing.assert_array_equal(_floats(ours.values).real[0], torch_conv("conv1d", x, w, s, p, d))
    if (s, p, d) == (1, 0, 1):  # a deep-learning convolution is numpy.correlate in valid mode
        np.testing.assert_array_equal(_floats(ours.values).real[0], np.correlate(x, w, "valid"))


@pytest.mark.parametrize("kwargs, message", [
    (dict(stride=0), "stride must be at least 1"),
    (dict(dilation=0), "dilation must be at least 1"),
    (dict(padding=-1), "non-negative"),
    (dict(padding="same", stride=2), "not supported for strided"),
    (dict(padding="full"), "padding must be"),
    (dict(stride=1.5), "stride must be an int"),
])
def test_dl_refusals_say_why(kwargs, message):
    with pytest.raises(InputError, match=message):
        symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 1", **kwargs)


def test_dl_shape_refusals():
    with pytest.raises(InputError, match="kernel size can't be greater"):
        symconv.conv2d("1 2; 3 4", "1 1 1; 1 1 1; 1 1 1")
    with pytest.raises(InputError, match="takes a 2D input"):
        symconv.conv2d("1, 2, 3", "1")
    with pytest.raises(InputError, match=r"a 2D input to conv1d is \(channels, length\), use conv2d"):
        symconv.conv1d("1 2; 3 4", "1")
    with pytest.raises(InputError, match="ragged"):
        symconv.conv2d([[1, 2], [3]], [[1]])


def test_output_size_derivation_with_numbers():
    d = symconv.conv2d(np.ones((5, 5), int), np.ones((3, 3), int), stride=2, padding=1)
    tex = d.latex()
    assert (r"o_{h} &= \left\lfloor \frac{L + 2p - d(K - 1) - 1}{s} \right\rfloor + 1 = "
            r"\left\lfloor \frac{5 + 2 \cdot 1 - 1 \cdot (3 - 1) - 1}{2} \right\rfloor + 1 = 3") in tex
    assert d.output_shape == (3, 3)
    assert r"x_{p} &= \begin{bmatrix} {\color{gray}0}" in tex  # padded input, padding marked


def test_dilated_kernel_and_flipped_kernel_shown():
    tex = symconv.conv2d(np.ones((5, 5), int), "1 2; 3 4", dilation=2).latex()
    assert r"w_{d} &= \begin{bmatrix} 1 & {\color{gray}0} & 2" in tex
    tex = symconv.convolve2d("1 2; 3 4", "1 2; 3 4").latex()
    assert r"\tilde{k} &= \begin{bmatrix} 4 & 3 \\ 2 & 1 \end{bmatrix}" in tex


def test_symbolic_2d():
    d = symconv.conv2d("a b; c e", "1 1; 1 1")
    a, b, c, e = sympy.symbols("a b c e", real=True)
    assert d.values == ((a + b + c + e,),)
    assert d.check().ok


def test_terms_and_values_agree():
    d = symconv.convolve2d("1 2 0; 0 1 2; 2 0 1", "1 0; 0 -1", mode="full", boundary="symm")
    rows, cols = d.output_shape
    for i in range(rows):
        for j in range(cols):
            assert sum(t.product for t in d.terms(i, j)) == d.values[i][j]
    with pytest.raises(InputError, match="outside"):
        d.terms(9, 9)


def test_check_catches_a_wrong_cell():
    import dataclasses

    d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1")
    e = d.expansion
    cells = list(e.cells)
    cells[0] = dataclasses.replace(cells[0], value=cells[0].value + 1)
    with pytest.raises(VerificationError):
        symconv.Derivation(dataclasses.replace(e, cells=tuple(cells))).check()


def test_budget_2d():
    with pytest.raises(DerivationTooLarge, match="max_terms"):
        symconv.convolve2d(np.ones((100, 100), int), np.ones((30, 30), int))
    with pytest.raises(DerivationTooLarge, match="max_symbolic_terms"):
        symconv.conv2d([["x"] * 40] * 40, np.ones((5, 5), int))


@pytest.mark.parametrize("text, rows", [
    ("1 2 0; 0 1 2", ((1, 2, 0), (0, 1, 2))),
    ("1, 1/2\n3, 0.25", ((1, sympy.Rational(1, 2)), (3, sympy.Rational(1, 4)))),
    ("[[1, 2], [3, 4]]", ((1, 2), (3, 4))),
    ("((1, 2), (3, 4))", ((1, 2), (3, 4))),
    # an entry that opens with a parenthesis does not make the text a Python literal
    ("(x-1)**2 x; x x", "(((x - 1)**2, x), (x, x))"),
    ("(1/2) 1", ((sympy.Rational(1, 2), 1),)),
])
def test_matrix_strings(text, rows):
    got = parse_matrix(text).rows
    assert (str(got) if isinstance(rows, str) else got) == rows


@pytest.mark.parametrize("bad, message", [
    ("1 2; 3", "ragged"), ("[[1, 2], [3]]", "ragged"), ("1 nan; 2 3", "not a finite"),
    ("[[1, [2]]]", "nested list"), ("", "empty"), ("__import__('os') 1", "not allowed"),
    ("[1, 2]", "row 0 is not a list"), ("9**9**9**9 1", "too large"),
])
def test_hostile_matrices(bad, message):
    with pytest.raises(InputError, match=message):
        parse_matrix(bad, name="x")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 3), st.integers(1, 3),
       st.sampled_from(["full", "same"]), st.sampled_from(["fill", "wrap", "symm"]), st.data())
def test_property_against_scipy(m1, n1, m2, n2, mode, boundary, data):
    values = st.integers(-9, 9)
    x = np.array(data.draw(st.lists(st.lists(values, min_size=n1, max_size=n1), min_size=m1, max_size=m1)))
    k = np.array(data.draw(st.lists(st.lists(values, min_size=n2, max_size=n2), min_size=m2, max_size=m2)))
    for kind in ("convolve2d", "correlate2d"):
        d = getattr(symconv, kind)(x, k, mode, boundary)
        np.testing.assert_array_equal(_floats(d.values).real, getattr(signal, kind)(x, k, mode, boundary))
        # the NumPy reference used by .check() agrees with scipy too
        np.testing.assert_allclose(scipy2d_reference(kind, x.astype(float), k.astype(float), mode, boundary),
                                   getattr(signal, kind)(x, k, mode, boundary))
