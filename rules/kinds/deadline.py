"""deadline: a document's date (or a date) against a due date."""
from __future__ import annotations

from typing import ClassVar

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Union

from pydantic import Field

from criteria.models import Date, Num

from ..base import Branch, CompiledRule, Event, Outcome, Params, kind
from ..conditions import All, Cmp


class LateStep(Params):
    within_days: int = Field(ge=1)
    points: Num


class DeadlineParams(Params):
    kind: str
    evidence: str
    due: Date
    on_time: Optional[Num] = None
    late: Optional[Union[Num, list[LateStep]]] = None
    missing: Optional[Num] = None


@kind("deadline")
@dataclass(frozen=True)
class DeadlineRule(CompiledRule):
    params: ClassVar[type] = DeadlineParams
    due: dt.date = dt.date(2000, 1, 1)
    on_time: Decimal = Decimal(0)
    missing_pts: Decimal = Decimal(0)

    @classmethod
    def compile(cls, ctx, p: DeadlineParams):
        ok = ctx.require(("evidence",), p.evidence, ("document", "date"), "deadline") is not None
        on_time = p.on_time if p.on_time is not None else ctx.max
        ok &= ctx.in_bounds(("on_time",), "on_time", on_time)
        due = p.due.toordinal()
        branches = [Branch("on_time", Cmp("d", "le", due), on_time, {"due": p.due})]
        least = ctx.min
        if isinstance(p.late, list):
            if not p.late:
                ctx.err("rule_shape", ("late",), "late: an empty list; write a number or steps")
                ok = False
            prev_days, prev_pts = 0, on_time
            for i, step in enumerate(p.late):
                ok &= ctx.in_bounds(("late", i, "points"), "late points", step.points)
                if step.within_days <= prev_days:
                    ctx.err("bad_value", ("late", i, "within_days"),
                            f"late steps must have increasing within_days ({step.within_days} after {prev_days})")
                    ok = False
                if step.points > prev_pts:
                    ctx.err("not_monotone", ("late", i, "points"),
                            f"late step {i + 1} pays {step.points}, more than the earlier step's {prev_pts}")
                    ok = False
                branches.append(Branch(f"late_{i + 1}", All((Cmp("d", "gt", due + prev_days),
                                                           Cmp("d", "le", due + step.within_days))),
                                       step.points, {"due": p.due, "within_days": step.within_days}))
                prev_days, prev_pts = step.within_days, step.points
            branches.append(Branch("too_late", Cmp("d", "gt", due + prev_days), ctx.min,
                                   {"due": p.due, "within_days": prev_days}))
        else:
            late = p.late if p.late is not None else ctx.min
            ok &= ctx.in_bounds(("late",), "late", late)
            if late > on_time:
                ctx.err("not_monotone", ("late",), f"late {late} pays more than on_time {on_time}")
                ok = False
            branches.append(Branch("late", Cmp("d", "gt", due), late, {"due": p.due}))
            least = late
        missing = p.missing if p.missing is not None else ctx.min
        ok &= ctx.in_bounds(("missing",), "missing", missing)
        if missing > least:
            ctx.err("not_monotone", ("missing",),
                    f"missing {missing} pays more than the least a late document earns ({least})")
            ok = False
        if not ok:
            return None
        return cls(node_id=ctx.node_id, reads=(p.evidence,), branches=tuple(branches), max=ctx.max,
                   min=ctx.min, rounding=ctx.rounding, due=p.due, on_time=on_time, missing_pts=missing)

    @property
    def missing_points(self) -> Decimal:
        return self.missing_pts

    @property
    def lowest(self) -> Decimal:
        return min(b.points for b in self.branches)

    @property
    def highest(self) -> Decimal:
        return self.on_time

    def fact(self, inputs):
        return {"d": inputs[self.reads[0]].value.toordinal()}

    def score(self, branch, inputs):
        date = inputs[self.reads[0]].value
        days = date.toordinal() - self.due.toordinal()
        events = [Event("deadline", {"key": self.reads[0], "date": date, "due": self.due, "days_late": max(days, 0)})]
        events.append(Event("branch", {"branch": branch.name, "points": branch.points, **dict(branch.info)}))
        if branch.name != "on_time" and self.on_time > branch.points:
            events.append(Event("next", {"how": "by_date", "due": self.due, "points": self.on_time}))
        elif branch.points < self.max:
            events.append(Event("next", {"how": "none"}))
        return Outcome(branch.points, tuple(events))
