"""Stem plots as deterministic SVG (matplotlib, imported only when a figure is drawn)."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from ..errors import InputError
from ..model import Expansion1D, Expansion2D

__all__ = ["stem_svg", "window_svg", "overview_svg", "cached_svg", "formula_stem_svg"]

_RC = {
    "svg.hashsalt": "symconv",
    "svg.fonttype": "none",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
}


def _numeric(values):
    out = []
    for v in values:
        if v.free_symbols:
            raise InputError("stem plots need numeric sequences; leave 'plot' out of show for "
                             "symbolic ones")
        out.append(complex(v))
    return out


def stem_svg(e: Expansion1D, names: tuple[str, str, str]) -> str:
    """SVG of stem plots: the first sequence, the second, (for convolution) the second flipped,
    and the output, on their true indices. Same input, same bytes.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    A, B, C = names
    panels = [(f"{A}[n]", list(e.a.indices), _numeric(e.a.values)),
              (f"{B}[n]", list(e.b.indices), _numeric(e.b.values))]
    if e.kind == "convolve":
        panels.append((f"{B}[\u2212m]", [-j for j in reversed(e.b.indices)],
                       _numeric(tuple(reversed(e.b.values)))))
    label = f"{C}[n]" if e.kind == "convolve" else f"{C}[k] (lag k)"
    panels.append((label, list(e.indices), _numeric(e.values)))
    lo = min(min(idx) for _, idx, _ in panels) - 1
    hi = max(max(idx) for _, idx, _ in panels) + 1
    with matplotlib.rc_context(_RC):
        # A fixed layout: constrained layout would double the cost of every figure.
        fig, axes = plt.subplots(len(panels), 1, figsize=(6.4, 0.3 + 1.15 * len(panels)), sharex=True)
        fig.subplots_adjust(left=0.15, right=0.97, top=0.98, bottom=0.42 / (0.3 + 1.15 * len(panels)) + 0.02,
                            hspace=0.35)
        for ax, (title, idx, vals) in zip(axes, panels):
            real = [v.real for v in vals]
            markers, _, _ = ax.stem(idx, real, basefmt=" ")
            markers.set_markersize(5)
            if any(v.imag for v in vals):
                m2, _, _ = ax.stem(idx, [v.imag for v in vals], linefmt="C1--", markerfmt="C1s",
                                   basefmt=" ")
                m2.set_markersize(4)
                ax.legend(["Re", "Im"], fontsize=8, loc="upper right", frameon=False)
            ax.axhline(0, color="0.6", linewidth=0.8)
            ax.set_ylabel(title, rotation=0, ha="right", va="center")
            ax.set_xlim(lo, hi)
            ax.margins(y=0.2)
            ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=3))
            ax.tick_params(axis="x", length=0 if ax is not axes[-1] else 3.5)
        axes[-1].set_xlabel("index")
        axes[-1].xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()


def _key(e, names: tuple, extra) -> str:
    import matplotlib

    from .._version import __version__

    if isinstance(e, Expansion1D):
        data = (e.kind, e.mode, e.a.start, tuple(map(str, e.a.values)), e.b.start, tuple(map(str, e.b.values)))
    elif not isinstance(e, Expansion2D):  # a closed form
        data = (str(e.x.expr), str(e.h.expr), str(e.expr))
    else:
        data = (e.kind, e.mode, e.boundary, str(e.fillvalue), e.origin, e.stride, e.dilation, e.padding,
                tuple(map(str, e.x.values)), e.x.shape, tuple(map(str, e.k.values)), e.k.shape)
    text = repr((__version__, matplotlib.__version__, tuple(names), data, extra))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def cached_svg(draw, e, names: tuple[str, str, str], cache_dir, *args) -> str:
    """``draw(e, names, *args)``, kept in ``cache_dir`` across builds (keyed by the data, the
    arguments, symconv's and matplotlib's versions). A figure is written whole or not at all."""
    if not cache_dir:
        return draw(e, names, *args)
    folder = Path(cache_dir)
    path = folder / f"{_key(e, names, (draw.__name__, args))}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    svg = draw(e, names, *args)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(svg)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time
    return svg


# -- 2D windows ---------------------------------------------------------------------------------
_INPUT, _PAD, _WINDOW, _OUTPUT = "#e8f5e9", "#eeeeee", "#ffb74d", "#81c784"


def _text(value) -> str:
    if value.free_symbols:
        return str(value)
    number = complex(value)
    if number.imag:
        return f"{number.real:g}{number.imag:+g}j"
    return f"{number.real:g}"


def _region(e: Expansion2D):
    """Rows/columns to draw: the region the windows read, together with the input itself."""
    box_rows, box_cols = e.input_box
    rows, cols = e.region.rows, e.region.cols
    return (range(min(rows.start, box_rows.start), max(rows.stop, box_rows.stop)),
            range(min(cols.start, box_cols.start), max(cols.stop, box_cols.stop)))


def _grid(ax, cells, title, fontsize=9):
    """cells: {(r, c): (text, colour)} drawn with row 0 at the top."""
    from matplotlib.patches import Rectangle

    rows = sorted({r for r, _ in cells})
    cols = sorted({c for _, c in cells})
    for (r, c), (label, colour) in cells.items():
        y, x = rows.index(r), cols.index(c)
        ax.add_patch(Rectangle((x, -y - 1), 1, 1, facecolor=colour, edgecolor="#9e9e9e", linewidth=0.8))
        if label:
            ax.text(x + 0.5, -y - 0.5, label, ha="center", va="center", fontsize=fontsize)
    ax.set_xlim(-0.1, len(cols) + 0.1)
    ax.set_ylim(-len(rows) - 0.1, 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=10)


def _window_cells(e: Expansion2D, i: int, j: int) -> set:
    return {rc for rc, _ in e.window.positions(i, j)}


def _source_cells(e: Expansion2D, window: set, labels: bool = True) -> dict:
    rows, cols = _region(e)
    region, (box_rows, box_cols) = e.region, e.input_box
    zero = e.region.values[0] * 0 if e.region.values else 0
    out = {}
    for r in rows:
        for c in cols:
            if r in region.rows and c in region.cols:
                value = region.values[region.offset(r, c)]
            else:  # part of the input no window reads
                value = e.x.rows[r - box_rows.start][c - box_cols.start] if r in box_rows and c in box_cols else zero
            inside = r in box_rows and c in box_cols
            colour = _WINDOW if (r, c) in window else (_INPUT if inside else _PAD)
            out[(r, c)] = (_text(value) if labels else "", colour)
    return out


def window_svg(e: Expansion2D, names: tuple[str, str, str], cell: tuple[int, int] = (0, 0)) -> str:
    """SVG of one output cell's window: the input (padding or boundary cells grey, the window
    orange), the kernel as applied, and the output with the cell produced (green)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    X, K, Y = names
    i, j = cell
    rows, cols = e.out_shape
    if not (0 <= i < rows and 0 <= j < cols):
        raise InputError(f"cell {list(cell)} is outside the {rows}x{cols} output")
    source = _source_cells(e, _window_cells(e, i, j))
    kernel = {(m, n): (_text(v), _WINDOW) for m, row in enumerate(e.kernel) for n, v in enumerate(row)}
    output = {(a, b): (_text(e.cells[a * cols + b].value) if (a, b) == (i, j) else "",
                       _OUTPUT if (a, b) == (i, j) else "#ffffff")
              for a in range(rows) for b in range(cols)}
    flipped = e.kind == "convolve2d"
    widths = [len(_region(e)[1]), len(e.kernel[0]), cols]
    with matplotlib.rc_context(_RC):
        fig, axes = plt.subplots(1, 3, figsize=(min(2.2 + 0.42 * sum(widths), 9.5), 0.6 + 0.42 * max(
            len(_region(e)[0]), len(e.kernel), rows)), gridspec_kw={"width_ratios": widths})
        padded = e.padded or (e.kind in ("convolve2d", "correlate2d") and not e.skips_outside())
        _grid(axes[0], source, f"{X}{'~ (padded)' if padded else ''}")
        _grid(axes[1], kernel, f"{K}{'~ (rotated 180°)' if flipped else ''}")
        _grid(axes[2], output, f"{Y}[{j}]" if e.one_d else f"{Y}[{i}, {j}]")
        fig.subplots_adjust(left=0.02, right=0.98, top=0.86, bottom=0.03, wspace=0.25)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()


def overview_svg(e: Expansion2D, names: tuple[str, str, str]) -> str:
    """SVG strip of small multiples: the window of every output cell (at most 16 cells)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    X, K, Y = names
    rows, cols = e.out_shape
    if rows * cols > 16:
        raise InputError(f"the overview shows at most 16 output cells, this output has {rows * cols}; "
                         f"use 'figure' with a cell instead")
    per_row = min(cols * rows, 4 if cols * rows > 4 else cols * rows)
    lines = -(-rows * cols // per_row)
    region_rows, region_cols = _region(e)
    with matplotlib.rc_context(_RC):
        fig, axes = plt.subplots(lines, per_row, squeeze=False,
                                 figsize=(per_row * (0.3 + 0.22 * len(region_cols)),
                                          lines * (0.45 + 0.22 * len(region_rows))))
        for ax in axes.flat:
            ax.axis("off")
        for index, cell in enumerate(e.cells):
            ax = axes.flat[index]
            _grid(ax, _source_cells(e, _window_cells(e, cell.i, cell.j), labels=False),
                  f"{Y}[{cell.j}] = {_text(cell.value)}" if e.one_d else
                  f"{Y}[{cell.i},{cell.j}] = {_text(cell.value)}")
        fig.subplots_adjust(left=0.02, right=0.98, top=0.9, bottom=0.02, wspace=0.15, hspace=0.35)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()


# -- formula sequences ------------------------------------------------------------------------
def formula_stem_svg(cf, names: tuple[str, str, str], values: dict, window: tuple[int, int]) -> str:
    """SVG stem plots of ``x``, ``h`` and the closed-form ``y`` over ``window`` for the parameter
    ``values`` (a dict of name -> number)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import sympy

    from ..parse import parse_value

    subs = {s: parse_value(values[s.name], where=f"values[{s.name!r}]")[0]
            for s in cf.expr.free_symbols | cf.x.expr.free_symbols | cf.h.expr.free_symbols if s.name in values}
    missing = sorted(s.name for s in (cf.expr.free_symbols | cf.x.expr.free_symbols | cf.h.expr.free_symbols)
                     - set(subs) - {cf.n, cf.x.n, cf.h.n})
    if missing:
        raise InputError(f"the plot needs values for {', '.join(missing)} (fence key: values)")
    lo, hi = window
    idx = list(range(lo, hi + 1))

    def samples(expr, var):
        expr = expr.xreplace(subs)
        return [float(sympy.re(sympy.N(expr.subs(var, k)))) for k in idx]

    X, H, Y = names
    shown = ", ".join(f"{k} = {v}" for k, v in values.items())
    panels = [(f"{X}[n]", samples(cf.x.expr, cf.x.n)), (f"{H}[n]", samples(cf.h.expr, cf.h.n)),
              (f"{Y}[n]", samples(cf.expr, cf.n))]
    with matplotlib.rc_context(_RC):
        fig, axes = plt.subplots(3, 1, figsize=(6.4, 3.9), sharex=True)
        fig.subplots_adjust(left=0.13, right=0.97, top=0.92 if shown else 0.97, bottom=0.12, hspace=0.35)
        for ax, (title, vals) in zip(axes, panels):
            markers, _, _ = ax.stem(idx, vals, basefmt=" ")
            markers.set_markersize(4)
            ax.axhline(0, color="0.6", linewidth=0.8)
            ax.set_ylabel(title, rotation=0, ha="right", va="center")
            ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=3))
            ax.margins(y=0.2)
        axes[-1].set_xlabel("n")
        axes[-1].xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        if shown:
            fig.suptitle(shown, fontsize=9)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()
