"""Charts: every type renders to deterministic, small PNGs with German alt text, a source line and a data table;
series break at a change of basis; small multiples share scales by unit; no figure is left open."""

from __future__ import annotations

import base64
import re
import struct
import warnings
from collections.abc import Callable

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from integration_analysis import charts
from integration_analysis.charts import (
    Chart,
    german_ticks,
    house_style,
    plot_bars_over_time,
    plot_comparison,
    plot_ranking,
    plot_series,
    plot_small_multiples,
)

SOURCE = "Quelle: Statistische Ämter des Bundes und der Länder, Zensus 2022; eigene Berechnung"
PILOTS = frozenset({"Keltern", "Maulbronn", "Neulingen", "Wiernsheim"})
# fmt: off
MUNICIPALITIES = [
    "Birkenfeld", "Eisingen", "Engelsbrand", "Friolzheim", "Heimsheim", "Illingen", "Ispringen", "Kämpfelbach",
    "Keltern", "Kieselbronn", "Knittlingen", "Königsbach-Stein", "Maulbronn", "Mönsheim", "Mühlacker", "Neuenbürg",
    "Neuhausen", "Neulingen", "Niefern-Öschelbronn", "Ölbronn-Dürrn", "Ötisheim", "Remchingen", "Sternenfels",
    "Straubenhardt", "Tiefenbronn", "Wiernsheim", "Wimsheim", "Wurmberg",
]
# fmt: on
BASIS_2011 = "Fortschreibung (Basis Zensus 2011)"
BASIS_2022 = "Zensus 2022"


def _shares() -> pd.Series:
    """28 foreigners' shares between 7,3 % (Keltern) and 22,6 % (Mühlacker)."""
    values = pd.Series(np.linspace(8.0, 22.0, len(MUNICIPALITIES)).round(1), index=MUNICIPALITIES)
    values["Mühlacker"], values["Keltern"] = 22.6, 7.3
    return values


def _population_frame() -> pd.DataFrame:
    rows = []
    for series, start in (("Keltern", 9_000), ("Enzkreis", 9_500)):
        rows += [
            {"date": f"{year}-12-31", "value": start + 30 * (year - 2015), "series": series, "basis": BASIS_2011}
            for year in range(2015, 2022)
        ]
        rows += [
            {"date": "2022-05-15", "value": start - 200, "series": series, "basis": BASIS_2022},
            {"date": "2023-05-15", "value": start - 180, "series": series, "basis": BASIS_2022},
        ]
    return pd.DataFrame(rows)


def _multiples_frame() -> pd.DataFrame:
    indicators = [
        ("Ausländeranteil", "percent", 1.0),
        ("Anteil mit Migrationshintergrund", "percent", 1.5),
        ("Einwohner", "persons", 500.0),
        ("Arbeitslose Ausländer", "persons", 5.0),
    ]
    rows = [
        {"area": area, "indicator": indicator, "value": (i % 9 + 3) * scale, "unit": unit}
        for indicator, unit, scale in indicators
        for i, area in enumerate(MUNICIPALITIES)
    ]
    return pd.DataFrame(rows)


def _asylum_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"date": [str(y) for y in range(2014, 2024)], "value": [80, 420, 310, 120, 95, 90, np.nan, 70, 160, 140]}
    )


BUILDERS: dict[str, Callable[[], Chart]] = {
    "comparison": lambda: plot_comparison(
        pd.Series({"Keltern": 7.3, "Enzkreis": 13.7, "Baden-Württemberg": 16.6}),
        title="Ausländeranteil (Zensus 2022)",
        unit="percent",
        source=SOURCE,
        highlight="Keltern",
    ),
    "ranking": lambda: plot_ranking(
        _shares(),
        title="Ausländeranteil (Zensus 2022)",
        unit="percent",
        source=SOURCE,
        highlight={"Keltern"},
        references={"Enzkreis": 13.7, "Baden-Württemberg": 16.6},
        universe="Gemeinden des Enzkreises",
    ),
    "series": lambda: plot_series(_population_frame(), title="Bevölkerung", unit="persons", source=SOURCE),
    "small_multiples": lambda: plot_small_multiples(
        _multiples_frame(), title="Kennzahlen der Gemeinden", source=SOURCE, highlight=PILOTS
    ),
    "bars_over_time": lambda: plot_bars_over_time(
        _asylum_frame(), title="Asylzugänge je Jahr", unit="persons", source=SOURCE
    ),
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, Chart]:
    return {kind: build() for kind, build in BUILDERS.items()}


def _chunks(png: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    types, offset = [], len(charts._PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        types.append(png[offset + 4 : offset + 8])
        offset += 12 + length
    return types


# --- Rendering --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_chart_type_renders_a_png_with_table_and_alt(rendered: dict[str, Chart], kind: str) -> None:
    chart = rendered[kind]
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = chart.size_px
    assert width == round(charts.WIDTH_IN * charts.DPI)
    assert 150 < height < 1400
    assert chart.source == SOURCE
    assert not chart.table.empty
    assert chart.alt.strip()
    assert len(chart.png) < 150_000


@pytest.mark.parametrize("kind", BUILDERS)
def test_png_is_identical_on_every_render(rendered: dict[str, Chart], kind: str) -> None:
    assert BUILDERS[kind]().png == rendered[kind].png


def test_render_does_not_depend_on_the_callers_rcparams(rendered: dict[str, Chart]) -> None:
    changed = {"font.size": 20, "axes.facecolor": "red", "lines.linewidth": 5, "axes.formatter.use_locale": True}
    with mpl.rc_context(changed):
        assert BUILDERS["series"]().png == rendered["series"].png
        assert mpl.rcParams["font.size"] == 20


def test_house_style_restores_rcparams() -> None:
    before = dict(mpl.rcParams)
    with house_style():
        assert mpl.rcParams["font.sans-serif"] == ["DejaVu Sans"]
        assert mpl.rcParams["axes.grid"]
    assert dict(mpl.rcParams) == before


@pytest.mark.parametrize("kind", BUILDERS)
def test_png_carries_no_text_or_time_metadata(rendered: dict[str, Chart], kind: str) -> None:
    chunks = _chunks(rendered[kind].png)
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"
    assert not {b"tEXt", b"zTXt", b"iTXt", b"tIME"} & set(chunks)


def test_no_figure_is_left_open(rendered: dict[str, Chart]) -> None:
    assert plt.get_fignums() == []


def test_ranking_of_28_municipalities_is_small(rendered: dict[str, Chart]) -> None:
    assert len(rendered["ranking"].png) < 80_000
    assert len(rendered["small_multiples"].png) < 80_000


# --- Alt text ---------------------------------------------------------------------------------------------------


def test_ranking_alt_names_extremes_highlight_and_references(rendered: dict[str, Chart]) -> None:
    alt = rendered["ranking"].alt
    assert alt.startswith("Balkendiagramm: Ausländeranteil (Zensus 2022) in 28 Gemeinden des Enzkreises.")
    assert "Höchster Wert: Mühlacker 22,6 %; niedrigster: Keltern 7,3 %." in alt
    assert "Keltern ist hervorgehoben: 7,3 %, Rang 28 von 28." in alt
    assert "Enzkreis 13,7 %, Baden-Württemberg 16,6 %" in alt
    assert "22.6" not in alt


def test_ranking_leaves_out_missing_values_and_says_so() -> None:
    values = _shares()
    values["Wurmberg"] = np.nan
    chart = plot_ranking(values, title="Ausländeranteil", unit="percent", source=SOURCE, highlight={"Wurmberg"})
    assert "Wurmberg ist hervorgehoben: keine Daten." in chart.alt
    assert "Keine Daten: Wurmberg." in chart.alt
    assert chart.note == "Ohne Balken (keine Daten): Wurmberg."
    last = chart.table.iloc[-1]
    assert (last["Gebiet"], last["Wert"], last["Rang"]) == ("Wurmberg", "keine Daten", "")
    assert chart.table["Rang"].iloc[0] == "1" and chart.table["Gebiet"].iloc[0] == "Mühlacker"


def test_comparison_alt_says_keine_daten_for_nan() -> None:
    values = pd.Series({"Keltern": 7.3, "Enzkreis": np.nan, "Baden-Württemberg": 16.6})
    chart = plot_comparison(values, title="Ausländeranteil", unit="percent", source=SOURCE, highlight="Keltern")
    assert chart.alt == (
        "Balkendiagramm: Ausländeranteil: Keltern 7,3 %, Enzkreis keine Daten, Baden-Württemberg 16,6 %. "
        "Keltern ist hervorgehoben."
    )
    assert chart.table.to_dict("list") == {
        "Gebiet": ["Keltern", "Enzkreis", "Baden-Württemberg"],
        "Wert": ["7,3 %", "keine Daten", "16,6 %"],
    }


def test_series_alt_and_note_name_the_change_of_basis(rendered: dict[str, Chart]) -> None:
    chart = rendered["series"]
    assert chart.alt.startswith("Liniendiagramm: Bevölkerung, 31.12.2015 bis 15.05.2023.")
    assert f"Keltern, {BASIS_2011}: von 9.000 Personen (31.12.2015) auf 9.180 Personen (31.12.2021)." in chart.alt
    assert "Die Linie ist beim Wechsel der Zählbasis unterbrochen." in chart.alt
    assert chart.note.startswith("Die Linie ist beim Wechsel der Zählbasis unterbrochen: ")
    assert f"{BASIS_2022} (15.05.2022 bis 15.05.2023)" in chart.note
    assert list(chart.table.columns) == ["Gebiet", "Stichtag", "Wert", "Basis"]
    assert chart.table.iloc[0].to_list() == ["Keltern", "31.12.2015", "9.000 Personen", BASIS_2011]


def test_series_on_one_basis_has_no_note() -> None:
    frame = _population_frame()
    chart = plot_series(frame[frame["basis"] == BASIS_2011], title="Bevölkerung", unit="persons", source=SOURCE)
    assert chart.note == ""
    assert "unterbrochen" not in chart.alt


def test_small_multiples_alt_names_extremes_highlights_and_missing() -> None:
    frame = _multiples_frame()
    frame.loc[(frame["area"] == "Keltern") & (frame["indicator"] == "Einwohner"), "value"] = np.nan
    chart = plot_small_multiples(frame, title="Kennzahlen", source=SOURCE, highlight={"Keltern", "Maulbronn"})
    assert chart.alt.startswith("Balkendiagramme in 4 Feldern, eines je Kennzahl: Kennzahlen; 28 Gebiete")
    assert "Ausländeranteil: höchster Wert: " in chart.alt
    assert "Einwohner: höchster Wert: " in chart.alt and "Keltern keine Daten" in chart.alt
    assert "Hervorgehoben: Keltern und Maulbronn." in chart.alt
    assert "Felder mit gleicher Einheit haben dieselbe Skala." in chart.alt
    assert chart.note == "Ohne Balken (keine Daten): Keltern (Einwohner)."
    table = chart.table.set_index("Gebiet")
    assert table.loc["Keltern", "Einwohner (Personen)"] == "keine Daten"
    assert table.loc["Keltern", "Ausländeranteil (%)"] == "11,0"


def test_bars_over_time_alt_and_table(rendered: dict[str, Chart]) -> None:
    chart = rendered["bars_over_time"]
    assert chart.alt == (
        "Säulendiagramm: Asylzugänge je Jahr, 2014 bis 2023. Höchster Wert: 2015 420 Personen; "
        "niedrigster: 2021 70 Personen. Zuletzt (2023): 140 Personen. Keine Daten: 2020."
    )
    assert list(chart.table.columns) == ["Jahr", "Wert"]
    assert chart.table.set_index("Jahr").loc["2020", "Wert"] == "keine Daten"


def test_given_alt_text_is_kept() -> None:
    chart = plot_comparison(pd.Series({"A": 1.0}), title="T", unit="percent", source=SOURCE, alt="Eigener Text")
    assert chart.alt == "Eigener Text"


# --- HTML -------------------------------------------------------------------------------------------------------


def test_repr_html_has_image_caption_and_table(rendered: dict[str, Chart]) -> None:
    chart = rendered["ranking"]
    page = chart._repr_html_()
    assert page.startswith('<figure class="ia-chart">') and page.endswith("</figure>")
    data = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert data is not None and base64.b64decode(data.group(1)) == chart.png
    width, height = chart.size_px
    assert f'width="{width}" height="{height}"' in page
    assert 'alt="Balkendiagramm: Ausländeranteil (Zensus 2022) in 28 Gemeinden' in page
    assert '<strong class="ia-chart-title">Ausländeranteil (Zensus 2022)</strong>' in page
    assert f'<p class="ia-chart-source">{SOURCE}</p>' in page
    assert "<details><summary>Daten zur Grafik</summary><table" in page
    assert 'class="dataframe ia-table"' in page
    assert "<th>Gebiet</th>" in page and "<td>Mühlacker</td>" in page
    assert page.index("<img") < page.index("<figcaption>") < page.index("</figcaption></figure>")


def test_repr_html_escapes_every_text() -> None:
    evil = '<script>alert("x")</script>'
    chart = plot_comparison(
        pd.Series({evil: 5.0, "Enzkreis": 7.0}),
        title=f"Titel {evil} & mehr",
        unit="percent",
        source=f"Quelle: {evil}",
        highlight=evil,
    )
    page = chart._repr_html_()
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page  # in the alt attribute
    assert "Titel &lt;script&gt;" in page and "&amp; mehr" in page
    assert "<td>&lt;script&gt;alert" in page  # in the data table


def test_repr_html_shows_the_note() -> None:
    page = plot_series(_population_frame(), title="Bevölkerung", unit="persons", source=SOURCE)._repr_html_()
    assert '<p class="ia-chart-note">Die Linie ist beim Wechsel der Zählbasis unterbrochen: ' in page


# --- Geometry ---------------------------------------------------------------------------------------------------


def test_series_draws_one_line_per_stretch_of_one_basis() -> None:
    frame = _population_frame()
    with house_style():
        fig = charts._series_figure(charts._prepare_series(frame), unit="persons")
        lines = fig.axes[0].lines
        assert len(lines) == 4  # 2 series × 2 bases
        for line in lines:
            dates = pd.to_datetime(line.get_xdata())
            years = {d.year for d in dates}
            assert years <= set(range(2015, 2022)) or years <= {2022, 2023}, years
        labels = [line.get_label() for line in lines]
        assert f"Keltern – {BASIS_2011}" in labels and f"Enzkreis – {BASIS_2022}" in labels


def test_series_breaks_again_when_a_basis_returns() -> None:
    frame = pd.DataFrame(
        {
            "date": ["2019", "2020", "2021", "2022", "2023"],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0],
            "series": "Keltern",
            "basis": ["A", "A", "B", "A", "A"],
        }
    )
    with house_style():
        fig = charts._series_figure(charts._prepare_series(frame), unit="persons")
        lengths = [len(line.get_xdata()) for line in fig.axes[0].lines]
        legend = [line.get_label() for line in fig.axes[0].lines if not line.get_label().startswith("_")]
    assert lengths == [2, 1, 2]
    assert legend == ["Keltern – A", "Keltern – B"]


def test_small_multiples_share_the_scale_of_panels_with_one_unit() -> None:
    wide, unit_of = charts._prepare_multiples(_multiples_frame(), None)
    with house_style():
        fig = charts._multiples_figure(wide, unit_of, sorted(PILOTS))
        limits = {ax.get_title(loc="left").replace("\n", " "): ax.get_xlim() for ax in fig.axes}
    assert len(limits) == 4
    assert limits["Ausländeranteil (%)"] == limits["Anteil mit Migrationshintergrund (%)"]
    assert limits["Einwohner (Personen)"] == limits["Arbeitslose Ausländer (Personen)"]
    assert limits["Ausländeranteil (%)"] != limits["Einwohner (Personen)"]
    assert limits["Ausländeranteil (%)"][1] >= 11 * 1.5  # the larger panel's maximum is inside the shared scale


def test_small_multiples_order_areas_as_a_german_index(rendered: dict[str, Chart]) -> None:
    areas = rendered["small_multiples"].table["Gebiet"].to_list()
    assert areas.index("Neulingen") < areas.index("Ölbronn-Dürrn") < areas.index("Ötisheim") < areas.index("Remchingen")


def test_german_ticks_use_decimal_comma_and_thousands_dot() -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 5000)
    german_ticks(ax.xaxis)
    german_ticks(ax.yaxis)
    FigureCanvasAgg(fig).draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0,0", "0,2", "0,4", "0,6", "0,8", "1,0"]
    assert "5.000" in [t.get_text() for t in ax.get_yticklabels()]


# --- Errors -----------------------------------------------------------------------------------------------------


def test_empty_input_is_refused() -> None:
    with pytest.raises(ValueError, match="no values"):
        plot_ranking(pd.Series(dtype="float64"), title="T", unit="percent", source=SOURCE)
    with pytest.raises(ValueError, match="no rows"):
        plot_bars_over_time(pd.DataFrame({"date": [], "value": []}), title="T", unit="persons", source=SOURCE)


def test_bad_input_is_refused_with_a_helpful_message() -> None:
    with pytest.raises(ValueError, match="highlighted"):
        plot_ranking(_shares(), title="T", unit="percent", source=SOURCE, highlight={"Pforzheim"})
    with pytest.raises(ValueError, match="columns"):
        plot_series(pd.DataFrame({"date": ["2020"], "value": [1.0]}), title="T", unit="persons", source=SOURCE)
    with pytest.raises(ValueError, match="YYYY"):
        plot_bars_over_time(
            pd.DataFrame({"date": ["2020/21"], "value": [1.0]}), title="T", unit="persons", source=SOURCE
        )
    with pytest.raises(ValueError, match="unknown unit code"):
        plot_comparison(pd.Series({"A": 1.0}), title="T", unit="share", source=SOURCE)
    with pytest.raises(ValueError, match="more than once"):
        plot_comparison(pd.Series([1.0, 2.0], index=["A", "A"]), title="T", unit="percent", source=SOURCE)


def test_refusals_leave_no_figure_open() -> None:
    with pytest.raises(ValueError):
        plot_comparison(pd.Series({"A": 1.0}), title="T", unit="share", source=SOURCE)
    assert plt.get_fignums() == []


def test_missing_rows_and_all_missing_values_render_without_warnings() -> None:
    frame = _multiples_frame()
    frame = frame[~((frame["area"] == "Wurmberg") & (frame["indicator"] == "Einwohner"))]
    values = pd.Series(np.nan, index=["Keltern", "Maulbronn"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        multiples = plot_small_multiples(frame, title="Kennzahlen", source=SOURCE, highlight="Wurmberg")
        empty = plot_ranking(values, title="Ausländeranteil", unit="percent", source=SOURCE, highlight="Keltern")
        nothing = plot_comparison(values, title="Ausländeranteil", unit="percent", source=SOURCE)
    assert "Wurmberg (Einwohner)" in multiples.note and "Einwohner: höchster Wert" in multiples.alt
    assert "Wurmberg keine Daten" in multiples.alt
    assert empty.alt == (
        "Balkendiagramm: Ausländeranteil: 2 Werte, absteigend sortiert. Keltern ist hervorgehoben: keine Daten. "
        "Keine Daten: Keltern und Maulbronn."
    )
    assert nothing.table["Wert"].to_list() == ["keine Daten", "keine Daten"]


def test_plain_repr_leaves_out_image_and_table(rendered: dict[str, Chart]) -> None:
    text = repr(rendered["comparison"])
    assert text.startswith("Chart(title='Ausländeranteil (Zensus 2022)'") and "PNG" not in text
    assert len(text) < 500
