"""The value a bands or proportional rule reads: one key, or a ratio of two keys."""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Optional

from ..base import Input, Params
from ..numbers import percent_of, percent_ratio

VALUE_TYPES = ("count", "percent", "number")
PART_TYPES = ("count", "number")


class RatioParams(Params):
    of: str
    to: str


@dataclass(frozen=True)
class ValueSource:
    key: Optional[str]
    of: Optional[str]
    to: Optional[str]
    lower_is_better: bool
    domain: str            # "percent" (0..100), "count" (integers ≥ 0) or "number"

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.key,) if self.key else (self.of, self.to)  # type: ignore[return-value]

    def value(self, inputs: Mapping[str, Input]) -> Fraction:
        if self.key:
            return Fraction(inputs[self.key].value)
        return percent_of(inputs[self.of].value, inputs[self.to].value)

    def ratio(self, inputs: Mapping[str, Input]) -> tuple[int, int]:
        """``value(inputs)`` as its reduced numerator and positive denominator (no Fraction)."""
        if self.key:
            return inputs[self.key].value.as_integer_ratio()    # int or Decimal: already in lowest terms
        return percent_ratio(inputs[self.of].value, inputs[self.to].value)

    def is_zero_ratio(self, inputs: Mapping[str, Input]) -> bool:
        return self.key is None and inputs[self.to].value == 0


def value_source(ctx, evidence: Optional[str], ratio: Optional[RatioParams], kind: str) -> ValueSource | None:
    """Check the value parameters against the catalogue (reports errors, returns None)."""
    if (evidence is None) == (ratio is None):
        ctx.err("rule_shape", (), f'a {kind} rule reads either "evidence" or "ratio", exactly one')
        return None
    if evidence is not None:
        spec = ctx.require(("evidence",), evidence, VALUE_TYPES, kind)
        if spec is None:
            return None
        return ValueSource(evidence, None, None, spec.lower_is_better, spec.type if spec.type != "number" else "number")
    of = ctx.require(("ratio", "of"), ratio.of, PART_TYPES, kind)
    to = ctx.require(("ratio", "to"), ratio.to, PART_TYPES, kind)
    if of is None or to is None:
        return None
    if ratio.of == ratio.to:
        ctx.err("rule_shape", ("ratio",), "a ratio's of and to must be different keys")
        return None
    if to.better is not None and to.better == (of.better or "higher"):
        ctx.err("not_monotone", ("ratio", "to"),
                f'"{ratio.to}" declares better: {to.better}, but a larger "to" lowers the ratio; '
                f'leave better unset on a denominator')
        return None
    return ValueSource(None, ratio.of, ratio.to, of.lower_is_better, "percent")
