"""Rule kinds, compilation and branch matching (durable_rules behind one adapter)."""
from typing import TYPE_CHECKING

_LAZY = {
    # KINDS is read from .compile, which imports every kind (the registry is full once imported)
    "KINDS": ".compile", "Branch": ".base", "CompiledRule": ".base", "Event": ".base", "Input": ".base",
    "ManualScore": ".base", "Outcome": ".base", "SurveyScore": ".base",
    "CompiledScheme": ".compile", "compile_scheme": ".compile", "load_and_compile": ".compile",
    "load_and_compile_text": ".compile", "Matcher": ".matcher", "PythonMatcher": ".matcher", "get_matcher": ".matcher",
}
__all__ = sorted(_LAZY)

if TYPE_CHECKING:
    from .base import Branch, CompiledRule, Event, Input, ManualScore, Outcome, SurveyScore  # noqa: F401
    from .compile import KINDS, CompiledScheme, compile_scheme, load_and_compile, load_and_compile_text  # noqa: F401
    from .matcher import Matcher, PythonMatcher, get_matcher  # noqa: F401


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
