"""The HTML of the blocks that check a reader's work: a self-check exercise (``op: exercise``)
and a linted derivation (``lint:``).

The exercise carries its answer key (`Exercise.answer_key`, JSON in an escaped attribute); the
page's small script (``symconv-selfcheck.js``, shipped with the plugin, no network) matches an
answer against it and shows the diagnosis as text. Nothing the reader types reaches the HTML.
"""

from __future__ import annotations

import html
import json

from .grading import exercise, lint
from .render.prose import typeset_minus
from .reflow import check_html, derivation_html, inline_code

__all__ = ["exercise_html", "lint_html", "SCRIPT"]

#: The script the plugin adds to every page (it does nothing on a page without an exercise).
SCRIPT = "symconv-selfcheck.js"


def _inline_math(tex: str) -> str:
    return f'<span class="arithmatex">\\({html.escape(tex, quote=False)}\\)</span>'


def exercise_html(data: dict, block_id: str) -> str:
    """A self-check exercise: the question, an answer box, a Check button, the verdict, and the
    worked solution behind a disclosure."""
    ex = exercise(data.get("of", "convolve"), seed=data["seed"], difficulty=data.get("difficulty", "easy"))
    key = ex.answer_key()
    key["name"] = "c"
    from .render.prose import ProsePrinter
    from .steps import kind_of, options_for

    solution = ex.solution
    options = options_for(kind_of(solution.expansion), {})
    doc = solution.document()
    prose = inline_code(ProsePrinter(options).doprint(doc))
    check = check_html(doc, options, solution.check())  # the worked solution ends with its check
    title = data.get("title") or f"Exercise {ex.seed}"
    field = f"{block_id}-c"
    return (f'<div class="symconv symconv-exercise" id="{block_id}" data-symconv-key="{html.escape(json.dumps(key))}">'
            f'<p class="symconv-title"><strong>{html.escape(title)}</strong></p>'
            f"{ex.prompt_html(_inline_math)}"
            f'<form class="symconv-answer" autocomplete="off">'
            f'<label for="{field}">{_inline_math("c =")}</label> '
            f'<input id="{field}" name="c" type="text" inputmode="text" spellcheck="false" '
            f'placeholder="1, 3/2, -2" aria-describedby="{block_id}-verdict"> '
            f'<span class="symconv-field"><label for="{block_id}-start">first index</label> '
            f'<input id="{block_id}-start" name="start" type="number" step="1" inputmode="numeric"></span> '
            f'<button type="submit">Check</button></form>'
            f'<p class="symconv-verdict" id="{block_id}-verdict" role="status" aria-live="polite">'
            f"<noscript>Checking an answer on the page needs JavaScript; the worked solution below does not."
            f"</noscript></p>"
            f"<details><summary>Show the worked solution</summary><p>{prose}</p>{derivation_html(doc, options)}{check}"
            f'<p>The first sample is <code>{html.escape(f"{solution.names[2]}[{solution.start}]")}</code>.</p>'
            f"</details></div>")


def lint_html(data: dict, block_id: str) -> str:
    """A derivation as written, line by line, each finding beside (under, on a phone) its line."""
    parameters = {k: data[k] for k in ("mode", "start_a", "start_b") if k in data}
    text = data["lint"]
    findings = lint(text, data["a"], data["b"], op=data.get("op", "convolve"), names=data.get("names"),
                    **parameters)
    from .dispatch import derive
    from .grading.feedback import solution_line
    from .grading.reading import read_lines

    derivation_lines = {line.number for line in read_lines(text)}
    right = derive(data.get("op", "convolve"), data["a"], data["b"], names=data.get("names"),
                   **{"mode": "full", **parameters})
    by_line: dict = {}
    for f in findings:
        by_line.setdefault(f.line, []).append(f)
    items = []
    from .grading.reading import split_lines

    for number, line in enumerate(split_lines(text), 1):
        line = "".join(ch if ch.isprintable() or ch == "\t" else "\ufffd" for ch in line)
        if not line.strip():
            continue
        notes = "".join(f'<span class="symconv-finding symconv-finding-{html.escape(f.kind)}">'
                        f"<strong>{html.escape(f.kind)}</strong>: {html.escape(f.message)}</span>"
                        for f in by_line.get(number, ()))
        outputs = {f.output for f in by_line.get(number, ()) if f.kind not in ("missing-output", "wrong-output-index")
                   and isinstance(f.output, int) and f.output in right.indices}
        notes += "".join(f'<span class="symconv-right">the right line: <code>'
                         f"{html.escape(typeset_minus(solution_line(right, n)))}</code></span>" for n in sorted(outputs))
        mark = "✗" if number in by_line else ("✓" if number in derivation_lines else "")
        items.append(f'<li value="{number}" class="{"symconv-bad" if notes else "symconv-ok" if mark else ""}">'
                     f'<span class="symconv-mark" aria-hidden="true">{mark}</span>'
                     f"<code>{html.escape(line)}</code>{notes}</li>")
    summary = (f"{len(findings)} finding{'s' if len(findings) != 1 else ''}, the first at line {findings[0].line}"
               if findings else "No findings: every line checks out")
    title = data.get("title")
    head = f'<p class="symconv-title"><strong>{html.escape(title)}</strong></p>' if title else ""
    return (f'<div class="symconv symconv-lint" id="{block_id}">{head}<ol class="symconv-lint-lines">'
            f'{"".join(items)}</ol><p class="symconv-lint-summary">{html.escape(summary)}.</p></div>')
