"""The current evidence as files an officer can keep or send (YAML, the filled XLSX form),
and the submission report with the snapshot's fingerprint printed on it."""
from __future__ import annotations

import datetime as dt
import html
import io
from decimal import Decimal

import yaml

from . import engine
from .selectors import evidence_mapping, unit_mapping


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper, value: Decimal):
    text = str(value)
    if "." not in text and "E" not in text:
        return dumper.represent_scalar("tag:yaml.org,2002:int", text)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _decimal)


def evidence_dict(st) -> dict:
    a = st.assessment
    out = {"unit": unit_mapping(a), "criteria": st.compiled.id}
    if a.prepared_by:
        out["prepared_by"] = a.prepared_by
    out["evidence"] = evidence_mapping(a, st.compiled, st.entries)
    return out


def evidence_yaml(st) -> str:
    a = st.assessment
    head = (f"# Hồ sơ tài liệu kiểm chứng — {a.unit.name}, bộ tiêu chí {st.compiled.id} "
            f"(xuất từ không gian làm việc parscore)\n")
    return head + yaml.dump(evidence_dict(st), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _doc_cells(doc: dict) -> dict:
    return {"number": doc.get("number"), "date": doc.get("date"), "doc_title": doc.get("title"),
            "page": doc.get("page"), "file": doc.get("file")}


def evidence_xlsx(st, lang: str) -> bytes:
    """The scheme's blank form (the engine's template) filled with the current evidence;
    importing it gives the same entries back."""
    from openpyxl import load_workbook

    from evidence.xlsx import COLUMNS, HEADER_LABELS, HEADER_VALUE_COL, SHEET, norm
    blank = engine.blank_form_xlsx(st.compiled, lang)
    wb = load_workbook(io.BytesIO(blank))
    ws = wb[SHEET[lang]]
    labels = {norm(v): k for k, v in HEADER_LABELS[lang].items()}
    ev = evidence_dict(st)
    header = {"criteria": ev["criteria"], "unit.id": ev["unit"]["id"], "unit.name": ev["unit"]["name"],
              "unit.province": ev["unit"].get("province"), "prepared_by": ev.get("prepared_by")}
    key_col = COLUMNS.index("key") + 1
    rows: dict[str, int] = {}
    header_row = None
    for row in range(1, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        field = labels.get(norm(label)) if isinstance(label, str) else None
        if field in header and header[field] is not None and header_row is None:
            ws.cell(row=row, column=HEADER_VALUE_COL).value = header[field]
        k = ws.cell(row=row, column=key_col).value
        if isinstance(k, str) and k in st.compiled.scheme.model.evidence:
            rows.setdefault(k, row)
    col = {name: i + 1 for i, name in enumerate(COLUMNS)}
    extra = ws.max_row + 1
    catalogue = st.compiled.scheme.model.evidence
    for key, item in ev["evidence"].items():
        row = rows.get(key)
        if row is None:
            continue
        etype = catalogue[key].type
        cells: dict = {}
        docs = list(item.get("documents") or [])
        if item.get("na"):
            cells["reason"] = item.get("reason") or "-"
        elif etype == "manual":
            cells["value"], cells["justification"] = item["points"], item.get("justification")
        elif etype == "document":
            cells.update(_doc_cells(item))
        else:
            v = item["value"]
            cells["value"] = ("Có" if v else "Không") if isinstance(v, bool) else v
        if etype != "document" and docs:
            cells.update(_doc_cells(docs.pop(0)))
        if item.get("note") and etype != "manual":
            cells["justification"] = item["note"]
        _fill(ws, row, col, cells)
        for doc in docs:
            ws.cell(row=extra, column=key_col).value = key
            _fill(ws, extra, col, _doc_cells(doc))
            extra += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _fill(ws, row: int, col: dict, cells: dict) -> None:
    for name, value in cells.items():
        if value is None or name not in col:
            continue
        if isinstance(value, str) and name == "date":
            value = dt.date.fromisoformat(value) if len(value) == 10 and value[4] == "-" else value
        c = ws.cell(row=row, column=col[name])
        c.value = value
        if isinstance(value, dt.date):
            c.number_format = "DD/MM/YYYY"
        elif isinstance(value, Decimal) and name == "value":
            c.number_format = "General"


def report(st, lang: str, fmt: str) -> bytes:
    """The engine's submission report; a submitted assessment's fingerprint printed on it."""
    data = engine.report(st.compiled, st.submission, st.result, lang, fmt)
    a = st.assessment
    if not a.fingerprint:
        return data
    label = ("Mã niêm phong hồ sơ đã nộp (SHA-256)" if lang == "vi" else "Fingerprint of the submitted file (SHA-256)")
    when = a.submitted_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M") \
        if a.submitted_at else ""
    if fmt == "html":
        text = data.decode("utf-8")
        stamp = (f'<p class="fingerprint" style="font-family:monospace;font-size:10pt">{html.escape(label)}: '
                 f"{a.fingerprint} — {html.escape(when)}</p>")
        return text.replace("</body>", stamp + "\n</body>", 1).encode("utf-8")
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    ws.cell(row=ws.max_row + 2, column=1).value = f"{label}: {a.fingerprint} — {when}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
