"""Deadlines as a CCHC plan writes them ("Tháng 02/2024", "Quý I năm 2024", "Thường xuyên") → a due date.

A due date is the LAST day of the period written: "Tháng 02/2024" → 29/02/2024,
"Quý I/2024" → 31/03/2024, "6 tháng đầu năm" → 30/06, "Năm 2024" → 31/12/2024,
"Trước 31/12/2024" / "Chậm nhất ngày 01/3/2024" → that date, "Trước tháng 01/2024"
→ 31/12/2023 (the day before the month starts).

Text with no single due date gets ``due = None`` and is judged at the end of the
plan year (``judged`` = 31/12 of the plan's year):

* ``recurring``  — "Thường xuyên", "Hàng tháng", "Hằng quý", "Định kỳ", "Quý I, II, III và cả
  năm", "Năm 2024 và các năm tiếp theo";
* ``conditional`` — the date depends on another document or event: "Theo quy định",
  "Theo hướng dẫn", "Khi có văn bản…", "Sau khi có…", "Lồng ghép trong báo cáo…".

A cell with several bullet parts ("- Ban hành Kế hoạch trước ngày 31/12/2023. - Báo cáo
… trong Quý IV năm 2024.") is kind ``milestones``: due at its latest dated part (the
task is finished when its last product is); with no dated part it is recurring.

Matching is done on a folded copy of the text (lower case, Vietnamese diacritics
removed, đ → d, spaces collapsed), so "Hằng quý"/"hàng quý", "Quý"/"Quí" and NFC/NFD
spellings all read the same. Anything else raises ``DeadlineError``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

KINDS = ("date", "period", "milestones", "recurring", "conditional", "unstated", "set")
NO_SINGLE_DUE = ("recurring", "conditional", "unstated")


class DeadlineError(ValueError):
    """Deadline text that cannot be read; the message quotes it (``vi``: in Vietnamese)."""

    def __init__(self, message: str, vi: str = ""):
        super().__init__(message)
        self.vi = vi or message


@dataclass(frozen=True)
class Deadline:
    """A task's deadline: the text as written, how it was read, and the date on-time is judged by.

    Invariant: ``due`` is None exactly when ``kind`` is recurring/conditional/unstated;
    ``judged`` is ``due`` when there is one, else 31/12 of the plan year.
    """

    text: str | None
    kind: str
    due: dt.date | None
    judged: dt.date

    @property
    def single_due(self) -> bool:
        return self.due is not None


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), one space between words, no trailing punctuation."""
    t = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn").lower()
    t = t.replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\s+", " ", t).strip()
    return t.strip(" .;,")


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q = r"qu[yi]"
_YEAR = r"(?:\s*(?:/|nam|-)\s*(\d{4}))"
_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])")
_DATE_WORDS = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")
_BEFORE_MONTH = re.compile(r"truoc thang (\d{1,2})" + _YEAR + "?")
_CONDITIONAL_START = re.compile(r"^(theo|khi|sau khi|long ghep|tuy theo|tuy thuoc)\b")
_CONDITIONAL_ANY = re.compile(r"\b(theo quy dinh|theo huong dan|theo ke hoach|theo van ban|theo chi dao|"
                              r"theo yeu cau|theo lo trinh|khi co|sau khi|long ghep)\b")
_RECURRING = re.compile(r"\b(thuong xuyen|hang (ngay|tuan|thang|quy|nam)|dinh ky|cac nam tiep theo|"
                        r"lien tuc|moi (tuan|thang|quy|nam))\b")
_QUARTER_LIST = re.compile(_Q + r" ([iv]+|[1-4])(\s*(,|va)\s*([iv]+|[1-4])\b)+")
_HALF = re.compile(r"\b(6|sau) thang (dau|cuoi) nam" + _YEAR + "?")
_NINE = re.compile(r"\b9 thang( dau)? nam" + _YEAR + "?")
_MONTH = re.compile(r"\bthang (\d{1,2})" + _YEAR + r"?\b")
_QUARTER = re.compile(r"\b" + _Q + r" ([iv]+|[1-4])\b" + _YEAR + "?")
_YEAR_RANGE = re.compile(r"\b(?:nam )?(\d{4})\s*-\s*(\d{4})\b")
_YEAR_ONLY = re.compile(r"\bnam (\d{4})\b")
_WHOLE_YEAR = re.compile(r"\b(ca nam|trong nam|cuoi nam)\b")


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def month_end(year: int, month: int) -> dt.date:
    if not 1 <= month <= 12:
        raise DeadlineError(f"month {month} does not exist", f"không có tháng {month}")
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str | None, year: int) -> Deadline:
    """Read a deadline cell for a plan of ``year``; raise ``DeadlineError`` when it cannot be read."""
    if text is None or not str(text).strip():
        return Deadline(None, "unstated", None, year_end(year))
    raw = str(text)
    try:
        return _parse(raw, year)
    except DeadlineError as exc:
        if f'"{raw}"' in str(exc):
            raise
        raise DeadlineError(f'"{raw}": {exc}', f"«{raw}»: {exc.vi}") from None


def _parse(raw: str, year: int) -> Deadline:
    norm = fold(raw)
    parts = _split(norm)
    if len(parts) == 1:
        kind, due = _part(parts[0], year, raw)
        return Deadline(raw, kind, due, due or year_end(year))
    read = [_part(p, year, raw) for p in parts]
    dated = [d for _, d in read if d is not None]
    if dated:
        due = max(dated)
        return Deadline(raw, "milestones", due, due)
    kind = "recurring" if any(k == "recurring" for k, _ in read) else "conditional"
    return Deadline(raw, kind, None, year_end(year))


def explicit(text: str | None, due: dt.date) -> Deadline:
    """A due date the plan file sets itself (``due:``), whatever the text says."""
    return Deadline(text, "set", due, due)


def _split(norm: str) -> list[str]:
    """Bullet parts ("- a. - b") when the cell starts with a bullet, else the whole text."""
    if not norm.startswith("-"):
        return [norm]
    parts = [p.strip(" .;,") for p in re.split(r"(?:^|\s)-\s+", norm)]
    return [p for p in parts if p] or [norm]


def _part(p: str, year: int, raw: str) -> tuple[str, dt.date | None]:
    if ":" in p:  # "bao cao ket qua thuc hien: thang 11/2024" — the label is not the date
        label, _, rest = p.rpartition(":")
        p = rest.strip() or label.strip()
    if not p:
        raise DeadlineError(f'"{raw}" has no deadline in it', f"«{raw}» không ghi thời hạn")
    if _CONDITIONAL_START.search(p):
        return "conditional", None
    m = _BEFORE_MONTH.search(p)
    if m:
        first = dt.date(_year(m.group(2), year), _month(m.group(1)), 1)
        return "date", first - dt.timedelta(days=1)
    m = _DATE.search(p) or _DATE_WORDS.search(p)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        try:
            return "date", dt.date(y, mo, d)
        except ValueError:
            raise DeadlineError(f'"{raw}": {d}/{mo}/{y} is not a real date',
                                f"«{raw}»: ngày {d}/{mo}/{y} không có thật") from None
    if _RECURRING.search(p) or _QUARTER_LIST.search(p):
        return "recurring", None
    return _period(p, year, raw)


def _period(p: str, year: int, raw: str) -> tuple[str, dt.date | None]:
    m = _HALF.search(p)
    if m:
        y = _year(m.group(3), year)
        return "period", dt.date(y, 6, 30) if m.group(2) == "dau" else year_end(y)
    m = _NINE.search(p)
    if m:
        return "period", dt.date(_year(m.group(2), year), 9, 30)
    m = _MONTH.search(p)
    if m:
        return "period", month_end(_year(m.group(2), year), _month(m.group(1)))
    m = _QUARTER.search(p)
    if m:
        q = _ROMAN.get(m.group(1))
        if q is None:
            raise DeadlineError(f'"{raw}": quarter "{m.group(1).upper()}" does not exist',
                                f"«{raw}»: không có quý «{m.group(1).upper()}»")
        return "period", month_end(_year(m.group(2), year), 3 * q)
    m = _YEAR_RANGE.search(p)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if b < a:
            raise DeadlineError(f'"{raw}": the years run backwards', f"«{raw}»: năm sau nhỏ hơn năm trước")
        return "period", year_end(b)
    m = _YEAR_ONLY.search(p)
    if m:
        return "period", year_end(int(m.group(1)))
    if _WHOLE_YEAR.search(p) or p in ("nam", "ca nam"):
        return "period", year_end(year)
    if _CONDITIONAL_ANY.search(p):
        return "conditional", None
    raise DeadlineError(f'cannot read the deadline "{raw}"; write it like "Tháng 02/2024", "Quý I năm 2024", '
                        f'"Trước 31/12/2024", "Thường xuyên", or set due: dd/mm/yyyy',
                        f"không đọc được thời hạn «{raw}»; ghi như «Tháng 02/2024», «Quý I năm 2024», "
                        f"«Trước 31/12/2024», «Thường xuyên», hoặc ghi due: dd/mm/yyyy")


def _year(text: str | None, default: int) -> int:
    return int(text) if text else default


def _month(text: str) -> int:
    m = int(text)
    if not 1 <= m <= 12:
        raise DeadlineError(f"month {m} does not exist", f"không có tháng {m}")
    return m
