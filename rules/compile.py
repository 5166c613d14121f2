"""Compile a loaded scheme: every rule's parameters checked, branches built, once.

``compile_scheme`` either returns an immutable ``CompiledScheme`` or raises
``InputError`` listing every rule problem (unknown kind with a suggestion,
bad parameters, wrong evidence types, bands or parameters that would pay more
for worse evidence).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import localcontext
from types import MappingProxyType
from typing import Mapping

from pydantic import ValidationError

from criteria import Collector, InputError, LoadedScheme, suggest
from criteria.load import pydantic_diagnostics

from . import kinds as _kinds  # noqa: F401  (fills the registry)
from .base import KINDS, CompiledRule
from .context import CompileContext, _rule_raw
from .numbers import CONTEXT, normalize


@dataclass(frozen=True)
class CompiledScheme:
    scheme: LoadedScheme
    rules: Mapping[str, CompiledRule]       # leaf node id → rule, in scheme order

    @property
    def id(self) -> str:
        return self.scheme.id

    @property
    def sha256(self) -> str:
        return self.scheme.sha256


def load_and_compile(path) -> CompiledScheme:
    """Load and compile a criteria file (YAML, or a scheme workbook ``.xlsx``), reporting
    structural and rule errors in one run (a workbook's at their sheet and cell)."""
    from criteria.xlsx_scheme import is_workbook, read_scheme_workbook
    from criteria.yamlsrc import read_yaml
    root = read_scheme_workbook(path) if is_workbook(path) else read_yaml(path)
    return _compile_root(root, str(path))


def compile_tree(root, file: str) -> CompiledScheme:
    """Load and compile a scheme already read into its raw tree (YAML or a workbook's)."""
    return _compile_root(root, file)


def load_and_compile_text(text: str, file: str = "<criteria>") -> CompiledScheme:
    from criteria.yamlsrc import read_yaml_text
    return _compile_root(read_yaml_text(text, file), file)


def _compile_root(root, file: str) -> CompiledScheme:
    from criteria.load import build_scheme_lenient
    with localcontext(CONTEXT):       # sums of maxima and parameter checks: exact, whatever the host set
        scheme, out = build_scheme_lenient(root, file)
        if scheme is not None:
            rules = _compile_rules(scheme, out, skip_duplicate_ids=True)
    if out:
        raise InputError(sorted(out.items, key=lambda d: (d.loc.line, d.loc.col)))
    return CompiledScheme(scheme=scheme, rules=MappingProxyType(rules))


def compile_scheme(scheme: LoadedScheme) -> CompiledScheme:
    out = Collector()
    with localcontext(CONTEXT):
        rules = _compile_rules(scheme, out)
    out.check()
    return CompiledScheme(scheme=scheme, rules=MappingProxyType(rules))


def _all_ids(nodes) -> list[str]:
    ids = []
    for n in nodes:
        ids.append(n.id)
        ids.extend(_all_ids(n.criteria or []))
    return ids


def _compile_rules(scheme: LoadedScheme, out: Collector, skip_duplicate_ids: bool = False) -> dict[str, CompiledRule]:
    rules: dict[str, CompiledRule] = {}
    ids = _all_ids(scheme.model.areas)
    duplicated = {i for i in ids if ids.count(i) > 1} if skip_duplicate_ids else set()
    for info in scheme.leaves():
        if info.id in duplicated:
            continue  # which of the twins is meant is unknown until the id is fixed
        ctx = CompileContext(scheme, info, out)
        raw = info.node.rule or {}
        kind_name = raw.get("kind")
        if not isinstance(kind_name, str):
            ctx.err("missing_field", (), 'rule needs a "kind" (' + ", ".join(sorted(KINDS)) + ")")
            continue
        cls = KINDS.get(kind_name)
        if cls is None:
            ctx.err("unknown_rule_kind", ("kind",), f'unknown rule kind "{kind_name}"{suggest(kind_name, KINDS)}',
                    f"không có loại quy tắc «{kind_name}»{suggest(kind_name, KINDS, 'vi')}")
            continue
        params_cls = cls.params
        try:
            params = params_cls.model_validate(raw)
        except ValidationError as exc:
            rule_raw = _rule_raw(scheme, info)
            before = len(out.items)
            pydantic_diagnostics(exc, rule_raw if rule_raw is not None else raw, scheme.file,
                                 params_cls.model_fields, out)
            # prefix messages with the node for context
            out.items[before:] = [type(d)(d.code, d.loc, f'node "{info.id}" rule: {d.message}') for d in out.items[before:]]
            continue
        compiled = cls.compile(ctx, params)
        if compiled is not None:
            best = normalize(compiled.highest)
            if best < compiled.max:
                ctx.err("max_unreachable", ("kind",),
                        f"max is {compiled.max} but the most any evidence can earn under this rule is {best}; "
                        f"lower max to {best} or let the rule pay {compiled.max}",
                        f"điểm tối đa là {compiled.max} nhưng quy tắc này cao nhất chỉ cho {best} điểm; "
                        f"hạ điểm tối đa xuống {best} hoặc sửa quy tắc để cho đủ {compiled.max} điểm")
                continue
            rules[info.id] = compiled
    return rules
