"""The warm papermill engine: one kernel runs notebook after notebook with the same outputs as a fresh kernel
each time, nothing leaks from one notebook into the next, a failed notebook gets its kernel replaced, the kernel
is shut down on close and when a worker process exits; and a real Steckbrief built warm (as the second report
in a kernel) is the same HTML as one built cold."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from papermill.exceptions import PapermillExecutionError

from integration_analysis.build import engine
from integration_analysis.build.batch import KERNEL_NAME, ReportJob, build, ensure_kernel, plan_jobs, run_job
from integration_analysis.core.paths import NOTEBOOKS_DIR
from integration_analysis.data.regions import default_region

TEST_ENGINE = "warm-test"
STAMP = re.compile(r'<p class="ia-build-stamp">[^<]*</p>')


def notebook(*sources: str, parameters: str | None = None) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={"kernelspec": {"name": KERNEL_NAME, "display_name": "Python", "language": "python"}})
    if parameters is not None:
        nb.cells.append(new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    nb.cells += [new_markdown_cell("# Test")] + [new_code_cell(source) for source in sources]
    return nb


def write(tmp_path: Path, name: str, nb: nbformat.NotebookNode) -> Path:
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def execute(path: Path, engine_name: str | None, **options: object) -> nbformat.NotebookNode:
    return papermill.execute_notebook(
        str(path),
        str(path.with_suffix(f".{engine_name or 'cold'}.out.ipynb")),
        kernel_name=KERNEL_NAME,
        engine_name=engine_name,
        progress_bar=False,
        **options,
    )


def outputs(nb: nbformat.NotebookNode) -> list[tuple[int | None, list[dict]]]:
    """Execution count and outputs of every code cell (without the random ids of papermill's cells)."""
    return [(cell.execution_count, cell.outputs) for cell in nb.cells if cell.cell_type == "code"]


def text(nb: nbformat.NotebookNode, index: int) -> str:
    """The text output of the ``index``-th code cell."""
    cell = [c for c in nb.cells if c.cell_type == "code"][index]
    return "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)


@pytest.fixture(scope="module", autouse=True)
def kernel_spec() -> None:
    ensure_kernel()


@pytest.fixture
def warm():
    """A warm engine registered with papermill for one test, closed afterwards."""
    installed = engine.install(TEST_ENGINE)
    yield installed
    engine.uninstall(TEST_ENGINE)


NOTEBOOK_A = (
    "import os\nsecret = 42\nprint('A', greeting, os.getcwd())",
    "from IPython.display import HTML, display\ndisplay(HTML('<b>fett</b>'))\nsecret * 2",
    "sorted(globals())",
    "get_ipython().execution_count",
)
NOTEBOOK_B = (
    "print('secret' in globals(), 'os' in globals(), greeting)",
    "sorted(globals())",
    "[x ** 2 for x in range(4)]",
)


def test_warm_runs_give_the_outputs_of_cold_runs(tmp_path, warm):
    a = write(tmp_path, "a", notebook(*NOTEBOOK_A, parameters="greeting = 'hallo'"))
    b = write(tmp_path, "b", notebook(*NOTEBOOK_B, parameters="greeting = 'hallo'"))
    cold = [outputs(execute(path, None, parameters={"greeting": "moin"})) for path in (a, b, a)]
    hot = [outputs(execute(path, TEST_ENGINE, parameters={"greeting": "moin"})) for path in (a, b, a)]
    assert hot == cold
    assert warm.kernels_started == 1 and warm.notebooks_run == 3
    assert [count for count, _ in hot[0]] == [1, 2, 3, 4, 5, 6]  # parameters, injected parameters, four cells


def test_no_variable_of_one_notebook_is_visible_in_the_next(tmp_path, warm):
    a = write(tmp_path, "a", notebook(*NOTEBOOK_A, parameters="greeting = 'hallo'"))
    b = write(tmp_path, "b", notebook(*NOTEBOOK_B, parameters="greeting = 'hallo'"))
    execute(a, TEST_ENGINE)
    result = execute(b, TEST_ENGINE)
    assert text(result, 1).startswith("False False hallo")  # neither ``secret`` nor the import ``os``
    assert "'secret'" not in text(result, 2)


def test_the_working_directory_is_papermills_cwd(tmp_path, warm):
    first, second = tmp_path / "eins", tmp_path / "zwei"
    first.mkdir()
    second.mkdir()
    nb = write(tmp_path, "cwd", notebook("import os\nprint(os.getcwd())"))
    assert text(execute(nb, TEST_ENGINE, cwd=first), 0).strip() == str(first)
    assert text(execute(nb, TEST_ENGINE, cwd=second), 0).strip() == str(second)


def test_after_a_failing_notebook_the_next_runs_in_a_new_kernel(tmp_path, warm):
    good = write(tmp_path, "good", notebook("x = 1", "x + 1"))
    bad = write(tmp_path, "bad", notebook("y = 1", "raise ValueError('kaputt')", "z = 3"))
    execute(good, TEST_ENGINE)
    first = warm.kernel_id
    with pytest.raises(PapermillExecutionError) as failure:
        execute(bad, TEST_ENGINE)
    assert (failure.value.exec_count, failure.value.cell_index) == (2, 2)  # counted as in a fresh kernel
    assert failure.value.ename == "ValueError" and failure.value.evalue == "kaputt"
    assert warm.kernel_id is None  # the failed kernel is gone ...
    result = execute(good, TEST_ENGINE)  # ... and the next notebook gets a new one
    assert warm.kernel_id not in (None, first) and warm.kernels_started == 2
    assert outputs(result) == outputs(execute(good, None))


def test_a_dead_kernel_or_a_timeout_is_replaced(tmp_path, warm):
    good = write(tmp_path, "good", notebook("import os\nprint(os.getpid())"))
    dies = write(tmp_path, "dies", notebook("import os\nos._exit(1)"))
    hangs = write(tmp_path, "hangs", notebook("import time\ntime.sleep(60)"))
    pid = int(text(execute(good, TEST_ENGINE), 0))
    with pytest.raises(Exception, match="[Kk]ernel died"):
        execute(dies, TEST_ENGINE)
    with pytest.raises(Exception, match="[Tt]imed? ?out"):
        execute(hangs, TEST_ENGINE, execution_timeout=1)
    assert int(text(execute(good, TEST_ENGINE), 0)) not in (pid, None)
    assert warm.kernels_started == 3


def _gone(pid: int, wait_s: float = 10) -> bool:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_the_kernel_is_reused_and_shut_down_on_close(tmp_path):
    nb = write(tmp_path, "pid", notebook("import os\nprint(os.getpid())"))
    with engine.WarmEngine() as warm:
        papermill.engines.papermill_engines.register(TEST_ENGINE, warm)
        try:
            first = int(text(execute(nb, TEST_ENGINE), 0))
            kernel_id = warm.kernel_id
            second = int(text(execute(nb, TEST_ENGINE), 0))
            assert first == second == warm.kernel_pid and warm.kernel_id == kernel_id
            assert warm.kernels_started == 1
        finally:
            papermill.engines.papermill_engines.register(TEST_ENGINE, None)
    assert warm.kernel_id is None and _gone(first)
    with pytest.raises(RuntimeError, match="closed"):
        warm.start_kernel(KERNEL_NAME)


def test_a_kernel_is_replaced_after_max_notebooks(tmp_path):
    nb = write(tmp_path, "pid", notebook("import os\nprint(os.getpid())"))
    warm = engine.install(TEST_ENGINE, max_notebooks=2)
    try:
        pids = [int(text(execute(nb, TEST_ENGINE), 0)) for _ in range(3)]
    finally:
        engine.uninstall(TEST_ENGINE)
    assert pids[0] == pids[1] != pids[2] and warm.kernels_started == 2


def test_an_engine_is_used_only_in_its_own_thread(warm):
    from concurrent.futures import ThreadPoolExecutor

    assert engine.installed(TEST_ENGINE) is warm
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(engine.installed, TEST_ENGINE).result() is None  # so run_job runs cold there


def _pids_in_worker(path: str) -> tuple[int | None, list[int]]:
    """Run a notebook twice in a worker with the warm engine; the kernel pid and the pids the notebook saw."""
    assert engine.installed() is not None
    seen = []
    for _ in range(2):
        nb = papermill.execute_notebook(
            path, None, kernel_name=KERNEL_NAME, engine_name=engine.ENGINE_NAME, progress_bar=False
        )
        seen.append(int(text(nb, 0)))
    return engine.installed().kernel_pid, seen


def test_a_worker_keeps_one_kernel_and_shuts_it_down_when_it_exits(tmp_path):
    nb = write(tmp_path, "pid", notebook("import os\nprint(os.getpid())"))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=engine.init_worker) as pool:
        kernel_pid, seen = pool.submit(_pids_in_worker, str(nb)).result()
    assert seen == [kernel_pid, kernel_pid]
    assert _gone(kernel_pid)  # the executor's shutdown waited for the worker, whose exit stopped the kernel


def test_a_steckbrief_built_warm_is_the_one_built_cold():
    """Keltern's Steckbrief as the second report in a warm kernel (after Wiernsheim's) against a fresh kernel."""
    engine.install()  # run_job uses the engine installed under the default name
    try:
        jobs = {j.ags: j for j in plan_jobs(default_region(), ["Wiernsheim", "Keltern"]) if j.kind == "steckbrief"}
        keltern = jobs["08236070"]
        assert run_job(jobs["08236065"], "rev").result.status == "built"
        first = engine.installed().kernel_id
        warm = run_job(keltern, "rev")
        assert warm.result.status == "built"
        assert engine.installed().kernel_id == first
    finally:
        engine.uninstall()
    cold = run_job(keltern, "rev")  # no engine installed: cold
    assert cold.result.status == "built"
    assert STAMP.sub("", warm.html.decode("utf-8")) == STAMP.sub("", cold.html.decode("utf-8"))


def test_the_default_build_reports_a_failure_and_goes_on_in_a_new_kernel(tmp_path):
    """One worker: the broken notebook runs first in its kernel, the good report after it."""
    broken = nbformat.v4.new_notebook(metadata=nbformat.read(NOTEBOOKS_DIR / "steckbrief.ipynb", 4).metadata)
    broken.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('kaputt')")]
    path = write(tmp_path, "broken", broken)
    good = [j for j in plan_jobs(default_region(), ["Wiernsheim"]) if j.kind == "steckbrief"][0]
    bad = ReportJob(
        kind="steckbrief", notebook=str(path), parameters={}, file="kaputt.html", title="Kaputt", ags="08236999"
    )
    result = build([bad, good], reports_dir=tmp_path / "reports", workers=1, progress=False)
    status = {r.file: r for r in result.results}
    assert status["kaputt.html"].status == "failed"
    assert status["kaputt.html"].error == "Zelle 2 (Index 1): ValueError: kaputt"
    assert status[good.file].status == "built" and (tmp_path / "reports" / good.file).exists()
