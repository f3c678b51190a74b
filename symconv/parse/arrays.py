"""Array-likes (NumPy arrays and scalars, torch tensors, pandas objects, memoryviews, anything with
``__array__``) and other containers -> bounded lists of exact values.

Sizes are read from ``.shape`` (or ``len()``) and checked against ``Limits.max_length`` *before*
anything is converted, so ``np.zeros(10**8)`` is refused in microseconds, not after a 4 GB
``tolist()``. Containers are read with ``itertools.islice``, so a lying ``__len__`` or an endless
iterator cannot hang. torch is never imported: a tensor is recognised by its module and read
through its own methods (``detach``, ``numpy``).
"""

from __future__ import annotations

import itertools
import math
import operator

from sympy import I, Integer

from ..errors import InputError, brief
from ..limits import Limits
from ._core import _fail, _rational_from_text
from .scalars import float_text, parse_value

__all__ = ["exact_array", "bounded_items"]


def _kind(values) -> str:
    """The type's name, for messages (bounded: a class name can be anything)."""
    return type(values).__name__[:40]


def _is_torch(values) -> bool:
    return type(values).__module__.split(".")[0] == "torch" and hasattr(values, "detach")


def _declared_shape(values):
    try:
        return tuple(operator.index(size) for size in values.shape)
    except Exception:  # noqa: BLE001 - no shape, or not one of ints
        return None


def _is_array_like(values) -> bool:
    import numpy as np

    return isinstance(values, (np.ndarray, np.generic, memoryview)) or _is_torch(values) or \
        hasattr(values, "__array__") or hasattr(values, "__array_interface__") or \
        (hasattr(values, "to_numpy") and hasattr(values, "shape"))


def _check_shape(shape: tuple, name: str, limits: Limits, ndim) -> None:
    if isinstance(ndim, tuple):  # any of these ranks (a tensor)
        if len(shape) not in ndim:
            raise _fail(name, f"expected an array of {', '.join(map(str, ndim[:-1]))} or {ndim[-1]} dimensions, got "
                        f"shape {brief(shape)}")
    elif (ndim == 1 and len(shape) > 1) or (ndim != 1 and len(shape) != ndim):
        wanted = {0: "a number", 1: "a 1D sequence", 2: "a 2D array"}[ndim]
        raise _fail(name, f"expected {wanted}, got an array of shape {brief(shape)}")
    size = math.prod(shape)
    if size > limits.max_length:
        raise _fail(name, f"{size:,} {'entries' if ndim == 2 else 'samples'} exceed "
                    f"Limits.max_length={limits.max_length:,}")


def _torch_numpy(tensor, name: str):
    """A CPU tensor as a NumPy array, and the precision its floats were stored in."""
    device = getattr(getattr(tensor, "device", None), "type", "cpu")
    if device != "cpu":
        raise _fail(name, f"the tensor is on {brief(device)}; move it to the CPU with .cpu()")
    if str(getattr(tensor, "layout", "torch.strided")) != "torch.strided" or getattr(tensor, "is_quantized", False):
        raise _fail(name, "sparse and quantized tensors are not accepted; pass .to_dense() or .dequantize()")
    tensor = tensor.detach()
    dtype = str(tensor.dtype)
    if dtype == "torch.bool":
        raise _fail(name, "expected numbers, got a tensor of booleans")
    if dtype == "torch.bfloat16":
        return tensor.float().numpy(), "bfloat16"
    if dtype == "torch.complex32":
        return tensor.cfloat().numpy(), "float16"
    if hasattr(tensor, "resolve_conj"):
        tensor = tensor.resolve_conj().resolve_neg()
    return tensor.numpy(), None


def _bfloat16_text(value: float) -> str:
    """The shortest decimal that rounds (to nearest even) back to this bfloat16 value."""
    import numpy as np

    def to_bfloat16(x: float) -> float:
        bits = int(np.array(x, dtype=np.float32).view(np.uint32))
        bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
        return float(np.array(bits, dtype=np.uint32).view(np.float32))

    for digits in range(1, 10):
        text = f"{value:.{digits - 1}e}"
        if to_bfloat16(float(text)) == value:
            return text
    return repr(value)


def as_numpy(values, name: str, limits: Limits, ndim: int):
    """``(array, precision)`` for an array-like, its shape checked before conversion;
    ``precision`` names a float format narrower than the array's dtype (``"bfloat16"``)."""
    import numpy as np

    shape = _declared_shape(values)
    if shape is not None:
        _check_shape(shape, name, limits, ndim)
    else:  # an __array__ without a shape: bounded by its length, checked again once read
        try:
            size = len(values)
        except Exception:  # noqa: BLE001 - no length either
            raise _fail(name, f"cannot tell the size of a {_kind(values)} without reading it; "
                        f"pass a list or a NumPy array") from None
        if size > limits.max_length:
            raise _fail(name, f"{size:,} items exceed Limits.max_length={limits.max_length:,}")
    precision = None
    try:
        if isinstance(values, (np.ndarray, np.generic)):
            array = np.asarray(values)
        elif _is_torch(values):
            array, precision = _torch_numpy(values, name)
        elif hasattr(values, "to_numpy"):
            array = np.asarray(values.to_numpy())
        else:
            array = np.asarray(values)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a foreign array raises
        raise _fail(name, f"cannot read the {_kind(values)} as an array: "
                    f"{brief(str(exc), 80)}") from None
    if shape is None:
        _check_shape(array.shape, name, limits, ndim)
    elif array.shape != shape:
        raise _fail(name, f"the {_kind(values)} says shape {brief(shape)} but holds "
                    f"{brief(array.shape)}")
    return array, precision


def exact_array(values, name: str, limits: Limits, ndim: int):
    """``(values, shape, decimal)``: the exact values of an array-like in C order, or None if
    ``values`` is not array-like (a list, a tuple, a Python scalar).

    Integers stay integers; floats mean the shortest decimal of their own precision (float16,
    bfloat16, float32, float64, longdouble); object arrays go entry by entry through
    `parse_value()`.

    Examples
    --------
    >>> import numpy as np
    >>> from symconv.limits import DEFAULT_LIMITS
    >>> exact_array(np.array([0.1, 2], dtype=np.float32), "x", DEFAULT_LIMITS, 1)
    ([1/10, 2], (2,), True)
    >>> exact_array([0.1, 2], "x", DEFAULT_LIMITS, 1) is None
    True
    """
    if not _is_array_like(values):
        return None
    array, precision = as_numpy(values, name, limits, ndim)
    kind = array.dtype.kind
    if kind == "b":
        raise _fail(name, "expected numbers, got an array of booleans")
    if kind not in "iufcO":
        raise _fail(name, f"expected numbers, got an array of dtype {brief(str(array.dtype))}")
    shape = array.shape
    flat = array.reshape(-1)

    def where(i: int) -> str:
        if len(shape) < 2:
            return f"{name}[{i}]" if shape else name
        index = []
        for size in reversed(shape):
            i, rest = divmod(i, size)
            index.append(rest)
        return f"{name}[{', '.join(map(str, reversed(index)))}]"

    if kind in "iu":
        return [Integer(v) for v in flat.tolist()], shape, False
    if kind == "O":
        out, decimal = [], False
        for i, item in enumerate(flat.tolist()):
            if isinstance(item, (list, tuple)) or getattr(item, "ndim", 0):
                raise _fail(where(i), "a nested list is not a number")
            value, is_decimal = parse_value(item, where=where(i), limits=limits)
            out.append(value)
            decimal = decimal or is_decimal
        return out, shape, decimal
    parts = [flat.real, flat.imag] if kind == "c" else [flat]
    if precision == "float16":
        import numpy as np

        parts = [part.astype(np.float16) for part in parts]
    texts = []
    for part in parts:
        if precision == "bfloat16":
            texts.append([_bfloat16_text(v) for v in part.tolist()])
        elif part.dtype.itemsize == 8:
            texts.append([repr(v) for v in part.tolist()])
        else:
            texts.append([float_text(v) for v in part])
    out = []
    for i, pieces in enumerate(zip(*texts)):
        if any(text.lstrip("-") in ("nan", "inf") for text in pieces):
            raise _fail(where(i), f"{brief(complex(flat[i]) if kind == 'c' else float(flat[i]))} is not a finite number")
        exact = [_rational_from_text(text, where(i), limits) for text in pieces]
        out.append(exact[0] + I * exact[1] if kind == "c" else exact[0])
    return out, shape, True


def bounded_items(values, name: str, limit: int, wanted: str) -> list:
    """The items of a sized container, at most ``limit`` of them, read with ``islice``: a
    ``__len__`` that lies or raises, an endless iterator, a huge ``range`` are refused.

    Examples
    --------
    >>> bounded_items((1, 2), "x", 10, "a list")
    [1, 2]
    >>> import itertools
    >>> bounded_items(itertools.count(), "x", 10, "a list")
    Traceback (most recent call last):
    ...
    symconv.errors.InputError: x: expected a list, got an iterator (it has no length; pass a list)
    """
    if isinstance(values, (str, bytes, bytearray, dict, set, frozenset)) or not hasattr(values, "__len__") \
            or not (hasattr(values, "__iter__") or hasattr(values, "__getitem__")):
        kind = "an iterator (it has no length; pass a list)" if hasattr(values, "__next__") else \
            _kind(values)
        raise InputError(f"{name}: expected {wanted}, got {kind}")
    try:
        size = len(values)
    except Exception as exc:  # noqa: BLE001 - a hostile or huge __len__
        raise InputError(f"{name}: cannot take the length of the {_kind(values)} "
                         f"({brief(str(exc), 60)})") from None
    if size > limit:
        raise InputError(f"{name}: {size:,} items exceed the limit of {limit:,} (Limits.max_length)")
    try:
        items = list(itertools.islice(iter(values), size + 1))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile __iter__/__getitem__
        raise InputError(f"{name}: cannot read the {_kind(values)} "
                         f"({brief(str(exc), 60)})") from None
    if len(items) != size:
        raise InputError(f"{name}: the {_kind(values)} says it has {size:,} items but "
                         f"yields {'more' if len(items) > size else len(items)}")
    return items
