"""The «Báo cáo tự chấm điểm» as a DOCX an office edits, signs and files (ND 30/2020 layout).

Letterhead, «BÁO CÁO» and its subject, the result in one sentence, the score
table (header row on every page, rows never split), the totals kept with the
closing sentence and the signature, «Nơi nhận» bottom left.
"""
from __future__ import annotations

from docx.shared import Mm

from .. import i18n
from .docx_common import (CENTER, JUSTIFY, LEFT, RIGHT, closing_cell, docx_bytes, grid_table, keep_row, middle,
                          new_document, para, put_letterhead, put_signatures, put_title, row_flags, shade)
from .official import RECIPIENTS
from .submission import Report, show_max, show_points

WIDTHS = (11, 47, 14, 14, 38, 41)
SIZE = 11


def render_docx(rep: Report) -> bytes:
    t, lang = rep.t, rep.lang
    n = lambda v: i18n.num(v, lang)  # noqa: E731
    doc = new_document(f"{rep.heading} — {rep.subtitle}", rep.date)
    put_letterhead(doc, rep.letterhead)
    put_title(doc, rep.heading, rep.subtitle)
    para(doc, rep.basis, size=12, italic=True, align=CENTER, after=8)
    para(doc, t["intro"].format(year=rep.year, unit=rep.unit_name), align=JUSTIFY, indent=10, after=6, line=1.15)
    para(doc, t["part_result"], bold=True, after=4, keep=True)
    para(doc, t["result_line"].format(points=n(rep.total), max=n(rep.max), index=i18n.index(rep.index, lang),
                                      band=i18n.band(rep.band, lang)), align=JUSTIFY, indent=10, after=2, line=1.15)
    para(doc, t["index_how"].format(points=n(rep.total), max=n(rep.max)) + ". " + t["total_how"], size=12,
         italic=True, align=JUSTIFY, indent=10, after=8, line=1.15)
    para(doc, t["part_table"], bold=True, after=4, keep=True)

    summary = [(t["total"], n(rep.max), n(rep.total), t["total_how"]),
               (t["index"], "", i18n.index(rep.index, lang),
                t["index_how"].format(points=n(rep.total), max=n(rep.max))),
               (t["band"], "", i18n.band(rep.band, lang), "")]
    table = grid_table(doc, WIDTHS, rows=1 + len(rep.rows) + 1)
    head = table.rows[0]
    row_flags(head, header=True)
    for cell, label in zip(head.cells, t["headers"]):
        para(cell, label, size=SIZE, bold=True, align=CENTER)
        shade(cell, "DCE6F1")
        middle(cell)
    body = table.rows[1:1 + len(rep.rows)]
    for row, r in zip(body, rep.rows):
        row_flags(row)
        area = r.kind == "area"
        out = r.points is None
        cells = row.cells
        para(cells[0], r.id, size=SIZE, bold=area, align=CENTER)
        p = para(cells[1], r.title, size=SIZE, bold=area or r.kind == "criterion", italic=r.kind == "criterion",
                 align=LEFT)
        if r.depth:
            p.paragraph_format.left_indent = Mm(min(r.depth, 3) * 2.5)
        para(cells[2], show_max(r, lang), size=SIZE, bold=area, italic=out, align=RIGHT)
        para(cells[3], show_points(r, lang), size=SIZE, bold=area, italic=out, align=RIGHT)
        if r.documents:
            for d in r.documents:
                para(cells[4], f"- {d}", size=SIZE - 0.5, align=LEFT)
        elif r.kind == "leaf":
            para(cells[4], t["no_docs"], size=SIZE, align=CENTER)
        para(cells[5], r.explanation, size=SIZE - 0.5, align=LEFT)
        if area:
            for c in cells:
                shade(c, "EDEDED")
        if r.kind != "leaf":
            keep_row(row)         # a heading row never ends a page
    end = closing_cell(table)
    totals = grid_table(end, WIDTHS, rows=len(summary), style=doc.styles["Table Grid"])
    for row, (label, mx, pts, how) in zip(totals.rows, summary):
        row_flags(row)
        cells = row.cells
        para(cells[1], label, size=SIZE, bold=True, align=LEFT)
        para(cells[2], mx, size=SIZE, bold=True, align=RIGHT)
        para(cells[3], pts, size=SIZE, bold=True, align=RIGHT)
        merged = cells[4].merge(cells[5])
        para(merged, how, size=SIZE - 0.5, italic=True, align=LEFT)
        for c in row.cells:
            shade(c, "F2F2F2")
    para(end, t["closing"].format(year=rep.year, unit=rep.unit_name), align=JUSTIFY, indent=10, before=8,
         line=1.15)
    put_signatures(end, [rep.signature], rep.filing, RECIPIENTS[lang])
    return docx_bytes(doc)
