"""Charts: every type renders to a deterministic SVG with German alt text, a source line and a data table, and text
readable on a phone; bars start at zero and missing cells are never drawn; time runs on a true time axis; series
break at a change of basis and at absent years; pyramids compare shares per group; small multiples share scales
by unit and their titles never overlap; no figure is left open."""

from __future__ import annotations

import base64
import itertools
import re
import warnings
from collections.abc import Callable

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.text import Text

from integration_analysis.report import charts
from integration_analysis.report.charts import (
    Chart,
    bars,
    core,
    german_ticks,
    house_style,
    over_time,
    plot_bars_over_time,
    plot_comparison,
    plot_grouped_bars,
    plot_pyramid,
    plot_ranking,
    plot_series,
    plot_small_multiples,
    smallest_text_px,
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
GERMANS, FOREIGNERS = "Deutsche", "Ausländerinnen und Ausländer"
BANDS = ["unter 18 Jahre", "18 bis unter 65 Jahre", "65 Jahre und älter"]
SCHOOLS = ["Grundschule", "Werkrealschule/Hauptschule", "Realschule", "Gymnasium"]


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


def _pyramid_frame() -> pd.DataFrame:
    """Counts: Germans 100 + 300 + 600 = 1.000, foreigners 50 + 30 + 20 = 100 (youngest first)."""
    return pd.DataFrame({GERMANS: [100, 300, 600], FOREIGNERS: [50, 30, 20]}, index=BANDS)


def _schools_frame() -> pd.DataFrame:
    return pd.DataFrame({GERMANS: [28.1, 8.4, 22.0, 35.5], FOREIGNERS: [25.3, 30.2, 15.9, 12.1]}, index=SCHOOLS)


def _moves_frame() -> pd.DataFrame:
    years = [str(y) for y in range(2014, 2020)]
    return pd.DataFrame(
        {
            "date": years * 2,
            "value": [300, 320, 900, 500, 410, 400, 250, 260, 300, 330, 350, 360],
            "series": ["Zuzüge"] * 6 + ["Fortzüge"] * 6,
        }
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
    "pyramid": lambda: plot_pyramid(
        _pyramid_frame(), title="Altersaufbau (Zensus 2011)", source=SOURCE, as_shares=True
    ),
    "grouped_bars": lambda: plot_grouped_bars(
        _schools_frame(), title="Schülerinnen und Schüler nach Schulart", unit="percent", source=SOURCE
    ),
    "moves": lambda: plot_bars_over_time(
        _moves_frame(), title="Wanderungen über die Kreisgrenze", unit="persons", source=SOURCE
    ),
}

_STUB = b'<svg width="1pt" height="1pt" viewBox="0 0 1 1"></svg>'


@pytest.fixture(scope="module")
def rendered() -> dict[str, Chart]:
    return {kind: build() for kind, build in BUILDERS.items()}


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """The figures of the charts made in a test, drawn by Agg in the house style and kept open for inspection
    (the SVG is replaced by a stub)."""
    figures: list[Figure] = []

    def keep(fig: Figure) -> bytes:
        fig.set_dpi(288)  # text widths as a browser draws the SVG's text: at 72 dpi Agg rounds every glyph up
        FigureCanvasAgg(fig).draw()
        figures.append(fig)
        return _STUB

    monkeypatch.setattr(core, "render", keep)
    return figures


def _bars(ax, *, outline: bool = False) -> list[np.ndarray]:
    """The corners of the bars of an axes (filled ones, or the outline bars), in data units, in the order the
    chart module writes them: from zero along the bar and back."""
    return [
        path.vertices
        for collection in ax.collections
        if isinstance(collection, PolyCollection) and (collection.get_linewidth()[0] > 0) == outline
        for path in collection.get_paths()
    ]


def _horizontal(bars: list[np.ndarray]) -> list[tuple[float, float]]:
    """Signed length (left of zero: negative) and centre of horizontal bars, sorted."""
    return sorted((round(float(v[1][0]), 6), round(float(v[0][1] + v[2][1]) / 2, 6)) for v in bars)


def _centres(bars: list[np.ndarray]) -> list[float]:
    """Centres of vertical bars along the x axis, sorted."""
    return sorted(float(v[0][0] + v[1][0]) / 2 for v in bars)


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


# --- Rendering --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_chart_type_renders_an_svg_with_table_and_alt(rendered: dict[str, Chart], kind: str) -> None:
    chart = rendered[kind]
    assert chart.svg.startswith(b"<?xml") and b"<svg " in chart.svg and chart.svg.rstrip().endswith(b"</svg>")
    width, height = chart.size_px
    assert width == round(charts.WIDTH_IN * 96)
    assert 100 < height < 1500
    assert chart.source == SOURCE
    assert not chart.table.empty
    assert chart.alt.strip()
    assert len(chart.svg) < 60_000


@pytest.mark.parametrize("kind", BUILDERS)
def test_svg_is_identical_on_every_render(rendered: dict[str, Chart], kind: str) -> None:
    assert BUILDERS[kind]().svg == rendered[kind].svg


@pytest.mark.parametrize("kind", BUILDERS)
def test_svg_carries_no_metadata_and_keeps_text_as_text(rendered: dict[str, Chart], kind: str) -> None:
    svg = rendered[kind].svg.decode("utf-8")
    assert "<metadata" not in svg and "Matplotlib v" not in svg and "dc:date" not in svg
    assert "<text" in svg and 'id="DejaVuSans-' not in svg  # text as text, no glyph outlines
    assert "font-family: 'DejaVu Sans'" in svg


@pytest.mark.parametrize("kind", BUILDERS)
def test_text_is_at_least_10_px_on_a_phone(rendered: dict[str, Chart], kind: str) -> None:
    # the SVG scales with the width it is shown at: at 332 px (the column of a report on a 390 px screen) no text may
    # be smaller than 10 px
    assert smallest_text_px(rendered[kind].svg, charts.PHONE_WIDTH_PX) >= charts.MIN_TEXT_PX
    assert charts.FONT_PT * charts.PHONE_WIDTH_PX / (charts.WIDTH_IN * 72) >= charts.MIN_TEXT_PX


def test_smallest_text_px_scales_with_the_shown_width() -> None:
    svg = b'<svg width="360pt" height="100pt" viewBox="0 0 360 100"><text style="font-size: 12px">a</text></svg>'
    assert smallest_text_px(svg, 360) == 12
    assert smallest_text_px(svg, 180) == 6
    with pytest.raises(ValueError, match="no <svg>"):
        smallest_text_px(b"<html/>", 300)


@pytest.mark.parametrize("kind", BUILDERS)
def test_everything_drawn_lies_inside_the_figure(drawn: list[Figure], kind: str) -> None:
    BUILDERS[kind]()
    (fig,) = drawn
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)  # in inches
    width, height = fig.get_size_inches()
    assert box.x0 >= 0 and box.y0 >= 0, (kind, box)
    assert box.x1 <= width and box.y1 <= height, (kind, box, width, height)


def test_render_does_not_depend_on_the_callers_rcparams(rendered: dict[str, Chart]) -> None:
    changed = {"font.size": 20, "axes.facecolor": "red", "lines.linewidth": 5, "axes.formatter.use_locale": True}
    with mpl.rc_context(changed):
        assert BUILDERS["series"]().svg == rendered["series"].svg
        assert mpl.rcParams["font.size"] == 20


def test_house_style_restores_rcparams() -> None:
    before = dict(mpl.rcParams)
    with house_style():
        assert mpl.rcParams["font.sans-serif"] == ["DejaVu Sans"]
        assert mpl.rcParams["axes.grid"]
        assert mpl.rcParams["svg.fonttype"] == "none" and mpl.rcParams["svg.hashsalt"]
    assert dict(mpl.rcParams) == before


def test_no_figure_is_left_open(rendered: dict[str, Chart]) -> None:
    assert plt.get_fignums() == []


def test_charts_of_28_municipalities_are_small(rendered: dict[str, Chart]) -> None:
    assert len(rendered["ranking"].svg) < 40_000
    assert len(rendered["small_multiples"].svg) < 60_000


# --- Alt text and tables ----------------------------------------------------------------------------------------


def test_ranking_alt_names_extremes_highlight_and_references(rendered: dict[str, Chart]) -> None:
    alt = rendered["ranking"].alt
    assert alt.startswith("Balkendiagramm: Ausländeranteil (Zensus 2022) in 28 Gemeinden des Enzkreises.")
    assert "Höchster Wert: Mühlacker 22,6 %; niedrigster: Keltern 7,3 %." in alt
    assert "Keltern ist hervorgehoben: 7,3 %, Rang 28 von 28." in alt
    assert "Enzkreis 13,7 %, Baden-Württemberg 16,6 %" in alt
    assert "22.6" not in alt


def test_ranking_leaves_out_missing_values_and_says_so(drawn: list[Figure]) -> None:
    values = _shares()
    values["Wurmberg"] = np.nan
    chart = plot_ranking(values, title="Ausländeranteil", unit="percent", source=SOURCE, highlight={"Wurmberg"})
    assert "Wurmberg ist hervorgehoben: keine Daten." in chart.alt
    assert "Keine Daten: Wurmberg." in chart.alt
    assert chart.note == "Ohne Balken (keine Daten): Wurmberg."
    last = chart.table.iloc[-1]
    assert (last["Gebiet"], last["Wert"], last["Rang"]) == ("Wurmberg", "keine Daten", "")
    assert chart.table["Rang"].iloc[0] == "1" and chart.table["Gebiet"].iloc[0] == "Mühlacker"
    ax = drawn[0].axes[0]
    assert len(_bars(ax)) == 27  # no bar, not even one of zero length, for the missing value
    assert ax.get_xlim()[0] == 0


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
        "niedrigster: 2021 70 Personen; zuletzt (2023): 140 Personen. Ohne Wert: 2020 (keine Daten)."
    )
    assert list(chart.table.columns) == ["Jahr", "Wert"]
    assert chart.table.set_index("Jahr").loc["2020", "Wert"] == "keine Daten"


def test_given_alt_text_is_kept() -> None:
    chart = plot_comparison(pd.Series({"A": 1.0}), title="T", unit="percent", source=SOURCE, alt="Eigener Text")
    assert chart.alt == "Eigener Text"


# --- Population pyramid -----------------------------------------------------------------------------------------


def test_pyramid_shares_are_computed_per_group(rendered: dict[str, Chart]) -> None:
    chart = rendered["pyramid"]
    # Germans 100/1.000, 300/1.000, 600/1.000; foreigners 50/100, 30/100, 20/100: each group sums to 100 %
    assert chart.table.to_dict("list") == {
        "Altersgruppe": BANDS,
        f"{GERMANS}: Anzahl": ["100", "300", "600"],
        f"{GERMANS}: Anteil": ["10,0 %", "30,0 %", "60,0 %"],
        f"{FOREIGNERS}: Anzahl": ["50", "30", "20"],
        f"{FOREIGNERS}: Anteil": ["50,0 %", "30,0 %", "20,0 %"],
    }
    assert "als Anteil an der jeweiligen Gruppe in %" in chart.alt
    assert "Jede Seite ergibt zusammen 100 %." in chart.alt
    assert f"{GERMANS}: höchster Wert: 65 Jahre und älter 60,0 %; niedrigster: unter 18 Jahre 10,0 %." in chart.alt
    assert f"{FOREIGNERS}: höchster Wert: unter 18 Jahre 50,0 %; niedrigster: 65 Jahre und älter 20,0 %." in chart.alt


def test_pyramid_draws_shares_left_and_right_with_the_youngest_at_the_bottom(drawn: list[Figure]) -> None:
    plot_pyramid(_pyramid_frame(), title="Altersaufbau", source=SOURCE, as_shares=True)
    ax = drawn[0].axes[0]
    assert _horizontal(_bars(ax)) == [(-60.0, 2.0), (-30.0, 1.0), (-10.0, 0.0), (20.0, 2.0), (30.0, 1.0), (50.0, 0.0)]
    assert [t.get_text() for t in ax.get_yticklabels()] == BANDS  # position 0 (the bottom) is the youngest
    assert ax.get_ylim()[0] < ax.get_ylim()[1]
    low, high = ax.get_xlim()
    assert low == -high  # one symmetric scale for both groups
    assert ax.get_xlabel() == "Anteil an der jeweiligen Gruppe in %"
    labels = [t.get_text() for t in ax.get_xticklabels() if -high <= t.get_position()[0] <= high]
    assert labels == ["50", "25", "0", "25", "50"]  # the left half is labelled without a minus sign


def test_pyramid_leaves_a_secret_cell_undrawn_and_names_it(drawn: list[Figure]) -> None:
    frame = _pyramid_frame().astype(object)
    frame.loc["18 bis unter 65 Jahre", FOREIGNERS] = "."
    with pytest.raises(ValueError, match="published total"):
        plot_pyramid(frame, title="Altersaufbau", source=SOURCE, as_shares=True)
    chart = plot_pyramid(frame, title="Altersaufbau", source=SOURCE, as_shares=True, totals={FOREIGNERS: 100})
    ax = drawn[-1].axes[0]
    assert len(_bars(ax)) == 5  # no bar of zero length for the secret cell
    assert "." in [t.get_text().strip() for t in ax.texts]  # the marker stands at the axis instead
    assert chart.table.loc[1, f"{FOREIGNERS}: Anzahl"] == "." and chart.table.loc[1, f"{FOREIGNERS}: Anteil"] == "."
    assert chart.table.loc[0, f"{FOREIGNERS}: Anteil"] == "50,0 %"  # 50 of the published 100, not of 70
    assert f"Ohne Wert: {FOREIGNERS} 18 bis unter 65 Jahre („.“)." in chart.alt
    assert "weniger als 100 %" in chart.alt
    assert chart.note == "Zeichen: „.“ = Zahlenwert unbekannt oder geheim zu halten."


def test_pyramid_in_persons_with_an_outline() -> None:
    kreis = _pyramid_frame() * 20
    chart = plot_pyramid(
        _pyramid_frame(),
        title="Altersaufbau",
        source=SOURCE,
        unit="persons",
        outline=kreis,
        outline_label="Enzkreis",
        note="Zensus 2011, Stichtag 09.05.2011.",
    )
    assert chart.table.loc[2, GERMANS] == "600 Personen"
    assert chart.table.loc[2, f"{GERMANS} (Enzkreis)"] == "12.000 Personen"
    assert "Umriss zum Vergleich: Enzkreis" in chart.alt and "in Personen" in chart.alt
    assert chart.note == "Zensus 2011, Stichtag 09.05.2011."


def test_pyramid_outline_is_drawn_unfilled(drawn: list[Figure]) -> None:
    plot_pyramid(
        _pyramid_frame(), title="A", source=SOURCE, as_shares=True, outline=_pyramid_frame() * 2, outline_label="K"
    )
    ax = drawn[0].axes[0]
    outlines = _bars(ax, outline=True)
    assert [length for length, _ in _horizontal(outlines)] == [-60.0, -30.0, -10.0, 20.0, 30.0, 50.0]


def test_pyramid_refuses_what_it_cannot_draw() -> None:
    with pytest.raises(ValueError, match="columns must be"):
        plot_pyramid(_pyramid_frame().rename(columns={GERMANS: "D"}), title="T", source=SOURCE)
    with pytest.raises(ValueError, match="unit must be 'percent'"):
        plot_pyramid(_pyramid_frame(), title="T", source=SOURCE, unit="persons", as_shares=True)
    with pytest.raises(ValueError, match="outline_label"):
        plot_pyramid(_pyramid_frame(), title="T", source=SOURCE, outline=_pyramid_frame())
    with pytest.raises(ValueError, match="same age bands"):
        plot_pyramid(_pyramid_frame(), title="T", source=SOURCE, outline=_pyramid_frame().iloc[::-1], outline_label="K")
    bad = _pyramid_frame().astype(object)
    bad.iloc[0, 0] = "n/a"
    with pytest.raises(ValueError, match="'n/a'"):
        plot_pyramid(bad, title="T", source=SOURCE)


# --- Grouped bars -----------------------------------------------------------------------------------------------


def test_grouped_bars_table_alt_and_shared_axis_from_zero(rendered: dict[str, Chart], drawn: list[Figure]) -> None:
    chart = rendered["grouped_bars"]
    assert chart.table.to_dict("list") == {
        "Kategorie": SCHOOLS,
        GERMANS: ["28,1 %", "8,4 %", "22,0 %", "35,5 %"],
        FOREIGNERS: ["25,3 %", "30,2 %", "15,9 %", "12,1 %"],
    }
    assert chart.alt.startswith("Gruppiertes Balkendiagramm: Schülerinnen und Schüler nach Schulart; 4 Gruppen")
    assert f"{GERMANS}: höchster Wert: Gymnasium 35,5 %; niedrigster: Werkrealschule/Hauptschule 8,4 %." in chart.alt
    assert f"Gymnasium: {GERMANS} 35,5 %, {FOREIGNERS} 12,1 %." in chart.alt
    BUILDERS["grouped_bars"]()
    ax = drawn[0].axes[0]
    assert ax.get_xlim()[0] == 0
    assert len(_bars(ax)) == 8
    assert [t.get_text() for t in drawn[0].legends[0].get_texts()] == [GERMANS, FOREIGNERS]


def test_grouped_bars_with_a_missing_cell(drawn: list[Figure]) -> None:
    frame = _schools_frame().astype(object)
    frame.loc["Realschule", FOREIGNERS] = np.nan
    frame.loc["Gymnasium", FOREIGNERS] = "x"
    chart = plot_grouped_bars(frame, title="Schulen", unit="percent", source=SOURCE, category_label="Schulart")
    assert list(chart.table.columns) == ["Schulart", GERMANS, FOREIGNERS]
    assert chart.table[FOREIGNERS].to_list() == ["25,3 %", "30,2 %", "keine Daten", "x"]
    assert f"Ohne Wert: Realschule – {FOREIGNERS} (keine Daten) und Gymnasium – {FOREIGNERS} („x“)." in chart.alt
    assert chart.note == "Zeichen: „x“ = Tabellenfach gesperrt, weil Aussage nicht sinnvoll."
    assert len(_bars(drawn[0].axes[0])) == 6


def test_grouped_bars_want_two_or_three_series() -> None:
    with pytest.raises(ValueError, match="2 to 3 columns"):
        plot_grouped_bars(_schools_frame()[[GERMANS]], title="T", unit="percent", source=SOURCE)


# --- Time -------------------------------------------------------------------------------------------------------


def _x(date: str) -> float:
    return float(date2num(pd.Timestamp(date)))


def test_a_31_december_value_is_drawn_at_its_date_and_labelled_so(drawn: list[Figure]) -> None:
    frame = pd.DataFrame(
        {"date": ["2015-12-31", "2016-12-31", "2017-12-31"], "value": [1.0, 2.0, 3.0], "series": "A", "basis": "B"}
    )
    plot_series(frame, title="T", unit="persons", source=SOURCE)
    ax = drawn[0].axes[0]
    (line,) = ax.lines
    assert list(line.get_xdata()) == [
        pd.Timestamp("2015-12-31"),
        pd.Timestamp("2016-12-31"),
        pd.Timestamp("2017-12-31"),
    ]
    ticks = dict(zip([t.get_text() for t in ax.get_xticklabels()], ax.get_xticks(), strict=True))
    assert ticks["31.12.2015"] == _x("2015-12-31")  # the label sits at the point, not at the next year's 1 January
    (years,) = ax.collections
    boundaries = {segment[0][0] for segment in years.get_segments()}
    assert boundaries == {_x(f"{y}-01-01") for y in (2016, 2017, 2018)}  # every 1 January within the axis


def test_a_year_alone_is_drawn_in_the_middle_of_the_year(drawn: list[Figure]) -> None:
    plot_bars_over_time(
        pd.DataFrame({"date": ["2015", "2017"], "value": [1.0, 2.0]}), title="T", unit="persons", source=SOURCE
    )
    ax = drawn[0].axes[0]
    assert _centres(_bars(ax)) == pytest.approx([_x("2015-07-01"), _x("2017-07-01")])
    assert dict(zip([t.get_text() for t in ax.get_xticklabels()], ax.get_xticks(), strict=True)) == {
        "2015": _x("2015-07-01"),
        "2017": _x("2017-07-01"),
    }


def test_bars_over_time_space_years_by_time_and_name_absent_years(drawn: list[Figure]) -> None:
    frame = pd.DataFrame({"date": ["2015", "2017", "2020", "2022"], "value": [2124, 263, 180, 1514]})
    chart = plot_bars_over_time(frame, title="Aufnahmen", unit="persons", source=SOURCE)
    gaps = np.diff(_centres(_bars(drawn[0].axes[0])))
    assert gaps[1] / gaps[0] == pytest.approx(3 / 2, rel=0.01)  # 2017→2020 is 1,5 × 2015→2017, not equal steps
    assert chart.note == "Für 2016, 2018 bis 2019 und 2021 liegen keine Werte vor."
    assert "Keine Werte für 2016, 2018 bis 2019 und 2021." in chart.alt
    assert drawn[0].axes[0].get_ylim()[0] == 0


def test_bars_over_time_show_the_official_marker_of_a_missing_value(drawn: list[Figure]) -> None:
    frame = pd.DataFrame({"date": ["2019", "2020", "2021"], "value": [5.0, np.nan, 7.0], "flag": ["", ".", ""]})
    chart = plot_bars_over_time(frame, title="Einbürgerungen", unit="persons", source=SOURCE)
    assert chart.table["Wert"].to_list() == ["5 Personen", ".", "7 Personen"]
    assert "Ohne Wert: 2020 („.“)." in chart.alt
    assert chart.note == "Zeichen: „.“ = Zahlenwert unbekannt oder geheim zu halten."
    ax = drawn[0].axes[0]
    assert len(_bars(ax)) == 2
    assert any(t.get_text().strip() == "." for t in ax.texts)


def test_bars_over_time_of_two_series_stand_side_by_side(rendered: dict[str, Chart], drawn: list[Figure]) -> None:
    chart = rendered["moves"]
    assert list(chart.table.columns) == ["Jahr", "Zuzüge", "Fortzüge"]
    assert chart.table.loc[2, "Zuzüge"] == "900 Personen"
    assert "Zuzüge: Höchster Wert: 2016 900 Personen" in chart.alt and "Fortzüge: " in chart.alt
    BUILDERS["moves"]()
    fig = drawn[0]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Zuzüge", "Fortzüge"]
    centres = _centres(_bars(fig.axes[0]))
    beside = [c for c in centres if abs(c - _x("2016-07-01")) < 150]
    assert len(beside) == 2 and beside[0] < _x("2016-07-01") < beside[1]  # Zuzüge and Fortzüge side by side
    assert [tuple(c.get_facecolor()[0]) for c in fig.axes[0].collections[1:]] == [
        mpl.colors.to_rgba(charts.PALETTE[0]),
        mpl.colors.to_rgba(charts.PALETTE[1]),
    ]


def test_series_break_at_absent_years_and_the_note_names_them(drawn: list[Figure]) -> None:
    frame = pd.DataFrame(
        {
            "date": ["2013-12-31", "2016-12-31", "2017-12-31", "2021-12-31"],
            "value": [9037.0, 9246.0, 9212.0, 9032.0],
            "series": "Keltern",
            "basis": BASIS_2011,
        }
    )
    chart = plot_series(frame, title="Einwohner", unit="persons", source=SOURCE)
    lengths = [len(line.get_xdata()) for line in drawn[0].axes[0].lines]
    assert lengths == [1, 2, 1]  # 2013 alone, 2016–2017 joined, 2021 alone: no line across missing years
    assert (
        f"Jahre ohne Wert (Lücke in der Linie): Keltern, {BASIS_2011}: 31.12.2014 bis 31.12.2015 "
        "und 31.12.2018 bis 31.12.2020." in chart.note
    )


def test_series_of_counts_start_at_zero_unless_visibly_broken(drawn: list[Figure]) -> None:
    frame = pd.DataFrame(
        {"date": ["2020", "2021", "2022"], "value": [6300.0, 6400.0, 6350.0], "series": "A", "basis": "B"}
    )
    plain = plot_series(frame, title="T", unit="persons", source=SOURCE)
    assert drawn[0].axes[0].get_ylim()[0] == 0
    assert "Achse" not in plain.note and not [ln for ln in drawn[0].axes[0].lines if not ln.get_clip_on()]
    broken = plot_series(frame, title="T", unit="persons", source=SOURCE, from_zero=False)
    ax = drawn[1].axes[0]
    assert ax.get_ylim()[0] > 6000
    marks = [line for line in ax.lines if not line.get_clip_on()]
    assert len(marks) == 2  # the break mark across the y axis
    assert "nicht bei null (Achsenbruch)" in broken.note and "beginnt nicht bei null" in broken.alt


def test_series_draws_one_line_per_stretch_of_one_basis() -> None:
    frame = _population_frame()
    with house_style():
        fig = over_time._series_figure(over_time._prepare_series(frame), unit="persons")
        lines = [line for line in fig.axes[0].lines if line.get_clip_on()]
        assert len(lines) == 4  # 2 series × 2 bases
        for line in lines:
            years = {d.year for d in pd.to_datetime(line.get_xdata())}
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
        fig = over_time._series_figure(over_time._prepare_series(frame), unit="persons")
        lengths = [len(line.get_xdata()) for line in fig.axes[0].lines]
        legend = [line.get_label() for line in fig.axes[0].lines if not line.get_label().startswith("_")]
    assert lengths == [2, 1, 2]
    assert legend == ["Keltern – A", "Keltern – B"]


def test_series_of_germans_and_foreigners_in_one_chart(drawn: list[Figure]) -> None:
    years = [str(y) for y in range(2010, 2016)]
    frame = pd.DataFrame(
        {
            "date": years * 2,
            "value": [60, 61, 62, 63, np.nan, 65, 8, 9, 9, 10, 11, 12],
            "series": [GERMANS] * 6 + [FOREIGNERS] * 6,
            "basis": "Fortschreibung",
            "flag": ["", "", "", "", ".", "", *[""] * 6],
        }
    )
    chart = plot_series(frame, title="Bevölkerung", unit="persons", source=SOURCE, series_label="Gruppe")
    assert list(chart.table.columns) == ["Gruppe", "Jahr", "Wert", "Basis"]
    assert chart.table.set_index(["Gruppe", "Jahr"]).loc[(GERMANS, "2014"), "Wert"] == "."
    assert f"Ohne Wert: {GERMANS} 2014 („.“)." in chart.alt
    assert [t.get_text() for t in drawn[0].legends[0].get_texts()] == [
        f"{GERMANS} – Fortschreibung",
        f"{FOREIGNERS} – Fortschreibung",
    ]


def test_time_tick_labels_never_overlap(drawn: list[Figure]) -> None:
    dates = [f"{y}-12-31" for y in range(2000, 2024)] + ["2011-05-09", "2022-05-15"]
    frame = pd.DataFrame({"date": dates, "value": 1.0, "series": "A", "basis": ["B"] * 24 + ["Z1", "Z2"]})
    plot_series(frame, title="T", unit="persons", source=SOURCE)
    fig = drawn[0]
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert len(boxes) >= 3
    assert "31.12.2023" in [t.get_text() for t in fig.axes[0].get_xticklabels()]  # the newest is labelled
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_dates_mixing_years_and_days_are_explained(drawn: list[Figure]) -> None:
    frame = pd.DataFrame({"date": ["2015", "2016-12-31"], "value": [1.0, 2.0], "series": ["A", "B"], "basis": "C"})
    chart = plot_series(frame, title="T", unit="persons", source=SOURCE)
    assert drawn[0].axes[0].get_xlabel() == "Jahreswerte stehen in der Jahresmitte, Stichtagswerte an ihrem Tag."
    assert list(chart.table.columns)[1] == "Zeitpunkt"


# --- Small multiples --------------------------------------------------------------------------------------------


def test_small_multiples_share_the_scale_of_panels_with_one_unit() -> None:
    wide, unit_of = bars._prepare_multiples(_multiples_frame(), None)
    with house_style():
        fig = bars._multiples_figure(wide, unit_of, sorted(PILOTS))
        titles = [ax.get_title(loc="left").replace("-\n", "").replace("\n", " ") for ax in fig.axes]
        limits = {title: ax.get_xlim() for title, ax in zip(titles, fig.axes, strict=True)}
    assert len(limits) == 4
    assert limits["Ausländeranteil (%)"] == limits["Anteil mit Migrationshintergrund (%)"]
    assert limits["Einwohner (Personen)"] == limits["Arbeitslose Ausländer (Personen)"]
    assert limits["Ausländeranteil (%)"] != limits["Einwohner (Personen)"]
    assert limits["Ausländeranteil (%)"][1] >= 11 * 1.5  # the larger panel's maximum is inside the shared scale


def test_small_multiples_titles_with_long_german_labels_do_not_overlap(drawn: list[Figure]) -> None:
    long_labels = [
        "Anteil der sozialversicherungspflichtig Beschäftigten mit ausländischer Staatsangehörigkeit am Wohnort",
        "Ausländerinnen- und Ausländeranteil an der Bevölkerung (Zensus 2022)",
        "Arbeitslosenquote der Ausländerinnen und Ausländer",
        "Einbürgerungsquote",
    ]
    frame = _multiples_frame()
    frame["indicator"] = frame["indicator"].map(dict(zip(frame["indicator"].unique(), long_labels, strict=True)))
    plot_small_multiples(frame, title="Kennzahlen", source=SOURCE, highlight=PILOTS)
    fig = drawn[0]
    renderer = fig.canvas.get_renderer()
    titles = []
    for ax in fig.axes:
        text = ax.get_title(loc="left")
        (title,) = [t for t in ax.findobj(Text) if t.get_text() == text and t.get_visible()]
        box, panel = title.get_window_extent(renderer), ax.get_window_extent(renderer)
        assert box.x0 >= panel.x0 - 1 and box.x1 <= panel.x1 + 1, text  # within its panel's width
        assert box.y0 >= panel.y1, text  # above its panel
        titles.append(box)
    for a, b in itertools.combinations(titles, 2):
        assert not a.overlaps(b)
    assert "\nsozialversiche-\nrungspflichtig\n" in fig.axes[0].get_title(loc="left")  # cut at a syllable


def test_small_multiples_order_areas_as_a_german_index(rendered: dict[str, Chart]) -> None:
    areas = rendered["small_multiples"].table["Gebiet"].to_list()
    assert areas.index("Neulingen") < areas.index("Ölbronn-Dürrn") < areas.index("Ötisheim") < areas.index("Remchingen")


# --- Text helpers -----------------------------------------------------------------------------------------------


def test_wrap_to_width_breaks_at_spaces_hyphens_slashes_and_syllables() -> None:
    assert core.wrap_to_width("Werkrealschule/Hauptschule", 1.5) == "Werkrealschule/\nHauptschule"
    assert core.wrap_to_width("Niefern-Öschelbronn", 1.0) == "Niefern-\nÖschelbronn"
    wrapped = core.wrap_to_width("Anteil mit Migrationshintergrund", 1.2, bold=True)
    assert all(core.text_width_in(line, bold=True) <= 1.2 for line in wrapped.split("\n"))
    assert wrapped.replace("-\n", "").replace("\n", " ") == "Anteil mit Migrationshintergrund"


def test_syllable_cuts_follow_the_basic_german_rule() -> None:
    def hyphenated(word: str) -> str:
        cuts = sorted(core._syllable_cuts(word))
        return "-".join(word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True))

    assert hyphenated("Migrationshintergrund") == "Mi-gra-tions-hin-ter-grund"
    assert hyphenated("Gemeinschaftsschule") == "Ge-mein-schafts-schu-le"
    assert hyphenated("Einbürgerungsquote") == "Ein-bür-ge-rungs-quo-te"


def test_german_ticks_use_decimal_comma_and_thousands_dot() -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.set_xlim(0, 1)
    ax.set_ylim(-5000, 5000)
    german_ticks(ax.xaxis)
    german_ticks(ax.yaxis, absolute=True)
    FigureCanvasAgg(fig).draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0,0", "0,2", "0,4", "0,6", "0,8", "1,0"]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "4.000" in labels and not [label for label in labels if label.startswith("−")]


# --- HTML -------------------------------------------------------------------------------------------------------


def test_repr_html_has_image_caption_and_table(rendered: dict[str, Chart]) -> None:
    chart = rendered["ranking"]
    page = chart._repr_html_()
    assert page.startswith('<figure class="ia-chart">') and page.endswith("</figure>")
    data = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    assert data is not None and base64.b64decode(data.group(1)) == chart.svg
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
    assert b"<script" not in chart.svg  # and in the SVG, where the name is text


def test_repr_html_shows_the_note() -> None:
    page = plot_series(_population_frame(), title="Bevölkerung", unit="persons", source=SOURCE)._repr_html_()
    assert '<p class="ia-chart-note">Die Linie ist beim Wechsel der Zählbasis unterbrochen: ' in page


# --- Errors -----------------------------------------------------------------------------------------------------


def test_empty_input_is_refused() -> None:
    with pytest.raises(ValueError, match="no values"):
        plot_ranking(pd.Series(dtype="float64"), title="T", unit="percent", source=SOURCE)
    with pytest.raises(ValueError, match="no rows"):
        plot_bars_over_time(pd.DataFrame({"date": [], "value": []}), title="T", unit="persons", source=SOURCE)
    with pytest.raises(ValueError, match="no rows"):
        plot_grouped_bars(pd.DataFrame(), title="T", unit="persons", source=SOURCE)


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
    with pytest.raises(ValueError, match="one value per date"):
        plot_bars_over_time(
            pd.DataFrame({"date": ["2020", "2020"], "value": [1.0, 2.0]}), title="T", unit="persons", source=SOURCE
        )


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
        no_bars = plot_bars_over_time(
            pd.DataFrame({"date": ["2020", "2021"], "value": [np.nan, np.nan]}),
            title="T",
            unit="persons",
            source=SOURCE,
        )
    assert "Wurmberg (Einwohner)" in multiples.note and "Einwohner: höchster Wert" in multiples.alt
    assert "Wurmberg keine Daten" in multiples.alt
    assert empty.alt == (
        "Balkendiagramm: Ausländeranteil: 2 Werte, absteigend sortiert. Keltern ist hervorgehoben: keine Daten. "
        "Keine Daten: Keltern und Maulbronn."
    )
    assert nothing.table["Wert"].to_list() == ["keine Daten", "keine Daten"]
    assert no_bars.table["Wert"].to_list() == ["keine Daten", "keine Daten"]


def test_plain_repr_leaves_out_image_and_table(rendered: dict[str, Chart]) -> None:
    text = repr(rendered["comparison"])
    assert text.startswith("Chart(title='Ausländeranteil (Zensus 2022)'") and "svg" not in text.split("title=")[0]
    assert "<svg" not in text
    assert len(text) < 500
