"""Tests of the Gemeindeverzeichnis importer: the five published workbooks and small malformed copies."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from integration_analysis.core.errors import InputError
from integration_analysis.core.provenance import LICENCE_DL_DE_BY_2_0, read_sidecar, sidecar_path, verify_extract
from integration_analysis.core.schema import EXTRACT_COLUMNS
from integration_analysis.sources.destatis_gv import import_destatis_gv, read_destatis_gv, read_destatis_gv_table
from integration_analysis.sources.extract import read_extract

GV_DIR = Path("official") / "destatis-gv"
FILES = {
    "2013-12-31": "31122013_Auszug_GV.xlsx",
    "2016-12-31": "31122016_Auszug_GV.xlsx",
    "2017-12-31": "31122017_Auszug_GV.xlsx",
    "2021-12-31": "31122021_Auszug_GV.xlsx",
    "2023-12-31": "31122023_Auszug_GV.xlsx",
}
PILOTS = {
    "08236070": "Keltern",
    "08236038": "Maulbronn, Stadt",
    "08236073": "Neulingen",
    "08236065": "Wiernsheim",
}


def _value(frame: pd.DataFrame, ags: str, variable: str = "population", group: str = "total") -> Any:
    rows = frame[(frame["ags"] == ags) & (frame["variable"] == variable) & (frame["group"] == group)]
    assert len(rows) == 1, (ags, variable, group)
    return rows["value"].iloc[0]


def _population(frame: pd.DataFrame, group: str = "total") -> pd.Series:
    rows = frame[(frame["variable"] == "population") & (frame["group"] == group)]
    return rows.set_index("ags")["value"]


# --- the published files ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gv_2023(shared_data: Path) -> tuple[pd.DataFrame, str]:
    return read_destatis_gv(shared_data / GV_DIR / FILES["2023-12-31"])


def test_2023_baden_wuerttemberg(gv_2023: tuple[pd.DataFrame, str]) -> None:
    frame, date = gv_2023
    assert date == "2023-12-31"
    assert list(frame.columns) == list(EXTRACT_COLUMNS)
    assert frame["ags"].nunique() == 1101
    assert len(frame) == 1101 * 5
    assert frame["ags"].str.fullmatch(r"08\d{6}").all()
    assert set(frame["area_level"]) == {"gemeinde"}
    assert set(frame["date"]) == {"2023-12-31"}
    assert set(frame["basis"]) == {"update_census_2011"}
    assert set(frame["flag"]) == {""}
    assert set(frame["row_source"]) == {""} and set(frame["quote"]) == {""}
    units = frame.groupby(["variable", "group"])["unit"].unique().map(list).to_dict()
    assert units == {
        ("area", "total"): ["km2"],
        ("population", "female"): ["persons"],
        ("population", "male"): ["persons"],
        ("population", "total"): ["persons"],
        ("population_density", "total"): ["persons_per_km2"],
    }
    # the two gemeindefreie Gebiete (Textkennzeichen 66) are not municipalities
    assert not frame["ags"].isin(["08317971", "08415971"]).any()


def test_2023_enzkreis_and_pilots(gv_2023: tuple[pd.DataFrame, str]) -> None:
    frame, _ = gv_2023
    population = _population(frame)
    enzkreis = population[population.index.str.startswith("08236")]
    assert len(enzkreis) == 28
    assert sum(enzkreis) == 203409
    assert {ags: population[ags] for ags in PILOTS} == {
        "08236070": 9098,
        "08236038": 6697,
        "08236073": 6709,
        "08236065": 6901,
    }
    names = frame.drop_duplicates("ags").set_index("ags")["area_name"]
    assert {ags: names[ags] for ags in PILOTS} == PILOTS
    assert all(type(population[ags]) is int for ags in PILOTS)
    assert _value(frame, "08236070", "area") == 29.82
    assert _value(frame, "08236070", "population_density") == 305
    assert _value(frame, "08236070", "population", "male") == 4431
    assert _value(frame, "08236070", "population", "female") == 4667


def test_2023_male_plus_female_is_total(gv_2023: tuple[pd.DataFrame, str]) -> None:
    frame, _ = gv_2023
    total, male, female = (_population(frame, group) for group in ("total", "male", "female"))
    assert len(total) == 1101
    assert (male + female).equals(total)


def test_2013_file(shared_data: Path) -> None:
    frame, date = read_destatis_gv(shared_data / GV_DIR / FILES["2013-12-31"])
    assert date == "2013-12-31"
    population = _population(frame)
    enzkreis = population[population.index.str.startswith("08236")]
    assert len(enzkreis) == 28
    assert sum(enzkreis) == 192811
    assert population["08236070"] == 9037
    assert population["08236038"] == 6320
    assert _value(frame, "08236038", "area") == 25.44


@pytest.mark.parametrize(
    ("date", "ags", "expected"),
    [
        ("2016-12-31", "08236073", 6759),
        ("2016-12-31", "08236040", 25804),
        ("2017-12-31", "08236038", 6557),
        ("2021-12-31", "08236065", 6787),
        ("2021-12-31", "08236070", 9032),
    ],
)
def test_other_years_against_the_file(shared_data: Path, date: str, ags: str, expected: int) -> None:
    frame, read_date = read_destatis_gv(shared_data / GV_DIR / FILES[date])
    assert read_date == date
    assert frame["ags"].nunique() == 1101
    assert _value(frame, ags) == expected


def test_import_writes_five_extracts_and_five_area_registers(shared_data: Path, tmp_path: Path) -> None:
    everything = import_destatis_gv(shared_data, tmp_path, "2025-01-15")
    assert [p.name for p in everything] == [
        name for date in FILES for name in (f"destatis_gv_{date}.csv", f"destatis_gv_areas_{date}.json")
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"destatis_gv_{date}.csv" for date in FILES]
        + [f"destatis_gv_{date}.meta.yaml" for date in FILES]
        + [f"destatis_gv_areas_{date}.json" for date in FILES]
        + [f"destatis_gv_areas_{date}.meta.yaml" for date in FILES]
        + ["SHA256SUMS"]
    )
    written = [p for p in everything if p.suffix == ".csv"]
    with open(shared_data / "official" / "CHECKSUMS.tsv", encoding="utf-8", newline="") as handle:
        checksums = {row["file"]: row["sha256"] for row in csv.DictReader(handle, delimiter="\t")}
    for (date, name), path in zip(FILES.items(), written, strict=True):
        extract = read_extract(path)
        assert extract["ags"].nunique() == 1101
        assert set(extract["date"]) == {date}
        meta = read_sidecar(sidecar_path(path))
        assert verify_extract(path) == meta
        assert meta.source_id == f"destatis_gv_{date}"
        assert meta.reference_date == date
        assert meta.original_file == name
        assert meta.original_sha256 == checksums[f"destatis-gv/{name}"]
        assert meta.retrieved_from.endswith(name)
        assert meta.licence == LICENCE_DL_DE_BY_2_0
        assert meta.compiled_on == "2025-01-15"
        assert meta.coverage == "Baden-Württemberg: 1101 Gemeinden (Satzart 60)"
        assert meta.rows == 1101 * 5
        assert meta.title.startswith("Gemeinden in Deutschland nach Fläche, Bevölkerung")
        stand = f"{date[8:10]}.{date[5:7]}.{date[:4]}"
        assert stand in meta.title
        assert f"Stand {stand}" in meta.citation
        assert "Zensus 2011" in meta.notes[0]
        assert "Gutsbezirk Münsingen" in meta.notes[1]
    last = read_extract(written[-1])
    enzkreis = last[(last["variable"] == "population") & (last["group"] == "total") & last["ags"].str[:5].eq("08236")]
    assert enzkreis["value"].sum() == 203409


# --- small workbooks in the published layout ----------------------------------------------------------------

TITLE = "Gemeinden in Deutschland nach Fläche, Bevölkerung und Postleitzahl am 31.12.2023 (Jahr)"
NAME = "31122023_Auszug_GV.xlsx"
# spreadsheet rows of the three Baden-Württemberg municipalities in the mini workbook
KELTERN, MAULBRONN, NEULINGEN = 9, 10, 11


#: The footnotes below the last data row, explaining the markers 1) to 3) of the header.
FOOTER: list[list[Any]] = [
    [],
    ["1) Abweichungen bei den Flächenangaben sind durch Runden der Zahlen möglich."],
    ["2) Die Ergebnisse ab Berichtsjahr 2016 sind nur bedingt mit den Vorjahreswerten vergleichbar."],
    ["3) Die Gemeinde kann mehrere Postleitzahlen (PLZ) haben."],
]


def _layout(title: str = TITLE) -> list[list[Any]]:
    """The rows of a minimal data sheet as published (rows 1–6 header, then Land, Kreis and Gemeinden)."""
    return [
        [title],
        [],
        ["Satz-art", "Text-kenn-zeichen", "Amtlicher Regionalschlüssel (ARS)", None, None, None, None,
         "Gemeindename", "Fläche km2 1)", "Bevölkerung2)", None, None, None, "Postleit-zahl3)"],
        [None, None, "Land", "RB", "Kreis", "VB", "Gem", None, None, "insgesamt", "männlich", "weiblich",
         "je km2"],
        [None, None, "Gebietsstand am 31.12.2023 (Jahr)", None, None, None, None, None, "31.12.2023 (Jahr)"],
        [],
        ["10", None, "08", None, None, None, None, "Baden-Württemberg", None, None, None, None, ""],
        ["40", "42", "08", "2", "36", None, None, "Enzkreis", None, None, None, None, ""],
        ["60", "64", "08", "2", "36", "0070", "070", "Keltern", 29.82, 9098, 4431, 4667, 305, "75210"],
        ["60", "63", "08", "2", "36", "5003", "038", "Maulbronn, Stadt", 25.4, 6697, 3386, 3311, 264,
         "75433"],
        ["60", "64", "08", "2", "36", "5006", "073", "Neulingen", 23.19, 6709, 3221, 3488, 289, "75245"],
        ["60", "61", "09", "1", "62", "0000", "000", "München, Landeshauptstadt", 310.7, 1510378, 738000,
         772378, 4861, "80331"],
        *(list(row) for row in FOOTER),
    ]  # fmt: skip


def _write(path: Path, rows: list[list[Any]], *, sheet: str = "Onlineprodukt_Gemeinden31122023") -> Path:
    """Save ``rows`` as the second sheet of a workbook whose first sheet is 'Inhalt'."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "Inhalt"
    workbook.active.append(["Statistisches Bundesamt"])
    data = workbook.create_sheet(sheet)
    for row in rows:
        data.append(row)
    workbook.save(path)
    return path


def _set(rows: list[list[Any]], line: int, column: str, value: Any) -> None:
    """Set the cell at spreadsheet row ``line`` and column letter ``column``."""
    index = openpyxl.utils.column_index_from_string(column) - 1
    row = rows[line - 1]
    row.extend([None] * (index + 1 - len(row)))
    row[index] = value


def _error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_destatis_gv(path)
    return str(info.value)


def test_mini_file_reads(tmp_path: Path) -> None:
    frame, date = read_destatis_gv(_write(tmp_path / NAME, _layout()))
    assert date == "2023-12-31"
    assert list(frame.columns) == list(EXTRACT_COLUMNS)
    assert len(frame) == 15  # 3 municipalities × (3 population groups, area, density); München is Land 09
    assert sorted(frame["ags"].unique()) == ["08236038", "08236070", "08236073"]
    keltern = frame[frame["ags"] == "08236070"].set_index(["variable", "group"])
    assert keltern["value"].to_dict() == {
        ("population", "total"): 9098,
        ("population", "male"): 4431,
        ("population", "female"): 4667,
        ("area", "total"): 29.82,
        ("population_density", "total"): 305,
    }
    assert keltern["unit"].to_dict()[("area", "total")] == "km2"
    assert set(frame["area_name"]) == {"Keltern", "Maulbronn, Stadt", "Neulingen"}
    assert set(frame["flag"]) == {""}
    assert set(frame["basis"]) == {"update_census_2011"}


def test_other_land(tmp_path: Path) -> None:
    frame, _ = read_destatis_gv(_write(tmp_path / NAME, _layout()), land="09")
    assert list(frame["ags"].unique()) == ["09162000"]


def test_header_wording_and_column_order_may_change(tmp_path: Path) -> None:
    """2013 wording, another sheet name and an extra column before the figures are read by label."""
    rows = _layout("Gemeinden in Deutschland nach Fläche, Bevölkerung und Postleitzahl am 31.12.2013 (Jahr)")
    rows[2][2] = "Regionalschlüssel (RS)"
    rows[2][8] = "Fläche km2\nam 31.12.2013 (Jahr)1)"
    rows[2][9] = "Bevölkerung"
    for row in rows:
        row.insert(8, "Bemerkung" if row is rows[2] else None)
    frame, date = read_destatis_gv(_write(tmp_path / "31122013_Auszug_GV.xlsx", rows, sheet="Gemeindedaten"))
    assert date == "2013-12-31"
    assert _value(frame, "08236038") == 6697
    assert _value(frame, "08236038", "area") == 25.4


def test_file_name_without_date(tmp_path: Path) -> None:
    _, date = read_destatis_gv(_write(tmp_path / "gemeinden.xlsx", _layout()))
    assert date == "2023-12-31"


def test_official_marker_becomes_flag(tmp_path: Path) -> None:
    rows = _layout()
    for column in "JKLM":
        _set(rows, NEULINGEN, column, "/")
    frame, _ = read_destatis_gv(_write(tmp_path / NAME, rows))
    neulingen = frame[frame["ags"] == "08236073"].set_index(["variable", "group"])
    assert neulingen.loc[("population", "total"), "flag"] == "/"
    assert neulingen.loc[("population", "total"), "value"] is None
    assert neulingen.loc[("area", "total"), "value"] == 23.19
    assert neulingen.loc[("area", "total"), "flag"] == ""


def test_gemeindefreies_gebiet_is_skipped(tmp_path: Path) -> None:
    rows = _layout()
    rows.insert(
        NEULINGEN,
        ["60", "66", "08", "2", "36", "9971", "971", "Forst, gemeindefreies Gebiet", 9.9, 0, 0, 0, 0],
    )
    table = read_destatis_gv_table(_write(tmp_path / NAME, rows))
    assert table.municipalities == 3
    assert "08236971" not in set(table.frame["ags"])
    assert table.free_areas == ["08236971 Forst, gemeindefreies Gebiet (unbewohnt, Einwohner: 0)"]
    assert table.land_name == "Baden-Württemberg"
    assert table.title == TITLE


def test_area_name_as_published(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, NEULINGEN, "H", "Neulingen,  Gemeinde")
    frame, _ = read_destatis_gv(_write(tmp_path / NAME, rows))
    assert set(frame.loc[frame["ags"] == "08236073", "area_name"]) == {"Neulingen,  Gemeinde"}


def test_empty_area_name(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, NEULINGEN, "H", "")
    message = _error(_write(tmp_path / NAME, rows))
    assert f"line {NEULINGEN}" in message
    assert "column 'Gemeindename'" in message


def test_non_numeric_population(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, MAULBRONN, "J", "abc")
    message = _error(_write(tmp_path / NAME, rows))
    assert NAME in message
    assert f"line {MAULBRONN}" in message
    assert "column 'insgesamt'" in message
    assert "'abc'" in message


def test_missing_figure(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, KELTERN, "I", None)
    message = _error(_write(tmp_path / NAME, rows))
    assert f"line {KELTERN}" in message
    assert "column 'Fläche km2 1)'" in message
    assert "missing" in message


def test_negative_population(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, NEULINGEN, "K", -3221)
    message = _error(_write(tmp_path / NAME, rows))
    assert NAME in message
    assert f"line {NEULINGEN}" in message
    assert "column 'männlich'" in message
    assert "negative" in message


def test_fractional_count(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, NEULINGEN, "J", 6709.5)
    message = _error(_write(tmp_path / NAME, rows))
    assert f"line {NEULINGEN}" in message
    assert "whole number" in message


def test_male_plus_female_differs_from_total(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, KELTERN, "L", 4666)
    message = _error(_write(tmp_path / NAME, rows))
    assert NAME in message
    assert f"line {KELTERN}" in message
    assert "column 'insgesamt'" in message
    assert "4431 + weiblich 4666 = 9097" in message


def test_duplicate_ags(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, NEULINGEN, "G", "070")
    message = _error(_write(tmp_path / NAME, rows))
    assert NAME in message
    assert f"line {NEULINGEN}" in message
    assert "08236070" in message
    assert f"rows {KELTERN} and {NEULINGEN}" in message


def test_key_part_must_be_text(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, MAULBRONN, "C", 8)
    message = _error(_write(tmp_path / NAME, rows))
    assert f"line {MAULBRONN}" in message
    assert "column 'Land'" in message


def test_missing_header(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, 4, "K", "Männer")
    message = _error(_write(tmp_path / NAME, rows))
    assert NAME in message
    assert "line 4" in message
    assert "column 'männlich'" in message
    assert "Onlineprodukt_Gemeinden31122023" in message


def test_no_header_row(tmp_path: Path) -> None:
    rows = _layout()
    _set(rows, 3, "A", "Art")
    message = _error(_write(tmp_path / NAME, rows))
    assert "column 'Satz-art'" in message


def test_no_municipalities(tmp_path: Path) -> None:
    rows = _layout()[: KELTERN - 1] + FOOTER
    message = _error(_write(tmp_path / NAME, rows))
    assert NAME in message
    assert "no municipalities of Land 08 — truncated or wrong file?" in message


def test_only_one_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    for row in _layout():
        workbook.active.append(row)
    workbook.save(tmp_path / NAME)
    message = _error(tmp_path / NAME)
    assert NAME in message
    assert "sheet 2" in message


def test_title_date_disagrees_with_file_name(tmp_path: Path) -> None:
    rows = _layout(TITLE.replace("31.12.2023", "31.12.2022"))
    message = _error(_write(tmp_path / NAME, rows))
    assert NAME in message
    assert "line 1" in message
    assert "31.12.2022" in message and "31.12.2023" in message


def test_title_without_date(tmp_path: Path) -> None:
    message = _error(_write(tmp_path / "gemeinden.xlsx", _layout("Gemeinden in Deutschland")))
    assert "line 1" in message
    assert "no reference date" in message


def test_zensus_2022_based_edition_is_refused(tmp_path: Path) -> None:
    rows = _layout(TITLE.replace("2023", "2024"))
    message = _error(_write(tmp_path / "31122024_Auszug_GV.xlsx", rows))
    assert "Zensus 2022" in message


def test_csv_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_text("Satzart;Land;Gemeindename\n60;08;Keltern\n", encoding="utf-8")
    message = _error(path)
    assert NAME in message
    assert "not a readable .xlsx workbook" in message


def test_zip_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / NAME
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "no workbook")
    assert "not a readable .xlsx workbook" in _error(path)


def test_import_without_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="Auszug_GV"):
        import_destatis_gv(tmp_path, tmp_path / "raw", "2025-01-15")
