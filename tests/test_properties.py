"""The spec's four invariants, over GENERATED schemes and evidence (every rule kind).

Profiles: ``dev`` (default, quick) and ``ci`` (HYPOTHESIS_PROFILE=ci: a few hundred
examples per property). Both matchers are exercised; they must agree byte for byte.
"""
from __future__ import annotations

import copy
import datetime as dt
import random
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from evidence.survey import build_survey
from scoring import score
from scoring.report import dumps, result_json

from strategies import compile_dict, evidence_dict, scheme_dict, submission, survey_dict



@st.composite
def case(draw):
    data = draw(scheme_dict())
    ev = draw(evidence_dict(data))
    sv = draw(survey_dict(data)) if draw(st.booleans()) else None
    return data, ev, sv


def run(data, ev, sv, matcher="python", **kw):
    compiled = compile_dict(data)
    sub = submission(compiled, ev)
    survey = build_survey(sv, "<gen-survey>", compiled.scheme, "u1") if sv else None
    return compiled, score(compiled, sub, survey, matcher=matcher, **kw)


def titles(compiled):
    return {k: v.title for k, v in compiled.scheme.model.evidence.items()}


@given(case())
def test_bounds_and_sums(c):
    data, ev, sv = c
    compiled, res = run(*c)
    for n in res.nodes.values():
        if not n.excluded:
            assert n.min <= n.points <= n.max, (n.id, n.min, n.points, n.max)
        else:
            assert n.points == 0 and n.index is None
        if n.children:
            live = [res.nodes[k] for k in n.children if not res.nodes[k].excluded]
            assert n.points == sum((k.points for k in live), D(0))
            if live:
                assert n.max == sum((k.max for k in live), D(0))
        assert n.status in ("met", "partial", "unmet", "missing", "not_applicable", "error")
        assert n.status != "error"
    areas = [a for a in res.areas if not a.excluded]
    assert res.total.points == sum((a.points for a in areas), D(0))
    assert res.total.max == sum((a.max for a in areas if not a.bonus), D(0))


def better_variants(data: dict, ev: dict, rnd: random.Random):
    """(key, improved evidence) pairs: a better value in the key's direction, or missing → present."""
    out = []
    for key, spec in data["evidence"].items():
        t = spec["type"]
        cur = ev["evidence"].get(key)
        if t == "survey" or (isinstance(cur, dict) and cur.get("na")):
            continue
        new = None
        if cur is None:
            new = {"boolean": True, "date": dt.date(2024, 5, 1), "count": 5, "percent": D(50), "number": D(50),
                   "document": {"number": "2/QĐ", "date": dt.date(2024, 5, 1), "title": "VB"},
                   "manual": None}[t]
            if t == "manual":
                continue
        elif t == "boolean":
            new = True if cur is False else None
        elif t == "date":
            new = cur - dt.timedelta(days=rnd.choice([1, 5, 20]))
        elif t == "document":
            new = dict(cur, date=cur["date"] - dt.timedelta(days=rnd.choice([1, 5, 20])))
        elif t in ("count", "percent", "number") and spec.get("better"):
            step = rnd.choice([1, 10, 37])
            if spec["better"] == "higher":
                new = cur + step
            else:
                new = cur - step
            if t == "count" and new < 0 or t == "percent" and not 0 <= new <= 100:
                new = None
        elif t == "manual":
            continue  # points are the unit's own claim, bounded per node
        if new is None:
            continue
        improved = copy.deepcopy(ev)
        improved["evidence"][key] = new
        # a ratio's part may not exceed its whole
        if key.endswith("_of"):
            to = improved["evidence"].get(key[:-3] + "_to")
            if isinstance(to, int) and isinstance(new, int) and new > to:
                continue
        if key.endswith("_to") and cur is None:
            of = improved["evidence"].get(key[:-3] + "_of")
            if isinstance(of, int) and isinstance(new, int) and of > new:
                improved["evidence"][key] = of
        out.append((key, improved))
    return out


@given(case(), st.randoms(use_true_random=False))
def test_monotone_better_evidence_never_lowers(c, rnd):
    data, ev, sv = c
    compiled, before = run(data, ev, sv)
    for key, improved in better_variants(data, ev, rnd):
        _, after = run(data, improved, sv)
        for nid, b in before.nodes.items():
            a = after.nodes[nid]
            assert a.points >= b.points, (key, nid, b.points, a.points, ev["evidence"].get(key), improved["evidence"][key])
        assert after.total.points >= before.total.points


def shuffled(obj, rnd: random.Random):
    if isinstance(obj, dict):
        items = list(obj.items())
        rnd.shuffle(items)
        return {k: shuffled(v, rnd) if k not in ("bands", "late", "all") else v for k, v in items}
    if isinstance(obj, list):
        # sibling criteria and areas may come in any order; other lists keep their order
        if obj and isinstance(obj[0], dict) and "id" in obj[0] and "title" in obj[0]:
            items = [shuffled(x, rnd) for x in obj]
            rnd.shuffle(items)
            return items
        return [shuffled(x, rnd) for x in obj]
    return obj


@given(case(), st.randoms(use_true_random=False))
def test_deterministic_under_reordering(c, rnd):
    data, ev, sv = c
    compiled, res = run(data, ev, sv)
    text = dumps(result_json(res, titles(compiled), "vi"))
    data2, ev2 = shuffled(data, rnd), shuffled(ev, rnd)
    compiled2, res2 = run(data2, ev2, sv)
    assert compiled2.sha256 == compiled.sha256
    assert dumps(result_json(res2, titles(compiled2), "vi")) == text


@given(case())
def test_every_point_is_traced(c):
    data, ev, sv = c
    compiled, res = run(*c)
    for n in res.nodes.values():
        assert n.events, n.id
        codes = [e.code for e in n.events]
        if n.is_leaf:
            assert codes[0] == "rule" and n.events[0].data["node"] == n.id
            assert n.events[0].data["kind"] == compiled.rules[n.id].kind
            # an outcome: a branch (with its points), missing, N/A or error
            assert {"branch", "missing", "na", "survey_absent", "error"} & set(codes), codes
            if "branch" in codes:
                assert next(e for e in n.events if e.code == "branch").data["points"] == n.points
                # every value it read is named; keys it reads but lacked are missing evidence
                read = {e.data["key"] for e in n.events if e.code == "read"}
                assert read | set(n.missing) == set(compiled.rules[n.id].reads), (read, n.missing)
                assert not read & set(n.missing)
                if n.missing:     # decided without them (check all: with a key false)
                    assert "missing_decided" in codes and n.status in ("unmet", "partial"), (n.id, codes)
            if n.lost > 0 and "branch" in codes and compiled.rules[n.id].kind not in ("manual", "survey"):
                assert "next" in codes, (n.id, codes)   # what the next better branch would pay
        else:
            assert codes == ["sum"]


@given(case())
def test_durable_and_python_matchers_agree(c):
    data, ev, sv = c
    compiled, py = run(data, ev, sv, matcher="python")
    _, du = run(data, ev, sv, matcher="durable")
    t = titles(compiled)
    assert dumps(result_json(du, t, "en")) == dumps(result_json(py, t, "en"))
