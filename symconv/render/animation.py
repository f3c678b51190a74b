"""Animations of a derivation as SVG that plays without script, and storyboards for print.

One frame per output, read from the document's steps (`symconv.render.animation_frames`),
laid out once (`symconv.render.animation_layout`). The animated SVG draws the static picture
once and each frame as a group whose ``visibility`` SMIL switches on for its share of the loop
(``<animate calcMode="discrete">``); a value once computed stays in the output from the next
frame on. Without SMIL (or with ``prefers-reduced-motion: reduce``) the first frame shows:
frame 0 is visible by default, every other group hidden. Same input, same bytes.

Examples
--------
>>> import symconv
>>> from symconv.render.animation_frames import build_animation
>>> svg = animation_svg(build_animation(symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 1").document()))
>>> svg.count('class="sc-step'), svg.count("<animate ")
(4, 7)
"""

from __future__ import annotations

import html

from ..errors import InputError, brief
from ..limits import DEFAULT_LIMITS
from ..model import Expansion1D
from ..steps import sliding_strip
from .animation_frames import Animation, build_animation, check_budget
from .animation_layout import Scene, layout, refuse_wide
from .svg import FONT, Canvas, num

__all__ = ["FORMATS", "animate", "animation_svg", "storyboard_svg", "storyboard_offsets", "check_budget",
           "check_format", "check_seconds", "check_columns", "check_scale"]

#: What `animate` writes: an animated SVG (str), a GIF (bytes), every frame in one SVG (str) or
#: one PNG (bytes).
FORMATS = ("svg", "gif", "storyboard", "storyboard-png")

#: With reduced motion asked for, the first frame stays (CSS overrides SMIL's animated values
#: only when important). The same rules for every animation on a page, so they never clash.
_STYLE = ("<style>@media (prefers-reduced-motion: reduce) { "
          ".symconv-animation .sc-step, .symconv-animation .sc-kept { visibility: hidden !important; } "
          ".symconv-animation .sc-step-first { visibility: visible !important; } }</style>")
#: Added when a scene has spans (groups shown for several frames in a row); kept apart so that
#: the animations without spans keep their bytes.
_SPAN_STYLE = ("<style>@media (prefers-reduced-motion: reduce) { "
               ".symconv-animation .sc-span { visibility: hidden !important; } "
               ".symconv-animation .sc-span-first { visibility: visible !important; } }</style>")
_PANEL_GAP, _PANEL_HEAD = 24, 22


def check_format(format) -> str:
    """One of `FORMATS`."""
    if format not in FORMATS:
        raise InputError(f"format must be 'svg', 'gif', 'storyboard' or 'storyboard-png', got {brief(format)}")
    return format


def animate(doc, expansion=None, format: str = "svg", *, numbers: str = "auto", digits: int = 6,
            seconds: float = 1.0, columns: int = 2, scale: float | None = None, limits=DEFAULT_LIMITS,
            view: str | None = None):
    """The animation of the document ``doc`` in ``format`` (see `FORMATS`).

    The options are checked first; then, for 1D, the strip's width (before the sliding-strip
    view of ``expansion`` is built, which places the whole flipped sequence in every frame);
    then the frames (`build_animation`) and the writer. ``seconds`` applies to ``svg`` and
    ``gif``, ``columns`` to the storyboards, ``scale`` (pixels per unit; default 1.5 for GIF, 2
    for PNG) to the rasters. Pillow is imported for ``gif`` and ``storyboard-png`` only.
    ``view`` picks the view of a document with views (transposed convolution; see
    `symconv.render.animation_frames.select_view`).

    Examples
    --------
    >>> import symconv
    >>> d = symconv.convolve([1, 2], [1, -1])
    >>> svg = animate(d.document(call=False), d.expansion)
    >>> svg.count('<g class="sc-step'), "c[1] = 1·(−1) + 2·1" in svg
    (3, True)
    """
    check_format(format)
    seconds, columns = check_seconds(seconds), check_columns(columns)
    if scale is not None:
        check_scale(scale)
    strip = None
    if isinstance(expansion, Expansion1D):
        refuse_wide("a strip", max(len(doc.outputs[0].left.indices), len(doc.outputs)) if doc.outputs else 0)
        strip = sliding_strip(expansion, tuple(a.name for a in doc.arrays))
    anim = build_animation(doc, strip, limits, view)
    if format == "svg":
        return animation_svg(anim, numbers=numbers, digits=digits, seconds=seconds)
    if format == "storyboard":
        return storyboard_svg(anim, numbers=numbers, digits=digits, columns=columns)
    from .animation_raster import animation_gif, storyboard_png

    if format == "gif":
        return animation_gif(anim, numbers=numbers, digits=digits, seconds=seconds,
                             scale=1.5 if scale is None else scale, limits=limits)
    return storyboard_png(anim, numbers=numbers, digits=digits, columns=columns,
                          scale=2.0 if scale is None else scale, limits=limits)


def check_scale(scale) -> float:
    """Pixels per SVG unit of a raster: a number from 0.5 to 8."""
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0.5 <= scale <= 8:
        raise InputError(f"scale (pixels per SVG unit) must be a number from 0.5 to 8, got {brief(scale)}")
    return float(scale)


def check_seconds(seconds) -> float:
    """Seconds per frame: a number from 0.1 to 10."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0.1 <= seconds <= 10:
        raise InputError(f"seconds (per frame) must be a number from 0.1 to 10, got {brief(seconds)}")
    return float(seconds)


def check_columns(columns) -> int:
    """Frames side by side in a storyboard: an int from 1 to 8."""
    if isinstance(columns, bool) or not isinstance(columns, int) or not 1 <= columns <= 8:
        raise InputError(f"columns must be an int from 1 to 8, got {brief(columns)}")
    return columns


def _parts(sketch) -> list:
    canvas = Canvas()
    sketch.play(canvas)
    return canvas.parts


def _time(fraction: float) -> str:
    """A key time with six decimals at most (fixed, so the bytes never vary)."""
    text = f"{fraction:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def _switch(values: str, times: str, duration: str) -> str:
    return (f'<animate attributeName="visibility" values="{values}" keyTimes="{times}" dur="{duration}" '
            f'calcMode="discrete" repeatCount="indefinite"/>')


def _during(first: int, last: int, count: int, duration: str) -> str:
    """The switch that shows a group from frame ``first`` to frame ``last`` of ``count``."""
    if first == 0 and last >= count - 1:
        return ""
    if first == 0:
        return _switch("visible;hidden", f"0;{_time((last + 1) / count)}", duration)
    if last >= count - 1:
        return _switch("hidden;visible", f"0;{_time(first / count)}", duration)
    return _switch("hidden;visible;hidden", f"0;{_time(first / count)};{_time((last + 1) / count)}", duration)


def _head(width: float, height: float, cls: str, title: str) -> list:
    size = f'viewBox="0 0 {num(width)} {num(height)}" width="{num(width)}" height="{num(height)}"'
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="symconv-svg {cls}" {size} role="img" '
            f'font-family="sans-serif" font-size="{FONT}">', f"<title>{html.escape(title, quote=False)}</title>"]


def animation_svg(anim: Animation, *, numbers: str = "auto", digits: int = 6, seconds: float = 1.0) -> str:
    """An SVG that plays ``anim``'s frames in a loop, ``seconds`` each, with SMIL only.

    Parameters
    ----------
    anim : Animation
        From `symconv.render.animation_frames.build_animation`.
    numbers : {"auto", "fraction", "decimal"}
        How values look (as in the derivation).
    digits : int
        Significant digits of rounded decimals.
    seconds : float
        How long each frame shows, 0.1 to 10.

    Returns
    -------
    str
        ``<svg class="symconv-svg symconv-animation">``: the static picture, then one
        ``<g class="sc-span">`` per group shown for several frames in a row (a layer's channels),
        one ``<g class="sc-step">`` per frame (the first visible, the rest hidden until their
        turn), then one ``<g class="sc-kept">`` per output value that stays.
    """
    seconds = check_seconds(seconds)
    scene = layout(anim, numbers, digits)
    count = len(scene.frames)
    duration = f"{num(seconds * count)}s"
    out = _head(scene.width, scene.height, "symconv-animation", scene.title)
    out.append(_STYLE)
    if scene.spans:
        out.append(_SPAN_STYLE)
    out.extend(_parts(scene.static))
    for first, last, sketch in scene.spans:
        if first == 0 and last >= count - 1:  # every frame: part of the picture
            out.extend(_parts(sketch))
            continue
        shown = "visible" if first == 0 else "hidden"
        out.append(f'<g class="sc-span{" sc-span-first" if first == 0 else ""}" visibility="{shown}">'
                   f'{_during(first, last, count, duration)}')
        out.extend(_parts(sketch))
        out.append("</g>")
    for k, sketch in enumerate(scene.frames):
        first = " sc-step-first" if k == 0 else ""
        shown = "visible" if k == 0 else "hidden"
        out.append(f'<g class="sc-step{first}" visibility="{shown}">{_during(k, k, count, duration)}')
        out.extend(_parts(sketch))
        out.append("</g>")
    for k, sketch in enumerate(scene.kept[:-1]):  # the last value shows in the last frame only
        out.append(f'<g class="sc-kept" visibility="hidden">{_during(k + 1, count - 1, count, duration)}')
        out.extend(_parts(sketch))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def storyboard_offsets(scene: Scene, columns: int) -> tuple[float, float, list]:
    """The storyboard's width and height and each frame's ``(x, y)``: ``columns`` frames a row,
    each under a line that numbers it."""
    count = len(scene.frames)
    columns = min(columns, count)
    rows = -(-count // columns)
    cell_w, cell_h = scene.width + _PANEL_GAP, scene.height + _PANEL_HEAD + _PANEL_GAP
    offsets = [((k % columns) * cell_w, (k // columns) * cell_h) for k in range(count)]
    return columns * cell_w - _PANEL_GAP, rows * cell_h - _PANEL_GAP, offsets


def storyboard_svg(anim: Animation, *, numbers: str = "auto", digits: int = 6, columns: int = 2) -> str:
    """Every frame of ``anim`` in one static SVG, ``columns`` frames a row, for print.

    Each frame is drawn whole (the picture, the values computed so far, the frame's own
    window, sum and output), numbered "frame k of N".

    Examples
    --------
    >>> import symconv
    >>> from symconv.render.animation_frames import build_animation
    >>> board = storyboard_svg(build_animation(symconv.convolve([1, 2, 3], [1, -1]).document()))
    >>> board.count(">frame "), "<animate" in board
    (4, False)
    """
    columns = check_columns(columns)
    scene = layout(anim, numbers, digits)
    width, height, offsets = storyboard_offsets(scene, columns)
    out = _head(width, height, "symconv-storyboard", f"Storyboard, every frame: {scene.title}")
    count = len(scene.frames)
    for k, (x, y) in enumerate(offsets):
        canvas = Canvas()
        canvas.text(0, 15, f"frame {k + 1} of {count}", cls="sc-muted")
        out.append(f'<g transform="translate({num(x)} {num(y)})">')
        out.extend(canvas.parts)
        out.append(f'<g transform="translate(0 {_PANEL_HEAD})">')
        scene.frame(k, canvas := Canvas())
        out.extend(canvas.parts)
        out.append("</g></g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
