"""Readiness before the deadline: what is still missing or weak, with the points at stake.

``readiness()`` scores the submission once and lists every issue an appraisal
team would raise, each with the points at stake, largest first (ties in the
scheme's order):

- ``missing``: evidence not declared (at stake: what the reading criteria could
  still earn, as in every report's "thiếu tài liệu kiểm chứng");
- ``no_number`` / ``no_date``: a verification document without its number or date;
- ``na_no_reason``: a "không phát sinh" claim without a reason;
- ``manual_no_justification``: a self-score without its justification (the
  loader rejects these; ``split_unjustified`` takes them out first so ``check``
  can list them instead of stopping);
- ``outside_period``: a document or date outside the scheme's data ``period``
  (a date read by a ``deadline`` rule may run to that rule's due date);
- ``file_missing`` / ``file_unreadable`` / ``file_empty`` / ``file_not_document``:
  an attached file (``file:`` of a document) that is not there, cannot be read,
  is empty, or is not a PDF, image or office document by its content
  (``scoring.attachments``); at stake as for a document without a number;
- ``no_unit``: the form's header (unit id, unit name) is still empty. A fresh
  form is a draft, not an error: ``split_header`` fills placeholders so the
  draft can be checked, and this issue always comes first, naming the cells to
  fill. ``score`` (and ``report`` without ``--draft``) still refuse the file.

For every issue but ``missing`` the points at stake are what the criteria
reading that evidence would lose if the appraisal refused it, computed by
scoring again without it (an excluded "không phát sinh" criterion would count
its maximum). Issues are warnings: they never make the input invalid.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from criteria import Loc
from criteria.yamlsrc import YDict, where
from evidence import Item, Submission, SurveyResults
from evidence.values import BadValue, parse_number, parse_text
from rules import CompiledScheme, ManualScore

from . import i18n
from .evaluate import score
from .report.common import missing_evidence
from .results import ScoreResult

FILE_CODES = {"missing": "file_missing", "not_a_file": "file_missing", "unreadable": "file_unreadable",
              "empty": "file_empty", "not_a_document": "file_not_document"}
CODES = ("no_unit", "missing", "file_missing", "file_unreadable", "file_empty", "file_not_document", "manual_no_justification", "na_no_reason", "no_number", "no_date", "outside_period")


@dataclass(frozen=True)
class Issue:
    code: str
    key: str
    nodes: tuple[str, ...]
    at_stake: Decimal
    loc: Loc | None = None
    data: Mapping[str, Any] = field(default_factory=dict)   # document, date, period, points


@dataclass(frozen=True)
class Readiness:
    today: dt.date
    deadline: dt.date | None
    days_left: int | None            # negative: overdue
    result: ScoreResult
    issues: tuple[Issue, ...]
    header: tuple[HeaderGap, ...] = ()   # a draft: header fields still empty (placeholders in ``result``)
    attachments: tuple = ()              # scoring.attachments.Attachment per attached file


@dataclass(frozen=True)
class Unjustified:
    key: str
    points: Decimal
    loc: Loc


@dataclass(frozen=True)
class HeaderGap:
    """A required header field left empty in a draft (``field``: ``unit.id`` or ``unit.name``)."""
    field: str
    loc: Loc


DRAFT_UNIT = {"id": "chua-dien-ma-don-vi",
              "name": {"vi": "(chưa điền tên đơn vị)", "en": "(unit name not filled in)"}}
HEADER_FIELDS = ("id", "name")


def split_header(root: Any, lang: str = "vi") -> tuple[Any, list[HeaderGap]]:
    """Fill an empty unit id or name of a draft with placeholders; the gaps say where to write them.

    Only fields that are absent or blank count: a value that is written but wrong
    (an id with capitals or spaces) stays for the loader to report.
    """
    if not isinstance(root, dict):
        return root, []
    unit = root.get("unit")
    if unit is not None and not isinstance(unit, dict):
        return root, []
    unit = unit if unit is not None else {}
    unit_loc = where(root, "unit", getattr(root, "loc", Loc("")))
    gaps: list[HeaderGap] = []
    fill: dict[str, Any] = {}
    for name in HEADER_FIELDS:
        v = unit.get(name)
        if v is None or (isinstance(v, str) and not v.strip()):
            locs = getattr(unit, "key_locs", {}) or {}
            gaps.append(HeaderGap(f"unit.{name}", locs.get(name, unit_loc)))
            fill[name] = DRAFT_UNIT["id"] if name == "id" else DRAFT_UNIT["name"][lang]
    if not gaps:
        return root, []
    new_unit = _copy(unit, {**{k: v for k, v in unit.items()}, **fill})
    if not isinstance(unit, YDict):
        new_unit.loc = unit_loc
    new_root = _copy(root, {**{k: v for k, v in root.items()}, "unit": new_unit})
    new_root.key_locs.setdefault("unit", unit_loc)
    return new_root, gaps


def split_unjustified(root: Any, compiled: CompiledScheme) -> tuple[Any, list[Unjustified]]:
    """Take self-scores without a justification out of a raw evidence tree (YAML or XLSX).

    Only entries whose points are a number within every reading criterion's
    bounds are taken out; anything else stays for the loader to report.
    """
    scheme = compiled.scheme
    ev = root.get("evidence") if isinstance(root, dict) else None
    if not isinstance(ev, dict):
        return root, []
    found: list[Unjustified] = []
    for key, raw in ev.items():
        spec = scheme.model.evidence.get(key)
        if spec is None or spec.type != "manual" or not isinstance(raw, dict) or "na" in raw or "points" not in raw:
            continue
        try:
            just = parse_text(raw.get("justification"), "justification")
            points = parse_number(raw["points"])
        except BadValue:
            continue
        readers = scheme.readers(key)
        if just or not all(r.min <= points <= r.node.max for r in readers):
            continue
        found.append(Unjustified(key, points, where(ev, key, Loc(""))))
    if not found:
        return root, []
    drop = {u.key for u in found}
    new_ev = _copy(ev, {k: v for k, v in ev.items() if k not in drop})
    new_root = _copy(root, {k: (new_ev if k == "evidence" else v) for k, v in root.items()})
    return new_root, found


def _copy(src: Any, items: dict) -> Any:
    out = YDict(items)
    out.loc = getattr(src, "loc", Loc(""))
    out.key_locs = dict(getattr(src, "key_locs", {}))
    return out


def readiness(compiled: CompiledScheme, sub: Submission, survey: SurveyResults | None, today: dt.date,
              unjustified: list[Unjustified] = (), matcher: str = "durable",
              header: list[HeaderGap] = ()) -> Readiness:
    scheme = compiled.scheme
    m = scheme.model
    result = score(compiled, sub, survey, matcher=matcher)
    order = {nid: i for i, nid in enumerate(result.nodes)}
    readers = {k: tuple(r.id for r in scheme.readers(k)) for k in m.evidence}
    cache: dict[str, Decimal] = {}

    def at_stake(key: str) -> Decimal:
        if key not in cache:
            items = {k: v for k, v in sub.items.items() if k != key}
            cache[key] = _loss(result, score(compiled, sub.replace_items(items), survey, matcher=matcher),
                               readers[key])
        return cache[key]

    issues: list[Issue] = []
    if header:
        issues.append(Issue("no_unit", "unit", (), Decimal(0), header[0].loc, {"gaps": tuple(header)}))
    skip = {u.key for u in unjustified}
    for key, ids, pts in missing_evidence(result):
        if key in skip:
            continue
        issues.append(Issue("missing", key, tuple(ids), pts))
    for u in unjustified:
        items = dict(sub.items)
        items[u.key] = Item(u.key, "manual", ManualScore(u.points, ""), loc=u.loc)
        with_it = score(compiled, sub.replace_items(items), survey, matcher=matcher)
        gain = _loss(with_it, result, readers[u.key])
        issues.append(Issue("manual_no_justification", u.key, readers[u.key], gain, u.loc, {"points": u.points}))
    for key, item in sub.items.items():
        ids = readers.get(key, ())
        if item.na and not item.reason:
            issues.append(Issue("na_no_reason", key, ids, at_stake(key), item.loc))
        for doc in item.documents:
            if not doc.number:
                issues.append(Issue("no_number", key, ids, at_stake(key), item.loc, {"document": doc}))
            if doc.date is None:
                issues.append(Issue("no_date", key, ids, at_stake(key), item.loc, {"document": doc}))
        if m.period is not None:
            for day, last in _dated(item, ids, compiled):
                if day < m.period.from_ or day > last:
                    issues.append(Issue("outside_period", key, ids, at_stake(key), item.loc,
                                        {"date": day, "from": m.period.from_, "to": last}))

    from .attachments import check_attachments
    attached = check_attachments(sub)
    for a in attached:
        if not a.ok:
            ids = readers.get(a.key, ())
            issues.append(Issue(FILE_CODES[a.status], a.key, ids, at_stake(a.key), a.loc, {"file": a.file}))

    def rank(issue: Issue):
        first = min((order.get(n, len(order)) for n in issue.nodes), default=len(order))
        # the empty header comes first whatever the points: nothing can be filed without it
        return (issue.code != "no_unit", -issue.at_stake, first, CODES.index(issue.code), issue.key)

    issues.sort(key=rank)
    days = (m.deadline - today).days if m.deadline else None
    return Readiness(today, m.deadline, days, result, tuple(issues), tuple(header), tuple(attached))


def _dated(item: Item, ids: tuple[str, ...], compiled: CompiledScheme) -> list[tuple[dt.date, dt.date]]:
    """Each distinct date of an item with the latest day it may carry.

    The item's own date (a document or a date value) belongs to the data period,
    extended to the due date of a ``deadline`` rule that reads it. Supporting
    documents of a figure (reports, minutes) are written after the cut-off: they
    may run to the submission deadline.
    """
    m = compiled.scheme.model
    own_last = max([m.period.to] + [compiled.rules[i].due for i in ids
                                     if getattr(compiled.rules.get(i), "kind", "") == "deadline"])
    doc_last = max(m.period.to, m.deadline) if m.deadline else m.period.to
    out: dict[dt.date, dt.date] = {}
    own = item.own_document
    if item.type in ("document", "date") and isinstance(item.value, dt.date):
        out[item.value] = own_last
    for doc in item.documents:
        if doc.date is not None and doc is not own and doc.date not in out:
            out[doc.date] = doc_last
    return list(out.items())


def _loss(before: ScoreResult, after: ScoreResult, ids: tuple[str, ...]) -> Decimal:
    """Points the reading criteria lose from ``before`` to ``after``.

    A criterion excluded as "không phát sinh" before and counted after loses its
    whole applicable maximum less what it still earns.
    """
    total = Decimal(0)
    for nid in ids:
        old, new = before.nodes[nid], after.nodes[nid]
        if new.excluded:
            continue
        total += (new.max - new.points) if old.excluded else (old.points - new.points)
    return max(total, Decimal(0))


# ---- rendering -----------------------------------------------------------------

_T = {
    "vi": {
        "head": "Kiểm tra hồ sơ tự chấm điểm — {unit}",
        "scheme": "Bộ tiêu chí: {id} v{version}",
        "left": "Hạn nộp: {deadline} — còn {days} ngày (hôm nay {today}).",
        "today_due": "Hạn nộp: {deadline} — hôm nay là hạn chót.",
        "overdue": "Hạn nộp: {deadline} — đã quá hạn {days} ngày (hôm nay {today}).",
        "no_deadline": "Bộ tiêu chí không quy định hạn nộp (hôm nay {today}).",
        "score": "Điểm tự chấm hiện tại: {points} / {max} điểm — Chỉ số {index}% — Xếp loại: {band}.",
        "todo": "Cần xử lý ({n} việc), xếp theo số điểm có thể mất:",
        "ready": "Hồ sơ sẵn sàng: không còn việc cần xử lý.",
        "stake": "{points} điểm",
        "missing": "Thiếu tài liệu kiểm chứng: {what}.",
        "manual_no_justification": "Tự chấm {points} điểm nhưng chưa có giải trình: {what}.",
        "na_no_reason": "Kê khai «không phát sinh» nhưng chưa ghi lý do: {what}.",
        "no_number": "Văn bản chưa có số: {what}; {doc}.",
        "no_date": "Văn bản chưa có ngày: {what}; {doc}.",
        "outside_period": "Ngày {date} nằm ngoài kỳ số liệu {from_}–{to}: {what}.",
        "file_missing": "Không tìm thấy tệp đính kèm «{file}»: {what}.",
        "file_unreadable": "Không đọc được tệp đính kèm «{file}»: {what}.",
        "file_empty": "Tệp đính kèm «{file}» rỗng (0 byte): {what}.",
        "file_not_document": "Tệp đính kèm «{file}» không phải PDF, ảnh hay văn bản Office: {what}.",
        "no_unit": "Chưa điền phần đầu phiếu: {fields}. Phải điền trước khi chấm điểm chính thức và lập báo cáo.",
        "unit.id": "Mã đơn vị (chữ thường không dấu, nối bằng gạch ngang, ví dụ phuong-1-tay-ninh)",
        "unit.name": "Tên đơn vị",
        "required": "bắt buộc",
        "criteria": "tiêu chí {ids}",
        "at": "vị trí",
        "note": ("Lưu ý: lệnh check trả mã 0 khi dữ liệu hợp lệ, kể cả khi còn việc cần xử lý; "
                 "mã 1 khi tệp không hợp lệ."),
    },
    "en": {
        "head": "Readiness check — {unit}",
        "scheme": "Scheme: {id} v{version}",
        "left": "Deadline: {deadline} — {days} days left (today {today}).",
        "today_due": "Deadline: {deadline} — today is the deadline.",
        "overdue": "Deadline: {deadline} — {days} days overdue (today {today}).",
        "no_deadline": "The scheme sets no deadline (today {today}).",
        "score": "Current self-score: {points} / {max} points — index {index}% — band: {band}.",
        "todo": "To do ({n} items), by points at stake:",
        "ready": "Ready: nothing left to do.",
        "stake": "{points} points",
        "missing": "Missing evidence: {what}.",
        "manual_no_justification": "Self-scored {points} points without a justification: {what}.",
        "na_no_reason": "\"Did not occur\" claimed without a reason: {what}.",
        "no_number": "Document without a number: {what}; {doc}.",
        "no_date": "Document without a date: {what}; {doc}.",
        "outside_period": "Date {date} is outside the data period {from_}–{to}: {what}.",
        "file_missing": "Attached file \"{file}\" not found: {what}.",
        "file_unreadable": "Attached file \"{file}\" cannot be read: {what}.",
        "file_empty": "Attached file \"{file}\" is empty (0 bytes): {what}.",
        "file_not_document": "Attached file \"{file}\" is not a PDF, an image or an office document: {what}.",
        "no_unit": "The form's header is not filled in: {fields}. Required before official scoring and the report.",
        "unit.id": "Unit id (lower case, no diacritics, words joined by hyphens, e.g. phuong-1-tay-ninh)",
        "unit.name": "Unit name",
        "required": "required",
        "criteria": "criteria {ids}",
        "at": "at",
        "note": "Note: check exits 0 when the input is valid, even with items to do; 1 when a file is invalid.",
    },
}


def render_text(r: Readiness, titles: Mapping[str, str], lang: str,
                show: Callable[[Loc], str] = str) -> str:
    t = _T[lang]
    res = r.result
    d = lambda x: i18n.date(x, lang)  # noqa: E731
    out = [t["head"].format(unit=res.unit_name), t["scheme"].format(id=res.scheme_id, version=res.scheme_version)]
    if r.deadline is None:
        out.append(t["no_deadline"].format(today=d(r.today)))
    elif r.days_left == 0:
        out.append(t["today_due"].format(deadline=d(r.deadline)))
    elif r.days_left > 0:
        out.append(t["left"].format(deadline=d(r.deadline), days=r.days_left, today=d(r.today)))
    else:
        out.append(t["overdue"].format(deadline=d(r.deadline), days=-r.days_left, today=d(r.today)))
    tot = res.total
    out.append(t["score"].format(points=i18n.num(tot.points, lang), max=i18n.num(tot.max, lang),
                                 index=i18n.index(tot.index, lang), band=i18n.band(tot.band, lang)))
    out.append("")
    if not r.issues:
        out.append(t["ready"])
    else:
        out.append(t["todo"].format(n=len(r.issues)))
        width = len(str(len(r.issues)))
        for i, issue in enumerate(r.issues, start=1):
            if issue.code == "no_unit":   # the cells are in the message; no points to show
                out.append(f"{i:>{width}}. [{t['required']}] {message(issue, titles, lang, show)}")
                continue
            out.append(f"{i:>{width}}. [−{t['stake'].format(points=i18n.num(issue.at_stake, lang))}] "
                       f"{message(issue, titles, lang)}" + (f" ({t['at']} {show(issue.loc)})" if issue.loc else ""))
    out += ["", t["note"], ""]
    return "\n".join(out)


def message(issue: Issue, titles: Mapping[str, str], lang: str, show: Callable[[Loc], str] = str) -> str:
    t = _T[lang]
    if issue.code == "no_unit":
        fields = "; ".join(f"{t[g.field]} — {_place(g.loc, show, lang)}" for g in issue.data["gaps"])
        return t["no_unit"].format(fields=fields)
    q = ("«{}»" if lang == "vi" else "\"{}\"").format(titles.get(issue.key, issue.key))
    what = f"{q} ({issue.key})"
    if issue.nodes:
        what += " — " + t["criteria"].format(ids=", ".join(issue.nodes))
    data = issue.data
    kw: dict[str, Any] = {"what": what}
    if "document" in data:
        from .explain import Explainer
        kw["doc"] = Explainer(titles, lang).doc(data["document"].to_json())
    if issue.code == "outside_period":
        kw.update(date=i18n.date(data["date"], lang), from_=i18n.date(data["from"], lang), to=i18n.date(data["to"], lang))
    if "points" in data:
        kw["points"] = i18n.num(data["points"], lang)
    if "file" in data:
        kw["file"] = data["file"]
    return t[issue.code].format(**kw)


def _place(loc: Loc, show: Callable[[Loc], str], lang: str) -> str:
    """Where to write: the cell of a form («ô Tài liệu kiểm chứng!C5»), else file:line."""
    if loc.cell:
        return ("ô " if lang == "vi" else "cell ") + loc.cell
    return show(loc)


def to_json(r: Readiness, titles: Mapping[str, str], lang: str) -> dict:
    res = r.result
    empty = {g.field for g in r.header}
    return {
        "criteria": {"id": res.scheme_id, "version": res.scheme_version},
        "unit": {"id": None if "unit.id" in empty else res.unit_id,
                 "name": None if "unit.name" in empty else res.unit_name},
        "draft": bool(r.header),
        "today": r.today.isoformat(), "deadline": r.deadline.isoformat() if r.deadline else None,
        "days_left": r.days_left,
        "total": {"points": res.total.points, "max": res.total.max, "index": res.total.index, "band": res.total.band},
        "issues": [{"code": i.code, "key": i.key, "title": titles.get(i.key, i.key), "nodes": list(i.nodes),
                    "points_at_stake": i.at_stake, "message": message(i, titles, lang),
                    "file": i.loc.file if i.loc else None, "line": i.loc.line if i.loc else None,
                    "cell": (i.loc.cell or None) if i.loc else None,
                    **({"fields": [{"field": g.field, "file": g.loc.file, "line": g.loc.line,
                                    "cell": g.loc.cell or None} for g in i.data["gaps"]]}
                       if i.code == "no_unit" else {})} for i in r.issues],
        "attachments": [{"key": a.key, "file": a.file, "status": a.status, "type": a.kind, "bytes": a.size,
                         "sha256": a.sha256} for a in r.attachments],
    }
