"""Text and Markdown reports of one score result (the same content, two renderings)."""
from __future__ import annotations

from rules.numbers import engine_context

from .. import i18n
from ..explain import Explainer
from ..results import ScoreResult
from .common import (headers, lost_points, missing_evidence, status_text, survey_pending, table, table_rows,
                     total_line)


@engine_context
def render_text(result: ScoreResult, titles: dict, lang: str, markdown: bool = False) -> str:
    w = i18n.WORDS[lang]
    ex = Explainer(titles, lang)
    h = (lambda s: f"## {s}") if markdown else (lambda s: f"{s}\n" + "-" * len(s))
    out: list[str] = []
    title = f"# {result.scheme_title}" if markdown else result.scheme_title
    out += [title, "", f"{w['unit']}: {result.unit_name} ({result.unit_id})",
            f"{w['scheme']}: {result.scheme_id} v{result.scheme_version}", ""]
    fmt = "github" if markdown else "simple"
    rows = table_rows(result, lang, indent="\u00a0\u00a0" if markdown else "  ")
    out += [table(rows, headers(lang), fmt, colalign=("left", "left", "right", "right", "left")), ""]
    bullet = "- "
    out += [h(w["lost"]), ""]
    lost = lost_points(result)
    if not lost:
        out.append(w["none"])
    for n in lost:
        out.append(f"{bullet}{n.id} {n.title}: −{i18n.num(n.lost, lang)} {w['points']}. {ex.reason(n)}")
    out += ["", h(w["missing"]), ""]
    missing = missing_evidence(result)
    if not missing:
        out.append(w["none"])
    for key, ids, pts in missing:
        out.append(f"{bullet}{titles.get(key, key)} ({key}) — {', '.join(ids)}: {i18n.num(pts, lang)} {w['at_stake']}")
    pending = survey_pending(result)
    na = [n for n in result.leaves() if n.status == "not_applicable" and n.id not in pending]
    if na:
        out += ["", h(w["na"]), ""]
        for n in na:
            out.append(f"{bullet}{n.id} {n.title}: {' '.join(ex.node_lines(n)[1:])}")
    waiting = [n for n in result.leaves() if n.id in pending]
    if waiting:
        absent = w["survey_absent"]
        out += ["", h(absent[0].upper() + absent[1:]), ""]
        for n in waiting:
            out.append(f"{bullet}{n.id} {n.title}: {' '.join(ex.node_lines(n)[1:])}")
    if result.errors:
        out += ["", h(w["errors"]), ""]
        for n in result.errors:
            out.append(f"{bullet}{n.id} {n.title}: {ex.reason(n)}")
    out += ["", (f"**{total_line(result, lang)}**" if markdown else total_line(result, lang)), ""]
    return "\n".join(out)


@engine_context
def render_explain(result: ScoreResult, titles: dict, lang: str, node_ids: list[str] | None = None) -> str:
    ex = Explainer(titles, lang)
    w = i18n.WORDS[lang]
    out: list[str] = []
    pending = survey_pending(result)
    ids = node_ids or list(result.nodes)
    for nid in ids:
        n = result.nodes[nid]
        head = (f"{n.id} {n.title} — {i18n.num(n.points, lang)} / {i18n.num(n.max, lang)} {w['points']} "
                f"({status_text(n, pending, lang)})")
        out.append(head)
        out += [f"  {line}" for line in ex.node_lines(n)]
        out.append("")
    if not node_ids:
        out.append(total_line(result, lang))
        out.append("")
    return "\n".join(out)
