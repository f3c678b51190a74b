"""The ```` ```symconv ```` block: its keys, its YAML (bounded, no aliases, no duplicate keys),
its validation and its HTML. Every front end (the Python-Markdown fence, the MkDocs plugin)
calls `render_block()`; the derivation itself comes from [`symconv.dispatch.derive()`][symconv.derive], the
API entry point every user has.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
import time

from . import blockcache
from .dispatch import PARAMETERS, derive
from .blockyaml import MAX_FENCE_CHARS
from .blockyaml import load as _load
from .errors import InputError, brief
from .reflow import check_html, derivation_html, inline_code, table_html
from .block_figures import TRANSPOSED_OPS as _TRANSPOSED_OPS
from .block_figures import block_figures, check_figures
from .model import LayerExpansion
from .steps import OPTIONS, Call, python_source, sliding_strip

__all__ = ["FENCE_KEYS", "SHOW", "parse_fence", "fence_id", "unique_id", "render_block", "derive_block", "prepare_block", "error_box",
           "MAX_FENCE_CHARS"]

#: What a block can show, in display order.
SHOW = ("prose", "derivation", "table", "plot", "figure", "overview", "animation", "check", "call")
_DEFAULT_SHOW = ("prose", "derivation", "table", "plot", "check")
_DEFAULT_SHOW_2D = ("prose", "derivation", "figure", "check")
_DEFAULT_SHOW_FORMULA = ("prose", "derivation", "plot", "check")
_ONLY_1D, _ONLY_2D = {"table", "plot"}, {"figure", "overview"}
#: Transposed convolution shows its views in the derivation; it draws no figures.
_TRANSPOSED_SHOW = ("prose", "derivation", "animation", "check", "call")
_DEFAULT_SHOW_TRANSPOSED = ("prose", "derivation", "check")
#: Circular convolution shows its views in the derivation too (a circle has no sliding window to draw).
_CIRCULAR_SHOW = ("prose", "derivation", "check", "call")
_OWN_KEYS = {
    "op": "convolve (default), correlate, convolve2d, correlate2d, conv1d, conv2d, conv_transpose1d, "
          "conv_transpose2d or circular",
    "a": "first sequence (\"1, 0.5, 1, 1\" or a YAML list), the 2D input (\"1 2; 3 4\" or nested "
         "lists), or a formula in n",
    "b": "second sequence, the kernel, or a formula",
    "show": f"list of {', '.join(SHOW)} (default {', '.join(_DEFAULT_SHOW)}; 2D and conv: "
            f"{', '.join(_DEFAULT_SHOW_2D)})",
    "title": "a heading for the example (also its name in the gallery)",
    "cell": "the output cell [i, j] (or [j] for conv1d) the figure shows (default the first)",
    "values": "with formula: parameter values for the plot and the check, e.g. {a: 0.5, N: 4}",
    "window": "with formula: the n range of the plot, e.g. [-3, 15]",
    "lint": "a derivation as written (a YAML block: lint: |), checked line by line against the right one of "
            "op (convolve or correlate), a, b; the findings show beside the lines",
    "seed": "with op: exercise, the exercise's seed (the same seed, the same exercise)",
    "difficulty": "with op: exercise, easy (default), medium or hard",
    "of": "with op: exercise, what to practise: convolve (default) or correlate",
}
#: The keys of the blocks that check a reader's work.
_EXERCISE_KEYS = ("op", "seed", "difficulty", "of", "title")
_LINT_KEYS = ("op", "a", "b", "lint", "mode", "start_a", "start_b", "names", "title")
_RENDER_OPTIONS = tuple(o for o in OPTIONS if o.name not in ("check", "call"))
#: Every key a block accepts, with a description (the reference page lists these).
FENCE_KEYS = {**_OWN_KEYS, **{p.name: p.help for p in PARAMETERS},
              **{o.name: o.help for o in _RENDER_OPTIONS}}
_MAX_TITLE = 200


def _text_or_list(value, key: str):
    if isinstance(value, bool) or value is None or isinstance(value, dict):
        raise InputError(f"'{key}' must be a sequence such as \"1, 0.5, 0.25\", got {brief(value)}")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (str, list)):
        return value
    raise InputError(f"'{key}' must be text or a list, got {brief(value)}")


def parse_fence(source: str) -> dict:
    """The block's keys as a dict, checked: YAML data only, known keys, the block's own keys
    well-formed (``show``, ``title``, ``cell``, ``values``, ``window``). The operation's
    parameters and the rendering options are checked by [`derive()`][symconv.derive] and
    [`options_for()`][symconv.steps.options_for] when the block renders.

    Raises
    ------
    InputError
        Not YAML, aliases or duplicate keys, not a mapping, an unknown key, a bad value.
    """
    data = _load(source)
    if not isinstance(data, dict):
        raise InputError("the block must hold key: value lines (op, a, b, ...)")
    unknown = sorted(str(k) for k in data if k not in FENCE_KEYS)
    if unknown:
        raise InputError(f"unknown key {brief(unknown[0])}; keys are {', '.join(FENCE_KEYS)}")
    empty = sorted(k for k, v in data.items() if v is None)
    if empty:
        raise InputError(f"'{empty[0]}' has no value; give one or leave the key out for the default")
    if data.get("op") == "exercise":
        return _parse_exercise(data)
    for key in ("seed", "difficulty", "of"):
        if key in data:
            raise InputError(f"'{key}' applies to op: exercise")
    if "lint" in data:
        return _parse_lint(data)
    for key in ("a", "b"):
        if key not in data:
            raise InputError(f"the block needs '{key}' (a sequence such as \"1, 0.5, 0.25\")")
        data[key] = _text_or_list(data[key], key)
    op = data.get("op", "convolve")
    if not isinstance(op, str):
        raise InputError(f"op must be text, got {brief(op)}")
    data["op"] = op
    one_d = op in ("convolve", "correlate", "circular")
    title = data.get("title")
    if title is not None and (not isinstance(title, str) or len(title) > _MAX_TITLE):
        raise InputError(f"'title' must be text of at most {_MAX_TITLE} characters, got {brief(title)}")
    if "formula" in data and not isinstance(data["formula"], bool):
        raise InputError(f"'formula' must be true or false, got {brief(data['formula'])}")
    formula = data.get("formula") is True
    for key in ("values", "window"):
        if key in data and not formula:
            raise InputError(f"'{key}' needs formula: true")
    if "values" in data and (not isinstance(data["values"], dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float, str)) and not isinstance(v, bool)
            for k, v in data["values"].items())):
        raise InputError(f"'values' must be a mapping such as {{a: 0.5}}, got {brief(data['values'])}")
    window = data.get("window", [-3, 15])
    if not (isinstance(window, list) and len(window) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in window) and -1000 <= window[0] < window[1] <= 1000):
        raise InputError(f"'window' must be [first, last] with -1000 <= first < last <= 1000, got {brief(window)}")
    data["window"] = tuple(window)
    default = _DEFAULT_SHOW_FORMULA if formula else (_DEFAULT_SHOW if one_d else _DEFAULT_SHOW_2D)
    default = _DEFAULT_SHOW_TRANSPOSED if op in _TRANSPOSED_OPS else default
    default = _DEFAULT_SHOW_TRANSPOSED if op == "circular" else default
    default = ("prose", "derivation", "check") if formula and op == "correlate" else default
    show = data.get("show", list(default))
    if isinstance(show, str):
        show = [part.strip() for part in show.split(",")]
    if not isinstance(show, list) or not all(isinstance(s, str) and s in SHOW for s in show):
        raise InputError(f"show must be a list of {', '.join(SHOW)}, got {brief(show)}")
    if op == "circular" and set(show) - set(_CIRCULAR_SHOW):
        raise InputError(f"show: {sorted(set(show) - set(_CIRCULAR_SHOW))[0]!r} does not apply to op circular "
                         f"(its views are in the derivation; it shows {', '.join(_CIRCULAR_SHOW)})")
    if op in _TRANSPOSED_OPS and set(show) - set(_TRANSPOSED_SHOW):
        raise InputError(f"show: {sorted(set(show) - set(_TRANSPOSED_SHOW))[0]!r} does not apply to op {op} "
                         f"(its views are in the derivation; it shows {', '.join(_TRANSPOSED_SHOW)})")
    wrong = sorted(set(show) & (_ONLY_2D if one_d else _ONLY_1D))
    if wrong:
        raise InputError(f"show: {wrong[0]!r} does not apply to op {brief(op)} "
                         f"({'table and plot are for 1D' if not one_d else 'figure and overview are for 2D and conv'})")
    if formula and {"table", "animation"} & set(show):
        which = "table" if "table" in show else "animation"
        raise InputError(f"show: '{which}' needs finite sequences; formulas have infinite support")
    if formula and op == "correlate" and "plot" in show:  # its stem plot draws a convolution's flipped kernel
        raise InputError("show: 'plot' draws a convolution of formulas; a correlation of formulas shows prose, "
                         "derivation and check")
    data["show"] = show
    if "cell" in data and "figure" not in show:
        raise InputError("'cell' picks the output cell of the figure; add figure to show, or leave cell out")
    cell = data.get("cell", [0, 0])
    if isinstance(cell, int) and not isinstance(cell, bool):
        cell = [0, cell]
    if (not isinstance(cell, list) or not 1 <= len(cell) <= 4
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in cell)):
        raise InputError(f"cell must be [i, j] (or [j] for conv1d; a layer with channels: its output index, "
                         f"e.g. [o, i, j]), got {brief(cell)}")
    data["cell"] = tuple(cell if len(cell) >= 2 else [0, cell[0]])
    return data


def _title(data: dict) -> None:
    title = data.get("title")
    if title is not None and (not isinstance(title, str) or len(title) > _MAX_TITLE):
        raise InputError(f"'title' must be text of at most {_MAX_TITLE} characters, got {brief(title)}")


def _parse_exercise(data: dict) -> dict:
    """An exercise block: its seed (required), difficulty and operation; nothing else applies."""
    extra = sorted(str(k) for k in data if k not in _EXERCISE_KEYS)
    if extra:
        raise InputError(f"{extra[0]!r} does not apply to op: exercise; it takes {', '.join(_EXERCISE_KEYS[1:])}")
    seed = data.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise InputError(f"op: exercise needs 'seed', an int from 0, got {brief(seed)}")
    if data.get("difficulty", "easy") not in ("easy", "medium", "hard"):
        raise InputError(f"difficulty must be easy, medium or hard, got {brief(data['difficulty'])}")
    if data.get("of", "convolve") not in ("convolve", "correlate"):
        raise InputError(f"of must be convolve or correlate, got {brief(data['of'])}")
    _title(data)
    data["show"] = []
    return data


def _parse_lint(data: dict) -> dict:
    """A lint block: the derivation as written, and what it derives."""
    extra = sorted(str(k) for k in data if k not in _LINT_KEYS)
    if extra:
        raise InputError(f"{extra[0]!r} does not apply to a lint block; it takes {', '.join(_LINT_KEYS)}")
    if not isinstance(data["lint"], str):
        raise InputError(f"'lint' holds the derivation as text (lint: |, then the lines), got {brief(data['lint'])}")
    data["op"] = data.get("op", "convolve")
    if data["op"] not in ("convolve", "correlate"):
        raise InputError(f"a lint block reads 1D derivations: op convolve or correlate, got {brief(data['op'])}")
    for key in ("a", "b"):
        if key not in data:
            raise InputError(f"the block needs '{key}' (a sequence such as \"1, 0.5, 0.25\")")
        data[key] = _text_or_list(data[key], key)
    _title(data)
    data["show"] = []
    return data


def unique_id(base: str, seen: dict) -> str:
    """``base``, or ``base-2``, ``base-3``... for its later uses on one page (``seen`` counts)."""
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def fence_id(source: str, options: dict | None = None) -> str:
    """A stable HTML id for a block: from its title, else from a hash of its body (two blocks
    with one title on a page are told apart by `unique_id()`)."""
    title = (options or {}).get("title")
    if isinstance(title, str) and title.strip():
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        if slug:
            return f"symconv-{slug}"
    normalised = "\n".join(line.strip() for line in source.strip().splitlines())
    return "symconv-" + hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:10]


def _as_sequence(value, two_d: bool):
    """YAML gives strings, numbers or lists; a lone number is a length-1 sequence (1x1 in 2D)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [[value]] if two_d else [value]
    return value


def derive_block(data: dict):
    """The derivation a parsed block (`parse_fence()`) asks for, through
    [`derive()`][symconv.derive]."""
    op = data["op"]
    parameters = {p.name: data[p.name] for p in PARAMETERS if p.name in data}
    for key in ("stride", "padding", "output_padding", "dilation"):
        if isinstance(parameters.get(key), list):
            parameters[key] = tuple(parameters[key])
    two_d = op not in ("convolve", "correlate", "conv1d", "conv_transpose1d", "circular")
    return derive(op, _as_sequence(data["a"], two_d), _as_sequence(data["b"], two_d),
                  names=data.get("names"), **parameters)


def prepare_block(data: dict) -> tuple:
    """What every print form of a parsed block (`parse_fence()`) starts from: its derivation, the
    rendering options it gives (a kernel wider than 2×2 is written one kernel row per line unless
    ``wrap`` says otherwise) and, when ``show`` holds ``check``, the check's report (else None).
    What the figures would refuse is refused here, so a block that fails as HTML fails in print."""
    derivation = derive_block(data)
    check_figures(derivation.expansion, data)
    given = {o.name: data[o.name] for o in _RENDER_OPTIONS if o.name in data}
    e = derivation.expansion
    kernel = e.planes[0].kernel if isinstance(e, LayerExpansion) else getattr(e, "kernel", None)
    if data["op"] not in ("convolve", "correlate") and "wrap" not in given and kernel and \
            len(kernel) * len(kernel[0]) > 4:
        given["wrap"] = len(kernel[0])  # one kernel row per line
    report = None
    if "check" in data["show"]:
        report = derivation.check(values=data.get("values") or None) if data.get("formula") else derivation.check()
    return derivation, given, report


def render_block(source: str, cache_dir: str | None = None, tally=None, seen: dict | None = None) -> str:
    """The HTML of one block; raises [`SymconvError`][symconv.SymconvError] on bad input.

    ``cache_dir``, if given, keeps rendered blocks and figures across builds. ``tally``, if
    given, is called with ``"drawn"`` or ``"cached"`` per figure and, when the block is done
    (rendered or failed), with ``"fence"`` and the seconds it took: a build's progress line
    counts them. ``seen`` counts the ids used so far on the page (so that every block's id is
    unique).
    """
    start = time.perf_counter()
    count = tally or (lambda event, seconds=0.0: None)
    try:
        kept = blockcache.load(cache_dir, source) if cache_dir else None
        if kept is not None:
            body, figures = kept
            for _ in range(figures):
                count("cached")
            data = parse_fence(source)
        else:
            events: list = []
            body, data = _render_block(source, cache_dir, lambda event: (events.append(event), count(event)))
            if cache_dir:
                blockcache.store(cache_dir, source, body, len(events))
        return body.replace(blockcache.ID_MARK, unique_id(fence_id(source, data), {} if seen is None else seen))
    finally:
        count("fence", time.perf_counter() - start)


def _render_block(source: str, cache_dir, tally) -> tuple[str, dict]:
    """The block's HTML (its id left as `blockcache.ID_MARK`) and its parsed body."""
    from .render.prose import ProsePrinter

    data = parse_fence(source)
    if data.get("op") == "exercise" or "lint" in data:
        from .selfcheck import exercise_html, lint_html

        return (exercise_html if data.get("op") == "exercise" else lint_html)(data, blockcache.ID_MARK), data
    show = data["show"]
    derivation, given, report = prepare_block(data)
    e = derivation.expansion
    doc = derivation.document(**given)
    options = _options(derivation, given)
    names = tuple(a.name for a in doc.arrays[:3])
    parts = [f'<div class="symconv" id="{blockcache.ID_MARK}">']
    if data.get("title"):
        parts.append(f'<p class="symconv-title"><strong>{html.escape(data["title"])}</strong></p>')
    if "prose" in show:
        parts.append(f"<p>{inline_code(ProsePrinter(options).doprint(doc))}</p>")
    if "derivation" in show:  # with 'call' also shown, the call is said once, after the figures
        shown = dataclasses.replace(doc, steps=tuple(s for s in doc.steps if not isinstance(s, Call))) \
            if "call" in show else doc
        parts.append(derivation_html(shown, options))
    if "table" in show:
        parts.append(table_html(sliding_strip(e, names), options, doc.decimal))
    parts.extend(block_figures(derivation, data, names, cache_dir, tally))
    if report is not None:
        parts.append(check_html(doc, options, report))
    if "call" in show and doc.call is not None:
        where = f" (output indices from {doc.call.starts_at})" if doc.call.starts_at else ""
        parts.append(f'<p class="symconv-call">Equals <code>{html.escape(python_source(doc.call))}</code>{where}</p>')
    parts.append("</div>")
    return "\n".join(parts), data


def _options(derivation, given: dict):
    from .steps import kind_of, options_for

    return options_for(kind_of(derivation.expansion), given)


def error_box(title: str, message: str) -> str:
    """A visible error on the page (Material's ``failure`` admonition look), escaped."""
    return (f'<div class="admonition failure symconv-error"><p class="admonition-title">'
            f"{html.escape(title)}</p><p>{html.escape(message)}</p></div>")
