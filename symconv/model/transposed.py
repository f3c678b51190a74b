"""Pure data of transposed convolution (``torch.nn.functional.conv_transpose1d/2d``): the
geometry of each axis, and per channel plane the exact values of the three views of one sum,

    y[j] = sum over (i, m) with s*i + d*m - p = j of x[i] * w[m],

written as a correlation of the zero-inserted input with the flipped kernel, as scaled kernels
stamped into the output, and as the transpose of the forward convolution's matrix times the input.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .channels import ChannelLayout
from .twod import Expansion2D, Matrix

__all__ = ["TransposedGeometry", "Stamp", "TransposedPlane", "TransposedExpansion", "TRANSPOSED_KINDS"]

#: The operations of this module.
TRANSPOSED_KINDS = ("conv_transpose1d", "conv_transpose2d")


@dataclass(frozen=True)
class TransposedGeometry:
    """Where everything lies, per axis ``(rows, columns)`` (1D: the rows axis is trivial, size 1).

    With ``i`` the input's size, ``k`` the kernel's, ``s`` the stride, ``p`` the padding, ``d``
    the dilation and ``a`` the output padding along an axis:

    * ``out = (i - 1)s - 2p + d(k - 1) + a + 1``;
    * the zero-inserted input (``s - 1`` zeros between samples) is padded by
      ``before = d(k - 1) - p`` and ``after = before + a`` (negative: cropped), so that it has
      ``out + d(k - 1)`` positions (``source``);
    * ``holds[axis][t]`` is the input index at position ``t`` of that source, or None (a zero);
    * ``forward[axis]`` lists ``(r, L)``: the forward convolution (same ``k, s, p, d``) of an
      input of size ``L`` has ``i`` outputs, and output padding ``r`` selects ``L = out - a + r``;
    * ``overlaps[axis][j]`` counts the stamps reaching output ``j``; ``pattern[axis][r]`` counts
      them away from the edges, where they repeat with period ``s`` (``r``: ``j + p`` modulo
      ``s``); unequal counts are the checkerboard artifact.
    """

    kind: str
    in_shape: tuple
    kernel_shape: tuple
    stride: tuple
    padding: tuple
    output_padding: tuple
    dilation: tuple
    out_shape: tuple
    before: tuple
    after: tuple
    holds: tuple
    forward: tuple
    overlaps: tuple
    pattern: tuple

    @property
    def one_d(self) -> bool:
        return self.kind == "conv_transpose1d"

    @property
    def source_shape(self) -> tuple:
        return tuple(len(h) for h in self.holds)

    @property
    def cells(self) -> int:
        return self.out_shape[0] * self.out_shape[1]

    @property
    def in_cells(self) -> int:
        return self.in_shape[0] * self.in_shape[1]

    @property
    def taps(self) -> int:
        return self.kernel_shape[0] * self.kernel_shape[1]

    def landing(self, r: int, c: int) -> tuple:
        """The output position of kernel tap ``(0, 0)`` when input ``(r, c)`` is stamped:
        ``(s_h r - p_h, s_w c - p_w)``."""
        return (self.stride[0] * r - self.padding[0], self.stride[1] * c - self.padding[1])

    def overlap(self, j_r: int, j_c: int) -> int:
        return self.overlaps[0][j_r] * self.overlaps[1][j_c]


@dataclass(frozen=True)
class Stamp:
    """Input sample ``index`` (``(r, c)``) times the kernel, ``products[m][n] = x[r, c] w[m, n]``,
    added to the output from ``corner`` on (tap ``(m, n)`` at ``corner + d*(m, n)``); ``outside``
    holds the taps that land outside the output (cropped by the padding)."""

    index: tuple
    corner: tuple
    products: tuple
    outside: frozenset = frozenset()


@dataclass(frozen=True)
class TransposedPlane:
    """One input plane ``x`` and one kernel plane ``w``, expanded three ways.

    Attributes
    ----------
    x, w : Matrix
        As given (``w`` not flipped); 1D: one row each.
    insertion : Expansion2D
        The zero-insertion view: the source is the zero-inserted, padded input (positions as in
        ``TransposedGeometry.holds``), the kernel as applied is ``w`` rotated by 180 degrees, stride
        1, the dilation as given. Its cells' values are this view's.
    scatter : tuple
        Per output cell (row-major), its terms as segments ``(offset in x's values, offset in
        w's values, count)``: input index ascending, the input offset advancing by
        ``scatter_steps[0]`` and the kernel offset by ``scatter_steps[1]`` from one term to the next.
    scatter_values : tuple
        The sums of those terms (the scatter view's values).
    stamps : tuple of Stamp
        One per input sample, row-major.
    band : tuple
        ``(values, columns)``: the entries of ``C^T`` that are kernel taps (structural non-zeros),
        row by row, and the input position (flat, row-major) of each.
    band_rows : tuple
        The same entries per row of ``C^T``: ``((column, value), ...)`` for each output cell.
    band_segments : tuple
        Per output cell, ``(offset in band, offset in x's values, count)``; the input offset
        advances by ``scatter_steps[0]``.
    matrix_values : tuple
        Each row of ``C^T`` times ``vec(x)`` (the matrix view's values).
    """

    x: Matrix
    w: Matrix
    insertion: Expansion2D
    scatter: tuple
    scatter_steps: tuple
    scatter_values: tuple
    stamps: tuple
    band: tuple
    band_segments: tuple
    matrix_values: tuple
    band_rows: tuple = ()

    @property
    def values(self) -> tuple:
        """The plane's exact values, row-major (the scatter view's; the others equal them)."""
        return self.scatter_values

    @property
    def is_symbolic(self) -> bool:
        return self.x.is_symbolic or self.w.is_symbolic


@dataclass(frozen=True)
class TransposedExpansion(ChannelLayout):
    """``torch.nn.functional.conv_transpose1d/2d``, every output cell exact.

    ``y[n, o, j] = bias[o] + sum_{c in group(o)} sum_{s i + d m - p = j} x[n, c, i] w[c, o - first(o), m]``
    (2D: per axis). The weight is ``(C_in, C_out/groups, K...)``: input channel ``c`` of group
    ``g`` feeds output channels ``g*C_out/groups ... (g+1)*C_out/groups - 1``.

    Attributes
    ----------
    kind : {"conv_transpose1d", "conv_transpose2d"}
    input_shape, weight_shape : tuple
        As given: ``(L,)``, ``(C_in, L)`` or ``(N, C_in, L)`` (2D: ``(H, W)``, ...); weight
        ``(K,)`` or ``(C_in, C_out/groups, K)`` (2D likewise).
    groups : int
    bias : tuple or None
    planes : tuple of TransposedPlane
        One per ``(n, o, c_local)``: batch, output channel, input channel within the group.
    geometry : TransposedGeometry
    names : (input, weight, output)
    decimal : bool
    """

    kind: str
    input_shape: tuple
    weight_shape: tuple
    groups: int
    bias: tuple | None
    planes: tuple
    geometry: TransposedGeometry
    names: tuple
    decimal: bool

    @property
    def one_d(self) -> bool:
        return self.kind == "conv_transpose1d"

    @property
    def out_channels(self) -> int:
        return 1 if self.plain else self.weight_shape[1] * self.groups

    @property
    def kernel(self) -> tuple:
        """The first plane's kernel as the zero-insertion view applies it (rotated)."""
        return self.planes[0].insertion.kernel

    @property
    def spatial_out(self) -> tuple:
        """``(rows, columns)`` of one output plane (1D: ``(1, L_out)``)."""
        return self.geometry.out_shape

    def prefix_of(self, prefix: tuple) -> tuple:
        """``(n, o)`` of an output prefix."""
        if not prefix:
            return (0, 0)
        return prefix if self.batched else (0,) + prefix

    @cached_property
    def cell_values(self) -> tuple:
        """Per output plane (as `out_prefixes`), its cells' exact values, row-major."""
        out = []
        for prefix in self.out_prefixes:
            n, o = self.prefix_of(prefix)
            parts = [self.plane(n, o, c).values for c in range(self.in_per_group)]
            extra = self.bias[o] if self.bias is not None else 0
            out.append(tuple(sum((p[k] for p in parts[1:]), parts[0][k]) + extra for k in range(len(parts[0]))))
        return tuple(out)

    @property
    def symbolic(self) -> bool:
        return any(p.is_symbolic for p in self.planes) or any(
            getattr(v, "free_symbols", None) for v in (self.bias or ()))
