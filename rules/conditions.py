"""The condition language both matchers read: comparisons of integer fields.

A compiled rule describes each branch as a condition over the integer fields of
one fact. ``rules.durable_adapter`` turns a condition into durable_rules JSON;
``evaluate`` is the plain-Python matcher over the very same objects, so the two
can be checked against each other. Negation is pushed down at compile time
(De Morgan), so neither matcher ever sees a ``not``.

Numbers are encoded exactly as two integer fields: ``q = floor(v × SCALE)`` and
``x = 1`` when ``v × SCALE`` has a remainder. A threshold with at most
``DECIMALS`` decimal places then compares exactly (see ``value_test``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Mapping, Union

DECIMALS = 6
SCALE = 10 ** DECIMALS
LIMIT = 10 ** 12  # largest magnitude a value may have (keeps q within int64)

_OPS = {"lt", "le", "gt", "ge", "eq"}
_NEG = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}


@dataclass(frozen=True)
class Cmp:
    field: str
    op: str
    value: int


@dataclass(frozen=True)
class All:
    parts: tuple


@dataclass(frozen=True)
class Any_:
    parts: tuple


Cond = Union[Cmp, All, Any_]
TRUE = All(())


def negate(cond: Cond) -> Cond:
    if isinstance(cond, Cmp):
        if cond.op == "eq":
            return Any_((Cmp(cond.field, "lt", cond.value), Cmp(cond.field, "gt", cond.value)))
        return Cmp(cond.field, _NEG[cond.op], cond.value)
    if isinstance(cond, All):
        return Any_(tuple(negate(p) for p in cond.parts)) if cond.parts else Any_(())
    return All(tuple(negate(p) for p in cond.parts))


def all_of(*conds: Cond) -> Cond:
    flat: list = []
    for c in conds:
        if isinstance(c, All):
            flat.extend(c.parts)
        else:
            flat.append(c)
    return flat[0] if len(flat) == 1 else All(tuple(flat))


def evaluate(cond: Cond, fact: Mapping[str, int]) -> bool:
    """The plain-Python matcher: does ``fact`` satisfy ``cond``?"""
    if isinstance(cond, Cmp):
        v = fact[cond.field]
        op = cond.op
        return (v < cond.value if op == "lt" else v <= cond.value if op == "le" else
                v > cond.value if op == "gt" else v >= cond.value if op == "ge" else v == cond.value)
    if isinstance(cond, All):
        return all(evaluate(p, fact) for p in cond.parts)
    return any(evaluate(p, fact) for p in cond.parts)


def scaled_threshold(value: Decimal) -> int | None:
    """``value × SCALE`` as an int, or None when it has more than ``DECIMALS`` decimals."""
    scaled = value * SCALE
    if scaled != scaled.to_integral_value():
        return None
    return int(scaled)


def encode(value: Fraction | Decimal | int, prefix: str = "") -> dict[str, int]:
    """Fields ``q``/``x`` that represent ``value`` exactly for threshold tests."""
    if isinstance(value, Fraction):
        return encode_ratio(value.numerator, value.denominator, prefix)
    if isinstance(value, (Decimal, int)):
        return encode_ratio(*value.as_integer_ratio(), prefix)
    f = Fraction(value) * SCALE
    q = math.floor(f)
    return {prefix + "q": q, prefix + "x": int(f != q)}


def encode_ratio(n: int, d: int, prefix: str = "") -> dict[str, int]:
    """``encode(Fraction(n, d))`` for integers with ``d > 0``: ``q = ⌊n·SCALE / d⌋``, ``x`` = remainder ≠ 0."""
    q, rest = divmod(n * SCALE, d)
    return {prefix + "q": q, prefix + "x": int(rest != 0)}


def value_test(op: str, threshold: int, prefix: str = "") -> Cond:
    """Condition "value op threshold/SCALE" over encoded fields (exact)."""
    q, x = prefix + "q", prefix + "x"
    if op == "ge":
        return Cmp(q, "ge", threshold)
    if op == "lt":
        return Cmp(q, "lt", threshold)
    if op == "gt":
        return Any_((Cmp(q, "gt", threshold), All((Cmp(q, "eq", threshold), Cmp(x, "eq", 1)))))
    if op == "le":
        return Any_((Cmp(q, "lt", threshold), All((Cmp(q, "eq", threshold), Cmp(x, "eq", 0)))))
    if op == "eq":
        return All((Cmp(q, "eq", threshold), Cmp(x, "eq", 0)))
    raise ValueError(op)


def eq_values(cond: Cond) -> set[tuple[str, int]]:
    """(field, value) pairs tested for equality: durable_rules hangs past ~512 per field."""
    if isinstance(cond, Cmp):
        return {(cond.field, cond.value)} if cond.op == "eq" else set()
    out: set = set()
    for p in cond.parts:
        out |= eq_values(p)
    return out
