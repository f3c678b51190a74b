"""Transposed convolution (``conv_transpose1d``/``conv_transpose2d``): validate -> parse ->
expand -> wrap in a `TransposedDerivation`."""

from __future__ import annotations

from .derivation_transposed import TransposedDerivation
from .engine.transposed import expand_transposed_layer
from .errors import InputError
from .limits import DEFAULT_LIMITS, Limits
from .model import Matrix, Sequence, check_names
from .operands import DEFAULTS_DL, free_defaults, refuse_clash
from .parse.tensor import ParsedTensor, parse_tensor

__all__ = ["conv_transpose1d", "conv_transpose2d"]


def _values(value, kind: str):
    """A `Sequence` or `Matrix` as the values a tensor parser reads (a start other than 0 refused)."""
    if isinstance(value, Sequence):
        if value.start != 0:
            raise InputError(f"{kind} has no start indices (torch's tensors start at 0); pass the samples")
        return list(value.values)
    if isinstance(value, Matrix):
        return [list(row) for row in value.rows]
    return value


def _transposed(kind: str, input, weight, bias, stride, padding, output_padding, groups, dilation, names,
                limits) -> TransposedDerivation:
    """Parse the tensors (a plain input, or channels with a batch), name them, expand, wrap."""
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    first, second, out = check_names(names if names is not None else DEFAULTS_DL[0])
    x = parse_tensor(_values(input, kind), name=first, limits=limits)  # ranks: checked with torch's words
    w = parse_tensor(_values(weight, kind), name=second, limits=limits)
    if kind == "conv_transpose2d" and len(x.shape) == 2 and len(w.shape) == 1:  # "1 0 1": one row, as Matrix reads it
        w = ParsedTensor((1,) + w.shape, w.values, w.decimal)
    b = None
    if bias is not None:
        if isinstance(bias, (int, float, complex, str)) and not isinstance(bias, bool) and \
                not (isinstance(bias, str) and "," in bias):
            bias = [bias]
        b = parse_tensor(bias, name="bias", ranks=(1,), limits=limits)
    taken = {s.name for v in x.values + w.values + (b.values if b else ()) for s in v.free_symbols}
    if names is None:
        first, second, out = free_defaults(DEFAULTS_DL, taken)
    else:
        refuse_clash((first, second, out), taken)
    e = expand_transposed_layer(kind, x, w, b, stride, padding, output_padding, dilation, groups,
                                (first, second, out), limits)
    return TransposedDerivation(e, limits)


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
    input : str, list or array
        ``(L,)``, ``(C_in, L)`` or ``(N, C_in, L)``: ``"1, 2, 3"``, ``[[1, 2], [3, 4]]``,
        ``"1 2; 3 4"`` (channels by ``;``), ``"... | ..."`` (a batch by ``|``).
    weight : str, list or array
        ``(K,)`` for a plain input, else ``(C_in, C_out/groups, K)``: torch's layout, the input
        channel first.
    bias : number, str or list, optional
        One value per output channel (one value for a plain input), added to every output.
    stride, dilation : int
        At least 1.
    padding : int
        At least 0: ``dilation (K - 1) - padding`` zeros pad the zero-inserted input (negative:
        it is cropped), i.e. ``padding`` positions are cut from each end of the full output.
    output_padding : int
        Extra positions at the end of the output, smaller than the stride or the dilation: it
        picks which of the forward convolution's input lengths that map to ``L`` outputs is meant.
    groups : int
        Input channel ``c`` of group ``g = c // (C_in/groups)`` feeds the output channels
        ``g*C_out/groups ... (g+1)*C_out/groups - 1`` only; 1 for a plain input.
    names : str or (str, str, str), optional
        Default x, w, y.
    limits : Limits

    Returns
    -------
    TransposedDerivation
        ``.values`` nested as torch's output: ``(1, o)`` for a plain input (one row, as
        [`conv1d()`][symconv.conv1d]), ``(C_out, o)`` or ``(N, C_out, o)`` with channels, where
        ``o = (L - 1)s - 2p + d(K - 1) + output_padding + 1``.

    Raises
    ------
    InputError
        What torch refuses: stride or dilation below 1, negative padding or output padding,
        output padding not smaller than either the stride or the dilation, a non-positive
        output size, channels not divisible by ``groups``, a weight or bias of the wrong shape,
        a rank other than those above (an image: use [`conv_transpose2d()`][symconv.conv_transpose2d]).
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
    >>> d = symconv.conv_transpose1d([[1, 2], [3, 4]], [[[1, 1]], [[1, -1]]], bias=[10])
    >>> d.output_shape, d.values
    ((1, 3), ((14, 14, 8),))
    """
    return _transposed("conv_transpose1d", input, weight, bias, stride, padding, output_padding, groups, dilation,
                       names, limits)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1, *,
                     names=None, limits: Limits = DEFAULT_LIMITS) -> TransposedDerivation:
    r"""Derive ``torch.nn.functional.conv_transpose2d`` three ways, cell by cell:
    $y[a, b] = \sum x[i, j]\, w[m, n]$ over $s_h i + d_h m - p_h = a$, $s_w j + d_w n - p_w = b$.

    Parameters
    ----------
    input : str, nested list, array or Matrix
        ``(H, W)``, ``(C_in, H, W)`` or ``(N, C_in, H, W)`` (``"1 2; 3 4"``; channels by ``|``,
        a batch by ``||``).
    weight : str, nested list, array or Matrix
        ``(kh, kw)`` for a plain input, else ``(C_in, C_out/groups, kh, kw)``.
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
        ``.values`` nested as torch's output (``(H_out, W_out)`` for a plain input).

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
    return _transposed("conv_transpose2d", input, weight, bias, stride, padding, output_padding, groups, dilation,
                       names, limits)
