"""Reads. Every query of a unit's data starts from what the user may see, so a
forgotten check is a 404, never someone else's data."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from . import clock, engine
from .entries import entry_item
from .models import Assessment, Attachment, Membership, SchemeVersion, Unit


def roles(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_parscore_roles", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit", "province"))
        user._parscore_roles = cached
    return cached


def officer_units(user) -> set[int]:
    return {m.unit_id for m in roles(user) if m.role in (Membership.OFFICER, Membership.LEADER)}


def admin_provinces(user) -> set[int]:
    return {m.province_id for m in roles(user) if m.role == Membership.PROVINCE_ADMIN}


def province_scope(user) -> set[int]:
    """Provinces whose units the user sees whole (admins; reviewers are refined by their rounds)."""
    return {m.province_id for m in roles(user) if m.role in (Membership.PROVINCE_ADMIN, Membership.REVIEWER)}


def visible_units(user) -> QuerySet[Unit]:
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(Q(id__in=officer_units(user)) | Q(province_id__in=province_scope(user)))


def visible_assessments(user) -> QuerySet[Assessment]:
    return (Assessment.objects.filter(unit__in=visible_units(user))
            .select_related("unit", "unit__province", "scheme_version"))


def get_assessment(user, pk: int) -> Assessment:
    return get_object_or_404(visible_assessments(user), pk=pk)


def get_attachment(user, assessment_pk: int, sha256: str) -> Attachment:
    return get_object_or_404(Attachment.objects.filter(assessment__in=visible_assessments(user)),
                             assessment_id=assessment_pk, sha256=sha256)


def can_edit(user, a: Assessment) -> bool:
    """The officer (or leader) of the unit; the assessment must be open (``is_open``)."""
    return a.unit_id in officer_units(user)


def can_administer(user, a: Assessment) -> bool:
    return a.unit.province_id in admin_provinces(user)


def deadline_of(a: Assessment):
    return a.scheme_version.deadline


def is_open(a: Assessment, today=None) -> bool:
    """Open for the officer's changes: a draft, before the deadline or within a reopening."""
    today = today or clock.today()
    if a.status != Assessment.DRAFT:
        return False
    if a.reopened_until is not None and today <= a.reopened_until:
        return True
    deadline = deadline_of(a)
    return deadline is None or today <= deadline


def compiled_for(version: SchemeVersion):
    return engine.prepare(version.source, version.sha256, version.filename)


def warm_up() -> None:
    """Compile every stored scheme once (gunicorn calls it before forking its workers)."""
    from django.db.utils import DatabaseError
    try:
        for v in SchemeVersion.objects.all()[:16]:
            compiled_for(v)
    except DatabaseError:
        pass


@dataclass
class State:
    """An assessment as the engine sees it now."""
    assessment: Assessment
    compiled: Any
    entries: dict[str, Any]
    root: Any
    submission: Any = None
    problems: list = field(default_factory=list)
    result: Any = None


def unit_mapping(a: Assessment) -> dict:
    unit = {"id": a.unit.code, "name": a.unit.name}
    if a.unit.province.name:
        unit["province"] = a.unit.province.name
    if a.unit.level:
        unit["level"] = a.unit.level
    return unit


def evidence_mapping(a: Assessment, compiled, entries, overrides: dict | None = None) -> dict:
    catalogue = compiled.scheme.model.evidence
    ev = {}
    for key, entry in entries.items():
        spec = catalogue.get(key)
        if spec is not None:
            ev[key] = entry_item(entry, spec.type)
    for key, raw in (overrides or {}).items():
        if raw is None:
            ev.pop(key, None)
        else:
            ev[key] = raw
    return ev


def state(a: Assessment, score: bool = True) -> State:
    compiled = compiled_for(a.scheme_version)
    entries = {e.key: e for e in a.entries.all()}
    root = engine.evidence_root(unit_mapping(a), compiled.id, evidence_mapping(a, compiled, entries),
                                a.prepared_by or None)
    sub, problems = engine.check(compiled, root)
    st = State(a, compiled, entries, root, sub, problems)
    if score and sub is not None:
        st.result = engine.evaluate(compiled, sub)
    return st
