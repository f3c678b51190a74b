"""Pure data: sequences, matrices, formulas, window geometry and expanded sums. No notation here."""

from .closed import ClosedForm, Formula, Piece, SumStep
from .geometry import Window1D, Window2D
from .oned import Expansion1D, Sample, Sequence, check_name, check_names
from .layer import LayerExpansion
from .twod import Cell, Expansion2D, Matrix, Region
from .values import gaussian

__all__ = ["Sequence", "Sample", "Expansion1D", "Matrix", "Cell", "Region", "Expansion2D",
           "Window1D", "Window2D", "LayerExpansion", "Piece", "Formula", "SumStep", "ClosedForm", "check_name",
           "check_names", "gaussian"]
