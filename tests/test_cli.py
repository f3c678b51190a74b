"""The command line, through main([...]) and as a real process."""

import json
import subprocess
import sys

import pytest

import symconv

from symconv.cli import main


def test_reference_text(capsys, golden):
    assert main(["convolve", "1, 0.5, 1, 1", "1, 0.5, 0.25", "--check"]) == 0
    out = capsys.readouterr().out
    golden("reference.txt", out.removesuffix("\n"))


@pytest.mark.parametrize("fmt, marker", [
    ("latex", "\\begin{aligned}"), ("markdown", "$$"), ("text", "c[3]  = "), ("json", '"outputs"'), ("typst", "&="),
])
def test_formats(capsys, fmt, marker):
    assert main(["convolve", "1, 0.5, 1, 1", "1, 0.5, 0.25", "--format", fmt]) == 0
    assert marker in capsys.readouterr().out


def test_options(capsys):
    assert main(["correlate", "1, 2, 3", "0, 1, 1/2", "--mode", "full", "--format", "json",
                 "--names", "x,h,y", "--start-a", "-1", "--start-b", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["output"]["name"] == "y" and data["output"]["start"] == -1 - 2 - 2
    assert main(["convolve", "1/3, 1", "1/2", "--numbers", "decimal", "--wrap", "1", "--elide", "1"]) == 0
    out = capsys.readouterr().out
    assert "≈ 0.166667" in out and "⋮" not in out  # 2 outputs: nothing to elide
    assert main(["convolve", "1,2", "3,4", "--zeros"]) == 0
    assert "a[1]·b[-1]" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["convolve", "1, nan", "1"], "a[1]: 'nan' is not a finite number"),
    (["convolve", "1", "__import__('os')"], "b[0]: calling '__import__' is not allowed"),
    (["convolve", "1", "[1, [2]]"], "nested list"),
    (["convolve", "9**9**9**9", "1"], "too large"),
    (["convolve", "1"], "required: b"),
    (["convolve", "1", "2", "--mode", "spam"], "invalid choice"),
    (["frobnicate"], "invalid choice"),
    ([], "choose a command"),
    (["convolve", "1", "2", "--names", "x,x,y"], "must differ"),
    (["convolve", ",".join(["1"] * 3000), ",".join(["1"] * 3000)], "max_terms"),
])
def test_errors_are_one_line_exit_2(capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("symconv: error: ") and message in lines[0]


def test_2d_and_dl_commands(capsys):
    assert main(["convolve2d", "1 2 0; 0 1 2; 2 0 1", "1 0; 0 -1", "--mode", "valid", "--check"]) == 0
    out = capsys.readouterr().out
    assert "y[1, 1] = " in out and "max |error| = 0" in out
    assert main(["correlate2d", "1 2; 3 4", "1 -1", "--boundary", "wrap", "--mode", "same",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["output"]["values"] == [["-1", "1"], ["-1", "1"]]
    assert main(["conv2d", "1 2 3 0 1; 0 1 2 3 1; 1 0 1 2 0; 2 1 0 1 3; 1 1 2 0 1",
                 "1 0 -1; 2 0 -2; 1 0 -1", "--stride", "2", "--padding", "1", "--dilation", "1"]) == 0
    out = capsys.readouterr().out
    assert "⌊(5 + 2·1 - 1·(3 - 1) - 1)/2⌋ + 1 = 3" in out and "y[1, 1] = " in out
    assert main(["conv1d", "1, 2, 3, 4", "1, -1", "--padding", "same", "--stride", "1,1"]) == 2
    assert "stride" in capsys.readouterr().err
    assert main(["conv2d", "1 2 3; 4 5 6; 7 8 9", "1 1; 1 1", "--padding", "1,0", "--format", "latex"]) == 0
    assert "zero padding: 1 top, 1 bottom, 0 left, 0 right" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["convolve2d", "1 2; 3", "1"], "ragged rows"),
    (["convolve2d", "1 2; 3 4", "1 2 3", "--mode", "valid"], "at least as large"),
    (["conv2d", "1 2 3", "1"], "2D input"),
    (["conv1d", "1, 2", "1, 1, 1"], "kernel size can't be greater"),
    (["conv2d", "1 2; 3 4", "1", "--stride", "0"], "stride must be at least 1"),
    (["conv2d", "1 2; 3 4", "1", "--stride", "x"], "expected an int"),
    (["convolve2d", "1 2; 3 4", "1", "--fillvalue", "nan"], "not a finite"),
])
def test_2d_errors_one_line(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("symconv: error: ") and message in err[0]


def test_python_dash_m_and_no_traceback():
    ok = subprocess.run([sys.executable, "-m", "symconv", "convolve", "1, 2", "3"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "c[1]" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "symconv", "convolve", "1, inf", "3"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().startswith("symconv: error: a[1]: 'inf' is not a finite number")


def test_grade_command(capsys):
    assert main(["grade", "--a", "1, 2, 3", "--b", "1, 1", "--answer", "1, 3, 5, 3"]) == 0
    assert capsys.readouterr().out.startswith("correct (score 1.00): Correct")
    assert main(["grade", "--a", "1, 2, 3", "--b", "0, 1, 0.5", "--answer", "0.5, 2, 3.5, 3, 0"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("not-flipped (score ") and "cross-correlation" in out
    assert main(["grade", "--a", "1 2; 3 4", "--b", "1 0; 0 1", "--answer", "1 2 0; 3 6 2; 0 3 4",
                 "--op", "conv2d", "--padding", "1", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["diagnosis"] == "arithmetic" and data["first_wrong"] == [1, 1]


@pytest.mark.parametrize("argv, message", [
    (["grade", "--a", "1, 2", "--b", "1", "--answer", "1, nan"], "answer[1]"),
    (["grade", "--a", "1", "--b", "1", "--answer", "1", "--stride", "2"], "'stride' does not apply"),
    (["grade", "--a", "1", "--b", "1"], "--answer"),
    (["grade", "--a", "u[n]", "--b", "u[n]", "--answer", "1", "--formula"], "unrecognized arguments: --formula"),
])
def test_grade_command_bad_input(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_lint_command(tmp_path, capsys):
    path = tmp_path / "hand.txt"
    path.write_text("c[0] = a[0]b[0] = 1*1 = 1\nc[1] = a[0]b[1] + a[1]b[0] = 1*0.5 + 0.5*1 = 2\n")
    assert main(["lint", str(path), "--a", "1, 0.5, 1, 1", "--b", "1, 0.5, 0.25"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{path}:2: wrong-value: c[1] is 1, not 2",
                   f"{path}:2: missing-output: no lines for c[2] to c[5] (4 outputs)"]
    right = tmp_path / "right.tex"
    right.write_text(symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).latex())
    assert main(["lint", str(right), "--a", "1, 0.5, 1, 1", "--b", "1, 0.5, 0.25"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "cannot read"),
    (lambda p: p.write_bytes(b"\xff\xfe\x00c[0]"), "not UTF-8"),
    (lambda p: p.write_text("c[0] = 1\n" * 300_000), "larger than lint reads"),
])
def test_lint_command_bad_files(tmp_path, capsys, make, message):
    path = tmp_path / "d.txt"
    make(path)
    assert main(["lint", str(path), "--a", "1", "--b", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_exercise_command(tmp_path, capsys):
    assert main(["exercise", "--seed", "7", "--count", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("## Exercise") == 2 and "### Solution" in out and "$$" in out
    assert main(["exercise", "--seed", "7", "--format", "json", "--difficulty", "hard"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["difficulty"] == "hard" and data[0]["answer"]["values"]
    assert main(["exercise", "--seed", "7", "--count", "3", "--format", "prairielearn", "-o", str(tmp_path / "q")]) == 0
    assert sorted(p.name for p in (tmp_path / "q").iterdir()) == ["info.json", "question.html", "server.py"]


@pytest.mark.parametrize("argv, message", [
    (["exercise", "--seed", "7", "--format", "prairielearn"], "-o DIR"),
    (["exercise", "--seed", "-3"], "seed"),
    (["exercise", "--seed", "1", "--count", "999"], "--count"),
    (["exercise", "--seed", "1", "-o", "x"], "-o applies"),
])
def test_exercise_command_bad_input(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err
