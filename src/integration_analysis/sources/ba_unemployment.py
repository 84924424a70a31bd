"""Importer of the Bundesagentur für Arbeit table "Arbeitslose nach Gemeinden", Jahreszahlen (gem21).

Owns reading the BA's yearly files ``official/ba-arbeitslose-gemeinden/<year>jz-gem21_d_0.csv`` and writing
one raw extract per year, ``ba_arbeitslose_gemeinden_<year>``, with the rows of one Land, its Kreise and its
Gemeinden (Regierungsbezirke and the other Länder are read and checked, but not written).

The published layout: Latin-1, comma separated; seven header lines (title, subtitle, area list, period, legal
scopes, column headings, age groups; quoted cells hold line breaks); a line of column numbers
``Schlüssel,Gemeinde,1 ,2 ,…``; data rows of key (empty for Deutschland, 2 digits Land, 3 Regierungsbezirk,
5 Kreis, 8 Gemeinde), name and counts written like ``"3,036 "``; a footer ``© Statistik der Bundesagentur für
Arbeit`` / ``Datenstand: …`` (a file without both footer lines is cut off and refused). The column structure
(scopes, totals, "darunter Ausländer", age groups) is read from the header, because the age groups change
between years ("50 bis unter 65 Jahre" until 2014, "50 Jahre und älter" in 2015). An empty cell is a figure
the BA does not publish: it stays missing with flag ``na``.

The reader is strict: every deviation from that layout is an ``InputError`` naming the file, the line as an
editor shows it (header cells with line breaks count as several lines) and the column by its printed number.
Only whitespace around keys, names and numbers is dropped (the BA pads them) and the thousands commas removed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import InputError
from ..core.provenance import SourceMeta
from .extract import write_extract
from .official import locate_official_file
from .text import decode_text

PUBLISHER = "Statistik der Bundesagentur für Arbeit"
TABLE_CODE = "Arbeitslose nach Gemeinden (gem21), Jahreszahlen"
LICENCE = "© Statistik der Bundesagentur für Arbeit; Nutzung mit Quellenangabe gestattet"
LICENCE_URL = "https://statistik.arbeitsagentur.de/DE/Statischer-Content/Footer/Nutzungsbedingungen.html"
SOURCE_URL = (
    "https://statistik.arbeitsagentur.de/SiteGlobals/Forms/Suche/Einzelheftsuche_Formular.html"
    "?topic_f=gemeinde-arbeitslose"
)
OFFICIAL_FOLDER = "ba-arbeitslose-gemeinden"
IMPORTER = "integration_analysis.sources.ba_unemployment"

_TITLE = "Arbeitslose nach Gemeinden"
_SUBTITLE = "Bestand an Arbeitslosen"
_HEADER_LINES = 7
_KEY_HEADING, _NAME_HEADING = "Schlüssel", "Gemeinde"
_FOOTER_MARK, _DATA_STATUS = "©", "Datenstand"
#: Legal scope as printed above its columns → prefix of the ``group`` (none for SGB III and II together).
_SCOPES: dict[str, str] = {
    "Rechtskreise SGB III und SGB II": "",
    "Rechtskreis SGB III": "sgb3_",
    "Rechtskreis SGB II": "sgb2_",
}
#: Heading of a total column → variable.
_TOTALS: dict[str, str] = {"insgesamt": "unemployed", "darunter Ausländer": "unemployed_foreigners"}
_AGE_HEADING = re.compile(r"ausgewählte Altersgruppen dar\. \(Spalte (\d+)\)")
_AGE_RANGE = re.compile(r"(\d+) bis unter (\d+) Jahre")
_AGE_OPEN = re.compile(r"(\d+) Jahre und älter")
_PERIOD = re.compile(r"(?:Jahresdurchschnitt|Jahreszahlen(?:/-durchschnitte)?) (\d{4})")
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_KEY_LEVELS: dict[int, str] = {2: "land", 3: "regierungsbezirk", 5: "kreis", 8: "gemeinde"}


@dataclass(frozen=True)
class _Column:
    """One numbered column of the table, as its header describes it."""

    index: int  # position in the record
    number: str  # its label in the column-number line ("6")
    heading: str  # "Rechtskreis SGB III: darunter Ausländer, 15 bis unter 20 Jahre"
    variable: str
    group: str
    total_index: int | None  # the column this one is a part of


@dataclass(frozen=True)
class _Record:
    line: int  # first physical line of the record
    cells: list[str]


@dataclass(frozen=True)
class BaTable:
    """One BA file read and checked: the extract rows of one Land and what the provenance needs."""

    frame: pd.DataFrame
    year: str
    period: str  # as printed: "Jahreszahlen/-durchschnitte 2015"
    subtitle: str  # "Bestand an Arbeitslosen nach Rechtskreisen - Insgesamt"
    data_status: str  # "Datenstand: Juli 2012"
    age_groups: dict[str, str]  # printed label → group suffix
    notes: list[str]


def _text(cell: str) -> str:
    """A header cell as one line: hyphenation at a line break joined, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "", cell)).strip()


def _records(text: str, path: Path) -> list[_Record]:
    first_line = text.split("\n", 1)[0]
    if first_line.count(";") > first_line.count(","):
        raise InputError(path, "semicolon-separated; the BA file is comma-separated", line=1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[_Record] = []
    start = 1
    try:
        for cells in reader:
            records.append(_Record(start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc
    return records


def _split(records: list[_Record], path: Path) -> tuple[list[_Record], _Record, list[_Record], str]:
    """Header records, column-number record, data records and the Datenstand text; checks the footer."""
    footer = next((i for i, r in enumerate(records) if r.cells and r.cells[0].strip().startswith(_FOOTER_MARK)), None)
    if footer is None:
        cells = len(records[-1].cells)
        raise InputError(
            path,
            f"no footer line starting with {_FOOTER_MARK!r} (© Statistik der Bundesagentur "
            "für Arbeit): the file may be truncated",
            line=records[-1].line,
            column=str(cells - 2) if cells > 2 else (_KEY_HEADING, _NAME_HEADING)[max(cells, 1) - 1],
        )
    data_status = ""
    for record in records[footer + 1 :]:
        first = record.cells[0].strip() if record.cells else ""
        if first.startswith(_DATA_STATUS) and not data_status:
            data_status = first
        elif any(cell.strip() for cell in record.cells):
            raise InputError(path, f"unexpected content after the footer: {first!r}", line=record.line)
    if not data_status:
        raise InputError(
            path,
            f"the footer has no line {_DATA_STATUS!r} after the © line: the file is cut off",
            line=records[-1].line,
            column=_KEY_HEADING,
        )
    numbers = next((i for i, r in enumerate(records[:footer]) if r.cells and r.cells[0].strip() == _KEY_HEADING), None)
    if numbers is None:
        raise InputError(
            path,
            f"no column-number line '{_KEY_HEADING},{_NAME_HEADING},1,2,…' before the footer: not the BA layout",
            line=1,
        )
    if numbers != _HEADER_LINES:
        raise InputError(
            path,
            f"expected {_HEADER_LINES} header lines before the column-number line, found {numbers}",
            line=records[numbers].line,
        )
    return records[:numbers], records[numbers], records[numbers + 1 : footer], data_status


def _check_width(records: list[_Record], width: int, path: Path) -> None:
    for record in records:
        if len(record.cells) != width:
            raise InputError(
                path,
                f"expected {width} fields (key, name and {width - 2} numbered columns), found {len(record.cells)}",
                line=record.line,
            )


def _age_group(label: str) -> str | None:
    """'15 bis unter 20 Jahre' → 'age_15_to_19', '50 Jahre und älter' → 'age_50_plus'."""
    if match := _AGE_RANGE.fullmatch(label):
        return f"age_{match.group(1)}_to_{int(match.group(2)) - 1}"
    if match := _AGE_OPEN.fullmatch(label):
        return f"age_{match.group(1)}_plus"
    return None


def _columns(header: list[_Record], numbers: _Record, path: Path) -> tuple[list[_Column], dict[str, str]]:
    """Read the three scopes × (total, age groups, darunter Ausländer, age groups) from the header lines."""
    labels = [cell.strip() for cell in numbers.cells]
    if labels[1] != _NAME_HEADING:
        raise InputError(
            path,
            f"expected {_NAME_HEADING!r} as second heading of the column-number line, found {labels[1]!r}",
            line=numbers.line,
            column=_NAME_HEADING,
        )
    expected = [str(n) for n in range(1, len(labels) - 1)]
    if labels[2:] != expected:
        wrong = next(i for i, (got, want) in enumerate(zip(labels[2:], expected, strict=True)) if got != want)
        raise InputError(
            path,
            f"the column numbers must run 1 … {len(expected)}, found {labels[2 + wrong]!r}",
            line=numbers.line,
            column=expected[wrong],
        )
    scope_row, heading_row, age_row = header[4], header[5], header[6]

    scope_of: dict[int, str] = {}
    scope = ""
    for index in range(2, len(labels)):
        printed = _text(scope_row.cells[index])
        if printed:
            if printed not in _SCOPES:
                raise InputError(
                    path,
                    f"unknown legal scope {printed!r}; expected one of {list(_SCOPES)}",
                    line=scope_row.line,
                    column=labels[index],
                )
            if printed in scope_of.values():
                raise InputError(
                    path,
                    f"the legal scope {printed!r} is printed twice",
                    line=scope_row.line,
                    column=labels[index],
                )
            scope = printed
        elif not scope:
            raise InputError(
                path,
                "the first numbered column has no legal scope above it",
                line=scope_row.line,
                column=labels[index],
            )
        scope_of[index] = scope
    missing = [s for s in _SCOPES if s not in scope_of.values()]
    if missing:
        raise InputError(path, f"the header lacks the legal scope {missing[0]!r}", line=scope_row.line)

    columns: list[_Column] = []
    ages: dict[str, str] = {}
    totals: dict[tuple[str, str], int] = {}  # (scope, variable) → index of its total column
    numbered: dict[tuple[str, str], int] = {}  # (scope, column number) → index of a total column
    parent: int | None = None  # total column of the current age-group heading
    for index in range(2, len(labels)):
        scope, number = scope_of[index], labels[index]
        prefix = _SCOPES[scope]
        heading = _text(heading_row.cells[index])
        age_label = _text(age_row.cells[index])
        if heading in _TOTALS:
            if age_label:
                raise InputError(
                    path,
                    f"a total column has an age group {age_label!r} below it",
                    line=age_row.line,
                    column=number,
                )
            variable = _TOTALS[heading]
            total = totals.get((scope, "unemployed")) if variable == "unemployed_foreigners" else None
            if variable == "unemployed_foreigners" and total is None:
                raise InputError(
                    path,
                    "'darunter Ausländer' without an 'insgesamt' column before it",
                    line=heading_row.line,
                    column=number,
                )
            totals.setdefault((scope, variable), index)
            numbered[(scope, number)] = index
            parent = None
            columns.append(_Column(index, number, f"{scope}: {heading}", variable, f"{prefix}total", total))
            continue
        if heading:
            match = _AGE_HEADING.fullmatch(heading)
            parent = numbered.get((scope, match.group(1))) if match else None
            if parent is None:
                raise InputError(
                    path,
                    f"unexpected column heading {heading!r} (expected 'insgesamt', 'darunter "
                    "Ausländer' or 'ausgewählte Altersgruppen dar. (Spalte N)' with N a total "
                    "column of the same legal scope)",
                    line=heading_row.line,
                    column=number,
                )
        elif parent is None or scope_of[parent] != scope:
            raise InputError(path, "column without heading", line=heading_row.line, column=number)
        suffix = _age_group(age_label)
        if suffix is None:
            raise InputError(
                path,
                f"unknown age group {age_label!r} (expected 'A bis unter B Jahre' or 'A Jahre und älter')",
                line=age_row.line,
                column=number,
            )
        ages[age_label] = suffix
        total_column = columns[parent - 2]
        columns.append(
            _Column(
                index,
                number,
                f"{total_column.heading}, {age_label}",
                total_column.variable,
                f"{prefix}{suffix}",
                parent,
            )
        )

    seen: dict[tuple[str, str], str] = {}
    for column in columns:
        key = (column.variable, column.group)
        if key in seen:
            raise InputError(
                path,
                f"{column.heading!r} repeats column {seen[key]}",
                line=heading_row.line,
                column=column.number,
            )
        seen[key] = column.number
    for scope, prefix in _SCOPES.items():
        for heading, variable in _TOTALS.items():
            if (variable, f"{prefix}total") not in seen:
                raise InputError(path, f"the header lacks the column {heading!r} of {scope!r}", line=heading_row.line)
    return columns, ages


def _period(header: list[_Record], path: Path) -> tuple[str, str, str, list[str]]:
    """Year, period and subtitle from the header lines, checked against the title line and the file name."""
    title = _text(" ".join(header[0].cells))
    if not title.startswith(_TITLE):
        raise InputError(
            path,
            f"the title line does not start with {_TITLE!r}: not the BA table '{_TITLE}'",
            line=header[0].line,
        )
    subtitle = _text(" ".join(header[1].cells))
    if not subtitle.startswith(_SUBTITLE):
        raise InputError(path, f"the second line does not start with {_SUBTITLE!r}", line=header[1].line)
    period = _text(" ".join(header[3].cells))
    match = _PERIOD.fullmatch(period)
    if match is None:
        raise InputError(
            path,
            f"the period line {period!r} is not 'Jahresdurchschnitt YYYY' or 'Jahreszahlen "
            "YYYY': only the yearly tables are read here",
            line=header[3].line,
        )
    year = match.group(1)
    notes = []
    for other in _YEAR_IN_NAME.findall(title):
        if other != year:
            raise InputError(path, f"the title line says {other}, the period line {year}", line=header[0].line)
    # 2013 is titled "Dezember 2013" above the period line "Jahreszahlen 2013": record such a contradiction
    extra = title[len(_TITLE) :].strip()
    if extra and not _PERIOD.fullmatch(extra):
        notes.append(
            f"The title line reads {title!r}, the period line {period!r}; the period line is taken as "
            "the reference period."
        )
    for other in _YEAR_IN_NAME.findall(path.name):
        if other != year:
            raise InputError(path, f"the file name says {other}, the header {year}", line=header[3].line)
    return year, period, subtitle, notes


def _bad_count(cell: str) -> str:
    if re.fullmatch(rf"\s*-\s*(?:{_COUNT.pattern})\s*", cell):
        return f"negative number {cell!r}; counts of persons are never negative"
    return f"not a count in the published format (digits, comma as thousands separator, e.g. '3,036 '): {cell!r}"


def _counts(rows: list[_Record], columns: list[_Column], path: Path) -> np.ndarray:
    """The numbered cells of ``rows`` as floats (NaN where empty); every other cell is an error."""
    cells = [cell for row in rows for cell in row.cells[2:]]
    # a file holds few distinct cell texts: check and convert each once, then spread by the codes
    codes, texts = pd.factorize(pd.Series(cells, dtype=object))
    numbers = np.full(len(texts), np.nan)
    valid = np.ones(len(texts), dtype=bool)
    for position, text in enumerate(texts):
        stripped = text.strip()
        if _COUNT.fullmatch(stripped):
            numbers[position] = float(stripped.replace(",", ""))
        elif stripped:
            valid[position] = False
    width = len(columns)
    bad = np.flatnonzero(~valid[codes])
    if len(bad):
        row, col = divmod(int(bad[0]), width)
        raise InputError(path, _bad_count(cells[bad[0]]), line=rows[row].line, column=columns[col].number)
    matrix = numbers[codes].reshape(len(rows), width)
    worst: tuple[int, int] | None = None
    for col, column in enumerate(columns):
        if column.total_index is None:
            continue
        total_col = column.total_index - 2
        over = np.flatnonzero(matrix[:, col] > matrix[:, total_col])
        if len(over) and (worst is None or (over[0], col) < worst):
            worst = (int(over[0]), col)
    if worst is not None:
        row, col = worst
        total = columns[columns[col].total_index - 2]
        raise InputError(
            path,
            f"{columns[col].heading!r} ({matrix[row, col]:g}) is greater than its total "
            f"{total.heading!r} in column {total.number} ({matrix[row, total.index - 2]:g})",
            line=rows[row].line,
            column=columns[col].number,
        )
    return matrix


def _keys(rows: list[_Record], path: Path) -> tuple[list[str], list[str]]:
    """Keys and names of the data rows; the key is digits of a known length and unique."""
    keys: list[str] = []
    names: list[str] = []
    first_line: dict[str, int] = {}
    for position, row in enumerate(rows):
        key, name = row.cells[0].strip(), row.cells[1].strip()
        if not re.fullmatch(r"\d*", key):
            raise InputError(path, f"the key {key!r} is not all digits", line=row.line, column=_KEY_HEADING)
        if len(key) not in _KEY_LEVELS and not (key == "" and position == 0):
            raise InputError(
                path,
                f"the key {key!r} has {len(key)} digits; expected 2 (Land), 3 "
                "(Regierungsbezirk), 5 (Kreis) or 8 (Gemeinde), or none for Deutschland in the "
                "first row",
                line=row.line,
                column=_KEY_HEADING,
            )
        if key in first_line:
            raise InputError(
                path,
                f"duplicate key {key!r} (first on line {first_line[key]})",
                line=row.line,
                column=_KEY_HEADING,
            )
        if not name:
            raise InputError(path, "the area name is empty", line=row.line, column=_NAME_HEADING)
        first_line[key] = row.line
        keys.append(key)
        names.append(name)
    return keys, names


def read_ba_table(path: Path, land: str = "08") -> BaTable:
    """Read and check one BA file completely; keep the Land ``land``, its Kreise and its Gemeinden."""
    path = Path(path)
    if not re.fullmatch(r"\d{2}", land):
        raise ValueError(f"land must be a two-digit key such as '08', got {land!r}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc}") from exc
    records = _records(
        decode_text(raw, path, "the BA publishes these tables as Latin-1 text (save it as Latin-1 or UTF-8)")[0], path
    )
    header, numbers, rows, data_status = _split(records, path)
    width = len(numbers.cells)
    _check_width([*header, numbers, *rows], width, path)
    if not rows:
        raise InputError(path, "the table has no data rows", line=numbers.line + 1)
    columns, ages = _columns(header, numbers, path)
    year, period, subtitle, notes = _period(header, path)
    keys, names = _keys(rows, path)
    matrix = _counts(rows, columns, path)

    key_series = pd.Series(keys)
    lengths = key_series.str.len()
    keep = (key_series == land) | (lengths.isin([5, 8]) & key_series.str.startswith(land))
    if not (key_series == land).any():
        raise InputError(path, f"no row for the Land {land!r}", column=_KEY_HEADING)
    kept = np.flatnonzero(keep.to_numpy())
    n_cols = len(columns)
    values = matrix[kept].reshape(-1)
    frame = pd.DataFrame(
        {
            "ags": np.repeat(key_series.to_numpy()[kept], n_cols),
            "area_name": np.repeat(np.array(names, dtype=object)[kept], n_cols),
            "area_level": np.repeat(lengths.map(_KEY_LEVELS).to_numpy()[kept], n_cols),
            "date": year,
            "variable": np.tile([c.variable for c in columns], len(kept)),
            "group": np.tile([c.group for c in columns], len(kept)),
            "value": values,
            "flag": np.where(np.isnan(values), "na", ""),
            "unit": "persons",
            "basis": "ba_statistics",
            "row_source": "",
            "quote": "",
        }
    )
    return BaTable(frame, year, period, subtitle, data_status, ages, notes)


def read_ba_unemployment(path: Path, land: str = "08") -> tuple[pd.DataFrame, str]:
    """Read one BA file: the extract rows of the Land ``land``, its Kreise and Gemeinden, and the year."""
    table = read_ba_table(path, land)
    return table.frame, table.year


def _coverage(frame: pd.DataFrame) -> str:
    areas = frame.drop_duplicates("ags")
    count = areas["area_level"].value_counts()
    land = areas.loc[areas["area_level"] == "land", "area_name"].iloc[0]
    figures = len(frame) // len(areas)
    return (
        f"{land}: {count.get('land', 0)} Land row, {count.get('kreis', 0)} Kreise, "
        f"{count.get('gemeinde', 0)} Gemeinden; {figures} figures per area"
    )


def _city_note(frame: pd.DataFrame) -> list[str]:
    """Kreisfreie Städte are printed as a Gemeinde row only: name them so nobody looks for their Kreis row."""
    areas = frame.drop_duplicates("ags")
    kreise = set(areas.loc[areas["area_level"] == "kreis", "ags"])
    gemeinden = areas[areas["area_level"] == "gemeinde"]
    cities = gemeinden[~gemeinden["ags"].str[:5].isin(kreise)]
    if cities.empty:
        return []
    names = ", ".join(f"{name} ({ags})" for ags, name in zip(cities["ags"], cities["area_name"], strict=True))
    return [f"Stadtkreise have no Kreis row in the file, only their Gemeinde row: {names}."]


def _meta(table: BaTable, original_file: str, sha256: str, retrieved_from: str, compiled_on: str) -> SourceMeta:
    ages = ", ".join(f"'{label}' → {group}" for label, group in table.age_groups.items())
    missing = int((table.frame["flag"] == "na").sum())
    status = f" ({table.data_status})" if table.data_status else ""
    notes = [
        "Yearly averages (Jahresdurchschnitte) of the monthly counts, rounded per area: parts do not add up "
        "exactly (the Gemeinden of a Kreis may sum to a few persons more or less than the Kreis row, SGB III "
        "plus SGB II to one more or less than both together).",
        f"Empty cells are figures the BA does not publish (small counts): kept missing with flag 'na', never "
        f"zero ({missing} of {len(table.frame)} figures here).",
        "group: 'total' and age groups for Rechtskreise SGB III und SGB II together; prefix 'sgb3_' for "
        "Rechtskreis SGB III, 'sgb2_' for Rechtskreis SGB II. Age groups as printed: " + ages + ".",
        "Regierungsbezirke and the other Länder are in the file but not in this extract.",
        *_city_note(table.frame),
        *table.notes,
    ]
    if table.data_status:
        notes.append(f"{table.data_status} (as printed in the footer).")
    return SourceMeta(
        source_id=f"ba_arbeitslose_gemeinden_{table.year}",
        title=f"{_TITLE}, {table.period}: {table.subtitle}",
        publisher=PUBLISHER,
        table_code=TABLE_CODE,
        reference_date=table.year,
        licence=LICENCE,
        licence_url=LICENCE_URL,
        source_url=SOURCE_URL,
        citation=f"{PUBLISHER}: {_TITLE}, Jahreszahlen {table.year}{status}",
        original_file=original_file,
        original_sha256=sha256,
        retrieved_from=retrieved_from,
        compiled_on=compiled_on,
        importer=IMPORTER,
        coverage=_coverage(table.frame),
        notes=notes,
    )


def import_ba_unemployment(source_dir: Path, raw_dir: Path, compiled_on: str, land: str = "08") -> list[Path]:
    """Write one raw extract with sidecar per file in ``official/ba-arbeitslose-gemeinden``; return them."""
    folder = Path(source_dir) / "official" / OFFICIAL_FOLDER
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise FileNotFoundError(f"{folder}: no BA files (*.csv) found (is the shared data folder beside the project?)")
    tables: dict[str, tuple[BaTable, str, str, str]] = {}
    for file in files:
        official = locate_official_file(Path(source_dir), f"{OFFICIAL_FOLDER}/{file.name}")
        table = read_ba_table(official.path, land)
        if table.year in tables:
            raise InputError(official.path, f"a second file for {table.year} (the first is {tables[table.year][1]})")
        tables[table.year] = (table, file.name, official.sha256, official.retrieved_from)
    written = []
    for year, (table, name, sha256, origin) in sorted(tables.items()):
        meta = _meta(table, f"{OFFICIAL_FOLDER}/{name}", sha256, origin, compiled_on)
        written.append(write_extract(table.frame, meta, Path(raw_dir), f"ba_arbeitslose_gemeinden_{year}"))
    return written
