"""Charts over time on a true time axis: lines (:func:`plot_series`) and columns (:func:`plot_bars_over_time`).

Where a value stands: a reference day ("2016-12-31") at its date; a year alone ("2016", a value for the whole
year) in the middle of the year (1 July), labelled "2016". Ticks stand at the dates of the data, labelled as
the data are ("31.12.2016", "15.05.2022", "2016"), thinned where labels would overlap (the newest is always
labelled); a thin grid line marks every 1 January, so that uneven spacing of the dates is visible. Missing
years are gaps: values recurring once a year (years alone, or the same day each year) are joined by a line only
from one year to the next, an absent year leaves an empty slot, and the note and alt text name it. Columns and,
unless asked otherwise, lines start at zero; a line chart that does not is marked as broken on its axis.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import date2num, num2date
from matplotlib.figure import Figure

from ...core.german import format_number_de, format_value_de
from .core import (
    ACCENT,
    GRID,
    MUTED,
    NO_DATA,
    PALETTE,
    TEXT,
    WIDTH_IN,
    Chart,
    axis_label,
    capitalised,
    check_frame,
    date_label,
    default_decimals,
    extremes,
    fit,
    german_ticks,
    join,
    limits,
    make_chart,
    marker_legend,
    marker_of,
    missing_name,
    new_figure,
    rectangles,
    shown,
    span,
    text_width_in,
)

#: Line styles and markers of the measurement bases of :func:`plot_series`, in order of their first date.
BASIS_STYLES: tuple[tuple[str | tuple[int, tuple[int, ...]], str], ...] = (
    ("-", "o"),
    ("--", "s"),
    (":", "^"),
    ("-.", "D"),
    ((0, (6, 2, 1, 2, 1, 2)), "v"),  # a Stadtkreis' city has all five bases (its Kreis tables reach 2024)
)
#: Where a year alone is drawn: its middle.
MID_YEAR = "-07-01"
#: Width of the plotting area of a time chart, estimated for spacing the tick labels (the figure less the
#: y tick labels, the axis label and the padding).
_AXES_IN = WIDTH_IN - 1.0
#: Height of the plotting area of a time chart.
PLOT_IN = 2.3


def place(date: str) -> pd.Timestamp:
    """Where a date is drawn: a reference day at itself, a year alone at its middle (1 July)."""
    date_label(date)  # checks the form
    return pd.Timestamp(date + MID_YEAR if len(date) == 4 else date)


def _annual(dates: Sequence[str]) -> bool:
    """Whether the dates recur once a year: all years alone, or all on the same day of the year (31.12.)."""
    return len({d[4:] for d in dates}) == 1


def _pieces(dates: Sequence[str]) -> list[list[int]]:
    """Positions of ``dates`` (sorted) to join by one line: annual values from one year to the next only."""
    if not _annual(dates):
        return [list(range(len(dates)))]
    pieces: list[list[int]] = [[0]]
    for i in range(1, len(dates)):
        if int(dates[i][:4]) - int(dates[i - 1][:4]) == 1:
            pieces[-1].append(i)
        else:
            pieces.append([i])
    return pieces


def _absent(dates: Sequence[str]) -> list[str]:
    """The labels of the years without a row between the first and the last of annual ``dates``."""
    if len(dates) < 2 or not _annual(dates):
        return []
    years = sorted(int(d[:4]) for d in dates)
    suffix = dates[0][4:]
    return [date_label(f"{y}{suffix}") for y in range(years[0], years[-1] + 1) if y not in set(years)]


def _ranges(labels: Sequence[str]) -> str:
    """ "2016, 2018 bis 2019 und 2021" from labels of consecutive years."""
    groups: list[list[str]] = []
    for label in labels:
        if groups and int(label[-4:]) - int(groups[-1][-1][-4:]) == 1:
            groups[-1].append(label)
        else:
            groups.append([label])
    return join([span(g) for g in groups])


def _time_axis(ax: Axes, dates: Sequence[str], pad_days: float) -> None:
    """Limits, ticks at the data's dates (thinned so that labels keep apart, the newest always labelled) and a grid
    line at every 1 January."""
    unique = sorted(set(dates), key=place)
    where = [float(date2num(place(d))) for d in unique]
    labels = [date_label(d) for d in unique]
    low, high = where[0] - pad_days, where[-1] + pad_days
    ax.set_xlim(low, high)
    days_per_in = (high - low) / _AXES_IN
    need = [text_width_in(label) + 0.2 for label in labels]

    def apart(i: int, j: int) -> bool:
        return abs(where[j] - where[i]) / days_per_in >= (need[i] + need[j]) / 2

    kept = [len(unique) - 1]
    for i in range(len(unique) - 2, -1, -1):
        if apart(i, kept[-1]):
            kept.append(i)
    if kept[-1] != 0 and len(kept) > 2 and apart(0, kept[-2]):
        kept[-1] = 0  # the oldest date instead of the one next to it
    kept.reverse()
    ax.set_xticks([where[i] for i in kept], labels=[labels[i] for i in kept])
    ax.tick_params(axis="x", which="major", bottom=True)
    ax.grid(axis="x", visible=False)
    # one collection of lines rather than minor ticks (a tick is five artists, and there is one per year)
    first, last = num2date(low).year + 1, num2date(high).year
    years = [float(date2num(pd.Timestamp(year=y, month=1, day=1))) for y in range(first, last + 1)]
    ax.vlines(years, 0, 1, transform=ax.get_xaxis_transform(), colors=GRID, linewidth=0.8, zorder=0.5)


def _date_heading(dates: Sequence[str]) -> str:
    lengths = {len(d) for d in dates}
    return "Jahr" if lengths == {4} else "Stichtag" if lengths == {10} else "Zeitpunkt"


def _mixed_note(dates: Sequence[str]) -> str:
    if {len(d) for d in dates} == {4, 10}:
        return "Jahreswerte stehen in der Jahresmitte, Stichtagswerte an ihrem Tag."
    return ""


def _broken_axis(ax: Axes) -> None:
    """A break mark (two short slanted strokes across the y axis) near the bottom of the axis."""
    for dy in (0.0, 0.025):
        ax.plot(
            [-0.018, 0.018], [0.02 + dy, 0.045 + dy], transform=ax.transAxes, color=TEXT, linewidth=1.2, clip_on=False
        )


# --- Lines ------------------------------------------------------------------------------------------------------


def _runs(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """The stretches of one series on one basis without another basis in between, in date order."""
    ordered = frame.sort_values("when", kind="stable")
    run_id = (ordered["basis"] != ordered["basis"].shift()).cumsum()
    return [run for _, run in ordered.groupby(run_id, sort=True)]


def _series_limits(values: np.ndarray, from_zero: bool) -> tuple[float, float, bool]:
    """y-limits and whether the axis is broken (does not reach zero although every value is above it)."""
    present = values[np.isfinite(values)]
    if from_zero or present.size == 0:
        return (*limits(present, room=0.1), False)
    low, high = float(present.min()), float(present.max())
    extent = (high - low) or abs(high) or 1.0
    bottom, top = low - 0.15 * extent, high + 0.15 * extent
    if low >= 0 and bottom <= 0:
        return 0.0, top, False
    return bottom, top, low > 0


def _series_figure(frame: pd.DataFrame, *, unit: str, from_zero: bool = True) -> Figure:
    """The line chart of :func:`plot_series` (``frame`` as :func:`_prepare_series` returns it); open for
    inspection."""
    series_names = list(dict.fromkeys(frame["series"]))
    bases = list(dict.fromkeys(frame.sort_values("when", kind="stable")["basis"]))
    if len(series_names) > len(PALETTE) or len(bases) > len(BASIS_STYLES):
        raise ValueError(
            f"plot_series: at most {len(PALETTE)} series and {len(BASIS_STYLES)} bases, "
            f"got {len(series_names)} and {len(bases)}"
        )
    mixed = _mixed_note(list(frame["date"]))
    fig = new_figure()
    ax = fig.subplots()
    for colour, name in zip(PALETTE, series_names, strict=False):
        labelled: set[str] = set()
        for run in _runs(frame[frame["series"] == name]):
            basis = run["basis"].iloc[0]
            style, marker = BASIS_STYLES[bases.index(basis)]
            for piece in _pieces(list(run["date"])):
                part = run.iloc[piece]
                ax.plot(
                    part["when"].to_numpy(),
                    part["value"].to_numpy(),
                    color=colour,
                    linestyle=style,
                    marker=marker,
                    markersize=5,
                    linewidth=1.8,
                    label=f"{name} – {basis}" if basis not in labelled else "_nolegend_",
                )
                labelled.add(basis)
    bottom, top, broken = _series_limits(frame["value"].to_numpy(), from_zero)
    ax.set_ylim(bottom, top)
    if broken:
        _broken_axis(ax)
    _time_axis(ax, list(frame["date"]), pad_days=max(120.0, 0.04 * _range_days(frame["date"])))
    german_ticks(ax.yaxis)
    ax.set_ylabel(axis_label(unit))
    if mixed:
        ax.set_xlabel(mixed)
    fit(fig, ax, plot_height_in=PLOT_IN, legend=ax.get_legend_handles_labels()[0])
    return fig


def _range_days(dates: pd.Series) -> float:
    placed = [place(d) for d in dates]
    return float((max(placed) - min(placed)).days)


def _prepare_series(frame: pd.DataFrame) -> pd.DataFrame:
    checked = check_frame(frame, ["date", "value", "series", "basis"], "plot_series", optional=["flag"])
    if checked.duplicated(["series", "date", "basis"]).any():
        raise ValueError("plot_series: one value per series, date and basis needed")
    checked["when"] = checked["date"].map(place)
    flags = checked["flag"] if "flag" in checked else pd.Series("", index=checked.index)
    checked["marker"] = [marker_of(v, f) for v, f in zip(checked["value"], flags, strict=True)]
    return checked.sort_values(["when", "basis"], kind="stable")


def plot_series(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    decimals: int | None = None,
    from_zero: bool = True,
    series_label: str = "Gebiet",
    alt: str | None = None,
) -> Chart:
    """A line chart over time on a true time axis (see the module docstring for where dates stand and how gaps
    show). ``frame`` has columns ``date`` (ISO "YYYY-MM-DD" or "YYYY"), ``value``, ``series`` (the line's name,
    e.g. an area, "Deutsche", "Zuzüge"), ``basis`` (the measurement, e.g. "Fortschreibung (Basis Zensus 2011)",
    "Zensus 2022") and optionally ``flag`` (an official marker such as "." shown for a missing value).

    Each stretch of one series on one basis is its own line; the line is broken where the basis changes, never
    drawn through two bases, and the note names the change. Colours tell the series apart (order of first
    appearance), line style and marker the bases (order of first date); the legend beneath names both. A NaN
    value or an absent year leaves a gap. The y axis starts at zero; with ``from_zero=False`` it fits the data
    and, if it then starts above zero, carries a break mark and the note says where it starts.
    ``series_label`` heads the series column of the data table.
    """
    checked = _prepare_series(frame)
    places = decimals if decimals is not None else default_decimals(unit)
    series_names = list(dict.fromkeys(checked["series"]))
    bases = list(dict.fromkeys(checked["basis"]))
    heading = _date_heading(list(checked["date"]))
    bottom, _, broken = _series_limits(checked["value"].to_numpy(), from_zero)

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = _series_figure(checked, unit=unit, from_zero=from_zero)
        ordered = checked.assign(order=checked["series"].map(series_names.index)).sort_values(
            ["order", "when", "basis"], kind="stable"
        )
        table = pd.DataFrame(
            {
                series_label: ordered["series"].to_list(),
                heading: [date_label(d) for d in ordered["date"]],
                "Wert": [shown(v, unit, places, m) for v, m in zip(ordered["value"], ordered["marker"], strict=True)],
                "Basis": ordered["basis"].to_list(),
            }
        )
        return fig, table

    gaps = []
    for name in series_names:
        for basis in bases:
            part = checked[(checked["series"] == name) & (checked["basis"] == basis)]
            absent = _absent(list(part["date"]))
            if absent:
                gaps.append(f"{name}, {basis}: {_ranges(absent)}")
    missing = [
        missing_name(f"{row.series} {date_label(row.date)}", row.marker)
        for row in checked.itertuples()
        if pd.isna(row.value)
    ]
    notes = []
    if len(bases) > 1:
        stretches = []
        for basis in bases:
            dates = [date_label(d) for d in checked.loc[checked["basis"] == basis, "date"]]
            stretches.append(f"{basis} ({span(dates)})")
        notes.append(
            f"Die Linie ist beim Wechsel der Zählbasis unterbrochen: {'; '.join(stretches)}. "
            "Werte verschiedener Zählbasen sind keine durchgehende Reihe."
        )
    if broken:
        notes.append(
            f"Die senkrechte Achse beginnt bei {format_value_de(bottom, unit, _tick_places(bottom))}, "
            "nicht bei null (Achsenbruch)."
        )
    if gaps:
        notes.append(f"Jahre ohne Wert (Lücke in der Linie): {'; '.join(gaps)}.")
    if missing:
        notes.append(f"Ohne Wert: {join(missing)}.")
    notes.append(marker_legend(checked["marker"]))
    note = " ".join(n for n in notes if n)
    if alt is None:
        all_dates = [date_label(d) for d in checked["date"]]
        sentences = [f"Liniendiagramm: {title}, {span(all_dates)}."]
        for name in series_names:
            for basis in bases:
                part = checked[(checked["series"] == name) & (checked["basis"] == basis)].dropna(subset=["value"])
                if part.empty:
                    continue
                first, last = part.iloc[0], part.iloc[-1]
                start = f"{format_value_de(first['value'], unit, places)} ({date_label(first['date'])})"
                if len(part) == 1:
                    sentences.append(f"{name}, {basis}: {start}.")
                else:
                    end = f"{format_value_de(last['value'], unit, places)} ({date_label(last['date'])})"
                    sentences.append(f"{name}, {basis}: von {start} auf {end}.")
        if missing:
            sentences.append(f"Ohne Wert: {join(missing)}.")
        if gaps:
            sentences.append(f"Jahre ohne Wert: {'; '.join(gaps)}.")
        if len(bases) > 1:
            sentences.append("Die Linie ist beim Wechsel der Zählbasis unterbrochen.")
        if broken:
            sentences.append("Die senkrechte Achse beginnt nicht bei null.")
        alt = " ".join(sentences)
    return make_chart(draw, title=title, alt=alt, source=source, note=note)


def _tick_places(value: float) -> int:
    return 0 if abs(value) >= 100 or float(value).is_integer() else 1


# --- Columns ----------------------------------------------------------------------------------------------------


def _prepare_bars(frame: pd.DataFrame) -> pd.DataFrame:
    checked = check_frame(frame, ["date", "value"], "plot_bars_over_time", optional=["series", "flag"])
    if "series" not in checked:
        checked["series"] = ""
    if checked.duplicated(["series", "date"]).any():
        raise ValueError("plot_bars_over_time: one value per date (and series) needed")
    checked["when"] = checked["date"].map(place)
    flags = checked["flag"] if "flag" in checked else pd.Series("", index=checked.index)
    checked["marker"] = [marker_of(v, f) for v, f in zip(checked["value"], flags, strict=True)]
    return checked.sort_values("when", kind="stable")


def _bars_figure(checked: pd.DataFrame, *, unit: str, places: int) -> Figure:
    """The columns of :func:`plot_bars_over_time` (``checked`` as :func:`_prepare_bars` returns it); open for
    inspection."""
    series_names = list(dict.fromkeys(checked["series"]))
    if len(series_names) > len(PALETTE):
        raise ValueError(f"plot_bars_over_time: at most {len(PALETTE)} series, got {len(series_names)}")
    dates = sorted(set(checked["date"]), key=place)
    where = {d: float(date2num(place(d))) for d in dates}
    steps = np.diff([where[d] for d in dates])
    slot = 0.8 * min(float(steps.min()) if steps.size else 365.0, 365.0)
    width = slot / len(series_names)
    mixed = _mixed_note(dates)
    many = len(series_names) > 1
    fig = new_figure()
    ax = fig.subplots()
    _time_axis(ax, dates, pad_days=slot)
    days_per_in = (ax.get_xlim()[1] - ax.get_xlim()[0]) / _AXES_IN
    values = checked["value"].to_numpy()
    labels = [format_number_de(v, places) for v in values if not pd.isna(v)]
    label_bars = not many and all(text_width_in(f" {t} ") <= width / days_per_in for t in labels)
    for k, (name, colour) in enumerate(zip(series_names, PALETTE if many else (ACCENT,), strict=False)):
        part = checked[checked["series"] == name]
        x = np.array([where[d] for d in part["date"]]) + (k - (len(series_names) - 1) / 2) * width
        heights = part["value"].to_numpy()
        rectangles(ax, x, heights, width * 0.92, colours=colour, vertical=True, label=name or None)
        for position, value, marker in zip(x, heights, part["marker"], strict=True):
            if pd.isna(value):
                ax.text(
                    position,
                    0,
                    f" {marker or NO_DATA}",
                    rotation=90,
                    ha="center",
                    va="bottom",
                    fontstyle="italic",
                    color=MUTED,
                )
            elif label_bars:
                ax.text(
                    position, value, format_number_de(value, places), ha="center", va="bottom" if value >= 0 else "top"
                )
    ax.set_ylim(*limits(values, room=0.12))
    german_ticks(ax.yaxis)
    ax.set_ylabel(axis_label(unit))
    ax.grid(axis="y", which="major", visible=True)
    if mixed:
        ax.set_xlabel(mixed)
    fit(fig, ax, plot_height_in=PLOT_IN, legend=ax.get_legend_handles_labels()[0] if many else ())
    return fig


def plot_bars_over_time(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    decimals: int | None = None,
    alt: str | None = None,
) -> Chart:
    """Columns over time on a true time axis (see the module docstring), e.g. asylum admissions per year, or
    moves into and out of the Kreis side by side. ``frame`` has columns ``date`` (ISO "YYYY" or "YYYY-MM-DD"),
    ``value``, optionally ``series`` (several columns per date, side by side, named in the legend) and ``flag``
    (an official marker such as "." shown for a missing value).

    Columns start at zero. A date without a value (NaN) keeps its place and shows its marker or "keine Daten";
    an absent year of yearly data is an empty slot, named in the note and the alt text. One series' columns
    carry their values where the labels fit.
    """
    checked = _prepare_bars(frame)
    places = decimals if decimals is not None else default_decimals(unit)
    series_names = list(dict.fromkeys(checked["series"]))
    dates = sorted(set(checked["date"]), key=place)
    labels = [date_label(d) for d in dates]
    heading = _date_heading(dates)

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = _bars_figure(checked, unit=unit, places=places)
        table = pd.DataFrame({heading: labels})
        for name in series_names:
            part = checked[checked["series"] == name].set_index("date")
            table[name or "Wert"] = [
                shown(part.at[d, "value"], unit, places, part.at[d, "marker"]) if d in part.index else "" for d in dates
            ]
        return fig, table

    absent = _ranges(_absent(dates)) if _absent(dates) else ""
    missing = [
        missing_name(f"{row.series} {date_label(row.date)}".strip(), row.marker)
        for row in checked.itertuples()
        if pd.isna(row.value)
    ]
    notes = [f"Für {absent} liegen keine Werte vor." if absent else "", marker_legend(checked["marker"])]
    note = " ".join(n for n in notes if n)
    if alt is None:
        sentences = [f"Säulendiagramm: {title}, {span(labels)}."]
        for name in series_names:
            part = checked[checked["series"] == name]
            by_label = pd.Series(part["value"].to_numpy(), index=[date_label(d) for d in part["date"]])
            prefix = f"{name}: " if name else ""
            if by_label.notna().any():
                last = by_label.dropna()
                sentences.append(
                    f"{prefix}{capitalised(extremes(by_label, unit, places))}; "
                    f"zuletzt ({last.index[-1]}): {format_value_de(last.iloc[-1], unit, places)}."
                )
        if missing:
            sentences.append(f"Ohne Wert: {join(missing)}.")
        if absent:
            sentences.append(f"Keine Werte für {absent}.")
        alt = " ".join(sentences)
    return make_chart(draw, title=title, alt=alt, source=source, note=note)
