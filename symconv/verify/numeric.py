"""Independent numeric cross-check of a finite expansion against NumPy (float64/complex128)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import sympy

from ..errors import VerificationError

__all__ = ["CheckReport", "compare", "substitution", "numeric"]

_EPS = np.finfo(np.float64).eps


@dataclass(frozen=True)
class CheckReport:
    """The outcome of a numeric cross-check.

    Attributes
    ----------
    ok : bool
        Every output agrees with the reference within its tolerance (and the lengths agree).
    max_abs_error : float
        Largest ``|exact - reference|`` over the outputs.
    tolerance : float
        Largest per-output tolerance, ``64 * eps * sum_m |a[m]| |b[n-m]|`` (the error bound of
        a float64 dot product, with room).
    reference : str
        The call the values were compared with, e.g. ``numpy.convolve(a, b, mode='full')``.
    substitutions : tuple of (str, str)
        Values substituted for symbols (symbolic entries are checked at random rational points).
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
    """Element-wise comparison with a tolerance of 64 eps times each output's magnitude bound."""
    if reference.shape != exact.shape:
        report = CheckReport(False, float("inf"), 0.0, call, shown)
    else:
        error = np.abs(exact - reference)
        tol = 64 * _EPS * scale + 1e-300
        report = CheckReport(bool(np.all(error <= tol)), float(error.max(initial=0.0)),
                             float(tol.max(initial=0.0)), call, shown)
    if strict and not report.ok:
        raise VerificationError(
            f"{call} disagrees with the exact derivation: max |error| = {report.max_abs_error:.3g} "
            f"> tolerance {report.tolerance:.3g} (shapes {exact.shape} and {reference.shape})")
    return report


def _substitution(symbols, seed: int) -> dict:
    rng = random.Random(seed)
    values = {}
    for sym in sorted(symbols, key=str):
        real = sympy.Rational(rng.choice([-1, 1]) * rng.randint(1, 19), rng.randint(1, 9))
        if sym.is_positive:
            real = abs(real)
        if sym.is_extended_real is False or sym.is_extended_real is None:
            values[sym] = real + sympy.I * sympy.Rational(rng.randint(-9, 9), rng.randint(1, 9))
        else:
            values[sym] = real
    return values


def _numeric(values, subs: dict) -> np.ndarray:
    out = np.array([complex(v.xreplace(subs) if subs else v) for v in values], dtype=np.complex128)
    return out.real.copy() if not np.any(out.imag) else out


#: Public names for the finite checks (the helpers above keep their historical names).
compare, substitution, numeric = _compare, _substitution, _numeric
