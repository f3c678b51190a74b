"""The fence and the math extension in plain Python-Markdown (no MkDocs)."""

import logging
import re

import markdown
import pytest

import symconv
from symconv import InputError
from symconv.markdown_ext import fence_format, parse_fence, render_fence
from symconv.render.figures import stem_svg
from symconv.render.html import strip_table
from symconv.render.mathml import to_mathml


def _md():
    return markdown.Markdown(
        extensions=["pymdownx.superfences", "pymdownx.arithmatex", "symconv"],
        extension_configs={
            "pymdownx.superfences": {"custom_fences": [
                {"name": "symconv", "class": "symconv", "format": fence_format}]},
            "pymdownx.arithmatex": {"generic": True},
        },
    )


REFERENCE_FENCE = "```symconv\na: 1, 0.5, 1, 1\nb: 1, 0.5, 0.25\n```\n"


def test_fence_renders_every_part():
    html = _md().convert("Some $x^2$ math.\n\n" + REFERENCE_FENCE)
    assert html.count('<div class="symconv" id="symconv-') == 1
    assert "<math" in html and "arithmatex" not in html  # every formula converted
    assert '<table class="symconv-strip">' in html
    assert '<figure class="symconv-figure"><svg ' in html
    assert "checked against <code>numpy.convolve(a, b, mode='full')</code>: max |error| = 0" in html.replace("&#x27;", "'")
    assert "<mn>1.625</mn>" in html


def test_fence_body_is_data_not_code(tmp_path, caplog):
    sentinel = tmp_path / "sentinel"
    bodies = [
        f"a: !!python/object/apply:os.system ['touch {sentinel}']\nb: 1",
        f"a: __import__('os').system('touch {sentinel}')\nb: 1",
        "a: 1\nb: 1\nop: eval",
    ]
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.symconv"):
        for body in bodies:
            html = _md().convert(f"```symconv\n{body}\n```\n")
            assert "symconv-error" in html
    assert not sentinel.exists()
    assert len([r for r in caplog.records if r.name == "mkdocs.plugins.symconv"]) == len(bodies)


@pytest.mark.parametrize("body, message", [
    ("a: 1\nb: 2\ncolour: red", "unknown key 'colour'"),
    ("a: 1", "needs 'b'"),
    ("a: [1, 2\nb: 1", "not valid YAML"),
    ("just text", "key: value"),
    ("a: 1\nb: 1\nop: fft", "op must be"),
    ("a: 1\nb: 1\nstart_a: 1.5", "'start_a' must be an integer"),
    ("a: 1\nb: 1\nzeros: maybe", "true or false"),
    ("a: 1\nb: 1\nshow: [derivation, movie]", "show must be"),
    ("a: 1, nan\nb: 1", "'nan' is not a finite number"),
    ("a: 9**9**9**9\nb: 1", "too large"),
    ("a: 1\nb: 1\nmode: spam", "mode must be"),
    ("a: 1\nb: 1\nnames: x, x, y", "must differ"),
    ("a: " + ", ".join(["1"] * 1000) + "\nb: " + ", ".join(["1"] * 1000), "max_terms"),
    ("a: " + ", ".join(["1"] * 200) + "\nb: 1, 2\nshow: [table]", "strip table"),
    ("a: x, y\nb: 1\nshow: [plot]", "numeric"),
])
def test_bad_fences_are_reported_and_shown(body, message, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.symconv"):
        html = _md().convert(f"```symconv\n{body}\n```\n")
    assert "symconv-error" in html and message in html.replace("&#x27;", "'")
    assert any(message in r.getMessage() for r in caplog.records)


def test_latex_errors_are_reported():
    with pytest.raises(InputError, match=r"Unknown command"):
        to_mathml(r"\foo{1}", display=False)
    with pytest.raises(InputError, match="LaTeX error"):
        to_mathml(r"\frac{1}{", display=True)
    messages = []
    md = markdown.Markdown(extensions=["pymdownx.arithmatex", "symconv"],
                           extension_configs={"pymdownx.arithmatex": {"generic": True},
                                              "symconv": {"reporter": messages.append}})
    html = md.convert("Bad $\\foo$ here.")
    assert "symconv-error" in html and messages and "Unknown command" in messages[0]


def test_fence_options():
    options = parse_fence("a: [1, 0.5]\nb: 1/2\nshow: derivation, check\nop: correlate")
    assert options["show"] == ["derivation", "check"] and options["op"] == "correlate"
    html = render_fence("a: 1, 2\nb: 3\nnames: x, h, y\nstart_a: -1\nshow: [derivation, call]\ntitle: T <b>")
    assert "T &lt;b&gt;" in html and "numpy.convolve(x, h, mode=&#x27;full&#x27;)" in html
    assert "output indices from -1" in html


def test_strip_table_cells_add_up():
    for d in (symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]),
              symconv.correlate([1, 2, 3], [0, 1, 0.5], mode="full"),
              symconv.convolve(symconv.Sequence("1, -2, 3", start=-1), [2, 1], mode="same")):
        html = strip_table(d.expansion, ("a", "b", "c"))
        rows = re.findall(r'<tr class="symconv-prod">(.*?)</tr>', html)
        assert len(rows) == len(d)
        for row, value in zip(rows, d.values):
            products = [float(eval_fraction(x)) for x in re.findall(r'<td class="symconv-p">([^<]*)</td>', row)]
            assert sum(products) == pytest.approx(float(value))


def eval_fraction(text: str):
    from fractions import Fraction

    return Fraction(text.replace("(", "").replace(")", ""))


def test_reference_strip_table_shows_the_whole_flipped_b():
    html = strip_table(symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).expansion, ("a", "b", "c"))
    header = re.search(r"<thead>(.*?)</thead>", html).group(1)
    assert re.findall(r"<th>(−?\d+)</th>", header) == [str(m).replace("-", "−") for m in range(-2, 6)]


def test_figures_are_deterministic_svg():
    d = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])
    first = stem_svg(d.expansion, ("a", "b", "c"))
    assert first == stem_svg(d.expansion, ("a", "b", "c"))
    assert first.startswith("<svg") and "Date" not in first
    c = symconv.correlate([1 + 1j, 2], [1j], mode="full")
    assert "Im" in stem_svg(c.expansion, ("a", "b", "c"))
    html = render_fence("a: 1, 2\nb: 3\nshow: [plot]")
    svg = re.search(r"<svg .*?</svg>\n", html, re.S).group(0)
    assert svg == stem_svg(symconv.convolve([1, 2], [3]).expansion, ("a", "b", "c"))


def test_2d_fences():
    html = _md().convert("```symconv\nop: conv2d\na: 1 2 3; 4 5 6; 7 8 9\nb: 1 0; 0 -1\npadding: 1\n"
                         "show: [prose, derivation, figure, overview, check, call]\n```\n")
    assert "symconv-error" not in html and html.count("<svg ") == 2
    assert "torch.nn.functional.conv2d(x[None, None], w[None, None], stride=1, padding=1, dilation=1)[0, 0]" in html
    assert "<math" in html and "arithmatex" not in html


@pytest.mark.parametrize("body, message", [
    ("op: conv2d\na: 1 2; 3 4\nb: 1\nmode: full", "'mode' does not apply to conv2d"),
    ("op: convolve2d\na: 1 2; 3 4\nb: 1\nshow: [table]", "does not apply"),
    ("op: convolve\na: 1\nb: 1\nshow: [overview]", "does not apply"),
    ("op: conv1d\na: 1, 2, 3\nb: 1\ncell: [0, 9]\nshow: [figure]", "outside"),
    ("op: conv2d\na: 1 2; 3 4\nb: 1\nstride: 0", "stride must be at least 1"),
    ("op: convolve2d\na: 1 2; 3\nb: 1", "ragged"),
    ("op: conv2d\na: " + "; ".join(["1 1 1 1 1"] * 5) + "\nb: 1\nshow: [overview]", "at most 16"),
])
def test_bad_2d_fences(body, message, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.symconv"):
        html = _md().convert(f"```symconv\n{body}\n```\n")
    assert "symconv-error" in html and message in html.replace("&#x27;", "'")


def test_window_figures_are_deterministic():
    from symconv.render.figures import overview_svg, window_svg

    d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", padding=1)
    assert window_svg(d.expansion, d.names, (1, 2)) == window_svg(d.expansion, d.names, (1, 2))
    assert overview_svg(d.expansion, d.names) == overview_svg(d.expansion, d.names)
    assert window_svg(d.expansion, d.names, (0, 0)) != window_svg(d.expansion, d.names, (1, 2))


def test_markdown_output_survives_python_markdown():
    """Derivation.markdown()'s $$ block keeps its rows through Python-Markdown + arithmatex."""
    md_text = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).markdown()
    plain = markdown.Markdown(extensions=["pymdownx.arithmatex"],
                              extension_configs={"pymdownx.arithmatex": {"generic": True}}).convert(md_text)
    assert plain.count("\\\\\n") == 8  # the row separators of the aligned block are intact
    html = markdown.Markdown(extensions=["pymdownx.arithmatex", "symconv"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}}).convert(md_text)
    assert html.count("<mtr>") == 9 and "<mn>1.625</mn>" in html


# -- the block cache (a warm build re-renders nothing) -------------------------------------------
def test_a_kept_block_is_the_same_html_with_its_own_id(tmp_path):
    from symconv import blockcache
    from symconv.fence import render_block

    body = "title: Kept\na: 1, 2\nb: 3\nshow: [derivation, plot, check]"
    events = []
    tally = lambda event, seconds=0.0: events.append(event)  # noqa: E731
    seen: dict = {}
    first = render_block(body, str(tmp_path), tally, seen)
    assert events == ["drawn", "fence"] and len(list(tmp_path.glob("block-*.html"))) == 1
    events.clear()
    second = render_block(body, str(tmp_path), tally, seen)  # the same block again on the page
    assert events == ["cached", "fence"]
    assert second == first.replace('id="symconv-kept"', 'id="symconv-kept-2"', 1) != first
    assert blockcache.ID_MARK not in second
    assert render_block(body, str(tmp_path / "elsewhere")) == first  # the same HTML, rendered afresh


def test_a_bad_block_is_never_kept(tmp_path):
    from symconv.errors import InputError
    from symconv.fence import render_block

    for _ in range(2):  # it must fail (and so warn) on every build
        with pytest.raises(InputError):
            render_block("a: 1, 2\nb: [", str(tmp_path))
    assert list(tmp_path.glob("block-*")) == []


def test_a_damaged_cache_file_is_ignored(tmp_path):
    from symconv import blockcache
    from symconv.fence import render_block

    body = "a: 1, 2\nb: 3"
    good = render_block(body, str(tmp_path))
    (kept,) = tmp_path.glob("block-*.html")
    kept.write_bytes(b"\xff\xfe not ours")
    assert blockcache.load(str(tmp_path), body) is None
    assert render_block(body, str(tmp_path)) == good


def test_a_block_showing_the_derivation_and_the_call_says_the_call_once():
    html = render_fence("a: 1, 2\nb: 2, 1, 3, 4\nmode: valid\nshow: [derivation, call]\n")
    assert html.count("numpy.convolve") == 1 and 'class="symconv-call"' in html


def test_valid_mode_prose_names_no_boundary():
    html = render_fence("op: convolve2d\na: 1 2 3; 4 5 6; 7 8 9\nb: 1 0; 0 1\nmode: valid\nshow: [prose]\n")
    assert "boundary" not in html
    assert "boundary <code>'wrap'</code>" in render_fence(
        "op: convolve2d\na: 1 2 3; 4 5 6; 7 8 9\nb: 1 0; 0 1\nmode: same\nboundary: wrap\nshow: [prose]\n")
