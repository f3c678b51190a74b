"""Markdown: a paragraph of prose, the LaTeX block in ``$$`` (or a ```` ```math ```` fence), the
result and the check."""

from __future__ import annotations

from ..errors import InputError, brief
from ..steps import CheckStep, Document, python_source
from .latex import LatexPrinter
from .numbers import error_parts
from .prose import ProsePrinter

__all__ = ["MarkdownPrinter", "MATH_FORMS"]

MATH_FORMS = ("dollars", "fence")


class MarkdownPrinter(LatexPrinter):
    """Print a document as Markdown with display math (Jupyter, pandoc, GitHub, arithmatex)."""

    _format_settings = {**LatexPrinter._format_settings, "math": "dollars"}

    def _print_Document(self, doc: Document) -> str:
        math = self.settings["math"]
        if math not in MATH_FORMS:
            raise InputError(f"math must be 'dollars' or 'fence', got {brief(math)}")
        checks = doc.find(CheckStep)
        body = super()._print_Document(Document(doc.kind, tuple(s for s in doc.steps if not isinstance(s, CheckStep)),
                                                doc.arrays, doc.decimal, doc.summary, doc.bases))
        block = f"$$\n{body}\n$$" if math == "dollars" else f"```math\n{body}\n```"
        prose = ProsePrinter(self.options)
        paragraph = prose.doprint(doc)
        result = self._result(doc, prose)
        if checks:
            report = checks[0].report
            parts = error_parts(report.max_abs_error)
            error = "0" if parts is None else prose.number_scientific(*parts)
            method = f" ({report.method})" if report.method else ""
            if report.substitutions and report.code:
                method += " at " + ", ".join(f"{prose._symbol(k)} = {prose.expr(v)}"
                                             for k, v in report.substitutions)
            verdict = "Checked against" if report.ok else "FAILED the check against"
            shown = f"`{report.reference}`" if report.code else report.reference
            result += f" {verdict} {shown}{method}: max |error| = {error}."
        return "\n\n".join([paragraph, block, result]) + "\n"

    def _result(self, doc: Document, prose: ProsePrinter) -> str:
        if doc.kind == "closed":
            closed = doc.summary.get("closed")
            variable = doc.summary.get("variables")[0]
            return (f"Result: closed form for every integer {variable}." if closed else
                    "Result: no closed form was found for some sums; the finite sums shown are exact.")
        call = doc.call
        equal = f", equal to `{python_source(call)}`" if call is not None else ""
        if doc.kind in ("convolve", "correlate", "circular"):
            all_values = doc.summary.get("values")
            values = ", ".join(prose.fmt(v).text for v in all_values) if len(all_values) <= 40 else \
                f"{len(all_values)} values"
            out = prose.name(doc.arrays[2])
            start = doc.summary.get("output")[1]
            where = f" (output indices from {start})" if start else ""
            return f"Result: {out} = ({values}){equal}{where}."
        return f"Result: {prose.name(doc.arrays[2])} as above{equal}."
