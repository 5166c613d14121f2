"""The submission report as a spreadsheet in the official layout, ready to print.

Numbers are written as exact decimals (never floats): area rows hold their
subtotals, then TỔNG ĐIỂM, CHỈ SỐ CCHC (%) and XẾP LOẠI. A criterion left out
of the maximum ("không phát sinh", no survey results) keeps its declared
maximum in grey and an empty self-score, so every subtotal is the sum of the
points of its children. Workbook properties carry the report's own date.
"""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .. import i18n
from .submission import Report
from .xlsx_common import (AREA_FILL, BORDER, CENTER_TOP, FONT, HEAD_FILL, RIGHT_TOP, WRAP_CENTER, WRAP_TOP, font,
                          landscape, moment, number_format, put, row_height, workbook_bytes)

WIDTHS = {"A": 7, "B": 46, "C": 9, "D": 9, "E": 44, "F": 58}
SUM_FILL = AREA_FILL
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def render_xlsx(rep: Report) -> bytes:
    t, lang = rep.t, rep.lang
    wb = Workbook()
    ws = wb.active
    ws.title = t["sheet"]
    for col, w in WIDTHS.items():
        ws.column_dimensions[col].width = w

    def merged(rng: str, value, size=12, bold=False, italic=False, align=CENTER, height=None):
        ws.merge_cells(rng)
        first = rng.split(":")[0]
        put(ws, ws[first].row, ws[first].column, value)
        ws[first].font = font(size, bold=bold, italic=italic)
        ws[first].alignment = align
        if height:
            ws.row_dimensions[int("".join(ch for ch in first if ch.isdigit()))].height = height

    h = rep.letterhead
    agency = "\n".join(([h.superior.upper()] if h.superior else []) + [x.upper() for x in h.agency])
    merged("A1:B2", agency, bold=True, height=18)
    merged("D1:F1", h.nation, bold=True)
    merged("D2:F2", h.motto, bold=True)
    ws["D2"].font = Font(name=FONT, size=12, bold=True, underline="single")   # the rule under the tiêu ngữ
    merged("A3:B3", h.number)
    merged("D3:F3", h.place_date, italic=True)
    merged("A5:F5", rep.heading, size=14, bold=True, height=22)
    merged("A6:F6", rep.subtitle, bold=True)
    merged("A7:F7", rep.basis, size=11, italic=True, height=30)

    head = 9
    for i, label in enumerate(t["headers"], start=1):
        c = put(ws, head, i, label)
        c.font = font(11, bold=True)
        c.fill = HEAD_FILL
        c.alignment = WRAP_CENTER
        c.border = BORDER
    ws.row_dimensions[head].height = 32

    row = head + 1
    for r in rep.rows:
        docs = "\n".join(f"• {d}" for d in r.documents) if r.documents else (t["no_docs"] if r.kind == "leaf" else None)
        values = [r.id, r.title, r.max, r.points, docs, r.explanation or None]
        bold = r.kind == "area"
        for col, v in enumerate(values, start=1):
            c = put(ws, row, col, v)
            c.border = BORDER
            c.font = font(10, bold=bold or (r.kind == "criterion" and col == 2),
                          italic=(r.kind == "criterion" and col == 2) or (col in (3, 4) and r.points is None),
                          color="595959" if col in (3, 4) and r.points is None else None)
            c.alignment = CENTER_TOP if col == 1 else RIGHT_TOP if col in (3, 4) else WRAP_TOP
            if col == 2:
                c.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=min(r.depth, 4))
            if bold:
                c.fill = AREA_FILL
            if col in (3, 4) and v is not None:
                c.number_format = number_format(v, lang)
                if col == 3 and r.points is None:      # left out of the maximum: (0,75), as in every format
                    tag, _, body = c.number_format.partition("]")
                    c.number_format = f'{tag}]"("{body}")"'

        ws.row_dimensions[row].height = row_height(
            [(r.title, WIDTHS["B"] - 2 * r.depth), (docs, WIDTHS["E"]), (r.explanation, WIDTHS["F"])], 10)
        row += 1

    n = lambda v: i18n.num(v, lang)  # noqa: E731
    summary = [
        (t["total"], rep.max, rep.total, t["total_how"]),
        (t["index"], None, rep.index, t["index_how"].format(points=n(rep.total), max=n(rep.max))),
        (t["band"], None, i18n.band(rep.band, lang), None),
    ]
    for label, mx, pts, how in summary:
        for col, v in enumerate([None, label, mx, pts, None, how], start=1):
            c = put(ws, row, col, v)
            c.border = BORDER
            c.fill = SUM_FILL
            c.font = font(10 if col == 6 else 11, bold=col != 6, italic=col == 6)
            c.alignment = RIGHT_TOP if col in (3, 4) else WRAP_TOP
        if label == t["index"]:
            ws.cell(row=row, column=4).number_format = number_format(pts, lang, places=2)
        elif label == t["total"]:
            ws.cell(row=row, column=3).number_format = number_format(mx, lang)
            ws.cell(row=row, column=4).number_format = number_format(pts, lang)
        ws.row_dimensions[row].height = row_height([(how, WIDTHS["F"])], 10)
        row += 1

    row += 1
    put(ws, row, 1, t["closing"].format(year=rep.year, unit=rep.unit_name))
    ws.merge_cells(f"A{row}:F{row}")
    ws.cell(row=row, column=1).font = font(12)
    ws.cell(row=row, column=1).alignment = WRAP_TOP
    ws.row_dimensions[row].height = 20
    row += 2
    top = row
    sig = rep.signature
    for i, line in enumerate(sig.lines):
        merged(f"D{row + i}:F{row + i}", line, size=12, bold=True)
    r2 = row + len(sig.lines)
    if not sig.name:
        merged(f"D{r2}:F{r2}", sig.note, size=11, italic=True)
    merged(f"D{r2 + 4}:F{r2 + 4}", sig.name or "", size=12, bold=True)
    put(ws, top, 1, "Nơi nhận:" if lang == "vi" else "Recipients:").font = font(11, bold=True, italic=True)
    for i, line in enumerate(rep.filing, start=1):
        put(ws, top + i, 1, line).font = font(10)
    row = max(r2 + 4, top + len(rep.filing))
    landscape(ws, f"{head}:{head}", t["footer"])
    ws.print_area = f"A1:F{row}"
    return workbook_bytes(wb, moment(rep.date))
