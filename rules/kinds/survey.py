"""survey: a percent (or answer counts mapped by ``scale``) × max / 100, from a survey file."""
from __future__ import annotations

from typing import ClassVar

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Mapping, Optional

from criteria.models import Num

from ..base import Branch, CompiledRule, Event, Outcome, Params, kind
from ..conditions import Cmp
from ..numbers import round_step

DEFAULT_SCALE = {"A": Decimal(100), "B": Decimal(60), "C": Decimal(20), "D": Decimal(0)}


class SurveyParams(Params):
    kind: str
    evidence: str
    scale: Optional[dict[str, Num]] = None


@kind("survey")
@dataclass(frozen=True)
class SurveyRule(CompiledRule):
    params: ClassVar[type] = SurveyParams
    scale: Mapping[str, Decimal] = field(default_factory=dict)

    @classmethod
    def compile(cls, ctx, p: SurveyParams):
        ok = ctx.require(("evidence",), p.evidence, ("survey",), "survey") is not None
        scale = dict(p.scale) if p.scale is not None else dict(DEFAULT_SCALE)
        if not scale:
            ctx.err("rule_shape", ("scale",), "scale needs at least one answer")
            ok = False
        for answer, pct in scale.items():
            if not 0 <= pct <= 100:
                ctx.err("bad_value", ("scale", answer), f"scale {answer}: {pct} is outside 0..100")
                ok = False
        if not ok:
            return None
        return cls(node_id=ctx.node_id, reads=(p.evidence,), branches=(Branch("measured", Cmp("g", "eq", 1)),),
                   max=ctx.max, min=ctx.min, rounding=ctx.rounding, scale=scale)

    def percent(self, s) -> Fraction:
        if s.percent is not None:
            return Fraction(s.percent)
        total = sum(s.counts.values())
        return sum(Fraction(self.scale[a]) * n for a, n in s.counts.items()) / total

    def fact(self, inputs):
        return {"g": 1}

    def score(self, branch, inputs):
        s = inputs[self.reads[0]].value
        pct = self.percent(s)
        pts = self.clamp(round_step(pct * Fraction(self.max) / 100, self.rounding))
        data = {"key": self.reads[0], "percent": round_step(pct, Decimal("0.01")), "max": self.max,
                "step": self.rounding, "points": pts}
        if s.counts is not None:
            data["counts"] = dict(sorted(s.counts.items()))
            data["scale"] = {a: self.scale[a] for a in sorted(s.counts)}
        return Outcome(pts, (Event("survey", data), Event("branch", {"branch": branch.name, "points": pts})))
