"""Evidence a unit submits, survey results, and (in ``appraisal``) a reviewer's changes."""
from .load import build_submission, load_evidence, load_evidence_text, parse_item
from .model import Item, Submission, Unit
from .survey import SurveyResults, load_survey, load_survey_text
from .values import Document

__all__ = [
    "Document", "Item", "Submission", "SurveyResults", "Unit", "build_submission", "load_evidence",
    "load_evidence_text", "load_survey", "load_survey_text", "parse_item",
]
