"""Wording officers read: regressions named after the phrases that misled them (issue #15)."""
from __future__ import annotations

import io

import openpyxl

from scoring import cli, files
from scoring.errors_vi import HEADLINES

C, EV = str(files.EXAMPLE_CRITERIA), str(files.EXAMPLE_EVIDENCE)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_band_line_says_what_the_band_pays_then_whether_it_is_reached(capsys):
    # «Mức 1 (≥ 100): không thỏa → 1 điểm» read as "not satisfied → 1 point"
    code, out, _ = run(capsys, "explain", C, EV, "1.1.3")
    assert code == 0
    assert "  Mức 1 (≥ 100 → 1 điểm): chưa đạt." in out.splitlines()
    assert "  Mức 2 (≥ 90 → 0,75 điểm): đạt." in out.splitlines()
    assert "thỏa" not in out
    code, out, _ = run(capsys, "explain", C, EV, "1.1.3", "--lang", "en")
    assert "  Band 1 (≥ 100 → 1 point): not reached." in out.splitlines()


def test_deadline_on_a_plain_date_item_does_not_call_it_a_document(capsys):
    # 6.2.1 reads cong_khai_du_toan, a `date` item: «Ngày văn bản» was wrong for it
    code, out, _ = run(capsys, "explain", C, EV, "6.2.1")
    assert code == 0
    assert "  Ngày 10/01/2024, hạn 31/01/2024: đúng hạn." in out.splitlines()
    assert "Ngày văn bản" not in out
    # a document item still says «Ngày văn bản»
    _, out, _ = run(capsys, "explain", C, EV, "1.1.1")
    assert "  Ngày văn bản 29/02/2024, hạn 31/01/2024: trễ 29 ngày." in out.splitlines()


def test_survey_without_results_is_not_called_khong_phat_sinh(capsys):
    code, out, _ = run(capsys, "explain", C, EV, "8.1")
    assert code == 0
    head = out.splitlines()[0]
    assert head.endswith("(Chưa có kết quả khảo sát (không tính))")
    assert "Không phát sinh" not in out and "không phát sinh" not in out
    assert "Tiêu chí chưa tính vào điểm tối đa (20 điểm) cho đến khi có kết quả." in out


def test_unknown_key_headlines_are_plain_vietnamese():
    assert not [c for c, h in HEADLINES.items() if "không được biết" in h]


def test_unknown_key_message_in_an_evidence_file(capsys, tmp_path):
    ev = tmp_path / "e.yaml"
    ev.write_text("unit: {id: xa-a, name: UBND xã A}\ncriteria: mau-xa-2024\nevidenc: {}\n", encoding="utf-8")
    code, _, err = run(capsys, "score", C, str(ev))
    assert code == 1
    assert "khóa «evidenc» không có trong mẫu tệp" in err and "không được biết" not in err


def test_appraisal_rounds_name_the_body_without_a_calque_of_by(capsys):
    e = str(files.EXAMPLE_EVIDENCE).removesuffix(".yaml")
    code, out, _ = run(capsys, "appraise", C, EV, e + ".appraisal-1.yaml")
    assert code == 0
    assert "- Vòng 1: Tổ thẩm định UBND thành phố Tây Ninh, ngày 10/12/2024" in out.splitlines()
    assert "bởi" not in out


def test_form_sheet_uses_the_officers_term_and_old_forms_still_read(capsys, tmp_path):
    out = tmp_path / "f.xlsx"
    assert cli.main(["template", C, "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Tài liệu kiểm chứng"
    # a form saved before the rename (sheet «Bằng chứng») is read the same way
    wb[wb.sheetnames[0]].title = "Bằng chứng"
    buf = io.BytesIO()
    wb.save(buf)
    old = tmp_path / "old.xlsx"
    old.write_bytes(buf.getvalue())
    capsys.readouterr()
    code_new, out_new, _ = run(capsys, "check", C, str(out), "--today", "15/11/2024", "--format", "json")
    code_old, out_old, _ = run(capsys, "check", C, str(old), "--today", "15/11/2024", "--format", "json")
    assert code_new == code_old == 0
    # the same draft, cell for cell: only the sheet's name in the cell references differs
    assert out_new.replace(str(out), "F") == out_old.replace(str(old), "F").replace("Bằng chứng!", "Tài liệu kiểm chứng!")
