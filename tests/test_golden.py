"""Golden numbers: the package agrees with tests/golden/indicators.csv, and that file agrees with the official
files read here independently (plain csv/openpyxl, not the package's readers)."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from integration_analysis.datasets import load_tidy
from integration_analysis.golden import GOLDEN_FILE, diff_golden
from integration_analysis.regions import default_region

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


def test_unemployment_shares_against_the_ba_file(golden, shared_data):
    found = {}
    with open(shared_data / "official/ba-arbeitslose-gemeinden/2015jz-gem21_d_0.csv", encoding="latin-1") as f:
        for row in csv.reader(f):
            if row and row[0] in ("08", "08236", *PILOTS):
                found[row[0]] = (int(row[2].strip().replace(",", "")), int(row[7].strip().replace(",", "")))
    assert found["08236"] == (3036, 706)
    for ags, (total, foreign) in found.items():
        assert golden.loc[("unemployed_foreigners_share", ags), "value"] == pytest.approx(
            100 * foreign / total, abs=1e-4
        )
