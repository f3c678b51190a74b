"""The public result: [`Derivation`][symconv.Derivation], a façade over an expansion, its steps and printers."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InputError, brief
from .limits import DEFAULT_LIMITS, Limits
from .model import Expansion1D, Expansion2D, LayerExpansion
from .rendered import Rendered
from .verify import CheckReport, check_document, check_layer

__all__ = ["Derivation", "Rendered"]  # Rendered lives in symconv.rendered; re-exported for its users


@dataclass(frozen=True)
class Derivation(Rendered):
    """A worked derivation of a convolution or cross-correlation, with exact values.

    Build one with [`symconv.convolve()`][symconv.convolve], [`symconv.correlate()`][symconv.correlate],
    [`symconv.convolve2d()`][symconv.convolve2d], [`symconv.correlate2d()`][symconv.correlate2d], [`symconv.conv1d()`][symconv.conv1d] or
    [`symconv.conv2d()`][symconv.conv2d].

    Attributes
    ----------
    expansion : Expansion1D or Expansion2D
        The underlying data: inputs, window geometry and one sample (cell) per output.

    Examples
    --------
    >>> import symconv
    >>> d = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])
    >>> d.values
    (1, 1, 3/2, 13/8, 3/4, 1/4)
    >>> print(d.text().splitlines()[5])
    c[3]  = a[1]·b[2] + a[2]·b[1] + a[3]·b[0] = 0.5·0.25 + 1·0.5 + 1·1 = 1.625
    """

    expansion: Expansion1D | Expansion2D
    limits: Limits = field(default=DEFAULT_LIMITS, repr=False, compare=False)

    @property
    def kind(self) -> str:
        """``"convolve"``, ``"correlate"``, ``"convolve2d"``, ``"correlate2d"``, ``"conv1d"`` or
        ``"conv2d"``."""
        return self.expansion.kind

    @property
    def is_2d(self) -> bool:
        """True for the 2D and deep-learning operations (values are rows)."""
        return isinstance(self.expansion, (Expansion2D, LayerExpansion))

    @property
    def output_shape(self) -> tuple:
        """``(rows, columns)`` for 2D and deep-learning operations, ``(length,)`` for 1D; a layer
        with channels has torch's output shape (``(C_out, L)``, ``(N, C_out, H, W)``, ...)."""
        if self.is_2d:
            return self.expansion.out_shape
        return (len(self.expansion.samples),)

    @property
    def mode(self) -> str:
        """``"full"``, ``"same"`` or ``"valid"`` (None for torch-style operations)."""
        return getattr(self.expansion, "mode", None)

    @property
    def values(self) -> tuple:
        """The exact outputs (SymPy expressions) in increasing index; for 2D operations a tuple of
        rows."""
        return self.expansion.values

    @property
    def start(self) -> int:
        """The index of the first output (``a.start + b.start`` for a full convolution; 0 for 2D)."""
        return 0 if self.is_2d else self.expansion.start

    @property
    def indices(self) -> range:
        """The indices of the outputs (1D), or of the output rows (2D)."""
        return range(self.output_shape[0]) if self.is_2d else self.expansion.indices

    @property
    def names(self) -> tuple:
        """The names (first operand, second operand, output)."""
        return self.expansion.names

    def terms(self, n: int, j: int | None = None, *more: int) -> tuple:
        """The products that add up to output ``n`` (1D) or cell ``(n, j)`` (2D).

        Parameters
        ----------
        n : int
            An output index (a lag, for correlation), one of `indices`; the row for 2D.
        j : int, optional
            The column, for 2D (for ``conv1d`` the one index may be given as ``n``).
        *more : int
            A layer with channels takes its output's whole index (``terms(o, i)`` for an
            unbatched conv1d, ``terms(n, o, i, j)`` for a batched conv2d); its terms run over
            every input channel of the group (the bias is not a product).

        Returns
        -------
        tuple of symconv.steps.Term
            Each with ``.factors`` (the samples read, with their indices and values), ``.left``,
            ``.right`` and ``.product``, in summation order.

        Examples
        --------
        >>> import symconv
        >>> [(t.factors[0].ref.index, t.left, t.right) for t in symconv.convolve([1, 2], [3, 4]).terms(1)]
        [((0,), 1, 4), ((1,), 2, 3)]
        """
        for value in (n, j) + more:
            if value is not None and (isinstance(value, bool) or not hasattr(value, "__index__")):
                raise InputError(f"an output index must be an integer, got {brief(value)}")
        if isinstance(self.expansion, LayerExpansion):
            return self._layer_terms((n, j) + more)
        if more:
            raise InputError(f"{self.kind} outputs have at most two indices, got {2 + len(more)}")
        if self.is_2d:
            rows, cols = self.expansion.out_shape
            i, j = (0, n) if self.expansion.one_d and j is None else (n, j)
            if j is None or not (0 <= i < rows and 0 <= j < cols):
                raise InputError(f"output cell ({brief(n)}, {brief(j)}) is outside the {rows}x{cols} output")
            position = i * cols + j
        else:
            if j is not None:
                raise InputError("a 1D derivation's outputs have one index: terms(n)")
            if n not in self.indices:
                raise InputError(f"output index {brief(n)} is outside {self.indices.start}…{self.indices.stop - 1}")
            position = n - self.start
        return self.document(call=False).outputs[position].terms

    def _layer_terms(self, index: tuple) -> tuple:
        e = self.expansion
        index = tuple(i for i in index if i is not None)
        shape = e.out_shape if not e.plain else ((e.spatial_out[1],) if e.one_d else e.spatial_out)
        if len(index) != len(shape) or not all(0 <= i < s for i, s in zip(index, shape)):
            raise InputError(f"output index {brief(index)} is outside the output of shape {brief(shape)}")
        position = 0
        for i, size in zip(index, shape):
            position = position * size + i
        from .steps import ChannelSum

        return self.document(call=False).find(ChannelSum)[position].terms

    def __len__(self) -> int:
        if isinstance(self.expansion, LayerExpansion):
            return self.expansion.cell_count
        if self.is_2d:
            return len(self.expansion.cells)
        return len(self.expansion.samples)

    def check(self, *, strict: bool = True, seed: int = 0) -> CheckReport:
        """Compare the exact values with what the printed library call returns, recomputed in
        float64/complex128 with NumPy (an independent sliding window for scipy and torch).

        Parameters
        ----------
        strict : bool
            Raise [`VerificationError`][symconv.VerificationError] on a mismatch (default).
        seed : int
            Seed of the random values substituted for symbols.

        Returns
        -------
        CheckReport
            ``ok``, ``max_abs_error``, ``tolerance``, ``reference``.

        Examples
        --------
        >>> import symconv
        >>> report = symconv.convolve("1, 0.5, 1, 1", "1, 0.5, 0.25").check()
        >>> report.ok, report.max_abs_error, report.reference
        (True, 0.0, "numpy.convolve(a, b, mode='full')")
        """
        options, doc = self._document({})
        if isinstance(self.expansion, LayerExpansion):
            return check_layer(self.expansion, doc, seed=seed, strict=strict)
        return check_document(self.expansion, doc, seed=seed, strict=strict)

    def animation(self, format: str = "svg", *, names=None, numbers="auto", digits=6, seconds=1.0,
                  columns=2, scale=None, view=None):
        """The derivation animated, one frame per output: the kernel over the cells the output
        reads, their products and sum, the output filling in (a layer: each input channel of
        the cell's group, its sum, the bias and the total). Every number comes from the steps.

        Parameters
        ----------
        format : {"svg", "gif", "storyboard", "storyboard-png"}
            ``svg`` plays with no script (SMIL; without it, or with reduced motion, the first
            frame shows); ``gif`` loops, for slides; ``storyboard`` is every frame in one SVG,
            ``storyboard-png`` the same as PNG, for print. GIF and PNG need Pillow.
        names, numbers, digits
            As for ``latex()``: the names, how numbers look, significant digits of rounded decimals.
        seconds : float
            How long each frame shows, 0.1 to 10 (SVG and GIF).
        columns : int
            Frames side by side in a storyboard, 1 to 8.
        scale : float, optional
            Pixels per SVG unit of a GIF (default 1.5) or PNG (default 2), 0.5 to 8.
        view : {None, "zero-insertion", "scatter"}
            Transposed convolution only: ``zero-insertion`` (the default) slides the flipped
            kernel over the zero-inserted, padded input, one frame per output; ``scatter``
            stamps the scaled kernel into the output, one frame per input sample.

        Returns
        -------
        str or bytes
            SVG text for ``svg`` and ``storyboard``, GIF or PNG bytes otherwise.

        Raises
        ------
        DerivationTooLarge
            More frames (outputs) or cells than ``Limits.max_animation_frames`` or
            ``max_animation_cells``, checked before anything is built.
        InputError
            A bad option; a closed form; the matrix view; cells too many to read on a phone.

        Examples
        --------
        >>> import symconv
        >>> svg = symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]).animation()
        >>> svg.count('<g class="sc-step'), "c[3] = 0.5·0.25 + 1·0.5 + 1·1" in svg
        (6, True)
        """
        from .render.animation import animate, check_budget, check_format

        from .render.animation_frames import ANIMATED_VIEWS

        check_format(format)
        transposed = self.kind in ("conv_transpose1d", "conv_transpose2d")
        if view is not None and (not transposed or view not in ANIMATED_VIEWS):
            why = "; the matrix view has no window to slide" if view == "matrix" else ""
            raise InputError("view picks the view of a transposed convolution an animation draws: "
                             f"'zero-insertion' or 'scatter'{'' if transposed else f'; {self.kind} has no views'}, "
                             f"got {brief(view)}{why}")
        view = (view or "zero-insertion") if transposed else None
        frames = len(self) if view != "scatter" else len(self.expansion.planes) * self.expansion.geometry.in_cells
        check_budget(frames, 0, self.limits)
        zeros = self.kind in ("convolve2d", "correlate2d")  # a window's taps outside the input too
        given = {"view": view} if view else {}
        doc = self.document(names=names, numbers=numbers, digits=digits, zeros=zeros, call=False, **given)
        return animate(doc, self.expansion, format, numbers=numbers, digits=digits, seconds=seconds,
                       columns=columns, scale=scale, limits=self.limits, view=view)

    def __repr__(self) -> str:
        if self.is_2d:
            shape = "x".join(map(str, self.output_shape))
            return f"<Derivation {self.kind} {self.names[2]}: {shape} = {self.values!r:.80}>"
        shown = ", ".join(str(v) for v in self.values[:8]) + (", …" if len(self) > 8 else "")
        return (f"<Derivation {self.kind} mode={self.mode!r} {self.names[2]}[{self.start}…"
                f"{self.start + len(self) - 1}] = ({shown})>")
