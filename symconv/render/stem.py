"""Stem plots of a 1D convolution or correlation, and of a formula convolution, as SVG.

One panel per sequence, each titled with its role (input, kernel, kernel flipped, output) and its
name, each with its own x axis named after its variable: ``h[−m]`` lies over ``m``, the others
over ``n`` (a correlation's output over the lag ``k``). All panels share one scale, so index 0
lines up down the figure. Exact values are written on the stems when they fit; otherwise the
panel gets a y axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import InputError, brief
from ..model import Expansion1D
from .svg import FONT, WIDTH, Canvas, Labels, num, text_width

__all__ = ["stem_svg", "formula_stem_svg", "slid_to"]

_TITLE, _LABEL, _DATA, _TICKS, _GAP = 22, 18, 52, 22, 10
_DOTS = 150  # more samples than this: stems only, no markers or zero samples
_MOST = 5000  # more indices than this make a page heavy and the stems a smear


@dataclass
class _Panel:
    role: str                 # "input", "kernel", ...
    name: list                # text parts: x[n]
    var: str                  # the x axis variable
    samples: dict             # index -> complex value (the stored samples)
    labels: dict              # index -> exact text, or {} for none
    note: str = ""            # said after the name, in the muted colour


def _complex(values) -> list:
    out = []
    for v in values:
        if v.free_symbols:
            raise InputError("stem plots need numeric sequences; leave 'plot' out of show for "
                             "symbolic ones")
        out.append(complex(v))
    return out


def _panel(role, name, var, indices, values, lab: Labels | None) -> _Panel:
    values = tuple(values)
    samples = dict(zip(indices, _complex(values)))
    labels = {} if lab is None else {i: lab.number(v) for i, v in zip(indices, values)}
    return _Panel(role, name, var, samples, labels)


def stem_svg(e: Expansion1D, names: tuple[str, str, str], numbers: str = "auto") -> str:
    """SVG stem plots of a 1D derivation: the input, the kernel, (for convolution) the kernel
    flipped over ``m``, and the output, on their true indices. Same input, same bytes.

    Parameters
    ----------
    e : Expansion1D
    names : (first, second, output)
        The names the derivation uses.
    numbers : {"auto", "fraction", "decimal"}
        How the values written on the stems look (as in the derivation).

    Examples
    --------
    >>> import symconv
    >>> svg = stem_svg(symconv.convolve([1, 2], [1, -1]).expansion, ("x", "h", "y"))
    >>> svg.startswith("<svg") and "flipped" in svg and ">−1</text>" in svg
    True
    """
    lab = Labels(e.kind, e.decimal, numbers)
    a, b, c = (lab.name(n) for n in names)
    conv = e.kind == "convolve"
    panels = [_panel("input", Labels.ref(a, "n"), "n", e.a.indices, e.a.values, lab),
              _panel("kernel", Labels.ref(b, "n"), "n", e.b.indices, e.b.values, lab)]
    if conv:
        flipped = _panel("kernel flipped", Labels.ref(b, "m", minus=True), "m",
                         [-j for j in reversed(e.b.indices)], reversed(e.b.values), lab)
        flipped.note = f", slid by n: {b}[n \u2212 m]"
        panels.append(flipped)
    out = _panel("output", Labels.ref(c, "n" if conv else "k"), "n" if conv else "k", e.indices, e.values, lab)
    out.note = "" if conv else " at lag k"
    panels.append(out)
    roles = ", ".join(f"{p.role} {Labels.plain(p.name)}{p.note}" for p in panels)
    return _draw(panels, f"Stem plots: {roles}", "")


def slid_to(window: tuple[int, int]) -> int:
    """The output whose terms a formula's stem plot shows (the middle of the plotted window)."""
    lo, hi = window
    return lo + (hi - lo) // 2


def formula_stem_svg(cf, names: tuple[str, str, str], values: dict, window: tuple[int, int]) -> str:
    """SVG stem plots of ``x``, ``h`` and the closed-form ``y`` over ``window`` for the parameter
    ``values`` (a dict of name -> number).

    Examples
    --------
    >>> import symconv
    >>> x = symconv.formula("a**n*u[n]", params={"a": "0 < |a| < 1"})
    >>> d = symconv.convolve(x, symconv.formula("u[n]"))
    >>> "with a = 0.5" in formula_stem_svg(d.expansion, d.names, {"a": 0.5}, (-2, 8))
    True
    """
    import sympy

    from ..parse import parameter_value

    symbols = (cf.expr.free_symbols | cf.x.expr.free_symbols | cf.h.expr.free_symbols) - {cf.n, cf.x.n, cf.h.n}
    known = {s.name: s for s in symbols}
    stray = sorted(set(values) - set(known))
    if stray:  # the index variable, or a name no formula has: the check refuses these too
        raise InputError(f"values names {brief(stray[0])}, which is not a parameter of the formulas "
                         f"({', '.join(sorted(known)) or 'they have none'})")
    subs = {known[k]: parameter_value(known[k], v) for k, v in values.items()}
    missing = sorted(s.name for s in symbols - set(subs))
    if missing:
        raise InputError(f"the plot needs values for {', '.join(missing)} (fence key: values)")
    lo, hi = window
    idx = range(lo, hi + 1)

    def samples(pieces, var, at=idx):
        """The sequence at each index of ``at``, read from its support: the piece that holds
        it, else 0."""
        spans = []
        for piece in pieces:
            bounds = [b if b in (sympy.oo, -sympy.oo) else int(b.xreplace(subs)) for b in (piece.lo, piece.hi)]
            spans.append((bounds[0], bounds[1], piece.coef.xreplace(subs)))
        out = []
        for k in at:
            coef = next((c for a, b, c in spans if a <= k <= b), sympy.S.Zero)
            value = complex(sympy.N(coef.subs(var, k), 15))
            if not (math.isfinite(value.real) and math.isfinite(value.imag)):
                raise InputError(f"the plot has no finite value at n = {k}; choose another window or values")
            out.append(complex(value.real, 0))
        return out

    lab = Labels("closed", False)
    X, H, Y = (lab.name(n) for n in names)
    n0 = slid_to(window)  # one output's terms: h flipped over m and slid to n0
    flipped = samples(cf.h.pieces, cf.h.n, [n0 - m for m in idx])
    slid = _Panel("kernel flipped", [("i", H), f"[{num(n0)} \u2212 ", ("i", "m"), "]"], "m",
                  dict(zip(idx, flipped)), {}, f", slid to n = {num(n0)}")
    panels = [_Panel("input", Labels.ref(X, "n"), "n", dict(zip(idx, samples(cf.x.pieces, cf.x.n))), {}),
              _Panel("kernel", Labels.ref(H, "n"), "n", dict(zip(idx, samples(cf.h.pieces, cf.h.n))), {}),
              slid,
              _Panel("output", Labels.ref(Y, "n"), "n", dict(zip(idx, samples(cf.result, cf.n))), {})]
    shown = ", ".join(f"{k} = {v}" for k, v in values.items()).replace("-", "\u2212")
    roles = ", ".join(f"{p.role} {Labels.plain(p.name)}{p.note}" for p in panels)
    return _draw(panels, f"Stem plots: {roles}" + (f", with {shown}" if shown else ""),
                 f"with {shown}" if shown else "", span=(lo, hi))


# -- drawing ------------------------------------------------------------------------------------
def _nice(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) of about ``span``."""
    power = 10 ** math.floor(math.log10(span))
    return next(s * power for s in (1, 2, 5, 10) if s * power >= span)


def _tick(v: float) -> str:
    text = str(int(round(v))) if abs(v - round(v)) < 1e-9 * max(1, abs(v)) else f"{v:.3g}"
    return text.replace("-", "\u2212")


def _y_ticks(vmin: float, vmax: float) -> list:
    """Round values from ``vmin`` to ``vmax`` (0 among them), two to five of them: never a lone
    0 that leaves the scale unreadable (0 to 4.9 gets 0, 2, 4)."""
    for parts in (2, 3, 4, 5):
        step = _nice((vmax - vmin) / parts)
        first, last = math.ceil(vmin / step - 1e-9), math.floor(vmax / step + 1e-9)
        ticks = [k * step for k in range(first, last + 1)]
        if len(ticks) >= 2:
            return ticks
    return ticks


def _draw(panels: list, title: str, note: str, span: tuple | None = None) -> str:
    lo = min(min(p.samples) for p in panels) - 1 if span is None else span[0]
    hi = max(max(p.samples) for p in panels) + 1 if span is None else span[1]
    count = hi - lo + 1
    if count > _MOST:
        raise InputError(f"a stem plot shows at most {_MOST} indices, this one spans {count}; "
                         f"leave 'plot' out of show")
    # Values on the stems when every label fits between its neighbours; else a y axis.
    for p in panels:
        if any(v.imag for v in p.samples.values()):
            p.labels = {}
    right = WIDTH - 24
    while True:
        ticks = {id(p): _y_ticks(*_bounds(p)) for p in panels if not p.labels}
        widths = [text_width(_tick(t)) for p in panels if id(p) in ticks for t in ticks[id(p)]]
        left = 8 + text_width(_tick(lo)) / 2 + (max(widths) + 11 if widths else 0)
        step = (right - left) / max(count - 1, 1)
        crowded = [p for p in panels if p.labels and max(map(text_width, p.labels.values())) > step - 3]
        if not crowded:
            break
        for p in crowded:
            p.labels = {}

    def x_of(i: int) -> float:
        return left + (i - lo) * step

    label = max(text_width(_tick(lo)), text_width(_tick(hi))) + 6
    every = next((k for k in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000) if k * step >= label), 5000)
    cv, y = Canvas(), 0.0
    if note:
        cv.text(8, 16, note, cls="sc-muted")
        y = 24
    for p in panels:
        y = _panel_svg(cv, p, y, lo, hi, x_of, left, right, every, ticks.get(id(p)))
    return cv.svg(WIDTH, y, title, "symconv-stem")


def _bounds(p: _Panel) -> tuple[float, float]:
    parts = [v.real for v in p.samples.values()] + [v.imag for v in p.samples.values()] + [0.0]
    vmin, vmax = min(parts), max(parts)
    return (vmin, vmax) if vmax > vmin else (vmin, vmin + 1)


def _panel_svg(cv: Canvas, p: _Panel, top: float, lo: int, hi: int, x_of, left, right, every, yticks) -> float:
    cv.text(8, top + 16, [p.role + " ", *p.name] + ([("m", p.note)] if p.note else []), bold=True)
    complex_ = any(v.imag for v in p.samples.values())
    if complex_:
        x = right
        for label, cls, square in (("Im", "sc-dot-im", True), ("Re", "sc-dot", False)):
            x -= text_width(label)
            cv.text(x, top + 16, label)
            if square:
                cv.rect(x - 12, top + 7, 7, 7, cls)
            else:
                cv.circle(x - 8, top + 11.5, 3.5, cls)
            x -= 22
    vmin, vmax = _bounds(p)
    negative_labels = bool(p.labels) and vmin < 0
    data_top = top + _TITLE + (_LABEL if p.labels else 10)
    data_bottom = data_top + _DATA

    def y_of(v: float) -> float:
        return data_bottom - (v - vmin) / (vmax - vmin) * _DATA

    zero = y_of(0.0)
    dense = hi - lo + 1 > _DOTS
    # axes: the zero line is the x axis (ticks on it); y axis with round ticks when no labels
    cv.line(x_of(lo), zero, right, zero)
    ticks = "".join(f"M{num(x_of(i))} {num(zero)}V{num(zero + 4)}"
                    for i in range(lo, hi + 1) if i % every == 0)
    cv.path(ticks, "sc-axis")
    cv.text(right + 6, zero, [("i", p.var)], middle=True)
    if yticks is not None:
        axis = left - 4 - text_width(_tick(lo)) / 2  # clear of the first x tick label
        cv.line(axis, y_of(vmin), axis, y_of(vmax))
        for t in yticks:
            cv.line(axis - 4, y_of(t), axis, y_of(t))
            cv.text(axis - 7, y_of(t), _tick(t), cls="sc-muted", anchor="end", middle=True)
    for shift, part, stem, dot in ((0, "real", "sc-stem", "sc-dot"), (1, "imag", "sc-stem-im", "sc-dot-im")):
        if part == "imag" and not complex_:
            break
        dx = (-2 if shift == 0 else 2) if complex_ else 0
        points = {i: getattr(v, part) for i, v in p.samples.items()}
        cv.path("".join(f"M{num(x_of(i) + dx)} {num(zero)}V{num(y_of(v))}" for i, v in sorted(points.items()) if v),
                stem)
        if not dense:  # every sample, zeros too; the imaginary parts only where they are not 0
            for i in (range(lo, hi + 1) if not shift else [i for i, v in points.items() if v]):
                v = points.get(i, 0.0)
                if shift:
                    cv.rect(x_of(i) + dx - 3, y_of(v) - 3, 6, 6, dot)
                else:
                    cv.circle(x_of(i) + dx, y_of(v), 3.5, dot)
    for i, text in sorted(p.labels.items()):
        v = p.samples[i].real
        cv.text(x_of(i), y_of(v) - 7 if v >= 0 else y_of(v) + 7 + FONT * 0.75, text, anchor="middle")
    bottom = data_bottom + (_LABEL if negative_labels else 4)
    for i in range(lo, hi + 1):
        if i % every == 0:
            cv.text(x_of(i), bottom + 14, _tick(i), cls="sc-muted", anchor="middle")
    return bottom + _TICKS + _GAP
