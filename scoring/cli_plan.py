"""``parscore plan show|derive``: a unit's CCHC plan, task by task, and the evidence it yields.

``show PLAN [--completions FILE] [--today DATE]`` prints the targets, the task table
with due dates and status as of --today (default: today), and the derived figures.
``derive PLAN [--completions FILE] [--criteria FILE] [--map FIGURE=KEY] [-o FILE]``
writes an ``evidence:`` YAML fragment (with the per-task trace as comments) to merge
into the unit's evidence file. Bad input → located plan_* diagnostics, exit 1.
"""
from __future__ import annotations

import datetime as dt
import json

from criteria import Collector, Loc, suggest
from evidence.plan import COMPARATORS, DEFAULT_MAPPING, FIGURES, Derived, Plan, TaskTrace, derive, to_evidence
from evidence.values import BadValue, Document, parse_date
from rules.numbers import plain

from . import files, i18n
from .cli import EXIT_OK, UsageError, command, emit

L = {
    "vi": {
        "plan": "Kế hoạch CCHC năm {year}", "doc": "Văn bản", "draft": "chưa ghi số, ngày (bản dự thảo)",
        "source": "Nguồn", "records": "Kết quả thực hiện", "in_plan": "ghi trong tệp kế hoạch", "none_rec": "chưa có",
        "as_of": "Tình trạng tính đến ngày", "targets": "Chỉ tiêu", "tasks": "Nhiệm vụ", "figures": "Kết quả",
        "t_head": ("Mã", "Chỉ tiêu", "Yêu cầu", "Thực tế", "Đánh giá"),
        "k_head": ("STT", "Nhiệm vụ", "Thời hạn (ghi trong KH)", "Hạn xét", "Hoàn thành", "Tình trạng", "Văn bản"),
        "met": "Đạt", "unmet": "Không đạt", "no_data": "Chưa có số liệu", "from": "tính từ bảng nhiệm vụ",
        "on_time": "Đúng hạn", "late": "Trễ {n} ngày", "not_done": "Không hoàn thành",
        "overdue": "Chưa có số liệu (đã quá hạn)", "pending": "Chưa có số liệu (chưa đến hạn)",
        "not_applicable": "Không phát sinh",
        "recurring": "thường xuyên", "conditional": "theo văn bản khác", "unstated": "không ghi hạn",
        "milestones": "mốc cuối", "set": "ghi trong tệp",
        "n_total": "Số nhiệm vụ tính: {t}", "n_excl": " (không phát sinh, không tính: {x})",
        "n_done": "Đã hoàn thành: {d}/{t} = {s}% (đúng hạn {o}, trễ hạn {l})",
        "n_on": "Hoàn thành đúng hạn: {o}/{t} = {s}%",
        "n_open": "Ghi nhận không hoàn thành: {nd}",
        "n_unknown": ("Chưa có số liệu: {u}/{t} nhiệm vụ chưa có kết quả thực hiện ({ov} đã quá hạn, {p} chưa "
                      "đến hạn) — tỷ lệ hoàn thành chưa tính được (không phải 0%). Ghi kết quả từng nhiệm vụ "
                      "vào tệp kết quả thực hiện: parscore plan template KẾ_HOẠCH -o ket-qua.yaml"),
        "n_known": "Đã ghi nhận: {r}/{t} nhiệm vụ (hoàn thành {d}, trong đó đúng hạn {o}, trễ hạn {l})",
        "n_tg": "Chỉ tiêu đạt: {m}/{k} chỉ tiêu có số liệu (tổng {n} chỉ tiêu)",
        "rule": ("Cách tính: tỷ lệ = số nhiệm vụ ÷ số nhiệm vụ tính × 100, làm tròn nửa lên đến 2 chữ số thập phân. "
                 "Nhiệm vụ thường xuyên, định kỳ, theo văn bản khác hoặc không ghi hạn: tính là hoàn thành khi có "
                 "kết quả, đúng hạn nếu xong trước hoặc trong ngày {end}."),
        "frag": "Tài liệu kiểm chứng rút ra từ {plan} — {unit}", "files": "Kế hoạch: {p}; kết quả thực hiện: {c}",
        "paste": "parscore plan derive: dán hoặc gộp mục \"evidence:\" dưới đây vào tệp kê khai tài liệu kiểm chứng của đơn vị.",
        "per_task": "Từng nhiệm vụ (STT | thời hạn ghi trong KH → hạn xét | hoàn thành | tình trạng | văn bản):",
        "no_ev": ("Chưa rút ra được tài liệu kiểm chứng nào: nhiệm vụ chưa có đủ kết quả thực hiện "
                  "(chưa có số liệu, không ghi 0) và không có chỉ tiêu có số liệu gắn với khóa trong danh mục."),
    },
    "en": {
        "plan": "CCHC plan {year}", "doc": "Document", "draft": "not numbered or dated (draft)",
        "source": "Source", "records": "Completion records", "in_plan": "in the plan file", "none_rec": "none",
        "as_of": "Status as of", "targets": "Targets", "tasks": "Tasks", "figures": "Figures",
        "t_head": ("Id", "Target", "Required", "Actual", "Result"),
        "k_head": ("No.", "Task", "Deadline (as written)", "Judged by", "Done", "Status", "Document"),
        "met": "met", "unmet": "not met", "no_data": "no data", "from": "from the task table",
        "on_time": "on time", "late": "late by {n} days", "not_done": "not done",
        "overdue": "no data (past due)", "pending": "no data (not yet due)", "not_applicable": "not applicable",
        "recurring": "recurring", "conditional": "set by another document", "unstated": "no deadline written",
        "milestones": "last milestone", "set": "set in the file",
        "n_total": "Tasks counted: {t}", "n_excl": " (not applicable, left out: {x})",
        "n_done": "Done: {d}/{t} = {s}% (on time {o}, late {l})",
        "n_on": "Done on time: {o}/{t} = {s}%",
        "n_open": "Recorded not done: {nd}",
        "n_unknown": ("No data: {u}/{t} tasks have no completion record ({ov} past due, {p} not yet due) — the "
                      "share done cannot be computed (it is not 0%). Record each task in a completions file: "
                      "parscore plan template PLAN -o completions.yaml"),
        "n_known": "Recorded: {r}/{t} tasks (done {d}, on time {o}, late {l})",
        "n_tg": "Targets met: {m}/{k} with data ({n} targets in all)",
        "rule": ("Rule: share = tasks ÷ tasks counted × 100, rounded half-up to 2 decimals. Recurring, "
                 "conditional or undated tasks count as done when recorded, on time when done by {end}."),
        "frag": "Evidence derived from {plan} — {unit}", "files": "Plan: {p}; completion records: {c}",
        "paste": "parscore plan derive: paste or merge the \"evidence:\" mapping below into the unit's evidence file.",
        "per_task": "Task by task (no. | deadline as written → judged by | done | status | document):",
        "no_ev": ("No evidence entry could be derived yet: tasks lack completion records (no data, never 0) "
                  "and no target with an actual is tied to a catalogue key."),
    },
}


def add_parsers(sub, common) -> None:
    sp = sub.add_parser("plan", help="a unit's CCHC plan: targets, tasks, completion, derived evidence")
    psub = sp.add_subparsers(dest="plan_command", metavar="ACTION", parser_class=type(sp))
    show = psub.add_parser("show", help="targets and the task table with due dates, status and derived figures")
    show.add_argument("plan", help="plan file (YAML)")
    show.add_argument("--completions", help="completion records (YAML), merged into the plan's")
    show.add_argument("--today", help="judge overdue/pending as of this date (dd/mm/yyyy; default today)")
    common(show)
    der = psub.add_parser("derive", help="write the derived evidence as a YAML fragment (evidence: mapping)")
    der.add_argument("plan", help="plan file (YAML)")
    der.add_argument("--completions", help="completion records (YAML), merged into the plan's")
    der.add_argument("--today", help="for the comments: overdue/pending as of this date (default today)")
    der.add_argument("--criteria", help="check the evidence keys against this criteria file's catalogue")
    der.add_argument("--map", action="append", metavar="FIGURE=KEY",
                     help=f"send a derived figure ({', '.join(FIGURES)}) to a catalogue key; "
                          f"default share_done=ty_le_hoan_thanh")
    common(der, fmt=None)
    tpl = psub.add_parser("template", help="a completions file to fill in, task by task (YAML)")
    tpl.add_argument("plan", help="plan file (YAML)")
    tpl.add_argument("--criteria", help="name the criteria each linked key feeds (default: the model scheme)")
    common(tpl, fmt=None)


@command("plan")
def cmd_plan(args) -> int:
    if not getattr(args, "plan_command", None):
        raise UsageError("parscore plan: choose an action: show, derive or template (parscore plan --help)")
    from criteria import load_scheme             # imported when run, not by parscore --help
    from evidence.plan_load import load_plan
    if args.plan_command == "template":
        from .plan_template import completions_template
        plan = load_plan(args.plan)
        scheme = load_scheme(args.criteria or files.EXAMPLE_CRITERIA)
        emit(args, completions_template(plan, scheme, args.lang))
        return EXIT_OK
    today = _date_arg(args.today, "--today") if args.today else dt.date.today()
    plan = load_plan(args.plan, args.completions)
    if args.plan_command == "show":
        d = derive(plan, today)
        if args.format == "json":
            from .report import dumps
            emit(args, dumps(plan_json(plan, d)))
        else:
            emit(args, render(plan, d, args.lang, markdown=args.format == "md"))
        return EXIT_OK
    mapping = _mapping(args.map)
    d = derive(plan, today)  # the figures do not depend on the date, only the comments' overdue/pending
    catalogue = load_scheme(args.criteria or files.EXAMPLE_CRITERIA).model.evidence
    ev = to_evidence(plan, mapping, d, {k: v.type for k, v in catalogue.items()})
    if args.criteria:
        check_keys(ev, plan, mapping, args.criteria)
    emit(args, fragment(plan, d, ev, args.lang))
    return EXIT_OK


def _date_arg(text: str, flag: str) -> dt.date:
    try:
        return parse_date(text)
    except BadValue as exc:
        raise UsageError(f"parscore plan: {flag}: {exc}") from None


def _mapping(items: list[str] | None) -> dict:
    if not items:
        return dict(DEFAULT_MAPPING)
    out = {}
    for item in items:
        figure, sep, key = item.partition("=")
        if not sep or figure not in FIGURES or not key.strip():
            raise UsageError(f"parscore plan derive: --map {item!r}: write FIGURE=KEY with FIGURE one of "
                             f"{', '.join(FIGURES)}{suggest(figure, FIGURES)}")
        out[figure] = key.strip()
    return out


def check_keys(ev: dict, plan: Plan, mapping: dict, criteria: str) -> None:
    """Every derived key must be in the scheme's catalogue with a type its value fits."""
    from criteria import load_scheme
    catalogue = load_scheme(criteria).model.evidence
    by_key = {k: t.loc for t in plan.tasks for k in t.evidence}
    by_key.update({t.evidence: t.loc for t in plan.targets if t.evidence})
    out = Collector()
    for key, entry in ev.items():
        loc = by_key.get(key, Loc(plan.file))
        spec = catalogue.get(key)
        if spec is None:
            out.add("plan_unknown_evidence", loc, f'"{key}" is not in the catalogue of {files.rel(criteria)}'
                    f"{suggest(key, catalogue)}")
            continue
        if "document" in entry:
            if spec.type not in ("document", "boolean"):
                out.add("plan_evidence_type", loc, f'"{key}" is a {spec.type} in the catalogue; a task\'s document '
                        "supports a document or a yes/no key")
            continue
        v = entry["value"]
        fits = {"percent": 0 <= v <= 100, "number": True, "count": v == int(v) and v >= 0}.get(spec.type, False)
        if not fits:
            out.add("plan_evidence_type", loc, f'"{key}" is a {spec.type} in the catalogue; {plain(v)} does not fit')
    out.check()


def _status(t: TaskTrace, lang: str) -> str:
    text = L[lang][t.status].format(n=t.late_days)
    return f"{text}: {t.reason}" if t.reason and t.status in ("not_done", "not_applicable") else text


def _judged(t: TaskTrace, lang: str) -> str:
    shown = i18n.date(t.judged, lang)
    return shown if t.kind in ("date", "period") else f"{shown} ({L[lang][t.kind]})"


def _doc(doc: Document | None, lang: str) -> str:
    if doc is None:
        return "—"
    day = i18n.date(doc.date, lang) if doc.date else None
    if doc.number and day:
        return f"{doc.number} {'ngày' if lang == 'vi' else 'of'} {day}"
    return doc.number or day or doc.title or "—"


def _clip(text: str | None, width: int | None) -> str:
    text = " ".join((text or "—").split())
    return text if width is None or len(text) <= width else text[: width - 1].rstrip() + "…"


def _required(t, lang: str) -> str:
    unit = "" if not t.unit else (t.unit if t.unit == "%" else f" {t.unit}")
    return f"{COMPARATORS[t.comparator]} {i18n.num(t.threshold, lang)}{unit}"


def header_lines(plan: Plan, lang: str) -> list[str]:
    w, info = L[lang], plan.info
    day = i18n.date(info.date, lang)
    if info.date and info.number:
        doc = f"{info.number} {'ngày' if lang == 'vi' else 'of'} {day}"
    elif info.date:
        doc = f"chưa ghi số, ngày {day}" if lang == "vi" else f"no number, dated {day}"
    else:
        doc = info.number or w["draft"]
    rec = plan.completions_file and files.rel(plan.completions_file)
    rec = rec or (w["in_plan"] if plan.completions else w["none_rec"])
    lines = [f"{w['doc']}: {doc} — {info.title}"]
    if info.source:
        lines.append(f"{w['source']}: {info.source}")
    lines.append(f"{w['records']}: {rec}")
    return lines


def figure_lines(plan: Plan, d: Derived, lang: str) -> list[str]:
    w = L[lang]
    pct = (lambda v: i18n.index(v, lang) if v is not None else "—")
    open_ = [t for t in d.tasks if t.status in ("not_done", "overdue", "pending")]
    count = (lambda s: sum(1 for t in open_ if t.status == s))
    lines = [w["n_total"].format(t=d.total) + (w["n_excl"].format(x=d.excluded) if d.excluded else "")]
    if d.complete:
        lines += [w["n_done"].format(d=d.done, t=d.total, s=pct(d.share_done), o=d.on_time, l=d.late),
                  w["n_on"].format(o=d.on_time, t=d.total, s=pct(d.share_on_time)),
                  w["n_open"].format(nd=count("not_done"))]
    else:   # no record is no data: the share is unknown, never 0 %
        lines += [w["n_unknown"].format(u=d.unrecorded, t=d.total, ov=count("overdue"), p=count("pending")),
                  w["n_known"].format(r=d.total - d.unrecorded, t=d.total, d=d.done, o=d.on_time, l=d.late)]
        if count("not_done"):
            lines.append(w["n_open"].format(nd=count("not_done")))
    if plan.targets:
        lines.append(w["n_tg"].format(m=d.targets_met, k=d.targets_known, n=len(plan.targets)))
    lines.append(w["rule"].format(end=i18n.date(dt.date(plan.info.year, 12, 31), lang)))
    return lines


def render(plan: Plan, d: Derived, lang: str, markdown: bool = False) -> str:
    from tabulate import tabulate
    """The plan as people read it: header, targets, tasks (one row each), figures."""
    w, info = L[lang], plan.info
    h = (lambda s: f"## {s}") if markdown else (lambda s: f"{s}\n" + "-" * len(s))
    fmt, width = ("github", None) if markdown else ("simple", 48)
    title = f"{w['plan'].format(year=info.year)} — {info.unit_name}"
    out = [f"# {title}" if markdown else title, ""]
    out += [line + ("  " if markdown else "") for line in header_lines(plan, lang)]
    out += [f"{w['as_of']}: {i18n.date(d.as_of, lang)}" if d.as_of else "", ""]
    if plan.targets:
        rows = []
        for r in d.targets:
            t = r.target
            actual = "—" if r.actual is None else i18n.num(r.actual, lang) + (t.unit if t.unit == "%" else "")
            if t.source and r.actual is not None:
                actual += f" ({w['from']})"
            rows.append((t.id, _clip(t.metric, width and 60), _required(t, lang), actual, w[r.status]))
        out += [h(f"{w['targets']} ({len(plan.targets)})"), "",
                tabulate(rows, headers=w["t_head"], tablefmt=fmt, disable_numparse=True), ""]
    cell = (lambda text: text.replace("|", "\\|")) if markdown else (lambda text: text)
    rows = [(t.id, cell(_clip(t.task, width)), _clip(t.deadline_text, width and 28), _judged(t, lang),
             i18n.date(t.done, lang) if t.done else "—", _clip(_status(t, lang), width and 40), _doc(t.document, lang))
            for t in d.tasks]
    out += [h(f"{w['tasks']} ({len(d.tasks)})"), "",
            tabulate(rows, headers=w["k_head"], tablefmt=fmt, disable_numparse=True), ""]
    out += [h(w["figures"]), ""] + [f"- {line}" for line in figure_lines(plan, d, lang)] + [""]
    return "\n".join(out)


def plan_json(plan: Plan, d: Derived) -> dict:
    from .report.jsonout import to_plain
    info = plan.info
    doc = (lambda x: None if x is None else x.to_json())
    links = {t.id: t.evidence for t in plan.tasks}
    return to_plain({
        "plan": {"unit": {"id": info.unit_id, "name": info.unit_name, "province": info.province},
                 "year": info.year, "number": info.number, "date": info.date, "title": info.title,
                 "source": info.source, "file": plan.file, "completions_file": plan.completions_file},
        "as_of": d.as_of,
        "figures": {"total": d.total, "excluded": d.excluded, "unrecorded": d.unrecorded,
                    "done": d.figure("done"), "on_time": d.figure("on_time"),
                    "late": d.late if d.complete else None,
                    "share_done": d.share_done, "share_on_time": d.share_on_time,
                    "targets_met": d.targets_met, "targets_with_data": d.targets_known},
        "targets": [{"id": r.target.id, "metric": r.target.metric, "comparator": r.target.comparator,
                     "threshold": r.target.threshold, "unit": r.target.unit, "actual": r.actual,
                     "source": r.target.source, "evidence": r.target.evidence, "status": r.status}
                    for r in d.targets],
        "tasks": [{"id": t.id, "task": t.task, "lead": t.lead, "deadline": t.deadline_text, "kind": t.kind,
                   "evidence": list(links.get(t.id, ())),
                   "due": t.due, "judged": t.judged, "done": t.done, "status": t.status, "late_days": t.late_days,
                   "reason": t.reason, "document": doc(t.document)} for t in d.tasks],
    })


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _yaml_doc(doc: Document) -> str:
    parts = []
    for key in ("number", "date", "title", "file", "page"):
        v = getattr(doc, key)
        if v is not None:
            parts.append(f"{key}: {v.strftime('%d/%m/%Y') if isinstance(v, dt.date) else _q(v)}")
    return "{" + ", ".join(parts) + "}"


def fragment(plan: Plan, d: Derived, ev: dict, lang: str) -> str:
    """The ``evidence:`` mapping as YAML, preceded by comments that explain it task by task."""
    w, info = L[lang], plan.info
    c = plan.completions_file and files.rel(plan.completions_file)
    c = c or (w["in_plan"] if plan.completions else w["none_rec"])
    out = ["# " + w["frag"].format(plan=w["plan"].format(year=info.year), unit=info.unit_name),
           "# " + w["files"].format(p=files.rel(plan.file), c=c),
           "# " + w["paste"], "#", "# " + w["per_task"]]
    for t in d.tasks:
        done = i18n.date(t.done, lang) if t.done else "—"
        line = f"#   {t.id} | {_clip(t.deadline_text, 40)} → {_judged(t, lang)} | {done} | {_status(t, lang)}"
        out.append(line + (f" | {_doc(t.document, lang)}" if t.document else ""))
    out += ["#"] + [f"# {line}" for line in figure_lines(plan, d, lang)]
    if not ev:
        return "\n".join(out + ["# " + w["no_ev"], "evidence: {}", ""])
    out.append("evidence:")
    for key, entry in ev.items():
        if "document" in entry:    # a finished task's document, for the key it is linked to
            doc = entry["document"]
            if entry["type"] == "document":
                body = _yaml_doc(doc)[1:-1]
                out.append(f"  {key}: {{{body}, note: {_q(entry['note'])}}}")
            else:
                out.append(f"  {key}: {{value: true, note: {_q(entry['note'])}, documents: [{_yaml_doc(doc)}]}}")
            continue
        out += [f"  {key}:", f"    value: {plain(entry['value'])}", f"    note: {_q(entry['note'])}"]
        if entry["documents"]:
            out.append("    documents:")
            out += [f"      - {_yaml_doc(doc)}" for doc in entry["documents"]]
    return "\n".join(out) + "\n"
