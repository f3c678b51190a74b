"""The steps of a circular convolution, three views of one n-point sum: the sum itself (each
``c[k]`` with its indices taken mod n), the wrap (the linear convolution, its tail folded onto its
head: time-domain aliasing) and the DFT (the n-point DFTs of both inputs, their product and the
inverse DFT, exactly). Every view states when the circular result equals the linear one
(``n >= N + M - 1``); each view's outputs carry that view's own values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, Rational

from ..model.circular import CircularDFT, CircularExpansion
from .base import Arg, Array, Call, Output, Ref, Step, Strip

__all__ = ["CIRCULAR_VIEWS", "CircularDefinition", "Wrapped", "CircularFlip", "LinearCondition", "CircularView",
           "LinearDefinition", "LinearBlock", "WrapDefinition", "WrapSum", "RootOfUnity", "DftDefinition",
           "RootSum", "DftProduct", "call_circular", "circular_strips", "circular_outputs", "view_steps"]

#: The views of a circular convolution, in display order.
CIRCULAR_VIEWS = ("sum", "wrap", "dft")


@dataclass(frozen=True)
class CircularDefinition(Step):
    """``output[k] = sum_{m=0}^{n-1} first[m] second[(k - m) mod n]`` for ``k = 0 ... n - 1``;
    ``padded`` names the arrays that are zero-padded to n points (shorter than n)."""

    output: Array
    first: Array
    second: Array
    n: int
    padded: tuple = ()


@dataclass(frozen=True)
class Wrapped(Step):
    """``folded[m] = sum_r array[m + r n]`` for ``m = 0 ... n - 1``: an input longer than n
    wrapped onto n points; ``sources[m]`` are the indices added, ``values[m]`` their sum."""

    array: Array
    folded: Array
    n: int
    sources: tuple
    values: tuple


@dataclass(frozen=True)
class CircularFlip(Step):
    """``second[(-m) mod n]`` for ``m = 0 ... n - 1``: ``second`` turned around the circle of n
    points (``second[0]``, then ``second[n - 1]`` down to ``second[1]``); ``entries`` are
    ``(index, value)`` pairs, None where some are left out; ``padded``: the zeros of the
    padding are among them."""

    second: Array
    n: int
    entries: tuple
    padded: bool


@dataclass(frozen=True)
class LinearCondition(Step):
    """The n-point circular convolution equals the linear one (padded with zeros) exactly when
    ``n >= N + M - 1``; otherwise the last ``N + M - 1 - n`` samples of the linear convolution
    wrap onto the first (time-domain aliasing)."""

    n: int
    first_length: int
    second_length: int
    first: Array
    second: Array
    output: Array

    @property
    def linear_length(self) -> int:
        return self.first_length + self.second_length - 1

    @property
    def aliased(self) -> int:
        return max(0, self.linear_length - self.n)


@dataclass(frozen=True)
class CircularView(Step):
    """The start of one of `CIRCULAR_VIEWS` (``number`` among those shown, from 1)."""

    name: str
    number: int


@dataclass(frozen=True)
class LinearDefinition(Step):
    """``linear[j] = sum_m first[m] second[j - m]``, the linear convolution, ``length`` samples."""

    linear: Array
    first: Array
    second: Array
    length: int


@dataclass(frozen=True)
class LinearBlock(Step):
    """``linear[start ... start + len(values) - 1] = values``: one block of n samples of the
    linear convolution; ``onto`` is the output's index span it wraps onto (None for the first
    block, which is the head the others fold onto)."""

    linear: Array
    start: int
    values: tuple
    output: Array
    onto: tuple | None = None


@dataclass(frozen=True)
class WrapDefinition(Step):
    """``output[k] = sum_r linear[k + r n]``: the linear convolution wrapped around n points."""

    output: Array
    linear: Array
    n: int


@dataclass(frozen=True)
class WrapSum(Step):
    """``lhs = linear[indices[0]] + linear[indices[1]] + ... = values... = value`` (an output
    no sample reaches is 0)."""

    lhs: Ref
    linear: Array
    indices: tuple
    values: tuple
    value: Expr


@dataclass(frozen=True)
class RootOfUnity(Step):
    """``root = exp(-2 pi i / n)``, the n-th root of unity of the DFT; ``powers[p]`` is
    ``root^p`` exactly (``root^n = 1``, so exponents are taken mod n)."""

    root: Array
    n: int
    powers: tuple


@dataclass(frozen=True)
class DftDefinition(Step):
    """``kind`` ``"forward"``: ``target[r] = sum_{m=0}^{n-1} sources[0][m] root^(r m)`` (the
    n-point DFT; ``padded``: the source is zero-padded to n points); ``"product"``:
    ``target[r] = sources[0][r] sources[1][r]`` (the convolution theorem); ``"inverse"``:
    ``target[k] = (1/n) sum_{r=0}^{n-1} sources[0][r] root^(-r k)``."""

    kind: str
    target: Array
    sources: tuple
    root: Array
    n: int
    padded: bool = False


@dataclass(frozen=True)
class RootSum(Step):
    """``lhs = scale * sum over terms (i, p) of source[i] root^p`` ``= scale * sum of
    values[i] powers[p] = value``: one DFT value (scale 1) or one output of the inverse DFT
    (scale 1/n). ``values[i]`` is ``source[i]``'s exact value."""

    lhs: Ref
    source: Array
    root: Array
    terms: tuple
    values: tuple
    powers: tuple
    scale: Expr
    value: Expr


@dataclass(frozen=True)
class DftProduct(Step):
    """``lhs = left * right = left_value * right_value = value``."""

    lhs: Ref
    left: Ref
    right: Ref
    left_value: Expr
    right_value: Expr
    value: Expr


def circular_strips(e: CircularExpansion, first: Array, second: Array, zeros: bool) -> tuple:
    """The two strips every sum reads: the (wrapped) first input, zero-padded to n with
    ``zeros``, and the second read at ``j = -(n - 1) ... n - 1`` as ``second[j mod n]`` (its
    padding marked as outside)."""
    n = e.n
    values = e.first + (Rational(0),) * (n - len(e.first)) if zeros else e.first
    left = Strip(first, tuple((m,) for m in range(len(values))), tuple(values), 1)
    inside = tuple((j % n) < len(e.second) for j in range(-(n - 1), n))
    right = Strip(second, tuple((j % n,) for j in range(-(n - 1), n)), e.right, -1, False,
                  () if all(inside) else inside)
    return left, right


def circular_outputs(e: CircularExpansion, left: Strip, right: Strip, output: Array, zeros: bool) -> list:
    """One `Output` per ``c[k]``: its products ``first[m] second[(k - m) mod n]`` (with ``zeros``
    every m of the n, else those whose factors are samples)."""
    if zeros:
        return [Output(Ref(output, (s.n,)), left, right, ((0, s.n + e.n - 1, e.n),), s.value) for s in e.samples]
    return [Output(Ref(output, (s.n,)), left, right, s.segments, s.value) for s in e.samples]


def call_circular(e: CircularExpansion, first: Array, second: Array, output: Array) -> Call:
    """What the values equal, as a call that runs as printed.

    For ``n >= max(N, M)`` (no input longer than n: every zero-padding case) NumPy's FFT route,
    ``numpy.fft.ifft(numpy.fft.fft(a, n) * numpy.fft.fft(b, n))`` (``numpy.real_if_close`` around
    it for real inputs), the computation the DFT view writes out. For a smaller n,
    ``numpy.fft.fft(a, n)`` would cut ``a`` short instead of wrapping it, so the call is
    ``sympy.discrete.convolution(a, b, cycle=n)``, which wraps the linear convolution (give it
    lists of exact numbers: ints or SymPy Rationals)."""
    n = e.n
    if n >= max(len(e.a), len(e.b)):
        product = Call("", "", (Arg(Call("numpy.fft", "fft", (Arg(first), Arg(n)), output)),
                                Arg(Call("numpy.fft", "fft", (Arg(second), Arg(n)), output))), output, operator="*")
        inverse = Call("numpy.fft", "ifft", (Arg(product),), output)
        return Call("numpy", "real_if_close", (Arg(inverse),), output) if e.is_real else inverse
    return Call("sympy.discrete", "convolution", (Arg(first), Arg(second), Arg(n, "cycle")), output)


def view_steps(e: CircularExpansion, dft: CircularDFT | None, view: str, arrays: dict, options) -> list:
    """The steps of one view (``"sum"``, ``"wrap"`` or ``"dft"``), without the definition of the
    inputs' wrap (shared) nor the call."""
    from .finite import elide

    A, B, C = arrays["first"], arrays["second"], arrays["output"]
    Af, Bf = arrays["first_used"], arrays["second_used"]
    n = e.n
    condition = LinearCondition(n, len(e.a), len(e.b), A, B, C)
    steps: list = []
    if view == "sum":
        padded = tuple(a for a, seq in ((Af, e.first), (Bf, e.second)) if len(seq) < n)
        if options.definition:
            steps.append(CircularDefinition(C, Af, Bf, n, padded))
        if options.flip:
            order = [0] + list(range(n - 1, 0, -1))
            if len(order) > 8:
                order = order[:3] + [None] + order[-3:]
            padded_b = e.second + (Rational(0),) * (n - len(e.second))
            steps.append(CircularFlip(Bf, n, tuple(None if i is None else (i, padded_b[i]) for i in order),
                                      len(e.second) < n))
        left, right = circular_strips(e, Af, Bf, options.zeros)
        steps.extend(elide(circular_outputs(e, left, right, C, options.zeros), options.elide))
        return steps
    if view == "wrap":
        L = arrays["linear"]
        if options.definition:
            steps.append(LinearDefinition(L, A, B, len(e.linear)))
        for start in range(0, len(e.linear), n):
            block = e.linear[start:start + n]
            onto = None if start == 0 else (0, len(block) - 1)
            steps.append(LinearBlock(L, start, block, C, onto))
        steps.append(condition)
        if options.definition:
            steps.append(WrapDefinition(C, L, n))
        sums = [WrapSum(Ref(C, (k,)), L, tuple(range(k, len(e.linear), n)), tuple(e.linear[k::n]), e.wrapped[k])
                for k in range(n)]
        steps.extend(elide(sums, options.elide))
        return steps
    # the DFT: forward transforms, their product, the inverse
    W, FA, FB, FC = arrays["root"], arrays["A"], arrays["B"], arrays["C"]
    steps.append(RootOfUnity(W, n, dft.powers))
    one = Rational(1)
    for source, target, transform, values in ((Af, FA, dft.first, e.first), (Bf, FB, dft.second, e.second)):
        padded = len(values) < n
        if options.definition:
            steps.append(DftDefinition("forward", target, (source,), W, n, padded))
        full = values + (Rational(0),) * (n - len(values))
        rows = []
        for r, (terms, value) in enumerate(transform):
            if options.zeros:
                terms = tuple((m, r * m % n) for m in range(n))
            rows.append(RootSum(Ref(target, (r,)), source, W, terms, full, dft.powers, one, value))
        steps.extend(elide(rows, options.elide))
    if options.definition:
        steps.append(DftDefinition("product", FC, (FA, FB), W, n))
    products = [DftProduct(Ref(FC, (r,)), Ref(FA, (r,)), Ref(FB, (r,)), dft.first[r][1], dft.second[r][1],
                           dft.product[r]) for r in range(n)]
    steps.extend(elide(products, options.elide))
    if options.definition:
        steps.append(DftDefinition("inverse", C, (FC,), W, n))
    inverse = [RootSum(Ref(C, (k,)), FC, W, tuple(enumerate(exponents)), dft.product, dft.powers, Rational(1, n),
                       value) for k, (exponents, value) in enumerate(dft.inverse)]
    steps.extend(elide(inverse, options.elide))
    return steps
