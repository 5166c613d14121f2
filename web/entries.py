"""Evidence entries ↔ the mapping shape of an evidence file ↔ the officer's form.

No scoring and no validation happens here: what an officer typed is turned into
the raw value an evidence file would hold (a date as written, a number with its
decimal comma read), and the engine's validator says whether it is right. What is
stored is what the validator read (``fields_from_item``), so the web form, YAML and
XLSX give the same entries.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Mapping

DOC_FIELDS = ("number", "date", "title", "page")
_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?\d+[.,]\d+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


class Ambiguous(ValueError):
    """A number whose dot may group thousands or mark decimals (1.520)."""


# ---- stored entry → the engine's raw item ----------------------------------------
def typed(text: str, etype: str) -> Any:
    """A stored canonical value as the YAML loader would give it."""
    if etype == "date":
        return dt.date.fromisoformat(text)
    if etype == "boolean":
        return text == "true"
    if etype == "count":
        return int(text)
    return Decimal(text)


def canonical(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _doc_raw(doc: Mapping[str, Any]) -> dict:
    return {k: doc[k] for k in ("number", "date", "title", "file", "page") if doc.get(k) not in (None, "")}


def entry_item(entry, etype: str) -> dict:
    """An ``EvidenceEntry`` as the raw item of an evidence file."""
    docs = [_doc_raw(d) for d in entry.documents or []]
    if entry.na:
        item: dict[str, Any] = {"na": True}
        if entry.reason:
            item["reason"] = entry.reason
    elif etype == "manual":
        item = {"points": entry.points, "justification": entry.justification}
    elif etype == "document":
        item = dict(docs[0]) if docs else {}
        docs = docs[1:]
    else:
        item = {"value": typed(entry.value, etype)}
    if docs:
        item["documents"] = docs
    if entry.note:
        item["note"] = entry.note
    if entry.illustrative:
        item["illustrative"] = True
    return item


def fields_from_item(item, attachments: Mapping[int, str] | None = None) -> dict:
    """The stored fields of a validated ``evidence.model.Item`` (``attachments``: doc index → sha256)."""
    attachments = attachments or {}
    docs = []
    for i, d in enumerate(item.documents):
        doc = d.to_json()
        doc["attachment"] = attachments.get(i, "")
        docs.append(doc)
    out = {"na": item.na, "reason": item.reason or "", "note": item.note or "", "documents": docs,
           "value": "", "points": None, "justification": "", "illustrative": item.illustrative}
    if item.na:
        return out
    if item.type == "manual":
        out["points"] = item.value.points
        out["justification"] = item.value.justification
    elif item.type != "document":
        out["value"] = canonical(item.value)
    return out


# ---- the officer's form → raw item -------------------------------------------------
def read_number(text: str, etype: str) -> Any:
    """A number as typed: decimal comma or point, spaces ignored, "%" allowed on a percent.

    Anything else is returned as the text itself, for the engine to name what is wrong.
    """
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if etype == "percent" and t.endswith("%"):
        t = t[:-1]
    if _INT.match(t):
        return int(t) if etype == "count" else Decimal(t)
    if _THOUSANDS.match(t) and "," not in t:
        raise Ambiguous(t)
    if _DEC.match(t):
        return Decimal(t.replace(",", "."))
    return text.strip()


def shown_number(value: Any, lang: str) -> str:
    """A stored number as an officer reads it (decimal comma in Vietnamese)."""
    if value in (None, ""):
        return ""
    text = str(value)
    return text.replace(".", ",") if lang == "vi" else text


def shown_date(iso: str | None) -> str:
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _get(data: Mapping[str, Any], name: str) -> str:
    v = data.get(name, "")
    return v.strip() if isinstance(v, str) else ""


def doc_rows(data: Mapping[str, Any], key: str) -> list[str]:
    """The prefixes of the supporting-document rows posted for ``key``, in order."""
    idx = sorted({int(m.group(1)) for name in data for m in [re.match(rf"^{re.escape(key)}\.documents\.(\d+)\.", name)]
                  if m})
    return [f"{key}.documents.{i}" for i in idx]


def _doc_from(data: Mapping[str, Any], prefix: str, names: Mapping[str, str]) -> tuple[dict, str]:
    """A document typed in the form (raw) and its attachment's sha256."""
    raw: dict[str, Any] = {}
    for f in DOC_FIELDS:
        v = _get(data, f"{prefix}.{f}")
        if v:
            raw[f] = v
    sha = _get(data, f"{prefix}.attachment")
    file_text = _get(data, f"{prefix}.file")
    if sha and sha in names:
        raw["file"] = file_text if file_text and file_text.endswith(names[sha]) else names[sha]
    elif file_text:
        raw["file"] = file_text
    if not any(raw.get(f) for f in DOC_FIELDS) and not sha:
        return {}, ""
    return raw, sha if sha in names else ""


def item_from_form(data: Mapping[str, Any], key: str, etype: str, names: Mapping[str, str]):
    """(raw item or None when every field is empty, attachments by document index, ambiguous fields).

    ``names``: the assessment's attachments, sha256 → original name.
    """
    ambiguous: list[str] = []
    docs, shas = [], {}
    own, own_sha = ({}, "")
    if etype == "document":
        own, own_sha = _doc_from(data, key, names)
        if own or own_sha:
            shas[0] = own_sha
    for prefix in doc_rows(data, key):
        raw, sha = _doc_from(data, prefix, names)
        if raw or sha:
            if sha:
                shas[len(docs) + (1 if etype == "document" else 0)] = sha
            docs.append(raw)
    note = _get(data, f"{key}.note")
    if data.get(f"{key}.na") in ("on", "true", "1"):
        item: dict[str, Any] = {"na": True}
        reason = _get(data, f"{key}.reason")
        if reason:
            item["reason"] = reason
    elif etype == "manual":
        points, just = _get(data, f"{key}.points"), _get(data, f"{key}.justification")
        item = {}
        if points:
            try:
                item["points"] = read_number(points, "number")
            except Ambiguous:
                ambiguous.append(f"{key}.points")
                item["points"] = points
        if just:
            item["justification"] = just
    elif etype == "document":
        item = dict(own)
    else:
        text = _get(data, f"{key}.value")
        item = {}
        if text:
            if etype == "boolean":
                item["value"] = {"true": True, "false": False}.get(text, text)
            elif etype == "date":
                item["value"] = text
            else:
                try:
                    item["value"] = read_number(text, etype)
                except Ambiguous:
                    ambiguous.append(f"{key}.value")
                    item["value"] = text
    if docs:
        item["documents"] = docs
    if note:
        item["note"] = note
    if data.get(f"{key}.illustrative") in ("on", "true", "1") and item:
        item["illustrative"] = True
    if not item:
        return None, {}, ambiguous
    return item, shas, ambiguous
