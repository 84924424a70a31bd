"""SHA-256 checksums of files, and the one digest of the package's code."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .paths import PACKAGE_DIR

#: The files of the package whose content a report or a computed table can depend on.
CODE_SUFFIXES = frozenset({".py", ".yaml", ".j2", ".css", ".json"})


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@cache
def code_digest() -> str:
    """One checksum over the package's code, registry and templates, computed once per process: anything
    derived from the code (a report, a cached table) is rebuilt when it changes."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in CODE_SUFFIXES:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
