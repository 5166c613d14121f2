"""The ranking (``rank``) as a workbook the province prints, and as CSV, from ``batch_report.view``.

Workbook: a title, the scheme, the ranking with widths that fit the names,
the areas named in the headers («Chỉ số (%) lĩnh vực 1 — Công tác chỉ đạo,
điều hành»), Vietnamese number formats, the header row repeated on every
printed page and «Trang x/y». CSV: in Vietnamese (the default) UTF-8 with a
BOM (LibreOffice and Excel then open it as UTF-8), Vietnamese headers and
decimal commas (fields with a comma are quoted, RFC 4180); with ``--lang en``
plain, machine-readable: English snake_case headers, decimal points, no BOM.
"""
from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from rules.numbers import plain

from .. import i18n
from .xlsx_common import (BORDER, FIXED, HEAD_FILL, RIGHT_TOP, WRAP_CENTER, WRAP_TOP, font, landscape, page_footer,
                          put, put_number, workbook_bytes)

CSV_HEAD = ["rank", "unit_id", "unit_name", "file", "points", "max", "index", "band", "missing", "errors"]
T = {
    "vi": {"title": "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
           "basis": "Theo {title} (mã {id}, phiên bản {version}); {n} đơn vị được xếp hạng",
           "head": ["Hạng", "Mã đơn vị", "Tên đơn vị", "Tệp", "Tổng điểm", "Điểm tối đa", "Chỉ số CCHC (%)",
                    "Xếp loại", "Thiếu TLKC", "Tiêu chí lỗi"],
           "area_points": "Lĩnh vực {id} — điểm", "area_index": "Lĩnh vực {id} — chỉ số (%)",
           "area_col": "Chỉ số (%) {id}. {title}", "footer": "Xếp hạng Chỉ số CCHC"},
    "en": {"title": "PAR INDEX RANKING {year}",
           "basis": "Scheme {title} (id {id}, version {version}); {n} units ranked",
           "head": ["Rank", "Unit id", "Unit name", "File", "Points", "Max", "PAR index (%)", "Band", "Missing",
                    "Errors"],
           "area_points": "area_{id}_points", "area_index": "area_{id}_index",
           "area_col": "Index (%) {id}. {title}", "footer": "PAR Index ranking"},
}


def table(doc: dict) -> list[list]:
    """One row per unit: the ten fixed columns, then points and index per area."""
    return list(iter_table(doc))


def iter_table(doc: dict):
    """``table`` one row at a time (``doc["units"]`` may be made while it is read: ``parscore rank``)."""
    for u in doc["units"]:
        t = u["total"]
        yield ([u["rank"], u["unit"]["id"], u["unit"]["name"], u["file"], t["points"], t["max"], t["index"],
                t["band"], u["missing"], len(u["errors"])]
               + [v for a in u["areas"] for v in (a["points"], a["index"])])


def render_csv(doc: dict, lang: str = "vi") -> str:
    return "".join(iter_csv(doc, lang))


def iter_csv(doc: dict, lang: str = "vi", chunk: int = 500):
    """``render_csv`` in pieces of ``chunk`` rows, each row made and written in turn."""
    areas = doc["summary"]["areas"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if lang == "en":
        writer.writerow(CSV_HEAD + [f"area_{a['id']}_{k}" for a in areas for k in ("points", "index")])
        cell = lambda i, v: "" if v is None else plain(v) if isinstance(v, Decimal) else v  # noqa: E731
    else:
        t = T["vi"]
        buf.write("\ufeff")
        writer.writerow(t["head"] + [t[k].format(id=a["id"]) for a in areas for k in ("area_points", "area_index")])
        cell = lambda i, v: _vi(v, i)  # noqa: E731
    for n, row in enumerate(iter_table(doc), start=1):
        writer.writerow([cell(i, v) for i, v in enumerate(row)])
        if n % chunk == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _vi(v, col: int) -> str:
    """A CSV cell in Vietnamese: indices with two decimals (86,00), other numbers as they are (8,5)."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        is_index = col == 6 or (col >= 10 and (col - 10) % 2 == 1)
        return i18n.index(v, "vi") if is_index else i18n.num(v, "vi")
    return str(v)


def render_ranking_sheet(wb: Workbook, doc: dict, lang: str) -> None:
    """The first sheet: title, scheme, the ranking table."""
    t = T[lang]
    ws = wb.active
    areas = [a for a in doc["summary"]["areas"]]
    head = t["head"] + [t["area_col"].format(id=a["id"], title=a["title"]) for a in areas]
    widths = [6, 18, 34, 16, 9, 9, 10, 11, 9, 8] + [14] * len(areas)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    last = get_column_letter(len(head))
    c = doc["criteria"]
    ws.merge_cells(f"A1:{last}1")
    put(ws, 1, 1, t["title"].format(year=c["year"])).font = font(14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{last}2")
    put(ws, 2, 1, t["basis"].format(title=c["title"], id=c["id"], version=c["version"],
                                    n=doc["summary"]["units"])).font = font(11, italic=True)
    ws["A2"].alignment = Alignment(horizontal="center")
    hrow = 4
    for col, label in enumerate(head, start=1):
        cell = put(ws, hrow, col, label)
        cell.font, cell.fill, cell.alignment, cell.border = font(10, bold=True), HEAD_FILL, WRAP_CENTER, BORDER
    longest = max(len(x) for x in head[10:]) if areas else 0
    ws.row_dimensions[hrow].height = max(30, 13 * (1 + longest // 13))
    for r, values in enumerate(table(doc), start=hrow + 1):
        fixed, per_area = values[:10], values[10:]
        out = fixed + per_area[1::2]          # the index of each area
        for col, v in enumerate(out, start=1):
            if isinstance(v, Decimal):
                cell = put_number(ws, r, col, v, lang, places=2 if col == 7 or col > 10 else None)
            elif isinstance(v, int) and not isinstance(v, bool):
                cell = put_number(ws, r, col, v, lang)
            else:
                cell = put(ws, r, col, "" if v is None else v)
            cell.font = font(10)
            cell.border = BORDER
            cell.alignment = RIGHT_TOP if col >= 5 and col != 8 else WRAP_TOP
    ws.freeze_panes = ws.cell(row=hrow + 1, column=4)
    landscape(ws, f"{hrow}:{hrow}", page_footer(lang, t["footer"]))


def new_workbook_bytes(wb: Workbook) -> bytes:
    return workbook_bytes(wb, FIXED)
