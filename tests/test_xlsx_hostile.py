"""Hostile and odd XLSX forms: nothing dropped silently, no internal error, spreadsheet precision.

Regressions: `=1.1-0.2` scored as 0.9000000000000001; formula cells without a cached value,
merged value cells and rows past the form read as missing; an entity bomb or a broken sheet
an internal error; a sheet named in NFD Vietnamese not found.
"""
from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from criteria import InputError
from evidence import load_evidence
from scoring import cli
from scoring.files import EXAMPLE_EVIDENCE
from test_officer_xlsx import CRIT, fill_form, layout, template_bytes


@pytest.fixture(scope="module")
def compiled():
    from scoring.files import open_scheme
    return open_scheme(CRIT)


@pytest.fixture()
def filled(tmp_path):
    path = tmp_path / "filled.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, path)
    return path


def edit(path, change):
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    change(ws, *layout(ws)[1:])
    wb.save(path)


def codes(path, compiled):
    with pytest.raises(InputError) as exc:
        load_evidence(path, compiled.scheme)
    return [(d.code, d.loc.cell) for d in exc.value.diagnostics]


def test_floats_are_read_at_the_spreadsheets_precision(filled, compiled):
    def change(ws, head, cols, rows):
        ws.cell(rows["ty_le_thanh_toan_truc_tuyen"], cols["value"]).value = (1.1 - 0.2) * 100   # 90.00000000000001
    edit(filled, change)
    sub = load_evidence(filled, compiled.scheme)
    assert sub.items["ty_le_thanh_toan_truc_tuyen"].value == Decimal("90")


def test_a_formula_without_a_computed_value_is_an_error_at_its_cell(filled, compiled):
    where = {}

    def change(ws, head, cols, rows):
        r, c = rows["ho_so_tre_han"], cols["value"]
        ws.cell(r, c).value = "=H1*2"
        where["cell"] = f"{ws.title}!{openpyxl.utils.get_column_letter(c)}{r}"
    edit(filled, change)
    assert ("xlsx_formula_no_value", where["cell"]) in codes(filled, compiled)


def test_merged_value_cells_are_an_error_not_a_silent_drop(filled, compiled):
    where = {}

    def change(ws, head, cols, rows):
        r, c = rows["ho_so_tre_han"], cols["value"]
        ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        where["cell"] = f"{ws.title}!{openpyxl.utils.get_column_letter(c)}{r}"
    edit(filled, change)
    assert ("xlsx_merged_cell", where["cell"]) in codes(filled, compiled)


def test_a_row_past_the_form_is_an_error(filled, compiled, monkeypatch):
    import evidence.xlsx as xlsx
    monkeypatch.setattr(xlsx, "MAX_ROWS", 200)
    where = {}

    def change(ws, head, cols, rows):
        r = head + 205
        ws.cell(r, cols["key"]).value = "ho_so_tre_han"
        ws.cell(r, cols["number"]).value = "12/QĐ-UBND"
        where["cell"] = f"{ws.title}!{openpyxl.utils.get_column_letter(cols['key'])}{r}"
    edit(filled, change)
    assert ("xlsx_too_many_rows", where["cell"]) in codes(filled, compiled)


def rewrite_sheet(path, change):
    src = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            zout.writestr(info, data)
    path.write_bytes(out.getvalue())


def test_an_entity_bomb_is_refused_with_a_clear_error(filled, compiled, capsys):
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i + 1, (b"&lol%d;" % i if i else b"&lol;") * 10) for i in range(9))
            + b"]>\n")
    rewrite_sheet(filled, lambda data: bomb + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data).lstrip())
    assert codes(filled, compiled) == [("xlsx_unsafe", "")]
    assert cli.main(["score", CRIT, str(filled)]) == 1
    err = capsys.readouterr().err
    assert "xlsx_unsafe" in err and "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("damage", [lambda d: d[: len(d) // 2], lambda d: d.replace(b"<sheetData>", b"<sheetData><c>"),
                                    lambda d: b"\x00\xff" + d])
def test_broken_sheet_xml_is_a_clear_error(filled, compiled, capsys, damage):
    rewrite_sheet(filled, damage)
    assert codes(filled, compiled) == [("file_unreadable", "")]
    assert cli.main(["score", CRIT, str(filled)]) == 1
    assert "internal error" not in capsys.readouterr().err


def test_a_sheet_named_in_nfd_is_found(filled, compiled, tmp_path):
    wb = openpyxl.load_workbook(filled)
    ws = wb.active
    ws.title = unicodedata.normalize("NFD", ws.title)
    wb.create_sheet("Ghi chú", 0)
    wb.save(filled)
    good = tmp_path / "good.xlsx"
    fill_form(template_bytes(tmp_path), EXAMPLE_EVIDENCE, good)
    def facts(path):
        return {k: (i.value, i.na, i.documents) for k, i in load_evidence(path, compiled.scheme).items.items()}
    assert facts(filled) == facts(good)


def test_a_sheet_too_large_unpacked_is_refused(filled, compiled, monkeypatch):
    import evidence.xlsx_open as xo
    monkeypatch.setattr(xo, "MAX_SHEET", 10_000)
    assert codes(filled, compiled) == [("yaml_too_large", "")]


def test_the_input_form_is_never_changed(filled, compiled, tmp_path):
    before = filled.read_bytes()
    load_evidence(filled, compiled.scheme)
    shutil.copy(filled, tmp_path / "copy.xlsx")
    assert filled.read_bytes() == before
