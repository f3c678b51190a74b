"""The frames of an animation, read from a derivation's steps: one frame per output.

Everything drawn comes from the document. The cells a frame reads are its ``Output``'s terms
(``Factor.ref.index``), their values the factors' values, the sum the output's value; the
source array is the outputs' left `Strip` completed by the ``Padding`` step (torch padding), the
input's ``Operand`` step and, for 1D, the ``SlidingStrip`` view (the second sequence flipped and
slid into place for every output); the kernel is the right `Strip` or the ``Dilation`` step.
Nothing here computes where a window lies.

An `Output` over strips of any index tuples becomes a frame; the layout
(`symconv.render.animation_layout`) draws 1-tuples as strips and 2-tuples as grids.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, S

from ..errors import DerivationTooLarge, InputError
from ..limits import DEFAULT_LIMITS
from ..steps import (Array, ChannelSum, Conjugation, Dilation, Document, Elided, Extension, Flip, LayerSum, Operand,
                     Output, Padding, Ref, Rotation, Slices, SlidingStrip, WindowSum)

__all__ = ["Cell", "Grid", "Frame", "Animation", "build_animation", "check_budget"]


@dataclass(frozen=True)
class Cell:
    """One drawn cell: its index, its exact value; ``inside`` False for padding, a boundary
    extension or a sample outside the support; ``gap`` True for a zero that dilation inserted."""

    index: tuple
    value: Expr
    inside: bool = True
    gap: bool = False


@dataclass(frozen=True)
class Grid:
    """An array as the animation draws it: ``array`` (name, role, mark), its cells in index
    order, and ``how``: the steps that made it from the array as given (``Padding``,
    ``Extension``, ``Rotation``, ``Conjugation``, ``Dilation``, ``Flip``; a ``WindowSum`` whose
    taps are dilated), for the words."""

    array: Array
    cells: tuple
    how: tuple = ()

    @property
    def padded(self) -> bool:
        """True when some cell is not inside the array as given."""
        return not all(c.inside for c in self.cells)


@dataclass(frozen=True)
class Frame:
    """One output: ``output = sum of terms = value``. ``placed`` lists ``(source index, Ref,
    value)``: where each sample of the sliding array lies in this frame (1D: the whole second
    sequence, overlapping or not; otherwise the terms' own pairs)."""

    output: Ref
    value: Expr
    terms: tuple
    placed: tuple

    @property
    def read(self) -> tuple:
        """The source cells the products read, in order."""
        return tuple(t.factors[0].ref.index for t in self.terms)


@dataclass(frozen=True)
class Animation:
    """Everything an animation shows: the ``source`` the window slides over, the ``kernel`` as
    applied (in 1D it moves with the frames: ``Frame.placed``), the ``output`` (one cell per
    frame, in frame order) and the ``frames``. ``sliding`` is the array the products read the
    kernel from."""

    kind: str
    decimal: bool
    source: Grid
    kernel: Grid
    output: Grid
    sliding: Array
    frames: tuple

    @property
    def one_d(self) -> bool:
        return len(self.output.cells[0].index) == 1

    @property
    def cells(self) -> int:
        """Cells drawn in one frame."""
        return len(self.source.cells) + len(self.kernel.cells) + len(self.output.cells)


def check_budget(frames: int, cells: int, limits=DEFAULT_LIMITS) -> None:
    """Refuse an animation of more frames or cells than `symconv.Limits` allows.

    Raises
    ------
    DerivationTooLarge
        ``frames > limits.max_animation_frames`` or ``cells > limits.max_animation_cells``.

    Examples
    --------
    >>> check_budget(1000, 10)
    Traceback (most recent call last):
    ...
    symconv.errors.DerivationTooLarge: an animation shows at most 256 frames (one per output), this one needs 1,000; raise Limits.max_animation_frames or animate a smaller example
    """
    if frames > limits.max_animation_frames:
        raise DerivationTooLarge(f"an animation shows at most {limits.max_animation_frames:,} frames (one per "
                                 f"output), this one needs {frames:,}; raise Limits.max_animation_frames or "
                                 f"animate a smaller example")
    if cells > limits.max_animation_cells:
        raise DerivationTooLarge(f"an animation draws at most {limits.max_animation_cells:,} cells per frame, "
                                 f"this one needs {cells:,}; raise Limits.max_animation_cells or animate a "
                                 f"smaller example")


def _index(step_one_d: bool, r: int, c: int) -> tuple:
    return (c,) if step_one_d else (r, c)


def _written(doc: Document) -> list:
    """``(lhs, Output, value)`` per output cell: an `Output` step, or a layer's `ChannelSum` of
    one `Output` per input channel plus a bias: one channel and no bias animate as that channel's
    sum; more are refused until the layout draws channels."""
    cells = []
    for step in doc.steps:
        if isinstance(step, Output):
            cells.append((step.lhs, step, step.value))
        elif isinstance(step, ChannelSum):
            if len(step.parts) != 1 or step.bias is not None:
                raise InputError("animations draw one input channel and no bias; this layer sums "
                                 f"{len(step.parts)} channel{'s' if len(step.parts) != 1 else ''}"
                                 f"{' and a bias' if step.bias is not None else ''}")
            cells.append((step.lhs, step.parts[0], step.value))
    return cells


def _source(doc: Document, outputs: list, strip: SlidingStrip | None) -> Grid:
    """The array the window slides over: every cell any output's left strip holds, then the
    padded array (``Padding``) or the input as given (``Operand``), then 1D's strip columns."""
    array = outputs[0].left.array
    cells: dict = {}
    seen = set()
    for out in outputs:
        left = out.left
        if id(left) in seen:
            continue
        seen.add(id(left))
        for k, index in enumerate(left.indices):
            cells.setdefault(index, Cell(index, left.values[k], left.is_inside(k)))
    how = []
    for step in doc.steps:
        if isinstance(step, Padding) and step.padded == array and not step.prefix:
            how.append(step)
            for r, row in enumerate(step.rows):
                for c, value in enumerate(row):
                    index = _index(step.one_d, r, c)
                    cells.setdefault(index, Cell(index, value, (r, c) not in step.outside))
        elif isinstance(step, (Operand, Slices)) and step.array.name == array.name \
                and step.array.role == array.role and array.mark in ("", "extended"):
            # the input as given (a layer's one slice): the cells no window reads too
            rows = step.rows if isinstance(step, Operand) else dict(zip(step.prefixes, step.slices)).get((), ())
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    index = _index(step.one_d, r, c)
                    cells.setdefault(index, Cell(index, value, True))
        elif isinstance(step, Extension) and step.array == array:
            how.append(step)
    if strip is not None:
        for column in strip.columns:
            inside = column in strip.top
            cells.setdefault((column,), Cell((column,), strip.top[column] if inside else S.Zero, inside))
    return Grid(array, tuple(cells[i] for i in sorted(cells)), tuple(how))


def _kernel(doc: Document, outputs: list) -> Grid:
    """The kernel as applied: the ``Dilation`` step's cells (its gaps marked) or the right strip."""
    right = outputs[0].right
    how = [s for s in doc.steps if isinstance(s, (Rotation, Conjugation)) and right.array.mark]
    for step in doc.find(Dilation):
        cells = tuple(Cell(_index(step.one_d, r, c), value, True, (r, c) in step.gaps)
                      for r, row in enumerate(step.rows) for c, value in enumerate(row))
        return Grid(step.dilated, tuple(sorted(cells, key=lambda c: c.index)), (*how, step))
    # no Dilation step (a layer's document): the window sum says how far apart the taps are
    windows = [s for s in doc.steps if isinstance(s, WindowSum)] + [s.window for s in doc.find(LayerSum)]
    how += [w for w in windows[:1] if max(w.dilation) > 1]
    cells = tuple(Cell(index, value) for index, value in zip(right.indices, right.values))
    return Grid(right.array, tuple(sorted(cells, key=lambda c: c.index)), tuple(how))


def build_animation(doc: Document, strip: SlidingStrip | None = None, limits=DEFAULT_LIMITS) -> Animation:
    """The frames of ``doc``: one per `Output` step, in order.

    Parameters
    ----------
    doc : Document
        A finite derivation's steps (for a 2D scipy derivation built with ``zeros=True``, so
        that each window's taps outside the input are terms too). No ``Elided`` step.
    strip : SlidingStrip, optional
        For 1D: the sliding-strip view of the same derivation, which places the whole second
        sequence for every output (the terms place only the samples that overlap).
    limits : Limits
        ``max_animation_frames`` and ``max_animation_cells`` are checked here.

    Raises
    ------
    InputError
        The document has no outputs written term by term (a closed form, a multi-channel
        layer), leaves outputs out (``elide``) or derives an output twice (several views).
    DerivationTooLarge
        Over the budget (`check_budget`).

    Examples
    --------
    >>> import symconv
    >>> d = symconv.conv2d("1 2; 3 4", "1 0; 0 -1", padding=1)
    >>> anim = build_animation(d.document())
    >>> len(anim.frames), anim.frames[4].read, anim.frames[4].value
    (9, ((1, 1), (1, 2), (2, 1), (2, 2)), -3)
    """
    written = _written(doc)
    outputs = [out for _, out, _ in written]
    if not outputs:
        raise InputError(f"an animation needs outputs written term by term; {doc.kind} has none to show")
    if doc.find(Elided):
        raise InputError("an animation shows every output; leave out elide")
    if len({lhs for lhs, _, _ in written}) != len(written):  # several views of one output (transposed)
        raise InputError(f"an animation draws one sum per output; this {doc.kind} document derives its outputs "
                         f"more than once (one per view)")
    check_budget(len(outputs), 0, limits)
    if any(len(lhs.index) not in (1, 2) or len(o.left.indices[0]) != len(lhs.index) for lhs, o, _ in written):
        raise InputError("animations draw sequences and matrices (outputs with one or two indices)")
    source = _source(doc, outputs, strip)
    kernel = _kernel(doc, outputs)
    if doc.find(Flip):  # 1D convolution slides the second sequence flipped
        kernel = Grid(kernel.array, kernel.cells, kernel.how + tuple(doc.find(Flip)))
    rows = {row.output.index: row for row in strip.rows} if strip is not None else {}
    frames = []
    for lhs, out, value in written:
        row = rows.get(lhs.index)
        if row is not None:
            placed = tuple(((column,), ref, v) for column, (ref, v) in sorted(row.placed.items()))
        else:
            placed = tuple((t.factors[0].ref.index, t.factors[1].ref, t.right) for t in out.terms)
        frames.append(Frame(lhs, value, out.terms, placed))
    output = Grid(written[0][0].array, tuple(Cell(f.output.index, f.value) for f in frames))
    anim = Animation(doc.kind, doc.decimal, source, kernel, output, outputs[0].right.array, tuple(frames))
    check_budget(len(frames), anim.cells, limits)
    return anim
