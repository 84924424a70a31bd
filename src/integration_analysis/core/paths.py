"""Every path the project uses, resolved from the package location (never from the working directory).

The project root is the folder that holds ``pyproject.toml``; it can be overridden with the environment variable
``INTEGRATION_ANALYSIS_ROOT`` (e.g. to run the package against another checkout's data).

Also here: :func:`public_text`, the one way a message that may name files is made fit for publication (reports,
``reports/index.html``, ``reports/manifest.json``): paths relative to the project root, nothing of the machine.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


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
#: The Excel template of the municipal information (written by ``integration-analysis local template``).
LOCAL_WORKBOOK_TEMPLATE = LOCAL_DIR / "Vorlage_Kommunale_Angaben.xlsx"
LOOKUPS_DIR = DATA_DIR / "lookups"
#: Where ``integration-analysis update`` keeps each download with its provenance (git-ignored).
DOWNLOADS_DIR = DATA_DIR / "downloads"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"

#: Where a rebuild of ``data/raw`` starts: the shared official tables beside the project (see SOURCES.md there).
SHARED_DATA_DIR = Path(os.environ.get("INTEGRATION_ANALYSIS_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


# An absolute path inside a message: a "/" not preceded by a word, a dot, a slash or a colon (so no URL, date
# range or "Flucht/Asyl"), up to a blank, a quote, a comma or a bracket.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~/:\-])/[^\s'\"`,;()<>\[\]{}|]+")


def public_path(path: str | Path) -> str:
    """A path as published: relative to the project root; a path outside the project only by its name."""
    text = os.path.normpath(str(path))
    for root in {str(PROJECT_ROOT), os.path.realpath(PROJECT_ROOT)}:
        if text == root:
            return "."
        if text.startswith(root + os.sep):
            return text[len(root) + 1 :]
    return os.path.basename(text) if os.path.isabs(text) else text


def public_text(text: str) -> str:
    """``text`` with every absolute path in it replaced by its :func:`public_path` (for published errors)."""
    return _ABSOLUTE_PATH.sub(lambda match: public_path(match.group(0)), text)
