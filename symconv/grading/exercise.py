"""Exercises: a sequence pair drawn deterministically from a seed, with its worked solution, its
grader, and an answer key (the right answer and what each classic mistake gives) that the
self-check block and the PrairieLearn export grade from without symconv."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from fractions import Fraction

from ..dispatch import derive
from ..errors import InputError, brief
from ..model import Sequence
from .answer import grade

__all__ = ["DIFFICULTIES", "Exercise", "exercise"]

#: How each difficulty draws its pair: lengths, values, start indices and modes.
DIFFICULTIES = {
    "easy": "a of 3 samples and b of 2 or 3, integers from −3 to 3, both starting at 0, mode full",
    "medium": "a of 4 samples and b of 3, integers from −4 to 5 or halves, a starting at −1, 0 or 1, "
              "mode full or same",
    "hard": "a of 4 or 5 samples and b of 3, simple fractions (halves, thirds), starts from −2 to 2, "
            "mode full, same or valid",
}
_HALVES = [Fraction(k, 2) for k in range(-5, 6) if k]
_FRACTIONS = [Fraction(p, q) for q in (1, 2, 3) for p in range(-4, 5) if p and abs(Fraction(p, q)) <= 2]
_MAX_SEED = 2**63


@dataclass(frozen=True)
class Exercise:
    """One exercise: compute ``op(a, b)`` in ``mode``, every sample and where it starts.

    Attributes
    ----------
    op : {"convolve", "correlate"}
    a, b : tuple of Fraction
        The samples.
    start_a, start_b : int
        The indices of the first samples.
    mode : {"full", "same", "valid"}
    decimal : bool
        Whether the numbers are written as decimals (halves) rather than fractions.
    seed : int
    difficulty : str
    """

    op: str
    a: tuple
    b: tuple
    start_a: int
    start_b: int
    mode: str
    decimal: bool
    seed: int
    difficulty: str

    def _text(self, values) -> str:
        return ", ".join(_number(v, self.decimal) for v in values)

    @property
    def operands(self) -> tuple:
        """``(a, b)`` as `Sequence` objects with their start indices."""
        return (Sequence(self._text(self.a), self.start_a, "a"), Sequence(self._text(self.b), self.start_b, "b"))

    @property
    def solution(self):
        """The worked solution, a `Derivation`."""
        a, b = self.operands
        return derive(self.op, a, b, mode=self.mode)

    def grade(self, answer, start=None):
        """Grade an answer (any form [`grade()`][symconv.grade] takes); ``start`` the index the
        student gives for its first sample."""
        a, b = self.operands
        return grade(answer, a, b, op=self.op, mode=self.mode, start=start)

    def _mode_note(self) -> str:
        """What the mode keeps, for the index of the first sample (none needed for full)."""
        return {"full": "", "same": " Mode `same` keeps the central max(N, M) samples of the full result "
                                     "(N, M: the lengths of a and b).",
                "valid": " Mode `valid` keeps only the outputs where a and b overlap completely."}[self.mode]

    def prompt_markdown(self) -> str:
        """The question in Markdown with ``$…$`` math."""
        what = "convolution $c = a \\ast b$" if self.op == "convolve" else \
            "cross-correlation $c[k] = \\sum_m a[m+k]\\, b[m]$"
        call = f"numpy.{self.op}(a, b, mode='{self.mode}')"
        return (f"Compute the {what} of\n\n"
                f"- $a = ({self._text(self.a)})$, its first sample $a[{self.start_a}]$,\n"
                f"- $b = ({self._text(self.b)})$, its first sample $b[{self.start_b}]$,\n\n"
                f"keeping the outputs of mode `{self.mode}` (as `{call}` does). Give every sample of "
                f"$c$ in order, and the index of its first sample.{self._mode_note()}")

    def prompt_html(self, math=None) -> str:
        """The question as HTML; ``math(tex)`` wraps a formula (default ``$tex$``, for a page
        with MathJax such as PrairieLearn's)."""
        import html
        import re

        def inline(tex: str) -> str:
            return math(tex) if math is not None else f"${html.escape(tex, quote=False)}$"

        formula = "c = a \\ast b" if self.op == "convolve" else "c[k] = \\sum_m a[m+k]\\, b[m]"
        what = ("the convolution " if self.op == "convolve" else "the cross-correlation ") + inline(formula)
        call = html.escape(f"numpy.{self.op}(a, b, mode='{self.mode}')")
        note = re.sub(r"`([^`]*)`", r"<code>\1</code>", html.escape(self._mode_note()))
        return (f"<p>Compute {what} of</p><ul>"
                f"<li>{inline(f'a = ({self._text(self.a)})')}, its first sample {inline(f'a[{self.start_a}]')},</li>"
                f"<li>{inline(f'b = ({self._text(self.b)})')}, its first sample {inline(f'b[{self.start_b}]')},</li>"
                f"</ul><p>keeping the outputs of mode <code>{self.mode}</code> (as <code>{call}</code> does): "
                f"every sample of {inline('c')} in order, and the index of its first sample.{note}</p>")

    def answer_key(self) -> dict:
        r"""What a grader needs without symconv: the right samples and start, and the samples each
        classic mistake gives, in rank order, with the feedback for each (exact values as
        strings such as ``"3/2"``).

        Everything here comes from [`grade()`][symconv.grade] run on the mistakes' own values,
        so a grader that matches an answer against ``mistakes`` in order reaches the same
        diagnosis."""
        from ..render.prose import typeset_minus
        right = self.solution
        from ..render.text import number_text

        key = {"values": [str(v) for v in right.values], "start": right.start, "digits": 3,
               "shown": [typeset_minus(number_text(v, self.decimal)) for v in right.values],
               "lines": {}, "mistakes": []}
        for n in right.indices:
            key["lines"][str(n)] = typeset_minus(_solution_line(right, n))
        seen = {tuple(key["values"])}
        for diagnosis, values in _mistake_values(self, right):
            text = tuple(str(v) for v in values)
            if text in seen:
                continue
            seen.add(text)
            g = self.grade(list(text))
            if g.diagnosis != diagnosis:
                continue
            key["mistakes"].append({"diagnosis": diagnosis, "values": list(text), "feedback": g.feedback,
                                    "mode": g.mode})
        return key

    def to_dict(self) -> dict:
        """The exercise as JSON-ready data: the question, the answer and the answer key."""
        return {"op": self.op, "a": [str(v) for v in self.a], "b": [str(v) for v in self.b],
                "start_a": self.start_a, "start_b": self.start_b, "mode": self.mode, "seed": self.seed,
                "difficulty": self.difficulty, "prompt": self.prompt_markdown(), "answer": self.answer_key(),
                "solution": self.solution.text()}

    def to_json(self, *, indent: int | None = None) -> str:
        """`to_dict()` as JSON."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_prairielearn(self, folder, *, variants: int = 20):
        """Write a PrairieLearn question folder that runs without symconv; see
        `symconv.grading.prairielearn.write_question`."""
        from .prairielearn import write_question

        return write_question(self, folder, variants=variants)


def _number(value: Fraction, decimal: bool) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    if decimal and value.denominator == 2:
        return str(float(value))
    return f"{value.numerator}/{value.denominator}"


def _solution_line(right, n) -> str:
    from .feedback import solution_line

    return solution_line(right, n)


def _mistake_values(ex: Exercise, right):
    """``(diagnosis, values)`` for each classic mistake, in rank order."""
    a, b = ex.operands
    other = "correlate" if ex.op == "convolve" else "convolve"
    yield ("not-flipped" if ex.op == "convolve" else "flipped"), derive(other, a, b, mode=ex.mode).values
    yield "reversed", tuple(reversed(right.values))
    for mode in ("full", "same", "valid"):
        if mode != ex.mode:
            yield "wrong-mode", derive(ex.op, a, b, mode=mode).values


def _draw(rng: random.Random, difficulty: str) -> tuple:
    if difficulty == "easy":
        pool, la, lb = [k for k in range(-3, 4)], 3, rng.choice([2, 3])
        starts, modes, decimal = (0, 0), ("full",), False
    elif difficulty == "medium":
        decimal = rng.random() < 0.5
        pool = _HALVES if decimal else list(range(-4, 6))
        la, lb = 4, 3
        starts, modes = (rng.choice([-1, 0, 1]), 0), ("full", "same")
    else:
        pool, la, lb = _FRACTIONS, rng.choice([4, 5]), 3
        starts, modes, decimal = (rng.randint(-2, 2), rng.randint(-2, 2)), ("full", "same", "valid"), False
    a = [Fraction(rng.choice(pool)) for _ in range(la)]
    b = [Fraction(rng.choice(pool)) for _ in range(lb)]
    return a, b, starts, rng.choice(modes), decimal


def _distinct(ex: Exercise) -> bool:
    """Classroom-sensible: non-zero end samples, a kernel that is not symmetric, and every
    classic mistake giving an answer of its own (so each diagnosis can be told apart)."""
    if not (ex.a[0] and ex.a[-1] and ex.b[0] and ex.b[-1]) or ex.b == tuple(reversed(ex.b)):
        return False
    right = ex.solution
    answers = [tuple(right.values)] + [tuple(values) for _, values in _mistake_values(ex, right)]
    return len(set(answers)) == len(answers)


def exercise(op: str = "convolve", *, seed: int, difficulty: str = "easy") -> Exercise:
    """An exercise drawn deterministically from ``seed``.

    Parameters
    ----------
    op : {"convolve", "correlate"}
    seed : int
        The same seed gives the same exercise, on every machine.
    difficulty : {"easy", "medium", "hard"}
        See `DIFFICULTIES`.

    Returns
    -------
    Exercise

    Raises
    ------
    InputError
        An unknown operation or difficulty, or a seed that is not a non-negative int.

    Examples
    --------
    >>> import symconv
    >>> ex = symconv.exercise(seed=7)
    >>> ex == symconv.exercise(seed=7)
    True
    >>> ex.grade(ex.solution.values).correct
    True
    """
    if not isinstance(op, str) or op not in ("convolve", "correlate"):
        raise InputError(f"op must be 'convolve' or 'correlate', got {brief(op)}")
    if not isinstance(difficulty, str) or difficulty not in DIFFICULTIES:
        raise InputError(f"difficulty must be one of {', '.join(DIFFICULTIES)}, got {brief(difficulty)}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < _MAX_SEED:
        raise InputError(f"seed must be an int from 0 to 2**63 - 1, got {brief(seed)}")
    rng = random.Random(f"symconv-{op}-{difficulty}-{seed}")
    for _ in range(500):
        a, b, (sa, sb), mode, decimal = _draw(rng, difficulty)
        ex = Exercise(op, tuple(a), tuple(b), sa, sb, mode, decimal, seed, difficulty)
        if _distinct(ex):
            return ex
    raise InputError(f"no exercise found for seed {seed}")  # pragma: no cover - never seen in 10,000 seeds
