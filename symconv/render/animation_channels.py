"""Animations of a layer whose outputs sum several input channels or add a bias: one frame per
output cell, its group's input channels stacked.

Everything comes from the document's `ChannelSum` steps: each part (`Output`) reads one input
slice (its left `Strip`, completed by the slice's ``Padding`` or ``ZeroInsertion`` step or its
``Slices`` rows) with one weight slice (its right `Strip`); the part's value is that channel's
sum, the step's value the total with the bias. A frame draws, for each input channel of the
cell's group (at most `MAX_CHANNELS`; the others are named, not drawn), the slice with the
window highlighted, the weight slice and the channel's sum; then the total with the bias; then
the output planes filling in. The slices shown change only when the output plane does, so they
are drawn once per run of frames that share them (a `Scene` span).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..limits import DEFAULT_LIMITS
from ..steps import Array, ChannelSum, Document, LayerSum, Padding, Slices
from ..steps.transposed import KernelFlip, ZeroInsertion
from .animation_frames import Cell, Frame, Grid, check_budget, zero_inserted_cells
from .animation_layout import (_GAP, _HEAD, _LINE, Scene, Sketch, _cell_size, _draw_sum, _grid, _highlight, _legend,
                               _places, _refuse, _widest, source_class)
from .animation_words import SUM_LINES, gap_words, how_words, index_text, kernel_how_words, sum_lines
from .svg import WIDTH, Labels, text_width

__all__ = ["MAX_CHANNELS", "LayerAnimation", "build_layer_animation", "layer_scene"]

#: Input channels drawn per frame; a group with more names the rest in its total.
MAX_CHANNELS = 3


@dataclass(frozen=True)
class LayerAnimation:
    """A layer animated: ``inputs`` and ``weights`` map the leading (batch, channel) indices of
    each slice the outputs read to its `Grid` (spatial indices; an input as its windows read it:
    padded or zero-inserted); ``output`` has one cell per frame (full indices); each frame's
    ``parts`` say which slices it reads. ``spatial`` is 1 or 2; ``kernel_how`` the steps that
    say how the weights are applied (flipped, dilated)."""

    kind: str
    decimal: bool
    spatial: int
    inputs: dict
    weights: dict
    output: Grid
    frames: tuple
    partial: Array
    bias: Array | None
    kernel_how: tuple

    @property
    def one_d(self) -> bool:
        return self.spatial == 1

    @property
    def cells(self) -> int:
        """The most cells one frame draws: its channels' slices and the output."""
        most = 0
        for frame in self.frames:
            parts = frame.parts[:MAX_CHANNELS]
            most = max(most, sum(len(self.inputs[p.source].cells) + len(self.weights[p.kernel].cells)
                                 for p in parts))
        return most + len(self.output.cells)


def _one_d(doc: Document) -> bool:
    """Whether each slice is a sequence, as the document's ``Slices`` steps say."""
    for step in doc.find(Slices):
        return step.one_d
    raise InputError("a layer's animation reads the slices its document starts with; build it with "
                     "definition=True")


def _inputs(doc: Document, sums: list, spatial: int) -> dict:
    """Each input slice the parts read, as a `Grid` of its spatial cells: the strip's cells,
    then the slice's padding, zero insertion or rows as given."""
    grids = {}
    for step in sums:
        for part in step.parts:
            left = part.left
            prefix = left.indices[0][:-spatial]
            if prefix in grids:
                continue
            cells = {i[-spatial:]: Cell(i[-spatial:], v, left.is_inside(k))
                     for k, (i, v) in enumerate(zip(left.indices, left.values))}
            how = []
            for s in doc.steps:
                if isinstance(s, Padding) and s.padded == left.array and s.prefix == prefix:
                    how.append(s)
                    for r, row in enumerate(s.rows):
                        for c, value in enumerate(row):
                            index = (c,) if s.one_d else (r, c)
                            cells.setdefault(index, Cell(index, value, (r, c) not in s.outside))
                elif isinstance(s, ZeroInsertion) and s.inserted == left.array and s.prefix == prefix:
                    how.append(s)
                    cells.update(zero_inserted_cells(s))
                elif isinstance(s, Slices) and s.array == left.array and prefix in s.prefixes:
                    for r, row in enumerate(s.slices[s.prefixes.index(prefix)]):
                        for c, value in enumerate(row):
                            index = (c,) if s.one_d else (r, c)
                            cells.setdefault(index, Cell(index, value, True))
            grids[prefix] = Grid(left.array, tuple(cells[i] for i in sorted(cells)), tuple(how))
    return grids


def _weights(sums: list, spatial: int) -> dict:
    grids = {}
    for step in sums:
        for part in step.parts:
            right = part.right
            prefix = right.indices[0][:-spatial]
            if prefix not in grids:
                cells = sorted((Cell(i[-spatial:], v) for i, v in zip(right.indices, right.values)),
                               key=lambda c: c.index)
                grids[prefix] = Grid(right.array, tuple(cells))
    return grids


def build_layer_animation(doc: Document, limits=DEFAULT_LIMITS) -> LayerAnimation:
    """The frames of a layer document whose `ChannelSum` steps sum several channels or add a
    bias: one per output cell, in order.

    Raises
    ------
    DerivationTooLarge
        Over the budget (`symconv.render.animation_frames.check_budget`), checked before the
        slices are read.

    Examples
    --------
    >>> import symconv
    >>> d = symconv.conv1d([[1, 2, 3], [4, 5, 6]], [[[1, 1], [1, 0]]], bias=[10])
    >>> anim = build_layer_animation(d.document())
    >>> f = anim.frames[1]
    >>> [(p.output.index, p.source, p.kernel, p.value) for p in f.parts], f.bias.value, f.value
    ([((0,), (0,), (0, 0), 5), ((1,), (1,), (0, 1), 5)], 10, 20)
    """
    sums = [s for s in doc.steps if isinstance(s, ChannelSum)]
    check_budget(len(sums), 0, limits)
    spatial = 1 if _one_d(doc) else 2
    frames = []
    for step in sums:
        parts = tuple(Frame(p.lhs, p.value, p.terms, (), source=p.left.indices[0][:-spatial],
                            kernel=p.right.indices[0][:-spatial]) for p in step.parts)
        frames.append(Frame(step.lhs, step.value, (), (), parts, step.bias))
    first = sums[0]
    how = tuple(doc.find(KernelFlip)[:1]) + tuple(s.window for s in doc.find(LayerSum) if max(s.window.dilation) > 1)
    anim = LayerAnimation(doc.kind, doc.decimal, spatial, _inputs(doc, sums, spatial), _weights(sums, spatial),
                          Grid(first.lhs.array, tuple(Cell(s.lhs.index, s.value) for s in sums)), tuple(frames),
                          first.parts[0].lhs.array, first.bias.ref.array if first.bias is not None else None, how)
    check_budget(len(frames), anim.cells, limits)
    return anim


def _ref(lab: Labels, array: Array, index: tuple) -> str:
    return f"{lab.name(array.name)}[{index_text(index)}]" if index else lab.name(array.name)


def _wrapped(head: str, items: list, room: float) -> list:
    """``head`` then the items joined by `` + ``, a new line (starting ``+``) where one is full."""
    lines, line = [], head
    for k, item in enumerate(items):
        piece = item if k == 0 else " + " + item
        if k and text_width(line + piece) > room:
            lines.append(line)
            line = "+ " + item
        else:
            line += piece
    lines.append(line)
    return lines[:SUM_LINES - 1] + ["+ …"] if len(lines) > SUM_LINES else lines


def total_lines(lab: Labels, frame: Frame, width: float) -> list:
    """``(indent, text)`` lines: ``y[0, 1] = s[0] + s[1] + b[0]``, then
    ``= 5 + (−3) + 1 = 3`` (wrapped to ``width``)."""
    lhs = _ref(lab, frame.output.array, frame.output.index)
    indent = text_width(lhs + " ")
    room = width - indent
    refs = [_ref(lab, p.output.array, p.output.index) for p in frame.parts]
    values = [lab.number(p.value) if k == 0 else lab.factor(p.value) for k, p in enumerate(frame.parts)]
    if frame.bias is not None:
        refs.append(_ref(lab, frame.bias.ref.array, frame.bias.ref.index))
        values.append(lab.factor(frame.bias.value))
    lines = _wrapped("= ", refs, room)
    sums = _wrapped("= ", values, room)
    total = lab.number(frame.value)
    if text_width(sums[-1] + f" = {total}") <= room:
        sums[-1] += f" = {total}"
    else:
        sums.append(f"= {total}")
    lines += sums
    return [(0.0, f"{lhs} {lines[0]}")] + [(indent, line) for line in lines[1:]]


def _runs(frames: tuple) -> list:
    """``(first, last, parts)``: runs of frames that draw the same slices."""
    runs = []
    for k, frame in enumerate(frames):
        key = tuple((p.source, p.kernel) for p in frame.parts[:MAX_CHANNELS])
        if runs and runs[-1][2] == key:
            runs[-1][1] = k
        else:
            runs.append([k, k, key])
    return runs


def layer_scene(anim: LayerAnimation, lab: Labels) -> Scene:
    """The `Scene` of a layer: per frame its channels stacked (slice with the window, weight
    slice, the channel's sum), the total with the bias, then the output planes. One channel
    (a plain input with a bias) writes its products and the bias in one sum, as the derivation.

    Raises
    ------
    InputError
        A slice or an output plane too wide to read on a phone.

    Examples
    --------
    >>> import symconv
    >>> from symconv.render.animation_layout import layout
    >>> d = symconv.conv2d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [[[[1, 0], [0, 1]], [[1, 1], [0, 0]]]], bias=[1])
    >>> scene = layout(build_layer_animation(d.document()))
    >>> len(scene.frames), [(first, last) for first, last, _ in scene.spans]
    (1, [(0, 0)])
    """
    grids_in, grids_w = anim.inputs, anim.weights
    size_in = _cell_size([lab.number(c.value) for g in grids_in.values() for c in g.cells])
    size_w = _cell_size([lab.number(c.value) for g in grids_w.values() for c in g.cells])
    places_in = {p: _places(g.cells) for p, g in grids_in.items()}
    places_w = {p: _places(g.cells) for p, g in grids_w.items()}
    in_rows, in_cols = max(p[1] for p in places_in.values()), max(p[2] for p in places_in.values())
    w_rows, w_cols = max(p[1] for p in places_w.values()), max(p[2] for p in places_w.values())
    room = WIDTH - 16
    if in_cols * size_in > room:
        _refuse("an input slice", in_cols, size_in, room)
    if w_cols * size_w > room:
        _refuse("a weight slice", w_cols, size_w, room)
    any_grid = next(iter(grids_in.values()))
    x_name, w_name = lab.name(any_grid.array.name), lab.name(next(iter(grids_w.values())).array.name)
    remark, outside = how_words(any_grid.how, lab, anim.one_d)
    remark = remark if any(g.padded for g in grids_in.values()) else ""
    k_words = kernel_how_words(anim.kernel_how, anim.kind)
    st, frames, kept, spans = Sketch(), [Sketch() for _ in anim.frames], [], []
    st.text(8, 16, ["input ", ("i", x_name), ("m", remark)], bold=True)
    st.text(8, 16 + _LINE, ["weight ", ("i", w_name), ("m", k_words)], bold=True)
    y0 = 16 + _LINE + 10

    def title(name: str, prefix: tuple) -> list:
        return [("i", name), f"[{index_text(prefix)}]" if prefix else ""]

    in_title = max(text_width(Labels.plain(title(x_name, p)), bold=True) for p in grids_in)
    w_title = max(text_width(Labels.plain(title(w_name, p)), bold=True) for p in grids_w)
    left_w = max(in_cols * size_in, in_title)
    beside = left_w + _GAP + max(w_cols * size_w, w_title) <= room
    w_x = 8 + left_w + _GAP if beside else 8.0
    w_top = 0.0 if beside else _HEAD + in_rows * size_in + 8  # from the block's top
    grids_h = max(_HEAD + in_rows * size_in, w_top + _HEAD + w_rows * size_w)
    shown = min(MAX_CHANNELS, max(len(f.parts) for f in anim.frames))
    by_row = not anim.one_d
    single = all(len(f.parts) == 1 for f in anim.frames)  # the products and the bias in one sum
    if single:
        part_lines = [[sum_lines(lab, Frame(f.output, f.value, f.parts[0].terms, ()), room, by_row, f.bias)]
                      for f in anim.frames]
    else:
        part_lines = [[sum_lines(lab, p, room, by_row) for p in f.parts[:shown]] for f in anim.frames]
    heights = [max(len(lines[k]) for lines in part_lines if k < len(lines)) for k in range(shown)]
    tops, y = [], y0
    for k in range(shown):
        tops.append(y)
        y += grids_h + 8 + heights[k] * _LINE + 10
    for frame, sk, lines in zip(anim.frames, frames, part_lines):
        for k, (part, part_sum) in enumerate(zip(frame.parts, lines)):
            top = tops[k]
            read = tuple(i[-anim.spatial:] for i in part.read)
            source = {c.index: c for c in grids_in[part.source].cells}
            _highlight(sk, 8, top + _HEAD, size_in, places_in[part.source][0], source, read, lab)
            _draw_sum(sk, 8, top + grids_h + 8 + 14, part_sum)
        if len(frame.parts) > shown:
            rest = frame.parts[shown:]
            names = ", ".join(_ref(lab, p.output.array, p.output.index) for p in rest[:2])
            names += ", …" if len(rest) > 2 else ""
            sk.text(8, y + 4, f"… and {len(rest)} more input channels ({names})", cls="sc-muted")
            sk.text(8, y + 4 + _LINE, f"in the total, not drawn: at most {MAX_CHANNELS} a frame", cls="sc-muted")
    if any(len(f.parts) > shown for f in anim.frames):
        y += 2 * _LINE + 6
    for first, last, key in _runs(anim.frames):
        sketch = Sketch()
        for k, (source, kernel) in enumerate(key):
            top = tops[k]
            sketch.text(8, top + 16, title(x_name, source), bold=True)
            _grid(sketch, 8, top + _HEAD, size_in, places_in[source][0], grids_in[source].cells, source_class, lab)
            sketch.text(w_x, top + w_top + 16, title(w_name, kernel), bold=True)
            _grid(sketch, w_x, top + w_top + _HEAD, size_w, places_w[kernel][0], grids_w[kernel].cells,
                  lambda c: "sc-ker", lab)
        spans.append((first, last, sketch))
    totals = [] if single else [total_lines(lab, f, room) for f in anim.frames]
    for sk, lines in zip(frames, totals):
        _draw_sum(sk, 8, y + 14, lines)
    if totals:
        y += max(map(len, totals)) * _LINE + 14
    y, planes_right = _planes(st, frames, kept, anim, lab, y)
    legend = [("sc-in", "input"), ("sc-win", "window"), ("sc-out-hit", "this output")]
    cells = [c for g in grids_in.values() for c in g.cells]
    if any(not c.inside and not c.gap for c in cells):
        legend.insert(1, ("sc-pad", outside))
    if any(c.gap for c in cells):
        legend.insert(1, ("sc-zero", gap_words(any_grid.how)))
    y, legend_right = _legend(st, y + 8, legend)
    lines = [line for ls in part_lines for line in ls] + totals
    width = max(legend_right, 16 + _widest(lines), 8 + left_w + 8, w_x + max(w_cols * size_w, w_title) + 8,
                planes_right, 16 + text_width(Labels.plain(["input ", x_name, remark]), bold=True),
                16 + text_width(Labels.plain(["weight ", w_name, k_words]), bold=True))
    parts = max(len(f.parts) for f in anim.frames)
    y_name = lab.name(anim.output.array.name)
    what = (f"for each of its {parts} input channels the window over {x_name}{remark} times the weight slice of "
            f"{w_name}{k_words} and that channel's sum" if not single else
            f"the window over {x_name}{remark} times {w_name}{k_words}")
    title_text = (f"Animation, one frame per output cell of {y_name}: {what}"
                  f"{', the bias' if anim.bias is not None else ''} and the total")
    return Scene(min(width, WIDTH), y + 4, title_text, st, frames, kept, spans)


def _planes(st: Sketch, frames: list, kept: list, anim: LayerAnimation, lab: Labels, y: float) -> tuple:
    """The output planes side by side (wrapping), titled by their leading indices; each frame's
    cell highlighted with its value, kept from the next frame on. Returns the y below them and
    their right edge."""
    spatial = anim.spatial
    planes: dict = {}
    for cell in anim.output.cells:
        planes.setdefault(cell.index[:-spatial], []).append(Cell(cell.index[-spatial:], cell.value))
    size = _cell_size([lab.number(c.value) for c in anim.output.cells])
    y_name = lab.name(anim.output.array.name)
    room = WIDTH - 16
    boxes = {}
    x, line_h, right = 8.0, 0.0, 0.0
    for prefix, cells in planes.items():
        place, rows, cols = _places(cells)
        title = ["output ", ("i", y_name), f"[{index_text(prefix)}]" if prefix else ""]
        width = max(cols * size, text_width(Labels.plain(title), bold=True))
        if cols * size > room:
            _refuse("an output plane", cols, size, room)
        if x > 8 and x + width > WIDTH - 8:
            x, y = 8.0, y + line_h + 12
            line_h = 0.0
        st.text(x, y + 16, title, bold=True)
        for cell in cells:
            r, c = place[cell.index]
            st.rect(x + c * size, y + _HEAD + r * size, size, size, "sc-out")
        boxes[prefix] = (x, y + _HEAD, place)
        line_h = max(line_h, _HEAD + rows * size)
        right = max(right, x + width)
        x += width + _GAP
    for k, cell in enumerate(anim.output.cells):
        x0, y0, place = boxes[cell.index[:-spatial]]
        r, c = place[cell.index[-spatial:]]
        x, yy = x0 + c * size, y0 + r * size
        text = lab.number(cell.value)
        frames[k].rect(x, yy, size, size, "sc-out-hit")
        frames[k].text(x + size / 2, yy + size / 2, text, anchor="middle", middle=True)
        keep = Sketch()
        keep.text(x + size / 2, yy + size / 2, text, anchor="middle", middle=True)
        kept.append(keep)
    return y + line_h + 8, right + 8
