"""The shape of a 1D derivation, shared by every notation.

A :class:`Printer` turns an :class:`~symconv.model.Expansion1D` into rows (``lhs = part = part``)
and hands them to its notation subclass (LaTeX, text) to lay out. Settings are declared once in
``_default_settings``; unknown ones are refused.
"""

from __future__ import annotations

from ..errors import InputError
from ..model import Expansion1D, Sample, check_names
from ._layout2d import Layout2D, Row
from ._layout_cf import LayoutClosedForm
from ._numbers import NumberFormat, resolve_style

__all__ = ["Row", "Printer", "library_call"]


def library_call(expansion: Expansion1D, names: tuple[str, str, str]) -> str:
    """The NumPy call whose values the expansion equals, e.g. ``numpy.convolve(a, b, mode='full')``."""
    return f"numpy.{expansion.kind}({names[0]}, {names[1]}, mode='{expansion.mode}')"


class Printer(Layout2D, LayoutClosedForm):
    """Base printer: dispatches on the class (``_print_<Class>``) and owns the row structure."""

    #: Every accepted setting with its default.
    _default_settings = {
        "names": None,      # (a, b, c) names; default: the sequences' own names
        "numbers": "auto",  # "auto" | "fraction" | "decimal"
        "digits": 6,        # significant digits of rounded decimals
        "wrap": None,       # wrap a sum after this many terms
        "elide": None,      # keep this many outputs at each end, \vdots between
        "zeros": False,     # show the zero products of the whole window
        "flip": True,       # show the flipped sequence b[-m] (convolution)
        "definition": True,  # show the defining sum
        "call": True,       # end with the library call the result equals
        "check": None,      # a CheckReport to print as a footer
    }
    target = ""
    index_sep = ""  # between a[i] and b[j] in the index form
    value_sep = ""  # between two factors in the product form
    parens = ("(", ")")  # around a factor that needs them

    def __init__(self, settings: dict | None = None):
        settings = dict(settings or {})
        unknown = sorted(set(settings) - set(self._default_settings))
        if unknown:
            raise InputError(f"unknown option {unknown[0]!r}; options are "
                             f"{', '.join(sorted(self._default_settings))}")
        self._settings = {**self._default_settings, **settings}
        for key in ("wrap", "elide"):
            value = self._settings[key]
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise InputError(f"{key} must be a positive int or None, got {value!r}")

    def doprint(self, obj) -> str:
        for cls in type(obj).__mro__:
            method = getattr(self, "_print_" + cls.__name__, None)
            if method is not None:
                return method(obj)
        raise TypeError(f"{type(self).__name__} cannot print {type(obj).__name__}")

    # -- notation hooks (subclasses) ------------------------------------------------------
    def name(self, name: str) -> str:
        return name

    def index(self, name: str, index) -> str:
        return f"{name}[{index}]"

    def conj(self, text: str) -> str:
        raise NotImplementedError

    def layout(self, rows: list) -> str:
        raise NotImplementedError

    # -- shared structure -----------------------------------------------------------------
    def _names(self, expansion: Expansion1D) -> tuple[str, str, str]:
        names = self._settings["names"]
        return check_names(expansion.names if names is None else names)

    def relation(self, rel: str) -> str:
        raise NotImplementedError

    def dots(self) -> str:
        raise NotImplementedError

    def tuple_(self, items: list) -> str:
        raise NotImplementedError

    def flip_note(self, first: int, last: int) -> str:
        raise NotImplementedError

    def definition_rows(self, e: Expansion1D, A: str, B: str, C: str) -> list:
        raise NotImplementedError

    def code(self, text: str) -> str:
        raise NotImplementedError

    def check_row(self, report) -> Row:
        raise NotImplementedError

    # -- shared structure -----------------------------------------------------------------
    def _print_Expansion1D(self, e: Expansion1D) -> str:
        s = self._settings
        raw = self._names(e)
        A, B, C = (self.name(x) for x in raw)
        self._operand_names = (A, B)
        self.fmt = NumberFormat(self.target, resolve_style(s["numbers"], e.a.decimal or e.b.decimal),
                                s["digits"])
        rows: list = []
        if s["definition"]:
            rows.extend(self.definition_rows(e, A, B, C))
        if e.kind == "convolve" and s["flip"]:
            rows.append(self.flip_row(e, B))
        samples = list(e.samples)
        elide = s["elide"]
        if elide and len(samples) > 2 * elide + 1:
            samples = samples[:elide] + [None] + samples[-elide:]
        strips = self._strips(e, A, B)
        window = e.padded_window() if s["zeros"] else None
        for sample in samples:
            rows.append(Row("", (("", [[self.dots_vertical()]]),)) if sample is None
                        else self.sample_row(e, sample, C, strips, window))
        if s["call"]:
            rows.append(self.call_row(e, raw, C))
        if s["check"] is not None:
            rows.append(self.check_row(s["check"]))
        return self.layout(rows)

    def _strips(self, e: Expansion1D, A: str, B: str) -> dict:
        """Printed index forms and factors of both operands, by position, printed once."""
        fmt = self.fmt
        conj = e.kind == "correlate" and e.conjugate
        b_idx = [self.index(B, j) for j in e.b.indices]
        if conj:
            b_idx = [self.conj(x) for x in b_idx]
        a_val = [fmt(v) for v in e.a.values]
        b_val = [fmt(e.right_value(j)) for j in e.b.indices]
        left, right = self.parens
        strips = {
            "a_idx": [self.index(A, i) for i in e.a.indices], "b_idx": b_idx,
            "a_val": a_val, "b_val": b_val,
            "a_fac": [p.factor(left, right) for p in a_val],
            "b_fac": [p.factor(left, right) for p in b_val],
            "exact": all(p.exact for p in a_val + b_val),
            "zero": fmt(e.a[e.a.start - 1]),
        }
        if e.kind == "convolve":  # b[n - m] runs backwards as m increases
            for key in ("b_idx", "b_fac"):
                strips[key + "_rev"] = strips[key][::-1]
        return strips

    def sample_row(self, e: Expansion1D, sample: Sample, C: str, strips: dict, window) -> Row:
        n, sa, sb, nb = sample.n, e.a.start, e.b.start, len(e.b)
        isep, vsep = self.index_sep, self.value_sep
        if window is None:
            i0, i1 = (sample.lo - sa, sample.hi - sa + 1) if e.kind == "convolve" else \
                (sample.lo + n - sa, sample.hi + n - sa + 1)
            if e.kind == "convolve":
                r0 = nb - 1 - (n - sample.lo - sb)
                b_idx = strips["b_idx_rev"][r0:r0 + i1 - i0]
                b_fac = strips["b_fac_rev"][r0:r0 + i1 - i0]
            else:
                j0 = sample.lo - sb
                b_idx = strips["b_idx"][j0:j0 + i1 - i0]
                b_fac = strips["b_fac"][j0:j0 + i1 - i0]
            index_terms = [f"{x}{isep}{y}" for x, y in zip(strips["a_idx"][i0:i1], b_idx)]
            product_terms = [f"{x}{vsep}{y}" for x, y in zip(strips["a_fac"][i0:i1], b_fac)]
            exact = strips["exact"] or self._slice_exact(e, sample, strips)
        else:
            index_terms, product_terms, exact = self._window_terms(e, sample, strips, window)
        value = self.fmt(sample.value)
        wrap = self._settings["wrap"]
        parts = (("=", self.chunks(index_terms, wrap)),
                 ("=" if exact else "~", self.chunks(product_terms, wrap)),
                 ("=" if exact and value.exact else "~", [[value.text]]))
        return Row(self.index(C, n), parts)

    def _slice_exact(self, e: Expansion1D, sample: Sample, strips: dict) -> bool:
        """Whether every factor of this sample printed exactly (slow path, rounded styles only)."""
        return all(strips["a_val"][i - e.a.start].exact and strips["b_val"][j - e.b.start].exact
                   for i, j in (e.term_indices(sample, m) for m in range(sample.lo, sample.hi + 1)))

    def _window_terms(self, e: Expansion1D, sample: Sample, strips: dict, window: range):
        """Terms over the whole window, zero products included (the hand-derivation layout)."""
        sa, sb, na, nb, n = e.a.start, e.b.start, len(e.a), len(e.b), sample.n
        zero = strips["zero"]
        left, right = self.parens
        index_terms, product_terms, exact = [], [], True
        for m in window:
            i, j = (m - sa, n - m - sb) if e.kind == "convolve" else (m + n - sa, m - sb)
            li, lv = (strips["a_idx"][i], strips["a_val"][i]) if 0 <= i < na else \
                (self._outside(e, "a", i + sa), zero)
            ri, rv = (strips["b_idx"][j], strips["b_val"][j]) if 0 <= j < nb else \
                (self._outside(e, "b", j + sb), zero)
            index_terms.append(f"{li}{self.index_sep}{ri}")
            product_terms.append(f"{lv.factor(left, right)}{self.value_sep}{rv.factor(left, right)}")
            exact = exact and lv.exact and rv.exact
        return index_terms, product_terms, exact

    def _outside(self, e: Expansion1D, which: str, index: int) -> str:
        name = self._operand_names[0 if which == "a" else 1]
        text = self.index(name, index)
        if which == "b" and e.kind == "correlate" and e.conjugate:
            text = self.conj(text)
        return text

    @staticmethod
    def chunks(terms: list, wrap: int | None) -> list:
        if not wrap or len(terms) <= wrap:
            return [terms]
        return [terms[i:i + wrap] for i in range(0, len(terms), wrap)]

    def flip_row(self, e: Expansion1D, B: str) -> Row:
        b = e.b
        indices = list(reversed(b.indices))
        if len(indices) > 8:
            indices = indices[:3] + [None] + indices[-3:]
        idx = [self.dots() if i is None else self.index(B, i) for i in indices]
        vals = [self.dots() if i is None else self.fmt(b[i]).text for i in indices]
        return Row(self.index(B, "-m"), (("=", [[self.tuple_(idx)]]), ("=", [[self.tuple_(vals)]])),
                   self.flip_note(-(b.stop - 1), -b.start))

    def call_row(self, e: Expansion1D, raw: tuple, C: str) -> Row:
        call = library_call(e, raw)
        note = f"indices from {e.start}" if e.start != 0 else ""
        return Row(C, (("=", [[self.code(call)]]),), self.text_note(note) if note else "")

    def text_note(self, text: str) -> str:
        raise NotImplementedError

    def dots_vertical(self) -> str:
        raise NotImplementedError
