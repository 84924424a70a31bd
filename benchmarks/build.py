"""Benchmark of the batch build, in one run on one machine: (a) a naive loop of the papermill and
``jupyter nbconvert`` command lines per report against (b) ``integration-analysis build``, for the pilots and
for ``--all``; plus a rebuild with nothing changed. Writes benchmarks/results.md (ratio, time per report, HTML
size per report, peak memory).

Targets (issue): (b) ≤ 0.25 × (a) for --all, a no-change rebuild under 2 s, each HTML under 1.5 MB.
Run: .venv/bin/python benchmarks/build.py [--pilots-only]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from integration_analysis import __version__
from integration_analysis.build.batch import KERNEL_NAME, ReportJob, ensure_kernel, plan_jobs
from integration_analysis.core.paths import PROJECT_ROOT
from integration_analysis.data.datasets import prepare
from integration_analysis.data.regions import default_region

RESULTS = Path(__file__).with_name("results.md")
#: Where the section of benchmarks/dask_build.py begins in results.md (kept when this script rewrites the file).
DASK_MARKER = "<!-- benchmarks/dask_build.py -->"
BIN = Path(sys.executable).parent


def _run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def naive(jobs: list[ReportJob], out: Path) -> float:
    """papermill CLI, then jupyter nbconvert CLI, one report after the other (what one would do by hand)."""
    total = 0.0
    for job in jobs:
        executed = out / job.file.replace(".html", ".ipynb")
        parameters = [arg for key, value in job.parameters.items() for arg in ("-r", key, value)]
        total += _run([str(BIN / "papermill"), job.notebook, str(executed), "-k", KERNEL_NAME, *parameters])
        total += _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
    return total


def batch(args: list[str], out: Path) -> float:
    return _run([str(BIN / "integration-analysis"), "build", "--quiet", "--reports-dir", str(out), *args])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pilots-only", action="store_true", help="skip the --all comparison (quick check)")
    options = parser.parse_args()
    prepare()
    ensure_kernel()
    region = default_region()
    cores = os.cpu_count() or 1
    scenarios = [("Pilotkommunen + Kreisübersicht", plan_jobs(region), [])]
    if not options.pilots_only:
        scenarios.append(
            ("alle Gemeinden + Kreisübersicht (--all)", plan_jobs(region, all_municipalities=True), ["--all"])
        )
    rows, sizes, rebuild = [], {}, None
    for label, jobs, args in scenarios:
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            naive_s = naive(jobs, Path(a))
            batch_s = batch([*args, "--force", "--jobs", str(cores)], Path(b))
            if args:
                rebuild = batch([*args, "--jobs", str(cores)], Path(b))
            manifest = json.loads((Path(b) / "manifest.json").read_text(encoding="utf-8"))
            sizes.update({entry["file"]: entry["html_bytes"] for entry in manifest["reports"]})
        rows.append((label, len(jobs), naive_s, batch_s))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    lines = [
        "# Benchmark: batch build",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; package {__version__}; Python "
        f"{platform.python_version()}; {cores} cores; `benchmarks/build.py`",
        "- (a) naive: `papermill` CLI + `jupyter nbconvert --to html --no-input` CLI per report, one after the other",
        f"- (b) `integration-analysis build --force --jobs {cores}` (papermill and nbconvert in the same worker "
        "process, reports in parallel)",
        "",
        "| reports | n | (a) naive s | (b) build s | (b)/(a) | (a) s/report | (b) s/report |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, n, naive_s, batch_s in rows:
        lines.append(
            f"| {label} | {n} | {naive_s:.1f} | {batch_s:.1f} | {batch_s / naive_s:.2f} | "
            f"{naive_s / n:.2f} | {batch_s / n:.2f} |"
        )
    lines += [
        "",
        f"- rebuild with nothing changed (--all): {rebuild:.2f} s"
        if rebuild is not None
        else "- rebuild with nothing changed: not measured (--pilots-only)",
        f"- peak memory of the largest single process (kernel, worker or CLI): {peak_mb:.0f} MB",
        f"- HTML size per report: min {min(sizes.values()) / 1e6:.2f} MB, max {max(sizes.values()) / 1e6:.2f} MB "
        f"({len(sizes)} reports; limit 1.5 MB)",
        "",
        "| report | bytes |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {size:,} |" for name, size in sorted(sizes.items())]
    earlier = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    dask_section = earlier[earlier.index(DASK_MARKER) :] if DASK_MARKER in earlier else ""  # dask_build.py's
    RESULTS.write_text("\n".join(lines) + "\n" + (f"\n{dask_section}" if dask_section else ""), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
