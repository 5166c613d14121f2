"""The one-cell parameter syntax reads back what it writes (types and decimal places kept)."""
from __future__ import annotations

import io
import unicodedata
from decimal import Decimal

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from criteria.xlsx_layout import EVIDENCE_SHEET, GUIDE_SHEET, HEADER_SHEET, NODES_SHEET
from criteria.xlsx_params import (bands_text, flow, late_text, parse_bands, parse_late, parse_number, parse_scale,
                                  scale_text)
from criteria.yamlsrc import read_yaml_text
from scoring.authoring.workbook import template_workbook

numbers = st.one_of(st.integers(-1000, 1000),
                    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
                    .filter(lambda d: d.as_tuple().exponent < 0),
                    st.sampled_from([Decimal("0.750"), Decimal("1.0"), Decimal("0.0001")]))


def same(a, b) -> bool:
    """Equal with the same types and digits (1 is not 1.0 in a rule)."""
    return repr(a) == repr(b)


@given(st.lists(st.fixed_dictionaries({"points": numbers}, optional={"ge": numbers, "lt": numbers, "eq": numbers}),
                min_size=1, max_size=4).filter(lambda bs: all(len(b) > 1 for b in bs)))
def test_bands_round_trip(bands):
    text = bands_text(bands)
    assert text is not None
    back = parse_bands(text)
    assert [sorted(b.items()) for b in back] == [sorted(b.items()) for b in bands]
    assert all(same(x[k], y[k]) for x, y in zip(back, bands) for k in x)


@given(st.lists(st.tuples(st.integers(1, 365), numbers), min_size=1, max_size=4))
def test_late_steps_and_scale_round_trip(steps):
    late = [{"within_days": d, "points": p} for d, p in steps]
    assert same(parse_late(late_text(late)), late)
    scale = {chr(65 + i): p for i, (_, p) in enumerate(steps)}
    assert same(parse_scale(scale_text(scale)), scale)


@given(st.recursive(st.one_of(numbers, st.text(min_size=1, max_size=8).filter(lambda s: s.strip() == s and unicodedata.normalize("NFC", s) == s),
                              st.booleans(), st.none(), st.dates()),
                    lambda kids: st.one_of(st.lists(kids, max_size=3),
                                           st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True), kids,
                                                           max_size=3)), max_leaves=8))
def test_yaml_flow_text_is_exact(value):
    back = read_yaml_text(f"v: {flow(value)}", "<t>")["v"]
    assert repr(_plain(back)) == repr(_plain(value))


def _plain(v):
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def test_numbers_as_officers_type_them():
    assert same(parse_number("0,75"), Decimal("0.75")) and same(parse_number("1"), 1)
    assert same(parse_number("-0,25"), Decimal("-0.25")) and same(parse_number(" 1,0 "), Decimal("1.0"))
    assert parse_number("1.000.000") is None and parse_number("hai") is None
    assert parse_bands("≥ 90: 0,75; >=50 <90: 0,5") == [{"ge": 90, "points": Decimal("0.75")},
                                                         {"ge": 50, "lt": 90, "points": Decimal("0.5")}]
    assert parse_late("15 ngày: 0,5\n30 ngày: 0,25") == [{"within_days": 15, "points": Decimal("0.5")},
                                                        {"within_days": 30, "points": Decimal("0.25")}]


def test_template_has_its_sheets_lists_and_guide():
    wb = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    assert wb.sheetnames[:4] == [GUIDE_SHEET, HEADER_SHEET, NODES_SHEET, EVIDENCE_SHEET]
    assert wb["Danh sách"].sheet_state == "hidden"
    guide = "\n".join(str(c.value) for c in wb[GUIDE_SHEET]["A"] if c.value)
    assert "HƯỚNG DẪN SOẠN BỘ TIÊU CHÍ" in guide and "15 ngày: 0,5; 30 ngày: 0,25" in guide
    nodes = wb[NODES_SHEET]
    kinds = [dv for dv in nodes.data_validations.dataValidation if dv.type == "list" and "H4" in str(dv.sqref)]
    assert kinds and "Danh sách" in kinds[0].formula1
    assert template_workbook() == template_workbook()          # same bytes every time
