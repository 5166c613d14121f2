"""Survey files: results the province measures; the unit never scores these itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from criteria import Collector, LoadedScheme, Loc, per_object, suggest
from criteria.yamlsrc import read_yaml, read_yaml_text, where
from rules.base import SurveyScore
from rules.kinds.survey import DEFAULT_SCALE

from .values import BadValue, parse_count, parse_percent, parse_text

HEADER_KEYS = ("unit", "criteria", "by", "date")


@dataclass(frozen=True)
class SurveyResults:
    file: str
    unit: str
    criteria: str
    by: str | None
    results: Mapping[str, SurveyScore] = field(default_factory=dict)


def load_survey(path: str | Path, scheme: LoadedScheme, unit_id: str | None = None) -> SurveyResults:
    return build_survey(read_yaml(path), str(path), scheme, unit_id)


def load_survey_text(text: str, scheme: LoadedScheme, unit_id: str | None = None,
                     file: str = "<survey>") -> SurveyResults:
    return build_survey(read_yaml_text(text, file), file, scheme, unit_id)


_SCALES: dict[int, tuple] = {}


def _scales(scheme: LoadedScheme) -> dict[str, dict[str, Decimal]]:
    """Answer scale per survey key, read once per scheme (a batch builds a survey per unit)."""
    return per_object(_SCALES, scheme, _read_scales)


def _read_scales(scheme: LoadedScheme) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for info in scheme.leaves():
        rule = info.node.rule or {}
        if rule.get("kind") == "survey" and isinstance(rule.get("evidence"), str):
            scale = rule.get("scale")
            out[rule["evidence"]] = dict(scale) if isinstance(scale, dict) else dict(DEFAULT_SCALE)
    return out


def build_survey(root: Any, file: str, scheme: LoadedScheme, unit_id: str | None) -> SurveyResults:
    out = Collector()
    base = Loc(file)
    if not isinstance(root, dict) or not isinstance(root.get("survey"), dict):
        out.add("survey_bad_header", getattr(root, "loc", base), 'a survey file starts with "survey: {unit, criteria, by}"',
                "tệp khảo sát phải bắt đầu bằng «survey: {unit, criteria, by}» (đơn vị, bộ tiêu chí, cơ quan khảo sát)")
        out.check()
    for key in root:
        if key not in ("survey", "results"):
            out.add("survey_unknown_field", where(root, key, base),
                    f'unknown top-level key "{key}"{suggest(str(key), ("survey", "results"))}',
                    f"khóa «{key}» không có trong mẫu tệp{suggest(str(key), ('survey', 'results'), 'vi')}")
    head = root["survey"]
    for key in head:
        if key not in HEADER_KEYS:
            out.add("survey_unknown_field", where(head, key, base),
                    f'unknown key "{key}" in survey{suggest(str(key), HEADER_KEYS)}',
                    f"khóa «{key}» không có trong phần survey{suggest(str(key), HEADER_KEYS, 'vi')}")
    if head.get("criteria") != scheme.id:
        out.add("survey_wrong_scheme", where(head, "criteria", base),
                f'this survey is for scheme "{head.get("criteria")}", not "{scheme.id}"',
                f"tệp khảo sát này cho bộ tiêu chí «{head.get('criteria')}», không phải «{scheme.id}»")
    unit = head.get("unit")
    if not isinstance(unit, str):
        out.add("survey_bad_header", where(head, "unit", base), "survey.unit must name the unit id",
                "survey.unit phải ghi mã đơn vị được khảo sát")
    elif unit_id is not None and unit != unit_id:
        out.add("survey_wrong_unit", where(head, "unit", base), f'this survey is for unit "{unit}", not "{unit_id}"',
                f"tệp khảo sát này của đơn vị «{unit}», không phải «{unit_id}»")
    try:
        by = parse_text(head.get("by"), "by")
    except BadValue as exc:
        out.add("survey_bad_header", where(head, "by", base), str(exc), exc.vi)
        by = None
    scales = _scales(scheme)
    results: dict[str, SurveyScore] = {}
    raw = root.get("results") or {}
    if not isinstance(raw, dict):
        out.add("survey_bad_value", where(root, "results", base), "results must be a mapping of survey keys",
                "results phải là danh sách «mã khảo sát: kết quả»")
        raw = {}
    for key, value in raw.items():
        loc = where(raw, key, base)
        spec = scheme.model.evidence.get(key)
        if spec is None or spec.type != "survey":
            known = [k for k, s in scheme.model.evidence.items() if s.type == "survey"]
            out.add("survey_unknown_key", loc, f'"{key}" is not a survey key of "{scheme.id}"{suggest(str(key), known)}',
                    f"«{key}» không phải mã khảo sát của bộ tiêu chí «{scheme.id}»{suggest(str(key), known, 'vi')}")
            continue
        if isinstance(value, dict):
            scale = scales.get(key, DEFAULT_SCALE)
            counts: dict[str, int] = {}
            for answer, n in value.items():
                aloc = where(value, answer, loc)
                if str(answer) not in scale:
                    out.add("survey_unknown_answer", aloc,
                            f'{key}: answer "{answer}" is not in the scale ({", ".join(scale)})',
                            f"{key}: mức trả lời «{answer}» không có trong thang đo ({', '.join(scale)})")
                    continue
                try:
                    counts[str(answer)] = parse_count(n)
                except BadValue as exc:
                    out.add("survey_bad_value", aloc, f"{key}.{answer}: {exc}", f"{key}.{answer}: {exc.vi}")
            if counts and sum(counts.values()) == 0:
                out.add("survey_bad_value", loc, f"{key}: no answers counted", f"{key}: chưa có phiếu trả lời nào")
                continue
            if counts:
                results[key] = SurveyScore(counts=counts)
        else:
            try:
                results[key] = SurveyScore(percent=parse_percent(value))
            except BadValue as exc:
                out.add("survey_bad_value", loc, f"{key}: expected a percent 0..100 or answer counts: {exc}",
                        f"{key}: cần tỷ lệ từ 0 đến 100 hoặc số phiếu theo từng mức trả lời: {exc.vi}")
    out.check()
    return SurveyResults(file=file, unit=str(unit), criteria=scheme.id, by=by, results=results)
