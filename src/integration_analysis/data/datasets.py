"""The tidy dataset: load every raw extract into the one long format (docs/architecture.md §2), validate it, add exact
Kreis and Land sums of municipal counts, and write/read ``data/processed``.

Flow: ``verify_raw_dir`` (checksums) → ``load_raw`` → ``add_sums`` → ``validate`` (the rules here and the
declared plausibility rules of ``plausibility``) → ``prepare`` writes ``tidy.csv`` and ``sources.csv``
atomically. ``load_tidy`` is what the rest of the package calls; ``check_raw`` also returns the plausibility
warnings (for ``integration-analysis check``).

``data/processed`` carries the fingerprint of what it was built from and of itself: ``prepared.json`` records
the checksum of every raw extract and sidecar (the raw folder's ``SHA256SUMS``) and the SHA-256 of ``tidy.csv``
and ``sources.csv``. ``ensure_prepared`` (run by ``load_tidy`` and before every build) verifies ``data/raw``,
**rebuilds** the processed tables when they are missing or were built from another raw state (a new import is
legitimate), and **refuses** them when ``tidy.csv`` or ``sources.csv`` no longer has its recorded checksum: a
processed file edited by hand is an error naming the file, with ``prepare`` as the remedy, never silently
published nor silently overwritten. ``check_processed`` says the same without writing (``check``).
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.atomic import exclusive_lock, write_bytes_atomic, write_text_atomic
from ..core.checksums import sha256_bytes
from ..core.errors import ChecksumError, InputError
from ..core.paths import PROCESSED_DIR, RAW_DIR
from ..core.provenance import (
    SourceMeta,
    list_extracts,
    raw_manifest_path,
    read_raw_manifest,
    read_sidecar,
    sidecar_path,
    verify_raw_dir,
)
from ..core.schema import KEY_COLUMNS, PART_TOLERANCE, TIDY_COLUMNS, VARIABLES
from ..sources.extract import read_extract
from .plausibility import Finding, check_plausibility, errors, warnings
from .regions import Region, default_region, load_register, register_dates

TIDY_FILE = "tidy.csv"
SOURCES_FILE = "sources.csv"
STATE_FILE = "prepared.json"
_LOCK_FILE = ".prepare.lock"

#: Columns read as text from ``tidy.csv`` (``value`` is the only number).
_TEXT_COLUMNS = [c for c in TIDY_COLUMNS if c != "value"]


class ValidationError(ValueError):
    """The tidy dataset breaks one or more rules; ``problems`` lists each with file, line and column."""

    def __init__(self, problems: list[str], subject: str = "the raw data") -> None:
        self.problems = problems
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in {subject}:\n  {shown}{more}")


def load_raw(raw_dir: Path = RAW_DIR, metas: dict[str, SourceMeta] | None = None) -> pd.DataFrame:
    """All raw extracts as one frame in the tidy columns, plus ``_file`` and ``_line`` for error messages.

    ``metas`` are the verified sidecars (``verify_raw_dir``); without them the checksums are verified here.
    """
    metas = verify_raw_dir(raw_dir) if metas is None else metas
    frames = []
    for path in list_extracts(raw_dir, figures_only=True):
        meta = read_sidecar(sidecar_path(path))
        frame = read_extract(path)
        _check_rows(path, len(frame), meta)
        frame["source_id"] = meta.source_id
        frame["method"] = "published"
        frame["_file"] = str(path)
        frame["_line"] = np.arange(2, len(frame) + 2)
        frames.append(frame.drop(columns=["quote"]))
    if not frames:
        raise ChecksumError(f"{raw_dir} holds no raw extracts")
    return pd.concat(frames, ignore_index=True)


def _check_rows(path: Path, rows: int, meta: SourceMeta) -> None:
    """An extract has the number of rows its sidecar records (a file cut at a line end and signed again)."""
    if rows == meta.rows:
        return
    side = sidecar_path(path)
    lines = side.read_text(encoding="utf-8").splitlines()
    line = next((i for i, text in enumerate(lines, 1) if text.startswith("rows:")), None)
    raise InputError(
        side,
        f"records {meta.rows} rows, but {path.name} has {rows}: rows were removed or added after the import",
        line=line,
        column="rows",
    )


def add_sums(
    frame: pd.DataFrame, metas: dict[str, SourceMeta], region: Region, kreis_names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Add the Kreis and Land totals of municipal counts (persons, km²) where the source publishes none.

    A sum is added only where every municipality of the area has a value and none is flagged: a total is
    never built from an incomplete or suppressed set (docs/architecture.md §2: never fill a number). The Kreise
    are the region's and those of ``kreis_names`` (key → name, from the area register); the region's Kreis
    has the region's municipalities, any other Kreis and the Land those of the latest municipality register on
    or before the date. Sums are exact (``method`` = ``sum_of_municipalities``); shares are not summed.
    """
    official = {sid for sid, meta in metas.items() if not meta.secondary}
    municipal = frame[
        (frame["area_level"] == "gemeinde") & frame["source_id"].isin(official) & frame["unit"].isin(["persons", "km2"])
    ]
    municipal = municipal.assign(_kreis=municipal["ags"].str[:5], _land=municipal["ags"].str[:2])
    published = frame[frame["area_level"].isin(["kreis", "land"])]
    have = set(zip(published["ags"], published["source_id"], published["date"], published["variable"], strict=True))
    keys = ["source_id", "date", "variable", "group", "unit", "basis"]
    registers = _register_members(frame, region.land.ags)
    names = {
        "kreis": {**{k: n for k, n in (kreis_names or {}).items() if k.startswith(region.land.ags)},
                  region.kreis.ags: region.kreis.name},
        "land": {region.land.ags: region.land.name},
    }  # fmt: skip
    sums = []
    for level, column in (("kreis", "_kreis"), ("land", "_land")):
        work = municipal[municipal[column].isin(list(names[level]))]
        for key, group in work.groupby([*keys, column], sort=True):
            source_id, date, variable, _grp, _unit, _basis, area = key
            if (area, source_id, date, variable) in have:
                continue
            if group["flag"].ne("").any() or group["value"].isna().any():
                continue
            if set(group["ags"]) != _members(area, date, region, registers):
                continue
            row = dict(zip([*keys, "ags"], key, strict=True))
            sums.append(
                {
                    **row,
                    "area_name": names[level][area],
                    "area_level": level,
                    "value": float(group["value"].sum()),
                    "flag": "",
                    "row_source": "",
                    "method": "sum_of_municipalities",
                    "_file": group["_file"].iloc[0],
                    "_line": 0,
                }
            )
    if not sums:
        return frame
    return pd.concat([frame, pd.DataFrame(sums)], ignore_index=True)


def _members(area: str, date: str, region: Region, registers: dict[str, set[str]]) -> set[str]:
    """The municipalities a sum for ``area`` on ``date`` must cover."""
    if area == region.kreis.ags:
        return set(region.municipality_keys)
    return {ags for ags in _register_at(registers, date) if ags.startswith(area)}


def _register_members(frame: pd.DataFrame, land: str) -> dict[str, set[str]]:
    """The Land's municipalities in each edition of the municipality register, by reference date."""
    rows = frame[frame["source_id"].str.startswith("destatis_gv_") & (frame["area_level"] == "gemeinde")]
    rows = rows[rows["ags"].str.startswith(land)]
    return {date: set(group["ags"]) for date, group in rows.groupby("date", sort=True)}


def _register_at(registers: dict[str, set[str]], date: str) -> set[str]:
    """The municipalities of the latest register edition on or before ``date`` (else the earliest edition)."""
    if not registers:
        return set()
    earlier = [d for d in registers if d <= date]
    return registers[max(earlier) if earlier else min(registers)]


def _where(row: pd.Series, column: str) -> str:
    return f"{row['_file']}, line {row['_line']}, column {column!r}"


def validate(frame: pd.DataFrame, metas: dict[str, SourceMeta], region: Region) -> list[Finding]:
    """Check the tidy rules; raise ``ValidationError`` listing every problem (file, line, column); return the
    plausibility warnings.

    Rules: unique keys; known variables; parts ≤ totals (groups ≤ ``total``, foreigners ≤ population,
    unemployed foreigners ≤ unemployed; up to ``schema.PART_TOLERANCE`` above for perturbed bases); known
    municipality keys; every municipality of the Kreis present in every municipal table, date and variable; the
    Kreis present in every Kreis table; and the errors of the plausibility rules declared per source (sums,
    shares, whole non-negative counts, ranges, completeness, jumps) on the published rows.
    """
    problems: list[str] = []
    declared = {v for meta in metas.values() for v in meta.variables}

    dup = frame.duplicated(list(KEY_COLUMNS), keep=False)
    for _, row in frame[dup].head(5).iterrows():
        problems.append(f"{_where(row, 'ags')}: duplicate figure {tuple(row[list(KEY_COLUMNS)])}")

    unknown = ~frame["variable"].isin(list(VARIABLES)) & ~frame["variable"].isin(list(declared))
    for _, row in frame[unknown].drop_duplicates("variable").iterrows():
        problems.append(
            f"{_where(row, 'variable')}: unknown variable {row['variable']!r} (not in schema.VARIABLES "
            "and not declared in the sidecar)"
        )

    problems += _check_parts(frame)
    problems += _check_keys_and_completeness(frame, metas, region)
    findings = check_plausibility(frame[frame["method"] == "published"])
    problems += [str(finding) for finding in errors(findings)]
    if problems:
        raise ValidationError(problems)
    return warnings(findings)


def _check_parts(frame: pd.DataFrame) -> list[str]:
    problems = []
    counts = frame[frame["unit"] == "persons"]
    ident = ["ags", "date", "variable", "basis", "source_id", "row_source"]
    totals = counts[counts["group"] == "total"][[*ident, "value"]].rename(columns={"value": "_total"})
    parts = counts[counts["group"] != "total"].merge(totals, on=ident, how="inner")
    for _, row in parts[parts["value"] > parts["_total"] + _tolerance(parts)].head(5).iterrows():
        problems.append(
            f"{_where(row, 'value')}: {row['variable']} {row['group']} = {row['value']:g} exceeds "
            f"its total {row['_total']:g}"
        )
    for variable in (v for v in VARIABLES.values() if v.part_of):
        whole_ident = ["ags", "date", "group", "basis"]
        part = counts[counts["variable"] == variable.name]
        whole = counts[counts["variable"] == variable.part_of][[*whole_ident, "value"]]
        joined = part.merge(whole.rename(columns={"value": "_whole"}), on=whole_ident, how="inner")
        for _, row in joined[joined["value"] > joined["_whole"] + _tolerance(joined)].head(5).iterrows():
            problems.append(
                f"{_where(row, 'value')}: {variable.name} = {row['value']:g} exceeds "
                f"{variable.part_of} = {row['_whole']:g} ({row['ags']}, {row['date']})"
            )
    return problems


def _tolerance(rows: pd.DataFrame) -> pd.Series:
    """How far a part may exceed its total in each row: ``schema.PART_TOLERANCE`` of its basis, else 0."""
    return rows["basis"].map(PART_TOLERANCE).fillna(0)


def _check_keys_and_completeness(frame: pd.DataFrame, metas: dict[str, SourceMeta], region: Region) -> list[str]:
    problems = []
    official = frame[frame["source_id"].isin([s for s, m in metas.items() if not m.secondary])]
    register = official[official["source_id"].str.startswith("destatis_gv_")]
    known = set(register.loc[register["area_level"] == "gemeinde", "ags"]) or set(region.municipality_keys)
    known_kreise = {a[:5] for a in known}
    gemeinden = frame[frame["area_level"] == "gemeinde"]
    in_kreis = gemeinden["ags"].str.startswith(region.kreis.ags)
    for _, row in gemeinden[in_kreis & ~gemeinden["ags"].isin(list(region.municipality_keys))].head(5).iterrows():
        problems.append(
            f"{_where(row, 'ags')}: {row['ags']} is not a municipality of the {region.kreis.name} (config/region.yaml)"
        )
    in_land = gemeinden["ags"].str.startswith(region.land.ags)
    for _, row in gemeinden[in_land & ~gemeinden["ags"].isin(list(known))].drop_duplicates("ags").head(5).iterrows():
        problems.append(f"{_where(row, 'ags')}: unknown municipality key {row['ags']} (not in the register)")
    kreise = frame[frame["area_level"] == "kreis"]
    bad_kreis = kreise["ags"].str.startswith(region.land.ags) & ~kreise["ags"].isin(list(known_kreise))
    for _, row in kreise[bad_kreis].drop_duplicates("ags").head(5).iterrows():
        problems.append(f"{_where(row, 'ags')}: unknown Kreis key {row['ags']}")

    wanted = set(region.municipality_keys)
    municipal = official[(official["area_level"] == "gemeinde") & official["method"].eq("published")]
    for key, group in municipal.groupby(["source_id", "date", "variable", "group"], sort=True):
        missing = wanted - set(group["ags"])
        if missing:
            problems.append(
                f"{group['_file'].iloc[0]}: {key[2]}/{key[3]} on {key[1]} lacks "
                f"{len(missing)} municipalit(y/ies) of the {region.kreis.name}: {', '.join(sorted(missing))}"
            )
    kreis_tables = official[(official["area_level"] == "kreis") & official["method"].eq("published")]
    for key, group in kreis_tables.groupby(["source_id", "date", "variable"], sort=True):
        if region.kreis.ags not in set(group["ags"]):
            problems.append(f"{group['_file'].iloc[0]}: {key[2]} on {key[1]} lacks the {region.kreis.name}")
    return problems


def check_raw(
    raw_dir: Path = RAW_DIR, region: Region | None = None
) -> tuple[pd.DataFrame, dict[str, SourceMeta], list[Finding]]:
    """Verify, load, sum and validate the raw data; return the tidy frame (sorted), the sidecars and the
    plausibility warnings."""
    region = region or default_region()
    metas = verify_raw_dir(raw_dir)
    frame = load_raw(raw_dir, metas)
    kreise = load_register(raw_dir).kreise if register_dates(raw_dir) else ()
    frame = add_sums(frame, metas, region, {k.ags: k.name for k in kreise})
    found = validate(frame, metas, region)
    tidy = frame.loc[:, list(TIDY_COLUMNS)].sort_values(
        ["area_level", "ags", "variable", "group", "date", "basis", "source_id", "row_source"], kind="stable"
    )
    return tidy.reset_index(drop=True), metas, found


def build_tidy(raw_dir: Path = RAW_DIR, region: Region | None = None) -> tuple[pd.DataFrame, dict[str, SourceMeta]]:
    """Verify, load, sum and validate the raw data; return the tidy frame (sorted) and the sidecars."""
    tidy, metas, _ = check_raw(raw_dir, region)
    return tidy, metas


#: Sidecar fields that the sources table (the MANIFEST) leaves out: internal or per-row detail.
_NOT_IN_MANIFEST = {"importer", "coverage", "variables", "row_sources", "notes"}


def sources_table(metas: dict[str, SourceMeta]) -> pd.DataFrame:
    """One row per source (the MANIFEST of docs/architecture.md §2), from the sidecars."""
    columns = [f.name for f in fields(SourceMeta) if f.name not in _NOT_IN_MANIFEST]
    rows = [{k: v for k, v in asdict(meta).items() if k in columns} for meta in metas.values()]
    return pd.DataFrame(rows, columns=columns).sort_values("source_id").reset_index(drop=True)


def prepare(raw_dir: Path = RAW_DIR, processed_dir: Path = PROCESSED_DIR, region: Region | None = None) -> Path:
    """Build the tidy dataset and write ``tidy.csv``, ``sources.csv`` and ``prepared.json`` atomically."""
    tidy, metas = build_tidy(raw_dir, region)
    processed_dir = Path(processed_dir)
    tidy_bytes, sources_bytes = serialise(tidy, metas)
    write_bytes_atomic(processed_dir / TIDY_FILE, tidy_bytes)
    write_bytes_atomic(processed_dir / SOURCES_FILE, sources_bytes)
    state = {
        "extracts": {m.extract_file: m.extract_sha256 for m in metas.values()},
        "raw": _raw_fingerprint(raw_dir),
        "rows": int(len(tidy)),
        "processed": {TIDY_FILE: sha256_bytes(tidy_bytes), SOURCES_FILE: sha256_bytes(sources_bytes)},
    }
    write_text_atomic(processed_dir / STATE_FILE, json.dumps(state, indent=2, sort_keys=True) + "\n")
    return processed_dir / TIDY_FILE


def serialise(tidy: pd.DataFrame, metas: dict[str, SourceMeta]) -> tuple[bytes, bytes]:
    """The bytes of ``tidy.csv`` and ``sources.csv`` for this tidy frame and these sidecars."""
    out = tidy.copy()
    out["value"] = out["value"].map(lambda v: "" if pd.isna(v) else repr(float(v)))
    tidy_bytes = out.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return tidy_bytes, sources_table(metas).to_csv(index=False, lineterminator="\n").encode("utf-8")


def data_state(raw_dir: Path = RAW_DIR) -> str:
    """A key of the raw data's state, cheap enough to ask before every report: the SHA-256 of the raw folder's
    manifest, which records the checksum of every extract and sidecar (``import`` and ``update`` rewrite it);
    "" without a manifest."""
    try:
        return sha256_bytes(raw_manifest_path(raw_dir).read_bytes())
    except FileNotFoundError:
        return ""


def _raw_fingerprint(raw_dir: Path) -> dict[str, str]:
    """The checksum of every raw extract and sidecar as the raw folder's manifest records them."""
    return {name: sha for name, (sha, _) in read_raw_manifest(raw_dir).items()}


def _read_state(processed_dir: Path) -> dict | None:
    """``prepared.json``, or None where it is missing or unreadable (it is derived: it is rebuilt)."""
    try:
        state = json.loads((processed_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return state if isinstance(state, dict) and isinstance(state.get("processed"), dict) else None


def check_processed(
    raw_dir: Path = RAW_DIR, processed_dir: Path = PROCESSED_DIR, fresh: tuple[bytes, bytes] | None = None
) -> str:
    """The state of ``processed_dir`` against ``raw_dir``, without writing: "current", "missing" or "outdated"
    (both are rebuilt by ``ensure_prepared``). A processed file that was edited raises ``InputError``; with
    ``fresh`` (the bytes :func:`serialise` gives for ``raw_dir``) so does one that differs from a fresh build,
    even where ``prepared.json`` was edited to match it."""
    processed_dir = Path(processed_dir)
    verify_raw_dir(raw_dir)
    state = _read_state(processed_dir)
    names = (TIDY_FILE, SOURCES_FILE)
    recorded = state["processed"] if state is not None else {}
    if not all(isinstance(recorded.get(n), str) and (processed_dir / n).exists() for n in names):
        return "missing"
    if state.get("raw") != _raw_fingerprint(raw_dir):
        return "outdated"
    for i, name in enumerate(names):
        data = _verify_processed_file(processed_dir / name, state["processed"][name])
        if fresh is not None and data != fresh[i]:
            raise InputError(
                processed_dir / name,
                "differs from a fresh build of data/raw although its checksum in "
                f"{STATE_FILE} matches (both were edited): run `integration-analysis prepare`",
            )
    return "current"


def _verify_processed_file(path: Path, recorded: str, data: bytes | None = None) -> bytes:
    """The bytes of a processed file, checked against the checksum ``prepared.json`` records for it."""
    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        raise InputError(path, f"cannot read the processed table (run `integration-analysis prepare`): {exc}") from exc
    actual = sha256_bytes(data)
    if actual != recorded:
        raise InputError(
            path,
            f"changed since `prepare` wrote it (sha256 {actual[:12]}…, {STATE_FILE} records {recorded[:12]}…). "
            "Processed data is never edited by hand and is not used like this: run `integration-analysis prepare` "
            "to rebuild it from data/raw",
        )
    return data


def ensure_prepared(raw_dir: Path = RAW_DIR, processed_dir: Path = PROCESSED_DIR) -> dict:
    """Verify ``raw_dir``, then make ``processed_dir`` current: prepared where missing or built from another raw
    state, refused (``InputError``) where a processed file was edited. Returns the state (``prepared.json``)."""
    processed_dir = Path(processed_dir)
    with exclusive_lock(processed_dir / _LOCK_FILE):  # one process at a time checks and (re)writes it
        status = check_processed(raw_dir, processed_dir)
        if status != "current":
            prepare(raw_dir, processed_dir)
        state = _read_state(processed_dir)
    assert state is not None  # written just now or verified
    return state


def load_tidy(raw_dir: Path = RAW_DIR, processed_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """The tidy frame from ``data/processed`` (see :func:`ensure_prepared`: prepared first if missing or older
    than the raw data, refused if edited); the bytes read are the bytes verified."""
    processed_dir = Path(processed_dir)
    state = ensure_prepared(raw_dir, processed_dir)
    path = processed_dir / TIDY_FILE
    data = _verify_processed_file(path, state["processed"][TIDY_FILE])
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            dtype={c: str for c in _TEXT_COLUMNS},
            keep_default_na=False,
            converters={"value": lambda v: float(v) if v else np.nan},
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(path, f"cannot read the processed table (run `integration-analysis prepare`): {exc}") from exc
    return frame


#: ``method`` of the rows :func:`for_region` gives a Stadtkreis' municipality from its Kreis' rows.
SAME_TERRITORY = "kreis_of_one_municipality"


def for_region(tidy: pd.DataFrame, region: Region) -> pd.DataFrame:
    """The tidy rows a region's reports use. For a Kreis of one municipality (a Stadtkreis) the municipality and
    the Kreis are one territory, and the Regionalstatistik lists such a city once, under its Kreis key: every
    source that has rows for the Kreis but none for the municipality lends them to it (``method`` =
    :data:`SAME_TERRITORY`, values unchanged). Any other region's rows are returned as they are."""
    if not region.single_municipality:
        return tidy
    city = region.municipalities[0]
    own = set(tidy.loc[tidy["ags"] == city.ags, "source_id"])
    lent = tidy[(tidy["ags"] == region.kreis.ags) & ~tidy["source_id"].isin(own)]
    if lent.empty:
        return tidy
    copies = lent.assign(ags=city.ags, area_name=city.name, area_level="gemeinde", method=SAME_TERRITORY)
    return pd.concat([tidy, copies], ignore_index=True)


def load_sources(raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """The sources table (from the sidecars in ``data/raw``)."""
    metas = {}
    for path in list_extracts(raw_dir):
        meta = read_sidecar(sidecar_path(path))
        metas[meta.source_id] = meta
    return sources_table(metas)
