"""What the officer pages show, built from the engine's results (no scoring here)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scoring import i18n as fmt

from . import engine
from .entries import doc_rows, shown_date, shown_number


@dataclass
class KeyForm:
    key: str
    type: str
    title: str
    unit: str
    version: int
    values: dict[str, str]
    docs: list[dict]                     # supporting documents (plus one blank row)
    errors: dict[str, list[str]] = field(default_factory=dict)
    attachments: list = field(default_factory=list)

    @property
    def is_manual(self) -> bool:
        return self.type == "manual"


@dataclass
class Leaf:
    id: str
    title: str
    max: str
    points: str
    status: str
    lines: list[str]
    rule_lines: list[str]
    keys: list[KeyForm]
    files: list[tuple[str, str]]         # (sha256, name) of the documents it read
    note: str = ""
    errors: list[str] = field(default_factory=list)


def _entry_values(entry, etype: str, lang: str) -> tuple[dict[str, str], list[dict]]:
    v = {"illustrative": "", "na": "", "value": "", "reason": "", "points": "", "justification": "", "note": "",
         "number": "", "date": "", "title": "", "page": "", "file": "", "attachment": ""}
    docs: list[dict] = []
    if entry is None:
        return v, docs
    v["na"] = "on" if entry.na else ""
    v["reason"], v["note"], v["justification"] = entry.reason, entry.note, entry.justification
    v["illustrative"] = "on" if entry.illustrative else ""
    v["points"] = shown_number(entry.points, lang) if entry.points is not None else ""
    if etype == "date" and entry.value:
        v["value"] = shown_date(entry.value)
    elif etype in ("count", "number", "percent"):
        v["value"] = shown_number(entry.value, lang)
    else:
        v["value"] = entry.value
    all_docs = [dict(d, date=shown_date(d.get("date"))) for d in entry.documents or []]
    all_docs = [{k: (x or "") for k, x in d.items()} for d in all_docs]
    if etype == "document" and all_docs and not entry.na:
        v.update({k: all_docs[0].get(k, "") for k in ("number", "date", "title", "page", "file", "attachment")})
        all_docs = all_docs[1:]
    return v, all_docs


def _posted_values(data, key: str) -> tuple[dict[str, str], list[dict]]:
    v = {f: (data.get(f"{key}.{f}") or "") for f in ("illustrative", "na", "value", "reason", "points", "justification", "note",
                                                     "number", "date", "title", "page", "file", "attachment")}
    docs = [{f: (data.get(f"{p}.{f}") or "") for f in ("number", "date", "title", "page", "file", "attachment")}
            for p in doc_rows(data, key)]
    docs = [d for d in docs if any(d.values())]
    return v, docs


def key_forms(st, info, lang: str, posted=None, problems=()) -> list[KeyForm]:
    from criteria import rule_reads
    catalogue = st.compiled.scheme.model.evidence
    atts = list(st.assessment.attachments.all())
    out = []
    for key in rule_reads(info.node.rule or {}):
        spec = catalogue.get(key)
        if spec is None or spec.type == "survey":
            continue
        entry = st.entries.get(key)
        if posted is not None:
            values, docs = _posted_values(posted, key)
            version = int(posted.get(f"{key}.version") or 0)
        else:
            values, docs = _entry_values(entry, spec.type, lang)
            version = entry.version if entry else 0
        docs = docs + [{f: "" for f in ("number", "date", "title", "page", "file", "attachment")}]
        kf = KeyForm(key, spec.type, spec.title, spec.unit or "", version, values, docs, attachments=atts)
        for p in problems:
            if p.field == key or p.field.startswith(key + "."):
                _place(kf, p.field[len(key) + 1:], p.text(lang))
        out.append(kf)
    return out


def _place(kf: KeyForm, suffix: str, text: str) -> None:
    """Put a message beside the field its position names ("value", "documents.0.date", "")."""
    parts = suffix.split(".") if suffix else []
    if len(parts) >= 2 and parts[0] == "documents" and parts[1].isdigit() and int(parts[1]) < len(kf.docs):
        kf.docs[int(parts[1])].setdefault("errors", []).append(text)
        return
    name = parts[0] if parts and parts[0] in kf.values else "key"
    kf.errors.setdefault(name, []).append(text)


def leaf(st, node_id: str, lang: str, posted=None, problems=()) -> Leaf:
    info = st.compiled.scheme.nodes[node_id]
    res = st.result.nodes[node_id] if st.result is not None else None
    keys = key_forms(st, info, lang, posted, problems)
    lines, points, status = [], "", ""
    if res is not None:
        ex = engine.explainer(st.compiled, lang)
        lines = ex.node_lines(res)
        points = fmt.num(res.points, lang)
        status = fmt.status_label(res.status, res.excluded, lang)
    names = {a.sha256: a.original_name for a in st.assessment.attachments.all()}
    files: list[tuple[str, str]] = []
    for kf in keys:
        entry = st.entries.get(kf.key)
        for d in (entry.documents if entry else []) or []:
            sha = d.get("attachment")
            if sha and sha in names and (sha, names[sha]) not in files:
                files.append((sha, names[sha]))
    from .rule_words import rule_lines
    mine = [p.text(lang) for p in problems if not any(p.field == k.key or p.field.startswith(k.key + ".")
                                                      for k in keys)]
    return Leaf(node_id, info.node.title, fmt.num(info.node.max, lang), points, status, lines,
                rule_lines(info, st.compiled, lang), keys, files, info.node.note or "", mine)


def tree(st, lang: str, only: str | None = None, posted=None, problems=()) -> list[dict]:
    """Areas → groups → leaves, as the evidence page shows them."""
    scheme = st.compiled.scheme
    out = []
    for area in scheme.model.areas:
        res = st.result.nodes.get(area.id) if st.result is not None else None
        a: dict[str, Any] = {"id": area.id, "title": area.title, "max": fmt.num(area.max, lang),
                             "points": fmt.num(res.points, lang) if res else "", "groups": []}
        for group in _groups(area):
            leaves = [leaf(st, n.id, lang, posted if n.id == only else None, problems if n.id == only else ())
                      for n in group["leaves"]]
            a["groups"].append({"id": group["id"], "title": group["title"], "leaves": leaves})
        out.append(a)
    return out


def _groups(area) -> list[dict]:
    groups: list[dict] = []

    def walk(node, group):
        if node.rule is not None:
            group["leaves"].append(node)
            return
        for child in node.criteria or []:
            if child.rule is not None and node is area:
                if not groups or groups[-1]["id"] != area.id:
                    groups.append({"id": area.id, "title": "", "leaves": []})
                groups[-1]["leaves"].append(child)
            elif node is area:
                g = {"id": child.id, "title": child.title, "leaves": []}
                groups.append(g)
                walk(child, g)
            else:
                walk(child, group)
    walk(area, None)
    return groups
