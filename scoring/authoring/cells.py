"""How a scheme's values go into workbook cells so that reading them back gives the same values.

``criteria.xlsx_scheme`` is the reader; every rule here is the mirror of one of its
rules (numbers keep their decimal places through the number format; a value the
cells cannot hold exactly goes to «Tham số khác» as YAML flow text).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from criteria.xlsx_layout import CHOICES, RULE_NUMBERS
from criteria.xlsx_params import bands_text, flow, keys_text, late_text, scale_text, yaml_decimal

DATE_FORMAT = "dd/mm/yyyy"


class Put:
    """A value for one cell: ``kind`` is text, number or date; ``fmt`` its number format."""

    __slots__ = ("kind", "value", "fmt")

    def __init__(self, kind: str, value: Any, fmt: str = "General"):
        self.kind, self.value, self.fmt = kind, value, fmt


def text(s: str) -> Put:
    return Put("text", s, "@")


def number(v: Any, whole_decimal_ok: bool) -> Put | None:
    """A number cell that reads back as ``v``; None when no cell can (then YAML text is used).

    ``whole_decimal_ok``: a decimal without a fractional part (``10`` read as Decimal)
    may be written as the whole number (true for ``max``/``min``, where the model
    turns both into the same Decimal; false inside rules, where 10 and 10. differ).
    """
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return Put("number", v) if abs(v) < 2 ** 53 else None
    if not isinstance(v, Decimal) or not v.is_finite():
        return None
    exp = v.as_tuple().exponent
    assert isinstance(exp, int)
    if exp == 0:
        return Put("number", int(v)) if whole_decimal_ok and abs(v) < 2 ** 53 else None
    if exp > 0:
        return Put("text", yaml_decimal(v), "@") if whole_decimal_ok else None
    f = float(v)
    back = Decimal(repr(f))
    if -int(back.as_tuple().exponent) < -exp:         # the reader pads to the places the format shows
        back = back.quantize(Decimal(1).scaleb(exp))
    if str(back) != str(v):
        return None
    return Put("number", f, "0." + "0" * -exp)


def date(d: Any) -> Put | None:
    if isinstance(d, dt.date) and not isinstance(d, dt.datetime):
        return Put("date", d, DATE_FORMAT)
    return None


def label(field: str, keyword: Any) -> Put | None:
    if isinstance(keyword, str) and keyword in CHOICES[field]:
        return text(CHOICES[field][keyword])
    return None


def _plain(s: Any) -> bool:
    return isinstance(s, str) and bool(s) and s == s.strip() and s[:1] not in "[{"


def rule_cells(rule: dict) -> dict[str, Put]:
    """The rule's parameters by column; what no column holds exactly goes to ``extra``."""
    out: dict[str, Put] = {}
    extra: dict = {}
    for key, v in rule.items():
        put: Put | None = None
        if key == "kind":
            put = label("kind", v) or (text(v) if _plain(v) else None)
        elif key == "evidence":
            put = text(v) if _plain(v) else None
        elif key == "all":
            t = keys_text(v)
            put = text(t) if t is not None and t[:1] not in "[{" else None
        elif key == "ratio":
            if isinstance(v, dict) and set(v) == {"of", "to"} and _plain(v["of"]) and _plain(v["to"]):
                out["ratio.of"], out["ratio.to"] = text(v["of"]), text(v["to"])
                continue
        elif key == "due":
            put = date(v)
        elif key == "late":
            put = number(v, False) if not isinstance(v, list) else None
            if put is None and isinstance(v, list):
                t = late_text(v)
                put = text(t) if t is not None else None
        elif key in ("bands", "scale"):
            t = bands_text(v) if key == "bands" else scale_text(v)
            put = text(t) if t is not None else None
        elif key in RULE_NUMBERS:
            put = number(v, False)
        if put is None:
            extra[key] = v
        else:
            out[key] = put
    if extra:
        out["extra"] = text(flow(extra))
    return out
