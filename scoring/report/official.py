"""What every official document shares (Nghị định 30/2020/NĐ-CP, Phụ lục I): letterhead, date line, signature.

One model, rendered by DOCX, HTML and XLSX alike, so the three carry the same
words: the issuing body (superior line, agency lines in bold capitals, a short
rule), «Số: 215/BC-UBND», the quốc hiệu and tiêu ngữ with its rule, the italic
place-and-date line, the signature lines («TM. ỦY BAN NHÂN DÂN» / «KT. CHỦ
TỊCH» / «PHÓ CHỦ TỊCH»), the signer's name and «Nơi nhận».
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evidence.office import Office

NATION = {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "en": "SOCIALIST REPUBLIC OF VIET NAM"}
MOTTO = {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"}
RECIPIENTS = {"vi": "Nơi nhận:", "en": "Recipients:"}
SIGN_NOTE = {"vi": "(Ký, ghi rõ họ tên, đóng dấu)", "en": "(signature, full name, seal)"}
SIGN_SELF = {"vi": "(Ký, ghi rõ họ tên)", "en": "(signature, full name)"}


@dataclass(frozen=True)
class Letterhead:
    superior: str | None
    agency: tuple[str, ...]
    number: str
    nation: str
    motto: str
    place_date: str


@dataclass(frozen=True)
class Signature:
    lines: tuple[str, ...]          # bold capitals above the signature space
    name: str | None
    note: str                       # «(Ký, ghi rõ họ tên, đóng dấu)», printed only when there is no name


def vi_date(day: dt.date | None) -> str:
    """«ngày 05 tháng 02 năm 2024»: a zero before a day under 10 and months 1 and 2 (ND 30, Phụ lục I)."""
    if day is None:
        return "ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(office: Office, day: dt.date | None, lang: str) -> str:
    place = office.place
    if lang == "vi":
        return f"{place}, {vi_date(day)}" if place else vi_date(day).capitalize()
    when = en_date(day)
    return f"{place}, {when}" if place else when


def en_date(day: dt.date | None) -> str:
    """«10 December 2024» (month names fixed, not the machine's locale)."""
    if day is None:
        return "…"
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    return f"{day.day} {months[day.month - 1]} {day.year}"


def english_title(title: str, deputy: bool) -> str:
    """«CHỦ TỊCH» → «Chairperson» («Vice Chairperson» for a deputy); other titles as written."""
    words = {"CHỦ TỊCH": "Chairperson", "TỔ TRƯỞNG": "Team leader", "THỦ TRƯỞNG ĐƠN VỊ": "Head of unit"}
    base = words.get(title.upper(), title.capitalize())
    return f"Vice {base}" if deputy else base


def letterhead(office: Office, kind: str, day: dt.date | None, lang: str) -> Letterhead:
    """``kind``: the document type's abbreviation in its number (BC báo cáo, BB biên bản)."""
    return Letterhead(office.superior, office.agency, office.number_line(kind, lang), NATION[lang], MOTTO[lang],
                      place_date(office, day, lang))


def signature(office: Office, lang: str, seal: bool = True) -> Signature:
    s = office.signer
    lines = s.lines if lang == "vi" else _english_lines(s)
    return Signature(lines, s.name, (SIGN_NOTE if seal else SIGN_SELF)[lang])


def _english_lines(s) -> tuple[str, ...]:
    words = {"TM. ỦY BAN NHÂN DÂN": "ON BEHALF OF THE PEOPLE'S COMMITTEE", "CHỦ TỊCH": "CHAIRPERSON",
             "TỔ TRƯỞNG": "TEAM LEADER", "THỦ TRƯỞNG ĐƠN VỊ": "HEAD OF UNIT"}
    head = (words.get(s.authority, s.authority),) if s.authority else ()
    title = words.get(s.title, s.title)
    if s.deputy:
        return head + (f"FOR THE {title}", f"VICE {title}")
    return head + (title,)


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
