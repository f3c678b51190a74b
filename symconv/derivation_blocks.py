"""A convolution derived block by block: [`Derivation`][symconv.Derivation] with the blocks."""

from __future__ import annotations

from dataclasses import dataclass

from .derivation import Derivation
from .engine.blocks import expand_blocks
from .limits import Limits
from .model import Sequence

__all__ = ["BlockDerivation", "derive_blocks"]


@dataclass(frozen=True, repr=False)  # Derivation's own short repr
class BlockDerivation(Derivation):
    """A convolution worked by overlap-add or overlap-save: the same values, the same library
    call and check as the direct sum, derived block by block (see
    [`convolve()`][symconv.convolve]'s ``method``).

    Examples
    --------
    >>> import symconv
    >>> d = symconv.convolve([1, 2, 3], [1, 1], method="overlap-save", block=2)
    >>> d.method, d.block, [blk.values for blk in d.blocks]
    ('overlap-save', 2, [(2, 1, 3), (2, 5, 3)])
    """

    @property
    def method(self) -> str:
        """``"overlap-add"`` or ``"overlap-save"``."""
        return self.expansion.method

    @property
    def block(self) -> int:
        """``L``, the samples of the first input each block takes."""
        return self.expansion.block

    @property
    def blocks(self) -> list:
        """Each block's data ([`BlockData`][symconv.model.blocks.BlockData]): its samples, its convolution
        with the second input (``values``), where it lands and what is discarded."""
        return list(self.expansion.blocks)

    def direct(self) -> Derivation:
        """The same convolution derived term by term (``method='direct'``)."""
        return Derivation(self.expansion.plain(), self.limits)

    def terms(self, n: int, j: int | None = None, *more: int) -> tuple:
        """The products that add up to output ``n``: the direct sum's (each block holds some of
        them; overlap-add adds the blocks' parts, overlap-save keeps the block that has them all)."""
        return self.direct().terms(n, j, *more)

    def animation(self, format: str = "svg", **options):
        """The direct sum's animation (a window sliding over the whole input)."""
        return self.direct().animation(format, **options)


def derive_blocks(a: Sequence, v: Sequence, mode: str, out: str, method: str, block: int,
                  limits: Limits) -> BlockDerivation:
    """The derivation of ``a * v`` by ``method`` in blocks of ``block`` samples of ``a``."""
    return BlockDerivation(expand_blocks(a, v, mode, out, method, block, limits), limits)
