"""Tests that look: documents converted by LibreOffice to PDF and read back with pdftotext, page by page.

A private LibreOffice profile per test session (``-env:UserInstallation``) so
parallel runs never share one. Without ``soffice`` the tests skip with the
reason; CI installs it (.ci/run).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_office = pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                                  reason="soffice (LibreOffice) or pdftotext (poppler-utils) not installed; "
                                         "CI installs both (.ci/run)")


def to_pdf(files: list[Path], outdir: Path, profile: Path) -> list[Path]:
    """Convert ``files`` to PDF in one LibreOffice run; the PDFs in the same order."""
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    pdfs = [outdir / (f.stem + ".pdf") for f in files]
    for p in pdfs:
        assert p.exists(), f"LibreOffice did not convert {p.name}"
    return pdfs


def pages(pdf: Path) -> list[str]:
    """The text of every page (``pdftotext -layout``), one string per page."""
    out = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=120)
    text = out.stdout.decode("utf-8")
    return [p for p in text.split("\f") if p.strip()]


def words(text: str) -> set[str]:
    return set(re.findall(r"[\w%()/.,−-]+", text))


def has_words(page: str, label: str) -> bool:
    """Every word of a (possibly wrapped) header label is on the page."""
    have = words(page)
    return all(w in have for w in re.findall(r"[\w%()/.,−-]+", label))
