"""Load an evidence file against a scheme's catalogue; every error in one report.

Error codes (stable): evidence_unknown_key, evidence_bad_value, evidence_bad_date,
evidence_out_of_range, evidence_missing_field, evidence_unknown_field,
evidence_ratio_part_exceeds_whole, evidence_na_never, evidence_survey_in_unit_file,
evidence_manual_justification, evidence_manual_bounds, evidence_wrong_scheme,
evidence_bad_header.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from criteria import Collector, LoadedScheme, Loc, per_object, rule_reads, suggest
from criteria.load import pydantic_diagnostics
from criteria.yamlsrc import YDict, read_yaml, read_yaml_text, where
from rules.base import ManualScore

from .model import Item, Submission, Unit
from .office import derive, parse_office
from .values import (BadValue, Document, parse_bool, parse_count, parse_date, parse_number,
                     parse_percent, parse_text)

TOP_KEYS = ("unit", "criteria", "prepared_by", "date", "note", "office", "illustrative", "evidence")
DOC_KEYS = ("number", "date", "title", "file", "page")
COMMON = ("documents", "note", "illustrative")


def load_evidence(path: str | Path, scheme: LoadedScheme) -> Submission:
    """Read an evidence YAML file (or an .xlsx form) and validate it against ``scheme``."""
    if str(path).lower().endswith(".xlsx"):
        from .xlsx import read_workbook
        root = read_workbook(path, scheme)
    else:
        root = read_yaml(path)
    return build_submission(root, str(path), scheme)


def load_evidence_text(text: str, scheme: LoadedScheme, file: str = "<evidence>") -> Submission:
    return build_submission(read_yaml_text(text, file), file, scheme)


def build_submission(root: Any, file: str, scheme: LoadedScheme) -> Submission:
    out = Collector()
    base = Loc(file)
    if not isinstance(root, dict):
        out.add("evidence_bad_header", getattr(root, "loc", base), "an evidence file is a mapping with unit, criteria, evidence")
        out.check()
    for key in root:
        if key not in TOP_KEYS:
            out.add("evidence_unknown_field", where(root, key, base),
                    f'unknown top-level key "{key}"{suggest(str(key), TOP_KEYS)}',
                    f"khóa «{key}» không có trong mẫu tệp{suggest(str(key), TOP_KEYS, 'vi')}")
    unit = None
    if "unit" not in root:
        out.add("evidence_missing_field", base, 'the file has no "unit" (id, name)',
                "tệp chưa khai đơn vị (unit: id, name)")
    else:
        try:
            unit = Unit.model_validate(root["unit"])
        except ValidationError as exc:
            pydantic_diagnostics(exc, root, file, Unit.model_fields, out, prefix=("unit",))
    crit = root.get("criteria")
    if crit is None:
        out.add("evidence_missing_field", base, f'the file has no "criteria" (the scheme id, "{scheme.id}")',
                f"tệp chưa ghi mã bộ tiêu chí (criteria: {scheme.id})")
    elif crit != scheme.id:
        out.add("evidence_wrong_scheme", where(root, "criteria", base),
                f'this evidence is for scheme "{crit}", not "{scheme.id}"',
                f"tệp này khai cho bộ tiêu chí «{crit}», không phải «{scheme.id}»")
    prepared_by = _text(root, "prepared_by", out, base)
    date = None
    if root.get("date") is not None:
        try:
            date = parse_date(root["date"])
        except BadValue as exc:
            out.add("evidence_bad_date", where(root, "date", base), f"date: {exc}", f"ngày lập: {exc.vi}")
    items: dict[str, Item] = {}
    ev = root.get("evidence")
    if ev is None:
        ev = {}
    if not isinstance(ev, dict):
        out.add("evidence_bad_value", where(root, "evidence", base), '"evidence" must be a mapping of catalogue keys')
        ev = {}
    catalogue = scheme.model.evidence
    key_locs = ev.key_locs if isinstance(ev, YDict) else None
    ev_loc = getattr(ev, "loc", base)
    for key, raw in ev.items():
        loc = key_locs.get(key, ev_loc) if key_locs is not None else ev_loc      # where(ev, key, base)
        spec = catalogue.get(key)
        if spec is not None and not isinstance(raw, dict):
            parser = _PARSERS.get(spec.type)
            if parser is not None:   # the common case, a plain value; any problem takes the long way
                try:
                    items[key] = Item(key, spec.type, parser(raw), loc=loc)
                    continue
                except BadValue:
                    pass
        if spec is None:
            out.add("evidence_unknown_key", loc, f'"{key}" is not in the catalogue of "{scheme.id}"{suggest(str(key), catalogue)}',
                    f"«{key}» không có trong danh mục tài liệu kiểm chứng của «{scheme.id}»"
                    f"{suggest(str(key), catalogue, 'vi')}")
            continue
        if spec.type == "survey":
            out.add("evidence_survey_in_unit_file", loc,
                    f'"{key}" is a survey result: it belongs in a survey file (--survey), not in the unit\'s evidence',
                    f"«{key}» là kết quả khảo sát: do cơ quan khảo sát cung cấp trong tệp khảo sát (--survey), "
                    "đơn vị không tự khai")
            continue
        item = parse_item(key, spec.type, raw, loc, out)
        if item is not None:
            items[key] = item
    _mark_illustrative(root, ev, items, base, out)
    cross_checks(items, scheme, out)
    office = None
    if "office" in root and unit is not None:
        office = parse_office(root["office"], where(root, "office", base), derive(unit.name, unit.province), out)
    out.check()
    assert unit is not None
    return Submission(file=file, unit=unit, criteria=scheme.id, prepared_by=prepared_by, items=items, date=date,
                      office=office)


def _text(root: dict, key: str, out: Collector, base: Loc) -> str | None:
    try:
        return parse_text(root.get(key), key)
    except BadValue as exc:
        out.add("evidence_bad_value", where(root, key, base), str(exc))
        return None


def parse_item(key: str, etype: str, raw: Any, loc: Loc, out: Collector) -> Item | None:
    """One catalogue entry's value, typed; errors go to ``out`` and return None."""
    if not isinstance(raw, dict):
        parser = _PARSERS.get(etype)
        if parser is not None:          # the common case: a plain value; any problem takes the long way
            try:
                return Item(key, etype, parser(raw), loc=loc)
            except BadValue:
                pass
    errors_before = len(out.items)

    def bad(code: str, at: Loc, msg: str, vi: str = "") -> None:
        out.add(code, at, f"{key}: {msg}", f"{key}: {vi}" if vi else "")

    def sub(field: str) -> Loc:
        return where(raw, field, loc)

    if isinstance(raw, dict) and "na" in raw:
        allowed = ("na", "reason") + COMMON
        for f in raw:
            if f not in allowed:
                bad("evidence_unknown_field", sub(f), f'unknown field "{f}" in a "không phát sinh" entry{suggest(str(f), allowed)}')
        if raw.get("na") is not True:
            bad("evidence_bad_value", sub("na"), 'na must be true (leave the key out when the evidence is missing)')
        reason = _field_text(raw, "reason", bad, sub)
        docs = parse_documents(raw.get("documents"), sub("documents"), bad, need_date=False)
        if len(out.items) > errors_before:
            return None
        return Item(key, etype, None, na=True, reason=reason, documents=docs,
                    note=_field_text(raw, "note", bad, sub), loc=loc)

    if etype == "document":
        if not isinstance(raw, dict):
            bad("evidence_bad_value", loc, "a document is written as {number, date, title}",
                "văn bản ghi dạng {number: số, date: ngày, title: trích yếu}")
            return None
        for f in raw:
            if f not in DOC_KEYS + COMMON:
                bad("evidence_unknown_field", sub(f), f'unknown field "{f}"{suggest(str(f), DOC_KEYS + COMMON)}',
                    f"trường «{f}» không có trong mẫu{suggest(str(f), DOC_KEYS + COMMON, 'vi')}")
        if raw.get("date") is None:
            bad("evidence_missing_field", loc, "a document needs its date (dd/mm/yyyy)",
                "văn bản phải có ngày ban hành (dd/mm/yyyy)")
            return None
        own = parse_document(raw, loc, bad, need_date=True)
        extra = parse_documents(raw.get("documents"), sub("documents"), bad, need_date=False)
        if own is None or len(out.items) > errors_before:
            return None
        return Item(key, etype, own.date, documents=(own,) + extra,
                    note=_field_text(raw, "note", bad, sub), loc=loc)

    if etype == "manual":
        if not isinstance(raw, dict):
            bad("evidence_bad_value", loc, "a manual score is written as {points, justification}")
            return None
        allowed = ("points", "justification") + COMMON
        for f in raw:
            if f not in allowed:
                bad("evidence_unknown_field", sub(f), f'unknown field "{f}"{suggest(str(f), allowed)}')
        if "points" not in raw:
            bad("evidence_missing_field", loc, "a manual score needs points", "tự chấm điểm phải ghi số điểm (points)")
            return None
        try:
            points = parse_number(raw["points"], "a number of points")
        except BadValue as exc:
            bad("evidence_bad_value", sub("points"), str(exc), exc.vi)
            return None
        justification = _field_text(raw, "justification", bad, sub)
        docs = parse_documents(raw.get("documents"), sub("documents"), bad, need_date=False)
        if len(out.items) > errors_before:
            return None
        if not justification:
            # the item is still returned so cross_checks report its bounds too; the file is rejected anyway
            bad("evidence_manual_justification", loc, "a manual score needs a justification (giải trình cách chấm)",
                "tự chấm điểm phải có giải trình cách chấm (justification)")
        return Item(key, etype, ManualScore(points, justification or ""), documents=docs,
                    note=_field_text(raw, "note", bad, sub), loc=loc)

    value_raw, vloc, docs, note = raw, loc, (), None
    if isinstance(raw, dict):
        allowed = ("value",) + COMMON
        for f in raw:
            if f not in allowed:
                bad("evidence_unknown_field", sub(f), f'unknown field "{f}"{suggest(str(f), allowed)}')
        if "value" not in raw:
            bad("evidence_missing_field", loc, "write the value as value: …")
            return None
        value_raw, vloc = raw["value"], sub("value")
        docs = parse_documents(raw.get("documents"), sub("documents"), bad, need_date=False)
        note = _field_text(raw, "note", bad, sub)
    parser = _PARSERS[etype]
    try:
        value = parser(value_raw)
    except BadValue as exc:
        code = "evidence_bad_date" if etype == "date" else (
            "evidence_out_of_range" if "outside" in str(exc) or "negative" in str(exc) or "too large" in str(exc)
            else "evidence_bad_value")
        bad(code, vloc, f"expected {_expected(etype)}: {exc}", f"cần {_EXPECTED_VI[etype]}: {exc.vi}")
        return None
    if len(out.items) > errors_before:
        return None
    return Item(key, etype, value, documents=docs, note=note, loc=loc)


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "date": parse_date, "boolean": parse_bool, "count": parse_count,
    "percent": parse_percent, "number": parse_number,
}


_EXPECTED_VI = {"date": "một ngày", "boolean": "có/không (true/false)", "count": "số nguyên từ 0 trở lên",
                "percent": "tỷ lệ từ 0 đến 100", "number": "một số"}


def _expected(etype: str) -> str:
    return {"date": "a date", "boolean": "true or false", "count": "a whole number ≥ 0",
            "percent": "a percent 0..100", "number": "a number"}[etype]


def _field_text(raw: dict, field: str, bad, sub) -> str | None:
    try:
        return parse_text(raw.get(field), field)
    except BadValue as exc:
        bad("evidence_bad_value", sub(field), str(exc))
        return None


def parse_document(raw: Any, loc: Loc, bad, need_date: bool) -> Document | None:
    if not isinstance(raw, dict):
        bad("evidence_bad_value", loc, "a document is written as {number, date, title}")
        return None
    date = None
    if raw.get("date") is not None:
        try:
            date = parse_date(raw["date"])
        except BadValue as exc:
            bad("evidence_bad_date", where(raw, "date", loc), str(exc), exc.vi)
            return None
    elif need_date:
        bad("evidence_missing_field", loc, "a document needs its date")
        return None
    try:
        return Document(parse_text(raw.get("number"), "number"), date, parse_text(raw.get("title"), "title"),
                        parse_text(raw.get("file"), "file"), parse_text(raw.get("page"), "page"))
    except BadValue as exc:
        bad("evidence_bad_value", loc, str(exc))
        return None


def parse_documents(raw: Any, loc: Loc, bad, need_date: bool) -> tuple[Document, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        bad("evidence_bad_value", loc, "documents must be a list of {number, date, title}")
        return ()
    docs = []
    for i, d in enumerate(raw):
        dloc = where(raw, i, loc)
        if isinstance(d, dict):
            for f in d:
                if f not in DOC_KEYS:
                    bad("evidence_unknown_field", where(d, f, dloc), f'unknown document field "{f}"{suggest(str(f), DOC_KEYS)}')
        doc = parse_document(d, dloc, bad, need_date)
        if doc is not None:
            docs.append(doc)
    return tuple(docs)


def _mark_illustrative(root: dict, ev: dict, items: dict[str, Item], base: Loc, out: Collector) -> None:
    """``illustrative: true`` on an entry, or at the top for every entry that does not say ``false``."""
    everything = root.get("illustrative")
    if everything is not None and not isinstance(everything, bool):
        out.add("evidence_bad_value", where(root, "illustrative", base), "illustrative must be true or false",
                "illustrative ghi true hoặc false")
    for key, item in list(items.items()):
        raw = ev.get(key)
        own = raw.get("illustrative") if isinstance(raw, dict) else None
        if own is not None and not isinstance(own, bool):
            out.add("evidence_bad_value", where(raw, "illustrative", base), f"{key}: illustrative must be true or false",
                    f"{key}: illustrative ghi true hoặc false")
            continue
        if own if own is not None else everything is True:
            items[key] = dataclasses.replace(item, illustrative=True)


def cross_checks(items: dict[str, Item], scheme: LoadedScheme, out: Collector) -> None:
    """Checks that need the scheme's rules: na: never, manual bounds, ratio parts."""
    for info, keys, of_key, to_key in _check_plan(scheme):
        reads = [k for k in keys if k in items]
        for key in reads:
            item = items[key]
            if item.na and info.na == "never":
                out.add("evidence_na_never", item.loc,
                        f'{key}: "không phát sinh" is not accepted for criterion {info.id} ({info.node.title})',
                        f"{key}: tiêu chí {info.id} ({info.node.title}) không chấp nhận «không phát sinh»")
            if item.type == "manual" and not item.na:
                pts = item.value.points
                if not info.min <= pts <= info.node.max:
                    out.add("evidence_manual_bounds", item.loc,
                            f"{key}: {pts} points is outside criterion {info.id}'s bounds [{info.min}, {info.node.max}]",
                            f"{key}: {pts} điểm nằm ngoài khung điểm của tiêu chí {info.id} "
                            f"(từ {info.min} đến {info.node.max})")
        if of_key is not _NO_RATIO:
            of, to = items.get(of_key), items.get(to_key)
            if of and to and not of.na and not to.na and of.value > to.value:
                out.add("evidence_ratio_part_exceeds_whole", of.loc,
                        f'{of.key} = {of.value} is more than {to.key} = {to.value} (criterion {info.id} reads {of.key} ÷ {to.key})',
                        f"{of.key} = {of.value} lớn hơn tổng số {to.key} = {to.value} "
                        f"(tiêu chí {info.id} tính tỷ lệ {of.key} ÷ {to.key})")


_NO_RATIO = object()
_CHECK_PLANS: dict[int, tuple[LoadedScheme, tuple]] = {}


def _check_plan(scheme: LoadedScheme) -> tuple:
    """Per leaf that has something to check (na: never, a manual key, a ratio): (info, keys it
    reads, ratio "of" key, ratio "to" key) — read once per scheme.

    A leaf without a ``ratio`` mapping has ``_NO_RATIO`` as its "of" key; a ratio key that
    is not written is None (``items.get(None)`` finds nothing), as when read per unit.
    """
    return per_object(_CHECK_PLANS, scheme, _read_check_plan)


def _read_check_plan(scheme: LoadedScheme) -> tuple:
    plan = []
    for info in scheme.leaves():
        rule = info.node.rule or {}
        ratio = rule.get("ratio")
        if isinstance(ratio, dict):
            of_key, to_key = ratio.get("of"), ratio.get("to")
        else:
            of_key, to_key = _NO_RATIO, None
        keys = rule_reads(rule)
        catalogue = scheme.model.evidence
        manual = any(k in catalogue and catalogue[k].type == "manual" for k in keys)
        if info.na == "never" or manual or of_key is not _NO_RATIO:     # otherwise nothing to check
            plan.append((info, keys, of_key, to_key))
    return tuple(plan)
