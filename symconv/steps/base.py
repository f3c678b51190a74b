"""The step types every derivation is made of: notation-free, frozen data.

A derivation is a [`Document`][symconv.steps.Document]: a tuple of steps in display order. Each step states *what*
is shown (which arrays, which indices, which exact values), never *how*: the printers in
`symconv.render` turn steps into LaTeX, text, Typst, JSON or HTML. 1D, 2D, deep-learning
and closed-form derivations share these types wherever the idea is the same (one
`Output`, one `Term`, one `Call`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sympy import Expr

__all__ = ["Step", "Array", "Ref", "Factor", "Term", "Strip", "Output", "Elided", "Arg", "Call",
           "CheckStep", "Summary", "Document"]


class Step:
    """Base class of every step (printers dispatch on the subclasses)."""

    __slots__ = ()


@dataclass(frozen=True)
class Array:
    """A named array of the derivation.

    ``role`` says what it is (``"first"``, ``"second"``, ``"output"`` for 1D; ``"input"``,
    ``"kernel"``, ``"output"`` for 2D); ``mark`` says how it was derived from the array of that
    role: ``""`` (as given), ``"flipped"`` (``b[-m]``), ``"padded"`` (zero-padded input),
    ``"extended"`` (input with its boundary rule), ``"rotated"`` (kernel rotated 180°),
    ``"conjugated"``, ``"dilated"``.
    """

    name: str
    role: str
    mark: str = ""


@dataclass(frozen=True)
class Ref:
    """One sample of an array, ``array[index]``; ``conjugated`` when it enters as its complex
    conjugate."""

    array: Array
    index: tuple
    conjugated: bool = False


@dataclass(frozen=True)
class Factor:
    """A factor of a product: the sample it reads and its exact value (zero outside the
    array's support)."""

    ref: Ref
    value: Expr


@dataclass(frozen=True)
class Term:
    """One product: ``factors[0].value * factors[1].value = product``."""

    factors: tuple
    product: Expr

    @property
    def left(self) -> Expr:
        """The first factor's value."""
        return self.factors[0].value

    @property
    def right(self) -> Expr:
        """The second factor's value."""
        return self.factors[1].value


@dataclass(frozen=True)
class Strip:
    """The samples one side of every product runs over, in order: ``indices[p]`` and
    ``values[p]`` at offset ``p``; an output's segments read it from an offset on, ``step``
    offsets at a time. ``inside`` is False where the value comes from padding or a boundary rule
    (empty tuple: all inside)."""

    array: Array
    indices: tuple
    values: tuple
    step: int
    conjugated: bool = False
    inside: tuple = ()

    def ref(self, offset: int) -> Ref:
        return Ref(self.array, self.indices[offset], self.conjugated)

    def is_inside(self, offset: int) -> bool:
        return not self.inside or self.inside[offset]


@dataclass(frozen=True)
class Output(Step):
    """``lhs = sum of left[l + k*left.step] * right[r + k*right.step]`` over the segments
    ``(l, r, count)``, ``= value``. An output with no segments is a sum of zero products."""

    lhs: Ref
    left: Strip = field(repr=False)
    right: Strip = field(repr=False)
    segments: tuple
    value: Expr

    @cached_property
    def terms(self) -> tuple:
        """Every product, in order, as `Term` objects (built on first use)."""
        out = []
        left, right = self.left, self.right
        for l0, r0, count in self.segments:
            for k in range(count):
                l, r = l0 + k * left.step, r0 + k * right.step
                a, b = left.values[l], right.values[r]
                out.append(Term((Factor(left.ref(l), a), Factor(right.ref(r), b)), a * b))
        return tuple(out)

    @property
    def count(self) -> int:
        """How many products."""
        return sum(count for _, _, count in self.segments)


@dataclass(frozen=True)
class Elided(Step):
    """``count`` outputs left out here (the ``elide`` option)."""

    count: int


@dataclass(frozen=True)
class Arg:
    """A keyword or positional argument of a `Call`: ``value`` is an `Array`
    (the user's array, with ``axes`` leading and ``trailing`` trailing axes of length one added),
    a nested `Call`,
    or a plain Python value (str, int, tuple, complex)."""

    value: object
    keyword: str = ""
    axes: int = 0
    trailing: int = 0


@dataclass(frozen=True)
class Call(Step):
    """A library call whose result equals the derivation's values: ``module.function(*args)``,
    then indexed by ``index`` (``[0, 0]`` to drop torch's batch and channel axes).
    ``starts_at`` is the output index of the call's first value when it is not 0; ``layout``
    names the framework whose array layouts the call converts to and back (``"tensorflow"``,
    ``"jax"``), empty for torch's own. With ``operator`` (``"*"``) the call is that operator
    between its arguments (``fft(a, 4) * fft(b, 4)``), not a function."""

    module: str
    function: str
    args: tuple
    output: Array
    index: tuple = ()
    starts_at: int = 0
    layout: str = ""
    operator: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.module}.{self.function}"


@dataclass(frozen=True)
class CheckStep(Step):
    """The outcome of the independent numeric check (a [`CheckReport`][symconv.CheckReport])."""

    report: object


@dataclass(frozen=True)
class Summary:
    """Facts a sentence of prose states about the derivation (not a displayed row).

    ``facts`` holds plain data by key: operation, operand sizes and index spans, the mode, the
    output span, the full span, whether the library swaps the inputs.
    """

    kind: str
    facts: tuple

    def get(self, key, default=None):
        return dict(self.facts).get(key, default)


@dataclass(frozen=True)
class Document:
    """A whole derivation: its steps in display order, the arrays it names, and how its input
    was written (``decimal``: decimals in, decimals out)."""

    kind: str
    steps: tuple
    arrays: tuple
    decimal: bool
    summary: Summary
    bases: tuple = ()

    def find(self, cls) -> list:
        """The steps of class ``cls``, in order."""
        return [s for s in self.steps if isinstance(s, cls)]

    @property
    def outputs(self) -> list:
        return self.find(Output)

    @property
    def call(self):
        calls = self.find(Call)
        return calls[0] if calls else None
