"""Checking work against a floor measured in the same run: the cost of printing the same
derivation (``d.text()``), which every check must at least read.

* lint: ``symconv.lint(d.text(), a, b)`` for symconv's own text (every line read and compared);
* grade: ``symconv.grade(answer, a, b)`` for a right answer and a not-flipped one (the classic
  mistakes' derivations are built to name it);
* exercise: ``symconv.exercise(seed=k)`` with its answer key.

Run: ``python benchmarks/grading.py``. Prints medians (ms) and ratios to the floor.
"""

from __future__ import annotations

import random
import statistics
import time

import numpy as np

import symconv

CASES = [("8x3", 8, 3), ("64x16", 64, 16), ("256x32", 256, 32)]


def _median(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    rng = random.Random(1)
    print(f"{'case':>8} {'text ms':>9} {'lint ms':>9} {'lint/text':>10} {'grade ms':>9} {'mistake ms':>11} {'grade/text':>11}")
    for name, n, m in CASES:
        a = [rng.randint(-9, 9) for _ in range(n)]
        b = [rng.randint(-9, 9) for _ in range(m)]
        d = symconv.convolve(a, b)
        text = d.text()
        floor = _median(lambda: symconv.convolve(a, b).text())
        linted = _median(lambda: symconv.lint(text, a, b))
        right = np.convolve(a, b).tolist()
        wrong = np.correlate(a, b, "full").tolist()
        graded = _median(lambda: symconv.grade(right, a, b))
        mistaken = _median(lambda: symconv.grade(wrong, a, b))
        print(f"{name:>8} {floor:9.1f} {linted:9.1f} {linted / floor:9.2f}x {graded:9.1f} {mistaken:11.1f} "
              f"{mistaken / floor:10.2f}x")
    per = _median(lambda: [symconv.exercise(seed=k).answer_key() for k in range(20)], repeat=3) / 20
    print(f"exercise with its answer key: {per:.1f} ms each")


if __name__ == "__main__":
    main()
