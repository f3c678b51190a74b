"""User input (numbers, arrays, strings, formulas) -> exact SymPy values, by whitelist.

Nothing here evaluates user text: strings go through ``ast.parse(text, mode="eval")`` and a
visitor that accepts numbers, names, ``+ - * / **``, unary signs and a short list of functions;
every other node raises [`InputError`][symconv.InputError].
"""

from ._core import CONSTANTS, FUNCTIONS, approximate
from .formula import MAX_FORMULA_DEGREE, ParsedFormula, parameter_value, parse_formula
from .integers import parse_int, parse_int_tuple
from .matrix import ParsedMatrix, parse_matrix
from .scalars import parse_value
from .sequence import ParsedSequence, parse_sequence

__all__ = ["ParsedSequence", "ParsedMatrix", "ParsedFormula", "parse_value", "parse_sequence",
           "parse_matrix", "parse_formula", "parse_int", "parse_int_tuple", "FUNCTIONS", "CONSTANTS",
           "MAX_FORMULA_DEGREE", "approximate", "parameter_value"]
