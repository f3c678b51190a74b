"""Markdown: a sentence of prose, the LaTeX block in ``$$`` (or a ```` ```math ```` fence), the result."""

from __future__ import annotations

from ..errors import InputError
from ..model import ClosedForm, Expansion1D, Expansion2D
from ._layout import library_call
from ._numbers import NumberFormat, format_error, resolve_style
from .latex import LatexPrinter

__all__ = ["markdown", "describe"]

MATH_FORMS = ("dollars", "fence")


def _span(start: int, count: int) -> str:
    return f"index {start}" if count == 1 else f"indices {start}…{start + count - 1}"


def describe(e: Expansion1D, names: tuple[str, str, str]) -> list[str]:
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


def describe2d(e: Expansion2D, names: tuple[str, str, str]) -> list[str]:
    """Plain-prose sentences for a 2D or deep-learning derivation."""
    X, K, Y = names
    shape = "x".join(map(str, e.x.shape)) if not e.one_d else f"length {e.x.shape[1]}"
    kshape = "x".join(map(str, e.k.shape)) if not e.one_d else f"length {e.k.shape[1]}"
    out = "x".join(map(str, e.out_shape)) if not e.one_d else f"length {e.out_shape[1]}"
    if e.kind in ("convolve2d", "correlate2d"):
        lines = [f"`scipy.signal.{e.kind}` of {X} ({shape}) with {K} ({kshape}), mode `'{e.mode}'`, "
                 f"boundary `'{e.boundary}'`: {Y} is {out}."]
        if e.kind == "convolve2d":
            lines.append(f"Convolution rotates {K} by 180 degrees and slides it over {X}; each output "
                         f"cell is the sum of the products under the window.")
        else:
            lines.append(f"Correlation slides {K} over {X} as it is (no rotation); each output cell is "
                         f"the sum of the products under the window.")
        if e.swapped:
            lines.append(f"{K} is larger than {X} in every dimension, so scipy swaps the inputs in "
                         f"`'valid'` mode; the values are the same.")
        return lines
    stride = e.stride[1] if e.one_d or e.stride[0] == e.stride[1] else e.stride
    dilation = e.dilation[1] if e.one_d or e.dilation[0] == e.dilation[1] else e.dilation
    return [f"`torch.nn.functional.{e.kind}` of {X} ({shape}) with {K} ({kshape}), stride {stride}, "
            f"padding {e.raw_padding!r}, dilation {dilation}: {Y} is {out}.",
            f"A deep-learning convolution is a cross-correlation: {K} is not flipped. The input is "
            f"zero-padded, the kernel's taps are spaced by the dilation and the window moves by the stride."]


def markdown(e, *, math: str = "dollars", **settings) -> str:
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
    math_block = f"$$\n{body}\n$$" if math == "dollars" else f"```math\n{body}\n```"
    report = settings.get("check")
    footer = (f" Checked against {report.reference}: max |error| = "
              f"{format_error(report.max_abs_error, 'text')}." if report is not None else "")
    if isinstance(e, ClosedForm):
        from ._sympy_print import str_expr

        X, H, Y = names
        prose = (f"Convolution of {X}[n] = {str_expr(e.x.expr)} with {H}[n] = {str_expr(e.h.expr)}: "
                 f"y[n] = sum over m of {X}[m] {H}[n-m]. The unit steps decide where each factor is "
                 f"non-zero, which turns the infinite sum into finite sums with limits that depend on n; "
                 f"the result holds for every integer n.")
        result = ("Result: closed form for every integer n." if e.closed else
                  "Result: no closed form was found for some sums; the finite sums shown are exact.")
        return "\n\n".join([prose, math_block, result + footer]) + "\n"
    if isinstance(e, Expansion2D):
        from ..verify import library_call2d

        result = f"Result: equal to `{library_call2d(e, names[:2])}`." + footer
        return "\n\n".join([" ".join(describe2d(e, names)), math_block, result]) + "\n"
    fmt = NumberFormat("text", resolve_style(printer._settings["numbers"], e.a.decimal or e.b.decimal),
                       printer._settings["digits"])
    values = [fmt(v).text for v in e.values]
    parts = [" ".join(describe(e, names))]
    parts.append(math_block)
    result = f"Result: {names[2]} = ({', '.join(values)}), equal to `{library_call(e, names)}`"
    result += f" (output indices from {e.start})." if e.start else "."
    parts.append(result + footer.replace(f"against {report.reference}", f"against `{report.reference}`")
                 if report is not None else result)
    return "\n\n".join(parts) + "\n"
