"""``criteria diff --format xlsx``: the changes and the impact as a printable workbook."""
from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import PatternFill

from ..report.xlsx_common import cell_value
from .xlsx_style import BOLD, BOX, WRAP, new_workbook, setup_print, to_bytes
from .diff import SchemeDiff
from .diff_report import _band, _causes, show, what_label
from .impact import Impact
from .workbook import fit_rows

HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
SCOPE = {"vi": {"header": "Thông tin chung", "node": "Tiêu chí", "evidence": "Tài liệu kiểm chứng"},
         "en": {"header": "Header", "node": "Criteria", "evidence": "Evidence"}}


def _table(ws, row: int, head: list[str], rows: list[list], widths: list[int]) -> None:
    for col, (text, w) in enumerate(zip(head, widths), start=1):
        c = ws.cell(row=row, column=col, value=text)
        c.font, c.fill, c.border, c.alignment = BOLD, HEAD_FILL, BOX, WRAP
        ws.column_dimensions[c.column_letter].width = w
    for r, values in enumerate(rows, start=row + 1):
        for col, v in enumerate(values, start=1):
            c = ws.cell(row=r, column=col, value=cell_value(v))
            c.border, c.alignment = BOX, WRAP
            if isinstance(v, str):
                c.data_type = "s"
            elif isinstance(v, Decimal):
                c.number_format = "0.00"
    fit_rows(ws, row, row + len(rows))
    setup_print(ws, row)


def diff_workbook(d: SchemeDiff, impact: Impact | None, lang: str) -> bytes:
    vi = lang == "vi"
    wb = new_workbook()
    ws = wb.active
    ws.title = "Thay đổi" if vi else "Changes"
    title = f"{'So sánh bộ tiêu chí' if vi else 'Scheme comparison'} {d.old_id} v{d.old_version} → " \
            f"{d.new_id} v{d.new_version}"
    ws.cell(row=1, column=1, value=title).font = BOLD
    head = ["Phần", "Mã", "Thay đổi", "Cũ", "Mới"] if vi else ["Part", "Id", "Change", "Old", "New"]
    rows = [[SCOPE[lang][c.scope], c.node, what_label(c, lang), show(c, c.old, lang), show(c, c.new, lang)]
            for c in d.changes]
    _table(ws, 3, head, rows, [18, 22, 30, 45, 45])
    if impact is not None:
        ws2 = wb.create_sheet("Tác động" if vi else "Impact")
        ws2.cell(row=1, column=1, value=("Tác động lên điểm của các đơn vị — " if vi else "Score impact — ")
                 + impact.folder).font = BOLD
        head = (["Đơn vị", "Tên", "Chỉ số cũ", "Chỉ số mới", "Chênh lệch", "Hạng cũ", "Hạng mới", "Xếp loại",
                 "Do các tiêu chí"] if vi else
                ["Unit", "Name", "Old index", "New index", "Change", "Old rank", "New rank", "Band", "Caused by"])
        rows = [[u.unit_id, u.name, u.old_index, u.new_index, u.delta, u.old_rank, u.new_rank, _band(u, lang),
                 _causes(u, lang, 8)] for u in impact.units]
        _table(ws2, 3, head, rows, [22, 30, 11, 11, 11, 9, 9, 22, 45])
    return to_bytes(wb)
