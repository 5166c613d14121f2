"""The blank evidence form, generated from a scheme's catalogue, as XLSX or YAML.

One row per evidence key the unit declares (survey keys come from the
province and are left out), grouped by the area of the first criterion that
reads it, with its title, type, unit and the criteria that read it and their
points. ``evidence.xlsx`` reads the filled XLSX form back; the YAML form parses
as an evidence file once its header and the entries the unit has are filled.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from criteria import LoadedScheme, rule_reads
from evidence.xlsx import COLUMN_LABELS, COLUMNS, HEADER_FIELDS, HEADER_LABELS, SHEET

from .. import i18n
from openpyxl.styles import Alignment, Protection

from .xlsx_common import (AREA_FILL, BORDER, CENTER_TOP, HEAD_FILL, INPUT_FILL, NONE_FILL, WRAP_CENTER,
                          WRAP_TOP, font, landscape, moment, put, row_height, workbook_bytes)

KEY_ALIGN = Alignment(vertical="top", shrink_to_fit=True)
LOCKED, UNLOCKED = Protection(locked=True), Protection(locked=False)
PROMPTS = {"number": "p_number", "doc_title": "p_doc_title", "page": "p_page", "file": "p_file",
           "reason": "p_reason", "justification": "p_just"}

TYPE_LABEL = {
    "vi": {"document": "Văn bản", "date": "Ngày", "boolean": "Có/Không", "count": "Số lượng",
           "percent": "Tỷ lệ %", "number": "Số", "manual": "Tự chấm điểm"},
    "en": {"document": "Document", "date": "Date", "boolean": "Yes/No", "count": "Count",
           "percent": "Percent", "number": "Number", "manual": "Self-scored"},
}
BOOL_CHOICES = {"vi": ("Có", "Không"), "en": ("Yes", "No")}
WIDTHS = {"stt": 5, "key": 17, "title": 40, "type": 9, "unit": 8, "criteria": 14, "value": 11,
          "number": 13, "date": 11, "doc_title": 26, "page": 11, "file": 12, "reason": 20, "justification": 26}

_T = {
    "vi": {
        "title": "PHIẾU KÊ KHAI TÀI LIỆU KIỂM CHỨNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
        "scheme": "{title} (mã {id}, phiên bản {version}){deadline}",
        "deadline": "; hạn nộp báo cáo tự chấm điểm: {date}",
        "help.unit.id": "chữ thường không dấu, nối bằng dấu gạch ngang, ví dụ: phuong-1-tay-ninh",
        "help.criteria": "điền sẵn, không sửa",
        "help.date": "ngày ký báo cáo tự chấm điểm (dd/mm/yyyy); để trống thì lấy hạn nộp",
        "howto": ("Cách điền: mỗi dòng là một nội dung cần kê khai; các ô nền vàng là ô cần điền. "
                  "Cột «Giá trị»: Có/Không, số lượng, tỷ lệ % (0–100), ngày dd/mm/yyyy, hoặc điểm tự chấm. "
                  "Văn bản: điền số, ngày, trích yếu ở các cột văn bản. Chưa có thì để trống: được tính là "
                  "thiếu tài liệu kiểm chứng. Không phát sinh: ghi lý do ở cột «Lý do không phát sinh». "
                  "Thêm văn bản cho cùng một nội dung: chèn một dòng ngay dưới dòng đó và chỉ điền các cột văn bản. "
                  "Cột «Mã» được khóa. Xem trang «Hướng dẫn». Kiểm tra: parscore check; chấm điểm: parscore score."),
        "other": "Khác (không tiêu chí nào đọc)",
        "points": "{id}: {points} điểm",
        "bool_err": "Chọn Có hoặc Không.", "pct_err": "Nhập tỷ lệ từ 0 đến 100 (không có dấu %).",
        "count_err": "Nhập số nguyên từ 0 trở lên.", "num_err": "Nhập một số.",
        "date_err": "Nhập ngày dạng dd/mm/yyyy.", "manual_err": "Điểm tự chấm phải từ {lo} đến {hi}.",
        "err_title": "Giá trị không hợp lệ", "footer": "Phiếu kê khai TLKC — trang &P/&N",
        "p_title": "Cách ghi",
        "p_bool": "Chọn Có hoặc Không trong danh sách.",
        "p_pct": "Tỷ lệ từ 0 đến 100, ví dụ 97,73 (không gõ dấu %). Gõ dạng chữ «97,73» cũng được đọc đúng.",
        "p_count": "Số nguyên từ 0 trở lên, ví dụ 1498 (gõ «1.498» dạng chữ cũng được đọc là 1498).",
        "p_num": "Một số, ví dụ 86,45.",
        "p_date": "Ngày dạng dd/mm/yyyy, ví dụ 29/02/2024.",
        "p_manual": "Điểm tự chấm từ {lo} đến {hi}; ghi giải trình ở cột «Giải trình».",
        "p_number": "Số, ký hiệu văn bản, ví dụ 55/QĐ-UBND.",
        "p_doc_title": "Trích yếu văn bản.",
        "p_page": "Trang, mục trong văn bản có nội dung dẫn chứng.",
        "p_file": "Tên tệp bản sao (PDF, ảnh, Word/Excel), tính từ thư mục chứa phiếu, ví dụ tai-lieu/55-QD-UBND.pdf.",
        "p_reason": "Chỉ ghi khi nội dung không phát sinh trong năm: lý do (khi đó để trống cột giá trị).",
        "p_just": "Bắt buộc với nội dung «Tự chấm điểm»: giải trình cách chấm. Các dòng khác: ghi chú.",
        "guide": "Hướng dẫn",
    },
    "en": {
        "title": "EVIDENCE FORM — PUBLIC ADMINISTRATION REFORM INDEX",
        "scheme": "{title} (id {id}, version {version}){deadline}",
        "deadline": "; self-assessment due: {date}",
        "help.unit.id": "lower case, no accents, words joined by hyphens, e.g. phuong-1-tay-ninh",
        "help.criteria": "pre-filled, do not edit",
        "help.date": "date of the self-assessment report; empty = the scheme's deadline",
        "howto": ("How to fill: one row per item; yellow cells are for you. «Value»: Yes/No, a count, a percent "
                  "(0–100), a date, or self-scored points. Documents: number, date and title in the document "
                  "columns. Leave a row empty when you have no evidence (it counts as missing). Did not occur: "
                  "write the reason. Another document for the same item: insert a row right under it and fill only the "
                  "document columns. The key column is protected. See the «Guide» sheet. Check: parscore check."),
        "other": "Other (read by no criterion)",
        "points": "{id}: {points} points",
        "bool_err": "Choose Yes or No.", "pct_err": "A percent from 0 to 100 (no % sign).",
        "count_err": "A whole number, 0 or more.", "num_err": "A number.",
        "date_err": "A date.", "manual_err": "Self-scored points must be from {lo} to {hi}.",
        "err_title": "Invalid value", "footer": "Evidence form — page &P/&N",
        "p_title": "How to write it",
        "p_bool": "Choose Yes or No from the list.",
        "p_pct": "A percent from 0 to 100, e.g. 97.73 (no % sign).",
        "p_count": "A whole number, 0 or more.",
        "p_num": "A number, e.g. 86.45.",
        "p_date": "A date, e.g. 2024-02-29.",
        "p_manual": "Self-scored points from {lo} to {hi}; justify them in the justification column.",
        "p_number": "The document's number, e.g. 55/QĐ-UBND.",
        "p_doc_title": "The document's title.",
        "p_page": "Page or section of the document that shows it.",
        "p_file": "The copy's file name (PDF, image, Word/Excel), relative to the form's folder.",
        "p_reason": "Only when it did not occur this year: the reason (leave the value empty).",
        "p_just": "Required for self-scored items: how they were scored. Other rows: a note.",
        "guide": "Guide",
    },
}


@dataclass(frozen=True)
class FormRow:
    key: str
    title: str
    type: str
    unit: str | None
    readers: tuple[tuple[str, Decimal], ...]    # (node id, node max)
    bounds: tuple[Decimal, Decimal] | None      # manual points allowed by every reader
    area: str | None                            # id of the first reader's area


def form_rows(scheme: LoadedScheme) -> list[FormRow]:
    """Declarable catalogue keys in the order the scheme first reads them; unread keys last."""
    order: list[str] = []
    for info in scheme.leaves():
        for key in rule_reads(info.node.rule or {}):
            if key not in order:
                order.append(key)
    order += [k for k in scheme.model.evidence if k not in order]
    rows = []
    for key in order:
        spec = scheme.model.evidence.get(key)
        if spec is None or spec.type == "survey":
            continue
        readers = scheme.readers(key)
        bounds = None
        if spec.type == "manual" and readers:
            bounds = (max(r.min for r in readers), min(r.node.max for r in readers))
        rows.append(FormRow(key, spec.title, spec.type, spec.unit,
                            tuple((r.id, r.node.max) for r in readers), bounds,
                            readers[0].area if readers else None))
    return rows


def _criteria_text(row: FormRow, lang: str) -> str:
    return "\n".join(_T[lang]["points"].format(id=nid, points=i18n.num(mx, lang)) for nid, mx in row.readers)


def render_form_xlsx(scheme: LoadedScheme, lang: str = "vi") -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    t, labels, m = _T[lang], COLUMN_LABELS[lang], scheme.model
    col = {f: i + 1 for i, f in enumerate(COLUMNS)}
    L = {f: get_column_letter(i) for f, i in col.items()}
    last = L[COLUMNS[-1]]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET[lang]
    for f, w in WIDTHS.items():
        ws.column_dimensions[L[f]].width = w

    ws.merge_cells(f"A1:{last}1")
    put(ws, 1, 1, t["title"])
    ws["A1"].font = font(14, bold=True)
    ws["A1"].alignment = WRAP_CENTER
    ws.row_dimensions[1].height = 24
    ws.merge_cells(f"A2:{last}2")
    deadline = t["deadline"].format(date=i18n.date(m.deadline, lang)) if m.deadline else ""
    put(ws, 2, 1, t["scheme"].format(title=m.title, id=m.id, version=m.version, deadline=deadline))
    ws["A2"].font = font(11, italic=True)
    ws["A2"].alignment = WRAP_CENTER
    ws.row_dimensions[2].height = 30

    dvs: dict[str, DataValidation] = {}

    def dv(name: str, **kw) -> DataValidation:
        if name not in dvs:
            kw.setdefault("allow_blank", True)
            if "prompt" in kw:   # the input message Excel and LibreOffice show when the cell is selected
                kw.update(showInputMessage=True, promptTitle=t["p_title"])
            d = DataValidation(showErrorMessage="type" in kw, errorTitle=t["err_title"], **kw)
            dvs[name] = d
            ws.add_data_validation(d)
        return dvs[name]

    date_lo, date_hi = _excel_day(dt.date(2000, 1, 1)), _excel_day(dt.date(2100, 12, 31))
    row = 4
    for field in HEADER_FIELDS:
        ws.merge_cells(f"A{row}:B{row}")
        ws.merge_cells(f"C{row}:F{row}")
        ws.merge_cells(f"G{row}:{last}{row}")
        put(ws, row, 1, HEADER_LABELS[lang][field])
        ws[f"A{row}"].font = font(11, bold=True)
        value = ws[f"C{row}"]
        value.fill = INPUT_FILL
        value.font = font(11)
        value.number_format = "@"
        value.protection = UNLOCKED
        for c in ("C", "D", "E", "F"):
            ws[f"{c}{row}"].border = BORDER
        if field == "criteria":
            put(ws, row, 3, m.id)
            value.fill = NONE_FILL
            value.protection = LOCKED
        if field == "date":
            value.number_format = "DD/MM/YYYY"
            dv("date", type="date", operator="between", formula1=str(date_lo), formula2=str(date_hi),
               error=t["date_err"], prompt=t["p_date"]).add(f"C{row}")
        note = t.get(f"help.{field}")
        if note:
            put(ws, row, 7, note)
            ws[f"G{row}"].font = font(10, italic=True, color="595959")
        row += 1
    row += 1
    ws.merge_cells(f"A{row}:{last}{row}")
    put(ws, row, 1, t["howto"])
    ws[f"A{row}"].font = font(10, italic=True)
    ws[f"A{row}"].alignment = WRAP_TOP
    ws.row_dimensions[row].height = row_height([(t["howto"], sum(WIDTHS.values()))], 10)
    row += 2

    head = row
    for f in COLUMNS:
        c = put(ws, head, col[f], labels[f])
        c.font = font(10, bold=True)
        c.fill = HEAD_FILL
        c.alignment = WRAP_CENTER
        c.border = BORDER
    ws.row_dimensions[head].height = 42
    row += 1

    areas = {a.id: a.title for a in m.areas}
    current: object = object()
    stt = 0
    for fr in form_rows(scheme):
        if fr.area != current:
            current = fr.area
            ws.merge_cells(f"A{row}:{last}{row}")
            text = f"{fr.area}. {areas[fr.area]}" if fr.area else t["other"]
            c = put(ws, row, 1, text)
            c.font = font(11, bold=True)
            c.fill = AREA_FILL
            c.border = BORDER
            row += 1
        stt += 1
        info = {"stt": stt, "key": fr.key, "title": fr.title, "type": TYPE_LABEL[lang][fr.type],
                "unit": fr.unit, "criteria": _criteria_text(fr, lang)}
        for f in COLUMNS:
            c = put(ws, row, col[f], info.get(f))
            c.border = BORDER
            c.alignment = CENTER_TOP if f in ("stt", "type", "unit") else KEY_ALIGN if f == "key" else WRAP_TOP
            c.font = font(9, color="595959") if f == "key" else font(10)
            if f in info:
                continue
            c.fill = INPUT_FILL
            c.number_format = "DD/MM/YYYY" if f == "date" else "@"
            c.protection = UNLOCKED
            if f == "date":
                dv("date", type="date", operator="between", formula1=str(date_lo), formula2=str(date_hi),
                   error=t["date_err"], prompt=t["p_date"]).add(c.coordinate)
            elif f in PROMPTS:
                dv("p:" + f, prompt=t[PROMPTS[f]]).add(c.coordinate)
        value = ws.cell(row=row, column=col["value"])
        value.number_format = "General"
        if fr.type == "document":
            value.fill = NONE_FILL
            value.protection = LOCKED
        elif fr.type == "boolean":
            value.alignment = CENTER_TOP
            choices = ",".join(BOOL_CHOICES[lang])
            dv("bool", type="list", formula1=f'"{choices}"', error=t["bool_err"],
               prompt=t["p_bool"]).add(value.coordinate)
        elif fr.type == "percent":
            dv("pct", type="decimal", operator="between", formula1="0", formula2="100",
               error=t["pct_err"], prompt=t["p_pct"]).add(value.coordinate)
        elif fr.type == "count":
            dv("count", type="whole", operator="greaterThanOrEqual", formula1="0",
               error=t["count_err"], prompt=t["p_count"]).add(value.coordinate)
        elif fr.type == "number":
            dv("num", type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
               error=t["num_err"], prompt=t["p_num"]).add(value.coordinate)
        elif fr.type == "date":
            value.number_format = "DD/MM/YYYY"
            dv("date", type="date", operator="between", formula1=str(date_lo), formula2=str(date_hi),
               error=t["date_err"], prompt=t["p_date"]).add(value.coordinate)
        elif fr.type == "manual" and fr.bounds:
            lo, hi = fr.bounds
            bounds = dict(lo=i18n.num(lo, lang), hi=i18n.num(hi, lang))
            dv(f"manual:{lo}:{hi}", type="decimal", operator="between", formula1=str(lo), formula2=str(hi),
               error=t["manual_err"].format(**bounds), prompt=t["p_manual"].format(**bounds)).add(value.coordinate)
        ws.row_dimensions[row].height = row_height(
            [(fr.title, WIDTHS["title"]), (info["criteria"], WIDTHS["criteria"])], 10)
        row += 1

    landscape(ws, f"{head}:{head}", t["footer"])
    ws.print_area = f"A1:{last}{row - 1}"
    # Scrolling keeps the table header and the STT / Mã / Nội dung columns in view.
    ws.freeze_panes = f"{L['type']}{head + 1}"
    # The id column (and every label) is protected, without a password: yellow cells stay editable, rows
    # can be inserted (a row under a key's row lists one more document) and columns resized.
    ws.protection.sheet = True
    for option in ("insertRows", "deleteRows", "formatColumns", "formatRows", "formatCells", "sort", "autoFilter"):
        setattr(ws.protection, option, False)
    guide_sheet(wb, scheme, lang)
    return workbook_bytes(wb, moment(m.deadline))


GUIDE = {
    "vi": [
        ("HƯỚNG DẪN ĐIỀN PHIẾU KÊ KHAI TÀI LIỆU KIỂM CHỨNG", None),
        ("Các bước", None),
        ("1. Điền phần đầu ở trang «{sheet}»: Mã đơn vị (chữ thường không dấu, nối bằng gạch ngang, ví dụ "
         "phuong-1-tay-ninh), Tên đơn vị, Tỉnh/thành phố, Người lập, Ngày lập.", None),
        ("2. Mỗi dòng của bảng là một nội dung cần kê khai; chỉ điền các ô nền vàng. Chọn một ô để xem cách ghi.", None),
        ("3. Kiểm tra: parscore check {scheme} phieu-ke-khai.xlsx — còn bao nhiêu ngày, còn thiếu gì, mỗi việc mất "
         "bao nhiêu điểm. Phiếu còn trống cũng kiểm tra được (bản nháp).", None),
        ("4. Tìm chỗ tăng điểm: parscore gains; lập báo cáo: parscore report (--draft khi chưa xong).", None),
        ("Cách ghi giá trị", None),
        ("Có/Không", "chọn trong danh sách (Có, Không)."),
        ("Số lượng", "số nguyên ≥ 0. Số gõ dạng chữ kiểu Việt Nam («1.498») được đọc là 1498; lệnh check ghi lại "
                     "cách đã đọc."),
        ("Tỷ lệ %", "từ 0 đến 100, dấu phẩy thập phân: 97,73 (không gõ dấu %; ô định dạng phần trăm thì 97,73% "
                    "cũng được). Dạng chữ «97,73» được đọc là 97,73."),
        ("Số", "dấu phẩy thập phân: 86,45."),
        ("Ngày", "dd/mm/yyyy, ví dụ 29/02/2024."),
        ("Văn bản", "ô giá trị tô xám: điền Số văn bản, Ngày văn bản, Trích yếu, Trang/mục, Tệp đính kèm."),
        ("Tự chấm điểm", "điểm trong khung cho phép và bắt buộc có giải trình."),
        ("Lưu ý", None),
        ("• Dòng để trống là thiếu tài liệu kiểm chứng, không phải số 0.", None),
        ("• Không phát sinh: ghi lý do ở cột «Lý do không phát sinh» và để trống ô giá trị.", None),
        ("• Thêm văn bản cho cùng một nội dung: chèn một dòng ngay dưới dòng đó và chỉ điền các cột văn bản "
         "(ô «Mã» để trống).", None),
        ("• Cột «Mã» được khóa (không mật khẩu) để không bị sửa nhầm; phiếu được đọc theo mã.", None),
        ("• Tệp đính kèm: ghi đường dẫn tính từ thư mục chứa phiếu; lệnh check mở từng tệp, kiểm tra và tính "
         "mã SHA-256.", None),
        ("• Kết quả khảo sát (hài lòng của người dân, đánh giá của lãnh đạo) do tỉnh cung cấp, không ghi ở đây.", None),
    ],
    "en": [
        ("HOW TO FILL IN THE EVIDENCE FORM", None),
        ("Steps", None),
        ("1. Fill in the header on the «{sheet}» sheet: unit id (lower case, no accents, hyphens), unit name, "
         "province, prepared by, date.", None),
        ("2. One row per item; fill only the yellow cells. Select a cell to see how to write it.", None),
        ("3. Check: parscore check {scheme} form.xlsx — days left, what is missing, points at stake. A blank "
         "form can be checked too (a draft).", None),
        ("4. Where to gain points: parscore gains; the report: parscore report (--draft while unfinished).", None),
        ("How to write values", None),
        ("Yes/No", "choose from the list."),
        ("Count", "a whole number ≥ 0."),
        ("Percent", "0 to 100, e.g. 97.73 (no % sign)."),
        ("Number", "e.g. 86.45."),
        ("Date", "a date."),
        ("Document", "the value cell is grey: fill number, date, title, page and file."),
        ("Self-scored", "points within the bounds, with a justification."),
        ("Notes", None),
        ("• An empty row is missing evidence, never zero.", None),
        ("• Did not occur: write the reason and leave the value empty.", None),
        ("• Another document for the same item: insert a row right under it and fill only the document "
         "columns (leave the key empty).", None),
        ("• The key column is protected (no password) so it is not edited by mistake.", None),
        ("• Attached files: a path relative to the form's folder; check opens each one and hashes it.", None),
        ("• Survey results come from the province, not from this form.", None),
    ],
}


def guide_sheet(wb, scheme: LoadedScheme, lang: str) -> None:
    """A second sheet «Hướng dẫn»: the steps, how to write each kind of value, and the reading rules."""
    ws = wb.create_sheet(_T[lang]["guide"])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 90
    row = 1
    for text, detail in GUIDE[lang]:
        text = text.format(sheet=SHEET[lang], scheme=scheme.id)
        if detail is None:
            ws.merge_cells(f"A{row}:B{row}")
            c = put(ws, row, 1, text)
            heading = row == 1 or not text[:1].isdigit() and not text.startswith("•")
            c.font = font(14 if row == 1 else 11, bold=heading)
            c.alignment = WRAP_TOP
            ws.row_dimensions[row].height = row_height([(text, 106)], 11)
        else:
            label = put(ws, row, 1, text)
            label.font = font(11, bold=True)
            label.alignment = WRAP_TOP
            c = put(ws, row, 2, detail)
            c.font = font(11)
            c.alignment = WRAP_TOP
            ws.row_dimensions[row].height = row_height([(detail, 90)], 11)
        row += 1
    ws.print_area = f"A1:B{row - 1}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _excel_day(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


# ---- YAML ----------------------------------------------------------------------

_Y = {
    "vi": {
        "head": ["Mẫu kê khai tài liệu kiểm chứng — {title}",
                 "Bộ tiêu chí {id} phiên bản {version}{deadline}.",
                 "",
                 "Cách điền: điền phần đầu (unit, prepared_by); với mỗi nội dung đã có tài liệu,",
                 "bỏ dấu \"# \" ở đầu dòng khóa và thay phần giữ chỗ bằng giá trị thật.",
                 "Nội dung chưa có: để nguyên dòng ghi chú (được tính là thiếu tài liệu kiểm chứng).",
                 "Không phát sinh: <mã>: {na: true, reason: \"lý do\"}.",
                 "Giá trị kèm văn bản: <mã>: {value: 97.5, documents: [{number: \"…\", date: dd/mm/yyyy, title: \"…\"}]}.",
                 "Kết quả khảo sát do tỉnh cung cấp trong tệp riêng (--survey), không ghi ở đây."],
        "deadline": "; hạn nộp {date}",
        "unit_id": "mã đơn vị: chữ thường không dấu, ví dụ phuong-1-tay-ninh",
        "unit_name": "tên đơn vị, ví dụ UBND Phường 1, thành phố Tây Ninh",
        "province": "tỉnh, thành phố", "prepared_by": "người lập", "date": "ngày lập báo cáo (dd/mm/yyyy)",
        "reads": "{type} — tiêu chí {criteria}", "none": "không tiêu chí nào đọc", "other": "Khác",
        "ph": {"document": '{number: "số văn bản", date: dd/mm/yyyy, title: "trích yếu", page: "trang, mục"}',
               "date": "dd/mm/yyyy", "boolean": "true/false   # true = có, false = không",
               "count": "số nguyên ≥ 0", "percent": "tỷ lệ 0..100", "number": "số",
               "manual": '{points: "điểm tự chấm", justification: "giải trình cách chấm"}'},
        "manual_bounds": " (từ {lo} đến {hi} điểm)",
    },
    "en": {
        "head": ["Evidence form — {title}",
                 "Scheme {id} version {version}{deadline}.",
                 "",
                 "How to fill: fill the header (unit, prepared_by); for every item you have evidence for,",
                 "remove the \"# \" before its key and replace the placeholder with the real value.",
                 "Items you do not have: leave the comment line (they count as missing evidence).",
                 "Did not occur: <key>: {na: true, reason: \"why\"}.",
                 "A value with its document: <key>: {value: 97.5, documents: [{number: \"…\", date: dd/mm/yyyy, title: \"…\"}]}.",
                 "Survey results come from the province in a separate file (--survey), not here."],
        "deadline": "; due {date}",
        "unit_id": "unit id: lower case, no accents, e.g. phuong-1-tay-ninh",
        "unit_name": "unit name", "province": "province", "prepared_by": "prepared by",
        "date": "date of the report (dd/mm/yyyy)",
        "reads": "{type} — criteria {criteria}", "none": "read by no criterion", "other": "Other",
        "ph": {"document": '{number: "document no.", date: dd/mm/yyyy, title: "title", page: "page"}',
               "date": "dd/mm/yyyy", "boolean": "true/false", "count": "whole number ≥ 0",
               "percent": "percent 0..100", "number": "number",
               "manual": '{points: "points", justification: "how you scored"}'},
        "manual_bounds": " (from {lo} to {hi} points)",
    },
}


def render_form_yaml(scheme: LoadedScheme, lang: str = "vi") -> str:
    t, m = _Y[lang], scheme.model
    deadline = t["deadline"].format(date=i18n.date(m.deadline, lang)) if m.deadline else ""
    head = list(t["head"])
    head[:2] = [x.format(title=m.title, id=m.id, version=m.version, deadline=deadline) for x in head[:2]]
    out = [f"# {line}".rstrip() for line in head]
    out += ["unit:",
            f"  id:          # {t['unit_id']}",
            f"  name:        # {t['unit_name']}",
            f"  province:    # {t['province']}",
            f"criteria: {m.id}",
            f"prepared_by:   # {t['prepared_by']}",
            f"# date: dd/mm/yyyy   # {t['date']}",
            "evidence:"]
    areas = {a.id: a.title for a in m.areas}
    current: object = object()
    for fr in form_rows(scheme):
        if fr.area != current:
            current = fr.area
            title = f"{fr.area}. {areas[fr.area]}" if fr.area else t["other"]
            out += ["", f"  # ===== {title} ====="]
        crit = ", ".join(f"{nid} ({i18n.num(mx, lang)} {i18n.word('points', lang)})" for nid, mx in fr.readers)
        reads = t["reads"].format(type=TYPE_LABEL[lang][fr.type], criteria=crit) if crit else \
            f"{TYPE_LABEL[lang][fr.type]} — {t['none']}"
        if fr.bounds:
            reads += t["manual_bounds"].format(lo=i18n.num(fr.bounds[0], lang), hi=i18n.num(fr.bounds[1], lang))
        unit = f" ({fr.unit})" if fr.unit else ""
        out += ["", f"  # {fr.title}{unit}", f"  # {reads}", f"  # {fr.key}: {t['ph'][fr.type]}"]
    return "\n".join(out) + "\n"
