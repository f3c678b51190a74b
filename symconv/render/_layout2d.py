"""The shape of a 2D (and deep-learning 1D) derivation, shared by every notation.

Rows: the input and kernel; the kernel as applied (rotated for convolution); the padded or
extended input when padding or a boundary rule is used; the dilated kernel; the output size with
the numbers substituted; the definition; one row per output cell; the library call; the check.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Cell, Expansion2D

__all__ = ["Layout2D", "Row"]


@dataclass(frozen=True)
class Row:
    """One displayed line: ``lhs`` then ``(relation, chunks)`` parts; ``note`` trails the row.

    A part's chunks are the pieces a long line may wrap between (groups of terms).
    """

    lhs: str
    parts: tuple
    note: str = ""

_SCIPY = ("convolve2d", "correlate2d")


def _signed(value: int) -> str:
    return "" if value == 0 else (f" + {value}" if value > 0 else f" - {-value}")


def _affine(stride: int, var: str, dilation: int, inner: str, offset: int) -> str:
    """``s*var + d*inner + offset`` written the way a person would (``2i + m - 1``)."""
    first = var if stride == 1 else f"{stride}{var}"
    second = inner if dilation == 1 else f"{dilation}{inner}"
    return f"{first} + {second}{_signed(offset)}"


class Layout2D:
    """Mixin of :class:`~symconv.render._layout.Printer` for :class:`Expansion2D`."""

    def _print_Expansion2D(self, e: Expansion2D) -> str:
        s = self._settings
        names = self._names(e)
        X, K, Y = (self.name(n) for n in names)
        from ._numbers import NumberFormat, resolve_style

        self.fmt = NumberFormat(self.target, resolve_style(s["numbers"], e.x.decimal or e.k.decimal),
                                s["digits"])
        scipy = e.kind in _SCIPY
        rows: list = []
        if s["definition"]:
            rows.append(Row(X, (("=", [[self._matrix_of(e.x.rows, e.one_d)]]),)))
            rows.append(Row(K, (("=", [[self._matrix_of(e.k.rows, e.one_d)]]),)))
        Kt = self.tilde(K) if e.kind == "convolve2d" or (e.kind == "correlate2d" and self._complex(e)) else K
        if e.kind == "convolve2d" and s["flip"]:
            rows.append(Row(Kt, (("=", [[self._matrix_of(e.kernel, False)]]),),
                            self.text_note(f"{names[1]} rotated by 180 degrees: the flip of convolution")))
        if e.kind == "correlate2d" and Kt != K:
            rows.append(Row(Kt, (("=", [[self._matrix_of(e.kernel, False)]]),),
                            self.text_note(f"{names[1]} conjugated")))
        source = X
        if e.padded:
            source = self.tilde(X)
            top, bottom, left, right = e.padding
            marks = {(r, c) for r in range(len(e.source)) for c in range(len(e.source[0]))
                     if not (top <= r < len(e.source) - bottom and left <= c < len(e.source[0]) - right)}
            rows.append(Row(source, (("=", [[self._matrix_of(e.source, e.one_d, marks)]]),),
                            self.text_note(self._padding_words(e))))
        if scipy and not e.skips_outside() and s["definition"]:
            rows.append(self._extension_row(e, X))
        if e.kind in ("conv1d", "conv2d") and max(e.dilation) > 1 and s["definition"]:
            dil = self._dilated(e)
            rows.append(Row(self.sub(K, "d"), (("=", [[self._matrix_of(dil, e.one_d, self._dilation_marks(e, dil))]]),),
                            self.text_note(f"dilation {self._pair_text(e.dilation, e.one_d)}: taps spread out")))
        if s["definition"]:
            rows.extend(self._size_rows(e, names))
            rows.append(self._definition_row(e, source, Kt, Y))
        cells = list(e.cells)
        elide = s["elide"]
        if elide and len(cells) > 2 * elide + 1:
            cells = cells[:elide] + [None] + cells[-elide:]
        strips = self._strips2d(e, source, Kt)
        for cell in cells:
            rows.append(Row("", (("", [[self.dots_vertical()]]),)) if cell is None
                        else self._cell_row(e, cell, Y, strips))
        if s["call"]:
            from ..verify import library_call2d  # noqa: PLC0415 - render may name verify's call

            rows.append(Row(Y, (("=", [[self.code(library_call2d(e, names[:2]))]]),),
                            self.text_note("one channel: add batch and channel axes for torch")
                            if e.kind in ("conv1d", "conv2d") else ""))
        if s["check"] is not None:
            rows.append(self.check_row(s["check"]))
        return self.layout(rows)

    # -- pieces ---------------------------------------------------------------------------
    @staticmethod
    def _complex(e: Expansion2D) -> bool:
        return not all(v.is_extended_real for v in e.k.values)

    def _matrix_of(self, rows, one_d: bool, marks=frozenset()) -> str:
        printed = [[self.fmt(v).text for v in row] for row in rows]
        return self.matrix(printed, one_d, marks)

    def _pair_text(self, pair: tuple, one_d: bool) -> str:
        return str(pair[1]) if one_d or pair[0] == pair[1] else f"{pair[0]} x {pair[1]}"

    def _padding_words(self, e: Expansion2D) -> str:
        top, bottom, left, right = e.padding
        if e.one_d:
            return f"zero padding: {left} before, {right} after"
        if top == bottom == left == right:
            return f"zero padding {top} on every side"
        return f"zero padding: {top} top, {bottom} bottom, {left} left, {right} right"

    def _extension_row(self, e: Expansion2D, X: str) -> Row:
        if e.boundary == "fill":
            words = f"outside the input, {X}[r, c] = {self.fmt(e.fillvalue).text} (boundary='fill')"
        elif e.boundary == "wrap":
            rows, cols = e.x.shape
            words = f"outside the input, {X}[r, c] = {X}[r mod {rows}, c mod {cols}] (boundary='wrap')"
        else:
            words = f"outside the input, {X} is mirrored with the edge repeated, {X}[-1, c] = {X}[0, c] (boundary='symm')"
        return Row("", (("", [[self.text_note(words).strip()]]),))

    @staticmethod
    def _dilated(e: Expansion2D) -> list:
        dr, dc = e.dilation
        kh, kw = len(e.kernel), len(e.kernel[0])
        zero = e.kernel[0][0] * 0
        grid = [[zero] * (dc * (kw - 1) + 1) for _ in range(dr * (kh - 1) + 1)]
        for m in range(kh):
            for n in range(kw):
                grid[m * dr][n * dc] = e.kernel[m][n]
        return grid

    @staticmethod
    def _dilation_marks(e: Expansion2D, grid) -> set:
        dr, dc = e.dilation
        return {(r, c) for r in range(len(grid)) for c in range(len(grid[0])) if r % dr or c % dc}

    def _size_rows(self, e: Expansion2D, names) -> list:
        rows = []
        axes = [("w", 1)] if e.one_d else [("h", 0), ("w", 1)]
        for label, axis in axes:
            size = e.x.shape[axis]
            k = e.k.shape[axis]
            lhs = self.sub("o", label if not e.one_d else "")
            out = e.out_shape[axis]
            if e.kind in _SCIPY:
                if e.mode == "full":
                    general, numbers = "M_1 + M_2 - 1", f"{size} + {k} - 1"
                elif e.mode == "same":
                    general, numbers = "M_1", f"{size}"
                else:
                    general, numbers = "\\lvert M_1 - M_2 \\rvert + 1" if self.target == "latex" else "|M1 - M2| + 1", \
                        f"|{size} - {k}| + 1"
                if self.target == "text":
                    general = general.replace("M_1", "M1").replace("M_2", "M2")
                parts = [("=", [[general]]), ("=", [[numbers]]), ("=", [[str(out)]])]
                if numbers == str(out):
                    parts.pop()
                rows.append(Row(lhs, tuple(parts)))
                continue
            before, after = e.padding[2 * axis], e.padding[2 * axis + 1]
            s, d = e.stride[axis], e.dilation[axis]
            dot = self.value_sep
            pad_general = "2p" if before == after else "p_1 + p_2"
            pad_numbers = f"2{dot}{before}" if before == after else f"{before} + {after}"
            general = self.floor_frac(f"i + {pad_general} - d(k - 1) - 1", "s") + " + 1"
            numbers = self.floor_frac(f"{size} + {pad_numbers} - {d}{dot}({k} - 1) - 1", str(s)) + " + 1"
            rows.append(Row(lhs, (("=", [[general]]), ("=", [[numbers]]), ("=", [[str(out)]]))))
        return rows

    def _definition_row(self, e: Expansion2D, source: str, Kt: str, Y: str) -> Row:
        (r0, c0), (sr, sc), (dr, dc) = e.origin, e.stride, e.dilation
        if e.one_d:
            idx = _affine(sc, "i", dc, "m", c0)
            return Row(self.index(Y, "i"), (("=", [[f"{self.sum_over('m')} {self.index(source, idx)}"
                                                    f"{self.index_sep}{self.index(Kt, 'm')}"]]),))
        ri, ci = _affine(sr, "i", dr, "m", r0), _affine(sc, "j", dc, "n", c0)
        body = (f"{self.sum_over('m,n')} {self.index2(source, ri, ci)}{self.index_sep}"
                f"{self.index2(Kt, 'm', 'n')}")
        parts = [("=", [[body]])]
        if e.kind == "convolve2d":
            true = (f"{self.sum_over('m,n')} {self.index2(source, 'i - m' + _signed(r0 + len(e.kernel) - 1), 'j - n' + _signed(c0 + len(e.kernel[0]) - 1))}"
                    f"{self.index_sep}{self.index2(self.name(self._names(e)[1]), 'm', 'n')}")
            parts.insert(0, ("=", [[true]]))
        return Row(self.index2(Y, "i", "j"), tuple(parts))

    def _strips2d(self, e: Expansion2D, source: str, Kt: str) -> dict:
        """Index forms and factors of every source position a window reaches and of every kernel
        tap, printed once; the window of a cell is then a list of offsets into them."""
        fmt, (left, right) = self.fmt, self.parens
        (r0, c0), (sr, sc), (dr, dc) = e.origin, e.stride, e.dilation
        rows, cols = e.out_shape
        kh, kw = len(e.kernel), len(e.kernel[0])
        r_hi, c_hi = r0 + (rows - 1) * sr + (kh - 1) * dr, c0 + (cols - 1) * sc + (kw - 1) * dc
        width = c_hi - c0 + 1
        skip_outside = e.skips_outside() and not self._settings["zeros"]
        src_idx, src_fac, src_exact, src_skip = [], [], [], []
        for r in range(r0, r_hi + 1):
            for c in range(c0, c_hi + 1):
                value, inside = e.source_value(r, c)
                printed = fmt(value)
                src_idx.append(self.index(source, c) if e.one_d else self.index2(source, r, c))
                src_fac.append(printed.factor(left, right))
                src_exact.append(printed.exact)
                src_skip.append(skip_outside and not inside)
        ker = [fmt(v) for row in e.kernel for v in row]
        return {
            "src_idx": src_idx, "src_fac": src_fac, "src_exact": src_exact, "src_skip": src_skip,
            "any_skip": any(src_skip),
            "ker_idx": [self.index(Kt, n) if e.one_d else self.index2(Kt, m, n)
                        for m in range(kh) for n in range(kw)],
            "ker_fac": [p.factor(left, right) for p in ker],
            "ker_exact": all(p.exact for p in ker),
            "taps": [m * dr * width + n * dc for m in range(kh) for n in range(kw)],
            "width": width, "stride": (sr, sc),
        }

    def _cell_row(self, e: Expansion2D, cell: Cell, Y: str, strips: dict) -> Row:
        corner = cell.i * strips["stride"][0] * strips["width"] + cell.j * strips["stride"][1]
        positions = [(corner + t, q) for q, t in enumerate(strips["taps"])]
        if strips["any_skip"]:
            skip = strips["src_skip"]
            positions = [(p, q) for p, q in positions if not skip[p]]
        src_idx, src_fac, ker_idx, ker_fac = (strips["src_idx"], strips["src_fac"], strips["ker_idx"],
                                              strips["ker_fac"])
        isep, vsep = self.index_sep, self.value_sep
        index_terms = [f"{src_idx[p]}{isep}{ker_idx[q]}" for p, q in positions]
        product_terms = [f"{src_fac[p]}{vsep}{ker_fac[q]}" for p, q in positions]
        exact = strips["ker_exact"] and all(strips["src_exact"][p] for p, _ in positions)
        value = self.fmt(cell.value)
        lhs = self.index(Y, cell.j) if e.one_d else self.index2(Y, cell.i, cell.j)
        if not index_terms:  # every product is an out-of-range zero
            return Row(lhs, (("=", [[value.text]]),))
        wrap = self._settings["wrap"]
        return Row(lhs, (("=", self.chunks(index_terms, wrap)),
                         ("=" if exact else "~", self.chunks(product_terms, wrap)),
                         ("=" if exact and value.exact else "~", [[value.text]])))
