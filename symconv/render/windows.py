"""Window figures of 2D and deep-learning derivations, as SVG: one output cell's window over the
input, and every cell's window laid out in the output's own shape.

Everything comes from the expansion: the source values and which of them lie in the input
(``e.region``), the input's place in the source (``e.input_box``) and every window's taps
(``e.window.positions``). Nothing here computes where a window lies.
"""

from __future__ import annotations

from ..errors import InputError
from ..model import Expansion2D, gaussian
from .svg import FONT, WIDTH, Canvas, Labels, text_width

__all__ = ["window_svg", "overview_svg"]

_GAP, _HEAD = 18, 24          # between panels; a panel's title line
_MAX_SIDE = 4                 # the overview draws at most a 4x4 output (a 1D output: 16)
_MOST_CELLS = 2500            # cells of the source one figure draws (50x50: 9 units each)


class _Source:
    """The source a derivation's windows slide over, from the expansion: rows and columns to
    draw (the windows' region together with the input), each position's value and kind."""

    def __init__(self, e: Expansion2D, lab: Labels):
        region, (box_rows, box_cols) = e.region, e.input_box
        self.rows = range(min(region.rows.start, box_rows.start), max(region.rows.stop, box_rows.stop))
        self.cols = range(min(region.cols.start, box_cols.start), max(region.cols.stop, box_cols.stop))
        self.cells = {}
        self.check(1)
        for r in self.rows:
            for c in self.cols:
                if r in region.rows and c in region.cols:
                    k = region.offset(r, c)
                    text, inside = lab.number(region.values[k]), region.inside[k]
                elif r in box_rows and c in box_cols:  # input that no window reads
                    text, inside = lab.number(e.x[r - box_rows.start, c - box_cols.start]), True
                else:  # torch padding that no window reads
                    text, inside = "0", False
                self.cells[r, c] = (text, inside)
        self.padded = not all(inside for _, inside in self.cells.values())

    def check(self, windows: int) -> None:
        """Refuse a figure of more than `_MOST_CELLS` cells: it would be too fine to read."""
        cells = len(self.rows) * len(self.cols) * windows
        if cells > _MOST_CELLS:
            raise InputError(f"a window figure draws at most {_MOST_CELLS} cells, this one needs {cells} "
                             f"({len(self.rows)}x{len(self.cols)} per window); leave it out of show")


def _words(e: Expansion2D, lab: Labels, names) -> dict:
    """What the panels and the legend say, in words: how the input is extended, whether the
    kernel is rotated."""
    x, k = lab.name(names[0]), lab.name(names[1])
    if e.kind in ("conv1d", "conv2d"):
        top, bottom, left, right = e.padding
        sides = {"left": left, "right": right} if e.one_d else {"top": top, "bottom": bottom, "left": left, "right": right}
        if len(set(sides.values())) == 1:
            by = f" by {left}"
        else:  # torch's padding='same' with an even kernel pads one side more
            by = ": " + ", ".join(f"{n} {side}" for side, n in sides.items() if n)
        how = {"zeros": "zero-padded", "reflect": "reflect-padded", "replicate": "replicate-padded",
               "circular": "circular-padded"}[e.padding_mode]
        extended, outside = f", {how}{by}", f"{e.padding_mode} padding" if e.padding_mode != "zeros" else "zero padding"
        kernel = ["kernel ", ("i", k), ("m", ", not rotated")]
    else:
        if e.boundary == "wrap":
            extended, outside = ", wrapped around", "wrapped copy of the input"
        elif e.boundary == "symm":
            extended, outside = ", mirrored at its edges", "mirrored copy of the input"
        elif e.fillvalue == 0:
            extended, outside = ", zero-padded", "zero padding"
        else:
            fill = lab.number(e.fillvalue)
            extended, outside = f", padded with {fill}", f"padding, fillvalue {fill}"
        if e.kind == "convolve2d":
            kernel = ["kernel ", ("i", k), ("m", ", rotated 180°")]
        else:
            conjugated = any((gaussian(v) or (0, 1))[1] != 0 for v in e.k.values if not v.free_symbols)
            kernel = ["kernel ", ("i", k), ("m", ", conjugated" if conjugated else "")]
    return {"input": (["input ", ("i", x)], extended), "kernel": kernel, "outside": outside}


def _out_ref(e: Expansion2D, lab: Labels, name: str, i: int, j: int) -> list:
    return [("i", lab.name(name)), f"[{j}]" if e.one_d else f"[{i}, {j}]"]


def _grid(cv: Canvas, x0: float, y0: float, size: float, rows, cols, cell, text: bool) -> None:
    """Cells ``cell(r, c) -> (class, label)`` from ``(x0, y0)``, ``size`` units square."""
    for a, r in enumerate(rows):
        for b, c in enumerate(cols):
            cls, label = cell(r, c)
            x, y = x0 + b * size, y0 + a * size
            cv.rect(x, y, size, size, cls)
            if text and label:
                cv.text(x + size / 2, y + size / 2, label, anchor="middle", middle=True,
                        cls="sc-muted" if cls in ("sc-pad", "sc-win-pad") else "sc-text")


def _frame(cv: Canvas, x0, y0, size, rows, cols, taps) -> None:
    """An outline around the window's extent (dilation shows as the gaps inside it)."""
    rs = [rows.index(r) for r, _ in taps]
    cs = [cols.index(c) for _, c in taps]
    cv.rect(x0 + min(cs) * size, y0 + min(rs) * size, (max(cs) - min(cs) + 1) * size,
            (max(rs) - min(rs) + 1) * size, "sc-frame")


def _source_cell(source: _Source, taps):
    def cell(r, c):
        text, inside = source.cells[r, c]
        if (r, c) in taps:
            return ("sc-win" if inside else "sc-win-pad"), text
        return ("sc-in" if inside else "sc-pad"), text
    return cell


def _legend(cv: Canvas, y: float, entries: list) -> tuple[float, float]:
    """Swatches with words, wrapped to the width; returns the y below it and its right edge."""
    x = right = 8
    for cls, words in entries:
        width = 22 + text_width(words)
        if x + width > WIDTH - 8 and x > 8:
            x, y = 8, y + 22
        cv.rect(x, y - 11, 14, 14, cls)
        cv.text(x + 20, y, words)
        right = max(right, x + width + 8)
        x += width + 14
    return y + 12, right


def _cell_size(texts, columns: int, width: float = WIDTH - 16) -> tuple[float, bool]:
    """A square cell that holds the widest text at full size, shrunk to fit ``columns`` in
    ``width`` (then the texts no longer fit and are left out)."""
    size = max([30.0] + [text_width(t) + 10 for t in texts])
    if columns * size <= width:
        return size, True
    size = width / columns
    return size, all(text_width(t) + 6 <= size for t in texts)


def window_svg(e: Expansion2D, names: tuple[str, str, str], cell: tuple[int, int] = (0, 0),
               numbers: str = "auto") -> str:
    """SVG of one output cell's window: the input as the windows see it (its padding or boundary
    extension drawn dashed), the taps of this cell's window, the kernel as applied, and the
    output with this cell and its value.

    Parameters
    ----------
    e : Expansion2D
    names : (input, kernel, output)
    cell : (i, j)
        The output cell (``(0, j)`` for conv1d).
    numbers : {"auto", "fraction", "decimal"}
        How the values look (as in the derivation).

    Raises
    ------
    InputError
        ``cell`` is outside the output.

    Examples
    --------
    >>> import symconv
    >>> d = symconv.conv2d("1 2; 3 4", "1 0; 0 -1", padding=1)
    >>> svg = window_svg(d.expansion, d.names, (0, 0))
    >>> "zero-padded by 1" in svg and "not rotated" in svg
    True
    """
    i, j = cell
    out_rows, out_cols = e.out_shape
    if not (0 <= i < out_rows and 0 <= j < out_cols):
        raise InputError(f"cell {list(cell)} is outside the {out_rows}x{out_cols} output")
    lab = Labels(e.kind, e.decimal, numbers)
    words = _words(e, lab, names)
    source = _Source(e, lab)
    taps = {rc for rc, _ in e.window.positions(i, j)}
    kernel = [[lab.number(v) for v in row] for row in e.kernel]
    value = lab.number(e.cells[i * out_cols + j].value)
    texts = [t for t, _ in source.cells.values()] + [t for row in kernel for t in row] + [value]
    size, text = _cell_size(texts, len(source.cols))
    role, extended = words["input"]
    extended = extended if source.padded else ""
    out_title = ["output ", *_out_ref(e, lab, names[2], i, j), f" = {value}"]
    panels = [  # (title parts, columns, rows, draw(x, y))
        ([*role, ("m", extended)], len(source.cols), len(source.rows),
         lambda x, y: (_grid(cv, x, y, size, source.rows, source.cols, _source_cell(source, taps), text),
                       _frame(cv, x, y, size, list(source.rows), list(source.cols), taps))),
        (words["kernel"], len(kernel[0]), len(kernel),
         lambda x, y: _grid(cv, x, y, size, range(len(kernel)), range(len(kernel[0])),
                            lambda m, n: ("sc-ker", kernel[m][n]), text)),
        (out_title, out_cols, out_rows,
         lambda x, y: _grid(cv, x, y, size, range(out_rows), range(out_cols),
                            lambda a, b: ("sc-out-hit", value) if (a, b) == (i, j) else ("sc-out", ""), text)),
    ]
    widths = [max(cols * size, text_width(Labels.plain(t), bold=True)) for t, cols, _, _ in panels]
    if sum(widths) + _GAP * 2 + 16 <= WIDTH and not e.one_d:
        lines = [panels]
    elif widths[1] + widths[2] + _GAP + 16 <= WIDTH and not e.one_d:
        lines = [panels[:1], panels[1:]]
    else:
        lines = [[p] for p in panels]
    cv, y = Canvas(), 0.0
    for line in lines:
        x = 8
        for panel in line:
            title, _, _, draw = panel
            cv.text(x, y + 16, title, bold=True)
            draw(x, y + _HEAD)
            x += widths[panels.index(panel)] + _GAP
        y += _HEAD + max(rows for _, _, rows, _ in line) * size + 14
    legend = [("sc-in", "input"), ("sc-win", "window")]
    if source.padded:
        legend.insert(1, ("sc-pad", words["outside"]))
    y, width = _legend(cv, y + 12, legend)
    for line in lines:
        width = max(width, 8 + sum(w + _GAP for w in (widths[panels.index(p)] for p in line)) - _GAP + 8)
    title = (f"The window of {Labels.plain(out_title[1:])} over {Labels.plain(role)}{extended}, "
             f"the {Labels.plain(words['kernel'])} and the output")
    return cv.svg(width, y + 4, title, "symconv-window")


def overview_svg(e: Expansion2D, names: tuple[str, str, str], numbers: str = "auto") -> str:
    """SVG of every output cell's window, laid out in the output's shape (a 2x2 output is a 2x2
    grid of windows; conv1d's windows are stacked strips), each labelled with its cell and value.

    Parameters
    ----------
    e : Expansion2D
    names : (input, kernel, output)
    numbers : {"auto", "fraction", "decimal"}

    Raises
    ------
    InputError
        An output larger than 4x4 (16 samples for conv1d).

    Examples
    --------
    >>> import symconv
    >>> d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1")
    >>> svg = overview_svg(d.expansion, d.names)
    >>> svg.count('class="sc-frame"')  # one window per cell of the 2x2 output
    4
    """
    out_rows, out_cols = e.out_shape
    if (e.one_d and out_cols > _MAX_SIDE ** 2) or (not e.one_d and max(out_rows, out_cols) > _MAX_SIDE):
        raise InputError(f"the overview shows at most 16 output cells ({_MAX_SIDE}x{_MAX_SIDE} in 2D), "
                         f"this output is {out_rows}x{out_cols}; use 'figure' with a cell instead")
    lab = Labels(e.kind, e.decimal, numbers)
    words = _words(e, lab, names)
    source = _Source(e, lab)
    source.check(len(e.cells))
    labels = [[*_out_ref(e, lab, names[2], c.i, c.j), f" = {lab.number(c.value)}"] for c in e.cells]
    rows, cols = list(source.rows), list(source.cols)
    cv, y = Canvas(), 0.0
    if e.one_d:  # strips stacked like the steps of the slide, the label on the left
        label_w = max(text_width(Labels.plain(t)) for t in labels) + 12
        size, text = _cell_size([t for t, _ in source.cells.values()], len(cols), WIDTH - 16 - label_w)
        for c, label in zip(e.cells, labels):
            cv.text(8, y + size / 2, label, middle=True)
            taps = {rc for rc, _ in e.window.positions(c.i, c.j)}
            _grid(cv, 8 + label_w, y, size, rows, cols, _source_cell(source, taps), text)
            _frame(cv, 8 + label_w, y, size, rows, cols, taps)
            y += size + 10
        width = 16 + label_w + len(cols) * size
    else:
        room = (WIDTH - 16 - _GAP * (out_cols - 1)) / out_cols
        size = min(18.0, room / len(cols))
        box = max(size * len(cols), max(text_width(Labels.plain(t)) for t in labels))
        two_lines = box > room
        box = min(box, room) if two_lines else box
        head = 2 * FONT + 12 if two_lines else FONT + 10
        for c, label in zip(e.cells, labels):
            x0 = 8 + c.j * (box + _GAP)
            y0 = c.i * (head + size * len(rows) + 16)
            if two_lines:
                cv.text(x0, y0 + 16, label[:-1])
                cv.text(x0, y0 + 16 + FONT + 4, label[-1].lstrip())
            else:
                cv.text(x0, y0 + 16, label)
            taps = {rc for rc, _ in e.window.positions(c.i, c.j)}
            _grid(cv, x0, y0 + head, size, rows, cols, _source_cell(source, taps), False)
            _frame(cv, x0, y0 + head, size, rows, cols, taps)
        y = out_rows * (head + size * len(rows) + 16)
        width = 16 + out_cols * box + (out_cols - 1) * _GAP
    legend = [("sc-in", Labels.plain(words["input"][0])), ("sc-win", "window")]
    if source.padded:
        legend.insert(1, ("sc-pad", words["outside"]))
    y, right = _legend(cv, y + 16, legend)
    shape = f"{out_cols}" if e.one_d else f"{out_rows}x{out_cols}"
    title = f"The window of every output cell over the input, laid out like the {shape} output"
    return cv.svg(max(width, right), y + 4, title, "symconv-overview")
