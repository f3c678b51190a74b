"""The exceptions symconv raises.

Every error symconv raises on purpose is a :class:`SymconvError`, so callers (the CLI, the
Markdown fence) need one ``except`` clause. Bad input is also a :class:`ValueError`.
"""

from __future__ import annotations

__all__ = ["SymconvError", "InputError", "DerivationTooLarge", "VerificationError", "ClosedFormError",
           "ClosedFormTimeout"]


class SymconvError(Exception):
    """Base class of every error symconv raises on purpose."""


class InputError(SymconvError, ValueError):
    """The input is not acceptable; the message names the item, its position and what is accepted."""


class DerivationTooLarge(SymconvError):
    """The requested derivation exceeds a budget of :class:`symconv.Limits`.

    Raised before any expansion is done; the message states the size and the limit to raise.
    """


class VerificationError(SymconvError):
    """The exact result disagrees with the independent numeric reference."""


class ClosedFormError(SymconvError):
    """A formula convolution symconv cannot put in closed form (a two-sided infinite sum, support
    boundaries whose order depends on the parameters, a sum SymPy cannot do)."""


class ClosedFormTimeout(ClosedFormError):
    """SymPy did not finish a sum or a simplification within ``Limits.max_seconds``."""
