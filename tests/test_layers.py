"""Multi-channel conv1d/conv2d (batch, channels, groups, bias) against torch's own layers, the
printed call run as printed, the steps per channel, the refusals, and every front end."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import symconv
from symconv import InputError
from symconv.steps import ChannelSum, python_source

try:
    import torch
    import torch.nn.functional  # noqa: F401  (the printed calls name it)
except ImportError:  # CI installs torch and sets SYMCONV_REQUIRE_TORCH
    torch = None

pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths:UserWarning")


@pytest.fixture
def need_torch():
    if torch is None:
        if os.environ.get("SYMCONV_REQUIRE_TORCH") or os.environ.get("CI"):
            pytest.fail("torch is required (SYMCONV_REQUIRE_TORCH/CI set) but not installed")
        pytest.skip("torch is not installed")


def _layer(spatial, cin, cout, k, stride, padding, dilation, groups, bias, mode, w, b):
    cls = torch.nn.Conv1d if spatial == 1 else torch.nn.Conv2d
    layer = cls(cin, cout, k, stride, padding, dilation, groups, bias, padding_mode=mode, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(w, dtype=torch.float64))
        if bias:
            layer.bias.copy_(torch.tensor(b, dtype=torch.float64))
    return layer


def _compare(spatial, batched, cin, cout, groups, bias, stride, padding, dilation, mode, k=2, size=5, seed=0):
    """One case: symconv's values, shape and check against torch.nn.Conv1d/Conv2d; False if both refuse."""
    rng = np.random.default_rng(seed)
    shape = ((2,) if batched else ()) + (cin,) + (size,) * spatial
    x = rng.integers(-3, 4, shape)
    w = rng.integers(-3, 4, (cout, cin // groups) + (k,) * spatial)
    b = (rng.integers(-4, 5, cout) / 2).tolist() if bias else None
    fn = symconv.conv1d if spatial == 1 else symconv.conv2d
    try:
        d = fn(x, w, b, stride, padding, dilation, groups, padding_mode=mode)
    except InputError:
        with pytest.raises(Exception):  # torch refuses the same case
            _layer(spatial, cin, cout, k, stride, padding, dilation, groups, bias, mode, w, b)(
                torch.tensor(x, dtype=torch.float64))
        return False
    layer = _layer(spatial, cin, cout, k, stride, padding, dilation, groups, bias, mode, w, b)
    reference = layer(torch.tensor(x, dtype=torch.float64)).detach().numpy()
    got = np.array(d.values, dtype=float)
    assert d.output_shape == reference.shape == got.shape
    np.testing.assert_allclose(got, reference, atol=1e-9)
    assert d.check().ok
    return True


FAMILIES = [(spatial, batched, cin, cout, groups, bias, mode)
            for spatial, batched, (cin, cout, groups), bias, mode in itertools.product(
                (1, 2), (False, True), ((1, 2, 1), (2, 2, 1), (3, 4, 1), (4, 2, 2), (2, 4, 2), (3, 3, 3), (2, 6, 2)),
                (False, True), ("zeros", "reflect", "replicate", "circular"))]
GEOMETRY = list(itertools.product((1, 2, (2, 1)), (0, 1, 2, "same", "valid", (1, 2)), (1, 2)))
COUNTS: dict = {}  # family -> (compared, refused by both), for the record


@pytest.mark.parametrize("spatial, batched, cin, cout, groups, bias, mode", FAMILIES)
def test_layers_match_torch(need_torch, spatial, batched, cin, cout, groups, bias, mode):
    """Every family (channels, groups incl. depthwise, bias, batch, padding mode) over a grid of
    stride, padding and dilation: values, output shape and the check, or the same refusal."""
    compared = refused = 0
    for stride, padding, dilation in GEOMETRY:
        if padding == "same" and stride != 1:
            continue
        if _compare(spatial, batched, cin, cout, groups, bias, stride, padding, dilation, mode,
                    seed=hash((spatial, batched, cin, cout, groups, bias, mode, stride, padding)) % 2**32):
            compared += 1
        else:
            refused += 1
    COUNTS[spatial, batched, cin, cout, groups, bias, mode] = (compared, refused)
    assert compared >= 10


@settings(max_examples=40, deadline=None)
@given(st.sampled_from((1, 2)), st.booleans(), st.integers(1, 3), st.integers(1, 3), st.integers(1, 2),
       st.booleans(), st.integers(1, 3), st.integers(0, 2), st.integers(1, 2), st.integers(2, 6), st.integers(1, 3),
       st.integers(0, 2**32 - 1))
def test_random_layers_match_torch(spatial, batched, per_in, per_out, groups, bias, stride, padding, dilation,
                                   size, k, seed):
    if torch is None:
        if os.environ.get("SYMCONV_REQUIRE_TORCH") or os.environ.get("CI"):
            pytest.fail("torch is required but not installed")
        pytest.skip("torch is not installed")
    _compare(spatial, batched, per_in * groups, per_out * groups, groups, bias, stride, padding, dilation, "zeros",
             k=k, size=size, seed=seed)


@pytest.mark.parametrize("case", [
    dict(input=[[1, 2, 3], [4, 5, 6]], weight=[[[1, -1], [2, 0]], [[0, 1], [1, 1]]], bias=[0.5, -1]),
    dict(input=[[[1, 2, 0, 1], [0, 1, 1, 2]]], weight=[[[1, 1]], [[1, -1]]], groups=2, padding=1,
         padding_mode="reflect"),
    dict(input=[1, 2, 3, 4], weight=[1, -1], bias=2, stride=2),
    dict(input="1 2; 3 4 | 0 1; 1 0", weight=[[[[1, 0], [0, 1]]], [[[1, 1], [1, 1]]]], groups=2, padding=1,
         bias=[1, -0.5]),
])
def test_printed_layer_call_runs_as_printed(need_torch, case):
    case = dict(case)
    fn = symconv.conv2d if isinstance(case["input"], str) else symconv.conv1d
    d = fn(**case)
    source = python_source(d.document().call)
    x = symconv.parse.tensor.parse_tensor(case["input"])
    arrays = {"x": torch.tensor(np.array([float(v) for v in x.values]).reshape(x.shape)),
              "w": torch.tensor(np.array(case["weight"], dtype=float))}
    if "bias" in case:
        arrays["b"] = torch.tensor(np.atleast_1d(np.array(case["bias"], dtype=float)))
    result = eval(source, {"torch": torch, **arrays})  # noqa: S307 - our own printed call, in a test
    expected = np.array(d.values, dtype=float)  # a plain conv1d keeps its one-row shape
    np.testing.assert_allclose(result.numpy(), expected.reshape(result.shape), atol=1e-12)


def test_each_output_is_one_line_per_channel_then_the_total():
    d = symconv.conv1d([[1, 2, 3], [4, 5, 6]], [[[1, -1], [2, 0]], [[0, 1], [1, 1]]], [0.5, -1])
    text = d.text()
    assert "t[0]    = x[0, 0]·w[0, 0, 0] + x[0, 1]·w[0, 0, 1] = 1·1 + 2·(-1) = -1" in text
    assert "t[1]    = x[1, 0]·w[0, 1, 0] + x[1, 1]·w[0, 1, 1] = 4·2 + 5·0 = 8" in text
    assert "y[0, 0] = t[0] + t[1] + b[0] = (-1) + 8 + 0.5 = 7.5" in text
    assert "y[f, i] = Σ_c t[c] + b[f]  (f: the output channel; c = 0…1, every input channel)" in text
    sums = d.document().find(ChannelSum)
    assert len(sums) == 4 and all(len(s.parts) == 2 for s in sums)
    for s in sums:  # the steps add up: each part's products, then parts and bias
        assert all(sum(t.product for t in p.terms) == p.value for p in s.parts)
        assert sum(p.value for p in s.parts) + s.bias.value == s.value
    assert [t.factors[0].ref.index for t in d.terms(1, 1)] == [(0, 1), (0, 2), (1, 1), (1, 2)]
    assert d.values == ((sympy_rational(15, 2), sympy_rational(19, 2)), (10, 13))


def sympy_rational(p, q):
    import sympy

    return sympy.Rational(p, q)


def test_groups_and_depthwise_say_which_channels_meet():
    grouped = symconv.conv1d([[1, 2, 3], [1, 1, 1], [0, 0, 1], [2, 2, 2]], [[[1, -1], [1, 1]], [[1, 0], [0, 1]]],
                             groups=2).text()
    assert "groups = 2: output channel 0 reads input channels 0–1; output channel 1 reads input channels 2–3" in grouped
    assert "t[c]    = Σ_m x[c, i + m]·w[f, c - c_0, m]" in grouped
    assert "c₀ = 2·f, the first input channel of f's group" in grouped
    depthwise = symconv.conv2d(np.ones((3, 3, 3), int), np.ones((3, 1, 2, 2), int), groups=3).text()
    assert "depthwise: output channel f reads input channel f only" in depthwise
    assert "y[f, i, j] = Σ_mn x[f, i + m, j + n]·w[f, 0, m, n]" in depthwise
    batch = symconv.conv1d([[[1, 2, 3]], [[3, 2, 1]]], [[[1, -1]]]).text()  # one channel: not depthwise
    assert "y[n, f, i] = Σ_m x[n, 0, i + m]·w[f, 0, m]  (one input channel: every output channel f reads it)" in batch


def test_plain_input_keeps_its_shape_and_takes_a_bias():
    d = symconv.conv1d([1, 2, 3], [1, -1], 0.5)
    assert d.values == ((-sympy_rational(1, 2), -sympy_rational(1, 2)),)
    assert d.output_shape == (1, 2)
    assert "y[0] = x[0]·w[0] + x[1]·w[1] + b[0] = 1·1 + 2·(-1) + 0.5 = -0.5" in d.text()
    assert symconv.conv1d([1, 2, 3], [1, -1]).values == ((-1, -1),)  # no bias: the one-channel form


def test_symbolic_layer_checks_with_substitution():
    d = symconv.conv1d([["a", 1], [2, "a"]], [[[1, 1], [1, -1]]], ["c"])
    assert str(d.values[0][0]) == "c + 3"  # a·1 + 1·1 + 2·1 + a·(-1) + c
    assert d.check().ok


@pytest.mark.parametrize("call, message", [
    (lambda: symconv.conv1d([[1, 2, 3]] * 3, np.ones((2, 1, 2)), groups=2), r"in_channels \(3\) must be divisible"),
    (lambda: symconv.conv1d([[1, 2, 3]] * 2, np.ones((3, 1, 2)), groups=2), r"out_channels \(3\) must be divisible"),
    (lambda: symconv.conv1d([[1, 2, 3]] * 2, np.ones((2, 2, 2)), [1, 2, 3]), "one value per output channel"),
    (lambda: symconv.conv1d([[1, 2, 3]] * 3, np.ones((2, 2, 2))), "expects 2 input channels"),
    (lambda: symconv.conv1d([1, 2, 3], [1, 1], groups=2), "groups must be 1"),
    (lambda: symconv.conv1d([1, 2, 3], [1, 1], [1, 2]), "bias takes one value"),
    (lambda: symconv.conv2d(np.ones((1, 1, 1, 3, 3)), np.ones((1, 1, 2, 2))), "dimensions"),
    (lambda: symconv.conv1d([[1, 2, 3]], np.ones((1, 1, 2)), groups=0), "groups must be"),
    (lambda: symconv.conv1d([[1, 2, 3]], [[1, 1]]), "takes a weight"),
])
def test_refusals_say_why_quickly(call, message):
    start = time.perf_counter()
    with pytest.raises(InputError, match=message):
        call()
    assert time.perf_counter() - start < 0.5


def test_budget_counts_every_channel_before_work():
    start = time.perf_counter()
    with pytest.raises(symconv.DerivationTooLarge, match="over the limit"):
        symconv.conv2d(np.ones((1, 16, 32, 32), int), np.ones((64, 16, 3, 3), int))
    assert time.perf_counter() - start < 0.5


def test_json_holds_channels_terms_and_shapes():
    data = symconv.conv1d([[1, 2, 3], [4, 5, 6]], [[[1, -1], [2, 0]], [[0, 1], [1, 1]]], [0.5, -1]).to_dict()
    assert data["output_shape"] == [2, 2] and data["names"]["bias"] == "b"
    first = data["outputs"][0]
    assert first["index"] == [0, 0] and first["bias"] == "1/2" and first["value"] == "15/2"
    assert first["channels"][1] == {"channel": 1, "terms": [[[1, 0], [0, 1, 0]], [[1, 1], [0, 1, 1]]], "value": "8"}
    assert data["output"]["values"] == [["15/2", "19/2"], ["10", "13"]]
    assert data["inputs"]["w"][1][0] == ["0", "1"]
    json.dumps(data)


def test_every_format_prints_a_layer_without_python_notation():
    d = symconv.conv2d("1 2; 3 4 | 0 1; 1 0", [[[[1, 0], [0, 1]], [[2, 0], [0, 2]]]], [0.25], padding=1)
    for text in (d.text(), d.latex(), d.typst(), d.markdown()):
        body = text.split("torch.nn.functional")[0]
        assert "**" not in body and "Sum(" not in body and "sqrt(" not in body
    assert "x_{p}[1] &= \\begin{bmatrix}" in d.latex()


def test_fence_and_cli_take_bias_and_groups():
    from symconv.fence import render_block

    html = render_block('op: conv2d\na: "1 2 0; 0 1 2; 2 0 1 | 0 1 0; 1 0 1; 0 1 0"\n'
                        'b: [[[[1, 0], [0, -1]], [[1, 1], [0, 0]]]]\nbias: 0.5\ncell: [0, 1, 1]\n')
    assert html.count("<figure") == 2 and "input channel 1 with w[0, 1]" in html
    assert "y[0, 1, 1]" in html
    out = subprocess.run([sys.executable, "-m", "symconv", "conv1d", "1 2 3; 4 5 6",
                          "[[[1, -1], [2, 0]], [[0, 1], [1, 1]]]", "--bias", "0.5, -1", "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["output"]["values"] == [["15/2", "19/2"], ["10", "13"]]
    bad = subprocess.run([sys.executable, "-m", "symconv", "conv1d", "1 2 3; 4 5 6", "1 1", "--groups", "2"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
