"""Where the units of a batch come from: a folder of evidence files, or one workbook.

Folder form: every ``*.yaml``, ``*.yml`` and ``*.xlsx`` file directly in the
folder, sorted by name; hidden files and survey files (``*.survey.yaml``,
``*.survey.yml``) are skipped, so surveys may sit beside the evidence.

Workbook form (one ``.xlsx`` file, a row per unit): the first sheet (or the one
named «Tài liệu kiểm chứng», «Bằng chứng» or "Evidence"); row 1 is the header: ``unit_id``, ``unit_name``,
optionally ``province``, then one column per evidence key of the scheme. A cell
holds the value as an evidence file would (numbers, percents as shown, TRUE/FALSE
or Có/Không, dates as Excel dates or dd/mm/yyyy); a ``document`` key's cell holds
the document's date, with optional ``<key>.number`` and ``<key>.title`` columns;
a ``manual`` key's cell holds the points and ``<key>.justification`` the
justification. An empty cell is missing evidence; ``KPS`` or ``N/A`` is
"không phát sinh" (reason in an optional ``<key>.reason`` column). Survey results
never come from this sheet (``--survey-dir``).

Survey files are found by unit id: ``<survey dir>/<unit id>.survey.yaml``. A unit
without one is scored without survey results (its survey criteria are excluded).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from criteria import Diagnostic, InputError, Loc, suggest
from evidence import build_submission, load_evidence, load_survey

from .batch import Task

UNIT_SUFFIXES = (".yaml", ".yml", ".xlsx")
SURVEY_SUFFIXES = (".survey.yaml", ".survey.yml")
NA_WORDS = ("kps", "n/a", "na", "không phát sinh", "khong phat sinh")
FIELDS = ("number", "title", "justification", "reason")


def folder_tasks(folder: str | Path) -> list[Task]:
    """One task per evidence file in ``folder`` (not recursive), sorted by file name."""
    root = Path(folder)
    names = sorted(p.name for p in root.iterdir()
                   if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in UNIT_SUFFIXES
                   and not p.name.lower().endswith(SURVEY_SUFFIXES))
    return [Task(name, str(root / name)) for name in names]


def load_unit(compiled, task: Task, survey_dir: str | None = None):
    """The batch loader: a task's submission and, when ``survey_dir`` has one, its survey.

    Raises ``InputError`` whose diagnostics name the task (not an absolute path).
    """
    scheme = compiled.scheme
    names = {}
    try:
        if isinstance(task.source, str):
            names[task.source] = task.name
            sub = load_evidence(task.source, scheme)
        else:
            sub = build_submission(task.source, task.name, scheme)
        if not survey_dir:
            return sub, None
        path = Path(survey_dir) / f"{sub.unit.id}.survey.yaml"
        if not path.is_file():
            return sub, None
        names[str(path)] = f"{Path(survey_dir).name}/{path.name}"
        return sub, load_survey(path, scheme, sub.unit.id)
    except InputError as exc:
        raise InputError([Diagnostic(d.code, _renamed(d.loc, names), d.message) for d in exc.diagnostics]) from None


def _renamed(loc: Loc, names: dict[str, str]) -> Loc:
    name = names.get(loc.file)
    return loc if name is None else Loc(name, loc.line, loc.col, loc.cell)


# ---- the workbook form ------------------------------------------------------------------

def workbook_tasks(path: str | Path, scheme) -> "WorkbookUnits":
    """The units of a workbook (layout in the module docstring): a ``WorkbookUnits``.

    Raises ``InputError`` at once for a workbook that is not readable or whose header
    is wrong (unknown columns, no ``unit_id``); problems with a unit's values are
    that unit's failure, reported at their cell when it is scored.
    """
    return WorkbookUnits(Path(path), scheme)


class WorkbookUnits:
    """One task per filled row of a units workbook, made one row at a time each time it is
    iterated (the tasks are never all held; the sheet itself is loaded by the form reader)."""

    def __init__(self, path: Path, scheme):
        self.path, self.scheme, self.file = path, scheme, path.name
        ws, self.sheet, wb = self._open()
        try:
            header = next(ws.iter_rows(min_row=1, max_row=1), ())
            self.columns = self._columns(header)
            self.estimate = max(0, (ws.max_row or 1) - 1)     # rows below the header, empty ones too
        finally:
            wb.close()

    def _open(self):
        from evidence.xlsx import _open_sheet
        ws, sheet = _open_sheet(self.path, self.file)
        return ws, sheet, ws.parent

    def _columns(self, header) -> dict[int, tuple[str, str | None]]:
        from evidence.xlsx import _cell_value
        file, sheet, scheme = self.file, self.sheet, self.scheme
        catalogue = scheme.model.evidence
        columns: dict[int, tuple[str, str | None]] = {}      # column → (key, sub-field or None)
        errors = []
        for col, cell in enumerate(header, start=1):
            raw = _cell_value(cell)
            if raw is None:
                continue
            head = str(raw).strip()
            key, _, sub = head.partition(".")
            at = Loc(file, 1, col, cell=f"{sheet}!{_letter(col)}1")
            if head in ("unit_id", "unit_name", "province"):
                columns[col] = (head, None)
            elif key not in catalogue:
                errors.append(Diagnostic("evidence_unknown_key", at,
                                         f'column "{head}" is not an evidence key of "{scheme.id}"'
                                         f'{suggest(key, list(catalogue) + ["unit_id", "unit_name", "province"])}'))
            elif sub and sub not in FIELDS:
                errors.append(Diagnostic("evidence_bad_header", at,
                                         f'column "{head}": after the key comes one of {", ".join(FIELDS)}'))
            else:
                columns[col] = (key, sub or None)
        if "unit_id" not in {k for k, _ in columns.values()}:
            errors.append(Diagnostic("evidence_bad_header", Loc(file, 1, 1, cell=f"{sheet}!A1"),
                                     "row 1 must name the columns: unit_id, unit_name, then evidence keys"))
        if errors:
            raise InputError(errors)
        return columns

    def __iter__(self):
        from evidence.xlsx import _cell_value
        file, sheet, columns = self.file, self.sheet, self.columns
        letters = {col: _letter(col) for col in columns}
        ws, _, wb = self._open()
        try:
            for row, cells_in_row in enumerate(ws.iter_rows(min_row=2), start=2):
                cells = {}
                for col, (key, sub) in columns.items():
                    if col > len(cells_in_row):
                        continue
                    v = _cell_value(cells_in_row[col - 1])
                    if v is not None:
                        cells[(key, sub)] = (v, Loc(file, row, col, cell=f"{sheet}!{letters[col]}{row}"))
                if cells:
                    yield Task(f"{file}:{row}", _row_tree(cells, self.scheme, Loc(file, row, 1, cell=f"{sheet}!A{row}")))
        finally:
            wb.close()


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


def _row_tree(cells: dict, scheme, at: Loc):
    """A row as the raw tree an evidence YAML file gives, every value remembering its cell."""
    from evidence.xlsx import _boolean, _ydict
    root, unit, ev = _ydict(at), _ydict(at), _ydict(at)
    root["criteria"] = scheme.id
    for field in ("unit_id", "unit_name", "province"):
        if (field, None) in cells:
            v, loc = cells[(field, None)]
            short = field.removeprefix("unit_")
            unit[short] = str(v) if not isinstance(v, str) else v
            unit.key_locs[short] = loc
    root["unit"], root["evidence"] = unit, ev
    keys = dict.fromkeys(k for k, _ in cells if k not in ("unit_id", "unit_name", "province"))
    for key in keys:
        etype = scheme.model.evidence[key].type
        value, loc = cells.get((key, None), (None, None))
        extra = {sub: cells[(key, sub)] for sub in FIELDS if (key, sub) in cells}
        loc = loc or next(iter(extra.values()))[1]
        if isinstance(value, str) and value.strip().casefold() in NA_WORDS:
            item = _ydict(loc)
            item["na"] = True
            if "reason" in extra:
                item["reason"] = extra["reason"][0]
        elif etype == "document":
            item = _ydict(loc)
            _put(item, "date", value, loc)
            for sub, field in (("number", "number"), ("title", "title")):
                if sub in extra:
                    _put(item, field, *extra[sub])
        elif etype == "manual":
            item = _ydict(loc)
            _put(item, "points", value, loc)
            if "justification" in extra:
                _put(item, "justification", *extra["justification"])
        else:
            item = _boolean(value) if etype == "boolean" else value
            if item is None:
                continue        # only side columns filled: the value itself is missing
        ev[key] = item
        ev.key_locs[key] = loc
    return root


def _put(d, key: str, value: Any, loc: Loc) -> None:
    d.key_locs[key] = loc
    if value is not None:
        d[key] = value
