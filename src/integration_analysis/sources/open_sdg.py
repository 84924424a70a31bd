"""Importer of the Enzkreis' own sustainability indicators (``secondary/enzkreis-open-sdg``, Open SDG platform).

Three indicator files of goal 10, each a small UTF-8 CSV with a ``Year`` and a ``Value`` column and one
column per disaggregation, and a ``meta/<id>.md`` page that names the source:

- 10-4: naturalisations in the Enzkreis 2007–2021 by sex (``Geschlecht``) and, in separate rows, by age group
  (``Alter``); source named: Statistisches Landesamt Baden-Württemberg. No total row: the sex rows and the
  age rows of a year must add up to the same number, which is checked.
- 10-2 and 10-3: the relative employment rate of foreigners and the relative school drop-out rate of foreign
  pupils, Enzkreis and Land; source named: Bertelsmann Stiftung / Wegweiser Kommune.

Each becomes one extract marked ``secondary: true`` (no data licence is stated; the sidecar cites the Kreis
and the source it names). They are never merged into an official series. Every problem is an ``InputError``
with file, line and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.errors import InputError
from ..core.provenance import SourceMeta
from ..core.schema import EXTRACT_COLUMNS
from .extract import write_extract
from .genesis import coverage_text
from .official import locate_official_file
from .text import decode_text

FOLDER = "secondary"
SUBDIR = "enzkreis-open-sdg"
PREFIX = "secondary_enzkreis_open_sdg"
PLATFORM = "Landratsamt Enzkreis, Open-SDG-Plattform (Nachhaltigkeitsindikatoren des Enzkreises)"
PLATFORM_URL = "https://github.com/DrJannisHoek/sdg-enz-staging-data"
NO_LICENCE = "keine Datenlizenz angegeben (Plattform des Enzkreises; Quelle laut Enzkreis zitieren)"
#: Region as written in the files → (AGS, area level, area name).
REGIONS = {"Enzkreis": ("08236", "kreis", "Enzkreis"), "Land BW": ("08", "land", "Baden-Württemberg")}

_YEAR = re.compile(r"(19|20)\d{2}")
_COUNT = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+(\.\d+)?")
_LISTED = re.compile(r"(?P<repo>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]+):(?P<path>\S+)")
_SOURCE_TYPE = re.compile(r"^SOURCE_TYPE:\s*(?P<source>[^#\n]+?)\s*(#.*)?$", re.M)


@dataclass(frozen=True)
class Indicator:
    """One indicator file and what its rows become."""

    number: str
    stem: str
    title: str
    variable: str
    unit: str
    basis: str
    #: The header of the file, exactly.
    columns: tuple[str, ...]
    #: Disaggregation column → {value in the file → group}; rows are keyed by the one that is filled.
    groups: dict[str, dict[str, str]]
    #: The column naming the region (Enzkreis only where there is none).
    region_column: str = ""
    #: The constant label column of a rate file and its only value.
    label: tuple[str, str] = ("", "")
    #: The ``Units`` value expected for each disaggregation column (10-4 only).
    units: dict[str, str] | None = None
    notes: tuple[str, ...] = ()

    @property
    def data_file(self) -> str:
        return f"{SUBDIR}/data/indicator_{self.number}.csv"

    @property
    def meta_file(self) -> str:
        return f"{SUBDIR}/meta/{self.number}.md"


NATURALISATIONS = Indicator(
    number="10-4",
    stem=f"{PREFIX}_naturalisations",
    title="Einbürgerungen im Enzkreis nach Geschlecht und nach Altersgruppen (Open-SDG-Indikator 10-4 des Enzkreises)",
    variable="naturalisations",
    unit="persons",
    basis="naturalisation_statistics",
    columns=("Year", "Units", "Geschlecht", "Alter", "Value"),
    groups={
        "Geschlecht": {"Frauen": "female", "Männer": "male"},
        "Alter": {
            "Unter 18-Jährige": "age_00_18",
            "18- bis unter 30-Jährige": "age_18_30",
            "30- bis unter 50-Jährige": "age_30_50",
            "50-Jährige und älter": "age_50_plus",
        },
    },
    units={"Geschlecht": "Anzahl der Personen nach Geschlecht", "Alter": "Anzahl der Personen nach Alter"},
    notes=(
        "Two breakdowns of the same naturalisations, by sex and by age group, with no total row: both add up to "
        "the same number every year (checked); a total is their sum and derived.",
    ),
)
RELATIVE_EMPLOYMENT = Indicator(
    number="10-2",
    stem=f"{PREFIX}_relative_employment_rate",
    title="Relative Beschäftigungsquote der Ausländerinnen und Ausländer, Enzkreis und Baden-Württemberg "
    "(Open-SDG-Indikator 10-2 des Enzkreises)",
    variable="relative_employment_rate_foreigners",
    unit="percent",
    basis="employment_statistics",
    columns=("Year", "Region", "Beschäftigungsquote", "Value"),
    groups={},
    region_column="Region",
    label=("Beschäftigungsquote", "Rel. Beschäftigungsquote bei Ausländer/-innen"),
    notes=(
        "A relative rate in % (100 = the same rate as the comparison group; above 100 is possible), computed by "
        "Wegweiser Kommune from official statistics.",
    ),
)
RELATIVE_DROPOUT = Indicator(
    number="10-3",
    stem=f"{PREFIX}_relative_dropout_rate",
    title="Relative Schulabbrecherquote ausländischer Schülerinnen und Schüler, Enzkreis und Baden-Württemberg "
    "(Open-SDG-Indikator 10-3 des Enzkreises)",
    variable="relative_dropout_rate_foreigners",
    unit="percent",
    basis="school_statistics",
    columns=("Year", "Region", "Schulabbrecherquote", "Value"),
    groups={},
    region_column="Region",
    label=("Schulabbrecherquote", "Rel. Schulabbrecherquote von Ausländern/-innen"),
    notes=(
        "A relative rate in % (100 = the same rate as the comparison group; above 100 is possible), computed by "
        "Wegweiser Kommune from official statistics.",
    ),
)
INDICATORS = (NATURALISATIONS, RELATIVE_EMPLOYMENT, RELATIVE_DROPOUT)


def _records(raw: bytes, path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    # the published files end without a line break, so a cut shows only as a short row or a broken sum
    text, _ = decode_text(raw, path, "save it as UTF-8")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader)
    for position, wanted in enumerate(columns):
        found = header[position] if position < len(header) else ""
        if found != wanted:
            raise InputError(path, f"expected the column {wanted!r} here", line=1, column=found or wanted)
    if len(header) != len(columns):
        raise InputError(path, "unexpected column", line=1, column=header[len(columns)])
    records, start = [], 2
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if len(cells) != len(columns):
                column = columns[len(cells)] if len(cells) < len(columns) else f"field {len(columns) + 1}"
                raise InputError(path, f"{len(cells)} fields, the header has {len(columns)}", line=line, column=column)
            records.append((line, dict(zip(columns, (c.strip() for c in cells), strict=True))))
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc
    if not records:
        raise InputError(path, "the file has a header but no rows", line=2)
    return records


def _group(indicator: Indicator, line: int, row: dict[str, str], path: Path) -> str:
    if not indicator.groups:
        column, expected = indicator.label
        if row[column] != expected:
            raise InputError(path, f"expected {expected!r}, found {row[column]!r}", line=line, column=column)
        return "total"
    filled = [column for column in indicator.groups if row[column]]
    if len(filled) != 1:
        raise InputError(
            path,
            f"exactly one of {', '.join(indicator.groups)} is filled in a row, here {len(filled)}",
            line=line,
            column=(filled[1] if filled else next(iter(indicator.groups))),
        )
    column = filled[0]
    if row[column] not in indicator.groups[column]:
        raise InputError(
            path,
            f"unknown {column} {row[column]!r}; known: {', '.join(indicator.groups[column])}",
            line=line,
            column=column,
        )
    if indicator.units and row["Units"] != indicator.units[column]:
        raise InputError(path, f"expected {indicator.units[column]!r} for a row by {column}", line=line, column="Units")
    return indicator.groups[column][row[column]]


def read_indicator(path: Path, indicator: Indicator) -> pd.DataFrame:
    """The extract rows of one indicator file; checks that every row is known and that the breakdowns agree."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc}") from exc
    rows, seen = [], {}
    for line, row in _records(raw, path, indicator.columns):
        if not _YEAR.fullmatch(row["Year"]):
            raise InputError(path, f"{row['Year']!r} is not a year", line=line, column="Year")
        pattern = _COUNT if indicator.unit == "persons" else _DECIMAL
        if not pattern.fullmatch(row["Value"]):
            kind = "a whole number" if indicator.unit == "persons" else "a number with a decimal point"
            raise InputError(path, f"{row['Value']!r} is not {kind}", line=line, column="Value")
        region = row.get(indicator.region_column, "Enzkreis") if indicator.region_column else "Enzkreis"
        if region not in REGIONS:
            raise InputError(path, f"unknown region {region!r}", line=line, column=indicator.region_column)
        group = _group(indicator, line, row, path)
        key = (region, row["Year"], group)
        if key in seen:
            raise InputError(path, f"the same figure as on line {seen[key]}", line=line, column="Value")
        seen[key] = line
        ags, level, name = REGIONS[region]
        rows.append((line, ags, name, level, row["Year"], group, float(row["Value"])))
    frame = pd.DataFrame(
        {
            "ags": [r[1] for r in rows],
            "area_name": [r[2] for r in rows],
            "area_level": [r[3] for r in rows],
            "date": [r[4] for r in rows],
            "variable": indicator.variable,
            "group": [r[5] for r in rows],
            "value": [r[6] for r in rows],
            "flag": "",
            "unit": indicator.unit,
            "basis": indicator.basis,
            "row_source": "",
            "quote": "",
        },
        columns=list(EXTRACT_COLUMNS),
    )
    _check_breakdowns(indicator, rows, path)
    return frame


def _check_breakdowns(indicator: Indicator, rows: list[tuple], path: Path) -> None:
    """Every year has every group of each breakdown, and each breakdown adds up to the same total."""
    if not indicator.groups:
        return
    by_year: dict[str, dict[str, tuple[int, float]]] = defaultdict(dict)
    for line, _, _, _, year, group, value in rows:
        by_year[year][group] = (line, value)
    for year, groups in sorted(by_year.items()):
        totals = []
        for column, mapping in indicator.groups.items():
            missing = [g for g in mapping.values() if g not in groups]
            first_line = min(line for line, _ in groups.values())
            if missing:
                raise InputError(
                    path, f"{year}: no row for {', '.join(missing)} (by {column})", line=first_line, column=column
                )
            totals.append(
                (column, sum(groups[g][1] for g in mapping.values()), max(groups[g][0] for g in mapping.values()))
            )
        if len({total for _, total, _ in totals}) > 1:
            shown = ", ".join(f"by {column} {total:g}" for column, total, _ in totals)
            raise InputError(
                path,
                f"{year}: the breakdowns do not add up to the same total ({shown})",
                line=totals[-1][2],
                column="Value",
            )


def named_source(meta_path: Path) -> str:
    """The source the indicator's meta page names (``SOURCE_TYPE:``)."""
    text, _ = decode_text(meta_path.read_bytes(), meta_path, "save it as UTF-8")
    match = _SOURCE_TYPE.search(text)
    if not match:
        raise InputError(meta_path, "the meta page names no source (no 'SOURCE_TYPE:' line)", column="SOURCE_TYPE")
    return match.group("source").strip()


def _github_url(retrieved_from: str) -> str:
    """The address of a file listed as ``owner/name@commit:path`` in the checksum list, else the platform's."""
    match = _LISTED.fullmatch(retrieved_from)
    return f"https://github.com/{match['repo']}/blob/{match['commit']}/{match['path']}" if match else PLATFORM_URL


def import_indicator(source_dir: Path, raw_dir: Path, compiled_on: str, indicator: Indicator) -> Path:
    """Write the extract of one indicator with its sidecar (secondary, no licence stated)."""
    data = locate_official_file(source_dir, indicator.data_file, folder=FOLDER)
    meta_page = locate_official_file(source_dir, indicator.meta_file, folder=FOLDER)
    frame = read_indicator(data.path, indicator)
    source = named_source(meta_page.path)
    years = sorted(frame["date"].unique())
    meta = SourceMeta(
        source_id=indicator.stem,
        title=indicator.title,
        publisher=f"{PLATFORM}; Quelle laut Enzkreis: {source}",
        table_code=f"Open-SDG-Indikator {indicator.number}",
        reference_date=f"{years[0]}/{years[-1]}",
        licence=NO_LICENCE,
        licence_url=PLATFORM_URL,  # no licence is stated: the platform is where the terms would be
        source_url=_github_url(data.retrieved_from),
        citation=f"Landratsamt Enzkreis, Nachhaltigkeitsindikator {indicator.number} (Open-SDG-Plattform); "
        f"Quelle laut Enzkreis: {source}",
        original_file=Path(indicator.data_file).name,
        original_sha256=data.sha256,
        retrieved_from=data.retrieved_from,
        compiled_on=compiled_on,
        importer=__name__,
        coverage=coverage_text(frame),
        secondary=True,
        notes=[
            "Secondary source: the Enzkreis' own indicator platform. Never merge into an official series; where an "
            "official table has the same figure, the official one is used.",
            f"No data licence is stated on the platform; cite the Enzkreis and the source it names ({source}).",
            f"Source named on the meta page {Path(indicator.meta_file).name} (sha256 {meta_page.sha256[:12]}…): "
            f"{source}.",
            *indicator.notes,
        ],
    )
    return write_extract(frame, meta, Path(raw_dir), indicator.stem)


def import_open_sdg(source_dir: Path, raw_dir: Path, compiled_on: str) -> list[Path]:
    """Import the three indicators; return the extracts written."""
    return [import_indicator(Path(source_dir), raw_dir, compiled_on, indicator) for indicator in INDICATORS]
