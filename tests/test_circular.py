"""Circular convolution: every n from 1 to N + M + 1 against sympy's ``convolution(..., cycle=n)``
and, where n is at least both lengths, NumPy's FFT; hypothesis over random sequences (integers,
fractions, symbols); the three views' values equal (the DFT view's own exact arithmetic included);
the printed call runs as printed; refusals are fast and say what is accepted; every format, in
textbook notation; golden files; the site page on a phone."""

import dataclasses
import json
import re
import textwrap
import time
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy.discrete import convolution

import symconv
from symconv import DerivationTooLarge, InputError, Sequence, VerificationError
from symconv.cli import main
from symconv.engine.circular import circular_segments, wrap_onto
from symconv.engine.circular_dft import expand_dft, exact_value, shown
from symconv.steps import python_source

A, B = [1, 0.5, 1, 1], [1, 0.5, 0.25]


def _exact(values) -> list:
    return [sympy.nsimplify(v) if isinstance(v, float) else sympy.sympify(v) for v in values]


def _brute(a, b, n: int) -> list:
    """The definition, independently: every product a[i] b[j] lands on (i + j) mod n."""
    out = [sympy.Integer(0)] * n
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[(i + j) % n] += x * y
    return out


def _same(left, right) -> bool:
    return len(left) == len(right) and all(sympy.expand(x - y) == 0 for x, y in zip(left, right))


def _sympy_reference(a, b, n):
    """sympy.discrete.convolution on Python ints and Rationals (its exact integer path)."""
    plain = lambda v: [int(x) if x.is_Integer else x for x in v]  # noqa: E731
    return convolution(plain(a), plain(b), cycle=n)


# -- values: every n, against sympy and numpy -------------------------------------------------
CASES = [
    ([1, 2, 3], [1, 1]),
    (A, B),
    ([1, -2, 3, 0, 5], [2, -1, 4]),
    (["1/3", "-2/7", "5"], ["3/4", "1/2", "-1", "2"]),
    ([7], [3]),
    ([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, -1]),
    ([0, 0, 1], [0, 2, 0, 0]),
]


@pytest.mark.parametrize("a, b", CASES)
def test_every_n_equals_sympy_cycle_and_numpy_fft(a, b):
    N, M = len(a), len(b)
    ea, eb = _exact(a), _exact(b)
    for n in range(1, N + M + 2):
        d = symconv.circular_convolve(a, b, n)
        expected = _sympy_reference(ea, eb, n)
        assert list(d.values) == expected, (n, d.values, expected)
        assert list(d.expansion.wrapped) == expected  # the wrap view's own sums
        assert d.aliased == max(0, N + M - 1 - n)
        if n >= max(N, M):
            fa, fb = np.array([float(v) for v in ea]), np.array([float(v) for v in eb])
            fft = np.real_if_close(np.fft.ifft(np.fft.fft(fa, n) * np.fft.fft(fb, n)))
            assert np.allclose(fft, np.array(d.values, dtype=float), rtol=1e-12, atol=1e-12)
        if n <= 12:
            assert list(expand_dft(d.expansion, d.limits).values) == expected, n  # the DFT view's own values
        assert d.check().ok


def test_complex_entries_every_n():
    a, b = ["1 + 2*I", "-3", "I/2"], ["2 - I", "1/2"]
    ea, eb = [sympy.sympify(v) for v in a], [sympy.sympify(v) for v in b]
    fa, fb = np.array([complex(v) for v in ea]), np.array([complex(v) for v in eb])
    for n in range(1, 6):
        d = symconv.circular_convolve(a, b, n)
        assert _same(d.values, _brute(ea, eb, n))
        assert _same(expand_dft(d.expansion, d.limits).values, d.values)
        if n >= 3:
            assert np.allclose(np.fft.ifft(np.fft.fft(fa, n) * np.fft.fft(fb, n)),
                               np.array([complex(v) for v in d.values]))
        report = d.check()
        assert report.ok and report.max_abs_error < 1e-12


def test_default_n_is_the_longer_length_and_a_longer_input_wraps_first():
    d = symconv.circular_convolve(A, B)
    assert d.n == 4 and [str(v) for v in d.values] == ["7/4", "5/4", "3/2", "13/8"]
    assert symconv.circular_convolve([1], [1, 2, 3]).n == 3
    d = symconv.circular_convolve([1, 2, 3, 4, 5], [1], n=2)
    assert d.values == (9, 6) and d.expansion.first == (9, 6)
    assert wrap_onto(tuple(sympy.Integer(v) for v in (1, 2, 3, 4, 5, 6, 7)), 3) == (12, 7, 9)


@pytest.mark.parametrize("k, n, first, second, expected", [
    (0, 4, 4, 3, ((0, 3, 1), (2, 1, 2))),  # a[0]b[0], then a[2]b[2] and a[3]b[1] (wrapped)
    (3, 4, 4, 3, ((1, 5, 3),)),            # a[1]b[2] + a[2]b[1] + a[3]b[0], no wrap
    (3, 5, 2, 2, ()),                      # nothing reaches c[3]: 0
    (0, 1, 1, 1, ((0, 0, 1),)),
])
def test_segments_are_the_index_arithmetic_mod_n(k, n, first, second, expected):
    assert circular_segments(k, n, first, second) == expected
    pairs = [(m, (k - m) % n) for m0, _, count in expected for m in range(m0, m0 + count)]
    assert pairs == [(m, (k - m) % n) for m in range(first) if (k - m) % n < second]


# -- hypothesis: rationals and symbols, every view equal -------------------------------------
X, Y = sympy.symbols("x y", real=True)
fractions = st.fractions(-5, 5, max_denominator=6).map(lambda f: sympy.Rational(f.numerator, f.denominator))
entries = st.one_of(st.integers(-9, 9), fractions, st.sampled_from([X, Y, 2 * X - 1]))
sequences = st.lists(entries, min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequences, sequences, st.integers(1, 13))
def test_random_sequences_every_view_agrees(a, b, n):
    a = [sympy.sympify(v) for v in a]
    b = [sympy.sympify(v) for v in b]
    d = symconv.circular_convolve(Sequence(a), Sequence(b), n)
    expected = _brute(a, b, n)
    assert _same(d.values, expected)
    assert _same(d.expansion.wrapped, expected)
    symbolic = any(v.free_symbols for v in a + b)
    if n <= (8 if symbolic else 12):
        assert _same(expand_dft(d.expansion, d.limits).values, expected)
    if not symbolic:
        assert list(d.values) == _sympy_reference(a, b, n)
    assert d.check().ok
    sums = [sum(t.product for t in d.terms(k)) for k in range(n)]  # the sum view's terms add up
    assert _same(sums, expected)


def test_dft_arithmetic_is_exact_for_irrational_entries_inside_the_field_of_omega():
    """√2 lies in the field of the 8th roots of unity and i in that of the 4th: held as formal
    symbols, the inverse DFT still reduces to the right constant."""
    for a, b, n in ((["sqrt(2)", "1"], ["1", "I"], 8), (["I", "sqrt(3)"], ["1", "-I"], 12),
                    (["sqrt(5)"], ["1", "2"], 5)):
        d = symconv.circular_convolve(a, b, n)
        assert _same(expand_dft(d.expansion, d.limits).values, d.values)
    assert exact_value((sympy.Integer(1), sympy.Integer(1), sympy.Integer(1))) == 0
    assert shown(tuple(sympy.Integer(int(p == 1)) for p in range(7))) == \
        sympy.cos(2 * sympy.pi / 7) - sympy.I * sympy.sin(2 * sympy.pi / 7)


# -- the printed call --------------------------------------------------------------------------
def _namespace(d, a, b, source):
    if source.startswith("sympy."):  # exact lists, as its docstring asks
        arrays = [[int(v) if v.is_Integer else v for v in d.expansion.a.values],
                  [int(v) if v.is_Integer else v for v in d.expansion.b.values]]
    else:
        arrays = [np.array([complex(v) for v in seq.values]) for seq in (d.expansion.a, d.expansion.b)]
        arrays = [x.real if not np.any(x.imag) else x for x in arrays]
    return {"numpy": np, "sympy": sympy, d.names[0]: arrays[0], d.names[1]: arrays[1]}


@pytest.mark.parametrize("a, b, n", [(A, B, 4), (A, B, 6), (A, B, 2), ([1, 2, 3, 4, 5], [1, 1], 3),
                                     (["1 + I", "2"], ["I", "1"], 3), (["1/3", "2"], ["1/7"], 1)])
def test_printed_call_runs_as_printed_in_every_format(a, b, n):
    d = symconv.circular_convolve(a, b, n)
    source = python_source(d.document().call)
    expected = np.array([complex(v) for v in d.values])
    assert f"= {source}" in d.text()
    assert json.loads(d.to_json())["call"] == source
    assert f"`{source}`" in d.markdown()
    result = eval(compile(source, "<printed call>", "eval"), _namespace(d, a, b, source))  # the point of this test
    assert np.allclose(np.array([complex(v) for v in result]), expected, rtol=1e-12, atol=1e-12), (source, result)
    if n >= max(len(a), len(b)):
        assert source.startswith("numpy.") and ("real_if_close" in source) == d.expansion.is_real
    else:  # numpy.fft.fft(a, n) would cut a short: sympy wraps it
        assert source == f"sympy.discrete.convolution(a, b, cycle={n})"
    assert not re.search(r"\bI\b|\*\*|Rational\(", source)


# -- refusals ------------------------------------------------------------------------------------
@pytest.mark.parametrize("n, error, message", [
    (0, InputError, "n must be a positive int from 1 to"),
    (-3, InputError, "n must be a positive int"),
    (2.5, InputError, "n must be a positive int .the number of points., got 2.5"),
    (True, InputError, "got True"),
    ("4", InputError, "got '4'"),
    (10**7, InputError, "from 1 to 1,000,000"),
    (10**400, InputError, "an integer of 401 digits"),
    (50_000, DerivationTooLarge, "max_outputs"),
])
def test_bad_n_is_refused_fast(n, error, message):
    start = time.perf_counter()
    with pytest.raises(error, match=message):
        symconv.circular_convolve([1, 2], [3], n)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("make, error, message", [
    (lambda: symconv.circular_convolve(Sequence([1, 2], start=1), [1]), InputError, "indexes its inputs 0"),
    (lambda: symconv.circular_convolve([1] * 2000, [1] * 2000), DerivationTooLarge, "max_terms"),
    (lambda: symconv.circular_convolve(list(range(20)), [1, 2], 17).text(view="dft"), DerivationTooLarge,
     "n = 17 is over the limit of 16"),
    (lambda: symconv.circular_convolve(list(range(20)), [1, 2], 40).latex(view="all"), DerivationTooLarge,
     "view='sum' or view='wrap'"),
    (lambda: symconv.circular_convolve("x, 1", "1", 9).text(view="dft"), DerivationTooLarge, "limit of 8 for symbolic"),
    (lambda: symconv.circular_convolve([1], [1]).text(view="table"), InputError,
     "it takes 'sum', 'wrap', 'dft', 'all'"),
    (lambda: symconv.circular_convolve([1], [1]).text(view="wrap", zeros=True), InputError, "no zero products"),
    (lambda: symconv.circular_convolve([1], [1]).text(view="dft", flip=False), InputError, "only the sum view"),
    (lambda: symconv.circular_convolve([1], [1]).animation(), InputError, "no animation"),
    (lambda: symconv.circular_convolve([1], [1]).terms(1), InputError, "outside 0…0"),
    (lambda: symconv.derive("circular", [1], [1], mode="full"), InputError, "'mode' does not apply to circular"),
    (lambda: symconv.derive("convolve", [1], [1], n=3), InputError, "'n' does not apply to convolve"),
    (lambda: symconv.grade("1", [1], [1], op="circular"), InputError, "grade does not take circular"),
    (lambda: symconv.circular_convolve("a, b", "1", names="a,b,c"), InputError, "both a sequence and a symbol"),
])
def test_refusals_are_fast_and_say_what_is_accepted(make, error, message):
    start = time.perf_counter()
    with pytest.raises(error, match=message):
        make()
    assert time.perf_counter() - start < 1.0


def test_the_check_is_not_vacuous():
    d = symconv.circular_convolve(A, B)
    e = d.expansion
    wrong = dataclasses.replace(e, samples=(dataclasses.replace(e.samples[0], value=sympy.Rational(7, 4) + 1),)
                                + e.samples[1:])
    with pytest.raises(VerificationError, match="disagrees"):
        dataclasses.replace(d, expansion=wrong).check()
    wrong_small = symconv.circular_convolve([1, 2, 3], [1], 2).expansion  # (4, 2)
    wrong_small = dataclasses.replace(wrong_small, samples=wrong_small.samples[::-1])
    assert not dataclasses.replace(d, expansion=wrong_small).check(strict=False).ok


# -- formats: textbook notation, golden files, Typst compiles ---------------------------------------
NOTATION_CASES = [
    lambda: symconv.circular_convolve(A, B),
    lambda: symconv.circular_convolve([1, 2, 3], [1, -1, 2]),
    lambda: symconv.circular_convolve([1, 2, 3, 4, 5], [1, 1], 7),
    lambda: symconv.circular_convolve([1, 2, 3, 4, 5, 6], [1, 1, 2], 8),
    lambda: symconv.circular_convolve("1 + 2*I, 3", "I, x", 3),
    lambda: symconv.circular_convolve("a_0, a_1, a_2", "b_0, b_1", 2),
    lambda: symconv.circular_convolve("sqrt(2), 1", "1/3, -1", 6),
    lambda: symconv.circular_convolve([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5], 3),
]
_CODE = re.compile(r"\\texttt\{(?:[^{}]|\{\})*\}|#raw\(\"(?:[^\"\\\\]|\\\\.)*\"\)|`[^`]*`|"
                   r"sympy\.discrete\.convolution\(\.\.\., cycle=\d+\)")


def _prose_only(text: str, source: str) -> str:
    """The text with its code (the printed call, the check's reference) taken out."""
    return _CODE.sub("", text.replace(source, ""))


@pytest.mark.parametrize("make", NOTATION_CASES)
@pytest.mark.parametrize("view", ["sum", "wrap", "dft", "all"])
def test_every_format_writes_textbook_notation(make, view):
    d = make()
    outputs = {"text": d.text(view=view, check=True), "latex": d.latex(view=view), "typst": d.typst(view=view),
               "markdown": d.markdown(view=view)}
    data = d.to_dict(view=view)
    outputs["json"] = " ".join(o["shown"] for v in data["views"].values() for o in v.get("outputs", []) if "shown" in o)
    for name, text in outputs.items():
        prose = _prose_only(text, python_source(d.document().call))
        for bad in ("**", "*", "Sum(", "1*", "exp(", "Rational(", "Integer("):
            assert bad not in prose, (name, bad, prose[max(0, prose.find(bad) - 80):prose.find(bad) + 40])
        if name != "typst":  # Typst writes sqrt(2) itself
            assert "sqrt(" not in prose, (name, prose)
        assert not re.search(r"\bI\b", prose), name
        assert "+ -" not in prose and "- -" not in prose, name


@pytest.mark.parametrize("make", NOTATION_CASES[:5])
def test_typst_compiles_in_every_view(tmp_path, make):
    typst = pytest.importorskip("typst")
    source = tmp_path / "d.typ"
    source.write_text("#set page(width: auto, height: auto, margin: 8pt)\n" + make().typst(view="all"))
    typst.compile(str(source), output=str(tmp_path / "d.pdf"))


@pytest.mark.parametrize("name, make", [
    ("circular_reference.txt", lambda: symconv.circular_convolve(A, B).text(view="all", check=True)),
    ("circular_reference.tex", lambda: symconv.circular_convolve(A, B).latex(view="all")),
    ("circular_reference_narrow.tex", lambda: _narrow(symconv.circular_convolve(A, B))),
    ("circular_wrapped_inputs.txt",
     lambda: symconv.circular_convolve([1, 2, 3, 4, 5], [1, 1, 1, 1], 3).text(view="all")),
    ("circular_dft3.tex", lambda: symconv.circular_convolve([1, 2, 3], [1, -1, 2]).latex(view="dft")),
])
def test_golden(golden, name, make):
    golden(name, make())


def _narrow(d) -> str:
    from symconv.render.latex import LatexPrinter
    from symconv.steps import options_for

    return LatexPrinter(options_for("circular", {"view": "all"}), narrow=26).doprint(d.document(view="all"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_views_and_options():
    d = symconv.circular_convolve(A, B)
    assert d.text() == d.text(view="sum")  # the default: the sum, with the statement of when it is linear
    assert "n = 4 < N + M - 1 = 6" in _flat(d.text()) and "time-domain aliasing" in d.text()
    assert "c[0] = a[0]·b[0] + a[1]·b[3] + a[2]·b[2] + a[3]·b[1] = 1·1 + 0.5·0 + 1·0.25 + 1·0.5 = 1.75" in \
        _flat(d.text(zeros=True))
    assert "b[(-m) mod 4]" not in d.text(flip=False)
    assert "c[k]" not in d.text(definition=False) and "numpy" not in d.text(call=False)
    assert "⋮ (5 more outputs)" in _flat(symconv.circular_convolve(list(range(1, 10)), [1, 1]).text(elide=2))
    assert d.text(view="all").count("= 1.625") == 3  # each view ends with the same c[3]
    assert "c_l[4…5] = (0.75, 0.25) (wraps onto c[0…1])" in _flat(d.text(view="wrap"))
    dft = _flat(d.text(view="dft"))
    assert "ω = e^(-2πj/4) = -j" in dft and "c[0] = (1/4)(C[0] + C[1] + C[2] + C[3])" in dft
    assert "n = 6 ≥ N + M - 1 = 6" in _flat(symconv.circular_convolve(A, B, 6).text())
    assert "then 2 zeros" in symconv.circular_convolve(A, B, 8).text()
    assert [(t.factors[0].ref.index, t.factors[1].ref.index) for t in d.terms(0)] == [((0,), (0,)), ((2,), (2,)),
                                                                                         ((3,), (1,))]


def test_names_avoid_the_entries_symbols():
    d = symconv.circular_convolve("omega, 1", "C, 2", 2, names="x,h,y")
    dft = d.text(view="dft")
    assert "W = e^(-2πj/2)" in _flat(dft) and "X[0]" in dft and "Y[r] = X[r]·H[r]" in _flat(dft)


def test_json_holds_every_view_as_data():
    data = symconv.circular_convolve(A, B).to_dict(view="all", check=True)
    assert data["operation"] == "circular" and data["n"] == 4 and data["aliased"] == 2
    assert not data["equals_linear"]
    assert data["output"]["values"] == ["7/4", "5/4", "3/2", "13/8"] and data["output"]["floats"][3] == 1.625
    assert set(data["views"]) == {"sum", "wrap", "dft"}
    assert data["views"]["sum"]["outputs"][0]["terms"] == [[0, 0], [2, 2], [3, 1]]  # (m, (k - m) mod n)
    assert data["views"]["wrap"]["linear"] == ["1", "1", "3/2", "13/8", "3/4", "1/4"]
    assert data["views"]["wrap"]["outputs"][0]["adds"] == [0, 4]
    dft = data["views"]["dft"]
    assert dft["root"]["powers"] == ["1", "-I", "-1", "I"] and dft["products"][1]["value"] == "1/4 + 3*I/8"
    assert [o["value"] for o in dft["outputs"]] == ["7/4", "5/4", "3/2", "13/8"]
    assert data["check"]["ok"] and data["call"].startswith("numpy.real_if_close(")
    folded = symconv.circular_convolve([1, 2, 3, 4, 5], [1], 2).to_dict()
    assert folded["wrapped_inputs"]["a"] == {"sources": [[0, 2, 4], [1, 3]], "values": ["9", "6"]}


def test_prose_and_markdown():
    md = symconv.circular_convolve(A, B).markdown(view="all")
    assert md.startswith("Circular convolution of a (4 samples) and b (3 samples) over n = 4 points")
    assert "derived 3 ways" in md and "time-domain aliasing" in md
    assert "Result: c = (1.75, 1.25, 1.5, 1.625), equal to `numpy.real_if_close(" in md
    assert "nothing wraps: c is the linear convolution, zero-padded." in symconv.circular_convolve(A, B, 7).markdown()


# -- CLI, fence, gallery -------------------------------------------------------------------------
def test_cli(capsys):
    assert main(["circular", "1, 0.5, 1, 1", "1, 0.5, 0.25", "--n", "4"]) == 0
    out = capsys.readouterr().out
    assert "c[3] = a[1]·b[2] + a[2]·b[1] + a[3]·b[0] = 0.5·0.25 + 1·0.5 + 1·1 = 1.625" in _flat(out)
    assert main(["circular", "1, 2, 3", "1, 1", "--n", "2", "--view", "wrap", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["call"] == "sympy.discrete.convolution(a, b, cycle=2)"
    assert main(["circular", "1, 2", "1", "--n", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("symconv: error: n must be a positive int") and err.count("\n") == 1
    assert main(["circular", "1, 2", "1", "--mode", "full"]) == 2


def test_fence_and_gallery():
    from symconv.fence import parse_fence, render_block
    from symconv.gallery import result_text, settings_text

    html = render_block("op: circular\na: 1, 0.5, 1, 1\nb: 1, 0.5, 0.25\nn: 5\nview: wrap\ntitle: One aliased")
    assert "symconv-error" not in html and "c_{l}[5]" in html and "time-domain aliasing" in html
    assert "checked against" in html
    with pytest.raises(InputError, match="'figure' does not apply to op circular"):
        parse_fence("op: circular\na: 1\nb: 1\nshow: [figure]")
    data = parse_fence("op: circular\na: 1, 2\nb: 1\nn: 3")
    assert settings_text(data) == "n = 3"
    assert result_text(symconv.derive("circular", "1, 2", "1", n=3)) == "c[0…2] = (1, 2, 0)"


def test_the_page_fits_a_phone(tmp_path, browser):
    """The docs page's blocks in a site of their own: at 390 px no derivation is wider than its
    column (the phone layout breaks sums, tuples and notes)."""
    import subprocess
    import sys
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "circular-convolution.md").read_text()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page.replace("](step-by-step.md)", "](index.md)"))
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: circular
        use_directory_urls: false
        plugins:
          - symconv
        markdown_extensions:
          - pymdownx.arithmatex:
              generic: true
        """))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], capture_output=True, text=True, timeout=300,
                            env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1",
                                 "SYMCONV_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    context = browser.new_context(viewport={"width": 390, "height": 900})
    view = context.new_page()
    view.goto((tmp_path / "site" / "index.html").as_uri())
    view.wait_for_timeout(200)
    wide = view.evaluate("""() => [...document.querySelectorAll('.symconv-math')]
        .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
        .map(el => [el.scrollWidth, el.clientWidth, el.textContent.slice(0, 60)])""")
    blocks = view.evaluate("document.querySelectorAll('.symconv').length")
    context.close()
    assert blocks == 7 and wide == []


def test_fraction_inputs_stay_fractions():
    d = symconv.circular_convolve([Fraction(1, 3), 2], [Fraction(1, 7)], 1)
    assert d.values == (sympy.Rational(1, 3) * sympy.Rational(1, 7) + sympy.Rational(2, 7),)
