"""The index of worked examples: one table row per ```` ```symconv ```` block of a site, in the
navigation's order, with the library function it matches, its settings, its result and a link
to it. A block the index cannot read is reported (a warning naming both pages), never dropped
silently."""

from __future__ import annotations

import html
import logging
import posixpath
import re

from .dispatch import OPERATIONS
from .fence import derive_block, fence_id, parse_fence, unique_id
from .frontend import find_blocks

__all__ = ["gallery_markdown", "markdown_text", "top_level_fences", "settings_text", "result_text", "result_markdown"]

log = logging.getLogger("mkdocs.plugins.symconv")

#: The library function each operation matches, as the derivations name it.
LIBRARY = {"convolve": "numpy.convolve", "correlate": "numpy.correlate",
           "convolve2d": "scipy.signal.convolve2d", "correlate2d": "scipy.signal.correlate2d",
           "conv1d": "torch.nn.functional.conv1d", "conv2d": "torch.nn.functional.conv2d",
           "conv_transpose1d": "torch.nn.functional.conv_transpose1d",
           "conv_transpose2d": "torch.nn.functional.conv_transpose2d",
           "circular": "sympy.discrete.convolution"}
_MOST_VALUES, _MOST_ROWS = 8, 5
_MOST_MATH_CHARS = 40  # a formula a phone's table card holds on one line
#: The keys that make two blocks the same example (the rest choose what a block shows).
_SAME_EXAMPLE = ("op", "a", "b", "mode", "start_a", "start_b", "boundary", "fillvalue", "stride", "padding",
                 "dilation", "padding_mode", "formula", "params", "output_padding", "n")


def top_level_fences(markdown: str):
    """Bodies of the ```` ```symconv ```` fences that are not inside another fenced block."""
    for block in find_blocks(markdown, ("symconv",)):
        yield block.body


def markdown_text(text: str) -> str:
    """Text for a Markdown table cell: HTML-escaped (no markup gets through) and with Markdown's
    own specials escaped."""
    text = html.escape(re.sub(r"[ \t\r\n]+", " ", text).strip(), quote=False)  # no-break spaces stay
    text = re.sub(r"([\\`*_\[\]|$])", r"\\\1", text)  # not parentheses: \( starts math
    return text.replace("{", "&#123;").replace("}", "&#125;")  # attr_list would take {…} for attributes


def settings_text(options: dict) -> str:
    """What sets an example apart, in a few words: the mode, or the deep-learning geometry, or
    'closed form, every n'."""
    op = options["op"]
    if options.get("formula") is True:
        return "every n"
    if op == "circular":
        n = options.get("n")
        return f"n = {markdown_text(str(n))}" if n is not None else "n = the longer length"
    if op in ("conv_transpose1d", "conv_transpose2d"):
        parts = [f"{key.replace('_', ' ')} {markdown_text(str(options[key]))}"
                 for key in ("stride", "padding", "output_padding", "dilation") if key in options]
        return ", ".join(parts) or "stride 1, no padding"
    if op in ("conv1d", "conv2d"):
        parts = [f"{key.replace('_', ' ')} {markdown_text(str(options[key]))}"
                 for key in ("stride", "padding", "dilation", "padding_mode") if key in options]
        return ", ".join(parts) or "stride 1, no padding"
    mode = options.get("mode", "valid" if op == "correlate" else "full")
    text = f"`{mode}`" if mode in ("full", "same", "valid") else "?"
    if op in ("convolve2d", "correlate2d") and options.get("boundary") in ("wrap", "symm"):
        text += f", boundary `{options['boundary']}`"
    return text


def result_markdown(derivation) -> str:
    """The result for a Markdown table cell: ``c = (1, 1, 1.5, …)``, ``y = [2 5; 6 4]`` as text,
    a closed form as inline math (its form with unit steps, else its cases)."""
    from .derivation import Derivation

    if isinstance(derivation, Derivation):
        return markdown_text(result_text(derivation))
    lines = [line.strip().removesuffix("\\\\").strip() for line in derivation.latex().splitlines()]
    at = next((k for k, line in enumerate(lines) if "\\begin{cases}" in line and "every integer" in line), None)
    following = lines[at + 1] if at is not None and at + 1 < len(lines) and lines[at + 1].startswith("&=") else None
    if following is None or len(result_text(derivation)) > _MOST_MATH_CHARS:
        return markdown_text(result_text(derivation))  # cases are too tall, a long formula too wide: text wraps
    lhs = lines[at].split("&=")[0].strip()
    body = following.removeprefix("&=").strip()
    if "|" in body:  # a bar would split the table's cell
        return markdown_text(result_text(derivation))
    return f"$\\displaystyle {lhs} = {body}$"  # full-size fractions: a table's text size is small


def result_text(derivation) -> str:
    """The result in a few words of text notation: ``c = (1, 1, 1.5, …)``, ``y = [2 5; 6 4]``, or
    a closed form's shortest line; the imaginary unit is i, as on the site's pages."""
    from .derivation import Derivation
    from .render.prose import typeset_minus
    from .render.text import number_text

    if not isinstance(derivation, Derivation):  # a closed form: its shortest statement of y[n]
        lines = [" ".join(line.split()) for line in derivation.text().splitlines()]
        name = lines[0].split("[", 1)[0] if lines else "y"
        at = next((k for k, line in enumerate(lines) if line.startswith(f"{name}[n] = {{")), None)
        closed = [] if at is None else [lines[at].removesuffix(" for every integer n")] + \
            [line for line in lines[at + 1:at + 2] if line.startswith("= ")]
        best = min(closed, key=len) if closed else (lines[-1] if lines else "")
        best = best if best.startswith(name) else f"{name}[n] {best}"
        return typeset_minus(best if len(best) <= 90 else best[:89] + "…")
    exp = derivation.expansion
    decimal = any(getattr(getattr(exp, side, None), "decimal", False) for side in ("a", "b", "x", "k"))

    def say(value) -> str:
        return number_text(value, decimal, unit="i")

    out = derivation.names[2]
    decimal = decimal or bool(getattr(exp, "decimal", False))
    shape = derivation.output_shape
    if len(shape) > 2 or (derivation.kind == "conv1d" and shape[0] > 1):  # channels: the first slice that is a matrix
        rows, lead = derivation.values, []
        while len(shape) - len(lead) > 2:
            rows, lead = rows[0], lead + ["0"]
        shown = ["\u00a0".join(say(v) for v in row[:_MOST_VALUES]) + ("\u00a0…" if len(row) > _MOST_VALUES else "")
                 for row in rows[:_MOST_ROWS]]
        name = f"{out}[{', '.join(lead)}]" if lead else out
        return typeset_minus(f"{name} = [{'; '.join(shown)}{'; …' if len(rows) > _MOST_ROWS else ''}] "
                             f"(shape {'×'.join(map(str, shape))})")
    if derivation.is_2d and derivation.kind not in ("conv1d", "conv_transpose1d"):
        rows = derivation.values
        shown = ["\u00a0".join(say(v) for v in row[:_MOST_VALUES]) + ("\u00a0…" if len(row) > _MOST_VALUES else "")
                 for row in rows[:_MOST_ROWS]]  # a row never breaks inside; the matrix breaks between rows
        more = f"; … ({len(rows)} rows)" if len(rows) > _MOST_ROWS else ""
        return typeset_minus(f"{out} = [{'; '.join(shown)}{more}]")
    values = derivation.values[0] if derivation.is_2d else derivation.values
    shown = ", ".join(say(v) for v in values[:_MOST_VALUES])
    more = f", … ({len(values)} in all)" if len(values) > _MOST_VALUES else ""
    start = 0 if derivation.is_2d else derivation.start
    where = f"{out}[{start}…{start + len(values) - 1}]"  # every result says where it starts
    return typeset_minus(f"{where} = ({shown}{more})")


def gallery_markdown(page, files, nav: list, title_of) -> str:
    """The index for ``page``: for each other page of the site, in the order of ``nav`` (source
    paths), a heading linked to it and a table of its blocks, each linked to its place."""
    sections = []
    examples: dict = {}  # the first title of each distinct example
    blocks = 0
    here = posixpath.dirname(page.file.src_uri)
    order = {uri: k for k, uri in enumerate(nav)}
    pages = sorted(files.documentation_pages(), key=lambda f: (order.get(f.src_uri, len(order)), f.src_uri))
    for f in pages:
        if f.src_uri == page.file.src_uri:
            continue
        seen: dict = {}
        rows = []
        link = posixpath.relpath(f.src_uri, here or ".")
        for body in top_level_fences(f.content_string):
            try:
                options = parse_fence(body)
                if not is_derivation(options):
                    unique_id(fence_id(body, options), seen)  # keep the ids of the blocks after it
                    continue
                if options["op"] not in OPERATIONS:
                    raise ValueError(f"op must be one of {', '.join(OPERATIONS)}")
                result = result_markdown(derive_block(options))
            except Exception as exc:  # noqa: BLE001 - reported, then left out of the table
                first = (body.strip().splitlines() or ["(empty)"])[0][:60]
                log.warning(f"{page.file.src_uri}: the gallery cannot read the symconv block starting "
                            f"{first!r} on {f.src_uri}: {' '.join(str(exc).split())[:200]}")
                continue
            op = options["op"]
            title = options.get("title") or f"{op} of {str(options['a'])[:40]} and {str(options['b'])[:40]}"
            key = repr(sorted((k, str(v)) for k, v in options.items() if k in _SAME_EXAMPLE))
            view = ""
            if key in examples:
                view = f" (another view of “{markdown_text(examples[key])}”)"
            else:
                examples[key] = str(options.get("title") or op)[:80]
            anchor = unique_id(fence_id(body, options), seen)
            library = "closed form" if options.get("formula") is True else \
                f'<code class="symconv-op">{LIBRARY[op].replace(".", ".<wbr>")}</code>'
            rows.append(f"| [{markdown_text(str(title)[:120])}]({link}#{anchor}) | {library} | "
                        f"{settings_text(options)}{view} | {result} |")
        if rows:
            blocks += len(rows)
            sections.append(f"## [{markdown_text(title_of(f))}]({link})\n\n| Example | Matches | Settings | Result |\n"
                            "|---|---|---|---|\n" + "\n".join(rows))
    distinct = len(examples)
    count = (f"{distinct} worked example{'s' if distinct != 1 else ''}"
             + (f", shown in {blocks} blocks." if blocks != distinct else "."))
    return f"{count}\n\n" + "\n\n".join(sections) + "\n"


def is_derivation(options: dict) -> bool:
    """Whether a parsed block shows a derivation (not an exercise or a linted text)."""
    return options.get("op") != "exercise" and "lint" not in options
