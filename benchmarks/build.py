"""Benchmark of the batch build, in one run on one machine; writes benchmarks/results.md.

- (a) the naive loop: the ``papermill`` command, then ``jupyter nbconvert --to html --no-input``, per report, one
  report after the other; (b) ``integration-analysis build --force --jobs <cores>``; for the pilots and for
  ``--all``; then a rebuild of ``--all`` with nothing changed;
- with ``--land``: ``build --land 08`` (every Steckbrief and Kreisübersicht of Baden-Württemberg) into an empty
  folder and without stored region data (the Land from scratch), then the same command again (nothing changed);
- with ``--dask``: afterwards ``benchmarks/dask_build.py`` (the Dask executor with 1 and 2 workers), which writes
  its own section at the end of results.md.

Each command is measured as a whole: wall time, CPU time (user + system) of the command and every process it
started (workers, kernels; ``os.wait4``), the largest resident memory of any one of them. The stored region data
(``data/processed/regions``, see ``analysis/region_data.py``) is deleted at the start: the naive loop's first
report computes the Enzkreis' and every later command reads it, as every build after the first does.

Targets (issue 13): (b) ≤ 0.10 × (a) and ≤ 1.0 CPU s per report for ``--all``; the Land's no-change rebuild
≤ 5 s; ≤ 1 GB per process; each HTML under 1.5 MB.
Run: .venv/bin/python benchmarks/build.py [--pilots-only] [--land] [--dask]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from integration_analysis import __version__
from integration_analysis.analysis.region_data import REGIONS_FOLDER
from integration_analysis.build.batch import KERNEL_NAME, ReportJob, ensure_kernel, plan_jobs, plan_land
from integration_analysis.core.paths import PROCESSED_DIR, PROJECT_ROOT
from integration_analysis.data.datasets import prepare
from integration_analysis.data.regions import default_region

RESULTS = Path(__file__).with_name("results.md")
#: Where the section of benchmarks/dask_build.py begins in results.md (it writes from there to the end).
DASK_MARKER = "<!-- benchmarks/dask_build.py -->"
BIN = Path(sys.executable).parent
LAND = "08"


@dataclass
class Measured:
    """One or more commands, measured together."""

    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0

    def add(self, other: Measured) -> None:
        self.wall += other.wall
        self.cpu += other.cpu
        self.peak_mb = max(self.peak_mb, other.peak_mb)


def measure(command: list[str]) -> Measured:
    """Run ``command`` (output discarded) and measure it with all its processes (rusage of ``wait4``: every
    descendant that was waited for counts, its memory as the largest single process)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def naive(jobs: list[ReportJob], out: Path) -> Measured:
    """papermill CLI, then jupyter nbconvert CLI, one report after the other (what one would do by hand)."""
    total = Measured()
    for job in jobs:
        executed = out / job.file.replace(".html", ".ipynb")
        parameters = [arg for key, value in job.parameters.items() for arg in ("-r", key, value)]
        total.add(measure([str(BIN / "papermill"), job.notebook, str(executed), "-k", KERNEL_NAME, *parameters]))
        total.add(measure([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]))
    return total


def build(out: Path, *args: str) -> Measured:
    return measure([str(BIN / "integration-analysis"), "build", "--quiet", "--reports-dir", str(out), *args])


def manifest(out: Path) -> list[dict]:
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    failed = [f"{e['file']}: {e['error']}" for e in entries if e["status"] not in ("built", "unchanged")]
    if failed:
        raise RuntimeError("reports failed: " + "; ".join(failed))
    return entries


def forget_region_data() -> None:
    shutil.rmtree(PROCESSED_DIR / REGIONS_FOLDER, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pilots-only", action="store_true", help="skip the --all comparison (quick check)")
    parser.add_argument("--land", action="store_true", help=f"also build the whole Land {LAND} (about 15 minutes)")
    parser.add_argument("--dask", action="store_true", help="then run benchmarks/dask_build.py")
    options = parser.parse_args()
    prepare()
    ensure_kernel()
    forget_region_data()
    region = default_region()
    cores = os.cpu_count() or 1
    jobs = ["--jobs", str(cores)]
    scenarios = [("Pilotkommunen + Kreisübersicht", plan_jobs(region), [])]
    if not options.pilots_only:
        scenarios.append(
            ("alle Gemeinden + Kreisübersicht (--all)", plan_jobs(region, all_municipalities=True), ["--all"])
        )
    rows, sizes, rebuild = [], {}, None
    for label, planned, args in scenarios:
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            loop = naive(planned, Path(a))
            batch = build(Path(b), *args, "--force", *jobs)
            if args:
                rebuild = build(Path(b), *args, *jobs)
            sizes.update({entry["file"]: entry["html_bytes"] for entry in manifest(Path(b))})
        rows.append((label, len(planned), loop, batch))
    land = None
    if options.land:
        forget_region_data()
        with tempfile.TemporaryDirectory() as out:
            first = build(Path(out), "--land", LAND, *jobs)
            entries = manifest(Path(out))
            again = build(Path(out), "--land", LAND, *jobs)
            unchanged = sum(e["status"] == "unchanged" for e in manifest(Path(out)))
            html_mb = sum(e["html_bytes"] for e in entries) / 1e6
        land = (len(plan_land(LAND)), entries, first, again, unchanged, html_mb)
    lines = _report(rows, rebuild, sizes, land, cores)
    earlier = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    dask_section = earlier[earlier.index(DASK_MARKER) :] if DASK_MARKER in earlier else ""
    RESULTS.write_text("\n".join(lines) + "\n" + (f"\n{dask_section}" if dask_section else ""), encoding="utf-8")
    print("\n".join(lines))
    if options.dask:
        subprocess.run([sys.executable, str(Path(__file__).with_name("dask_build.py"))], check=True)


def _report(rows, rebuild, sizes, land, cores) -> list[str]:  # noqa: ANN001 (the tuples of main)
    lines = [
        "# Benchmark: batch build",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; package {__version__}; Python "
        f"{platform.python_version()}; {cores} cores; `benchmarks/build.py"
        + (" --land" if land else "")
        + "`, one run",
        "- (a) naive: `papermill` CLI + `jupyter nbconvert --to html --no-input` CLI per report, one after the other",
        f"- (b) `integration-analysis build --force --jobs {cores}` (a warm kernel per worker, the notebook exported "
        "in the worker, reports in parallel)",
        "- CPU s: user + system time of the command and every process it started (workers, kernels); the stored "
        "region data was deleted before (a): its first report computed it, every later command read it",
        "",
        "| reports | n | (a) naive s | (b) build s | (b)/(a) | (a) CPU s/report | (b) CPU s/report "
        "| (b) wall s/report |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, n, loop, batch in rows:
        lines.append(
            f"| {label} | {n} | {loop.wall:.1f} | {batch.wall:.1f} | {batch.wall / loop.wall:.3f} | "
            f"{loop.cpu / n:.2f} | {batch.cpu / n:.2f} | {batch.wall / n:.2f} |"
        )
    peak = max(m.peak_mb for *_, loop, batch in rows for m in (loop, batch))
    lines.append("")
    if rebuild is not None:
        lines.append(f"- rebuild with nothing changed (--all): {rebuild.wall:.2f} s")
    lines += [
        f"- peak memory of the largest single process (kernel, worker or command): {peak:.0f} MB",
        f"- HTML size per report: min {min(sizes.values()) / 1e6:.2f} MB, max {max(sizes.values()) / 1e6:.2f} MB "
        f"({len(sizes)} reports; limit 1.5 MB)",
    ]
    if land is not None:
        n, entries, first, again, unchanged, html_mb = land
        steckbriefe = sum(e["kind"] == "steckbrief" for e in entries)
        lines += [
            "",
            f"## The whole Land (`build --land {LAND}`)",
            "",
            f"{n:,} reports: {steckbriefe:,} Steckbriefe (every municipality of the register) and "
            f"{n - steckbriefe} Kreisübersichten (the 44 Kreise less the Stadtkreise, which are one municipality each "
            "and get none), each Kreis in a folder of its own; built into an empty folder without stored region "
            "data (every Kreis' data computed during the build).",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| wall time | {_duration(first.wall)} ({first.wall:,.0f} s) |",
            f"| wall time per report | {first.wall / n:.2f} s |",
            f"| CPU time of all processes | {first.cpu:,.0f} s |",
            f"| CPU seconds per report | {first.cpu / n:.2f} |",
            f"| peak memory of the largest single process | {first.peak_mb:.0f} MB |",
            f"| HTML written | {html_mb:,.0f} MB |",
            f"| rebuild with nothing changed ({unchanged:,} of {n:,} unchanged) | {again.wall:.2f} s |",
        ]
    return lines


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s"


if __name__ == "__main__":
    main()
