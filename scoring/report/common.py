"""Views every reporter shares: points lost, missing evidence, the node table."""
from __future__ import annotations

from decimal import Decimal

import tabulate as _tabulate

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
        if n.status != "missing":
            continue
        for k in n.missing:
            ids, pts = seen.get(k, ([], Decimal(0)))
            seen[k] = (ids + [n.id], pts + n.max - n.points)
    return [(k, ids, pts) for k, (ids, pts) in seen.items()]


def table_rows(result: ScoreResult, lang: str, indent: str = "  ") -> list[list[str]]:
    rows = []
    for n in result.nodes.values():
        rows.append([
            n.id,
            indent * n.depth + n.title,
            i18n.num(n.points, lang),
            i18n.num(n.max, lang),
            i18n.status_label(n.status, n.excluded, lang),
        ])
    return rows


def headers(lang: str) -> list[str]:
    w = i18n.WORDS[lang]
    return [w["code"], w["criterion"], w["score"], w["max"], w["status"]]


def total_line(result: ScoreResult, lang: str) -> str:
    t = result.total
    w = i18n.WORDS[lang]
    band = t.band or "—"
    return (f"{w['total']}: {i18n.num(t.points, lang)} / {i18n.num(t.max, lang)} {w['points']} — "
            f"{w['index']}: {i18n.index(t.index, lang)} — {w['band']}: {band}")


def table(rows, headers, fmt: str, **kw) -> str:
    """tabulate with leading spaces kept (they show the criteria hierarchy)."""
    return _tabulate.tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True,
                              preserve_whitespace=True, **kw)
