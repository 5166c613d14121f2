"""A blank or half-filled form is a draft: check, gains and report --draft read it; score refuses it."""
from __future__ import annotations

import json

import openpyxl
import pytest

from scoring import cli, files

C = str(files.EXAMPLE_CRITERIA)
SHEET = "Tài liệu kiểm chứng"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def blank(tmp_path):
    out = tmp_path / "phieu-ke-khai.xlsx"
    assert cli.main(["template", C, "-o", str(out)]) == 0
    return out


@pytest.fixture
def blank_yaml(tmp_path):
    out = tmp_path / "phieu-ke-khai.yaml"
    assert cli.main(["template", C, "-o", str(out)]) == 0
    return out


def test_check_lists_the_empty_header_first_with_its_cells(capsys, blank):
    code, out, err = run(capsys, "check", C, str(blank), "--today", "15/11/2024")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Kiểm tra hồ sơ tự chấm điểm — (chưa điền tên đơn vị)"
    first = next(ln for ln in lines if ln.lstrip().startswith("1. "))
    assert first.lstrip().startswith("1. [bắt buộc] Chưa điền phần đầu phiếu: Mã đơn vị")
    assert f"ô {SHEET}!C5" in first and f"Tên đơn vị — ô {SHEET}!C6" in first
    # every catalogue entry of the blank form is missing evidence, listed after the header
    assert "2. [−" in out and "Thiếu tài liệu kiểm chứng" in out


def test_check_json_of_a_blank_form_is_a_draft(capsys, blank):
    code, out, _ = run(capsys, "check", C, str(blank), "--today", "15/11/2024", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["draft"] is True and doc["unit"] == {"id": None, "name": None}
    head = doc["issues"][0]
    assert head["code"] == "no_unit" and head["points_at_stake"] == 0
    assert [(f["field"], f["cell"]) for f in head["fields"]] == [("unit.id", f"{SHEET}!C5"),
                                                                 ("unit.name", f"{SHEET}!C6")]
    assert all(i["code"] == "missing" for i in doc["issues"][1:])


def test_blank_yaml_template_is_a_draft_too(capsys, blank_yaml):
    code, out, _ = run(capsys, "check", C, str(blank_yaml), "--today", "15/11/2024", "--format", "json")
    assert code == 0
    head = json.loads(out)["issues"][0]
    assert head["code"] == "no_unit" and [f["line"] for f in head["fields"]] == [11, 12]


def test_half_filled_header_lists_only_what_is_left(capsys, blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    wb[SHEET]["C5"] = "xa-a"
    half = tmp_path / "half.xlsx"
    wb.save(half)
    code, out, _ = run(capsys, "check", C, str(half), "--today", "15/11/2024", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["unit"] == {"id": "xa-a", "name": None}
    assert [f["field"] for f in doc["issues"][0]["fields"]] == ["unit.name"]


def test_a_wrong_unit_id_is_still_an_error_not_a_draft(capsys, blank, tmp_path):
    wb = openpyxl.load_workbook(blank)
    wb[SHEET]["C5"] = "Xã A"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    code, _, err = run(capsys, "check", C, str(bad), "--today", "15/11/2024")
    assert code == 1 and f"{SHEET}!C5" in err


def test_gains_reads_a_draft(capsys, blank):
    code, out, err = run(capsys, "gains", C, str(blank), "--today", "15/11/2024")
    assert (code, err) == (0, "")
    assert out.splitlines()[1].startswith("Bản nháp: phiếu chưa điền mã đơn vị, tên đơn vị")


def test_score_and_report_refuse_a_blank_form_with_the_located_error(capsys, blank, tmp_path):
    code, _, err = run(capsys, "score", C, str(blank))
    assert code == 1
    assert f"{SHEET}!C5: missing_field" in err and f"{SHEET}!C6: missing_field" in err
    code, _, err = run(capsys, "report", C, str(blank), "-o", str(tmp_path / "r.html"))
    assert code == 1 and f"{SHEET}!C5" in err
    assert not (tmp_path / "r.html").exists()


def test_report_draft_says_it_is_a_draft(capsys, blank, tmp_path):
    out = tmp_path / "r.md"
    code, _, err = run(capsys, "report", "--draft", C, str(blank), "-o", str(out))
    assert (code, err) == (0, "")
    text = out.read_text(encoding="utf-8")
    heading = next(ln for ln in text.splitlines() if ln.startswith("# "))
    assert heading.endswith(" (BẢN NHÁP)") and "(chưa điền tên đơn vị)" in text


def _readme_officer_steps() -> list[list[str]]:
    import re
    import shlex
    text = (files.ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("### Before the deadline (officers)", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    block = block.replace("\\\n", " ")
    steps = []
    for line in block.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line.startswith("parscore "):
            steps.append(shlex.split(line)[1:])
    return steps


def test_readme_officer_steps_work_from_a_fresh_form(capsys, tmp_path):
    """The README's own commands, in order, from a freshly generated blank form (issue #15)."""
    root = files.ROOT
    steps = _readme_officer_steps()
    assert [s[0] for s in steps] == ["template", "check", "gains", "report", "report", "plan"]

    def place(arg: str) -> str:
        if arg.startswith("-") or "/" not in arg and not arg.endswith((".xlsx", ".html", ".yaml")):
            return arg
        return str(root / arg) if (root / arg).exists() else str(tmp_path / arg)

    results = []
    for argv in steps:
        argv = [place(a) for a in argv]
        if argv[0] in ("check", "gains"):
            argv += ["--today", "15/11/2024"]
        results.append(run(capsys, *argv))
    codes = [r[0] for r in results]
    # the signed report is refused while the header is empty; everything else works on the fresh form
    assert codes == [0, 0, 0, 0, 1, 0], [r[2] for r in results]
    assert f"{SHEET}!C5: missing_field" in results[4][2]
    assert "[bắt buộc] Chưa điền phần đầu phiếu" in results[1][1]
    # once the officer fills the header, the same report command writes the report to sign
    form = tmp_path / "phieu-ke-khai.xlsx"
    wb = openpyxl.load_workbook(form)
    wb[SHEET]["C5"], wb[SHEET]["C6"] = "xa-a", "UBND xã A"
    wb.save(form)
    assert run(capsys, *[place(a) for a in steps[4]])[0] == 0
    html = (tmp_path / "bao-cao.html").read_text(encoding="utf-8")
    assert "UBND xã A" in html and "BẢN NHÁP" not in html
    assert "BẢN NHÁP" in (tmp_path / "ban-nhap.html").read_text(encoding="utf-8")
