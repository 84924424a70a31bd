"""The profile of a municipality (integration-analysis show; "Auf einen Blick")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from integration_analysis.analysis.indicators import compute_indicators, load_registry
from integration_analysis.analysis.profile import KEY_INDICATORS, area_profile, format_indicator
from integration_analysis.cli import main
from integration_analysis.data.datasets import load_tidy
from integration_analysis.data.regions import default_region


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return compute_indicators(load_tidy(), default_region())


def test_keltern_profile(table):
    region = default_region()
    profile = area_profile(table, region, region.find("Keltern")).set_index("indicator")
    assert list(profile.index) == list(KEY_INDICATORS)
    row = profile.loc["foreigners_share_census_2022"]
    assert (row["Keltern"], row["Enzkreis"], row["Baden-Württemberg"]) == ("7,3 %", "13,7 %", "16,6 %")
    assert row["Rang"] == "28 von 28" and row["Stand"] == "15.05.2022"
    assert row["Vergleich"] == (
        "Der Ausländeranteil ist in Keltern etwa halb so hoch wie im Enzkreis (7,3 % gegenüber 13,7 %)."
    )
    assert profile.loc["population", "Keltern"] == "9.098 Personen"
    assert profile.loc["population_change_long", "Keltern"] == "+0,7 %"
    assert "foreigners_share_census_change" in profile.index


def test_small_counts_and_shares_from_them_are_hidden():
    registry = load_registry()
    count, share = registry["unemployed_foreigners"], registry["unemployed_foreigners_share"]
    assert format_indicator(count, 2.0, min_count=3) == "."
    assert format_indicator(count, 3.0, min_count=3) == "3 Personen"
    assert format_indicator(count, 0.0, min_count=3) == "0 Personen"
    assert format_indicator(share, 20.0, min_count=3, numerator=2.0) == "."
    assert format_indicator(share, 20.0, min_count=3, numerator=5.0) == "20,0 %"
    assert format_indicator(share, np.nan, min_count=3) == "."  # the official sign, never "–" (zero)


def test_show_prints_the_table_and_sentences(capsys):
    assert main(["show", "Maulbronn"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Maulbronn, Stadt (08236038) – Pilotkommune")
    assert "17,0 %" in out and "Rang" in out
    # the difference of two shares in percentage points of the printed numbers: 17,0 − 13,7 = 3,3
    assert (
        "→ Der Ausländeranteil ist in Maulbronn um 3,3 Prozentpunkte höher als im Enzkreis (17,0 % gegenüber 13,7 %)."
        in out
    )


def test_show_unknown_municipality_exits_non_zero_with_matches(capsys):
    assert main(["show", "Neulngen"]) == 2
    assert "Neulingen (08236073)" in capsys.readouterr().err


def test_older_figures_are_marked_and_not_ranked(table):
    region = default_region()
    profile = area_profile(table, region, region.find("Keltern")).set_index("indicator")
    # the unemployment figures end in 2016, more than five years before the register of 31.12.2023
    row = profile.loc["unemployed_foreigners_share"]
    assert row["Stand"] == "2016 (ältere Daten)" and row["Rang"] == ""
    assert row["Vergleich"].startswith("Ältere Daten (Stand 2016): ")
    assert profile.loc["population", "Stand"] == "31.12.2023"


def test_reference_years_and_older_data():
    from integration_analysis.analysis.profile import is_older_data, newest_date, reference_year

    assert reference_year("2015-12-31") == 2015 and reference_year("2015/2016") == 2016
    assert reference_year("2011-12-31/2016-12-31") == 2016 and reference_year("") is None
    assert newest_date(["2011-05-09", "2022-05-15", "", "2016"]) == "2022-05-15"
    assert is_older_data("2016", "2022-05-15") and not is_older_data("2017-12-31", "2022-05-15")
    assert not is_older_data("", "2022-05-15")


def test_a_share_from_few_cases_is_marked_and_not_ranked():
    from integration_analysis.analysis.profile import figure_of, rankable_values

    spec = load_registry()["unemployed_foreigners_share"]
    rows = pd.DataFrame(
        {
            "indicator": spec.id,
            "ags": ["08236001", "08236002", "08236003"],
            "area_level": "gemeinde",
            "group": "total",
            "value": [25.0, 10.0, 30.0],
            "numerator": [4.0, 30.0, 60.0],
            "denominator": [16.0, 300.0, 200.0],
            "date": "2015",
            "flag": "",
            "note": "",
        }
    )
    few = figure_of(rows, spec, "08236001", min_count=3)
    assert few.few_cases and few.text == "25,0 % (wenige Fälle)"
    assert not figure_of(rows, spec, "08236002", min_count=3).few_cases
    ranked = rankable_values(rows, spec)
    assert np.isnan(ranked["08236001"]) and ranked["08236003"] == 30.0
