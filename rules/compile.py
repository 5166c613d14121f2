"""Compile a loaded scheme: every rule's parameters checked, branches built, once.

``compile_scheme`` either returns an immutable ``CompiledScheme`` or raises
``InputError`` listing every rule problem (unknown kind with a suggestion,
bad parameters, wrong evidence types, bands or parameters that would pay more
for worse evidence).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from pydantic import ValidationError

from criteria import Collector, InputError, LoadedScheme, suggest
from criteria.load import pydantic_diagnostics

from . import kinds as _kinds  # noqa: F401  (fills the registry)
from .base import KINDS, CompiledRule
from .context import CompileContext, _rule_raw


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


def compile_scheme(scheme: LoadedScheme) -> CompiledScheme:
    out = Collector()
    rules: dict[str, CompiledRule] = {}
    for info in scheme.leaves():
        ctx = CompileContext(scheme, info, out)
        raw = info.node.rule or {}
        kind_name = raw.get("kind")
        if not isinstance(kind_name, str):
            ctx.err("missing_field", (), 'rule needs a "kind" (' + ", ".join(sorted(KINDS)) + ")")
            continue
        cls = KINDS.get(kind_name)
        if cls is None:
            ctx.err("unknown_rule_kind", ("kind",), f'unknown rule kind "{kind_name}"{suggest(kind_name, KINDS)}')
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
            rules[info.id] = compiled
    out.check()
    return CompiledScheme(scheme=scheme, rules=MappingProxyType(rules))
