"""Branch selection: durable_rules (the default) or the plain-Python oracle.

Both matchers take the same facts and the same compiled conditions and return,
per node, the indexes of the branches whose condition holds. The evaluator
expects exactly one; anything else becomes that node's ``error`` outcome.
"""
from __future__ import annotations

from typing import Mapping, Protocol, Sequence

from .compile import CompiledScheme
from .conditions import evaluate

Fact = tuple[str, Mapping[str, int]]          # (node id, integer fields)


class Matcher(Protocol):
    name: str

    def select(self, compiled: CompiledScheme, facts: Sequence[Fact]) -> dict[str, list[int]]: ...


class PythonMatcher:
    """Evaluates every branch condition of each fact's node in Python."""
    name = "python"

    def select(self, compiled: CompiledScheme, facts: Sequence[Fact]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for node_id, fields in facts:
            rule = compiled.rules[node_id]
            out[node_id] = [i for i, b in enumerate(rule.branches) if evaluate(b.cond, fields)]
        return out


def get_matcher(name: str, memo: bool = False) -> Matcher:
    """``durable`` or ``python``; raises ValueError for anything else.

    ``memo`` lets the durable matcher remember its answer for facts it has seen
    (batch scoring: many units share identical facts); see DurableMatcher.
    """
    if name == "python":
        return PythonMatcher()
    if name == "durable":
        from .durable_adapter import DurableMatcher
        return DurableMatcher(memo=memo)
    raise ValueError(name)
