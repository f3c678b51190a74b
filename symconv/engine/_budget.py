"""The checks of work against [`Limits`][symconv.Limits], made from sizes before any work."""

from __future__ import annotations

from ..errors import DerivationTooLarge
from ..limits import Limits


def _count(value: int) -> str:
    """A count for a message: with thousands separators, or its size when it is astronomical."""
    return f"{value:,}" if value.bit_length() < 200 else f"about 10^{int(value.bit_length() * 0.30103):,}"

__all__ = ["refuse_oversize", "refuse_large_array"]


def refuse_oversize(what: str, outputs: int, terms: int, symbolic: bool, limits: Limits) -> None:
    """Raise [`DerivationTooLarge`][symconv.DerivationTooLarge] if ``outputs`` or ``terms`` exceed their budgets.

    ``what`` names the work in the message (``"convolve of lengths 5 and 3"``).
    """
    if outputs > limits.max_outputs:
        raise DerivationTooLarge(f"{what} has {_count(outputs)} outputs, over the limit of {limits.max_outputs:,}; "
                                 f"pass limits=symconv.Limits(max_outputs=...) to raise it")
    limit = limits.max_symbolic_terms if symbolic else limits.max_terms
    field = "max_symbolic_terms" if symbolic else "max_terms"
    if terms > limit:
        raise DerivationTooLarge(
            f"{what} needs {_count(terms)} {'symbolic ' if symbolic else ''}products, over the limit of "
            f"{limit:,}; pass limits=symconv.Limits({field}=...) to raise it (about 1 s per 250,000 "
            f"numeric products)")


def refuse_large_array(what: str, cells: int, limits: Limits) -> None:
    """Raise [`DerivationTooLarge`][symconv.DerivationTooLarge] if an array the derivation builds (a padded input, the
    region the windows read, a dilated kernel) would have more than ``Limits.max_cells`` cells."""
    if cells > limits.max_cells:
        raise DerivationTooLarge(f"{what} has {_count(cells)} cells, over the limit of {limits.max_cells:,}; "
                                 f"pass limits=symconv.Limits(max_cells=...) to raise it")
