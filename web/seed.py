"""The demo workspace: province Tây Ninh, the model scheme, Phường 1 with its evidence and
documents, Phường 2 with an empty draft, and three accounts (passwords kept in
DATA_DIR/demo-accounts.json, mode 0600, and printed by ``parscore web --demo``)."""
from __future__ import annotations

import json
import os
import secrets
import unicodedata
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from scoring import files as engine_files

from . import engine
from .entries import fields_from_item
from .models import Assessment, EvidenceEntry, Membership, Province, SchemeVersion, Unit

ACCOUNTS = (
    ("canbo.phuong1", "officer", "phuong-1-tay-ninh", "Cán bộ Phường 1 / officer of Phường 1"),
    ("canbo.phuong2", "officer", "phuong-2-tay-ninh", "Cán bộ Phường 2 / officer of Phường 2"),
    ("admin.tayninh", "province_admin", None, "Quản trị Sở Nội vụ Tây Ninh / province admin"),
)
UNITS = (("phuong-1-tay-ninh", "UBND Phường 1, thành phố Tây Ninh"),
         ("phuong-2-tay-ninh", "UBND Phường 2, thành phố Tây Ninh"))


def upload_scheme(province: Province, source: str, filename: str, user=None) -> SchemeVersion:
    """Store a criteria file as uploaded (ValueError with every diagnostic when it is invalid)."""
    from criteria.tree import content_hash
    compiled, diags = engine.check_scheme(source, filename)
    if compiled is None:
        raise ValueError(diags)
    sha = content_hash(source.encode("utf-8"))
    got = SchemeVersion.objects.filter(province=province, sha256=sha).first()
    if got:
        return got
    m = compiled.scheme.model
    return SchemeVersion.objects.create(province=province, scheme_id=m.id, version=m.version, title=m.title,
                                        year=m.year, deadline=m.deadline, sha256=sha, source=source,
                                        filename=filename, uploaded_by=user)


def _passwords() -> dict[str, str]:
    path = Path(settings.DATA_DIR) / "demo-accounts.json"
    if path.exists():
        got = json.loads(path.read_text("utf-8"))
        if all(a[0] in got for a in ACCOUNTS):
            return got
    got = {a[0]: secrets.token_urlsafe(9) for a in ACCOUNTS}
    engine_files.write_atomic(path, json.dumps(got, indent=2))
    os.chmod(path, 0o600)
    return got


def demo_pdf(title: str) -> bytes:
    """A one-page PDF standing for a document (ASCII text: the demo's stand-in, not the original)."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().replace("(", "[").replace(")", "]")
    lines = [text[i:i + 80] for i in range(0, len(text), 80)] + ["Ban minh hoa cho du lieu mau cua parscore."]
    body = "BT /F1 12 Tf 56 780 Td 16 TL " + " ".join(f"({ln}) Tj T*" for ln in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{off:010d} 00000 n \n" for off in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo data once (idempotent); return (username, password, what) per account."""
    from .attachments import store
    passwords = _passwords()
    User = get_user_model()
    with transaction.atomic():
        province, _ = Province.objects.get_or_create(code="tay-ninh", defaults={"name": "Tây Ninh"})
        source = Path(engine_files.EXAMPLE_CRITERIA).read_text("utf-8")
        version = upload_scheme(province, source, Path(engine_files.EXAMPLE_CRITERIA).name)
        units = {}
        for code, name in UNITS:
            units[code], _ = Unit.objects.get_or_create(code=code, defaults={"province": province, "name": name,
                                                                              "level": ""})
        for username, role, unit, _what in ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.set_password(passwords[username])
            user.first_name = {"canbo.phuong1": "Nguyễn Thị Lan", "canbo.phuong2": "Trần Văn Minh",
                               "admin.tayninh": "Lê Hoàng Nam"}[username]
            user.save()
            Membership.objects.get_or_create(user=user, role=role, province=province,
                                             unit=units[unit] if unit else None)
        p1, created = Assessment.objects.get_or_create(unit=units["phuong-1-tay-ninh"], scheme_version=version,
                                                       defaults={"prepared_by": "Công chức Văn phòng - Thống kê"})
        Assessment.objects.get_or_create(unit=units["phuong-2-tay-ninh"], scheme_version=version)
        if created:
            officer = User.objects.get(username="canbo.phuong1")
            compiled = engine.prepare(version.source, version.sha256, version.filename)
            from evidence.load import load_evidence
            sub = load_evidence(engine_files.EXAMPLE_EVIDENCE, compiled.scheme)
            docs = {}
            for item in sub.items.values():
                for d in item.documents:
                    if d.number or d.file:
                        name = Path(d.file).name if d.file else (d.number or "").replace("/", "-") + ".pdf"
                        docs.setdefault(name, f"{d.number or ''} {d.title or ''}".strip())
            shas = {}
            for name, title in sorted(docs.items()):
                att = store(p1, officer, demo_pdf(title), name)
                shas[name] = att.sha256
            for key, item in sub.items.items():
                links = {i: shas[Path(d.file).name] for i, d in enumerate(item.documents)
                         if d.file and Path(d.file).name in shas}
                EvidenceEntry.objects.create(assessment=p1, key=key, updated_by=officer,
                                             **fields_from_item(item, links))
    return [(u, passwords[u], what) for u, _r, _unit, what in ACCOUNTS]
