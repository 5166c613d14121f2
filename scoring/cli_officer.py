"""The officer's commands before the deadline: template, check, gains, report.

- ``template``: the blank evidence form of a scheme (XLSX or YAML);
- ``check``: readiness — days left, missing or weak evidence, points at stake;
  exits 0 whenever the input is valid, even with items to do;
- ``gains``: the smallest evidence change per criterion that raises the score;
- ``report``: «Báo cáo tự chấm điểm» as Markdown, HTML, XLSX or DOCX.

Every command reads an evidence file as YAML or as a filled XLSX form. Exit
codes as for ``score``: 0 done, 1 invalid input (or a rule that could not be
evaluated), 2 usage error (e.g. XLSX asked for on a terminal without ``-o``).
"""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from criteria import Loc
from evidence.values import BadValue, parse_date
from rules.numbers import percent_of, round_step

from . import files, i18n
from .cli import EXIT_INPUT, EXIT_OK, UsageError, command, emit, resolve_pair, titles_of

if TYPE_CHECKING:
    from rules import CompiledScheme

    from .gains import Gain
    from .results import ScoreResult

FORMATS = {"template": ("xlsx", "yaml"), "report": ("md", "html", "xlsx", "docx")}
SUFFIX = {".xlsx": "xlsx", ".docx": "docx", ".yaml": "yaml", ".yml": "yaml", ".html": "html", ".htm": "html", ".md": "md"}


def add_parsers(sub, common) -> None:
    def lang_out(sp, formats):
        sp.add_argument("--lang", choices=i18n.LANGS, default="vi", help="output language (default vi)")
        sp.add_argument("--format", choices=formats, default=None,
                        help=f"{' | '.join(formats)} (default: from the -o suffix, else {formats[0]})")
        sp.add_argument("-o", "--output", help="write to this file (atomically) instead of standard output")

    def pair(sp):
        sp.add_argument("criteria", nargs="?", help="criteria file (default: the built-in model scheme)")
        sp.add_argument("evidence", nargs="?", help="evidence file, YAML or XLSX (default: the built-in example)")
        sp.add_argument("--survey", help="survey results file")

    sp = sub.add_parser("template", help="the blank evidence form of a scheme (xlsx or yaml)")
    sp.add_argument("criteria", nargs="?", help="criteria file (default: the built-in model scheme)")
    lang_out(sp, FORMATS["template"])

    for name, hlp in (("check", "readiness before the deadline: what is missing, points at stake"),
                      ("gains", "the smallest evidence change per criterion that raises the score")):
        sp = sub.add_parser(name, help=hlp)
        pair(sp)
        sp.add_argument("--today", help="the date to count from, dd/mm/yyyy or yyyy-mm-dd (default: today)")
        common(sp, fmt=("text", "json"))

    sp = sub.add_parser("report", help="the self-assessment report «Báo cáo tự chấm điểm» (md, html, xlsx, docx)")
    pair(sp)
    lang_out(sp, FORMATS["report"])
    sp.add_argument("--draft", action="store_true",
                    help="a draft from a form still being filled (empty header, self-scores without "
                         "justification); the heading says BẢN NHÁP")


def _format(args, command_name: str) -> str:
    formats = FORMATS[command_name]
    if args.format:
        return args.format
    if args.output:
        fmt = SUFFIX.get(Path(args.output).suffix.lower())
        if fmt in formats:
            return fmt
    return formats[0]


def _binary_ok(args, fmt: str = "xlsx") -> None:
    if not args.output and sys.stdout.isatty():
        raise UsageError(f"parscore: an .{fmt} file is binary; write it with -o FILE.{fmt} "
                         "(or choose another --format)")


def _today(args) -> dt.date:
    if args.today is None:
        return dt.date.today()
    try:
        return parse_date(args.today)
    except BadValue as exc:
        raise UsageError(f"parscore: --today: {exc}") from None


def _show(loc: Loc) -> str:
    if loc.file.startswith("<"):
        return str(loc)
    return str(Loc(files.rel(loc.file), loc.line, loc.col, loc.cell))


def _open(args, tolerant: bool = False):
    """Scheme, submission, survey, unjustified self-scores and header gaps of a command.

    ``tolerant`` reads the file as a draft: unjustified self-scores are set aside
    and an empty unit header is filled with placeholders (``readiness.split_header``),
    so a fresh form can be checked. Anything else wrong is still an error.
    """
    from criteria.yamlsrc import read_yaml
    from evidence.load import build_submission
    from evidence.xlsx import read_workbook
    crit, ev, sv = resolve_pair(args)
    compiled = files.open_scheme(crit)
    unjustified, header = [], []
    if tolerant:
        from .readiness import split_header, split_unjustified
        raw = read_workbook(ev, compiled.scheme) if str(ev).lower().endswith(".xlsx") else read_yaml(ev)
        raw, header = split_header(raw, getattr(args, "lang", "vi"))
        raw, unjustified = split_unjustified(raw, compiled)
        sub = build_submission(raw, str(ev), compiled.scheme)
    else:
        sub = files.open_evidence(ev, compiled)
    # a draft's placeholder id matches no survey file: read the survey without the unit check
    survey = files.open_survey(sv, compiled, None if header and sv else sub.unit.id)
    return compiled, sub, survey, unjustified, header


@command("template")
def cmd_template(args) -> int:
    from .report.xlsx_form import render_form_xlsx, render_form_yaml
    compiled = files.open_scheme(args.criteria or files.EXAMPLE_CRITERIA)
    if _format(args, "template") == "xlsx":
        _binary_ok(args)
        emit(args, render_form_xlsx(compiled.scheme, args.lang))
    else:
        emit(args, render_form_yaml(compiled.scheme, args.lang))
    return EXIT_OK


@command("check")
def cmd_check(args) -> int:
    from .report import dumps
    from .readiness import readiness, render_text, to_json
    compiled, sub, survey, unjustified, header = _open(args, tolerant=True)
    r = readiness(compiled, sub, survey, _today(args), unjustified, header=header)
    titles = titles_of(compiled)
    if args.format == "json":
        emit(args, dumps(to_json(r, titles, args.lang)))
    else:
        emit(args, render_text(r, titles, args.lang, show=_show))
    return EXIT_INPUT if r.result.errors else EXIT_OK


@command("gains")
def cmd_gains(args) -> int:
    from .evaluate import score
    from .gains import gains
    from .report import dumps
    compiled, sub, survey, _, header = _open(args, tolerant=True)
    today = _today(args)
    base = score(compiled, sub, survey)
    found = gains(compiled, sub, survey, today, base=base)
    if args.format == "json":
        emit(args, dumps(gains_json(found, base, compiled, args.lang, today, draft=bool(header))))
    else:
        emit(args, gains_text(found, base, compiled, args.lang, today, draft=bool(header)))
    return EXIT_INPUT if base.errors else EXIT_OK


@command("report")
def cmd_report(args) -> int:
    from .evaluate import score
    from .report.submission import build, render_md
    fmt = _format(args, "report")
    if fmt in ("xlsx", "docx"):
        _binary_ok(args, fmt)
    compiled, sub, survey, _, header = _open(args, tolerant=args.draft)
    result = score(compiled, sub, survey)
    rep = build(result, sub, compiled.scheme, args.lang, survey)
    if args.draft:   # never mistaken for the report to sign: the heading says it is a draft
        rep = replace(rep, heading=rep.heading + (" (BẢN NHÁP)" if args.lang == "vi" else " (DRAFT)"))
    if fmt == "xlsx":
        from .report.xlsx_submission import render_xlsx
        emit(args, render_xlsx(rep))
    elif fmt == "docx":
        from .report.docx_submission import render_docx
        emit(args, render_docx(rep))
    elif fmt == "html":
        from .report.html_submission import render_html
        emit(args, render_html(rep))
    else:
        emit(args, render_md(rep))
    return EXIT_INPUT if result.errors else EXIT_OK


# ---- gains in words (text and JSON) ------------------------------------------------
_T = {
    "vi": {
        "head": "Cơ hội tăng điểm — {unit}",
        "draft": "Bản nháp: phiếu chưa điền mã đơn vị, tên đơn vị (xem `parscore check`).",
        "when": "Hạn nộp {deadline}, hôm nay {today}. Điểm hiện tại: {points} / {max} điểm (chỉ số {index}%).",
        "when_nodl": "Hôm nay {today}. Điểm hiện tại: {points} / {max} điểm (chỉ số {index}%).",
        "late": "Đã quá hạn nộp: không đề xuất ban hành thêm văn bản.",
        "none": "Không tìm thấy thay đổi nào làm tăng điểm.",
        "line": "{i}. +{gain} điểm — {id} {title} ({before} → {after} / {max}): {what}.",
        "also": " Cũng tăng: {ids}.",
        "note": ("Mỗi mức tăng được tính bằng cách chấm lại toàn bộ hồ sơ sau thay đổi; "
                 "các đề xuất cùng một số liệu không cộng dồn."),
        "to_true": "«{t}»: không → có", "add_true": "bổ sung «{t}» = có (giả định)",
        "ratio": "«{t}» {a}/{n} = {p}%: {verb} → {b}/{n} = {q}%",
        "more": "thêm {d}{u}", "fewer": "bớt {d}{u}",
        "value": "«{t}» {a} → {b}", "count_more": "«{t}» {a} → {b} (thêm {d}{u})",
        "count_fewer": "«{t}» {a} → {b} (bớt {d}{u})",
        "supply": "bổ sung «{t}» = {b} (giả định)", "supply_ratio": "bổ sung số liệu để tỷ lệ đạt {q}% (giả định: {parts})",
        "issue": "ban hành «{t}» ngay hôm nay ({d}) và kê khai số, ngày văn bản",
        "do_today": "thực hiện ngay hôm nay ({d}) và kê khai «{t}»",
        "manual": "tự chấm «{t}» {b} điểm kèm giải trình (giả định mức tối đa)",
        "target": " (đạt {target} được tối đa)",
    },
    "en": {
        "head": "Where points can still be gained — {unit}",
        "draft": "Draft: the form's unit id and name are not filled in (see `parscore check`).",
        "when": "Deadline {deadline}, today {today}. Current score: {points} / {max} points (index {index}%).",
        "when_nodl": "Today {today}. Current score: {points} / {max} points (index {index}%).",
        "late": "The deadline has passed: no new documents are proposed.",
        "none": "No evidence change raises the score.",
        "line": "{i}. +{gain} points — {id} {title} ({before} → {after} / {max}): {what}.",
        "also": " Also raises: {ids}.",
        "note": "Every gain comes from scoring the whole submission again after the change; "
                "proposals touching the same figure do not add up.",
        "to_true": "\"{t}\": no → yes", "add_true": "supply \"{t}\" = yes (assumed)",
        "ratio": "\"{t}\" {a}/{n} = {p}%: {verb} → {b}/{n} = {q}%",
        "more": "{d} more{u}", "fewer": "{d} fewer{u}",
        "value": "\"{t}\" {a} → {b}", "count_more": "\"{t}\" {a} → {b} ({d} more{u})",
        "count_fewer": "\"{t}\" {a} → {b} ({d} fewer{u})",
        "supply": "supply \"{t}\" = {b} (assumed)", "supply_ratio": "supply the figures so the ratio is {q}% (assumed: {parts})",
        "issue": "issue \"{t}\" today ({d}) and declare its number and date",
        "do_today": "do it today ({d}) and declare \"{t}\"",
        "manual": "self-score \"{t}\" {b} points with a justification (assumed maximum)",
        "target": " (reaching {target} earns the maximum)",
    },
}


def describe(g: Gain, compiled: CompiledScheme, lang: str, today: dt.date) -> str:
    """The change of one proposal in words."""
    t = _T[lang]
    spec = compiled.scheme.model.evidence
    n = lambda v: i18n.num(v, lang)  # noqa: E731
    rule = compiled.rules[g.node]
    parts = []
    src = getattr(rule, "source", None)
    for c in g.changes:
        s = spec[c.key]
        title = s.title
        unit = f" {s.unit}" if s.unit and s.unit != "%" else ""
        after = c.after.value
        if rule.kind == "deadline":
            parts.append(t["issue" if s.type == "document" else "do_today"].format(t=title, d=i18n.date(today, lang)))
        elif rule.kind == "manual":
            parts.append(t["manual"].format(t=title, b=n(after.points)))
        elif isinstance(after, bool):
            parts.append(t["add_true" if c.before is None else "to_true"].format(t=title))
        elif src is not None and src.key is None and c.key == src.of and c.before is not None:
            a, b, whole = c.before.value, after, g.context.get(src.to)
            verb = t["more" if b > a else "fewer"].format(d=n(abs(b - a)), u=unit)
            parts.append(t["ratio"].format(t=title, a=n(a), b=n(b), n=n(whole), verb=verb,
                                           p=i18n.index(_pct2(a, whole), lang), q=i18n.index(_pct2(b, whole), lang)))
        elif c.before is None:
            parts.append(t["supply"].format(t=title, b=n(after) + ("%" if s.type == "percent" else "")))
        elif s.type == "count":
            a = c.before.value
            parts.append(t["count_more" if after > a else "count_fewer"].format(t=title, a=n(a), b=n(after),
                                                                                 d=n(abs(after - a)), u=unit))
        else:
            pct = "%" if s.type == "percent" else ""
            parts.append(t["value"].format(t=title, a=n(c.before.value) + pct, b=n(after) + pct))
    if src is not None and src.key is None and all(c.before is None for c in g.changes) and len(g.changes) == 2:
        vals = {c.key: c.after.value for c in g.changes}
        parts = [t["supply_ratio"].format(q=i18n.index(_pct2(vals[src.of], vals[src.to]), lang),
                                          parts=", ".join(f"{spec[k].title} = {n(v)}" for k, v in vals.items()))]
    text = "; ".join(parts)
    if g.target is not None and g.after < rule.max:
        pct = src.key is None or spec[src.key].type == "percent"
        text += t["target"].format(target=n(g.target) + ("%" if pct else ""))
    return text


def gains_text(found: list[Gain], base: ScoreResult, compiled: CompiledScheme, lang: str, today: dt.date,
               draft: bool = False) -> str:
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
        line = t["line"].format(i=f"{i:>{width}}", gain=i18n.num(g.points, lang), id=g.node, title=node.title,
                                before=i18n.num(g.before, lang), after=i18n.num(g.after, lang),
                                max=i18n.num(node.max, lang), what=describe(g, compiled, lang, today))
        others = [x for x in g.nodes if x != g.node]
        if others:
            line += t["also"].format(ids=", ".join(others))
        out.append(line)
    out += ["", t["note"], ""]
    return "\n".join(out)


def gains_json(found: list[Gain], base: ScoreResult, compiled: CompiledScheme, lang: str, today: dt.date,
               draft: bool = False) -> dict:
    from .report.jsonout import to_plain
    return {
        "criteria": {"id": base.scheme_id, "version": base.scheme_version},
        "unit": {"id": None, "name": None} if draft else {"id": base.unit_id, "name": base.unit_name},
        "draft": draft,
        "today": today.isoformat(),
        "deadline": compiled.scheme.model.deadline.isoformat() if compiled.scheme.model.deadline else None,
        "total": {"points": base.total.points, "max": base.total.max, "index": base.total.index},
        "gains": [{"node": g.node, "title": base.nodes[g.node].title, "points": g.points,
                   "node_points": {"before": g.before, "after": g.after}, "nodes": list(g.nodes),
                   "changes": [{"key": c.key, "before": to_plain(c.before.value) if c.before else None,
                                "after": to_plain(c.after.value), "assumed": c.assumed} for c in g.changes],
                   "text": describe(g, compiled, lang, today)} for g in found],
    }


def _pct2(part, whole) -> Decimal | None:
    return round_step(percent_of(part, whole), Decimal("0.01")) if whole else None
