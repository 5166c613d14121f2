"""One Program shared by many threads: the same results as a serial run, and no crash.

Regression for issue #9: four threads calling ``score()`` on the durable matcher
shared one durable_rules session id ("matcher selected 0 branches", then a
segmentation fault); a host's ``decimal.getcontext().prec = 3`` changed scores.
"""
from __future__ import annotations

import decimal
import os
import threading

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from rules import durable_adapter
from scoring import prepare
from scoring.files import EXAMPLE_CRITERIA, EXAMPLE_EVIDENCE, EXAMPLE_SURVEY
from scoring.report import dumps, result_json

from strategies import compile_dict, evidence_dict, scheme_dict, survey_dict

THREADS = 8
PER_THREAD = int(os.environ.get("PARSCORE_THREAD_EVALS", "500"))
# 20 repetitions in CI (HYPOTHESIS_PROFILE=ci, ~40 s of CPU on a quiet 2-core runner); 5 in the quick dev profile
REPETITIONS = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 5
UNITS = 6         # distinct evidence files per generated scheme, cycled through by every thread


@st.composite
def scheme_and_units(draw):
    data = draw(scheme_dict())
    units = []
    for _ in range(UNITS):
        units.append((draw(evidence_dict(data)), draw(survey_dict(data)) if draw(st.booleans()) else None))
    return data, units


def _bytes(program, result) -> str:
    return dumps(result_json(result, program.evidence_titles, "vi"))


# each repetition: a fresh generated scheme and its units, 8 threads × 500 evaluations
@settings(max_examples=REPETITIONS, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scheme_and_units())
def test_threads_give_the_serial_results_byte_for_byte(case):
    data, units = case
    program = prepare(compile_dict(data))           # the default matcher: durable_rules
    subs = [(program.load_evidence(ev), program.load_survey(sv, "u1") if sv else None) for ev, sv in units]
    serial = [program.evaluate(sub, sv) for sub, sv in subs]
    serial_bytes = [_bytes(program, r) for r in serial]
    failures: list[str] = []
    start = threading.Barrier(THREADS)

    def work(t: int) -> None:
        try:
            start.wait()
            if t % 2:                              # half the threads run under a hostile host context
                decimal.getcontext().prec = 3
                decimal.getcontext().rounding = decimal.ROUND_DOWN
            for i in range(PER_THREAD):
                u = (i + t) % UNITS
                got = program.evaluate(*subs[u])
                if got != serial[u]:
                    failures.append(f"thread {t} evaluation {i} unit {u}: {got.total} != {serial[u].total}")
                    return
                if i < UNITS and _bytes(program, got) != serial_bytes[u]:
                    failures.append(f"thread {t} unit {u}: JSON differs")
                    return
        except BaseException as exc:  # recorded and asserted below: the test fails on it
            failures.append(f"thread {t}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []
    assert all(n.status != "error" for r in serial for n in r.nodes.values())


def test_a_host_decimal_context_changes_nothing():
    want = ("90.28", "99.25", "90.96")
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        program = prepare(EXAMPLE_CRITERIA)        # compiling sums maxima: exact too
        r = program.evaluate(EXAMPLE_EVIDENCE, EXAMPLE_SURVEY)
        assert (str(r.total.points), str(r.total.max), str(r.total.index)) == want
        from scoring import score
        from scoring.files import open_evidence, open_scheme, open_survey
        compiled = open_scheme(EXAMPLE_CRITERIA)
        sub = open_evidence(EXAMPLE_EVIDENCE, compiled)
        r2 = score(compiled, sub, open_survey(EXAMPLE_SURVEY, compiled, sub.unit.id))
        assert (str(r2.total.points), str(r2.total.max), str(r2.total.index)) == want
        assert decimal.getcontext().prec == 3          # the host's context is left as it was


def test_every_session_has_its_own_id(monkeypatch):
    seen: list[str] = []
    real = durable_adapter._run_session

    def spy(handle, facts, sid):
        import json
        batch = json.loads(facts) if isinstance(facts, str) else facts     # the adapter sends JSON text
        assert batch and all(f["sid"] == sid for f in batch)
        seen.append(sid)
        return real(handle, facts, sid)

    monkeypatch.setattr(durable_adapter, "_run_session", spy)
    program = prepare(EXAMPLE_CRITERIA)
    program.evaluate(EXAMPLE_EVIDENCE)
    program.evaluate(EXAMPLE_EVIDENCE)
    assert len(seen) >= 2 and len(set(seen)) == len(seen)


def test_a_failed_delete_poisons_the_handle_and_the_next_call_rebuilds(monkeypatch):
    program = prepare(EXAMPLE_CRITERIA)
    want = program.evaluate(EXAMPLE_EVIDENCE, EXAMPLE_SURVEY)
    before = [h for h, _ in durable_adapter._handles(program.compiled)]
    engine = durable_adapter._engine
    real_delete = engine.delete_state
    calls = {"n": 0}

    def failing_delete(handle, sid):
        calls["n"] += 1
        if calls["n"] == 1:
            raise engine.error("simulated delete failure")
        return real_delete(handle, sid)

    monkeypatch.setattr(engine, "delete_state", failing_delete)
    got = program.evaluate(EXAMPLE_EVIDENCE, EXAMPLE_SURVEY)
    assert got == want                         # the match had finished: its answer stands
    assert program.compiled.sha256 not in durable_adapter._rulesets   # poisoned: dropped
    again = program.evaluate(EXAMPLE_EVIDENCE, EXAMPLE_SURVEY)
    assert again == want
    after = [h for h, _ in durable_adapter._handles(program.compiled)]
    assert before[0] not in after              # never reused


def test_a_failed_match_is_drained_and_never_crashes(monkeypatch):
    program = prepare(EXAMPLE_CRITERIA)
    want = program.evaluate(EXAMPLE_EVIDENCE)
    engine = durable_adapter._engine
    real = engine.complete_and_start_action
    state = {"n": 0}

    def flaky(handle, st_):
        state["n"] += 1
        if state["n"] == 2:
            raise engine.error("simulated failure while draining")
        return real(handle, st_)

    monkeypatch.setattr(engine, "complete_and_start_action", flaky)
    broken = program.evaluate(EXAMPLE_EVIDENCE)
    assert broken.errors and all("simulated failure" in str(n.events[-1].data["message"]) for n in broken.errors)
    monkeypatch.setattr(engine, "complete_and_start_action", real)
    assert program.evaluate(EXAMPLE_EVIDENCE) == want


@pytest.mark.parametrize("name", ["scoring", "scoring.api", "rules", "criteria", "evidence"])
def test_importing_the_library_changes_nothing_in_the_process(name):
    import subprocess
    import sys
    code = ("import gc, os, sys; before = (gc.get_threshold(), gc.get_freeze_count(), dict(os.environ)); "
            f"import {name}; import scoring.api; "
            "after = (gc.get_threshold(), gc.get_freeze_count(), dict(os.environ)); "
            "assert before == after, 'import changed the process'; "
            "assert 'durable_rules_engine' not in sys.modules")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=os.path.dirname(os.path.dirname(__file__)))
