"""Official documents (DOCX) of the Phường 1 example, looked at through LibreOffice → PDF → text."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from scoring.cli import main
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, EXAMPLE_SURVEY

from looking import has_words, needs_office, pages, to_pdf

C, EV, SV = str(EXAMPLE_CRITERIA), str(EXAMPLE_EVIDENCE), str(EXAMPLE_SURVEY)
E = Path(EV).parent
ROUNDS = [str(E / f"phuong-1-tay-ninh-2024.{n}.yaml") for n in ("appraisal-1", "response-1", "appraisal-2")]
REPORT_HEADERS = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Điểm tự chấm",
                  "Tài liệu kiểm chứng", "Giải trình"]
BB_HEADERS = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Tự chấm", "Vòng 1", "Giải trình 1",
              "Vòng 2", "Chênh lệch", "Lý do"]


def write(tmp: Path, name: str, *argv) -> Path:
    out = tmp / name
    assert main([*argv, "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docs")
    report = write(tmp, "bao-cao.docx", "report", C, EV, "--survey", SV)
    bb = write(tmp, "bien-ban.docx", "appraise", C, EV, *ROUNDS, "--survey", SV, "--format", "docx")
    bare_ev = tmp / "bare.yaml"
    text = EXAMPLE_EVIDENCE.read_text(encoding="utf-8")
    bare_ev.write_text(text[:text.index("\n# Đầu văn bản")] + "\n", encoding="utf-8")
    bare = write(tmp, "bare.docx", "report", C, str(bare_ev), "--survey", SV, "--format", "docx")
    return {"report": report, "bb": bb, "bare": bare, "tmp": tmp}


@pytest.fixture(scope="module")
def pdf_pages(docs):
    if needs_office.args[0]:
        pytest.skip(needs_office.kwargs["reason"])
    tmp = docs["tmp"]
    pdfs = to_pdf([docs["report"], docs["bb"], docs["bare"]], tmp, tmp / "lo-profile")
    return dict(zip(("report", "bb", "bare"), (pages(p) for p in pdfs)))


def test_docx_is_a4_portrait_times_new_roman_with_nd30_margins(docs):
    d = docx.Document(str(docs["report"]))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [20, 20, 30, 15]
    assert d.styles["Normal"].font.name == "Times New Roman" and d.styles["Normal"].font.size.pt == 13
    score = d.tables[1]
    assert [c.text for c in score.rows[0].cells] == REPORT_HEADERS
    assert score.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None   # repeats on every page


def test_docx_bytes_are_reproducible(docs, tmp_path):
    again = write(tmp_path, "again.docx", "report", C, EV, "--survey", SV)
    assert again.read_bytes() == docs["report"].read_bytes()


def test_report_letterhead_signature_and_recipients(docs):
    d = docx.Document(str(docs["report"]))
    head = d.tables[0]
    left, right = head.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG 1"]
    assert all(r.bold for p in left.paragraphs for r in p.runs)
    assert [p.text for p in right.paragraphs if p.text] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                             "Độc lập - Tự do - Hạnh phúc"]
    assert head.rows[1].cells[0].text == "Số: 215/BC-UBND"
    assert head.rows[1].cells[1].text == "Phường 1, ngày 25 tháng 11 năm 2024"
    assert head.rows[1].cells[1].paragraphs[0].runs[0].italic
    end = d.tables[1].rows[-1].cells[0]           # the closing block: totals, closing sentence, signature
    totals, sign = end.tables
    assert [c.text for c in totals.rows[0].cells][1:4] == ["TỔNG ĐIỂM", "99,25", "90,28"]
    rec, who = sign.rows[0].cells
    assert rec.paragraphs[0].text == "Nơi nhận:" and rec.paragraphs[-1].text == "- Lưu: VT."
    assert [p.text for p in who.paragraphs if p.text] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                                           "Nguyễn Văn An"]


@needs_office
def test_report_pages_repeat_the_header_and_keep_totals_with_the_signature(pdf_pages):
    ps = pdf_pages["report"]
    assert 5 <= len(ps) <= 20
    assert "ỦY BAN NHÂN DÂN" in ps[0] and "Số: 215/BC-UBND" in ps[0] and "Phường 1, ngày 25 tháng 11 năm 2024" in ps[0]
    for i, page in enumerate(ps):
        for h in REPORT_HEADERS:
            assert has_words(page, h), f"page {i + 1}: header «{h}» cut or missing"
    last = ps[-1]
    for text in ("TỔNG ĐIỂM", "90,28", "90,96", "XẾP LOẠI", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Nguyễn Văn An",
                 "Nơi nhận:", "Lưu: VT."):
        assert text in last, f"«{text}» is not on the last page with the signature"
    whole = "\n".join(ps)
    assert "0,75" in whole and "0.75" not in whole


@needs_office
def test_report_defaults_without_an_office_block(pdf_pages):
    first, last = pdf_pages["bare"][0], pdf_pages["bare"][-1]
    assert "PHƯỜNG 1" in first and "/BC-UBND" in first and "Số: 215" not in first
    assert "TM. ỦY BAN NHÂN DÂN" in last and "CHỦ TỊCH" in last and "KT. CHỦ TỊCH" not in last
    assert "(Ký, ghi rõ họ tên, đóng dấu)" in last and "UBND thành phố Tây Ninh (b/c)" in last


@needs_office
def test_bien_ban_is_a_record_with_members_conclusion_and_both_signatures(pdf_pages):
    ps = pdf_pages["bb"]
    first, last = ps[0], ps[-1]
    assert "BIÊN BẢN" in first and "/BB-TTĐ" in first and "TỔ THẨM ĐỊNH CHỈ SỐ CCHC" in first
    assert "Hôm nay, ngày 24 tháng 12 năm 2024, tại trụ sở UBND Phường 1" in " ".join(first.split())
    for name in ("Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Nguyễn Văn An"):
        assert name in first
    for i, page in enumerate(ps):
        for h in BB_HEADERS:
            assert has_words(page, h), f"page {i + 1}: header «{h}» cut or missing"
    for text in ("TỔNG ĐIỂM", "89,73", "−0,55", "KẾT LUẬN", "ĐẠI DIỆN UBND PHƯỜNG 1", "TỔ TRƯỞNG TỔ THẨM ĐỊNH",
                 "Trần Thị Bình", "Nguyễn Văn An"):
        assert text in last, f"«{text}» is not on the last page with the signatures"
    whole = "\n".join(ps)
    assert "0,75" in whole and "0.75" not in whole
    assert "−0,25" in whole        # a deduction reads negative (appraised − self)


def test_bad_office_block_is_a_clear_error(tmp_path, capsys):
    ev = tmp_path / "ev.yaml"
    ev.write_text(EXAMPLE_EVIDENCE.read_text(encoding="utf-8").replace("    deputy: true", "    deputy: có\n    rank: 1"),
                  encoding="utf-8")
    assert main(["report", C, str(ev), "--survey", SV, "--format", "docx", "-o", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err
    assert "office.signer.deputy" in err and "office.signer.rank" in err and "ev.yaml:" in err
    assert not (tmp_path / "x.docx").exists()


# ---- workbooks: the same looks through LibreOffice ---------------------------------------------

@pytest.fixture(scope="module")
def xlsx_pages(tmp_path_factory):
    if needs_office.args[0]:
        pytest.skip(needs_office.kwargs["reason"])
    tmp = tmp_path_factory.mktemp("xlsx")
    report = write(tmp, "bao-cao.xlsx", "report", C, EV, "--survey", SV)
    bb = write(tmp, "bien-ban.xlsx", "appraise", C, EV, *ROUNDS, "--survey", SV, "--format", "xlsx")
    pdfs = to_pdf([report, bb], tmp, tmp / "lo-profile")
    return dict(zip(("report", "bb"), (pages(p) for p in pdfs)))


@needs_office
def test_report_workbook_prints_vietnamese_numbers_headers_and_signature(xlsx_pages):
    ps = xlsx_pages["report"]
    assert 2 <= len(ps) <= 10
    assert "ỦY BAN NHÂN DÂN" in ps[0] and "Số: 215/BC-UBND" in ps[0]
    for i, page in enumerate(ps):
        for h in REPORT_HEADERS:
            assert has_words(page, h), f"page {i + 1}: header «{h}» cut or missing"
        assert f"Trang {i + 1}/{len(ps)}" in page
    last = ps[-1]
    for text in ("TỔNG ĐIỂM", "99,25", "90,28", "90,96", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Nguyễn Văn An",
                 "Nơi nhận:"):
        assert text in last, f"«{text}» is not on the last page"
    whole = "\n".join(ps)
    assert "0,75" in whole and "0.75" not in whole and "(0,75)" in whole     # an excluded maximum in parentheses


@needs_office
def test_bien_ban_workbook_is_a_record(xlsx_pages):
    ps = xlsx_pages["bb"]
    first, last = ps[0], ps[-1]
    assert "BIÊN BẢN" in first and "Hôm nay, ngày 24 tháng 12 năm 2024" in first and "Trần Thị Bình" in first
    for i, page in enumerate(ps):
        for h in BB_HEADERS:
            assert has_words(page, h), f"page {i + 1}: header «{h}» cut or missing"
    for text in ("TỔNG ĐIỂM", "89,73", "−0,55", "KẾT LUẬN", "ĐẠI DIỆN UBND PHƯỜNG 1", "TỔ TRƯỞNG TỔ THẨM ĐỊNH"):
        assert text in last, f"«{text}» is not on the last page"
    whole = "\n".join(ps)
    assert "0,75" in whole and "0.75" not in whole and "−0,25" in whole


# ---- the office header: defaults and errors ------------------------------------------------------

def test_office_defaults_come_from_the_unit_name():
    from evidence.office import derive
    o = derive("UBND Phường 1, thành phố Tây Ninh", "Tây Ninh")
    assert o.agency == ("ỦY BAN NHÂN DÂN", "PHƯỜNG 1") and o.place == "Phường 1"
    assert o.number_line("BC") == "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND"
    assert o.signer.lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert o.filing == ("- UBND thành phố Tây Ninh (b/c);", "- Lưu: VT.")
    other = derive("Sở Nội vụ tỉnh Tây Ninh", "Tây Ninh")
    assert other.agency == ("SỞ NỘI VỤ TỈNH TÂY NINH",) and other.place == "Tây Ninh"


def test_nd30_date_line_puts_a_zero_before_small_days_and_months_one_and_two():
    import datetime as dt

    from scoring.report.official import vi_date
    assert vi_date(dt.date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
    assert vi_date(dt.date(2024, 11, 20)) == "ngày 20 tháng 11 năm 2024"
    assert vi_date(dt.date(2024, 3, 9)) == "ngày 09 tháng 3 năm 2024"


def test_bad_members_in_an_appraisal_file_name_the_file_and_key(tmp_path, capsys):
    bad = tmp_path / "round-2.yaml"
    bad.write_text(Path(ROUNDS[2]).read_text(encoding="utf-8").replace(
        "    - {name: Lê Văn Cường, title: Chuyên viên Phòng Nội vụ thành phố, role: Thành viên}",
        "    - {title: Chuyên viên, rank: 2}"), encoding="utf-8")
    code = main(["appraise", C, EV, ROUNDS[0], ROUNDS[1], str(bad), "--survey", SV])
    err = capsys.readouterr().err
    assert code == 1 and "round-2.yaml:" in err and "members[2]" in err
