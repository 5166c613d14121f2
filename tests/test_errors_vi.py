"""Officers read evidence errors in Vietnamese (English with --lang en), located and coded."""
from __future__ import annotations

from scoring import cli
from scoring.files import EXAMPLE_CRITERIA

BAD = """unit: {id: phuong-1-tay-ninh, name: UBND Phường 1}
criteria: mau-xa-2024
evidence:
  ho_so_dung_han: "85"
  ho_so_tiep_nhanh: 12
  ty_le_hoan_thanh: 101
  ke_hoach_cchc: {number: 1/QĐ, date: 31/02/2024}
  hinh_thuc_tuyen_truyen: {points: 0.5}
"""


def run(capsys, tmp_path, *extra):
    f = tmp_path / "ev.yaml"
    f.write_text(BAD, encoding="utf-8")
    code = cli.main(["score", str(EXAMPLE_CRITERIA), str(f), *extra])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and "Traceback" not in err
    return err.splitlines(), str(f)


def test_evidence_errors_in_vietnamese(capsys, tmp_path):
    lines, f = run(capsys, tmp_path)
    assert lines[0] == "Dữ liệu không hợp lệ (5 lỗi); không chấm điểm:"
    assert lines[1] == (f"{f}:4:3: evidence_bad_value: giá trị không đúng — ho_so_dung_han: cần số nguyên từ 0 trở lên: "
                        "chữ «85» không phải là số nguyên (ghi số, không để trong dấu nháy)")
    assert lines[2].endswith("(có phải «ho_so_tiep_nhan»?)")
    assert lines[3].endswith("ty_le_hoan_thanh: cần tỷ lệ từ 0 đến 100: 101 nằm ngoài khoảng 0–100")
    assert lines[4].startswith(f"{f}:7:") and lines[4].endswith("ke_hoach_cchc: ngày «31/02/2024» không có thật")
    assert "phải có giải trình cách chấm" in lines[5]


def test_same_errors_in_english(capsys, tmp_path):
    lines, f = run(capsys, tmp_path, "--lang", "en")
    assert lines[0] == "Invalid input (5 errors); nothing was scored:"
    assert lines[1] == (f'{f}:4:3: evidence_bad_value: ho_so_dung_han: expected a whole number ≥ 0: the text "85" '
                        "is not a whole number (write it without quotes)")
    assert lines[2].endswith('(did you mean "ho_so_tiep_nhan"?)')
