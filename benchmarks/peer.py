"""parscore against a peer engine (GoRules ZEN) on the same scheme and the same units, in one run.

    python benchmarks/peer.py                  # 2,000 units of the model scheme
    python benchmarks/peer.py --n 10000 --repeat 3
    python benchmarks/peer.py --criteria path/to/scheme.yaml

Needs the ``bench`` extra (``pip install -e '.[bench]'``; ``make bench`` does it).
The ZEN decision model is built automatically from the compiled scheme
(``benchmarks/zen_model.py``: bands → decision tables, formulas → expressions).
The units are the benchmark's seeded synthetic units (``benchmarks/gen.py``),
validated by parscore once; both engines then score the same units from their
own already-built input (parscore: the validated submission; ZEN: its JSON).

It first checks that every unit's total points, index and band agree between
parscore and ZEN (any difference is printed and the run exits 1), then prints
units/s, best of ``--repeat`` runs, in one process, one unit at a time:

* parscore with the full structured trace (always on), durable_rules and the
  Python matcher: ``prepare(...).evaluate(...)`` without the batch memo (what the
  web does on every save), and with the memo (what a ``parscore rank`` worker does);
* ZEN with its trace on and off;

then the time durable_rules' matching step takes beside the Python matcher's
(the matcher's ``select`` alone, timed around each call), and last the line
``parscore/zen: R``, R = parscore durable single-unit (no memo) ÷ ZEN trace off, by
wall time (the same ratio by CPU time is printed just before it).
Nothing here is a test; the machine's load average is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.gen import plan, unit  # noqa: E402


class TimedMatcher:
    """A matcher that adds up the CPU time its inner matcher's ``select`` takes (CPU time:
    waiting for a core on a shared machine does not count)."""

    def __init__(self, inner):
        self.inner, self.name, self.seconds = inner, inner.name, 0.0

    def select(self, compiled, facts):
        start = time.process_time()
        try:
            return self.inner.select(compiled, facts)
        finally:
            self.seconds += time.process_time() - start


def make_units(compiled, n: int, seed: int) -> list:
    from evidence import build_submission
    from evidence.survey import build_survey
    scheme = compiled.scheme
    plans = plan(scheme)
    out = []
    for i in range(n):
        doc, sv = unit(scheme, seed, i, plans)
        sub = build_submission(doc, f"xa-{i:05d}", scheme)
        out.append((sub, build_survey(sv, f"xa-{i:05d} (survey)", scheme, sub.unit.id) if sv else None))
    return out


def scorer(compiled, matcher, memo=None):
    """One unit → ScoreResult: ``Program.evaluate`` (what the web calls), or with the batch memo
    ``score(..., memo=)`` as a ``parscore rank`` worker does."""
    if memo is None:
        from scoring import Program
        program = Program(compiled, matcher)        # prepare(compiled), with this matcher object
        return program.evaluate
    from scoring.evaluate import score
    return lambda sub, survey: score(compiled, sub, survey, matcher=matcher, memo=memo)


def best_rate(run, n: int, repeat: int) -> tuple[float, float]:
    """Units/s of the best of ``repeat`` runs: by wall time, and by this process's CPU time
    (the steadier figure on a shared machine, where waiting for a CPU inflates wall time)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, cpu0 = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - cpu0)
    return n / wall, n / cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="parscore vs GoRules ZEN on the same units")
    ap.add_argument("--n", type=int, default=2000, help="units (default 2000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is printed (default 3)")
    ap.add_argument("--criteria", default=str(ROOT / "criteria" / "data" / "mau-xa-2024.yaml"))
    args = ap.parse_args(argv)
    try:
        import zen
    except ImportError:
        print("peer.py needs zen-engine: pip install -e '.[bench]' (make bench installs it)", file=sys.stderr)
        return 2
    from benchmarks.zen_model import ZenModel, zen_total
    from rules import get_matcher
    from scoring.files import open_scheme
    from scoring.memo import Memo

    compiled = open_scheme(args.criteria)
    model = ZenModel(compiled)
    decision = zen.ZenEngine().create_decision(json.dumps(model.graph, ensure_ascii=False))
    units = make_units(compiled, args.n, args.seed)
    inputs = [model.input(sub, sv) for sub, sv in units]
    from importlib.metadata import version

    from benchmarks.bench import machine_speed
    speed = machine_speed()
    print(f"parscore vs GoRules ZEN {version('zen-engine')} — scheme {compiled.id}: "
          f"{len(compiled.rules)} leaves → {model.tables} decision tables, {model.expressions} expressions; "
          f"{args.n} units, best of {args.repeat}")
    print(f"load average {os.getloadavg()[0]:.2f} at start, speed loop {speed:.3f} s (lower is faster)")

    # 1. the same totals, indexes and bands
    durable = scorer(compiled, get_matcher("durable"))
    differ = 0
    for (sub, sv), inp in zip(units, inputs):
        r = durable(sub, sv)
        ours = (r.total.points, r.total.index, r.total.band)
        theirs = zen_total(decision.evaluate(inp))
        if ours != theirs:
            differ += 1
            if differ <= 5:
                print(f"  DIFFERENT {sub.unit.id}: parscore {ours}, ZEN {theirs}")
    print(f"agreement: {args.n - differ} of {args.n} units have the same total, index and band")
    if differ:
        return 1

    # 2. throughput, one unit at a time in this process
    def loop(fn):
        return lambda: [fn(sub, sv) for sub, sv in units]

    rates = {}
    timed = {}
    for name in ("durable", "python"):
        timed[name] = TimedMatcher(get_matcher(name))
        rates[(name, False)] = best_rate(loop(scorer(compiled, timed[name])), args.n, args.repeat)
        memo = Memo()
        rates[(name, True)] = best_rate(loop(scorer(compiled, get_matcher(name, memo=True), memo)),
                                        args.n, args.repeat)
    rates[("zen", True)] = best_rate(lambda: [decision.evaluate(i, {"trace": True}) for i in inputs],
                                     args.n, args.repeat)
    rates[("zen", False)] = best_rate(lambda: [decision.evaluate(i) for i in inputs], args.n, args.repeat)

    print()
    print(f"{'engine':34} {'units/s':>8} {'by CPU':>8}")
    print("-" * 52)
    for (name, memo), label in (((("durable", False)), "parscore durable, full trace"),
                                ((("python", False)), "parscore python, full trace"),
                                ((("durable", True)), "parscore durable + batch memo"),
                                ((("python", True)), "parscore python + batch memo"),
                                ((("zen", True)), "ZEN, trace on"),
                                ((("zen", False)), "ZEN, trace off")):
        print(f"{label:34} {rates[(name, memo)][0]:8.0f} {rates[(name, memo)][1]:8.0f}")
    runs = args.repeat
    d_ms = timed["durable"].seconds / (runs * args.n) * 1000
    p_ms = timed["python"].seconds / (runs * args.n) * 1000
    print()
    print(f"matching step (select, CPU time), a unit: durable {d_ms:.3f} ms, python {p_ms:.3f} ms — "
          f"durable/python: {d_ms / p_ms:.2f}× (target ≤ 3)")
    print(f"load average {os.getloadavg()[0]:.2f} at the end, speed loop {machine_speed():.3f} s")
    r_cpu = rates[("durable", False)][1] / rates[("zen", False)][1]
    print(f"by CPU time: parscore/zen {r_cpu:.2f}")
    print(f"parscore/zen: {rates[('durable', False)][0] / rates[('zen', False)][0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
