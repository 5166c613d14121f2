"""Numbers, dates and labels for people: Vietnamese by default, English on request.

Vietnamese writes decimals with a comma (0,5 điểm), thousands with a dot
(1.520) and dates dd/mm/yyyy; English uses 0.5, 1,520 and ISO dates. JSON
never goes through here: it keeps plain numbers and ISO dates.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rules.numbers import CONTEXT, normalize

LANGS = ("vi", "en")


def num(value, lang: str = "vi") -> str:
    """A number for people: no trailing zeros, the language's separators."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return yes_no(value, lang)
    d = normalize(Decimal(value))
    text = format(d, "f")
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    if len(whole) > 3:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = ("." if lang == "vi" else ",").join(groups)
    sep = "," if lang == "vi" else "."
    out = sign + whole + (sep + frac if frac else "")
    return out.replace("-", "−") if sign else out


def signed(value, lang: str = "vi") -> str:
    d = Decimal(value)
    return ("+" if d > 0 else "") + num(d, lang)


def index(value, lang: str = "vi") -> str:
    """An index with exactly two decimals (88,65)."""
    if value is None:
        return "—"
    text = format(Decimal(value).quantize(Decimal("0.01"), context=CONTEXT), "f")
    return text.replace(".", ",") if lang == "vi" else text


def band(label: str | None, lang: str = "vi") -> str:
    """The classification of an index; no band (below every band's min, or a scheme
    without bands) reads «không xếp loại» (spec: "Totals and the index")."""
    if label:
        return label
    return "không xếp loại" if lang == "vi" else "unclassified"


def date(value, lang: str = "vi") -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y") if lang == "vi" else value.isoformat()


def yes_no(value: bool, lang: str = "vi") -> str:
    return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")


STATUS = {
    "vi": {"met": "Đạt", "partial": "Đạt một phần", "unmet": "Không đạt", "missing": "Thiếu TLKC",
           "not_applicable": "Không phát sinh", "error": "Lỗi"},
    "en": {"met": "met", "partial": "partial", "unmet": "unmet", "missing": "missing evidence",
           "not_applicable": "not applicable", "error": "error"},
}

KIND = {
    "vi": {"check": "kiểm tra có/không", "deadline": "thời hạn", "bands": "theo mức", "proportional": "theo tỷ lệ",
           "deduction": "trừ điểm theo số trường hợp", "count": "cộng điểm theo số lượng",
           "manual": "tự chấm có giải trình", "survey": "khảo sát"},
    "en": {"check": "yes/no check", "deadline": "deadline", "bands": "bands", "proportional": "proportional",
           "deduction": "deduction per case", "count": "points per item", "manual": "self-scored with justification",
           "survey": "survey"},
}

OPS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "eq": "="}

WORDS = {
    "vi": {
        "points": "điểm", "code": "Mã", "criterion": "Tiêu chí", "score": "Điểm", "max": "Tối đa",
        "status": "Trạng thái", "index": "Chỉ số (%)", "total": "Tổng điểm", "band": "Xếp loại",
        "lost": "Điểm bị mất", "missing": "Thiếu tài liệu kiểm chứng", "at_stake": "điểm có thể mất",
        "na": "Không phát sinh", "errors": "Lỗi khi chấm", "excluded": "không tính", "none": "Không có.",
        "unit": "Đơn vị", "scheme": "Bộ tiêu chí", "survey_absent": "chưa có kết quả khảo sát",
        "model": "Bộ tiêu chí mẫu", "applicable": "điểm tối đa áp dụng", "reason": "Lý do",
        "matcher": "bộ so khớp",
    },
    "en": {
        "points": "points", "code": "Id", "criterion": "Criterion", "score": "Points", "max": "Max",
        "status": "Status", "index": "Index (%)", "total": "Total", "band": "Band",
        "lost": "Points lost", "missing": "Missing evidence", "at_stake": "points at stake",
        "na": "Not applicable", "errors": "Scoring errors", "excluded": "excluded", "none": "None.",
        "unit": "Unit", "scheme": "Scheme", "survey_absent": "no survey results yet",
        "model": "Model scheme", "applicable": "applicable maximum", "reason": "Reason",
        "matcher": "matcher",
    },
}


def word(key: str, lang: str) -> str:
    return WORDS[lang][key]


def status_label(status: str, excluded: bool, lang: str, survey_absent: bool = False) -> str:
    """A node's status for people; ``survey_absent``: N/A only because survey results are not in yet."""
    label = STATUS[lang][status]
    if survey_absent and status == "not_applicable":
        label = word("survey_absent", lang)
        label = label[0].upper() + label[1:]
    if excluded:
        label += f" ({word('excluded', lang)})"
    return label


_ONE_POINTS = __import__("re").compile(r"(?<![\d.,])([−+-]?1) points\b")


def english_plural(text: str, lang: str) -> str:
    """"1 points" → "1 point" in English output (Vietnamese nouns have no plural)."""
    return _ONE_POINTS.sub(r"\1 point", text) if lang == "en" else text
