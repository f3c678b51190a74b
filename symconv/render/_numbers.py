"""How exact values look: fractions, exact decimals, rounded decimals, complex and symbolic.

One :class:`NumberFormat` per rendering, with a cache so each distinct value is printed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

import sympy
from sympy import Expr

from ..errors import InputError

__all__ = ["NUMBER_STYLES", "Printed", "NumberFormat", "resolve_style"]

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
        raise InputError(f"numbers must be 'auto', 'fraction' or 'decimal', got {style!r}")
    if style == "auto":
        return "mixed" if decimal_input else "fraction"
    return style


def _terminating(q: int) -> int | None:
    """Number of decimal places of 1/q if it terminates, else None."""
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
    """Print exact values for one target (``"latex"`` or ``"text"``) in one style.

    ``style="fraction"``: rationals as fractions. ``style="mixed"`` (what ``auto`` means for
    decimal input): terminating rationals as exact decimals (scientific notation outside
    1e-6..1e15), others as fractions. ``style="decimal"``: like mixed, but non-terminating values
    rounded to ``digits`` significant digits and marked inexact. Symbolic values print through
    SymPy.
    """

    def __init__(self, target: str, style: str, digits: int = 6):
        if target not in ("latex", "text"):
            raise ValueError(target)
        if not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= 50:
            raise InputError(f"digits must be an int from 1 to 50, got {digits!r}")
        self.target = target
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
    def _sci(self, mantissa: str, exponent: int) -> str:
        if self.target == "latex":
            return f"{mantissa} \\times 10^{{{exponent}}}"
        return f"{mantissa}e{exponent}"

    def _rational(self, value: sympy.Rational) -> Printed:
        p, q = int(value.p), int(value.q)
        negative = p < 0
        if q == 1 and (self.style == "fraction" or abs(p) < 10**15):
            return Printed(str(p), True, not negative)
        if self.style != "fraction":
            places = _terminating(q)
            exact = places is not None and places <= 60
            if exact or self.style == "decimal":
                return Printed(self._decimal(p, q, exact), exact, not negative)
        if self.target == "latex":
            text = f"{'-' if negative else ''}\\tfrac{{{abs(p)}}}{{{q}}}"
        else:
            text = f"{p}/{q}"
        return Printed(text, True, not negative and self.target == "latex")

    def _decimal(self, p: int, q: int, exact: bool) -> str:
        """p/q as a decimal: exact if it terminates, else rounded to ``digits`` significant
        digits; scientific notation outside [1e-6, 1e15)."""
        with localcontext() as ctx:
            ctx.prec = 400 if exact else self.digits
            d = Decimal(p) / Decimal(q)
        if d == 0 or Decimal("1e-6") <= abs(d) < Decimal("1e15"):
            return _plain(d)
        exponent = d.adjusted()
        mantissa = _plain(d.scaleb(-exponent))
        if self.target == "latex":
            return f"{mantissa} \\times 10^{{{exponent}}}"
        return f"{mantissa}e{exponent}"

    def _print(self, value: Expr) -> Printed:
        if value.is_Rational:
            return self._rational(value)
        if not value.free_symbols:
            re, im = value.as_real_imag()
            if re.is_Rational and im.is_Rational and im != 0:
                return self._complex(re, im)
        return self._symbolic(value)

    def _complex(self, re: sympy.Rational, im: sympy.Rational) -> Printed:
        unit = "i" if self.target == "latex" else "j"
        ip = self._rational(abs(im))
        imag = (unit if abs(im) == 1 else
                (f"{ip.text}{unit}" if self.target == "latex" or ip.atom else f"({ip.text}){unit}"))
        if re == 0:
            text = ("-" if im < 0 else "") + imag
            return Printed(text, ip.exact, im > 0)
        rp = self._rational(re)
        text = f"{rp.text} {'-' if im < 0 else '+'} {imag}"
        return Printed(text, rp.exact and ip.exact, False)

    def _symbolic(self, value: Expr) -> Printed:
        if self.style == "decimal" and not value.free_symbols:
            approx = complex(value.evalf(self.digits + 5))
            if approx.imag == 0:
                rational = sympy.Rational(repr(approx.real))
                text = self._decimal(int(rational.p), int(rational.q), exact=False)
                return Printed(text, False, approx.real >= 0)
        if self.target == "latex":
            text = sympy.latex(value, imaginary_unit="i")
        else:
            text = sympy.sstr(value)
        atom = not (value.is_Add or value.could_extract_minus_sign())
        return Printed(text, True, atom)


def format_error(value: float, target: str) -> str:
    """A small non-negative float such as a check's max |error|: ``0`` or ``2.2e-16``."""
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.1e}".split("e")
    if target == "latex":
        return f"{mantissa} \\times 10^{{{int(exponent)}}}"
    return f"{mantissa}e{int(exponent)}"
