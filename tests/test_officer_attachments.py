"""Attached files are checked: there, readable, a document by content, not empty; hashed (issue #15)."""
from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile

import pytest

from scoring import cli, files
from scoring.attachments import inspect

C, EV = str(files.EXAMPLE_CRITERIA), files.EXAMPLE_EVIDENCE
SHIPPED = files.ROOT / "evidence" / "data" / "tai-lieu" / "120-BC-UBND.pdf"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_example_ships_the_file_it_cites_and_check_hashes_it(capsys):
    code, out, _ = run(capsys, "check", C, str(EV), "--today", "15/11/2024", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["attachments"] == [{"key": "bao_cao_nam", "file": "tai-lieu/120-BC-UBND.pdf", "status": "ok",
                                   "type": "pdf", "bytes": SHIPPED.stat().st_size,
                                   "sha256": hashlib.sha256(SHIPPED.read_bytes()).hexdigest()}]
    assert not [i for i in doc["issues"] if i["code"].startswith("file_")]
    assert b"%PDF-" == SHIPPED.read_bytes()[:5]


def _copy_example(tmp_path, attach: bytes | None, name: str = "bao-cao.pdf"):
    ev = tmp_path / "ho-so.yaml"
    ev.write_text(EV.read_text(encoding="utf-8").replace("tai-lieu/120-BC-UBND.pdf", f"tl/{name}"),
                  encoding="utf-8")
    if attach is not None:
        (tmp_path / "tl").mkdir()
        (tmp_path / "tl" / name).write_bytes(attach)
    return ev


@pytest.mark.parametrize("content,code,status", [
    (None, "file_missing", "missing"),
    (b"", "file_empty", "empty"),
    (b"this is a text file, not a PDF\n", "file_not_document", "not_a_document"),
])
def test_a_bad_attachment_is_a_readiness_item_with_criterion_and_points(capsys, tmp_path, content, code, status):
    ev = _copy_example(tmp_path, content)
    rc, out, _ = run(capsys, "check", C, str(ev), "--today", "15/11/2024", "--format", "json")
    assert rc == 0                                   # a warning to act on, not invalid input
    doc = json.loads(out)
    issue = next(i for i in doc["issues"] if i["code"] == code)
    assert issue["key"] == "bao_cao_nam" and issue["nodes"] == ["1.2.4"] and issue["points_at_stake"] == 0.75
    assert "tl/bao-cao.pdf" in issue["message"]
    assert doc["attachments"][0]["status"] == status and doc["attachments"][0]["sha256"] is (
        None if status in ("missing", "empty") else doc["attachments"][0]["sha256"])
    _, text, _ = run(capsys, "check", C, str(ev), "--today", "15/11/2024")
    assert "«tl/bao-cao.pdf»" in text and "tiêu chí 1.2.4" in text


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, b in entries.items():
            zf.writestr(n, b)
    return buf.getvalue()


@pytest.mark.parametrize("content,kind", [
    (b"%PDF-1.7\n...", "pdf"), (b"\x89PNG\r\n\x1a\n....", "png"), (b"\xff\xd8\xff\xe0....", "jpeg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "office-ole"),
    (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}), "docx"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "odt"),
    (_zip({"a.txt": b"just a zip"}), None),
])
def test_kind_is_read_from_content_not_name(tmp_path, content, kind):
    (tmp_path / "x.pdf").write_bytes(content)
    a = inspect("k", "x.pdf", tmp_path)
    assert a.kind == kind and a.status == ("ok" if kind else "not_a_document")
    assert a.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_fifo_or_folder_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.pdf")
    (tmp_path / "dir.pdf").mkdir()
    assert inspect("k", "pipe.pdf", tmp_path).status == "not_a_file"
    assert inspect("k", "dir.pdf", tmp_path).status == "not_a_file"


def test_report_carries_the_hash_of_each_attached_file(capsys, tmp_path):
    out = tmp_path / "r.md"
    assert run(capsys, "report", C, str(EV), "-o", str(out))[0] == 0
    digest = hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    assert f"tệp tai-lieu/120-BC-UBND.pdf (SHA-256 {digest[:16]}…)" in out.read_text(encoding="utf-8")
    ev = _copy_example(tmp_path, None)
    assert run(capsys, "report", C, str(ev), "-o", str(out))[0] == 0
    assert "tệp tl/bao-cao.pdf (không tìm thấy tệp)" in out.read_text(encoding="utf-8")


def test_a_submission_that_is_not_a_file_checks_nothing(capsys):
    """The web workspace's submissions (file "web") keep uploads themselves: no path to resolve."""
    import dataclasses

    from scoring.attachments import check_attachments
    from scoring.files import open_evidence, open_scheme
    sub = open_evidence(EV, open_scheme(files.EXAMPLE_CRITERIA))
    assert [a.status for a in check_attachments(sub)] == ["ok"]
    assert check_attachments(dataclasses.replace(sub, file="web")) == []

