"""A ```` ```symconv ```` block's body in, Markdown out: the print form of a block, for the
formats HTML does not reach.

Pandoc and Quarto turn a block into HTML (MathML, figures, tables, the self-check script) for
their HTML formats; for LaTeX/PDF, Typst, Word, EPUB and the rest, the Lua filter asks for this
Markdown (``symconv block --format markdown``) and lets Pandoc convert it like the rest of the
document: prose, the derivation as ``$$\\begin{aligned}…\\end{aligned}$$`` display math, the
result, the check. Figures, the table view of the block (``show: table``), the animation and the
answer box of an exercise are HTML only; an exercise prints its question and then its worked
solution, a linted derivation its lines and its findings.

The body is checked exactly as for HTML (`symconv.frontend.parse`); the user's own text (a title,
a linted line, a finding that quotes it) is escaped so that Pandoc reads it back as plain text,
never as raw LaTeX or HTML.
"""

from __future__ import annotations

import re

from .fence import parse_fence, prepare_block

__all__ = ["markdown", "escape", "display_math"]

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """``text`` as Markdown that reads back as exactly this text: every ASCII punctuation
    character backslash-escaped (Pandoc and CommonMark allow it), each run of whitespace one
    space, so no markup, raw LaTeX or HTML can start inside it.

    Examples
    --------
    >>> escape("A *bold* \\\\input{x} <b>")
    'A \\\\*bold\\\\* \\\\\\\\input\\\\{x\\\\} \\\\<b\\\\>'
    """
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def markdown(source: str) -> str:
    """The Markdown of one block: its title, prose, the derivation as display math (``$$``),
    the result and (if shown) the check.

    Parameters
    ----------
    source : str
        The block's body (YAML: ``op``, ``a``, ``b``, ...; the keys of
        [`FENCE_KEYS`][symconv.frontend.FENCE_KEYS]).

    Returns
    -------
    str
        Pandoc Markdown (``tex_math_dollars``); it needs no raw LaTeX or HTML, so a reader with
        those extensions off reads it whole.

    Raises
    ------
    SymconvError
        The block is not valid (an [`InputError`][symconv.InputError] naming the key) or too
        large to derive, as for [`render()`][symconv.frontend.render].

    See Also
    --------
    symconv.frontend.render : the same block as HTML with MathML.

    Examples
    --------
    >>> md = markdown("a: 1, 2\\nb: 3\\ntitle: Two samples")
    >>> md.splitlines()[0]
    '**Two samples**'
    >>> "$$\\n\\\\begin{aligned}" in md, "max |error| = 0" in md
    (True, True)
    """
    data = parse_fence(source)
    if data.get("op") == "exercise":
        return _exercise(data)
    if "lint" in data:
        return _lint(data)
    parts = [f"**{escape(data['title'])}**"] if data.get("title") else []
    derivation, given, report = prepare_block(data)
    parts.append(_derivation_markdown(derivation, given, report))
    return "\n\n".join(parts).rstrip("\n") + "\n"


def display_math(source: str) -> tuple[str, str]:
    """The block's derivation as display math, from one derivation: its TeX (an ``aligned``
    block, as in `markdown`'s ``$$``) and its Typst math (what goes between ``$`` and ``$``), for
    the exports of a page (MyST-MD's LaTeX and Typst). An exercise or a lint block has none:
    InputError.

    Examples
    --------
    >>> tex, typ = display_math("a: 1, 2\\nb: 3\\nshow: [derivation]")
    >>> tex.startswith("\\\\begin{aligned}"), typ.splitlines()[2]
    (True, 'c[0] &= a[0] thin b[0] = 1 dot 3 = 3 \\\\')
    """
    from .errors import InputError

    data = parse_fence(source)
    if data.get("op") == "exercise" or "lint" in data:
        raise InputError("an exercise or a lint block has no single derivation to print as display math")
    derivation, given, _ = prepare_block(data)
    typst = derivation.typst(**given).strip().removeprefix("$").removesuffix("$").strip("\n")
    return derivation.latex(**given).strip(), typst


def _derivation_markdown(derivation, given: dict, report) -> str:
    """Prose, ``$$`` math and the result (with ``report``, the check) of a derivation."""
    from .render.markdown import MarkdownPrinter
    from .steps import build, kind_of, options_for

    options = options_for(kind_of(derivation.expansion), {**given, "check": report is not None})
    return MarkdownPrinter(options).doprint(build(derivation.expansion, options, report, derivation.limits))


def _exercise(data: dict) -> str:
    """An exercise on paper: the question, then the worked solution (a page cannot hide it)."""
    from .grading import exercise

    ex = exercise(data.get("of", "convolve"), seed=data["seed"], difficulty=data.get("difficulty", "easy"))
    title = escape(data["title"]) if data.get("title") else f"Exercise {ex.seed}"
    solution = ex.solution
    worked = _derivation_markdown(solution, {}, solution.check())
    first = f"{solution.names[2]}[{solution.start}]"
    return (f"**{title}**\n\n{ex.prompt_markdown()}\n\n*Worked solution.* {worked.strip()}\n\n"
            f"The first sample is `{first}`.\n")


def _lint(data: dict) -> str:
    """A linted derivation on paper: its lines as code, then each finding with its line."""
    from .grading import lint

    parameters = {k: data[k] for k in ("mode", "start_a", "start_b") if k in data}
    text = data["lint"]
    findings = lint(text, data["a"], data["b"], op=data.get("op", "convolve"), names=data.get("names"),
                    **parameters)
    lines = ["".join(ch if ch.isprintable() or ch == "\t" else "\ufffd" for ch in line)
             for line in text.splitlines()]
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    parts = [f"**{escape(data['title'])}**"] if data.get("title") else []
    parts.append(f"{fence}\n" + "\n".join(lines) + f"\n{fence}")
    if findings:
        parts.append("\n".join(f"- line {f.line}, {escape(f.kind)}: {escape(f.message)}" for f in findings))
        parts.append(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}, the first at line "
                     f"{findings[0].line}.")
    else:
        parts.append("No findings: every line checks out.")
    return "\n\n".join(parts) + "\n"
