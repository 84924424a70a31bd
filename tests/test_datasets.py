"""The tidy dataset on tiny raw folders: sums, validation rules, checksums and atomic, current output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from factories import sample_meta

from integration_analysis.core.errors import ChecksumError
from integration_analysis.core.provenance import record_checksums, sidecar_path
from integration_analysis.core.schema import EXTRACT_COLUMNS
from integration_analysis.data.datasets import ValidationError, build_tidy, load_tidy, prepare
from integration_analysis.data.regions import load_region
from integration_analysis.sources.extract import write_extract

REGION_YAML = """
land: {ags: "08", name: Baden-Württemberg}
kreis: {ags: "08236", name: Enzkreis}
municipalities:
  - {ags: "08236004", name: Birkenfeld}
  - {ags: "08236070", name: Keltern, pilot: true}
"""
# A register with the two Enzkreis municipalities and one elsewhere in the Land.
REGISTER = [
    ("08236004", "Birkenfeld", "total", 10200.0),
    ("08236004", "Birkenfeld", "male", 5000.0),
    ("08236070", "Keltern", "total", 9098.0),
    ("08236070", "Keltern", "male", 4525.0),
    ("08111000", "Stuttgart, Landeshauptstadt", "total", 600000.0),
    ("08111000", "Stuttgart, Landeshauptstadt", "male", 299000.0),
]
AREAS = [
    ("08236004", "Birkenfeld", "total", 17.89),
    ("08236070", "Keltern", "total", 29.82),
    ("08111000", "Stuttgart, Landeshauptstadt", "total", 207.33),
]


def rows_frame(rows, variable="population", date="2023-12-31", unit="persons", basis="update_census_2011"):
    return pd.DataFrame(
        [
            {
                "ags": a,
                "area_name": n,
                "area_level": "gemeinde",
                "date": date,
                "variable": variable,
                "group": g,
                "value": v,
                "flag": "" if v == v else "na",
                "unit": unit,
                "basis": basis,
                "row_source": "",
                "quote": "",
            }
            for a, n, g, v in rows
        ],
        columns=list(EXTRACT_COLUMNS),
    )


@pytest.fixture
def region(tmp_path):
    path = tmp_path / "region.yaml"
    path.write_text(REGION_YAML, encoding="utf-8")
    return load_region(path, raw_dir=tmp_path)  # no area register there: the region as the file lists it


@pytest.fixture
def raw(tmp_path) -> Path:
    raw_dir = tmp_path / "raw"
    write_extract(rows_frame(REGISTER), sample_meta("destatis_gv_2023-12-31"), raw_dir, "destatis_gv_2023-12-31")
    return raw_dir


def test_kreis_and_land_sums_are_added_exactly(raw, region):
    tidy, metas = build_tidy(raw, region)
    sums = tidy[tidy["method"] == "sum_of_municipalities"].set_index(["ags", "group"])["value"]
    assert sums[("08236", "total")] == 10200 + 9098
    assert sums[("08236", "male")] == 5000 + 4525
    assert sums[("08", "total")] == 10200 + 9098 + 600000
    assert set(metas) == {"destatis_gv_2023-12-31"}
    assert tidy["ags"].map(type).eq(str).all()


def test_no_sum_over_a_suppressed_municipality(tmp_path, region):
    rows = [r if r[:3] != ("08236070", "Keltern", "male") else (*r[:3], float("nan")) for r in REGISTER]
    frame = rows_frame(rows)
    frame.loc[frame["value"].isna(), "flag"] = "."
    write_extract(frame, sample_meta("destatis_gv_2023-12-31"), tmp_path / "raw", "destatis_gv_2023-12-31")
    tidy, _ = build_tidy(tmp_path / "raw", region)
    sums = tidy[tidy["method"] == "sum_of_municipalities"]
    assert set(sums.loc[sums["ags"] == "08236", "group"]) == {"total"}  # no male sum: Keltern's is secret


def test_prepare_writes_tidy_and_sources_and_load_tidy_reads_them(raw, region, tmp_path, monkeypatch):
    monkeypatch.setattr("integration_analysis.data.datasets.default_region", lambda: region)
    processed = tmp_path / "processed"
    prepare(raw, processed, region)
    assert {p.name for p in processed.iterdir()} == {"tidy.csv", "sources.csv", "prepared.json"}
    tidy = load_tidy(raw, processed)
    assert tidy.loc[tidy["ags"] == "08236070", "ags"].iloc[0] == "08236070"
    assert tidy["value"].dtype == float
    sources = pd.read_csv(processed / "sources.csv", dtype=str)
    assert list(sources["source_id"]) == ["destatis_gv_2023-12-31"]
    # a new raw extract makes the processed data stale: load_tidy prepares again
    write_extract(rows_frame(AREAS, variable="area", unit="km2"), sample_meta("destatis_area"), raw, "destatis_area")
    assert "area" in set(load_tidy(raw, processed)["variable"])


def test_prepare_is_deterministic(raw, region, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    prepare(raw, a, region)
    prepare(raw, b, region)
    for name in ("tidy.csv", "sources.csv", "prepared.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_a_changed_raw_file_stops_the_run(raw, region):
    path = raw / "destatis_gv_2023-12-31.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("9098", "9099"), encoding="utf-8")
    with pytest.raises(ChecksumError, match="has changed since it was imported"):
        build_tidy(raw, region)


def test_an_extract_without_sidecar_stops_the_run(raw, region):
    sidecar_path(raw / "destatis_gv_2023-12-31.csv").unlink()
    with pytest.raises(ChecksumError, match="no provenance sidecar"):
        build_tidy(raw, region)


def test_a_sidecar_missing_a_field_is_named(raw, region):
    side = sidecar_path(raw / "destatis_gv_2023-12-31.csv")
    side.write_text(side.read_text(encoding="utf-8").replace("licence: l\n", ""), encoding="utf-8")
    with pytest.raises(Exception, match="column 'licence'"):
        build_tidy(raw, region)


def add_table(raw_dir: Path, frame: pd.DataFrame, source_id: str, **extra) -> Path:
    return write_extract(frame, sample_meta(source_id, **extra), raw_dir, source_id)


def problems_of(raw_dir: Path, region) -> str:
    with pytest.raises(ValidationError) as info:
        build_tidy(raw_dir, region)
    return str(info.value)


def test_negative_count_is_named_with_file_line_and_column(raw, region):
    add_table(
        raw,
        rows_frame(
            [("08236004", "Birkenfeld", "total", 5.0), ("08236070", "Keltern", "total", -3.0)],
            variable="foreigners",
        ),
        "t_negative",
    )
    message = problems_of(raw, region)
    assert "t_negative.csv, line 3, column 'value': negative foreigners -3" in message


def test_part_greater_than_total(raw, region):
    add_table(
        raw,
        rows_frame(
            [
                ("08236004", "Birkenfeld", "total", 50.0),
                ("08236004", "Birkenfeld", "male", 60.0),
                ("08236070", "Keltern", "total", 40.0),
            ],
            variable="unemployed",
        ),
        "t_parts",
    )
    assert "unemployed male = 60 exceeds its total 50" in problems_of(raw, region)


def test_foreigners_greater_than_population(raw, region):
    add_table(
        raw,
        rows_frame(
            [("08236004", "Birkenfeld", "total", 20000.0), ("08236070", "Keltern", "total", 10.0)],
            variable="foreigners",
        ),
        "t_foreigners",
    )
    frame = rows_frame([("08236004", "Birkenfeld", "total", 10200.0), ("08236070", "Keltern", "total", 9098.0)])
    add_table(raw, frame, "t_population")
    message = problems_of(raw, region)
    assert "foreigners = 20000 exceeds population = 10200 (08236004, 2023-12-31)" in message
    assert "t_foreigners.csv, line 2" in message


def test_unknown_municipality_key(raw, region):
    add_table(
        raw,
        rows_frame(
            [
                ("08236004", "Birkenfeld", "total", 1.0),
                ("08236070", "Keltern", "total", 1.0),
                ("08236099", "Nirgendwo", "total", 1.0),
            ],
            variable="foreigners",
        ),
        "t_unknown",
    )
    message = problems_of(raw, region)
    assert "t_unknown.csv, line 4, column 'ags': 08236099 is not a municipality of the Enzkreis" in message


def test_unknown_key_elsewhere_in_the_land(raw, region):
    add_table(
        raw,
        rows_frame(
            [
                ("08236004", "Birkenfeld", "total", 1.0),
                ("08236070", "Keltern", "total", 1.0),
                ("08999999", "Irgendwo", "total", 1.0),
            ],
            variable="foreigners",
        ),
        "t_land",
    )
    assert "unknown municipality key 08999999 (not in the register)" in problems_of(raw, region)


def test_incomplete_table_lists_the_missing_municipality(raw, region):
    add_table(raw, rows_frame([("08236004", "Birkenfeld", "total", 1.0)], variable="foreigners"), "t_incomplete")
    assert "foreigners/total on 2023-12-31 lacks 1 municipalit(y/ies) of the Enzkreis: 08236070" in problems_of(
        raw, region
    )


def test_duplicate_figures_in_two_tables_with_one_source_id_are_caught(raw, region, tmp_path):
    # the same source_id twice is refused outright
    add_table(
        raw,
        rows_frame(AREAS, variable="area", unit="km2"),
        "copy",
    )
    side = sidecar_path(raw / "copy.csv")
    side.write_text(
        side.read_text(encoding="utf-8").replace("source_id: copy", "source_id: destatis_gv_2023-12-31"),
        encoding="utf-8",
    )
    with pytest.raises(ChecksumError, match=r"copy.meta.yaml has changed since it was imported .*SHA256SUMS line 2"):
        build_tidy(raw, region)  # an edited sidecar is caught by the raw folder's manifest
    record_checksums(raw, [side])  # as if an importer had written it
    with pytest.raises(ChecksumError, match="used twice"):
        build_tidy(raw, region)


def test_unknown_variable(raw, region):
    add_table(
        raw,
        rows_frame(
            [("08236004", "Birkenfeld", "total", 1.0), ("08236070", "Keltern", "total", 1.0)],
            variable="happiness",
        ),
        "t_variable",
    )
    assert "unknown variable 'happiness'" in problems_of(raw, region)


def test_declared_variable_is_accepted(raw, region):
    add_table(
        raw,
        rows_frame(
            [("08236004", "Birkenfeld", "total", 1.0), ("08236070", "Keltern", "total", 1.0)],
            variable="volunteers",
        ),
        "t_declared",
        variables={"volunteers": "Ehrenamtliche"},
    )
    tidy, _ = build_tidy(raw, region)
    assert ((tidy["variable"] == "volunteers") & (tidy["area_level"] == "gemeinde")).sum() == 2
    assert "08" not in set(tidy.loc[tidy["variable"] == "volunteers", "ags"])  # 2 of 3 municipalities: no Land sum
