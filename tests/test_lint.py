"""symconv.lint: symconv's own output lints clean in every format; planted mistakes are found at
their line, with their kind, in hand-written text and in LaTeX; hostile text is refused fast."""

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symconv
from symconv import InputError

A, B = [1, 0.5, 1, 1], [1, 0.5, 0.25]

CLEAN = [
    ("convolve", [1, 0.5, 1, 1], [1, 0.5, 0.25], {}),
    ("convolve", "1/3, 2/3", "3, -1/2", {}),
    ("convolve", [1, 2, 3, 4, 5], [1, 0, -1], {"mode": "same"}),
    ("convolve", [1, 2], [1, 2, 3, 4], {"mode": "valid"}),
    ("convolve", "1, -2, 3", "2, 1", {"start_a": -1}),
    ("convolve", [1j, 2], [1 - 1j, 0.5], {}),
    ("convolve", "a0, a1", "b0, b1", {}),
    ("correlate", [1, 2, 3], [0, 1, 0.5], {"mode": "full"}),
    ("correlate", [1 + 2j, -3, 0.5], [1j, 2], {"mode": "full"}),
    ("correlate", [1, 2], [1, 2, 3, 4], {"mode": "same"}),
    ("correlate", "x0, x1, x2", "1, -1", {"mode": "valid"}),
]
FORMATS = [("text", {}), ("latex", {}), ("markdown", {}), ("typst", {}), ("text", {"zeros": True}),
           ("latex", {"zeros": True}), ("text", {"wrap": 2}), ("text", {"numbers": "fraction"}),
           ("latex", {"numbers": "decimal"})]


@pytest.mark.parametrize("op, a, b, kw", CLEAN)
def test_symconvs_own_derivations_lint_clean(op, a, b, kw):
    d = symconv.derive(op, a, b, **kw)
    for fmt, options in FORMATS:
        text = getattr(d, fmt)(**options)
        assert symconv.lint(text, a, b, op=op, **kw) == (), (fmt, options)


HAND = """\
The convolution of a = (1, 0.5, 1, 1) with b = (1, 0.5, 0.25), by hand.
c[n] = Σ_m a[m] b[n-m]
c[0] = a[0]b[0] = 1*1 = 1
c[1] = Σ_m a[m] b[-m] = a[0]b[1] + a[1]b[0] = 1*0.5 + 0.5*1 = 1
c[2] = a[0]b[2] + a[1]b[1] + a[2]b[0] = 1*0.25 * 0.5*0.5 + 1*1 = 1.5
c[3] = a[1]b[2] + a[2]b[1] = 0.5*0.25 + 1*0.5 = 1.625
c[4] = a[2]b[2] + a[3]b[1] = 1*0.25 + 1*0.5 = 0.8
"""


def test_the_hand_derivation_of_the_check_page():
    findings = symconv.lint(HAND, A, B)
    got = [(f.line, f.output, f.kind) for f in findings]
    assert got == [(4, 1, "wrong-index"), (5, 2, "missing-term"), (6, 3, "missing-term"),
                   (7, 4, "wrong-value"), (7, 5, "missing-output")]
    messages = [f.message for f in findings]
    assert "b[−m] should be b[1 − m]" in messages[0]
    assert "1·0.25·0.5·0.5 multiplies 4 numbers: a '+' typed as '·' (1·0.25 + 0.5·0.5)?" in messages[1]
    assert "the sum lacks a[3]·b[0]" in messages[2]
    assert messages[3] == "c[4] is 0.75, not 0.8" and messages[4] == "no line for c[5] (it is 0.25)"


# (kind, line written by hand, line in LaTeX): each the only mistake in a derivation of A ∗ B
PLANTED = [
    ("wrong-value", "c[3] = a[1]b[2] + a[2]b[1] + a[3]b[0] = 0.5*0.25 + 1*0.5 + 1*1 = 1.75",
     r"c[3] &= a[1]\, b[2] + a[2]\, b[1] + a[3]\, b[0] = 0.5 \cdot 0.25 + 1 \cdot 0.5 + 1 \cdot 1 = 1.75 \\"),
    ("wrong-factor", "c[3] = a[1]·b[2] + a[2]·b[1] + a[3]·b[0] = 0.5·0.5 + 1·0.5 + 1·1 = 1.625",
     r"c[3] &= a[1]\, b[2] + a[2]\, b[1] + a[3]\, b[0] = 0.5 \times 0.5 + 1 \times 0.5 + 1 \times 1 = 1.625"),
    ("missing-term", "c[3] = a[1]b[2] + a[2]b[1] = 0.5*0.25 + 1*0.5 = 1.625",
     r"c[3] &= a[1] b[2] + a[2] b[1] = 0.5 \cdot 0.25 + 1 \cdot 0.5 = 1.625 \\"),
    ("extra-term", "c[3] = a[1]b[2] + a[2]b[1] + a[3]b[0] + a[3]b[0] = 0.5*0.25 + 1*0.5 + 1*1 + 1*1 = 1.625",
     r"c[3] &= a[1] b[2] + a[2] b[1] + a[3] b[0] + a[3] b[0] = 1.625"),
    ("wrong-index", "c[3] = Σ_m a[m] b[-m] = 0.5*0.25 + 1*0.5 + 1*1 = 1.625",
     r"c[3] &= \sum_{m} a[m]\, b[-m] = 1.625 \\"),
    ("wrong-index", "c[3] = a[1]b[1] + a[2]b[1] + a[3]b[0] = 1.625",
     r"c[3] &= a[1]\, b[1] + a[2]\, b[1] + a[3]\, b[0] = 1.625"),
    ("wrong-output-index", "c[6] = a[3]b[3] = 0",
     r"c[6] &= a[3]\, b[3] = 0 \\"),
    ("unparsed", "c[3] = a[1]b[2] + 0.5 = 1.625",
     r"c[3] &= a[1]\, b[2] + \frac{1}{2 = 1.625"),
]


def _derivation(fmt: str, replacement: str) -> tuple:
    """A right derivation of A ∗ B in ``fmt`` with the line of c[3] replaced (or c[6] added);
    returns the text and the replaced line's number."""
    d = symconv.convolve(A, B)
    lines = {"hand": d.text, "latex": d.latex, "markdown": d.markdown}[fmt]().splitlines()
    at = next(k for k, line in enumerate(lines) if re.match(r"\s*c\[3\]", line))
    if replacement.startswith("c[6]"):
        lines.insert(at + 3, replacement)
        return "\n".join(lines), at + 4
    lines[at] = replacement
    return "\n".join(lines), at + 1


@pytest.mark.parametrize("kind, hand, latex", PLANTED, ids=[f"{p[0]}-{k}" for k, p in enumerate(PLANTED)])
@pytest.mark.parametrize("fmt", ["hand", "latex", "markdown"])
def test_each_planted_mistake_is_found_at_its_line(kind, hand, latex, fmt):
    text, line = _derivation(fmt, hand if fmt == "hand" else latex)
    findings = symconv.lint(text, A, B)
    assert findings, text
    assert (findings[0].line, findings[0].kind) == (line, kind), findings
    assert all(f.line == line for f in findings), findings


def test_names_are_read_from_the_text():
    text = "y[2] = x[0]h[2] + x[1]h[1] + x[2]h[0] = 1*0.25 + 0.5*0.5 + 1*1 = 1.5"
    assert all(f.kind == "missing-output" for f in symconv.lint(text, A, B))
    wrong = text.replace("x[1]h[1]", "x[1]h[2]")
    assert symconv.lint(wrong, A, B)[0].message.startswith("x[1]·h[2]: for output 2 the index of h is 2 − 1 = 1")


def test_a_line_of_symconvs_text_mutated_is_found():
    d = symconv.correlate([1, 2, 3], [0, 1, 0.5], "full")
    lines = d.text().splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith("c[0]"))
    lines[k] = lines[k].replace("= 3.5", "= 3.25")
    findings = symconv.lint("\n".join(lines), [1, 2, 3], [0, 1, 0.5], op="correlate")
    assert [(f.line, f.kind) for f in findings] == [(k + 1, "wrong-value")]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(-4, 6), min_size=2, max_size=5), st.lists(st.integers(-4, 6), min_size=2, max_size=4),
       st.data())
def test_a_single_mutated_product_is_found_at_its_line(a, b, data):
    d = symconv.convolve(a, b)
    fmt = data.draw(st.sampled_from(["text", "latex", "typst"]))
    text = getattr(d, fmt)()
    assert symconv.lint(text, a, b) == ()
    lines = text.splitlines()
    outputs = [k for k, line in enumerate(lines) if re.match(r"\s*c\[\d+\]", line)]
    k = data.draw(st.sampled_from(outputs))
    parts = lines[k].split(" = ")
    value = parts[-1].rstrip(" \\")
    new_value = str(int(value) + data.draw(st.sampled_from([-2, 1, 7]))) if re.fullmatch(r"-?\d+", value) else None
    if new_value is None:
        return
    lines[k] = " = ".join(parts[:-1] + [parts[-1].replace(value, new_value, 1)])
    findings = symconv.lint("\n".join(lines), a, b)
    assert findings and findings[0].line == k + 1 and findings[0].kind == "wrong-value"


@pytest.mark.parametrize("text, message", [
    ("c[0] = 1\n" * 6000, "lines"),
    ("x" * 300_000, "characters"),
    ("c[0] = " + "(" * 30_000 + "1", "characters"),
])
def test_oversized_text_is_refused_fast(text, message):
    start = time.perf_counter()
    with pytest.raises(InputError, match=message):
        symconv.lint(text, A, B)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("text", [
    "c[0] = __import__('os').system('echo hi') = 1",
    "c[0] = " + "(" * 400 + "1" + ")" * 400,
    "c[0] = <script>alert(1)</script> = 1",
    "c[0] = 1e999999 = 1",
    "c[0] = a[0]b[0] = 1**99999999 = 1",
    "c[0] = 9" * 1 + "9" * 5000,
])
def test_hostile_lines_are_unparsed_findings(text):
    start = time.perf_counter()
    findings = symconv.lint(text, A, B)
    assert time.perf_counter() - start < 1
    assert findings[0].kind in ("unparsed", "wrong-value") and findings[0].line == 1
    assert len(findings[0].message) < 400


def test_lint_refuses_what_it_does_not_read():
    with pytest.raises(InputError, match="1D derivations"):
        symconv.lint("y[0, 0] = 1", [[1]], [[1]], op="convolve2d")
    with pytest.raises(InputError, match="string"):
        symconv.lint(["c[0] = 1"], A, B)


@pytest.mark.parametrize("text", [
    "c[0] = 1" + " " * 19_980 + "x",                       # a long run of blanks (a backtracking regex)
    "c[0] = " + "1-" * 9_990 + "1",                         # thousands of minus signs in one line
    "\n".join(["c[0] = 1" + " " * 19_000 + "x"] * 10),
    "c[0] = " + "a[0]" * 4_990,                              # a message must not echo all of it
    "c[" + "9" * 5_000 + "] = 1",
    "c[n] = \\sum a[m] b[" + "9" * 5_000 + "-m]",
    "c[0] = a[" + "9" * 5_000 + "] b[0]",
])
def test_pathological_lines_stay_fast_and_short(text):
    start = time.perf_counter()
    findings = symconv.lint(text, A, B)
    assert time.perf_counter() - start < 1
    assert all(len(f.message) <= 240 for f in findings)


def test_findings_never_carry_control_or_bidi_characters():
    findings = symconv.lint("c[0] = a[\x1bc\u202e evil] b[0] a[1]", A, B)
    assert findings and all(ch.isprintable() for f in findings for ch in f.message)
    with pytest.raises(InputError, match="not valid Unicode"):
        symconv.lint("c[0] = \ud800 = 1", A, B)


def test_linting_a_long_derivation_is_linear():
    a = list(range(1, 1001))
    start = time.perf_counter()
    assert symconv.lint(symconv.convolve(a, [1, 2]).text(), a, [1, 2]) == ()
    assert time.perf_counter() - start < 5


def test_complex_kernels_in_every_format_and_a_latex_sum():
    for op, a, b in (("convolve", [1, 2j, 3], [1, 1j]), ("correlate", [1 + 2j, -3, 0.5], [1j, 2])):
        d = symconv.derive(op, a, b, mode="full")
        for fmt in ("text", "latex", "markdown", "typst"):
            assert symconv.lint(getattr(d, fmt)(), a, b, op=op) == (), (op, fmt)
    assert symconv.lint("c[n] = \\sum_m a[m] b[-m]", A, B)[0].kind == "wrong-index"
    assert symconv.lint("c[n] &= \\sum_{m} a[m]\\, b[-m] \\\\", A, B)[0].kind == "wrong-index"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-4, 6), min_size=2, max_size=5), st.lists(st.integers(-4, 6), min_size=2, max_size=4),
       st.data())
def test_a_single_mutated_factor_is_found_at_its_line(a, b, data):
    """Change one number of one product on one line of symconv's own output: lint points at that
    line, and first at the wrong factor."""
    d = symconv.convolve(a, b)
    fmt = data.draw(st.sampled_from(["text", "latex", "typst"]))
    lines = getattr(d, fmt)().splitlines()
    outputs = [k for k, line in enumerate(lines) if re.match(r"\s*c\[\d+\]", line) and line.count(" = ") >= 3]
    if not outputs:
        return
    k = data.draw(st.sampled_from(outputs))
    parts = lines[k].split(" = ")
    numbers = list(re.finditer(r"\d+", parts[-2]))
    hit = data.draw(st.sampled_from(numbers))
    parts[-2] = parts[-2][:hit.start()] + str(int(hit.group()) + 1) + parts[-2][hit.end():]
    lines[k] = " = ".join(parts)
    findings = symconv.lint("\n".join(lines), a, b)
    assert findings and findings[0].line == k + 1 and findings[0].kind == "wrong-factor", (lines[k], findings)
