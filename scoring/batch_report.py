"""Renderings of a batch result: JSON, text, Markdown, CSV and a workbook of the same content.

The summary (units per band, mean and median index, mean index per area) and the
criteria that cost the most points are computed once here (``view``); every
format renders that view. Numbers stay exact decimals; means and medians are
rounded half-up to two decimals like every index.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from tabulate import tabulate

from rules.numbers import INDEX_STEP, round_step

from . import i18n
from .batch import BatchResult

WORDS = {
    "vi": {
        "units": "đơn vị được xếp hạng", "failed_n": "tệp không chấm được", "ranking": "Xếp hạng",
        "rank": "Hạng", "unit_id": "Mã đơn vị", "unit_name": "Tên đơn vị", "summary": "Tổng hợp",
        "count": "Số đơn vị", "mean": "Chỉ số trung bình", "median": "Trung vị", "bands": "Xếp loại",
        "areas": "Chỉ số thành phần trung bình theo lĩnh vực", "area": "Lĩnh vực",
        "lost": "Tiêu chí mất nhiều điểm nhất", "lost_sum": "Tổng điểm mất", "losing": "Số đơn vị mất điểm",
        "share": "Tỷ lệ đơn vị mất điểm (%)", "failed": "Tệp không chấm được", "unit_errors": "Đơn vị có tiêu chí lỗi",
        "no_band": "(không xếp loại)", "relative": "Giá trị cao nhất (tiêu chí so sánh giữa các đơn vị)",
        "best": "Giá trị cao nhất", "file": "Tệp", "missing": "Thiếu TLKC", "message": "Nội dung",
        "sheet_lost": "Mất điểm", "sheet_failed": "Tệp lỗi",
    },
    "en": {
        "units": "units ranked", "failed_n": "files could not be scored", "ranking": "Ranking",
        "rank": "Rank", "unit_id": "Unit id", "unit_name": "Unit name", "summary": "Summary",
        "count": "Units", "mean": "Mean index", "median": "Median index", "bands": "Bands",
        "areas": "Mean component index per area", "area": "Area",
        "lost": "Criteria that cost the most points", "lost_sum": "Points lost", "losing": "Units losing points",
        "share": "Share of units (%)", "failed": "Files that could not be scored", "unit_errors": "Units with scoring errors",
        "no_band": "(no band)", "relative": "Best values (criteria that compare units)",
        "best": "Best value", "file": "File", "missing": "Missing", "message": "Message",
        "sheet_lost": "Criteria lost", "sheet_failed": "Failed",
    },
}


def _round(value: Fraction) -> Decimal:
    return round_step(value, INDEX_STEP)


def _median(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    mid = len(values) // 2
    if len(values) % 2:
        return values[mid]
    return _round((Fraction(values[mid - 1]) + Fraction(values[mid])) / 2)


class UnitRows:
    """The ranking's unit records (``view(...)["units"]``), made one at a time from the
    batch's rows as they are read back: iterate it (any number of times) to write them."""

    def __init__(self, result: BatchResult, areas: list):
        self._units, self._areas = result.units, areas

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self):
        areas = self._areas
        for r in self._units:
            row = r.row
            yield {
                "rank": r.rank,
                "unit": {"id": row.unit_id, "name": row.unit_name},
                "file": row.file,
                "total": {"points": row.points, "max": row.max, "index": row.index, "band": row.band},
                "areas": [{"id": a.id, "points": p, "max": m, "index": i, "excluded": x}
                          for a, (p, m, i, x) in zip(areas, row.areas)],
                "missing": row.missing,
                "errors": [{"id": nid, "message": msg} for nid, msg in row.errors],
            }


def view(result: BatchResult, top: int = 10, lazy: bool = False) -> dict:
    """The JSON document ``rank --format json`` prints; the other formats render it.

    The summary is computed in one pass over the rows. With ``lazy`` the units are a
    ``UnitRows`` (made while the output is written, never all at once: ``parscore rank``);
    without, a list.
    """
    scheme = result.compiled.scheme
    model = scheme.model
    areas = [n for n in scheme.nodes.values() if n.depth == 0]      # the order of ScoreResult.areas
    indices: list[Decimal] = []
    band_units: dict[str | None, int] = {b.label: 0 for b in model.bands}
    unbanded = 0
    area_sum = [Decimal(0)] * len(areas)
    area_n = [0] * len(areas)
    n = 0
    for r in result.units:
        row = r.row
        n += 1
        if row.index is not None:
            indices.append(row.index)
        if row.band is None:
            unbanded += 1
        elif row.band in band_units:
            band_units[row.band] += 1
        for pos, a in enumerate(row.areas):
            if a[2] is not None:
                area_sum[pos] += a[2]
                area_n[pos] += 1
    indices.sort()
    bands = [{"band": b.label, "units": band_units[b.label]} for b in model.bands]
    if unbanded:
        bands.append({"band": None, "units": unbanded})
    area_means = [{"id": a.id, "title": a.node.title, "bonus": a.bonus,
                   "mean": _round(Fraction(area_sum[pos]) / area_n[pos]) if area_n[pos] else None}
                  for pos, a in enumerate(areas)]
    units = UnitRows(result, areas)
    doc = {
        "criteria": {"id": model.id, "version": model.version, "sha256": scheme.sha256, "title": model.title,
                     "year": model.year},
        "matcher": result.matcher,
        "units": units if lazy else list(units),
        "failed": [{"file": f.file, "errors": [dict(e) for e in f.errors]} for f in result.failed],
        "summary": {
            "units": n, "failed": len(result.failed), "bands": bands,
            "index": {"mean": _round(Fraction(sum(indices)) / len(indices)) if indices else None,
                      "median": _median(indices),
                      "min": indices[0] if indices else None, "max": indices[-1] if indices else None},
            "areas": area_means,
        },
        "criteria_lost": [{"id": c.id, "title": c.title, "area": c.area, "points_lost": c.points_lost,
                           "units_losing": c.units_losing,
                           "units_share": _round(Fraction(c.units_losing * 100, n)) if n else None}
                          for c in result.losses[:top]],
    }
    if result.best:
        doc["relative"] = [{"id": nid, "title": scheme.nodes[nid].node.title,
                            "best": round_step(v, Decimal("0.000001")) if v is not None else None}
                           for nid, v in result.best.items()]
    return doc


# ---- JSON, written unit by unit -----------------------------------------------------------

_HOLE = "\u0000units of the ranking go here\u0000" + "." * 40      # no unit record can hold NUL


def iter_json(doc: dict, chunk: int = 200):
    """``dumps(doc)`` in pieces, the same bytes, each unit record made and encoded only when
    written (``doc["units"]`` may be a ``UnitRows``): the document with one placeholder
    unit is split around it, and the units go in between, indented as ``dumps`` does."""
    from .report.jsonout import dumps
    units = doc["units"]
    if not len(units):
        yield dumps({**doc, "units": []})
        return
    text = dumps({**doc, "units": [_HOLE]})
    hole = dumps(_HOLE).rstrip("\n")
    at = text.index(hole)
    yield text[:at]
    part: list[str] = []
    for i, u in enumerate(units):
        part.append(("" if i == 0 else ",\n    ") + dumps(u).rstrip("\n").replace("\n", "\n    "))
        if len(part) >= chunk:
            yield "".join(part)
            part = []
    yield "".join(part) + text[at + len(hole):]


# ---- text and Markdown --------------------------------------------------------------------

def render_text(doc: dict, lang: str, markdown: bool = False) -> str:
    w, num, idx = WORDS[lang], (lambda v: i18n.num(v, lang)), (lambda v: i18n.index(v, lang))
    fmt = "github" if markdown else "simple"
    h = (lambda s: f"## {s}") if markdown else (lambda s: f"{s}\n" + "-" * len(s))
    words = i18n.WORDS[lang]
    c, s = doc["criteria"], doc["summary"]
    out = [f"# {c['title']}" if markdown else c["title"], "",
           f"{words['scheme']}: {c['id']} v{c['version']} — {s['units']} {w['units']}"
           + (f", {s['failed']} {w['failed_n']}" if s["failed"] else ""), ""]

    area_ids = [a["id"] for a in s["areas"]]
    head = [w["rank"], w["unit_id"], w["unit_name"], words["score"], words["max"], words["index"], words["band"]]
    rows = [[u["rank"], u["unit"]["id"], u["unit"]["name"], num(u["total"]["points"]), num(u["total"]["max"]),
             idx(u["total"]["index"]), u["total"]["band"] or "—"] + [idx(a["index"]) for a in u["areas"]]
            for u in doc["units"]]
    out += [h(w["ranking"]), "", tabulate(rows, headers=head + area_ids, tablefmt=fmt, disable_numparse=True), ""]

    out += [h(w["summary"]), ""]
    out.append(f"{w['count']}: {s['units']}; {w['mean']}: {idx(s['index']['mean'])}; "
               f"{w['median']}: {idx(s['index']['median'])}")
    out.append(f"{w['bands']}: " + "; ".join(f"{b['band'] or w['no_band']}: {b['units']}" for b in s["bands"]))
    out += ["", w["areas"] + ":", ""]
    out.append(tabulate([[a["id"], a["title"], idx(a["mean"])] for a in s["areas"]],
                        headers=[words["code"], w["area"], w["mean"]], tablefmt=fmt, disable_numparse=True))

    lost = doc["criteria_lost"]
    out += ["", h(f"{w['lost']} ({len(lost)})"), ""]
    if lost:
        out.append(tabulate([[x["id"], x["title"], num(x["points_lost"]), x["units_losing"], idx(x["units_share"])]
                             for x in lost],
                            headers=[words["code"], words["criterion"], w["lost_sum"], w["losing"], w["share"]],
                            tablefmt=fmt, disable_numparse=True, colalign=("left", "left", "right", "right", "right")))
    else:
        out.append(words["none"])
    if doc.get("relative"):
        out += ["", h(w["relative"]), ""]
        out += [f"- {r['id']} {r['title']}: {num(r['best'])}" for r in doc["relative"]]
    bad = [u for u in doc["units"] if u["errors"]]
    if bad:
        out += ["", h(w["unit_errors"]), ""]
        out += [f"- {u['unit']['id']} ({u['file']}): " + "; ".join(f"{e['id']}: {e['message']}" for e in u["errors"])
                for u in bad]
    if doc["failed"]:
        out += ["", h(w["failed"]), ""]
        for f in doc["failed"]:
            out.append(f"- {f['file']}")
            out += [f"  - {diag_line(e)}" for e in f["errors"]]
    out.append("")
    return "\n".join(out)


def diag_line(e: dict) -> str:
    where = e["file"]
    if e.get("cell"):
        where += f":{e['cell']}"
    elif e.get("line"):
        where += f":{e['line']}:{e.get('col', 0)}"
    return f"{where}: {e['code']}: {e['message']}"


# ---- CSV and the workbook ----------------------------------------------------------------

def csv_rows(doc: dict) -> list[list]:
    """The ranking as a table: fixed English column names, then ``area_<id>_points``/``_index``."""
    from .report.ranking import CSV_HEAD, table
    return [CSV_HEAD + [f"area_{a['id']}_{k}" for a in doc["summary"]["areas"] for k in ("points", "index")]] \
        + table(doc)


def render_csv(doc: dict, lang: str = "vi") -> str:
    """Vietnamese: BOM, Vietnamese headers, decimal commas; ``en``: plain (scoring/report/ranking.py)."""
    from .report.ranking import render_csv as csv_text
    return csv_text(doc, lang)


def iter_csv(doc: dict, lang: str = "vi", chunk: int = 500):
    """``render_csv`` in pieces of ``chunk`` rows, each row made only when written."""
    from .report.ranking import iter_csv as pieces
    return pieces(doc, lang, chunk)


def render_xlsx(doc: dict, lang: str) -> bytes:
    """The ranking sheet (scoring/report/ranking.py), then summary, criteria lost and failed files."""
    from openpyxl import Workbook

    from .report.ranking import new_workbook_bytes, render_ranking_sheet
    from .report.xlsx_common import data_sheet
    w, words = WORDS[lang], i18n.WORDS[lang]
    wb = Workbook()
    wb.active.title = w["ranking"]
    render_ranking_sheet(wb, doc, lang)

    def sheet(ws, title: str, head: list, rows: list, widths: list) -> None:
        ws.title = title
        data_sheet(ws, head, rows, widths, lang)

    s = doc["summary"]
    sheet(wb.create_sheet(), w["summary"], [w["area"], words["criterion"], w["mean"]],
          [["", w["count"], s["units"]], ["", w["mean"], s["index"]["mean"]], ["", w["median"], s["index"]["median"]]]
          + [["", f"{w['bands']}: {b['band'] or w['no_band']}", b["units"]] for b in s["bands"]]
          + [[a["id"], a["title"], a["mean"]] for a in s["areas"]], [10, 60, 16])
    sheet(wb.create_sheet(), w["sheet_lost"],
          [words["code"], words["criterion"], w["area"], w["lost_sum"], w["losing"], w["share"]],
          [[x["id"], x["title"], x["area"], x["points_lost"], x["units_losing"], x["units_share"]]
           for x in doc["criteria_lost"]], [10, 60, 10, 14, 14, 14])
    if doc["failed"]:
        sheet(wb.create_sheet(), w["sheet_failed"], [w["file"], "code", w["message"]],
              [[f["file"], e["code"], diag_line(e)] for f in doc["failed"] for e in f["errors"]], [30, 22, 90])
    return new_workbook_bytes(wb)
