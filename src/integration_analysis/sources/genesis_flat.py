"""Reader of the GENESIS "flat" CSV (``ffcsv``) and its mapping to extracts.

The APIs of GENESIS-Online (Destatis), the Regionaldatenbank (Regionalstatistik) and the Zensus 2022 database
deliver tables in this format (a ZIP holding one ``*_flat.csv``); ``sources.genesis`` reads the classic table
CSV of the download pages, this module the flat one. It owns:

- ``parse_flat``/``read_flat``: the strict parser. It returns a ``FlatTable`` whose frame has one row per cell:
  its physical line, time, the dimensions as (variable code, attribute code) pairs with their labels, the
  value as a float and the official marker as ``flag``.
- ``FlatSpec``/``flat_to_extract``: one declarative spec per table that maps codes (never labels: they differ
  between German and English exports) to variable, group and unit, names the regional variables, basis and
  date, and the checks the table allows (parts never above their parent, sums, rounding to a multiple).

The layout (as delivered in 2026): UTF-8 with a byte-order mark, ``;``-separated, one header line
``statistics_code;statistics_label;time_code;time_label;time``, then for each dimension k
``k_variable_code;k_variable_label;k_variable_attribute_code;k_variable_attribute_label``, then
``value;value_unit;value_variable_code;value_variable_label`` and, when quality signs were requested,
``value_q``. The column names are the same in German and English exports; labels are translated (not always)
and numbers have a decimal comma (German) or point (English), never a thousands separator. An empty attribute
code is the total ("Insgesamt"/"Total"). The variable at a position may change from line to line (Germany in
one line, a municipality in the next; two classifications of one characteristic). Lines are unsorted, and
empty cells may be left out altogether. Zensus 2022 municipalities are keyed by the 12-digit ARS.

Every problem is an ``InputError`` with the file, the physical line and the column's name from the header;
nothing is coerced.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path

import pandas as pd

from ..core.errors import InputError
from ..core.schema import BASES, EXTRACT_COLUMNS, OFFICIAL_MARKERS, UNITS, VARIABLES
from .genesis import QUALITY_SIGNS, ColumnSpec, classify_region_key, parse_time, parse_value, row_group
from .text import decode_text

HEAD_COLUMNS = ("statistics_code", "statistics_label", "time_code", "time_label", "time")
DIMENSION_FIELDS = ("variable_code", "variable_label", "variable_attribute_code", "variable_attribute_label")
VALUE_COLUMNS = ("value", "value_unit", "value_variable_code", "value_variable_label")
QUALITY_COLUMN = "value_q"
#: Labels of an empty attribute code (the total) in German and English exports.
TOTAL_LABELS = frozenset({"Insgesamt", "Total"})
#: Unit labels of counts in German and English exports.
COUNT_UNITS = ("Anzahl", "number")
DECIMALS = {"de": ",", "en": "."}

#: (variable code, attribute code): one category of a dimension, '' being the total.
Category = tuple[str, str]

_NUMBERS = {",": re.compile(r"-?\d+(,\d+)?"), ".": re.compile(r"-?\d+(\.\d+)?")}
_DECIMAL_NUMBER = {",": re.compile(r"-?\d+,\d+"), ".": re.compile(r"-?\d+\.\d+")}
_NAME_LANGUAGE = re.compile(r"_(de|en)_flat\.csv$")
_NAME_TABLE = re.compile(r"^(?P<code>[0-9A-Z]+(?:-[0-9A-Z]+)+)_")
_VARIABLE_NAME = re.compile(r"[a-z][a-z0-9_]*")
_GROUP_NAME = re.compile(r"[a-z0-9][a-z0-9_]*")
_FRAME_COLUMNS = ["line", "time", "dims", "labels", "value_code", "unit", "raw", "value", "flag", "quality"]


# ----------------------------------------------------------------------------------------------------
# layout and cells


@dataclass(frozen=True)
class FlatLayout:
    """The columns of a flat CSV as its header names them."""

    columns: tuple[str, ...]
    dimensions: int
    has_quality: bool


def flat_columns(dimensions: int, has_quality: bool) -> tuple[str, ...]:
    """The header of a flat CSV with ``dimensions`` dimensions (with or without the quality column)."""
    middle = tuple(f"{k}_{name}" for k in range(1, dimensions + 1) for name in DIMENSION_FIELDS)
    return HEAD_COLUMNS + middle + VALUE_COLUMNS + ((QUALITY_COLUMN,) if has_quality else ())


def detect_layout(header: list[str], path: Path) -> FlatLayout:
    """The layout named by the header line; a classic table CSV or any other header is an ``InputError``."""
    first = header[0].strip() if header else ""
    if first.startswith(("GENESIS-Tabelle:", "Tabelle:")):
        raise InputError(
            path,
            f"{first!r}: a GENESIS table CSV (the classic layout with a header block), not a flat CSV; read it "
            "with sources.genesis (import_genesis), or sources.zensus_db for the Zensus 2022 database",
            line=1,
        )
    old = next((cell for cell in header if cell.endswith("_Merkmal_Code")), None)
    if old:
        raise InputError(
            path,
            "the flat CSV layout GENESIS used until 2024 ('1_Merkmal_Code', …) is not supported: download the "
            "table again as ffcsv",
            line=1,
            column=old,
        )
    extra = len(header) - len(HEAD_COLUMNS) - len(VALUE_COLUMNS)
    if extra < 0 or extra % 4 not in (0, 1):
        raise InputError(
            path,
            f"{len(header)} columns: a GENESIS flat CSV has {len(HEAD_COLUMNS)} + 4 per dimension + "
            f"{len(VALUE_COLUMNS)} columns (+ '{QUALITY_COLUMN}'); a column is missing or this is another file",
            line=1,
        )
    layout = FlatLayout(flat_columns(extra // 4, extra % 4 == 1), extra // 4, extra % 4 == 1)
    for position, (found, wanted) in enumerate(zip(header, layout.columns, strict=True), 1):
        if found != wanted:
            raise InputError(
                path,
                f"expected the column {wanted!r} at field {position} (the names are the same in German and "
                "English exports): a renamed column, or not a GENESIS flat CSV",
                line=1,
                column=found or f"field {position}",
            )
    return layout


def flat_value(text: str, decimal: str) -> tuple[float, str]:
    """A flat-CSV cell as (value, flag): '12,5' → (12.5, '') with ``decimal`` ',', '(7)' → (7.0, '()'),
    '-' → (nan, '-'). Numbers have no thousands separator; anything else raises ``ValueError``."""
    inner = text[1:-1] if len(text) > 2 and text[0] == "(" and text[-1] == ")" else text
    if _NUMBERS[decimal].fullmatch(inner):
        return float(inner.replace(",", ".")), "()" if inner != text else ""
    if any(ch.isdigit() for ch in text):
        example = "1234,5" if decimal == "," else "1234.5"
        raise ValueError(
            f"{text!r} is not a number as this export prints them (like {example!r}, decimal "
            f"{'comma' if decimal == ',' else 'point'}, no thousands separator)"
        )
    return parse_value(text)


# ----------------------------------------------------------------------------------------------------
# the parsed file


@dataclass
class FlatTable:
    """A parsed flat CSV: what the file says about itself and one row per cell in ``frame``."""

    path: Path
    #: The table code (from the caller or the file name; the flat CSV itself names only the statistic).
    code: str
    statistics_code: str
    statistics_label: str
    #: 'de' or 'en' where the caller, the file name or the numbers tell; '' where nothing depends on it.
    language: str
    layout: FlatLayout
    #: Columns ``line, time, dims, labels, value_code, unit, raw, value, flag, quality``; ``dims`` is the
    #: tuple of (variable code, attribute code) pairs in the order of the file, ``labels`` their labels.
    frame: pd.DataFrame = field(repr=False)


def _decode(raw: bytes, path: Path) -> str:
    """The text of a flat CSV: UTF-8. The header is checked first, so a classic table CSV in Latin-1 is named as
    such rather than as a wrong encoding."""
    text, encoding = decode_text(raw, path, "GENESIS flat CSV files are UTF-8 (download the file again)")
    if encoding == "latin-1":
        detect_layout(next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=";"), []), path)
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(
                path, f"byte {raw[exc.start]:#x} is not UTF-8; GENESIS flat CSV files are UTF-8", line=line
            ) from exc
    return text


def _check_complete(text: str, layout: FlatLayout, path: Path) -> None:
    if text.endswith("\n"):
        return
    last = text.rsplit("\n", 1)[-1]
    fields = min(last.count(";") + 1, len(layout.columns))
    raise InputError(
        path,
        "the file ends inside this line (no line break after it): the download is truncated",
        line=text.count("\n") + 1,
        column=layout.columns[fields - 1],
    )


def _language(language: str | None, path: Path) -> str:
    if language is not None:
        if language not in DECIMALS:
            raise ValueError(f"language must be one of {sorted(DECIMALS)}, not {language!r}")
        return language
    match = _NAME_LANGUAGE.search(path.name)
    return match.group(1) if match else ""


def _infer_language(raws: list[str], lines: list[int], path: Path) -> str:
    """'de' or 'en' from the first number with a decimal separator; '' when every number is whole."""
    first = {}
    for raw, line in zip(raws, lines, strict=True):
        for language, decimal in DECIMALS.items():
            if language not in first and _DECIMAL_NUMBER[decimal].fullmatch(raw.strip("()")):
                first[language] = line
    if len(first) > 1:
        raise InputError(
            path,
            f"numbers with a decimal comma (first on line {first['de']}) and with a decimal point (first on "
            f"line {first['en']}): one export uses one of them",
            line=max(first.values()),
            column="value",
        )
    return next(iter(first), "")


def parse_flat(raw: bytes, path: Path, *, code: str = "", language: str | None = None) -> FlatTable:
    """Parse the bytes of a flat CSV (``path`` names it in errors).

    ``code`` is the table code (default: from a file name like ``12411-01-01-4_1773175772751_de_flat.csv``);
    ``language`` ('de' or 'en') decides the decimal separator (default: from the file name, else from the
    numbers).
    """
    path = Path(path)
    text = _decode(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    layout = detect_layout(next(reader, []), path)
    _check_complete(text, layout, path)
    columns = layout.columns
    width, dims = len(columns), layout.dimensions
    value_at = len(HEAD_COLUMNS) + 4 * dims
    rows: dict[str, list] = {name: [] for name in _FRAME_COLUMNS}
    seen: dict[tuple, int] = {}
    times: dict[str, str | None] = {}
    statistic: tuple[str, str] | None = None
    start = 2
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if len(cells) != width:
                column = columns[len(cells)] if len(cells) < width else f"field {width + 1}"
                raise InputError(
                    path, f"the line has {len(cells)} fields, the header {width}", line=line, column=column
                )
            statistic = statistic or (cells[0], cells[1])
            if cells[0] != statistic[0]:
                raise InputError(
                    path,
                    f"statistic {cells[0]!r}, but the lines above are {statistic[0]!r}",
                    line=line,
                    column="statistics_code",
                )
            if cells[4] not in times:
                times[cells[4]] = parse_time(cells[4])
            time = times[cells[4]]
            if time is None:
                raise InputError(path, f"{cells[4]!r} is no date (YYYY-MM-DD) or year", line=line, column="time")
            pairs, labels = [], []
            for k in range(dims):
                variable, _, attribute, label = cells[len(HEAD_COLUMNS) + 4 * k : len(HEAD_COLUMNS) + 4 * k + 4]
                if not variable:
                    raise InputError(path, "the variable code is empty", line=line, column=f"{k + 1}_variable_code")
                if not attribute and label not in TOTAL_LABELS:
                    raise InputError(
                        path,
                        f"the attribute code is empty but its label is {label!r}, not a total "
                        f"({' / '.join(sorted(TOTAL_LABELS))})",
                        line=line,
                        column=f"{k + 1}_variable_attribute_code",
                    )
                pairs.append((variable, attribute))
                labels.append(label)
            value_code = cells[value_at + 2]
            identity = (time, tuple(pairs), value_code)  # a variable keeps its position
            if identity in seen:
                raise InputError(
                    path,
                    f"the same cell (time, attributes, value variable) as on line {seen[identity]}",
                    line=line,
                    column="value_variable_code",
                )
            seen[identity] = line
            rows["line"].append(line)
            rows["time"].append(time)
            rows["dims"].append(tuple(pairs))
            rows["labels"].append(tuple(labels))
            rows["value_code"].append(value_code)
            rows["unit"].append(cells[value_at + 1])
            rows["raw"].append(cells[value_at])
            rows["quality"].append(cells[-1] if layout.has_quality else "")
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc
    if statistic is None:
        raise InputError(path, "the file has a header but no lines of data", line=2)
    language = _language(language, path) or _infer_language(rows["raw"], rows["line"], path)
    _parse_values(rows, DECIMALS.get(language, ","), path)
    frame = pd.DataFrame(rows, columns=_FRAME_COLUMNS)
    frame["value"] = frame["value"].astype(float)
    name_code = _NAME_TABLE.match(path.name)
    return FlatTable(
        path=path,
        code=code or (name_code.group("code") if name_code else ""),
        statistics_code=statistic[0],
        statistics_label=statistic[1],
        language=language,
        layout=layout,
        frame=frame,
    )


def _parse_values(rows: dict[str, list], decimal: str, path: Path) -> None:
    """Fill ``value`` and ``flag`` from ``raw`` and the quality sign beside it."""
    for line, raw, quality in zip(rows["line"], rows["raw"], rows["quality"], strict=True):
        try:
            value, flag = flat_value(raw, decimal)
        except ValueError as exc:
            raise InputError(path, str(exc), line=line, column="value") from exc
        if quality and quality not in QUALITY_SIGNS:
            if quality not in OFFICIAL_MARKERS:
                raise InputError(
                    path,
                    f"unknown sign {quality!r}; known: {', '.join(sorted(QUALITY_SIGNS | set(OFFICIAL_MARKERS)))}",
                    line=line,
                    column=QUALITY_COLUMN,
                )
            if quality != flag:
                raise InputError(
                    path, f"the sign {quality!r} disagrees with the value {raw!r}", line=line, column=QUALITY_COLUMN
                )
        rows["value"].append(value)
        rows["flag"].append(flag)


def read_flat(path: Path, *, code: str = "", language: str | None = None) -> FlatTable:
    """Read and parse one flat CSV file (see ``parse_flat``)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc}") from exc
    return parse_flat(raw, path, code=code, language=language)


# ----------------------------------------------------------------------------------------------------
# specs and extracts


@dataclass(frozen=True)
class FlatSpec:
    """How one flat table becomes extract rows. Codes only; every code in the file must be listed here.

    ``regions`` are the variable codes that hold the area (exactly one per line). ``dimensions`` maps every
    other variable code to its attribute codes ('' is the total), each to a group part ('total' adds nothing)
    or False (known, left out on purpose). A figure's group joins the group of its value target and its parts
    in the order of ``dimensions`` (sex first, as in ``female_age_18_25``). ``values`` maps each
    ``value_variable_code`` to its target; ``units`` are the accepted ``value_unit`` labels.

    Checks: ``parts`` maps a parent category to its parts (with all other coordinates equal): a part is never
    larger than its parent. The parents in ``sums`` equal the sum of their parts within ``sum_tolerance``
    (checked where the parent and every part are in the file). ``multiple_of``: every value is a multiple of
    it. ``date``: the time of every cell; ``dates_from``: the earliest time a cell may have (where the basis
    begins, for tables the API serves with a new date every year).
    """

    name: str
    statistics_code: str
    regions: tuple[str, ...]
    values: Mapping[str, ColumnSpec]
    basis: str
    dimensions: Mapping[str, Mapping[str, str | bool]] = field(default_factory=dict)
    date: str | None = None
    dates_from: str | None = None
    table_codes: tuple[str, ...] = ()
    units: tuple[str, ...] = COUNT_UNITS
    parts: Mapping[Category, tuple[Category, ...]] = field(default_factory=dict)
    sums: tuple[Category, ...] = ()
    sum_tolerance: float = 0.0
    multiple_of: int | None = None
    #: German labels of variables that are not in ``schema.VARIABLES``.
    variables: Mapping[str, str] = field(default_factory=dict)
    #: What a reader of the extract must know about the table (copied into the sidecar).
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"spec {self.name}: basis {self.basis!r} is not in schema.BASES")
        for code, target in self.values.items():
            if target.variable not in VARIABLES and target.variable not in self.variables:
                raise ValueError(f"spec {self.name}: variable {target.variable!r} needs a label in 'variables'")
            names_ok = _VARIABLE_NAME.fullmatch(target.variable) and _GROUP_NAME.fullmatch(target.group)
            if target.unit not in UNITS or not names_ok:
                raise ValueError(f"spec {self.name}: bad variable, group or unit for {code}")
        for variable, attributes in self.dimensions.items():
            for attribute, part in attributes.items():
                if part is True or (isinstance(part, str) and not _GROUP_NAME.fullmatch(part)):
                    raise ValueError(f"spec {self.name}: bad group part {part!r} for {variable}/{attribute!r}")
        known = {(v, a) for v, attributes in self.dimensions.items() for a in attributes}
        for parent, children in self.parts.items():
            unknown = [c for c in (parent, *children) if c not in known]
            if unknown:
                raise ValueError(f"spec {self.name}: parts name unknown categories {unknown}")
        if not set(self.sums) <= set(self.parts):
            raise ValueError(f"spec {self.name}: every parent in 'sums' needs its parts in 'parts'")
        for date in (self.date, self.dates_from):
            if date is not None and parse_time(date) != date:
                raise ValueError(f"spec {self.name}: date {date!r} must be ISO (YYYY-MM-DD) or a year")

    def variable_labels(self, used) -> dict[str, str]:
        """German labels of the spec's own variables among ``used`` (for ``SourceMeta.variables``)."""
        return {v: self.variables[v] for v in sorted(set(used)) if v in self.variables}


@dataclass(slots=True)
class _Cell:
    line: int
    dims: tuple[Category, ...]
    value: float
    value_code: str
    time: str


def _region_position(table: FlatTable, spec: FlatSpec, line: int, variables: tuple[str, ...]) -> int:
    """The position (0-based) of the regional variable among a line's variables; every other one is known."""
    regions = [k for k, variable in enumerate(variables) if variable in spec.regions]
    if len(regions) != 1:
        raise InputError(
            table.path,
            f"{'a second' if regions else 'no'} regional variable ({', '.join(spec.regions)}) in this line",
            line=line,
            column=f"{regions[1] + 1 if regions else 1}_variable_code",
        )
    for k, variable in enumerate(variables):
        if k != regions[0] and variable not in spec.dimensions:
            raise InputError(
                table.path,
                f"variable {variable!r} is not in the spec '{spec.name}' (another table, or a changed layout?)",
                line=line,
                column=f"{k + 1}_variable_code",
            )
    return regions[0]


def _check_line(
    table: FlatTable, spec: FlatSpec, line: int, dims, labels, value_code: str, unit: str, positions: dict
) -> int:
    """Check the codes of one line against the spec; return the position of its regional variable.

    ``positions`` caches the position by the line's tuple of variable codes.
    """
    variables = tuple(variable for variable, _ in dims)
    region = positions.get(variables)
    if region is None:
        region = positions[variables] = _region_position(table, spec, line, variables)
    for k, (variable, attribute) in enumerate(dims):
        if k != region and attribute not in spec.dimensions[variable]:
            raise InputError(
                table.path,
                f"attribute {attribute!r} ({labels[k]}) of {variable} is not in the spec '{spec.name}'",
                line=line,
                column=f"{k + 1}_variable_attribute_code",
            )
    if value_code not in spec.values:
        raise InputError(
            table.path,
            f"value variable {value_code!r} is not in the spec '{spec.name}' ({', '.join(spec.values)})",
            line=line,
            column="value_variable_code",
        )
    if unit not in spec.units:
        raise InputError(
            table.path,
            f"unit {unit!r}, the spec '{spec.name}' expects {' / '.join(spec.units)}",
            line=line,
            column="value_unit",
        )
    return region


def _check_value(table: FlatTable, spec: FlatSpec, cell: _Cell, raw: str) -> None:
    if math.isnan(cell.value):
        return
    target = spec.values[cell.value_code]
    meta = VARIABLES.get(target.variable)
    if cell.value < 0 and (meta is None or meta.non_negative):
        raise InputError(table.path, f"negative figure {raw} for {target.variable}", line=cell.line, column="value")
    if spec.multiple_of and cell.value % spec.multiple_of:
        raise InputError(
            table.path,
            f"{raw} is not a multiple of {spec.multiple_of}: every cell of this table is rounded to a multiple of "
            f"{spec.multiple_of}",
            line=cell.line,
            column="value",
        )


def _replace(dims: tuple[Category, ...], old: Category, new: Category) -> tuple[Category, ...]:
    return tuple(new if pair == old else pair for pair in dims)


def _check_parts(table: FlatTable, spec: FlatSpec, cells: list[_Cell]) -> None:
    """A part is never larger than its parent; the parents in ``spec.sums`` equal the sum of their parts."""
    if not spec.parts:
        return
    # a variable keeps its position in the line, so the same attributes give the same tuple
    index = {(c.time, c.value_code, c.dims): c for c in cells}
    parent_of = {child: parent for parent, children in spec.parts.items() for child in children}
    for cell in cells:
        if math.isnan(cell.value):
            continue
        for pair in cell.dims:
            if pair in parent_of:
                parent = index.get((cell.time, cell.value_code, _replace(cell.dims, pair, parent_of[pair])))
                if parent and not math.isnan(parent.value) and cell.value > parent.value:
                    raise InputError(
                        table.path,
                        f"{pair[1] or 'total'} = {cell.value:g} is more than {parent_of[pair][1] or 'total'} = "
                        f"{parent.value:g} on line {parent.line}, of which it is a part",
                        line=cell.line,
                        column="value",
                    )
            if pair in spec.sums:
                parts = [
                    index.get((cell.time, cell.value_code, _replace(cell.dims, pair, c))) for c in spec.parts[pair]
                ]
                if any(p is None or math.isnan(p.value) for p in parts):
                    continue
                total = sum(p.value for p in parts)
                if abs(total - cell.value) > spec.sum_tolerance:
                    lines = ", ".join(str(p.line) for p in parts)
                    raise InputError(
                        table.path,
                        f"{pair[1] or 'total'} = {cell.value:g}, but its parts on lines {lines} add up to {total:g}"
                        + (f" (more than ± {spec.sum_tolerance:g} apart)" if spec.sum_tolerance else ""),
                        line=cell.line,
                        column="value",
                    )


def flat_to_extract(table: FlatTable, spec: FlatSpec, land: str | None = None) -> pd.DataFrame:
    """The extract rows (``schema.EXTRACT_COLUMNS``) of the Länder, Kreise and Gemeinden in ``table``.

    Every line of the file is checked against the spec (codes, unit, date, rounding, parts and sums), also
    those of areas left out; ``land`` ('08') keeps only that Land's areas. Rows whose attribute the spec
    leaves out (False) and areas of other levels (Deutschland, Bezirke, Gemeindeverbände) are not taken.
    """
    path = table.path
    if spec.table_codes and table.code not in spec.table_codes:
        raise InputError(
            path,
            f"table {table.code or '(no code)'} is not one the spec '{spec.name}' is written for "
            f"({', '.join(spec.table_codes)})",
        )
    if table.statistics_code != spec.statistics_code:
        raise InputError(
            path,
            f"statistic {table.statistics_code}, the spec '{spec.name}' is written for {spec.statistics_code}",
            line=2,
            column="statistics_code",
        )
    frame = table.frame
    cells, out = [], []
    order = list(spec.dimensions)
    names = ["line", "time", "dims", "labels", "value_code", "unit", "raw", "value", "flag"]
    positions: dict[tuple[str, ...], int] = {}
    for line, time, dims, labels, value_code, unit, raw, value, flag in zip(
        *(frame[name].tolist() for name in names), strict=True
    ):
        region = _check_line(table, spec, line, dims, labels, value_code, unit, positions)
        if spec.date and time != spec.date:
            raise InputError(
                path, f"the cell is dated {time}, the spec '{spec.name}' expects {spec.date}", line=line, column="time"
            )
        if spec.dates_from and time < spec.dates_from:
            raise InputError(
                path,
                f"the cell is dated {time}, before {spec.dates_from}, from which on the spec '{spec.name}' holds "
                f"(basis {spec.basis})",
                line=line,
                column="time",
            )
        cell = _Cell(line, dims, value, value_code, time)
        _check_value(table, spec, cell, raw)
        cells.append(cell)
        key = dims[region][1]
        try:
            area = classify_region_key(key)
        except ValueError as exc:
            raise InputError(path, str(exc), line=line, column=f"{region + 1}_variable_attribute_code") from exc
        if area is None or (land and not area[0].startswith(land)):
            continue
        attributes = dict(dims[:region] + dims[region + 1 :])
        parts = [spec.dimensions[v][attributes[v]] for v in order if v in attributes]
        if False in parts:
            continue
        target = spec.values[value_code]
        out.append(
            (line, area[0], labels[region], area[1], time, target, reduce(row_group, parts, target.group), value, flag)
        )
    _check_parts(table, spec, cells)
    seen: dict[tuple, int] = {}
    for line, ags, _, _, time, target, group, *_ in out:
        key = (ags, time, target.variable, group)
        if key in seen:
            raise InputError(
                path,
                f"this cell gives the same figure {key} as line {seen[key]}",
                line=line,
                column="value_variable_code",
            )
        seen[key] = line
    return pd.DataFrame(
        {
            "ags": [r[1] for r in out],
            "area_name": [r[2] for r in out],
            "area_level": [r[3] for r in out],
            "date": [r[4] for r in out],
            "variable": [r[5].variable for r in out],
            "group": [r[6] for r in out],
            "value": pd.Series([r[7] for r in out], dtype=float),
            "flag": [r[8] for r in out],
            "unit": [r[5].unit for r in out],
            "basis": spec.basis,
            "row_source": "",
            "quote": "",
        },
        columns=list(EXTRACT_COLUMNS),
    )


def flat_notes(table: FlatTable, spec: FlatSpec, frame: pd.DataFrame) -> list[str]:
    """Sidecar notes: what the file is, what the extract leaves out, markers and quality signs."""
    notes = [
        f"Read from the GENESIS flat CSV (ffcsv, {table.language or 'whole numbers only'}) {table.path.name}: "
        f"{len(table.frame)} cells of statistic {table.statistics_code} '{table.statistics_label}'.",
        *spec.notes,
    ]
    if spec.multiple_of:
        notes.append(
            f"Every cell is rounded to a multiple of {spec.multiple_of} by the publisher (checked on import): sums "
            "of cells differ from the true totals."
        )
    regions = {key for dims in table.frame["dims"] for variable, key in dims if variable in spec.regions}
    left_out = len(regions) - frame["ags"].nunique()
    if left_out:
        notes.append(f"{left_out} area(s) of other Länder or levels are in the file but not in the extract.")
    flags = Counter(f for f in frame["flag"] if f)
    if flags:
        notes.append("Official markers kept as flag: " + ", ".join(f"'{f}' × {n}" for f, n in sorted(flags.items())))
    quality = Counter(q for q in table.frame["quality"] if q in QUALITY_SIGNS)
    if quality:
        notes.append(
            "Quality signs beside the values (not kept in the extract): "
            + ", ".join(f"'{q}' × {n}" for q, n in sorted(quality.items()))
        )
    return notes
