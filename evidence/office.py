"""The issuing office of an official document (Nghị định 30/2020/NĐ-CP): who issues, where, who signs.

An evidence file may carry an optional ``office:`` mapping (the report's header
and signature); an appraisal file's header may carry one too (the biên bản's
issuing body) and ``members:`` (the tổ thẩm định). Every field is optional and
has a default derived from the unit's name, so an old file renders as before
with an ND 30 header («ỦY BAN NHÂN DÂN» / «PHƯỜNG 1» from "UBND Phường 1, thành
phố Tây Ninh"). The web workspace builds the same ``Office`` from its database.

    office:
      superior: null                        # the body above, where used (one line, not bold)
      agency: [ỦY BAN NHÂN DÂN, PHƯỜNG 1]     # the issuing body, one line per item (bold capitals)
      short: UBND                           # its abbreviation in the number (…/BC-UBND)
      place: Phường 1                       # the place in «Phường 1, ngày … tháng … năm …»
      number: 123/BC-UBND                   # the document's number; default «…/BC-UBND» left to fill
      signer:
        name: Nguyễn Văn A
        deputy: false                       # true: «KT. CHỦ TỊCH» / «PHÓ CHỦ TỊCH»
        authority: TM. ỦY BAN NHÂN DÂN      # default: TM. + the agency's first line
        title: CHỦ TỊCH                     # the head's title (the deputy's is «PHÓ » + it)
      recipients: [UBND thành phố Tây Ninh (b/c)]   # «Nơi nhận»; «Lưu: VT» is always added
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from criteria import Collector, Loc, suggest
from criteria.yamlsrc import where

OFFICE_KEYS = ("superior", "agency", "short", "place", "number", "signer", "recipients")
PANEL_KEYS = ("superior", "agency", "short", "place", "number", "venue")
SIGNER_KEYS = ("name", "deputy", "authority", "title")
MEMBER_KEYS = ("name", "title", "role")
_UBND = re.compile(r"^\s*(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Signer:
    name: str | None = None
    deputy: bool = False
    authority: str | None = None      # «TM. ỦY BAN NHÂN DÂN»; None: no collective line
    title: str = "CHỦ TỊCH"

    @property
    def lines(self) -> tuple[str, ...]:
        """The bold capital lines above the signature space."""
        head = (self.authority,) if self.authority else ()
        if self.deputy:
            return head + (f"KT. {self.title}", f"PHÓ {self.title}")
        return head + (self.title,)


@dataclass(frozen=True)
class Member:
    name: str
    title: str | None = None          # the member's post («Trưởng phòng Nội vụ»)
    role: str | None = None           # the role in the team («Tổ trưởng», «Thành viên»)

    @property
    def leads(self) -> bool:
        return bool(self.role) and "trưởng" in self.role.lower() and "phó" not in self.role.lower()


@dataclass(frozen=True)
class Office:
    agency: tuple[str, ...]
    superior: str | None = None
    short: str | None = "UBND"
    place: str | None = None
    number: str | None = None
    signer: Signer = Signer()
    recipients: tuple[str, ...] = ()
    venue: str | None = None          # a biên bản's «tại …»

    def number_line(self, kind: str, lang: str = "vi") -> str:
        """«Số: 123/BC-UBND», or «Số:      /BC-UBND» left for the văn thư to fill («No.:» in English)."""
        word = "Số:" if lang == "vi" else "No.:"
        if self.number:
            return f"{word} {self.number}"
        tail = f"/{kind}-{self.short}" if self.short else f"/{kind}"
        return word + "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0" + tail

    @property
    def filing(self) -> tuple[str, ...]:
        """«Nơi nhận» lines, ending with «Lưu: VT»."""
        rows = [r.strip().rstrip(";.") for r in self.recipients if r.strip()]
        if not any(r.lower().startswith("lưu") for r in rows):
            rows.append("Lưu: VT")
        return tuple(f"- {r}{'.' if i == len(rows) - 1 else ';'}" for i, r in enumerate(rows))


def derive(unit_name: str, province: str | None = None) -> Office:
    """The defaults: "UBND Phường 1, thành phố Tây Ninh" → «ỦY BAN NHÂN DÂN» / «PHƯỜNG 1», place Phường 1."""
    head, _, rest = unit_name.partition(",")
    m = _UBND.match(head)
    if m:
        local = head[m.end():].strip()
        recipients = (f"UBND {rest.strip()} (b/c)",) if rest.strip() else ()
        return Office(agency=("ỦY BAN NHÂN DÂN", local.upper()), place=local or province,
                      signer=Signer(authority="TM. ỦY BAN NHÂN DÂN"), recipients=recipients)
    return Office(agency=(head.strip().upper(),), short=None, place=province, signer=Signer(title="THỦ TRƯỞNG ĐƠN VỊ"))


def derive_panel(by: str | None, place: str | None) -> Office:
    """A tổ thẩm định's default header: its name as written in ``by``."""
    return Office(agency=((by or "Tổ thẩm định").upper(),), short=None, place=place,
                  signer=Signer(title="TỔ TRƯỞNG"))


def parse_office(raw: Any, at: Loc, base: Office, out: Collector, keys: tuple = OFFICE_KEYS,
                 name: str = "office", prefix: str = "evidence") -> Office:
    """``raw`` (a mapping from YAML) laid over ``base``; every problem goes to ``out``."""
    if raw is None:
        return base
    if not isinstance(raw, dict):
        out.add(f"{prefix}_bad_header", at, f"{name} must be a mapping ({', '.join(keys)})",
                f"{name} phải là một bảng khóa ({', '.join(keys)})")
        return base
    for key in raw:
        if key not in keys:
            out.add(f"{prefix}_unknown_field", where(raw, key, at), f'unknown key "{name}.{key}"{suggest(str(key), keys)}',
                    f"khóa «{name}.{key}» không có trong mẫu tệp{suggest(str(key), keys, 'vi')}")
    changes: dict[str, Any] = {}
    for key in ("superior", "short", "place", "number", "venue"):
        if key in raw and key in keys:
            changes[key] = _text(raw, key, at, out, name, prefix)
    for key in ("agency", "recipients"):
        if key in raw and key in keys:
            lines = _lines(raw, key, at, out, name, prefix)
            if key == "agency" and not lines:
                out.add(f"{prefix}_bad_value", where(raw, key, at), f"{name}.agency: give at least one line",
                        f"{name}.agency: cần ít nhất một dòng tên cơ quan")
                continue
            changes[key] = lines
    if "signer" in raw and "signer" in keys:
        changes["signer"] = _signer(raw["signer"], where(raw, "signer", at), base.signer, out, name, prefix)
    return replace(base, **changes)


def parse_members(raw: Any, at: Loc, out: Collector, name: str = "members", prefix: str = "appraisal") -> tuple[Member, ...]:
    """``members:`` a list of names, or of mappings {name, title, role}."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        out.add(f"{prefix}_bad_value", at, f"{name} must be a list of members (name, title, role)",
                f"{name} phải là danh sách thành viên (name, title, role)")
        return ()
    members = []
    for i, m in enumerate(raw):
        loc = where(raw, i, at)
        if isinstance(m, str) and m.strip():
            members.append(Member(m.strip()))
            continue
        if not isinstance(m, dict) or not isinstance(m.get("name"), str) or not m["name"].strip():
            out.add(f"{prefix}_bad_value", loc, f"{name}[{i + 1}] needs a name (text)",
                    f"{name}[{i + 1}] cần có họ tên (name)")
            continue
        for key in m:
            if key not in MEMBER_KEYS:
                out.add(f"{prefix}_unknown_field", where(m, key, loc),
                        f'unknown key "{key}" in {name}[{i + 1}]{suggest(str(key), MEMBER_KEYS)}',
                        f"khóa «{key}» không có trong mẫu {name}[{i + 1}]{suggest(str(key), MEMBER_KEYS, 'vi')}")
        members.append(Member(m["name"].strip(), _text(m, "title", loc, out, f"{name}[{i + 1}]", prefix),
                              _text(m, "role", loc, out, f"{name}[{i + 1}]", prefix)))
    return tuple(members)


def _signer(raw: Any, at: Loc, base: Signer, out: Collector, name: str, prefix: str) -> Signer:
    if not isinstance(raw, dict):
        out.add(f"{prefix}_bad_value", at, f"{name}.signer must be a mapping ({', '.join(SIGNER_KEYS)})",
                f"{name}.signer phải là một bảng khóa ({', '.join(SIGNER_KEYS)})")
        return base
    for key in raw:
        if key not in SIGNER_KEYS:
            out.add(f"{prefix}_unknown_field", where(raw, key, at),
                    f'unknown key "{name}.signer.{key}"{suggest(str(key), SIGNER_KEYS)}',
                    f"khóa «{name}.signer.{key}» không có trong mẫu tệp{suggest(str(key), SIGNER_KEYS, 'vi')}")
    changes: dict[str, Any] = {}
    for key in ("name", "authority", "title"):
        if key in raw:
            changes[key] = _text(raw, key, at, out, f"{name}.signer", prefix)
    if changes.get("title") is None:
        changes.pop("title", None)
    if "deputy" in raw:
        if not isinstance(raw["deputy"], bool):
            out.add(f"{prefix}_bad_value", where(raw, "deputy", at), f"{name}.signer.deputy must be true or false",
                    f"{name}.signer.deputy phải là true hoặc false")
        else:
            changes["deputy"] = raw["deputy"]
    return replace(base, **changes)


def _text(raw: dict, key: str, at: Loc, out: Collector, name: str, prefix: str = "evidence") -> str | None:
    v = raw.get(key)
    if v is None:
        return None
    if isinstance(v, str):
        return v.strip() or None
    out.add(f"{prefix}_bad_value", where(raw, key, at), f"{name}.{key} must be text", f"{name}.{key} phải là chữ")
    return None


def _lines(raw: dict, key: str, at: Loc, out: Collector, name: str, prefix: str = "evidence") -> tuple[str, ...]:
    v = raw.get(key)
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        out.add(f"{prefix}_bad_value", where(raw, key, at), f"{name}.{key} must be a list of lines (text)",
                f"{name}.{key} phải là danh sách các dòng chữ")
        return ()
    return tuple(x.strip() for x in v if x.strip())
