"""How long a 64-frame animation takes, against the plain text derivation of the same input.

The input: ``conv2d`` of a 10×10 input with a 3×3 kernel, an 8×8 output (64 frames, 9 products
each). Measured in one run, the median of ``--repeat`` runs each (after one warm-up run, so
fonts and imports are paid once):

* the floor: ``d.text()``, the derivation the animation illustrates (the same document);
* ``d.animation("svg")``: frames from the steps, layout, SMIL;
* ``d.animation("gif")``: the same frames drawn with Pillow at 1.5 px per unit and encoded;
* ``d.animation("storyboard")``: every frame in one static SVG.

Prints milliseconds and the ratio to the floor, and whether each format meets the issue's
target (under 1 s for 64 frames).

Run: ``python benchmarks/animation.py [--repeat 5]`` (the GIF needs Pillow).
"""

from __future__ import annotations

import argparse
import statistics
import time

import symconv

TARGET_MS = 1000


def the_input():
    x = "; ".join(" ".join(str((r * c + r + 2 * c) % 10) for c in range(10)) for r in range(10))
    return symconv.conv2d(x, "1 2 1; 0 0 0; -1 -2 -1")


def median_ms(work, repeat: int) -> float:
    work()  # warm-up: imports, fonts, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    d = the_input()
    assert len(d) == 64
    floor = median_ms(lambda: d.text(), args.repeat)
    rows = [("text derivation (floor)", floor)]
    for format in ("svg", "gif", "storyboard"):
        rows.append((f"animation {format!r}", median_ms(lambda: d.animation(format), args.repeat)))
    sizes = {format: len(d.animation(format)) for format in ("svg", "gif", "storyboard")}
    print(f"conv2d 10x10 * 3x3 -> 8x8 output, {len(d)} frames; median of {args.repeat} runs")
    for name, ms in rows:
        fmt = name.split("'")[1] if "'" in name else None
        extra = f"  {sizes[fmt] / 1024:7.0f} KB" if fmt else ""
        verdict = "" if fmt is None else ("  ok (< 1 s)" if ms < TARGET_MS else "  OVER the 1 s target")
        print(f"  {name:<26} {ms:8.1f} ms  {ms / floor:6.2f}x the floor{extra}{verdict}")


if __name__ == "__main__":
    main()
