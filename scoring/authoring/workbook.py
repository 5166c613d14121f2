"""The scheme workbook: ``parscore criteria template`` (empty) and ``criteria export`` (filled).

Layout and labels come from ``criteria.xlsx_layout`` (the reader uses the same);
cell values from ``cells``. Drop-down lists and input prompts guide the author;
the reader still checks everything, so a workbook edited elsewhere is safe.
Deterministic: the same scheme gives the same bytes.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from criteria.models import EvidenceSpec, Node, Scheme
from criteria.xlsx_layout import (BANDS_HEAD, CHOICES, EVIDENCE_COLUMNS, EVIDENCE_SHEET, GUIDE_SHEET,
                                  HEADER_COLS, HEADER_FIELDS, HEADER_SHEET, LISTS_SHEET, NODE_COLUMNS,
                                  NODES_SHEET, YES)

from .xlsx_style import BOLD, BOX, WRAP, new_workbook, setup_print, to_bytes
from . import cells
from .guide import GUIDE, PROMPTS

HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
AREA_FILL = PatternFill("solid", fgColor="F2F2F2")
TABLE_ROW = 3                  # header row of the «Tiêu chí» and «Danh mục tài liệu kiểm chứng» tables
BLANK_ROWS = {"template": 300, "export": 60}
WIDTHS = {"id": 10, "parent": 10, "title": 48, "kind": 22, "evidence": 28, "all": 28, "ratio.of": 26,
          "ratio.to": 26, "bands": 30, "late": 22, "scale": 22, "extra": 30, "note": 40, "na": 18}
EV_WIDTHS = {"key": 30, "title": 60, "type": 22, "better": 24, "unit": 12, "description": 40, "fixed": 14}


def template_workbook() -> bytes:
    """An empty scheme workbook with every sheet, list and prompt."""
    return _build(None)


def scheme_workbook(model: Scheme) -> bytes:
    """The scheme in a workbook that ``criteria import`` reads back to the same scheme."""
    return _build(model)


def _put(ws, row: int, col: int, put: cells.Put | None, style=None):
    c = ws.cell(row=row, column=col)
    if put is None:
        return c
    c.value = put.value
    if put.kind == "text":
        c.data_type = "s"          # never a formula, whatever the text starts with
    c.number_format = put.fmt
    return c


def fit_rows(ws, first: int, last: int) -> None:
    """Row heights for wrapped text (spreadsheet programs do not grow rows written by openpyxl)."""
    widths = {}
    for row in ws.iter_rows(min_row=first, max_row=last):
        lines = 1
        for c in row:
            if c.value is None or c.data_type == "n":
                continue
            letter = c.column_letter
            if letter not in widths:
                widths[letter] = ws.column_dimensions[letter].width or 10
            per_line = max(4, int(widths[letter] * 1.1) - 2)
            n = sum(max(1, -(-len(part) // per_line)) for part in str(c.value).split("\n"))
            lines = max(lines, n)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(15 * lines + 2, 300)


def _head(ws, row: int, labels: Iterable[str]) -> None:
    for col, text in enumerate(labels, start=1):
        c = ws.cell(row=row, column=col, value=text)
        c.font, c.fill, c.border, c.alignment = BOLD, HEAD_FILL, BOX, WRAP


def _title(ws, text: str) -> None:
    c = ws.cell(row=1, column=1, value=text)
    c.font = Font(bold=True, size=13)


def _lists(wb) -> dict[str, str]:
    """The hidden sheet of drop-down choices; field → range formula."""
    ws = wb.create_sheet(LISTS_SHEET)
    ranges = {}
    for col, (field, options) in enumerate(list(CHOICES.items()) + [("yes", {"yes": YES, "no": "Không"})],
                                           start=1):
        ws.cell(row=1, column=col, value=field)
        for row, text in enumerate(options.values(), start=2):
            ws.cell(row=row, column=col, value=text)
        letter = get_column_letter(col)
        ranges[field] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(options) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _dv(ws, sqref: str, kind: str, formula: str | None = None, prompt: str = "", stop: bool = True,
        **kw) -> None:
    dv = DataValidation(type=kind, formula1=formula, allow_blank=True, showErrorMessage=True,
                        errorStyle="stop" if stop else "warning", errorTitle="parscore",
                        error="Giá trị không hợp lệ; xem trang «Hướng dẫn».", **kw)
    if prompt:
        dv.showInputMessage = True
        dv.promptTitle, dv.prompt = "Cách ghi", prompt[:255]
    ws.add_data_validation(dv)
    dv.add(sqref)


def _build(model: Scheme | None) -> bytes:
    wb = new_workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    _guide(guide)
    lists = _lists(wb)
    _header(wb.create_sheet(HEADER_SHEET, 1), model, lists)
    nodes = wb.create_sheet(NODES_SHEET, 2)
    _nodes(nodes, model, lists)
    ev = wb.create_sheet(EVIDENCE_SHEET, 3)
    _evidence(ev, model, lists)
    wb.active = 0 if model is None else 2
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is wb.active
    return to_bytes(wb)


def _guide(ws) -> None:
    ws.column_dimensions["A"].width = 110
    for row, line in enumerate(GUIDE, start=1):
        c = ws.cell(row=row, column=1, value=line)
        c.alignment = WRAP
        if line and (row == 1 or line.isupper() or line.startswith("■")):
            c.font = Font(bold=True, size=13 if row == 1 else 11)
    fit_rows(ws, 1, len(GUIDE))
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _header(ws, model: Scheme | None, lists: dict[str, str]) -> None:
    _title(ws, "THÔNG TIN CHUNG CỦA BỘ TIÊU CHÍ")
    _head(ws, TABLE_ROW, HEADER_COLS)
    for col, w in zip("ABCD", (34, 14, 60, 50)):
        ws.column_dimensions[col].width = w
    hints = {"id": "chữ thường, số, dấu chấm, gạch nối; hồ sơ của đơn vị ghi đúng mã này",
             "level": "chọn trong danh sách", "version": "ví dụ 1.0 (ô dạng văn bản)",
             "deadline": "dd/mm/yyyy", "period.from": "dd/mm/yyyy", "period.to": "dd/mm/yyyy",
             "rounding": "bước làm tròn điểm, ví dụ 0,01", "na_policy": "áp dụng cho tiêu chí không ghi riêng",
             "source": "ví dụ Quyết định số …/QĐ-UBND ngày …"}
    values = _header_values(model)
    for i, (key, label) in enumerate(HEADER_FIELDS):
        row = TABLE_ROW + 1 + i
        ws.cell(row=row, column=1, value=label).border = BOX
        ws.cell(row=row, column=2, value=key).border = BOX
        c = _put(ws, row, 3, values.get(key))
        c.border, c.alignment = BOX, WRAP
        ws.cell(row=row, column=4, value=hints.get(key, "")).alignment = WRAP
        if key in ("level", "na_policy"):
            _dv(ws, f"C{row}", "list", lists[key])
        elif key in ("deadline", "period.from", "period.to"):
            c.number_format = cells.DATE_FORMAT
            _dv(ws, f"C{row}", "date", "DATE(2000,1,1)", "Ngày dạng dd/mm/yyyy", operator="greaterThan")
        elif key in ("id", "title", "version", "source"):
            c.number_format = "@"
    head = TABLE_ROW + len(HEADER_FIELDS) + 2
    _head(ws, head, BANDS_HEAD)
    bands = model.bands if model is not None else []
    for i, b in enumerate(bands):
        _put(ws, head + 1 + i, 1, cells.number(b.min, True)).border = BOX
        _put(ws, head + 1 + i, 2, cells.text(b.label)).border = BOX
    ws.cell(row=head, column=3, value="Xếp loại theo chỉ số (%), từ mức cao nhất xuống; để trống nếu không xếp loại")
    fit_rows(ws, TABLE_ROW, head + len(bands))
    setup_print(ws, TABLE_ROW, landscape_page=False)


def _header_values(model: Scheme | None) -> dict[str, cells.Put | None]:
    if model is None:
        return {"rounding": cells.number(Decimal("0.01"), True),
                "na_policy": cells.label("na_policy", "exclude"), "level": cells.label("level", "xa")}
    return {"id": cells.text(model.id), "title": cells.text(model.title), "level": cells.label("level", model.level),
            "year": cells.number(model.year, True), "version": cells.text(model.version),
            "source": cells.text(model.source) if model.source is not None else None,
            "deadline": cells.date(model.deadline),
            "period.from": cells.date(model.period.from_) if model.period else None,
            "period.to": cells.date(model.period.to) if model.period else None,
            "rounding": cells.number(model.rounding, True), "na_policy": cells.label("na_policy", model.na_policy)}


def _walk(nodes: list[Node], parent: str | None, depth: int):
    for n in nodes:
        yield n, parent, depth
        yield from _walk(n.criteria or [], n.id, depth + 1)


def _nodes(ws, model: Scheme | None, lists: dict[str, str]) -> None:
    title = f"BỘ TIÊU CHÍ: {model.title}" if model is not None else "BỘ TIÊU CHÍ (mỗi dòng một lĩnh vực, tiêu chí, tiêu chí thành phần)"
    _title(ws, title)
    _head(ws, TABLE_ROW, [label for _, label in NODE_COLUMNS])
    col = {key: i for i, (key, _) in enumerate(NODE_COLUMNS, start=1)}
    for key, i in col.items():
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(key, 13)
    row = TABLE_ROW
    for node, parent, depth in _walk(model.areas if model is not None else [], None, 0):
        row += 1
        values: dict[str, cells.Put | None] = {
            "id": cells.text(node.id), "parent": cells.text(parent) if parent else None,
            "title": cells.text(node.title), "max": cells.number(node.max, True),
            "min": cells.number(node.min, True) if node.min is not None else None,
            "na": cells.label("na", node.na), "bonus": cells.text(YES) if node.bonus else None,
            "note": cells.text(node.note) if node.note is not None else None,
        }
        if node.rule is not None:
            values.update(cells.rule_cells(node.rule))
        for key, i in col.items():
            c = _put(ws, row, i, values.get(key))
            c.border = BOX
            c.alignment = Alignment(wrap_text=True, vertical="top", indent=depth if key == "title" else 0)
            if depth == 0:
                c.fill, c.font = AREA_FILL, BOLD
    fit_rows(ws, TABLE_ROW, row)
    last = max(row, TABLE_ROW) + BLANK_ROWS["template" if model is None else "export"]
    for r in range(row + 1, last + 1):
        for key in ("id", "parent"):
            ws.cell(row=r, column=col[key]).number_format = "@"
    rows = lambda key: f"{get_column_letter(col[key])}{TABLE_ROW + 1}:{get_column_letter(col[key])}{last}"  # noqa: E731
    keys = f"'{EVIDENCE_SHEET}'!$A${TABLE_ROW + 1}:$A${TABLE_ROW + 2000}"
    _dv(ws, rows("na"), "list", lists["na"])
    _dv(ws, rows("bonus"), "list", lists["yes"])
    _dv(ws, rows("kind"), "list", lists["kind"])
    for key in ("evidence", "ratio.of", "ratio.to"):
        _dv(ws, rows(key), "list", keys, PROMPTS[key], stop=False)
    _dv(ws, rows("max"), "decimal", "0", "Số điểm, ví dụ 0,75", operator="greaterThanOrEqual")
    _dv(ws, rows("due"), "date", "DATE(2000,1,1)", PROMPTS["due"], operator="greaterThan")
    for key in ("all", "bands", "late", "scale", "extra", "parent", "otherwise", "points", "per", "start",
                "target", "zero_below", "on_time", "missing", "min"):
        if key in PROMPTS:
            _dv(ws, rows(key), None, None, PROMPTS[key])  # type: ignore[arg-type]
    setup_print(ws, TABLE_ROW)


def _evidence(ws, model: Scheme | None, lists: dict[str, str]) -> None:
    _title(ws, "DANH MỤC TÀI LIỆU KIỂM CHỨNG, SỐ LIỆU (mỗi dòng một mã mà quy tắc chấm đọc)")
    columns = [(k, v) for k, v in EVIDENCE_COLUMNS if k != "fixed" or "fixed" in EvidenceSpec.model_fields]
    _head(ws, TABLE_ROW, [label for _, label in columns])
    col = {key: i for i, (key, _) in enumerate(columns, start=1)}
    for key, i in col.items():
        ws.column_dimensions[get_column_letter(i)].width = EV_WIDTHS.get(key, 14)
    row = TABLE_ROW
    for key, spec in (model.evidence.items() if model is not None else []):
        row += 1
        data = spec.model_dump(exclude_none=True)
        values = {"key": cells.text(key), "title": cells.text(spec.title), "type": cells.label("type", spec.type),
                  "better": cells.label("better", spec.better) if spec.better else None,
                  "unit": cells.text(spec.unit) if spec.unit is not None else None,
                  "description": cells.text(spec.description) if spec.description is not None else None,
                  "fixed": (cells.text(YES if data["fixed"] else "Không") if "fixed" in data else None)}
        for k, i in col.items():
            c = _put(ws, row, i, values.get(k))
            c.border, c.alignment = BOX, WRAP
    fit_rows(ws, TABLE_ROW, row)
    last = max(row, TABLE_ROW) + BLANK_ROWS["template" if model is None else "export"]
    rng = lambda key: f"{get_column_letter(col[key])}{TABLE_ROW + 1}:{get_column_letter(col[key])}{last}"  # noqa: E731
    _dv(ws, rng("type"), "list", lists["type"])
    _dv(ws, rng("better"), "list", lists["better"], PROMPTS["better"])
    if "fixed" in col:
        _dv(ws, rng("fixed"), "list", lists["yes"])
    for r in range(row + 1, last + 1):
        ws.cell(row=r, column=col["key"]).number_format = "@"
    _dv(ws, rng("key"), None, None, PROMPTS["key"])  # type: ignore[arg-type]
    setup_print(ws, TABLE_ROW)
