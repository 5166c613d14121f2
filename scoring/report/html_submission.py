"""The submission report as one self-contained HTML page that prints as the same A4 document as the DOCX.

Inline CSS only (no external fonts, scripts or images). A4 portrait with the
ND 30 margins (20/15/20/30 mm), Times New Roman 13 pt; the letterhead, title,
result, score table (``thead`` repeats on every printed page, a row never
breaks), and the totals in a ``tfoot``-like closing block that holds the
totals, the closing sentence and the signature together (``break-inside:
avoid``), so the signature never lands alone on the last page. Rows carry ``class`` and
``data-id`` so tools (and tests) can read the structure back.
"""
from __future__ import annotations

from html import escape

from .. import i18n
from .official import RECIPIENTS
from .submission import Report, Row, show_max, show_points

CSS = """
@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13pt;
       color: #000; background: #fff; margin: 0; }
@media screen { body { max-width: 165mm; margin: 10mm auto; } }
table.head { width: 100%; border-collapse: collapse; }
table.head td { text-align: center; vertical-align: top; padding: 0; line-height: 1.25; }
table.head td.agency { width: 41%; font-size: 12.5pt; } table.head td.nation { width: 59%; }
.bold { font-weight: bold; } .nation-line { font-weight: bold; font-size: 12.5pt; white-space: nowrap; }
.motto { font-weight: bold; font-size: 13.5pt; }
.rule { display: block; margin: 2pt auto 0; border-top: 0.8pt solid #000; }
.agency .rule { width: 22mm; } .nation .rule { width: 60mm; }
.number { margin-top: 5pt; } .place { font-style: italic; margin-top: 5pt; font-size: 13.5pt; }
h1 { text-align: center; font-size: 14pt; margin: 18pt 0 0; }
p.sub { text-align: center; margin: 0; font-weight: bold; font-size: 14pt; }
p.sub + .rule { width: 40mm; margin-bottom: 8pt; }
p.basis { text-align: center; margin: 0 0 8pt; font-style: italic; font-size: 12pt; }
p.body { text-align: justify; text-indent: 10mm; margin: 0 0 6pt; line-height: 1.15; }
p.part { font-weight: bold; margin: 6pt 0 4pt; break-after: avoid; page-break-after: avoid; }
p.how { font-style: italic; font-size: 12pt; }
table.score { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 11pt; line-height: 1.2; }
table.score th, table.score td { border: 0.6pt solid #000; padding: 2.5pt 4pt; vertical-align: top;
                                 overflow-wrap: anywhere; }
table.score thead { display: table-header-group; }
table.score th { background: #dce6f1; text-align: center; vertical-align: middle; font-weight: bold; }
table.score tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.stt { text-align: center; white-space: nowrap; }
tr.area td { background: #ededed; font-weight: bold; }
tr.criterion td.title { font-weight: bold; font-style: italic; }
tr.depth-1 td.title { padding-left: 10pt; } tr.depth-2 td.title { padding-left: 18pt; }
tr.depth-3 td.title { padding-left: 26pt; } tr.depth-4 td.title { padding-left: 34pt; }
tr.out td.num { color: #555; font-style: italic; }
tr.missing td.points { background: #fde9d9; }
tr.sum td { font-weight: bold; background: #f7f7f7; }
tr.sum td.how, tr.area td.how { font-weight: normal; }
ul.docs { margin: 0; padding-left: 11pt; }
ul.docs li { margin: 0 0 1pt; }
.muted { color: #555; }
tr.closing > td { border: none; padding: 0; font-size: 13pt; }
tr.closing { break-inside: avoid; page-break-inside: avoid; }
table.totals { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: -0.6pt; }
table.totals td { border: 0.6pt solid #000; padding: 2.5pt 4pt; font-weight: bold; background: #f2f2f2; }
table.totals td.how { font-weight: normal; font-style: italic; }
table.sign { width: 100%; margin-top: 6pt; border-collapse: collapse; font-size: 13pt; }
table.sign td { vertical-align: top; border: none; padding: 0; }
td.filing { width: 48%; font-size: 11pt; } td.filing b { font-size: 12pt; font-style: italic; }
td.signer { text-align: center; font-size: 13.5pt; } td.signer .name { margin-top: 56pt; font-weight: bold; }
"""


def render_html(rep: Report) -> str:
    t, lang = rep.t, rep.lang
    e = escape
    n = lambda v: i18n.num(v, lang)  # noqa: E731
    h = rep.letterhead
    widths = (7, 28, 8.5, 8.5, 23, 25)
    agency = (f"<div>{e(h.superior.upper())}</div>" if h.superior else "") + \
        "".join(f'<div class="bold">{e(line.upper())}</div>' for line in h.agency)
    result_line = t["result_line"].format(points=n(rep.total), max=n(rep.max), index=i18n.index(rep.index, lang),
                                          band=i18n.band(rep.band, lang))
    cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(rep.heading)} — {e(rep.unit_name)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           '<table class="head"><tr>',
           f'<td class="agency">{agency}<span class="rule"></span><div class="number">{e(h.number)}</div></td>',
           f'<td class="nation"><div class="nation-line">{e(h.nation)}</div><div class="motto">{e(h.motto)}</div>'
           f'<span class="rule"></span><div class="place">{e(h.place_date)}</div></td>',
           "</tr></table>",
           f"<h1>{e(rep.heading)}</h1>", f'<p class="sub">{e(rep.subtitle)}</p><span class="rule"></span>',
           f'<p class="basis">{e(rep.basis)}</p>',
           f'<p class="body">{e(t["intro"].format(year=rep.year, unit=rep.unit_name))}</p>',
           f'<p class="part">{e(t["part_result"])}</p>',
           f'<p class="body">{e(result_line)}</p>',
           f'<p class="body how">{e(t["index_how"].format(points=n(rep.total), max=n(rep.max)))}. '
           f'{e(t["total_how"])}</p>',
           f'<p class="part">{e(t["part_table"])}</p>',
           f'<table class="score">{cols}',
           "<thead><tr>" + "".join(f"<th>{e(x)}</th>" for x in t["headers"]) + "</tr></thead>", "<tbody>"]
    for r in rep.rows:
        out.append(_row(r, rep))
    s = rep.signature
    signer = "".join(f"<div><b>{e(line)}</b></div>" for line in s.lines)
    if not s.name:
        signer += f"<div><i>{e(s.note)}</i></div>"
    signer += f'<div class="name">{e(s.name or "")}</div>'
    filing = f"<b>{e(RECIPIENTS[lang])}</b>" + "".join(f"<div>{e(x)}</div>" for x in rep.filing)
    out += [f'<tr class="closing"><td colspan="6"><table class="totals">{cols}',
            f'<tr class="sum total"><td></td><td>{e(t["total"])}</td><td class="num">{n(rep.max)}</td>'
            f'<td class="num">{n(rep.total)}</td><td class="how" colspan="2">{e(t["total_how"])}</td></tr>',
            f'<tr class="sum index"><td></td><td>{e(t["index"])}</td><td></td>'
            f'<td class="num">{i18n.index(rep.index, lang)}</td>'
            f'<td class="how" colspan="2">{e(t["index_how"].format(points=n(rep.total), max=n(rep.max)))}</td></tr>',
            f'<tr class="sum band"><td></td><td>{e(t["band"])}</td><td></td>'
            f'<td class="num">{e(i18n.band(rep.band, lang))}</td><td colspan="2"></td></tr>', "</table>",
            f'<p class="body" style="margin-top:8pt">{e(t["closing"].format(year=rep.year, unit=rep.unit_name))}</p>',
            f'<table class="sign"><tr><td class="filing">{filing}</td><td class="signer">{signer}</td></tr></table>',
            "</td></tr>", "</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(out)


def _row(r: Row, rep: Report) -> str:
    e = escape
    lang = rep.lang
    classes = [r.kind, f"depth-{r.depth}"]
    if r.kind == "area":
        classes.append("subtotal")
    if r.points is None:
        classes.append("out")
    if r.status == "missing":
        classes.append("missing")
    if r.documents:
        docs = '<ul class="docs">' + "".join(f"<li>{e(d)}</li>" for d in r.documents) + "</ul>"
    else:
        docs = rep.t["no_docs"] if r.kind == "leaf" else ""
    return (f'<tr class="{" ".join(classes)}" data-id="{e(r.id)}" data-status="{e(r.status)}">'
            f'<td class="stt">{e(r.id)}</td><td class="title">{e(r.title)}</td>'
            f'<td class="num max">{show_max(r, lang)}</td><td class="num points">{show_points(r, lang)}</td>'
            f"<td>{docs}</td><td>{e(r.explanation)}</td></tr>")
