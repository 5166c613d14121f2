"""What a rule kind sees while it compiles: its node, the catalogue, and where to report."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from criteria import Collector, EvidenceSpec, LoadedScheme, Loc, NodeInfo, suggest
from criteria.yamlsrc import locate

from .conditions import DECIMALS, scaled_threshold


@dataclass
class CompileContext:
    scheme: LoadedScheme
    info: NodeInfo
    out: Collector

    @property
    def node_id(self) -> str:
        return self.info.id

    @property
    def max(self) -> Decimal:
        return self.info.node.max

    @property
    def min(self) -> Decimal:
        return self.info.min

    @property
    def rounding(self) -> Decimal:
        return self.scheme.model.rounding

    def where(self, *path: Any) -> Loc:
        base = self.info.rule_loc or self.info.loc
        rule_raw = _rule_raw(self.scheme, self.info)
        if rule_raw is None:
            return base
        return locate(rule_raw, tuple(path), base)

    def err(self, code: str, path: tuple, message: str, vi: str = "") -> None:
        self.out.add(code, self.where(*path), f'node "{self.node_id}": {message}',
                     f"tiêu chí «{self.node_id}»: {vi}" if vi else "")

    def spec(self, key: str) -> EvidenceSpec | None:
        return self.scheme.model.evidence.get(key)

    def require(self, path: tuple, key: str, allowed: tuple[str, ...], kind: str) -> EvidenceSpec | None:
        """The catalogue entry for ``key`` if it exists and has an allowed type."""
        spec = self.spec(key)
        if spec is None:
            self.err("unknown_evidence", path,
                     f'evidence "{key}" is not in the catalogue{suggest(key, self.scheme.model.evidence)}',
                     f"«{key}» không có trong danh mục tài liệu kiểm chứng (evidence)"
                     f"{suggest(key, self.scheme.model.evidence, 'vi')}")
            return None
        if spec.type not in allowed:
            self.err("evidence_type_mismatch", path,
                     f'rule kind "{kind}" reads {" or ".join(allowed)} evidence, but "{key}" is {spec.type}',
                     f"quy tắc «{kind}» đọc tài liệu loại {' hoặc '.join(allowed)}, nhưng «{key}» là loại {spec.type}")
            return None
        return spec

    def threshold(self, path: tuple, value: Decimal) -> int | None:
        scaled = scaled_threshold(value)
        if scaled is None:
            self.err("bad_threshold", path, f"threshold {value} has more than {DECIMALS} decimal places",
                     f"ngưỡng {value} có quá {DECIMALS} chữ số thập phân")
        return scaled

    def in_bounds(self, path: tuple, name: str, points: Decimal) -> bool:
        if not self.min <= points <= self.max:
            self.err("points_out_of_bounds", path,
                     f"{name} {points} is outside the node's bounds [{self.min}, {self.max}]",
                     f"{name} {points} nằm ngoài khung điểm của tiêu chí (từ {self.min} đến {self.max})")
            return False
        return True


def _rule_raw(scheme: LoadedScheme, info: NodeInfo) -> Any:
    # The YAML mapping of this node's rule: walk the raw tree by ids.
    chain = []
    cur: NodeInfo | None = info
    while cur is not None:
        chain.append(cur.id)
        cur = scheme.nodes.get(cur.parent) if cur.parent else None
    chain.reverse()
    raw = scheme.raw
    level = raw.get("areas") if isinstance(raw, dict) else None
    node = None
    for nid in chain:
        if not isinstance(level, list):
            return None
        node = next((n for n in level if isinstance(n, dict) and n.get("id") == nid), None)
        if node is None:
            return None
        level = node.get("criteria")
    return node.get("rule") if isinstance(node, dict) else None
