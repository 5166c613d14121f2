"""Views every reporter shares: points lost, missing evidence, the node table."""
from __future__ import annotations

from decimal import Decimal

import tabulate as _tabulate

from rules.numbers import CONTEXT

from .. import i18n
from ..results import NodeResult, ScoreResult


def lost_points(result: ScoreResult) -> list[NodeResult]:
    """Leaves that lost points, largest loss first, ties in the scheme's order."""
    order = {nid: i for i, nid in enumerate(result.nodes)}
    leaves = [n for n in result.leaves() if n.lost > 0]
    return sorted(leaves, key=lambda n: (-n.lost, order[n.id]))


def missing_evidence(result: ScoreResult) -> list[tuple[str, list[str], Decimal]]:
    """(key, node ids reading it, points at stake) for every missing key, in scheme order."""
    seen: dict[str, tuple[list[str], Decimal]] = {}
    for n in result.leaves():
        if not n.missing:
            continue
        # a rule the present evidence already decided (check all: one key false) lists its
        # absent keys too; supplying them alone would not change its points
        stake = CONTEXT.subtract(n.max, n.points) if n.status == "missing" else Decimal(0)
        for k in n.missing:
            ids, pts = seen.get(k, ([], Decimal(0)))
            seen[k] = (ids + [n.id], CONTEXT.add(pts, stake))
    return [(k, ids, pts) for k, (ids, pts) in seen.items()]


def survey_pending(result: ScoreResult) -> set[str]:
    """Nodes left out only because survey results have not arrived («chưa có kết quả khảo sát»).

    A survey leaf is N/A for no other reason; a parent is pending when all its children are.
    That is not «không phát sinh» (nothing happened), and reports must not say it is.
    """
    pending: set[str] = set()
    for n in reversed(list(result.nodes.values())):   # depth first: children before parents
        if n.status != "not_applicable":
            continue
        if (n.is_leaf and n.kind == "survey") or (n.children and all(c in pending for c in n.children)):
            pending.add(n.id)
    return pending


def status_text(n: NodeResult, pending: set[str], lang: str) -> str:
    return i18n.status_label(n.status, n.excluded, lang, survey_absent=n.id in pending)


def table_rows(result: ScoreResult, lang: str, indent: str = "  ") -> list[list[str]]:
    rows = []
    pending = survey_pending(result)
    for n in result.nodes.values():
        rows.append([
            n.id,
            indent * n.depth + n.title,
            i18n.num(n.points, lang),
            i18n.num(n.max, lang),
            status_text(n, pending, lang),
        ])
    return rows


def headers(lang: str) -> list[str]:
    w = i18n.WORDS[lang]
    return [w["code"], w["criterion"], w["score"], w["max"], w["status"]]


def total_line(result: ScoreResult, lang: str) -> str:
    t = result.total
    w = i18n.WORDS[lang]
    band = i18n.band(t.band, lang)
    return (f"{w['total']}: {i18n.num(t.points, lang)} / {i18n.num(t.max, lang)} {w['points']} — "
            f"{w['index']}: {i18n.index(t.index, lang)} — {w['band']}: {band}")


def table(rows, headers, fmt: str, **kw) -> str:
    """tabulate with leading spaces kept (they show the criteria hierarchy)."""
    return _tabulate.tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True,
                              preserve_whitespace=True, **kw)
