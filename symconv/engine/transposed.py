"""Transposed convolution (``torch.nn.functional.conv_transpose1d/2d``): torch's parameter rules
and refusals, all of its index arithmetic, and each plane's exact values three ways.

Per axis, with input size ``i``, kernel size ``k``, stride ``s``, padding ``p``, dilation ``d``
and output padding ``a``: input sample ``i`` times tap ``m`` lands on output ``s*i + d*m - p``,
and the output has ``(i - 1)s - 2p + d(k - 1) + a + 1`` positions. The zero-insertion view reads
the same sum as a stride-1 correlation of the input with ``s - 1`` zeros between its samples,
padded by ``d(k - 1) - p`` before and that plus ``a`` after, with the kernel flipped.
"""

from __future__ import annotations

from math import gcd

import sympy

from ..errors import InputError, brief
from ..limits import Limits
from ..model import Matrix, Window2D
from ..model.transposed import TRANSPOSED_KINDS, Stamp, TransposedExpansion, TransposedGeometry, TransposedPlane
from ..parse import parse_int
from ._budget import refuse_large_array, refuse_oversize
from .channels import check_ranks, shape_text
from .dl import pair
from .kernel import exact_dots
from .twod import slide

__all__ = ["transposed_size", "landing_terms", "forward_sizes", "transposed_geometry", "expand_plane",
           "check_kind", "overlap_pattern", "transposed_shapes",
           "expand_transposed_layer"]

_AXES = ("rows", "columns")


def check_kind(kind) -> str:
    if kind not in TRANSPOSED_KINDS:
        raise InputError(f"kind must be 'conv_transpose1d' or 'conv_transpose2d', got {brief(kind)}")
    return kind


def transposed_size(i: int, k: int, s: int, p: int, d: int, a: int) -> int:
    """``(i - 1)s - 2p + d(k - 1) + a + 1``, torch's output size (may be non-positive).

    >>> transposed_size(3, 3, 2, 0, 1, 0), transposed_size(2, 3, 2, 1, 1, 1)
    (7, 4)
    """
    return (i - 1) * s - 2 * p + d * (k - 1) + a + 1


def landing_terms(n: int, k: int, s: int, p: int, d: int, out: int) -> tuple:
    """Per output position ``j < out``, the pairs ``(i, m)`` with ``s*i + d*m - p = j``,
    ``0 <= i < n`` and ``0 <= m < k``, input index ascending (so ``m`` descends by ``s/g`` and
    ``i`` ascends by ``d/g``, ``g = gcd(s, d)``).

    >>> landing_terms(3, 3, 2, 0, 1, 7)[2]
    ((0, 2), (1, 0))
    """
    found: list = [[] for _ in range(out)]
    for i in range(n):
        for m in range(k):
            j = s * i + d * m - p
            if 0 <= j < out:
                found[j].append((i, m))
    return tuple(tuple(terms) for terms in found)


def forward_sizes(i: int, k: int, s: int, p: int, d: int, out: int, a: int) -> tuple:
    """``(r, L)`` for ``r = 0 .. s - 1``: the forward convolution (``floor((L + 2p - d(k - 1) - 1)/s) + 1``
    outputs) of each input size ``L = out - a + r >= 1`` gives ``i`` outputs; output padding ``r``
    picks ``L``.

    >>> forward_sizes(3, 3, 2, 0, 1, 7, 0)
    ((0, 7), (1, 8))
    """
    base = out - a
    return tuple((r, base + r) for r in range(s) if base + r >= 1 and base + r + 2 * p >= d * (k - 1) + 1)


def overlap_pattern(k: int, s: int, d: int) -> tuple:
    """How many taps of a stamp reach an output away from the edges, by the output's position
    ``j + p`` modulo ``s``: ``#{m < k : d m = r (mod s)}`` for ``r = 0 .. s - 1``. Unequal counts are
    the checkerboard artifact (``d = 1``: exactly when ``k`` is not a multiple of ``s``).

    >>> overlap_pattern(3, 2, 1), overlap_pattern(4, 2, 1), overlap_pattern(2, 2, 2)
    ((2, 1), (2, 2), (2, 0))
    """
    return tuple(sum(1 for m in range(k) if (d * m) % s == r) for r in range(s))


def _holds(n: int, s: int, before: int, length: int) -> tuple:
    out = []
    for t in range(length):
        q, r = divmod(t - before, s)
        out.append(q if r == 0 and 0 <= q < n else None)
    return tuple(out)


def _parameters(kind: str, stride, padding, output_padding, dilation) -> tuple:
    one_d = kind == "conv_transpose1d"
    for value, name in ((padding, "padding"), (output_padding, "output_padding")):
        if isinstance(value, str):
            raise InputError(f"{name} of {kind} must be an int{'' if one_d else ' or a pair of ints'}, got "
                             f"{brief(value)} (torch's padding='same'/'valid' are for conv1d/conv2d only)")
    values = []
    for value, name, least in ((stride, "stride", 1), (padding, "padding", 0),
                               (output_padding, "output_padding", 0), (dilation, "dilation", 1)):
        pr = pair(value, name, one_d)
        if least == 0 and any(isinstance(v, int) and not isinstance(v, bool) and v < 0 for v in pr):
            raise InputError(f"negative {name} is not supported (torch refuses it), got {brief(value)}")
        pr = tuple(parse_int(v, where=name, minimum=least) for v in pr)
        values.append((1 if least == 1 else 0, pr[1]) if one_d else pr)
    return tuple(values)


def transposed_geometry(kind: str, in_shape: tuple, k_shape: tuple, stride=1, padding=0, output_padding=0,
                        dilation=1, limits: Limits | None = None, planes: int = 1) -> TransposedGeometry:
    """The geometry of one plane, with torch's refusals, checked against the budgets from the
    sizes alone (``planes`` planes of the zero-inserted input are shown).

    Raises
    ------
    InputError
        Stride or dilation below 1; negative padding or output padding; output padding not
        smaller than either the stride or the dilation; a non-positive output size.
    DerivationTooLarge

    Examples
    --------
    >>> g = transposed_geometry("conv_transpose1d", (1, 3), (1, 3), stride=2)
    >>> g.out_shape, g.before, g.after, g.forward[1], g.overlaps[1]
    ((1, 7), (0, 2), (0, 2), ((0, 7), (1, 8)), (1, 1, 2, 1, 2, 1, 1))
    """
    from ..limits import DEFAULT_LIMITS

    limits = limits or DEFAULT_LIMITS
    check_kind(kind)
    one_d = kind == "conv_transpose1d"
    stride, pads, extra, dilation = _parameters(kind, stride, padding, output_padding, dilation)
    outs, before, after = [], [], []
    for axis in (0, 1):
        n, k, s, p, a, d = in_shape[axis], k_shape[axis], stride[axis], pads[axis], extra[axis], dilation[axis]
        where = "" if one_d else f" ({_AXES[axis]})"
        if a >= s and a >= d:
            raise InputError(f"output_padding must be smaller than either stride or dilation, got output_padding "
                             f"{a} with stride {s} and dilation {d}{where}")
        o = transposed_size(n, k, s, p, d, a)
        if o < 1:
            raise InputError(f"the output would have {o} {'samples' if one_d else _AXES[axis]}: "
                             f"(i - 1)s - 2p + d(k - 1) + output_padding + 1 = ({n} - 1)·{s} - 2·{p} + "
                             f"{d}·({k} - 1) + {a} + 1 = {o}; torch refuses it (output size is too small): "
                             f"use less padding")
        outs.append(o)
        before.append(d * (k - 1) - p)
        after.append(d * (k - 1) - p + a)
    what = f"{kind} of a {'length-' + str(in_shape[1]) if one_d else 'x'.join(map(str, in_shape))} input"
    rows, cols = outs
    refuse_oversize(what, planes * rows * cols, planes * rows * cols * k_shape[0] * k_shape[1],
                    False, limits)
    source = [o + d * (k - 1) for o, d, k in zip(outs, dilation, k_shape)]
    refuse_large_array(f"{what}: the zero-inserted input", planes * source[0] * source[1], limits)
    holds, forward, overlaps, pattern = [], [], [], []
    for axis in (0, 1):
        n, k, s, p, a, d = in_shape[axis], k_shape[axis], stride[axis], pads[axis], extra[axis], dilation[axis]
        holds.append(_holds(n, s, before[axis], source[axis]))
        forward.append(forward_sizes(n, k, s, p, d, outs[axis], a))
        counts = tuple(len(t) for t in landing_terms(n, k, s, p, d, outs[axis]))
        overlaps.append(counts)
        pattern.append(overlap_pattern(k, s, d))
    return TransposedGeometry(kind, tuple(in_shape), tuple(k_shape), stride, pads, extra, dilation, tuple(outs),
                              tuple(before), tuple(after), tuple(holds), tuple(forward), tuple(overlaps),
                              tuple(pattern))


def _runs(entries: list, step: int, width: int) -> list:
    """Entries ``(band offset, input offset)`` grouped into segments ``(band, input, count)`` in
    which the input offset advances by ``step`` within one input row."""
    segments = []
    for band, r in entries:
        if segments:
            b0, r0, count = segments[-1]
            if r == r0 + step * count and r // width == r0 // width:
                segments[-1] = (b0, r0, count + 1)
                continue
        segments.append((band, r, 1))
    return segments


def expand_plane(x: Matrix, w: Matrix, g: TransposedGeometry, out_name: str, limits: Limits) -> TransposedPlane:
    """One input plane and one kernel plane, expanded as the three views (see `TransposedPlane`).

    Each view's values are computed by the exact kernel from its own terms: the zero-insertion
    view over the zero-inserted input (zero products included), the scatter view over the
    input and the kernel, the matrix view over the entries of ``C^T`` built from its rule
    ``C[r, s r + d m - p] = w[m]``.
    """
    (h, wd), (kh, kw) = x.shape, w.shape
    zero = sympy.S.Zero
    rotated = tuple(tuple(reversed(row)) for row in reversed(w.rows))
    holds_r, holds_c = g.holds

    def value_at(r: int, c: int):
        i, j = holds_r[r], holds_c[c]
        return zero if i is None or j is None else x.rows[i][j]

    window = Window2D(g.out_shape, g.kernel_shape, (0, 0), (1, 1), g.dilation)
    pads = (g.before[0], g.after[0], g.before[1], g.after[1])
    insertion = slide(g.kind, x, w, rotated, pads, window, value_at, out_name, limits)
    x_flat, w_flat = x.values, w.values
    lists = [landing_terms(g.in_shape[a], g.kernel_shape[a], g.stride[a], g.padding[a], g.dilation[a],
                           g.out_shape[a]) for a in (0, 1)]
    common = gcd(g.stride[1], g.dilation[1])
    steps = (g.dilation[1] // common, -(g.stride[1] // common))
    scatter = []
    for rows_terms in lists[0]:
        for cols_terms in lists[1]:
            if not cols_terms:
                scatter.append(())
                continue
            (i2, m2), count = cols_terms[0], len(cols_terms)
            scatter.append(tuple((i1 * wd + i2, m1 * kw + m2, count) for i1, m1 in rows_terms))
    scatter_values = tuple(exact_dots(x_flat, w_flat, scatter, steps[0], steps[1]))
    singles = [[(r, m, 1)] for r in range(h * wd) for m in range(kh * kw)]
    products = exact_dots(x_flat, w_flat, singles, 1, 1)
    rows_out, cols_out = g.out_shape
    (sr, sc), (pr, pc), (dr, dc) = g.stride, g.padding, g.dilation

    def stamp(r: int, c: int) -> Stamp:
        r0, c0 = g.landing(r, c)
        first = (r * wd + c) * kh * kw
        outside = frozenset((m, n) for m in range(kh) for n in range(kw)
                            if not (0 <= r0 + m * dr < rows_out and 0 <= c0 + n * dc < cols_out))
        return Stamp((r, c), (r0, c0), tuple(tuple(products[first + m * kw:first + (m + 1) * kw]) for m in range(kh)),
                     outside)

    stamps = tuple(stamp(r, c) for r in range(h) for c in range(wd))
    entries: list = [[] for _ in range(rows_out * cols_out)]  # C^T, row by row: (column r, tap m)
    for r in range(h):
        for c in range(wd):
            for m in range(kh):
                jr = sr * r + dr * m - pr
                if not 0 <= jr < rows_out:
                    continue
                for n in range(kw):
                    jc = sc * c + dc * n - pc
                    if 0 <= jc < cols_out:
                        entries[jr * cols_out + jc].append((r * wd + c, m * kw + n))
    band_values, band_columns, band_segments = [], [], []
    for row in entries:
        start = len(band_values)
        band_values.extend(w_flat[m] for _, m in row)
        band_columns.extend(col for col, _ in row)
        band_segments.append(tuple(_runs([(start + k, col) for k, (col, _) in enumerate(row)], steps[0], wd)))
    band_values = tuple(band_values)
    matrix_values = tuple(exact_dots(band_values, x_flat, band_segments, 1, steps[0]))
    band_rows = tuple(tuple((col, w_flat[m]) for col, m in row) for row in entries)
    return TransposedPlane(x, w, insertion, tuple(scatter), steps, scatter_values, stamps,
                           (band_values, tuple(band_columns)), tuple(band_segments), matrix_values, band_rows)


def transposed_shapes(kind: str, x_shape: tuple, w_shape: tuple, bias_len, groups) -> int:
    """Check the ranks and channel counts as torch does; return ``groups`` as an int.

    A plain input (``(L,)``, ``(H, W)``) takes a plain weight and at most a one-value bias; an
    input with channels (``(C_in, ...)`` or ``(N, C_in, ...)``) takes a weight
    ``(C_in, C_out/groups, K...)`` and a bias of ``C_out`` values.

    >>> transposed_shapes("conv_transpose1d", (2, 4, 5), (4, 3, 2), 6, 2)
    2
    """
    spatial = 1 if kind == "conv_transpose1d" else 2
    groups, plain = check_ranks(kind, x_shape, w_shape, bias_len, groups, "C_in, C_out/groups", "conv_transpose2d",
                                "conv_transpose1d")
    if plain:
        return groups
    shape, wshape = shape_text(x_shape), shape_text(w_shape)
    c_in = x_shape[-spatial - 1]
    if w_shape[0] % groups:
        raise InputError(f"{kind}: given groups={groups}, the weight's first axis (input channels, "
                         f"{w_shape[0]}) must be divisible by {groups}")
    if c_in % groups:
        raise InputError(f"{kind}: in_channels ({c_in}) must be divisible by groups ({groups})")
    if w_shape[0] != c_in:
        raise InputError(f"{kind}: the weight {wshape} is for {w_shape[0]} input channels (its first axis), but "
                         f"the input {shape} has {c_in}")
    if bias_len is not None and bias_len != w_shape[1] * groups:
        raise InputError(f"{kind}: bias must have one value per output channel ({w_shape[1] * groups} = "
                         f"{w_shape[1]} x groups {groups}), got {bias_len}")
    return groups


def expand_transposed_layer(kind: str, x, w, bias, stride, padding, output_padding, dilation, groups,
                            names: tuple, limits: Limits) -> TransposedExpansion:
    """A transposed convolution with channels (and batch, groups, bias): ``x``, ``w``, ``bias``
    are parsed tensors (`symconv.parse.tensor.ParsedTensor`); one plane per (batch, output
    channel, input channel of its group), the budget checked from the sizes first.

    Examples
    --------
    >>> from symconv.parse.tensor import parse_tensor
    >>> e = expand_transposed_layer("conv_transpose1d", parse_tensor([[1, 2], [3, 4]]),
    ...                             parse_tensor([[[1, 1]], [[1, -1]]]), parse_tensor([10]), 1, 0, 0, 1, 1,
    ...                             ("x", "w", "y"), Limits())
    >>> e.out_shape, e.values
    ((1, 3), ((14, 14, 8),))
    """
    spatial = 1 if kind == "conv_transpose1d" else 2
    groups = transposed_shapes(kind, x.shape, w.shape, None if bias is None else len(bias.values), groups)
    plain = len(x.shape) == spatial
    in_hw = (1, x.shape[-1]) if spatial == 1 else tuple(x.shape[-2:])
    k_hw = (1, w.shape[-1]) if spatial == 1 else tuple(w.shape[-2:])
    batch = x.shape[0] if len(x.shape) == spatial + 2 else 1
    c_in = 1 if plain else x.shape[-spatial - 1]
    per_group = 1 if plain else w.shape[1]
    c_out = per_group * groups
    in_per_group = c_in // groups
    g = transposed_geometry(kind, in_hw, k_hw, stride, padding, output_padding, dilation, limits,
                            planes=batch * c_in)
    planes = batch * c_out * in_per_group
    symbolic = any(v.free_symbols for v in x.values + w.values if not v.is_Number)
    what = f"{kind} of a ({', '.join(map(str, x.shape))}) input and a ({', '.join(map(str, w.shape))}) weight"
    refuse_oversize(what, batch * c_out * g.cells, planes * (g.cells * g.taps + 3 * g.in_cells * g.taps),
                    symbolic, limits)
    x_name, w_name, y_name = names
    inputs = {}
    for n in range(batch):
        for c in range(c_in):
            prefix = () if plain else ((n, c) if len(x.shape) == spatial + 2 else (c,))
            inputs[n, c] = Matrix(x.plane(prefix), x_name, limits=limits)
    kernels = {}
    for c in range(c_in):
        for local in range(per_group):
            kernels[c, local] = Matrix(w.plane(() if plain else (c, local)), w_name, limits=limits)
    out = []
    for n in range(batch):
        for o in range(c_out):
            group, local_out = divmod(o, per_group)
            for local in range(in_per_group):
                c = group * in_per_group + local
                out.append(expand_plane(inputs[n, c], kernels[c, local_out], g, y_name, limits))
    return TransposedExpansion(kind, tuple(x.shape), tuple(w.shape), groups,
                               None if bias is None else tuple(bias.values), tuple(out), g, tuple(names),
                               x.decimal or w.decimal or (bias is not None and bias.decimal))
