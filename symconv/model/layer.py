"""Pure data of a multi-channel deep-learning layer (``torch.nn.functional.conv1d/conv2d`` with
channels, batch, groups and bias): one expanded channel plane per (batch, output channel, input
channel of its group), summed per output cell, plus the bias."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sympy import Add, Integer

from .channels import ChannelLayout

__all__ = ["LayerExpansion"]


@dataclass(frozen=True)
class LayerExpansion(ChannelLayout):
    """``y[n, o, i(, j)] = bias[o] + sum_{c in group(o)} (x_p[n, c] ⋆ w[o, c - first(o)])[i(, j)]``.

    The channels of group ``g`` (``groups`` of them) are input channels
    ``g*C_in/groups ... (g+1)*C_in/groups - 1`` and output channels
    ``g*C_out/groups ... (g+1)*C_out/groups - 1``; each output channel reads only its group's
    input channels, with weight ``w[o, c_local]``.

    Attributes
    ----------
    kind : {"conv1d", "conv2d"}
    input_shape, weight_shape : tuple
        As given: input ``(L,)``, ``(C_in, L)`` or ``(N, C_in, L)`` (2D: ``(H, W)``,
        ``(C_in, H, W)``, ``(N, C_in, H, W)``); weight ``(K,)`` or ``(C_out, C_in/groups, K)``
        (2D likewise). A plain input and weight (no channel axes) is one channel in and out.
    groups : int
    bias : tuple or None
        ``C_out`` exact values.
    planes : tuple of Expansion2D
        One per ``(n, o, c_local)``, in that order (``n`` the batch index, ``o`` the output
        channel, ``c_local`` the input channel within the group); each is a one-channel
        ``conv1d``/``conv2d`` expansion with the same window geometry.
    names : (input, weight, output)
    bias_name : str
        The bias's name (``b`` unless that is taken).
    partial : str
        The name of a channel's part of a sum (``s[c]``), not used by any input.
    decimal : bool
    """

    kind: str
    input_shape: tuple
    weight_shape: tuple
    groups: int
    bias: tuple | None
    planes: tuple
    names: tuple
    bias_name: str
    partial: str
    decimal: bool

    @property
    def one_d(self) -> bool:
        return self.kind == "conv1d"

    @property
    def out_channels(self) -> int:
        return 1 if self.plain else self.weight_shape[0]

    @property
    def window(self):
        return self.planes[0].window

    @property
    def padding(self) -> tuple:
        return self.planes[0].padding

    @property
    def padding_mode(self) -> str:
        return self.planes[0].padding_mode

    @property
    def framework(self) -> str:
        return self.planes[0].framework

    @property
    def raw_padding(self):
        return self.planes[0].raw_padding

    @property
    def stride(self) -> tuple:
        return self.window.stride

    @property
    def dilation(self) -> tuple:
        return self.window.dilation

    @property
    def spatial_out(self) -> tuple:
        """The output's spatial shape (conv1d: ``(1, L_out)``, as the planes hold it)."""
        return self.window.out_shape

    @cached_property
    def cell_values(self) -> tuple:
        """Per output plane (as `out_prefixes`), its cells' exact values in row-major order
        (integers are added as Python ints, the common case, and become SymPy values once)."""
        out = []
        for prefix in self.out_prefixes:
            n, o = (prefix if self.batched else (0,) + prefix) if prefix else (0, 0)
            parts = [[cell.value for cell in self.plane(n, o, c).cells] for c in range(self.in_per_group)]
            extra = self.bias[o] if self.bias is not None else Integer(0)
            columns = list(zip(*parts))
            if extra.is_Integer and all(v.is_Integer for column in columns for v in column):
                base = int(extra)
                out.append(tuple(Integer(sum(map(int, column)) + base) for column in columns))
            else:
                out.append(tuple(Add(*column, extra) for column in columns))
        return tuple(out)

    @property
    def cell_count(self) -> int:
        return len(self.cell_values) * len(self.cell_values[0])

    @property
    def symbolic(self) -> bool:
        return any(p.x.is_symbolic or p.k.is_symbolic for p in self.planes) or any(
            getattr(v, "free_symbols", None) for v in (self.bias or ()))
