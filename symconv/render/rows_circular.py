"""Rows of the circular-convolution steps (`symconv.steps.circular`): the sum with its indices mod n,
the linear convolution folded onto n points, the DFT route with its roots of unity written as a
textbook writes them (radicals for multiples of π/4 and π/6, cos/sin otherwise, the real part
first); and the sentences prose gives."""

from __future__ import annotations

import sympy

from ..model import gaussian
from ..steps.circular import (CircularDefinition, CircularFlip, CircularView, DftDefinition, DftProduct,
                              LinearBlock, LinearCondition, LinearDefinition, RootOfUnity, RootSum, WrapDefinition,
                              WrapSum, Wrapped)
from .expr import PREC_ADD, PREC_MUL, is_negative
from .numbers import Printed
from .rows import Row

__all__ = ["CircularRows", "CIRCULAR_TITLES"]

#: Each view's title and what it does, in words (``{a}``, ``{b}``, ``{c}``: the arrays' names).
CIRCULAR_TITLES = {
    "sum": ("Sum", "each {c}[k] adds {a}[m]·{b}[(k - m) mod n]: {b} turned around a circle of n points"),
    "wrap": ("Wrap", "the linear convolution, its samples n apart added: its tail folds onto its head"),
    "dft": ("DFT", "the n-point DFTs of {a} and {b} multiplied, then the inverse DFT"),
}


def _angle(term) -> float:
    """Where a term of a shown DFT value goes: numbers and radicals first, then by the angle of
    its cosine or sine."""
    trig = [f for f in term.atoms(sympy.cos, sympy.sin)]
    if not trig:
        return -1.0 if term.is_Rational else -0.5
    return float(trig[0].args[0] / sympy.pi)


class CircularRows:
    """Mixin of `RowPrinter` for the steps of `symconv.steps.circular`."""

    # -- shared pieces ---------------------------------------------------------------------
    def _circular_chunked(self, terms: list) -> list:
        """Terms in the groups a long line breaks between (a phone's width, or the ``wrap`` option)."""
        narrow, wrap = self.settings.get("narrow"), self.options.wrap
        if narrow:
            return [tuple(chunk) for chunk in self.fit(terms, narrow)]
        if wrap and len(terms) > wrap:
            return [tuple(chunk) for chunk in self.chunks(terms, wrap)]
        return [tuple(terms)]

    def _circular_tuple_rows(self, lhs: str, items: list, note: str = "", relation: str = "=") -> list:
        """``lhs = (items)``; on a phone a tuple wider than the line is broken between items, its
        pieces on rows of their own (plain parentheses, which may open and close on two lines)."""
        narrow = self.settings.get("narrow")
        whole = self.tuple_(items)
        if not narrow or self.shown_width(whole) <= narrow or len(items) < 2:
            return [Row(lhs, ((relation, [[whole]]),), note)]
        groups = self.fit(items, narrow - 2)
        texts = [", ".join(g) + ("," if k < len(groups) - 1 else "") for k, g in enumerate(groups)]
        texts[0] = "(" + texts[0]  # one after the other: with one line, both go on it
        texts[-1] = texts[-1] + ")"
        rows = [Row(lhs, ((relation, [[texts[0]]]),))] + [Row("", (("", [[text]]),)) for text in texts[1:]]
        return rows[:-1] + [rows[-1]._replace(note=note)]

    def _circular_span_text(self, lo: int, hi: int) -> str:
        dots = self.dots()
        if lo == hi:
            return str(lo)
        return f"{lo} {dots} {hi}" if dots.isalpha() else f"{lo}{dots}{hi}"

    def _circular_mod(self, inner: str, n: int) -> str:
        return self.e_mod(self.e_paren(inner), str(n))

    def _circular_power(self, root: str, exponent) -> str:
        """``root^exponent`` (``root`` alone for 1)."""
        return root if str(exponent) == "1" else self.e_power(root, str(exponent))

    def _circular_ordered_sum(self, expr) -> tuple:
        """A real part or an imaginary coefficient as text, numbers first, then by angle, and
        whether it is a sum of several terms."""
        terms = sorted(sympy.Add.make_args(expr), key=_angle)
        out = ""
        for term in terms:
            negative = is_negative(term)
            text = self._paren_below(-term if negative else term, PREC_ADD + 1)
            out = (("-" if negative else "") + text) if not out else f"{out} {'-' if negative else '+'} {text}"
        return out, len(terms) > 1

    def _circular_cvalue(self, value) -> Printed:
        """An exact DFT value: the real part, then ± the imaginary part times the imaginary unit."""
        if value.is_Rational or gaussian(value) is not None:
            return self.fmt(value)
        real, imag = [], []
        for term in sympy.Add.make_args(value):
            if term.has(sympy.I):
                coefficient = term / sympy.I
                if coefficient.has(sympy.I):  # a complex coefficient: no real and imaginary part to split
                    return self.fmt(value)
                imag.append(coefficient)
            else:
                real.append(term)
        if not imag:
            return self.fmt(value)
        rounded = self.fmt.style == "decimal" and not value.free_symbols
        im = sympy.Add(*imag)
        negative = is_negative(im) if len(imag) == 1 else False
        im = -im if negative else im
        exact = True
        if rounded:
            printed = self.fmt(im)
            body, exact = printed.text, printed.exact
            unit = self.number_imaginary(None if im == 1 else Printed(body, True, printed.atom))
        elif im == 1:
            unit = self.number_imaginary(None)
        else:  # j·√3/2, j·sin(2π/7), j(1 + x): the unit first, as engineering texts write it
            body, compound = self._circular_ordered_sum(im)
            coefficient, rest = im.as_coeff_Mul()
            if not compound and coefficient.is_Integer and coefficient != 1 and rest != 1:  # 2j·√3, 2i√3
                unit = self.e_times([self.expr(coefficient), self.number_imaginary(None),
                                     self._paren_below(rest, PREC_MUL)], ["number", "letter", "other"])
            else:
                unit = self.e_times([self.number_imaginary(None), self.e_paren(body) if compound else body],
                                    ["letter", "other"])
        if not real:
            return Printed(("-" if negative else "") + unit, exact, not negative and im == 1)
        re = sympy.Add(*real)
        if rounded:
            printed = self.fmt(re)
            text, exact = printed.text, exact and printed.exact
        else:
            text, _ = self._circular_ordered_sum(re)
        return Printed(f"{text} {'-' if negative else '+'} {unit}", exact, False)

    def _circular_scale(self, n: int) -> str:
        """``1/n`` of the inverse DFT, a fraction whatever the number style (it is no measured value)."""
        text, atom = self.number_fraction(1, n)
        return text if atom else self.e_paren(text)

    def _circular_factor(self, printed: Printed) -> str:
        return printed.text if printed.atom else self.e_paren(printed.text)

    # -- the sum view ----------------------------------------------------------------------
    def _print_CircularDefinition(self, step: CircularDefinition) -> list:
        C, A, B = (self.name(a) for a in (step.output, step.first, step.second))
        wrapped = self._circular_mod("k - m", step.n)
        body = self.product([self.indexed(A, ["m"]), self.indexed(B, [wrapped])], "definition")
        note = f"k = 0…{step.n - 1}" if step.n > 1 else "k = 0"
        if step.padded:
            names = " and ".join(a.name + ("_w" if a.mark == "wrapped" else "") for a in step.padded)
            note += f"; {names} zero-padded to n = {step.n} points"
        return [Row(self.indexed(C, ["k"]), (("=", [[self.e_sum("m", "0", str(step.n - 1), body)]]),),
                    self.text_note(note))]

    def _print_Wrapped(self, step: Wrapped) -> list:
        A, W = self.name(step.array), self.name(step.folded)
        general = f"{self.sum_over(['r'])} {self.indexed(A, [self._circular_affine('m', step.n, 'r')])}"
        note = f"{step.array.name} wrapped onto n = {step.n} points: its samples n apart add up"
        rows = [Row(self.indexed(W, ["m"]), (("=", [[general]]),), self.text_note(note))]
        for m, (sources, value) in enumerate(zip(step.sources, step.values)):
            if len(sources) > 1:
                terms = [self.indexed(A, [str(i)]) for i in sources]
                rows.append(Row(self.indexed(W, [str(m)]), (("=", self._circular_chunked(terms)),
                                                            ("=", [[self.fmt(value).text]]))))
        rows.extend(self._circular_tuple_rows(W, [self.fmt(v).text for v in step.values]))
        return rows

    def _circular_affine(self, var: str, n: int, r: str) -> str:
        return f"{var} + {n}{r}" if n != 1 else f"{var} + {r}"

    def _print_CircularFlip(self, step: CircularFlip) -> list:
        B = self.name(step.second)
        refs = [self.dots() if e is None else self.indexed(B, [str(e[0])]) for e in step.entries]
        values = [self.dots() if e is None else self.fmt(e[1]).text for e in step.entries]
        note = self.range_note("m", 0, step.n - 1)
        lhs = self.indexed(B, [self._circular_mod("-m", step.n)])
        return self._circular_tuple_rows(lhs, refs) + self._circular_tuple_rows("", values, note)

    # -- the statement of when circular equals linear ------------------------------------------
    def _print_LinearCondition(self, step: LinearCondition) -> list:
        L, a, b, c = step.linear_length, step.first.name, step.second.name, step.output.name
        lengths = f"N, M = {step.first_length}, {step.second_length}: the lengths of {a} and {b}"
        if step.aliased:
            last = "sample" if step.aliased == 1 else f"{step.aliased} samples"
            reach = min(step.aliased, step.n)
            onto = f"{c}[0]" if reach == 1 else f"{c}[0…{reach - 1}]"
            note = (f"{lengths}; {c} is not their linear convolution: its last {last} wrap"
                    f"{'s' if step.aliased == 1 else ''} onto {onto} (time-domain aliasing); "
                    f"n ≥ {L} points (zero padding) make them equal")
            relation = "lt"
        elif step.n == L:
            note = (f"{lengths}; nothing wraps: {c} is their linear convolution, and n = N + M - 1 is the least "
                    "padding that does it")
            relation = "ge"
        else:
            zeros = step.n - L
            note = (f"{lengths}; nothing wraps: {c} is their linear convolution, then "
                    f"{zeros} zero{'s' if zeros != 1 else ''}")
            relation = "ge"
        return [Row("n", (("=", [[str(step.n)]]), (relation, [["N + M - 1"]]), ("=", [[str(L)]])),
                    self.text_note(note))]

    def _print_CircularView(self, step: CircularView) -> list:
        a, b, c = (arr.name for arr in self.document.arrays[:3])
        name, what = CIRCULAR_TITLES[step.name]
        return [Row("", (("", [[self.words(f"{step.number}. {name}")]]),), self.text_note(what.format(a=a, b=b, c=c)))]

    # -- the wrap view ---------------------------------------------------------------------
    def _print_LinearDefinition(self, step: LinearDefinition) -> list:
        L, A, B = (self.name(a) for a in (step.linear, step.first, step.second))
        body = self.product([self.indexed(A, ["m"]), self.indexed(B, ["j-m"])], "definition")
        span = f"j = 0…{step.length - 1}" if step.length > 1 else "j = 0"
        note = f"the linear convolution of {step.first.name} and {step.second.name}: {span}"
        return [Row(self.indexed(L, ["j"]), (("=", [[f"{self.sum_over(['m'])} {body}"]]),), self.text_note(note))]

    def _print_LinearBlock(self, step: LinearBlock) -> list:
        L = self.name(step.linear)
        lhs = self.indexed(L, [self._circular_span_text(step.start, step.start + len(step.values) - 1)])
        note = ""
        if step.onto is not None:
            onto = f"{step.output.name}[{step.onto[0]}]" if step.onto[0] == step.onto[1] else \
                f"{step.output.name}[{step.onto[0]}…{step.onto[1]}]"
            note = self.text_note(f"wraps onto {onto}")
        if len(step.values) == 1:
            return [Row(lhs, (("=", [[self.fmt(step.values[0]).text]]),), note)]
        return self._circular_tuple_rows(lhs, [self.fmt(v).text for v in step.values], note)

    def _print_WrapDefinition(self, step: WrapDefinition) -> list:
        C, L = self.name(step.output), self.name(step.linear)
        body = f"{self.sum_over(['r'])} {self.indexed(L, [self._circular_affine('k', step.n, 'r')])}"
        note = f"the samples of the linear convolution n = {step.n} apart add up; r = 0, 1, …"
        return [Row(self.indexed(C, ["k"]), (("=", [[body]]),), self.text_note(note))]

    def _print_WrapSum(self, step: WrapSum) -> list:
        lhs = self._lhs(step.lhs)
        value = self.fmt(step.value)
        if not step.indices:
            return [Row(lhs, (("=", [[value.text]]),),
                        self.text_note("no sample of the linear convolution lands here"))]
        L = self.name(step.linear)
        refs = [self.indexed(L, [str(j)]) for j in step.indices]
        if len(refs) == 1:
            return [Row(lhs, (("=", [[refs[0]]]), ("=" if value.exact else "approx", [[value.text]])))]
        parts = [self.fmt(v) for v in step.values]
        exact = all(p.exact for p in parts)
        return [Row(lhs, (("=", self._circular_chunked(refs)),
                          ("=" if exact else "approx",
                           self._circular_chunked([self._circular_factor(p) for p in parts])),
                          ("=" if exact and value.exact else "approx", [[value.text]])))]

    # -- the DFT view ----------------------------------------------------------------------
    def _print_RootOfUnity(self, step: RootOfUnity) -> list:
        W = self.name(step.root)
        i = self.number_imaginary(None)
        pi = self.e_constant("pi")
        exponent = "-" + self.e_frac(self.e_times(["2", pi, i], ["number", "letter", "letter"]), str(step.n), True,
                                     False)
        definition = self.e_power(self.e_constant("e"), exponent)
        value = self._circular_cvalue(step.powers[1 % step.n])
        note = (f"{step.root.name if step.root.name != 'omega' else 'ω'}ⁿ = 1 for n = {step.n}: "
                "exponents are taken mod n")
        rows = [Row(W, (("=", [[definition]]), ("=" if value.exact else "approx", [[value.text]])),
                    self.text_note(note))]
        for p in range(2, step.n):
            power = self._circular_cvalue(step.powers[p])
            rows.append(Row(self._circular_power(W, p), (("=" if power.exact else "approx", [[power.text]]),)))
        return rows

    def _print_DftDefinition(self, step: DftDefinition) -> list:
        W, T = self.name(step.root), self.name(step.target)
        n = step.n
        if step.kind == "forward":
            S = self.name(step.sources[0])
            body = self.product([self.indexed(S, ["m"]), self.e_power(W, "r m")], "definition")
            note = f"the {n}-point DFT of {step.sources[0].name}"
            if step.padded:
                note += ", zero-padded"
            return [Row(self.indexed(T, ["r"]), (("=", [[self.e_sum("m", "0", str(n - 1), body)]]),),
                        self.text_note(note + f"; r = 0…{n - 1}" if n > 1 else note))]
        if step.kind == "product":
            FA, FB = (self.name(a) for a in step.sources)
            body = self.product([self.indexed(FA, ["r"]), self.indexed(FB, ["r"])], "definition")
            return [Row(self.indexed(T, ["r"]), (("=", [[body]]),),
                        self.text_note(f"the DFT of {step.target.name[:1].lower() + step.target.name[1:]}: circular "
                                       "convolution multiplies the DFTs"
                                       if step.target.name[:1].isupper() else
                                       "the DFT of the output: circular convolution multiplies the DFTs"))]
        FC = self.name(step.sources[0])
        body = self.product([self.indexed(FC, ["r"]), self.e_power(W, "-r k")], "definition")
        scale = self._circular_scale(n) + " " if n > 1 else ""
        return [Row(self.indexed(T, ["k"]), (("=", [[f"{scale}{self.e_sum('r', '0', str(n - 1), body)}"]]),),
                    self.text_note(f"the inverse DFT; k = 0…{n - 1}" if n > 1 else "the inverse DFT"))]

    def _print_RootSum(self, step: RootSum) -> list:
        S, W = self.name(step.source), self.name(step.root)
        isep, vsep = self.product_separator("index"), self.product_separator("value")
        refs, values, exact = [], [], True
        for i, p in step.terms:
            ref = self.indexed(S, [str(i)])
            value = self._circular_cvalue(step.values[i])
            exact = exact and value.exact
            if p == 0:  # a leading negative real needs no parentheses; a complex value always does
                pair = gaussian(step.values[i])
                plain = value.atom or (not values and value.text.startswith("-") and pair is not None and pair[1] == 0)
                refs.append(ref)
                values.append(value.text if plain else self.e_paren(value.text))
            else:
                power = self._circular_cvalue(step.powers[p])
                exact = exact and power.exact
                refs.append(f"{ref}{isep}{self._circular_power(W, p)}")
                values.append(f"{self._circular_factor(value)}{vsep}{self._circular_factor(power)}")
        result = self._circular_cvalue(step.value) if step.scale == 1 else self.fmt(step.value)
        if len(step.terms) == 1 and step.terms[0][1] == 0 and step.scale == 1:  # A[0] = a[0] = 3, once
            return [Row(self._lhs(step.lhs), (("=", [[refs[0]]]),
                                              ("=" if result.exact else "approx", [[result.text]])))]
        if step.scale != 1:
            scale = self._circular_scale(step.scale.q)
            refs[0] = f"{scale}({refs[0]}"  # one after the other: a single term gets both
            refs[-1] = f"{refs[-1]})"
            values[0] = f"{scale}({values[0]}"
            values[-1] = f"{values[-1]})"
        relation = "=" if exact else "approx"
        return [Row(self._lhs(step.lhs), (("=", self._circular_chunked(refs)),
                                          (relation, self._circular_chunked(values)),
                                          ("=" if exact and result.exact else "approx", [[result.text]])))]

    def _print_DftProduct(self, step: DftProduct) -> list:
        left, right = self._circular_cvalue(step.left_value), self._circular_cvalue(step.right_value)
        value = self._circular_cvalue(step.value)
        exact = left.exact and right.exact
        product = self.product([self._circular_factor(left), self._circular_factor(right)], "value")
        return [Row(self._lhs(step.lhs), (("=", [[self.product([self.ref(step.left), self.ref(step.right)], "index")]]),
                                          ("=" if exact else "approx", self._circular_chunked([product])),
                                          ("=" if exact and value.exact else "approx", [[value.text]])))]

    # -- prose -----------------------------------------------------------------------------
    def circular_prose(self, s, A: str, B: str, C: str) -> list:
        """The sentences prose gives for a circular convolution (``s``: the document's `Summary`)."""
        (N, _), (M, _), n = s.get("first"), s.get("second"), s.get("n")
        L, aliased = s.get("linear"), s.get("aliased")
        lines = [f"Circular convolution of {A} ({N} sample{'s' if N != 1 else ''}) and {B} ({M} "
                 f"sample{'s' if M != 1 else ''}) over n = {n} points: {C} has {n} sample{'s' if n != 1 else ''} "
                 f"at {'index 0' if n == 1 else f'indices 0…{n - 1}'}."]
        folded = [name for name, wraps in zip((A, B), s.get("wrapped")) if wraps]
        if folded:
            lines.append(f"{' and '.join(folded)} {'is' if len(folded) == 1 else 'are'} longer than n, so "
                         f"{'it is' if len(folded) == 1 else 'they are'} first wrapped onto n points (samples n "
                         "apart added), as an n-point DFT sees them.")
        ways = {"sum": f"as sums of {self.indexed(A, ['m'])}·{self.indexed(B, ['(k − m) mod n'])}, {B} turned "
                       "around a circle of n points",
                "wrap": f"as the linear convolution {A} ∗ {B} ({L} samples) with its samples n apart added",
                "dft": f"through the n-point DFTs: {A} and {B} transformed, multiplied, transformed back"}
        views = s.get("views")
        if len(views) > 1:
            lines.append(f"It is derived {len(views)} ways, which give the same exact values: "
                         + "; ".join(ways[v] for v in views) + ".")
        else:
            lines.append(f"It is derived {ways[views[0]]}.")
        if aliased:
            lines.append(f"Since n < N + M − 1 = {L}, the last {aliased} sample{'s' if aliased != 1 else ''} of the "
                         f"linear convolution wrap{'s' if aliased == 1 else ''} onto the first (time-domain "
                         f"aliasing); zero-padding both to n ≥ {L} points gives the linear result.")
        else:
            lines.append(f"Since n ≥ N + M − 1 = {L}, nothing wraps: {C} is the linear convolution"
                         + (", zero-padded." if n > L else "."))
        return lines
