"""The channel bookkeeping a multi-channel layer and a transposed convolution share: which axes
the input has (plain, channels, batch), how the channels split into groups, where each plane
and each output sits. Subclasses give ``kind``, ``input_shape``, ``groups``, ``planes``,
``one_d``, ``out_channels``, ``spatial_out`` and ``cell_values`` (per output plane, its cells'
values row by row)."""

from __future__ import annotations

__all__ = ["ChannelLayout"]


class ChannelLayout:
    """Mixin of the expansions with channel, batch and group axes (torch's shape rules)."""

    __slots__ = ()

    @property
    def spatial(self) -> int:
        return 1 if self.one_d else 2

    @property
    def plain(self) -> bool:
        """No channel axes: one channel in and out, as the one-channel forms."""
        return len(self.input_shape) == self.spatial

    @property
    def batched(self) -> bool:
        return len(self.input_shape) == self.spatial + 2

    @property
    def batch(self) -> int:
        return self.input_shape[0] if self.batched else 1

    @property
    def in_channels(self) -> int:
        return 1 if self.plain else self.input_shape[-self.spatial - 1]

    @property
    def in_per_group(self) -> int:
        return self.in_channels // self.groups

    @property
    def out_per_group(self) -> int:
        return self.out_channels // self.groups

    def channel(self, o: int, local: int) -> int:
        """The input channel that meets output channel ``o`` as the ``local``-th of its group."""
        return (o // self.out_per_group) * self.in_per_group + local

    def plane(self, n: int, o: int, local: int):
        """The plane of batch ``n``, output channel ``o``, input channel ``local`` of its group."""
        return self.planes[(n * self.out_channels + o) * self.in_per_group + local]

    @property
    def out_shape(self) -> tuple:
        """torch's output shape for this input rank (plain: the one-channel forms' shape,
        ``(1, L_out)`` in 1D)."""
        rows, cols = self.spatial_out
        space = (cols,) if self.one_d else (rows, cols)
        if self.plain:
            return (1, cols) if self.one_d else (rows, cols)
        return ((self.batch,) if self.batched else ()) + (self.out_channels,) + space

    @property
    def out_prefixes(self) -> tuple:
        """The leading (batch, channel) indices of every output plane, in order."""
        if self.plain:
            return ((),)
        channels = range(self.out_channels)
        if self.batched:
            return tuple((n, o) for n in range(self.batch) for o in channels)
        return tuple((o,) for o in channels)

    @property
    def values(self) -> tuple:
        """Nested tuples shaped as `out_shape` (a plain conv1d: one row, ``((...),)``)."""
        rows, cols = self.spatial_out

        def grid(flat):
            if self.one_d:
                return (tuple(flat),) if self.plain else tuple(flat)
            return tuple(tuple(flat[r * cols:(r + 1) * cols]) for r in range(rows))

        planes = [grid(flat) for flat in self.cell_values]
        if self.plain:
            return planes[0]
        if self.batched:
            c = self.out_channels
            return tuple(tuple(planes[n * c:(n + 1) * c]) for n in range(self.batch))
        return tuple(planes)
