"""JSON rendering: exact decimals as JSON numbers, ISO dates, stable key order."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from rules.base import ManualScore, SurveyScore
from rules.numbers import engine_context, plain

from ..explain import Explainer
from ..results import NodeResult, ScoreResult


def to_plain(value: Any) -> Any:
    """Convert engine values into JSON-ready values (Decimals stay Decimal for ``dumps``)."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, ManualScore):
        return {"points": value.points, "justification": value.justification}
    if isinstance(value, SurveyScore):
        return {"percent": value.percent} if value.percent is not None else {"counts": to_plain(value.counts)}
    if isinstance(value, float):
        raise TypeError("floats never reach the output")
    return value


_quote = json.encoder.encode_basestring     # what json.dumps(s, ensure_ascii=False) writes for a str


def dumps(value: Any, indent: int = 2) -> str:
    """``json.dumps`` with Decimals written exactly (0.5, 88.64; never 0.30000000000000004)."""
    def enc(v: Any, level: int) -> str:
        pad = " " * (indent * (level + 1))
        end = " " * (indent * level)
        if isinstance(v, str):
            return _quote(v)
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, Decimal):
            return plain(v)
        if isinstance(v, dict):
            if not v:
                return "{}"
            items = [f"{pad}{_quote(str(k))}: {enc(x, level + 1)}" for k, x in v.items()]
            return "{\n" + ",\n".join(items) + "\n" + end + "}"
        if isinstance(v, list):
            if not v:
                return "[]"
            if all(isinstance(x, (str, int, Decimal, bool)) or x is None for x in v) and len(v) <= 8 \
                    and all(not isinstance(x, str) or len(x) < 40 for x in v):
                return "[" + ", ".join(enc(x, level + 1) for x in v) + "]"
            return "[\n" + ",\n".join(pad + enc(x, level + 1) for x in v) + "\n" + end + "]"
        raise TypeError(f"cannot write {type(v).__name__} as JSON")
    return enc(to_plain(value), 0) + "\n"


@engine_context
def node_json(node: NodeResult, ex: Explainer) -> dict:
    return {
        "id": node.id, "title": node.title, "level": node.depth, "parent": node.parent,
        "kind": node.kind, "points": node.points, "max": node.max, "min": node.min,
        "status": node.status, "excluded": node.excluded, "index": node.index,
        "bonus": node.bonus, "branch": node.branch, "missing": list(node.missing),
        "na_reason": node.na_reason,
        "trace": ex.node_lines(node),
        "events": [{"code": e.code, **to_plain(dict(e.data))} for e in node.events],
    }


@engine_context
def result_json(result: ScoreResult, titles: dict, lang: str) -> dict:
    """The document ``score --format json`` prints (spec: "The result")."""
    ex = Explainer(titles, lang)
    from .common import lost_points, missing_evidence
    return {
        "criteria": {"id": result.scheme_id, "version": result.scheme_version, "sha256": result.scheme_sha256,
                     "title": result.scheme_title, "year": result.scheme_year},
        "unit": {"id": result.unit_id, "name": result.unit_name},
        "total": {"points": result.total.points, "max": result.total.max, "index": result.total.index,
                  "band": result.total.band},
        "status": "error" if result.errors else "scored",
        "survey": result.survey,
        "areas": [{"id": a.id, "title": a.title, "points": a.points, "max": a.max, "index": a.index,
                   "bonus": a.bonus, "excluded": a.excluded} for a in result.areas],
        "lost": [{"id": n.id, "title": n.title, "points_lost": n.lost, "status": n.status, "reason": ex.reason(n)}
                 for n in lost_points(result)],
        "missing_evidence": [{"key": k, "title": titles.get(k, k), "nodes": ids, "points_at_stake": pts}
                             for k, ids, pts in missing_evidence(result)],
        "errors": [{"id": n.id, "message": ex.reason(n)} for n in result.errors],
        "nodes": [node_json(n, ex) for n in result.nodes.values()],
    }
