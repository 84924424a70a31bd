"""Small builders shared by the tests."""

from __future__ import annotations

from pathlib import Path

import nbformat

from integration_analysis.build.batch import ReportJob
from integration_analysis.core.paths import NOTEBOOKS_DIR
from integration_analysis.core.provenance import SourceMeta


def sample_meta(source_id: str = "t", **extra: object) -> SourceMeta:
    """A complete provenance sidecar for tests that write their own extracts."""
    base = dict(
        source_id=source_id,
        title="t",
        publisher="p",
        table_code="c",
        reference_date="2023-12-31",
        licence="l",
        licence_url="https://example.org/licence",
        source_url="https://example.org/table",
        citation="c",
        original_file="f",
        original_sha256="0" * 64,
        retrieved_from="r",
        compiled_on="2026-11-25",
        importer="tests",
        coverage="c",
    )
    return SourceMeta(**{**base, **extra})


def notebook_job(folder: Path, name: str, *sources: str) -> ReportJob:
    """A report job for a small notebook of code cells ``sources`` (kernel of the project's Steckbrief), written
    to ``folder/<name>.ipynb``; its report is ``<name>.html``."""
    notebook = nbformat.v4.new_notebook(metadata=nbformat.read(NOTEBOOKS_DIR / "steckbrief.ipynb", 4).metadata)
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# {name}")] + [nbformat.v4.new_code_cell(s) for s in sources]
    path = Path(folder) / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return ReportJob(
        kind="steckbrief", notebook=str(path), parameters={}, file=f"{name}.html", title=name, ags="08236999"
    )
