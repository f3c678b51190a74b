"""symconv: exact, checked, term-by-term worked examples of discrete convolution.

>>> import symconv
>>> print(symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).text().splitlines()[5])
c[3]  = a[1]·b[2] + a[2]·b[1] + a[3]·b[0] = 0.5·0.25 + 1·0.5 + 1·1 = 1.625
"""

from .api import convolve, correlate
from .derivation import Derivation
from .errors import DerivationTooLarge, InputError, SymconvError, VerificationError
from .limits import Limits
from .model import Sequence
from .verify import CheckReport

from ._version import __version__  # noqa: E402

__all__ = [
    "convolve",
    "correlate",
    "Sequence",
    "Derivation",
    "CheckReport",
    "Limits",
    "SymconvError",
    "InputError",
    "DerivationTooLarge",
    "VerificationError",
    "__version__",
]
