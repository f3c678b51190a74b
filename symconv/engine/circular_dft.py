"""The DFT route of a circular convolution, exactly: arithmetic in the ring of ``w = exp(-2 pi i/n)``.

An element ``sum_p x_p w^p`` is held as its coefficients ``(x_0, ..., x_(n-1))`` (``w^n = 1``):
a DFT value is a sum of input samples placed by their exponents, a product of two is the cyclic
convolution of their coefficients, and the inverse transform is one more such sum. Its value is
found by reducing it modulo the n-th cyclotomic polynomial, the minimal polynomial of ``w``: what is
left is the exact output (the entries' irrational numbers, ``i`` among them, held as formal symbols
meanwhile). No floating point, no simplification heuristics.

Values are shown as a textbook writes them: for ``n`` dividing 8 or 12 the powers of ``w`` are
radicals (``-1/2 - (√3/2) i``), otherwise ``cos(2π p/n) - i sin(2π p/n)`` (`shown`).
"""

from __future__ import annotations

import sympy
from sympy import I, Integer, Rational, pi

from ..errors import DerivationTooLarge
from ..limits import Limits
from ..model.circular import CircularDFT, CircularExpansion

__all__ = ["expand_dft", "shown", "cyclic_product", "exact_value", "refuse_dft", "SIMPLE_DENOMINATORS"]

#: Angles 2π p/n whose cosine and sine a textbook writes as radicals: p/n in lowest terms has one
#: of these denominators (multiples of π/4 and π/6).
SIMPLE_DENOMINATORS = (1, 2, 3, 4, 6, 8, 12)
_ZERO = Integer(0)


def refuse_dft(n: int, symbolic: bool, limits: Limits) -> None:
    """`DerivationTooLarge` when the DFT view of ``n`` points is over ``limits.max_dft_points``
    (half of it with symbolic entries, whose DFT values have a term per sample and root)."""
    most = limits.max_dft_points if not symbolic else max(1, limits.max_dft_points // 2)
    if n > most:
        what = "symbolic entries' " if symbolic else ""
        raise DerivationTooLarge(
            f"the DFT view writes n² = {n * n:,} exact roots of unity; n = {n} is over the limit of {most} for "
            f"{what}DFT derivations: use view='sum' or view='wrap', or pass "
            f"limits=symconv.Limits(max_dft_points=...) to raise it")


def _cos_sin(p: int, n: int) -> tuple:
    """``(cos(2π p/n), sin(2π p/n))``, as radicals for the simple angles, else unevaluated."""
    angle = Rational(p, n)
    if angle.q in SIMPLE_DENOMINATORS:
        return sympy.cos(2 * pi * angle), sympy.sin(2 * pi * angle)
    return sympy.cos(2 * pi * angle, evaluate=False), sympy.sin(2 * pi * angle, evaluate=False)


def shown(coefficients: tuple) -> sympy.Expr:
    """``sum_p x_p w^p`` with ``w = exp(-2πi/n)`` as an exact value in cos/sin form: the terms of
    ``p`` and ``n - p`` share ``cos(2π p/n)`` and ``sin(2π p/n)`` (p at most n/2); radicals are
    collected, other cosines and sines are kept as they are (never expanded into each other).

    Examples
    --------
    >>> from sympy import Integer
    >>> shown(tuple(map(Integer, (1, 2, 0, 0))))  # 1 + 2w, w = -i
    1 - 2*I
    >>> shown(tuple(map(Integer, (0, 1, 0, 0, 0, 0, 0))))
    cos(2*pi/7) - I*sin(2*pi/7)
    """
    n = len(coefficients)
    simple, atoms = [], {}
    for p in range(n // 2 + 1):
        if p == 0 or 2 * p == n:
            real, imag = coefficients[p], _ZERO
        else:
            real = coefficients[p] + coefficients[n - p]
            imag = coefficients[p] - coefficients[n - p]
        cos, sin = _cos_sin(p, n)
        if Rational(p, n).q in SIMPLE_DENOMINATORS:
            simple.append(real * cos - I * imag * sin)
            continue
        for atom, coefficient in ((cos, real), (sin, -I * imag)):
            atoms[atom] = atoms.get(atom, _ZERO) + coefficient
    value = sympy.expand(sympy.Add(*simple)) if simple else _ZERO
    rest = []
    for atom, coefficient in atoms.items():
        coefficient = sympy.expand(coefficient)
        if coefficient != 0:
            rest.append(coefficient * atom if coefficient != 1 else atom)
    return sympy.Add(value, *rest)


def cyclic_product(x: tuple, y: tuple) -> tuple:
    """The coefficients of ``(sum_p x_p w^p)(sum_q y_q w^q)`` with ``w^n = 1``."""
    n = len(x)
    out = [[] for _ in range(n)]
    for p, xp in enumerate(x):
        if xp == 0:
            continue
        for q, yq in enumerate(y):
            if yq != 0:
                out[(p + q) % n].append(xp * yq)
    return tuple(sympy.expand(sympy.Add(*parts)) if parts else _ZERO for parts in out)


def _reduce(coefficients: list, n: int) -> list:
    """The remainder of ``sum_t x_t X^t`` modulo the n-th cyclotomic polynomial (monic, integer)."""
    X = sympy.Symbol("X")
    phi = [int(c) for c in reversed(sympy.Poly(sympy.cyclotomic_poly(n, X), X).all_coeffs())]
    degree = len(phi) - 1
    rest = list(coefficients)
    for top in range(len(rest) - 1, degree - 1, -1):
        lead = sympy.expand(rest[top])
        if lead == 0:
            continue
        shift = top - degree
        for t, c in enumerate(phi):
            if c:
                rest[shift + t] = rest[shift + t] - c * lead
    return [sympy.expand(c) for c in rest[:degree]]


def _formal(values: list) -> tuple:
    """``values`` with every number that is not rational (``i``, ``√2``, ``cos(π/7)``, ``π``) and
    every function of the symbols replaced by a fresh symbol, and the map back. Some of these
    lie in the field of ``w`` itself (``i = w^(3n/4)`` when ``4 | n``, ``√2 = w + w^7`` when
    ``n = 8``); made formal, the cyclotomic polynomial stays irreducible over what remains, and
    the inverse DFT reduces to a constant (its identity holds for any commutative entries)."""
    atoms = set()
    for v in values:
        atoms |= {a for a in sympy.preorder_traversal(v) if a is I or (a.is_Pow and a.exp.is_Rational and not
                  a.exp.is_Integer) or isinstance(a, sympy.Function) or (a.is_Number and not a.is_Rational)
                  or a in (pi, sympy.E)}
    mapping = {a: sympy.Dummy(f"z{k}") for k, a in enumerate(sorted(atoms, key=sympy.default_sort_key))}
    return [v.xreplace(mapping) for v in values], {d: a for a, d in mapping.items()}


def exact_value(coefficients: tuple) -> sympy.Expr:
    """The exact value of ``sum_t x_t w^t`` when it lies in the field of the entries (an output
    of the inverse DFT), by reduction modulo the cyclotomic polynomial.

    Raises AssertionError when the remainder is not such a value (it always is for an inverse
    DFT: a failure is a bug).

    Examples
    --------
    >>> from sympy import Integer, I
    >>> exact_value((Integer(1), Integer(1), Integer(1)))  # 1 + w + w² = 0
    0
    >>> exact_value((Integer(1), Integer(0), Integer(1), Integer(0)))  # 1 + w², w = -i
    0
    """
    n = len(coefficients)
    if n == 1:
        return sympy.expand(coefficients[0])
    plain, back = _formal([sympy.expand(c) for c in coefficients])
    rest = _reduce(plain, n)
    assert all(c == 0 for c in rest[1:]), "the inverse DFT left a power of w"
    return sympy.expand(rest[0].xreplace(back))


def _transform(values: tuple, n: int) -> tuple:
    """Per frequency r: ``(terms, coefficients)`` of ``sum_m values[m] w^(r m mod n)``."""
    out = []
    for r in range(n):
        terms = tuple((m, r * m % n) for m in range(len(values)))
        coefficients = [[] for _ in range(n)]
        for m, p in terms:
            coefficients[p].append(values[m])
        out.append((terms, tuple(sympy.expand(sympy.Add(*c)) if c else _ZERO for c in coefficients)))
    return tuple(out)


def expand_dft(e: CircularExpansion, limits: Limits) -> CircularDFT:
    """The n-point DFTs of both (wrapped) inputs, their product and the inverse DFT, exactly;
    refused beyond ``limits.max_dft_points`` before any work."""
    n = e.n
    refuse_dft(n, e.is_symbolic, limits)
    powers = tuple(shown(tuple(Integer(int(t == p)) for t in range(n))) for p in range(n))
    first, second = _transform(e.first, n), _transform(e.second, n)
    products = [cyclic_product(x, y) for (_, x), (_, y) in zip(first, second)]
    inverse = []
    for k in range(n):
        exponents = tuple(-r * k % n for r in range(n))
        total = [[] for _ in range(n)]
        for r, coefficients in enumerate(products):
            for p, c in enumerate(coefficients):
                if c != 0:
                    total[(p + exponents[r]) % n].append(c)
        summed = tuple(sympy.expand(sympy.Add(*c) / n) if c else _ZERO for c in total)
        inverse.append((exponents, exact_value(summed)))
    return CircularDFT(n, powers, tuple((terms, shown(c)) for terms, c in first),
                       tuple((terms, shown(c)) for terms, c in second),
                       tuple(shown(c) for c in products), tuple(inverse))
