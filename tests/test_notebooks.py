"""The report notebooks stay thin and clean: no logic, no file access, no outputs; a documented parameters
cell that papermill can read. (They are executed as smoke tests by nbval and by the report tests.)"""

from __future__ import annotations

import re

import nbformat
import pytest
from papermill.inspection import inspect_notebook

from integration_analysis.core.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
FORBIDDEN = [
    r"^\s*def ",
    r"^\s*class ",
    r"\bopen\(",
    r"\.(csv|xlsx|yaml|json)\b",
    r"['\"](/|\.\./|data/)",
    r"\bread_csv\b",
    r"\bpd\.",
    r"\bplt\.",
]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_hold_no_logic_and_no_paths(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for pattern in FORBIDDEN:
            assert not re.search(pattern, cell.source, re.MULTILINE), f"{path.name}: {pattern!r} in {cell.source!r}"
        assert len(cell.source.splitlines()) <= 6, f"{path.name}: a code cell this long belongs in the package"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert notebook.metadata["kernelspec"]["name"] == "integration-analysis"


def test_steckbrief_parameters_are_documented_with_a_working_default():
    parameters = inspect_notebook(str(NOTEBOOKS_DIR / "steckbrief.ipynb"))
    assert set(parameters) == {"municipality"}
    assert parameters["municipality"]["default"] == '"Keltern"'
    assert parameters["municipality"]["help"]  # the comment papermill --help-notebook shows
