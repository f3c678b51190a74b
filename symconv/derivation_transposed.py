"""The result of a transposed convolution: a [`Derivation`][symconv.Derivation] whose derivation comes
in views (zero insertion, scatter, matrix) and whose values are shaped as torch's output."""

from __future__ import annotations

from dataclasses import dataclass

from .derivation import Derivation
from .errors import InputError, brief
from .model.transposed import TransposedExpansion
from .verify import CheckReport
from .verify.transposed import check_transposed

__all__ = ["TransposedDerivation"]


@dataclass(frozen=True)
class TransposedDerivation(Derivation):
    """A worked ``conv_transpose1d``/``conv_transpose2d``: built by
    [`symconv.conv_transpose1d()`][symconv.conv_transpose1d] and
    [`symconv.conv_transpose2d()`][symconv.conv_transpose2d].

    Every format takes the option ``view``: ``"all"`` (default), ``"zero-insertion"``,
    ``"scatter"`` or ``"matrix"``.

    Examples
    --------
    >>> import symconv
    >>> d = symconv.conv_transpose1d([1, 2, 3], [1, 1, 1], stride=2)
    >>> d.values, d.output_shape
    (((1, 1, 3, 2, 5, 3, 3),), (1, 7))
    >>> [(t.factors[0].ref.index, t.factors[1].ref.index) for t in d.terms(4)]
    [((1,), (2,)), ((2,), (0,))]
    """

    expansion: TransposedExpansion

    @property
    def is_2d(self) -> bool:
        """True: the values are rows (or planes of rows), as torch's output."""
        return True

    @property
    def output_shape(self) -> tuple:
        """torch's output shape for the input's rank; a plain input gives ``(1, L_out)`` in 1D
        (as [`conv1d()`][symconv.conv1d]) and ``(H_out, W_out)`` in 2D."""
        return self.expansion.out_shape

    @property
    def indices(self) -> range:
        return range(self.output_shape[0])

    def __len__(self) -> int:
        return len(self.expansion.cell_values) * len(self.expansion.cell_values[0])

    def terms(self, *index: int, view: str = "scatter") -> tuple:
        """The products of one output, as one view writes them.

        Parameters
        ----------
        *index : int
            The output's index: ``j`` (1D), ``i, j`` (2D), with the channel (and batch) indices
            first when the input has them.
        view : {"scatter", "zero-insertion", "matrix"}
            ``scatter`` (default): ``x[i] w[m]`` for the stamps that reach the output;
            ``zero-insertion``: every product of the window over the zero-inserted input;
            ``matrix``: the row's structural non-zeros ``C^T[j, r] x[r]``.

        Returns
        -------
        tuple of symconv.steps.Term
        """
        from .steps.transposed import VIEWS, view_outputs

        if view not in VIEWS:
            raise InputError(f"view must be 'scatter', 'zero-insertion' or 'matrix', got {brief(view)}")
        for value in index:
            if isinstance(value, bool) or not hasattr(value, "__index__"):
                raise InputError(f"an output index must be an integer, got {brief(value)}")
        e = self.expansion
        shape = e.out_shape if not e.plain else ((e.spatial_out[1],) if e.one_d else e.spatial_out)
        if e.plain and e.one_d and len(index) == 2 and index[0] == 0:
            index = index[1:]
        if len(index) != len(shape) or not all(0 <= i < s for i, s in zip(index, shape)):
            raise InputError(f"output index {brief(tuple(index))} is outside the output of shape {brief(shape)}")
        position = 0
        for i, size in zip(index, shape):
            position = position * size + i
        doc = self.document(call=False, view=view)
        return view_outputs(doc, view)[position].terms

    def check(self, *, strict: bool = True, seed: int = 0) -> CheckReport:
        """Compare the exact values with the printed ``torch.nn.functional.conv_transpose1d/2d``
        call, recomputed in float64 by a NumPy scatter-add (independent of the exact engine).

        Examples
        --------
        >>> import symconv
        >>> symconv.conv_transpose2d("1 2; 3 4", "1 0; 0 1", stride=2).check().ok
        True
        """
        options, doc = self._document({})
        return check_transposed(self.expansion, doc, seed=seed, strict=strict)

    def __repr__(self) -> str:
        shape = "x".join(map(str, self.output_shape))
        return f"<Derivation {self.kind} {self.names[2]}: {shape} = {self.values!r:.80}>"
