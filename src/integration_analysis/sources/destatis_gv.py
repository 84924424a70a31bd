"""Importer of the Destatis Gemeindeverzeichnis (GV-ISys) extracts ``DDMMYYYY_Auszug_GV.xlsx``.

This module owns reading those workbooks (sheet 2: one row per Land, Regierungsbezirk, Kreis, Gemeindeverband
and Gemeinde) and turning the Gemeinde rows (Satzart 60) of one Land into raw extracts: population total, male
and female, area in km² and population density, values as published; and, per edition, the area register of
the Land, its Kreise and municipalities with their names and Textkennzeichen (:mod:`.area_register`), from which
the regions of the reports are built. Columns are found by their header labels,
the reference date is read from the title row and checked against the file name, and every malformed figure
is an ``InputError`` with file, spreadsheet row and column label.

Kept out of the figures: the aggregate rows (they carry none; Kreis and Land totals are sums of the
municipalities; the Land and Kreis rows give the register its names), the Gemeindeverband rows (Satzart 50) and
the gemeindefreie Gebiete (Satzart 60 with Textkennzeichen 65/66), which are not municipalities. A sheet
without the footnotes its header refers to (they follow the last data row) is cut off and refused.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..core.errors import InputError
from ..core.provenance import LICENCE_DL_DE_BY_2_0, LICENCE_DL_DE_BY_2_0_URL, SourceMeta
from ..core.schema import EXTRACT_COLUMNS, OFFICIAL_MARKERS
from .area_register import RegisterArea, register_source_id, write_area_register
from .extract import write_extract
from .official import locate_official_file

SOURCE_SUBDIR = "destatis-gv"
FILE_PATTERN = "*_Auszug_GV.xlsx"
PUBLISHER = "Statistisches Bundesamt (Destatis), im Auftrag der Statistischen Ämter des Bundes und der Länder"
TABLE_CODE = "Gemeindeverzeichnis GV-ISys, Auszug (Gemeinden mit Fläche, Bevölkerung, Postleitzahl)"
SOURCE_URL = "https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/_inhalt.html"
BASIS = "update_census_2011"
BASIS_NOTE = (
    "Bevölkerung auf Grundlage des Zensus 2011 (Fortschreibung); Kreis- und Landessummen sind Summen der Gemeinden"
)

#: The data sit on the second sheet (its name changes from edition to edition).
DATA_SHEET = 1
#: The header rows are searched for the 'Satzart' label within this many rows from the top.
HEADER_SEARCH_ROWS = 12
GEMEINDE = "60"
LAND_RECORD = "10"
KREIS_RECORD = "40"
#: Textkennzeichen of the Satzart-60 rows that are gemeindefreie Gebiete, not municipalities.
FREE_AREA_CODES: dict[str, str] = {"65": "bewohnt", "66": "unbewohnt"}
#: Reference dates of editions counting on the Zensus 2011 basis (after the census day, before the Zensus 2022
#: based editions from 31.12.2024 on).
BASIS_DATES = (dt.date(2011, 5, 10), dt.date(2023, 12, 31))

_TITLE_DATE = re.compile(r"\bam\s+(\d{1,2})\.(\d{1,2})\.(\d{4})")
_NAME_DATE = re.compile(r"^(\d{2})(\d{2})(\d{4})_")
_FOOTNOTE = re.compile(r"\d+\)")


@dataclass(frozen=True)
class _Spec:
    """A column to find: its group label in the header row and, if it has one, its label in the row below."""

    key: str
    group: str
    sub: str | None
    #: The label as the publisher writes it, used in error messages when the column is absent.
    label: str


_SPECS: tuple[_Spec, ...] = (
    _Spec("satzart", "satzart", None, "Satz-art"),
    _Spec("kennzeichen", "textkennzeichen", None, "Text-kenn-zeichen"),
    _Spec("land", "regionalschlüssel", "land", "Land"),
    _Spec("rb", "regionalschlüssel", "rb", "RB"),
    _Spec("kreis", "regionalschlüssel", "kreis", "Kreis"),
    _Spec("gem", "regionalschlüssel", "gem", "Gem"),
    _Spec("name", "gemeindename", None, "Gemeindename"),
    _Spec("area", "fläche", None, "Fläche km2"),
    _Spec("total", "bevölkerung", "insgesamt", "insgesamt"),
    _Spec("male", "bevölkerung", "männlich", "männlich"),
    _Spec("female", "bevölkerung", "weiblich", "weiblich"),
    _Spec("density", "bevölkerung", "jekm2", "je km2"),
)
#: Key parts of the regional key and their length; the AGS is their concatenation.
_KEY_PARTS: dict[str, int] = {"land": 2, "rb": 1, "kreis": 2, "gem": 3}
#: Figure columns → (variable, group, unit, whole number).
_FIGURES: dict[str, tuple[str, str, str, bool]] = {
    "total": ("population", "total", "persons", True),
    "male": ("population", "male", "persons", True),
    "female": ("population", "female", "persons", True),
    "area": ("area", "total", "km2", False),
    "density": ("population_density", "total", "persons_per_km2", False),
}


@dataclass(frozen=True)
class _Column:
    index: int
    #: The header text as published (line breaks and runs of spaces collapsed).
    label: str


@dataclass(frozen=True)
class GvTable:
    """One GV edition read for one Land: the extract frame and what its sidecar needs to say."""

    frame: pd.DataFrame
    reference_date: str
    title: str
    land_name: str
    municipalities: int
    #: Skipped gemeindefreie Gebiete: "08317971 Rheinau, gemeindefreies Gebiet (unbewohnt, Einwohner: 0)"
    free_areas: list[str]
    #: Names of the Land's Kreise (Satzart 40 rows) by 5-digit key.
    kreise: dict[str, str]
    #: The Land, its Kreise and its municipalities with name and Textkennzeichen (the area register).
    areas: list[RegisterArea]


def _plain(value: Any) -> str:
    """A header cell as one line of text."""
    return " ".join(str(value).split()) if value is not None else ""


def _norm(value: Any) -> str:
    """Header text for matching: lower case, without footnote markers, hyphens and white space."""
    return re.sub(r"[\s\-]+", "", _FOOTNOTE.sub("", _plain(value))).lower()


def _cell(row: Sequence[Any], index: int) -> Any:
    return row[index] if index < len(row) else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _load_rows(path: Path) -> tuple[str, list[tuple[Any, ...]]]:
    """The name and all rows (index 0 = spreadsheet row 1) of the data sheet."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise InputError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    try:
        if len(workbook.worksheets) <= DATA_SHEET:
            raise InputError(
                path,
                f"the data sheet (sheet {DATA_SHEET + 1}) is missing; the workbook has only {workbook.sheetnames}",
            )
        sheet = workbook.worksheets[DATA_SHEET]
        sheet.reset_dimensions()  # a wrong <dimension> record must not cut rows off
        return sheet.title, list(sheet.iter_rows(min_row=1, values_only=True))
    finally:
        workbook.close()


def _find_header(path: Path, sheet: str, rows: list[tuple[Any, ...]]) -> int:
    """0-based index of the header row (the one whose first cell reads 'Satzart')."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if row and _norm(_cell(row, 0)) == "satzart":
            return index
    raise InputError(
        path,
        f"sheet {sheet!r}: no header row with 'Satz-art' in column A in the first {HEADER_SEARCH_ROWS} rows",
        column="Satz-art",
    )


def _locate_columns(
    path: Path, sheet: str, group_row: Sequence[Any], sub_row: Sequence[Any], line: int
) -> dict[str, _Column]:
    """Match each ``_SPECS`` entry to exactly one column; ``line`` is the spreadsheet row of ``group_row``."""
    width = max(len(group_row), len(sub_row))
    groups: list[str] = []
    current = ""
    for index in range(width):
        label = _norm(_cell(group_row, index))
        current = label or current  # merged group cells are empty after their first column
        groups.append(current)
    columns: dict[str, _Column] = {}
    for spec in _SPECS:
        if spec.sub is None:
            hits = [i for i in range(width) if _norm(_cell(group_row, i)).startswith(spec.group)]
            row_line = line
        else:
            hits = [i for i in range(width) if spec.group in groups[i] and _norm(_cell(sub_row, i)) == spec.sub]
            row_line = line + 1
        if not hits:
            raise InputError(
                path,
                f"sheet {sheet!r}: header row {row_line} has no column labelled {spec.label!r}",
                line=row_line,
                column=spec.label,
            )
        if len(hits) > 1:
            letters = ", ".join(get_column_letter(i + 1) for i in hits)
            raise InputError(
                path,
                f"sheet {sheet!r}: {spec.label!r} labels several columns ({letters})",
                line=row_line,
                column=spec.label,
            )
        source = group_row if spec.sub is None else sub_row
        columns[spec.key] = _Column(hits[0], _plain(_cell(source, hits[0])))
    return columns


def _check_footnotes(path: Path, sheet: str, rows: list[tuple[Any, ...]], header: int, column: _Column) -> None:
    """Every footnote the header rows mark ('Fläche km2 1)') is explained below the last data row.

    The footnotes close every edition; a sheet cut off in its data (rows deleted from the end, or a partial
    copy) has none and is refused.
    """
    marks = {mark for row in rows[header : header + 3] for cell in row for mark in _FOOTNOTE.findall(_plain(cell))}
    last = max((i for i, row in enumerate(rows) if row and _text(_cell(row, 0)).isdigit()), default=header + 2)
    notes = [_plain(_cell(row, 0)) for row in rows[last + 1 :] if row]
    missing = sorted(mark for mark in marks if not any(note.startswith(mark) for note in notes))
    if missing:
        raise InputError(
            path,
            f"sheet {sheet!r}: the footnote {missing[0]} of the header is not below the last data row: the "
            "sheet is cut off",
            line=last + 1,
            column=column.label,
        )


def _reference_date(path: Path, title: str, line: int) -> str:
    """The ISO date of the title row ('... am 31.12.2023 (Jahr)'), checked against the file name."""
    match = _TITLE_DATE.search(title)
    if match is None:
        raise InputError(path, f"the title row names no reference date 'am TT.MM.JJJJ': {title!r}", line=line)
    day, month, year = (int(part) for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError as exc:
        raise InputError(path, f"the title's reference date {match.group(0)!r} is not a date", line=line) from exc
    named = _NAME_DATE.match(path.name)
    if named is not None:
        day_n, month_n, year_n = (int(part) for part in named.groups())
        if (year_n, month_n, day_n) != (year, month, day):
            raise InputError(
                path,
                f"the title says {date:%d.%m.%Y} but the file name says {day_n:02d}.{month_n:02d}.{year_n}",
                line=line,
            )
    if not BASIS_DATES[0] <= date <= BASIS_DATES[1]:
        raise InputError(
            path,
            f"reference date {date:%d.%m.%Y}: the importer knows the population basis (Zensus 2011) only "
            f"for {BASIS_DATES[0]:%d.%m.%Y}–{BASIS_DATES[1]:%d.%m.%Y}; editions from 31.12.2024 count on "
            "the Zensus 2022 basis and need their own basis label",
            line=line,
        )
    return date.isoformat()


def _figure(path: Path, value: Any, column: _Column, line: int, whole: bool) -> tuple[int | float | None, str]:
    """A published figure as (value, flag); an official marker gives (None, marker); anything else fails."""
    where = {"line": line, "column": column.label}
    letter = get_column_letter(column.index + 1)
    if isinstance(value, str) and value.strip() in OFFICIAL_MARKERS:
        return None, value.strip()
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(path, f"the figure is missing in a Gemeinde row (Excel column {letter})", **where)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(path, f"expected a number (Excel column {letter}), got {value!r}", **where)
    if value < 0:
        raise InputError(path, f"a negative figure {value!r} (Excel column {letter})", **where)
    if whole:
        if isinstance(value, float) and not value.is_integer():
            raise InputError(path, f"a count must be a whole number (Excel column {letter}), got {value!r}", **where)
        return int(value), ""
    return value, ""


def _key_part(path: Path, row: Sequence[Any], column: _Column, length: int, line: int) -> str:
    value = _cell(row, column.index)
    if not (isinstance(value, str) and value.isdigit() and len(value) == length):
        raise InputError(
            path,
            f"a key part must be {length} digit(s) written as text, got {value!r}",
            line=line,
            column=column.label,
        )
    return value


def _area_name(path: Path, value: Any, column: _Column, line: int) -> str:
    """The Gemeindename exactly as published (a double space stays); it must be one line of text."""
    if not isinstance(value, str) or not value.strip() or "\n" in value or "\r" in value:
        raise InputError(
            path, f"the Gemeindename must be one line of text, got {value!r}", line=line, column=column.label
        )
    return value


def read_destatis_gv_table(path: Path, land: str = "08") -> GvTable:
    """Read one GV workbook: the Gemeinde rows of ``land`` as an extract frame, with title and coverage."""
    path = Path(path)
    sheet, rows = _load_rows(path)
    header = _find_header(path, sheet, rows)
    if header + 1 >= len(rows):
        raise InputError(path, f"sheet {sheet!r}: the header rows are incomplete", line=header + 1)
    columns = _locate_columns(path, sheet, rows[header], rows[header + 1], header + 1)
    title_line, title = next(
        ((i + 1, _plain(row[0])) for i, row in enumerate(rows[:header]) if row and _plain(_cell(row, 0))),
        (1, ""),
    )
    date = _reference_date(path, title, title_line)
    _check_footnotes(path, sheet, rows, header, columns["satzart"])

    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    free_areas: list[str] = []
    land_name = ""
    kreise: dict[str, str] = {}
    areas: list[RegisterArea] = []
    for line, row in enumerate(rows[header + 2 :], start=header + 3):
        satzart = _text(_cell(row, columns["satzart"].index))
        if satzart == GEMEINDE:
            _key_part(path, row, columns["land"], _KEY_PARTS["land"], line)
        if _text(_cell(row, columns["land"].index)) != land:
            continue
        if satzart == LAND_RECORD:
            land_name = _plain(_cell(row, columns["name"].index))
        if satzart == KREIS_RECORD:
            key = "".join(_key_part(path, row, columns[k], _KEY_PARTS[k], line) for k in ("land", "rb", "kreis"))
            kreise[key] = _area_name(path, _cell(row, columns["name"].index), columns["name"], line)
            kind = _text(_cell(row, columns["kennzeichen"].index))
            areas.append(RegisterArea("kreis", key, kreise[key], kind))
        if satzart != GEMEINDE:
            continue
        ags = "".join(_key_part(path, row, columns[key], n, line) for key, n in _KEY_PARTS.items())
        name = _area_name(path, _cell(row, columns["name"].index), columns["name"], line)
        figures = {
            key: _figure(path, _cell(row, columns[key].index), columns[key], line, whole)
            for key, (_, _, _, whole) in _FIGURES.items()
        }
        kennzeichen = _text(_cell(row, columns["kennzeichen"].index))
        if kennzeichen in FREE_AREA_CODES:
            value, flag = figures["total"]
            free_areas.append(f"{ags} {name} ({FREE_AREA_CODES[kennzeichen]}, Einwohner: {flag or value})")
            continue
        total, male, female = (figures[key][0] for key in ("total", "male", "female"))
        if total is not None and male is not None and female is not None and male + female != total:
            raise InputError(
                path,
                f"männlich {male} + weiblich {female} = {male + female}, but insgesamt is {total}",
                line=line,
                column=columns["total"].label,
            )
        if ags in seen:
            raise InputError(
                path,
                f"AGS {ags} ({name}) appears twice, in rows {seen[ags]} and {line}",
                line=line,
                column=columns["gem"].label,
            )
        seen[ags] = line
        areas.append(RegisterArea("gemeinde", ags, name, kennzeichen))
        for key, (variable, group, unit, _) in _FIGURES.items():
            value, flag = figures[key]
            records.append(
                {
                    "ags": ags,
                    "area_name": name,
                    "variable": variable,
                    "group": group,
                    "value": value,
                    "flag": flag,
                    "unit": unit,
                }
            )
    if not seen:
        raise InputError(path, f"sheet {sheet!r}: no municipalities of Land {land} — truncated or wrong file?")

    frame = pd.DataFrame.from_records(records)
    # object dtype keeps each number as published: counts stay int, areas stay float
    frame["value"] = pd.Series([record["value"] for record in records], dtype=object)
    frame = frame.assign(area_level="gemeinde", date=date, basis=BASIS, row_source="", quote="")
    return GvTable(
        frame=frame.loc[:, list(EXTRACT_COLUMNS)],
        reference_date=date,
        title=title,
        land_name=land_name or f"Land {land}",
        municipalities=len(seen),
        free_areas=free_areas,
        kreise=kreise,
        areas=[RegisterArea("land", land, land_name or f"Land {land}"), *areas],
    )


def read_destatis_gv(path: Path, land: str = "08") -> tuple[pd.DataFrame, str]:
    """The extract frame of every municipality (Satzart 60) of ``land`` and the reference date (ISO)."""
    table = read_destatis_gv_table(path, land)
    return table.frame, table.reference_date


def _meta(table: GvTable, original_file: str, sha256: str, retrieved_from: str, compiled_on: str) -> SourceMeta:
    stand = dt.date.fromisoformat(table.reference_date).strftime("%d.%m.%Y")
    notes = [BASIS_NOTE]
    if table.free_areas:
        notes.append(f"Nicht übernommen (gemeindefreie Gebiete, keine Gemeinden): {'; '.join(table.free_areas)}")
    return SourceMeta(
        source_id=f"destatis_gv_{table.reference_date}",
        title=table.title,
        publisher=PUBLISHER,
        table_code=TABLE_CODE,
        reference_date=table.reference_date,
        licence=LICENCE_DL_DE_BY_2_0,
        licence_url=LICENCE_DL_DE_BY_2_0_URL,
        source_url=SOURCE_URL,
        citation=f"Statistisches Bundesamt (Destatis): Gemeindeverzeichnis-Informationssystem GV-ISys, "
        f"Stand {stand}; dl-de/by-2-0",
        original_file=original_file,
        original_sha256=sha256,
        retrieved_from=retrieved_from,
        compiled_on=compiled_on,
        importer=__name__,
        coverage=f"{table.land_name}: {table.municipalities} Gemeinden (Satzart 60)",
        notes=notes,
    )


def list_register_files(source_dir: Path) -> list[Path]:
    """The GV editions in ``official/destatis-gv``, oldest first (by the date in the file name)."""
    folder = Path(source_dir) / "official" / SOURCE_SUBDIR
    files = sorted(folder.glob(FILE_PATTERN), key=edition_date)
    if not files:
        raise FileNotFoundError(f"{folder}: no {FILE_PATTERN} files (is the shared data folder beside the project?)")
    return files


def edition_date(path: Path) -> str:
    """The date of a GV edition from its file name ('31122016_Auszug_GV.xlsx' → '2016-12-31')."""
    match = _NAME_DATE.match(path.name)
    return f"{match.group(3)}-{match.group(2)}-{match.group(1)}" if match else path.name


def read_kreis_names(path: Path, land: str = "08") -> dict[str, str]:
    """The official names of the Land's Kreise by 5-digit key, from one GV edition."""
    return read_destatis_gv_table(path, land).kreise


def import_destatis_gv(source_dir: Path, raw_dir: Path, compiled_on: str, land: str = "08") -> list[Path]:
    """Write one extract with sidecar per GV edition in ``official/destatis-gv``; return the extract paths."""
    files = list_register_files(source_dir)
    written: list[Path] = []
    for file in files:
        official = locate_official_file(source_dir, f"{SOURCE_SUBDIR}/{file.name}")
        table = read_destatis_gv_table(official.path, land)
        meta = _meta(table, file.name, official.sha256, official.retrieved_from, compiled_on)
        written.append(write_extract(table.frame, meta, raw_dir, meta.source_id))
        written.append(write_area_register(table.areas, _register_meta(meta, table), raw_dir))
    return written


def _register_meta(figures: SourceMeta, table: GvTable) -> SourceMeta:
    """The sidecar of an edition's area register: the figures' sidecar with its own id, title and notes."""
    kreise = sum(a.level == "kreis" for a in table.areas)
    return replace(
        figures,
        source_id=register_source_id(table.reference_date),
        title=f"{table.title}: Verwaltungsgliederung (Land, Kreise, Gemeinden)",
        coverage=f"{table.land_name}: {kreise} Kreise (Satzart 40), {table.municipalities} Gemeinden (Satzart 60)",
        notes=[
            "Names and Textkennzeichen of the areas, not figures: verified by checksum, not loaded into the tidy data.",
            *figures.notes[1:],
        ],
    )
