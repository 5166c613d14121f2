"""proportional: max × min(value, target) / target, rounded; ``min`` below ``zero_below``."""
from __future__ import annotations

from typing import ClassVar

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Optional

from criteria.models import Num

from ..base import Branch, CompiledRule, Event, Outcome, Params, kind
from ..conditions import all_of, encode_ratio, value_test
from ..numbers import ratio_of, round_ratio, round_step
from .bands import value_event
from .value import RatioParams, ValueSource, value_source


class ProportionalParams(Params):
    kind: str
    evidence: Optional[str] = None
    ratio: Optional[RatioParams] = None
    target: Num = Decimal(100)
    zero_below: Optional[Num] = None


_RAW_STEP = Decimal(1) / 10 ** 12       # the unrounded points shown in traces
_SHOW_STEP = Decimal(1) / 10 ** 6       # the value shown in traces


@kind("proportional")
@dataclass(frozen=True)
class ProportionalRule(CompiledRule):
    params: ClassVar[type] = ProportionalParams
    source: ValueSource | None = None
    target: Decimal = Decimal(100)
    zero_below: Decimal | None = None

    @classmethod
    def compile(cls, ctx, p: ProportionalParams):
        src = value_source(ctx, p.evidence, p.ratio, "proportional")
        ok = src is not None
        if src is not None and src.lower_is_better:
            ctx.err("not_monotone", ("evidence",) if p.evidence else ("ratio", "of"),
                    "proportional pays more for a larger value, but this evidence is better: lower")
            ok = False
        if p.target <= 0:
            ctx.err("bad_value", ("target",), f"target must be above 0 (got {p.target})")
            ok = False
        t_scaled = ctx.threshold(("target",), p.target)
        z_scaled = None
        if p.zero_below is not None:
            z_scaled = ctx.threshold(("zero_below",), p.zero_below)
            if p.zero_below > p.target:
                ctx.err("bad_value", ("zero_below",), f"zero_below {p.zero_below} is above target {p.target}")
                ok = False
            if p.zero_below < 0:
                ctx.err("bad_value", ("zero_below",), f"zero_below must not be negative (got {p.zero_below})")
                ok = False
        if not ok or t_scaled is None or (p.zero_below is not None and z_scaled is None):
            return None
        branches = []
        floor = None
        if z_scaled is not None:
            floor = value_test("ge", z_scaled)
            branches.append(Branch("below_floor", value_test("lt", z_scaled), ctx.min, {"zero_below": p.zero_below}))
        scaled = value_test("lt", t_scaled)
        branches.append(Branch("scaled", all_of(*(c for c in (floor, scaled) if c is not None)), None,
                               {"target": p.target}))
        branches.append(Branch("full", value_test("ge", t_scaled), ctx.max, {"target": p.target}))
        return cls(node_id=ctx.node_id, reads=src.reads, branches=tuple(branches), max=ctx.max,
                   min=ctx.min, rounding=ctx.rounding, source=src, target=p.target, zero_below=p.zero_below)

    @property
    def lowest(self) -> Decimal:
        return self.min

    @property
    def highest(self) -> Decimal:
        # a percent (or a ratio) never exceeds 100: a target above it is never reached
        if self.source.domain == "percent" and self.target > 100:
            return round_step(Fraction(self.max) * 100 / Fraction(self.target), self.rounding)
        return self.max

    def na_key(self, inputs):
        return self.source.to if self.source.is_zero_ratio(inputs) else None

    def fact(self, inputs):
        return encode_ratio(*self.source.ratio(inputs))

    def scaled(self, v: Fraction) -> tuple[Decimal, Decimal]:
        return self.scaled_ratio(*ratio_of(v))

    def scaled_ratio(self, n: int, d: int) -> tuple[Decimal, Decimal]:
        """``max × min(n/d, target) / target`` (``d > 0``) to 12 decimals and to the rounding step
        (clamped), in integers: the same digits as the exact fraction rounded by ``round_step``."""
        tn, td = self.target.as_integer_ratio()
        if tn * d < n * td:                      # min(v, target)
            n, d = tn, td
        mn, md = self.max.as_integer_ratio()
        num, den = mn * n * td, md * d * tn      # target > 0, so den > 0
        return round_ratio(num, den, _RAW_STEP), self.clamp(round_ratio(num, den, self.rounding))

    def score(self, branch, inputs):
        n, d = self.source.ratio(inputs)
        events = [value_event(self.source, inputs, n, d)]
        if branch.name == "below_floor":
            events.append(Event("floor", {"zero_below": self.zero_below, "points": branch.points}))
            pts = branch.points
            _, at_floor = self.scaled_ratio(*self.zero_below.as_integer_ratio())
            events.append(Event("next", {"how": "reach", "threshold": self.zero_below, "points": at_floor}))
        elif branch.name == "full":
            events.append(Event("prop_full", {"target": self.target, "points": self.max}))
            pts = self.max
        else:
            raw, pts = self.scaled_ratio(n, d)
            events.append(Event("prop", {"max": self.max, "value": round_ratio(n, d, _SHOW_STEP),
                                         "target": self.target, "raw": raw,
                                         "step": self.rounding, "points": pts}))
            events.append(Event("next", {"how": "reach", "threshold": self.target, "points": self.max}))
        events.append(Event("branch", {"branch": branch.name, "points": pts}))
        return Outcome(pts, tuple(events))
