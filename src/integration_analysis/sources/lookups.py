"""Importer of official figures looked up one by one (``data/lookups``): values of official tables that the
shared files lack, read in copies of those tables in public repositories and transcribed with the quoted line.

``official_lookups.csv`` is already in the raw-extract format (``row_source`` = an id of
``official_lookups_sources.csv``, ``quote`` = the line as it stands in the copy); the importer checks it with
the extract reader, resolves every row source and writes it to ``data/raw`` with its sidecar. The sidecar is
marked secondary: the numbers are official, but they reached the project through a copy, not from the
publisher.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.checksums import sha256_file
from ..core.errors import InputError
from ..core.provenance import LICENCE_DL_DE_BY_2_0, LICENCE_DL_DE_BY_2_0_URL, SourceMeta
from ..core.schema import VARIABLES
from .extract import read_extract, write_extract

LOOKUPS_FILE = "official_lookups.csv"
SOURCES_FILE = "official_lookups_sources.csv"
SOURCE_COLUMNS = ["row_source", "table_code", "official_table", "repository", "commit", "path"]


def read_lookup_sources(path: Path) -> dict[str, dict[str, str]]:
    """Row-source id → official table, repository, commit and path of the copy."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in SOURCE_COLUMNS:
        if column not in frame.columns:
            raise InputError(path, "required column is missing", line=1, column=column)
    duplicated = frame["row_source"].duplicated()
    if duplicated.any():
        line = int(duplicated.to_numpy().nonzero()[0][0]) + 2
        raise InputError(path, "row_source is listed twice", line=line, column="row_source")
    return {row["row_source"]: {k: row[k] for k in SOURCE_COLUMNS[1:]} for row in frame.to_dict("records")}


def import_lookups(lookups_dir: Path, raw_dir: Path, compiled_on: str) -> list[Path]:
    """Write the looked-up official figures as the raw extract ``official_lookups``."""
    data_path = Path(lookups_dir) / LOOKUPS_FILE
    frame = read_extract(data_path)
    sources = read_lookup_sources(Path(lookups_dir) / SOURCES_FILE)
    unknown = ~frame["row_source"].isin(list(sources))
    if unknown.any():
        line = int(unknown.to_numpy().nonzero()[0][0]) + 2
        raise InputError(
            data_path,
            f"row_source {frame['row_source'][line - 2]!r} is not in {SOURCES_FILE}",
            line=line,
            column="row_source",
        )
    used = sorted(set(frame["row_source"]))
    dates = sorted(frame["date"])
    meta = SourceMeta(
        source_id="official_lookups",
        title="Amtliche Einzelangaben (Zensus 2011, Bevölkerungsfortschreibung, Strukturdaten) für Enzkreis und "
        "Land, übertragen aus Kopien der amtlichen Tabellen",
        publisher="Statistische Ämter des Bundes und der Länder; Die Bundeswahlleiterin (siehe row_sources)",
        table_code="; ".join(sorted({sources[sid]["table_code"] for sid in used})),
        reference_date=f"{dates[0][:4]}/{dates[-1][:4]}",
        licence=LICENCE_DL_DE_BY_2_0,
        licence_url=LICENCE_DL_DE_BY_2_0_URL,
        source_url="see row_sources",
        citation="Amtliche Tabellen laut row_sources; jede Zeile mit der zitierten Zeile der Kopie (quote)",
        original_file=LOOKUPS_FILE,
        original_sha256=sha256_file(data_path),
        retrieved_from=f"data/lookups/{LOOKUPS_FILE}",
        compiled_on=compiled_on,
        importer=__name__,
        coverage=f"{len(frame)} Angaben für {frame['ags'].nunique()} Gebiete aus {len(used)} Tabellen",
        secondary=True,
        variables={v: v.replace("_", " ") for v in sorted(set(frame["variable"])) if v not in VARIABLES},
        row_sources={
            sid: {
                "official_table": sources[sid]["official_table"],
                "copy": f"{sources[sid]['repository']}@{sources[sid]['commit']}:{sources[sid]['path']}",
            }
            for sid in used
        },
        notes=[
            "Amtliche Zahlen, aber nicht vom Herausgeber bezogen: aus Kopien der Tabellen in öffentlichen "
            "Repositorien übertragen; jede Zeile zitiert die Zeile der Kopie.",
            "Zensus 2011 (09.05.2011) und Fortschreibung (31.12.) sind verschiedene Messungen: nie eine Reihe.",
            "Migrationshintergrund 2011 stammt aus der Haushaltsstichprobe (gerundet, kleinere Basis).",
        ],
    )
    return [write_extract(frame, meta, raw_dir, "official_lookups")]
