"""deduction and count: points that move by ``per`` for each counted case."""
from __future__ import annotations

from typing import ClassVar

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Optional

from criteria.models import Num

from ..base import Branch, CompiledRule, Event, Outcome, Params, kind
from ..conditions import All, Cmp


class DeductionParams(Params):
    kind: str
    evidence: str
    per: Num
    start: Optional[Num] = None


class CountParams(Params):
    kind: str
    evidence: str
    per: Num


def _count_key(ctx, key: str, kind_name: str, bad_better: str) -> bool:
    spec = ctx.require(("evidence",), key, ("count",), kind_name)
    if spec is None:
        return False
    if spec.better == bad_better:
        ctx.err("not_monotone", ("evidence",),
                f'"{key}" declares better: {bad_better}, but a {kind_name} pays '
                f'{"less" if kind_name == "deduction" else "more"} for more cases')
        return False
    return True


def _per(ctx, per: Decimal) -> bool:
    if per <= 0:
        ctx.err("bad_value", ("per",), f"per must be above 0 (got {per})")
        return False
    return True


@kind("deduction")
@dataclass(frozen=True)
class DeductionRule(CompiledRule):
    params: ClassVar[type] = DeductionParams
    per: Decimal = Decimal(0)
    start: Decimal = Decimal(0)

    @classmethod
    def compile(cls, ctx, p: DeductionParams):
        ok = _count_key(ctx, p.evidence, "deduction", "higher") & _per(ctx, p.per)
        start = p.start if p.start is not None else ctx.max
        ok &= ctx.in_bounds(("start",), "start", start)
        if not ok:
            return None
        floor_at = max(1, math.ceil(Fraction(start - ctx.min) / Fraction(p.per)))
        branches = [Branch("none", Cmp("c", "le", 0), start)]
        if floor_at > 1:
            branches.append(Branch("deducted", All((Cmp("c", "ge", 1), Cmp("c", "lt", floor_at))), None))
        branches.append(Branch("floored", Cmp("c", "ge", floor_at), ctx.min, {"from": floor_at}))
        return cls(node_id=ctx.node_id, reads=(p.evidence,), branches=tuple(branches), max=ctx.max,
                   min=ctx.min, rounding=ctx.rounding, per=p.per, start=start)

    @property
    def highest(self) -> Decimal:
        return self.start       # no case counted

    def fact(self, inputs):
        return {"c": inputs[self.reads[0]].value}

    def score(self, branch, inputs):
        c = inputs[self.reads[0]].value
        raw = self.start - self.per * c
        pts = branch.points if branch.points is not None else raw
        events = [Event("value", {"key": self.reads[0], "value": c}),
                  Event("deduct", {"start": self.start, "per": self.per, "count": c, "raw": raw,
                                   "floored": branch.name == "floored" and raw < self.min, "points": pts}),
                  Event("branch", {"branch": branch.name, "points": pts})]
        if c > 0:
            # the first case fewer that changes the points
            fewer = 1
            while fewer < c and self.clamp(self.start - self.per * (c - fewer)) <= pts:
                fewer += 1
            gain = self.clamp(self.start - self.per * (c - fewer))
            events.append(Event("next", {"how": "fewer", "key": self.reads[0], "count": c - fewer, "points": gain}))
        elif pts < self.max:
            events.append(Event("next", {"how": "none"}))
        return Outcome(pts, tuple(events))


@kind("count")
@dataclass(frozen=True)
class CountRule(CompiledRule):
    params: ClassVar[type] = CountParams
    per: Decimal = Decimal(0)

    @classmethod
    def compile(cls, ctx, p: CountParams):
        ok = _count_key(ctx, p.evidence, "count", "lower") & _per(ctx, p.per)
        if not ok:
            return None
        cap_at = max(1, math.ceil(Fraction(ctx.max) / Fraction(p.per)))
        branches = [Branch("none", Cmp("c", "le", 0), max(ctx.min, Decimal(0)))]
        if cap_at > 1:
            branches.append(Branch("counted", All((Cmp("c", "ge", 1), Cmp("c", "lt", cap_at))), None))
        branches.append(Branch("capped", Cmp("c", "ge", cap_at), ctx.max, {"from": cap_at}))
        return cls(node_id=ctx.node_id, reads=(p.evidence,), branches=tuple(branches), max=ctx.max,
                   min=ctx.min, rounding=ctx.rounding, per=p.per)

    @property
    def lowest(self) -> Decimal:
        return self.clamp(Decimal(0))

    def fact(self, inputs):
        return {"c": inputs[self.reads[0]].value}

    def score(self, branch, inputs):
        c = inputs[self.reads[0]].value
        raw = self.per * c
        pts = branch.points if branch.points is not None else self.clamp(raw)
        events = [Event("value", {"key": self.reads[0], "value": c}),
                  Event("tally", {"per": self.per, "count": c, "raw": raw, "capped": raw > self.max, "points": pts}),
                  Event("branch", {"branch": branch.name, "points": pts})]
        if pts < self.max:
            events.append(Event("next", {"how": "more", "key": self.reads[0], "count": c + 1,
                                         "points": self.clamp(self.per * (c + 1))}))
        return Outcome(pts, tuple(events))
