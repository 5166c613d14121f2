"""Criteria schemes: loading, validation and the validated tree."""
from typing import TYPE_CHECKING

_LAZY = {
    "Collector": ".diagnostics", "Diagnostic": ".diagnostics", "InputError": ".diagnostics", "Loc": ".diagnostics",
    "suggest": ".diagnostics", "load_scheme": ".load", "load_scheme_text": ".load", "natural_key": ".load",
    "EvidenceSpec": ".models", "Node": ".models", "Scheme": ".models", "LoadedScheme": ".tree", "NodeInfo": ".tree",
    "per_object": ".tree", "rule_reads": ".tree",
}
__all__ = sorted(_LAZY)

if TYPE_CHECKING:
    from .diagnostics import Collector, Diagnostic, InputError, Loc, suggest  # noqa: F401
    from .load import load_scheme, load_scheme_text, natural_key  # noqa: F401
    from .models import EvidenceSpec, Node, Scheme  # noqa: F401
    from .tree import LoadedScheme, NodeInfo, per_object, rule_reads  # noqa: F401


def __getattr__(name: str):
    # Names are imported on first use (PEP 562): ``from package import Name`` loads only the
    # module that defines Name, not pydantic and every model (start-up of ``parscore --help``).
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
