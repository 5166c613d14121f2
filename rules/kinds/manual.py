"""manual: points the unit gives itself, with a justification (bounds checked on load)."""
from __future__ import annotations

from typing import ClassVar

from dataclasses import dataclass

from ..base import Branch, CompiledRule, Event, Outcome, Params, kind
from ..conditions import Cmp


class ManualParams(Params):
    kind: str
    evidence: str


@kind("manual")
@dataclass(frozen=True)
class ManualRule(CompiledRule):
    params: ClassVar[type] = ManualParams
    @classmethod
    def compile(cls, ctx, p: ManualParams):
        if ctx.require(("evidence",), p.evidence, ("manual",), "manual") is None:
            return None
        return cls(node_id=ctx.node_id, reads=(p.evidence,), branches=(Branch("given", Cmp("g", "eq", 1)),),
                   max=ctx.max, min=ctx.min, rounding=ctx.rounding)

    def fact(self, inputs):
        return {"g": 1}

    def score(self, branch, inputs):
        m = inputs[self.reads[0]].value
        pts = self.clamp(m.points)
        return Outcome(pts, (Event("manual", {"key": self.reads[0], "points": pts,
                                              "justification": m.justification}),
                             Event("branch", {"branch": branch.name, "points": pts})))
