"""Stem plots as deterministic SVG (matplotlib, imported only when a figure is drawn)."""

from __future__ import annotations

import io

from ..errors import InputError
from ..model import Expansion1D

__all__ = ["stem_svg"]

_RC = {
    "svg.hashsalt": "symconv",
    "svg.fonttype": "none",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
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
        panels.append((f"{B}[-m] (flipped)", [-j for j in reversed(e.b.indices)],
                       _numeric(tuple(reversed(e.b.values)))))
    label = f"{C}[n]" if e.kind == "convolve" else f"{C}[k] (lag k)"
    panels.append((label, list(e.indices), _numeric(e.values)))
    lo = min(min(idx) for _, idx, _ in panels) - 1
    hi = max(max(idx) for _, idx, _ in panels) + 1
    with matplotlib.rc_context(_RC):
        fig, axes = plt.subplots(len(panels), 1, figsize=(6.4, 1.35 * len(panels)), sharex=True,
                                 layout="constrained")
        for ax, (title, idx, vals) in zip(axes, panels):
            real = [v.real for v in vals]
            markers, stems, base = ax.stem(idx, real, basefmt=" ")
            markers.set_markersize(5)
            if any(v.imag for v in vals):
                m2, s2, _ = ax.stem(idx, [v.imag for v in vals], linefmt="C1--", markerfmt="C1s",
                                    basefmt=" ")
                m2.set_markersize(4)
                ax.legend(["Re", "Im"], fontsize=8, loc="upper right", frameon=False)
            ax.axhline(0, color="0.6", linewidth=0.8)
            ax.set_ylabel(title, rotation=0, ha="right", va="center")
            ax.set_xlim(lo, hi)
            ax.margins(y=0.2)
            ax.grid(axis="y", color="0.92")
        axes[-1].set_xlabel("index")
        axes[-1].xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()
