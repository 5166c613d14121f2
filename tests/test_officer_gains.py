"""`parscore gains`: the smallest evidence change per criterion, and the gain it really brings."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from criteria import Collector
from evidence.load import cross_checks
from scoring import score
from scoring.cli import main
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, EXAMPLE_SURVEY, open_evidence, open_scheme, open_survey
from scoring.gains import apply, gains

CRIT, EV, SURVEY = str(EXAMPLE_CRITERIA), str(EXAMPLE_EVIDENCE), str(EXAMPLE_SURVEY)
TODAY = dt.date(2024, 11, 15)


@pytest.fixture(scope="module")
def example():
    compiled = open_scheme(EXAMPLE_CRITERIA)
    sub = open_evidence(EXAMPLE_EVIDENCE, compiled)
    return compiled, sub, open_survey(EXAMPLE_SURVEY, compiled, sub.unit.id)


def without(sub, *keys):
    return sub.replace_items({k: v for k, v in sub.items.items() if k not in keys})


def test_example_ranked_by_points(capsys):
    assert main(["gains", CRIT, EV, "--survey", SURVEY, "--today", "15/11/2024"]) == 0
    out = capsys.readouterr().out
    lines = [ln.strip() for ln in out.splitlines() if ln.strip()[:1].isdigit() and ". +" in ln]
    gains_ = [Decimal(ln.split("+", 1)[1].split(" ", 1)[0].replace(",", ".")) for ln in lines]
    assert gains_ == sorted(gains_, reverse=True) and len(lines) == 16
    assert lines[0].startswith("1. +1 điểm — 7.5.2")
    assert ("«Số hồ sơ trễ hạn có văn bản xin lỗi cá nhân, tổ chức» 21/22 = 95,45%: thêm 1 hồ sơ → 22/22 = 100,00%"
            in out)
    assert "«Số hồ sơ phải bổ sung, hoàn thiện quá 01 lần» 1 → 0 (bớt 1 hồ sơ)" in out
    assert "«Số lượt CBCC đã tham gia đào tạo, bồi dưỡng theo kế hoạch» 22/24 = 91,67%: thêm 1 lượt → 23/24" in out
    assert "= 100% (giả định)" in out                      # missing evidence: the assumption is stated
    # 1.1.1 and 1.2.3 are late documents: a date cannot be moved, so nothing is proposed for them
    assert " 1.1.1 " not in out and " 1.2.3 " not in out
    assert " 8.1 " not in out                              # survey results are never proposed


def test_proportional_ratio_next_step(example):
    compiled, sub, survey = example
    items = dict(sub.items)
    items["ho_so_dung_han"] = replace(items["ho_so_dung_han"], value=1480)
    found = {g.node: g for g in gains(compiled, sub.replace_items(items), survey, TODAY)}
    g = found["3.3.1"]                                     # 1480/1520 = 97.37% → 3.97 of 4 (target 98)
    assert [(c.key, c.before.value, c.after.value) for c in g.changes] == [("ho_so_dung_han", 1480, 1481)]
    assert (g.before, g.after, g.points) == (Decimal("3.97"), Decimal("3.98"), Decimal("0.01"))


def test_missing_document_is_issued_today_only_before_the_deadline(example):
    compiled, sub, survey = example
    sub = without(sub, "bao_cao_9_thang")                  # 1.2.3: due 11/09/2024, 0.25 on time, 0.1 late
    early = {g.node: g for g in gains(compiled, sub, survey, dt.date(2024, 9, 1))}["1.2.3"]
    assert early.points == Decimal("0.25") and early.changes[0].after.value == dt.date(2024, 9, 1)
    late = {g.node: g for g in gains(compiled, sub, survey, dt.date(2024, 11, 20))}["1.2.3"]
    assert late.points == Decimal("0.1") and late.changes[0].assumed
    after_deadline = {g.node for g in gains(compiled, sub, survey, dt.date(2024, 11, 26))}
    assert "1.2.3" not in after_deadline
    assert "7.5.2" in after_deadline                       # figures can still be supplied


def test_json_and_english(capsys):
    assert main(["gains", CRIT, EV, "--today", "2024-11-15", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    first = doc["gains"][0]
    assert first["node"] == "7.5.2" and first["points"] == 1
    assert first["changes"] == [{"key": "ty_le_dinh_danh_dien_tu", "before": None, "after": 100, "assumed": True}]
    assert main(["gains", CRIT, EV, "--today", "15/11/2024", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Where points can still be gained" in out and "(assumed)" in out


def test_invalid_input_and_usage(capsys, tmp_path):
    assert main(["gains", CRIT, EV, "--today", "15-11-2024"]) == 2
    bad = tmp_path / "e.yaml"
    bad.write_text(EXAMPLE_EVIDENCE.read_text(encoding="utf-8").replace("criteria: mau-xa-2024", "criteria: x"),
                   encoding="utf-8")
    assert main(["gains", CRIT, str(bad), "--today", "15/11/2024"]) == 1
    err = capsys.readouterr().err
    assert "evidence_wrong_scheme" in err and "Traceback" not in err


# ---- property: applying a proposal raises the total by exactly the gain ---------------

def check_gains(compiled, sub, survey, today):
    base = score(compiled, sub, survey, matcher="python")
    deadline = compiled.scheme.model.deadline
    for g in gains(compiled, sub, survey, today, base=base):
        assert g.points > 0
        after = score(compiled, apply(sub, g.changes), survey, matcher="python")
        assert after.total.points - base.total.points == g.points, g
        assert after.nodes[g.node].points == g.after > g.before == base.nodes[g.node].points
        for c in g.changes:
            if c.after.type in ("document", "date"):
                assert c.before is None, "a present date is never moved"
                assert c.after.value == today and (deadline is None or today <= deadline)
            if c.after.type == "count":
                assert c.after.value >= 0
            if c.after.type == "percent":
                assert 0 <= c.after.value <= 100
        out = Collector()
        cross_checks(dict(apply(sub, g.changes).items), compiled.scheme, out)
        assert not out.items, "a proposal keeps every ratio part within its whole"


@st.composite
def perturbed(draw, sub):
    keys = sorted(sub.items)
    items = dict(sub.items)
    for k in draw(st.sets(st.sampled_from(keys), max_size=8)):
        del items[k]
    numeric = [k for k in keys if k in items and items[k].type in ("count", "percent") and not items[k].na]
    for k in draw(st.sets(st.sampled_from(numeric), max_size=6)):
        item = items[k]
        if item.type == "count":
            value = draw(st.integers(0, max(3, item.value * 2)))
        else:
            value = Decimal(draw(st.integers(0, 10000))) / 100
        items[k] = replace(item, value=value)
    flags = [k for k in keys if k in items and items[k].type == "boolean" and not items[k].na]
    for k in draw(st.sets(st.sampled_from(flags), max_size=4)):
        items[k] = replace(items[k], value=False)
    return sub.replace_items(items)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data(), today=st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), with_survey=st.booleans())
def test_property_example_scheme(example, data, today, with_survey):
    compiled, sub, survey = example
    trial = data.draw(perturbed(sub))
    out = Collector()
    cross_checks(dict(trial.items), compiled.scheme, out)
    assume(not out.items)
    check_gains(compiled, trial, survey if with_survey else None, today)


try:  # random valid schemes of every rule kind, from the shared strategies
    import strategies as gen
except ImportError:  # pragma: no cover
    gen = None


@pytest.mark.skipif(gen is None, reason="tests/strategies.py not available")
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), today=st.dates(dt.date(2024, 4, 1), dt.date(2024, 8, 1)))
def test_property_random_schemes(data, today):
    scheme = data.draw(gen.scheme_dict())
    compiled = gen.compile_dict(scheme)
    ev = data.draw(gen.evidence_dict(scheme))
    try:
        sub = gen.submission(compiled, ev)
    except Exception:  # noqa: BLE001 - a generated file the loader rejects is not this property's concern
        assume(False)
    survey = None
    check_gains(compiled, sub, survey, today)
