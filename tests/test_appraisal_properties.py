"""Appraisal invariants over generated schemes (issue 3)."""
from __future__ import annotations

import copy
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from evidence.appraisal import build_round
from scoring import score
from scoring.reconcile import reconcile
from scoring.report import dumps, result_json

from strategies import compile_dict, evidence_dict, scheme_dict, submission


HEAD = {"unit": "u1", "criteria": "gen", "by": "Tổ thẩm định", "date": "10/12/2024"}


def titles(compiled):
    return {k: v.title for k, v in compiled.scheme.model.evidence.items()}


@st.composite
def setup(draw):
    data = draw(scheme_dict())
    ev = draw(evidence_dict(data))
    compiled = compile_dict(data)
    return data, ev, compiled, submission(compiled, ev)


@st.composite
def adjustments(draw, data, ev, compiled):
    """Random valid adjustments: rejections, corrections to other valid values, direct points."""
    from strategies import evidence_dict as _ev
    other = draw(_ev(data))["evidence"]
    adjs = []
    keys = [k for k in ev["evidence"]]
    for k in draw(st.lists(st.sampled_from(keys), max_size=3, unique=True)) if keys else []:
        if draw(st.booleans()):
            adjs.append({"evidence": k, "reject": True, "reason": f"Không chấp nhận {k}"})
        elif k in other:
            adjs.append({"evidence": k, "value": other[k], "reason": f"Điều chỉnh {k}"})
    nodes = list(compiled.scheme.nodes.values())
    for info in draw(st.lists(st.sampled_from(nodes), max_size=2, unique_by=lambda n: n.id)):
        pts = draw(st.sampled_from(sorted({info.min, info.node.max, (info.min + info.node.max) / 2})))
        adjs.append({"criterion": info.id, "points": pts, "reason": f"Chấm lại {info.id}"})
    return adjs


def make_round(compiled, sub, number, adjs):
    return build_round({"appraisal": dict(HEAD, round=number), "adjustments": adjs}, f"<round {number}>",
                       compiled.scheme, sub)


@given(setup())
def test_empty_appraisal_reproduces_self_score(s):
    data, ev, compiled, sub = s
    rec = reconcile(compiled, sub, [make_round(compiled, sub, 1, [])], matcher="python")
    t = titles(compiled)
    assert dumps(result_json(rec.appraised, t, "vi")) == dumps(result_json(rec.self_result, t, "vi"))
    assert rec.differences == ()


@given(setup(), st.data())
def test_rejecting_evidence_never_raises_a_node(s, d):
    data, ev, compiled, sub = s
    keys = list(ev["evidence"])
    if not keys:
        return
    key = d.draw(st.sampled_from(keys))
    if isinstance(ev["evidence"][key], dict) and ev["evidence"][key].get("na"):
        return  # rejecting a "không phát sinh" claim is not evidence getting worse in one direction
    rec = reconcile(compiled, sub, [make_round(compiled, sub, 1, [{"evidence": key, "reject": True, "reason": "x"}])],
                    matcher="python")
    for nid, before in rec.self_result.nodes.items():
        assert rec.appraised.nodes[nid].points <= before.points, nid


@given(setup(), st.data())
def test_differences_add_up(s, d):
    data, ev, compiled, sub = s
    adjs = d.draw(adjustments(data, ev, compiled))
    try:
        r1 = make_round(compiled, sub, 1, adjs)
    except Exception:
        return  # a correction made a ratio part exceed its whole: rejected as a file, nothing to add up
    from criteria import InputError
    try:
        rec = reconcile(compiled, sub, [r1], matcher="python")
    except InputError:
        return
    total = sum((x.difference for x in rec.differences), D(0))
    assert rec.self_result.total.points + total == rec.appraised.total.points
    for x in rec.differences:
        assert x.reason and x.category


@given(setup(), st.data())
def test_rounds_compose_in_order(s, d):
    data, ev, compiled, sub = s
    from criteria import InputError
    a1 = d.draw(adjustments(data, ev, compiled))
    a2 = d.draw(adjustments(data, ev, compiled))
    try:
        r1, r2 = make_round(compiled, sub, 1, a1), make_round(compiled, sub, 2, a2)
        both = reconcile(compiled, sub, [r1, r2], matcher="python")
    except InputError:
        return
    # round 2 applied to the evidence round 1 left equals the two rounds together
    ev1 = copy.deepcopy(ev)
    overrides = {}
    for number, adj in [(1, a) for a in a1] + [(2, a) for a in a2]:
        if "criterion" in adj:
            overrides[adj["criterion"]] = (adj["points"], adj["reason"], f"<round {number}>")
        elif adj.get("reject"):
            ev1["evidence"].pop(adj["evidence"], None)
        else:
            ev1["evidence"][adj["evidence"]] = adj["value"]
    from scoring import Override
    direct = score(compiled, submission(compiled, ev1), None, matcher="python",
                   overrides={k: Override(*v) for k, v in overrides.items()})
    t = titles(compiled)
    assert dumps(result_json(both.appraised, t, "vi")) == dumps(result_json(direct, t, "vi"))
    assert [st_.label for st_ in both.stages] == ["round 1", "round 2"]
