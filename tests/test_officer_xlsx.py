"""Reading a filled XLSX evidence form back; the helpers that fill a form as an officer would."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from criteria.yamlsrc import read_yaml
from evidence import load_evidence
from evidence.values import parse_date
from evidence.xlsx import COLUMN_LABELS, HEADER_LABELS, norm
from scoring import score
from scoring.cli import main
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, open_scheme

CRIT = str(EXAMPLE_CRITERIA)


@pytest.fixture(scope="module")
def compiled():
    return open_scheme(EXAMPLE_CRITERIA)


_FORMS: dict[str, bytes] = {}


def template_bytes(tmp_path, lang="vi", fresh=False) -> bytes:
    """The blank form written by the command (made once per language unless ``fresh``)."""
    if fresh or lang not in _FORMS:
        out = tmp_path / f"form-{lang}.xlsx"
        assert main(["template", CRIT, "-o", str(out), "--lang", lang]) == 0
        _FORMS[lang] = out.read_bytes()
    return _FORMS[lang]


def layout(ws, lang="vi"):
    """(header cell per field, table header row, column per field, row per key)."""
    heads = {norm(v): k for k, v in HEADER_LABELS[lang].items()}
    cols_by_label = {norm(v): k for k, v in COLUMN_LABELS[lang].items()}
    header, head_row, cols, rows = {}, None, {}, {}
    for r in range(1, ws.max_row + 1):
        a = ws.cell(r, 1).value
        if head_row is None and isinstance(a, str) and norm(a) in heads:
            header[heads[norm(a)]] = r
        b = ws.cell(r, 2).value
        if head_row is None and isinstance(b, str) and norm(b) in cols_by_label:
            head_row = r
            cols = {cols_by_label[norm(ws.cell(r, c).value)]: c for c in range(1, ws.max_column + 1)
                    if isinstance(ws.cell(r, c).value, str)}
        elif head_row and ws.cell(r, cols["key"]).value:
            rows[ws.cell(r, cols["key"]).value] = r
    return header, head_row, cols, rows


def fill_form(form: bytes, evidence_path, out_path, text_dates=False, lang="vi") -> None:
    """Type the facts of a YAML evidence file into a blank form, as an officer would."""
    raw = read_yaml(evidence_path)
    wb = openpyxl.load_workbook(io.BytesIO(form))
    ws = wb.active
    header, _, cols, rows = layout(ws, lang)
    unit = raw["unit"]
    for field, value in (("unit.id", unit["id"]), ("unit.name", unit["name"]),
                         ("unit.province", unit.get("province")), ("prepared_by", raw.get("prepared_by"))):
        if value is not None:
            ws.cell(header[field], 3).value = value
    yes, no = ("Có", "Không") if lang == "vi" else ("Yes", "No")

    def day(v):
        d = parse_date(v)
        return d.strftime("%d/%m/%Y") if text_dates else d

    for key, item in raw["evidence"].items():
        r = rows[key]

        def put(field, value, r=r):
            ws.cell(r, cols[field]).value = float(value) if isinstance(value, Decimal) else value

        def doc(d):
            for f, name in (("number", "number"), ("doc_title", "title"), ("page", "page"), ("file", "file")):
                if d.get(name):
                    put(f, d[name])
            if d.get("date"):
                put("date", day(d["date"]))

        if isinstance(item, dict) and item.get("na"):
            put("reason", item["reason"])
            continue
        if isinstance(item, dict) and "points" in item:
            put("value", item["points"])
            put("justification", item["justification"])
            continue
        if isinstance(item, dict) and "value" not in item:
            doc(item)
            if item.get("note"):
                put("justification", item["note"])
            continue
        value = item["value"] if isinstance(item, dict) else item
        if isinstance(value, bool):
            value = yes if value else no
        elif isinstance(value, (dt.date, str)):
            value = day(value)
        put("value", value)
        if isinstance(item, dict):
            for d in item.get("documents") or []:
                doc(d)
            if item.get("note"):
                put("justification", item["note"])
    wb.save(out_path)


def same_score(compiled, a, b):
    ra, rb = score(compiled, a), score(compiled, b)
    assert ra.total == rb.total
    for nid in ra.nodes:
        assert (ra.nodes[nid].points, ra.nodes[nid].status) == (rb.nodes[nid].points, rb.nodes[nid].status), nid


# ---- import ----------------------------------------------------------------------

@pytest.mark.parametrize("text_dates", [False, True], ids=["excel-dates", "text-dates"])
def test_round_trip_gives_the_same_score(tmp_path, compiled, text_dates):
    path = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, path, text_dates=text_dates)
    yaml_sub = load_evidence(EXAMPLE_EVIDENCE, compiled.scheme)
    xlsx_sub = load_evidence(path, compiled.scheme)
    assert set(xlsx_sub.items) == set(yaml_sub.items)
    for key, item in yaml_sub.items.items():
        other = xlsx_sub.items[key]
        assert (other.value, other.na, other.reason, other.documents, other.note) == \
            (item.value, item.na, item.reason, item.documents, item.note), key
    same_score(compiled, yaml_sub, xlsx_sub)
    assert xlsx_sub.items["ke_hoach_cchc"].loc.cell.startswith("Tài liệu kiểm chứng!I")


def test_round_trip_english_form(tmp_path, compiled):
    path = tmp_path / "filled-en.xlsx"
    fill_form(template_bytes(tmp_path, "en"), EXAMPLE_EVIDENCE, path, lang="en")
    same_score(compiled, load_evidence(EXAMPLE_EVIDENCE, compiled.scheme), load_evidence(path, compiled.scheme))


def test_score_accepts_a_filled_form(tmp_path, capsys):
    path = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, path)
    assert main(["score", CRIT, str(path), "--format", "json"]) == 0
    yaml_out = capsys.readouterr().out
    assert '"points": 64.56' in yaml_out


def edit(path, changes, out):
    """Set cells of a filled form by (key, field) → value; key None for a header field."""
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header, _, cols, rows = layout(ws)
    for (key, field), value in changes.items():
        if key is None:
            ws.cell(header[field], 3).value = value
        else:
            c = ws.cell(rows[key], cols[field])
            c.value = value
            if isinstance(value, float) and field == "value" and key.startswith("ty_le"):
                c.number_format = "0.00%"
    wb.save(out)
    return rows, cols


def test_cells_read_as_an_officer_means_them(tmp_path, compiled):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    out = tmp_path / "edited.xlsx"
    edit(base, {("chuyen_muc_cchc", "value"): " không ",          # Có/Không, any case and spacing
                ("ty_le_so_hoa", "value"): 0.968,                 # shown as 96,80%
                ("so_tin_bai_cchc", "value"): None,               # emptied: missing evidence
                ("phan_anh_kien_nghi", "reason"): "Không phát sinh phản ánh.",
                ("cong_khai_du_toan", "value"): "10/01/2024"}, out)
    sub = load_evidence(out, compiled.scheme)
    assert sub.items["chuyen_muc_cchc"].value is False
    assert sub.items["ty_le_so_hoa"].value == Decimal("96.8")
    assert "so_tin_bai_cchc" not in sub.items
    assert sub.items["phan_anh_kien_nghi"].na and sub.items["phan_anh_kien_nghi"].reason == "Không phát sinh phản ánh."
    assert sub.items["cong_khai_du_toan"].value == dt.date(2024, 1, 10)


def test_columns_are_found_by_their_labels(tmp_path, compiled):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    wb = openpyxl.load_workbook(base)
    ws = wb.active
    for rng in list(ws.merged_cells.ranges):    # openpyxl does not move merged ranges; Excel does
        ws.unmerge_cells(str(rng))
    ws.insert_cols(3)                           # an officer adds a column of their own
    wb.save(tmp_path / "wider.xlsx")
    same_score(compiled, load_evidence(EXAMPLE_EVIDENCE, compiled.scheme), load_evidence(tmp_path / "wider.xlsx",
                                                                                          compiled.scheme))


def test_a_repeated_key_row_adds_a_document(tmp_path, compiled):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    wb = openpyxl.load_workbook(base)
    ws = wb.active
    _, _, cols, rows = layout(ws)
    r = rows["ke_hoach_cchc"]
    ws.insert_rows(r + 1)
    ws.cell(r + 1, cols["key"]).value = "ke_hoach_cchc"
    ws.cell(r + 1, cols["number"]).value = "56/QĐ-UBND"
    ws.cell(r + 1, cols["date"]).value = dt.date(2024, 3, 1)
    wb.save(tmp_path / "more.xlsx")
    item = load_evidence(tmp_path / "more.xlsx", compiled.scheme).items["ke_hoach_cchc"]
    assert [d.number for d in item.documents] == ["55/QĐ-UBND", "56/QĐ-UBND"]
    assert item.value == dt.date(2024, 2, 29)


def test_every_error_names_sheet_cell_and_key(tmp_path, capsys):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    out = tmp_path / "bad.xlsx"
    rows, cols = edit(base, {("ty_le_hoan_thanh", "value"): 120,
                             ("chuyen_muc_cchc", "value"): "có lẽ",
                             ("bao_cao_quy_1", "date"): "31/02/2024",
                             ("ho_so_dung_han", "value"): "1,49,8",          # not a number in any writing
                             ("hinh_thuc_tuyen_truyen", "justification"): None,
                             (None, "criteria"): "mau-xa-2023"}, out)
    assert main(["score", CRIT, str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    col = lambda f: openpyxl.utils.get_column_letter(cols[f])  # noqa: E731
    expect = [
        (f"Tài liệu kiểm chứng!{col('value')}{rows['ty_le_hoan_thanh']}", "evidence_out_of_range", "ty_le_hoan_thanh"),
        (f"Tài liệu kiểm chứng!{col('value')}{rows['chuyen_muc_cchc']}", "evidence_bad_value", "chuyen_muc_cchc"),
        (f"Tài liệu kiểm chứng!{col('date')}{rows['bao_cao_quy_1']}", "evidence_bad_date", "bao_cao_quy_1"),
        (f"Tài liệu kiểm chứng!{col('value')}{rows['ho_so_dung_han']}", "evidence_bad_value", "ho_so_dung_han"),
        (f"Tài liệu kiểm chứng!{col('value')}{rows['hinh_thuc_tuyen_truyen']}", "evidence_manual_justification",
         "hinh_thuc_tuyen_truyen"),
        ("Tài liệu kiểm chứng!C4", "evidence_wrong_scheme", "mau-xa-2023"),
    ]
    lines = err.splitlines()
    assert lines[0].startswith("Dữ liệu không hợp lệ (6 lỗi)")
    for cell, code, key in expect:
        assert any(cell in ln and code in ln and key in ln for ln in lines), (cell, code, err)


def test_a_value_without_a_key_is_an_error(tmp_path, capsys):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    wb = openpyxl.load_workbook(base)
    ws = wb.active
    _, _, cols, rows = layout(ws)
    r = rows["ke_hoach_cchc"]
    ws.insert_rows(r + 1)
    ws.cell(r + 1, cols["value"]).value = 5
    wb.save(tmp_path / "nokey.xlsx")
    assert main(["score", CRIT, str(tmp_path / "nokey.xlsx")]) == 1
    err = capsys.readouterr().err
    assert f"Tài liệu kiểm chứng!G{r + 1}" in err and "«Mã»" in err


@pytest.mark.parametrize("content,code", [(b"not a zip", "file_unreadable")])
def test_not_a_workbook(tmp_path, capsys, content, code):
    path = tmp_path / "evidence.xlsx"
    path.write_bytes(content)
    assert main(["score", CRIT, str(path)]) == 1
    err = capsys.readouterr().err
    assert code in err and "Traceback" not in err


def test_a_workbook_that_is_not_the_form(tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(tmp_path / "other.xlsx")
    assert main(["score", CRIT, str(tmp_path / "other.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "evidence_bad_header" in err and "Traceback" not in err


def test_blank_form_is_missing_everything_but_reports_the_header(tmp_path, capsys):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(template_bytes(tmp_path))
    assert main(["score", CRIT, str(path)]) == 1
    err = capsys.readouterr().err
    assert 'Tài liệu kiểm chứng!C5: missing_field' in err and '«id»' in err
    assert 'Tài liệu kiểm chứng!C6: missing_field' in err and '«name»' in err


def test_every_command_reads_a_filled_form(tmp_path, capsys):
    path = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, path)
    form = str(path)
    assert main(["explain", CRIT, form, "1.1.1"]) == 0
    assert "trễ 29 ngày" in capsys.readouterr().out
    assert main(["gains", CRIT, form, "--today", "15/11/2024"]) == 0
    assert "+1 điểm — 7.5.2" in capsys.readouterr().out
    assert main(["report", CRIT, form, "--format", "md"]) == 0
    assert "| | **TỔNG ĐIỂM** | **69,25** | **64,56** |" in capsys.readouterr().out


def test_check_lists_a_self_score_without_justification_at_its_cell(tmp_path, capsys):
    base = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, base)
    rows, cols = edit(base, {("diem_sang_kien", "justification"): None}, tmp_path / "nojust.xlsx")
    assert main(["check", CRIT, str(tmp_path / "nojust.xlsx"), "--today", "15/11/2024"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "diem_sang_kien" in ln)
    assert line.split("] ")[0].endswith("[−0,5 điểm")
    assert "Tự chấm 0,5 điểm nhưng chưa có giải trình" in line
    assert f"Tài liệu kiểm chứng!G{rows['diem_sang_kien']}" in line
