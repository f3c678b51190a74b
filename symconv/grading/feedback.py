"""Feedback a student can act on: what is wrong, in words, and the line of the worked solution
to look at (its step, found in the solution's document and printed alone)."""

from __future__ import annotations

import sympy

from ..render.prose import typeset_minus
from ..render.text import number_text
from .compare import decimals

__all__ = ["feedback", "solution_line"]

_MAX_LINE = 140


def _index(n) -> str:
    return ", ".join(str(i) for i in n) if isinstance(n, tuple) else str(n)


def _step_text(solution, doc, step) -> str:
    """One step of the worked solution printed alone in the text notation, on one line."""
    import dataclasses

    from ..render.text import TextPrinter
    from ..steps import kind_of, options_for

    options = options_for(kind_of(solution.expansion), {})
    return "; ".join(" ".join(line.split()) for line in
                     TextPrinter(options).doprint(dataclasses.replace(doc, steps=(step,))).splitlines())


def solution_line(solution, n) -> str:
    """The worked solution's line for output ``n`` (cut in the middle when long), printed alone
    from its `Output` step (not the whole solution), or a description of it."""
    lhs = f"{solution.names[2]}[{_index(n)}]"
    doc = solution.document()
    wanted = n if isinstance(n, tuple) else (n,)
    output = next((o for o in doc.outputs if tuple(o.lhs.index) == wanted), None)
    if output is None:
        return f"the line for {lhs}"
    line = _step_text(solution, doc, output)
    if len(line) > _MAX_LINE:
        parts = line.split(" = ")
        middle = parts[1] if len(parts) > 2 else ""
        cut = middle[:60].rsplit(" + ", 1)[0] + " + …" if len(middle) > 60 else middle
        line = " = ".join(p for p in (parts[0], cut, parts[-1]) if p)
    return line


def _flip_line(solution) -> str:
    """The worked solution's step that states the flip (convolution), the rotation (2D), the
    conjugation, or else the definition, printed alone from the document."""
    from ..steps import Conjugation, Definition, Flip, Rotation, WindowSum

    doc = solution.document()
    for kinds in ((Flip, Rotation, Conjugation), (Definition, WindowSum)):
        step = next((s for s in doc.steps if isinstance(s, kinds)), None)
        if step is not None:
            return _step_text(solution, doc, step)
    return ""


def _decimal_input(solution) -> bool:
    exp = solution.expansion
    return any(getattr(op, "decimal", False) for op in (getattr(exp, "a", None), getattr(exp, "b", None),
                                                         getattr(exp, "x", None), getattr(exp, "k", None)))


def _shift_words(ans, start: int, solution, c: str) -> str:
    """How the answer's samples are displaced: by the start given, or by zeros added or lost."""
    if start != solution.start and len(ans.values) == len(solution.values):
        return f"start at {c}[{start}]"
    lead = next((k for k, x in enumerate(ans.values) if x != 0), 0)
    right_lead = next((k for k, x in enumerate(solution.values) if x != 0), 0)
    shift = (start + lead) - (solution.start + right_lead)
    later = "later" if shift > 0 else "earlier"
    return f"sit {abs(shift)} {'index' if abs(shift) == 1 else 'indices'} {later} than they should"


def _too_short(got, want, decimal: bool) -> str:
    """A rounding of the right value that gives too few decimals says so."""
    if not (decimal and got.is_Rational and want.is_Rational):
        return ""
    written = decimals(int(got.q))
    if written is not None and abs(got - want) <= sympy.Rational(1, 2 * 10**written):
        return f" ({number_text(got, True)} has too few decimals)"
    return ""


def feedback(diagnosis: str, solution, ans, start, first_wrong, other_mode, got: dict, want: dict) -> str:
    """One or two sentences for ``diagnosis``."""
    c = solution.names[2]
    decimal = ans.decimal or _decimal_input(solution)
    first = min(want) if want else None
    count = len(want)
    if diagnosis == "correct":
        last = max(want)
        return typeset_minus(f"Correct: all {count} samples of {c}, {c}[{_index(first)}] to {c}[{_index(last)}], "
                             "are right.")
    look = solution_line(solution, first_wrong if first_wrong in want else first)
    if diagnosis == "not-flipped":
        text = (f"This is the cross-correlation: the kernel was slid along without being flipped. "
                f"Convolution flips it first; compare with “{_flip_line(solution)}”, then “{look}”.")
    elif diagnosis == "flipped":
        text = (f"This is the convolution: the kernel was flipped, but cross-correlation slides it as it is; "
                f"compare with “{_flip_line(solution)}”, then “{look}”.")
    elif diagnosis == "not-conjugated":
        text = ("The kernel is complex, and cross-correlation multiplies by its conjugate; compare with "
                f"“{_flip_line(solution)}”, then “{look}”.")
    elif diagnosis == "swapped-stride-padding":
        text = ("These are the outputs with stride and padding swapped; check which number pads the input and "
                f"which one steps the window, then “{look}”.")
    elif diagnosis == "reversed":
        text = (f"Your values are the right ones in reverse order; the output starts with {c}[{_index(first)}]: "
                f"“{solution_line(solution, first)}”.")
    elif diagnosis == "wrong-mode":
        text = (f"These are the values of mode '{other_mode}', but mode '{solution.mode}' keeps {count} samples, "
                f"{c}[{_index(first)}] to {c}[{_index(max(want))}]; the first is “{solution_line(solution, first)}”.")
    elif diagnosis == "shifted":
        where = _shift_words(ans, start, solution, c)
        text = (f"Your values are right but {where}; the output starts at {c}[{_index(first)}]: "
                f"“{solution_line(solution, first)}”.")
    elif diagnosis == "wrong-length":
        text = f"{c} has {count} samples, {c}[{_index(first)}] to {c}[{_index(max(want))}]; your answer has {len(got)}"
        text += (f", and {c}[{_index(first_wrong)}] is not one of them." if first_wrong not in want else
                 f"; the first that differs is {c}[{_index(first_wrong)}]: “{look}”.")
    else:
        wrong = [n for n in want if n in got and got[n] != want[n]]
        more = f" ({len(wrong) - 1} more samples are wrong too)" if len(wrong) > 1 else ""
        n = first_wrong
        if n in got and n in want:
            short = _too_short(got[n], want[n], ans.decimal)
            text = (f"{c}[{_index(n)}] should be {number_text(want[n], decimal)}, not {number_text(got[n], ans.decimal)}"
                    f"{short}{more}: look at “{look}”.")
        else:
            text = f"{c}[{_index(n)}] is missing or extra{more}: look at “{look}”."
    return typeset_minus(text)
