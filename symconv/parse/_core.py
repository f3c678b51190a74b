"""The whitelist parser every front end shares: text -> exact SymPy values, and the checks on
exact numbers.

Nothing here evaluates user text: strings go through ``ast.parse(text, mode="eval")`` and a
visitor that accepts numbers, names, ``+ - * / **``, unary signs and a short list of functions;
every other node raises [`InputError`][symconv.InputError]. Sizes (text length, exponents,
number sizes, terms of a sum) are bounded *before* anything large is built, so hostile input fails
in microseconds. Floats convert exactly from their shortest repr (``0.1`` means 1/10).
"""

from __future__ import annotations

import ast
import math
import re
import sys
from fractions import Fraction

import mpmath
import sympy
from sympy import Expr, I, Integer, Rational

from ..errors import InputError, brief
from ..limits import Limits

__all__ = ["FUNCTIONS", "CONSTANTS"]

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


def _fail(where: str, message: str) -> InputError:
    return InputError(f"{where}: {message}" if where else message)


def _check_rational(value: Rational, where: str, limits: Limits, shown) -> Rational:
    """``value`` if it fits the number-size limit; ``shown`` (text, or a value cut by `brief` only
    when the message is needed) names it in the error."""
    bits = max(abs(int(value.p)).bit_length(), int(value.q).bit_length())
    if bits > limits.max_number_bits:
        raise _fail(
            where,
            f"{shown if isinstance(shown, str) else brief(shown)} is too large for an exact worked example ({bits} bits; the limit is "
            f"Limits.max_number_bits={limits.max_number_bits})",
        )
    return value


def _rational_from_text(text: str, where: str, limits: Limits) -> Rational:
    """Exact rational of a decimal literal such as ``0.25``, ``1e-3``, ``12``."""
    text = text.replace("_", "")
    match = _EXP_RE.search(text)
    if match and abs(int(match.group(1))) > _MAX_DECIMAL_EXPONENT:
        raise _fail(where, f"{brief(text)} has an exponent beyond ±{_MAX_DECIMAL_EXPONENT}")
    if len(text.split("e")[0].split("E")[0]) > 120:
        raise _fail(where, f"the literal {text[:20]}… has too many digits")
    try:
        frac = Fraction(text)
    except (ValueError, ZeroDivisionError) as exc:
        raise _fail(where, f"{brief(text)} is not a number") from exc
    return _check_rational(Rational(frac.numerator, frac.denominator), where, limits, brief(text))


_MP = mpmath.MPContext()  # our own context: the process-wide mpmath precision is left alone
_MP.dps = 30
_MP_FUNCTIONS = {sympy.exp: "exp", sympy.log: "log", sympy.sin: "sin", sympy.cos: "cos", sympy.tan: "tan",
                 sympy.Abs: "fabs", sympy.re: "re", sympy.im: "im", sympy.conjugate: "conj"}


class _TooLarge(Exception):
    pass


def _approx(expr, bits: int, memo: dict):
    """A 30-digit value of a constant expression, bottom up, each step bounded before it is
    taken: SymPy's ``evalf`` of a whole tree can take exponential time (nested logarithms) or
    build astronomically large numbers (an exponential tower) before any check sees them."""
    found = memo.get(expr)
    if found is not None:
        return found
    if expr.is_Rational:
        if max(abs(int(expr.p)).bit_length(), int(expr.q).bit_length()) > 4 * bits:
            raise _TooLarge
        value = _MP.mpf(int(expr.p)) / int(expr.q)
    elif expr is sympy.pi:
        value = +_MP.pi
    elif expr is sympy.E:
        value = +_MP.e
    elif expr is sympy.I:
        value = _MP.mpc(0, 1)
    elif expr.is_Add or expr.is_Mul:
        values = [_approx(a, bits, memo) for a in expr.args]
        value = _MP.fsum(values) if expr.is_Add else _MP.fprod(values)
    elif expr.is_Pow:
        base, exp = _approx(expr.base, bits, memo), _approx(expr.exp, bits, memo)
        if base != 0 and abs(exp) * max(abs(_MP.log(abs(base), 2)), 1) > 4 * bits:
            raise _TooLarge
        value = _MP.power(base, exp)
    elif type(expr) in _MP_FUNCTIONS:
        arg = _approx(expr.args[0], bits, memo)
        if isinstance(expr, sympy.exp) and _MP.re(arg) > 4 * bits:  # e^x beyond 2^(4 bits)
            raise _TooLarge
        if isinstance(expr, (sympy.exp, sympy.sin, sympy.cos, sympy.tan)) and abs(arg) > 2 ** 20:
            raise _TooLarge  # reducing such an argument needs as many digits as it has
        value = getattr(_MP, _MP_FUNCTIONS[type(expr)])(arg)
    else:
        value = _MP.mpmathify(complex(expr.evalf(20)))
    if not _MP.isfinite(value) or (value != 0 and _MP.log(abs(value), 2) > 4 * bits):
        raise _TooLarge
    memo[expr] = value
    return value


def approximate(expr, bits: int = 332) -> complex:
    """A complex float of a constant expression, computed bottom up at 30 digits with every step
    bounded (fast where SymPy's ``complex(expr)`` can take exponential time); raises
    OverflowError when it would exceed about ``2**(4 bits)``.

    Examples
    --------
    >>> import sympy
    >>> approximate(sympy.log(sympy.log(sympy.log(sympy.Integer(3)))))
    (-2.3639518216762503+0j)
    """
    try:
        return complex(_approx(expr, bits, {}))
    except _TooLarge:
        raise OverflowError("the value is too large to approximate") from None


def _check_constant(expr: Expr, where: str, limits: Limits, shown: str) -> Expr:
    """Refuse non-finite or astronomically large constant expressions."""
    if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise _fail(where, f"{shown} is not a finite number")
    if isinstance(expr, Rational):
        return _check_rational(expr, where, limits, shown)
    if not expr.free_symbols:
        try:
            magnitude = abs(complex(_approx(expr, limits.max_number_bits, {})))
        except _TooLarge:
            raise _fail(where, f"{shown} is too large for an exact worked example") from None
        except (TypeError, ValueError, OverflowError, ZeroDivisionError) as exc:
            raise _fail(where, f"{shown} does not evaluate to a finite number") from exc
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
            raise self.fail(node, f"{brief(value)} is not a number")
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
            raise self.fail(node, f"{brief(name)} is not a finite number")
        if name in FUNCTIONS:
            raise self.fail(node, f"{brief(name)} is a function; call it as {name}(...)")
        if not _NAME_RE.match(name) or len(name) > 40:
            raise self.fail(node, f"{brief(name)} is not an accepted symbol name (letters, digits, _)")
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
        if isinstance(op, ast.Pow):
            result = self._power(node, self.build(node.left, depth), self.build(node.right, depth))
        else:
            # a + b - c + ... is one flat sum, however left-deep Python's tree of it: one level of
            # nesting, its length bounded by Limits.max_operands, built in one sympy.Add.
            adding = isinstance(op, (ast.Add, ast.Sub))
            group = (ast.Add, ast.Sub) if adding else (ast.Mult, ast.Div)
            operands = []
            chain = node
            while isinstance(chain, ast.BinOp) and isinstance(chain.op, group):
                operands.append((chain.op, chain.right))
                if len(operands) >= self.limits.max_operands:
                    raise self.fail(node, f"a {'sum' if adding else 'product'} of more than "
                                    f"{self.limits.max_operands:,} operands (Limits.max_operands)")
                chain = chain.left
            values = [self.build(chain, depth)]
            for operator, operand in reversed(operands):
                value = self.build(operand, depth)
                if isinstance(operator, ast.Sub):
                    value = -value
                elif isinstance(operator, ast.Div):
                    if value == 0:
                        raise self.fail(operand, "division by zero")
                    value = 1 / value
                values.append(value)
            result = sympy.Add(*values) if adding else sympy.Mul(*values)
        return _check_constant(result, self.where, self.limits, brief(self.source.segment(node)))

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
            raise self.fail(node, f"calling {brief(shown)} is not allowed; allowed functions are "
                            f"{', '.join(sorted(FUNCTIONS))}")
        if node.keywords or len(node.args) != 1:
            raise self.fail(node, f"{node.func.id}() takes exactly one argument")
        calls = 1 + sum(isinstance(n, ast.Call) for n in ast.walk(node.args[0]))
        if calls > MAX_CALL_NESTING and _call_depth(node) > MAX_CALL_NESTING:
            # SymPy's evaluation of log(log(log(...))) takes time exponential in the depth
            raise self.fail(node, f"functions nested more than {MAX_CALL_NESTING} deep are not accepted")
        argument = self.build(node.args[0], depth)
        return FUNCTIONS[node.func.id](argument)

    def visit_Tuple(self, node: ast.AST, depth: int) -> Expr:
        raise self.fail(node, "a nested list is not a number (1D sequences take a flat list)")

    visit_List = visit_Tuple


#: Deepest accepted nesting of function calls (``sin(log(sqrt(x)))`` is 3).
MAX_CALL_NESTING = 6


def _call_depth(node) -> int:
    """How deep function calls nest in ``node``."""
    inner = [_call_depth(child) for child in ast.iter_child_nodes(node)]
    return (1 if isinstance(node, ast.Call) else 0) + max(inner, default=0)


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
        if "integer string conversion" in detail:  # Python's own limit, said in our terms
            detail = f"a number has more than {sys.get_int_max_str_digits():,} digits"
        detail = detail[:120]
        offset = getattr(exc, "offset", None)
        at = f" at column {offset}" if offset else ""
        raise _fail(where, f"cannot parse {text[:60]!r}: {detail}{at}") from None


