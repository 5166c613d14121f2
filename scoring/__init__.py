"""Evaluation, explanation, reconciliation and reports.

The embeddable API is ``prepare(scheme) -> Program`` and ``Program.evaluate(evidence)``
(``scoring/api.py``, docs/architecture.md). Importing the package has no side
effects: names are imported when first used (so ``parscore``'s entry can set up
its own process first), no environment variable, allocator or collector setting
is touched.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "prepare": ".api", "Program": ".api", "field_path": ".api",
    "score": ".evaluate", "Override": ".evaluate",
    "NodeResult": ".results", "ScoreResult": ".results", "Total": ".results",
}

__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:
    from .api import Program as Program, field_path as field_path, prepare as prepare
    from .evaluate import Override as Override, score as score
    from .results import NodeResult as NodeResult, ScoreResult as ScoreResult, Total as Total


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value
