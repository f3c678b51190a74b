"""Animations as GIF (for slides) and storyboards as PNG (for print), drawn with Pillow.

The raster plays the same `Scene` as the SVG (`symconv.render.animation_layout`): the same
rectangles, lines and texts, in the colours the SVG's presentation attributes give (the light
scheme), at ``scale`` pixels per SVG unit. Text is set in DejaVu Sans when the system has it
(Pillow's own font otherwise). Pillow is imported only here, when a raster is asked for.
"""

from __future__ import annotations

import io
import math
import re
from functools import lru_cache

from ..errors import DerivationTooLarge, InputError
from ..limits import DEFAULT_LIMITS
from .animation import check_columns, check_scale, check_seconds, storyboard_offsets
from .animation_frames import Animation
from .animation_layout import layout
from .svg import CLASSES, FONT

__all__ = ["animation_gif", "storyboard_png"]

_ATTRS = re.compile(r'([\w-]+)="([^"]*)"')
_FONTS = {(False, False): "DejaVuSans.ttf", (True, False): "DejaVuSans-Bold.ttf",
          (False, True): "DejaVuSans-Oblique.ttf", (True, True): "DejaVuSans-BoldOblique.ttf"}


def _pillow():
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError as exc:
        raise InputError("GIF and PNG animations need Pillow: pip install Pillow "
                         "(or symconv[docs])") from exc
    return Image, ImageDraw, ImageFont


def _rgb(colour: str) -> tuple:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@lru_cache(maxsize=None)
def _style(cls: str) -> dict:
    """The presentation attributes of a figure class, colours as RGB."""
    attrs = dict(_ATTRS.findall(CLASSES[cls]))
    for key in ("fill", "stroke"):
        attrs[key] = None if attrs.get(key, "none") == "none" else _rgb(attrs[key])
    return attrs


@lru_cache(maxsize=1)
def _palette():
    """A fixed palette: every colour of the figure classes, and 7 steps from each ink (text,
    muted text, grid and outline) to each background it is drawn on, for antialiased edges.
    Fixed, so no frame is analysed and every frame maps the same way."""
    Image, _, _ = _pillow()
    fills = [(255, 255, 255)] + [_style(c)["fill"] for c in CLASSES if _style(c)["fill"]]
    inks = [_style(c)[k] for c, k in (("sc-text", "fill"), ("sc-muted", "fill"), ("sc-in", "stroke"),
                                        ("sc-frame", "stroke"))]
    colours = list(dict.fromkeys(fills + inks))
    for ink in inks:
        for back in dict.fromkeys(fills):
            for step in range(1, 8):
                colours.append(tuple(round(b + (i - b) * step / 8) for i, b in zip(ink, back)))
    colours = list(dict.fromkeys(colours))[:255]  # one index left free for GIF transparency
    image = Image.new("P", (1, 1))
    image.putpalette([v for colour in colours for v in colour])
    return image


@lru_cache(maxsize=64)
def _font(size: int, bold: bool, italic: bool):
    _, _, ImageFont = _pillow()
    try:
        return ImageFont.truetype(_FONTS[bold, italic], size)
    except OSError:
        return ImageFont.load_default(size)


class _Pen:
    """The drawing calls of `symconv.render.svg.Canvas` onto a Pillow image, at ``scale``
    pixels per unit, from ``(dx, dy)`` units."""

    def __init__(self, image, scale: float, dx: float = 0.0, dy: float = 0.0):
        _, ImageDraw, _ = _pillow()
        self.draw = ImageDraw.Draw(image)
        self.scale, self.dx, self.dy = scale, dx, dy

    def _xy(self, x: float, y: float) -> tuple:
        return (round((x + self.dx) * self.scale), round((y + self.dy) * self.scale))

    def _dashed(self, a: tuple, b: tuple, colour, width: int, dash: tuple) -> None:
        (x1, y1), (x2, y2) = a, b
        length = math.hypot(x2 - x1, y2 - y1)
        on, off = (d * self.scale for d in dash)
        t = 0.0
        while t < length:
            end = min(t + on, length)
            self.draw.line([(x1 + (x2 - x1) * t / length, y1 + (y2 - y1) * t / length),
                            (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)],
                           fill=colour, width=width)
            t = end + off

    def rect(self, x: float, y: float, w: float, h: float, cls: str) -> None:
        style = _style(cls)
        (x1, y1), (x2, y2) = self._xy(x, y), self._xy(x + w, y + h)
        if style["fill"]:
            self.draw.rectangle([x1, y1, x2, y2], fill=style["fill"])
        if style["stroke"]:
            width = max(1, round(float(style.get("stroke-width", 1)) * self.scale))
            if "stroke-dasharray" in style:
                dash = tuple(float(d) for d in style["stroke-dasharray"].split())
                for a, b in (((x1, y1), (x2, y1)), ((x2, y1), (x2, y2)), ((x2, y2), (x1, y2)), ((x1, y2), (x1, y1))):
                    self._dashed(a, b, style["stroke"], width, dash)
            else:
                self.draw.rectangle([x1, y1, x2, y2], outline=style["stroke"], width=width)

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str = "sc-axis") -> None:
        style = _style(cls)
        width = max(1, round(float(style.get("stroke-width", 1)) * self.scale))
        self.draw.line([self._xy(x1, y1), self._xy(x2, y2)], fill=style["stroke"], width=width)

    def text(self, x: float, y: float, parts, cls: str = "sc-text", anchor: str = "start",
             size: float = FONT, bold: bool = False, middle: bool = False) -> None:
        parts = [parts] if isinstance(parts, str) else parts
        colour, muted = _style(cls)["fill"], _style("sc-muted")["fill"]
        px = max(1, round(size * self.scale))
        runs = []  # (text, font, colour)
        for part in parts:
            if isinstance(part, str):
                runs.append((part, _font(px, bold, False), colour))
            elif part[0] == "i":
                runs.append((part[1], _font(px, bold, True), colour))
            else:
                runs.append((part[1], _font(px, False, False), muted))
        total = sum(font.getlength(text) for text, font, _ in runs)
        left, base = self._xy(x, y)
        left -= {"start": 0, "middle": total / 2, "end": total}[anchor]
        for text, font, fill in runs:
            self.draw.text((left, base), text, font=font, fill=fill, anchor="lm" if middle else "ls")
            left += font.getlength(text)


def _canvas(width: float, height: float, scale: float, limits):
    Image, _, _ = _pillow()
    size = (math.ceil(width * scale), math.ceil(height * scale))
    if size[0] * size[1] > limits.max_raster_pixels:
        raise DerivationTooLarge(f"the image would be {size[0]}x{size[1]} pixels, more than "
                                 f"Limits.max_raster_pixels ({limits.max_raster_pixels:,}); lower scale, "
                                 f"use fewer columns or animate a smaller example")
    return Image.new("RGB", size, (255, 255, 255))


def animation_gif(anim: Animation, *, numbers: str = "auto", digits: int = 6, seconds: float = 1.0,
                  scale: float = 1.5, limits=DEFAULT_LIMITS) -> bytes:
    """A looping GIF of ``anim``, one image per frame, ``seconds`` each.

    Parameters
    ----------
    anim : Animation
    numbers, digits
        As for `symconv.render.animation.animation_svg`.
    seconds : float
        How long each frame shows, 0.1 to 10 (GIF counts in hundredths).
    scale : float
        Pixels per SVG unit, 0.5 to 8 (1.5: a 660 px wide GIF from a 440 unit picture).
    limits : Limits
        ``max_raster_pixels`` bounds one frame.

    Examples
    --------
    >>> import io, symconv
    >>> from PIL import Image
    >>> from symconv.render.animation_frames import build_animation
    >>> gif = animation_gif(build_animation(symconv.convolve([1, 2, 3], [1, -1]).document()), scale=1)
    >>> Image.open(io.BytesIO(gif)).n_frames
    4
    """
    seconds, scale = check_seconds(seconds), check_scale(scale)
    scene = layout(anim, numbers, digits)
    kept = _canvas(scene.width, scene.height, scale, limits)
    scene.static.play(_Pen(kept, scale))
    count = len(scene.frames)
    for first, last, span in scene.spans:
        if first == 0 and last >= count - 1:
            span.play(_Pen(kept, scale))
    Image, _, _ = _pillow()
    spans = []  # a span shown in several frames is drawn once, onto a transparent layer
    for first, last, span in scene.spans:
        if first == 0 and last >= count - 1:
            continue
        if first == last:
            spans.append((first, last, span, None))
            continue
        layer = Image.new("RGBA", kept.size, (255, 255, 255, 0))
        span.play(_Pen(layer, scale))
        box = layer.getbbox()
        spans.append((first, last, None, (layer.crop(box), box[:2]) if box else None))
    images = []
    for k, sketch in enumerate(scene.frames):
        image = kept.copy()
        for first, last, span, layer in spans:
            if first <= k <= last:
                if span is not None:
                    span.play(_Pen(image, scale))
                elif layer is not None:
                    image.paste(layer[0], layer[1], layer[0])
        sketch.play(_Pen(image, scale))
        images.append(image)
        if k < len(scene.kept):
            scene.kept[k].play(_Pen(kept, scale))  # from the next frame on, this value stays
    frames = [image.quantize(palette=_palette(), dither=Image.Dither.NONE) for image in images]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], loop=0,
                   duration=round(seconds * 1000), disposal=1, optimize=True)
    return out.getvalue()


def storyboard_png(anim: Animation, *, numbers: str = "auto", digits: int = 6, columns: int = 2,
                   scale: float = 2.0, limits=DEFAULT_LIMITS) -> bytes:
    """Every frame of ``anim`` in one PNG, ``columns`` a row, as the storyboard SVG lays them out.

    Examples
    --------
    >>> import io, symconv
    >>> from PIL import Image
    >>> from symconv.render.animation_frames import build_animation
    >>> png = storyboard_png(build_animation(symconv.convolve([1, 2, 3], [1, -1]).document()), scale=1)
    >>> Image.open(io.BytesIO(png)).size
    (850, 686)
    """
    columns, scale = check_columns(columns), check_scale(scale)
    scene = layout(anim, numbers, digits)
    width, height, offsets = storyboard_offsets(scene, columns)
    image = _canvas(width, height, scale, limits)
    for k, (x, y) in enumerate(offsets):
        _Pen(image, scale, x, y).text(0, 15, f"frame {k + 1} of {len(offsets)}", cls="sc-muted")
        scene.frame(k, _Pen(image, scale, x, y + 22))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
