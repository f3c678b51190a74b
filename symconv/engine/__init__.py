"""Model in, model out: expansions of convolution sums. Never strings."""

from ._budget import refuse_large_array, refuse_oversize
from .oned import expand_convolve, expand_correlate

__all__ = ["expand_convolve", "expand_correlate", "refuse_oversize", "refuse_large_array"]
