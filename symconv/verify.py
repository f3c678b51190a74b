"""Independent numeric cross-check of an exact expansion against NumPy (float64/complex128)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import sympy

from .errors import VerificationError
from .model import Expansion1D, Expansion2D

__all__ = ["CheckReport", "check_expansion", "check_expansion2d", "check_closed_form",
           "library_call2d", "sliding_window_reference"]

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
    subs = _substitution(symbols, seed) if symbols else {}
    x = np.array([_numeric(row, subs) for row in e.x.rows])
    k = np.array([_numeric(row, subs) for row in e.k.rows])
    reference = sliding_window_reference(e, x, k)
    fill = abs(complex(e.fillvalue)) if e.fillvalue is not None and not e.fillvalue.free_symbols else None
    scale = np.abs(sliding_window_reference(e, np.abs(x), np.abs(k), fill))
    exact = np.array([_numeric(row, subs) for row in e.values])
    call = f"a NumPy sliding window (as {library_call2d(e, names)})"
    return _compare(exact, reference, scale, call, tuple((str(a), str(b)) for a, b in subs.items()), strict)


def _parameter_value(sym, value):
    """A user's parameter value, through the whitelist parser; integers for integer parameters."""
    from .errors import InputError
    from .parse import parse_value

    exact, _ = parse_value(value, where=f"values[{sym.name!r}]")
    if exact.free_symbols:
        raise InputError(f"values[{sym.name!r}] must be a number, got {value!r}")
    if sym.is_integer and not exact.is_Integer:
        raise InputError(f"values[{sym.name!r}] must be an integer ({sym.name} indexes a step or delta)")
    if sym.is_positive and not exact.is_positive:
        raise InputError(f"values[{sym.name!r}] must be positive, got {value!r}")
    return exact


def check_closed_form(cf, *, seed: int = 0, values: dict | None = None, strict: bool = True,
                      window: int = 12) -> CheckReport:
    """Run :func:`_check_closed_form_at` for random parameter values and, for every special case
    the result splits out (``a = b``), again with values that satisfy it."""
    report = _check_closed_form_at(cf, seed, values, strict, window, {})
    for cond in cf.expr.atoms(sympy.Eq):
        lhs, rhs = cond.args
        if lhs.is_Symbol and not (values and lhs.name in values):
            special = _check_closed_form_at(cf, seed, values, strict, window, {lhs: rhs})
            report = CheckReport(report.ok and special.ok, max(report.max_abs_error, special.max_abs_error),
                                 report.tolerance, f"{report.reference}; {special.reference}",
                                 report.substitutions + special.substitutions)
    return report


def _check_closed_form_at(cf, seed, values, strict, window, tie: dict) -> CheckReport:
    """Evaluate a closed form at a window of ``n`` (negative ``n`` and every piece boundary
    included) for concrete parameter values and compare with a brute-force convolution of the two
    formulas, each summed only where it is provably non-zero.

    Parameter values come from ``values`` or are drawn at random within the assumptions (positive
    integers 1..5 for index parameters; rationals within a stated range). The check is exact
    (rational arithmetic) unless the formulas involve irrational numbers.
    """
    from .engine.closed_form import OO, NOO

    rng = random.Random(seed)
    subs = {}
    for sym, spec in cf.x.params + cf.h.params:
        if sym in subs:
            continue
        if values and sym.name in values:
            subs[sym] = _parameter_value(sym, values[sym.name])
        elif sym.is_integer:
            subs[sym] = sympy.Integer(rng.randint(1, 5) if sym.is_positive else rng.randint(-4, 4))
        elif spec:
            lo, hi, absolute = spec
            lo = sympy.Rational(lo) if lo is not None else sympy.Rational(-3, 2)
            hi = sympy.Rational(hi) if hi is not None else lo + 2
            value = lo + (hi - lo) * sympy.Rational(rng.randint(1, 9), 10)
            subs[sym] = value * rng.choice([-1, 1]) if absolute else value
        else:
            subs[sym] = sympy.Rational(rng.choice([-1, 1]) * rng.randint(1, 9), rng.randint(2, 9))
    for sym, other in tie.items():  # a special case such as a = b
        subs[sym] = other.xreplace(subs)

    def concrete(bound):
        return bound if bound in (OO, NOO) else int(bound.xreplace(subs))

    x_lo = min(concrete(p.lo) for p in cf.x.pieces) if cf.x.pieces else 0
    x_hi = max(concrete(p.hi) for p in cf.x.pieces) if cf.x.pieces else 0
    h_lo = min(concrete(p.lo) for p in cf.h.pieces) if cf.h.pieces else 0
    h_hi = max(concrete(p.hi) for p in cf.h.pieces) if cf.h.pieces else 0
    marks = [concrete(b) for piece in cf.result for b in (piece.lo, piece.hi) if b not in (OO, NOO)]
    first = min(marks + [0]) - 4
    last = max(marks + [first + 4]) + window
    x_expr, h_expr = cf.x.expr.xreplace(subs), cf.h.expr.xreplace(subs)
    closed = cf.expr.xreplace(subs)
    n = cf.n
    worst = 0.0
    for k in range(first, last + 1):
        lo = max(x_lo, k - h_hi) if h_hi != OO else x_lo
        hi = min(x_hi, k - h_lo) if h_lo != NOO else x_hi
        if lo in (NOO, OO) or hi in (NOO, OO):
            raise VerificationError("cannot bound the brute-force sum (two-sided infinite support)")
        brute = sympy.Add(*[x_expr.subs(cf.x.n, j) * h_expr.subs(cf.h.n, k - j) for j in range(lo, hi + 1)])
        got = closed.subs(n, k)
        if got.has(sympy.Sum):
            got = got.doit()
        diff = sympy.nsimplify(sympy.expand(got - brute)) if got.is_number and brute.is_number else None
        error = abs(complex(sympy.N(got - brute, 30))) if diff != 0 else 0.0
        scale = max(1.0, abs(complex(sympy.N(brute, 15))))
        worst = max(worst, error / scale if error > 1e-12 * scale else 0.0 if diff == 0 else error / scale)
    call = (f"brute-force convolution at n = {first}..{last}"
            + (f" with {', '.join(f'{k} = {v}' for k, v in subs.items())}" if subs else ""))
    report = CheckReport(worst <= 1e-12, worst, 1e-12, call, tuple((str(k), str(v)) for k, v in subs.items()))
    if strict and not report.ok:
        raise VerificationError(f"the closed form disagrees with the {call}: relative error {worst:.3g}")
    return report
