"""Shared fixtures: where the official files are, and a scratch raw directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from integration_analysis.core.paths import SHARED_DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared official data folder (../shared/data); tests that need it skip where it is absent."""
    if not (SHARED_DATA_DIR / "official" / "CHECKSUMS.tsv").exists():
        pytest.skip(f"shared official data not found at {SHARED_DATA_DIR}")
    return SHARED_DATA_DIR


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
