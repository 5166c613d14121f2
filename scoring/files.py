"""Files on disk: the built-in example, loading a scheme/evidence pair, atomic writes."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from evidence import Submission, SurveyResults, load_evidence, load_survey
from rules import CompiledScheme
from rules.compile import load_and_compile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CRITERIA = ROOT / "criteria" / "data" / "mau-xa-2024.yaml"
EXAMPLE_EVIDENCE = ROOT / "evidence" / "data" / "phuong-1-tay-ninh-2024.yaml"
EXAMPLE_SURVEY = ROOT / "evidence" / "data" / "phuong-1-tay-ninh-2024.survey.yaml"


def rel(path: Path | str) -> str:
    """A path as the user should see it: relative to the working directory when possible."""
    p = Path(path)
    if not p.is_absolute():
        return str(path)
    try:
        shown = os.path.relpath(p)
    except ValueError:
        return str(p)
    return str(p) if shown.startswith("..") else shown


def open_scheme(path: str | Path) -> CompiledScheme:
    """Load and compile a criteria file (InputError with every problem)."""
    return load_and_compile(path)


def open_evidence(path: str | Path, compiled: CompiledScheme) -> Submission:
    return load_evidence(path, compiled.scheme)


def open_survey(path: str | Path | None, compiled: CompiledScheme, unit_id: str | None) -> SurveyResults | None:
    return load_survey(path, compiled.scheme, unit_id) if path else None


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then rename."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is an ordinary file
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
