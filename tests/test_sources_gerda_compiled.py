"""Importers of the Zensus 2022 and INKAR exports, the compiled secondary figures and the looked-up figures,
checked against values read by hand in the source files (see ../shared/data/SOURCES.md)."""

from __future__ import annotations

import pandas as pd
import pytest

from integration_analysis.core.errors import InputError
from integration_analysis.core.paths import LOOKUPS_DIR
from integration_analysis.core.provenance import read_sidecar, sidecar_path
from integration_analysis.sources import compiled, gerda, lookups
from integration_analysis.sources.extract import format_number, read_extract

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def zensus(shared_data):
    return gerda.read_zensus2022_gemeinden(shared_data / "official" / gerda.ZENSUS_FILE)


def value(frame: pd.DataFrame, ags: str, variable: str, group: str = "total", date: str | None = None) -> float:
    rows = frame[(frame["ags"] == ags) & (frame["variable"] == variable) & (frame["group"] == group)]
    if date is not None:
        rows = rows[rows["date"] == date]
    assert len(rows) == 1, rows
    return float(rows["value"].iloc[0])


def test_zensus2022_sums_to_the_published_totals(zensus):
    population = zensus[zensus["variable"] == "population"]
    assert population["ags"].nunique() == 1101  # Baden-Württemberg
    assert population["value"].sum() == 11_104_040
    enzkreis = population[population["ags"].str.startswith("08236")]
    assert len(enzkreis) == 28 and enzkreis["value"].sum() == 197_899
    assert set(zensus["basis"]) == {"census_2022"} and set(zensus["date"]) == {"2022-05-15"}


def test_zensus2022_values_of_the_pilots_and_muehlacker(zensus):
    assert value(zensus, "08236040", "population") == 26_420  # Mühlacker's own publication: 26.420
    assert value(zensus, "08236040", "foreigners_share") == 22.6  # and 22,6 %
    for ags in ("08236070", "08236038", "08236073", "08236065"):
        assert 0 < value(zensus, ags, "foreigners_share") < 100


def test_zensus2022_keeps_missing_values_missing(zensus):
    missing = zensus[zensus["flag"] == "na"]
    assert missing["value"].isna().all()
    assert (zensus.loc[zensus["flag"] == "", "value"].notna()).all()


def test_inkar_enzkreis_share_of_foreigners(shared_data):
    codebook = gerda.read_inkar_codebook(shared_data / "official" / gerda.INKAR_CODEBOOK)
    assert len(codebook) == 30
    names = {"08236": "Enzkreis", **{f"08{k:03d}": f"Kreis {k}" for k in range(1000) if k != 236}}
    frame = gerda.read_inkar_kreise(shared_data / "official" / gerda.INKAR_FILE, codebook, names)
    assert value(frame, "08236", "foreigners_share", date="2022") == 14.75  # SOURCES.md: 14.75 % in INKAR 2022
    assert frame["ags"].nunique() == 44  # the 44 Stadt- and Landkreise of Baden-Württemberg
    assert set(frame.loc[frame["variable"] == "foreigners_share", "basis"]) == {"population_update"}
    assert frame.loc[frame["ags"] == "08236", "area_name"].iloc[0] == "Enzkreis"


def test_inkar_unknown_kreis_is_an_error(shared_data):
    codebook = gerda.read_inkar_codebook(shared_data / "official" / gerda.INKAR_CODEBOOK)
    with pytest.raises(InputError, match="unknown Kreis") as info:
        gerda.read_inkar_kreise(shared_data / "official" / gerda.INKAR_FILE, codebook, {"08236": "Enzkreis"})
    assert "inkar_kreise_1995_2022.csv" in str(info.value) and "column 'county_code'" in str(info.value)


def test_inkar_negative_debt_of_bremerhaven_is_kept_as_published(shared_data):
    codebook = gerda.read_inkar_codebook(shared_data / "official" / gerda.INKAR_CODEBOOK)
    frame = gerda.read_inkar_kreise(
        shared_data / "official" / gerda.INKAR_FILE, codebook, {"04011": "Bremen", "04012": "Bremerhaven"}, land="04"
    )
    for year in ("2015", "2016"):  # -0.01 in the file (SOURCES.md: values unchanged)
        assert value(frame, "04012", "inkar_municipal_debt_per_capita", date=year) == -0.01


def test_inkar_negative_share_is_an_error(tmp_path, shared_data):
    source = (shared_data / "official" / gerda.INKAR_FILE).read_text(encoding="utf-8").splitlines()
    header = source[0].split(",")
    index = next(i for i, line in enumerate(source) if line.startswith("08236,2022"))
    cells = source[index].split(",")
    column = header.index("share_foreign")
    cells[column] = "-" + cells[column]
    source[index] = ",".join(cells)
    path = tmp_path / "inkar.csv"
    path.write_text("\n".join(source) + "\n", encoding="utf-8")
    codebook = gerda.read_inkar_codebook(shared_data / "official" / gerda.INKAR_CODEBOOK)
    names = {f"08{k:03d}": f"Kreis {k}" for k in range(1000)}
    with pytest.raises(InputError, match="negative value '-14.75'") as info:
        gerda.read_inkar_kreise(path, codebook, names)
    assert f"line {index + 1}" in str(info.value) and "column 'share_foreign'" in str(info.value)


def test_zensus_non_numeric_cell_is_named(tmp_path, shared_data):
    source = (shared_data / "official" / gerda.ZENSUS_FILE).read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(source) if line.startswith("08236070"))
    source[index] = source[index].replace(",9098,", ",9O98,") if ",9098," in source[index] else source[index]
    cells = source[index].split(",")
    cells[-1] = "n.a."
    source[index] = ",".join(cells)
    path = tmp_path / "zensus2022_gemeinden.csv"
    path.write_text("\n".join(source) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a number: 'n.a.'") as info:
        gerda.read_zensus2022_gemeinden(path)
    assert f"line {index + 1}" in str(info.value) and "avg_rent_per_m2_census22" in str(info.value)


def test_compiled_secondary_figures(shared_data, tmp_path):
    paths = compiled.import_compiled(shared_data, tmp_path, "2026-11-25")
    assert [p.name for p in paths] == [
        "compiled_population.csv",
        "compiled_foreigners.csv",
        "compiled_kreis_integration.csv",
    ]
    population = read_extract(paths[0])
    assert set(population["date"]) == {"2011-05-09", "2022-05-15"}
    assert (
        value(
            population[population["row_source"] == "S14"] if "S14" in set(population["row_source"]) else population,
            "08236",
            "population",
            date="2011-05-09",
        )
        == 191_354
    )
    foreigners = read_extract(paths[1])
    muehlacker = foreigners[(foreigners["ags"] == "08236040") & (foreigners["variable"] == "foreigners")]
    assert dict(zip(muehlacker["date"], muehlacker["value"], strict=True)) == {
        "2011-05-09": 3982,
        "2022-05-15": 5966,
    }
    assert set(muehlacker["basis"]) == {"census_2011", "census_2022"}
    assert muehlacker["quote"].str.contains("5.966").any()
    meta = read_sidecar(sidecar_path(paths[1]))
    assert meta.secondary and "S05" in meta.row_sources
    assert "muehlacker.org" in meta.row_sources["S05"]["url"]
    kreis = read_extract(paths[2])
    assert kreis["row_source"].ne("").all() and kreis["quote"].ne("").all()
    approx = kreis[kreis["flag"] == "approx"]
    assert len(approx) == 7 and set(approx["unit"]) <= {"persons", "percent"}


def test_looked_up_official_figures(tmp_path):
    [path] = lookups.import_lookups(LOOKUPS_DIR, tmp_path, "2026-11-25")
    frame = read_extract(path)
    assert value(frame, "08236", "foreigners", date="2011-05-09") == 16_972  # Zensus 2011, 12111-06-01-4
    assert value(frame, "08236", "foreigners", date="2011-12-31") == 17_328  # 12411-03-03-4
    assert value(frame, "08236", "foreigners", date="2016-12-31") == 24_084
    assert value(frame, "08236", "foreigners_share", date="2022-12-31") == 14.7
    by_date = frame[(frame["ags"] == "08236") & (frame["variable"] == "foreigners") & (frame["group"] == "total")]
    assert dict(zip(by_date["date"], by_date["basis"], strict=True)) == {
        "2011-05-09": "census_2011",
        "2011-12-31": "update_census_2011",
        "2016-12-31": "update_census_2011",
    }
    meta = read_sidecar(sidecar_path(path))
    assert meta.secondary and set(meta.row_sources) == {"L1", "L2", "L3", "L4", "L5"}
    for row in frame.itertuples():  # every figure stands in its quoted line (German number format there)
        assert format_number(row.value) in row.quote.replace(".", "").replace(",", "."), row
