"""A region's report data is computed once per state of data, code and region and then read from
data/processed/regions (analysis/region_data.py): same frames as computed, a new file when anything changes,
a damaged file computed anew."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from integration_analysis.analysis import region_data as rd
from integration_analysis.core.paths import RAW_DIR
from integration_analysis.data.datasets import data_state
from integration_analysis.data.regions import default_region, region_for_kreis
from integration_analysis.report.documents import Steckbrief


@pytest.fixture
def folder(tmp_path):
    rd._in_memory.cache_clear()
    yield tmp_path / "regions"
    rd._in_memory.cache_clear()


def _pickles(folder):
    return sorted(p.name for p in folder.glob("*.pickle"))


def test_reports_of_one_region_share_its_data_in_memory():
    first, second = Steckbrief("Keltern"), Steckbrief("Maulbronn")
    assert first.table is second.table and first.tidy is second.tidy  # shared, read-only


def test_stored_data_is_what_was_computed_and_is_read_not_recomputed(folder, monkeypatch):
    region = default_region()
    computed = rd.region_data(region, folder=folder)
    assert _pickles(folder) == [f"08236-{rd.region_key(region, data_state())[:24]}.pickle"]
    rd._in_memory.cache_clear()  # as a new process would

    def refuse(*args):
        raise AssertionError("computed again although it is stored")

    monkeypatch.setattr(rd, "compute_region_data", refuse)
    loaded = rd.region_data(region, folder=folder)
    for name in ("tidy", "table", "sources"):
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(computed, name))
    assert set(loaded.tidy["ags"].str[:5]) <= {"08", "08236"} | {a[:5] for a in region.municipality_keys}


def test_each_region_has_its_own_file(folder):
    rd.region_data(default_region(), folder=folder)
    karlsruhe = rd.region_data(region_for_kreis("08215"), folder=folder)
    assert [name[:6] for name in _pickles(folder)] == ["08215-", "08236-"]
    assert "08215" in set(karlsruhe.table["ags"]) and "08236" not in set(karlsruhe.table["ags"])


def test_changed_data_gives_a_new_file_and_the_old_one_goes(folder, monkeypatch):
    region = default_region()
    rd.region_data(region, folder=folder)
    old = _pickles(folder)
    monkeypatch.setattr(rd, "data_state", lambda raw_dir=RAW_DIR: "another state of the raw data")
    rd.region_data(region, folder=folder)
    new = _pickles(folder)
    assert len(new) == 1 and new != old


def test_the_key_covers_data_code_and_region(monkeypatch):
    region = default_region()
    key = rd.region_key(region, "state")
    assert rd.region_key(region, "other state") != key
    assert rd.region_key(region_for_kreis("08215"), "state") != key
    monkeypatch.setattr(rd, "code_digest", lambda: "other code")
    assert rd.region_key(region, "state") != key


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_damaged_file_is_computed_anew(folder, caplog, damage):
    region = default_region()
    computed = rd.region_data(region, folder=folder)
    (path,) = folder.glob("*.pickle")
    if damage is None:  # a pickle of something else under the region's name
        import pickle

        path.write_bytes(pickle.dumps(("wrong key", "wrong data")))
    else:
        path.write_bytes(damage)
    rd._in_memory.cache_clear()
    with caplog.at_level(logging.WARNING, logger=rd.__name__):
        again = rd.region_data(region, folder=folder)
    assert "is damaged" in caplog.text and path.name in caplog.text
    pd.testing.assert_frame_equal(again.table, computed.table)
    rd._in_memory.cache_clear()
    caplog.clear()
    rd.region_data(region, folder=folder)  # the file was replaced: read without a warning
    assert "is damaged" not in caplog.text


def test_lookups_give_the_rows_a_filter_gives():
    data = rd.region_data(default_region())
    table = data.table
    totals = table[table["group"] == "total"]
    for (indicator, ags), rows in totals.groupby(["indicator", "ags"], sort=False):
        pd.testing.assert_series_equal(data.total_row(indicator, ags), rows.iloc[0])
    for indicator, rows in table.groupby("indicator", sort=False):
        pd.testing.assert_frame_equal(data.indicator_rows(indicator), rows)
    keltern = data.area_rows("08236070")
    pd.testing.assert_frame_equal(keltern, data.tidy[data.tidy["ags"] == "08236070"])
    assert data.area_rows("99999999").empty and data.indicator_rows("no such indicator").empty
    with pytest.raises(KeyError):
        data.total_row("population", "99999999")
