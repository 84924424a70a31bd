"""Importers of the two official tables exported from the GERDA data bundle: Zensus 2022 by municipality and
INKAR indicators by Kreis (both CSV, exported values unchanged from ``gerda-bundle/sysdata.rda``).

Both keep the rows of one Land (Baden-Württemberg by default). A value the source does not publish is empty
there and stays missing here (flag ``na``).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ..core.errors import InputError
from ..core.provenance import LICENCE_DL_DE_BY_2_0, LICENCE_DL_DE_BY_2_0_URL, SourceMeta
from .extract import write_extract
from .official import locate_official_file
from .text import check_complete_rows

ZENSUS_FILE = "zensus2022-gemeinden/zensus2022_gemeinden.csv"
INKAR_FILE = "inkar-kreise/inkar_kreise_1995_2022.csv"
INKAR_CODEBOOK = "inkar-kreise/codebook.csv"
ZENSUS_DATE = "2022-05-15"
GERDA_CITATION = (
    "compiled by GERDA – German Election Database 0.6.0 (Heddesheimer, Sichart, Wiedemann, Hilbig; MIT licence)"
)

#: Zensus 2022 column → (variable, unit).
ZENSUS_COLUMNS: dict[str, tuple[str, str]] = {
    "population_census22": ("population", "persons"),
    "share_foreign_census22": ("foreigners_share", "percent"),
    "share_migration_bg_census22": ("migration_background_share", "percent"),
    "avg_household_size_census22": ("household_size", "persons_per_household"),
    "total_dwellings_census22": ("dwellings", "dwellings"),
    "vacancy_rate_census22": ("vacancy_rate", "percent"),
    "share_owner_occupied_census22": ("owner_occupied_share", "percent"),
    "avg_rent_per_m2_census22": ("net_rent_per_m2", "eur_per_m2"),
}

#: INKAR codebook unit → project unit.
INKAR_UNITS: dict[str, str] = {
    "percent": "percent",
    "years": "years",
    "euros": "eur",
    "per 100": "per_100",
    "per 1k": "per_1000",
    "per 10k": "per_10000",
    "euros/m2": "eur_per_m2",
    "m2": "m2",
}


def _read_text_csv(path: Path) -> pd.DataFrame:
    """A GERDA export (UTF-8 CSV without footer) as text cells; a file cut off in a row is refused."""
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(path, "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8", line=raw[: exc.start].count(b"\n") + 1) from exc
    check_complete_rows(text, path)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise InputError(path, f"malformed CSV: {exc}") from exc


def _read_csv(path: Path, key: str, required: list[str]) -> pd.DataFrame:
    """Read a GERDA export as text; check the columns and that the key column holds digits."""
    frame = _read_text_csv(path)
    for column in required:
        if column not in frame.columns:
            raise InputError(path, "required column is missing", line=1, column=column)
    bad = ~frame[key].str.fullmatch(r"\d+")
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(path, f"key {frame[key].iloc[pos]!r} is not numeric", line=pos + 2, column=key)
    return frame


def _melt(
    path: Path, frame: pd.DataFrame, columns: dict[str, tuple[str, str]], signed: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Wide → extract rows; empty cells become flag ``na``; a non-number is an error, and so is a negative
    number outside the ``signed`` columns."""
    parts = []
    for column, (variable, unit) in columns.items():
        text = frame[column].str.strip()
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = (text != "") & numbers.isna()
        if bad.any():
            pos = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(path, f"not a number: {text.iloc[pos]!r}", line=int(frame.index[pos]) + 2, column=column)
        negative = numbers < 0
        if negative.any() and column not in signed:
            pos = int(negative.to_numpy().nonzero()[0][0])
            raise InputError(path, f"negative value {text.iloc[pos]!r}", line=int(frame.index[pos]) + 2, column=column)
        parts.append(
            pd.DataFrame(
                {
                    "ags": frame["_ags"],
                    "area_name": frame["_name"],
                    "area_level": frame["_level"],
                    "date": frame["_date"],
                    "variable": variable,
                    "group": "total",
                    "value": numbers,
                    "flag": (text == "").map({True: "na", False: ""}),
                    "unit": unit,
                    "basis": frame["_basis"],
                    "row_source": "",
                    "quote": "",
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _check_unique(path: Path, frame: pd.DataFrame, columns: list[str]) -> None:
    dup = frame.duplicated(columns, keep="first")
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            f"duplicate key {tuple(frame[columns].iloc[pos])}",
            line=int(frame.index[pos]) + 2,
            column=columns[0],
        )


def read_zensus2022_gemeinden(path: Path, land: str = "08") -> pd.DataFrame:
    """The Zensus 2022 municipal table for one Land as extract rows (reference date 15.05.2022)."""
    path = Path(path)
    frame = _read_csv(path, "ags", ["ags", "municipality_name", *ZENSUS_COLUMNS])
    bad_len = frame["ags"].str.len() != 8
    if bad_len.any():
        pos = int(bad_len.to_numpy().nonzero()[0][0])
        raise InputError(
            path, f"a municipal key has 8 digits, got {frame['ags'].iloc[pos]!r}", line=pos + 2, column="ags"
        )
    _check_unique(path, frame, ["ags"])
    frame = frame[frame["ags"].str.startswith(land)]
    if frame.empty:
        raise InputError(path, f"no municipalities of Land {land}: truncated or wrong file?")
    frame = frame.assign(
        _ags=frame["ags"],
        _name=frame["municipality_name"],
        _level="gemeinde",
        _date=ZENSUS_DATE,
        _basis="census_2022",
    )
    return _melt(path, frame, ZENSUS_COLUMNS)


def read_inkar_codebook(path: Path) -> pd.DataFrame:
    """INKAR codebook rows of the indicators (variable, label, unit, inkar_code)."""
    raw = _read_text_csv(path)
    for column in ("variable", "label", "unit", "inkar_code"):
        if column not in raw.columns:
            raise InputError(path, "required column is missing", line=1, column=column)
    indicators = raw[raw["inkar_code"] != ""].reset_index(drop=True)
    unknown = ~indicators["unit"].isin(list(INKAR_UNITS))
    if unknown.any():
        pos = int(unknown.to_numpy().nonzero()[0][0])
        raise InputError(path, f"unknown unit {indicators['unit'].iloc[pos]!r}", column="unit")
    return indicators


#: INKAR indicators published with negative values, imported as published: the municipal debt per capita is
#: −0.01 € for Bremerhaven (04012) in 2015 and 2016. Every other INKAR indicator is a share, rate, density or
#: amount that is never negative, and a negative one is refused as damage.
INKAR_SIGNED = frozenset({"municipal_debt_per_capita"})


def inkar_variable(column: str) -> str:
    """INKAR column → tidy variable; the share of foreigners joins the project's ``foreigners_share``."""
    return "foreigners_share" if column == "share_foreign" else f"inkar_{column}"


def read_inkar_kreise(
    path: Path, codebook: pd.DataFrame, kreis_names: dict[str, str], land: str = "08"
) -> pd.DataFrame:
    """The INKAR Kreis indicators of one Land as extract rows (one row per Kreis, year and indicator).

    ``kreis_names`` maps each Kreis key of the Land to its official name (the export has no names); a key
    that is not in it is an error (unknown Kreis).
    """
    path = Path(path)
    indicators = list(codebook["variable"])
    frame = _read_csv(path, "county_code", ["county_code", "year", *indicators])
    years = pd.to_numeric(frame["year"], errors="coerce")
    bad_year = years.isna() | (years % 1 != 0)
    if bad_year.any():
        pos = int(bad_year.to_numpy().nonzero()[0][0])
        raise InputError(path, f"not a year: {frame['year'].iloc[pos]!r}", line=pos + 2, column="year")
    frame["_date"] = years.astype(int).astype(str)
    bad_len = frame["county_code"].str.len() != 5
    if bad_len.any():
        pos = int(bad_len.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            f"a Kreis key has 5 digits, got {frame['county_code'].iloc[pos]!r}",
            line=pos + 2,
            column="county_code",
        )
    _check_unique(path, frame, ["county_code", "_date"])
    frame = frame[frame["county_code"].str.startswith(land)]
    if frame.empty:
        raise InputError(path, f"no Kreise of Land {land}: truncated or wrong file?")
    unknown = ~frame["county_code"].isin(list(kreis_names))
    if unknown.any():
        pos = int(unknown.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            f"unknown Kreis {frame['county_code'].iloc[pos]!r} (not in the municipality register)",
            line=int(frame.index[pos]) + 2,
            column="county_code",
        )
    frame = frame.assign(
        _ags=frame["county_code"],
        _name=frame["county_code"].map(kreis_names),
        _level="kreis",
        _basis="population_update",
    )
    columns = {row.variable: (inkar_variable(row.variable), INKAR_UNITS[row.unit]) for row in codebook.itertuples()}
    return _melt(path, frame, columns, INKAR_SIGNED)


def _meta(**fields: str) -> SourceMeta:
    return SourceMeta(
        licence=f"{LICENCE_DL_DE_BY_2_0}; Zusammenstellung GERDA (MIT)",
        licence_url=LICENCE_DL_DE_BY_2_0_URL,
        importer=__name__,
        **fields,
    )


def import_zensus2022(source_dir: Path, raw_dir: Path, compiled_on: str, land: str = "08") -> list[Path]:
    """Write the Zensus 2022 municipal extract of ``land`` with its sidecar."""
    official = locate_official_file(source_dir, ZENSUS_FILE)
    frame = read_zensus2022_gemeinden(official.path, land)
    meta = _meta(
        source_id="zensus2022_gemeinden",
        title="Zensus 2022: Bevölkerung, Ausländeranteil, Anteil mit Migrationshintergrund, Haushalte und "
        "Wohnungen nach Gemeinden",
        publisher="Statistische Ämter des Bundes und der Länder (Zensus 2022)",
        table_code="Zensus 2022, Gemeindeergebnisse (Export aus GERDA 0.6.0, sysdata.rda)",
        reference_date=ZENSUS_DATE,
        source_url="https://ergebnisse.zensus2022.de",
        citation=f"Statistische Ämter des Bundes und der Länder: Zensus 2022, Stichtag 15.05.2022; {GERDA_CITATION}",
        original_file=official.path.name,
        original_sha256=official.sha256,
        retrieved_from=official.retrieved_from,
        compiled_on=compiled_on,
        coverage=f"Land {land}: {frame['ags'].nunique()} Gemeinden",
        notes=[
            "Anteile wie veröffentlicht (eine Nachkommastelle); keine Zählungen von Ausländerinnen und Ausländern.",
            "Leere Felder veröffentlicht die Quelle nicht (Geheimhaltung, kleine Fallzahlen): Kennzeichen 'na'.",
            "Zensus-Ergebnisse sind mit dem Cell-Key-Verfahren geheim gehalten (leicht verrauscht).",
            "Die Altersgruppen- und Gebäudeanteile des GERDA-Exports sind fehlerhaft und nicht übernommen.",
        ],
    )
    return [write_extract(frame, meta, raw_dir, "zensus2022_gemeinden")]


def import_inkar(
    source_dir: Path, raw_dir: Path, compiled_on: str, kreis_names: dict[str, str], land: str = "08"
) -> list[Path]:
    """Write the INKAR Kreis extract of ``land`` with its sidecar (labels of all indicators in it).

    ``kreis_names``: official Kreis names by key (from the municipality register).
    """
    official = locate_official_file(source_dir, INKAR_FILE)
    codebook_file = locate_official_file(source_dir, INKAR_CODEBOOK)
    codebook = read_inkar_codebook(codebook_file.path)
    frame = read_inkar_kreise(official.path, codebook, kreis_names, land)
    years = sorted(frame["date"].unique())
    meta = _meta(
        source_id="inkar_kreise",
        title="INKAR – Indikatoren und Karten zur Raum- und Stadtentwicklung: Kreisindikatoren 1995–2022",
        publisher="Bundesinstitut für Bau-, Stadt- und Raumforschung (BBSR)",
        table_code="INKAR, Kreise (Gebietsstand 2021); Indikatoren laut codebook.csv",
        reference_date=f"{years[0]}/{years[-1]}",
        source_url="https://www.inkar.de",
        citation=f"BBSR: INKAR, Ausgabe mit Daten bis 2022; {GERDA_CITATION}",
        original_file=official.path.name,
        original_sha256=official.sha256,
        retrieved_from=official.retrieved_from,
        compiled_on=compiled_on,
        coverage=f"Land {land}: {frame['ags'].nunique()} Kreise, Jahre {years[0]}–{years[-1]}",
        variables={
            inkar_variable(row.variable): f"{row.label} (INKAR {row.inkar_code})" for row in codebook.itertuples()
        },
        notes=[
            "Der Ausländeranteil (a_ausl_bev) stammt aus der Bevölkerungsfortschreibung, nicht aus dem Zensus.",
            "Leere Felder: von INKAR für dieses Jahr nicht ausgewiesen (Kennzeichen 'na').",
            "Kreisnamen sind im Export nicht enthalten; sie kommen aus dem Gemeindeverzeichnis.",
        ],
    )
    return [write_extract(frame, meta, raw_dir, "inkar_kreise")]
