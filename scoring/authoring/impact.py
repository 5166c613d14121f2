"""The score impact of a scheme revision on last year's units (``criteria diff --units``).

Every evidence file in the folder is scored under the old scheme as written, and
under the new one after mapping: the same evidence keys where the new catalogue
still has them with the same type; keys the new scheme dropped (or retyped) are
left out and listed. Survey criteria have no results here, so they are excluded on
both sides (the comparison is like for like). Ranks are by index, highest first,
ties sharing a rank (1, 2, 2, 4). The causes of a unit's change are the leaves
whose points changed, largest change first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from criteria import Diagnostic, InputError, Loc
from criteria.yamlsrc import YDict, read_yaml
from evidence import build_submission
from rules import CompiledScheme

from ..evaluate import score
from ..files import rel
from .verify_grid import batch_of


@dataclass(frozen=True)
class UnitImpact:
    unit_id: str
    name: str
    file: str
    old_points: Decimal
    old_max: Decimal
    old_index: Decimal | None
    old_band: str | None
    new_points: Decimal
    new_max: Decimal
    new_index: Decimal | None
    new_band: str | None
    old_rank: int = 0
    new_rank: int = 0
    causes: tuple[tuple[str, Decimal], ...] = ()      # (node id, new − old points), largest first
    dropped: tuple[str, ...] = ()                     # evidence keys the new scheme does not read
    excluded: tuple[str, ...] = ()                    # causes whose node is excluded on one side only

    @property
    def delta(self) -> Decimal | None:
        if self.old_index is None or self.new_index is None:
            return None
        return self.new_index - self.old_index


@dataclass(frozen=True)
class Impact:
    folder: str
    units: tuple[UnitImpact, ...] = ()
    failed: tuple[tuple[str, str], ...] = field(default_factory=tuple)   # (file, first error)

    def band_moves(self) -> list[UnitImpact]:
        return [u for u in self.units if u.old_band != u.new_band]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                  and p.suffix.lower() in (".yaml", ".yml", ".xlsx")
                  and not p.name.lower().endswith((".survey.yaml", ".survey.yml")))


def _raw(path: Path, old: CompiledScheme) -> Any:
    if path.suffix.lower() == ".xlsx":
        from evidence.xlsx import read_workbook
        return read_workbook(path, old.scheme)
    return read_yaml(path)


def _mapped(root: Any, old: CompiledScheme, new: CompiledScheme) -> tuple[Any, tuple[str, ...]]:
    """The evidence tree for the new scheme: its id, and only the keys it still reads as the same type."""
    if not isinstance(root, dict) or not isinstance(root.get("evidence"), dict):
        return root, ()
    out = YDict(root)
    out.loc, out.key_locs = getattr(root, "loc", None), getattr(root, "key_locs", {})
    out["criteria"] = new.id
    ev = root["evidence"]
    keep = YDict()
    keep.loc, keep.key_locs = getattr(ev, "loc", None), getattr(ev, "key_locs", {})
    dropped = []
    ncat, ocat = new.scheme.model.evidence, old.scheme.model.evidence
    for k, v in ev.items():
        if k in ncat and (k not in ocat or ncat[k].type == ocat[k].type):
            keep[k] = v
        else:
            dropped.append(str(k))
    out["evidence"] = keep
    return out, tuple(dropped)


def _first_error(exc: InputError) -> str:
    d = exc.diagnostics[0]
    return f"{d.code}: {d.vi or d.message}"


def score_impact(old: CompiledScheme, new: CompiledScheme, folder: str | Path, matcher: str = "durable") -> Impact:
    root = Path(folder)
    if not root.is_dir():
        raise InputError([Diagnostic("file_unreadable", Loc(str(folder)), "--units must be a folder of evidence files",
                                     "--units phải là một thư mục chứa hồ sơ của các đơn vị")])
    units: list[UnitImpact] = []
    failed: list[tuple[str, str]] = []
    obatch, nbatch = batch_of(old) or None, batch_of(new) or None
    for path in _files(root):
        name = rel(path)
        try:
            tree = _raw(path, old)
            before = score(old, build_submission(tree, name, old.scheme), None, matcher=matcher, batch=obatch)
            mapped, dropped = _mapped(tree, old, new)
            after = score(new, build_submission(mapped, name, new.scheme), None, matcher=matcher, batch=nbatch)
        except InputError as exc:
            failed.append((name, _first_error(exc)))
            continue
        causes, flipped = [], []
        for nid in sorted(set(before.nodes) | set(after.nodes), key=lambda i: list(after.nodes).index(i)
                          if i in after.nodes else len(after.nodes)):
            b, a = before.nodes.get(nid), after.nodes.get(nid)
            if not ((a is not None and a.is_leaf) or (b is not None and b.is_leaf)):
                continue
            pa = a.points if a is not None and not a.excluded else Decimal(0)
            pb = b.points if b is not None and not b.excluded else Decimal(0)
            if pa != pb:
                causes.append((nid, pa - pb))
                if a is not None and b is not None and a.excluded != b.excluded:
                    flipped.append(nid)
        causes.sort(key=lambda c: -abs(c[1]))
        units.append(UnitImpact(before.unit_id, before.unit_name, name,
                                before.total.points, before.total.max, before.total.index, before.total.band,
                                after.total.points, after.total.max, after.total.index, after.total.band,
                                causes=tuple(causes), dropped=dropped, excluded=tuple(flipped)))
    return Impact(rel(root), tuple(_ranked(units)), tuple(failed))


def _ranks(values: list[Decimal | None]) -> list[int]:
    order = sorted((v for v in values if v is not None), reverse=True)
    return [order.index(v) + 1 if v is not None else 0 for v in values]


def _ranked(units: list[UnitImpact]) -> list[UnitImpact]:
    from dataclasses import replace
    olds = _ranks([u.old_index for u in units])
    news = _ranks([u.new_index for u in units])
    out = [replace(u, old_rank=o, new_rank=n) for u, o, n in zip(units, olds, news)]
    return sorted(out, key=lambda u: (u.new_rank or 10 ** 6, u.unit_id))
