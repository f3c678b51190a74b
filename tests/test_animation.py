"""Animations: one frame per output, every number from the steps, SVG that plays without script
(and shows the first frame without animation), GIF and storyboards, the fence, the CLI, the
budget, and a real browser."""

import dataclasses
import io
import math
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

import symconv
from symconv.cli import main
from symconv.errors import DerivationTooLarge, InputError
from symconv.fence import parse_fence, render_block
from symconv.render.animation_frames import build_animation
from symconv.steps import Padding

SVG = "{http://www.w3.org/2000/svg}"

CASES = {  # the operations and geometries an animation draws
    "convolve": lambda: symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]),
    "convolve-same": lambda: symconv.convolve([1, 2, 3], [1, 1, -1], mode="same"),
    "correlate-complex": lambda: symconv.correlate([1, 2, 3], [1, 1j, 2], mode="full"),
    "convolve-symbolic": lambda: symconv.convolve(["a", "b"], [1, "c"]),
    "convolve2d-full": lambda: symconv.convolve2d("1 2; 3 4", "1 1; 1 -1"),
    "convolve2d-wrap": lambda: symconv.convolve2d("1 2 3; 3 4 5", "1 1; 1 -1", mode="same", boundary="wrap"),
    "correlate2d-fill": lambda: symconv.correlate2d("1 2; 3 4", "1 2; 3 -1", boundary="fill", fillvalue=2),
    "conv1d-stride-dilation": lambda: symconv.conv1d("1, 2, 3, 4", "1, -1", padding=2, stride=2, dilation=2,
                                                     padding_mode="reflect"),
    "conv2d-no-padding": lambda: symconv.conv2d("1 2 3 4; 5 6 7 8; 9 10 11 12; 13 14 15 16",
                                                "1 0 -1; 2 0 -2; 1 0 -1"),
    "conv2d-stride-padding": lambda: symconv.conv2d("1 2 3 4 5; 6 7 8 9 10; 1 1 1 1 1; 2 2 2 2 2; 0 1 0 1 0",
                                                    "1 0 1; 0 1 0; 1 0 1", stride=2, padding=1),
    "conv2d-dilation": lambda: symconv.conv2d("1 2 3 4 5; 6 7 8 9 10; 1 1 1 1 1; 2 2 2 2 2; 0 1 0 1 0",
                                              "1 0 1; 0 1 0; 1 0 1", dilation=2),
    "conv2d-circular": lambda: symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", padding=1,
                                              padding_mode="circular"),
    "conv2d-replicate": lambda: symconv.conv2d("1 2; 3 4", "1 1; 1 1", padding=1, padding_mode="replicate"),
}


def flat(values) -> list:
    """The outputs in frame order (row by row)."""
    return [v for row in values for v in flat(row)] if isinstance(values, tuple) else [values]


def groups(svg: str, cls: str) -> list:
    """The ``<g>`` elements of class ``cls`` (``sc-step``: the frames, in order)."""
    root = ET.fromstring(svg)  # well-formed: every text escaped
    return [g for g in root.iter(f"{SVG}g") if cls in g.get("class", "").split()]


def text_of(element) -> str:
    return "".join(element.itertext())


def shown_value(frame) -> str:
    """The value written in the frame's highlighted output cell."""
    children = list(frame)
    hit = next(k for k, c in enumerate(children) if c.get("class") == "sc-out-hit")
    return text_of(children[hit + 1])


def parse_number(text: str):
    """A value as the figure prints it (true minus signs, ``j`` for the imaginary unit)."""
    text = text.replace("\u2212", "-").replace(" ", "")
    if "j" in text:
        return complex(re.sub(r"(?<![\d.])j", "1j", text))
    return Fraction(text)


def as_number(value):
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return complex(value)


@pytest.mark.parametrize("name", CASES)
def test_one_frame_per_output_showing_its_value(name):
    d = CASES[name]()
    svg = d.animation()
    frames = groups(svg, "sc-step")
    assert len(frames) == len(d) == len(flat(d.values))
    assert frames[0].get("visibility") == "visible"  # the static picture is the first frame
    assert all(f.get("visibility") == "hidden" for f in frames[1:])
    for frame, value in zip(frames, flat(d.values)):
        shown = shown_value(frame)
        if value.free_symbols:  # symbolic: as the derivation's own notation prints it
            assert shown == symconv.render.svg.Labels(d.kind, False).number(value)
        else:
            assert parse_number(shown) == as_number(value), (name, shown, value)
        last = [text_of(t) for t in frame.iter(f"{SVG}text") if "= " in text_of(t)][-1]
        assert last.endswith(f"= {shown}")  # the sum ends in the same value
    # readable on a phone: at most 440 units wide, no text under 14 units (>= 11 px at 358 px)
    root = ET.fromstring(svg)
    assert float(root.get("width")) <= 440 and root.get("font-size") == "14"
    assert not any(t.get("font-size") for t in root.iter(f"{SVG}text"))
    assert "**" not in svg and "sqrt(" not in svg and "*" not in re.sub(r"<[^>]*>", "", svg)


@pytest.mark.parametrize("name", ["conv2d-stride-padding", "conv2d-dilation", "correlate2d-fill"])
def test_every_frame_highlights_the_cells_its_terms_read(name):
    d = CASES[name]()
    zeros = d.kind in ("convolve2d", "correlate2d")
    terms = [len(d.terms(*index)) for index in _indices(d)] if not zeros else None
    for k, frame in enumerate(groups(d.animation(), "sc-step")):
        read = [r for r in frame if r.get("class") in ("sc-win", "sc-win-pad")]
        outline = [r for r in frame if r.get("class") == "sc-frame"]
        assert len(outline) == 1
        if terms is not None:
            assert len(read) == terms[k]
        else:  # scipy: every tap of the window, inside the input or not
            assert len(read) == 4
    if name == "conv2d-dilation":  # the outline spans 5 cells, 3 of them read: the gaps show
        box = outline[0]
        assert float(box.get("width")) == 5 * float(read[0].get("width"))


def _indices(d):
    rows, cols = d.output_shape[-2:]
    return [(i, j) for i in range(rows) for j in range(cols)]


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_padded_cells_are_marked_with_what_they_hold(mode):
    d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 1", padding=1, padding_mode=mode)
    pad = d.document().find(Padding)[0]
    svg = d.animation()
    root = ET.fromstring(svg)
    static = [e for e in root if e.tag in (f"{SVG}rect", f"{SVG}text")]
    padded = [k for k, e in enumerate(static) if e.get("class") == "sc-pad" and e.get("width") != "14"]  # not the legend
    assert len(padded) == len(pad.outside) == 16
    held = sorted(text_of(static[k + 1]) for k in padded)
    expected = sorted(str(pad.rows[r][c]) for r, c in pad.outside)
    assert held == [t.replace("-", "\u2212") for t in expected]
    assert ("zero padding" if mode == "zeros" else f"{mode} padding") in svg


def test_the_same_input_gives_the_same_bytes():
    d = CASES["conv2d-stride-padding"]()
    for format in ("svg", "storyboard", "gif", "storyboard-png"):
        assert d.animation(format) == CASES["conv2d-stride-padding"]().animation(format), format
    code = ("import hashlib, symconv; print(hashlib.sha256(symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])"
            ".animation().encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1 and len(digests.pop()) == 65


def test_golden_svg(golden):
    golden("animation_conv2d.svg", symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", padding=1).animation())


def test_smil_switches_each_frame_on_for_its_share_of_the_loop():
    svg = symconv.convolve([1, 2, 3], [1, -1]).animation(seconds=0.5)
    frames = groups(svg, "sc-step")
    switches = [f.find(f"{SVG}animate") for f in frames]
    assert [s.get("keyTimes") for s in switches] == ["0;0.25", "0;0.25;0.5", "0;0.5;0.75", "0;0.75"]
    assert {s.get("dur") for s in switches} == {"2s"} and {s.get("calcMode") for s in switches} == {"discrete"}
    kept = groups(svg, "sc-kept")  # each value stays from the next frame on (the last shows in its frame)
    assert [k.find(f"{SVG}animate").get("keyTimes") for k in kept] == ["0;0.25", "0;0.5", "0;0.75"]
    assert "prefers-reduced-motion" in svg and "<script" not in svg


def test_gif_has_one_image_per_output():
    Image = pytest.importorskip("PIL.Image")
    d = CASES["conv2d-stride-padding"]()
    gif = Image.open(io.BytesIO(d.animation("gif", seconds=0.5)))
    assert gif.format == "GIF" and gif.n_frames == len(d) == 9
    assert gif.info["duration"] == 500 and gif.info["loop"] == 0
    root = ET.fromstring(d.animation())
    assert gif.size == tuple(math.ceil(float(root.get(k)) * 1.5) for k in ("width", "height"))


def test_storyboard_holds_every_frame():
    Image = pytest.importorskip("PIL.Image")
    d = CASES["convolve"]()
    board = d.animation("storyboard", columns=3)
    assert "<animate" not in board
    for k in range(len(d)):
        assert f">frame {k + 1} of {len(d)}<" in board
    texts = [text_of(t) for t in ET.fromstring(board).iter(f"{SVG}text")]
    for value in ("1", "1.5", "1.625", "0.75", "0.25"):
        assert f"= {value}" in " ".join(texts)
    root = ET.fromstring(board)
    png = Image.open(io.BytesIO(d.animation("storyboard-png", columns=3, scale=1)))
    assert png.format == "PNG"
    assert abs(png.size[0] - float(root.get("width"))) <= 1 and abs(png.size[1] - float(root.get("height"))) <= 1


def test_bad_options_are_refused():
    d = CASES["convolve"]()
    for kwargs, match in [(dict(format="mp4"), "format must be"), (dict(seconds=0), "seconds"),
                          (dict(format="storyboard", columns=0), "columns"), (dict(format="gif", scale=100), "scale")]:
        with pytest.raises(InputError, match=match):
            d.animation(**kwargs)
    t = symconv.conv_transpose1d([1, 2], [1, -1], stride=2)
    with pytest.raises(InputError, match="'zero-insertion' or 'scatter', got 'matrix'; the matrix view has no window"):
        t.animation(view="matrix")
    with pytest.raises(InputError, match="conv2d has no views"):
        symconv.conv2d("1 2; 3 4", "1 1; 1 1").animation(view="scatter")
    with pytest.raises(InputError, match="at most .* cells wide"):
        symconv.convolve(list(range(1, 30)), [1, 1]).animation()
    doc = symconv.convolve([1, 2], [3]).document()  # two views deriving one output: no frame order
    twice = dataclasses.replace(doc, steps=doc.steps + (doc.outputs[0],))
    with pytest.raises(InputError, match="more than once"):
        build_animation(twice)


def test_the_budget_refuses_before_any_work():
    d = symconv.conv2d([[1] * 40] * 40, "1 0; 0 1")
    start = time.perf_counter()
    with pytest.raises(DerivationTooLarge, match="at most 256 frames .* needs 1,521"):
        d.animation("gif")
    assert time.perf_counter() - start < 0.05
    small = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 1", limits=symconv.Limits(max_animation_cells=12))
    with pytest.raises(DerivationTooLarge, match="at most 12 cells"):
        small.animation()
    with pytest.raises(DerivationTooLarge, match="max_raster_pixels"):
        symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 1",
                       limits=symconv.Limits(max_raster_pixels=1000)).animation("gif")


def test_fence_shows_the_animation_escaped():
    html = render_block("op: conv2d\na: 1 2 3; 4 5 6; 7 8 9\nb: 1 0; 0 -1\nshow: [animation]\n")
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    assert len(groups(svg, "sc-step")) == 4
    assert '<figure class="symconv-figure"><svg' in html and "<figcaption>Animation, one frame per output" in html
    assert "<script" not in html
    html = render_block('a: 1, 2, 3\nb: 1, -1\nnames: "x,h,y"\nshow: [derivation, animation]\n')
    assert "h flipped slides along x" in html and html.count('class="sc-step') == 4
    with pytest.raises(InputError, match="'animation' needs finite sequences"):
        parse_fence('a: "(1/2)**n*u[n]"\nb: "u[n]"\nformula: true\nshow: [animation]\n')


def test_cli_writes_the_animation_and_still_prints(tmp_path, capsys):
    pytest.importorskip("PIL.Image")
    for suffix, head in ((".svg", b"<svg"), (".gif", b"GIF89a"), (".png", b"\x89PNG")):
        path = tmp_path / f"out{suffix}"
        assert main(["conv2d", "1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", "--animate", str(path)]) == 0
        assert path.read_bytes().startswith(head)
        assert "y[1, 1] =" in capsys.readouterr().out
    assert main(["convolve", "1, 2", "3", "--animate", str(tmp_path / "out.mp4")]) == 2
    err = capsys.readouterr().err
    assert err == "symconv: error: --animate writes .svg, .gif or .png files, got " + repr(str(tmp_path / "out.mp4")) + "\n"
    assert not (tmp_path / "out.mp4").exists()
    assert main(["convolve", "(1/2)**n*u[n]", "u[n]", "--formula", "--animate", str(tmp_path / "f.svg")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_import_symconv_does_not_import_pillow():
    code = "import sys, symconv; symconv.convolve([1, 2], [3]).animation(); print('PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr


# -- a real browser ------------------------------------------------------------------------------
def _page(browser, svg: str, **context):
    page = browser.new_context(viewport={"width": 390, "height": 900}, **context).new_page()
    page.set_content(f"<!doctype html><html><body style='margin:0;background:#fff'>"
                     f"<div style='width:358px'>{svg}</div></body></html>")
    page.add_style_tag(content="svg { width: 100%; height: auto; }")
    return page


def _shot(page) -> bytes:
    return page.locator("svg").first.screenshot()


def _same(a: bytes, b: bytes) -> bool:
    from PIL import Image, ImageChops

    return ImageChops.difference(Image.open(io.BytesIO(a)).convert("RGB"),
                                 Image.open(io.BytesIO(b)).convert("RGB")).getbbox() is None


def test_the_svg_plays_in_chromium_and_stands_still_without_animation(browser):
    pytest.importorskip("PIL.Image")
    svg = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1").animation(seconds=0.4)
    page = _page(browser, svg)
    first = _shot(page)
    page.wait_for_timeout(600)  # past the first frame's 0.4 s
    later = _shot(page)
    assert not _same(first, later)  # it plays, with no script on the page
    # text at least 11 px at a phone's width
    smallest = page.evaluate("""() => { const s = document.querySelector('svg');
        const k = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
        return Math.min(...[...s.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * k)); }""")
    assert smallest >= 11
    page.evaluate("() => { const s = document.querySelector('svg'); s.pauseAnimations(); s.setCurrentTime(0); }")
    paused = _shot(page)
    static = _shot(_page(browser, re.sub(r"<animate [^>]*/>", "", svg)))  # no SMIL at all
    assert _same(paused, static)  # without animation: the first frame
    reduced = _page(browser, svg, reduced_motion="reduce")
    reduced.wait_for_timeout(600)
    assert _same(_shot(reduced), static)  # prefers-reduced-motion keeps the first frame
    page.evaluate("() => document.querySelector('svg').setCurrentTime(0.5)")
    assert not _same(_shot(page), static)  # the second frame differs from the first
