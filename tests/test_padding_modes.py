"""torch's padding modes (``nn.Conv1d/Conv2d(padding_mode=...)``): values against torch's own
layers over a grid of shapes, strides, paddings and dilations; the printed call runs in torch and
gives the same numbers; torch's refusals are InputErrors."""

import itertools
import os

import numpy as np
import pytest

import symconv
from symconv import InputError
from symconv.engine.index import padded_source
from symconv.steps import python_source

MODES = ["zeros", "reflect", "replicate", "circular"]


@pytest.fixture(scope="module")
def torch():
    try:
        import torch
    except ImportError:
        if os.environ.get("SYMCONV_REQUIRE_TORCH"):
            pytest.fail("SYMCONV_REQUIRE_TORCH is set but torch is not installed")
        pytest.skip("torch is not installed")
    return torch


def _layer(torch, x, w, one_d, **kw):
    """torch's own layer (nn.Conv1d/Conv2d: padding_mode is a layer argument) on one channel."""
    cls = torch.nn.Conv1d if one_d else torch.nn.Conv2d
    w = np.asarray(w, dtype=float)
    layer = cls(1, 1, w.shape, bias=False, **kw)
    layer.weight.data = torch.tensor(w)[None, None]
    with torch.no_grad():
        return layer.double()(torch.tensor(np.asarray(x, dtype=float))[None, None])[0, 0].numpy()


def _allowed(mode, pads, sizes) -> bool:
    return all(p < s if mode == "reflect" else p <= s if mode == "circular" else True for p, s in zip(pads, sizes))


GRID_2D = list(itertools.product(MODES, [(3, 4), (4, 3)], [(2, 2), (3, 2)], [1, 2], [1, 2, (2, 1), "same"],
                                 [1, (1, 2)]))


@pytest.mark.parametrize("mode, shape, kshape, stride, padding, dilation", GRID_2D)
def test_conv2d_padding_modes_match_torch(torch, mode, shape, kshape, stride, padding, dilation):
    rng = np.random.default_rng(sum(map(ord, repr((mode, shape, kshape, stride, padding, dilation)))))
    x = rng.integers(-5, 6, shape).tolist()
    w = rng.integers(-3, 4, kshape).tolist()
    if padding == "same" and stride != 1:
        return
    try:
        d = symconv.conv2d(x, w, None, stride, padding, dilation, padding_mode=mode)
    except InputError as exc:  # torch refuses the same cases
        with pytest.raises(Exception):
            _layer(torch, x, w, False, stride=stride, padding=padding, dilation=dilation, padding_mode=mode)
        assert "padding_mode" in str(exc)
        return
    reference = _layer(torch, x, w, False, stride=stride, padding=padding, dilation=dilation, padding_mode=mode)
    np.testing.assert_allclose(np.array(d.values, dtype=float), reference, atol=1e-9)
    assert d.check().ok


@pytest.mark.parametrize("mode, length, k, stride, padding, dilation", list(itertools.product(
    MODES, [3, 5], [2, 3], [1, 2], [0, 1, 2, 3, "same"], [1, 2])))
def test_conv1d_padding_modes_match_torch(torch, mode, length, k, stride, padding, dilation):
    if padding == "same" and stride != 1:
        return
    rng = np.random.default_rng(length * 100 + k * 10 + stride + dilation)
    x, w = rng.integers(-5, 6, length).tolist(), rng.integers(-3, 4, k).tolist()
    kw = dict(stride=stride, padding=padding, dilation=dilation, padding_mode=mode)
    try:
        d = symconv.conv1d(x, w, **kw)
    except InputError:
        with pytest.raises(Exception):
            _layer(torch, x, w, True, **kw)
        return
    np.testing.assert_allclose(np.array(d.values[0], dtype=float), _layer(torch, x, w, True, **kw), atol=1e-9)


@pytest.mark.parametrize("mode", MODES[1:])
def test_the_printed_call_runs_in_torch(torch, mode):
    F = torch.nn.functional  # noqa: F841 - the printed call names torch.nn.functional in full
    x_values, w_values = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], [[1, 0], [2, -1]]
    d = symconv.conv2d(x_values, w_values, padding=1, padding_mode=mode)
    source = python_source(d.document().call)
    assert f"torch.nn.functional.pad(x[None, None], (1, 1, 1, 1), mode='{mode}')" in source
    x, w = torch.tensor(x_values, dtype=torch.float64), torch.tensor(w_values, dtype=torch.float64)
    result = eval(source, {"torch": torch, "x": x, "w": w})  # noqa: S307 - our own printed call, in a test
    np.testing.assert_allclose(result.numpy(), np.array(d.values, dtype=float))


def test_the_padded_input_shows_what_the_padding_holds():
    d = symconv.conv1d([1, 2, 3, 4], [1, -1], padding=2, padding_mode="circular")
    assert "x_p  = (3, 4, 1, 2, 3, 4, 1, 2)  (circular padding: 2 before, 2 after; the input wrapped around)" in d.text()
    assert "reflect padding 1 on every side; the input mirrored, its edge not repeated" in \
        symconv.conv2d("1 2 3; 4 5 6", "1 0; 0 1", padding=1, padding_mode="reflect").text()
    assert symconv.conv2d("1 2; 3 4", "1", padding=1, padding_mode="replicate").to_dict()["padding_mode"] == "replicate"
    assert [padded_source(i, 4, "reflect") for i in range(-3, 7)] == [3, 2, 1, 0, 1, 2, 3, 2, 1, 0]


@pytest.mark.parametrize("kwargs, message", [
    ({"padding": 3, "padding_mode": "reflect"}, "smaller than the input's length"),
    ({"padding": 4, "padding_mode": "circular"}, "at most the input's length"),
    ({"padding": 1, "padding_mode": "mirror"}, "padding_mode must be"),
    ({"padding": 1, "padding_mode": None}, "padding_mode must be"),
])
def test_torch_refusals_are_input_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        symconv.conv1d([1, 2, 3], [1, 1], **kwargs)


def test_padding_mode_reaches_the_cli_and_the_fence():
    from symconv.cli import main
    from symconv.fence import render_block

    assert main(["conv1d", "1, 2, 3", "1, -1", "--padding", "1", "--padding-mode", "replicate"]) == 0
    html = render_block("op: conv2d\na: 1 2 3; 4 5 6\nb: 1 0; 0 1\npadding: 1\npadding_mode: reflect\n")
    assert "mode=&#x27;reflect&#x27;" in html or "mode='reflect'" in html
    with pytest.raises(InputError, match="does not apply to convolve"):
        symconv.derive("convolve", [1], [1], padding_mode="reflect")
