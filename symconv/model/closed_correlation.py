"""Pure data of a closed-form cross-correlation of formula sequences, in the lag k."""

from __future__ import annotations

from dataclasses import dataclass

from .closed import ClosedForm, Formula

__all__ = ["ClosedCorrelation"]


@dataclass(frozen=True)
class ClosedCorrelation(ClosedForm):
    """``r[k] = sum_n x[n + k] conj(h[n])`` for every integer ``k``: the fields of `ClosedForm`
    read in the lag.

    ``n`` is the lag ``k`` (the result's variable) and ``m`` the summation index (the formulas'
    own index, ``n``); each `SumStep` holds its ``k`` interval in ``n_lo``/``n_hi`` and its
    limits on the summation index in ``m_lo``/``m_hi``; ``x`` and ``h`` are the formulas as
    given. ``reflected`` is ``h~[n] = conj(h[-n])``, the sequence the correlation convolves ``x``
    with (``r = x * h~``), and ``conjugate`` whether ``h`` may be complex (then conjugated, as
    ``numpy.correlate`` does).
    """

    reflected: Formula = None
    conjugate: bool = False

    operation = "correlate"
