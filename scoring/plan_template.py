"""``parscore plan template PLAN``: a completions file to fill in, one commented entry per task.

The template loads as it is (every entry commented out = no record yet, so the
plan's figures are "chưa có số liệu", never 0 %). An officer uncomments a task's
line and writes its done date and document, or ``not_done`` / ``not_applicable``
with a reason. Each task says its deadline as written and the date it is judged
by, and which catalogue keys (criteria) its document supports.
"""
from __future__ import annotations

import json

from criteria import LoadedScheme
from evidence.plan import COMPARATORS, Plan

from . import i18n

T = {
    "vi": {
        "head": "Kết quả thực hiện {title} — {unit}",
        "how": ["Mỗi nhiệm vụ: bỏ dấu \"# \" ở đầu dòng mã nhiệm vụ và ghi MỘT trong ba dạng:",
                "  \"3\": {done: dd/mm/yyyy, document: {number: \"…\", date: dd/mm/yyyy, title: \"…\"}}   # đã hoàn thành",
                "  \"3\": {status: not_done, reason: \"…\"}          # không hoàn thành (vẫn tính vào mẫu số)",
                "  \"3\": {status: not_applicable, reason: \"…\"}    # không phát sinh (không tính)",
                "Nhiệm vụ còn để dòng ghi chú = chưa có số liệu: tỷ lệ hoàn thành chỉ được tính khi mọi",
                "nhiệm vụ đã có kết quả (không bao giờ coi là 0%)."],
        "use": "Dùng: parscore plan show {plan} --completions TỆP_NÀY",
        "report": "# report: {number: \"…/BC-UBND\", date: dd/mm/yyyy, title: \"Báo cáo kết quả thực hiện công tác CCHC năm {year}\", page: \"…\"}",
        "task": "{id}. {task}",
        "due": "   thời hạn: {text} → hạn xét {judged}{lead}",
        "lead": "; chủ trì: {lead}",
        "no_deadline": "(không ghi)",
        "links": "   tài liệu kiểm chứng cho: {links}",
        "link": "«{title}» ({key}, tiêu chí {ids})",
        "unknown": "{key} (không có trong danh mục {scheme})",
        "actuals": "Kết quả các chỉ tiêu (bỏ dấu \"# \" và ghi số đạt được):",
        "target": "{id}: {metric} — yêu cầu {req}",
        "placeholder": "{{done: dd/mm/yyyy, document: {{number: \"…\", date: dd/mm/yyyy, title: \"…\"}}}}",
    },
    "en": {
        "head": "Completion records of {title} — {unit}",
        "how": ["Each task: remove the \"# \" before its id and write ONE of:",
                "  \"3\": {done: yyyy-mm-dd, document: {number: \"…\", date: yyyy-mm-dd, title: \"…\"}}   # done",
                "  \"3\": {status: not_done, reason: \"…\"}          # not done (still counted)",
                "  \"3\": {status: not_applicable, reason: \"…\"}    # did not occur (left out)",
                "A task left commented has no data: the share done is computed only once every task",
                "has a record (never taken as 0%)."],
        "use": "Use: parscore plan show {plan} --completions THIS_FILE",
        "report": "# report: {number: \"…\", date: yyyy-mm-dd, title: \"Annual CCHC report {year}\", page: \"…\"}",
        "task": "{id}. {task}",
        "due": "   deadline: {text} → judged by {judged}{lead}",
        "lead": "; lead: {lead}",
        "no_deadline": "(none written)",
        "links": "   evidence for: {links}",
        "link": "\"{title}\" ({key}, criteria {ids})",
        "unknown": "{key} (not in the catalogue of {scheme})",
        "actuals": "Target results (remove the \"# \" and write the figure reached):",
        "target": "{id}: {metric} — required {req}",
        "placeholder": "{{done: yyyy-mm-dd, document: {{number: \"…\", date: yyyy-mm-dd, title: \"…\"}}}}",
    },
}


def completions_template(plan: Plan, scheme: LoadedScheme, lang: str = "vi") -> str:
    t, info = T[lang], plan.info
    catalogue = scheme.model.evidence
    title = f"Kế hoạch CCHC năm {info.year}" if lang == "vi" else f"CCHC plan {info.year}"
    if info.number:
        title += f" ({info.number})"
    out = [f"# {t['head'].format(title=title, unit=info.unit_name)}"]
    out += [f"# {line}" if line else "#" for line in t["how"]]
    out += [f"# {t['use'].format(plan=plan.file)}", "",
            f"unit: {info.unit_id}", f"year: {info.year}", t["report"].replace("{year}", str(info.year)), "",
            "completions:"]
    for task in plan.tasks:
        dl = task.deadline
        out.append(f"  # {t['task'].format(id=task.id, task=' '.join(task.task.split()))}")
        lead = t["lead"].format(lead=" ".join(task.lead.split())) if task.lead else ""
        text = " ".join((dl.text or t["no_deadline"]).split())
        out.append(f"  # {t['due'].format(text=text, judged=i18n.date(dl.judged, lang), lead=lead)}")
        if task.evidence:
            links = []
            for key in task.evidence:
                spec = catalogue.get(key)
                if spec is None:
                    links.append(t["unknown"].format(key=key, scheme=scheme.id))
                else:
                    ids = ", ".join(r.id for r in scheme.readers(key)) or "—"
                    links.append(t["link"].format(title=spec.title, key=key, ids=ids))
            out.append(f"  # {t['links'].format(links='; '.join(links))}")
        out.append(f"  # {json.dumps(task.id)}: {t['placeholder'].format()}")
        out.append("")
    open_targets = [x for x in plan.targets if x.actual is None and x.source is None]
    if open_targets:
        out += [f"# {t['actuals']}", "actuals:"]
        for x in open_targets:
            unit = "" if not x.unit else (x.unit if x.unit == "%" else f" {x.unit}")
            req = f"{COMPARATORS[x.comparator]} {i18n.num(x.threshold, lang)}{unit}"
            metric = " ".join(x.metric.split())
            out.append(f"  # {t['target'].format(id=x.id, metric=metric, req=req)}")
            out.append(f"  # {x.id}: …")
    return "\n".join(out) + "\n"
