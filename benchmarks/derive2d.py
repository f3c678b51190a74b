"""2D derivation + LaTeX cost against two baselines measured in the same run.

Cases: a 28x28 input with a 3x3 kernel (valid cross-correlation, 676 cells x 9 terms), a
64x64 input with a 5x5 kernel (``same``, 4096 cells x 25 terms), and a layer: conv2d of a
3-channel 28x28 input with 8 output channels and 3x3 kernels (8 x 26 x 26 = 5,408 output cells,
16,224 channel windows, 146k products), whose floor writes the same rows (one per input channel,
then the total) with f-strings. Baselines: (a) straightforward
SymPy (SymPy objects per term, ``sympy.latex`` per term and per value); (b) the floor: the same
rows with plain f-strings over Python ints. Run: ``python benchmarks/derive2d.py``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import sympy

import symconv

CASES = [("28x28 * 3x3 valid", 28, 3, "valid"), ("64x64 * 5x5 same", 64, 5, "same")]


def make(n: int, seed: int):
    rng = random.Random(seed)
    return [[rng.randint(-9, 9) for _ in range(n)] for _ in range(n)]


def ours(x, k, mode) -> str:
    return symconv.correlate2d(x, k, mode).latex()


def _windows(x, k, mode):
    """(i, j, [(r, c, m, n), ...]) for correlate2d with fill 0 (offsets as scipy)."""
    n, kn = len(x), len(k)
    off = kn // 2 if mode == "same" else kn - 1
    size = n if mode == "same" else n - kn + 1
    base = off - (kn - 1)
    for i in range(size):
        for j in range(size):
            yield i, j, [(i + base + m, j + base + q, m, q) for m in range(kn) for q in range(kn)
                         if 0 <= i + base + m < n and 0 <= j + base + q < n]


def straightforward_sympy(x, k, mode) -> str:
    X = [[sympy.Integer(v) for v in row] for row in x]
    K = [[sympy.Integer(v) for v in row] for row in k]
    lines = []
    for i, j, taps in _windows(x, k, mode):
        terms = [sympy.Mul(X[r][c], K[m][q], evaluate=False) for r, c, m, q in taps]
        value = sympy.Add(*[t.doit() for t in terms])
        idx = " + ".join(f"x[{r},\\\\,{c}]\\\\,k[{m},\\\\,{q}]" for r, c, m, q in taps)
        lines.append(f"y[{i},\\\\,{j}] &= {idx} = {' + '.join(sympy.latex(t) for t in terms)} = "
                     f"{sympy.latex(value)}")
    return "\\\\begin{aligned}\\n" + " \\\\\\\\\\n".join(lines) + "\\n\\\\end{aligned}"


def floor(x, k, mode) -> str:
    def f(v):
        return f"({v})" if v < 0 else str(v)

    lines = []
    for i, j, taps in _windows(x, k, mode):
        idx = " + ".join([f"x[{r},\\\\,{c}]\\\\,k[{m},\\\\,{q}]" for r, c, m, q in taps])
        prod = " + ".join([f"{f(x[r][c])} \\\\cdot {f(k[m][q])}" for r, c, m, q in taps])
        value = sum(x[r][c] * k[m][q] for r, c, m, q in taps)
        lines.append(f"y[{i},\\\\,{j}] &= {idx} = {prod} = {value}")
    return "\\\\begin{aligned}\\n" + " \\\\\\\\\\n".join(lines) + "\\n\\\\end{aligned}"


def layer_ours(x, w) -> str:
    return symconv.conv2d(x, w).latex()


def layer_floor(x, w) -> str:
    """The rows symconv writes for a layer (one per input channel, then the total), as f-strings."""
    def f(v):
        return f"({v})" if v < 0 else str(v)

    cin, n = len(x), len(x[0])
    kn = len(w[0][0])
    lines = []
    for o in range(len(w)):
        for i in range(n - kn + 1):
            for j in range(n - kn + 1):
                parts = []
                for c in range(cin):
                    taps = [(i + m, j + q, m, q) for m in range(kn) for q in range(kn)]
                    idx = " + ".join([f"x[{c},\\,{r},\\,{cc}]\\,w[{o},\\,{c},\\,{m},\\,{q}]" for r, cc, m, q in taps])
                    prod = " + ".join([f"{f(x[c][r][cc])} \\cdot {f(w[o][c][m][q])}" for r, cc, m, q in taps])
                    value = sum(x[c][r][cc] * w[o][c][m][q] for r, cc, m, q in taps)
                    parts.append(value)
                    lines.append(f"s[{c}] &= {idx} = {prod} = {value}")
                total = " + ".join(f(v) for v in parts)
                lines.append(f"y[{o},\\,{i},\\,{j}] &= s[0] + s[1] + s[2] = {total} = {sum(parts)}")
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def median_ms(func, args, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'case':>20} {'terms':>7} {'symconv ms':>11} {'floor ms':>9} {'sympy ms':>9} "
          f"{'vs floor':>9} {'sympy/us':>9}")
    for label, n, kn, mode in CASES:
        x, k = make(n, 1), make(kn, 2)
        terms = sum(len(t) for _, _, t in _windows(x, k, mode))
        t_ours = median_ms(ours, (x, k, mode), args.repeat)
        t_floor = median_ms(floor, (x, k, mode), args.repeat)
        t_sympy = median_ms(straightforward_sympy, (x, k, mode), max(1, args.repeat // 2))
        print(f"{label:>20} {terms:>7} {t_ours:>11.1f} {t_floor:>9.1f} {t_sympy:>9.1f} "
              f"{t_ours / t_floor:>8.2f}x {t_sympy / t_ours:>8.1f}x")
    rng = random.Random(3)
    x = [make(28, 10 + c) for c in range(3)]
    w = [[[[rng.randint(-9, 9) for _ in range(3)] for _ in range(3)] for _ in range(3)] for _ in range(8)]
    t_ours = median_ms(layer_ours, (x, w), max(1, args.repeat // 2))
    t_floor = median_ms(layer_floor, (x, w), max(1, args.repeat // 2))
    print(f"{'3x28x28 * 8x3x3x3':>20} {8 * 26 * 26 * 27:>7} {t_ours:>11.1f} {t_floor:>9.1f} {'-':>9} "
          f"{t_ours / t_floor:>8.2f}x {'-':>9}")


if __name__ == "__main__":
    main()
