"""Monotonicity leaf by leaf over the grid of candidate values (``criteria verify``).

A parent's points are the sum of its children's, so the scheme is monotone when
every leaf is monotone in every key it reads; a leaf's points depend only on the
keys it reads. Each leaf is therefore scored alone (in a one-leaf copy of the
scheme: same bounds, N/A policy, rounding and rule) over every combination of
candidate values of its keys (missing included), and every step to a better value
of one key is compared. This is exhaustive over the candidates (the scheme's own
thresholds and their neighbours), where random files only sample them; the
counterexample it reports holds for the whole scheme as well, since the other
leaves do not read these keys.
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from criteria import InputError
from evidence import build_submission
from rules import CompiledScheme
from rules.compile import compile_tree

from ..evaluate import score
from . import verify_gen as gen

CAP = 600          # combinations per leaf


def leaf_scheme(compiled: CompiledScheme, node_id: str) -> CompiledScheme | None:
    """The scheme cut down to one leaf under one area; None when it does not compile alone."""
    m = compiled.scheme.model
    info = compiled.scheme.nodes[node_id]
    rule = compiled.rules[node_id]
    node = info.node.model_dump(mode="python", by_alias=True, exclude_none=True)
    node["rule"] = info.node.rule
    node.pop("bonus", None)
    if "na" not in node:
        node["na"] = info.na
    area_id = "A0" if node_id != "A0" else "A1"
    data = {"id": m.id, "title": m.title, "level": m.level, "year": m.year, "version": m.version,
            "rounding": m.rounding, "na_policy": m.na_policy,
            "evidence": {k: m.evidence[k].model_dump(exclude_none=True) for k in rule.reads},
            "areas": [{"id": area_id, "title": "verify", "max": info.node.max, "criteria": [node]}]}
    try:
        return compile_tree(data, compiled.scheme.file)
    except InputError:
        return None


def batch_of(compiled: CompiledScheme) -> dict:
    """A fixed best value for rules that compare units (``relative``): 100."""
    return {nid: Fraction(100) for nid, r in compiled.rules.items() if getattr(r, "needs_batch", "")}


def _better(info: gen.KeyInfo, a: Any, b: Any) -> bool:
    """Is present-or-missing value ``b`` strictly better than ``a`` for this key?"""
    if b is gen.MISSING:
        return False
    if a is gen.MISSING:
        return True
    t = info.type
    if t == "boolean":
        return a is False and b is True
    if t in ("date", "document"):
        da = a if t == "date" else a["date"]
        db = b if t == "date" else b["date"]
        return db < da
    if t in ("count", "percent", "number") and info.better:
        return b > a if info.better == "higher" else b < a
    return False


def grid_monotone(compiled: CompiledScheme, infos: dict, matcher: str) -> tuple[int, list[dict]]:
    """(combinations scored, violations); each violation names node, key, values, points, evidence."""
    tried = 0
    found: list[dict] = []
    for nid, rule in compiled.rules.items():
        keys = list(rule.reads)
        if any(infos[k].type in ("survey",) for k in keys):
            continue
        small = leaf_scheme(compiled, nid)
        if small is None:
            continue
        batch = batch_of(small)
        options = [[gen.MISSING] + gen.candidates(infos[k]) for k in keys]
        points: dict[tuple, Any] = {}
        for combo in itertools.islice(itertools.product(*options), CAP):
            ev = gen.consistent(dict(zip(keys, combo)), infos)
            if tuple(ev[k] for k in keys) != combo:
                continue
            try:
                sub = build_submission(gen.evidence_file(small.id, ev), "<verify>", small.scheme)
            except InputError:
                continue
            res = score(small, sub, None, matcher=matcher, batch=batch or None)
            tried += 1
            n = res.nodes[nid]
            points[_key(combo)] = None if n.excluded else n.points
        violation = _first_violation(keys, options, points, infos)
        if violation is not None:
            found.append(dict(violation, node=nid))
    return tried, found


def _key(combo: tuple) -> tuple:
    return tuple(repr(v) for v in combo)


def _first_violation(keys, options, points, infos):
    """The simplest combination (fewest present keys, then first) with a better step that loses."""
    combos = sorted(itertools.islice(itertools.product(*options), CAP),
                    key=lambda c: sum(v is not gen.MISSING for v in c))
    for combo in combos:
        p = points.get(_key(combo))
        if p is None:
            continue
        for i, k in enumerate(keys):
            for v in options[i]:
                if not _better(infos[k], combo[i], v):
                    continue
                other = combo[:i] + (v,) + combo[i + 1:]
                q = points.get(_key(other))
                if q is not None and q < p:
                    return {"key": k, "before": combo[i], "after": v, "from": p, "to": q,
                            "evidence": dict(zip(keys, combo)), "better": dict(zip(keys, other))}
    return None
