"""Plan tracking: the five seed plans, deadline reading, derivation arithmetic, the CLI, located errors."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from criteria import InputError, load_scheme
from evidence import load_evidence_text
from evidence.plan import derive, share, to_evidence
from evidence.plan_deadline import DeadlineError, parse_deadline
from evidence.plan_load import load_plan, load_plan_text
from scoring.cli import main

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "evidence" / "data" / "plans"
P1 = PLANS / "phuong-1-tay-ninh-2024.yaml"
P1_DONE = PLANS / "phuong-1-tay-ninh-2024.completions.yaml"
SCHEME = ROOT / "criteria" / "data" / "mau-xa-2024.yaml"
EXAMPLE_EVIDENCE = ROOT / "evidence" / "data" / "phuong-1-tay-ninh-2024.yaml"
D = dt.date

# The five seed plans (../shared/seeds/00N_*.txt) and the number of rows in each task table.
SEED_PLANS = {
    "phuong-1-tay-ninh-2024.yaml": 44,   # 000: Phụ lục STT 1-44, "Tổng cộng: 44 nhiệm vụ"
    "phuong-chon-thanh-2026.yaml": 63,   # 001: one task per "Hoạt động" row
    "xa-to-tung-2024.yaml": 34,          # 002: STT 1-23 (no 8), multi-row STTs split a, b, …
    "phuong-dong-hai-2024.yaml": 35,     # 003: I.1-3, II.1-8, III.1, IV.1-5, V.1-5, VI.1-9, VII.1-4
    "thi-tran-phu-my-2024.yaml": 42,     # 004: bullets of section III (no table, no deadlines)
}


# ---------------------------------------------------------------- the seed plans


@pytest.mark.parametrize("name,count", sorted(SEED_PLANS.items()))
def test_seed_plan_loads(name, count):
    plan = load_plan(PLANS / name)
    assert len(plan.tasks) == count
    assert len({t.id for t in plan.tasks}) == count
    assert plan.targets, "every seed plan states numeric targets"
    d = derive(plan, D(plan.info.year, 12, 31))
    assert d.total == count and len(d.tasks) == count
    assert all(t.judged is not None for t in d.tasks)


def test_all_plan_files_are_seed_plans():
    files = {p.name for p in PLANS.glob("*.yaml") if not p.name.endswith(".completions.yaml")}
    assert files == set(SEED_PLANS)


@pytest.mark.parametrize("name", sorted(SEED_PLANS))
def test_seed_plan_show_cli(name, capsys):
    assert main(["plan", "show", str(PLANS / name), "--today", "31/12/2024"]) == 0
    out = capsys.readouterr().out
    assert f"({SEED_PLANS[name]})" in out  # "Nhiệm vụ (44)"
    assert "Cách tính" in out


def test_tay_ninh_completions_match_example_evidence():
    plan = load_plan(P1, P1_DONE)
    d = derive(plan, D(2024, 12, 31))
    assert (d.total, d.done, d.on_time, d.late) == (44, 43, 42, 1)
    assert d.share_done == Decimal("97.73") and d.share_on_time == Decimal("95.45")
    text = EXAMPLE_EVIDENCE.read_text(encoding="utf-8")
    assert re.search(r"ty_le_hoan_thanh:\s*\n\s*value: 97\.73", text)
    late = [t for t in d.tasks if t.status == "late"]
    assert [(t.id, t.late_days) for t in late] == [("3", 12)]  # Tháng 02/2024 → 29/02; done 12/03
    assert [t.id for t in d.tasks if t.status == "not_done"] == ["43"]


# ---------------------------------------------------------------- deadlines

DEADLINES = [
    ("Tháng 02/2024", "period", D(2024, 2, 29)),
    ("Tháng 01 năm 2024", "period", D(2024, 1, 31)),
    ("Trong tháng 12 năm 2024", "period", D(2024, 12, 31)),
    ("Quý I năm 2024", "period", D(2024, 3, 31)),
    ("Quý I/2024", "period", D(2024, 3, 31)),
    ("quý 1/2024", "period", D(2024, 3, 31)),
    ("Trong quý IV/2024", "period", D(2024, 12, 31)),
    ("Quý IV", "period", D(2024, 12, 31)),          # no year: the plan's year
    ("Quí II năm 2024", "period", D(2024, 6, 30)),
    ("6 tháng đầu năm", "period", D(2024, 6, 30)),
    ("Năm 2024", "period", D(2024, 12, 31)),
    ("Trong năm 2024", "period", D(2024, 12, 31)),
    ("Cả năm", "period", D(2024, 12, 31)),
    ("Năm 2024 -2025", "period", D(2025, 12, 31)),
    ("Trước 31/12/2024", "date", D(2024, 12, 31)),
    ("Trước ngày 15/3/2024", "date", D(2024, 3, 15)),
    ("Chậm nhất ngày 01/3/2024", "date", D(2024, 3, 1)),
    ("Kế hoạch CCHC 2024 trước 12/01/2024.", "date", D(2024, 1, 12)),
    ("Ban hành Kế hoạch trước tháng 01/2024", "date", D(2023, 12, 31)),
    ("Thường xuyên", "recurring", None),
    ("Thường   xuyên", "recurring", None),
    ("Hàng tháng", "recurring", None),
    ("Hằng quý", "recurring", None),
    ("Định kỳ hằng Quý.", "recurring", None),
    ("Quý I, II, III và cả năm 2024", "recurring", None),
    ("Năm 2024 và các năm tiếp theo", "recurring", None),
    ("Theo quy định", "conditional", None),
    ("Theo quy định của cấp trên", "conditional", None),
    ("Báo cáo theo quy định", "conditional", None),
    ("Theo Kế hoạch số 3989/KH-UBND ngày 21/11/2022 của UBND tỉnh", "conditional", None),
    ("Khi có quy định, hướng dẫn của Bộ ngành Trung ương; tỉnh", "conditional", None),
    ("Sau khi kết thúc đợt kiểm tra", "conditional", None),
    ("Lồng ghép trong báo cáo CCHC", "conditional", None),
    ("- Ban hành Kế hoạch trước ngày 31/12/2023. - Báo cáo kết quả thực hiện trong Quý IV năm 2024.",
     "milestones", D(2024, 12, 31)),
    ("- Xây dựng kế hoạch: quý 1/2024 - Báo cáo kết quả thực hiện: tháng 11/2024", "milestones", D(2024, 11, 30)),
    ("- Tổ chức thực hiện: thường xuyên. - Báo cáo kết quả thực hiện: Định kỳ hằng Quý.", "recurring", None),
    (None, "unstated", None),
]


@pytest.mark.parametrize("text,kind,due", DEADLINES)
def test_deadline_forms(text, kind, due):
    d = parse_deadline(text, 2024)
    assert (d.kind, d.due) == (kind, due)
    assert d.judged == (due or D(2024, 12, 31))


def test_deadline_ignores_diacritic_spelling():
    nfd = "Qu\u0079\u0301 I n\u0103\u0300m 2024"  # "Quý I năm 2024" in decomposed form
    assert parse_deadline(nfd, 2024).due == D(2024, 3, 31)
    assert parse_deadline("Quy I nam 2024", 2024).due == D(2024, 3, 31)


@pytest.mark.parametrize("text", ["Sớm", "Tháng 13/2024", "31/02/2024", "Quý V/2024", "Trước 30/02/2024"])
def test_deadline_errors_quote_the_text(text):
    with pytest.raises(DeadlineError) as exc:
        parse_deadline(text, 2024)
    assert f'"{text}"' in str(exc.value)


# ---------------------------------------------------------------- derivation

SMALL = """\
plan:
  unit: {id: xa-thu, name: UBND xã Thử}
  year: 2024
  title: Kế hoạch CCHC năm 2024
  number: 1/KH-UBND
  date: 15/01/2024
targets:
  - {id: T1, metric: Hoàn thành kế hoạch, comparator: ge, threshold: 90, unit: "%", source: share_done}
  - {id: T2, metric: Thanh toán trực tuyến, comparator: ge, threshold: 90, unit: "%", actual: 92.5,
     evidence: ty_le_thanh_toan_truc_tuyen}
  - {id: T3, metric: Sai phạm, comparator: le, threshold: 0, actual: 1}
  - {id: T4, metric: Chưa đo, comparator: gt, threshold: 50}
tasks:
  - {id: "1", task: Kế hoạch tuyên truyền, deadline: Tháng 02/2024}
  - {id: "2", task: Báo cáo quý I, deadline: Quý I năm 2024}
  - {id: "3", task: Tiếp nhận phản ánh, deadline: Thường xuyên}
  - {id: "4", task: Ban hành văn bản QPPL, deadline: Theo quy định}
  - {id: "5", task: Rà soát tài sản, deadline: Trước 30/06/2024}
  - {id: "6", task: Không rõ hạn, deadline: Sớm nhất có thể, due: 31/10/2024}
completions:
  "1": {done: 29/02/2024, document: {number: 5/KH-UBND, date: 29/02/2024, title: Kế hoạch tuyên truyền}}
  "2": {done: 01/04/2024}
  "3": {done: 31/12/2024}
  "4": {status: not_applicable, reason: Không được giao ban hành văn bản QPPL}
  "5": {status: not_done, reason: Chưa rà soát xong}
"""


def small(**kw):
    return load_plan_text(SMALL, "<small>", **kw)


SIX_NOT_DONE = 'completions:\n  "6": {status: not_done, reason: Chưa xong}\n'


def test_derivation_arithmetic():
    d = derive(small(completions_text=SIX_NOT_DONE), D(2024, 10, 31))
    assert (d.total, d.excluded, d.done, d.on_time, d.late) == (5, 1, 3, 2, 1)
    assert d.share_done == Decimal("60") and d.share_on_time == Decimal("40")
    d = derive(small(), D(2024, 10, 31))
    assert (d.total, d.excluded, d.done, d.on_time, d.late) == (5, 1, 3, 2, 1)
    by = {t.id: t for t in d.tasks}
    assert by["1"].status == "on_time" and by["1"].late_days is None          # done on the due day
    assert by["2"].status == "late" and by["2"].late_days == 1                # 01/04 vs 31/03
    assert by["3"].status == "on_time" and by["3"].judged == D(2024, 12, 31)  # recurring: judged at year end
    assert by["4"].status == "not_applicable"
    assert by["5"].status == "not_done" and by["5"].reason == "Chưa rà soát xong"
    assert by["6"].status == "pending" and by["6"].due == D(2024, 10, 31) and by["6"].kind == "set"
    assert derive(small(), D(2024, 11, 2)).tasks[5].status == "overdue"


def test_a_task_without_a_record_is_no_data_never_zero():
    # task 6 has no completion record: the shares are unknown (None), not 3/5 nor 0 %
    d = derive(small(), D(2024, 10, 31))
    assert d.unrecorded == 1 and not d.complete
    assert d.share_done is None and d.share_on_time is None
    assert d.figure("share_done") is None and d.figure("done") is None and d.figure("total") == 5
    assert {r.target.id: r.status for r in d.targets}["T1"] == "no_data"   # T1 reads share_done
    assert "ty_le_hoan_thanh" not in to_evidence(small(), derived=d)


def test_targets_met():
    d = derive(small(completions_text=SIX_NOT_DONE), D(2024, 12, 31))
    got = {r.target.id: (r.actual, r.status) for r in d.targets}
    assert got == {"T1": (Decimal("60"), "unmet"), "T2": (Decimal("92.5"), "met"),
                   "T3": (Decimal("1"), "unmet"), "T4": (None, "no_data")}
    assert d.targets_met == 1 and d.targets_known == 3


@pytest.mark.parametrize("part,whole,rounded", [(43, 44, "97.73"), (1, 3, "33.33"), (2, 3, "66.67"),
                                                 (1, 32, "3.13"), (3, 32, "9.38"), (0, 5, "0"), (7, 7, "100")])
def test_share_rounds_half_up(part, whole, rounded):
    assert share(part, whole)[1] == Decimal(rounded)  # 1/32 = 3.125 → 3.13 (half-up, not half-even)


def test_share_of_nothing():
    assert share(0, 0) == (None, None)


def test_late_recurring_task():
    text = SMALL.replace('"3": {done: 31/12/2024}', '"3": {done: 02/01/2025}')
    t = derive(load_plan_text(text, "<x>")).tasks[2]
    assert (t.status, t.late_days) == ("late", 2)


def test_to_evidence_loads_into_the_model_scheme():
    plan = load_plan(P1, P1_DONE)
    ev = to_evidence(plan)
    assert ev["ty_le_hoan_thanh"]["value"] == Decimal("97.73")
    assert ev["ty_le_thanh_toan_truc_tuyen"]["value"] == Decimal("92.5")
    assert ev["ty_le_hoan_thanh"]["documents"][0].number == "55/QĐ-UBND"


def test_derive_fragment_is_valid_evidence(tmp_path, capsys):
    out = tmp_path / "frag.yaml"
    assert main(["plan", "derive", str(P1), "--completions", str(P1_DONE), "--criteria", str(SCHEME),
                 "-o", str(out)]) == 0
    frag = out.read_text(encoding="utf-8")
    assert "#   3 | Tháng 02/2024 → 29/02/2024 | 12/03/2024 | Trễ 12 ngày" in frag
    body = frag[frag.index("\nevidence:") + 1:]
    text = "unit: {id: phuong-1-tay-ninh, name: UBND Phường 1}\ncriteria: mau-xa-2024\n" + body
    sub = load_evidence_text(text, load_scheme(SCHEME), "<frag>")
    assert sub.items["ty_le_hoan_thanh"].value == Decimal("97.73")
    assert sub.items["ty_le_hoan_thanh"].documents[0].date == D(2024, 2, 29)
    assert sub.items["so_sai_pham_tiet_kiem"].value == 0


def test_derive_with_map_and_unknown_key(capsys):
    assert main(["plan", "derive", str(P1), "--completions", str(P1_DONE),
                 "--map", "share_on_time=ty_le_hoan_thanh"]) == 0
    assert "value: 95.45" in capsys.readouterr().out
    code = main(["plan", "derive", str(P1), "--completions", str(P1_DONE), "--criteria", str(SCHEME),
                 "--map", "share_done=ty_le_hoan_thanh_ke_hoach"])
    assert code == 1
    assert "plan_unknown_evidence" in capsys.readouterr().err


# ---------------------------------------------------------------- CLI


def test_show_vi_and_en(capsys):
    args = ["plan", "show", str(P1), "--completions", str(P1_DONE), "--today", "31/12/2024"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Đã hoàn thành: 43/44 = 97,73% (đúng hạn 42, trễ hạn 1)" in out
    assert "Trễ 12 ngày" in out and "29/02/2024" in out
    assert main(args + ["--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Done: 43/44 = 97.73% (on time 42, late 1)" in out and "2024-02-29" in out


def test_show_json_and_md(capsys):
    args = ["plan", "show", str(P1), "--completions", str(P1_DONE), "--today", "31/12/2024"]
    assert main(args + ["--format", "json"]) == 0
    import json
    data = json.loads(capsys.readouterr().out)
    assert data["figures"]["share_done"] == 97.73 and len(data["tasks"]) == 44
    assert data["tasks"][2]["late_days"] == 12 and data["tasks"][2]["due"] == "2024-02-29"
    assert main(args + ["--format", "md"]) == 0
    assert "| STT" in capsys.readouterr().out


def test_cli_usage_errors(capsys):
    assert main(["plan"]) == 2
    assert main(["plan", "show", str(P1), "--today", "32/13/2024"]) == 2
    assert main(["plan", "derive", str(P1), "--map", "nonsense"]) == 2
    assert main(["plan", "show", str(PLANS / "khong-co.yaml")]) == 1
    err = capsys.readouterr().err
    assert "file_unreadable" in err and "Traceback" not in err


BAD = """\
plan:
  unit: {id: xa-loi, name: UBND xã Lỗi}
  year: 2024
  title: Kế hoạch lỗi
  date: 30/02/2024
  owner: ai đó
targets:
  - {id: T1, metric: Tỷ lệ, comparator: atleast, threshold: 90}
  - {id: T2, metric: Tỷ lệ, comparator: ge}
tasks:
  - {id: "1", task: Một, deadline: Tháng 02/2024}
  - {id: "1", task: Hai, deadline: Quý I/2024}
  - {id: "3", task: Ba, deadline: Sớm nhất có thể}
  - {id: "4", deadline: Năm 2024}
completions:
  "9": {done: 01/02/2024}
  "3": {done: 01/02/2024}
  "1": {status: not_done}
"""


def test_bad_plan_is_located(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_plan(path)
    got = {(d.code, d.loc.line, d.loc.col) for d in exc.value.diagnostics}
    assert ("plan_bad_date", 5, 3) in got
    assert ("plan_unknown_key", 6, 3) in got
    assert ("plan_bad_comparator", 8, 29) in got
    assert ("plan_missing_field", 9, 5) in got          # T2 has no threshold
    assert ("plan_duplicate_id", 12, 6) in got
    assert ("plan_bad_deadline", 13, 25) in got
    assert ("plan_missing_field", 14, 5) in got         # task 4 has no text
    assert ("plan_unknown_task", 16, 3) in got
    assert ("plan_missing_field", 18, 8) in got         # not_done needs a reason
    assert all(d.code.startswith("plan_") for d in exc.value.diagnostics)
    assert not any(d.code == "plan_unknown_task" and d.loc.line == 17 for d in exc.value.diagnostics)
    assert main(["plan", "show", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path.name}:13:25: plan_bad_deadline" in err and "Sớm nhất có thể" in err
    assert "Traceback" not in err


def test_completions_file_errors():
    good = "unit: xa-thu\nyear: 2024\ncompletions:\n  \"5\": {done: 01/06/2024}\n"
    with pytest.raises(InputError) as exc:
        small(completions_text=good)  # task 5 is already recorded in the plan
    assert [d.code for d in exc.value.diagnostics] == ["plan_duplicate_completion"]
    wrong = "unit: xa-khac\nyear: 2023\ncompletions: {}\nactuals: {T9: 1, T1: 50, T4: {value: abc}}\n"
    with pytest.raises(InputError) as exc:
        small(completions_text=wrong)
    codes = sorted(d.code for d in exc.value.diagnostics)
    assert codes == ["plan_bad_value", "plan_bad_value", "plan_unknown_target", "plan_wrong_plan", "plan_wrong_plan"]


def test_completions_file_actuals_and_report():
    text = ("unit: xa-thu\nyear: 2024\nreport: {number: 9/BC-UBND, date: 08/11/2024, title: Báo cáo năm}\n"
            "completions:\n  \"6\": {done: 30/10/2024}\n"
            "actuals:\n  T4: {value: 51, documents: [{number: 9/BC-UBND}]}\n")
    plan = small(completions_text=text)
    d = derive(plan, D(2024, 12, 31))
    assert d.tasks[5].status == "on_time" and d.done == 4
    assert [r.status for r in d.targets][3] == "met"
    ev = to_evidence(plan, {"share_done": "ty_le_hoan_thanh", "done": "so_nhiem_vu_xong"})
    assert ev["ty_le_hoan_thanh"]["value"] == Decimal("80") and ev["so_nhiem_vu_xong"]["value"] == 4
    assert [doc.number for doc in ev["ty_le_hoan_thanh"]["documents"]] == ["1/KH-UBND", "9/BC-UBND"]
