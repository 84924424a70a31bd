"""The batch build: plan the reports of ``config/reports.yaml``, run each notebook with papermill and export
it to offline HTML with nbconvert in the same worker, in parallel, skipping reports whose inputs have not
changed; write ``reports/manifest.json`` and ``reports/index.html``.

One failing report is recorded with its cell and error and does not stop the others. Every output is written
to a temporary file and renamed. Any ``concurrent.futures`` executor can run the jobs (a process pool by
default; a Dask or Ray executor for a nationwide run).

The workers of the default process pool keep one kernel each and run report after report in it (papermill with
the warm engine of :mod:`integration_analysis.engine`, which resets the kernel between notebooks and replaces it
after a failure); a process that has not installed that engine (e.g. a thread of a thread pool) runs each
notebook in a kernel of its own. Another executor's workers get the warm engine by calling
:func:`integration_analysis.engine.init_worker` once.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import yaml

from . import __version__
from .atomic import write_text_atomic
from .checksums import sha256_bytes, sha256_file
from .paths import LOCAL_DIR, PACKAGE_DIR, PROCESSED_DIR, PROJECT_ROOT, REPORTS_DIR
from .regions import Area, Region

KERNEL_NAME = "integration-analysis"
REPORTS_CONFIG = PROJECT_ROOT / "config" / "reports.yaml"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ReportJob:
    """One report to build: which notebook, with which parameters, into which file."""

    kind: str
    notebook: str
    parameters: dict[str, str]
    file: str
    title: str
    ags: str


@dataclass
class JobResult:
    """What happened to one report."""

    file: str
    kind: str
    title: str
    ags: str
    parameters: dict[str, str]
    status: str  # "built", "unchanged" or "failed"
    fingerprint: str
    inputs: dict[str, str] = field(default_factory=dict)
    duration_s: float = 0.0
    html_bytes: int = 0
    error: str = ""
    built_at: str = ""


def slugify(name: str) -> str:
    """ "Mühlacker, Stadt" → "muehlacker"; safe for file names."""
    text = name.split(",", 1)[0].strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def load_report_config(path: Path = REPORTS_CONFIG) -> dict[str, dict[str, str]]:
    config = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    for kind in ("steckbrief", "kreisuebersicht"):
        if kind not in config or not {"notebook", "title", "file"} <= set(config[kind]):
            raise ValueError(f"{path}: '{kind}' needs notebook, title and file")
    return config


def plan_jobs(
    region: Region, municipalities: Iterable[str] = (), *, all_municipalities: bool = False
) -> list[ReportJob]:
    """The reports to build. Municipality names or keys are resolved first: an unknown one raises
    ``UnknownRegionError`` with the closest matches before any kernel starts."""
    config = load_report_config()
    requested = list(municipalities)
    if all_municipalities:
        areas: list[Area] = list(region.municipalities)
    elif requested:
        areas = list(dict.fromkeys(region.find(query) for query in requested))
    else:
        areas = list(region.pilots)
    steckbrief, summary = config["steckbrief"], config["kreisuebersicht"]
    jobs = [
        ReportJob(
            kind="steckbrief",
            notebook=steckbrief["notebook"],
            parameters={"municipality": area.ags},
            file=steckbrief["file"].format(ags=area.ags, slug=slugify(area.name)),
            title=steckbrief["title"].format(name=area.short_name),
            ags=area.ags,
        )
        for area in sorted(areas, key=lambda a: a.short_name)
    ]
    jobs.append(
        ReportJob(
            kind="kreisuebersicht",
            notebook=summary["notebook"],
            parameters={},
            file=summary["file"].format(kreis_ags=region.kreis.ags),
            title=summary["title"].format(kreis=region.kreis.name),
            ags=region.kreis.ags,
        )
    )
    return jobs


@cache
def _package_digest() -> str:
    """One checksum over the package's code, registry and templates (a change in any rebuilds every report)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".j2", ".css", ".json"}:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def job_inputs(job: ReportJob) -> dict[str, str]:
    """Checksums of everything a report depends on: notebook, data, local inputs, package and parameters."""
    inputs = {
        "notebook": sha256_file(PROJECT_ROOT / job.notebook),
        "data": sha256_file(PROCESSED_DIR / "prepared.json"),
        "package": f"{__version__}:{_package_digest()}",
        "parameters": sha256_bytes(json.dumps(job.parameters, sort_keys=True).encode()),
        "config": sha256_file(PROJECT_ROOT / "config" / "region.yaml"),
    }
    local = sorted(LOCAL_DIR.glob("*.yaml"))
    if local:
        digest = hashlib.sha256()
        for path in local:
            digest.update(path.name.encode() + path.read_bytes())
        inputs["local"] = digest.hexdigest()
    return inputs


def fingerprint(inputs: dict[str, str]) -> str:
    return sha256_bytes(json.dumps(inputs, sort_keys=True).encode())


def git_revision() -> str:
    """The project's git revision (with "+geändert" for uncommitted changes), or "unbekannt"."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unbekannt"
    return f"{head}+geändert" if dirty else head


def ensure_kernel() -> str:
    """Install the kernel spec ``integration-analysis`` (this Python) into the environment if it is missing."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name="Python (integration-analysis)", prefix=sys.prefix)
    return KERNEL_NAME


def _describe_failure(exc: BaseException) -> str:
    """Cell and error of a failed notebook run, in one line."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"Zelle {exc.exec_count} (Index {exc.cell_index}): {exc.ename}: {exc.evalue}"
    return f"{type(exc).__name__}: {exc}"


def run_job(job: ReportJob, reports_dir: str, git_rev: str) -> JobResult:
    """Execute one notebook and write its HTML (in a worker process); never raises for a failing notebook.

    Runs in the worker's warm kernel if the worker has installed the warm engine, else in a new kernel."""
    import papermill

    from .engine import ENGINE_NAME, installed
    from .html import export_html

    started = time.perf_counter()
    inputs = job_inputs(job)
    result = JobResult(
        file=job.file,
        kind=job.kind,
        title=job.title,
        ags=job.ags,
        parameters=job.parameters,
        status="failed",
        fingerprint=fingerprint(inputs),
        inputs=inputs,
    )
    with tempfile.TemporaryDirectory(prefix="ia-report-") as tmp:
        executed = Path(tmp) / "executed.ipynb"
        try:
            papermill.execute_notebook(
                str(PROJECT_ROOT / job.notebook),
                str(executed),
                parameters=job.parameters,
                kernel_name=KERNEL_NAME,
                engine_name=ENGINE_NAME if installed() is not None else None,
                cwd=str(PROJECT_ROOT / "notebooks"),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,  # written once at the end (and on failure), not per cell
            )
            built_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
            html = export_html(executed, title=job.title, git_rev=git_rev, built_at=built_at)
        except Exception as exc:  # a failing notebook is a result, not a crash of the batch
            result.error = _describe_failure(exc)
            result.duration_s = round(time.perf_counter() - started, 2)
            return result
    path = write_text_atomic(Path(reports_dir) / job.file, html)
    result.status, result.built_at = "built", built_at
    result.html_bytes = path.stat().st_size
    result.duration_s = round(time.perf_counter() - started, 2)
    return result


def read_manifest(reports_dir: Path) -> dict[str, dict]:
    path = Path(reports_dir) / MANIFEST
    if not path.exists():
        return {}
    return {entry["file"]: entry for entry in json.loads(path.read_text(encoding="utf-8")).get("reports", [])}


def default_executor(jobs: int) -> Executor:
    """A process pool of spawned workers, each with the warm engine: one kernel per worker, reset before each
    report, shut down when the worker exits (at the end of the build)."""
    from .engine import init_worker

    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=init_worker
    )


@dataclass
class BuildResult:
    results: list[JobResult]
    manifest: Path
    index: Path

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "failed"]


def build(
    jobs: list[ReportJob],
    *,
    reports_dir: Path = REPORTS_DIR,
    workers: int = 1,
    force: bool = False,
    executor_factory: Callable[[int], Executor] = default_executor,
    progress: bool = True,
) -> BuildResult:
    """Build the reports; unchanged ones (same input checksums, HTML present) are kept unless ``force``."""
    from tqdm import tqdm

    from .datasets import prepare
    from .html import write_index

    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    if not (PROCESSED_DIR / "prepared.json").exists():
        prepare()
    ensure_kernel()
    previous = read_manifest(reports_dir)
    git_rev = git_revision()
    results: dict[str, JobResult] = {}
    todo = []
    for job in jobs:
        inputs = job_inputs(job)
        old = previous.get(job.file)
        if (
            not force
            and old
            and old.get("status") in ("built", "unchanged")
            and old.get("fingerprint") == fingerprint(inputs)
            and (reports_dir / job.file).exists()
        ):
            kept = {k: v for k, v in old.items() if k in JobResult.__dataclass_fields__}
            results[job.file] = JobResult(**{**kept, "status": "unchanged"})
        else:
            todo.append(job)
    bar = tqdm(total=len(jobs), initial=len(jobs) - len(todo), unit="Bericht", disable=not progress, desc="Berichte")
    if todo:
        with executor_factory(max(1, min(workers, len(todo)))) as executor:
            futures: dict[Future, ReportJob] = {
                executor.submit(run_job, job, str(reports_dir), git_rev): job for job in todo
            }
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # the worker itself died: record it, go on with the others
                    result = JobResult(
                        file=job.file,
                        kind=job.kind,
                        title=job.title,
                        ags=job.ags,
                        parameters=job.parameters,
                        status="failed",
                        fingerprint="",
                        error="".join(traceback.format_exception_only(exc)).strip(),
                    )
                results[job.file] = result
                failed = sum(r.status == "failed" for r in results.values())
                bar.set_postfix_str(f"fehlgeschlagen: {failed}" if failed else "")
                bar.update()
    bar.close()
    ordered = [results[job.file] for job in jobs]
    manifest = _write_manifest(reports_dir, ordered, previous, git_rev)
    index = write_index(reports_dir, [asdict(r) for r in _all_entries(ordered, previous)])
    return BuildResult(results=ordered, manifest=manifest, index=index)


def _all_entries(current: list[JobResult], previous: dict[str, dict]) -> list[JobResult]:
    """This run's reports plus earlier reports still on disk (so the index lists every report)."""
    names = {r.file for r in current}
    kept = [
        JobResult(**{k: v for k, v in entry.items() if k in JobResult.__dataclass_fields__})
        for name, entry in sorted(previous.items())
        if name not in names
    ]
    return [*current, *kept]


def _write_manifest(reports_dir: Path, results: list[JobResult], previous: dict[str, dict], git_rev: str) -> Path:
    entries = [asdict(r) for r in _all_entries(results, previous)]
    manifest = {
        "package_version": __version__,
        "git_revision": git_rev,
        "python": sys.version.split()[0],
        "reports": entries,
    }
    return write_text_atomic(reports_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
