"""The steps of a convolution derived block by block (overlap-add, overlap-save).

The document reads: the defining sum (and the flip), the plan (how ``a`` is cut and how the
blocks' results are put back), then for each block its samples, its convolution with ``b`` written
term by term (ordinary `Output` steps; overlap-save's are circular, a wrapped output having two
runs of products), what is discarded and where the rest lands; then every output of the full
result assembled from the blocks, the values (the mode's slice), the library call and the check,
as for the direct sum. All the indices come from the engine (`symconv.engine.blocks`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..limits import DEFAULT_LIMITS
from ..model.blocks import BlockExpansion
from .base import Array, CheckStep, Document, Output, Ref, Step, Strip, Summary
from .calls import call_1d
from .finite import Definition, Flip, arrays_1d, elide

__all__ = ["BlockPlan", "Block", "Discard", "BlockResult", "BlockSum", "BlockValues", "ElidedBlocks",
           "build_blocks", "block_arrays"]

#: Most samples of a block written out in its row; longer blocks show 3 at each end.
MAX_BLOCK_ENTRIES = 12


@dataclass(frozen=True)
class BlockPlan(Step):
    """How the blocks are cut and put back.

    overlap-add: ``piece[i] = first[i + L k + first_start]`` (``size = L`` samples),
    ``result = piece * second`` (linear), ``output[n] = sum_k result[n - L k - first_start]``.
    overlap-save: ``piece[i] = first[i + L k + first_start - (M - 1)]`` (``size = L + M - 1``,
    zero outside ``first``), ``result[j] = sum_i piece[i] second[(j - i) mod size]`` (circular,
    ``second`` read from its first sample), ``output[n] = result[n - L k - first_start - second_start
    + M - 1]`` for ``j = M - 1..size - 1``; the first ``M - 1`` wrap around and are discarded.
    ``piece`` and ``result`` are named for block ``k`` (``a_k``, ``c_k``); ``last`` is the
    number of samples of ``first`` in the last block."""

    method: str
    first: Array
    second: Array
    output: Array
    piece: Array
    result: Array
    block: int
    kernel: int
    size: int
    count: int
    first_start: int
    second_start: int
    last: int


@dataclass(frozen=True)
class Block(Step):
    """Block ``index``: ``piece = (entries)``; an entry is ``(index of first, value)``, ``(None, 0)``
    for a zero outside ``first`` (overlap-save), or None where entries are left out. ``zeros_before``
    and ``zeros_after`` count the zeros outside ``first``."""

    index: int
    piece: Array
    first: Array
    entries: tuple
    zeros_before: int = 0
    zeros_after: int = 0


@dataclass(frozen=True)
class Discard(Step):
    """Block ``index``'s outputs ``result[j]`` for ``j`` in ``wrapped`` are discarded: their sums
    wrap around the end of the block (circular convolution's time-domain aliasing); those in
    ``beyond`` lie past the end of the full result (they are 0)."""

    index: int
    result: Array
    wrapped: range
    beyond: range


@dataclass(frozen=True)
class BlockResult(Step):
    """``result[j]`` for ``j`` in ``kept`` is ``values``; it lands on ``output[j + offset]``."""

    index: int
    result: Array
    output: Array
    kept: range
    values: tuple
    offset: int


@dataclass(frozen=True)
class BlockSum(Step):
    """``lhs = sum of parts = value``; each part is ``(Ref to result_k[j], its value)``: the block
    results that reach this output."""

    lhs: Ref
    parts: tuple
    value: object


@dataclass(frozen=True)
class BlockValues(Step):
    """``output = values`` for ``start…``; ``full`` (a range) when ``mode`` keeps a slice of the
    full result ``full``, else None."""

    output: Array
    start: int
    values: tuple
    mode: str
    full: object = None


@dataclass(frozen=True)
class ElidedBlocks(Step):
    """``count`` blocks left out here (the ``elide`` option)."""

    count: int


def block_arrays(names: tuple, k) -> tuple:
    """The arrays of block ``k`` (an int, or ``"k"`` for the plan): ``a_k`` and ``c_k``."""
    first, _, out = (name.split("_")[0] for name in names)
    return Array(f"{first}_{k}", "block"), Array(f"{out}_{k}", "block-result")


def _entries(e: BlockExpansion, blk) -> tuple:
    entries = tuple((blk.first + i, v) if ok else (None, v) for i, (v, ok) in enumerate(zip(blk.samples, blk.inside)))
    if len(entries) > MAX_BLOCK_ENTRIES:
        entries = entries[:3] + (None,) + entries[-3:]
    return entries


def _counts(inside: tuple) -> tuple:
    before = next((i for i, ok in enumerate(inside) if ok), len(inside))
    after = next((i for i, ok in enumerate(reversed(inside)) if ok), 0) if before < len(inside) else 0
    return before, after


def _refuse(e: BlockExpansion, options) -> None:
    if options.zeros:
        raise InputError(f"the option zeros does not apply to method={e.method!r}: each block's sum shows its "
                         f"own products; use method='direct' to see the zero products of the whole window")
    if options.view not in (None, "sum"):
        raise InputError(f"view={options.view!r} does not apply to method={e.method!r}: the blocks are "
                         f"worked as sums; use method='direct' for the other views")


def build_blocks(e: BlockExpansion, names: tuple, options, report=None, limits=DEFAULT_LIMITS) -> Document:
    """The document of a blocked convolution under ``names`` and ``options`` (``elide`` leaves
    out blocks, outputs within a block and assembled outputs; ``wrap`` breaks long sums)."""
    _refuse(e, options)
    A, B, C = arrays_1d(names)
    piece, result = block_arrays(names, "k")
    steps: list = []
    if options.definition:
        steps.append(Definition("convolve", C, A, B))
    if options.flip:
        indices = list(reversed(e.b.indices))
        if len(indices) > 8:
            indices = indices[:3] + [None] + indices[-3:]
        entries = tuple(None if i is None else (i, e.b[i]) for i in indices)
        steps.append(Flip(B, Array(B.name, "second", "flipped"), entries, -(e.b.stop - 1), -e.b.start))
    steps.append(BlockPlan(e.method, A, B, C, piece, result, e.block, len(e.b), e.size, len(e.blocks),
                           e.a.start, e.b.start, sum(e.blocks[-1].inside)))
    right = Strip(B, tuple((i,) for i in e.b.indices), e.b.values, -1)
    groups = []
    for blk in e.blocks:
        X, Y = block_arrays(names, blk.index)
        left = Strip(X, tuple((i,) for i in range(len(blk.samples))), blk.samples, 1,
                     inside=() if all(blk.inside) else blk.inside)
        group: list = [Block(blk.index, X, A, _entries(e, blk), *_counts(blk.inside))]
        outputs = [Output(Ref(Y, (o.j,)), left, right, o.segments, o.value) for o in blk.outputs]
        group += elide(outputs, options.elide)
        if len(blk.wrapped) or len(blk.beyond):
            group.append(Discard(blk.index, Y, blk.wrapped, blk.beyond))
        kept = tuple(blk.outputs[j - blk.result_start].value for j in blk.kept)
        group.append(BlockResult(blk.index, Y, C, blk.kept, kept, blk.offset))
        groups.append(group)
    keep = options.elide
    if keep and len(groups) > 2 * keep + 1:
        groups = groups[:keep] + [[ElidedBlocks(len(groups) - 2 * keep)]] + groups[-keep:]
    steps += [step for group in groups for step in group]
    sums = [BlockSum(Ref(C, (s.n,)), tuple((Ref(block_arrays(names, k)[1], (j,)), v) for k, j, v in s.parts),
                     s.value) for s in e.sums]
    steps += elide(sums, options.elide)
    full = range(e.full_start, e.full_stop)
    steps.append(BlockValues(C, e.start, e.values, e.mode, full if len(e.samples) != len(full) else None))
    if options.call:
        steps.append(call_1d(e, A, B, C))
    if report is not None:
        steps.append(CheckStep(report))
    facts = (("first", (len(e.a), e.a.start)), ("second", (len(e.b), e.b.start)), ("mode", e.mode),
             ("output", (len(e.samples), e.start)), ("full", (e.full_stop - e.full_start, e.full_start)),
             ("swapped", e.swapped), ("conjugate", False), ("values", e.values),
             ("inputs", (e.a.values, e.b.values)),
             ("method", e.method), ("block", e.block), ("blocks", len(e.blocks)), ("size", e.size))
    return Document(e.kind, tuple(steps), (A, B, C), e.decimal, Summary(e.kind, facts))

