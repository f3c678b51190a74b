"""Independent numeric cross-check of a finite expansion against NumPy (float64/complex128)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import sympy

from ..errors import VerificationError
from ..model import gaussian
from ..parse import approximate

__all__ = ["CheckReport", "compare", "substitution", "numeric"]

_EPS = np.finfo(np.float64).eps


@dataclass(frozen=True)
class CheckReport:
    r"""The outcome of a numeric cross-check.

    Attributes
    ----------
    ok : bool
        Every output agrees with the reference within its tolerance (and the lengths agree).
    max_abs_error : float
        Largest ``|exact - reference|`` over the outputs.
    tolerance : float
        Largest per-output tolerance, $64\,\varepsilon \sum_m |a[m]|\, |b[n-m]|$ with
        $\varepsilon$ the float64 machine epsilon (the error bound of a float64 dot product,
        with room).
    reference : str
        The call the values were compared with, e.g. ``numpy.convolve(a, b, mode='full')``.
    substitutions : tuple of (str, Rational)
        Exact values substituted for symbols, by name (symbolic entries are checked at
        seeded random rational points).
    method : str
        How the reference was computed when it is not the call itself (``"a NumPy sliding
        window"`` for scipy and torch calls).
    code : bool
        Whether ``reference`` is a library call (printed as code) rather than a description.
    """

    ok: bool
    max_abs_error: float
    tolerance: float
    reference: str
    substitutions: tuple = ()
    method: str = ""
    code: bool = True


def _compare(exact: np.ndarray, reference: np.ndarray, scale: np.ndarray, call: str, shown: tuple,
             strict: bool) -> CheckReport:
    """Element-wise comparison with a tolerance of 64 eps times each output's magnitude bound. A
    NaN or infinity on either side is a failure (``max_abs_error`` is then ``inf``)."""
    if reference.shape != exact.shape:
        report = CheckReport(False, float("inf"), 0.0, call, shown)
    else:
        with np.errstate(invalid="ignore", over="ignore"):
            error = np.abs(exact - reference)
        error[~(np.isfinite(exact) & np.isfinite(reference))] = np.inf
        tol = 64 * _EPS * np.where(np.isfinite(scale), scale, 0.0) + 1e-300
        report = CheckReport(bool(np.all(error <= tol)), float(error.max(initial=0.0)),
                             float(tol.max(initial=0.0)), call, shown)
    if strict and not report.ok:
        raise VerificationError(
            f"{call} disagrees with the exact derivation: max |error| = {report.max_abs_error:.3g} "
            f"> tolerance {report.tolerance:.3g} (shapes {exact.shape} and {reference.shape})")
    return report


_ATTEMPTS = 6
_MODERATE = 1e150  # |value| at most this: products of two stay finite, and so do their sums


def _complex(value) -> complex:
    """The value as a complex float: exactly for a Gaussian rational, else bottom up at 30 digits
    (``complex(value)`` can take exponential time on nested functions)."""
    pair = gaussian(value)
    if pair is not None:
        return complex(float(pair[0]), float(pair[1]))
    return approximate(value)


def _moderate(value) -> bool:
    try:
        number = _complex(value)
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return False
    return np.isfinite(number) and abs(number) <= _MODERATE


def _substitution(symbols, seed: int, values=()) -> dict:
    """Random rational values for ``symbols`` at which every one of ``values`` (the inputs and
    the exact outputs) is a finite, moderate float64, so the float reference can be compared.

    The first draw is ``±(1..19)/(1..9)``; if some value overflows there (``x**1000``) or is not
    finite (a pole), later draws come ever closer to magnitude 1, where every power stays finite.
    The values are checked exactly (SymPy), then converted.
    """
    for attempt in range(_ATTEMPTS):
        rng = random.Random(seed if attempt == 0 else f"{seed}:{attempt}")
        subs = {}
        for sym in sorted(symbols, key=str):
            if attempt == 0:
                real = sympy.Rational(rng.choice([-1, 1]) * rng.randint(1, 19), rng.randint(1, 9))
                imag = sympy.Rational(rng.randint(-9, 9), rng.randint(1, 9))
            else:
                real = rng.choice([-1, 1]) * (1 + sympy.Rational(rng.randint(1, 8), 16 * 4**attempt))
                imag = sympy.Rational(rng.randint(-4, 4), 16 * 4**attempt)
            if sym.is_positive:
                real = abs(real)
            if sym.is_extended_real is False or sym.is_extended_real is None:
                subs[sym] = real + sympy.I * imag
            else:
                subs[sym] = real
        if all(_moderate(v.xreplace(subs)) for v in values):
            return subs
    names = ", ".join(sorted(str(s) for s in symbols)[:6])
    raise VerificationError(f"cannot check numerically: no values of {names} were found at which every value "
                            f"is a finite float64 (this is not a disagreement)")


def _numeric(values, subs: dict) -> np.ndarray:
    """float64 (or complex128) of exact values, NaN for one that cannot be converted."""
    out = np.empty(len(values), dtype=np.complex128)
    for i, v in enumerate(values):
        try:
            out[i] = _complex(v.xreplace(subs) if subs else v)
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            out[i] = np.nan
    return out.real.copy() if not np.any(out.imag) else out


#: Public names for the finite checks (the helpers above keep their historical names).
compare, substitution, numeric = _compare, _substitution, _numeric
