"""Pydantic models of a criteria scheme (the surface in spec/criteria.md).

Models are frozen and strict: nothing is coerced (the string "2" is not a
number). Rule parameters stay a mapping here; ``rules/`` owns each kind's
parameter model and checks them when it compiles the scheme.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError("expected a number")
    return Decimal(value)


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError("expected a date written YYYY-MM-DD")


Num = Annotated[Decimal, BeforeValidator(_to_decimal)]
Date = Annotated[dt.date, BeforeValidator(_to_date)]
Text = Annotated[str, Field(min_length=1)]

EVIDENCE_TYPES = ("document", "date", "boolean", "count", "percent", "number", "manual", "survey")
ORDERED_TYPES = ("count", "percent", "number")


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)


class EvidenceSpec(_Model):
    type: Literal["document", "date", "boolean", "count", "percent", "number", "manual", "survey"]
    title: Text
    better: Optional[Literal["higher", "lower"]] = None
    unit: Optional[str] = None
    description: Optional[str] = None
    fixed: Optional[bool] = None   # a fact about the past the unit cannot change (spec: criteria.md)

    @property
    def lower_is_better(self) -> bool:
        return self.better == "lower"

    @property
    def is_fixed(self) -> bool:
        """``fixed`` as written; without it, count and number keys declared better: lower are fixed."""
        if self.fixed is not None:
            return self.fixed
        return self.type in ("count", "number") and self.better == "lower"


class Node(_Model):
    id: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")]
    title: Text
    max: Num
    min: Optional[Num] = None
    na: Optional[Literal["full", "exclude", "never"]] = None
    bonus: bool = False
    note: Optional[str] = None
    criteria: Optional[list["Node"]] = None
    rule: Optional[dict[str, Any]] = None


class BandLabel(_Model):
    min: Num
    label: Text


class Period(_Model):
    from_: Date = Field(alias="from")
    to: Date


class Scheme(_Model):
    id: Annotated[str, Field(pattern=r"^[0-9a-z][0-9a-z._-]{0,79}$")]
    title: Text
    level: Literal["xa", "huyen", "so", "tinh", "bo"]
    year: Annotated[int, Field(ge=2000, le=2100)]
    version: Text
    source: Optional[str] = None
    deadline: Optional[Date] = None
    period: Optional[Period] = None
    rounding: Num = Decimal("0.01")
    na_policy: Literal["exclude", "full"] = "exclude"
    bands: list[BandLabel] = Field(default_factory=list)
    evidence: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")], EvidenceSpec]
    areas: Annotated[list[Node], Field(min_length=1)]
