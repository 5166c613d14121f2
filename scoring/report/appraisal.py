"""Reconciliation reports (biên bản thẩm định): text, Markdown and JSON."""
from __future__ import annotations

import os

from tabulate import tabulate

from .. import i18n
from ..explain import Explainer
from ..reconcile import Reconciliation
from .common import table
from .jsonout import result_json

CATEGORY = {
    "vi": {"evidence_rejected": "Không chấp nhận TLKC", "evidence_corrected": "Điều chỉnh số liệu",
           "late": "Trễ hạn", "below_band": "Không đạt mức", "direct_override": "Chấm trực tiếp",
           "response": "Theo giải trình", "what_if": "Xem thử", "survey": "Khảo sát"},
    "en": {"evidence_rejected": "evidence rejected", "evidence_corrected": "evidence corrected",
           "late": "late", "below_band": "below band", "direct_override": "direct override",
           "response": "after response", "what_if": "what-if", "survey": "survey"},
}

W = {
    "vi": {"title": "BIÊN BẢN THẨM ĐỊNH KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC",
           "self": "Tự chấm", "round": "Vòng", "response": "Giải trình", "what-if": "Xem thử",
           "diff": "Chênh lệch", "ledger": "Các điểm bị trừ khi thẩm định (lớn nhất trước)",
           "gains": "Điểm được cộng thêm và thay đổi khác", "reason": "Lý do", "category": "Phân loại",
           "check": "Đối chiếu", "trace_self": "Tự chấm", "trace_appr": "Thẩm định",
           "on": "ngày", "row_total": "Tổng điểm", "row_max": "Điểm tối đa áp dụng", "row_index": "Chỉ số (%)",
           "row_band": "Xếp loại", "appraised": "Thẩm định", "none": "Không có.", "unit": "Đơn vị",
           "scheme": "Bộ tiêu chí", "ok": "khớp", "mismatch": "KHÔNG KHỚP"},
    "en": {"title": "APPRAISAL RECONCILIATION OF THE PAR INDEX SELF-ASSESSMENT",
           "self": "Self", "round": "Round", "response": "Response", "what-if": "What-if",
           "diff": "Difference", "ledger": "Points lost in appraisal (largest first)",
           "gains": "Points gained and other changes", "reason": "Reason", "category": "Category",
           "check": "Check", "trace_self": "Self-score", "trace_appr": "Appraised",
           "on": "on", "row_total": "Total", "row_max": "Applicable maximum", "row_index": "Index (%)",
           "row_band": "Band", "appraised": "Appraised", "none": "None.", "unit": "Unit",
           "scheme": "Scheme", "ok": "adds up", "mismatch": "DOES NOT ADD UP"},
}


def stage_name(label: str, lang: str) -> str:
    w = W[lang]
    kind, _, number = label.partition(" ")
    name = {"round": w["round"], "response": w["response"], "what-if": w["what-if"]}.get(kind, kind)
    return f"{name} {number}".strip()


def reason_text(d, lang: str) -> str:
    """The changes behind a difference, each with the round that made it."""
    return "; ".join(f"{stage_name(label, lang)}: {text.rstrip('. ')}" for label, _, text in d.changes) or "—"


def columns(rec: Reconciliation, lang: str) -> list[tuple[str, object]]:
    cols = [(W[lang]["self"], rec.self_result)]
    cols += [(stage_name(s.label, lang), s.result) for s in rec.stages]
    return cols


def balance_line(rec: Reconciliation, lang: str) -> str:
    w = W[lang]
    total = sum((d.difference for d in rec.differences), 0)
    left, right = rec.self_result.total.points, rec.appraised.total.points
    ok = left + total == right
    op = "−" if total < 0 else "+"
    return (f"{w['check']}: {i18n.num(left, lang)} {op} {i18n.num(abs(total), lang)} = {i18n.num(left + total, lang)}; "
            f"{w['appraised']}: {i18n.num(right, lang)} — {w['ok'] if ok else w['mismatch']}")


def render_reconciliation(rec: Reconciliation, titles: dict, lang: str, markdown: bool = False, bb=None) -> str:
    """The reconciliation; with ``bb`` (``bienban.build_bienban``) framed as a biên bản (letterhead, opening,
    those present before it; conclusion and signatures after it)."""
    w = W[lang]
    ex = Explainer(titles, lang)
    s = rec.self_result
    h = (lambda t: f"## {t}") if markdown else (lambda t: f"{t}\n" + "-" * len(t))
    fmt = "github" if markdown else "simple"
    if bb is not None:
        from .bienban_text import head
        out = head(bb, markdown)
    else:
        out = [f"# {w['title']}" if markdown else w["title"], ""]
    out += [f"{w['unit']}: {s.unit_name} ({s.unit_id})", f"{w['scheme']}: {s.scheme_id} v{s.scheme_version}"]
    for st in rec.stages:
        # Vietnamese names the body after a colon («Vòng 1: Tổ thẩm định …, ngày …»): «bởi» is a calque of "by".
        bits = [st.by if lang == "vi" else f"by {st.by}"] if st.by else []
        if st.date:
            bits.append(f"{w['on']} {i18n.date(st.date, lang)}")
        sep = ": " if lang == "vi" else ", "
        out.append("- " + stage_name(st.label, lang) + (sep + ", ".join(bits) if bits else ""))
    out.append("")
    cols = columns(rec, lang)
    totals = [
        [w["row_total"]] + [i18n.num(r.total.points, lang) for _, r in cols],
        [w["row_max"]] + [i18n.num(r.total.max, lang) for _, r in cols],
        [w["row_index"]] + [i18n.index(r.total.index, lang) for _, r in cols],
        [w["row_band"]] + [i18n.band(r.total.band, lang) for _, r in cols],
    ]
    out += [tabulate(totals, headers=[""] + [c for c, _ in cols], tablefmt=fmt, disable_numparse=True), ""]
    wi = i18n.WORDS[lang]
    rows = []
    for nid, node in s.nodes.items():
        final = rec.appraised.nodes[nid]
        diff = final.points - node.points
        rows.append([nid, ("\u00a0\u00a0" if markdown else "  ") * node.depth + node.title, i18n.num(node.declared_max, lang)]
                    + [i18n.num(r.nodes[nid].points, lang) + ("*" if r.nodes[nid].excluded else "") for _, r in cols]
                    + [i18n.signed(diff, lang) if diff else ""])
    out += [table(rows, [wi["code"], wi["criterion"], wi["max"]] + [c for c, _ in cols] + [w["diff"]], fmt), ""]
    out += [h(w["ledger"]), ""]
    ledger = rec.ledger
    if not ledger:
        out.append(w["none"])
    for d in ledger:
        out.append(f"- {d.id} {d.title}: {i18n.signed(d.difference, lang)} {wi['points']} "
                   f"[{CATEGORY[lang][d.category]}]. {w['reason']}: {reason_text(d, lang)}.")
        out.append(f"    {w['trace_self']}: " + " ".join(ex.node_lines(s.nodes[d.id])[1:]))
        out.append(f"    {w['trace_appr']}: " + " ".join(ex.node_lines(rec.appraised.nodes[d.id])[1:]))
    gained = [d for d in rec.differences if d.difference >= 0]
    if gained:
        out += ["", h(w["gains"]), ""]
        for d in gained:
            out.append(f"- {d.id} {d.title}: {i18n.signed(d.difference, lang)} {wi['points']} "
                       f"[{CATEGORY[lang][d.category]}]. {w['reason']}: {reason_text(d, lang)}.")
    out += ["", balance_line(rec, lang), ""]
    if bb is not None:
        from .bienban_text import tail
        out += tail(bb, markdown)
    return "\n".join(out)


def reconciliation_json(rec: Reconciliation, titles: dict, lang: str) -> dict:
    return {
        "self": result_json(rec.self_result, titles, lang),
        "appraised": result_json(rec.appraised, titles, lang),
        "rounds": [{"label": st.label, "kind": st.kind, "round": st.number, "by": st.by, "date": st.date,
                    "file": os.path.basename(st.file), "total": {"points": st.result.total.points, "max": st.result.total.max,
                                               "index": st.result.total.index, "band": st.result.total.band}}
                   for st in rec.stages],
        "differences": [{"id": d.id, "title": d.title, "self": d.self_points, "appraised": d.appraised_points,
                         "difference": d.difference, "reason": reason_text(d, lang), "category": d.category,
                         "stage": d.stage}
                        for d in rec.differences],
        "history": {nid: [rec.self_result.nodes[nid].points] + [st.result.nodes[nid].points for st in rec.stages]
                    for nid in rec.self_result.nodes},
    }
