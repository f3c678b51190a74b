"""The words of an animation: references, remarks on how the input and the kernel were made,
and each frame's sum, as the derivation writes them (numbers through `Labels`)."""

from __future__ import annotations

from ..steps import Conjugation, Dilation, Extension, Flip, Padding, Rotation, WindowSum
from ..steps.transposed import KernelFlip, ZeroInsertion
from .animation_frames import Animation, Frame
from .svg import Labels, text_width

__all__ = ["index_text", "ref_parts", "source_words", "how_words", "gap_words", "kernel_words", "kernel_how_words",
           "sum_lines", "SUM_LINES"]

SUM_LINES = 4  # a longer sum shows its first lines and "…"


def index_text(index: tuple) -> str:
    return ", ".join(str(i) for i in index).replace("-", "\u2212")


def ref_parts(lab: Labels, ref) -> list:
    return [("i", lab.name(ref.array.name)), f"[{index_text(ref.index)}]"]


def _sides(widths: tuple, one_d: bool) -> str:
    top, bottom, left, right = widths
    sides = {"left": left, "right": right} if one_d else {"top": top, "bottom": bottom, "left": left, "right": right}
    if len(set(sides.values())) == 1:
        return f" by {left}"
    return ": " + ", ".join(f"{n} {side}" for side, n in sides.items() if n)


def _per_axis(values: tuple, one_d: bool) -> str:
    return str(values[1]) if one_d or values[0] == values[1] else "×".join(map(str, values))


def _ends(widths: tuple, one_d: bool) -> str:
    """Padding ``(top, bottom, left, right)`` in few words: `` by 2``; `` 1 before, 2 after``
    when both axes agree; else as `_sides` says it."""
    top, bottom, left, right = widths
    if (one_d or (top, bottom) == (left, right)) and left != right:
        return f" {left} before, {right} after"
    if not one_d and top == bottom and left == right and top != left:
        return f" by {top} row{'s' if top != 1 else ''} and {left} column{'s' if left != 1 else ''}"
    return _sides(widths, one_d)


def gap_words(steps) -> str:
    """What the legend says of the zeros a ``ZeroInsertion`` step puts between samples."""
    for step in steps:
        if isinstance(step, ZeroInsertion):
            between = _per_axis(tuple(s - 1 for s in step.stride), step.one_d)
            return f"zeros inserted: {between} between samples (stride {_per_axis(step.stride, step.one_d)})"
    return ""


def how_words(steps, lab: Labels, one_d: bool) -> tuple[str, str]:
    """What the remark after a source's name and the legend say of its outside cells, from the
    steps that made it (``Padding``, ``Extension``, ``ZeroInsertion``)."""
    for step in steps:
        if isinstance(step, ZeroInsertion):
            widths = (step.before[0], step.after[0], step.before[1], step.after[1])
            padded = tuple(max(0, w) for w in widths)
            cropped = tuple(max(0, -w) for w in widths)
            words = []
            if any(padded):
                words.append(f"zero-padded{_ends(padded, step.one_d)}")
            if any(cropped):
                words.append(f"cropped{_ends(cropped, step.one_d)}")
            if not words and max(step.stride) > 1:
                words.append("zeros inserted")
            return "".join(", " + w for w in words), "zero padding"
    return source_words_of(steps, lab, one_d)


def source_words(anim: Animation, lab: Labels) -> tuple[str, str]:
    """What the source's remark and the legend say of its outside cells."""
    return how_words(anim.source.how, lab, anim.one_d)


def source_words_of(steps, lab: Labels, one_d: bool) -> tuple[str, str]:
    """`source_words` for padding and boundary extensions (and the default: zeros outside)."""
    for step in steps:
        if isinstance(step, Padding):
            how = "zero" if step.mode == "zeros" else step.mode
            return f", {how}-padded{_sides(step.widths, step.one_d)}", f"{how} padding"
        if isinstance(step, Extension):
            if step.boundary == "wrap":
                return ", wrapped around", "wrapped copy of the input"
            if step.boundary == "symm":
                return ", mirrored at its edges", "mirrored copy of the input"
            fill = lab.number(step.fillvalue)
            return f", padded with {fill}", f"fill value {fill}"
    if one_d:
        return ", 0 outside its samples", "0 outside the sequence"
    return ", 0 outside it", "0 outside the input"


def kernel_words(anim: Animation) -> str:
    """What the remark after the kernel's name says of how it is applied."""
    conjugated = bool(anim.frames[0].placed and anim.frames[0].placed[0][1].conjugated)
    return kernel_how_words(anim.kernel.how, anim.kind, conjugated)


def kernel_how_words(steps, kind: str, conjugated: bool = False) -> str:
    """`kernel_words` from the steps that made the kernel as applied."""
    words = []
    for step in steps:
        if isinstance(step, Rotation):
            words.append("rotated 180°")
        elif isinstance(step, Conjugation):
            words.append("conjugated")
        elif isinstance(step, Flip):
            words.append("flipped")
        elif isinstance(step, KernelFlip):
            words.append("flipped" if step.one_d else "rotated 180°")
        elif isinstance(step, Dilation):
            d = step.dilation[1] if step.one_d or len(set(step.dilation)) == 1 else "×".join(map(str, step.dilation))
            words.append(f"dilated by {d}")
        elif isinstance(step, WindowSum):
            d = step.dilation[1] if step.one_d or len(set(step.dilation)) == 1 else "×".join(map(str, step.dilation))
            words.append(f"taps {d} apart (dilation)")
    if kind in ("conv1d", "conv2d"):
        words.insert(0, "not rotated")
    if conjugated and "conjugated" not in words:
        words.append("conjugated")
    return "".join(", " + w for w in words)


def sum_lines(lab: Labels, frame: Frame, width: float, by_row: bool, bias=None) -> list:
    """``(indent, text)`` lines: ``c[3] = 0.5·0.25 + 1·0.5 + 1·1``, wrapped to ``width`` (2D: a
    line per kernel row), then ``= 0.125 + 0.5 + 1 = 1.625`` when that fits on a line, else
    ``= 1.625``. More than `SUM_LINES` lines of products end in ``+ … (N products in all)``.
    Continued lines are indented to the first ``=``. With ``bias`` (a `Factor`), the products
    end in ``+ b[0]`` and the values in its value (a one-channel layer with a bias)."""
    lhs = "".join(p if isinstance(p, str) else p[1] for p in ref_parts(lab, frame.output))
    indent = text_width(lhs + " ")
    room = width - indent
    lines, line, row = [], "", None
    for k, t in enumerate(frame.terms):
        term = f"{lab.factor(t.left)}·{lab.factor(t.right)}"
        key = t.factors[1].ref.index[:-1] if by_row else ()
        if k and (key != row or text_width(line + " + " + term) > room):
            lines.append(line)
            line = f"+ {term}"
        else:
            line += (" + " if k else "= ") + term
        row = key
    if bias is not None:
        term = "".join(p if isinstance(p, str) else p[1] for p in ref_parts(lab, bias.ref))
        if line and text_width(line + " + " + term) > room:
            lines.append(line)
            line = f"+ {term}"
        else:
            line += (" + " if line else "= ") + term
    lines.append(line or "= 0")
    if len(lines) > SUM_LINES:
        lines = lines[:SUM_LINES - 1] + [f"+ … ({len(frame.terms)} products in all)"]
    value = lab.number(frame.value)
    added = [t.product for t in frame.terms] + ([bias.value] if bias is not None else [])
    products = " + ".join([lab.number(v) for v in added[:1]] + [lab.factor(v) for v in added[1:]])
    total = f"= {products} = {value}"
    if len(added) > 1 and products != value and text_width(total) <= room:
        lines.append(total)
    elif text_width(lines[-1] + f" = {value}") <= room:
        lines[-1] += f" = {value}"
    else:
        lines.append(f"= {value}")
    return [(0.0, f"{lhs} {lines[0]}")] + [(indent, line) for line in lines[1:]]
