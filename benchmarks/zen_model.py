"""A GoRules ZEN decision model (JDM) built automatically from a compiled parscore scheme.

Used by ``benchmarks/peer.py`` to measure parscore against a peer engine on the
very same scheme and units. The model is what a careful ZEN author would write:

* a ``prepare`` expression node computes the value every bands / proportional
  leaf compares (one evidence value, or a ratio ``of × 100 ÷ to``);
* every ``bands`` leaf is a decision table (hit policy ``first``; one row per
  band, tests as written, then the ``otherwise`` row);
* a ``score`` expression node holds every other formula: per leaf its status
  (missing, "không phát sinh", zero ratio, survey absent), its points under the
  node's N/A policy, the kind's formula (check, deadline, manual, proportional,
  survey, deduction, count), then every parent's sum of its non-excluded
  children, the total, its maximum (bonus areas excluded) and the index;
* the scheme's bands (xếp loại) are one more decision table on the index.

The unit goes in as JSON (``zen_input``): ``ev`` the present evidence values
(dates as ISO text, manual scores as their points), ``na`` the keys declared
"không phát sinh", ``sv`` the survey results (a percent or answer counts).
A rule kind the builder does not know raises ``NotImplementedError`` naming it,
so a new kind cannot be benchmarked silently wrong.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from rules import CompiledScheme

_OPS = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=="}


def _num(v: Decimal | int) -> str:
    return format(Decimal(v).normalize(), "f") if not isinstance(v, int) else str(v)


class _Names:
    """Identifier-safe, unique ZEN field names for node ids and evidence keys."""

    def __init__(self) -> None:
        self._by: dict[str, str] = {}
        self._used: set[str] = set()

    def __call__(self, raw: str) -> str:
        got = self._by.get(raw)
        if got is None:
            base = "k_" + re.sub(r"[^0-9A-Za-z_]", "_", raw)
            got, i = base, 1
            while got in self._used:
                i += 1
                got = f"{base}_{i}"
            self._by[raw] = got
            self._used.add(got)
        return got


def _node(nid: str, kind: str, name: str, content: dict | None = None) -> dict:
    out: dict[str, Any] = {"id": nid, "type": kind, "name": name, "position": {"x": 0, "y": 0}}
    if content is not None:
        out["content"] = content
    return out


class ZenModel:
    """The JDM graph of ``compiled`` (``graph``), with the field names it reads and writes."""

    def __init__(self, compiled: CompiledScheme):
        self.compiled = compiled
        self.key = _Names()
        self.node = _Names()
        self.tables = 0
        self.expressions = 0
        self.graph = self._build()

    # ---- leaves -----------------------------------------------------------------------
    def _value(self, rule) -> str:
        """The value a bands / proportional rule compares; 0 when it cannot be computed
        (the leaf's status then says missing or N/A and the value is not used)."""
        src = rule.source
        if src.key:
            k = f"ev.{self.key(src.key)}"
            return f"{k} == null ? 0 : {k}"
        of, to = f"ev.{self.key(src.of)}", f"ev.{self.key(src.to)}"
        return f"({of} == null or {to} == null or {to} == 0) ? 0 : {of} * 100 / {to}"

    def _clamp(self, rule, expr: str) -> str:
        return f"max([{_num(rule.min)}, min([{_num(rule.max)}, {expr}])])"

    def _rounded(self, rule, expr: str) -> str:
        step = _num(rule.rounding)
        return self._clamp(rule, f"round(({expr}) / {step}) * {step}")

    def _ok_points(self, rule, L: str) -> str:
        """The kind's formula for present evidence (as the rule's ``score`` pays)."""
        kind = rule.kind
        ev = lambda k: f"ev.{self.key(k)}"  # noqa: E731
        if kind == "bands":
            return f"b.{L}"
        if kind == "check":
            cond = " and ".join(f"{ev(k)} == true" for k in rule.reads)
            return f"({cond}) ? {_num(rule.pass_points)} : {_num(rule.fail_points)}"
        if kind == "deadline":
            days = f"(date({ev(rule.reads[0])}) - date('{rule.due.isoformat()}')) / 86400"
            arms = []
            for b in rule.branches:           # on_time, late steps / late, too_late: in order
                if b.name == "on_time":
                    arms.append((f"{days} <= 0", b.points))
                elif b.name.startswith("late_"):
                    arms.append((f"{days} <= {b.info['within_days']}", b.points))
            tail = next(b.points for b in rule.branches if b.name in ("late", "too_late"))
            expr = _num(tail)
            for cond, pts in reversed(arms):
                expr = f"{cond} ? {_num(pts)} : ({expr})"
            return expr
        if kind == "manual":
            return self._clamp(rule, ev(rule.reads[0]))
        if kind == "proportional":
            v = f"v.{L}"
            scaled = self._rounded(rule, f"{_num(rule.max)} * {v} / {_num(rule.target)}")
            expr = f"{v} >= {_num(rule.target)} ? {_num(rule.max)} : {scaled}"
            if rule.zero_below is not None:
                expr = f"{v} < {_num(rule.zero_below)} ? {_num(rule.min)} : ({expr})"
            return expr
        if kind == "survey":
            s = f"sv.{self.key(rule.reads[0])}"
            weighted = " + ".join(f"({s}.{a} ?? 0) * {_num(p)}" for a, p in rule.scale.items())
            answers = " + ".join(f"({s}.{a} ?? 0)" for a in rule.scale)
            pct = f"({s}.pct != null ? {s}.pct : ({weighted}) / ({answers}))"
            return self._rounded(rule, f"{pct} * {_num(rule.max)} / 100")
        if kind == "deduction":
            c = ev(rule.reads[0])
            floor_at = next(b.info["from"] for b in rule.branches if b.name == "floored")
            return (f"{c} <= 0 ? {_num(rule.start)} : {c} < {floor_at} ? {_num(rule.start)} - {_num(rule.per)} * {c}"
                    f" : {_num(rule.min)}")
        if kind == "count":
            c = ev(rule.reads[0])
            cap_at = next(b.info["from"] for b in rule.branches if b.name == "capped")
            return (f"{c} <= 0 ? {_num(max(rule.min, Decimal(0)))} : {c} < {cap_at} ? "
                    f"{self._clamp(rule, f'{_num(rule.per)} * {c}')} : {_num(rule.max)}")
        raise NotImplementedError(f"no ZEN translation for rule kind {kind!r} (node {rule.node_id})")

    def _status(self, rule) -> str:
        """'ok', 'missing', 'na' (declared or a 0 denominator), 'absent' (survey) or 'error'."""
        if getattr(rule, "needs_batch", ""):
            return "'error'"                  # one unit alone: the evaluator's error outcome
        if rule.kind == "survey":
            return f"sv.{self.key(rule.reads[0])} == null ? 'absent' : 'ok'"
        na = " or ".join(f"na.{self.key(k)} == true" for k in rule.reads)
        missing = " or ".join(f"ev.{self.key(k)} == null" for k in rule.reads)
        expr = f"({na}) ? 'na' : ({missing}) ? 'missing' : "
        src = getattr(rule, "source", None)
        if src is not None and src.key is None:
            expr += f"ev.{self.key(src.to)} == 0 ? 'na' : 'ok'"
        else:
            expr += "'ok'"
        return expr

    def _table(self, nid: str, rule, L: str) -> dict:
        rows = []
        for i, (tests, pts) in enumerate(rule.band_tests):
            cell = " and ".join(f"$ {_OPS[op]} {_num(t)}" for op, t in tests)
            rows.append({"_id": f"r{i}", "i": cell, "o": _num(pts)})
        rows.append({"_id": "otherwise", "i": "", "o": _num(rule.otherwise)})
        self.tables += 1
        return _node(f"t_{L}", "decisionTableNode", f"{nid} (bands)", {
            "hitPolicy": "first", "passThrough": False,
            "inputs": [{"id": "i", "name": "value", "field": f"v.{L}"}],
            "outputs": [{"id": "o", "name": "points", "field": f"b.{L}"}],
            "rules": rows})

    # ---- the graph --------------------------------------------------------------------
    def _build(self) -> dict:
        compiled = self.compiled
        scheme = compiled.scheme
        prep, score, tables = [], [], []

        def expr(out: list, key: str, value: str) -> None:
            out.append({"id": f"x{len(prep) + len(score)}", "key": key, "value": value})
            self.expressions += 1

        for info in scheme.leaves():
            nid = info.id
            rule = compiled.rules[nid]
            L = self.node(nid)
            if rule.kind in ("bands", "proportional"):
                expr(prep, f"v.{L}", self._value(rule))
            if rule.kind == "bands":
                tables.append(self._table(nid, rule, L))
            st = f"$.st.{L}"
            ok = self._ok_points(rule, L) if not getattr(rule, "needs_batch", "") else _num(rule.min)
            na_pts = {"full": info.node.max, "never": info.min}.get(info.na, Decimal(0))
            expr(score, f"st.{L}", self._status(rule))
            expr(score, f"p.{L}", f"{st} == 'ok' ? ({ok}) : {st} == 'missing' ? {_num(rule.missing_points)} : "
                                  f"{st} == 'na' ? {_num(na_pts)} : {st} == 'absent' ? 0 : {_num(info.min)}")
            expr(score, f"m.{L}", _num(info.node.max))
            excluded = f"{st} == 'absent'" + (f" or {st} == 'na'" if info.na == "exclude" else "")
            expr(score, f"x.{L}", excluded)

        seen: set[str] = set()

        def visit(nid: str) -> None:               # parents after their children
            if nid in seen:
                return
            seen.add(nid)
            info = scheme.nodes[nid]
            if info.is_leaf:
                return
            for c in info.children:
                visit(c)
            P = self.node(nid)
            kids = [self.node(c) for c in info.children]
            expr(score, f"p.{P}", " + ".join(f"($.x.{k} ? 0 : $.p.{k})" for k in kids))
            expr(score, f"m.{P}", " + ".join(f"($.x.{k} ? 0 : $.m.{k})" for k in kids))
            expr(score, f"x.{P}", " and ".join(f"$.x.{k}" for k in kids))

        for nid in scheme.nodes:
            visit(nid)
        areas = [(self.node(nid), info.bonus) for nid, info in scheme.nodes.items() if info.depth == 0]
        expr(score, "total.points", " + ".join(f"($.x.{a} ? 0 : $.p.{a})" for a, _ in areas))
        expr(score, "total.max", " + ".join(f"($.x.{a} ? 0 : $.m.{a})" for a, bonus in areas if not bonus) or "0")
        expr(score, "total.index",
             "$.total.max == 0 ? null : round($.total.points * 100 / $.total.max, 2)")

        band_rows = [{"_id": f"b{i}", "i": f"$ != null and $ >= {_num(b.min)}", "o": f"'{b.label}'"}
                     for i, b in enumerate(scheme.model.bands)]
        band_rows.append({"_id": "none", "i": "", "o": "null"})
        self.tables += 1
        band = _node("band", "decisionTableNode", "xếp loại", {
            "hitPolicy": "first", "passThrough": True,
            "inputs": [{"id": "i", "name": "index", "field": "total.index"}],
            "outputs": [{"id": "o", "name": "band", "field": "total.band"}],
            "rules": band_rows})
        nodes = [_node("in", "inputNode", "unit"),
                 _node("prepare", "expressionNode", "prepare", {"expressions": prep, "passThrough": True}),
                 *tables,
                 _node("score", "expressionNode", "score", {"expressions": score, "passThrough": False}),
                 band, _node("out", "outputNode", "result")]
        edges = [("in", "prepare"), ("prepare", "score"), ("score", "band"), ("band", "out")]
        for t in tables:
            edges += [("prepare", t["id"]), (t["id"], "score")]
        return {"nodes": nodes, "edges": [{"id": f"e{i}", "sourceId": a, "targetId": b, "type": "edge"}
                                          for i, (a, b) in enumerate(edges)]}

    # ---- a unit -----------------------------------------------------------------------
    def input(self, submission, survey) -> dict:
        """The unit as the model reads it, from parscore's validated records (same values)."""
        ev: dict[str, Any] = {}
        na: dict[str, bool] = {}
        for k, it in submission.items.items():
            name = self.key(k)
            if it.na:
                na[name] = True
                continue
            ev[name] = _json_value(it.value)
        sv: dict[str, Any] = {}
        if survey is not None:
            for k, s in survey.results.items():
                sv[self.key(k)] = ({"pct": float(s.percent)} if s.percent is not None
                                   else {a: c for a, c in s.counts.items()})
        return {"ev": ev, "na": na, "sv": sv}


def _json_value(v: Any) -> Any:
    if isinstance(v, (bool, int)):
        return v
    if isinstance(v, Decimal):
        return float(v)           # short decimals: ZEN reads them back exactly (shortest repr)
    if isinstance(v, dt.date):
        return v.isoformat()
    points = getattr(v, "points", None)
    if points is not None:
        return float(points)
    raise TypeError(f"no ZEN input for {type(v).__name__}")


def zen_total(result: dict) -> tuple[Decimal, Decimal | None, str | None]:
    """(points, index, band) from a ZEN evaluation's result, as exact decimals."""
    t = result["result"]["total"]
    idx = t.get("index")
    return (Decimal(repr(t["points"])), None if idx is None else Decimal(repr(idx)), t.get("band"))
