"""Read and write the workspace's gettext catalogue (web/locale/vi) without GNU gettext:
``python -m web.i18n_po`` compiles django.po into django.mo (committed beside it)."""
from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def read_po(path: Path = PO) -> dict[str, str]:
    """msgid → msgstr (plural forms as "id\\x00plural" → "s0\\x00s1"), header included."""
    out: dict[str, str] = {}
    cur: dict[str, list[str]] = {}
    field = None

    def flush():
        if "msgid" in cur:
            mid = "".join(cur["msgid"])
            if "msgid_plural" in cur:
                mid += "\x00" + "".join(cur["msgid_plural"])
                strs = [("".join(cur[k])) for k in sorted(k for k in cur if k.startswith("msgstr["))]
                out[mid] = "\x00".join(strs)
            else:
                out[mid] = "".join(cur.get("msgstr", []))
        cur.clear()

    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if not line and cur:
                flush()
                field = None
            continue
        if line.startswith('"'):
            cur[field].append(ast.literal_eval(line))
            continue
        name, _, rest = line.partition(" ")
        if name == "msgid" and "msgstr" in cur or name == "msgid" and any(k.startswith("msgstr[") for k in cur):
            flush()
        field = name
        cur[field] = [ast.literal_eval(rest)]
    flush()
    return out


def mo_bytes(catalog: dict[str, str]) -> bytes:
    """The GNU .mo encoding of a catalogue (keys sorted, as msgfmt writes them)."""
    items = sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in catalog.items() if v or not k)
    n = len(items)
    ids = b"".join(k + b"\x00" for k, _ in items)
    strs = b"".join(v + b"\x00" for _, v in items)
    start = 7 * 4 + 16 * n
    offs, pos = [], 0
    for k, _ in items:
        offs.append((len(k), start + pos))
        pos += len(k) + 1
    soffs, pos = [], 0
    for _, v in items:
        soffs.append((len(v), start + len(ids) + pos))
        pos += len(v) + 1
    head = struct.pack("<7I", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    return head + b"".join(struct.pack("<2I", *o) for o in offs) + \
        b"".join(struct.pack("<2I", *o) for o in soffs) + ids + strs


def main() -> int:
    PO.with_suffix(".mo").write_bytes(mo_bytes(read_po()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
