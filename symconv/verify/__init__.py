"""Independent checks of exact derivations: NumPy for finite ones, brute force for closed forms."""

from .closed import check_closed_form
from .numeric import CheckReport, check_expansion, check_expansion2d, library_call2d, sliding_window_reference

__all__ = ["CheckReport", "check_expansion", "check_expansion2d", "check_closed_form", "library_call2d",
           "sliding_window_reference"]
