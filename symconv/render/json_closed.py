"""The JSON data of a closed-form document (see `symconv.render.json`)."""

from __future__ import annotations

from ..steps.closed import Cases, PieceResult, Result, Support

__all__ = ["closed_data"]


def closed_data(printer, doc) -> dict:
    """Inputs with their supports, every interval's sums and value, the result."""
    text = printer.text
    exact = printer.exact
    s = doc.summary
    X, H, _ = doc.arrays
    data: dict = {"closed": s.get("closed"), "n": exact(s.get("variables")[0])}
    support = doc.find(Support)[0]

    def bound(v):
        return exact(v)

    data["inputs"] = {
        X.name: {"formula": s.get("texts")[0], "shown": text.expr(s.get("first")),
                 "support": [[bound(i.lo), bound(i.hi)] for i in support.first_intervals]},
        H.name: {"formula": s.get("texts")[1], "shown": text.expr(s.get("second")),
                 "support": [[bound(i.lo), bound(i.hi)] for i in support.second_intervals]}}
    pieces = []
    for step in doc.find(PieceResult):
        value = step.value
        pieces.append({
            "from": bound(step.interval.lo), "to": bound(step.interval.hi),
            "sums": [{"variable": exact(f.variable), "from": bound(f.lo), "to": bound(f.hi),
                      "summand": exact(f.summand), "shown": text.finite_sum(f)} for f in step.sums],
            "value": exact(value) if not isinstance(value, Cases) else
            [[exact(v), text.conditions(c)] for v, c in value.branches],
            "shown": text.cases(value) if isinstance(value, Cases) else text.expr(value)})
    data["pieces"] = pieces
    result = doc.find(Result)[0]
    if s.get("operation") == "correlate":  # the lag, the summation index, the form in |k|
        even = s.get("even")
        data.update(lag=exact(s.get("variables")[0]), index=exact(s.get("variables")[1]),
                    conjugate=s.get("conjugate"),
                    even=None if even is None else text.cases(even) if isinstance(even, Cases) else text.expr(even))
    data["result"] = {"shown": text.cases(result.cases) if result.cases.branches else "0",
                      "step_form": None if result.step_form is None else text.expr(result.step_form)}
    return data
