"""Integer parameters (stride, padding, dilation, start indices) -> Python ints, by ``__index__``.

Accepts what ``operator.index`` accepts: Python ints, NumPy integer scalars (``np.int64(2)``), 0-d
integer arrays and tensors. Refuses booleans, floats (even ``2.0``) and strings, naming the
parameter; values are bounded before they are used, and never echoed in full.
"""

from __future__ import annotations

import operator

from ..errors import InputError, brief

__all__ = ["parse_int", "parse_int_tuple"]


def parse_int(value, *, where: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` as a Python int within ``[minimum, maximum]``.

    Parameters
    ----------
    value : int-like
        Anything with ``__index__`` except booleans.
    where : str
        The parameter's name in messages (``"stride"``).
    minimum, maximum : int, optional
        Inclusive bounds.

    Raises
    ------
    InputError

    Examples
    --------
    >>> import numpy as np
    >>> parse_int(np.int64(2), where="stride", minimum=1)
    2
    >>> parse_int(True, where="stride")
    Traceback (most recent call last):
    ...
    symconv.errors.InputError: stride must be an integer, got True
    """
    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool") or \
            str(getattr(value, "dtype", "")) in ("bool", "torch.bool"):
        raise InputError(f"{where} must be an integer, got {brief(value)}")
    try:
        number = operator.index(value)
    except Exception:  # noqa: BLE001 - TypeError, or whatever a foreign __index__ raises
        raise InputError(f"{where} must be an integer, got {brief(value)}") from None
    if minimum is not None and number < minimum:
        raise InputError(f"{where} must be at least {minimum}, got {brief(number)}")
    if maximum is not None and number > maximum:
        raise InputError(f"{where} must be at most {maximum:,}, got {brief(number)}")
    return number


def parse_int_tuple(value, *, where: str, lengths: tuple = (1,), minimum: int | None = None,
                    maximum: int | None = None) -> tuple:
    """An int, or a tuple/list of ints of one of the ``lengths``, as a tuple of ints.

    A single int gives a 1-tuple; torch's ``padding=(1,)`` and ``stride=[2, 1]`` are tuples.

    Examples
    --------
    >>> parse_int_tuple((1,), where="padding", lengths=(1, 2))
    (1,)
    >>> parse_int_tuple(3, where="stride")
    (3,)
    """
    if isinstance(value, (tuple, list)):
        if len(value) not in lengths:
            counts = " or ".join(str(n) for n in lengths)
            raise InputError(f"{where} must be an integer or a tuple of {counts} integers, got {brief(value)}")
        return tuple(parse_int(v, where=where, minimum=minimum, maximum=maximum) for v in value)
    return (parse_int(value, where=where, minimum=minimum, maximum=maximum),)
