"""Every seed plan can be followed task by task; no completion record is "no data", never 0 % (issue #15)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from criteria import load_scheme
from evidence import load_evidence_text
from scoring import cli, files

PLANS = sorted(p for p in (files.ROOT / "evidence" / "data" / "plans").glob("*.yaml")
               if not p.name.endswith(".completions.yaml"))
TODAY = "15/11/2024"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_five_seed_plans_are_shipped():
    assert len(PLANS) == 5


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_a_plan_without_records_says_no_data_never_zero(capsys, plan):
    code, out, err = run(capsys, "plan", "show", str(plan), "--today", TODAY)
    assert (code, err) == (0, "")
    assert "Chưa có số liệu:" in out and "không phải 0%" in out
    assert not re.search(r"\b0(,00)?%", out.replace("không phải 0%", "")), "missing data shown as 0 %"
    code, out, _ = run(capsys, "plan", "show", str(plan), "--today", TODAY, "--format", "json")
    doc = json.loads(out)
    assert doc["figures"]["share_done"] is None and doc["figures"]["done"] is None
    assert doc["figures"]["unrecorded"] == doc["figures"]["total"]
    # a target read from the share done is "no data", not "không đạt"
    assert all(t["status"] == "no_data" for t in doc["targets"] if t["source"])
    code, out, _ = run(capsys, "plan", "derive", str(plan), "--today", TODAY)
    assert code == 0 and "ty_le_hoan_thanh" not in out and "value: 0\n" not in out


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_plan_template_lists_every_task_and_loads_as_is(capsys, plan, tmp_path):
    out = tmp_path / "ket-qua.yaml"
    code, _, err = run(capsys, "plan", "template", str(plan), "-o", str(out))
    assert (code, err) == (0, "")
    text = out.read_text(encoding="utf-8")
    code, shown, _ = run(capsys, "plan", "show", str(plan), "--format", "json", "--today", TODAY)
    tasks = json.loads(shown)["tasks"]
    for t in tasks:                                    # one commented entry per task, with its deadline
        assert f"  # {json.dumps(t['id'])}: {{done: dd/mm/yyyy" in text
    for t in (t for t in tasks if t["evidence"]):     # linked tasks name the criteria their document feeds
        assert any(f"({key}, tiêu chí " in text for key in t["evidence"])
    # the untouched template is a valid completions file: still no data
    code, shown, err = run(capsys, "plan", "show", str(plan), "--completions", str(out), "--format", "json",
                           "--today", TODAY)
    assert (code, err) == (0, "") and json.loads(shown)["figures"]["share_done"] is None


def _fill(template: str, records: dict[str, str]) -> str:
    for tid, rec in records.items():
        template = re.sub(r'  # "%s": \{done: dd/mm/yyyy.*' % re.escape(tid), f'  "{tid}": {rec}', template)
    return template


def test_following_xa_to_tung_task_by_task(capsys, tmp_path):
    """Fill every task of a seed plan that had no records: the share is computed, linked documents flow
    into evidence the scheme accepts."""
    plan = files.ROOT / "evidence" / "data" / "plans" / "xa-to-tung-2024.yaml"
    tpl = tmp_path / "tpl.yaml"
    assert cli.main(["plan", "template", str(plan), "-o", str(tpl)]) == 0
    capsys.readouterr()
    ids = re.findall(r'^  # "([^"]+)": \{done', tpl.read_text(encoding="utf-8"), re.M)
    records = {tid: "{done: 20/10/2024}" for tid in ids}
    records["3"] = ('{done: 15/01/2024, document: {number: 05/KH-UBND, date: 15/01/2024, '
                    'title: "Kế hoạch kiểm soát TTHC năm 2024"}}')
    records[ids[-1]] = "{status: not_done, reason: Chưa triển khai}"
    filled = tmp_path / "ket-qua.yaml"
    filled.write_text(_fill(tpl.read_text(encoding="utf-8"), records), encoding="utf-8")
    code, out, err = run(capsys, "plan", "show", str(plan), "--completions", str(filled), "--today", TODAY)
    assert (code, err) == (0, "")
    n = len(ids)
    assert f"Đã hoàn thành: {n - 1}/{n} = " in out and "Chưa có số liệu:" not in out
    code, frag, err = run(capsys, "plan", "derive", str(plan), "--completions", str(filled),
                          "--criteria", str(files.EXAMPLE_CRITERIA), "--today", TODAY)
    assert (code, err) == (0, "")
    assert 'ke_hoach_kiem_soat_tthc: {number: "05/KH-UBND", date: 15/01/2024' in frag
    evidence = frag[frag.index("\nevidence:") + 1:]
    sub = load_evidence_text("unit: {id: xa-to-tung, name: UBND xã Tơ Tung}\ncriteria: mau-xa-2024\n" + evidence,
                             load_scheme(files.EXAMPLE_CRITERIA))
    assert sub.items["ke_hoach_kiem_soat_tthc"].value.isoformat() == "2024-01-15"
    assert sub.items["ty_le_hoan_thanh"].value > 90


def test_unknown_linked_key_is_refused_with_criteria(capsys, tmp_path):
    text = (files.ROOT / "evidence" / "data" / "plans" / "xa-to-tung-2024.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "plan.yaml"
    bad.write_text(text.replace("evidence: [ke_hoach_kiem_soat_tthc]", "evidence: [ke_hoach_kiem_soat]"),
                   encoding="utf-8")
    comp = tmp_path / "c.yaml"
    comp.write_text('completions:\n  "3": {done: 15/01/2024, document: {number: 5/KH-UBND, date: 15/01/2024}}\n',
                    encoding="utf-8")
    code, _, err = run(capsys, "plan", "derive", str(bad), "--completions", str(comp),
                       "--criteria", str(files.EXAMPLE_CRITERIA))
    assert code == 1 and "ke_hoach_kiem_soat" in err
    assert Path(bad).exists()
