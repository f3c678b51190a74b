"""Typst output: every kind of derivation compiles with the real compiler (the ``typst`` package),
and three whole derivations are pinned as golden files."""

import re
from pathlib import Path

import pytest
import typst  # the `test` extra
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symconv
from symconv import Sequence

F = symconv.formula
A = [1, 0.5, 1, 1]
B = [1, 0.5, 0.25]
X5 = "1 2 3 0 1; 0 1 2 3 1; 1 0 1 2 0; 2 1 0 1 3; 1 1 2 0 1"
SOBEL = "1 0 -1; 2 0 -2; 1 0 -1"
PAGE = "#set page(width: auto, height: auto, margin: 8pt)\n"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"

CASES = {
    # 1D
    "reference": lambda: symconv.convolve(A, B).typst(check=True),
    "decimal_forced": lambda: symconv.convolve("1/3, 1", "1/2, 1/4").typst(numbers="decimal"),
    "fractions": lambda: symconv.convolve("1/2, -1/3, 3/4", "2/5, 1").typst(),
    "correlate_complex_same": lambda: symconv.correlate("1 + 2*I, -3, 1/2", "I, 2", mode="same").typst(check=True),
    "complex_decimal": lambda: symconv.convolve([1 + 2j, 0.5], [1j, -0.25 - 1j]).typst(),
    "negative_starts": lambda: symconv.convolve(Sequence("1, -1/2, 1/3", start=-1),
                                                Sequence("2, -1", start=-2)).typst(),
    "correlate_valid": lambda: symconv.correlate([1, 2, 3, 4], [1, -1]).typst(),
    "valid_swapped": lambda: symconv.convolve([1, 2], [1, 2, 3, 4], mode="valid").typst(check=True),
    "zeros_wrap_names": lambda: symconv.convolve(A, B, names="x,h,y").typst(zeros=True, wrap=2),
    "elided": lambda: symconv.convolve(list(range(1, 21)), [1, -1, 2]).typst(elide=2, wrap=3),
    "no_flip_definition_call": lambda: symconv.convolve(A, B).typst(flip=False, definition=False, call=False),
    "large_scientific": lambda: symconv.convolve([1e-9, 3], [2e12, 1]).typst(numbers="decimal", check=True),
    "symbolic_subscripts": lambda: symconv.convolve("a_0, a_1, a_2, a_3", "b_0, b_1, b_2").typst(),
    "symbolic_entries": lambda: symconv.convolve("x, 2*x + 1, sqrt(2)", "1, -y, 1/2").typst(check=True),
    "symbolic_functions": lambda: symconv.correlate("conj(x), abs(x), pi*x**2", "I, exp(y)", mode="full").typst(),
    "multi_letter_names": lambda: symconv.convolve("1, 2", "3, 4", names="inp,ker,out").typst(),
    "subscripted_names": lambda: symconv.correlate("1, 2", "3, 4", names="x_1,h_2,y_out").typst(),
    # 2D, every boundary
    **{f"convolve2d_{mode}_{boundary}": (
        lambda mode=mode, boundary=boundary: symconv.convolve2d("1 2 0; 0 1 2; 2 0 1", "1 0; 0 -1", mode=mode,
                                                                boundary=boundary).typst())
       for mode in ("full", "same") for boundary in ("fill", "wrap", "symm")},
    "convolve2d_valid": lambda: symconv.convolve2d("1 2 0; 0 1 2; 2 0 1", "1 0; 0 -1", mode="valid").typst(check=True),
    "convolve2d_fillvalue": lambda: symconv.convolve2d("1 2; 3 4", "1 -1", fillvalue=-2).typst(),
    **{f"correlate2d_{boundary}": (
        lambda boundary=boundary: symconv.correlate2d("1 2 3; 4 5 6", "1 -1; 2 0", mode="same",
                                                      boundary=boundary).typst())
       for boundary in ("fill", "wrap", "symm")},
    "correlate2d_complex_swap": lambda: symconv.correlate2d([[1j, 2]], [[1, 1j, 3]], "valid").typst(check=True),
    "correlate2d_symbolic": lambda: symconv.correlate2d("a b; c d", "1 x", mode="full").typst(elide=2),
    # torch-style
    "conv1d_dilation_same": lambda: symconv.conv1d("1, 2, 3, 4, 5", "1, -1", padding="same", dilation=2).typst(),
    "conv1d_stride": lambda: symconv.conv1d("1, 2, 3, 4, 5, 6", "1, 0, -1", stride=2, padding=1).typst(),
    "conv2d_stride_padding": lambda: symconv.conv2d(X5, SOBEL, stride=2, padding=1).typst(wrap=3, elide=2),
    "conv2d_padding_pair": lambda: symconv.conv2d("1 2; 3 4", "1 0; 0 1", padding=(1, 0)).typst(check=True),
    "conv2d_dilation": lambda: symconv.conv2d(X5, "1 -1; -1 1", dilation=2, stride=(1, 2)).typst(),
    "conv2d_valid": lambda: symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", padding="valid").typst(),
    "conv2d_symbolic": lambda: symconv.conv2d("a b; c d", "1 -1; 2 x", padding=1).typst(elide=2),
    # closed forms
    "closed_geometric_window": lambda: symconv.convolve(F("(1/2)**n*u[n]"), F("u[n] - u[n-4]")).typst(check=True),
    "closed_two_bases": lambda: symconv.convolve(F("a**n*u[n]"), F("b**n*u[n]")).typst(),
    "closed_ramp": lambda: symconv.convolve(F("n*u[n]"), F("u[n]")).typst(),
    "closed_delta": lambda: symconv.convolve(F("delta[n-3]"), F("(1/3)**n*u[n+1]")).typst(),
    "closed_finite_times_formula": lambda: symconv.convolve([1, -1], F("(1/2)**n*u[n]")).typst(),
    "closed_decimal_base": lambda: symconv.convolve(F("(0.9)**n*u[n]"), F("u[n]")).typst(),
    "closed_shifted": lambda: symconv.convolve(F("(1/2)**(n-k)*u[n-k]"), F("u[n]")).typst(),
    "closed_triangle": lambda: symconv.convolve(F("u[n] - u[n-N]"), F("u[n] - u[n-N]")).typst(),
}


def compile_typst(math: str, fmt: str = "svg", ppi: float | None = None) -> bytes:
    """Compile ``math`` on a minimal page; fail on any error or warning."""
    source = (PAGE + math + "\n").encode()
    try:
        out, warnings = typst.compile_with_warnings(source, format=fmt, ppi=ppi)
    except typst.TypstError as exc:
        pytest.fail(f"typst error: {exc.message}\n{exc.diagnostic}\n{math}")
    assert not warnings, [w.message for w in warnings]
    return out if isinstance(out, bytes) else out[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_compiles(name):
    math = CASES[name]()
    assert math.startswith("$\n") and math.endswith("\n$")
    svg = compile_typst(math).decode()
    assert svg.startswith("<svg") and svg.count("<use") > 10  # glyphs were laid out


def _height(math: str) -> float:
    """The height in pt of one row of a Typst derivation, compiled alone."""
    svg = compile_typst("$ " + math.replace("&", "") + " $").decode()
    return float(re.search(r'<svg[^>]* height="([0-9.]+)pt"', svg).group(1))


def test_greyed_matrix_entries_keep_the_rows():
    """The padding of a matrix is grey; its rows must survive that (``#text(...)[...];`` once ate the
    ``;`` that ends a row, flattening the matrix into one line)."""
    rows = {line.split(" &")[0]: line.rstrip(" \\") for line in CASES["conv2d_valid"]().splitlines()[1:-1]}
    padded = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", padding=1).typst().splitlines()
    tilde = next(line.rstrip(" \\") for line in padded if line.startswith("x_p &="))
    assert "text(fill: #gray, 0)" in tilde and tilde.count(";") == 4
    assert _height(tilde) > 1.4 * _height(rows["x"])  # 5 rows against x's 3


@pytest.mark.parametrize("name, line", [
    ("closed_two_bases", "n >= 0\\, a = b"),  # a comma inside cases(...) would start a new case
    ("subscripted_names", "y_(italic(o u t))[0]"),  # `out` alone is an unknown Typst variable
    ("multi_letter_names", "italic(i n p)[m] thin italic(k e r)[n-m]"),
    ("reference", "a[m] thin b[n-m]"),  # juxtaposed a[m]b[n] touch
])
def test_typst_syntax_traps(name, line):
    assert line in CASES[name]()


GOLDEN = [
    ("reference.typ", lambda: symconv.convolve(A, B).typst(check=True)),
    ("conv2d_padding.typ", lambda: symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", padding=1).typst()),
    ("closed_geometric_window.typ", lambda: symconv.convolve(F("(1/2)**n*u[n]"), F("u[n] - u[n-4]")).typst()),
]


@pytest.mark.parametrize("name, make", GOLDEN)
def test_golden(golden, name, make):
    math = make()
    golden(name, math)
    png = compile_typst(math, "png", ppi=144)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / f"typst-{Path(name).stem}.png").write_bytes(png)


ENTRIES = ["x", "2*x + 1", "sqrt(2)", "a_0", "a_12", "x*y", "-x**2", "2**x", "I", "pi", "abs(x)", "-y", "1/2",
           "x/3", "(x - 1)**2", "I*x - 1", "exp(-y)", "sqrt(x)", "1/x", "sin(x)", "log(y)", "re(x)", "-0.25",
           "1.5e-9", "x**(1/3)", "alpha", "theta_1", "out"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ENTRIES), min_size=1, max_size=4), st.lists(st.sampled_from(ENTRIES), min_size=1,
                                                                              max_size=3),
       st.sampled_from(["convolve", "correlate"]), st.booleans())
def test_random_symbolic_entries_compile(a, b, op, zeros):
    d = getattr(symconv, op)(", ".join(a), ", ".join(b), mode="full", names="p,q,r")
    compile_typst(d.typst(zeros=zeros, check=True, wrap=2))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(ENTRIES), min_size=2, max_size=2), min_size=2, max_size=3),
       st.sampled_from(["convolve2d", "correlate2d", "conv2d"]), st.sampled_from(["fill", "wrap", "symm"]))
def test_random_symbolic_matrices_compile(rows, kind, boundary):
    x = "; ".join(" ".join(e.replace(" ", "") for e in row) for row in rows)  # spaces separate entries
    if kind == "conv2d":
        d = symconv.conv2d(x, "1 -1; 2 z", padding=1, names="p,q,r")
    else:
        d = getattr(symconv, kind)(x, "1 -1; 2 z", mode="same", boundary=boundary, names="p,q,r")
    compile_typst(d.typst(elide=2))
