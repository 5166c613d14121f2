"""The XLSX form accepts what officers type, and helps them type it (issue #15, part 6)."""
from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from evidence import load_evidence
from evidence.xlsx import number_text
from scoring import cli
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, open_scheme

from test_officer_xlsx import edit, fill_form, layout, template_bytes

C = str(EXAMPLE_CRITERIA)
SHEET = "Tài liệu kiểm chứng"


@pytest.mark.parametrize("text,etype,value", [
    ("97,73", "percent", Decimal("97.73")), ("97,73%", "percent", Decimal("97.73")), ("1.498", "count", 1498),
    ("1 498", "count", 1498), ("0,5", "number", Decimal("0.5")), ("1.498,5", "number", Decimal("1498.5")),
    ("97.5", "percent", Decimal("97.5")), ("-3", "number", -3), ("12", "count", 12),
    ("1,2,3", "number", None), ("0.500", "number", None), ("abc", "count", None), ("97,73%", "count", None),
])
def test_vietnamese_number_text(text, etype, value):
    assert number_text(text, etype) == value


@pytest.fixture(scope="module")
def compiled():
    return open_scheme(EXAMPLE_CRITERIA)


def test_text_cells_in_vietnamese_format_score_the_same_and_check_says_how(tmp_path, capsys, compiled):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    typed = tmp_path / "typed.xlsx"
    rows, cols = edit(base, {("ty_le_hoan_thanh", "value"): "97,73", ("ho_so_dung_han", "value"): "1.498",
                             ("diem_766", "value"): "86,45"}, typed)
    a = load_evidence(base, compiled.scheme)
    b = load_evidence(typed, compiled.scheme)
    for key in ("ty_le_hoan_thanh", "ho_so_dung_han", "diem_766"):
        assert a.items[key].value == b.items[key].value
    assert cli.main(["score", C, str(base), "--format", "json"]) == 0
    plain = capsys.readouterr().out
    assert cli.main(["score", C, str(typed), "--format", "json"]) == 0
    assert capsys.readouterr().out.replace(str(typed), "F") == plain.replace(str(base), "F")
    assert cli.main(["check", C, str(typed), "--today", "15/11/2024"]) == 0
    out = capsys.readouterr().out
    col = openpyxl.utils.get_column_letter(cols["value"])
    assert f"{SHEET}!{col}{rows['ty_le_hoan_thanh']}: «97,73» → 97,73" in out
    assert f"{SHEET}!{col}{rows['ho_so_dung_han']}: «1.498» → 1.498" in out
    assert cli.main(["check", C, str(typed), "--today", "15/11/2024", "--format", "json"]) == 0
    read = json.loads(capsys.readouterr().out)["read_as_numbers"]
    assert {(r["text"], r["value"]) for r in read} == {("97,73", 97.73), ("1.498", 1498), ("86,45", 86.45)}


def test_a_row_inserted_under_a_key_lists_one_more_document(tmp_path, compiled):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    wb = openpyxl.load_workbook(base)
    ws = wb[SHEET]
    _, _, cols, rows = layout(ws)
    r = rows["ke_hoach_cchc"]
    ws.insert_rows(r + 1)                          # the key cell stays empty: the column is protected
    ws.cell(r + 1, cols["number"]).value = "56/QĐ-UBND"
    ws.cell(r + 1, cols["doc_title"]).value = "Quyết định sửa đổi Kế hoạch CCHC"
    wb.save(tmp_path / "more.xlsx")
    item = load_evidence(tmp_path / "more.xlsx", compiled.scheme).items["ke_hoach_cchc"]
    assert [d.number for d in item.documents] == ["55/QĐ-UBND", "56/QĐ-UBND"]


def test_a_keyless_row_with_a_value_is_still_an_error(tmp_path, capsys):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    wb = openpyxl.load_workbook(base)
    ws = wb[SHEET]
    _, _, cols, rows = layout(ws)
    r = rows["ty_le_hoan_thanh"]
    ws.insert_rows(r + 1)
    ws.cell(r + 1, cols["value"]).value = 50
    wb.save(tmp_path / "bad.xlsx")
    assert cli.main(["score", C, str(tmp_path / "bad.xlsx")]) == 1
    assert "«Mã»" in capsys.readouterr().err


def test_form_has_a_guide_frozen_panes_prompts_and_a_protected_id_column(tmp_path):
    out = tmp_path / "f.xlsx"
    assert cli.main(["template", C, "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET, "Hướng dẫn"]
    ws = wb[SHEET]
    header, head, cols, rows = layout(ws)
    assert ws.freeze_panes == f"{openpyxl.utils.get_column_letter(cols['type'])}{head + 1}"
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.insertRows is False          # inserting rows stays allowed
    r = rows["ty_le_hoan_thanh"]
    assert ws.cell(r, cols["key"]).protection.locked                    # the id column is protected
    assert ws.cell(r, cols["title"]).protection.locked
    for f in ("value", "number", "date", "doc_title", "page", "file", "reason", "justification"):
        assert not ws.cell(r, cols[f]).protection.locked, f
    assert not ws.cell(header["unit.id"], 3).protection.locked and ws.cell(header["criteria"], 3).protection.locked
    prompts = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    prompts[(row, col)] = (dv.showInputMessage, dv.prompt)
    value_prompt = prompts[(r, cols["value"])]
    assert value_prompt[0] and "0 đến 100" in value_prompt[1] and len(value_prompt[1]) <= 255
    assert prompts[(r, cols["file"])][0] and "PDF" in prompts[(r, cols["file"])][1]
    guide = "\n".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "HƯỚNG DẪN" in guide and "«1.498»" in guide and "chèn một dòng ngay dưới" in guide


def test_the_hint_speaks_of_quotes_only_when_there_are_quotes(tmp_path, capsys):
    ev = tmp_path / "e.yaml"
    text = EXAMPLE_EVIDENCE.read_text(encoding="utf-8")
    ev.write_text(text.replace("    value: 97.73\n", "    value: 97,73\n", 1), encoding="utf-8")
    assert cli.main(["score", C, str(ev)]) == 1
    err = capsys.readouterr().err
    assert "dấu nháy" not in err and "viết bằng dấu chấm: 97.73" in err
