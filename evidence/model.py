"""What a unit submits, after validation: typed items with their documents and positions."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, Field

from criteria import Loc

from .values import Document


class Unit(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[0-9a-z][0-9a-z._-]{0,79}$")
    name: str = Field(min_length=1)
    province: str | None = None
    level: str | None = None


@dataclass(frozen=True, init=False)
class Item:
    """One evidence entry: a typed value, a "không phát sinh" claim, or a manual score.

    ``value`` is typed by the catalogue: bool, int (count), Decimal (percent,
    number), date (date and document), ``rules.ManualScore`` (manual).
    (``__init__`` fills the instance dict in one step: a unit makes ~90 items.)
    """
    key: str
    type: str
    value: Any = None
    na: bool = False
    reason: str | None = None
    documents: tuple[Document, ...] = ()
    note: str | None = None
    loc: Loc = Loc("")
    illustrative: bool = False    # a figure marked minh họa (not the unit's real data): every output says so

    def __init__(self, key: str, type: str, value: Any = None, na: bool = False, reason: str | None = None,
                 documents: tuple[Document, ...] = (), note: str | None = None, loc: Loc = Loc(""),
                 illustrative: bool = False):
        self.__dict__.update(key=key, type=type, value=value, na=na, reason=reason, documents=documents,
                             note=note, loc=loc, illustrative=illustrative)

    @property
    def own_document(self) -> Document | None:
        """For a ``document`` item, the document itself (first in ``documents``)."""
        return self.documents[0] if self.type == "document" and self.documents else None


@dataclass(frozen=True)
class Submission:
    """A validated evidence file (or workbook): the unit, its scheme, its items."""
    file: str
    unit: Unit
    criteria: str
    prepared_by: str | None
    items: Mapping[str, Item] = field(default_factory=dict)
    date: Any = None
    office: Any = None           # evidence.office.Office as written (None: derived from the unit, see ``issuer``)

    def replace_items(self, items: Mapping[str, Item]) -> "Submission":
        return Submission(self.file, self.unit, self.criteria, self.prepared_by, dict(items), self.date, self.office)

    @property
    def issuer(self):
        """The office that issues the unit's documents: as written, else derived from the unit's name."""
        from .office import derive
        return self.office if self.office is not None else derive(self.unit.name, self.unit.province)
