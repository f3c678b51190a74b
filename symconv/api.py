"""The public operations: validate -> parse -> expand -> wrap in a :class:`Derivation`."""

from __future__ import annotations

from .derivation import ClosedFormDerivation, Derivation
from .engine import expand_convolve, expand_correlate
from .engine._index import check_boundary, check_mode
from .engine.closed_form import convolve_closed_form, formula_pieces, sequence_formula
from .engine.dl import expand_dl
from .engine.twod import check_fillvalue, expand_scipy2d
from .errors import InputError
from .limits import DEFAULT_LIMITS, Limits
from .model import Formula, Matrix, Sequence, check_name, check_names

__all__ = ["convolve", "correlate", "convolve2d", "correlate2d", "conv1d", "conv2d", "formula"]


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
    Derivation or ClosedFormDerivation
        Exact values, the steps, renderers and ``check()``. With a :func:`formula` operand (the
        other may be finite), the closed form for every integer ``n`` (``.expr``).

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
    if isinstance(a, Formula) or isinstance(v, Formula):
        return _closed_form(a, v, mode, names, limits)
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


def _matrix(value, name: str, limits: Limits) -> Matrix:
    if isinstance(value, Matrix):
        return value if value.name == name else value.renamed(name)
    return Matrix(value, name, limits=limits)


def _prepare2d(x, k, names, defaults, limits):
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    first, second, out = check_names(names if names is not None else defaults)
    return _matrix(x, first, limits), _matrix(k, second, limits), out


def _scipy2d(kind, in1, in2, mode, boundary, fillvalue, names, limits) -> Derivation:
    check_mode(mode)
    check_boundary(boundary)
    fill = check_fillvalue(fillvalue, limits)
    x, k, out = _prepare2d(in1, in2, names, ("x", "k", "y"), limits)
    return Derivation(expand_scipy2d(kind, x, k, mode, boundary, fill, out, limits))


def convolve2d(in1, in2, mode: str = "full", boundary: str = "fill", fillvalue=0, *, names=None,
               limits: Limits = DEFAULT_LIMITS) -> Derivation:
    """Derive the 2D convolution ``y[i, j] = sum_{m,n} x[i - m, j - n] k[m, n]`` cell by cell.

    Parameters
    ----------
    in1, in2 : str, nested list, 2D numpy array or Matrix
        The input and the kernel: ``"1 2 0; 0 1 2; 2 0 1"`` (rows by ``;``), ``[[1, 2], [3, 4]]``,
        symbolic entries allowed. Ragged rows are an :class:`InputError`.
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
    """Derive the 2D cross-correlation ``y[i, j] = sum_{m,n} x[i + m, j + n] conj(k[m, n])`` (with
    scipy's offsets) cell by cell.

    Parameters
    ----------
    in1, in2, mode, boundary, fillvalue, names, limits
        As for :func:`convolve2d`; in ``same`` mode the output is centred at ``M2 // 2``, which for
        even kernels differs from :func:`convolve2d` and from ``numpy.correlate``.

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


def conv1d(input, weight, stride=1, padding=0, dilation=1, *, names=None,
           limits: Limits = DEFAULT_LIMITS) -> Derivation:
    """Derive a one-channel ``torch.nn.functional.conv1d``: ``y[i] = sum_m xp[s*i + d*m] w[m]``.

    A deep-learning "convolution" is a cross-correlation: the weight is not flipped.

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
    if isinstance(input, Matrix) or isinstance(weight, Matrix) or _is_2d(input) or _is_2d(weight):
        raise InputError("conv1d takes a 1D input and a 1D weight; use conv2d for 2D arrays")
    first, second, out = check_names(names if names is not None else ("x", "w", "y"))
    x = Matrix([list(_operand(input, first, limits).values)], first, limits=limits)
    w = Matrix([list(_operand(weight, second, limits).values)], second, limits=limits)
    return Derivation(expand_dl("conv1d", x, w, stride, padding, dilation, out, limits))


def conv2d(input, weight, stride=1, padding=0, dilation=1, *, names=None,
           limits: Limits = DEFAULT_LIMITS) -> Derivation:
    """Derive a one-channel ``torch.nn.functional.conv2d`` cell by cell:
    ``y[i, j] = sum_{m,n} xp[s_h*i + d_h*m, s_w*j + d_w*n] w[m, n]``.

    Parameters
    ----------
    input, weight : str, nested list, 2D numpy array or Matrix
    stride, dilation : int or (int, int)
        At least 1.
    padding : int, (int, int), "same" or "valid"
        As torch: zeros on both sides of each axis; ``"same"`` only with stride 1.
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
        What torch refuses (see :func:`conv1d`), and 1D input.
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
    if not _is_2d(input) and not isinstance(input, Matrix):
        raise InputError("conv2d takes a 2D input (rows of numbers, or '1 2; 3 4'), got a 1D sequence; "
                         "use conv1d for 1D signals")
    x, w, out = _prepare2d(input, weight, names, ("x", "w", "y"), limits)
    return Derivation(expand_dl("conv2d", x, w, stride, padding, dilation, out, limits))


def _is_2d(value) -> bool:
    """Whether ``value`` looks 2D: a string with rows (``;``/newline, or ``[[``) or nested lists."""
    if isinstance(value, str):
        text = value.strip()
        return ";" in text or "\n" in text or text.replace(" ", "").startswith(("[[", "(("))
    if hasattr(value, "ndim"):
        return value.ndim == 2
    if isinstance(value, (list, tuple)) and value:
        return all(isinstance(row, (list, tuple)) or getattr(row, "ndim", 0) for row in value)
    return False


def formula(text: str, n: str = "n", *, params: dict | None = None, name: str | None = None,
            limits: Limits = DEFAULT_LIMITS) -> Formula:
    """A sequence defined by a formula in the integer variable ``n`` (parsed by whitelist).

    Parameters
    ----------
    text : str
        ``"(1/2)**n*u[n]"``, ``"u[n] - u[n-N]"``, ``"delta[n-k]"``, ``"n*a**n*u[n]"``,
        ``"cos(pi*n/2)*u[n]"``: numbers, parameters, ``+ - * / **``, ``u[...]`` (unit step,
        ``u[0] = 1``) and ``delta[...]`` (Kronecker delta) of ``±n`` plus an integer, polynomials
        in ``n``, geometric terms and the functions of :data:`symconv.parse.FUNCTIONS`.
    n : str
        The index variable.
    params : dict, optional
        Assumptions: ``{"a": "positive"}``, ``{"a": "0 < |a| < 1"}``, ``{"k": "integer"}``.
        Parameters inside step or delta indices are positive integers unless told otherwise;
        other parameters are nonzero reals.
    name : str, optional
    limits : Limits

    Returns
    -------
    Formula
        With ``.pieces``: the support worked out as disjoint intervals.

    Raises
    ------
    InputError
        Bad syntax, a hostile string, a step index that is not ``±n`` plus an integer, a pole
        inside the support (``u[n]/n``), exact values too large to write (``3**n*u[n-1000000]``).
    ClosedFormError
        Support boundaries whose order depends on the parameters.
    ClosedFormTimeout
        Working out the support took longer than ``limits.max_seconds``.

    See Also
    --------
    convolve : with formula operands, gives the closed form for every integer n.

    Examples
    --------
    >>> import symconv
    >>> symconv.formula("u[n] - u[n-4]").pieces
    (Piece(coef=1, lo=0, hi=3),)
    >>> y = symconv.convolve(symconv.formula("u[n]"), symconv.formula("u[n]"))
    >>> y.expr
    Piecewise((n + 1, n >= 0), (0, True))
    """
    from .engine.deadline import within
    from .parse import parse_formula

    if name is not None:
        check_name(name)
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    parsed = parse_formula(text, n=n, params=params, name=name or "x", limits=limits)
    pieces = within(limits.max_seconds, f"the support of formula {name or 'x'}", formula_pieces, parsed.expr,
                    parsed.n, name=name or "x", limits=limits)
    return Formula(parsed.expr, parsed.n, parsed.params, pieces, name, parsed.text)


def _closed_form(a, v, mode, names, limits) -> ClosedFormDerivation:
    if mode != "full":
        raise InputError(f"formula sequences take mode='full' (every n), got {mode!r}")
    first, second, out = check_names(names if names is not None else (
        getattr(a, "name", None) or "x", getattr(v, "name", None) or "h", "y"))
    n = next(f.n for f in (a, v) if isinstance(f, Formula))

    def as_formula(value, name):
        if isinstance(value, Formula):
            return value.renamed(name)
        seq = value if isinstance(value, Sequence) else Sequence(value, 0, name, limits=limits)
        return sequence_formula(seq.renamed(name), n)

    return ClosedFormDerivation(convolve_closed_form(as_formula(a, first), as_formula(v, second), out, limits))
