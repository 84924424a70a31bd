"""Where the time of one Steckbrief goes: CPU seconds of its content per section (in this process, data loaded as
in a warm build kernel), of the HTML export, and of the worker and its kernel per report when the batch's
``run_job`` runs reports one after another on the warm engine. Prints a table; benchmarks/report-profile.md
records the results with their interpretation.

Run: .venv/bin/python benchmarks/report_profile.py [--reports N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import psutil
from charts import SECTIONS  # benchmarks/charts.py: the section calls of the Steckbrief notebook, in order

from integration_analysis.build import engine
from integration_analysis.build.batch import git_revision, plan_jobs, run_job
from integration_analysis.data.regions import default_region
from integration_analysis.report.documents import Steckbrief


def content(municipality: str) -> dict[str, float]:
    """CPU seconds of each section of one Steckbrief, its HTML included."""
    report = Steckbrief(municipality)
    spent = {}
    for name in SECTIONS:
        start = time.process_time()
        block = getattr(report, name)()
        if hasattr(block, "_repr_html_"):
            block._repr_html_()
        spent[name] = time.process_time() - start
    return spent


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=6, help="Steckbriefe measured in each part (default 6)")
    options = parser.parse_args()
    region = default_region()
    areas = [area.ags for area in region.municipalities]
    content(areas[0])  # data, fonts and caches loaded, as in a kernel after its first report
    sections = [content(ags) for ags in areas[1 : 1 + options.reports]]
    print("| section | CPU s (mean) |\n|---|---:|")
    for name in SECTIONS:
        print(f"| {name} | {statistics.mean(s[name] for s in sections):.3f} |")
    print(f"| all sections | {statistics.mean(sum(s.values()) for s in sections):.3f} |\n")

    warm = engine.install()
    jobs = [job for job in plan_jobs(region, all_municipalities=True) if job.kind == "steckbrief"]
    revision = git_revision()
    run_job(jobs[0], revision)  # starts the kernel
    worker, kernel = psutil.Process(), psutil.Process(warm.kernel_pid)
    rows = []
    for job in jobs[1 : 1 + options.reports]:
        before, started = (_cpu(worker), _cpu(kernel)), time.perf_counter()
        output = run_job(job, revision)
        assert output.result.status == "built", output.result.error
        rows.append((_cpu(worker) - before[0], _cpu(kernel) - before[1], time.perf_counter() - started))
    engine.uninstall()
    print("| per report in the batch | CPU s (mean) |\n|---|---:|")
    print(f"| worker (papermill, nbclient, export) | {statistics.mean(r[0] for r in rows):.3f} |")
    print(f"| kernel (content, IPython, messages) | {statistics.mean(r[1] for r in rows):.3f} |")
    print(f"| wall time of run_job | {statistics.mean(r[2] for r in rows):.3f} |")


if __name__ == "__main__":
    main()
