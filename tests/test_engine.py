"""Exact values against NumPy (object arrays of Fractions), SymPy and brute force."""

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import I, Rational, symbols
from sympy.discrete.convolutions import convolution as sympy_convolution

import symconv
from symconv import DerivationTooLarge, InputError, Limits, Sequence

A = [1, 0.5, 1, 1]
B = [1, 0.5, 0.25]


def test_reference_example_exact():
    d = symconv.convolve(A, B)
    assert d.values == (1, 1, Rational(3, 2), Rational(13, 8), Rational(3, 4), Rational(1, 4))
    assert d.start == 0 and d.indices == range(6)
    assert [(t.factors[0].ref.index, t.left, t.right) for t in d.terms(3)] == [
        ((1,), Rational(1, 2), Rational(1, 4)), ((2,), 1, Rational(1, 2)), ((3,), 1, 1)]
    assert [str(t.factors[1].ref.array.name) + str(t.factors[1].ref.index) for t in d.terms(3)] == [
        "b(2,)", "b(1,)", "b(0,)"]
    assert all(isinstance(v, sympy.Expr) for v in d.values)


def _fractions(values):
    return np.array([Fraction(str(v)) for v in values], dtype=object)


@pytest.mark.parametrize("a, v", [
    ([1, 2, 3], [0, 1, 0.5]),
    ([1, 2], [1, 2, 3, 4, 5]),          # numpy swaps: v longer
    ([3], [1, 2, 3]),                   # length one
    ([1, 2, 3, 4], [1, 2]),             # even kernel
    ([1, -2, 3, -4, 5], [2, -1, 1, 3]),
    ([7], [5]),
])
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_numpy_behaviours(a, v, mode):
    for func, ref in ((symconv.convolve, np.convolve), (symconv.correlate, np.correlate)):
        got = np.array([float(x) for x in func(a, v, mode).values])
        np.testing.assert_array_equal(got, ref(np.array(a, float), np.array(v, float), mode))


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_complex_correlate_conjugates_like_numpy(mode):
    a = [1 + 2j, -3, 0.5j, 2]
    v = [1j, 2 - 1j, -0.5]
    got = np.array([complex(x) for x in symconv.correlate(a, v, mode).values])
    np.testing.assert_allclose(got, np.correlate(np.array(a), np.array(v), mode), atol=1e-12)
    got = np.array([complex(x) for x in symconv.correlate(v, a, mode).values])
    np.testing.assert_allclose(got, np.correlate(np.array(v), np.array(a), mode), atol=1e-12)
    got = np.array([complex(x) for x in symconv.convolve(a, v, mode).values])
    np.testing.assert_allclose(got, np.convolve(np.array(a), np.array(v), mode), atol=1e-12)


rationals = st.fractions(min_value=-20, max_value=20, max_denominator=12)
seqs = st.lists(st.one_of(st.integers(-50, 50), rationals), min_size=1, max_size=12)
starts = st.integers(-6, 6)
modes = st.sampled_from(["full", "same", "valid"])


@settings(max_examples=150, deadline=None)
@given(seqs, seqs, starts, starts, modes)
def test_convolve_matches_numpy_object_arrays(a, v, sa, sv, mode):
    d = symconv.convolve(Sequence(a, sa), Sequence(v, sv), mode)
    expected = np.convolve(_fractions(a), _fractions(v), mode)
    assert [Fraction(int(x.p), int(x.q)) for x in d.values] == list(expected)
    first = {"full": 0, "same": (min(len(a), len(v)) - 1) // 2, "valid": min(len(a), len(v)) - 1}[mode]
    assert d.start == sa + sv + first
    if mode == "full":
        # Python ints and non-integer Rationals take sympy's exact integer path (not its FFT).
        exact = [int(x) if x.q == 1 else x for x in map(Rational, a)], \
            [int(x) if x.q == 1 else x for x in map(Rational, v)]
        reference = sympy_convolution(*exact)  # drops trailing zeros of the product
        assert list(d.values) == reference + [0] * (len(d.values) - len(reference))


@settings(max_examples=150, deadline=None)
@given(seqs, seqs, starts, starts, modes)
def test_correlate_matches_numpy_object_arrays(a, v, sa, sv, mode):
    # numpy does not conjugate object arrays; these are real, so conjugation is the identity.
    d = symconv.correlate(Sequence(a, sa), Sequence(v, sv), mode)
    expected = np.correlate(_fractions(a), _fractions(v), mode)
    assert [Fraction(int(x.p), int(x.q)) for x in d.values] == list(expected)
    # Brute force over true indices: c[k] = sum_n a[n+k] v[n].
    for k, value in zip(d.indices, d.values):
        brute = sum((Fraction(a[n + k - sa]) * Fraction(v[n - sv])
                     for n in range(sv, sv + len(v)) if 0 <= n + k - sa < len(a)), Fraction(0))
        assert Fraction(int(value.p), int(value.q)) == brute


@settings(max_examples=60, deadline=None)
@given(seqs, seqs, modes)
def test_terms_add_up_to_values(a, v, mode):
    for func in (symconv.convolve, symconv.correlate):
        d = func(a, v, mode)
        for n, value in zip(d.indices, d.values):
            assert sum((t.product for t in d.terms(n)), Rational(0)) == value


def test_symbolic_entries():
    a0, a1, a2, a3, b0, b1, b2 = symbols("a0 a1 a2 a3 b0 b1 b2", real=True)
    d = symconv.convolve("a0, a1, a2, a3", "b0, b1, b2")
    assert d.values[3] == a1 * b2 + a2 * b1 + a3 * b0
    assert d.values[0] == a0 * b0
    with pytest.raises(Exception):
        sympy_convolution([a0, a1], [b0, b1])  # sympy refuses symbols; we don't
    c = symconv.correlate("x, 1", "1, y", mode="full")
    x, y = symbols("x y", real=True)
    assert c.values == (x * y, x + y, 1)


def test_non_real_symbols_are_conjugated_in_correlation():
    z = sympy.Symbol("z")
    d = symconv.correlate([1, 2], [z], mode="full")
    assert d.values == (sympy.conjugate(z), 2 * sympy.conjugate(z))
    assert "\\overline{b[0]}" in d.latex()
    assert d.expansion.conjugate


def test_complex_exact_values():
    d = symconv.convolve("1 + 2*I, 3", "I")
    assert d.values == (-2 + I, 3 * I)


def test_starts_and_indices():
    x = Sequence("1, 2, 3", start=-2, name="x")
    h = Sequence("1, 1", start=5, name="h")
    d = symconv.convolve(x, h)
    assert d.indices == range(3, 7)
    assert d.values == (1, 3, 5, 3)
    assert d.names == ("x", "h", "c")
    assert [(t.factors[0].ref.index, t.factors[1].ref.index) for t in d.terms(4)] == [((-2,), (6,)), ((-1,), (5,))]
    c = symconv.correlate(x, h, mode="full")
    assert c.indices == range(-8, -4)
    with pytest.raises(InputError, match="outside"):
        d.terms(0)


def test_names_option():
    d = symconv.convolve([1], [2], names="x,h,y")
    assert d.names == ("x", "h", "y")
    with pytest.raises(InputError, match="three names"):
        symconv.convolve([1], [2], names="x,h")


def test_budget_refuses_before_expanding():
    import time

    start = time.perf_counter()
    with pytest.raises(DerivationTooLarge, match=r"25,000,000 products.*max_terms"):
        symconv.convolve([1] * 5000, [1] * 5000, limits=Limits(max_length=10_000))
    assert time.perf_counter() - start < 1.0
    with pytest.raises(DerivationTooLarge, match="max_symbolic_terms"):
        symconv.convolve(["x"] * 100, ["y"] * 100)
    with pytest.raises(DerivationTooLarge, match="max_outputs"):
        symconv.convolve([1] * 30, [1] * 30, limits=Limits(max_outputs=10))
    assert symconv.convolve([1] * 30, [1] * 30, limits=Limits(max_terms=900)).values[29] == 30


def test_bad_mode_and_limits():
    with pytest.raises(InputError, match="mode must be"):
        symconv.convolve([1], [1], mode="spam")
    with pytest.raises(InputError, match="limits"):
        symconv.convolve([1], [1], limits={"max_terms": 3})
