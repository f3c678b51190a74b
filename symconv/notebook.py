"""Notebooks: a ```` ```symconv ```` block as a cell's output (JupyterLab, VS Code, nbconvert's HTML).

[`symconv.block(body)`][symconv.block] takes the body a Markdown page would hold in a
```` ```symconv ```` fence, renders it through the front-end core ([`symconv.frontend.render`][symconv.frontend.render])
and returns a [`NotebookBlock`][symconv.notebook.NotebookBlock]: Jupyter displays its ``text/html``, which
carries everything it needs offline: the block's HTML with the math as MathML, the blocks'
stylesheet inline, the math font as a ``data:`` URL (by default in the first symconv output of
the kernel session only: it is ~520 KB and one ``@font-face`` serves the whole notebook page), and
for a self-check exercise its script inline. ``text/plain`` is a one-line summary for front ends
that show only text. A plain derivation's own display (``_repr_mimebundle_``) shares the math
style and the font (`symconv.render.html.notebook_style`).
"""

from __future__ import annotations

import re

from . import frontend
from .errors import InputError, SymconvError
from .frontend import FONT_MODES, notebook_style

__all__ = ["block", "NotebookBlock", "BlockError", "FONT_MODES"]

_FONT_FACE_RE = re.compile(r"@font-face\s*\{[^}]*\}\s*")
#: The stylesheet's dark palette hangs on Material's dark scheme; a notebook's dark theme is
#: JupyterLab's (and nbconvert's ``--theme dark``) body attribute, or VS Code's body class.
_SLATE = '[data-md-color-scheme="slate"]'
_DARK = ('[data-jp-theme-light="false"]', "body.vscode-dark")
_SLATE_RULE_RE = re.compile(r"[^{}]*" + re.escape(_SLATE) + r"[^{}]*\{[^{}]*\}")
_SCRIPT = "symconv-selfcheck.js"  # one of frontend.ASSETS: the exercises' answer check


class BlockError(InputError):
    """A block that cannot be rendered: an [`InputError`][symconv.InputError] whose message is the
    core's one line. IPython shows that line as the cell's whole error (``_render_traceback_``),
    not a traceback through symconv's frames."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class NotebookBlock:
    """A rendered block as a notebook output: ``text/html`` (self-contained, offline) and
    ``text/plain`` (the summary). Made by [`symconv.block()`][symconv.block]."""

    __slots__ = ("body", "html", "summary", "font", "script")

    def __init__(self, body: str, html: str, summary: str, font: str, script: bool):
        self.body, self.html, self.summary, self.font, self.script = body, html, summary, font, script

    def page_html(self) -> str:
        """The output's HTML: the stylesheet (with the math font when this output carries it,
        see `FONT_MODES`), the block, and the exercise's script for a self-check exercise."""
        css = _notebook_css(frontend.stylesheet()) + notebook_style(self.font)
        script = ""
        if self.script:
            source = frontend.ASSET_DIR.joinpath(_SCRIPT).read_text(encoding="utf-8")
            if "</script" in source.lower():  # would end the element early: never inline it so
                raise RuntimeError(f"{_SCRIPT} contains '</script'")
            script = f"<script>{source}</script>"
        return f'<div class="symconv-notebook"><style>{css}</style>{self.html}{script}</div>'

    def _repr_html_(self) -> str:
        return self.page_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": self.summary, "text/html": self.page_html()}

    def __repr__(self) -> str:
        return self.summary


def _notebook_css(css: str) -> str:
    """The blocks' stylesheet for a notebook: without its ``@font-face`` (whose file sits beside
    a site's pages; `notebook_style` embeds the font instead) and with its dark palette also
    under the notebooks' dark themes."""
    dark = "".join(rule.strip().replace(_SLATE, theme) for rule in _SLATE_RULE_RE.findall(css) for theme in _DARK)
    return _FONT_FACE_RE.sub("", css, count=1) + dark


def block(body: str, *, font: str = "once") -> NotebookBlock:
    """A ```` ```symconv ```` block's body rendered for a notebook cell's output.

    Parameters
    ----------
    body : str
        The block's body, exactly as in a ```` ```symconv ```` fence: YAML with ``op``, ``a``,
        ``b``, ``show``, ... (the keys of [`symconv.frontend.FENCE_KEYS`][symconv.frontend.FENCE_KEYS]).
    font : {"once", "always", "none"}
        How the output carries the math font (Latin Modern Math, ~520 KB as a ``data:`` URL).
        ``"once"`` (default): the first symconv output of the kernel session embeds it and the
        notebook's later outputs use it (they share one page in JupyterLab, VS Code and
        nbconvert's HTML). ``"always"``: this output embeds it, so it stands alone (clearing
        or re-running the first output cannot take its font away). ``"none"``: the reader's
        installed math fonts (STIX Two Math on macOS, Cambria Math on Windows).

    Returns
    -------
    NotebookBlock
        Jupyter shows its ``text/html``; ``text/plain`` (and ``repr``) is a one-line summary.

    Raises
    ------
    BlockError
        An [`InputError`][symconv.InputError]: the body is not a valid block, or its derivation
        is too large; the message is the core's one line (how the block starts, and why).
    InputError
        ``font`` is not one of the three.

    See Also
    --------
    symconv.frontend.render : the HTML of a block, which every platform's adapter shares.

    Notes
    -----
    The HTML needs no script and no network, except a self-check exercise's Check button,
    whose script is inline: it runs in JupyterLab for outputs of cells run in this session (or
    a trusted notebook), in VS Code and in nbconvert's HTML; an untrusted notebook and GitHub's
    viewer strip scripts (and ``<style>``).

    Examples
    --------
    >>> shown = block("op: convolve\\na: 1, 2\\nb: 3\\ntitle: Two samples", font="none")
    >>> shown
    symconv block (op: convolve, title: 'Two samples'): HTML with MathML
    >>> bundle = shown._repr_mimebundle_()
    >>> sorted(bundle), bundle["text/html"].count("<math") > 0, "@font-face" in bundle["text/html"]
    (['text/html', 'text/plain'], True, False)
    >>> block("op: convolve\\na: 1, 2\\nbb: 3")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.notebook.BlockError: symconv block starting 'op: convolve': unknown key 'bb'; ...
    """
    if font not in FONT_MODES:
        raise InputError(f"font must be one of {', '.join(map(repr, FONT_MODES))}, got {str(font)[:40]!r}")
    if not isinstance(body, str):
        raise BlockError(f"symconv.block takes the block's body as a string, got {type(body).__name__}")
    try:
        data = frontend.parse(body)
        html = frontend.render(body)
        try:  # Jupyter sends outputs as UTF-8: a lone surrogate ("\ud800" in the YAML) would fail there
            html.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(f"the block holds a lone surrogate (U+{ord(exc.object[exc.start]):04X}), which is "
                             f"not Unicode text") from None
    except SymconvError as exc:  # the user's block: one line (an internal error keeps its traceback)
        raise BlockError(frontend.failure(exc, body)) from None
    title = str(data.get("title") or "")[:60]
    summary = f"symconv block (op: {data['op']}{f', title: {title!r}' if title else ''}): HTML with MathML"
    return NotebookBlock(body, html, summary, font, data["op"] == "exercise")
