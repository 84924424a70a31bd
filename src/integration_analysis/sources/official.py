"""Shared steps of the importers of official files: locate a file, check it against the published checksum
list, and describe where it came from. The same holds for the secondary series in ``secondary/``, which have
their own checksum list.

Every file under ``official/`` must be listed in ``official/CHECKSUMS.tsv`` with the SHA-256 it has: a missing
list, an unlisted file or a changed one stops the import with the path named. A user's own download (a newer
edition, say) is imported only when the user names it explicitly (``integration-analysis import --user-file
PATH``, i.e. :func:`allow_user_files`); its sidecar then says so in ``retrieved_from``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from ..core.checksums import sha256_file
from ..core.errors import ChecksumError, InputError

CHECKSUM_FILE = "CHECKSUMS.tsv"
_CHECKSUM_COLUMNS = ("file", "sha256", "public_repository", "commit", "path_in_repository")
#: ``retrieved_from`` of a file imported with ``--user-file`` starts with this.
USER_SUPPLIED = "user-supplied file"

#: The files the user named as their own downloads (resolved paths) and those an importer has used.
_user_files: ContextVar[tuple[frozenset[Path], set[Path]] | None] = ContextVar("user_files", default=None)


@dataclass(frozen=True)
class OfficialFile:
    """An official file as delivered, with its checksum and where it was retrieved from."""

    path: Path
    sha256: str
    retrieved_from: str


@contextmanager
def allow_user_files(paths: Iterable[str | Path]) -> Iterator[None]:
    """Within the block, the importers accept these files although ``CHECKSUMS.tsv`` does not list them (the
    user's own downloads). Each must exist and must be read by an importer, else ``InputError``."""
    wanted = {}
    for given in paths:
        path = Path(given).resolve()
        if not path.is_file():
            raise InputError(given, "--user-file: no such file")
        wanted[path] = given
    used: set[Path] = set()
    token = _user_files.set((frozenset(wanted), used))
    try:
        yield
    finally:
        _user_files.reset(token)
    for path in sorted(set(wanted) - used):
        raise InputError(
            wanted[path],
            "--user-file: no importer read this file; put it in the folder of its kind under official/ "
            "(e.g. official/destatis-gv/, official/ba-arbeitslose-gemeinden/)",
        )


def locate_official_file(source_dir: Path, relative_path: str, folder: str = "official") -> OfficialFile:
    """Find ``<folder>/<relative_path>`` under ``source_dir`` and verify it against ``<folder>/CHECKSUMS.tsv``.

    A missing checksum list, a file the list does not name or one whose bytes differ stops the import; a file
    the list does not name is accepted only if the user named it (:func:`allow_user_files`).
    """
    path = Path(source_dir) / folder / relative_path
    checksum_list = f"{folder}/{CHECKSUM_FILE}"
    if not path.exists():
        raise FileNotFoundError(f"{path}: official file not found (is the shared data folder beside the project?)")
    actual = sha256_file(path)
    user_files = _user_files.get()
    named = user_files is not None and path.resolve() in user_files[0]
    listed = _listed(Path(source_dir), folder, relative_path, required=not named)
    if named:
        user_files[1].add(path.resolve())
    if listed is None:
        return OfficialFile(
            path, actual, f"{USER_SUPPLIED} {path.name} (imported with --user-file, not in {checksum_list})"
        )
    if listed["sha256"] != actual:
        raise ChecksumError(
            f"{path}: sha256 {actual[:12]}… differs from {listed['sha256'][:12]}… in {checksum_list}; "
            "the official file was changed (a download of your own needs a file name of its own)"
        )
    origin = f"{listed['public_repository']}@{listed['commit']}:{listed['path_in_repository']}"
    return OfficialFile(path, actual, origin)


def _listed(source_dir: Path, folder: str, relative_path: str, *, required: bool) -> dict[str, str] | None:
    """The row of ``relative_path`` in the checksum list, or None; with ``required`` a missing list or row is an
    error naming the path."""
    list_path = source_dir / folder / CHECKSUM_FILE
    if not list_path.exists():
        if not required:
            return None
        raise ChecksumError(
            f"{list_path} is missing: the official files cannot be verified. Restore the shared data folder; "
            "to import a download of your own, name it with `integration-analysis import --user-file PATH`."
        )
    row = _read_checksum_list(list_path).get(relative_path)
    if row is None and required:
        raise ChecksumError(
            f"{source_dir / folder / relative_path} is not listed in {list_path}: an unlisted file is imported "
            "only as your own download, named with `integration-analysis import --user-file PATH`."
        )
    return row


def _read_checksum_list(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in _CHECKSUM_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, f"header lacks the column(s) {', '.join(missing)}", line=1)
        rows = {}
        for line, row in enumerate(reader, 2):
            if any(not (row.get(c) or "").strip() for c in _CHECKSUM_COLUMNS):
                raise InputError(path, "every column needs a value", line=line)
            rows[row["file"]] = row
        return rows
