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

__all__ = ["gallery_markdown", "markdown_text", "top_level_fences", "settings_text", "result_text"]

log = logging.getLogger("mkdocs.plugins.symconv")

_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w-]*)")
#: The library function each operation matches, as the derivations name it.
LIBRARY = {"convolve": "numpy.convolve", "correlate": "numpy.correlate",
           "convolve2d": "scipy.signal.convolve2d", "correlate2d": "scipy.signal.correlate2d",
           "conv1d": "torch.nn.functional.conv1d", "conv2d": "torch.nn.functional.conv2d"}
_MOST_VALUES = 6


def top_level_fences(markdown: str):
    """Bodies of the ```` ```symconv ```` fences that are not inside another fenced block."""
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        match = _OPEN_RE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, lang = match.group("indent"), match.group("fence"), match.group("lang")
        close = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if lang == "symconv":
            yield "\n".join(line[len(indent):] for line in lines[i + 1:j])
        i = j + 1


def markdown_text(text: str) -> str:
    """Text for a Markdown table cell: HTML-escaped (no markup gets through) and with Markdown's
    own specials escaped."""
    text = html.escape(" ".join(text.split()), quote=False)
    return re.sub(r"([\\`*_\[\]|$])", r"\\\1", text)  # not parentheses: \( starts math


def settings_text(options: dict) -> str:
    """What sets an example apart, in a few words: the mode, or the deep-learning geometry, or
    'closed form, every n'."""
    op = options["op"]
    if options.get("formula") is True:
        return "closed form, every n"
    if op in ("conv1d", "conv2d"):
        parts = [f"{key} {markdown_text(str(options[key]))}" for key in ("stride", "padding", "dilation")
                 if key in options]
        return ", ".join(parts) or "stride 1, no padding"
    mode = options.get("mode", "valid" if op == "correlate" else "full")
    text = f"`{mode}`" if mode in ("full", "same", "valid") else "?"
    if op in ("convolve2d", "correlate2d") and options.get("boundary") in ("wrap", "symm"):
        text += f", boundary `{options['boundary']}`"
    return text


def result_text(derivation) -> str:
    """The result in a few words of text notation: ``c = (1, 1, 1.5, …)``, ``y = [2 5; 6 4]``, or
    a closed form's shortest line."""
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
    out = derivation.names[2]
    if derivation.is_2d and derivation.kind != "conv1d":
        rows = derivation.values
        shown = [" ".join(number_text(v, decimal) for v in row[:_MOST_VALUES]) + (" …" if len(row) > _MOST_VALUES
                                                                                   else "") for row in rows[:4]]
        return typeset_minus(f"{out} = [{'; '.join(shown)}{'; …' if len(rows) > 4 else ''}]")
    values = derivation.values[0] if derivation.is_2d else derivation.values
    shown = ", ".join(number_text(v, decimal) for v in values[:_MOST_VALUES])
    more = ", …" if len(values) > _MOST_VALUES else ""
    start = 0 if derivation.is_2d else derivation.start
    where = f"{out}[{start}…{start + len(values) - 1}]" if start else out
    return typeset_minus(f"{where} = ({shown}{more})")


def gallery_markdown(page, files, nav: list, title_of) -> str:
    """The index table for ``page``: every block of the site's other pages, in the order of
    ``nav`` (source paths), each linked to its place."""
    rows = []
    here = posixpath.dirname(page.file.src_uri)
    order = {uri: k for k, uri in enumerate(nav)}
    pages = sorted(files.documentation_pages(), key=lambda f: (order.get(f.src_uri, len(order)), f.src_uri))
    for f in pages:
        if f.src_uri == page.file.src_uri:
            continue
        seen: dict = {}
        for body in top_level_fences(f.content_string):
            try:
                options = parse_fence(body)
                if options["op"] not in OPERATIONS:
                    raise ValueError(f"op must be one of {', '.join(OPERATIONS)}")
                result = result_text(derive_block(options))
            except Exception as exc:  # noqa: BLE001 - reported, then left out of the table
                first = (body.strip().splitlines() or ["(empty)"])[0][:60]
                log.warning(f"{page.file.src_uri}: the gallery cannot read the symconv block starting "
                            f"{first!r} on {f.src_uri}: {' '.join(str(exc).split())[:200]}")
                continue
            op = options["op"]
            title = options.get("title") or f"{op} of {str(options['a'])[:40]} and {str(options['b'])[:40]}"
            link = posixpath.relpath(f.src_uri, here or ".")
            anchor = unique_id(fence_id(body, options), seen)
            library = "closed form (no library call)" if options.get("formula") is True else \
                f'<code class="symconv-op">{LIBRARY[op]}</code>'
            rows.append(f"| [{markdown_text(str(title)[:120])}]({link}#{anchor}) | {library} | "
                        f"{settings_text(options)} | {markdown_text(result)} | {markdown_text(title_of(f))} |")
    count = f"{len(rows)} worked example{'s' if len(rows) != 1 else ''}."
    header = "| Example | Matches | Settings | Result | Page |\n|---|---|---|---|---|\n"
    return header + "\n".join(rows) + f"\n\n{count}\n"
