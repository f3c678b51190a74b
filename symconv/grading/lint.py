"""Lint a written derivation: read each output line (`symconv.grading.reading`) and compare its
index form, its products and its value with the right derivation's steps (`Derivation.terms`),
pointing at the first wrong term."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..dispatch import derive
from ..errors import InputError, brief
from ..limits import DEFAULT_LIMITS
from ..render.prose import typeset_minus
from ..render.text import number_text
from .compare import matches
from .reading import read_lines

__all__ = ["Finding", "KINDS", "lint"]

#: What each kind of finding means.
KINDS = {
    "wrong-value": "the line's final value is not the output's value",
    "wrong-factor": "a number in a product is not the sample it should be",
    "missing-term": "a product of the sum is missing",
    "extra-term": "a product that is not in the sum",
    "wrong-index": "the index form names the wrong samples (b[−m] for b[n − m])",
    "missing-output": "an output has no line",
    "wrong-output-index": "a line for an output that does not exist",
    "unparsed": "a line that looks like a derivation line but cannot be read",
}
_DIGITS = 3


@dataclass(frozen=True)
class Finding:
    """One problem in a written derivation.

    Attributes
    ----------
    line : int
        The line (1-based) of the text it is on.
    output : int or None
        The output index the line is for.
    kind : str
        One of `KINDS`.
    message : str
        What is wrong and what it should be, in the derivation's notation.
    """

    line: int
    output: object
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.kind}: {self.message}"


def lint(text: str, a, v, *, op: str = "convolve", mode: str = "full", names=None,
         limits=DEFAULT_LIMITS, **parameters) -> tuple:
    r"""Check a written derivation of ``op(a, v)`` line by line.

    Parameters
    ----------
    text : str
        The derivation: symconv's text, Markdown or LaTeX output, or lines written by hand such
        as ``c[3] = a[1]b[2] + a[2]b[1] + a[3]b[0] = 0.5*0.25 + 1*0.5 + 1*1 = 1.625`` (products
        with ``*``, ``·``, ``\cdot``, ``\times`` or juxtaposed samples; the index form and the
        zero products of the whole window optional). Lines that are not output lines (prose, the
        definition) are skipped, except that a ``Σ`` is checked for its indices.
    a, v : inputs
        The operands, as ``op`` takes them.
    op : {"convolve", "correlate"}
    mode : {"full", "same", "valid"}
    names : str or (str, str, str), optional
        The names the derivation uses; by default read from the text (the output's name from
        the lines, the operands' from the first product written).
    limits : Limits
    **parameters
        ``start_a``, ``start_b``, as [`derive()`][symconv.derive] takes them.

    Returns
    -------
    tuple of Finding
        Sorted by line; ``()`` for a right derivation.

    Raises
    ------
    InputError
        Text beyond the size limits, bad operands, or an operation lint does not read yet.

    Examples
    --------
    >>> import symconv
    >>> text = '''c[3] = a[1]b[2] + a[2]b[1] + a[3]b[0] = 0.5*0.25 + 1*0.5 + 1*1 = 1.625'''
    >>> symconv.lint(text, [1, 0.5, 1, 1], [1, 0.5, 0.25])[0].kind
    'missing-output'
    >>> bad = "c[3] = a[1]b[2] + a[2]b[1] + a[3]b[0] = 0.5*0.5 + 1*0.5 + 1*1 = 1.75"
    >>> [str(f) for f in symconv.lint(bad, [1, 0.5, 1, 1], [1, 0.5, 0.25]) if f.output == 3]
    ['1: wrong-factor: in 0.5·0.5, b[2] is 0.25, not 0.5', '1: wrong-value: c[3] is 1.625, not 1.75']
    """
    if op not in ("convolve", "correlate"):
        raise InputError(f"lint reads 1D derivations (op 'convolve' or 'correlate'), got {brief(op)}")
    lines = read_lines(text)
    right = derive(op, a, v, mode=mode, names=names, limits=limits, **parameters)
    first, second, out = _names(lines, right, names)
    outputs = {o.lhs.index[0]: o for o in right.document(call=False).outputs}  # built once, not per line
    findings = []
    seen: dict = {}
    for line in lines:
        if line.name != out:
            continue  # the flip line, the operands: not outputs
        if line.error:
            findings.append(Finding(line.number, _int(line.index), "unparsed", f"cannot read this line: {line.error}"))
            if _int(line.index) is not None:
                seen.setdefault(_int(line.index), line.number)  # there is a line for it, unreadable
            continue
        index = _int(line.index)
        for part in line.parts:
            if part.kind == "sum":
                findings.extend(_check_sum(line, part, index, first, second, op))
        if index is None:
            continue
        if index not in right.indices:
            findings.append(Finding(line.number, index, "wrong-output-index",
                                    f"{out}[{index}] is not an output: {out} runs from {out}[{right.indices[0]}] "
                                    f"to {out}[{right.indices[-1]}]"))
            continue
        seen.setdefault(index, line.number)
        findings.extend(_check_line(line, index, right, outputs, first, second, out, op))
    if seen or not findings:
        findings.extend(_missing(right, seen, out, lines))
    return tuple(Finding(f.line, f.output, f.kind, _clean(typeset_minus(f.message)))
                 for f in sorted(findings, key=lambda f: (f.line, _order(f.kind))))


_MAX_MESSAGE = 240


def _clean(message: str) -> str:
    """A message safe to print: control and bidirectional-format characters shown as escapes
    (no terminal reset, no reordered text), and cut to `_MAX_MESSAGE` characters."""
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in message[:_MAX_MESSAGE * 2])
    return shown if len(shown) <= _MAX_MESSAGE else shown[:_MAX_MESSAGE - 1] + "…"


_SORT = ("unparsed", "wrong-output-index", "wrong-index", "missing-term", "extra-term", "wrong-factor",
         "wrong-value", "missing-output")


def _order(kind: str) -> int:
    """Within a line, findings in reading order: the index form, the products, the value."""
    return _SORT.index(kind)


def _int(text: str):
    return int(text) if re.fullmatch(r"-?\d{1,18}", text.replace(" ", "")) else None


def _names(lines, right, names) -> tuple:
    """The names the text uses for the first operand, the second and the output."""
    if names is not None:
        return right.names
    outs = Counter(line.name for line in lines if _int(line.index) is not None)
    out = outs.most_common(1)[0][0] if outs else right.names[2]
    for line in lines:
        if line.name != out:
            continue
        for part in line.parts:
            for term in part.terms:
                if len(term.refs) == 2 and term.refs[0].name != term.refs[1].name:
                    return term.refs[0].name, term.refs[1].name, out
    return right.names[0], right.names[1], out


def _linear(text: str, n):
    """``text`` (``n - m``, ``3-m``, ``m + k``) as ``(coefficient of m, of n, constant)`` with the
    output index ``n`` substituted when it is a number; None if it is not such a form."""
    text = text.replace(" ", "")
    if not text or len(text) > 40 or not re.fullmatch(r"[-+]?(\d*[mnk]?)([-+]\d*[mnk]?)*", text):
        return None
    cm = cn = const = 0
    for sign, digits, var in re.findall(r"([-+]?)(\d*)([mnk]?)", text):
        if not digits and not var:
            continue
        value = (-1 if sign == "-" else 1) * (int(digits) if digits else 1)
        if var == "m":
            cm += value
        elif var in ("n", "k"):
            if n is None:
                cn += value
            else:
                const += value * n
        else:
            const += value
    return cm, cn, const


def _check_sum(line, part, n, first, second, op) -> list:
    """A Σ over m: the indices of its two samples must add up (convolution) or differ
    (correlation) to the output index."""
    out = []
    for term in part.terms:
        refs = {r.name: r for r in term.refs}
        if first not in refs or second not in refs:
            continue
        fa, fb = _linear(refs[first].index, n), _linear(refs[second].index, n)
        if fa is None or fb is None:
            continue
        target = (0, 1, 0) if n is None else (0, 0, n)
        total = tuple(x + y for x, y in zip(fa, fb)) if op == "convolve" else tuple(x - y for x, y in zip(fa, fb))
        if total != target:
            where = "n" if n is None else str(n)
            want = f"{where} - m" if op == "convolve" else "m"
            if op == "correlate":
                want_first = "m + k" if n is None else f"m + {n}"
                message = (f"{first}[{refs[first].index}]·{second}[{refs[second].index}]: cross-correlation "
                           f"pairs {first}[{want_first}] with {second}[m]")
            else:
                message = (f"{second}[{refs[second].index}] should be {second}[{want}]: in a convolution the "
                           f"indices of {first} and {second} add up to {where}")
            out.append(Finding(line.number, n, "wrong-index", message))
    return out


def _expected(outputs: dict, n):
    """``{(i, j): (x, y)}`` for the terms of output ``n`` (i indexes the first operand)."""
    return {(t.factors[0].ref.index[0], t.factors[1].ref.index[0]): (t.factors[0].value, t.factors[1].value)
            for t in outputs[n].terms}


def _check_line(line, n, right, outputs, first, second, out, op) -> list:
    from .lint_terms import check_index, check_products

    expected = _expected(outputs, n)
    found, pairs = [], None
    for part in line.parts:
        if part.kind == "index":
            pairs, problems = check_index(part, n, expected, first, second, op)
            found.extend(Finding(line.number, n, kind, message) for kind, message in problems)
        elif part.kind == "products":
            names = (first, second)
            found.extend(Finding(line.number, n, kind, message)
                         for kind, message in check_products(part, expected, pairs, names, right))
    value_parts = [p for p in line.parts if p.kind == "value"]
    if value_parts:
        given = value_parts[-1].terms[0].numbers[0] * value_parts[-1].terms[0].sign
        want = right.values[n - right.start]
        decimal = "." in value_parts[-1].text
        if not matches(given, want, decimal, _DIGITS):
            found.append(Finding(line.number, n, "wrong-value",
                                 f"{out}[{n}] is {number_text(want, decimal)}, not {number_text(given, decimal)}"))
    return found  # a line without its value: its terms were still checked


def _missing(right, seen: dict, out: str, lines) -> list:
    """Outputs without a line, each run of them one finding at the line of the output before it
    (or the first)."""
    numbers = [line.number for line in lines] or [1]
    decimal = any(getattr(getattr(right.expansion, side), "decimal", False) for side in ("a", "b"))
    runs: list = []
    for n in right.indices:
        if n in seen:
            continue
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    found = []
    for run in runs:
        before = [seen[k] for k in seen if k < run[0]]
        at = max(before) if before else min(seen.values(), default=numbers[0])
        if len(run) == 1:
            n = run[0]
            message = f"no line for {out}[{n}] (it is {number_text(right.values[n - right.start], decimal)})"
        else:
            message = f"no lines for {out}[{run[0]}] to {out}[{run[-1]}] ({len(run)} outputs)"
        found.append(Finding(at, run[0], "missing-output", message))
    return found
