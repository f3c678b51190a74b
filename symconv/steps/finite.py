"""The steps of a 1D convolution or correlation: definition, flip, one output per sample, call."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import refuse_oversize
from ..limits import DEFAULT_LIMITS
from ..model import Expansion1D, Sequence
from .base import Array, CheckStep, Document, Elided, Output, Ref, Step, Strip, Summary
from .calls import call_1d

__all__ = ["Definition", "Flip", "build_1d", "elide", "arrays_1d"]


@dataclass(frozen=True)
class Definition(Step):
    """The defining sum.

    ``kind == "convolve"``: ``output[n] = sum_m first[m] second[n - m]``.
    ``kind == "correlate"``: ``output[k] = sum_m first[m + k] second[m]`` (``second`` conjugated
    when ``conjugate``) ``= sum_m first[m] flipped[k - m]`` with ``flipped[m] = second[-m]``
    (conjugated), the identity of correlation with the convolution by the flipped sequence.
    ``variables`` are the output and summation variables (names or SymPy symbols).
    """

    kind: str
    output: Array
    first: Array
    second: Array
    conjugate: bool = False
    variables: tuple = ("n", "m")


@dataclass(frozen=True)
class Flip(Step):
    """``flipped[m] = second[-m]``: the samples of ``second`` in reverse order, for
    ``m = lo..hi``; ``entries`` are ``(index of second, value)`` pairs, ``None`` where some are
    left out."""

    second: Array
    flipped: Array
    entries: tuple
    lo: int
    hi: int


def arrays_1d(names: tuple) -> tuple:
    """The first, second and output arrays of a 1D derivation under ``names``."""
    return Array(names[0], "first"), Array(names[1], "second"), Array(names[2], "output")


def elide(outputs: list, keep) -> list:
    """``keep`` outputs at each end and an `Elided` step between (when it saves any)."""
    if keep and len(outputs) > 2 * keep + 1:
        return outputs[:keep] + [Elided(len(outputs) - 2 * keep)] + outputs[-keep:]
    return outputs


def _strip(array: Array, seq: Sequence, values: tuple, lo: int, hi: int, step: int, conj: bool) -> Strip:
    """The samples ``lo..hi`` of ``seq`` (``values`` as applied; zero outside its support)."""
    indices = tuple((i,) for i in range(lo, hi + 1))
    vals, inside = [], []
    zero = seq[seq.start - 1]
    for i in range(lo, hi + 1):
        j = i - seq.start
        ok = 0 <= j < len(values)
        vals.append(values[j] if ok else zero)
        inside.append(ok)
    return Strip(array, indices, tuple(vals), step, conj, () if all(inside) else tuple(inside))


def _span(starts, step: int, counts) -> tuple[int, int]:
    ends = [s + step * (c - 1) for s, c in zip(starts, counts) if c]
    firsts = [s for s, c in zip(starts, counts) if c]
    return min(firsts + ends), max(firsts + ends)


def build_1d(e: Expansion1D, names: tuple, options, report=None, limits=DEFAULT_LIMITS) -> Document:
    """The document of a 1D expansion under ``names`` and the structural ``options``
    (``zeros``, ``elide``, ``flip``, ``definition``, ``call``)."""
    A, B, C = arrays_1d(names)
    w = e.window
    conj = e.kind == "correlate" and e.conjugate
    if options.zeros:
        hand = w.hand_window()
        refuse_oversize(f"{e.kind} with zeros=True", len(e.samples), len(e.samples) * len(hand),
                        e.a.is_symbolic or e.b.is_symbolic, limits)
        spans = [(*w.factor_indices(s.n, hand.start), len(hand)) for s in e.samples]
    else:
        spans = [w.segment(s.n, s.lo, s.hi) for s in e.samples]
    l_lo, l_hi = _span([i for i, _, _ in spans], w.left_step, [c for _, _, c in spans])
    r_lo, r_hi = _span([j for _, j, _ in spans], w.right_step, [c for _, _, c in spans])
    if not options.zeros:  # the whole sequences, so that printed strips can be shared
        l_lo, l_hi, r_lo, r_hi = e.a.start, e.a.stop - 1, e.b.start, e.b.stop - 1
    left = _strip(A, e.a, e.a.values, l_lo, l_hi, w.left_step, False)
    right = _strip(B, e.b, e.right, r_lo, r_hi, w.right_step, conj)
    outputs = [Output(Ref(C, (s.n,)), left, right, ((i - l_lo, j - r_lo, count),), s.value)
               for s, (i, j, count) in zip(e.samples, spans)]
    steps: list = []
    if options.definition:
        steps.append(Definition(e.kind, C, A, B, conj))
    if e.kind == "convolve" and options.flip:
        indices = list(reversed(e.b.indices))
        if len(indices) > 8:
            indices = indices[:3] + [None] + indices[-3:]
        entries = tuple(None if i is None else (i, e.b[i]) for i in indices)
        steps.append(Flip(B, Array(B.name, "second", "flipped"), entries, -(e.b.stop - 1), -e.b.start))
    steps.extend(elide(outputs, options.elide))
    if options.call:
        steps.append(call_1d(e, A, B, C))
    if report is not None:
        steps.append(CheckStep(report))
    facts = (("first", (len(e.a), e.a.start)), ("second", (len(e.b), e.b.start)), ("mode", e.mode),
             ("output", (len(e.samples), e.start)), ("full", (e.full_stop - e.full_start, e.full_start)),
             ("swapped", e.swapped), ("conjugate", conj), ("values", e.values),
             ("inputs", (e.a.values, e.b.values)))
    return Document(e.kind, tuple(steps), (A, B, C), e.decimal, Summary(e.kind, facts))
