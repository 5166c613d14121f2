"""Attachments: recognised by content (never by name), limited in size, stored once by
sha256 under MEDIA_ROOT (outside any web root), never under the uploaded name."""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Assessment, Attachment

TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
EXT = {v: k if k != "jpeg" else "jpg" for k, v in TYPES.items()}


class Rejected(ValueError):
    """An upload that is not accepted; ``code`` says why (``type``, ``size``, ``empty``)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


def sniff(head: bytes, whole: bytes | None = None) -> str | None:
    """The content type of a file from its first bytes (and, for Office files, its zip parts)."""
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(whole)) as z:
                names = set(z.namelist()[:5000])
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return TYPES["docx"]
            if "xl/workbook.xml" in names:
                return TYPES["xlsx"]
    return None


def path_of(sha256: str) -> Path:
    return Path(settings.MEDIA_ROOT) / sha256[:2] / sha256[2:4] / sha256


def _write(sha256: str, data: bytes) -> None:
    target = path_of(sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=str(target.parent), prefix=".upload.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o640)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def clean_name(name: str) -> str:
    name = Path(name.replace("\\", "/")).name.strip() or "tep"
    return "".join(ch for ch in name if ch.isprintable())[:200]


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, refusing it past the size limit without reading it all."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise Rejected("size")
    chunks, total = [], 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            raise Rejected("size")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise Rejected("empty")
    return data


def store(a: Assessment, user, data: bytes, name: str) -> Attachment:
    """Keep a file for an assessment (the same content twice is kept once)."""
    from .services import audit
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise Rejected("size")
    ctype = sniff(data[:16], data)
    if ctype is None:
        raise Rejected("type")
    sha = hashlib.sha256(data).hexdigest()
    _write(sha, data)
    with transaction.atomic():
        att, created = Attachment.objects.get_or_create(
            assessment=a, sha256=sha,
            defaults={"size": len(data), "content_type": ctype, "original_name": clean_name(name),
                      "uploaded_by": user if user is not None and user.is_authenticated else None})
        if created:
            audit(user, "attachment.add", a, att.original_name, None,
                  {"sha256": sha, "size": len(data), "type": ctype, "name": att.original_name})
    return att
