"""Sphinx and Jupyter Book 1 adapter: ``extensions = ["symconv.sphinx"]`` gives a ``symconv`` directive.

The directive is the ```` ```symconv ```` block of every other platform: reST ``.. symconv::`` or
MyST ```` ```{symconv} ```` (myst-parser), its content the block's YAML body (``op``, ``a``, ``b``,
...), checked and rendered by the one front-end core, `symconv.frontend`. It takes no options, so
MyST passes every line of the body through unchanged (a directive with options would have MyST
read leading ``key: value`` lines as options).

* Math: MathML at build time (``symconv_math = "mathml"``, the default: no script, offline), or
  ``\\[…\\]`` for Sphinx's MathJax (``symconv_math = "tex"``); a page holding blocks then loads
  MathJax as a page with equations does.
* Assets: the stylesheet, the math font it names and the self-check script are copied to
  ``_static/symconv/`` and linked from the pages that hold blocks.
* Errors: a bad block is a Sphinx warning naming the document and the line of the directive (so
  ``sphinx-build -W`` fails), and the page shows the same message in an error box.
* Other builders (LaTeX/PDF, text, man, ...): the block's print form (title, prose, the
  derivation as display math, the result and the check; `print_nodes`), read from the core's
  Markdown by myst-parser; without myst-parser, the YAML body and one warning per document
  (``suppress_warnings = ["symconv.builder"]`` silences it).
* Cache: ``symconv_cache_dir`` keeps rendered blocks across builds; by default in the build's
  doctree folder, ``""`` for none, or a folder relative to ``conf.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import frontend
from ._version import __version__

__all__ = ["SymconvDirective", "symconv_block", "setup", "cache_dir", "fallback_nodes", "print_nodes", "STATIC_DIR"]

logger = logging.getLogger(__name__)

#: Where the blocks' files go in an HTML build, under ``_static``.
STATIC_DIR = "symconv"
#: Files copied beside `frontend.ASSETS` (the font's licence travels with the font).
_LICENCES = ("LICENSE-latinmodern-math.txt",)


class symconv_block(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A rendered block in a doctree: ``html`` (the page's HTML), ``body`` (the YAML as written)
    and ``math`` (``"mathml"`` or ``"tex"``)."""


class SymconvDirective(SphinxDirective):
    """``.. symconv::`` (reST) and ```` ```{symconv} ```` (MyST): the block's YAML body as content."""

    has_content = True
    required_arguments = 0
    optional_arguments = 0
    # No options: MyST then looks for no option block, and every body line reaches the core.
    option_spec: dict = {}

    def run(self) -> list:
        body = _unfence(list(self.content))
        source, line = self.get_source_info()  # an included file's own name and line
        line = line or self.lineno
        math = self.config.symconv_math
        node = symconv_block(body, body=body, math=math)
        node.source, node.line = source, line  # where every warning about the block points

        def report(message: str) -> None:
            logger.warning(message, location=node)

        try:
            node["html"] = frontend.render(body, math=math, cache_dir=self.config.symconv_cache_dir or None,
                                           seen=_page_ids(self.env), report=report)
        except Exception as exc:  # noqa: BLE001 - every failure is a located warning, never a traceback
            logger.warning(frontend.failure(exc, body), location=node)
            shown = _relative(source, self.env.srcdir)
            node["error"] = frontend.failure(exc, body, shown, line)
            node["html"] = frontend.error_box("symconv: error", node["error"])
        return [node]


def _unfence(lines: list) -> str:
    """The block's YAML: the content as written, or, when it is written between two ``---`` lines
    (MyST's option-block style) with nothing after them, what is between."""
    if len(lines) > 1 and lines[0].strip() == "---":
        closing = [i for i, text in enumerate(lines) if i and text.strip() == "---"]
        if closing and not any(text.strip() for text in lines[closing[0] + 1:]):
            lines = lines[1:closing[0]]
    return "\n".join(lines)


def _page_ids(env) -> dict:
    """The block ids used so far in the document being read (Sphinx drops this at its end)."""
    current = getattr(env, "current_document", None)  # Sphinx >= 8.2
    if current is None:
        current = env.temp_data  # Sphinx 7 and 8.0-8.1
    return current.setdefault("symconv_ids", {})


def _relative(source, srcdir) -> str:
    """``source`` relative to the source folder when it is inside it (``week1.md``)."""
    if not source:
        return ""
    try:
        return Path(source).resolve().relative_to(Path(srcdir).resolve()).as_posix()
    except ValueError:
        return str(source)


def cache_dir(setting: str | None, confdir, doctreedir) -> str:
    """The folder that keeps rendered blocks for the ``symconv_cache_dir`` setting.

    Parameters
    ----------
    setting : str or None
        ``None`` (the default): a ``symconv`` folder in the build's doctree folder (removed with
        the build, outside the sources). ``""``: no cache. Anything else: that folder, relative
        to the folder of ``conf.py``.
    confdir, doctreedir : str or path
        The folders of ``conf.py`` and of Sphinx's doctrees.

    Returns
    -------
    str
        The folder, or ``""`` for no cache.

    Examples
    --------
    >>> cache_dir(None, "/book", "/book/_build/doctrees")
    '/book/_build/doctrees/symconv'
    >>> cache_dir(".cache/symconv", "/book", "/book/_build/doctrees"), cache_dir("", "/book", "/tmp")
    ('/book/.cache/symconv', '')
    """
    if setting is None:
        return os.path.join(str(doctreedir), "symconv")
    if not setting:
        return ""
    return os.path.join(str(confdir), os.path.expanduser(str(setting)))


def fallback_nodes(body: str, builder: str) -> list:
    """What a builder without HTML shows for a block it cannot print: a note and the YAML body as
    a literal block.

    Examples
    --------
    >>> note, code = fallback_nodes("a: 1, 2\\nb: 3", "latex")
    >>> note.astext()
    'A symconv block (rendered in HTML output; the latex builder shows its source):'
    >>> code.astext(), code["language"]
    ('a: 1, 2\\nb: 3', 'yaml')
    """
    note = nodes.paragraph(text=f"A symconv block (rendered in HTML output; the {builder} builder shows its source):")
    code = nodes.literal_block(body, body, language="yaml")
    return [note, code]


def print_nodes(body: str) -> list:
    """A block's print form as docutils nodes, for the LaTeX/PDF, text, man and other builders:
    its title, prose, the derivation as a display-math node (the builder typesets it: amsmath in
    LaTeX), the result and the check, read from the core's Markdown print form
    ([`frontend.markdown()`][symconv.frontend.markdown]) by myst-parser's docutils parser with
    ``dollarmath`` (raw HTML and LaTeX stay text). Raises ImportError without myst-parser.

    Examples
    --------
    >>> [type(n).__name__ for n in print_nodes("a: 1, 2\\nb: 3\\nshow: [derivation]")]
    ['paragraph', 'math_block', 'paragraph']
    """
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    document = publish_doctree(frontend.markdown(body), parser=Parser(), settings_overrides={
        "myst_enable_extensions": ["dollarmath"], "report_level": 5, "halt_level": 5,
        "file_insertion_enabled": False, "raw_enabled": False})
    return [child.deepcopy() for child in document.children]


# -- events ---------------------------------------------------------------------------------
def _check_config(app, config) -> None:
    """A bad setting is one warning (``-W`` fails on it) and the default is used instead: Sphinx
    would print a traceback for an exception raised here."""
    if config.symconv_math not in frontend.MATH:
        logger.warning(f"symconv_math must be one of {', '.join(map(repr, frontend.MATH))}, "
                       f"got {str(config.symconv_math)[:40]!r}; using 'mathml'")
        config.symconv_math = "mathml"
    if config.symconv_cache_dir is not None and not isinstance(config.symconv_cache_dir, str):
        logger.warning(f"symconv_cache_dir must be a folder name, None or '', got a "
                       f"{type(config.symconv_cache_dir).__name__}; using the default")
        config.symconv_cache_dir = None
    config.symconv_cache_dir = cache_dir(config.symconv_cache_dir, app.confdir, app.doctreedir)


def _copy_assets(app) -> None:
    """Put the blocks' files in ``_static/symconv/`` (before pages are written, so Sphinx can
    stamp their links with a checksum); a file already there and equal is left alone."""
    if app.builder.format != "html":
        return
    if app.config.symconv_math == "tex" and getattr(app.builder, "math_renderer_name", "mathjax") != "mathjax":
        logger.warning("symconv_math = 'tex' writes math for MathJax, but this build renders math with "
                       f"{app.builder.math_renderer_name!r}; the blocks' formulas will show as TeX")
    target = Path(app.outdir) / "_static" / STATIC_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name in (*frontend.ASSETS, *_LICENCES):
        source, copy = frontend.ASSET_DIR / name, target / name
        if source.exists() and not (copy.exists() and copy.read_bytes() == source.read_bytes()):
            shutil.copyfile(source, copy)


def _page_context(app, pagename, templatename, context, doctree) -> None:
    """Link the stylesheet and script from a page with blocks, and have MathJax load on it when
    its blocks hold TeX. Runs before ``sphinx.ext.mathjax`` (priority 400 < 500), which loads
    MathJax on a page when ``context["has_maths_elements"]`` is true (Sphinx >= 8.2, set by the
    HTML writer on visiting a math node) or the math domain's ``has_equations(pagename)`` is
    (Sphinx 7 to 8.1, recorded from the doctree's math nodes when the document is read)."""
    if doctree is None or app.builder.format != "html":
        return
    blocks = list(doctree.findall(symconv_block))
    if not blocks:
        return
    app.add_css_file(f"{STATIC_DIR}/symconv.css")
    app.add_js_file(f"{STATIC_DIR}/symconv-selfcheck.js")
    if any(block["math"] == "tex" for block in blocks):
        context["has_maths_elements"] = True
        app.env.domains["math"].data.setdefault("has_equations", {})[pagename] = True


def _other_builders(app, doctree, docname) -> None:
    """Builders without HTML get each block's print form (`print_nodes`): the derivation as display
    math; figures, the table view, animations and an exercise's answer box are HTML only. A block
    that failed shows its error; without myst-parser, its YAML source and one warning per document."""
    if app.builder.format == "html":
        return
    blocks = list(doctree.findall(symconv_block))
    missing = 0
    for block in blocks:
        if block.get("error"):
            block.replace_self(nodes.paragraph(text=block["error"]))
            continue
        try:
            block.replace_self(print_nodes(block["body"]))
        except ImportError:
            missing += 1
            block.replace_self(fallback_nodes(block["body"], app.builder.name))
    if missing and app.builder.format:  # linkcheck, gettext, ... write no documents: no warning
        logger.warning(f"{missing} symconv block(s) shown as their YAML source: the {app.builder.name!r} builder "
                       f"prints blocks through myst-parser, which is not installed (pip install "
                       f"'symconv[sphinx]')", location=docname, type="symconv", subtype="builder")


def _visit_html(translator, node) -> None:
    translator.body.append(node["html"])
    raise nodes.SkipNode


def _depart(translator, node) -> None:
    """Nothing to close: the visit wrote the whole block."""


def setup(app) -> dict:
    """Register the ``symconv`` directive, its node, the config values and the asset hooks.

    Config values: ``symconv_math`` (``"mathml"``, the default, or ``"tex"``) and
    ``symconv_cache_dir`` (see `cache_dir`). Sphinx calls this when ``conf.py`` lists
    ``"symconv.sphinx"`` in ``extensions`` (Jupyter Book 1: ``sphinx: extra_extensions:``).

    Returns
    -------
    dict
        The extension's metadata: its version, and that it is safe to read and write in parallel
        (each document's blocks are rendered while it is read, in whichever process reads it;
        the cache writes each file whole).

    Examples
    --------
    >>> SymconvDirective.option_spec, SymconvDirective.has_content
    ({}, True)
    """
    app.add_config_value("symconv_math", "mathml", "env", types=(str,))
    app.add_config_value("symconv_cache_dir", None, "", types=(str, type(None)))
    app.add_node(symconv_block, html=(_visit_html, _depart))
    app.add_directive("symconv", SymconvDirective)
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _copy_assets)
    app.connect("html-page-context", _page_context, priority=400)
    app.connect("doctree-resolved", _other_builders)
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
