"""Reader of GENESIS table CSV downloads (Regionalstatistik, GENESIS-Online) and their mapping to extracts.

Owns three things, shared with ``zensus_db`` (the Zensus 2022 database runs on GENESIS and exports the same
layout):

- ``parse_genesis``/``read_genesis_table``: the generic parser of the classic "Tabellen-CSV" (not the flat
  "ffcsv"). It returns a ``GenesisTable``: table code, title, column label tuples, times, footer notes and a
  long frame with one row per published cell (physical line, region key and name, row and column labels, the
  cell as printed, the value as a float and the official marker as ``flag``).
- ``TableSpec``/``to_extract``: a small declarative spec that maps column label tuples to (variable, group,
  unit) and names basis and date; ``to_extract`` turns a parsed table into rows of ``schema.EXTRACT_COLUMNS``.
- ``write_table_extract``/``import_genesis``: write such an extract with its provenance sidecar.

The layout, as seen in real exports (tests/fixtures/genesis/README.md names them): Latin-1 (older) or UTF-8,
sometimes with a byte-order mark; semicolon-separated; a first line ``GENESIS-Tabelle: 12411-03-03-4``; title
lines with one filled cell; column header lines that start with one empty cell per row-label column (one line
per column dimension, the unit line "Anzahl" included; a line of dates when time is a column dimension); data
rows of [time;] region key; region name; [further row labels;] values. Newer exports put a column of
"werterläuternde Zeichen" (quality signs such as ``e``) beside each value column, with no label of its own or
the label of its value column repeated. Values have a decimal comma; official markers stand in place of
numbers (``.``, ``-``, ``x``, ``...``, ``/``, a number in parentheses for limited reliability). The table ends
with a line of underscores ``__________`` followed by notes (quoted cells may span lines), ``© …`` and
``Stand: …``; a file without that closing line is cut off and refused.

Region keys: ``DG`` (Deutschland), 2 digits (Land), 3 (Regierungsbezirk or statistische Region), 5 (Kreis),
8 (Gemeinde, also inside Kreis tables for some cities), 9 (Gemeindeverband) and, in the Zensus database,
12-digit Regionalschlüssel (ARS). The municipal tables of the Regionalstatistik ("regionale Tiefe: Gemeinden,
Samt-/Verbandsgemeinden") nest the members of a Gemeindeverband under it in the key: Rheinland-Pfalz has
7-digit Verbandsgemeinden (Kreis + 2 digits, ``0713101`` Adenau) and 10-digit Gemeinden (Kreis + Verband +
Gemeinde, ``0713101001`` Adenau = AGS 07131001; Verband ``00`` for verbandsfreie Gemeinden); Niedersachsen has
8-digit Samtgemeinden (Kreis + 3 digits, ``03151401`` Boldecker Land) and 11-digit member Gemeinden
(``03151401002`` Barwedel = AGS 03151002). The AGS of such a member is the Kreis and its last three digits, and
an 8-digit key that opens 11-digit keys in the same table is a Samtgemeinde, not a Gemeinde. These forms are
read only in tables whose title names that regional depth ("Samt-/Verbandsgemeinden"); elsewhere a key of 7,
10 or 11 digits is a cut Regionalschlüssel and an error. Only Länder, Kreise and Gemeinden reach an extract.

Everything is strict: a problem is an ``InputError`` with the file, the physical line and the column (its
label tuple joined with " / ", or the role of a row-label column), and nothing is coerced.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ..core.checksums import sha256_file
from ..core.errors import InputError
from ..core.provenance import LICENCE_DL_DE_BY_2_0, LICENCE_DL_DE_BY_2_0_URL, SourceMeta
from ..core.schema import BASES, COUNT_UNITS, EXTRACT_COLUMNS, OFFICIAL_MARKERS, PART_TOLERANCE, UNITS, VARIABLES
from .extract import write_extract
from .official import OfficialFile
from .text import decode_text

IMPORTER = "integration_analysis.sources.genesis"
PUBLISHER_LAENDER = "Statistische Ämter des Bundes und der Länder"
REGIONALSTATISTIK_URL = "https://www.regionalstatistik.de/genesis/online?operation=table&code={code}"

#: Quality signs GENESIS may print in the column beside a value (kept as ``quality``, never as a flag).
QUALITY_SIGNS: frozenset[str] = frozenset({"e", "p", "r", "s", "v"})
#: Names of the row-label columns in error messages (value columns are named by their labels).
TIME_COLUMN, KEY_COLUMN, NAME_COLUMN = "time", "region key", "region name"

_CODE_LINE = re.compile(r"(?P<prefix>GENESIS-Tabelle|Tabelle):\s*(?P<code>[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+)")
_FOOTER_RULE = re.compile(r"_{5,}")
#: The title phrase of tables whose keys nest the Gemeinden in their Samt-/Verbandsgemeinden.
_VERBAND_DEPTH = "regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden"
_PLAIN_NUMBER = re.compile(r"-?\d+(,\d+)?")
_GROUPED_NUMBER = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
_GERMAN_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"(19|20)\d{2}")
_VARIABLE_NAME = re.compile(r"[a-z][a-z0-9_]*")
_GROUP_NAME = re.compile(r"[a-z0-9][a-z0-9_]*")
_VARIABLE_SUFFIX = re.compile(r"(_[a-z0-9]+)*")
_FRAME_COLUMNS = [
    "line",
    "time",
    "region_key",
    "region_name",
    "ags",
    "area_level",
    "row_labels",
    "column",
    "raw",
    "value",
    "flag",
    "sign",
]


@dataclass(frozen=True)
class _Record:
    line: int
    cells: list[str]


@dataclass(frozen=True)
class GenesisColumn:
    """A value column: its 0-based field position, its labels (one per header line) and its sign column."""

    index: int
    labels: tuple[str, ...]
    #: Field position of the column of werterläuternde Zeichen beside it, if the export has one.
    sign_index: int | None = None
    #: The date of a table whose time is a column dimension (ISO form), else "".
    time: str = ""

    @property
    def name(self) -> str:
        return column_name(self.labels, self.index)


@dataclass
class GenesisTable:
    """A parsed GENESIS table: what the file says about itself and one row per published cell in ``frame``."""

    path: Path
    encoding: str
    code_prefix: str
    code: str
    title_lines: list[str]
    #: Physical lines of the column header lines with labels (one per label of a column), top to bottom.
    header_lines: list[int]
    columns: list[GenesisColumn]
    #: Field positions of the row-label columns: time (or None), key, name, further row dimensions.
    time_index: int | None
    key_index: int
    extra_row_indices: list[int]
    footer_notes: list[str]
    copyright: str
    stand: str
    #: Columns ``line, time, region_key, region_name, ags, area_level, row_labels, column, raw, value, flag,
    #: sign`` (the cell beside the value, if any); ``ags``/``area_level`` are empty for rows of other area
    #: levels (Deutschland, Bezirke, Gemeindeverbände).
    frame: pd.DataFrame = field(repr=False)
    #: Physical lines of ``title_lines``.
    title_line_numbers: list[int] = field(default_factory=list)

    @property
    def header_line(self) -> int:
        """The last column header line, where errors about a whole column point."""
        return self.header_lines[-1]

    @property
    def title(self) -> str:
        return " ".join(self.title_lines)

    @property
    def times(self) -> list[str]:
        return sorted(t for t in self.frame["time"].unique() if t)


def column_name(labels: tuple[str, ...], index: int) -> str:
    """How an error names a value column: its labels joined with " / ", or its position when it has none."""
    return " / ".join(label for label in labels if label) or f"column {index + 1}"


# ----------------------------------------------------------------------------------------------------
# cells


def parse_time(label: str) -> str | None:
    """'31.12.2023' → '2023-12-31', '2022-05-15' → itself, '2016' → '2016'; None for anything else."""
    label = label.strip()
    if match := _GERMAN_DATE.fullmatch(label):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.fullmatch(label):
        year, month, day = (int(g) for g in match.groups())
    elif _YEAR.fullmatch(label):
        return label
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_value(cell: str) -> tuple[float, str]:
    """A published cell as (value, flag): '12,5' → (12.5, ''), '(123)' → (123.0, '()'), '.' → (nan, '.').

    Thousands separators are dots in groups of three ('1.234.567'); a cell that is neither a number in that
    form nor an official marker raises ``ValueError`` with the reason.
    """
    text = cell.strip()
    if text.isascii() and text.isdigit():  # most cells: a count without separators
        return float(text), ""
    if text in OFFICIAL_MARKERS and text != "()":
        return math.nan, text
    if text.startswith("(") and text.endswith(")") and len(text) > 2:
        value, flag = parse_value(text[1:-1])
        if flag:
            raise ValueError(f"unknown marker {text!r}: parentheses hold a number, as in '(123)'")
        return value, "()"
    if _PLAIN_NUMBER.fullmatch(text) or _GROUPED_NUMBER.fullmatch(text):
        return float(text.replace(".", "").replace(",", ".")), ""
    if not text:
        raise ValueError("the cell is empty; GENESIS prints a marker ('-', '.', ...) where there is no number")
    if not any(ch.isalnum() for ch in text):
        raise ValueError(f"unknown marker {text!r}; the official markers are {', '.join(OFFICIAL_MARKERS)}")
    raise ValueError(
        f"{text!r} is neither a number (decimal comma, e.g. '12,5') nor an official marker "
        f"({', '.join(OFFICIAL_MARKERS)})"
    )


def classify_region_key(key: str, verbaende: bool = False) -> tuple[str, str] | None:
    """(ags, area level) of a region key, None for levels that are skipped; ``ValueError`` for unknown forms.

    A 12-digit Regionalschlüssel (Zensus database) is a Gemeinde (AGS = Land, Bezirk, Kreis + the last three
    digits), unless it ends in "000" after a non-zero Verband part: that is a Gemeindeverband. With
    ``verbaende`` (a table of the depth "Gemeinden, Samt-/Verbandsgemeinden"), 10- and 11-digit keys are
    members of a Verbandsgemeinde (Rheinland-Pfalz) or Samtgemeinde (Niedersachsen) and 7-digit keys
    Verbandsgemeinden (see the module docstring); an 8-digit Samtgemeinde key is told from a Gemeinde only by
    its members (``parse_genesis`` does that).
    """
    nested = key.isdigit() and verbaende and len(key) in (7, 10, 11)
    if key == "DG" or (key.isdigit() and len(key) in (3, 9)) or (nested and len(key) == 7):
        return None
    if key.isdigit() and len(key) == 12:
        if key[9:] == "000" and key[5:9] != "0000":
            return None
        return key[:5] + key[9:], "gemeinde"
    if nested:
        return key[:5] + key[-3:], "gemeinde"
    levels = {2: "land", 5: "kreis", 8: "gemeinde"}
    if key.isdigit() and len(key) in levels:
        return key, levels[len(key)]
    nested_forms = "7 (Verbandsgemeinde), 10 or 11 (its members), " if verbaende else ""
    raise ValueError(
        f"unknown region key form {key!r}: expected DG, or 2 (Land), 3 (Bezirk), 5 (Kreis), 8 (Gemeinde), "
        f"9 (Gemeindeverband), {nested_forms}or 12 (Regionalschlüssel) digits"
    )


# ----------------------------------------------------------------------------------------------------
# file structure


def _records(text: str, path: Path) -> list[_Record]:
    if ";" not in text:
        comma = next((i for i, line in enumerate(text.splitlines(), 1) if "," in line), None)
        hint = "comma-separated (re-saved by a spreadsheet?)" if comma else "it has no semicolons"
        raise InputError(path, f"GENESIS exports are semicolon-separated, but {hint}", line=comma or 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    records: list[_Record] = []
    start = 1
    try:
        for cells in reader:
            records.append(_Record(start, [cell.strip() for cell in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc
    return records


def _table_code(record: _Record, path: Path) -> tuple[str, str]:
    first = record.cells[0] if record.cells else ""
    match = _CODE_LINE.fullmatch(first)
    if not match or any(record.cells[1:]):
        raise InputError(
            path,
            f"the first line must name the table, as in 'GENESIS-Tabelle: 12521-01-01-4' or "
            f"'Tabelle: 1000A-0001'; found {first[:60]!r}: not a GENESIS table CSV"
            + (
                " but the flat 'ffcsv' export: read it with sources.genesis_flat (read_flat)"
                if first == "statistics_code"
                else ""
            ),
            line=record.line,
        )
    return match.group("prefix"), match.group("code")


def _split_footer(records: list[_Record], last_line: int, path: Path) -> tuple[list[_Record], list[str], str, str]:
    """Records before the footer, the footer notes, the © line and the Stand line.

    The footer starts at the line of underscores; where an export has none, at the line starting with "©". It
    ends with the line "Stand: …"; a file without it is cut off and refused.
    """
    at = next(
        (i for i, r in enumerate(records) if r.cells and (_FOOTER_RULE.fullmatch(r.cells[0]) or r.cells[0][:1] == "©")),
        None,
    )
    if at is None:
        raise InputError(
            path,
            "no footer line '__________' (or '© …') after the data: the file is truncated or not a complete "
            "GENESIS export",
            line=last_line,
            column=1,
        )
    notes: list[str] = []
    copyright_line = stand = ""
    skip_rule = 1 if _FOOTER_RULE.fullmatch(records[at].cells[0]) else 0
    for record in records[at + skip_rule :]:
        for cell in record.cells:
            text = re.sub(r"\s+", " ", cell).strip()
            if not text:
                continue
            if text.startswith("©") and not copyright_line:
                copyright_line = text
            elif text.startswith("Stand:") and not stand:
                stand = text.removeprefix("Stand:").strip()
            else:
                notes.append(text)
    if not stand:
        raise InputError(
            path,
            "the footer has no closing line 'Stand: …' (the last line of every GENESIS export): the file is cut "
            "off after the table",
            line=last_line,
            column=1,
        )
    return records[:at], notes, copyright_line, stand


def _raise_if_cut_in_a_row(records: list[_Record], path: Path) -> None:
    """For a file without footer: if it ends inside a data row, name that row and its first missing column."""
    if any(r.cells and (_FOOTER_RULE.fullmatch(r.cells[0]) or r.cells[0][:1] == "©") for r in records):
        return  # the footer began: whatever is missing is the footer's to say
    headers = [r for r in records if len(r.cells) > 1 and not r.cells[0] and any(r.cells)]
    last = records[-1]
    if not headers or not last.cells[0]:
        return
    width = max(len(h.cells) for h in headers)
    count = len(last.cells)
    if count >= width:
        return
    labels = [h for h in headers if not _is_time_line(h.cells)]
    raise InputError(
        path,
        f"the file ends inside this row ({count} of {width} fields) and has no footer '__________': it is truncated",
        line=last.line,
        column=column_name(tuple(h.cells[count] if count < len(h.cells) else "" for h in labels), count),
    )


@dataclass
class _Layout:
    titles: list[_Record]
    headers: list[_Record]
    body: list[_Record]


def _layout(records: list[_Record], path: Path) -> _Layout:
    """Split the records between the code line and the footer into titles, column headers and the body."""
    layout = _Layout([], [], [])
    phase = "title"
    for record in records:
        filled = [i for i, cell in enumerate(record.cells) if cell]
        if not filled:
            continue
        if phase == "title":
            if filled == [0]:
                layout.titles.append(record)
                continue
            phase = "header"
        if phase == "header":
            if filled[0] > 0:
                layout.headers.append(record)
                continue
            if not layout.headers:
                raise InputError(
                    path,
                    "no column header lines (lines starting with ';') before the first data row",
                    line=record.line,
                )
            phase = "data"
        layout.body.append(record)
    if not layout.headers:
        raise InputError(path, "no column header lines and no data", line=records[-1].line if records else 1)
    if not layout.body:
        raise InputError(path, "the table has column headers but no data rows", line=layout.headers[-1].line)
    return layout


def _label_role(index: int, time_index: int | None, key_index: int) -> str:
    if index == time_index:
        return TIME_COLUMN
    if index == key_index:
        return KEY_COLUMN
    if index == key_index + 1:
        return NAME_COLUMN
    return f"row label {index - key_index - 1}"


def _check_width(record: _Record, width: int, names: list[str], path: Path) -> None:
    count = len(record.cells)
    if count != width:
        column = names[count] if count < width else f"column {width + 1}"
        raise InputError(
            path,
            f"the row has {count} fields, the column header lines have {width}",
            line=record.line,
            column=column,
        )


def _is_time_line(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(parse_time(cell) for cell in filled)


def _is_sign_column(labels: tuple[str, ...], previous: tuple[str, ...], cells: Iterable[str]) -> bool:
    """A column of werterläuternde Zeichen: unlabelled or repeating its neighbour, holding only signs."""
    allowed = QUALITY_SIGNS | set(OFFICIAL_MARKERS) | {""}
    return (not any(labels) or labels == previous) and all(cell in allowed for cell in cells)


def _cell_value(value_cell: str, sign_cell: str) -> tuple[float, str]:
    """Value and flag from a value cell and the sign beside it (markers may stand in either)."""
    value, flag = parse_value(value_cell) if value_cell or not sign_cell else (math.nan, "")
    if sign_cell in OFFICIAL_MARKERS:
        if sign_cell == "()":
            if flag not in ("", "()") or not value_cell:
                raise ValueError(f"the sign '()' stands beside {value_cell!r}, which is no number")
            return value, "()"
        if value_cell and flag != sign_cell:
            raise ValueError(f"the value {value_cell!r} and the sign {sign_cell!r} beside it disagree")
        return math.nan, sign_cell
    if not value_cell:
        raise ValueError("the cell is empty; GENESIS prints a marker ('-', '.', ...) where there is no number")
    return value, flag


def parse_genesis(raw: bytes, path: Path) -> GenesisTable:
    """Parse the bytes of a GENESIS table CSV (``path`` names it in errors)."""
    path = Path(path)
    text, encoding = decode_text(
        raw, path, "GENESIS exports are Latin-1 or UTF-8 text (download the CSV again, or save it as UTF-8)", ";"
    )
    records = _records(text, path)
    prefix, code = _table_code(records[0], path)
    try:
        before_footer, notes, copyright_line, stand = _split_footer(records[1:], records[-1].line, path)
    except InputError:
        _raise_if_cut_in_a_row(records, path)
        raise
    layout = _layout(before_footer, path)

    width = max(len(r.cells) for r in layout.headers)
    first_label = min(next(i for i, c in enumerate(r.cells) if c) for r in layout.headers)
    if first_label < 2:
        raise InputError(
            path,
            "the column header lines leave no room for the region key and name columns",
            line=layout.headers[0].line,
        )
    time_headers = [r for r in layout.headers if _is_time_line(r.cells[first_label:])]
    label_headers = [r for r in layout.headers if r not in time_headers]
    if len(time_headers) > 1 or not label_headers:
        raise InputError(
            path,
            "expected at most one header line of dates and at least one of labels",
            line=layout.headers[0].line,
        )

    section_lines = [r for r in layout.body if [i for i, c in enumerate(r.cells) if c] == [0]]
    rows = [r for r in layout.body if r not in section_lines]
    if not rows:
        raise InputError(path, "the table has column headers but no data rows", line=layout.headers[-1].line)
    # a region key never reads as a date, so one date in the first column makes it the time column
    time_index = 0 if any(parse_time(r.cells[0]) for r in rows) else None
    key_index = 0 if time_index is None else 1
    if key_index + 1 >= first_label:
        raise InputError(path, "no region key and name columns before the values", line=rows[0].line)
    names = [_label_role(i, time_index, key_index) for i in range(first_label)]
    names += [
        column_name(tuple(h.cells[i] if i < len(h.cells) else "" for h in label_headers), i)
        for i in range(first_label, width)
    ]
    for header in label_headers:
        _check_width(header, width, names, path)
    for row in rows:
        _check_width(row, width, names, path)
    if sum(bool(x) for x in (time_index is not None, section_lines, time_headers)) > 1:
        where = (section_lines or time_headers)[0]
        raise InputError(
            path,
            "the time is given twice (as a row label and on a line of its own)",
            line=where.line,
            column=TIME_COLUMN,
        )

    columns = _columns(label_headers, time_headers, rows, first_label, width, path)
    verbaende = any(_VERBAND_DEPTH in title.cells[0] for title in layout.titles)
    frame = _cells(rows, section_lines, columns, names, time_index, key_index, first_label, verbaende, path)
    return GenesisTable(
        path=path,
        encoding=encoding,
        code_prefix=prefix,
        code=code,
        title_lines=[r.cells[0] for r in layout.titles],
        header_lines=[r.line for r in label_headers],
        columns=columns,
        time_index=time_index,
        key_index=key_index,
        extra_row_indices=list(range(key_index + 2, first_label)),
        footer_notes=notes,
        copyright=copyright_line,
        stand=stand,
        frame=frame,
        title_line_numbers=[r.line for r in layout.titles],
    )


def _columns(
    label_headers: list[_Record],
    time_headers: list[_Record],
    rows: list[_Record],
    first: int,
    width: int,
    path: Path,
) -> list[GenesisColumn]:
    header_line = label_headers[-1].line
    columns: list[GenesisColumn] = []
    seen: dict[tuple[tuple[str, ...], str], int] = {}
    previous: tuple[str, ...] | None = None
    for index in range(first, width):
        labels = tuple(h.cells[index] for h in label_headers)
        if previous is not None and _is_sign_column(labels, previous, (r.cells[index] for r in rows)):
            columns[-1] = GenesisColumn(columns[-1].index, previous, index, columns[-1].time)
            previous = None
            continue
        name = column_name(labels, index)
        if not any(labels):
            raise InputError(
                path,
                "a column without labels that is not a column of signs beside a value",
                line=header_line,
                column=name,
            )
        time = ""
        if time_headers:
            time = parse_time(time_headers[0].cells[index]) or ""
            if not time:
                raise InputError(
                    path,
                    "a value column without a date in the header line of dates",
                    line=time_headers[0].line,
                    column=name,
                )
        if (labels, time) in seen:
            raise InputError(
                path,
                f"two columns with the same labels (fields {seen[labels, time] + 1} and {index + 1})",
                line=header_line,
                column=name,
            )
        seen[labels, time] = index
        columns.append(GenesisColumn(index, labels, None, time))
        previous = labels
    return columns


def _cells(
    rows: list[_Record],
    section_lines: list[_Record],
    columns: list[GenesisColumn],
    names: list[str],
    time_index: int | None,
    key_index: int,
    first_value: int,
    verbaende: bool,
    path: Path,
) -> pd.DataFrame:
    sections = sorted(section_lines, key=lambda r: r.line)
    out: dict[str, list] = {name: [] for name in _FRAME_COLUMNS}
    seen: dict[tuple, int] = {}
    for row in rows:
        time = ""
        if time_index is not None:
            time = parse_time(row.cells[time_index]) or ""
            if not time:
                raise InputError(
                    path,
                    f"{row.cells[time_index]!r} is no date (DD.MM.YYYY or a year)",
                    line=row.line,
                    column=TIME_COLUMN,
                )
        else:
            above = [s for s in sections if s.line < row.line]
            if above:
                time = parse_time(above[-1].cells[0]) or ""
                if not time:
                    raise InputError(
                        path,
                        f"a line with one cell inside the data that is no date: {above[-1].cells[0]!r}",
                        line=above[-1].line,
                        column=TIME_COLUMN,
                    )
        key, name = row.cells[key_index], row.cells[key_index + 1]
        if not key or not name:
            raise InputError(
                path, "empty region key or name", line=row.line, column=KEY_COLUMN if not key else NAME_COLUMN
            )
        try:
            area = classify_region_key(key, verbaende)
        except ValueError as exc:
            raise InputError(path, str(exc), line=row.line, column=KEY_COLUMN) from exc
        extras = tuple(row.cells[key_index + 2 : first_value])
        identity = (time, key, extras)
        if identity in seen:
            raise InputError(
                path,
                f"duplicate region key {key!r} (first on line {seen[identity]})",
                line=row.line,
                column=KEY_COLUMN,
            )
        seen[identity] = row.line
        for column in columns:
            raw = row.cells[column.index]
            sign = row.cells[column.sign_index] if column.sign_index is not None else ""
            try:
                value, flag = _cell_value(raw, sign)
            except ValueError as exc:
                raise InputError(path, str(exc), line=row.line, column=names[column.index]) from exc
            out["line"].append(row.line)
            out["time"].append(column.time or time)
            out["region_key"].append(key)
            out["region_name"].append(name)
            out["ags"].append(area[0] if area else "")
            out["area_level"].append(area[1] if area else "")
            out["row_labels"].append(extras)
            out["column"].append(column.labels)
            out["raw"].append(raw)
            out["value"].append(value)
            out["flag"].append(flag)
            out["sign"].append(sign)
    frame = pd.DataFrame(out, columns=_FRAME_COLUMNS)
    frame["value"] = frame["value"].astype(float)
    # an 8-digit key that opens 11-digit member keys is a Samtgemeinde (Niedersachsen), not a Gemeinde
    samtgemeinden = {key[:8] for key in frame["region_key"].unique() if len(key) == 11}
    frame.loc[frame["region_key"].isin(samtgemeinden), ["ags", "area_level"]] = ""
    return frame


def read_genesis_table(path: Path) -> GenesisTable:
    """Read and parse one GENESIS table CSV download."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc}") from exc
    return parse_genesis(raw, path)


# ----------------------------------------------------------------------------------------------------
# specs and extracts


@dataclass(frozen=True)
class ColumnSpec:
    """Where the figures of one value column go in the extract."""

    variable: str
    group: str = "total"
    unit: str = "persons"


@dataclass(frozen=True)
class RowSpec:
    """Where the figures of one row label go when the row names more than a group.

    ``group`` is combined with the column's group (see ``row_group``); ``suffix`` is appended to the column's
    variable, for a nationality printed by row (``"_foreigners"``: ``moves_in`` → ``moves_in_foreigners``).
    """

    group: str = "total"
    suffix: str = ""


def _row_spec(target: bool | str | RowSpec) -> RowSpec | None:
    """The ``RowSpec`` of a row-label target of a ``TableSpec``; None for rows left out."""
    if target is False:
        return None
    if target is True:
        return RowSpec()
    return RowSpec(group=target) if isinstance(target, str) else target


@dataclass(frozen=True)
class TableSpec:
    """How one GENESIS table becomes extract rows. Every label in the file must be listed here, and back.

    ``columns`` maps each column label tuple (the header lines top to bottom, dates excluded) to its target,
    or to False (known, left out on purpose: a breakdown no report needs);
    ``row_labels`` maps the labels of further row dimensions (an age group, say) to True (import, the group is
    the column's), a group name (import; the figure's group is ``row_group(column group, that name)``, e.g.
    "female" and "age_18_25" give "female_age_18_25"), a ``RowSpec`` (a group and a suffix of the column's
    variable, for a nationality by row) or False (known, left out on purpose); tables without such dimensions
    have the single entry ``()``. The basis is ``basis``, unless a phrase of ``basis_by_note`` occurs in the
    title or the footer notes; a table whose dates span a change of basis names the earlier bases in
    ``basis_by_date`` as (last date, basis) pairs, oldest first: a figure dated on or before such a date has that
    basis, a later one the table's. ``date``, when set, is the reference date of every figure: printed times
    must agree with it, and it is used where the table prints none. Variables outside ``schema.VARIABLES`` need
    a German label in ``variables``.
    """

    name: str
    columns: Mapping[tuple[str, ...], ColumnSpec | bool]
    basis: str | None = None
    basis_by_note: tuple[tuple[str, str], ...] = ()
    basis_by_date: tuple[tuple[str, str], ...] = ()
    #: Table codes the spec is written for; empty when the labels alone identify the table.
    table_codes: tuple[str, ...] = ()
    row_labels: Mapping[tuple[str, ...], bool | str | RowSpec] = field(default_factory=lambda: {(): True})
    date: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    #: Publisher when the file's footer has no © line; the source URL pattern ({code} is filled in).
    publisher: str = PUBLISHER_LAENDER
    source_url: str = REGIONALSTATISTIK_URL

    def __post_init__(self) -> None:
        bases = [self.basis] if self.basis else []
        bases += [basis for _, basis in self.basis_by_note]
        earlier = [basis for _, basis in self.basis_by_date]
        if not bases or any(b not in BASES for b in [*bases, *earlier]):
            raise ValueError(f"spec {self.name}: bases {bases + earlier} must be non-empty and in schema.BASES")
        last_dates = [last for last, _ in self.basis_by_date]
        if any(parse_time(d) != d for d in last_dates) or last_dates != sorted(set(last_dates)):
            raise ValueError(f"spec {self.name}: basis_by_date needs ISO dates, oldest first: {last_dates}")
        for labels, target in self.row_labels.items():
            row = _row_spec(target)
            if row is not None and not (_GROUP_NAME.fullmatch(row.group) and _VARIABLE_SUFFIX.fullmatch(row.suffix)):
                raise ValueError(f"spec {self.name}: bad group name or suffix {target!r} for the row labels {labels}")
        targets: set[tuple[str, str, str]] = set()
        rows = [row for row in map(_row_spec, self.row_labels.values()) if row is not None]
        for labels, target in self.columns.items():
            if target is False:
                continue
            if not isinstance(target, ColumnSpec):
                raise ValueError(f"spec {self.name}: the target of {labels} must be a ColumnSpec or False")
            for variable in sorted({target.variable + row.suffix for row in rows}):
                if variable not in VARIABLES and variable not in self.variables:
                    raise ValueError(f"spec {self.name}: variable {variable!r} needs a label in 'variables'")
            names_ok = _VARIABLE_NAME.fullmatch(target.variable) and _GROUP_NAME.fullmatch(target.group)
            if target.unit not in UNITS or not names_ok:
                raise ValueError(f"spec {self.name}: bad variable, group or unit in {labels}")
            key = (target.variable, target.group, target.unit)
            if key in targets:
                raise ValueError(f"spec {self.name}: two columns map to {key}")
            targets.add(key)
        if self.date is not None and parse_time(self.date) != self.date:
            raise ValueError(f"spec {self.name}: date {self.date!r} must be ISO (YYYY-MM-DD) or a year")

    def basis_on(self, when: str, latest: str) -> str:
        """The basis of a figure dated ``when`` (ISO) in a table whose latest figures have the basis ``latest``."""
        return next((basis for last, basis in self.basis_by_date if when <= last), latest)

    def variable_labels(self, used: Iterable[str]) -> dict[str, str]:
        """German labels of the spec's own variables among ``used`` (for ``SourceMeta.variables``)."""
        return {v: self.variables[v] for v in sorted(set(used)) if v in self.variables}


def _basis(table: GenesisTable, spec: TableSpec) -> tuple[str, str]:
    """The basis and, when a note decided it, that note."""
    texts = [*table.title_lines, *table.footer_notes]
    found = {basis: text for phrase, basis in spec.basis_by_note for text in texts if phrase in text}
    if len(found) > 1:
        raise InputError(
            table.path,
            f"the notes name more than one basis ({', '.join(sorted(found))}): import one basis per file "
            "(select the reference dates of one basis when downloading)",
            line=table.header_line,
        )
    if found:
        basis, note = next(iter(found.items()))
        return basis, note
    if spec.basis is None:
        phrases = ", ".join(repr(p) for p, _ in spec.basis_by_note)
        raise InputError(table.path, f"no note says which basis the figures have (looked for {phrases})")
    return spec.basis, ""


def _check_labels(table: GenesisTable, spec: TableSpec) -> None:
    if spec.table_codes and table.code not in spec.table_codes:
        raise InputError(
            table.path,
            f"table {table.code} is not one the spec '{spec.name}' is written for ({', '.join(spec.table_codes)})",
            line=1,
        )
    printed = {c.labels for c in table.columns}
    for column in table.columns:
        if column.labels not in spec.columns:
            # the header line of the first label that no column of the spec has at that place
            depth = next(
                i
                for i in range(len(column.labels))
                if not any(expected[: i + 1] == column.labels[: i + 1] for expected in spec.columns)
            )
            raise InputError(
                table.path,
                f"label {column.labels[depth]!r} is not in the spec '{spec.name}' (renamed, or another table?)",
                line=table.header_lines[depth],
                column=column.name,
            )
    for labels in spec.columns:
        if labels not in printed:
            raise InputError(
                table.path,
                f"the column the spec '{spec.name}' expects is missing",
                line=table.header_line,
                column=column_name(labels, 0),
            )
    unknown = table.frame[~table.frame["row_labels"].map(lambda labels: labels in spec.row_labels)]
    if not unknown.empty:
        first = unknown.iloc[0]
        extra = table.extra_row_indices
        raise InputError(
            table.path,
            f"row labels {first['row_labels']} not in the spec '{spec.name}'",
            line=int(first["line"]),
            column=_label_role(extra[0], table.time_index, table.key_index) if extra else "row labels",
        )


def row_group(column_group: str, row_target: bool | str) -> str:
    """The group of a figure from its column's group and its row labels' target (see ``TableSpec``).

    An age band goes last, as in the schema's combined groups: "female" and "age_18_25" give
    "female_age_18_25", and so do "age_18_25" and "female".
    """
    if not isinstance(row_target, str) or row_target == "total":
        return column_group
    if column_group == "total":
        return row_target
    if column_group.startswith("age_") and not row_target.startswith("age_"):
        return f"{row_target}_{column_group}"
    return f"{column_group}_{row_target}"


def to_extract(table: GenesisTable, spec: TableSpec, land: str | None = None) -> pd.DataFrame:
    """The extract rows (``schema.EXTRACT_COLUMNS``) of the Länder, Kreise and Gemeinden in ``table``.

    With ``land`` (its 2-digit key) only that Land, its Kreise and its Gemeinden. Checks: every label is in the
    spec and every spec column in the file; one basis (or one per date, see ``TableSpec.basis_by_date``); a date
    for every figure; no area twice; no negative count; no part larger than its total in the same row (a group
    against the variable's 'total', a variable against the one it is part of, e.g. foreigners against
    population).
    """
    _check_labels(table, spec)
    basis, _ = _basis(table, spec)
    for line, title in zip(table.title_line_numbers, table.title_lines, strict=True):
        # a title line that is only a date (Zensus tables, school years) dates the whole table
        if spec.date and (printed := parse_time(title)) and printed != spec.date:
            raise InputError(
                table.path,
                f"the table is dated {printed}, the spec '{spec.name}' expects {spec.date}",
                line=line,
                column=TIME_COLUMN,
            )
    wanted = table.frame["row_labels"].map(lambda labels: spec.row_labels[labels] is not False)
    wanted &= table.frame["column"].map(lambda labels: spec.columns[labels] is not False)
    areas = table.frame["area_level"].ne("")
    if land is not None:
        areas &= table.frame["ags"].str.startswith(land)
    cells = table.frame[areas & wanted]
    cells = cells.reset_index(drop=True)
    rows = [_row_spec(spec.row_labels[labels]) for labels in cells["row_labels"]]
    names = {c.labels: c.name for c in table.columns}
    dates = []
    for line, time, labels in zip(cells["line"], cells["time"], cells["column"], strict=True):
        if spec.date and time and time != spec.date:
            raise InputError(
                table.path,
                f"the table is dated {time}, the spec '{spec.name}' expects {spec.date}",
                line=int(line),
                column=names[labels],
            )
        if not (time or spec.date):
            raise InputError(
                table.path,
                "no date for this figure: the table prints no time",
                line=int(line),
                column=names[labels],
            )
        dates.append(time or spec.date)
    targets = [spec.columns[labels] for labels in cells["column"]]
    frame = pd.DataFrame(
        {
            "ags": cells["ags"],
            "area_name": cells["region_name"],
            "area_level": cells["area_level"],
            "date": dates,
            "variable": [t.variable + r.suffix for t, r in zip(targets, rows, strict=True)],
            "group": [row_group(t.group, r.group) for t, r in zip(targets, rows, strict=True)],
            "value": cells["value"],
            "flag": cells["flag"],
            "unit": [t.unit for t in targets],
            "basis": [spec.basis_on(when, basis) for when in dates],
            "row_source": "",
            "quote": "",
        },
        columns=list(EXTRACT_COLUMNS),
    )
    _check_unique(table, frame, cells)
    _check_values(table, frame, cells["line"], [names[labels] for labels in cells["column"]])
    return frame


def _check_unique(table: GenesisTable, frame: pd.DataFrame, cells: pd.DataFrame) -> None:
    """No figure twice from two region keys: two keys may name one AGS (a Gemeinde before and after joining a
    Samtgemeinde). Two labels of one region mapping to one figure are ``_check_values``' concern."""
    identity = ["ags", "date", "variable", "group"]
    keyed = frame[identity].assign(region_key=cells["region_key"].to_numpy())
    other_key = keyed.duplicated(identity, keep="first") & ~keyed.duplicated([*identity, "region_key"], keep="first")
    if other_key.any():
        second = int(other_key.idxmax())
        first = int((frame[identity] == frame.loc[second, identity]).all(axis=1).idxmax())
        raise InputError(
            table.path,
            f"AGS {frame.loc[second, 'ags']} twice: region key {cells.loc[first, 'region_key']!r} on line "
            f"{cells.loc[first, 'line']} and {cells.loc[second, 'region_key']!r} here",
            line=int(cells.loc[second, "line"]),
            column=KEY_COLUMN,
        )


def _check_values(table: GenesisTable, frame: pd.DataFrame, lines: pd.Series, names: list[str]) -> None:
    """One figure per area, date, variable and group; no negative count, no share above 100 %; no part of a
    count above its total of the same area and date (in the same row, or in another row where a row label
    names the variable or the group), beyond ``schema.PART_TOLERANCE`` of the basis."""
    known: dict[tuple[str, str, str, str, str], tuple[float, int, str]] = {}
    tolerance: dict[tuple[str, str], int] = {}
    rows = zip(
        frame["ags"],
        frame["date"],
        frame["variable"],
        frame["group"],
        frame["unit"],
        frame["value"],
        lines,
        names,
        frame["basis"],
        strict=True,
    )
    for ags, when, variable, group, unit, value, line, name, basis in rows:
        key = (ags, when, variable, group, unit)
        if key in known:
            raise InputError(
                table.path,
                f"a second figure for {variable} ({group}) of {ags} on {when} (the first on line {known[key][1]}, "
                f"column {known[key][2]!r}): two labels of the spec map to the same figure",
                line=int(line),
                column=name,
            )
        known[key] = (value, int(line), name)
        tolerance[(ags, when)] = PART_TOLERANCE.get(basis, 0)
        if math.isnan(value):
            continue
        meta = VARIABLES.get(variable)
        if value < 0 and (meta is None or meta.non_negative):
            raise InputError(table.path, f"negative figure {value:g} for {variable}", line=int(line), column=name)
        if unit == "percent" and value > 100:
            raise InputError(table.path, f"a share of {value:g} % is more than 100", line=int(line), column=name)
    for (ags, when, variable, group, unit), (value, line, name) in known.items():
        if unit not in COUNT_UNITS or math.isnan(value):
            continue
        totals = []
        if group != "total":
            totals.append((variable, "total"))
        part_of = VARIABLES[variable].part_of if variable in VARIABLES else None
        if part_of:
            totals.append((part_of, group))
        for total_variable, total_group in totals:
            total = known.get((ags, when, total_variable, total_group, unit))
            if total and value > total[0] + tolerance[(ags, when)]:
                where = "the same row" if total[1] == line else f"line {total[1]}"
                raise InputError(
                    table.path,
                    f"{variable} ({group}) = {value:g} is more than {total_variable} ({total_group}) = "
                    f"{total[0]:g} in column {total[2]!r} of {where}",
                    line=line,
                    column=name,
                )


def _publisher(table: GenesisTable, spec: TableSpec) -> str:
    """The publisher named in the © line of the footer, or the spec's."""
    return copyright_publisher(table.copyright) if table.copyright else spec.publisher


def copyright_publisher(copyright_line: str) -> str:
    """The publisher named in a GENESIS © line: '© Statistisches Bundesamt (Destatis), 2026' → its name."""
    return re.split(r",\s*(?:Deutschland|\d{4})", copyright_line.removeprefix("©").strip())[0].strip()


def coverage_text(frame: pd.DataFrame) -> str:
    """The sidecar's ``coverage``: areas by level, dates and variables of an extract frame."""
    areas = frame.drop_duplicates("ags")
    count = areas["area_level"].value_counts()
    dates = ", ".join(sorted(frame["date"].unique()))
    variables = ", ".join(sorted(frame["variable"].unique()))
    return (
        f"{count.get('land', 0)} Land, {count.get('kreis', 0)} Kreise, {count.get('gemeinde', 0)} "
        f"Gemeinden; dates {dates}; variables {variables}"
    )


def _notes(table: GenesisTable, spec: TableSpec, frame: pd.DataFrame, land: str | None) -> list[str]:
    basis, basis_note = _basis(table, spec)
    other_levels = table.frame["area_level"].eq("")
    if land is not None:
        other_levels &= table.frame["region_key"].str.startswith(land)
    skipped_areas = table.frame.loc[other_levels, "region_key"].nunique()
    skipped_rows = sorted({" / ".join(r) for r in table.frame["row_labels"] if spec.row_labels[r] is False})
    skipped_columns = [column_name(labels, 0) for labels, target in spec.columns.items() if target is False]
    flags = Counter(f for f in frame["flag"] if f)
    quality = Counter(q for q in table.frame["sign"] if q in QUALITY_SIGNS)
    notes = [f"Footer note of the table: {note}" for note in table.footer_notes]
    if basis_note:
        notes.append(f"Basis from the note: {basis_note!r}.")
    for last, earlier in spec.basis_by_date:
        notes.append(
            f"Figures dated up to {last} have the basis {earlier} ({BASES[earlier]}); the later ones {basis} "
            f"({BASES[basis]}): a series breaks there."
        )
    if land is not None:
        notes.append(
            f"Only the Land {land}, its Kreise and Gemeinden: the other areas of the file are not in the extract."
        )
    if skipped_areas:
        notes.append(
            f"{skipped_areas} area(s) of other levels (Deutschland, Bezirke, Gemeindeverbände) are in the "
            "file but not in the extract."
        )
    if skipped_rows:
        notes.append(f"Rows left out on purpose: {', '.join(skipped_rows)}.")
    if skipped_columns:
        notes.append(f"Columns left out on purpose: {', '.join(skipped_columns)}.")
    if flags:
        notes.append("Official markers kept as flag: " + ", ".join(f"'{f}' × {n}" for f, n in sorted(flags.items())))
    if quality:
        notes.append(
            "Quality signs printed beside the values (not kept in the extract): "
            + ", ".join(f"'{q}' × {n}" for q, n in sorted(quality.items()))
        )
    if table.copyright:
        notes.append(f"Copyright line of the file: {table.copyright}")
    return notes


def write_table_extract(
    table: GenesisTable,
    spec: TableSpec,
    raw_dir: Path,
    compiled_on: str,
    *,
    prefix: str,
    importer: str,
    source_url: str | None = None,
    land: str | None = None,
    frame: pd.DataFrame | None = None,
    notes: Iterable[str] = (),
    origin: OfficialFile | None = None,
) -> Path:
    """Write the extract of ``table`` as ``raw_dir/<prefix>_<code>_<date>.csv`` with its sidecar.

    The extract is ``to_extract(table, spec, land)`` unless the caller passes it as ``frame`` (a selection of
    it), with ``notes`` on what the caller did. ``origin``: the official file the table was read from (its
    checksum and where it was retrieved from); without it, the table is a user's download.
    """
    if frame is None:
        frame = to_extract(table, spec, land)
    if frame.empty:
        raise InputError(table.path, "no rows of a Land, Kreis or Gemeinde to import", line=table.header_line)
    dates = sorted(frame["date"].unique())
    when = dates[0] if len(dates) == 1 else f"{dates[0]}_{dates[-1]}"
    stem = f"{prefix}_{table.code}_{when}"
    publisher = _publisher(table, spec)
    stand = f", Stand: {table.stand}" if table.stand else ""
    meta = SourceMeta(
        source_id=stem,
        title=table.title,
        publisher=publisher,
        table_code=table.code,
        reference_date=dates[-1],
        licence=LICENCE_DL_DE_BY_2_0,
        licence_url=LICENCE_DL_DE_BY_2_0_URL,
        source_url=source_url or spec.source_url.format(code=table.code),
        citation=f"{publisher}: Tabelle {table.code} {table.title}{stand}",
        original_file=table.path.name,
        original_sha256=origin.sha256 if origin else sha256_file(table.path),
        retrieved_from=origin.retrieved_from if origin else f"user download {table.path.name}",
        compiled_on=compiled_on,
        importer=importer,
        coverage=coverage_text(frame),
        variables=spec.variable_labels(frame["variable"]),
        notes=[*_notes(table, spec, frame, land), *notes],
    )
    return write_extract(frame, meta, Path(raw_dir), stem)


# ----------------------------------------------------------------------------------------------------
# the specs shipped, and the importer


#: The 21 age groups of the Regionalstatistik population tables, as their row labels print them.
AGE_GROUPS_21 = (
    "unter 3 Jahre",
    "3 bis unter 6 Jahre",
    "6 bis unter 10 Jahre",
    "10 bis unter 15 Jahre",
    "15 bis unter 18 Jahre",
    "18 bis unter 20 Jahre",
    "20 bis unter 25 Jahre",
    "25 bis unter 30 Jahre",
    "30 bis unter 35 Jahre",
    "35 bis unter 40 Jahre",
    "40 bis unter 45 Jahre",
    "45 bis unter 50 Jahre",
    "50 bis unter 55 Jahre",
    "55 bis unter 60 Jahre",
    "60 bis unter 65 Jahre",
    "65 bis unter 70 Jahre",
    "70 bis unter 75 Jahre",
    "75 bis unter 80 Jahre",
    "80 bis unter 85 Jahre",
    "85 bis unter 90 Jahre",
    "90 Jahre und mehr",
)
_SEXES = {"Insgesamt": "total", "männlich": "male", "weiblich": "female"}
_NATIONALITIES = {"Insgesamt": "population", "Deutsche": "germans", "Ausländer(innen)": "foreigners"}

#: Regionalstatistik 12411-03-03-4 "Bevölkerung nach Geschlecht, Nationalität und Altersgruppen (21) -
#: Stichtag 31.12. - regionale Tiefe: Kreise und krfr. Städte": age total only. Confirmed against the real export
#: (official/regionalstatistik-2017/12411-03-03-4_00.csv, tests/test_real_files.py).
SPEC_12411_03_03_4 = TableSpec(
    name="regionalstatistik_12411-03-03-4",
    table_codes=("12411-03-03-4",),
    columns={
        (nationality, sex): ColumnSpec(variable, group)
        for nationality, variable in _NATIONALITIES.items()
        for sex, group in _SEXES.items()
    },
    row_labels={("Insgesamt",): True, **{(age,): False for age in AGE_GROUPS_21}},
    basis_by_note=(
        ("Grundlage des Zensus 2022", "update_census_2022"),
        ("Grundlage des Zensus 2011", "update_census_2011"),
    ),
)

_CITIZENSHIPS = {
    "Insgesamt": "total",
    "Türkei": "citizenship_turkey",
    "Italien": "citizenship_italy",
    "Kroatien": "citizenship_croatia",
    "Rumänien": "citizenship_romania",
    "Syrien": "citizenship_syria",
    "Ukraine": "citizenship_ukraine",
}

#: Regionalstatistik 12521-01-01-4 "Ausländer nach Staatsangehörigkeit - Stichtag 31.12. - Kreise und krfr.
#: Städte" (Ausländerzentralregister). Not verified against a real download: none is in ../shared/data or in the
#: public repositories searched (tests/test_real_files.py). The labels follow the four header lines of the
#: Regionalstatistik tables of this family (statistic, dimension, category, unit; as in the real 12511-01-01-4);
#: a renamed or additional label in a real download stops the import with the column named.
SPEC_12521_01_01_4 = TableSpec(
    name="regionalstatistik_12521-01-01-4",
    table_codes=("12521-01-01-4",),
    columns={
        ("Ausländer", "Staatsangehörigkeit", label, "Anzahl"): ColumnSpec("foreigners", group)
        for label, group in _CITIZENSHIPS.items()
    },
    basis="foreigners_register",
)

#: The specs ``import_genesis`` picks by table code when none is given.
GENESIS_SPECS: dict[str, TableSpec] = {
    code: spec for spec in (SPEC_12411_03_03_4, SPEC_12521_01_01_4) for code in spec.table_codes
}


def import_genesis(
    path: Path, raw_dir: Path, compiled_on: str, spec: TableSpec | None = None, source_url: str | None = None
) -> Path:
    """Import a GENESIS/Regionalstatistik table CSV the user downloaded; return the extract written.

    Without ``spec`` the shipped spec for the file's table code is used. The extract is
    ``raw_dir/genesis_<code>_<date>.csv`` with its provenance sidecar.
    """
    table = read_genesis_table(path)
    if spec is None:
        if table.code not in GENESIS_SPECS:
            raise InputError(
                table.path,
                f"no spec for table {table.code}; known: {', '.join(sorted(GENESIS_SPECS))}",
                line=1,
            )
        spec = GENESIS_SPECS[table.code]
    return write_table_extract(
        table, spec, raw_dir, compiled_on, prefix="genesis", importer=IMPORTER, source_url=source_url
    )
