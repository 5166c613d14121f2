"""Schemes in Excel: template, import, export; the round trip keeps the scheme's sha256."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import openpyxl
import pytest
from hypothesis import given, settings

from criteria.xlsx_scheme import read_scheme_workbook
from rules.compile import compile_tree, load_and_compile_text
from scoring import cli
from scoring.authoring.workbook import scheme_workbook, template_workbook
from scoring.authoring.yaml_out import scheme_yaml
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, open_scheme

from strategies import compile_dict, scheme_dict


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_model_scheme_round_trip_through_the_cli(tmp_path, capsys):
    xlsx, yml = tmp_path / "mau.xlsx", tmp_path / "mau.yaml"
    assert run(capsys, "criteria", "export", EXAMPLE_CRITERIA, "-o", xlsx)[0] == 0
    code, _, err = run(capsys, "criteria", "import", xlsx, "-o", yml)
    assert code == 0 and "hợp lệ" in err
    original = open_scheme(EXAMPLE_CRITERIA)
    back = open_scheme(yml)
    assert back.sha256 == original.sha256 == open_scheme(xlsx).sha256
    assert back.scheme.model == original.scheme.model
    # canonical: the YAML written from the workbook is a fixed point, and so is the workbook
    assert scheme_yaml(back.scheme.model, "x") == scheme_yaml(original.scheme.model, "x")
    assert scheme_workbook(back.scheme.model) == xlsx.read_bytes()
    # a workbook scores like the YAML file it came from
    import json
    code, out_x, _ = run(capsys, "score", xlsx, EXAMPLE_EVIDENCE, "--format", "json")
    code2, out_y, _ = run(capsys, "score", EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, "--format", "json")
    x, y = json.loads(out_x), json.loads(out_y)
    assert code == code2 and x["total"] == y["total"] and x["criteria"] == y["criteria"]
    assert [(n["id"], n["points"], n["status"]) for n in x["nodes"]] == \
        [(n["id"], n["points"], n["status"]) for n in y["nodes"]]


def test_validate_accepts_a_workbook(tmp_path, capsys):
    xlsx = tmp_path / "mau.xlsx"
    xlsx.write_bytes(scheme_workbook(open_scheme(EXAMPLE_CRITERIA).scheme.model))
    code, out, _ = run(capsys, "validate", xlsx)
    assert code == 0 and "hợp lệ — mau-xa-2024" in out


@settings(max_examples=25, deadline=None)
@given(scheme_dict())
def test_generated_schemes_round_trip(data):
    compiled = compile_dict(data)
    import io
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = f"{d}/s.xlsx"
        with open(path, "wb") as fh:
            fh.write(scheme_workbook(compiled.scheme.model))
        back = compile_tree(read_scheme_workbook(path), path)
    assert back.sha256 == compiled.sha256
    assert back.scheme.model == compiled.scheme.model
    again = load_and_compile_text(scheme_yaml(back.scheme.model))
    assert again.sha256 == compiled.sha256
    del io


def test_exact_decimals_and_yaml_only_values_survive(tmp_path):
    text = """id: t
title: Thử
level: xa
year: 2024
version: "2"
rounding: 0.010
evidence:
  a: {type: percent, title: A, better: higher}
  d: {type: document, title: D}
areas:
  - id: "1"
    title: L
    max: 2.50
    criteria:
      - id: "1.1"
        title: x
        max: 1.0
        rule: {kind: bands, evidence: a, bands: [{ge: 90.0, points: 1.0}, {gt: 50, le: 90, points: 0.5}], otherwise: 0.}
      - id: "1.2"
        title: "=y; {z}"
        max: 1.50
        note: "Dòng 1\\nDòng 2"
        rule: {kind: deadline, evidence: d, due: 2024-01-31, late: [{within_days: 7, points: 1.0}], missing: null}
"""
    original = load_and_compile_text(text)
    path = tmp_path / "t.xlsx"
    path.write_bytes(scheme_workbook(original.scheme.model))
    back = compile_tree(read_scheme_workbook(path), str(path))
    assert back.sha256 == original.sha256
    assert back.scheme.model.areas[0].criteria[1].title == "=y; {z}"
    ws = openpyxl.load_workbook(path)["Tiêu chí"]
    row = [c.value for c in ws[5]]
    assert ">=90,0: 1,0; >50 <=90: 0,5" in row            # bands in the cell syntax
    assert "{otherwise: 0.}" in row                        # 0. (a decimal) has no cell of its own


def test_template_filled_like_an_officer_imports(tmp_path, capsys):
    path = tmp_path / "t.xlsx"
    path.write_bytes(template_workbook())
    wb = openpyxl.load_workbook(path)
    head = wb["Thông tin chung"]
    values = {"id": "tinh-xa-2025", "title": "Bộ tiêu chí cấp xã năm 2025", "level": "xa (cấp xã, phường)",
              "year": 2025, "version": "1.0", "deadline": dt.datetime(2025, 11, 20)}
    for row in head.iter_rows(min_row=4, max_row=14):
        if row[1].value in values:
            row[2].value = values[row[1].value]
    head["A18"], head["B18"] = 90, "Tốt"
    head["A19"], head["B19"] = 0, "Chưa tốt"
    ev = wb["Danh mục tài liệu kiểm chứng"]
    ev.append([])
    for i, r in enumerate([("ke_hoach", "Kế hoạch CCHC", "document (văn bản)", None),
                           ("dung_han", "Hồ sơ đúng hạn", "count", "higher"),
                           ("tiep_nhan", "Hồ sơ tiếp nhận", "count (số lượng)", None)], start=4):
        for j, v in enumerate(r, start=1):
            ev.cell(row=i, column=j, value=v)
    nodes = wb["Tiêu chí"]
    cols = {c.value: c.column for c in nodes[3]}
    rows = [{"Mã tiêu chí (id)": "1", "Nội dung tiêu chí (title)": "Chỉ đạo, điều hành", "Điểm tối đa (max)": 2},
            {"Mã tiêu chí (id)": "1.1", "Thuộc tiêu chí (mã cha)": "1", "Nội dung tiêu chí (title)": "Kế hoạch",
             "Điểm tối đa (max)": 1, "Cách chấm (kind)": "deadline (theo thời hạn)", "Tài liệu (evidence)": "ke_hoach",
             "Hạn (due)": "31/01/2025", "Điểm trễ hạn (late)": "15 ngày: 0,5; 30 ngày: 0,25"},
            {"Mã tiêu chí (id)": "1.2", "Thuộc tiêu chí (mã cha)": "1", "Nội dung tiêu chí (title)": "Đúng hạn",
             "Điểm tối đa (max)": 1, "Cách chấm (kind)": "bands", "Tỷ lệ: tử số (ratio.of)": "dung_han",
             "Tỷ lệ: mẫu số (ratio.to)": "tiep_nhan", "Các mức điểm (bands)": "≥ 95: 1; ≥ 80: 0,5",
             "Khi không phát sinh (na)": "tính đủ điểm"}]
    for i, r in enumerate(rows, start=4):
        for label, v in r.items():
            nodes.cell(row=i, column=cols[label], value=v)
    wb.save(path)
    out = tmp_path / "s.yaml"
    code, _, err = run(capsys, "criteria", "import", path, "-o", out)
    assert code == 0, err
    compiled = open_scheme(out)
    rules = {k: r for k, r in ((n.id, n.node.rule) for n in compiled.scheme.leaves())}
    assert rules["1.1"]["late"] == [{"within_days": 15, "points": D("0.5")}, {"within_days": 30, "points": D("0.25")}]
    assert rules["1.1"]["due"] == dt.date(2025, 1, 31)
    assert rules["1.2"]["bands"] == [{"ge": 95, "points": 1}, {"ge": 80, "points": D("0.5")}]
    assert compiled.scheme.nodes["1.2"].na == "full"
    assert [b.label for b in compiled.scheme.model.bands] == ["Tốt", "Chưa tốt"]


def _broken(tmp_path, edit) -> str:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(scheme_workbook(open_scheme(EXAMPLE_CRITERIA).scheme.model))
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return str(path)


def _col(ws, label: str) -> str:
    return next(c.column_letter for c in ws[3] if c.value == label)


def _at(ws, label: str, node_id: str) -> str:
    row = next(r[0].row for r in ws.iter_rows(min_row=4) if r[0].value == node_id)
    return f"{_col(ws, label)}{row}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bad_workbook_errors_name_sheet_and_cell(tmp_path, capsys, lang):
    def edit(wb):
        ws = wb["Tiêu chí"]
        ws[_at(ws, "Các mức điểm (bands)", "1.1.3")] = ">= chín mươi: 1"
        ws[_at(ws, "Điểm tối đa (max)", "1.2")] = "hai"
        ws[_at(ws, "Thuộc tiêu chí (mã cha)", "1.2.2")] = "1.9"
    path = _broken(tmp_path, edit)
    code, out, err = run(capsys, "criteria", "import", path, "--lang", lang)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) >= 3
    cells = "\n".join(lines)
    if lang == "vi":
        assert "bad.xlsx:Tiêu chí!M8: scheme_xlsx_value:" in cells and "không đọc được điều kiện" in cells
        assert "Tiêu chí!B11: scheme_xlsx_value:" in cells and "mã cha «1.9»" in cells
    else:
        assert "bad.xlsx:Tiêu chí!M8: scheme_xlsx_value: Các mức điểm (bands): band 1" in cells
        assert "parent \"1.9\" is not the id of any row" in cells


def test_loader_errors_point_at_cells(tmp_path, capsys):
    def edit(wb):
        ws = wb["Tiêu chí"]
        ws[_at(ws, "Cách chấm (kind)", "1.2.1")] = "deadlin"
        ws[_at(ws, "Tài liệu (evidence)", "1.2.3")] = "bao_cao_9_thng"
    path = _broken(tmp_path, edit)
    code, out, err = run(capsys, "validate", path)
    assert code == 1
    assert "bad.xlsx:Tiêu chí!H10: unknown_rule_kind:" in err and "«deadline»" in err
    assert "bad.xlsx:Tiêu chí!I12: unknown_evidence:" in err and "«bao_cao_9_thang»" in err


def test_a_number_cell_holding_words(tmp_path, capsys):
    path = _broken(tmp_path, lambda wb: wb["Tiêu chí"].__setitem__("D9", "hai"))
    code, _, err = run(capsys, "validate", path)
    assert code == 1 and "bad.xlsx:Tiêu chí!D9: bad_type: sai kiểu giá trị" in err and "cần một số" in err


def test_not_a_scheme_workbook(tmp_path, capsys):
    path = tmp_path / "x.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(path)
    code, _, err = run(capsys, "criteria", "import", path)
    assert code == 1 and "scheme_xlsx_layout" in err and "không có trang «Tiêu chí»" in err
    (tmp_path / "y.xlsx").write_bytes(b"not a zip")
    code, _, err = run(capsys, "validate", tmp_path / "y.xlsx")
    assert code == 1 and "file_unreadable" in err
    code, _, err = run(capsys, "criteria", "template")
    assert code == 2 and "-o FILE.xlsx" in err
