"""What the workspace stores. Models hold data and invariants; scoring is the engine's.

- ``SchemeVersion``: a criteria YAML exactly as uploaded, never changed afterwards
  (its sha256, year and deadline are read from it by the engine).
- ``Assessment``: one unit × one scheme version, draft → submitted → locked.
- ``EvidenceEntry``: one catalogue key of an assessment, in the shape of an evidence
  file's item (value, or N/A with a reason, or manual points with a justification,
  plus its documents); ``version`` counts saves (optimistic concurrency).
- ``Attachment``: an uploaded file of an assessment, stored once by its sha256.
- ``AuditEntry``: every change (who, when, what, old → new), never updated or deleted.
- ``Membership``: a user's role: officer of a unit, reviewer or admin of a province.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Immutable(Exception):
    """A record that is never changed once written (scheme versions, audit entries)."""


class Province(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(max_length=80, unique=True, help_text="the engine's unit id, e.g. phuong-1-tay-ninh")
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role. An officer belongs to one unit; reviewers and admins to a province."""

    OFFICER, LEADER, REVIEWER, PROVINCE_ADMIN = "officer", "leader", "reviewer", "province_admin"
    ROLES = [(OFFICER, "officer"), (LEADER, "unit leader"), (REVIEWER, "reviewer"),
             (PROVINCE_ADMIN, "province admin")]
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=ROLES)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")

    class Meta:
        constraints = [
            models.CheckConstraint(name="unit_roles_have_a_unit",
                                   condition=~Q(role__in=["officer", "leader"]) | Q(unit__isnull=False)),
            models.UniqueConstraint(fields=["user", "role", "province", "unit"], name="one_membership_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.unit or self.province}"


class SchemeVersion(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="schemes")
    scheme_id = models.CharField(max_length=80)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    year = models.PositiveIntegerField()
    deadline = models.DateField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    source = models.TextField(help_text="the criteria YAML exactly as uploaded")
    filename = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["province", "sha256"], name="scheme_once_per_province")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable("a scheme version is never changed; upload a new version")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.scheme_id} v{self.version}"


class Assessment(models.Model):
    DRAFT, SUBMITTED, LOCKED = "draft", "submitted", "locked"
    STATUSES = [(DRAFT, "draft"), (SUBMITTED, "submitted"), (LOCKED, "locked")]
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    scheme_version = models.ForeignKey(SchemeVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=12, choices=STATUSES, default=DRAFT)
    prepared_by = models.CharField(max_length=200, blank=True, default="")
    reopened_until = models.DateField(null=True, blank=True, help_text="an admin reopened it until this day")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    snapshot = models.JSONField(null=True, blank=True, help_text="what was submitted, with its fingerprint")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "scheme_version"], name="one_assessment_per_scheme")]

    def __str__(self) -> str:
        return f"{self.unit} / {self.scheme_version}"


class EvidenceEntry(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=64)
    value = models.CharField(max_length=200, blank=True, default="",
                             help_text="canonical text: ISO date, plain decimal, integer, true/false")
    na = models.BooleanField(default=False)
    reason = models.TextField(blank=True, default="")
    points = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    justification = models.TextField(blank=True, default="")
    documents = models.JSONField(default=list, blank=True,
                                 help_text="[{number, date (ISO), title, file, page, attachment (sha256)}]")
    note = models.TextField(blank=True, default="")
    illustrative = models.BooleanField(default=False, help_text="a figure marked minh họa, not the unit's real data")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["assessment", "key"], name="one_entry_per_key")]

    def __str__(self) -> str:
        return self.key


class Attachment(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="attachments")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original_name"]
        constraints = [models.UniqueConstraint(fields=["assessment", "sha256"], name="attachment_once_per_assessment")]

    def __str__(self) -> str:
        return self.original_name


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    action = models.CharField(max_length=40)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="audit")
    target = models.CharField(max_length=120, blank=True, default="", help_text="an evidence key, a file, …")
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable("an audit entry is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable("an audit entry is never deleted")
