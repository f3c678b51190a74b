"""How exact values look: fractions, exact decimals, rounded decimals, complex and symbolic.

One `NumberFormat` per rendering, with a cache so each distinct value is printed once.
The rules are here; each format supplies its notation through the hooks of its printer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

import sympy
from sympy import Expr

from ..errors import InputError, brief
from ..model import gaussian

__all__ = ["NUMBER_STYLES", "Printed", "NumberFormat", "resolve_style", "error_parts", "decimal_places"]

NUMBER_STYLES = ("auto", "fraction", "decimal")


@dataclass(frozen=True)
class Printed:
    """A printed value: ``text``; ``exact`` False when rounded; ``atom`` False when a factor
    needs parentheses (negative, a sum, a complex number)."""

    text: str
    exact: bool
    atom: bool

    def factor(self, left: str, right: str) -> str:
        """The value as a factor of a product, parenthesised when needed."""
        return self.text if self.atom else f"{left}{self.text}{right}"


def resolve_style(style: str, decimal_input: bool) -> str:
    """The concrete style (``fraction``, ``mixed`` or ``decimal``) given how the input was written."""
    if style not in NUMBER_STYLES:
        raise InputError(f"numbers must be 'auto', 'fraction' or 'decimal', got {brief(style)}")
    if style == "auto":
        return "mixed" if decimal_input else "fraction"
    return style


def decimal_places(q: int) -> int | None:
    """Number of decimal places of 1/q if it terminates, else None.

    >>> decimal_places(8), decimal_places(3)
    (3, None)
    """
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    return max(twos, fives) if q == 1 else None


def _plain(d: Decimal) -> str:
    """Fixed-point digits of ``d`` without trailing zeros."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class NumberFormat:
    """Print exact values in one style, for one notation.

    ``style="fraction"``: rationals as fractions. ``style="mixed"`` (what ``auto`` means for
    decimal input): terminating rationals as exact decimals (scientific notation outside
    1e-6..1e15), others as fractions. ``style="decimal"``: like mixed, but non-terminating values
    rounded to ``digits`` significant digits and marked inexact. Symbolic values go to the
    notation's expression printer.

    The rules live here, once; the notation (a printer) supplies the pieces that differ between
    formats through four hooks: ``number_fraction(p, q)``, ``number_scientific(mantissa,
    exponent)``, ``number_imaginary(coefficient)`` and ``number_expression(value)``.
    """

    def __init__(self, notation, style: str, digits: int = 6):
        if not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= 50:
            raise InputError(f"digits must be an int from 1 to 50, got {brief(digits)}")
        self.notation = notation
        self.style = style
        self.digits = digits
        self._cache: dict = {}

    def __call__(self, value: Expr) -> Printed:
        try:
            return self._cache[value]
        except KeyError:
            printed = self._cache[value] = self._print(value)
            return printed

    # -- pieces ---------------------------------------------------------------------------
    def rational(self, value: sympy.Rational, rounding: bool = True) -> Printed:
        """A rational number in this style; with ``rounding=False`` never rounded (numbers inside
        an expression are shown exactly, whatever the style)."""
        p, q = int(value.p), int(value.q)
        negative = p < 0
        if q == 1 and (self.style == "fraction" or abs(p) < 10**15):
            return Printed(str(p), True, not negative)
        if self.style != "fraction":
            places = decimal_places(q)
            exact = places is not None and len(str(abs(p))) + places <= 400
            if exact or (self.style == "decimal" and rounding):
                return Printed(self._decimal(p, q, exact), exact, not negative)
        text, atom = self.notation.number_fraction(abs(p), q)
        return Printed(("-" if negative else "") + text, True, atom and not negative)

    def _decimal(self, p: int, q: int, exact: bool) -> str:
        """p/q as a decimal: exact if it terminates, else rounded to ``digits`` significant
        digits; scientific notation outside [1e-6, 1e15)."""
        with localcontext() as ctx:
            ctx.prec = 400 if exact else self.digits
            d = Decimal(p) / Decimal(q)
        if d == 0 or Decimal("1e-6") <= abs(d) < Decimal("1e15"):
            return _plain(d)
        exponent = d.adjusted()
        return self.notation.number_scientific(_plain(d.scaleb(-exponent)), exponent)

    def _print(self, value: Expr) -> Printed:
        if value.is_Rational:
            return self.rational(value)
        pair = gaussian(value)
        if pair is not None and pair[1] != 0:
            return self._complex(*pair)
        return self._symbolic(value)

    def _complex(self, re: sympy.Rational, im: sympy.Rational) -> Printed:
        imag = self.notation.number_imaginary(None if abs(im) == 1 else self.rational(abs(im)))
        if re == 0:
            return Printed(("-" if im < 0 else "") + imag, abs(im) == 1 or self.rational(abs(im)).exact,
                           im > 0)
        rp, ip = self.rational(re), self.rational(abs(im))
        text = f"{rp.text} {'-' if im < 0 else '+'} {imag}"
        return Printed(text, rp.exact and ip.exact, False)

    def _symbolic(self, value: Expr) -> Printed:
        if self.style == "decimal" and not value.free_symbols:
            approx = complex(value.evalf(self.digits + 5))
            if approx.imag == 0:
                rational = sympy.Rational(repr(approx.real))
                text = self._decimal(int(rational.p), int(rational.q), exact=False)
                return Printed(text, False, approx.real >= 0)
        text = self.notation.number_expression(value)
        atom = not (value.is_Add or value.could_extract_minus_sign() or sympy.fraction(value)[1] != 1)
        return Printed(text, True, atom)


def error_parts(value: float) -> tuple[str, int] | None:
    """A check's max |error| as ``(mantissa, exponent)`` with one decimal (None for 0)."""
    if value == 0:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return (str(value), 0)
    mantissa, exponent = f"{value:.1e}".split("e")
    return mantissa, int(exponent)
