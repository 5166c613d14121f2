"""`parscore check`: readiness before the deadline, with the points at stake."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from scoring.cli import main
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, EXAMPLE_SURVEY

CRIT, EV, SURVEY = str(EXAMPLE_CRITERIA), str(EXAMPLE_EVIDENCE), str(EXAMPLE_SURVEY)
EXAMPLE = EXAMPLE_EVIDENCE.read_text(encoding="utf-8")


def variant(tmp_path, *replacements) -> str:
    text = EXAMPLE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "evidence.yaml"
    path.write_text(text, encoding="utf-8")
    attached = tmp_path / "tai-lieu"          # the example's attached file, where the copy expects it
    if not attached.exists():
        shutil.copytree(EXAMPLE_EVIDENCE.parent / "tai-lieu", attached)
    return str(path)


def run(capsys, *args):
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_example_days_left_and_missing_evidence(capsys):
    code, out, _ = run(capsys, CRIT, EV, "--survey", SURVEY, "--today", "15/11/2024")
    assert code == 0
    assert "Hạn nộp: 25/11/2024 — còn 10 ngày (hôm nay 15/11/2024)." in out
    items = re.findall(r"^\s*\d+\. \[−([\d,]+) điểm\] (.*)$", out, flags=re.M)
    assert [(pts, text.split(":")[0]) for pts, text in items] == [
        ("1", "Thiếu tài liệu kiểm chứng"), ("0,5", "Thiếu tài liệu kiểm chứng"), ("0,5", "Thiếu tài liệu kiểm chứng")]
    assert "(ty_le_dinh_danh_dien_tu) — tiêu chí 7.5.2" in items[0][1]
    assert "lệnh check trả mã 0" in out


def test_default_pair_and_today_iso(capsys):
    code, out, _ = run(capsys, "--today", "2024-11-25")
    assert code == 0 and "hôm nay là hạn chót" in out


def test_overdue_is_negative(capsys, tmp_path):
    code, out, _ = run(capsys, CRIT, EV, "--today", "30/11/2024", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["days_left"] == -5 and doc["deadline"] == "2024-11-25"
    code, out, _ = run(capsys, CRIT, EV, "--today", "30/11/2024")
    assert "đã quá hạn 5 ngày" in out


def test_weak_evidence_is_listed_largest_stake_first(capsys, tmp_path):
    ev = variant(
        tmp_path,
        ("    number: 38/BC-UBND\n", ""),                                          # 1.2.1: no number
        ("    reason: Trong năm không phát sinh phản ánh, kiến nghị về quy định hành chính, TTHC.\n", ""),
        ("    justification: Tuyên truyền qua Đài truyền thanh, Cổng TTĐT, Zalo OA của phường, pano tại Bộ phận "
         "Một cửa và hội nghị tại các khu phố (Báo cáo 120/BC-UBND, mục I.4).\n", ""),
        ("    date: 15/03/2024\n    title: Kế hoạch kiểm tra", "    date: 15/03/2023\n    title: Kế hoạch kiểm tra"),
        ("      - {number: 42/QĐ-UBND, date: 05/04/2024,", "      - {number: 42/QĐ-UBND,"),
    )
    code, out, _ = run(capsys, CRIT, ev, "--today", "01/11/2024", "--format", "json")
    assert code == 0
    issues = json.loads(out)["issues"]
    got = [(i["code"], i["key"], i["points_at_stake"]) for i in issues]
    assert got == [
        ("na_no_reason", "phan_anh_kien_nghi", 1.5),          # 3.4 pays its max for "không phát sinh"
        ("no_date", "quy_che_phoi_hop_lien_thong", 1),
        ("missing", "ty_le_dinh_danh_dien_tu", 1),
        ("outside_period", "ke_hoach_kiem_tra_cchc", 0.5),     # ties in the scheme's order: 1.3.1
        ("manual_no_justification", "hinh_thuc_tuyen_truyen", 0.5),   # 1.4.3
        ("missing", "ty_le_tai_su_dung_du_lieu", 0.5),
        ("missing", "van_hoa_cong_so", 0.5),
        ("no_number", "bao_cao_quy_1", 0.25),
    ]
    assert [i["points_at_stake"] for i in issues] == sorted((i["points_at_stake"] for i in issues), reverse=True)
    by_key = {i["key"]: i for i in issues}
    assert by_key["hinh_thuc_tuyen_truyen"]["line"] == 84        # one line above was removed
    assert "15/03/2023 nằm ngoài kỳ số liệu 15/12/2023–06/11/2024" in by_key["ke_hoach_kiem_tra_cchc"]["message"]
    # the same file is invalid for score: a self-score needs its justification
    assert main(["score", CRIT, ev]) == 1
    assert "evidence_manual_justification" in capsys.readouterr().err


def test_a_deadline_document_may_run_to_its_due_date(capsys, tmp_path):
    # 1.2.4 is due 11/11/2024, after the period ends (06/11/2024): 08/11/2024 is not outside
    code, out, _ = run(capsys, CRIT, EV, "--today", "01/11/2024", "--format", "json")
    assert not [i for i in json.loads(out)["issues"] if i["code"] == "outside_period"]
    ev = variant(tmp_path, ("    date: 08/11/2024\n    title: Báo cáo kết quả thực hiện công tác CCHC năm 2024\n"
                            "    file:", "    date: 20/11/2024\n    title: Báo cáo kết quả thực hiện công tác CCHC "
                            "năm 2024\n    file:"))
    code, out, _ = run(capsys, CRIT, ev, "--today", "21/11/2024", "--format", "json")
    flagged = [i for i in json.loads(out)["issues"] if i["code"] == "outside_period"]
    assert [(i["key"], i["points_at_stake"]) for i in flagged] == [("bao_cao_nam", 0.25)]


def test_english(capsys):
    code, out, _ = run(capsys, CRIT, EV, "--today", "15/11/2024", "--lang", "en")
    assert code == 0
    assert "Deadline: 2024-11-25 — 10 days left (today 2024-11-15)." in out
    assert "Missing evidence:" in out


@pytest.mark.parametrize("today", ["32/01/2024", "tomorrow"])
def test_bad_today_is_a_usage_error(capsys, today):
    code, _, err = run(capsys, CRIT, EV, "--today", today)
    assert code == 2 and "--today" in err


def test_invalid_evidence_exits_1(capsys, tmp_path):
    ev = variant(tmp_path, ("ty_le_so_hoa: 96.8", "ty_le_so_hoa: 196.8"))
    code, out, err = run(capsys, CRIT, ev, "--today", "15/11/2024")
    assert code == 1 and out == ""
    assert "evidence_out_of_range" in err and "ty_le_so_hoa" in err


def test_output_file(tmp_path, capsys):
    out = tmp_path / "check.txt"
    code, stdout, _ = run(capsys, CRIT, EV, "--today", "15/11/2024", "-o", str(out))
    assert code == 0 and stdout == ""
    assert "còn 10 ngày" in out.read_text(encoding="utf-8")
