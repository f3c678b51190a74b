"""The other views of a 1D convolution or correlation, as steps over the same expansion: the table
of a multiplication without carries, the product of two polynomials, and the convolution
(Toeplitz) matrix times a vector. Each view computes its own values from its own arrangement
(`symconv.engine.views`) and ends, as the sum does, with those values, the library call and the
check.

A correlation is the convolution of ``a`` with ``b~[m] = conj(b[-m])`` (its definition says so),
so every view of a correlation reads ``b~`` where a convolution reads ``b``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..engine.views import convolution_matrix, product_array
from ..errors import DerivationTooLarge, InputError
from ..limits import DEFAULT_LIMITS
from ..model import Expansion1D
from .base import Arg, Array, Call, CheckStep, Document, Output, Ref, Step, Strip, Summary
from .finite import Definition, arrays_1d, build_1d, elide

__all__ = ["VIEWS_1D", "ProductTable", "TableRow", "GeneratingPolynomial", "PolynomialProduct", "ToeplitzMatrix",
           "ViewValues", "build_view", "MAX_TABLE_CELLS", "MAX_MATRIX"]

#: The views of a 1D convolution or correlation, the default first.
VIEWS_1D = ("sum", "table", "polynomial", "matrix")
#: The largest table (rows shown x columns) a table view writes.
MAX_TABLE_CELLS = 2_500
#: The largest convolution matrix written entry by entry: (rows, columns).
MAX_MATRIX = (40, 16)
#: The options each view cannot use (when they differ from their defaults), and why.
_NOT_IN_VIEW = {
    "table": {"wrap": "a table has no long sums to break", "flip": "the table shifts b, it never flips it"},
    "polynomial": {"zeros": "a polynomial leaves out its zero terms", "elide": "a product of polynomials is "
                   "written whole", "flip": "polynomials multiply, nothing is flipped"},
    "matrix": {"flip": "the matrix holds b reversed in each row, there is no flip to show"},
}


@dataclass(frozen=True)
class TableRow:
    """One row of the table: ``source`` (``a[m]``) of value ``factor`` times the kernel shifted
    ``m`` places; ``products[p]`` sits in column ``start + p``."""

    source: Ref
    factor: object
    start: int
    products: tuple


@dataclass(frozen=True)
class ProductTable(Step):
    """Multiplication without carries: ``kernel`` (``b``; for a correlation ``b~``) written once
    in the columns of its own indices ``kernel_start…``, then one `TableRow` per sample of
    ``first`` (an `Elided` where rows are left out), then each column's sum
    ``output[n] = sum_m first[m] kernel[n - m]`` for the columns ``full`` of the full result.
    ``sums`` holds ``(n, value)``; ``kept`` the indices the mode keeps; ``zeros``: the empty
    cells of the full result's columns hold 0."""

    kind: str
    first: Array
    kernel: Array
    output: Array
    kernel_start: int
    kernel_values: tuple
    rows: tuple
    columns: range
    full: range
    sums: tuple
    kept: range
    zeros: bool = False


@dataclass(frozen=True)
class GeneratingPolynomial(Step):
    """``name(variable) = sum_m array[m] variable^m``, ``terms`` its ``(power, coefficient)``
    pairs, powers ascending, zero coefficients left out (negative powers: a Laurent polynomial).
    ``reflected``: the array is a correlation's ``b~[m] = conj(b[-m])`` (``conjugate``: ``b`` may
    be complex), so the sum also reads ``sum_m conj(b[m]) variable^(-m)`` with ``source`` ``b``."""

    name: Array
    array: Array
    source: Array
    variable: str
    terms: tuple
    reflected: bool = False
    conjugate: bool = False


@dataclass(frozen=True)
class PolynomialProduct(Step):
    """``product(x) = first(x) second(x)`` multiplied out and collected. ``groups``: per term of
    ``first`` (powers ascending), the ``(power, product)`` of it times each term of ``second``;
    ``coefficients``: per power of the full result, ``(power, products, sum)`` with the products
    in the order they were written; ``first_terms``, ``second_terms`` as in
    `GeneratingPolynomial`."""

    product: Array
    first: Array
    second: Array
    variable: str
    first_terms: tuple
    second_terms: tuple
    groups: tuple
    coefficients: tuple


@dataclass(frozen=True)
class ToeplitzMatrix(Step):
    """``matrix = call``: ``scipy.linalg.convolution_matrix`` of ``kernel`` (``b``; for a
    correlation ``b~``) with as many columns as ``first`` has samples, in the call's mode (the
    rows ``sliced_from…`` of the full matrix when that mode keeps other rows than NumPy's).
    ``matrix[r, j] = kernel[r - j + shift]``: row ``r`` gives ``output[out_start + r]``, column
    ``j`` multiplies ``first[first_start + j]``, whose values are ``first_values``. ``entries``: the
    rows of values (None when larger than `MAX_MATRIX`), ``zeros`` the ``(r, j)`` that hold no
    kernel sample."""

    kind: str
    matrix: Array
    kernel: Array
    first: Array
    output: Array
    call: Call
    shape: tuple
    mode: str
    sliced_from: object
    shift: int
    out_start: int
    first_start: int
    first_values: tuple
    entries: object
    zeros: frozenset


@dataclass(frozen=True)
class ViewValues(Step):
    """``output = values`` for the indices ``start…`` the mode keeps, as the view computed them:
    ``how`` is ``"table"`` (the column sums), ``"polynomial"`` (the coefficients: ``output[n]`` is the
    coefficient of ``variable^n`` of ``product``) or ``"matrix"`` (``matrix first``). ``full``:
    the indices of the full result when the mode keeps fewer."""

    how: str
    output: Array
    start: int
    values: tuple
    mode: str
    full: object = None
    product: object = None
    matrix: object = None
    first: object = None
    variable: str = ""


def _free(candidates, taken: set) -> str:
    return next(n for n in candidates if n not in taken)


def _refuse(view: str, options) -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(options)}
    for name, why in _NOT_IN_VIEW.get(view, {}).items():
        value = getattr(options, name)
        if value != defaults[name] and not (name == "flip" and value is True):
            raise InputError(f"the option {name} does not apply to view={view!r}: {why}")


def _kernel_array(e: Expansion1D, B: Array) -> Array:
    return B if e.kind == "convolve" else Array(B.name, "second", "flipped")


def _refuse_table(cells: int) -> None:
    if cells > MAX_TABLE_CELLS:
        raise DerivationTooLarge(f"the table would have {cells:,} cells (limit {MAX_TABLE_CELLS:,}); use view='sum', "
                                 f"or elide to show fewer rows")


def _table(e: Expansion1D, A: Array, K: Array, C: Array, options, limits) -> list:
    shown = min(len(e.a), 2 * options.elide + 1) if options.elide else len(e.a)
    _refuse_table((shown + 3) * (len(e.a) + len(e.b) - 1))  # from the sizes, before any product
    p = product_array(e, limits)
    rows = [TableRow(Ref(A, (r.m,)), r.factor, r.start, r.products) for r in p.rows]
    rows = elide(rows, options.elide)
    cells = (len(rows) + 3) * len(p.columns)
    if cells > MAX_TABLE_CELLS:
        raise DerivationTooLarge(f"the table would have {cells:,} cells (limit {MAX_TABLE_CELLS:,}); use view='sum', "
                                 f"or elide to show fewer rows")
    table = ProductTable(e.kind, A, K, C, p.kernel_start, p.kernel, tuple(rows), p.columns, p.full,
                         tuple(zip(p.full, p.sums)), p.kept, options.zeros)
    return [table, ViewValues("table", C, p.kept.start, p.values, e.mode, p.full if p.kept != p.full else None)]


def _terms(start: int, values: tuple) -> tuple:
    return tuple((start + i, v) for i, v in enumerate(values) if v != 0)


def _polynomial(e: Expansion1D, A: Array, K: Array, C: Array, options, limits, taken: set) -> list:
    p = product_array(e, limits)
    variable = _free(("x", "t", "s", "q"), taken | {n.lower() for n in taken})

    def capital(array: Array) -> Array:
        name = array.name[0].upper() + array.name[1:]
        return Array(name if name not in taken else array.name, array.role, array.mark)

    PA, PK, PC = capital(A), capital(K), capital(C)
    if len({PA.name, PK.name, PC.name}) < 3:
        PA, PK, PC = A, K, C
    first_terms, second_terms = _terms(e.a.start, e.a.values), _terms(p.kernel_start, p.kernel)
    groups = tuple(tuple((r.start + j, v) for j, v in enumerate(r.products) if p.kernel[j] != 0)
                   for r in p.rows if r.factor != 0)
    coefficients = []
    for n, total in zip(p.full, p.sums):
        products = tuple(v for m, v in p.column(n) if e.a[m] != 0 and p.kernel[n - m - p.kernel_start] != 0)
        coefficients.append((n, products, total))
    steps = [GeneratingPolynomial(PA, A, A, variable, first_terms),
             GeneratingPolynomial(PK, K, Array(K.name, "second"), variable, second_terms, e.kind == "correlate",
                                  e.kind == "correlate" and e.conjugate),
             PolynomialProduct(PC, PA, PK, variable, first_terms, second_terms, groups, tuple(coefficients)),
             ViewValues("polynomial", C, p.kept.start, p.values, e.mode, p.full if p.kept != p.full else None,
                        product=PC, variable=variable)]
    return steps


def _matrix(e: Expansion1D, A: Array, K: Array, C: Array, options, limits, taken: set) -> list:
    t = convolution_matrix(e, limits, entries=options.zeros)
    T = Array(_free(("T", "M", "H", "Tb"), taken), "matrix")
    kernel_arg = Arg(K)
    if e.kind == "correlate":  # b~ = numpy.flip(numpy.conj(b)), numpy.flip(b) for a real b
        B = Arg(Array(K.name, "second"))
        kernel_arg = Arg(Call("numpy", "flip", (Arg(Call("numpy", "conj", (B,), K)) if e.conjugate else B,), K))
    rows_of_full = (f"{t.offset}:{t.offset + t.rows}",) if t.sliced else ()  # numpy's rows, not scipy's
    call = Call("scipy.linalg", "convolution_matrix", (kernel_arg, Arg(t.columns), Arg(t.scipy_mode, "mode")), T,
                index=rows_of_full)
    rows, cols = t.shape
    entries, zeros = None, frozenset()
    if rows <= MAX_MATRIX[0] and cols <= MAX_MATRIX[1]:
        entries = tuple(tuple(t.entry(r, j) for j in range(cols)) for r in range(rows))
        zeros = frozenset((r, j) for r in range(rows) for j in range(cols)
                          if not 0 <= t.offset + r - j < len(t.kernel))
    steps: list = [ToeplitzMatrix(e.kind, T, K, A, C, call, t.shape, e.mode, t.offset if t.sliced else None,
                                  t.diagonal_shift, t.out_start, t.first_start, t.first, entries, zeros)]
    a_strip = Strip(A, tuple((t.first_start + j,) for j in range(cols)), t.first, 1)
    if options.zeros:  # every entry of each row, zeros included
        left = Strip(T, tuple((r, j) for r in range(rows) for j in range(cols)),
                     tuple(t.entry(r, j) for r in range(rows) for j in range(cols)), 1)
        segments = [((r * cols, 0, cols),) for r in range(rows)]
    else:  # each row's band of kernel samples, laid out row by row
        indices, values, segments = [], [], []
        for r in range(rows):
            j0, count = t.band(r)
            segments.append(((len(indices), j0, count),))
            for j in range(j0, j0 + count):
                indices.append((r, j))
                values.append(t.entry(r, j))
        left = Strip(T, tuple(indices), tuple(values), 1)
    outputs = [Output(Ref(C, (t.out_start + r,)), left, a_strip, segments[r], t.values[r]) for r in range(rows)]
    steps += elide(outputs, options.elide)
    steps.append(ViewValues("matrix", C, t.out_start, t.values, e.mode, matrix=T, first=A))
    return steps


def build_view(e: Expansion1D, names: tuple, options, report=None, limits=DEFAULT_LIMITS,
               taken=frozenset()) -> Document:
    """The document of ``e`` in ``options.view`` (``"table"``, ``"polynomial"`` or ``"matrix"``):
    the definition, the view's steps, its values, the call and the check. ``taken`` holds the
    names and the entries' symbols, which the matrix's name and the polynomial variable avoid."""
    view = options.view
    _refuse(view, options)
    base = build_1d(e, names, dataclasses.replace(options, flip=False, elide=None, zeros=False, wrap=None), report,
                    limits)
    A, B, C = arrays_1d(names)
    K = _kernel_array(e, B)
    taken = set(taken) | set(names)
    if view == "table":
        body = _table(e, A, K, C, options, limits)
    elif view == "polynomial":
        body = _polynomial(e, A, K, C, options, limits, taken)
    else:
        body = _matrix(e, A, K, C, options, limits, taken)
    head = [s for s in base.steps if isinstance(s, Definition)]
    tail = [s for s in base.steps if isinstance(s, (Call, CheckStep))]
    facts = base.summary.facts + (("view", view),)
    if view == "polynomial":
        facts += (("variable", body[0].variable), ("polynomials", (body[0].name, body[1].name)))
    elif view == "matrix":
        matrix = body[0]
        facts += (("matrix", (matrix.matrix.name, matrix.shape, matrix.call, matrix.sliced_from)),)
    return Document(e.kind, tuple(head + body + tail), base.arrays, base.decimal, Summary(e.kind, facts), base.bases)
