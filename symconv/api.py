"""The public operations: validate -> parse -> expand -> wrap in a :class:`Derivation`."""

from __future__ import annotations

from .derivation import Derivation
from .engine import expand_convolve, expand_correlate
from .engine._index import check_mode
from .errors import InputError
from .limits import DEFAULT_LIMITS, Limits
from .model import Sequence, check_names

__all__ = ["convolve", "correlate"]


def _operand(value, default_name: str, limits: Limits) -> Sequence:
    if isinstance(value, Sequence):
        return value if value.name else value.renamed(default_name)
    return Sequence(value, 0, default_name, limits=limits)


def _prepare(a, v, mode, names, limits, defaults):
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    check_mode(mode)
    if names is not None:
        first, second, out = check_names(names)
        return (_operand(a, first, limits).renamed(first),
                _operand(v, second, limits).renamed(second), out)
    a_seq, v_seq = _operand(a, defaults[0], limits), _operand(v, defaults[1], limits)
    if a_seq.name == v_seq.name:
        v_seq = v_seq.renamed(defaults[1] if a_seq.name != defaults[1] else defaults[0])
    out = next(n for n in (defaults[2], "y", "z", "r") if n not in (a_seq.name, v_seq.name))
    return a_seq, v_seq, out


def convolve(a, v, mode: str = "full", *, names=None, limits: Limits = DEFAULT_LIMITS) -> Derivation:
    """Derive the discrete convolution ``c[n] = sum_m a[m] v[n - m]`` term by term, exactly.

    Parameters
    ----------
    a, v : str, list, tuple, 1D numpy array or Sequence
        The sequences. Strings hold a whole sequence (``"1, 1/2, 1/4"``); numbers may be ints,
        floats (read exactly from their shortest repr), ``Fraction``, ``Decimal``, complex,
        SymPy expressions or expression strings (``"x"``, ``"2*x + 1"``, ``"sqrt(2)"``). Use
        :class:`Sequence` for a start index other than 0 or for a name.
    mode : {"full", "same", "valid"}
        As in ``numpy.convolve``: ``full`` every overlap (length N+M-1); ``same`` the central
        max(N, M) samples; ``valid`` only complete overlaps (length max-min+1). NumPy swaps the
        arguments when ``v`` is longer; the kept window follows it.
    names : str or (str, str, str), optional
        Names of ``a``, ``v`` and the output (default the sequences' names, else a, b, c).
    limits : Limits
        Size budgets.

    Returns
    -------
    Derivation
        Exact values, the steps, renderers and ``check()``.

    Raises
    ------
    InputError
        Bad input (the message names the item and what is accepted).
    DerivationTooLarge
        More work than ``limits`` allows, before anything is expanded.

    See Also
    --------
    numpy.convolve : the values this equals.
    correlate : cross-correlation, the same sum without the flip.

    Notes
    -----
    With ``a`` starting at index ``sa`` and ``v`` at ``sv``, the full output starts at
    ``sa + sv``; ``same`` and ``valid`` keep the slice NumPy keeps, with their true indices.

    Examples
    --------
    >>> import symconv
    >>> d = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])
    >>> [str(v) for v in d.values]
    ['1', '1', '3/2', '13/8', '3/4', '1/4']
    >>> symconv.convolve("1, 2, 3", "0, 1, 0.5", mode="same").values
    (1, 5/2, 4)
    >>> x = symconv.Sequence("1, 1", start=-1)
    >>> symconv.convolve(x, [1, 1]).indices
    range(-1, 2)
    """
    a_seq, v_seq, out = _prepare(a, v, mode, names, limits, ("a", "b", "c"))
    return Derivation(expand_convolve(a_seq, v_seq, mode, out, limits))


def correlate(a, v, mode: str = "valid", *, names=None, limits: Limits = DEFAULT_LIMITS) -> Derivation:
    """Derive the cross-correlation ``c[k] = sum_n a[n + k] conj(v[n])`` term by term, exactly.

    Parameters
    ----------
    a, v : str, list, tuple, 1D numpy array or Sequence
        As for :func:`convolve`. ``v`` is conjugated when it may be complex (real symbols and
        real numbers are left as they are), as ``numpy.correlate`` does for complex arrays.
    mode : {"valid", "same", "full"}
        As in ``numpy.correlate`` (default ``valid``). The outputs are in increasing lag ``k``;
        ``full`` runs from ``-(M-1)`` to ``N-1`` (plus the start offsets).
    names : str or (str, str, str), optional
        Names of ``a``, ``v`` and the output (default a, b, c).
    limits : Limits
        Size budgets.

    Returns
    -------
    Derivation

    Raises
    ------
    InputError
    DerivationTooLarge

    See Also
    --------
    numpy.correlate : the values this equals.
    convolve : correlation equals convolution with ``v`` reversed and conjugated.

    Notes
    -----
    The true lag of output ``k`` accounts for the start indices: with ``a`` starting at ``sa``
    and ``v`` at ``sv``, NumPy's lag ``k`` is ``k + sa - sv`` here.

    Examples
    --------
    >>> import symconv
    >>> symconv.correlate([1, 2, 3], [0, 1, 0.5], mode="full").values
    (1/2, 2, 7/2, 3, 0)
    >>> symconv.correlate([1, 2, 3], [0, 1, 0.5], mode="full").start
    -2
    """
    a_seq, v_seq, out = _prepare(a, v, mode, names, limits, ("a", "b", "c"))
    return Derivation(expand_correlate(a_seq, v_seq, mode, out, limits))
