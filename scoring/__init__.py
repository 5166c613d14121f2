"""Evaluation, explanation, reconciliation and reports."""
from .evaluate import Override, score
from .results import NodeResult, ScoreResult, Total

__all__ = ["NodeResult", "Override", "ScoreResult", "Total", "score"]
