"""Rows of the 2D and deep-learning steps: arrays, rotation, padding, extension, dilation, the
output size with its numbers, and the window sum."""

from __future__ import annotations

from ..steps import Conjugation, Dilation, Extension, Operand, Padding, Rotation, Size, WindowSum
from .rows import Row

__all__ = ["GridRows"]


def _signed(value: int) -> str:
    return "" if value == 0 else (f" + {value}" if value > 0 else f" - {-value}")


def _affine(stride: int, var: str, dilation: int, inner: str, offset: int) -> str:
    """``s*var + d*inner + offset`` written the way a person would (``2i + m - 1``)."""
    first = var if stride == 1 else f"{stride}{var}"
    second = inner if dilation == 1 else f"{dilation}{inner}"
    return f"{first} + {second}{_signed(offset)}"


#: How each of torch's padding modes reads, in a note.
PADDING_WORDS = {"zeros": ("zero padding", ""), "reflect": ("reflect padding", "the input mirrored, its edge not repeated"),
                 "replicate": ("replicate padding", "the edge sample repeated"),
                 "circular": ("circular padding", "the input wrapped around")}


class GridRows:
    """Mixin of `RowPrinter` for the steps of
    `symconv.steps.grid`."""

    def _matrix_of(self, rows, one_d: bool, marks=frozenset()) -> str:
        fmt = self.fmt
        return self.matrix([[fmt(v).text for v in row] for row in rows], marks, one_d)

    def _print_Operand(self, step: Operand) -> list:
        return [Row(self.name(step.array), (("=", [[self._matrix_of(step.rows, step.one_d)]]),))]

    def _print_Rotation(self, step: Rotation) -> list:
        return [Row(self.name(step.rotated), (("=", [[self._matrix_of(step.rows, False)]]),),
                    self.text_note(f"{step.kernel.name} rotated by 180 degrees: the flip of convolution"))]

    def _print_Conjugation(self, step: Conjugation) -> list:
        return [Row(self.name(step.conjugated), (("=", [[self._matrix_of(step.rows, False)]]),),
                    self.text_note(f"{step.kernel.name} conjugated"))]

    def _print_Padding(self, step: Padding) -> list:
        top, bottom, left, right = step.widths
        kind, how = PADDING_WORDS[step.mode]
        if step.one_d:
            words = f"{kind}: {left} before, {right} after"
        elif top == bottom == left == right:
            words = f"{kind} {top} on every side"
        else:
            words = f"{kind}: {top} top, {bottom} bottom, {left} left, {right} right"
        words += f"; {how}" if how else ""
        name = self.name(step.padded)
        lhs = self.indexed(name, [str(i) for i in step.prefix]) if step.prefix else name
        return [Row(lhs, (("=", [[self._matrix_of(step.rows, step.one_d, step.outside)]]),),
                    self.text_note(words))]

    def _print_Extension(self, step: Extension) -> list:
        X = self.name(step.array)
        rc = self.indexed(X, ["r", "c"])
        if step.boundary == "fill":
            words = f"{rc} {self.relation('eq')} {self.fmt(step.fillvalue).text}"
        elif step.boundary == "wrap":
            rows, cols = step.shape
            words = f"{rc} {self.relation('eq')} {self.indexed(X, [self.e_mod('r', str(rows)), self.e_mod('c', str(cols))])}"
        else:
            words = (f"{X}{self.words(' is mirrored with the edge repeated, ')}{self.indexed(X, ['-1', 'c'])} "
                     f"{self.relation('eq')} {self.indexed(X, ['0', 'c'])}")
        if self.settings.get("narrow"):  # a phone: the rule on a line, the words in a note
            return [Row("", (("", [[words]]),), self.text_note(f"outside the input, boundary={step.boundary!r}"))]
        text = f"{self.words('outside the input, ')}{words}{self.words(f' (boundary={step.boundary!r})')}"
        return [Row("", (("", [[text]]),))]

    def _print_Dilation(self, step: Dilation) -> list:
        d = step.dilation
        shown = str(d[1]) if step.one_d or d[0] == d[1] else f"{d[0]} x {d[1]}"
        return [Row(self.name(step.dilated), (("=", [[self._matrix_of(step.rows, step.one_d, step.gaps)]]),),
                    self.text_note(f"dilation {shown}: taps spread out"))]

    def _print_Size(self, step: Size) -> list:
        # L and K, defined on the row itself: capitals, so that no size reads like an index (i)
        # or like the kernel's name (k), and not I (the imaginary unit); short, to fit a phone.
        lhs = self.subscripted("o", step.axis)
        eq = self.relation("eq")
        size, kernel = "L", "K"
        what = {"h": "rows", "w": "columns", "": "length"}[step.axis]
        x, k = (a.name for a in step.arrays)
        sizes = f"L, K: the {what if step.axis else 'lengths'} of {x} and of {k}"
        if step.rule != "torch":
            if step.rule == "full":
                general, numbers = f"{size} + {kernel} - 1", f"{step.size} + {step.kernel} - 1"
            elif step.rule == "same":
                general, numbers = size, str(step.size)
            else:
                general, numbers = f"{self.e_abs(f'{size} - {kernel}')} + 1", f"{self.e_abs(f'{step.size} - {step.kernel}')} + 1"
            parts = [(eq, [[general]]), (eq, [[numbers]])]
            if numbers != str(step.out):
                parts.append((eq, [[str(step.out)]]))
            return [Row(lhs, tuple(parts), self.text_note(f"the output's {what}; {sizes}"))]
        dot = self.product_separator("value")
        same = step.before == step.after
        pad_general = "2p" if same else "p + q"
        pad_numbers = f"2{dot}{step.before}" if same else f"{step.before} + {step.after}"
        general = self.floor_frac(f"{size} + {pad_general} - d({kernel} - 1) - 1", "s") + " + 1"
        numbers = self.floor_frac(f"{step.size} + {pad_numbers} - {step.dilation}{dot}({step.kernel} - 1) - 1",
                                  str(step.stride)) + " + 1"
        padding = "p: padding" if same else "p, q: padding before, after"
        first = step.axis in ("", "h")
        note = f"the output's {what}; {sizes}" + (f"; {padding}, d: dilation, s: stride" if first else "")
        return [Row(lhs, ((eq, [[general]]), (eq, [[numbers]]), (eq, [[str(step.out)]])), self.text_note(note))]

    def _print_WindowSum(self, step: WindowSum) -> list:
        (r0, c0), (sr, sc), (dr, dc) = step.origin, step.stride, step.dilation
        Y, S, K = self.name(step.output), self.name(step.source), self.name(step.kernel)
        sep = self.product_separator("index")
        if step.one_d:
            idx = _affine(sc, "i", dc, "m", c0)
            body = f"{self.sum_over(['m'])} {self.indexed(S, [idx])}{sep}{self.indexed(K, ['m'])}"
            return [Row(self.indexed(Y, ["i"]), (("=", [[body]]),))]
        ri, ci = _affine(sr, "i", dr, "m", r0), _affine(sc, "j", dc, "n", c0)
        body = f"{self.sum_over(['m', 'n'])} {self.indexed(S, [ri, ci])}{sep}{self.indexed(K, ['m', 'n'])}"
        parts = [("=", [[body]])]
        note = ""
        if step.true_kernel is not None:
            shift_r, shift_c = step.shift
            true = (f"{self.sum_over(['m', 'n'])} "
                    f"{self.indexed(S, ['i - m' + _signed(shift_r), 'j - n' + _signed(shift_c)])}{sep}"
                    f"{self.indexed(self.name(step.true_kernel), ['m', 'n'])}")
            parts.insert(0, ("=", [[true]]))
            if shift_r or shift_c:
                note = self.text_note(f"i, j index the output; the shift {shift_r}, {shift_c} is where "
                                      f"the kept output starts in the full one")
        return [Row(self.indexed(Y, ["i", "j"]), tuple(parts), note)]
