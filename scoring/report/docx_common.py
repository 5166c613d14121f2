"""The building blocks of an official DOCX (python-docx): page, letterhead, tables, signatures, fixed bytes.

Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 portrait, margins top and bottom 20 mm,
left 30 mm, right 15 mm, Times New Roman, body 13–14 pt; page numbers at the
top centre from page 2. Tables repeat their header row on every page, a row
never splits, and the last rows, the closing paragraph and the signature are
kept on one page ("keep with next" on every paragraph in between).
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .official import Letterhead, Signature

FONT = "Times New Roman"
TEXT_WIDTH = 165                 # mm: 210 − 30 − 15
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def new_document(title: str, when: dt.date | None):
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    _page_numbers(sec)
    props = doc.core_properties
    moment = dt.datetime(when.year, when.month, when.day) if when else dt.datetime(2000, 1, 1)
    props.author = props.last_modified_by = "parscore"
    props.title = title
    props.created = props.modified = moment
    props.revision = 1
    props.comments = ""
    return doc


def _page_numbers(sec) -> None:
    """The page number at the top centre, not on the first page (ND 30)."""
    sec.different_first_page_header_footer = True
    p = sec.header.paragraphs[0]
    p.alignment = CENTER
    run = p.add_run()
    run.font.size = Pt(13)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def para(where, text: str = "", size: float = 13, bold: bool = False, italic: bool = False,
         align=None, before: float = 0, after: float = 0, indent: float | None = None, keep: bool = False,
         line: float = 1.0):
    """A paragraph in ``where`` (the document or a cell); the cell's first empty paragraph is reused."""
    ps = getattr(where, "paragraphs", None)
    if ps is not None and hasattr(where, "_tc") and len(ps) == 1 and not ps[0].text and not ps[0].runs:
        p = ps[0]
    else:
        p = where.add_paragraph()
    if text:
        run(p, text, size, bold, italic)
    f = p.paragraph_format
    if align is not None:
        p.alignment = align
    f.space_before, f.space_after = Pt(before), Pt(after)
    f.line_spacing = line
    if indent is not None:
        f.first_line_indent = Mm(indent)
    if keep:
        f.keep_with_next = True
    return p


def run(p, text: str, size: float = 13, bold: bool = False, italic: bool = False, color: str | None = None):
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.font.bold = bold or None
    r.font.italic = italic or None
    if color:
        r.font.color.rgb = RGBColor.from_string(color)
    return r


def rule(where, width_mm: float, cell_mm: float, after: float = 0):
    """A centred horizontal rule ``width_mm`` long: an empty paragraph with a top border, indented."""
    p = para(where, "", size=2, align=CENTER, before=3, after=after)
    side = max(0.0, (cell_mm - width_mm) / 2)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(k), v)
    bdr.append(top)
    ppr.append(bdr)
    return p


def _add_table(where, rows: int, cols: int, widths_mm):
    if hasattr(where, "_tc"):            # a cell: a nested table
        return where.add_table(rows, cols)
    return where.add_table(rows=rows, cols=cols)


def plain_table(doc, widths_mm: tuple[float, ...], rows: int = 1):
    """A borderless layout table with fixed column widths (in the document or nested in a cell)."""
    t = _add_table(doc, rows, len(widths_mm), widths_mm)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _fixed(t, widths_mm)
    return t


def grid_table(doc, widths_mm: tuple[float, ...], rows: int, style=None):
    """A ruled table (Table Grid) with fixed column widths; ``style`` when nested in a cell."""
    t = _add_table(doc, rows, len(widths_mm), widths_mm)
    t.style = style if style is not None else doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _fixed(t, widths_mm)
    return t


def _fixed(t, widths_mm) -> None:
    tblpr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for row in t.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    grid = t._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(w / 25.4 * 1440)))
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("left", 57), ("right", 57)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(v))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def row_flags(row, header: bool = False) -> None:
    """Never split a row across pages; a header row repeats on every page."""
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)
    if header:
        el = OxmlElement("w:tblHeader")
        trpr.append(el)


def keep_row(row) -> None:
    """Keep this row on the page of whatever follows it."""
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True


def closing_cell(table):
    """The table's last row as one borderless, unsplittable cell spanning every column, without margins.

    What goes in it (the totals as a nested table with the same columns, the
    conclusion, the signature) moves to the next page as one block, under the
    repeated header row, so the totals are never cut off from the signature.
    LibreOffice keeps rows whole but ignores "keep with next" across tables.
    """
    row = table.rows[-1]
    row_flags(row)
    cell = row.cells[0].merge(row.cells[-1])
    for p in cell._tc.findall(qn("w:p")):     # what is added next starts at the top of the cell
        cell._tc.remove(p)
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tcpr.append(borders)
    mar = OxmlElement("w:tcMar")
    for side in ("left", "right", "top", "bottom"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tcpr.append(mar)
    return cell


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def middle(cell) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def put_letterhead(doc, head: Letterhead, left_mm: float = 68) -> None:
    """Agency block and quốc hiệu side by side, each with its rule; «Số:» under the agency, date under the motto."""
    right_mm = TEXT_WIDTH - left_mm
    t = plain_table(doc, (left_mm, right_mm), rows=2)
    a, b = t.rows[0].cells
    if head.superior:
        para(a, head.superior.upper(), size=12.5, align=CENTER)
    for line in head.agency:
        para(a, line.upper(), size=12.5, bold=True, align=CENTER)
    rule(a, 22, left_mm)
    para(b, head.nation, size=12.5, bold=True, align=CENTER)
    para(b, head.motto, size=13.5, bold=True, align=CENTER)
    rule(b, 60, right_mm)
    c, d = t.rows[1].cells
    para(c, head.number, size=13, align=CENTER, before=4)
    para(d, head.place_date, size=13.5, italic=True, align=CENTER, before=4)


def put_title(doc, title: str, subject: str) -> None:
    para(doc, title, size=14, bold=True, align=CENTER, before=18, keep=True)
    para(doc, subject, size=14, bold=True, align=CENTER, keep=True)
    rule(doc, 40, TEXT_WIDTH, after=8)


def put_signatures(doc, blocks: list[Signature], filing: tuple[str, ...] | None, filing_label: str) -> None:
    """The signature block(s); with ``filing`` the left column is «Nơi nhận» and one signature is on the right."""
    if filing is not None:
        widths: tuple[float, ...] = (80, TEXT_WIDTH - 80)
    else:
        widths = tuple(TEXT_WIDTH / len(blocks) for _ in blocks)
    t = plain_table(doc, widths)
    row_flags(t.rows[0])
    cells = list(t.rows[0].cells)
    for c in cells:
        c.vertical_alignment = None
    if filing is not None:
        left = cells.pop(0)
        p = para(left, "", size=12, before=6)
        run(p, filing_label, size=12, bold=True, italic=True)
        for line in filing:
            para(left, line, size=11)
    for cell, s in zip(cells, blocks):
        for i, line in enumerate(s.lines):
            para(cell, line, size=13.5, bold=True, align=CENTER, before=6 if i == 0 else 0)
        if not s.name:
            para(cell, s.note, size=13, italic=True, align=CENTER)
        for _ in range(4):
            para(cell, "", size=13)
        para(cell, s.name or "", size=13.5, bold=True, align=CENTER)


def docx_bytes(doc) -> bytes:
    """The document as .docx bytes with fixed zip timestamps (same input, same bytes)."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
