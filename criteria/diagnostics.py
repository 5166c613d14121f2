"""Located, coded error records shared by every loader.

A diagnostic is data, not an exception: loaders collect them (up to a cap) so
one run reports every problem. ``InputError`` carries a batch of them when a
file has to be rejected whole.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

MAX_DIAGNOSTICS = 200


@dataclass(frozen=True, order=True, init=False)
class Loc:
    """A 1-based line and column in a named file (line 0 = the file itself).

    ``cell`` names a spreadsheet position instead ("Tài liệu kiểm chứng!D12"); a row is
    then also kept in ``line`` so sorting still works. (``__init__`` fills the
    instance dict in one step: reading a file makes one per value.)
    """

    file: str
    line: int = 0
    col: int = 0
    cell: str = ""

    def __init__(self, file: str, line: int = 0, col: int = 0, cell: str = ""):
        d = self.__dict__
        d["file"] = file
        d["line"] = line
        d["col"] = col
        d["cell"] = cell

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}:{self.cell}"
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one input file: a stable ``code``, where, and what."""

    code: str
    loc: Loc
    message: str
    vi: str = ""          # the same message in Vietnamese, where the loader wrote one

    def __str__(self) -> str:
        return f"{self.loc}: {self.code}: {self.message}"

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "file": self.loc.file,
            "line": self.loc.line,
            "col": self.loc.col,
            "cell": self.loc.cell or None,
            "message": self.message,
        }


class InputError(Exception):
    """A file (or set of files) was rejected; ``diagnostics`` lists every reason."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@dataclass
class Collector:
    """Accumulates diagnostics up to ``MAX_DIAGNOSTICS``; raise with ``check()``."""

    items: list[Diagnostic] = field(default_factory=list)
    truncated: bool = False

    def add(self, code: str, loc: Loc, message: str, vi: str = "") -> None:
        if len(self.items) >= MAX_DIAGNOSTICS:
            self.truncated = True
            return
        self.items.append(Diagnostic(code, loc, message, vi))

    def extend(self, diags: Iterable[Diagnostic]) -> None:
        for d in diags:
            self.add(d.code, d.loc, d.message, d.vi)

    def __bool__(self) -> bool:
        return bool(self.items)

    def check(self) -> None:
        if self.items:
            raise InputError(self.items)


def suggest(word: str, choices: Iterable[str], lang: str = "en") -> str:
    """' (did you mean "x"?)' for the nearest choice, or '' when nothing is close."""
    best = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    if not best:
        return ""
    return f" (có phải «{best[0]}»?)" if lang == "vi" else f' (did you mean "{best[0]}"?)'
