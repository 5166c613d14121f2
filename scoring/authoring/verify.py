"""``criteria verify``: the engine's property contract, checked on the author's own scheme.

Properties (spec/criteria.md, "Invariants"): bounds and sums; monotonicity of every
evidence key in its direction, including missing → present; determinism when keys,
evidence items and sibling criteria are written in another order; a trace for every
node; and, beyond the spec's four, that every node can reach its max and its min.

The first four are checked by hypothesis over evidence files generated for this
scheme (``verify_gen``): ``examples`` files, seeded, no example database, so the
same seed gives the same run. A failing file is shrunk to the smallest
counterexample hypothesis finds, returned as an evidence file the author can
``score`` and ``explain``. Reachability is checked by construction (the best and
worst evidence for every key, then each failing leaf alone).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hseed
from hypothesis import strategies as st

from criteria import InputError
from criteria.yamlsrc import YDict, YList
from evidence import build_submission
from evidence.survey import build_survey
from rules import CompiledScheme
from rules.compile import compile_tree

from ..evaluate import score
from ..report import dumps, result_json
from . import verify_gen as gen
from .verify_grid import batch_of, grid_monotone

PROPERTIES = ("bounds", "monotone", "determinism", "trace", "reach_max", "reach_min")


@dataclass(frozen=True)
class Finding:
    """One broken property with what reproduces it."""
    prop: str
    node: str | None
    detail: dict                       # numbers for the message (points, key, values …)
    evidence: dict | None = None       # the evidence file (as data)
    survey: dict | None = None         # its survey file, when survey results matter
    better: dict | None = None         # monotone: the improved evidence file


@dataclass(frozen=True)
class VerifyReport:
    scheme_id: str
    version: str
    sha256: str
    file: str
    examples: int
    seed: int
    tried: dict[str, int] = field(default_factory=dict)      # property → evidence files checked
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings

    def failed(self, prop: str) -> list[Finding]:
        return [f for f in self.findings if f.prop == prop]


class _Broken(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding.prop)
        self.finding = finding


# one exception class per property, so hypothesis keeps (and shrinks) each failure apart
_CLASSES = {p: type(f"Broken_{p}", (_Broken,), {}) for p in PROPERTIES}


class _Case:
    """Score an evidence dict against the scheme; None when the file itself is invalid."""

    def __init__(self, compiled: CompiledScheme, matcher: str):
        self.compiled, self.matcher = compiled, matcher
        self.batch = batch_of(compiled) or None
        self.titles = {k: v.title for k, v in compiled.scheme.model.evidence.items()}

    def run(self, ev: dict, sv: dict | None, compiled: CompiledScheme | None = None):
        c = compiled or self.compiled
        try:
            sub = build_submission(gen.evidence_file(c.id, ev), "<verify>", c.scheme)
            survey_data = gen.survey_file(c.id, sv or {})
            survey = build_survey(survey_data, "<verify-survey>", c.scheme, gen.UNIT["id"]) if survey_data else None
        except InputError:
            return None
        return score(c, sub, survey, matcher=self.matcher, batch=self.batch)


def verify(compiled: CompiledScheme, examples: int = 100, seed: int = 0, matcher: str = "durable") -> VerifyReport:
    infos = gen.key_infos(compiled)
    case = _Case(compiled, matcher)
    rnd = random.Random(seed)
    reordered = [compile_tree(_shuffled(compiled.scheme.raw, rnd), compiled.scheme.file) for _ in range(2)]
    tried = {p: 0 for p in PROPERTIES}
    findings: list[Finding] = []

    def broken(prop: str, node: str | None, detail: dict, ev: dict, sv: dict, better: dict | None = None):
        sid = compiled.id
        raise _CLASSES[prop](Finding(prop, node, detail, gen.evidence_file(sid, ev), gen.survey_file(sid, sv),
                                     gen.evidence_file(sid, better) if better is not None else None))

    directional = [k for k, i in infos.items() if i.type != "survey" and i.type != "manual"
                   and (i.direction is not None)]
    presentable = [k for k, i in infos.items() if i.type not in ("survey",) and gen.candidates(i)]

    @hseed(seed)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False, print_blob=False,
              verbosity=Verbosity.quiet, report_multiple_bugs=True, phases=(Phase.generate, Phase.shrink),
              suppress_health_check=list(HealthCheck))
    @given(gen.evidence_strategy(infos), gen.survey_strategy(infos), st.data())
    def check(ev, sv, data):
        ev = gen.consistent(ev, infos)
        res = case.run(ev, sv)
        if res is None:
            return
        tried["bounds"] += 1
        tried["trace"] += 1
        problem = _bounds(res)
        if problem:
            broken("bounds", *problem, ev, sv)
        problem = _trace(res, compiled)
        if problem:
            broken("trace", *problem, ev, sv)
        # monotonicity: one key made better (or supplied), chosen by hypothesis
        choices = [k for k in directional if ev.get(k) is not gen.MISSING and ev.get(k) != gen.NA] + \
                  [k for k in presentable if ev.get(k) is gen.MISSING]
        if choices:
            key = data.draw(st.sampled_from(sorted(set(choices))), label="key")
            new = _improve(infos[key], ev.get(key), data)
            if new is not None:
                better = gen.consistent(dict(ev, **{key: new}), infos)
                if better[key] == new:
                    res2 = case.run(better, sv)
                    if res2 is not None:
                        tried["monotone"] += 1
                        problem = _monotone(res, res2)
                        if problem:
                            node, detail = problem
                            broken("monotone", node, dict(detail, key=key, before=ev.get(key), after=new), ev, sv,
                                 better)
        # determinism: the same facts written in another order
        other = reordered[data.draw(st.integers(0, len(reordered) - 1), label="order")]
        keys = list(ev)
        random.Random(len(keys)).shuffle(keys)
        res3 = case.run({k: ev[k] for k in keys}, sv, other)
        tried["determinism"] += 1
        a = dumps(result_json(res, case.titles, "vi"))
        b = dumps(result_json(res3, case.titles, "vi")) if res3 is not None else None
        if other.sha256 != compiled.sha256 or a != b:
            broken("determinism", _first_difference(res, res3), {"sha256": other.sha256 == compiled.sha256}, ev, sv)

    try:
        check()
    except _Broken as exc:
        findings.append(exc.finding)
    except BaseExceptionGroup as group:     # several properties broken: one shrunk case each
        _, rest = group.split(_Broken)
        broken, _ = group.split(_Broken)
        for exc in _leaves(broken):
            findings.append(exc.finding)
        if rest is not None:
            raise rest from None
    grid_tried, grid = grid_monotone(compiled, infos, matcher)
    tried["monotone"] += grid_tried
    by_grid = {v["node"] for v in grid}
    # one counterexample per node: the grid's (fewest keys) over a random file's
    findings = [f for f in findings if not (f.prop == "monotone" and f.node in by_grid)]
    for v in grid:
        detail = {k: v[k] for k in ("key", "before", "after", "from", "to")}
        findings.append(Finding("monotone", v["node"], detail, gen.evidence_file(compiled.id, v["evidence"]), None,
                                gen.evidence_file(compiled.id, v["better"])))
    findings.sort(key=lambda f: PROPERTIES.index(f.prop))
    reach = _reachability(compiled, case, infos)
    tried["reach_max"] = tried["reach_min"] = len(compiled.scheme.nodes)
    findings.extend(reach)
    m = compiled.scheme.model
    return VerifyReport(m.id, m.version, compiled.sha256, compiled.scheme.file, examples, seed, tried, tuple(findings))


def _leaves(group) -> list:
    out = []
    for e in group.exceptions:
        out.extend(_leaves(e) if isinstance(e, BaseExceptionGroup) else [e])
    return out


# ---- the properties (each returns None, or (node, detail)) ---------------------

def _bounds(res) -> tuple[str | None, dict] | None:
    for n in res.nodes.values():
        if n.status == "error":
            return n.id, {"status": "error", "points": n.points}
        if n.excluded:
            continue
        if not n.min <= n.points <= n.max:
            return n.id, {"points": n.points, "min": n.min, "max": n.max}
        if n.children:
            live = [res.nodes[k] for k in n.children if not res.nodes[k].excluded]
            total = sum((k.points for k in live), Decimal(0))
            if n.points != total:
                return n.id, {"points": n.points, "sum": total}
    areas = [a for a in res.areas if not a.excluded]
    total = sum((a.points for a in areas), Decimal(0))
    if res.total.points != total:
        return None, {"points": res.total.points, "sum": total}
    return None


def _trace(res, compiled) -> tuple[str | None, dict] | None:
    for n in res.nodes.values():
        codes = [e.code for e in n.events]
        if not codes:
            return n.id, {"why": "empty"}
        if n.is_leaf:
            first = n.events[0]
            if first.code != "rule" or first.data.get("node") != n.id:
                return n.id, {"why": "no_rule"}
            if not {"branch", "missing", "na", "survey_absent", "error"} & set(codes):
                return n.id, {"why": "no_outcome"}
            branch = next((e for e in n.events if e.code == "branch"), None)
            if branch is not None and branch.data.get("points") != n.points:
                return n.id, {"why": "points", "traced": branch.data.get("points"), "points": n.points}
        elif "sum" not in codes:
            return n.id, {"why": "no_sum"}
    return None


def _monotone(before, after) -> tuple[str | None, dict] | None:
    changed = False
    for nid, b in before.nodes.items():
        a = after.nodes[nid]
        if a.excluded != b.excluded:
            changed = True          # N/A changes what the points are out of: compared as indices elsewhere
            continue
        if not b.excluded and a.points < b.points:
            return nid, {"from": b.points, "to": a.points}
    if not changed and after.total.points < before.total.points:
        return None, {"from": before.total.points, "to": after.total.points}
    return None


def _first_difference(a, b) -> str | None:
    if b is None:
        return None
    for nid, n in a.nodes.items():
        m = b.nodes.get(nid)
        if m is None or (m.points, m.status, m.max) != (n.points, n.status, n.max):
            return nid
    return None


def _improve(info: gen.KeyInfo, cur: Any, data) -> Any:
    """A strictly better present value for ``cur`` (or any present value when missing)."""
    values = gen.candidates(info)
    if cur is gen.MISSING:
        return data.draw(st.sampled_from(values), label="supplied") if values else None
    t = info.type
    if t == "boolean":
        return True if cur is False else None
    if t in ("date", "document"):
        d = cur if t == "date" else cur["date"]
        earlier = d - dt.timedelta(days=data.draw(st.integers(1, 400), label="days"))
        return earlier if t == "date" else dict(cur, date=earlier)
    if t in ("count", "percent", "number") and info.better:
        up = info.better == "higher"
        better = [v for v in values if (v > cur if up else v < cur)]
        if t == "count":
            better += [cur + 1] if up else ([cur - 1] if cur > 0 else [])
        if t == "number":
            better += [cur + 1 if up else cur - 1]
        return data.draw(st.sampled_from(sorted(set(better))), label="better") if better else None
    return None


# ---- reachability ----------------------------------------------------------------

def _reachability(compiled, case: _Case, infos) -> list[Finding]:
    out: list[Finding] = []
    for best in (True, False):
        ev, sv = gen.extreme_evidence(infos, best)
        res = case.run(ev, sv)
        prop = "reach_max" if best else "reach_min"
        want = (lambda n: n.points == n.max) if best else (lambda n: n.points == n.min)
        fails = [] if res is None else [n for n in res.nodes.values() if n.is_leaf and not n.excluded and not want(n)]
        if not best:
            empty = case.run({}, {})
            fails = [n for n in fails if empty is None or empty.nodes[n.id].points != n.min]
        for n in fails:
            found = _search_leaf(compiled, case, infos, n.id, best)
            if found is None:
                continue
            pts, ev1, sv1 = found
            node = compiled.scheme.nodes[n.id]
            goal = node.node.max if best else node.min
            if pts != goal:
                sid = compiled.id
                out.append(Finding(prop, n.id, {"goal": goal, "reached": pts},
                                   gen.evidence_file(sid, ev1), gen.survey_file(sid, sv1)))
    return out


def _search_leaf(compiled, case: _Case, infos, node_id: str, best: bool, cap: int = 120):
    """The most (or least) points this leaf earns over candidate values of its own keys."""
    import itertools
    rule = compiled.rules.get(node_id)
    if rule is None:
        return None
    keys = list(rule.reads)
    options = []
    for k in keys:
        info = infos[k]
        vals = gen.candidates(info) if info.type != "survey" else [Decimal(0), Decimal(50), Decimal(100)]
        ext = gen.extreme(info, best)
        if ext is not None and ext not in vals:
            vals = vals + [ext]
        options.append(vals or [gen.MISSING])
    best_found = None
    for combo in itertools.islice(itertools.product(*options), cap):
        ev = {k: v for k, v in zip(keys, combo) if infos[k].type != "survey"}
        sv = {k: v for k, v in zip(keys, combo) if infos[k].type == "survey"}
        res = case.run(gen.consistent(ev, infos), sv)
        if res is None or res.nodes[node_id].excluded:
            continue
        pts = res.nodes[node_id].points
        if best_found is None or (pts > best_found[0] if best else pts < best_found[0]):
            best_found = (pts, ev, sv)
    return best_found


# ---- reordering a scheme (locations kept, so traces name the same lines) ------

def _shuffled(obj: Any, rnd: random.Random) -> Any:
    if isinstance(obj, dict):
        keys = list(obj)
        rnd.shuffle(keys)
        out = YDict()
        out.loc = getattr(obj, "loc", None)
        out.key_locs = {k: getattr(obj, "key_locs", {}).get(k, out.loc) for k in keys}
        for k in keys:
            v = obj[k]
            out[k] = v if k in ("bands", "late", "all", "scale") else _shuffled(v, rnd)
        return out
    if isinstance(obj, list):
        items = list(zip(obj, getattr(obj, "item_locs", [None] * len(obj))))
        if items and all(isinstance(x, dict) and "id" in x and "title" in x for x, _ in items):
            rnd.shuffle(items)       # sibling criteria and areas: any order
        out = YList()
        out.loc = getattr(obj, "loc", None)
        out.item_locs = [loc for _, loc in items]
        out.extend(_shuffled(x, rnd) for x, _ in items)
        return out
    return obj
