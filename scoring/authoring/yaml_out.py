"""Canonical YAML of a scheme: what ``parscore criteria import`` writes.

The text is a function of the scheme's content only (the model the loader
builds), so the same content always gives the same bytes, and reading it back
gives a scheme with the same ``sha256`` (``criteria.load.canonical_sha256``).
Comments and the layout of the source are not kept.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from criteria.models import Node, Scheme
from criteria.xlsx_params import flow, yaml_decimal, yaml_string

RULE_ORDER = ("kind", "evidence", "all", "ratio", "due", "on_time", "late", "bands", "otherwise", "points",
              "missing", "target", "zero_below", "per", "start", "scale")
OP_ORDER = ("gt", "ge", "lt", "le", "eq", "within_days", "points")
WIDTH = 100


def num(d: Any) -> str:
    """A ``Num`` field: whole numbers plain (the model reads 10 and 10. alike), else every digit."""
    if isinstance(d, Decimal) and d.as_tuple().exponent == 0:
        return str(int(d))
    return yaml_decimal(d) if isinstance(d, Decimal) else flow(d)


def ordered(d: dict, order: tuple[str, ...]) -> dict:
    first = [k for k in order if k in d]
    return {k: d[k] for k in first + [k for k in d if k not in first]}


def canonical_rule(rule: dict) -> dict:
    out = ordered(rule, RULE_ORDER)
    for k, v in out.items():
        if isinstance(v, list):
            out[k] = [ordered(x, OP_ORDER) if isinstance(x, dict) else x for x in v]
        elif isinstance(v, dict) and k == "ratio":
            out[k] = ordered(v, ("of", "to"))
    return out


def scheme_yaml(model: Scheme, comment: str = "") -> str:
    lines: list[str] = [f"# {c}" if c else "#" for c in comment.splitlines()]
    add = lines.append
    add(f"id: {yaml_string(model.id)}")
    add(f"title: {yaml_string(model.title)}")
    add(f"level: {model.level}")
    add(f"year: {model.year}")
    add(f"version: {yaml_string(model.version)}")
    if model.source is not None:
        add(f"source: {yaml_string(model.source)}")
    if model.deadline is not None:
        add(f"deadline: {model.deadline.isoformat()}")
    if model.period is not None:
        add(f"period: {{from: {model.period.from_.isoformat()}, to: {model.period.to.isoformat()}}}")
    add(f"rounding: {num(model.rounding)}")
    add(f"na_policy: {model.na_policy}")
    if model.bands:
        add("bands:")
        for b in model.bands:
            add(f"  - {{min: {num(b.min)}, label: {yaml_string(b.label)}}}")
    add("evidence:")
    for key, spec in model.evidence.items():
        fields = [f"{name}: {flow(v) if not isinstance(v, str) else yaml_string(v)}"
                  for name, v in spec.model_dump(exclude_none=True).items()]
        add(f"  {key}: {{{', '.join(fields)}}}")
    add("areas:")
    for area in model.areas:
        _node(area, 1, add)
    return "\n".join(lines) + "\n"


def _node(node: Node, depth: int, add) -> None:
    pad = "  " * (2 * depth - 1)
    add(f"{pad[:-2]}- id: {yaml_string(node.id)}")
    add(f"{pad}title: {yaml_string(node.title)}")
    add(f"{pad}max: {num(node.max)}")
    if node.min is not None:
        add(f"{pad}min: {num(node.min)}")
    if node.na is not None:
        add(f"{pad}na: {node.na}")
    if node.bonus:
        add(f"{pad}bonus: true")
    if node.note is not None:
        add(f"{pad}note: {yaml_string(node.note)}")
    if node.rule is not None:
        rule = canonical_rule(node.rule)
        one = f"{pad}rule: {flow(rule)}"
        if len(one) <= WIDTH:
            add(one)
        else:
            add(f"{pad}rule:")
            for k, v in rule.items():
                if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                    add(f"{pad}  {flow(k)}:")
                    for x in v:
                        add(f"{pad}    - {flow(x)}")
                else:
                    add(f"{pad}  {flow(k)}: {flow(v)}")
    if node.criteria is not None:
        add(f"{pad}criteria:")
        for kid in node.criteria:
            _node(kid, depth + 1, add)
