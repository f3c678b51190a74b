"""symconv's own notation for expressions: golden rules in text, LaTeX and Typst."""

import pytest
import sympy
from sympy import Rational, Symbol, sqrt

import symconv
from symconv.functions import Delta, UnitStep
from symconv.render.latex import LatexPrinter
from symconv.render.text import TextPrinter
from symconv.render.typst import TypstPrinter
from symconv.steps import Document, Summary, options_for
from symconv.steps.shape import author_bases, rebase

n, m, k = (Symbol(s, integer=True) for s in "nmk")
a, b, x, y = (Symbol(s, real=True) for s in "abxy")


def _printer(cls, decimal=False, numbers="auto"):
    printer = cls(options_for("closed", {"numbers": numbers}))
    printer.doprint(Document("closed", (), (), decimal, Summary("closed", (("closed", True), ("variables", (n, m)),
                                                                           ("first", n), ("second", n)))))
    return printer


TEXT = [
    (2 * x + 1, "2x + 1"),
    (-x * y + 2 * x + 1, "2x - xy + 1"),
    (x / 2 - y * (2 * x + 1) + sqrt(2), "x/2 - y(2x + 1) + √2"),
    (sqrt(2) / 2, "√2/2"),
    (a**m * b**(n - m), "aᵐbⁿ⁻ᵐ"),
    (n * (n + 1) / 2, "n(n + 1)/2"),
    (UnitStep(n - 3), "u[n - 3]"),
    (Delta(n - m - 4), "δ[n - m - 4]"),
    (UnitStep(m - n), "u[m - n]"),
    (UnitStep(-n + k), "u[k - n]"),
    ((a**(n + 1) - b**(n + 1)) / (a - b), "(aⁿ⁺¹ - bⁿ⁺¹)/(a - b)"),
    (Symbol("a_0") * Symbol("b_2"), "a₀b₂"),
    (Symbol("alpha") * x, "αx"),
    (sympy.I * x, "jx"),
    (sympy.pi * x, "πx"),
    (sympy.exp(x), "eˣ"),
    (x**Rational(1, 2), "√x"),
    (1 / x, "1/x"),
    (x**-2, "1/x²"),
    (sympy.Abs(x), "|x|"),
]


@pytest.mark.parametrize("expr, expected", TEXT)
def test_text_notation(expr, expected):
    assert _printer(TextPrinter).expr(expr) == expected


LATEX = [
    (2 * x + 1, "2 x + 1"),
    (x / 2 - y * (2 * x + 1) + sqrt(2), r"\frac{x}{2} - y (2 x + 1) + \sqrt{2}"),
    (a**m * b**(n - m), "a^{m} b^{n - m}"),
    (n * (n + 1) / 2 * UnitStep(n), r"\frac{n (n + 1)}{2} u[n]"),
    (Delta(n - 3), r"\delta[n - 3]"),
    (Symbol("out") * 2, r"2 \mathit{out}"),
    (Symbol("alpha"), r"\alpha"),
]


@pytest.mark.parametrize("expr, expected", LATEX)
def test_latex_notation(expr, expected):
    assert _printer(LatexPrinter).expr(expr) == expected


@pytest.mark.parametrize("expr, bases, expected", [
    (10 - 3**(2 * n + 2) / 10**n, (Rational(9, 10),), "10 - 9·(0.9)ⁿ"),
    (2 - 2**(-n), (Rational(1, 2),), "2 - (1/2)ⁿ"),
    (15 / 2**n, (Rational(1, 2),), "15·(1/2)ⁿ"),
    (2 - 2**(k - n), (Rational(1, 2),), "2 - (1/2)ⁿ⁻ᵏ"),
    (3**(3 - n), (Rational(1, 3),), "(1/3)ⁿ⁻³"),
    (2**(1 - n), (Rational(1, 2),), "(1/2)ⁿ⁻¹"),
    (3 / 2**n - 2 / 3**n, (Rational(1, 2), Rational(1, 3)), "3·(1/2)ⁿ - 2·(1/3)ⁿ"),
    (5**n, (Rational(1, 2),), "5ⁿ"),  # no author's base fits: left alone
])
def test_results_over_the_authors_bases(expr, bases, expected):
    shaped = rebase(expr, bases)
    assert sympy.simplify(shaped - expr) == 0  # same value
    decimal = any("." in str(sympy.Float(b)) and sympy.Rational(b).q in (10, 100) for b in bases)
    assert _printer(TextPrinter, decimal=decimal).expr(shaped) == expected


def test_author_bases_are_read_from_the_formulas():
    f = symconv.formula("(1/2)**(n-k)*u[n-k] + (0.9)**n*u[n]")
    assert author_bases((f.expr, f.n)) == (Rational(1, 2), Rational(9, 10))


def test_no_python_in_a_closed_form_anywhere():
    y = symconv.convolve(symconv.formula("(0.9)**n*u[n]"), symconv.formula("u[n] - u[n-3]"))
    data = y.to_dict()
    shown = [data["inputs"][k]["shown"] for k in data["inputs"]] + [p["shown"] for p in data["pieces"]] + \
        [s["shown"] for p in data["pieces"] for s in p["sums"]] + [data["result"]["shown"], data["result"]["step_form"]]
    assert data["inputs"]["x"]["formula"] == "(0.9)**n*u[n]"  # what the author wrote, parseable again
    for text in (y.text(), y.latex(), y.typst(), y.markdown(), *shown):
        for bad in ("**", "*u", "Sum(", "Piecewise", "Heaviside", "UnitStep", "Delta(", "Eq("):
            assert bad not in text, (bad, text[:200])
    assert "(0.9)" in y.text() and "9/10" in y.text(numbers="fraction")


def test_decimal_rounding_never_reaches_inside_an_expression():
    d = symconv.convolve("x/3, 1", "1/7")
    assert "x/21" in d.text(numbers="decimal")
    with pytest.raises(symconv.InputError, match="closed form is exact"):
        symconv.convolve(symconv.formula("u[n]"), symconv.formula("u[n]")).text(numbers="decimal")
    assert _printer(TypstPrinter).expr(x / 3) == "frac(x, 3)"
