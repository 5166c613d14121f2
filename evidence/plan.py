"""A unit's CCHC plan (targets, task table, completion records) and the evidence derived from it.

Everything here is pure: ``derive(plan, as_of)`` turns a loaded ``Plan`` into
figures with a per-task trace, ``to_evidence(plan, mapping)`` into an evidence
mapping (catalogue key → value with documents) that can be merged into an
evidence file. Loading and validation live in ``plan_load``; deadline reading in
``plan_deadline``.

Arithmetic is exact (``Fraction``) until the one rounding step: a share is
``part ÷ total × 100`` rounded half-up (halves away from zero) to 2 decimals, the
same rule as the index (``rules.numbers.round_step``): 43/44 → 97.727… → 97.73.

Units and invariants:

* ``total`` counts the applicable tasks (tasks recorded ``not_applicable`` are left
  out of every share); ``done ≤ total``; ``on_time ≤ done``.
* A task is on time when its done date ≤ its judged date (``Deadline.judged``): the
  due date, or 31/12 of the plan year for recurring/conditional/unstated deadlines.
  "late by N days" is ``done − judged`` in calendar days.
* Without a completion record a task has no data («chưa có số liệu»): its status is
  ``pending`` (judged date not passed as of ``as_of``, or no ``as_of``) or
  ``overdue``, and it is neither done nor not done. While any counted task has no
  record, the shares and the done/on-time counts are unknown (``None``), never 0:
  an unrecorded task is missing evidence, exactly as an empty evidence row is.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Mapping

from criteria import Loc
from rules.numbers import INDEX_STEP, normalize, round_step

from .plan_deadline import Deadline
from .values import Document

COMPARATORS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}
FIGURES = ("share_done", "share_on_time", "done", "on_time", "total")
DEFAULT_MAPPING = {"share_done": "ty_le_hoan_thanh"}  # the model scheme mau-xa-2024, criterion 1.1.3
STATUSES = ("on_time", "late", "not_done", "overdue", "pending", "not_applicable")


@dataclass(frozen=True)
class PlanInfo:
    """The plan's header: which unit, which year, which decision (number/date may be blank in a draft)."""

    unit_id: str
    unit_name: str
    year: int
    title: str
    number: str | None = None
    date: dt.date | None = None
    source: str | None = None
    province: str | None = None
    note: str | None = None

    def document(self, page: str | None = None) -> Document:
        return Document(self.number, self.date, self.title, None, page)


@dataclass(frozen=True)
class Target:
    """A chỉ tiêu: ``actual comparator threshold`` (e.g. actual ≥ 90 %). ``source`` reads a derived figure."""

    id: str
    metric: str
    comparator: str
    threshold: Decimal
    unit: str | None = None
    actual: Decimal | None = None
    evidence: str | None = None
    source: str | None = None
    section: str | None = None
    note: str | None = None
    documents: tuple[Document, ...] = ()
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Task:
    """One row of the task table (Phụ lục), as written; ``deadline`` is the parsed cell."""

    id: str
    task: str
    deadline: Deadline
    lead: str | None = None
    partners: str | None = None
    product: str | None = None
    section: str | None = None
    goal: str | None = None
    duty: str | None = None
    note: str | None = None
    loc: Loc = Loc("")
    evidence: tuple[str, ...] = ()      # catalogue keys the task's document supports (tài liệu kiểm chứng cho …)


@dataclass(frozen=True)
class Completion:
    """What happened to a task: ``done`` (with its date), ``not_done`` or ``not_applicable`` (with a reason)."""

    task_id: str
    status: str
    done: dt.date | None = None
    document: Document | None = None
    reason: str | None = None
    note: str | None = None
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Plan:
    """A validated plan file, with the completion records merged in."""

    file: str
    info: PlanInfo
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...]
    completions: Mapping[str, Completion] = field(default_factory=dict)
    report: Document | None = None
    completions_file: str | None = None


@dataclass(frozen=True)
class TaskTrace:
    """One task's line in the explanation: deadline as written and as read, done date, verdict."""

    id: str
    task: str
    deadline_text: str | None
    kind: str
    due: dt.date | None
    judged: dt.date
    status: str
    done: dt.date | None = None
    late_days: int | None = None
    document: Document | None = None
    reason: str | None = None
    lead: str | None = None


@dataclass(frozen=True)
class TargetResult:
    target: Target
    actual: Decimal | None
    status: str  # met | unmet | no_data


@dataclass(frozen=True)
class Derived:
    """The figures a plan yields, with the trace they come from."""

    total: int
    excluded: int
    done: int
    on_time: int
    late: int
    share_done: Decimal | None
    share_on_time: Decimal | None
    exact_done: Fraction | None
    exact_on_time: Fraction | None
    tasks: tuple[TaskTrace, ...]
    targets: tuple[TargetResult, ...]
    as_of: dt.date | None = None
    unrecorded: int = 0          # counted tasks without a completion record: the figures are unknown

    @property
    def complete(self) -> bool:
        """Every counted task has a record, so the shares and counts are known."""
        return self.unrecorded == 0

    @property
    def targets_met(self) -> int:
        return sum(1 for t in self.targets if t.status == "met")

    @property
    def targets_known(self) -> int:
        return sum(1 for t in self.targets if t.status != "no_data")

    def figure(self, name: str):
        """A derived figure; ``None`` ("no data") for done/on-time figures while a task has no record."""
        if name != "total" and not self.complete:
            return None
        return getattr(self, name)


def share(part: int, whole: int) -> tuple[Fraction | None, Decimal | None]:
    """part ÷ whole × 100, exact and rounded half-up to 2 decimals; (None, None) when whole = 0."""
    if whole == 0:
        return None, None
    exact = Fraction(part * 100, whole)
    return exact, round_step(exact, INDEX_STEP)


def compare(actual: Decimal, comparator: str, threshold: Decimal) -> bool:
    return {"ge": actual >= threshold, "gt": actual > threshold, "le": actual <= threshold,
            "lt": actual < threshold, "eq": actual == threshold}[comparator]


def trace_task(task: Task, rec: Completion | None, as_of: dt.date | None) -> TaskTrace:
    dl = task.deadline
    base = dict(id=task.id, task=task.task, deadline_text=dl.text, kind=dl.kind, due=dl.due,
                judged=dl.judged, lead=task.lead)
    if rec is None:
        status = "overdue" if as_of is not None and as_of > dl.judged else "pending"
        return TaskTrace(**base, status=status)
    if rec.status == "done":
        assert rec.done is not None
        late = (rec.done - dl.judged).days
        return TaskTrace(**base, status="on_time" if late <= 0 else "late", done=rec.done,
                         late_days=late if late > 0 else None, document=rec.document, reason=rec.note)
    return TaskTrace(**base, status=rec.status, reason=rec.reason, document=rec.document)


def derive(plan: Plan, as_of: dt.date | None = None) -> Derived:
    """Shares done and done on time, targets met, and the per-task trace behind them."""
    traces = tuple(trace_task(t, plan.completions.get(t.id), as_of) for t in plan.tasks)
    excluded = sum(1 for t in traces if t.status == "not_applicable")
    total = len(traces) - excluded
    on_time = sum(1 for t in traces if t.status == "on_time")
    late = sum(1 for t in traces if t.status == "late")
    done = on_time + late
    unrecorded = sum(1 for t in traces if t.status in ("pending", "overdue"))
    ex_done, sh_done = share(done, total) if not unrecorded else (None, None)
    ex_on, sh_on = share(on_time, total) if not unrecorded else (None, None)
    figures = {"share_done": sh_done, "share_on_time": sh_on, "done": None if unrecorded else done,
               "on_time": None if unrecorded else on_time, "total": total}
    results = []
    for t in plan.targets:
        actual = t.actual
        if t.source is not None:
            value = figures[t.source]
            actual = None if value is None else Decimal(value)
        if actual is None:
            results.append(TargetResult(t, None, "no_data"))
        else:
            results.append(TargetResult(t, actual, "met" if compare(actual, t.comparator, t.threshold) else "unmet"))
    return Derived(total, excluded, done, on_time, late, sh_done, sh_on, ex_done, ex_on, traces,
                   tuple(results), as_of, unrecorded)


def summary_note(plan: Plan, d: Derived, figure: str) -> str:
    """The Vietnamese note an evidence entry carries: how the figure was counted."""
    head = f"Kế hoạch CCHC năm {plan.info.year}"
    if plan.info.number:
        head += f" ({plan.info.number})"
    if figure == "share_on_time":
        text = f"Hoàn thành đúng hạn {d.on_time}/{d.total} nhiệm vụ tại Phụ lục {head}"
    else:
        text = f"Hoàn thành {d.done}/{d.total} nhiệm vụ tại Phụ lục {head}"
        if d.late:
            text += f", trong đó {d.late} nhiệm vụ hoàn thành trễ hạn"
    if d.excluded:
        text += f"; {d.excluded} nhiệm vụ không phát sinh, không tính"
    return text + " (parscore plan derive)."


def to_evidence(plan: Plan, mapping: Mapping[str, str] | None = None, derived: Derived | None = None,
                types: Mapping[str, str] | None = None) -> dict:
    """Evidence entries ``{key: {value, note, documents}}`` from the plan's figures and measured targets.

    ``mapping`` sends derived figures (``share_done``, ``share_on_time``, ``done``,
    ``on_time``, ``total``) to catalogue keys; by default ``share_done`` →
    ``ty_le_hoan_thanh`` of the model scheme. A target with ``evidence:`` and a known
    actual adds that key with the actual value. A figure with no value (no applicable
    task, or a task without a record) is left out. Documents: the plan itself, then
    the completions' report. A task done with a document and linked (``evidence:``)
    to catalogue keys adds those keys as ``{document, type, note}``; ``types`` (the
    catalogue's key → type) keeps only ``document`` and ``boolean`` keys, the ones a
    document proves.
    """
    d = derived or derive(plan)
    mapping = DEFAULT_MAPPING if mapping is None else mapping
    docs = [plan.info.document("Phụ lục nhiệm vụ")]
    if plan.report is not None:
        docs.append(plan.report)
    out: dict = {}
    for figure, key in mapping.items():
        value = d.figure(figure)
        if value is None:
            continue
        out[key] = {"value": value, "note": summary_note(plan, d, figure), "documents": list(docs)}
    for task in plan.tasks:             # a finished task's document backs the keys it is linked to
        rec = plan.completions.get(task.id)
        if not task.evidence or rec is None or rec.status != "done" or rec.document is None:
            continue
        for key in task.evidence:
            # an unknown key stays in, so the caller's catalogue check names it
            if key not in out and (types is None or key not in types or types[key] in ("document", "boolean")):
                out[key] = {"document": rec.document, "type": (types or {}).get(key, "document"),
                            "note": f"Nhiệm vụ {task.id} của Kế hoạch CCHC năm {plan.info.year}: {task.task.rstrip('.')}."}
    for r in d.targets:
        t = r.target
        if t.evidence and r.actual is not None and t.evidence not in out:
            own = [plan.info.document(f"Chỉ tiêu, mục {t.section}" if t.section else "Chỉ tiêu")]
            own += [plan.report] if plan.report is not None else []
            out[t.evidence] = {"value": r.actual, "note": f"Chỉ tiêu {t.id} của Kế hoạch CCHC năm {plan.info.year}: "
                               f"{t.metric}; yêu cầu {COMPARATORS[t.comparator]} {_vi(t.threshold)}{_unit(t)}.",
                               "documents": list(t.documents) or own}
    return out


def _vi(value: Decimal) -> str:
    """A number the Vietnamese way for notes (92,5), without the scoring package."""
    return format(normalize(value), "f").replace(".", ",")


def _unit(t: Target) -> str:
    if not t.unit:
        return ""
    return t.unit if t.unit == "%" else f" {t.unit}"
