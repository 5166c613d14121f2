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
    assert gains_ == sorted(gains_, reverse=True) and len(lines) == 14
    assert lines[0].startswith("1. +1 điểm — 7.5.2")
    assert ("«Số hồ sơ trễ hạn có văn bản xin lỗi cá nhân, tổ chức» 21/22 = 95,45%: thêm 1 hồ sơ → 22/22 = 100,00%"
            in out)
    assert "«Số lượt CBCC đã tham gia đào tạo, bồi dưỡng theo kế hoạch» 22/24 = 91,67%: thêm 1 lượt → 23/24" in out
    # missing evidence: the level it needs, stated as the threshold, never an invented figure
    assert ("kê khai «Tỷ lệ người dân, doanh nghiệp sử dụng DVC trực tuyến được định danh, xác thực điện tử» "
            "(cần đạt từ 100% trở lên; chưa có số liệu)") in out
    assert "«Tổng điểm tự đánh giá xã đạt chuẩn tiếp cận pháp luật (thang 100)» hiện 86: cần đạt từ 90 trở lên" in out
    assert "99,99" not in out
    # fixed facts (dossiers already sent back twice, the 766 score) are costs, never changes
    proposals, costs = out.split("Điểm mất do sự việc đã xảy ra")
    assert "3.3.3" not in proposals and " 3.6 " not in proposals and "bớt" not in proposals
    assert "1. −0,5 điểm — 3.3.3 Hồ sơ phải bổ sung, hoàn thiện quá 01 lần: «Số hồ sơ phải bổ sung, " \
           "hoàn thiện quá 01 lần» = 1." in costs
    assert "−0,5 điểm — 3.6 " in costs
    # 1.1.1 and 1.2.3 are late documents: a date cannot be moved, so nothing is proposed for them
    assert " 1.1.1 " not in out and " 1.2.3 " not in out
    assert " 8.1 " not in out                              # survey results are never proposed


def test_proportional_ratio_next_step(example):
    compiled, sub, survey = example
    items = dict(sub.items)
    items["luot_dao_tao_thuc_hien"] = replace(items["luot_dao_tao_thuc_hien"], value=20)
    found = {g.node: g for g in gains(compiled, sub.replace_items(items), survey, TODAY)}
    g = found["5.2.2"]                                     # 20/24 → 1.5 × 83.33% = 1.25; 21/24 → 1.3125 → 1.31
    assert [(c.key, c.before.value, c.after.value) for c in g.changes] == [("luot_dao_tao_thuc_hien", 20, 21)]
    assert (g.before, g.after, g.points) == (Decimal("1.25"), Decimal("1.31"), Decimal("0.06"))
    # 3.3.1 reads dossiers already settled on time (fixed: true): never proposed, shown as a cost
    from scoring.gains import gains_and_costs
    items["ho_so_dung_han"] = replace(items["ho_so_dung_han"], value=1480)
    found, costs = gains_and_costs(compiled, sub.replace_items(items), survey, TODAY)
    assert "3.3.1" not in {g.node for g in found} and "3.3.1" in {c.node for c in costs}


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
    assert first["changes"] == [{"key": "ty_le_dinh_danh_dien_tu", "before": None, "after": 100, "assumed": True,
                                 "fact": False}]
    assert {c["node"]: c["values"] for c in doc["fixed_costs"]} == {"3.3.3": {"ho_so_bo_sung_nhieu_lan": 1},
                                                                    "3.6": {"diem_766": 86.45}}
    assert main(["gains", CRIT, EV, "--today", "15/11/2024", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Where points can still be gained" in out and "(assumed yes)" in out
    assert "Points lost to facts that already happened" in out


def test_fixed_default_rule_and_explicit_attribute(example):
    compiled, _, _ = example
    spec = compiled.scheme.model.evidence
    assert spec["so_cbcc_ky_luat"].is_fixed            # count, better: lower, no `fixed`: fixed
    assert spec["ho_so_dung_han"].is_fixed             # better: higher, but `fixed: true`
    assert not spec["ho_so_tre_han_co_xin_loi"].is_fixed   # an apology can still be sent
    assert not spec["ty_le_hoan_thanh"].is_fixed and not spec["chuyen_muc_cchc"].is_fixed


def test_disciplined_officials_are_a_cost_not_a_proposal(example):
    from scoring.gains import gains_and_costs
    compiled, sub, survey = example
    items = dict(sub.items)
    items["so_cbcc_ky_luat"] = replace(items["so_cbcc_ky_luat"], value=2)
    found, costs = gains_and_costs(compiled, sub.replace_items(items), survey, TODAY)
    assert "5.4" not in {g.node for g in found}
    cost = {c.node: c for c in costs}["5.4"]
    assert cost.keys == ("so_cbcc_ky_luat",) and cost.points > 0
    # the same fact, still undeclared, may be declared: its gain is the best case, flagged as a fact
    g = {g.node: g for g in gains(compiled, without(sub, "so_cbcc_ky_luat"), survey, TODAY)}["5.4"]
    assert g.changes[0].fact and not g.changes[0].assumed


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
    spec = compiled.scheme.model.evidence
    for g in gains(compiled, sub, survey, today, base=base):
        assert g.points > 0
        assert not [c for c in g.changes if spec[c.key].is_fixed and c.before is not None], \
            "a declared fixed fact is never proposed for change"
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
