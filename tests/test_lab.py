"""Working in JupyterLab: `make kernel` registers the project kernel where another JupyterLab finds it, the stock
`jupyter nbconvert --to html --no-input` writes offline HTML with the project's template, and an unknown
municipality ends a notebook run (papermill, JupyterLab) in one clear line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from papermill.exceptions import PapermillExecutionError

from integration_analysis.build.batch import KERNEL_NAME, ensure_kernel
from integration_analysis.build.kernels import BuildKernelManager
from integration_analysis.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from integration_analysis.report.page import TEMPLATE_NAME

BIN = Path(sys.executable).parent
NBCONVERT_CONFIG = PROJECT_ROOT / "config" / "jupyter_nbconvert_config.py"


@pytest.fixture(scope="module", autouse=True)
def kernel_spec() -> None:
    ensure_kernel()


# --- make kernel ------------------------------------------------------------------------------------------------


def kernelspecs(env: dict[str, str]) -> dict[str, dict]:
    listed = subprocess.run(
        [str(BIN / "jupyter"), "kernelspec", "list", "--json"], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(listed.stdout)["kernelspecs"]


@pytest.mark.parametrize("destination", ["--user", "--prefix"])
def test_make_kernel_registers_the_kernel_for_another_jupyterlab(tmp_path, destination):
    """`make kernel` into a temporary user data folder (JUPYTER_DATA_DIR, what --user writes to) or prefix; a
    JupyterLab that looks there (the user folder before its own environment; a prefix through JUPYTER_PATH)
    lists the kernel, which runs this environment's Python."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_")}
    if destination == "--user":
        env["JUPYTER_DATA_DIR"] = str(tmp_path)
        kernels_dir = tmp_path / "kernels"
        target = "KERNEL_DEST=--user"
    else:
        env["JUPYTER_PATH"] = str(tmp_path / "share" / "jupyter")
        kernels_dir = tmp_path / "share" / "jupyter" / "kernels"
        target = f"KERNEL_DEST=--prefix={tmp_path}"
    stamp = PROJECT_ROOT / ".venv" / ".installed"  # `make kernel` would set up .venv first: it is set up already
    subprocess.run(
        ["make", "-s", "-o", str(stamp), "kernel", f"BIN={BIN}", target],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    env["JUPYTER_PREFER_ENV_PATH"] = "0"  # as a JupyterLab of another environment sees it: the user folder first
    spec = kernelspecs(env)[KERNEL_NAME]
    assert Path(spec["resource_dir"]) == kernels_dir / KERNEL_NAME
    assert spec["spec"]["argv"][0] == str(BIN / "python")
    assert spec["spec"]["display_name"] == "Python (integration-analysis)"


# --- the stock nbconvert command --------------------------------------------------------------------------------


def remote_loads(page: str) -> list[str]:
    """Everything in an HTML page that would make a browser fetch from elsewhere: scripts with a source, script
    code naming an address or a CDN (``import("https://…")``, require.js configuration), stylesheets and
    ``@import`` from an address."""
    soup = BeautifulSoup(page, "html.parser")
    found = [f"script src={tag['src']}" for tag in soup.find_all("script", src=True)]
    for tag in soup.find_all("script"):
        code = tag.get_text()
        if re.search(r"https?:|//cdn|\bcdn\b|import\(", code, re.IGNORECASE):
            found.append(f"script code: {code.strip()[:80]}")
    for tag in soup.find_all("link", href=True):
        if re.match(r"(https?:)?//", tag["href"]):
            found.append(f"link href={tag['href']}")
    for style in soup.find_all("style"):
        found += [f"@import {m}" for m in re.findall(r"@import\s+url\(\s*['\"]?(?:https?:)?//[^)]*\)", style.text)]
    return found


@pytest.fixture(scope="module")
def executed_notebook(tmp_path_factory) -> Path:
    """A small notebook run in the project kernel: a heading with a formula, a table, a chart and printed text."""
    nb = new_notebook(metadata={"kernelspec": {"name": KERNEL_NAME, "display_name": "Python", "language": "python"}})
    nb.cells = [
        new_markdown_cell("# Probe\n\nAnteil $p = a / b$ in Prozent."),
        new_code_cell("import pandas\npandas.DataFrame({'Gemeinde': ['Keltern'], 'Anteil': [12.5]})"),
        new_code_cell("import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [1, 2])\nplt.show()"),
        new_code_cell("print('fertig')"),
    ]
    NotebookClient(nb, kernel_name=KERNEL_NAME, kernel_manager_class=BuildKernelManager, timeout=120).execute()
    path = tmp_path_factory.mktemp("nbconvert") / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def nbconvert(notebook: Path, *options: str) -> str:
    """Run ``jupyter nbconvert --to html --no-input`` (this environment's) and return the HTML it wrote."""
    output = notebook.with_name(f"{notebook.stem}-{len(options)}")
    subprocess.run(
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", *options, "--output", output.name, notebook],
        cwd=notebook.parent,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return output.with_suffix(".html").read_text(encoding="utf-8")


def test_the_nbconvert_configuration_is_installed_in_the_environment():
    """`make setup` copies the project's nbconvert configuration where every `jupyter nbconvert` of .venv reads it;
    a stale copy means `make setup` has not run since the file changed."""
    installed = Path(sys.prefix) / "etc" / "jupyter" / NBCONVERT_CONFIG.name
    assert installed.is_file(), f"{installed} is missing: run `make setup`"
    assert installed.read_text(encoding="utf-8") == NBCONVERT_CONFIG.read_text(encoding="utf-8"), "run `make setup`"
    assert f'"{TEMPLATE_NAME}"' in NBCONVERT_CONFIG.read_text(encoding="utf-8")


def test_the_stock_nbconvert_command_writes_offline_html(executed_notebook):
    page = nbconvert(executed_notebook)
    assert remote_loads(page) == []
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("meta", attrs={"name": "generator", "content": "integration-analysis"})  # the project template
    assert "Keltern" in page and "fertig" in page and soup.find("img")  # the outputs are all there
    assert "pandas.DataFrame" not in page  # --no-input


def test_nbconverts_own_template_would_load_from_the_internet(executed_notebook):
    """The check above is not vacuous: JupyterLab's template (what the stock command used before) is caught."""
    found = remote_loads(nbconvert(executed_notebook, "--template", "lab"))
    assert any("require" in item for item in found)
    assert any("mathjax" in item.lower() for item in found)


# --- an unknown municipality ------------------------------------------------------------------------------------


def test_papermill_on_an_unknown_municipality_ends_in_one_line(tmp_path):
    """The command a consultant runs; the last line names the problem, and the notebook's error output (what
    JupyterLab shows) is that one line, not a traceback into the package."""
    notebook, output = NOTEBOOKS_DIR / "steckbrief.ipynb", tmp_path / "out.ipynb"
    done = subprocess.run(
        [str(BIN / "papermill"), str(notebook), str(output), "-p", "municipality", "Atlantis"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    line = "UnknownRegionError: Unknown municipality 'Atlantis'."
    assert done.stderr.strip().splitlines()[-1] == line
    assert "documents.py" not in done.stderr and "regions.py" not in done.stderr
    errors = [o for c in nbformat.read(output, 4).cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [e.traceback for e in errors] == [[line]]


def test_a_near_miss_shows_the_closest_municipalities_in_one_line(tmp_path):
    with pytest.raises(PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / "steckbrief.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"municipality": "Wiernsheym"},
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            kernel_manager_class=BuildKernelManager,
        )
    assert info.value.ename == "UnknownRegionError"
    line = f"UnknownRegionError: {info.value.evalue}"
    assert line.startswith("UnknownRegionError: Unknown municipality 'Wiernsheym'. Did you mean: Wiernsheim (08236065)")
    assert info.value.traceback == [line]
    assert str(info.value).rstrip().endswith(line)
