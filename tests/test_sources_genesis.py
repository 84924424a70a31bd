"""GENESIS/Regionalstatistik table CSV: exact values of the fixtures, the mapping to extracts, strict errors.

The fixtures in tests/fixtures/genesis copy the layouts of real downloads (README.md there names them); the
malformed variants below are made from them in tmp_path.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from integration_analysis.core.checksums import sha256_file
from integration_analysis.core.errors import InputError
from integration_analysis.core.provenance import LICENCE_DL_DE_BY_2_0, sidecar_path
from integration_analysis.sources.extract import read_extract
from integration_analysis.sources.genesis import (
    GENESIS_SPECS,
    SPEC_12411_03_03_4,
    SPEC_12521_01_01_4,
    ColumnSpec,
    RowSpec,
    TableSpec,
    classify_region_key,
    import_genesis,
    parse_genesis,
    parse_time,
    parse_value,
    read_genesis_table,
    row_group,
    to_extract,
)

FIXTURES = Path(__file__).parent / "fixtures" / "genesis"
POPULATION = FIXTURES / "12411-03-03-4_latin1.csv"  # Latin-1, LF
FOREIGNERS = FIXTURES / "12521-01-01-4_utf8bom.csv"  # UTF-8 with BOM, CRLF
ENZKREIS_TOTAL_LINE = 32  # "31.12.2021;08236;      Enzkreis, Landkreis;Insgesamt;…" in POPULATION


def text_of(path: Path) -> str:
    raw = path.read_bytes()
    return raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("latin-1")


def variant(tmp_path: Path, source: Path, old: str, new: str, *, count: int = 1, name: str = "") -> Path:
    """A copy of ``source`` with ``old`` replaced by ``new`` (``count`` times), in the source's encoding."""
    text = text_of(source)
    assert text.count(old) >= count, f"{old!r} not in {source.name}"
    path = tmp_path / (name or source.name)
    data = text.replace(old, new, count)
    if source == FOREIGNERS:
        path.write_bytes(b"\xef\xbb\xbf" + data.encode("utf-8"))
    else:
        path.write_bytes(data.encode("latin-1"))
    return path


def cell(table, line: int, labels: tuple[str, ...]) -> pd.Series:
    rows = table.frame[(table.frame["line"] == line) & (table.frame["column"] == labels)]
    assert len(rows) == 1
    return rows.iloc[0]


def raises_at(path: Path, line: int | None, column: str | None, match: str, action=read_genesis_table):
    with pytest.raises(InputError, match=match) as info:
        action(path)
    error = info.value
    assert error.path.name == path.name and path.name in str(error)
    assert error.line == line
    assert error.column == column
    if line is not None:
        assert f"line {line}" in str(error)
    if column is not None:
        assert repr(column) in str(error)
    return error


# ---------------------------------------------------------------------------------------------------------------
# parsing


def test_latin1_regionalstatistik_table_is_parsed_exactly():
    table = read_genesis_table(POPULATION)
    assert table.encoding == "latin-1"
    assert (table.code_prefix, table.code) == ("GENESIS-Tabelle", "12411-03-03-4")
    assert table.title.startswith("Bevölkerungsstand: Bevölkerung nach Geschlecht, Nationalität und Altersgruppen")
    assert table.header_lines == [7, 8]
    assert table.times == ["2021-12-31"]
    assert [c.labels for c in table.columns][:4] == [
        ("Insgesamt", "Insgesamt"),
        ("Insgesamt", "männlich"),
        ("Insgesamt", "weiblich"),
        ("Deutsche", "Insgesamt"),
    ]
    assert table.footer_notes == [
        'zu "gesamte Tabelle": Berichtsjahr (ab 2011): Ergebnisse auf Grundlage des Zensus 2011'
    ]
    assert table.copyright.startswith("© Statistische Ämter des Bundes und der Länder, Deutschland, 2022.")
    assert table.stand == "14.09.2022 / 10:21:37"
    assert len(table.frame) == 7 * 4 * 9  # 7 areas × (3 age groups + Insgesamt) × 9 columns

    enz = cell(table, ENZKREIS_TOTAL_LINE, ("Ausländer(innen)", "Insgesamt"))
    assert (enz["region_key"], enz["region_name"], enz["ags"], enz["area_level"]) == (
        "08236",
        "Enzkreis, Landkreis",
        "08236",
        "kreis",
    )
    assert (enz["time"], enz["row_labels"], enz["raw"], enz["value"], enz["flag"]) == (
        "2021-12-31",
        ("Insgesamt",),
        "26903",
        26903.0,
        "",
    )
    limited = cell(table, 36, ("Ausländer(innen)", "weiblich"))  # Freudenstadt, "(6587)"
    assert (limited["raw"], limited["value"], limited["flag"]) == ("(6587)", 6587.0, "()")
    secret = cell(table, 27, ("Ausländer(innen)", "männlich"))  # Calw, 90 Jahre und mehr, "."
    nothing = cell(table, 27, ("Ausländer(innen)", "weiblich"))  # "-"
    assert math.isnan(secret["value"]) and secret["flag"] == "."
    assert math.isnan(nothing["value"]) and nothing["flag"] == "-"
    # Deutschland and the Regierungsbezirk are parsed, but belong to no area level of the project
    levels = table.frame.drop_duplicates("region_key").set_index("region_key")["area_level"]
    assert levels.to_dict() == {
        "DG": "",
        "08": "land",
        "082": "",
        "08231": "kreis",
        "08235": "kreis",
        "08236": "kreis",
        "08237": "kreis",
    }


def test_utf8_bom_crlf_table_keeps_every_marker_as_flag():
    table = read_genesis_table(FOREIGNERS)
    assert table.encoding == "utf-8-sig"
    assert table.code == "12521-01-01-4"
    assert table.header_lines == [5, 6, 7, 8]
    assert table.times == ["2023-12-31"]
    assert table.stand == "05.06.2024 / 14:02:11"

    def at(line: int, country: str) -> pd.Series:
        return cell(table, line, ("Ausländer", "Staatsangehörigkeit", country, "Anzahl"))

    assert at(14, "Insgesamt")[["region_name", "value", "flag"]].tolist() == ["Enzkreis, Landkreis", 30505.0, ""]
    assert at(12, "Syrien")[["value", "flag"]].tolist() == [3105.0, "()"]
    assert at(14, "Kroatien")[["value", "flag"]].tolist() == [2840.0, "()"]
    for line, country, marker in [
        (13, "Syrien", "."),
        (14, "Syrien", "/"),
        (15, "Italien", "-"),
        (15, "Kroatien", "x"),
        (15, "Rumänien", "..."),
    ]:
        found = at(line, country)
        assert math.isnan(found["value"]) and found["flag"] == marker and found["raw"] == marker


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [("utf-8", "\n", b""), ("utf-8", "\r\n", b"\xef\xbb\xbf"), ("latin-1", "\r\n", b"")],
)
def test_encodings_and_line_endings_give_the_same_table(tmp_path, encoding, newline, bom):
    original = read_genesis_table(POPULATION)
    path = tmp_path / "copy.csv"
    path.write_bytes(bom + text_of(POPULATION).replace("\n", newline).encode(encoding))
    copy = read_genesis_table(path)
    pd.testing.assert_frame_equal(copy.frame, original.frame)
    assert copy.footer_notes == original.footer_notes


@pytest.mark.parametrize(
    ("text", "value", "flag"),
    [
        ("12,5", 12.5, ""),
        ("26903", 26903.0, ""),
        ("1.234.567", 1234567.0, ""),
        ("1.234,5", 1234.5, ""),
        ("-5", -5.0, ""),
        ("(123)", 123.0, "()"),
        ("(12,5)", 12.5, "()"),
        (" 42 ", 42.0, ""),
    ],
)
def test_numbers_are_read_with_decimal_comma_and_thousands_dots(text, value, flag):
    assert parse_value(text) == (value, flag)


@pytest.mark.parametrize("marker", [".", "-", "x", "...", "/"])
def test_markers_have_no_value(marker):
    value, flag = parse_value(marker)
    assert math.isnan(value) and flag == marker


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "neither a number"),
        ("n.a.", "neither a number"),
        ("56.73", "neither a number"),
        ("*", "unknown marker"),
        ("(.)", "unknown marker"),
        ("", "empty"),
    ],
)
def test_other_cells_are_refused(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_value(text)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("08", ("08", "land")),
        ("08236", ("08236", "kreis")),
        ("08236070", ("08236070", "gemeinde")),
        ("082360070070", ("08236070", "gemeinde")),
        ("010010000000", ("01001000", "gemeinde")),  # kreisfreie Stadt as Gemeinde
        ("DG", None),
        ("082", None),
        ("082365003", None),  # Gemeindeverband
        ("082365003000", None),  # Gemeindeverband as ARS
    ],
)
def test_region_keys(key, expected):
    assert classify_region_key(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [  # as in the Regionalstatistik tables of the depth "Gemeinden, Samt-/Verbandsgemeinden" (12411-01-01-5)
        ("0713101", None),  # Adenau, Verbandsgem. (Rheinland-Pfalz)
        ("0713101001", ("07131001", "gemeinde")),  # Adenau, member of the Verbandsgemeinde
        ("0713100007", ("07131007", "gemeinde")),  # Bad Neuenahr-Ahrweiler, verbandsfr. Gemeinde
        ("03151401002", ("03151002", "gemeinde")),  # Barwedel in the Samtgemeinde Boldecker Land (Niedersachsen)
        ("08236070", ("08236070", "gemeinde")),
    ],
)
def test_region_keys_of_gemeinden_in_verbaenden(key, expected):
    assert classify_region_key(key, verbaende=True) == expected


@pytest.mark.parametrize("key", ["8236", "08236A", "0823607", "DE", "0823600700", "08236007007"])
def test_unknown_region_key_forms(key):
    with pytest.raises(ValueError, match="unknown region key form"):
        classify_region_key(key)


def test_times():
    assert parse_time("31.12.2023") == "2023-12-31"
    assert parse_time("2022-05-15") == "2022-05-15"
    assert parse_time("2016") == "2016"
    assert parse_time("31.02.2023") is None
    assert parse_time("Insgesamt") is None


# ---------------------------------------------------------------------------------------------------------------
# extracts


def test_import_writes_an_extract_that_reads_back(tmp_path):
    path = import_genesis(POPULATION, tmp_path / "raw", "2026-11-25")
    assert path.name == "genesis_12411-03-03-4_2021-12-31.csv"
    extract = read_extract(path)
    expected = to_extract(read_genesis_table(POPULATION), SPEC_12411_03_03_4)
    assert len(extract) == len(expected) == 5 * 9  # Land and 4 Kreise, 9 columns of the age total
    assert set(extract["basis"]) == {"update_census_2011"}
    key = ["ags", "variable", "group"]
    merged = extract.merge(expected, on=key, suffixes=("", "_expected"))
    assert len(merged) == len(expected)
    pd.testing.assert_series_equal(merged["value"], merged["value_expected"], check_names=False, check_dtype=False)
    assert (merged["flag"] == merged["flag_expected"]).all()
    enz = extract.set_index(key).loc[("08236", "foreigners", "total")]
    assert (enz["area_name"], enz["area_level"], enz["date"], enz["value"]) == (
        "Enzkreis, Landkreis",
        "kreis",
        "2021-12-31",
        26903.0,
    )
    limited = extract.set_index(key).loc[("08237", "foreigners", "female")]
    assert (limited["value"], limited["flag"]) == (6587.0, "()")

    meta = yaml.safe_load(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["source_id"] == "genesis_12411-03-03-4_2021-12-31"
    assert meta["publisher"] == "Statistische Ämter des Bundes und der Länder"
    assert meta["table_code"] == "12411-03-03-4"
    assert meta["reference_date"] == "2021-12-31"
    assert meta["licence"] == LICENCE_DL_DE_BY_2_0
    assert meta["original_file"] == POPULATION.name
    assert meta["original_sha256"] == sha256_file(POPULATION)
    assert meta["retrieved_from"] == f"user download {POPULATION.name}"
    assert meta["importer"] == "integration_analysis.sources.genesis"
    assert meta["source_url"].endswith("code=12411-03-03-4")
    assert meta["title"].startswith("Bevölkerungsstand")
    assert meta["coverage"].startswith("1 Land, 4 Kreise, 0 Gemeinden; dates 2021-12-31")
    assert any("Grundlage des Zensus 2011" in note for note in meta["notes"])
    assert any("'()' × 1" in note for note in meta["notes"])


def test_foreigners_by_citizenship_keep_markers_in_the_extract(tmp_path):
    path = import_genesis(FOREIGNERS, tmp_path, "2026-11-25", SPEC_12521_01_01_4)
    extract = read_extract(path).set_index(["ags", "group"])
    assert path.name == "genesis_12521-01-01-4_2023-12-31.csv"
    assert set(extract["variable"]) == {"foreigners"} and set(extract["basis"]) == {"foreigners_register"}
    assert extract.loc[("08236", "total"), "value"] == 30505.0
    assert extract.loc[("08236", "citizenship_turkey"), "value"] == 2985.0
    for group, marker in [("citizenship_italy", "-"), ("citizenship_croatia", "x"), ("citizenship_romania", "...")]:
        assert math.isnan(extract.loc[("08237", group), "value"])
        assert extract.loc[("08237", group), "flag"] == marker
    assert extract.loc[("08236", "citizenship_syria"), "flag"] == "/"


def test_shipped_specs_are_found_by_table_code():
    assert GENESIS_SPECS["12411-03-03-4"] is SPEC_12411_03_03_4
    assert GENESIS_SPECS["12521-01-01-4"] is SPEC_12521_01_01_4


def test_the_basis_follows_the_note_of_the_file(tmp_path):
    path = variant(tmp_path, POPULATION, "Zensus\n2011", "Zensus\n2022")
    assert set(to_extract(read_genesis_table(path), SPEC_12411_03_03_4)["basis"]) == {"update_census_2022"}


def test_a_table_without_a_basis_note_is_refused(tmp_path):
    path = variant(tmp_path, POPULATION, "Ergebnisse auf Grundlage des Zensus\n2011", "Gebietsstand 31.12.2021")
    with pytest.raises(InputError, match="no note says which basis"):
        to_extract(read_genesis_table(path), SPEC_12411_03_03_4)


def test_a_note_naming_two_bases_is_refused(tmp_path):
    path = variant(tmp_path, POPULATION, "Zensus\n2011", "Zensus\n2011; ab 2022: Grundlage des Zensus 2022")
    with pytest.raises(InputError, match="more than one basis"):
        to_extract(read_genesis_table(path), SPEC_12411_03_03_4)


# The real layout of Regionalstatistik 12511-01-01-4 (year as first column, four header lines) with the
# Einbürgerungen as a variable of the spec's own.
NATURALISATIONS = """GENESIS-Tabelle: 12511-01-01-4
Einbürgerungen von Ausländern nach Kontinenten;;;;
- Jahr - regionale Tiefe: Kreise und krfr. Städte;;;;
Einbürgerungsstatistik;;;;
;;;Einbürgerungen von Ausländern;Einbürgerungen von Ausländern
;;;Kontinente (einschl. staatenlos etc.);Kontinente (einschl. staatenlos etc.)
;;;Insgesamt;Europa
;;;Anzahl;Anzahl
2016;08;  Baden-Württemberg, Land;17791;12782
2016;082;    Karlsruhe, Regierungsbzirk;4645;3142
2016;08236;      Enzkreis, Landkreis;179;139
__________
"© Statistische Ämter des Bundes und der Länder, Deutschland, 2018."
Stand: 27.02.2018 / 13:00:56
"""
NATURALISATION_SPEC = TableSpec(
    name="test_12511",
    table_codes=("12511-01-01-4",),
    columns={
        ("Einbürgerungen von Ausländern", "Kontinente (einschl. staatenlos etc.)", label, "Anzahl"): ColumnSpec(
            "naturalisations", group
        )
        for label, group in [("Insgesamt", "total"), ("Europa", "continent_europe")]
    },
    basis="other",
    variables={"naturalisations": "Einbürgerungen"},
)


def test_a_spec_with_its_own_variable_and_yearly_dates(tmp_path):
    source = tmp_path / "12511-01-01-4.csv"
    source.write_bytes(NATURALISATIONS.encode("latin-1"))
    path = import_genesis(source, tmp_path / "raw", "2026-11-25", NATURALISATION_SPEC)
    extract = read_extract(path).set_index(["ags", "group"])
    assert path.name == "genesis_12511-01-01-4_2016.csv"
    assert extract.loc[("08236", "continent_europe"), ["date", "value"]].tolist() == ["2016", 139.0]
    meta = yaml.safe_load(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["variables"] == {"naturalisations": "Einbürgerungen"}


# The real layout of Regionalstatistik 12411-01-01-5: the time as a column dimension (a header line of dates).
TIME_IN_COLUMNS = """GENESIS-Tabelle: 12411-01-01-5
Bevölkerungsstand: Bevölkerung nach Geschlecht;;;;;;
- Stichtag 31.12. -;;;;;;
regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden;;;;;;
Fortschreibung des Bevölkerungsstandes;;;;;;
Bevölkerungsstand (Anzahl);;;;;;
;;31.12.2015;31.12.2015;31.12.2015;31.12.2014;31.12.2014;31.12.2014
;;Insgesamt;männlich;weiblich;Insgesamt;männlich;weiblich
08236;      Enzkreis, Landkreis;196000;96500;99500;195000;96000;99000
08236070;        Keltern;9000;4450;4550;-;-;-
__________
"zu ""gesamte Tabelle"": Ergebnisse auf Grundlage des Zensus 2011"
Stand: 10.10.2017 / 19:19:45
"""


def test_time_as_a_column_dimension(tmp_path):
    source = tmp_path / "12411-01-01-5.csv"
    source.write_bytes(TIME_IN_COLUMNS.encode("latin-1"))
    table = read_genesis_table(source)
    assert table.times == ["2014-12-31", "2015-12-31"]
    assert table.header_lines == [8]
    spec = TableSpec(
        name="test_12411-01-01-5",
        columns={
            (label,): ColumnSpec("population", group)
            for label, group in [("Insgesamt", "total"), ("männlich", "male"), ("weiblich", "female")]
        },
        basis="update_census_2011",
    )
    extract = to_extract(table, spec).set_index(["ags", "date", "group"])
    assert extract.loc[("08236070", "2015-12-31", "total"), "value"] == 9000.0
    assert extract.loc[("08236070", "2014-12-31", "male"), "flag"] == "-"
    assert extract.loc[("08236", "2014-12-31", "female"), "value"] == 99000.0


# ---------------------------------------------------------------------------------------------------------------
# malformed files: each error names the file, the line and (where there is one) the column


def test_utf16_is_refused(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes(text_of(POPULATION).encode("utf-16"))
    raises_at(path, 1, None, "UTF-16")


def test_undecodable_bytes_are_refused(tmp_path):
    path = tmp_path / "damaged.csv"
    lines = POPULATION.read_bytes().split(b"\n")
    lines[26] = lines[26].replace(b"Calw", b"Ca\x81lw")
    path.write_bytes(b"\n".join(lines))
    raises_at(path, 27, None, "neither UTF-8 nor Latin-1")


def test_a_comma_separated_file_is_refused(tmp_path):
    path = variant(tmp_path, POPULATION, ";", ",", count=text_of(POPULATION).count(";"))
    raises_at(path, 2, None, "comma-separated")


def test_the_table_code_line_is_required(tmp_path):
    path = variant(tmp_path, POPULATION, "GENESIS-Tabelle: 12411-03-03-4\n", "")
    raises_at(path, 1, None, "first line must name the table")


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    raises_at(path, None, None, "empty")


def test_a_truncated_file_is_refused(tmp_path):
    text = text_of(POPULATION)
    path = tmp_path / "truncated.csv"
    path.write_bytes(text[: text.index("__________")].encode("latin-1"))
    raises_at(path, 36, 1, "truncated")


def test_a_renamed_column_is_refused(tmp_path):
    path = variant(
        tmp_path,
        POPULATION,
        ";Ausländer(innen);Ausländer(innen);Ausländer(innen)\n",
        ";Ausländer(innen);Ausländer;Ausländer(innen)\n",
    )
    raises_at(
        path,
        7,
        "Ausländer / männlich",
        "'Ausländer' is not in the spec",
        lambda p: to_extract(read_genesis_table(p), SPEC_12411_03_03_4),
    )


def test_a_column_the_spec_expects_must_be_there(tmp_path):
    spec = TableSpec(
        name="expects_more",
        columns={
            **SPEC_12521_01_01_4.columns,
            ("Ausländer", "Staatsangehörigkeit", "Polen", "Anzahl"): ColumnSpec("foreigners", "citizenship_poland"),
        },
        basis="foreigners_register",
    )
    raises_at(
        FOREIGNERS,
        8,
        "Ausländer / Staatsangehörigkeit / Polen / Anzahl",
        "expects is missing",
        lambda p: to_extract(read_genesis_table(p), spec),
    )


def test_a_table_of_another_code_is_refused_by_the_spec(tmp_path):
    raises_at(FOREIGNERS, 1, None, "not one the spec", lambda p: to_extract(read_genesis_table(p), SPEC_12411_03_03_4))


def test_a_duplicate_region_key_is_refused(tmp_path):
    row = "31.12.2023;08236;      Enzkreis, Landkreis;30505;2985;2510;(2840);3410;/;2250\r\n"
    path = variant(tmp_path, FOREIGNERS, row, row + row)
    raises_at(path, 15, "region key", "duplicate region key '08236'")


@pytest.mark.parametrize("bad", ["abc", "n.a."])
def test_a_word_in_a_value_cell_is_refused(tmp_path, bad):
    path = variant(tmp_path, FOREIGNERS, ";30505;2985;", f";30505;{bad};")
    raises_at(path, 14, "Ausländer / Staatsangehörigkeit / Türkei / Anzahl", "neither a number")


def test_an_unknown_marker_is_refused(tmp_path):
    path = variant(tmp_path, FOREIGNERS, ";/;2250", ";*;2250")
    raises_at(path, 14, "Ausländer / Staatsangehörigkeit / Syrien / Anzahl", "unknown marker '\\*'")


def test_an_empty_value_cell_is_refused(tmp_path):
    path = variant(tmp_path, FOREIGNERS, ";/;2250", ";;2250")
    raises_at(path, 14, "Ausländer / Staatsangehörigkeit / Syrien / Anzahl", "the cell is empty")


def test_a_row_with_a_missing_field_is_refused(tmp_path):
    path = variant(tmp_path, POPULATION, ";26903;14211;12692\n", ";26903;14211\n")
    raises_at(path, ENZKREIS_TOTAL_LINE, "Ausländer(innen) / weiblich", "12 fields, the column header lines have 13")


def test_an_unknown_region_key_form_is_refused(tmp_path):
    path = variant(tmp_path, FOREIGNERS, "31.12.2023;08236;", "31.12.2023;08236A;")
    raises_at(path, 14, "region key", "unknown region key form '08236A'")


def test_a_malformed_date_is_refused(tmp_path):
    path = variant(tmp_path, FOREIGNERS, "31.12.2023;08236;", "31.13.2023;08236;")
    raises_at(path, 14, "time", "no date")


def test_a_negative_count_is_refused(tmp_path):
    path = variant(tmp_path, FOREIGNERS, ";30505;2985;", ";30505;-2985;")
    raises_at(
        path,
        14,
        "Ausländer / Staatsangehörigkeit / Türkei / Anzahl",
        "negative figure -2985",
        lambda p: to_extract(read_genesis_table(p), SPEC_12521_01_01_4),
    )


def test_foreigners_above_the_population_of_the_same_row_are_refused(tmp_path):
    path = variant(tmp_path, POPULATION, ";173645;85502;88143;26903;", ";173645;85502;88143;226903;")
    raises_at(
        path,
        ENZKREIS_TOTAL_LINE,
        "Ausländer(innen) / Insgesamt",
        "foreigners \\(total\\) = 226903 is more than population \\(total\\) = 200548",
        lambda p: to_extract(read_genesis_table(p), SPEC_12411_03_03_4),
    )


def test_a_citizenship_above_the_total_is_refused(tmp_path):
    path = variant(tmp_path, FOREIGNERS, ";30505;2985;", ";30505;32985;")
    raises_at(
        path,
        14,
        "Ausländer / Staatsangehörigkeit / Türkei / Anzahl",
        "foreigners \\(citizenship_turkey\\) = 32985 is more than foreigners \\(total\\)",
        lambda p: to_extract(read_genesis_table(p), SPEC_12521_01_01_4),
    )


def test_an_unknown_row_label_is_refused(tmp_path):
    path = variant(tmp_path, POPULATION, "Enzkreis, Landkreis;Insgesamt;", "Enzkreis, Landkreis;Summe;")
    raises_at(
        path,
        ENZKREIS_TOTAL_LINE,
        "row label 1",
        "row labels \\('Summe',\\) not in the spec",
        lambda p: to_extract(read_genesis_table(p), SPEC_12411_03_03_4),
    )


def test_a_file_with_only_the_code_line_is_truncated(tmp_path):
    path = tmp_path / "only_code.csv"
    path.write_bytes(b"GENESIS-Tabelle: 12411-03-03-4;;\n")
    raises_at(path, 1, 1, "truncated")


def test_the_parser_names_the_file_it_is_given():
    error = pytest.raises(InputError, parse_genesis, b"", Path("somewhere/download.csv")).value
    assert error.path == Path("somewhere/download.csv")


def test_row_labels_can_name_the_group_of_their_figures():
    spec = TableSpec(
        name="by_age",
        table_codes=("12411-03-03-4",),
        columns=SPEC_12411_03_03_4.columns,
        row_labels={
            ("Insgesamt",): True,
            ("unter 3 Jahre",): "age_00_03",
            ("3 bis unter 6 Jahre",): "age_03_06",
            ("90 Jahre und mehr",): False,
        },
        basis_by_note=SPEC_12411_03_03_4.basis_by_note,
    )
    extract = to_extract(read_genesis_table(POPULATION), spec).set_index(["ags", "variable", "group"])
    assert extract.loc[("08", "population", "age_00_03"), "value"] == 322615
    assert extract.loc[("08", "foreigners", "female_age_03_06"), "value"] == 27411
    assert extract.loc[("08", "germans", "male"), "value"] == 4502800
    assert not extract.index.get_level_values("group").str.contains("90").any()


def test_a_row_group_must_be_a_group_name():
    with pytest.raises(ValueError, match="bad group name"):
        TableSpec(name="x", columns=SPEC_12411_03_03_4.columns, row_labels={("a",): "Bad Name"}, basis="census_2011")


# The real layout of Regionalstatistik 12711-05-02-4: sex by column, nationality by row.
MOVES = """GENESIS-Tabelle: 12711-05-02-4
Zu- und Fortzüge nach Nationalität;;;;;;
Wanderungsstatistik;;;;;;
;;;;Zuzüge über die Kreisgrenzen;Zuzüge über die Kreisgrenzen;Fortzüge über die Kreisgrenzen
;;;;Insgesamt;weiblich;Insgesamt
2015;08236;      Enzkreis, Landkreis;Deutsche;7000;3500;6000
2015;08236;      Enzkreis, Landkreis;Ausländer(innen);4000;1500;2000
2015;08236;      Enzkreis, Landkreis;Insgesamt;11000;5000;8000
__________
Stand: 10.10.2017 / 18:26:44
"""
MOVES_SPEC = TableSpec(
    name="test_12711",
    columns={
        ("Zuzüge über die Kreisgrenzen", "Insgesamt"): ColumnSpec("moves_in"),
        ("Zuzüge über die Kreisgrenzen", "weiblich"): False,
        ("Fortzüge über die Kreisgrenzen", "Insgesamt"): ColumnSpec("moves_out"),
    },
    row_labels={
        ("Insgesamt",): True,
        ("Deutsche",): RowSpec(suffix="_germans"),
        ("Ausländer(innen)",): RowSpec(suffix="_foreigners"),
    },
    basis="migration_statistics",
)


def test_columns_left_out_and_a_nationality_by_row(tmp_path):
    source = tmp_path / "12711-05-02-4.csv"
    source.write_bytes(MOVES.encode("utf-8"))
    path = import_genesis(source, tmp_path / "raw", "2026-11-30", MOVES_SPEC)
    extract = read_extract(path).set_index(["variable", "group"])["value"]
    assert extract.to_dict() == {
        ("moves_in_germans", "total"): 7000,
        ("moves_out_germans", "total"): 6000,
        ("moves_in_foreigners", "total"): 4000,
        ("moves_out_foreigners", "total"): 2000,
        ("moves_in", "total"): 11000,
        ("moves_out", "total"): 8000,
    }
    notes = yaml.safe_load(sidecar_path(path).read_text(encoding="utf-8"))["notes"]
    assert "Columns left out on purpose: Zuzüge über die Kreisgrenzen / weiblich." in notes


def test_a_nationality_by_row_is_checked_against_its_total(tmp_path):
    source = tmp_path / "12711-05-02-4.csv"
    source.write_bytes(MOVES.replace(";4000;1500;2000", ";40000;1500;2000").encode("utf-8"))
    raises_at(
        source,
        7,
        "Zuzüge über die Kreisgrenzen / Insgesamt",
        "moves_in_foreigners",
        lambda p: to_extract(read_genesis_table(p), MOVES_SPEC),
    )


def test_a_row_suffix_needs_a_known_variable():
    with pytest.raises(ValueError, match="'moves_in_martians' needs a label"):
        TableSpec(
            name="x",
            columns={("Zuzüge",): ColumnSpec("moves_in")},
            row_labels={("a",): RowSpec(suffix="_martians")},
            basis="migration_statistics",
        )
    with pytest.raises(ValueError, match="bad group name or suffix"):
        TableSpec(
            name="x",
            columns={("Zuzüge",): ColumnSpec("moves_in")},
            row_labels={("a",): RowSpec(suffix="foreigners")},
            basis="migration_statistics",
        )


def test_an_age_band_goes_last_in_a_combined_group():
    assert row_group("female", "age_18_25") == "female_age_18_25"
    assert row_group("age_00_03", "care_centre") == "care_centre_age_00_03"
    assert row_group("age_00_03", "total") == "age_00_03"
    assert row_group("total", "care_centre") == "care_centre"


# A Zensus table dated by a title line of its own (12111-09-01-4 prints "09.05.2011" above the header).
DATED_BY_TITLE = """GENESIS-Tabelle: 12111-09-01-4
Zensus 2011, Bevölkerung nach Geschlecht/Nationalität;;
Zensus 2011;;
09.05.2011;;
;;;Bevölkerung (ab 15 Jahren)
;;;Anzahl
08236;      Enzkreis, Landkreis;Insgesamt;161630
__________
Stand: 10.10.2017 / 11:02:17
"""


@pytest.mark.parametrize(("date", "error"), [("2011-05-09", False), ("2022-05-15", True)])
def test_a_date_printed_as_a_title_line_must_be_the_specs(tmp_path, date, error):
    source = tmp_path / "12111-09-01-4.csv"
    source.write_bytes(DATED_BY_TITLE.encode("utf-8"))
    spec = TableSpec(
        name="test_12111",
        columns={("Bevölkerung (ab 15 Jahren)", "Anzahl"): ColumnSpec("population")},
        row_labels={("Insgesamt",): True},
        basis="census_2011",
        date=date,
    )
    if error:
        raises_at(source, 4, "time", "dated 2011-05-09", lambda p: to_extract(read_genesis_table(p), spec))
    else:
        assert to_extract(read_genesis_table(source), spec)["date"].tolist() == ["2011-05-09"]


def test_two_labels_mapping_to_one_figure_are_refused(tmp_path):
    source = tmp_path / "12711-05-02-4.csv"
    source.write_bytes(MOVES.encode("utf-8"))
    spec = TableSpec(
        name="test_12711_twice",
        columns=MOVES_SPEC.columns,
        row_labels={**MOVES_SPEC.row_labels, ("Deutsche",): True},
        basis="migration_statistics",
    )
    raises_at(
        source,
        8,
        "Zuzüge über die Kreisgrenzen / Insgesamt",
        "a second figure for moves_in \\(total\\) of 08236 on 2015 \\(the first on line 6",
        lambda p: to_extract(read_genesis_table(p), spec),
    )
