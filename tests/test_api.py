"""The embeddable API (scoring.api): prepare once, evaluate from paths or mappings alike."""
from __future__ import annotations

import contextlib
import dataclasses
import decimal
import io
import re
import tomllib
from pathlib import Path

import pytest
import yaml

import scoring
from criteria import InputError
from scoring import Program, field_path, prepare
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, EXAMPLE_SURVEY
from scoring.report import dumps, result_json

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def program() -> Program:
    return prepare(EXAMPLE_CRITERIA)


def _json(result, program) -> str:
    return dumps(result_json(result, program.evidence_titles, "vi"))


def test_the_architecture_example_runs(monkeypatch):
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("## The embeddable API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "docs/architecture.md", "exec"), {})
    printed = out.getvalue().splitlines()
    # every "# value" comment on a print line is what that line prints
    expected = [m.group(1).strip() for m in re.finditer(r"print\(.*\)[ \t]+# (.+)", block)]
    shown = [line for line in printed if not line.startswith("Ban hành")]
    assert shown == expected


def test_program_describes_its_scheme(program):
    assert program.id == "mau-xa-2024" and program.year == 2024
    assert len(program.sha256) == 64
    assert program.titles["1.1.1"] == program.compiled.scheme.nodes["1.1.1"].node.title
    assert program.evidence_titles["ke_hoach_cchc"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        program.matcher = None  # type: ignore[misc]


def test_path_and_mapping_give_the_same_bytes(program):
    by_path = program.evaluate(EXAMPLE_EVIDENCE, EXAMPLE_SURVEY)
    ev = yaml.safe_load(EXAMPLE_EVIDENCE.read_text(encoding="utf-8"))    # floats, datetime.date
    sv = yaml.safe_load(EXAMPLE_SURVEY.read_text(encoding="utf-8"))
    by_mapping = program.evaluate(ev, sv)
    assert _json(by_path, program) == _json(by_mapping, program)
    assert str(by_path.total.points) == "90.28" and str(by_path.total.index) == "90.96"


def test_text_and_path_prepare_the_same_program():
    a = prepare(EXAMPLE_CRITERIA)
    b = prepare(EXAMPLE_CRITERIA.read_text(encoding="utf-8"))
    assert a.sha256 == b.sha256
    assert _json(a.evaluate(EXAMPLE_EVIDENCE), a) == _json(b.evaluate(EXAMPLE_EVIDENCE), b)


def test_bad_scheme_text_raises_located_diagnostics():
    with pytest.raises(InputError) as exc:
        prepare("id: x\ntitle: t\n")
    assert exc.value.diagnostics and all(d.loc.file == "<criteria>" for d in exc.value.diagnostics)


def test_check_evidence_locates_every_field_problem(program):
    ev = {"unit": {"id": "xa-a", "name": "UBND xã A"}, "criteria": "mau-xa-2024",
          "evidence": {"ho_so_tiep_nhan": "nhiều", "ke_hoach_cchc": {"date": "31/02/2024"}, "khong_co": 1}}
    diags = program.check_evidence(ev)
    paths = {field_path(d): d.code for d in diags}
    assert paths[("evidence", "ho_so_tiep_nhan")] == "evidence_bad_value"
    assert paths[("evidence", "ke_hoach_cchc", "date")] == "evidence_bad_date"
    assert paths[("evidence", "khong_co")] == "evidence_unknown_key"
    with pytest.raises(InputError) as exc:
        program.evaluate(ev)
    assert [d.code for d in exc.value.diagnostics] == [d.code for d in diags]
    good = {"unit": {"id": "xa-a", "name": "UBND xã A"}, "criteria": "mau-xa-2024", "evidence": {}}
    assert program.check_evidence(good) == []


def test_what_if_replaces_values_before_validation(program):
    base = program.evaluate(EXAMPLE_EVIDENCE)
    assert base.nodes["1.1.1"].status != "missing"
    gone = program.evaluate(EXAMPLE_EVIDENCE, what_if={"ke_hoach_cchc": None})
    assert gone.nodes["1.1.1"].status == "missing"
    with pytest.raises(InputError) as exc:
        program.evaluate(EXAMPLE_EVIDENCE, what_if={"ho_so_tiep_nhan": -1})
    assert exc.value.diagnostics[0].loc.file == "<what-if>"


def test_the_host_decimal_context_does_not_change_scores(program):
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_FLOOR
        r = program.evaluate(EXAMPLE_EVIDENCE, EXAMPLE_SURVEY)
    assert (str(r.total.points), str(r.total.max), str(r.total.index)) == ("90.28", "99.25", "90.96")


def test_version_and_typing_marker():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert scoring.__version__ == meta["project"]["version"]
    assert (ROOT / "scoring" / "py.typed").exists()
    assert "py.typed" in meta["tool"]["setuptools"]["package-data"]["scoring"]
