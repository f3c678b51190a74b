"""2D arrays (``"1 2; 3 4"``, nested lists, numpy arrays) -> exact SymPy values."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..errors import brief
from ..limits import DEFAULT_LIMITS, Limits
from ._core import _Builder, _check_constant, _fail, _parse_tree, _Source
from .arrays import bounded_items, exact_array
from .scalars import parse_value

__all__ = ["ParsedMatrix", "parse_matrix"]


@dataclass(frozen=True)
class ParsedMatrix:
    """A parsed 2D array: exact values row by row, plus whether any was written as a decimal."""

    rows: tuple
    decimal: bool


_ROW_SPLIT = re.compile(r"[;\n]")


def _text_rows(text: str) -> list[list[str]] | None:
    """Rows of entry texts for ``"1 2; 3 4"`` / ``"1, 2; 3, 4"``; None for a bracketed literal."""
    stripped = text.strip()
    # "[[1, 2], [3, 4]]" and "((1, 2), (3, 4))" are literals; "(x - 1)**2 x; x x" is rows
    if stripped.startswith("[") or (stripped.startswith("((") and not _ROW_SPLIT.search(stripped)):
        return None
    rows = []
    for row in _ROW_SPLIT.split(stripped):
        row = row.strip().rstrip(",")
        if not row:
            continue
        rows.append([part for part in (re.split(r"\s*,\s*", row) if "," in row else row.split()) if part])
    return rows


def parse_matrix(values, *, name: str = "x", limits: Limits = DEFAULT_LIMITS) -> ParsedMatrix:
    """Convert a 2D array to exact SymPy values.

    Parameters
    ----------
    values : str, nested list/tuple, 2D array-like
        Array-likes as for `parse_sequence()` (NumPy, torch, pandas, ...),
        their shape checked before they are read. Strings: rows separated by ``;`` or newlines, entries by spaces or commas
        (``"1 2 0; 0 1 2"``, ``"1, 1/2; x, 2*x + 1"``), or a nested list literal
        (``"[[1, 2], [3, 4]]"``). Entries are parsed like `parse_value()`.
    name : str
        The array's name in error messages (``x[1, 2]: ...``).
    limits : Limits

    Returns
    -------
    ParsedMatrix

    Raises
    ------
    InputError
        Ragged rows, a 1D or 3D input, an empty array, too many entries, or a bad entry.

    Examples
    --------
    >>> parse_matrix("1 2; 3 1/2").rows
    ((1, 2), (3, 1/2))
    >>> parse_matrix([[1, 0.5]]).decimal
    True
    """
    if isinstance(values, str):
        if len(values) > limits.max_text_chars:
            raise _fail(name, f"input of {len(values):,} characters is longer than "
                        f"Limits.max_text_chars={limits.max_text_chars:,}")
        rows_text = _text_rows(values)
        if rows_text is None:
            tree = _parse_tree(values, name, limits)
            if not isinstance(tree, (ast.List, ast.Tuple)):
                raise _fail(name, "expected a 2D array such as [[1, 2], [3, 4]] or '1 2; 3 4'")
            source = _Source(values.strip())
            grid = []
            for r, row in enumerate(tree.elts):
                if not isinstance(row, (ast.List, ast.Tuple)):
                    raise _fail(name, f"row {r} is not a list; expected a 2D array such as [[1, 2], [3, 4]]")
                grid.append([(node, source) for node in row.elts])
        else:
            grid = [[(entry, None) for entry in row] for row in rows_text]
    else:
        array = exact_array(values, name, limits, 2)
        if array is not None:
            flat, (rows, cols), decimal = array
            if not rows or not cols:
                raise _fail(name, "the array is empty; give at least one row and one column")
            return ParsedMatrix(tuple(tuple(flat[r * cols:(r + 1) * cols]) for r in range(rows)), decimal)
        wanted = "a 2D array (nested lists, an array or a string such as '1 2; 3 4')"
        grid, entries = [], 0
        for r, row in enumerate(bounded_items(values, name, limits.max_length, wanted)):
            if isinstance(row, (str, bytes)) or not hasattr(row, "__len__"):
                raise _fail(name, f"row {r} is not a list: expected a 2D array, got a 1D sequence")
            items = bounded_items(row, f"{name}, row {r}", limits.max_length, "a row of numbers")
            entries += len(items)
            if entries > limits.max_length:
                raise _fail(name, f"more than {limits.max_length:,} entries (Limits.max_length) by row {r}")
            grid.append([(item, None) for item in items])
    if not grid or not grid[0]:
        raise _fail(name, "the array is empty; give at least one row and one column")
    width = len(grid[0])
    for r, row in enumerate(grid):
        if len(row) != width:
            raise _fail(name, f"ragged rows: row 0 has {width} entries but row {r} has {len(row)}")
    if len(grid) * width > limits.max_length:
        raise _fail(name, f"{len(grid) * width:,} entries exceed Limits.max_length={limits.max_length:,}")
    decimal = False
    rows = []
    for r, row in enumerate(grid):
        out = []
        for c, (item, source) in enumerate(row):
            where = f"{name}[{r}, {c}]"
            if source is not None:
                builder = _Builder(values.strip(), where, limits, source)
                if isinstance(item, (ast.List, ast.Tuple)):
                    raise builder.fail(item, "a nested list is not a number (2D arrays take rows of numbers)")
                expr = _check_constant(builder.build(item), where, limits, brief(source.segment(item)))
                is_decimal = builder.decimal
            else:
                if isinstance(item, (list, tuple)) or getattr(item, "ndim", 0):
                    raise _fail(where, "a nested list is not a number (2D arrays take rows of numbers)")
                expr, is_decimal = parse_value(item, where=where, limits=limits)
            out.append(expr)
            decimal = decimal or is_decimal
        rows.append(tuple(out))
    return ParsedMatrix(tuple(rows), decimal)
