"""One entry point for every operation, by name: what the CLI and every fence call.

[`derive()`][symconv.derive] takes an operation's name, its two inputs and its parameters, checks that each
parameter applies to the operation (declared once in `PARAMETERS`), and calls the same
public function a Python user would ([`convolve()`][symconv.convolve], [`conv2d()`][symconv.conv2d], ...).
The CLI flags and the fence keys are generated from `PARAMETERS` and
`symconv.steps.OPTIONS`.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

from .api import convolve, correlate, formula
from .api2d import conv1d, conv2d, convolve2d, correlate2d
from .api_circular import circular_convolve
from .api_transposed import conv_transpose1d, conv_transpose2d
from .errors import InputError, brief
from .limits import DEFAULT_LIMITS
from .model import Sequence, check_names

__all__ = ["OPERATIONS", "Parameter", "PARAMETERS", "derive"]

#: Every operation [`derive()`][symconv.derive] knows, with the function it calls.
OPERATIONS = {"convolve": convolve, "correlate": correlate, "convolve2d": convolve2d,
              "correlate2d": correlate2d, "conv1d": conv1d, "conv2d": conv2d,
              "conv_transpose1d": conv_transpose1d, "conv_transpose2d": conv_transpose2d,
              "circular": circular_convolve}
_1D, _2D, _DL = ("convolve", "correlate"), ("convolve2d", "correlate2d"), ("conv1d", "conv2d")
_TR = ("conv_transpose1d", "conv_transpose2d")


@dataclass(frozen=True)
class Parameter:
    """A parameter of some operations: its name, the operations that take it, its help, and
    what it accepts (``"mode"``, ``"int"``, ``"pair"``, ``"padding"``, ``"number"``,
    ``"boundary"``, ``"bool"``, ``"mapping"``)."""

    name: str
    ops: tuple
    help: str
    accepts: str


PARAMETERS = (
    Parameter("mode", _1D + _2D, "full, same or valid (default full; correlate: valid)", "mode"),
    Parameter("start_a", _1D, "index of the first sample of a (default 0; negative allowed)", "int"),
    Parameter("start_b", _1D, "index of the first sample of b (default 0)", "int"),
    Parameter("boundary", _2D, "fill (default), wrap or symm", "boundary"),
    Parameter("fillvalue", _2D, "the value outside the input with boundary fill (default 0)", "number"),
    Parameter("bias", _DL + _TR, "one value per output channel, e.g. \"0.5, -1\" (default none)", "values"),
    Parameter("stride", _DL + _TR, "an int or [rows, columns] (default 1)", "pair"),
    Parameter("padding", _DL + _TR, "an int, [rows, columns], same or valid (default 0; transposed: an int "
              "or [rows, columns], cut from each end of the output)", "padding"),
    Parameter("output_padding", _TR, "transposed convolution: an int or [rows, columns] added at the end of "
              "the output, smaller than the stride or the dilation (default 0)", "pair"),
    Parameter("dilation", _DL + _TR, "an int or [rows, columns] (default 1)", "pair"),
    Parameter("groups", _DL + _TR, "split the channels into this many groups; groups = in channels is depthwise "
              "(default 1)", "int"),
    Parameter("padding_mode", _DL, "what the padding holds: zeros (default), reflect, replicate or circular "
              "(torch.nn.Conv2d's padding_mode)", "padding_mode"),
    Parameter("framework", _DL, "whose padding rules and call: torch (default), tensorflow (same pads the "
              "smaller half before, any stride) or jax (lax.conv_general_dilated)", "framework"),
    Parameter("method", ("convolve",), "direct (default: each output's sum), overlap-add or overlap-save "
              "(block by block, blocks of --block samples of a; the same values)", "method"),
    Parameter("block", ("convolve",), "with method overlap-add or overlap-save: L, the samples of a per block "
              "(a positive int)", "int"),
    Parameter("n", ("circular",), "circular convolution: the number of points, a positive int (default the "
              "longer input's length; n >= N + M - 1 makes it the linear convolution)", "int"),
    Parameter("formula", ("convolve", "correlate"), "true: a and b are formulas in n (\"a**n*u[n]\"); the "
              "closed form for every n (correlate: every lag k)", "bool"),
    Parameter("params", ("convolve", "correlate"), "with formula: assumptions, e.g. {a: \"0 < |a| < 1\", N: positive}",
              "mapping"),
)
_BY_NAME = {p.name: p for p in PARAMETERS}


def _formulas(a, b, params, names, limits):
    """Both formulas, each with the assumptions on the parameters it contains."""
    from .parse import parse_formula

    for side, text in (("a", a), ("b", b)):
        if not isinstance(text, str):
            raise InputError(f"with formula, {side} must be a formula such as '(1/2)**n*u[n]', got {brief(text)}")
    if params is not None and not isinstance(params, dict):
        raise InputError(f"params maps parameter names to assumptions, e.g. {{'a': 'positive'}}, got {brief(params)}")
    params = dict(params or {})
    for key, value in params.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InputError(f"params maps parameter names to assumptions such as 'positive', got "
                             f"{brief(key)}: {brief(value)}")
    used = [{s.name for s in parse_formula(text, limits=limits).expr.free_symbols} for text in (a, b)]
    unknown = sorted(set(params) - used[0] - used[1])
    if unknown:
        raise InputError(f"params names {brief(unknown[0])}, which is in neither formula")
    first, second, _ = check_names(names) if names is not None else ("x", "h", "y")
    return (formula(a, params={k: v for k, v in params.items() if k in used[0]}, name=first, limits=limits),
            formula(b, params={k: v for k, v in params.items() if k in used[1]}, name=second, limits=limits))


def derive(op: str, a, b, *, names=None, limits=DEFAULT_LIMITS, **parameters):
    """Derive operation ``op`` of ``a`` and ``b`` with ``parameters``, through the public API.

    Parameters
    ----------
    op : str
        One of `OPERATIONS`: convolve, correlate, convolve2d, correlate2d, conv1d, conv2d,
        conv_transpose1d, conv_transpose2d, circular.
    a, b : inputs
        As the operation takes them (strings, lists, arrays; formulas with ``formula=True``).
    names : str or (str, str, str), optional
    limits : Limits
    **parameters
        Those of `PARAMETERS` that apply to ``op``: ``mode``, ``start_a``, ``start_b``
        (1D), ``boundary``, ``fillvalue`` (2D), ``stride``, ``padding``, ``dilation``
        ``padding_mode`` (deep learning), ``formula``, ``params`` (convolution or correlation of formulas),
        ``n`` (circular convolution).

    Returns
    -------
    Derivation or ClosedFormDerivation

    Raises
    ------
    InputError
        An unknown operation or parameter, or one that does not apply to ``op``.

    Examples
    --------
    >>> import symconv
    >>> from symconv import derive
    >>> derive("conv1d", [1, 2, 3, 4], [1, -1], stride=2).values
    ((-1, -1),)
    >>> derive("convolve", "1, 2", "3", start_a=-1).indices
    range(-1, 1)
    >>> derive("convolve", [1], [2], stride=2)
    Traceback (most recent call last):
    symconv.errors.InputError: 'stride' does not apply to convolve; it takes mode, start_a, start_b, method, block, formula, params
    """
    from .limits import Limits

    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    if not isinstance(op, str) or op not in OPERATIONS:
        raise InputError(f"op must be one of {', '.join(OPERATIONS)}, got {brief(op)}")
    for key in parameters:
        parameter = _BY_NAME.get(key)
        if parameter is None:
            raise InputError(f"unknown parameter {brief(key)}; parameters are {', '.join(_BY_NAME)}")
        if op not in parameter.ops:
            accepted = ", ".join(p.name for p in PARAMETERS if op in p.ops)
            raise InputError(f"{key!r} does not apply to {op}; it takes {accepted}")
    if parameters.get("formula") not in (None, True, False):
        raise InputError(f"formula must be true or false, got {brief(parameters['formula'])}")
    if parameters.get("formula"):
        extra = sorted(set(parameters) - {"formula", "params", "mode"})
        if extra:
            raise InputError(f"{extra[0]!r} does not apply to formulas (their indices are their own)")
        x, h = _formulas(a, b, parameters.get("params"), names, limits)
        return OPERATIONS[op](x, h, parameters.get("mode", "full"), names=names, limits=limits)
    if "params" in parameters:
        raise InputError("'params' needs formula: true")
    func = OPERATIONS[op]
    for key in ("start_a", "start_b"):
        value = parameters.get(key, 0)
        if isinstance(value, bool) or not hasattr(value, "__index__"):
            raise InputError(f"'{key}' must be an integer, got {brief(value)}")
        if key in parameters:
            parameters[key] = operator.index(value)
    if op in _1D:
        a = Sequence(a, parameters.pop("start_a", 0), limits=limits) if "start_a" in parameters else a
        b = Sequence(b, parameters.pop("start_b", 0), limits=limits) if "start_b" in parameters else b
    parameters.pop("formula", None)
    return func(a, b, names=names, limits=limits, **parameters)
