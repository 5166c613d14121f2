"""Rule kinds, compilation and branch matching (durable_rules behind one adapter)."""
from .base import KINDS, Branch, CompiledRule, Event, Input, ManualScore, Outcome, SurveyScore
from .compile import CompiledScheme, compile_scheme, load_and_compile, load_and_compile_text
from .matcher import Matcher, PythonMatcher, get_matcher

__all__ = [
    "KINDS", "Branch", "CompiledRule", "CompiledScheme", "Event", "Input", "ManualScore", "Matcher",
    "Outcome", "PythonMatcher", "SurveyScore", "compile_scheme", "get_matcher", "load_and_compile",
    "load_and_compile_text",
]
