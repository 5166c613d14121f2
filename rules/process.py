"""Process-wide tuning for processes parscore owns (the CLI, batch workers); never run on import.

An embedding host (a web server) keeps its own allocator settings: nothing in the
library calls these.
"""
from __future__ import annotations

import ctypes
import ctypes.util

_DONE = False


def tune_malloc() -> None:
    """Keep glibc from mapping and unmapping each durable_rules session's large blocks
    (the measured per-session mmap churn, docs/durable_rules.md). Once per process."""
    global _DONE
    if _DONE:
        return
    _DONE = True
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
        libc.mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024)
        libc.mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024)
    except (OSError, AttributeError):
        pass
