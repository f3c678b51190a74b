"""symconv.exercise: deterministic, classroom-sensible exercises; their answer keys; and the
PrairieLearn folder, driven in a subprocess that has only the standard library."""

import json
import subprocess
import sys
import uuid
from fractions import Fraction

import numpy as np
import pytest

import symconv
from symconv import InputError


def test_the_same_seed_gives_the_same_exercise():
    assert symconv.exercise(seed=7) == symconv.exercise(seed=7)
    assert symconv.exercise(seed=7).to_json() == symconv.exercise(seed=7).to_json()
    assert symconv.exercise(seed=7) != symconv.exercise(seed=8)
    assert symconv.exercise(seed=7) != symconv.exercise("correlate", seed=7)


@pytest.mark.parametrize("op", ["convolve", "correlate"])
@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_exercises_are_classroom_sensible(op, difficulty):
    for seed in range(40):
        ex = symconv.exercise(op, seed=seed, difficulty=difficulty)
        assert ex.a[0] and ex.a[-1] and ex.b[0] and ex.b[-1] and ex.b != ex.b[::-1]
        assert all(isinstance(v, Fraction) and v.denominator in (1, 2, 3) and abs(v) <= 5 for v in ex.a + ex.b)
        key = ex.answer_key()
        answers = [tuple(key["values"])] + [tuple(m["values"]) for m in key["mistakes"]]
        assert len(set(answers)) == len(answers) >= 4  # right, (not-)flipped, reversed, another mode
        # the right values, against NumPy (with the indices: correlate keeps lags, convolve outputs)
        reference = (np.convolve if op == "convolve" else np.correlate)(
            np.array(ex.a, dtype=object), np.array(ex.b, dtype=object), ex.mode)
        assert [Fraction(v) for v in key["values"]] == list(reference)
        for mistake in key["mistakes"]:
            assert ex.grade(mistake["values"]).diagnosis == mistake["diagnosis"]


def test_the_prompt_and_the_solution():
    ex = symconv.exercise(seed=7, difficulty="hard")
    prompt = ex.prompt_markdown()
    assert f"$a = ({', '.join(str(v) for v in ex.a)})$" in prompt and f"mode `{ex.mode}`" in prompt
    assert "**" not in prompt and "Fraction" not in prompt
    assert ex.grade(ex.solution.values, start=ex.solution.start).correct
    data = json.loads(ex.to_json())
    assert data["answer"]["start"] == ex.solution.start and data["seed"] == 7


@pytest.mark.parametrize("kwargs, message", [
    ({"seed": -1}, "seed"), ({"seed": 1.5}, "seed"), ({"seed": True}, "seed"),
    ({"seed": 1, "difficulty": "impossible"}, "difficulty"), ({"seed": 1, "op": "conv2d"}, "op"),
])
def test_bad_exercise_arguments(kwargs, message):
    with pytest.raises(InputError, match=message):
        symconv.exercise(**kwargs)


DRIVER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import server
assert not any(m.split(".")[0] in ("symconv", "numpy", "sympy") for m in sys.modules)
cases = json.loads(sys.stdin.read())
out = []
for case in cases:
    data = {"params": {}, "correct_answers": {}, "variant_seed": case["seed"]}
    server.generate(data)
    sub = {"params": data["params"], "correct_answers": data["correct_answers"],
           "submitted_answers": {"start": case["start"]}, "raw_submitted_answers": {"c": case["raw"]},
           "partial_scores": {}, "feedback": {}, "score": None}
    server.grade(sub)
    out.append({"variant": data["params"]["variant"], "score": sub["score"],
                "c": sub["partial_scores"]["c"]["score"], "diagnosis": sub["feedback"].get("diagnosis")})
print(json.dumps(out))
"""


def _drive(folder, cases):
    """Run the folder's server.py with the standard library only (-I: no user site, -S: no site
    packages) on PrairieLearn-shaped data."""
    result = subprocess.run([sys.executable, "-I", "-S", "-c", DRIVER, str(folder)], input=json.dumps(cases),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def _raw(values) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_prairielearn_folder_runs_without_symconv_and_agrees_with_grade(tmp_path, difficulty):
    ex = symconv.exercise(seed=3, difficulty=difficulty)
    folder = ex.to_prairielearn(tmp_path / "q", variants=4)
    info = json.loads((folder / "info.json").read_text())
    assert uuid.UUID(info["uuid"]) and info["type"] == "v3"
    question = (folder / "question.html").read_text()
    assert "<pl-matrix-input" in question and '<pl-integer-input answers-name="start"' in question
    assert "params.prompt_html" in question and "feedback.message" in question
    cases, expected = [], []
    for k in range(4):
        one = symconv.exercise(seed=3 + k, difficulty=difficulty)
        key = one.answer_key()
        right = key["values"]
        planted = [(right, key["start"]), (right, key["start"] + 1), (right + ["0"], key["start"]),
                   (right[:-1], key["start"]), (right[:1] + [str(Fraction(right[1]) + 1)] + right[2:], key["start"])]
        planted += [(m["values"], None) for m in key["mistakes"]]
        for values, start in planted:
            cases.append({"seed": k, "start": start, "raw": _raw(values)})
            g = one.grade(values, start=start)
            expected.append((k, g.diagnosis, g.score))
    got = _drive(folder, cases)
    for (k, diagnosis, score), result in zip(expected, got):
        assert result["variant"] == k
        assert (result["diagnosis"], result["c"]) == (diagnosis, pytest.approx(score)), (k, diagnosis)
    assert got[0]["score"] == 1


def test_prairielearn_grades_decimals_and_garbage(tmp_path):
    ex = symconv.exercise(seed=11, difficulty="hard")
    folder = ex.to_prairielearn(tmp_path / "q", variants=1)
    key = ex.answer_key()
    rounded = ["%.4f" % float(Fraction(v)) for v in key["values"]]
    short = ["%.1f" % float(Fraction(v)) for v in key["values"]]
    got = _drive(folder, [
        {"seed": 0, "start": key["start"], "raw": _raw(rounded)},
        {"seed": 0, "start": key["start"], "raw": "[1, x, __import__('os')]"},
        {"seed": 0, "start": key["start"], "raw": "[" + "1, " * 5000 + "]"},
    ])
    assert got[0]["score"] == 1 and got[0]["diagnosis"] == "correct"
    assert got[1]["score"] == 0 and got[2]["score"] == 0
    assert ex.grade(rounded, start=key["start"]).correct and not ex.grade(short, start=key["start"]).correct


def test_bad_variant_counts(tmp_path):
    with pytest.raises(InputError, match="variants"):
        symconv.exercise(seed=1).to_prairielearn(tmp_path, variants=0)
