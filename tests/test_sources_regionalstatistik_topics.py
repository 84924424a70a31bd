"""The specs of the Regionalstatistik Kreis tables on integration, on the real files and on malformed copies.

Every spec reads its file from ../shared/data/official/regionalstatistik-2017 (restricted to Baden-Württemberg,
as the importer keeps it), is written as an extract and read back strictly. The values below were read by hand
from the raw lines cited in the comments (line numbers as a text editor shows them). The malformed copies are
the real files with one change, written into tmp_path, so their line numbers are the real ones.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from integration_analysis.core.errors import InputError
from integration_analysis.core.provenance import sidecar_path
from integration_analysis.core.schema import BASES, VARIABLES
from integration_analysis.sources.extract import read_extract
from integration_analysis.sources.genesis import GenesisTable, read_genesis_table, to_extract, write_table_extract
from integration_analysis.sources.regionalstatistik.topics import SPECS

pytestmark = pytest.mark.shared_data

FOLDER = Path("official") / "regionalstatistik-2017"
LATIN1 = "12511-01-01-4.csv"  # the one ISO-8859-1 file; all others are UTF-8
BW, ENZKREIS = "08", "08236"
#: Extract name, basis and dates per file.
EXPECTED = {
    "12511-01-01-4.csv": ("regionalstatistik_12511-01-01-4_2011_2016.csv", "naturalisation_statistics", 6),
    "12711-05-02-4_00.csv": ("regionalstatistik_12711-05-02-4_1995_2015.csv", "migration_statistics", 21),
    "21111-01-03-4_00.csv": ("regionalstatistik_21111-01-03-4_2015.csv", "school_statistics", 1),
    "21121-01-05-4_00.csv": ("regionalstatistik_21121-01-05-4_2015.csv", "school_statistics", 1),
    "22543-01-02-4_00.csv": (
        "regionalstatistik_22543-01-02-4_2011-03-01_2016-03-01.csv",
        "child_day_care_statistics",
        6,
    ),
    "22121-01-03-4_00.csv": (
        "regionalstatistik_22121-01-03-4_2005-12-31_2015-12-31.csv",
        "social_assistance_statistics",
        11,
    ),
    "22151-01-01-4_00.csv": (
        "regionalstatistik_22151-01-01-4_2008-12-31_2014-12-31.csv",
        "social_assistance_statistics",
        7,
    ),
    "12111-09-01-4_00.csv": ("regionalstatistik_12111-09-01-4_2011-05-09.csv", "census_2011", 1),
    "12111-10-01-4_00.csv": ("regionalstatistik_12111-10-01-4_2011-05-09.csv", "census_2011", 1),
    "12111-11-01-4_00.csv": ("regionalstatistik_12111-11-01-4_2011-05-09.csv", "census_2011", 1),
    "12111-07-01-4_00.csv": ("regionalstatistik_12111-07-01-4_2011-05-09.csv", "census_2011", 1),
    "12111-08-01-4_00.csv": ("regionalstatistik_12111-08-01-4_2011-05-09.csv", "census_2011", 1),
    "13211-02-05-4_00.csv": ("regionalstatistik_13211-02-05-4_2001_2016.csv", "ba_statistics", 16),
}


def baden_wuerttemberg(table: GenesisTable) -> GenesisTable:
    """The table with only the Land 08 and its Kreise, as the importer keeps them."""
    table.frame = table.frame[table.frame["ags"].str.startswith(BW)].reset_index(drop=True)
    return table


@pytest.fixture(scope="module")
def written(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every spec's extract for Baden-Württemberg, written as the importer writes it."""
    raw_dir = tmp_path_factory.mktemp("raw")
    return {
        name: write_table_extract(
            baden_wuerttemberg(read_genesis_table(shared_data / FOLDER / name)),
            spec,
            raw_dir,
            "2026-11-30",
            prefix="regionalstatistik",
            importer="tests",
        )
        for name, spec in SPECS.items()
    }


@pytest.fixture(scope="module")
def extracts(written: dict[str, Path]) -> dict[str, pd.DataFrame]:
    return {name: read_extract(path) for name, path in written.items()}


def figure(extract: pd.DataFrame, ags: str, date: str, variable: str, group: str = "total") -> tuple[float, str]:
    rows = extract[
        (extract["ags"] == ags)
        & (extract["date"] == date)
        & (extract["variable"] == variable)
        & (extract["group"] == group)
    ]
    assert len(rows) == 1, (ags, date, variable, group)
    return rows["value"].iloc[0], rows["flag"].iloc[0]


# ---------------------------------------------------------------------------------------------------------------
# every spec on its real file


def test_the_specs_cover_the_files_of_the_task():
    assert sorted(SPECS) == sorted(EXPECTED)
    assert {spec.name for spec in SPECS.values()} == {f"regionalstatistik_{s.table_codes[0]}" for s in SPECS.values()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_spec_reads_its_file_for_baden_wuerttemberg(written, extracts, name):
    stem, basis, dates = EXPECTED[name]
    extract = extracts[name]
    assert written[name].name == stem
    # the Land and its 44 Kreise, nothing else
    assert extract.groupby("area_level")["ags"].nunique().to_dict() == {"land": 1, "kreis": 44}
    assert set(extract["basis"]) == {basis} and basis in BASES
    assert extract["date"].nunique() == dates
    assert set(extract["variable"]) <= set(VARIABLES)
    # well under 5 MB
    assert written[name].stat().st_size < 1_000_000


def test_breakdowns_left_out_are_not_in_the_extracts(written, extracts):
    groups = set().union(
        *(set(extract["group"]) for name, extract in extracts.items() if name != "13211-02-05-4_00.csv")
    )
    assert not {g for g in groups if g.startswith(("male", "female"))}
    assert set(extracts["12711-05-02-4_00.csv"]["group"]) == {"total"}
    assert "unemployed" not in set(extracts["13211-02-05-4_00.csv"]["variable"])
    assert "children_day_care_non_german_at_home" not in VARIABLES  # the file has no such column
    notes = yaml.safe_load(sidecar_path(written["12711-05-02-4_00.csv"]).read_text(encoding="utf-8"))["notes"]
    assert (
        "Columns left out on purpose: Zuzüge über die Kreisgrenzen / Geschlecht / männlich / Anzahl, "
        "Zuzüge über die Kreisgrenzen / Geschlecht / weiblich / Anzahl, "
        "Fortzüge über die Kreisgrenzen / Geschlecht / männlich / Anzahl, "
        "Fortzüge über die Kreisgrenzen / Geschlecht / weiblich / Anzahl." in notes
    )


# (file, ags, date, variable, group, value or marker) read by hand from the raw line in the comment
HAND_CHECKED = [
    # 12511-01-01-4.csv (Latin-1) line 240: 2016;08236;Enzkreis, Landkreis;179;7;10;23;-;139;-
    ("12511-01-01-4.csv", ENZKREIS, "2016", "naturalisations", "total", 179),
    ("12511-01-01-4.csv", ENZKREIS, "2016", "naturalisations", "continent_europe", 139),
    ("12511-01-01-4.csv", ENZKREIS, "2016", "naturalisations", "continent_oceania", "-"),
    # line 214: 2016;08;Baden-Württemberg, Land;17791;1256;578;3055;4;12782;116
    ("12511-01-01-4.csv", BW, "2016", "naturalisations", "total", 17791),
    ("12511-01-01-4.csv", BW, "2016", "naturalisations", "continent_asia", 3055),
    ("12511-01-01-4.csv", BW, "2016", "naturalisations", "continent_stateless_unknown", 116),
    # line 2870: 2011;08236;Enzkreis, Landkreis;119;5;4;10;-;99;1
    ("12511-01-01-4.csv", ENZKREIS, "2011", "naturalisations", "continent_africa", 5),
    # 12711-05-02-4 line 703: 2015;08236;…;Deutsche;5739;2842;2897;5607;2791;2816
    ("12711-05-02-4_00.csv", ENZKREIS, "2015", "moves_in_germans", "total", 5739),
    ("12711-05-02-4_00.csv", ENZKREIS, "2015", "moves_out_germans", "total", 5607),
    # line 704: 2015;08236;…;Ausländer(innen);6465;3960;2505;3904;2414;1490
    ("12711-05-02-4_00.csv", ENZKREIS, "2015", "moves_in_foreigners", "total", 6465),
    ("12711-05-02-4_00.csv", ENZKREIS, "2015", "moves_out_foreigners", "total", 3904),
    # line 705: 2015;08236;…;Insgesamt;12204;6802;5402;9511;5205;4306
    ("12711-05-02-4_00.csv", ENZKREIS, "2015", "moves_in", "total", 12204),
    ("12711-05-02-4_00.csv", ENZKREIS, "2015", "moves_out", "total", 9511),
    # line 626: 2015;08;…;Ausländer(innen);476626;308128;168498;301052;196321;104731
    ("12711-05-02-4_00.csv", BW, "2015", "moves_in_foreigners", "total", 476626),
    ("12711-05-02-4_00.csv", BW, "2015", "moves_out_foreigners", "total", 301052),
    # line 32265: 1995;08236;…;Insgesamt;9162;.;.;8347;.;.
    ("12711-05-02-4_00.csv", ENZKREIS, "1995", "moves_in", "total", 9162),
    # 21111-01-03-4 line 2789: 08236;Enzkreis, Landkreis;Gymnasien;7;3656;1950;127;472;438
    ("21111-01-03-4_00.csv", ENZKREIS, "2015", "pupils", "school_gymnasium", 3656),
    ("21111-01-03-4_00.csv", ENZKREIS, "2015", "pupils_foreigners", "school_gymnasium", 127),
    ("21111-01-03-4_00.csv", ENZKREIS, "2015", "schools", "school_gymnasium", 7),
    # line 2786: 08236;…;Hauptschulen;16;1761;720;392;297;x
    ("21111-01-03-4_00.csv", ENZKREIS, "2015", "pupils_foreigners", "school_hauptschule", 392),
    # line 2794: 08236;…;Insgesamt;x;17571;.;1574;1569;440
    ("21111-01-03-4_00.csv", ENZKREIS, "2015", "pupils", "school_general", 17571),
    ("21111-01-03-4_00.csv", ENZKREIS, "2015", "pupils_foreigners", "school_general", 1574),
    ("21111-01-03-4_00.csv", ENZKREIS, "2015", "schools", "school_general", "x"),
    # line 2482: 08;Baden-Württemberg, Land;Insgesamt;x;1129192;549172;112957;104313;40297
    ("21111-01-03-4_00.csv", BW, "2015", "pupils", "school_general", 1129192),
    ("21111-01-03-4_00.csv", BW, "2015", "pupils_foreigners", "school_general", 112957),
    # line 2474: 08;…;Hauptschulen;791;99771;43263;26275;16172;x
    ("21111-01-03-4_00.csv", BW, "2015", "pupils_foreigners", "school_hauptschule", 26275),
    # 21121-01-05-4 line 2321: 08236;…;Berufsschulen;2;946;174;210
    ("21121-01-05-4_00.csv", ENZKREIS, "2015", "pupils", "school_berufsschule", 946),
    ("21121-01-05-4_00.csv", ENZKREIS, "2015", "pupils_foreigners", "school_berufsschule", 210),
    # line 2322: 08236;…; darunter: Berufsschulen (Schüler o. Ausb.vertrag);x;55;12;53
    ("21121-01-05-4_00.csv", ENZKREIS, "2015", "pupils_foreigners", "school_berufsschule_without_contract", 53),
    ("21121-01-05-4_00.csv", ENZKREIS, "2015", "schools", "school_berufsschule_without_contract", "x"),
    # line 2330: 08236;…;Insgesamt;x;1587;464;338
    ("21121-01-05-4_00.csv", ENZKREIS, "2015", "pupils", "school_vocational", 1587),
    ("21121-01-05-4_00.csv", ENZKREIS, "2015", "pupils_foreigners", "school_vocational", 338),
    # line 2070: 08;…;Insgesamt;x;406824;182037;60083
    ("21121-01-05-4_00.csv", BW, "2015", "pupils_foreigners", "school_vocational", 60083),
    # 22543-01-02-4 line 705: 01.03.2016;08236;…;Insgesamt (ohne Doppelzählungen);7270;1247;4782;1241;2259;2115
    ("22543-01-02-4_00.csv", ENZKREIS, "2016-03-01", "children_day_care", "total", 7270),
    ("22543-01-02-4_00.csv", ENZKREIS, "2016-03-01", "children_day_care", "age_00_03", 1247),
    ("22543-01-02-4_00.csv", ENZKREIS, "2016-03-01", "children_day_care_foreign_parent", "total", 2259),
    # line 703: 01.03.2016;08236;…;Tageseinrichtung;7073;1168;4742;1163;2242;1974
    ("22543-01-02-4_00.csv", ENZKREIS, "2016-03-01", "children_day_care", "care_centre", 7073),
    ("22543-01-02-4_00.csv", ENZKREIS, "2016-03-01", "children_day_care", "care_centre_age_00_03", 1168),
    ("22543-01-02-4_00.csv", ENZKREIS, "2016-03-01", "children_day_care_foreign_parent", "care_centre", 2242),
    # line 704: 01.03.2016;08236;…;Tagespflege;234;86;67;81;20;152
    ("22543-01-02-4_00.csv", ENZKREIS, "2016-03-01", "children_day_care", "childminder_age_06_14", 81),
    ("22543-01-02-4_00.csv", ENZKREIS, "2016-03-01", "children_day_care_foreign_parent", "childminder", 20),
    # line 627: 01.03.2016;08;…;Insgesamt (ohne Doppelzählungen);429576;82534;272009;75033;156998;199892
    ("22543-01-02-4_00.csv", BW, "2016-03-01", "children_day_care", "total", 429576),
    ("22543-01-02-4_00.csv", BW, "2016-03-01", "children_day_care_foreign_parent", "total", 156998),
    # line 8595: 01.03.2011;08236;…;Insgesamt (ohne Doppelzählungen);6736;915;4625;1196;1845;1638
    ("22543-01-02-4_00.csv", ENZKREIS, "2011-03-01", "children_day_care_foreign_parent", "total", 1845),
    # 22121-01-03-4 line 241: 31.12.2015;08236;…;141;65;23;78;3;23;25;34;39;17
    ("22121-01-03-4_00.csv", ENZKREIS, "2015-12-31", "social_assistance_hlu", "total", 141),
    ("22121-01-03-4_00.csv", ENZKREIS, "2015-12-31", "social_assistance_hlu_foreigners", "total", 23),
    # line 215: 31.12.2015;08;…;23202;10924;1928;7289;…
    ("22121-01-03-4_00.csv", BW, "2015-12-31", "social_assistance_hlu", "total", 23202),
    ("22121-01-03-4_00.csv", BW, "2015-12-31", "social_assistance_hlu_foreigners", "total", 1928),
    # line 2329: 31.12.2011;08126;Hohenlohekreis, Landkreis;48;23;.;34;.;6;10;10;20;.
    ("22121-01-03-4_00.csv", "08126", "2011-12-31", "social_assistance_hlu_foreigners", "total", "."),
    # 22151-01-01-4 line 705: 31.12.2014;08236;…;Insgesamt;843;414;429;683;315;368;160;99;61;701;142
    ("22151-01-01-4_00.csv", ENZKREIS, "2014-12-31", "basic_income_old_age_disability", "total", 843),
    ("22151-01-01-4_00.csv", ENZKREIS, "2014-12-31", "basic_income_old_age_disability", "reason_old_age", 429),
    (
        "22151-01-01-4_00.csv",
        ENZKREIS,
        "2014-12-31",
        "basic_income_old_age_disability",
        "reason_reduced_earning_capacity",
        414,
    ),
    ("22151-01-01-4_00.csv", ENZKREIS, "2014-12-31", "basic_income_old_age_disability_germans", "total", 701),
    ("22151-01-01-4_00.csv", ENZKREIS, "2014-12-31", "basic_income_old_age_disability_foreigners", "total", 142),
    # line 627: 31.12.2014;08;…;Insgesamt;93619;43827;49792;…;75957;17662
    ("22151-01-01-4_00.csv", BW, "2014-12-31", "basic_income_old_age_disability_foreigners", "total", 17662),
    # line 10173: 31.12.2008;08236;…;Insgesamt;771;444;327;…;707;64
    ("22151-01-01-4_00.csv", ENZKREIS, "2008-12-31", "basic_income_old_age_disability", "total", 771),
    # 12111-09-01-4 line 1865: 08236;…;Insgesamt;161630;78080;83550;146300;15330
    ("12111-09-01-4_00.csv", ENZKREIS, "2011-05-09", "census_school_qualification", "total", 161630),
    ("12111-09-01-4_00.csv", ENZKREIS, "2011-05-09", "census_school_qualification_foreigners", "total", 15330),
    # line 1858: 08236;…;Ohne Schulabschluss;6980;2850;4130;3640;3340
    ("12111-09-01-4_00.csv", ENZKREIS, "2011-05-09", "census_school_qualification_foreigners", "school_none", 3340),
    ("12111-09-01-4_00.csv", ENZKREIS, "2011-05-09", "census_school_qualification_germans", "school_none", 3640),
    # line 1862: 08236;…;Gymnasiale Oberstufe;3730;1910;1820;3510;/
    (
        "12111-09-01-4_00.csv",
        ENZKREIS,
        "2011-05-09",
        "census_school_qualification_foreigners",
        "school_upper_secondary",
        "/",
    ),
    # line 1656: 08;…;Allgemeine/fachgebundene Hochschulreife (Abitur);1856750;949480;907270;1654480;202260
    ("12111-09-01-4_00.csv", BW, "2011-05-09", "census_school_qualification_foreigners", "school_abitur", 202260),
    # 12111-10-01-4 line 934: 08236;…;Ohne beruflichen Ausbildungsabschluss;40460;15770;24690;32290;8170
    (
        "12111-10-01-4_00.csv",
        ENZKREIS,
        "2011-05-09",
        "census_vocational_qualification_foreigners",
        "vocational_none",
        8170,
    ),
    ("12111-10-01-4_00.csv", ENZKREIS, "2011-05-09", "census_vocational_qualification", "vocational_none", 40460),
    # line 832: 08;…;Fachhoch-/Hochschulabschluss;1348040;794070;553980;1225190;122850
    (
        "12111-10-01-4_00.csv",
        BW,
        "2011-05-09",
        "census_vocational_qualification_foreigners",
        "vocational_university",
        122850,
    ),
    # 12111-11-01-4 line 1167: 08236;…;Erwerbslose;2570;1300;1270;2080;490
    ("12111-11-01-4_00.csv", ENZKREIS, "2011-05-09", "census_employment_status_foreigners", "status_unemployed", 490),
    # line 1165: 08236;…;Erwerbspersonen;104140;55610;48530;93780;10350
    (
        "12111-11-01-4_00.csv",
        ENZKREIS,
        "2011-05-09",
        "census_employment_status_foreigners",
        "status_labour_force",
        10350,
    ),
    # line 1169: 08236;…;Insgesamt;190130;93130;97000;173370;16770
    ("12111-11-01-4_00.csv", ENZKREIS, "2011-05-09", "census_employment_status", "total", 190130),
    # line 1036: 08;…;Erwerbstätige;5570990;2959460;2611530;4945920;625060
    ("12111-11-01-4_00.csv", BW, "2011-05-09", "census_employment_status_foreigners", "status_employed", 625060),
    # 12111-07-01-4 line 2331: 08236;…;Insgesamt;190120;173310;148880;24430;16810
    ("12111-07-01-4_00.csv", ENZKREIS, "2011-05-09", "census_household_population", "total", 190120),
    ("12111-07-01-4_00.csv", ENZKREIS, "2011-05-09", "census_household_population_germans", "total", 173310),
    (
        "12111-07-01-4_00.csv",
        ENZKREIS,
        "2011-05-09",
        "census_household_population_germans",
        "migration_without",
        148880,
    ),
    ("12111-07-01-4_00.csv", ENZKREIS, "2011-05-09", "census_household_population_germans", "migration_with", 24430),
    ("12111-07-01-4_00.csv", ENZKREIS, "2011-05-09", "census_household_population_foreigners", "total", 16810),
    # line 2071: 08;…;Insgesamt;10410990;9291090;7737650;1553440;1119900
    ("12111-07-01-4_00.csv", BW, "2011-05-09", "census_household_population_germans", "migration_with", 1553440),
    # 12111-08-01-4 line 1858: 08236;…;unter 5 Jahre;3690;1890;1800;2570;1120
    (
        "12111-08-01-4_00.csv",
        ENZKREIS,
        "2011-05-09",
        "census_household_population_foreigners",
        "migration_stay_00_05",
        1120,
    ),
    ("12111-08-01-4_00.csv", ENZKREIS, "2011-05-09", "census_household_population", "migration_stay_00_05", 3690),
    # line 1864: 08236;…;Personen ohne Migrationshintergrund;148880;72580;76290;148880;/
    (
        "12111-08-01-4_00.csv",
        ENZKREIS,
        "2011-05-09",
        "census_household_population_foreigners",
        "migration_without",
        "/",
    ),
    # line 1654: 08;…;20 Jahre und mehr;1282220;648670;633550;722350;559870
    ("12111-08-01-4_00.csv", BW, "2011-05-09", "census_household_population", "migration_stay_20_plus", 1282220),
    # 13211-02-05-4 line 240: 2016;08236;…;3001;823;261;69;333;687;799;3,1;2,8;2,8;2,7;6,9;2,6
    ("13211-02-05-4_00.csv", ENZKREIS, "2016", "unemployment_rate_dependent", "total", 3.1),
    ("13211-02-05-4_00.csv", ENZKREIS, "2016", "unemployment_rate", "total", 2.8),
    ("13211-02-05-4_00.csv", ENZKREIS, "2016", "unemployment_rate", "female", 2.7),
    ("13211-02-05-4_00.csv", ENZKREIS, "2016", "unemployment_rate_foreigners", "total", 6.9),
    ("13211-02-05-4_00.csv", ENZKREIS, "2016", "unemployment_rate", "age_15_25", 2.6),
    # line 214: 2016;08;…;4,2;3,8;3,9;3,7;9,1;2,9
    ("13211-02-05-4_00.csv", BW, "2016", "unemployment_rate_foreigners", "total", 9.1),
    # line 4448: 2008;08236;…;3,4;3,0;-;-;-;-  (the rates for groups are not published before 2009)
    ("13211-02-05-4_00.csv", ENZKREIS, "2008", "unemployment_rate", "total", 3.0),
    ("13211-02-05-4_00.csv", ENZKREIS, "2008", "unemployment_rate_foreigners", "total", "-"),
]


@pytest.mark.parametrize(("name", "ags", "date", "variable", "group", "expected"), HAND_CHECKED)
def test_hand_checked_values(extracts, name, ags, date, variable, group, expected):
    value, flag = figure(extracts[name], ags, date, variable, group)
    if isinstance(expected, str):
        assert (math.isnan(value), flag) == (True, expected)
    else:
        assert (value, flag) == (expected, "")
    assert extracts[name]["unit"][extracts[name]["variable"] == variable].iloc[0] == (
        "percent" if variable.startswith("unemployment_rate") else "count" if variable == "schools" else "persons"
    )


def test_moves_of_the_land_are_the_sum_of_its_kreise(extracts):
    """The Land row of 12711-05-02-4 counts moves across the borders of its Kreise, not of the Land."""
    moves = extracts["12711-05-02-4_00.csv"]
    moves = moves[moves["date"] == "2015"].groupby(["area_level", "variable"])["value"].sum()
    for variable in ("moves_in", "moves_out", "moves_in_foreigners", "moves_out_germans"):
        assert moves["kreis", variable] == moves["land", variable]
    assert moves["land", "moves_in"] == 797132  # line 627


def test_germans_and_foreigners_add_up_where_nothing_is_secret(extracts):
    moves = extracts["12711-05-02-4_00.csv"].pivot_table("value", ["ags", "date"], "variable")
    assert (moves["moves_in_germans"] + moves["moves_in_foreigners"] == moves["moves_in"]).all()
    assert (moves["moves_out_germans"] + moves["moves_out_foreigners"] == moves["moves_out"]).all()


# ---------------------------------------------------------------------------------------------------------------
# malformed copies of the real files: each fails with the file, the line and the column


def copy_with(shared_data: Path, tmp_path: Path, name: str, line: int, old: str, new: str, encoding: str = "") -> Path:
    """The real file ``name`` with ``old`` replaced by ``new`` on ``line`` (1-based), written into tmp_path."""
    source_encoding = "latin-1" if name == LATIN1 else "utf-8"
    lines = (shared_data / FOLDER / name).read_bytes().decode(source_encoding).split("\n")
    assert old in lines[line - 1], (name, line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding or source_encoding))
    return path


def fails_at(path: Path, line: int, column: str | None, match: str, *, spec_of: str = "") -> InputError:
    spec = SPECS[spec_of or path.name]
    with pytest.raises(InputError, match=match) as info:
        to_extract(read_genesis_table(path), spec)
    error = info.value
    assert (error.path, error.line, error.column) == (path, line, column)
    assert f"{path}, line {line}" in str(error)
    if column is not None:
        assert repr(column) in str(error)
    return error


def test_a_renamed_column_label_is_refused(shared_data, tmp_path):
    path = copy_with(shared_data, tmp_path, LATIN1, 7, ";Afrika;", ";Afrika (ohne Nordafrika);")
    fails_at(
        path,
        7,
        "Einbürgerungen von Ausländern / Kontinente (einschl. staatenlos etc.) / Afrika (ohne Nordafrika) / Anzahl",
        "label 'Afrika \\(ohne Nordafrika\\)' is not in the spec 'regionalstatistik_12511-01-01-4'",
    )


def test_a_renamed_row_label_is_refused(shared_data, tmp_path):
    path = copy_with(shared_data, tmp_path, "21111-01-03-4_00.csv", 2789, ";Gymnasien;", ";Gymnasium;")
    fails_at(path, 2789, "row label 1", "row labels \\('Gymnasium',\\) not in the spec")


def test_a_renamed_nationality_row_is_refused(shared_data, tmp_path):
    path = copy_with(shared_data, tmp_path, "12711-05-02-4_00.csv", 704, ";Ausländer(innen);", ";Ausländer;")
    fails_at(path, 704, "row label 1", "row labels \\('Ausländer',\\) not in the spec")


def test_a_word_in_place_of_a_number_is_refused(shared_data, tmp_path):
    path = copy_with(shared_data, tmp_path, "22543-01-02-4_00.csv", 705, ";2259;", ";k.A.;")
    fails_at(path, 705, "Kinder, Herkunft mind. 1 Elternteil ausländisch / Anzahl", "'k.A.' is neither a number")


def test_an_unknown_marker_is_refused(shared_data, tmp_path):
    path = copy_with(shared_data, tmp_path, "12111-09-01-4_00.csv", 1862, ";3510;/", ";3510;*")
    fails_at(path, 1862, "Bevölkerung (ab 15 Jahren) / Ausländer(innen) / Anzahl", "unknown marker '\\*'")


@pytest.mark.parametrize(
    ("cut", "column"),
    [("before the footer", 1), ("inside a row", "Zuzüge über die Kreisgrenzen / Geschlecht / Insgesamt / Anzahl")],
)
def test_a_truncated_file_is_refused(shared_data, tmp_path, cut, column):
    text = (shared_data / FOLDER / "12711-05-02-4_00.csv").read_text(encoding="utf-8")
    lines = text.split("\n")[:705]  # up to the Enzkreis 2015 line
    if cut == "inside a row":
        lines[-1] = lines[-1][:40]
    path = tmp_path / "12711-05-02-4_00.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    fails_at(path, 705, column, "truncated|cut")


def test_the_latin1_file_read_as_utf8_and_saved_again_is_refused(shared_data, tmp_path):
    """Umlauts lost to U+FFFD (a Latin-1 file opened as UTF-8 and saved): the labels no longer match."""
    raw = (shared_data / FOLDER / LATIN1).read_bytes()
    path = tmp_path / LATIN1
    path.write_bytes(raw.decode("utf-8", errors="replace").encode("utf-8"))
    fails_at(
        path,
        5,
        "Einb\ufffdrgerungen von Ausl\ufffdndern / Kontinente (einschl. staatenlos etc.) / Insgesamt / Anzahl",
        "label 'Einb\ufffdrgerungen von Ausl\ufffdndern' is not in the spec",
    )


def test_the_latin1_file_saved_as_windows_1252_is_refused(shared_data, tmp_path):
    path = copy_with(shared_data, tmp_path, LATIN1, 240, "Enzkreis, Landkreis", "Enzkreis – Landkreis", "cp1252")
    with pytest.raises(InputError, match="control character 0x96") as info:
        read_genesis_table(path)
    assert (info.value.path, info.value.line) == (path, 240)


def test_the_latin1_file_saved_as_utf8_gives_the_same_extract(shared_data, tmp_path):
    raw = (shared_data / FOLDER / LATIN1).read_bytes()
    path = tmp_path / LATIN1
    path.write_bytes(raw.decode("latin-1").encode("utf-8"))
    spec = SPECS[LATIN1]
    expected = to_extract(read_genesis_table(shared_data / FOLDER / LATIN1), spec)
    pd.testing.assert_frame_equal(to_extract(read_genesis_table(path), spec), expected)


@pytest.mark.parametrize(
    ("name", "line", "old", "new", "column", "match"),
    [
        # a nationality row above the total row of the same Kreis and year
        (
            "12711-05-02-4_00.csv",
            704,
            ";Ausländer(innen);6465;",
            ";Ausländer(innen);16465;",
            "Zuzüge über die Kreisgrenzen / Geschlecht / Insgesamt / Anzahl",
            "moves_in_foreigners \\(total\\) = 16465 is more than moves_in \\(total\\) = 12204 .* of line 705",
        ),
        # children with a parent of foreign origin above all children in day care, same row
        (
            "22543-01-02-4_00.csv",
            705,
            ";2259;",
            ";9259;",
            "Kinder, Herkunft mind. 1 Elternteil ausländisch / Anzahl",
            "children_day_care_foreign_parent \\(total\\) = 9259 is more than children_day_care \\(total\\) = 7270",
        ),
        # a school qualification above the population aged 15 and over (the row Insgesamt)
        (
            "12111-09-01-4_00.csv",
            1858,
            ";6980;",
            ";169800;",
            "Bevölkerung (ab 15 Jahren) / Anzahl",
            "census_school_qualification \\(school_none\\) = 169800 is more than census_school_qualification "
            "\\(total\\) = 161630",
        ),
        # foreign pupils above all pupils of the school type
        (
            "21111-01-03-4_00.csv",
            2789,
            ";3656;1950;127;",
            ";3656;1950;4127;",
            "Schüler(innen) an allgemein bildenden Schulen / Nationalität / Ausländer(innen) / Anzahl",
            "pupils_foreigners \\(school_gymnasium\\) = 4127 is more than pupils \\(school_gymnasium\\) = 3656",
        ),
    ],
)
def test_parts_above_their_total_are_refused(shared_data, tmp_path, name, line, old, new, column, match):
    fails_at(copy_with(shared_data, tmp_path, name, line, old, new), line, column, match)


def test_a_school_table_of_another_year_is_refused(shared_data, tmp_path):
    path = copy_with(shared_data, tmp_path, "21111-01-03-4_00.csv", 6, "2015;", "2016;")
    fails_at(path, 6, "time", "the table is dated 2016, the spec 'regionalstatistik_21111-01-03-4' expects 2015")


def test_a_census_table_of_another_date_is_refused(shared_data, tmp_path):
    path = copy_with(shared_data, tmp_path, "12111-07-01-4_00.csv", 6, "09.05.2011;", "15.05.2022;")
    fails_at(path, 6, "time", "dated 2022-05-15, the spec 'regionalstatistik_12111-07-01-4' expects 2011-05-09")
