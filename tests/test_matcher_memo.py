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
