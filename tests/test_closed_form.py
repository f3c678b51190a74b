"""Closed forms of formula sequences: textbook pairs against brute force, for every n."""

import time

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Rational

import symconv
from symconv import ClosedFormError, ClosedFormTimeout, InputError, Limits
from symconv.functions import Delta, UnitStep
from symconv.cli import main

F = symconv.formula


def brute(x, h, k, subs):
    """sum_m x[m] h[k-m] over a generous finite window (every pair below is zero outside)."""
    xe, he = x.expr.xreplace(subs), h.expr.xreplace(subs)
    return sum((xe.subs(x.n, j) * he.subs(h.n, k - j) for j in range(-40, 80)), sympy.S.Zero)


PAIRS = [
    ("u[n]", "u[n]", [{}]),
    ("a**n*u[n]", "u[n]", [{"a": Rational(1, 2)}, {"a": Rational(-3, 4)}, {"a": 2}]),
    ("a**n*u[n]", "b**n*u[n]", [{"a": Rational(1, 2), "b": Rational(1, 3)}, {"a": 3, "b": Rational(-1, 2)},
                                {"a": Rational(2, 3), "b": Rational(2, 3)}]),
    ("a**n*u[n]", "a**n*u[n]", [{"a": Rational(1, 2)}, {"a": -2}]),
    ("u[n] - u[n-N]", "u[n] - u[n-N]", [{"N": 1}, {"N": 3}, {"N": 6}]),
    ("delta[n-k]", "(1/2)**n*u[n]", [{"k": 1}, {"k": 4}]),
    ("a**n*u[n]", "u[n] - u[n-N]", [{"a": Rational(1, 2), "N": 4}, {"a": 1, "N": 3}, {"a": -2, "N": 2}]),
    ("n*u[n]", "u[n]", [{}]),
    ("u[n-2]", "(1/3)**n*u[n+1]", [{}]),
]


@pytest.mark.parametrize("xt, ht, cases", PAIRS)
def test_textbook_pairs_against_brute_force(xt, ht, cases):
    y = symconv.convolve(F(xt), F(ht))
    assert y.closed and not y.expr.has(UnitStep, Delta, sympy.Heaviside, sympy.Sum)
    for values in cases:
        subs = {s: values[s.name] for s in y.expr.free_symbols | y.expansion.x.expr.free_symbols
                | y.expansion.h.expr.free_symbols if s.name in values}
        for k in range(-5, 31):
            assert sympy.simplify(y.expr.xreplace(subs).subs(y.n, k) - brute(y.expansion.x, y.expansion.h, k, subs)) == 0, \
                (xt, ht, values, k)
    assert y.check().ok


def test_the_results_textbooks_print():
    n = sympy.Symbol("n", integer=True)
    N = sympy.Symbol("N", integer=True, positive=True)
    assert symconv.convolve(F("u[n]"), F("u[n]")).expr == sympy.Piecewise((n + 1, n >= 0), (0, True))
    tri = symconv.convolve(F("u[n] - u[n-N]"), F("u[n] - u[n-N]")).expansion.result
    assert [(p.lo, p.hi, sympy.expand(p.coef)) for p in tri] == [(0, N - 1, n + 1), (N, 2 * N - 2, 2 * N - n - 1)]
    y = symconv.convolve(F("a**n*u[n]"), F("b**n*u[n]"))
    (piece,) = y.expansion.result
    assert isinstance(piece.coef, sympy.Piecewise)
    conds = {str(c) for _, c in piece.coef.args}
    assert conds == {"Eq(a, b)", "True"}
    tex = y.latex()
    assert "a = b" in tex and r"a \ne b" in tex and r"\theta" not in tex and "Heaviside" not in tex


def test_support_reasoning_is_written_out():
    text = symconv.convolve(F("(1/2)**n*u[n]"), F("u[n] - u[n-4]")).text()
    assert "x[m] ≠ 0 only for m ≥ 0" in text
    assert "h[n - m] ≠ 0 only for 0 ≤ n - m ≤ 3" in text
    assert "⇒ max(0, n - 3) ≤ m ≤ n" in text
    assert "y[n] = 0    for n < 0" in text
    assert "Σₘ₌₀ⁿ" in text and "Σₘ₌ₙ₋₃ⁿ" in text
    assert "u[n - 4]" in text  # the step form, printed as u[...], not Heaviside or θ


def test_unit_step_at_zero_is_one_and_delta_is_kronecker():
    assert UnitStep(0) == 1 and UnitStep(-1) == 0 and Delta(0) == 1 and Delta(3) == 0


def test_parameter_ranges_drop_impossible_cases():
    y = symconv.convolve(F("a**n*u[n]", params={"a": "0 < |a| < 1"}), F("u[n]"))
    assert not y.expr.has(sympy.Eq)
    y = symconv.convolve(F("a**n*u[n]"), F("u[n]"))
    assert y.expr.has(sympy.Eq)  # a = 1 is possible


finite = st.lists(st.integers(-5, 5), min_size=1, max_size=5)


@settings(max_examples=25, deadline=None)
@given(finite, finite, st.integers(-3, 3), st.integers(-3, 3))
def test_finite_support_formulas_match_the_finite_engine(a, b, sa, sb):
    def as_formula(values, start):
        return " + ".join(f"({v})*delta[n - ({start + i})]" for i, v in enumerate(values))

    y = symconv.convolve(F(as_formula(a, sa)), F(as_formula(b, sb)))
    d = symconv.convolve(symconv.Sequence(a, sa), symconv.Sequence(b, sb))
    for k in range(sa + sb - 3, sa + sb + len(a) + len(b) + 3):
        expected = d.values[k - d.start] if k in d.indices else 0
        assert y.expr.subs(y.n, k) == expected
    mixed = symconv.convolve(symconv.Sequence(a, sa), F("u[n]"))
    assert mixed.check().ok


@pytest.mark.parametrize("text, message", [
    ("__import__('os').system('x')", "not allowed"),
    ("u[n].real", "attribute"),
    ("n**(10**9)", "powers of n"),
    ("9**9**9**9*u[n]", "too large"),
    ("u[2*n]", "±n plus an integer"),
    ("u[n/2]", "±n plus an integer"),
    ("u[n - 1/2]", "must be an integer"),
    ("x[n]", "only u"),
    ("n**n", "both base and exponent"),
    ("lambda: 1", "lambda"),
    ("u", "index it"),
    ("nan*u[n]", "not a finite"),
])
def test_hostile_formulas_are_refused_quickly(text, message):
    start = time.perf_counter()
    with pytest.raises(InputError, match=message):
        F(text)
    assert time.perf_counter() - start < 0.5


def test_refusals_of_impossible_sums():
    with pytest.raises(ClosedFormError, match="two-sided"):
        symconv.convolve(F("a**n"), F("b**n"))
    with pytest.raises(ClosedFormError, match="depends on the parameters"):
        F("u[n-N] - u[n-M]")  # whether N < M is unknown
    with pytest.raises(InputError, match="mode='full'"):
        symconv.convolve(F("u[n]"), F("u[n]"), mode="same")


def test_time_bounded_failure():
    start = time.perf_counter()
    with pytest.raises(ClosedFormTimeout, match="max_seconds"):
        symconv.convolve(F("sin(n**3 + a*n)*u[n]"), F("cos(b*n**2)*n**7*u[n]"), limits=Limits(max_seconds=1))
    assert time.perf_counter() - start < 5


def test_outputs_and_cli(capsys):
    y = symconv.convolve(F("u[n]"), F("u[n]"))
    assert y.latex().startswith("\\begin{aligned}") and "\\begin{cases}" in y.latex()
    data = y.to_dict()
    assert "$$" in y.markdown() and [(p["from"], p["to"], p["value"]) for p in data["pieces"]] == [("0", "oo", "n + 1")]
    assert data["result"]["shown"] == "{ 0 for n < 0; n + 1 for n ≥ 0 }"
    assert main(["convolve", "--formula", "(1/2)**n*u[n]", "u[n] - u[n-4]", "--check"]) == 0
    out = capsys.readouterr().out
    assert "15·(1/2)ⁿ" in out and "**" not in out and "max |error| = 0" in out
    assert main(["convolve", "--formula", "a**n", "b**n"]) == 2
    assert "two-sided" in capsys.readouterr().err
    assert main(["convolve", "--formula", "a**n*u[n]", "u[n]", "--param", "a=0 < |a| < 1", "--format", "latex"]) == 0
    assert r"\frac{a^{n + 1} - 1}{a - 1}" in capsys.readouterr().out


def test_check_catches_a_wrong_closed_form():
    import dataclasses

    from symconv.model import Piece

    y = symconv.convolve(F("u[n]"), F("u[n]"))
    e = y.expansion
    wrong = dataclasses.replace(e, result=(Piece(e.result[0].coef + 1, e.result[0].lo, e.result[0].hi),))
    with pytest.raises(symconv.VerificationError):
        symconv.ClosedFormDerivation(wrong).check()


@pytest.mark.parametrize("values, message", [
    ({"a": "__import__('os')"}, "not allowed"),
    ({"a": "x"}, "must be a number"),
    ({"N": 2.5}, "must be an integer"),
    ({"N": -3}, "must be positive"),
])
def test_hostile_parameter_values(values, message):
    y = symconv.convolve(F("a**n*u[n]"), F("u[n] - u[n-N]"))
    with pytest.raises(InputError, match=message):
        y.check(values=values)


def test_a_taps_weight_stays_in_front_of_its_shifted_sequence():
    """2δ[n−1] ∗ (1/2)ⁿu[n] is 2·(1/2)ⁿ⁻¹, as a textbook writes it, not SymPy's (1/2)ⁿ⁻²."""
    d = symconv.derive("convolve", "delta[n] + 2*delta[n-1] - delta[n-2]", "(1/2)**n*u[n]", formula=True)
    text = d.text()
    assert "y[n] = (1/2)ⁿ + 2·(1/2)ⁿ⁻¹ - (1/2)ⁿ⁻² = (1/2)ⁿ    for n ≥ 2" in text
    assert r"2 \cdot (\tfrac{1}{2})^{n - 1}" in d.latex()
    assert "(1/2)ⁿ⁻²" not in text.split("for n = 1")[0].splitlines()[-1]
