"""``parscore rank`` and ``scoring.batch``: ranking, isolation of bad files, parallel = serial,
the ``relative`` rule kind, and the shapes of the JSON and CSV outputs.

The generated units come from ``benchmarks/gen.py`` (seeded, so every run sees the
same units). No test looks at timings.
"""
from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from textwrap import dedent

import pytest

from benchmarks.gen import load_synthetic, tasks, to_yaml, unit
from criteria import load_scheme_text
from evidence import load_evidence_text
from rules import compile_scheme
from scoring import cli, score
from scoring.batch import Ranked, UnitRow, rank_rows, run
from scoring.batch_report import view
from scoring.files import EXAMPLE_CRITERIA, open_scheme
from scoring.report.jsonout import dumps

C = str(EXAMPLE_CRITERIA)
D = Decimal


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def half_up(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def as_json(text: str) -> dict:
    return json.loads(text, parse_float=Decimal)


def write_units(folder: Path, n: int, seed: int = 7) -> None:
    scheme = open_scheme(C).scheme
    for i in range(n):
        doc, survey = unit(scheme, seed, i)
        (folder / f"{doc['unit']['id']}.yaml").write_text(to_yaml(doc), encoding="utf-8")
        if survey:
            (folder / f"{doc['unit']['id']}.survey.yaml").write_text(to_yaml(survey), encoding="utf-8")


@pytest.fixture(scope="module")
def units_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("units")
    write_units(folder, 24)
    return folder


# ---- ranking ------------------------------------------------------------------------------

def row(uid: str, index: str | None, points: str) -> UnitRow:
    return UnitRow(f"{uid}.yaml", uid, uid.upper(), D(points), D(100), None if index is None else D(index),
                   None, (), 0, ())


def test_equal_index_shares_a_rank_and_the_next_rank_skips():
    rows = [row("c", "80", "80"), row("a", "90", "90"), row("b", "80", "80"), row("d", "70", "70")]
    ranked = rank_rows(rows)
    assert [(r.rank, r.row.unit_id) for r in ranked] == [(1, "a"), (2, "b"), (2, "c"), (4, "d")]


def test_ties_are_listed_by_points_then_unit_id_whatever_the_input_order():
    rows = [row("z", "80", "64"), row("m", "80", "72"), row("b", "80", "64"), row("q", None, "0"),
            row("a", "95.5", "10")]
    want = [(1, "a"), (2, "m"), (2, "b"), (2, "z"), (5, "q")]
    for order in (rows, rows[::-1], rows[2:] + rows[:2]):
        assert [(r.rank, r.row.unit_id) for r in rank_rows(order)] == want


# ---- a folder of files --------------------------------------------------------------------

def test_rank_folder_json_shape(capsys, units_dir):
    code, out, err = run_cli(capsys, "rank", C, str(units_dir), "--survey-dir", str(units_dir),
                             "--format", "json", "--jobs", "1")
    assert code == 0, err
    assert err == ""                                   # no progress line: stderr is not a terminal
    doc = as_json(out)
    assert set(doc) >= {"criteria", "units", "failed", "summary", "criteria_lost"}
    assert doc["failed"] == []
    units = doc["units"]
    assert len(units) == 24
    first = units[0]
    assert set(first) >= {"rank", "unit", "total", "areas"}
    assert set(first["unit"]) == {"id", "name"}
    assert set(first["total"]) == {"points", "max", "index", "band"}
    assert [a["id"] for a in first["areas"]] == [str(i) for i in range(1, 10)]
    assert first["rank"] == 1 and first["file"].endswith(".yaml") and "/" not in first["file"]
    indices = [u["total"]["index"] for u in units]
    assert indices == sorted(indices, reverse=True)
    summary = doc["summary"]
    assert summary["units"] == 24 and summary["failed"] == 0
    assert sum(b["units"] for b in summary["bands"]) == 24
    ordered = sorted(indices)
    assert summary["index"]["median"] == half_up((ordered[11] + ordered[12]) / 2)
    assert summary["index"]["mean"] == half_up(sum(ordered) / 24)
    assert summary["index"]["min"] == ordered[0] and summary["index"]["max"] == ordered[-1]
    lost = doc["criteria_lost"]
    assert 0 < len(lost) <= 10
    assert [x["points_lost"] for x in lost] == sorted((x["points_lost"] for x in lost), reverse=True)
    for x in lost:
        assert x["units_share"] == half_up(Decimal(x["units_losing"] * 100) / 24)


def test_rank_csv_in_vietnamese_has_a_bom_vietnamese_headers_and_decimal_commas(capsys, units_dir):
    code, out, _ = run_cli(capsys, "rank", C, str(units_dir), "--format", "csv", "--jobs", "1")
    assert code == 0 and out.startswith("\ufeff")            # LibreOffice and Excel open it as UTF-8
    table = list(csv.reader(io.StringIO(out[1:])))
    head = table[0]
    assert head[:8] == ["Hạng", "Mã đơn vị", "Tên đơn vị", "Tệp", "Tổng điểm", "Điểm tối đa", "Chỉ số CCHC (%)",
                        "Xếp loại"]
    assert head[-1] == "Lĩnh vực 9 — chỉ số (%)"
    assert len(table) == 25 and all(len(r) == len(head) for r in table)
    idx = [r[head.index("Chỉ số CCHC (%)")] for r in table[1:]]
    assert all("," in v and "." not in v for v in idx if v), idx[:3]


def test_rank_csv_has_one_row_per_unit_with_area_columns(capsys, units_dir):
    code, out, _ = run_cli(capsys, "rank", C, str(units_dir), "--format", "csv", "--jobs", "1", "--lang", "en")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    head = table[0]
    assert head[:8] == ["rank", "unit_id", "unit_name", "file", "points", "max", "index", "band"]
    assert head[-2:] == ["area_9_points", "area_9_index"]
    assert len(table) == 25 and all(len(r) == len(head) for r in table)
    assert table[1][0] == "1"
    assert all("," not in r[head.index("index")] for r in table[1:])    # plain decimals with a dot
    assert not out.startswith("\ufeff")


def test_a_corrupted_file_is_reported_and_the_others_are_ranked(capsys, tmp_path):
    write_units(tmp_path, 5)
    (tmp_path / "xa-00002.yaml").write_text("unit: {id: xa-00002\n  name: [broken\n", encoding="utf-8")
    (tmp_path / "other-scheme.yaml").write_text(
        "unit: {id: xa-khac, name: Xã khác}\ncriteria: mot-bo-khac\nevidence: {}\n", encoding="utf-8")
    (tmp_path / "xa-zz-copy.yaml").write_text((tmp_path / "xa-00001.yaml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    code, out, err = run_cli(capsys, "rank", C, str(tmp_path), "--format", "json", "--jobs", "2")
    assert code == 1
    doc = as_json(out)
    assert sorted(u["unit"]["id"] for u in doc["units"]) == ["xa-00000", "xa-00001", "xa-00003", "xa-00004"]
    failed = {f["file"]: [e["code"] for e in f["errors"]] for f in doc["failed"]}
    assert failed == {"other-scheme.yaml": ["evidence_wrong_scheme"],
                      "xa-zz-copy.yaml": ["batch_duplicate_unit"],
                      "xa-00002.yaml": ["yaml_syntax"]}
    assert [f["file"] for f in doc["failed"]] == sorted(failed)           # in file order
    assert "xa-00002.yaml:2:" in err and "3 tệp không chấm được" in err
    code, text, _ = run_cli(capsys, "rank", C, str(tmp_path), "--jobs", "1", "--lang", "en")
    assert code == 1 and "Files that could not be scored" in text and "xa-00002.yaml" in text


def test_parallel_and_serial_cli_runs_print_the_same_bytes(capsys, units_dir):
    outs = []
    for jobs in ("1", "2"):
        code, out, _ = run_cli(capsys, "rank", C, str(units_dir), "--survey-dir", str(units_dir),
                               "--format", "json", "--jobs", jobs)
        assert code == 0
        outs.append(out)
    assert outs[0] == outs[1]


def test_500_units_give_identical_results_serial_and_parallel():
    compiled = open_scheme(C)
    work = tasks(500, seed=3)
    serial = run(compiled, work, load_synthetic, jobs=1)
    parallel = run(compiled, work, load_synthetic, jobs=2)
    assert serial.units == parallel.units          # every row: totals, areas, errors, ranks
    assert serial.losses == parallel.losses and serial.failed == parallel.failed == ()
    assert dumps(view(serial)) == dumps(view(parallel))
    assert len(serial.units) == 500


def test_usage_errors(capsys, tmp_path, units_dir):
    assert run_cli(capsys, "rank", C, str(tmp_path / "nowhere"))[0] == 2
    assert run_cli(capsys, "rank", C, str(units_dir), "--format", "xlsx")[0] == 2      # needs -o
    assert run_cli(capsys, "rank", C, str(units_dir), "--jobs", "-1")[0] == 2
    code, _, err = run_cli(capsys, "rank", C, str(tmp_path))                         # empty folder
    assert code == 1 and "batch_no_units" in err


def test_xlsx_output_has_the_ranking_sheet(capsys, tmp_path, units_dir):
    from openpyxl import load_workbook
    out = tmp_path / "rank.xlsx"
    code, _, _ = run_cli(capsys, "rank", C, str(units_dir), "--format", "xlsx", "-o", str(out), "--jobs", "1")
    assert code == 0
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["Xếp hạng", "Tổng hợp"]
    ws = wb["Xếp hạng"]
    assert ws["A1"].value.startswith("KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM")
    assert ws.cell(row=4, column=1).value == "Hạng" and ws.cell(row=5, column=1).value == 1 and ws.max_row == 28
    assert ws.cell(row=4, column=11).value.startswith("Chỉ số (%) 1. ")        # the area is named
    assert ws.column_dimensions["C"].width >= 30 and ws.print_title_rows.replace("$", "") == "4:4"
    assert ws.cell(row=5, column=7).number_format.startswith("[$-42A]")


# ---- the relative rule kind ---------------------------------------------------------------

REL_SCHEME = dedent("""\
    id: so-sanh
    title: Bộ có tiêu chí so sánh
    level: xa
    year: 2024
    version: "1"
    bands:
      - {min: 80, label: Tốt}
      - {min: 0, label: Chưa tốt}
    evidence:
      sang_kien: {type: count, title: Số sáng kiến, better: higher}
      ke_hoach: {type: boolean, title: Có kế hoạch}
    areas:
      - id: "1"
        title: Lĩnh vực 1
        max: 3
        criteria:
          - id: "1.1"
            title: Sáng kiến so với đơn vị tốt nhất
            max: 2
            rule: {kind: relative, evidence: sang_kien}
          - id: "1.2"
            title: Kế hoạch
            max: 1
            rule: {kind: check, evidence: ke_hoach}
""")


def rel_unit(uid: str, count: int | None) -> str:
    ev = f"sang_kien: {count}, " if count is not None else ""
    return f"unit: {{id: {uid}, name: Xã {uid}}}\ncriteria: so-sanh\nevidence: {{{ev}ke_hoach: true}}\n"


def test_relative_scores_against_the_best_unit_in_batch_mode(capsys, tmp_path):
    (tmp_path / "c.yaml").write_text(REL_SCHEME, encoding="utf-8")
    units = tmp_path / "units"
    units.mkdir()
    for uid, n in (("a", 6), ("b", 3), ("c", 0), ("d", None), ("e", 4)):
        (units / f"{uid}.yaml").write_text(rel_unit(uid, n), encoding="utf-8")
    code, out, err = run_cli(capsys, "rank", str(tmp_path / "c.yaml"), str(units), "--format", "json")
    assert code == 0, err
    doc = as_json(out)
    got = {u["unit"]["id"]: (u["rank"], u["total"]["points"]) for u in doc["units"]}
    # 1.1 pays 2 × value ÷ 6 rounded to 0.01; missing evidence pays min; 1.2 pays 1
    assert got == {"a": (1, 3), "e": (2, D("2.33")), "b": (3, 2), "c": (4, 1), "d": (4, 1)}
    assert doc["relative"] == [{"id": "1.1", "title": "Sáng kiến so với đơn vị tốt nhất", "best": 6}]
    for jobs in ("1", "2"):
        assert run_cli(capsys, "rank", str(tmp_path / "c.yaml"), str(units), "--format", "json",
                       "--jobs", jobs)[1] == out


def test_relative_is_an_error_when_scoring_one_unit(capsys, tmp_path):
    (tmp_path / "c.yaml").write_text(REL_SCHEME, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(rel_unit("a", 6), encoding="utf-8")
    code, out, _ = run_cli(capsys, "score", str(tmp_path / "c.yaml"), str(tmp_path / "a.yaml"), "--format", "json")
    assert code == 1
    node = next(n for n in as_json(out)["nodes"] if n["id"] == "1.1")
    assert node["status"] == "error"
    assert "batch mode" in node["events"][-1]["message"] and "parscore rank" in node["events"][-1]["message"]
    # even with its evidence missing, the node says it needs batch mode rather than "missing"
    compiled = compile_scheme(load_scheme_text(REL_SCHEME))
    sub = load_evidence_text(rel_unit("d", None), compiled.scheme)
    assert score(compiled, sub).nodes["1.1"].status == "error"


@pytest.mark.parametrize("matcher", ["durable", "python"])
def test_relative_points_and_the_best_value_zero(matcher):
    compiled = compile_scheme(load_scheme_text(REL_SCHEME))
    sub = load_evidence_text(rel_unit("b", 3), compiled.scheme)
    node = score(compiled, sub, matcher=matcher, batch={"1.1": Fraction(7)}).nodes["1.1"]
    assert (node.points, node.status, node.branch) == (D("0.86"), "partial", "scaled")
    node = score(compiled, sub, matcher=matcher, batch={"1.1": Fraction(3)}).nodes["1.1"]
    assert (node.points, node.status, node.branch) == (D(2), "met", "best")
    zero = load_evidence_text(rel_unit("c", 0), compiled.scheme)
    result = score(compiled, zero, matcher=matcher, batch={"1.1": Fraction(0)})
    node = result.nodes["1.1"]
    assert (node.status, node.excluded, node.na_reason) == ("not_applicable", True, "relative_best_zero")
    assert result.total.max == 1


def test_relative_rejects_evidence_that_is_better_lower():
    from criteria import InputError
    bad = REL_SCHEME.replace("better: higher", "better: lower")
    with pytest.raises(InputError) as exc:
        compile_scheme(load_scheme_text(bad))
    assert [d.code for d in exc.value.diagnostics] == ["not_monotone"]


# ---- the workbook form --------------------------------------------------------------------

def test_units_workbook_one_row_per_unit(capsys, tmp_path):
    from openpyxl import Workbook
    (tmp_path / "c.yaml").write_text(REL_SCHEME, encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    ws.append(["unit_id", "unit_name", "sang_kien", "ke_hoach"])
    ws.append(["xa-a", "Xã A", 5, True])
    ws.append(["xa-b", "Xã B", 2, "Không"])
    ws.append([None, None, None, None])
    ws.append(["xa-c", "Xã C", "nhiều", "có"])
    ws.append(["xa-d", "Xã D", "KPS", "có"])
    wb.save(tmp_path / "units.xlsx")
    code, out, err = run_cli(capsys, "rank", str(tmp_path / "c.yaml"), str(tmp_path / "units.xlsx"),
                             "--format", "json")
    assert code == 1
    doc = as_json(out)
    assert [(u["unit"]["id"], u["total"]["points"]) for u in doc["units"]] == \
        [("xa-a", 3), ("xa-d", 1), ("xa-b", D("0.8"))]
    assert doc["units"][0]["file"] == "units.xlsx:2"
    (failed,) = doc["failed"]
    assert failed["file"] == "units.xlsx:5"
    assert failed["errors"][0]["code"] == "evidence_bad_value" and failed["errors"][0]["cell"] == "Sheet!C5"


def test_units_workbook_with_an_unknown_column_is_rejected(capsys, tmp_path):
    from openpyxl import Workbook
    (tmp_path / "c.yaml").write_text(REL_SCHEME, encoding="utf-8")
    wb = Workbook()
    wb.active.append(["unit_id", "unit_name", "sang_kienn"])
    wb.save(tmp_path / "units.xlsx")
    code, _, err = run_cli(capsys, "rank", str(tmp_path / "c.yaml"), str(tmp_path / "units.xlsx"))
    assert code == 1 and "evidence_unknown_key" in err and "sang_kien" in err


def test_ranked_record_is_small():
    # what the parent keeps per unit carries no trace events
    compiled = open_scheme(C)
    result = run(compiled, tasks(3, seed=5), load_synthetic)
    assert all(isinstance(r, Ranked) and r.row.losses == () for r in result.units)
