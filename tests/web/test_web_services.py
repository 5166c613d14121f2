"""Services: saving with the engine's messages, version checks, read-only after submission or
deadline (on the server), reopening with a logged reason, attachments by content, audit."""
import pytest

from web import attachments, services
from web.models import Assessment, AuditEntry, EvidenceEntry, Immutable, SchemeVersion
from web.seed import demo_pdf


def entry(a, key):
    return EvidenceEntry.objects.get(assessment=a, key=key)


def test_bad_value_not_saved_and_named_with_the_engine_message(demo):
    a, user = demo["a"], demo["officer_a"]
    before = entry(a, "ty_le_hoan_thanh").value
    out = services.save_entries(a, user, {"ty_le_hoan_thanh.value": "120", "ty_le_hoan_thanh.version": "1"},
                                ["ty_le_hoan_thanh"])
    assert not out.ok and out.saved == []
    p = out.problems[0]
    assert p.code == "evidence_out_of_range" and p.field == "ty_le_hoan_thanh.value"
    assert "120" in p.vi and "0–100" in p.vi
    assert entry(a, "ty_le_hoan_thanh").value == before


def test_decimal_comma_saved_exactly_and_logged(demo):
    a, user = demo["a"], demo["officer_a"]
    out = services.save_entries(a, user, {"ty_le_hoan_thanh.value": "85,5", "ty_le_hoan_thanh.version": "1"},
                                ["ty_le_hoan_thanh"])
    assert out.ok
    e = entry(a, "ty_le_hoan_thanh")
    assert (e.value, e.version) == ("85.5", 2)
    log = AuditEntry.objects.filter(assessment=a, target="ty_le_hoan_thanh").first()
    assert log.user == user and log.old["value"] == "97.73" and log.new["value"] == "85.5"


def test_ambiguous_dot_is_asked_not_guessed(demo):
    a = demo["a"]
    out = services.save_entries(a, demo["officer_a"], {"ho_so_tiep_nhan.value": "1.520",
                                                       "ho_so_tiep_nhan.version": "1"}, ["ho_so_tiep_nhan"])
    assert out.ambiguous == ["ho_so_tiep_nhan.value"] and not out.saved


def test_two_officers_saving_the_same_criterion_see_both_values(demo):
    a, user = demo["a"], demo["officer_a"]
    first = services.save_entries(a, user, {"so_cuoc_kiem_tra_cchc.value": "4", "so_cuoc_kiem_tra_cchc.version": "1"},
                                  ["so_cuoc_kiem_tra_cchc"])
    assert first.ok
    stale = services.save_entries(a, user, {"so_cuoc_kiem_tra_cchc.value": "2",
                                            "so_cuoc_kiem_tra_cchc.version": "1"}, ["so_cuoc_kiem_tra_cchc"])
    assert not stale.ok and stale.saved == []
    c = stale.conflicts[0]
    assert c.theirs["value"] == "4" and c.yours == {"value": 2}
    assert entry(a, "so_cuoc_kiem_tra_cchc").value == "4"


def test_submitted_is_read_only_on_the_server_and_reopen_is_logged(demo, client):
    a, user = demo["a"], demo["officer_a"]
    a = services.submit(a, user)
    assert a.status == Assessment.SUBMITTED and len(a.fingerprint) == 64
    assert a.snapshot["scheme"]["sha256"] == a.scheme_version.sha256
    with pytest.raises(services.Closed):
        services.save_entries(a, user, {"so_cuoc_kiem_tra_cchc.value": "4"}, ["so_cuoc_kiem_tra_cchc"])
    client.force_login(user)
    r = client.post(f"/a/{a.pk}/criterion/1.3.2/", {"so_cuoc_kiem_tra_cchc.value": "4",
                                                    "so_cuoc_kiem_tra_cchc.version": "1"})
    assert r.status_code == 403 and "Không được phép" in r.content.decode()
    assert entry(a, "so_cuoc_kiem_tra_cchc").value == "3"
    report = client.get(f"/a/{a.pk}/report.html").content.decode()
    assert a.fingerprint in report
    # the admin reopens with a reason
    client.force_login(demo["admin"])
    r = client.post(f"/a/{a.pk}/reopen/", {"until": "10/11/2024", "reason": ""})
    assert "Ghi lý do mở lại" in r.content.decode()
    r = client.post(f"/a/{a.pk}/reopen/", {"until": "10/11/2024", "reason": "Bổ sung biên bản kiểm tra"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == Assessment.DRAFT
    log = AuditEntry.objects.filter(assessment=a, action="assessment.reopen").get()
    assert log.reason == "Bổ sung biên bản kiểm tra" and log.user == demo["admin"]


def test_after_the_deadline_read_only_unless_reopened(demo, monkeypatch):
    a, user = demo["a"], demo["officer_a"]
    monkeypatch.setenv("PARSCORE_TODAY", "2024-11-26")
    with pytest.raises(services.Closed):
        services.save_entries(a, user, {"so_cuoc_kiem_tra_cchc.value": "4", "so_cuoc_kiem_tra_cchc.version": "1"},
                              ["so_cuoc_kiem_tra_cchc"])
    import datetime as dt
    services.reopen(a, demo["admin"], "Gia hạn do mất điện", dt.date(2024, 11, 28))
    assert services.save_entries(a, user, {"so_cuoc_kiem_tra_cchc.value": "4", "so_cuoc_kiem_tra_cchc.version": "1"},
                                 ["so_cuoc_kiem_tra_cchc"]).ok


def test_attachments_by_content_size_and_hash(demo, settings):
    a, user = demo["a"], demo["officer_a"]
    pdf = demo_pdf("x")
    att = attachments.store(a, user, pdf, "../../etc/passwd.pdf")
    assert att.content_type == "application/pdf" and att.original_name == "passwd.pdf"
    path = attachments.path_of(att.sha256)
    assert path.read_bytes() == pdf and path.name == att.sha256
    with pytest.raises(attachments.Rejected) as exc:
        attachments.store(a, user, b"MZ\x90\x00 not a pdf", "virus.pdf")
    assert exc.value.code == "type"
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(attachments.Rejected) as exc:
        attachments.store(a, user, pdf, "big.pdf")
    assert exc.value.code == "size"


def test_records_that_never_change(demo):
    v = SchemeVersion.objects.first()
    with pytest.raises(Immutable):
        v.save()
    log = AuditEntry.objects.first()
    with pytest.raises(Immutable):
        log.delete()


def test_sign_in_is_rate_limited(client, demo):
    for _ in range(5):
        client.post("/login/", {"username": "canbo.phuong1", "password": "wrong"})
    r = client.post("/login/", {"username": "canbo.phuong1", "password": "wrong"})
    assert r.status_code in (403, 429) and "Đăng nhập sai quá nhiều lần" in r.content.decode()


def test_parscore_web_refuses_without_secret_key(monkeypatch, capsys):
    import subprocess
    import sys
    env = {k: v for k, v in __import__("os").environ.items()
           if k not in ("SECRET_KEY", "PARSCORE_DEMO", "DJANGO_SETTINGS_MODULE")}
    r = subprocess.run([sys.executable, "-m", "scoring", "web", "--no-serve"], env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 1 and "SECRET_KEY" in r.stderr and "Traceback" not in r.stderr
