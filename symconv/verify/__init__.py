"""Independent checks of exact derivations: NumPy for finite ones, brute force for closed forms."""

from .closed import check_closed_form
from .finite import check_document, scipy2d_reference, torch_reference
from .layer import check_layer, layer_reference
from .numeric import CheckReport

__all__ = ["CheckReport", "check_document", "check_closed_form", "scipy2d_reference", "torch_reference", "check_layer", "layer_reference"]
