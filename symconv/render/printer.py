"""The base of every printer: dispatch on step classes, the options, numbers, and the hooks.

A printer turns a [`Document`][symconv.steps.Document] into one format. ``_print(obj)`` calls
``_print_<Class>`` for the first class of ``obj``'s MRO that has one (SymPy's printer protocol).
Everything that differs between formats is a *hook*; every hook is declared here (raising
`NotImplementedError`), so a new format is one module that implements them. The base holds
no format branches.
"""

from __future__ import annotations

from ..steps import Array, Document, Ref
from .expr import ExprPrinter
from .numbers import NumberFormat, resolve_style

__all__ = ["Printer", "HOOKS"]

#: The hooks a format implements, with what each returns.
HOOKS = {
    # numbers (see symconv.render.numbers)
    "number_fraction": "(p, q) -> (text of p/q for p, q > 0, whether it is an atom)",
    "number_scientific": "(mantissa, exponent) -> text",
    "number_imaginary": "(Printed coefficient or None) -> the imaginary number's text",
    # expressions (see symconv.render.expr)
    "e_symbol": "(base, subscript) -> a symbol's name",
    "e_constant": "('pi' | 'e' | 'oo') -> text",
    "e_sequence": "('u' | 'delta', index text) -> u[...] or δ[...]",
    "e_frac": "(numerator, denominator, numerator is compound, denominator is compound) -> text",
    "e_times": "(factor texts, kinds 'number'|'letter'|'other') -> a product",
    "e_power": "(base text, exponent text) -> text",
    "e_sqrt": "(text) -> text",
    "e_paren": "(text) -> text in parentheses",
    "e_function": "(name, argument text) -> text",
    "e_abs": "(text) -> |text|",
    "e_conjugate": "(text) -> the conjugate",
    "e_sum": "(variable, lower, upper, body) -> a sum with limits",
    "e_mod": "(a, b) -> a mod b",
    "e_cases": "([(value, condition)]) -> cases",
    # words and relations
    "words": "(text) -> prose inside math",
    "relation": "('eq'|'approx'|'le'|'ge'|'lt'|'gt'|'ne'|'in'|'implies') -> symbol",
    "separator": "() -> what separates two statements on one line",
    "code": "(text) -> program text",
    # arrays and indices
    "array_name": "(Array) -> the name with its mark (tilde, bar, subscript d)",
    "subscripted": "(name, label) -> name with a subscript label",
    "indexed": "(name text, [index texts]) -> name[i] or name[i, j]",
    "conjugated": "(text of a sample) -> its conjugate",
    "product_separator": "(kind 'definition'|'index'|'value') -> what stands between two factors",
    "sum_over": "(variable names) -> the summation sign",
    "tuple_": "(items) -> (a, b, c)",
    "matrix": "(rows of texts, marked (r, c) set, one_d) -> a matrix or a sequence",
    "floor_frac": "(numerator, denominator) -> floor of the fraction",
    "ceil_frac": "(numerator, denominator) -> ceiling of the fraction",
    "dots": "() -> horizontal ellipsis",
    "vdots": "() -> vertical ellipsis",
    "range_note": "(variable, first, last) -> a trailing 'for m = first, ..., last'",
    "text_note": "(text) -> a trailing note in words",
    "condition_note": "(condition text) -> a trailing 'for <condition>'",
    "layout": "(rows) -> the whole document",
}


class Printer(ExprPrinter):
    """Dispatch on the class and hold what every format shares; see `HOOKS`."""

    #: Settings that only this format takes, with defaults (options are steps.Options).
    _format_settings: dict = {}

    def __init__(self, options, **settings):
        unknown = sorted(set(settings) - set(self._format_settings))
        if unknown:
            from ..errors import InputError, brief

            raise InputError(f"unknown setting {brief(unknown[0])} for {type(self).__name__}")
        self.options = options
        self.settings = {**self._format_settings, **settings}
        self.fmt = None

    # -- dispatch -------------------------------------------------------------------------
    def doprint(self, doc: Document):
        self.document = doc
        self.fmt = NumberFormat(self, resolve_style(self.options.numbers, doc.decimal), self.options.digits)
        return self._print(doc)

    def _print(self, obj, *args):
        for cls in type(obj).__mro__:
            method = getattr(self, "_print_" + cls.__name__, None)
            if method is not None:
                return method(obj, *args)
        raise TypeError(f"{type(self).__name__} cannot print {type(obj).__name__}")

    # -- shared, built on the hooks ------------------------------------------------------
    def number(self, value):
        """The `Printed` form of an exact value."""
        return self.fmt(value)

    def ref(self, ref: Ref) -> str:
        """``name[index]`` of one sample, conjugated when it enters conjugated."""
        text = self.indexed(self.array_name(ref.array), [self._index_part(i) for i in ref.index])
        return self.conjugated(text) if ref.conjugated else text

    def _index_part(self, index) -> str:
        return str(index) if isinstance(index, int) else self.index(index)

    def name(self, array: Array) -> str:
        return self.array_name(array)

    def product(self, factors: list, kind: str = "value") -> str:
        """Factors joined as a product of this ``kind`` (see the hook ``product_separator``)."""
        return self.product_separator(kind).join(factors)


def _declare(name: str, what: str):
    def hook(self, *args):
        raise NotImplementedError(f"{type(self).__name__} must implement {name}: {what}")

    hook.__name__ = name
    hook.__doc__ = f"Hook: {what}"
    return hook


for _name, _what in HOOKS.items():
    setattr(Printer, _name, _declare(_name, _what))
