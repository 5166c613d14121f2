"""Read a scheme workbook (``parscore criteria template``/``export``) into the raw scheme tree.

The result is the same ``YDict`` a criteria YAML file gives, with every key's
location a cell (``Loc(file, row, col, cell="Tiêu chí!D14")``); the loader and
compiler then validate it exactly like YAML, so every error names its sheet and
cell. Only what this module must decide itself is reported here: a missing sheet
or header (``scheme_xlsx_layout``), a cell that does not follow the parameter
syntax, or a parent id that names no row (``scheme_xlsx_value``).

Reading rules (documented for authors in docs/authoring.md):
- «Tiêu chí»: one row per node; «Thuộc tiêu chí» names the parent's id (empty: an
  area); children keep the order of their rows; a row with an empty id is skipped;
- a node with any rule cell filled has a rule; otherwise it needs children;
- empty cells are absent keys (the YAML defaults apply); text is trimmed;
- numbers keep their decimal places as shown (a cell formatted 0.00 holding 1 is
  1,00, as ``1.00`` in YAML); a whole number in a General cell is a whole number.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from .diagnostics import Collector, Diagnostic, InputError, Loc
from .xlsx_layout import (BANDS_HEAD, CHOICES, EVIDENCE_COLUMNS, EVIDENCE_SHEET, FALSE_WORDS, HEADER_FIELDS,
                          HEADER_SHEET, NODE_COLUMNS, NODES_SHEET, RULE_NUMBERS, TRUE_WORDS, choice,
                          header_index, norm)
from .xlsx_params import SyntaxProblem, parse_bands, parse_keys, parse_late, parse_number, parse_scale
from .yamlsrc import YDict, YList, read_yaml_text

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 60 * 1024 * 1024
MAX_ROWS = 5000
SCHEME_SHEETS = (HEADER_SHEET, NODES_SHEET, EVIDENCE_SHEET)


def is_workbook(path: str | Path) -> bool:
    return str(path).lower().endswith((".xlsx", ".xlsm"))


def read_scheme_workbook(path: str | Path) -> YDict:
    """The raw scheme tree of a workbook; ``InputError`` for what only the workbook can get wrong."""
    file = str(path)
    wb = _open(Path(path), file)
    r = _Reader(wb, file)
    r.header()
    r.evidence()
    r.nodes()
    r.out.check()
    return r.root


def _open(path: Path, file: str):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    def fail(code: str, en: str, vi: str) -> InputError:
        return InputError([Diagnostic(code, Loc(file), en, vi)])

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise fail("file_unreadable", exc.strerror or str(exc), exc.strerror or str(exc)) from None
    if size > MAX_BYTES:
        raise fail("yaml_too_large", f"file is larger than {MAX_BYTES} bytes", f"tệp lớn hơn {MAX_BYTES} byte")
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError):
        raise fail("file_unreadable", "not an .xlsx workbook (Excel 2007 or later)",
                   "không phải tệp Excel .xlsx (Excel 2007 trở lên)") from None
    if unpacked > MAX_UNPACKED:
        raise fail("yaml_too_large", f"workbook unpacks to more than {MAX_UNPACKED} bytes; refusing to read",
                   f"tệp Excel giải nén ra hơn {MAX_UNPACKED} byte; không đọc")
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise fail("file_unreadable", f"not a readable .xlsx workbook ({type(exc).__name__})",
                   f"không đọc được tệp Excel ({type(exc).__name__})") from None


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


def ydict(loc: Loc) -> YDict:
    d = YDict()
    d.loc, d.key_locs = loc, {}
    return d


def ylist(loc: Loc) -> YList:
    x = YList()
    x.loc, x.item_locs = loc, []
    return x


def _relocate(v: Any, loc: Loc) -> Any:
    """Values parsed from one cell all live at that cell."""
    if isinstance(v, dict):
        d = ydict(loc)
        for k, x in v.items():
            d[k] = _relocate(x, loc)
            d.key_locs[k] = loc
        return d
    if isinstance(v, list):
        out = ylist(loc)
        for x in v:
            out.append(_relocate(x, loc))
            out.item_locs.append(loc)
        return out
    return v


class _Reader:
    def __init__(self, wb, file: str):
        self.wb, self.file = wb, file
        self.out = Collector()
        self.root = ydict(Loc(file, 1, 1, cell=f"{HEADER_SHEET}!A1"))

    # ---- cells ---------------------------------------------------------------
    def loc(self, sheet: str, row: int, col: int) -> Loc:
        return Loc(self.file, row, col, cell=f"{sheet}!{_letter(col)}{row}")

    def err(self, loc: Loc, en: str, vi: str, code: str = "scheme_xlsx_value") -> None:
        self.out.add(code, loc, en, vi)

    def sheet(self, name: str):
        if name in self.wb.sheetnames:
            return self.wb[name]
        wanted = norm(name)
        for n in self.wb.sheetnames:
            if norm(n) == wanted:
                return self.wb[n]
        self.err(Loc(self.file), f'the workbook has no sheet "{name}" (sheets: {", ".join(self.wb.sheetnames)})',
                 f"tệp Excel không có trang «{name}» (các trang hiện có: {', '.join(self.wb.sheetnames)}); "
                 "dùng mẫu của `parscore criteria template`", "scheme_xlsx_layout")
        return None

    @staticmethod
    def raw(c) -> Any:
        v = c.value
        if isinstance(v, str):
            v = unicodedata.normalize("NFC", v).strip()
            return v or None
        return v

    def text(self, c, loc: Loc) -> Any:
        """A text cell; numbers typed there are still text (an id 1 is "1")."""
        v = self.raw(c)
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return str(Decimal(repr(v)))
        if isinstance(v, (dt.datetime, dt.date)):
            self.err(loc, "a date where text belongs (format the cell as Text)",
                     "ô này cần chữ nhưng Excel đã đổi thành ngày tháng (định dạng ô là Text rồi ghi lại)")
            return None
        return v

    def number(self, c, loc: Loc, what: str) -> Any:
        """A number with the decimal places the cell shows; text like «0,75» is read too."""
        v = self.raw(c)
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, str):
            n = parse_number(v)
            return n if n is not None else v        # the loader names the cell: "expected a number"
        if isinstance(v, (dt.datetime, dt.date)):
            self.err(loc, f"{what}: a date where a number belongs", f"{what}: ô này cần số nhưng đang là ngày tháng")
            return None
        if not isinstance(v, (int, float)):
            return str(v)
        fmt = str(c.number_format or "General")
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if "%" in fmt:
            d = d * 100
        places = _places(fmt)
        if places and -int(d.as_tuple().exponent) < places:
            d = d.quantize(Decimal(1).scaleb(-places))
        if d == d.to_integral_value() and not places:
            return int(d)
        return d

    def date(self, c, loc: Loc, what: str) -> Any:
        v = self.raw(c)
        if isinstance(v, dt.datetime):
            return v.date() if v.time() == dt.time(0) else v
        if isinstance(v, str):
            m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", v)
            try:
                if m:
                    return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                    return dt.date.fromisoformat(v)
            except ValueError:
                self.err(loc, f'{what}: "{v}" is not a real date', f"{what}: ngày «{v}» không có thật", "bad_date")
                return None
            self.err(loc, f'{what}: "{v}" is not a date (write dd/mm/yyyy)',
                     f"{what}: «{v}» không phải ngày (ghi dạng dd/mm/yyyy)", "bad_date")
            return None
        return v

    def words(self, field: str, c, loc: Loc, what: str) -> Any:
        v = self.text(c, loc)
        if not isinstance(v, str):
            return v
        got = choice(field, v)
        if got is None:
            allowed = ", ".join(CHOICES[field])
            self.err(loc, f'{what}: "{v}" is not one of {allowed}', f"{what}: «{v}» không thuộc các lựa chọn: {allowed}")
        return got

    def yes(self, c, loc: Loc, what: str) -> Any:
        v = self.raw(c)
        if v is None or isinstance(v, bool):
            return v
        w = norm(v)
        if w in TRUE_WORDS:
            return True
        if w in FALSE_WORDS:
            return False
        self.err(loc, f'{what}: write «Có» or leave it empty (got "{v}")', f"{what}: ghi «Có» hoặc để trống (đang ghi «{v}»)")
        return None

    def table(self, ws, sheet: str, labels, need: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
        index = header_index(labels)
        for row in range(1, min(ws.max_row, 30) + 1):
            found: dict[str, int] = {}
            for col in range(1, min(ws.max_column, 60) + 1):
                v = ws.cell(row=row, column=col).value
                f = index.get(norm(v)) if isinstance(v, str) else None
                if f is not None and f not in found:
                    found[f] = col
            if all(n in found for n in need):
                return row, found
        names = ", ".join(f"«{dict(labels)[n]}»" for n in need)
        self.err(self.loc(sheet, 1, 1), f"sheet {sheet}: no header row with the columns {names}",
                 f"trang «{sheet}»: không tìm thấy dòng tiêu đề có các cột {names}", "scheme_xlsx_layout")
        return None

    # ---- «Thông tin chung» ---------------------------------------------------
    def header(self) -> None:
        ws = self.sheet(HEADER_SHEET)
        if ws is None:
            return
        by_label = {norm(label): key for key, label in HEADER_FIELDS} | {norm(k): k for k, _ in HEADER_FIELDS}
        period = ydict(self.loc(HEADER_SHEET, 1, 1))
        bands_at = None
        for row in range(1, min(ws.max_row, 200) + 1):
            a, b = ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value
            if isinstance(a, str) and norm(a) in (norm(BANDS_HEAD[0]), norm(BANDS_HEAD[0].split(" (")[0]), "min"):
                bands_at = row
                break
            key = (by_label.get(norm(b)) if isinstance(b, str) else None) or \
                  (by_label.get(norm(a)) if isinstance(a, str) else None)
            if key is None:
                continue
            c = ws.cell(row=row, column=3)
            loc = self.loc(HEADER_SHEET, row, 3)
            label = dict(HEADER_FIELDS)[key]
            if key in ("deadline", "period.from", "period.to"):
                v = self.date(c, loc, label)
            elif key in ("year", "rounding"):
                v = self.number(c, loc, label)
            elif key in ("level", "na_policy"):
                v = self.words(key, c, loc, label)
            else:
                v = self.text(c, loc)
            target, name = (period, key[7:]) if key.startswith("period.") else (self.root, key)
            target.key_locs[name] = loc
            if name == "id":
                self.root.loc = loc
            if v is not None:
                target[name] = v
        if period:
            self.root["period"] = period
            self.root.key_locs["period"] = next(iter(period.key_locs.values()))
        if bands_at is not None:
            self.bands(ws, bands_at)

    def bands(self, ws, head: int) -> None:
        bands = ylist(self.loc(HEADER_SHEET, head, 1))
        for row in range(head + 1, min(ws.max_row, head + 50) + 1):
            ca, cb = ws.cell(row=row, column=1), ws.cell(row=row, column=2)
            if self.raw(ca) is None and self.raw(cb) is None:
                continue
            band = ydict(self.loc(HEADER_SHEET, row, 1))
            for name, c, col in (("min", ca, 1), ("label", cb, 2)):
                loc = self.loc(HEADER_SHEET, row, col)
                band.key_locs[name] = loc
                v = self.number(c, loc, "min") if name == "min" else self.text(c, loc)
                if v is not None:
                    band[name] = v
            bands.append(band)
            bands.item_locs.append(band.loc)
        if bands:
            self.root["bands"] = bands
            self.root.key_locs["bands"] = bands.loc

    # ---- «Danh mục tài liệu kiểm chứng» ------------------------------------------------
    def evidence(self) -> None:
        ws = self.sheet(EVIDENCE_SHEET)
        catalogue = ydict(self.loc(EVIDENCE_SHEET, 1, 1))
        self.root["evidence"] = catalogue
        self.root.key_locs["evidence"] = catalogue.loc
        if ws is None:
            return
        found = self.table(ws, EVIDENCE_SHEET, EVIDENCE_COLUMNS, ("key", "type"))
        if found is None:
            return
        head, cols = found
        catalogue.loc = self.root.key_locs["evidence"] = self.loc(EVIDENCE_SHEET, head, cols["key"])
        labels = dict(EVIDENCE_COLUMNS)
        for row in range(head + 1, min(ws.max_row, head + MAX_ROWS) + 1):
            kc = ws.cell(row=row, column=cols["key"])
            kloc = self.loc(EVIDENCE_SHEET, row, cols["key"])
            key = self.text(kc, kloc)
            if key is None:
                continue
            if key in catalogue:
                self.err(kloc, f'evidence key "{key}" is written twice (first at row {catalogue.key_locs[key].line})',
                         f"mã tài liệu «{key}» ghi hai lần (lần đầu ở dòng {catalogue.key_locs[key].line})",
                         "yaml_duplicate_key")
                continue
            entry = ydict(kloc)
            for field, col in cols.items():
                if field == "key":
                    continue
                c, loc = ws.cell(row=row, column=col), self.loc(EVIDENCE_SHEET, row, col)
                if field in ("type", "better"):
                    v = self.words(field, c, loc, labels[field])
                elif field == "fixed":
                    v = self.yes(c, loc, labels[field])
                else:
                    v = self.text(c, loc)
                entry.key_locs[field] = loc
                if v is not None:
                    entry[field] = v
            catalogue[key] = entry
            catalogue.key_locs[key] = kloc

    # ---- «Tiêu chí» ----------------------------------------------------------
    def nodes(self) -> None:
        ws = self.sheet(NODES_SHEET)
        areas = ylist(self.loc(NODES_SHEET, 1, 1))
        self.root["areas"] = areas
        self.root.key_locs["areas"] = areas.loc
        if ws is None:
            return
        found = self.table(ws, NODES_SHEET, NODE_COLUMNS, ("id", "title", "max"))
        if found is None:
            return
        head, cols = found
        areas.loc = self.root.key_locs["areas"] = self.loc(NODES_SHEET, head, cols["id"])
        rows: list[tuple[YDict, Any, Loc]] = []
        by_id: dict[str, YDict] = {}
        for row in range(head + 1, min(ws.max_row, head + MAX_ROWS) + 1):
            got = self.node_row(ws, row, cols)
            if got is None:
                continue
            node, parent, ploc = got
            rows.append((node, parent, ploc))
            by_id.setdefault(node.get("id"), node)   # a duplicate id: the loader reports it
        if not rows:
            self.err(areas.loc, f"sheet {NODES_SHEET}: no criteria written below the header row",
                     f"trang «{NODES_SHEET}» chưa có tiêu chí nào (ghi từ dòng {head + 1})", "scheme_xlsx_layout")
        for node, parent, ploc in rows:
            if parent is None:
                areas.append(node)
                areas.item_locs.append(node.loc)
                continue
            up = by_id.get(parent)
            if up is None or up is node:
                from .diagnostics import suggest
                self.err(ploc, f'parent "{parent}" is not the id of any row{suggest(parent, [k for k in by_id if k])}',
                         f"mã cha «{parent}» không phải mã của dòng nào{suggest(parent, [k for k in by_id if k], 'vi')}")
                continue
            kids = up.get("criteria")
            if not isinstance(kids, YList):
                kids = ylist(ploc)
                up["criteria"] = kids
                up.key_locs["criteria"] = ploc
            kids.append(node)
            kids.item_locs.append(node.loc)

    def node_row(self, ws, row: int, cols: dict[str, int]):
        def cell(field: str):
            col = cols[field]
            return ws.cell(row=row, column=col), self.loc(NODES_SHEET, row, col)

        filled = {f for f in cols if self.raw(ws.cell(row=row, column=cols[f])) is not None}
        if not filled:
            return None
        c, id_loc = cell("id")
        nid = self.text(c, id_loc)
        if nid is None:
            self.err(id_loc, f"row {row} has content but no id in column «Mã tiêu chí»",
                     f"dòng {row} có nội dung nhưng chưa ghi mã tiêu chí")
            return None
        node = ydict(id_loc)
        node["id"] = nid
        node.key_locs["id"] = id_loc
        labels = dict(NODE_COLUMNS)
        for field in ("title", "max", "min", "na", "bonus", "note"):
            if field not in cols:
                continue
            c, loc = cell(field)
            if field in ("max", "min"):
                v = self.number(c, loc, labels[field])
            elif field == "na":
                v = self.words("na", c, loc, labels[field])
            elif field == "bonus":
                v = self.yes(c, loc, labels[field])
            else:
                v = self.text(c, loc)
            node.key_locs[field] = loc
            if v is not None:
                node[field] = v
        parent, ploc = None, id_loc
        if "parent" in cols:
            c, ploc = cell("parent")
            parent = self.text(c, ploc)
        rule = self.rule(ws, row, cols, filled)
        if rule is not None:
            node["rule"] = rule
            node.key_locs["rule"] = rule.loc
        return node, parent, ploc

    def rule(self, ws, row: int, cols: dict[str, int], filled: set[str]) -> YDict | None:
        params = [f for f in cols if f not in ("id", "parent", "title", "max", "min", "na", "bonus", "note")]
        used = [f for f in params if f in filled]
        if not used:
            return None
        first = cols.get("kind", cols[used[0]])
        rule = ydict(self.loc(NODES_SHEET, row, first))
        labels = dict(NODE_COLUMNS)

        def put(key: str, value: Any, loc: Loc) -> None:
            if key in rule:
                self.err(loc, f'rule parameter "{key}" is written twice (in its column and in «Tham số khác»)',
                         f"tham số «{key}» ghi hai lần (ở cột riêng và ở cột «Tham số khác»)")
                return
            rule[key] = value
            rule.key_locs[key] = loc

        ratio = None
        for field in used:
            c, loc = ws.cell(row=row, column=cols[field]), self.loc(NODES_SHEET, row, cols[field])
            raw = self.raw(c)
            try:
                if field == "extra":
                    extra = self.flow(raw, loc)
                    if extra is not None and not isinstance(extra, dict):
                        self.err(loc, "«Tham số khác» must be a YAML mapping, {key: value, …}",
                                 "cột «Tham số khác» phải là một ánh xạ YAML dạng {khóa: giá trị, …}")
                    elif extra is not None:
                        for k, v in extra.items():
                            put(k, v, loc)
                    continue
                if isinstance(raw, str) and raw[:1] in "[{" and field not in ("kind", "evidence"):
                    value = self.flow(raw, loc)
                elif field == "kind":
                    value = self.text(c, loc)
                    value = choice("kind", value) or value if isinstance(value, str) else value
                elif field in ("evidence", "ratio.of", "ratio.to"):
                    value = self.text(c, loc)
                elif field == "all":
                    value = _relocate(parse_keys(self.text(c, loc) or ""), loc)
                elif field == "due":
                    value = self.date(c, loc, labels[field])
                elif field in RULE_NUMBERS:
                    value = self.number(c, loc, labels[field])
                elif field == "late":
                    value = self.number(c, loc, labels[field]) if not isinstance(raw, str) else \
                        _relocate(parse_late(raw), loc)
                elif field in ("bands", "scale"):
                    text = self.text(c, loc)
                    parse = parse_bands if field == "bands" else parse_scale
                    value = _relocate(parse(text), loc) if isinstance(text, str) else text
                else:
                    value = self.text(c, loc)
            except SyntaxProblem as exc:
                self.err(loc, f"{labels[field]}: {exc.en}", f"{labels[field]}: {exc.vi}")
                continue
            if value is None:
                continue
            if field.startswith("ratio."):
                if ratio is None:
                    ratio = ydict(loc)
                    put("ratio", ratio, loc)
                ratio[field[6:]] = value
                ratio.key_locs[field[6:]] = loc
            else:
                put(field, value, loc)
        return rule

    def flow(self, raw: Any, loc: Loc) -> Any:
        if raw is None:
            return None
        if not isinstance(raw, str):
            return raw
        try:
            return _relocate(read_yaml_text(raw, loc.cell), loc)
        except InputError as exc:
            d = exc.diagnostics[0]
            self.err(loc, f"not valid YAML flow text: {d.message}", f"không đúng cú pháp YAML: {d.message}")
            return None


def _places(fmt: str) -> int:
    """Decimal places a number format shows ("0.00" → 2, "#,##0.0" → 1, "General" → 0)."""
    first = fmt.split(";")[0]
    m = re.search(r"\.(0+)", first)
    return len(m.group(1)) if m else 0


__all__ = ["BANDS_HEAD", "SCHEME_SHEETS", "is_workbook", "read_scheme_workbook"]
