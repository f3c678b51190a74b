"""Pure data of a convolution derived block by block (overlap-add, overlap-save).

The engine (`symconv.engine.blocks`) decides where each block starts, which of its outputs
land where and which are discarded; these classes only hold the answers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .oned import Expansion1D

__all__ = ["METHODS", "BlockOutput", "BlockData", "BlockSample", "BlockExpansion"]

#: The ways ``convolve`` derives its sum: term by term, or block by block.
METHODS = ("direct", "overlap-add", "overlap-save")


@dataclass(frozen=True)
class BlockOutput:
    """``y_k[j] = sum of block[l + t] * b[r - t]`` over the segments ``(l, r, count)``
    (offsets into the block's samples and into ``b``'s samples), ``= value``. A circular
    convolution's wrapped output has two segments."""

    j: int
    segments: tuple
    value: object


@dataclass(frozen=True)
class BlockData:
    """Block ``index``: ``samples[i] = a[first + i]`` (0 where ``inside[i]`` is False: the zeros
    before ``a`` or past its end), its convolution with ``b`` as ``outputs`` (``y_k[j]``, ``j``
    from ``result_start``), and where they land: ``c[n]`` receives ``y_k[n - offset]`` for the
    ``j`` in ``kept``; the others (overlap-save: the first M - 1, wrapped around the block) are
    discarded (``wrapped``) or past the end of the full result (``beyond``)."""

    index: int
    first: int
    samples: tuple
    inside: tuple
    result_start: int
    outputs: tuple
    offset: int
    kept: range
    wrapped: range
    beyond: range

    @property
    def values(self) -> tuple:
        return tuple(o.value for o in self.outputs)


@dataclass(frozen=True)
class BlockSample:
    """``c[n] = sum of y_k[j] over parts ((k, j, value), ...) = value``: the block results that
    reach ``n`` (overlap-add: every block whose result spans ``n``; overlap-save: exactly one)."""

    n: int
    parts: tuple
    value: object


@dataclass(frozen=True)
class BlockExpansion(Expansion1D):
    """A 1D convolution derived block by block: an `Expansion1D` (its ``samples`` the mode's
    outputs, their values the block sums) plus the blocks.

    Attributes
    ----------
    method : {"overlap-add", "overlap-save"}
    block : int
        ``L``: the samples of ``a`` each block takes (overlap-save's blocks are ``L + M - 1``
        long, ``M`` the length of ``b``, and overlap by ``M - 1``).
    blocks : tuple of BlockData
    sums : tuple of BlockSample
        Every output of the full result, assembled from the blocks.
    """

    method: str = "overlap-add"
    block: int = 1
    blocks: tuple = ()
    sums: tuple = ()

    @property
    def size(self) -> int:
        """Each block's length: ``L`` (overlap-add) or ``L + M - 1`` (overlap-save)."""
        return self.block if self.method == "overlap-add" else self.block + len(self.b) - 1

    def plain(self) -> Expansion1D:
        """The same convolution as an ordinary `Expansion1D` (the direct sum's view of it)."""
        return Expansion1D(**{f.name: getattr(self, f.name) for f in fields(Expansion1D)})
