"""The scheme workbook's layout: sheet names, columns, labels and the words of each choice.

Shared by the reader (``criteria.xlsx_scheme``) and the writer
(``scoring.authoring.workbook``). Columns are found by their header label (or the
YAML key in brackets at its end), so inserting or moving a column is harmless.
"""
from __future__ import annotations

import unicodedata
from typing import Any

HEADER_SHEET = "Thông tin chung"
NODES_SHEET = "Tiêu chí"
EVIDENCE_SHEET = "Danh mục tài liệu kiểm chứng"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh sách"

# ---- «Thông tin chung»: one row per field (label, key, value), then the bands table.
HEADER_FIELDS = (
    ("id", "Mã bộ tiêu chí"), ("title", "Tên bộ tiêu chí"), ("level", "Cấp áp dụng"),
    ("year", "Năm đánh giá"), ("version", "Phiên bản"), ("source", "Văn bản ban hành"),
    ("deadline", "Hạn nộp báo cáo tự đánh giá"), ("period.from", "Số liệu từ ngày"),
    ("period.to", "Số liệu đến ngày"), ("rounding", "Làm tròn điểm đến"),
    ("na_policy", "Mặc định khi không phát sinh"),
)
HEADER_COLS = ("Mục", "Khóa", "Giá trị", "Ghi chú")
BANDS_HEAD = ("Xếp loại: từ chỉ số (%) (min)", "Tên xếp loại (label)")

# ---- «Tiêu chí»: one row per node. (key, label); rule parameters after "kind".
NODE_COLUMNS = (
    ("id", "Mã tiêu chí (id)"), ("parent", "Thuộc tiêu chí (mã cha)"), ("title", "Nội dung tiêu chí (title)"),
    ("max", "Điểm tối đa (max)"), ("min", "Điểm tối thiểu (min)"), ("na", "Khi không phát sinh (na)"),
    ("bonus", "Thưởng/trừ (bonus)"), ("kind", "Cách chấm (kind)"), ("evidence", "Tài liệu (evidence)"),
    ("all", "Các tài liệu cùng đạt (all)"), ("ratio.of", "Tỷ lệ: tử số (ratio.of)"),
    ("ratio.to", "Tỷ lệ: mẫu số (ratio.to)"), ("bands", "Các mức điểm (bands)"),
    ("otherwise", "Điểm còn lại (otherwise)"), ("points", "Điểm khi đạt (points)"), ("due", "Hạn (due)"),
    ("on_time", "Điểm đúng hạn (on_time)"), ("late", "Điểm trễ hạn (late)"),
    ("missing", "Điểm khi thiếu TLKC (missing)"), ("target", "Chỉ tiêu (target)"),
    ("zero_below", "Ngưỡng tối thiểu (zero_below)"), ("per", "Mỗi trường hợp (per)"),
    ("start", "Điểm xuất phát (start)"), ("scale", "Thang quy đổi (scale)"),
    ("extra", "Tham số khác (YAML)"), ("note", "Hướng dẫn chấm, ghi chú (note)"),
)
NODE_FIELDS = ("id", "parent", "title", "max", "min", "na", "bonus", "note")
RULE_NUMBERS = ("otherwise", "points", "on_time", "missing", "target", "zero_below", "per", "start")
RULE_TEXT = ("kind", "evidence")

# ---- «Danh mục tài liệu kiểm chứng»: the evidence catalogue, one row per key.
EVIDENCE_COLUMNS = (
    ("key", "Mã tài liệu (key)"), ("title", "Tên tài liệu, số liệu (title)"), ("type", "Loại (type)"),
    ("better", "Chiều tốt hơn (better)"), ("unit", "Đơn vị tính (unit)"), ("description", "Mô tả (description)"),
    ("fixed", "Không thay đổi được (fixed)"),
)

# ---- the words of each choice: keyword → label shown in the drop-down list.
CHOICES: dict[str, dict[str, str]] = {
    "level": {"xa": "xa (cấp xã, phường)", "huyen": "huyen (cấp huyện)", "so": "so (sở, ban, ngành)",
              "tinh": "tinh (cấp tỉnh)", "bo": "bo (bộ, ngành trung ương)"},
    "na_policy": {"exclude": "exclude (loại khỏi điểm tối đa)", "full": "full (tính đủ điểm)"},
    "na": {"exclude": "exclude (loại khỏi điểm tối đa)", "full": "full (tính đủ điểm)",
           "never": "never (không chấp nhận không phát sinh)"},
    "kind": {"check": "check (đạt / không đạt)", "deadline": "deadline (theo thời hạn)",
             "bands": "bands (theo mức)", "proportional": "proportional (theo tỷ lệ)",
             "deduction": "deduction (trừ điểm mỗi trường hợp)", "count": "count (cộng điểm mỗi trường hợp)",
             "manual": "manual (tự chấm, có giải trình)", "survey": "survey (điều tra xã hội học)",
             "relative": "relative (so với đơn vị tốt nhất)"},
    "type": {"document": "document (văn bản)", "date": "date (ngày)", "boolean": "boolean (có / không)",
             "count": "count (số lượng)", "percent": "percent (tỷ lệ %)", "number": "number (số)",
             "manual": "manual (tự chấm)", "survey": "survey (kết quả khảo sát)"},
    "better": {"higher": "higher (càng cao càng tốt)", "lower": "lower (càng thấp càng tốt)"},
}
YES = "Có"
TRUE_WORDS = ("có", "co", "x", "yes", "true", "đúng")
FALSE_WORDS = ("không", "khong", "no", "false", "sai")


def norm(text: Any) -> str:
    """Text for matching labels and words: NFC, case-folded, spaces collapsed."""
    s = unicodedata.normalize("NFC", str(text)).casefold()
    return " ".join(s.split()).rstrip(":").strip()


def choice(field: str, text: str) -> str | None:
    """The keyword a cell means: the keyword itself, its label, or the label's Vietnamese part."""
    t = norm(text)
    for key, label in CHOICES[field].items():
        vi = label.partition("(")[2].rstrip(")")
        if t in (key, norm(label), norm(vi)):
            return key
    head = t.split("(")[0].strip()
    return head if head in CHOICES[field] else None


def header_index(labels: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Normalised header text → field: the label, the key in brackets, the bare key."""
    out: dict[str, str] = {}
    for key, label in labels:
        out[norm(label)] = key
        out[norm(key)] = key
        out[norm(label.split(" (")[0])] = key
    return out
