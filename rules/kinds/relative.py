"""relative: max × value ÷ the best value among the units scored together, rounded.

A relative rule compares units with each other, so it has no meaning for one
unit alone: it needs the batch context (the best value of this node over every
unit of a ``parscore rank`` run). The evaluator hands that value in as the
input ``BEST`` (``batch_key``); without a batch context the node is an
``error`` outcome whose message is ``needs_batch``, whatever the evidence.

The best value is computed before scoring from every unit that has a usable
value (present, not "không phát sinh", not a 0/0 ratio). A best value of 0 or
less means no unit achieved anything: the node is "không phát sinh" for every
unit, under the node's N/A policy, like a ratio whose denominator is 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar, Mapping, Optional

from ..base import Branch, CompiledRule, Event, Input, Outcome, Params, kind
from ..conditions import SCALE, encode, value_test
from ..numbers import round_step
from .bands import value_event
from .value import RatioParams, ValueSource, value_source

BEST = "@best"                 # the input key of the batch's best value (never a catalogue key)
NEEDS_BATCH = ('the "relative" rule kind compares units with each other: it needs batch mode '
               '(parscore rank), where the best value among the units is known')
BEST_ZERO = "relative_best_zero"   # na_reason when the best value is 0 or less
_SHOW = Decimal(1) / 10 ** 6


class RelativeParams(Params):
    kind: str
    evidence: Optional[str] = None
    ratio: Optional[RatioParams] = None


@kind("relative")
@dataclass(frozen=True)
class RelativeRule(CompiledRule):
    params: ClassVar[type] = RelativeParams
    needs_batch: ClassVar[str] = NEEDS_BATCH      # what the evaluator says without a batch context
    batch_key: ClassVar[str] = BEST
    source: ValueSource | None = None

    @classmethod
    def compile(cls, ctx, p: RelativeParams):
        src = value_source(ctx, p.evidence, p.ratio, "relative")
        if src is None:
            return None
        if src.lower_is_better:
            ctx.err("not_monotone", ("evidence",) if p.evidence else ("ratio", "of"),
                    "relative pays more for a larger value, but this evidence is better: lower")
            return None
        # The fact carries the unit's share of the best value (capped at 1), so the
        # conditions stay constants while the best value changes from batch to batch.
        branches = (
            Branch("scaled", value_test("lt", SCALE, "r"), None),
            Branch("best", value_test("ge", SCALE, "r"), ctx.max),
        )
        return cls(node_id=ctx.node_id, reads=src.reads, branches=branches, max=ctx.max,
                   min=ctx.min, rounding=ctx.rounding, source=src)

    def value(self, inputs: Mapping[str, Input]) -> Fraction | None:
        """The unit's value for the best-value pass; None when it has none to compare."""
        if any(k not in inputs for k in self.reads) or self.source.is_zero_ratio(inputs):
            return None
        return self.source.value(inputs)

    def na_key(self, inputs):
        return self.source.to if self.source.is_zero_ratio(inputs) else None

    def batch_na(self, inputs) -> str | None:
        """Why the batch's best value cannot be compared against (None when it can)."""
        best = inputs[BEST].value
        return BEST_ZERO if best is None or best <= 0 else None

    def share(self, inputs) -> Fraction:
        return self.source.value(inputs) / Fraction(inputs[BEST].value)

    def fact(self, inputs):
        return encode(max(Fraction(-1), min(self.share(inputs), Fraction(1))), "r")

    def score(self, branch, inputs):
        v = self.source.value(inputs)
        best = Fraction(inputs[BEST].value)
        shown = round_step(best, _SHOW)          # a ratio's best can be 200/3: show 6 decimals
        events = [value_event(self.source, inputs, v.numerator, v.denominator)]
        if branch.name == "best":
            pts = self.max
            events.append(Event("prop_full", {"target": shown, "points": pts, "relative": True}))
        else:
            raw = Fraction(self.max) * v / best
            pts = self.clamp(round_step(raw, self.rounding))
            events.append(Event("prop", {"max": self.max, "value": round_step(v, _SHOW), "target": shown,
                                         "raw": round_step(raw, Decimal(1) / 10 ** 12), "step": self.rounding,
                                         "points": pts, "relative": True}))
            events.append(Event("next", {"how": "reach", "threshold": shown, "points": self.max}))
        events.append(Event("branch", {"branch": branch.name, "points": pts}))
        return Outcome(pts, tuple(events))
