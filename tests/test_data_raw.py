"""The bundled data: data/raw verifies, reproduces from the official files, and the tidy dataset holds the
hand-checked totals (see ../shared/data/SOURCES.md)."""

from __future__ import annotations

import csv

import pytest

from integration_analysis.core.paths import RAW_DIR
from integration_analysis.core.provenance import RAW_MANIFEST, list_extracts, read_sidecar, sidecar_path, verify_raw_dir
from integration_analysis.data.datasets import build_tidy
from integration_analysis.data.importer import import_all
from integration_analysis.sources.regionalstatistik import SPECS as REGIONALSTATISTIK_SPECS


@pytest.fixture(scope="module")
def tidy():
    frame, _ = build_tidy(RAW_DIR)
    return frame


def figure(tidy, ags, variable, date, source_prefix, group="total"):
    rows = tidy[
        (tidy["ags"] == ags)
        & (tidy["variable"] == variable)
        & (tidy["date"] == date)
        & (tidy["group"] == group)
        & tidy["source_id"].str.startswith(source_prefix)
    ]
    assert len(rows) == 1, rows
    return rows["value"].iloc[0]


def test_every_extract_verifies_and_has_complete_provenance():
    metas = verify_raw_dir(RAW_DIR)
    assert len(metas) >= 16
    for meta in metas.values():
        assert meta.licence and meta.source_url and meta.citation and len(meta.original_sha256) == 64


def test_official_extracts_name_the_checksum_of_the_published_file(shared_data):
    with open(shared_data / "official" / "CHECKSUMS.tsv", encoding="utf-8") as handle:
        published = {row["sha256"] for row in csv.DictReader(handle, delimiter="\t")}
    for path in list_extracts(RAW_DIR):
        meta = read_sidecar(sidecar_path(path))
        if not meta.secondary:
            assert meta.original_sha256 in published, meta.source_id


def test_raw_readme_lists_every_extract():
    text = (RAW_DIR / "README.md").read_text(encoding="utf-8")
    for path in list_extracts(RAW_DIR):
        assert f"`{path.name}`" in text
    assert "Still missing" in text


def test_import_reproduces_data_raw_byte_for_byte(shared_data, tmp_path):
    written = import_all(shared_data, tmp_path, "2000-01-01")
    assert sorted(p.name for p in written) == sorted(p.name for p in list_extracts(RAW_DIR))
    assert sum(p.name.startswith("regionalstatistik_") for p in written) == len(REGIONALSTATISTIK_SPECS)
    for path in written:
        assert path.read_bytes() == (RAW_DIR / path.name).read_bytes(), path.name
        ours, theirs = read_sidecar(sidecar_path(path)), read_sidecar(sidecar_path(RAW_DIR / path.name))
        assert ours.extract_sha256 == theirs.extract_sha256 and ours.original_sha256 == theirs.original_sha256


def test_reimport_over_an_unchanged_raw_dir_keeps_the_sidecars(shared_data, tmp_path):
    import_all(shared_data, tmp_path, "2000-01-01")
    before = {p.name: p.read_bytes() for p in [*tmp_path.glob("*.meta.yaml"), tmp_path / RAW_MANIFEST]}
    import_all(shared_data, tmp_path, "2999-12-31")
    assert {p.name: p.read_bytes() for p in [*tmp_path.glob("*.meta.yaml"), tmp_path / RAW_MANIFEST]} == before
    verify_raw_dir(tmp_path)  # the manifest covers every extract and sidecar the import wrote


def test_enzkreis_totals(tidy):
    # the 28 municipalities on 31.12.2023 (Zensus 2011 basis) and at the Zensus 2022
    assert figure(tidy, "08236", "population", "2023-12-31", "destatis_gv") == 203_409
    assert figure(tidy, "08236", "population", "2022-05-15", "zensus2022") == 197_899
    assert figure(tidy, "08", "population", "2022-05-15", "zensus2022") == 11_104_040
    # the "lost" 5,510 people are a correction of the basis, and the two rows say which basis they are on
    rows = tidy[
        (tidy["ags"] == "08236")
        & (tidy["variable"] == "population")
        & (tidy["group"] == "total")
        & tidy["date"].isin(["2022-05-15", "2023-12-31"])
        & tidy["source_id"].str.match("destatis|zensus")
    ]
    assert dict(zip(rows["date"], rows["basis"], strict=True)) == {
        "2022-05-15": "census_2022",
        "2023-12-31": "update_census_2011",
    }


def test_register_sum_matches_the_published_kreis_table(tidy):
    # GV-ISys municipalities summed (ours) vs Regionalstatistik 12411-03-03-4 (published Kreis/Land rows)
    for ags, total in (("08236", 197_246), ("08", 10_951_893)):
        assert figure(tidy, ags, "population", "2016-12-31", "destatis_gv") == total
        assert figure(tidy, ags, "population", "2016-12-31", "official_lookups") == total


@pytest.mark.parametrize(
    ("ags", "population_2023", "population_2022"),
    [("08236070", 9098, None), ("08236038", 6697, None), ("08236073", 6709, None), ("08236065", 6901, None)],
)
def test_pilot_populations(tidy, ags, population_2023, population_2022):
    assert figure(tidy, ags, "population", "2023-12-31", "destatis_gv") == population_2023
    assert figure(tidy, ags, "population", "2022-05-15", "zensus2022") > 0


def test_unemployment_kreis_row_and_municipal_sum_differ_by_rounding_only(tidy):
    kreis = figure(tidy, "08236", "unemployed", "2015", "ba_")
    municipal = tidy[
        (tidy["variable"] == "unemployed")
        & (tidy["date"] == "2015")
        & (tidy["group"] == "total")
        & (tidy["area_level"] == "gemeinde")
        & tidy["ags"].str.startswith("08236")
    ]
    assert kreis == 3036 and municipal["value"].sum() == 3034
    sums = tidy[(tidy["method"] == "sum_of_municipalities") & tidy["source_id"].str.startswith("ba_")]
    # no sum where the BA publishes a Kreis row; it lists the nine Stadtkreise once, under the city's key, so
    # their Kreis rows are the sums of their one municipality
    assert set(sums["ags"]) == {"08111", "08121", "08211", "08212", "08221", "08222", "08231", "08311", "08421"}


def test_missing_stays_missing(tidy):
    flagged = tidy[tidy["flag"].isin(["na", ".", "-", "x", "...", "/"])]
    assert len(flagged) > 0 and flagged["value"].isna().all()
    assert tidy.loc[tidy["flag"] == "", "value"].notna().all()
