"""Criteria schemes: loading, validation and the validated tree."""
from .diagnostics import Collector, Diagnostic, InputError, Loc, suggest
from .load import load_scheme, load_scheme_text, natural_key
from .models import EvidenceSpec, Node, Scheme
from .tree import LoadedScheme, NodeInfo, per_object, rule_reads

__all__ = [
    "Collector", "Diagnostic", "EvidenceSpec", "InputError", "LoadedScheme", "Loc", "Node",
    "NodeInfo", "Scheme", "load_scheme", "load_scheme_text", "natural_key", "per_object", "rule_reads", "suggest",
]
