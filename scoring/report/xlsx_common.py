"""What every spreadsheet parscore writes shares: styles, number formats, print setup, deterministic bytes.

The one style module of every workbook (the submission report, the biên bản,
the evidence form, the ranking): Times New Roman, Vietnamese number formats,
A4 with print titles and «Trang x/y» footers.

openpyxl stamps the wall-clock time into ``docProps/core.xml`` and every zip
entry; ``workbook_bytes`` pins both, so the same input gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from math import ceil

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FIXED = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

FONT = "Times New Roman"     # the font of Vietnamese administrative documents
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
AREA_FILL = PatternFill("solid", fgColor="EDEDED")
INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
NONE_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
RIGHT_TOP = Alignment(vertical="top", horizontal="right", indent=1)
CENTER_TOP = Alignment(vertical="top", horizontal="center", wrap_text=True)


LOCALE = {"vi": "[$-42A]", "en": "[$-409]"}


def number_format(value, lang: str = "vi", places: int | None = None) -> str:
    """A cell format that prints ``value`` with its own decimals, Vietnamese style (0,75; 1.234,5) in vi.

    The locale tag makes LibreOffice print «,» as the decimal separator whatever
    the machine's locale (checked: plain ``0.00`` prints 0.75 under en-US and
    0,75 under vi-VN; ``[$-42A]0.00`` prints 0,75 under both). Excel takes the
    separators from Windows (a Vietnamese Windows prints 0,75).
    """
    if places is None:
        exp = value.normalize().as_tuple().exponent if hasattr(value, "normalize") else 0
        places = max(0, -exp) if isinstance(exp, int) else 0
    return LOCALE[lang] + "#,##0" + ("." + "0" * places if places else "")


def cell_value(v):
    """Exact decimals go in as numbers with their digits (openpyxl writes a float's shortest repr)."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(str(v))
    return v


def put_number(ws, row: int, col: int, value, lang: str = "vi", places: int | None = None):
    """A number cell with its Vietnamese (or English) format; None stays empty."""
    c = ws.cell(row=row, column=col, value=cell_value(value))
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        c.number_format = number_format(Decimal(value), lang, places)
    return c


def put(ws, row: int, col: int, value):
    """Write a cell; text is always text (a note starting with "=" must never become a formula)."""
    c = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        c.data_type = "s"
    return c


def font(size: float = 11, bold: bool = False, italic: bool = False, color: str | None = None) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic, color=color)


def moment(day: dt.date | None) -> dt.datetime:
    """The fixed creation time written into a workbook: the document's own date, never now."""
    return dt.datetime(day.year, day.month, day.day) if day else FIXED


def workbook_bytes(wb, when: dt.datetime) -> bytes:
    """The workbook as .xlsx bytes with fixed properties and zip timestamps."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.creator = "parscore"
    wb.properties.lastModifiedBy = "parscore"
    wb.properties.created = when
    wb.properties.modified = when
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def page_footer(lang: str, what: str = "") -> str:
    """«Trang &P/&N» (the page and the number of pages), after ``what`` when given."""
    page = "Trang &P/&N" if lang == "vi" else "Page &P/&N"
    return f"{what} — {page}" if what else page


def portrait(ws, title_rows: str | None, footer: str) -> None:
    """A4 portrait, fit to one page wide, the table header on every page, page numbers."""
    landscape(ws, title_rows, footer)
    ws.page_setup.orientation = "portrait"
    ws.page_margins.left, ws.page_margins.right = 1.18, 0.59        # ND 30: 30 mm and 15 mm
    ws.page_margins.top = ws.page_margins.bottom = 0.79             # 20 mm
    ws.print_options.horizontalCentered = False


def landscape(ws, title_rows: str | None, footer: str) -> None:
    """A4 landscape, fit to one page wide, the table header on every page, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.25
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 9


def row_height(texts_and_widths, size: float = 11, minimum: int = 1) -> float:
    """A row tall enough for its wrapped text (Excel does not grow rows written by a program)."""
    lines = minimum
    for text, width in texts_and_widths:
        if not text:
            continue
        per_line = max(1.0, width * 1.4 * 10 / size)
        n = sum(max(1, ceil(len(part) / per_line)) for part in str(text).split("\n"))
        lines = max(lines, n)
    return round(lines * size * 1.32 + 3, 1)


def data_sheet(ws, head: list, rows: list, widths: list, lang: str = "vi") -> None:
    """A plain table sheet: bold wrapped header on every printed page, widths, number formats, page numbers."""
    from openpyxl.utils import get_column_letter
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for col, label in enumerate(head, start=1):
        c = put(ws, 1, col, label)
        c.font, c.fill, c.alignment, c.border = font(10, bold=True), HEAD_FILL, WRAP_CENTER, BORDER
    for r, values in enumerate(rows, start=2):
        for col, v in enumerate(values, start=1):
            if isinstance(v, (Decimal, int)) and not isinstance(v, bool):
                c = put_number(ws, r, col, v, lang)
                c.alignment = RIGHT_TOP
            else:
                c = put(ws, r, col, v)
                c.alignment = WRAP_TOP
            c.font, c.border = font(10), BORDER
    ws.freeze_panes = "A2"
    landscape(ws, "1:1", page_footer(lang, ws.title))
