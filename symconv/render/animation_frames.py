"""The frames of an animation, read from a derivation's steps: one frame per output.

Everything drawn comes from the document. The cells a frame reads are its ``Output``'s terms
(``Factor.ref.index``), their values the factors' values, the sum the output's value; the
source array is the outputs' left `Strip` completed by the ``Padding`` step (torch padding), the
``ZeroInsertion`` step (transposed convolution: the zero-inserted, padded input), the input's
``Operand`` step and, for 1D, the ``SlidingStrip`` view (the second sequence flipped and slid
into place for every output); the kernel is the right `Strip` or the ``Dilation`` step.
Nothing here computes where a window lies.

An `Output` over strips of any index tuples becomes a frame; the layout
(`symconv.render.animation_layout`) draws 1-tuples as strips and 2-tuples as grids. A document
with views (transposed convolution) is animated one view at a time (`select_view`): its
zero-insertion view here, its scatter view by `symconv.render.animation_scatter`. A layer whose
outputs sum several channels or add a bias is animated by `symconv.render.animation_channels`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sympy import Expr, S

from ..errors import DerivationTooLarge, InputError, brief
from ..limits import DEFAULT_LIMITS
from ..steps import (Array, ChannelSum, Conjugation, Dilation, Document, Elided, Extension, Factor, Flip, LayerSum,
                     Operand, Output, Padding, Ref, Rotation, Slices, SlidingStrip, WindowSum)
from ..steps.transposed import KernelFlip, View, ZeroInsertion

__all__ = ["Cell", "Grid", "Frame", "Animation", "build_animation", "check_budget", "select_view", "layered",
           "zero_inserted_cells", "ANIMATED_VIEWS"]

#: The views of a transposed convolution an animation draws: the window over the zero-inserted
#: input (the default), or the stamps.
ANIMATED_VIEWS = ("zero-insertion", "scatter")


@dataclass(frozen=True)
class Cell:
    """One drawn cell: its index, its exact value; ``inside`` False for padding, a boundary
    extension, a sample outside the support or an inserted zero; ``gap`` True for a zero that
    was inserted between samples (dilation's, in a kernel; the stride's, in the zero-inserted
    input of a transposed convolution)."""

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
    sequence, overlapping or not; otherwise the terms' own pairs).

    A layer's output cell (`symconv.render.animation_channels`) has no terms of its own:
    ``parts`` holds one frame per input channel of its group (``output`` the channel's partial
    sum, ``source`` and ``kernel`` the leading indices of the input and weight slices it reads),
    and ``bias`` the bias it adds: ``output = parts[0].value + ... + bias.value = value``."""

    output: Ref
    value: Expr
    terms: tuple
    placed: tuple
    parts: tuple = ()
    bias: Factor | None = None
    source: tuple = ()
    kernel: tuple = ()

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
    one channel and no bias (its one part). `layered` documents go to
    `symconv.render.animation_channels` instead."""
    cells = []
    for step in doc.steps:
        if isinstance(step, Output):
            cells.append((step.lhs, step, step.value))
        elif isinstance(step, ChannelSum):
            cells.append((step.lhs, step.parts[0], step.value))
    return cells


def layered(doc: Document) -> bool:
    """True when some output cell sums several input channels or adds a bias (a `ChannelSum`
    with more than one part or a bias)."""
    return any(len(s.parts) != 1 or s.bias is not None for s in doc.steps if isinstance(s, ChannelSum))


def select_view(doc: Document, view: str | None = None) -> Document:
    """The document with the steps of one view only: those before the first ``View`` step, then
    those of ``view`` (default the zero-insertion view; one of `ANIMATED_VIEWS`). A document
    without views is returned as it is (``view`` must then be None).

    Examples
    --------
    >>> import symconv
    >>> from symconv.steps.transposed import View
    >>> doc = symconv.conv_transpose1d([1, 2], [1, -1], stride=2).document()
    >>> [s.name for s in select_view(doc).find(View)], len(select_view(doc, "scatter").outputs)
    (['zero-insertion'], 4)
    """
    names = [s.name for s in doc.find(View)]
    if not names:
        if view is not None:
            raise InputError(f"view picks a view of a transposed convolution; {doc.kind} has none, got {view!r}")
        return doc
    view = "zero-insertion" if view is None else view
    if view not in ANIMATED_VIEWS:
        raise InputError(f"an animation draws the view 'zero-insertion' (the kernel over the zero-inserted input) "
                         f"or 'scatter' (one stamp per input sample), got {brief(view)}"
                         + ("; the matrix view has no window to slide" if view == "matrix" else ""))
    if view not in names:
        raise InputError(f"this document shows the view{'s' if len(names) > 1 else ''} {', '.join(names)}, "
                         f"not {view}: build it with view='all' or view={view!r}")
    kept, current = [], None
    for step in doc.steps:
        if isinstance(step, View):
            current = step.name
        if current is None or current == view:
            kept.append(step)
    return replace(doc, steps=tuple(kept))


def shown_view(doc: Document) -> str | None:
    """The name of the first ``View`` step of ``doc`` (None without views)."""
    views = doc.find(View)
    return views[0].name if views else None


def zero_inserted_cells(step: ZeroInsertion) -> dict:
    """``index -> Cell`` of a ``ZeroInsertion`` step: its input samples inside; its zeros outside,
    ``gap`` for those between samples, not for the padding (the first ``before`` and the last
    ``after`` positions of an axis, as the step states them; negative: cropped, none)."""
    rows, cols = len(step.rows), len(step.rows[0])
    (top, left), (bottom, right) = (max(0, b) for b in step.before), (max(0, a) for a in step.after)
    cells = {}
    for r, row in enumerate(step.rows):
        for c, value in enumerate(row):
            index = _index(step.one_d, r, c)
            zero = (r, c) in step.zeros
            padding = r < top or r >= rows - bottom or c < left or c >= cols - right
            cells[index] = Cell(index, value, not zero, zero and not padding)
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
        elif isinstance(step, ZeroInsertion) and step.inserted == array and not step.prefix:
            how.append(step)
            cells.update(zero_inserted_cells(step))  # the strips know inside, not which zeros are gaps
    if strip is not None:
        for column in strip.columns:
            inside = column in strip.top
            cells.setdefault((column,), Cell((column,), strip.top[column] if inside else S.Zero, inside))
    return Grid(array, tuple(cells[i] for i in sorted(cells)), tuple(how))


def _kernel(doc: Document, outputs: list) -> Grid:
    """The kernel as applied: the ``Dilation`` step's cells (its gaps marked) or the right strip."""
    right = outputs[0].right
    how = [s for s in doc.steps if isinstance(s, (Rotation, Conjugation, KernelFlip)) and right.array.mark]
    for step in doc.find(Dilation):
        cells = tuple(Cell(_index(step.one_d, r, c), value, True, (r, c) in step.gaps)
                      for r, row in enumerate(step.rows) for c, value in enumerate(row))
        return Grid(step.dilated, tuple(sorted(cells, key=lambda c: c.index)), (*how, step))
    # no Dilation step (a layer's document): the window sum says how far apart the taps are
    windows = [s for s in doc.steps if isinstance(s, WindowSum)] + [s.window for s in doc.find(LayerSum)]
    how += [w for w in windows[:1] if max(w.dilation) > 1]
    cells = tuple(Cell(index, value) for index, value in zip(right.indices, right.values))
    return Grid(right.array, tuple(sorted(cells, key=lambda c: c.index)), tuple(how))


def build_animation(doc: Document, strip: SlidingStrip | None = None, limits=DEFAULT_LIMITS,
                    view: str | None = None):
    """The frames of ``doc``: one per output, in order.

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
    view : {None, "zero-insertion", "scatter"}
        For a document with views (transposed convolution): the view to animate (`select_view`;
        default the zero-insertion view).

    Returns
    -------
    Animation
        One frame per `Output` step; a `symconv.render.animation_channels.LayerAnimation` when
        the outputs sum several channels or add a bias (one frame per output cell); a
        `symconv.render.animation_scatter.ScatterAnimation` for the scatter view (one frame per
        stamp).

    Raises
    ------
    InputError
        The document has no outputs written term by term (a closed form), leaves outputs out
        (``elide``) or derives an output twice (several views of it and no ``View`` steps).
    DerivationTooLarge
        Over the budget (`check_budget`).

    Examples
    --------
    >>> import symconv
    >>> d = symconv.conv2d("1 2; 3 4", "1 0; 0 -1", padding=1)
    >>> anim = build_animation(d.document())
    >>> len(anim.frames), anim.frames[4].read, anim.frames[4].value
    (9, ((1, 1), (1, 2), (2, 1), (2, 2)), -3)
    >>> t = symconv.conv_transpose1d([1, 2], [1, -1], stride=2)
    >>> anim = build_animation(t.document())
    >>> len(anim.frames), anim.frames[1].read, [c.gap for c in anim.source.cells]
    (4, ((1,), (2,)), [False, False, True, False, False])
    """
    doc = select_view(doc, view)
    if doc.find(Elided):
        raise InputError("an animation shows every output; leave out elide")
    if shown_view(doc) == "scatter":
        from .animation_scatter import build_scatter

        return build_scatter(doc, limits)
    if layered(doc):
        from .animation_channels import build_layer_animation

        return build_layer_animation(doc, limits)
    written = _written(doc)
    outputs = [out for _, out, _ in written]
    if not outputs:
        raise InputError(f"an animation needs outputs written term by term; {doc.kind} has none to show")
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
