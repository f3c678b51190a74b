"""Rows of a convolution derived block by block (`symconv.steps.blocks`): the plan, each block's
samples, what is discarded and where the rest lands, each output assembled from the blocks, the
values; and the sentences prose gives. One mixin serves LaTeX, text and Typst (only hooks differ);
on a phone (LaTeX's ``narrow`` setting) long tuples break between items.
"""

from __future__ import annotations

from ..steps.blocks import Block, BlockPlan, BlockResult, BlockSum, BlockValues, Discard, ElidedBlocks
from .rows import Row

__all__ = ["BlockRows", "METHOD_SENTENCES"]

#: What each method does, in prose (``{a}``, ``{b}``, ``{c}``: the names; ``{L}``, ``{M}``,
#: ``{P}``: the block length, the length of ``b``, overlap-save's block size; ``{K}``: blocks).
METHOD_SENTENCES = {
    "overlap-add": "Here by overlap-add: {a} is cut into {K} block{s} of L = {L} samples, each block is "
                   "convolved with {b} (a short convolution of its own, L + M − 1 = {P2} samples), each result "
                   "is shifted to where its block started, and where neighbouring results overlap (the last "
                   "M − 1 = {M1} samples of one and the first of the next) they are added.",
    "overlap-save": "Here by overlap-save: {a} is read in {K} block{s} of L + M − 1 = {P} samples that overlap by "
                    "M − 1 = {M1} (the first preceded by {M1} zero{z}), each block is convolved circularly with {b} "
                    "padded with zeros to {P} samples, and the first M − 1 = {M1} outputs of each block are "
                    "discarded: their sums wrap around the end of the block (time-domain aliasing). The other "
                    "L = {L} are samples of the linear convolution and are kept in place.",
}


class BlockRows:
    """Mixin of `RowPrinter` for the steps of `symconv.steps.blocks`."""

    # -- helpers -----------------------------------------------------------------------------
    def _block_span_text(self, lo: int, hi: int) -> str:
        dots = self.dots()
        space = " " if dots[-1:].isalpha() else ""  # LaTeX's \dots, Typst's dots: words, spaced
        return str(lo) if lo == hi else f"{lo}{space}{dots}{space}{hi}"

    @staticmethod
    def _block_affine(terms: list, constant: int) -> str:
        """``i + 2k - 1``: ``terms`` added (a term written ``-2k`` subtracted), then the constant."""
        text = terms[0]
        for term in terms[1:]:
            text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
        if constant:
            text = f"{text} + {constant}" if constant > 0 else f"{text} - {-constant}"
        return text

    @staticmethod
    def _block_times_k(count: int, var: str = "k") -> str:
        return var if count == 1 else f"{count}{var}"

    def _block_tuple_rows(self, lhs: str, parts: tuple, items: list, note: str = "") -> list:
        """``lhs parts = (item, item, …)``; on a phone broken between items, each line its own row."""
        narrow = self.settings.get("narrow")
        whole = self.tuple_(items)
        if not narrow or self.shown_width(whole) + self.shown_width(lhs) + 6 <= narrow:
            return [Row(lhs, tuple(parts) + (("=", [[whole]]),), note)]
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
        rows = [Row(lhs, tuple(parts) + (("=", [[texts[0]]]),))] + [Row("", (("", [[t]]),)) for t in texts[1:]]
        return rows[:-1] + [rows[-1]._replace(note=note)]

    def _block_value_texts(self, values) -> tuple:
        printed = [self.fmt(v) for v in values]
        return [p.text for p in printed], all(p.exact for p in printed)

    # -- the plan ----------------------------------------------------------------------------
    def _print_BlockPlan(self, step: BlockPlan) -> list:
        A, B, C, X, Y = (self.name(a) for a in (step.first, step.second, step.output, step.piece, step.result))
        L, M, P = step.block, step.kernel, step.size
        blocks = f"k = 0…{step.count - 1}" if step.count > 1 else "k = 0"
        body = self.product([self.indexed(X, ["i"]), self.indexed(B, ["j-i"])], "definition")
        if step.method == "overlap-add":
            piece = Row(self.indexed(X, ["i"]), (("=", [[self.indexed(A, [self._block_affine(
                ["i", self._block_times_k(L)], step.first_start)])]]),),
                self.text_note(f"block {blocks}: {L} sample{'s' if L != 1 else ''} of {step.first.name} each"
                               + (f", the last {step.last}" if step.last != L else "")))
            conv = Row(self.indexed(Y, ["j"]), (("=", [[f"{self.sum_over(['i'])} {body}"]]),),
                       self.text_note(f"each block convolved with {step.second.name}"))
            lands = Row(self.indexed(C, ["n"]), (("=", [[f"{self.sum_over(['k'])} " + self.indexed(
                Y, [self._block_affine(["n", "-" + self._block_times_k(L)], -step.first_start)])]]),),
                self.text_note("each result lands where its block started; overlapping tails add"))
            return [piece, conv, lands]
        shift = step.first_start - (M - 1)
        piece = Row(self.indexed(X, ["i"]), (("=", [[self.indexed(A, [self._block_affine(["i", self._block_times_k(L)], shift)])]]),),
                    self.text_note(f"block {blocks}: L + M − 1 = {P} samples, overlapping by M − 1 = {M - 1}; "
                                   f"0 outside {step.first.name}"))
        wrapped = self.e_mod(self.e_paren("j-i"), str(P))
        index = wrapped if not step.second_start else self._block_affine([wrapped], step.second_start)
        body = self.product([self.indexed(X, ["i"]), self.indexed(B, [index])], "definition")
        conv = Row(self.indexed(Y, ["j"]), (("=", [[f"{self.sum_over(['i'])} {body}"]]),),
                   self.text_note(f"circular, {step.second.name} padded with zeros to {P} samples"))
        offset = shift + step.second_start
        kept = f"{M - 1}…{P - 1}" if P - 1 > M - 1 else str(M - 1)
        lands = Row(self.indexed(C, ["n"]), (("=", [[self.indexed(Y, [self._block_affine(
            ["n", "-" + self._block_times_k(L)], -offset)])]]),),
            self.text_note(f"each block keeps j = {kept}; its first M − 1 = {M - 1} "
                           f"outputs wrap around and are discarded") if M > 1 else
            self.text_note("every output kept: with one sample in b nothing wraps"))
        return [piece, conv, lands]

    # -- one block ---------------------------------------------------------------------------
    def _print_Block(self, step: Block) -> list:
        X, A = self.name(step.piece), self.name(step.first)
        refs = [self.dots() if e is None else (self.indexed(A, [str(e[0])]) if e[0] is not None else "0")
                for e in step.entries]
        values = [self.dots() if e is None else self.fmt(e[1]).text for e in step.entries]
        notes = []
        if step.zeros_before:
            notes.append(f"{step.zeros_before} zero{'s' if step.zeros_before != 1 else ''} before "
                         f"{step.first.name}")
        if step.zeros_after:
            notes.append(f"{step.zeros_after} zero{'s' if step.zeros_after != 1 else ''} past its end")
        note = self.text_note("; ".join(notes)) if notes else ""
        rows = self._block_tuple_rows(X, (), refs)
        return rows + self._block_tuple_rows("", (), values, note) if self.settings.get("narrow") else \
            [Row(X, (("=", [[self.tuple_(refs)]]), ("=", [[self.tuple_(values)]])), note)]

    def _print_Discard(self, step: Discard) -> list:
        Y = self.name(step.result)
        rows = []
        if len(step.wrapped):
            refs = [self.indexed(Y, [str(j)]) for j in step.wrapped]
            if len(refs) > 3:
                refs = [self.indexed(Y, [self._block_span_text(step.wrapped[0], step.wrapped[-1])])]
            rows.append(Row("", (("", [[", ".join(refs) + self.words(" discarded")]]),),
                            self.text_note("wrapped around the block: aliased")))
        if len(step.beyond):
            rows.append(Row("", (("", [[self.indexed(Y, [self._block_span_text(step.beyond[0], step.beyond[-1])])
                                        + self.words(" dropped")]]),),
                            self.text_note("past the end of the full result")))
        return rows

    def _print_BlockResult(self, step: BlockResult) -> list:
        Y = self.name(step.result)
        if not len(step.kept):
            return [Row("", (("", [[Y + self.words(" keeps nothing")]]),))]
        lo, hi = step.kept[0], step.kept[-1]
        texts, exact = self._block_value_texts(step.values)
        lands = f"{lo + step.offset}…{hi + step.offset}" if hi > lo else str(lo + step.offset)
        shift = f", shifted by {step.offset}" if step.offset else ""
        rows = self._block_tuple_rows(self.indexed(Y, [self._block_span_text(lo, hi)]), (), texts,
                                self.text_note(f"lands on {step.output.name}[{lands}]{shift}"))
        if not exact:
            rows[0] = rows[0]._replace(parts=tuple(("approx", c) for _, c in rows[0].parts))
        return rows

    def _print_ElidedBlocks(self, step: ElidedBlocks) -> list:
        return [Row("", (("", [[self.vdots()]]),), self.text_note(f"{step.count} more block{'s' if step.count != 1 else ''}"))]

    # -- assembled outputs and the values ----------------------------------------------------
    def _print_BlockSum(self, step: BlockSum) -> list:
        lhs = self._lhs(step.lhs)
        value = self.fmt(step.value)
        if not step.parts:
            return [Row(lhs, (("=", [[value.text]]),))]
        refs = [self.indexed(self.name(ref.array), [str(i) for i in ref.index]) for ref, _ in step.parts]
        if len(step.parts) == 1:
            return [Row(lhs, (("=", [[refs[0]]]), ("=" if value.exact else "approx", [[value.text]])))]
        printed = [self.fmt(v) for _, v in step.parts]
        terms = [p.text if p.atom else self.e_paren(p.text) for p in printed]
        exact = all(p.exact for p in printed)
        return [Row(lhs, (("=", [[" + ".join(refs)]]), ("=" if exact else "approx", [[" + ".join(terms)]]),
                          ("=" if exact and value.exact else "approx", [[value.text]])))]

    def _print_BlockValues(self, step: BlockValues) -> list:
        texts, exact = self._block_value_texts(step.values)
        hi = step.start + len(step.values) - 1
        if step.full is None:
            note = f"n = {step.start}…{hi}" if hi > step.start else f"n = {step.start}"
        else:
            note = (f"mode '{step.mode}' keeps n = {step.start}…{hi} of the full result's "
                    f"{step.full.start}…{step.full.stop - 1}")
        rows = self._block_tuple_rows(self.name(step.output), (), texts, self.text_note(note))
        if not exact:
            rows[0] = rows[0]._replace(parts=tuple(("approx", c) for _, c in rows[0].parts))
        return rows

    # -- prose -------------------------------------------------------------------------------
    def block_prose(self, s, A: str, B: str, C: str) -> list:
        """The sentences prose adds for a blocked method (``s``: the document's `Summary`)."""
        method = s.get("method")
        if method is None:
            return []
        (_, _), (m, _) = s.get("first"), s.get("second")
        count, L, P = s.get("blocks"), s.get("block"), s.get("size")
        sentence = METHOD_SENTENCES[method].format(a=A, b=B, c=C, K=count, s="s" if count != 1 else "", L=L, P=P,
                                                   P2=L + m - 1, M1=m - 1, z="s" if m - 1 != 1 else "")
        if s.get("mode") != "full":
            sentence += f" The blocks give the full result; mode `'{s.get('mode')}'` then keeps its slice."
        return [sentence + " The values are the direct sum's."]
