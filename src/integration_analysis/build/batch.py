"""The batch build: plan the reports of ``config/reports.yaml``, run each notebook with papermill and export
it to offline HTML with nbconvert in the same worker, in parallel, skipping reports whose inputs have not
changed; write ``reports/manifest.json`` and ``reports/index.html``.

One failing report is recorded with its cell and a one-line reason (paths relative to the project) and does not
stop the others. Every output is written to a temporary file and renamed. A report counts as unchanged only if
its inputs are and its HTML still has the recorded size and SHA-256. The manifest and the index are updated
under a file lock with read-merge-write, so builds running at the same time into one folder lose nothing; a
damaged manifest is set aside (``manifest.json.damaged-<time>``) with a warning and rebuilt.

Planning, the decision what is unchanged and all writing stay in this (the client) process; a worker only runs
:func:`run_job` and returns the report's HTML with its result. The client checks that the worker read the inputs
it planned with (a worker with other data or code is that report's failure) and writes the HTML atomically, so
every executor gives the same files and manifest and the reports folder need not be shared with the workers. Any
``concurrent.futures`` executor can run the jobs: :func:`select_executor` chooses between ``local`` (a process
pool, the default) and ``dask`` (:mod:`.cluster`, a Dask distributed cluster).

The workers of the default process pool keep one kernel each and run report after report in it (papermill with
the warm engine of :mod:`.engine`, which resets the kernel between notebooks and replaces it after a failure); a
process that has not installed that engine (e.g. a thread of a thread pool) runs each notebook in a kernel of its
own. Dask workers get the warm engine from the worker plugin of :mod:`.cluster`.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache, partial
from pathlib import Path, PurePosixPath

from .. import __version__
from ..core.atomic import exclusive_lock, write_bytes_atomic, write_text_atomic
from ..core.checksums import code_digest, sha256_bytes, sha256_file
from ..core.config import ReportConfig, read_reports_config
from ..core.errors import InputError
from ..core.german import sort_key_de
from ..core.paths import LOCAL_DIR, PROCESSED_DIR, PROJECT_ROOT, REPORTS_DIR, public_path, public_text
from ..data.regions import Area, Region, land_kreise, region_for_kreis

log = logging.getLogger(__name__)

KERNEL_NAME = "integration-analysis"
REPORTS_CONFIG = PROJECT_ROOT / "config" / "reports.yaml"
MANIFEST = "manifest.json"
#: The lock file in the reports folder that serialises updates of the manifest and the index.
LOCK_FILE = ".manifest.lock"


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
    status: str  # "built", "unchanged" or "failed"; "damaged" for an earlier report whose HTML has changed
    fingerprint: str
    inputs: dict[str, str] = field(default_factory=dict)
    duration_s: float = 0.0
    html_bytes: int = 0
    html_sha256: str = ""
    error: str = ""
    built_at: str = ""
    #: The A4 PDF beside the HTML (``build(pdf=True)``), its size and SHA-256; empty without one.
    pdf_file: str = ""
    pdf_bytes: int = 0
    pdf_sha256: str = ""


def slugify(name: str) -> str:
    """ "Mühlacker, Stadt" → "muehlacker"; safe for file names."""
    text = name.split(",", 1)[0].strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def plan_jobs(
    region: Region,
    municipalities: Iterable[str] = (),
    *,
    all_municipalities: bool = False,
    config_path: Path = REPORTS_CONFIG,
    folder: str = "",
) -> list[ReportJob]:
    """The reports of one Kreis: Steckbriefe (the named municipalities; with ``all_municipalities`` every one;
    else the pilots, or every municipality of a Kreis that names none) and the Kreisübersicht, which a Kreis of
    one municipality (a Stadtkreis) does not get. ``folder`` ("08215/") puts the files into a subfolder.

    ``config/reports.yaml`` is checked and municipality names or keys are resolved first: a configuration error
    raises ``InputError``, an unknown municipality ``UnknownRegionError`` with the closest matches, before any
    kernel starts."""
    config = read_reports_config(Path(config_path))
    jobs = _region_jobs(region, municipalities, all_municipalities, config, folder)
    _refuse_shared_files(jobs, config, Path(config_path))
    return jobs


def plan_land(land_ags: str, *, config_path: Path = REPORTS_CONFIG) -> list[ReportJob]:
    """Every report of a Land: for each of its Kreise (register order) every Steckbrief and the Kreisübersicht
    (none for a Stadtkreis), each Kreis' files in a folder named by its key ("08215/…")."""
    config = read_reports_config(Path(config_path))
    jobs = [
        job
        for kreis in land_kreise(land_ags)
        for job in _region_jobs(region_for_kreis(kreis.ags), (), True, config, f"{kreis.ags}/")
    ]
    _refuse_shared_files(jobs, config, Path(config_path))
    return jobs


def _region_jobs(
    region: Region, requested: Iterable[str], every: bool, config: dict[str, ReportConfig], folder: str
) -> list[ReportJob]:
    requested = list(requested)
    if every or not (requested or region.pilots):
        areas: list[Area] = list(region.municipalities)
    elif requested:
        areas = list(dict.fromkeys(region.find(query) for query in requested))
    else:
        areas = list(region.pilots)
    steckbrief, summary = config["steckbrief"], config["kreisuebersicht"]
    jobs = [
        ReportJob(
            kind="steckbrief",
            notebook=steckbrief.notebook,
            parameters={"municipality": area.ags},
            file=folder + steckbrief.file.format(ags=area.ags, slug=slugify(area.name)),
            title=steckbrief.title.format(name=area.short_name, ags=area.ags),
            ags=area.ags,
        )
        for area in sorted(areas, key=lambda a: sort_key_de(a.short_name))
    ]
    if not region.single_municipality:
        jobs.append(
            ReportJob(
                kind="kreisuebersicht",
                notebook=summary.notebook,
                parameters={"kreis": region.kreis.ags},
                file=folder + summary.file.format(kreis_ags=region.kreis.ags),
                title=summary.title.format(kreis=region.kreis.name, kreis_ags=region.kreis.ags),
                ags=region.kreis.ags,
            )
        )
    return jobs


def _refuse_shared_files(jobs: list[ReportJob], config: dict[str, ReportConfig], config_path: Path) -> None:
    seen: set[str] = set()
    for job in jobs:
        if job.file not in seen:
            seen.add(job.file)
        else:
            line = config[job.kind].file_line
            raise InputError(
                config_path, f"two reports would be written to {job.file!r}", line=line, column=f"{job.kind}.file"
            )


def job_inputs(job: ReportJob, digest: Callable[[Path], str] = sha256_file) -> dict[str, str]:
    """Checksums of everything a report depends on: notebook, data, local inputs, package and parameters.
    ``digest`` gives a file's SHA-256; a build passes one that remembers each file's (its reports share all
    files but the notebook's parameters)."""
    inputs = {
        "notebook": digest(PROJECT_ROOT / job.notebook),
        "data": digest(PROCESSED_DIR / "prepared.json"),
        "package": f"{__version__}:{code_digest()}",
        "parameters": sha256_bytes(json.dumps(job.parameters, sort_keys=True).encode()),
        "config": digest(PROJECT_ROOT / "config" / "region.yaml"),
    }
    local = sorted(LOCAL_DIR.glob("*.yaml"))
    if local:
        inputs["local"] = sha256_bytes("".join(f"{path.name}\0{digest(path)}\n" for path in local).encode())
    return inputs


def fingerprint(inputs: dict[str, str]) -> str:
    return sha256_bytes(json.dumps(inputs, sort_keys=True).encode())


def git_revision() -> str:
    """The project's git revision (with "+geändert" for uncommitted changes), or "unbekannt"."""

    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=10)
        return run.stdout.strip()

    try:
        head = git("rev-parse", "--short=12", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
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


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: The longest error text the manifest and the index show for one report.
MAX_ERROR_CHARS = 400


def _describe_failure(exc: BaseException) -> str:
    """Cell and error of a failed notebook run, in one line, fit for publication (paths relative to the project,
    at most :data:`MAX_ERROR_CHARS` characters)."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        text = f"Zelle {exc.exec_count} (Index {exc.cell_index}): {exc.ename}: {exc.evalue}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    text = " ".join(_ANSI.sub("", public_text(text)).split())
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


@dataclass
class JobOutput:
    """What a worker returns for one report: its result and, if it was built, its HTML (written by the client)."""

    result: JobResult
    html: bytes = b""


def run_job(job: ReportJob, git_rev: str) -> JobOutput:
    """Execute one notebook and export its HTML (in a worker); never raises for a failing notebook.

    Runs in the worker's warm kernel if the worker has installed the warm engine, else in a new kernel."""
    import papermill

    from ..report.html import export_html
    from .engine import ENGINE_NAME, installed
    from .kernels import BuildKernelManager

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
    try:
        executed = papermill.execute_notebook(
            str(PROJECT_ROOT / job.notebook),
            None,  # the executed notebook is exported from memory, not written
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            engine_name=ENGINE_NAME if installed() is not None else None,
            cwd=str(PROJECT_ROOT / "notebooks"),
            progress_bar=False,
            log_output=False,
            kernel_manager_class=BuildKernelManager,  # for a new kernel (the warm engine starts its own)
        )
        built_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        html = export_html(executed, title=job.title, git_rev=git_rev, built_at=built_at)
    except Exception as exc:  # a failing notebook is a result, not a crash of the batch
        result.error = _describe_failure(exc)
        result.duration_s = round(time.perf_counter() - started, 2)
        return JobOutput(result)
    data = html.encode("utf-8")
    result.status, result.built_at = "built", built_at
    result.html_bytes, result.html_sha256 = len(data), sha256_bytes(data)
    result.duration_s = round(time.perf_counter() - started, 2)
    return JobOutput(result, data)


def store_output(output: JobOutput, planned: dict[str, str], reports_dir: Path) -> JobResult:
    """Write a built report's HTML atomically (in the client) and return its result. A report whose worker read
    other inputs than ``planned`` (the client's checksums: another data state, package or notebook on that
    worker) is not written but failed, naming the inputs that differ."""
    result = output.result
    if result.status != "built":
        return result
    differing = sorted(
        key for key in planned.keys() | result.inputs.keys() if planned.get(key) != result.inputs.get(key)
    )
    if differing:
        result.status, result.built_at = "failed", ""
        result.html_bytes, result.html_sha256 = 0, ""
        result.error = (
            f"Der Worker hat andere Eingaben gelesen als geplant ({', '.join(differing)}): während des Bauens "
            "geändert, oder ein Worker mit anderem Stand von Projektordner oder Paket"
        )
        return result
    write_bytes_atomic(report_path(reports_dir, result.file), output.html)
    return result


#: Where the jobs of a build can run (``build --executor``).
EXECUTORS = ("local", "dask")


class ClusterError(RuntimeError):
    """The executor's cluster cannot be used: its scheduler cannot be reached or has no worker."""


def default_executor(jobs: int) -> Executor:
    """The ``local`` executor: a process pool of spawned workers, each with the warm engine: one kernel per
    worker, reset before each report, shut down when the worker exits (at the end of the build)."""
    from .engine import init_worker

    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=init_worker
    )


def select_executor(name: str = "local", scheduler: str | None = None) -> Callable[[int], Executor]:
    """The executor ``name`` of :data:`EXECUTORS` as a factory of the number of workers: ``local`` is
    :func:`default_executor`; ``dask`` runs on the Dask scheduler at ``scheduler`` or, without one, on a local
    Dask cluster of that many worker processes (:class:`.cluster.DaskExecutor`)."""
    if name == "local":
        if scheduler is not None:
            raise ValueError("a scheduler address needs the dask executor")
        return default_executor
    if name == "dask":
        from .cluster import DaskExecutor

        return partial(DaskExecutor, scheduler=scheduler)
    raise ValueError(f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}")


def report_path(reports_dir: Path, file: str) -> Path:
    """Where report ``file`` is written; a file that would land outside ``reports_dir`` is refused."""
    folder = Path(reports_dir).resolve()
    target = (folder / file).resolve()
    if folder not in target.parents:
        raise ValueError(f"report file {file!r} lies outside the reports folder")
    return target


def is_unchanged(entry: dict | None, inputs: dict[str, str], path: Path) -> bool:
    """Whether a report need not be rebuilt: the manifest records it as built from these very inputs, and its
    HTML is still the file it wrote (same size and SHA-256; a truncated or edited report is rebuilt)."""
    return bool(
        entry
        and entry.get("status") in ("built", "unchanged")
        and entry.get("fingerprint") == fingerprint(inputs)
        and entry.get("html_sha256")
        and _html_intact(entry, path)
    )


def _html_intact(entry: dict, path: Path) -> bool:
    return (
        path.is_file() and path.stat().st_size == entry.get("html_bytes") and sha256_file(path) == entry["html_sha256"]
    )


@dataclass
class BuildResult:
    results: list[JobResult]
    manifest: Path
    index: Path
    #: Problems found on the way that did not stop the build (a damaged manifest set aside).
    warnings: list[str] = field(default_factory=list)

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
    pdf: bool = False,
) -> BuildResult:
    """Build the reports; unchanged ones (same input checksums, HTML intact) are kept unless ``force``.

    The processed data is verified first (``datasets.ensure_prepared``: rebuilt when the raw data changed,
    refused when it was edited). ``manifest.json`` and ``index.html`` are updated under a lock by reading the
    manifest afresh and merging this build's results into it, so builds running at the same time into one
    folder lose none of each other's reports; a damaged manifest is set aside and rebuilt (``warnings``).

    The reports to build run on the executor that ``executor_factory`` makes for ``workers`` (capped at the
    number of reports; :func:`select_executor`); its workers only run :func:`run_job`, this process writes every
    HTML (:func:`store_output`), the manifest and the index. No executor is started when nothing is to be built.

    With ``pdf`` every report also gets an A4 PDF beside its HTML (:mod:`.pdf`, headless Chromium; a missing
    Chromium stops the build before any report is built)."""
    from tqdm import tqdm

    from ..data.datasets import ensure_prepared
    from ..report.pdf import find_chromium

    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    for job in jobs:
        report_path(reports_dir, job.file)
    chromium = find_chromium() if pdf else None
    ensure_prepared()
    ensure_kernel()
    warnings: list[str] = []
    with manifest_lock(reports_dir):
        previous = read_manifest(reports_dir, warnings)
    git_rev = git_revision()
    results: dict[str, JobResult] = {}
    todo: dict[str, dict[str, str]] = {}  # file → the inputs it is built from
    digest = cache(sha256_file)  # each input file is read once while the reports are planned
    for job in jobs:
        inputs = job_inputs(job, digest)
        old = previous.get(job.file)
        if not force and is_unchanged(old, inputs, reports_dir / job.file):
            kept = {k: v for k, v in old.items() if k in JobResult.__dataclass_fields__}
            results[job.file] = JobResult(**{**kept, "status": "unchanged"})
        else:
            todo[job.file] = inputs
    bar = tqdm(total=len(jobs), initial=len(jobs) - len(todo), unit="Bericht", disable=not progress, desc="Berichte")
    if todo:
        with executor_factory(max(1, min(workers, len(todo)))) as executor:
            futures: dict[Future, ReportJob] = {
                executor.submit(run_job, job, git_rev): job for job in submission_order(jobs, todo)
            }
            for future in as_completed(futures):
                job = futures.pop(future)  # no reference kept: the report's HTML is freed once it is written
                try:
                    result = store_output(future.result(), todo[job.file], reports_dir)
                except Exception as exc:  # the worker died or the HTML could not be written: record it, go on
                    result = JobResult(
                        file=job.file,
                        kind=job.kind,
                        title=job.title,
                        ags=job.ags,
                        parameters=job.parameters,
                        status="failed",
                        fingerprint="",
                        error=_describe_failure(exc),
                    )
                results[job.file] = result
                failed = sum(r.status == "failed" for r in results.values())
                bar.set_postfix_str(f"fehlgeschlagen: {failed}" if failed else "")
                bar.update()
    bar.close()
    ordered = [results[job.file] for job in jobs]
    for result in ordered:
        attach_pdf(result, reports_dir, chromium)
    manifest, index = update_outputs(reports_dir, ordered, git_rev, warnings)
    return BuildResult(results=ordered, manifest=manifest, index=index, warnings=warnings)


def submission_order(jobs: list[ReportJob], todo: Iterable[str]) -> list[ReportJob]:
    """The jobs to run (files in ``todo``), the Kreisübersichten first: the longest reports start first, so that
    at the end of a build no worker waits for one long report of another (and in a Land build the workers
    compute different Kreise' data at the same time). The manifest and the index keep the planned order."""
    chosen = set(todo)
    pending = [job for job in jobs if job.file in chosen]
    return sorted(pending, key=lambda job: job.kind != "kreisuebersicht")


def attach_pdf(result: JobResult, reports_dir: Path, chromium: str | None) -> None:
    """Print ``result``'s HTML to its PDF with ``chromium`` and record the PDF in ``result`` (an unchanged report
    whose recorded PDF is intact keeps it; a PDF that cannot be printed fails the report). Without ``chromium``
    (no ``--pdf``) a rebuilt report's old PDF is deleted, since it no longer shows the HTML's content."""
    from ..report.pdf import PdfError, pdf_path, print_pdf

    if result.status not in ("built", "unchanged"):
        return
    target = pdf_path(report_path(reports_dir, result.file))
    recorded = bool(result.pdf_sha256) and target.is_file() and sha256_file(target) == result.pdf_sha256
    if chromium is None:
        if result.status == "built" or not recorded:
            target.unlink(missing_ok=True)
            result.pdf_file, result.pdf_bytes, result.pdf_sha256 = "", 0, ""
        return
    if result.status == "unchanged" and recorded:
        return
    try:
        print_pdf(report_path(reports_dir, result.file), target, chromium=chromium)
    except PdfError as exc:
        result.status, result.error = "failed", public_text(str(exc))
        return
    result.pdf_file = str(PurePosixPath(result.file).with_suffix(".pdf"))
    result.pdf_bytes, result.pdf_sha256 = target.stat().st_size, sha256_file(target)


def manifest_lock(reports_dir: Path) -> AbstractContextManager[None]:
    """Hold the exclusive lock on ``reports_dir``'s manifest and index (a lock file beside them; other builds
    wait for it)."""
    return exclusive_lock(Path(reports_dir) / LOCK_FILE)


def update_outputs(
    reports_dir: Path, results: list[JobResult], git_rev: str, warnings: list[str] | None = None
) -> tuple[Path, Path]:
    """Merge ``results`` into ``manifest.json`` and rewrite ``index.html``, under the lock: the manifest is read
    afresh (what another build wrote meanwhile is kept), this build's results replace their files' entries, and
    the earlier entries are listed after them, each checked against its HTML (a report that has gone or changed
    is marked "damaged", not linked)."""
    from ..report.index import write_index

    reports_dir = Path(reports_dir)
    with manifest_lock(reports_dir):
        current = read_manifest(reports_dir, warnings)
        entries = [asdict(r) for r in _all_entries(reports_dir, results, current)]
        manifest = {
            "package_version": __version__,
            "git_revision": git_rev,
            "python": sys.version.split()[0],
            "reports": entries,
        }
        path = write_text_atomic(reports_dir / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        index = write_index(reports_dir, entries)
    return path, index


def _all_entries(reports_dir: Path, current: list[JobResult], previous: dict[str, dict]) -> list[JobResult]:
    """This run's reports plus earlier reports of the manifest (so the index lists every report)."""
    names = {r.file for r in current}
    kept = []
    for name, entry in sorted(previous.items()):
        if name in names:
            continue
        result = JobResult(**{k: v for k, v in entry.items() if k in JobResult.__dataclass_fields__})
        if result.status != "failed" and not _html_intact(entry, reports_dir / name):
            result.status = "damaged"
            result.error = "HTML-Datei fehlt oder wurde verändert; sie wird beim nächsten Bauen neu erstellt"
        kept.append(result)
    return [*current, *kept]


#: Types of the fields of a manifest entry (``JobResult``); an entry that breaks them marks the manifest damaged.
_ENTRY_TYPES: dict[str, type | tuple[type, ...]] = {
    "file": str,
    "kind": str,
    "title": str,
    "ags": str,
    "parameters": dict,
    "status": str,
    "fingerprint": str,
    "inputs": dict,
    "duration_s": (int, float),
    "html_bytes": int,
    "html_sha256": str,
    "error": str,
    "built_at": str,
    "pdf_file": str,
    "pdf_bytes": int,
    "pdf_sha256": str,
}
_REQUIRED_ENTRY_FIELDS = ("file", "kind", "title", "ags", "parameters", "status", "fingerprint")


def read_manifest(reports_dir: Path, warnings: list[str] | None = None) -> dict[str, dict]:
    """The entries of ``reports_dir/manifest.json`` by file ({} without one). A damaged manifest (not JSON, not
    the manifest's structure) is renamed ``manifest.json.damaged-<time>`` with a warning (logged and appended to
    ``warnings``) and counts as empty, so the next write rebuilds it. Call it under :func:`manifest_lock`."""
    path = Path(reports_dir) / MANIFEST
    if not path.exists():
        return {}
    try:
        return _manifest_entries(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{MANIFEST}.damaged-{stamp}")
        os.replace(path, aside)
        message = (
            f"{public_path(path)} is damaged ({public_text(str(exc))}); set aside as {aside.name}, "
            "the manifest is rebuilt from this build"
        )
        log.warning(message)
        if warnings is not None:
            warnings.append(message)
        return {}


def _manifest_entries(data: object) -> dict[str, dict]:
    reports = data.get("reports") if isinstance(data, dict) else None
    if not isinstance(reports, list):
        raise ValueError("no list of reports")
    entries = {}
    for i, entry in enumerate(reports):
        if not isinstance(entry, dict) or any(name not in entry for name in _REQUIRED_ENTRY_FIELDS):
            raise ValueError(f"report {i} lacks one of {', '.join(_REQUIRED_ENTRY_FIELDS)}")
        for name, kind in _ENTRY_TYPES.items():
            if name in entry and (isinstance(entry[name], bool) or not isinstance(entry[name], kind)):
                raise ValueError(f"report {i}: {name} has the wrong type")
        file = PurePosixPath(entry["file"])
        if not entry["file"] or file.is_absolute() or ".." in file.parts:
            raise ValueError(f"report {i}: file {entry['file']!r} is not a path inside the reports folder")
        if entry["file"] in entries:
            raise ValueError(f"report file {entry['file']!r} is listed twice")
        entries[entry["file"]] = entry
    return entries
