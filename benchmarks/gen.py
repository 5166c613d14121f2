"""Seeded synthetic units for a scheme (by default the model scheme mau-xa-2024).

Unit ``i`` of seed ``s`` is always the same: its random generator is seeded with
``"s:i"``, so a worker process can make unit 7,000 without making the 6,999
before it, and a run is reproducible. Every catalogue key gets a valid value of
its type (ratio parts never exceed their whole, dates fall around the due dates
the deadline rules read, manual points stay inside every reading node's bounds),
about 3% are left out (missing evidence) and about 2% are "không phát sinh"
where the scheme allows it (never for a key a ``na: never`` node reads). Each
unit has a quality drawn once, so good units tend to be good everywhere and the
ranking has a shape. Most units (80%) get survey results.

    python benchmarks/gen.py --n 500 --out /tmp/units          # YAML files + surveys
    python benchmarks/gen.py --n 3 --print                       # one YAML stream on stdout
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from criteria import LoadedScheme  # noqa: E402

MISSING = 0.03
NA = 0.02
SURVEY = 0.8


@dataclass(frozen=True)
class KeyPlan:
    key: str
    type: str
    better: str | None
    na_ok: bool
    wholes: tuple[str, ...]        # ratio denominators this key is the numerator of
    due: dt.date | None            # the due date a deadline rule compares it with
    bounds: tuple[Decimal, Decimal] | None   # manual: the points every reader accepts
    scale: tuple[str, ...] | None  # survey: answer letters, when the rule has a scale
    positive: bool = False         # the whole of a ratio a ``na: never`` node reads: 0 would be refused


def plan(scheme: LoadedScheme) -> list[KeyPlan]:
    """What the generator needs to know about each catalogue key, from the rules that read it."""
    out = []
    for key, spec in scheme.model.evidence.items():
        readers = scheme.readers(key)
        rules = [r.node.rule or {} for r in readers]
        wholes = tuple(r["ratio"]["to"] for r in rules
                       if isinstance(r.get("ratio"), dict) and r["ratio"].get("of") == key)
        due = next((r["due"] for r in rules if r.get("kind") == "deadline" and isinstance(r.get("due"), dt.date)), None)
        bounds = None
        if spec.type == "manual" and readers:
            bounds = (max(r.min for r in readers), min(r.node.max for r in readers))
        scale = next((tuple(r["scale"]) for r in rules if r.get("kind") == "survey" and isinstance(r.get("scale"), dict)),
                     None)
        na_ok = spec.type != "survey" and all(r.na != "never" for r in readers)
        positive = any(r.na == "never" and isinstance(rule.get("ratio"), dict) and rule["ratio"].get("to") == key
                       for r, rule in zip(readers, rules))
        out.append(KeyPlan(key, spec.type, spec.better, na_ok, wholes, due, bounds, scale, positive))
    # wholes before their parts, so a part can be drawn below its whole
    return sorted(out, key=lambda p: bool(p.wholes))


def _dmy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _int(rng: random.Random, a: int, b: int) -> int:
    """A whole number a..b (``randint`` without its argument checks: 3× cheaper)."""
    return a + int(rng.random() * (b - a + 1))


def _pct(rng: random.Random, q: float) -> Decimal:
    v = min(100.0, max(0.0, rng.gauss(55 + 45 * q, 8)))
    return Decimal(f"{v:.2f}")


def unit(scheme: LoadedScheme, seed: int, i: int, plans: list[KeyPlan] | None = None) -> tuple[dict, dict | None]:
    """Unit ``i``: an evidence mapping (as an evidence YAML file holds it) and a survey mapping or None."""
    rng = random.Random(f"{seed}:{i}")
    plans = plans if plans is not None else plan(scheme)
    year = scheme.model.year
    q = rng.uniform(0.3, 1.0)
    uid = f"xa-{i:05d}"
    ev: dict = {}
    counts: dict[str, int] = {}
    survey: dict = {}
    for p in plans:
        if p.type == "survey":
            if p.scale:
                n = _int(rng, 5, 40)
                a = round(n * rng.uniform(q * 0.6, q))
                b = _int(rng, 0, n - a)
                c = _int(rng, 0, n - a - b)
                survey[p.key] = dict(zip(p.scale, (a, b, c, n - a - b - c)))
            else:
                survey[p.key] = _pct(rng, q)
            continue
        r = rng.random()
        if r < MISSING:
            continue
        if r < MISSING + NA and p.na_ok:
            ev[p.key] = {"na": True, "reason": "Trong năm không phát sinh"}
            continue
        if p.type == "boolean":
            ev[p.key] = rng.random() < 0.35 + 0.65 * q
        elif p.type == "count":
            if p.wholes:
                cap = min((counts.get(w, 0) for w in p.wholes), default=0)
                v = min(cap, round(cap * rng.uniform(q - 0.15, 1.0))) if cap else 0
                v = max(0, v)
            elif p.better == "lower":
                v = 0 if rng.random() < q else _int(rng, 1, 4)
            else:
                v = _int(rng, 0, 60) if p.better is None else round(_int(rng, 0, 40) * q)
            if p.positive:
                v = max(1, v)
            counts[p.key] = v
            ev[p.key] = v
        elif p.type == "percent":
            ev[p.key] = _pct(rng, q)
        elif p.type == "number":
            ev[p.key] = Decimal(f"{rng.uniform(40 + 50 * q, 140):.2f}")
        elif p.type in ("date", "document"):
            due = p.due or dt.date(year, 6, 30)
            late = 0 if rng.random() < 0.3 + 0.7 * q else _int(rng, 1, 60)
            day = due + dt.timedelta(days=late - _int(rng, 0, 20) * (late == 0))
            if p.type == "date":
                ev[p.key] = _dmy(day)
            else:
                ev[p.key] = {"number": f"{_int(rng, 1, 300)}/QĐ-UBND", "date": _dmy(day),
                             "title": f"Văn bản {p.key} năm {year}"}
        elif p.type == "manual":
            lo, hi = p.bounds or (Decimal(0), Decimal(1))
            steps = int((hi - lo) / Decimal("0.05"))
            pts = lo + Decimal("0.05") * round(steps * rng.uniform(q * 0.5, 1.0))
            ev[p.key] = {"points": min(hi, pts), "justification": "Đơn vị tự chấm theo kết quả thực hiện (dữ liệu mẫu)"}
    doc = {"unit": {"id": uid, "name": f"UBND xã Mẫu số {i}", "province": "Tỉnh Mẫu"},
           "criteria": scheme.id, "evidence": ev}
    sv = None
    if survey and rng.random() < SURVEY:
        sv = {"survey": {"unit": uid, "criteria": scheme.id, "by": "Sở Nội vụ (dữ liệu mẫu)"}, "results": survey}
    return doc, sv


_PLANS: dict[str, list[KeyPlan]] = {}


def load_synthetic(compiled, task):
    """A ``scoring.batch`` loader: ``task.source`` is ``(seed, i)``; validates like a file would."""
    from evidence import build_submission
    from evidence.survey import build_survey
    scheme = compiled.scheme
    plans = _PLANS.get(scheme.sha256)
    if plans is None:
        plans = _PLANS[scheme.sha256] = plan(scheme)
    seed, i = task.source
    doc, sv = unit(scheme, seed, i, plans)
    sub = build_submission(doc, task.name, scheme)
    return sub, (build_survey(sv, task.name + " (survey)", scheme, sub.unit.id) if sv else None)


def tasks(n: int, seed: int = 1) -> list:
    from scoring.batch import Task
    return [Task(f"xa-{i:05d}", (seed, i)) for i in range(n)]


_DUMPER = None


def to_yaml(doc: dict) -> str:
    """Block-style YAML as an officer's file has it (libyaml's emitter where PyYAML has it: 10× faster)."""
    global _DUMPER
    if _DUMPER is None:
        import yaml

        class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
            pass

        Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f")))
        _DUMPER = Dumper
    import yaml
    return yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120)


def to_block_yaml(doc: dict, indent: str = "") -> str:
    """The same YAML as ``to_yaml`` for the generator's shapes (mappings of scalars and
    mappings; strings double-quoted), written directly: ~50× faster, for writing 10,000 files."""
    import json
    out = []
    for k, v in doc.items():
        if isinstance(v, dict):
            out.append(f"{indent}{k}:\n" + to_block_yaml(v, indent + "  "))
        elif isinstance(v, bool):
            out.append(f"{indent}{k}: {'true' if v else 'false'}\n")
        elif isinstance(v, (int, Decimal)):
            out.append(f"{indent}{k}: {format(v, 'f') if isinstance(v, Decimal) else v}\n")
        elif isinstance(v, str):
            out.append(f"{indent}{k}: {json.dumps(v, ensure_ascii=False)}\n")
        else:
            raise TypeError(f"{k}: {type(v).__name__}")
    return "".join(out)


def write_workbook(scheme: LoadedScheme, n: int, path: Path, survey_folder: Path, seed: int = 1) -> None:
    """Units 0..n-1 as one workbook, a row each (``parscore rank``'s workbook form), and their
    surveys as files in ``survey_folder``. Written in openpyxl's write-only mode."""
    from openpyxl import Workbook
    plans = plan(scheme)
    keys = [p.key for p in plans if p.type != "survey"]
    types = {p.key: p.type for p in plans}
    head = ["unit_id", "unit_name", "province"]
    for k in keys:
        head.append(k)
        head += {"document": [f"{k}.number", f"{k}.title"], "manual": [f"{k}.justification"]}.get(types[k], [])
        head.append(f"{k}.reason")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Evidence")
    ws.append(head)
    survey_folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        doc, sv = unit(scheme, seed, i, plans)
        u, ev = doc["unit"], doc["evidence"]
        row: list = [u["id"], u["name"], u["province"]]
        for k in keys:
            v = ev.get(k)
            t = types[k]
            if isinstance(v, dict) and v.get("na"):
                row += ["KPS"] + [None] * {"document": 2, "manual": 1}.get(t, 0) + [v.get("reason")]
                continue
            if t == "document":
                row += [v["date"], v["number"], v["title"]] if v else [None, None, None]
            elif t == "manual":
                row += [float(v["points"]), v["justification"]] if v else [None, None]
            else:
                row.append(float(v) if isinstance(v, Decimal) else v)
            row.append(None)
        ws.append(row)
        if sv:
            (survey_folder / f"{u['id']}.survey.yaml").write_text(to_block_yaml(sv), encoding="utf-8")
    wb.save(path)


def write_folder(scheme: LoadedScheme, n: int, folder: Path, survey_folder: Path | None = None, seed: int = 1) -> None:
    """Units 0..n-1 as ``<unit id>.yaml`` in ``folder`` and their surveys as ``<unit id>.survey.yaml``
    (in ``survey_folder``, default the same folder)."""
    plans = plan(scheme)
    folder.mkdir(parents=True, exist_ok=True)
    sfolder = survey_folder or folder
    sfolder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        doc, sv = unit(scheme, seed, i, plans)
        uid = doc["unit"]["id"]
        (folder / f"{uid}.yaml").write_text(to_block_yaml(doc), encoding="utf-8")
        if sv:
            (sfolder / f"{uid}.survey.yaml").write_text(to_block_yaml(sv), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--criteria", default=str(ROOT / "criteria" / "data" / "mau-xa-2024.yaml"))
    ap.add_argument("--out", help="write <unit id>.yaml and <unit id>.survey.yaml into this folder")
    ap.add_argument("--print", action="store_true", help="write the units to stdout as one YAML stream")
    args = ap.parse_args(argv)
    from criteria import load_scheme
    scheme = load_scheme(args.criteria)
    plans = plan(scheme)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        doc, sv = unit(scheme, args.seed, i, plans)
        uid = doc["unit"]["id"]
        if args.out:
            (out / f"{uid}.yaml").write_text(to_yaml(doc), encoding="utf-8")
            if sv:
                (out / f"{uid}.survey.yaml").write_text(to_yaml(sv), encoding="utf-8")
        elif args.print:
            sys.stdout.write("---\n" + to_yaml(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
