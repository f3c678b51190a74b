"""JSON-ready data of a derivation: every step, exact values as strings, floats beside them."""

from __future__ import annotations

import sympy

from ..model import Expansion1D

__all__ = ["to_dict"]


def _exact(value) -> str:
    return sympy.sstr(value)


def _float(value):
    if value.free_symbols:
        return None
    number = complex(value)
    return number.real if number.imag == 0 else {"re": number.real, "im": number.imag}


def to_dict(e: Expansion1D, names: tuple[str, str, str], report=None) -> dict:
    """The expansion as plain dicts/lists/str/int/float, ready for ``json.dumps``."""
    A, B, C = names
    convolve = e.kind == "convolve"
    var = "m" if convolve else "n"
    steps = []
    for sample in e.samples:
        terms = []
        for t in e.terms(sample):
            terms.append({
                var: t.m,
                "left": {"index": t.left_index, "value": _exact(t.left)},
                "right": {"index": t.right_index, "value": _exact(t.right),
                          "conjugated": (not convolve) and e.conjugate},
                "product": _exact(t.product),
            })
        steps.append({
            "n" if convolve else "k": sample.n,
            "range": [sample.lo, sample.hi],
            "terms": terms,
            "value": _exact(sample.value),
            "float": _float(sample.value),
        })
    data = {
        "operation": e.kind,
        "definition": (f"{C}[n] = sum_m {A}[m] {B}[n-m]" if convolve else
                       f"{C}[k] = sum_n {A}[n+k] {'conj(' + B + '[n])' if e.conjugate else B + '[n]'}"),
        "mode": e.mode,
        "swapped_by_numpy": e.swapped,
        "inputs": {
            A: {"start": e.a.start, "values": [_exact(v) for v in e.a.values]},
            B: {"start": e.b.start, "values": [_exact(v) for v in e.b.values]},
        },
        "output": {"name": C, "start": e.start, "values": [_exact(v) for v in e.values],
                   "floats": [_float(v) for v in e.values]},
        "steps": steps,
        "library_call": f"numpy.{e.kind}({A}, {B}, mode='{e.mode}')",
    }
    if report is not None:
        data["check"] = {"ok": report.ok, "max_abs_error": report.max_abs_error,
                         "tolerance": report.tolerance, "reference": report.reference,
                         "substitutions": dict(report.substitutions)}
    return data
