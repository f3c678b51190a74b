"""Transposed convolution (conv_transpose1d/2d): values and shapes against torch over grids of
stride, padding, output padding, dilation and kernel size (k divisible by s or not), and by
hypothesis; the three views each equal the result (read from the steps); the matrix view is the
transpose of the forward convolution's matrix built independently; the stamps, the overlap map
and the forward sizes against their definitions; torch's refusals; every format; golden files."""

import itertools
import json
import os
import re
import time

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symconv
from symconv import DerivationTooLarge, InputError
from symconv.steps import python_source
from symconv.steps.transposed import (ForwardMatrix, ForwardSizes, KernelFlip, MatrixProduct, Overlaps, StampAdd,
                                      TransposedSize, View, ZeroInsertion, view_outputs)
from symconv.verify.transposed import transposed_reference


@pytest.fixture(scope="module")
def torch():
    try:
        import torch
    except ImportError:
        if os.environ.get("SYMCONV_REQUIRE_TORCH") or os.environ.get("CI"):
            pytest.fail("torch is required here (SYMCONV_REQUIRE_TORCH or CI is set) but is not installed")
        pytest.skip("torch is not installed")
    return torch


def _torch_t(torch, x, w, one_d: bool, **kw):
    """torch's own conv_transpose of one channel, in float64, or the exception it raises."""
    func = torch.nn.functional.conv_transpose1d if one_d else torch.nn.functional.conv_transpose2d
    tx = torch.tensor(np.asarray(x, dtype=float))[None, None]
    tw = torch.tensor(np.asarray(w, dtype=float))[None, None]
    return func(tx, tw, **kw)[0, 0].numpy()


def _floats(values) -> np.ndarray:
    return np.array(values, dtype=complex).real if not any(
        sympy.im(v) for v in np.ravel(np.array(values, dtype=object))) else np.array(values, dtype=complex)


def _compare_with_torch(torch, one_d: bool, x, w, **kw) -> str:
    """'compared' or 'refused' (by both), asserting agreement."""
    try:
        expected = _torch_t(torch, x, w, one_d, **kw)
    except RuntimeError:
        with pytest.raises(InputError):
            (symconv.conv_transpose1d if one_d else symconv.conv_transpose2d)(x, w, **kw)
        return "refused"
    d = (symconv.conv_transpose1d if one_d else symconv.conv_transpose2d)(x, w, **kw)
    values = np.array(d.values, dtype=float)
    if one_d:
        assert d.output_shape == (1,) + expected.shape
        values = values[0]
    else:
        assert d.output_shape == expected.shape
    np.testing.assert_allclose(values, expected, atol=1e-9)
    return "compared"


# -- against torch ------------------------------------------------------------------------------
GRID_1D = list(itertools.product([1, 2, 3, 5], [1, 2, 3, 4], [0, 1, 3], [0, 1, 2]))


@pytest.mark.parametrize("stride, dilation", list(itertools.product([1, 2, 3], [1, 2, 3])))
def test_conv_transpose1d_matches_torch(torch, stride, dilation):
    rng = np.random.default_rng(stride * 10 + dilation)
    tally = {"compared": 0, "refused": 0}
    for length, k, padding, output_padding in GRID_1D:
        x, w = rng.integers(-5, 6, length).tolist(), rng.integers(-3, 4, k).tolist()
        tally[_compare_with_torch(torch, True, x, w, stride=stride, padding=padding, output_padding=output_padding,
                                  dilation=dilation)] += 1
    assert tally["compared"] >= 25 and tally["refused"] >= 10, tally


GRID_2D = list(itertools.product([(1, 1), (2, 3), (3, 2)], [(1, 1), (2, 3), (3, 3)], [0, 1, (1, 0)],
                                 [0, 1, (1, 0)]))


@pytest.mark.parametrize("stride, dilation", list(itertools.product([1, 2, (2, 3)], [1, 2, (2, 1)])))
def test_conv_transpose2d_matches_torch(torch, stride, dilation):
    rng = np.random.default_rng(abs(hash((stride, dilation))) % 2**32)
    tally = {"compared": 0, "refused": 0}
    for shape, kshape, padding, output_padding in GRID_2D:
        x, w = rng.integers(-5, 6, shape).tolist(), rng.integers(-3, 4, kshape).tolist()
        tally[_compare_with_torch(torch, False, x, w, stride=stride, padding=padding,
                                  output_padding=output_padding, dilation=dilation)] += 1
    assert tally["compared"] >= 20, tally


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=1, max_size=6), st.lists(st.integers(-9, 9), min_size=1, max_size=5),
       st.integers(1, 4), st.integers(0, 4), st.integers(0, 3), st.integers(1, 3))
def test_hypothesis_1d_against_torch(torch, x, w, stride, padding, output_padding, dilation):
    _compare_with_torch(torch, True, x, w, stride=stride, padding=padding, output_padding=output_padding,
                        dilation=dilation)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3),
       st.integers(1, 3), st.integers(0, 2), st.integers(0, 2), st.integers(1, 2), st.integers(0, 10**6))
def test_hypothesis_2d_against_torch(torch, h, wd, kh, kw, sh, sw, ph, op, dw, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.integers(-5, 6, (h, wd)).tolist(), rng.integers(-3, 4, (kh, kw)).tolist()
    _compare_with_torch(torch, False, x, w, stride=(sh, sw), padding=(ph, 0), output_padding=(op, 0),
                        dilation=(1, dw))


def test_fractions_and_complex_values_are_exact(torch):
    d = symconv.conv_transpose1d("1/2, 1/3, 1", "1, -1/7", stride=2, padding=1)
    assert d.values == ((sympy.Rational(-1, 14), sympy.Rational(1, 3), sympy.Rational(-1, 21), 1),)
    c = symconv.conv_transpose2d([[1 + 2j, 3], [0.5j, -1]], [[1j, 2], [1 - 1j, 0]], stride=2)
    expected = transposed_reference(np.array([[[[1 + 2j, 3], [0.5j, -1]]]]), np.array([[[[1j, 2], [1 - 1j, 0]]]]),
                                    stride=2)[0, 0]
    np.testing.assert_allclose(np.array(c.values, dtype=complex), expected, atol=1e-12)
    assert c.check().ok and d.check().ok


def test_the_printed_call_runs_in_torch(torch):
    for d, x_values, w_values in [
        (symconv.conv_transpose1d([1, 2, 3], [1, -1, 2], stride=2, padding=1, output_padding=1, dilation=2),
         [1, 2, 3], [1, -1, 2]),
        (symconv.conv_transpose2d("1 2; 3 4", "1 0 1; 2 1 0", stride=(2, 3), padding=(1, 0), output_padding=(1, 2)),
         [[1, 2], [3, 4]], [[1, 0, 1], [2, 1, 0]]),
    ]:
        source = python_source(d.document().call)
        x, w = torch.tensor(x_values, dtype=torch.float64), torch.tensor(w_values, dtype=torch.float64)
        result = eval(source, {"torch": torch, "x": x, "w": w})  # noqa: S307 - our own printed call, in a test
        values = np.array(d.values, dtype=float)
        np.testing.assert_allclose(result.numpy(), values[0] if d.kind == "conv_transpose1d" else values)


def test_the_reference_is_torch_with_channels_groups_and_bias(torch):
    rng = np.random.default_rng(5)
    F = torch.nn.functional
    for one_d, groups, batched in itertools.product([True, False], [1, 2], [False, True]):
        space, kernel = ((5,), (3,)) if one_d else ((3, 4), (2, 3))
        x = rng.normal(size=((2,) if batched else ()) + (4,) + space)
        w = rng.normal(size=(4, 3) + kernel)
        b = rng.normal(size=3 * groups)
        kw = dict(stride=2, padding=1, output_padding=1, groups=groups, dilation=1)
        func = F.conv_transpose1d if one_d else F.conv_transpose2d
        expected = func(torch.tensor(x), torch.tensor(w), torch.tensor(b), **kw).numpy()
        ours = transposed_reference(x, w, b, one_d=one_d, **kw)
        np.testing.assert_allclose(ours, expected, atol=1e-12)


# -- the three views, read from the steps ----------------------------------------------------
CASES = [
    ("1d", lambda: symconv.conv_transpose1d([1, 2, 3], [1, 1, 1], stride=2)),
    ("1d-pad-op-dil", lambda: symconv.conv_transpose1d([2, -1, 3, 1], [1, -2, 3], stride=3, padding=2,
                                                       output_padding=2, dilation=2)),
    ("1d-crop", lambda: symconv.conv_transpose1d([1, 2, 3, 4, 5], [1, 2], stride=1, padding=2)),
    ("2d", lambda: symconv.conv_transpose2d("1 2; 3 4", "1 1 1; 1 1 1; 1 1 1", stride=2)),
    ("2d-mixed", lambda: symconv.conv_transpose2d("1 2 0; 3 -1 2", "1 0; 2 -1; 0 3", stride=(2, 1),
                                                  padding=(1, 0), output_padding=(1, 0), dilation=(1, 2))),
    ("symbolic", lambda: symconv.conv_transpose1d("a, b, 1/2", "1, c", stride=2, padding=1)),
]


def _flat(d) -> list:
    return [v for row in d.values for v in row]


@pytest.mark.parametrize("name, make", CASES)
def test_each_view_equals_the_result(name, make):
    d = make()
    flat = _flat(d)
    doc = d.document()
    assert [s.name for s in doc.find(View)] == ["zero-insertion", "scatter", "matrix"]
    for view in ("zero-insertion", "scatter"):
        outputs = view_outputs(doc, view)
        assert [o.value for o in outputs] == flat
        for o in outputs:  # the terms shown add up to the value shown
            assert sympy.expand(sum((t.product for t in o.terms), sympy.S.Zero) - o.value) == 0
    (product,) = doc.find(MatrixProduct)
    assert list(product.values) == flat
    rows = view_outputs(d.document(view="matrix"), "matrix")
    assert [o.value for o in rows] == flat
    for o in rows:
        assert sympy.expand(sum((t.product for t in o.terms), sympy.S.Zero) - o.value) == 0
    full = view_outputs(d.document(view="matrix", zeros=True), "matrix")
    assert [o.value for o in full] == flat and all(o.count == len(full[0].right.values) for o in full)


def _forward_matrix(e) -> np.ndarray:
    """The forward convolution's matrix, built by applying a NumPy conv2d (torch's definition:
    zero padding, dilated kernel, strided windows) to each unit input of the output's size."""
    g = e.geometry
    o_rows, o_cols = g.out_shape
    kernel = np.array([[complex(v) for v in row] for row in e.planes[0].w.rows])
    (sr, sc), (pr, pc), (dr, dc) = g.stride, g.padding, g.dilation
    dilated = np.zeros((dr * (kernel.shape[0] - 1) + 1, dc * (kernel.shape[1] - 1) + 1), complex)
    dilated[::dr, ::dc] = kernel
    h, wd = g.in_shape
    columns = []
    for k in range(o_rows * o_cols):
        unit = np.zeros(o_rows * o_cols)
        unit[k] = 1
        padded = np.pad(unit.reshape(o_rows, o_cols), ((pr, pr), (pc, pc)))
        out = np.array([[np.sum(padded[r * sr:r * sr + dilated.shape[0], c * sc:c * sc + dilated.shape[1]] * dilated)
                         for c in range(wd)] for r in range(h)])
        columns.append(out.ravel())
    return np.array(columns).T  # (inputs of the transposed conv) x (its outputs)


@pytest.mark.parametrize("name, make", [c for c in CASES if c[0] != "symbolic"])
def test_the_matrix_view_is_the_transposed_forward_matrix(name, make):
    d = make()
    C = _forward_matrix(d.expansion)
    (step,) = d.document().find(ForwardMatrix)
    assert step.shape == C.shape
    if step.rows is not None:
        np.testing.assert_allclose(np.array(step.rows, dtype=complex), C.T)
        assert all(C[r, j] == 0 for j, r in step.zeros)  # structural zeros: no tap lands there
        assert not any((j, r) in step.zeros for r, j in zip(*np.nonzero(C)))
    full = view_outputs(d.document(view="matrix", zeros=True), "matrix")
    entries = np.array([[complex(t.left) for t in o.terms] for o in full])
    np.testing.assert_allclose(entries, C.T)
    x = np.array([complex(v) for v in d.expansion.planes[0].x.values])
    np.testing.assert_allclose(C.T @ x, np.array(_flat(d), dtype=complex))


@pytest.mark.parametrize("name, make", [c for c in CASES if c[0] != "symbolic"])
def test_stamps_overlaps_and_forward_sizes(torch, name, make):
    d = make()
    e = d.expansion
    g = e.geometry
    doc = d.document()
    plane = e.planes[0]
    stamps = doc.find(StampAdd)
    assert len(stamps) == g.in_shape[0] * g.in_shape[1]
    for stamp in stamps:
        r, c = (0,) + stamp.source.index if e.one_d else stamp.source.index
        assert stamp.corner == (g.stride[0] * r - g.padding[0], g.stride[1] * c - g.padding[1])
        assert stamp.rows == tuple(tuple(plane.x.rows[r][c] * v for v in row) for row in plane.w.rows)
        landing = {(m, n) for m in range(len(stamp.rows)) for n in range(len(stamp.rows[0]))
                   if not (0 <= stamp.corner[0] + g.dilation[0] * m < g.out_shape[0]
                           and 0 <= stamp.corner[1] + g.dilation[1] * n < g.out_shape[1])}
        assert stamp.outside == landing
    (overlaps,) = doc.find(Overlaps)
    ones = _torch_t(torch, np.ones(g.in_shape if not e.one_d else g.in_shape[1]),
                    np.ones(g.kernel_shape if not e.one_d else g.kernel_shape[1]), e.one_d,
                    stride=g.stride[1] if e.one_d else g.stride, padding=g.padding[1] if e.one_d else g.padding,
                    output_padding=g.output_padding[1] if e.one_d else g.output_padding,
                    dilation=g.dilation[1] if e.one_d else g.dilation)
    np.testing.assert_array_equal(np.array(overlaps.counts[0] if e.one_d else overlaps.counts), ones)
    assert [o.count for o in view_outputs(doc, "scatter")] == [c for row in overlaps.counts for c in row]
    F = torch.nn.functional
    for step in doc.find(ForwardSizes):
        axis = 1 if step.axis in ("", "w") else 0
        for _, size in step.sizes:  # the forward convolution of each listed size gives L outputs
            forward = F.conv1d(torch.zeros(1, 1, size), torch.zeros(1, 1, step.kernel), stride=step.stride,
                               padding=step.padding, dilation=step.dilation)
            assert forward.shape[-1] == step.size == g.in_shape[axis]
        assert step.out == g.out_shape[axis] == step.sizes[0][1] + step.output_padding
        listed = {size for _, size in step.sizes}
        for size in range(1, step.out + 2 * step.stride):
            if size not in listed and size + 2 * step.padding >= step.dilation * (step.kernel - 1) + 1:
                assert F.conv1d(torch.zeros(1, 1, size), torch.zeros(1, 1, step.kernel), stride=step.stride,
                                padding=step.padding, dilation=step.dilation).shape[-1] != step.size


def test_the_zero_inserted_input_and_the_flipped_kernel():
    d = symconv.conv_transpose1d([1, 2, 3], [1, 2, 3], stride=2, padding=1, output_padding=1)
    doc = d.document()
    (z,) = doc.find(ZeroInsertion)
    assert z.rows == ((0, 1, 0, 2, 0, 3, 0, 0),) and z.before == (0, 1) and z.after == (0, 2)
    assert z.zeros == frozenset((0, c) for c in (0, 2, 4, 6, 7))
    assert doc.find(KernelFlip)[0].rows == ((3, 2, 1),)
    cropped = symconv.conv_transpose1d([1, 2, 3, 4, 5], [1, 2], padding=2)
    (z,) = cropped.document().find(ZeroInsertion)
    assert z.before == (0, -1) and z.rows == ((2, 3, 4),) and cropped.values == ((7, 10),)
    assert "1 cropped before, 1 cropped after" in cropped.text()


def test_the_overlap_pattern_is_the_checkerboard():
    uneven = symconv.conv_transpose1d([1] * 6, [1, 1, 1], stride=2).document().find(Overlaps)[0]
    assert uneven.uneven and uneven.counts == ((1, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1),)
    even = symconv.conv_transpose1d([1] * 6, [1, 1, 1, 1], stride=2).document().find(Overlaps)[0]
    assert not even.uneven and even.counts[0][3:-3] == (2,) * (len(even.counts[0]) - 6)
    text = symconv.conv_transpose2d("1 1 1; 1 1 1; 1 1 1", "1 1 1; 1 1 1; 1 1 1", stride=2).text(view="scatter")
    assert "uneven: the checkerboard artifact" in text and "K = 3 is not a multiple of s = 2" in text
    assert "even)" in symconv.conv_transpose1d([1, 2, 3], [1, 1], stride=2).text(view="scatter")


def test_sizes_and_forward_sizes_print_their_numbers():
    text = symconv.conv_transpose1d([1, 2, 3], [1, 1, 1], stride=2, padding=1, output_padding=1).text()
    assert " = (L - 1)s - 2p + d(K - 1) + a + 1 = (3 - 1)·2 - 2·1 + 1·(3 - 1) + 1 + 1 = 6" in text
    assert "maps o = 5 or 6 back to L = 3" in text and "output_padding a = 1 picks o = 6" in text
    doc = symconv.conv_transpose2d("1 2; 3 4", "1 1; 1 1", stride=(1, 2)).document()
    assert [(s.axis, s.out) for s in doc.find(TransposedSize)] == [("h", 3), ("w", 4)]
    odd = symconv.conv_transpose1d([1, 2, 3, 4], [1, 1, 1], stride=1, dilation=2, output_padding=1)
    (fs,) = odd.document().find(ForwardSizes)
    assert fs.forward_out == 5 and "is not below s = 1" in odd.text()


def test_views_can_be_chosen_and_elided():
    d = symconv.conv_transpose2d("1 2 3; 4 5 6; 7 8 9", "1 -1 0; 2 0 1; 0 1 1", stride=2, padding=1)
    for view in ("zero-insertion", "scatter", "matrix"):
        doc = d.document(view=view)
        assert [s.name for s in doc.find(View)] == [view] and doc.find(View)[0].number == 0
    short = d.text(elide=1)
    assert "more outputs" in short and "more stamps" in short
    assert d.text(flip=False, view="zero-insertion").count("rotated by 180 degrees") == 0
    assert not d.document(definition=False).find(TransposedSize)
    with pytest.raises(InputError, match="view must be"):
        d.text(view="spam")
    with pytest.raises(InputError, match="does not apply to conv1d"):
        symconv.conv1d([1, 2], [1]).text(view="scatter")


def test_terms_by_view():
    d = symconv.conv_transpose1d([1, 2, 3], [1, 1, 1], stride=2)
    scatter = d.terms(2)
    assert [(t.factors[0].ref.index, t.factors[1].ref.index) for t in scatter] == [((0,), (2,)), ((1,), (0,))]
    assert len(d.terms(2, view="zero-insertion")) == 3 and d.terms(0, 2) == scatter
    matrix = d.terms(2, view="matrix")
    assert [t.factors[0].ref.index for t in matrix] == [(2, 0), (2, 1)] and matrix[0].factors[0].ref.array.name == "C"
    with pytest.raises(InputError, match="outside the output"):
        d.terms(7)
    with pytest.raises(InputError, match="view must be"):
        d.terms(1, view="stamps")
    assert symconv.conv_transpose2d("1 2; 3 4", "1 1; 1 1", stride=2).terms(1, 1)[0].product == 1


# -- refusals --------------------------------------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], stride=2, output_padding=2),
     "output_padding must be smaller than either stride or dilation"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], output_padding=1), "smaller than either stride or dilation"),
    (lambda: symconv.conv_transpose2d("1 2; 3 4", "1", output_padding=(0, 1)), r"\(columns\)"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], padding=-1), "negative padding is not supported"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], output_padding=-1), "negative output_padding"),
    (lambda: symconv.conv_transpose1d([1, 2, 3], [1, 1, 1], stride=2, padding=5), "output would have -3 samples"),
    (lambda: symconv.conv_transpose1d([1, 2], [1], padding=1), "output would have 0 samples"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], stride=0), "stride must be at least 1"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], dilation=0), "dilation must be at least 1"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], stride=1.5), "stride must be an integer"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], padding="same"), "padding='same'/'valid' are for conv1d"),
    (lambda: symconv.conv_transpose1d([[1, 2], [3, 4]], [1, 1]), "use conv_transpose2d"),
    (lambda: symconv.conv_transpose2d([1, 2], [[1, 1]]), "use conv_transpose1d"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], stride=(1, 2)), "stride must be an integer or a tuple of 1"),
    (lambda: symconv.conv_transpose1d([1, 2], [1], names="x,x,y"), "must differ"),
    (lambda: symconv.conv_transpose1d("w, 1", [1], names="x,w,y"), "both a sequence and a symbol"),
])
def test_refusals_are_fast_and_clear(call, message):
    start = time.perf_counter()
    with pytest.raises(InputError, match=message):
        call()
    assert time.perf_counter() - start < 0.5


def test_budgets_are_checked_from_the_sizes():
    start = time.perf_counter()
    with pytest.raises(DerivationTooLarge, match="zero-inserted input|outputs|products"):
        symconv.conv_transpose2d("1 2; 3 4", "1 1; 1 1", stride=10**6)
    with pytest.raises(DerivationTooLarge):
        symconv.conv_transpose1d([1] * 500, [1] * 600, limits=symconv.Limits(max_terms=100_000))
    assert time.perf_counter() - start < 0.5
    big = symconv.conv_transpose2d([[1] * 8] * 8, "1 2 1; 0 1 0; -1 0 1", stride=2)
    assert big.document().find(ForwardMatrix)[0].rows is None  # 289x64: described, not printed
    with pytest.raises(DerivationTooLarge, match="zero-inserted input"):
        symconv.conv_transpose2d([[1] * 40] * 40, [[1] * 3] * 3, stride=2, limits=symconv.Limits(max_cells=5_000))
    capped = symconv.conv_transpose2d([[1] * 8] * 8, "1 2 1; 0 1 0; -1 0 1", stride=2,
                                      limits=symconv.Limits(max_cells=10_000))
    with pytest.raises(DerivationTooLarge, match="zeros=True"):  # every entry of 289 rows of 64
        capped.document(view="matrix", zeros=True)


# -- formats ---------------------------------------------------------------------------------
FORBIDDEN = ("**", "Sum(", "sqrt(", "1*x", "*")


def _math_only(text: str) -> str:
    """Text without the printed library call (code may hold * and **)."""
    return re.sub(r"torch\.nn\.functional\.conv_transpose[12]d\([^\n]*", "", text)


@pytest.mark.parametrize("name, make", CASES + [
    ("complex", lambda: symconv.conv_transpose1d("1 + 2*I, 3", "I, 2", stride=2)),
    ("sqrt", lambda: symconv.conv_transpose1d("sqrt(2), x**2", "1, 1/2", stride=2)),
    ("channels", lambda: symconv.conv_transpose2d("a 1; 0 2 | 1 1; b 0", [[[[1, 2]]], [[[0.5, -1]]]], bias=[1],
                                                  stride=2)),
])
def test_notation_in_every_format(name, make):
    from symconv.render.html import document_html

    d = make()
    # Typst writes its radical as the call sqrt(...), which it typesets as √
    texts = [d.text(), d.latex(), d.typst().replace("sqrt(", "√("), d.markdown(), d.text(view="matrix", zeros=True),
             d.text(check=True), d.latex(check=True),
             json.dumps([o["shown"] for v in d.to_dict()["views"].values() for o in v["outputs"] if "shown" in o])]
    try:
        texts.append(document_html(d))
    except ImportError:
        pass
    for text in texts:
        body = _math_only(text)
        for bad in FORBIDDEN:
            assert bad not in body, (bad, body[:2000])


def test_json_data():
    data = symconv.conv_transpose1d([1, 2, 3], [1, 1, 1], stride=2).to_dict(check=True)
    assert data["operation"] == "conv_transpose1d" and data["stride"] == 2 and data["output_padding"] == 0
    assert data["output"]["values"] == [["1", "1", "3", "2", "5", "3", "3"]]
    views = data["views"]
    assert views["zero-insertion"]["input"]["values"] == ["0", "0", "1", "0", "2", "0", "3", "0", "0"]
    assert views["scatter"]["overlaps"] == [1, 1, 2, 1, 2, 1, 1] and views["scatter"]["uneven"] is True
    assert views["scatter"]["stamps"][1] == {"input": [1], "value": "2", "first": 2, "values": ["2", "2", "2"],
                                             "dropped": []}
    assert views["scatter"]["outputs"][2]["terms"] == [[0, 2], [1, 0]]
    assert views["matrix"]["matrix"]["shape"] == [3, 7] and views["matrix"]["product"][4] == "5"
    assert data["forward_sizes"][0]["sizes"] == [[0, 7], [1, 8]] and data["check"]["ok"] is True


def test_prose_names_the_views():
    from symconv.render.prose import ProsePrinter

    d = symconv.conv_transpose2d("1 2; 3 4", "1 1 1; 1 1 1; 1 1 1", stride=2)
    options, doc = d._document({})
    prose = ProsePrinter(options).doprint(doc)
    assert "`torch.nn.functional.conv_transpose2d` of x (2×2) with w (3×3), stride 2" in prose
    assert "derived 3 ways" in prose and "checkerboard" in prose
    options, doc = d._document({"view": "matrix"})
    assert "here as the transpose of the forward convolution" in ProsePrinter(options).doprint(doc)


def test_cli_and_fence():
    from symconv.cli import main
    from symconv.fence import parse_fence, render_block

    assert main(["conv_transpose1d", "1, 2, 3", "1, 1, 1", "--stride", "2", "--view", "scatter"]) == 0
    assert main(["conv_transpose2d", "1 2; 3 4", "1 1; 1 1", "--stride", "2", "--output-padding", "1",
                 "--format", "json"]) == 0
    assert main(["conv_transpose1d", "1, 2", "1, 1", "--output-padding", "3"]) == 2
    html = render_block("op: conv_transpose2d\na: 1 2; 3 4\nb: 1 1 1; 1 1 1; 1 1 1\nstride: 2\n"
                        "output_padding: [1, 0]\nview: scatter\n")
    assert "output_padding=(1, 0)" in html and "Checked against" in html or "checked against" in html
    assert parse_fence("op: conv_transpose1d\na: 1, 2\nb: 1, 1\n")["show"] == ["prose", "derivation", "check"]
    with pytest.raises(InputError, match="does not apply to op conv_transpose1d"):
        parse_fence("op: conv_transpose1d\na: 1, 2\nb: 1, 1\nshow: [table]\n")
    assert symconv.derive("conv_transpose1d", [1, 2], [1, 1], stride=2).values == ((1, 1, 2, 2),)
    with pytest.raises(InputError, match="does not apply to conv1d"):
        symconv.derive("conv1d", [1, 2], [1, 1], output_padding=1)


def test_gallery_settings_and_result():
    from symconv.gallery import result_text, settings_text

    assert settings_text({"op": "conv_transpose2d", "stride": 2, "output_padding": 1}) == \
        "stride 2, output padding 1"
    assert result_text(symconv.conv_transpose1d([1, 2, 3], [1, 1, 1], stride=2)) == "y[0…6] = (1, 1, 3, 2, 5, 3, 3)"


@pytest.mark.parametrize("name, make", [
    ("conv_transpose1d.txt", lambda: symconv.conv_transpose1d([1, 2, 3], [1, -1, 2], stride=2, padding=1,
                                                              output_padding=1).text(check=True)),
    ("conv_transpose1d.tex", lambda: symconv.conv_transpose1d([1, 2, 3], [1, -1, 2], stride=2, padding=1,
                                                              output_padding=1).latex(check=True)),
    ("conv_transpose2d.txt", lambda: symconv.conv_transpose2d("1 2; 3 4", "1 0 1; 2 1 0; 0 1 1",
                                                              stride=2).text(check=True, elide=2)),
    ("conv_transpose2d.tex", lambda: symconv.conv_transpose2d("1 2; 3 4", "1 0 1; 2 1 0; 0 1 1",
                                                              stride=2).latex(check=True, elide=2)),
])
def test_golden(golden, name, make):
    golden(name, make())


# -- channels, batch, groups and bias ------------------------------------------------------
LAYER_GRID = list(itertools.product([True, False], [1, 2], [False, True], [False, True],
                                    [(1, 0, 0, 1), (2, 1, 1, 1), (3, 0, 2, 2), (2, 2, 0, 2)]))


@pytest.mark.parametrize("one_d, groups, batched, bias, geometry", LAYER_GRID)
def test_channels_match_torch_in_every_view(torch, one_d, groups, batched, bias, geometry):
    stride, padding, output_padding, dilation = geometry
    rng = np.random.default_rng(abs(hash((one_d, groups, batched, bias, geometry))) % 2**32)
    space, kernel = ((4,), (3,)) if one_d else ((2, 3), (2, 2))
    x = rng.integers(-3, 4, ((2,) if batched else ()) + (2 * groups,) + space)
    w = rng.integers(-2, 3, (2 * groups, 2) + kernel)
    b = rng.integers(-2, 3, 2 * groups) if bias else None
    F = torch.nn.functional
    func = F.conv_transpose1d if one_d else F.conv_transpose2d
    kw = {"stride": stride, "padding": padding, "output_padding": output_padding, "groups": groups,
          "dilation": dilation}
    expected = func(torch.tensor(x, dtype=torch.float64), torch.tensor(w, dtype=torch.float64),
                    None if b is None else torch.tensor(b, dtype=torch.float64), **kw).numpy()
    d = (symconv.conv_transpose1d if one_d else symconv.conv_transpose2d)(
        x.tolist(), w.tolist(), None if b is None else b.tolist(), **kw)
    assert d.output_shape == expected.shape
    np.testing.assert_allclose(np.array(d.values, dtype=float), expected)
    flat = np.array(d.values, dtype=object).ravel().tolist()
    doc = d.document()
    for view in ("zero-insertion", "scatter"):
        cells = view_outputs(doc, view)
        assert [c.value for c in cells] == flat
        for cell in cells:  # each channel's terms add up to its part; the parts and the bias to the cell
            assert all(sum((t.product for t in part.terms), sympy.S.Zero) == part.value for part in cell.parts)
            assert sum((p.value for p in cell.parts), cell.bias.value if cell.bias else 0) == cell.value
    assert [c.value for c in view_outputs(d.document(view="matrix"), "matrix")] == flat
    assert [v for p in doc.find(MatrixProduct) for v in p.values] == flat
    assert d.check().ok


def test_depthwise_and_the_printed_call_with_channels(torch):
    x = [[[1, 2, 3], [4, 5, 6]]]  # a batch of one, two channels
    w = [[[1, -1]], [[2, 1]]]      # (C_in, C_out/groups, K) with groups = C_in: depthwise
    d = symconv.conv_transpose1d(x, w, [0.5, -1], stride=2, groups=2)
    source = python_source(d.document().call)
    assert source == ("torch.nn.functional.conv_transpose1d(x, w, b, stride=2, padding=0, output_padding=0, "
                      "groups=2, dilation=1)")
    tensors = {k: torch.tensor(v, dtype=torch.float64) for k, v in (("x", x), ("w", w), ("b", [0.5, -1]))}
    result = eval(source, {"torch": torch, **tensors})  # noqa: S307 - our own printed call, in a test
    np.testing.assert_allclose(result.numpy(), np.array(d.values, dtype=float))
    text = d.text(view="zero-insertion")
    assert "c over the 1 input channel of f's group, from f" in text and "w̃[c, 0, m]" in text
    assert d.terms(0, 1, 2)[0].factors[0].ref.index == (0, 1, 1)  # y[0, 1, 2]: x[0, 1, 1]·w[1, 0, 0]
    assert "y[0, 1, 2]      = x[0, 1, 1]·w[1, 0, 0] + b[1] = 5·2 + (-1) = 9" in d.text(view="scatter")


@pytest.mark.parametrize("call, message", [
    (lambda: symconv.conv_transpose1d([[1, 2], [3, 4], [5, 6]], [[[1]], [[1]], [[1]]], groups=2),
     "groups=2, the weight's first axis"),
    (lambda: symconv.conv_transpose1d([[1, 2], [3, 4]], [[[1]], [[1]], [[1]], [[1]]]), "is for 4 input channels"),
    (lambda: symconv.conv_transpose1d([[1, 2], [3, 4]], [[[1], [1]], [[1], [1]]], bias=[1, 2, 3]),
     r"one value per output channel \(2 = 2 x groups 1\)"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], bias=[1, 2]), "bias takes one value"),
    (lambda: symconv.conv_transpose1d([1, 2], [1, 1], groups=2), "groups must be 1"),
    (lambda: symconv.conv_transpose1d([[1, 2], [3, 4]], [1, 1]), "use conv_transpose2d for an image"),
    (lambda: symconv.conv_transpose1d([[[[1]]]], [[[1]]]), "for images use conv_transpose2d"),
    (lambda: symconv.conv_transpose2d("1 2 | 3 4", [[[[1]]]], groups=0), "groups must be at least 1"),
    (lambda: symconv.conv_transpose2d([[[1, 2]], [[3, 4]]], [[[[1]]], [[[1]]]], groups=2, output_padding=1),
     "output_padding must be smaller"),
])
def test_channel_refusals(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_channels_in_json_cli_and_fence():
    from symconv.cli import main
    from symconv.fence import render_block

    d = symconv.conv_transpose1d([[1, 2], [3, 4]], [[[1, 1]], [[1, -1]]], bias=[10])
    data = d.to_dict()
    assert data["inputs"] == {"x": [["1", "2"], ["3", "4"]], "w": [[["1", "1"]], [["1", "-1"]]], "b": ["10"]}
    first = data["views"]["scatter"]["outputs"][0]
    assert first["index"] == [0, 0] and first["bias"] == "10" and first["value"] == "14"
    assert first["channels"][1] == {"channel": 1, "value": "3", "terms": [[[1, 0], [1, 0, 0]]]}
    assert data["output"]["values"] == [["14", "14", "8"]] and data["output"]["shape"] == [1, 3]
    assert main(["conv_transpose1d", "1 2; 3 4", "[[[1, 1]], [[1, -1]]]", "--bias", "10", "--format", "json"]) == 0
    html = render_block("op: conv_transpose2d\na: 1 2; 3 4 | 0 1; 1 0\nb: [[[[1, 1], [1, 1]]], [[[1, -1], [0, 2]]]]\n"
                        "bias: 5\nstride: 2\nview: scatter\nelide: 2\n")
    assert "conv_transpose2d(x, w, b, stride=2" in html


TYPST_CASES = [
    lambda: symconv.conv_transpose1d([1, 2, 3], [1, -1, 2], stride=2, padding=1, output_padding=1),
    lambda: symconv.conv_transpose2d("1 2; 3 4", "1 0 1; 2 1 0; 0 1 1", stride=2),
    lambda: symconv.conv_transpose1d("a, b, 1/2", "1, c", stride=2, padding=1),
    lambda: symconv.conv_transpose1d("1 + 2*I, 3", "I, 2", stride=2),
    lambda: symconv.conv_transpose1d([[1, 2], [3, 4], [5, 6], [7, 8]], [[[1, 1], [2, 2]], [[1, -1], [0, 0]],
                                     [[2, 0], [1, 1]], [[0, 1], [1, 0]]], groups=2, stride=2, bias=[1, 2, 3, 4]),
    lambda: symconv.conv_transpose2d([[[[1, 2], [3, 4]], [[0, 1], [1, 0]]]], [[[[1, 1], [1, 1]]], [[[1, -1], [0, 2]]]],
                                     bias=[5], stride=2, dilation=(1, 2)),
]


@pytest.mark.parametrize("make", TYPST_CASES)
def test_typst_compiles(make):
    typst = pytest.importorskip("typst")  # the `test` extra
    d = make()
    for view, zeros in (("all", False), ("matrix", True)):
        source = "#set page(width: auto, height: auto, margin: 8pt)\n" + d.typst(view=view, zeros=zeros, check=True)
        _, warnings = typst.compile_with_warnings((source + "\n").encode(), format="svg")
        assert not warnings


def test_grading_refuses_transposed_convolution_clearly():
    from symconv.cli import main

    with pytest.raises(InputError, match="grade does not take conv_transpose1d yet"):
        symconv.grade("1, 1, 3", "1, 2, 3", "1, 1, 1", op="conv_transpose1d", stride=2)
    assert main(["grade", "--a", "1, 2", "--b", "1, 1", "--answer", "1, 3, 2", "--op", "conv_transpose1d"]) == 2
