"""Pure data: sequences, matrices, formulas and the steps of expanded sums. No notation here."""

from .closed import ClosedForm, Formula, Piece, SumStep
from .oned import Expansion1D, Sample, Sequence, Term, check_name, check_names
from .twod import Cell, Expansion2D, Matrix, Term2D

__all__ = ["Sequence", "Term", "Sample", "Expansion1D", "Matrix", "Cell", "Term2D", "Expansion2D",
           "Piece", "Formula", "SumStep", "ClosedForm", "check_name", "check_names"]
