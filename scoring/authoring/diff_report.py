"""Renderings of ``criteria diff``: text (≤ 100 columns), Markdown, JSON, XLSX."""
from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from criteria.xlsx_layout import CHOICES, HEADER_FIELDS, NODE_COLUMNS

from .. import i18n
from ..report.jsonout import dumps, to_plain
from .diff import Change, SchemeDiff, param_text
from .impact import Impact, UnitImpact

WHAT = {
    "vi": {"added": "thêm mới", "removed": "bỏ", "renumbered": "đổi mã", "moved": "chuyển sang tiêu chí cha khác",
           "title": "nội dung", "max": "điểm tối đa", "min": "điểm tối thiểu", "na": "khi không phát sinh",
           "bonus": "thưởng/trừ", "note": "hướng dẫn chấm", "kind": "cách chấm", "shape": "cấu trúc",
           "type": "loại", "better": "chiều tốt hơn", "unit": "đơn vị tính", "description": "mô tả",
           "fixed": "không thay đổi được",
           "level": "cấp", "year": "năm", "version": "phiên bản", "source": "văn bản ban hành", "deadline": "hạn nộp",
           "period": "kỳ số liệu", "rounding": "làm tròn", "na_policy": "mặc định khi không phát sinh",
           "bands": "xếp loại", "id": "mã bộ tiêu chí"},
    "en": {"added": "added", "removed": "removed", "renumbered": "renumbered", "moved": "moved to another parent",
           "title": "title", "max": "max", "min": "min", "na": "N/A policy", "bonus": "bonus", "note": "note",
           "kind": "rule kind", "shape": "shape"},
}
PARAM_LABEL = {k: label for k, label in NODE_COLUMNS}
EXCLUDED = {"vi": "không phát sinh: loại khỏi tối đa", "en": "N/A: out of the maximum"}
HEADER_LABEL = {k: label.lower() for k, label in HEADER_FIELDS}
EVIDENCE_LABEL = {"title": "tên tài liệu", "type": "loại", "better": "chiều tốt hơn", "unit": "đơn vị tính",
                  "description": "mô tả", "fixed": "không thay đổi được"}


def what_label(c: Change, lang: str) -> str:
    if c.what.startswith("param:"):
        key = c.what[6:]
        label = PARAM_LABEL.get(key, PARAM_LABEL.get(f"ratio.{key}", key))
        if key == "ratio":
            label = "Tỷ lệ (ratio)" if lang == "vi" else "ratio"
        return label if lang == "vi" else key
    if lang != "vi":
        return WHAT["en"].get(c.what, c.what)
    if c.scope == "header" and c.what in HEADER_LABEL:
        return HEADER_LABEL[c.what]
    if c.scope == "evidence" and c.what in EVIDENCE_LABEL:
        return EVIDENCE_LABEL[c.what]
    return WHAT["vi"].get(c.what, c.what)


def show(c: Change, value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if c.what.startswith("param:"):
        return param_text(c.what[6:], value)
    if c.what in ("added", "removed") and isinstance(value, dict) and "max" in value:
        parent = value.get("parent")
        head = f"«{value['title']}», {'tối đa' if lang == 'vi' else 'max'} {i18n.num(value['max'], lang)}"
        return head + (f", {'thuộc' if lang == 'vi' else 'under'} {parent}" if parent else "")
    if c.what in ("added", "removed") and isinstance(value, dict):
        return f"{value.get('type')}: «{value.get('title')}»"
    if c.what in ("na", "na_policy", "level", "kind", "type", "better") and isinstance(value, str):
        table = CHOICES.get({"na_policy": "na"}.get(c.what, c.what), {})
        return table.get(value, value) if lang == "vi" else value
    if isinstance(value, bool):
        return i18n.yes_no(value, lang)
    if isinstance(value, (int, Decimal)):
        return i18n.num(value, lang)
    if hasattr(value, "strftime"):
        return i18n.date(value, lang)
    if isinstance(value, list):
        return "; ".join(f"{i18n.num(b['min'], lang)}: {b['label']}" if isinstance(b, dict) and "label" in b
                         else str(b) for b in value)
    if isinstance(value, dict) and "from" in value:
        return f"{i18n.date(value['from'], lang)} – {i18n.date(value['to'], lang)}"
    return str(value)


def _change_line(c: Change, lang: str) -> str:
    if c.what in ("added", "removed"):
        return f"{what_label(c, lang)}: {show(c, c.new if c.what == 'added' else c.old, lang)}"
    return f"{what_label(c, lang)}: {show(c, c.old, lang)} → {show(c, c.new, lang)}"


def _signed(v: Decimal | None, lang: str) -> str:
    """An index change with two decimals and its sign (+0,25; −2,50)."""
    if v is None:
        return "—"
    text = i18n.index(abs(v), lang)
    return ("+" if v > 0 else "−" if v < 0 else "") + text


def _band(u: UnitImpact, lang: str) -> str:
    none = "không xếp loại" if lang == "vi" else "unclassified"
    a, b = u.old_band or none, u.new_band or none
    return a if a == b else f"{a} → {b}"


def _causes(u: UnitImpact, lang: str, n: int = 3) -> str:
    parts = [f"{nid} {i18n.signed(d, lang)}" + (f" ({EXCLUDED[lang]})" if nid in u.excluded else "")
             for nid, d in u.causes[:n]]
    if len(u.causes) > n:
        parts.append(f"+{len(u.causes) - n}")
    return "; ".join(parts) or "—"


def render_diff(d: SchemeDiff, impact: Impact | None, fmt: str, lang: str) -> str | bytes:
    if fmt == "json":
        return dumps(diff_json(d, impact))
    if fmt == "xlsx":
        from .diff_xlsx import diff_workbook
        return diff_workbook(d, impact, lang)
    return _markdown(d, impact, lang) if fmt == "md" else _text(d, impact, lang)


def _titles(lang: str) -> dict:
    vi = lang == "vi"
    return {"head": "So sánh bộ tiêu chí" if vi else "Scheme comparison",
            "header": "Thông tin chung" if vi else "Header",
            "nodes": "Tiêu chí" if vi else "Criteria",
            "evidence": "Danh mục tài liệu kiểm chứng" if vi else "Evidence catalogue",
            "none": "Không có thay đổi." if vi else "No change.",
            "impact": "Tác động lên điểm của các đơn vị" if vi else "Score impact on the units",
            "moves": "Đơn vị đổi xếp loại" if vi else "Units that change band"}


def _text(d: SchemeDiff, impact: Impact | None, lang: str) -> str:
    t = _titles(lang)
    out = [f"{t['head']} {d.old_id} v{d.old_version} → {d.new_id} v{d.new_version}",
           f"sha256 {d.old_sha256[:12]}… → {d.new_sha256[:12]}…", ""]
    for scope in ("header", "nodes", "evidence"):
        items = d.of("node" if scope == "nodes" else scope)
        out.append(f"{t[scope]} ({len(items)})")
        if not items:
            out.append(f"  {t['none']}")
        width = min(max([len(c.node) for c in items] + [8]), 30)
        for c in items:
            out.extend(textwrap.wrap(_change_line(c, lang), width=100, initial_indent=f"  {c.node:<{width}}  ",
                                     subsequent_indent=" " * (width + 4)))
        out.append("")
    if impact is not None:
        out.extend(_impact_text(impact, lang))
    return "\n".join(out).rstrip("\n") + "\n"


def _impact_text(impact: Impact, lang: str) -> list[str]:
    t = _titles(lang)
    vi = lang == "vi"
    out = [f"{t['impact']} ({len(impact.units)}, {impact.folder})"]
    head = ("Đơn vị", "Chỉ số cũ", "mới", "chênh", "hạng", "xếp loại") if vi else \
        ("Unit", "Old index", "new", "change", "rank", "band")
    out.append(f"  {head[0]:<24} {head[1]:>9} {head[2]:>7} {head[3]:>7} {head[4]:>7}  {head[5]}")
    for u in impact.units:
        rank = f"{u.old_rank}→{u.new_rank}"
        line = (f"  {u.unit_id[:24]:<24} {i18n.index(u.old_index, lang):>9} {i18n.index(u.new_index, lang):>7} "
                f"{_signed(u.delta, lang):>7} {rank:>7}  {_band(u, lang)}")
        out.append(line[:100])
        cause = ("do: " if vi else "from: ") + _causes(u, lang)
        out.extend(textwrap.wrap(cause, width=100, initial_indent=" " * 4, subsequent_indent=" " * 8))
        if u.dropped:
            lost = ("tài liệu không còn trong bộ mới: " if vi else "keys the new scheme drops: ") + ", ".join(u.dropped)
            out.extend(textwrap.wrap(lost, width=100, initial_indent=" " * 4, subsequent_indent=" " * 8))
    moves = impact.band_moves()
    out.append("")
    out.append(f"{t['moves']}: {len(moves)}")
    for u in moves:
        out.append(f"  {u.unit_id}: {_band(u, lang)} ({_signed(u.delta, lang)})"[:100])
    for name, err in impact.failed:
        out.extend(textwrap.wrap(f"{'không chấm được' if vi else 'not scored'} {name}: {err}", width=100,
                                 initial_indent="  ", subsequent_indent="    "))
    return out


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(d: SchemeDiff, impact: Impact | None, lang: str) -> str:
    t = _titles(lang)
    vi = lang == "vi"
    out = [f"# {t['head']} {d.old_id} v{d.old_version} → {d.new_id} v{d.new_version}", ""]
    cols = ("Mã", "Thay đổi", "Cũ", "Mới") if vi else ("Id", "Change", "Old", "New")
    for scope in ("header", "nodes", "evidence"):
        items = d.of("node" if scope == "nodes" else scope)
        out += [f"## {t[scope]}", ""]
        if not items:
            out += [t["none"], ""]
            continue
        out += [f"| {' | '.join(cols)} |", "|---|---|---|---|"]
        for c in items:
            out.append(f"| {c.node} | {_md_cell(what_label(c, lang))} | {_md_cell(show(c, c.old, lang))} | "
                       f"{_md_cell(show(c, c.new, lang))} |")
        out.append("")
    if impact is not None:
        out += [f"## {t['impact']}", ""]
        h = ("Đơn vị", "Chỉ số cũ", "Chỉ số mới", "Chênh lệch", "Hạng", "Xếp loại", "Do các tiêu chí") if vi else \
            ("Unit", "Old index", "New index", "Change", "Rank", "Band", "Caused by")
        out += [f"| {' | '.join(h)} |", "|---|---:|---:|---:|---|---|---|"]
        for u in impact.units:
            out.append(f"| {u.unit_id} | {i18n.index(u.old_index, lang)} | {i18n.index(u.new_index, lang)} | "
                       f"{_signed(u.delta, lang)} | {u.old_rank} → {u.new_rank} | {_md_cell(_band(u, lang))} | "
                       f"{_md_cell(_causes(u, lang, 5))} |")
        out.append("")
    return "\n".join(out)


def diff_json(d: SchemeDiff, impact: Impact | None) -> dict:
    data: dict = {"old": {"id": d.old_id, "version": d.old_version, "sha256": d.old_sha256},
                  "new": {"id": d.new_id, "version": d.new_version, "sha256": d.new_sha256},
                  "changes": [{"scope": c.scope, "id": c.node, "what": c.what, "old": to_plain(c.old),
                               "new": to_plain(c.new)} for c in d.changes]}
    if impact is not None:
        data["impact"] = {"units": [{
            "unit": u.unit_id, "name": u.name, "file": u.file,
            "old": {"points": u.old_points, "max": u.old_max, "index": u.old_index, "band": u.old_band,
                    "rank": u.old_rank},
            "new": {"points": u.new_points, "max": u.new_max, "index": u.new_index, "band": u.new_band,
                    "rank": u.new_rank},
            "index_change": u.delta, "causes": [{"id": n, "points": p} for n, p in u.causes],
            "dropped_evidence": list(u.dropped)} for u in impact.units],
            "failed": [{"file": f, "error": e} for f, e in impact.failed]}
    return data
