"""The one module that talks to durable_rules (see docs/durable_rules.md).

It uses the bare C extension, never ``durable.lang``/``Host``:

* one ruleset per scheme chunk, named from the scheme's hash; a rule per branch,
  named ``"<node id>|<branch index>"``;
* every pattern starts with an equality guard on the node id (the session's own
  state fact has no ``n``), and compares integer fields only (values are normalised by the rules), so no
  string ever meets a number, no arithmetic runs in the engine, and no pattern
  can match the session's own state fact;
* no ``$not``/``none``: negation is pushed into the conditions at compile time;
* a scheme is split into chunks that stay well under the ~512 distinct equality
  values per field at which compilation hangs;
* one live session at a time: a unit's facts go in as one batch with unique
  ids, every activation is drained synchronously, then the session is deleted.
  Threads: one lock serialises every call into the extension (it never releases
  the GIL, so nothing is lost), and every session has its own id; a session whose
  activations could not be drained is never deleted, and a ruleset whose session
  could not be deleted is *poisoned*: dropped from the cache (never deleted, never
  used again) and compiled afresh on the next call.

Any failure of the extension becomes ``MatcherError``; the evaluator turns it
into ``error`` outcomes for the nodes concerned.
"""
from __future__ import annotations

import itertools
import json
import os
import threading
from bisect import bisect_left
from collections import OrderedDict
from typing import Mapping, Sequence

import durable_rules_engine as _engine

from .compile import CompiledScheme
from .conditions import All, Cmp, Cond, eq_values

# Small rulesets: durable_rules' work per asserted fact grows with the rules of its ruleset
# (measured on the model scheme: 2.2 ms a unit in one ruleset of 81 nodes, 1.0 ms in chunks
# of 8 and one session each); a fact goes only to its node's chunk.
MAX_NODES_PER_RULESET = 8
MAX_EQ_PER_FIELD = 300
_CACHE_SIZE = 32


class MatcherError(RuntimeError):
    pass


# Every call into the extension holds this lock: the ruleset cache, the handles and the
# sessions are shared by all threads. A forked child starts with a fresh, free lock.
_LOCK = threading.RLock()
_SESSION_IDS = itertools.count(1)


def _after_fork() -> None:
    global _LOCK
    _LOCK = threading.RLock()


os.register_at_fork(after_in_child=_after_fork)


def cond_json(cond: Cond) -> dict:
    if isinstance(cond, Cmp):
        if cond.op == "eq":
            return {cond.field: cond.value}
        op = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}[cond.op]
        return {op: {cond.field: cond.value}}
    if isinstance(cond, All):
        return {"$and": [cond_json(p) for p in cond.parts]}
    if not cond.parts:
        # an empty "or" never holds: a test no integer field passes
        return {"$and": [{"$lt": {"t_never": 0}}, {"$gt": {"t_never": 0}}]}
    return {"$or": [cond_json(p) for p in cond.parts]}


def _pattern(node_id: str, cond: Cond) -> dict:
    guards: list = [{"n": node_id}]
    if isinstance(cond, All):
        guards.extend(cond_json(p) for p in cond.parts)
    else:
        guards.append(cond_json(cond))
    return {"$and": guards}


def ruleset_definitions(compiled: CompiledScheme) -> list[tuple[str, dict, frozenset]]:
    """(name, definition, node ids) per chunk of the scheme."""
    chunks: list[tuple[dict, set]] = []
    rules: dict = {}
    nodes: set = set()
    eq_count: dict[str, set] = {}
    for node_id, rule in compiled.rules.items():
        node_eq: dict[str, set] = {}
        for b in rule.branches:
            for f, v in eq_values(b.cond):
                node_eq.setdefault(f, set()).add(v)
        over = any(len(eq_count.get(f, set()) | vs) > MAX_EQ_PER_FIELD for f, vs in node_eq.items())
        if rules and (len(nodes) >= MAX_NODES_PER_RULESET or over):
            chunks.append((rules, nodes))
            rules, nodes, eq_count = {}, set(), {}
        for f, vs in node_eq.items():
            eq_count.setdefault(f, set()).update(vs)
        nodes.add(node_id)
        for i, b in enumerate(rule.branches):
            rules[f"{node_id}|{i}"] = {"all": [{"m": _pattern(node_id, b.cond)}]}
    if rules:
        chunks.append((rules, nodes))
    prefix = f"parscore_{compiled.sha256[:20]}"
    return [(f"{prefix}_{i}", r, frozenset(n)) for i, (r, n) in enumerate(chunks)]


_rulesets: "OrderedDict[str, list[tuple[int, frozenset]]]" = OrderedDict()


def _handles(compiled: CompiledScheme) -> list[tuple[int, frozenset]]:
    key = compiled.sha256
    if key in _rulesets:
        _rulesets.move_to_end(key)
        return _rulesets[key]
    handles = []
    try:
        for name, definition, nodes in ruleset_definitions(compiled):
            handles.append((_engine.create_ruleset(name, json.dumps(definition, ensure_ascii=False)), nodes))
    except _engine.error as exc:
        for h, _ in handles:
            _engine.delete_ruleset(h)
        raise MatcherError(f"durable_rules could not compile the scheme: {exc}") from None
    _rulesets[key] = handles
    while len(_rulesets) > _CACHE_SIZE:
        _, old = _rulesets.popitem(last=False)
        for h, _ in old:
            _engine.delete_ruleset(h)
    return handles


def _poison(compiled_sha: str, handle: int) -> None:
    """Never use ``handle`` again: drop its scheme's rulesets from the cache (the next call
    compiles them afresh). The poisoned handle itself is leaked, not deleted: deleting a
    ruleset whose session is in an unknown state is what crashes the extension."""
    handles = _rulesets.pop(compiled_sha, None) or []
    for h, _ in handles:
        if h != handle:
            try:
                _engine.delete_ruleset(h)
            except _engine.error:
                pass


def _drain(handle: int, state) -> bool:
    """Finish every activation still queued for ``state`` (results discarded); False when
    the extension refuses, so the session must not be deleted."""
    try:
        for _ in range(1_000_000):
            if not _engine.complete_and_start_action(handle, state):
                return True
    except _engine.error:
        pass
    try:
        _engine.abandon_action(handle, state)
    except _engine.error:
        return False
    return False


_CHUNK_OF: dict[str, dict[str, int]] = {}
_TEMPLATES: dict[tuple, str] = {}      # (node id, *fields) → the fact's JSON after its id, "%d" per field


def _chunk_of(sha: str, handles: list[tuple[int, frozenset]]) -> dict[str, int]:
    """Node id → index of its ruleset chunk in ``handles`` (kept per scheme)."""
    key = sha                  # the chunks are a function of the scheme (ruleset_definitions)
    got = _CHUNK_OF.get(key)
    if got is None:
        if len(_CHUNK_OF) >= _CACHE_SIZE:
            _CHUNK_OF.clear()
        got = _CHUNK_OF[key] = {nid: c for c, (_, nodes) in enumerate(handles) for nid in nodes}
    return got


def _run_session(handle: int, facts: "list[dict] | str", sid: str) -> tuple[list[str], bool]:
    """Assert one batch, drain every activation, delete the session.

    Returns the fired rule names and whether the handle is still sound (False: the
    session could not be drained or deleted; the caller poisons the handle). Raises
    ``MatcherError`` when matching itself failed (after cleaning up as far as possible).
    """
    fired: list[str] = []
    state = None
    sound = True
    failure: str | None = None
    try:
        text = facts if isinstance(facts, str) else json.dumps(facts, ensure_ascii=False)
        _code, state = _engine.assert_facts(handle, text)
        # _code 1 means some fact matched no rule: the evaluator sees no branch for it
        result = _engine.start_action_for_state(handle, state)
        message = result[1] if result else None
        while message:
            # An action is one rule's frame, '{"<rule name>":{"m":{…}}}', and rule names
            # never hold a quote (node ids are [0-9A-Za-z._-]): read the name without
            # parsing the JSON, which was a quarter of the time spent here.
            if message.count('{"m":') == 1:
                fired.append(message[2:message.index('"', 2)])
            else:
                fired.extend(json.loads(message))
            message = _engine.complete_and_start_action(handle, state)
    except _engine.error as exc:
        failure = f"durable_rules failed while matching: {exc}"
        # activations may still be queued: deleting the session now could crash the process
        sound = state is not None and _drain(handle, state)
    except BaseException:
        sound = state is not None and _drain(handle, state)
        if sound:
            sound = _delete(handle, sid)
        raise
    if sound:
        sound = _delete(handle, sid)
    if failure is not None:
        raise MatcherError(failure, sound)
    return fired, sound


def _delete(handle: int, sid: str) -> bool:
    try:
        _engine.delete_state(handle, sid)
    except _engine.error:
        return False
    return True


def _thresholds(cond: Cond, out: dict[str, set]) -> None:
    if isinstance(cond, Cmp):
        out.setdefault(cond.field, set()).add(cond.value)
    else:
        for p in cond.parts:
            _thresholds(p, out)


def class_keys(compiled: CompiledScheme) -> dict[str, dict[str, tuple[int, ...]]]:
    """Per node, per field: the sorted constants its branch conditions compare the field with.

    Every condition is a combination of ``field op constant`` tests, so which
    branch holds depends only on where each field lies among its constants
    (below, equal to, or between them): the *class* of the fact. Two facts of one
    class get the same answer from any correct matcher.
    """
    out: dict[str, dict[str, tuple[int, ...]]] = {}
    for node_id, rule in compiled.rules.items():
        consts: dict[str, set] = {}
        for b in rule.branches:
            _thresholds(b.cond, consts)
        out[node_id] = {f: tuple(sorted(vs)) for f, vs in consts.items()}
    return out


def fact_class(thresholds: Mapping[str, tuple[int, ...]], fields: Mapping[str, int]) -> tuple:
    """The fact's class: per field (sorted), 2 × (constants below the value) + (1 if it equals one)."""
    key = []
    for f in sorted(fields):
        v = fields[f]
        cs = thresholds.get(f) or ()
        i = bisect_left(cs, v)
        key.append((f, 2 * i + (i < len(cs) and cs[i] == v)))
    return tuple(key)


def _class_of(spec: dict, fields: Mapping[str, int]) -> tuple:
    """``fact_class`` with the node's fields sorted once: ``spec`` holds the node's
    constants per field and, once seen, the field layout its facts have."""
    layout = spec.get(None)
    if layout is None or fields.keys() != layout[0]:
        if layout is not None:                 # a fact with other fields than the node's first
            return fact_class(spec, fields)
        layout = spec[None] = (frozenset(fields), tuple((f, spec.get(f) or ()) for f in sorted(fields)))
    key = []
    for f, cs in layout[1]:
        v = fields[f]
        i = bisect_left(cs, v)
        key.append(2 * i + (i < len(cs) and cs[i] == v))
    return tuple(key)


class DurableMatcher:
    """Branch selection by durable_rules.

    With ``memo`` (what batch scoring uses), the branches durable_rules picked for
    a fact are remembered per scheme, keyed by the node and the fact's *class*
    (``fact_class``: where each integer field lies among the constants that node's
    conditions compare it with). Which branch holds is a pure function of the
    class, so a later unit with a fact of the same class gets durable_rules' own
    earlier answer without another session; only facts of a class never seen go
    to the engine (with their real values). ``stats`` counts both.
    """

    name = "durable"
    MEMO_LIMIT = 20_000     # classes remembered per scheme; a scheme has far fewer, memory stays bounded

    def __init__(self, memo: bool = False):
        self.memo: dict | None = {} if memo else None
        self._classes: dict[str, dict] = {}
        self.stats = {"facts": 0, "matched_by_engine": 0}

    def select(self, compiled: CompiledScheme, facts: Sequence[tuple[str, Mapping[str, int]]]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {node_id: [] for node_id, _ in facts}
        self.stats["facts"] += len(facts)
        todo = facts
        keys: list = []
        if self.memo is not None:
            memo = self.memo.setdefault(compiled.sha256, {})
            classes = self._classes.get(compiled.sha256)
            if classes is None:
                classes = self._classes[compiled.sha256] = class_keys(compiled)
            todo, keys = [], []
            for node_id, fields in facts:
                key = (node_id, _class_of(classes[node_id], fields))
                hit = memo.get(key)
                if hit is None:
                    todo.append((node_id, fields))
                    keys.append(key)
                else:
                    out[node_id] = list(hit)
        if not todo:
            return out
        self.stats["matched_by_engine"] += len(todo)
        with _LOCK:
            fired = self._match(compiled, todo)
        for name in fired:
            node_id, _, branch = name.rpartition("|")
            picks = out.setdefault(node_id, [])
            # a rule fires once per true disjunct of its "$or"s: the same branch, counted once
            if int(branch) not in picks:
                picks.append(int(branch))
        for node_id, _ in todo:
            out[node_id].sort()
        if self.memo is not None:
            for key in keys[: max(0, self.MEMO_LIMIT - len(memo))]:
                memo[key] = tuple(out[key[0]])
        return out

    @staticmethod
    def _match(compiled: CompiledScheme, todo: Sequence[tuple[str, Mapping[str, int]]]) -> list[str]:
        """Every rule name that fired for ``todo``, one session per ruleset chunk (caller holds ``_LOCK``)."""
        fired: list[str] = []
        poisoned = None
        handles = _handles(compiled)
        chunk_of = _chunk_of(compiled.sha256, handles)
        groups: dict[int, list[str]] = {}
        templates = _TEMPLATES
        for i, (node_id, fields) in enumerate(todo):
            # the fact as JSON, written from a template per node and field layout: node ids
            # are [0-9A-Za-z._-], fields are identifiers with integer values
            # (rules.conditions), so nothing needs escaping
            layout = (node_id, *fields)
            t = templates.get(layout)
            if t is None:
                if len(templates) >= 100_000:
                    templates.clear()
                t = templates[layout] = f'","n":"{node_id}"' + "".join(f',"{k}":%d' for k in fields) + "}"
            groups.setdefault(chunk_of[node_id], []).append(f'{i}{t % tuple(fields.values())}')
        try:
            for c in sorted(groups):
                handle = handles[c][0]
                sid = str(next(_SESSION_IDS))
                head = '{"sid":"' + sid + '","id":"'
                batch = "[" + ",".join([head + f for f in groups[c]]) + "]"
                try:
                    names, sound = _run_session(handle, batch, sid)
                except MatcherError as exc:
                    if not exc.args[1]:
                        poisoned = handle
                    raise MatcherError(exc.args[0]) from None
                if not sound:
                    poisoned = handle
                fired.extend(names)
        finally:
            if poisoned is not None:
                _poison(compiled.sha256, poisoned)
        return fired
