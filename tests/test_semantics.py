"""Scoring semantics settled in the spec (criteria.md, "Rule kinds", "Totals and the index")."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from scoring import prepare
from scoring.report import dumps, render_text, result_json
from scoring.report.common import missing_evidence

SCHEME = """
id: t-sem
title: Ngữ nghĩa
level: xa
year: 2024
version: "1"
bands:
  - {min: 90, label: Tốt}
  - {min: 70, label: Khá}
evidence:
  a: {type: boolean, title: Có A}
  b: {type: boolean, title: Có B}
  x: {type: boolean, title: Có X}
  bc: {type: document, title: Báo cáo}
areas:
  - id: "1"
    title: Lĩnh vực
    max: 2.5
    criteria:
      - {id: "1.1", title: a và x, max: 1, rule: {kind: check, all: [a, x]}}
      - {id: "1.2", title: b và x, max: 1, rule: {kind: check, all: [b, x]}}
      - {id: "1.3", title: báo cáo, max: 0.5, rule: {kind: deadline, evidence: bc, due: 2024-01-31, late: 0.25}}
"""


def unit(**evidence):
    return {"unit": {"id": "u1", "name": "Xã Một"}, "criteria": "t-sem", "evidence": evidence}


@pytest.fixture(scope="module", params=["durable", "python"])
def program(request):
    return prepare(SCHEME, matcher=request.param)


def test_check_all_decided_by_a_false_key_is_unmet_and_lists_the_absent_key(program):
    r = program.evaluate(unit(a=False, b=True))
    decided, undecided = r.nodes["1.1"], r.nodes["1.2"]
    assert (decided.status, decided.points, decided.missing) == ("unmet", D(0), ("x",))
    assert (undecided.status, undecided.missing) == ("missing", ("x",))
    # x is still missing evidence for both; only 1.2's points are at stake
    assert missing_evidence(r)[0] == ("x", ["1.1", "1.2"], D(1))
    text = render_text(r, program.evidence_titles, "vi")
    assert "Thiếu tài liệu kiểm chứng" in text and "«Có X»" in text
    doc = result_json(r, program.evidence_titles, "en")
    node = next(n for n in doc["nodes"] if n["id"] == "1.1")
    assert node["missing"] == ["x"] and node["status"] == "unmet"
    assert any("already decides" in line for line in node["trace"])


def test_a_late_report_that_still_earns_points_is_partial(program):
    r = program.evaluate(unit(a=True, x=True, b=True, bc={"number": "1/BC", "date": "2024-02-05"}))
    assert (r.nodes["1.3"].points, r.nodes["1.3"].status) == (D("0.25"), "partial")
    r = program.evaluate(unit(a=True, x=True, b=True, bc={"number": "1/BC", "date": "2024-01-05"}))
    assert r.nodes["1.3"].status == "met"


def test_unmet_is_the_node_min_only(program):
    r = program.evaluate(unit(a=True, x=False, b=False))
    assert (r.nodes["1.1"].status, r.nodes["1.2"].status) == ("unmet", "unmet")


def test_an_index_below_every_band_is_unclassified(program):
    r = program.evaluate(unit(a=True, x=True))       # 1 / 2.5 = 40 %: below Khá's 70
    assert r.total.band is None and r.total.index == D(40)
    assert "Xếp loại: không xếp loại" in render_text(r, program.evidence_titles, "vi")
    assert "Band: unclassified" in render_text(r, program.evidence_titles, "en")
    assert '"band": null' in dumps(result_json(r, program.evidence_titles, "vi"))
