"""Python-Markdown front end: the ```` ```symconv ```` fence and offline math for every page.

* The fence body is data (YAML, loaded with ``safe_load``), never code. It goes through the same
  API as the CLI and renders the prose, the derivation, the sliding-strip table, stem plots, the
  NumPy check and the library call. Register it as a ``pymdownx.superfences`` custom fence
  (``format: symconv.markdown_ext.fence_format``); the MkDocs plugin does that for you.
* :class:`SymconvExtension` (``markdown_extensions: [symconv]``) turns every math element that
  ``pymdownx.arithmatex`` (``generic: true``) leaves on the page, and every derivation the fence
  emits, into MathML at build time with ``math-core``. Pages need no script and no network; the
  plugin ships the Latin Modern Math font they use.

A bad fence or a LaTeX error never fails silently: it is logged as a warning on the
``mkdocs.plugins.symconv`` logger (so ``mkdocs build --strict`` fails, naming the page) and shown
as an error box on the page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

from .api import conv1d, conv2d, convolve, convolve2d, correlate, correlate2d
from .errors import InputError, SymconvError
from .model import Sequence, check_names
from .render._layout import library_call
from .render._numbers import format_error
from .render.markdown import describe, describe2d

__all__ = ["FENCE_KEYS", "SHOW", "SymconvExtension", "makeExtension", "fence_format",
           "fence_id", "parse_fence", "DEFAULT_LOGGER"]

DEFAULT_LOGGER = logging.getLogger("mkdocs.plugins.symconv")

#: What a fence can show, in display order.
SHOW = ("prose", "derivation", "table", "plot", "figure", "overview", "check", "call")
_DEFAULT_SHOW = ("prose", "derivation", "table", "plot", "check")
_DEFAULT_SHOW_2D = ("prose", "derivation", "figure", "check")
_OPS = {"convolve": convolve, "correlate": correlate, "convolve2d": convolve2d,
        "correlate2d": correlate2d, "conv1d": conv1d, "conv2d": conv2d}
_ONLY_1D, _ONLY_2D = {"table", "plot"}, {"figure", "overview"}
#: Every key a fence accepts, with a description (the reference page lists these).
FENCE_KEYS = {
    "op": "convolve (default), correlate, convolve2d, correlate2d, conv1d or conv2d",
    "a": "first sequence (\"1, 0.5, 1, 1\" or a YAML list), or the 2D input (\"1 2; 3 4\" or nested lists)",
    "b": "second sequence, or the kernel",
    "mode": "full, same or valid (default: full, but valid for correlate); not for conv1d/conv2d",
    "boundary": "convolve2d/correlate2d: fill (default), wrap or symm",
    "fillvalue": "convolve2d/correlate2d: the value outside the input with boundary fill (default 0)",
    "stride": "conv1d/conv2d: an int or [rows, columns] (default 1)",
    "padding": "conv1d/conv2d: an int, [rows, columns], same or valid (default 0)",
    "dilation": "conv1d/conv2d: an int or [rows, columns] (default 1)",
    "cell": "the output cell [i, j] (or [j] for conv1d) the figure shows (default the first)",
    "formula": "true: a and b are formulas in n (\"a**n*u[n]\"); the closed form for every n",
    "params": "with formula: assumptions, e.g. {a: \"0 < |a| < 1\", N: positive}",
    "values": "with formula: parameter values for the plot, e.g. {a: 0.5, N: 4}",
    "window": "with formula: the n range of the plot, e.g. [-3, 15]",
    "names": "names of the two inputs and the output, e.g. \"x, h, y\" (default a, b, c; 2D: x, k, y or x, w, y)",
    "start_a": "index of the first sample of a (default 0; negative allowed)",
    "start_b": "index of the first sample of b (default 0)",
    "numbers": "auto (default), fraction or decimal",
    "digits": "significant digits of rounded decimals (default 6)",
    "show": f"list of {', '.join(SHOW)} (default {', '.join(_DEFAULT_SHOW)}; 2D and conv: "
            f"{', '.join(_DEFAULT_SHOW_2D)})",
    "title": "a heading for the example (also its name in the gallery)",
    "wrap": "wrap sums after this many terms",
    "elide": "show only this many outputs at each end of the derivation",
    "zeros": "true to show the zero products of the whole window",
    "flip": "false to leave out the flipped-sequence step (convolve)",
}
_MAX_FENCE_CHARS = 20_000
_MATH_RE = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)


# -- the fence ------------------------------------------------------------------------------
def _normalised(source: str) -> str:
    return "\n".join(line.strip() for line in source.strip().splitlines())


def fence_id(source: str, options: dict | None = None) -> str:
    """A stable HTML id for a fence: from its title, else from a hash of its body."""
    title = (options or {}).get("title")
    if isinstance(title, str) and title.strip():
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        if slug:
            return f"symconv-{slug}"
    return "symconv-" + hashlib.sha1(_normalised(source).encode("utf-8")).hexdigest()[:10]


def parse_fence(source: str) -> dict:
    """The fence's options as a dict, validated.

    Raises
    ------
    InputError
        Not YAML, not a mapping, an unknown key, a value of the wrong type.
    """
    import yaml

    if len(source) > _MAX_FENCE_CHARS:
        raise InputError(f"the fence has {len(source):,} characters (limit {_MAX_FENCE_CHARS:,})")
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"the fence is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise InputError("the fence must hold key: value lines (op, a, b, ...)")
    unknown = sorted(str(k) for k in data if k not in FENCE_KEYS)
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r}; keys are {', '.join(FENCE_KEYS)}")
    for key in ("a", "b"):
        if key not in data:
            raise InputError(f"the fence needs '{key}' (a sequence such as \"1, 0.5, 0.25\")")
        if isinstance(data[key], (dict, bool)) or data[key] is None:
            raise InputError(f"'{key}' must be a sequence such as \"1, 0.5, 0.25\", got {data[key]!r}")
    op = data.get("op", "convolve")
    if op not in _OPS:
        raise InputError(f"op must be one of {', '.join(_OPS)}, got {op!r}")
    one_d = op in ("convolve", "correlate")
    allowed = {"convolve": {"mode", "start_a", "start_b", "flip", "formula", "params", "values", "window"},
               "correlate": {"mode", "start_a", "start_b"},
               "convolve2d": {"mode", "boundary", "fillvalue", "cell", "flip"},
               "correlate2d": {"mode", "boundary", "fillvalue", "cell"},
               "conv1d": {"stride", "padding", "dilation", "cell"},
               "conv2d": {"stride", "padding", "dilation", "cell"}}[op]
    specific = {"mode", "start_a", "start_b", "flip", "boundary", "fillvalue", "cell", "stride",
                "padding", "dilation", "formula", "params", "values", "window"}
    if data.get("formula") is not None and not isinstance(data.get("formula"), bool):
        raise InputError(f"'formula' must be true or false, got {data['formula']!r}")
    if not data.get("formula"):
        for key in ("params", "values", "window"):
            if key in data:
                raise InputError(f"'{key}' needs formula: true")
    for key in ("params", "values"):
        if key in data and (not isinstance(data[key], dict) or not all(isinstance(k, str) for k in data[key])):
            raise InputError(f"'{key}' must be a mapping such as {{a: 0.5}}, got {data[key]!r}")
    if "window" in data and (not isinstance(data["window"], list) or len(data["window"]) != 2 or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in data["window"])
            or not -1000 <= data["window"][0] < data["window"][1] <= 1000):
        raise InputError(f"'window' must be [first, last] with -1000 <= first < last <= 1000, got {data['window']!r}")
    for key in sorted(specific & set(data) - allowed):
        raise InputError(f"'{key}' does not apply to op {op}")
    for key in ("start_a", "start_b", "wrap", "elide", "digits"):
        if key in data and (isinstance(data[key], bool) or not isinstance(data[key], int)):
            raise InputError(f"'{key}' must be an integer, got {data[key]!r}")
    for key in ("zeros", "flip"):
        if key in data and not isinstance(data[key], bool):
            raise InputError(f"'{key}' must be true or false, got {data[key]!r}")
    for key in ("title", "mode", "numbers"):
        if key in data and not isinstance(data[key], str):
            raise InputError(f"'{key}' must be text, got {data[key]!r}")
    default_show = ["prose", "derivation", "plot", "check"] if data.get("formula") else \
        list(_DEFAULT_SHOW if one_d else _DEFAULT_SHOW_2D)
    show = data.get("show", default_show)
    if isinstance(show, str):
        show = [part.strip() for part in show.split(",")]
    if not isinstance(show, list) or not all(isinstance(s, str) and s in SHOW for s in show):
        raise InputError(f"show must be a list of {', '.join(SHOW)}, got {show!r}")
    wrong = sorted(set(show) & (_ONLY_2D if one_d else _ONLY_1D))
    if wrong:
        raise InputError(f"show: {wrong[0]!r} does not apply to op {op} "
                         f"({'table and plot are for 1D' if not one_d else 'figure and overview are for 2D and conv'})")
    cell = data.get("cell", [0, 0])
    if isinstance(cell, int) and not isinstance(cell, bool):
        cell = [0, cell]
    if (not isinstance(cell, list) or not 1 <= len(cell) <= 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in cell)):
        raise InputError(f"cell must be [i, j] (or [j] for conv1d), got {cell!r}")
    data["cell"] = tuple(cell if len(cell) == 2 else [0, cell[0]])
    if data.get("formula") and "table" in show:
        raise InputError("show: 'table' needs finite sequences; formulas have infinite support")
    data["show"] = show
    data["op"] = op
    return data


def _derive(options: dict):
    op = options["op"]
    func = _OPS[op]
    if options.get("formula"):
        from .api import formula

        names = check_names(options.get("names", "x, h, y"))
        params = {k: str(v) for k, v in (options.get("params") or {}).items()}
        x = formula(str(options["a"]), params={k: v for k, v in params.items() if k in str(options["a"])},
                    name=names[0])
        h = formula(str(options["b"]), params={k: v for k, v in params.items() if k in str(options["b"])},
                    name=names[1])
        return convolve(x, h, options.get("mode", "full"), names=names), names
    if op in ("convolve", "correlate"):
        names = check_names(options.get("names", "a, b, c"))
        a = Sequence(_as_text(options["a"]), options.get("start_a", 0), names[0])
        b = Sequence(_as_text(options["b"]), options.get("start_b", 0), names[1])
        mode = options.get("mode", "full" if op == "convolve" else "valid")
        return func(a, b, mode, names=names), names
    if op in ("convolve2d", "correlate2d"):
        names = check_names(options.get("names", "x, k, y"))
        return func(_as_text(options["a"], True), _as_text(options["b"], True), options.get("mode", "full"),
                    options.get("boundary", "fill"), options.get("fillvalue", 0), names=names), names
    names = check_names(options.get("names", "x, w, y"))
    two_d = op == "conv2d"
    return func(_as_text(options["a"], two_d), _as_text(options["b"], two_d), _yaml_pair(options.get("stride", 1)),
                _yaml_pair(options.get("padding", 0)), _yaml_pair(options.get("dilation", 1)),
                names=names), names


def _yaml_pair(value):
    return tuple(value) if isinstance(value, list) else value


def _as_text(value, two_d: bool = False):
    """YAML gives strings, numbers or lists; a lone number is a length-1 sequence (1x1 in 2D)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [[value]] if two_d else [value]
    return value


def render_fence(source: str, cache_dir: str | None = None) -> str:
    """The HTML of one fence; raises :class:`SymconvError` on bad input.

    ``cache_dir``, if given, keeps rendered figures across builds.
    """
    options = parse_fence(source)
    derivation, names = _derive(options)
    show = options["show"]
    settings = {key: options[key] for key in ("numbers", "digits", "wrap", "elide", "zeros", "flip")
                if key in options}
    e = derivation.expansion
    if options.get("formula"):
        return _render_closed(derivation, options, source, cache_dir)
    if derivation.is_2d and "wrap" not in options and len(e.kernel) * len(e.kernel[0]) > 4:
        settings["wrap"] = len(e.kernel[0])  # one kernel row per line
    parts = [f'<div class="symconv" id="{fence_id(source, options)}">']
    if options.get("title"):
        parts.append(f'<p class="symconv-title"><strong>{html.escape(options["title"])}</strong></p>')
    if "prose" in show:
        words = describe2d(e, names) if derivation.is_2d else describe(e, names)
        parts.append(f"<p>{_inline_code(' '.join(words))}</p>")
    report = derivation.check() if "check" in show else None
    if "derivation" in show:
        tex = derivation.latex(**settings, call=True)
        parts.append(f'<div class="arithmatex">\\[{html.escape(tex, quote=False)}\\]</div>')
    if "table" in show:
        from .render.html import strip_table

        parts.append('<div class="symconv-table-wrap">'
                     f'{strip_table(e, names, settings.get("numbers", "auto"))}</div>')
    if "plot" in show:
        from .render.figures import cached_svg, stem_svg

        svg = cached_svg(stem_svg, e, names, cache_dir).encode("utf-8")
        alt = html.escape(f"Stem plots of {names[0]}, {names[1]} and {names[2]}")
        parts.append(f'<figure class="symconv-figure"><img alt="{alt}" '
                     f'src="data:image/svg+xml;base64,{base64.b64encode(svg).decode("ascii")}"/></figure>')
    for kind in ("figure", "overview"):
        if kind in show:
            from .render.figures import cached_svg, overview_svg, window_svg

            if kind == "figure":
                svg = cached_svg(window_svg, e, names, cache_dir, options["cell"])
                alt = f"The window of output cell {list(options['cell'])} over {names[0]}"
            else:
                svg = cached_svg(overview_svg, e, names, cache_dir)
                alt = f"The window of every output cell over {names[0]}"
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            parts.append(f'<figure class="symconv-figure"><img alt="{html.escape(alt)}" '
                         f'src="data:image/svg+xml;base64,{data}"/></figure>')
    if report is not None:
        parts.append(f'<p class="symconv-check">✓ checked against <code>{html.escape(report.reference)}'
                     f"</code>: max |error| = {format_error(report.max_abs_error, 'text')}</p>")
    if "call" in show:
        if derivation.is_2d:
            from .verify import library_call2d

            call = library_call2d(e, names[:2])
        else:
            call = library_call(e, names)
        parts.append(f'<p class="symconv-call">Equals <code>{html.escape(call)}</code>'
                     + (f" (output indices from {e.start})" if derivation.start else "") + "</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _render_closed(derivation, options: dict, source: str, cache_dir) -> str:
    """The HTML of a formula fence: prose, the closed-form derivation, a plot, the check."""
    from .render.markdown import markdown as render_markdown

    show, names = options["show"], derivation.names
    parts = [f'<div class="symconv" id="{fence_id(source, options)}">']
    if options.get("title"):
        parts.append(f'<p class="symconv-title"><strong>{html.escape(options["title"])}</strong></p>')
    if "prose" in show:
        prose = render_markdown(derivation.expansion).split("\n\n")[0]
        parts.append(f"<p>{_inline_code(prose)}</p>")
    values = {k: v for k, v in (options.get("values") or {}).items()}
    report = derivation.check(values=values or None) if "check" in show else None
    if "derivation" in show:
        tex = derivation.latex()
        parts.append(f'<div class="arithmatex">\\[{html.escape(tex, quote=False)}\\]</div>')
    if "plot" in show:
        from .render.figures import cached_svg, formula_stem_svg

        window = tuple(options.get("window", [-3, 15]))
        svg = cached_svg(formula_stem_svg, derivation.expansion, names, cache_dir, values, window)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        alt = html.escape(f"Stem plots of {names[0]}, {names[1]} and {names[2]}")
        parts.append(f'<figure class="symconv-figure"><img alt="{alt}" src="data:image/svg+xml;base64,{data}"/></figure>')
    if report is not None:
        parts.append(f'<p class="symconv-check">✓ checked against {html.escape(report.reference)}: '
                     f"max |error| = {format_error(report.max_abs_error, 'text')}</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _inline_code(text: str) -> str:
    return re.sub(r"`([^`]*)`", lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=False))


def error_box(title: str, message: str) -> str:
    """A visible error on the page (Material's ``failure`` admonition look)."""
    return (f'<div class="admonition failure symconv-error"><p class="admonition-title">'
            f"{html.escape(title)}</p><p>{html.escape(message)}</p></div>")


def _extension_of(md) -> "SymconvExtension | None":
    for ext in getattr(md, "registeredExtensions", []):
        if isinstance(ext, SymconvExtension):
            return ext
    return None


def fence_format(source, language, class_name, options, md, **kwargs):
    """``pymdownx.superfences`` formatter of the ```` ```symconv ```` fence.

    Never raises: a bad fence is reported (warning on ``mkdocs.plugins.symconv``) and shown.
    """
    ext = _extension_of(md)
    try:
        return render_fence(source, ext.getConfig("cache_dir") if ext else None)
    except SymconvError as exc:
        first = _normalised(source).splitlines()[0] if source.strip() else "(empty fence)"
        message = f"symconv fence starting {first[:60]!r}: {exc}"
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
