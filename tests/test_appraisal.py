"""Appraisal rounds, responses and the reconciliation, end to end through the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scoring.cli import main

ROOT = Path(__file__).resolve().parent.parent
C = str(ROOT / "criteria/data/mau-xa-2024.yaml")
E = ROOT / "evidence/data"
EV = str(E / "phuong-1-tay-ninh-2024.yaml")
SV = str(E / "phuong-1-tay-ninh-2024.survey.yaml")
ROUNDS = [str(E / f"phuong-1-tay-ninh-2024.{n}.yaml") for n in ("appraisal-1", "response-1", "appraisal-2")]
GOLDEN = Path(__file__).parent / "golden"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_reconciliation_text_is_golden(capsys):
    code, out, _ = run(capsys, "appraise", C, EV, *ROUNDS, "--survey", SV)
    assert code == 0
    golden = GOLDEN / "appraisal_phuong1.txt"  # reviewed by hand; regenerate only on purpose
    assert out == golden.read_text(encoding="utf-8")
    balance = next(line for line in out.splitlines() if line.startswith("Đối chiếu:"))
    assert balance.endswith("khớp") and "KHÔNG KHỚP" not in out
    lines = out.splitlines()       # framed as a biên bản: letterhead first, signatures last
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0] and lines[-1].split() == ["Nguyễn", "Văn", "An",
                                                                                       "Trần", "Thị", "Bình"]


def test_reconciliation_json_adds_up(capsys):
    code, out, _ = run(capsys, "appraise", C, EV, *ROUNDS, "--survey", SV, "--format", "json")
    assert code == 0
    doc = json.loads(out, parse_float=lambda s: __import__("decimal").Decimal(s))
    assert set(doc) >= {"self", "appraised", "differences"}
    assert doc["self"]["total"]["points"] == __import__("decimal").Decimal("90.28")
    total = sum(d["difference"] for d in doc["differences"])
    assert doc["self"]["total"]["points"] + total == doc["appraised"]["total"]["points"]
    by_id = {d["id"]: d for d in doc["differences"]}
    assert by_id["1.3.1"]["category"] == "late"
    assert by_id["1.4.3"]["category"] == "direct_override"
    assert by_id["3.3.1"]["category"] == "evidence_corrected"
    assert "1.4.2" not in by_id  # rejected in round 1, restored by the response
    for d in doc["differences"]:
        assert set(d) >= {"id", "self", "appraised", "difference", "reason", "category"}
        assert d["reason"]


def test_reconciliation_xlsx_is_printable_and_deterministic(capsys, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for f in (a, b):
        code, _, _ = run(capsys, "appraise", C, EV, *ROUNDS, "--survey", SV, "--format", "xlsx", "-o", str(f))
        assert code == 0
    assert a.read_bytes() == b.read_bytes()
    ws = load_workbook(a).active
    head = next(r for r in ws.iter_rows() if r[0].value == "STT")
    headers = [c.value for c in head]
    assert headers == ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Tự chấm", "Vòng 1",
                       "Giải trình 1", "Vòng 2", "Chênh lệch", "Lý do"]
    assert ws.print_title_rows.replace("$", "") == f"{head[0].row}:{head[0].row}"
    codes = [r[0].value for r in ws.iter_rows(min_row=head[0].row + 1) if r[1].value and r[0].value]
    assert codes[0] == "1" and "1.4.3" in codes and len(codes) == len(set(codes))
    assert ws["A1"].value == "UBND THÀNH PHỐ TÂY NINH\nTỔ THẨM ĐỊNH CHỈ SỐ CCHC"
    assert any(str(r[0].value).startswith("Hôm nay, ngày 24 tháng 12 năm 2024") for r in ws.iter_rows())


def test_xlsx_needs_an_output_file(capsys):
    code, _, err = run(capsys, "appraise", C, EV, ROUNDS[0], "--format", "xlsx")
    assert code == 2 and "-o" in err


def test_what_if_reject_shows_the_loss_without_files(capsys):
    code, out, _ = run(capsys, "appraise", C, EV, "--reject", "so_tin_bai_cchc", "--lang", "en")
    assert code == 0
    assert "1.4.2" in out and "−0.5 points [evidence rejected]" in out and "--reject so_tin_bai_cchc" in out


def test_what_if_set_and_na(capsys):
    code, out, _ = run(capsys, "appraise", C, EV, "--set", "ho_so_dung_han=1400", "--na", "3.5.5", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    ids = {d["id"]: d for d in doc["differences"]}
    # 1400 / 1520 = 92.105…% ≥ 90 (zero_below) → 4 × 92.105… / 98 = 3.7594… → 3.76
    assert ids["3.3.1"]["appraised"] == 3.76 and ids["3.3.1"]["category"] == "evidence_corrected"
    assert ids["3.5.5"]["category"] == "what_if"


def test_what_if_unknown_key_is_a_usage_error(capsys):
    code, _, err = run(capsys, "appraise", C, EV, "--reject", "so_tin_bai")
    assert code == 2 and 'did you mean "so_tin_bai_cchc"' in err


BAD = """appraisal:
  unit: phuong-1-tay-ninh
  criteria: mau-xa-2024
  round: 1
adjustments:
  - evidence: ho_so_dung_hann
    value: 1400
    reason: x
  - criterion: "9.9"
    points: 1
    reason: y
  - criterion: "5.4"
    points: 3
    reason: z
  - evidence: so_tin_bai_cchc
    reject: true
"""


def test_malformed_appraisal_lists_every_error(capsys, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(BAD, encoding="utf-8")
    code, out, err = run(capsys, "appraise", C, EV, str(f))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()[1:]
    codes = [ln.split(": ")[1] for ln in lines]
    assert codes == ["appraisal_unknown_key", "appraisal_unknown_node", "appraisal_points_out_of_bounds",
                     "appraisal_missing_reason"]
    assert "(có phải «ho_so_dung_han»?)" in lines[0]         # Vietnamese by default
    assert lines[0].startswith(f"{f}:6:".replace(str(tmp_path), str(tmp_path))) or ":6:" in lines[0]
    assert "từ -0.5 đến 2" in lines[2]
    assert "lý do (reason)" in lines[3]
    code, out, err = run(capsys, "appraise", C, EV, str(f), "--lang", "en")
    lines = err.strip().splitlines()[1:]
    assert code == 1 and 'did you mean "ho_so_dung_han"' in lines[0] and "[-0.5, 2]" in lines[2]


@pytest.mark.parametrize("head,code", [
    ("unit: xa-khac\n  criteria: mau-xa-2024", "appraisal_wrong_unit"),
    ("unit: phuong-1-tay-ninh\n  criteria: bo-khac", "appraisal_wrong_scheme"),
])
def test_appraisal_of_another_unit_or_scheme(capsys, tmp_path, head, code):
    f = tmp_path / "a.yaml"
    f.write_text(f"appraisal:\n  {head}\n  round: 1\nadjustments: []\n", encoding="utf-8")
    rc, _, err = run(capsys, "appraise", C, EV, str(f))
    assert rc == 1 and f": {code}: " in err


def test_round_two_needs_round_one(capsys):
    rc, _, err = run(capsys, "appraise", C, EV, ROUNDS[2])
    assert rc == 1 and "appraisal_missing_round" in err


def test_response_without_its_round(capsys):
    rc, _, err = run(capsys, "appraise", C, EV, ROUNDS[1])
    assert rc == 1 and "appraisal_missing_round" in err
