"""Load a criteria file: YAML → pydantic model → structural checks, every error at once.

Stages run in order and each appends to one collector; a stage that needs a
clean model only runs when the model validated. Rule parameters are checked
later by ``rules.compile_scheme``, which reports in the same format.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .diagnostics import Collector, Loc, suggest
from .models import Node, Scheme
from .tree import LoadedScheme, NodeInfo, content_hash
from .yamlsrc import YDict, locate, read_yaml, read_yaml_text, where


def natural_key(node_id: str) -> tuple:
    """Sort key that puts "2" before "10" and "1.2" before "1.10"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.]", node_id))


def pydantic_diagnostics(exc: ValidationError, root: Any, file: str, model_fields: dict,
                         out: Collector, prefix: tuple = ()) -> None:
    """Translate pydantic errors into located diagnostics with stable codes."""
    base = Loc(file)
    for err in exc.errors(include_url=False):
        path = prefix + tuple(err["loc"])
        loc = locate(root, path, base)
        key = ".".join(str(p) for p in path) or "(top)"
        kind = err["type"]
        if kind == "extra_forbidden":
            known = _known_fields(model_fields, err["loc"][:-1])
            out.add("unknown_key", loc, f'unknown key "{path[-1]}" at {key}{suggest(str(path[-1]), known)}',
                    f"khóa «{path[-1]}» không có trong mẫu tệp (tại {key}){suggest(str(path[-1]), known, 'vi')}")
        elif kind == "missing":
            where_ = ".".join(map(str, path[:-1])) or "(top)"
            out.add("missing_field", loc, f'required key "{path[-1]}" is missing at {where_}',
                    f"thiếu khóa bắt buộc «{path[-1]}» (tại {where_})")
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            out.add("bad_value", loc, f"{key}: {err['input']!r} is not allowed; expected {expected}",
                    f"{key}: giá trị {err['input']!r} không được phép; chỉ được ghi {expected.replace(' or ', ' hoặc ')}")
        elif kind == "string_pattern_mismatch":
            out.add("bad_id", loc, f"{key}: {err['input']!r} is not a valid identifier",
                    f"{key}: {err['input']!r} không phải là mã hợp lệ (chữ thường, số, dấu chấm, gạch nối)")
        else:
            msg = err["msg"].removeprefix("Value error, ")
            vi = {"expected a number": "cần một số", "expected a date written YYYY-MM-DD": "cần ngày dạng YYYY-MM-DD"}
            out.add("bad_type", loc, f"{key}: {msg} (got {_show(err.get('input'))})",
                    f"{key}: {vi[msg]} (đang ghi {_show(err.get('input'))})" if msg in vi else "")


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return type(value).__name__
    return repr(value) if not isinstance(value, Decimal) else str(value)


def _known_fields(fields: dict, path: tuple) -> list[str]:
    # The model a path ends in is the last named part we know; good enough for suggestions.
    names = [p for p in path if isinstance(p, str)]
    if names and names[-1] in ("areas", "criteria"):
        return list(Node.model_fields)
    if names and names[-1] == "evidence":
        return []
    if names and names[-1] in fields and names[-1] != "evidence":
        return list(fields)
    return list(fields) + list(Node.model_fields) + ["type", "title", "better", "unit", "description"]


def load_scheme(path: str | Path) -> LoadedScheme:
    """Load a criteria file; raise ``InputError`` with every problem found."""
    return build_scheme(read_yaml(path), str(path))


def load_scheme_text(text: str, file: str = "<criteria>") -> LoadedScheme:
    return build_scheme(read_yaml_text(text, file), file)


def build_scheme(root: Any, file: str) -> LoadedScheme:
    """A validated scheme, or ``InputError`` with every structural problem."""
    scheme, out = build_scheme_lenient(root, file)
    out.check()
    assert scheme is not None
    return scheme


def build_scheme_lenient(root: Any, file: str) -> tuple[LoadedScheme | None, Collector]:
    """Like ``build_scheme`` but returns what it could build with the problems found.

    The scheme is None when the file does not even match the model; otherwise it is
    returned despite structural errors, so rule checks can still report theirs in
    the same run (``rules.compile.load_and_compile``).
    """
    out = Collector()
    base = Loc(file)
    if not isinstance(root, dict):
        out.add("bad_type", getattr(root, "loc", base), "a criteria file must be a mapping with id, title, evidence, areas")
        return None, out
    try:
        model = Scheme.model_validate(root)
    except ValidationError as exc:
        pydantic_diagnostics(exc, root, file, Scheme.model_fields, out)
        return None, out
    nodes = _structure(model, root, file, out)
    ev_root = root.get("evidence") if isinstance(root, YDict) else None
    ev_locs = {k: where(ev_root, k, base) for k in model.evidence}
    return LoadedScheme(model=model, file=file, sha256=canonical_sha256(model), nodes=nodes,
                        evidence_locs=ev_locs, raw=root), out


def canonical_sha256(model: Scheme) -> str:
    """Hash of the scheme's meaning, independent of key and sibling order in the file."""
    data = model.model_dump(mode="json", by_alias=True)

    def sort_nodes(nodes: list) -> list:
        for n in nodes:
            if n.get("criteria"):
                n["criteria"] = sort_nodes(n["criteria"])
        return sorted(nodes, key=lambda n: natural_key(n["id"]))

    data["areas"] = sort_nodes(data["areas"])
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return content_hash(text.encode())


def _structure(model: Scheme, root: Any, file: str, out: Collector) -> dict[str, NodeInfo]:
    """Stage: tree shape, ids, sums of maxima, catalogue references, labels."""
    base = Loc(file)
    infos: dict[str, NodeInfo] = {}
    seen: dict[str, Loc] = {}

    if model.rounding <= 0:
        out.add("bad_value", locate(root, ("rounding",), base), f"rounding must be above 0 (got {model.rounding})")
    if model.period and model.period.from_ > model.period.to:
        out.add("bad_value", locate(root, ("period",), base), "period.from is after period.to")
    mins = [b.min for b in model.bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        out.add("bands_order", locate(root, ("bands",), base),
                "bands must be listed from the highest min to the lowest, each min once")
    for i, band in enumerate(model.bands):
        if not 0 <= band.min <= 100:
            out.add("bad_value", locate(root, ("bands", i, "min"), base), f"band min {band.min} is outside 0..100")

    def visit(node: Node, path: tuple, depth: int, parent: str | None, area: str, bonus: bool) -> Decimal:
        raw = locate(root, path, base)
        if node.id in seen:
            out.add("duplicate_id", raw, f'id "{node.id}" is used twice (first at line {seen[node.id].line})',
                    f"mã «{node.id}» bị dùng hai lần (lần đầu ở dòng {seen[node.id].line})")
        else:
            seen[node.id] = raw
        if node.bonus and depth > 0:
            out.add("bad_bonus", locate(root, path + ("bonus",), base), f'node "{node.id}": only an area can be bonus: true')
        if node.max < 0:
            out.add("bad_value", locate(root, path + ("max",), base), f'node "{node.id}": max must not be negative (got {node.max})')
        has_children = node.criteria is not None
        if has_children == (node.rule is not None):
            out.add("node_shape", raw,
                    f'node "{node.id}" must have either "criteria" or "rule", not {"both" if has_children else "neither"}',
                    f"tiêu chí «{node.id}» phải có tiêu chí con (criteria) hoặc quy tắc chấm (rule), "
                    f"{'không được có cả hai' if has_children else 'hiện chưa có'}")
        na = node.na or model.na_policy
        children: list[str] = []
        if node.rule is not None:
            node_min = node.min if node.min is not None else Decimal(0)
            if node_min > node.max:
                out.add("bad_bounds", locate(root, path + ("min",), base),
                        f'node "{node.id}": min {node_min} is above max {node.max}')
        else:
            kids = node.criteria or []
            if not kids:
                out.add("node_shape", raw, f'node "{node.id}" has an empty criteria list')
            total_max = sum((k.max for k in kids), Decimal(0))
            if kids and total_max != node.max:
                out.add("criteria_sum_mismatch", locate(root, path + ("max",), base),
                        f'node "{node.id}": max is {node.max} but its children add up to {total_max}',
                        f"tiêu chí «{node.id}»: điểm tối đa ghi {node.max} nhưng các tiêu chí con cộng lại {total_max}")
            child_min = Decimal(0)
            for i, kid in enumerate(kids):
                child_min += visit(kid, path + ("criteria", i), depth + 1, node.id, area, bonus)
                children.append(kid.id)
            if node.min is not None and node.min != child_min:
                out.add("criteria_min_mismatch", locate(root, path + ("min",), base),
                        f'node "{node.id}": min is {node.min} but its children\'s minimums add up to {child_min}')
            node_min = child_min
        rule_loc = locate(root, path + ("rule",), base) if node.rule is not None else None
        children.sort(key=natural_key)
        infos[node.id] = NodeInfo(node=node, depth=depth, parent=parent, area=area, loc=raw,
                                  rule_loc=rule_loc, min=node_min, na=na, bonus=bonus,
                                  children=tuple(children))
        return node_min

    for i, area in enumerate(model.areas):
        visit(area, ("areas", i), 0, None, area.id, area.bonus)

    # Order nodes by the scheme's numbering, depth-first: independent of sibling order.
    ordered: dict[str, NodeInfo] = {}

    def walk(ids: list[str]) -> None:
        for nid in sorted(ids, key=natural_key):
            if nid in ordered or nid not in infos:
                continue
            ordered[nid] = infos[nid]
            walk(list(infos[nid].children))

    walk([a.id for a in model.areas])
    return ordered
