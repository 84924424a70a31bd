"""Small builders shared by the tests."""

from __future__ import annotations

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
