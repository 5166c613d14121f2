"""The «Biên bản thẩm định» as a DOCX (ND 30/2020 layout); the model is ``bienban.build_bienban``."""
from __future__ import annotations

from docx.shared import Mm

from .. import i18n
from .bienban import BienBan
from .docx_common import (CENTER, JUSTIFY, LEFT, RIGHT, TEXT_WIDTH, closing_cell, docx_bytes, grid_table, keep_row,
                          middle,
                          new_document, para, put_letterhead, put_signatures, put_title, row_flags, shade)

SIZE = 10.5
NUM = 13              # mm per score column


def widths(stages: int) -> tuple[float, ...]:
    fixed = 11.5 + NUM * (2 + stages) + 15
    title = 44 if stages <= 3 else 36
    reason = max(24.0, TEXT_WIDTH - fixed - title)
    title = TEXT_WIDTH - fixed - reason
    return (11.5, title, NUM, NUM) + (NUM,) * stages + (15, reason)


def render_bienban_docx(bb: BienBan) -> bytes:
    t, lang = bb.t, bb.lang
    doc = new_document(f"{bb.title} — {bb.subject}", bb.date)
    put_letterhead(doc, bb.letterhead)
    put_title(doc, bb.title, bb.subject)
    para(doc, bb.opening, align=JUSTIFY, indent=10, after=6, line=1.15)
    para(doc, t["present"], bold=True, after=2, keep=True)
    para(doc, t["team"], bold=True, indent=10, keep=True)
    for line in bb.team:
        para(doc, line, indent=10, line=1.15)
    para(doc, bb.unit_side_label, bold=True, indent=10, before=2, keep=True)
    for line in bb.unit_side:
        para(doc, line, indent=10, line=1.15)
    para(doc, t["content"], bold=True, before=6, after=2, keep=True)
    para(doc, bb.basis, align=JUSTIFY, indent=10, after=6, line=1.15, keep=True)

    w = widths(len(bb.stage_names))
    heads = t["headers"] + bb.stage_names + (t["diff"], t["reason"])
    table = grid_table(doc, w, rows=1 + len(bb.rows) + 1)
    head = table.rows[0]
    row_flags(head, header=True)
    for cell, label in zip(head.cells, heads):
        para(cell, label, size=SIZE - 0.5, bold=True, align=CENTER)
        shade(cell, "DCE6F1")
        middle(cell)
    body = table.rows[1:1 + len(bb.rows)]
    for row, r in zip(body, bb.rows):
        row_flags(row)
        area = r.kind == "area"
        cells = row.cells
        para(cells[0], r.id, size=SIZE - 0.5, bold=area, align=CENTER)
        p = para(cells[1], r.title, size=SIZE, bold=area or r.kind == "criterion",
                 italic=r.kind == "criterion", align=LEFT)
        if r.depth:
            p.paragraph_format.left_indent = Mm(min(r.depth, 3) * 2)
        para(cells[2], i18n.num(r.max, lang), size=SIZE, bold=area, align=RIGHT)
        for i, v in enumerate(r.points):
            para(cells[3 + i], "—" if v is None else i18n.num(v, lang), size=SIZE, bold=area, align=RIGHT)
        k = 3 + len(r.points)
        para(cells[k], i18n.signed(r.difference, lang) if r.difference is not None else "", size=SIZE,
             bold=True, align=RIGHT)
        para(cells[k + 1], r.reason, size=SIZE - 0.5, align=LEFT)
        if area:
            for c in cells:
                shade(c, "EDEDED")
        if r.kind != "leaf":
            keep_row(row)         # a heading row never ends a page
    end = closing_cell(table)
    totals = grid_table(end, w, rows=len(bb.totals), style=doc.styles["Table Grid"])
    for row, (label, values, diff) in zip(totals.rows, bb.totals):
        row_flags(row)
        cells = row.cells
        para(cells[1], label, size=SIZE, bold=True, align=LEFT)
        for i, v in enumerate(values):
            para(cells[3 + i], v, size=SIZE, bold=True, align=RIGHT)
        para(cells[3 + len(values)], diff, size=SIZE, bold=True, align=RIGHT)
        for c in cells:
            shade(c, "F2F2F2")
    para(end, t["conclusion"], bold=True, before=8, after=2)
    para(end, bb.result, align=JUSTIFY, indent=10, line=1.15)
    para(end, bb.closing, align=JUSTIFY, indent=10, line=1.15, after=4)
    put_signatures(end, list(bb.signatures), None, "")
    return docx_bytes(doc)
