"""JSON of a convolution derived block by block: each block's samples, its outputs (terms as
index pairs into the block and into ``b``), what it discards and where the rest lands, then every
output of the full result as the block results that reach it. Exact values are SymPy strings."""

from __future__ import annotations

from ..steps import Elided, Output
from ..steps.blocks import Block, BlockPlan, BlockResult, BlockSum, Discard, ElidedBlocks

__all__ = ["blocks_data"]


def blocks_data(printer, doc) -> dict:
    """``{"method", "block", "block_size", "blocks", "sums"}`` for a blocked document;
    ``printer`` is the `JsonPrinter`. The blocks replace the direct sum's ``factors`` and
    ``outputs``."""
    data: dict = {}
    blocks: list = []
    sums: list = []
    current: dict = {}
    for step in doc.steps:
        if isinstance(step, BlockPlan):
            data.update(method=step.method, block=step.block, block_size=step.size)
        elif isinstance(step, Block):
            current = {"index": step.index, "name": step.piece.name,
                       "samples": [None if e is None else {"index": e[0], "value": printer.exact(e[1])}
                                   for e in step.entries],
                       "outputs": []}
            blocks.append(current)
        elif isinstance(step, Output):
            current["result"] = step.lhs.array.name
            current["outputs"].append(printer._print(step))
        elif isinstance(step, Elided):
            (current["outputs"] if current and not sums else sums).append({"elided": step.count})
        elif isinstance(step, Discard):
            current.update(discarded=list(step.wrapped), dropped=list(step.beyond))
        elif isinstance(step, BlockResult):
            kept = step.kept
            current.update(kept=[kept.start, kept.stop - 1] if len(kept) else [], offset=step.offset,
                           lands=[kept.start + step.offset, kept.stop - 1 + step.offset] if len(kept) else [])
            current = {}
        elif isinstance(step, ElidedBlocks):
            blocks.append({"elided": step.count})
        elif isinstance(step, BlockSum):
            exact, number, shown = printer._value(step.value)
            sums.append({"index": step.lhs.index[0],
                         "parts": [[ref.array.name, ref.index[0]] for ref, _ in step.parts],
                         "value": exact, "float": number, "shown": shown})
    data.update(blocks=blocks, sums=sums)
    return data
