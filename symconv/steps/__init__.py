"""A derivation's structure as notation-free data: the layer between the engine and the printers.

`build()` turns an expansion (`Expansion1D`,
`Expansion2D` or `ClosedForm`) into a
[`Document`][symconv.steps.Document] once; every printer, the tables, the figures and the check read it.
"""

from .base import (Arg, Array, Call, CheckStep, Document, Elided, Factor, Output, Ref, Step, Strip,
                   Summary, Term)
from .build import build, kind_of
from .calls import python_source
from .finite import Definition, Flip
from .grid import Conjugation, Dilation, Extension, Operand, Padding, Rotation, Size, WindowSum
from .layer import ChannelSum, Channels, LayerSum, SamePadding, Slices
from .options import FINITE, KINDS, OPTIONS, Option, Options, options_for
from .table import SlidingStrip, StripRow, sliding_strip

__all__ = ["Step", "Array", "Ref", "Factor", "Term", "Strip", "Output", "Elided", "Arg", "Call",
           "CheckStep", "Summary", "Document", "Definition", "Flip", "Operand", "Rotation",
           "Conjugation", "Padding", "Extension", "Dilation", "Size", "WindowSum", "Option",
           "OPTIONS", "Options", "options_for", "KINDS", "FINITE", "build", "kind_of", "python_source",
           "SlidingStrip", "StripRow", "sliding_strip", "ChannelSum", "Channels", "LayerSum", "SamePadding", "Slices"]
