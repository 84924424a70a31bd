"""The BA importer "Arbeitslose nach Gemeinden": golden values from the five published files, the raw extracts
it writes, and one test per kind of malformed input (made from a small excerpt of the 2015 file)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from integration_analysis.core.errors import ChecksumError, InputError
from integration_analysis.core.provenance import read_sidecar, sidecar_path, verify_extract
from integration_analysis.core.schema import EXTRACT_COLUMNS
from integration_analysis.sources.ba_unemployment import import_ba_unemployment, read_ba_table, read_ba_unemployment
from integration_analysis.sources.extract import read_extract
from integration_analysis.sources.official import allow_user_files

BA_FOLDER = "ba-arbeitslose-gemeinden"
YEARS = ("2011", "2012", "2013", "2014", "2015")
ENZKREIS = "08236"
#: mini_2015.csv: lines 1-30 are the header of the 2015 file (cells with line breaks), line 31 Deutschland.
BIRKENFELD_LINE, EISINGEN_LINE = 37, 38
#: Enzkreis row, column 1 ("insgesamt", Rechtskreise SGB III und SGB II), as printed in each file
ENZKREIS_TOTALS = {"2011": 2976, "2012": 2760, "2013": 2876, "2014": 2962, "2015": 3036}


def value(frame: pd.DataFrame, ags: str, variable: str, group: str = "total") -> float:
    rows = frame[(frame["ags"] == ags) & (frame["variable"] == variable) & (frame["group"] == group)]
    assert len(rows) == 1, (ags, variable, group)
    return float(rows["value"].iloc[0])


def flag(frame: pd.DataFrame, ags: str, variable: str, group: str) -> str:
    rows = frame[(frame["ags"] == ags) & (frame["variable"] == variable) & (frame["group"] == group)]
    return str(rows["flag"].iloc[0])


# ---------------------------------------------------------------- the published files


@pytest.fixture(scope="module")
def published(shared_data: Path) -> dict[str, pd.DataFrame]:
    folder = shared_data / "official" / BA_FOLDER
    frames = {}
    for path in sorted(folder.glob("*.csv")):
        frame, year = read_ba_unemployment(path)
        frames[year] = frame
    return frames


@pytest.mark.shared_data
def test_each_file_is_one_year(published: dict[str, pd.DataFrame]) -> None:
    assert tuple(published) == YEARS
    for year, frame in published.items():
        assert list(frame.columns) == list(EXTRACT_COLUMNS)
        assert set(frame["date"]) == {year}
        assert set(frame["unit"]) == {"persons"} and set(frame["basis"]) == {"ba_statistics"}
        assert set(frame["row_source"]) == {""} and set(frame["quote"]) == {""}


@pytest.mark.shared_data
def test_enzkreis_2015(published: dict[str, pd.DataFrame]) -> None:
    frame = published["2015"]
    assert value(frame, ENZKREIS, "unemployed") == 3036
    assert value(frame, ENZKREIS, "unemployed_foreigners") == 706
    assert value(frame, ENZKREIS, "unemployed", "age_15_to_24") == 313
    assert value(frame, ENZKREIS, "unemployed", "age_50_plus") == 1179  # "50 Jahre und älter" in 2015
    assert value(frame, ENZKREIS, "unemployed", "sgb3_total") == 1802
    assert value(frame, ENZKREIS, "unemployed", "sgb2_total") == 1233  # 1802 + 1233 = 3035: rounded averages
    assert value(frame, ENZKREIS, "unemployed_foreigners", "sgb2_total") == 390
    kreis = frame[frame["ags"] == ENZKREIS]
    assert set(kreis["area_name"]) == {"Enzkreis"} and set(kreis["area_level"]) == {"kreis"}


@pytest.mark.shared_data
def test_municipalities_2015(published: dict[str, pd.DataFrame]) -> None:
    frame = published["2015"]
    assert value(frame, "08236004", "unemployed") == 168  # Birkenfeld
    assert value(frame, "08236004", "unemployed_foreigners") == 34
    assert value(frame, "08236040", "unemployed") == 550  # Mühlacker
    assert value(frame, "08236040", "unemployed_foreigners") == 202
    assert value(frame, "08236070", "unemployed") == 132  # Keltern
    assert value(frame, "08236070", "unemployed_foreigners") == 11
    assert value(frame, "08236011", "unemployed") == 79  # Eisingen
    assert set(frame.loc[frame["ags"] == "08236033", "area_name"]) == {"Knittlingen, Stadt"}


@pytest.mark.shared_data
def test_unpublished_cells_stay_missing(published: dict[str, pd.DataFrame]) -> None:
    frame = published["2015"]
    # Eisingen 2015, columns 7 and 8 (foreigners 15-19, 15-24) are empty in the file
    for group in ("age_15_to_19", "age_15_to_24"):
        assert math.isnan(value(frame, "08236011", "unemployed_foreigners", group))
        assert flag(frame, "08236011", "unemployed_foreigners", group) == "na"
    assert value(frame, "08236011", "unemployed_foreigners", "age_50_plus") == 3
    assert value(frame, "08236013", "unemployed", "age_15_to_19") == 0  # Engelsbrand: a published zero
    assert flag(frame, "08236013", "unemployed", "age_15_to_19") == ""
    assert (frame["value"].isna() == (frame["flag"] == "na")).all()
    assert (published["2011"]["flag"] == "").all()  # 2011-2014 print every cell


@pytest.mark.shared_data
def test_municipalities_do_not_add_up_exactly(published: dict[str, pd.DataFrame]) -> None:
    for year, kreis_total, municipal_sum in (("2015", 3036, 3034), ("2011", 2976, 2975)):
        frame = published[year]
        totals = frame[(frame["variable"] == "unemployed") & (frame["group"] == "total")]
        municipalities = totals[totals["ags"].str.startswith(ENZKREIS) & (totals["area_level"] == "gemeinde")]
        assert len(municipalities) == 28
        assert municipalities["value"].sum() == municipal_sum
        assert value(frame, ENZKREIS, "unemployed") == kreis_total


@pytest.mark.shared_data
def test_areas_in_every_year(published: dict[str, pd.DataFrame]) -> None:
    enzkreis = None
    for frame in published.values():
        areas = frame.drop_duplicates("ags")
        assert set(areas["ags"].str.len()) == {2, 5, 8}  # no Regierungsbezirke (3 digits), no other Land
        assert areas["ags"].str.startswith("08").all()
        land = areas[areas["area_level"] == "land"]
        assert list(land["ags"]) == ["08"] and list(land["area_name"]) == ["Baden-Württemberg"]
        codes = set(areas.loc[(areas["area_level"] == "gemeinde") & areas["ags"].str.startswith(ENZKREIS), "ags"])
        assert len(codes) == 28
        assert enzkreis is None or codes == enzkreis
        enzkreis = codes
        assert len(frame) == len(areas) * 30
    assert {"08236038", "08236065", "08236070", "08236073"} <= enzkreis  # the pilots


@pytest.mark.shared_data
def test_age_groups_follow_the_header(published: dict[str, pd.DataFrame]) -> None:
    groups_2011 = set(published["2011"]["group"])
    groups_2015 = set(published["2015"]["group"])
    assert {"age_50_to_64", "sgb3_age_50_to_64", "sgb2_age_50_to_64"} <= groups_2011
    assert not any("50_plus" in g for g in groups_2011)
    assert {"age_50_plus", "sgb3_age_50_plus", "sgb2_age_50_plus"} <= groups_2015
    assert not any("50_to_64" in g for g in groups_2015)
    for groups in (groups_2011, groups_2015):
        assert {"total", "age_15_to_19", "age_15_to_24", "age_55_to_64", "sgb3_total", "sgb2_total"} <= groups
        assert len(groups) == 15
    frame = published["2011"]
    assert value(frame, ENZKREIS, "unemployed", "age_50_to_64") == 1079
    assert value(frame, ENZKREIS, "unemployed_foreigners") == 621
    assert value(frame, "08", "unemployed") == 226859


@pytest.mark.shared_data
def test_title_of_2013_contradicts_its_period(shared_data: Path) -> None:
    table = read_ba_table(shared_data / "official" / BA_FOLDER / "2013jz-gem21_d_0.csv")
    assert table.year == "2013" and table.period == "Jahreszahlen 2013"
    assert any("Dezember 2013" in note for note in table.notes)


@pytest.mark.shared_data
def test_import_writes_five_extracts(shared_data: Path, tmp_path: Path) -> None:
    paths = import_ba_unemployment(shared_data, tmp_path, "2025-01-31")
    assert [p.name for p in paths] == [f"ba_arbeitslose_gemeinden_{y}.csv" for y in YEARS]
    for path, year in zip(paths, YEARS, strict=True):
        frame = read_extract(path)
        assert value(frame, ENZKREIS, "unemployed") == ENZKREIS_TOTALS[year]
        meta = verify_extract(path)
        assert meta == read_sidecar(sidecar_path(path))
        assert meta.source_id == f"ba_arbeitslose_gemeinden_{year}" and meta.reference_date == year
        assert meta.publisher == "Statistik der Bundesagentur für Arbeit"
        assert meta.title.startswith("Arbeitslose nach Gemeinden, Jahres") and year in meta.title
        assert meta.citation.startswith(
            f"Statistik der Bundesagentur für Arbeit: Arbeitslose nach Gemeinden, Jahreszahlen {year}"
        )
        assert meta.retrieved_from.startswith("hhilbig/regional_data@")
        assert meta.original_file.startswith(f"{BA_FOLDER}/") and len(meta.original_sha256) == 64
        assert meta.compiled_on == "2025-01-31" and meta.rows == len(frame)
        assert "Enzkreis" not in meta.coverage and "35 Kreise" in meta.coverage
        assert any("Stuttgart, Landeshauptstadt (08111000)" in note for note in meta.notes)
    extract_2015 = read_extract(paths[-1])
    assert math.isnan(value(extract_2015, "08236011", "unemployed_foreigners", "age_15_to_19"))
    assert flag(extract_2015, "08236011", "unemployed_foreigners", "age_15_to_19") == "na"


# ---------------------------------------------------------------- the excerpt and its mutations


@pytest.fixture
def mini(fixtures_dir: Path) -> Path:
    return fixtures_dir / "ba" / "mini_2015.csv"


def mini_text(fixtures_dir: Path) -> str:
    return (fixtures_dir / "ba" / "mini_2015.csv").read_bytes().decode("latin-1")


def set_cell(text: str, key: str, column: int, new: str) -> str:
    """Replace numbered column ``column`` (1 = "insgesamt") in the row of ``key``."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key},"))
    cells = next(csv.reader([lines[index]]))
    cells[column + 1] = new
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[index] = out.getvalue()
    return "\n".join(lines)


def row_of(text: str, key: str) -> str:
    return next(line for line in text.split("\n") if line.startswith(f"{key},")) + "\n"


def write_variant(tmp_path: Path, data: bytes | str, name: str = "mini_2015.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("latin-1") if isinstance(data, str) else data)
    return path


def test_mini_excerpt(mini: Path) -> None:
    frame, year = read_ba_unemployment(mini)
    assert year == "2015"
    assert list(frame.columns) == list(EXTRACT_COLUMNS)
    areas = frame.drop_duplicates("ags").set_index("ags")
    assert list(areas.index) == ["08", "08236", "08236004", "08236011", "08236033"]  # no 082, no Land 01
    assert list(areas["area_level"]) == ["land", "kreis", "gemeinde", "gemeinde", "gemeinde"]
    assert areas.loc["08236033", "area_name"] == "Knittlingen, Stadt"
    assert len(frame) == 5 * 30
    assert value(frame, "08", "unemployed") == 227098  # "227,098 "
    assert value(frame, "08236004", "unemployed_foreigners", "sgb2_age_55_to_64") == 2
    assert math.isnan(value(frame, "08236011", "unemployed_foreigners", "sgb2_age_55_to_64"))  # last cell, empty
    assert (frame.loc[frame["value"].isna(), "flag"] == "na").all()
    assert (frame.loc[frame["value"].notna(), "flag"] == "").all()


def test_other_land(mini: Path) -> None:
    frame, _ = read_ba_unemployment(mini, land="01")
    assert list(frame.drop_duplicates("ags")["ags"]) == ["01", "01001000"]  # Flensburg: a kreisfreie Stadt
    with pytest.raises(ValueError, match="two-digit"):
        read_ba_unemployment(mini, land="8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_download_reads_the_same(fixtures_dir: Path, mini: Path, tmp_path: Path, encoding: str) -> None:
    path = write_variant(tmp_path, mini_text(fixtures_dir).encode(encoding))
    expected, _ = read_ba_unemployment(mini)
    frame, _ = read_ba_unemployment(path)
    pd.testing.assert_frame_equal(frame, expected)


def test_crlf_line_ends_keep_line_numbers(fixtures_dir: Path, tmp_path: Path) -> None:
    text = set_cell(mini_text(fixtures_dir), "08236004", 4, "abc ").replace("\n", "\r\n")
    with pytest.raises(InputError) as caught:
        read_ba_unemployment(write_variant(tmp_path, text))
    assert caught.value.line == BIRKENFELD_LINE and caught.value.column == "4"


def test_age_groups_until_2014(fixtures_dir: Path, tmp_path: Path) -> None:
    text = mini_text(fixtures_dir).replace('"50 Jahre \nund älter"', "50 bis unter 65 Jahre")
    frame, _ = read_ba_unemployment(write_variant(tmp_path, text))
    assert value(frame, "08236", "unemployed", "age_50_to_64") == 1179
    assert not frame["group"].str.contains("50_plus").any()


Mutation = Callable[[str], str]


def _drop_footer(text: str) -> str:
    return text[: text.index("©")]


def _cut_inside_row(text: str) -> str:
    return text[: text.index("08236011,Eisingen,79 ,2") + len("08236011,Eisingen,79 ,2")]


def _duplicate_row(text: str) -> str:
    return text.replace(row_of(text, "08236011"), row_of(text, "08236011") + row_of(text, "08236004"))


def _drop_last_field(text: str) -> str:
    row = row_of(text, "08236004")
    return text.replace(row, row[: row.rindex(",")] + "\n")


def _drop_row(key: str) -> Mutation:
    return lambda text: text.replace(row_of(text, key), "")


#: (id, mutation, part of the message, line, column); line/column None where the error has none
CASES: list[tuple[str, Mutation, str, int | None, str | None]] = [
    ("not_a_number", lambda t: set_cell(t, "08236004", 6, "abc "), "not a count", BIRKENFELD_LINE, "6"),
    ("decimal_comma", lambda t: set_cell(t, "08236004", 2, "3,5 "), "not a count", BIRKENFELD_LINE, "2"),
    ("german_thousands", lambda t: set_cell(t, "08236", 1, "3.036 "), "not a count", 36, "1"),
    ("negative", lambda t: set_cell(t, "08236004", 2, "-4 "), "negative number", BIRKENFELD_LINE, "2"),
    (
        "foreigners_over_total",
        lambda t: set_cell(t, "08236004", 6, "200 "),
        "greater than its total",
        BIRKENFELD_LINE,
        "6",
    ),
    (
        "age_group_over_total",
        lambda t: set_cell(t, "08236004", 3, "169 "),
        "15 bis unter 25 Jahre",
        BIRKENFELD_LINE,
        "3",
    ),
    (
        "foreign_age_group_over_foreigners",
        lambda t: set_cell(t, "08236004", 8, "35 "),
        "darunter Ausländer, 15",
        BIRKENFELD_LINE,
        "8",
    ),
    (
        "sgb2_part_over_sgb2_total",
        lambda t: set_cell(t, "08236011", 25, "28 "),
        "Rechtskreis SGB II: insgesamt",
        EISINGEN_LINE,
        "25",
    ),
    ("duplicate_key", _duplicate_row, "duplicate key '08236004' (first on line 37)", 39, "Schlüssel"),
    (
        "key_of_seven_digits",
        lambda t: t.replace("08236004,", "0823604,"),
        "has 7 digits",
        BIRKENFELD_LINE,
        "Schlüssel",
    ),
    (
        "key_not_digits",
        lambda t: t.replace("08236004,", "08236OO4,"),
        "not all digits",
        BIRKENFELD_LINE,
        "Schlüssel",
    ),
    (
        "empty_key_in_the_middle",
        lambda t: t.replace("08236004,", ","),
        "has 0 digits",
        BIRKENFELD_LINE,
        "Schlüssel",
    ),
    (
        "empty_name",
        lambda t: t.replace("08236004,Birkenfeld,", "08236004, ,"),
        "name is empty",
        BIRKENFELD_LINE,
        "Gemeinde",
    ),
    ("too_few_fields", _drop_last_field, "expected 32 fields", BIRKENFELD_LINE, None),
    (
        "bad_quoting",
        lambda t: t.replace('08236,Enzkreis,"3,036 "', '08236,Enzkreis,"3,036 "x'),
        "malformed CSV",
        36,
        None,
    ),
    (
        "heading_renamed",
        lambda t: t.replace("darunter Ausländer", "darunter Deutsche", 1),
        "unexpected column heading 'darunter Deutsche'",
        6,
        "6",
    ),
    (
        "heading_points_elsewhere",
        lambda t: t.replace("dar. (Spalte 1)", "dar. (Spalte 2)"),
        "unexpected column heading",
        6,
        "2",
    ),
    (
        "scope_missing",
        lambda t: t.replace(" Rechtskreis SGB II,", ","),
        "lacks the legal scope 'Rechtskreis SGB II'",
        5,
        None,
    ),
    (
        "scope_unknown",
        lambda t: t.replace(" Rechtskreis SGB II,", " Rechtskreis SGB XII,"),
        "unknown legal scope 'Rechtskreis SGB XII'",
        5,
        "21",
    ),
    (
        "age_group_unknown",
        lambda t: t.replace("15 bis unter 25 Jahre", "15 bis 25 Jahre", 1),
        "unknown age group '15 bis 25 Jahre'",
        16,
        "3",
    ),
    ("column_numbers", lambda t: t.replace("6 ,7 ,8", "6 ,6 ,8"), "found '6'", 30, "7"),
    (
        "header_line_missing",
        lambda t: t.replace('"Länder, Regierungsbezirke, Kreise und Gemeinden in Deutschland"' + "," * 31 + "\n", ""),
        "expected 7 header lines",
        29,
        None,
    ),
    (
        "other_table",
        lambda t: t.replace("Arbeitslose nach Gemeinden", "Arbeitslose nach Kreisen"),
        "not the BA table",
        1,
        None,
    ),
    (
        "monthly_table",
        lambda t: t.replace("Jahreszahlen/-durchschnitte 2015", "Dezember 2015"),
        "only the yearly tables",
        4,
        None,
    ),
    (
        "title_year_differs",
        lambda t: t.replace("Gemeinden     Jahreszahlen 2015", "Gemeinden     Jahreszahlen 2014"),
        "the title line says 2014",
        1,
        None,
    ),
    ("semicolons", lambda t: t.replace(",", ";"), "semicolon-separated", 1, None),
    ("truncated_after_a_row", _drop_footer, "may be truncated", 39, "30"),
    ("truncated_inside_a_row", _cut_inside_row, "may be truncated", EISINGEN_LINE, "2"),
    ("cut_after_the_copyright_line", lambda t: t[: t.index("Datenstand")], "no line 'Datenstand'", 40, "Schlüssel"),
    ("content_after_footer", lambda t: t + "08236099,Nachtrag,1 \n", "after the footer", 44, None),
    ("no_land_row", _drop_row("08"), "no row for the Land '08'", None, "Schlüssel"),
    ("no_data_rows", lambda t: t[: t.index(",Deutschland")] + t[t.index("©") :], "no data rows", 31, None),
    (
        "windows_1252",
        lambda t: t.replace("Württemberg", "W\x84rttemberg"),
        "neither UTF-8 nor Latin-1",
        34,
        None,
    ),
]


@pytest.mark.parametrize(("mutate", "message", "line", "column"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_input(
    fixtures_dir: Path, tmp_path: Path, mutate: Mutation, message: str, line: int | None, column: str | None
) -> None:
    path = write_variant(tmp_path, mutate(mini_text(fixtures_dir)))
    with pytest.raises(InputError) as caught:
        read_ba_unemployment(path)
    error = caught.value
    assert message in str(error)
    assert path.name in str(error)
    assert error.line == line
    assert error.column == column
    if line is not None:
        assert f"line {line}" in str(error)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\r\n  \n", "the file is empty"),
        ("UTF16".encode("utf-16"), "UTF-16"),
        ("Arbeitslose,".encode("utf-16-le"), "UTF-16"),
        (b"\xef\xbb\xbfArbeitslose nach Gemeinden \xe4", "not UTF-8"),
    ],
    ids=["zero_bytes", "blank_lines", "utf16_bom", "utf16_without_bom", "bad_utf8_after_bom"],
)
def test_unreadable_bytes(tmp_path: Path, data: bytes, message: str) -> None:
    path = write_variant(tmp_path, data)
    with pytest.raises(InputError, match=message) as caught:
        read_ba_unemployment(path)
    assert path.name in str(caught.value)


def test_whole_utf16_file_is_rejected(fixtures_dir: Path, tmp_path: Path) -> None:
    path = write_variant(tmp_path, mini_text(fixtures_dir).encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16") as caught:
        read_ba_unemployment(path)
    assert caught.value.line == 1


def test_file_name_must_agree_with_header(mini: Path, tmp_path: Path) -> None:
    path = write_variant(tmp_path, mini.read_bytes(), name="2014jz-gem21_d_0.csv")
    with pytest.raises(InputError, match="the file name says 2014, the header 2015") as caught:
        read_ba_unemployment(path)
    assert caught.value.line == 4


def _source_dir(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "source" / "official" / BA_FOLDER
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return tmp_path / "source"


def test_import_of_a_user_supplied_file(mini: Path, tmp_path: Path) -> None:
    source = _source_dir(tmp_path, {"mini_2015.csv": mini.read_bytes()})
    user_file = source / "official" / BA_FOLDER / "mini_2015.csv"
    with pytest.raises(ChecksumError, match=r"CHECKSUMS.tsv is missing.*--user-file"):
        import_ba_unemployment(source, tmp_path / "raw", "2025-01-31")  # never silently a user's own file
    with allow_user_files([user_file]):
        [path] = import_ba_unemployment(source, tmp_path / "raw", "2025-01-31")
    assert path == tmp_path / "raw" / "ba_arbeitslose_gemeinden_2015.csv"
    expected, _ = read_ba_unemployment(mini)
    extract = read_extract(path)
    assert len(extract) == len(expected) == 150
    assert value(extract, "08236004", "unemployed_foreigners") == 34
    meta = verify_extract(path)
    assert meta.retrieved_from == (
        "user-supplied file mini_2015.csv (imported with --user-file, not in official/CHECKSUMS.tsv)"
    )
    assert meta.coverage == "Baden-Württemberg: 1 Land row, 1 Kreise, 3 Gemeinden; 30 figures per area"
    assert meta.title == (
        "Arbeitslose nach Gemeinden, Jahreszahlen/-durchschnitte 2015: "
        "Bestand an Arbeitslosen nach Rechtskreisen - Insgesamt"
    )
    assert meta.citation == (
        "Statistik der Bundesagentur für Arbeit: Arbeitslose nach Gemeinden, Jahreszahlen 2015 "
        "(Datenstand: Jahreszahlen 2015)"
    )
    assert any("flag 'na'" in note and "of 150 figures" in note for note in meta.notes)
    with allow_user_files([user_file]):
        [other] = import_ba_unemployment(source, tmp_path / "raw_01", "2025-01-31", land="01")
    assert set(read_extract(other)["ags"]) == {"01", "01001000"}


def test_import_refuses_two_files_of_one_year(mini: Path, tmp_path: Path) -> None:
    source = _source_dir(tmp_path, {"a_2015.csv": mini.read_bytes(), "b_2015.csv": mini.read_bytes()})
    files = sorted((source / "official" / BA_FOLDER).glob("*.csv"))
    with pytest.raises(InputError, match="a second file for 2015"), allow_user_files(files):
        import_ba_unemployment(source, tmp_path / "raw", "2025-01-31")
    assert not (tmp_path / "raw").exists()


def test_import_needs_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no BA files"):
        import_ba_unemployment(_source_dir(tmp_path, {}), tmp_path / "raw", "2025-01-31")
