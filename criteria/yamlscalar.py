"""How a plain (unquoted) YAML scalar is read: as written, never reinterpreted.

The rules are YAML 1.2's core schema, stricter where YAML 1.1 (PyYAML's default)
would silently change a value:

- ``null``/``~``/empty → None; ``true``/``false`` (and the YAML 1.1 ``yes``/``no``/
  ``on``/``off``, documented in docs/semantics.md) → booleans;
- decimal integers → ``int``; decimal numbers with a point or an exponent → ``Decimal``
  from the text (``0.1`` is exactly 0.1);
- ``yyyy-mm-dd`` → a date (an impossible date is an error); other timestamps stay text;
- everything else is text.

Refused with a message naming the value as written (``BadScalar``): a leading zero
(``01456``, octal in YAML 1.1), sexagesimal (``24:58``), ``0x``/``0o``/``0b`` forms,
digit separators (``1_000``), ``.inf``/``.nan``. Numbers are bounded on the text before
any arithmetic: at most ``MAX_DIGITS`` digits, an exponent of at most 3 digits, and a
value below 10^MAX_DIGITS with at most ``MAX_DIGITS`` decimal places, so every value
fits the decimal context exactly and nothing (``1.0e-99999999``, a 5,000-digit integer)
can stall or crash later arithmetic.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal

MAX_DIGITS = 24

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {w: v for v, words in ((True, "true True TRUE yes Yes YES on On ON"),
                                (False, "false False FALSE no No NO off Off OFF"))
          for w in words.split()}
_NUM = re.compile(r"[-+]?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([-+]?\d+))?\Z")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
# what YAML 1.1 would have read as a number and 1.2-as-written does not: refused, not guessed
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_BASED = re.compile(r"[-+]?0(?:[xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)\Z")
_SEPARATED = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)\Z")
_NUMBER_START = frozenset("0123456789+-.")


class BadScalar(ValueError):
    """A plain scalar that cannot be read as written: ``code``, English and Vietnamese text."""

    def __init__(self, code: str, message: str, vi: str):
        super().__init__(message)
        self.code = code
        self.vi = vi


def plain(text: str):
    """The value of a plain scalar written ``text`` (see the module docstring)."""
    if text and text[0] in _NUMBER_START:
        m = _NUM.match(text)
        if m is not None:
            return _number(text, m)
        if text[0].isdigit():
            d = _DATE.match(text)
            if d is not None:
                return _date(text, d)
        _refuse_legacy(text)
        return text
    if text in _NULLS:
        return None
    b = _BOOLS.get(text)
    if b is not None:
        return b
    return text


def _number(text: str, m: re.Match):
    whole, frac, only_frac, exp = m.groups()
    if only_frac is not None:
        whole, frac = "", only_frac
    if len(whole) > 1 and whole[0] == "0":
        sign = text[0] if text[0] in "+-" else ""
        fixed = sign + (whole.lstrip("0") or "0") + text[len(sign) + len(whole):]
        raise BadScalar("yaml_bad_number",
                        f'"{text}" starts with a zero: write {fixed} (or "{text}" in quotes if it is a code; '
                        "YAML 1.1 reads it as octal)",
                        f"«{text}» có số 0 ở đầu: ghi {fixed} (hoặc \"{text}\" trong dấu nháy nếu là mã số)")
    frac = frac or ""
    digits = len(whole.lstrip("0")) + len(frac)
    e = 0
    if exp is not None:
        if len(exp.lstrip("+-")) > 3:
            raise _limit(text)
        e = int(exp)
    if digits > MAX_DIGITS or len(whole.lstrip("0")) + e > MAX_DIGITS or len(frac) - e > MAX_DIGITS:
        raise _limit(text)
    if exp is None and not frac and "." not in text:
        return int(text)
    return Decimal(text)


def _limit(text: str) -> BadScalar:
    shown = text if len(text) <= 40 else text[:37] + "…"
    return BadScalar("yaml_number_limit",
                     f'the number "{shown}" is outside what a file may hold: at most {MAX_DIGITS} digits, '
                     f"smaller than 10^{MAX_DIGITS}, at most {MAX_DIGITS} decimal places",
                     f"số «{shown}» vượt giới hạn cho phép: tối đa {MAX_DIGITS} chữ số, nhỏ hơn 10^{MAX_DIGITS}, "
                     f"tối đa {MAX_DIGITS} chữ số thập phân")


def _date(text: str, d: re.Match):
    try:
        return _dt.date(int(d[1]), int(d[2]), int(d[3]))
    except ValueError:
        raise BadScalar("bad_date", f'"{text}" is not a real date',
                        f"ngày «{text}» không có thật") from None


def _refuse_legacy(text: str) -> None:
    if _SPECIAL.match(text):
        raise BadScalar("yaml_bad_number", f'"{text}" is not a finite number',
                        f"«{text}» không phải là một số hữu hạn")
    if _SEXAGESIMAL.match(text):
        raise BadScalar("yaml_bad_number",
                        f'"{text}" is not a number: write it in quotes if it is text (YAML 1.1 would read it '
                        "as a base-60 number)",
                        f"«{text}» không phải là số: nếu là chữ (giờ, mã số) thì đặt trong dấu nháy")
    if _BASED.match(text):
        raise BadScalar("yaml_bad_number",
                        f'"{text}" is not a decimal number: write the number in decimal, or in quotes if it is text',
                        f"«{text}» không phải là số thập phân: ghi số ở hệ thập phân, hoặc đặt trong dấu nháy "
                        "nếu đó là chữ")
    if "_" in text and _SEPARATED.match(text):
        plain_text = text.replace("_", "")
        raise BadScalar("yaml_bad_number",
                        f'"{text}": write numbers without separators ({plain_text})',
                        f"«{text}»: ghi số không có dấu phân cách ({plain_text})")
