"""The validated, loaded scheme: the pydantic model plus where each part was written."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterator

from .diagnostics import Loc
from .models import Node, Scheme


def rule_reads(rule: dict) -> tuple[str, ...]:
    """Evidence keys a raw rule mapping names, in the order written."""
    keys: list[str] = []
    if isinstance(rule.get("evidence"), str):
        keys.append(rule["evidence"])
    if isinstance(rule.get("all"), list):
        keys.extend(k for k in rule["all"] if isinstance(k, str))
    ratio = rule.get("ratio")
    if isinstance(ratio, dict):
        keys.extend(ratio[p] for p in ("of", "to") if isinstance(ratio.get(p), str))
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class NodeInfo:
    """A node with what the engine needs beside the model: depth, parent, bounds, where."""

    node: Node
    depth: int                 # 0 = area
    parent: str | None
    area: str
    loc: Loc
    rule_loc: Loc | None
    min: Decimal               # declared on leaves (default 0); sum of children otherwise
    na: str                    # effective N/A policy: full | exclude | never
    bonus: bool                # inside a bonus area
    children: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def is_leaf(self) -> bool:
        return self.node.rule is not None


@dataclass(frozen=True)
class LoadedScheme:
    """A scheme that passed structural validation (rules are checked when compiled)."""

    model: Scheme
    file: str
    sha256: str
    nodes: dict[str, NodeInfo]          # file order
    evidence_locs: dict[str, Loc] = field(default_factory=dict)
    raw: object = None                  # the YAML tree, for locating rule parameters

    @property
    def id(self) -> str:
        return self.model.id

    def leaves(self) -> Iterator[NodeInfo]:
        return (n for n in self.nodes.values() if n.is_leaf)

    def readers(self, key: str) -> list[NodeInfo]:
        """Leaf nodes whose rule reads evidence ``key``."""
        return [n for n in self.leaves() if key in rule_reads(n.node.rule or {})]


def per_object(cache: dict, obj: Any, build: Callable[[Any], Any]) -> Any:
    """``build(obj)``, kept in ``cache`` for the last few objects (by identity; ``obj`` is
    immutable, like a loaded or compiled scheme, and held so its id cannot be reused)."""
    got = cache.get(id(obj))
    if got is None or got[0] is not obj:
        if len(cache) >= 8:
            cache.clear()
        got = cache[id(obj)] = (obj, build(obj))
    return got[1]


def content_hash(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()
