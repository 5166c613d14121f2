"""The ONE module of the web layer that calls the scoring engine.

Everything the workspace shows about points comes from here, through the engine's
public functions: the web layer turns what officers typed into the mapping shape of
an evidence YAML file and hands it to the same validator that reads YAML and XLSX
files, so the same facts give the same result through every channel.

When ``scoring.prepare`` (the embeddable API) lands, the bodies of ``prepare`` and
``check`` switch to it here and nowhere else.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any, Mapping

from criteria import InputError, Loc
from criteria.diagnostics import Diagnostic
from criteria.yamlsrc import YDict, YList
from evidence.load import build_submission
from rules import CompiledScheme
from rules.compile import load_and_compile_text
from scoring import ScoreResult, score

WEB_FILE = "web"          # the "file" name of web-entered evidence in diagnostics
_LOCK = threading.Lock()
_COMPILED: dict[str, CompiledScheme] = {}


@dataclass(frozen=True)
class Problem:
    """One diagnostic of the engine, located at a form field (``field`` = "key.part…")."""
    code: str
    field: str
    message: str          # English
    vi: str               # Vietnamese (the loader's wording, or the code's headline)

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.message


def engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("parscore")
    except PackageNotFoundError:
        return "0"


def prepare(source: str, sha256: str, filename: str = "criteria.yaml") -> CompiledScheme:
    """The compiled scheme of a stored scheme version (compiled once per process)."""
    got = _COMPILED.get(sha256)
    if got is None:
        with _LOCK:
            got = _COMPILED.get(sha256)
            if got is None:
                got = load_and_compile_text(source, filename)
                if len(_COMPILED) >= 16:
                    _COMPILED.clear()
                _COMPILED[sha256] = got
    return got


def check_scheme(source: str, filename: str) -> tuple[CompiledScheme | None, list[Diagnostic]]:
    """A criteria file as uploaded: compiled, or every error with its line."""
    try:
        return load_and_compile_text(source, filename), []
    except InputError as exc:
        return None, list(exc.diagnostics)


def _vi(d: Diagnostic) -> str:
    from scoring.errors_vi import headline
    head = headline(d.code)
    detail = d.vi or d.message
    return f"{head} — {detail}" if head and not d.vi else detail


def _field(loc: Loc) -> str:
    return loc.cell if loc.file == WEB_FILE else ""


def located(diags: list[Diagnostic]) -> list[Problem]:
    return [Problem(d.code, _field(d.loc), d.message, _vi(d)) for d in diags]


def _ydict(items: Mapping[str, Any], where: str) -> YDict:
    """A mapping whose keys carry their form-field name as their position."""
    out = YDict(items)
    out.loc = Loc(WEB_FILE, 1, 1, where)
    out.key_locs = {k: Loc(WEB_FILE, 1, 1, f"{where}.{k}" if where else k) for k in items}
    return out


def _located(value: Any, where: str) -> Any:
    if isinstance(value, dict):
        return _ydict({k: _located(v, f"{where}.{k}" if where else k) for k, v in value.items()}, where)
    if isinstance(value, list):
        out = YList(_located(v, f"{where}.{i}") for i, v in enumerate(value))
        out.loc = Loc(WEB_FILE, 1, 1, where)
        out.item_locs = [Loc(WEB_FILE, 1, 1, f"{where}.{i}") for i in range(len(value))]
        return out
    return value


def evidence_root(unit: Mapping[str, Any], scheme_id: str, evidence: Mapping[str, Any],
                  prepared_by: str | None = None) -> YDict:
    """The mapping shape of an evidence file, each entry positioned at its form field."""
    root: dict[str, Any] = {"unit": dict(unit), "criteria": scheme_id}
    if prepared_by:
        root["prepared_by"] = prepared_by
    top = _ydict(root, "")
    ev = _ydict({k: _located(v, k) for k, v in evidence.items()}, "")
    top["evidence"] = ev
    top.key_locs["evidence"] = Loc(WEB_FILE, 1, 1, "")
    return top


def check(compiled: CompiledScheme, root: Any, file: str = WEB_FILE):
    """Validate an evidence mapping (never raises): (Submission, []) or (None, problems)."""
    try:
        return build_submission(root, file, compiled.scheme), []
    except InputError as exc:
        return None, located(list(exc.diagnostics))


def evaluate(compiled: CompiledScheme, submission) -> ScoreResult:
    return score(compiled, submission, None)


def titles(compiled: CompiledScheme) -> dict[str, str]:
    return {k: v.title for k, v in compiled.scheme.model.evidence.items()}


def result_json(compiled: CompiledScheme, result: ScoreResult, lang: str = "vi") -> str:
    from scoring.report import dumps
    from scoring.report import result_json as as_json
    return dumps(as_json(result, titles(compiled), lang))


def explainer(compiled: CompiledScheme, lang: str):
    from scoring.explain import Explainer
    return Explainer(titles(compiled), lang)


def readiness(compiled: CompiledScheme, submission, today: dt.date):
    from scoring.readiness import readiness as ready
    return ready(compiled, submission, None, today)


def readiness_message(issue, compiled: CompiledScheme, lang: str) -> str:
    from scoring.readiness import message
    return message(issue, titles(compiled), lang)


def gains(compiled: CompiledScheme, submission, today: dt.date, base: ScoreResult, lang: str, limit: int = 5):
    """The top proposals of ``gains``: (gain, its description) pairs."""
    from scoring.cli_officer import describe
    from scoring.gains import gains as find
    found = find(compiled, submission, None, today, base=base)[:limit]
    return [(g, describe(g, compiled, lang, today)) for g in found]


def report(compiled: CompiledScheme, submission, result: ScoreResult, lang: str, fmt: str) -> bytes:
    from scoring.report.submission import build
    rep = build(result, submission, compiled.scheme, lang, None)
    if fmt == "xlsx":
        from scoring.report.xlsx_submission import render_xlsx
        return render_xlsx(rep)
    from scoring.report.html_submission import render_html
    return render_html(rep).encode("utf-8")


def blank_form_xlsx(compiled: CompiledScheme, lang: str) -> bytes:
    from scoring.report.xlsx_form import render_form_xlsx
    return render_form_xlsx(compiled.scheme, lang)


def read_xlsx(compiled: CompiledScheme, path: str, shown_name: str):
    """A filled evidence workbook read by the engine's importer: (raw mapping, []) or (None, problems)."""
    from evidence.xlsx import read_workbook
    try:
        root = read_workbook(path, compiled.scheme)
        build_submission(root, shown_name, compiled.scheme)
        return root, []
    except InputError as exc:
        return None, located(list(exc.diagnostics))
