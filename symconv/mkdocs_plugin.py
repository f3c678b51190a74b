"""The ``symconv`` MkDocs plugin: ``plugins: [symconv]`` gives a site the fence and offline math.

It configures ``pymdownx.superfences`` (the ```` ```symconv ```` fence) and
``pymdownx.arithmatex`` (generic mode), adds `SymconvExtension`
(MathML at build time), ships the CSS and the math font, fills the gallery page, and reports
every bad fence or LaTeX error as a warning naming the page, so ``--strict`` fails.

For a site opened from disk it also: gives Material's ``offline`` plugin a local copy of its
``iframe-worker`` shim (search from ``file://`` without the CDN script the plugin would add),
labels the cells of wide tables so that a phone shows them as cards, shows the search index each
formula as text (``1/3``, not the ``13`` of its stripped MathML),
and writes the 404 page with relative links when no ``site_url`` says where the site lives.
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File

from .gallery import gallery_markdown
from .frontend import ASSET_DIR, ASSETS, FENCE_KEYS, find_blocks
from .markdown_ext import SymconvExtension, fence_format

__all__ = ["SymconvPlugin", "GALLERY_MARKER", "KEYS_MARKER", "OPTIONS_MARKER"]

log = logging.getLogger("mkdocs.plugins.symconv")

_SITE_DIR = "assets/symconv"
GALLERY_MARKER = "<!-- symconv:gallery -->"
KEYS_MARKER = "<!-- symconv:fence-keys -->"
OPTIONS_MARKER = "<!-- symconv:options -->"
_SHIM = "iframe-worker-shim.js"
_SELFCHECK = "symconv-selfcheck.js"  # the self-check exercises' script (symconv.selfcheck.SCRIPT)
_ROOT_URL = re.compile(r'(\b(?:href|src)=")/(?!/)')
_ID_RE = re.compile(r'<div class="symconv" id="([^"]+)"')


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
        self._content: dict = {}
        self._lines: dict = {}

    def _tally(self, event: str, seconds: float = 0.0) -> None:
        """What the fences report: one ``"fence"`` (with its seconds) each, and each figure
        ``"drawn"`` or ``"cached"``."""
        self._counts[event] += 1
        self._seconds += seconds

    def _report(self, message: str) -> None:
        log.warning(message if message.startswith(f"{self._page}:") else f"{self._page}: {message}")

    def _locate(self, source: str) -> tuple:
        """The page and the line where the fence with this body opens (the first such fence not
        yet rendered; None when the body is not found as written, e.g. inside a tab)."""
        lines = self._lines.get(source.strip("\n"))
        return self._page, (lines.pop(0) if lines else None)

    @event_priority(-100)  # after Material's offline plugin has added its polyfill
    def on_config(self, config):
        polyfills = config.extra.get("polyfills")
        if polyfills:  # the offline plugin's CDN shim -> the copy this plugin ships
            polyfills[:] = [f"{_SITE_DIR}/{_SHIM}" if "iframe-worker" in str(url) else url for url in polyfills]
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
        exts.append(SymconvExtension(reporter=self._report, cache_dir=cache_dir, tally=self._tally,
                                     locate=self._locate))
        css = f"{_SITE_DIR}/symconv.css"
        if css not in config.extra_css:
            config.extra_css.append(css)
        script = f"{_SITE_DIR}/{_SELFCHECK}"
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
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
        for name in (*ASSETS, _SHIM):
            files.append(File.generated(config, f"{_SITE_DIR}/{name}", abs_src_path=str(ASSET_DIR / name)))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        self._page = page.file.src_uri
        self._lines = {}
        for block in find_blocks(markdown):
            self._lines.setdefault(block.body.strip("\n"), []).append(block.line)
        if GALLERY_MARKER in markdown:
            markdown = markdown.replace(GALLERY_MARKER, gallery_markdown(page, files, getattr(self, "_nav", []),
                                                                          self._title_of))
        if KEYS_MARKER in markdown:
            # a long key (output_padding) may break after its underscores on a phone
            rows = "\n".join(f"| <code>{key.replace('_', '_<wbr>')}</code> | {_cell(text)} |"
                             for key, text in FENCE_KEYS.items())
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
        from .site_tables import label_cells

        return label_cells(html)

    @event_priority(100)  # before the search plugin indexes the page
    def _formulas_as_text(self, context, page, config, nav):
        from .mathtext import replace_math

        searched = any(name.split("/")[-1] == "search" for name in config.plugins)
        if searched and page.content and "<math" in page.content:
            self._content[page.file.src_uri] = page.content
            page.content = replace_math(page.content)
        return context

    @event_priority(-100)  # after it: the page itself keeps its MathML
    def _formulas_back(self, context, page, config, nav):
        original = self._content.pop(page.file.src_uri, None)
        if original is not None:
            # the search plugin strips data-search-* attributes from what it indexed; do the same
            page.content = re.sub(r'\s?data-search-\w+="[^"]+"', "", original)
        return context

    on_page_context = CombinedEvent(_formulas_as_text, _formulas_back)

    def on_post_template(self, output, template_name, config):
        # MkDocs writes the 404 page with root-absolute links (it is served at any depth); with no
        # site_url, the site is meant to open from disk, where those links lead nowhere.
        if template_name == "404.html":
            home = "index.html"
            if not config.site_url:
                output = _ROOT_URL.sub(r"\1", output).replace('"base": "/"', '"base": "."')
            else:
                home = config.site_url.rstrip("/") + "/"
            output = output.replace("<h1>404 - Not found</h1>", '<h1>404 - Not found</h1>\n<p>There is no page '
                                    f'at this address. Start from the <a href="{html.escape(home)}">home page</a>, '
                                    'or search the site.</p>', 1)
        return output

    def on_post_page(self, output, page, config):
        self._page = "?"
        return output

    def on_nav(self, nav, config, files):
        self._nav = [p.file.src_uri for p in nav.pages]
        self._titles = {p.file.src_uri: p.title for p in nav.pages if p.title}
        return nav

    def _title_of(self, f) -> str:
        """A page's title: the navigation's, else its first heading, else its path."""
        title = getattr(self, "_titles", {}).get(f.src_uri)
        if not title:
            heading = re.search(r"^#\s+(.+)$", f.content_string, re.M)
            title = heading.group(1).strip() if heading else f.src_uri.removesuffix(".md")
        return title

def _cell(text: str) -> str:
    """A description for a Markdown table cell: examples in braces or brackets as code spans (so
    that attr_list does not take ``{a: 0.5}`` for attributes and ``|a|`` does not split the cell)."""
    coded = re.sub(r"(\{[^{}]*\}|\[[^\[\]]*\])", r"`\1`", text)
    return re.sub(r"(`[^`]*`)|\|", lambda m: m.group(1) or "\\|", coded)  # a pipe in code is code
