"""Writes. Each service checks the assessment is open on the server, writes in one
transaction and logs every change (who, when, what, old → new)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from django.db import transaction
from django.utils import timezone

from . import clock, engine
from .entries import entry_item, fields_from_item, item_from_form
from .models import Assessment, AuditEntry, EvidenceEntry
from .selectors import compiled_for, evidence_mapping, is_open, state, unit_mapping


class Closed(Exception):
    """The assessment is submitted, locked or past its deadline: read-only."""


class NotAllowed(Exception):
    pass


def audit(user, action: str, a: Assessment | None = None, target: str = "", old: Any = None, new: Any = None,
          reason: str = "", province=None, unit=None) -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None, action=action,
        province=province or (a.unit.province if a else None), unit=unit or (a.unit if a else None),
        assessment=a, target=target, old=_jsonable(old), new=_jsonable(new), reason=reason)


def _jsonable(v: Any) -> Any:
    return json.loads(json.dumps(v, default=str, ensure_ascii=False)) if v is not None else None


def entry_record(entry: EvidenceEntry | None) -> dict | None:
    """An entry's fields as the audit log keeps them."""
    if entry is None:
        return None
    out = {"value": entry.value, "na": entry.na, "reason": entry.reason,
           "points": str(entry.points) if entry.points is not None else None,
           "justification": entry.justification, "documents": entry.documents, "note": entry.note,
           "illustrative": entry.illustrative}
    return {k: v for k, v in out.items() if v not in ("", None, [], False)}


@dataclass
class Conflict:
    key: str
    theirs: dict | None          # what is stored now (saved by someone else meanwhile)
    by: str
    yours: Any                   # what this request sent (raw item)


@dataclass
class SaveOutcome:
    saved: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)       # engine.Problem
    conflicts: list[Conflict] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.problems or self.conflicts or self.ambiguous)


def _lock(a: Assessment) -> Assessment:
    """Re-read the assessment inside the transaction, locked (PostgreSQL: its row; SQLite: the
    IMMEDIATE transaction already holds the write lock)."""
    return Assessment.objects.select_for_update().select_related("unit", "unit__province", "scheme_version").get(pk=a.pk)


def save_entries(a: Assessment, user, data: Mapping[str, Any], keys: list[str]) -> SaveOutcome:
    """Save the posted fields of ``keys`` (one criterion's form). All or nothing: with any
    problem, conflict or ambiguity nothing is written and the typed values stay in the form.

    ``data`` holds ``KEY.version`` (the version the form was built from) beside the fields.
    """
    out = SaveOutcome()
    with transaction.atomic():
        a = _lock(a)
        if not is_open(a):
            raise Closed()
        compiled = compiled_for(a.scheme_version)
        catalogue = compiled.scheme.model.evidence
        names = {x.sha256: x.original_name for x in a.attachments.all()}
        stored = {e.key: e for e in a.entries.select_related("updated_by")}
        raws: dict[str, Any] = {}
        shas: dict[str, dict] = {}
        for key in keys:
            spec = catalogue.get(key)
            if spec is None or spec.type == "survey":
                continue
            raw, doc_shas, ambiguous = item_from_form(data, key, spec.type, names)
            out.ambiguous += ambiguous
            posted = str(data.get(f"{key}.version", "0"))
            current = stored.get(key)
            now = str(current.version) if current else "0"
            if posted != now:
                out.conflicts.append(Conflict(key, entry_record(current),
                                              str(current.updated_by or "") if current else "", raw))
            raws[key], shas[key] = raw, doc_shas
        changed = {k: r for k, r in raws.items()
                   if r != (entry_item(stored[k], catalogue[k].type) if k in stored else None)}
        mapping = evidence_mapping(a, compiled, stored, changed)
        root = engine.evidence_root(unit_mapping(a), compiled.id, mapping, a.prepared_by or None)
        sub, problems = engine.check(compiled, root)
        out.problems = problems
        if not out.ok:
            transaction.set_rollback(True)
            return out
        for key, raw in changed.items():
            current = stored.get(key)
            old = entry_record(current)
            if raw is None:
                if current is not None:
                    current.delete()
                    audit(user, "evidence.clear", a, key, old, None)
                out.saved.append(key)
                continue
            fields = fields_from_item(sub.items[key], shas.get(key))
            if current is None:
                current = EvidenceEntry(assessment=a, key=key)
            else:
                current.version += 1
            for name, value in fields.items():
                setattr(current, name, value)
            current.updated_by = user if user.is_authenticated else None
            current.save()
            audit(user, "evidence.save", a, key, old, entry_record(current))
            out.saved.append(key)
        if changed:
            Assessment.objects.filter(pk=a.pk).update(updated_at=timezone.now())
    return out


def replace_evidence(a: Assessment, user, root: Any, action: str) -> list[str]:
    """Replace every entry by a validated raw evidence mapping (an imported workbook)."""
    with transaction.atomic():
        a = _lock(a)
        if not is_open(a):
            raise Closed()
        compiled = compiled_for(a.scheme_version)
        catalogue = compiled.scheme.model.evidence
        ev = root.get("evidence") or {}
        sub_root = engine.evidence_root(unit_mapping(a), compiled.id, dict(ev), a.prepared_by or None)
        sub, problems = engine.check(compiled, sub_root)
        if problems:
            raise ValueError(problems)
        stored = {e.key: e for e in a.entries.all()}
        changed = []
        for key in sorted(set(stored) | set(sub.items)):
            current = stored.get(key)
            if key not in sub.items:
                audit(user, action, a, key, entry_record(current), None)
                current.delete()
                changed.append(key)
                continue
            if current is not None and entry_item(current, catalogue[key].type) == _as_raw(sub.items[key]):
                continue
            keep = {i: d.get("attachment", "") for i, d in enumerate(current.documents)} if current else {}
            fields = fields_from_item(sub.items[key], keep)
            old = entry_record(current)
            if current is None:
                current = EvidenceEntry(assessment=a, key=key)
            else:
                current.version += 1
            for name, value in fields.items():
                setattr(current, name, value)
            current.updated_by = user if user.is_authenticated else None
            current.save()
            audit(user, action, a, key, old, entry_record(current))
            changed.append(key)
    return changed


def _as_raw(item) -> dict:
    e = EvidenceEntry(key=item.key, **fields_from_item(item))
    return entry_item(e, item.type)


# ---- submit, reopen ------------------------------------------------------------------
def snapshot(st) -> dict:
    """What is frozen on submission: evidence, attachment hashes, scheme sha256, engine version."""
    a = st.assessment
    ev = {k: entry_item(e, st.compiled.scheme.model.evidence[k].type) for k, e in sorted(st.entries.items())}
    body = {
        "unit": a.unit.code,
        "scheme": {"id": st.compiled.id, "sha256": a.scheme_version.sha256},
        "engine": engine.engine_version(),
        "evidence": _jsonable(ev),
        "attachments": sorted(x.sha256 for x in a.attachments.all()),
        "result": {"points": str(st.result.total.points), "max": str(st.result.total.max),
                   "index": str(st.result.total.index)},
    }
    canon = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    body["fingerprint"] = hashlib.sha256(canon.encode("utf-8")).hexdigest()
    return body


def submit(a: Assessment, user) -> Assessment:
    with transaction.atomic():
        a = _lock(a)
        if not is_open(a):
            raise Closed()
        st = state(a)
        if st.submission is None:
            raise ValueError(st.problems)
        snap = snapshot(st)
        a.status = Assessment.SUBMITTED
        a.submitted_at = timezone.now()
        a.submitted_by = user
        a.snapshot = snap
        a.fingerprint = snap["fingerprint"]
        a.reopened_until = None
        a.save()
        audit(user, "assessment.submit", a, "", {"status": Assessment.DRAFT},
              {"status": a.status, "fingerprint": a.fingerprint, "points": snap["result"]["points"]})
    return a


def reopen(a: Assessment, user, reason: str, until) -> Assessment:
    """A province admin reopens one unit's assessment until a day, with a logged reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("reason")
    if until < clock.today():
        raise ValueError("until")
    with transaction.atomic():
        a = _lock(a)
        if a.status == Assessment.LOCKED:
            raise Closed()
        old = {"status": a.status, "fingerprint": a.fingerprint,
               "reopened_until": a.reopened_until.isoformat() if a.reopened_until else None}
        a.status = Assessment.DRAFT
        a.reopened_until = until
        a.save()
        audit(user, "assessment.reopen", a, "", old,
              {"status": a.status, "reopened_until": until.isoformat()}, reason)
    return a


def points_text(value: Decimal | None) -> str:
    return "" if value is None else str(value)
