"""The indicator layer: registry and functions match, every area gets a value or a reason, values carry
their numerator, denominator, date and source, and bases are never mixed."""

from __future__ import annotations

import pandas as pd
import pytest

from integration_analysis.analysis.indicators import (
    FUNCTIONS,
    RELIABILITY,
    VALUE_COLUMNS,
    _change,
    compute_indicators,
    load_registry,
)
from integration_analysis.core.schema import AREA_LEVELS, UNITS
from integration_analysis.data.datasets import load_tidy
from integration_analysis.data.regions import default_region

TOPICS = {
    "bevoelkerung",
    "vielfalt",
    "entwicklung",
    "staatsangehoerigkeiten",
    "altersstruktur",
    "arbeit",
    "bildung",
    "migration",
    "kreisthemen",
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return compute_indicators(load_tidy(), default_region())


def test_every_registered_indicator_has_a_function_and_every_function_is_registered():
    assert set(load_registry()) == set(FUNCTIONS)


@pytest.mark.parametrize("spec", list(load_registry().values()), ids=lambda s: s.id)
def test_registry_entries_are_complete(spec):
    assert spec.label and spec.definition and spec.relevance and spec.method
    texts = [spec.label, spec.phrase, spec.definition, spec.numerator, spec.relevance, spec.method, *spec.pitfalls]
    assert all(isinstance(t, str) for t in [*texts, *spec.missing.values()])  # a stray ": " makes a YAML dict
    assert spec.unit in UNITS or spec.unit == "percentage_points"
    assert spec.topic in TOPICS
    assert set(spec.levels) <= set(AREA_LEVELS)
    assert spec.direction in {"neutral", "higher_is_better", "lower_is_better"}
    for level in set(AREA_LEVELS) - set(spec.levels):
        assert level in spec.missing, f"{spec.id}: say why there is no value at level {level}"


def test_every_area_has_a_value_or_a_reason(table):
    region = default_region()
    assert list(table.columns) == list(VALUE_COLUMNS)
    for indicator, rows in table.groupby("indicator"):
        assert {region.land.ags, region.kreis.ags, *region.municipality_keys} <= set(rows["ags"]), indicator
    silent = table[table["value"].isna() & (table["flag"] == "")]
    assert silent.empty, silent
    missing = table[table["flag"] == "missing"]
    assert missing["note"].str.len().gt(10).all()
    assert (missing["reliability"] == RELIABILITY["missing"]).all()


def test_values_carry_date_source_and_reliability(table):
    present = table[table["flag"] != "missing"]
    assert present["date"].ne("").all() and present["source_id"].ne("").all()
    assert present["reliability"].isin(list(RELIABILITY.values())).all()


def get(table, indicator, ags, column="value"):
    rows = table[(table["indicator"] == indicator) & (table["ags"] == ags) & (table["group"] == "total")]
    assert len(rows) == 1, rows
    return rows[column].iloc[0]


def test_change_indicators(table):
    # Keltern 9,037 (31.12.2013) → 9,098 (31.12.2023); both on the Zensus 2011 basis
    assert get(table, "population_change_long", "08236070") == pytest.approx(61 / 9037 * 100)
    assert get(table, "population_change_long", "08236070", "date") == "2013-12-31/2023-12-31"
    # Enzkreis foreigners 17,328 (31.12.2011) → 24,084 (31.12.2016), Regionalstatistik 12411-03-03-4
    assert get(table, "foreigners_change", "08236") == pytest.approx((24084 - 17328) / 17328 * 100)
    # INKAR share of foreigners, percentage points over ten years
    assert get(table, "foreigners_share_change_long", "08236", "date") == "2012/2022"


def test_census_and_update_shares_stay_apart(table):
    census = get(table, "foreigners_share_census_2022", "08236")
    update = get(table, "foreigners_share_update", "08236")
    assert round(census, 1) == 13.7 and update == 14.7  # SOURCES.md: both right for what they measure
    assert get(table, "foreigners_share_census_2022", "08236", "basis") == "census_2022"
    assert get(table, "foreigners_share_update", "08236", "basis") == "update_census_2011"


def test_land_census_share_names_what_it_leaves_out(table):
    assert round(get(table, "foreigners_share_census_2022", "08"), 1) == 16.6  # SOURCES.md: BW ≈ 16.6 %
    assert "ohne 1 Gemeinde" in get(table, "foreigners_share_census_2022", "08", "note")


def test_a_change_across_bases_is_refused():
    old = pd.DataFrame(
        {"ags": ["08236"], "value": [191354.0], "date": ["2011-05-09"], "flag": [""], "basis": ["census_2011"]}
    )
    new = old.assign(value=197899.0, date="2022-05-15", basis="census_2022")
    with pytest.raises(ValueError, match="across bases"):
        _change(old, new, percent=True)


def test_municipal_values_without_source_are_missing_with_reason(table):
    assert get(table, "foreigners", "08236070", "flag") == "missing"
    assert "12411-02-03-5" in get(table, "foreigners", "08236070", "note")
    assert get(table, "migration_background_share_census_2011", "08236070", "flag") == "missing"
    assert "12111-07-01-4" in get(table, "migration_background_share_census_2011", "08236070", "note")


def test_citizenship_groups_are_sorted_and_secondary(table):
    rows = table[(table["indicator"] == "citizenship_groups") & (table["ags"] == "08")]
    assert rows["group"].iloc[0] == "citizenship_turkey" and rows["value"].iloc[0] == 267_940
    assert rows["value"].is_monotonic_decreasing
    assert set(rows["reliability"]) == {RELIABILITY["secondary"]}
