"""Zensus 2022 database table CSV: the fixture's exact values, its extract, the layout variants, strict errors.

The fixture in tests/fixtures/zensus_db copies the layout of real exports (README.md there says which); the
variants and malformed files below are made from it in tmp_path.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from integration_analysis.core.errors import InputError
from integration_analysis.core.provenance import sidecar_path
from integration_analysis.sources.extract import read_extract
from integration_analysis.sources.genesis import to_extract
from integration_analysis.sources.zensus_db import SPEC_NATIONALITY, import_zensus_db, read_zensus_table

FIXTURE = Path(__file__).parent / "fixtures" / "zensus_db" / "1000A-9999_staatsangehoerigkeit_gemeinden.csv"
GENESIS_FIXTURE = Path(__file__).parent / "fixtures" / "genesis" / "12521-01-01-4_utf8bom.csv"
TOTAL = ("Personen", "Insgesamt", "Anzahl")
GERMANS = ("Personen", "Deutschland", "Anzahl")
FOREIGNERS = ("Personen", "Ausland", "Anzahl")
SHARE = ("Personen", "Ausland", "%")
LINES = {"Maulbronn": 12, "Mühlacker": 13, "Wiernsheim": 14, "Keltern": 15, "Neulingen": 16}


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / FIXTURE.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def cell(table, line: int, labels: tuple[str, ...]) -> pd.Series:
    rows = table.frame[(table.frame["line"] == line) & (table.frame["column"] == labels)]
    assert len(rows) == 1
    return rows.iloc[0]


def extract_of(path: Path) -> pd.DataFrame:
    return to_extract(read_zensus_table(path), SPEC_NATIONALITY)


def raises_at(path: Path, line: int, column: str | None, match: str, action=extract_of) -> None:
    with pytest.raises(InputError, match=match) as info:
        action(path)
    error = info.value
    assert error.path.name == path.name and path.name in str(error)
    assert error.line == line and f"line {line}" in str(error)
    assert error.column == column
    if column is not None:
        assert repr(column) in str(error)


def test_the_fixture_is_parsed_exactly():
    table = read_zensus_table(FIXTURE)
    assert (table.code_prefix, table.code, table.encoding) == ("Tabelle", "1000A-9999", "utf-8")
    assert (
        table.title == "Personen: Staatsangehörigkeit (Gemeinden) Zensus 2022 - Bevölkerung (Gebietsstand 15.05.2022)"
    )
    assert table.header_lines == [4, 5, 6]
    assert table.times == ["2022-05-15"]  # from the line "15.05.2022;;;;;;;;;"
    assert [(c.labels, c.index, c.sign_index) for c in table.columns] == [
        (TOTAL, 2, 3),
        (GERMANS, 4, 5),
        (FOREIGNERS, 6, 7),
        (SHARE, 8, 9),
    ]
    assert table.footer_notes == ["Ergebnisse des Zensus 2022 mit Geheimhaltung nach dem Cell-Key-Verfahren."]
    assert table.copyright == "© Statistische Ämter des Bundes und der Länder, 2024"
    assert table.stand == "25.06.2024"

    share = cell(table, LINES["Mühlacker"], SHARE)
    assert (share["ags"], share["area_level"], share["region_key"], share["region_name"]) == (
        "08236040",
        "gemeinde",
        "082360040040",
        "Mühlacker",
    )
    assert (share["raw"], share["value"], share["flag"], share["sign"]) == ("22,6", 22.6, "", "e")
    assert cell(table, LINES["Mühlacker"], FOREIGNERS)["value"] == 5966.0
    limited = cell(table, LINES["Neulingen"], FOREIGNERS)
    assert (limited["raw"], limited["value"], limited["flag"]) == ("(512)", 512.0, "()")
    unreliable = cell(table, LINES["Neulingen"], SHARE)
    assert math.isnan(unreliable["value"]) and (unreliable["flag"], unreliable["sign"]) == ("/", "")
    secret = cell(table, LINES["Wiernsheim"], GERMANS)
    assert math.isnan(secret["value"]) and secret["flag"] == "."
    keys = table.frame.drop_duplicates("region_key").set_index("region_key")[["ags", "area_level"]]
    assert keys.loc["DG"].tolist() == ["", ""]
    assert keys.loc["08236"].tolist() == ["08236", "kreis"]
    assert keys.loc["082365003038"].tolist() == ["08236038", "gemeinde"]


def test_import_writes_an_extract_that_reads_back(tmp_path):
    path = import_zensus_db(FIXTURE, tmp_path / "raw", "2026-11-25")
    assert path.name == "zensus_db_1000A-9999_2022-05-15.csv"
    extract = read_extract(path)
    assert len(extract) == 8 * 4  # Land, Kreis and 6 Gemeinden; population, Germans, foreigners, share
    assert set(extract["basis"]) == {"census_2022"} and set(extract["date"]) == {"2022-05-15"}
    indexed = extract.set_index(["ags", "variable"])
    assert indexed.loc[("08236", "population"), "value"] == 197899
    assert indexed.loc[("08236040", "foreigners_share"), ["value", "unit"]].tolist() == [22.6, "percent"]
    assert indexed.loc[("08236073", "foreigners"), ["value", "flag"]].tolist() == [512.0, "()"]
    assert indexed.loc[("08236073", "foreigners_share"), "flag"] == "/"
    assert math.isnan(indexed.loc[("08236073", "foreigners_share"), "value"])
    assert indexed.loc[("08236065", "germans"), "flag"] == "."
    assert indexed.loc[("08236070", "population"), "area_name"] == "Keltern"

    meta = yaml.safe_load(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["source_id"] == "zensus_db_1000A-9999_2022-05-15"
    assert meta["publisher"] == "Statistische Ämter des Bundes und der Länder"
    assert meta["table_code"] == "1000A-9999" and meta["reference_date"] == "2022-05-15"
    assert meta["source_url"] == "https://ergebnisse.zensus2022.de/datenbank/online/statistic/1000A/table/1000A-9999"
    assert meta["importer"] == "integration_analysis.sources.zensus_db"
    assert meta["retrieved_from"] == f"user download {FIXTURE.name}"
    assert meta["coverage"] == (
        "1 Land, 1 Kreise, 6 Gemeinden; dates 2022-05-15; variables foreigners, foreigners_share, germans, population"
    )
    assert any("'e' × 34" in note for note in meta["notes"])


def test_without_the_stichtag_line_the_census_date_is_used(tmp_path):
    path = variant(tmp_path, "15.05.2022;;;;;;;;;\n", "")
    assert read_zensus_table(path).times == []
    pd.testing.assert_frame_equal(extract_of(path), extract_of(FIXTURE))


def test_the_stichtag_as_first_column_gives_the_same_extract(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace("15.05.2022;;;;;;;;;\n", "")
    lines = text.split("\n")
    lines = [
        (f";{line}" if 1 <= i < 6 and line.startswith(";") else f"15.05.2022;{line}" if 6 <= i < 15 else line)
        for i, line in enumerate(lines)
    ]
    path = tmp_path / FIXTURE.name
    path.write_text("\n".join(lines), encoding="utf-8")
    assert read_zensus_table(path).time_index == 0
    pd.testing.assert_frame_equal(extract_of(path), extract_of(FIXTURE))


def test_a_sign_column_may_repeat_the_labels_of_its_value_column(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in [
        (";;Personen;;Personen;;Personen;;Personen;", ";;" + ";".join(["Personen"] * 8)),
        (
            ";;Insgesamt;;Deutschland;;Ausland;;Ausland;",
            ";;" + ";".join(["Insgesamt", "Insgesamt", "Deutschland", "Deutschland"] + ["Ausland"] * 4),
        ),
        (";;Anzahl;;Anzahl;;Anzahl;;%;", ";;" + ";".join(["Anzahl"] * 6 + ["%", "%"])),
    ]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / FIXTURE.name
    path.write_text(text, encoding="utf-8")
    pd.testing.assert_frame_equal(extract_of(path), extract_of(FIXTURE))


def test_a_footer_may_start_with_the_copyright_line(tmp_path):
    path = variant(
        tmp_path, "__________\nErgebnisse des Zensus 2022 mit Geheimhaltung nach dem Cell-Key-Verfahren.\n", ""
    )
    table = read_zensus_table(path)
    assert (table.footer_notes, table.stand) == ([], "25.06.2024")
    assert table.copyright == "© Statistische Ämter des Bundes und der Länder, 2024"
    pd.testing.assert_frame_equal(extract_of(path), extract_of(FIXTURE))


def test_a_marker_may_stand_in_the_sign_column(tmp_path):
    path = variant(tmp_path, "Keltern;9190;e;8385;e;805;e;8,8;e", "Keltern;9190;e;8385;e;;.;8,8;e")
    found = cell(read_zensus_table(path), LINES["Keltern"], FOREIGNERS)
    assert math.isnan(found["value"]) and found["flag"] == "."


# ---------------------------------------------------------------------------------------------------------------
# malformed files


def test_a_genesis_table_is_not_a_zensus_table():
    raises_at(GENESIS_FIXTURE, 1, None, "not a Zensus database table", read_zensus_table)


def test_another_stichtag_than_the_census_is_refused(tmp_path):
    path = variant(tmp_path, "15.05.2022;;;;;;;;;", "15.05.2021;;;;;;;;;")
    raises_at(path, 9, "Personen / Insgesamt / Anzahl", "dated 2021-05-15, the spec .* expects 2022-05-15")


def test_a_value_and_a_sign_that_disagree_are_refused(tmp_path):
    path = variant(tmp_path, "Maulbronn;6470;e;", "Maulbronn;6470;.;")
    raises_at(path, LINES["Maulbronn"], "Personen / Insgesamt / Anzahl", "'6470' and the sign '.'", read_zensus_table)


def test_parentheses_beside_an_empty_value_are_refused(tmp_path):
    path = variant(tmp_path, "Keltern;9190;e;8385;e;805;e;", "Keltern;9190;e;8385;e;;();")
    raises_at(path, LINES["Keltern"], "Personen / Ausland / Anzahl", "no number", read_zensus_table)


def test_an_unknown_sign_makes_an_unlabelled_column(tmp_path):
    path = variant(tmp_path, "Mühlacker;26420;e;", "Mühlacker;26420;q;")
    raises_at(path, 6, "column 4", "without labels that is not a column of signs", read_zensus_table)


def test_a_regionalschluessel_of_the_wrong_length_is_refused(tmp_path):
    path = variant(tmp_path, "082360070070;Keltern", "0823600700;Keltern")
    raises_at(path, LINES["Keltern"], "region key", "unknown region key form '0823600700'", read_zensus_table)


def test_a_share_above_100_is_refused(tmp_path):
    path = variant(tmp_path, "5966;e;22,6;e", "5966;e;122,6;e")
    raises_at(path, LINES["Mühlacker"], "Personen / Ausland / %", "more than 100")


def test_more_foreigners_than_inhabitants_are_refused(tmp_path):
    path = variant(tmp_path, "Keltern;9190;e;8385;e;805;e;", "Keltern;9190;e;8385;e;9805;e;")
    raises_at(
        path,
        LINES["Keltern"],
        "Personen / Ausland / Anzahl",
        "foreigners \\(total\\) = 9805 is more than population \\(total\\) = 9190",
    )


def test_a_renamed_nationality_is_refused(tmp_path):
    path = variant(tmp_path, ";;Insgesamt;;Deutschland;;Ausland;;Ausland;", ";;Insgesamt;;Deutsche;;Ausland;;Ausland;")
    raises_at(path, 5, "Personen / Deutsche / Anzahl", "'Deutsche' is not in the spec")
