"""The one check of work against :class:`~symconv.limits.Limits`, made before any expansion."""

from __future__ import annotations

from ..errors import DerivationTooLarge
from ..limits import Limits

__all__ = ["refuse_oversize"]


def refuse_oversize(what: str, outputs: int, terms: int, symbolic: bool, limits: Limits) -> None:
    """Raise :class:`DerivationTooLarge` if ``outputs`` or ``terms`` exceed their budgets.

    ``what`` names the work in the message (``"convolve of lengths 5 and 3"``).
    """
    if outputs > limits.max_outputs:
        raise DerivationTooLarge(f"{what} has {outputs:,} outputs, over the limit of {limits.max_outputs:,}; "
                                 f"pass limits=symconv.Limits(max_outputs=...) to raise it")
    limit = limits.max_symbolic_terms if symbolic else limits.max_terms
    field = "max_symbolic_terms" if symbolic else "max_terms"
    if terms > limit:
        raise DerivationTooLarge(
            f"{what} needs {terms:,} {'symbolic ' if symbolic else ''}products, over the limit of "
            f"{limit:,}; pass limits=symconv.Limits({field}=...) to raise it (about 1 s per 250,000 "
            f"numeric products)")
