"""Renderers: golden files for whole derivations, and notation rules on random cases."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symconv
from symconv import InputError, Sequence

A = [1, 0.5, 1, 1]
B = [1, 0.5, 0.25]

REFERENCE_LINES = [
    r"c[n] &= \sum_{m} a[m]\, b[n-m] \\",
    r"c[0] &= a[0]\,b[0] = 1 \cdot 1 = 1 \\",
    r"c[1] &= a[0]\,b[1] + a[1]\,b[0] = 1 \cdot 0.5 + 0.5 \cdot 1 = 1 \\",
    r"c[2] &= a[0]\,b[2] + a[1]\,b[1] + a[2]\,b[0] = 1 \cdot 0.25 + 0.5 \cdot 0.5 + 1 \cdot 1 = 1.5 \\",
    r"c[3] &= a[1]\,b[2] + a[2]\,b[1] + a[3]\,b[0] = 0.5 \cdot 0.25 + 1 \cdot 0.5 + 1 \cdot 1 = 1.625 \\",
]


def test_reference_example_line_by_line():
    lines = symconv.convolve(A, B).latex().splitlines()
    for expected in REFERENCE_LINES:
        assert expected in lines


@pytest.mark.parametrize("name, make", [
    ("reference.tex", lambda: symconv.convolve(A, B).latex(check=True)),
    ("reference.txt", lambda: symconv.convolve(A, B).text(check=True)),
    ("reference.md", lambda: symconv.convolve(A, B).markdown(check=True)),
    ("reference.json", lambda: symconv.convolve(A, B).to_json(check=True, indent=2)),
    ("reference_xhy_zeros_wrap.tex",
     lambda: symconv.convolve(A, B, names="x,h,y").latex(zeros=True, wrap=2)),
    ("correlate_complex_same.tex",
     lambda: symconv.correlate("1 + 2*I, -3, 1/2", "I, 2", mode="same").latex()),
    ("correlate_full.txt", lambda: symconv.correlate(A, B, mode="full").text()),
    ("negative_start_fraction.tex",
     lambda: symconv.convolve(Sequence("1, -1/2, 1/3", start=-1), Sequence("2, -1", start=-2)).latex()),
    ("symbolic.tex", lambda: symconv.convolve("a_0, a_1, a_2, a_3", "b_0, b_1, b_2").latex()),
    ("long_elided.txt", lambda: symconv.convolve(list(range(1, 21)), [1, -1, 2]).text(elide=2, wrap=3)),
    ("decimal_forced.txt", lambda: symconv.convolve("1/3, 1", "1/2, 1/4").text(numbers="decimal")),
    ("fraction_forced.txt", lambda: symconv.convolve(A, B).text(numbers="fraction")),
    ("valid_swapped.md", lambda: symconv.convolve([1, 2], [1, 2, 3, 4], mode="valid").markdown()),
    ("convolve2d_valid.tex", lambda: symconv.convolve2d("1 2 0; 0 1 2; 2 0 1", "1 0; 0 -1",
                                                        mode="valid").latex(check=True)),
    ("correlate2d_same_wrap.txt", lambda: symconv.correlate2d("1 2 3; 4 5 6", "1 -1; 2 0", mode="same",
                                                              boundary="wrap").text()),
    ("conv2d_stride_padding.tex", lambda: symconv.conv2d(
        "1 2 3 0 1; 0 1 2 3 1; 1 0 1 2 0; 2 1 0 1 3; 1 1 2 0 1", "1 0 -1; 2 0 -2; 1 0 -1",
        stride=2, padding=1).latex(wrap=3, elide=2)),
    ("conv1d_dilation.txt", lambda: symconv.conv1d("1, 2, 3, 4, 5", "1, -1", padding="same",
                                                   dilation=2).text(check=True)),
    ("conv2d.md", lambda: symconv.conv2d("1 2; 3 4", "1 0; 0 1", padding=1).markdown()),
    ("conv2d.json", lambda: symconv.conv2d("1 2; 3 4", "1 0; 0 1", padding=(1, 0)).to_json(check=True, indent=2)),
])
def test_golden(golden, name, make):
    golden(name, make())


def _balanced(text: str) -> bool:
    depth = 0
    for i, char in enumerate(text):
        if char == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif char == "}" and (i == 0 or text[i - 1] != "\\"):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


signed = st.lists(st.one_of(st.integers(-9, 9), st.fractions(-5, 5, max_denominator=6),
                            st.sampled_from([-0.5, 0.25, -1.5, 2.75])), min_size=1, max_size=7)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3), st.data())
def test_latex_notation_rules_2d(m1, n1, m2, n2, data):
    entries = st.one_of(st.integers(-9, 9), st.sampled_from([-0.5, 0.25, 1.5]))
    x = data.draw(st.lists(st.lists(entries, min_size=n1, max_size=n1), min_size=m1, max_size=m1))
    k = data.draw(st.lists(st.lists(entries, min_size=n2, max_size=n2), min_size=m2, max_size=m2))
    derivations = [symconv.convolve2d(x, k, "full", "symm"), symconv.correlate2d(x, k, "same")]
    if m1 + 2 >= m2 and n1 + 2 >= n2:
        derivations.append(symconv.conv2d(x, k, padding=1))
    for d in derivations:
        for line in d.latex(wrap=2).splitlines():
            assert _balanced(line), line
            assert not re.search(r"[-+]\s*-", line), line
            assert not re.search(r"\\cdot\s*-", line), line


@settings(max_examples=120, deadline=None)
@given(signed, signed, st.sampled_from(["full", "same", "valid"]), st.booleans(),
       st.sampled_from(["auto", "fraction", "decimal"]))
def test_latex_notation_rules(a, v, mode, zeros, numbers):
    for func in (symconv.convolve, symconv.correlate):
        tex = func(a, v, mode).latex(zeros=zeros, numbers=numbers, wrap=3)
        assert tex.startswith("\\begin{aligned}") and tex.endswith("\\end{aligned}")
        for line in tex.splitlines():
            assert _balanced(line), line
            assert not re.search(r"[-+]\s*-", line), line          # no "- -" or "+ -"
            assert not re.search(r"\\cdot\s*-", line), line        # negative factors parenthesised
            assert not re.search(r"\d\s+\d", line), line           # no "x 0" juxtaposition


def test_negative_factors_are_parenthesised():
    tex = symconv.convolve([1, -0.5], [-1]).latex()
    assert r"1 \cdot (-1)" in tex and r"(-0.5) \cdot (-1) = 0.5" in tex
    text = symconv.convolve([1, -0.5], [-1]).text()
    assert "(-0.5)·(-1) = 0.5" in text


def test_correlation_definition_and_identity():
    tex = symconv.correlate([1, 2], [3, 4], mode="full").latex()
    assert r"c[k] &= \sum_{m} a[m+k]\, b[m]" in tex
    assert r"\tilde{b}[m] = b[-m]" in tex
    assert "numpy.correlate(a, b, mode='full')" in tex
    assert r"\overline" not in tex
    tex = symconv.correlate([1, 2], ["1 + I", 4], mode="full").latex()
    assert r"a[m+k]\, \overline{b[m]}" in tex and r"a[0]\,\overline{b[1]}" in tex


def test_flip_step_shows_reversed_b():
    tex = symconv.convolve([1, 2], Sequence("5, 6, 7", start=1)).latex()
    assert r"b[-m] &= \left(b[3],\ b[2],\ b[1]\right) = \left(7,\ 6,\ 5\right) \quad m = -3, \dots, -1" in tex
    assert r"b[-m]" not in symconv.convolve([1], [2]).latex(flip=False)


def test_names_are_configurable_and_validated():
    tex = symconv.convolve([1], [2]).latex(names=("x", "h", "y"))
    assert "y[0] &= x[0]\\,h[0]" in tex and "numpy.convolve(x, h, mode='full')" in tex
    assert r"\mathit{out}[0]" in symconv.convolve([1], [2], names="x,h,out").latex()
    for bad in ("x,h", "x,x,y", "x,\\evil,y", "x,h,1y"):
        with pytest.raises(InputError):
            symconv.convolve([1], [2]).latex(names=bad)


def test_unknown_and_bad_options_are_refused():
    d = symconv.convolve([1], [2])
    with pytest.raises(TypeError, match="colour"):
        d.latex(colour="red")
    with pytest.raises(InputError, match="unknown option 'colour'"):
        d.text(colour="red")
    with pytest.raises(InputError, match="wrap"):
        d.text(wrap=0)
    with pytest.raises(InputError, match="numbers"):
        d.text(numbers="roman")
    with pytest.raises(InputError, match="math"):
        d.markdown(math="katex")


def test_number_display_follows_input():
    assert "= \\tfrac{13}{8}" in symconv.convolve("1, 1/2, 1, 1", "1, 1/2, 1/4").latex()
    assert "= 1.625" in symconv.convolve("1, 0.5, 1, 1", "1, 0.5, 0.25").latex()
    # decimals in, but a non-terminating value: fraction, exact
    assert "\\tfrac{1}{3}" in symconv.convolve([0.5], ["2/3"]).latex()
    # forced decimal: rounded with \approx
    tex = symconv.convolve([0.5], ["2/3"]).latex(numbers="decimal")
    assert "\\approx 0.333333" in tex
    assert "1×10⁻⁹" in symconv.convolve([1e-9], [1]).text()


def test_markdown_math_survives_and_has_prose():
    md = symconv.convolve(A, B).markdown()
    assert md.count("$$") == 2 and "flips b" in md
    assert "```math" in symconv.convolve(A, B).markdown(math="fence")


def test_json_round_trip():
    data = json.loads(symconv.correlate("1, 2, 3", "0, 1, 0.5", mode="full").to_json(check=True))
    assert data["operation"] == "correlate"
    assert data["output"]["start"] == -2
    assert data["output"]["floats"] == [0.5, 2.0, 3.5, 3.0, 0.0]
    first = data["outputs"][0]
    assert first["index"] == [-2] and first["terms"] == [[0, 2]] and first["value"] == "1/2"
    left, right = data["factors"]["left"], data["factors"]["right"]
    assert left["values"][left["indices"].index(0)] == "1" and right["values"][right["indices"].index(2)] == "1/2"
    assert right["conjugated"] is False and data["call"] == "numpy.correlate(a, b, mode='full')"
    assert data["check"]["ok"] is True


def test_jupyter_repr():
    rep = symconv.convolve([1], [2])._repr_latex_()
    assert rep.startswith("$\\displaystyle \\begin{aligned}") and rep.endswith("\\end{aligned}$")


F = symconv.formula

# Closed forms and symbolic entries, pinned before the printers were rebuilt on the steps layer
# (issue 9): their text changes only where the notation changes on purpose.
NOTATION_CASES = [
    ("closed_geometric_window.txt",
     lambda: symconv.convolve(F("(1/2)**n*u[n]"), F("u[n] - u[n-4]")).text(check=True)),
    ("closed_geometric_window.tex",
     lambda: symconv.convolve(F("(1/2)**n*u[n]"), F("u[n] - u[n-4]")).latex()),
    ("closed_decimal_base.txt", lambda: symconv.convolve(F("(0.9)**n*u[n]"), F("u[n]")).text()),
    ("closed_two_bases.txt",
     lambda: symconv.convolve(F("a**n*u[n]", params={"a": "0 < |a| < 1"}), F("b**n*u[n]")).text()),
    ("closed_two_bases.tex", lambda: symconv.convolve(F("a**n*u[n]"), F("b**n*u[n]")).latex()),
    ("closed_shifted.txt", lambda: symconv.convolve(F("(1/2)**(n-k)*u[n-k]"), F("u[n]")).text()),
    ("closed_ramp.tex", lambda: symconv.convolve(F("n*u[n]"), F("u[n]")).latex()),
    ("closed_finite_times_formula.txt",
     lambda: symconv.convolve([1, -1], F("(1/2)**n*u[n]")).text()),
    ("closed_delta.md", lambda: symconv.convolve(F("delta[n-3]"), F("(1/3)**n*u[n+1]")).markdown()),
    ("symbolic_entries.txt",
     lambda: symconv.convolve("x, 2*x + 1, sqrt(2)", "1, -y, 1/2").text(check=True)),
    ("symbolic_correlate.tex", lambda: symconv.correlate("x, x**2", "a, b", mode="full").latex()),
    ("symbolic_conv2d.txt", lambda: symconv.conv2d("a b; c d", "1 -1; 2 x", padding=1).text(elide=2)),
]


@pytest.mark.parametrize("name, make", NOTATION_CASES)
def test_golden_notation(golden, name, make):
    golden(name, make())
