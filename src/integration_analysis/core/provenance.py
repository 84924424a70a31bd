"""Provenance sidecars: one YAML file beside every raw extract, naming where its figures come from.

A sidecar ``<name>.meta.yaml`` records publisher, table code and title, reference date, licence, source URL,
the original file with its SHA-256, when the extract was compiled, and the SHA-256 of the extract itself, which
``verify_raw_dir`` checks before anything is built.

A sidecar is checked when it is read (:func:`read_sidecar`): every required field present and of its type,
dates ISO and real, licence and URLs given, checksums 64 hex digits; each problem names file, line and field.
The sidecars are covered by a checksum of their own: the raw folder's manifest ``SHA256SUMS`` (the format of
``sha256sum``, so ``sha256sum -c SHA256SUMS`` checks it by hand too) lists the SHA-256 of every extract and every
sidecar, written by :func:`write_sidecar` (i.e. only by the importers). An extract edited and "re-signed" by
editing its sidecar's checksum, an edited sidecar, an extract dropped or slipped in: each fails
:func:`verify_raw_dir`, which ``check``, ``prepare`` and every build run first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import yaml

from .atomic import write_text_atomic
from .checksums import sha256_file
from .errors import ChecksumError, InputError
from .yamlfile import YamlLoadError, load_yaml

SIDECAR_SUFFIX = ".meta.yaml"
#: The manifest of the raw folder: SHA-256 of every extract and sidecar.
RAW_MANIFEST = "SHA256SUMS"

#: Raw extracts of figures (the project's CSV, loaded into the tidy data), of geometries (compact JSON of
#: outlines for the maps) and of area registers (JSON of the areas' names and kinds); the last two are verified
#: by checksum like every extract but not loaded as figures.
FIGURES_SUFFIX = ".csv"
GEOMETRY_SUFFIX = ".geojson"
REGISTER_SUFFIX = ".json"

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
    #: The day (YYYY-MM-DD, UTC) the publisher's server delivered the data, where that is known: a download of
    #: ``integration-analysis update`` or a recorded API answer. Written into the sidecar only where known.
    retrieved_on: str = ""
    #: Labels of variables that are not in ``schema.VARIABLES`` (INKAR indicators, secondary figures).
    variables: dict[str, str] = field(default_factory=dict)
    #: For secondary tables: one entry per ``row_source`` id (site, title, url, official source cited).
    row_sources: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_yaml(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v or k not in WRITTEN_WHERE_KNOWN}
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


#: Optional fields left out of a sidecar when empty (so sidecars without them stay as they were).
WRITTEN_WHERE_KNOWN = frozenset({"retrieved_on"})
REQUIRED_FIELDS = tuple(
    f.name for f in fields(SourceMeta) if f.name not in {"variables", "row_sources", "notes", *WRITTEN_WHERE_KNOWN}
)
_TEXT_FIELDS = tuple(f.name for f in fields(SourceMeta) if f.type == "str")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_URL = re.compile(r"https?://[^\s/]+\S*")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: ``source_url`` of a table whose rows name their own sources (``row_sources``).
SEE_ROW_SOURCES = "see row_sources"


def sidecar_path(extract_path: Path) -> Path:
    """The sidecar of ``data/raw/x.csv`` is ``data/raw/x.meta.yaml``."""
    return extract_path.with_name(extract_path.stem + SIDECAR_SUFFIX)


def write_sidecar(extract_path: Path, meta: SourceMeta) -> Path:
    """Write the sidecar of ``extract_path`` (atomically), filling in the extract's name and checksum, and record
    both files in the raw folder's manifest."""
    meta.extract_file = extract_path.name
    meta.extract_sha256 = sha256_file(extract_path)
    side = write_text_atomic(sidecar_path(extract_path), meta.to_yaml())
    record_checksums(extract_path.parent, [extract_path, side])
    return side


def read_sidecar(path: Path) -> SourceMeta:
    """Read and check a sidecar; every problem is an ``InputError`` naming file, line and field."""
    try:
        document = load_yaml(path, max_bytes=1 << 20)
    except YamlLoadError as exc:
        raise InputError(path, f"cannot read the provenance sidecar: {exc.kind}: {exc.detail}", line=exc.line) from exc
    data = document.data
    if not isinstance(data, dict):
        raise InputError(path, "a provenance sidecar must be a YAML mapping", line=document.line_of(""))

    def fail(name: str, message: str) -> InputError:
        return InputError(path, message, line=document.line_of(name), column=name)

    known = {f.name for f in fields(SourceMeta)}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise fail(unknown[0], f"unknown field(s) {', '.join(unknown)}")
    for name in REQUIRED_FIELDS:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise fail(name, "required provenance field is missing or empty")
    for name in _TEXT_FIELDS:
        if not isinstance(data.get(name, ""), str):
            raise fail(name, f"must be a text (quoted in YAML), found {data[name]!r}")
    if isinstance(data["rows"], bool) or not isinstance(data["rows"], int) or data["rows"] < 0:
        raise fail("rows", f"must be a whole number ≥ 0, found {data['rows']!r}")
    if not isinstance(data["secondary"], bool):
        raise fail("secondary", f"must be true or false, found {data['secondary']!r}")
    for name in ("original_sha256", "extract_sha256"):
        if not _SHA256.fullmatch(data[name]):
            raise fail(name, f"must be a SHA-256 (64 hexadecimal digits), found {data[name]!r}")
    for name in ("compiled_on", "retrieved_on"):
        if name in data and not _is_date(data[name], day=True):
            raise fail(name, f"must be a real date YYYY-MM-DD, found {data[name]!r}")
    dates = data["reference_date"].split("/")
    if len(dates) > 2 or not all(_is_date(d) for d in dates) or dates != sorted(dates):
        raise fail(
            "reference_date",
            f"must be a real date YYYY, YYYY-MM or YYYY-MM-DD, or a range FIRST/LAST, found {data['reference_date']!r}",
        )
    if not _URL.fullmatch(data["licence_url"]):
        raise fail("licence_url", f"must be a web address (http:// or https://), found {data['licence_url']!r}")
    row_sources = data.get("row_sources", {})
    if not _URL.fullmatch(data["source_url"]) and not (data["source_url"] == SEE_ROW_SOURCES and row_sources):
        raise fail(
            "source_url",
            f"must be a web address, or {SEE_ROW_SOURCES!r} with row_sources given; found {data['source_url']!r}",
        )
    if not _is_mapping_of(data.get("variables", {}), str):
        raise fail("variables", "must map variable names to labels (texts)")
    if not isinstance(row_sources, dict) or not all(_is_mapping_of(v, str) for v in row_sources.values()):
        raise fail("row_sources", "must map row source ids to mappings of texts")
    notes = data.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise fail("notes", "must be a list of texts")
    return SourceMeta(**data)


def _is_date(text: str, *, day: bool = False) -> bool:
    """Whether ``text`` is a real ISO date: YYYY-MM-DD, or with ``day`` False also YYYY or YYYY-MM."""
    match = _DATE.fullmatch(text)
    if match is None or (day and match.group(3) is None):
        return False
    year, month, dd = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(dd or 1))
    except ValueError:
        return False
    return True


def _is_mapping_of(value: object, kind: type) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, kind) for k, v in value.items())


def record_checksums(raw_dir: Path, paths: list[Path]) -> Path:
    """Record the SHA-256 of ``paths`` (files in ``raw_dir``) in its manifest, keeping the other entries."""
    raw_dir = Path(raw_dir)
    entries = (
        {name: sha for name, (sha, _) in read_raw_manifest(raw_dir).items()}
        if raw_manifest_path(raw_dir).exists()
        else {}
    )
    for path in paths:
        entries[Path(path).name] = sha256_file(path)
    return _write_manifest(raw_dir, entries)


def drop_checksums(raw_dir: Path, names: list[str]) -> Path:
    """Remove the entries of the files ``names`` (removed from ``raw_dir``) from its manifest."""
    entries = {name: sha for name, (sha, _) in read_raw_manifest(raw_dir).items() if name not in set(names)}
    return _write_manifest(raw_dir, entries)


def _write_manifest(raw_dir: Path, entries: dict[str, str]) -> Path:
    text = "".join(f"{sha}  {name}\n" for name, sha in sorted(entries.items()))
    return write_text_atomic(raw_manifest_path(raw_dir), text)


def raw_manifest_path(raw_dir: Path) -> Path:
    """The checksum manifest of a raw folder (``SHA256SUMS``)."""
    return Path(raw_dir) / RAW_MANIFEST


def read_raw_manifest(raw_dir: Path) -> dict[str, tuple[str, int]]:
    """The manifest of ``raw_dir``: SHA-256 and line by file name. A missing or malformed one is an error."""
    path = raw_manifest_path(raw_dir)
    if not path.exists():
        raise ChecksumError(
            f"{path} is missing: the raw extracts and their sidecars cannot be verified. "
            "Restore it with git or re-run `integration-analysis import`."
        )
    entries: dict[str, tuple[str, int]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the checksum manifest: {exc}") from exc
    for number, line in enumerate(lines, 1):
        sha, sep, name = line.partition("  ")
        if not sep or not _SHA256.fullmatch(sha) or not name or "/" in name or name in entries:
            raise InputError(path, f"expected '<sha256>  <file name>' once per file, found {line!r}", line=number)
        entries[name] = (sha, number)
    return entries


def verify_extract(extract_path: Path, manifest: dict[str, tuple[str, int]] | None = None) -> SourceMeta:
    """Check that an extract matches the checksum in its sidecar, and both the raw folder's manifest; return
    the sidecar.

    Raises ``ChecksumError`` when the file or its sidecar was changed after it was imported (raw data is never
    edited by hand: re-run the importer instead).
    """
    side = sidecar_path(extract_path)
    if not side.exists():
        raise ChecksumError(f"{extract_path}: no provenance sidecar {side.name} beside it")
    manifest = read_raw_manifest(extract_path.parent) if manifest is None else manifest
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
    for path in (extract_path, side):
        _check_listed(path, manifest)
    return meta


def _check_listed(path: Path, manifest: dict[str, tuple[str, int]]) -> None:
    listed = manifest.get(path.name)
    where = raw_manifest_path(path.parent)
    if listed is None:
        raise ChecksumError(
            f"{path} is not in {where}: every raw file is written by `integration-analysis import`, which records it"
        )
    actual = sha256_file(path)
    if actual != listed[0]:
        raise ChecksumError(
            f"{path} has changed since it was imported (sha256 {actual[:12]}…, {where.name} line {listed[1]} records "
            f"{listed[0][:12]}…); an edited or re-signed file is not used. Restore it with git or re-run "
            "`integration-analysis import`."
        )


def list_extracts(raw_dir: Path, *, figures_only: bool = False) -> list[Path]:
    """All raw extracts in ``raw_dir`` (CSV figures and, unless ``figures_only``, JSON geometries and area
    registers), sorted by name; a sidecar without its extract is an error."""
    suffixes = (FIGURES_SUFFIX, GEOMETRY_SUFFIX, REGISTER_SUFFIX)
    extracts = sorted(p for suffix in suffixes for p in raw_dir.glob(f"*{suffix}"))
    names = {p.stem for p in extracts}
    for side in sorted(raw_dir.glob(f"*{SIDECAR_SUFFIX}")):
        stem = side.name[: -len(SIDECAR_SUFFIX)]
        if stem not in names:
            raise ChecksumError(f"{side}: sidecar without its extract {stem}{FIGURES_SUFFIX}")
    return [p for p in extracts if p.suffix == FIGURES_SUFFIX] if figures_only else extracts


def verify_raw_dir(raw_dir: Path) -> dict[str, SourceMeta]:
    """Verify every extract in ``raw_dir`` against its sidecar; return the sidecars by source id."""
    metas: dict[str, SourceMeta] = {}
    manifest = read_raw_manifest(raw_dir) if list_extracts(raw_dir) else {}
    for path in list_extracts(raw_dir):
        meta = verify_extract(path, manifest)
        if meta.source_id in metas:
            raise ChecksumError(f"{sidecar_path(path)}: source_id {meta.source_id!r} is used twice in {raw_dir}")
        metas[meta.source_id] = meta
    if not metas:
        raise ChecksumError(f"{raw_dir} holds no raw extracts: run `integration-analysis import` first")
    present = {p.name for p in list_extracts(raw_dir)} | {sidecar_path(p).name for p in list_extracts(raw_dir)}
    for name, (_, line) in sorted(manifest.items(), key=lambda item: item[1][1]):
        if name not in present:
            raise ChecksumError(
                f"{raw_dir / name} is missing: {RAW_MANIFEST} line {line} lists it. Restore it with git or re-run "
                "`integration-analysis import`."
            )
    return metas
