"""Opening a workbook safely, and the cells a reader must not silently skip.

- size limits before anything is parsed: the file (``MAX_BYTES``), everything unzipped
  (``MAX_UNPACKED``) and each sheet (``MAX_SHEET``), so a zip bomb fails fast;
- XML through defusedxml (openpyxl uses it when it is installed): a workbook with entity
  declarations (the "billion laughs") is refused with ``xlsx_unsafe``, never expanded;
- broken XML or a damaged part is ``file_unreadable`` naming the file, not an internal error;
- sheet names are compared in Unicode NFC (a sheet named in NFD Vietnamese is still found);
- formula cells without a computed value (``xlsx_formula_no_value``) and merged cells in the
  table (``xlsx_merged_cell``) are listed by ``table_problems`` at their cells.
"""
from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from criteria import Diagnostic, InputError, Loc

MAX_BYTES = 5 * 1024 * 1024           # the file itself
MAX_UNPACKED = 60 * 1024 * 1024       # all parts once unzipped (a zip bomb fails fast)
MAX_SHEET = 30 * 1024 * 1024          # one sheet's XML once unzipped


def _fail(file: str, code: str, msg: str, vi: str) -> InputError:
    return InputError([Diagnostic(code, Loc(file), msg, vi)])


def open_sheet(path: Path, file: str, known: tuple[str, ...]):
    """``(worksheet, its name, has_formulas)``: the first sheet named in ``known`` (NFC), else the first."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(file, "file_unreadable", exc.strerror or str(exc), "không đọc được tệp") from None
    if size > MAX_BYTES:
        raise _fail(file, "yaml_too_large", f"file is larger than {MAX_BYTES} bytes", f"tệp lớn hơn {MAX_BYTES} byte")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            unpacked = sum(i.file_size for i in infos)
            sheets = [i for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
            big = next((i for i in sheets if i.file_size > MAX_SHEET), None)
            formulas = unpacked <= MAX_UNPACKED and big is None and any(b"<f" in zf.read(i) for i in sheets)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        raise _fail(file, "file_unreadable", "not an .xlsx workbook (Excel 2007 or later)",
                    "không phải tệp Excel .xlsx (Excel 2007 trở về sau)") from None
    if unpacked > MAX_UNPACKED:
        raise _fail(file, "yaml_too_large", f"workbook unpacks to more than {MAX_UNPACKED} bytes; refusing to read",
                    f"tệp Excel giải nén ra hơn {MAX_UNPACKED} byte; không đọc tệp này")
    if big is not None:
        raise _fail(file, "yaml_too_large", f"sheet {big.filename} unpacks to more than {MAX_SHEET} bytes; "
                    "refusing to read", f"một trang tính giải nén ra hơn {MAX_SHEET} byte; không đọc tệp này")
    wb = _load(path, file, data_only=True)
    names = wb.sheetnames
    wanted = {unicodedata.normalize("NFC", k) for k in known}
    chosen = next((n for n in names if unicodedata.normalize("NFC", n) in wanted), names[0] if names else None)
    if chosen is None:
        raise _fail(file, "evidence_bad_header", "the workbook has no sheet", "tệp Excel không có trang tính nào")
    return wb[chosen], chosen, formulas


def _load(path: Path, file: str, data_only: bool):
    import openpyxl
    try:
        from defusedxml import DefusedXmlException
    except ImportError:          # pragma: no cover - a dependency; kept importable without it
        DefusedXmlException = ValueError  # noqa: N806
    try:
        return openpyxl.load_workbook(path, data_only=data_only)
    except MemoryError:
        raise _fail(file, "yaml_too_large", "the workbook is too large to read", "tệp Excel quá lớn") from None
    except Exception as exc:  # openpyxl and its XML parsers raise many types for a damaged part
        cause: BaseException | None = exc
        while cause is not None:          # openpyxl wraps the parser's error in a ValueError
            if isinstance(cause, DefusedXmlException):
                raise _fail(file, "xlsx_unsafe", "the workbook's XML declares entities (an \"XML bomb\"); "
                            "refusing to read", "tệp Excel có khai báo thực thể XML (kiểu tấn công «XML bomb»); "
                            "không đọc tệp này") from None
            cause = cause.__cause__ or cause.__context__
        raise _fail(file, "file_unreadable", f"not a readable .xlsx workbook: a part is damaged ({type(exc).__name__})",
                    f"không đọc được tệp Excel: một phần của tệp bị hỏng ({type(exc).__name__})") from None


def uncached_formulas(path: Path, file: str, sheet: str) -> dict[tuple[int, int], str]:
    """``(row, col) → formula`` for formula cells the file holds no computed value for."""
    values = _load(path, file, data_only=True)[sheet]
    formulas = _load(path, file, data_only=False)[sheet]
    out = {}
    for row in formulas.iter_rows():
        for c in row:
            f = c.value
            text = f if isinstance(f, str) else getattr(f, "text", None)
            if isinstance(text, str) and text.startswith("=") and values.cell(row=c.row, column=c.column).value is None:
                out[(c.row, c.column)] = text
    return out
