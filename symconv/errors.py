"""The exceptions symconv raises.

Every error symconv raises on purpose is a [`SymconvError`][symconv.SymconvError], so callers (the CLI, the
Markdown fence) need one ``except`` clause. Bad input is also a `ValueError`.
"""

from __future__ import annotations

__all__ = ["SymconvError", "InputError", "DerivationTooLarge", "VerificationError", "ClosedFormError",
           "ClosedFormTimeout", "brief"]


class SymconvError(Exception):
    """Base class of every error symconv raises on purpose."""


class InputError(SymconvError, ValueError):
    """The input is not acceptable; the message names the item, its position and what is accepted."""


class DerivationTooLarge(SymconvError):
    """The requested derivation exceeds a budget of [`symconv.Limits`][symconv.Limits].

    Raised before any expansion is done; the message states the size and the limit to raise.
    """


class VerificationError(SymconvError):
    """The exact result disagrees with the independent numeric reference."""


class ClosedFormError(SymconvError):
    """A formula convolution symconv cannot put in closed form (a two-sided infinite sum, support
    boundaries whose order depends on the parameters, a sum SymPy cannot do)."""


class ClosedFormTimeout(ClosedFormError):
    """SymPy did not finish a sum or a simplification within ``Limits.max_seconds``."""


def brief(value, limit: int = 40) -> str:
    """A short, safe rendering of a user's value for an error message.

    Never formats more than ``limit`` characters of user data: strings are cut before ``repr``,
    containers show their type and length, huge integers their size in digits, and anything else
    its type name when its ``repr`` would be long or fails. Error messages use this for every
    echoed value, so a hostile input cannot make a message large or slow.

    Examples
    --------
    >>> from symconv.errors import brief
    >>> brief("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"
    >>> brief(list(range(10**6)))
    'a list of 1,000,000 items'
    >>> brief(10**5000)
    'an integer of 5,001 digits'
    >>> brief(2.5)
    '2.5'
    """
    if isinstance(value, str):
        return repr(value[:limit - 2])[:-1] + "…'" if len(value) > limit - 2 else repr(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        bits = abs(value).bit_length()
        if bits > 3 * limit:
            return f"an integer of {int(bits * 0.30103) + 1:,} digits"
        return repr(value)
    if isinstance(value, (list, tuple, dict, set, frozenset, bytes, bytearray)):
        try:
            size = len(value)
        except Exception:  # noqa: BLE001 - a hostile __len__
            size = None
        if size is not None and size <= 8:
            try:
                text = repr(value) if all(not isinstance(v, (list, tuple, dict, set, str, bytes)) or
                                          len(v) <= 8 for v in value) else ""
            except Exception:  # noqa: BLE001
                text = ""
            if text and len(text) <= limit:
                return text
        article = "an" if type(value).__name__[0] in "aeiou" else "a"
        count = "" if size is None else f" of {size:,} item{'s' if size != 1 else ''}"
        return f"{article} {type(value).__name__}{count}"
    if isinstance(value, float):
        return repr(value)
    name = type(value).__name__
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__
        return f"a {name}"
    return text if len(text) <= limit else f"a {name}"
