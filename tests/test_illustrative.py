"""Illustrative figures (minh họa) are marked wherever they print (issue #15, part 5)."""
from __future__ import annotations

import json

from criteria import InputError, load_scheme
from evidence import load_evidence_text
from scoring import cli, files

C, EV = str(files.EXAMPLE_CRITERIA), str(files.EXAMPLE_EVIDENCE)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_explain_marks_an_illustrative_figure_and_not_a_real_one(capsys):
    _, out, _ = run(capsys, "explain", C, EV, "1.1.3")
    assert "(ty_le_hoan_thanh) = 97,73 (số liệu minh họa)." in out
    _, out, _ = run(capsys, "explain", C, EV, "1.1.2")    # read from the real plan: illustrative: false
    assert "minh họa" not in out
    _, out, _ = run(capsys, "explain", C, EV, "1.1.3", "--lang", "en")
    assert "= 97.73 (illustrative figure)." in out


def test_json_flags_illustrative_reads(capsys):
    _, out, _ = run(capsys, "score", C, EV, "--format", "json")
    nodes = {n["id"]: n for n in json.loads(out)["nodes"]}
    reads = {e["key"]: e for n in nodes.values() for e in n["events"] if e["code"] == "read"}
    assert reads["ty_le_hoan_thanh"]["illustrative"] is True
    assert "illustrative" not in reads["ke_hoach_cchc"] and "illustrative" not in reads["ke_hoach_xac_dinh_nhiem_vu"]


def test_report_marks_illustrative_figures(capsys, tmp_path):
    out = tmp_path / "r.md"
    assert run(capsys, "report", C, EV, "-o", str(out))[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "«Tỷ lệ nhiệm vụ của Kế hoạch CCHC năm được hoàn thành»: 97,73 (số liệu minh họa)." in text


HEAD = "unit: {id: xa-a, name: UBND xã A}\ncriteria: mau-xa-2024\n"


def test_item_level_flag_and_errors():
    scheme = load_scheme(files.EXAMPLE_CRITERIA)
    sub = load_evidence_text(HEAD + "evidence:\n  so_tin_bai_cchc: {value: 12, illustrative: true}\n"
                             "  ton_tai_phat_hien: 3\n", scheme)
    assert sub.items["so_tin_bai_cchc"].illustrative and not sub.items["ton_tai_phat_hien"].illustrative
    sub = load_evidence_text(HEAD + "illustrative: true\nevidence:\n  so_tin_bai_cchc: {value: 12, illustrative: false}\n"
                             "  ton_tai_phat_hien: 3\n", scheme)
    assert not sub.items["so_tin_bai_cchc"].illustrative and sub.items["ton_tai_phat_hien"].illustrative
    try:
        load_evidence_text(HEAD + "evidence:\n  so_tin_bai_cchc: {value: 12, illustrative: có}\n", scheme)
    except InputError as exc:
        assert [d.code for d in exc.diagnostics] == ["evidence_bad_value"]
        assert exc.diagnostics[0].loc.line == 4       # the line of the flag itself
    else:
        raise AssertionError("a non-boolean illustrative flag must be refused")
