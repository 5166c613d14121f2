"""Run a compiled scheme over one unit's evidence: statuses, points, traces, totals.

The engine owns every status. Missing evidence, "không phát sinh" and absent
survey results are decided here before any matching; the matcher only picks
which branch of a rule holds for present evidence, and a rule whose matcher
answer is not exactly one branch (or whose scoring fails) becomes ``error``:
it scores the node's ``min`` and everything else still scores.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Mapping

from criteria import LoadedScheme, NodeInfo
from evidence import Submission, SurveyResults
from rules import CompiledScheme, Event, Input, Matcher, get_matcher
from rules.base import CompiledRule
from rules.numbers import index_of

from .results import NodeResult, ScoreResult, Total


@dataclass(frozen=True)
class Override:
    """Direct points a reviewer gives a node, with the reason."""
    points: Decimal
    reason: str
    source: str = ""


def score(compiled: CompiledScheme, submission: Submission, survey: SurveyResults | None = None,
          matcher: Matcher | str = "durable", overrides: Mapping[str, Override] | None = None,
          force_na: Iterable[str] = (), label: str = "",
          batch: Mapping[str, Fraction | Decimal | None] | None = None) -> ScoreResult:
    """Score one unit. ``force_na`` treats the named leaf nodes as "không phát sinh".

    ``batch`` is the batch context of ``parscore rank``: for every rule that compares
    units (kind ``relative``), the best value among the units ranked together (None
    when no unit had one). Such a rule without its entry is an ``error`` outcome.
    """
    if isinstance(matcher, str):
        matcher = get_matcher(matcher)
    scheme = compiled.scheme
    overrides = overrides or {}
    forced = set(force_na)
    leaf: dict[str, NodeResult] = {}
    pending: dict[str, tuple[CompiledRule, dict[str, Input]]] = {}
    for info in scheme.leaves():
        rule = compiled.rules[info.id]
        if getattr(rule, "needs_batch", "") and (batch is None or info.id not in batch):
            leaf[info.id] = _error(info, rule, {}, rule.needs_batch)
            continue
        result, inputs = _prepare(info, rule, submission, survey, info.id in forced)
        if result is None and getattr(rule, "needs_batch", ""):
            result = _batch_input(info, rule, inputs, batch[info.id])
        if result is not None:
            leaf[info.id] = result
        else:
            pending[info.id] = (rule, inputs)

    facts = [(nid, rule.fact(inputs)) for nid, (rule, inputs) in pending.items()]
    try:
        chosen = matcher.select(compiled, facts)
        matcher_error = None
    except Exception as exc:  # the C extension failed: every pending node is an error
        chosen, matcher_error = {}, str(exc)
    for nid, (rule, inputs) in pending.items():
        info = scheme.nodes[nid]
        picks = chosen.get(nid, [])
        if matcher_error or len(picks) != 1:
            msg = matcher_error or f"matcher selected {len(picks)} branches ({picks}); expected exactly one"
            leaf[nid] = _error(info, rule, inputs, msg)
            continue
        branch = rule.branches[picks[0]]
        try:
            outcome = rule.score(branch, inputs)
        except Exception as exc:  # a defect in a rule kind, not a user mistake
            leaf[nid] = _error(info, rule, inputs, f"{type(exc).__name__}: {exc}")
            continue
        points = outcome.points
        events = (_rule_event(info, rule),) + _read_events(rule, inputs) + outcome.events
        leaf[nid] = _leaf(info, rule, points, _status(rule, points), events, branch=branch.name)

    for nid, ov in overrides.items():
        base = leaf.get(nid)
        if base is None:
            continue
        rule = compiled.rules[nid]
        ev = base.events + (Event("override", {"from": base.points, "points": ov.points, "reason": ov.reason,
                                               "source": ov.source}),)
        leaf[nid] = replace(base, points=ov.points, status=_status(rule, ov.points), events=ev,
                            excluded=False, max=base.declared_max, index=index_of(ov.points, base.declared_max))
    # parents: direct overrides of a parent replace its children's sum
    return _aggregate(compiled, submission, survey, matcher.name, leaf, overrides, label)


def _batch_input(info: NodeInfo, rule: CompiledRule, inputs: dict[str, Input],
                 value: Fraction | Decimal | None) -> NodeResult | None:
    """Give a rule that compares units its batch value as input ``rule.batch_key``.

    A value the rule cannot compare against (``rule.batch_na`` names why, e.g. a
    best value of 0) makes the node "không phát sinh" under its N/A policy.
    """
    inputs[rule.batch_key] = Input(rule.batch_key, "batch", value)
    reason = rule.batch_na(inputs)
    if reason is None:
        return None
    ev = (_rule_event(info, rule),) + _read_events(rule, inputs) + (
        Event("na", {"key": rule.reads[0], "reason": reason, "policy": info.na}),)
    return _na(info, rule, ev, info.na, reason)


def _rule_event(info: NodeInfo, rule: CompiledRule) -> Event:
    return Event("rule", {"node": info.id, "kind": rule.kind, "line": info.loc.line})


def _read_events(rule: CompiledRule, inputs: Mapping[str, Input]) -> tuple[Event, ...]:
    return tuple(Event("read", {"key": k, "type": inputs[k].type, "value": inputs[k].value,
                                "documents": [d.to_json() for d in inputs[k].documents]})
                 for k in rule.reads if k in inputs)


def _prepare(info: NodeInfo, rule: CompiledRule, sub: Submission, survey: SurveyResults | None,
             forced_na: bool) -> tuple[NodeResult | None, dict[str, Input]]:
    """A finished result (missing, N/A, survey absent), or None and the inputs to match."""
    head = (_rule_event(info, rule),)
    if rule.kind == "survey":
        key = rule.reads[0]
        res = survey.results.get(key) if survey else None
        if res is None:
            ev = head + (Event("survey_absent", {"key": key}),)
            return _na(info, rule, ev, "exclude", None), {}
        return None, {key: Input(key, "survey", res)}
    if forced_na:
        ev = head + (Event("na", {"key": None, "reason": "what-if", "policy": info.na}),)
        return _na(info, rule, ev, info.na, "what-if"), {}
    inputs: dict[str, Input] = {}
    missing: list[str] = []
    for key in rule.reads:
        item = sub.items.get(key)
        if item is None:
            missing.append(key)
        elif item.na:
            ev = head + (Event("na", {"key": key, "reason": item.reason, "policy": info.na}),)
            return _na(info, rule, ev, info.na, item.reason), {}
        else:
            inputs[key] = Input(key, item.type, item.value, item.documents)
    if missing:
        pts = rule.missing_points
        ev = head + _read_events(rule, inputs) + (Event("missing", {"keys": missing, "points": pts,
                                                                    "at_stake": info.node.max - pts}),)
        return _leaf(info, rule, pts, "missing", ev, missing=tuple(missing)), {}
    zero = rule.na_key(inputs)
    if zero is not None:
        ev = head + _read_events(rule, inputs) + (Event("na", {"key": zero, "reason": "zero_ratio", "policy": info.na}),)
        return _na(info, rule, ev, info.na, None), {}
    return None, inputs


def _na(info: NodeInfo, rule: CompiledRule, events: tuple, policy: str, reason: str | None) -> NodeResult:
    if policy == "full":
        events = events + (Event("na_full", {"points": info.node.max}),)
        return _leaf(info, rule, info.node.max, "not_applicable", events, na_reason=reason)
    if policy == "never":
        events = events + (Event("na_refused", {"points": info.min}),)
        return _leaf(info, rule, info.min, "error", events, na_reason=reason)
    events = events + (Event("na_excluded", {"max": info.node.max}),)
    return _leaf(info, rule, Decimal(0), "not_applicable", events, excluded=True, na_reason=reason)


def _error(info: NodeInfo, rule: CompiledRule, inputs, message: str) -> NodeResult:
    ev = (_rule_event(info, rule),) + _read_events(rule, inputs) + (Event("error", {"message": message, "points": info.min}),)
    return _leaf(info, rule, info.min, "error", ev)


def _status(rule: CompiledRule, points: Decimal) -> str:
    if points >= rule.max:
        return "met"
    if points <= rule.lowest:
        return "unmet"
    return "partial"


def _leaf(info: NodeInfo, rule: CompiledRule, points: Decimal, status: str, events: tuple,
          branch: str | None = None, missing: tuple = (), excluded: bool = False,
          na_reason: str | None = None) -> NodeResult:
    n = info.node
    return NodeResult(id=n.id, title=n.title, depth=info.depth, parent=info.parent, children=(),
                      kind=rule.kind, bonus=info.bonus, points=points, max=n.max, declared_max=n.max,
                      min=info.min, status=status, excluded=excluded,
                      index=None if excluded else index_of(points, n.max), events=events,
                      reads=rule.reads, missing=missing, branch=branch, na_reason=na_reason,
                      line=info.loc.line)


def _aggregate(compiled: CompiledScheme, sub: Submission, survey, matcher_name: str,
               leaf: dict[str, NodeResult], overrides: Mapping[str, Override], label: str) -> ScoreResult:
    scheme: LoadedScheme = compiled.scheme
    done: dict[str, NodeResult] = dict(leaf)

    def build(nid: str) -> NodeResult:
        if nid in done:
            return done[nid]
        info = scheme.nodes[nid]
        kids = [build(c) for c in info.children]
        live = [k for k in kids if not k.excluded]
        excluded = not live
        points = sum((k.points for k in live), Decimal(0))
        maximum = sum((k.max for k in live), Decimal(0))
        minimum = sum((k.min for k in live), Decimal(0))
        statuses = {k.status for k in kids}
        if "error" in statuses:
            status = "error"
        elif all(k.status == "not_applicable" for k in kids):
            status = "not_applicable"
        elif all(k.status == "missing" for k in kids if k.status != "not_applicable"):
            status = "missing"
        else:
            status = "met" if points >= maximum else "unmet" if points <= minimum else "partial"
        events = [Event("sum", {"children": [[k.id, k.points, k.excluded] for k in kids],
                                "points": points, "max": maximum})]
        if nid in overrides:
            ov = overrides[nid]
            events.append(Event("override", {"from": points, "points": ov.points, "reason": ov.reason,
                                             "source": ov.source}))
            points, excluded = ov.points, False
            maximum = maximum if live else info.node.max
            status = "met" if points >= maximum else "unmet" if points <= minimum else "partial"
        res = NodeResult(id=nid, title=info.node.title, depth=info.depth, parent=info.parent,
                         children=info.children, kind=None, bonus=info.bonus, points=points,
                         max=info.node.max if excluded else maximum, declared_max=info.node.max,
                         min=minimum if live else info.min, status=status, excluded=excluded,
                         index=None if excluded else index_of(points, maximum), events=tuple(events),
                         line=info.loc.line)
        done[nid] = res
        return res

    for nid in scheme.nodes:
        build(nid)
    ordered = {nid: done[nid] for nid in scheme.nodes}
    areas = [r for r in ordered.values() if r.depth == 0]
    points = sum((a.points for a in areas if not a.excluded), Decimal(0))
    maximum = sum((a.max for a in areas if not a.excluded and not a.bonus), Decimal(0))
    idx = index_of(points, maximum)
    band = None
    if idx is not None:
        band = next((b.label for b in scheme.model.bands if b.min <= idx), None)
    m = scheme.model
    return ScoreResult(scheme_id=m.id, scheme_title=m.title, scheme_version=m.version,
                       scheme_sha256=scheme.sha256, scheme_year=m.year, deadline=m.deadline,
                       unit_id=sub.unit.id, unit_name=sub.unit.name,
                       total=Total(points, maximum, idx, band), nodes=ordered, matcher=matcher_name,
                       survey=survey is not None, label=label)
