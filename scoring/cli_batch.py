"""``parscore rank``: score a folder (or workbook) of units with one scheme and rank them.

Exit codes: 0 every unit scored; 1 some unit could not be scored (its file is
listed under "failed" and skipped, every other unit is still ranked and the
output still written), a unit has a criterion that could not be evaluated, or
the criteria file / UNITS is invalid; 2 usage error.
"""
from __future__ import annotations

import os
import sys
import time
from functools import partial
from pathlib import Path

from criteria import Diagnostic, InputError, Loc

from . import files
from .cli import EXIT_INPUT, EXIT_OK, UsageError, command, emit

AUTO_SERIAL_BELOW = 100      # --jobs 0 (auto) scores smaller batches in this process


def add_parsers(sub, common) -> None:
    sp = sub.add_parser("rank", help="score every unit in a folder or workbook and rank them (xếp hạng)")
    sp.add_argument("criteria", help="criteria file")
    sp.add_argument("units", help="folder of evidence files (*.yaml, *.yml, *.xlsx), or one .xlsx with a row per unit")
    sp.add_argument("--survey-dir", metavar="DIR", help="folder of survey files named <unit id>.survey.yaml")
    sp.add_argument("--jobs", type=int, default=0, metavar="N",
                    help="worker processes (default 0 = one per CPU; batches under "
                         f"{AUTO_SERIAL_BELOW} units run in one process)")
    sp.add_argument("--matcher", choices=("durable", "python"), default="durable",
                    help="branch matcher: durable_rules (default) or the plain-Python oracle")
    sp.add_argument("--top", type=int, default=10, metavar="N",
                    help="how many of the criteria that cost the most points to list (default 10)")
    common(sp, fmt=("text", "json", "md", "csv", "xlsx"))


def unit_tasks(units: str, compiled):
    from .batch_units import folder_tasks, workbook_tasks
    path = Path(units)
    if path.is_dir():
        tasks = folder_tasks(path)
        if not tasks:
            raise InputError([Diagnostic("batch_no_units", Loc(files.rel(path)),
                                         "no evidence files (*.yaml, *.yml, *.xlsx) in this folder")])
        return tasks
    if path.suffix.lower() == ".xlsx":
        return workbook_tasks(path, compiled.scheme)
    if not path.exists():
        raise UsageError(f"parscore rank: {units}: no such folder or workbook")
    raise UsageError(f"parscore rank: {units}: UNITS is a folder of evidence files or one .xlsx workbook")


class _Progress:
    """One self-rewriting stderr line, at most a few times a second (only on a terminal)."""

    def __init__(self, lang: str):
        self.lang, self.start, self.last = lang, time.monotonic(), 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        label = "đã chấm" if self.lang == "vi" else "scored"
        per = "đơn vị/giây" if self.lang == "vi" else "units/s"
        sys.stderr.write(f"\r{label} {done}/{total} ({done * 100 // max(total, 1)}%), {rate:.0f} {per}\033[K")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def emit_pieces(args, pieces) -> None:
    """``emit`` for an output made piece by piece (whole units each): written as it comes,
    to standard output or atomically to ``-o``."""
    from .i18n import english_plural
    lang = getattr(args, "lang", "vi")
    text = (english_plural(p, lang) for p in pieces)
    if getattr(args, "output", None) is not None:
        files.write_atomic(args.output, text)
        return
    for p in text:
        sys.stdout.write(p)
    sys.stdout.flush()


@command("rank")
def cmd_rank(args) -> int:
    from .batch import BatchError, run
    from .batch_report import diag_line, iter_csv, iter_json, render_text, render_xlsx, view
    from .batch_units import load_unit
    if args.jobs < 0:
        raise UsageError("parscore rank: --jobs must be 0 (one per CPU) or more")
    if args.top < 0:
        raise UsageError("parscore rank: --top must be 0 or more")
    if args.survey_dir and not Path(args.survey_dir).is_dir():
        raise UsageError(f"parscore rank: --survey-dir {args.survey_dir}: no such folder")
    if args.format == "xlsx" and not args.output:
        raise UsageError("parscore rank: --format xlsx writes a workbook: give -o FILE.xlsx")
    compiled = files.open_scheme(args.criteria)
    tasks = unit_tasks(args.units, compiled)
    count = len(tasks) if hasattr(tasks, "__len__") else tasks.estimate     # a workbook: its rows
    jobs = args.jobs or ((os.cpu_count() or 1) if count >= AUTO_SERIAL_BELOW else 1)
    progress = _Progress(args.lang) if sys.stderr.isatty() else None
    try:
        result = run(compiled, tasks, partial(load_unit, survey_dir=args.survey_dir), matcher=args.matcher,
                     jobs=jobs, progress=progress, scheme_path=args.criteria, own_process=True)
    except BatchError as exc:
        print(f"parscore rank: {exc}", file=sys.stderr)
        return EXIT_INPUT
    doc = view(result, args.top, lazy=True)       # unit records are made while they are written
    if args.format == "json":
        emit_pieces(args, iter_json(doc))
    elif args.format == "csv":
        emit_pieces(args, iter_csv(doc, args.lang))
    elif args.format == "xlsx":
        emit(args, render_xlsx(doc, args.lang))
    else:
        emit(args, render_text(doc, args.lang, markdown=args.format == "md"))
    for f in result.failed:
        for e in f.errors:
            print(diag_line(e), file=sys.stderr)
    if result.failed:
        n = len(result.failed)
        print(f"{n} tệp không chấm được; các đơn vị còn lại đã được xếp hạng." if args.lang == "vi" else
              f"{n} files could not be scored; every other unit was ranked.", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_INPUT
