"""Evidence a unit submits, survey results, and (in ``appraisal``) a reviewer's changes."""
from typing import TYPE_CHECKING

_LAZY = {
    "build_submission": ".load", "load_evidence": ".load", "load_evidence_text": ".load", "parse_item": ".load",
    "Item": ".model", "Submission": ".model", "Unit": ".model",
    "SurveyResults": ".survey", "load_survey": ".survey", "load_survey_text": ".survey", "Document": ".values",
}
__all__ = sorted(_LAZY)

if TYPE_CHECKING:
    from .load import build_submission, load_evidence, load_evidence_text, parse_item  # noqa: F401
    from .model import Item, Submission, Unit  # noqa: F401
    from .survey import SurveyResults, load_survey, load_survey_text  # noqa: F401
    from .values import Document  # noqa: F401


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
