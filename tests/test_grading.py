"""symconv.grade: planted mistakes, each found and named, against references computed with NumPy
and SciPy (never with symconv's own engine)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symconv
from symconv import InputError, Sequence

BASES = [
    ([1, 2, 3], [0, 1, 0.5]),
    ([1, 0.5, 1, 1], [1, 0.5, 0.25]),
    ([2, -1, 3, 1], [1, 2]),
    ([3, 1, 4, 1, 5], [2, 7, 1]),
]


def _plants(a, v):
    """(diagnosis, answer, start) planted from NumPy's results for convolve(a, v, 'full')."""
    full = np.convolve(a, v).tolist()
    yield "correct", full, 0
    yield "not-flipped", np.correlate(a, v, "full").tolist(), None
    yield "reversed", full[::-1], 0
    yield "wrong-mode", np.convolve(a, v, "valid").tolist(), None
    yield "wrong-mode", np.convolve(a, v, "same").tolist(), None
    yield "shifted", full, 1
    yield "shifted", [0] + full, 0
    wrong = list(full)
    wrong[2] += 1
    yield "arithmetic", wrong, 0
    if full[:-1] != np.convolve(a, v, "same").tolist():  # else 'same' explains it (ranked first)
        yield "wrong-length", full[:-1], 0
    yield "wrong-length", full + [0], 0


@pytest.mark.parametrize("a, v", BASES)
def test_every_planted_mistake_is_named(a, v):
    for diagnosis, answer, start in _plants(a, v):
        g = symconv.grade(answer, a, v, start=start)
        assert g.diagnosis == diagnosis, (a, v, answer, start, g.feedback)
        assert g.correct == (diagnosis == "correct")
        assert (g.score == 1) == g.correct and 0 <= g.score <= 1
        assert g.feedback and "**" not in g.feedback and "Sum(" not in g.feedback


def test_first_wrong_and_partial_credit():
    g = symconv.grade([0, 1, 2.5, 5, 1.5], [1, 2, 3], [0, 1, 0.5])  # c[3] should be 4
    assert (g.diagnosis, g.first_wrong, g.score) == ("arithmetic", 3, 0.8)
    assert "c[3] should be 4, not 5" in g.feedback and "c[3] = a[1]·b[2] + a[2]·b[1]" in g.feedback
    short = symconv.grade([0, 1, 2.5], [1, 2, 3], [0, 1, 0.5])
    assert (short.diagnosis, short.first_wrong, short.score) == ("wrong-length", 3, 0.6)


def test_feedback_names_the_line_to_look_at():
    g = symconv.grade(np.correlate([1, 2, 3], [0, 1, 0.5], "full").tolist(), [1, 2, 3], [0, 1, 0.5])
    assert g.diagnosis == "not-flipped"
    assert "b[-m]" in g.feedback.replace("−", "-") and "cross-correlation" in g.feedback
    r = symconv.grade([1.5, 4, 2.5, 1, 0], [1, 2, 3], [0, 1, 0.5])
    assert r.diagnosis == "reversed" and "c[0] = a[0]·b[0] = 1·0 = 0" in r.feedback
    m = symconv.grade(np.convolve([1, 2, 3], [0, 1, 0.5], "same").tolist(), [1, 2, 3], [0, 1, 0.5])
    assert m.diagnosis == "wrong-mode" and m.mode == "same" and "mode 'same'" in m.feedback


def test_a_start_index_is_graded_when_given():
    right = np.convolve([1, 2, -1], [3, 1, 2]).tolist()
    a, v = Sequence([1, 2, -1], start=-1), Sequence([3, 1, 2], start=2)
    assert symconv.grade(right, a, v).correct  # no start given: only the values are graded
    assert symconv.grade(Sequence(right, start=1), a, v).correct
    g = symconv.grade(Sequence(right, start=0), a, v)
    assert g.diagnosis == "shifted" and "start at c[0]" in g.feedback and "c[1]" in g.feedback
    assert symconv.grade(right, a, v, start=3).diagnosis == "shifted"


def test_correlation_graded_against_numpy():
    a, v = [1, 2, 3, 0.5], [1, -1, 2]
    right = np.correlate(a, v, "full").tolist()
    assert symconv.grade(right, a, v, op="correlate", start=-2).correct
    flipped = symconv.grade(np.convolve(a, v).tolist(), a, v, op="correlate")
    assert flipped.diagnosis == "flipped" and "convolution" in flipped.feedback
    valid = symconv.grade(np.correlate(a, v, "valid").tolist(), a, v, op="correlate", mode="valid")
    assert valid.correct


def test_complex_correlation_not_conjugated_is_named():
    a, v = [1 + 2j, -3, 0.5], [1j, 2]
    unconjugated = np.convolve(a, np.array(v)[::-1]).tolist()
    g = symconv.grade(unconjugated, a, v, op="correlate", start=-1)
    assert g.diagnosis == "not-conjugated" and "conjugate" in g.feedback
    assert symconv.grade(np.correlate(a, v, "full").tolist(), a, v, op="correlate", start=-1).correct


def test_2d_mistakes():
    from scipy import signal

    x = [[1, 2, 0, 3], [0, 1, 3, 1], [2, 1, 1, 0]]
    k = [[1, 2], [0, -1]]
    right = signal.convolve2d(x, k)
    assert symconv.grade(right.tolist(), x, k, op="convolve2d").correct
    assert symconv.grade(signal.correlate2d(x, k).tolist(), x, k, op="convolve2d").diagnosis == "not-flipped"
    assert symconv.grade(right[::-1, ::-1].tolist(), x, k, op="convolve2d").diagnosis == "reversed"
    assert symconv.grade(signal.convolve2d(x, k, "valid").tolist(), x, k, op="convolve2d").diagnosis == "wrong-mode"
    wrong = right.copy()
    wrong[1, 2] += 5
    g = symconv.grade(wrong.tolist(), x, k, op="convolve2d")
    assert (g.diagnosis, g.first_wrong) == ("arithmetic", (1, 2))
    assert "y[1, 2] should be" in g.feedback and g.score == pytest.approx(1 - 1 / right.size)


def test_torch_layer_mistakes():
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    x = torch.tensor([[1., 2, 0, 3, 1], [0, 1, 3, 1, 2], [2, 1, 1, 0, 1], [1, 0, 2, 2, 1], [3, 1, 0, 1, 2]])
    w = torch.tensor([[1., 2, 0], [0, -1, 1], [2, 0, 1]])

    def layer(weight, **kw):
        return F.conv2d(x[None, None], weight[None, None], **kw)[0, 0].int().tolist()

    xs, ws = x.int().tolist(), w.int().tolist()
    assert symconv.grade(layer(w, stride=2, padding=1), xs, ws, op="conv2d", stride=2, padding=1).correct
    flipped = symconv.grade(layer(w.flip(0, 1), stride=2, padding=1), xs, ws, op="conv2d", stride=2, padding=1)
    assert flipped.diagnosis == "flipped"
    swapped = symconv.grade(layer(w, stride=1, padding=2), xs, ws, op="conv2d", stride=2, padding=1)
    assert swapped.diagnosis == "swapped-stride-padding"
    signal, kernel = torch.tensor([1., 2, 3, 4, 5, 6]), torch.tensor([1., 0, -1])
    out = F.conv1d(signal[None, None], kernel[None, None], stride=2, padding=1, dilation=2)[0, 0].int().tolist()
    one = symconv.grade(out, [1, 2, 3, 4, 5, 6], [1, 0, -1], op="conv1d", stride=2, padding=1, dilation=2)
    assert one.correct


@pytest.mark.parametrize("answer, ok", [
    ([0.333, 1], True), ([0.3333, 1], True), ([0.33, 1], False), ([0.334, 1], False), (["1/3", 1], True),
    ([0.3, 1], False),
])
def test_decimal_answers_to_the_stated_digits(answer, ok):
    assert symconv.grade(answer, [1, 3], "1/3").correct == ok


def test_terminating_values_are_graded_exactly():
    assert symconv.grade([1, 1, 1.5, 1.625, 0.75, 0.25], [1, 0.5, 1, 1], [1, 0.5, 0.25]).correct
    assert not symconv.grade([1, 1, 1.5, 1.63, 0.75, 0.25], [1, 0.5, 1, 1], [1, 0.5, 0.25]).correct
    # with digits=2, two decimals are enough: 1.63 is 1.625 rounded (half up) to two
    assert symconv.grade([1, 1, 1.5, 1.63, 0.75, 0.25], [1, 0.5, 1, 1], [1, 0.5, 0.25], digits=2).correct
    too_short = symconv.grade([0.33, 1], [1, 3], "1/3")
    assert "too few decimals" in too_short.feedback


def test_symbolic_answers():
    assert symconv.grade("a0*b0, a0*b1 + a1*b0, a1*b1", "a0, a1", "b0, b1").correct
    g = symconv.grade("a0*b0, a0*b1, a1*b1", "a0, a1", "b0, b1")
    assert (g.diagnosis, g.first_wrong) == ("arithmetic", 1)


@pytest.mark.parametrize("answer, message", [
    ("1, 2, __import__('os')", "answer"),
    ("1, " * 30000, "answer"),
    ([[1, 2], [3]], "answer"),
])
def test_bad_answers_are_input_errors(answer, message):
    with pytest.raises(InputError, match=message):
        symconv.grade(answer, [1, 2], [1, 1])


def test_bad_arguments_are_input_errors():
    with pytest.raises(InputError, match="start"):
        symconv.grade([1], [1], [1], start=1.5)
    with pytest.raises(InputError, match="start applies to 1D"):
        symconv.grade([[1]], [[1]], [[1]], op="convolve2d", start=0)
    with pytest.raises(InputError, match="digits"):
        symconv.grade([1], [1], [1], digits=0)
    with pytest.raises(InputError, match="op must be"):
        symconv.grade([1], [1], [1], op="spam")
    with pytest.raises(InputError, match="closed form is not graded"):
        symconv.grade([1], "u[n]", "u[n]", formula=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=2, max_size=6), st.lists(st.integers(-5, 5), min_size=2, max_size=4),
       st.data())
def test_one_wrong_sample_is_found(a, v, data):
    full = np.convolve(a, v).tolist()
    assert symconv.grade(full, a, v).correct
    k = data.draw(st.integers(0, len(full) - 1))
    wrong = list(full)
    wrong[k] += data.draw(st.sampled_from([-2, -1, 1, 3]))
    g = symconv.grade(wrong, a, v)
    assert not g.correct and g.first_wrong == k
    assert g.score == pytest.approx((len(full) - 1) / len(full))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-4, 4).map(lambda n: Fraction(n, 2)), min_size=1, max_size=5),
       st.lists(st.integers(-4, 4), min_size=1, max_size=4))
def test_the_right_answer_always_gets_full_marks(a, v):
    full = [Fraction(x).limit_denominator() for x in np.convolve(np.array(a, dtype=object), np.array(v, dtype=object))]
    g = symconv.grade([str(x) for x in full], [str(x) for x in a], v)
    assert g.correct and g.score == 1 and g.first_wrong is None


def test_ambiguous_answers_are_ranked_as_documented():
    """A symmetric a makes the correlation equal the reversed convolution: 'not-flipped' (the
    conceptual mistake) is reported before 'reversed'. A symmetric kernel makes the correlation
    the convolution itself: the right answer wins. With a length-2 kernel, 'same' is 'full'
    without its last sample: 'wrong-mode' beats 'wrong-length'."""
    a, v = [1, 2, 1], [1, 3]
    assert np.correlate(a, v, "full").tolist() == np.convolve(a, v)[::-1].tolist()
    assert symconv.grade(np.correlate(a, v, "full").tolist(), a, v).diagnosis == "not-flipped"
    assert symconv.grade(np.correlate([1, 2, 3], [1, 1], "full").tolist(), [1, 2, 3], [1, 1]).correct
    same = np.convolve([2, -1, 3, 1], [1, 2], "same").tolist()
    assert same == np.convolve([2, -1, 3, 1], [1, 2]).tolist()[:-1]
    assert symconv.grade(same, [2, -1, 3, 1], [1, 2]).diagnosis == "wrong-mode"


def test_a_huge_symbolic_answer_is_compared_without_expanding_it():
    import time

    start = time.perf_counter()
    g = symconv.grade("(a+b+c+d+e+f+g+h)**1000, 3, 5, 3", [1, 2, 3], [1, 1])
    assert g.diagnosis == "arithmetic" and g.first_wrong == 0 and time.perf_counter() - start < 2
    assert not symconv.grade("a0*b1, a0*b1 + a1*b0, a1*b1", "a0, a1", "b0, b1").correct
    assert symconv.grade("a0*b0, (a0 + a1)*(b0 + b1) - a0*b0 - a1*b1, a1*b1", "a0, a1", "b0, b1").correct


def test_numpy_float_answers_carry_rounding_noise():
    rng = np.random.default_rng(1)
    for _ in range(50):
        a, b = np.round(rng.normal(size=5), 1), np.round(rng.normal(size=3), 1)
        assert symconv.grade(np.convolve(a, b), a.tolist(), b.tolist()).correct
    assert not symconv.grade(np.convolve([1.0, 2.0], [1.0, 1.0]) + 1e-6, [1, 2], [1, 1]).correct


@pytest.mark.parametrize("call, message", [
    (lambda: symconv.grade([1, 3, 5, 3], [1, 2, 3], [1, 1], start=10**5000), "start"),
    (lambda: symconv.grade([1], [1], [1], limits="x"), "limits"),
    (lambda: symconv.exercise(seed=1, difficulty=["easy"]), "difficulty"),
    (lambda: symconv.exercise(seed=2**63 - 1).to_prairielearn("/tmp/never-written", variants=5), "go past"),
    (lambda: symconv.exercise(seed=1).to_prairielearn("/proc/symconv-nope", variants=1), "cannot write"),
    (lambda: symconv.exercise(seed=1).to_prairielearn(None, variants=1), "path"),
])
def test_more_bad_arguments_are_input_errors(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_a_number_too_long_for_python_is_said_in_our_words():
    with pytest.raises(InputError, match="a number has more than") as info:
        symconv.grade("9" * 5000 + ", 1", [1, 2], [1, 1])
    assert "set_int_max_str_digits" not in str(info.value) and len(str(info.value)) < 300


def test_exact_answers_get_no_float_tolerance():
    """Fractions are exact: only binary floats carry rounding noise to forgive."""
    from fractions import Fraction

    assert not symconv.grade([Fraction(1, 3) + Fraction(1, 10**12), 1], [1, 3], "1/3").correct
    assert symconv.grade([1 / 3 + 1e-15, 1.0], [1, 3], "1/3").correct


def test_the_flip_feedback_quotes_the_solutions_own_step():
    g = symconv.grade(np.convolve([1, 2, 3], [0, 1, 0.5]).tolist(), [1, 2, 3], [0, 1, 0.5], op="correlate")
    assert g.diagnosis == "flipped" and "c[k] = Σ_m a[m+k]·b[m]" in g.feedback
