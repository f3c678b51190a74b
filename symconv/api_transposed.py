"""Transposed convolution (``conv_transpose1d``/``conv_transpose2d``): validate -> parse ->
expand -> wrap in a `TransposedDerivation`."""

from __future__ import annotations

from .derivation_transposed import TransposedDerivation
from .engine.transposed import expand_transposed
from .errors import InputError
from .limits import DEFAULT_LIMITS, Limits
from .model import Matrix, Sequence, check_names
from .operands import DEFAULTS_DL, free_defaults, is_2d, operand, prepare2d, refuse_clash, symbol_names

__all__ = ["conv_transpose1d", "conv_transpose2d"]


def _limits(limits) -> None:
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")


def _channels(kind: str, bias, groups) -> None:
    if bias is not None or not (isinstance(groups, int) and not isinstance(groups, bool) and groups == 1):
        raise InputError(f"{kind}: bias and groups need an input with channels, (C_in, L) or (N, C_in, L); "
                         f"a plain input has one channel")


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1, *,
                     names=None, limits: Limits = DEFAULT_LIMITS) -> TransposedDerivation:
    r"""Derive ``torch.nn.functional.conv_transpose1d`` three ways:
    $y[j] = \sum_{s i + d m - p = j} x[i]\, w[m]$.

    Each input sample $x[i]$ stamps the kernel, scaled by it, into the output at
    $s i - p, s i - p + d, \dots$; the derivation shows this as an ordinary convolution of the
    zero-inserted input with the flipped kernel, as the stamps and their sums, and as
    $C^\top x$ with $C$ the matrix of the forward convolution (same kernel, stride, padding,
    dilation). Every view's values are exact and equal.

    Parameters
    ----------
    input, weight : str, list, 1D numpy array
        The signal ``(L,)`` and the kernel ``(K,)``.
    bias : optional
        Only with channels (not yet supported for a plain input: it has one channel).
    stride, dilation : int
        At least 1.
    padding : int
        At least 0: ``dilation (K - 1) - padding`` zeros pad the zero-inserted input (negative:
        it is cropped), i.e. ``padding`` positions are cut from each end of the full output.
    output_padding : int
        Extra positions at the end of the output, smaller than the stride or the dilation: it
        picks which of the forward convolution's input lengths that map to ``L`` outputs is meant.
    groups : int
        1 for a plain input.
    names : str or (str, str, str), optional
        Default x, w, y.
    limits : Limits

    Returns
    -------
    TransposedDerivation
        ``.values`` is one row, ``.output_shape`` ``(1, o)`` with
        ``o = (L - 1)s - 2p + d(K - 1) + output_padding + 1``.

    Raises
    ------
    InputError
        What torch refuses: stride or dilation below 1, negative padding or output padding,
        output padding not smaller than either the stride or the dilation, a non-positive
        output size, a 2D input (use [`conv_transpose2d()`][symconv.conv_transpose2d]).
    DerivationTooLarge

    See Also
    --------
    torch.nn.functional.conv_transpose1d : the values this equals (with batch and channel axes added).
    conv1d : the forward convolution it transposes.

    Examples
    --------
    >>> import symconv
    >>> symconv.conv_transpose1d([1, 2, 3], [1, 1, 1], stride=2).values
    ((1, 1, 3, 2, 5, 3, 3),)
    >>> symconv.conv_transpose1d([1, 2], [1, -1], stride=2, padding=1, output_padding=1).values
    ((-1, 2, -2),)
    """
    _limits(limits)
    _channels("conv_transpose1d", bias, groups)
    if any(isinstance(v, Sequence) and v.start != 0 for v in (input, weight)):
        raise InputError("conv_transpose1d has no start indices (torch's tensors start at 0); pass the samples")
    if isinstance(input, Matrix) or isinstance(weight, Matrix) or is_2d(input) or is_2d(weight):
        raise InputError("conv_transpose1d takes a 1D input and a 1D weight; use conv_transpose2d for 2D arrays")
    first, second, out = check_names(names if names is not None else DEFAULTS_DL[0])
    x = Matrix([list(operand(input, first, limits).values)], first, limits=limits)
    w = Matrix([list(operand(weight, second, limits).values)], second, limits=limits)
    if names is None:
        first, second, out = free_defaults(DEFAULTS_DL, symbol_names(x, w))
        x, w = x.renamed(first), w.renamed(second)
    else:
        refuse_clash((first, second, out), symbol_names(x, w))
    e = expand_transposed("conv_transpose1d", x, w, stride, padding, output_padding, dilation, out, limits)
    return TransposedDerivation(e, limits)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1, *,
                     names=None, limits: Limits = DEFAULT_LIMITS) -> TransposedDerivation:
    r"""Derive ``torch.nn.functional.conv_transpose2d`` three ways, cell by cell:
    $y[a, b] = \sum x[i, j]\, w[m, n]$ over $s_h i + d_h m - p_h = a$, $s_w j + d_w n - p_w = b$.

    Parameters
    ----------
    input, weight : str, nested list, 2D numpy array or Matrix
        ``(H, W)`` and ``(kh, kw)``.
    bias, groups
        As for [`conv_transpose1d()`][symconv.conv_transpose1d].
    stride, padding, output_padding, dilation : int or (int, int)
        Per axis (rows, columns), with the rules of [`conv_transpose1d()`][symconv.conv_transpose1d].
    names : str or (str, str, str), optional
        Default x, w, y.
    limits : Limits

    Returns
    -------
    TransposedDerivation
        ``.values`` rows of exact values, ``.output_shape`` ``(H_out, W_out)``.

    Raises
    ------
    InputError
        What torch refuses (see [`conv_transpose1d()`][symconv.conv_transpose1d]), and a 1D input.
    DerivationTooLarge

    See Also
    --------
    torch.nn.functional.conv_transpose2d : the values this equals.
    conv2d : the forward convolution it transposes.

    Examples
    --------
    >>> import symconv
    >>> d = symconv.conv_transpose2d("1 2; 3 4", "1 1 1; 1 1 1; 1 1 1", stride=2)
    >>> d.output_shape
    (5, 5)
    >>> d.values[2]
    (4, 4, 10, 6, 6)
    """
    _limits(limits)
    _channels("conv_transpose2d", bias, groups)
    if not is_2d(input) and not isinstance(input, Matrix):
        raise InputError("conv_transpose2d takes a 2D input (rows of numbers, or '1 2; 3 4'), got a 1D sequence; "
                         "use conv_transpose1d for 1D signals")
    x, w, out = prepare2d(input, weight, names, DEFAULTS_DL, limits)
    e = expand_transposed("conv_transpose2d", x, w, stride, padding, output_padding, dilation, out, limits)
    return TransposedDerivation(e, limits)
