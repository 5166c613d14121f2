"""``criteria diff``: what changed between two schemes, node by node.

Nodes are matched by id. A node whose id is gone but whose title (and rule) reappear
under a new id is reported as renumbered, not as removed plus added. Changes are
records with a stable ``what`` code; renderers (``diff_report``) word them.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from criteria.xlsx_params import bands_text, keys_text, late_text, number_text, scale_text
from rules import CompiledScheme

HEADER_FIELDS = ("id", "title", "level", "year", "version", "source", "deadline", "period", "rounding", "na_policy",
                 "bands")


@dataclass(frozen=True)
class Change:
    """One difference. ``node`` is the node id (the new one when renumbered), or the evidence
    key for catalogue changes, or the header field; ``what`` its code; ``old``/``new`` values."""
    scope: str          # header | node | evidence
    node: str
    what: str           # added removed renumbered moved title max min na bonus kind param:<key> note …
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class SchemeDiff:
    old_id: str
    old_version: str
    old_sha256: str
    new_id: str
    new_version: str
    new_sha256: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def of(self, scope: str) -> list[Change]:
        return [c for c in self.changes if c.scope == scope]

    @property
    def changed_nodes(self) -> set[str]:
        return {c.node for c in self.changes if c.scope == "node"}


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def param_text(key: str, value: Any) -> str:
    """A rule parameter as the workbook writes it (bands ``>=90: 1``, late steps, scales)."""
    if value is None:
        return "—"
    shown = {"bands": bands_text, "late": late_text, "scale": scale_text, "all": keys_text}.get(key)
    if shown is not None:
        text = shown(value)
        if text is not None:
            return text
    if isinstance(value, dict) and set(value) == {"of", "to"}:
        return f"{value['of']} / {value['to']}"
    if hasattr(value, "isoformat"):
        return value.strftime("%d/%m/%Y")
    n = number_text(value)
    if n is not None:
        return n
    if hasattr(value, "as_tuple"):
        return str(value).replace(".", ",")
    return str(value)


def diff_schemes(old: CompiledScheme, new: CompiledScheme) -> SchemeDiff:
    om, nm = old.scheme.model, new.scheme.model
    changes: list[Change] = []
    od, nd = om.model_dump(mode="python", by_alias=True), nm.model_dump(mode="python", by_alias=True)
    for f in HEADER_FIELDS:
        if od.get(f) != nd.get(f):
            changes.append(Change("header", f, f, od.get(f), nd.get(f)))

    onodes, nnodes = old.scheme.nodes, new.scheme.nodes
    gone = [i for i in onodes if i not in nnodes]
    fresh = [i for i in nnodes if i not in onodes]
    renamed: dict[str, str] = {}                      # new id → old id
    by_title: dict[str, list[str]] = {}
    for i in gone:
        by_title.setdefault(_norm(onodes[i].node.title), []).append(i)
    for i in fresh:
        cands = by_title.get(_norm(nnodes[i].node.title), [])
        if len(cands) == 1 and (onodes[cands[0]].node.rule is None) == (nnodes[i].node.rule is None):
            renamed[i] = cands.pop()
    for nid, info in nnodes.items():
        oid = renamed.get(nid, nid)
        if oid not in onodes:
            changes.append(Change("node", nid, "added", None,
                                  {"title": info.node.title, "max": info.node.max, "parent": info.parent}))
            continue
        if oid != nid:
            changes.append(Change("node", nid, "renumbered", oid, nid))
        changes.extend(_node_changes(nid, onodes[oid], info, renamed))
    for oid in onodes:
        if oid in gone and oid not in renamed.values():
            o = onodes[oid]
            changes.append(Change("node", oid, "removed", {"title": o.node.title, "max": o.node.max,
                                                            "parent": o.parent}, None))

    for key, spec in nm.evidence.items():
        before = om.evidence.get(key)
        if before is None:
            changes.append(Change("evidence", key, "added", None, spec.model_dump(exclude_none=True)))
            continue
        b, a = before.model_dump(exclude_none=True), spec.model_dump(exclude_none=True)
        for f in sorted(set(a) | set(b)):
            if a.get(f) != b.get(f):
                changes.append(Change("evidence", key, f, b.get(f), a.get(f)))
    for key, spec in om.evidence.items():
        if key not in nm.evidence:
            changes.append(Change("evidence", key, "removed", spec.model_dump(exclude_none=True), None))
    return SchemeDiff(om.id, om.version, old.sha256, nm.id, nm.version, new.sha256, tuple(changes))


def _node_changes(nid: str, o, n, renamed: dict[str, str]) -> list[Change]:
    out = []
    old_parent = o.parent
    new_parent = renamed.get(n.parent, n.parent) if n.parent else None
    if old_parent != new_parent:
        out.append(Change("node", nid, "moved", o.parent, n.parent))
    for f, a, b in (("title", o.node.title, n.node.title), ("max", o.node.max, n.node.max), ("min", o.min, n.min),
                    ("na", o.na, n.na), ("bonus", o.bonus, n.bonus), ("note", o.node.note, n.node.note)):
        if a != b and not (f == "max" and str(a) == str(b)):
            out.append(Change("node", nid, f, a, b))
    orule, nrule = o.node.rule, n.node.rule
    if (orule is None) != (nrule is None):
        out.append(Change("node", nid, "shape", "rule" if orule else "criteria", "rule" if nrule else "criteria"))
        return out
    if orule is None or nrule is None:
        return out
    if orule.get("kind") != nrule.get("kind"):
        out.append(Change("node", nid, "kind", orule.get("kind"), nrule.get("kind")))
    for key in [k for k in nrule if k != "kind"] + [k for k in orule if k not in nrule and k != "kind"]:
        if orule.get(key) != nrule.get(key):
            out.append(Change("node", nid, f"param:{key}", orule.get(key), nrule.get(key)))
    return out
