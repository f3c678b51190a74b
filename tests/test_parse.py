"""Safe parsing: what is accepted, exactly, and that every hostile input is refused quickly."""

import time
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy
from sympy import I, Rational, Symbol, sqrt

from symconv import InputError, Limits, Sequence, SymconvError
from symconv.parse import parse_sequence, parse_value

x = Symbol("x", real=True)


@pytest.mark.parametrize("given, expected, decimal", [
    ("1/2", Rational(1, 2), False),
    ("0.25", Rational(1, 4), True),
    ("-3", -3, False),
    ("1e-3", Rational(1, 1000), True),
    ("x", x, False),
    ("a_1", Symbol("a_1", real=True), False),
    ("2*x + 1", 2 * x + 1, False),
    ("sqrt(2)", sqrt(2), False),
    ("2**-3", Rational(1, 8), False),
    ("(1/2)**3", Rational(1, 8), False),
    ("3 + 4j", 3 + 4 * I, False),
    ("1 + 2*I", 1 + 2 * I, False),
    ("pi", sympy.pi, False),
    ("0.1", Rational(1, 10), True),
    (0.1, Rational(1, 10), True),
    (1e-3, Rational(1, 1000), True),
    (3, 3, False),
    (np.int64(7), 7, False),
    (np.float32(0.5), Rational(1, 2), True),
    (Fraction(2, 3), Rational(2, 3), False),
    (Decimal("0.125"), Rational(1, 8), True),
    (1 + 0.5j, 1 + I / 2, True),
    (Rational(5, 7), Rational(5, 7), False),
    (sympy.Float(0.5) * x, x / 2, True),
])
def test_accepted_values_are_exact(given, expected, decimal):
    value, is_decimal = parse_value(given)
    assert sympy.simplify(value - expected) == 0
    assert is_decimal is decimal


@pytest.mark.parametrize("text, expected", [
    ("1, 1/2, 1/4", (1, Rational(1, 2), Rational(1, 4))),
    ("[1, 0.5, 1, 1]", (1, Rational(1, 2), 1, 1)),
    ("(1, 2,)", (1, 2)),
    ("5", (5,)),
    (" 1 ,2 ", (1, 2)),
])
def test_whole_sequences_as_one_string(text, expected):
    assert parse_sequence(text).values == expected


def test_sequences_from_python_and_numpy():
    assert parse_sequence([1, 0.5]).values == (1, Rational(1, 2))
    assert parse_sequence(np.array([1.5, -2.0])).values == (Rational(3, 2), -2)
    assert parse_sequence(np.array([1 + 1j])).values == (1 + I,)
    assert parse_sequence(7).values == (7,)
    assert parse_sequence(["x", "1/3"]).values == (x, Rational(1, 3))


def test_float_reads_shortest_repr_not_binary_expansion():
    assert parse_value(0.1)[0] == Rational(1, 10)
    assert parse_value(1 / 3)[0] == Rational(3333333333333333, 10**16)


SENTINEL_CODE = "open('{path}', 'w').write('pwned')"

HOSTILE = [
    ("1 +", "cannot parse"),
    ("__import__('os').system('true')", "not allowed"),
    ("(1).__class__", "attribute access"),
    ("x.real", "attribute access"),
    ("lambda: 1", "lambda"),
    ("eval('1')", "not allowed"),
    ("exec('1')", "not allowed"),
    ("open('f')", "not allowed"),
    ("sqrt(2, 3)", "exactly one argument"),
    ("sqrt(x=2)", "exactly one argument"),
    ("nan", "not a finite"),
    ("inf", "not a finite"),
    ("-inf", "not a finite"),
    ("oo", "not a finite"),
    ("zoo", "not a finite"),
    ("1e999999", "exponent"),
    ("9**9**9**9", "too large"),
    ("10**10**10", "too large"),
    ("2**-100000", "too large"),
    ("x**(10**9)", "exponent"),
    ("1/0", "division by zero"),
    ("0**-1", "division by zero"),
    ("[1, [2, 3]]", "nested list"),
    ("[]", "empty"),
    ("", "cannot parse"),
    ("'abc'", "not a number"),
    ("True", "not a number"),
    ("x if 1 else 2", "conditional"),
    ("1 < 2", "comparison"),
    ("{1: 2}", "dict"),
    ("[i for i in range(9)]", "comprehension"),
    ("1 << 100000", "not allowed"),
    ("~1", "not allowed"),
    ("__builtins__", "not an accepted symbol"),
    ("_x", "not an accepted symbol"),
    ("sqrt", "is a function"),
    ("9" * 5000, "cannot parse|too large|digits"),
    ("(" * 300 + "1" + ")" * 300, "cannot parse|nested"),
    ("-" * 200 + "1", "nested deeper"),
    ("1" + "+1" * 50_000, "longer than|nested|cannot parse"),
    ("exp(10**90)", "too large"),
    ("x\x00", "NUL"),
]


@pytest.mark.parametrize("text, message", HOSTILE)
def test_hostile_input_is_refused_quickly(text, message):
    start = time.perf_counter()
    with pytest.raises(InputError, match=message):
        parse_sequence(text, name="a", limits=Limits(max_text_chars=50_000))
    assert time.perf_counter() - start < 0.5


def test_nothing_is_executed(tmp_path):
    sentinel = tmp_path / "sentinel"
    payloads = [
        SENTINEL_CODE.format(path=sentinel),
        f"__import__('builtins').open('{sentinel}', 'w')",
        f"[open('{sentinel}', 'w') for _ in [1]]",
        f"(lambda: open('{sentinel}', 'w'))()",
        f"sqrt(open('{sentinel}', 'w'))",
    ]
    for payload in payloads:
        with pytest.raises(InputError):
            parse_sequence(payload)
        with pytest.raises(InputError):
            parse_value(payload)
    assert not sentinel.exists()


@pytest.mark.parametrize("value, message", [
    (float("nan"), "not a finite"),
    (float("inf"), "not a finite"),
    (complex(1, float("inf")), "not a finite"),
    (Decimal("NaN"), "not a finite"),
    (sympy.nan, "not a finite"),
    (sympy.oo, "not a finite"),
    (True, "boolean"),
    (10**200, "too large"),
    (1e-300, "too large"),
    (object(), "expected a number"),
])
def test_bad_python_values(value, message):
    with pytest.raises(InputError, match=message):
        parse_sequence([1, value], name="h")


def test_errors_name_the_item_and_position():
    with pytest.raises(InputError, match=r"h\[2\]: 'nan' is not a finite number"):
        parse_sequence("1, 2, nan", name="h")
    with pytest.raises(InputError, match=r"x\[1\]"):
        parse_sequence([1, float("inf")], name="x")


def test_ragged_and_wrong_shapes():
    with pytest.raises(InputError, match="nested list"):
        parse_sequence([[1, 2], [3]], name="a")
    with pytest.raises(InputError, match="1D"):
        parse_sequence(np.ones((2, 2)), name="a")
    with pytest.raises(InputError, match="expected a list"):
        parse_sequence({1: 2}, name="a")
    with pytest.raises(InputError, match="empty"):
        parse_sequence([], name="a")
    with pytest.raises(InputError, match="booleans"):
        parse_sequence(np.array([True]), name="a")


def test_length_limits():
    with pytest.raises(InputError, match="max_length"):
        parse_sequence([1] * 11, limits=Limits(max_length=10))
    with pytest.raises(InputError, match="max_text_chars"):
        parse_sequence("1," * 100, limits=Limits(max_text_chars=50))


def test_input_error_is_value_error_and_symconv_error():
    assert issubclass(InputError, ValueError)
    assert issubclass(InputError, SymconvError)


def test_sequence_start_and_name_validation():
    assert Sequence("1, 2", start=-3).indices == range(-3, -1)
    with pytest.raises(InputError, match="integer"):
        Sequence("1", start=1.5)
    with pytest.raises(InputError, match="name"):
        Sequence("1", name="")


def test_parser_never_calls_eval_family():
    import inspect

    import symconv.parse as module

    source = inspect.getsource(module)
    for banned in ("eval(", "exec(", "sympify(", "parse_expr("):
        assert banned not in source.replace('mode="eval"', "")
