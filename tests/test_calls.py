"""Copyable calls: the library call every derivation prints runs as printed (numpy, scipy, torch)
on the inputs under the derivation's names and returns the derivation's values; every format
prints the same call."""

import json
import os
import re
from fractions import Fraction

import numpy
import pytest
import scipy.signal

import symconv
from symconv import Sequence
from symconv.steps import python_source

try:
    import torch
    import torch.nn.functional  # noqa: F401  (the printed calls name it)
except ImportError:  # torch is heavy and optional; CI installs it and sets SYMCONV_REQUIRE_TORCH
    torch = None

A = [1, 0.5, 1, 1]
B = [1, 0.5, 0.25]
X = [[1, 2, 0, -1], [0, 1, 2, 3], [2, 0, 1, 1]]
K = [[1, 0, -1], [0.5, 2, 1]]
X5 = [[1, 2, 3, 0, 1], [0, 1, 2, 3, 1], [1, 0, 1, 2, 0], [2, 1, 0, 1, 3], [1, 1, 2, 0, 1]]
W3 = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
CX = [[1j, 2, 1 - 1j], [0.5, -1j, 3]]
CK = [[1, 1j], [2j, -1]]


def _cases():
    """(id, function, first input, second input, keyword arguments)."""
    cases = []
    for op in (symconv.convolve, symconv.correlate):
        for mode in ("full", "same", "valid"):
            cases += [
                (f"{op.__name__}-{mode}", op, A, B, {"mode": mode}),
                (f"{op.__name__}-{mode}-swap", op, [1, 2], [1, -1, 3, 0.5], {"mode": mode}),  # numpy swaps
                (f"{op.__name__}-{mode}-complex", op, [1 + 2j, -3, 0.5], [1j, 2], {"mode": mode}),
                (f"{op.__name__}-{mode}-complex-swap", op, [1j, 2], [1, 1j, 3, -2j], {"mode": mode}),
                (f"{op.__name__}-{mode}-fractions", op, "1/3, -1/2, 2", "1/7, 3", {"mode": mode}),
            ]
        cases.append((f"{op.__name__}-negative-starts", op, Sequence("1, -1/2, 1/3", start=-1),
                      Sequence("2, -1", start=-2), {"mode": "full"}))
        cases.append((f"{op.__name__}-names", op, A, B, {"mode": "same", "names": "x_in,h,y"}))
    for op in (symconv.convolve2d, symconv.correlate2d):
        name = op.__name__
        for mode in ("full", "same", "valid"):
            for boundary in ("fill", "wrap", "symm"):
                cases.append((f"{name}-{mode}-{boundary}", op, X, K, {"mode": mode, "boundary": boundary}))
            cases += [
                (f"{name}-{mode}-fillvalue", op, X, K, {"mode": mode, "fillvalue": -2}),
                (f"{name}-{mode}-fillvalue-float", op, [[1.5, 2], [3, 4]], [[1, -1]],
                 {"mode": mode, "fillvalue": 0.25}),
                (f"{name}-{mode}-fillvalue-complex", op, CX, CK, {"mode": mode, "fillvalue": 1 + 2j}),
                (f"{name}-{mode}-complex", op, CX, CK, {"mode": mode}),
                (f"{name}-{mode}-complex-wrap", op, CX, CK, {"mode": mode, "boundary": "wrap"}),
            ]
        # scipy swaps the inputs in 'valid' mode when the second is at least as large in every axis
        cases += [
            (f"{name}-valid-swap", op, [[1, 2]], [[1, 3, -1]], {"mode": "valid"}),
            (f"{name}-valid-swap-complex", op, [[1j, 2]], [[1, 1j, 3]], {"mode": "valid"}),
            (f"{name}-valid-swap-complex-2x2", op, [[1j, 2], [0, 1]], [[1, 1j, 3], [2, -1j, 1]], {"mode": "valid"}),
            (f"{name}-same-bigger-kernel-complex", op, [[1j, 2]], [[1, 1j, 3]], {"mode": "same"}),
        ]
    for stride in (1, 2):
        for padding in (0, 1, "valid", (2,)):
            for dilation in (1, 2):
                cases.append((f"conv1d-s{stride}-p{padding}-d{dilation}", symconv.conv1d, [1, 2, -3, 4, 0.5, 6, 7],
                              [1, 0, -1], {"stride": stride, "padding": padding, "dilation": dilation}))
    cases.append(("conv1d-same", symconv.conv1d, [1, 2, 3, 4, 5], [1, -1], {"padding": "same", "dilation": 2}))
    for stride in (1, 2, (1, 2)):
        for padding in (0, 1, (1, 0), "valid"):
            for dilation in (1, (2, 1)):
                cases.append((f"conv2d-s{stride}-p{padding}-d{dilation}", symconv.conv2d, X5, W3,
                              {"stride": stride, "padding": padding, "dilation": dilation}))
    cases += [
        ("conv2d-same", symconv.conv2d, X5, [[1, -1], [0.5, 2]], {"padding": "same"}),
        ("conv2d-same-dilation", symconv.conv2d, X5, W3, {"padding": "same", "dilation": 2}),
        ("conv2d-rect-kernel", symconv.conv2d, X5, [[1, 2, 3]], {"stride": 2, "padding": (0, 1)}),
    ]
    return cases


CASES = _cases()
TORCH = ("conv1d", "conv2d")


def _array(values, torch_call: bool):
    """The user's input as the array they would pass: complex128 or float64 (torch float64)."""
    if isinstance(values, Sequence):
        values = [complex(v) for v in values.values]
    if isinstance(values, str):  # "1/3, -1/2, 2"
        values = [float(Fraction(item)) for item in values.split(",")]
    data = numpy.asarray(values, dtype=complex)
    if not data.imag.any():
        data = data.real.astype(float)
    return torch.from_numpy(data) if torch_call else data


def _derive(op, a, b, kwargs):
    if op.__name__ in TORCH and torch is None:
        if os.environ.get("SYMCONV_REQUIRE_TORCH"):
            pytest.fail("SYMCONV_REQUIRE_TORCH is set but torch is not installed")
        pytest.skip("torch is not installed")
    return op(a, b, **kwargs)


def _latex_calls(tex: str) -> list:
    r"""The contents of every ``\texttt{...}``, LaTeX escapes undone."""
    out = []
    for match in re.finditer(r"\\texttt\{", tex):
        depth, k = 1, match.end()
        while depth:
            if tex[k] == "\\":
                k += 2
                continue
            depth += {"{": 1, "}": -1}.get(tex[k], 0)
            k += 1
        body = tex[match.end():k - 1]
        for escaped, plain in (("\\textbackslash ", "\\"), ("\\^{}", "^"), ("\\~{}", "~"), ("\\_", "_"),
                               ("\\{", "{"), ("\\}", "}"), ("\\%", "%"), ("\\#", "#"), ("\\&", "&"),
                               ("\\$", "$")):
            body = body.replace(escaped, plain)
        out.append(body)
    return out


def _typst_calls(typ: str) -> list:
    return [json.loads(m) for m in re.findall(r'#raw\(("(?:[^"\\]|\\.)*")\)', typ)]


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths:UserWarning")  # torch's
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_printed_call_runs_and_returns_the_values(case):
    _, op, a, b, kwargs = case
    d = _derive(op, a, b, kwargs)
    source = python_source(d.document().call)
    # every format prints this same call
    assert f"= {source}" in d.text()
    assert source in _latex_calls(d.latex())
    assert f"`{source}`" in d.markdown() and source in _latex_calls(d.markdown())
    assert json.loads(d.to_json())["call"] == source
    assert source in _typst_calls(d.typst())
    # ... and it runs as printed, on the inputs under the derivation's names
    torch_call = source.startswith("torch.")
    namespace = {"numpy": numpy, "scipy": scipy, "torch": torch,
                 d.names[0]: _array(a, torch_call), d.names[1]: _array(b, torch_call)}
    result = eval(compile(source, "<printed call>", "eval"), namespace)  # the point of this test
    result = result.numpy() if torch_call else numpy.asarray(result)
    values = d.values
    expected = numpy.array([[complex(v) for v in row] for row in values] if d.is_2d else
                           [complex(v) for v in values])
    if op is symconv.conv1d:
        expected = expected[0]
    assert result.shape == expected.shape, (source, result.shape, expected.shape)
    assert numpy.allclose(result, expected, rtol=1e-12, atol=1e-12), (source, result, expected)


# -- the printed code is plain, copyable Python -------------------------------------------------
def _keywords(source: str) -> dict:
    return dict(re.findall(r"(\w+)=('[^']*'|\([^)]*\)|[^,)]+)", source))


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_printed_call_is_plain_python(case):
    _, op, a, b, kwargs = case
    d = _derive(op, a, b, kwargs)
    source = python_source(d.document().call)
    assert not set(source) & set("‘’“”′″`\u00a0"), source  # straight quotes, no typographic ones
    assert '"' not in source  # one quoting style: the repr's
    assert not re.search(r"\bI\b", source), source  # Python's 1j, never SymPy's I
    assert not re.search(r"\*\*|\bsqrt\(|\bRational\(|\bInteger\(|\bFloat\(", source), source
    compile(source, "<printed call>", "eval")


def _scipy_cases():
    return [c for c in CASES if c[1] in (symconv.convolve2d, symconv.correlate2d)]


@pytest.mark.parametrize("case", _scipy_cases(), ids=[c[0] for c in _scipy_cases()])
def test_scipy_call_has_no_argument_that_does_nothing(case, request):
    """``fillvalue`` only with the fill boundary, outside 'valid' mode and when not 0; ``boundary``
    only when it is not the default 'fill' and the mode reads beyond the edges (not 'valid')."""
    _, op, a, b, kwargs = case
    source = python_source(op(a, b, **kwargs).document().call)
    keywords = _keywords(source)
    mode, boundary = kwargs.get("mode", "full"), kwargs.get("boundary", "fill")
    assert keywords["mode"] == repr(mode)
    fill = kwargs.get("fillvalue", 0)
    assert ("fillvalue" in keywords) == (boundary == "fill" and mode != "valid" and fill != 0), source
    assert ("boundary" in keywords) == (boundary != "fill" and mode != "valid"), source


def test_torch_call_shows_the_geometry_as_given():
    source = python_source(symconv.conv2d(X5, W3, stride=(1, 2), padding=(1, 0), dilation=2).document().call)
    assert source == ("torch.nn.functional.conv2d(x[None, None], w[None, None], stride=(1, 2), "
                      "padding=(1, 0), dilation=2)[0, 0]")
    source = python_source(symconv.conv1d([1, 2, 3], [1, -1], padding=(2,)).document().call)
    assert "padding=2," in source and "stride=1," in source


def test_complex_valid_swap_is_conjugated_back():
    """scipy correlates swapped inputs and reverses the result, which conjugates it: the printed
    call undoes that, and so equals the correlation the derivation writes out."""
    d = symconv.correlate2d([[1j, 2]], [[1, 1j, 3]], "valid")
    source = python_source(d.document().call)
    assert source == "numpy.conj(scipy.signal.correlate2d(x, k, mode='valid'))"
    x, k = numpy.array([[1j, 2]]), numpy.array([[1, 1j, 3]])
    raw = scipy.signal.correlate2d(x, k, "valid")
    assert not numpy.allclose(raw, [[complex(v) for v in row] for row in d.values])  # so conj is needed
    assert numpy.allclose(numpy.conj(raw), [[7, -1j]])
    assert [[complex(v) for v in row] for row in d.values] == [[7, -1j]]
    real = symconv.correlate2d([[1, 2]], [[1, 1, 3]], "valid")
    assert not python_source(real.document().call).startswith("numpy.conj")  # real: conj would do nothing
