"""bands: the first band whose condition holds pays its points; else ``otherwise``."""
from __future__ import annotations

from typing import ClassVar

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Optional

from criteria.models import Num

from ..base import Branch, CompiledRule, Event, Outcome, Params, kind
from ..conditions import all_of, encode_ratio, negate, value_test
from ..numbers import CONTEXT, exact, round_ratio
from .value import RatioParams, ValueSource, value_source

OPS = ("gt", "ge", "lt", "le", "eq")


class BandParams(Params):
    gt: Optional[Num] = None
    ge: Optional[Num] = None
    lt: Optional[Num] = None
    le: Optional[Num] = None
    eq: Optional[Num] = None
    points: Num

    def tests(self) -> list[tuple[str, Decimal]]:
        return [(op, getattr(self, op)) for op in OPS if getattr(self, op) is not None]


class BandsParams(Params):
    kind: str
    evidence: Optional[str] = None
    ratio: Optional[RatioParams] = None
    bands: list[BandParams]
    otherwise: Optional[Num] = None


def holds(tests, v: Fraction) -> bool:
    """Does value ``v`` pass every (op, threshold) test? Thresholds: Decimal or Fraction."""
    for op, t in tests:
        if not isinstance(t, Fraction):
            t = Fraction(t)
        if not (v > t if op == "gt" else v >= t if op == "ge" else v < t if op == "lt"
                else v <= t if op == "le" else v == t):
            return False
    return True


def holds_ratio(tests, n: int, d: int) -> bool:
    """``holds(tests, Fraction(n, d))`` in integers (``d > 0``); thresholds are Fractions."""
    for op, t in tests:
        a, b = n * t.denominator, t.numerator * d        # v op t  ⇔  a op b
        if not (a > b if op == "gt" else a >= b if op == "ge" else a < b if op == "lt"
                else a <= b if op == "le" else a == b):
            return False
    return True


def describe(tests: list[tuple[str, Decimal]]) -> list[dict]:
    return [{"op": op, "threshold": t} for op, t in tests]


def sample_values(thresholds: list[Fraction], domain: str) -> list[Fraction]:
    """Values that visit every piece of a piecewise-constant function with these breaks."""
    ts = sorted(set(thresholds))
    if domain == "count":
        pts = {Fraction(0)}
        for t in ts:
            for v in (math.floor(t) - 1, math.floor(t), math.floor(t) + 1, math.ceil(t), math.ceil(t) + 1):
                if v >= 0:
                    pts.add(Fraction(v))
        return sorted(pts)
    pts = set(ts)
    for a, b in zip(ts, ts[1:]):
        pts.add((a + b) / 2)
    if ts:
        pts |= {ts[0] - 1, ts[-1] + 1}
    else:
        pts.add(Fraction(0))
    if domain == "percent":
        pts = {p for p in pts if 0 <= p <= 100} | {Fraction(0), Fraction(100)}
    return sorted(pts)


@kind("bands")
@dataclass(frozen=True)
class BandsRule(CompiledRule):
    params: ClassVar[type] = BandsParams
    source: ValueSource | None = None
    band_tests: tuple = ()          # ((op, Decimal threshold)…, points) per band, as written
    exact_tests: tuple = ()         # the same tests with Fraction thresholds (no conversion per unit)
    otherwise: Decimal = Decimal(0)
    tails: dict = field(default_factory=dict, compare=False, repr=False)   # (band that holds, branch) → events

    @classmethod
    def compile(cls, ctx, p: BandsParams):
        src = value_source(ctx, p.evidence, p.ratio, "bands")
        ok = src is not None
        if not p.bands:
            ctx.err("rule_shape", ("bands",), "bands: at least one band is needed")
            ok = False
        otherwise = p.otherwise if p.otherwise is not None else ctx.min
        ok &= ctx.in_bounds(("otherwise",), "otherwise", otherwise)
        conds, tests_all = [], []
        for i, band in enumerate(p.bands):
            tests = band.tests()
            if not tests:
                ctx.err("rule_shape", ("bands", i), "a band needs a condition: gt, ge, lt, le or eq")
                ok = False
                continue
            ok &= ctx.in_bounds(("bands", i, "points"), f"band {i + 1} points", band.points)
            if band.points < otherwise:
                ctx.err("not_monotone", ("otherwise",),
                        f"otherwise {otherwise} pays more than band {i + 1} ({band.points})")
                ok = False
            parts = []
            for op, t in tests:
                scaled = ctx.threshold(("bands", i, op), t)
                if scaled is None:
                    ok = False
                    continue
                parts.append(value_test(op, scaled))
            conds.append(all_of(*parts) if parts else None)
            tests_all.append(tests)
        if not ok:
            return None
        if not _monotone(ctx, src, p.bands, otherwise):
            return None
        branches, earlier = [], []
        for i, (band, cond) in enumerate(zip(p.bands, conds)):
            branches.append(Branch(f"band_{i + 1}", all_of(cond, *[negate(c) for c in earlier]),
                                   band.points, {"band": i + 1, "tests": describe(tests_all[i])}))
            earlier.append(cond)
        branches.append(Branch("otherwise", all_of(*[negate(c) for c in earlier]), otherwise, {"band": None}))
        return cls(node_id=ctx.node_id, reads=src.reads, branches=tuple(branches), max=ctx.max,
                   min=ctx.min, rounding=ctx.rounding, source=src,
                   band_tests=tuple((tuple(t), b.points) for t, b in zip(tests_all, p.bands)),
                   exact_tests=tuple(tuple((op, Fraction(t)) for op, t in ts) for ts in tests_all),
                   otherwise=otherwise)

    @property
    def lowest(self) -> Decimal:
        return min(b.points for b in self.branches)

    @property
    def highest(self) -> Decimal:
        """The best any value earns: every piece between thresholds visited (a band no value
        of the evidence's domain meets, like ``gt: 100`` on a percent, never pays)."""
        thresholds = [t for tests in self.exact_tests for _, t in tests]
        domain = self.source.domain if self.source.key is not None else "percent"
        return max(self.points_for(v) for v in sample_values(thresholds, domain))

    def na_key(self, inputs):
        return self.source.to if self.source.is_zero_ratio(inputs) else None

    def fact(self, inputs):
        return encode_ratio(*self.source.ratio(inputs))

    def points_for(self, v: Fraction) -> Decimal:
        for (_, pts), tests in zip(self.band_tests, self.exact_tests):
            if holds(tests, v):
                return pts
        return self.otherwise

    def score(self, branch, inputs):
        n, d = self.source.ratio(inputs)
        hit = next((i for i, tests in enumerate(self.exact_tests, start=1) if holds_ratio(tests, n, d)), None)
        tail = self.tails.get((hit, branch.name))
        if tail is None:
            tail = self.tails[(hit, branch.name)] = self._tail(hit, branch)
        return Outcome(branch.points, (value_event(self.source, inputs, n, d),) + tail)

    def _tail(self, hit: int | None, branch) -> tuple:
        """The events after the value: bands tested up to the one that holds (``hit``), the
        branch, the next band. They depend only on ``hit`` and the branch, so they are
        built once per pair and shared."""
        events = []
        for i, (tests, pts) in enumerate(self.band_tests, start=1):
            events.append(Event("band_test", {"band": i, "tests": describe(list(tests)), "holds": i == hit,
                                              "points": pts}))
            if i == hit:
                break
        events.append(Event("branch", {"branch": branch.name, "points": branch.points, "band": branch.info.get("band")}))
        better = self.next_band(branch)
        if better is not None:
            i, tests, pts = better
            events.append(Event("next", {"how": "band", "band": i, "tests": describe(list(tests)), "points": pts}))
        elif branch.points < self.max:
            events.append(Event("next", {"how": "none"}))
        return tuple(events)

    def next_band(self, branch):
        """The nearest band listed before the selected one that pays more."""
        stop = branch.info.get("band") or len(self.band_tests) + 1
        best = None
        for i, (tests, pts) in enumerate(self.band_tests[: stop - 1], start=1):
            if pts > branch.points:
                best = (i, tests, pts)
        return best


def value_event(src: ValueSource, inputs, n: int, d: int) -> Event:
    """The value read; ``n / d`` is ``src.value(inputs)`` in lowest terms (``src.ratio``)."""
    if src.key:
        return Event("value", {"key": src.key, "value": inputs[src.key].value})
    return Event("ratio", {"of_key": src.of, "of": inputs[src.of].value, "to_key": src.to,
                           "to": inputs[src.to].value,
                           "percent": CONTEXT.divide(Decimal(n), Decimal(d)) if _terminates(d) else None,
                           "percent_2dp": round_ratio(n, d, _HUNDREDTH)})


_HUNDREDTH = Decimal("0.01")


def _terminates(den: int) -> bool:
    """Whether a fraction in lowest terms with this denominator has a short exact decimal."""
    d = den
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1 and len(str(den)) < 12


def _monotone(ctx, src: ValueSource, bands, otherwise: Decimal) -> bool:
    thresholds = [Fraction(t) for b in bands for _, t in b.tests()]
    domain = src.domain
    if src.key is None:
        domain = "percent"
    values = sample_values(thresholds, domain)

    def which(v: Fraction):
        for i, b in enumerate(bands, start=1):
            if holds(b.tests(), v):
                return i, b.points
        return None, otherwise

    pays = [(v, *which(v)) for v in values]
    for (v1, b1, p1), (v2, b2, p2) in zip(pays, pays[1:]):
        # v1 < v2: with higher-is-better v2 is the better value, so it must not earn less
        worse, better = ((v1, b1, p1), (v2, b2, p2)) if not src.lower_is_better else ((v2, b2, p2), (v1, b1, p1))
        if worse[2] > better[2]:
            name = lambda b: f"band {b}" if b else "otherwise"  # noqa: E731
            name_vi = lambda b: f"mức {b}" if b else "otherwise"  # noqa: E731
            ctx.err("bands_not_monotone", ("bands",),
                    f"bands pay more for worse evidence: {exact(worse[0])} earns {worse[2]} ({name(worse[1])}) "
                    f"but better {exact(better[0])} earns {better[2]} ({name(better[1])})",
                    f"các mức cho điểm cao hơn khi kết quả kém hơn: giá trị {exact(worse[0])} được {worse[2]} điểm "
                    f"({name_vi(worse[1])}) nhưng giá trị tốt hơn {exact(better[0])} chỉ được {better[2]} điểm "
                    f"({name_vi(better[1])})")
            return False
    return True
