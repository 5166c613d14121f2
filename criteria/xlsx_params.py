"""The small syntax of rule parameters written in one spreadsheet cell, both ways.

A home-affairs officer types these in the «Tiêu chí» sheet of a scheme workbook
(``criteria.xlsx_scheme``); ``parscore criteria export`` writes them back.

- numbers: ``1``, ``0,75`` or ``0.75``, ``-0,25`` (no thousands separators);
  ``1`` is a whole number, ``1,0`` keeps its decimal place, as in YAML;
- bands: ``>=100: 1; >=90: 0,75; >=70: 0,5`` (one band per ``;`` or line; a band
  may hold several conditions, ``>=50 <70: 0,5``; operators ``>= > <= < =``, also
  ``≥ ≤`` and the YAML words ``ge gt le lt eq``);
- late steps: ``15 ngày: 0,5; 30 ngày: 0,25`` (up to 15 days late: 0,5 …);
- a survey scale: ``A: 100; B: 60; C: 20; D: 0``;
- a list of keys: ``key_1, key_2``;
- anything else: YAML flow text, ``{...}`` or ``[...]``, read exactly as in a
  criteria file (every parameter of every rule kind can be written this way).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

OPS = {">=": "ge", "≥": "ge", "ge": "ge", ">": "gt", "gt": "gt", "<=": "le", "≤": "le", "le": "le",
       "<": "lt", "lt": "lt", "==": "eq", "=": "eq", "eq": "eq"}
OP_TEXT = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<", "eq": "="}
_NUM = r"[+-]?\d+(?:[.,]\d+)?"
_NUM_RE = re.compile(rf"^{_NUM}$")
_WIDE_NUM_RE = re.compile(r"^[+-]?(?:\d+[.,]\d*|\d*[.,]\d+)(?:[eE][+-]?\d+)?$")
_COND_RE = re.compile(rf"(>=|<=|==|≥|≤|>|<|=|\bge\b|\bgt\b|\ble\b|\blt\b|\beq\b)\s*({_NUM})")
_LATE_RE = re.compile(rf"^(\d+)\s*(?:ngày|ngay|days?)?\s*:\s*({_NUM})$", re.IGNORECASE)
_SEP_RE = re.compile(r"[;\n]")


class SyntaxProblem(ValueError):
    """A cell's text does not follow the syntax; the message is (English, Vietnamese)."""

    def __init__(self, en: str, vi: str):
        super().__init__(en)
        self.en, self.vi = en, vi


# ---- numbers ----------------------------------------------------------------------

def parse_number(text: str) -> int | Decimal | None:
    """``1`` → 1, ``0,75`` → Decimal("0.75"); None when the text is not a number."""
    s = text.strip().replace(" ", "")
    if _NUM_RE.match(s):
        if "," in s or "." in s:
            return Decimal(s.replace(",", "."))
        return int(s)
    if _WIDE_NUM_RE.match(s):          # 1.E+1 and the like: what YAML reads as a decimal
        return Decimal(s.replace(",", "."))
    return None


def number_text(v: Any) -> str | None:
    """A number as this syntax writes it (decimal comma); None when it cannot keep every digit."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal) and v.is_finite() and v.as_tuple().exponent < 0:  # type: ignore[operator]
        s = format(v, "f")
        back = parse_number(s.replace(".", ","))
        return s.replace(".", ",") if isinstance(back, Decimal) and str(back) == str(v) else None
    return None


def _need_number(text: str, what_en: str, what_vi: str) -> int | Decimal:
    n = parse_number(text)
    if n is None:
        raise SyntaxProblem(f'{what_en}: "{text.strip()}" is not a number',
                            f"{what_vi}: «{text.strip()}» không phải là số")
    return n


def _items(text: str) -> list[str]:
    return [p.strip() for p in _SEP_RE.split(text) if p.strip()]


# ---- bands ----------------------------------------------------------------------

def parse_bands(text: str) -> list[dict]:
    out = []
    for i, part in enumerate(_items(text), start=1):
        cond, sep, pts = part.rpartition(":")
        if not sep or not cond.strip():
            raise SyntaxProblem(f'band {i} "{part}": write conditions, a colon, then the points (">=90: 0,75")',
                                f"mức {i} «{part}»: ghi điều kiện, dấu hai chấm rồi số điểm (ví dụ «>=90: 0,75»)")
        band: dict = {}
        leftover = _COND_RE.sub(" ", cond)
        if leftover.replace("và", " ").replace("and", " ").strip(" ,&"):
            raise SyntaxProblem(f'band {i} "{part}": cannot read the condition "{cond.strip()}"',
                                f"mức {i} «{part}»: không đọc được điều kiện «{cond.strip()}» "
                                "(dùng >=, >, <=, <, = và một số)")
        for m in _COND_RE.finditer(cond):
            op = OPS[m.group(1)]
            if op in band:
                raise SyntaxProblem(f'band {i} "{part}": "{m.group(1)}" is written twice',
                                    f"mức {i} «{part}»: phép so sánh «{m.group(1)}» ghi hai lần")
            band[op] = _need_number(m.group(2), f"band {i}", f"mức {i}")
        band["points"] = _need_number(pts, f"band {i} points", f"điểm của mức {i}")
        out.append(band)
    if not out:
        raise SyntaxProblem("no band written", "chưa ghi mức nào")
    return out


def bands_text(bands: Any) -> str | None:
    """Bands in this syntax, or None when YAML flow text is needed to keep them exactly."""
    if not isinstance(bands, list) or not bands:
        return None
    parts = []
    for b in bands:
        if not isinstance(b, dict) or "points" not in b or set(b) - set(OP_TEXT) - {"points"} or len(b) < 2:
            return None
        conds = []
        for op in ("gt", "ge", "lt", "le", "eq"):
            if op in b:
                t = number_text(b[op])
                if t is None:
                    return None
                conds.append(f"{OP_TEXT[op]}{t}")
        pts = number_text(b["points"])
        if pts is None:
            return None
        parts.append(f"{' '.join(conds)}: {pts}")
    return "; ".join(parts)


# ---- late steps, scale, key lists ---------------------------------------------

def parse_late(text: str) -> int | Decimal | list[dict]:
    n = parse_number(text)
    if n is not None:
        return n
    steps = []
    for i, part in enumerate(_items(text), start=1):
        m = _LATE_RE.match(part)
        if not m:
            raise SyntaxProblem(f'late step {i} "{part}": write days, a colon, then the points ("15 ngày: 0,5")',
                                f"bước trễ hạn {i} «{part}»: ghi số ngày, dấu hai chấm rồi số điểm "
                                "(ví dụ «15 ngày: 0,5»), hoặc một số điểm")
        steps.append({"within_days": int(m.group(1)), "points": _need_number(m.group(2), "late", "trễ hạn")})
    if not steps:
        raise SyntaxProblem("no late step written", "chưa ghi bước trễ hạn nào")
    return steps


def late_text(late: Any) -> str | None:
    if not isinstance(late, list) or not late:
        return None
    parts = []
    for s in late:
        if not isinstance(s, dict) or set(s) != {"within_days", "points"}:
            return None
        days, pts = s["within_days"], number_text(s["points"])
        if isinstance(days, bool) or not isinstance(days, int) or days < 0 or pts is None:
            return None
        parts.append(f"{days} ngày: {pts}")
    return "; ".join(parts)


def parse_scale(text: str) -> dict:
    out: dict = {}
    for i, part in enumerate(_items(text), start=1):
        label, sep, pts = part.partition(":")
        if not sep or not label.strip():
            raise SyntaxProblem(f'scale entry {i} "{part}": write the answer, a colon, then the percent ("A: 100")',
                                f"thang quy đổi, mục {i} «{part}»: ghi phương án, dấu hai chấm rồi tỷ lệ % "
                                "(ví dụ «A: 100»)")
        key = label.strip()
        if key in out:
            raise SyntaxProblem(f'scale: answer "{key}" is written twice', f"thang quy đổi: phương án «{key}» ghi hai lần")
        out[key] = _need_number(pts, f"scale {key}", f"thang quy đổi «{key}»")
    if not out:
        raise SyntaxProblem("no scale entry written", "chưa ghi phương án nào")
    return out


def scale_text(scale: Any) -> str | None:
    if not isinstance(scale, dict) or not scale:
        return None
    parts = []
    for k, v in scale.items():
        t = number_text(v)
        if not isinstance(k, str) or t is None or not k.strip() or k != k.strip() or re.search(r"[:;\n]", k):
            return None
        parts.append(f"{k}: {t}")
    return "; ".join(parts)


def parse_keys(text: str) -> list[str]:
    return [k for k in re.split(r"[,;\s]+", text.strip()) if k]


def keys_text(keys: Any) -> str | None:
    if not isinstance(keys, list) or not keys:
        return None
    if not all(isinstance(k, str) and re.fullmatch(r"[^,;\s]+", k) for k in keys):
        return None
    return ", ".join(keys)


# ---- YAML flow text (exact for every value a criteria file can hold) ------------

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESERVED = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}
# characters the YAML reader refuses raw (PyYAML's printable set) or reads as line breaks, written as escapes
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_string(s: str) -> str:
    if _PLAIN.match(s) and s.lower() not in _RESERVED:
        return s
    quoted = json.dumps(s, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                            else f"\\u{ord(m.group()):04x}", quoted)


def yaml_decimal(d: Decimal) -> str:
    """A decimal as YAML text that reads back with the same digits and exponent."""
    sign, digits, exp = d.as_tuple()
    if not isinstance(exp, int):
        raise ValueError(f"not a finite decimal: {d}")
    if exp < 0:
        return format(d, "f")
    body = ("-" if sign else "") + "".join(map(str, digits)) + "."
    return body if exp == 0 else f"{body}E+{exp}"


def flow(v: Any) -> str:
    """One value as YAML flow text (the criteria reader gives back an equal value)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return yaml_decimal(v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, str):
        return yaml_string(v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as YAML")
