"""The «Biên bản thẩm định» as a workbook a reviewer prints and signs (the model is ``bienban.build_bienban``).

The same document as the DOCX: letterhead, «BIÊN BẢN», the opening, those
present, the table per criterion (header row repeated on every printed page),
the conclusion and both signatures; numbers with Vietnamese cell formats.
"""
from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .bienban import BienBan
from .xlsx_common import (AREA_FILL, BORDER, CENTER_TOP, FONT, HEAD_FILL, RIGHT_TOP, WRAP_CENTER, WRAP_TOP, font,
                          landscape, moment, number_format, put, put_number, row_height, workbook_bytes)

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def reconciliation_xlsx(bb: BienBan) -> bytes:
    from openpyxl import Workbook
    t, lang = bb.t, bb.lang
    wb = Workbook()
    ws = wb.active
    ws.title = t["sheet"]
    k = len(bb.stage_names)
    widths = [8, 44, 8, 8] + [9] * k + [10, 46]
    ncol = len(widths)
    last = get_column_letter(ncol)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    total_width = sum(widths)

    def merged(row: int, c1: int, c2: int, value, size=12, bold=False, italic=False, align=CENTER, height=None):
        ws.merge_cells(start_row=row, start_column=c1, end_row=row, end_column=c2)
        c = put(ws, row, c1, value)
        c.font = font(size, bold=bold, italic=italic)
        c.alignment = align
        if height:
            ws.row_dimensions[row].height = height
        return c

    h = bb.letterhead
    split = 3                                   # the agency block spans A:C, the nation block D:last
    agency = "\n".join(([h.superior.upper()] if h.superior else []) + [x.upper() for x in h.agency])
    ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=split)
    c = put(ws, 1, 1, agency)
    c.font, c.alignment = font(12, bold=True), CENTER
    merged(1, split + 1, ncol, h.nation, bold=True)
    merged(2, split + 1, ncol, h.motto, bold=True).font = Font(name=FONT, size=12, bold=True, underline="single")
    ws.row_dimensions[1].height = ws.row_dimensions[2].height = 18
    merged(3, 1, split, h.number)
    merged(3, split + 1, ncol, h.place_date, italic=True)
    merged(5, 1, ncol, bb.title, size=14, bold=True, height=20)
    merged(6, 1, ncol, bb.subject, size=12, bold=True, height=20)
    row = 8

    def text(value: str, bold=False, indent=0, size=12):
        nonlocal row
        c = merged(row, 1, ncol, value, size=size, bold=bold, align=Alignment(wrap_text=True, vertical="top",
                                                                             indent=indent))
        ws.row_dimensions[row].height = row_height([(value, total_width * 0.85)], size)
        row += 1
        return c

    text(bb.opening)
    text(t["present"], bold=True)
    text(t["team"], bold=True, indent=1)
    for line in bb.team:
        text(line, indent=2)
    text(bb.unit_side_label, bold=True, indent=1)
    for line in bb.unit_side:
        text(line, indent=2)
    text(t["content"], bold=True)
    text(bb.basis)
    row += 1
    head = row
    heads = t["headers"] + bb.stage_names + (t["diff"], t["reason"])
    for col, label in enumerate(heads, start=1):
        c = put(ws, head, col, label)
        c.font, c.fill, c.alignment, c.border = font(11, bold=True), HEAD_FILL, WRAP_CENTER, BORDER
    ws.row_dimensions[head].height = 32
    row = head + 1
    for r in bb.rows:
        area = r.kind == "area"
        put(ws, row, 1, r.id).alignment = CENTER_TOP
        c = put(ws, row, 2, r.title)
        c.alignment = Alignment(wrap_text=True, vertical="top", indent=min(r.depth, 3))
        put_number(ws, row, 3, r.max, lang)
        for i, v in enumerate(r.points):
            if v is None:
                put(ws, row, 4 + i, "—")
            else:
                put_number(ws, row, 4 + i, v, lang)
        d = put_number(ws, row, 4 + k + 1, r.difference, lang)
        if r.difference is not None:
            d.number_format = _signed_format(r.difference, lang)
        put(ws, row, ncol, r.reason or None)
        for col in range(1, ncol + 1):
            cell = ws.cell(row=row, column=col)
            cell.border = BORDER
            cell.font = font(10, bold=area or (col == 2 and r.kind == "criterion") or col == ncol - 1,
                             italic=col == 2 and r.kind == "criterion")
            if 3 <= col <= ncol - 1:
                cell.alignment = RIGHT_TOP
            elif col == ncol:
                cell.alignment = WRAP_TOP
            if area:
                cell.fill = AREA_FILL
        ws.row_dimensions[row].height = row_height([(r.title, widths[1] - 2 * r.depth), (r.reason, widths[-1])], 10)
        row += 1
    for label, values, diff in bb.totals:
        put(ws, row, 2, label)
        for i, v in enumerate(values):
            put(ws, row, 4 + i, v)
        put(ws, row, ncol - 1, diff or None)
        for col in range(1, ncol + 1):
            cell = ws.cell(row=row, column=col)
            cell.border, cell.fill, cell.font = BORDER, AREA_FILL, font(11, bold=True)
            if col >= 3:
                cell.alignment = RIGHT_TOP
        row += 1
    row += 1
    text(t["conclusion"], bold=True)
    text(bb.result)
    text(bb.closing)
    row += 1
    unit_sig, team_sig = bb.signatures
    mid = 4 + k                                     # the team's signature spans the difference and reason
    for i, (a, b) in enumerate(zip(unit_sig.lines, team_sig.lines)):
        merged(row + i, 1, 2, a, bold=True)
        merged(row + i, mid, ncol, b, bold=True)
    row += max(len(unit_sig.lines), len(team_sig.lines))
    for sig, (c1, c2) in ((unit_sig, (1, 2)), (team_sig, (mid, ncol))):
        if not sig.name:
            merged(row, c1, c2, sig.note, size=11, italic=True)
    row += 4
    merged(row, 1, 2, unit_sig.name or "", bold=True)
    merged(row, mid, ncol, team_sig.name or "", bold=True)
    landscape(ws, f"{head}:{head}", t["footer"])
    ws.print_area = f"A1:{last}{row}"
    return workbook_bytes(wb, moment(bb.date))


def _signed_format(value, lang: str) -> str:
    """A difference always shows its sign: +0,25 / −0,5."""
    base = number_format(value, lang)
    tag, _, body = base.partition("]")
    return f'{tag}]"+"{body};"−"{body};0'
