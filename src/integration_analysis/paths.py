"""Every path the project uses, resolved from the package location (never from the working directory).

The project root is the folder that holds ``pyproject.toml``; it can be overridden with the environment variable
``INTEGRATION_ANALYSIS_ROOT`` (e.g. to run the package against another checkout's data).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _find_root() -> Path:
    override = os.environ.get("INTEGRATION_ANALYSIS_ROOT")
    if override:
        return Path(override).resolve()
    return PACKAGE_DIR.parent.parent


PROJECT_ROOT = _find_root()
CONFIG_DIR = PROJECT_ROOT / "config"
REGION_CONFIG = CONFIG_DIR / "region.yaml"
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
LOCAL_DIR = DATA_DIR / "local"
LOOKUPS_DIR = DATA_DIR / "lookups"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"

#: Where a rebuild of ``data/raw`` starts: the shared official tables beside the project (see SOURCES.md there).
SHARED_DATA_DIR = Path(os.environ.get("INTEGRATION_ANALYSIS_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))
