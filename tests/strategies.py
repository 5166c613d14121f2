"""Hypothesis strategies: random VALID schemes (every rule kind) and evidence for them.

Generated schemes are built the way a careful author would write them (bands
monotone in the evidence's direction, parameters in range) so that the engine
accepts them; properties then check the spec's invariants on them.
"""
from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal as D

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from criteria.load import build_scheme
from evidence import build_submission
from rules import compile_scheme

# Profiles: "dev" (default, quick) and "ci" (HYPOTHESIS_PROFILE=ci in .ci/run: a few hundred examples).
settings.register_profile("ci", max_examples=250, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

STEPS = [D("0.25"), D("0.5"), D("0.75"), D("1"), D("1.5"), D("2"), D("3")]
BASE = dt.date(2024, 6, 1)
KINDS = ["check", "deadline", "bands", "bands_ratio", "proportional", "deduction", "count", "manual", "survey"]


@st.composite
def leaf(draw, nid: str, catalogue: dict):
    """A leaf node with a rule; adds the evidence keys it reads to ``catalogue``."""
    kind = draw(st.sampled_from(KINDS))
    mx = draw(st.sampled_from(STEPS))
    node: dict = {"id": nid, "title": f"Tiêu chí {nid}", "max": mx}
    key = "k" + nid.replace(".", "_")
    na = draw(st.sampled_from([None, "full", "exclude"]))
    if na:
        node["na"] = na
    if kind == "check":
        n = draw(st.integers(1, 2))
        keys = [f"{key}_{i}" for i in range(n)]
        for k in keys:
            catalogue[k] = {"type": "boolean", "title": f"Có {k}"}
        rule: dict = {"kind": "check"}
        if n == 1 and draw(st.booleans()):
            rule["evidence"] = keys[0]
        else:
            rule["all"] = keys
        if draw(st.booleans()):
            rule["otherwise"] = draw(st.sampled_from([D(0), mx / 2]))
    elif kind == "deadline":
        catalogue[key] = {"type": draw(st.sampled_from(["document", "date"])), "title": f"Văn bản {key}"}
        rule = {"kind": "deadline", "evidence": key, "due": BASE}
        style = draw(st.sampled_from(["none", "number", "list"]))
        if style == "number":
            rule["late"] = draw(st.sampled_from([D(0), mx / 2]))
        elif style == "list":
            rule["late"] = [{"within_days": 10, "points": mx / 2}, {"within_days": 30, "points": mx / 4}]
    elif kind in ("bands", "bands_ratio", "proportional"):
        if kind == "bands_ratio" or (kind == "proportional" and draw(st.booleans())):
            of, to = key + "_of", key + "_to"
            catalogue[of] = {"type": "count", "title": f"Đạt {key}", "better": "higher"}
            catalogue[to] = {"type": "count", "title": f"Tổng {key}"}
            src: dict = {"ratio": {"of": of, "to": to}}
            lower = False
        else:
            etype = draw(st.sampled_from(["count", "percent", "number"]))
            lower = kind == "bands" and draw(st.booleans())
            catalogue[key] = {"type": etype, "title": f"Giá trị {key}", "better": "lower" if lower else "higher"}
            src = {"evidence": key}
        if kind == "proportional":
            target = draw(st.sampled_from([D(50), D(80), D(100)]))
            rule = {"kind": "proportional", **src, "target": target}
            if draw(st.booleans()):
                rule["zero_below"] = draw(st.sampled_from([D(0), target / 2, target]))
        else:
            n = draw(st.integers(1, 3))
            thresholds = sorted(draw(st.lists(st.sampled_from([D(0), D(10), D("33.5"), D(50), D(70), D(90), D(100)]),
                                              min_size=n, max_size=n, unique=True)))
            fractions = sorted(draw(st.lists(st.sampled_from([D(0), D("0.25"), D("0.5"), D(1)]), min_size=n, max_size=n)),
                               reverse=True)
            ops_hi = draw(st.lists(st.sampled_from(["ge", "gt"]), min_size=n, max_size=n))
            ops_lo = draw(st.lists(st.sampled_from(["le", "lt"]), min_size=n, max_size=n))
            fractions[0] = D(1)          # the best band pays max: a node's max must be reachable
            domain = "percent" if kind == "bands_ratio" else etype
            if lower and domain in ("count", "percent") and thresholds[0] == 0:
                ops_lo[0] = "le"             # "lt: 0" is never met by a count or a percent
            if not lower and domain == "percent" and thresholds[-1] == 100:
                ops_hi[0] = "ge"             # "gt: 100" is never met by a percent (or a ratio)
            bands = []
            if lower:
                for t, f, op in zip(thresholds, fractions, ops_lo):
                    bands.append({op: t, "points": mx * f})
            else:
                for t, f, op in zip(reversed(thresholds), fractions, ops_hi):
                    bands.append({op: t, "points": mx * f})
            rule = {"kind": "bands", **src, "bands": bands}
    elif kind == "deduction":
        catalogue[key] = {"type": "count", "title": f"Số vi phạm {key}", "better": "lower"}
        node["min"] = draw(st.sampled_from([D(0), D("-0.5"), -mx]))
        rule = {"kind": "deduction", "evidence": key, "per": draw(st.sampled_from([D("0.25"), D("0.5"), D(1)]))}
    elif kind == "count":
        catalogue[key] = {"type": "count", "title": f"Số sáng kiến {key}", "better": "higher"}
        rule = {"kind": "count", "evidence": key, "per": draw(st.sampled_from([D("0.25"), D("0.5"), D(1)]))}
    elif kind == "manual":
        catalogue[key] = {"type": "manual", "title": f"Tự chấm {key}"}
        rule = {"kind": "manual", "evidence": key}
    else:
        catalogue[key] = {"type": "survey", "title": f"Khảo sát {key}"}
        rule = {"kind": "survey", "evidence": key}
    node["rule"] = rule
    return node


@st.composite
def scheme_dict(draw):
    catalogue: dict = {}
    areas = []
    n_areas = draw(st.integers(1, 3))
    for a in range(1, n_areas + 1):
        kids = []
        for c in range(1, draw(st.integers(1, 3)) + 1):
            cid = f"{a}.{c}"
            if draw(st.booleans()):
                subs = [draw(leaf(f"{cid}.{s}", catalogue)) for s in range(1, draw(st.integers(1, 3)) + 1)]
                kids.append({"id": cid, "title": f"Tiêu chí {cid}", "max": sum(k["max"] for k in subs), "criteria": subs})
            else:
                kids.append(draw(leaf(cid, catalogue)))
        areas.append({"id": str(a), "title": f"Lĩnh vực {a}", "max": sum(k["max"] for k in kids), "criteria": kids})
    if draw(st.booleans()):
        b = str(n_areas + 1)
        catalogue["k_bonus"] = {"type": "count", "title": "Sáng kiến", "better": "higher"}
        catalogue["k_malus"] = {"type": "count", "title": "Vi phạm", "better": "lower"}
        areas.append({"id": b, "title": "Thưởng, trừ", "max": D(2), "bonus": True, "criteria": [
            {"id": f"{b}.1", "title": "Thưởng", "max": D(2), "rule": {"kind": "count", "evidence": "k_bonus", "per": D(1)}},
            {"id": f"{b}.2", "title": "Trừ", "max": D(0), "min": D(-3),
             "rule": {"kind": "deduction", "evidence": "k_malus", "per": D(1)}}]})
    return {"id": "gen", "title": "Sinh tự động", "level": "xa", "year": 2024, "version": "1",
            "na_policy": draw(st.sampled_from(["exclude", "full"])), "rounding": draw(st.sampled_from([D("0.01"), D("0.25")])),
            "bands": [{"min": D(90), "label": "A"}, {"min": D(50), "label": "B"}, {"min": D(0), "label": "C"}],
            "evidence": catalogue, "areas": areas}


def compile_dict(data: dict):
    return compile_scheme(build_scheme(data, "<gen>"))


def value_strategy(spec: dict, node_bounds: tuple | None):
    t = spec["type"]
    if t == "boolean":
        return st.booleans()
    if t in ("date", "document"):
        d = st.integers(-40, 40).map(lambda n: BASE + dt.timedelta(days=n))
        if t == "date":
            return d
        return d.map(lambda x: {"number": "1/QĐ", "date": x, "title": "Văn bản"})
    if t == "count":
        return st.integers(0, 120)
    if t == "percent":
        return st.sampled_from([D(0), D("33.5"), D(50), D("69.99"), D(70), D(90), D("90.01"), D(100)])
    if t == "number":
        return st.sampled_from([D(-5), D(0), D(10), D("33.5"), D(50), D(70), D(90), D(100), D(150)])
    if t == "manual":
        lo, hi = node_bounds
        return st.sampled_from(sorted({lo, hi, (lo + hi) / 2})).map(lambda p: {"points": p, "justification": "Có TLKC"})
    raise ValueError(t)


def manual_bounds(data: dict) -> dict:
    out = {}

    def walk(nodes):
        for n in nodes:
            if "criteria" in n:
                walk(n["criteria"])
            elif n["rule"]["kind"] == "manual":
                out[n["rule"]["evidence"]] = (n.get("min", D(0)), n["max"])
    walk(data["areas"])
    return out


@st.composite
def evidence_dict(draw, data: dict):
    bounds = manual_bounds(data)
    ev: dict = {}
    for key, spec in data["evidence"].items():
        if spec["type"] == "survey":
            continue
        choice = draw(st.sampled_from(["value", "value", "value", "missing", "na"]))
        if choice == "missing":
            continue
        if choice == "na":
            ev[key] = {"na": True, "reason": "Không phát sinh"}
            continue
        ev[key] = draw(value_strategy(spec, bounds.get(key)))
    # keep ratio parts consistent: of ≤ to
    for key in list(ev):
        if key.endswith("_of"):
            to = key[:-3] + "_to"
            if isinstance(ev.get(to), int) and isinstance(ev[key], int) and ev[key] > ev[to]:
                ev[key], ev[to] = ev[to], ev[key]
    return {"unit": {"id": "u1", "name": "Đơn vị thử"}, "criteria": "gen", "evidence": ev}


@st.composite
def survey_dict(draw, data: dict):
    keys = [k for k, s in data["evidence"].items() if s["type"] == "survey"]
    results = {}
    for k in keys:
        if draw(st.booleans()):
            results[k] = draw(st.sampled_from([D(0), D("84.5"), D(100), D("33.33")]))
    return {"survey": {"unit": "u1", "criteria": "gen", "by": "Sở Nội vụ"}, "results": results}


def submission(compiled, ev: dict):
    return build_submission(ev, "<gen-evidence>", compiled.scheme)
