"""MathML -> text for the search index, against MathML that math-core writes for known LaTeX."""

import pytest

from symconv.mathtext import math_text, replace_math
from symconv.render.mathml import to_mathml


@pytest.mark.parametrize("tex, text", [
    (r"\tfrac{1}{3}", "1/3"),
    (r"\frac{n + 1}{2}", "(n + 1)/2"),
    (r"a^{n}", "aⁿ"),
    (r"2^{n - N}", "2^(n − N)"),
    (r"b_{2}", "b₂"),
    (r"\sqrt{2}", "√2"),
    (r"\tilde{k}", "k̃"),
    (r"\sum_{m} a[m]\, b[n - m]", "∑ₘ a[m] b[n − m]"),
    (r"b[-m]", "b[−m]"),
    (r"\begin{bmatrix} 1 & 0 & -1 \\ 2 & 1 & 0 \end{bmatrix}", "[1 0 −1; 2 1 0]"),
    (r"\begin{aligned} c[0] &= 1 \\ c[1] &= \tfrac{3}{2} \end{aligned}", "c[0] = 1; c[1] = 3/2"),
    (r"|5 - 3| + 1", "|5 − 3| + 1"),
])
def test_formulas_read_as_running_text(tex, text):
    assert math_text(to_mathml(tex, display=False)) == text


def test_replace_math_escapes_and_leaves_the_rest():
    html = "<p>a <b>b</b> " + to_mathml(r"x < \tfrac{1}{2}", display=False) + " c</p>"
    assert replace_math(html) == "<p>a <b>b</b> x &lt; 1/2 c</p>"


def test_malformed_or_huge_mathml_does_not_raise():
    assert math_text("<math><mfrac><mn>1</mn></math>") == "1"
    assert len(math_text("<math>" + "<mi>x</mi>" * 100_000 + "</math>")) <= 200_000
