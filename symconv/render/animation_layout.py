"""Where an animation's cells, values and lines go, in SVG units.

Sizes follow `symconv.render.svg`: no picture is wider than ``WIDTH`` and no text smaller than
``FONT``, so on a 390 px phone every number stays at least 11 px high. A picture that cannot
hold its cells at that size is refused (stacking the panels first: input, then kernel and
output, then each alone).

The layout records drawing calls (`Sketch`) instead of writing SVG: a `Scene` holds the
static picture, one sketch per frame and, per output, its value as it stays once computed. The
SVG writer (`symconv.render.animation`) and the raster writer
(`symconv.render.animation_raster`) play the same calls, so the GIF shows what the SVG shows.
Numbers are printed by `Labels`, as the derivation prints them. The layouts of a layer's
channels (`symconv.render.animation_channels`) and of a scatter view's stamps
(`symconv.render.animation_scatter`) draw with the same private helpers (cells, windows, sums,
legend) and sizes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from .animation_frames import Animation
from .animation_words import gap_words, index_text, kernel_words, ref_parts, source_words, sum_lines
from .svg import WIDTH, Labels, text_width

__all__ = ["Sketch", "Scene", "layout", "refuse_wide", "source_class"]

_GAP, _HEAD, _LINE, _CELL = 18, 24, 20, 30   # between panels; a title line; a text line; least cell


class Sketch:
    """Drawing calls recorded in order (``rect``, ``line``, ``text`` as on
    `symconv.render.svg.Canvas`), played onto any object with the same methods.

    Examples
    --------
    >>> from symconv.render.svg import Canvas
    >>> s = Sketch()
    >>> s.rect(0, 0, 10, 10, "sc-in")
    >>> c = Canvas()
    >>> s.play(c)
    >>> c.parts[0].startswith('<rect class="sc-in"')
    True
    """

    def __init__(self):
        self.calls: list = []

    def rect(self, *args, **kwargs) -> None:
        self.calls.append(("rect", args, kwargs))

    def line(self, *args, **kwargs) -> None:
        self.calls.append(("line", args, kwargs))

    def text(self, *args, **kwargs) -> None:
        self.calls.append(("text", args, kwargs))

    def play(self, target) -> None:
        for name, args, kwargs in self.calls:
            getattr(target, name)(*args, **kwargs)


@dataclass
class Scene:
    """An animation laid out: ``static`` drawn under every frame, ``frames[k]`` during frame
    ``k`` only, ``kept[k]`` (output ``k``'s value) from frame ``k + 1`` to the end, and each
    of ``spans``, ``(first, last, sketch)``, from frame ``first`` to frame ``last`` (what
    several frames in a row share: the channels of a layer's output plane, a count so far)."""

    width: float
    height: float
    title: str
    static: Sketch
    frames: list
    kept: list
    spans: list = field(default_factory=list)

    def frame(self, k: int, target) -> None:
        """Play frame ``k`` as it looks on its own (for a GIF frame or a storyboard panel)."""
        self.static.play(target)
        for first, last, sketch in self.spans:
            if first <= k <= last:
                sketch.play(target)
        for sketch in self.kept[:k]:
            sketch.play(target)
        self.frames[k].play(target)


def _draw_sum(sk: Sketch, x: float, y: float, lines: list) -> None:
    for n, (indent, text) in enumerate(lines):
        sk.text(x + indent, y + n * _LINE, text)


def _widest(sums: list) -> float:
    return max(indent + text_width(text) for lines in sums for indent, text in lines)


def _cell_size(texts) -> float:
    return max([float(_CELL)] + [text_width(t) + 10 for t in texts])


def _refuse(what: str, columns: int, size: float, room: float) -> None:
    most = int(room // size)
    raise InputError(f"an animation shows {what} at most {most} cells wide at a readable size "
                     f"({size:.0f} units each, text at least 11 px on a phone); this one is {columns} wide: "
                     f"animate a smaller example")


def refuse_wide(what: str, columns: int) -> None:
    """Refuse, before anything is built, ``columns`` cells side by side that cannot be read
    even at the smallest cell (the exact check, with the widest value, comes with the layout)."""
    room = WIDTH - 16 - 2 * _CELL  # the row labels of a strip take about two cells
    if columns * _CELL > room:
        _refuse(what, columns, _CELL, room)


def _grid(sk: Sketch, x0: float, y0: float, size: float, place: dict, cells, classes, lab: Labels) -> None:
    """Cells at their places ``place[index] = (row, column)``, ``classes(cell)`` their class."""
    for cell in cells:
        r, c = place[cell.index]
        cls = classes(cell)
        x, y = x0 + c * size, y0 + r * size
        sk.rect(x, y, size, size, cls)
        sk.text(x + size / 2, y + size / 2, lab.number(cell.value), anchor="middle", middle=True,
                cls="sc-muted" if cls in ("sc-pad", "sc-win-pad", "sc-zero") else "sc-text")


def source_class(cell) -> str:
    """An input cell's class: a sample, padding (or a boundary's value), or an inserted zero."""
    return "sc-in" if cell.inside else "sc-zero" if cell.gap else "sc-pad"


def _places(cells) -> tuple[dict, int, int]:
    """``index -> (row, column)`` for one- and two-index cells, and the rows and columns."""
    rows = sorted({c.index[0] for c in cells}) if len(cells[0].index) == 2 else [0]
    cols = sorted({c.index[-1] for c in cells})
    r_of, c_of = {r: k for k, r in enumerate(rows)}, {c: k for k, c in enumerate(cols)}
    place = {c.index: (r_of[c.index[0]] if len(c.index) == 2 else 0, c_of[c.index[-1]]) for c in cells}
    return place, len(rows), len(cols)


def _legend(sk: Sketch, y: float, entries: list) -> tuple[float, float]:
    """Swatches with words, wrapped to the width; the y below it and the right edge."""
    x = right = 8
    for cls, words in entries:
        width = 22 + text_width(words)
        if x + width > WIDTH - 8 and x > 8:
            x, y = 8, y + 22
        sk.rect(x, y - 11, 14, 14, cls)
        sk.text(x + 20, y, words)
        right = max(right, x + width + 8)
        x += width + 14
    return y + 12, right


def _highlight(sk: Sketch, x0, y0, size, place, source: dict, read, lab) -> None:
    """The cells a frame reads, highlighted, and an outline around the window's extent (the
    cells inside it that are not read, dilation's gaps, stay as they are)."""
    for index in read:
        cell = source[index]
        r, c = place[index]
        cls = "sc-win" if cell.inside else "sc-win-pad"
        sk.rect(x0 + c * size, y0 + r * size, size, size, cls)
        sk.text(x0 + c * size + size / 2, y0 + r * size + size / 2, lab.number(cell.value), anchor="middle",
                middle=True, cls="sc-text")
    if read:
        rs = [place[i][0] for i in read]
        cs = [place[i][1] for i in read]
        sk.rect(x0 + min(cs) * size, y0 + min(rs) * size, (max(cs) - min(cs) + 1) * size,
                (max(rs) - min(rs) + 1) * size, "sc-frame")


def _outputs(sk: Sketch, scene_frames: list, kept: list, anim: Animation, x0, y0, size, lab) -> None:
    """The output's empty cells (static); each frame's cell highlighted with its value; each
    value kept from the next frame on."""
    place, _, _ = _places(anim.output.cells)
    for cell in anim.output.cells:
        r, c = place[cell.index]
        sk.rect(x0 + c * size, y0 + r * size, size, size, "sc-out")
    for k, cell in enumerate(anim.output.cells):
        r, c = place[cell.index]
        x, y = x0 + c * size, y0 + r * size
        text = lab.number(cell.value)
        scene_frames[k].rect(x, y, size, size, "sc-out-hit")
        scene_frames[k].text(x + size / 2, y + size / 2, text, anchor="middle", middle=True)
        keep = Sketch()
        keep.text(x + size / 2, y + size / 2, text, anchor="middle", middle=True)
        kept.append(keep)


def layout(anim: Animation, numbers: str = "auto", digits: int = 6) -> Scene:
    """The `Scene` of ``anim``: strips for one-index arrays, grids for two; a layer's channels
    stacked (`symconv.render.animation_channels`); the stamps of a scatter view
    (`symconv.render.animation_scatter`).

    Raises
    ------
    InputError
        The cells do not fit ``WIDTH`` at a readable size.

    Examples
    --------
    >>> import symconv
    >>> from symconv.render.animation_frames import build_animation
    >>> scene = layout(build_animation(symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 1").document()))
    >>> len(scene.frames), scene.width <= 440
    (4, True)
    """
    lab = Labels(anim.kind, anim.decimal, numbers, digits)
    if not isinstance(anim, Animation):
        from .animation_channels import LayerAnimation, layer_scene

        if isinstance(anim, LayerAnimation):
            return layer_scene(anim, lab)
        from .animation_scatter import scatter_scene

        return scatter_scene(anim, lab)
    return (_strips if anim.one_d else _grids)(anim, lab)


def _strips(anim: Animation, lab: Labels) -> Scene:
    """1D: the first sequence (or padded input) on a strip, the kernel placed under it as each
    frame has it, the sum, and the output strip."""
    source = {c.index: c for c in anim.source.cells}
    columns = sorted({i[0] for i in source} | {p[0][0] for f in anim.frames for p in f.placed})
    col_of = {c: k for k, c in enumerate(columns)}
    place = {(c,): (0, k) for c, k in col_of.items()}
    size = _cell_size([lab.number(c.value) for c in anim.source.cells] +
                      [lab.number(p[2]) for f in anim.frames for p in f.placed])
    x_name, k_name, y_name = (lab.name(a.name) for a in (anim.source.array, anim.sliding, anim.output.array))
    label_w = max(text_width(x_name), text_width(k_name), text_width(y_name)) + 14
    x0 = 8 + label_w
    if x0 + len(columns) * size > WIDTH - 8:
        _refuse("a strip", len(columns), size, WIDTH - 8 - x0)
    out_size = _cell_size([lab.number(c.value) for c in anim.output.cells])
    if x0 + len(anim.output.cells) * out_size > WIDTH - 8:
        _refuse("the output", len(anim.output.cells), out_size, WIDTH - 8 - x0)
    remark, outside = source_words(anim, lab)
    k_words = kernel_words(anim)
    st, frames, kept = Sketch(), [Sketch() for _ in anim.frames], []
    st.text(8, 16, ["input ", ("i", x_name), ("m", remark if anim.source.padded else "")], bold=True)
    st.text(8, 16 + _LINE, ["kernel ", ("i", k_name), ("m", k_words)], bold=True)
    y = 16 + 2 * _LINE
    var = {"convolve": ("n", " flipped and slid to "), "correlate": ("k", " slid to lag ")}.get(anim.kind)
    for frame, sk in zip(anim.frames, frames):  # which output this frame derives, and where the kernel is
        where = [("i", k_name), var[1], ("i", var[0]), f" = {index_text(frame.output.index)}"] if var else []
        sk.text(8, y, [*ref_parts(lab, frame.output), ": " if var else "", *where], cls="sc-muted")
    y += 14
    for c, k in col_of.items():
        st.text(x0 + k * size + size / 2, y + 6, str(c).replace("-", "\u2212"), cls="sc-muted", anchor="middle")
    y += 14
    st.text(8, y + size / 2, [("i", x_name)], middle=True)
    st.text(8, y + size * 1.5, [("i", k_name)], middle=True)
    _grid(st, x0, y, size, place, [source[(c,)] for c in columns if (c,) in source], source_class, lab)
    sums = [sum_lines(lab, f, WIDTH - 16, False) for f in anim.frames]
    gaps = [lab.number(c.value) for c in anim.kernel.cells if c.gap]  # dilation's zeros
    for frame, sk, lines in zip(anim.frames, frames, sums):
        _highlight(sk, x0, y, size, place, source, frame.read, lab)
        spots = {p[0][0]: p[2] for p in frame.placed}
        first, last = (min(spots), max(spots)) if spots else (0, -1)
        for column in range(first, last + 1):  # between taps (dilation): the inserted zeros
            if column not in spots and column in col_of and gaps:
                sk.rect(x0 + col_of[column] * size, y + size, size, size, "sc-pad")
                sk.text(x0 + col_of[column] * size + size / 2, y + size * 1.5, gaps[0], anchor="middle",
                        middle=True, cls="sc-muted")
        for column, value in spots.items():
            sk.rect(x0 + col_of[column] * size, y + size, size, size, "sc-ker")
            sk.text(x0 + col_of[column] * size + size / 2, y + size * 1.5, lab.number(value), anchor="middle",
                    middle=True)
        if frame.read:
            cs = [col_of[i[0]] for i in frame.read]
            sk.rect(x0 + min(cs) * size, y + size, (max(cs) - min(cs) + 1) * size, size, "sc-frame")
        _draw_sum(sk, 8, y + 2 * size + 24, lines)
    y += 2 * size + 24 + max(map(len, sums)) * _LINE
    st.text(8, y + 4, ["output ", ("i", y_name)], bold=True)
    y += 22
    out_place, _, _ = _places(anim.output.cells)
    for cell in anim.output.cells:
        x = x0 + out_place[cell.index][1] * out_size + out_size / 2
        st.text(x, y, index_text(cell.index), cls="sc-muted", anchor="middle")
    y += 6
    st.text(8, y + out_size / 2, [("i", y_name)], middle=True)
    _outputs(st, frames, kept, anim, x0, y, out_size, lab)
    y += out_size + 24
    legend = [("sc-in", "input"), ("sc-win", "window: read × kernel"), ("sc-out-hit", "this output")]
    if any(not c.inside and not c.gap for c in anim.source.cells):
        legend.insert(1, ("sc-pad", outside + ("; dilation's zeros" if gaps else "")))
    elif gaps:
        legend.insert(1, ("sc-pad", "zeros dilation inserts"))
    if any(c.gap for c in anim.source.cells):
        legend.insert(1, ("sc-zero", gap_words(anim.source.how)))
    y, right = _legend(st, y, legend)
    width = max(right, x0 + len(columns) * size + 8, x0 + len(anim.output.cells) * out_size + 8,
                16 + _widest(sums))
    title = (f"Animation, one frame per output: the kernel {k_name}{k_words} slides along "
             f"{x_name}{remark if anim.source.padded else ''}; each frame writes one output of {y_name}")
    return Scene(min(width, WIDTH), y + 4, title, st, frames, kept)


def _grids(anim: Animation, lab: Labels) -> Scene:
    """2D: the input (padded or extended), the kernel as applied and the output as grids; each
    frame highlights the window it reads and the cell it writes, with the sum below."""
    source = {c.index: c for c in anim.source.cells}
    remark, outside = source_words(anim, lab)
    remark = remark if anim.source.padded else ""
    x_name, k_name, y_name = (lab.name(g.array.name) for g in (anim.source, anim.kernel, anim.output))
    panels = []
    for title, grid in ((["input ", ("i", x_name), ("m", remark)], anim.source),
                        (["kernel ", ("i", k_name), ("m", kernel_words(anim))], anim.kernel),
                        (["output ", ("i", y_name)], anim.output)):
        place, rows, cols = _places(grid.cells)
        size = _cell_size([lab.number(c.value) for c in grid.cells])  # each panel its own cell size
        width = max(cols * size, text_width(Labels.plain(title), bold=True))
        if cols * size > WIDTH - 16:
            _refuse(f"the {title[0].strip()}", cols, size, WIDTH - 16)
        panels.append((title, grid, place, rows * size, size, min(width, WIDTH - 16)))
    widths = [p[5] for p in panels]
    if sum(widths) + 2 * _GAP <= WIDTH - 16:
        lines = [panels]
    elif widths[1] + widths[2] + _GAP <= WIDTH - 16:
        lines = [panels[:1], panels[1:]]
    else:
        lines = [[p] for p in panels]
    st, frames, kept = Sketch(), [Sketch() for _ in anim.frames], []
    y, right = 0.0, 0.0
    for line in lines:
        x = 8.0
        for title, grid, place, _, size, width in line:
            st.text(x, y + 16, title, bold=True)
            top = y + _HEAD
            if grid is anim.source:
                _grid(st, x, top, size, place, grid.cells, source_class, lab)
                for frame, sk in zip(anim.frames, frames):
                    _highlight(sk, x, top, size, place, source, frame.read, lab)
            elif grid is anim.kernel:
                _grid(st, x, top, size, place, grid.cells, lambda c: "sc-pad" if c.gap else "sc-ker", lab)
            else:
                _outputs(st, frames, kept, anim, x, top, size, lab)
            x += width + _GAP
            right = max(right, x - _GAP)
        y += _HEAD + max(p[3] for p in line) + 14
    sums = [sum_lines(lab, f, WIDTH - 16, True) for f in anim.frames]
    for sk, lines in zip(frames, sums):
        _draw_sum(sk, 8, y + 8, lines)
    y += 8 + max(map(len, sums)) * _LINE + 8
    legend = [("sc-in", "input"), ("sc-win", "window"), ("sc-out-hit", "this output")]
    if any(not c.inside and not c.gap for c in anim.source.cells):
        legend.insert(1, ("sc-pad", outside + ("; dilation's zeros" if any(c.gap for c in anim.kernel.cells) else "")))
    elif any(c.gap for c in anim.kernel.cells):
        legend.insert(1, ("sc-pad", "zeros dilation inserts"))
    if any(c.gap for c in anim.source.cells):
        legend.insert(1, ("sc-zero", gap_words(anim.source.how)))
    y, legend_right = _legend(st, y + 8, legend)
    width = max(right + 8, legend_right, 16 + _widest(sums))
    title = (f"Animation, one frame per output: the window of every cell of {y_name} over the input "
             f"{x_name}{remark}, the kernel {k_name}{kernel_words(anim)}, and the sum it gives")
    return Scene(min(width, WIDTH), y + 4, title, st, frames, kept)
