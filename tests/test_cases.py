"""The YAML case corpus: every file in tests/cases is one scheme, one submission, one answer.

A case file has ``name``, ``criteria`` (an inline scheme), optional ``evidence``
and ``survey`` (inline mappings) and either ``want`` (the total and selected
nodes) or ``want_errors`` (the error codes the files must be rejected with,
every one of them, counted). The inline mappings are written back to YAML text
and go through the real loaders, so file positions and YAML typing are the
engine's own. Numbers in case files are read as exact decimals.

Scoring cases run under both matchers (durable_rules and the Python oracle);
a failure names the case file.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from criteria import InputError, load_scheme_text
from evidence import load_evidence_text, load_survey_text
from rules import KINDS, compile_scheme, load_and_compile_text
from scoring import score

CASES = Path(__file__).parent / "cases"
CASE_KEYS = {"name", "criteria", "evidence", "survey", "want", "want_errors", "want_messages"}
TOTAL_KEYS = {"points", "max", "index", "band"}
NODE_KEYS = {"points", "status", "excluded", "max", "min", "index"}


class _Loader(yaml.SafeLoader):
    """Case files: floats as exact Decimals (0.1 stays 0.1 on the way to the engine)."""


_Loader.add_constructor("tag:yaml.org,2002:float",
                        lambda loader, node: Decimal(loader.construct_scalar(node).replace("_", "")))


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda dumper, d: dumper.represent_scalar("tag:yaml.org,2002:float", format(d, "f")))


def to_yaml(mapping) -> str:
    return yaml.dump(mapping, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def read_case(path: Path) -> dict:
    case = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    assert isinstance(case, dict), f"{path.name}: a case is a mapping"
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{path.name}: unknown case keys {sorted(unknown)}"
    assert case.get("name"), f"{path.name}: a case needs a name"
    assert isinstance(case.get("criteria"), dict), f"{path.name}: criteria must be an inline mapping"
    assert ("want" in case) != ("want_errors" in case), f"{path.name}: exactly one of want / want_errors"
    if "want" in case:
        assert isinstance(case.get("evidence"), dict), f"{path.name}: a scored case needs evidence"
        want = case["want"]
        assert set(want) <= {"total", "nodes"} and "total" in want, f"{path.name}: want has total and nodes"
        assert set(want["total"]) == TOTAL_KEYS, f"{path.name}: want.total needs exactly {sorted(TOTAL_KEYS)}"
        for nid, w in (want.get("nodes") or {}).items():
            assert {"points", "status"} <= set(w) <= NODE_KEYS, f"{path.name}: want.nodes.{nid} keys {sorted(w)}"
    else:
        assert case["want_errors"], f"{path.name}: want_errors must list at least one code"
    return case


def _read_all() -> tuple[dict[str, dict], dict[str, str]]:
    cases, broken = {}, {}
    for path in sorted(CASES.glob("*.yaml")):
        try:
            cases[path.name] = read_case(path)
        except (yaml.YAMLError, AssertionError) as exc:  # reported by test_case_file_is_well_formed
            broken[path.name] = str(exc)
    return cases, broken


CASE_DATA, BROKEN = _read_all()
SCORED = [n for n, c in CASE_DATA.items() if "want" in c]
REJECTED = [n for n, c in CASE_DATA.items() if "want_errors" in c]


@pytest.mark.parametrize("name", sorted(CASE_DATA) + sorted(BROKEN))
def test_case_file_is_well_formed(name: str) -> None:
    assert name not in BROKEN, f"{CASES / name}: {BROKEN.get(name)}"


def load_all(case: dict, file: str, together: bool = False):
    """Load (and compile) every file of a case; raises InputError from the first file that is rejected.

    ``together`` loads the criteria the way the CLI does, structural and rule errors in
    one report (``load_and_compile_text``); otherwise in two steps, load then compile.
    """
    text = to_yaml(case["criteria"])
    if together:
        compiled = load_and_compile_text(text, f"{file}#criteria")
        scheme = compiled.scheme
    else:
        scheme = load_scheme_text(text, f"{file}#criteria")
        compiled = compile_scheme(scheme)
    sub = None
    if case.get("evidence") is not None:
        sub = load_evidence_text(to_yaml(case["evidence"]), scheme, f"{file}#evidence")
    survey = None
    if case.get("survey") is not None:
        unit = sub.unit.id if sub is not None else None
        survey = load_survey_text(to_yaml(case["survey"]), scheme, unit, f"{file}#survey")
    return compiled, sub, survey


def dec(value) -> Decimal | None:
    if value is None:
        return None
    assert not isinstance(value, (float, bool)), f"expected an exact number, got {value!r}"
    return Decimal(str(value)) if not isinstance(value, Decimal) else value


def same(got, want) -> bool:
    """Exact equality of an engine Decimal (or None) with a case number (or null)."""
    if want is None or got is None:
        return got is None and want is None
    return isinstance(got, Decimal) and got == dec(want)


@pytest.mark.parametrize("matcher", ["durable", "python"])
@pytest.mark.parametrize("name", SCORED)
def test_scored_case(name: str, matcher: str) -> None:
    case = CASE_DATA[name]
    try:
        compiled, sub, survey = load_all(case, name)
    except InputError as exc:
        rejected = str(exc)
    else:
        rejected = None
    if rejected is not None:
        pytest.fail(f"{CASES / name}: rejected, but should score:\n{rejected}")
    result = score(compiled, sub, survey, matcher=matcher)
    problems: list[str] = []
    want = case["want"]
    got_total = result.total
    for key in ("points", "max", "index"):
        if not same(getattr(got_total, key), want["total"][key]):
            problems.append(f"total.{key}: got {getattr(got_total, key)}, want {want['total'][key]}")
    if got_total.band != want["total"]["band"]:
        problems.append(f"total.band: got {got_total.band!r}, want {want['total']['band']!r}")
    for nid, w in (want.get("nodes") or {}).items():
        nid = str(nid)
        node = result.nodes.get(nid)
        if node is None:
            problems.append(f"node {nid}: not in the result")
            continue
        for key in ("points", "max", "min", "index"):
            if key in w and not same(getattr(node, key), w[key]):
                problems.append(f"node {nid}.{key}: got {getattr(node, key)}, want {w[key]}")
        if node.status != w["status"]:
            problems.append(f"node {nid}.status: got {node.status}, want {w['status']}")
        if node.excluded != w.get("excluded", False):
            problems.append(f"node {nid}.excluded: got {node.excluded}, want {w.get('excluded', False)}")
    if problems:
        pytest.fail(f"{CASES / name} ({matcher}):\n  " + "\n  ".join(problems))


@pytest.mark.parametrize("name", REJECTED)
def test_rejected_case(name: str) -> None:
    case = CASE_DATA[name]
    try:
        load_all(case, name, together=True)
    except InputError as exc:
        diags = exc.diagnostics
    else:
        pytest.fail(f"{CASES / name}: accepted, but should be rejected with {case['want_errors']}")
    got = Counter(d.code for d in diags)
    want = Counter(case["want_errors"])
    shown = "\n  ".join(str(d) for d in diags)
    assert got == want, f"{CASES / name}: error codes differ\n  got:\n  {shown}\n  want: {sorted(want.elements())}"
    for d in diags:
        # every error points into the file it came from, at a line and column
        assert d.loc.file.startswith(name + "#"), f"{name}: {d} names another file"
        assert d.loc.line > 0 and d.loc.col > 0, f"{name}: {d} has no line:col"
    for needle in case.get("want_messages") or []:
        assert any(needle in d.message for d in diags), f"{CASES / name}: no message contains {needle!r}:\n  {shown}"


def test_corpus_covers_every_rule_kind() -> None:
    kinds = set()
    for name in SCORED:
        for _key, node in _leaves(CASE_DATA[name]["criteria"]):
            kinds.add(node["rule"]["kind"])
    assert kinds == set(KINDS), f"rule kinds without a scored case: {sorted(set(KINDS) - kinds)}"


def test_corpus_has_both_sorts() -> None:
    assert len(SCORED) >= 15 and len(REJECTED) >= 15, (len(SCORED), len(REJECTED))


def _leaves(scheme: dict):
    stack = list(scheme.get("areas") or [])
    while stack:
        node = stack.pop()
        if "rule" in node:
            yield node["id"], node
        stack.extend(node.get("criteria") or [])


def test_dumped_yaml_keeps_exact_decimals_and_dates() -> None:
    # the runner itself: 0.1 must reach the engine as 0.1 and dates as dates
    text = to_yaml({"a": Decimal("0.1"), "b": dt.date(2024, 2, 29), "c": "85", "d": "1.1"})
    assert text == "a: 0.1\nb: 2024-02-29\nc: '85'\nd: '1.1'\n"
