"""Circular convolution: validate -> parse -> expand -> wrap in a `CircularDerivation`."""

from __future__ import annotations

from .derivation_circular import CircularDerivation
from .engine.circular import expand_circular
from .limits import DEFAULT_LIMITS, Limits
from .operands import prepare

__all__ = ["circular_convolve"]


def circular_convolve(a, v, n: int | None = None, *, names=None,
                      limits: Limits = DEFAULT_LIMITS) -> CircularDerivation:
    r"""Derive the n-point circular convolution $c[k] = \sum_{m=0}^{n-1} a[m]\, v[(k - m) \bmod n]$
    term by term, exactly.

    The result is ``sympy.discrete.convolution(a, v, cycle=n)``: the linear convolution of
    ``a`` and ``v`` wrapped modulo ``n``. It is derived three ways (``view=``): as the sum above,
    with every index taken mod n (``"sum"``, the default); as the linear convolution whose samples
    n apart add up, the tail folding onto the head (``"wrap"``: time-domain aliasing); and through
    the n-point DFTs of both inputs, their product and the inverse DFT, with the roots of unity
    exact (``"dft"``). Each view states when the circular result equals the linear one.

    Parameters
    ----------
    a, v : str, list, tuple, 1D numpy array or Sequence
        The sequences, as for [`convolve()`][symconv.convolve]; both start at index 0 (a
        [`Sequence`][symconv.Sequence] with another start is refused).
    n : int, optional
        The number of points, a positive int (default ``max(len(a), len(v))``). With
        ``n >= len(a) + len(v) - 1`` nothing wraps: the values are the linear convolution,
        zero-padded. An input longer than ``n`` wraps onto ``n`` points first
        (``a[m] + a[m + n] + ...``), as its n-point DFT sees it.
    names : str or (str, str, str), optional
        Names of ``a``, ``v`` and the output (default a, b, c).
    limits : Limits
        Size budgets (``max_dft_points`` for the DFT view).

    Returns
    -------
    CircularDerivation
        ``.values`` (``n`` exact values), ``.linear``, ``.aliased``, the steps, every format,
        ``check()``.

    Raises
    ------
    InputError
        Bad input, an ``n`` that is not a positive int, an input with a start index other than 0.
    DerivationTooLarge
        More work than ``limits`` allows, before any is done; the DFT view beyond
        ``limits.max_dft_points`` points.

    See Also
    --------
    sympy.discrete.convolutions.convolution : with ``cycle=n``, the values this equals.
    numpy.fft.ifft : ``ifft(fft(a, n) * fft(v, n))`` equals them too when ``n`` is at least both lengths.
    convolve : the linear convolution.

    Notes
    -----
    The n-point DFT turns circular convolution into a product: with
    $\omega = e^{-2\pi i/n}$, $A[r] = \sum_m a[m]\,\omega^{rm}$, $C[r] = A[r]\,B[r]$ and
    $c[k] = \frac{1}{n}\sum_r C[r]\,\omega^{-rk}$. Zero-padding both inputs to
    $n \ge N + M - 1$ points makes circular convolution linear, which is how FFT convolution
    works.

    Examples
    --------
    >>> import symconv
    >>> symconv.circular_convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).values
    (7/4, 5/4, 3/2, 13/8)
    >>> d = symconv.circular_convolve([1, 2, 3], [1, 1], n=4)
    >>> d.values, d.aliased
    ((1, 3, 5, 3), 0)
    >>> symconv.circular_convolve([1, 2, 3, 4, 5], [1], n=2).values
    (9, 6)
    """
    a_seq, v_seq, out = prepare(a, v, "full", names, limits)
    return CircularDerivation(expand_circular(a_seq, v_seq, n, out, limits), limits)
