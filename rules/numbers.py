"""Exact decimal arithmetic: one context, one rounding rule, stated once.

Rounding is half-up in the spec's sense: halves go away from zero
(1.125 → 1.13, −0.125 → −0.13), which is ``ROUND_HALF_UP`` in ``decimal``.
"""
from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from typing import Callable, TypeVar

CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)
HUNDRED = Decimal(100)
INDEX_STEP = Decimal("0.01")

F = TypeVar("F", bound=Callable)


def engine_context(fn: F) -> F:
    """Run ``fn`` under ``CONTEXT`` (a public entry point: the host thread's decimal
    context, whatever its precision or rounding, never reaches the engine's arithmetic)."""
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        with localcontext(CONTEXT):
            return fn(*args, **kwargs)
    return inner  # type: ignore[return-value]


def exact(value: Fraction | Decimal | int) -> Decimal:
    """A Decimal for a value that must be representable exactly (no rounding)."""
    if isinstance(value, Fraction):
        with localcontext(CONTEXT):
            return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def ratio_of(value: Fraction | Decimal | int) -> tuple[int, int]:
    """``value`` as integers ``(n, d)`` with ``n / d == value`` and ``d > 0`` (not necessarily reduced)."""
    if isinstance(value, Fraction):
        return value.numerator, value.denominator
    if isinstance(value, (Decimal, int)):
        return value.as_integer_ratio()
    f = Fraction(value)
    return f.numerator, f.denominator


def round_step(value: Fraction | Decimal, step: Decimal) -> Decimal:
    """Round ``value`` to a multiple of ``step``, halves away from zero."""
    n, d = ratio_of(value)
    return round_ratio(n, d, step)


def round_ratio(n: int, d: int, step: Decimal) -> Decimal:
    """``round_step(Fraction(n, d), step)`` in integer arithmetic (``d > 0``): the same digits.

    value ÷ step = (n·sd) ÷ (d·sn); the quotient's remainder decides the half-up rounding
    exactly as it does on the reduced fraction (the comparison 2·rest ≥ den is scale-free).
    """
    sn, sd, tens = _step(step)
    num, den = n * sd, d * sn
    if den < 0:
        num, den = -num, -den
    whole, rest = divmod(-num if num < 0 else num, den)
    if 2 * rest >= den:
        whole += 1
    if num < 0:
        whole = -whole
    if tens is None:
        return normalize(CONTEXT.multiply(Decimal(whole), step))
    # step = sn / 10**tens: the value is whole·sn / 10**tens; drop trailing zeros (as normalize)
    m, e = whole * sn, -tens
    while e < 0 and m % 10 == 0:
        m //= 10
        e += 1
    return Decimal(m).scaleb(e, CONTEXT) if e else Decimal(m)


_STEPS: dict[Decimal, tuple[int, int, int | None]] = {}


def _step(step: Decimal) -> tuple[int, int, int | None]:
    """``step`` as (numerator, denominator, k when the denominator is 10**k, else None)."""
    got = _STEPS.get(step)
    if got is None:
        sn, sd = step.as_integer_ratio()
        tens = None
        for k in range(0, 40):
            if 10 ** k == sd:
                tens = k
                break
        got = _STEPS[step] = (sn, sd, tens)
    return got


def normalize(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (2.50 → 2.5, 100 → 100)."""
    if value == 0:
        return Decimal(0)
    norm = value.normalize(CONTEXT)
    if norm.as_tuple().exponent > 0:
        return Decimal(int(value))
    return norm


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


def percent_ratio(part: Decimal | int, whole: Decimal | int) -> tuple[int, int]:
    """``percent_of(part, whole)`` as its reduced numerator and denominator (whole ≠ 0)."""
    pn, pd = part.as_integer_ratio()
    wn, wd = whole.as_integer_ratio()
    n, d = pn * 100 * wd, pd * wn
    if d < 0:
        n, d = -n, -d
    g = math.gcd(n, d)
    return n // g, d // g


def plain(value: Decimal | int | None) -> str:
    """A decimal as plain text with a dot, no exponent, no trailing zeros."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return format(normalize(value), "f")
