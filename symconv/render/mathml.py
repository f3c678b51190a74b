"""LaTeX -> MathML at build time with ``math-core`` (imported on first use; a docs dependency)."""

from __future__ import annotations

import functools
import re

from ..errors import InputError

__all__ = ["to_mathml"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CODE = re.compile(r"<code>.*?</code>", re.S)
_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@functools.lru_cache(maxsize=1)
def _converter():
    import math_core

    return math_core, math_core.LatexToMathML()


def _first_error_line(message: str) -> str:
    lines = [line.strip(" │╭╰─") for line in _ANSI.sub("", message).splitlines()]
    for line in lines:
        if line.startswith("Error:"):
            return line[len("Error:"):].strip()
    return next((line for line in lines if line), "invalid LaTeX")


def to_mathml(tex: str, display: bool) -> str:
    """MathML of ``tex``; ``display`` for block math.

    Raises
    ------
    InputError
        If the LaTeX does not parse (unknown command, unbalanced braces, ...), with the
        converter's message and the start of the formula.
    """
    math_core, converter = _converter()
    try:
        mathml = converter.convert_with_local_state(tex, displaystyle=display)
    except math_core.LatexError as exc:
        shown = " ".join(tex.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise InputError(f"LaTeX error: {_first_error_line(str(exc))} in ${shown}$") from None
    # Text mode curls quotes; code (\\texttt: a library call) must keep them straight, so that
    # it runs as printed when copied.
    return _CODE.sub(lambda m: m.group(0).translate(_STRAIGHT), mathml)
