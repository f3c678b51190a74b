"""Rows of the other views of a 1D convolution (`symconv.steps.views`): the table without carries,
the product of the generating polynomials, the convolution matrix times a vector, each view's
values; and the sentence prose gives.

The table is the one step whose layout differs by format (a grid of aligned text, a LaTeX
``array``, a Typst ``mat``), so each format's mixin supplies ``_table_rows``; on a phone (LaTeX's
``narrow`` setting) the table becomes a list, each row of it a line, then each column's sum.
"""

from __future__ import annotations

from ..steps.views import GeneratingPolynomial, PolynomialProduct, ToeplitzMatrix, ViewValues
from ..steps import Array, python_source
from .expr import PREC_ADD, PREC_MUL, is_negative
from .rows import Row, _break_code
from .rows_views_table import TableViewRows

__all__ = ["ViewRows", "TextViewRows", "LatexViewRows", "TypstViewRows", "VIEW_SENTENCES"]

#: What each view does, in a sentence of prose (``{a}``, ``{b}``, ``{c}``: the arrays' names,
#: ``{k}`` the kernel as the view reads it, ``{n}`` the output's index variable).
VIEW_SENTENCES = {
    "table": "Here as a table, a multiplication without carries: {k} is written once, each row is one sample "
             "{a}[m] times {k} shifted m places to the right (true indices), and each column {n} adds up to "
             "{c}[{n}].",
    "polynomial": "Here as the product of two polynomials: with {P}(x) = Σₘ {a}[m]xᵐ and {Q}(x) = Σₘ {k}[m]xᵐ "
                  "(the generating functions; the z-transform is the same with x = z⁻¹), {c}[{n}] is the "
                  "coefficient of x{sup} in {P}(x)·{Q}(x).",
    "matrix": "Here as a matrix times a vector: {c} = T·{a}, where T is the convolution (Toeplitz) matrix of {k}, "
              "constant along each diagonal, and each {c}[{n}] is one row of T times {a}.",
}


class ViewRows(TableViewRows):
    """Mixin of `RowPrinter` for the steps of `symconv.steps.views`."""

    # -- helpers -----------------------------------------------------------------------------
    def _variable_of(self, kind: str) -> str:
        return "n" if kind == "convolve" else "k"

    def _shifted(self, var: str, m: int) -> str:
        """``n - m`` for a numeric ``m`` (``n``, ``n-1``, ``n+2``)."""
        return var if m == 0 else (f"{var}-{m}" if m > 0 else f"{var}+{-m}")

    def _range_text(self, var: str, lo: int, hi: int) -> str:
        return f"{var} = {lo}" if lo == hi else f"{var} = {lo}…{hi}"

    def _monomial(self, coefficient, power: int, variable: str) -> tuple:
        """``(text, negative)`` of ``coefficient·variable^power`` as a term of a sum: no ``1·x``,
        a sum or a non-atomic fraction in parentheses, negative powers as ``x⁻¹``."""
        if coefficient.is_Rational:  # the common case, printed through the number cache
            negative = coefficient.p < 0
            body = -coefficient if negative else coefficient
            printed = self.fmt(body)
            if power == 0:
                return printed.text, negative
            x = self._power_text(variable, power)
            if body == 1:
                return x, negative
            text = printed.text if printed.atom else self.e_paren(printed.text)
            return self.e_times([text, x], ["number", "letter"]), negative
        negative = is_negative(coefficient)
        body = -coefficient if negative else coefficient
        if power == 0:
            return self._paren_below(body, PREC_ADD + 1), negative
        x = self._power_text(variable, power)
        if body == 1:
            return x, negative
        text, prec = self._expr(body)
        if prec < PREC_MUL or (body.is_Rational and not body.is_Integer and not self.fmt.rational(body, False).atom):
            text = self.e_paren(text)
        return self.e_times([text, x], ["number" if body.is_Number else "other", "letter"]), negative

    def _power_text(self, variable: str, power: int) -> str:
        """``x``, ``x²``, ``x⁻¹``: printed once per power."""
        cache = self.__dict__.setdefault("_powers", {})
        key = (variable, power)
        if key not in cache:
            x = self.e_symbol(variable, "")
            cache[key] = x if power == 1 else self.e_power(x, str(power))
        return cache[key]

    def _term(self, value) -> tuple:
        """``(text, negative)`` of a value as a term of a sum."""
        if value.is_Rational:
            negative = value.p < 0
            return self.fmt(-value if negative else value).text, negative
        negative = is_negative(value)
        return self._paren_below(-value if negative else value, PREC_ADD + 1), negative

    @staticmethod
    def _signed(terms: list, first: bool = True) -> str:
        """Terms ``(text, negative)`` joined with their signs (``first``: the group opens the sum,
        so a leading plus is dropped)."""
        if not terms:
            return "0"
        parts = [("- " if negative else "+ ") + text for text, negative in terms]
        if first:
            text, negative = terms[0]
            parts[0] = ("-" if negative else "") + text
        return " ".join(parts)

    def _groups(self, terms: list, width: int | None, count: int | None) -> list:
        """Terms in groups of about ``width`` shown characters (or ``count`` terms); a group
        after the first starts with a positive term, so that its line can open with ``+``."""
        groups, current, used = [], [], 0
        for term in terms:
            w = self.shown_width(term[0]) + 3
            full = (width and used + w > width) or (count and len(current) >= count)
            if current and full and not term[1]:
                groups.append(current)
                current, used = [], 0
            current.append(term)
            used += w
        return groups + [current] if current else groups or [[]]

    def _sum_rows(self, lhs: str, relation: str, terms: list, prefix: str = "", suffix: str = "",
                  note: str = "", lead: tuple = ()) -> list:
        """``lhs lead relation prefix + terms + suffix`` (``lead``: parts before the sum): one row, or
        where it is too long, the sum broken between terms (a phone: continued lines of their own;
        ``wrap``: every K terms)."""
        narrow, wrap = self.settings.get("narrow"), self.options.wrap
        lead = tuple(lead)
        if narrow or (wrap and len(terms) > wrap):  # a group after the first opens with a positive term
            groups = self._groups(terms, max(narrow - self.shown_width(prefix) - 4, 8) if narrow else None,
                                  None if narrow else wrap)
            chunks = [[prefix + self._signed(groups[0])]] + [[self._signed(g)] for g in groups[1:]]
            chunks[-1][0] += suffix
            return [Row(lhs, lead + ((relation, chunks),), note)]
        return [Row(lhs, lead + ((relation, [[prefix + self._signed(terms) + suffix]]),), note)]

    @staticmethod
    def _continued(first: Row, texts: list, note: str) -> list:
        """``first``, then a row of its own for each continued line, the note on the last."""
        rows = [first] + [Row("", (("", [[t]]),)) for t in texts]
        return rows[:-1] + [rows[-1]._replace(note=note)]

    def _list_rows(self, lhs: str, relation: str, items: list, note: str = "", lead: tuple = ()) -> list:
        """``lhs lead relation (item, item, …)``; on a phone broken between items."""
        narrow, lead = self.settings.get("narrow"), tuple(lead)
        if not narrow or self.shown_width(", ".join(items)) + 8 <= narrow:
            return [Row(lhs, lead + ((relation, [[self.tuple_(items)]]),), note)]
        lines, current = [], []
        for item in items:
            if current and self.shown_width(", ".join(current + [item])) + 6 > narrow:
                lines.append(current)
                current = []
            current.append(item)
        lines.append(current)
        texts = [", ".join(line) + ("," if k < len(lines) - 1 else "") for k, line in enumerate(lines)]
        texts[0] = "(" + texts[0]  # one after the other: with one line, both go on it
        texts[-1] = texts[-1] + ")"
        return self._continued(Row(lhs, lead + ((relation, [[texts[0]]]),)), texts[1:], note)

    def _values(self, values) -> tuple:
        """The printed values and whether every one is exact."""
        printed = [self.fmt(v) for v in values]
        return [p.text for p in printed], all(p.exact for p in printed)

    # -- the table ---------------------------------------------------------------------------
    def _polynomial_name(self, array: Array, variable: str) -> str:
        return f"{self.name(array)}({self.e_symbol(variable, '')})"

    def _poly_terms(self, terms, variable: str) -> list:
        return [self._monomial(c, p, variable) for p, c in terms]

    def _print_GeneratingPolynomial(self, step: GeneratingPolynomial) -> list:
        x = self.e_symbol(step.variable, "")
        lhs = self._polynomial_name(step.name, step.variable)
        power = self.e_power(x, "m")
        parts = [f"{self.sum_over(['m'])} {self.indexed(self.name(step.array), ['m'])}{power}"]
        if step.reflected:
            source = self.indexed(self.name(step.source), ["m"])
            source = self.conjugated(source) if step.conjugate else source
            parts.append(f"{self.sum_over(['m'])} {source}{self.e_power(x, '-m')}")
        note = ""
        if step.array.role == "first":
            note = self.text_note(f"the generating function of {step.array.name}, a power of {step.variable} for each "
                                  f"index; the z-transform reads the same with {step.variable} = z⁻¹")
        return self._sum_rows(lhs, "=", self._poly_terms(step.terms, step.variable), note=note,
                              lead=tuple(("=", [[p]]) for p in parts))

    def _print_PolynomialProduct(self, step: PolynomialProduct) -> list:
        v = step.variable
        C, A, K = (self._polynomial_name(a, v) for a in (step.product, step.first, step.second))
        dot = self.product_separator("definition")
        first, second = (self._signed(self._poly_terms(t, v)) for t in (step.first_terms, step.second_terms))
        rows = []
        narrow = self.settings.get("narrow")
        if narrow and self.shown_width(f"{C} = {A}{dot}{K} = ({first})({second})") > narrow:
            rows.append(Row(C, (("=", [[f"{A}{dot}{K}"]]),)))
            rows += self._sum_rows("", "=", self._poly_terms(step.first_terms, v), "(", ")")
            rows += self._sum_rows("", "", self._poly_terms(step.second_terms, v), f"{self.product_separator('value').strip()} (", ")")
        else:
            rows.append(Row(C, (("=", [[f"{A}{dot}{K}"]]), ("=", [[f"{self.e_paren(first)}{self.e_paren(second)}"]]))))
        expanded = [self._monomial(value, power, v) for group in step.groups for power, value in group]
        second = step.second.name + ("̃" if step.second.mark == "flipped" else "")
        rows += self._sum_rows("", "=", expanded, note=self.text_note(
            f"each term of {step.first.name}({v}) times each term of {second}({v})"))
        if any(len(products) > 1 for _, products, _ in step.coefficients):
            collected = []
            for power, products, total in step.coefficients:
                if len(products) > 1:
                    inner = self._signed([self._term(p) for p in products])
                    x = self.e_symbol(v, "")
                    x = "" if power == 0 else (x if power == 1 else self.e_power(x, str(power)))
                    collected.append((self.e_times([self.e_paren(inner), x], ["other", "letter"]) if x
                                      else self.e_paren(inner), False))
                elif products:
                    collected.append(self._monomial(products[0], power, v))
            rows += self._sum_rows("", "=", collected, note=self.text_note(f"like powers of {v} collected"))
        final = [self._monomial(total, power, v) for power, _, total in step.coefficients if total != 0]
        exact = all(self.fmt(total).exact for _, _, total in step.coefficients)
        rows += self._sum_rows("", "=" if exact else "approx", final)
        return rows

    # -- the matrix --------------------------------------------------------------------------
    def _print_ToeplitzMatrix(self, step: ToeplitzMatrix) -> list:
        T, K, A = self.name(step.matrix), self.name(step.kernel), self.name(step.first)
        rows_count, cols = step.shape
        shift = step.shift
        inner = "r-j" if shift == 0 else (f"r-j+{shift}" if shift > 0 else f"r-j-{-shift}")
        out, first = step.out_start, step.first_start
        reads = (f"row r gives {step.output.name}[{self._shifted('r', -out)}], column j multiplies "
                 f"{step.first.name}[{self._shifted('j', -first)}]")
        source = python_source(step.call)
        sliced = (f"; the rows {step.sliced_from}…{step.sliced_from + rows_count - 1} of the full matrix: "
                  f"numpy.correlate's mode '{step.mode}' keeps other rows than scipy's"
                  if step.sliced_from is not None else "")
        kernel_name = step.kernel.name if step.kind == "convolve" else f"{step.kernel.name}̃"
        note = (f"the {rows_count}×{cols} convolution matrix of {kernel_name}"
                f", mode '{step.mode}': constant along each diagonal (Toeplitz); {reads}{sliced}")
        rows = [Row(self.indexed(T, ["r", "j"]), (("=", [[self.indexed(K, [inner])]]),), self.text_note(note))]
        narrow = self.settings.get("narrow")
        if narrow and len(source) > narrow:
            pieces = _break_code(source, narrow)
            rows.append(Row(T, (("=", [[self.code(pieces[0])]]),)))
            rows += [Row("", (("", [[self.code(piece)]]),)) for piece in pieces[1:]]
        else:
            rows.append(Row(T, (("=", [[self.code(source)]]),)))
        fmt = self.fmt
        column = self.matrix([[fmt(v).text] for v in step.first_values], frozenset(), False)
        if step.entries is not None:
            matrix = self.matrix([[fmt(v).text for v in row] for row in step.entries], step.zeros, False)
            product = self.product([T, A], "definition")
            rows.append(Row(self.name(step.output), (("=", [[product]]),
                                                     ("=", [[f"{matrix}{self.product_separator('definition')}{column}"]])),
                            self.text_note(f"the zeros off the band hold no sample of {kernel_name}") if step.zeros else ""))
        else:
            rows.append(Row(self.name(step.output), (("=", [[self.product([T, A], "definition")]]),),
                            self.text_note(f"T is {rows_count}×{cols}, too large to show entry by entry")))
        return rows

    # -- the values --------------------------------------------------------------------------
    def _print_ViewValues(self, step: ViewValues) -> list:
        var = "n" if self.document.kind == "convolve" else "k"
        texts, exact = self._values(step.values)
        hi = step.start + len(step.values) - 1
        kept = self._range_text(var, step.start, hi)
        if step.full is not None:
            kept += (f": mode '{step.mode}' keeps {len(step.values)} of the {len(step.full)} "
                     f"{'columns' if step.how == 'table' else 'coefficients' if step.how == 'polynomial' else 'rows'}")
        relation = "=" if exact else "approx"
        C = self.name(step.output)
        if step.how == "table":
            return self._list_rows(C, relation, texts, self.text_note(f"the column sums, {kept}"))
        if step.how == "polynomial":
            x = self.e_symbol(step.variable, "")
            coefficient = f"[{self.e_power(x, var)}]{self._polynomial_name(step.product, step.variable)}"
            power = {"n": "ⁿ", "k": "ᵏ"}[var]
            return ([Row(self.indexed(C, [var]), (("=", [[coefficient]]),),
                         self.text_note(f"the coefficient of {step.variable}{power}"))]
                    + self._list_rows(C, relation, texts, self.text_note(kept)))
        product = self.product([self.name(step.matrix), self.name(step.first)], "definition")
        return self._list_rows(C, relation, texts, self.text_note(f"each row of {step.matrix.name} times "
                                                                  f"{step.first.name}, {kept}"),
                               lead=(("=", [[product]]),))

    # -- prose -------------------------------------------------------------------------------
    def view_prose(self, s, A: str, B: str, C: str) -> list:
        """The sentences prose adds for a view other than the sum (``s``: the document's `Summary`)."""
        view = s.get("view")
        if view in (None, "sum"):
            return []
        n = "n" if s.kind == "convolve" else "k"
        kernel = B if s.kind == "convolve" else self.name(Array(B, "second", "flipped"))
        P, Q = (self.name(a) for a in s.get("polynomials", (Array("A", "first"), Array("B", "second"))))
        sentence = VIEW_SENTENCES[view].format(a=A, b=B, c=C, k=kernel, n=n, P=P, Q=Q, sup={"n": "ⁿ", "k": "ᵏ"}[n])
        if view == "polynomial" and s.get("variable") != "x":
            sentence = sentence.replace("x", s.get("variable"))
        if view == "matrix":
            name, shape, call, _ = s.get("matrix")
            sentence = sentence.replace("T", name) + (f" Here {name} = `{python_source(call)}`, "
                                                      f"{shape[0]}×{shape[1]}.")
        if s.kind == "correlate":
            sentence += (f" A correlation is the convolution of {A} with {self.indexed(kernel, ['m'])} = "
                         + (f"conj({B}[−m])." if s.get("conjugate") else f"{B}[−m]."))
        return [sentence]


class TextViewRows(ViewRows):
    """The table as aligned text: one line per row, columns right-aligned."""

    def _table_rows(self, lines: list) -> list:
        widths = [max(len(cells[c]) for _, cells in lines) for c in range(len(lines[0][1]))]
        out = []
        for k, (label, cells) in enumerate(lines):
            text = "  ".join(cell.rjust(w) for cell, w in zip(cells, widths)).rstrip()
            if k == len(lines) - 1:  # a rule above the sums, as under a long multiplication
                width = max(len(label) for label, _ in lines) + 2 + sum(widths) + 2 * (len(widths) - 1)
                out.append(Row("", (("", [["─" * width]]),)))
            out.append(Row(label, (("", [[text]]),)))
        return out


class LatexViewRows(ViewRows):
    """The table as a LaTeX ``array``: labels, a rule, the kernel, the rows, a rule, the sums."""

    def _table_rows(self, lines: list) -> list:
        spec = "r|" + "r" * len(lines[0][1])
        body = []
        for k, (label, cells) in enumerate(lines):
            rule = " \\hline" if k in (0, 1, len(lines) - 2) else ""
            body.append(" & ".join([label] + cells) + (" \\\\" + rule if k < len(lines) - 1 else ""))
        return [Row("", (("", [[f"\\begin{{array}}{{{spec}}}\n" + "\n".join(body) + "\n\\end{array}"]]),))]


class TypstViewRows(ViewRows):
    """The table as a Typst ``mat`` without delimiters, lines after the header, the kernel and
    before the sums."""

    def _table_rows(self, lines: list) -> list:
        count = len(lines)
        body = "; ".join(", ".join(cell if cell else '""' for cell in [label] + cells) for label, cells in lines)
        return [Row("", (("", [[f'mat(delim: #none, align: #right, augment: #(hline: (1, 2, {count - 1}), '
                                f'vline: 1), {body})']]),))]
