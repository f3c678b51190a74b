"""Grade a student's answer: compare it sample by sample with the right derivation and with the
derivations the classic mistakes produce, and name the mistake that explains it.

Everything is compared as exact values read from derivations built through the public API
(`symconv.derive`); no printed text is compared. The feedback names a line of the worked
solution, found by its output index.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dispatch import OPERATIONS, derive
from ..errors import InputError, brief
from ..limits import DEFAULT_LIMITS
from ..model import Matrix, Sequence
from .compare import Answer, matches, read_answer
from .feedback import feedback

__all__ = ["DIAGNOSES", "Grade", "grade"]

#: Every diagnosis, with what it means. Ranked: when one answer fits several, the first wins.
DIAGNOSES = {
    "correct": "every sample right, at the right index",
    "not-flipped": "the cross-correlation where the convolution was asked (the kernel not flipped)",
    "flipped": "the convolution where the cross-correlation was asked (the kernel flipped)",
    "not-conjugated": "a complex cross-correlation without the conjugate of the kernel",
    "swapped-stride-padding": "the output of stride and padding swapped (torch-style layers)",
    "reversed": "the right values in reverse order (rotated by 180° in 2D)",
    "wrong-mode": "the values of another mode (full, same, valid)",
    "shifted": "the right values at the wrong indices",
    "wrong-length": "too few or too many samples, and no mistake above explains them",
    "arithmetic": "some samples wrong, and no mistake above explains them",
}
_1D, _2D, _DL = ("convolve", "correlate"), ("convolve2d", "correlate2d"), ("conv1d", "conv2d")


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer.

    Attributes
    ----------
    score : float
        Partial credit from 0 to 1: the samples equal to the right ones at the same index,
        over the number of indices either the answer or the right result has (so a missing
        sample and an extra one both cost). 1 only when ``correct``.
    correct : bool
    diagnosis : str
        One of `DIAGNOSES`.
    first_wrong : int, tuple or None
        The output index (1D) or ``(row, column)`` (2D) of the first sample that differs from
        the right one, in index order; None when correct.
    feedback : str
        One or two sentences a student can act on, naming the line of the worked solution to
        look at.
    mode : str or None
        For ``"wrong-mode"``, the mode whose values the answer has.
    solution : Derivation
        The right derivation (the worked solution).
    """

    score: float
    correct: bool
    diagnosis: str
    first_wrong: object
    feedback: str
    mode: str | None
    solution: object

    def to_dict(self) -> dict:
        """The verdict as JSON-ready data (the solution left out; ``first_wrong`` a list in 2D)."""
        first = list(self.first_wrong) if isinstance(self.first_wrong, tuple) else self.first_wrong
        return {"correct": self.correct, "score": self.score, "diagnosis": self.diagnosis,
                "first_wrong": first, "mode": self.mode, "feedback": self.feedback}

    def __repr__(self) -> str:
        return (f"<Grade {self.diagnosis} score={self.score:.3g} first_wrong={self.first_wrong!r}>")


def grade(answer, a, v, *, op: str = "convolve", mode: str | None = None, start: int | None = None,
          digits: int = 3, names=None, limits=DEFAULT_LIMITS, **parameters) -> Grade:
    r"""Grade ``answer`` as the result of ``op`` applied to ``a`` and ``v``.

    Parameters
    ----------
    answer : sequence, str, array, Sequence or Matrix
        The student's result, in any form [`convolve()`][symconv.convolve] accepts (a matrix
        for 2D operations). A `Sequence` carries its own start index.
    a, v : inputs
        The operands, as ``op`` takes them.
    op : {"convolve", "correlate", "convolve2d", "correlate2d", "conv1d", "conv2d"}
    mode : {"full", "same", "valid"}, optional
        For the 1D and 2D (scipy) operations; default ``"full"``.
    start : int, optional
        The index the student gives for the answer's first sample (1D). Default: the answer's
        own start if it is a `Sequence`, else the right start (the start is then not graded).
    digits : int
        The tolerance for decimal answers: a sample written with decimals is accepted when it
        is the exact value rounded to the decimals written, and those are at least ``digits``
        (or all the decimals the exact value has). So with ``digits=3``, ``0.333`` is accepted
        for $1/3$ and ``0.33`` is not; ``1.625`` must be written in full. Samples written as
        integers or fractions are compared exactly.
    names : optional
        The names of the worked solution, as for the operation.
    limits : Limits
    **parameters
        The operation's other parameters (``start_a``, ``boundary``, ``stride``, ...), as
        [`derive()`][symconv.derive] takes them.

    Returns
    -------
    Grade

    Raises
    ------
    InputError
        A bad answer, operand or parameter.

    Notes
    -----
    The answer is compared with the right values and with the values each classic mistake
    gives, in the order of `DIAGNOSES`: a symmetric kernel makes the correlation equal to the
    convolution, and the right answer always wins such a tie; an answer that is both the
    correlation and the reversed result (a symmetric ``a``) is reported as ``"not-flipped"``,
    the conceptual mistake, before ``"reversed"``.

    Examples
    --------
    >>> import symconv
    >>> g = symconv.grade([1, 3, 5, 4], [1, 2, 3], [1, 1])
    >>> g.diagnosis, g.first_wrong, g.score
    ('arithmetic', 3, 0.75)
    >>> print(g.feedback)
    c[3] should be 3, not 4: look at “c[3] = a[2]·b[1] = 3·1 = 3”.
    >>> symconv.grade([3, 5, 3, 1], [1, 2, 3], [1, 1]).diagnosis
    'reversed'
    >>> symconv.grade([0.333, 1], [1, 3], "1/3").correct
    True
    """
    from ..limits import Limits

    if not isinstance(op, str) or op not in OPERATIONS:
        raise InputError(f"op must be one of {', '.join(OPERATIONS)}, got {brief(op)}")
    if op.startswith("conv_transpose") or op == "circular":  # no catalogue of its classic mistakes yet
        graded = ", ".join(o for o in OPERATIONS if not o.startswith("conv_transpose") and o != "circular")
        raise InputError(f"grade does not take {op} yet; it grades {graded}")
    if not isinstance(limits, Limits):
        raise InputError(f"limits must be a symconv.Limits, got {type(limits).__name__}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 50:
        raise InputError(f"digits must be an int from 1 to 50, got {brief(digits)}")
    if parameters.get("formula") or "params" in parameters:
        raise InputError("grade takes finite sequences; a closed form is not graded (formula and params do not apply)")
    answer_data = read_answer(answer, op, start, limits)
    given = dict(parameters)
    if mode is not None:
        given["mode"] = mode
    elif op in _1D + _2D:
        given["mode"] = "full"
    right = derive(op, a, v, names=names, limits=limits, **given)
    return _verdict(answer_data, right, op, given, digits, limits)


def _positions(values, start, two_d: bool) -> dict:
    """Index → value for a result's samples."""
    if two_d:
        return {(i, j): x for i, row in enumerate(values) for j, x in enumerate(row)}
    return {start + k: x for k, x in enumerate(values)}


def _verdict(ans: Answer, right, op, given, digits, limits) -> Grade:
    two_d = right.is_2d
    want = _positions(right.values, right.start, two_d)
    start = right.start if ans.start is None else ans.start
    got = _positions(ans.values, start, two_d)
    union = sorted(set(want) | set(got))
    same = [n for n in union if n in want and n in got and matches(got[n], want[n], ans.decimal, digits, ans.binary)]
    score = len(same) / len(union) if union else 1.0
    wrong = [n for n in union if n not in same]
    first_wrong = wrong[0] if wrong else None
    diagnosis, other_mode = _diagnose(ans, right, op, given, digits, limits, wrong, start)
    text = feedback(diagnosis, right, ans, start, first_wrong, other_mode, got, want)
    return Grade(1.0 if not wrong else score, not wrong, diagnosis, first_wrong, text, other_mode, right)


def _same_values(ans: Answer, values, two_d: bool, digits: int) -> bool:
    """Whether the answer has exactly ``values`` (rows for 2D), wherever it starts."""
    if two_d:
        return (len(ans.values) == len(values) and all(len(r) == len(s) for r, s in zip(ans.values, values))
                and all(matches(x, y, ans.decimal, digits, ans.binary) for r, s in zip(ans.values, values) for x, y in zip(r, s)))
    return len(ans.values) == len(values) and all(matches(x, y, ans.decimal, digits, ans.binary)
                                                 for x, y in zip(ans.values, values))


def _diagnose(ans: Answer, right, op, given, digits, limits, wrong, start):
    two_d = right.is_2d
    if not wrong:
        return "correct", None
    for diagnosis, other_mode, values in _mistakes(right, op, given, limits):
        if values is not None and values != right.values \
                and _same_values(ans, values, two_d, digits):
            return diagnosis, other_mode
    if _same_values(ans, right.values, two_d, digits) and start != right.start \
            or _trimmed_shift(ans, right, start, digits):
        return "shifted", None
    size = (len(ans.values), len(ans.values[0]) if ans.values else 0) if two_d else len(ans.values)
    if size != (right.output_shape if two_d else len(right.values)):
        return "wrong-length", None
    return "arithmetic", None


def _trimmed_shift(ans: Answer, right, start: int, digits: int) -> bool:
    """1D: the answer's non-zero stretch is the right one's, at other indices."""
    if right.is_2d:
        return False

    def trim(values, is_zero):
        lo, hi = 0, len(values)
        while lo < hi and is_zero(values[lo]):
            lo += 1
        while hi > lo and is_zero(values[hi - 1]):
            hi -= 1
        return values[lo:hi], lo

    mine, at = trim(ans.values, lambda x: x == 0)
    theirs, right_at = trim(right.values, lambda x: x == 0)
    return bool(theirs) and start + at != right.start + right_at and len(mine) == len(theirs) and all(
        matches(x, y, ans.decimal, digits, ans.binary) for x, y in zip(mine, theirs))


def _mistakes(right, op, given, limits):
    """``(diagnosis, mode, values)`` of each classic mistake, in rank order (values None when
    the mistake does not apply)."""
    exp = right.expansion
    names = right.names
    given = {k: v for k, v in given.items() if k not in ("start_a", "start_b")}  # the operands carry them
    if op in _1D:
        first, second = exp.a, exp.b
        other = "correlate" if op == "convolve" else "convolve"
        swapped_op = derive(other, first, second, names=names, limits=limits, **given).values
        yield ("not-flipped" if op == "convolve" else "flipped"), None, swapped_op
        # b slid unflipped and unconjugated: a convolution with b reversed
        unflipped = Sequence(tuple(reversed(second.values)), 0, second.name, limits=limits)
        plain = derive("convolve", first, unflipped, names=names, limits=limits, **given).values
        if op == "convolve":
            yield "not-flipped", None, plain
        elif exp.conjugate:
            yield "not-conjugated", None, plain
        yield "reversed", None, tuple(reversed(right.values))
        for mode in ("full", "same", "valid"):
            if mode != given.get("mode"):
                yield "wrong-mode", mode, derive(op, first, second, names=names, limits=limits,
                                                  **{**given, "mode": mode}).values
        return
    x, k = exp.x, exp.k
    if op in _2D:
        other = "correlate2d" if op == "convolve2d" else "convolve2d"
        yield ("not-flipped" if op == "convolve2d" else "flipped"), None, \
            derive(other, x, k, names=names, limits=limits, **given).values
    else:  # torch layers compute a cross-correlation; a flipped kernel is the classic slip
        rotated = Matrix(tuple(tuple(reversed(r)) for r in reversed(k.rows)), k.name, limits=limits)
        x_in = x.rows[0] if op == "conv1d" else x
        k_in = rotated.rows[0] if op == "conv1d" else rotated
        yield "flipped", None, derive(op, x_in, k_in, names=names, limits=limits, **given).values
        stride, padding = given.get("stride", 1), given.get("padding", 0)
        if stride != padding and isinstance(padding, (int, tuple, list)) and not isinstance(padding, bool):
            try:
                swapped = derive(op, x_in, k.rows[0] if op == "conv1d" else k, names=names, limits=limits,
                                 **{**given, "stride": padding, "padding": stride}).values
            except InputError:  # the swapped parameters are not a valid layer
                swapped = None
            yield "swapped-stride-padding", None, swapped
    yield "reversed", None, tuple(tuple(reversed(r)) for r in reversed(right.values))
    if op in _2D:
        for mode in ("full", "same", "valid"):
            if mode != given.get("mode"):
                yield "wrong-mode", mode, derive(op, x, k, names=names, limits=limits,
                                                  **{**given, "mode": mode}).values
