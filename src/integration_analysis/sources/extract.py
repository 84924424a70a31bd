"""The project's own raw-extract format: the reader and writer of every table in ``data/raw``.

An extract is a UTF-8 CSV with the columns ``schema.EXTRACT_COLUMNS``, one published figure per row, values as
the publisher printed them (only the number format is normalised: dot decimal, no thousands separator) and
official markers in ``flag``. Every extract has a provenance sidecar (``provenance.py``).

The reader is strict: every problem is an ``InputError`` with file, line and column, and nothing is coerced.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.atomic import write_bytes_atomic
from ..core.errors import InputError
from ..core.provenance import SourceMeta, write_sidecar
from ..core.schema import AREA_LEVELS, BASES, DATE_PATTERN, EXTRACT_COLUMNS, FLAGS, FLAGS_WITH_VALUE, UNITS
from .text import check_complete_rows

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_SORT_COLUMNS = ["area_level", "ags", "date", "variable", "group", "basis"]


def _first_bad(mask: pd.Series) -> int | None:
    """Position of the first True in ``mask`` or None."""
    hits = np.flatnonzero(mask.to_numpy())
    return int(hits[0]) if len(hits) else None


def _fail(path: Path, frame: pd.DataFrame, mask: pd.Series, column: str, message: str) -> None:
    pos = _first_bad(mask)
    if pos is None:
        return
    count = int(mask.sum())
    more = f" ({count - 1} more row(s) like it)" if count > 1 else ""
    value = frame[column].iloc[pos]
    # line 1 is the header; fields never contain line breaks (the writer forbids them)
    raise InputError(path, f"{message}, got {value!r}{more}", line=pos + 2, column=column)


def read_extract(path: Path) -> pd.DataFrame:
    """Read and check one raw extract; ``value`` becomes a float column (NaN where a flag replaces it)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc}") from exc
    return parse_extract(raw, path)


def parse_extract(raw: bytes, path: Path) -> pd.DataFrame:
    """Check the bytes of an extract (``path`` names it in errors) and return its frame."""
    if not raw.strip():
        raise InputError(path, "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 (byte {raw[exc.start]:#x}); raw extracts are UTF-8", line=line) from exc
    header = text.split("\n", 1)[0].rstrip("\r")
    if header.count(";") > header.count(","):
        raise InputError(path, "semicolon-separated; raw extracts are comma-separated", line=1)
    check_complete_rows(text, path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise InputError(path, f"malformed CSV: {exc}", line=int(match.group(1)) if match else None) from exc
    columns = list(frame.columns)
    if columns != list(EXTRACT_COLUMNS):
        missing = [c for c in EXTRACT_COLUMNS if c not in columns]
        extra = [c for c in columns if c not in EXTRACT_COLUMNS]
        if missing:
            raise InputError(
                path,
                f"required column is missing (found {extra or 'no other'} instead)",
                line=1,
                column=missing[0],
            )
        if extra:
            raise InputError(path, "unexpected column", line=1, column=extra[0])
        raise InputError(path, f"columns are out of order; expected {', '.join(EXTRACT_COLUMNS)}", line=1)
    if frame.empty:
        raise InputError(path, "the file has a header but no rows", line=2)

    level_len = frame["area_level"].map(AREA_LEVELS)
    _fail(path, frame, level_len.isna(), "area_level", f"area level must be one of {sorted(AREA_LEVELS)}")
    bad_ags = ~frame["ags"].str.fullmatch(r"\d+") | (frame["ags"].str.len() != level_len)
    _fail(
        path,
        frame,
        bad_ags,
        "ags",
        "the key must be all digits, 8 for a gemeinde, 5 for a kreis, 2 for a land",
    )
    _fail(path, frame, frame["area_name"].str.strip() == "", "area_name", "the area name is empty")
    _fail(
        path,
        frame,
        ~frame["date"].str.match(DATE_PATTERN),
        "date",
        "the date must be YYYY-MM-DD, YYYY-MM, YYYY or YYYY/YYYY",
    )
    _fail(
        path,
        frame,
        ~frame["variable"].str.fullmatch(r"[a-z][a-z0-9_]*"),
        "variable",
        "a variable name is snake_case",
    )
    _fail(
        path,
        frame,
        ~frame["group"].str.fullmatch(r"[a-z0-9][a-z0-9_]*"),
        "group",
        "a group name is snake_case ('total' for no breakdown)",
    )
    _fail(path, frame, ~frame["flag"].isin(list(FLAGS)), "flag", f"unknown marker; known: {sorted(FLAGS)}")
    _fail(path, frame, ~frame["unit"].isin(list(UNITS)), "unit", f"unknown unit; known: {sorted(UNITS)}")
    _fail(path, frame, ~frame["basis"].isin(list(BASES)), "basis", f"unknown basis; known: {sorted(BASES)}")
    has_value = frame["value"] != ""
    _fail(
        path,
        frame,
        has_value & ~frame["value"].str.match(_NUMBER),
        "value",
        "a value is a plain number with a dot as decimal separator",
    )
    needs_value = frame["flag"].isin(list(FLAGS_WITH_VALUE))
    _fail(
        path,
        frame,
        needs_value & ~has_value,
        "value",
        "the value is empty but no flag says why (use a marker such as '.' or 'na')",
    )
    _fail(
        path,
        frame,
        ~needs_value & has_value,
        "value",
        "a flag that replaces the number stands beside a value",
    )

    frame["value"] = pd.to_numeric(frame["value"].where(has_value), errors="raise")
    return frame


def _cell_text(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str)


def format_extract(frame: pd.DataFrame) -> bytes:
    """Render an extract frame as the bytes of its CSV file (sorted, deterministic)."""
    missing = [c for c in EXTRACT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"extract frame lacks columns {missing}")
    out = frame.loc[:, list(EXTRACT_COLUMNS)].copy()
    values = pd.to_numeric(out["value"], errors="raise")
    out["value"] = [("" if pd.isna(v) else format_number(float(v))) for v in values]
    for column in EXTRACT_COLUMNS:
        if column != "value":
            out[column] = _cell_text(out[column])
            if out[column].str.contains(r"[\r\n]").any():
                raise ValueError(f"column {column!r} holds a line break; extracts keep one figure per line")
    out = out.sort_values(_SORT_COLUMNS, kind="stable")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def format_number(value: float) -> str:
    """``3036.0`` → ``"3036"``, ``22.6`` → ``"22.6"``: the shortest exact text of the published number."""
    if value.is_integer():
        return str(int(value))
    return repr(value)


def write_extract(frame: pd.DataFrame, meta: SourceMeta, raw_dir: Path, stem: str) -> Path:
    """Write ``frame`` as ``raw_dir/stem.csv`` and its sidecar, both atomically; return the CSV path.

    The bytes are checked with ``parse_extract`` before anything is written, so an importer can never leave an
    extract that the project itself would reject.
    """
    path = Path(raw_dir) / f"{stem}.csv"
    data = format_extract(frame)
    parse_extract(data, path)
    meta.rows = int(len(frame))
    write_bytes_atomic(path, data)
    write_sidecar(path, meta)
    return path
