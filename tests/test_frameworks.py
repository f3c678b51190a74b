"""TensorFlow's and JAX's padding and calls: the published SAME rule, the derivation of it, and
the printed call run as printed by TensorFlow and JAX themselves (CI installs both; with
``SYMCONV_REQUIRE_FRAMEWORKS`` set a missing one fails instead of skipping)."""

from __future__ import annotations

import itertools
import math
import os
import random

import numpy as np
import pytest

import symconv
from symconv import InputError
from symconv.engine.frameworks import same_padding
from symconv.steps import SamePadding, python_source

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")


def _framework(name: str):
    """The framework module, or skip (fail when SYMCONV_REQUIRE_FRAMEWORKS is set)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        if name == "tensorflow":
            import tensorflow as module
        else:
            import jax as module

            module.config.update("jax_enable_x64", True)
    except ImportError:
        if os.environ.get("SYMCONV_REQUIRE_FRAMEWORKS"):
            pytest.fail(f"SYMCONV_REQUIRE_FRAMEWORKS is set but {name} is not installed")
        pytest.skip(f"{name} is not installed (pip install -e '.[frameworks]')")
    return module


@pytest.mark.parametrize("size, kernel, stride, dilation", list(itertools.product(range(1, 12), range(1, 6),
                                                                                  range(1, 5), range(1, 4))))
def test_same_padding_follows_the_published_rule(size, kernel, stride, dilation):
    out, before, after = same_padding(size, kernel, stride, dilation)
    total = max(0, (math.ceil(size / stride) - 1) * stride + (kernel - 1) * dilation + 1 - size)
    assert out == math.ceil(size / stride)
    assert (before, after) == (total // 2, total - total // 2)
    assert same_padding(size, kernel, stride, dilation, lower=True)[1:] == (total - total // 2, total // 2)
    if size + before + after >= (kernel - 1) * dilation + 1:  # the padded input holds the kernel
        assert (size + before + after - dilation * (kernel - 1) - 1) // stride + 1 == out


def test_tensorflow_same_is_derived_with_numbers():
    d = symconv.conv1d([1, 2, 3, 4, 5, 6], [1, 1, 1], stride=2, padding="same", framework="tensorflow")
    text = d.text()
    assert "o     = ⌈L/s⌉ = ⌈6/2⌉ = 3  (TensorFlow's SAME" in text
    assert ("p + q = max(0, (o - 1)s + d(K - 1) + 1 - L) = max(0, (3 - 1)·2 + 1·(3 - 1) + 1 - 6) = 1  "
            "(zeros to pad: p = 0 before, q = 1 after, the smaller half before)") in text
    assert "x_p   = (1, 2, 3, 4, 5, 6, 0)" in text
    assert d.values == ((6, 12, 11),)
    (step,) = d.document().find(SamePadding)
    assert (step.out, step.before, step.after) == (3, 0, 1)
    lower = symconv.conv1d([1, 2, 3, 4, 5, 6], [1, 1, 1], stride=2, padding="same_lower", framework="jax")
    assert lower.values == ((3, 9, 15),) and "the larger half before" in lower.text()
    # torch refuses 'same' with a stride; TensorFlow pads more at the end than torch's 'same' for even kernels
    with pytest.raises(InputError, match="stride must be 1"):
        symconv.conv1d([1, 2, 3, 4, 5, 6], [1, 1, 1], stride=2, padding="same")
    assert symconv.conv1d([1, 2, 3, 4], [1, 1], padding="same").values == ((3, 5, 7, 4),)
    assert symconv.conv1d([1, 2, 3, 4], [1, 1], padding="same", framework="tensorflow").values == ((3, 5, 7, 4),)


@pytest.mark.parametrize("kwargs, message", [
    (dict(padding=1, framework="tensorflow"), "takes padding 'same' or 'valid'"),
    (dict(padding="same", framework="tensorflow", padding_mode="reflect"), "padding_mode='reflect' is torch's"),
    (dict(padding=[(-1, 0)], framework="jax"), "negative padding crops"),
    (dict(padding="full", framework="jax"), "takes padding 'same', 'same_lower' or 'valid'"),
    (dict(framework="keras"), "framework must be"),
    (dict(padding=(1, 2, 3), framework="jax"), r"\(low, high\)"),
])
def test_framework_refusals_say_why(kwargs, message):
    with pytest.raises(InputError, match=message):
        symconv.conv1d([1, 2, 3, 4], [1, 1], **kwargs)


def _cases(framework: str, count: int, seed: int):
    rng = random.Random(seed)
    paddings = ("same", "valid") if framework == "tensorflow" else ("same", "valid", "same_lower", 1, "pairs")
    for _ in range(count):
        spatial = rng.choice((1, 2))
        lead = rng.choice(("plain", "unbatched", "batched"))
        groups = 1 if lead == "plain" else rng.choice((1, 2))
        padding = rng.choice(paddings)
        if padding == "pairs":
            padding = [(rng.randint(0, 2), rng.randint(0, 2)) for _ in range(spatial)]
        yield (spatial, lead, groups, rng.random() < 0.5, rng.randint(1, 3), rng.randint(1, 2), padding,
               rng.randint(3, 7), rng.randint(1, 3), rng.randrange(2**32))


def _run(framework: str, module, spatial, lead, groups, bias, stride, dilation, padding, size, k, seed):
    rng = np.random.default_rng(seed)
    cin, cout = (1, 1) if lead == "plain" else (2 * groups, 2 * groups)
    space = (size,) * spatial
    shape = space if lead == "plain" else ((cin,) + space if lead == "unbatched" else (2, cin) + space)
    x = rng.integers(-3, 4, shape).astype(float)
    w = rng.integers(-3, 4, (k,) * spatial if lead == "plain" else (cout, cin // groups) + (k,) * spatial).astype(float)
    b = rng.integers(-3, 4, cout).astype(float) if bias else None
    fn = symconv.conv1d if spatial == 1 else symconv.conv2d
    try:
        d = fn(x, w, b, stride, padding, dilation, groups, framework=framework)
    except InputError as exc:  # the dilated kernel does not fit the padded input: the framework refuses too
        assert "kernel size can't be greater" in str(exc)
        return False
    source = python_source(d.document().call)
    names = {"tf": module} if framework == "tensorflow" else {"jax": module}
    result = np.asarray(eval(source, {**names, "x": x, "w": w, "b": b}))  # noqa: S307 - our printed call
    np.testing.assert_allclose(result, np.array(d.values, dtype=float).reshape(result.shape), atol=1e-9)
    assert d.check().ok
    return True


@pytest.mark.parametrize("framework", ["tensorflow", "jax"])
def test_printed_call_runs_in_the_framework_and_equals_the_values(framework):
    module = _framework(framework)
    compared = sum(_run(framework, module, *case) for case in _cases(framework, 150, 7))
    assert compared >= 120


def test_jax_call_prints_torch_layout_and_the_padding_pairs():
    d = symconv.conv2d(np.ones((2, 3, 3), int), np.ones((4, 1, 2, 2), int), [1, 2, 3, 4], groups=2,
                       padding=[(1, 0), (0, 1)], framework="jax")
    source = python_source(d.document().call)
    assert source == ("jax.numpy.add(jax.lax.conv_general_dilated(x[None], w, window_strides=(1, 1), "
                      "padding=[(1, 0), (0, 1)], rhs_dilation=(1, 1), dimension_numbers=('NCHW', 'OIHW', 'NCHW'), "
                      "feature_group_count=2), b[:, None, None])[0]")
    assert d.output_shape == (4, 3, 3)
