"""check: one boolean, or ``all: [keys]`` every one true."""
from __future__ import annotations

from typing import ClassVar

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from criteria.models import Num

from ..base import Branch, CompiledRule, Event, Outcome, Params, kind
from ..conditions import Any_, All, Cmp


class CheckParams(Params):
    kind: str
    evidence: Optional[str] = None
    all: Optional[list[str]] = None
    points: Optional[Num] = None
    otherwise: Optional[Num] = None


@kind("check")
@dataclass(frozen=True)
class CheckRule(CompiledRule):
    params: ClassVar[type] = CheckParams
    pass_points: Decimal = Decimal(0)
    fail_points: Decimal = Decimal(0)

    @classmethod
    def compile(cls, ctx, p: CheckParams):
        if (p.evidence is None) == (p.all is None):
            ctx.err("rule_shape", (), 'a check reads either "evidence" or "all", exactly one')
            return None
        keys = [p.evidence] if p.evidence else list(p.all or [])
        if not keys:
            ctx.err("rule_shape", ("all",), '"all" needs at least one key')
            return None
        ok = True
        for i, key in enumerate(keys):
            path = ("evidence",) if p.evidence else ("all", i)
            ok &= ctx.require(path, key, ("boolean",), "check") is not None
        points = p.points if p.points is not None else ctx.max
        otherwise = p.otherwise if p.otherwise is not None else ctx.min
        ok &= ctx.in_bounds(("points",), "points", points)
        ok &= ctx.in_bounds(("otherwise",), "otherwise", otherwise)
        if otherwise > points:
            ctx.err("not_monotone", ("otherwise",), f"otherwise {otherwise} pays more than points {points} for a true check")
            ok = False
        if not ok:
            return None
        fields = [f"b{i}" for i in range(len(keys))]
        branches = (
            Branch("pass", All(tuple(Cmp(f, "eq", 1) for f in fields)), points),
            Branch("fail", Any_(tuple(Cmp(f, "eq", 0) for f in fields)), otherwise),
        )
        return cls(node_id=ctx.node_id, reads=tuple(keys), branches=branches, max=ctx.max,
                   min=ctx.min, rounding=ctx.rounding, pass_points=points, fail_points=otherwise)

    @property
    def lowest(self) -> Decimal:
        return self.fail_points

    @property
    def highest(self) -> Decimal:
        return self.pass_points

    def decided_without(self, inputs):
        # one key false fails "all" whatever the absent keys say
        return any(not i.value for i in inputs.values())

    def fact(self, inputs):
        # an absent key (only when ``decided_without``) counts as false: the answer is the same
        return {f"b{i}": int(k in inputs and bool(inputs[k].value)) for i, k in enumerate(self.reads)}

    def score(self, branch, inputs):
        events = [Event("check", {"key": k, "value": bool(inputs[k].value)}) for k in self.reads if k in inputs]
        events.append(Event("branch", {"branch": branch.name, "points": branch.points}))
        if branch.name == "fail" and self.pass_points > branch.points:
            false_keys = [k for k in self.reads if k in inputs and not inputs[k].value]
            events.append(Event("next", {"how": "check", "keys": false_keys, "points": self.pass_points}))
        elif branch.points < self.max:
            events.append(Event("next", {"how": "none"}))
        return Outcome(branch.points, tuple(events))
