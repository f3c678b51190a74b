"""The numeric cross-check: it passes on correct derivations and catches wrong ones."""

import dataclasses

import pytest
import sympy
from sympy import Rational

import symconv
from symconv import VerificationError
from symconv.model import Sample


def test_check_passes_and_reports():
    report = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).check()
    assert report.ok and report.max_abs_error == 0.0
    assert report.reference == "numpy.convolve(a, b, mode='full')"
    report = symconv.correlate([1 + 1j, 2], [1j, 3], mode="same").check()
    assert report.ok and report.reference == "numpy.correlate(a, b, mode='same')"


def _tampered(derivation, index, value):
    e = derivation.expansion
    samples = list(e.samples)
    samples[index] = dataclasses.replace(samples[index], value=value)
    return symconv.Derivation(dataclasses.replace(e, samples=tuple(samples)))


def test_check_catches_a_wrong_value():
    good = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])
    bad = _tampered(good, 3, Rational(7, 2))  # "y[3] = 3.5" where the right value is 13/8
    with pytest.raises(VerificationError, match="disagrees"):
        bad.check()
    report = bad.check(strict=False)
    assert not report.ok and report.max_abs_error == pytest.approx(3.5 - 1.625)


def test_check_catches_a_wrong_window():
    good = symconv.convolve([1, 2, 3], [1, 1], mode="same")
    e = good.expansion
    shifted = symconv.Derivation(dataclasses.replace(e, samples=e.samples[1:] + (Sample(9, 0, 0, 0),)))
    with pytest.raises(VerificationError):
        shifted.check()
    truncated = symconv.Derivation(dataclasses.replace(e, samples=e.samples[:-1]))
    assert not truncated.check(strict=False).ok


def test_symbolic_check_substitutes_values():
    d = symconv.convolve("a0, a1, a2", "b0, b1")
    report = d.check()
    assert report.ok and {name for name, _ in report.substitutions} == {"a0", "a1", "a2", "b0", "b1"}
    wrong = _tampered(d, 1, d.values[1] + sympy.Symbol("a0", real=True))
    assert not wrong.check(strict=False).ok


def test_tolerance_scales_with_magnitude():
    big = symconv.convolve([10**30, 1], [10**30, 3])
    assert big.check().ok
    tiny = symconv.convolve([1e-9, 3e-9], [2e-9])
    assert tiny.check().ok and tiny.check().tolerance < 1e-25


def test_footer_in_outputs():
    d = symconv.convolve([1, 2], [3])
    assert "checked against numpy.convolve(a, b, mode='full'): max |error| = 0" in d.text(check=True)
    assert r"\texttt{numpy.convolve(a, b, mode='full')}\text{: max }\lvert \text{error} \rvert = 0" in d.latex(check=True)
    assert "checked against" not in d.text()
