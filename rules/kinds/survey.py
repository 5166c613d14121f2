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
from ..numbers import round_ratio

_HUNDREDTH = Decimal("0.01")

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
        n, d = self.percent_ratio(s)
        return Fraction(n, d)

    def percent_ratio(self, s) -> tuple[int, int]:
        """The survey's percent as integers ``(n, d)``, ``d > 0`` (weighted answers ÷ answers)."""
        if s.percent is not None:
            return s.percent.as_integer_ratio()
        num, den = 0, 1                                  # Σ scale(answer) × count, exactly
        for answer, count in s.counts.items():
            sn, sd = self.scale[answer].as_integer_ratio()
            num, den = num * sd + sn * count * den, den * sd
        return num, den * sum(s.counts.values())

    def fact(self, inputs):
        return {"g": 1}

    def score(self, branch, inputs):
        s = inputs[self.reads[0]].value
        n, d = self.percent_ratio(s)
        mn, md = self.max.as_integer_ratio()
        pts = self.clamp(round_ratio(n * mn, d * md * 100, self.rounding))      # percent × max ÷ 100
        data = {"key": self.reads[0], "percent": round_ratio(n, d, _HUNDREDTH), "max": self.max,
                "step": self.rounding, "points": pts}
        if s.counts is not None:
            data["counts"] = dict(sorted(s.counts.items()))
            data["scale"] = {a: self.scale[a] for a in sorted(s.counts)}
        return Outcome(pts, (Event("survey", data), Event("branch", {"branch": branch.name, "points": pts})))
