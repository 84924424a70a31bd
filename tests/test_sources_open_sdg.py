"""The Enzkreis' Open SDG series (secondary): naturalisations 10-4 and the relative rates 10-2 and 10-3.

Hand-checked numbers name the line of ../shared/data/secondary/enzkreis-open-sdg/data/indicator_*.csv they
were read from; the malformed variants are written in tmp_path from the real files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from integration_analysis.core.errors import InputError
from integration_analysis.core.provenance import read_sidecar, sidecar_path
from integration_analysis.core.schema import BASES, VARIABLES
from integration_analysis.sources.extract import read_extract
from integration_analysis.sources.open_sdg import (
    INDICATORS,
    NATURALISATIONS,
    RELATIVE_DROPOUT,
    RELATIVE_EMPLOYMENT,
    import_open_sdg,
    named_source,
    read_indicator,
)

pytestmark = pytest.mark.shared_data

RAW_DIR = Path(__file__).parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def folder(shared_data) -> Path:
    return shared_data / "secondary" / "enzkreis-open-sdg"


def value(frame, ags: str, date: str, group: str = "total") -> float:
    rows = frame[(frame["ags"] == ags) & (frame["date"] == date) & (frame["group"] == group)]
    assert len(rows) == 1, rows
    return rows["value"].iloc[0]


def variant(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def raises_at(path: Path, indicator, line: int | None, column: str | None, match: str) -> InputError:
    with pytest.raises(InputError, match=match) as info:
        read_indicator(path, indicator)
    error = info.value
    assert error.path == path and (error.line, error.column) == (line, column)
    return error


def test_naturalisations_hand_checked(folder):
    frame = read_indicator(folder / "data" / "indicator_10-4.csv", NATURALISATIONS)
    # line 16: "2021,Anzahl der Personen nach Geschlecht,Frauen,,100"; line 31: "…,Männer,,106"
    assert value(frame, "08236", "2021", "female") == 100
    assert value(frame, "08236", "2021", "male") == 106
    # line 76: "2021,Anzahl der Personen nach Alter,,30- bis unter 50-Jährige,99"
    assert value(frame, "08236", "2021", "age_30_50") == 99
    # line 2: "2007,…,Frauen,,68"; line 32: "2007,…,,Unter 18-Jährige,8"; line 77: "2007,…,,50-Jährige und älter,9"
    assert value(frame, "08236", "2007", "female") == 68
    assert value(frame, "08236", "2007", "age_00_18") == 8
    assert value(frame, "08236", "2007", "age_50_plus") == 9
    assert len(frame) == 90 and set(frame["date"]) == {str(y) for y in range(2007, 2022)}
    assert set(frame["group"]) == {"female", "male", "age_00_18", "age_18_30", "age_30_50", "age_50_plus"}
    assert set(frame["area_name"]) == {"Enzkreis"} and set(frame["basis"]) == {"naturalisation_statistics"}
    # no total row: by sex and by age add up to the same number (2021: 100 + 106 = 19 + 65 + 99 + 23 = 206)
    year = frame[frame["date"] == "2021"]
    assert year[year["group"].isin(["female", "male"])]["value"].sum() == 206
    assert year[year["group"].str.startswith("age_")]["value"].sum() == 206


def test_relative_rates_hand_checked(folder):
    employment = read_indicator(folder / "data" / "indicator_10-2.csv", RELATIVE_EMPLOYMENT)
    # line 15: "2020,Enzkreis,Rel. Beschäftigungsquote bei Ausländer/-innen,88.6"; line 29: "2020,Land BW,…,89.0"
    assert value(employment, "08236", "2020") == 88.6
    assert value(employment, "08", "2020") == 89.0
    assert set(employment["area_level"]) == {"kreis", "land"} and set(employment["unit"]) == {"percent"}
    dropout = read_indicator(folder / "data" / "indicator_10-3.csv", RELATIVE_DROPOUT)
    # line 13: "2020,Enzkreis,Rel. Schulabbrecherquote von Ausländern/-innen,302.5"; line 14: "2009,Land BW,…,237.2"
    assert value(dropout, "08236", "2020") == 302.5
    assert value(dropout, "08", "2009") == 237.2
    assert sorted(set(dropout["date"]))[0] == "2009" and len(dropout) == 24


def test_import_is_secondary_and_cites_the_named_source(shared_data, tmp_path):
    written = import_open_sdg(shared_data, tmp_path, "2000-01-01")
    assert [p.name for p in written] == [f"{i.stem}.csv" for i in INDICATORS]
    for path in written:
        assert path.read_bytes() == (RAW_DIR / path.name).read_bytes()
        meta = read_sidecar(sidecar_path(path))
        assert meta.secondary and "keine Datenlizenz" in meta.licence
        assert meta.source_url.startswith("https://github.com/DrJannisHoek/sdg-enz-staging-data/blob/9593e36a44ff/")
    meta = read_sidecar(sidecar_path(tmp_path / "secondary_enzkreis_open_sdg_naturalisations.csv"))
    assert "Statistisches Landesamt Baden-Württemberg" in meta.publisher and "Enzkreis" in meta.citation
    assert meta.reference_date == "2007/2021"
    meta = read_sidecar(sidecar_path(tmp_path / "secondary_enzkreis_open_sdg_relative_dropout_rate.csv"))
    assert "Wegweiser Kommune" in meta.citation
    extract = read_extract(tmp_path / "secondary_enzkreis_open_sdg_naturalisations.csv")
    assert value(extract, "08236", "2021", "male") == 106


def test_named_sources(folder):
    assert named_source(folder / "meta" / "10-4.md") == "Statistisches Landesamt Baden-Württemberg"
    assert named_source(folder / "meta" / "10-2.md") == "Bertelsmann Stiftung / Wegweiser Kommune"


def test_vocabulary_is_in_the_schema():
    for indicator in INDICATORS:
        assert indicator.variable in VARIABLES and indicator.basis in BASES


# ---------------------------------------------------------------------------------------------------------------
# malformed files


def test_truncated_last_row(folder, tmp_path):
    source = folder / "data" / "indicator_10-4.csv"
    text = source.read_text(encoding="utf-8")
    path = tmp_path / source.name
    path.write_text(text[: text.rindex(",")], encoding="utf-8")  # the last row loses its value
    raises_at(path, NATURALISATIONS, 91, "Value", "4 fields, the header has 5")
    path.write_text(text[:-1], encoding="utf-8")  # "…,23" → "…,2": the age groups of 2021 no longer add up
    raises_at(
        path, NATURALISATIONS, 91, "Value", "2021: the breakdowns do not add up .*by Geschlecht 206, by Alter 185"
    )


def test_marker_word_in_value(folder, tmp_path):
    path = variant(
        tmp_path,
        folder / "data" / "indicator_10-4.csv",
        "2014,Anzahl der Personen nach Geschlecht,Frauen,,91",
        "2014,Anzahl der Personen nach Geschlecht,Frauen,,k.A.",
    )
    raises_at(path, NATURALISATIONS, 9, "Value", "'k.A.' is not a whole number")
    row = "2020,Enzkreis,Rel. Beschäftigungsquote bei Ausländer/-innen,"
    path = variant(tmp_path, folder / "data" / "indicator_10-2.csv", row + "88.6", row + '"88,6"')
    raises_at(path, RELATIVE_EMPLOYMENT, 15, "Value", "'88,6' is not a number with a decimal point")
    path = variant(tmp_path, folder / "data" / "indicator_10-2.csv", row + "88.6", row + "88,6")
    raises_at(path, RELATIVE_EMPLOYMENT, 15, "field 5", "5 fields, the header has 4")


def test_parts_that_do_not_add_up(folder, tmp_path):
    path = variant(
        tmp_path,
        folder / "data" / "indicator_10-4.csv",
        "2021,Anzahl der Personen nach Geschlecht,Frauen,,100",
        "2021,Anzahl der Personen nach Geschlecht,Frauen,,101",
    )
    raises_at(
        path, NATURALISATIONS, 91, "Value", "2021: the breakdowns do not add up .*by Geschlecht 207, by Alter 206"
    )


def test_renamed_header_unknown_group_and_missing_row(folder, tmp_path):
    path = variant(tmp_path, folder / "data" / "indicator_10-4.csv", "Year,Units,Geschlecht", "Jahr,Units,Geschlecht")
    raises_at(path, NATURALISATIONS, 1, "Jahr", "expected the column 'Year'")
    path = variant(
        tmp_path, folder / "data" / "indicator_10-4.csv", ",,50-Jährige und älter,23", ",,über 50-Jährige,23"
    )
    raises_at(path, NATURALISATIONS, 91, "Alter", "unknown Alter 'über 50-Jährige'")
    path = variant(
        tmp_path,
        folder / "data" / "indicator_10-4.csv",
        "2013,Anzahl der Personen nach Alter,,Unter 18-Jährige,24\n",
        "",
    )
    raises_at(path, NATURALISATIONS, 8, "Alter", "2013: no row for age_00_18")
    path = variant(tmp_path, folder / "data" / "indicator_10-2.csv", "2020,Land BW", "2020,Land Bayern")
    raises_at(path, RELATIVE_EMPLOYMENT, 29, "Region", "unknown region 'Land Bayern'")
    path = variant(
        tmp_path,
        folder / "data" / "indicator_10-4.csv",
        "2012,Anzahl der Personen nach Geschlecht,Frauen,,87",
        "2012,Anzahl der Personen nach Geschlecht,Frauen,Unter 18-Jährige,87",
    )
    raises_at(path, NATURALISATIONS, 7, "Alter", "exactly one of Geschlecht, Alter is filled")


def test_wrong_encoding_and_duplicate(folder, tmp_path):
    source = folder / "data" / "indicator_10-4.csv"
    path = tmp_path / source.name
    path.write_bytes(source.read_text(encoding="utf-8").encode("utf-16"))
    raises_at(path, NATURALISATIONS, 1, None, "looks like UTF-16")
    text = source.read_text(encoding="utf-8")
    path.write_text(text + "\n2021,Anzahl der Personen nach Geschlecht,Männer,,106", encoding="utf-8")
    raises_at(path, NATURALISATIONS, 92, "Value", "the same figure as on line 31")
