"""Reconciliation (biên bản thẩm định): self-score against the appraised score, point by point.

Every difference names its reason and a category, and the differences add up:
``self total + Σ difference = appraised total`` (a difference is appraised − self,
so a deduction reads negative, the same sign in every output). Where a reviewer gave a parent node direct
points, that node is one difference and its descendants are not listed again.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from evidence import Submission, SurveyResults
from evidence.appraisal import Layer, Round, apply_rounds
from rules import CompiledScheme
from rules.numbers import engine_context

from .evaluate import Override, score
from .results import NodeResult, ScoreResult

CATEGORIES = ("evidence_rejected", "evidence_corrected", "late", "below_band", "direct_override",
              "response", "what_if", "survey")


@dataclass(frozen=True)
class Difference:
    id: str
    title: str
    self_points: Decimal
    appraised_points: Decimal
    difference: Decimal          # appraised − self: negative = points lost
    changes: tuple               # (stage label, action, text) that touched the node, in order
    category: str
    stage: str                   # the round that made the last change

    @property
    def reason(self) -> str:
        return "; ".join(text.rstrip(". ") for _, _, text in self.changes)


@dataclass(frozen=True)
class Stage:
    label: str                   # "round 1", "response 1", "what-if"
    kind: str
    number: int
    by: str | None
    date: object
    file: str
    result: ScoreResult
    office: object = None        # the round's evidence.office.Office as written (appraisal rounds)
    members: tuple = ()          # the tổ thẩm định as written


@dataclass(frozen=True)
class Reconciliation:
    self_result: ScoreResult
    stages: tuple[Stage, ...]
    differences: tuple[Difference, ...]
    reasons: dict                # node id → list of (stage label, action, text)

    @property
    def appraised(self) -> ScoreResult:
        return self.stages[-1].result if self.stages else self.self_result

    @property
    def ledger(self) -> list[Difference]:
        """Points lost, largest first, ties in the scheme's order."""
        order = {nid: i for i, nid in enumerate(self.self_result.nodes)}
        return sorted((d for d in self.differences if d.difference < 0), key=lambda d: (d.difference, order[d.id]))


def stage_label(r: Round) -> str:
    return {"appraisal": "round", "response": "response", "whatif": "what-if"}.get(r.kind, r.kind) + \
        ("" if r.kind == "whatif" else f" {r.number}")


@engine_context
def reconcile(compiled: CompiledScheme, sub: Submission, rounds: list[Round],
              survey: SurveyResults | None = None, matcher: str = "durable",
              force_na: Iterable[str] = ()) -> Reconciliation:
    """Score the self-assessment and every round; explain each point that moved."""
    scheme = compiled.scheme
    force_na = tuple(force_na)
    self_result = score(compiled, sub, survey, matcher=matcher, label="self")
    layers: list[Layer] = apply_rounds(sub, rounds, scheme)
    stages = []
    for i, layer in enumerate(layers):
        ov = {nid: Override(p, reason, f) for nid, (p, reason, f) in layer.overrides.items()}
        na = force_na if (force_na and i == len(layers) - 1) else ()
        res = score(compiled, layer.submission, survey, matcher=matcher, overrides=ov, force_na=na,
                    label=stage_label(layer.round))
        r = layer.round
        stages.append(Stage(stage_label(r), r.kind, r.number, r.by, r.date, r.file, res, r.office, r.members))
    if force_na and not layers:
        res = score(compiled, sub, survey, matcher=matcher, force_na=force_na, label="what-if")
        stages.append(Stage("what-if", "whatif", 0, None, None, "", res))
    reasons = _reasons(compiled, layers, force_na)
    final = stages[-1].result if stages else self_result
    overridden = set(layers[-1].overrides) if layers else set()
    diffs = _differences(compiled, self_result, final, overridden, reasons)
    return Reconciliation(self_result, tuple(stages), tuple(diffs), reasons)


def _reasons(compiled: CompiledScheme, layers: list[Layer], force_na) -> dict:
    """Node id → the changes that touched it, in order: (stage, action, text)."""
    out: dict[str, list] = {}
    readers: dict[str, list[str]] = {}
    for nid, rule in compiled.rules.items():
        for k in rule.reads:
            readers.setdefault(k, []).append(nid)
    for layer in layers:
        label = stage_label(layer.round)
        for target, (action, text) in layer.reasons.items():
            nodes = [target] if target in compiled.scheme.nodes and target not in compiled.scheme.model.evidence \
                else readers.get(target, [])
            for nid in nodes:
                out.setdefault(nid, []).append((label, action, text))
    for nid in force_na:
        out.setdefault(nid, []).append(("what-if", "na", f"--na {nid}"))
    return out


def _category(node: NodeResult, before: NodeResult, changes: list, is_override: bool) -> str:
    if is_override:
        return "direct_override"
    actions = [a for _, a, _ in changes if a != "response"]  # an answer without a value moves nothing
    if not actions:
        return "survey"
    last = actions[-1]
    if last == "na":
        return "what_if"
    if last == "reject":
        return "evidence_rejected"
    if last == "response_value":
        return "response"
    if node.branch and (node.branch.startswith("late") or node.branch == "too_late"):
        return "late"
    if node.branch and (node.branch.startswith("band_") or node.branch in ("otherwise", "below_floor")) \
            and node.points < before.points:
        return "below_band"
    return "evidence_corrected"


def _differences(compiled, self_result: ScoreResult, final: ScoreResult, overridden: set, reasons: dict):
    nodes = final.nodes
    diffs = []

    def under_override(nid: str) -> bool:
        parent = nodes[nid].parent
        while parent is not None:
            if parent in overridden:
                return True
            parent = nodes[parent].parent
        return False

    for nid, after in nodes.items():
        before = self_result.nodes[nid]
        if under_override(nid):
            continue
        if not (after.is_leaf or nid in overridden):
            continue
        delta = after.points - before.points
        if delta == 0 and before.excluded == after.excluded:
            continue
        changes = reasons.get(nid, [])
        stage = changes[-1][0] if changes else ""
        diffs.append(Difference(nid, after.title, before.points, after.points, delta, tuple(changes),
                                _category(after, before, changes, nid in overridden), stage))
    return diffs
