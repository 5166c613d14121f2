"""Evidence for ONE given scheme: interesting values per key, hypothesis strategies, extremes.

Values are drawn near the scheme's own thresholds (band limits, targets, floors,
due dates and late steps), so a few hundred files visit every branch. "Missing"
comes first in every choice: hypothesis shrinks towards it, so a counterexample
keeps only the keys that matter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from rules import CompiledScheme

MISSING = None
UNIT = {"id": "kiem-thu", "name": "Đơn vị kiểm thử (parscore criteria verify)"}
NA = {"na": True, "reason": "Không phát sinh (kiểm thử)"}
JUSTIFY = "Có tài liệu kiểm chứng (kiểm thử)"
BIG = 10_000


@dataclass
class KeyInfo:
    """What the scheme does with one evidence key."""
    key: str
    type: str
    better: str | None                       # higher | lower | None (fixed directions for dates …)
    numbers: set = field(default_factory=set)   # thresholds on the key's own value
    dates: set = field(default_factory=set)
    bounds: list = field(default_factory=list)  # (min, max) of manual nodes reading it
    ratio_of: list = field(default_factory=list)  # keys this one is the numerator of (its "to")
    ratio_to: list = field(default_factory=list)  # keys this one is the denominator of (its "of")
    na_ok: bool = True                       # no reader refuses "không phát sinh"
    readers: list = field(default_factory=list)

    @property
    def direction(self) -> str | None:
        """Which way the value improves: the catalogue's, or the type's fixed one."""
        if self.type in ("boolean", "document", "date"):
            return "fixed"
        return self.better


def key_infos(compiled: CompiledScheme) -> dict[str, KeyInfo]:
    scheme = compiled.scheme
    infos = {k: KeyInfo(k, s.type, s.better) for k, s in scheme.model.evidence.items()}
    for node in scheme.leaves():
        rule = node.node.rule or {}
        keys = compiled.rules[node.id].reads if node.id in compiled.rules else ()
        for k in keys:
            if k in infos:
                infos[k].readers.append(node.id)
                if node.na == "never":
                    infos[k].na_ok = False
                if infos[k].type == "manual":
                    infos[k].bounds.append((node.min, node.node.max))
        ratio = rule.get("ratio")
        thresholds = _thresholds(rule)
        if isinstance(ratio, dict) and ratio.get("of") in infos and ratio.get("to") in infos:
            infos[ratio["of"]].ratio_of.append(ratio["to"])
            infos[ratio["to"]].ratio_to.append(ratio["of"])
            for t in thresholds:         # percent thresholds: parts that hit them with a whole of 100
                infos[ratio["of"]].numbers.add(t)
        elif isinstance(rule.get("evidence"), str) and rule["evidence"] in infos:
            info = infos[rule["evidence"]]
            info.numbers |= thresholds
            due = rule.get("due")
            if isinstance(due, dt.date):
                info.dates |= {due + dt.timedelta(days=d) for d in (-1, 0, 1)}
                late = rule.get("late")
                if isinstance(late, list):
                    for step in late:
                        days = step.get("within_days") if isinstance(step, dict) else None
                        if isinstance(days, int):
                            info.dates |= {due + dt.timedelta(days=days + d) for d in (0, 1)}
    return infos


def _thresholds(rule: dict) -> set:
    out: set = set()
    for band in rule.get("bands") or []:
        if isinstance(band, dict):
            out |= {Decimal(v) for k, v in band.items() if k in ("gt", "ge", "lt", "le", "eq")
                    and isinstance(v, (int, Decimal)) and not isinstance(v, bool)}
    for k in ("target", "zero_below"):
        v = rule.get(k)
        if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
            out.add(Decimal(v))
    per = rule.get("per")
    if isinstance(per, (int, Decimal)) and not isinstance(per, bool) and per > 0:
        out |= {Decimal(n) for n in range(0, 12)}
    return out


# ---- candidate values ----------------------------------------------------------

def _number_candidates(info: KeyInfo) -> list:
    near = set()
    for t in info.numbers:
        near |= {t, t - Decimal("0.01"), t + Decimal("0.01"), t - 1, t + 1}
    base = {Decimal(0), Decimal(1), Decimal(50), Decimal(100)}
    if info.type == "number":
        base |= {Decimal(-5), Decimal(-1), Decimal(150)}
    vals = near | base
    if info.type == "count":
        return sorted({int(v) for v in vals if v >= 0 and v == int(v)} | {2, 5, 10})
    if info.type == "percent":
        vals = {v for v in vals if 0 <= v <= 100}
    return sorted(_tidy(v) for v in vals)


def _tidy(v: Decimal) -> Any:
    v = v.normalize()
    return int(v) if v == v.to_integral_value() else v


def _date_candidates(info: KeyInfo) -> list[dt.date]:
    dates = set(info.dates) or {dt.date(2024, 6, 1)}
    lo, hi = min(dates), max(dates)
    return sorted(dates | {lo - dt.timedelta(days=30), hi + dt.timedelta(days=60)})


def _document(d: dt.date) -> dict:
    return {"number": "01/QĐ-UBND", "date": d, "title": "Văn bản kiểm thử"}


def candidates(info: KeyInfo) -> list:
    """Present values worth trying for this key, in order (the first is the simplest)."""
    t = info.type
    if t == "boolean":
        return [False, True]
    if t == "date":
        return _date_candidates(info)
    if t == "document":
        return [_document(d) for d in _date_candidates(info)]
    if t in ("count", "percent", "number"):
        return _number_candidates(info)
    if t == "manual":
        if not info.bounds:
            return []
        lo = max(b[0] for b in info.bounds)
        hi = min(b[1] for b in info.bounds)
        if lo > hi:
            return []
        pts = sorted({lo, hi, (lo + hi) / 2})
        return [{"points": _tidy(p), "justification": JUSTIFY} for p in pts]
    return []


def value_strategy(info: KeyInfo):
    values = candidates(info)
    if not values:
        return st.just(MISSING)
    choices = [st.just(MISSING), st.sampled_from(values)]
    if info.type == "count":
        choices.append(st.integers(0, 200))
    if info.na_ok and (info.type != "manual"):
        choices.append(st.just(NA))
    return st.one_of(*choices)


def evidence_strategy(infos: dict[str, KeyInfo]):
    keys = [k for k, i in infos.items() if i.type != "survey"]
    return st.fixed_dictionaries({k: value_strategy(infos[k]) for k in keys})


def survey_strategy(infos: dict[str, KeyInfo]):
    keys = [k for k, i in infos.items() if i.type == "survey"]
    pct = st.sampled_from([MISSING, Decimal(0), Decimal("50"), Decimal("84.5"), Decimal(100)])
    return st.fixed_dictionaries({k: pct for k in keys})


def consistent(ev: dict, infos: dict[str, KeyInfo]) -> dict:
    """Keep ratio parts possible (a part above its whole is an evidence error, not a case)."""
    out = dict(ev)
    for key, info in infos.items():
        for to in info.ratio_of:
            a, b = out.get(key), out.get(to)
            if _numeric(a) and _numeric(b) and a > b:
                out[key] = b
    return out


def _numeric(v: Any) -> bool:
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool)


# ---- files -------------------------------------------------------------------

def evidence_file(scheme_id: str, ev: dict) -> dict:
    return {"unit": dict(UNIT), "criteria": scheme_id,
            "evidence": {k: v for k, v in ev.items() if v is not MISSING}}


def survey_file(scheme_id: str, sv: dict) -> dict | None:
    results = {k: v for k, v in sv.items() if v is not MISSING}
    if not results:
        return None
    return {"survey": {"unit": UNIT["id"], "criteria": scheme_id, "by": "Sở Nội vụ (kiểm thử)"}, "results": results}


# ---- extremes (reachability) --------------------------------------------------

def extreme(info: KeyInfo, best: bool) -> Any:
    """The best (or worst) present value of a key in its direction; None when it has none."""
    t = info.type
    higher = (info.better or "higher") == "higher"
    up = best == higher
    if t == "boolean":
        return best
    if t in ("date", "document"):
        ds = _date_candidates(info)
        d = ds[0] - dt.timedelta(days=365) if best else ds[-1] + dt.timedelta(days=3650)
        return d if t == "date" else _document(d)
    if t == "count":
        return BIG if up else 0
    if t == "percent":
        return 100 if up else 0
    if t == "number":
        nums = _number_candidates(info)
        return _tidy(Decimal(max(nums)) + BIG) if up else _tidy(Decimal(min(nums)) - BIG)
    if t == "manual":
        c = candidates(info)
        return (c[-1] if best else c[0]) if c else None
    if t == "survey":
        return Decimal(100) if best else Decimal(0)
    return None


def extreme_evidence(infos: dict[str, KeyInfo], best: bool, keys: list[str] | None = None) -> tuple[dict, dict]:
    """Evidence and survey results with every key (or ``keys``) at its best or worst."""
    ev: dict = {}
    sv: dict = {}
    for key, info in infos.items():
        if keys is not None and key not in keys:
            continue
        if info.ratio_to and not info.ratio_of and info.better is None:
            continue                     # a denominator: set with its numerator below
        v = extreme(info, best)
        if v is None:
            continue
        (sv if info.type == "survey" else ev)[key] = v
    for key, info in infos.items():
        if keys is not None and key not in keys:
            continue
        for of in info.ratio_to:
            whole = 100
            if info.better is None and (keys is None or of in keys):
                ev[key] = whole
                of_info = infos[of]
                up = (of_info.better or "higher") == "higher"
                ev[of] = whole if up == best else 0
    return consistent(ev, infos), sv
