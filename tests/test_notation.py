"""Mathematics, not Python, on the page: no format shows SymPy's or Python's spelling of a value
(``**``, ``*``, ``sqrt(``, ``Sum(``, ``Eq(``, ``Piecewise``, ``Heaviside``, ``- -``, ``-m + n``...),
whatever the entries, for finite derivations, closed forms and 2D matrices."""

import json
import re

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symconv

F = symconv.formula
Z = sympy.Symbol("z")  # complex: conj(z) and |z| stay as they are (parsed names are real)

# -- what each format may not contain ---------------------------------------------------------
#: Anywhere outside code, in every format.
EVERYWHERE = [
    ("**", r"\*\*"), ("*", r"\*"), ("Sum(", r"\bSum\("), ("Eq(", r"\bEq\("), ("Ne(", r"\bNe\("),
    ("Piecewise", r"Piecewise"), ("Heaviside", r"Heaviside"), ("UnitStep", r"UnitStep"),
    ("Delta(", r"\bDelta\("), ("KroneckerDelta", r"KroneckerDelta"), ("Abs(", r"\bAbs\("),
    ("conjugate(", r"\bconjugate\("), ("exp(", r"\bexp\("), ("\\exp", r"\\exp\b"),
    ("- -", r"(?<![-+])[-−]\s+[-−]"), ("+ -", r"\+\s+[-−]"), ("θ", r"θ"), ("zoo/nan", r"\b(zoo|nan|oo)\b"),
    ("I as the imaginary unit", r"(?<![\w\\])I\b"),
    ("Rational(", r"\bRational\("), ("Integer(", r"\bInteger\("), ("Float(", r"\bFloat\("),
    ("Symbol(", r"\bSymbol\("), ("Mul(", r"\bMul\("), ("Add(", r"\bAdd\("), ("Pow(", r"\bPow\("),
    ("True/False", r"\b(True|False)\b"), ("merror", r"merror"),
]
#: Where the notation has its own symbol for it (Typst spells √ and |x| as sqrt(...), abs(...)).
NOT_IN_TEXT = [("sqrt(", r"\bsqrt\("), ("abs(", r"\babs\(")]
#: In a value (not in a product of two factors, where ``1·x`` is right): SymPy's ``1*x``.
ONE_TIMES = [("1·x", r"(?<![\w.])1·[a-zα-ω(√]")]
NOT_IN_LATEX = [("sqrt(", r"(?<!\\)\bsqrt\("), ("abs(", r"\babs\(")]

#: Where indices, exponents and a sum's limits are written.
INDEX_GROUPS = re.compile(r"\[([^\[\]]*)\]|[_^]\{((?:[^{}]|\{[^{}]*\})*)\}|[_^]\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
#: SymPy's ``-m + n``: a negative first term, then a positive one (``n - m`` is right).
NEGATIVE_FIRST = re.compile(r"^\s*[-−]\s*(?:\\[A-Za-z]+\s*)?[A-Za-z][\w{}]*[^+]*?\s\+\s")
NEGATIVE_FIRST_SUPERSCRIPT = re.compile("⁻[ᵃ-ᶻⁱⁿ]+⁺")


def negative_first_indices(text: str) -> list:
    found = []
    for match in INDEX_GROUPS.finditer(text):
        group = next(g for g in match.groups() if g is not None)
        found += [part.strip() for part in group.split(",") if NEGATIVE_FIRST.search(part)]
    return found + NEGATIVE_FIRST_SUPERSCRIPT.findall(text)


def _hits(text: str, rules) -> list:
    return [name for name, pattern in rules if re.search(pattern, text)]


def _strip_code(text: str, fmt: str) -> str:
    """Remove library calls and other program text: they are Python on purpose."""
    if fmt == "latex":
        return re.sub(r"\\texttt\{(?:[^{}\\]|\\.|\{\})*\}", " ▯ ", text)
    if fmt == "typst":
        return re.sub(r'#raw\("(?:[^"\\]|\\.)*"\)', " ▯ ", text)
    if fmt == "html":
        return re.sub(r"<code>.*?</code>", " ▯ ", text)
    return re.sub(r"`[^`]*`", " ▯ ", text) if fmt in ("markdown", "prose") else text


def _text_calls(text: str, call: str) -> str:
    return text.replace(call, " ▯ ") if call else text


def latex_words(tex: str) -> list:
    """Runs of 3+ letters in LaTeX math that are neither commands nor inside ``\\text{}``-like
    groups: words typeset as a product of italic letters."""
    tex = re.sub(r"\\(?:text|texttt|operatorname|mathit|mathrm|begin|end|color)\{(?:[^{}\\]|\\.|\{\})*\}", " ", tex)
    tex = re.sub(r"\\[A-Za-z]+", " ", tex)
    return re.findall(r"[A-Za-z]{3,}", tex)


def json_display(data, key=None) -> list:
    """The display strings of the JSON data (``shown``, ``definition``, ``step_form`` and the
    conditions of a piece's cases), not its machine-readable exact values."""
    out = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k in ("shown", "definition", "step_form") and isinstance(v, str):
                out.append(v)
            elif k == "value" and key == "pieces" and isinstance(v, list):
                out.extend(cond for _, cond in v)
            else:
                out.extend(json_display(v, k))
    elif isinstance(data, list):
        for item in data:
            out.extend(json_display(item, key))
    return out


def surfaces(d, **options) -> dict:
    """Every string a person reads, by format, code removed; ``options`` go to the row formats."""
    from symconv.render.html import document_html

    call = json.loads(d.to_json()).get("call", "")
    markdown = d.markdown(**options)
    blocks = re.findall(r"\$\$\n(.*?)\n\$\$", markdown, re.S)
    html = document_html(d)
    paragraph = re.search(r"<p>(.*?)</p>", html, re.S).group(1)
    math_text = re.sub(r"<[^>]+>", " ", html[html.index("<math"):])
    return {
        "text": _text_calls(d.text(**options), call),
        "latex": _strip_code(d.latex(**options), "latex"),
        "typst": _strip_code(d.typst(**options), "typst"),
        "markdown-latex": "\n".join(_strip_code(b, "latex") for b in blocks),
        "markdown-prose": _strip_code(re.sub(r"\$\$\n.*?\n\$\$", " ", markdown, flags=re.S), "markdown"),
        "json": "\n".join(json_display(d.to_dict())),
        "html-prose": _strip_code(paragraph, "html"),
        "html-math": math_text + (" merror" if "<merror" in html else ""),
    }


def violations(d, **options) -> list:
    found = []
    for fmt, text in surfaces(d, **options).items():
        rules = EVERYWHERE + (NOT_IN_TEXT if fmt in ("text", "markdown-prose", "json", "html-prose", "html-math")
                              else NOT_IN_LATEX if "latex" in fmt else []) + (ONE_TIMES if fmt == "json" else [])
        if fmt == "html-math":  # tags removed, so spaces mean nothing there
            rules = [r for r in rules if r[0] not in ("- -", "+ -")]
        found += [f"{fmt}: {name}" for name in _hits(text, rules)]
        if fmt != "html-math":
            found += [f"{fmt}: negative index term first {i!r}" for i in negative_first_indices(text)]
        if "latex" in fmt:
            words = latex_words(text)
            if words:
                found.append(f"{fmt}: words in math {sorted(set(words))}")
    return found


def test_the_checks_catch_what_they_name():
    """The checker itself: each rule fires on its Python/SymPy spelling, and stays quiet on the
    mathematics written the right way."""
    bad = {"x**2": "**", "2*x": "*", "Sum(x, (m, 0, n))": "Sum(", "Eq(a, b)": "Eq(", "Heaviside(n)": "Heaviside",
           "Piecewise((1, n > 0))": "Piecewise", "5 - -1": "- -", "x + -y": "+ -", "exp(x)": "exp(",
           "1 + 2*I": "*", "Abs(x)": "Abs(", "θ(n)": "θ"}
    for text, rule in bad.items():
        assert rule in _hits(text, EVERYWHERE), text
    assert _hits("sqrt(2)·x", NOT_IN_TEXT) == ["sqrt("] and _hits("1·x", ONE_TIMES) == ["1·x"]
    for good in ("x·(-y) + (2x + 1)·1 = -xy + 2x + 1", "c[-1] = 5 - 1", "(−x)·(1 − x)", "m = -2…0",
                 r"\frac{x}{2} - y (2 x + 1) + \sqrt{2}", r"x \cdot (-i) + \lvert x \rvert"):
        assert _hits(good, EVERYWHERE) == [], good
    assert negative_first_indices("u[-m + n] + b_{-m + n} + 2^(-k + 1) + x⁻ᵐ⁺ⁿ") == ["-m + n", "-m + n", "-k + 1",
                                                                                     "⁻ᵐ⁺"]
    assert negative_first_indices("u[n - m - 4] + b[-m] + x[i, -j] + a^{n - m} + (-x + 1)") == []
    assert latex_words(r"x \text{ only for } m \cdot \mathit{out}[0] \begin{cases} a \end{cases} {\color{gray}0}"
                       r" \texttt{numpy.convolve(a, b)} \max(0, n) \sqrt{2}") == []
    assert latex_words(r"y[n] = 0 \quad for every n") == ["for", "every"]


# -- the cases ---------------------------------------------------------------------------------
ENTRIES = ["x", "2*x + 1", "sqrt(2)", "a_0", "a_1", "x*y", "-x**2", "x**3", "2**x", "I", "pi", "conj(x)",
           "abs(x)", "-y", "1/2", "-3", "x/3", "(x - 1)**2", "pi*x", "I*x - 1", "exp(x)", "exp(-y)", "sqrt(x)",
           "1/x", "-sqrt(3)/2", "x**(1/3)", "2*I", "y - x", "sin(x)", "log(y)", "x**2*y/5", "0"]


@pytest.mark.parametrize("a, b", [
    ("x, 2*x + 1, sqrt(2)", "1, -y, 1/2"),
    ("a_0, a_1", "b_0, b_1, b_2"),
    ("x*y, -x**2, 2**x", "I, pi, -1/3"),
    ("conj(x), abs(x), pi*x**2", "I, exp(y)"),
    ("exp(x), exp(-x), -1", "x, 1 - x"),
    ("sqrt(2), -sqrt(3), sqrt(x)", "sqrt(2), 1/sqrt(2)"),
    ("0.5*x, 1.25", "x, -0.1"),
    ([Z, sympy.conjugate(Z), sympy.Abs(Z)], [sympy.I * Z, 1]),
    ([sympy.exp(Z), Z**2], [sympy.conjugate(Z), -Z]),
])
@pytest.mark.parametrize("op", ["convolve", "correlate-full"])
def test_symbolic_entries(a, b, op):
    d = symconv.convolve(a, b) if op == "convolve" else symconv.correlate(a, b, mode="full")
    assert violations(d) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ENTRIES), min_size=1, max_size=4), st.lists(st.sampled_from(ENTRIES), min_size=1,
                                                                              max_size=3),
       st.sampled_from(["convolve", "correlate"]), st.sampled_from(["full", "same", "valid"]),
       st.fixed_dictionaries({"zeros": st.booleans(), "numbers": st.sampled_from(["auto", "fraction", "decimal"]),
                              "wrap": st.sampled_from([None, 1, 2]), "definition": st.booleans()}))
def test_random_symbolic_entries(a, b, op, mode, options):
    d = getattr(symconv, op)(", ".join(a), ", ".join(b), mode=mode, names="p,q,r")
    assert violations(d, **options) == []


def _pairs():
    from test_closed_form import PAIRS  # the textbook pairs, checked against brute force there

    return [(x, h) for x, h, _ in PAIRS] + [
        ("(1/2)**n*u[n]", "u[n] - u[n-4]"), ("delta[n-3]", "(1/3)**n*u[n+1]"), ("(0.9)**n*u[n]", "u[n]"),
        ("(1/2)**(n-k)*u[n-k]", "u[n]"), ("u[n+2] - u[n-3]", "(1/2)**n*u[n]"), ("u[-n]", "u[n] - u[n-3]"),
        ("2**n*u[-n-1]", "u[n] - u[n-2]"), ("n**2*u[n]", "(1/2)**n*u[n]"), ("cos(pi*n/2)*u[n]", "u[n]")]


@pytest.mark.parametrize("x, h", _pairs())
def test_closed_forms(x, h):
    assert violations(symconv.convolve(F(x), F(h))) == []


@pytest.mark.parametrize("first", [[1, -1], "1, -c, 1/2", symconv.Sequence("1, -1/2, 1/3", start=-1)])
def test_finite_list_with_a_formula(first):
    assert violations(symconv.convolve(first, F("a**n*u[n]"))) == []


MATRIX_ENTRIES = ["a", "b", "c_1", "-d", "2*e", "x**2", "sqrt(2)", "I", "1/2", "-1", "0", "x*y", "pi"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 2), st.integers(1, 2), st.data())
def test_random_symbolic_matrices(m1, n1, m2, n2, data):
    entry = st.sampled_from(MATRIX_ENTRIES)
    x = "; ".join(" ".join(data.draw(entry) for _ in range(n1)) for _ in range(m1))
    k = "; ".join(" ".join(data.draw(entry) for _ in range(n2)) for _ in range(m2))
    kind = data.draw(st.sampled_from(["convolve2d", "correlate2d", "conv2d"]))
    if kind == "conv2d":
        assume(m1 >= 2 and m2 >= 2)  # one row reads as a 1D signal, which conv2d refuses
        d = symconv.conv2d(x, k, padding=1, stride=data.draw(st.sampled_from([1, 2])))
    else:  # 'wrap' has its own test below
        mode = data.draw(st.sampled_from(["full", "same", "valid"]))
        assume(mode != "valid" or (m1 - m2) * (n1 - n2) >= 0)  # scipy refuses; test_twod checks the message
        d = getattr(symconv, kind)(x, k, mode=mode, boundary=data.draw(st.sampled_from(["fill", "symm"])))
    assert violations(d) == []


@pytest.mark.parametrize("make", [
    lambda: symconv.convolve2d("a b; c d", "1 -x; x**2 2", mode="same"),
    lambda: symconv.correlate2d("a_0 a_1; -b 2*b", "1 I", mode="full", boundary="symm"),
    lambda: symconv.conv2d("a b c; d e f; g h k", "1 -x; y 0", padding=1, stride=2),
    lambda: symconv.conv1d("a, b, c, d", "x, -y", padding="same", dilation=2),
    lambda: symconv.convolve2d([[Z, 1], [sympy.conjugate(Z), -Z]], [[sympy.I, Z**2]], fillvalue=0),
], ids=["convolve2d", "correlate2d", "conv2d", "conv1d", "complex-symbol"])
def test_symbolic_matrices(make):
    assert violations(make()) == []


# -- the text notation reads back as the value it shows ----------------------------------------
def _read_text(shown: str, names: dict):
    """Parse symconv's text notation back with SymPy (tests only: the library never parses so)."""
    from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication_application, parse_expr,
                                            standard_transformations)

    sup = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "0123456789+-=()abcdefghijklmnoprstuvwxyz"))
    sub = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
    s = shown.replace("·", "*").replace("π", " pi ").replace("√", " sqrt").replace("j", " I ")
    s = re.sub("[" + "".join(sup) + "]+", lambda m: "**(" + "".join(sup[c] for c in m.group(0)) + ")", s)
    s = re.sub("[₀-₉]+", lambda m: "_" + "".join(sub[c] for c in m.group(0)) + " ", s)
    s = re.sub(r"\|([^|]*)\|", r" Abs(\1) ", s)
    s = re.sub(r"sqrt([A-Za-z0-9_]+)", r"sqrt(\1)", s)
    return parse_expr(s, local_dict={**names, "I": sympy.I, "pi": sympy.pi, "e": sympy.E},
                      transformations=standard_transformations + (implicit_multiplication_application, convert_xor))


READABLE = ["x", "2*x + 1", "sqrt(2)", "a_0", "a_1", "x*y", "-x**2", "x**3", "2**x", "I", "pi", "-y", "1/2",
            "-3", "x/3", "(x - 1)**2", "pi*x", "I*x - 1", "exp(x)", "sqrt(x)", "-sqrt(3)/2", "2*I", "y - x",
            "x**2*y/5", "abs(x)", "1/x", "2/x", "-x/y"]


def _assert_reads_back(d):
    data = d.to_dict()
    for out in data["outputs"]:
        exact = sympy.sympify(out["value"], locals={n: sympy.Symbol(n, real=True)
                                                    for n in re.findall(r"[A-Za-z_]\w*", out["value"])
                                                    if n not in ("I", "pi", "sqrt", "exp", "Abs")})
        names = {s.name: s for s in exact.free_symbols}
        assert sympy.simplify(_read_text(out["shown"], names) - exact) == 0, (out["shown"], out["value"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(READABLE), min_size=1, max_size=3), st.lists(st.sampled_from(READABLE),
                                                                              min_size=1, max_size=3))
def test_text_values_read_back_as_the_exact_values(a, b):
    _assert_reads_back(symconv.convolve(", ".join(a), ", ".join(b), names="p,q,r"))


# -- bugs these checks found, kept as regression tests ------------------------------------------
def test_a_reciprocal_of_a_sum_reads_back():
    _assert_reads_back(symconv.convolve("1/(x+1), 1/(x + y)**2", "1, 2"))


def test_an_index_with_a_negative_variable_starts_with_the_constant():
    assert violations(symconv.convolve(F("delta[1-n]"), F("(1/2)**n*u[n]"))) == []


def test_wrap_boundary_writes_mod_as_an_operator():
    assert violations(symconv.convolve2d("1 2; 3 4", "1 -1", boundary="wrap")) == []
