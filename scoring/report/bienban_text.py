"""The biên bản's framing in text and Markdown: letterhead, opening, those present; conclusion, signatures.

``render_reconciliation`` prints the reconciliation between the two (the same
content as before), so the text and Markdown outputs read as a biên bản too.
Lines fit 100 columns.
"""
from __future__ import annotations

import textwrap

from .bienban import BienBan

WIDTH = 100


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent="") or [""]


def _pair(left: str, right: str, half: int = 44) -> str:
    return (left.center(half) + right.center(WIDTH - half)).rstrip()


def head(bb: BienBan, markdown: bool = False) -> list[str]:
    t, h = bb.t, bb.letterhead
    agency = ([h.superior.upper()] if h.superior else []) + [x.upper() for x in h.agency]
    if markdown:
        out = [" / ".join(agency[:1] + [f"**{x}**" for x in agency[1:]] if h.superior else
                          [f"**{x}**" for x in agency]) + f" · **{h.nation}** · **{h.motto}**", "",
               f"{h.number} · *{h.place_date}*", "", f"# {bb.title}", "", f"**{bb.subject}**", "", bb.opening, "",
               f"**{t['present']}**", "", f"**{t['team']}**", ""]
        out += [f"{x}  " for x in bb.team] + ["", f"**{bb.unit_side_label}**", ""] + [f"{x}  " for x in bb.unit_side]
        return out + ["", f"**{t['content']}**", "", bb.basis, ""]
    right = [h.nation, h.motto]
    left = agency
    rows = max(len(left), len(right))
    out = [_pair(left[i] if i < len(left) else "", right[i] if i < len(right) else "") for i in range(rows)]
    out += [_pair(h.number, h.place_date), "", bb.title.center(WIDTH).rstrip()]
    out += [line.center(WIDTH).rstrip() for line in textwrap.wrap(bb.subject, 90)] + [""]
    out += _wrap(bb.opening, "    ") + ["", t["present"], t["team"]] + list(bb.team)
    out += [bb.unit_side_label] + list(bb.unit_side) + ["", t["content"]] + _wrap(bb.basis, "    ") + [""]
    return out


def tail(bb: BienBan, markdown: bool = False) -> list[str]:
    t = bb.t
    a, b = bb.signatures
    if markdown:
        sig = [" / ".join(f"**{x}**" for x in s.lines) + (f" — **{s.name}**" if s.name else f" {s.note}")
               for s in (a, b)]
        return ["", f"**{t['conclusion']}**", "", bb.result, "", bb.closing, "", *[f"{x}  " for x in sig], ""]
    out = ["", t["conclusion"]] + _wrap(bb.result, "    ") + _wrap(bb.closing, "    ") + [""]
    for la, lb in zip(a.lines, b.lines):
        out.append(_pair(la, lb, 50))
    out.append(_pair("" if a.name else a.note, "" if b.name else b.note, 50))
    out += ["", "", _pair(a.name or "", b.name or "", 50), ""]
    return out
