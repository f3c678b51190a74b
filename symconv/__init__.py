"""symconv: exact, checked, term-by-term worked examples of discrete convolution.

>>> import symconv
>>> print(symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).text().splitlines()[5])
c[3]  = a[1]·b[2] + a[2]·b[1] + a[3]·b[0] = 0.5·0.25 + 1·0.5 + 1·1 = 1.625
"""

from .api import conv1d, conv2d, convolve, convolve2d, correlate, correlate2d, formula
from .derivation import ClosedFormDerivation, Derivation
from .errors import (ClosedFormError, ClosedFormTimeout, DerivationTooLarge, InputError, SymconvError,
                     VerificationError)
from .limits import Limits
from .model import Formula, Matrix, Sequence
from .verify import CheckReport

from ._version import __version__  # noqa: E402

__all__ = [
    "convolve",
    "correlate",
    "convolve2d",
    "correlate2d",
    "conv1d",
    "conv2d",
    "formula",
    "Formula",
    "ClosedFormDerivation",
    "ClosedFormError",
    "ClosedFormTimeout",
    "Sequence",
    "Matrix",
    "Derivation",
    "CheckReport",
    "Limits",
    "SymconvError",
    "InputError",
    "DerivationTooLarge",
    "VerificationError",
    "__version__",
]
