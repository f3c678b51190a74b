"""How long a 64-frame animation takes, against the plain text derivation of the same input.

Three inputs, each with 64 frames (one per output):

* ``conv2d`` of a 10×10 input with a 3×3 kernel, an 8×8 output (9 products each);
* ``conv_transpose2d`` of a 4×4 input with a 3×3 kernel, stride 2, padding 1, output padding 1:
  the zero-inserted, padded 10×10 input and an 8×8 output (the zero-insertion view; its
  scatter view is timed too, one frame per input sample: 16);
* a ``conv2d`` layer: a batch of 2, 2 input and 2 output channels, 6×6 inputs, a 3×3 kernel and
  a bias: 2 × 2 planes of 4×4 outputs, each frame two channels' windows and the total.

Measured in one run, the median of ``--repeat`` runs each (after one warm-up run, so fonts and
imports are paid once):

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


def the_transposed():
    x = "; ".join(" ".join(str((3 * r + c) % 7 - 2) for c in range(4)) for r in range(4))
    return symconv.conv_transpose2d(x, "1 2 1; 0 1 0; -1 0 1", stride=2, padding=1, output_padding=1)


def the_layer():
    x = [[[[(n + 2 * c + r * q) % 5 - 1 for q in range(6)] for r in range(6)] for c in range(2)] for n in range(2)]
    w = [[[[1, 0, -1], [2, 0, -2], [1, 0, -1]], [[0, 1, 0], [1, -1, 1], [0, 1, 0]]],
         [[[1, 1, 1], [0, 0, 0], [-1, -1, -1]], [[2, 0, 0], [0, 2, 0], [0, 0, 2]]]]
    return symconv.conv2d(x, w, bias=[1, -2])


def median_ms(work, repeat: int) -> float:
    work()  # warm-up: imports, fonts, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(title: str, d, repeat: int, **kwargs) -> None:
    frames = d.animation(**kwargs).count('<g class="sc-step')
    floor = median_ms(lambda: d.text(), repeat)
    rows = [("text derivation (floor)", None, floor)]
    for format in ("svg", "gif", "storyboard"):
        rows.append((f"animation {format!r}", format, median_ms(lambda: d.animation(format, **kwargs), repeat)))
    sizes = {format: len(d.animation(format, **kwargs)) for format in ("svg", "gif", "storyboard")}
    print(f"{title}: {frames} frames; median of {repeat} runs")
    for name, fmt, ms in rows:
        extra = f"  {sizes[fmt] / 1024:7.0f} KB" if fmt else ""
        target = TARGET_MS * frames / 64  # 1 s per 64 frames
        verdict = "" if fmt is None else ("  ok (< 1 s per 64 frames)" if ms < target else "  OVER the target")
        print(f"  {name:<26} {ms:8.1f} ms  {ms / floor:6.2f}x the floor{extra}{verdict}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    d, t, layer = the_input(), the_transposed(), the_layer()
    assert len(d) == len(t) == len(layer) == 64
    measure("conv2d 10x10 * 3x3 -> 8x8 output", d, args.repeat)
    measure("conv_transpose2d 4x4 * 3x3, stride 2, padding 1, output_padding 1 -> 8x8 (zero insertion)", t,
            args.repeat)
    measure("the same, scatter view (one frame per input sample)", t, args.repeat, view="scatter")
    measure("conv2d layer: batch 2, 2 -> 2 channels, 6x6 * 3x3, bias -> 2x2 planes of 4x4", layer, args.repeat)


if __name__ == "__main__":
    main()
