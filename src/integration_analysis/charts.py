"""Charts for the Steckbriefe: the seaborn/matplotlib house style and the five chart types of the reports.

This module owns how a chart looks (:func:`house_style`, the colours below), how it is rendered (a PNG that is
byte-identical on every run) and what travels with it (:class:`Chart`: title, German alt text, source line, an
optional note and the data table shown beneath the image). Numbers are written with
:func:`~integration_analysis.compare.format_number_de` and :func:`~integration_analysis.compare.format_value_de`;
``unit`` arguments take the same codes ("percent", "persons", "percentage_points", …) or a German unit text.

Conventions:

- Figures are built with the object-oriented API (:class:`matplotlib.figure.Figure`), never with pyplot: nothing
  is registered with pyplot's figure manager, so no figure is left open, none is displayed twice in a notebook
  and processes running in parallel do not share state. Only :class:`Chart` is displayed (``_repr_html_``).
- The PNG is deterministic: fixed size (a function of the number of bars or panels only), fixed dpi
  (:data:`DPI`), the bundled font DejaVu Sans only, no "Software" or other text chunks, no tight bounding box.
- The title and the source line are HTML text in the caption, not pixels in the image, so that they can be read
  aloud, searched and copied. Alt text is written from the data unless given.
- Missing values (NaN) are never drawn as zero: bars are left out and the alt text, note and table say
  "keine Daten".
- Values on two measurement bases are never joined by one line (:func:`plot_series`).
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import struct
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import matplotlib.style as mpl_style
import numpy as np
import pandas as pd
import seaborn as sns
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from .compare import format_number_de, format_value_de

#: Resolution of every PNG (pixels per inch); with :data:`WIDTH_IN` a chart is 770 px wide.
DPI = 110
#: Width of every chart in inches.
WIDTH_IN = 7.0

#: Okabe–Ito colours (Okabe & Ito 2008), distinguishable with the common colour-vision deficiencies.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: Bars of the other areas.
NEUTRAL = "#B4B4B4"
#: Bars of the highlighted municipality (and of the pilots where they are highlighted); dark blue, so it stands
#: apart from the grey by lightness as well as hue.
ACCENT = "#0072B2"
#: Reference lines in the order of ``references``: the first (the Kreis) vermillion dashed, the second (the Land)
#: reddish purple dash-dotted; colour and line style differ, so they stay apart in greyscale too.
REFERENCE_STYLES: tuple[tuple[str, str], ...] = (("#D55E00", "--"), ("#CC79A7", "-."), ("#000000", ":"))
#: Line styles and markers of the measurement bases of :func:`plot_series`, in order of their first date.
BASIS_STYLES: tuple[tuple[str, str], ...] = (("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"))

NO_DATA = "keine Daten"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TEXT = "#262626"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")
_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def _house_rc() -> dict[str, object]:
    rc: dict[str, object] = {**sns.axes_style("whitegrid"), **sns.plotting_context("notebook", font_scale=0.8)}
    rc.update(
        {
            # only the font bundled with matplotlib, so the pixels do not depend on the fonts a machine has
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans"],
            "axes.prop_cycle": cycler(color=list(PALETTE)),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 9.6,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "text.color": _TEXT,
            "axes.labelcolor": _TEXT,
            "xtick.color": _TEXT,
            "ytick.color": _TEXT,
            "grid.color": "#E3E3E3",
            "patch.force_edgecolor": False,
            "legend.frameon": False,
            "figure.dpi": DPI,
        }
    )
    return rc


@contextmanager
def house_style() -> Iterator[None]:
    """The house style for the duration of a ``with`` block: seaborn "whitegrid", DejaVu Sans, the Okabe–Ito
    palette, on top of matplotlib's defaults, so that settings made elsewhere (a notebook's inline backend, a
    user's matplotlibrc, another library) do not change the charts. Restores the previous rcParams afterwards;
    the chart functions use it themselves.

    Tick labels with German numbers are set per axis (:func:`german_ticks`), since rcParams cannot do that
    without a locale.
    """
    with mpl_style.context(_house_rc(), after_reset=True):
        yield


def german_ticks(axis: Axis) -> None:
    """Tick labels of a numeric ``axis`` written German-style ("1.000", "2,5", "−5"), all with the same number of
    decimals: as few as the tick positions need, at most three."""

    def label(x: float, _pos: int | None) -> str:
        return format_number_de(x, _tick_decimals(axis.get_majorticklocs()))

    axis.set_major_formatter(FuncFormatter(label))


def _tick_decimals(locations: Iterable[float]) -> int:
    values = [float(v) for v in locations if math.isfinite(v)]
    for decimals in range(3):
        if all(abs(round(v, decimals) - v) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return decimals
    return 3


# --- The chart object -------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Chart:
    """A rendered chart with everything that travels with it; displays itself in a notebook as HTML.

    ``table`` holds the data shown, with German headings and formatted values (strings); ``png`` the image;
    ``note`` a remark such as a change of basis (may be empty). The plain ``repr`` leaves out the table and the
    image, so that a notebook's text/plain output stays short.
    """

    title: str
    alt: str
    source: str
    table: pd.DataFrame = field(repr=False)
    png: bytes = field(repr=False)
    note: str = ""

    @property
    def size_px(self) -> tuple[int, int]:
        """Width and height of the image in pixels, read from the PNG header."""
        if not self.png.startswith(_PNG_SIGNATURE):
            raise ValueError("png does not start with the PNG signature")
        width, height = struct.unpack(">II", self.png[16:24])
        return int(width), int(height)

    def _repr_html_(self) -> str:
        width, height = self.size_px
        data = base64.b64encode(self.png).decode("ascii")
        note = f'<p class="ia-chart-note">{html.escape(self.note)}</p>' if self.note else ""
        table = self.table.to_html(index=False, escape=True, border=0, classes="ia-table")
        return (
            '<figure class="ia-chart">'
            f'<img alt="{html.escape(self.alt)}" src="data:image/png;base64,{data}" width="{width}" '
            f'height="{height}" style="max-width:100%;height:auto">'
            "<figcaption>"
            f'<strong class="ia-chart-title">{html.escape(self.title)}</strong>'
            f"{note}"
            f'<p class="ia-chart-source">{html.escape(self.source)}</p>'
            f"<details><summary>Daten zur Grafik</summary>{table}</details>"
            "</figcaption>"
            "</figure>"
        )


def _new_figure(height_in: float) -> Figure:
    return Figure(figsize=(WIDTH_IN, round(height_in, 2)), dpi=DPI, layout="constrained")


def _render(fig: Figure) -> bytes:
    """The figure as PNG bytes, identical on every run for the same figure.

    Agg draws the figure at :data:`DPI`; Pillow writes the pixels as an indexed PNG (256 colours, no dithering:
    lossless for charts with at most 256 colours, which flat bars and text on white usually are, and a third of
    the size of matplotlib's RGBA file) without any text, time or physical-size chunk.
    """
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    indexed = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    indexed.save(buffer, format="PNG", optimize=True)
    # the figure is not registered with pyplot: dropping the last reference frees it; clearing breaks cycles early
    fig.clear()
    return buffer.getvalue()


def _chart(draw: Callable[[], tuple[Figure, pd.DataFrame]], *, title: str, alt: str, source: str, note: str) -> Chart:
    """Draw and render inside the house style (rcParams are read both when drawing and when saving)."""
    with house_style():
        fig, table = draw()
        png = _render(fig)
    return Chart(title=title, alt=alt, source=source, table=table, png=png, note=note)


# --- Words and numbers ------------------------------------------------------------------------------------------


def _default_decimals(unit: str) -> int:
    return 0 if unit in ("persons", "dwellings") else 1


def _unit_word(unit: str, *, dative: bool = False) -> str:
    """The plural unit word as format_value_de writes it ("%", "Personen"; "Prozentpunkten" in the dative)."""
    return format_value_de(2, unit, 0, dative=dative).partition(" ")[2]


def _axis_label(unit: str) -> str:
    word = _unit_word(unit, dative=True)
    return f"in {word}" if word else ""


def _bar_label(value: float, unit: str, decimals: int) -> str:
    """A value at its bar: with "%", else the number alone (the unit word is on the axis)."""
    return format_value_de(value, unit, decimals) if unit == "percent" else format_number_de(value, decimals)


def _shown(value: float, unit: str, decimals: int) -> str:
    """A value with its unit, or "keine Daten"."""
    return NO_DATA if pd.isna(value) else format_value_de(value, unit, decimals)


def _number(value: float, decimals: int) -> str:
    return NO_DATA if pd.isna(value) else format_number_de(value, decimals)


def _capitalised(text: str) -> str:
    """The text with its first letter upper-case and the rest unchanged (unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def _join(words: Sequence[str]) -> str:
    """ "A", "A und B", "A, B und C"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} und {words[-1]}"


def _name_key(name: str) -> tuple[str, str]:
    """Sort key for place names as in a German index (DIN 5007-1): "Ölbronn-Dürrn" among the O's."""
    return name.casefold().translate(_UMLAUTS), name


def _extremes(values: pd.Series, unit: str, decimals: int) -> str:
    """ "höchster Wert: Mühlacker 22,6 %; niedrigster: Keltern 7,3 %" over the values that exist; ties (as
    printed) are named together."""
    present = values.dropna()
    printed = {str(name): format_number_de(v, decimals) for name, v in present.items()}
    top, bottom = present.max(), present.min()
    highest = [name for name, text in printed.items() if text == format_number_de(top, decimals)]
    lowest = [name for name, text in printed.items() if text == format_number_de(bottom, decimals)]
    if len(highest) == len(printed):
        return f"alle mit {format_value_de(top, unit, decimals)}"
    return (
        f"höchster Wert: {_join(highest)} {format_value_de(top, unit, decimals)}; "
        f"niedrigster: {_join(lowest)} {format_value_de(bottom, unit, decimals)}"
    )


def _date_label(date: str) -> str:
    """ "2022" stays "2022"; "2022-05-15" becomes "15.05.2022"."""
    match = _DATE.match(date)
    if match is None:
        raise ValueError(f"dates must be ISO strings YYYY or YYYY-MM-DD, got {date!r}")
    year, month, day = match.groups()
    return year if month is None else f"{day}.{month}.{year}"


def _timestamp(date: str) -> pd.Timestamp:
    """A year alone is placed at its 1 January, so that its point sits on the year's tick."""
    match = _DATE.match(date)
    if match is None:
        raise ValueError(f"dates must be ISO strings YYYY or YYYY-MM-DD, got {date!r}")
    return pd.Timestamp(f"{date}-01-01" if match.group(2) is None else date)


def _span(labels: Sequence[str]) -> str:
    return labels[0] if labels[0] == labels[-1] else f"{labels[0]} bis {labels[-1]}"


# --- Checks -----------------------------------------------------------------------------------------------------


def _check_values(values: pd.Series, what: str) -> pd.Series:
    if values.empty:
        raise ValueError(f"{what}: no values to plot")
    if not values.index.is_unique:
        duplicated = sorted({str(k) for k in values.index[values.index.duplicated()]})
        raise ValueError(f"{what}: one value per area needed; {', '.join(duplicated)} occur more than once")
    numbers = pd.to_numeric(values).astype("float64")
    numbers.index = numbers.index.map(str)
    return numbers


def _check_frame(frame: pd.DataFrame, columns: Sequence[str], what: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: columns {missing} missing; expected {list(columns)}, got {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{what}: no rows to plot")
    checked = frame.loc[:, list(columns)].copy()
    checked["value"] = pd.to_numeric(checked["value"]).astype("float64")
    for column in columns:
        if column != "value":
            checked[column] = checked[column].astype(str)
    return checked


def _names(highlight: str | Iterable[str]) -> list[str]:
    """Highlighted names, sorted as in a German index; a single name may be given as a string."""
    return sorted({highlight} if isinstance(highlight, str) else set(highlight), key=_name_key)


def _check_highlight(highlight: Iterable[str], names: pd.Index, what: str) -> None:
    unknown = sorted(set(highlight) - set(names))
    if unknown:
        raise ValueError(f"{what}: highlighted {unknown} not among the areas {list(names)}")


# --- Drawing helpers --------------------------------------------------------------------------------------------


def _no_data(ax: Axes) -> None:
    ax.text(0.5, 0.5, _capitalised(NO_DATA), transform=ax.transAxes, ha="center", va="center", fontsize=11)


def _bold_labels(ax: Axes, highlight: Iterable[str]) -> None:
    marked = set(highlight)
    for label in ax.get_yticklabels():
        if label.get_text() in marked:
            label.set_fontweight("bold")


def _barh(ax: Axes, names: Sequence[str], values: np.ndarray, colours: Sequence[str]) -> None:
    """Horizontal bars, first name on top; NaN values get no bar."""
    positions = np.arange(len(names))
    ax.barh(positions, np.nan_to_num(values, nan=0.0), height=0.7, color=colours, linewidth=0)
    ax.set_yticks(positions, labels=list(names))
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    german_ticks(ax.xaxis)


def _limits(values: Iterable[float], room: float) -> tuple[float, float]:
    """x-limits including 0 and every value, with ``room`` (a fraction of the range) beyond the ends."""
    present = [v for v in values if math.isfinite(v)]
    low, high = min([0.0, *present]), max([0.0, *present])
    if low == high:  # no values, or all zero: a unit scale rather than an empty one
        return 0.0, 1.0
    extent = high - low
    return (low - room * extent if low < 0 else 0.0, high + room * extent if high > 0 else 0.0)


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
    numbers = _check_values(values, "plot_comparison")
    if highlight is not None:
        _check_highlight([highlight], numbers.index, "plot_comparison")
    places = decimals if decimals is not None else _default_decimals(unit)
    names = list(numbers.index)

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = _new_figure(0.42 * len(names) + 0.75)
        ax = fig.subplots()
        colours = [ACCENT if name == highlight else NEUTRAL for name in names]
        _barh(ax, names, numbers.to_numpy(), colours)
        if highlight is not None:
            _bold_labels(ax, [highlight])
        ax.set_xlim(*_limits(numbers, room=0.22))
        for position, value in enumerate(numbers):
            if pd.isna(value):
                ax.text(0, position, f" {NO_DATA}", va="center", ha="left", fontstyle="italic", color="#595959")
            else:
                ax.text(
                    value,
                    position,
                    f" {_bar_label(value, unit, places)} ",
                    va="center",
                    ha="left" if value >= 0 else "right",
                )
        ax.set_xlabel(_axis_label(unit))
        table = pd.DataFrame({"Gebiet": names, "Wert": [_shown(v, unit, places) for v in numbers]})
        return fig, table

    if alt is None:
        parts = ", ".join(f"{name} {_shown(value, unit, places)}" for name, value in numbers.items())
        alt = f"Balkendiagramm: {title}: {parts}."
        if highlight is not None:
            alt += f" {highlight} ist hervorgehoben."
    return _chart(draw, title=title, alt=alt, source=source, note="")


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
    named with their value in the legend, styled by :data:`REFERENCE_STYLES` in the order given.

    ``universe`` names what the bars are, completing the alt text "… in 28 Gemeinden des Enzkreises." (pass
    "Gemeinden des Enzkreises"); without it the alt text says "… : 28 Werte, absteigend sortiert.", which also
    fits bars that are not areas (groups of citizenship). Areas without a value are left out of the bars and
    named in the note. Equal values are ordered by name; ranks are 1 = highest, ties share the lowest rank (as
    :func:`~integration_analysis.compare.rank_among`). The data table lists rank, area and value, then the
    areas without a value, then the references marked "(Vergleich)".
    """
    numbers = _check_values(values, "plot_ranking")
    marked = _names(highlight)
    _check_highlight(marked, numbers.index, "plot_ranking")
    refs = {str(k): float(v) for k, v in (references or {}).items()}
    if len(refs) > len(REFERENCE_STYLES):
        raise ValueError(f"plot_ranking: at most {len(REFERENCE_STYLES)} reference lines, got {len(refs)}")
    places = decimals if decimals is not None else _default_decimals(unit)
    by_name = numbers.iloc[sorted(range(len(numbers)), key=lambda i: _name_key(numbers.index[i]))]
    present = by_name.dropna().sort_values(ascending=False, kind="stable")
    missing = [str(n) for n in by_name.index if pd.isna(by_name[n])]
    ranks = present.rank(method="min", ascending=False).astype(int)

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = _new_figure(0.21 * max(len(present), 1) + 1.0)
        ax = fig.subplots()
        if present.empty:
            _no_data(ax)
        else:
            names = list(present.index)
            _barh(ax, names, present.to_numpy(), [ACCENT if n in marked else NEUTRAL for n in names])
            _bold_labels(ax, marked)
            for position, name in enumerate(names):
                if name in marked:
                    value = present[name]
                    ax.text(
                        value,
                        position,
                        f" {format_number_de(value, places)} ",
                        va="center",
                        fontsize=8,
                        ha="left" if value >= 0 else "right",
                        fontweight="bold",
                        color=ACCENT,
                    )
            ax.set_xlim(*_limits([*present, *refs.values()], room=0.08))
            handles = []
            for (name, value), (colour, style) in zip(refs.items(), REFERENCE_STYLES, strict=False):
                if math.isfinite(value):
                    handles.append(
                        ax.axvline(
                            value,
                            color=colour,
                            linestyle=style,
                            linewidth=1.6,
                            label=f"{name}: {format_value_de(value, unit, places)}",
                        )
                    )
            if handles:
                ax.legend(handles=handles, loc="best", frameon=True, framealpha=0.95, edgecolor="white")
        ax.set_xlabel(_axis_label(unit))
        rows = [
            {"Rang": format_number_de(ranks[n]), "Gebiet": n, "Wert": _shown(v, unit, places)}
            for n, v in present.items()
        ]
        rows += [{"Rang": "", "Gebiet": n, "Wert": NO_DATA} for n in missing]
        rows += [{"Rang": "", "Gebiet": f"{n} (Vergleich)", "Wert": _shown(v, unit, places)} for n, v in refs.items()]
        return fig, pd.DataFrame(rows, columns=["Rang", "Gebiet", "Wert"])

    note = f"Ohne Balken ({NO_DATA}): {_join(missing)}." if missing else ""
    if alt is None:
        count = format_number_de(len(numbers))
        opening = f"{title} in {count} {universe}." if universe else f"{title}: {count} Werte, absteigend sortiert."
        sentences = [f"Balkendiagramm: {opening}"]
        if not present.empty:
            sentences.append(_capitalised(_extremes(present, unit, places)) + ".")
        for name in marked:
            if pd.isna(numbers[name]):
                sentences.append(f"{name} ist hervorgehoben: {NO_DATA}.")
            else:
                rank = f"Rang {format_number_de(ranks[name])} von {format_number_de(len(present))}"
                sentences.append(f"{name} ist hervorgehoben: {format_value_de(numbers[name], unit, places)}, {rank}.")
        if refs:
            lines = ", ".join(f"{n} {_shown(v, unit, places)}" for n, v in refs.items())
            sentences.append(f"Vergleichslinien: {lines}.")
        if missing:
            sentences.append(f"{_capitalised(NO_DATA)}: {_join(missing)}.")
        alt = " ".join(sentences)
    return _chart(draw, title=title, alt=alt, source=source, note=note)


# --- 3. Series over time ----------------------------------------------------------------------------------------


def _date_formatter(value: float, _pos: int | None) -> str:
    moment = num2date(value)
    if (moment.month, moment.day) == (1, 1):
        return f"{moment.year}"
    return f"{moment.day:02d}.{moment.month:02d}.{moment.year}"


def _runs(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """The stretches of one series on one basis without another basis in between, in date order."""
    ordered = frame.sort_values("when", kind="stable")
    run_id = (ordered["basis"] != ordered["basis"].shift()).cumsum()
    return [run for _, run in ordered.groupby(run_id, sort=True)]


def _series_figure(frame: pd.DataFrame, *, unit: str) -> Figure:
    """The line chart of :func:`plot_series` (``frame`` checked, with a ``when`` column); open for inspection."""
    series_names = list(dict.fromkeys(frame["series"]))
    bases = list(dict.fromkeys(frame.sort_values("when", kind="stable")["basis"]))
    if len(series_names) > len(PALETTE) or len(bases) > len(BASIS_STYLES):
        raise ValueError(
            f"plot_series: at most {len(PALETTE)} series and {len(BASIS_STYLES)} bases, "
            f"got {len(series_names)} and {len(bases)}"
        )
    fig = _new_figure(3.6 + 0.18 * math.ceil(len(series_names) * len(bases) / 2))
    ax = fig.subplots()
    for colour, name in zip(PALETTE, series_names, strict=False):
        labelled: set[str] = set()
        for run in _runs(frame[frame["series"] == name]):
            basis = run["basis"].iloc[0]
            style, marker = BASIS_STYLES[bases.index(basis)]
            label = f"{name} – {basis}" if basis not in labelled else "_nolegend_"
            labelled.add(basis)
            ax.plot(
                run["when"].to_numpy(),
                run["value"].to_numpy(),
                color=colour,
                linestyle=style,
                marker=marker,
                markersize=4,
                linewidth=1.8,
                label=label,
            )
    locator = AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(FuncFormatter(_date_formatter))
    german_ticks(ax.yaxis)
    ax.set_ylabel(_axis_label(unit))
    ax.margins(x=0.03, y=0.12)
    fig.legend(loc="outside lower center", ncols=2 if len(ax.lines) > 1 else 1)
    return fig


def _prepare_series(frame: pd.DataFrame) -> pd.DataFrame:
    checked = _check_frame(frame, ["date", "value", "series", "basis"], "plot_series")
    if checked.duplicated(["series", "date", "basis"]).any():
        raise ValueError("plot_series: one value per series, date and basis needed")
    checked["when"] = checked["date"].map(_timestamp)
    return checked.sort_values(["when", "basis"], kind="stable")


def plot_series(
    frame: pd.DataFrame, *, title: str, unit: str, source: str, decimals: int | None = None, alt: str | None = None
) -> Chart:
    """A line chart over time. ``frame`` has columns ``date`` (ISO "YYYY-MM-DD" or "YYYY"; a year alone is placed
    at 1 January), ``value``, ``series`` (the line's name, e.g. an area) and ``basis`` (the measurement, e.g.
    "Fortschreibung (Basis Zensus 2011)", "Zensus 2022").

    Each stretch of one series on one basis is its own line; the line is broken where the basis changes, never
    drawn through two bases. Colours tell the series apart (order of first appearance), line style and marker
    the bases (order of first date). NaN values leave a gap. The note names the change of basis.
    """
    checked = _prepare_series(frame)
    places = decimals if decimals is not None else _default_decimals(unit)
    series_names = list(dict.fromkeys(checked["series"]))
    bases = list(dict.fromkeys(checked["basis"]))

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = _series_figure(checked, unit=unit)
        ordered = checked.assign(order=checked["series"].map(series_names.index)).sort_values(
            ["order", "when", "basis"], kind="stable"
        )
        table = pd.DataFrame(
            {
                "Gebiet": ordered["series"].to_list(),
                "Stichtag": [_date_label(d) for d in ordered["date"]],
                "Wert": [_shown(v, unit, places) for v in ordered["value"]],
                "Basis": ordered["basis"].to_list(),
            }
        )
        return fig, table

    note = ""
    if len(bases) > 1:
        stretches = []
        for basis in bases:
            dates = [_date_label(d) for d in checked.loc[checked["basis"] == basis, "date"]]
            stretches.append(f"{basis} ({_span(dates)})")
        note = (
            f"Die Linie ist beim Wechsel der Zählbasis unterbrochen: {'; '.join(stretches)}. "
            "Werte verschiedener Zählbasen sind keine durchgehende Reihe."
        )
    if alt is None:
        all_dates = [_date_label(d) for d in checked["date"]]
        sentences = [f"Liniendiagramm: {title}, {_span(all_dates)}."]
        for name in series_names:
            for basis in bases:
                part = checked[(checked["series"] == name) & (checked["basis"] == basis)].dropna(subset=["value"])
                if part.empty:
                    continue
                first, last = part.iloc[0], part.iloc[-1]
                start = f"{format_value_de(first['value'], unit, places)} ({_date_label(first['date'])})"
                if len(part) == 1:
                    sentences.append(f"{name}, {basis}: {start}.")
                else:
                    end = f"{format_value_de(last['value'], unit, places)} ({_date_label(last['date'])})"
                    sentences.append(f"{name}, {basis}: von {start} auf {end}.")
        gaps = checked[checked["value"].isna()]
        if not gaps.empty:
            listed = [f"{row.series} {_date_label(row.date)}" for row in gaps.itertuples()]
            sentences.append(f"{_capitalised(NO_DATA)}: {_join(listed)}.")
        if len(bases) > 1:
            sentences.append("Die Linie ist beim Wechsel der Zählbasis unterbrochen.")
        alt = " ".join(sentences)
    return _chart(draw, title=title, alt=alt, source=source, note=note)


# --- 4. Small multiples -----------------------------------------------------------------------------------------


def _panel_title(indicator: str, unit: str) -> str:
    word = _unit_word(unit)
    return textwrap.fill(f"{indicator} ({word})" if word else indicator, width=30)


def _prepare_multiples(frame: pd.DataFrame, order: Sequence[str] | None) -> tuple[pd.DataFrame, pd.Series]:
    """The values as a table (rows: areas in display order, columns: indicators in order of first appearance;
    NaN where a value is missing or has no row) and the unit of each indicator."""
    checked = _check_frame(frame, ["area", "indicator", "value", "unit"], "plot_small_multiples")
    if checked.duplicated(["area", "indicator"]).any():
        raise ValueError("plot_small_multiples: one value per area and indicator needed")
    units = checked.groupby("indicator", sort=False)["unit"].nunique()
    if (units > 1).any():
        raise ValueError(f"plot_small_multiples: indicators with more than one unit: {list(units[units > 1].index)}")
    present = set(checked["area"])
    if order is None:
        areas = sorted(present, key=_name_key)
    else:
        areas = [str(a) for a in order]
        if set(areas) != present or len(areas) != len(present):
            raise ValueError("plot_small_multiples: order must name every area of the frame exactly once")
    unit_of = checked.drop_duplicates("indicator").set_index("indicator")["unit"]
    wide = checked.pivot(index="area", columns="indicator", values="value").reindex(index=areas, columns=unit_of.index)
    return wide, unit_of


def _multiples_figure(wide: pd.DataFrame, unit_of: pd.Series, highlight: Sequence[str]) -> Figure:
    """The panels of :func:`plot_small_multiples` (arguments as :func:`_prepare_multiples` returns them); open for
    inspection."""
    indicators, areas = list(wide.columns), list(wide.index)
    ncols = len(indicators) if len(indicators) <= 4 else 3
    nrows = math.ceil(len(indicators) / ncols)
    fig = _new_figure(nrows * (0.155 * len(areas) + 0.95))
    grid = fig.subplots(nrows, ncols, sharey=True, squeeze=False).ravel()
    limits = {unit: _limits(wide.loc[:, unit_of == unit].to_numpy().ravel(), room=0.04) for unit in unit_of.unique()}
    colours = [ACCENT if a in highlight else NEUTRAL for a in areas]
    for ax, indicator in zip(grid, indicators, strict=False):
        unit = unit_of[indicator]
        _barh(ax, areas, wide[indicator].to_numpy(), colours)
        ax.set_xlim(*limits[unit])
        ax.set_title(_panel_title(indicator, unit), fontsize=8.8)
        ax.tick_params(axis="both", labelsize=7.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6 if ncols == 1 else 4 if ncols == 2 else 3))
        _bold_labels(ax, highlight)
    for ax in grid[len(indicators) :]:
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
    units have their own scale. Up to four indicators stand in one row, more in rows of three; 28 areas × 6
    indicators give 770 × 1163 px. Highlighted areas are in :data:`ACCENT` with bold names. Decimals follow the
    unit (0 for persons and dwellings, else 1). An area without a value (NaN or no row) gets no bar and is named in
    the note.
    """
    marked = _names(highlight)
    wide, unit_of = _prepare_multiples(frame, order)
    _check_highlight(marked, wide.index, "plot_small_multiples")

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = _multiples_figure(wide, unit_of, marked)
        table = pd.DataFrame({"Gebiet": list(wide.index)})
        for indicator, unit in unit_of.items():
            heading = _panel_title(str(indicator), unit).replace("\n", " ")
            table[heading] = [_number(v, _default_decimals(unit)) for v in wide[indicator]]
        return fig, table

    missing = [f"{area} ({indicator})" for indicator in wide.columns for area in wide.index[wide[indicator].isna()]]
    note = f"Ohne Balken ({NO_DATA}): {_join(missing)}." if missing else ""
    if alt is None:
        sentences = [
            f"Balkendiagramme in {format_number_de(len(unit_of))} Feldern, eines je Kennzahl: {title}; "
            f"{format_number_de(len(wide.index))} Gebiete in jedem Feld."
        ]
        for indicator, unit in unit_of.items():
            places = _default_decimals(unit)
            values = wide[indicator]
            parts = [_extremes(values, unit, places) if values.notna().any() else NO_DATA]
            parts += [f"{a} {_shown(values[a], unit, places)}" for a in marked]
            sentences.append(f"{indicator}: {'; '.join(parts)}.")
        if marked:
            sentences.append(f"Hervorgehoben: {_join(marked)}.")
        if unit_of.nunique() < len(unit_of):
            sentences.append("Felder mit gleicher Einheit haben dieselbe Skala.")
        if missing:
            sentences.append(f"{_capitalised(NO_DATA)}: {_join(missing)}.")
        alt = " ".join(sentences)
    return _chart(draw, title=title, alt=alt, source=source, note=note)


# --- 5. Bars over time ------------------------------------------------------------------------------------------


def plot_bars_over_time(
    frame: pd.DataFrame, *, title: str, unit: str, source: str, decimals: int | None = None, alt: str | None = None
) -> Chart:
    """Vertical bars, one per period, in date order (e.g. asylum admissions per year). ``frame`` has columns
    ``date`` (ISO "YYYY" or "YYYY-MM-DD", one row each) and ``value``. Up to 20 bars carry their value; a period
    without a value keeps its place and says "keine Daten"."""
    checked = _check_frame(frame, ["date", "value"], "plot_bars_over_time")
    if checked["date"].duplicated().any():
        raise ValueError("plot_bars_over_time: one value per date needed")
    checked["when"] = checked["date"].map(_timestamp)
    checked = checked.sort_values("when", kind="stable")
    labels = [_date_label(d) for d in checked["date"]]
    values = checked["value"].to_numpy()
    places = decimals if decimals is not None else _default_decimals(unit)
    heading = "Jahr" if all(len(d) == 4 for d in checked["date"]) else "Stichtag"

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = _new_figure(3.4)
        ax = fig.subplots()
        positions = np.arange(len(labels))
        ax.bar(positions, np.nan_to_num(values, nan=0.0), width=0.7, color=ACCENT, linewidth=0)
        ax.set_xticks(positions, labels=labels, rotation=0 if len(labels) <= 12 else 90)
        ax.grid(axis="x", visible=False)
        ax.set_ylim(*_limits(values, room=0.12))
        german_ticks(ax.yaxis)
        ax.set_ylabel(_axis_label(unit))
        for position, value in enumerate(values):
            if pd.isna(value):
                ax.text(
                    position,
                    0,
                    NO_DATA,
                    rotation=90,
                    ha="center",
                    va="bottom",
                    fontsize=7.5,
                    fontstyle="italic",
                    color="#595959",
                )
            elif len(labels) <= 20:
                ax.text(
                    position,
                    value,
                    format_number_de(value, places),
                    ha="center",
                    va="bottom" if value >= 0 else "top",
                    fontsize=7.5,
                )
        table = pd.DataFrame({heading: labels, "Wert": [_shown(v, unit, places) for v in values]})
        return fig, table

    if alt is None:
        by_label = pd.Series(values, index=labels)
        sentences = [f"Säulendiagramm: {title}, {_span(labels)}."]
        if by_label.notna().any():
            sentences.append(_capitalised(_extremes(by_label, unit, places)) + ".")
            last = by_label.dropna()
            sentences.append(f"Zuletzt ({last.index[-1]}): {format_value_de(last.iloc[-1], unit, places)}.")
        missing = [str(label) for label, v in by_label.items() if pd.isna(v)]
        if missing:
            sentences.append(f"{_capitalised(NO_DATA)}: {_join(missing)}.")
        alt = " ".join(sentences)
    return _chart(draw, title=title, alt=alt, source=source, note="")
