"""Issue 8, the front ends and the budget: hostile blocks, injected HTML, YAML bombs, padding that
would blow up memory, calls that must match what they print, and the command line's edges.

Each case reproduces a failure seen on the main branch before it was fixed; each must now fail
loudly (an error naming what and where), quickly, in bounded memory.
"""

import json
import logging
import os
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest

import symconv
from symconv import DerivationTooLarge, InputError, Limits
from symconv.fence import parse_fence, render_block
from symconv.markdown_ext import fence_format

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _md():
    import markdown

    return markdown.Markdown(
        extensions=["pymdownx.superfences", "pymdownx.arithmatex", "symconv"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [
            {"name": "symconv", "class": "symconv", "format": fence_format}]},
            "pymdownx.arithmatex": {"generic": True}})


# -- 1. no silent failure ----------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    "a: 1\nb: 2\nnames: 5",
    "a: 1\nb: 2\nnames: null",
    "a: 1\nb: 2\nnames: {x: 1}",
    "formula: true\na: u[n]/n\nb: u[n]",
    "formula: true\na: 3**n*u[n-1000000]\nb: u[n]",
    "a: 1\nb: 2\nmode: [full]",
    "a: 1\nb: 2\nwrap: '3'",
    "op: conv2d\na: 1 2; 3 4\nb: 1\nstride: [1, 2, 3]",
])
def test_every_failure_is_a_warning_and_a_box(body, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.symconv"):
        html = _md().convert(f"```symconv\n{body}\n```\n")
    records = [r for r in caplog.records if r.name == "mkdocs.plugins.symconv"]
    assert len(records) == 1 and "symconv block starting" in records[0].getMessage()
    assert "symconv-error" in html and "<code" not in html  # never the raw fence as code


def test_an_unexpected_exception_is_reported_as_an_internal_error(monkeypatch, caplog):
    import symconv.fence as fence

    def broken(*args, **kwargs):
        raise RecursionError("deep")

    monkeypatch.setattr(fence, "derive", broken)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.symconv"):
        html = _md().convert("```symconv\na: 1\nb: 2\n```\n")
    message = caplog.records[-1].getMessage()
    assert "internal error, please report: RecursionError" in message and "symconv-error" in html


# -- 2. no injection ---------------------------------------------------------------------------
class _Elements(HTMLParser):
    """Elements an injection would create: event-handler attributes, or scripts whose code
    calls alert (the hostile strings below all do)."""

    def __init__(self):
        super().__init__()
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if any(name.startswith("on") for name in attrs) or (tag == "img" and attrs.get("src") == "x"):
            self.found.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append(("script", data[:40]))


def _injected(html: str) -> list:
    parser = _Elements()
    parser.feed(html)
    return parser.found


HOSTILE_TITLE = '"<script>alert(1)</script><img src=x onerror=alert(1)>"'


def test_hostile_strings_are_text_on_the_page_and_in_the_gallery(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Examples\n\n"
        f"```symconv\ntitle: {HOSTILE_TITLE}\na: 1, 2\nb: 3\n```\n\n"
        "```symconv\ntitle: second\na: \"<img src=x onerror=alert(2)>\"\nb: 1\n```\n")
    (docs / "gallery.md").write_text("# Gallery\n\n<!-- symconv:gallery -->\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nuse_directory_urls: false\nplugins:\n  - symconv\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert "second" in result.stderr and "<img" not in result.stderr.split("second", 1)[0][-5:]
    for page in ("index.html", "gallery.html"):
        html = (tmp_path / "site" / page).read_text()
        assert _injected(html) == [], page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page


# -- 3, 4. YAML bombs and duplicate keys ---------------------------------------------------------
def _bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, levels):
        lines.append(f"l{k}: &l{k} [" + ",".join([f"*l{k - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\na: *l{levels - 1}\nb: 1\n"


@pytest.mark.parametrize("levels", [2, 5, 9])
def test_yaml_bombs_are_refused_at_once(levels):
    start = time.perf_counter()
    with pytest.raises(InputError, match="anchors and aliases") as info:
        parse_fence(_bomb(levels))
    assert time.perf_counter() - start < 1 and len(str(info.value)) < 200


@pytest.mark.parametrize("body, message", [
    ("a: 1\na: 2\nb: 1", "duplicate key 'a' at line 2"),
    ("a: 1\nb: 1\nparams: {k: positive, k: negative}\nformula: true", "duplicate key 'k'"),
    ("a: [" + "[" * 40 + "1" + "]" * 40 + "]\nb: 1", "too large or too deeply nested"),
    ("a: [" + ", ".join(["1"] * 6000) + "]\nb: 1", "too large"),
])
def test_duplicate_keys_and_huge_yaml_are_errors(body, message):
    with pytest.raises(InputError, match=message):
        parse_fence(body)


def test_messages_never_echo_unbounded_values():
    huge = "x" * 15_000
    for body in (f"a: 1\nb: 1\ntitle: {huge}", f"a: 1\nb: 1\n{huge}: 1", f"a: 1\nb: 1\nshow: [{huge}]",
                 f"a: 1\nb: 1\nop: {huge}", f"a: 1\nb: 1\nmode: {huge}", f"a: {huge}\nb: 1"):
        with pytest.raises(InputError) as info:
            render_block(body)
        assert len(str(info.value)) < 400


# -- 5. the budget counts padding, stride and dilation before any work ---------------------------
@pytest.mark.parametrize("call", [
    lambda: symconv.conv1d([1, 2, 3], [1, 1], padding=10**8),
    lambda: symconv.conv1d([1, 2, 3], [1, 1], padding=10**7, stride=10**7),
    lambda: symconv.conv2d([[1, 2, 3]] * 3, [[1, 1]] * 2, padding=3000, stride=3000),
    lambda: symconv.conv1d([1, 2, 3], [1, 1], padding="same", dilation=3 * 10**6),
    lambda: symconv.conv2d([[1, 2], [3, 4]], [[1, 1], [1, 1]], dilation=(1, 10**6)),
])
def test_padding_stride_and_dilation_are_budgeted_from_sizes(call):
    start = time.perf_counter()
    with pytest.raises(DerivationTooLarge, match="max_cells"):
        call()
    assert time.perf_counter() - start < 0.5


def test_large_but_allowed_strides_read_only_what_they_need():
    d = symconv.conv1d([1, 2, 3], [1, 1], padding=1000, stride=1000, limits=Limits(max_cells=10**4))
    assert d.values == ((0, 3, 0),) and d.check().ok  # the middle window reads x[0] + x[1]
    assert len(d.expansion.region.values) <= 2003


# -- 17, 18. the scipy call printed is what scipy returns -----------------------------------------
def test_swapped_complex_correlate2d_prints_the_conjugate_call():
    d = symconv.correlate2d([[1j, 2]], [[1, 1j, 3]], "valid")
    call = symconv.steps.python_source(d.document().call)
    assert call == "numpy.conj(scipy.signal.correlate2d(x, k, mode='valid'))"
    assert d.check().ok and call in d.text()
    real = symconv.correlate2d([[1, 2]], [[1, 5, 3]], "valid")
    assert symconv.steps.python_source(real.document().call) == "scipy.signal.correlate2d(x, k, mode='valid')"


def test_fillvalue_follows_scipy():
    with pytest.raises(InputError, match="complex but the inputs are real"):
        symconv.convolve2d([[1, 2]], [[1, 1], [1, 1]], "same", fillvalue=1j)
    truncated = symconv.convolve2d([[1, 2]], [[1, 1], [1, 1]], "same", fillvalue=1.5)
    assert truncated.values == ((4, 5),)  # scipy casts 1.5 to the inputs' int type: 1
    complex_fill = symconv.convolve2d([[1j, 2]], [[1, 1], [1, 1]], "same", fillvalue=2j)
    call = symconv.steps.python_source(complex_fill.document().call)
    assert "fillvalue=2j" in call and "I" not in call
    wrap = symconv.steps.python_source(symconv.convolve2d([[1, 2]], [[1]], boundary="wrap", fillvalue=3).document().call)
    assert "fillvalue" not in wrap


# -- 21. the command line ---------------------------------------------------------------------------
def _cli(*args, env=None, stdin_close=False):
    return subprocess.run([sys.executable, "-m", "symconv", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def test_closed_stdout_exits_quietly():
    for reader in ("true", "head -c 0"):
        result = subprocess.run(f"{sys.executable} -m symconv convolve '{','.join(['1'] * 400)}' '1, 2' | {reader}",
                                shell=True, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and result.stderr == "", result.stderr


def test_ascii_stdout_gets_ascii_or_one_line():
    result = _cli("convolve", "1, 2", "3", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stdout.isascii() and "\\u03a3" in result.stdout  # Σ, escaped


@pytest.mark.parametrize("args, message", [
    (["convolve", "--formula", "u[n]", "u[n]", "--wrap", "3"], "wrap does not apply"),
    (["convolve", "--formula", "u[n]", "u[n]", "--start-a", "1"], "does not apply to formulas"),
    (["convolve", "--formula", "u[n]", "u[n]", "--zeros"], "zeros does not apply"),
    (["conv2d", "1 2; 3 4", "1", "--no-flip"], "flip does not apply"),
    (["correlate", "1, 2", "3", "--no-flip"], "flip does not apply"),
    (["convolve", "--formula", "a**n*u[n]", "u[n]", "--param", "k=positive"], "in neither formula"),
])
def test_options_that_do_not_apply_are_errors(args, message):
    result = _cli(*args)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


# -- 22. JSON costs what text costs -----------------------------------------------------------------
def test_json_of_a_large_derivation_shares_its_numbers():
    from sympy import Rational

    d = symconv.convolve([Rational(1, 3)] * 2000, [Rational(1, 3)] * 12)
    data = json.loads(d.to_json(indent=None))
    assert data["outputs"][100]["terms"][0] == [89, 11] and data["outputs"][100]["value"] == "4/3"
    assert len(data["factors"]["left"]["values"]) == 2000  # each sample printed once, not per term
    size = len(d.to_json(indent=None))
    assert size < 40 * 2000 * 12  # index pairs, not repeated value objects


# -- found by a hostile read of the new surface ---------------------------------------------------
def test_zeros_are_budgeted_before_any_work():
    start = time.perf_counter()
    with pytest.raises(DerivationTooLarge, match="zeros=True"):
        symconv.convolve([1] * 20000, [1] * 12).text(zeros=True)
    assert time.perf_counter() - start < 5


def test_names_with_odd_underscores_print_apart():
    d = symconv.convolve("x, x_, a_b_c", "1, -1")
    text, latex = d.text(), d.latex()
    assert "x_ - x" in text and "a_b_c - x_" in text
    assert r"\mathit{x\_}" in latex and "_{_}" not in latex


def test_closed_form_names_cannot_shadow_the_notation():
    for names in ("x,delta,y", "u,h,y", "x,h,n"):
        with pytest.raises(InputError, match="taken by the notation"):
            symconv.derive("convolve", "2**n*u[n]", "delta[n-1]", formula=True, names=names).text()


def test_long_terminating_decimals_stay_exact_decimals():
    text = symconv.convolve(["1e-30"], ["1e-31"]).text()
    assert "1×10⁻⁶¹" in text and "/" not in text.splitlines()[-2]


@pytest.mark.parametrize("a, b, shown", [
    ("(-1/2)**n*u[n]", "(1/3)**n*u[n]", ["(-1/2)ⁿ", "(1/3)ⁿ", "(3/5)"]),
    ("sqrt(2)**n*u[n]", "u[n]", ["2^(n/2)"]),
])
def test_closed_forms_over_unusual_bases_print_in_every_format(a, b, shown):
    y = symconv.convolve(symconv.formula(a), symconv.formula(b))
    for render in (y.text, y.latex, y.typst, y.markdown, y.to_json):
        render()
    assert all(s in y.text() for s in shown)


@pytest.mark.parametrize("call, message", [
    (lambda: render_block("formula: 1\na: u[n]\nb: u[n]"), "'formula' must be true or false"),
    (lambda: render_block("a: 1\nb: 2\ncell: [9, 9]"), "'cell' picks the output cell"),
    (lambda: symconv.derive(["convolve"], [1], [2]), "op must be one of"),
    (lambda: symconv.convolve([1, 2], [3]).terms(1.0), "must be an integer"),
    (lambda: symconv.convolve([1, 2], [3]).terms(0, 1), "one index"),
    (lambda: symconv.steps.python_source(symconv.convolve([1], [2]).document(call=False).call), "takes a Call"),
    (lambda: symconv.convolve("x, h", "y", names="x,h,y"), "both a sequence and a symbol"),
    (lambda: symconv.conv2d("x 1; 2 3", "1", names="x,w,y"), "both a sequence and a symbol"),
])
def test_misuse_is_an_input_error(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_two_blocks_with_one_title_get_two_ids():
    html = _md().convert("```symconv\ntitle: T\na: 1\nb: 2\nshow: [call]\n```\n\n"
                         "```symconv\ntitle: T\na: 3\nb: 2\nshow: [call]\n```\n")
    assert 'id="symconv-t"' in html and 'id="symconv-t-2"' in html


def test_closed_and_full_stdout():
    closed = subprocess.run(f"{sys.executable} -m symconv convolve '1, 2' 3 >&-", shell=True,
                            capture_output=True, text=True, timeout=60)
    assert closed.returncode == 0 and closed.stderr == ""
    if os.path.exists("/dev/full"):
        full = subprocess.run(f"{sys.executable} -m symconv convolve '1, 2' 3 > /dev/full", shell=True,
                              capture_output=True, text=True, timeout=60)
        assert full.returncode == 2 and full.stderr.count("\n") == 1 and "cannot write" in full.stderr


def test_json_takes_and_checks_the_options():
    assert _cli("correlate", "1, 2", "3", "--format", "json", "--no-flip").returncode == 2
    assert _cli("convolve", "1, 2", "3", "--format", "json", "--wrap", "0").returncode == 2
    out = _cli("convolve", ",".join(["1"] * 9), "1, 2", "--format", "json", "--elide", "1")
    assert out.returncode == 0 and {"elided": 8} in json.loads(out.stdout)["outputs"]


@pytest.mark.parametrize("call, error", [
    (lambda: symconv.convolve("exp(exp(exp(exp(exp(1)))))", [1]), "too large"),
    (lambda: symconv.convolve("log(" * 12 + "3" + ")" * 12, [1]), "nested more than"),
    (lambda: render_block("a: " + "9" * 5000 + "\nb: 1"), "cannot read"),
    (lambda: symconv.conv2d([[1, 2], [3, 4]], [[1]], padding=10**5000), r"about 10\^"),
    (lambda: symconv.convolve(symconv.formula("u[n]"), symconv.formula("u[n]")).at(10**5000), "at most"),
    (lambda: symconv.conv1d([1, 2], [1], limits=5), "limits must be"),
    (lambda: symconv.derive("convolve", "a**n*u[n]", "u[n]", formula=True, params="a=positive"), "params maps"),
    (lambda: symconv.Limits(max_length=0), "positive int"),
    (lambda: symconv.conv1d(symconv.Sequence([1, 2], start=3), [1]), "no start indices"),
    (lambda: symconv.convolve(symconv.formula("u[n]"), symconv.formula("u[n]")).check(values={"zz": 1}),
     "not a parameter"),
])
def test_more_hostile_inputs_are_input_errors_at_once(call, error):
    start = time.perf_counter()
    with pytest.raises((InputError, DerivationTooLarge), match=error):
        call()
    assert time.perf_counter() - start < 2


def test_formula_default_names_avoid_the_formulas_symbols():
    y = symconv.convolve(symconv.formula("y**n*u[n]"), symconv.formula("u[n]"))
    assert "y" not in y.names and y.text()
    z = symconv.convolve(symconv.formula("u[n]"), ["x", "y"])
    assert not {"x", "y"} & set(z.names) and z.text()
