"""Exact decimal arithmetic: one context, one rounding rule, stated once.

Rounding is half-up in the spec's sense: halves go away from zero
(1.125 → 1.13, −0.125 → −0.13), which is ``ROUND_HALF_UP`` in ``decimal``.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction

CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)
HUNDRED = Decimal(100)
INDEX_STEP = Decimal("0.01")


def exact(value: Fraction | Decimal | int) -> Decimal:
    """A Decimal for a value that must be representable exactly (no rounding)."""
    if isinstance(value, Fraction):
        with localcontext(CONTEXT):
            return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def round_step(value: Fraction | Decimal, step: Decimal) -> Decimal:
    """Round ``value`` to a multiple of ``step``, halves away from zero."""
    frac = Fraction(value) / Fraction(step)
    sign = -1 if frac < 0 else 1
    frac = abs(frac)
    whole, rest = divmod(frac.numerator, frac.denominator)
    if 2 * rest >= frac.denominator:
        whole += 1
    with localcontext(CONTEXT):
        result = Decimal(sign * whole) * step
    return normalize(result)


def normalize(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (2.50 → 2.5, 100 → 100)."""
    if value == 0:
        return Decimal(0)
    sign, digits, exp = value.normalize(CONTEXT).as_tuple()
    if exp > 0:
        return Decimal(int(value))
    return value.normalize(CONTEXT)


def index_of(points: Decimal, maximum: Decimal) -> Decimal | None:
    """Points ÷ maximum × 100, rounded half-up to two decimals; None when maximum is 0.

    Integer arithmetic (it runs for every node of every unit): the same value as
    ``round_step(Fraction(points) * 100 / Fraction(maximum), INDEX_STEP)``, about
    8× faster; trailing zeros are dropped.
    """
    if maximum == 0:
        return None
    pn, pd = points.as_integer_ratio()
    mn, md = maximum.as_integer_ratio()
    num, den = pn * md * 10000, pd * mn          # the index in hundredths = num / den
    if den < 0:
        num, den = -num, -den
    whole, rest = divmod(abs(num), den)
    if 2 * rest >= den:                           # halves away from zero
        whole += 1
    if num < 0:
        whole = -whole
    if whole % 100 == 0:
        return Decimal(whole // 100)
    if whole % 10 == 0:
        return Decimal(whole // 10).scaleb(-1)
    return Decimal(whole).scaleb(-2)


def percent_of(part: Decimal | int, whole: Decimal | int) -> Fraction:
    """part ÷ whole × 100 as an exact fraction (whole ≠ 0)."""
    return Fraction(part) * 100 / Fraction(whole)


def plain(value: Decimal | int | None) -> str:
    """A decimal as plain text with a dot, no exponent, no trailing zeros."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return format(normalize(value), "f")
