"""Stem plots as deterministic SVG (matplotlib, imported only when a figure is drawn)."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from ..errors import InputError
from ..model import Expansion1D

__all__ = ["stem_svg", "cached_stem_svg"]

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


def _key(e: Expansion1D, names: tuple) -> str:
    import matplotlib

    from .._version import __version__

    data = repr((__version__, matplotlib.__version__, tuple(names), e.kind, e.mode,
                 e.a.start, tuple(map(str, e.a.values)), e.b.start, tuple(map(str, e.b.values))))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def cached_stem_svg(e: Expansion1D, names: tuple[str, str, str], cache_dir: str | os.PathLike | None) -> str:
    """:func:`stem_svg`, kept in ``cache_dir`` across builds (keyed by the data, symconv's and
    matplotlib's versions). The figure is written whole or not at all."""
    if not cache_dir:
        return stem_svg(e, names)
    folder = Path(cache_dir)
    path = folder / f"{_key(e, names)}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    svg = stem_svg(e, names)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(svg)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time
    return svg
