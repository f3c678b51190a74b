"""Derivation + LaTeX cost against two baselines measured in the same run.

(a) "sympy": a straightforward SymPy implementation (SymPy objects per term, ``sympy.latex`` per
    factor and value); (b) "floor": the same text produced with plain f-strings over Python
    ints/Fractions. Prints medians (ms) and ratios. Run: ``python benchmarks/derive.py``.
Also times ``import symconv`` against ``import sympy, numpy`` in fresh interpreters.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from fractions import Fraction

import sympy

import symconv

CASES = [("4x3", 4, 3, "decimal"), ("64x16", 64, 16, "int"), ("256x64", 256, 64, "rational"),
         ("1024x64", 1024, 64, "int")]


def make(n: int, kind: str, seed: int):
    rng = random.Random(seed)
    if kind == "int":
        return [rng.randint(-9, 9) for _ in range(n)]
    if kind == "decimal":
        return [rng.choice([0.25, 0.5, 1, -0.75]) for _ in range(n)]
    return [Fraction(rng.randint(-9, 9), rng.randint(1, 9)) for _ in range(n)]


def ours(a, b) -> str:
    return symconv.convolve(a, b).latex()


def straightforward_sympy(a, b) -> str:
    """SymPy objects per term, ``sympy.latex`` per term and per value."""
    A = [sympy.Rational(str(x)) for x in a]
    B = [sympy.Rational(str(x)) for x in b]
    lines = ["c[n] &= \\sum_{m} a[m]\\, b[n-m]"]
    for n in range(len(A) + len(B) - 1):
        ms = range(max(0, n - len(B) + 1), min(len(A) - 1, n) + 1)
        terms = [sympy.Mul(A[m], B[n - m], evaluate=False) for m in ms]
        value = sympy.Add(*[t.doit() for t in terms])
        idx = " + ".join(f"a[{m}]\\,b[{n - m}]" for m in ms)
        prod = " + ".join(sympy.latex(t) for t in terms)
        lines.append(f"c[{n}] &= {idx} = {prod} = {sympy.latex(value)}")
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def floor(a, b) -> str:
    def fmt(x):
        if isinstance(x, int):
            return str(x)
        if x.denominator == 1:
            return str(x.numerator)
        s = f"\\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"
        return "-" + s if x < 0 else s

    ints = all(isinstance(x, int) for x in list(a) + list(b))
    A = list(a) if ints else [Fraction(str(x)) for x in a]
    B = list(b) if ints else [Fraction(str(x)) for x in b]
    fa, fb = [fmt(x) for x in A], [fmt(x) for x in B]
    lines = ["c[n] &= \\sum_{m} a[m]\\, b[n-m]"]
    for n in range(len(A) + len(B) - 1):
        ms = range(max(0, n - len(B) + 1), min(len(A) - 1, n) + 1)
        idx = " + ".join([f"a[{m}]\\,b[{n - m}]" for m in ms])
        prod = " + ".join([f"{fa[m]} \\cdot {fb[n - m]}" for m in ms])
        value = sum(A[m] * B[n - m] for m in ms)
        lines.append(f"c[{n}] &= {idx} = {prod} = {fmt(value)}")
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def median_ms(func, a, b, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func(a, b)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def import_times(repeat: int) -> tuple[float, float]:
    def one(code):
        subprocess.run([sys.executable, "-c", code], check=True)  # warm the file caches first
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t

    base = statistics.median(one("import sympy, numpy") for _ in range(repeat))
    ours_ = statistics.median(one("import sympy, numpy, symconv") for _ in range(repeat))
    return base * 1000, ours_ * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-sympy-above", type=int, default=300_000,
                        help="skip the straightforward SymPy baseline above this many terms")
    args = parser.parse_args()
    print(f"{'case':>8} {'terms':>7} {'symconv ms':>11} {'floor ms':>9} {'sympy ms':>9} "
          f"{'vs floor':>9} {'sympy/us':>9}")
    for label, n, m, kind in CASES:
        a, b = make(n, kind, 1), make(m, kind, 2)
        terms = n * m
        t_ours = median_ms(ours, a, b, args.repeat)
        t_floor = median_ms(floor, a, b, args.repeat)
        t_sympy = median_ms(straightforward_sympy, a, b, max(1, args.repeat // 2))
        print(f"{label:>8} {terms:>7} {t_ours:>11.1f} {t_floor:>9.1f} {t_sympy:>9.1f} "
              f"{t_ours / t_floor:>8.2f}x {t_sympy / t_ours:>8.1f}x")
    base, with_us = import_times(args.repeat)
    print(f"import sympy, numpy: {base:.0f} ms; + symconv: {with_us:.0f} ms "
          f"(+{(with_us / base - 1) * 100:.1f}%)")
    heavy = subprocess.run([sys.executable, "-c", "import sys, symconv; print(sorted(m for m in "
                            "('matplotlib','markdown','mkdocs','scipy','IPython') if m in sys.modules))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    print(f"heavy modules imported by symconv: {heavy}")


if __name__ == "__main__":
    main()
