"""Small helpers for deterministic, printable workbooks (openpyxl)."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

FIXED_TIME = dt.datetime(2000, 1, 1)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "parscore"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def cell_value(v):
    """Exact decimals go in as numbers with their digits (openpyxl writes Decimal via str)."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(str(v))
    return v


def setup_print(ws, header_row: int, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def to_bytes(wb: Workbook) -> bytes:
    """Serialise with fixed timestamps so the same workbook gives the same bytes."""
    import zipfile
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the zip entries with the current time: rewrite them fixed
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the wall clock on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)
    return out.getvalue()
