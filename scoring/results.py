"""Score results: small frozen records; every node carries its trace events."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from rules.base import Event
from rules.numbers import CONTEXT

STATUSES = ("met", "partial", "unmet", "missing", "not_applicable", "error")


def status_of(points: Decimal, lo: Decimal, hi: Decimal) -> str:
    """The status of evidence that was read and scored (spec, "Rule kinds"): ``met`` at the
    node's max, ``unmet`` at its min, ``partial`` strictly between. The one status rule:
    leaves, parents and reviewers' direct points all use it."""
    if points >= hi:
        return "met"
    if points <= lo:
        return "unmet"
    return "partial"


@dataclass(frozen=True, init=False)
class NodeResult:
    """One node's outcome. A frozen dataclass (fields, ``==``, ``repr``, ``replace``);
    ``__init__`` is written out only to fill the instance dict in one step, which is
    ~4× cheaper than the generated frozen ``__init__`` (≈ 120 records per unit)."""
    id: str
    title: str
    depth: int                      # 0 = area
    parent: str | None
    children: tuple[str, ...]
    kind: str | None                # rule kind on leaves
    bonus: bool
    points: Decimal
    max: Decimal                    # applicable maximum (declared when excluded)
    declared_max: Decimal
    min: Decimal
    status: str
    excluded: bool
    index: Decimal | None
    events: tuple[Event, ...] = ()
    reads: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()   # evidence keys that were missing
    branch: str | None = None
    na_reason: str | None = None
    line: int = 0                   # where the node is written in the criteria file

    def __init__(self, id, title, depth, parent, children, kind, bonus, points, max, declared_max, min,
                 status, excluded, index, events=(), reads=(), missing=(), branch=None, na_reason=None,
                 line=0):
        self.__dict__.update(id=id, title=title, depth=depth, parent=parent, children=children, kind=kind,
                             bonus=bonus, points=points, max=max, declared_max=declared_max, min=min,
                             status=status, excluded=excluded, index=index, events=events, reads=reads,
                             missing=missing, branch=branch, na_reason=na_reason, line=line)

    @property
    def is_leaf(self) -> bool:
        return self.kind is not None

    @property
    def lost(self) -> Decimal:
        """Points withheld on an applicable node (0 when excluded)."""
        return Decimal(0) if self.excluded else CONTEXT.subtract(self.max, self.points)


@dataclass(frozen=True)
class Total:
    points: Decimal
    max: Decimal
    index: Decimal | None
    band: str | None


@dataclass(frozen=True)
class ScoreResult:
    scheme_id: str
    scheme_title: str
    scheme_version: str
    scheme_sha256: str
    scheme_year: int
    deadline: object
    unit_id: str
    unit_name: str
    total: Total
    nodes: Mapping[str, NodeResult]   # scheme order
    matcher: str = "durable"
    survey: bool = False
    label: str = ""                    # e.g. "tự chấm" or "thẩm định vòng 1"
    extra: Mapping[str, object] = field(default_factory=dict)
    evidence_titles: Mapping[str, str] = field(default_factory=dict)   # catalogue key → title (for renderers)

    @property
    def errors(self) -> list[NodeResult]:
        return [n for n in self.nodes.values() if n.is_leaf and n.status == "error"]

    @property
    def areas(self) -> list[NodeResult]:
        return [n for n in self.nodes.values() if n.depth == 0]

    def leaves(self) -> list[NodeResult]:
        return [n for n in self.nodes.values() if n.is_leaf]
