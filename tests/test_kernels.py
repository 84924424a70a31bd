"""The build's kernel manager: kernels with CurveZMQ keys (no "running over TCP without encryption" warning), shut
down without the SIGINT that jupyter_client's own shutdown sends first (the cause of "KeyboardInterrupt caught in
kernel"), gracefully or at once; and builds, warm and cold, that print neither message."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbformat.v4 import new_code_cell, new_notebook

from integration_analysis.build import engine
from integration_analysis.build.batch import KERNEL_NAME, ReportJob, ensure_kernel, run_job
from integration_analysis.build.kernels import BuildKernelManager

#: What a kernel must not print during a build (ipykernel's log lines for both).
ALARMS = ("without encryption", "KeyboardInterrupt", "[IPKernelApp] WARNING")


@pytest.fixture(scope="module", autouse=True)
def kernel_spec() -> None:
    ensure_kernel()


def started(manager_class: type[AsyncKernelManager]) -> tuple[AsyncKernelManager, list[int]]:
    """A running kernel of ``manager_class`` and the list into which every signal sent to it is recorded."""
    km = manager_class(kernel_name=KERNEL_NAME)
    run_sync(km.start_kernel)()
    sent: list[int] = []
    send = km.provisioner.send_signal

    async def record(signum: int) -> None:
        sent.append(signum)
        await send(signum)

    km.provisioner.send_signal = record
    return km, sent


def test_jupyter_clients_own_shutdown_interrupts_the_kernel_first():
    """The premise: AsyncKernelManager.shutdown_kernel sends SIGINT before its shutdown request."""
    km, sent = started(AsyncKernelManager)
    run_sync(km.shutdown_kernel)()
    assert sent[:1] == [signal.SIGINT]


@pytest.mark.parametrize("now", [False, True], ids=["graceful", "now"])
def test_the_build_kernel_is_shut_down_without_an_interrupt(now):
    km, sent = started(BuildKernelManager)
    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        reply = run_sync(kc.execute_interactive)("x = 1", timeout=60, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
    process = km.provisioner.process
    run_sync(km.shutdown_kernel)(now=now)
    assert signal.SIGINT not in sent
    assert sent == ([signal.SIGKILL] if now else [])  # graceful: the shutdown request alone ends the kernel
    assert process.poll() is not None and not run_sync(km.is_alive)()


def test_the_build_kernel_gets_curve_keys():
    km, _ = started(BuildKernelManager)
    try:
        info = km.get_connection_info()
        assert km.transport_encryption == "auto"
        assert info.get("curve_publickey") and info.get("curve_secretkey")
    finally:
        run_sync(km.shutdown_kernel)(now=True)


def small_job(tmp_path: Path, *cells: str) -> ReportJob:
    nb = new_notebook(metadata={"kernelspec": {"name": KERNEL_NAME, "display_name": "Python", "language": "python"}})
    nb.cells = [new_code_cell(source) for source in cells]
    path = tmp_path / f"n{len(list(tmp_path.glob('*.ipynb')))}.ipynb"
    nbformat.write(nb, path)
    return ReportJob(kind="steckbrief", notebook=str(path), parameters={}, file=f"{path.stem}.html", title="T", ags="0")


def test_cold_and_warm_runs_print_no_kernel_warnings(tmp_path, capfd):
    """A new kernel per notebook (papermill's engine with the build's manager), then the warm engine: a failing
    notebook (its kernel is discarded at once) and a good one (its kernel shut down gracefully on close)."""
    good = small_job(tmp_path, "import matplotlib.pyplot as plt\nplt.plot([1, 2])", "print('fertig')")
    bad = small_job(tmp_path, "x = 1", "raise ValueError('kaputt')")
    assert run_job(good, "rev").result.status == "built"
    failed = run_job(bad, "rev").result
    assert failed.status == "failed" and failed.error == "Zelle 2 (Index 1): ValueError: kaputt"
    engine.install()  # run_job uses the engine installed under the default name
    try:
        assert run_job(bad, "rev").result.status == "failed"
        assert run_job(good, "rev").result.status == "built"
    finally:
        engine.uninstall()
    captured = capfd.readouterr()
    for alarm in ALARMS:
        assert alarm not in captured.err and alarm not in captured.out


@pytest.mark.shared_data
def test_a_build_of_one_steckbrief_prints_no_kernel_messages(tmp_path, shared_data):
    """The command a user runs: stderr stays empty (the kernels' own log lines would land there)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "integration_analysis.cli",
            "build",
            "--municipality",
            "Keltern",
            "--reports-dir",
            str(tmp_path),
            "--jobs",
            "1",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "2 Bericht(e), 0 fehlgeschlagen" in done.stdout
    for alarm in ALARMS:
        assert alarm not in done.stdout
    assert done.stderr == ""
