"""A4 PDFs of the reports: one call of headless Chromium per HTML file, written atomically beside it.

This module owns the Chromium command line (also used by the browser test) and the atomic write of the PDF: Chromium
prints into a temporary file in the target folder, which is renamed into place only once it is a complete PDF, so a
reader never sees half a PDF and a failed print leaves the previous one untouched. The page size and margins come
from the report's print stylesheet (``@page`` in ``templates/ia_offline/report.css``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Seconds one print may take before it counts as failed.
TIMEOUT_S = 120
#: Flags for a headless Chromium that reads a local file and nothing else.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class PdfError(RuntimeError):
    """Chromium is missing or could not print a report."""


def find_chromium() -> str:
    """The Chromium executable (``chromium``, ``chromium-browser`` or ``google-chrome`` on the PATH)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("chromium not found: install it (Debian: apt-get install chromium) to build PDFs")


def pdf_path(html_path: Path) -> Path:
    """The PDF beside ``html_path``, with the same stem."""
    return Path(html_path).with_suffix(".pdf")


def print_pdf(html_path: Path, target: Path | None = None, *, chromium: str | None = None) -> Path:
    """Print ``html_path`` to an A4 PDF at ``target`` (default: beside it, same stem), atomically."""
    html_path = Path(html_path).resolve()
    target = Path(target) if target is not None else pdf_path(html_path)
    chromium = chromium or find_chromium()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(prefix="ia-chromium-") as profile:
            command = [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={tmp}",
                html_path.as_uri(),
            ]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
            except FileNotFoundError as exc:
                raise PdfError(f"chromium not found at {chromium}") from exc
            except subprocess.TimeoutExpired as exc:
                raise PdfError(f"chromium did not print {html_path.name} within {TIMEOUT_S} s") from exc
        data = tmp.read_bytes()
        if done.returncode != 0 or not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise PdfError(f"chromium could not print {html_path.name} (exit {done.returncode}): {last}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF as Chromium writes it (one ``/Type /Page`` object per page)."""
    return len(_PAGE.findall(pdf))
