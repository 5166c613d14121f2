"""Appraisal (thẩm định) files and the unit's responses (giải trình), validated together.

An appraisal round records a reviewer's changes, each with a reason:
corrected evidence (``value``), rejected evidence (``reject: true``, then
treated as missing) and direct points for a node (``criterion`` + ``points``).
A response file holds the unit's answer to a round, per adjustment, with new
documents and, optionally, a new value. Layers apply in order:

    self evidence → round 1 → response to round 1 → round 2 → …

so a value the unit supplies in its response stands unless a later round
corrects or rejects it. Codes: appraisal_* (see docs/appraisal.md).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from criteria import Collector, InputError, LoadedScheme, Loc, suggest
from criteria.yamlsrc import read_yaml, read_yaml_text, where

from .load import cross_checks, parse_documents, parse_item
from .model import Item, Submission
from .office import PANEL_KEYS, Member, derive_panel, parse_members, parse_office
from .values import BadValue, Document, parse_date, parse_number, parse_text

APPRAISAL_HEAD = ("unit", "criteria", "round", "by", "date", "office", "members")
ADJ_KEYS = ("evidence", "criterion", "value", "reject", "points", "reason", "documents")
RESPONSE_HEAD = ("unit", "criteria", "round", "by", "date")
ANSWER_KEYS = ("evidence", "criterion", "answer", "value", "documents")


@dataclass(frozen=True)
class Adjustment:
    """One change: ``action`` is "correct", "reject" or "points"."""
    action: str
    target: str                     # evidence key or node id
    reason: str
    item: Item | None = None        # the corrected item (action "correct")
    points: Decimal | None = None   # action "points"
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Answer:
    """The unit's answer to an adjustment (giải trình)."""
    target: str
    is_node: bool
    answer: str
    item: Item | None = None
    documents: tuple[Document, ...] = ()
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Round:
    """A reviewer's round (``kind`` "appraisal") or the unit's response to it ("response")."""
    kind: str
    number: int
    by: str | None
    date: dt.date | None
    file: str
    adjustments: tuple[Adjustment, ...] = ()
    answers: tuple[Answer, ...] = ()
    office: Any = None                       # evidence.office.Office of the tổ thẩm định, as written
    members: tuple[Member, ...] = ()         # the tổ thẩm định's members, as written

    @property
    def label(self) -> tuple[str, int]:
        return (self.kind, self.number)


@dataclass(frozen=True)
class Layer:
    """The evidence and direct points in force after a round."""
    round: Round
    submission: Submission
    overrides: dict = field(default_factory=dict)     # node id → (points, reason, file)
    reasons: dict = field(default_factory=dict)       # evidence key / node id → (action, reason)


def load_rounds(paths: list[str | Path], scheme: LoadedScheme, submission: Submission) -> list[Round]:
    """Load appraisal and response files; check they form rounds 1..n in order."""
    out = Collector()
    rounds: list[Round] = []
    for p in paths:
        try:
            root = read_yaml(p)
            rounds.append(_build(root, str(p), scheme, submission, out))
        except InputError as exc:
            out.extend(exc.diagnostics)
    out.check()
    return order_rounds(rounds, out)


def load_round_text(text: str, scheme: LoadedScheme, submission: Submission, file: str = "<appraisal>") -> Round:
    return build_round(read_yaml_text(text, file), file, scheme, submission)


def build_round(root: Any, file: str, scheme: LoadedScheme, submission: Submission) -> Round:
    """One appraisal or response file from its parsed mapping; InputError lists every problem."""
    out = Collector()
    r = _build(root, file, scheme, submission, out)
    out.check()
    return r


_KIND_VI = {"appraisal": "thẩm định", "response": "giải trình"}


def order_rounds(rounds: list[Round], out: Collector | None = None) -> list[Round]:
    """Sort rounds (appraisal n before the response to n); reject gaps and duplicates."""
    out = out or Collector()
    seen: dict[tuple[str, int], str] = {}
    for r in rounds:
        if r.label in seen:
            out.add("appraisal_duplicate_round", Loc(r.file),
                    f"{r.kind} round {r.number} is given twice (also in {seen[r.label]})",
                    f"{_KIND_VI[r.kind]} vòng {r.number} được đưa vào hai lần (cả trong {seen[r.label]})")
        seen[r.label] = r.file
    numbers = sorted({r.number for r in rounds if r.kind == "appraisal"})
    for n in numbers:
        if n > 1 and ("appraisal", n - 1) not in seen:
            f = seen[("appraisal", n)]
            out.add("appraisal_missing_round", Loc(f), f"round {n} needs the round {n - 1} appraisal file too",
                    f"thẩm định vòng {n} cần cả tệp thẩm định vòng {n - 1}")
    for r in rounds:
        if r.kind == "response" and ("appraisal", r.number) not in seen:
            out.add("appraisal_missing_round", Loc(r.file),
                    f"this response answers round {r.number}, but no round {r.number} appraisal file was given",
                    f"tệp giải trình này trả lời vòng {r.number}, nhưng chưa có tệp thẩm định vòng {r.number}")
    out.check()
    return sorted(rounds, key=lambda r: (r.number, 0 if r.kind == "appraisal" else 1))


def _build(root: Any, file: str, scheme: LoadedScheme, sub: Submission, out: Collector) -> Round:
    base = Loc(file)
    if isinstance(root, dict) and "appraisal" in root:
        kind, head_key, body_key, head_keys = "appraisal", "appraisal", "adjustments", APPRAISAL_HEAD
    elif isinstance(root, dict) and "response" in root:
        kind, head_key, body_key, head_keys = "response", "response", "answers", RESPONSE_HEAD
    else:
        out.add("appraisal_bad_header", getattr(root, "loc", base),
                'an appraisal file starts with "appraisal:" (a response file with "response:")',
                "tệp thẩm định bắt đầu bằng «appraisal:» (tệp giải trình bằng «response:»)")
        raise InputError(out.items[-1:])
    for key in root:
        if key not in (head_key, body_key):
            out.add("appraisal_unknown_field", where(root, key, base),
                    f'unknown top-level key "{key}"{suggest(str(key), (head_key, body_key))}',
                    f"khóa «{key}» không có trong mẫu tệp{suggest(str(key), (head_key, body_key), 'vi')}")
    head = root[head_key] if isinstance(root[head_key], dict) else {}
    for key in head:
        if key not in head_keys:
            out.add("appraisal_unknown_field", where(head, key, base), f'unknown key "{key}"{suggest(str(key), head_keys)}',
                    f"khóa «{key}» không có trong mẫu tệp{suggest(str(key), head_keys, 'vi')}")
    if head.get("unit") != sub.unit.id:
        out.add("appraisal_wrong_unit", where(head, "unit", base),
                f'this {kind} is for unit "{head.get("unit")}", but the evidence is for "{sub.unit.id}"',
                f"tệp {_KIND_VI[kind]} này của đơn vị «{head.get('unit')}», còn hồ sơ tự chấm của «{sub.unit.id}»")
    if head.get("criteria") != scheme.id:
        out.add("appraisal_wrong_scheme", where(head, "criteria", base),
                f'this {kind} is for scheme "{head.get("criteria")}", not "{scheme.id}"',
                f"tệp {_KIND_VI[kind]} này cho bộ tiêu chí «{head.get('criteria')}», không phải «{scheme.id}»")
    number = head.get("round", 1)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        out.add("appraisal_bad_value", where(head, "round", base), f"round must be 1, 2, … (got {number!r})",
                f"vòng (round) phải là 1, 2, … (đang ghi {number!r})")
        number = 1
    date = None
    if head.get("date") is not None:
        try:
            date = parse_date(head["date"])
        except BadValue as exc:
            out.add("appraisal_bad_date", where(head, "date", base), f"date: {exc}", f"ngày: {exc.vi}")
    by = head.get("by") if isinstance(head.get("by"), str) else None
    body = root.get(body_key) or []
    if not isinstance(body, list):
        out.add("appraisal_bad_value", where(root, body_key, base), f"{body_key} must be a list",
                f"{body_key} phải là một danh sách (mỗi mục bắt đầu bằng «-»)")
        body = []
    if kind == "appraisal":
        adjs = tuple(a for a in (_adjustment(body, i, scheme, out, base) for i in range(len(body))) if a)
        office = None
        if "office" in head:
            office = parse_office(head["office"], where(head, "office", base), derive_panel(by, None), out,
                                  keys=PANEL_KEYS, prefix="appraisal")
        members = parse_members(head.get("members"), where(head, "members", base), out)
        return Round(kind, number, by, date, file, adjustments=adjs, office=office, members=members)
    answers = tuple(a for a in (_answer(body, i, scheme, out, base) for i in range(len(body))) if a)
    return Round(kind, number, by, date, file, answers=answers)


def _target(raw: dict, loc: Loc, scheme: LoadedScheme, out: Collector, allowed: tuple) -> tuple[str, bool] | None:
    for f in raw:
        if f not in allowed:
            out.add("appraisal_unknown_field", where(raw, f, loc), f'unknown key "{f}"{suggest(str(f), allowed)}',
                    f"khóa «{f}» không có trong mẫu tệp{suggest(str(f), allowed, 'vi')}")
    has_ev, has_node = "evidence" in raw, "criterion" in raw
    if has_ev == has_node:
        out.add("appraisal_bad_target", loc, 'name exactly one of "evidence" (a catalogue key) or "criterion" (a node id)',
                "ghi đúng một trong hai: «evidence» (mã tài liệu kiểm chứng) hoặc «criterion» (mã tiêu chí)")
        return None
    if has_ev:
        key = raw["evidence"]
        if key not in scheme.model.evidence:
            out.add("appraisal_unknown_key", where(raw, "evidence", loc),
                    f'"{key}" is not in the catalogue of "{scheme.id}"{suggest(str(key), scheme.model.evidence)}',
                    f"«{key}» không có trong danh mục tài liệu kiểm chứng của «{scheme.id}»"
                    f"{suggest(str(key), scheme.model.evidence, 'vi')}")
            return None
        if scheme.model.evidence[key].type == "survey":
            out.add("appraisal_survey_key", where(raw, "evidence", loc),
                    f'"{key}" is a survey result: correct it in the survey file, not in an appraisal',
                    f"«{key}» là kết quả khảo sát: sửa trong tệp khảo sát, không sửa trong tệp thẩm định")
            return None
        return key, False
    node = str(raw["criterion"])
    if node not in scheme.nodes:
        out.add("appraisal_unknown_node", where(raw, "criterion", loc),
                f'no criterion "{node}" in "{scheme.id}"{suggest(node, scheme.nodes)}',
                f"bộ tiêu chí «{scheme.id}» không có tiêu chí «{node}»{suggest(node, scheme.nodes, 'vi')}")
        return None
    return node, True


def _adjustment(body: list, i: int, scheme: LoadedScheme, out: Collector, base: Loc) -> Adjustment | None:
    raw, loc = body[i], where(body, i, base)
    if not isinstance(raw, dict):
        out.add("appraisal_bad_value", loc, "an adjustment is a mapping with evidence/criterion and reason",
                "mỗi điều chỉnh ghi evidence (hoặc criterion) và reason (lý do)")
        return None
    target = _target(raw, loc, scheme, out, ADJ_KEYS)
    reason = _reason(raw, "reason", loc, out)
    if target is None:
        return None
    name, is_node = target
    if is_node:
        if "points" not in raw or "value" in raw or "reject" in raw:
            out.add("appraisal_bad_target", loc, f'criterion "{name}": give "points" (and no value/reject)',
                    f"tiêu chí «{name}»: ghi số điểm thẩm định (points), không ghi value/reject")
            return None
        try:
            points = parse_number(raw["points"], "a number of points")
        except BadValue as exc:
            out.add("appraisal_bad_value", where(raw, "points", loc), f"criterion {name}: {exc}",
                    f"tiêu chí {name}: {exc.vi}")
            return None
        info = scheme.nodes[name]
        if not info.min <= points <= info.node.max:
            out.add("appraisal_points_out_of_bounds", where(raw, "points", loc),
                    f"criterion {name}: {points} points is outside its bounds [{info.min}, {info.node.max}]",
                    f"tiêu chí {name}: {points} điểm nằm ngoài khung điểm (từ {info.min} đến {info.node.max})")
            return None
        return Adjustment("points", name, reason or "", points=points, loc=loc) if reason else None
    if ("value" in raw) == bool(raw.get("reject")):
        out.add("appraisal_bad_target", loc, f'evidence "{name}": give either "value" (corrected) or "reject: true"',
                f"«{name}»: ghi giá trị đã sửa (value) hoặc không chấp nhận (reject: true), chỉ một trong hai")
        return None
    if "points" in raw:
        out.add("appraisal_bad_target", where(raw, "points", loc), f'evidence "{name}": points go with "criterion", not "evidence"',
                f"«{name}»: số điểm (points) ghi cho tiêu chí (criterion), không ghi cho tài liệu kiểm chứng")
        return None
    if raw.get("reject"):
        if raw.get("reject") is not True:
            out.add("appraisal_bad_value", where(raw, "reject", loc), "reject must be true",
                    "reject chỉ ghi true (không chấp nhận)")
            return None
        return Adjustment("reject", name, reason or "", loc=loc) if reason else None
    item = parse_item(name, scheme.model.evidence[name].type, raw["value"], where(raw, "value", loc), out)
    if item is None or not reason:
        return None
    return Adjustment("correct", name, reason, item=item, loc=loc)


def _answer(body: list, i: int, scheme: LoadedScheme, out: Collector, base: Loc) -> Answer | None:
    raw, loc = body[i], where(body, i, base)
    if not isinstance(raw, dict):
        out.add("appraisal_bad_value", loc, "an answer is a mapping with evidence/criterion and answer",
                "mỗi ý kiến giải trình ghi evidence (hoặc criterion) và answer (nội dung giải trình)")
        return None
    target = _target(raw, loc, scheme, out, ANSWER_KEYS)
    text = _reason(raw, "answer", loc, out)
    if target is None or not text:
        return None
    name, is_node = target
    item = None
    if "value" in raw:
        if is_node:
            out.add("appraisal_bad_target", where(raw, "value", loc), "a response gives new values for evidence keys, not criteria",
                    "giá trị mới (value) ghi cho tài liệu kiểm chứng (evidence), không ghi cho tiêu chí")
            return None
        item = parse_item(name, scheme.model.evidence[name].type, raw["value"], where(raw, "value", loc), out)
        if item is None:
            return None
    bad = lambda code, at, msg, vi="": out.add(code, at, f"{name}: {msg}", f"{name}: {vi}" if vi else "")  # noqa: E731
    docs = parse_documents(raw.get("documents"), where(raw, "documents", loc), bad, need_date=False)
    return Answer(name, is_node, text, item=item, documents=docs, loc=loc)


def _reason(raw: dict, field: str, loc: Loc, out: Collector) -> str | None:
    try:
        text = parse_text(raw.get(field), field)
    except BadValue as exc:
        out.add("appraisal_bad_value", where(raw, field, loc), str(exc), exc.vi)
        return None
    if not text:
        what = "reason (lý do)" if field == "reason" else "answer (nội dung giải trình)"
        out.add("appraisal_missing_reason", loc, f"every {'adjustment' if field == 'reason' else 'answer'} needs a {what}",
                "mỗi điều chỉnh phải ghi lý do (reason)" if field == "reason"
                else "mỗi ý kiến phải ghi nội dung giải trình (answer)")
        return None
    return text


def apply_rounds(sub: Submission, rounds: list[Round], scheme: LoadedScheme) -> list[Layer]:
    """The evidence in force after each round, in order; errors if a result is inconsistent."""
    items = dict(sub.items)
    overrides: dict = {}
    layers: list[Layer] = []
    for r in rounds:
        reasons: dict = {}
        for a in r.adjustments:
            if a.action == "reject":
                items.pop(a.target, None)
            elif a.action == "correct":
                items[a.target] = a.item
            else:
                overrides[a.target] = (a.points, a.reason, r.file)
            reasons[a.target] = (a.action, a.reason)
        for ans in r.answers:
            if ans.item is not None:
                items[ans.target] = ans.item
            elif not ans.is_node and ans.documents and ans.target in items:
                old = items[ans.target]
                items[ans.target] = Item(old.key, old.type, old.value, old.na, old.reason,
                                         old.documents + ans.documents, old.note, old.loc)
            reasons[ans.target] = ("response_value" if ans.item is not None else "response", ans.answer)
        out = Collector()
        cross_checks(items, scheme, out)
        out.check()
        layers.append(Layer(r, sub.replace_items(items), dict(overrides), reasons))
    return layers
