"""Budgets for input size and derivation work: the one home of every size limit."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError, brief

__all__ = ["Limits", "DEFAULT_LIMITS"]


@dataclass(frozen=True)
class Limits:
    """Size and work budgets.

    The defaults keep a derivation (expansion, LaTeX and check) under a few seconds on a
    2-core machine: 250,000 numeric products take about one second end to end.

    Parameters
    ----------
    max_text_chars : int
        Longest accepted input string (a whole sequence or one formula).
    max_length : int
        Most samples in one input sequence.
    max_terms : int
        Most products in a derivation with numeric (rational or complex rational) entries.
    max_symbolic_terms : int
        Most products in a derivation that has symbolic entries (SymPy arithmetic per term).
    max_outputs : int
        Most output samples in one derivation.
    max_number_bits : int
        Largest numerator or denominator of an exact number, in bits (about 100 digits):
        keeps every value inside float64's range for the numeric check.
    max_exponent : int
        Largest absolute integer exponent accepted in ``x**k`` with symbolic ``x``.
    max_depth : int
        Deepest accepted nesting of an expression. A flat sum or product (``a + b - c + ...``)
        is one level, however many terms it has.
    max_operands : int
        Most terms of one flat sum, or factors of one flat product, in an expression
        (``delta[n] + delta[n-1] + ... + delta[n-59]`` has 60).
    max_cells : int
        Most cells of an array a derivation builds and shows beyond its inputs: a padded input,
        the region of a boundary-extended input that the windows read, a dilated kernel. Checked
        from the sizes before anything is built.
    max_seconds : int
        Wall-clock time allowed to one whole closed-form computation ([`symconv.formula()`][symconv.formula]'s
        support, a formula convolution, or a closed form's check), enforced without signals.
    max_animation_frames : int
        Most frames of an animation ([`Derivation.animation()`][symconv.Derivation.animation]):
        one per output, a second each by default.
    max_animation_cells : int
        Most cells one frame of an animation draws (input, kernel and output together).
    max_raster_pixels : int
        Largest GIF frame or storyboard PNG, in pixels (a 1760 x 20000 storyboard is 35 million).
    max_dft_points : int
        Most points of a circular convolution's DFT view (half as many with symbolic entries): it
        writes n² exact roots of unity.

    Examples
    --------
    >>> import symconv
    >>> big = symconv.Limits(max_terms=1_000_000)
    >>> symconv.convolve([1] * 2000, [1] * 400, limits=big).values[0]
    1
    """

    max_text_chars: int = 100_000
    max_length: int = 20_000
    max_terms: int = 250_000
    max_symbolic_terms: int = 5_000
    max_outputs: int = 40_000
    max_number_bits: int = 332
    max_exponent: int = 1_000
    max_depth: int = 50
    max_operands: int = 1_000
    max_cells: int = 100_000
    max_seconds: int = 20
    max_animation_frames: int = 256
    max_animation_cells: int = 2_500
    max_raster_pixels: int = 40_000_000
    max_dft_points: int = 16

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InputError(f"Limits.{name} must be a positive int, got {brief(value)}")


DEFAULT_LIMITS = Limits()
