"""What every chart shares: the house style and sizes, rendering to a deterministic SVG, the :class:`Chart` that
carries title, alt text, source, note and data table, German words and numbers, input checks and the official
markers of missing cells."""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

import matplotlib.style as mpl_style
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import Formatter

from ...core.german import format_number_de, format_value_de, sort_key_de
from ...core.schema import OFFICIAL_MARKERS

#: Width of every chart in inches (the SVG is 4.8 × 72 = 345,6 pt wide; shown at most 461 CSS px wide).
WIDTH_IN = 4.8
#: Size of every text in a chart, in points of the figure. No text is smaller.
FONT_PT = 11.0
#: The width a chart is shown at on a 390 px phone: the report's column there, measured in Chromium (332 px).
PHONE_WIDTH_PX = 332
#: The rule for text on a phone. The SVG is scaled to the width it is shown at, so what counts is the ratio of
#: font size to figure width: text is FONT_PT × shown width / (WIDTH_IN × 72) px high, here 11 × 332 / 345,6 =
#: 10,6 px at 390 px, and at least 10 px wherever the chart is shown 314 px wide or more
#: (FONT_PT ≥ 10 × WIDTH_IN × 72 / shown width).
MIN_TEXT_PX = 10.0

#: Okabe–Ito colours (Okabe & Ito 2008), distinguishable with the common colour-vision deficiencies.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: Bars of the other areas.
NEUTRAL = "#B4B4B4"
#: Bars of the highlighted municipality (and of the pilots where they are highlighted); dark blue, so it stands
#: apart from the grey by lightness as well as hue.
ACCENT = "#0072B2"
#: Text colour; also the colour of outlines and marks.
TEXT = "#262626"
#: Colour of grid lines.
GRID = "#E3E3E3"
#: Colour of the words that stand where a value is missing.
MUTED = "#595959"

NO_DATA = "keine Daten"

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")
_SVG_SIZE = re.compile(rb'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt" viewBox="0 0 ([\d.]+) ([\d.]+)"')
_SVG_FONT_SIZE = re.compile(rb"font-size: ?([\d.]+)px")
#: No <metadata> block: neither date nor creator, so the bytes do not change from run to run or version to version.
_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}

# The house style: seaborn's "whitegrid" look written out (so that seaborn need not be imported and no style
# is recomputed per chart), DejaVu Sans only, one text size, the Okabe–Ito palette, SVG text as text.
_HOUSE_RC: dict[str, object] = {
    # only the font bundled with matplotlib, so that text widths do not depend on the fonts a machine has
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_PT,
    "axes.titlesize": FONT_PT,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "legend.fontsize": FONT_PT,
    "legend.title_fontsize": FONT_PT,
    "figure.titlesize": FONT_PT,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#CCCCCC",
    "axes.linewidth": 1.0,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "grid.color": GRID,
    "grid.linestyle": "-",
    "grid.linewidth": 0.8,
    "xtick.bottom": False,
    "ytick.left": False,
    "xtick.major.size": 4,
    "ytick.major.size": 4,
    "xtick.major.width": 1.0,
    "ytick.major.width": 1.0,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "lines.solid_capstyle": "round",
    "patch.force_edgecolor": False,
    "legend.frameon": False,
    # SVG at 72 dpi: one unit of the SVG is one point of the figure
    "figure.dpi": 72,
    "savefig.dpi": 72,
    # text stays text (searchable, crisp, small); any fallback sans-serif font is narrower than DejaVu Sans
    "svg.fonttype": "none",
    # clip-path ids are hashes salted with this string instead of a random one, so the SVG is byte-identical
    "svg.hashsalt": "integration-analysis",
}


@contextmanager
def house_style() -> Iterator[None]:
    """The house style for the duration of a ``with`` block, on top of matplotlib's defaults, so that settings
    made elsewhere (a notebook's inline backend, a user's matplotlibrc, another library) do not change the
    charts. Restores the previous rcParams afterwards; the chart functions use it themselves.

    Tick labels with German numbers are set per axis (:func:`german_ticks`), since rcParams cannot do that
    without a locale.
    """
    with mpl_style.context(_HOUSE_RC, after_reset=True):
        yield


class _GermanFormatter(Formatter):
    """German numbers ("1.000", "2,5", "−5"), all ticks with the same number of decimals: as few as the tick
    positions need, at most three. The decimals are worked out once per set of ticks (``set_locs``)."""

    def __init__(self, absolute: bool) -> None:
        self.absolute = absolute
        self.decimals = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        self.decimals = _tick_decimals(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return format_number_de(abs(x) if self.absolute else x, self.decimals)


def german_ticks(axis: Axis, *, absolute: bool = False) -> None:
    """Tick labels of a numeric ``axis`` written German-style ("1.000", "2,5", "−5"), all with the same number of
    decimals: as few as the tick positions need, at most three. ``absolute`` writes −20 as "20" (the left half of
    a population pyramid)."""
    axis.set_major_formatter(_GermanFormatter(absolute))


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

    ``table`` holds the data shown, with German headings and formatted values (strings); ``svg`` the image (SVG
    with text as text, byte-identical on every run); ``note`` a remark such as a change of basis (may be empty).
    The plain ``repr`` leaves out the table and the image, so that a notebook's text/plain output stays short.
    """

    title: str
    alt: str
    source: str
    table: pd.DataFrame = field(repr=False)
    svg: bytes = field(repr=False)
    note: str = ""

    @property
    def size_px(self) -> tuple[int, int]:
        """Natural width and height of the image in CSS pixels (96 per inch), from the SVG's size in points."""
        width, height, _, _ = _svg_size(self.svg)
        return round(width * 96 / 72), round(height * 96 / 72)

    def _repr_html_(self) -> str:
        width, height = self.size_px
        data = base64.b64encode(self.svg).decode("ascii")
        note = f'<p class="ia-chart-note">{html.escape(self.note)}</p>' if self.note else ""
        table = self.table.to_html(index=False, escape=True, border=0, classes="ia-table")
        return (
            '<figure class="ia-chart">'
            f'<img alt="{html.escape(self.alt)}" src="data:image/svg+xml;base64,{data}" width="{width}" '
            f'height="{height}" style="max-width:100%;height:auto">'
            "<figcaption>"
            f'<strong class="ia-chart-title">{html.escape(self.title)}</strong>'
            f"{note}"
            f'<p class="ia-chart-source">{html.escape(self.source)}</p>'
            f"<details><summary>Daten zur Grafik</summary>{table}</details>"
            "</figcaption>"
            "</figure>"
        )


def _svg_size(svg: bytes) -> tuple[float, float, float, float]:
    match = _SVG_SIZE.search(svg[:2000])
    if match is None:
        raise ValueError("svg: no <svg> element with width, height (in pt) and viewBox")
    width, height, view_width, view_height = (float(g) for g in match.groups())
    return width, height, view_width, view_height


def smallest_text_px(svg: bytes, displayed_width_px: float) -> float:
    """Height in CSS pixels of the smallest text of an SVG chart when the image is shown ``displayed_width_px``
    wide (the image scales with its width; text sizes are in units of the viewBox)."""
    _, _, view_width, _ = _svg_size(svg)
    sizes = [float(s) for s in _SVG_FONT_SIZE.findall(svg)]
    if not sizes:
        raise ValueError("svg: no text")
    return min(sizes) * displayed_width_px / view_width


def new_figure() -> Figure:
    """A figure of the house width; :func:`fit` sets its height and places the axes once everything is drawn."""
    return Figure(figsize=(WIDTH_IN, 1.0), dpi=72)


# --- Layout -----------------------------------------------------------------------------------------------------
# The axes are placed from the measured widths of their labels (text_width_in, cached across charts) rather than
# by matplotlib's constrained layout, which draws every figure twice and was a third of the rendering time
# (benchmarks/charts-profile.md). Heights in inches at FONT_PT, as matplotlib lays out DejaVu Sans:

#: One line of text (a tick label, an axis label), and the step from line to line of wrapped text.
LINE_IN = FONT_PT * 1.1 / 72
LINE_STEP_IN = FONT_PT * 1.2 / 72
#: Margin around the figure's content.
PAD_IN = 0.06
TICK_PAD_IN = 3.5 / 72
_LABEL_PAD_IN = 4 / 72
TITLE_PAD_IN = 6 / 72
#: Each further row of a legend (text plus the legend's label spacing).
_LEGEND_ROW_IN = FONT_PT * 1.6 / 72
#: Measured widths are a little below what Agg draws (hinting); layout adds this share to be safe.
_WIDTH_SLACK = 1.06


def lines_height_in(lines: int) -> float:
    """Height of ``lines`` lines of text (0 for none)."""
    return LINE_IN + (lines - 1) * LINE_STEP_IN if lines > 0 else 0.0


def legend_height_in(rows: int) -> float:
    return LINE_IN + (rows - 1) * _LEGEND_ROW_IN if rows > 0 else 0.0


def tick_labels_width_in(axis: Axis) -> float:
    """Width of the widest tick label of ``axis`` (its widest line; bold labels measured bold)."""
    widths = [
        text_width_in(line, bold=label.get_fontweight() in ("bold", 700))
        for label in axis.get_majorticklabels()
        for line in label.get_text().split("\n")
    ]
    return max(widths, default=0.0) * _WIDTH_SLACK


def _tick_labels_lines(axis: Axis) -> int:
    return max(
        (label.get_text().count("\n") + 1 for label in axis.get_majorticklabels() if label.get_text()), default=0
    )


def _tick_length_in(axis: Axis, side: str) -> float:
    return axis.get_tick_params(which="major").get(side, False) * 4 / 72


def _ticks_in(axis: Axis, side: str) -> float:
    """Room that an axis' ticks and tick labels take beside the axes."""
    if side == "left":
        return tick_labels_width_in(axis) + TICK_PAD_IN + _tick_length_in(axis, side)
    return lines_height_in(_tick_labels_lines(axis)) + TICK_PAD_IN + _tick_length_in(axis, side)


def _label_in(text: str) -> float:
    return lines_height_in(text.count("\n") + 1) + _LABEL_PAD_IN if text else 0.0


def margins_in(ax: Axes, *, legend_rows: int = 0) -> tuple[float, float, float, float]:
    """Left, bottom, right and top margins in inches that the labels of ``ax`` (and a legend of ``legend_rows``
    rows beneath it) need."""
    left = PAD_IN + _ticks_in(ax.yaxis, "left") + _label_in(ax.get_ylabel())
    bottom = PAD_IN + _ticks_in(ax.xaxis, "bottom") + _label_in(ax.get_xlabel())
    if legend_rows:
        bottom += legend_height_in(legend_rows) + 0.12
    x_labels = [t.get_text() for t in ax.xaxis.get_majorticklabels()]
    overhang = max((text_width_in(t) for t in x_labels[-1:]), default=0.0) * _WIDTH_SLACK / 2
    right = PAD_IN + max(overhang, 0.1)
    title = ax.get_title(loc="left")
    top = PAD_IN + (lines_height_in(title.count("\n") + 1) + TITLE_PAD_IN if title else LINE_IN / 2)
    return left, bottom, right, top


def fit(fig: Figure, ax: Axes, *, plot_height_in: float, legend: Sequence[Artist] = ()) -> None:
    """Give ``fig`` the height that ``ax`` (its plotting area ``plot_height_in`` high) and its labels need, place
    ``ax`` inside it and put a legend of the ``legend`` handles beneath, one entry per row, at the left."""
    left, bottom, right, top = margins_in(ax, legend_rows=len(legend))
    height = round(top + plot_height_in + bottom, 2)
    fig.set_size_inches(WIDTH_IN, height)
    ax.set_position((left / WIDTH_IN, bottom / height, 1 - (left + right) / WIDTH_IN, plot_height_in / height))
    if legend:
        place_legend(fig, legend)


def place_legend(fig: Figure, handles: Sequence[Artist]) -> None:
    """A legend at the bottom left of the figure, one entry per row."""
    width, height = fig.get_size_inches()
    fig.legend(
        handles=list(handles),
        loc="lower left",
        bbox_to_anchor=(PAD_IN / width, PAD_IN / height),
        borderpad=0,
        borderaxespad=0,
        ncols=1,
    )


def render(fig: Figure) -> bytes:
    """The figure as SVG bytes, identical on every run for the same figure: text as text, no metadata, clip-path
    ids from a fixed hash salt. Vector graphics stay crisp at any width and are drawn faster than a PNG (no
    rasterising, no compression)."""
    FigureCanvasSVG(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata=_NO_METADATA)
    # the figure is not registered with pyplot: the garbage collector frees it with its last reference (clearing
    # it here would rebuild every axes' ticks first)
    return buffer.getvalue()


def make_chart(
    draw: Callable[[], tuple[Figure, pd.DataFrame]], *, title: str, alt: str, source: str, note: str
) -> Chart:
    """Draw and render inside the house style (rcParams are read both when drawing and when saving)."""
    with house_style():
        fig, table = draw()
        svg = render(fig)
    return Chart(title=title, alt=alt, source=source, table=table, svg=svg, note=note)


# --- Text widths ------------------------------------------------------------------------------------------------

_TEXT_TO_PATH = TextToPath()


@lru_cache(maxsize=4096)
def text_width_in(text: str, *, bold: bool = False) -> float:
    """Width in inches of one line of ``text`` at :data:`FONT_PT` in DejaVu Sans (as matplotlib lays it out)."""
    prop = FontProperties(family="DejaVu Sans", size=FONT_PT, weight="bold" if bold else "normal")
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return width / 72


def wrap_to_width(text: str, width_in: float, *, bold: bool = False) -> str:
    """``text`` broken into lines no wider than ``width_in`` at :data:`FONT_PT`: at spaces, after a hyphen or a
    slash; a word wider than the line is cut, with a hyphen at the end of the cut."""
    words: list[str] = []
    for piece in re.findall(r"[^\s/-]+[/-]?|[/-]", text):
        while text_width_in(piece, bold=bold) > width_in and len(piece) > 1:
            fitting = [i for i in range(1, len(piece)) if text_width_in(piece[:i] + "-", bold=bold) <= width_in]
            syllables = [i for i in fitting if i in _syllable_cuts(piece)]
            cut = max(syllables or fitting or [1])
            words.append(piece[:cut] + "-")
            piece = piece[cut:]
        words.append(piece)
    lines: list[str] = []
    for word in words:
        glue = "" if lines and lines[-1][-1:] in "-/" else " "
        if lines and text_width_in(lines[-1] + glue + word, bold=bold) <= width_in:
            lines[-1] = lines[-1] + glue + word
        else:
            lines.append(word)
    return "\n".join(lines)


_VOWELS = frozenset("aeiouäöüyAEIOUÄÖÜY")
#: Letter groups that are one sound and move to the next syllable together.
_SOUNDS = ("sch", "ch", "ck", "ph", "th", "pf", "qu")


def _syllable_cuts(word: str) -> frozenset[int]:
    """Positions where the basic German rule may hyphenate ``word``: of the consonants between two vowels the last
    sound goes to the next syllable ("Ge-biet", "hin-ter", "Migrations-hintergrund", "Gemeinschafts-schule"),
    with an "l" or "r" after a plosive or fricative ("Mi-gra-tion", "-pflichtig"); "sch", "ch", "ck", "ph", "th",
    "pf" and "qu" count as one sound; at least two letters stay on each side. A
    heuristic for words too wide for a line, not a dictionary (it misses joints before a vowel: "Auslände-ranteil")."""
    cuts = set()
    for match in re.finditer(r"(?<=[aeiouäöüy])[^aeiouäöüy]+(?=[aeiouäöüy])", word, flags=re.IGNORECASE):
        cluster, position = match.group().lower(), match.start()
        last = _last_sound(cluster)
        if cluster[last:] in ("l", "r") and last > 0:  # "gr", "pfl", "schr" begin a syllable together
            before = _last_sound(cluster[:last])
            if cluster[before] in "bpdtgkfv" or cluster[before:last] in ("sch", "ch"):
                last = before
        if 2 <= position + last <= len(word) - 2:
            cuts.add(position + last)
    return frozenset(cuts)


def _last_sound(cluster: str) -> int:
    """Where the last sound of a consonant cluster begins."""
    return next((len(cluster) - len(s) for s in _SOUNDS if cluster.endswith(s)), len(cluster) - 1)


# --- Words and numbers ------------------------------------------------------------------------------------------


def default_decimals(unit: str) -> int:
    return 0 if unit in ("persons", "dwellings") else 1


def unit_word(unit: str, *, dative: bool = False) -> str:
    """The plural unit word as format_value_de writes it ("%", "Personen"; "Prozentpunkten" in the dative)."""
    return format_value_de(2, unit, 0, dative=dative).partition(" ")[2]


def axis_label(unit: str) -> str:
    word = unit_word(unit, dative=True)
    return f"in {word}" if word else ""


def bar_label(value: float, unit: str, decimals: int) -> str:
    """A value at its bar: with "%", else the number alone (the unit word is on the axis)."""
    return format_value_de(value, unit, decimals) if unit == "percent" else format_number_de(value, decimals)


def shown(value: float, unit: str, decimals: int, marker: str = "") -> str:
    """A value with its unit; else the official marker ("."), else "keine Daten"."""
    if pd.isna(value):
        return marker or NO_DATA
    return format_value_de(value, unit, decimals)


def number(value: float, decimals: int, marker: str = "") -> str:
    """A number without unit; else the official marker, else "keine Daten"."""
    return (marker or NO_DATA) if pd.isna(value) else format_number_de(value, decimals)


def capitalised(text: str) -> str:
    """The text with its first letter upper-case and the rest unchanged (unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def join(words: Sequence[str]) -> str:
    """ "A", "A und B", "A, B und C"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} und {words[-1]}"


def extremes(values: pd.Series, unit: str, decimals: int) -> str:
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
        f"höchster Wert: {join(highest)} {format_value_de(top, unit, decimals)}; "
        f"niedrigster: {join(lowest)} {format_value_de(bottom, unit, decimals)}"
    )


def date_label(date: str) -> str:
    """ "2022" stays "2022"; "2022-05-15" becomes "15.05.2022"."""
    match = _DATE.match(date)
    if match is None:
        raise ValueError(f"dates must be ISO strings YYYY or YYYY-MM-DD, got {date!r}")
    year, month, day = match.groups()
    return year if month is None else f"{day}.{month}.{year}"


def span(labels: Sequence[str]) -> str:
    return labels[0] if labels[0] == labels[-1] else f"{labels[0]} bis {labels[-1]}"


# --- Official markers of missing cells --------------------------------------------------------------------------


def marker_of(value: object, flag: object = "") -> str:
    """The official marker to show for a missing value ("." for a secret one), or "" (a number, or missing without
    a marker: "keine Daten"). ``value`` may itself be the marker (a cell of a wide table)."""
    if isinstance(value, str):
        if value not in OFFICIAL_MARKERS:
            raise ValueError(f"a cell holds {value!r}: expected a number, NaN or one of {sorted(OFFICIAL_MARKERS)}")
        return value
    if pd.isna(value) and isinstance(flag, str) and flag in OFFICIAL_MARKERS:
        return flag
    return ""


def split_cells(frame: pd.DataFrame, what: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A wide table whose cells are numbers, NaN or official markers → (numbers with NaN, markers with "")."""
    try:
        markers = frame.map(marker_of)
    except ValueError as error:
        raise ValueError(f"{what}: {error}") from None
    numbers = frame.map(lambda v: np.nan if isinstance(v, str) else v)
    try:
        numbers = numbers.apply(pd.to_numeric).astype("float64")
    except (TypeError, ValueError) as error:
        raise ValueError(f"{what}: cells must be numbers, NaN or official markers ({error})") from None
    return numbers, markers


def marker_legend(markers: Iterable[str]) -> str:
    """ "Zeichen: „.“ = Zahlenwert unbekannt oder geheim zu halten." for the markers that occur, or ""."""
    used = [m for m in OFFICIAL_MARKERS if m in set(markers)]
    if not used:
        return ""
    return "Zeichen: " + "; ".join(f"„{m}“ = {OFFICIAL_MARKERS[m]}" for m in used) + "."


def missing_name(name: str, marker: str) -> str:
    """ "Wurmberg (keine Daten)" or "Ausländer 75 Jahre und älter („.“)"."""
    return f"{name} („{marker}“)" if marker else f"{name} ({NO_DATA})"


# --- Checks -----------------------------------------------------------------------------------------------------


def check_values(values: pd.Series, what: str) -> pd.Series:
    if values.empty:
        raise ValueError(f"{what}: no values to plot")
    if not values.index.is_unique:
        duplicated = sorted({str(k) for k in values.index[values.index.duplicated()]})
        raise ValueError(f"{what}: one value per area needed; {', '.join(duplicated)} occur more than once")
    numbers = pd.to_numeric(values).astype("float64")
    numbers.index = numbers.index.map(str)
    return numbers


def check_frame(frame: pd.DataFrame, columns: Sequence[str], what: str, optional: Sequence[str] = ()) -> pd.DataFrame:
    """The ``columns`` (and those of ``optional`` that exist) of ``frame``; ``value`` as float, the others as
    strings."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: columns {missing} missing; expected {list(columns)}, got {list(frame.columns)}")
    if frame.empty:
        raise ValueError(f"{what}: no rows to plot")
    checked = frame.loc[:, [*columns, *(c for c in optional if c in frame.columns)]].copy()
    checked["value"] = pd.to_numeric(checked["value"]).astype("float64")
    for column in checked.columns:
        if column != "value":
            checked[column] = checked[column].fillna("").astype(str)
    return checked


def check_wide(frame: pd.DataFrame, what: str, *, columns: int | tuple[int, int]) -> pd.DataFrame:
    """A wide table (rows: categories, columns: series) with unique labels and the given number of columns."""
    low, high = (columns, columns) if isinstance(columns, int) else columns
    if frame.empty or frame.shape[1] == 0:
        raise ValueError(f"{what}: no rows to plot")
    if not low <= frame.shape[1] <= high:
        expected = str(low) if low == high else f"{low} to {high}"
        raise ValueError(f"{what}: {expected} columns needed, got {list(frame.columns)}")
    for labels, kind in ((frame.index, "row"), (frame.columns, "column")):
        if not labels.is_unique:
            raise ValueError(f"{what}: {kind} labels must be unique, got {list(labels)}")
    checked = frame.copy()
    checked.index = checked.index.map(str)
    checked.columns = checked.columns.map(str)
    return checked


def names(highlight: str | Iterable[str]) -> list[str]:
    """Highlighted names, sorted as in a German index; a single name may be given as a string."""
    return sorted({highlight} if isinstance(highlight, str) else set(highlight), key=sort_key_de)


def check_highlight(highlight: Iterable[str], known: pd.Index, what: str) -> None:
    unknown = sorted(set(highlight) - set(known))
    if unknown:
        raise ValueError(f"{what}: highlighted {unknown} not among the areas {list(known)}")


# --- Drawing helpers --------------------------------------------------------------------------------------------


def no_data(ax: Axes) -> None:
    ax.text(0.5, 0.5, capitalised(NO_DATA), transform=ax.transAxes, ha="center", va="center")


def bold_labels(ax: Axes, highlight: Iterable[str]) -> None:
    marked = set(highlight)
    for label in ax.get_yticklabels():
        if label.get_text() in marked:
            label.set_fontweight("bold")


def rectangles(
    ax: Axes,
    positions: np.ndarray,
    lengths: np.ndarray,
    thickness: float,
    *,
    colours: str | Sequence[str] = TEXT,
    vertical: bool = False,
    outline: bool = False,
    label: str | None = None,
) -> PolyCollection:
    """Bars from zero to ``lengths`` at ``positions`` (y for horizontal bars, x for vertical ones), ``thickness``
    wide, as one collection: one artist for all bars instead of a patch each (a patch costs about as much to
    create and draw as a whole collection). NaN lengths get no bar. ``outline`` draws only the edges (in TEXT)."""
    present = ~np.isnan(lengths)
    half = thickness / 2
    corners = [
        [(p - half, 0.0), (p + half, 0.0), (p + half, v), (p - half, v)]
        if vertical
        else [(0.0, p - half), (v, p - half), (v, p + half), (0.0, p + half)]
        for p, v in zip(positions[present], lengths[present], strict=True)
    ]
    if isinstance(colours, str):
        faces: str | list[str] = colours
    else:
        faces = [c for c, keep in zip(colours, present, strict=True) if keep]
    collection = PolyCollection(
        corners,
        facecolors="none" if outline else faces,
        edgecolors=TEXT if outline else "none",
        linewidths=1.1 if outline else 0.0,
        label=label,
    )
    ax.add_collection(collection, autolim=False)
    return collection


def barh(ax: Axes, labels: Sequence[str], values: np.ndarray, colours: Sequence[str]) -> None:
    """Horizontal bars, first label on top; NaN values get no bar."""
    positions = np.arange(len(labels))
    rectangles(ax, positions, values, 0.7, colours=colours)
    ax.set_yticks(positions, labels=list(labels))
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    german_ticks(ax.xaxis)


def limits(values: Iterable[float], room: float) -> tuple[float, float]:
    """Axis limits including 0 and every value, with ``room`` (a fraction of the range) beyond the ends."""
    present = [v for v in values if math.isfinite(v)]
    low, high = min([0.0, *present]), max([0.0, *present])
    if low == high:  # no values, or all zero: a unit scale rather than an empty one
        return 0.0, 1.0
    extent = high - low
    return (low - room * extent if low < 0 else 0.0, high + room * extent if high > 0 else 0.0)


def room_for(labels: Iterable[str], axes_width_in: float) -> float:
    """The fraction of an axis of ``axes_width_in`` that the widest of ``labels`` (with a space either side)
    needs beyond the end of a bar."""
    widest = max((text_width_in(f" {label} ") for label in labels), default=0.0) * _WIDTH_SLACK
    return min(widest / max(axes_width_in - widest, 0.5), 1.0)


def label_column_in(labels: Iterable[str], *, bold: bool = False) -> float:
    """Width in inches of a column of y tick labels beside the axes: the widest line of any label, the tick padding
    and the figure's margin."""
    lines = [line for label in labels for line in str(label).split("\n")]
    return max((text_width_in(line, bold=bold) for line in lines), default=0.0) * _WIDTH_SLACK + PAD_IN + TICK_PAD_IN
