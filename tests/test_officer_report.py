"""`parscore report`: «Báo cáo tự chấm điểm» as Markdown, HTML and XLSX, checked by structure."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest

from scoring import score
from scoring.cli import main
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, EXAMPLE_SURVEY, open_evidence, open_scheme, open_survey

CRIT, EV, SURVEY = str(EXAMPLE_CRITERIA), str(EXAMPLE_EVIDENCE), str(EXAMPLE_SURVEY)
HEADERS_VI = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Điểm tự chấm",
              "Tài liệu kiểm chứng", "Giải trình"]


@pytest.fixture(scope="module")
def result():
    compiled = open_scheme(EXAMPLE_CRITERIA)
    sub = open_evidence(EXAMPLE_EVIDENCE, compiled)
    return score(compiled, sub, open_survey(EXAMPLE_SURVEY, compiled, sub.unit.id))


def vi_num(text: str) -> Decimal | None:
    text = text.strip().strip("()")
    return None if text in ("", "—") else Decimal(text.replace(".", "").replace(",", ".").replace("−", "-"))


class Table(HTMLParser):
    """Header cells and body rows (class, data-id, cell texts) of the report table; external references."""

    def __init__(self):
        super().__init__()
        self.heads, self.rows, self.external = [], [], []
        self._in, self._row, self._cell, self._score = None, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("link", "script", "img", "iframe") or any(v and "://" in v for v in a.values()):
            self.external.append((tag, a))
        if tag == "table" and a.get("class") == "score":
            self._score = True
        if not self._score:
            return
        if tag == "tr":
            self._row = {"class": a.get("class", "").split(), "id": a.get("data-id"), "cells": []}
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if not self._score:
            return
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.heads if tag == "th" else self._row["cells"]).append(text)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row["cells"]:
                self.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._score = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def report(capsys, *args) -> str:
    assert main(["report", CRIT, EV, "--survey", SURVEY, *args]) == 0
    return capsys.readouterr().out


def test_html_structure(capsys, result):
    html = report(capsys, "--format", "html")
    assert "size: A4 portrait; margin: 20mm 15mm 20mm 30mm" in html and "table-header-group" in html
    assert "page-break-inside: avoid" in html or "break-inside: avoid" in html
    t = Table()
    t.feed(html)
    assert t.external == []                                  # one self-contained file
    assert t.heads == HEADERS_VI
    nodes = [r for r in t.rows if r["id"]]
    assert [r["id"] for r in nodes] == list(result.nodes)    # one row per node, in the scheme's order
    areas = [r for r in nodes if "subtotal" in r["class"]]
    assert [r["id"] for r in areas] == [a.id for a in result.areas]
    by_id = {r["id"]: r for r in nodes}
    for nid, n in result.nodes.items():
        cells = by_id[nid]["cells"]
        assert vi_num(cells[3]) == (None if n.excluded else n.points), nid
        kids = [by_id[c]["cells"] for c in n.children]
        if kids and not n.excluded:
            assert vi_num(cells[3]) == sum(vi_num(k[3]) or 0 for k in kids), nid
    total = next(r for r in t.rows if "total" in r["class"])
    assert total["cells"][1] == "TỔNG ĐIỂM"
    assert vi_num(total["cells"][3]) == result.total.points == sum(
        vi_num(r["cells"][3]) or 0 for r in areas)
    assert vi_num(total["cells"][2]) == result.total.max
    index = next(r for r in t.rows if "index" in r["class"])
    assert index["cells"][3] == "90,96"
    band = next(r for r in t.rows if "band" in r["class"])
    assert band["cells"][3] == "Tốt"
    # documents, trace and justification land in their columns
    assert "Số 55/QĐ-UBND, ngày 29/02/2024" in by_id["1.1.1"]["cells"][4]
    assert "trễ 29 ngày" in by_id["1.1.1"]["cells"][5]
    assert "giải trình: Tuyên truyền qua Đài truyền thanh" in by_id["1.4.3"]["cells"][5]
    assert "Năm 2024 HĐND, UBND phường không ban hành" in by_id["2.1.2"]["cells"][5]
    assert "Thiếu tài liệu kiểm chứng" in by_id["7.5.2"]["cells"][5]
    assert by_id["2.2.2"]["cells"][2] == "(0,75)" and by_id["2.2.2"]["cells"][3] == "—"   # excluded
    assert "Phường 1, ngày 25 tháng 11 năm 2024" in html  # no date in the evidence: the scheme's deadline
    # ND 30 letterhead and signature; totals, closing and signature in one unbreakable closing row
    assert "Số: 215/BC-UBND" in html and '<div class="bold">PHƯỜNG 1</div>' in html
    closing = html[html.index('<tr class="closing">'):]
    assert "TỔNG ĐIỂM" in closing and "KT. CHỦ TỊCH" in closing and "Nơi nhận:" in closing and "- Lưu: VT." in closing
    assert "tr.closing { break-inside: avoid;" in html


def test_xlsx_structure(tmp_path, result):
    out = tmp_path / "report.xlsx"
    assert main(["report", CRIT, EV, "--survey", SURVEY, "-o", str(out)]) == 0   # format from the suffix
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws.title == "Báo cáo tự chấm"
    head = next(r for r in range(1, 30) if ws.cell(r, 1).value == "STT")
    assert [ws.cell(head, c).value for c in range(1, 7)] == HEADERS_VI
    rows = {}
    r = head + 1
    while ws.cell(r, 1).value is not None:
        rows[ws.cell(r, 1).value] = r
        r += 1
    assert list(rows) == list(result.nodes)
    assert [ws.cell(r + i, 2).value for i in range(3)] == ["TỔNG ĐIỂM", "CHỈ SỐ CCHC (%)", "XẾP LOẠI"]

    def pts(nid):
        v = ws.cell(rows[nid], 4).value
        return None if v is None else Decimal(str(v))

    for nid, n in result.nodes.items():
        assert pts(nid) == (None if n.excluded else n.points), nid
        if n.children and not n.excluded:
            assert pts(nid) == sum(pts(c) or 0 for c in n.children), nid
            assert Decimal(str(ws.cell(rows[nid], 3).value)) == sum(
                Decimal(str(ws.cell(rows[c], 3).value)) for c in n.children if pts(c) is not None), nid
    total = Decimal(str(ws.cell(r, 4).value))
    assert total == result.total.points == sum(pts(a.id) for a in result.areas if not a.excluded)
    assert Decimal(str(ws.cell(r, 3).value)) == result.total.max
    assert Decimal(str(ws.cell(r + 1, 4).value)) == result.total.index
    assert ws.cell(r + 2, 4).value == "Tốt"
    assert ws.cell(r + 1, 6).value.startswith("Chỉ số = ")          # text, never a formula
    assert wb.properties.created == wb.properties.modified == dt.datetime(2024, 11, 25)
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows.replace("$", "") == f"{head}:{head}"


def test_outputs_are_byte_deterministic(tmp_path):
    for fmt in ("xlsx", "html", "md"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert main(["report", CRIT, EV, "--format", fmt, "-o", str(a)]) == 0
        assert main(["report", CRIT, EV, "--format", fmt, "-o", str(b)]) == 0
        assert a.read_bytes() == b.read_bytes(), fmt


def test_the_evidence_date_dates_the_report(tmp_path, capsys):
    ev = tmp_path / "e.yaml"
    ev.write_text(EXAMPLE_EVIDENCE.read_text(encoding="utf-8").replace(
        "prepared_by: Công chức Văn phòng - Thống kê", "prepared_by: Công chức Văn phòng - Thống kê\ndate: 20/11/2024"),
        encoding="utf-8")
    assert main(["report", CRIT, str(ev), "--format", "md"]) == 0
    assert "Phường 1, ngày 20 tháng 11 năm 2024" in capsys.readouterr().out
    out = tmp_path / "r.xlsx"
    assert main(["report", CRIT, str(ev), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).properties.created == dt.datetime(2024, 11, 20)


def test_markdown_and_english(capsys, result):
    md = report(capsys)                                        # md is the default on standard output
    assert "# BÁO CÁO\n" in md and "**Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2024**" in md
    assert "| " + " | ".join(HEADERS_VI) + " |" in md
    assert "| | **TỔNG ĐIỂM** | **99,25** | **90,28** |" in md
    en = report(capsys, "--lang", "en", "--format", "html")
    t = Table()
    t.feed(en)
    assert t.heads == ["No.", "Area / criterion / sub-criterion", "Max points", "Self-score",
                       "Verification documents", "Explanation"]
    assert "Self-assessment of the Public Administration Reform Index 2024" in en
    assert "SOCIALIST REPUBLIC OF VIET NAM" in en and "VICE CHAIRPERSON" in en and "Recipients:" in en


def test_xlsx_on_a_terminal_is_a_usage_error(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["report", CRIT, EV, "--format", "xlsx"]) == 2
    err = capsys.readouterr().err
    assert "-o" in err and "Traceback" not in err


def test_xlsx_to_a_pipe(capsysbinary):
    assert main(["report", CRIT, EV, "--format", "xlsx"]) == 0
    data = capsysbinary.readouterr().out
    assert data[:2] == b"PK"
    assert openpyxl.load_workbook(io.BytesIO(data)).active.title == "Báo cáo tự chấm"


def test_invalid_evidence(tmp_path, capsys):
    ev = tmp_path / "e.yaml"
    ev.write_text(EXAMPLE_EVIDENCE.read_text(encoding="utf-8").replace("so_su_co_attt: 0", "so_su_co_attt: -1"),
                  encoding="utf-8")
    assert main(["report", CRIT, str(ev), "--format", "html"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "so_su_co_attt" in err and "Traceback" not in err
