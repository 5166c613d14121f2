"""Score many units with one compiled scheme, in worker processes, and rank them.

The unit of work is a ``Task`` (a name for reports and a source a loader can
read: an evidence file, a workbook row, a generated unit). A worker process
compiles nothing twice: it receives the compiled scheme (fork) or compiles it
once (spawn), keeps at most one durable_rules session alive (the matcher opens
and deletes one per unit), and sends back one small ``UnitRow`` per unit; the
full ``ScoreResult`` with its traces is dropped as soon as it is summarised.

Rules that compare units (kind ``relative``) need every unit's value first: the
run then makes two passes, one that only loads evidence and reads those values,
and one that scores with the best value per node as the batch context.

Results come back in task order whatever ``jobs`` is, and everything derived
from them (duplicates, sums, the ranking) is computed in that order, so the
output does not depend on the number of processes.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import pickle
import tempfile
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, overload

from criteria import InputError
from evidence import Submission, SurveyResults
from rules import CompiledScheme, Input, get_matcher

from .evaluate import Memo, score
from .results import ScoreResult

Loader = Callable[[CompiledScheme, "Task"], "tuple[Submission, SurveyResults | None]"]
Progress = Callable[[int, int], None]


class BatchError(RuntimeError):
    """The batch as a whole could not run (a worker process died)."""


@dataclass(frozen=True)
class Task:
    name: str            # how reports name the unit's source: a file name, or "book.xlsx:5" (a row)
    source: Any          # what the loader reads (picklable)


@dataclass(frozen=True)
class Failure:
    """A unit that could not be scored: its source and every reason (``Diagnostic.to_json`` records)."""
    file: str
    errors: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class UnitRow:
    """What the ranking keeps of one scored unit (~5 KB with the model scheme's 9 areas; no traces)."""
    file: str
    unit_id: str
    unit_name: str
    points: Decimal
    max: Decimal
    index: Decimal | None
    band: str | None
    areas: tuple[tuple[Decimal, Decimal, Decimal | None, bool], ...]   # per area: points, max, index, excluded
    missing: int                                    # leaves with missing evidence
    errors: tuple[tuple[str, str], ...]             # (node id, message) of leaves that could not be scored
    losses: tuple[tuple[int, Decimal], ...] = ()    # (leaf position, points lost); consumed by the parent
    timing: "Timing | None" = field(default=None, compare=False)


@dataclass(frozen=True)
class Timing:
    """How scoring one unit went, for benchmarks (never in any output)."""
    seconds: float          # load + score + summary, wall clock
    cpu_seconds: float      # the same, CPU time of the scoring process
    match_seconds: float    # inside the matcher's select
    grown_kb: int           # growth of the scoring process's peak RSS since it started scoring
    leaves: int = 0         # scored criteria of the unit
    matched: int = 0        # of those, facts the matcher was asked about (the others were remembered)
    engine: int = 0         # of those, facts that went to a durable_rules session (the rest: its memo)


@dataclass(frozen=True)
class Ranked:
    rank: int
    row: UnitRow


@dataclass(frozen=True)
class CriterionLoss:
    """Points a leaf criterion cost the units, summed province-wide."""
    id: str
    title: str
    area: str
    points_lost: Decimal
    units_losing: int


class Ranking(Sequence[Ranked]):
    """The ranked units, best first, read back one at a time from a temporary file.

    While a batch runs, each unit's row goes to an anonymous temporary file as it
    arrives; memory keeps only what the ranking needs per unit (its sort key, rank
    and where its row is: ~0.3 KB), so the parent's memory does not grow with the
    rows (~5 KB each) and the output is written row by row. A ``Ranking`` is a
    sequence: ``len``, indexing, iteration (in rank order) and ``==`` by content.
    """

    def __init__(self, keys: list[tuple], spill: "_Spill | None"):
        self._keys = keys                          # (sort key, offset, length), best first
        self._spill = spill
        self._ranks: list[int] = []
        prev = None
        for pos, (key, _, _) in enumerate(keys, start=1):
            index = key[:2]                        # equal index, equal rank (no index: its own group)
            self._ranks.append(self._ranks[-1] if prev is not None and prev == index else pos)
            prev = index

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, i: int) -> Ranked: ...

    @overload
    def __getitem__(self, i: slice) -> list[Ranked]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self._keys):
            raise IndexError(i)
        _, off, size = self._keys[i]
        return Ranked(self._ranks[i], _unpack(self._spill.read(off, size))[0])

    def __iter__(self) -> Iterator[Ranked]:
        for i in range(len(self._keys)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Ranking of {len(self)} units>"


class _Spill:
    """An anonymous temporary file of pickled packed rows (deleted when closed or collected)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="parscore-rank-")
        self._end = 0

    def add(self, packed: tuple) -> tuple[int, int]:
        data = pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        at, self._end = self._end, self._end + len(data)
        return at, len(data)

    def read(self, offset: int, size: int) -> tuple:
        self._file.seek(offset)
        return pickle.loads(self._file.read(size))


def _sort_key(packed: tuple) -> tuple:
    """``rank_rows``' order from a packed row: best index first, more points, unit id; no index last."""
    index = _dec(packed[5])
    return (index is None, -(index or 0), -Decimal(packed[3]), packed[1])


@dataclass(frozen=True)
class BatchResult:
    compiled: CompiledScheme
    matcher: str
    units: Sequence[Ranked]                    # ranked, best first (a ``Ranking``: rows read back on demand)
    failed: tuple[Failure, ...]                # in task order
    losses: tuple[CriterionLoss, ...]          # every leaf that lost points, most lost first
    best: Mapping[str, Fraction | None]        # the batch context: best value per relative node

    @property
    def ok(self) -> bool:
        """No failed unit and no unit with a leaf that could not be scored."""
        return not self.failed and not any(r.row.errors for r in self.units)


# ---- the run ---------------------------------------------------------------------------

def run(compiled: CompiledScheme, tasks: Iterable[Task], loader: Loader, *, matcher: str = "durable",
        jobs: int = 1, progress: Progress | None = None, scheme_path: str | None = None,
        own_process: bool = False) -> BatchResult:
    """Load, score and rank every task's unit; failures are collected, never raised.

    ``tasks`` may be a stream (read once) unless the scheme has rules that compare
    units, which need two passes: then it must be a sequence.

    ``own_process``: the caller owns this process (the CLI, a benchmark), so an
    in-process run may tune the garbage collector for speed (as worker processes
    always do); an embedding host leaves it False and its collector is untouched.

    ``jobs`` > 1 uses that many worker processes (fork where the platform has it;
    under spawn the workers compile ``scheme_path`` themselves). Raises
    ``BatchError`` when a worker process dies.
    """
    relative = [nid for nid, rule in compiled.rules.items() if getattr(rule, "needs_batch", "")]
    failed: list[tuple[int, Failure]] = []          # (task position, failure): sorted by position at the end
    best: dict[str, Fraction | None] = {}
    todo: Iterable[Task] = tasks
    # a stream of tasks may say how many it expects (``estimate``: a workbook's rows, empty ones too)
    expected = len(tasks) if hasattr(tasks, "__len__") else getattr(tasks, "estimate", 0)   # type: ignore[arg-type]
    total = expected * (2 if relative else 1)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress is not None and done[0] < total:
            progress(done[0], total)

    if relative:
        best = {nid: None for nid in relative}
        seen: set[str] = set()
        keep: list[Task] = []
        state = _State(compiled, loader, matcher, None, scheme_path, own_process)
        for pos, (task, got) in enumerate(_map(_values_one, tasks, state, jobs)):
            tick()
            if isinstance(got, Failure):
                failed.append((pos, got))
                continue
            unit_id, values = got
            if not _first(seen, unit_id, task.name, failed, pos):
                continue
            keep.append(task)
            for nid, v in values.items():
                if best[nid] is None or v > best[nid]:
                    best[nid] = v
        todo = keep
        positions = {t.name: i for i, t in enumerate(tasks)}
    leaves = [nid for nid in compiled.scheme.nodes if nid in compiled.rules]
    lost = [Decimal(0)] * len(leaves)
    losing = [0] * len(leaves)
    keys: list[tuple] = []
    spill = _Spill()
    seen_ids: set[str] = set()
    state = _State(compiled, loader, matcher, best or None, scheme_path, own_process)
    for pos, (task, got) in enumerate(_map(_score_one, todo, state, jobs)):
        tick()
        if relative:
            pos = positions[task.name]
        if isinstance(got, Failure):
            failed.append((pos, got))
            continue
        if not _first(seen_ids, got[1], task.name, failed, pos):
            continue
        for at, pts in got[10]:
            lost[at] += Decimal(pts)
            losing[at] += 1
        packed = got[:10] + ((),) + got[11:]          # the row without its losses (added up here)
        keys.append((_sort_key(packed), *spill.add(packed)))
    failed.sort(key=lambda f: f[0])                   # stable: a file's failures keep their order
    nodes = compiled.scheme.nodes
    losses = sorted((CriterionLoss(nid, nodes[nid].node.title, nodes[nid].area, lost[i], losing[i])
                     for i, nid in enumerate(leaves) if losing[i]),
                    key=lambda c: -c.points_lost)      # stable: ties keep the scheme's order
    keys.sort(key=lambda k: k[0])
    if progress is not None and done[0]:
        progress(done[0], done[0])                    # the last line says 100%, whatever was expected
    return BatchResult(compiled, matcher, Ranking(keys, spill), tuple(f for _, f in failed), tuple(losses), best)


def rank_rows(rows: Iterable[UnitRow]) -> list[Ranked]:
    """Best index first, then more total points, then unit id; equal index = equal rank (1, 2, 2, 4).

    A unit without an index (nothing applicable) comes last.
    """
    ordered = sorted(rows, key=lambda r: (r.index is None, -(r.index or 0), -r.points, r.unit_id))
    out: list[Ranked] = []
    for pos, row in enumerate(ordered, start=1):
        same = out and out[-1].row.index == row.index
        out.append(Ranked(out[-1].rank if same else pos, row))
    return out


def _first(seen: set[str], unit_id: str, name: str, failed: list[tuple[int, Failure]], pos: int) -> bool:
    """Whether this is the unit's first file (in task order); a later one is a failure."""
    if unit_id in seen:
        failed.append((pos, _failure(name, "batch_duplicate_unit",
                                     f'unit "{unit_id}" was already scored from an earlier file; '
                                     f'each unit is ranked once')))
        return False
    seen.add(unit_id)
    return True


def _failure(name: str, code: str, message: str) -> Failure:
    return Failure(name, ({"code": code, "file": name, "line": 0, "col": 0, "message": message},))


# ---- workers ---------------------------------------------------------------------------

@dataclass
class _State:
    """What a worker needs, set once per process."""
    compiled: CompiledScheme | None
    loader: Loader
    matcher: str
    best: Mapping[str, Fraction | None] | None
    scheme_path: str | None
    own_process: bool = False


_STATE: _State | None = None
_MATCHER: Any = None
_MEMO: Any = None
_BASE_KB = 0          # peak RSS when scoring started here (a forked worker starts at its parent's)


def _peak_kb() -> int:
    try:
        import resource
    except ImportError:        # not on Windows: benchmarks then report no memory figure
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _init(state: _State) -> None:
    global _STATE, _MATCHER, _MEMO, _BASE_KB
    if state.compiled is None:
        from .files import open_scheme
        state.compiled = open_scheme(state.scheme_path)
    _STATE = state
    _MATCHER = _Timed(get_matcher(state.matcher, memo=True))
    _MEMO = Memo()
    _BASE_KB = _peak_kb()


def _init_worker(state: _State) -> None:
    from rules.process import tune_malloc
    tune_malloc()          # the worker's own process (the CLI has done it for an in-process run)
    _init(state)
    # Everything alive now (the compiled scheme, modules) lives as long as the
    # worker: keep it out of the collector's way, so that collections only walk
    # the one unit being scored.
    global _TUNE_GC
    _TUNE_GC = True
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLDS)


# Scoring a unit makes no reference cycles; its objects die by reference counting. The
# collector only has to stay out of the way: a first-generation threshold above what
# one unit keeps alive at once means it almost never runs, and what the memos keep
# (which only grows) is frozen every ``_FREEZE_EVERY`` units so a full collection never
# walks it. Measured: ~0.25 ms a unit less (collections took 10–15% of a unit).
_GC_THRESHOLDS = (10_000, 10, 10)
_FREEZE_EVERY = 256
_SCORED = 0


_TUNE_GC = False      # True in a worker process, or in-process when the caller owns the process


def _settle() -> None:
    global _SCORED
    _SCORED += 1
    if _TUNE_GC and _SCORED % _FREEZE_EVERY == 0:
        gc.freeze()


def _map(fn: Callable[[Task], Any], tasks: Iterable[Task], state: _State, jobs: int) -> Iterator[tuple[Task, Any]]:
    """``(task, fn(task))`` over ``tasks`` in order: in this process, or over ``jobs`` worker processes."""
    if jobs <= 1 or (hasattr(tasks, "__len__") and len(tasks) < 2):   # type: ignore[arg-type]
        return _serial_map(fn, tasks, state) if state.own_process else _plain_map(fn, tasks, state)
    return _pool_map(fn, tasks, state, jobs)


def _plain_map(fn, tasks: Iterable[Task], state: _State) -> Iterator[tuple[Task, Any]]:
    _init(state)
    for t in tasks:
        yield t, fn(t)


def _serial_map(fn, tasks: Iterable[Task], state: _State) -> Iterator[tuple[Task, Any]]:
    global _TUNE_GC
    from rules.process import tune_malloc
    tune_malloc()
    _init(state)
    _TUNE_GC = True
    gc.freeze()        # as in a worker; the caller's objects go back to the collector afterwards
    thresholds = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        for t in tasks:
            yield t, fn(t)
    finally:
        _TUNE_GC = False
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _run_chunk(fn, chunk: list[Task]) -> list:
    return [fn(t) for t in chunk]


IN_FLIGHT_PER_WORKER = 4       # chunks handed to the pool ahead of the one being read, per worker


def _pool_map(fn, tasks: Iterable[Task], state: _State, jobs: int) -> Iterator[tuple[Task, Any]]:
    """Chunks of tasks over the pool, results in task order. At most ``IN_FLIGHT_PER_WORKER``
    chunks per worker are pending at a time, so tasks can come from a stream (a workbook read
    row by row) and finished results never pile up in the parent."""
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() != "fork":
        if state.scheme_path is None:
            raise BatchError("parallel scoring without fork needs the criteria file path")
        state = replace(state, compiled=None)       # each worker compiles the file once
    n = len(tasks) if hasattr(tasks, "__len__") else 0     # type: ignore[arg-type]
    chunk = max(1, min(64, n // (jobs * 8) or 1)) if n else 16
    source = iter(tasks)
    chunks = iter(lambda: list(islice(source, chunk)), [])
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                 initargs=(state,)) as pool:
            pending: deque = deque()
            for c in islice(chunks, jobs * IN_FLIGHT_PER_WORKER):
                pending.append((c, pool.submit(_run_chunk, fn, c)))
            while pending:
                c, fut = pending.popleft()
                results = fut.result()
                nxt = next(chunks, None)
                if nxt is not None:
                    pending.append((nxt, pool.submit(_run_chunk, fn, nxt)))
                yield from zip(c, results)
    except BrokenProcessPool:
        raise BatchError("a worker process died while scoring; run again with --jobs 1 "
                         "(or --matcher python) to find the unit") from None


class _Timed:
    """The matcher, with the time spent in ``select`` added up (benchmarks report it)."""

    def __init__(self, inner):
        self.inner, self.name, self.seconds, self.facts = inner, inner.name, 0.0, 0

    @property
    def engine(self) -> int:
        return getattr(self.inner, "stats", {}).get("matched_by_engine", 0)

    def select(self, compiled, facts):
        self.facts += len(facts)
        start = time.perf_counter()
        try:
            return self.inner.select(compiled, facts)
        finally:
            self.seconds += time.perf_counter() - start


def _load(task: Task) -> tuple[Submission, SurveyResults | None] | Failure:
    try:
        return _STATE.loader(_STATE.compiled, task)
    except InputError as exc:
        return Failure(task.name, tuple(diag_json(d) for d in exc.diagnostics))
    except OSError as exc:
        return _failure(task.name, "file_unreadable", exc.strerror or str(exc))
    except Exception as exc:  # a defect while reading one unit must not stop the others
        return _failure(task.name, "internal_error", f"{type(exc).__name__}: {exc}")


def diag_json(d) -> dict:
    """A diagnostic as a JSON record; a spreadsheet position is kept as ``cell``."""
    out = d.to_json()
    if d.loc.cell:
        out["cell"] = d.loc.cell
    return out


def _values_one(task: Task) -> tuple[str, dict[str, Fraction]] | Failure:
    """First pass: the unit id and its value for every relative node that has one."""
    got = _load(task)
    if isinstance(got, Failure):
        return got
    sub, _ = got
    values = {}
    for nid, rule in _STATE.compiled.rules.items():
        if not getattr(rule, "needs_batch", ""):
            continue
        items = [sub.items.get(k) for k in rule.reads]
        if any(i is None or i.na for i in items):
            continue
        v = rule.value({i.key: Input(i.key, i.type, i.value) for i in items})
        if v is not None:
            values[nid] = v
    return sub.unit.id, values


def _score_one(task: Task) -> tuple | Failure:
    """Load, score and summarise one unit; the row goes back packed (``_pack``)."""
    start, cpu = time.perf_counter(), time.process_time()
    matched, facts, engine = _MATCHER.seconds, _MATCHER.facts, _MATCHER.engine
    got = _load(task)
    if isinstance(got, Failure):
        return got
    sub, survey = got
    try:
        result = score(_STATE.compiled, sub, survey, matcher=_MATCHER, batch=_STATE.best, memo=_MEMO)
    except Exception as exc:  # a defect: this unit fails, the others still score
        return _failure(task.name, "internal_error", f"{type(exc).__name__}: {exc}")
    row = summarise(result, task.name)
    del result, sub, survey, got        # freeing the unit's records is part of its cost: time it
    _settle()
    return _pack(row, (time.perf_counter() - start, time.process_time() - cpu, _MATCHER.seconds - matched,
                       _peak_kb() - _BASE_KB, len(_STATE.compiled.rules), _MATCHER.facts - facts,
                       _MATCHER.engine - engine))


def _pack(row: UnitRow, timing: tuple) -> tuple:
    """A row as plain strings and numbers: pickling a Decimal costs ~1 µs (its ``__reduce__``),
    and a row has ~80 of them; ``str`` round-trips a Decimal exactly (same digits, same exponent)."""
    return (row.file, row.unit_id, row.unit_name, str(row.points), str(row.max), _str(row.index), row.band,
            tuple((str(p), str(m), _str(i), e) for p, m, i, e in row.areas), row.missing, row.errors,
            tuple((pos, str(v)) for pos, v in row.losses), timing)


def _unpack(t: tuple) -> tuple[UnitRow, tuple[tuple[int, str], ...]]:
    """The ranking's row (its losses left out) and the packed losses, which the parent adds up."""
    (file, unit_id, name, points, maximum, index, band, areas, missing, errors, losses, timing) = t
    return UnitRow(file, unit_id, name, Decimal(points), Decimal(maximum), _dec(index), band,
                   tuple((Decimal(p), Decimal(m), _dec(i), e) for p, m, i, e in areas), missing, errors,
                   (), Timing(*timing)), losses


def _str(d: Decimal | None) -> str | None:
    return None if d is None else str(d)


def _dec(s: str | None) -> Decimal | None:
    return None if s is None else Decimal(s)


def summarise(result: ScoreResult, file: str) -> UnitRow:
    """The ranking's record of one result: totals, areas, leaf losses by position, errors."""
    nodes = result.nodes
    areas, leaves = _shape(result)
    losses, errors, missing = [], [], 0
    for pos, nid in enumerate(leaves):
        leaf = nodes[nid]
        if not leaf.excluded and leaf.points < leaf.max:
            losses.append((pos, leaf.max - leaf.points))
        status = leaf.status
        if status == "missing":
            missing += 1
        elif status == "error":
            msg = next((e.data.get("message") for e in leaf.events if e.code == "error"), None)
            errors.append((leaf.id, msg or 'not applicable ("không phát sinh") is refused here (na: never)'))
    t = result.total
    return UnitRow(file, result.unit_id, result.unit_name, t.points, t.max, t.index, t.band,
                   tuple((a.points, a.max, a.index, a.excluded) for a in (nodes[nid] for nid in areas)),
                   missing, tuple(errors), tuple(losses))


_SHAPES: dict[tuple, tuple] = {}


def _shape(result: ScoreResult) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Area ids and leaf ids in scheme order, read once per scheme."""
    key = (result.scheme_sha256, len(result.nodes))
    got = _SHAPES.get(key)
    if got is None:
        got = _SHAPES[key] = (tuple(n.id for n in result.areas), tuple(n.id for n in result.leaves()))
    return got
