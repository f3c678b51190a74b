"""Figures: what they say, how they are laid out, that they are deterministic, cached and light.

The browser checks (text size on a phone, contrast in both colour schemes) are in test_site.py.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import symconv
from symconv import InputError
from symconv.dispatch import derive
from symconv.render.figures import cached_svg, formula_stem_svg, overview_svg, stem_svg, window_svg
from symconv.render.svg import CLASSES, FONT, WIDTH, Canvas

CSS = (Path(symconv.__file__).parent / "assets" / "symconv.css").read_text()


def texts(svg: str) -> list:
    """The characters of every <text>, tags inside it dropped."""
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text [^>]*>(.*?)</text>", svg)]


def frames(svg: str) -> list:
    """(x, y) of every window outline, in drawing order."""
    return [(float(x), float(y)) for x, y in re.findall(r'class="sc-frame"[^>]* x="([\d.]+)" y="([\d.]+)"', svg)]


TWO_D = {  # name: (op, a, b, parameters, cell)
    "convolve2d-valid": ("convolve2d", "1 2 0 1 3; 0 1 3 1 0; 2 1 0 0 1; 1 0 2 3 1; 0 1 1 0 2",
                         "1 0 -1; 1 1 0; 0 2 1", {"mode": "valid"}, (1, 2)),
    "convolve2d-full": ("convolve2d", "1 2 0; 0 1 3; 2 1 0", "1 0; 0 -1", {"mode": "full"}, (0, 1)),
    "correlate2d-symm": ("correlate2d", "1 2 0; 0 1 3; 2 1 0", "1 0; 0 -1", {"mode": "same", "boundary": "symm"}, (0, 0)),
    "conv1d": ("conv1d", "1, 2, 3, 4, 5, 6, 7", "1, 0, -1", {"stride": 2, "padding": 1, "dilation": 2}, (0, 1)),
    "conv2d-padded": ("conv2d", "1 2 3 0 1; 0 1 2 3 1; 1 0 1 2 0; 2 1 0 1 3; 1 1 2 0 1",
                      "1 0 -1; 2 0 -2; 1 0 -1", {"stride": 2, "padding": 1}, (1, 1)),
    "conv2d-dilated": ("conv2d", "1 2 3 0 1; 0 1 2 3 1; 1 0 1 2 0; 2 1 0 1 3; 1 1 2 0 1", "1 -1; 2 1",
                       {"dilation": 2}, (0, 0)),
}


def _2d(name):
    op, a, b, parameters, cell = TWO_D[name]
    return derive(op, a, b, **parameters), cell


def _every_figure():
    conv = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])
    yield "stem-convolve", stem_svg(conv.expansion, conv.names)
    corr = symconv.correlate([1, 2j, 3], [1, 1j], mode="full")
    yield "stem-correlate", stem_svg(corr.expansion, corr.names)
    x = symconv.formula("a**n*u[n]", params={"a": "0 < |a| < 1"})
    closed = symconv.convolve(x, symconv.formula("u[n] - u[n-N]"))
    yield "stem-formula", formula_stem_svg(closed.expansion, closed.names, {"a": 0.7, "N": 4}, (-3, 15))
    for name in TWO_D:
        d, cell = _2d(name)
        yield f"window-{name}", window_svg(d.expansion, d.names, cell)
        yield f"overview-{name}", overview_svg(d.expansion, d.names)


FIGURES = dict(_every_figure())


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_fits_a_phone_and_uses_only_styled_classes(name):
    svg = FIGURES[name]
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    assert 0 < width <= WIDTH and height > 0
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert min(sizes) >= FONT  # so FONT * 358 / WIDTH >= 11 CSS px in a 390 px viewport
    assert FONT * 358 / WIDTH >= 11
    for cls in set(re.findall(r'class="([^"]+)"', svg)) - {f"symconv-svg {k}" for k in
                                                             ("symconv-stem", "symconv-window", "symconv-overview")}:
        assert cls in CLASSES, cls
        assert f".symconv-svg .{cls}" in CSS or f".symconv-svg .{cls}," in CSS, cls
    assert "~" not in svg and "\u0303" not in svg  # padding and rotation said in words, no tildes
    assert "<title>" in svg and 'role="img"' in svg


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figures_are_deterministic(name):
    again = dict(_every_figure())
    assert again[name] == FIGURES[name]


def test_css_sets_every_colour_for_both_schemes():
    light, dark = CSS.split('[data-md-color-scheme="slate"] .symconv-figure {')
    variables = set(re.findall(r"(--symconv-[\w-]+):", light))
    assert len(variables) >= 10 and variables == set(re.findall(r"(--symconv-[\w-]+):", dark.split("}")[0]))


def test_convolution_stem_plot_names_every_panel_and_its_axis():
    d = symconv.convolve([1, 2, 3, -1], [1, 0.5, -1], names="x,h,y")
    words = texts(stem_svg(d.expansion, d.names))
    assert words[:1] == ["input x[n]"]
    assert "kernel h[n]" in words and "output y[n]" in words
    assert "kernel flipped h[−m], slid by n: h[n − m]" in words
    # axis names: n for three panels, m for the flipped kernel
    assert words.count("n") == 3 and words.count("m") == 1
    # exact values on the stems, with true minus signs: y = 1, 2.5, 3, -1.5, -3.5, 1
    for value in ("2.5", "−1.5", "−3.5", "0.5", "−1"):
        assert value in words


def test_correlation_stem_plot_has_no_flip_and_a_lag_axis():
    d = symconv.correlate([1, 2, 3], [1, 1], mode="full")
    svg = stem_svg(d.expansion, ("a", "v", "c"))
    words = texts(svg)
    assert "output c[k] at lag k" in words and words.count("k") == 1
    assert not any("flipped" in w for w in words)


def test_complex_stem_plot_has_a_legend_and_symbolic_ones_are_refused():
    svg = stem_svg(symconv.correlate([1 + 1j, 2], [1j], mode="full").expansion, ("a", "b", "c"))
    assert {"Re", "Im"} <= set(texts(svg)) and 'class="sc-stem-im"' in svg
    with pytest.raises(InputError, match="numeric sequences"):
        stem_svg(symconv.convolve("a, 1", "1").expansion, ("x", "h", "y"))


def test_many_samples_draw_stems_without_markers():
    d = symconv.convolve(list(range(1, 400)), [1, -1])
    svg = stem_svg(d.expansion, d.names)
    assert 'class="sc-dot"' not in svg and len(svg) < 120_000
    assert "sc-stem" in svg and texts(svg)[0] == "input a[n]"


def test_formula_plot_says_its_parameters():
    x = symconv.formula("a**n*u[n]", params={"a": "0 < |a| < 1"})
    d = symconv.convolve(x, symconv.formula("u[n]"))
    shown = texts(formula_stem_svg(d.expansion, d.names, {"a": 0.5}, (-2, 8)))
    assert "with a = 0.5" in shown
    # h[n − m] drawn over m for one n (the middle of the window), between h[n] and y[n]
    titles = [t for t in shown if t.startswith(("input", "kernel", "output"))]
    assert titles == ["input x[n]", "kernel h[n]", "kernel flipped h[3 − m], slid to n = 3", "output y[n]"]
    with pytest.raises(InputError, match="needs values for a"):
        formula_stem_svg(d.expansion, d.names, {}, (-2, 8))


@pytest.mark.parametrize("name, shape", [("conv2d-dilated", (3, 3)), ("convolve2d-valid", (3, 3)),
                                         ("conv1d", (3, 1))])
def test_overview_is_laid_out_in_the_outputs_shape(name, shape):
    d, _ = _2d(name)
    found = frames(overview_svg(d.expansion, d.names))
    rows, cols = shape  # conv1d: one strip per output, stacked
    assert len(found) == rows * cols
    xs, ys = sorted({x for x, _ in found}), sorted({y for _, y in found})
    if name != "conv1d":
        assert len(ys) == rows and len(xs) == cols
        assert found == [(xs[j], ys[i]) for i in range(rows) for j in range(cols)]  # row-major, like y


def test_two_by_two_and_one_by_four_outputs():
    square = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1")
    found = frames(overview_svg(square.expansion, square.names))
    assert len({x for x, _ in found}) == 2 and len({y for _, y in found}) == 2
    row = symconv.conv2d("1 2 3 4 5; 1 1 1 1 1", "1 -1; 0 1")
    found = frames(overview_svg(row.expansion, row.names))
    assert len({x for x, _ in found}) == 4 and len({y for _, y in found}) == 1


def test_overview_labels_each_window_with_its_cell_and_exact_value():
    d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", padding=1)
    words = texts(overview_svg(d.expansion, d.names))
    for cell in d.expansion.cells:
        value = str(cell.value).replace("-", "−")
        assert f"y[{cell.i}, {cell.j}] = {value}" in words or (f"y[{cell.i}, {cell.j}]" in words and f"= {value}" in words)
    with pytest.raises(InputError, match="at most 16"):
        big = symconv.conv2d("; ".join(["1 1 1 1 1"] * 5), "1")
        overview_svg(big.expansion, big.names)


@pytest.mark.parametrize("name, words", [
    ("convolve2d-valid", ["kernel k, rotated 180°", "output y[1, 2] = 5"]),
    ("convolve2d-full", ["input x, zero-padded", "kernel k, rotated 180°", "zero padding"]),
    ("correlate2d-symm", ["input x, mirrored at its edges", "kernel k", "mirrored copy of the input"]),
    ("conv1d", ["input x, zero-padded by 1", "kernel w, not rotated", "output y[1] = −4"]),
    ("conv2d-padded", ["input x, zero-padded by 1", "kernel w, not rotated", "zero padding"]),
])
def test_window_figure_says_what_each_panel_is(name, words):
    d, cell = _2d(name)
    found = texts(window_svg(d.expansion, d.names, cell))
    for w in words:
        assert w in found, (w, found)


def test_window_figure_draws_padding_apart_from_data_and_the_cells_taps():
    d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", padding=1)
    e = d.expansion
    svg = window_svg(e, d.names, (1, 1))
    # the 5x5 padded source: 9 input cells, 16 padding cells, dashed; the window's 4 taps
    cells = [tag for tag in re.findall(r"<rect [^>]*>", svg) if 'width="14"' not in tag]  # not the legend
    outside = sum(not inside for inside in e.region.inside)
    pads = [tag for tag in cells if re.search(r'class="sc-(win-)?pad"', tag)]
    assert len(pads) == outside == 16
    assert all("stroke-dasharray" in tag for tag in pads)
    taps = [tag for tag in cells if re.search(r'class="sc-win(-pad)?"', tag)]
    assert len(taps) == len(e.window.positions(1, 1)) == 4
    assert svg.count('class="sc-out-hit"') == 1 and len(frames(svg)) == 1


def test_uneven_padding_says_which_sides():
    d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 1; 1 1", padding="same")
    assert "input x, zero-padded: 1 bottom, 1 right" in texts(window_svg(d.expansion, d.names, (0, 0)))


def test_a_valid_mode_input_is_not_called_padded():
    d, cell = _2d("convolve2d-valid")
    svg = window_svg(d.expansion, d.names, cell)
    assert "padded" not in svg and 'class="sc-pad"' not in svg and "input x" in texts(svg)


def test_window_figure_prints_exact_and_symbolic_entries():
    d = symconv.conv2d("1/3 a; 2 b", "1 -1")
    words = texts(window_svg(d.expansion, d.names, (0, 0)))
    assert {"1/3", "a", "b", "−1"} <= set(words)
    with pytest.raises(InputError, match="outside the 2x1 output"):
        window_svg(d.expansion, d.names, (0, 3))


def test_text_is_escaped():
    canvas = Canvas()
    canvas.text(0, 0, ["<b>&", ("i", "<i>"), ("m", "</text>")])
    svg = canvas.svg(10, 10, "a < b", "t")
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and "&lt;/text&gt;" in svg and "a &lt; b" in svg


def test_the_cache_counts_and_keeps_figures(tmp_path):
    e = symconv.convolve([1, 2], [3]).expansion
    seen = []
    first = cached_svg(stem_svg, e, ("a", "b", "c"), tmp_path, tally=seen.append)
    assert cached_svg(stem_svg, e, ("a", "b", "c"), tmp_path, tally=seen.append) == first
    cached_svg(stem_svg, e, ("x", "b", "c"), tmp_path, tally=seen.append)  # other names, another figure
    assert seen == ["drawn", "cached", "drawn"] and len(list(tmp_path.glob("*.svg"))) == 2
    cached_svg(stem_svg, e, ("a", "b", "c"), None, tally=seen.append)  # no cache: drawn
    assert seen[-1] == "drawn"


def test_figures_need_no_plotting_library():
    code = ("import sys, symconv.render.figures as f, symconv; "
            "d = symconv.conv2d('1 2; 3 4', '1'); f.overview_svg(d.expansion, d.names); "
            "f.stem_svg(symconv.convolve([1], [2]).expansion, ('a', 'b', 'c')); "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr


def test_figures_too_fine_to_read_are_refused():
    big = symconv.conv2d("; ".join([" ".join(["1"] * 60)] * 60), "1 1; 1 1")
    with pytest.raises(InputError, match="at most 2500 cells"):
        window_svg(big.expansion, big.names, (0, 0))
    long = symconv.convolve([1] * 6000, [1, 1])
    with pytest.raises(InputError, match="at most 5000 indices"):
        stem_svg(long.expansion, long.names)
    d = symconv.convolve(symconv.formula("u[n] - u[n-N]"), symconv.formula("u[n]"))
    with pytest.raises(InputError, match="not a parameter"):  # n is the index, not a parameter
        formula_stem_svg(d.expansion, d.names, {"N": 3, "n": 2}, (-2, 4))
    with pytest.raises(InputError, match="must be an integer"):
        formula_stem_svg(d.expansion, d.names, {"N": 2.5}, (-2, 4))


def test_formula_plots_read_the_support():
    """u[n-1]/n is 0 at n = 0 (its step is 0 there), although 1/n alone is undefined."""
    d = symconv.convolve(symconv.formula("u[n-1]/n"), symconv.formula("delta[n]"))
    assert "<svg" in formula_stem_svg(d.expansion, d.names, {}, (-2, 4))


@pytest.mark.parametrize("lo, hi", [(0, 4.9), (0, 1), (-2.5, 0), (0, 10), (0, 0.3), (-7, 13)])
def test_a_y_axis_always_has_a_scale(lo, hi):
    """A lone 0 tick leaves the values unreadable (a running sum up to 4.9 had only '0')."""
    from symconv.render.stem import _y_ticks

    ticks = _y_ticks(lo, hi)
    assert len(ticks) >= 2 and all(lo - 1e-9 <= t <= hi + 1e-9 for t in ticks)
    assert max(ticks) - min(ticks) >= (hi - lo) / 3


def test_a_running_sum_plot_labels_its_scale():
    d = symconv.derive("convolve", "(4/5)**n*u[n]", "u[n]", formula=True)
    svg = formula_stem_svg(d.expansion, d.names, {}, (-2, 12))
    assert {"2", "4"} <= set(texts(svg))
