"""How to draw the stem plots of many fences: the ways considered, measured in one run.

The 50 fences of ``site_build.py`` (four-panel stem plots of convolutions and correlations),
drawn as SVG by

1. matplotlib, a new figure per fence (symconv's figures until the site issue);
2. matplotlib, one figure reused, only the artists that change updated (stems, limits, labels);
3. matplotlib, a new figure per fence, spread over worker processes (one per core);
4. symconv's SVG writer (``symconv.render.stem``), straight from the derivation's data.

matplotlib's import is timed apart (a fresh interpreter), since a build pays it once. Prints
the median of ``--repeat`` runs per way, per fence and for all 50, and the ratio to the writer.

Run: ``python benchmarks/figure_backends.py [--repeat 3]`` (needs matplotlib).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_build import fences  # noqa: E402


def panels_of(body: str) -> list:
    """The four (or three) stem panels of a fence, as plain floats: what every way draws."""
    import yaml

    import symconv

    data = yaml.safe_load(body)
    d = (symconv.convolve if data["op"] == "convolve" else symconv.correlate)(data["a"], data["b"], mode="full")
    e = d.expansion
    out = [(list(e.a.indices), [float(v) for v in e.a.values]), (list(e.b.indices), [float(v) for v in e.b.values])]
    if e.kind == "convolve":
        out.append(([-j for j in reversed(e.b.indices)], [float(v) for v in reversed(e.b.values)]))
    out.append((list(e.indices), [float(v) for v in e.values]))
    return out


_RC = {"svg.hashsalt": "symconv", "svg.fonttype": "none", "font.size": 10}


def mpl_fresh(panels) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(_RC):
        fig, axes = plt.subplots(len(panels), 1, figsize=(6.4, 0.3 + 1.15 * len(panels)))
        for ax, (idx, vals) in zip(axes, panels):
            ax.stem(idx, vals, basefmt=" ")
            ax.axhline(0, color="0.6", linewidth=0.8)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()


class MplReused:
    """One figure per panel count, built once; each fence only moves the stems and limits."""

    def __init__(self):
        self.figures = {}

    def __call__(self, panels) -> str:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        with matplotlib.rc_context(_RC):
            if len(panels) not in self.figures:
                fig, axes = plt.subplots(len(panels), 1, figsize=(6.4, 0.3 + 1.15 * len(panels)))
                stems = [ax.stem([0], [1], basefmt=" ") for ax in axes]
                for ax in axes:
                    ax.axhline(0, color="0.6", linewidth=0.8)
                self.figures[len(panels)] = (fig, axes, stems)
            fig, axes, stems = self.figures[len(panels)]
            for ax, stem, (idx, vals) in zip(axes, stems, panels):
                stem.markerline.set_data(idx, vals)
                stem.stemlines.set_segments([[(i, 0), (i, v)] for i, v in zip(idx, vals)])
                ax.set_xlim(min(idx) - 1, max(idx) + 1)
                ax.set_ylim(min(vals + [0]) - 0.5, max(vals + [0]) + 0.5)
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        return buffer.getvalue()


def mpl_pool(all_panels) -> list:
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(mpl_fresh, all_panels))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import symconv
    from symconv.render.stem import stem_svg

    bodies = fences()
    all_panels = [panels_of(b) for b in bodies]
    expansions = []
    for body in bodies:
        import yaml

        data = yaml.safe_load(body)
        op = symconv.convolve if data["op"] == "convolve" else symconv.correlate
        expansions.append(op(data["a"], data["b"], mode="full").expansion)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot"],
                   check=True)
    mpl_import = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    mpl_import -= time.perf_counter() - start  # the interpreter's own start-up
    mpl_fresh(all_panels[0])  # imports matplotlib here, outside the timings

    reused = MplReused()
    ways = {
        "matplotlib, a figure per fence": lambda: [mpl_fresh(p) for p in all_panels],
        "matplotlib, one figure reused": lambda: [reused(p) for p in all_panels],
        f"matplotlib, {os.cpu_count()} worker processes": lambda: mpl_pool(all_panels),
        "SVG written from the data": lambda: [stem_svg(e, ("a", "b", "c")) for e in expansions],
    }
    times = {name: [] for name in ways}
    for _ in range(args.repeat):  # interleaved, so drift hits all alike
        for name, run in ways.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    n = len(bodies)
    writer = statistics.median(times["SVG written from the data"])
    print(f"{n} four-panel stem plots; matplotlib's import: {mpl_import * 1000:.0f} ms once per build "
          f"(once per worker with processes)")
    for name, values in times.items():
        t = statistics.median(values)
        print(f"  {name:<36} {t * 1000:8.1f} ms  {t / n * 1000:7.2f} ms per fence  {t / writer:6.0f}x the writer")


if __name__ == "__main__":
    main()
