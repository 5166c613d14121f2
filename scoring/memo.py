"""Batch memo: leaf results remembered across the units of one ``parscore rank`` worker."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from rules import CompiledScheme
from rules.base import ManualScore


class Memo:
    """Leaf results remembered across the units of a batch (``parscore rank``), per scheme and matcher.

    A leaf's result (branch, points, status, trace) is a pure function of the
    values it reads (and the documents its trace lists), and results are
    immutable, so units that read the same values can share one: a scheme's
    check, deadline and count rules see a few dozen distinct values across
    thousands of units. The first unit with given values is matched (by the
    batch's matcher) and scored as usual; later units with the same values get
    that result. The key tells apart values that compare equal but are written
    differently (``value_key``: 50.0 and 50 are two keys); when a trace lists
    documents, the unit gets the remembered result with its own trace (its own
    documents read). At most ``PER_LEAF`` entries per leaf are kept, so
    memory stays bounded whatever the number of units. Single-unit commands
    never use a memo; tests check remembered and fresh results are byte-identical.
    """

    PER_LEAF = 256

    def __init__(self) -> None:
        self._by: dict[tuple[str, str], dict[str, dict]] = {}
        self._owner: dict[tuple[str, str], CompiledScheme] = {}

    def of(self, compiled: CompiledScheme, matcher: str) -> dict[str, dict]:
        k = (compiled.sha256, matcher)
        got = self._by.get(k)
        if got is None or self._owner[k] is not compiled:
            got = self._by[k] = {nid: {} for nid in compiled.rules}
            self._owner[k] = compiled
        return got

    def remember(self, table: dict, key: tuple, entry: tuple) -> None:
        if len(table) < self.PER_LEAF:
            table[key] = entry


class NoKey(Exception):
    """A value with no memo key (survey answer counts): the leaf is scored without the memo."""


def value_key(v):
    """A key equal for two values only when a rule scores and renders them the same.

    ``Decimal("50.0") == Decimal("50")`` but a trace shows what the unit wrote, so a
    decimal is keyed by its text; survey results (mappings) are not remembered.
    """
    t = type(v)
    if t is bool or t is int or t is dt.date or t is Fraction or v is None:
        return v
    if t is Decimal:
        return str(v)
    if t is ManualScore:
        return (str(v.points), v.justification)
    raise NoKey
