"""Closed-form correlations of formula sequences: a catalogue against numpy.correlate at every lag
k = -10..30, the two textbook results exactly, golden text and LaTeX, refusals."""

import re
import time

import numpy as np
import pytest
import sympy
from sympy import Rational

import symconv
from symconv import ClosedFormError, InputError
from symconv.cli import main
from symconv.functions import Delta, UnitStep

F = symconv.formula
L = 160  # both formulas sampled at n = -L..L: every pair below is zero or below 1e-30 outside
LAGS = range(-10, 31)
FORBIDDEN = ("**", "*", "Sum(", "sqrt(", "exp(", "Piecewise(", "Abs(")


def samples(f, values):
    subs = {s: values[s.name] for s in f.expr.free_symbols if s.name in values}
    expr = f.expr.xreplace(subs)
    return [expr.subs(f.n, j) for j in range(-L, L + 1)]


def numpy_lags(x, h, values):
    """numpy.correlate(x, h, 'full') read at lag k: index k + (len(h) - 1) for equal windows."""
    xs = np.array([complex(v) for v in samples(x, values)])
    hs = np.array([complex(v) for v in samples(h, values)])
    full = np.correlate(xs, hs, "full")
    return {k: full[k + len(hs) - 1] for k in LAGS}


def value_at(r, k, values):
    subs = {s: values[s.name] for s in r.expr.free_symbols if s.name in values}
    return complex(r.expr.xreplace(subs).subs(r.k, k))


def f(text, **params):
    return F(text, params=params or None)


CATALOGUE = [  # x, h, parameter values (one run each)
    (f("a**n*u[n]", a="0 < |a| < 1"), f("a**n*u[n]", a="0 < |a| < 1"), [{"a": Rational(1, 2)}, {"a": Rational(-3, 4)}]),
    (f("(1/2)**n*u[n]"), f("(1/2)**n*u[n]"), [{}]),
    (f("u[n] - u[n-N]"), f("u[n] - u[n-N]"), [{"N": 1}, {"N": 2}, {"N": 3}, {"N": 5}, {"N": 8}]),
    (f("u[n] - u[n-3]"), f("u[n] - u[n-5]"), [{}]),
    (f("u[n+2] - u[n-2]"), f("u[n] - u[n-4]"), [{}]),
    (f("delta[n-2]"), f("delta[n+1]"), [{}]),
    (f("delta[n-k]"), f("(1/2)**n*u[n]"), [{"k": 1}, {"k": 4}]),
    (f("(1/3)**n*u[n]"), f("delta[n-3]"), [{}]),
    (f("n*(1/2)**n*u[n]"), f("u[n] - u[n-4]"), [{}]),
    (f("n*(1/2)**n*u[n]"), f("(1/3)**n*u[n]"), [{}]),
    (f("(1/2)**n*u[n]"), f("(1/3)**n*u[n]"), [{}]),  # two different geometric sequences
    (f("(2/3)**n*u[n]"), f("(-1/4)**n*u[n]"), [{}]),
    (f("a**n*u[n]", a="0 < |a| < 1"), f("(1/3)**n*u[n]"), [{"a": Rational(1, 2)}, {"a": Rational(-4, 5)}]),
    (f("(1/2)**n*u[n]"), f("(1/3)**n*u[n-2]"), [{}]),
    (f("0.5**n*u[n]"), f("0.8**n*u[n]"), [{}]),
    (f("(3/4)**n*u[n-1]"), f("(3/4)**n*u[n-1]"), [{}]),
    (f("2**n*u[-n]"), f("(1/2)**n*u[n]"), [{}]),
    (f("I**n*(1/2)**n*u[n]"), f("I**n*(1/3)**n*u[n]"), [{}]),  # h complex: conjugated, as numpy does
]


@pytest.mark.parametrize("x, h, cases", CATALOGUE, ids=[f"{x.text} ⋆ {h.text}" for x, h, _ in CATALOGUE])
def test_catalogue_against_numpy_correlate_at_every_lag(x, h, cases):
    r = symconv.correlate(x, h)
    assert r.closed and not r.expr.has(UnitStep, Delta, sympy.Heaviside, sympy.Sum)
    for values in cases:
        expected = numpy_lags(r.expansion.x, r.expansion.h, values)
        for k in LAGS:
            got = value_at(r, k, values)
            assert abs(got - expected[k]) <= 1e-12 * max(1.0, abs(expected[k])), (x.text, h.text, values, k)
    report = r.check()
    assert report.ok and re.search(r"-10 ≤ (\w) ≤ 30|from -10", report.reference)


def test_finite_support_correlations_are_exact():
    """Rectangles of several lengths: the closed form equals the exact sum at every lag."""
    for N in (1, 2, 3, 4, 7):
        r = symconv.correlate(F(f"u[n] - u[n-{N}]"), F(f"u[n] - u[n-{N}]"))
        for k in LAGS:
            exact = sum(1 for n in range(-40, 40) if 0 <= n + k < N and 0 <= n < N)
            assert r.expr.subs(r.k, k) == exact


def test_autocorrelation_of_a_geometric_sequence():
    """r[k] = a^|k|/(1 - a²), split at k = 0, for real a with 0 < |a| < 1."""
    r = symconv.correlate(F("a**n*u[n]", params={"a": "0 < |a| < 1"}), F("a**n*u[n]", params={"a": "0 < |a| < 1"}))
    a = next(s for s in r.expr.free_symbols if s.name == "a")
    k = r.k
    assert r.expr == sympy.Piecewise((a**(-k) / (1 - a**2), k <= 0), (a**k / (1 - a**2), k >= 1), (0, True))
    text = r.text()
    assert "r[k] = r[-k] = a^(|k|)/(1 - a²)    for every integer k" in text
    assert "⇒ max(-k, 0) ≤ n" in text
    assert "x[n + k] ≠ 0 only for n + k ≥ 0;  h[n] ≠ 0 only for n ≥ 0" in text
    assert r"\frac{a^{\lvert k \rvert}}{1 - a^{2}}" in r.latex()


def test_autocorrelation_of_a_rectangle_is_the_triangle():
    r = symconv.correlate(F("u[n] - u[n-N]"), F("u[n] - u[n-N]"))
    k, N = r.k, next(s for s in r.expr.free_symbols if s.name == "N")
    assert [(p.lo, p.hi, p.coef) for p in r.expansion.result] == [(1 - N, 0, N + k), (1, N - 1, N - k)]
    text = r.text()
    assert "r[k] = r[-k] = { N - |k| for |k| < N; 0 for |k| ≥ N }" in text
    assert "r[k] = 0    for k < 1 - N or k > N - 1" in text
    assert r.check(values={"N": 6}).ok


GOLDEN_TEXT = """\
r[k] = Σ_n x[n + k]·h[n] = Σ_m x[m]·h̃[k-m]
where h̃[n] = h[-n]  (correlation is convolution with h reversed; numpy.correlate(x, h, 'full') at lag k)
     = Σ_n (1/2)ⁿ⁺ᵏ·u[n + k]·(1/2)ⁿ·u[n]
x[n + k] ≠ 0 only for n + k ≥ 0;  h[n] ≠ 0 only for n ≥ 0
⇒ max(-k, 0) ≤ n
r[k] = Σ_(n = -k)^(∞) (1/2)²ⁿ⁺ᵏ = (4/3)·(1/2)⁻ᵏ    for k ≤ 0
r[k] = Σ_(n = 0)^(∞) (1/2)²ⁿ⁺ᵏ = (4/3)·(1/2)ᵏ    for k ≥ 1
r[k] = { (4/3)·(1/2)⁻ᵏ for k ≤ 0; (4/3)·(1/2)ᵏ for k ≥ 1 }    for every integer k
     = (4/3)·(1/2)⁻ᵏ·u[-k] + (4/3)·(1/2)ᵏ·u[k - 1]
r[k] = r[-k] = (4/3)·(1/2)^(|k|)    for every integer k"""

GOLDEN_LATEX = r"""\begin{aligned}
r[k] &= \sum_{n} x[n + k]\, h[n] = \sum_{m} x[m]\, \tilde{h}[k-m] \\
& \text{where }\tilde{h}[n] = h[-n] \quad \text{(correlation is convolution with h reversed; numpy.correlate(x, h, 'full') at lag k)} \\
&= \sum_{n} (\tfrac{1}{2})^{n + k} u[n + k] \cdot (\tfrac{1}{2})^{n} u[n] \\
& x[n + k] \ne 0\text{ only for }n + k \ge 0,\quad h[n] \ne 0\text{ only for }n \ge 0 \\
& \Rightarrow \max(-k, 0) \le n \\
r[k] &= \sum_{n=-k}^{\infty} (\tfrac{1}{2})^{2 n + k} = \tfrac{4}{3} \cdot (\tfrac{1}{2})^{-k} \qquad \text{for } k \le 0 \\
r[k] &= \sum_{n=0}^{\infty} (\tfrac{1}{2})^{2 n + k} = \tfrac{4}{3} \cdot (\tfrac{1}{2})^{k} \qquad \text{for } k \ge 1 \\
r[k] &= \begin{cases} \tfrac{4}{3} \cdot (\tfrac{1}{2})^{-k} & k \le 0 \\ \tfrac{4}{3} \cdot (\tfrac{1}{2})^{k} & k \ge 1 \end{cases} \qquad \text{for } \text{every integer }k \\
&= \tfrac{4}{3} \cdot (\tfrac{1}{2})^{-k} u[-k] + \tfrac{4}{3} \cdot (\tfrac{1}{2})^{k} u[k - 1] \\
r[k] &= r[-k] = \tfrac{4}{3} \cdot (\tfrac{1}{2})^{\lvert k \rvert} \qquad \text{for } \text{every integer }k
\end{aligned}"""


def test_golden_text_and_latex_of_the_half_geometric_autocorrelation():
    r = symconv.correlate(F("(1/2)**n*u[n]"), F("(1/2)**n*u[n]"))
    assert r.text() == GOLDEN_TEXT
    assert r.latex() == GOLDEN_LATEX


@pytest.mark.parametrize("x, h", [("(1/2)**n*u[n]", "(1/2)**n*u[n]"), ("u[n] - u[n-N]", "u[n] - u[n-N]"),
                                  ("I**n*(1/2)**n*u[n]", "I**n*(1/3)**n*u[n]"), ("0.5**n*u[n]", "0.8**n*u[n]")])
def test_every_format_prints_textbook_notation(x, h):
    r = symconv.derive("correlate", x, h, formula=True)
    outputs = {"text": r.text(check=True), "latex": r.latex(), "typst": r.typst(), "markdown": r.markdown(),
               "json": r.to_json()}
    for name, out in outputs.items():
        body = out if name != "json" else re.sub(r'"(formula|summand|value)": "[^"]*"', "", out)
        body = re.sub(r"\[\"?[^\]]*oo[^\]]*\]", "", body) if name == "json" else body
        for bad in FORBIDDEN:
            if name in ("latex", "markdown") and bad == "*":
                continue  # \ast-free, but LaTeX has no '*' anyway; checked below
            assert bad not in body, (name, bad)
    assert "*" not in outputs["latex"] and "*" not in outputs["typst"]
    assert '"operation": "correlate"' in outputs["json"] and '"lag": "k"' in outputs["json"]
    assert "Cross-correlation of" in outputs["markdown"]


def test_complex_h_is_conjugated_as_numpy_does():
    r = symconv.correlate(F("(1/2)**n*u[n]"), F("I**n*(1/3)**n*u[n]"))
    assert r.expansion.conjugate
    text = r.text()
    assert "conj(h[n])" in text and "conj(h[-n])" in text
    assert r.check().ok


def test_finite_sequence_with_a_formula():
    r = symconv.correlate([1, 2, -1], F("(1/2)**n*u[n]"))
    expected = numpy_lags(r.expansion.x, r.expansion.h, {})
    for k in LAGS:
        assert abs(value_at(r, k, {}) - expected[k]) < 1e-12
    assert r.check().ok


@pytest.mark.parametrize("x, h, params, message", [
    ("u[n]", "u[n]", None, "diverges"),
    ("u[n]", "u[n-3]", None, "diverges"),
    ("a**n*u[n]", "a**n*u[n]", None, "converges only when"),
    ("a**n", "b**n", None, "two-sided"),
    ("a**n*u[n]", "b**n*u[n]", {"a": "0 < |a| < 1", "b": "0 < |b| < 1"}, "converges only when"),
    ("2**n*u[n]", "2**n*u[n]", None, "diverges"),
])
def test_refusals_are_fast_and_say_why(x, h, params, message):
    start = time.perf_counter()
    with pytest.raises(ClosedFormError, match=message) as info:
        used = lambda t: {k: v for k, v in (params or {}).items() if k in t} or None  # noqa: E731
        symconv.correlate(F(x, params=used(x)), F(h, params=used(h)))
    assert "correlation" in str(info.value)
    assert time.perf_counter() - start < 5


def test_mode_and_names():
    with pytest.raises(InputError, match="mode='full'"):
        symconv.correlate(F("u[n]"), F("(1/2)**n*u[n]"), mode="valid")
    r = symconv.correlate(F("delta[n-k]"), F("(1/2)**n*u[n]"))
    assert r.k.name == "l"  # k is the formula's parameter: the lag is l
    assert symconv.correlate([1, 2, 3], [0, 1, 0.5]).values == (Rational(7, 2),)  # finite operands: 'valid' still


def test_cli_and_derive(capsys):
    assert main(["correlate", "(1/2)**n*u[n]", "(1/2)**n*u[n]", "--formula", "--check"]) == 0
    out = capsys.readouterr().out
    assert "(4/3)·(1/2)^(|k|)" in out and "max |error| = 0" in out and "**" not in out
    assert main(["correlate", "a**n*u[n]", "a**n*u[n]", "--formula", "--param", "a=0 < |a| < 1",
                 "--format", "latex"]) == 0
    assert r"\frac{a^{\lvert k \rvert}}{1 - a^{2}}" in capsys.readouterr().out
    assert main(["correlate", "u[n]", "u[n]", "--formula"]) == 2
    assert "diverges" in capsys.readouterr().err


def test_fence_block():
    from symconv.fence import parse_fence

    data = parse_fence("op: correlate\nformula: true\na: u[n] - u[n-N]\nb: u[n] - u[n-N]\nvalues: {N: 4}\n")
    assert data["show"] == ["prose", "derivation", "check"]
    with pytest.raises(InputError, match="plot"):
        parse_fence("op: correlate\nformula: true\na: u[n]\nb: u[n]\nshow: [plot]\n")
