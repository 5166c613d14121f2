"""The engine changes made for batch speed: they must not change a single result.

- ``rules.numbers.index_of`` (integer arithmetic) equals the Fraction reference
  ``round_step(points × 100 / maximum, 0.01)`` in value and in digits;
- the durable_rules adapter reads fired rule names without parsing JSON: both
  matchers still pick the same branch for every node of generated units, and whole
  results are equal.
"""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from benchmarks.gen import load_synthetic, tasks
from rules import get_matcher
from fractions import Fraction

from rules.numbers import INDEX_STEP, index_of, round_step
from scoring import score


def _reference(points: Decimal, maximum: Decimal) -> Decimal | None:
    if maximum == 0:
        return None
    return round_step(Fraction(points) * 100 / Fraction(maximum), INDEX_STEP)
from scoring.files import EXAMPLE_CRITERIA, open_scheme

decimals = st.builds(lambda n, e: Decimal(n).scaleb(-e), st.integers(-10 ** 9, 10 ** 9), st.integers(0, 8))


@given(decimals, decimals)
def test_fast_index_equals_index_of(points, maximum):
    want, got = _reference(points, maximum), index_of(points, maximum)
    assert got == want and str(got) == str(want)


def test_fast_index_edges():
    D = Decimal
    for p, m in [(D("0"), D("1")), (D("1"), D("0")), (D("-0.125"), D("1")), (D("1.125"), D("100")),
                 (D("88.645"), D("100")), (D("2"), D("3")), (D("-1"), D("3")), (D("100"), D("100"))]:
        assert str(index_of(p, m)) == str(_reference(p, m))


def test_matchers_agree_on_generated_units():
    compiled = open_scheme(EXAMPLE_CRITERIA)
    durable, python = get_matcher("durable"), get_matcher("python")
    for task in tasks(60, seed=11):
        sub, survey = load_synthetic(compiled, task)
        a, b = score(compiled, sub, survey, matcher=durable), score(compiled, sub, survey, matcher=python)
        assert [n.branch for n in a.nodes.values()] == [n.branch for n in b.nodes.values()], task.name
        assert a.nodes == b.nodes and a.total == b.total, task.name
        assert not a.errors, task.name
