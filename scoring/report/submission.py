"""The submission report «Báo cáo tự chấm điểm»: one model, three renderings (md here, html, xlsx).

The model follows the official layout: STT, Lĩnh vực/Tiêu chí/Tiêu chí thành
phần, Điểm tối đa, Điểm tự chấm, Tài liệu kiểm chứng (the documents each
criterion read: number, date, title, page), Giải trình (what the trace says,
the justification of a self-score, the reason for "không phát sinh"); area
rows carry their subtotals, then the total, the index and the band. The report
is dated by the evidence file's ``date``, else the scheme's deadline, never
by the clock, so the same input always gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from evidence import Submission

from .. import i18n
from ..explain import Explainer
from ..results import NodeResult, ScoreResult
from .official import Letterhead, Signature, letterhead, signature

KEEP = ("deadline", "ratio", "prop", "prop_full", "floor", "deduct", "tally", "manual", "survey",
        "survey_absent", "na", "na_full", "na_excluded", "na_refused", "missing", "error", "override")

TEXT = {
    "vi": {
        "heading": "BÁO CÁO",
        "subtitle": "Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year}",
        "intro": "Thực hiện việc tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year}, {unit} báo cáo "
                 "kết quả tự chấm điểm như sau:",
        "part_result": "I. KẾT QUẢ TỰ CHẤM ĐIỂM", "part_table": "II. ĐIỂM TỰ CHẤM THEO TỪNG TIÊU CHÍ",
        "result_line": "Tổng điểm tự chấm: {points}/{max} điểm; Chỉ số CCHC: {index}%; xếp loại: {band}.",
        "closing": "Trên đây là báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year} "
                   "của {unit}./.",
        "basis": "(Theo {title}; mã {id}, phiên bản {version}{source})",
        "headers": ("STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Điểm tự chấm",
                    "Tài liệu kiểm chứng", "Giải trình"),
        "total": "TỔNG ĐIỂM", "index": "CHỈ SỐ CCHC (%)", "band": "XẾP LOẠI",
        "index_how": "Chỉ số = {points} / {max} × 100",
        "total_how": "Điểm tối đa áp dụng: không tính tiêu chí không phát sinh, chưa có kết quả khảo sát và điểm thưởng.",
        "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "motto": "Độc lập - Tự do - Hạnh phúc",
        "area_index": "Chỉ số thành phần: {index}%.", "bonus": "Điểm thưởng, điểm trừ: cộng vào tổng điểm, "
        "không tính vào điểm tối đa.", "excluded": "Không tính vào điểm tối đa.",
        "note": "Ghi chú: {note}", "value": "«{title}»: {value}.", "no_docs": "—",
        "survey_doc": "Kết quả khảo sát do {by} cung cấp", "survey_by": "cơ quan có thẩm quyền",
        "sheet": "Báo cáo tự chấm", "footer": "Báo cáo tự chấm điểm — Trang &P/&N",
    },
    "en": {
        "heading": "REPORT",
        "subtitle": "Self-assessment of the Public Administration Reform Index {year}",
        "intro": "{unit} reports the result of its self-assessment of the Public Administration Reform Index {year} "
                 "as follows:",
        "part_result": "I. SELF-ASSESSMENT RESULT", "part_table": "II. SELF-SCORE BY CRITERION",
        "result_line": "Total self-score: {points}/{max} points; PAR index: {index}%; band: {band}.",
        "closing": "This concludes the self-assessment report of {unit} for the PAR Index {year}.",
        "basis": "(Scheme: {title}; id {id}, version {version}{source})",
        "headers": ("No.", "Area / criterion / sub-criterion", "Max points", "Self-score",
                    "Verification documents", "Explanation"),
        "total": "TOTAL", "index": "PAR INDEX (%)", "band": "BAND",
        "index_how": "Index = {points} / {max} × 100",
        "total_how": "Applicable maximum: without criteria that did not occur, survey criteria without results "
                     "and bonus points.",
        "nation": "SOCIALIST REPUBLIC OF VIET NAM", "motto": "Independence - Freedom - Happiness",
        "area_index": "Area index: {index}%.", "bonus": "Bonus and penalty points: added to the total, not to "
        "the maximum.", "excluded": "Not counted in the maximum.",
        "note": "Note: {note}", "value": "\"{title}\": {value}.", "no_docs": "—",
        "survey_doc": "Survey results supplied by {by}", "survey_by": "the competent authority",
        "sheet": "Self-assessment", "footer": "Self-assessment report — Page &P/&N",
    },
}


@dataclass(frozen=True)
class Row:
    kind: str                   # area | criterion | leaf
    id: str
    title: str
    depth: int
    max: Decimal
    points: Decimal | None      # None: left out (excluded)
    bonus: bool
    status: str
    documents: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Report:
    lang: str
    year: int
    letterhead: Letterhead
    signature: Signature
    filing: tuple[str, ...]     # «Nơi nhận» lines
    unit_name: str
    province: str | None
    prepared_by: str | None
    date: dt.date | None
    place_date: str
    heading: str
    subtitle: str
    basis: str
    rows: tuple[Row, ...]
    total: Decimal
    max: Decimal
    index: Decimal | None
    band: str | None

    @property
    def t(self) -> dict:
        return TEXT[self.lang]


def build(result: ScoreResult, sub: Submission, scheme, lang: str = "vi", survey=None, office=None) -> Report:
    """The report model; ``scheme`` is the ``LoadedScheme``, ``survey`` the survey results read (if any).

    ``office`` (an ``evidence.office.Office``, as the web workspace keeps it) overrides the evidence file's."""
    t = TEXT[lang]
    m = scheme.model
    titles = {k: v.title for k, v in m.evidence.items()}
    ex = Explainer(titles, lang)
    rows = []
    for n in result.nodes.values():
        kind = "area" if n.depth == 0 else "leaf" if n.is_leaf else "criterion"
        docs = _documents(n, ex) if n.is_leaf else ()
        if n.kind == "survey" and not n.excluded:
            docs = (t["survey_doc"].format(by=getattr(survey, "by", None) or t["survey_by"]),)
        rows.append(Row(kind, n.id, n.title, n.depth, n.max, None if n.excluded else n.points, n.bonus, n.status,
                        docs, _explain(n, sub, ex, t, lang)))
    day = sub.date or m.deadline
    office = office or sub.issuer
    head = letterhead(office, "BC", day, lang)
    source = f"; {m.source}" if m.source else ""
    return Report(lang=lang, year=m.year, letterhead=head, signature=signature(office, lang), filing=office.filing,
                  unit_name=result.unit_name, province=sub.unit.province, prepared_by=sub.prepared_by, date=day,
                  place_date=head.place_date, heading=t["heading"],
                  subtitle=t["subtitle"].format(year=m.year, unit=result.unit_name),
                  basis=t["basis"].format(title=m.title, id=m.id, version=m.version, source=source),
                  rows=tuple(rows), total=result.total.points, max=result.total.max, index=result.total.index,
                  band=result.total.band)


def _documents(n: NodeResult, ex: Explainer) -> tuple[str, ...]:
    seen: dict[tuple, str] = {}
    for e in n.events:
        if e.code != "read":
            continue
        for d in e.data.get("documents", []):
            ident = (d.get("number"), str(d.get("date")), d.get("title"), d.get("page"))
            if ident not in seen:
                text = ex.doc(d)
                seen[ident] = text[:1].upper() + text[1:]
    return tuple(seen.values())


def _explain(n: NodeResult, sub: Submission, ex: Explainer, t: dict, lang: str) -> str:
    if not n.is_leaf:
        if n.depth == 0 and n.bonus:
            return t["bonus"]
        if n.excluded:
            return t["excluded"]
        if n.depth == 0 and n.index is not None:
            return t["area_index"].format(index=i18n.index(n.index, lang))
        return ""
    parts: list[str] = []
    notes: list[str] = []
    for e in n.events:
        if e.code == "read":
            if e.data.get("type") in ("boolean", "count", "percent", "number"):
                shown = ex.value(e.data["value"]) + (ex.t["illustrative"] if e.data.get("illustrative") else "")
                parts.append(t["value"].format(title=ex.title(e.data["key"]), value=shown))
            item = sub.items.get(e.data["key"])
            if item is not None and item.note:
                notes.append(t["note"].format(note=item.note.rstrip(".") + "."))
        elif e.code in KEEP or (e.code == "band_test" and e.data.get("holds")):
            parts.extend(ex.render(e))
    return " ".join(parts + notes)


# ---- Markdown --------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def show_max(r: Row, lang: str) -> str:
    return f"({i18n.num(r.max, lang)})" if r.points is None else i18n.num(r.max, lang)


def show_points(r: Row, lang: str) -> str:
    return "—" if r.points is None else i18n.num(r.points, lang)


def render_md(rep: Report) -> str:
    t, lang = rep.t, rep.lang
    h = rep.letterhead
    agency = " / ".join(([h.superior.upper()] if h.superior else []) + [f"**{x.upper()}**" for x in h.agency])
    out = [f"{agency} · **{h.nation}** · **{h.motto}**", "", f"{h.number} · *{h.place_date}*", "",
           f"# {rep.heading}", "", f"**{rep.subtitle}**", "", f"*{rep.basis}*", ""]
    out.append("| " + " | ".join(t["headers"]) + " |")
    out.append("|---|---|---:|---:|---|---|")
    for r in rep.rows:
        b = (lambda s: f"**{s}**" if s else s) if r.kind == "area" else (lambda s: s)
        docs = "<br>".join(_cell(d) for d in r.documents) if r.documents else (t["no_docs"] if r.kind == "leaf" else "")
        title = ("\u00a0\u00a0" * r.depth) + r.title
        out.append("| " + " | ".join([b(r.id), b(_cell(title)), b(show_max(r, lang)), b(show_points(r, lang)),
                                      docs, _cell(r.explanation)]) + " |")
    n = lambda v: i18n.num(v, lang)  # noqa: E731
    out.append(f"| | **{t['total']}** | **{n(rep.max)}** | **{n(rep.total)}** | | {t['total_how']} |")
    out.append(f"| | **{t['index']}** | | **{i18n.index(rep.index, lang)}** | | "
               f"{t['index_how'].format(points=n(rep.total), max=n(rep.max))} |")
    out.append(f"| | **{t['band']}** | | **{i18n.band(rep.band, lang)}** | | |")
    s = rep.signature
    out += ["", t["closing"].format(year=rep.year, unit=rep.unit_name), "",
            " / ".join(f"**{x}**" for x in s.lines) + (f" — **{s.name}**" if s.name else f" {s.note}"), "",
            f"***{'Nơi nhận:' if lang == 'vi' else 'Recipients:'}***", ""] + [f"{x}  " for x in rep.filing] + [""]
    return "\n".join(out)
