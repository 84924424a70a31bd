"""The population pyramid: two groups (Germans and foreigners) by age band as paired horizontal bars on one
symmetric scale, optionally as shares of each group's total and with a second pair as outline bars."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ...core.german import format_number_de
from .bars import LABEL_COLUMN_IN, ROW_IN
from .core import (
    MUTED,
    NO_DATA,
    PALETTE,
    TEXT,
    Chart,
    axis_label,
    check_wide,
    default_decimals,
    extremes,
    fit,
    german_ticks,
    join,
    make_chart,
    marker_legend,
    missing_name,
    new_figure,
    number,
    rectangles,
    shown,
    split_cells,
    wrap_to_width,
)

SHARE_AXIS = "Anteil an der jeweiligen Gruppe in %"


def _shares(counts: pd.DataFrame, totals: Mapping[str, float] | None, what: str) -> pd.DataFrame:
    """Each column as percent of its group's total: ``totals[group]`` where given, else the sum of the column,
    which needs every cell (a missing band would make the others' shares too large)."""
    shares = {}
    for group in counts.columns:
        if totals is not None and group in totals:
            total = float(totals[group])
        elif counts[group].isna().any():
            raise ValueError(
                f"{what}: shares of {group!r} need its published total (totals={{{group!r}: …}}), "
                "since an age band has no value"
            )
        else:
            total = float(counts[group].sum())
        if not total > 0:
            raise ValueError(f"{what}: the total of {group!r} must be positive to compute shares, got {total}")
        shares[group] = counts[group] / total * 100
    return pd.DataFrame(shares, index=counts.index)


def _prepared(frame: pd.DataFrame, groups: list[str], what: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    checked = check_wide(frame, what, columns=2)
    if sorted(checked.columns) != sorted(groups):
        raise ValueError(f"{what}: columns must be {groups} (left_label, right_label), got {list(checked.columns)}")
    numbers, markers = split_cells(checked[groups], what)
    if (numbers < 0).any().any():
        raise ValueError(f"{what}: a pyramid shows counts or shares, which are never negative")
    return numbers, markers


def plot_pyramid(
    frame: pd.DataFrame,
    *,
    title: str,
    source: str,
    left_label: str = "Deutsche",
    right_label: str = "Ausländerinnen und Ausländer",
    unit: str = "percent",
    as_shares: bool = False,
    totals: Mapping[str, float] | None = None,
    outline: pd.DataFrame | None = None,
    outline_label: str = "",
    outline_totals: Mapping[str, float] | None = None,
    decimals: int | None = None,
    note: str = "",
    alt: str | None = None,
) -> Chart:
    """A population pyramid: age bands as rows (the youngest at the bottom), ``left_label`` to the left and
    ``right_label`` to the right of a common zero, on one symmetric scale.

    ``frame``: rows are the age bands from the youngest to the oldest (their labels on the axis), columns are
    named ``left_label`` and ``right_label``. A cell is a number, NaN ("keine Daten") or an official marker such
    as "." (secret): a missing cell is never drawn as zero; its marker (or "keine Daten") stands at the axis and
    in the table, the alt text names it and the note explains the marker.

    ``unit``: "percent" (values are shares) or "persons" (counts). With ``as_shares=True`` the cells are counts
    and the chart draws each as a share of its group's total, so that groups of different size can be compared:
    the total is ``totals[group]`` (the published total) where given, else the sum of the group's bands, which
    requires every band to have a value. The axis label and the alt text say that shares are shown; the table
    gives counts and shares.

    ``outline`` (same rows and columns, e.g. the Kreis) is drawn as outline bars over the filled bars, converted
    the same way (with ``outline_totals``) and named by ``outline_label``.
    """
    what = "plot_pyramid"
    groups = [left_label, right_label]
    if unit not in ("percent", "persons"):
        raise ValueError(f"{what}: unit must be 'percent' or 'persons', got {unit!r}")
    if as_shares and unit != "percent":
        raise ValueError(f"{what}: as_shares=True draws shares, so unit must be 'percent'")
    counts, markers = _prepared(frame, groups, what)
    bands = list(counts.index)
    values = _shares(counts, totals, what) if as_shares else counts
    out_counts = out_markers = out_values = None
    if outline is not None:
        if not outline_label:
            raise ValueError(f"{what}: an outline needs its outline_label (e.g. the Kreis' name)")
        out_counts, out_markers = _prepared(outline, groups, f"{what} (outline)")
        if list(out_counts.index) != bands:
            raise ValueError(f"{what}: the outline must have the same age bands in the same order as the frame")
        out_values = _shares(out_counts, outline_totals, f"{what} (outline)") if as_shares else out_counts
    places = decimals if decimals is not None else default_decimals(unit)
    colours = dict(zip(groups, PALETTE, strict=False))

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = new_figure()
        ax = fig.subplots()
        positions = np.arange(len(bands))  # 0 = the youngest, at the bottom
        for group, sign in ((left_label, -1.0), (right_label, 1.0)):
            column = values[group].to_numpy()
            rectangles(ax, positions, sign * column, 0.8, colours=colours[group])
            for y, value, marker in zip(positions, column, markers[group], strict=True):
                if pd.isna(value):
                    side = "right" if sign < 0 else "left"
                    ax.text(0, y, f" {marker or NO_DATA} ", va="center", ha=side, fontstyle="italic", color=MUTED)
            if out_values is not None:
                rectangles(ax, positions, sign * out_values[group].to_numpy(), 0.8, outline=True)
        ax.axvline(0, color=TEXT, linewidth=0.8)
        everything = [*values.to_numpy().ravel(), *([] if out_values is None else out_values.to_numpy().ravel())]
        reach = max((v for v in everything if not pd.isna(v)), default=1.0) or 1.0
        ax.set_xlim(-reach * 1.08, reach * 1.08)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, symmetric=True))
        german_ticks(ax.xaxis, absolute=True)
        ax.set_yticks(positions, labels=[wrap_to_width(b, LABEL_COLUMN_IN) for b in bands])
        ax.set_ylim(-0.6, len(bands) - 0.4)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(SHARE_AXIS if as_shares else axis_label(unit))
        handles = [
            Patch(color=colours[left_label], label=f"links: {left_label}"),
            Patch(color=colours[right_label], label=f"rechts: {right_label}"),
        ]
        if outline is not None:
            handles.append(Patch(fill=False, edgecolor=TEXT, linewidth=1.1, label=f"Umriss: {outline_label}"))
        fit(fig, ax, plot_height_in=ROW_IN * len(bands), legend=handles)
        return fig, _table()

    def _columns(
        table: pd.DataFrame, group: str, suffix: str, numbers: pd.DataFrame, shares: pd.DataFrame, cells: pd.DataFrame
    ) -> None:
        if as_shares:
            table[f"{group}{suffix}: Anzahl"] = [
                number(v, 0, m) for v, m in zip(numbers[group], cells[group], strict=True)
            ]
            table[f"{group}{suffix}: Anteil"] = [
                shown(v, "percent", places, m) for v, m in zip(shares[group], cells[group], strict=True)
            ]
        else:
            table[f"{group}{suffix}"] = [
                shown(v, unit, places, m) for v, m in zip(numbers[group], cells[group], strict=True)
            ]

    def _table() -> pd.DataFrame:
        table = pd.DataFrame({"Altersgruppe": bands})
        for group in groups:
            _columns(table, group, "", counts, values, markers)
        if out_values is not None and out_counts is not None and out_markers is not None:
            for group in groups:
                _columns(table, group, f" ({outline_label})", out_counts, out_values, out_markers)
        return table

    missing = [
        missing_name(f"{group} {band}", markers.loc[band, group])
        for group in groups
        for band in bands
        if pd.isna(values.loc[band, group])
    ]
    out_missing = []
    if out_values is not None and out_markers is not None:
        out_missing = [
            missing_name(f"{outline_label}, {group} {band}", out_markers.loc[band, group])
            for group in groups
            for band in bands
            if pd.isna(out_values.loc[band, group])
        ]
    used = [*markers.to_numpy().ravel(), *([] if out_markers is None else out_markers.to_numpy().ravel())]
    full_note = " ".join(part for part in (note, marker_legend(used)) if part)
    if alt is None:
        shown_as = f"als {SHARE_AXIS}" if as_shares else axis_label(unit)
        sentences = [
            f"Bevölkerungspyramide: {title}; {format_number_de(len(bands))} Altersgruppen von {bands[0]} (unten) "
            f"bis {bands[-1]} (oben). Links {left_label}, rechts {right_label}, {shown_as}."
        ]
        for group in groups:
            if values[group].notna().any():
                sentences.append(f"{group}: {extremes(values[group], unit, places)}.")
        if as_shares:
            if missing:
                sentences.append(
                    "Anteile an der Gesamtzahl der Gruppe; Altersgruppen ohne Wert fehlen, "
                    "die Seite ergibt zusammen weniger als 100 %."
                )
            else:
                sentences.append("Jede Seite ergibt zusammen 100 %.")
        if out_values is not None:
            parts = [
                f"{group}: {extremes(out_values[group], unit, places)}"
                for group in groups
                if out_values[group].notna().any()
            ]
            sentences.append(f"Umriss zum Vergleich: {outline_label}" + (f" ({'; '.join(parts)})." if parts else "."))
        if missing or out_missing:
            sentences.append(f"Ohne Wert: {join([*missing, *out_missing])}.")
        alt = " ".join(sentences)
    return make_chart(draw, title=title, alt=alt, source=source, note=full_note)
