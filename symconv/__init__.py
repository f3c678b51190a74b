"""symconv: exact, checked, term-by-term worked examples of discrete convolution.

The public names load on first use (PEP 562), so ``import symconv`` costs next to nothing on top
of SymPy and NumPy.

>>> import symconv
>>> print(symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).text().splitlines()[5])
c[3]  = a[1]·b[2] + a[2]·b[1] + a[3]·b[0] = 0.5·0.25 + 1·0.5 + 1·1 = 1.625
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._version import __version__
from .errors import (ClosedFormError, ClosedFormTimeout, DerivationTooLarge, InputError, SymconvError,
                     VerificationError)
from .limits import Limits

if TYPE_CHECKING:  # what the lazy names resolve to, for readers and tools
    from .api import convolve, correlate, formula
    from .api2d import conv1d, conv2d, convolve2d, correlate2d
    from .api_circular import circular_convolve
    from .api_transposed import conv_transpose1d, conv_transpose2d
    from .derivation_circular import CircularDerivation
    from .derivation_transposed import TransposedDerivation
    from .closedform import ClosedFormDerivation
    from .derivation import Derivation
    from .dispatch import derive
    from .grading import Exercise, Finding, Grade, exercise, grade, lint
    from .model import Formula, Matrix, Sequence
    from .verify import CheckReport
    from .notebook import block

_LAZY = {
    "convolve": "api", "correlate": "api", "convolve2d": "api2d", "correlate2d": "api2d",
    "conv1d": "api2d", "conv2d": "api2d", "formula": "api", "derive": "dispatch",
    "conv_transpose1d": "api_transposed", "conv_transpose2d": "api_transposed",
    "TransposedDerivation": "derivation_transposed",
    "circular_convolve": "api_circular", "CircularDerivation": "derivation_circular",
    "Derivation": "derivation", "ClosedFormDerivation": "closedform",
    "Sequence": "model", "Matrix": "model", "Formula": "model",
    "CheckReport": "verify", "grade": "grading", "Grade": "grading",
    "lint": "grading", "Finding": "grading", "exercise": "grading", "Exercise": "grading",
    "block": "notebook",
}

__all__ = [
    "convolve", "correlate", "convolve2d", "correlate2d", "conv1d", "conv2d", "conv_transpose1d",
    "conv_transpose2d", "TransposedDerivation", "circular_convolve", "CircularDerivation", "formula", "derive",
    "Formula", "ClosedFormDerivation", "ClosedFormError", "ClosedFormTimeout",
    "Sequence", "Matrix", "Derivation", "CheckReport", "Limits", "grade", "Grade", "lint", "Finding", "exercise", "Exercise",
    "block", "SymconvError", "InputError", "DerivationTooLarge", "VerificationError", "__version__",
]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'symconv' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
