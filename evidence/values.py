"""Parsing of the values an officer writes: dates, numbers, documents. Nothing is coerced."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rules.conditions import LIMIT

_VN_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class BadValue(ValueError):
    """A value that cannot be read; the message says what was expected (``vi``: in Vietnamese)."""

    def __init__(self, message: str, vi: str = ""):
        super().__init__(message)
        self.vi = vi


@dataclass(frozen=True, init=False)
class Document:
    """A verification document (tài liệu kiểm chứng). (``__init__`` fills the dict in one step.)"""
    number: str | None
    date: dt.date | None
    title: str | None
    file: str | None = None
    page: str | None = None

    def __init__(self, number: str | None, date: dt.date | None, title: str | None,
                 file: str | None = None, page: str | None = None):
        self.__dict__.update(number=number, date=date, title=title, file=file, page=page)

    def to_json(self) -> dict:
        return {"number": self.number, "date": self.date.isoformat() if self.date else None,
                "title": self.title, "file": self.file, "page": self.page}


def parse_date(value: Any) -> dt.date:
    """A date written ISO (2024-02-29) or Vietnamese (29/02/2024); impossible dates fail."""
    if isinstance(value, dt.datetime):
        raise BadValue(f'"{value}" has a time; write the date only (dd/mm/yyyy)',
                       f"«{value}» có cả giờ; chỉ ghi ngày (dd/mm/yyyy)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _VN_DATE.match(value)
        if m:
            d, mo, y = m.groups()
            d, mo, y = int(d), int(mo), int(y)
        else:
            m = _ISO_DATE.match(value)
            if not m:
                raise BadValue(f'"{value}" is not a date; write dd/mm/yyyy or yyyy-mm-dd',
                               f"«{value}» không phải là ngày; ghi dd/mm/yyyy hoặc yyyy-mm-dd")
            y, mo, d = m.groups()
            y, mo, d = int(y), int(mo), int(d)
        try:
            return dt.date(y, mo, d)
        except ValueError:
            raise BadValue(f'"{value}" is not a real date', f"ngày «{value}» không có thật") from None
    raise BadValue(f"{_show(value)} is not a date; write dd/mm/yyyy or yyyy-mm-dd",
                   f"{_show(value, 'vi')} không phải là ngày; ghi dd/mm/yyyy hoặc yyyy-mm-dd")


def parse_number(value: Any, what: str = "a number", what_vi: str = "số") -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        looks = isinstance(value, str) and _looks_numeric(value)
        # Text that reads as a number: in YAML either quoted ("85") or written with a decimal comma (85,5),
        # which YAML keeps as text; say which, rather than speak of quotes a comma number does not have.
        comma = looks and "," in value
        hint = (f" (write decimals with a point: {value.strip().replace(',', '.')})" if comma
                else " (write it without quotes)" if looks else "")
        hint_vi = (f" (số thập phân trong tệp YAML viết bằng dấu chấm: {value.strip().replace(',', '.')})" if comma
                   else " (ghi số, không để trong dấu nháy)" if looks else "")
        raise BadValue(f"{_show(value)} is not {what}{hint}", f"{_show(value, 'vi')} không phải là {what_vi}{hint_vi}")
    d = Decimal(value)
    if abs(d) > LIMIT:
        raise BadValue(f"{value} is too large (at most {LIMIT})", f"{value} quá lớn (tối đa {LIMIT})")
    return d


def parse_count(value: Any) -> int:
    if type(value) is int and 0 <= value <= LIMIT:
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        parse_number(value, "a whole number", "số nguyên")  # raises with the right hint
        raise BadValue(f"{value} is not a whole number", f"{value} không phải là số nguyên")
    if value < 0:
        raise BadValue(f"{value} is negative; a count is 0 or more", f"{value} là số âm; số lượng phải từ 0 trở lên")
    if value > LIMIT:
        raise BadValue(f"{value} is too large (at most {LIMIT})", f"{value} quá lớn (tối đa {LIMIT})")
    return value


def parse_percent(value: Any) -> Decimal:
    d = parse_number(value, "a percent", "tỷ lệ phần trăm")
    if not 0 <= d <= 100:
        raise BadValue(f"{value} is outside 0..100", f"{value} nằm ngoài khoảng 0–100")
    return d


def parse_bool(value: Any) -> bool:
    if value is True or value is False:
        return value
    if not isinstance(value, bool):
        raise BadValue(f"{_show(value)} is not true or false", f"{_show(value, 'vi')} không phải là có/không (true/false)")
    return value


def parse_text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        return value.strip() or None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise BadValue(f"{what}: {_show(value)} is not text", f"{what}: {_show(value, 'vi')} không phải là chữ")
    return value.strip() or None


def _looks_numeric(text: str) -> bool:
    return bool(re.match(r"^\s*-?\d+([.,]\d+)?\s*%?\s*$", text))


def _show(value: Any, lang: str = "en") -> str:
    """How a value the officer wrote is named in a message."""
    vi = lang == "vi"
    if isinstance(value, dict):
        return "một bảng giá trị" if vi else "a mapping"
    if isinstance(value, list):
        return "một danh sách" if vi else "a list"
    if isinstance(value, str):
        return f"chữ «{value}»" if vi else f'the text "{value}"'
    return repr(value) if not isinstance(value, Decimal) else str(value)
