"""Model in, model out: expansions of convolution sums. Never strings."""

from .oned import expand_convolve, expand_correlate

__all__ = ["expand_convolve", "expand_correlate"]
