"""The figures of a ```` ```symconv ```` block: stem plots, window figures (one per input
channel of a layer's cell), the overview of every window and the animation, each inline SVG in
a ``<figure>`` with its caption. `symconv.fence.render_block()` calls `block_figures()`."""

from __future__ import annotations

import html

from .errors import InputError, brief
from .model import LayerExpansion

__all__ = ["block_figures", "check_figures", "TRANSPOSED_OPS"]

#: The transposed convolutions (their animation picks a view).
TRANSPOSED_OPS = ("conv_transpose1d", "conv_transpose2d")


def _figure(svg: str, caption: str) -> str:
    # Inline, not an <img>: the page's CSS colours it (light and dark schemes). The SVG escapes
    # its own text and carries its accessible name (role="img" and a <title>).
    return f'<figure class="symconv-figure">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'



def block_figures(derivation, data: dict, names: tuple, cache_dir, tally=None) -> list:
    """The block's figures, in the order ``show`` lists them, each as ``<figure>`` HTML."""
    show, e, out = data["show"], derivation.expansion, []
    if not {"plot", "figure", "overview", "animation"} & set(show):
        return out
    from .render.figures import cached_svg, formula_stem_svg, overview_svg, stem_svg, window_svg
    from .render.stem import slid_to

    x, k, y = names
    numbers = data.get("numbers", "auto")
    if "plot" in show:
        if data.get("formula"):
            values = dict(data.get("values") or {})
            svg = cached_svg(formula_stem_svg, e, names, cache_dir, values, data["window"], tally=tally)
            given = ", ".join(f"{key} = {value}" for key, value in values.items())
            n0 = slid_to(data["window"])
            caption = (f"Stem plots of {x}[n], {k}[n], {k}[{n0} − m] (the kernel flipped and slid to n = {n0}: "
                       f"{y}[{n0}] = Σₘ {x}[m]·{k}[{n0} − m] adds the products where it meets {x}) and the "
                       f"closed form {y}[n]" + (f", for {given}" if given else ""))
        else:
            svg = cached_svg(stem_svg, e, names, cache_dir, numbers, tally=tally)
            caption = (f"Stem plots of the input {x}[n], the kernel {k}[n], the kernel flipped, {k}[−m] "
                       f"(over m), and the output {y}[n]" if e.kind == "convolve" else
                       f"Stem plots of the input {x}[n], the kernel {k}[n] and the output {y}[k] (over the lag k)")
        out.append(_figure(svg, caption + "."))
    if "figure" in show and isinstance(e, LayerExpansion):
        out.extend(_layer_figures(e, data, names, cache_dir, numbers, tally))
    elif "figure" in show:
        cell = data["cell"]
        svg = cached_svg(window_svg, e, names, cache_dir, cell, numbers, tally=tally)
        where = f"{y}[{cell[1]}]" if e.one_d else f"{y}[{cell[0]}, {cell[1]}]"
        out.append(_figure(svg, f"The window of {where}: the highlighted cells of {x} times the kernel, "
                                f"summed, give {where}."))
    if "overview" in show and isinstance(e, LayerExpansion):
        raise InputError("show: 'overview' draws a one-channel layer; for channels use 'figure' (one window per "
                         "input channel of the cell's group)")
    if "overview" in show:
        svg = cached_svg(overview_svg, e, names, cache_dir, numbers, tally=tally)
        rows, cols = e.out_shape
        where = (f"one strip per output {y}[i]" if e.one_d else
                 f"laid out like the {rows}×{cols} output {y}, each labelled with its output")
        out.append(_figure(svg, f"Every window of {x}, {where}."))
    if "animation" in show:
        out.append(_animation(derivation, data, names, tally))
    return out


def _animation(derivation, data: dict, names: tuple, tally=None) -> str:
    """The animated SVG (SMIL, no script; the first frame where animation is off) in a figure."""
    if not hasattr(derivation, "animation"):
        raise InputError(f"show: 'animation' does not apply to op {brief(data['op'])}")
    view = data.get("view") if data["op"] in TRANSPOSED_OPS and data.get("view") != "all" else None
    svg = derivation.animation("svg", numbers=data.get("numbers", "auto"), digits=data.get("digits", 6),
                               view=view)
    if tally is not None:
        tally("drawn")
    x, k, y = names
    if view == "scatter":
        return _figure(svg, f"Animation, one frame per input sample: each sample of {x} stamps the kernel {k}, "
                            f"scaled by it, into {y}; an output is complete after the last stamp that reaches "
                            f"it (where animation is off, the first frame).")
    if derivation.kind in ("convolve", "correlate"):
        moves = f"the kernel {k}{' flipped' if derivation.kind == 'convolve' else ''} slides along {x}"
    elif data["op"] in TRANSPOSED_OPS:
        moves = f"the flipped kernel {k} moves over {x} with zeros inserted and padded"
    else:
        moves = f"the window of each cell of {y} moves over {x}"
    return _figure(svg, f"Animation, one frame per output: {moves}; each frame writes the products, their "
                        f"sum and the output it gives (where animation is off, the first frame).")


def _layer_cell(e, given) -> tuple:
    """A layer's figure cell as a full output index (leading zeros for the batch and channel
    axes a plain input lacks), or InputError when it is outside the output."""
    shape = e.out_shape if not e.plain else ((e.spatial_out[1],) if e.one_d else e.spatial_out)
    cell = tuple(given)
    cell = cell[-len(shape):] if len(cell) > len(shape) and not any(cell[:len(cell) - len(shape)]) else cell
    cell = (0,) * (len(shape) - len(cell)) + cell
    if len(cell) != len(shape) or not all(0 <= i < n for i, n in zip(cell, shape)):
        raise InputError(f"cell {brief(list(given))} is outside the output of shape {brief(shape)}")
    return cell


def check_figures(e, data: dict) -> None:
    """Refuse what the block's figures would refuse (the cell outside the output, a layer's
    overview), before anything is drawn: every print form of a block, with figures or without,
    accepts the same blocks."""
    show = data["show"]
    if "overview" in show and isinstance(e, LayerExpansion):
        raise InputError("show: 'overview' draws a one-channel layer; for channels use 'figure' (one window per "
                         "input channel of the cell's group)")
    if "figure" not in show:
        return
    if isinstance(e, LayerExpansion):
        _layer_cell(e, data["cell"])
        return
    i, j = data["cell"]
    rows, cols = e.out_shape
    if not (0 <= i < rows and 0 <= j < cols):
        raise InputError(f"cell {brief(list(data['cell']))} is outside the {rows}x{cols} output")


def _layer_figures(e, data: dict, names: tuple, cache_dir, numbers, tally) -> list:
    """One window figure per input channel of the cell's group: each channel's part of the sum."""
    from .render.figures import cached_svg, window_svg

    cell = _layer_cell(e, data["cell"])
    space = cell[-e.spatial:]
    lead = cell[:len(cell) - e.spatial]
    n, o = (lead if e.batched else (0,) + lead) if lead else (0, 0)
    x, w, y = names
    where = f"{y}[{', '.join(map(str, cell))}]"
    figures = []
    for local in range(e.in_per_group):
        c = e.channel(o, local)
        plane = e.plane(n, o, local)
        svg = cached_svg(window_svg, plane, names if e.plain else (x, w, e.partial), cache_dir,
                         (0, space[0]) if e.one_d else tuple(space), numbers,
                         tally=tally)
        channel = "" if e.plain else f" of input channel {c} with {w}[{o}, {local}]"
        figures.append(_figure(svg, f"The window of {where}{channel}: the highlighted cells times the kernel, "
                                    f"summed, give {'this channel’s part of ' if not e.plain else ''}{where}."))
    return figures
