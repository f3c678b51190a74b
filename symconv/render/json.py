"""JSON-ready data of a derivation: every step, exact values as strings, floats beside them."""

from __future__ import annotations

import sympy

from ..model import Expansion2D

__all__ = ["to_dict"]


def _exact(value) -> str:
    return sympy.sstr(value)


def _float(value):
    if value.free_symbols:
        return None
    number = complex(value)
    return number.real if number.imag == 0 else {"re": number.real, "im": number.imag}


def _check(report) -> dict:
    return {"ok": report.ok, "max_abs_error": report.max_abs_error, "tolerance": report.tolerance,
            "reference": report.reference, "substitutions": dict(report.substitutions)}


def _to_dict_2d(e: Expansion2D, names: tuple[str, str, str], report) -> dict:
    from ..verify import library_call2d

    X, K, Y = names
    cells = []
    for cell in e.cells:
        cells.append({
            "i": cell.i, "j": cell.j,
            "terms": [{"m": t.m, "n": t.n, "source_index": [t.r, t.c], "inside": t.inside,
                       "left": _exact(t.left), "right": _exact(t.right), "product": _exact(t.product)}
                      for t in e.terms(cell)],
            "value": _exact(cell.value), "float": _float(cell.value),
        })
    data = {
        "operation": e.kind,
        "inputs": {X: [[_exact(v) for v in row] for row in e.x.rows],
                   K: [[_exact(v) for v in row] for row in e.k.rows]},
        "kernel_as_applied": [[_exact(v) for v in row] for row in e.kernel],
        "source": {"padded": e.padded, "padding": list(e.padding),
                   "rows": [[_exact(v) for v in row] for row in e.source] if e.padded else None},
        "window": {"origin": list(e.origin), "stride": list(e.stride), "dilation": list(e.dilation)},
        "parameters": {"mode": e.mode, "boundary": e.boundary,
                       "fillvalue": None if e.fillvalue is None else _exact(e.fillvalue),
                       "swapped_by_scipy": e.swapped, "padding": e.raw_padding if not isinstance(
                           e.raw_padding, tuple) else list(e.raw_padding)},
        "output": {"name": Y, "shape": list(e.out_shape),
                   "values": [[_exact(v) for v in row] for row in e.values],
                   "floats": [[_float(v) for v in row] for row in e.values]},
        "cells": cells,
        "library_call": library_call2d(e, (X, K)),
    }
    if report is not None:
        data["check"] = _check(report)
    return data


def _to_dict_closed(e, names, report) -> dict:
    def piece(p):
        return {"from": _exact(p.lo), "to": _exact(p.hi), "value": _exact(p.coef)}

    X, H, Y = names
    data = {
        "operation": "convolve",
        "closed": e.closed,
        "n": str(e.n),
        "inputs": {X: {"formula": e.x.text, "pieces": [piece(p) for p in e.x.pieces]},
                   H: {"formula": e.h.text, "pieces": [piece(p) for p in e.h.pieces]}},
        "sums": [{"n_from": _exact(s.n_lo), "n_to": _exact(s.n_hi), "m_from": _exact(s.m_lo),
                  "m_to": _exact(s.m_hi), "summand": _exact(s.summand), "value": _exact(s.value),
                  "closed": s.closed} for s in e.steps],
        "output": {"name": Y, "pieces": [piece(p) for p in e.result], "expr": _exact(e.expr)},
    }
    if report is not None:
        data["check"] = _check(report)
    return data


def to_dict(e, names: tuple[str, str, str], report=None) -> dict:
    """The expansion as plain dicts/lists/str/int/float, ready for ``json.dumps``."""
    from ..model import ClosedForm

    if isinstance(e, ClosedForm):
        return _to_dict_closed(e, names, report)
    if isinstance(e, Expansion2D):
        return _to_dict_2d(e, names, report)
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
        data["check"] = _check(report)
    return data
