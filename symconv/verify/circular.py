"""Check a circular convolution two ways, independently of the exact engine:

* NumPy's FFT in float64, ``ifft(fft(a, n) * fft(b, n))``, where ``n`` is at least both lengths
  (for a smaller ``n``, ``numpy.fft.fft(a, n)`` cuts ``a`` short, which is not a circular
  convolution of the whole input);
* ``sympy.discrete.convolution(a, b, cycle=n)`` for every ``n``, on the exact inputs (symbols
  replaced by seeded random rationals; other irrational values by 30-digit rationals), each of
  the real and imaginary parts through SymPy's integer convolution.

The report names the printed call; its method says what else was compared.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import sympy

from ..errors import VerificationError
from ..model import gaussian
from ..steps import python_source
from .numeric import CheckReport, compare, numeric, substitution

__all__ = ["check_circular", "sympy_cycle", "numpy_fft_cycle"]


def numpy_fft_cycle(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """``numpy.fft.ifft(numpy.fft.fft(a, n) * numpy.fft.fft(b, n))``, real when both are."""
    out = np.fft.ifft(np.fft.fft(a, n) * np.fft.fft(b, n))
    return out.real if not (np.iscomplexobj(a) or np.iscomplexobj(b)) else out


def _parts(values) -> tuple:
    """Real and imaginary parts as Rationals (30-digit rationals for irrational values)."""
    re, im = [], []
    for v in values:
        pair = gaussian(v)
        if pair is None:
            pair = tuple(sympy.Rational(str(part)) for part in sympy.N(v, 30).as_real_imag())
        re.append(int(pair[0]) if pair[0].is_Integer else pair[0])  # SymPy's integer path takes ints and
        im.append(int(pair[1]) if pair[1].is_Integer else pair[1])  # Rationals; an Integer sends it to the FFT
    return re, im


def sympy_cycle(a, b, n: int) -> list:
    """``sympy.discrete.convolution(a, b, cycle=n)`` of exact values: Gaussian rationals exactly
    (four real convolutions, SymPy's integer path), other numbers at 30 digits.

    Examples
    --------
    >>> from sympy import I, Integer
    >>> sympy_cycle([Integer(1), I], [Integer(2), Integer(3)], 2)
    [2 + 3*I, 3 + 2*I]
    """
    from sympy.discrete import convolution

    (ar, ai), (br, bi) = _parts(a), _parts(b)

    def cycle(x, y):
        return convolution(x, y, cycle=n) if any(x) and any(y) else [sympy.Integer(0)] * n

    rr, ii, ri, ir = cycle(ar, br), cycle(ai, bi), cycle(ar, bi), cycle(ai, br)
    return [p - q + sympy.I * (s + t) for p, q, s, t in zip(rr, ii, ri, ir)]


def check_circular(e, doc, *, seed: int = 0, strict: bool = True) -> CheckReport:
    """Compare the exact values of a `CircularExpansion` with NumPy's FFT (``n`` at least both
    lengths) and with SymPy's cyclic convolution (every ``n``), element-wise: each output's
    tolerance is ``64 eps (1 + log2 n)`` times ``sum |a| * sum |b|`` (an FFT spreads its rounding
    over every output)."""
    call = doc.call
    if call is None:
        raise VerificationError("the check reads the document's call; build it with call=True")
    inputs = e.a.values + e.b.values
    symbols = set().union(*(v.free_symbols for v in inputs))
    subs = substitution(symbols, seed, inputs + e.values) if symbols else {}
    a, b = numeric(e.a.values, subs), numeric(e.b.values, subs)
    exact = numeric(e.values, subs)
    n = e.n
    scale = np.full(n, float(np.sum(np.abs(a)) * np.sum(np.abs(b))) * (1 + np.log2(n)))
    shown = tuple((str(k), v) for k, v in subs.items())
    source = python_source(call)
    exact_a = [v.xreplace(subs) if subs else v for v in e.a.values]
    exact_b = [v.xreplace(subs) if subs else v for v in e.b.values]
    by_sympy = numeric(tuple(sympy_cycle(exact_a, exact_b, n)), subs)
    if call.qualified.startswith("sympy."):
        report = compare(exact, by_sympy, scale, source, shown, strict)
        return dataclasses.replace(report, method="recomputed exactly with SymPy's integer convolution")
    by_numpy = numpy_fft_cycle(a, b, n)
    report = compare(exact, by_numpy, scale, source, shown, strict)
    second = compare(exact, by_sympy, scale, f"sympy.discrete.convolution(a, b, cycle={n})", shown, strict)
    return dataclasses.replace(report, ok=report.ok and second.ok,
                               max_abs_error=max(report.max_abs_error, second.max_abs_error),
                               method=f"and exactly against sympy.discrete.convolution(..., cycle={n})")
