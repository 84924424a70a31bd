"""Benchmark of the Dask executor, in one run on one machine: the same jobs (every Steckbrief of the region and
the Kreisübersicht) built by ``integration-analysis build`` with the local process pool on all cores, and with
``--executor dask`` on a local cluster of 1 and of 2 workers; plus a no-change rebuild with the dask executor.

Each build runs ``--repeat`` times (rounds in turn), the fastest counts. For each: wall time, CPU seconds of all
its processes (the command, its workers and their kernels: ``getrusage(RUSAGE_CHILDREN)``, which counts every
process that has exited and been waited for), CPU seconds per report, and per report the time a worker spent on
it (``duration_s`` of the manifest). From the 1-worker run: the expected time for 10,786 Steckbriefe (every
municipality of Germany) on N workers of one core each.

Writes its section of benchmarks/results.md (from the marker below to the end; benchmarks/build.py keeps it).
Run: .venv/bin/python benchmarks/dask_build.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from integration_analysis import __version__
from integration_analysis.build.batch import ensure_kernel, plan_jobs
from integration_analysis.core.paths import PROJECT_ROOT
from integration_analysis.data.datasets import prepare
from integration_analysis.data.regions import default_region

RESULTS = Path(__file__).with_name("results.md")
#: Where this script's section of results.md begins (it runs to the end of the file).
MARKER = "<!-- benchmarks/dask_build.py -->"
BIN = Path(sys.executable).parent
#: Every municipality of Germany (Gemeindeverzeichnis, 31.12.2023), the size of a nationwide build.
GERMANY = 10_786


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(out: Path, *args: str) -> dict:
    """One ``build --all`` into ``out``: wall and CPU seconds, and the manifest's entries."""
    cpu, start = _children_cpu(), time.perf_counter()
    command = [str(BIN / "integration-analysis"), "build", "--all", "--quiet", "--reports-dir", str(out), *args]
    subprocess.run(command, check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    assert all(e["status"] in ("built", "unchanged") for e in entries), [e["error"] for e in entries]
    return {"wall": wall, "cpu": _children_cpu() - cpu, "entries": entries}


def _machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} cores ({model}), {memory_kb / 1024**2:.1f} GB RAM, Linux {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="rounds of the three builds; the fastest of each counts")
    options = parser.parse_args()
    prepare()
    ensure_kernel()
    region = default_region()
    jobs = plan_jobs(region, all_municipalities=True)
    n = len(jobs)
    cores = os.cpu_count() or 1
    scenarios = (
        (f"local, {cores} workers", ["--jobs", str(cores)]),
        ("dask, 1 worker", ["--executor", "dask", "--jobs", "1"]),
        ("dask, 2 workers", ["--executor", "dask", "--jobs", "2"]),
    )
    measured: dict[str, list[dict]] = {label: [] for label, _ in scenarios}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(options.repeat):  # rounds in turn, so a busy spell of the machine hits every scenario
            for label, args in scenarios:
                out = Path(tmp) / f"{round_}-{label.replace(', ', '-').replace(' ', '')}"
                load = os.getloadavg()[0]
                measured[label].append({**run(out, *args), "load": load})
        rebuild = run(out, "--executor", "dask", "--jobs", "2")
    assert {e["status"] for e in rebuild["entries"]} == {"unchanged"}
    runs = [(label, int(args[-1]), min(measured[label], key=lambda r: r["wall"])) for label, args in scenarios]

    lines = [
        MARKER,
        "## Dask executor (`build --executor dask`)",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; package {__version__}; Python {platform.python_version()}; "
        f"`benchmarks/dask_build.py`, one run",
        f"- machine: {_machine()}, shared with other work: the load average (1 min) before each run is in the table",
        f"- {options.repeat} rounds of the three builds in turn; the table shows each build's fastest run (all runs: "
        + "; ".join(f"{label} {_walls(measured[label])} s" for label, _ in scenarios)
        + ")",
        f"- jobs: `build --all`, {n} reports ({n - 1} Steckbriefe + the Kreisübersicht), the same in every run; "
        "dask on a local cluster the command starts (worker processes with one thread and a warm kernel each)",
        "- CPU s: user + system time of the command and all its processes (workers, kernels, scheduler)",
        "- per report: the time a worker spent on a report (`duration_s`: kernel reset, notebook, HTML export); the "
        "first report of each worker also starts its kernel and loads the data (the Kreisübersicht, the longest "
        "report, is submitted first, so its time includes a kernel start)",
        "",
        "| executor | workers | load before | wall s | CPU s | CPU s/report | wall s/report | Steckbrief median s | "
        "first report per worker s | Kreisübersicht s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    stats = {}
    for label, workers, result in runs:
        entries = result["entries"]
        steckbriefe = [e["duration_s"] for e in entries if e["kind"] == "steckbrief"]
        summary = next(e["duration_s"] for e in entries if e["kind"] == "kreisuebersicht")
        median = statistics.median(steckbriefe)
        # the slowest reports, one per kernel start: each worker's first (the Kreisübersicht is submitted first)
        first = statistics.mean(sorted([*steckbriefe, summary], reverse=True)[:workers])
        stats[label] = (result, median, first, sum(steckbriefe) + summary)
        lines.append(
            f"| {label.split(',')[0]} | {workers} | {result['load']:.1f} | {result['wall']:.1f} | "
            f"{result['cpu']:.1f} | {result['cpu'] / n:.2f} | {result['wall'] / n:.2f} | {median:.2f} | "
            f"{first:.2f} | {summary:.2f} |"
        )
    one, _, _, busy_one = stats["dask, 1 worker"]
    two = stats["dask, 2 workers"][0]
    local = runs[0][2]
    overhead = one["wall"] - busy_one  # start and end of the build: command, cluster, manifest, index
    _, median_one, first_one, _ = stats["dask, 1 worker"]
    warmup = first_one - median_one  # per worker: kernel start and data loading in its first report
    lines += [
        "",
        f"- no-change rebuild with `--executor dask`: {rebuild['wall']:.2f} s (nothing to build: no cluster is "
        "started)",
        f"- scaling from 1 to 2 workers: wall {one['wall']:.1f} → {two['wall']:.1f} s, speed-up "
        f"{one['wall'] / two['wall']:.2f} on {cores} cores (efficiency {one['wall'] / two['wall'] / 2:.0%}); "
        f"dask with 2 workers against the local pool: {two['wall'] / local['wall']:.2f}× the wall time, "
        f"{two['cpu'] / local['cpu']:.2f}× the CPU time",
        "",
        f"### Expected time for all {GERMANY:,} municipalities of Germany",
        "",
        f"From the 1-worker run: a Steckbrief takes {median_one:.2f} s of one worker (median), a worker's first "
        f"report {warmup:.1f} s more (kernel start and data; an upper bound, since the first report is the longer "
        f"Kreisübersicht), and the build {overhead:.1f} s around the reports (command, "
        f"cluster, manifest, index). With N workers of one core each: T(N) ≈ {overhead:.1f} s + {warmup:.1f} s + "
        f"⌈{GERMANY:,} / N⌉ × {median_one:.2f} s, i.e. {GERMANY * median_one / 3600:.1f} worker-hours in all. "
        "This assumes that a Steckbrief of any municipality costs what one of this region does, that the scheduler "
        "and the client keep up (Dask's scheduler handles thousands of tasks per second; the client receives and "
        "writes about 0.5 MB per report) and that the workers share no core.",
        "",
        "| workers N | expected wall time |",
        "|---:|---:|",
    ]
    for workers in (1, 2, 8, 32, 128, 512):
        seconds = overhead + warmup + math.ceil(GERMANY / workers) * median_one
        lines.append(f"| {workers} | {_duration(seconds)} |")
    section = "\n".join(lines) + "\n"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    head = text.split(MARKER, 1)[0].rstrip("\n")
    RESULTS.write_text((head + "\n\n" if head else "") + section, encoding="utf-8")
    print(section)


def _walls(runs: list[dict]) -> str:
    return ", ".join(f"{r['wall']:.1f}" for r in runs)


def _duration(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"


if __name__ == "__main__":
    main()
