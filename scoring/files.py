"""Files on disk: the built-in example, loading a scheme/evidence pair, atomic writes."""
from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:          # loaded on first use: every command imports this module for its paths
    from evidence import Submission, SurveyResults
    from rules import CompiledScheme

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
    from rules.compile import load_and_compile
    return load_and_compile(path)


def open_evidence(path: str | Path, compiled: CompiledScheme) -> Submission:
    from evidence import load_evidence
    return load_evidence(path, compiled.scheme)


def open_survey(path: str | Path | None, compiled: CompiledScheme, unit_id: str | None) -> SurveyResults | None:
    from evidence import load_survey
    return load_survey(path, compiled.scheme, unit_id) if path else None


class OutputRefused(Exception):
    """``-o`` names something the tool must not replace: ``code``, English and Vietnamese text."""

    def __init__(self, code: str, path: str, message: str, vi: str):
        super().__init__(message)
        self.code, self.path, self.vi = code, path, vi


def check_output(path: str, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse an output path that would destroy something: an input, a folder, a device, a pipe.

    ``inputs`` are the files (and folders) the command reads; a folder input also refuses
    an output written directly inside it (a unit folder: the output would be read as a unit).
    """
    if not path or not path.strip():
        raise OutputRefused("output_empty", "-o", "-o needs a file name (leave -o out to write to the screen)",
                            "-o cần tên tệp (bỏ -o để in ra màn hình)")
    target = Path(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, path) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputRefused("output_is_folder", path, f"{path} is a folder; give a file name inside it",
                                f"{path} là thư mục; hãy ghi tên tệp trong thư mục đó")
        if not stat.S_ISREG(st.st_mode):
            raise OutputRefused("output_not_file", path,
                                f"{path} is not an ordinary file (a device, pipe or socket); it is never replaced",
                                f"{path} không phải tệp thường (thiết bị, đường ống hoặc socket); không ghi đè")
    parent = target.parent
    for given in inputs:
        src = Path(given)
        try:
            if st is not None and src.is_file() and os.path.samefile(src, target):
                raise OutputRefused("output_is_input", path,
                                    f"{path} is one of this command's input files; it would be overwritten",
                                    f"{path} là một tệp đầu vào của lệnh này; ghi ra đó sẽ mất dữ liệu gốc")
            if (target.suffix.lower() in (".yaml", ".yml", ".xlsx") and src.is_dir() and parent.exists()
                    and os.path.samefile(src, parent)):
                raise OutputRefused("output_in_input_folder", path,
                                    f"{path} is inside the input folder {given}; it would be read as a unit next time",
                                    f"{path} nằm trong thư mục đầu vào {given}; lần sau sẽ bị đọc như một đơn vị")
        except OSError:
            continue


_PENDING: set[str] = set()      # temporary files being written (removed if a signal stops us)


def _on_signal(signum, frame):  # a stop request during a write: unwind, so the temporary file goes
    raise SystemExit(128 + signum)


def write_atomic(path: str | Path, data: "str | bytes | Iterable[str | bytes]") -> None:
    """Write a whole file or nothing: a temporary file beside it (``NAME.tmp-XXXX``), then rename.

    ``data`` may be an iterable of pieces (a long output written as it is made).

    The temporary file is removed on every exit path: an error, Ctrl-C, and SIGTERM/SIGHUP
    (handled for the duration of the write when called from the main thread).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{target.name}.tmp-", dir=str(target.parent))
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    _PENDING.add(tmp)
    old = _catch_signals()
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is an ordinary file
        with os.fdopen(fd, "wb") as fh:
            for piece in ((data,) if isinstance(data, (str, bytes)) else data):
                fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.filename == tmp:
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        raise
    finally:
        _PENDING.discard(tmp)
        _restore_signals(old)


def _catch_signals() -> dict:
    if threading.current_thread() is not threading.main_thread():
        return {}
    old = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                old[sig] = signal.signal(sig, _on_signal)
            except (OSError, ValueError):
                pass
    return old


def _restore_signals(old: dict) -> None:
    for sig, handler in old.items():
        try:
            signal.signal(sig, handler)
        except (OSError, ValueError):
            pass
