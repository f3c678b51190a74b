"""Python-Markdown front end: the ```` ```symconv ```` fence and offline math for every page.

* The fence body is data (YAML; no anchors, aliases or duplicate keys), never code; it is checked
  and rendered by the front-end core `symconv.frontend` (as every platform's adapter is), which
  derives through the same API as every user.
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

import logging

from markdown import Extension
from markdown.postprocessors import Postprocessor

from . import frontend
from .frontend import FENCE_KEYS, SHOW, error_box, fence_id, parse

__all__ = ["FENCE_KEYS", "SHOW", "SymconvExtension", "makeExtension", "fence_format", "fence_id",
           "parse_fence", "render_fence", "DEFAULT_LOGGER", "describe_failure"]

DEFAULT_LOGGER = logging.getLogger("mkdocs.plugins.symconv")

#: The block's parser and renderer, and the one-line description of a failure (aliases of the
#: front-end core's, kept for existing callers).
parse_fence = parse
render_fence = frontend.render
describe_failure = frontend.describe


def _ignore(event: str, seconds: float = 0.0) -> None:
    """The default tally: counts nothing."""


def _nowhere(source: str) -> tuple:
    """The default locator: neither the page nor the line is known."""
    return None, None


def _extension_of(md) -> "SymconvExtension | None":
    for ext in getattr(md, "registeredExtensions", []):
        if isinstance(ext, SymconvExtension):
            return ext
    return None


def fence_format(source, language, class_name, options, md, **kwargs):
    """``pymdownx.superfences`` formatter of the ```` ```symconv ```` fence.

    Never raises: any failure is reported (a warning on ``mkdocs.plugins.symconv``, naming the
    line of the fence when the MkDocs plugin knows it) and shown.
    """
    ext = _extension_of(md)
    seen = md.__dict__.setdefault("_symconv_ids", {})  # one Markdown instance renders one page
    try:
        return frontend.render(source, cache_dir=ext.getConfig("cache_dir") if ext else None,
                               tally=ext.getConfig("tally") if ext else None, seen=seen,
                               report=ext.report if ext else DEFAULT_LOGGER.warning)
    except Exception as exc:  # noqa: BLE001 - every failure must reach --strict, never pass silently
        file, line = ext.getConfig("locate")(source) if ext else (None, None)
        message = frontend.failure(exc, source, file, line)
        (ext.report if ext else DEFAULT_LOGGER.warning)(message)
        return error_box("symconv: error", message)


# -- math -----------------------------------------------------------------------------------
class MathPostprocessor(Postprocessor):
    """Replace arithmatex's generic wrappers with MathML (display math in a scrolling block)."""

    def __init__(self, md, extension: "SymconvExtension"):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        return frontend.convert_math(text, "mathml", self.extension.report)


class SymconvExtension(Extension):
    """Offline math: arithmatex's math and the fence's derivations become MathML at build time."""

    def __init__(self, **kwargs):
        self.config = {
            # Not None: Python-Markdown would parse a None-default option as a boolean.
            "reporter": [DEFAULT_LOGGER.warning,
                         "callable(message) for errors; default: warning on mkdocs.plugins.symconv"],
            "cache_dir": ["", "folder that keeps rendered figures across builds; '' for none"],
            "tally": [_ignore, "callable(event, seconds=0.0): 'drawn' or 'cached' per figure, 'fence' per block"],
            "locate": [_nowhere, "callable(source) -> (page, line where that fence opens), either None when unknown"],
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
