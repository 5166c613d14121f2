"""`criteria diff` on the model scheme and its modified copy: the known table, and the impact on units."""
from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import openpyxl

from scoring import cli
from scoring.authoring.diff import diff_schemes
from scoring.authoring.impact import score_impact
from scoring.files import EXAMPLE_CRITERIA, open_scheme

DATA = Path(__file__).parent / "data" / "authoring"
NEW = DATA / "mau-xa-2024-sua-doi.yaml"
UNITS = DATA / "units"

KNOWN = [  # (scope, id, what) in report order: the changes made to the copy, and nothing else
    ("header", "id", "id"), ("header", "title", "title"), ("header", "version", "version"),
    ("node", "1.1.3", "param:bands"),
    ("node", "1.3", "max"),
    ("node", "1.4", "max"),
    ("node", "1.4.2", "max"), ("node", "1.4.2", "param:bands"),
    ("node", "1.4.4", "added"),
    ("node", "1.5", "max"),
    ("node", "1.3.3", "moved"),
    ("node", "1.5.1", "kind"), ("node", "1.5.1", "param:bands"), ("node", "1.5.1", "param:otherwise"),
    ("node", "2.1.1", "na"),
    ("node", "1.6", "removed"),
    ("evidence", "trang_mang_xa_hoi", "added"), ("evidence", "diem_sang_kien", "removed"),
]


def test_the_known_changes_and_nothing_else():
    d = diff_schemes(open_scheme(EXAMPLE_CRITERIA), open_scheme(NEW))
    assert [(c.scope, c.node, c.what) for c in d.changes] == KNOWN
    got = {(c.node, c.what): (c.old, c.new) for c in d.changes}
    assert got[("1.3", "max")] == (D(2), D("1.25"))
    assert got[("1.3.3", "moved")] == ("1.3", "1.5")
    assert got[("1.5.1", "kind")] == ("proportional", "bands")
    assert got[("2.1.1", "na")] == ("full", "exclude")


def test_same_scheme_no_change_and_renumbering_is_seen(tmp_path):
    old = open_scheme(EXAMPLE_CRITERIA)
    assert diff_schemes(old, old).changes == ()
    text = EXAMPLE_CRITERIA.read_text(encoding="utf-8").replace('id: "1.2.5"', 'id: "1.2.9"')
    path = tmp_path / "renumbered.yaml"
    path.write_text(text, encoding="utf-8")
    d = diff_schemes(old, open_scheme(path))
    assert [(c.node, c.what, c.old, c.new) for c in d.changes] == [("1.2.9", "renumbered", "1.2.5", "1.2.9")]


def test_impact_on_last_years_units():
    imp = score_impact(open_scheme(EXAMPLE_CRITERIA), open_scheme(NEW), UNITS, matcher="python")
    rows = {u.unit_id: u for u in imp.units}
    assert sorted(rows) == ["phuong-1-tay-ninh", "phuong-2-tay-ninh", "xa-thanh-tan"]
    p2 = rows["phuong-2-tay-ninh"]
    assert (p2.old_band, p2.new_band) == ("Tốt", "Khá")
    assert [u.unit_id for u in imp.band_moves()] == ["phuong-2-tay-ninh"]
    assert p2.delta == p2.new_index - p2.old_index < 0
    causes = dict(p2.causes)
    assert causes["2.1.1"] == D("-1.25") and "2.1.1" in p2.excluded      # N/A full → exclude
    assert causes["1.5.1"] == D("-0.8")                                  # 28/35 = 80 %: 0,8 → below 90 %: 0
    assert causes["1.6"] == D("-0.5")                                    # removed
    assert p2.dropped == ("diem_sang_kien",)
    # ties share a rank: Phường 1 and Thạnh Tân end level
    assert rows["phuong-1-tay-ninh"].new_index == rows["xa-thanh-tan"].new_index
    assert rows["phuong-1-tay-ninh"].new_rank == rows["xa-thanh-tan"].new_rank == 1
    assert (rows["phuong-1-tay-ninh"].old_rank, rows["xa-thanh-tan"].old_rank) == (2, 1)
    assert not imp.failed


def test_cli_every_format(tmp_path, capsys):
    args = ["criteria", "diff", str(EXAMPLE_CRITERIA), str(NEW), "--units", str(UNITS), "--matcher", "python"]
    assert cli.main(args) == 0
    text = capsys.readouterr()[0]
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "  1.3.3     chuyển sang tiêu chí cha khác: 1.3 → 1.5" in text
    assert "  phuong-2-tay-ninh: Tốt → Khá (−2,43)" in text
    assert cli.main(args + ["--format", "md"]) == 0
    md = capsys.readouterr()[0]
    assert "| 2.1.1 | khi không phát sinh | full (tính đủ điểm) | exclude (loại khỏi điểm tối đa) |" in md
    assert cli.main(args + ["--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr()[0])
    assert [c["what"] for c in data["changes"]][:4] == ["id", "title", "version", "param:bands"]
    p2 = next(u for u in data["impact"]["units"] if u["unit"] == "phuong-2-tay-ninh")
    assert (p2["old"]["band"], p2["new"]["band"]) == ("Tốt", "Khá")
    out = tmp_path / "diff.xlsx"
    assert cli.main(args + ["--format", "xlsx", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Thay đổi", "Tác động"]
    assert cli.main(args + ["--format", "xlsx"]) == 2                 # a workbook needs -o
    assert cli.main(["criteria", "diff", str(EXAMPLE_CRITERIA), str(NEW), "--units", str(tmp_path / "none")]) == 1
    err = capsys.readouterr()[1]
    assert "--units phải là một thư mục" in err and "Traceback" not in err
