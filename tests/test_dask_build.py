"""Builds on Dask (``build --executor dask``): a LocalCluster of two worker processes with one thread each builds
the same reports as the local process pool (manifest apart from timings, HTML apart from the build stamp), with a
failing report recorded and the others built; a second run rebuilds only what changed, without starting anything
when nothing did; each worker keeps one warm kernel for the build, shut down by the plugin at its end; a lost
worker's report is run again by Dask or failed with a clear reason; a worker that read other inputs fails its
report; an unreachable scheduler is one clear error.

One cluster serves the module (the test of lost workers comes last, since it kills workers)."""

from __future__ import annotations

import json
import os
import re
import time
from functools import partial
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster
from factories import notebook_job

from integration_analysis.build.batch import (
    MANIFEST,
    JobOutput,
    JobResult,
    build,
    default_executor,
    plan_jobs,
    select_executor,
    store_output,
)
from integration_analysis.build.cluster import DaskExecutor, local_cluster
from integration_analysis.cli import build_parser, main
from integration_analysis.data.regions import default_region

STAMP = re.compile(r'<p class="ia-build-stamp">[^<]*</p>')
#: Fields of a manifest entry that are timings (or hold the build stamp) and differ between any two builds.
TIMED = {"duration_s", "built_at", "html_bytes", "html_sha256"}
BROKEN = ("x = 1", "raise ValueError('kaputt')")


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes with one thread each, as `build --executor dask --jobs 2` starts them, but a report
    whose worker dies is run only once more before it counts as lost."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        local = local_cluster(2)
    with local:
        yield local


def on(cluster: LocalCluster):
    """The dask executor on ``cluster``'s scheduler, as ``build --executor dask --scheduler ADDRESS`` makes it."""
    return select_executor("dask", cluster.scheduler_address)


@pytest.fixture(scope="module")
def builds(cluster, tmp_path_factory) -> tuple[Path, Path]:
    """Keltern's and Wiernsheim's Steckbriefe, the Kreisübersicht and a failing notebook, built by the local
    process pool and on the Dask cluster (two workers each)."""
    folder = tmp_path_factory.mktemp("dask")
    jobs = [*plan_jobs(default_region(), ["Keltern", "Wiernsheim"]), notebook_job(folder, "kaputt", *BROKEN)]
    local, remote = folder / "local", folder / "dask"
    build(jobs, reports_dir=local, workers=2, progress=False, executor_factory=default_executor)
    build(jobs, reports_dir=remote, workers=2, progress=False, executor_factory=on(cluster))
    return local, remote


def entries(reports: Path) -> dict[str, dict]:
    return {e["file"]: e for e in json.loads((reports / MANIFEST).read_text(encoding="utf-8"))["reports"]}


def test_a_dask_build_gives_the_manifest_and_html_of_the_local_build(builds):
    local, remote = builds
    head = [
        {k: v for k, v in json.loads((folder / MANIFEST).read_text(encoding="utf-8")).items() if k != "reports"}
        for folder in (remote, local)
    ]
    assert head[0] == head[1]  # package version, git revision, Python
    ours, theirs = entries(remote), entries(local)
    assert list(ours) == list(theirs)  # the same reports in the same order
    for name, entry in ours.items():
        assert {k: v for k, v in entry.items() if k not in TIMED} == {
            k: v for k, v in theirs[name].items() if k not in TIMED
        }, name
        if entry["status"] == "built":
            html = [STAMP.sub("", (folder / name).read_text(encoding="utf-8")) for folder in (remote, local)]
            assert html[0] == html[1], name
    assert [e["status"] for e in ours.values()] == ["built", "built", "built", "failed"]


def test_a_failing_report_is_recorded_and_the_others_are_built(builds):
    _, remote = builds
    failed = entries(remote)["kaputt.html"]
    assert failed["status"] == "failed" and failed["error"] == "Zelle 2 (Index 2): ValueError: kaputt"
    assert not (remote / "kaputt.html").exists()
    assert not list(remote.glob(".*.tmp"))  # nothing half-written
    assert "fehlgeschlagen" in (remote / "index.html").read_text(encoding="utf-8")


def test_a_second_dask_run_rebuilds_only_what_changed(builds, cluster):
    """The decisions are the client's, as in a local run: nothing changed, nothing started; a truncated report
    (as in tests/test_damage_build.py) is the one rebuilt."""
    _, remote = builds
    jobs = plan_jobs(default_region(), ["Keltern", "Wiernsheim"])
    started = []

    def counted(workers: int):
        started.append(workers)
        return on(cluster)(workers)

    again = build(jobs, reports_dir=remote, workers=2, progress=False, executor_factory=counted)
    assert {r.status for r in again.results} == {"unchanged"} and started == []
    keltern = jobs[0].file
    data = (remote / keltern).read_bytes()
    (remote / keltern).write_bytes(data[: len(data) // 2])
    result = build(jobs, reports_dir=remote, workers=2, progress=False, executor_factory=counted)
    assert [(r.file, r.status) for r in result.results] == [
        (job.file, "built" if job.file == keltern else "unchanged") for job in jobs
    ]
    assert started == [1]  # a build asks for as many workers as it has reports (at most --jobs)
    assert (remote / keltern).read_bytes() != data[: len(data) // 2]
    assert entries(remote)[keltern]["html_bytes"] == (remote / keltern).stat().st_size


def _pids(html: str) -> tuple[int, int]:
    found = re.search(r"kernel (\d+) worker (\d+)", html)
    assert found, html[-2000:]
    return int(found.group(1)), int(found.group(2))


def _gone(pid: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_each_worker_keeps_one_kernel_for_the_build_and_shuts_it_down(cluster, tmp_path):
    code = "import os\nprint('kernel', os.getpid(), 'worker', os.getppid())"
    jobs = [notebook_job(tmp_path, f"pid-{i}", code) for i in range(4)]
    result = build(jobs, reports_dir=tmp_path / "reports", workers=2, progress=False, executor_factory=on(cluster))
    assert {r.status for r in result.results} == {"built"}
    seen = [_pids((tmp_path / "reports" / job.file).read_text(encoding="utf-8")) for job in jobs]
    with Client(cluster, set_as_default=False) as client:
        workers = set(client.run(os.getpid).values())
    kernels = {kernel for kernel, _ in seen}
    assert {worker for _, worker in seen} <= workers  # the kernels ran in the Dask workers
    assert len(kernels) <= len(workers) < len(jobs)  # one kernel per worker, not one per report
    assert all(_gone(kernel) for kernel in kernels)  # the plugin shut them down when the build ended
    assert all(_alive(worker) for worker in workers)  # the cluster's workers go on


def test_without_a_scheduler_the_build_starts_and_stops_a_local_cluster_quietly(tmp_path, capfd):
    job = notebook_job(tmp_path, "klein", "1 + 1")
    result = build(
        [job], reports_dir=tmp_path / "reports", workers=2, progress=False, executor_factory=select_executor("dask")
    )
    assert [r.status for r in result.results] == ["built"] and (tmp_path / "reports" / job.file).exists()
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""  # no log line of Dask or the kernels


def test_a_worker_with_other_inputs_fails_its_report_and_writes_nothing(tmp_path):
    inputs = {"data": "a", "package": "0.1.0:b", "notebook": "c"}
    result = JobResult(
        file="x.html", kind="steckbrief", title="x", ags="08236999", parameters={}, status="built", fingerprint="f"
    )
    result.inputs = {**inputs, "data": "other"}
    stored = store_output(JobOutput(result, b"<html></html>"), inputs, tmp_path)
    assert stored.status == "failed" and "(data)" in stored.error and "Projektordner oder Paket" in stored.error
    assert stored.html_sha256 == "" and not (tmp_path / "x.html").exists()
    result.inputs = dict(inputs)
    result.status = "built"
    assert store_output(JobOutput(result, b"<html></html>"), inputs, tmp_path).status == "built"
    assert (tmp_path / "x.html").read_bytes() == b"<html></html>"


def test_the_executor_is_chosen_by_name():
    assert select_executor("local") is default_executor
    dask_on_address = select_executor("dask", "tcp://127.0.0.1:8786")
    assert isinstance(dask_on_address, partial) and dask_on_address.func is DaskExecutor
    with pytest.raises(ValueError, match="needs the dask executor"):
        select_executor("local", "tcp://127.0.0.1:8786")
    with pytest.raises(ValueError, match="unknown executor 'ray'"):
        select_executor("ray")


def test_cli_names_the_options_and_refuses_an_unreachable_scheduler(tmp_path, capsys):
    build_help = build_parser()._subparsers._group_actions[0].choices["build"].format_help()
    assert "--executor {local,dask}" in build_help and "--scheduler ADDRESS" in build_help
    with pytest.raises(SystemExit):
        main(["build", "--scheduler", "tcp://127.0.0.1:9"])
    assert "--scheduler needs --executor dask" in capsys.readouterr().err
    reports = tmp_path / "reports"
    args = ["build", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9", "--reports-dir", str(reports)]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert main([*args, "--municipality", "Keltern", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "error: cannot build on the Dask cluster at tcp://127.0.0.1:9" in err and "Traceback" not in err
    assert not (reports / MANIFEST).exists()


def test_a_lost_worker_s_report_is_run_again_or_failed_with_a_clear_reason(cluster, tmp_path):
    """A notebook that kills its worker (and its kernel) on the first try is built on the second; one that
    always does fails once the cluster's allowed failures (1) are used up; the others are built."""
    kill = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(os.getpid(), signal.SIGKILL)"
    marker = tmp_path / "tried"
    once = (
        f"import pathlib\nif not pathlib.Path({str(marker)!r}).exists():\n    pathlib.Path({str(marker)!r}).touch()\n"
    )
    once += "".join(f"    {line}\n" for line in kill.splitlines())
    jobs = [
        notebook_job(tmp_path, "einmal", once),
        notebook_job(tmp_path, "immer", kill),
        notebook_job(tmp_path, "gut", "1 + 1"),
    ]
    result = build(jobs, reports_dir=tmp_path / "reports", workers=2, progress=False, executor_factory=on(cluster))
    status = {r.file: r for r in result.results}
    assert status["einmal.html"].status == "built" and marker.exists()
    assert status["gut.html"].status == "built"
    assert status["immer.html"].status == "failed"
    assert status["immer.html"].error == (
        "WorkerLostError: der Dask-Worker fiel beim Bauen dieses Berichts aus (2-mal, auf verschiedenen Workern); "
        "Bericht nicht gebaut"
    )
    assert "tcp://" not in (tmp_path / "reports" / MANIFEST).read_text(encoding="utf-8")
