"""Markdown: a sentence of prose, the LaTeX block in ``$$`` (or a ```` ```math ```` fence), the result."""

from __future__ import annotations

from ..errors import InputError
from ..model import Expansion1D
from ._layout import library_call
from ._numbers import NumberFormat, format_error, resolve_style
from .latex import LatexPrinter

__all__ = ["markdown", "describe"]

MATH_FORMS = ("dollars", "fence")


def _span(start: int, count: int) -> str:
    return f"index {start}" if count == 1 else f"indices {start}…{start + count - 1}"


def describe(e: Expansion1D, names: tuple[str, str, str], values_text: list[str]) -> list[str]:
    """Plain-prose sentences explaining the operation, its indices and its mode."""
    A, B, C = names
    a, b = e.a, e.b
    op = "Convolution" if e.kind == "convolve" else "Cross-correlation"
    lines = [
        f"{op} of {A} ({len(a)} samples, {_span(a.start, len(a))}) and {B} ({len(b)} samples, "
        f"{_span(b.start, len(b))}), mode `'{e.mode}'`: {C} has {len(e.samples)} samples at "
        f"{_span(e.start, len(e.samples))}."
    ]
    if e.kind == "convolve":
        lines.append(f"Each {C}[n] flips {B} to {B}[-m], shifts it right by n, multiplies it "
                     f"with {A}[m] sample by sample and adds the products.")
    else:
        conj = " conjugated" if e.conjugate else ""
        lines.append(f"Each {C}[k] slides {B}{conj} (not flipped) by the lag k along {A}, "
                     f"multiplies and adds; that is a convolution of {A} with {B} reversed{conj}.")
    full = e.full_stop - e.full_start
    if e.mode != "full":
        kept = "the central" if e.mode == "same" else "only the fully overlapping"
        lines.append(f"The full result has {full} samples ({_span(e.full_start, full)}); "
                     f"`'{e.mode}'` keeps {kept} {len(e.samples)}.")
    if e.swapped:
        lines.append(f"{B} is longer than {A}, so NumPy swaps the arguments internally; "
                     + ("convolution is commutative, so only the kept window depends on it."
                        if e.kind == "convolve" else
                        "it correlates them the other way round and reverses the result, "
                        "which gives the same lags."))
    return lines


def markdown(e: Expansion1D, *, math: str = "dollars", **settings) -> str:
    """Prose, the derivation as display math, and the result.

    Parameters
    ----------
    math : {"dollars", "fence"}
        ``"dollars"`` wraps the ``aligned`` block in ``$$`` lines (Jupyter, pandoc, GitHub,
        pymdownx.arithmatex); ``"fence"`` uses a ```` ```math ```` block (GitHub, GitLab).
    **settings
        As for :class:`~symconv.render.latex.LatexPrinter`.
    """
    if math not in MATH_FORMS:
        raise InputError(f"math must be 'dollars' or 'fence', got {math!r}")
    printer = LatexPrinter({**settings, "call": True, "check": None})
    body = printer.doprint(e)
    names = printer._names(e)
    fmt = NumberFormat("text", resolve_style(printer._settings["numbers"], e.a.decimal or e.b.decimal),
                       printer._settings["digits"])
    values = [fmt(v).text for v in e.values]
    parts = [" ".join(describe(e, names, values))]
    parts.append(f"$$\n{body}\n$$" if math == "dollars" else f"```math\n{body}\n```")
    result = f"Result: {names[2]} = ({', '.join(values)}), equal to `{library_call(e, names)}`"
    result += f" (output indices from {e.start})." if e.start else "."
    report = settings.get("check")
    if report is not None:
        result += (f" Checked against `{report.reference}`: max |error| = "
                   f"{format_error(report.max_abs_error, 'text')}.")
    parts.append(result)
    return "\n\n".join(parts) + "\n"
