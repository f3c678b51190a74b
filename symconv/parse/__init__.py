"""User input (numbers, arrays, strings, formulas) -> exact SymPy values, by whitelist.

Nothing here evaluates user text: strings go through ``ast.parse(text, mode="eval")`` and a
visitor that accepts numbers, names, ``+ - * / **``, unary signs and a short list of functions;
every other node raises :class:`~symconv.errors.InputError`.
"""

from ._core import CONSTANTS, FUNCTIONS, ParsedSequence, parse_sequence, parse_value
from .formula import MAX_FORMULA_DEGREE, ParsedFormula, parse_formula
from .matrix import ParsedMatrix, parse_matrix

__all__ = ["ParsedSequence", "ParsedMatrix", "ParsedFormula", "parse_value", "parse_sequence",
           "parse_matrix", "parse_formula", "FUNCTIONS", "CONSTANTS", "MAX_FORMULA_DEGREE"]
