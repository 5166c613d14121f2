"""The command line, in-process: ``scoring.cli.main(argv)`` with exact output and exit codes.

Long reports are compared with golden files in tests/golden (regenerate with
PARSCORE_UPDATE_GOLDEN=1 after reading the diff); short outputs are spelt out here.
"""
from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from textwrap import dedent

import pytest

from scoring import cli, files

GOLDEN = Path(__file__).parent / "golden"
TOTAL_VI = "Tổng điểm: 90,28 / 99,25 điểm — Chỉ số (%): 90,96 — Xếp loại: Tốt"
TOTAL_EN = "Total: 90.28 / 99.25 points — Index (%): 90.96 — Band: Tốt"
DIAG_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (?P<code>[a-z_]+): (?P<msg>\S.*)$")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PARSCORE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"


SMALL_SCHEME = dedent("""\
    id: nho
    title: Bộ nhỏ
    level: xa
    year: 2024
    version: "2"
    bands:
      - {min: 50, label: Đạt}
      - {min: 0, label: Chưa đạt}
    evidence:
      a: {type: boolean, title: Có A}
      b: {type: boolean, title: Có B}
      p: {type: percent, title: Tỷ lệ P, better: higher}
    areas:
      - id: "1"
        title: Một
        max: 0.3
        criteria:
          - {id: "1.1", title: Mười phần trăm, max: 0.1, rule: {kind: check, evidence: a}}
          - {id: "1.2", title: Hai mươi phần trăm, max: 0.2, rule: {kind: check, evidence: b}}
      - id: "2"
        title: Hai
        max: 1
        criteria:
          - {id: "2.1", title: Tỷ lệ, max: 1, rule: {kind: proportional, evidence: p}}
    """)

SMALL_EVIDENCE = dedent("""\
    unit: {id: xa-nho, name: UBND Xã Nhỏ}
    criteria: nho
    evidence:
      a: true
      b: true
      p: 33.3
    """)


@pytest.fixture
def small(tmp_path, monkeypatch):
    """A two-area scheme in the working directory (paths in messages stay short)."""
    monkeypatch.chdir(tmp_path)
    Path("nho.yaml").write_text(SMALL_SCHEME, encoding="utf-8")
    Path("ev.yaml").write_text(SMALL_EVIDENCE, encoding="utf-8")
    return tmp_path


# ---- score -----------------------------------------------------------------------------

def test_score_builtin_example_vi(capsys):
    code, out, err = run(capsys, "score")
    assert (code, err) == (0, "")
    assert out.rstrip("\n").splitlines()[-1] == TOTAL_VI
    golden("score_example.vi.txt", out)


def test_score_builtin_example_en(capsys):
    code, out, err = run(capsys, "score", "--lang", "en")
    assert (code, err) == (0, "")
    assert out.rstrip("\n").splitlines()[-1] == TOTAL_EN
    golden("score_example.en.txt", out)


def test_score_example_files_named_explicitly_give_the_same_report(capsys):
    code, out, _ = run(capsys, "score", str(files.EXAMPLE_CRITERIA), str(files.EXAMPLE_EVIDENCE),
                       "--survey", str(files.EXAMPLE_SURVEY), "--matcher", "python")
    assert code == 0
    golden("score_example.vi.txt", out)


def test_score_example_without_survey_leaves_area_8_out(capsys, tmp_path):
    # built-in files but no survey: the survey area is excluded from the maximum (99.25 − 30)
    code, out, _ = run(capsys, "score", str(files.EXAMPLE_CRITERIA), str(files.EXAMPLE_EVIDENCE))
    assert code == 0
    # 90.28 − 25.72 = 64.56 of 69.25 → 93.227… → 93.23
    assert out.rstrip("\n").splitlines()[-1] == "Tổng điểm: 64,56 / 69,25 điểm — Chỉ số (%): 93,23 — Xếp loại: Tốt"
    # no survey results yet is not «không phát sinh» (nothing happened): it has its own label and section
    assert re.search(r"^8\.1 .* 0 +20 +Chưa có kết quả khảo sát \(không tính\)$", out, re.M)
    assert re.search(r"^8 .* 0 +30 +Chưa có kết quả khảo sát \(không tính\)$", out, re.M)
    na_section = out.split("\nKhông phát sinh\n")[1].split("\nChưa có kết quả khảo sát\n")[0]
    assert "8.1" not in na_section and "2.1.2" in na_section


def test_score_markdown(capsys):
    code, out, err = run(capsys, "score", "--format", "md")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "# Bộ tiêu chí xác định Chỉ số cải cách hành chính cấp xã năm 2024 (mẫu)"
    assert "## Điểm bị mất" in lines and "## Thiếu tài liệu kiểm chứng" in lines
    assert lines[-1] == f"**{TOTAL_VI}**"
    assert any(line.startswith("| 1.1.1 | ") for line in lines)


def test_score_json_has_the_spec_shape(capsys):
    code, out, err = run(capsys, "score", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out, parse_float=Decimal)
    compiled = files.open_scheme(files.EXAMPLE_CRITERIA)
    assert doc["criteria"]["id"] == "mau-xa-2024"
    assert doc["criteria"]["version"] == "1.0"
    assert doc["criteria"]["sha256"] == compiled.sha256 and re.fullmatch(r"[0-9a-f]{64}", compiled.sha256)
    assert doc["unit"] == {"id": "phuong-1-tay-ninh", "name": "UBND Phường 1, thành phố Tây Ninh"}
    assert doc["total"] == {"points": Decimal("90.28"), "max": Decimal("99.25"), "index": Decimal("90.96"),
                            "band": "Tốt"}
    ids = [n["id"] for n in doc["nodes"]]
    assert ids == list(compiled.scheme.nodes), "nodes: every area, criterion and sub-criterion in order"
    for n in doc["nodes"]:
        assert {"id", "title", "points", "max", "min", "status", "excluded", "trace"} <= set(n), n["id"]
        assert n["status"] in ("met", "partial", "unmet", "missing", "not_applicable", "error")
        assert isinstance(n["excluded"], bool) and n["trace"] and all(isinstance(t, str) for t in n["trace"])
        assert n["min"] <= n["points"] <= n["max"] or n["excluded"], n["id"]
    by_id = {n["id"]: n for n in doc["nodes"]}
    assert (by_id["1.1.1"]["points"], by_id["1.1.1"]["max"], by_id["1.1.1"]["status"]) == \
        (Decimal("0.25"), Decimal("0.75"), "partial")
    # an excluded node keeps its declared max; its parent's max is what is left
    assert (by_id["2.2.2"]["excluded"], by_id["2.2.2"]["max"], by_id["2.2"]["max"]) == (True, Decimal("0.75"), Decimal("1.25"))
    assert (by_id["9.2"]["min"], by_id["9"]["min"]) == (Decimal("-3"), Decimal("-3"))
    assert by_id["8.2"]["points"] == Decimal("8") and by_id["8.1"]["points"] == Decimal("17.72")
    assert doc["status"] == "scored" and doc["errors"] == []


def test_score_json_numbers_are_written_exactly(capsys):
    code, out, _ = run(capsys, "score", "--format", "json")
    assert code == 0
    assert '"total": {\n    "points": 90.28,\n    "max": 99.25,\n    "index": 90.96,\n    "band": "Tốt"\n  }' in out
    assert not re.search(r"[:\[,]\s*-?\d+(?:\.\d+)?[eE]", out), "no exponent notation"
    assert not re.search(r"\d\.\d*(?:0{6,}[1-9]|9{6,})", out), "no float artefacts (…0000001, …9999)"
    # points, max, min and index of every node are written with at most two decimals
    for key, value in re.findall(r'"(points|max|min|index)": (-?[0-9.]+)', out):
        assert re.fullmatch(r"-?\d+(\.\d{1,2})?", value) and not value.endswith(".0"), (key, value)


def test_score_json_point_one_plus_point_two_is_point_three(capsys, small):
    code, out, _ = run(capsys, "score", "nho.yaml", "ev.yaml", "--format", "json")
    assert code == 0
    assert '"points": 0.3,' in out and "0.30000000000000004" not in out
    doc = json.loads(out, parse_float=Decimal)
    # 0.1 + 0.2 + 1 × 33.3 / 100 = 0.633 → 0.63; max 1.3 → 48.46 (below Đạt's 50)
    assert doc["total"] == {"points": Decimal("0.63"), "max": Decimal("1.3"), "index": Decimal("48.46"),
                            "band": "Chưa đạt"}
    assert doc["criteria"]["version"] == "2"


def test_score_small_scheme_text_exact(capsys, small):
    code, out, err = run(capsys, "score", "nho.yaml", "ev.yaml", "--lang", "en")
    assert (code, err) == (0, "")
    assert out == dedent("""\
        Bộ nhỏ

        Unit: UBND Xã Nhỏ (xa-nho)
        Scheme: nho v2

        Id    Criterion               Points    Max  Status
        ----  --------------------  --------  -----  --------
        1     Một                        0.3    0.3  met
        1.1     Mười phần trăm           0.1    0.1  met
        1.2     Hai mươi phần trăm       0.2    0.2  met
        2     Hai                       0.33      1  partial
        2.1     Tỷ lệ                   0.33      1  partial

        Points lost
        -----------

        - 2.1 Tỷ lệ: −0.67 points. Read "Tỷ lệ P" (p) = 33.3. Points = 1 × 33.3 / 100 = 0.333 → rounded to 0.01: 0.33 points. Reaching ≥ 100 → 1 point.

        Missing evidence
        ----------------

        None.

        Total: 0.63 / 1.3 points — Index (%): 48.46 — Band: Chưa đạt
        """)


def test_score_output_file(capsys, tmp_path):
    target = tmp_path / "out" / "report.txt"
    code, out, err = run(capsys, "score", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    golden("score_example.vi.txt", target.read_text(encoding="utf-8"))
    assert [p.name for p in target.parent.iterdir()] == ["report.txt"], "no temporary file left behind"


def test_score_json_output_file(capsys, tmp_path):
    target = tmp_path / "r.json"
    code, out, _ = run(capsys, "score", "--format", "json", "--output", str(target))
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["total"]["index"] == 90.96


def test_both_matchers_print_the_same_report(capsys):
    _, durable, _ = run(capsys, "score", "--format", "json", "--matcher", "durable")
    _, python, _ = run(capsys, "score", "--format", "json", "--matcher", "python")
    assert durable == python


# ---- explain ---------------------------------------------------------------------------

def test_explain_one_node(capsys):
    code, out, err = run(capsys, "explain", "1.1.1")
    assert (code, err) == (0, "")
    assert out == dedent("""\
        1.1.1 Ban hành kế hoạch CCHC năm kịp thời — 0,25 / 0,75 điểm (Đạt một phần)
          Tiêu chí 1.1.1: quy tắc «thời hạn» (dòng 145 của tệp tiêu chí).
          Đọc «Kế hoạch cải cách hành chính năm 2024 của UBND cấp xã» (ke_hoach_cchc) = 29/02/2024.
          TLKC: số 55/QĐ-UBND, ngày 29/02/2024, «Quyết định ban hành Kế hoạch cải cách hành chính năm 2024 trên địa bàn Phường 1, thành phố Tây Ninh», Kế hoạch kèm theo Quyết định; Phụ lục gồm 44 nhiệm vụ.
          Ngày văn bản 29/02/2024, hạn 31/01/2024: trễ 29 ngày.
          Kết quả: 0,25 điểm.
          Nếu ban hành đúng hạn (31/01/2024) → 0,75 điểm.
        """)


def test_explain_parent_and_survey_in_english(capsys):
    code, out, _ = run(capsys, "explain", "1.1", "--lang", "en")
    assert code == 0
    assert out == ("1.1 Kế hoạch CCHC năm — 1.75 / 2.5 points (partial)\n"
                   "  Sum of sub-criteria: 1.1.1: 0.25 + 1.1.2: 0.75 + 1.1.3: 0.75 = 1.75 / 2.5 points.\n")
    code, out, _ = run(capsys, "explain", "8.2", "--lang", "en")
    assert code == 0
    assert "(danh_gia_lanh_dao) = A: 6, B: 3, C: 1, D: 0." in out
    assert "80% (answers A: 6, B: 3, C: 1, D: 0) × 10 / 100 → 8 points." in out


def test_explain_with_files_and_json(capsys, small):
    code, out, _ = run(capsys, "explain", "nho.yaml", "ev.yaml", "2.1", "--format", "json")
    assert code == 0
    doc = json.loads(out, parse_float=Decimal)
    assert [n["id"] for n in doc["nodes"]] == ["2.1"]
    node = doc["nodes"][0]
    assert (node["points"], node["kind"], node["branch"]) == (Decimal("0.33"), "proportional", "scaled")
    assert "Điểm = 1 × 33,3 / 100 = 0,333 → làm tròn theo bước 0,01: 0,33 điểm." in node["trace"]


def test_explain_everything_ends_with_the_total(capsys, small):
    code, out, _ = run(capsys, "explain", "nho.yaml", "ev.yaml")
    assert code == 0
    assert out.startswith("1 Một — 0,3 / 0,3 điểm (Đạt)\n")
    assert out.endswith("\nTổng điểm: 0,63 / 1,3 điểm — Chỉ số (%): 48,46 — Xếp loại: Chưa đạt\n")


def test_explain_unknown_node(capsys):
    code, out, err = run(capsys, "explain", "9.9")
    assert (code, out) == (2, "")
    assert err == 'parscore: no node "9.9" in mau-xa-2024 (did you mean "9.2"?)\n'


# ---- validate --------------------------------------------------------------------------

def test_validate_good_file(capsys, small):
    code, out, err = run(capsys, "validate", "nho.yaml")
    assert (code, err) == (0, "")
    assert out == "nho.yaml: hợp lệ — nho v2 «Bộ nhỏ», 2 lĩnh vực, 3 tiêu chí chấm điểm, 3 loại tài liệu kiểm chứng, tổng 1,3 điểm\n"
    code, out, _ = run(capsys, "validate", "nho.yaml", "--lang", "en")
    assert out == 'nho.yaml: valid — nho v2 "Bộ nhỏ", 2 areas, 3 scored criteria, 3 evidence keys, 1.3 points\n'


def test_validate_builtin_scheme(capsys):
    code, out, _ = run(capsys, "validate", str(files.EXAMPLE_CRITERIA), "--lang", "en")
    assert code == 0
    assert out.endswith(': valid — mau-xa-2024 v1.0 "Bộ tiêu chí xác định Chỉ số cải cách hành chính cấp xã năm '
                        '2024 (mẫu)", 9 areas, 81 scored criteria, 93 evidence keys, 100 points\n')


BAD_SCHEME = SMALL_SCHEME.replace("max: 0.3", "max: 0.4").replace("kind: proportional", "kind: proportionl") \
    .replace('- {id: "1.2"', '- {id: "1.1"')


def _diag_lines(err: str, head: str, count: int) -> list[re.Match]:
    assert "Traceback" not in err
    lines = err.rstrip("\n").split("\n")
    assert lines[0] == head
    matches = [DIAG_LINE.match(line) for line in lines[1:]]
    assert all(matches), lines
    assert len(matches) == count, lines
    return matches


def test_validate_bad_file_lists_every_error(capsys, small):
    # structural errors and rule errors of one file, reported in one run
    Path("bad.yaml").write_text(BAD_SCHEME, encoding="utf-8")
    code, out, err = run(capsys, "validate", "bad.yaml", "--lang", "en")
    assert (code, out) == (1, "")
    found = _diag_lines(err, "Invalid input (3 errors); nothing was scored:", 3)
    assert [(m["file"], m["line"], m["col"], m["code"]) for m in found] == [
        ("bad.yaml", "16", "5", "criteria_sum_mismatch"), ("bad.yaml", "19", "9", "duplicate_id"),
        ("bad.yaml", "24", "50", "unknown_rule_kind")]
    assert found[0]["msg"] == 'node "1": max is 0.4 but its children add up to 0.3'
    assert found[2]["msg"] == 'node "2.1": unknown rule kind "proportionl" (did you mean "proportional"?)'


def test_validate_bad_file_in_vietnamese(capsys, small):
    Path("bad.yaml").write_text(BAD_SCHEME, encoding="utf-8")
    code, out, err = run(capsys, "validate", "bad.yaml")
    assert (code, out) == (1, "")
    found = _diag_lines(err, "Dữ liệu không hợp lệ (3 lỗi); không chấm điểm:", 3)
    assert [m["code"] for m in found] == ["criteria_sum_mismatch", "duplicate_id", "unknown_rule_kind"]
    assert found[0]["msg"].endswith("tiêu chí «1»: điểm tối đa ghi 0.4 nhưng các tiêu chí con cộng lại 0.3")


def test_score_bad_evidence_lists_every_error(capsys, small):
    Path("bad-ev.yaml").write_text(SMALL_EVIDENCE.replace("a: true", 'a: "yes"').replace("p: 33.3", "p: 133.3")
                                   + "  q: 1\n", encoding="utf-8")
    code, out, err = run(capsys, "score", "nho.yaml", "bad-ev.yaml")
    assert (code, out) == (1, "")
    found = _diag_lines(err, "Dữ liệu không hợp lệ (3 lỗi); không chấm điểm:", 3)
    assert [(m["file"], m["line"], m["code"]) for m in found] == [
        ("bad-ev.yaml", "4", "evidence_bad_value"), ("bad-ev.yaml", "6", "evidence_out_of_range"),
        ("bad-ev.yaml", "7", "evidence_unknown_key")]


def test_not_yaml_is_one_clear_error(capsys, small):
    Path("x.yaml").write_bytes(b"%PDF-1.4\n\x00\x01binary")
    code, out, err = run(capsys, "validate", "x.yaml")
    assert (code, out) == (1, "")
    (found,) = _diag_lines(err, "Dữ liệu không hợp lệ (1 lỗi); không chấm điểm:", 1)
    assert (found["file"], found["line"], found["col"], found["code"]) == ("x.yaml", "2", "1", "yaml_syntax")


def test_missing_file_is_an_input_error_not_a_crash(capsys, small):
    code, out, err = run(capsys, "score", "nho.yaml", "khong-co.yaml")
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    assert err.splitlines()[1].startswith("khong-co.yaml: file_unreadable: ")


# ---- usage and failures ----------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    ([], "usage: parscore"),
    (["bogus"], "parscore: argument COMMAND: invalid choice: 'bogus'"),
    (["score", "only-criteria.yaml"], "parscore: give both CRITERIA and EVIDENCE, or neither for the built-in example"),
    (["score", "--format", "xml"], "parscore score: argument --format: invalid choice: 'xml'"),
    (["score", "--matcher", "rete"], "parscore score: argument --matcher: invalid choice: 'rete'"),
    (["explain", "--format", "md"], "parscore explain: argument --format: invalid choice: 'md'"),
    (["validate"], "parscore validate: the following arguments are required: criteria"),
    (["score", "--lang", "fr"], "parscore score: argument --lang: invalid choice: 'fr'"),
])
def test_usage_errors_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(message), err
    assert "Traceback" not in err


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and out.startswith("usage: parscore")


def test_a_failing_matcher_is_an_error_outcome_and_exit_1(capsys, monkeypatch):
    import scoring.evaluate as evaluate

    class Broken:
        name = "broken"

        def select(self, compiled, facts):
            raise RuntimeError("matcher exploded")

    monkeypatch.setattr(evaluate, "get_matcher", lambda name: Broken())
    code, out, err = run(capsys, "score")
    assert (code, err) == (1, "")
    assert "Lỗi khi chấm" in out and "matcher exploded" in out
    # every matched leaf is an error scored at its min; missing, N/A and survey-less nodes are unaffected
    assert re.search(r"^1\.1\.1 .* 0 +0,75 +Lỗi$", out, re.M)
    assert re.search(r"^3\.5\.5 .* 0 +0,5 +Thiếu TLKC$", out, re.M)
