"""``parscore gains`` in words: each proposal as a change the unit can make, and what fixed facts cost.

Suggested values are stated as the condition the rule sets («đạt từ 90% trở lên»),
never as an invented figure; a missing figure is "to declare", flagged assumed;
a fixed fact still missing is "the actual figure to declare", with its best case.
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from rules.numbers import percent_of, round_step

from . import i18n

if TYPE_CHECKING:
    from evidence import Submission
    from rules import CompiledScheme

    from .gains import Cost, Gain
    from .results import ScoreResult

_T = {
    "vi": {
        "head": "Cơ hội tăng điểm — {unit}",
        "draft": "Bản nháp: phiếu chưa điền mã đơn vị, tên đơn vị (xem `parscore check`).",
        "when": "Hạn nộp {deadline}, hôm nay {today}. Điểm hiện tại: {points} / {max} điểm (chỉ số {index}%).",
        "when_nodl": "Hôm nay {today}. Điểm hiện tại: {points} / {max} điểm (chỉ số {index}%).",
        "late": "Đã quá hạn nộp: không đề xuất ban hành thêm văn bản.",
        "none": "Không tìm thấy việc nào đơn vị còn làm được để tăng điểm.",
        "line": "{i}. +{gain} điểm — {id} {title} ({before} → {after} / {max}): {what}.",
        "upto": "{i}. tối đa +{gain} điểm — {id} {title} ({before} → {after} / {max}): {what}.",
        "also": " Cũng tăng: {ids}.",
        "note": ("Mỗi mức tăng được tính bằng cách chấm lại toàn bộ hồ sơ sau thay đổi; "
                 "các đề xuất cùng một số liệu không cộng dồn."),
        "costs": "Điểm mất do sự việc đã xảy ra (không thể thay đổi trước hạn nộp, không đề xuất):",
        "cost": "{i}. −{points} điểm — {id} {title}: {facts}.",
        "to_true": "«{t}»: chuyển từ không sang có (thực hiện và kê khai tài liệu kiểm chứng)",
        "add_true": "kê khai «{t}» = có, kèm tài liệu kiểm chứng (giả định là có)",
        "ratio": "«{t}» {a}/{n} = {p}%: {verb} → {b}/{n} = {q}%",
        "more": "thêm {d}{u}", "fewer": "bớt {d}{u}",
        "reach": "«{t}» hiện {a}: cần đạt {cond}",
        "reach_new": "kê khai «{t}» (cần đạt {cond}; chưa có số liệu)",
        "count_more": "«{t}» {a} → {b} (thêm {d}{u})",
        "supply": "kê khai «{t}» (giả định {b})",
        "supply_ratio": "kê khai «{of}» và «{to}» (tỷ lệ cần đạt {cond}; chưa có số liệu)",
        "supply_to": "kê khai «{t}» (nếu bằng {b}: tỷ lệ {cond})",
        "fact": "kê khai số liệu thực tế «{t}» (sự việc đã xảy ra, không giả định; được tối đa nếu {cond})",
        "none_cases": "không có trường hợp nào", "yes": "có",
        "fact_ratio": ("kê khai số liệu thực tế «{of}» và «{to}» (sự việc đã xảy ra, không giả định; "
                       "được tối đa nếu tỷ lệ {cond})"),
        "per_item": "kê khai «{t}» (mỗi{u} được {per} điểm)", "item": "trường hợp",
        "issue": "ban hành «{t}» ngay hôm nay ({d}) và kê khai số, ngày văn bản",
        "do_today": "thực hiện ngay hôm nay ({d}) và kê khai «{t}»",
        "manual": "tự chấm «{t}» {b} điểm kèm giải trình (giả định mức tối đa)",
        "target": " (đạt {target} được tối đa)",
        "ge": "từ {v} trở lên", "gt": "trên {v}", "le": "không quá {v}", "lt": "dưới {v}", "eq": "đúng {v}",
        "and": " và ", "fact_value": "«{t}» = {v}",
    },
    "en": {
        "head": "Where points can still be gained — {unit}",
        "draft": "Draft: the form's unit id and name are not filled in (see `parscore check`).",
        "when": "Deadline {deadline}, today {today}. Current score: {points} / {max} points (index {index}%).",
        "when_nodl": "Today {today}. Current score: {points} / {max} points (index {index}%).",
        "late": "The deadline has passed: no new documents are proposed.",
        "none": "Nothing the unit can still do raises the score.",
        "line": "{i}. +{gain} points — {id} {title} ({before} → {after} / {max}): {what}.",
        "upto": "{i}. up to +{gain} points — {id} {title} ({before} → {after} / {max}): {what}.",
        "also": " Also raises: {ids}.",
        "note": "Every gain comes from scoring the whole submission again after the change; "
                "proposals touching the same figure do not add up.",
        "costs": "Points lost to facts that already happened (cannot change before the deadline, not proposed):",
        "cost": "{i}. −{points} points — {id} {title}: {facts}.",
        "to_true": "\"{t}\": from no to yes (do it and declare the evidence)",
        "add_true": "declare \"{t}\" = yes with its evidence (assumed yes)",
        "ratio": "\"{t}\" {a}/{n} = {p}%: {verb} → {b}/{n} = {q}%",
        "more": "{d} more{u}", "fewer": "{d} fewer{u}",
        "reach": "\"{t}\" is {a}: needs {cond}",
        "reach_new": "declare \"{t}\" (needs {cond}; no figure yet)",
        "count_more": "\"{t}\" {a} → {b} ({d} more{u})",
        "supply": "declare \"{t}\" (assumed {b})",
        "supply_ratio": "declare \"{of}\" and \"{to}\" (the ratio needs {cond}; no figures yet)",
        "supply_to": "declare \"{t}\" (if it is {b}: ratio {cond})",
        "fact": "declare the actual figure \"{t}\" (a past fact, not assumed; full points if {cond})",
        "none_cases": "there were no cases", "yes": "yes",
        "fact_ratio": ("declare the actual figures \"{of}\" and \"{to}\" (past facts, not assumed; "
                       "full points if the ratio is {cond})"),
        "per_item": "declare \"{t}\" ({per} points per{u})", "item": "item",
        "issue": "issue \"{t}\" today ({d}) and declare its number and date",
        "do_today": "do it today ({d}) and declare \"{t}\"",
        "manual": "self-score \"{t}\" {b} points with a justification (assumed maximum)",
        "target": " (reaching {target} earns the maximum)",
        "ge": "at least {v}", "gt": "more than {v}", "le": "at most {v}", "lt": "less than {v}", "eq": "exactly {v}",
        "and": " and ", "fact_value": "\"{t}\" = {v}",
    },
}


def condition(rule, value, lang: str, pct: str = "", count: bool = False) -> str:
    """What ``value`` satisfies in the rule's own terms: the band it reaches, or the level it is at.

    ``bands``: the tests of the first band ``value`` reaches («từ 90% trở lên»);
    ``proportional``: «từ {value} trở lên» (the level a rounding step needs).
    """
    t = _T[lang]
    n = lambda v: i18n.num(v, lang) + pct  # noqa: E731
    if rule.kind == "bands":
        for tests, _ in rule.band_tests:
            if all(_holds(op, Fraction(value), Fraction(th)) for op, th in tests):
                if count and len(tests) == 1 and tests[0][0] in ("le", "eq") and tests[0][1] == 0:
                    return t["none_cases"]
                return t["and"].join(t[op].format(v=n(th)) for op, th in tests)
    if isinstance(value, Fraction):   # a ratio's percent: shown to 2 decimals, rounded up to stay sufficient
        value = Decimal(math.ceil(value * 100)) / 100
    return t["ge"].format(v=n(value))


def _holds(op: str, v, th) -> bool:
    return {"ge": v >= th, "gt": v > th, "le": v <= th, "lt": v < th, "eq": v == th}[op]


def describe(g: Gain, compiled: CompiledScheme, lang: str, today: dt.date) -> str:
    """The change of one proposal in words: what to do, and the level it needs (never an invented figure)."""
    t = _T[lang]
    spec = compiled.scheme.model.evidence
    n = lambda v: i18n.num(v, lang)  # noqa: E731
    rule = compiled.rules[g.node]
    parts = []
    src = getattr(rule, "source", None)
    ratio = src is not None and src.key is None
    both_missing = ratio and len(g.changes) == 2 and all(c.before is None for c in g.changes)
    if both_missing:
        vals = {c.key: c.after.value for c in g.changes}
        cond = condition(rule, _pct_of(vals[src.of], vals[src.to]), lang, "%")
        key = "fact_ratio" if any(c.fact for c in g.changes) else "supply_ratio"
        return t[key].format(of=spec[src.of].title, to=spec[src.to].title, cond=cond)
    for c in g.changes:
        s = spec[c.key]
        title = s.title
        unit = f" {s.unit}" if s.unit and s.unit != "%" else ""
        pct = "%" if s.type == "percent" else ""
        after = c.after.value
        if rule.kind == "deadline":
            parts.append(t["issue" if s.type == "document" else "do_today"].format(t=title, d=i18n.date(today, lang)))
        elif rule.kind == "manual":
            parts.append(t["manual"].format(t=title, b=n(after.points)))
        elif c.fact:
            if rule.kind == "deduction":
                cond = t["none_cases"]
            elif isinstance(after, bool):
                cond = t["yes"]
            elif rule.kind in ("bands", "proportional"):
                cond = condition(rule, _pct_of(after, g.context.get(src.to)) if ratio else after, lang,
                                 "%" if ratio or s.type == "percent" else "", count=s.type == "count")
            else:
                cond = n(after)
            parts.append(t["fact"].format(t=title, cond=cond))
        elif rule.kind == "count" and c.before is None:
            parts.append(t["per_item"].format(t=title, u=unit or " " + t["item"], per=n(rule.per)))
        elif isinstance(after, bool):
            parts.append(t["add_true" if c.before is None else "to_true"].format(t=title))
        elif ratio and c.key == src.of and c.before is not None:
            a, b, whole = c.before.value, after, g.context.get(src.to)
            verb = t["more" if b > a else "fewer"].format(d=n(abs(b - a)), u=unit)
            parts.append(t["ratio"].format(t=title, a=n(a), b=n(b), n=n(whole), verb=verb,
                                           p=i18n.index(_pct2(a, whole), lang), q=i18n.index(_pct2(b, whole), lang)))
        elif ratio and c.key == src.to and c.before is None and len(g.changes) == 1:
            of_value = g.context.get(src.of)
            parts.append(t["supply_to"].format(t=title, b=n(after), cond=condition(rule, _pct_of(of_value, after),
                                                                                    lang, "%")))
        elif ratio and c.key == src.of and c.before is None and len(g.changes) == 1:
            whole = g.context.get(src.to)
            parts.append(t["reach_new"].format(t=title, cond=f"{condition(rule, after, lang)}{unit} / {n(whole)}"))
        elif rule.kind in ("bands", "proportional") and not ratio:
            cond = condition(rule, after, lang, pct, count=s.type == "count")
            if c.before is None:
                parts.append(t["reach_new"].format(t=title, cond=cond))
            else:
                parts.append(t["reach"].format(t=title, a=n(c.before.value) + pct, cond=cond))
        elif c.before is None:
            parts.append(t["supply"].format(t=title, b=n(after) + pct + unit))
        else:
            a = c.before.value
            parts.append(t["count_more"].format(t=title, a=n(a), b=n(after), d=n(abs(after - a)), u=unit))
    text = "; ".join(parts)
    if g.target is not None and g.after < rule.max:
        pct = src.key is None or spec[src.key].type == "percent"
        text += t["target"].format(target=n(g.target) + ("%" if pct else ""))
    return text


def describe_cost(c: Cost, base: ScoreResult, compiled: CompiledScheme, sub: Submission, lang: str) -> str:
    t = _T[lang]
    spec = compiled.scheme.model.evidence
    facts = []
    for k in c.keys:
        item = sub.items.get(k)
        if item is None:
            continue
        v = item.value
        shown = i18n.yes_no(v, lang) if isinstance(v, bool) else i18n.num(v, lang) + (
            "%" if spec[k].type == "percent" else "")
        facts.append(t["fact_value"].format(t=spec[k].title, v=shown))
    return "; ".join(facts)


def gains_text(found: list[Gain], base: ScoreResult, compiled: CompiledScheme, lang: str, today: dt.date,
               draft: bool = False, costs: list[Cost] = (), sub: Submission | None = None) -> str:
    t = _T[lang]
    m = compiled.scheme.model
    tot = base.total
    kw = dict(today=i18n.date(today, lang), points=i18n.num(tot.points, lang), max=i18n.num(tot.max, lang),
              index=i18n.index(tot.index, lang))
    out = [t["head"].format(unit=base.unit_name)]
    if draft:
        out.append(t["draft"])
    out.append(t["when"].format(deadline=i18n.date(m.deadline, lang), **kw) if m.deadline else t["when_nodl"].format(**kw))
    if m.deadline and today > m.deadline:
        out.append(t["late"])
    out.append("")
    if not found:
        out.append(t["none"])
    width = len(str(len(found)))
    for i, g in enumerate(found, start=1):
        node = base.nodes[g.node]
        line = t["upto" if any(c.fact for c in g.changes) else "line"].format(
            i=f"{i:>{width}}", gain=i18n.num(g.points, lang), id=g.node, title=node.title,
            before=i18n.num(g.before, lang), after=i18n.num(g.after, lang),
            max=i18n.num(node.max, lang), what=describe(g, compiled, lang, today))
        others = [x for x in g.nodes if x != g.node]
        if others:
            line += t["also"].format(ids=", ".join(others))
        out.append(line)
    if costs and sub is not None:
        out += ["", t["costs"]]
        width = len(str(len(costs)))
        for i, c in enumerate(costs, start=1):
            out.append(t["cost"].format(i=f"{i:>{width}}", points=i18n.num(c.points, lang), id=c.node,
                                        title=base.nodes[c.node].title,
                                        facts=describe_cost(c, base, compiled, sub, lang)))
    out += ["", t["note"], ""]
    return "\n".join(out)


def gains_json(found: list[Gain], base: ScoreResult, compiled: CompiledScheme, lang: str, today: dt.date,
               draft: bool = False, costs: list[Cost] = (), sub: Submission | None = None) -> dict:
    from .report.jsonout import to_plain
    return {
        "criteria": {"id": base.scheme_id, "version": base.scheme_version},
        "unit": {"id": None, "name": None} if draft else {"id": base.unit_id, "name": base.unit_name},
        "draft": draft,
        "today": today.isoformat(),
        "deadline": compiled.scheme.model.deadline.isoformat() if compiled.scheme.model.deadline else None,
        "total": {"points": base.total.points, "max": base.total.max, "index": base.total.index},
        "gains": [{"node": g.node, "title": base.nodes[g.node].title, "points": g.points,
                   "up_to": any(c.fact for c in g.changes),
                   "node_points": {"before": g.before, "after": g.after}, "nodes": list(g.nodes),
                   "changes": [{"key": c.key, "before": to_plain(c.before.value) if c.before else None,
                                "after": to_plain(c.after.value), "assumed": c.assumed, "fact": c.fact}
                               for c in g.changes],
                   "text": describe(g, compiled, lang, today)} for g in found],
        "fixed_costs": [{"node": c.node, "title": base.nodes[c.node].title, "points": c.points,
                         "keys": list(c.keys),
                         "values": {k: to_plain(sub.items[k].value) for k in c.keys if sub and k in sub.items},
                         "text": describe_cost(c, base, compiled, sub, lang) if sub else ""} for c in costs],
    }


def _pct_of(part, whole):
    return percent_of(part, whole) if whole else None


def _pct2(part, whole) -> Decimal | None:
    return round_step(percent_of(part, whole), Decimal("0.01")) if whole else None
