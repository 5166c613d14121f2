"""What earns points under a criterion's rule, in words, read from the scheme as written.

This only describes the scheme's parameters for the officer; the points always come
from the engine. Kinds without a description here show none (the explanation of
the current points is always there).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from scoring import i18n as fmt

_OPS = {"vi": {"ge": "từ {v} trở lên", "gt": "trên {v}", "le": "từ {v} trở xuống", "lt": "dưới {v}", "eq": "bằng {v}"},
        "en": {"ge": "{v} or more", "gt": "more than {v}", "le": "{v} or less", "lt": "less than {v}",
               "eq": "equal to {v}"}}
_T = {
    "vi": {"pts": "{p} điểm", "otherwise": "Còn lại: {p} điểm.", "check": "Có: {p} điểm; không: 0 điểm.",
           "check_all": "Cần đủ các nội dung đọc ở dưới: {p} điểm; thiếu một nội dung: 0 điểm.",
           "due": "Văn bản ban hành đến hết ngày {d}: {p} điểm.", "late_n": "Trễ không quá {n} ngày: {p} điểm.",
           "late": "Ban hành sau hạn: {p} điểm.", "manual": "Đơn vị tự chấm từ {lo} đến {hi} điểm, có giải trình.",
           "prop": "Điểm tỷ lệ với kết quả; đạt {t} được tối đa {p} điểm.", "band": "{cond}: {p} điểm.",
           "missing": "Không có tài liệu kiểm chứng: {p} điểm."},
    "en": {"pts": "{p} points", "otherwise": "Otherwise: {p} points.", "check": "Yes: {p} points; no: 0 points.",
           "check_all": "All the items below: {p} points; any missing: 0 points.",
           "due": "Issued by {d}: {p} points.", "late_n": "At most {n} days late: {p} points.",
           "late": "Issued after the deadline: {p} points.", "manual": "Self-scored from {lo} to {hi} points, "
           "with a justification.", "prop": "Points in proportion; reaching {t} earns the maximum {p} points.",
           "band": "{cond}: {p} points.", "missing": "Without evidence: {p} points."},
}


def _n(v: Any, lang: str) -> str:
    return fmt.num(v, lang)


def _date(v: Any, lang: str) -> str:
    return fmt.date(v, lang) if isinstance(v, dt.date) else str(v)


def rule_lines(info, compiled, lang: str) -> list[str]:
    rule = info.node.rule or {}
    t, mx = _T[lang], info.node.max
    kind = rule.get("kind")
    lines: list[str] = []
    if kind == "check":
        lines.append((t["check_all"] if "all" in rule else t["check"]).format(p=_n(mx, lang)))
    elif kind == "deadline":
        lines.append(t["due"].format(d=_date(rule.get("due"), lang), p=_n(mx, lang)))
        late = rule.get("late")
        if isinstance(late, list):
            for step in late:
                if isinstance(step, dict) and "within_days" in step:
                    lines.append(t["late_n"].format(n=step["within_days"], p=_n(step.get("points", 0), lang)))
        elif late is not None:
            lines.append(t["late"].format(p=_n(late, lang)))
    elif kind in ("bands", "tally"):
        unit = ""
        key = rule.get("evidence")
        spec = compiled.scheme.model.evidence.get(key) if isinstance(key, str) else None
        if spec is not None and spec.unit:
            unit = "%" if spec.unit == "%" else f" {spec.unit}"
        for band in rule.get("bands") or []:
            if not isinstance(band, dict):
                continue
            conds = [_OPS[lang][op].format(v=_n(band[op], lang) + unit) for op in ("ge", "gt", "le", "lt", "eq")
                     if op in band]
            if conds and "points" in band:
                lines.append(t["band"].format(cond="; ".join(conds).capitalize(), p=_n(band["points"], lang)))
        if "otherwise" in rule:
            lines.append(t["otherwise"].format(p=_n(rule["otherwise"], lang)))
    elif kind == "manual":
        lines.append(t["manual"].format(lo=_n(info.min, lang), hi=_n(mx, lang)))
    elif kind == "proportional" and "target" in rule:
        lines.append(t["prop"].format(t=_n(rule["target"], lang), p=_n(mx, lang)))
    if "missing_points" in rule:
        lines.append(t["missing"].format(p=_n(rule["missing_points"], lang)))
    return lines
