"""Overlap-add and overlap-save: block by block, the direct sum's values, call and check."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symconv
from symconv import DerivationTooLarge, InputError, Sequence
from symconv.dispatch import derive
from symconv.engine.blocks import block_count, circular_segments
from symconv.render.latex import LatexPrinter
from symconv.steps.blocks import Block, BlockResult, BlockSum, Discard

METHODS = ("overlap-add", "overlap-save")
x, y = sympy.symbols("x y")


def _same(left, right) -> bool:
    return len(left) == len(right) and all(sympy.expand(p - q) == 0 for p, q in zip(left, right))


values = st.one_of(st.integers(-9, 9), st.fractions(min_value=-4, max_value=4, max_denominator=7))


@settings(max_examples=40, deadline=None)
@given(a=st.lists(values, min_size=1, max_size=7), b=st.lists(values, min_size=1, max_size=5),
       sa=st.integers(-4, 4), sb=st.integers(-4, 4), mode=st.sampled_from(("full", "same", "valid")))
def test_every_block_size_gives_the_direct_values(a, b, sa, sb, mode):
    direct = symconv.convolve(Sequence(a, sa), Sequence(b, sb), mode)
    for method in METHODS:
        for block in range(1, len(a) + 3):
            d = symconv.convolve(Sequence(a, sa), Sequence(b, sb), mode, method=method, block=block)
            assert d.values == direct.values and d.indices == direct.indices, (method, block)
            assert d.document().call == direct.document().call


@settings(max_examples=15, deadline=None)
@given(a=st.lists(st.sampled_from([x, y, x + 1, 2 * y, sympy.Rational(1, 2), -3]), min_size=1, max_size=5),
       b=st.lists(st.sampled_from([x, 1, -y, sympy.Rational(-2, 3)]), min_size=1, max_size=3),
       sa=st.integers(-2, 2))
def test_symbols(a, b, sa):
    direct = symconv.convolve(Sequence(a, sa), b)
    for method in METHODS:
        for block in range(1, len(a) + 2):
            assert _same(symconv.convolve(Sequence(a, sa), b, method=method, block=block).values, direct.values)


@pytest.mark.parametrize("n, m", [(1, 1), (5, 3), (7, 2), (3, 6), (8, 1)])
def test_block_results_are_numpys_block_convolutions(n, m):
    rng = np.random.default_rng(n * 10 + m)
    a, b = rng.integers(-5, 6, n), rng.integers(-5, 6, m)
    for block in range(1, n + 3):
        add = symconv.convolve(a.tolist(), b.tolist(), method="overlap-add", block=block)
        for blk in add.blocks:
            piece = a[blk.index * block:(blk.index + 1) * block]
            assert [int(v) for v in blk.values] == np.convolve(piece, b).tolist()
        save = symconv.convolve(a.tolist(), b.tolist(), method="overlap-save", block=block)
        size = block + m - 1
        padded = np.concatenate([np.zeros(m - 1, int), a, np.zeros(size + block * len(save.blocks), int)])
        for blk in save.blocks:
            piece = padded[blk.index * block:blk.index * block + size]
            circular = np.rint(np.fft.ifft(np.fft.fft(piece) * np.fft.fft(b, size)).real).astype(int)
            assert [int(v) for v in blk.values] == circular.tolist()
            assert list(blk.wrapped) == list(range(m - 1))


def test_circular_segments_cover_every_product_once():
    for size in range(1, 9):
        for m in range(1, size + 1):
            for j in range(size):
                pairs = {(i0 + t, (r0 - t)) for i0, r0, count in circular_segments(j, size, m) for t in range(count)}
                assert pairs == {(i, (j - i) % size) for i in range(size) if (j - i) % size < m}


def test_block_count():
    assert [block_count("overlap-add", 5, 3, L) for L in (1, 2, 5, 9)] == [5, 3, 1, 1]
    assert [block_count("overlap-save", 5, 3, L) for L in (1, 2, 7, 9)] == [7, 4, 1, 1]


def test_steps_say_what_lands_where():
    d = symconv.convolve([1, 2, 3, 4, 5], [1, -1, 2], method="overlap-add", block=2)
    doc = d.document()
    assert [s.offset for s in doc.find(BlockResult)] == [0, 2, 4]
    assert [len(s.parts) for s in doc.find(BlockSum)] == [1, 1, 2, 2, 2, 2, 1]
    assert not doc.find(Discard)
    save = symconv.convolve(Sequence([1, 2, 3, 4, 5], -1), [1, -1, 2], method="overlap-save", block=2).document()
    blocks = save.find(Block)
    assert (blocks[0].zeros_before, blocks[0].entries[2]) == (2, (-1, 1))
    assert all(list(s.wrapped) == [0, 1] for s in save.find(Discard))
    assert [len(s.parts) for s in save.find(BlockSum)] == [1] * 7


def test_modes_say_which_slice_they_keep():
    d = symconv.convolve([1, 2, 3, 4], [1, 1, 1], "valid", method="overlap-save", block=3)
    assert d.values == (6, 9) and d.start == 2
    assert "mode 'valid' keeps n = 2…3 of the full result's 0…5" in d.text()
    assert d.check().ok


def test_terms_and_check_are_the_direct_sums():
    d = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25], method="overlap-save", block=2)
    assert d.terms(3) == symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).terms(3)
    assert "checked against numpy.convolve(a, b, mode='full')" in d.text(check=True)


def test_golden(golden):
    a, b = [1, 0.5, 1, 1], [1, 0.5, 0.25]
    golden("blocks_overlap_add.txt", symconv.convolve(a, b, method="overlap-add", block=2).text(check=True))
    golden("blocks_overlap_save.txt", symconv.convolve(a, b, method="overlap-save", block=2).text(check=True))
    golden("blocks_overlap_add.tex", symconv.convolve(a, b, method="overlap-add", block=2).latex())
    golden("blocks_overlap_save.tex", symconv.convolve(a, b, method="overlap-save", block=2).latex())


def test_phone_layout_fits():
    d = symconv.convolve([1, 0.5, 1, 1, 2, 3], [1, 0.5, 0.25], method="overlap-save", block=3, mode="same")
    printer_width = 34
    text = d._render(LatexPrinter, {}, narrow=printer_width)
    printer = LatexPrinter(d._document({})[0], narrow=printer_width)
    for line in text.splitlines()[1:-1]:
        assert printer.shown_width(line.replace("&", "").replace("\\\\", "")) <= printer_width + 12, line


def test_every_format():
    d = symconv.convolve("1, 2, 3", "1, -1", method="overlap-add", block=2)
    assert "overlap-add" in d.markdown() and "c_0[0 dots 2] &= (1, 1, -2)" in d.typst()
    assert repr(d) == "<Derivation convolve mode='full' c[0…3] = (1, 1, 1, -3)>"
    data = d.to_dict()
    assert data["method"] == "overlap-add" and [blk["lands"] for blk in data["blocks"]] == [[0, 2], [2, 3]]
    assert data["sums"][2] == {"index": 2, "parts": [["c_0", 2], ["c_1", 0]], "value": "1", "float": 1.0, "shown": "1"}


@pytest.mark.parametrize("call, match", [
    (lambda: symconv.convolve([1], [1], method="overlap-add"), "needs block=L"),
    (lambda: symconv.convolve([1], [1], block=2), "method='direct' takes none"),
    (lambda: symconv.convolve([1], [1], method="fft", block=2), "method must be"),
    (lambda: symconv.convolve([1], [1], method="overlap-add", block=0), "positive int"),
    (lambda: symconv.convolve([1], [1], method="overlap-add", block=True), "positive int"),
    (lambda: symconv.convolve([1], [1], method="overlap-add", block=2.0), "positive int"),
    (lambda: symconv.convolve([1], [1], method="overlap-save", block=10**12), "up to 20,000"),
    (lambda: symconv.convolve(symconv.formula("u[n]"), [1], method="overlap-add", block=1), "formula"),
    (lambda: derive("correlate", [1], [1], method="overlap-add", block=1), "does not apply to correlate"),
    (lambda: symconv.convolve([1, 2], [1], method="overlap-add", block=1).text(zeros=True), "zeros"),
    (lambda: symconv.convolve([1, 2], [1], method="overlap-add", block=1).text(view="table"), "view"),
])
def test_refusals(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_oversize_refused_before_work():
    start = time.perf_counter()
    with pytest.raises(DerivationTooLarge):
        symconv.convolve([1] * 20000, [1] * 300, method="overlap-save", block=1)
    with pytest.raises(DerivationTooLarge):
        symconv.convolve([x] * 200, [1] * 100, method="overlap-add", block=5)
    assert time.perf_counter() - start < 2


def test_cli():
    from symconv.cli import main

    assert main(["convolve", "1, 2, 3", "1, 1", "--method", "overlap-save", "--block", "2"]) == 0
    assert main(["convolve", "1, 2, 3", "1, 1", "--block", "2"]) == 2
