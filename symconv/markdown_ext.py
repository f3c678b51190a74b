"""Python-Markdown front end: the ```` ```symconv ```` fence and offline math for every page.

* The fence body is data (YAML; no anchors, aliases or duplicate keys), never code; it is checked
  and rendered by `symconv.fence`, which derives through the same API as every user.
  Register it as a ``pymdownx.superfences`` custom fence (``format:
  symconv.markdown_ext.fence_format``); the MkDocs plugin does that for you.
* `SymconvExtension` (``markdown_extensions: [symconv]``) turns every math element that
  ``pymdownx.arithmatex`` (``generic: true``) leaves on the page, and every derivation the fence
  emits, into MathML at build time with ``math-core``. Pages need no script and no network; the
  plugin ships the Latin Modern Math font they use.

A bad fence or a LaTeX error never fails silently: it is logged as a warning on the
``mkdocs.plugins.symconv`` logger (so ``mkdocs build --strict`` fails, naming the page and the
fence) and shown as an escaped error box on the page. An exception symconv did not mean to raise
is reported the same way, as an internal error.
"""

from __future__ import annotations

import html
import logging
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

from .errors import InputError, SymconvError
from .fence import FENCE_KEYS, SHOW, error_box, fence_id, parse_fence, render_block

__all__ = ["FENCE_KEYS", "SHOW", "SymconvExtension", "makeExtension", "fence_format", "fence_id",
           "parse_fence", "render_fence", "DEFAULT_LOGGER", "describe_failure"]

DEFAULT_LOGGER = logging.getLogger("mkdocs.plugins.symconv")
_MATH_RE = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)

#: The fence's renderer (an alias kept for existing callers).
render_fence = render_block


def _ignore(event: str, seconds: float = 0.0) -> None:
    """The default tally: counts nothing."""


def _extension_of(md) -> "SymconvExtension | None":
    for ext in getattr(md, "registeredExtensions", []):
        if isinstance(ext, SymconvExtension):
            return ext
    return None


def describe_failure(exc: BaseException) -> str:
    """One line for an exception out of a fence: the message of a [`SymconvError`][symconv.SymconvError], or an
    internal error naming the exception type (never an unbounded message)."""
    if isinstance(exc, SymconvError):
        return " ".join(str(exc).split())[:500]
    detail = " ".join(str(exc).split())[:200]
    return f"internal error, please report: {type(exc).__name__}" + (f": {detail}" if detail else "")


def fence_format(source, language, class_name, options, md, **kwargs):
    """``pymdownx.superfences`` formatter of the ```` ```symconv ```` fence.

    Never raises: any failure is reported (a warning on ``mkdocs.plugins.symconv``) and shown.
    """
    ext = _extension_of(md)
    seen = md.__dict__.setdefault("_symconv_ids", {})  # one Markdown instance renders one page
    try:
        return render_block(source, ext.getConfig("cache_dir") if ext else None,
                            ext.getConfig("tally") if ext else None, seen)
    except Exception as exc:  # noqa: BLE001 - every failure must reach --strict, never pass silently
        lines = [line.strip() for line in str(source).strip().splitlines()]
        first = lines[0][:60] if lines else "(empty fence)"
        message = f"symconv fence starting {first!r}: {describe_failure(exc)}"
        (ext.report if ext else DEFAULT_LOGGER.warning)(message)
        return error_box("symconv: error", message)


# -- math -----------------------------------------------------------------------------------
class MathPostprocessor(Postprocessor):
    """Replace arithmatex's generic wrappers with MathML (display math in a scrolling block)."""

    def __init__(self, md, extension: "SymconvExtension"):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        from .render.mathml import to_mathml

        def convert(match: re.Match) -> str:
            tag, body = match.group(1), html.unescape(match.group(2)).strip()
            display = tag == "div"
            for left, right in (("\\[", "\\]"), ("\\(", "\\)"), ("$$", "$$"), ("$", "$")):
                if body.startswith(left) and body.endswith(right):
                    body = body[len(left):len(body) - len(right)]
                    break
            try:
                mathml = to_mathml(body, display)
            except InputError as exc:
                self.extension.report(str(exc))
                return error_box("symconv: LaTeX error", str(exc))
            if display:
                return f'<div class="symconv-math">{mathml}</div>'
            return f'<span class="symconv-math-inline">{mathml}</span>'

        return _MATH_RE.sub(convert, text)


class SymconvExtension(Extension):
    """Offline math: arithmatex's math and the fence's derivations become MathML at build time."""

    def __init__(self, **kwargs):
        self.config = {
            # Not None: Python-Markdown would parse a None-default option as a boolean.
            "reporter": [DEFAULT_LOGGER.warning,
                         "callable(message) for errors; default: warning on mkdocs.plugins.symconv"],
            "cache_dir": ["", "folder that keeps rendered figures across builds; '' for none"],
            "tally": [_ignore, "callable(event, seconds=0.0): 'drawn' or 'cached' per figure, 'fence' per block"],
        }
        super().__init__(**kwargs)

    def report(self, message: str) -> None:
        self.getConfig("reporter")(message)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        # After raw HTML (and the fences' stashed output) is restored (priority 30).
        md.postprocessors.register(MathPostprocessor(md, self), "symconv_math", 5)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's name
    """Entry point for ``markdown.Markdown(extensions=["symconv"])``."""
    return SymconvExtension(**kwargs)
