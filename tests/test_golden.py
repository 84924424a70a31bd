"""Golden numbers: the package agrees with tests/golden/indicators.csv, and that file agrees with the official
files read here independently (plain csv/openpyxl, not the package's readers)."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from integration_analysis.analysis.golden import GOLDEN_FILE, diff_golden
from integration_analysis.data.datasets import load_tidy
from integration_analysis.data.regions import default_region

PILOTS = ("08236070", "08236038", "08236073", "08236065")


@pytest.fixture(scope="module")
def golden() -> pd.DataFrame:
    frame = pd.read_csv(GOLDEN_FILE, dtype={"ags": str, "date": str})
    return frame.set_index(["indicator", "ags"])


def test_package_agrees_with_the_golden_file():
    assert diff_golden(load_tidy(), default_region()) == []


def test_golden_file_covers_pilots_kreis_and_land(golden):
    for indicator in golden.index.get_level_values(0).unique():
        assert set(golden.loc[indicator].index) == {"08", "08236", *PILOTS}


@pytest.fixture(scope="module")
def register_2023(shared_data) -> dict[str, tuple[int, int]]:
    """Gemeinde rows of Land 08 in the 31.12.2023 register: AGS → (total, female), read cell by cell."""
    book = openpyxl.load_workbook(shared_data / "official/destatis-gv/31122023_Auszug_GV.xlsx", read_only=True)
    out = {}
    for row in book.worksheets[1].iter_rows(values_only=True):
        if row[0] == "60" and row[2] == "08" and row[1] not in ("65", "66"):
            out[f"{row[2]}{row[3]}{row[4]}{row[6]}"] = (row[9], row[11])
    return out


def test_population_and_female_share_against_the_register(golden, register_2023):
    for ags in PILOTS:
        total, female = register_2023[ags]
        assert golden.loc[("population", ags), "value"] == total
        assert golden.loc[("female_share", ags), "value"] == pytest.approx(100 * female / total, abs=1e-4)
    enzkreis = [v for k, v in register_2023.items() if k.startswith("08236")]
    assert len(enzkreis) == 28
    assert golden.loc[("population", "08236"), "value"] == sum(t for t, _ in enzkreis) == 203_409
    assert golden.loc[("population", "08"), "value"] == sum(t for t, _ in register_2023.values())


def test_census_shares_against_the_zensus_table(golden, shared_data):
    with open(shared_data / "official/zensus2022-gemeinden/zensus2022_gemeinden.csv", encoding="utf-8") as f:
        rows = {r["ags"]: r for r in csv.DictReader(f)}
    for ags in PILOTS:
        assert golden.loc[("foreigners_share_census_2022", ags), "value"] == float(rows[ags]["share_foreign_census22"])
        assert golden.loc[("population_census_2022", ags), "value"] == int(rows[ags]["population_census22"])
    kreis = [r for k, r in rows.items() if k.startswith("08236")]
    weighted = sum(float(r["share_foreign_census22"]) * int(r["population_census22"]) for r in kreis) / sum(
        int(r["population_census22"]) for r in kreis
    )
    assert golden.loc[("foreigners_share_census_2022", "08236"), "value"] == pytest.approx(weighted, abs=1e-4)
    assert round(weighted, 1) == 13.7  # SOURCES.md: Enzkreis ≈ 13.7 %


def genesis_rows(path, *, encoding: str = "utf-8", key_column: int = 0) -> dict[str, list[str]]:
    """Rows of a Regionalstatistik table CSV by region key (plain text split, none of the package's readers)."""
    out = {}
    with open(path, encoding=encoding) as handle:
        for line in handle:
            cells = line.rstrip("\n").split(";")
            if len(cells) > key_column + 1 and cells[key_column][:1].isdigit():
                out.setdefault(cells[key_column], cells)
    return out


REGIONALSTATISTIK = "official/regionalstatistik-2017"
AREAS = ("08", "08236", *PILOTS)


def test_census_2011_shares_and_the_change_to_2022(golden, shared_data):
    # 12111-01-01-5: key; name; total, male, female; Germans (t, m, f); foreigners (t, m, f)
    rows = genesis_rows(shared_data / REGIONALSTATISTIK / "12111-01-01-5_00.csv")
    assert rows["08236038"][2:9:3] == ["6372", "5541", "831"]  # line 6876: Maulbronn
    for ags in AREAS:
        total, foreign = int(rows[ags][2]), int(rows[ags][8])
        share = 100 * foreign / total
        assert golden.loc[("foreigners_share_census_2011", ags), "value"] == pytest.approx(share, abs=1e-4)
        census_2022 = golden.loc[("foreigners_share_census_2022", ags), "value"]
        change = golden.loc[("foreigners_share_census_change", ags), "value"]
        assert change == pytest.approx(census_2022 - share, abs=2e-4)


def test_young_foreigners_against_the_age_table(golden, shared_data):
    # 12111-02-01-5: per age band five columns (total, male, female, Germans, foreigners); the bands under 18
    # are the first four after the totals, so the foreigners stand in columns 11, 16, 21 and 26
    rows = genesis_rows(shared_data / REGIONALSTATISTIK / "12111-02-01-5_00.csv")
    for ags in AREAS:
        cells = rows[ags]
        young = sum(int(cells[i]) for i in (11, 16, 21, 26) if cells[i] != "-")
        value = golden.loc[("young_share_foreigners_census_2011", ags), "value"]
        assert value == pytest.approx(100 * young / int(cells[6]), abs=1e-4)
    assert [rows["08236038"][i] for i in (11, 16, 21, 26)] == ["8", "-", "61", "40"]  # line 6877


def test_employees_and_unemployed_against_the_regionalstatistik_tables(golden, shared_data):
    employees = genesis_rows(shared_data / REGIONALSTATISTIK / "13111-02-02-5_00.csv")
    assert employees["08236070"][2:6:3] == ["3497", "163"]  # line 6889: Keltern, total and foreigners
    unemployed = genesis_rows(shared_data / REGIONALSTATISTIK / "13211-01-03-5_00.csv")
    assert unemployed["08236"][2:4] == ["3001", "823"]  # line 6866: Enzkreis 2016
    for ags in AREAS:
        total, foreign = int(employees[ags][2]), int(employees[ags][5])
        value = golden.loc[("employees_residence_foreigners_share", ags), "value"]
        assert value == pytest.approx(100 * foreign / total, abs=1e-4)
        total, foreign = int(unemployed[ags][2]), int(unemployed[ags][3])
        value = golden.loc[("unemployed_foreigners_share", ags), "value"]
        assert value == pytest.approx(100 * foreign / total, abs=1e-4)


def test_kreis_tables_against_the_files(golden, shared_data):
    pupils = {}
    with open(shared_data / REGIONALSTATISTIK / "21111-01-03-4_00.csv", encoding="utf-8") as handle:
        for line in handle:
            cells = line.rstrip("\n").split(";")
            if cells[0] in ("08", "08236") and cells[2] == "Insgesamt":
                pupils[cells[0]] = (int(cells[4]), int(cells[6]))
    assert pupils["08236"] == (17571, 1574)  # line 2794
    for ags, (total, foreign) in pupils.items():
        assert golden.loc[("foreign_pupils_share", ags), "value"] == pytest.approx(100 * foreign / total, abs=1e-4)
    naturalisations = genesis_rows(
        shared_data / REGIONALSTATISTIK / "12511-01-01-4.csv", encoding="latin-1", key_column=1
    )
    for ags in ("08", "08236"):
        assert golden.loc[("naturalisations", ags), "value"] == int(naturalisations[ags][3])
        assert golden.loc[("naturalisations", ags), "date"] == naturalisations[ags][0] == "2016"


def test_protection_seekers_against_the_flat_file(golden, shared_data):
    """Sums of the rounded cells of the three top-level statuses; the Land is the sum of its 44 Kreise."""
    import io
    import zipfile

    archive = zipfile.ZipFile(shared_data / "official/genesis-api-recorded/12531-0043_ffcsv.zip")
    text = archive.read(archive.namelist()[0]).decode("utf-8-sig")
    sums: dict[str, int] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        if row["2_variable_attribute_code"] in ("SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X"):
            kreis = row["1_variable_attribute_code"]
            if kreis.startswith("08"):
                sums[kreis] = sums.get(kreis, 0) + int(row["value"])
    assert len(sums) == 44
    assert golden.loc[("protection_seekers", "08236"), "value"] == sums["08236"]
    assert golden.loc[("protection_seekers", "08"), "value"] == sum(sums.values())
