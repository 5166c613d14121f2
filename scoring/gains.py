"""Where points can still be gained: the smallest evidence change per criterion, re-scored.

For every scored leaf below its maximum, ``gains()`` searches the smallest
change of the evidence it reads that raises its points, applies it, and scores
the whole submission again; the gain reported is the real difference of the
total. Search per rule kind:

- ``bands`` / ``proportional``: the nearest better value that reaches the next
  threshold (or the next rounding step), respecting the value's type (whole
  numbers for counts, 0–100 for percents, 0.01 steps otherwise) and, for a
  ratio, moving only the part ``of`` and never above its whole ``to``;
- ``deduction``: fewer cases; ``count``: one more; ``check``: set to true;
- ``deadline``: a present date is never moved (a late document cannot be
  re-dated); a missing document or date is proposed as issued today, and only
  while today is on or before the scheme's deadline;
- missing evidence is supplied at an assumed level, and every change says so:
  booleans true, figures at the least value that earns the criterion's maximum,
  no cases for a deduction, one item for a count, a ratio at 100 %, a
  self-score at the maximum (it still needs its justification).

``manual`` scores already given and survey results are never proposed.

Only what the unit can still do is proposed. A catalogue key that is ``fixed``
(``EvidenceSpec.is_fixed``: written ``fixed: true``, or a count/number declared
``better: lower``) is a fact about the past — officials disciplined, dossiers
already settled — and a declared fixed value is never changed: the criterion
goes to ``Costs`` instead, with the points that fact costs. A fixed key that is
still missing may be declared (the facts are what they are): the proposal is
flagged ``Change.fact`` and its gain is the most the true figure could earn.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Mapping

from criteria import Collector
from evidence import Item, Submission, SurveyResults
from evidence.load import cross_checks
from evidence.values import Document
from rules import CompiledScheme, ManualScore
from rules.numbers import exact, percent_of

from .evaluate import score
from .results import NodeResult, ScoreResult

STEP = Fraction(1, 100)       # granularity of a percent or number proposal
SCAN = 5000                   # at most this many steps when no threshold gives the answer


@dataclass(frozen=True)
class Change:
    key: str
    before: Item | None       # None: the evidence was missing
    after: Item
    assumed: bool = False     # supplied at an assumed level (missing evidence)
    fact: bool = False        # a fixed fact still to declare: the gain is its best case, not a target


@dataclass(frozen=True)
class Cost:
    """Points a fixed fact costs: the criterion is below its maximum and only a past fact could change that."""
    node: str
    keys: tuple[str, ...]     # the fixed keys it read
    points: Decimal           # the node's points below its maximum


@dataclass(frozen=True)
class Gain:
    node: str                         # the criterion the change was searched for
    nodes: tuple[str, ...]            # every leaf whose points rose
    changes: tuple[Change, ...]
    points: Decimal                   # rise of the total, from scoring again
    before: Decimal                   # the node's points before and after
    after: Decimal
    target: Decimal | None = None     # proportional: the value that earns the maximum
    context: Mapping[str, object] = field(default_factory=dict)   # values the rule read before


def apply(sub: Submission, changes: Iterable[Change]) -> Submission:
    items = dict(sub.items)
    for c in changes:
        items[c.key] = c.after
    return sub.replace_items(items)


def gains(compiled: CompiledScheme, sub: Submission, survey: SurveyResults | None, today: dt.date,
          matcher: str = "python", base: ScoreResult | None = None) -> list[Gain]:
    """Proposals ranked by points gained, largest first; ties in the scheme's order."""
    return gains_and_costs(compiled, sub, survey, today, matcher, base)[0]


def gains_and_costs(compiled: CompiledScheme, sub: Submission, survey: SurveyResults | None, today: dt.date,
                    matcher: str = "python", base: ScoreResult | None = None) -> tuple[list[Gain], list[Cost]]:
    """Proposals (as ``gains``) and the points fixed facts cost, largest first, ties in the scheme's order."""
    base = base or score(compiled, sub, survey, matcher=matcher)
    spec = compiled.scheme.model.evidence
    costs: list[Cost] = []
    deadline = compiled.scheme.model.deadline
    dates_ok = deadline is None or today <= deadline
    found: list[Gain] = []
    seen: set = set()
    for node in base.leaves():
        if node.excluded or node.status in ("error", "not_applicable") or node.points >= node.max:
            continue
        rule = compiled.rules[node.id]
        fixed = {k for k in rule.reads if spec[k].is_fixed}
        blocked: set[str] = set()
        for changes in _proposals(compiled, rule, node, sub, today, dates_ok):
            stuck = {c.key for c in changes if c.key in fixed and c.before is not None}
            if stuck:               # the past cannot be changed: show what it costs instead
                blocked |= stuck
                continue
            changes = [replace(c, fact=True, assumed=False) if c.key in fixed else c for c in changes]
            ident = tuple(sorted((c.key, repr(c.after.value)) for c in changes))
            if ident in seen:
                break
            trial = apply(sub, changes)
            if not _valid(trial, compiled):
                continue
            after = score(compiled, trial, survey, matcher=matcher)
            delta = after.total.points - base.total.points
            if delta <= 0 or after.nodes[node.id].points <= node.points:
                continue
            seen.add(ident)
            raised = tuple(n.id for n in after.leaves() if n.points > base.nodes[n.id].points
                           or (n.excluded != base.nodes[n.id].excluded))
            found.append(Gain(node.id, raised, tuple(changes), delta, node.points, after.nodes[node.id].points,
                              getattr(rule, "target", None) if rule.kind == "proportional" else None,
                              {k: sub.items[k].value for k in rule.reads if k in sub.items}))
            blocked = set()
            break
        if blocked:
            costs.append(Cost(node.id, tuple(k for k in rule.reads if k in blocked), node.max - node.points))
    order = {nid: i for i, nid in enumerate(base.nodes)}
    found.sort(key=lambda g: (-g.points, order[g.node]))
    costs.sort(key=lambda c: (-c.points, order[c.node]))
    return found, costs


def _valid(trial: Submission, compiled: CompiledScheme) -> bool:
    out = Collector()
    cross_checks(dict(trial.items), compiled.scheme, out)
    return not out


# ---- proposals per kind ----------------------------------------------------------

def _proposals(compiled, rule, node: NodeResult, sub: Submission, today: dt.date, dates_ok: bool):
    """Candidate change sets for one leaf, smallest first (the caller keeps the first that gains)."""
    items = sub.items
    spec = compiled.scheme.model.evidence
    missing = [k for k in rule.reads if k not in items]
    kind = rule.kind
    if kind in ("manual", "survey"):
        if kind == "manual" and missing:
            yield [Change(missing[0], None, Item(missing[0], "manual", ManualScore(rule.max, "")), assumed=True)]
        return
    if kind == "check":
        yield [_set(items, k, True, k in missing) for k in rule.reads if k in missing or not items[k].value]
        return
    if kind == "deadline":
        key = rule.reads[0]
        if missing and dates_ok:
            docs = (Document(None, today, None),) if spec[key].type == "document" else ()
            yield [Change(key, None, Item(key, spec[key].type, today, documents=docs), assumed=True)]
        return
    if kind in ("deduction", "count"):
        key = rule.reads[0]
        if missing:
            yield [_set(items, key, 0 if kind == "deduction" else 1, True)]
            return
        c = items[key].value
        steps = range(c - 1, -1, -1) if kind == "deduction" else range(c + 1, c + SCAN)
        for n in steps:
            if _tally_points(rule, n) > node.points:
                yield [_set(items, key, n, False)]
                return
        return
    src = rule.source
    if src.key is not None:
        yield from _single(rule, node, items, spec, src.key, missing)
    else:
        yield from _ratio(rule, node, items, spec, src, missing)


def _set(items: Mapping[str, Item], key: str, value, assumed: bool, etype: str | None = None) -> Change:
    old = items.get(key)
    if old is None:
        etype = etype or ("boolean" if isinstance(value, bool) else "count" if isinstance(value, int) else "number")
        return Change(key, None, Item(key, etype, value), assumed)
    return Change(key, old, replace(old, value=value, na=False, reason=None), assumed)


def _tally_points(rule, c: int) -> Decimal:
    if rule.kind == "deduction":
        return rule.clamp(rule.start - rule.per * c)
    return rule.clamp(rule.per * c)


def _points(rule, v: Fraction) -> Decimal:
    """What a bands or proportional rule pays for the value ``v`` (no matcher needed)."""
    if rule.kind == "bands":
        return rule.points_for(v)
    if rule.zero_below is not None and v < Fraction(rule.zero_below):
        return rule.min
    return rule.scaled(v)[1]


def _thresholds(rule, current: Decimal) -> list[Fraction]:
    """Values of the rule's own scale where its points can change."""
    if rule.kind == "bands":
        return [Fraction(t) for tests, _ in rule.band_tests for _, t in tests]
    out = [Fraction(rule.target)]
    if rule.zero_below is not None:
        out.append(Fraction(rule.zero_below))
    # half-up rounding: the next step is reached at raw = points + step / 2
    if rule.max > 0:
        out.append((Fraction(current) + Fraction(rule.rounding) / 2) * Fraction(rule.target) / Fraction(rule.max))
    return out


def _snap(x: Fraction, whole: bool) -> set[Fraction]:
    if whole:
        return {Fraction(math.floor(x)), Fraction(math.ceil(x)), Fraction(math.floor(x) + 1),
                Fraction(math.ceil(x) - 1)}
    lo = Fraction(math.floor(x / STEP)) * STEP
    hi = Fraction(math.ceil(x / STEP)) * STEP
    return {lo, hi, lo - STEP, hi + STEP}


def _search(points_at, current: Fraction, base_points: Decimal, targets: Iterable[Fraction], whole: bool,
            up: bool, lo: Fraction | None, hi: Fraction | None, goal: Decimal | None = None) -> Fraction | None:
    """The nearest value better than ``current`` (``up``: larger) whose points beat ``base_points``.

    With ``goal`` set, the least claim that earns ``goal`` points instead (supplying missing evidence).
    """
    def ok(v: Fraction) -> bool:
        return (lo is None or v >= lo) and (hi is None or v <= hi)

    def wins(v: Fraction) -> bool:
        return points_at(v) >= goal if goal is not None else points_at(v) > base_points

    cands = set()
    for t in targets:
        cands |= _snap(t, whole)
    if goal is None:
        cands = {v for v in cands if (v > current if up else v < current)}
    cands = sorted((v for v in cands if ok(v)), key=lambda v: (abs(v - current), v))
    for v in cands:
        if wins(v):
            return v
    step = Fraction(1) if whole else STEP
    v = current
    for _ in range(SCAN):       # a fallback the thresholds above should make unnecessary
        v = v + step if up else v - step
        if not ok(v):
            return None
        if wins(v):
            return v
    return None


def _value(v: Fraction, etype: str):
    return int(v) if etype == "count" else exact(v)


def _single(rule, node, items, spec, key, missing):
    etype = spec[key].type
    up = not spec[key].lower_is_better
    whole = etype == "count"
    lo = Fraction(0) if etype in ("count", "percent") else None
    hi = Fraction(100) if etype == "percent" else None
    targets = _thresholds(rule, node.points)
    if missing:
        start = (lo if lo is not None else min(targets) - 1) if up else (hi if hi is not None else max(targets) + 1)
        v = _search(lambda x: _points(rule, x), start, node.points, targets, whole, up, lo, hi, goal=rule.max)
        if rule.kind == "proportional" and up and _points(rule, Fraction(rule.target)) >= rule.max:
            # the rule's own target, not the least figure that rounds up to the maximum (99,99 %)
            v = Fraction(rule.target) if hi is None else min(Fraction(rule.target), hi)
        if v is not None:
            yield [Change(key, None, Item(key, etype, _value(v, etype)), assumed=True)]
        return
    cur = Fraction(items[key].value)
    v = _search(lambda x: _points(rule, x), cur, node.points, targets, whole, up, lo, hi)
    if v is not None:
        yield [_set(items, key, _value(v, etype), False)]


def _ratio(rule, node, items, spec, src, missing):
    of, to = src.of, src.to
    whole = spec[of].type == "count"
    up = not src.lower_is_better
    if of in missing and to in missing:
        pct = Fraction(0) if not up else Fraction(100)
        yield [_set(items, of, 1 if up else 0, True, spec[of].type) if whole
               else Change(of, None, Item(of, spec[of].type, exact(pct / 100)), True),
               _set(items, to, 1, True, spec[to].type) if spec[to].type == "count"
               else Change(to, None, Item(to, spec[to].type, Decimal(1)), True)]
        return
    if to in missing:
        n = items[of].value
        yield [Change(to, None, Item(to, spec[to].type, n), True)]
        return
    whole_n = Fraction(items[to].value)
    if whole_n == 0:
        return
    targets = [t * whole_n / 100 for t in _thresholds(rule, node.points)]

    def points_at(x: Fraction) -> Decimal:
        return _points(rule, percent_of(x, whole_n))

    if of in missing:
        start = Fraction(0) if up else whole_n
        v = _search(points_at, start, node.points, targets, whole, up, Fraction(0), whole_n, goal=rule.max)
        if rule.kind == "proportional" and up and v is not None:
            at_target = Fraction(math.ceil(Fraction(rule.target) * whole_n / 100)) if whole \
                else Fraction(rule.target) * whole_n / 100
            if at_target <= whole_n and points_at(at_target) >= rule.max:
                v = at_target
        if v is not None:
            yield [Change(of, None, Item(of, spec[of].type, _value(v, spec[of].type)), True)]
        return
    cur = Fraction(items[of].value)
    v = _search(points_at, cur, node.points, targets, whole, up, Fraction(0), whole_n)
    if v is not None:
        yield [_set(items, of, _value(v, spec[of].type), False)]

