"""Independent numeric cross-check of an exact expansion against NumPy (float64/complex128)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import sympy

from .errors import VerificationError
from .model import Expansion1D

__all__ = ["CheckReport", "check_expansion"]

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
    """

    ok: bool
    max_abs_error: float
    tolerance: float
    reference: str
    substitutions: tuple = ()


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


def check_expansion(e: Expansion1D, names: tuple[str, str] = ("a", "b"), *, seed: int = 0,
                    strict: bool = True) -> CheckReport:
    """Recompute ``e`` with ``numpy.convolve``/``numpy.correlate`` and compare element-wise.

    Parameters
    ----------
    e : Expansion1D
        The exact expansion.
    names : (str, str)
        Names used in the reported call.
    seed : int
        Seed of the random rational values substituted for symbols.
    strict : bool
        Raise :class:`VerificationError` on a mismatch (default) instead of returning
        ``ok=False``.

    Returns
    -------
    CheckReport

    Raises
    ------
    VerificationError
        If ``strict`` and any output differs from the reference beyond its tolerance.
    """
    symbols = set()
    for v in e.a.values + e.b.values:
        symbols |= v.free_symbols
    subs = _substitution(symbols, seed) if symbols else {}
    a = _numeric(e.a.values, subs)
    b = _numeric(e.b.values, subs)
    func = np.convolve if e.kind == "convolve" else np.correlate
    reference = func(a, b, mode=e.mode)
    scale = func(np.abs(a), np.abs(b), mode=e.mode)
    exact = _numeric(e.values, subs)
    call = f"numpy.{e.kind}({names[0]}, {names[1]}, mode='{e.mode}')"
    shown = tuple((str(k), str(v)) for k, v in subs.items())
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
            f"> tolerance {report.tolerance:.3g} (lengths {len(exact)} and {len(reference)})"
        )
    return report
