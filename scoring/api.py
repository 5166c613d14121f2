"""The embeddable engine: ``prepare`` a scheme once, ``evaluate`` many units.

In the style of cel-python's compile → program → evaluate and OPA's
``PrepareForEval``::

    from scoring import prepare
    program = prepare("criteria/data/mau-xa-2024.yaml")     # load + validate + compile, once
    result = program.evaluate("evidence/data/phuong-1-tay-ninh-2024.yaml")
    result.total.points, result.total.index, result.nodes["1.1.1"].status

A ``Program`` is immutable and holds everything that does not depend on the
unit: the compiled scheme, its matcher and its evaluation plan. Evidence and
survey results are given as a file path (YAML, or an ``.xlsx`` evidence form) or
as a mapping of the same shape as the YAML file; either way they go through the
same validator, so the same facts give byte-identical results through every
channel. Bad input raises ``criteria.InputError`` whose ``diagnostics`` lists
every problem with its location; ``Program.check_evidence`` returns them
instead of raising (a web form shows each beside its field).

Locations of problems in a mapping: ``loc.file`` is the name given (default
``<evidence>``), ``loc.cell`` the dotted path of the field (``evidence.ke_hoach_cchc.date``,
list items by index: ``evidence.x.documents.0.date``), ``loc.line`` the field's
position in the mapping's order (so sorted diagnostics keep the form's order).
Use ``field_path(diagnostic)`` to get the path as a tuple.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Union

from criteria import Diagnostic, InputError, Loc
from criteria.yamlsrc import YDict, YList
from evidence import Submission, SurveyResults, load_evidence, load_survey
from evidence.load import build_submission
from evidence.survey import build_survey
from rules import CompiledScheme, Matcher, get_matcher
from rules.compile import load_and_compile, load_and_compile_text
from rules.numbers import CONTEXT

from .results import NodeResult, ScoreResult, Total

Source = Union[str, Path, Mapping[str, Any]]

__all__ = ["Diagnostic", "InputError", "NodeResult", "Program", "ScoreResult", "Total", "field_path", "prepare"]


def prepare(scheme: str | Path | CompiledScheme, matcher: str = "durable") -> "Program":
    """Load, validate and compile a criteria scheme once; raise ``InputError`` listing every problem.

    ``scheme`` is a path (``Path``, or a ``str`` without a line break that does not
    start with ``{``) or the YAML text itself (a ``str`` with a line break or a flow
    mapping), or an already compiled scheme. ``matcher`` is ``"durable"`` (the
    default: durable_rules selects the branches) or ``"python"`` (the plain-Python
    oracle over the same conditions); anything else is ``ValueError``.
    """
    if isinstance(scheme, CompiledScheme):
        compiled = scheme
    elif isinstance(scheme, str) and ("\n" in scheme or scheme.lstrip().startswith("{")):
        compiled = load_and_compile_text(scheme)
    elif isinstance(scheme, (str, Path)):
        compiled = load_and_compile(scheme)
    else:
        raise TypeError(f"prepare() takes a path, YAML text or a CompiledScheme, not {type(scheme).__name__}")
    return Program(compiled, get_matcher(matcher))


@dataclass(frozen=True, eq=False)
class Program:
    """A prepared scheme: evaluate units against it, from any number of threads.

    Build one with ``prepare``. Nothing in it changes after construction.
    """

    compiled: CompiledScheme
    matcher: Matcher
    titles: Mapping[str, str] = field(init=False)             # node id → title, scheme order
    evidence_titles: Mapping[str, str] = field(init=False)    # evidence key → title, catalogue order

    def __post_init__(self) -> None:
        nodes = self.compiled.scheme.nodes
        object.__setattr__(self, "titles", MappingProxyType({nid: info.node.title for nid, info in nodes.items()}))
        object.__setattr__(self, "evidence_titles", MappingProxyType(
            {k: v.title for k, v in self.compiled.scheme.model.evidence.items()}))

    # ---- what the scheme is ---------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.compiled.scheme.model.id

    @property
    def sha256(self) -> str:
        return self.compiled.scheme.sha256

    @property
    def title(self) -> str:
        return self.compiled.scheme.model.title

    @property
    def version(self) -> str:
        return self.compiled.scheme.model.version

    @property
    def year(self) -> int:
        return self.compiled.scheme.model.year

    @property
    def deadline(self) -> dt.date | None:
        return self.compiled.scheme.model.deadline

    # ---- reading input --------------------------------------------------------------------
    def load_evidence(self, evidence: Source, what_if: Mapping[str, Any] | None = None,
                      name: str = "<evidence>") -> Submission:
        """A validated submission from a path or a mapping (``InputError`` on any problem).

        ``what_if`` replaces evidence values before validation: each entry is written
        as in the evidence file's ``evidence:`` section (a value, ``{value, documents}``,
        ``{na: true, reason}``…); ``None`` removes the key (treated as missing).
        """
        scheme = self.compiled.scheme
        if isinstance(evidence, Mapping):
            root = _located(evidence, name)
            file = name
        elif isinstance(evidence, (str, Path)):
            if not what_if:
                with localcontext(CONTEXT):
                    return load_evidence(evidence, scheme)
            if str(evidence).lower().endswith(".xlsx"):
                from evidence.xlsx import read_workbook
                root = read_workbook(evidence, scheme)
            else:
                from criteria.yamlsrc import read_yaml
                root = read_yaml(evidence)
            file = str(evidence)
        else:
            raise TypeError(f"evidence is a path or a mapping, not {type(evidence).__name__}")
        if what_if:
            root = _with_what_if(root, what_if, file)
        with localcontext(CONTEXT):
            return build_submission(root, file, scheme)

    def load_survey(self, survey: Source, unit_id: str | None = None, name: str = "<survey>") -> SurveyResults:
        """Validated survey results from a path or a mapping (``InputError`` on any problem)."""
        scheme = self.compiled.scheme
        with localcontext(CONTEXT):
            if isinstance(survey, Mapping):
                return build_survey(_located(survey, name), name, scheme, unit_id)
            if isinstance(survey, (str, Path)):
                return load_survey(survey, scheme, unit_id)
        raise TypeError(f"survey is a path or a mapping, not {type(survey).__name__}")

    def check_evidence(self, evidence: Source, name: str = "<evidence>") -> list[Diagnostic]:
        """Every problem of an evidence file or mapping, located; ``[]`` when it is valid. Never raises
        for bad input."""
        try:
            self.load_evidence(evidence, name=name)
        except InputError as exc:
            return list(exc.diagnostics)
        return []

    # ---- scoring --------------------------------------------------------------------------
    def evaluate(self, evidence: Source | Submission, survey: Source | SurveyResults | None = None,
                 what_if: Mapping[str, Any] | None = None) -> ScoreResult:
        """Score one unit; ``InputError`` when the evidence or survey is invalid.

        ``evidence``: a path, a mapping shaped like an evidence file, or a ``Submission``
        already loaded. ``survey``: likewise, or None (every survey criterion is then
        "chưa có kết quả khảo sát", excluded). ``what_if``: see ``load_evidence``.
        The result carries every title a renderer needs.
        """
        from .evaluate import score
        if isinstance(evidence, Submission):
            sub = evidence
            if what_if:
                raise TypeError("what_if needs the evidence as a path or a mapping, not a loaded Submission")
        else:
            sub = self.load_evidence(evidence, what_if)
        sv = survey if isinstance(survey, SurveyResults) or survey is None else self.load_survey(survey, sub.unit.id)
        return score(self.compiled, sub, sv, matcher=self.matcher)

    def __repr__(self) -> str:
        return f"<Program {self.id} v{self.version} sha256={self.sha256[:12]} matcher={self.matcher.name}>"


def field_path(diagnostic: Diagnostic) -> tuple[str, ...]:
    """The path of the field a diagnostic about a mapping names (``()`` for the whole mapping)."""
    cell = diagnostic.loc.cell
    return tuple(cell.split(".")) if cell else ()


# ---- mappings as located YAML trees -----------------------------------------------------------

def _located(value: Any, file: str) -> Any:
    """``value`` as the YAML reader would have produced it, each part located by its path.

    Values keep their types; a float becomes the Decimal of its shortest text (what a
    JSON form sent), a tuple a list. Anything else (an object, NaN) is left for the
    validator to reject as a bad value.
    """
    counter = [0]

    def loc(path: tuple) -> Loc:
        counter[0] += 1
        return Loc(file, counter[0], 0, ".".join(str(p) for p in path))

    def walk(v: Any, path: tuple, here: Loc) -> Any:
        if isinstance(v, Mapping):
            out = YDict()
            out.loc, out.key_locs = here, {}
            for k, x in v.items():
                kl = loc(path + (k,))
                out.key_locs[k] = kl
                out[k] = walk(x, path + (k,), kl)
            return out
        if isinstance(v, (list, tuple)):
            lst = YList()
            lst.loc, lst.item_locs = here, []
            for i, x in enumerate(v):
                il = loc(path + (i,))
                lst.item_locs.append(il)
                lst.append(walk(x, path + (i,), il))
            return lst
        if isinstance(v, float):
            d = Decimal(repr(v))
            return d if d.is_finite() else repr(v)
        if isinstance(v, dt.datetime):
            return v.isoformat()        # a timestamp with a time: rejected as a date, like YAML's
        return v

    return walk(value, (), Loc(file))


def _with_what_if(root: Any, what_if: Mapping[str, Any], file: str) -> Any:
    if not isinstance(root, dict):
        return root               # not an evidence mapping: the validator says so
    ev = root.get("evidence")
    merged = YDict()
    merged.loc = getattr(ev, "loc", getattr(root, "loc", Loc(file)))
    merged.key_locs = dict(getattr(ev, "key_locs", {}) or {})
    if isinstance(ev, dict):
        merged.update(ev)
    extra = _located({"evidence": dict(what_if)}, "<what-if>")["evidence"]
    for k, v in extra.items():
        if v is None:
            merged.pop(k, None)
            merged.key_locs.pop(k, None)
        else:
            merged[k] = v
            merged.key_locs[k] = extra.key_locs[k]
    out = YDict(root)
    out.loc = getattr(root, "loc", Loc(file))
    out.key_locs = dict(getattr(root, "key_locs", {}) or {})
    out["evidence"] = merged
    return out

