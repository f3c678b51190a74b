"""The library call each derivation equals, as data (`Call`).

Every call here runs as printed (given the arrays by the names shown) and returns the
derivation's values: ``numpy.convolve``/``numpy.correlate``, ``scipy.signal.convolve2d``/
``correlate2d`` (arguments that do nothing, such as a ``fillvalue`` with ``boundary='wrap'``, are
left out; a complex correlation that scipy swaps is conjugated back), and
``torch.nn.functional.conv1d``/``conv2d`` with the batch and channel axes added and removed.
"""

from __future__ import annotations

from ..model import Expansion1D, Expansion2D, gaussian
from .base import Arg, Array, Call

__all__ = ["call_1d", "call_2d", "call_layer", "python_value", "python_source"]


def python_value(value):
    """An exact SymPy number as the plain Python value a call takes (int, float or complex)."""
    from ..parse import approximate

    pair = gaussian(value)
    if pair is None:  # sqrt(2), pi: a float is what the library would hold
        number = approximate(value)
        return number.real if number.imag == 0 else number
    re, im = pair
    if im == 0:
        return int(re) if re.is_Integer else float(re)
    return complex(float(re), float(im))


def call_1d(e: Expansion1D, a: Array, b: Array, out: Array) -> Call:
    """``numpy.convolve(a, b, mode=...)`` or ``numpy.correlate(a, b, mode=...)``."""
    return Call("numpy", e.kind, (Arg(a), Arg(b), Arg(e.mode, "mode")), out, starts_at=e.start)


def call_2d(e: Expansion2D, x: Array, k: Array, out: Array) -> Call:
    """The scipy or torch call of a 2D (or conv1d) expansion."""
    if e.kind in ("convolve2d", "correlate2d"):
        args = [Arg(x), Arg(k), Arg(e.mode, "mode")]
        if e.boundary != "fill" and e.mode != "valid":  # 'valid' never reads beyond the edges
            args.append(Arg(e.boundary, "boundary"))
        elif e.fillvalue != 0 and e.mode != "valid":
            args.append(Arg(python_value(e.fillvalue), "fillvalue"))
        call = Call("scipy.signal", e.kind, tuple(args), out)
        complex_values = not all(v.is_extended_real for v in e.x.values + e.k.values)
        if e.kind == "correlate2d" and e.swapped and complex_values:
            # scipy correlates the swapped inputs and reverses the result, which conjugates it
            return Call("numpy", "conj", (Arg(call),), out)
        return call

    return _torch_call(e, x, k, out, e.one_d, 2, None, 1)


def call_layer(e, x: Array, w: Array, out: Array, bias: Array | None) -> Call:
    """``torch.nn.functional.conv1d/conv2d(x, w, b, stride=..., padding=..., dilation=..., groups=...)``
    of a multi-channel layer (a `LayerExpansion`); a plain input gets its batch and channel
    axes added and removed, as the one-channel forms do."""
    if e.framework != "torch":
        from .calls_frameworks import framework_call

        return framework_call(e, x, w, out, bias)
    return _torch_call(e, x, w, out, e.one_d, 2 if e.plain else 0, bias, e.groups)


def _torch_call(e, x: Array, k: Array, out: Array, one_d: bool, axes: int, bias, groups: int) -> Call:
    def shown(pair: tuple):
        return pair[1] if one_d or pair[0] == pair[1] else tuple(pair)

    padding = e.raw_padding
    if isinstance(padding, list):
        padding = tuple(padding)
    if isinstance(padding, tuple) and len(padding) == 1:
        padding = padding[0]
    source = Arg(x, axes=axes)
    if e.padding_mode != "zeros" and any(e.padding):  # F.pad fills the padding, the layer adds none
        top, bottom, left, right = e.padding
        widths = (left, right) if one_d else (left, right, top, bottom)
        source, padding = Arg(Call("torch.nn.functional", "pad", (source, Arg(widths), Arg(e.padding_mode, "mode")),
                                   x)), 0
    args = [source, Arg(k, axes=axes)]
    if bias is not None:
        args.append(Arg(bias))
    args += [Arg(shown(e.stride), "stride"), Arg(padding, "padding"), Arg(shown(e.dilation), "dilation")]
    if groups != 1:
        args.append(Arg(groups, "groups"))
    return Call("torch.nn.functional", e.kind, tuple(args), out, index=(0, 0) if axes else ())


def _python(value) -> str:
    """A plain argument value as Python source (straight quotes; ``1j``, never ``I``)."""
    if isinstance(value, tuple):
        return "(" + ", ".join(_python(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def python_source(call: Call) -> str:
    """The call as Python source that runs as printed, given the arrays under their names.

    Examples
    --------
    >>> from symconv.steps import Arg, Array, Call
    >>> x, y = Array("x", "input"), Array("y", "output")
    >>> python_source(Call("numpy", "conj", (Arg(Call("numpy", "negative", (Arg(x, axes=1),), y)),), y))
    'numpy.conj(numpy.negative(x[None]))'
    """
    if not isinstance(call, Call):
        from ..errors import InputError

        raise InputError("python_source takes a Call (a document built with call=False has none, and a "
                         "closed form calls no library)")
    args = []
    for arg in call.args:
        if isinstance(arg.value, Call):
            text = python_source(arg.value)
        elif isinstance(arg.value, Array):
            axes = ["None"] * arg.axes + ([":"] + ["None"] * arg.trailing if arg.trailing else [])
            text = arg.value.name + ("[" + ", ".join(axes) + "]" if axes else "")
        else:
            text = _python(arg.value)
        args.append(f"{arg.keyword}={text}" if arg.keyword else text)
    index = "[" + ", ".join(map(str, call.index)) + "]" if call.index else ""
    if call.operator:  # an operand that is itself an operation would need parentheses: none does
        return f" {call.operator} ".join(args) + index
    return f"{call.qualified}({', '.join(args)}){index}"
