"""The «Biên bản thẩm định» as a document model, shared by its DOCX and XLSX renderings.

A biên bản, not a data sheet: the appraising body's letterhead and number
(from the last appraisal round's ``office``, else its ``by``), «BIÊN BẢN» and
its subject, the opening «Hôm nay, ngày … tháng … năm …, tại …», those present
(the tổ thẩm định from the round's ``members``; the unit's representative, its
signer), the table per criterion (self-score, each round and answer, the
difference appraised − self, the reason), the conclusion (final score, index,
band) and the signatures of the unit's representative and the team leader.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from evidence import Submission
from evidence.office import derive_panel

from .. import i18n
from ..reconcile import Reconciliation
from .appraisal import columns, reason_text
from .official import Letterhead, Signature, en_date, english_title, letterhead, vi_date

T = {
    "vi": {
        "title": "BIÊN BẢN",
        "subject": "Thẩm định kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year} của {unit}",
        "opening": "Hôm nay, {date}, tại {venue}, {by} tiến hành thẩm định kết quả tự đánh giá, chấm điểm "
                   "Chỉ số cải cách hành chính năm {year} của {unit}.",
        "venue": "trụ sở {unit}", "by": "Tổ thẩm định",
        "present": "I. THÀNH PHẦN", "team": "1. Tổ thẩm định:", "unit_side": "2. Đại diện {unit}:",
        "no_members": "(ghi họ tên, chức vụ các thành viên tổ thẩm định)",
        "no_rep": "(ghi họ tên, chức vụ người đại diện đơn vị)",
        "content": "II. NỘI DUNG", "basis": "Căn cứ {scheme}, hồ sơ tự chấm điểm và tài liệu kiểm chứng của "
                   "đơn vị, Tổ thẩm định đã thẩm định qua các bước: {steps}. Kết quả theo từng tiêu chí như sau:",
        "headers": ("STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Tự chấm"),
        "diff": "Chênh lệch", "reason": "Lý do",
        "total": "TỔNG ĐIỂM", "index": "CHỈ SỐ CCHC (%)", "band": "XẾP LOẠI",
        "conclusion": "III. KẾT LUẬN",
        "result": "Tổng điểm tự chấm: {self} điểm; tổng điểm sau thẩm định: {final}/{max} điểm "
                  "(chênh lệch {diff} điểm). Chỉ số CCHC sau thẩm định: {index}%; xếp loại: {band}.",
        "closing": "Biên bản được lập thành 02 bản có giá trị như nhau, Tổ thẩm định giữ 01 bản, {unit} giữ "
                   "01 bản; đã được đọc lại cho những người có mặt cùng nghe, thống nhất và ký tên dưới đây./.",
        "sign_unit": "ĐẠI DIỆN {unit}", "sign_team": "TỔ TRƯỞNG TỔ THẨM ĐỊNH",
        "member": "{name}, {title}", "sheet": "Biên bản thẩm định",
        "footer": "Biên bản thẩm định — Trang &P/&N",
    },
    "en": {
        "title": "RECORD",
        "subject": "Appraisal of the Public Administration Reform Index {year} self-assessment of {unit}",
        "opening": "Today, {date}, at {venue}, {by} appraised the self-assessment of the Public Administration "
                   "Reform Index {year} of {unit}.",
        "venue": "the office of {unit}", "by": "the appraisal team",
        "present": "I. PRESENT", "team": "1. The appraisal team:", "unit_side": "2. For {unit}:",
        "no_members": "(names and posts of the appraisal team)", "no_rep": "(name and post of the unit's representative)",
        "content": "II. CONTENT", "basis": "Based on {scheme}, the unit's self-assessment and its verification "
                   "documents, the team appraised in these steps: {steps}. The result per criterion:",
        "headers": ("No.", "Area / criterion / sub-criterion", "Max points", "Self"),
        "diff": "Change", "reason": "Reason",
        "total": "TOTAL", "index": "PAR INDEX (%)", "band": "BAND",
        "conclusion": "III. CONCLUSION",
        "result": "Self-score: {self} points; appraised score: {final}/{max} points (difference {diff} points). "
                  "PAR index after appraisal: {index}%; band: {band}.",
        "closing": "This record is made in 2 copies of equal value, one for the appraisal team and one for {unit}; "
                   "it was read aloud to those present, who agreed and signed below.",
        "sign_unit": "FOR {unit}", "sign_team": "TEAM LEADER",
        "member": "{name}, {title}", "sheet": "Appraisal record", "footer": "Appraisal record — Page &P/&N",
    },
}


@dataclass(frozen=True)
class BRow:
    kind: str                              # area | criterion | leaf
    id: str
    title: str
    depth: int
    max: Decimal
    points: tuple[Decimal | None, ...]     # self, then each stage (None: left out of the maximum)
    difference: Decimal | None             # appraised − self; None when unchanged
    reason: str


@dataclass(frozen=True)
class BienBan:
    lang: str
    letterhead: Letterhead
    title: str
    subject: str
    opening: str
    team: tuple[str, ...]
    unit_side_label: str
    unit_side: tuple[str, ...]
    basis: str
    stage_names: tuple[str, ...]           # column headers after «Tự chấm»
    rows: tuple[BRow, ...]
    totals: tuple[tuple[str, tuple[str, ...], str], ...]   # label, value per column, difference
    result: str
    closing: str
    signatures: tuple[Signature, Signature]
    date: object

    @property
    def t(self) -> dict:
        return T[self.lang]


def build_bienban(rec: Reconciliation, sub: Submission, scheme, lang: str = "vi", unit_office=None) -> BienBan:
    t = T[lang]
    m = scheme.model
    s = rec.self_result
    unit_office = unit_office or sub.issuer
    rounds = [st for st in rec.stages if st.kind == "appraisal"]
    last = rounds[-1] if rounds else None
    by = (last.by if last else None) or t["by"]
    day = last.date if last else None
    panel = (last.office if last and last.office is not None else None) or derive_panel(by, unit_office.place)
    if panel.place is None:
        from dataclasses import replace
        panel = replace(panel, place=unit_office.place)
    members = last.members if last else ()
    unit_short = s.unit_name.split(",")[0].strip()
    date_text = vi_date(day) if lang == "vi" else en_date(day)
    opening = t["opening"].format(date=date_text, venue=panel.venue or t["venue"].format(unit=s.unit_name),
                                  by=by, year=m.year, unit=s.unit_name)
    team = tuple("- " + ", ".join(x for x in (mb.name, mb.title, mb.role) if x) + ";" for mb in members) \
        or (t["no_members"],)
    signer = unit_office.signer
    rep_title = None
    if signer.title:
        rep_title = ("Phó " if signer.deputy else "") + signer.title.capitalize() + f" {unit_short}"
        if lang != "vi":
            rep_title = english_title(signer.title, signer.deputy) + f", {unit_short}"
    unit_side = (f"- {signer.name}, {rep_title}." if signer.name else t["no_rep"],)
    cols = columns(rec, lang)
    from .appraisal import stage_name
    steps = "; ".join(stage_name(st.label, lang) + (f" ({i18n.date(st.date, lang)})" if st.date else "")
                      for st in rec.stages)
    diffs = {d.id: d for d in rec.differences}
    rows = []
    for nid, node in s.nodes.items():
        final = rec.appraised.nodes[nid]
        d = diffs.get(nid)
        pts = tuple(None if r.nodes[nid].excluded else r.nodes[nid].points for _, r in cols)
        delta = final.points - node.points
        kind = "area" if node.depth == 0 else "leaf" if node.is_leaf else "criterion"
        rows.append(BRow(kind, nid, node.title, node.depth, node.declared_max, pts, delta if delta else None,
                         reason_text(d, lang) if d else ""))
    n = lambda v: i18n.num(v, lang)  # noqa: E731
    total_diff = rec.appraised.total.points - s.total.points
    totals = ((t["total"], tuple(n(r.total.points) for _, r in cols), i18n.signed(total_diff, lang) if total_diff else ""),
              (t["index"], tuple(i18n.index(r.total.index, lang) for _, r in cols), ""),
              (t["band"], tuple(i18n.band(r.total.band, lang) for _, r in cols), ""))
    fin = rec.appraised.total
    result = t["result"].format(self=n(s.total.points), final=n(fin.points), max=n(fin.max),
                                diff=i18n.signed(total_diff, lang), index=i18n.index(fin.index, lang),
                                band=i18n.band(fin.band, lang))
    leader = next((mb for mb in members if mb.leads), members[0] if members else None)
    unit_sig = Signature((t["sign_unit"].format(unit=unit_short.upper() if lang == "vi" else unit_short),),
                         signer.name, "(Ký, ghi rõ họ tên, đóng dấu)" if lang == "vi" else "(signature, name, seal)")
    team_sig = Signature((t["sign_team"],), leader.name if leader else None,
                         "(Ký, ghi rõ họ tên)" if lang == "vi" else "(signature, full name)")
    return BienBan(lang, letterhead(panel, "BB", day, lang), t["title"],
                   t["subject"].format(year=m.year, unit=s.unit_name), opening, team,
                   t["unit_side"].format(unit=unit_short), unit_side,
                   t["basis"].format(scheme=m.title, steps=steps), tuple(c for c, _ in cols[1:]), tuple(rows), totals,
                   result, t["closing"].format(unit=unit_short), (unit_sig, team_sig), day)
