"""Row-based formats (LaTeX, text, Typst): each step becomes aligned rows ``lhs = part = part``.

`RowPrinter` prints the steps shared by every finite derivation (the definition, the flip,
the outputs, the call, the check); `symconv.render.rows_grid` and
`symconv.render.rows_closed` add the steps of 2D and closed-form derivations. A format
supplies the hooks of `Printer` and ``layout(rows)``.
"""

from __future__ import annotations

from typing import NamedTuple

from ..steps import Array, Call, CheckStep, Definition, Document, Elided, Flip, Output, python_source
from .numbers import error_parts
from .printer import Printer

__all__ = ["Row", "RowPrinter"]


def _take(seq: list, start: int, step: int, count: int) -> list:
    """``[seq[start], seq[start + step], …]``, ``count`` items, as one slice."""
    stop = start + step * count
    return seq[start:stop if stop >= 0 else None:step]


class Row(NamedTuple):
    """One displayed line: ``lhs`` then ``(relation, chunks)`` parts; ``note`` trails the row.

    A part's chunks are the groups of terms a long line may wrap between. A row whose ``lhs``
    is empty continues the previous one (``= ...``) or, with relation ``""``, is a remark.
    """

    lhs: str
    parts: tuple
    note: str = ""


class RowPrinter(Printer):
    """Print a document as rows, then ``layout`` them."""

    def _print_Document(self, doc: Document) -> str:
        self._strips, self._names, self._shared = {}, {}, {}
        self._separators = (self.product_separator("index"), self.product_separator("value"))
        # each row becomes strings as soon as it is printed: 10^5 rows held as tuples and lists
        # would make Python's collector scan the whole heap again and again while they pile up
        encode = self.encode
        return self.join([encode(row) for step in doc.steps for row in self._print(step)])

    def layout(self, rows: list) -> str:
        """Rows laid out as the whole block (`encode()` each, then `join()`)."""
        return self.join([self.encode(row) for row in rows])

    def encode(self, row) -> tuple:
        """A row as ``(lhs, text)`` strings; `join()` lays them out."""
        raise NotImplementedError

    def join(self, encoded: list) -> str:
        """The block from `encode()`'s pairs."""
        raise NotImplementedError

    def _lhs(self, ref) -> str:
        """An output's ``name[index]``, the name printed once per array; a reference that many
        rows share (a layer's ``s[c]``) is printed once (`_shared`)."""
        shared = self._shared.get(id(ref))
        if shared is not None and shared[0] is ref:
            return shared[1]
        name = self._names.get(ref.array)
        if name is None:
            name = self._names[ref.array] = self.array_name(ref.array)
        return self.indexed(name, [str(i) for i in ref.index])

    # -- definition and flip ---------------------------------------------------------------
    def _print_Definition(self, step: Definition) -> list:
        n, m = (self._variable(v) for v in step.variables)
        C, A, B = (self.name(a) for a in (step.output, step.first, step.second))
        if step.kind == "convolve":
            body = self.product([self.indexed(A, [m]), self.indexed(B, [self._index_text(n, "-", m)])],
                                "definition")
            return [Row(self.indexed(C, [n]), (("=", [[f"{self.sum_over([m])} {body}"]]),))]
        flipped = self.array_name(Array(step.second.name, "second", "flipped"))
        right = self.indexed(B, ["m"])
        flip_source = self.indexed(B, ["-m"])
        if step.conjugate:
            right, flip_source = self.conjugated(right), self.conjugated(flip_source)
        first = f"{self.sum_over(['m'])} {self.product([self.indexed(A, ['m+k']), right], 'definition')}"
        second = (f"{self.sum_over(['m'])} "
                  f"{self.product([self.indexed(A, ['m']), self.indexed(flipped, ['k-m'])], 'definition')}")
        note = ("correlation is convolution with the flipped "
                f"{'conjugate ' if step.conjugate else ''}sequence")
        where = f"{self.words('where ')}{self.indexed(flipped, ['m'])} {self.relation('eq')} {flip_source}"
        return [Row(self.indexed(C, ["k"]), (("=", [[first]]), ("=", [[second]]))),
                Row("", (("", [[where]]),), self.text_note(note))]

    def _variable(self, v) -> str:
        return v if isinstance(v, str) else self.expr(v)

    def _index_text(self, n: str, op: str, m: str) -> str:
        return f"{n}{op}{m}" if len(n) == 1 and len(m) == 1 else f"{n} {op} {m}"

    def _print_Flip(self, step: Flip) -> list:
        B = self.name(step.second)
        idx = [self.dots() if e is None else self.indexed(B, [str(e[0])]) for e in step.entries]
        vals = [self.dots() if e is None else self.number(e[1]).text for e in step.entries]
        return [Row(self.indexed(B, ["-m"]), (("=", [[self.tuple_(idx)]]), ("=", [[self.tuple_(vals)]])),
                    self.range_note("m", step.lo, step.hi))]

    # -- outputs ---------------------------------------------------------------------------
    def _strip_texts(self, strip) -> tuple:
        """Index forms, factors and exactness of every sample of a strip, printed once."""
        key = id(strip)
        cached = self._strips.get(key)
        if cached is not None and cached[0] is strip:
            return cached[1]
        name = self.array_name(strip.array)
        conj = strip.conjugated
        idx, fac, exact = [], [], []
        paren = self.e_paren
        for index, value in zip(strip.indices, strip.values):
            text = self.indexed(name, [str(i) for i in index])
            idx.append(self.conjugated(text) if conj else text)
            printed = self.fmt(value)
            fac.append(printed.text if printed.atom else paren(printed.text))
            exact.append(printed.exact)
        texts = (idx, fac, exact, all(exact))
        self._strips[key] = (strip, texts)
        return texts

    def _print_Output(self, out: Output) -> list:
        l_idx, l_fac, l_exact, l_all = self._strip_texts(out.left)
        r_idx, r_fac, r_exact, r_all = self._strip_texts(out.right)
        ls, rs = out.left.step, out.right.step
        isep, vsep = self._separators
        if len(out.segments) == 1:  # slices and one zip: the 1D hot path (65k terms in 1024×64)
            l0, r0, count = out.segments[0]
            li, lf, ri, rf = (_take(seq, start, step, count) for seq, start, step in
                              ((l_idx, l0, ls), (l_fac, l0, ls), (r_idx, r0, rs), (r_fac, r0, rs)))
            index_terms = [f"{a}{isep}{b}" for a, b in zip(li, ri)]
            product_terms = [f"{a}{vsep}{b}" for a, b in zip(lf, rf)]
            exact = (l_all and r_all) or (all(_take(l_exact, l0, ls, count)) and all(_take(r_exact, r0, rs, count)))
        else:  # one slice per segment (2D: one per kernel row), the terms joined once
            li, lf, ri, rf = [], [], [], []
            known_exact, inexact = l_all and r_all, False
            for l0, r0, count in out.segments:
                l_end, r_end = l0 + ls * count, r0 + rs * count
                sl, sr = slice(l0, l_end if l_end >= 0 else None, ls), slice(r0, r_end if r_end >= 0 else None, rs)
                li += l_idx[sl]
                lf += l_fac[sl]
                ri += r_idx[sr]
                rf += r_fac[sr]
                if not known_exact and not (all(l_exact[sl]) and all(r_exact[sr])):
                    inexact = True  # some factor is rounded
            index_terms = [f"{a}{isep}{b}" for a, b in zip(li, ri)]
            product_terms = [f"{a}{vsep}{b}" for a, b in zip(lf, rf)]
            exact = not inexact
        value = self.fmt(out.value)
        lhs = self._lhs(out.lhs)
        if not index_terms:  # every product is an out-of-range zero
            return [Row(lhs, (("=", [[value.text]]),))]
        wrap, narrow = self.options.wrap, self.settings.get("narrow")
        if narrow:  # a narrow column: break by the width of the terms, never across a window's rows
            counts = [count for _, _, count in out.segments]
            index_chunks, product_chunks = self.fit_rows(index_terms, counts, narrow), \
                self.fit_rows(product_terms, counts, narrow)
        elif wrap and len(index_terms) > wrap:
            index_chunks, product_chunks = self.chunks(index_terms, wrap), self.chunks(product_terms, wrap)
        else:
            index_chunks, product_chunks = (tuple(index_terms),), (tuple(product_terms),)
        # tuples of strings: the collector stops tracking them, so that printing 10^5 outputs does not
        # make it scan the whole heap again and again (lists it would keep scanning)
        return [Row(lhs, (("=", index_chunks), ("=" if exact else "approx", product_chunks),
                          ("=" if exact and value.exact else "approx", ((value.text,),))))]

    def aligned_line(self, row, newline: str, indent: str) -> str:
        """One row of an alignment block (LaTeX's ``aligned``, Typst's ``$ $``): ``lhs &= part``,
        a wrapped sum continued on lines starting ``&`` + ``indent``."""
        lhs, parts, note = row
        narrow = self.settings.get("narrow")
        wrapped = any(len(chunks) > 1 for _, chunks in parts) or (narrow and self.shown_width(
            lhs + "".join(" = " + " + ".join(c for chunk in chunks for c in chunk) for _, chunks in parts))
            > narrow)
        pieces = []
        # a phone: a long left-hand side (y[2i + m, 2j + n]) gets a line of its own in the right
        # column, so that the left column stays as narrow as the short ones (y[0]) need
        alone = narrow and self.shown_width(lhs) > 7
        for k, (rel, chunks) in enumerate(parts):
            relation = self.relation(rel)
            first = " + ".join(chunks[0])
            if k == 0 and alone:
                pieces.append(f"& {lhs} {newline}&{relation} {first}" if relation else f"& {lhs} {newline}& {first}")
            elif k == 0:
                pieces.append(f"{lhs} &{relation} {first}" if relation else f"{lhs} & {first}")
            elif wrapped:
                pieces.append(f" {newline}&{relation} {first}")
            else:
                pieces.append(f" {relation} {first}")
            for chunk in chunks[1:]:
                pieces.append(f" {newline}&{indent} + " + " + ".join(chunk))
        return "".join(pieces).strip() + (f" {note}" if note else "")

    def fit(self, terms: list, width: int) -> list:
        """Terms in groups whose shown width (`shown_width()`) stays within ``width``
        characters, at least one term a group."""
        groups, current, used = [], [], 0
        for term in terms:
            w = self.shown_width(term) + 3
            if current and used + w > width:
                groups.append(current)
                current, used = [], 0
            current.append(term)
            used += w
        return groups + [current] if current else groups or [[]]

    def fit_rows(self, terms: list, counts: list, width: int) -> list:
        """`fit()` within each run of ``counts`` terms (a 2D window's rows): a line holds whole
        rows of the window when they fit, and a row is split only when it alone is too wide."""
        if len(counts) < 2:
            return self.fit(terms, width)
        groups, at = [], 0
        for count in counts:
            groups.extend(self.fit(terms[at:at + count], width))
            at += count
        return groups

    def shown_width(self, text: str) -> int:
        """About how many characters wide ``text`` shows (the format's markup left out)."""
        return len(text)

    @staticmethod
    def chunks(terms: list, wrap) -> list:
        if not wrap or len(terms) <= wrap:
            return [terms]
        return [terms[i:i + wrap] for i in range(0, len(terms), wrap)]

    def product_terms(self, lefts: list, rights: list, index: bool) -> list:
        """``left·right`` for each pair (index forms or printed factors)."""
        sep = self.product_separator("index" if index else "value")
        return [f"{a}{sep}{b}" for a, b in zip(lefts, rights)]

    def _print_Elided(self, step: Elided) -> list:
        hidden = f"{step.count} more output{'s' if step.count != 1 else ''}"
        return [Row("", (("", [[self.vdots()]]),), self.text_note(hidden))]

    # -- call and check --------------------------------------------------------------------
    def _print_Call(self, call: Call) -> list:
        note = ""
        if call.starts_at:
            note = self.text_note(f"indices from {call.starts_at}")
        elif call.layout:
            added = {1: "; the batch axis added, then removed",
                     2: "; the batch and channel axes added, then removed"}.get(len(call.index), "")
            note = self.text_note(("TensorFlow's layouts: channels last, the weight's kernel axes first, then its in "
                                   "and out channels; transposed in and back" if call.layout == "tensorflow" else
                                   "dimension_numbers tell JAX the arrays are in torch's layout") + added)
        elif call.index:
            note = self.text_note("the batch and channel axes added, then removed")
        source = python_source(call)
        narrow = self.settings.get("narrow")
        if narrow and len(source) > narrow:  # a phone: the call broken after its commas
            pieces = _break_code(source, narrow)
            rows = [Row(self.name(call.output), (("=", [[self.code(pieces[0])]]),))]
            rows += [Row("", (("", [[self.code(piece)]]),)) for piece in pieces[1:]]
            return rows[:-1] + [rows[-1]._replace(note=note)]
        return [Row(self.name(call.output), (("=", [[self.code(source)]]),), note)]

    def _print_CheckStep(self, step: CheckStep) -> list:
        report = step.report
        parts = error_parts(report.max_abs_error)
        error = "0" if parts is None else self.number_scientific(*parts)
        verdict = "checked against " if report.ok else "FAILED the check against "
        method = f" ({report.method})" if report.method else ""
        reference = self.code(report.reference) if report.code else self.words(report.reference)
        if report.substitutions and report.code:  # the values a reader needs to reproduce it
            method = (self.words(method) if method else "") + self.words(" at ") + ", ".join(
                f"{self._symbol(k)} {self.relation('eq')} {self.expr(v)}" for k, v in report.substitutions)
            return [Row("", (("", [[f"{self.words(verdict)}{reference}{method}{self.words(': max ')}"
                                    f"{self.e_abs(self.words('error'))} {self.relation('eq')} {error}"]]),))]
        text = (f"{self.words(verdict)}{reference}{self.words(method + ': max ')}"
                f"{self.e_abs(self.words('error'))} {self.relation('eq')} {error}")
        return [Row("", (("", [[text]]),))]



def _break_code(source: str, width: int) -> list:
    """Python source in pieces of about ``width`` characters: broken after the call's opening
    parenthesis and after commas between its arguments (never inside brackets or strings)."""
    pieces, current, brackets, quote = [], "", 0, ""
    for ch in source:
        current += ch
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            brackets += 1
        elif ch in "]}":
            brackets -= 1
        elif brackets == 0 and ((ch == "," and len(current) >= width // 3) or (ch == "(" and not pieces)):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    out = []
    for piece in (p.strip() for p in pieces):
        while len(piece) > width and "." in piece[:width]:  # a long dotted name: broken after a dot
            cut = piece.rindex(".", 0, width) + 1
            out.append(piece[:cut])
            piece = piece[cut:]
        out.append(piece)
    return out
