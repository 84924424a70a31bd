"""Importer of the secondary figures compiled by hand from public web pages (``shared/data/compiled``).

Each row there carries a verbatim quote and a source id resolving to a ``sources_*.csv`` table. The extract
keeps both (``row_source``, ``quote``) and its sidecar is marked ``secondary: true``, so reports can say that
a figure is secondary and never mix it into an official series. Only rows of a Gemeinde, Kreis or Land with
a reference date are taken; of the population compilation only the census counts (which no official table
in the project has at Kreis and Land level), since the 31 December figures come from the official register.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.checksums import sha256_file
from ..core.errors import InputError
from ..core.provenance import SourceMeta
from ..core.schema import AREA_LEVELS, DATE_PATTERN, VARIABLES
from .extract import write_extract

#: Unit as written in the compilation → (project unit, flag).
UNIT_MAP: dict[str, tuple[str, str]] = {
    "persons": ("persons", ""),
    "percent": ("percent", ""),
    "persons (approx.)": ("persons", "approx"),
    "percent (approx.)": ("percent", "approx"),
    "million persons": ("million_persons", ""),
    "thousand persons": ("thousand_persons", ""),
    "nationalities": ("count", ""),
    "places": ("count", ""),
    "facilities": ("count", ""),
    "classes": ("count", ""),
}
CENSUS_DATES = {"2011-05-09": "census_2011", "2022-05-15": "census_2022"}


@dataclass(frozen=True)
class CompiledTable:
    """One compiled file, the table of its sources, and what the extract takes from it."""

    stem: str
    data_file: str
    sources_file: str
    title: str
    census_dates_only: bool = False


TABLES: tuple[CompiledTable, ...] = (
    CompiledTable(
        "compiled_population",
        "population.csv",
        "sources_population.csv",
        "Einwohnerzahlen der Zensus-Stichtage (Enzkreis, Baden-Württemberg, Gemeinden), Sekundärquellen",
        census_dates_only=True,
    ),
    CompiledTable(
        "compiled_foreigners",
        "foreigners.csv",
        "sources_foreigners.csv",
        "Ausländerinnen und Ausländer, Geflüchtete und Wanderungen (Enzkreis, Gemeinden, Land), Sekundärquellen",
    ),
    CompiledTable(
        "compiled_kreis_integration",
        "kreis_integration.csv",
        "sources_kreis.csv",
        "Integration im Enzkreis und in Baden-Württemberg: Schutzsuchende, Einbürgerungen, Beschäftigung, "
        "Sekundärquellen",
    ),
)


def _read(path: Path, required: list[str]) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"{path}: compiled table not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(path, f"cannot read: {exc}") from exc
    for column in required:
        if column not in frame.columns:
            raise InputError(path, "required column is missing", line=1, column=column)
    return frame


def read_compiled(path: Path, census_dates_only: bool = False) -> tuple[pd.DataFrame, int]:
    """Extract rows of one compiled file and the number of rows left out (other levels, no date)."""
    path = Path(path)
    frame = _read(path, ["ags", "name", "level", "date", "variable", "value", "source_id", "quote"])
    if "group" not in frame.columns:
        frame["group"] = "total"
    if "unit" not in frame.columns:
        frame["unit"] = "persons"
    frame.index = frame.index + 2  # line numbers in the file
    level_len = frame["level"].map(AREA_LEVELS)
    usable = level_len.notna() & (frame["ags"].str.len() == level_len) & frame["date"].str.match(DATE_PATTERN)
    if census_dates_only:
        usable &= frame["date"].isin(list(CENSUS_DATES)) & (frame["variable"] == "population")
    taken = frame[usable]
    unknown_unit = ~taken["unit"].isin(list(UNIT_MAP))
    if unknown_unit.any():
        line = int(taken.index[unknown_unit.to_numpy()][0])
        raise InputError(path, f"unknown unit {taken.loc[line, 'unit']!r}", line=line, column="unit")
    values = pd.to_numeric(taken["value"], errors="coerce")
    bad = values.isna()
    if bad.any():
        line = int(taken.index[bad.to_numpy()][0])
        raise InputError(path, f"not a number: {taken.loc[line, 'value']!r}", line=line, column="value")
    units = taken["unit"].map(lambda u: UNIT_MAP[u][0])
    flags = taken["unit"].map(lambda u: UNIT_MAP[u][1])
    out = pd.DataFrame(
        {
            "ags": taken["ags"],
            "area_name": taken["name"],
            "area_level": taken["level"],
            "date": taken["date"],
            "variable": taken["variable"],
            "group": taken["group"].str.lower(),
            "value": values,
            "flag": flags,
            "unit": units,
            "basis": taken["date"].map(CENSUS_DATES).fillna("other"),
            "row_source": taken["source_id"],
            "quote": taken["quote"].str.replace(r"\s+", " ", regex=True).str.strip(),
        }
    )
    key = ["ags", "date", "variable", "group", "row_source"]
    dup = out.duplicated(key)
    if dup.any():
        line = int(out.index[dup.to_numpy()][0])
        raise InputError(path, f"duplicate figure {tuple(out.loc[line, key])}", line=line, column="variable")
    return out.reset_index(drop=True), int((~usable).sum())


def read_compiled_sources(path: Path) -> dict[str, dict[str, str]]:
    """The sources table of a compiled file: source id → site, title, original URL, official source cited."""
    frame = _read(Path(path), ["source_id", "publisher_or_site", "title", "original_url", "official_source_cited"])
    return {
        row["source_id"]: {
            "site": row["publisher_or_site"],
            "title": row["title"],
            "url": row["original_url"],
            "official_source_cited": row["official_source_cited"],
        }
        for row in frame.to_dict("records")
    }


def import_compiled(source_dir: Path, raw_dir: Path, compiled_on: str) -> list[Path]:
    """Write one secondary extract per compiled file, with the quoted sources in its sidecar."""
    written = []
    for table in TABLES:
        data_path = Path(source_dir) / "compiled" / table.data_file
        frame, left_out = read_compiled(data_path, table.census_dates_only)
        sources = read_compiled_sources(Path(source_dir) / "compiled" / table.sources_file)
        missing = sorted(set(frame["row_source"]) - set(sources))
        if missing:
            raise InputError(data_path, f"source id {missing[0]!r} is not in {table.sources_file}", column="source_id")
        used = sorted(set(frame["row_source"]))
        dates = sorted(frame["date"])
        meta = SourceMeta(
            source_id=table.stem,
            title=table.title,
            publisher="Zusammenstellung des Projekts aus öffentlichen Webseiten (siehe row_sources)",
            table_code=f"shared/data/compiled/{table.data_file}",
            reference_date=f"{dates[0][:4]}/{dates[-1][:4]}",
            licence="Zitate aus öffentlichen Veröffentlichungen; Rechte bei den jeweiligen Quellen (row_sources)",
            licence_url="https://www.gesetze-im-internet.de/urhg/__51.html",
            source_url="see row_sources",
            citation="Sekundärangaben; jede Zeile nennt ihre Quelle (row_source) und ein wörtliches Zitat (quote)",
            original_file=table.data_file,
            original_sha256=sha256_file(data_path),
            retrieved_from=f"shared/data/compiled/{table.data_file}",
            compiled_on=compiled_on,
            importer=__name__,
            coverage=f"{len(frame)} Angaben aus {len(used)} Quellen; {left_out} Zeilen anderer Gebiete oder "
            "ohne Stichtag nicht übernommen",
            secondary=True,
            variables={v: v.replace("_", " ") for v in sorted(set(frame["variable"])) if v not in VARIABLES},
            row_sources={sid: sources[sid] for sid in used},
            notes=[
                "Sekundärangaben: nur verwenden, wo die amtlichen Tabellen nichts haben, und als solche kennzeichnen.",
                "Basis 'other': Messung laut Quelle (Zitat); Zensus-Stichtage sind als Zensus gekennzeichnet.",
                "Kennzeichen 'approx': die Quelle nennt eine ungefähre Zahl (rund, etwa).",
            ],
        )
        written.append(write_extract(frame, meta, raw_dir, table.stem))
    return written
