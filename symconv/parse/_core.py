"""Scalars and 1D sequences -> exact SymPy values, by whitelist: the parser every front end shares.

Nothing here evaluates user text: strings go through ``ast.parse(text, mode="eval")`` and a
visitor that accepts numbers, names, ``+ - * / **``, unary signs and a short list of functions;
every other node raises :class:`~symconv.errors.InputError`. Sizes (text length, sequence length,
exponents, number sizes) are bounded *before* anything large is built, so hostile input fails in
microseconds. Floats convert exactly from their shortest repr (``0.1`` means 1/10).
"""

from __future__ import annotations

import ast
import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import sympy
from sympy import Expr, I, Integer, Rational

from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits

__all__ = ["ParsedSequence", "parse_value", "parse_sequence", "FUNCTIONS", "CONSTANTS"]

#: Functions a string may call, by name. Each takes exactly one argument.
FUNCTIONS = {
    "sqrt": sympy.sqrt,
    "exp": sympy.exp,
    "log": sympy.log,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "abs": sympy.Abs,
    "conj": sympy.conjugate,
    "conjugate": sympy.conjugate,
    "re": sympy.re,
    "im": sympy.im,
}

#: Names with a fixed meaning; every other identifier is a real-valued symbol.
CONSTANTS = {"pi": sympy.pi, "I": I}

_NOT_FINITE = {"nan", "inf", "infinity", "oo", "zoo", "NaN", "Inf", "Infinity"}
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_EXP_RE = re.compile(r"[eE]([+-]?\d+)")
_MAX_DECIMAL_EXPONENT = 400

_NODE_WORDS = {
    ast.Attribute: "attribute access",
    ast.Lambda: "a lambda",
    ast.Subscript: "indexing",
    ast.Compare: "a comparison",
    ast.BoolOp: "a boolean operator",
    ast.IfExp: "a conditional expression",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.ListComp: "a comprehension",
    ast.GeneratorExp: "a generator",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.NamedExpr: "an assignment",
    ast.JoinedStr: "an f-string",
    ast.Starred: "a starred expression",
    ast.Await: "await",
}


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


def _fail(where: str, message: str) -> InputError:
    return InputError(f"{where}: {message}" if where else message)


def _check_rational(value: Rational, where: str, limits: Limits, shown: str) -> Rational:
    bits = max(abs(int(value.p)).bit_length(), int(value.q).bit_length())
    if bits > limits.max_number_bits:
        raise _fail(
            where,
            f"{shown} is too large for an exact worked example ({bits} bits; the limit is "
            f"Limits.max_number_bits={limits.max_number_bits})",
        )
    return value


def _rational_from_text(text: str, where: str, limits: Limits) -> Rational:
    """Exact rational of a decimal literal such as ``0.25``, ``1e-3``, ``12``."""
    text = text.replace("_", "")
    match = _EXP_RE.search(text)
    if match and abs(int(match.group(1))) > _MAX_DECIMAL_EXPONENT:
        raise _fail(where, f"{text!r} has an exponent beyond ±{_MAX_DECIMAL_EXPONENT}")
    if len(text.split("e")[0].split("E")[0]) > 120:
        raise _fail(where, f"the literal {text[:20]}… has too many digits")
    try:
        frac = Fraction(text)
    except (ValueError, ZeroDivisionError) as exc:
        raise _fail(where, f"{text!r} is not a number") from exc
    return _check_rational(Rational(frac.numerator, frac.denominator), where, limits, repr(text))


def _check_constant(expr: Expr, where: str, limits: Limits, shown: str) -> Expr:
    """Refuse non-finite or astronomically large constant expressions."""
    if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise _fail(where, f"{shown} is not a finite number")
    if isinstance(expr, Rational):
        return _check_rational(expr, where, limits, shown)
    if not expr.free_symbols:
        try:
            approx = complex(expr.evalf(20))
        except (TypeError, ValueError, OverflowError) as exc:
            raise _fail(where, f"{shown} does not evaluate to a finite number") from exc
        magnitude = abs(approx)
        if not math.isfinite(magnitude) or (magnitude and math.log2(magnitude) > limits.max_number_bits):
            raise _fail(where, f"{shown} is too large for an exact worked example")
    return expr


class _Source:
    """Source segments of ast nodes in O(length of the segment) (``ast.get_source_segment``
    re-splits the whole text on every call, quadratic over a long sequence)."""

    def __init__(self, text: str):
        self.data = text.encode("utf-8")
        self.starts = [0]
        for i, byte in enumerate(self.data):
            if byte == 10:
                self.starts.append(i + 1)

    def segment(self, node: ast.AST) -> str:
        try:
            begin = self.starts[node.lineno - 1] + node.col_offset
            end = self.starts[node.end_lineno - 1] + node.end_col_offset
        except (AttributeError, IndexError, TypeError):
            return "?"
        return self.data[begin:end].decode("utf-8", "replace")


class _Builder:
    """Build a SymPy expression from a whitelisted Python expression tree."""

    def __init__(self, text: str, where: str, limits: Limits, source: _Source | None = None):
        self.text = text
        self.where = where
        self.limits = limits
        self.decimal = False
        self.source = source or _Source(text)

    def fail(self, node: ast.AST, message: str) -> InputError:
        col = getattr(node, "col_offset", None)
        at = f" (at column {col + 1})" if col is not None else ""
        return _fail(self.where, f"{message}{at} in {self.text!r}" if len(self.text) < 80 else message + at)

    def build(self, node: ast.AST, depth: int = 0) -> Expr:
        if depth > self.limits.max_depth:
            raise self.fail(node, f"expression nested deeper than {self.limits.max_depth} levels")
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            word = _NODE_WORDS.get(type(node), type(node).__name__)
            raise self.fail(node, f"{word} is not allowed; use numbers, names, + - * / ** and "
                            f"{', '.join(sorted(FUNCTIONS))}")
        return method(node, depth + 1)

    def visit_Constant(self, node: ast.Constant, depth: int) -> Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float, complex)):
            raise self.fail(node, f"{value!r} is not a number")
        segment = self.source.segment(node)
        if isinstance(value, int):
            return _check_rational(Integer(value), self.where, self.limits, segment)
        if isinstance(value, complex):
            self.decimal = self.decimal or any(c in segment for c in ".eE")
            return I * _rational_from_text(segment.rstrip("jJ"), self.where, self.limits)
        self.decimal = True
        return _rational_from_text(segment, self.where, self.limits)

    def visit_Name(self, node: ast.Name, depth: int) -> Expr:
        name = node.id
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in _NOT_FINITE or name.lower() in {"nan", "inf", "infinity"}:
            raise self.fail(node, f"{name!r} is not a finite number")
        if name in FUNCTIONS:
            raise self.fail(node, f"{name!r} is a function; call it as {name}(...)")
        if not _NAME_RE.match(name) or len(name) > 40:
            raise self.fail(node, f"{name!r} is not an accepted symbol name (letters, digits, _)")
        return sympy.Symbol(name, real=True)

    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> Expr:
        if isinstance(node.op, ast.USub):
            return -self.build(node.operand, depth)
        if isinstance(node.op, ast.UAdd):
            return self.build(node.operand, depth)
        raise self.fail(node, f"the operator {type(node.op).__name__} is not allowed")

    def visit_BinOp(self, node: ast.BinOp, depth: int) -> Expr:
        op = node.op
        if not isinstance(op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            raise self.fail(node, f"the operator {type(op).__name__} is not allowed; use + - * / **")
        left = self.build(node.left, depth)
        right = self.build(node.right, depth)
        if isinstance(op, ast.Add):
            result = left + right
        elif isinstance(op, ast.Sub):
            result = left - right
        elif isinstance(op, ast.Mult):
            result = left * right
        elif isinstance(op, ast.Div):
            if right == 0:
                raise self.fail(node, "division by zero")
            result = left / right
        else:
            result = self._power(node, left, right)
        return _check_constant(result, self.where, self.limits, repr(self.source.segment(node)))

    def _power(self, node: ast.AST, base: Expr, exponent: Expr) -> Expr:
        if isinstance(exponent, Rational):
            size = abs(int(exponent.p))
            if base.free_symbols or not isinstance(base, Rational):
                if size > self.limits.max_exponent:
                    raise self.fail(node, f"exponent {exponent} is beyond ±{self.limits.max_exponent}")
            else:
                if base == 0 and exponent < 0:
                    raise self.fail(node, "division by zero (0 to a negative power)")
                base_bits = max(abs(int(base.p)).bit_length(), int(base.q).bit_length())
                if abs(base) != 1 and size * max(base_bits - 1, 1) > self.limits.max_number_bits:
                    raise self.fail(node, f"the power is too large for an exact worked example "
                                    f"(limit Limits.max_number_bits={self.limits.max_number_bits})")
        return base**exponent

    def visit_Call(self, node: ast.Call, depth: int) -> Expr:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            shown = self.source.segment(node.func)
            raise self.fail(node, f"calling {shown!r} is not allowed; allowed functions are "
                            f"{', '.join(sorted(FUNCTIONS))}")
        if node.keywords or len(node.args) != 1:
            raise self.fail(node, f"{node.func.id}() takes exactly one argument")
        argument = self.build(node.args[0], depth)
        return FUNCTIONS[node.func.id](argument)

    def visit_Tuple(self, node: ast.AST, depth: int) -> Expr:
        raise self.fail(node, "a nested list is not a number (1D sequences take a flat list)")

    visit_List = visit_Tuple


def _parse_tree(text: str, where: str, limits: Limits) -> ast.expr:
    if len(text) > limits.max_text_chars:
        raise _fail(where, f"input of {len(text):,} characters is longer than "
                    f"Limits.max_text_chars={limits.max_text_chars:,}")
    if "\x00" in text:
        raise _fail(where, "input contains a NUL character")
    try:
        return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        detail = getattr(exc, "msg", None) or str(exc)
        offset = getattr(exc, "offset", None)
        at = f" at column {offset}" if offset else ""
        raise _fail(where, f"cannot parse {text[:60]!r}: {detail}{at}") from None


def _from_number(value, where: str, limits: Limits) -> tuple[Expr, bool]:
    """Exact value of a non-string scalar and whether it is a decimal."""
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        raise _fail(where, f"{value!r} is a boolean, not a number")
    if isinstance(value, sympy.Basic):
        return _from_sympy(value, where, limits)
    if isinstance(value, numbers.Integral):
        return _check_rational(Integer(int(value)), where, limits, repr(int(value))), False
    if isinstance(value, Fraction):
        return _check_rational(Rational(value.numerator, value.denominator), where, limits, str(value)), False
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _fail(where, f"{value!r} is not a finite number")
        return _rational_from_text(str(value), where, limits), True
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise _fail(where, f"{number!r} is not a finite number")
        return _rational_from_text(repr(number), where, limits), True
    if isinstance(value, numbers.Complex):
        number = complex(value)
        parts = []
        for part in (number.real, number.imag):
            if not math.isfinite(part):
                raise _fail(where, f"{number!r} is not a finite number")
            parts.append(_rational_from_text(repr(part), where, limits))
        return parts[0] + I * parts[1], True
    raise _fail(where, f"expected a number, a string or a SymPy expression, got {type(value).__name__}")


def _from_sympy(value: sympy.Basic, where: str, limits: Limits) -> tuple[Expr, bool]:
    if not isinstance(value, Expr) or value.is_Relational or isinstance(value, sympy.logic.boolalg.BooleanAtom):
        raise _fail(where, f"{value!r} is not a SymPy expression")
    decimal = False
    floats = value.atoms(sympy.Float)
    if floats:
        decimal = True
        mapping = {}
        for f in floats:
            if not math.isfinite(float(f)):
                raise _fail(where, f"{value} is not a finite number")
            mapping[f] = _rational_from_text(repr(float(f)), where, limits)
        value = value.xreplace(mapping)
    return _check_constant(value, where, limits, str(value)), decimal


def parse_value(value, *, where: str = "", limits: Limits = DEFAULT_LIMITS) -> tuple[Expr, bool]:
    """Convert one scalar (number, string or SymPy expression) to an exact SymPy value.

    Parameters
    ----------
    value : int, float, complex, Fraction, Decimal, numpy scalar, sympy.Expr or str
        Strings are parsed by whitelist: numbers (``"1/2"``, ``"0.25"``, ``"1e-3"``, ``"2j"``),
        names (real-valued symbols; ``pi`` and ``I`` are the constants), ``+ - * / **`` and the
        functions in :data:`FUNCTIONS`.
    where : str
        How to name this item in an error message, e.g. ``"a[2]"``.
    limits : Limits
        Size budgets.

    Returns
    -------
    value : sympy.Expr
        The exact value.
    decimal : bool
        Whether it was written as a decimal.

    Raises
    ------
    InputError
        For anything that is not a finite number or an accepted expression.

    Examples
    --------
    >>> parse_value("0.1")
    (1/10, True)
    >>> parse_value("2*x + 1")
    (2*x + 1, False)
    """
    if isinstance(value, str):
        builder = _Builder(value, where, limits)
        tree = _parse_tree(value, where, limits)
        expr = builder.build(tree)
        return _check_constant(expr, where, limits, repr(value)), builder.decimal
    return _from_number(value, where, limits)


def _split_text(text: str, name: str, limits: Limits) -> list[tuple[ast.expr, str]]:
    tree = _parse_tree(text, name, limits)
    if isinstance(tree, (ast.List, ast.Tuple)):
        items = tree.elts
    else:
        items = [tree]
    stripped = text.strip()
    return [(node, stripped) for node in items]


def parse_sequence(values, *, name: str = "a", limits: Limits = DEFAULT_LIMITS) -> ParsedSequence:
    """Convert a 1D sequence to exact SymPy values.

    Parameters
    ----------
    values : str, list, tuple, 1D numpy array or scalar
        A string holds the whole sequence: ``"1, 1/2, 1/4"`` or ``"[1, 0.5, 1, 1]"``. A scalar is
        a sequence of length one, as in ``numpy.convolve``.
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
        Empty, nested, too long, or any item not accepted by :func:`parse_value`.

    Examples
    --------
    >>> parse_sequence("1, 1/2, 0.25").values
    (1, 1/2, 1/4)
    >>> parse_sequence([1, 0.5]).decimal
    True
    """
    decimal = False
    out = []
    if isinstance(values, str):
        items = _split_text(values, name, limits)
        if len(items) > limits.max_length:
            raise _fail(name, f"{len(items):,} samples exceed Limits.max_length={limits.max_length:,}")
        source = _Source(values.strip())
        for position, (node, text) in enumerate(items):
            builder = _Builder(text, f"{name}[{position}]", limits, source)
            if isinstance(node, (ast.List, ast.Tuple)):
                raise builder.fail(node, "a nested list is not a number (1D sequences take a flat list)")
            expr = builder.build(node)
            out.append(_check_constant(expr, builder.where, limits, repr(source.segment(node))))
            decimal = decimal or builder.decimal
    else:
        if hasattr(values, "ndim") and hasattr(values, "tolist"):  # numpy arrays and scalars
            if values.ndim > 1:
                raise _fail(name, f"expected a 1D sequence, got an array of shape {values.shape}")
            if values.dtype.kind not in "biufcO":
                raise _fail(name, f"expected numbers, got an array of dtype {values.dtype}")
            if values.dtype.kind == "b":
                raise _fail(name, "expected numbers, got an array of booleans")
            values = values.tolist() if values.ndim else [values.item()]
        elif isinstance(values, (numbers.Number, sympy.Basic)):
            values = [values]
        elif isinstance(values, (dict, set, frozenset, bytes)) or not hasattr(values, "__len__"):
            raise _fail(name, f"expected a list, tuple, 1D numpy array or string, got {type(values).__name__}")
        if len(values) > limits.max_length:
            raise _fail(name, f"{len(values):,} samples exceed Limits.max_length={limits.max_length:,}")
        for position, item in enumerate(values):
            where = f"{name}[{position}]"
            if isinstance(item, (list, tuple)) or getattr(item, "ndim", 0):
                raise _fail(where, "a nested list is not a number (1D sequences take a flat list)")
            expr, is_decimal = parse_value(item, where=where, limits=limits)
            out.append(expr)
            decimal = decimal or is_decimal
    if not out:
        raise _fail(name, "the sequence is empty; give at least one sample")
    return ParsedSequence(tuple(out), decimal)
