"""The PDF writer (pdf.py) without a real browser: a stand-in ``chromium`` script prints (or fails to print), the
PDF lands atomically beside the HTML, and a missing Chromium is one clear error line, before any report is built."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from integration_analysis.build.batch import JobResult, attach_pdf
from integration_analysis.cli import main
from integration_analysis.core.checksums import sha256_file
from integration_analysis.report import pdf
from integration_analysis.report.pdf import PdfError, page_count, print_pdf

#: A two-page PDF as Chromium writes it (objects reduced to what page_count reads).
TWO_PAGES = b"%PDF-1.4\n1 0 obj <</Type /Pages /Count 2>> endobj\n2 0 obj <</Type /Page>> endobj\n" + (
    b"3 0 obj <</Type/Page /Parent 1 0 R>> endobj\n%%EOF\n"
)


def fake_chromium(folder: Path, body: str) -> str:
    """An executable that stands in for chromium: ``$out`` is the --print-to-pdf target, ``$seen`` a file
    recording the temporary target while the print runs."""
    script = folder / "chromium"
    script.write_text(
        '#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; done\n'
        f'seen="{folder}/seen"\n{body}\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "reports" / "steckbrief-08236073-neulingen.html"
    path.parent.mkdir()
    path.write_text("<!DOCTYPE html><html lang='de'><body><p>Neulingen</p></body></html>", encoding="utf-8")
    return path


def test_page_count_counts_page_objects_not_the_page_tree():
    assert page_count(TWO_PAGES) == 2
    assert page_count(b"%PDF-1.4\n%%EOF\n") == 0


def test_pdf_is_written_beside_the_html_through_a_temporary_file(tmp_path, report):
    (tmp_path / "two.pdf").write_bytes(TWO_PAGES)
    chromium = fake_chromium(tmp_path, f'echo "$out" > "$seen"; cp "{tmp_path / "two.pdf"}" "$out"')
    target = print_pdf(report, chromium=chromium)
    assert target == report.with_suffix(".pdf")
    assert page_count(target.read_bytes()) == 2
    temporary = Path((tmp_path / "seen").read_text().strip())
    assert temporary.parent == report.parent and temporary.name.startswith(".steckbrief-08236073-neulingen.pdf.")
    assert not temporary.exists()  # renamed into place
    assert sorted(p.name for p in report.parent.iterdir()) == [report.name, target.name]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_a_failed_print_keeps_the_previous_pdf_and_leaves_no_temporary_file(tmp_path, report):
    previous = report.with_suffix(".pdf")
    previous.write_bytes(TWO_PAGES)
    half = fake_chromium(tmp_path, 'printf "%%PDF-1.4 half" > "$out"; echo "Aw, Snap" >&2; exit 1')
    with pytest.raises(PdfError, match=r"could not print steckbrief-08236073-neulingen.html \(exit 1\): Aw, Snap"):
        print_pdf(report, chromium=half)
    truncated = fake_chromium(tmp_path, 'printf "%%PDF-1.4 no end" > "$out"')  # exit 0, but no %%EOF
    with pytest.raises(PdfError, match="could not print"):
        print_pdf(report, chromium=truncated)
    assert previous.read_bytes() == TWO_PAGES
    assert sorted(p.name for p in report.parent.iterdir()) == [report.name, previous.name]


def test_missing_chromium_is_one_clear_error(monkeypatch, capsys, tmp_path, report):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(PdfError, match="chromium not found: install it"):
        pdf.find_chromium()
    with pytest.raises(PdfError, match="chromium not found at"):
        print_pdf(report, chromium=str(tmp_path / "no-such-chromium"))
    reports = tmp_path / "out"
    assert main(["build", "--municipality", "Neulingen", "--pdf", "--quiet", "--reports-dir", str(reports)]) == 2
    err = capsys.readouterr().err
    assert err == "error: chromium not found: install it (Debian: apt-get install chromium) to build PDFs\n"
    assert not any(p.suffix in (".html", ".pdf") for p in reports.rglob("*"))  # stopped before any report


def test_build_records_keeps_or_drops_the_pdf_of_each_report(tmp_path, report):
    (tmp_path / "two.pdf").write_bytes(TWO_PAGES)
    works = fake_chromium(tmp_path, f'cp "{tmp_path / "two.pdf"}" "$out"')
    fields = {"kind": "steckbrief", "title": "Neulingen", "ags": "08236073", "parameters": {}, "fingerprint": "f"}
    result = JobResult(file=report.name, status="built", **fields)
    attach_pdf(result, report.parent, works)
    assert (result.pdf_file, result.pdf_bytes) == ("steckbrief-08236073-neulingen.pdf", len(TWO_PAGES))
    assert result.pdf_sha256 == sha256_file(report.with_suffix(".pdf"))

    kept = JobResult(**{**asdict(result), "status": "unchanged"})
    attach_pdf(kept, report.parent, fake_chromium(tmp_path, "exit 1"))  # intact: not printed again
    assert (kept.status, kept.pdf_sha256) == ("unchanged", result.pdf_sha256)

    failing = JobResult(file=report.name, status="built", **fields)
    attach_pdf(failing, report.parent, fake_chromium(tmp_path, "exit 1"))
    assert failing.status == "failed" and failing.error.startswith("chromium could not print")

    rebuilt = JobResult(file=report.name, status="built", **fields)  # a new HTML without --pdf: the old PDF goes
    attach_pdf(rebuilt, report.parent, None)
    assert not report.with_suffix(".pdf").exists() and rebuilt.pdf_file == ""
