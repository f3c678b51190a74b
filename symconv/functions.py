"""The unit step ``u[k]`` and the Kronecker delta ``delta[k]`` as SymPy functions of an integer.

``u[0] = 1`` (not SymPy's ``Heaviside(0) = 1/2``) and ``delta[k] = 1`` only at ``k = 0``. Both
evaluate on integer arguments and stay symbolic otherwise. How they print is the renderers'
business (`symconv.render._sympy_print`).
"""

from __future__ import annotations

import sympy

__all__ = ["UnitStep", "Delta"]


def _step_at(cls, k):
    """SymPy's evaluation hook of `UnitStep` (SymPy calls it ``eval``; nothing is eval'd)."""
    if k.is_Integer:
        return sympy.S.One if k >= 0 else sympy.S.Zero
    if k.is_nonnegative:
        return sympy.S.One
    if k.is_negative:
        return sympy.S.Zero
    return None


def _delta_at(cls, k):
    """SymPy's evaluation hook of `Delta`."""
    if k.is_Integer:
        return sympy.S.One if k == 0 else sympy.S.Zero
    if k.is_nonzero:
        return sympy.S.Zero
    return None


class UnitStep(sympy.Function):
    """Discrete unit step: ``u[k] = 1`` for integer ``k >= 0``, else 0."""

    nargs = 1
    eval = classmethod(_step_at)


class Delta(sympy.Function):
    """Kronecker delta: ``delta[k] = 1`` for ``k = 0``, else 0 (integer ``k``)."""

    nargs = 1
    eval = classmethod(_delta_at)
