"""The raw-extract format: round trip, and a clear error with file, line and column for every bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from factories import sample_meta

from integration_analysis.core.errors import InputError
from integration_analysis.core.schema import EXTRACT_COLUMNS
from integration_analysis.sources.extract import format_number, read_extract, write_extract

HEADER = ",".join(EXTRACT_COLUMNS)
GOOD_ROWS = [
    "08236070,Keltern,gemeinde,2023-12-31,population,total,9098,,persons,update_census_2011,,",
    "08236070,Keltern,gemeinde,2023-12-31,population,male,4525,,persons,update_census_2011,,",
    "08236,Enzkreis,kreis,2015,unemployed,total,3036,,persons,ba_statistics,,",
    "08236011,Eisingen,gemeinde,2015,unemployed_foreigners,age_15_to_19,,na,persons,ba_statistics,,",
    '08,Baden-Württemberg,land,2023-11,foreigners_share,total,18.5,,percent,other,S10,"lag zuletzt bei 18,5"',
]


def write(
    tmp_path: Path,
    rows: list[str],
    header: str = HEADER,
    name: str = "table.csv",
    encoding: str = "utf-8",
    newline_at_end: bool = True,
) -> Path:
    path = tmp_path / name
    text = "\n".join([header, *rows]) + ("\n" if newline_at_end else "")
    path.write_bytes(text.encode(encoding))
    return path


def with_cell(row: int, column: str, value: str) -> list[str]:
    """GOOD_ROWS with one cell replaced (row index into GOOD_ROWS, column by name)."""
    rows = [r.split(",", len(EXTRACT_COLUMNS) - 1) for r in GOOD_ROWS[:4]]
    rows[row][EXTRACT_COLUMNS.index(column)] = value
    return [",".join(r) for r in rows]


def test_reads_values_flags_and_quotes(tmp_path):
    frame = read_extract(write(tmp_path, GOOD_ROWS))
    assert list(frame.columns) == list(EXTRACT_COLUMNS)
    assert frame.loc[0, "ags"] == "08236070"  # the leading zero is kept
    assert frame.loc[0, "value"] == 9098.0
    assert pd.isna(frame.loc[3, "value"]) and frame.loc[3, "flag"] == "na"
    assert frame.loc[4, "value"] == 18.5
    assert frame.loc[4, "quote"] == "lag zuletzt bei 18,5"


def test_write_then_read_round_trip_is_exact_and_deterministic(tmp_path):
    frame = read_extract(write(tmp_path, GOOD_ROWS))
    meta = sample_meta(reference_date="2023")
    out = tmp_path / "out"
    first = write_extract(frame, meta, out, "t")
    data = first.read_bytes()
    again = read_extract(first)
    pd.testing.assert_frame_equal(
        again.sort_values(["ags", "group"]).reset_index(drop=True),
        frame.sort_values(["ags", "group"]).reset_index(drop=True),
        check_like=True,
    )
    write_extract(again.sample(frac=1, random_state=1), meta, out, "t")
    assert first.read_bytes() == data  # row order does not change the bytes
    assert oct(first.stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize(("value", "text"), [(3036.0, "3036"), (22.6, "22.6"), (0.1, "0.1"), (1.15, "1.15")])
def test_format_number_is_the_shortest_exact_text(value, text):
    assert format_number(value) == text


def test_write_refuses_a_bad_frame_before_touching_the_disk(tmp_path):
    frame = read_extract(write(tmp_path, GOOD_ROWS))
    frame.loc[0, "unit"] = "people"
    meta = sample_meta()
    with pytest.raises(InputError, match="unknown unit"):
        write_extract(frame, meta, tmp_path / "out", "t")
    assert not (tmp_path / "out" / "t.csv").exists()


# Each malformed input: (rows, header, encoding, expected line, expected column, words in the message)
MALFORMED = {
    "non-numeric value": (with_cell(1, "value", "abc"), 3, "value", "plain number"),
    "decimal comma": (with_cell(0, "value", '"9098,5"'), 2, "value", "plain number"),
    "negative-looking text": (with_cell(0, "value", "-"), 2, "value", "plain number"),
    "unknown marker": (with_cell(3, "flag", "?"), 5, "flag", "unknown marker"),
    "empty value without flag": (with_cell(2, "value", ""), 4, "value", "no flag says why"),
    "flag beside a value": (with_cell(0, "flag", "."), 2, "value", "stands beside a value"),
    "short key": (with_cell(0, "ags", "8236070"), 2, "ags", "8 for a gemeinde"),
    "key with letters": (with_cell(2, "ags", "0823X"), 4, "ags", "all digits"),
    "unknown level": (with_cell(2, "area_level", "bezirk"), 4, "area_level", "area level"),
    "bad date": (with_cell(0, "date", "31.12.2023"), 2, "date", "YYYY-MM-DD"),
    "unknown unit": (with_cell(0, "unit", "people"), 2, "unit", "unknown unit"),
    "unknown basis": (with_cell(1, "basis", "zensus"), 3, "basis", "unknown basis"),
    "variable with spaces": (with_cell(0, "variable", "Bevölkerung insgesamt"), 2, "variable", "snake_case"),
    "empty name": (with_cell(1, "area_name", ""), 3, "area_name", "empty"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_cell_is_named_by_file_line_and_column(tmp_path, case):
    rows, line, column, words = MALFORMED[case]
    path = write(tmp_path, rows)
    with pytest.raises(InputError, match=words) as info:
        read_extract(path)
    message = str(info.value)
    assert "table.csv" in message
    assert f"line {line}" in message
    assert f"column '{column}'" in message


def test_missing_column(tmp_path):
    header = HEADER.replace(",basis", "")
    rows = [r.rsplit(",", 3)[0] + ",," for r in GOOD_ROWS[:2]]
    with pytest.raises(InputError, match="required column is missing") as info:
        read_extract(write(tmp_path, rows, header=header))
    assert "column 'basis'" in str(info.value) and "line 1" in str(info.value)


def test_renamed_column(tmp_path):
    with pytest.raises(InputError, match="missing") as info:
        read_extract(write(tmp_path, GOOD_ROWS, header=HEADER.replace("value", "wert")))
    assert "column 'value'" in str(info.value)


def test_columns_out_of_order(tmp_path):
    header = HEADER.replace("unit,basis", "basis,unit")
    with pytest.raises(InputError, match="out of order"):
        read_extract(write(tmp_path, GOOD_ROWS, header=header))


def test_wrong_encoding_names_the_line(tmp_path):
    path = write(tmp_path, GOOD_ROWS, encoding="latin-1")
    with pytest.raises(InputError, match="not UTF-8") as info:
        read_extract(path)
    assert "line 6" in str(info.value)  # the Land row with "ü" is the sixth line


def test_wrong_separator(tmp_path):
    path = write(tmp_path, [r.replace(",", ";") for r in GOOD_ROWS], header=HEADER.replace(",", ";"))
    with pytest.raises(InputError, match="semicolon-separated"):
        read_extract(path)


def test_row_with_too_many_fields(tmp_path):
    rows = [*GOOD_ROWS[:2], GOOD_ROWS[2] + ",extra"]
    with pytest.raises(InputError, match="malformed CSV") as info:
        read_extract(write(tmp_path, rows))
    assert "line 4" in str(info.value)


def test_truncated_file(tmp_path):
    path = write(tmp_path, GOOD_ROWS, newline_at_end=False)
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(InputError, match="truncated"):
        read_extract(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty") as info:
        read_extract(path)
    assert "empty.csv" in str(info.value)


def test_header_only(tmp_path):
    with pytest.raises(InputError, match="no rows"):
        read_extract(write(tmp_path, []))


def test_reading_never_writes(tmp_path):
    path = write(tmp_path, with_cell(1, "value", "abc"))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(InputError):
        read_extract(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
