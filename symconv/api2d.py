"""The 2D and deep-learning operations: validate -> parse -> expand -> wrap in a [`Derivation`][symconv.Derivation]."""

from __future__ import annotations

from .derivation import Derivation
from .engine.dl import expand_dl
from .engine.frameworks import check_framework
from .engine.layer import expand_layer
from .engine.index import check_boundary, check_mode
from .engine.twod import check_fillvalue, expand_scipy2d
from .errors import InputError
from .limits import DEFAULT_LIMITS, Limits
from .model import Matrix, Sequence, check_names
from .parse.tensor import parse_tensor
from .operands import (DEFAULTS_2D, DEFAULTS_DL, free_defaults, is_2d, operand, prepare2d, refuse_clash,
                       symbol_names)

__all__ = ["convolve2d", "correlate2d", "conv1d", "conv2d"]


def _scipy2d(kind, in1, in2, mode, boundary, fillvalue, names, limits) -> Derivation:
    check_mode(mode)
    check_boundary(boundary)
    x, k, out = prepare2d(in1, in2, names, DEFAULTS_2D, limits)
    fill = check_fillvalue(fillvalue, x, k, limits)
    return Derivation(expand_scipy2d(kind, x, k, mode, boundary, fill, out, limits), limits)


def convolve2d(in1, in2, mode: str = "full", boundary: str = "fill", fillvalue=0, *, names=None,
               limits: Limits = DEFAULT_LIMITS) -> Derivation:
    r"""Derive the 2D convolution $y[i, j] = \sum_{m,n} x[i - m,\, j - n]\, k[m, n]$ cell by cell.

    Parameters
    ----------
    in1, in2 : str, nested list, 2D numpy array or Matrix
        The input and the kernel: ``"1 2 0; 0 1 2; 2 0 1"`` (rows by ``;``), ``[[1, 2], [3, 4]]``,
        symbolic entries allowed. Ragged rows are an [`InputError`][symconv.InputError].
    mode : {"full", "same", "valid"}
        As in ``scipy.signal.convolve2d``: ``full`` (M1 + M2 - 1 per axis), ``same`` (in1's shape,
        centred at ``(M2 - 1) // 2``), ``valid`` (complete overlaps; scipy swaps the inputs when
        in2 is larger in every dimension and refuses mixed sizes).
    boundary : {"fill", "wrap", "symm"}
        How ``in1`` extends beyond its edges: ``fillvalue``, circularly, or mirrored with the edge
        repeated.
    fillvalue : number
        The value outside ``in1`` for ``boundary="fill"``.
    names : str or (str, str, str), optional
        Names of the input, the kernel and the output (default x, k, y).
    limits : Limits

    Returns
    -------
    Derivation
        ``.values`` holds the output rows; ``.output_shape``; ``.terms(i, j)``.

    Raises
    ------
    InputError
    DerivationTooLarge

    See Also
    --------
    scipy.signal.convolve2d : the values this equals.
    correlate2d : the same without the 180-degree rotation of the kernel.

    Examples
    --------
    >>> import symconv
    >>> d = symconv.convolve2d("1 2 0; 0 1 2; 2 0 1", "1 0; 0 -1", mode="valid")
    >>> d.values
    ((0, 0), (0, 0))
    >>> symconv.convolve2d([[1, 2], [3, 4]], [[1, 1]]).output_shape
    (2, 3)
    """
    return _scipy2d("convolve2d", in1, in2, mode, boundary, fillvalue, names, limits)


def correlate2d(in1, in2, mode: str = "full", boundary: str = "fill", fillvalue=0, *, names=None,
                limits: Limits = DEFAULT_LIMITS) -> Derivation:
    r"""Derive the 2D cross-correlation $y[i, j] = \sum_{m,n} x[i + m,\, j + n]\, \overline{k[m, n]}$ (with
    scipy's offsets) cell by cell.

    Parameters
    ----------
    in1, in2, mode, boundary, fillvalue, names, limits
        As for [`convolve2d()`][symconv.convolve2d]; in ``same`` mode the output is centred at ``M2 // 2``, which for
        even kernels differs from [`convolve2d()`][symconv.convolve2d] and from ``numpy.correlate``.

    Returns
    -------
    Derivation

    Raises
    ------
    InputError
    DerivationTooLarge

    See Also
    --------
    scipy.signal.correlate2d : the values this equals.

    Examples
    --------
    >>> import symconv
    >>> symconv.correlate2d("1 2; 3 4", "1 -1", mode="valid").values
    ((-1,), (-1,))
    """
    return _scipy2d("correlate2d", in1, in2, mode, boundary, fillvalue, names, limits)


def _rank(value) -> int:
    """How many dimensions ``value`` has, read from its form without parsing its entries."""
    if isinstance(value, Sequence):
        return 1
    if isinstance(value, Matrix):
        return 2
    if isinstance(value, str):
        text = value.strip()
        if "||" in text:
            return 4
        if "|" in text:
            return 3
        if text.startswith("["):
            depth = 0
            for ch in text[:64]:
                if ch == "[":
                    depth += 1
                elif not ch.isspace():
                    break
            return depth
        return 2 if is_2d(text) else 1
    ndim = getattr(value, "ndim", None)
    if isinstance(ndim, int):
        return ndim
    depth = 0
    while isinstance(value, (list, tuple)) and depth < 6:
        depth += 1
        if not value:
            break
        value = value[0]
        if getattr(value, "ndim", None):
            return depth + value.ndim
    return depth


def _plain(value):
    """A `Sequence` or `Matrix` as the values a tensor parser reads (a start other than 0 refused)."""
    if isinstance(value, Sequence):
        if value.start != 0:
            raise InputError("conv1d has no start indices (torch's tensors start at 0); pass the samples")
        return list(value.values)
    if isinstance(value, Matrix):
        return [list(row) for row in value.rows]
    return value


def _layer(kind: str, input, weight, bias, stride, padding, dilation, groups, padding_mode, names,
           limits: Limits, framework: str = "torch") -> Derivation:
    """A multi-channel layer (or a plain input with a bias): parse the tensors, expand, wrap."""
    first, second, out = check_names(names if names is not None else DEFAULTS_DL[0])
    x = parse_tensor(_plain(input), name=first, limits=limits)  # the ranks are checked with torch's words
    w = parse_tensor(_plain(weight), name=second, limits=limits)
    b = None
    if bias is not None:
        if isinstance(bias, (int, float, complex, str)) and not (isinstance(bias, str) and "," in bias) \
                and not isinstance(bias, bool):
            bias = [bias]
        b = parse_tensor(bias, name="bias", ranks=(1,), limits=limits)
    taken = {s.name for v in x.values + w.values + (b.values if b else ()) for s in v.free_symbols}
    if names is None:
        first, second, out = free_defaults(DEFAULTS_DL, taken)
    else:
        refuse_clash((first, second, out), taken)
    bias_name = next(n for n in ("b", "beta", "bias") if n not in taken | {first, second, out})
    partial = next(n for n in ("t", "u", "v", "part") if n not in taken | {first, second, out, bias_name})
    e = expand_layer(kind, x, w, b, stride, padding, dilation, groups, padding_mode,
                     (first, second, out, bias_name), partial, limits, framework)
    return Derivation(e, limits)


def _one(groups) -> bool:
    return isinstance(groups, int) and not isinstance(groups, bool) and groups == 1


def _wants_layer(kind: str, input, weight, bias, groups) -> bool:
    spatial = 1 if kind == "conv1d" else 2
    return bias is not None or _rank(input) != spatial or _rank(weight) != spatial or not _one(groups)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, padding_mode: str = "zeros",
           framework: str = "torch", names=None, limits: Limits = DEFAULT_LIMITS) -> Derivation:
    r"""Derive a one-channel ``torch.nn.functional.conv1d``: $y[i] = \sum_m x_p[s i + d m]\, w[m]$.

    A deep-learning "convolution" is a cross-correlation: the weight is not flipped. Here $x_p$
    is the input zero-padded by ``padding``, $s$ the stride and $d$ the dilation.

    Parameters
    ----------
    input, weight : str, list, 1D numpy array
        The signal and the kernel (1D).
    stride : int
        At least 1.
    padding : int, "same" or "valid"
        Zeros added on both sides; ``"same"`` keeps the length (stride 1 only, the extra zero
        after), ``"valid"`` is 0.
    dilation : int
        Spacing between kernel taps, at least 1.
    padding_mode : {"zeros", "reflect", "replicate", "circular"}
        What the padding holds, as ``torch.nn.Conv1d(padding_mode=...)``: zeros, the input
        mirrored without repeating its edge, its edge sample, or the input wrapped around
        (``reflect`` needs padding smaller than the input, ``circular`` at most its size).
    names : str or (str, str, str), optional
        Default x, w, y.
    limits : Limits

    Returns
    -------
    Derivation
        ``.output_shape`` is ``(1, o)`` with ``o = floor((i + 2p - d(k-1) - 1)/s) + 1``.

    Raises
    ------
    InputError
        What torch refuses: stride or dilation < 1, negative padding, ``"same"`` with a stride,
        a dilated kernel larger than the padded input, a 2D input.
    DerivationTooLarge

    See Also
    --------
    torch.nn.functional.conv1d : the values this equals (with batch and channel axes added).
    numpy.correlate : the same numbers for stride 1, padding 0, dilation 1 (``mode="valid"``).

    Examples
    --------
    >>> import symconv
    >>> symconv.conv1d([1, 2, 3, 4], [1, -1], stride=2).values
    ((-1, -1),)
    """
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    if _wants_layer("conv1d", input, weight, bias, groups) or check_framework(framework) != "torch":
        return _layer("conv1d", input, weight, bias, stride, padding, dilation, groups, padding_mode, names, limits,
                      framework)
    if any(isinstance(v, Sequence) and v.start != 0 for v in (input, weight)):
        raise InputError("conv1d has no start indices (torch's tensors start at 0); pass the samples")
    if isinstance(input, Matrix) or isinstance(weight, Matrix) or is_2d(input) or is_2d(weight):
        raise InputError("conv1d takes a 1D input and a 1D weight; use conv2d for 2D arrays")
    first, second, out = check_names(names if names is not None else DEFAULTS_DL[0])
    x = Matrix([list(operand(input, first, limits).values)], first, limits=limits)
    w = Matrix([list(operand(weight, second, limits).values)], second, limits=limits)
    if names is None:
        first, second, out = free_defaults(DEFAULTS_DL, symbol_names(x, w))
        x, w = x.renamed(first), w.renamed(second)
    else:
        refuse_clash((first, second, out), symbol_names(x, w))
    return Derivation(expand_dl("conv1d", x, w, stride, padding, dilation, out, limits, padding_mode), limits)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, padding_mode: str = "zeros",
           framework: str = "torch", names=None, limits: Limits = DEFAULT_LIMITS) -> Derivation:
    r"""Derive a one-channel ``torch.nn.functional.conv2d`` cell by cell:
    $y[i, j] = \sum_{m,n} x_p[s_h i + d_h m,\, s_w j + d_w n]\, w[m, n]$, with $x_p$ the input
    zero-padded by ``padding``, $s_h, s_w$ the strides and $d_h, d_w$ the dilations along the
    rows and the columns. The weight is not flipped (a cross-correlation).

    Parameters
    ----------
    input, weight : str, nested list, 2D numpy array or Matrix
    stride, dilation : int or (int, int)
        At least 1.
    padding : int, (int, int), "same" or "valid"
        As torch: zeros on both sides of each axis; ``"same"`` only with stride 1.
    padding_mode : {"zeros", "reflect", "replicate", "circular"}
        What the padding holds, as ``torch.nn.Conv2d(padding_mode=...)``: zeros, the input
        mirrored without repeating its edge, its edge, or the input wrapped around.
    names : str or (str, str, str), optional
        Default x, w, y.
    limits : Limits

    Returns
    -------
    Derivation
        With the padded input, the dilated kernel and the output-size derivation
        ``o = floor((i + 2p - d(k-1) - 1)/s) + 1`` per axis.

    Raises
    ------
    InputError
        What torch refuses (see [`conv1d()`][symconv.conv1d]), and 1D input.
    DerivationTooLarge

    See Also
    --------
    torch.nn.functional.conv2d : the values this equals.
    correlate2d : the same numbers for stride 1, padding 0, dilation 1 (``mode="valid"``).

    Examples
    --------
    >>> import symconv
    >>> d = symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 -1", stride=1, padding=1)
    >>> d.output_shape
    (4, 4)
    >>> d.values[1]
    (-4, -4, -4, 3)
    """
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    if _rank(input) >= 3 or _rank(weight) >= 3 or bias is not None or not _one(groups) or \
            check_framework(framework) != "torch":
        return _layer("conv2d", input, weight, bias, stride, padding, dilation, groups, padding_mode, names, limits,
                      framework)
    if not is_2d(input) and not isinstance(input, Matrix):
        raise InputError("conv2d takes a 2D input (rows of numbers, or '1 2; 3 4'), got a 1D sequence; "
                         "use conv1d for 1D signals")
    x, w, out = prepare2d(input, weight, names, DEFAULTS_DL, limits)
    return Derivation(expand_dl("conv2d", x, w, stride, padding, dilation, out, limits, padding_mode), limits)
