"""The user data folder of ``integration-analysis update``: every download kept as the server delivered it,
with a provenance sidecar.

Layout: ``<folder>/<table code>/<code>_<YYYYMMDDTHHMMSSZ>_<language>_flat.csv`` holds the flat CSV byte for byte
as delivered (the one file of the server's ZIP), and beside it ``<same name>.provenance.yaml`` records the table
code, the server and the address asked, the request parameters, the retrieval time (UTC), the client, the file's
SHA-256 and size, the table's title, copyright line and last update as the metadata answer gives them, and what
the client reported (a background job, say). The default folder is ``data/downloads`` in the project
(git-ignored); ``update --data-dir`` chooses another. No credentials: pystatis sends them as headers, and
parameters named like a credential are refused rather than written.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..core.atomic import write_bytes_atomic, write_text_atomic
from ..core.checksums import sha256_bytes
from ..sources.cassettes import CREDENTIAL_KEYS
from ..sources.genesis_api import Download

PROVENANCE_SUFFIX = ".provenance.yaml"


def provenance_path(download_path: Path) -> Path:
    """``x_flat.csv`` → ``x_flat.csv.provenance.yaml``."""
    return download_path.with_name(download_path.name + PROVENANCE_SUFFIX)


def _metadata_text(metadata: dict, key: str) -> str:
    item = metadata.get("Object")
    value = item.get(key) if isinstance(item, dict) else None
    return " ".join(value.split()) if isinstance(value, str) else ""


def provenance(download: Download, file_name: str) -> dict:
    """The provenance record of a download saved as ``file_name``."""
    secret = sorted(k for k in download.parameters if k.lower() in CREDENTIAL_KEYS)
    if secret:
        raise ValueError(f"refusing to record the request parameter(s) {', '.join(secret)}: credentials")
    copyright_line = download.metadata.get("Copyright")
    return {
        "file": file_name,
        "sha256": sha256_bytes(download.data),
        "bytes": len(download.data),
        "table_code": download.table.code,
        "title": _metadata_text(download.metadata, "Content"),
        "table_updated": _metadata_text(download.metadata, "Updated"),
        "copyright": " ".join(copyright_line.split()) if isinstance(copyright_line, str) else "",
        "server": download.table.server.name,
        "request": f"POST {download.url}",
        "parameters": dict(download.parameters),
        "retrieved_at": download.retrieved_at,
        "client": download.client,
        "client_messages": list(download.messages),
    }


def save_download(download: Download, folder: Path) -> Path:
    """Write the download and its provenance sidecar (each atomically) into ``folder``; return the file's path.

    An existing download is never overwritten: a second one within the same second gets a counter.
    """
    stamp = download.retrieved_at.replace("-", "").replace(":", "")
    base = f"{download.table.code}_{stamp}_{download.language}"
    target_dir = Path(folder) / download.table.code
    path, counter = target_dir / f"{base}_flat.csv", 1
    while path.exists():
        counter += 1
        path = target_dir / f"{base}-{counter}_flat.csv"
    record = provenance(download, path.name)
    write_bytes_atomic(path, download.data)
    write_text_atomic(provenance_path(path), yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=110))
    return path
