"""Maps from the BKG boundaries: the import of the real shapefiles, the geometry extract beside the figures, the
join by AGS, the classes, the attribution and the data table of the Kreisübersicht's maps."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from integration_analysis.core.errors import ChecksumError, InputError
from integration_analysis.core.paths import RAW_DIR
from integration_analysis.core.provenance import list_extracts, read_sidecar, sidecar_path, verify_raw_dir
from integration_analysis.data.datasets import load_raw
from integration_analysis.report import maps
from integration_analysis.report.charts.core import shown
from integration_analysis.sources.bkg import ATTRIBUTION, SOURCE_ID, import_bkg, read_geometries

ENZKREIS = "08236"
EXTRACT = f"{SOURCE_ID}.geojson"


@pytest.fixture(scope="module")
def imported(shared_data, tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    (path,) = import_bkg(shared_data, raw, "2026-01-01")
    return path


@pytest.fixture(scope="module")
def geometries():
    return maps.load_geometries()


def enzkreis_keys(geometries) -> list[str]:
    return sorted(k for k, a in geometries.items() if a.level == "gemeinde" and k.startswith(ENZKREIS))


@pytest.mark.shared_data
def test_import_of_the_real_shapefiles(imported):
    areas = read_geometries(imported)
    enz = [a for a in areas.values() if a.level == "gemeinde" and a.ags.startswith(ENZKREIS)]
    assert len(enz) == 28
    assert {"Mühlacker", "Keltern", "Ötisheim", "Niefern-Öschelbronn"} <= {a.name for a in enz}
    # Pforzheim, the hole in the middle of the Enzkreis, is a Kreis (kreisfreie Stadt) of its own
    assert areas["08231"].level == "kreis" and areas["08231"].name == "Pforzheim"
    assert areas["08236"].level == "kreis" and areas["08236"].name == "Enzkreis"
    assert all(a.ags.startswith("08") for a in areas.values())
    assert imported.stat().st_size < 1_500_000
    meta = read_sidecar(sidecar_path(imported))
    assert "(Daten verändert)" in meta.citation and meta.rows == len(areas)
    assert any("whole metres" in note for note in meta.notes)


@pytest.mark.shared_data
def test_the_committed_extract_is_what_the_import_writes(imported):
    assert (RAW_DIR / EXTRACT).read_bytes() == imported.read_bytes()


def test_a_geometry_extract_is_verified_but_not_loaded_as_figures(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    assert raw / EXTRACT in list_extracts(raw)
    assert raw / EXTRACT not in list_extracts(raw, figures_only=True)
    assert SOURCE_ID in verify_raw_dir(raw)
    assert SOURCE_ID not in set(load_raw(raw)["source_id"])
    text = (raw / EXTRACT).read_text(encoding="utf-8")
    (raw / EXTRACT).write_text(text.replace('"Mühlacker"', '"Muehlacker"'), encoding="utf-8")
    with pytest.raises(ChecksumError, match=EXTRACT):
        verify_raw_dir(raw)


def test_a_malformed_geometry_file_names_file_and_line(tmp_path):
    path = tmp_path / EXTRACT
    path.write_text('{"type":"FeatureCollection","features":[\n{"level":"gemeinde","ags":"08236004",\n', "utf-8")
    with pytest.raises(InputError, match=rf"{EXTRACT}.*line 3"):
        read_geometries(path)
    path.write_text('{"type":"FeatureCollection","features":[\n{"level":"gemeinde","ags":"1"}\n]}\n', "utf-8")
    with pytest.raises(InputError, match=r"line 2.*malformed feature"):
        read_geometries(path)


def test_the_join_fails_on_a_municipality_without_geometry(geometries):
    keys = enzkreis_keys(geometries)
    values = pd.Series(np.arange(len(keys), dtype=float), index=keys)
    without = {k: a for k, a in geometries.items() if k != "08236040"}
    with pytest.raises(ValueError, match="08236040"):
        maps.plot_choropleth(values, without, title="T", unit="percent", source="Quelle: X")
    with pytest.raises(ValueError, match="08236040"):
        maps.plot_locator(without, "08236040", title="T")


@pytest.mark.parametrize(
    "values",
    [
        [7.3, 22.6],
        [-1.3, 4.2, 0.0],
        [13.7, 13.7],
        [0.0, 100.0],
        [0.012, 0.049],
        [2.0, 3.99, 12.0],
        [-8.0, -2.5],
        [0.3, 0.5],
        [0.2, 0.3, 0.5, 0.7],
    ],
)
def test_classes_cover_every_value(values):
    breaks = maps.class_breaks(values)
    assert 2 <= len(breaks) <= 6
    widths = np.diff(breaks)
    assert np.allclose(widths, widths[0])
    assert all(breaks[0] <= v < breaks[-1] for v in values)
    assert len(maps.class_labels(breaks, "percent")) == len(breaks) - 1


def test_choropleth_table_classes_note_attribution_and_determinism(geometries):
    keys = enzkreis_keys(geometries)
    values = pd.Series(np.linspace(5.0, 22.6, len(keys)), index=keys)
    values["08236019"] = np.nan  # Friolzheim without a value
    args = {"title": "Test", "unit": "percent", "source": "Quelle: X", "highlight": {"08236004"}}
    chart = maps.plot_choropleth(values, geometries, **args)
    assert chart.svg == maps.plot_choropleth(values, geometries, **args).svg
    assert ATTRIBUTION.encode() in chart.svg and ATTRIBUTION in chart.source
    assert "Friolzheim" in chart.note and "schraffiert" in chart.note
    table = chart.table.set_index("Gemeindeschlüssel")
    assert len(table) == 28 and table.loc["08236019", "Klasse"] == "keine Daten"
    assert table.loc["08236004", "Klasse"] == "5 bis unter 10 %"
    assert "Umrandet: Birkenfeld" in chart.alt
    with pytest.raises(ValueError, match="highlighted"):
        maps.plot_choropleth(values, geometries, **{**args, "highlight": {"08231000"}})


def test_locator_names_the_municipality(geometries):
    chart = maps.plot_locator(geometries, "08236040", title="Lage")
    assert b"M\xc3\xbchlacker" in chart.svg and ATTRIBUTION.encode() in chart.svg
    assert "28 Gemeinden" in chart.alt and chart.table["Gemeinde"].tolist() == ["Mühlacker"]


@pytest.mark.shared_data
def test_kreisuebersicht_maps_show_the_indicator_values_of_all_28(geometries):
    from integration_analysis.report.documents import Kreisuebersicht

    report = Kreisuebersicht()
    for indicator_id in report.MAP_INDICATORS:
        chart = report.map_chart(indicator_id, geometries)
        unit = report.registry[indicator_id].unit
        table = chart.table.set_index("Gemeindeschlüssel")
        expected = report.values(indicator_id).set_index("ags")["value"]
        assert len(table) == 28 and set(table.index) == set(expected.index)
        for ags, value in expected.items():
            assert table.loc[ags, "Wert"] == shown(value, unit, 1), (indicator_id, ags)
        assert (table["Klasse"] != "keine Daten").all()
        assert "Umrandet: Keltern, Maulbronn, Neulingen und Wiernsheim" in chart.alt
