"""The scatter view of a transposed convolution animated: one frame per input sample, each
stamping the kernel, scaled by the sample, into the output.

Everything comes from the view's steps: the input and the kernel from the ``Operand`` steps,
each frame from a ``StampAdd`` step (the sample, its products ``rows``, where tap ``(m, n)``
lands: ``corner + dilation (m, n)``, as the step states it, and the taps that land outside),
the final values and their sums from the view's `Output` steps, the overlap map from the
``Overlaps`` step. An output is complete in the frame of the last stamp that reaches it: that
frame writes its sum and its value stays. Beside the output, the stamps that have reached
each output so far, which end as the overlap map (uneven counts: the checkerboard).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..limits import DEFAULT_LIMITS
from ..steps import ChannelSum, Document, Operand, Output
from ..steps.transposed import Overlaps, Skipped, StampAdd
from .animation_frames import Cell, Frame, Grid, check_budget
from .animation_layout import (_GAP, _HEAD, _LINE, Scene, Sketch, _cell_size, _draw_sum, _legend, _places, _refuse,
                               _widest)
from .animation_words import index_text, sum_lines
from .svg import WIDTH, Labels, text_width

__all__ = ["Stamp", "ScatterAnimation", "build_scatter", "scatter_scene"]

_FINISHED_SUMS = 2  # the sums a frame writes out of the outputs it completes; the rest are named


@dataclass(frozen=True)
class Stamp:
    """One frame: the input sample ``source`` (value ``value``) stamps ``placed``, ``(output
    index, product)`` per tap that lands in the output; ``dropped`` taps land outside;
    ``finished`` are the `Output` steps of the outputs this stamp completes."""

    source: tuple
    value: object
    placed: tuple
    dropped: int
    finished: tuple


@dataclass(frozen=True)
class ScatterAnimation:
    """The scatter view animated: ``input`` and ``kernel`` as given, ``output`` every output
    cell with its value, ``counts`` the overlap map, ``frames`` one `Stamp` per input sample."""

    kind: str
    decimal: bool
    one_d: bool
    input: Grid
    kernel: Grid
    output: Grid
    counts: dict
    frames: tuple
    taps: int
    uneven: bool

    @property
    def cells(self) -> int:
        return len(self.input.cells) + len(self.kernel.cells) + 2 * len(self.output.cells)


def _grid(step: Operand) -> Grid:
    cells = tuple(Cell((c,) if step.one_d else (r, c), v) for r, row in enumerate(step.rows) for c, v in enumerate(row))
    return Grid(step.array, cells)


def build_scatter(doc: Document, limits=DEFAULT_LIMITS) -> ScatterAnimation:
    """The frames of a scatter view (a document of that one view; see
    `symconv.render.animation_frames.select_view`): one per ``StampAdd`` step.

    Raises
    ------
    InputError
        Stamps left out (``elide``), or channels or a bias (each output is then a `ChannelSum`:
        animate the zero-insertion view).
    DerivationTooLarge
        Over the budget.

    Examples
    --------
    >>> import symconv
    >>> from symconv.render.animation_frames import select_view
    >>> d = symconv.conv_transpose1d([1, 2, 3], [1, 2, -1], stride=2, padding=1)
    >>> anim = build_scatter(select_view(d.document(), "scatter"))
    >>> f = anim.frames[1]
    >>> f.source, f.placed, [o.lhs.index for o in f.finished]
    ((1,), (((1,), 2), ((2,), 4), ((3,), -2)), [(1,), (2,)])
    """
    if doc.find(Skipped):
        raise InputError("an animation shows every stamp; leave out elide")
    sums = doc.find(ChannelSum)
    if sums:
        parts, bias = len(sums[0].parts), sums[0].bias is not None
        raise InputError(f"the scatter animation draws one input channel and no bias; here each output sums "
                         f"{parts} channel{'s' if parts != 1 else ''}{' and a bias' if bias else ''}: animate "
                         f"view='zero-insertion'")
    stamps = doc.find(StampAdd)
    check_budget(len(stamps), 0, limits)
    outputs = {s.lhs.index: s for s in doc.steps if isinstance(s, Output)}
    one_d = stamps[0].one_d
    operands = {s.array: s for s in doc.find(Operand)}
    last: dict = {}
    placed_all = []
    for k, stamp in enumerate(stamps):
        placed = []
        for m, row in enumerate(stamp.rows):
            for n, product in enumerate(row):
                if (m, n) in stamp.outside:
                    continue
                r, c = stamp.corner[0] + stamp.dilation[0] * m, stamp.corner[1] + stamp.dilation[1] * n
                index = (c,) if one_d else (r, c)
                placed.append((index, product))
                last[index] = k
        placed_all.append(tuple(placed))
    frames = []
    for k, (stamp, placed) in enumerate(zip(stamps, placed_all)):
        finished = tuple(outputs[i] for i in sorted(i for i, _ in placed if last[i] == k))
        taps = sum(len(row) for row in stamp.rows)
        frames.append(Stamp(stamp.source.index, stamp.value, placed, taps - len(placed), finished))
    overlaps = doc.find(Overlaps)[0]
    counts = {(c,) if one_d else (r, c): n for r, row in enumerate(overlaps.counts) for c, n in enumerate(row)}
    output = Grid(stamps[0].output, tuple(Cell(i, o.value) for i, o in outputs.items()))
    anim = ScatterAnimation(doc.kind, doc.decimal, one_d, _grid(operands[stamps[0].source.array]),
                            _grid(operands[stamps[0].kernel]), output, counts, tuple(frames),
                            sum(len(row) for row in stamps[0].rows), overlaps.uneven)
    check_budget(len(frames), anim.cells, limits)
    return anim


def _flow(panels: list) -> tuple:
    """``(x, y)`` of each ``(width, height)`` panel, left to right, a new line where one is full;
    the height in all and the right edge."""
    x, y, line_h, right, places = 8.0, 0.0, 0.0, 0.0, []
    for width, height in panels:
        if x > 8 and x + width > WIDTH - 8:
            x, y, line_h = 8.0, y + line_h + 14, 0.0
        places.append((x, y))
        line_h = max(line_h, height)
        right = max(right, x + width)
        x += width + _GAP
    return places, y + line_h, right


def _cells(sk: Sketch, x0, y0, size, place, cells, cls: str, lab, text=True) -> None:
    for cell in cells:
        r, c = place[cell.index]
        sk.rect(x0 + c * size, y0 + r * size, size, size, cls)
        if text:
            sk.text(x0 + c * size + size / 2, y0 + r * size + size / 2, lab.number(cell.value), anchor="middle",
                    middle=True)


def scatter_scene(anim: ScatterAnimation, lab: Labels) -> Scene:
    """The `Scene` of a scatter view: the input (the stamping sample highlighted) and the
    kernel, then the output (the stamp's products where they land; a complete output's value)
    and the stamps so far; the frame's words below.

    Examples
    --------
    >>> import symconv
    >>> from symconv.render.animation_layout import layout
    >>> from symconv.render.animation_frames import build_animation
    >>> d = symconv.conv_transpose2d("1 2; 3 4", "1 1; 1 1", stride=2)
    >>> scene = layout(build_animation(d.document(), view="scatter"))
    >>> len(scene.frames), len(scene.spans)
    (4, 28)
    """
    x_name, w_name, y_name = (lab.name(g.array.name) for g in (anim.input, anim.kernel, anim.output))
    place_in, rows_in, cols_in = _places(anim.input.cells)
    place_w, rows_w, cols_w = _places(anim.kernel.cells)
    place_out, rows_out, cols_out = _places(anim.output.cells)
    size_in = _cell_size([lab.number(c.value) for c in anim.input.cells])
    size_w = _cell_size([lab.number(c.value) for c in anim.kernel.cells])
    size_out = _cell_size([lab.number(c.value) for c in anim.output.cells] +
                          [lab.number(p) for f in anim.frames for _, p in f.placed])
    titles = [["input ", ("i", x_name)], ["kernel ", ("i", w_name), ("m", ", as given")],
              ["output ", ("i", y_name)], ["stamps so far"]]
    sizes = [(cols_in, rows_in, size_in), (cols_w, rows_w, size_w), (cols_out, rows_out, size_out),
             (cols_out, rows_out, _cell_size([str(n) for n in anim.counts.values()]))]
    for (cols, _, size), title in zip(sizes, titles):
        if cols * size > WIDTH - 16:
            _refuse(f"the {Labels.plain(title[:2])}", cols, size, WIDTH - 16)
    panels = [(max(cols * size, text_width(Labels.plain(t), bold=True)), _HEAD + rows * size)
              for (cols, rows, size), t in zip(sizes, titles)]
    places, bottom, right = _flow(panels)
    (x_in, y_in), (x_w, y_w), (x_out, y_out), (x_n, y_n) = [(x, y + _HEAD) for x, y in places]
    st, frames, spans = Sketch(), [Sketch() for _ in anim.frames], []
    for (x, y), title in zip(places, titles):
        st.text(x, y + 16, title, bold=True)
    _cells(st, x_in, y_in, size_in, place_in, anim.input.cells, "sc-in", lab)
    _cells(st, x_w, y_w, size_w, place_w, anim.kernel.cells, "sc-ker", lab)
    _cells(st, x_out, y_out, size_out, place_out, anim.output.cells, "sc-out", lab, text=False)
    size_n = sizes[3][2]
    _cells(st, x_n, y_n, size_n, place_out, anim.output.cells, "sc-out", lab, text=False)
    count = len(anim.frames)
    finish = {o.lhs.index: k for k, f in enumerate(anim.frames) for o in f.finished}
    values = {c.index: c.value for c in anim.output.cells}

    def write(sk: Sketch, x0, y0, size, index, text, cls="sc-text") -> None:
        r, c = place_out[index]
        sk.text(x0 + c * size + size / 2, y0 + r * size + size / 2, text, anchor="middle", middle=True, cls=cls)

    for index, value in values.items():  # complete from its last stamp on; never reached: from the start
        if index not in finish:
            write(st, x_out, y_out, size_out, index, lab.number(value))
            write(st, x_n, y_n, size_n, index, "0", "sc-muted")
        elif finish[index] + 1 < count:
            keep = Sketch()
            write(keep, x_out, y_out, size_out, index, lab.number(value))
            spans.append((finish[index] + 1, count - 1, keep))
    reached: dict = {}
    for k, frame in enumerate(anim.frames):
        for index, _ in frame.placed:
            reached.setdefault(index, []).append(k)
    for index, ks in reached.items():  # the count so far, from each stamp that reaches it to the next
        for n, k in enumerate(ks):
            shown = Sketch()
            write(shown, x_n, y_n, size_n, index, str(n + 1))
            spans.append((k, ks[n + 1] - 1 if n + 1 < len(ks) else count - 1, shown))
    lines_all = []
    for k, (frame, sk) in enumerate(zip(anim.frames, frames)):
        r, c = place_in[frame.source]
        sk.rect(x_in + c * size_in, y_in + r * size_in, size_in, size_in, "sc-win")
        sk.text(x_in + c * size_in + size_in / 2, y_in + r * size_in + size_in / 2, lab.number(frame.value),
                anchor="middle", middle=True)
        sk.rect(x_in + c * size_in, y_in + r * size_in, size_in, size_in, "sc-frame")
        done = {o.lhs.index for o in frame.finished}
        for index, product in frame.placed:
            rr, cc = place_out[index]
            cls = "sc-out-hit" if index in done else "sc-win"
            sk.rect(x_out + cc * size_out, y_out + rr * size_out, size_out, size_out, cls)
            write(sk, x_out, y_out, size_out, index, lab.number(values[index] if index in done else product))
        if frame.placed:
            rs = [place_out[i][0] for i, _ in frame.placed]
            cs = [place_out[i][1] for i, _ in frame.placed]
            sk.rect(x_out + min(cs) * size_out, y_out + min(rs) * size_out, (max(cs) - min(cs) + 1) * size_out,
                    (max(rs) - min(rs) + 1) * size_out, "sc-frame")
        sample = f"{x_name}[{index_text(frame.source)}]"
        lines = [(0.0, f"stamp {k + 1} of {count}: {sample}·{w_name} = {lab.factor(frame.value)}·{w_name}")]
        if frame.dropped:
            lines.append((0.0, f"{frame.dropped} of its {anim.taps} products land outside {y_name}: dropped"))
        for output in frame.finished[:_FINISHED_SUMS]:
            lines += sum_lines(lab, Frame(output.lhs, output.value, output.terms, ()), WIDTH - 16, False)
        more = len(frame.finished) - _FINISHED_SUMS
        if more > 0:
            lines.append((0.0, f"and {more} more output{'s' if more > 1 else ''} complete here"))
        elif not frame.finished:
            lines.append((0.0, "no output is complete yet"))
        lines_all.append(lines)
    y = bottom + 8
    for sk, lines in zip(frames, lines_all):
        _draw_sum(sk, 8, y + 14, lines)
    y += max(map(len, lines_all)) * _LINE + 8
    legend = [("sc-win", "this stamp's products"), ("sc-out-hit", "complete: its last stamp")]
    y, legend_right = _legend(st, y + 8, legend)
    notes = ["the last counts are the overlap map"] + (["uneven: the checkerboard pattern"] if anim.uneven else [])
    for note in notes:
        st.text(8, y + 10, note, cls="sc-muted")
        y += _LINE
    width = max(right + 8, legend_right, 16 + _widest(lines_all), 16 + max(map(text_width, notes)))
    title = (f"Animation, one frame per input sample of {x_name}: the sample times the kernel {w_name} "
             f"stamped into {y_name}, each output complete after its last stamp, and the stamps so far")
    return Scene(min(width, WIDTH), y + 4, title, st, frames, [], spans)
