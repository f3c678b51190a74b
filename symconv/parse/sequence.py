"""1D sequences (a string, a list, an array-like, a scalar) -> exact SymPy values."""

from __future__ import annotations

import ast
import numbers
from dataclasses import dataclass

import sympy

from ..errors import brief
from ..limits import DEFAULT_LIMITS, Limits
from ._core import _Builder, _check_constant, _fail, _parse_tree, _Source
from .arrays import bounded_items, exact_array
from .scalars import parse_value

__all__ = ["ParsedSequence", "parse_sequence"]


@dataclass(frozen=True)
class ParsedSequence:
    """A parsed 1D sequence: exact values plus how they were written.

    Attributes
    ----------
    values : tuple of sympy.Expr
        The exact samples, in order.
    decimal : bool
        True if any sample was written as a decimal (a float, a ``Decimal`` or text such as
        ``"0.25"``); renderers use it to choose decimal display.
    """

    values: tuple
    decimal: bool


def parse_sequence(values, *, name: str = "a", limits: Limits = DEFAULT_LIMITS) -> ParsedSequence:
    """Convert a 1D sequence to exact SymPy values.

    Parameters
    ----------
    values : str, list, tuple, 1D array-like or scalar
        A string holds the whole sequence: ``"1, 1/2, 1/4"`` or ``"[1, 0.5, 1, 1]"``. Array-likes:
        NumPy arrays, torch tensors (any dtype, on the CPU, with or without grad), pandas Series,
        memoryviews, anything with ``__array__``; their size is checked before they are read. A
        scalar is a sequence of length one, as in ``numpy.convolve``.
    name : str
        The sequence's name, used in error messages (``a[2]: ...``).
    limits : Limits
        Size budgets.

    Returns
    -------
    ParsedSequence

    Raises
    ------
    InputError
        Empty, nested, too long, or any item not accepted by `parse_value()`.

    Examples
    --------
    >>> parse_sequence("1, 1/2, 0.25").values
    (1, 1/2, 1/4)
    >>> parse_sequence([1, 0.5]).decimal
    True
    >>> import numpy as np
    >>> parse_sequence(np.array([0.1, 2.5], dtype=np.float32)).values
    (1/10, 5/2)
    """
    decimal = False
    out = []
    if isinstance(values, str):
        tree = _parse_tree(values, name, limits)
        items = tree.elts if isinstance(tree, (ast.List, ast.Tuple)) else [tree]
        if len(items) > limits.max_length:
            raise _fail(name, f"{len(items):,} samples exceed Limits.max_length={limits.max_length:,}")
        source = _Source(values.strip())
        for position, node in enumerate(items):
            builder = _Builder(values.strip(), f"{name}[{position}]", limits, source)
            if isinstance(node, (ast.List, ast.Tuple)):
                raise builder.fail(node, "a nested list is not a number (1D sequences take a flat list)")
            expr = builder.build(node)
            out.append(_check_constant(expr, builder.where, limits, brief(source.segment(node))))
            decimal = decimal or builder.decimal
    else:
        array = exact_array(values, name, limits, 1)
        if array is not None:
            out, _, decimal = array
        else:
            if isinstance(values, (numbers.Number, sympy.Basic)):
                values = [values]
            items = bounded_items(values, name, limits.max_length, "a list, tuple, 1D array or string")
            for position, item in enumerate(items):
                where = f"{name}[{position}]"
                if isinstance(item, (list, tuple)) or getattr(item, "ndim", 0):
                    raise _fail(where, "a nested list is not a number (1D sequences take a flat list)")
                expr, is_decimal = parse_value(item, where=where, limits=limits)
                out.append(expr)
                decimal = decimal or is_decimal
    if not out:
        raise _fail(name, "the sequence is empty; give at least one sample")
    return ParsedSequence(tuple(out), decimal)
