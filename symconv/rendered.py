"""What every derivation shares (`Rendered`): its options, its document, every format, the
animation, Jupyter's display and ``str``. [`Derivation`][symconv.Derivation] and the closed forms build on it."""

from __future__ import annotations

import json as _json

from .steps import Document, build, kind_of, options_for

__all__ = ["Rendered"]


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
        LaTeX when ``math-core`` is not installed), ``text/latex`` and ``text/plain``. The math
        font rides in the session's first symconv output, as for
        [`symconv.block()`][symconv.block] (``symconv.render.html.notebook_style``)."""
        from .render.html import document_html

        bundle = {"text/plain": self.text(), "text/latex": self._repr_latex_()}
        try:
            bundle["text/html"] = document_html(self)
        except ImportError:
            pass
        return bundle

    def __str__(self) -> str:
        return self.text()
