"""Render trace events as sentences (Vietnamese or English). The evaluator never writes prose."""
from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from rules.base import Event
from rules.numbers import CONTEXT, engine_context

from . import i18n
from .i18n import OPS, num

_T = {
    "vi": {
        "rule": "Tiêu chí {node}: quy tắc «{kind}» (dòng {line} của tệp tiêu chí).",
        "read": "Đọc «{title}» ({key}) = {value}.",
        "doc": "TLKC: {doc}.",
        "check": "«{title}»: {value}.",
        "deadline_on": "Ngày văn bản {date}, hạn {due}: đúng hạn.",
        "deadline_late": "Ngày văn bản {date}, hạn {due}: trễ {days} ngày.",
        "date_on": "Ngày {date}, hạn {due}: đúng hạn.",
        "date_late": "Ngày {date}, hạn {due}: trễ {days} ngày.",
        "band_test": "Mức {band} ({tests} → {points} điểm): {verdict}.",
        "band_yes": "đạt", "band_no": "chưa đạt",
        "value": "Giá trị «{title}» = {value}.",
        "ratio": "Tỷ lệ = {of} / {to} × 100 {eq} {percent}%.",
        "prop": "Điểm = {max} × {value} / {target} {eq} {raw} → làm tròn theo bước {step}: {points} điểm.",
        "prop_full": "Đạt mục tiêu ≥ {target} → tối đa {points} điểm.",
        "floor": "Dưới ngưỡng {zero_below} → {points} điểm.",
        "deduct": "Điểm = {start} − {per} × {count} = {raw}{floored} → {points} điểm.",
        "floored": " (không thấp hơn mức tối thiểu)",
        "tally": "Điểm = {per} × {count} = {raw}{capped} → {points} điểm.",
        "capped": " (tối đa {max})",
        "manual": "Đơn vị tự chấm {points} điểm; giải trình: {justification}",
        "survey": "Kết quả khảo sát «{title}»: {percent}%{counts} × {max} / 100 → {points} điểm.",
        "survey_counts": " (phiếu {counts})",
        "survey_absent": "Chưa có kết quả khảo sát «{title}».",
        "survey_excluded": "Tiêu chí chưa tính vào điểm tối đa ({max} điểm) cho đến khi có kết quả.",
        "na": "«{title}» không phát sinh{reason}.",
        "na_zero": "Mẫu số «{title}» = 0: không phát sinh.",
        "na_whatif": "Giả định không phát sinh (xem thử của tổ thẩm định).",
        "na_full": "Không phát sinh → đạt tối đa {points} điểm.",
        "na_excluded": "Không phát sinh → không tính tiêu chí này ({max} điểm) vào điểm tối đa.",
        "na_refused": "Tiêu chí không chấp nhận «không phát sinh» → {points} điểm.",
        "missing": "Thiếu tài liệu kiểm chứng: {titles} → {points} điểm ({at_stake} điểm có thể mất).",
        "missing_decided": "Thiếu tài liệu kiểm chứng: {titles}; kết quả đã được quyết định bởi tài liệu đã có.",
        "error": "Lỗi khi chấm: {message} → {points} điểm.",
        "branch": "Kết quả: {points} điểm.",
        "next_band": "Mức tốt hơn: {tests} → {points} điểm.",
        "next_by_date": "Nếu ban hành đúng hạn ({due}) → {points} điểm.",
        "next_check": "Nếu {titles} → {points} điểm.",
        "next_fewer": "Nếu giảm còn {count} trường hợp → {points} điểm.",
        "next_more": "Nếu đạt {count} → {points} điểm.",
        "next_reach": "Nếu đạt ≥ {threshold} → {points} điểm.",
        "next_none": "Quy tắc không có mức nào trả điểm cao hơn.",
        "override": "Tổ thẩm định cho {points} điểm (thay cho {from_}): {reason}",
        "sum": "Tổng các tiêu chí con: {parts} = {points} / {max} điểm.",
        "true_for": "«{t}» = có",
        "doc_number": "số {n}", "doc_date": "ngày {d}", "doc_page": "{p}", "doc_file": "tệp {f}",
        "no_number": "(chưa có số)",
        "illustrative": " (số liệu minh họa)",
    },
    "en": {
        "rule": "Criterion {node}: rule \"{kind}\" (line {line} of the criteria file).",
        "read": "Read \"{title}\" ({key}) = {value}.",
        "doc": "Evidence: {doc}.",
        "check": "\"{title}\": {value}.",
        "deadline_on": "Document dated {date}, due {due}: on time.",
        "deadline_late": "Document dated {date}, due {due}: {days} days late.",
        "date_on": "Date {date}, due {due}: on time.",
        "date_late": "Date {date}, due {due}: {days} days late.",
        "band_test": "Band {band} ({tests} → {points} points): {verdict}.",
        "band_yes": "reached", "band_no": "not reached",
        "value": "Value of \"{title}\" = {value}.",
        "ratio": "Ratio = {of} / {to} × 100 {eq} {percent}%.",
        "prop": "Points = {max} × {value} / {target} {eq} {raw} → rounded to {step}: {points} points.",
        "prop_full": "Target ≥ {target} reached → full {points} points.",
        "floor": "Below the floor {zero_below} → {points} points.",
        "deduct": "Points = {start} − {per} × {count} = {raw}{floored} → {points} points.",
        "floored": " (not below the minimum)",
        "tally": "Points = {per} × {count} = {raw}{capped} → {points} points.",
        "capped": " (at most {max})",
        "manual": "Self-scored {points} points; justification: {justification}",
        "survey": "Survey result \"{title}\": {percent}%{counts} × {max} / 100 → {points} points.",
        "survey_counts": " (answers {counts})",
        "survey_absent": "No survey result for \"{title}\" yet.",
        "survey_excluded": "The criterion ({max} points) is left out of the maximum until results arrive.",
        "na": "\"{title}\" did not occur{reason}.",
        "na_zero": "Denominator \"{title}\" = 0: not applicable.",
        "na_whatif": "Assumed not applicable (reviewer what-if).",
        "na_full": "Not applicable → full {points} points.",
        "na_excluded": "Not applicable → this criterion ({max} points) is left out of the maximum.",
        "na_refused": "This criterion does not accept \"not applicable\" → {points} points.",
        "missing": "Missing evidence: {titles} → {points} points ({at_stake} points at stake).",
        "missing_decided": "Missing evidence: {titles}; the evidence present already decides the outcome.",
        "error": "Scoring error: {message} → {points} points.",
        "branch": "Result: {points} points.",
        "next_band": "Next better band: {tests} → {points} points.",
        "next_by_date": "Issued on time (by {due}) → {points} points.",
        "next_check": "If {titles} → {points} points.",
        "next_fewer": "With {count} cases or fewer → {points} points.",
        "next_more": "With {count} → {points} points.",
        "next_reach": "Reaching ≥ {threshold} → {points} points.",
        "next_none": "No branch of this rule pays more.",
        "override": "Appraisal gives {points} points (instead of {from_}): {reason}",
        "sum": "Sum of sub-criteria: {parts} = {points} / {max} points.",
        "true_for": "\"{t}\" = yes",
        "doc_number": "no. {n}", "doc_date": "dated {d}", "doc_page": "{p}", "doc_file": "file {f}",
        "no_number": "(no number)",
        "illustrative": " (illustrative figure)",
    },
}


class Explainer:
    """Turns events into sentences; ``titles`` maps evidence keys to their titles."""

    def __init__(self, titles: Mapping[str, str], lang: str = "vi"):
        self.titles = titles
        self.lang = lang
        self.t = _T[lang]
        self.types: dict[str, str] = {}   # evidence key → type, from the read events seen so far
        self.awaiting_survey = False        # this node's survey results have not arrived

    def n(self, value) -> str:
        return num(value, self.lang)

    def title(self, key: str | None) -> str:
        return self.titles.get(key, key or "") if key else ""

    def value(self, v) -> str:
        if isinstance(v, bool):
            return i18n.yes_no(v, self.lang)
        if hasattr(v, "isoformat"):
            return i18n.date(v, self.lang)
        if isinstance(v, (int, Decimal)):
            return self.n(v)
        if hasattr(v, "points"):
            return self.n(v.points)
        if hasattr(v, "percent") and hasattr(v, "counts"):
            if v.percent is not None:
                return f"{self.n(v.percent)}%"
            return ", ".join(f"{a}: {self.n(c)}" for a, c in v.counts.items())
        return str(v)

    def doc(self, d: Mapping) -> str:
        t = self.t
        parts = [t["doc_number"].format(n=d["number"]) if d.get("number") else t["no_number"]]
        if d.get("date"):
            parts.append(t["doc_date"].format(d=i18n.date(d["date"], self.lang)))
        if d.get("title"):
            parts.append(f"«{d['title']}»" if self.lang == "vi" else f"\"{d['title']}\"")
        if d.get("page"):
            parts.append(t["doc_page"].format(p=d["page"]))
        if d.get("file"):
            parts.append(t["doc_file"].format(f=d["file"]))
        return ", ".join(parts)

    def tests(self, tests) -> str:
        return " và ".join(f"{OPS[x['op']]} {self.n(x['threshold'])}" for x in tests) if self.lang == "vi" \
            else " and ".join(f"{OPS[x['op']]} {self.n(x['threshold'])}" for x in tests)

    @engine_context
    def lines(self, events) -> list[str]:
        out: list[str] = []
        for e in events:
            out.extend(self.render(e))
        return out

    def render(self, e: Event) -> list[str]:
        t, d, n = self.t, e.data, self.n
        c = e.code
        if c == "rule":
            self.awaiting_survey = False
            return [t["rule"].format(node=d["node"], kind=i18n.KIND[self.lang].get(d["kind"], d["kind"]), line=d["line"])]
        if c == "read":
            self.types[d["key"]] = d.get("type", "")
            value = self.value(d["value"]) + (t["illustrative"] if d.get("illustrative") else "")
            lines = [t["read"].format(title=self.title(d["key"]), key=d["key"], value=value)]
            lines += [t["doc"].format(doc=self.doc(doc)) for doc in d.get("documents", [])]
            return lines
        if c == "check":
            return []  # the read line already shows the value
        if c == "deadline":
            # A plain date item (ngày công khai …) is not a document: no «Ngày văn bản» for it.
            pre = "date" if self.types.get(d.get("key", "")) == "date" else "deadline"
            when, due = i18n.date(d["date"], self.lang), i18n.date(d["due"], self.lang)
            if d["days_late"] > 0:
                return [t[pre + "_late"].format(date=when, due=due, days=d["days_late"])]
            return [t[pre + "_on"].format(date=when, due=due)]
        if c == "band_test":
            return [t["band_test"].format(band=d["band"], tests=self.tests(d["tests"]),
                                          verdict=t["band_yes"] if d["holds"] else t["band_no"], points=n(d["points"]))]
        if c == "value":
            return []  # shown by the read line
        if c == "ratio":
            pct = d["percent"] if d["percent"] is not None else d["percent_2dp"]
            return [t["ratio"].format(of=n(d["of"]), to=n(d["to"]), eq="=" if d["percent"] is not None else "≈",
                                      percent=n(pct))]
        if c == "prop":
            value, _ = _short(d["value"])
            raw, inexact = _short(d["raw"])
            return [t["prop"].format(max=n(d["max"]), value=n(value), target=n(d["target"]), eq="≈" if inexact else "=",
                                     raw=n(raw), step=n(d["step"]), points=n(d["points"]))]
        if c == "prop_full":
            return [t["prop_full"].format(target=n(d["target"]), points=n(d["points"]))]
        if c == "floor":
            return [t["floor"].format(zero_below=n(d["zero_below"]), points=n(d["points"]))]
        if c == "deduct":
            return [t["deduct"].format(start=n(d["start"]), per=n(d["per"]), count=n(d["count"]), raw=n(d["raw"]),
                                       floored=t["floored"] if d["floored"] else "", points=n(d["points"]))]
        if c == "tally":
            return [t["tally"].format(per=n(d["per"]), count=n(d["count"]), raw=n(d["raw"]),
                                      capped=t["capped"].format(max=n(d["points"])) if d["capped"] else "",
                                      points=n(d["points"]))]
        if c == "manual":
            return [t["manual"].format(points=n(d["points"]), justification=d["justification"])]
        if c == "survey":
            counts = ""
            if d.get("counts"):
                counts = t["survey_counts"].format(counts=", ".join(f"{a}: {v}" for a, v in d["counts"].items()))
            return [t["survey"].format(title=self.title(d["key"]), percent=n(d["percent"]), counts=counts,
                                       max=n(d["max"]), points=n(d["points"]))]
        if c == "survey_absent":
            self.awaiting_survey = True
            return [t["survey_absent"].format(title=self.title(d["key"]))]
        if c == "na":
            if d["reason"] == "zero_ratio":
                return [t["na_zero"].format(title=self.title(d["key"]))]
            if d["reason"] == "what-if":
                return [t["na_whatif"]]
            reason = f": {d['reason'].rstrip('.')}" if d.get("reason") else ""
            return [t["na"].format(title=self.title(d["key"]), reason=reason)]
        if c in ("na_full", "na_refused"):
            return [t[c].format(points=n(d["points"]))]
        if c == "na_excluded":
            if self.awaiting_survey:   # not «không phát sinh»: the province has not sent results yet
                return [t["survey_excluded"].format(max=n(d["max"]))]
            return [t["na_excluded"].format(max=n(d["max"]))]
        if c == "missing" or c == "missing_decided":
            titles = ", ".join(f"«{self.title(k)}» ({k})" if self.lang == "vi" else f"\"{self.title(k)}\" ({k})" for k in d["keys"])
            if c == "missing_decided":
                return [t[c].format(titles=titles)]
            return [t["missing"].format(titles=titles, points=n(d["points"]), at_stake=n(d["at_stake"]))]
        if c == "error":
            return [t["error"].format(message=d["message"], points=n(d["points"]))]
        if c == "branch":
            return [t["branch"].format(points=n(d["points"]))]
        if c == "next":
            return [self.next_line(d)]
        if c == "override":
            return [t["override"].format(points=n(d["points"]), from_=n(d["from"]), reason=d["reason"])]
        if c == "sum":
            parts = " + ".join(f"{cid}: {n(p)}" + (f" ({i18n.word('excluded', self.lang)})" if ex else "")
                               for cid, p, ex in d["children"])
            return [t["sum"].format(parts=parts, points=n(d["points"]), max=n(d["max"]))]
        return [f"{c}: {dict(d)}"]

    def next_line(self, d: Mapping) -> str:
        t, n = self.t, self.n
        how = d["how"]
        if how == "none":
            return t["next_none"]
        if how == "band":
            return t["next_band"].format(tests=self.tests(d["tests"]), points=n(d["points"]))
        if how == "by_date":
            return t["next_by_date"].format(due=i18n.date(d["due"], self.lang), points=n(d["points"]))
        if how == "check":
            titles = ", ".join(t["true_for"].format(t=self.title(k)) for k in d["keys"])
            return t["next_check"].format(titles=titles, points=n(d["points"]))
        if how == "fewer":
            return t["next_fewer"].format(count=n(d["count"]), points=n(d["points"]))
        if how == "more":
            return t["next_more"].format(count=n(d["count"]), points=n(d["points"]))
        return t["next_reach"].format(threshold=n(d["threshold"]), points=n(d["points"]))

    @engine_context
    def node_lines(self, node) -> list[str]:
        """All trace lines of a node."""
        return self.lines(node.events)

    @engine_context
    def reason(self, node) -> str:
        """One line saying why points were withheld (for the lost-points list)."""
        lines = self.node_lines(node)
        keep = [ln for e, ln in zip(_flat(node.events, self), lines)
                if e in ("deadline", "ratio", "missing", "band_test_hit", "deduct", "tally", "manual",
                         "survey", "na_refused", "error", "prop", "floor", "override", "read_value", "next")]
        return " ".join(keep) if keep else (lines[-1] if lines else "")


def _short(value: Decimal, places: int = 4) -> tuple[Decimal, bool]:
    """``value`` to at most ``places`` decimals, and whether that lost digits (shown with ≈)."""
    q = value.quantize(Decimal(1).scaleb(-places), context=CONTEXT)
    return q, q != value


def _flat(events, ex: Explainer) -> list[str]:
    """Event codes aligned with rendered lines (an event may render to 0..n lines)."""
    codes: list[str] = []
    for e in events:
        count = len(ex.render(e))
        code = e.code
        if code == "band_test" and e.data.get("holds"):
            code = "band_test_hit"
        if code == "read" and e.data.get("type") in ("boolean", "count", "percent", "number"):
            code = "read_value"
        codes.extend([code] + ["doc"] * (count - 1) if count else [])
    return codes
