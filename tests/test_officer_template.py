"""`parscore template`: the blank evidence form, XLSX and YAML."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
import yaml

from criteria.yamlsrc import read_yaml
from evidence import load_evidence, load_evidence_text
from scoring.cli import main
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, open_scheme
from test_officer_xlsx import CRIT, layout, same_score, template_bytes


@pytest.fixture(scope="module")
def compiled():
    return open_scheme(EXAMPLE_CRITERIA)


def test_template_xlsx_has_one_row_per_declarable_key(tmp_path, compiled):
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(tmp_path)))
    assert wb.sheetnames == ["Tài liệu kiểm chứng", "Hướng dẫn"]
    ws = wb.active
    header, head_row, cols, rows = layout(ws)
    catalogue = compiled.scheme.model.evidence
    declarable = {k for k, s in catalogue.items() if s.type != "survey"}
    assert set(rows) == declarable
    assert [ws.cell(head_row, c).value for c in range(1, 8)] == [
        "STT", "Mã (không sửa)", "Nội dung cần kê khai", "Loại", "Đơn vị tính", "Tiêu chí (điểm tối đa)",
        "Giá trị / điểm tự chấm"]
    assert set(header) == {"criteria", "unit.id", "unit.name", "unit.province", "prepared_by", "date"}
    assert ws.cell(header["criteria"], 3).value == "mau-xa-2024"
    r = rows["ho_so_dung_han"]
    assert ws.cell(r, cols["title"]).value == catalogue["ho_so_dung_han"].title
    assert ws.cell(r, cols["type"]).value == "Số lượng"
    assert ws.cell(r, cols["criteria"]).value == "3.3.1: 4 điểm"
    assert ws.cell(rows["ho_so_tiep_nhan"], cols["criteria"]).value == "3.3.1: 4 điểm\n3.5.1: 1,5 điểm"


def test_template_xlsx_validates_and_prints(tmp_path):
    ws = openpyxl.load_workbook(io.BytesIO(template_bytes(tmp_path))).active
    _, head_row, cols, rows = layout(ws)
    value_col = openpyxl.utils.get_column_letter(cols["value"])

    def rule_for(key):
        cell = f"{value_col}{rows[key]}"
        found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
        assert len(found) == 1, key
        return found[0]

    assert rule_for("chuyen_muc_cchc").type == "list"
    assert rule_for("chuyen_muc_cchc").formula1 == '"Có,Không"'
    pct = rule_for("ty_le_so_hoa")
    assert (pct.type, pct.operator, pct.formula1, pct.formula2) == ("decimal", "between", "0", "100")
    count = rule_for("ho_so_dung_han")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert rule_for("cong_khai_du_toan").type == "date"
    manual = rule_for("diem_sang_kien")
    assert (manual.type, manual.formula1, manual.formula2) == ("decimal", "0", "0.5")
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == f"{head_row}:{head_row}"
    assert ws.column_dimensions["C"].width >= 30
    assert ws.cell(rows["ke_hoach_cchc"], cols["title"]).alignment.wrap_text


def test_template_is_byte_deterministic(tmp_path):
    assert template_bytes(tmp_path, fresh=True) == template_bytes(tmp_path, fresh=True)


def test_template_english(tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(tmp_path, "en")))
    ws = wb["Evidence"]
    _, head_row, _, _ = layout(ws, "en")
    assert ws.cell(head_row, 2).value == "Key (do not edit)"


def test_template_xlsx_is_refused_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["template", CRIT]) == 2
    err = capsys.readouterr().err
    assert "-o" in err and "Traceback" not in err


def test_template_format_follows_the_output_suffix(tmp_path):
    out = tmp_path / "form.yaml"
    assert main(["template", CRIT, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Mẫu kê khai")


def test_template_yaml_documents_and_parses_once_filled(tmp_path, capsys, compiled):
    assert main(["template", CRIT, "--format", "yaml"]) == 0
    text = capsys.readouterr().out
    assert "# Kế hoạch cải cách hành chính năm 2024 của UBND cấp xã" in text
    assert "# Văn bản — tiêu chí 1.1.1 (0,75 điểm)" in text
    assert "# Số lượng — tiêu chí 3.3.1 (4 điểm), 3.5.1 (1,5 điểm)" in text
    assert "hai_long_nguoi_dan" not in text           # survey keys come from the province
    example = read_yaml(EXAMPLE_EVIDENCE)
    filled = text.replace("  id:          #", f"  id: {example['unit']['id']}  #")
    filled = filled.replace("  name:        #", f"  name: {example['unit']['name']}  #")
    for key, item in example["evidence"].items():
        dumped = yaml.safe_dump({key: _plain(item)}, allow_unicode=True, default_flow_style=True, width=10_000)
        filled, n = re.subn(rf"^  # {key}: .*$", "  " + dumped.strip()[1:-1], filled, flags=re.M)
        assert n == 1, key
    sub = load_evidence_text(filled, compiled.scheme, "filled.yaml")
    same_score(compiled, load_evidence(EXAMPLE_EVIDENCE, compiled.scheme), sub)


def _plain(v):
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


