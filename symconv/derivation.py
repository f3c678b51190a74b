"""The public result: :class:`Derivation`, a façade over an expansion and its renderers."""

from __future__ import annotations

import json as _json
from dataclasses import dataclass

from .errors import InputError
from .model import ClosedForm, Expansion1D, Expansion2D
from .render import json as _json_render
from .render import latex as _latex
from .render import markdown as _markdown
from .render import text as _text
from .render._layout import Printer
from .verify import CheckReport, check_closed_form, check_expansion, check_expansion2d

__all__ = ["Derivation", "ClosedFormDerivation"]


class _Rendered:
    """What every result shares: check resolution, JSON, Jupyter and ``str``."""

    def _settings(self, settings: dict) -> dict:
        """Renderer settings with ``check=True`` replaced by the report of ``self.check()``."""
        if settings.get("check") is True:
            settings["check"] = self.check()
        elif settings.get("check") is False:
            settings["check"] = None
        return settings

    def to_json(self, *, check: bool = False, indent: int | None = 2) -> str:
        """:meth:`to_dict` as a JSON string."""
        return _json.dumps(self.to_dict(check=check), indent=indent, ensure_ascii=False)

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$"

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Derivation(_Rendered):
    """A worked derivation of a convolution or cross-correlation, with exact values.

    Build one with :func:`symconv.convolve` or :func:`symconv.correlate`.

    Attributes
    ----------
    expansion : Expansion1D
        The underlying data: sequences, mode and one :class:`~symconv.model.Sample` per output.

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

    # -- data -----------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """``"convolve"``, ``"correlate"``, ``"convolve2d"``, ``"correlate2d"``, ``"conv1d"`` or
        ``"conv2d"``."""
        return self.expansion.kind

    @property
    def is_2d(self) -> bool:
        """True for the 2D and deep-learning operations (values are rows)."""
        return isinstance(self.expansion, Expansion2D)

    @property
    def output_shape(self) -> tuple:
        """``(rows, columns)`` for 2D and deep-learning operations, ``(length,)`` for 1D."""
        if self.is_2d:
            return self.expansion.out_shape
        return (len(self.expansion.samples),)

    @property
    def mode(self) -> str:
        """``"full"``, ``"same"`` or ``"valid"``."""
        return self.expansion.mode

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
        return range(self.expansion.out_shape[0]) if self.is_2d else self.expansion.indices

    @property
    def names(self) -> tuple:
        """The names (first operand, second operand, output)."""
        return self.expansion.names

    def terms(self, n: int, j: int | None = None) -> tuple:
        """The products ``(m, left, right)`` that add up to output ``n``.

        Parameters
        ----------
        n : int
            An output index (a lag, for correlation), one of :attr:`indices`.

        Returns
        -------
        tuple of Term
            Each with ``.m``, ``.left``, ``.right`` (and ``.left_index``, ``.right_index``,
            ``.product``), in increasing ``m``.

        Examples
        --------
        >>> import symconv
        >>> [(t.m, t.left, t.right) for t in symconv.convolve([1, 2], [3, 4]).terms(1)]
        [(0, 1, 4), (1, 2, 3)]
        """
        if self.is_2d:
            e = self.expansion
            rows, cols = e.out_shape
            i, j = (0, n) if e.one_d and j is None else (n, j)
            if j is None or not (0 <= i < rows and 0 <= j < cols):
                raise InputError(f"output cell ({n}, {j}) is outside the {rows}x{cols} output")
            return e.terms(e.cells[i * cols + j])
        if n not in self.indices:
            raise InputError(f"output index {n} is outside {self.indices.start}…{self.indices.stop - 1}")
        sample = self.expansion.samples[n - self.start]
        return self.expansion.terms(sample)

    def __len__(self) -> int:
        if self.is_2d:
            return len(self.expansion.cells)
        return len(self.expansion.samples)

    # -- checking -------------------------------------------------------------------------
    def check(self, *, strict: bool = True, seed: int = 0) -> CheckReport:
        """Compare the exact values with NumPy's float64/complex128 result.

        Parameters
        ----------
        strict : bool
            Raise :class:`~symconv.VerificationError` on a mismatch (default).
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
        check = check_expansion2d if self.is_2d else check_expansion
        return check(self.expansion, self.names[:2], seed=seed, strict=strict)


    # -- rendering ------------------------------------------------------------------------
    def latex(self, *, names=None, numbers: str = "auto", digits: int = 6, wrap: int | None = None,
              elide: int | None = None, zeros: bool = False, flip: bool = True,
              definition: bool = True, call: bool = True, check: bool = False) -> str:
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
            Show the flipped sequence ``b[-m]`` (convolution; default True).
        definition : bool
            Start with the defining sum (default True).
        call : bool
            End with the NumPy call the result equals (default True).
        check : bool
            Run :meth:`check` and end with its one-line report.

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
        settings = dict(names=names, numbers=numbers, digits=digits, wrap=wrap, elide=elide,
                        zeros=zeros, flip=flip, definition=definition, call=call, check=check)
        return _latex.latex(self.expansion, **self._settings(settings))

    def text(self, **settings) -> str:
        """The derivation as plain Unicode text; settings as for :meth:`latex`.

        Examples
        --------
        >>> import symconv
        >>> print(symconv.convolve([1, 2], [3, 4]).text(flip=False, definition=False))
        c[0] = a[0]·b[0] = 1·3 = 3
        c[1] = a[0]·b[1] + a[1]·b[0] = 1·4 + 2·3 = 10
        c[2] = a[1]·b[1] = 2·4 = 8
        c    = numpy.convolve(a, b, mode='full')
        """
        return _text.text(self.expansion, **self._settings(settings))

    def markdown(self, *, math: str = "dollars", **settings) -> str:
        """Prose, the LaTeX block in ``$$`` (or ``math="fence"``) and the result; settings as for
        :meth:`latex`.

        Examples
        --------
        >>> import symconv
        >>> md = symconv.convolve([1, 2], [3, 4]).markdown()
        >>> md.splitlines()[2]
        '$$'
        """
        return _markdown.markdown(self.expansion, math=math, **self._settings(settings))

    def to_dict(self, *, check: bool = False) -> dict:
        """Every step as JSON-ready data: index, range of the summation index, each product, the
        exact value (a string) and its float.

        Examples
        --------
        >>> import symconv
        >>> step = symconv.convolve([1, 2], [3, 4]).to_dict()["steps"][1]
        >>> step["n"], step["range"], step["value"], step["float"]
        (1, [0, 1], '10', 10.0)
        """
        return _json_render.to_dict(self.expansion, Printer()._names(self.expansion),
                                    self.check() if check else None)

    def __repr__(self) -> str:
        if self.is_2d:
            rows, cols = self.output_shape
            return f"<Derivation {self.kind} {self.names[2]}: {rows}x{cols} = {self.values!r:.80}>"
        shown = ", ".join(str(v) for v in self.values[:8]) + (", …" if len(self) > 8 else "")
        return (f"<Derivation {self.kind} mode={self.mode!r} {self.names[2]}[{self.start}…"
                f"{self.start + len(self) - 1}] = ({shown})>")


@dataclass(frozen=True)
class ClosedFormDerivation(_Rendered):
    """The convolution of formula sequences in closed form, valid for every integer ``n``.

    Build one with :func:`symconv.convolve` on :func:`symconv.formula` operands.

    Attributes
    ----------
    expansion : ClosedForm
        The data: both sequences' pieces, every finite sum, the result pieces.

    Examples
    --------
    >>> import symconv
    >>> y = symconv.convolve(symconv.formula("(1/2)**n*u[n]"), symconv.formula("u[n] - u[n-4]"))
    >>> y.expr
    Piecewise((2 - 1/2**n, (n >= 0) & (n <= 3)), (15/2**n, n >= 4), (0, True))
    >>> y.check().ok
    True
    """

    expansion: ClosedForm

    @property
    def kind(self) -> str:
        return "convolve"

    @property
    def n(self):
        """The integer variable of the result."""
        return self.expansion.n

    @property
    def expr(self):
        """The result as a Piecewise in :attr:`n`, valid for every integer ``n``."""
        return self.expansion.expr

    @property
    def step_expr(self):
        """The result written with unit steps ``u[...]`` and deltas."""
        from .render._layout_cf import step_form

        return step_form(self.expansion.result, self.expansion.n)

    @property
    def closed(self) -> bool:
        """False when a finite sum had no closed form (the result then holds exact ``Sum`` s)."""
        return self.expansion.closed

    @property
    def names(self) -> tuple:
        return self.expansion.names

    def at(self, n: int, **values):
        """The output at integer ``n`` for parameter values given by name."""
        subs = {s: values[s.name] for s in self.expr.free_symbols if s.name in values}
        return self.expr.xreplace(subs).subs(self.expansion.n, n)

    def check(self, *, strict: bool = True, seed: int = 0, values: dict | None = None) -> CheckReport:
        """Compare the closed form with a brute-force convolution over a window of ``n``; see
        :func:`symconv.verify.check_closed_form`."""
        return check_closed_form(self.expansion, seed=seed, values=values, strict=strict)


    def latex(self, **settings) -> str:
        """The derivation as a LaTeX ``aligned`` block (settings: ``names``, ``check``)."""
        return _latex.latex(self.expansion, **self._settings(settings))

    def text(self, **settings) -> str:
        """The derivation as plain text (settings: ``names``, ``check``)."""
        return _text.text(self.expansion, **self._settings(settings))

    def markdown(self, *, math: str = "dollars", **settings) -> str:
        """Prose, the LaTeX block and the result."""
        return _markdown.markdown(self.expansion, math=math, **self._settings(settings))

    def to_dict(self, *, check: bool = False) -> dict:
        """The support, every finite sum and the result as JSON-ready data."""
        return _json_render.to_dict(self.expansion, Printer()._names(self.expansion),
                                    self.check() if check else None)

