"""The durable matcher's memo (batch scoring) answers exactly as a fresh session would."""
from __future__ import annotations

from hypothesis import given

from rules.matcher import get_matcher
from scoring import score
from scoring.report import dumps, result_json

from strategies import compile_dict, evidence_dict, scheme_dict, submission
from hypothesis import strategies as st


@given(st.data())
def test_memoised_durable_matches_fresh_durable_and_python(data):
    scheme = data.draw(scheme_dict())
    compiled = compile_dict(scheme)
    memo = get_matcher("durable", memo=True)
    units = [submission(compiled, data.draw(evidence_dict(scheme))) for _ in range(3)]
    titles = {k: v.title for k, v in compiled.scheme.model.evidence.items()}
    for _ in range(2):                       # the second pass is served from the memo
        for sub in units:
            fresh = dumps(result_json(score(compiled, sub, matcher="durable"), titles, "en"))
            oracle = dumps(result_json(score(compiled, sub, matcher="python"), titles, "en"))
            remembered = dumps(result_json(score(compiled, sub, matcher=memo), titles, "en"))
            assert remembered == fresh == oracle
    assert memo.stats["matched_by_engine"] <= memo.stats["facts"] // 2


def test_memo_counts_what_went_to_the_engine():
    from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, open_evidence, open_scheme
    compiled = open_scheme(EXAMPLE_CRITERIA)
    sub = open_evidence(EXAMPLE_EVIDENCE, compiled)
    memo = get_matcher("durable", memo=True)
    first = score(compiled, sub, matcher=memo)
    sent = memo.stats["matched_by_engine"]
    assert sent == memo.stats["facts"] > 0
    second = score(compiled, sub, matcher=memo)
    assert memo.stats["matched_by_engine"] == sent      # nothing new went to durable_rules
    assert second.total == first.total


@given(st.data())
def test_facts_of_one_class_get_the_same_branches(data):
    """The memo's key: any two facts of a node with the same class select the same branches."""
    from rules.conditions import evaluate
    from rules.durable_adapter import class_keys, fact_class
    scheme = data.draw(scheme_dict())
    compiled = compile_dict(scheme)
    classes = class_keys(compiled)
    for node_id, rule in compiled.rules.items():
        consts = sorted({c for cs in classes[node_id].values() for c in cs})
        near = sorted({v + d for v in consts for d in (-1, 0, 1)} | {0, 1})
        fields = sorted({f for f in classes[node_id]})
        seen: dict = {}
        for _ in range(20):
            fact = {f: data.draw(st.sampled_from(near)) for f in fields}
            picks = tuple(i for i, b in enumerate(rule.branches) if evaluate(b.cond, fact))
            key = fact_class(classes[node_id], fact)
            assert seen.setdefault(key, picks) == picks


def test_class_key_separates_below_equal_between_and_above():
    from rules.durable_adapter import fact_class
    t = {"q": (10, 20)}
    keys = [fact_class(t, {"q": v}) for v in (5, 10, 15, 19, 20, 25)]
    assert keys[2] == keys[3]                     # 15 and 19 lie between the same constants
    assert len({keys[0], keys[1], keys[2], keys[4], keys[5]}) == 5
    assert fact_class(t, {"q": 15, "x": 1}) != fact_class(t, {"q": 15})   # a field present is part of the class


@given(st.data())
def test_batch_memo_results_are_byte_identical_to_fresh_ones(data):
    """Leaf results remembered across units (``Memo``) never change what a unit gets."""
    from scoring.evaluate import Memo
    scheme = data.draw(scheme_dict())
    compiled = compile_dict(scheme)
    titles = {k: v.title for k, v in compiled.scheme.model.evidence.items()}
    units = [submission(compiled, data.draw(evidence_dict(scheme))) for _ in range(4)]
    for name in ("durable", "python"):
        memo, matcher = Memo(), get_matcher(name, memo=True)
        for _ in range(2):                   # the second pass is served from the memo
            for sub in units:
                fresh = dumps(result_json(score(compiled, sub, matcher=name), titles, "en"))
                remembered = dumps(result_json(score(compiled, sub, matcher=matcher, memo=memo), titles, "en"))
                assert remembered == fresh


def _example_with(compiled, key, raw):
    from evidence import build_submission
    from scoring.files import EXAMPLE_EVIDENCE
    from criteria.yamlsrc import read_yaml_text
    from pathlib import Path
    root = read_yaml_text(Path(EXAMPLE_EVIDENCE).read_text(encoding="utf-8"), "ex.yaml")
    doc = dict(root)
    doc["evidence"] = dict(root["evidence"])
    doc["evidence"][key] = raw
    return build_submission(doc, "ex.yaml", compiled.scheme)


def test_memo_tells_apart_values_written_differently_and_each_units_documents():
    from decimal import Decimal
    from scoring.evaluate import Memo
    from scoring.files import EXAMPLE_CRITERIA, open_scheme
    compiled = open_scheme(EXAMPLE_CRITERIA)
    spec = compiled.scheme.model.evidence
    pct = next(k for k, s in spec.items() if s.type == "percent" and compiled.scheme.readers(k))
    doc = next(k for k, s in spec.items() if s.type == "document" and compiled.scheme.readers(k))
    titles = {k: v.title for k, v in spec.items()}
    memo, matcher = Memo(), get_matcher("durable", memo=True)
    subs = [_example_with(compiled, pct, Decimal("50.0")), _example_with(compiled, pct, Decimal("50")),
            _example_with(compiled, doc, {"number": "1/QĐ-UBND", "date": "15/01/2024", "title": "Một"}),
            _example_with(compiled, doc, {"number": "2/QĐ-UBND", "date": "15/01/2024", "title": "Hai"})]
    outs = []
    for sub in subs:
        fresh = dumps(result_json(score(compiled, sub, matcher="durable"), titles, "en"))
        remembered = dumps(result_json(score(compiled, sub, matcher=matcher, memo=memo), titles, "en"))
        assert remembered == fresh
        outs.append(remembered)
    from scoring.memo import value_key
    assert value_key(Decimal("50.0")) != value_key(Decimal("50"))   # two entries, each as written
    assert "1/QĐ-UBND" in outs[2] and "2/QĐ-UBND" in outs[3] and "1/QĐ-UBND" not in outs[3]
