"""The steps of a 2D (scipy) or deep-learning (torch) derivation: the arrays, the rotated or
conjugated kernel, padding or boundary extension, dilation, the output size, the window sum,
one output per cell, the call."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import refuse_oversize
from ..engine.index import padded_source
from ..limits import DEFAULT_LIMITS
from ..model import Expansion2D
from .base import Array, CheckStep, Document, Output, Ref, Step, Strip, Summary
from .calls import call_2d
from .finite import elide

__all__ = ["Operand", "Rotation", "Conjugation", "Padding", "Extension", "Dilation", "Size",
           "WindowSum", "build_2d", "padded_rows"]


@dataclass(frozen=True)
class Operand(Step):
    """An array as given: ``array = rows`` (conv1d: one row, shown as a sequence)."""

    array: Array
    rows: tuple
    one_d: bool = False


@dataclass(frozen=True)
class Rotation(Step):
    """``rotated[m, n] = kernel[M - 1 - m, N - 1 - n]``: the kernel turned by 180 degrees, the
    flip of 2D convolution."""

    kernel: Array
    rotated: Array
    rows: tuple


@dataclass(frozen=True)
class Conjugation(Step):
    """``conjugated[m, n] = conj(kernel[m, n])``: correlation conjugates a complex kernel."""

    kernel: Array
    conjugated: Array
    rows: tuple


@dataclass(frozen=True)
class Padding(Step):
    """``padded`` is ``array`` with ``widths = (top, bottom, left, right)`` rows/columns of
    padding; ``outside`` holds the ``(r, c)`` cells that are padding, which hold zeros or, by
    torch's ``mode``, the input mirrored (``reflect``), its edge (``replicate``) or the input
    wrapped around (``circular``). ``prefix`` holds the leading (batch, channel) indices of the
    slice a multi-channel layer pads (empty for one channel)."""

    array: Array
    padded: Array
    rows: tuple
    outside: frozenset
    widths: tuple
    one_d: bool = False
    mode: str = "zeros"
    prefix: tuple = ()


@dataclass(frozen=True)
class Extension(Step):
    """Outside its ``shape``, ``array`` takes values by scipy's ``boundary`` rule: ``fill``
    (``fillvalue``), ``wrap`` (``array[r mod M, c mod N]``) or ``symm`` (mirrored, the edge
    repeated)."""

    array: Array
    boundary: str
    fillvalue: object
    shape: tuple


@dataclass(frozen=True)
class Dilation(Step):
    """``dilated`` is ``kernel`` with ``dilation - 1`` zeros between taps; ``gaps`` holds the
    ``(r, c)`` cells that are inserted zeros."""

    kernel: Array
    dilated: Array
    rows: tuple
    gaps: frozenset
    dilation: tuple
    one_d: bool = False


@dataclass(frozen=True)
class Size(Step):
    """The output size along one axis (``axis`` ``"h"``, ``"w"``, or ``""`` for conv1d).

    With ``L`` the input's and ``K`` the kernel's extent along the axis (``arrays``: the input
    and the kernel), ``rule`` ``"full"``: ``L + K - 1``; ``"same"``: ``L``; ``"valid"``:
    ``|L - K| + 1``; ``"torch"``: ``floor((L + before + after - dilation(K - 1) - 1) / stride) + 1``.
    """

    axis: str
    rule: str
    size: int
    kernel: int
    before: int
    after: int
    stride: int
    dilation: int
    out: int
    arrays: tuple = ()


@dataclass(frozen=True)
class WindowSum(Step):
    """``output[i, j] = sum_{m, n} source[r0 + i*s_r + m*d_r, c0 + j*s_c + n*d_c] kernel[m, n]``.

    For 2D convolution ``true_kernel`` is the kernel as given and ``shift`` the offsets of the
    equivalent form ``sum_{m, n} source[i - m + shift_r, j - n + shift_c] true_kernel[m, n]``.
    """

    output: Array
    source: Array
    kernel: Array
    origin: tuple
    stride: tuple
    dilation: tuple
    one_d: bool = False
    true_kernel: Array | None = None
    shift: tuple = (0, 0)


def padded_rows(e: Expansion2D) -> tuple:
    """``(rows, outside)``: the padded input of a torch-style expansion and its padding cells."""
    top, bottom, left, right = e.padding
    h, w = e.x.shape
    zero = e.region.values[0] * 0 if e.region.values else 0

    def held(r: int, c: int):
        r, c = padded_source(r - top, h, e.padding_mode), padded_source(c - left, w, e.padding_mode)
        return zero if r is None or c is None else e.x.rows[r][c]

    rows = tuple(tuple(held(r, c) for c in range(w + left + right)) for r in range(h + top + bottom))
    outside = frozenset((r, c) for r in range(len(rows)) for c in range(len(rows[0]))
                        if not (top <= r < top + h and left <= c < left + w))
    return rows, outside


def _index(one_d: bool, r: int, c: int) -> tuple:
    return (c,) if one_d else (r, c)


def build_2d(e: Expansion2D, names: tuple, options, report=None, limits=DEFAULT_LIMITS) -> Document:
    """The document of a 2D or deep-learning expansion under ``names`` and ``options``."""
    one_d, scipy = e.one_d, e.kind in ("convolve2d", "correlate2d")
    X, K, Y = Array(names[0], "input"), Array(names[1], "kernel"), Array(names[2], "output")
    complex_kernel = not all(v.is_extended_real for v in e.k.values)
    kernel = K
    steps: list = []
    if options.definition:
        steps += [Operand(X, e.x.rows, one_d), Operand(K, e.k.rows, one_d)]
    if e.kind == "convolve2d":
        kernel = Array(K.name, "kernel", "rotated")
        if options.flip:
            steps.append(Rotation(K, kernel, e.kernel))
    elif e.kind == "correlate2d" and complex_kernel:
        kernel = Array(K.name, "kernel", "conjugated")
        steps.append(Conjugation(K, kernel, e.kernel))
    source = X
    if e.padded:
        source = Array(X.name, "input", "padded")
        rows, outside = padded_rows(e)
        steps.append(Padding(X, source, rows, outside, e.padding, one_d, e.padding_mode))
    elif scipy and not e.skips_outside():
        source = Array(X.name, "input", "extended")
        if options.definition:
            steps.append(Extension(source, e.boundary, e.fillvalue, e.x.shape))
    if not scipy and max(e.dilation) > 1 and options.definition:
        dr, dc = e.dilation
        kh, kw = e.k.shape
        zero = e.kernel[0][0] * 0
        grid = [[zero] * (dc * (kw - 1) + 1) for _ in range(dr * (kh - 1) + 1)]
        for m in range(kh):
            for n in range(kw):
                grid[m * dr][n * dc] = e.kernel[m][n]
        gaps = frozenset((r, c) for r in range(len(grid)) for c in range(len(grid[0])) if r % dr or c % dc)
        steps.append(Dilation(K, Array(K.name, "kernel", "dilated"), tuple(map(tuple, grid)), gaps,
                              e.dilation, one_d))
    if options.definition:
        for label, axis in ([("", 1)] if one_d else [("h", 0), ("w", 1)]):
            steps.append(Size(label, e.mode if scipy else "torch", e.x.shape[axis], e.k.shape[axis],
                              e.padding[2 * axis], e.padding[2 * axis + 1], e.stride[axis],
                              e.dilation[axis], e.out_shape[axis], (X, K)))
        shift = (e.origin[0] + len(e.kernel) - 1, e.origin[1] + len(e.kernel[0]) - 1)
        steps.append(WindowSum(Y, source, kernel, e.origin, e.stride, e.dilation, one_d,
                               K if e.kind == "convolve2d" else None, shift))
    region = e.region
    left = Strip(source, tuple(_index(one_d, r, c) for r in region.rows for c in region.cols),
                 region.values, e.dilation[1], False,
                 () if all(region.inside) else region.inside)
    kh, kw = len(e.kernel), len(e.kernel[0])
    right = Strip(kernel, tuple(_index(one_d, m, n) for m in range(kh) for n in range(kw)),
                  tuple(v for row in e.kernel for v in row), 1)
    outputs = []
    unclipped = options.zeros and e.skips_outside()  # show the zero products outside the input too
    if unclipped:
        refuse_oversize(f"{e.kind} with zeros=True", e.window.cells, e.window.cells * e.window.taps,
                        e.x.is_symbolic or e.k.is_symbolic, limits)
    for cell in e.cells:
        segments = e.window.flat_segments(cell.i, cell.j, (region.rows, region.cols)) if unclipped else cell.segments
        outputs.append(Output(Ref(Y, (cell.j,) if one_d else (cell.i, cell.j)), left, right, segments, cell.value))
    steps.extend(elide(outputs, options.elide))
    if options.call:
        steps.append(call_2d(e, X, K, Y))
    if report is not None:
        steps.append(CheckStep(report))
    facts = (("input", e.x.shape), ("kernel", e.k.shape), ("output", e.out_shape), ("mode", e.mode),
             ("boundary", e.boundary), ("swapped", e.swapped), ("stride", e.stride),
             ("padding", e.raw_padding), ("dilation", e.dilation), ("one_d", one_d),
             ("padding_mode", e.padding_mode),
             ("inputs", (e.x.rows, e.k.rows)))
    return Document(e.kind, tuple(steps), (X, K, Y), e.decimal, Summary(e.kind, facts))
