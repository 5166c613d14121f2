"""What ``criteria verify`` prints: the properties table, then each counterexample as files."""
from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

from criteria.xlsx_params import flow

from .. import i18n
from ..files import rel
from .verify import PROPERTIES, Finding, VerifyReport

NAMES = {
    "vi": {"bounds": "Giới hạn: điểm trong khung tối thiểu–tối đa, tổng bằng các phần",
           "monotone": "Đơn điệu: tài liệu tốt hơn (hoặc bổ sung) không làm giảm điểm",
           "determinism": "Tất định: viết theo thứ tự khác, kết quả không đổi",
           "trace": "Có giải thích cho mọi tiêu chí",
           "reach_max": "Mọi tiêu chí đạt được điểm tối đa",
           "reach_min": "Mọi tiêu chí có thể chỉ được điểm tối thiểu"},
    "en": {"bounds": "Bounds: points within min..max, totals are the sums",
           "monotone": "Monotone: better (or supplied) evidence never lowers points",
           "determinism": "Deterministic: another order of keys and criteria, same result",
           "trace": "A trace for every node",
           "reach_max": "Every node can reach its max",
           "reach_min": "Every node can fall to its min"},
}
FILE = {"vi": "phan-vi-du-{n}", "en": "counterexample-{n}"}


def _v(value: Any, lang: str) -> str:
    if value is None:
        return "thiếu" if lang == "vi" else "missing"
    if isinstance(value, dict) and value.get("na"):
        return "không phát sinh" if lang == "vi" else "N/A"
    if isinstance(value, dict) and "date" in value:
        value = value["date"]
    if isinstance(value, dict) and "points" in value:
        value = value["points"]
    if isinstance(value, bool):
        return i18n.yes_no(value, lang)
    if isinstance(value, dt.date):
        return i18n.date(value, lang)
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        return i18n.num(value, lang)
    return str(value)


def message(f: Finding, lang: str) -> str:
    d, node, vi = f.detail, f.node, lang == "vi"
    where = (f"tiêu chí {node}" if vi else f"node {node}") if node else ("tổng điểm" if vi else "the total")
    n = lambda x: i18n.num(x, lang)  # noqa: E731
    if f.prop == "bounds":
        if d.get("status") == "error":
            return f"{where}: quy tắc không chấm được (trạng thái lỗi)" if vi else f"{where}: the rule failed (error)"
        if "sum" in d:
            return (f"{where}: {n(d['points'])} điểm nhưng các phần cộng lại {n(d['sum'])}" if vi else
                    f"{where}: {n(d['points'])} points but its parts add up to {n(d['sum'])}")
        return (f"{where}: {n(d['points'])} điểm, ngoài khung {n(d['min'])}–{n(d['max'])}" if vi else
                f"{where}: {n(d['points'])} points, outside {n(d['min'])}..{n(d['max'])}")
    if f.prop == "monotone":
        change = f"«{d['key']}»: {_v(d['before'], lang)} → {_v(d['after'], lang)}"
        return (f"{change} là tốt hơn, nhưng điểm {where} giảm từ {n(d['from'])} xuống {n(d['to'])}" if vi else
                f"{change} is better, but {where} drops from {n(d['from'])} to {n(d['to'])} points")
    if f.prop == "determinism":
        return (f"cùng dữ liệu viết theo thứ tự khác cho kết quả khác ({where})" if vi else
                f"the same facts in another order give another result ({where})")
    if f.prop == "trace":
        return (f"{where}: thiếu giải thích ({d.get('why')})" if vi else f"{where}: incomplete trace ({d.get('why')})")
    if f.prop == "reach_max":
        return (f"{where}: điểm tối đa {n(d['goal'])} nhưng với mọi tài liệu kiểm chứng đã thử chỉ đạt "
                f"{n(d['reached'])}" if vi else
                f"{where}: max {n(d['goal'])}, but the best evidence tried earns only {n(d['reached'])}")
    return (f"{where}: điểm tối thiểu {n(d['goal'])} nhưng tài liệu kém nhất vẫn được {n(d['reached'])}" if vi else
            f"{where}: min {n(d['goal'])}, but the worst evidence still earns {n(d['reached'])}")


def evidence_yaml(data: dict, comment: str = "") -> str:
    lines = [f"# {c}" for c in comment.splitlines()]
    for key, value in data.items():
        if isinstance(value, dict) and key in ("evidence", "results") and value:
            lines.append(f"{key}:")
            lines.extend(f"  {flow(k)}: {flow(v)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {flow(value)}")
    return "\n".join(lines) + "\n"


def counterexample_files(report: VerifyReport, lang: str) -> list[tuple[str, str]]:
    """(file name, text) of every counterexample, in the order they are printed."""
    out = []
    for i, f in enumerate(report.findings, start=1):
        base = FILE[lang].format(n=i)
        head = f"{'Phản ví dụ' if lang == 'vi' else 'Counterexample'} {i}: {message(f, lang)}"
        if f.evidence is not None:
            out.append((f"{base}.yaml", evidence_yaml(f.evidence, head)))
        if f.better is not None:
            out.append((f"{base}-{'tot-hon' if lang == 'vi' else 'better'}.yaml", evidence_yaml(f.better, head)))
        if f.survey is not None:
            out.append((f"{base}.survey.yaml", evidence_yaml(f.survey, head)))
    return out


def render_verify(report: VerifyReport, lang: str, saved: str | None = None) -> str:
    vi = lang == "vi"
    lines = [(f"Kiểm tra bộ tiêu chí {report.scheme_id} v{report.version}, sha256 {report.sha256[:12]}…" if vi else
              f"Verifying scheme {report.scheme_id} v{report.version}, sha256 {report.sha256[:12]}…"),
             (f"Tệp: {rel(report.file)}" if vi else f"File: {rel(report.file)}"),
             (f"{report.examples} hồ sơ sinh ngẫu nhiên, seed {report.seed}; các mức của từng tiêu chí thử hết" if vi
              else f"{report.examples} generated evidence files, seed {report.seed}; every leaf's grid of values"),
             ""]
    head = ("Tính chất", "Đã thử", "Kết quả") if vi else ("Property", "Tried", "Result")
    lines.append(f"{head[0]:<66} {head[1]:>7}  {head[2]}")
    for prop in PROPERTIES:
        bad = report.failed(prop)
        if bad:
            nodes = ", ".join(f.node or ("tổng" if vi else "total") for f in bad)
            result = f"{'KHÔNG ĐẠT' if vi else 'FAILED'} ({nodes})"
        else:
            result = "đạt" if vi else "ok"
        lines.append(f"{NAMES[lang][prop]:<66} {report.tried.get(prop, 0):>7}  {result}"[:100])
    lines.append("")
    if report.ok:
        lines.append("Không tìm thấy phản ví dụ." if vi else "No counterexample found.")
        return "\n".join(lines) + "\n"
    files = counterexample_files(report, lang)
    scheme = rel(report.file)
    for i, f in enumerate(report.findings, start=1):
        base = FILE[lang].format(n=i)
        title = "Phản ví dụ" if vi else "Counterexample"
        lines.extend(textwrap.wrap(f"{title} {i} — {NAMES[lang][f.prop].split(':')[0].lower()}: {message(f, lang)}",
                                   width=100, subsequent_indent="  "))
        target = f"{saved}/{base}.yaml" if saved else f"{base}.yaml"
        survey = f" --survey {saved + '/' if saved else ''}{base}.survey.yaml" if f.survey else ""
        node = f" {f.node}" if f.node else ""
        lines.append(("  Chạy lại: " if vi else "  Reproduce: ") + f"parscore explain {scheme} {target}{node}{survey}")
        if f.better is not None:
            lines.append(("  Hồ sơ tốt hơn: " if vi else "  Better evidence: ") + target.replace(".yaml", "-tot-hon.yaml"
                         if vi else "-better.yaml"))
        lines.append("")
    if saved:
        lines.append((f"Các tệp phản ví dụ đã lưu trong {saved}/" if vi else f"Counterexample files saved in {saved}/"))
    else:
        lines.append("Lưu mỗi phần dưới đây thành tệp có tên ghi ở dòng «---» (hoặc dùng --save THƯ_MỤC):" if vi else
                     "Save each part below as the file named on its «---» line (or use --save DIR):")
        for name, text in files:
            lines.append(f"--- {name}")
            lines.append(text.rstrip("\n"))
    return "\n".join(lines) + "\n"


def verify_json(report: VerifyReport) -> dict:
    return {"criteria": {"id": report.scheme_id, "version": report.version, "sha256": report.sha256},
            "examples": report.examples, "seed": report.seed, "ok": report.ok,
            "properties": {p: {"tried": report.tried.get(p, 0), "ok": not report.failed(p)} for p in PROPERTIES},
            "counterexamples": [{"property": f.prop, "node": f.node, "detail": f.detail, "evidence": f.evidence,
                                 "better": f.better, "survey": f.survey} for f in report.findings]}
