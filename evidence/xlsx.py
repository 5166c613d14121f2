"""The evidence form as a spreadsheet: its layout, and reading a filled form.

``parscore template`` writes the form (``scoring.report.xlsx_form``); this module
owns what both sides agree on (sheet names, header labels, columns) and turns a
filled workbook into the same raw tree an evidence YAML file gives: a ``YDict``
with ``unit``, ``criteria``, ``prepared_by``, ``date`` and ``evidence``, where
every key remembers its cell (``Loc(file, row, col, cell="Tài liệu kiểm chứng!G12")``).
``evidence.load.build_submission`` then validates it exactly like YAML, so a
workbook and a YAML file with the same facts give the same submission.

Reading rules (documented for officers in docs/officer.md):

- one row per evidence key (column «Mã»); a row whose value, document and
  «không phát sinh» cells are all empty is missing evidence;
- a filled «Lý do không phát sinh» makes the row ``{na: true, reason}``;
- «Có»/«Không» (or Yes/No, TRUE/FALSE) are booleans; dates may be Excel dates
  or text dd/mm/yyyy; a number in a cell formatted as a percentage is read as
  the percent it shows (0,9773 shown as 97,73% is 97.73);
- a key written again on a later row adds one more verification document, and
  so does a row inserted right under a key's row (its «Mã» cell left empty, the
  column is protected) that fills only document cells;
- a number typed as text the Vietnamese way («97,73», «1.498», «0,5», a percent
  «97,73%») is read as that number (``number_text``); ``root.readings`` lists
  every such cell so ``check`` can say how it was read.

Only structural problems (not a workbook, no form header) are reported here;
every problem with a value is reported by ``build_submission`` at its cell.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from criteria import Collector, Diagnostic, InputError, LoadedScheme, Loc
from criteria.yamlsrc import YDict, YList

from .xlsx_open import MAX_BYTES, MAX_UNPACKED, open_sheet, uncached_formulas  # noqa: F401 (limits re-exported)

MAX_ROWS = 5000                       # table rows read; a filled row beyond is an error, never dropped

SHEET = {"vi": "Tài liệu kiểm chứng", "en": "Evidence"}
# Forms written before the sheet took the officers' own term are still read.
OLD_SHEETS = ("Bằng chứng",)

# Header block: label in column A, value in column C.
HEADER_FIELDS = ("criteria", "unit.id", "unit.name", "unit.province", "prepared_by", "date")
HEADER_LABELS = {
    "vi": {"criteria": "Mã bộ tiêu chí", "unit.id": "Mã đơn vị", "unit.name": "Tên đơn vị",
           "unit.province": "Tỉnh, thành phố", "prepared_by": "Người lập", "date": "Ngày lập"},
    "en": {"criteria": "Scheme id", "unit.id": "Unit id", "unit.name": "Unit name",
           "unit.province": "Province", "prepared_by": "Prepared by", "date": "Date"},
}
HEADER_VALUE_COL = 3   # C (read: the first filled cell of B..E, so an inserted column is harmless)

# The table: one column per field, in this order (the writer uses it as is).
COLUMNS = ("stt", "key", "title", "type", "unit", "criteria", "value", "number", "date",
           "doc_title", "page", "file", "reason", "justification")
INPUTS = ("value", "number", "date", "doc_title", "page", "file", "reason", "justification")
COLUMN_LABELS = {
    "vi": {"stt": "STT", "key": "Mã (không sửa)", "title": "Nội dung cần kê khai", "type": "Loại",
           "unit": "Đơn vị tính", "criteria": "Tiêu chí (điểm tối đa)", "value": "Giá trị / điểm tự chấm",
           "number": "Số văn bản", "date": "Ngày văn bản", "doc_title": "Trích yếu văn bản",
           "page": "Trang, mục", "file": "Tệp đính kèm", "reason": "Lý do không phát sinh",
           "justification": "Giải trình (tự chấm) / ghi chú"},
    "en": {"stt": "No.", "key": "Key (do not edit)", "title": "What to declare", "type": "Type",
           "unit": "Unit", "criteria": "Criteria (max points)", "value": "Value / self-score",
           "number": "Document no.", "date": "Document date", "doc_title": "Document title",
           "page": "Page, section", "file": "Attached file", "reason": "Reason it did not occur",
           "justification": "Justification (self-scored) / note"},
}

# A number typed as text the Vietnamese way («97,73», «1.498», «1 498», «0,5»; a percent may end in «%»):
# dots or spaces group thousands (groups of exactly three digits), the comma is the decimal mark. A dot
# followed by other than three digits («97.5») is read as a decimal point, as Excel in English shows it.
_VN_NUMBER = re.compile(r"^(-?)((?:[1-9]\d{0,2}(?:[. \u00a0]\d{3})+)|\d+)(?:,(\d+))?$")
_DOT_DECIMAL = re.compile(r"^(-?)(\d+)\.(\d{1,2}|\d{4,})$")
NUMERIC_TYPES = ("count", "percent", "number")

TRUE_WORDS = ("có", "co", "yes", "true", "đúng")
FALSE_WORDS = ("không", "khong", "no", "false", "sai")


def norm(text: Any) -> str:
    """Text for matching labels and words: NFC, case-folded, spaces collapsed, no trailing colon."""
    s = unicodedata.normalize("NFC", str(text)).casefold()
    return " ".join(s.split()).rstrip(":").strip()


_HEADER_MATCH = {norm(label): field for labels in HEADER_LABELS.values() for field, label in labels.items()}
_COLUMN_MATCH = {norm(label): field for labels in COLUMN_LABELS.values() for field, label in labels.items()}
# The key column also matches its short name, so a user who shortens the label is still understood.
_COLUMN_MATCH.update({"mã": "key", "key": "key"})


@dataclass(frozen=True)
class _Cell:
    value: Any
    loc: Loc


def read_workbook(path: str | Path, scheme: LoadedScheme) -> YDict:
    """A filled evidence form as the raw tree ``build_submission`` validates.

    Raises ``InputError`` (codes ``file_unreadable``, ``yaml_too_large``,
    ``evidence_bad_header``) when the file is not a readable form at all.
    """
    file = str(path)
    ws, sheet, has_formulas = open_sheet(Path(path), file, (*SHEET.values(), *OLD_SHEETS))
    header_row, columns = _find_table(ws, sheet, file)
    out = Collector()
    last = min(ws.max_row, header_row + MAX_ROWS)
    _table_problems(ws, sheet, file, header_row, columns, last, out)
    if has_formulas:
        _formula_problems(uncached_formulas(Path(path), file, sheet), sheet, file, last, out)

    def cell(row: int, col: int) -> _Cell:
        c = ws.cell(row=row, column=col)
        return _Cell(_cell_value(c), Loc(file, row, col, cell=f"{sheet}!{_letter(col)}{row}"))

    root = _ydict(Loc(file, 1, 1, cell=f"{sheet}!A1"))
    unit = _ydict(Loc(file, 1, 1, cell=f"{sheet}!A1"))
    for row in range(1, header_row):
        label = ws.cell(row=row, column=1).value
        field = _HEADER_MATCH.get(norm(label)) if isinstance(label, str) else None
        if field is None:
            continue
        got = next((c for c in (cell(row, col) for col in range(2, HEADER_VALUE_COL + 3)) if c.value is not None),
                   cell(row, HEADER_VALUE_COL))
        if field.startswith("unit."):
            name = field[5:]
            unit.key_locs[name] = got.loc
            if name == "id":
                unit.loc = got.loc
                root.key_locs["unit"] = got.loc
            if got.value is not None:
                unit[name] = _text(got.value)
        else:
            root.key_locs[field] = got.loc
            if got.value is not None:
                root[field] = _text(got.value) if field != "date" else got.value
    if unit.key_locs:
        root["unit"] = unit

    evidence = _ydict(Loc(file, header_row, columns["key"], cell=f"{sheet}!{_letter(columns['key'])}{header_row}"))
    root.key_locs["evidence"] = evidence.loc
    root["evidence"] = evidence
    catalogue = scheme.model.evidence
    readings: list[Reading] = []
    root.readings = readings          # text cells read as numbers, for `check` to say how
    above: str | None = None    # the key of the row just above (an inserted row continues it)
    for row in range(header_row + 1, last + 1):
        cells = {f: cell(row, col) for f, col in columns.items()}
        raw_key = cells["key"].value
        filled = [f for f in INPUTS if f in cells and cells[f].value is not None]
        if raw_key is None:
            # A row inserted under a key's row (the key column is protected) that fills only document
            # cells lists one more document of that key; anything else without a key is an error.
            if filled and above is not None and above in evidence and _has_document(filled) \
                    and not any(f in filled for f in ("value", "reason", "justification")):
                _more_documents(evidence[above], above, cells, filled, out)
                continue
            if filled:
                first = cells[filled[0]]
                out.add("evidence_bad_value", first.loc,
                        f"row {row} has values but no key in column «Mã»; copy the key of the row it belongs to")
            else:
                above = None
            continue
        key = _text(raw_key)
        above = key
        spec = catalogue.get(key)
        etype = spec.type if spec is not None else "number"
        if key in evidence:
            _more_documents(evidence[key], key, cells, filled, out)
            continue
        item = _item(etype, cells, filled, readings)
        if item is not None:
            evidence[key] = item
            evidence.key_locs[key] = item.loc
    out.check()
    return root


# ---- the workbook -------------------------------------------------------------

def _open_sheet(path: Path, file: str):
    """The form's sheet (``«Tài liệu kiểm chứng»``, an older name, or the first) and its name."""
    ws, name, _ = open_sheet(path, file, (*SHEET.values(), *OLD_SHEETS))
    return ws, name


def _table_problems(ws, sheet: str, file: str, header_row: int, columns: dict[str, int], last: int,
                    out: Collector) -> None:
    """Cells the reader would otherwise skip without a word: merged value cells, rows past the form."""
    read = {columns[f] for f in ("key", *INPUTS) if f in columns}
    for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if rng.max_row <= header_row:
            continue
        # a merge across one row (a section title) hides nothing; across rows, the rows below lose their value
        if rng.max_row > rng.min_row and any(rng.min_col <= c <= rng.max_col for c in read):
            at = f"{_letter(rng.min_col)}{rng.min_row}"
            out.add("xlsx_merged_cell", Loc(file, rng.min_row, rng.min_col, cell=f"{sheet}!{at}"),
                    f"cells {rng.coord} are merged: only {at} would be read; unmerge them and write one value per row",
                    f"các ô {rng.coord} đang được gộp: chỉ đọc được ô {at}; hãy bỏ gộp ô và ghi mỗi dòng một giá trị")
    if ws.max_row > last:
        for row in ws.iter_rows(min_row=last + 1, max_row=ws.max_row):
            c = next((c for c in row if c.column in read and _cell_value(c) is not None), None)
            if c is not None:
                at = f"{_letter(c.column)}{c.row}"
                out.add("xlsx_too_many_rows", Loc(file, c.row, c.column, cell=f"{sheet}!{at}"),
                        f"row {c.row} is past the form's last row ({last}, {MAX_ROWS} rows after the header); "
                        "it would not be read: split the form",
                        f"dòng {c.row} nằm ngoài phạm vi biểu mẫu (dòng cuối {last}, {MAX_ROWS} dòng sau tiêu đề) "
                        "nên không được đọc: hãy tách thành nhiều biểu mẫu")
                break


def _formula_problems(formulas: dict, sheet: str, file: str, last: int, out: Collector) -> None:
    for (row, col), text in sorted(formulas.items()):
        if row > last:
            continue
        at = f"{_letter(col)}{row}"
        shown = text if len(text) <= 40 else text[:37] + "…"
        out.add("xlsx_formula_no_value", Loc(file, row, col, cell=f"{sheet}!{at}"),
                f"{at} holds the formula {shown} but no computed value: open the file in Excel or LibreOffice "
                "and save it again, or type the value",
                f"ô {at} có công thức {shown} nhưng chưa có giá trị tính sẵn: mở tệp bằng Excel hoặc LibreOffice "
                "rồi lưu lại, hoặc gõ trực tiếp giá trị")


def _find_table(ws, sheet: str, file: str) -> tuple[int, dict[str, int]]:
    """The header row of the evidence table and the column of each field it names."""
    for row in range(1, min(ws.max_row, 60) + 1):
        found: dict[str, int] = {}
        for col in range(1, min(ws.max_column, 40) + 1):
            v = ws.cell(row=row, column=col).value
            field = _COLUMN_MATCH.get(norm(v)) if isinstance(v, str) else None
            if field is not None and field not in found:
                found[field] = col
        if "key" in found and "value" in found:
            return row, found
    raise InputError([Diagnostic("evidence_bad_header", Loc(file, 0, 0, cell=f"{sheet}!A1"),
                                 "not an evidence form from `parscore template`: no table header with the "
                                 "columns «Mã» and «Giá trị» was found")])


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


def _number_format(c) -> str:
    return str(getattr(c, "number_format", "") or "")


def _cell_value(c) -> Any:
    """What the officer sees in a cell, without guessing: empty text is None."""
    v = c.value
    if v is None:
        return None
    if isinstance(v, str):
        s = unicodedata.normalize("NFC", v).strip()
        return s or None
    if isinstance(v, bool):
        return v
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == dt.time(0) else v
    if isinstance(v, (dt.date, dt.time, dt.timedelta)):
        return v
    if isinstance(v, (int, float)):
        percent = "%" in _number_format(c)
        if isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")):
                return str(v)
            # the spreadsheet's own precision, 15 significant digits: =1.1-0.2 is 0.9, as Excel shows it
            d = Decimal(format(v, ".15g"))
        else:
            d = Decimal(v)
        if percent:
            d = d * 100
        if d == d.to_integral_value():
            return int(d)
        return d.normalize()
    return str(v)


def _text(v: Any) -> Any:
    """Header and key cells: numbers typed there are still names."""
    if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
        return str(v)
    return v


def _ydict(loc: Loc) -> YDict:
    d = YDict()
    d.loc = loc
    d.key_locs = {}
    return d


def _put(d: YDict, key: str, c: _Cell) -> None:
    d.key_locs[key] = c.loc
    if c.value is not None:
        d[key] = c.value


# ---- one row -------------------------------------------------------------------

def _document(cells: dict[str, _Cell], at: Loc) -> YDict:
    doc = _ydict(at)
    for field, name in (("number", "number"), ("date", "date"), ("doc_title", "title"),
                        ("page", "page"), ("file", "file")):
        if field in cells:
            _put(doc, name, cells[field])
    return doc


def _has_document(filled: list[str]) -> bool:
    return any(f in filled for f in ("number", "date", "doc_title", "page", "file"))


def number_text(v: Any, etype: str) -> Decimal | int | None:
    """The number a text cell shows («97,73» → 97.73, «1.498» → 1498), or None when it is not one."""
    if not isinstance(v, str):
        return None
    text = v.strip()
    if etype == "percent" and text.endswith("%"):
        text = text[:-1].rstrip()
    m = _VN_NUMBER.match(text)
    if m:
        sign, whole, frac = m.groups()
        whole = re.sub(r"[. \u00a0]", "", whole)
    else:
        m = _DOT_DECIMAL.match(text)
        if not m:
            return None
        sign, whole, frac = m.groups()
    d = Decimal(f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}")
    return int(d) if d == d.to_integral_value() and not frac else d


def _boolean(v: Any) -> Any:
    if isinstance(v, str):
        w = norm(v)
        if w in TRUE_WORDS:
            return True
        if w in FALSE_WORDS:
            return False
    return v


def _read_number(v: Any, cell: _Cell, readings: list, etype: str) -> Any:
    """A text cell in Vietnamese number format becomes that number; the reading is recorded for ``check``."""
    n = number_text(v, etype)
    if n is None:
        return v
    readings.append(Reading(cell.loc, v, n))
    return n


@dataclass(frozen=True)
class Reading:
    """How a text cell was read as a number (``check`` shows it: «97,73» → 97.73)."""
    loc: Loc
    text: str
    value: Decimal | int


def _item(etype: str, cells: dict[str, _Cell], filled: list[str], readings: list | None = None) -> YDict | None:
    """The raw entry for one row, shaped like the YAML an officer would write; None = missing."""
    present = any(f in filled for f in ("value", "reason")) or _has_document(filled) \
        or (etype == "manual" and "justification" in filled)
    if not present:
        return None
    readings = readings if readings is not None else []
    value, note = cells.get("value"), cells.get("justification")
    doc_loc = cells["date"].loc if "date" in cells else cells["key"].loc
    if "reason" in filled:
        item = _ydict(cells["reason"].loc)
        item["na"] = True
        item.key_locs["na"] = cells["reason"].loc
        _put(item, "reason", cells["reason"])
        if "value" in filled:
            _put(item, "value", value)          # build_submission: unknown field in a N/A entry
        if _has_document(filled):
            _documents(item, _document(cells, doc_loc), doc_loc)
        if note is not None and note.value is not None:
            _put(item, "note", note)
        return item
    if etype == "document":
        item = _document(cells, doc_loc)
        if "value" in filled:
            _put(item, "value", value)          # build_submission: a document has no value
        if note is not None and note.value is not None:
            _put(item, "note", note)
        return item
    at = value.loc if value is not None else doc_loc
    item = _ydict(at)
    if etype == "manual":
        if value is not None:
            n = _read_number(value.value, value, readings, "number")
            _put(item, "points", _Cell(n, value.loc))
        if note is not None:
            _put(item, "justification", note)
    else:
        if value is not None:
            v = value.value
            if etype == "boolean":
                v = _boolean(v)
            elif etype in NUMERIC_TYPES:
                v = _read_number(v, value, readings, etype)
            item.key_locs["value"] = value.loc
            if v is not None:
                item["value"] = v
        if note is not None and note.value is not None:
            _put(item, "note", note)
    if _has_document(filled):
        _documents(item, _document(cells, doc_loc), doc_loc)
    return item


def _documents(item: YDict, doc: YDict, at: Loc) -> None:
    docs = item.get("documents")
    if not isinstance(docs, YList):
        docs = YList()
        docs.loc = at
        docs.item_locs = []
        item["documents"] = docs
        item.key_locs["documents"] = at
    docs.append(doc)
    docs.item_locs.append(at)


def _more_documents(item: Any, key: str, cells: dict[str, _Cell], filled: list[str], out: Collector) -> None:
    """A key written again: its row may only list one more verification document."""
    extra = [f for f in filled if f in ("value", "reason", "justification")]
    if extra:
        c = cells[extra[0]]
        out.add("evidence_bad_value", c.loc,
                f"{key}: written on an earlier row already; a repeated row may only list one more document "
                f"(number, date, title, page, file)")
        return
    if not _has_document(filled) or not isinstance(item, YDict):
        return
    at = cells["date"].loc if "date" in cells else cells["key"].loc
    _documents(item, _document(cells, at), at)
