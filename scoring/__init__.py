"""Evaluation, explanation, reconciliation and reports.

The embeddable API is ``prepare(scheme) -> Program`` and ``Program.evaluate(evidence)``
(``scoring/api.py``, docs/architecture.md).
"""
import os

# pydantic scans installed packages for plugins when the first model is built
# (~0.1 s of every command's start-up); parscore uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .api import Program, field_path, prepare
from .evaluate import Override, score
from .results import NodeResult, ScoreResult, Total

__version__ = "0.1.0"

__all__ = ["NodeResult", "Override", "Program", "ScoreResult", "Total", "__version__", "field_path", "prepare",
           "score"]
