"""Shared steps of the importers of official files: locate a file, check it against the published checksum
list, and describe where it came from. The same holds for the secondary series in ``secondary/``, which have
their own checksum list."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..checksums import sha256_file
from ..errors import ChecksumError

CHECKSUM_FILE = "CHECKSUMS.tsv"


@dataclass(frozen=True)
class OfficialFile:
    """An official file as delivered, with its checksum and where it was retrieved from."""

    path: Path
    sha256: str
    retrieved_from: str


def locate_official_file(source_dir: Path, relative_path: str, folder: str = "official") -> OfficialFile:
    """Find ``<folder>/<relative_path>`` under ``source_dir`` and verify it against ``<folder>/CHECKSUMS.tsv``.

    A file that is not in the list (a user's own download of a newer edition) is accepted with its own
    checksum and ``retrieved_from`` naming the file; a listed file whose bytes differ stops the import.
    """
    path = Path(source_dir) / folder / relative_path
    checksum_list = f"{folder}/{CHECKSUM_FILE}"
    if not path.exists():
        raise FileNotFoundError(f"{path}: official file not found (is the shared data folder beside the project?)")
    actual = sha256_file(path)
    listed = _read_checksum_list(Path(source_dir) / checksum_list).get(relative_path)
    if listed is None:
        return OfficialFile(path, actual, f"user-supplied file {path.name}")
    if listed["sha256"] != actual:
        raise ChecksumError(
            f"{path}: sha256 {actual[:12]}… differs from {listed['sha256'][:12]}… in {checksum_list}; "
            "the official file was changed"
        )
    origin = f"{listed['public_repository']}@{listed['commit']}:{listed['path_in_repository']}"
    return OfficialFile(path, actual, origin)


def _read_checksum_list(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}
