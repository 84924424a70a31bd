"""Horizontal bar charts of areas and categories: a few areas side by side (:func:`plot_comparison`), all areas
ranked (:func:`plot_ranking`), a few categories × 2–3 series (:func:`plot_grouped_bars`) and one panel per
indicator (:func:`plot_small_multiples`). Bars always start at zero."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ...core.german import format_number_de, format_value_de, sort_key_de
from .core import (
    ACCENT,
    LINE_IN,
    MUTED,
    NEUTRAL,
    NO_DATA,
    PAD_IN,
    PALETTE,
    TICK_PAD_IN,
    TITLE_PAD_IN,
    WIDTH_IN,
    Chart,
    axis_label,
    bar_label,
    barh,
    bold_labels,
    capitalised,
    check_frame,
    check_highlight,
    check_values,
    check_wide,
    default_decimals,
    extremes,
    fit,
    german_ticks,
    join,
    label_column_in,
    limits,
    lines_height_in,
    make_chart,
    marker_legend,
    missing_name,
    names,
    new_figure,
    no_data,
    number,
    rectangles,
    room_for,
    shown,
    split_cells,
    unit_word,
    wrap_to_width,
)

#: Reference lines in the order of ``references``: the first (the Kreis) vermillion dashed, the second (the Land)
#: reddish purple dash-dotted; colour and line style differ, so they stay apart in greyscale too.
REFERENCE_STYLES: tuple[tuple[str, str], ...] = (("#D55E00", "--"), ("#CC79A7", "-."), ("#000000", ":"))
#: Height of one row of bars with its label, in inches (a label line is FONT_PT × 1,2 = 0,175 in high).
ROW_IN = 0.22
#: Widest label column of the bar charts; longer labels are wrapped.
LABEL_COLUMN_IN = 1.9


def _axes_width_in(labels: Iterable[str]) -> float:
    """Width of the axes of a one-panel bar chart whose y tick labels are ``labels``."""
    return WIDTH_IN - label_column_in(labels) - 0.2


# --- 1. Comparison ----------------------------------------------------------------------------------------------


def plot_comparison(
    values: pd.Series,
    *,
    title: str,
    unit: str,
    source: str,
    highlight: str | None = None,
    decimals: int | None = None,
    alt: str | None = None,
) -> Chart:
    """A few horizontal bars, e.g. an area next to its Kreis and Land (index: names, in the order shown), with
    the value printed at each bar ("13,7 %"; other units as numbers, with the unit on the axis). A NaN value gets
    no bar but the words "keine Daten" in its row."""
    numbers = check_values(values, "plot_comparison")
    if highlight is not None:
        check_highlight([highlight], numbers.index, "plot_comparison")
    places = decimals if decimals is not None else default_decimals(unit)
    areas = list(numbers.index)
    labels = [bar_label(v, unit, places) for v in numbers.dropna()]

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = new_figure()
        ax = fig.subplots()
        colours = [ACCENT if name == highlight else NEUTRAL for name in areas]
        barh(ax, areas, numbers.to_numpy(), colours)
        if highlight is not None:
            bold_labels(ax, [highlight])
        ax.set_xlim(*limits(numbers, room=room_for(labels, _axes_width_in(areas))))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
        for position, value in enumerate(numbers):
            if pd.isna(value):
                ax.text(0, position, f" {NO_DATA}", va="center", ha="left", fontstyle="italic", color=MUTED)
            else:
                ax.text(
                    value,
                    position,
                    f" {bar_label(value, unit, places)} ",
                    va="center",
                    ha="left" if value >= 0 else "right",
                )
        ax.set_xlabel(axis_label(unit))
        fit(fig, ax, plot_height_in=0.34 * len(areas))
        table = pd.DataFrame({"Gebiet": areas, "Wert": [shown(v, unit, places) for v in numbers]})
        return fig, table

    if alt is None:
        parts = ", ".join(f"{name} {shown(value, unit, places)}" for name, value in numbers.items())
        alt = f"Balkendiagramm: {title}: {parts}."
        if highlight is not None:
            alt += f" {highlight} ist hervorgehoben."
    return make_chart(draw, title=title, alt=alt, source=source, note="")


# --- 2. Ranking -------------------------------------------------------------------------------------------------


def plot_ranking(
    values: pd.Series,
    *,
    title: str,
    unit: str,
    source: str,
    highlight: str | Iterable[str] = frozenset(),
    references: dict[str, float] | None = None,
    universe: str | None = None,
    decimals: int | None = None,
    alt: str | None = None,
) -> Chart:
    """All areas as horizontal bars, highest on top; highlighted areas in :data:`ACCENT` with bold names and their
    value printed; ``references`` (e.g. ``{"Enzkreis": 13.7, "Baden-Württemberg": 16.6}``) as vertical lines,
    named with their value in the legend beneath the bars, styled by :data:`REFERENCE_STYLES` in the order given.

    ``universe`` names what the bars are, completing the alt text "… in 28 Gemeinden des Enzkreises." (pass
    "Gemeinden des Enzkreises"); without it the alt text says "… : 28 Werte, absteigend sortiert.", which also
    fits bars that are not areas (groups of citizenship). Areas without a value are left out of the bars and
    named in the note. Equal values are ordered by name; ranks are 1 = highest, ties share the lowest rank (as
    :func:`~integration_analysis.analysis.compare.rank_among`). The data table lists rank, area and value, then the
    areas without a value, then the references marked "(Vergleich)".
    """
    numbers = check_values(values, "plot_ranking")
    marked = names(highlight)
    check_highlight(marked, numbers.index, "plot_ranking")
    refs = {str(k): float(v) for k, v in (references or {}).items()}
    if len(refs) > len(REFERENCE_STYLES):
        raise ValueError(f"plot_ranking: at most {len(REFERENCE_STYLES)} reference lines, got {len(refs)}")
    places = decimals if decimals is not None else default_decimals(unit)
    by_name = numbers.iloc[sorted(range(len(numbers)), key=lambda i: sort_key_de(numbers.index[i]))]
    present = by_name.dropna().sort_values(ascending=False, kind="stable")
    missing = [str(n) for n in by_name.index if pd.isna(by_name[n])]
    ranks = present.rank(method="min", ascending=False).astype(int)

    def draw() -> tuple[Figure, pd.DataFrame]:
        shown_refs = {n: v for n, v in refs.items() if math.isfinite(v)}
        fig = new_figure()
        ax = fig.subplots()
        handles = []
        if present.empty:
            no_data(ax)
        else:
            areas = list(present.index)
            barh(ax, areas, present.to_numpy(), [ACCENT if n in marked else NEUTRAL for n in areas])
            bold_labels(ax, marked)
            labels = [format_number_de(present[n], places) for n in marked if n in present.index]
            room = max(0.04, room_for(labels, _axes_width_in(areas)) if labels else 0.0)
            ax.set_xlim(*limits([*present, *shown_refs.values()], room=room))
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
            for position, name in enumerate(areas):
                if name in marked:
                    value = present[name]
                    ax.text(
                        value,
                        position,
                        f" {format_number_de(value, places)} ",
                        va="center",
                        ha="left" if value >= 0 else "right",
                        fontweight="bold",
                        color=ACCENT,
                    )
            handles = [
                ax.axvline(
                    value,
                    color=colour,
                    linestyle=style,
                    linewidth=1.6,
                    label=f"{name}: {format_value_de(value, unit, places)}",
                )
                for (name, value), (colour, style) in zip(shown_refs.items(), REFERENCE_STYLES, strict=False)
            ]
        ax.set_xlabel(axis_label(unit))
        fit(fig, ax, plot_height_in=ROW_IN * max(len(present), 1), legend=handles)
        rows = [
            {"Rang": format_number_de(ranks[n]), "Gebiet": n, "Wert": shown(v, unit, places)}
            for n, v in present.items()
        ]
        rows += [{"Rang": "", "Gebiet": n, "Wert": NO_DATA} for n in missing]
        rows += [{"Rang": "", "Gebiet": f"{n} (Vergleich)", "Wert": shown(v, unit, places)} for n, v in refs.items()]
        return fig, pd.DataFrame(rows, columns=["Rang", "Gebiet", "Wert"])

    note = f"Ohne Balken ({NO_DATA}): {join(missing)}." if missing else ""
    if alt is None:
        count = format_number_de(len(numbers))
        opening = f"{title} in {count} {universe}." if universe else f"{title}: {count} Werte, absteigend sortiert."
        sentences = [f"Balkendiagramm: {opening}"]
        if not present.empty:
            sentences.append(capitalised(extremes(present, unit, places)) + ".")
        for name in marked:
            if pd.isna(numbers[name]):
                sentences.append(f"{name} ist hervorgehoben: {NO_DATA}.")
            else:
                rank = f"Rang {format_number_de(ranks[name])} von {format_number_de(len(present))}"
                sentences.append(f"{name} ist hervorgehoben: {format_value_de(numbers[name], unit, places)}, {rank}.")
        if refs:
            lines = ", ".join(f"{n} {shown(v, unit, places)}" for n, v in refs.items())
            sentences.append(f"Vergleichslinien: {lines}.")
        if missing:
            sentences.append(f"{capitalised(NO_DATA)}: {join(missing)}.")
        alt = " ".join(sentences)
    return make_chart(draw, title=title, alt=alt, source=source, note=note)


# --- 3. Grouped bars --------------------------------------------------------------------------------------------


def plot_grouped_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    category_label: str = "Kategorie",
    decimals: int | None = None,
    note: str = "",
    alt: str | None = None,
) -> Chart:
    """A few categories × 2–3 series as groups of horizontal bars on one shared axis from zero, e.g. the share of
    foreigners among employees and among the population (categories: areas), or pupils by school type, Germans
    and foreigners (series).

    ``frame``: rows are the categories in the order shown (top to bottom), columns the 2–3 series (their names
    in the legend; colours :data:`PALETTE` in column order). A cell is a number, NaN ("keine Daten") or an
    official marker such as "." (secret): missing cells get no bar but their marker or "keine Daten" at the
    axis, in the table and in the alt text; used markers are explained in the note after ``note``. Each bar
    carries its value. ``category_label`` heads the first column of the data table ("Schulart").
    """
    checked = check_wide(frame, "plot_grouped_bars", columns=(2, 3))
    numbers, markers = split_cells(checked, "plot_grouped_bars")
    places = decimals if decimals is not None else default_decimals(unit)
    series = list(numbers.columns)
    categories = [wrap_to_width(c, LABEL_COLUMN_IN) for c in numbers.index]
    per_group = len(series)
    bar_in = 0.2  # one bar, tall enough for its value label

    def draw() -> tuple[Figure, pd.DataFrame]:
        group_in = bar_in * per_group + 0.16
        fig = new_figure()
        ax = fig.subplots()
        step = bar_in / group_in  # bar height in units of one category
        labels = [bar_label(v, unit, places) for v in numbers.to_numpy().ravel() if not pd.isna(v)]
        for j, (name, colour) in enumerate(zip(series, PALETTE, strict=False)):
            offsets = np.arange(len(categories)) + (j - (per_group - 1) / 2) * step
            column = numbers[name].to_numpy()
            rectangles(ax, offsets, column, step * 0.92, colours=colour, label=name)
            for y, value, marker in zip(offsets, column, markers[name], strict=True):
                if pd.isna(value):
                    ax.text(0, y, f" {marker or NO_DATA}", va="center", ha="left", fontstyle="italic", color=MUTED)
                else:
                    ax.text(
                        value,
                        y,
                        f" {bar_label(value, unit, places)} ",
                        va="center",
                        ha="left" if value >= 0 else "right",
                    )
        ax.set_yticks(np.arange(len(categories)), labels=categories)
        ax.set_ylim(len(categories) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        german_ticks(ax.xaxis)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.set_xlim(*limits(numbers.to_numpy().ravel(), room=room_for(labels, _axes_width_in(categories))))
        ax.set_xlabel(axis_label(unit))
        fit(fig, ax, plot_height_in=group_in * len(categories), legend=ax.get_legend_handles_labels()[0])
        table = pd.DataFrame({category_label: list(numbers.index)})
        for name in series:
            table[name] = [shown(v, unit, places, m) for v, m in zip(numbers[name], markers[name], strict=True)]
        return fig, table

    missing = [
        missing_name(f"{category} – {name}", markers.loc[category, name])
        for category in numbers.index
        for name in series
        if pd.isna(numbers.loc[category, name])
    ]
    legend = marker_legend(markers.to_numpy().ravel())
    full_note = " ".join(part for part in (note, legend) if part)
    if alt is None:
        sentences = [
            f"Gruppiertes Balkendiagramm: {title}; {format_number_de(len(numbers.index))} Gruppen "
            f"({join(list(numbers.index))}) mit je {format_number_de(per_group)} Balken ({join(series)})."
        ]
        for name in series:
            if numbers[name].notna().any():
                sentences.append(f"{name}: {extremes(numbers[name], unit, places)}.")
        if numbers.size <= 15:
            for category in numbers.index:
                parts = ", ".join(
                    f"{name} {shown(numbers.loc[category, name], unit, places, markers.loc[category, name])}"
                    for name in series
                )
                sentences.append(f"{category}: {parts}.")
        if missing:
            sentences.append(f"Ohne Wert: {join(missing)}.")
        alt = " ".join(sentences)
    return make_chart(draw, title=title, alt=alt, source=source, note=full_note)


# --- 4. Small multiples -----------------------------------------------------------------------------------------

#: Panels per row of :func:`plot_small_multiples`: two keep each panel wide enough for its ticks on a phone.
MULTIPLES_COLUMNS = 2
#: Space between two panels, side by side or one above the other.
MULTIPLES_GAP_IN = 0.2


def _panel_title(indicator: str, unit: str) -> str:
    word = unit_word(unit)
    return f"{indicator} ({word})" if word else indicator


def _prepare_multiples(frame: pd.DataFrame, order: Sequence[str] | None) -> tuple[pd.DataFrame, pd.Series]:
    """The values as a table (rows: areas in display order, columns: indicators in order of first appearance;
    NaN where a value is missing or has no row) and the unit of each indicator."""
    checked = check_frame(frame, ["area", "indicator", "value", "unit"], "plot_small_multiples")
    if checked.duplicated(["area", "indicator"]).any():
        raise ValueError("plot_small_multiples: one value per area and indicator needed")
    units = checked.groupby("indicator", sort=False)["unit"].nunique()
    if (units > 1).any():
        raise ValueError(f"plot_small_multiples: indicators with more than one unit: {list(units[units > 1].index)}")
    present = set(checked["area"])
    if order is None:
        areas = sorted(present, key=sort_key_de)
    else:
        areas = [str(a) for a in order]
        if set(areas) != present or len(areas) != len(present):
            raise ValueError("plot_small_multiples: order must name every area of the frame exactly once")
    unit_of = checked.drop_duplicates("indicator").set_index("indicator")["unit"]
    wide = checked.pivot(index="area", columns="indicator", values="value").reindex(index=areas, columns=unit_of.index)
    return wide, unit_of


def _multiples_figure(wide: pd.DataFrame, unit_of: pd.Series, highlight: Sequence[str]) -> Figure:
    """The panels of :func:`plot_small_multiples` (arguments as :func:`_prepare_multiples` returns them); open for
    inspection.

    Panel titles are wrapped to the width of their panel (measured in the font), so that neighbouring titles
    never overlap; every row of panels makes room for its tallest title.
    """
    indicators, areas = list(wide.columns), list(wide.index)
    ncols = min(len(indicators), MULTIPLES_COLUMNS)
    nrows = math.ceil(len(indicators) / ncols)
    label_in = max(label_column_in([a for a in areas if a in highlight], bold=True), label_column_in(areas))
    right_in = PAD_IN + 0.15  # half the widest x tick label at the end of the axis
    panel_in = (WIDTH_IN - label_in - right_in - MULTIPLES_GAP_IN * (ncols - 1)) / ncols
    titles = [wrap_to_width(_panel_title(i, unit_of[i]), panel_in, bold=True) for i in indicators]
    title_in = [
        lines_height_in(max(titles[k].count("\n") + 1 for k in range(r * ncols, min((r + 1) * ncols, len(titles)))))
        + TITLE_PAD_IN
        for r in range(nrows)
    ]
    plot_in = ROW_IN * len(areas)
    ticks_in = LINE_IN + TICK_PAD_IN
    height = round(2 * PAD_IN + sum(title_in) + nrows * (plot_in + ticks_in) + (nrows - 1) * MULTIPLES_GAP_IN, 2)
    fig = new_figure()
    fig.set_size_inches(WIDTH_IN, height)
    grid = fig.subplots(nrows, ncols, sharey=True, squeeze=False)
    scales = {unit: limits(wide.loc[:, unit_of == unit].to_numpy().ravel(), room=0.04) for unit in unit_of.unique()}
    colours = [ACCENT if a in highlight else NEUTRAL for a in areas]
    top = height - PAD_IN
    for r in range(nrows):
        top -= title_in[r]
        for c in range(ncols):
            left = label_in + c * (panel_in + MULTIPLES_GAP_IN)
            grid[r, c].set_position((left / WIDTH_IN, (top - plot_in) / height, panel_in / WIDTH_IN, plot_in / height))
        top -= plot_in + ticks_in + MULTIPLES_GAP_IN
    panels = grid.ravel()
    for ax, indicator, panel_title in zip(panels, indicators, titles, strict=False):
        unit = unit_of[indicator]
        barh(ax, areas, wide[indicator].to_numpy(), colours)
        ax.set_xlim(*scales[unit])
        ax.set_title(panel_title)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=max(2, int(panel_in / 0.55))))
        bold_labels(ax, highlight)
    for ax in panels[len(indicators) :]:
        ax.remove()
    return fig


def plot_small_multiples(
    frame: pd.DataFrame,
    *,
    title: str,
    source: str,
    highlight: str | Iterable[str] = frozenset(),
    order: Sequence[str] | None = None,
    alt: str | None = None,
) -> Chart:
    """One panel per indicator with the areas as horizontal bars, in the same order in every panel (by name, as in
    a German index, unless ``order`` is given). ``frame`` has columns ``area``, ``indicator`` (German label, the
    panel title, order of first appearance), ``value`` and ``unit``.

    **Panels whose indicators share a unit share the value scale** (the same x-limits, from 0 or the lowest value
    to the highest value of all those panels), so that equal bar lengths mean equal values; panels with other
    units have their own scale. Two panels stand in a row (:data:`MULTIPLES_COLUMNS`), their titles wrapped to
    the panel's width. Highlighted areas are in :data:`ACCENT` with bold names. Decimals follow the unit (0 for
    persons and dwellings, else 1). An area without a value (NaN or no row) gets no bar and is named in the note.
    """
    marked = names(highlight)
    wide, unit_of = _prepare_multiples(frame, order)
    check_highlight(marked, wide.index, "plot_small_multiples")

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = _multiples_figure(wide, unit_of, marked)
        table = pd.DataFrame({"Gebiet": list(wide.index)})
        for indicator, unit in unit_of.items():
            table[_panel_title(str(indicator), unit)] = [number(v, default_decimals(unit)) for v in wide[indicator]]
        return fig, table

    missing = [f"{area} ({indicator})" for indicator in wide.columns for area in wide.index[wide[indicator].isna()]]
    note = f"Ohne Balken ({NO_DATA}): {join(missing)}." if missing else ""
    if alt is None:
        sentences = [
            f"Balkendiagramme in {format_number_de(len(unit_of))} Feldern, eines je Kennzahl: {title}; "
            f"{format_number_de(len(wide.index))} Gebiete in jedem Feld."
        ]
        for indicator, unit in unit_of.items():
            places = default_decimals(unit)
            values = wide[indicator]
            parts = [extremes(values, unit, places) if values.notna().any() else NO_DATA]
            parts += [f"{a} {shown(values[a], unit, places)}" for a in marked]
            sentences.append(f"{indicator}: {'; '.join(parts)}.")
        if marked:
            sentences.append(f"Hervorgehoben: {join(marked)}.")
        if unit_of.nunique() < len(unit_of):
            sentences.append("Felder mit gleicher Einheit haben dieselbe Skala.")
        if missing:
            sentences.append(f"{capitalised(NO_DATA)}: {join(missing)}.")
        alt = " ".join(sentences)
    return make_chart(draw, title=title, alt=alt, source=source, note=note)
