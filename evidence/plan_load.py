"""Read a plan file (and an optional completions file) into a ``Plan``; every error at once, located.

Error codes (stable): plan_bad_header, plan_unknown_key, plan_missing_field,
plan_bad_value, plan_bad_date, plan_bad_deadline, plan_bad_comparator,
plan_unknown_figure, plan_duplicate_id, plan_unknown_task, plan_unknown_target,
plan_duplicate_completion, plan_wrong_plan (plus yaml_* from the YAML reader).
The format is described in docs/plans.md.
"""
from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from criteria import Collector, Loc, suggest
from criteria.yamlsrc import read_yaml, read_yaml_text, where

from .plan import COMPARATORS, FIGURES, Completion, Plan, PlanInfo, Target, Task
from .plan_deadline import DeadlineError, explicit, parse_deadline
from .values import BadValue, Document, parse_date, parse_number, parse_text

PLAN_TOP = ("plan", "targets", "tasks", "completions")
INFO_KEYS = ("unit", "year", "number", "date", "title", "source", "note")
UNIT_KEYS = ("id", "name", "province")
TARGET_KEYS = ("id", "metric", "comparator", "threshold", "unit", "actual", "evidence", "source", "section", "note")
TASK_KEYS = ("id", "task", "lead", "partners", "product", "deadline", "due", "section", "goal", "duty", "note",
             "evidence")
RECORD_KEYS = ("done", "status", "document", "reason", "note")
DOC_KEYS = ("number", "date", "title", "file", "page")
COMPLETIONS_TOP = ("unit", "year", "plan", "report", "completions", "actuals", "note")
ACTUAL_KEYS = ("value", "document", "documents", "note")
RECORD_STATUSES = ("done", "not_done", "not_applicable")
ID_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")
UNIT_ID_RE = re.compile(r"^[0-9a-z][0-9a-z._-]{0,79}$")


def load_plan(path: str | Path, completions: str | Path | None = None) -> Plan:
    """A plan file, with the completion records of ``completions`` (a second file) merged in."""
    plan = build_plan(read_yaml(path), str(path))
    if completions is not None:
        plan = merge_completions(plan, read_yaml(completions), str(completions))
    return plan


def load_plan_text(text: str, file: str = "<plan>", completions_text: str | None = None,
                   completions_file: str = "<completions>") -> Plan:
    plan = build_plan(read_yaml_text(text, file), file)
    if completions_text is not None:
        plan = merge_completions(plan, read_yaml_text(completions_text, completions_file), completions_file)
    return plan


_WHAT_VI = (("the plan file", "tệp kế hoạch"), ("the completions file", "tệp kết quả thực hiện"),
            ("completion of task ", "kết quả nhiệm vụ "), ("actual of target ", "kết quả chỉ tiêu "),
            ("target ", "chỉ tiêu "), ("task ", "nhiệm vụ "), (", document", ", văn bản"))


def _vi(what: str) -> str:
    """A place named in an English message (``task 3``, ``the plan file``) in Vietnamese."""
    if what == "report":
        return "báo cáo"
    for en, vi in _WHAT_VI:
        if en in what:
            what = what.replace(en, vi)
    return what


class _Reader:
    """Shared helpers: located errors into one ``Collector``."""

    def __init__(self, file: str):
        self.out = Collector()
        self.base = Loc(file)

    def loc(self, container: Any, key: Any) -> Loc:
        return where(container, key, getattr(container, "loc", self.base))

    def keys(self, raw: dict, allowed: tuple, what: str) -> None:
        for k in raw:
            if k not in allowed:
                self.out.add("plan_unknown_key", self.loc(raw, k),
                             f'unknown key "{k}" in {what}{suggest(str(k), allowed)}',
                             f"khóa «{k}» không có trong {_vi(what)}{suggest(str(k), allowed, 'vi')}")

    def mapping(self, raw: Any, at: Loc, what: str) -> dict | None:
        if isinstance(raw, dict):
            return raw
        self.out.add("plan_bad_value" if raw is not None else "plan_missing_field", getattr(raw, "loc", at),
                     f"{what} must be a mapping", f"{_vi(what)} phải là một bảng khóa: giá trị")
        return None

    def text(self, raw: dict, key: str, what: str, required: bool = False) -> str | None:
        try:
            value = parse_text(raw.get(key), key)
        except BadValue as exc:
            self.out.add("plan_bad_value", self.loc(raw, key), f"{what}: {exc}", f"{_vi(what)}: {exc.vi}")
            return None
        if required and not value:
            self.out.add("plan_missing_field", self.loc(raw, key) if key in raw else getattr(raw, "loc", self.base),
                         f'{what} needs "{key}"', f"{_vi(what)} chưa ghi «{key}»")
        return value

    def date(self, raw: dict, key: str, what: str, required: bool = False):
        if raw.get(key) is None:
            if required:
                self.out.add("plan_missing_field", getattr(raw, "loc", self.base), f'{what} needs "{key}" (dd/mm/yyyy)',
                             f"{_vi(what)} chưa ghi «{key}» (dd/mm/yyyy)")
            return None
        try:
            return parse_date(raw[key])
        except BadValue as exc:
            self.out.add("plan_bad_date", self.loc(raw, key), f"{what}: {exc}", f"{_vi(what)}: {exc.vi}")
            return None

    def ident(self, raw: dict, key: str, what: str) -> str | None:
        value = raw.get(key)
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            self.out.add("plan_missing_field", getattr(raw, "loc", self.base), f'{what} needs "{key}"',
                         f"{_vi(what)} chưa ghi «{key}»")
            return None
        if not isinstance(value, str) or not ID_RE.match(value):
            self.out.add("plan_bad_value", self.loc(raw, key),
                         f"{what}: id {value!r} must be letters, digits, '.', '_' or '-' (e.g. \"12\", \"II.3\")",
                         f"{_vi(what)}: mã {value!r} chỉ gồm chữ, số, «.», «_» hoặc «-» (ví dụ «12», «II.3»)")
            return None
        return value

    def document(self, raw: Any, at: Loc, what: str) -> Document | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.out.add("plan_bad_value", getattr(raw, "loc", at), f"{what}: a document is {{number, date, title}}",
                         f"{_vi(what)}: văn bản ghi dạng {{number: số, date: ngày, title: trích yếu}}")
            return None
        self.keys(raw, DOC_KEYS, what)
        return Document(self.text(raw, "number", what), self.date(raw, "date", what), self.text(raw, "title", what),
                        self.text(raw, "file", what), self.text(raw, "page", what))


def build_plan(root: Any, file: str) -> Plan:
    """Validate a parsed plan file; raise ``InputError`` listing every problem."""
    r = _Reader(file)
    if not isinstance(root, dict):
        r.out.add("plan_bad_header", getattr(root, "loc", r.base), "a plan file is a mapping with plan, targets, tasks",
                  "tệp kế hoạch gồm các phần plan, targets, tasks")
        r.out.check()
    r.keys(root, PLAN_TOP, "the plan file")
    info = _info(r, root)
    year = info.year if info else 2000
    targets = _targets(r, root.get("targets"), r.loc(root, "targets"))
    tasks = _tasks(r, root.get("tasks"), r.loc(root, "tasks"), year)
    ids = {t.id for t in tasks} | _raw_ids(root.get("tasks"))  # a task rejected for its deadline still exists
    inline = root.get("completions")
    completions = _records(r, inline, r.loc(root, "completions"), ids) if inline is not None else {}
    r.out.check()
    assert info is not None
    return Plan(file, info, tuple(targets), tuple(tasks), completions)


def _raw_ids(raw: Any) -> set[str]:
    if not isinstance(raw, list):
        return set()
    return {str(item["id"]) for item in raw if isinstance(item, dict) and item.get("id") is not None}


def _info(r: _Reader, root: dict) -> PlanInfo | None:
    raw = r.mapping(root.get("plan"), r.loc(root, "plan") if "plan" in root else r.base, '"plan" (unit, year, title)')
    if raw is None:
        return None
    r.keys(raw, INFO_KEYS, '"plan"')
    unit = r.mapping(raw.get("unit"), r.loc(raw, "unit"), "plan.unit (id, name)")
    uid = uname = province = None
    if unit is not None:
        r.keys(unit, UNIT_KEYS, "plan.unit")
        uid = r.text(unit, "id", "plan.unit", required=True)
        if uid and not UNIT_ID_RE.match(uid):
            r.out.add("plan_bad_value", r.loc(unit, "id"),
                      f'plan.unit.id "{uid}" must be lower case a-z, 0-9, ".", "_", "-"',
                      f"plan.unit.id «{uid}» chỉ gồm chữ thường a-z, số 0-9, «.», «_», «-»")
        uname = r.text(unit, "name", "plan.unit", required=True)
        province = r.text(unit, "province", "plan.unit")
    year = raw.get("year")
    if year is None:
        r.out.add("plan_missing_field", getattr(raw, "loc", r.base), '"plan" needs "year" (e.g. 2024)',
                  "phần plan chưa ghi năm (year, ví dụ 2024)")
    elif isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        r.out.add("plan_bad_value", r.loc(raw, "year"), f"plan.year: {year!r} is not a year (2000..2100)",
                  f"plan.year: {year!r} không phải là năm (2000–2100)")
        year = None
    title = r.text(raw, "title", '"plan"', required=True)
    info = PlanInfo(uid or "", uname or "", year or 2000, title or "", r.text(raw, "number", "plan.number"),
                    r.date(raw, "date", "plan.date"), r.text(raw, "source", "plan.source"), province,
                    r.text(raw, "note", "plan.note"))
    return info if uid and uname and year and title else None


def _items(r: _Reader, raw: Any, at: Loc, what: str) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        r.out.add("plan_bad_value", getattr(raw, "loc", at), f'"{what}" must be a list',
                  f"«{what}» phải là một danh sách (mỗi mục bắt đầu bằng «-»)")
        return []
    return raw


def _targets(r: _Reader, raw: Any, at: Loc) -> list[Target]:
    out, seen = [], {}
    for i, item in enumerate(_items(r, raw, at, "targets")):
        loc = where(raw, i, at)
        if not isinstance(item, dict):
            r.out.add("plan_bad_value", loc, f"targets[{i + 1}] must be a mapping (id, metric, comparator, threshold)",
                      f"chỉ tiêu thứ {i + 1} ghi dạng {{id, metric, comparator, threshold}}")
            continue
        what = f"target {item.get('id', i + 1)}"
        r.keys(item, TARGET_KEYS, what)
        tid = r.ident(item, "id", what)
        if tid in seen:
            r.out.add("plan_duplicate_id", r.loc(item, "id"), f'target id "{tid}" is also used at {seen[tid]}',
                      f"mã chỉ tiêu «{tid}» đã dùng ở {seen[tid]}")
        elif tid:
            seen[tid] = loc
        metric = r.text(item, "metric", what, required=True)
        comp = item.get("comparator")
        if comp not in COMPARATORS:
            r.out.add("plan_bad_comparator", r.loc(item, "comparator") if "comparator" in item else loc,
                      f"{what}: comparator must be one of {', '.join(COMPARATORS)} (got {comp!r})"
                      f"{suggest(str(comp), COMPARATORS)}",
                      f"{_vi(what)}: comparator phải là một trong {', '.join(COMPARATORS)} (đang ghi {comp!r})"
                      f"{suggest(str(comp), COMPARATORS, 'vi')}")
        threshold = _number(r, item, "threshold", what, required=True)
        actual = _number(r, item, "actual", what)
        source = item.get("source")
        if source is not None and source not in FIGURES:
            r.out.add("plan_unknown_figure", r.loc(item, "source"),
                      f"{what}: source {source!r} is not a derived figure ({', '.join(FIGURES)})"
                      f"{suggest(str(source), FIGURES)}",
                      f"{_vi(what)}: source {source!r} không phải số liệu tính được ({', '.join(FIGURES)})"
                      f"{suggest(str(source), FIGURES, 'vi')}")
        if source is not None and actual is not None:
            r.out.add("plan_bad_value", r.loc(item, "actual"), f"{what}: a target read from {source} takes no actual",
                      f"{_vi(what)}: chỉ tiêu lấy số liệu từ {source} thì không ghi actual")
        if tid and metric and comp in COMPARATORS and threshold is not None:
            out.append(Target(tid, metric, comp, threshold, r.text(item, "unit", what), actual,
                              r.text(item, "evidence", what), source, r.text(item, "section", what),
                              r.text(item, "note", what), (), loc))
    return out


def _number(r: _Reader, raw: dict, key: str, what: str, required: bool = False) -> Decimal | None:
    if raw.get(key) is None:
        if required:
            r.out.add("plan_missing_field", getattr(raw, "loc", r.base), f'{what} needs "{key}" (a number)',
                      f"{_vi(what)} chưa ghi «{key}» (một số)")
        return None
    try:
        return parse_number(raw[key], f"a number ({key})")
    except BadValue as exc:
        r.out.add("plan_bad_value", r.loc(raw, key), f"{what}: {exc}", f"{_vi(what)}: {exc.vi}")
        return None


def _tasks(r: _Reader, raw: Any, at: Loc, year: int) -> list[Task]:
    out, seen = [], {}
    items = _items(r, raw, at, "tasks")
    if raw is None or (isinstance(raw, list) and not raw):
        r.out.add("plan_missing_field", at, 'the plan has no "tasks" (the task table, Phụ lục)',
                  "kế hoạch chưa có danh mục nhiệm vụ (tasks, thường ở Phụ lục)")
    for i, item in enumerate(items):
        loc = where(raw, i, at)
        if not isinstance(item, dict):
            r.out.add("plan_bad_value", loc, f"tasks[{i + 1}] must be a mapping (id, task, lead, deadline, …)",
                      f"nhiệm vụ thứ {i + 1} ghi dạng {{id, task, lead, deadline, …}}")
            continue
        what = f"task {item.get('id', i + 1)}"
        r.keys(item, TASK_KEYS, what)
        tid = r.ident(item, "id", what)
        if tid in seen:
            r.out.add("plan_duplicate_id", r.loc(item, "id"), f'task id "{tid}" is also used at {seen[tid]}',
                      f"mã nhiệm vụ «{tid}» đã dùng ở {seen[tid]}")
            tid = None
        elif tid:
            seen[tid] = loc
        text = r.text(item, "task", what, required=True)
        deadline_text = r.text(item, "deadline", what)
        due = r.date(item, "due", what)
        deadline = None
        if due is not None:
            deadline = explicit(deadline_text, due)
        elif "due" not in item or item.get("due") is None:
            try:
                deadline = parse_deadline(deadline_text, year)
            except DeadlineError as exc:
                r.out.add("plan_bad_deadline", r.loc(item, "deadline"), f"{what}: {exc}", f"{_vi(what)}: {exc.vi}")
        links = _links(r, item, what)
        if tid and text and deadline is not None:
            out.append(Task(tid, text, deadline, r.text(item, "lead", what), r.text(item, "partners", what),
                            r.text(item, "product", what), r.text(item, "section", what), r.text(item, "goal", what),
                            r.text(item, "duty", what), r.text(item, "note", what), loc, links))
    return out


def _links(r: _Reader, item: dict, what: str) -> tuple[str, ...]:
    """``evidence: key`` or ``evidence: [keys]``: the catalogue keys a task's document supports."""
    raw = item.get("evidence")
    if raw is None:
        return ()
    keys = raw if isinstance(raw, list) else [raw]
    if not keys or not all(isinstance(k, str) and k.strip() for k in keys):
        r.out.add("plan_bad_value", r.loc(item, "evidence"), f"{what}: evidence is a catalogue key or a list of keys",
                  f"{_vi(what)}: evidence ghi một khóa trong danh mục hoặc danh sách khóa")
        return ()
    return tuple(k.strip() for k in keys)


def _records(r: _Reader, raw: Any, at: Loc, task_ids: set) -> dict[str, Completion]:
    out: dict[str, Completion] = {}
    if raw is None:          # `completions:` with every entry still commented out: no record yet
        return out
    if not isinstance(raw, dict):
        r.out.add("plan_bad_value", getattr(raw, "loc", at),
                  '"completions" must be a mapping TASK_ID: {done, document}',
                  "completions ghi dạng MÃ_NHIỆM_VỤ: {done: ngày hoàn thành, document: văn bản}")
        return out
    for key, rec in raw.items():
        tid = str(key)
        loc = where(raw, key, at)
        what = f"completion of task {tid}"
        if tid not in task_ids:
            r.out.add("plan_unknown_task", loc, f'no task "{tid}" in the plan{suggest(tid, task_ids)}',
                      f"kế hoạch không có nhiệm vụ «{tid}»{suggest(tid, task_ids, 'vi')}")
            continue
        if not isinstance(rec, dict):
            r.out.add("plan_bad_value", loc,
                      f"{what}: write {{done: dd/mm/yyyy, document: …}} or {{status: not_done, reason: …}}",
                      f"{_vi(what)}: ghi {{done: dd/mm/yyyy, document: …}} hoặc {{status: not_done, reason: …}}")
            continue
        r.keys(rec, RECORD_KEYS, what)
        status = rec.get("status", "done" if "done" in rec else None)
        if status not in RECORD_STATUSES:
            r.out.add("plan_bad_value", r.loc(rec, "status") if "status" in rec else loc,
                      f"{what}: status must be one of {', '.join(RECORD_STATUSES)} (or give done: dd/mm/yyyy)",
                      f"{_vi(what)}: status phải là một trong {', '.join(RECORD_STATUSES)} (hoặc ghi done: dd/mm/yyyy)")
            continue
        done = r.date(rec, "done", what, required=status == "done")
        if status != "done" and "done" in rec:
            r.out.add("plan_bad_value", r.loc(rec, "done"), f"{what}: a task with status {status} has no done date",
                      f"{_vi(what)}: nhiệm vụ có trạng thái {status} thì không ghi ngày hoàn thành")
        reason = r.text(rec, "reason", what, required=status != "done")
        doc = r.document(rec.get("document"), r.loc(rec, "document"), f"{what}, document")
        if status == "done" and done is None:
            continue
        out[tid] = Completion(tid, status, done, doc, reason, r.text(rec, "note", what), loc)
    return out


def merge_completions(plan: Plan, root: Any, file: str) -> Plan:
    """Add a completions file's records (and target actuals) to ``plan``; a task recorded twice is an error."""
    r = _Reader(file)
    if not isinstance(root, dict):
        r.out.add("plan_bad_header", getattr(root, "loc", r.base), "a completions file is a mapping with completions",
                  "tệp kết quả thực hiện phải có phần completions")
        r.out.check()
    r.keys(root, COMPLETIONS_TOP, "the completions file")
    if root.get("unit") is not None and root.get("unit") != plan.info.unit_id:
        r.out.add("plan_wrong_plan", r.loc(root, "unit"),
                  f'these completions are for unit "{root["unit"]}", the plan is for "{plan.info.unit_id}"',
                  f"kết quả này của đơn vị «{root['unit']}», còn kế hoạch của «{plan.info.unit_id}»")
    if root.get("year") is not None and root.get("year") != plan.info.year:
        r.out.add("plan_wrong_plan", r.loc(root, "year"),
                  f"these completions are for {root['year']}, the plan is for {plan.info.year}",
                  f"kết quả này của năm {root['year']}, còn kế hoạch năm {plan.info.year}")
    if "completions" not in root:
        r.out.add("plan_missing_field", r.base, 'the completions file has no "completions" mapping',
                  "tệp kết quả thực hiện chưa có phần completions")
    ids = {t.id for t in plan.tasks}
    records = _records(r, root.get("completions"), r.loc(root, "completions"), ids) if "completions" in root else {}
    for tid, rec in records.items():
        if tid in plan.completions:
            r.out.add("plan_duplicate_completion", rec.loc,
                      f"task {tid} is already recorded in the plan file at {plan.completions[tid].loc}",
                      f"nhiệm vụ {tid} đã ghi kết quả trong tệp kế hoạch, tại {plan.completions[tid].loc}")
    report = r.document(root.get("report"), r.loc(root, "report"), "report")
    targets = _actuals(r, plan, root.get("actuals"), r.loc(root, "actuals"))
    r.out.check()
    merged = dict(plan.completions)
    merged.update(records)
    return dataclasses.replace(plan, completions=merged, report=report or plan.report, targets=targets,
                               completions_file=file)


def _actuals(r: _Reader, plan: Plan, raw: Any, at: Loc) -> tuple[Target, ...]:
    """``actuals: {TARGET_ID: number | {value, document(s), note}}`` — what each target reached."""
    if raw is None:
        return plan.targets
    if not isinstance(raw, dict):
        r.out.add("plan_bad_value", getattr(raw, "loc", at), '"actuals" must be a mapping TARGET_ID: value',
                  "actuals ghi dạng MÃ_CHỈ_TIÊU: giá trị đạt được")
        return plan.targets
    by_id = {t.id: t for t in plan.targets}
    new = dict(by_id)
    for key, val in raw.items():
        tid, loc = str(key), where(raw, key, at)
        t = by_id.get(tid)
        if t is None:
            r.out.add("plan_unknown_target", loc, f'no target "{tid}" in the plan{suggest(tid, by_id)}',
                      f"kế hoạch không có chỉ tiêu «{tid}»{suggest(tid, by_id, 'vi')}")
            continue
        if t.source is not None or t.actual is not None:
            r.out.add("plan_bad_value", loc,
                      f"target {tid} already has its value ({t.source or 'actual in the plan file'})",
                      f"chỉ tiêu {tid} đã có số liệu ({t.source or 'actual trong tệp kế hoạch'})")
            continue
        docs: list[Document] = []
        if isinstance(val, dict):
            r.keys(val, ACTUAL_KEYS, f"actual of target {tid}")
            one = r.document(val.get("document"), where(val, "document", loc), f"actual of target {tid}")
            docs += [one] if one else []
            for j, d in enumerate(_items(r, val.get("documents"), where(val, "documents", loc), "documents")):
                doc = r.document(d, where(val["documents"], j, loc), f"actual of target {tid}")
                docs += [doc] if doc else []
            number = _number(r, val, "value", f"actual of target {tid}", required=True)
        else:
            try:
                number = parse_number(val, "a number (actual)")
            except BadValue as exc:
                r.out.add("plan_bad_value", loc, f"actual of target {tid}: {exc}", f"kết quả chỉ tiêu {tid}: {exc.vi}")
                number = None
        if number is not None:
            new[tid] = dataclasses.replace(t, actual=number, documents=tuple(docs))
    return tuple(new[t.id] for t in plan.targets)
