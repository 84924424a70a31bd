"""``integration-analysis update``: fetch tables from the official APIs and replace their extracts in ``data/raw``,
but only when the new data pass every check the bundled files pass.

The flow of one run:

1. every code is looked up in ``sources.api_tables.API_TABLES``; an unknown one stops the run before any request;
2. ``data/raw`` is copied into a staging folder beside it (``data/.update-*``);
3. per table: ``sources.genesis_api.fetch`` (pystatis), the download saved unchanged with its provenance
   (``downloads``), the extracts of the same table (``genesis_api_<code>_*``) removed from the staging folder
   and the new one written there by ``api_tables.import_api_answer`` — the reader, spec and sidecar of the
   bundled recorded answers; one line of progress per table on stderr;
4. the staging folder is verified and validated as a whole with ``datasets.check_raw`` (checksums, the tidy
   rules, every plausibility rule: what ``check``, ``prepare`` and each build run);
5. only then the staging folder takes the place of ``data/raw`` (two renames in the same folder).

Any failure — unknown table, server error, timeout, changed layout, a failed check — ends in one ``UpdateError``
with one message and leaves ``data/raw`` byte for byte as it was; downloads already saved stay in the data folder
for inspection. Either every named table is replaced or none is.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from ..core.checksums import sha256_file
from ..core.errors import ChecksumError, InputError, KindedError
from ..core.paths import DOWNLOADS_DIR, RAW_DIR
from ..core.provenance import SIDECAR_SUFFIX, drop_checksums, read_sidecar, sidecar_path
from ..sources.api_tables import API_TABLES, PREFIX, ApiAnswer, ApiTable, import_api_answer
from ..sources.genesis_api import ApiError, Download, fetch
from ..sources.official import OfficialFile
from .catalogue import write_raw_readme
from .datasets import ValidationError, check_raw
from .downloads import save_download
from .regions import Region, default_region

#: ``retrieved_from`` of an extract made from an API download starts with this.
API_DOWNLOAD = "API download"


class UpdateError(KindedError):
    """An update that changed nothing in ``data/raw``: one message, and the ``kind`` of failure."""


@dataclass(frozen=True)
class Updated:
    """One table of a successful update: the download kept, the extract written, the extracts it replaced."""

    code: str
    download: Path
    extract: Path
    rows: int
    replaced: tuple[str, ...]


def known_tables(codes: Sequence[str]) -> list[ApiTable]:
    """The tables named (each once, in the order given); an unknown code is an ``UpdateError``."""
    unknown = [code for code in codes if code not in API_TABLES]
    if unknown:
        raise UpdateError(
            "unknown table",
            f"{', '.join(unknown)}: not a table the update knows; known: {', '.join(API_TABLES)} (a new table "
            "needs a spec in sources/api_tables.py)",
        )
    if not codes:
        raise UpdateError("unknown table", f"name at least one table; known: {', '.join(API_TABLES)}")
    return [API_TABLES[code] for code in dict.fromkeys(codes)]


def _answer(download: Download, path: Path) -> ApiAnswer:
    server = download.table.server
    shown = ", ".join(f"{k}={v}" for k, v in download.parameters.items() if v)
    said = f" The client reported: {' '.join(download.messages)}" if download.messages else ""
    return ApiAnswer(
        table=download.table,
        language=download.language,
        data=download.data,
        path=path,
        metadata=download.metadata,
        answered_at=download.retrieved_at,
        request_note=f"API download by `integration-analysis update` with {download.client}: {server.name}, POST "
        f"{download.url} with {shown}; retrieved {download.retrieved_at}.{said}",
        original=OfficialFile(
            path,
            sha256_file(path),
            f"{API_DOWNLOAD} from {server.name} ({download.url}), {download.retrieved_at}, with {download.client}",
        ),
    )


def _remove_extracts(raw_dir: Path, code: str) -> tuple[str, ...]:
    """Remove the extracts of table ``code`` from the API (``genesis_api_<code>_*``); return their names."""
    removed = []
    for side in sorted(raw_dir.glob(f"{PREFIX}_{code}_*{SIDECAR_SUFFIX}")):
        meta = read_sidecar(side)
        if meta.table_code != code:
            continue
        extract = raw_dir / meta.extract_file
        extract.unlink()
        side.unlink()
        removed += [extract.name, side.name]
    if removed:
        drop_checksums(raw_dir, removed)
    return tuple(name for name in removed if not name.endswith(SIDECAR_SUFFIX))


def _swap(staging: Path, raw_dir: Path, work: Path) -> None:
    """Put ``staging`` in the place of ``raw_dir`` (the old folder goes into ``work``, which is removed after)."""
    old = work / "replaced"
    os.rename(raw_dir, old)
    try:
        os.rename(staging, raw_dir)
    except OSError:
        os.rename(old, raw_dir)
        raise


def update(
    codes: Sequence[str],
    *,
    data_dir: Path = DOWNLOADS_DIR,
    raw_dir: Path = RAW_DIR,
    language: str = "de",
    region: Region | None = None,
    compiled_on: str | None = None,
    progress: TextIO | None = None,
    now: Callable[[], datetime] | None = None,
) -> list[Updated]:
    """Fetch the tables ``codes``, keep the downloads in ``data_dir`` and replace their extracts in ``raw_dir``.

    ``progress`` (default stderr) gets one line per table. ``now`` fixes the recorded retrieval time (tests).
    Raises ``UpdateError`` for every failure; ``raw_dir`` is then unchanged.
    """
    tables = known_tables(codes)
    region = region or default_region()
    compiled_on = compiled_on or date.today().isoformat()
    progress = progress or sys.stderr
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise UpdateError("check failed", f"{raw_dir} does not exist: run `integration-analysis import` first")
    with tempfile.TemporaryDirectory(prefix=".update-", dir=raw_dir.parent) as tmp:
        work = Path(tmp)
        staging = work / "raw"
        shutil.copytree(raw_dir, staging)
        done = [
            _update_one(table, language, staging, work, Path(data_dir), compiled_on, region, progress, now)
            for table in tables
        ]
        write_raw_readme(staging, [read_sidecar(side) for side in sorted(staging.glob(f"*{SIDECAR_SUFFIX}"))])
        try:
            check_raw(staging, region)
        except (ValidationError, InputError, ChecksumError) as exc:
            found = str(exc).replace(f"{staging}{os.sep}", "")
            raise UpdateError("check failed", f"the new data fail the checks, data/raw is unchanged: {found}") from exc
        _swap(staging, raw_dir, work)
    return [Updated(u.code, u.download, raw_dir / u.extract.name, u.rows, u.replaced) for u in done]


def _update_one(
    table: ApiTable,
    language: str,
    staging: Path,
    work: Path,
    data_dir: Path,
    compiled_on: str,
    region: Region,
    progress: TextIO,
    now: Callable[[], datetime] | None,
) -> Updated:
    """Fetch, keep and stage one table, writing its line of progress."""
    progress.write(f"{table.code} ({table.server.name}): ")
    progress.flush()
    try:
        download = fetch(table, language, work / f"cache-{table.code}", now)
    except ApiError as exc:
        progress.write("failed\n")
        raise UpdateError(exc.kind, f"{exc.message}; data/raw is unchanged") from exc
    path = save_download(download, data_dir)
    replaced = _remove_extracts(staging, table.code)
    try:
        extract = import_api_answer(_answer(download, path), staging, compiled_on, region.land.ags, __name__)
    except InputError as exc:
        progress.write("failed\n")
        raise UpdateError(
            "changed layout",
            f"{exc} (the download is kept for inspection; data/raw is unchanged)",
        ) from exc
    rows = read_sidecar(sidecar_path(extract)).rows
    progress.write(f"{len(download.data):,} bytes → {path}; {rows:,} rows → {extract.name}\n")
    progress.flush()
    return Updated(table.code, path, extract, rows, replaced)
