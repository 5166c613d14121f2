"""The submission report as one self-contained HTML page, made to print on A4 landscape.

Inline CSS only (no external fonts, scripts or images). The table header
repeats on every printed page (``thead`` as a header group), a row never breaks
across pages, and the signature block stays whole. Rows carry ``class`` and
``data-id`` so tools (and tests) can read the structure back.
"""
from __future__ import annotations

from html import escape

from .. import i18n
from .submission import Report, Row, show_max, show_points

CSS = """
@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt;
       color: #000; background: #fff; margin: 0; }
@media screen { body { max-width: 277mm; margin: 8mm auto; } }
table.head { width: 100%; border-collapse: collapse; }
table.head td { width: 50%; text-align: center; vertical-align: top; padding: 0 4pt; line-height: 1.35; }
.upper { text-transform: uppercase; font-weight: bold; }
.rule { display: block; width: 35%; margin: 2pt auto 0; border-top: 0.8pt solid #000; }
.place { font-style: italic; margin-top: 6pt; }
h1 { text-align: center; font-size: 15pt; margin: 14pt 0 3pt; }
p.sub { text-align: center; margin: 0 0 2pt; font-weight: bold; }
p.basis { text-align: center; margin: 0 0 10pt; font-style: italic; font-size: 11pt; }
table.score { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 10pt; line-height: 1.3; }
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
table.sign { width: 100%; margin-top: 14pt; border-collapse: collapse; break-inside: avoid;
             page-break-inside: avoid; }
table.sign td { width: 50%; text-align: center; vertical-align: top; padding-bottom: 60pt; }
"""


def render_html(rep: Report) -> str:
    t, lang = rep.t, rep.lang
    e = escape
    n = lambda v: i18n.num(v, lang)  # noqa: E731
    widths = (6, 26, 7, 7, 25, 29)
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(rep.heading)} — {e(rep.unit_name)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           '<table class="head"><tr>',
           f'<td><span class="upper">{e(rep.unit_name)}</span><span class="rule"></span></td>',
           f'<td><span class="upper">{e(t["nation"])}</span><br><b>{e(t["motto"])}</b>'
           f'<span class="rule"></span><div class="place">{e(rep.place_date)}</div></td>',
           "</tr></table>",
           f"<h1>{e(rep.heading)}</h1>", f'<p class="sub">{e(rep.subtitle)}</p>', f'<p class="basis">{e(rep.basis)}</p>',
           '<table class="score">', "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>",
           "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in t["headers"]) + "</tr></thead>", "<tbody>"]
    for r in rep.rows:
        out.append(_row(r, rep))
    out.append(f'<tr class="sum total"><td></td><td>{e(t["total"])}</td><td class="num">{n(rep.max)}</td>'
               f'<td class="num">{n(rep.total)}</td><td></td><td class="how muted">{e(t["total_how"])}</td></tr>')
    out.append(f'<tr class="sum index"><td></td><td>{e(t["index"])}</td><td></td>'
               f'<td class="num">{i18n.index(rep.index, lang)}</td><td></td>'
               f'<td class="how">{e(t["index_how"].format(points=n(rep.total), max=n(rep.max)))}</td></tr>')
    out.append(f'<tr class="sum band"><td></td><td>{e(t["band"])}</td><td></td>'
               f'<td class="num">{e(rep.band or "—")}</td><td></td><td></td></tr>')
    out += ["</tbody>", "</table>",
            '<table class="sign"><tr>',
            f'<td><b>{e(t["prepared"])}</b><br><i>{e(t["sign_self"])}</i><br><br><br><br>{e(rep.prepared_by or "")}</td>',
            f'<td><b>{e(t["head"])}</b><br><i>{e(t["sign"])}</i></td>',
            "</tr></table>", "</body>", "</html>", ""]
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
