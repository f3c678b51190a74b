"""The terms of one output line against the right ones: the index form (which samples) and the
products (which numbers). Each check returns ``(kind, message)`` pairs."""

from __future__ import annotations

import re
from collections import Counter

from ..render.text import number_text
from .compare import matches

__all__ = ["check_index", "check_products"]

_DIGITS = 3


def _index(text: str):
    text = text.replace(" ", "")
    return int(text) if re.fullmatch(r"-?\d{1,18}", text) else None


def _more(items: list) -> str:
    return f" (and {len(items) - 1} more)" if len(items) > 1 else ""


def check_index(part, n: int, expected: dict, first: str, second: str, op: str) -> tuple:
    """``(pairs, problems)``: the ``(i, j)`` each term names (None where it names no pair), and
    wrong indices, missing and repeated terms."""
    pairs, problems = [], []
    for term in part.terms:
        if len(term.refs) > 2:
            shown = "·".join(f"{r.name}[{r.index}]" for r in term.refs)
            problems.append(("missing-term", f"{shown} multiplies {len(term.refs)} samples: a '+' typed as '·'?"))
            pairs.append(None)
            continue
        by_name = {r.name: _index(r.index) for r in term.refs}
        i, j = by_name.get(first), by_name.get(second)
        if len(term.refs) != 2 or i is None or j is None:
            shown = "·".join(f"{r.name}[{r.index}]" for r in term.refs)
            problems.append(("wrong-index", f"{shown} is not a product of a sample of {first} and one of {second}"))
            pairs.append(None)
            continue
        ok = i + j == n if op == "convolve" else i - j == n
        if not ok:
            want = n - i if op == "convolve" else i - n
            rule = f"{n} - {i}" if op == "convolve" else f"{i} - {n}"
            problems.append(("wrong-index", f"{first}[{i}]·{second}[{j}]: for output {n} the index of {second} "
                                            f"is {rule} = {want}"))
            pairs.append(None)
            continue
        pairs.append((i, j))
    counts = Counter(p for p in pairs if p is not None)
    if not any(kind == "wrong-index" for kind, _ in problems):
        missing = [p for p in expected if p not in counts]
        if missing:
            i, j = missing[0]
            problems.append(("missing-term", f"the sum lacks {first}[{i}]·{second}[{j}]{_more(missing)}"))
    repeated = [p for p, c in counts.items() if c > 1]
    if repeated:
        i, j = repeated[0]
        problems.append(("extra-term", f"{first}[{i}]·{second}[{j}] is written twice{_more(repeated)}"))
    return pairs, problems


def _value(term) -> list:
    """The term's numbers with its sign applied to the first."""
    numbers = list(term.numbers)
    if numbers and term.sign < 0:
        numbers[0] = -numbers[0]
    return numbers


def _pair_ok(numbers: list, want: tuple) -> bool:
    if len(numbers) != 2:
        return False
    (f, g), (x, y) = numbers, want
    return (_eq(f, x) and _eq(g, y)) or (_eq(f, y) and _eq(g, x)) or (_eq(-f, x) and _eq(-g, y))


def _eq(x, y) -> bool:
    return matches(x, y, True, _DIGITS)


def _factor_problem(term, numbers: list, label: tuple, want: tuple, names: tuple, decimal: bool) -> str:
    (i, j), (x, y) = label, want
    first, second = names
    shown = term.text.replace("*", "·").replace(" ", "")
    if len(numbers) == 2:
        f, g = numbers
        if _eq(f, x) and not _eq(g, y):
            return f"in {shown}, {second}[{j}] is {number_text(y, decimal)}, not {number_text(g, decimal)}"
        if _eq(g, y) and not _eq(f, x):
            return f"in {shown}, {first}[{i}] is {number_text(x, decimal)}, not {number_text(f, decimal)}"
    return f"{shown} should be {first}[{i}]·{second}[{j}] = {number_text(x, decimal)}·{number_text(y, decimal)}"


def check_products(part, expected: dict, pairs, names: tuple, right) -> list:
    """Wrong factors, missing and extra products of a ``products`` part. With an index form of
    as many terms on the same line, term k is compared with the samples it names; otherwise the
    products are matched with the right ones as a multiset (zero products of the window may be
    written or left out)."""
    decimal = any(getattr(getattr(right.expansion, side), "decimal", False) for side in ("a", "b"))
    terms = list(part.terms)
    problems = []
    if pairs is not None and len(pairs) == len(terms):
        for term, label in zip(terms, pairs):
            if label is None:
                continue
            numbers = _value(term)
            if label in expected:
                if not _pair_ok(numbers, expected[label]):
                    problems.append(("wrong-factor", _factor_problem(term, numbers, label, expected[label], names,
                                                                     decimal)))
            elif not (len(numbers) == 2 and (_eq(numbers[0], 0) or _eq(numbers[1], 0))):
                problems.append(("wrong-factor", f"{term.text.replace('*', '·').replace(' ', '')}: one factor is "
                                                 f"outside the data, so it is 0"))
        return problems
    unused = dict(expected)
    unmatched = []
    for term in terms:
        numbers = _value(term)
        hit = next((label for label, want in unused.items() if _pair_ok(numbers, want)), None)
        if hit is not None:
            del unused[hit]
            continue
        if len(numbers) == 2 and (_eq(numbers[0], 0) or _eq(numbers[1], 0)):
            continue  # a zero product of the window
        if len(numbers) > 2 and len(numbers) % 2 == 0:
            chunks = [numbers[k:k + 2] for k in range(0, len(numbers), 2)]
            labels = []
            for chunk in chunks:
                label = next((lb for lb, want in unused.items() if lb not in labels and _pair_ok(chunk, want)), None)
                labels.append(label)
            if all(lb is not None or _eq(c[0] * c[1], 0) for lb, c in zip(labels, chunks)):
                for lb in labels:
                    unused.pop(lb, None)
                shown = term.text.replace("*", "·").replace(" ", "")
                fixed = " + ".join("·".join(number_text(x, decimal) for x in c) for c in chunks)
                problems.append(("missing-term", f"{shown} multiplies {len(numbers)} numbers: a '+' typed as '·' "
                                                 f"({fixed})?"))
                continue
        unmatched.append((term, numbers))
    wanted = [(label, want) for label, want in unused.items() if not _eq(want[0] * want[1], 0)]
    for (term, numbers), (label, want) in zip(unmatched, wanted):
        problems.append(("wrong-factor", _factor_problem(term, numbers, label, want, names, decimal)))
    first, second = names
    for label, want in wanted[len(unmatched):]:
        i, j = label
        problems.append(("missing-term", f"the products lack {first}[{i}]·{second}[{j}] = "
                                         f"{number_text(want[0], decimal)}·{number_text(want[1], decimal)}"))
    for term, _ in unmatched[len(wanted):]:
        problems.append(("extra-term", f"{term.text.replace('*', '·').replace(' ', '')} is not a product of this sum"))
    return problems
