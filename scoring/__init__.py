"""Evaluation, explanation, reconciliation and reports."""
import os

# pydantic scans installed packages for plugins when the first model is built
# (~0.1 s of every command's start-up); parscore uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .evaluate import Override, score
from .results import NodeResult, ScoreResult, Total

__all__ = ["NodeResult", "Override", "ScoreResult", "Total", "score"]
