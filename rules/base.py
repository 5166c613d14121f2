"""Compiled rules, branches, trace events and the kind registry.

A compiled rule is immutable. The evaluator hands it the evidence it reads
(already typed and checked); it turns that into one fact of integer fields,
a matcher picks the branch whose condition holds, and the rule computes the
points for that branch and emits trace events. Events are data: the
evaluator never writes prose (``scoring.explain`` renders them).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, ClassVar, Mapping

from pydantic import BaseModel, ConfigDict

from .conditions import Cond

KINDS: dict[str, type["CompiledRule"]] = {}


def kind(name: str) -> Callable[[type["CompiledRule"]], type["CompiledRule"]]:
    """Register a rule kind under ``name`` (the ``kind:`` written in criteria files)."""
    def register(cls: type["CompiledRule"]) -> type["CompiledRule"]:
        cls.kind = name
        KINDS[name] = cls
        return cls
    return register


class Params(BaseModel):
    """Base of every kind's parameter model: strict, closed, frozen."""
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


_NO_DATA: Any = object()


@dataclass(frozen=True, init=False)
class Event:
    """One step of a trace: a stable ``code`` and JSON-able data.

    A frozen dataclass whose ``__init__`` fills the instance dict directly (the
    generated frozen one costs twice as much; a unit makes ~500 events).
    """
    code: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, code: str, data: Mapping[str, Any] = _NO_DATA):
        d = self.__dict__
        d["code"] = code
        d["data"] = {} if data is _NO_DATA else data


@dataclass(frozen=True)
class Branch:
    """One way a rule can come out; exactly one branch's condition holds for any fact."""
    name: str
    cond: Cond
    points: Decimal | None = None          # fixed points, or None when computed
    info: Mapping[str, Any] = field(default_factory=dict)   # thresholds, for traces


@dataclass(frozen=True, init=False)
class Input:
    """A present evidence value as a rule reads it.

    ``value`` is typed by the catalogue: bool, int (count), Decimal (percent,
    number), date (date, document), ManualScore or SurveyScore. (``__init__``
    fills the instance dict directly, as for ``Event``.)
    """
    key: str
    type: str
    value: Any
    documents: tuple = ()

    def __init__(self, key: str, type: str, value: Any, documents: tuple = ()):
        d = self.__dict__
        d["key"] = key
        d["type"] = type
        d["value"] = value
        d["documents"] = documents


@dataclass(frozen=True)
class ManualScore:
    points: Decimal
    justification: str


@dataclass(frozen=True)
class SurveyScore:
    percent: Decimal | None = None
    counts: Mapping[str, int] | None = None


@dataclass(frozen=True, init=False)
class Outcome:
    """Points and trace events of a scored rule (``__init__`` fills the dict directly, as for ``Event``)."""
    points: Decimal
    events: tuple[Event, ...]

    def __init__(self, points: Decimal, events: tuple[Event, ...]):
        d = self.__dict__
        d["points"] = points
        d["events"] = events


@dataclass(frozen=True)
class CompiledRule:
    """Base of every compiled kind; subclasses add their parameters."""

    kind: ClassVar[str] = ""
    params: ClassVar[type] = Params
    node_id: str
    reads: tuple[str, ...]
    branches: tuple[Branch, ...]
    max: Decimal
    min: Decimal
    rounding: Decimal

    # ---- what the evaluator calls -------------------------------------------------
    def fact(self, inputs: Mapping[str, Input]) -> dict[str, int]:
        """Integer fields describing the inputs; the branch conditions read them."""
        raise NotImplementedError

    def score(self, branch: Branch, inputs: Mapping[str, Input]) -> Outcome:
        """Points for the branch the matcher selected, with trace events."""
        raise NotImplementedError

    def decided_without(self, inputs: Mapping[str, Input]) -> bool:
        """Whether the present ``inputs`` already decide the outcome although some keys the
        rule reads are missing (a ``check all:`` with a key false). Then the rule is matched
        and scored on what is present (``fact`` and ``score`` see only those keys) and the
        absent keys are still listed as missing evidence."""
        return False

    def na_key(self, inputs: Mapping[str, Input]) -> str | None:
        """A reason this rule is "không phát sinh" from present values (0/0 ratio)."""
        return None

    @property
    def missing_points(self) -> Decimal:
        """Points when evidence is missing: the lowest the rule can pay."""
        return self.lowest

    @property
    def lowest(self) -> Decimal:
        return self.min

    @property
    def highest(self) -> Decimal:
        """The most any evidence can earn under this rule (compile checks it reaches ``max``)."""
        return self.max

    def clamp(self, points: Decimal) -> Decimal:
        return max(self.min, min(self.max, points))


def doc_dict(number: str | None, date: dt.date | None, title: str | None,
             page: str | None = None, file: str | None = None) -> dict:
    return {"number": number, "date": date, "title": title, "page": page, "file": file}
