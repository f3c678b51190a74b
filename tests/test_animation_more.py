"""Animations of transposed convolution (the zero-insertion view, the scatter view) and of layers
with channels and a bias: one frame per output (per stamp for scatter), every value the
derivation's, the cells each frame highlights the terms it reads, every channel and the bias in
the frame, the same bytes every run, and a real browser."""

import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

import symconv
from symconv.errors import DerivationTooLarge, InputError
from symconv.fence import render_block
from symconv.render.animation_channels import MAX_CHANNELS
from symconv.render.animation_frames import build_animation, select_view
from symconv.render.animation_layout import layout
from symconv.steps import ChannelSum
from symconv.render.svg import Labels
from symconv.steps.transposed import Overlaps, StampAdd, ZeroInsertion, view_outputs
from test_animation import SVG, _page, _same, _shot, as_number, flat, groups, parse_number, shown_value, text_of

# conv_arithmetic's transposed set (Dumoulin & Visin, section 4), each the transpose of the
# forward convolution the guide names; then strides and output padding in 1D.
TRANSPOSED = {
    "no-padding": lambda: symconv.conv_transpose2d("1 2; 3 4", "1 0 1; 2 1 0; 0 1 1"),  # 4x4 * 3x3 -> 2x2
    "arbitrary-padding": lambda: symconv.conv_transpose2d(_square(6), "1 0 0 1; 0 1 1 0; 0 1 1 0; 1 0 0 1",
                                                          padding=2),  # 5x5 * 4x4, p = 2 -> 6x6
    "half-padding": lambda: symconv.conv_transpose2d(_square(5), "0 1 0; 1 -1 1; 0 1 0", padding=1),
    "full-padding": lambda: symconv.conv_transpose2d(_square(7), "1 1 1; 0 0 0; 1 1 1", padding=2),
    "strides": lambda: symconv.conv_transpose2d("1 2; 3 4", "1 2 1; 0 1 0; 2 1 1", stride=2),
    "padding-strides": lambda: symconv.conv_transpose2d("1 2 3; 4 5 6; 7 8 9", "1 0 1; 0 1 0; 1 0 1",
                                                        stride=2, padding=1),
    "padding-strides-odd": lambda: symconv.conv_transpose2d("1 2 3; 4 5 6; 7 8 9", "1 0 1; 0 1 0; 1 0 1",
                                                            stride=2, padding=1, output_padding=1),
    "1d-stride": lambda: symconv.conv_transpose1d([1, 2, 3], [1, 2, -1], stride=2, padding=1),
    "1d-output-padding": lambda: symconv.conv_transpose1d([1, 0.5, -1], [1, 1], stride=3, padding=1,
                                                          output_padding=2),
    "1d-dilation": lambda: symconv.conv_transpose1d([1, 2], [1, -1, 2], stride=2, dilation=2),
    "1d-cropped": lambda: symconv.conv_transpose1d([1, 2, 3, 4], [1, 1], stride=1, padding=2),
    "1d-fractions": lambda: symconv.conv_transpose1d(["1/2", "1/3"], [1, -1], stride=2),
}

LAYERS = {  # channels, batch, groups (depthwise too) and bias, 1D and 2D; a plain input with a bias
    "conv1d-channels-bias": lambda: symconv.conv1d([[1, 2, 3], [4, 5, 6]], [[[1, 1], [1, 0]], [[0, 1], [2, 2]]],
                                                   bias=[1, 2], padding=1),
    "conv2d-channels-bias": lambda: symconv.conv2d([[[1, 2, 0], [3, 4, 1], [0, 1, 2]],
                                                    [[5, 6, 1], [7, 8, 0], [1, 0, 1]]],
                                                   [[[[1, 0], [0, 1]], [[1, 1], [0, 0]]],
                                                    [[[0, 1], [1, 0]], [[2, 0], [0, -1]]]], bias=[1, -1], padding=1),
    "conv2d-batch-groups": lambda: symconv.conv2d([[[[1, 2], [3, 4]], [[0, 1], [1, 0]]] * 2] * 2,
                                                  [[[[1, 0], [0, 1]], [[1, 1], [1, 1]]],
                                                   [[[2, 0], [0, 2]], [[0, 1], [1, 0]]]],
                                                  groups=2, bias=["1/2", -1], padding=1, stride=2),
    "conv1d-depthwise": lambda: symconv.conv1d([[1, 2, 3, 4], [4, 3, 2, 1]], [[[1, -1]], [[2, 1]]], groups=2,
                                               bias=[0, 1], dilation=2),
    "conv2d-plain-bias": lambda: symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", bias=[5]),
    "conv1d-five-channels": lambda: symconv.conv1d([[1, 2, 3, 4], [0, 1, 0, 1], [2, 2, 2, 2], [1, -1, 1, -1],
                                                    [3, 0, 0, 3]], [[[1, -1]] * 5], bias=[3]),
    "conv_transpose2d-channels-bias": lambda: symconv.conv_transpose2d([[[1, 2], [3, 4]], [[0, 1], [1, 0]]],
                                                                       [[[[1, 0], [0, 1]]], [[[1, 1], [1, 1]]]],
                                                                       bias=[1], stride=2),
    "conv_transpose1d-batch": lambda: symconv.conv_transpose1d([[[1, 2], [3, 4]], [[0, 1], [1, 0]]],
                                                               [[[1, 1, 1], [1, 0, 1]], [[2, 1, 0], [0, 1, 2]]],
                                                               bias=[1, 2], stride=2, padding=1),
    "conv2d-reflect": lambda: symconv.conv2d([[[1, 2, 3], [4, 5, 6]], [[0, 1, 0], [1, 0, 1]]],
                                             [[[[1, 1], [0, 1]], [[1, 0], [1, 0]]]], bias=[2], padding=1,
                                             padding_mode="reflect"),
}


def _square(n: int) -> str:
    return "; ".join(" ".join(str((3 * r + c) % 5 - 1) for c in range(n)) for r in range(n))


def visible(svg: str, k: int):
    """The elements drawn during frame ``k``: the static picture and every group whose SMIL
    switch shows it then (read from ``values`` and ``keyTimes``, or its own visibility)."""
    root = ET.fromstring(svg)
    frames = groups(svg, "sc-step")
    t = (k + 0.5) / len(frames)
    out = []
    for child in root:
        if child.tag != f"{SVG}g":
            out.append(child)
            continue
        switch = child.find(f"{SVG}animate")
        if switch is None:
            state = child.get("visibility", "visible")
        else:
            times = [float(v) for v in switch.get("keyTimes").split(";")]
            state = switch.get("values").split(";")[max(i for i, v in enumerate(times) if v <= t)]
        if state == "visible":
            out.extend(e for e in child if e.tag != f"{SVG}animate")
    return out


def texts(elements) -> list:
    return [text_of(e) for e in elements if e.tag == f"{SVG}text"]


def grid_cells(svg: str, title: str) -> dict:
    """``(x, y) -> (row, column)`` of the static grid under the bold title ``title``."""
    root = ET.fromstring(svg)
    static = [e for e in root if e.tag in (f"{SVG}rect", f"{SVG}text")]
    start = next(k for k, e in enumerate(static) if e.tag == f"{SVG}text" and text_of(e).startswith(title))
    rects = []
    for e in static[start + 1:]:
        if e.tag == f"{SVG}text" and e.get("font-weight") == "bold":
            break
        if e.tag == f"{SVG}rect":
            rects.append((float(e.get("x")), float(e.get("y"))))
    xs, ys = sorted({x for x, _ in rects}), sorted({y for _, y in rects})
    return {(x, y): (ys.index(y), xs.index(x)) for x, y in rects}


# -- transposed convolution: the zero-insertion view ---------------------------------------------
@pytest.mark.parametrize("name", TRANSPOSED)
def test_transposed_one_frame_per_output_showing_its_value(name):
    d = TRANSPOSED[name]()
    svg = d.animation()
    frames = groups(svg, "sc-step")
    assert len(frames) == len(d) == len(flat(d.values))
    for frame, value in zip(frames, flat(d.values)):
        assert parse_number(shown_value(frame)) == as_number(value), name
        last = [text_of(t) for t in frame.iter(f"{SVG}text") if "= " in text_of(t)][-1]
        assert last.endswith(f"= {shown_value(frame)}")
    root = ET.fromstring(svg)
    assert float(root.get("width")) <= 440 and not any(t.get("font-size") for t in root.iter(f"{SVG}text"))
    assert svg == d.animation(view="zero-insertion")


@pytest.mark.parametrize("name", [n for n in TRANSPOSED if not n.startswith("1d")])
def test_transposed_frames_highlight_the_zero_insertion_terms(name):
    """Each frame highlights exactly the cells of the zero-inserted input its terms read, in
    the view the derivation writes (``terms(view='zero-insertion')``)."""
    d = TRANSPOSED[name]()
    svg = d.animation()
    where = grid_cells(svg, "input x")
    cols = d.output_shape[1]
    for k, frame in enumerate(groups(svg, "sc-step")):
        read = sorted(where[float(r.get("x")), float(r.get("y"))] for r in frame
                      if r.get("class") in ("sc-win", "sc-win-pad"))
        terms = d.terms(k // cols, k % cols, view="zero-insertion")
        assert read == sorted(t.factors[0].ref.index for t in terms), (name, k)


@pytest.mark.parametrize("name", TRANSPOSED)
def test_inserted_zeros_and_padding_are_marked_apart(name):
    d = TRANSPOSED[name]()
    step = d.document(view="zero-insertion").find(ZeroInsertion)[0]
    svg = d.animation()
    root = ET.fromstring(svg)
    static = [e for e in root if e.tag == f"{SVG}rect" and e.get("width") != "14"]  # not the legend
    zeros = sum(e.get("class") == "sc-zero" for e in static)
    pads = sum(e.get("class") == "sc-pad" for e in static)
    assert zeros + pads == len(step.zeros)
    s = step.stride[1]
    assert (zeros > 0) == (s > 1) and (pads > 0) == (max(step.before + step.after) > 0)
    if zeros:
        assert f"zeros inserted: {s - 1} between samples (stride {s})" in svg
    if pads:
        assert "zero padding" in svg


def test_the_strided_example_draws_conv_arithmetic_picture():
    """2x2 input, 3x3 kernel, stride 2: one zero between samples, two of padding around, a 7x7
    source and a 5x5 output; the first frame reads the top-left 3x3 corner, one sample."""
    d = TRANSPOSED["strides"]()
    svg = d.animation()
    root = ET.fromstring(svg)
    static = [e for e in root if e.tag == f"{SVG}rect" and e.get("width") != "14"]
    assert sum(e.get("class") in ("sc-in", "sc-zero", "sc-pad") for e in static) == 49
    assert [sum(e.get("class") == c for e in static) for c in ("sc-in", "sc-zero", "sc-pad")] == [4, 5, 40]
    assert "input x, zero-padded by 2" in " ".join(texts(root.iter(f"{SVG}text")))
    assert "kernel w, rotated 180°" in " ".join(texts(root.iter(f"{SVG}text")))
    first = groups(svg, "sc-step")[0]
    assert [r.get("class") for r in first if r.get("class", "").startswith("sc-win")].count("sc-win") == 1


def test_transposed_golden_svg(golden):
    golden("animation_conv_transpose1d.svg", TRANSPOSED["1d-stride"]().animation())


# -- transposed convolution: the scatter view ----------------------------------------------------
@pytest.mark.parametrize("name", TRANSPOSED)
def test_scatter_one_frame_per_stamp_ending_in_every_value(name):
    """One frame per input sample; each output complete (its value) after its last stamp; the
    stamps counted so far end as the Overlaps step's map; the last frame shows every value and
    every count."""
    d = TRANSPOSED[name]()
    doc = d.document(view="scatter")
    stamps, overlaps = doc.find(StampAdd), doc.find(Overlaps)[0]
    frames = groups(d.animation(view="scatter"), "sc-step")
    assert len(frames) == len(stamps) == len(flat(d.expansion.planes[0].x.rows))
    anim = build_animation(doc, view="scatter")
    counts = {((c,) if anim.one_d else (r, c)): n for r, row in enumerate(overlaps.counts) for c, n in enumerate(row)}
    reached = Counter(index for frame in anim.frames for index, _ in frame.placed)
    assert {i: reached[i] for i in counts} == counts
    finished = [o for f in anim.frames for o in f.finished]
    assert sorted(o.lhs.index for o in finished) == sorted(i for i, n in counts.items() if n)
    assert [o.value for o in view_outputs(doc, "scatter")] == flat(d.values)
    last = _Recorder()
    layout(anim).frame(len(frames) - 1, last)
    lab = Labels(anim.kind, anim.decimal)
    expected = Counter([lab.number(v) for v in flat(d.values)] + [str(n) for n in counts.values()])
    assert not expected - Counter(last.texts), name


class _Recorder:
    """A drawing target that records the texts of a frame played on its own."""

    def __init__(self):
        self.texts = []

    def rect(self, *args, **kwargs):
        pass

    def line(self, *args, **kwargs):
        pass

    def text(self, x, y, parts, **kwargs):
        parts = [parts] if isinstance(parts, str) else parts
        self.texts.append("".join(p if isinstance(p, str) else p[1] for p in parts))


def test_scatter_frame_words_and_completions():
    d = TRANSPOSED["1d-stride"]()  # x = 1, 2, 3; w = 1, 2, -1; stride 2, padding 1 -> y = 2, 1, 4, 1, 6
    svg = d.animation(view="scatter")
    frames = groups(svg, "sc-step")
    words = [" | ".join(text_of(t) for t in f.iter(f"{SVG}text")) for f in frames]
    assert "stamp 1 of 3: x[0]·w = 1·w" in words[0] and "1 of its 3 products land outside y: dropped" in words[0]
    assert "y[0] = 1·2 = 2" in words[0]
    assert "y[1] = 1·(−1) + 2·1" in words[1] and "y[2] = 2·2 = 4" in words[1]
    assert "stamp 3 of 3" in words[2] and "y[4] = 3·2 = 6" in words[2]
    at_end = texts(visible(svg, 2))
    for value in ("2", "1", "4", "6"):
        assert value in at_end
    assert "the last counts are the overlap map" in svg and "uneven: the checkerboard pattern" in svg


def test_scatter_refuses_what_it_cannot_draw():
    d = TRANSPOSED["strides"]()
    doc = d.document(view="scatter", elide=1)
    with pytest.raises(InputError, match="leave out elide"):
        build_animation(doc, view="scatter")
    with pytest.raises(InputError, match="shows the view scatter, not zero-insertion"):
        build_animation(d.document(view="scatter"), view="zero-insertion")
    with pytest.raises(DerivationTooLarge, match="at most 256 frames .* needs 400"):
        symconv.conv_transpose2d([[1] * 20] * 20, "1").animation(view="scatter")


def test_a_document_with_every_view_animates_the_one_asked_for():
    d = TRANSPOSED["strides"]()
    doc = d.document()  # all three views
    assert len(build_animation(doc).frames) == len(d)
    assert len(build_animation(doc, view="scatter").frames) == 4
    assert not select_view(doc, "scatter").find(ZeroInsertion) and select_view(doc).find(ZeroInsertion)
    with pytest.raises(InputError, match="'zero-insertion' .* or 'scatter'"):
        build_animation(doc, view="matrix")


# -- layers: channels, groups, batch, bias -------------------------------------------------------
@pytest.mark.parametrize("name", LAYERS)
def test_layer_one_frame_per_output_cell_with_every_channel_and_the_bias(name):
    d = LAYERS[name]()
    sums = _layer_doc(d).find(ChannelSum)
    svg = d.animation()
    frames = groups(svg, "sc-step")
    assert len(frames) == len(d) == len(sums) == len(flat(d.values))
    single = all(len(s.parts) == 1 for s in sums)
    for k, (frame, step, value) in enumerate(zip(frames, sums, flat(d.values))):
        assert parse_number(shown_value(frame)) == as_number(value) == as_number(step.value), (name, k)
        words = " | ".join(texts(visible(svg, k)))
        drawn = step.parts[:MAX_CHANNELS]
        if single:  # one channel: its products and the bias in one sum, as the derivation writes it
            lhs = f"y[{', '.join(map(str, step.lhs.index))}] = "
            assert lhs in words and f"+ b[{step.bias.ref.index[0]}]" in words
        for part in drawn:  # each drawn channel: its slice, its weight slice and its sum
            if not single:
                partial = f"{part.lhs.array.name}[{part.lhs.index[0]}]"
                assert _sum_of(texts(visible(svg, k)), f"{partial} = ").endswith(f"= {_label_of(d, part.value)}")
            prefix = part.left.indices[0][:len(part.left.indices[0]) - (1 if d.kind.endswith("1d") else 2)]
            if prefix:
                assert f"x[{', '.join(map(str, prefix))}]" in words
        if not single:
            refs = " + ".join(f"{p.lhs.array.name}[{p.lhs.index[0]}]" for p in step.parts)
            total = f"y[{', '.join(map(str, step.lhs.index))}] = {refs}"
            if step.bias is not None:
                total += f" + b[{step.bias.ref.index[0]}]"
                assert f" + {_label_of(d, step.bias.value, True)} = {shown_value(frame)}" in words, (name, k)
            assert total in words, (name, k, total)
        if len(step.parts) > MAX_CHANNELS:
            assert f"… and {len(step.parts) - MAX_CHANNELS} more input channels" in words
            assert f"at most {MAX_CHANNELS} a frame" in words
    root = ET.fromstring(svg)
    assert float(root.get("width")) <= 440 and not any(t.get("font-size") for t in root.iter(f"{SVG}text"))


def _layer_doc(d):
    """The document an animation reads (a transposed convolution's: its zero-insertion view)."""
    return d.document(view="zero-insertion") if d.kind.startswith("conv_transpose") else d.document()


def _sum_of(lines: list, lhs: str) -> str:
    """The sum that starts with ``lhs``, its continued lines (``+ …``, ``= …``) joined."""
    k = next(k for k, line in enumerate(lines) if line.startswith(lhs))
    out = [lines[k]]
    for line in lines[k + 1:]:
        if not line.startswith(("+ ", "= ")):
            break
        out.append(line)
    return " ".join(out)


def _label_of(d, value, factor=False) -> str:
    lab = Labels(d.kind, d.document().decimal)
    return lab.factor(value) if factor else lab.number(value)


@pytest.mark.parametrize("name", ["conv2d-channels-bias", "conv2d-batch-groups", "conv1d-depthwise",
                                  "conv1d-five-channels", "conv_transpose2d-channels-bias"])
def test_layer_frames_highlight_each_channels_terms(name):
    """In each frame, each drawn channel's slice highlights the cells its part reads, in the
    part's order, with the values the products read; one outline per window."""
    d = LAYERS[name]()
    sums = _layer_doc(d).find(ChannelSum)
    for k, (frame, step) in enumerate(zip(groups(d.animation(), "sc-step"), sums)):
        children = list(frame)
        read = [text_of(children[i + 1]) for i, e in enumerate(children) if e.get("class") in ("sc-win", "sc-win-pad")]
        parts = step.parts[:MAX_CHANNELS]
        assert read == [_label_of(d, t.left) for p in parts for t in p.terms], (name, k)
        assert sum(e.get("class") == "sc-frame" for e in children) == len([p for p in parts if p.terms])


def test_layer_spans_change_with_the_output_plane():
    """The slices drawn change only when the output plane does: one span per (batch, output
    channel) here, each shown for exactly its frames."""
    d = LAYERS["conv2d-batch-groups"]()
    svg = d.animation()
    spans = groups(svg, "sc-span")
    frames = groups(svg, "sc-step")
    assert len(spans) == 4  # 2 batches x 2 output channels, one group each
    per = len(frames) // 4
    for k in range(len(frames)):
        words = " ".join(texts(visible(svg, k)))
        n, o = divmod(k // per, 2)  # groups=2: output channel o reads input channels 2o and 2o + 1
        assert f"x[{n}, {2 * o}]" in words and f"x[{n}, {2 * o + 1}]" in words and f"w[{o}, 1]" in words
        assert f"x[{n}, {2 - 2 * o}]" not in words and f"x[{1 - n}, " not in words


def test_layer_refusals_and_budget():
    with pytest.raises(DerivationTooLarge, match="at most 256 frames"):
        symconv.conv2d([[[1] * 20] * 20] * 2, [[[[1]]] * 2], bias=[1]).animation()
    with pytest.raises(InputError, match="an input slice at most"):
        symconv.conv1d([list(range(20))] * 2, [[[1, 1]] * 2], bias=[1]).animation()


# -- the fence, the CLI ---------------------------------------------------------------------------
def test_fence_and_cli_animate_transposed_and_layers(tmp_path, capsys):
    from symconv.cli import main

    html = render_block("op: conv_transpose2d\na: 1 2; 3 4\nb: 1 0 1; 0 1 0; 1 0 1\nstride: 2\nshow: [animation]\n")
    assert html.count('<g class="sc-step') == 25 and "the flipped kernel w moves over x with zeros inserted" in html
    html = render_block("op: conv_transpose1d\na: 1, 2, 3\nb: 1, 2, -1\nstride: 2\nview: scatter\n"
                        "show: [derivation, animation]\n")
    assert html.count('<g class="sc-step') == 3 and "one frame per input sample" in html
    with pytest.raises(InputError, match="the matrix view has no window to slide"):
        render_block("op: conv_transpose1d\na: 1, 2\nb: 1, 1\nview: matrix\nshow: [animation]\n")
    html = render_block("op: conv1d\na: [[1, 2, 3], [4, 5, 6]]\nb: [[[1, 1], [1, 0]]]\nbias: [10]\nshow: [animation]\n")
    assert html.count('<g class="sc-step') == 2 and re.search(r"y\[0, 1\] = (\w+)\[0\] \+ \1\[1\] \+ b\[0\]", html)
    path = tmp_path / "t.svg"
    assert main(["conv_transpose2d", "1 2; 3 4", "1 1; 1 1", "--stride", "2", "--view", "scatter",
                 "--animate", str(path)]) == 0
    assert path.read_text().count('<g class="sc-step') == 4
    capsys.readouterr()


# -- the same bytes, a real browser ----------------------------------------------------------------
def test_the_same_input_gives_the_same_bytes():
    cases = [(TRANSPOSED["strides"], {}), (TRANSPOSED["strides"], {"view": "scatter"}),
             (LAYERS["conv2d-batch-groups"], {})]
    for make, kwargs in cases:
        for format in ("svg", "gif", "storyboard"):
            assert make().animation(format, **kwargs) == make().animation(format, **kwargs), (format, kwargs)
    code = ("import hashlib, symconv; d = symconv.conv_transpose2d('1 2; 3 4', '1 2 1; 0 1 0; 2 1 1', stride=2); "
            "l = symconv.conv1d([[1, 2, 3], [4, 5, 6]], [[[1, 1], [1, 0]]], bias=[1]); "
            "print(hashlib.sha256((d.animation() + d.animation(view='scatter') + l.animation()).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1 and len(digests.pop()) == 65


def test_gif_of_a_layer_and_of_stamps():
    Image = pytest.importorskip("PIL.Image")
    for d, kwargs, count in ((LAYERS["conv1d-channels-bias"](), {}, 8),
                             (TRANSPOSED["strides"](), {"view": "scatter"}, 4)):
        gif = Image.open(io.BytesIO(d.animation("gif", **kwargs)))
        assert gif.n_frames == count


def test_transposed_svg_plays_in_chromium(browser):
    """A transposed animation moves with no script; without SMIL it shows its first frame, and
    the layer's spans (the channels of the first plane) show with it."""
    pytest.importorskip("PIL.Image")
    for svg in (TRANSPOSED["strides"]().animation(seconds=0.4),
                TRANSPOSED["strides"]().animation(seconds=0.4, view="scatter"),
                LAYERS["conv2d-batch-groups"]().animation(seconds=0.4)):
        page = _page(browser, svg)
        first = _shot(page)
        page.wait_for_timeout(600)
        assert not _same(first, _shot(page))
        page.evaluate("() => { const s = document.querySelector('svg'); s.pauseAnimations(); s.setCurrentTime(0); }")
        paused = _shot(page)
        static = _shot(_page(browser, re.sub(r"<animate [^>]*/>", "", svg)))
        assert _same(paused, static)
        reduced = _page(browser, svg, reduced_motion="reduce")
        reduced.wait_for_timeout(600)
        assert _same(_shot(reduced), static)
