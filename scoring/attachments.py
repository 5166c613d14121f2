"""The files a unit attaches to its verification documents: are they there, are they documents, what hash.

``check_attachments(sub)`` looks at every ``file:`` of every document in a
submission, relative to the evidence file's folder (an absolute path is taken as
written), and says for each: ``ok`` (a regular, readable, non-empty file whose
content is a PDF, an image or an office document), ``missing``, ``not_a_file``
(a folder, a device), ``unreadable``, ``empty`` or ``not_a_document`` (the
content is none of those kinds, whatever the file name says). Kinds are read
from the first bytes, never from the name: PDF, PNG, JPEG, TIFF, GIF, legacy
Office (OLE), Office Open XML (docx/xlsx/pptx) and OpenDocument (odt/ods/odp).
Every readable file gets its SHA-256, so a report can say which copy it cites.
"""
from __future__ import annotations

import hashlib
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from criteria import Loc
from evidence import Submission

CHUNK = 1 << 20
STATUSES = ("ok", "missing", "not_a_file", "unreadable", "empty", "not_a_document")

_MAGIC = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"),
          (b"MM\x00*", "tiff"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office-ole"))
_OPENDOC = {"application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods",
            "application/vnd.oasis.opendocument.presentation": "odp"}


@dataclass(frozen=True)
class Attachment:
    key: str                   # the evidence key whose document names the file
    file: str                  # as written in the evidence file
    path: str                  # where it was looked for
    status: str                # one of STATUSES
    kind: str | None = None    # pdf, png, jpeg, tiff, gif, office-ole, docx, xlsx, pptx, odt, ods, odp
    size: int | None = None
    sha256: str | None = None
    loc: Loc = Loc("")

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def check_attachments(sub: Submission) -> list[Attachment]:
    """One record per (key, file) named in the submission, in the file's key order.

    Paths are relative to the evidence file; a submission that is not a file on disk
    (the web workspace keeps its own uploads, hashed) has nothing to resolve them
    against, so nothing is checked here.
    """
    if not Path(sub.file).is_file():
        return []
    base = Path(sub.file).parent
    out: list[Attachment] = []
    seen: set[tuple[str, str]] = set()
    for key, item in sub.items.items():
        for doc in item.documents:
            if not doc.file or (key, doc.file) in seen:
                continue
            seen.add((key, doc.file))
            out.append(inspect(key, doc.file, base, item.loc))
    return out


NOWHERE = Loc("")


def inspect(key: str, file: str, base: Path, loc: Loc = NOWHERE) -> Attachment:
    path = Path(file) if Path(file).is_absolute() else base / file
    shown = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        return Attachment(key, file, shown, "missing", loc=loc)
    except OSError:
        return Attachment(key, file, shown, "unreadable", loc=loc)
    if not stat.S_ISREG(st.st_mode):      # never open a folder, a FIFO or a device
        return Attachment(key, file, shown, "not_a_file", loc=loc)
    if st.st_size == 0:
        return Attachment(key, file, shown, "empty", size=0, loc=loc)
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            head = fh.read(CHUNK)
            digest.update(head)
            for block in iter(lambda: fh.read(CHUNK), b""):
                digest.update(block)
    except OSError:
        return Attachment(key, file, shown, "unreadable", size=st.st_size, loc=loc)
    kind = _kind(head, path)
    return Attachment(key, file, shown, "ok" if kind else "not_a_document", kind, st.st_size, digest.hexdigest(), loc)


def _kind(head: bytes, path: Path) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                return _OPENDOC.get(zf.read("mimetype")[:100].decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(n.startswith(prefix) for n in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None
