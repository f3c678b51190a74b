"""The public result: [`Derivation`][symconv.Derivation], a façade over an expansion, its steps and printers."""

from __future__ import annotations

import json as _json
from dataclasses import dataclass, field

from .errors import InputError, brief
from .limits import DEFAULT_LIMITS, Limits
from .model import Expansion1D, Expansion2D, LayerExpansion
from .steps import Document, build, kind_of, options_for
from .verify import CheckReport, check_document, check_layer

__all__ = ["Derivation", "Rendered"]


class Rendered:
    """What every result shares: options, the document, every format, Jupyter and ``str``."""

    expansion: object
    limits: object

    def document(self, *, names=None, numbers="auto", digits=6, wrap=None, elide=None, zeros=False,
                 flip=True, view=None, definition=True, call=True, check=False) -> Document:
        """The derivation as notation-free steps ([`symconv.steps.Document`][symconv.steps.Document]); options as
        for [`latex()`][symconv.Derivation.latex]."""
        return self._document(dict(names=names, numbers=numbers, digits=digits, wrap=wrap, elide=elide,
                                   zeros=zeros, flip=flip, view=view, definition=definition, call=call,
                                   check=check))[1]

    def _document(self, given: dict):
        options = options_for(kind_of(self.expansion), given)
        report = self.check() if options.check else None
        return options, build(self.expansion, options, report, self.limits)

    def _render(self, printer_class, given: dict, **settings) -> str:
        options, doc = self._document(given)
        return printer_class(options, **settings).doprint(doc)

    def latex(self, *, names=None, numbers="auto", digits=6, wrap=None, elide=None, zeros=False,
              flip=True, view=None, definition=True, call=True, check=False) -> str:
        """The derivation as a LaTeX ``aligned`` block.

        Parameters
        ----------
        names : str or (str, str, str), optional
            Names of the operands and the output, e.g. ``"x,h,y"``.
        numbers : {"auto", "fraction", "decimal"}
            ``auto`` shows decimals when the input had decimals (exact where the value
            terminates, fractions otherwise); ``fraction`` always fractions; ``decimal`` rounds
            non-terminating values to ``digits`` significant digits and writes ``\\approx``.
        digits : int
            Significant digits of rounded decimals (default 6).
        wrap : int, optional
            Break a sum onto a new line after this many terms.
        elide : int, optional
            Show only this many outputs at each end, ``\\vdots`` between.
        zeros : bool
            Show the zero products of the whole window, as hand derivations do.
        flip : bool
            Show the flipped sequence ``b[-m]`` (1D) or the rotated kernel (2D convolution).
        view : str, optional
            The way the derivation is worked (default: the operation's first).
            ``convolve``, ``correlate``: ``"sum"`` (each output's sum of products),
            ``"table"`` (multiplication without carries: ``b`` once, each row ``a[m]·b``
            shifted ``m`` places, the columns add up to ``c[n]``), ``"polynomial"``
            (``A(x)·B(x)`` multiplied out, ``c[n]`` the coefficient of ``x^n``), ``"matrix"``
            (``scipy.linalg.convolution_matrix(b, len(a), mode)`` times ``a``, each row's dot
            product); a correlation reads ``b~[m] = conj(b[-m])`` where a convolution reads
            ``b``. Transposed convolution: ``"all"`` three views (default), ``"zero-insertion"``,
            ``"scatter"`` or ``"matrix"``. Circular convolution: ``"sum"`` (default), ``"wrap"``
            (the linear convolution folded onto n points), ``"dft"`` or ``"all"``. Other
            operations have one way.
        definition : bool
            Start with the defining sum (default True).
        call : bool
            End with the library call the result equals (default True).
        check : bool
            Run [`check()`][symconv.Derivation.check] and end with its one-line report.

        Every option is declared once in `symconv.steps.OPTIONS`; an option that does not
        apply to this operation (``wrap`` for a closed form) is refused with
        [`InputError`][symconv.InputError].

        Examples
        --------
        >>> import symconv
        >>> print(symconv.convolve([1, -2], [3]).latex(flip=False, call=False))
        \\begin{aligned}
        c[n] &= \\sum_{m} a[m]\\, b[n-m] \\\\
        c[0] &= a[0]\\,b[0] = 1 \\cdot 3 = 3 \\\\
        c[1] &= a[1]\\,b[0] = (-2) \\cdot 3 = -6
        \\end{aligned}
        """
        from .render.latex import LatexPrinter

        return self._render(LatexPrinter, dict(names=names, numbers=numbers, digits=digits, wrap=wrap,
                                               elide=elide, zeros=zeros, flip=flip, view=view,
                                               definition=definition, call=call, check=check))

    def text(self, **options) -> str:
        """The derivation as plain Unicode text; options as for [`latex()`][symconv.Derivation.latex].

        Examples
        --------
        >>> import symconv
        >>> print(symconv.convolve([1, 2], [3, 4]).text(flip=False, definition=False))
        c[0] = a[0]·b[0] = 1·3 = 3
        c[1] = a[0]·b[1] + a[1]·b[0] = 1·4 + 2·3 = 10
        c[2] = a[1]·b[1] = 2·4 = 8
        c    = numpy.convolve(a, b, mode='full')
        """
        from .render.text import TextPrinter

        return self._render(TextPrinter, options)

    def typst(self, **options) -> str:
        """The derivation as a Typst math block (``$ ... $``); options as for [`latex()`][symconv.Derivation.latex].

        Examples
        --------
        >>> import symconv
        >>> print(symconv.convolve([1, 2], [3]).typst(flip=False, call=False).splitlines()[2])
        c[0] &= a[0] thin b[0] = 1 dot 3 = 3 \\
        """
        from .render.typst import TypstPrinter

        return self._render(TypstPrinter, options)

    def markdown(self, *, math: str = "dollars", **options) -> str:
        """Prose, the LaTeX block in ``$$`` (or ``math="fence"``) and the result; options as for
        [`latex()`][symconv.Derivation.latex].

        Examples
        --------
        >>> import symconv
        >>> md = symconv.convolve([1, 2], [3, 4]).markdown()
        >>> md.splitlines()[2]
        '$$'
        """
        from .render.markdown import MarkdownPrinter

        return self._render(MarkdownPrinter, options, math=math)

    def to_dict(self, **options) -> dict:
        """Every step as JSON-ready data (see the reference page *JSON output*): the inputs'
        exact values once, each output's terms as index pairs into them, its exact value (a
        string), its float, and display strings in symconv's notation. Options as for
        [`latex()`][symconv.Derivation.latex] (``elide`` leaves outputs out, ``zeros`` adds the zero products, ``check``
        adds the check).

        Examples
        --------
        >>> import symconv
        >>> out = symconv.convolve([1, 2], [3, 4]).to_dict()["outputs"][1]
        >>> out["index"], out["terms"], out["value"], out["float"]
        ([1], [[0, 1], [1, 0]], '10', 10.0)
        """
        from .render.json import JsonPrinter

        options, doc = self._document(options)
        return JsonPrinter(options).doprint(doc)

    def to_json(self, *, indent: int | None = None, **options) -> str:
        """[`to_dict()`][symconv.Derivation.to_dict] as a JSON string (compact; ``indent=2`` to pretty-print, which
        Python's encoder does several times slower); options as for [`latex()`][symconv.Derivation.latex]."""
        return _json.dumps(self.to_dict(**options), indent=indent, ensure_ascii=False)

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Jupyter: ``text/html`` with MathML (renders offline, no MathJax needed; falls back to
        LaTeX when ``math-core`` is not installed), ``text/latex`` and ``text/plain``."""
        from .render.html import document_html

        bundle = {"text/plain": self.text(), "text/latex": self._repr_latex_()}
        try:
            bundle["text/html"] = document_html(self)
        except ImportError:
            pass
        return bundle

    def __str__(self) -> str:
        return self.text()


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
