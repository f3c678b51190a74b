"""Independent numeric cross-check of a finite expansion against NumPy (float64/complex128)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import sympy

from ..errors import VerificationError
from ..model import Expansion1D, Expansion2D

__all__ = ["CheckReport", "check_expansion", "check_expansion2d", "library_call2d",
           "sliding_window_reference"]

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


def _moderate(value) -> bool:
    try:
        number = complex(value)
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
            out[i] = complex(v.xreplace(subs) if subs else v)
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            out[i] = np.nan
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
    subs = _substitution(symbols, seed, e.a.values + e.b.values + e.values) if symbols else {}
    a = _numeric(e.a.values, subs)
    b = _numeric(e.b.values, subs)
    func = np.convolve if e.kind == "convolve" else np.correlate
    reference = func(a, b, mode=e.mode)
    scale = func(np.abs(a), np.abs(b), mode=e.mode)
    exact = _numeric(e.values, subs)
    call = f"numpy.{e.kind}({names[0]}, {names[1]}, mode='{e.mode}')"
    return _compare(exact, reference, scale, call, tuple((str(k), str(v)) for k, v in subs.items()), strict)


def library_call2d(e: Expansion2D, names: tuple[str, str]) -> str:
    """The scipy/torch call an :class:`Expansion2D` equals."""
    x, k = names
    if e.kind in ("convolve2d", "correlate2d"):
        fill = e.fillvalue if e.fillvalue is not None else 0
        return (f"scipy.signal.{e.kind}({x}, {k}, mode='{e.mode}', boundary='{e.boundary}', "
                f"fillvalue={fill})")

    def show(value):
        if isinstance(value, str):
            return repr(value)
        if isinstance(value, (tuple, list)):
            return str(tuple(value)) if len(value) > 1 else str(value[0])
        return str(value)

    stride = e.stride[1] if e.one_d else (e.stride[0] if e.stride[0] == e.stride[1] else e.stride)
    dilation = e.dilation[1] if e.one_d else (e.dilation[0] if e.dilation[0] == e.dilation[1] else e.dilation)
    return (f"torch.nn.functional.{e.kind}({x}, {k}, stride={show(stride)}, "
            f"padding={show(e.raw_padding)}, dilation={show(dilation)})")


def _dilated(kernel: np.ndarray, dr: int, dc: int) -> np.ndarray:
    out = np.zeros((dr * (kernel.shape[0] - 1) + 1, dc * (kernel.shape[1] - 1) + 1), kernel.dtype)
    out[::dr, ::dc] = kernel
    return out


def sliding_window_reference(e: Expansion2D, x: np.ndarray, k: np.ndarray, fill=None) -> np.ndarray:
    """The operation recomputed in float64/complex128 with NumPy (``np.pad`` and
    ``sliding_window_view``), from its published definition, independent of the exact engine.

    scipy: pad ``x`` by ``M2 - 1``/``N2 - 1`` with the boundary rule (``constant``, ``wrap``,
    ``symmetric``), correlate with the kernel rotated (convolution) or conjugated (correlation),
    then keep the ``mode`` slice (``valid`` never reads the padding). torch: zero-pad, dilate the
    kernel, step by the stride. ``fill`` overrides the fill value.
    """
    from numpy.lib.stride_tricks import sliding_window_view

    if e.kind in ("convolve2d", "correlate2d"):
        (m1, n1), (m2, n2) = x.shape, k.shape
        pad = ((m2 - 1, m2 - 1), (n2 - 1, n2 - 1))
        if e.mode == "valid" or e.boundary == "fill":
            value = 0 if e.mode == "valid" else complex(fill if fill is not None else e.fillvalue)
            if np.iscomplexobj(x) or complex(value).imag:
                padded = np.pad(x.astype(complex), pad, constant_values=complex(value))
            else:
                padded = np.pad(x.astype(float), pad, constant_values=complex(value).real)
        else:
            padded = np.pad(x, pad, mode="wrap" if e.boundary == "wrap" else "symmetric")
        kernel = k[::-1, ::-1] if e.kind == "convolve2d" else np.conj(k)
        full = np.einsum("ijmn,mn->ij", sliding_window_view(padded, k.shape), kernel)
        if e.mode == "full":
            return full
        if e.mode == "same":
            r = (m2 - 1) // 2 if e.kind == "convolve2d" else m2 // 2
            c = (n2 - 1) // 2 if e.kind == "convolve2d" else n2 // 2
            return full[r:r + m1, c:c + n1]
        r, c = min(m1, m2) - 1, min(n1, n2) - 1
        return full[r:r + abs(m1 - m2) + 1, c:c + abs(n1 - n2) + 1]
    top, bottom, left, right = e.padding
    padded = np.pad(x, ((top, bottom), (left, right)))
    kernel = _dilated(k, *e.dilation)
    windows = sliding_window_view(padded, kernel.shape)[::e.stride[0], ::e.stride[1]]
    return np.einsum("ijmn,mn->ij", windows, kernel)


def check_expansion2d(e: Expansion2D, names: tuple[str, str] = ("x", "k"), *, seed: int = 0,
                      strict: bool = True) -> CheckReport:
    """Compare a 2D expansion with :func:`sliding_window_reference` element-wise.

    Parameters, returns and raises as :func:`check_expansion`.
    """
    symbols = set()
    for v in e.x.values + e.k.values:
        symbols |= v.free_symbols
    subs = _substitution(symbols, seed, e.x.values + e.k.values + tuple(c.value for c in e.cells)) if symbols else {}
    x = np.array([_numeric(row, subs) for row in e.x.rows])
    k = np.array([_numeric(row, subs) for row in e.k.rows])
    reference = sliding_window_reference(e, x, k)
    fill = abs(complex(e.fillvalue)) if e.fillvalue is not None and not e.fillvalue.free_symbols else None
    scale = np.abs(sliding_window_reference(e, np.abs(x), np.abs(k), fill))
    exact = np.array([_numeric(row, subs) for row in e.values])
    call = f"a NumPy sliding window (as {library_call2d(e, names)})"
    return _compare(exact, reference, scale, call, tuple((str(a), str(b)) for a, b in subs.items()), strict)
