"""Run a compiled scheme over one unit's evidence: statuses, points, traces, totals.

The engine owns every status. Missing evidence, "không phát sinh" and absent
survey results are decided here before any matching; the matcher only picks
which branch of a rule holds for present evidence, and a rule whose matcher
answer is not exactly one branch (or whose scoring fails) becomes ``error``:
it scores the node's ``min`` and everything else still scores.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Iterable, Mapping

from criteria import LoadedScheme, NodeInfo, per_object
from evidence import Submission, SurveyResults
from rules import CompiledScheme, Event, Input, Matcher, get_matcher
from rules.base import CompiledRule
from rules.numbers import CONTEXT, index_of

from .memo import Memo, NoKey, value_key
from .results import NodeResult, ScoreResult, Total, status_of


@dataclass(frozen=True)
class Override:
    """Direct points a reviewer gives a node, with the reason."""
    points: Decimal
    reason: str
    source: str = ""


def score(compiled: CompiledScheme, submission: Submission, survey: SurveyResults | None = None,
          matcher: Matcher | str = "durable", overrides: Mapping[str, Override] | None = None,
          force_na: Iterable[str] = (), label: str = "",
          batch: Mapping[str, Fraction | Decimal | None] | None = None,
          memo: "Memo | None" = None) -> ScoreResult:
    """Score one unit. ``force_na`` treats the named leaf nodes as "không phát sinh".

    ``memo`` (batch scoring) remembers leaf results across units: see ``Memo``.

    ``batch`` is the batch context of ``parscore rank``: for every rule that compares
    units (kind ``relative``), the best value among the units ranked together (None
    when no unit had one). Such a rule without its entry is an ``error`` outcome.

    Computes under the engine's own decimal context (``rules.numbers.CONTEXT``),
    whatever the calling thread's context is.
    """
    with localcontext(CONTEXT):
        return _score(compiled, submission, survey, matcher, overrides, force_na, label, batch, memo)


def _score(compiled: CompiledScheme, submission: Submission, survey: SurveyResults | None,
           matcher: Matcher | str, overrides: Mapping[str, Override] | None, force_na: Iterable[str],
           label: str, batch: Mapping[str, Fraction | Decimal | None] | None, memo: "Memo | None") -> ScoreResult:
    if isinstance(matcher, str):
        matcher = get_matcher(matcher)
    plan = _plan(compiled)
    overrides = overrides or {}
    forced = set(force_na)
    items = submission.items
    reads: dict[str, Event] = {}        # this unit's "read" event per evidence key (shared by its readers)
    leaf: dict[str, NodeResult] = {}
    pending: list[tuple[_LeafPlan, Mapping[str, Input], tuple | None]] = []   # (leaf, inputs, memo key)
    facts = []
    remembered = memo.of(compiled, matcher.name) if memo is not None else None
    if remembered is not None and any(getattr(i, "illustrative", False) for i in items.values()):
        remembered = None   # its traces say "minh họa": never shared with (or taken from) other units
    for lp in plan.leaves:
        nid, rule = lp.id, lp.rule
        one = lp.single
        if one is not None and remembered is not None and (not forced or nid not in forced):
            # the hot path of a batch: one key read, already seen in an earlier unit
            it = items.get(one)
            if it is not None and not it.na and (not lp.has_na_key or rule.na_key(items) is None):
                key = lp.key(items)
                got = remembered[nid].get(key) if key is not None else None
                if got is not None:
                    leaf[nid] = got[1] if not (got[2] or it.documents) else lp.reuse(got, items, reads)
                    continue
                pending.append((lp, items, key))
                facts.append((nid, rule.fact(items)))
                continue
        if lp.plain and (not forced or nid not in forced):
            # the common case: every key present and not "không phát sinh": the unit's
            # items are the inputs as they are
            for k in lp.reads:
                it = items.get(k)
                if it is None or it.na:
                    break
            else:
                if not lp.has_na_key or rule.na_key(items) is None:
                    key = None
                    if remembered is not None:
                        key = lp.key(items)
                        got = remembered[nid].get(key) if key is not None else None
                        if got is not None:
                            leaf[nid] = lp.reuse(got, items, reads)
                            continue
                    pending.append((lp, items, key))
                    facts.append((nid, rule.fact(items)))
                    continue
        if lp.needs_batch and (batch is None or nid not in batch):
            leaf[nid] = _error(lp, {}, rule.needs_batch, reads)
            continue
        result, inputs = _prepare(lp, items, survey, nid in forced, reads)
        if result is None and lp.needs_batch:
            result = _batch_input(lp, inputs, batch[nid], reads)
        if result is not None:
            leaf[nid] = result
        else:
            key = lp.key(inputs) if remembered is not None and type(inputs) is not _Decided else None
            if key is not None:
                got = remembered[nid].get(key)
                if got is not None:
                    leaf[nid] = lp.reuse(got, inputs, reads)
                    continue
            pending.append((lp, inputs, key))
            facts.append((nid, rule.fact(inputs)))

    try:
        chosen = matcher.select(compiled, facts) if facts else {}
        matcher_error = None
    except Exception as exc:  # the C extension failed: every pending node is an error
        chosen, matcher_error = {}, str(exc)
    for lp, inputs, key in pending:
        nid = lp.id
        picks = chosen.get(nid) or ()
        if matcher_error or len(picks) != 1:
            msg = matcher_error or f"matcher selected {len(picks)} branches ({list(picks)}); expected exactly one"
            leaf[nid] = _error(lp, inputs, msg, reads)
            continue
        branch = lp.rule.branches[picks[0]]
        try:
            outcome = lp.rule.score(branch, inputs), branch
        except Exception as exc:  # a defect in a rule kind, not a user mistake
            leaf[nid] = _error(lp, inputs, f"{type(exc).__name__}: {exc}", reads)
            continue
        result = leaf[nid] = lp.result(outcome, inputs, reads)
        if type(inputs) is _Decided:
            leaf[nid] = lp.decided(result, inputs.missing)
            continue
        if key is not None:
            memo.remember(remembered[nid], key, (outcome, result, lp.shows_documents(inputs)))

    for nid, ov in overrides.items():
        base = leaf.get(nid)
        if base is None:
            continue
        rule = compiled.rules[nid]
        ev = base.events + (Event("override", {"from": base.points, "points": ov.points, "reason": ov.reason,
                                               "source": ov.source}),)
        leaf[nid] = replace(base, points=ov.points, status=status_of(ov.points, rule.min, rule.max), events=ev,
                            excluded=False, max=base.declared_max, index=index_of(ov.points, base.declared_max))
    # parents: direct overrides of a parent replace its children's sum
    return _aggregate(compiled, plan, submission, survey, matcher.name, leaf, overrides, label)


def _batch_input(lp: "_LeafPlan", inputs: dict[str, Input], value: Fraction | Decimal | None,
                 reads: dict[str, Event]) -> NodeResult | None:
    """Give a rule that compares units its batch value as input ``rule.batch_key``.

    A value the rule cannot compare against (``rule.batch_na`` names why, e.g. a
    best value of 0) makes the node "không phát sinh" under its N/A policy.
    """
    rule = lp.rule
    inputs[rule.batch_key] = Input(rule.batch_key, "batch", value)
    reason = rule.batch_na(inputs)
    if reason is None:
        return None
    ev = (lp.rule_ev,) + _read_events(lp, inputs, reads) + (
        Event("na", {"key": lp.reads[0], "reason": reason, "policy": lp.na}),)
    return _na(lp, ev, lp.na, reason)


def _read_events(lp: "_LeafPlan", inputs: Mapping[str, Input], reads: dict[str, Event]) -> tuple[Event, ...]:
    """A "read" event per key the leaf reads and has; one event object per key and unit."""
    out = []
    for k in lp.reads:
        i = inputs.get(k)
        if i is not None:
            ev = reads.get(k)
            if ev is None:
                data = {"key": k, "type": i.type, "value": i.value, "documents": [d.to_json() for d in i.documents]}
                if getattr(i, "illustrative", False):   # minh họa: shown wherever the value is
                    data["illustrative"] = True
                ev = reads[k] = Event("read", data)
            out.append(ev)
    return tuple(out)


def _prepare(lp: "_LeafPlan", items: Mapping, survey: SurveyResults | None,
             forced_na: bool, reads: dict[str, Event]) -> tuple[NodeResult | None, dict[str, Input]]:
    """A finished result (missing, N/A, survey absent), or None and the inputs to match.

    Evidence items are the inputs themselves (an ``evidence.Item`` has the ``key``,
    ``type``, ``value`` and ``documents`` a rule reads).
    """
    if lp.is_survey:
        key = lp.reads[0]
        res = survey.results.get(key) if survey else None
        if res is None:
            ev = (lp.rule_ev, Event("survey_absent", {"key": key}))
            return _na(lp, ev, "exclude", None), {}
        return None, {key: Input(key, "survey", res)}
    if forced_na:
        ev = (lp.rule_ev, Event("na", {"key": None, "reason": "what-if", "policy": lp.na}))
        return _na(lp, ev, lp.na, "what-if"), {}
    inputs: dict[str, Input] = {}
    missing: list[str] = []
    for key in lp.reads:
        item = items.get(key)
        if item is None:
            missing.append(key)
        elif item.na:
            ev = (lp.rule_ev, Event("na", {"key": key, "reason": item.reason, "policy": lp.na}))
            return _na(lp, ev, lp.na, item.reason), {}
        else:
            inputs[key] = item
    if missing and lp.rule.decided_without(inputs):
        return None, _Decided(inputs, tuple(missing))
    if missing:
        pts = lp.missing_points
        ev = (lp.rule_ev,) + _read_events(lp, inputs, reads) + (
            Event("missing", {"keys": missing, "points": pts, "at_stake": lp.max - pts}),)
        return _leaf(lp, pts, "missing", ev, missing=tuple(missing)), {}
    if lp.has_na_key:
        zero = lp.rule.na_key(inputs)
        if zero is not None:
            ev = (lp.rule_ev,) + _read_events(lp, inputs, reads) + (
                Event("na", {"key": zero, "reason": "zero_ratio", "policy": lp.na}),)
            return _na(lp, ev, lp.na, None), {}
    return None, inputs


class _Decided(dict):
    """The present inputs of a rule they already decide (``CompiledRule.decided_without``),
    with the keys that are missing; never remembered by a memo."""

    def __init__(self, inputs: Mapping[str, Input], missing: tuple[str, ...]):
        super().__init__(inputs)
        self.missing = missing


def _na(lp: "_LeafPlan", events: tuple, policy: str, reason: str | None) -> NodeResult:
    if policy == "full":
        events = events + (Event("na_full", {"points": lp.max}),)
        return _leaf(lp, lp.max, "not_applicable", events, na_reason=reason)
    if policy == "never":
        events = events + (Event("na_refused", {"points": lp.min}),)
        return _leaf(lp, lp.min, "error", events, na_reason=reason)
    events = events + (Event("na_excluded", {"max": lp.max}),)
    return _leaf(lp, Decimal(0), "not_applicable", events, excluded=True, na_reason=reason)


def _error(lp: "_LeafPlan", inputs, message: str, reads: dict[str, Event]) -> NodeResult:
    ev = (lp.rule_ev,) + _read_events(lp, inputs, reads) + (Event("error", {"message": message, "points": lp.min}),)
    return _leaf(lp, lp.min, "error", ev)


def _leaf(lp: "_LeafPlan", points: Decimal, status: str, events: tuple,
          branch: str | None = None, missing: tuple = (), excluded: bool = False,
          na_reason: str | None = None) -> NodeResult:
    index = None
    if not excluded:
        index = lp.indexes.get(points)          # a leaf pays a handful of distinct points
        if index is None:
            index = index_of(points, lp.max)
            if len(lp.indexes) < 1024:
                lp.indexes[points] = index
    return NodeResult(lp.id, lp.title, lp.depth, lp.parent, (), lp.kind, lp.bonus, points, lp.max, lp.max,
                      lp.min, status, excluded, index, events, lp.reads, missing, branch, na_reason, lp.line)


# ---- per-scheme constants ----------------------------------------------------------

class _LeafPlan:
    """What scoring a leaf needs that does not depend on the unit, read once per scheme."""
    __slots__ = ("id", "info", "rule", "title", "depth", "parent", "bonus", "max", "min", "line", "kind",
                 "reads", "na", "needs_batch", "is_survey", "has_na_key", "missing_points",
                 "rule_ev", "plain", "keys", "single", "indexes")

    def __init__(self, info: NodeInfo, rule: CompiledRule):
        n = info.node
        self.id, self.info, self.rule = n.id, info, rule
        self.title, self.depth, self.parent, self.bonus = n.title, info.depth, info.parent, info.bonus
        self.max, self.min, self.line = n.max, info.min, info.loc.line
        self.kind, self.reads, self.na = rule.kind, rule.reads, info.na
        self.needs_batch = getattr(rule, "needs_batch", "")
        self.is_survey = rule.kind == "survey"
        self.has_na_key = type(rule).na_key is not CompiledRule.na_key     # the base class never says N/A
        self.missing_points = rule.missing_points
        self.plain = not self.needs_batch and not self.is_survey      # reads evidence items only
        self.keys = self.reads + ((rule.batch_key,) if self.needs_batch else ())   # what a result depends on
        self.indexes: dict = {}        # points → index of this leaf (index_of is exact: equal points, equal index)
        self.single = self.reads[0] if self.plain and len(self.reads) == 1 else None
        self.rule_ev = Event("rule", {"node": self.id, "kind": self.kind, "line": self.line})   # every trace's first

    def key(self, inputs: Mapping[str, Input]) -> tuple | None:
        """What the leaf's result depends on: its input values, told apart as a trace
        shows them (``value_key``); None when a value has no such key (survey counts)."""
        try:
            return tuple([value_key(inputs[k].value) for k in self.keys])
        except NoKey:
            return None

    def shows_documents(self, inputs: Mapping[str, Input]) -> bool:
        for k in self.reads:
            if inputs[k].documents:
                return True
        return False

    def reuse(self, got: tuple, inputs: Mapping[str, Input], reads: dict[str, Event]) -> NodeResult:
        """A remembered ``(outcome, result, shows documents)``: the result itself, or, when
        either trace lists documents, the result with this unit's own trace."""
        outcome, result, docs = got
        if docs or self.shows_documents(inputs):
            events = (self.rule_ev,) + _read_events(self, inputs, reads) + outcome[0].events
            node = object.__new__(NodeResult)
            d = result.__dict__.copy()
            d["events"] = events
            object.__setattr__(node, "__dict__", d)
            return node
        return result

    def result(self, outcome: tuple, inputs: Mapping[str, Input], reads: dict[str, Event]) -> NodeResult:
        """The leaf's record from ``(rule outcome, branch)``; the trace reads this unit's documents."""
        out, branch = outcome
        points = out.points
        events = (self.rule_ev,) + _read_events(self, inputs, reads) + out.events
        status = status_of(points, self.min, self.max)
        return _leaf(self, points, status, events, branch=branch.name)


    def decided(self, result: NodeResult, missing: tuple[str, ...]) -> NodeResult:
        """``result`` of a rule decided without ``missing`` keys: they are listed as missing
        evidence (and said in the trace, after what was read), the status stays the points'."""
        ev = result.events
        at = 1 + sum(1 for e in ev[1:] if e.code == "read")
        note = Event("missing_decided", {"keys": list(missing), "points": result.points})
        return replace(result, events=ev[:at] + (note,) + ev[at:], missing=missing)


class _ParentPlan:
    __slots__ = ("id", "info", "title", "depth", "parent", "children", "bonus", "max", "min", "line")

    def __init__(self, info: NodeInfo):
        n = info.node
        self.id, self.info, self.title, self.depth, self.parent = n.id, info, n.title, info.depth, info.parent
        self.children, self.bonus, self.max, self.min, self.line = (info.children, info.bonus, n.max, info.min,
                                                                    info.loc.line)


class _Plan:
    """A compiled scheme's leaves (scheme order), parents (children before their parent), areas."""

    def __init__(self, compiled: CompiledScheme):
        scheme = compiled.scheme
        self.leaves = tuple(_LeafPlan(info, compiled.rules[info.id]) for info in scheme.leaves())
        parents: list[_ParentPlan] = []
        seen: set[str] = set()

        def visit(nid: str) -> None:            # post-order: every child before its parent
            if nid in seen:
                return
            seen.add(nid)
            info = scheme.nodes[nid]
            if info.is_leaf:
                return
            for c in info.children:
                visit(c)
            parents.append(_ParentPlan(info))

        for nid in scheme.nodes:
            visit(nid)
        self.parents = tuple(parents)
        self.order = tuple(scheme.nodes)
        self.areas = tuple(nid for nid, info in scheme.nodes.items() if info.depth == 0)
        self.evidence_titles = {k: v.title for k, v in scheme.model.evidence.items()}   # shared, read-only


_PLANS: dict[int, tuple] = {}


def _plan(compiled: CompiledScheme) -> _Plan:
    """The plan of ``compiled`` (kept for the last few schemes; a compiled scheme is immutable)."""
    return per_object(_PLANS, compiled, _Plan)


def _aggregate(compiled: CompiledScheme, plan: _Plan, sub: Submission, survey, matcher_name: str,
               leaf: dict[str, NodeResult], overrides: Mapping[str, Override], label: str) -> ScoreResult:
    """Parents in post-order (each from its children's records), then the totals."""
    scheme: LoadedScheme = compiled.scheme
    done: dict[str, NodeResult] = leaf
    zero = Decimal(0)
    for pp in plan.parents:
        nid = pp.id
        if nid in done:
            continue
        kids = [done[c] for c in pp.children]
        points = maximum = minimum = zero
        live = has_error = False
        all_na = all_missing = True
        listed = []
        for k in kids:
            st = k.status
            excl = k.excluded
            listed.append((k.id, k.points, excl))
            if not excl:
                live = True
                points += k.points
                maximum += k.max
                minimum += k.min
            if st == "error":
                has_error = True
            elif st != "not_applicable":
                all_na = False
                if st != "missing":
                    all_missing = False
        excluded = not live
        if has_error:
            status = "error"
        elif all_na:
            status = "not_applicable"
        elif all_missing:
            status = "missing"
        else:
            status = status_of(points, minimum, maximum)
        events = (Event("sum", {"children": listed, "points": points, "max": maximum}),)
        if overrides and nid in overrides:
            ov = overrides[nid]
            events += (Event("override", {"from": points, "points": ov.points, "reason": ov.reason,
                                          "source": ov.source}),)
            points, excluded = ov.points, False
            maximum = maximum if live else pp.max
            status = status_of(points, minimum, maximum)
        done[nid] = NodeResult(nid, pp.title, pp.depth, pp.parent, pp.children, None, pp.bonus, points,
                               pp.max if excluded else maximum, pp.max, minimum if live else pp.min, status,
                               excluded, None if excluded else index_of(points, maximum), events,
                               (), (), None, None, pp.line)

    ordered = {nid: done[nid] for nid in plan.order}
    points = maximum = zero
    for nid in plan.areas:
        a = ordered[nid]
        if not a.excluded:
            points += a.points
            if not a.bonus:
                maximum += a.max
    idx = index_of(points, maximum)
    band = None
    if idx is not None:
        band = next((b.label for b in scheme.model.bands if b.min <= idx), None)
    m = scheme.model
    return ScoreResult(scheme_id=m.id, scheme_title=m.title, scheme_version=m.version,
                       scheme_sha256=scheme.sha256, scheme_year=m.year, deadline=m.deadline,
                       unit_id=sub.unit.id, unit_name=sub.unit.name,
                       total=Total(points, maximum, idx, band), nodes=ordered, matcher=matcher_name,
                       survey=survey is not None, label=label, evidence_titles=plan.evidence_titles)
