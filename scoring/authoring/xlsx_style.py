"""The few workbook helpers the authoring workbooks use, on top of ``report.xlsx_common``."""
from __future__ import annotations

from openpyxl import Workbook

from ..report.xlsx_common import BORDER, FIXED, WRAP_TOP, font, landscape, page_footer, portrait, workbook_bytes

BOLD = font(bold=True)
BOX = BORDER
WRAP = WRAP_TOP


def new_workbook() -> Workbook:
    return Workbook()


def setup_print(ws, header_row: int, landscape_page: bool = True) -> None:
    """A4, one page wide, the header row on every page and frozen on screen, page numbers."""
    (landscape if landscape_page else portrait)(ws, f"{header_row}:{header_row}", page_footer("vi", ws.title))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def to_bytes(wb: Workbook) -> bytes:
    """Same workbook, same bytes (fixed properties and zip times)."""
    return workbook_bytes(wb, FIXED)
