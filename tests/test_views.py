"""The views of a 1D convolution or correlation: the table without carries, the product of the
generating polynomials, the convolution matrix. Each view computes its own values; they equal the
direct sum (hypothesis over sequences, starts, modes), the matrix is scipy's, the polynomial
numpy's product, and the reference example is pinned in every view in text and LaTeX."""

import re
from fractions import Fraction

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.polynomial import polynomial as P
from sympy import Rational

import symconv
from symconv import DerivationTooLarge, InputError, Sequence
from symconv.cli import main
from symconv.engine.views import convolution_matrix, product_array
from symconv.markdown_ext import render_fence
from symconv.steps import python_source
from symconv.steps.views import PolynomialProduct, ProductTable, ToeplitzMatrix, ViewValues

A = [1, 0.5, 1, 1]
B = [1, 0.5, 0.25]
VIEWS = ("table", "polynomial", "matrix")
OPS = {"convolve": symconv.convolve, "correlate": symconv.correlate}

values = st.lists(st.fractions(min_value=-4, max_value=4, max_denominator=4).map(str), min_size=1, max_size=6)
complex_values = st.lists(st.sampled_from(["1", "-2", "1/2", "I", "1 + I", "-3*I", "2 - I/2"]), min_size=1, max_size=5)


def _derivation(op, a, b, start_a, start_b, mode):
    return OPS[op](Sequence(", ".join(a), start=start_a), Sequence(", ".join(b), start=start_b), mode=mode)


def _floats(values) -> np.ndarray:
    return np.array([complex(v) for v in values])


# -- every view ends with the direct sum's values ---------------------------------------------
@settings(max_examples=60, deadline=None)
@given(op=st.sampled_from(sorted(OPS)), a=values | complex_values, b=values | complex_values,
       start_a=st.integers(-3, 3), start_b=st.integers(-3, 3), mode=st.sampled_from(["full", "same", "valid"]))
def test_every_view_ends_with_the_direct_sum(op, a, b, start_a, start_b, mode):
    d = _derivation(op, a, b, start_a, start_b, mode)
    for view in VIEWS:
        doc = d.document(view=view, check=False)
        (result,) = doc.find(ViewValues)
        assert result.start == d.start and result.values == d.values, view
        if view == "table":
            (table,) = doc.find(ProductTable)
            sums = dict(table.sums)
            assert tuple(sums[n] for n in d.indices) == d.values
            for n, total in table.sums:  # each column adds up its own cells
                cells = [r.products[n - r.start] for r in table.rows if 0 <= n - r.start < len(r.products)]
                assert sum(cells) - total == 0 or (sum(cells) - total).expand() == 0
        if view == "polynomial":
            (product,) = doc.find(PolynomialProduct)
            coefficients = {power: total for power, _, total in product.coefficients}
            assert tuple(coefficients[n] for n in d.indices) == d.values
        if view == "matrix":
            rows = [o.value for o in doc.outputs]
            assert tuple(rows) == d.values and [o.lhs.index[0] for o in doc.outputs] == list(d.indices)
            assert all((sum(t.product for t in o.terms) - o.value).expand() == 0 for o in doc.outputs)
        assert doc.call is not None and python_source(doc.call) == python_source(d.document().call)


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_passes_the_same_check(view):
    d = symconv.correlate("1 + 2*I, -3, 1/2", "I, 2", mode="same")
    text = d.text(view=view, check=True)
    assert text.splitlines()[-1] == d.text(check=True).splitlines()[-1]
    assert text.splitlines()[-2].split() == d.text().splitlines()[-1].split()  # the same call


# -- the matrix is scipy's, in every mode ---------------------------------------------------------
@settings(max_examples=80, deadline=None)
@given(op=st.sampled_from(sorted(OPS)), a=values | complex_values, b=values | complex_values,
       start_a=st.integers(-3, 3), start_b=st.integers(-3, 3), mode=st.sampled_from(["full", "same", "valid"]))
def test_the_matrix_is_scipys_convolution_matrix(op, a, b, start_a, start_b, mode):
    d = _derivation(op, a, b, start_a, start_b, mode)
    (step,) = d.document(view="matrix").find(ToeplitzMatrix)
    av, bv = _floats(d.expansion.a.values), _floats(d.expansion.b.values)
    T = eval(python_source(step.call), {"scipy": scipy, "numpy": np, "a": av, "b": bv})  # the printed call
    assert T.shape == step.shape
    if step.entries is not None:
        assert np.allclose(T, _floats([v for row in step.entries for v in row]).reshape(step.shape))
    reference = (np.convolve if op == "convolve" else np.correlate)(av, bv, mode)
    assert np.allclose(T @ av, reference)
    kernel = bv if op == "convolve" else np.conj(bv[::-1])
    if step.sliced_from is None:  # the call is scipy's own mode
        assert "[" not in python_source(step.call).rsplit(")", 1)[1]
        assert np.allclose(T, scipy.linalg.convolution_matrix(kernel, len(av), mode))
    else:  # numpy.correlate's 'same' keeps other rows: the rows of the full matrix it keeps
        assert op == "correlate" and mode == "same"
        full = scipy.linalg.convolution_matrix(kernel, len(av), "full")
        assert np.allclose(T, full[step.sliced_from:step.sliced_from + step.shape[0]])


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("n, m", [(4, 3), (3, 4), (2, 5), (5, 2), (1, 1), (4, 4), (2, 4)])
def test_matrix_shapes_and_modes_match_scipy(mode, n, m):
    a, b = list(range(1, n + 1)), list(range(2, m + 2))
    for op in OPS:
        t = convolution_matrix(OPS[op](a, b, mode=mode).expansion)
        kernel = np.array(b if op == "convolve" else b[::-1])
        full = scipy.linalg.convolution_matrix(kernel, n, "full")
        ours = np.array([[float(t.entry(r, j)) for j in range(t.columns)] for r in range(t.rows)])
        assert np.array_equal(ours, full[t.offset:t.offset + t.rows])
        if t.scipy_mode == mode:
            assert np.array_equal(ours, scipy.linalg.convolution_matrix(kernel, n, mode))


# -- the polynomial is numpy's product ----------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(a=values, b=values, start_a=st.integers(-3, 3), start_b=st.integers(-3, 3))
def test_the_polynomial_is_numpys_polymul(a, b, start_a, start_b):
    d = _derivation("convolve", a, b, start_a, start_b, "full")
    (product,) = d.document(view="polynomial").find(PolynomialProduct)
    expected = list(P.polymul([Fraction(v) for v in a], [Fraction(v) for v in b]))  # exact, as objects
    expected += [Fraction(0)] * (len(a) + len(b) - 1 - len(expected))  # numpy trims trailing zeros
    ours = {power: total for power, _, total in product.coefficients}
    assert sorted(ours) == list(range(start_a + start_b, start_a + start_b + len(expected)))
    for i, coefficient in enumerate(expected):  # Laurent terms: powers from start_a + start_b
        assert ours[start_a + start_b + i] == Rational(coefficient.numerator, coefficient.denominator)
    for group in product.groups:  # every product sits at the power of its two factors
        for power, _ in group:
            assert start_a + start_b <= power < start_a + start_b + len(a) + len(b) - 1


def test_correlation_polynomial_reads_b_reflected():
    d = symconv.correlate([1, 2, 3], [1, -1], mode="full")
    (product,) = d.document(view="polynomial").find(PolynomialProduct)
    assert product.second_terms == ((-1, -1), (0, 1))  # b~(x) = -x⁻¹ + 1
    assert P.polymul([1, 2, 3], [-1, 1]).tolist() == [float(t) for _, _, t in product.coefficients]
    assert "B̃(x) = Σ_m b̃[m]xᵐ = Σ_m b[m]x⁻ᵐ = -x⁻¹ + 1" in d.text(view="polynomial")


def test_product_array_lands_each_product_at_m_plus_j():
    p = product_array(symconv.convolve(Sequence("1, 2", start=-2), Sequence("3, 4, 5", start=1)).expansion)
    assert p.full == range(-1, 3) and p.columns == range(-1, 4)  # b's own columns 1…3 are shown too
    assert [(r.m, r.start) for r in p.rows] == [(-2, -1), (-1, 0)]
    assert p.column(0) == [(-2, 4), (-1, 6)] and p.sums == (3, 10, 13, 10)


# -- the reference example in every view, pinned ------------------------------------------------
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt, ext", [("text", "txt"), ("latex", "tex")])
def test_reference_example_golden(golden, view, fmt, ext):
    golden(f"view_{view}.{ext}", getattr(symconv.convolve(A, B), fmt)(view=view, check=True))


@pytest.mark.parametrize("name, make", [
    ("view_correlate_complex_table.txt",
     lambda: symconv.correlate("1 + 2*I, -3, 1/2", "I, 2", mode="same").text(view="table")),
    ("view_symbolic_starts_polynomial.txt",
     lambda: symconv.convolve(Sequence("a_0, a_1, a_2", start=-1), "b_0, b_1").text(view="polynomial")),
    ("view_correlate_sliced_matrix.txt",
     lambda: symconv.correlate([1, 2, 3, 4], [1, 1, 1, 1, 1, 1], mode="same").text(view="matrix", elide=1)),
])
def test_other_view_goldens(golden, name, make):
    golden(name, make())


def test_the_sum_view_is_todays_output():
    d = symconv.convolve(A, B)
    for fmt in ("text", "latex", "typst", "markdown"):
        assert getattr(d, fmt)(view="sum", check=True) == getattr(d, fmt)(check=True)
    assert d.to_dict(view="sum") == d.to_dict()


# -- notation -----------------------------------------------------------------------------------
_PYTHON = re.compile(r"\*\*|(?<![\\a-z])\*|Sum\(|sqrt\(|(?<![\d.])1\*")
_ONE_X = re.compile(r"(?<![\w.])1(·| |\\cdot )?x")  # a monomial 1·x, never a textbook's


@settings(max_examples=30, deadline=None)
@given(op=st.sampled_from(sorted(OPS)), a=complex_values | values, b=complex_values | values,
       start_a=st.integers(-2, 2), mode=st.sampled_from(["full", "same", "valid"]),
       symbolic=st.booleans())
def test_textbook_notation_in_every_format(op, a, b, start_a, mode, symbolic):
    if symbolic:
        a = a[:3] + ["x", "2*x + 1", "sqrt(2)"]
    d = _derivation(op, a, b, start_a, 0, mode)
    for view in VIEWS:
        for fmt in ("text", "latex", "typst"):
            out = getattr(d, fmt)(view=view)
            code = re.sub(r"numpy\.\w+\([^\n]*\)|scipy\.[^\n]*\)|#raw\(\"[^\"]*\"\)|\\texttt\{[^}]*\}", "", out)
            if fmt == "typst":  # sqrt(2) is Typst's own notation for √2
                code = code.replace("sqrt(", "√(")
            assert not _PYTHON.search(code), (view, fmt, _PYTHON.search(code).group(0), out)
            if view == "polynomial":
                assert not _ONE_X.search(code.replace("x, 2", "")), (fmt, out)


def test_polynomials_print_with_superscripts_and_laurent_terms():
    d = symconv.convolve(Sequence("2, -1, 1/2", start=-1), "1, -3")
    text = d.text(view="polynomial")
    assert "A(x) = Σ_m a[m]xᵐ = 2x⁻¹ - 1 + (1/2)x" in text
    assert "x^" not in text and "**" not in text
    latex = d.latex(view="polynomial")
    assert "2 x^{-1} - 1 + \\tfrac{1}{2} x" in latex


def test_names_and_the_variable_avoid_the_entries():
    d = symconv.convolve("x, 1", "2, x", names="p,q,r")
    text = d.text(view="polynomial")
    assert "P(t) = Σ_m p[m]tᵐ" in text and "R(t) = P(t)·Q(t)" in text
    m = symconv.convolve("T, 1", "2, 1").text(view="matrix")
    assert "M[r, j] = b[r-j]" in m


# -- options and refusals -----------------------------------------------------------------------
@pytest.mark.parametrize("op, view, match", [
    ("convolve2d", "table", "the option view does not apply to convolve2d"),
    ("convolve", "scatter", "view='scatter' does not apply to convolve; it takes 'sum', 'table', 'polynomial'"),
    ("convolve", "all", "view='all' does not apply to convolve"),
    ("convolve", "spam", "view must be one of"),
])
def test_views_are_checked_per_operation(op, view, match):
    d = symconv.convolve2d("1 2; 3 4", "1 0; 0 1") if op == "convolve2d" else symconv.convolve(A, B)
    with pytest.raises(InputError, match=match):
        d.text(view=view)


def test_transposed_views_still_work():
    d = symconv.conv_transpose1d("1, 2, 3", "1, -1, 2", stride=2)
    assert d.text() == d.text(view="all")
    with pytest.raises(InputError, match="view='table' does not apply to conv_transpose1d"):
        d.text(view="table")


@pytest.mark.parametrize("view, option, match", [
    ("table", {"wrap": 2}, "wrap does not apply to view='table'"),
    ("table", {"flip": False}, "flip does not apply to view='table'"),
    ("polynomial", {"zeros": True}, "zeros does not apply to view='polynomial'"),
    ("polynomial", {"elide": 1}, "elide does not apply to view='polynomial'"),
    ("matrix", {"flip": False}, "flip does not apply to view='matrix'"),
])
def test_options_a_view_cannot_use_are_refused(view, option, match):
    with pytest.raises(InputError, match=match):
        symconv.convolve(A, B).text(view=view, **option)


def test_elide_caps_rows_and_zeros_writes_them():
    d = symconv.convolve(list(range(1, 11)), [1, -1, 2])
    matrix = d.text(view="matrix", elide=2)
    assert matrix.count("= T[") == 4 and "8 more outputs" in matrix
    table = d.text(view="table", elide=1)
    assert "a[0]·b[n]" in table and "a[9]·b[n-9]" in table and "a[5]" not in table and "⋮" in table
    full = symconv.convolve(A, B).text(view="matrix", zeros=True)
    assert "c[0]    = T[0, 0]·a[0] + T[0, 1]·a[1] + T[0, 2]·a[2] + T[0, 3]·a[3] = 1·1 + 0·0.5 + 0·1 + 0·1 = 1" in full
    zeros = symconv.convolve(A, B).text(view="table", zeros=True)
    assert "a[1]·b[n-1]  0  0.5  0.25  0.125     0     0" in zeros


def test_budgets_refuse_before_printing():
    with pytest.raises(DerivationTooLarge, match="the table would have"):
        symconv.convolve(list(range(100)), list(range(30))).text(view="table")
    big = symconv.convolve(list(range(50)), list(range(20))).text(view="matrix", elide=1)
    assert "too large to show entry by entry" in big


def test_wrap_breaks_the_polynomial_before_a_positive_term():
    text = symconv.convolve("1, -1, 1, -1", "1, 1").text(view="polynomial", wrap=2)
    lines = [line for line in text.splitlines() if line.strip().startswith("+")]
    assert lines and all(not line.strip().startswith("+ -") for line in lines)


def test_json_carries_each_view():
    d = symconv.convolve(A, B)
    table = d.to_dict(view="table")
    assert table["view"] == "table" and table["table"]["values"] == table["output"]["values"]
    assert table["table"]["rows"][1] == {"index": 1, "factor": "1/2", "start": 1, "products": ["1/2", "1/4", "1/8"]}
    poly = d.to_dict(view="polynomial")["polynomial"]
    assert poly["polynomials"][0]["shown"] == "1 + 0.5x + x² + x³"
    assert poly["product"]["coefficients"][3] == [3, ["1/8", "1/2", "1"], "13/8"]
    matrix = d.to_dict(view="matrix")
    assert matrix["matrix"]["matrix"]["call"] == "scipy.linalg.convolution_matrix(b, 4, mode='full')"
    assert [o["value"] for o in matrix["outputs"]] == matrix["output"]["values"]


def test_prose_says_what_each_view_does():
    d = symconv.convolve(A, B)
    assert "multiplication without carries" in d.markdown(view="table")
    assert "the coefficient of xⁿ in A(x)·B(x)" in d.markdown(view="polynomial")
    assert "`scipy.linalg.convolution_matrix(b, 4, mode='full')`, 6×4" in d.markdown(view="matrix")


def test_cli_and_fence_take_view(capsys):
    assert main(["convolve", "1, 0.5, 1, 1", "1, 0.5, 0.25", "--view", "polynomial"]) == 0
    assert "= 1 + x + 1.5x² + 1.625x³ + 0.75x⁴ + 0.25x⁵" in capsys.readouterr().out
    assert main(["convolve", "1, 2", "3", "--view", "scatter"]) == 2
    assert "view='scatter' does not apply to convolve" in capsys.readouterr().err
    html = render_fence("a: 1, 0.5, 1, 1\nb: 1, 0.5, 0.25\nview: table\nshow: [derivation]\n", math="tex")
    wide, narrow = html.split('class="symconv-narrow"', 1)
    assert "\\begin{array}{r|rrrrrr}" in wide and "symconv-error" not in html
    phone = narrow.rsplit('class="symconv-narrow"', 1)[1]
    assert "\\begin{array}" in narrow and "\\begin{array}" not in phone  # a desktop column: the grid
    assert "c[1\\dots3] &amp;\\mathrel{+}= a[1]\\,b" in phone  # a phone: a list
    with pytest.raises(InputError, match="view='scatter' does not apply to convolve"):
        render_fence("a: 1, 2\nb: 3\nview: scatter\n")


def test_typst_compiles_in_every_view():
    typst = pytest.importorskip("typst")
    page = "#set page(width: auto, height: auto, margin: 8pt)\n"
    for d in (symconv.convolve(A, B), symconv.correlate("1 + 2*I, -3, 1/2", "I, 2", mode="same"),
              symconv.convolve(Sequence("a_0, a_1, a_2", start=-1), "b_0, b_1")):
        for view in VIEWS:
            typst.compile((page + d.typst(view=view, check=True)).encode(), format="svg")
