"""The same facts through every channel give the same bytes: Phường 1's evidence typed into
the web form (dd/mm/yyyy dates, decimal commas) scores exactly as `parscore score --format
json` on the YAML file; exporting and importing the filled XLSX form changes nothing."""
import datetime as dt
import io
from decimal import Decimal

import pytest

from criteria import rule_reads
from criteria.yamlsrc import read_yaml
from scoring import files
from scoring.cli import main

from web.models import EvidenceEntry
from web.selectors import compiled_for


def cli_json(tmp_path) -> bytes:
    out = tmp_path / "cli.json"
    assert main(["score", str(files.EXAMPLE_CRITERIA), str(files.EXAMPLE_EVIDENCE), "--format", "json",
                 "-o", str(out)]) == 0
    return out.read_bytes()


def typed_text(v) -> str:
    """A value as an officer types it in the Vietnamese form."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return f"{v.day:02d}/{v.month:02d}/{v.year}"
    if isinstance(v, Decimal):
        return str(v).replace(".", ",")
    return str(v)


def form_fields(key: str, etype: str, raw, illustrative: bool = False) -> dict:
    f: dict[str, str] = {}

    def doc(prefix: str, d: dict):
        for name in ("number", "date", "title", "page", "file"):
            if d.get(name) is not None:
                f[f"{prefix}.{name}"] = typed_text(d[name])

    if illustrative:
        f[f"{key}.illustrative"] = "on"
    if not isinstance(raw, dict):
        f[f"{key}.value"] = typed_text(raw)
        return f
    if raw.get("na"):
        f[f"{key}.na"] = "on"
        if raw.get("reason"):
            f[f"{key}.reason"] = raw["reason"]
    elif etype == "manual":
        f[f"{key}.points"] = typed_text(raw["points"])
        f[f"{key}.justification"] = raw["justification"]
    elif etype == "document":
        doc(key, raw)
    else:
        f[f"{key}.value"] = typed_text(raw["value"])
    for i, d in enumerate(raw.get("documents") or []):
        doc(f"{key}.documents.{i}", d)
    if raw.get("note"):
        f[f"{key}.note"] = raw["note"]
    return f


def type_in_everything(client, a) -> None:
    """Every criterion's form posted as an officer fills it, one criterion at a time."""
    compiled = compiled_for(a.scheme_version)
    root = read_yaml(files.EXAMPLE_EVIDENCE)
    evidence = root["evidence"]
    from evidence.load import load_evidence
    marked = {k for k, it in load_evidence(files.EXAMPLE_EVIDENCE, compiled.scheme).items.items() if it.illustrative}
    catalogue = compiled.scheme.model.evidence
    for info in compiled.scheme.leaves():
        keys = [k for k in rule_reads(info.node.rule or {}) if k in evidence]
        if not keys:
            continue
        data = {}
        for k in keys:
            data.update(form_fields(k, catalogue[k].type, evidence[k], k in marked))
            e = EvidenceEntry.objects.filter(assessment=a, key=k).first()
            data[f"{k}.version"] = str(e.version if e else 0)
        r = client.post(f"/a/{a.pk}/criterion/{info.id}/", data)
        assert r.status_code == 302, (info.id, r.content.decode()[:3000])


def test_web_entries_score_byte_equal_to_the_cli(client, demo, tmp_path):
    a = demo["a"]
    EvidenceEntry.objects.filter(assessment=a).delete()
    client.force_login(demo["officer_a"])
    type_in_everything(client, a)
    got = client.get(f"/a/{a.pk}/result.json")
    assert got.status_code == 200
    exp = cli_json(tmp_path)
    if got.content != exp:
        i = next(i for i, (x, y) in enumerate(zip(got.content, exp)) if x != y)
        print("WEB", got.content[i-300:i+100].decode(errors="replace"))
        print("CLI", exp[i-300:i+100].decode(errors="replace"))
    assert got.content == exp


def test_the_seeded_demo_scores_as_the_cli(client, demo, tmp_path):
    client.force_login(demo["officer_a"])
    assert client.get(f"/a/{demo['a'].pk}/result.json").content == cli_json(tmp_path)


def test_export_xlsx_then_import_changes_nothing(client, demo, tmp_path):
    a = demo["a"]
    # the XLSX form has no column for «số liệu minh họa»: the round trip is of what it carries
    EvidenceEntry.objects.filter(assessment=a).update(illustrative=False)
    client.force_login(demo["officer_a"])
    before = client.get(f"/a/{a.pk}/result.json").content
    entries = {e.key: (e.value, e.na, e.reason, e.points, e.justification, e.note, e.illustrative,
                       [{k: v for k, v in d.items() if k != "attachment"} for d in e.documents])
               for e in EvidenceEntry.objects.filter(assessment=a)}
    xlsx = client.get(f"/a/{a.pk}/export.xlsx").content
    EvidenceEntry.objects.filter(assessment=a).delete()
    r = client.post(f"/a/{a.pk}/import/", {"file": _upload("phuong-1.xlsx", xlsx)})
    assert r.status_code == 302
    after = {e.key: (e.value, e.na, e.reason, e.points, e.justification, e.note, e.illustrative,
                     [{k: v for k, v in d.items() if k != "attachment"} for d in e.documents])
             for e in EvidenceEntry.objects.filter(assessment=a)}
    assert after == entries
    assert client.get(f"/a/{a.pk}/result.json").content == before


def test_export_yaml_scores_as_the_web(client, demo, tmp_path):
    a = demo["a"]
    client.force_login(demo["officer_a"])
    text = client.get(f"/a/{a.pk}/export.yaml").content
    path = tmp_path / "export.yaml"
    path.write_bytes(text)
    out = tmp_path / "export.json"
    assert main(["score", str(files.EXAMPLE_CRITERIA), str(path), "--format", "json", "-o", str(out)]) == 0
    assert out.read_bytes() == client.get(f"/a/{a.pk}/result.json").content


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _no_io(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
