"""Provenance sidecars: one YAML file beside every raw extract, naming where its figures come from.

A sidecar ``<name>.meta.yaml`` records publisher, table code and title, reference date, licence, source URL,
the original file with its SHA-256, when the extract was compiled, and the SHA-256 of the extract itself, which
``verify_raw_dir`` checks before anything is built.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import yaml

from .atomic import write_text_atomic
from .checksums import sha256_file
from .errors import ChecksumError, InputError

SIDECAR_SUFFIX = ".meta.yaml"

LICENCE_DL_DE_BY_2_0 = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
LICENCE_DL_DE_BY_2_0_URL = "https://www.govdata.de/dl-de/by-2-0"


@dataclass
class SourceMeta:
    """Everything a reader of a raw extract needs to cite and check it."""

    source_id: str
    title: str
    publisher: str
    table_code: str
    reference_date: str
    licence: str
    licence_url: str
    source_url: str
    citation: str
    original_file: str
    original_sha256: str
    retrieved_from: str
    compiled_on: str
    importer: str
    coverage: str
    extract_file: str = ""
    extract_sha256: str = ""
    rows: int = 0
    #: True for figures compiled from secondary publications (press, web pages), which reports label as such.
    secondary: bool = False
    #: Labels of variables that are not in ``schema.VARIABLES`` (INKAR indicators, secondary figures).
    variables: dict[str, str] = field(default_factory=dict)
    #: For secondary tables: one entry per ``row_source`` id (site, title, url, official source cited).
    row_sources: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        return yaml.safe_dump(asdict(self), allow_unicode=True, sort_keys=False, width=110)


REQUIRED_FIELDS = tuple(f.name for f in fields(SourceMeta) if f.name not in {"variables", "row_sources", "notes"})


def sidecar_path(extract_path: Path) -> Path:
    """The sidecar of ``data/raw/x.csv`` is ``data/raw/x.meta.yaml``."""
    return extract_path.with_name(extract_path.stem + SIDECAR_SUFFIX)


def write_sidecar(extract_path: Path, meta: SourceMeta) -> Path:
    """Write the sidecar of ``extract_path`` (atomically), filling in the extract's name and checksum."""
    meta.extract_file = extract_path.name
    meta.extract_sha256 = sha256_file(extract_path)
    return write_text_atomic(sidecar_path(extract_path), meta.to_yaml())


def read_sidecar(path: Path) -> SourceMeta:
    """Read and check a sidecar; a missing or empty required field is an ``InputError`` naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot read the provenance sidecar: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(path, "a provenance sidecar must be a YAML mapping")
    known = {f.name for f in fields(SourceMeta)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(path, f"unknown field(s) {', '.join(unknown)}", column=unknown[0])
    for name in REQUIRED_FIELDS:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise InputError(path, "required provenance field is missing or empty", column=name)
    data["reference_date"] = str(data["reference_date"])
    data["compiled_on"] = str(data["compiled_on"])
    return SourceMeta(**data)


def verify_extract(extract_path: Path) -> SourceMeta:
    """Check that an extract matches the checksum in its sidecar; return the sidecar.

    Raises ``ChecksumError`` when the file was changed after it was imported (raw data is never edited by
    hand: re-run the importer instead).
    """
    side = sidecar_path(extract_path)
    if not side.exists():
        raise ChecksumError(f"{extract_path}: no provenance sidecar {side.name} beside it")
    meta = read_sidecar(side)
    actual = sha256_file(extract_path)
    if actual != meta.extract_sha256:
        raise ChecksumError(
            f"{extract_path} has changed since it was imported (sha256 {actual[:12]}…, sidecar records "
            f"{meta.extract_sha256[:12]}…). Raw data is never edited by hand: restore it with git or re-run "
            "`integration-analysis import`."
        )
    if meta.extract_file != extract_path.name:
        raise ChecksumError(f"{side}: describes {meta.extract_file!r}, not {extract_path.name!r}")
    return meta


def list_extracts(raw_dir: Path) -> list[Path]:
    """All raw extracts (CSV files) in ``raw_dir``, sorted by name; a sidecar without its extract is an error."""
    extracts = sorted(raw_dir.glob("*.csv"))
    names = {p.stem for p in extracts}
    for side in sorted(raw_dir.glob(f"*{SIDECAR_SUFFIX}")):
        stem = side.name[: -len(SIDECAR_SUFFIX)]
        if stem not in names:
            raise ChecksumError(f"{side}: sidecar without its extract {stem}.csv")
    return extracts


def verify_raw_dir(raw_dir: Path) -> dict[str, SourceMeta]:
    """Verify every extract in ``raw_dir`` against its sidecar; return the sidecars by source id."""
    metas: dict[str, SourceMeta] = {}
    for path in list_extracts(raw_dir):
        meta = verify_extract(path)
        if meta.source_id in metas:
            raise ChecksumError(f"{sidecar_path(path)}: source_id {meta.source_id!r} is used twice in {raw_dir}")
        metas[meta.source_id] = meta
    if not metas:
        raise ChecksumError(f"{raw_dir} holds no raw extracts: run `integration-analysis import` first")
    return metas
