"""durable_rules on large schemes: split into rulesets under its limits, same answers as Python.

The engine hangs compiling a ruleset with more than ~512 distinct equality values on
one field (shared/durable_rules.md); the adapter splits a scheme into chunks. A scheme
of 400 criteria, each testing equality on its own value, must still score exactly as
the plain-Python matcher does, and quickly.
"""
from __future__ import annotations

from decimal import Decimal as D

from rules import durable_adapter
from scoring import score
from scoring.report import dumps, result_json

from strategies import compile_dict, submission

N = 400


def big_scheme() -> dict:
    leaves = []
    evidence = {}
    for i in range(N):
        key = f"k{i}"
        evidence[key] = {"type": "count", "title": f"Số {i}", "better": "higher"}
        leaves.append({"id": f"1.{i + 1}", "title": f"Tiêu chí {i + 1}", "max": D(1), "rule": {
            "kind": "bands", "evidence": key,
            "bands": [{"ge": D(i + 1), "points": D(1)}, {"eq": D(i), "points": D("0.5")}]}})
    return {"id": "lon", "title": "Bộ lớn", "level": "xa", "year": 2024, "version": "1",
            "evidence": evidence, "areas": [{"id": "1", "title": "Một", "max": D(N), "criteria": leaves}]}


def test_large_scheme_is_chunked_and_agrees_with_python():
    compiled = compile_dict(big_scheme())
    chunks = durable_adapter.ruleset_definitions(compiled)
    assert len(chunks) >= 3
    assert sorted(n for _, _, nodes in chunks for n in nodes) == sorted(compiled.rules)
    for _, _definition, nodes in chunks:
        assert len(nodes) <= durable_adapter.MAX_NODES_PER_RULESET
    ev = {"unit": {"id": "u1", "name": "Đơn vị"}, "criteria": "lon",
          "evidence": {f"k{i}": (i + 1 if i % 3 == 0 else i if i % 3 == 1 else max(i - 1, 0)) for i in range(N)}}
    sub = submission(compiled, ev)
    titles = {k: v.title for k, v in compiled.scheme.model.evidence.items()}
    du = score(compiled, sub, matcher="durable")
    py = score(compiled, sub, matcher="python")
    assert not du.errors
    assert dumps(result_json(du, titles, "vi")) == dumps(result_json(py, titles, "vi"))
    # i % 3 == 0 → ≥ i+1 → 1; i % 3 == 1 → = i → 0.5; i % 3 == 2 → i−1 → 0 (0 for i = 2 too)
    expect = sum(D(1) if i % 3 == 0 else D("0.5") if i % 3 == 1 else D(0) for i in range(N))
    assert du.total.points == expect
