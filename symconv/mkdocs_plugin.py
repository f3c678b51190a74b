"""The ``symconv`` MkDocs plugin: ``plugins: [symconv]`` gives a site the fence and offline math.

It configures ``pymdownx.superfences`` (the ```` ```symconv ```` fence) and
``pymdownx.arithmatex`` (generic mode), adds :class:`~symconv.markdown_ext.SymconvExtension`
(MathML at build time), ships the CSS and the math font, fills the gallery page, and reports
every bad fence or LaTeX error as a warning naming the page, so ``--strict`` fails.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from collections import Counter
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .derive import OPERATIONS
from .markdown_ext import FENCE_KEYS, SymconvExtension, fence_format, fence_id, parse_fence

__all__ = ["SymconvPlugin", "GALLERY_MARKER", "KEYS_MARKER", "OPTIONS_MARKER"]

log = logging.getLogger("mkdocs.plugins.symconv")

ASSETS = Path(__file__).parent / "assets"
_SITE_DIR = "assets/symconv"
GALLERY_MARKER = "<!-- symconv:gallery -->"
KEYS_MARKER = "<!-- symconv:fence-keys -->"
OPTIONS_MARKER = "<!-- symconv:options -->"
_ID_RE = re.compile(r'<div class="symconv" id="([^"]+)"')
_OPEN_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w-]*)")


def _top_level_fences(markdown: str):
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


def _markdown_text(text: str) -> str:
    """Text for a Markdown table cell: HTML-escaped (no markup gets through) and with Markdown's
    own specials escaped."""
    text = html.escape(" ".join(text.split()), quote=False)
    return re.sub(r"([\\`*_\[\]|$])", r"\\\1", text)  # not parentheses: \( starts math


class _Options(Config):
    math = config_options.Type(bool, default=True)
    cache = config_options.Type(bool, default=True)
    cache_dir = config_options.Type(str, default=".cache/symconv")


class SymconvPlugin(BasePlugin[_Options]):
    """MkDocs plugin entry point (``mkdocs.plugins``: ``symconv``)."""

    def __init__(self):
        super().__init__()
        self._page = "?"
        self._counts: Counter = Counter()
        self._seconds = 0.0

    def _tally(self, event: str, seconds: float = 0.0) -> None:
        """What the fences report: one ``"fence"`` (with its seconds) each, and each figure
        ``"drawn"`` or ``"cached"``."""
        self._counts[event] += 1
        self._seconds += seconds

    def _report(self, message: str) -> None:
        log.warning(f"{self._page}: {message}")

    def on_config(self, config):
        exts = config.markdown_extensions
        configs = config.mdx_configs
        if "pymdownx.superfences" not in exts:
            exts.append("pymdownx.superfences")
        fences = configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        fences[:] = [f for f in fences if f.get("name") != "symconv"]
        fences.append({"name": "symconv", "class": "symconv", "format": fence_format})
        if self.config.math:
            if "pymdownx.arithmatex" not in exts:
                exts.append("pymdownx.arithmatex")
            configs.setdefault("pymdownx.arithmatex", {})["generic"] = True
        exts[:] = [e for e in exts if e not in ("symconv", "symconv.markdown_ext")]
        configs.pop("symconv", None)
        cache_dir = ""
        if self.config.cache:
            cache_dir = str(Path(config.config_file_path).parent / self.config.cache_dir)
        exts.append(SymconvExtension(reporter=self._report, cache_dir=cache_dir, tally=self._tally))
        css = f"{_SITE_DIR}/symconv.css"
        if css not in config.extra_css:
            config.extra_css.append(css)
        return config

    def on_pre_build(self, config):
        self._counts.clear()
        self._seconds = 0.0

    def on_post_build(self, config):
        c = self._counts
        if c["fence"]:
            log.info(f"symconv: {c['fence']} fences, {c['drawn']} figures drawn, {c['cached']} from cache, "
                     f"{self._seconds:.1f} s")

    def on_files(self, files, config):
        for name in ("symconv.css", "latinmodern-math.woff2"):
            files.append(File.generated(config, f"{_SITE_DIR}/{name}", abs_src_path=str(ASSETS / name)))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        self._page = page.file.src_uri
        if GALLERY_MARKER in markdown:
            markdown = markdown.replace(GALLERY_MARKER, self._gallery(page, files))
        if KEYS_MARKER in markdown:
            rows = "\n".join(f"| `{key}` | {text} |" for key, text in FENCE_KEYS.items())
            markdown = markdown.replace(KEYS_MARKER, "| key | meaning |\n|---|---|\n" + rows)
        if OPTIONS_MARKER in markdown:
            from .steps import KINDS, OPTIONS

            def applies(option):
                ops = [k if k != "closed" else "formulas" for k in option.applies]
                return "every operation" if len(ops) == len(KINDS) else ", ".join(ops)

            rows = "\n".join(f"| `{o.name}` | `{o.default!r}` | {o.help} | {applies(o)} |" for o in OPTIONS)
            markdown = markdown.replace(OPTIONS_MARKER, "| option | default | meaning | applies to |\n"
                                        "|---|---|---|---|\n" + rows)
        return markdown

    def on_page_content(self, html, page, config, files):
        # The fences' HTML is stashed before MkDocs collects anchors: register their ids so
        # links to them (the gallery's) validate.
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(_ID_RE.findall(html))
        return html

    def on_post_page(self, output, page, config):
        self._page = "?"
        return output

    def _gallery(self, page, files) -> str:
        """A Markdown table of every fence on the site, linked to its place."""
        rows = []
        here = posixpath.dirname(page.file.src_uri)
        for f in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
            if f.src_uri == page.file.src_uri:
                continue
            for body in _top_level_fences(f.content_string):
                try:
                    options = parse_fence(body)
                except Exception:  # noqa: BLE001 - the fence reports its own error on its page
                    continue
                op = options["op"]
                if op not in OPERATIONS:  # the fence reports its own error on its page
                    continue
                title = options.get("title") or f"{op} of {str(options['a'])[:40]} and {str(options['b'])[:40]}"
                link = posixpath.relpath(f.src_uri, here or ".")
                mode = options.get("mode", "valid" if op == "correlate" else "full")
                mode = mode if op not in ("conv1d", "conv2d") and mode in ("full", "same", "valid") else "—"
                title_md = _markdown_text(str(title)[:120])
                rows.append(f"| [{title_md}]({link}#{fence_id(body, options)}) | `{op}` | "
                            f"`{mode}` | {_markdown_text(f.src_uri.removesuffix('.md'))} |")
        header = "| Example | Operation | Mode | Page |\n|---|---|---|---|\n"
        return header + "\n".join(rows) + f"\n\n{len(rows)} worked examples.\n"
