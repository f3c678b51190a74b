"""The document of a circular convolution: the views asked for (`symconv.steps.circular`), the
inputs wrapped onto n points where they are longer, the statement of when circular equals linear,
the call and the check."""

from __future__ import annotations

from ..errors import InputError
from ..limits import DEFAULT_LIMITS
from ..model.circular import CircularExpansion
from .base import Array, CheckStep, Document, Summary
from .circular import CIRCULAR_VIEWS, CircularView, LinearCondition, Wrapped, call_circular, view_steps
from .finite import arrays_1d

__all__ = ["build_circular", "dft_names"]

#: Options that have nothing to act on in a view, and why (refused when they differ from the default).
_NOT_IN_VIEW = {
    "zeros": ({"wrap"}, "the wrap view adds samples of the linear convolution; it has no zero products to show"),
    "flip": ({"wrap", "dft"}, "only the sum view turns b around the circle"),
}


def dft_names(names: tuple, taken: set) -> tuple:
    """The root of unity's name (ω, else W, else ζ) and the transforms' names (the inputs' and the
    output's in capitals, else F_a, F_b, F_c), none of them a name or a symbol already used."""
    taken = set(taken) | set(names)
    root = next((r for r in ("omega", "W", "zeta", "w_n") if r not in taken), "omega_n")
    taken.add(root)
    out = []
    for name in names:
        choice = next((c for c in (name[:1].upper() + name[1:], f"F_{name}", f"Fr_{name}")
                       if c not in taken and c != name), f"F_{name}")
        taken.add(choice)
        out.append(choice)
    return (root, *out)


def build_circular(e: CircularExpansion, names: tuple, options, report=None, limits=DEFAULT_LIMITS,
                   taken: set = frozenset()) -> Document:
    """The document of ``e`` under ``names`` and ``options`` (``view``: ``sum``, ``wrap``,
    ``dft`` or ``all``; ``zeros``, ``flip``, ``elide``, ``definition``, ``call``)."""
    from ..engine.circular_dft import expand_dft, refuse_dft

    A, B, C = arrays_1d(names)
    views = CIRCULAR_VIEWS if options.view == "all" else (options.view,)
    for option, (where, why) in _NOT_IN_VIEW.items():
        default = option == "flip"
        if getattr(options, option) != default and set(views) <= where:
            raise InputError(f"the option {option} does not apply to view={options.view!r}: {why}")
    n = e.n
    dft = None
    if "dft" in views:
        refuse_dft(n, e.is_symbolic, limits)  # before any arithmetic
        dft = expand_dft(e, limits)
    first_used = Array(A.name, "first", "wrapped") if len(e.a) > n else A
    second_used = Array(B.name, "second", "wrapped") if len(e.b) > n else B
    root, FA, FB, FC = dft_names(names, taken)
    arrays = {"first": A, "second": B, "output": C, "first_used": first_used, "second_used": second_used,
              "linear": Array(C.name, "linear", "linear"), "root": Array(root, "root"),
              "A": Array(FA, "transform"), "B": Array(FB, "transform"), "C": Array(FC, "transform")}
    steps: list = []
    if {"sum", "dft"} & set(views):  # the n-point sum and DFT read n points of each input
        for array, used, seq, values in ((A, first_used, e.a, e.first), (B, second_used, e.b, e.second)):
            if used is not array:
                sources = tuple(tuple(range(m, len(seq), n)) for m in range(n))
                steps.append(Wrapped(array, used, n, sources, values))
    for number, view in enumerate(views, 1):
        if len(views) > 1:
            steps.append(CircularView(view, number))
        steps.extend(view_steps(e, dft, view, arrays, options))
    if "wrap" not in views:
        steps.append(LinearCondition(n, len(e.a), len(e.b), A, B, C))
    if options.call:
        steps.append(call_circular(e, A, B, C))
    if report is not None:
        steps.append(CheckStep(report))
    facts = (("first", (len(e.a), 0)), ("second", (len(e.b), 0)), ("output", (n, 0)), ("n", n),
             ("linear", e.linear_length), ("aliased", e.aliased), ("views", views), ("values", e.values),
             ("inputs", (e.a.values, e.b.values)), ("wrapped", (len(e.a) > n, len(e.b) > n)),
             ("linear_values", e.linear))
    return Document("circular", tuple(steps), (A, B, C), e.decimal, Summary("circular", facts))
