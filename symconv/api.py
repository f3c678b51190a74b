"""The 1D operations and formula sequences: validate -> parse -> expand -> wrap in a [`Derivation`][symconv.Derivation]."""

from __future__ import annotations

from .closedform import ClosedFormDerivation
from .derivation import Derivation
from .engine import expand_convolve, expand_correlate
from .engine.closed_form import convolve_closed_form, formula_pieces, sequence_formula
from .errors import InputError, brief
from .limits import DEFAULT_LIMITS, Limits
from .model import Formula, Sequence, check_name, check_names
from .operands import prepare

__all__ = ["convolve", "correlate", "formula"]


def convolve(a, v, mode: str = "full", *, names=None, limits: Limits = DEFAULT_LIMITS, method: str = "direct",
             block: int | None = None) -> Derivation:
    r"""Derive the discrete convolution $c[n] = \sum_m a[m]\, v[n - m]$ term by term, exactly.

    Parameters
    ----------
    a, v : str, list, tuple, 1D numpy array or Sequence
        The sequences. Strings hold a whole sequence (``"1, 1/2, 1/4"``); numbers may be ints,
        floats (read exactly from their shortest repr), ``Fraction``, ``Decimal``, complex,
        SymPy expressions or expression strings (``"x"``, ``"2*x + 1"``, ``"sqrt(2)"``). Use
        [`Sequence`][symconv.Sequence] for a start index other than 0 or for a name.
    mode : {"full", "same", "valid"}
        As in ``numpy.convolve``, with $N$ the length of ``a`` and $M$ that of ``v``: ``full``
        every overlap (length $N + M - 1$); ``same`` the central $\max(N, M)$ samples;
        ``valid`` only complete overlaps (length $\max(N, M) - \min(N, M) + 1$). NumPy swaps
        the arguments when ``v`` is longer; the kept window follows it.
    names : str or (str, str, str), optional
        Names of ``a``, ``v`` and the output (default the sequences' names, else a, b, c).
    limits : Limits
        Size budgets.
    method : {"direct", "overlap-add", "overlap-save"}
        How the sum is worked: ``direct`` writes each output's sum of products (default);
        ``overlap-add`` splits ``a`` into blocks of ``block`` samples, convolves each with ``v``
        and adds the overlapping tails where they land (``scipy.signal.oaconvolve``'s method);
        ``overlap-save`` convolves blocks of ``block + M - 1`` samples overlapping by ``M - 1``
        circularly with ``v`` and discards each block's first ``M - 1`` (wrapped) outputs. Both
        derive the full result, then keep ``mode``'s slice; the values equal the direct sum's.
    block : int, optional
        ``L``, the samples of ``a`` per block: a positive int, required by the blocked methods
        and refused by ``direct``.

    Returns
    -------
    Derivation or ClosedFormDerivation
        Exact values, the steps, renderers and ``check()``. With a [`formula()`][symconv.formula] operand (the
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
    With ``a`` starting at index $s_a$ and ``v`` at $s_v$, the full output starts at
    $s_a + s_v$; ``same`` and ``valid`` keep the slice NumPy keeps, with their true indices. The
    output is named ``c`` unless ``names`` says otherwise (``v`` is printed as ``b``).

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
    >>> symconv.convolve([1, 2, 3, 4, 5], [1, 1], method="overlap-add", block=2).values
    (1, 3, 5, 7, 9, 5)
    """
    if method != "direct" or block is not None:  # refused from the arguments, before any parsing
        from .engine.blocks import check_block, check_method

        check_block(block, check_method(method), limits if isinstance(limits, Limits) else DEFAULT_LIMITS)
        if isinstance(a, Formula) or isinstance(v, Formula):
            raise InputError(f"method={method!r} splits a finite sequence into blocks; formula sequences take "
                             f"method='direct'")
    if isinstance(a, Formula) or isinstance(v, Formula):
        return _closed_form(a, v, mode, names, limits)
    a_seq, v_seq, out = prepare(a, v, mode, names, limits)
    if method != "direct":
        from .derivation_blocks import derive_blocks

        return derive_blocks(a_seq, v_seq, mode, out, method, block, limits)
    return Derivation(expand_convolve(a_seq, v_seq, mode, out, limits), limits)


def correlate(a, v, mode: str | None = None, *, names=None, limits: Limits = DEFAULT_LIMITS) -> Derivation:
    r"""Derive the cross-correlation $c[k] = \sum_m a[m + k]\, \overline{v[m]}$ term by term, exactly.

    Parameters
    ----------
    a, v : str, list, tuple, 1D numpy array or Sequence
        As for [`convolve()`][symconv.convolve]. ``v`` is conjugated when it may be complex (real symbols and
        real numbers are left as they are), as ``numpy.correlate`` does for complex arrays.
    mode : {"valid", "same", "full"}
        As in ``numpy.correlate`` (default ``valid``). The outputs are in increasing lag $k$;
        ``full`` runs from $-(M - 1)$ to $N - 1$ (plus the start offsets), with $N$ the length
        of ``a`` and $M$ that of ``v``.
        With a [`formula()`][symconv.formula] operand: every lag, ``full`` (the default there).
    names : str or (str, str, str), optional
        Names of ``a``, ``v`` and the output (default a, b, c).
    limits : Limits
        Size budgets.

    Returns
    -------
    Derivation or ClosedCorrelationDerivation
        With a [`formula()`][symconv.formula] operand (the other may be finite), the closed form
        $r[k] = \sum_n x[n + k]\, \overline{h[n]}$ for every integer lag $k$ (``.expr``), its
        support reasoning written out in $n$ and $k$.

    Raises
    ------
    InputError
    DerivationTooLarge
    ClosedFormError
        Formulas whose correlation sum does not converge (``u[n]`` with ``u[n]``), or
        converges only for parameter values nobody stated (give ``params``).

    See Also
    --------
    numpy.correlate : the values this equals.
    convolve : correlation equals convolution with ``v`` reversed and conjugated.

    Notes
    -----
    The true lag of output $k$ accounts for the start indices: with ``a`` starting at $s_a$
    and ``v`` at $s_v$, NumPy's lag $k$ is $k + s_a - s_v$ here.

    Examples
    --------
    >>> import symconv
    >>> symconv.correlate([1, 2, 3], [0, 1, 0.5], mode="full").values
    (1/2, 2, 7/2, 3, 0)
    >>> symconv.correlate([1, 2, 3], [0, 1, 0.5], mode="full").start
    -2
    >>> r = symconv.correlate(symconv.formula("u[n] - u[n-4]"), symconv.formula("u[n] - u[n-4]"))
    >>> [r.at(k) for k in range(-4, 5)]
    [0, 1, 2, 3, 4, 3, 2, 1, 0]
    """
    if isinstance(a, Formula) or isinstance(v, Formula):
        return _closed_correlation(a, v, mode, names, limits)
    mode = "valid" if mode is None else mode
    a_seq, v_seq, out = prepare(a, v, mode, names, limits)
    return Derivation(expand_correlate(a_seq, v_seq, mode, out, limits), limits)


def formula(text: str, n: str = "n", *, params: dict | None = None, name: str | None = None,
            limits: Limits = DEFAULT_LIMITS) -> Formula:
    """A sequence defined by a formula in the integer variable ``n`` (parsed by whitelist).

    Parameters
    ----------
    text : str
        ``"(1/2)**n*u[n]"``, ``"u[n] - u[n-N]"``, ``"delta[n-k]"``, ``"n*a**n*u[n]"``,
        ``"cos(pi*n/2)*u[n]"``: numbers, parameters, ``+ - * / **``, ``u[...]`` (unit step,
        ``u[0] = 1``) and ``delta[...]`` (Kronecker delta) of ``±n`` plus an integer, polynomials
        in ``n``, geometric terms and the functions of `symconv.parse.FUNCTIONS`.
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


def _formula_operands(a, v, names, limits, outputs: tuple) -> tuple:
    """Both operands as formulas under their names: the given ``names``, or the first default
    triple whose names no formula uses, nor the notation (u, delta, n); ``outputs`` holds the
    output's default name for each triple (y for a convolution, r for a correlation)."""
    n = next(f.n for f in (a, v) if isinstance(f, Formula))
    a, v = (value if isinstance(value, (Formula, Sequence)) else Sequence(value, 0, limits=limits)
            for value in (a, v))  # parsed first: their symbols decide the default names
    if names is not None:
        first, second, out = check_names(names)
    else:
        taken = {"u", "delta", n.name} | {s.name for f in (a, v) if isinstance(f, Formula) for s in f.expr.free_symbols}
        taken |= {s.name for f in (a, v) if not isinstance(f, Formula) for s in _entry_symbols(f)}
        choices = tuple((getattr(a, "name", None) or x, getattr(v, "name", None) or h, y)
                        for (x, h), y in zip((("x", "h"), ("f", "g"), ("p", "q"), ("s", "t")), outputs))
        first, second, out = next((c for c in choices if not set(c) & taken), choices[0])

    def as_formula(value, name):
        if isinstance(value, Formula):
            return value.renamed(name)
        seq = value if isinstance(value, Sequence) else Sequence(value, 0, name, limits=limits)
        return sequence_formula(seq.renamed(name), n)

    return as_formula(a, first), as_formula(v, second), out


def _closed_form(a, v, mode, names, limits) -> ClosedFormDerivation:
    if mode != "full":
        raise InputError(f"formula sequences take mode='full' (every n), got {brief(mode)}")
    x, h, out = _formula_operands(a, v, names, limits, ("y", "y", "r", "w"))
    return ClosedFormDerivation(convolve_closed_form(x, h, out, limits), limits)


def _entry_symbols(value) -> set:
    """Symbols of a finite operand given with a formula (before it is parsed, cheaply)."""
    if isinstance(value, Sequence):
        return {s for v in value.values for s in v.free_symbols}
    return set()


def _closed_correlation(a, v, mode, names, limits):
    """``r[k] = sum_n x[n + k] conj(h[n])`` of formula (or finite) operands, for every lag."""
    from .closedcorrelation import ClosedCorrelationDerivation
    from .engine.closed_correlation import correlate_closed_form

    if mode not in (None, "full"):
        raise InputError(f"formula sequences take mode='full' (every lag k), got {brief(mode)}")
    x, h, out = _formula_operands(a, v, names, limits, ("r", "r", "c", "w"))
    return ClosedCorrelationDerivation(correlate_closed_form(x, h, out, limits), limits)
