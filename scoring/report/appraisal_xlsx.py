"""The reconciliation as a workbook a reviewer prints and signs (Vietnamese headers)."""
from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .. import i18n
from ..reconcile import Reconciliation
from .appraisal import CATEGORY, W, columns, reason_text, stage_name
from .xlsxutil import BOLD, BOX, WRAP, cell_value, new_workbook, setup_print, to_bytes


def reconciliation_xlsx(rec: Reconciliation, titles: dict, lang: str) -> bytes:
    w = W[lang]
    wi = i18n.WORDS[lang]
    s = rec.self_result
    wb = new_workbook()
    ws = wb.active
    ws.title = "Biên bản thẩm định" if lang == "vi" else "Reconciliation"
    cols = columns(rec, lang)
    headers = (["STT", wi["code"], wi["criterion"], wi["max"]] + [c for c, _ in cols]
               + [w["diff"], w["reason"], w["category"]])
    ws.cell(row=1, column=1, value=w["title"]).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=f"{w['unit']}: {s.unit_name} ({s.unit_id})")
    ws.cell(row=3, column=1, value=f"{w['scheme']}: {s.scheme_title} — {s.scheme_id} v{s.scheme_version}")
    row = 4
    for st in rec.stages:
        bits = [stage_name(st.label, lang)]
        if st.by:
            bits.append(st.by)
        if st.date:
            bits.append(i18n.date(st.date, lang))
        ws.cell(row=row, column=1, value=" — ".join(bits))
        row += 1
    header_row = row + 1
    for c, text in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=c, value=text)
        cell.font = BOLD
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    diffs = {d.id: d for d in rec.differences}
    row = header_row + 1
    stt = 0
    for nid, node in s.nodes.items():
        stt += 1
        final = rec.appraised.nodes[nid]
        d = diffs.get(nid)
        values = ([stt, nid, "  " * node.depth + node.title, cell_value(node.declared_max)]
                  + [cell_value(r.nodes[nid].points) for _, r in cols]
                  + [cell_value(final.points - node.points) if final.points != node.points else None,
                     reason_text(d, lang) if d else None, CATEGORY[lang][d.category] if d else None])
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=row, column=c, value=v)
            cell.border = BOX
            cell.alignment = WRAP
            if node.depth == 0:
                cell.font = BOLD
        # wrapped text needs its height: about 1.1 characters per unit of column width
        lines = max(1, -(-len(values[2]) // 60), -(-len(values[-2] or "") // 55))
        ws.row_dimensions[row].height = 15 * lines
        row += 1
    total_cells = [None, None, w["row_total"], cell_value(s.total.max)] + \
        [cell_value(r.total.points) for _, r in cols] + \
        [cell_value(rec.appraised.total.points - s.total.points), None, None]
    for c, v in enumerate(total_cells, start=1):
        cell = ws.cell(row=row, column=c, value=v)
        cell.font = BOLD
        cell.border = BOX
    row += 1
    for label, getter in ((w["row_max"], lambda r: cell_value(r.total.max)),
                          (w["row_index"], lambda r: cell_value(r.total.index)),
                          (w["row_band"], lambda r: r.total.band)):
        ws.cell(row=row, column=3, value=label).font = BOLD
        for i, (_, r) in enumerate(cols):
            ws.cell(row=row, column=5 + i, value=getter(r))
        row += 1
    row += 1
    sign = ("ĐẠI DIỆN TỔ THẨM ĐỊNH", "ĐẠI DIỆN ĐƠN VỊ") if lang == "vi" else ("FOR THE APPRAISAL TEAM", "FOR THE UNIT")
    ws.cell(row=row, column=3, value=sign[0]).font = BOLD
    ws.cell(row=row, column=len(headers) - 1, value=sign[1]).font = BOLD
    ws.cell(row=row + 1, column=3, value="(Ký, ghi rõ họ tên)" if lang == "vi" else "(signature, full name)")
    ws.cell(row=row + 1, column=len(headers) - 1, value="(Ký, ghi rõ họ tên)" if lang == "vi" else "(signature, full name)")
    widths = [5, 8, 55, 8] + [10] * len(cols) + [10, 50, 18]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    setup_print(ws, header_row)
    return to_bytes(wb)
