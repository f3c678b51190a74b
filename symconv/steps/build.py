"""One entry point from an expansion to its [`Document`][symconv.steps.Document]."""

from __future__ import annotations

from ..errors import InputError, brief
from ..model import ClosedForm, Expansion1D, Expansion2D, LayerExpansion, check_names
from .finite import build_1d
from .grid import build_2d
from ..model.transposed import TransposedExpansion
from ..model.blocks import BlockExpansion

__all__ = ["build", "kind_of"]


def kind_of(expansion) -> str:
    """The operation of an expansion, one of `KINDS`."""
    return "closed" if isinstance(expansion, ClosedForm) else expansion.kind


def _symbols(expansion) -> set:
    if isinstance(expansion, Expansion1D):
        values = expansion.a.values + expansion.b.values
    elif isinstance(expansion, Expansion2D):
        values = expansion.x.values + expansion.k.values
    elif isinstance(expansion, LayerExpansion):
        values = tuple(v for p in expansion.planes for v in p.x.values + p.k.values) + (expansion.bias or ())
    elif isinstance(expansion, TransposedExpansion):
        values = tuple(v for p in expansion.planes for v in p.x.values + p.w.values) + (expansion.bias or ())
    elif getattr(expansion, "kind", None) == "circular":
        values = expansion.a.values + expansion.b.values
    else:
        return {s.name for s in expansion.x.expr.free_symbols | expansion.h.expr.free_symbols}
    return {s.name for v in values for s in v.free_symbols}


def build(expansion, options, report=None, limits=None):
    """The document of ``expansion`` under ``options`` (a `Options`),
    ending with the check ``report`` if given.

    A name that is also a symbol of the inputs (a sequence ``b`` with an entry ``b``) would make
    the derivation ambiguous, so it is refused.
    """
    from ..limits import DEFAULT_LIMITS

    limits = limits or DEFAULT_LIMITS
    names = check_names(options.names if options.names is not None else expansion.names)
    if isinstance(expansion, ClosedForm):
        taken = {"u", "delta", expansion.n.name, expansion.m.name} & set(names)
        if taken:
            raise InputError(f"the name {brief(sorted(taken)[0])} is taken by the notation of formulas "
                             f"(u[n], delta[n], the index n and the summation index "
                             f"{expansion.m.name}); choose other names, e.g. names='x,h,y'")
    clash = sorted(set(names) & _symbols(expansion))
    if clash:
        raise InputError(f"the name {brief(clash[0])} is both a sequence and a symbol in its "
                         f"entries; choose other names, e.g. names='x,h,y'")
    if isinstance(expansion, BlockExpansion):  # overlap-add, overlap-save
        from .blocks import build_blocks

        return build_blocks(expansion, names, options, report, limits)
    if isinstance(expansion, Expansion1D):
        if options.view not in (None, "sum"):  # the table, the polynomial, the matrix
            from .views import build_view

            return build_view(expansion, names, options, report, limits, _symbols(expansion))
        return build_1d(expansion, names, options, report, limits)
    if isinstance(expansion, Expansion2D):
        return build_2d(expansion, names, options, report, limits)
    if isinstance(expansion, LayerExpansion):
        from .layer import build_layer

        taken = set(names) | _symbols(expansion)
        bias, partial = (next(n for n in choices if n not in taken) for choices in
                         ((expansion.bias_name, "b", "beta", "bias"), (expansion.partial, "t", "u", "v", "part")))
        return build_layer(expansion, names, options, report, bias, partial)
    if isinstance(expansion, TransposedExpansion):
        from .transposed_build import build_transposed

        return build_transposed(expansion, names, options, report, limits, _symbols(expansion) | set(names))
    if getattr(expansion, "kind", None) == "circular":
        from .circular_build import build_circular

        return build_circular(expansion, names, options, report, limits, _symbols(expansion))
    if getattr(expansion, "operation", None) == "correlate":  # a closed form in the lag k
        from .closed_correlation import build_closed_correlation

        return build_closed_correlation(expansion, names, options, report)
    from .closed import build_closed

    return build_closed(expansion, names, options, report)
