"""Unit tests of the small exact pieces: rounding, number and date formats, date parsing,
the condition language (threshold tests and negation), and the two matchers agreeing."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria import load_scheme_text, natural_key
from evidence import load_evidence_text
from evidence.values import BadValue, parse_count, parse_date, parse_number, parse_percent
from rules import compile_scheme
from rules.conditions import (SCALE, TRUE, All, Any_, Cmp, encode, evaluate, negate, scaled_threshold,
                              value_test)
from rules.numbers import index_of, plain, round_step
from scoring import i18n, score

D = Decimal

# ---- rules.numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("value, step, want", [
    (D("1.125"), D("0.01"), "1.13"),
    (D("-0.125"), D("0.01"), "-0.13"),       # halves go away from zero
    (D("1.1249999"), D("0.01"), "1.12"),
    (D("-1.1249999"), D("0.01"), "-1.12"),
    (D("0.005"), D("0.01"), "0.01"),
    (D("-0.005"), D("0.01"), "-0.01"),
    (D("0.004999"), D("0.01"), "0"),
    (D("2.5"), D("1"), "3"),
    (D("-2.5"), D("1"), "-3"),
    (D("0.75"), D("0.5"), "1"),              # 1.5 steps → 2 steps
    (D("0.7"), D("0.5"), "0.5"),
    (D("-0.75"), D("0.5"), "-1"),
    (D("0.125"), D("0.25"), "0.25"),         # half a step of 0.25
    (D("150"), D("100"), "200"),             # no exponent notation
    (D("2.504"), D("0.01"), "2.5"),          # trailing zero dropped
    (Fraction(1, 3), D("0.01"), "0.33"),
    (Fraction(2, 3), D("0.01"), "0.67"),
    (Fraction(-2, 3), D("0.01"), "-0.67"),
    (Fraction(11, 8), D("0.01"), "1.38"),     # 1.375
    (D("0"), D("0.01"), "0"),
])
def test_round_step_half_up(value, step, want):
    got = round_step(value, step)
    assert isinstance(got, Decimal)
    assert str(got) == want


@given(st.fractions(min_value=-1000, max_value=1000),
       st.sampled_from([D("0.01"), D("0.05"), D("0.25"), D("0.5"), D("1")]))
@settings(max_examples=300, deadline=None)
def test_round_step_is_the_nearest_multiple_and_symmetric(value, step):
    got = Fraction(round_step(value, step))
    s = Fraction(step)
    assert got % s == 0
    assert abs(got - value) <= s / 2
    if abs(got - value) == s / 2:
        assert abs(got) > abs(value), "a half goes away from zero"
    assert round_step(-value, step) == -round_step(value, step)


@pytest.mark.parametrize("points, maximum, want", [
    (D("0.09"), D("8"), D("1.13")),          # 1.125
    (D("-0.01"), D("8"), D("-0.13")),        # -0.125
    (D("90.28"), D("99.25"), D("90.96")),
    (D("2"), D("3"), D("66.67")),
    (D("11"), D("10"), D("110")),
    (D("0"), D("5"), D("0")),
])
def test_index_of(points, maximum, want):
    assert index_of(points, maximum) == want


def test_index_of_zero_maximum_is_none():
    assert index_of(D("1"), D("0")) is None


@pytest.mark.parametrize("value, want", [
    (D("0.1") + D("0.2"), "0.3"), (D("100"), "100"), (D("1E+2"), "100"), (D("2.50"), "2.5"),
    (D("-0.130"), "-0.13"), (D("0.000001"), "0.000001"), (7, "7"), (None, "null"), (D("-0"), "0"),
])
def test_plain_numbers_for_json(value, want):
    assert plain(value) == want


# ---- scoring.i18n ----------------------------------------------------------------------

@pytest.mark.parametrize("value, vi, en", [
    (D("0.5"), "0,5", "0.5"),
    (1520, "1.520", "1,520"),
    (D("1520.25"), "1.520,25", "1,520.25"),
    (D("1234567.5"), "1.234.567,5", "1,234,567.5"),
    (D("999"), "999", "999"),
    (D("2.50"), "2,5", "2.5"),
    (D("100"), "100", "100"),
    (D("1E+3"), "1.000", "1,000"),
    (D("0"), "0", "0"),
    (D("-0.5"), "−0,5", "−0.5"),
    (D("-1520.25"), "−1.520,25", "−1,520.25"),
    (None, "—", "—"),
])
def test_num(value, vi, en):
    assert i18n.num(value, "vi") == vi
    assert i18n.num(value, "en") == en


def test_num_default_language_is_vietnamese():
    assert i18n.num(D("90.28")) == "90,28"


@pytest.mark.parametrize("value, vi, en", [
    (D("90.96"), "90,96", "90.96"), (D("88.6"), "88,60", "88.60"), (D("100"), "100,00", "100.00"),
    (D("-0.13"), "-0,13", "-0.13"), (None, "—", "—"),
])
def test_index_always_two_decimals(value, vi, en):
    assert (i18n.index(value, "vi"), i18n.index(value, "en")) == (vi, en)


def test_dates_and_signs_for_people():
    assert i18n.date(dt.date(2024, 2, 29), "vi") == "29/02/2024"
    assert i18n.date(dt.date(2024, 2, 29), "en") == "2024-02-29"
    assert i18n.date("2024-01-05", "vi") == "05/01/2024"
    assert (i18n.signed(D("0.5")), i18n.signed(D("-0.5")), i18n.signed(D("0"))) == ("+0,5", "−0,5", "0")


# ---- evidence.values -------------------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ("29/02/2024", dt.date(2024, 2, 29)),
    ("2024-02-29", dt.date(2024, 2, 29)),
    ("1/3/2024", dt.date(2024, 3, 1)),        # day first, as Vietnamese dates are written
    (" 31/12/2024 ", dt.date(2024, 12, 31)),
    ("29/02/2000", dt.date(2000, 2, 29)),
    (dt.date(2024, 1, 31), dt.date(2024, 1, 31)),
])
def test_parse_date_ok(text, want):
    assert parse_date(text) == want


@pytest.mark.parametrize("value, message", [
    ("29/02/2023", '"29/02/2023" is not a real date'),
    ("31/02/2024", '"31/02/2024" is not a real date'),
    ("29/02/1900", '"29/02/1900" is not a real date'),
    ("00/01/2024", '"00/01/2024" is not a real date'),
    ("15/13/2024", '"15/13/2024" is not a real date'),
    ("2023-02-29", '"2023-02-29" is not a real date'),
    ("2024/02/29", '"2024/02/29" is not a date; write dd/mm/yyyy or yyyy-mm-dd'),
    ("29-02-2024", '"29-02-2024" is not a date; write dd/mm/yyyy or yyyy-mm-dd'),
    ("29/02/24", '"29/02/24" is not a date; write dd/mm/yyyy or yyyy-mm-dd'),
    ("ngày 29 tháng 2", '"ngày 29 tháng 2" is not a date; write dd/mm/yyyy or yyyy-mm-dd'),
    (20240229, "20240229 is not a date; write dd/mm/yyyy or yyyy-mm-dd"),
    (dt.datetime(2024, 2, 29, 8, 0), "has a time; write the date only"),
])
def test_parse_date_errors(value, message):
    with pytest.raises(BadValue) as exc:
        parse_date(value)
    assert message in str(exc.value)


def test_numbers_are_never_coerced():
    with pytest.raises(BadValue, match=r'the text "85" is not a whole number \(write it without quotes\)'):
        parse_count("85")
    with pytest.raises(BadValue, match=r'the text "85,5" is not a percent \(write decimals with a point: 85.5\)'):
        parse_percent("85,5")
    with pytest.raises(BadValue):
        parse_count(True)
    with pytest.raises(BadValue):
        parse_number(False)
    with pytest.raises(BadValue, match="not a whole number"):
        parse_count(D("2.5"))
    assert parse_count(D("3.0")) == 3 and isinstance(parse_count(D("3.0")), int)
    assert parse_percent(D("100")) == 100 and parse_percent(0) == 0
    with pytest.raises(BadValue, match="outside 0..100"):
        parse_percent(D("100.0001"))
    with pytest.raises(BadValue, match="is negative"):
        parse_count(-1)


# ---- rules.conditions ------------------------------------------------------------------

OPS = {"gt": lambda a, b: a > b, "ge": lambda a, b: a >= b, "lt": lambda a, b: a < b,
       "le": lambda a, b: a <= b, "eq": lambda a, b: a == b}

THRESHOLDS = [D("66.666667"), D("66.666666"), D("90"), D("0"), D("100"), D("0.000001"), D("-12.5")]
VALUES = [Fraction(200, 3), Fraction(2, 3) * 100 + Fraction(1, 10**7), Fraction(66666667, 10**6),
          Fraction(66666666, 10**6), Fraction(90), Fraction(90) + Fraction(1, 10**6), Fraction(90) - Fraction(1, 10**7),
          Fraction(90) + Fraction(1, 10**9), Fraction(0), Fraction(1, 10**7), Fraction(1, 10**6), Fraction(100),
          Fraction(9999999, 10**5), Fraction(-25, 2), Fraction(-25, 2) - Fraction(1, 3 * 10**6), Fraction(1, 7)]


@pytest.mark.parametrize("op", sorted(OPS))
def test_value_test_is_exact_around_thresholds(op):
    wrong = []
    for t, v in itertools.product(THRESHOLDS, VALUES):
        got = evaluate(value_test(op, scaled_threshold(t)), encode(v))
        if got != OPS[op](v, Fraction(t)):
            wrong.append((float(v), str(t)))
    assert not wrong, f"{op}: wrong for {wrong}"


@given(st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**9),
       st.integers(min_value=-10**12, max_value=10**12), st.sampled_from(sorted(OPS)))
@settings(max_examples=300, deadline=None)
def test_value_test_matches_fraction_arithmetic(v, scaled, op):
    t = Fraction(scaled, SCALE)
    assert evaluate(value_test(op, scaled), encode(v)) == OPS[op](v, t)


@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=10**8))
@settings(max_examples=200, deadline=None)
def test_value_test_near_a_fractional_value(v):
    # thresholds one millionth either side of the value and at its floor: still exact
    q = encode(v)["q"]
    for scaled in (q - 1, q, q + 1):
        for op, cmp in OPS.items():
            assert evaluate(value_test(op, scaled), encode(v)) == cmp(v, Fraction(scaled, SCALE)), (v, scaled, op)


def test_scaled_threshold_refuses_more_than_six_decimals():
    assert scaled_threshold(D("66.666667")) == 66666667
    assert scaled_threshold(D("0.0000001")) is None


conds = st.recursive(
    st.builds(Cmp, st.sampled_from(["a", "b"]), st.sampled_from(["lt", "le", "gt", "ge", "eq"]), st.integers(-3, 3)),
    lambda parts: st.one_of(st.builds(lambda ps: All(tuple(ps)), st.lists(parts, max_size=3)),
                            st.builds(lambda ps: Any_(tuple(ps)), st.lists(parts, max_size=3))),
    max_leaves=8)


@given(conds, st.integers(-4, 4), st.integers(-4, 4))
@settings(max_examples=200, deadline=None)
def test_negate_is_logical_not(cond, a, b):
    fact = {"a": a, "b": b}
    neg = negate(cond)
    assert evaluate(neg, fact) == (not evaluate(cond, fact))
    assert evaluate(negate(neg), fact) == evaluate(cond, fact)


def _has_not(cond) -> bool:
    return False if isinstance(cond, Cmp) else any(_has_not(p) for p in cond.parts)


def test_negate_pushes_down_without_not():
    eq = negate(Cmp("q", "eq", 5))
    assert eq == Any_((Cmp("q", "lt", 5), Cmp("q", "gt", 5)))
    assert negate(Cmp("q", "ge", 5)) == Cmp("q", "lt", 5)
    assert negate(All((Cmp("a", "lt", 1), Cmp("b", "gt", 2)))) == Any_((Cmp("a", "ge", 1), Cmp("b", "le", 2)))
    assert evaluate(TRUE, {}) and not evaluate(negate(TRUE), {})


# ---- the two matchers agree (regression: durable fired a branch once per true "$or" part) -

AGREE_SCHEME = """
id: dong-thuan
title: Hai bộ so khớp
level: xa
year: 2024
version: "1"
evidence:
  p: {type: percent, title: P, better: higher}
  r_of: {type: count, title: Tử số, better: higher}
  r_to: {type: count, title: Mẫu số}
  c: {type: count, title: Lỗi, better: lower}
areas:
  - id: "1"
    title: Một
    max: 4
    criteria:
      - {id: "1.1", title: gt rồi ge, max: 1, rule: {kind: bands, evidence: p, bands: [{gt: 90, points: 1}, {ge: 70, points: 0.5}, {gt: 50, points: 0.25}]}}
      - {id: "1.2", title: tỷ lệ, max: 1, rule: {kind: bands, ratio: {of: r_of, to: r_to}, bands: [{eq: 100, points: 1}, {gt: 66.666666, points: 0.5}]}}
      - {id: "1.3", title: le rồi lt, max: 1, rule: {kind: bands, evidence: c, bands: [{lt: 1, points: 1}, {le: 3, points: 0.5}]}}
      - {id: "1.4", title: zero_below, max: 1, rule: {kind: proportional, evidence: p, zero_below: 50.5, target: 90}}
"""


@pytest.mark.parametrize("p, r_of, r_to, c", [
    (D("95"), 3, 3, 0), (D("90"), 2, 3, 1), (D("90.000001"), 1, 3, 3), (D("70"), 5, 7, 4),
    (D("69.999999"), 0, 1, 2), (D("50"), 7, 9, 0), (D("50.5"), 2, 3, 5), (D("0"), 1, 1, 1),
])
def test_durable_and_python_matchers_agree(p, r_of, r_to, c):
    scheme = load_scheme_text(AGREE_SCHEME, "agree.yaml")
    compiled = compile_scheme(scheme)
    sub = load_evidence_text(f"unit: {{id: u, name: U}}\ncriteria: dong-thuan\nevidence:\n"
                             f"  p: {p}\n  r_of: {r_of}\n  r_to: {r_to}\n  c: {c}\n", scheme, "ev.yaml")
    results = {m: score(compiled, sub, matcher=m) for m in ("durable", "python")}
    for m, r in results.items():
        assert not r.errors, (m, [(n.id, n.events[-1].data) for n in r.errors])
    view = {m: [(n.id, n.points, n.status, n.branch) for n in r.nodes.values()] for m, r in results.items()}
    assert view["durable"] == view["python"]


# ---- ordering ----------------------------------------------------------------------------

def test_natural_order_of_ids():
    ids = ["1.10", "1.9", "10", "2", "1.2.1", "1.2", "1", "3.a", "3.10"]
    assert sorted(ids, key=natural_key) == ["1", "1.2", "1.2.1", "1.9", "1.10", "2", "3.10", "3.a", "10"]


@given(st.integers(-10 ** 15, 10 ** 15), st.integers(1, 10 ** 9),
       st.sampled_from(["0.01", "0.05", "0.25", "0.5", "1", "2", "10", "0.125", "0.000001", "0.000000000001"]))
def test_round_ratio_is_round_step_of_the_exact_fraction(n, d, step):
    """The integer rounding gives the digits of the exact fraction rounded half-up, trailing zeros dropped."""
    from fractions import Fraction
    from rules.numbers import CONTEXT, normalize, round_ratio
    step = Decimal(step)
    q = Fraction(n, d) / Fraction(step)
    whole = int(abs(q) + Fraction(1, 2))              # half away from zero
    expected = normalize(CONTEXT.multiply(Decimal(whole if q >= 0 else -whole), step))
    got = round_ratio(n, d, step)
    assert got == expected and str(got) == str(expected)
