"""Arrays of 1 to 4 dimensions (a layer's input, weight and bias) -> exact SymPy values.

Deep-learning layers take tensors: an input ``(C, L)`` or ``(N, C, H, W)``, a weight
``(C_out, C_in, K)``. Nested lists, array-likes and strings are read here, their size bounded
before any entry is parsed. In a string, ``;`` (or a newline) separates rows, ``|`` separates
the blocks of a third axis and ``||`` those of a fourth: ``"1 2; 3 4 | 5 6; 7 8"`` is a
``(2, 2, 2)`` array.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..errors import brief
from ..limits import DEFAULT_LIMITS, Limits
from ._core import _Builder, _check_constant, _fail, _parse_tree, _Source
from .arrays import bounded_items, exact_array
from .matrix import parse_matrix
from .scalars import parse_value

__all__ = ["ParsedTensor", "parse_tensor"]

_MAX_RANK = 4


@dataclass(frozen=True)
class ParsedTensor:
    """A parsed array: its ``shape``, its exact ``values`` in C order (last index fastest) and
    whether any entry was written as a decimal."""

    shape: tuple
    values: tuple
    decimal: bool

    def __getitem__(self, index: tuple):
        flat = 0
        for i, size in zip(index, self.shape):
            flat = flat * size + i
        return self.values[flat]

    def plane(self, prefix: tuple) -> tuple:
        """The rows of the 2D slice ``array[prefix]`` (the last two axes; a 1D slice is one row)."""
        inner = self.shape[len(prefix):]
        rows, cols = (1, inner[0]) if len(inner) == 1 else inner
        start = 0
        for i, size in zip(prefix, self.shape):
            start = start * size + i
        start *= rows * cols
        return tuple(self.values[start + r * cols:start + (r + 1) * cols] for r in range(rows))


def _shape_of(block, where: str) -> tuple:
    if not block:
        raise _fail(where, "the array is empty")
    first = block[0][0]
    for shape, _ in block:
        if shape != first:
            raise _fail(where, f"ragged array: blocks of shapes {brief(first)} and {brief(shape)}")
    return first


def _split_text(text: str, name: str, limits: Limits, level: int) -> tuple:
    """``(shape, values, decimal)`` of a string with ``||``/``|`` blocks, rows and entries."""
    separator = "||" if level == 2 else "|"
    if level and separator in text:
        parts = text.split(separator) if level == 2 else [p for p in text.split("|")]
        blocks = [_split_text(part, f"{name}, block {b}", limits, level - 1) for b, part in enumerate(parts)]
        shape = _shape_of([(s, None) for s, _, _ in blocks], name)
        return (len(blocks),) + shape, tuple(v for _, vals, _ in blocks for v in vals), any(d for _, _, d in blocks)
    if level == 2:
        return _split_text(text, name, limits, 1)
    parsed = parse_matrix(text, name=name, limits=limits)
    flat = tuple(v for row in parsed.rows for v in row)
    if ";" in text or "\n" in text.strip():
        return (len(parsed.rows), len(parsed.rows[0])), flat, parsed.decimal
    return (len(flat),), flat, parsed.decimal


class _Nested:
    """Walk nested lists (Python objects or ``ast`` list nodes), counting entries as it goes."""

    def __init__(self, name: str, limits: Limits, text: str | None):
        self.name, self.limits, self.text = name, limits, text
        self.source = _Source(text) if text is not None else None
        self.entries = 0
        self.decimal = False

    def items(self, node, where: str):
        if self.source is not None:
            return node.elts if isinstance(node, (ast.List, ast.Tuple)) else None
        if isinstance(node, (list, tuple)):
            return bounded_items(node, where, self.limits.max_length, "a list of numbers")
        return None

    def walk(self, node, index: tuple) -> tuple:
        where = f"{self.name}[{', '.join(map(str, index))}]" if index else self.name
        items = self.items(node, where)
        if items is None:
            return (), [self.leaf(node, where)]
        if len(index) >= _MAX_RANK:
            raise _fail(self.name, f"more than {_MAX_RANK} dimensions")
        if not items:
            raise _fail(where, "the array is empty")
        shape, values = None, []
        for i, item in enumerate(items):
            sub_shape, sub_values = self.walk(item, index + (i,))
            if shape is None:
                shape = sub_shape
            elif sub_shape != shape:
                raise _fail(self.name, f"ragged array: {where} holds blocks of shapes {brief(shape)} and "
                            f"{brief(sub_shape)}")
            values.extend(sub_values)
        return (len(items),) + shape, values

    def leaf(self, node, where: str):
        self.entries += 1
        if self.entries > self.limits.max_length:
            raise _fail(self.name, f"more than {self.limits.max_length:,} entries (Limits.max_length)")
        if self.source is not None:
            builder = _Builder(self.text, where, self.limits, self.source)
            value = _check_constant(builder.build(node), where, self.limits, brief(self.source.segment(node)))
            self.decimal = self.decimal or builder.decimal
            return value
        if getattr(node, "ndim", 0):
            array = exact_array(node, where, self.limits, tuple(range(1, _MAX_RANK + 1)))
            raise _fail(where, f"an array inside a list ({brief(array[1])}); pass one array or nested lists")
        value, is_decimal = parse_value(node, where=where, limits=self.limits)
        self.decimal = self.decimal or is_decimal
        return value


def parse_tensor(values, *, name: str = "x", ranks: tuple = (1, 2, 3, 4),
                 limits: Limits = DEFAULT_LIMITS) -> ParsedTensor:
    """Convert an array of 1 to 4 dimensions to exact SymPy values.

    Parameters
    ----------
    values : str, nested list/tuple, array-like or scalar
        Array-likes (NumPy, torch, ...) have their shape checked before they are read. Strings:
        ``"1, 2, 3"`` (1D), ``"1 2; 3 4"`` (2D), ``"1 2; 3 4 | 5 6; 7 8"`` (3D, blocks by ``|``),
        ``"... || ..."`` (4D), or a nested list literal ``"[[[1, 2]], [[3, 4]]]"``. Entries are
        parsed like `parse_value()`.
    name : str
        The array's name in error messages (``w[1, 0, 2]: ...``).
    ranks : tuple of int
        The numbers of dimensions accepted.
    limits : Limits

    Returns
    -------
    ParsedTensor

    Raises
    ------
    InputError
        A rank not in ``ranks``, a ragged or empty array, too many entries, or a bad entry.

    Examples
    --------
    >>> t = parse_tensor("1 2; 3 4 | 5 6; 7 8", name="w")
    >>> t.shape, t[1, 0, 1]
    ((2, 2, 2), 6)
    >>> parse_tensor([[[1, 0.5]]]).shape
    (1, 1, 2)
    """
    if isinstance(values, str):
        if len(values) > limits.max_text_chars:
            raise _fail(name, f"input of {len(values):,} characters is longer than "
                        f"Limits.max_text_chars={limits.max_text_chars:,}")
        text = values.strip()
        if text.startswith(("[", "((")):
            walker = _Nested(name, limits, text)
            shape, flat = walker.walk(_parse_tree(text, name, limits), ())
            decimal = walker.decimal
        else:
            shape, flat, decimal = _split_text(text, name, limits, 2)
    else:
        array = exact_array(values, name, limits, tuple(ranks))
        if array is not None:
            flat, shape, decimal = array
            if 0 in shape:
                raise _fail(name, "the array is empty")
        else:
            walker = _Nested(name, limits, None)
            shape, flat = walker.walk(values, ())
            decimal = walker.decimal
    if len(shape) not in ranks:
        wanted = ", ".join(map(str, ranks[:-1])) + " or " * (len(ranks) > 1) + str(ranks[-1])
        got = "a single number" if not shape else f"shape {brief(shape)}"
        raise _fail(name, f"expected an array of {wanted} dimension{'s' if ranks != (1,) else ''}, got {got}")
    return ParsedTensor(tuple(shape), tuple(flat), decimal)
