"""Maps of the Kreis' municipalities from the BKG outlines: a choropleth of one indicator and a locator map.

This module owns how a map is drawn; everything else comes from :mod:`.charts` (house style, SVG rendering,
:class:`~.charts.Chart` with title, alt text, source line, note and data table). Geometries are the areas of the
raw extract ``bkg_vg5000_2021-01-01.geojson`` (:func:`load_geometries`, checksum verified), joined to values by
AGS: a municipality without an outline is an error naming it, never silently left out.

Classes of a choropleth are equal intervals of a "nice" width (1, 2, 2,5 or 5 times a power of ten), at most
``classes`` of them, starting at a multiple of the width: easy to read, stated in the legend with the unit, and
the same for everyone who redraws the map (quantile breaks would move with every update of the data). The
palette is ColorBrewer's YlGnBu, sequential and safe for colour-blind readers; municipalities without a value
are hatched and named in the note. The attribution the licence asks for is on the map and in the source line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from ..core.german import format_number_de, sort_key_de
from ..core.paths import RAW_DIR
from ..core.provenance import GEOMETRY_SUFFIX, verify_extract
from ..data.datasets import data_state
from ..sources.bkg import ATTRIBUTION, SOURCE_ID, Area, read_geometries
from .charts.core import (
    ACCENT,
    MUTED,
    NEUTRAL,
    NO_DATA,
    TEXT,
    WIDTH_IN,
    Chart,
    check_values,
    default_decimals,
    join,
    make_chart,
    margins_in,
    new_figure,
    place_legend,
    shown,
    unit_word,
)

#: ColorBrewer YlGnBu for 1 to 5 classes (sequential, colour-blind safe).
PALETTES = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
}
_NICE = (1.0, 2.0, 2.5, 5.0)
_BACKGROUND = "#F0F0F0"
_EDGE = "white"
#: A white box behind text on the map, so that it stays readable over any fill.
_TEXT_BOX = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.5}


def load_geometries(raw_dir: Path = RAW_DIR) -> Mapping[str, Area]:
    """The outlines of the raw folder's BKG extract by AGS, after checking it against its sidecar and manifest;
    read once per state of the raw data within a process (shared: only read them)."""
    return _geometries(Path(raw_dir), data_state(raw_dir))


@lru_cache(maxsize=2)
def _geometries(raw_dir: Path, state: str) -> Mapping[str, Area]:
    path = raw_dir / f"{SOURCE_ID}{GEOMETRY_SUFFIX}"
    verify_extract(path)
    return MappingProxyType(read_geometries(path))


def class_breaks(values: Iterable[float], classes: int = 5) -> list[float]:
    """Equal intervals of the narrowest nice width that covers the values in at most ``classes`` classes; the
    breaks run from a multiple of the width at or below the minimum to one above the maximum."""
    present = [v for v in values if not pd.isna(v)]
    if not present:
        return []
    low, high = min(present), max(present)
    if not 1 <= classes <= max(PALETTES):
        raise ValueError(f"classes must be 1 to {max(PALETTES)}, got {classes}")
    span = high - low if high > low else max(abs(high), 1.0)  # one value: classes around it
    exponent = math.floor(math.log10(span / classes))
    for power in (exponent, exponent + 1, exponent + 2):
        for nice in _NICE:
            width = nice * 10.0**power
            start = math.floor(round(low / width, 9)) * width  # rounded: 0.3 / 0.1 is 2.9999999999999996
            count = math.floor(round((high - start) / width, 9)) + 1
            if count <= classes:
                return [round(start + i * width, 10) for i in range(count + 1)]
    raise AssertionError("unreachable: a width of 10 times the span covers every value")


def class_labels(breaks: Sequence[float], unit: str) -> list[str]:
    """ "5 bis unter 10 %" per class."""
    decimals = max((_decimals(b) for b in breaks), default=0)
    word = unit_word(unit)
    suffix = f" {word}" if word else ""
    return [
        f"{format_number_de(a, decimals)} bis unter {format_number_de(b, decimals)}{suffix}"
        for a, b in zip(breaks[:-1], breaks[1:], strict=True)
    ]


def _decimals(value: float) -> int:
    text = f"{value:.6f}".rstrip("0")
    return len(text.partition(".")[2])


def _class_of(value: float, breaks: Sequence[float]) -> int:
    return min(int(np.searchsorted(breaks, value, side="right")) - 1, len(breaks) - 2)


def _path(area: Area) -> MplPath:
    vertices, codes = [], []
    for ring in area.rings:
        vertices += [*ring, ring[0]]
        codes += [MplPath.MOVETO, *[MplPath.LINETO] * (len(ring) - 1), MplPath.CLOSEPOLY]
    return MplPath(np.asarray(vertices, dtype=float), codes)


def _bounds(areas: Iterable[Area]) -> tuple[float, float, float, float]:
    points = np.asarray([p for a in areas for ring in a.rings for p in ring], dtype=float)
    return points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max()


def _map_axes(fig: Figure, areas: Sequence[Area], geometries: Mapping[str, Area], legend_rows: int) -> Axes:
    """Axes of true aspect over ``areas`` (with a margin), the other Kreise in light grey behind them."""
    ax = fig.subplots()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    x0, y0, x1, y1 = _bounds(areas)
    margin = 0.03 * max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    kreise = [area for area in geometries.values() if area.level == "kreis"]
    for area in kreise:
        ax0, ay0, ax1, ay1 = _bounds([area])
        if ax0 <= x1 and ax1 >= x0 and ay0 <= y1 and ay1 >= y0:  # only the Kreise in view go into the SVG
            ax.add_patch(PathPatch(_path(area), facecolor=_BACKGROUND, edgecolor=_EDGE, linewidth=0.8, zorder=0))
    left, bottom, right, top = margins_in(ax, legend_rows=legend_rows)
    width = WIDTH_IN - left - right
    plot_height = width * (y1 - y0) / (x1 - x0)
    height = round(top + plot_height + bottom, 2)
    fig.set_size_inches(WIDTH_IN, height)
    ax.set_position((left / WIDTH_IN, bottom / height, width / WIDTH_IN, plot_height / height))
    ax.text(
        0.99, 0.01, ATTRIBUTION, transform=ax.transAxes, ha="right", va="bottom", color=MUTED, zorder=5, bbox=_TEXT_BOX
    )
    return ax


def _join(keys: Iterable[str], geometries: Mapping[str, Area], what: str) -> list[Area]:
    missing = [k for k in keys if k not in geometries or geometries[k].level != "gemeinde"]
    if missing:
        raise ValueError(
            f"{what}: no outline in the BKG boundaries ({SOURCE_ID}) for municipality(ies) {', '.join(missing)}; "
            "a municipality formed after 01.01.2021 needs newer boundaries"
        )
    return [geometries[k] for k in keys]


def plot_choropleth(
    values: pd.Series,
    geometries: Mapping[str, Area],
    *,
    title: str,
    unit: str,
    source: str,
    highlight: Iterable[str] = (),
    classes: int = 5,
    decimals: int | None = None,
) -> Chart:
    """A map of the municipalities in ``values`` (index: AGS; NaN = no value, hatched), coloured by class, the
    ``highlight`` municipalities (AGS) outlined; beneath it the legend of the classes with the unit, and as the
    data table every municipality with its AGS, value and class."""
    numbers = check_values(values, "plot_choropleth")
    areas = _join(numbers.index, geometries, "plot_choropleth")
    outlined = set(highlight)
    unknown = sorted(outlined - set(numbers.index))
    if unknown:
        raise ValueError(f"plot_choropleth: highlighted {unknown} are not among the mapped municipalities")
    places = decimals if decimals is not None else default_decimals(unit)
    breaks = class_breaks(numbers, classes)
    labels = class_labels(breaks, unit) if breaks else []
    colours = PALETTES[len(labels)] if labels else ()
    klass = {ags: (None if pd.isna(v) else _class_of(v, breaks)) for ags, v in numbers.items()}
    without = sorted((a.name for a in areas if klass[a.ags] is None), key=sort_key_de)

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = new_figure()
        handles = [Patch(facecolor=c, edgecolor=NEUTRAL, label=label) for c, label in zip(colours, labels, strict=True)]
        if without:
            handles.append(Patch(facecolor="white", edgecolor=NEUTRAL, hatch="////", label=NO_DATA))
        if outlined:
            handles.append(Patch(facecolor="none", edgecolor=TEXT, linewidth=2, label="Pilotkommune"))
        ax = _map_axes(fig, areas, geometries, len(handles))
        for area in areas:
            k = klass[area.ags]
            style = {"facecolor": "white", "hatch": "////"} if k is None else {"facecolor": colours[k]}
            ax.add_patch(PathPatch(_path(area), edgecolor=NEUTRAL, linewidth=0.6, zorder=1, **style))
        for area in areas:
            if area.ags in outlined:
                ax.add_patch(PathPatch(_path(area), facecolor="none", edgecolor=TEXT, linewidth=2, zorder=2))
        place_legend(fig, handles)
        ordered = sorted(areas, key=lambda a: sort_key_de(a.name))
        table = pd.DataFrame(
            {
                "Gemeindeschlüssel": [a.ags for a in ordered],
                "Gemeinde": [a.name for a in ordered],
                "Wert": [shown(numbers[a.ags], unit, places) for a in ordered],
                "Klasse": [NO_DATA if klass[a.ags] is None else labels[klass[a.ags]] for a in ordered],
            }
        )
        return fig, table

    note = f"Ohne Wert (schraffiert): {join(without)}." if without else ""
    counts = [sum(1 for k in klass.values() if k == i) for i in range(len(labels))]
    legend = "; ".join(f"{label}: {n} Gemeinde{'n' if n != 1 else ''}" for label, n in zip(labels, counts, strict=True))
    alt = f"Karte der {len(areas)} Gemeinden: {title}. Klassen gleicher Breite: {legend or NO_DATA}."
    if outlined:
        names = sorted((geometries[a].name for a in outlined), key=sort_key_de)
        alt += f" Umrandet: {join(names)}."
    if without:
        alt += f" {note}"
    return make_chart(draw, title=title, alt=alt, source=f"{source}; Karte: {ATTRIBUTION}", note=note)


def plot_locator(geometries: Mapping[str, Area], ags: str, *, title: str) -> Chart:
    """Where a municipality lies: the municipalities of its Kreis in grey, it in the accent colour with its name.
    A municipality that is a Kreis of its own (a Stadtkreis) is shown among the Kreise of its Land."""
    kreis = ags[:5]
    (area,) = _join([ags], geometries, "plot_locator")
    others = [a for key, a in sorted(geometries.items()) if a.level == "gemeinde" and key.startswith(kreis)]
    kreis_name = geometries[kreis].name if kreis in geometries else kreis
    among = f"den {len(others)} Gemeinden des Kreises {kreis_name}"
    if len(others) == 1:
        others = [a for key, a in sorted(geometries.items()) if a.level == "kreis" and key[:2] == ags[:2]]
        among = f"den {len(others)} Kreisen des Landes"

    def draw() -> tuple[Figure, pd.DataFrame]:
        fig = new_figure()
        ax = _map_axes(fig, others, geometries, 0)
        for other in others:
            colour = ACCENT if other.ags in (ags, kreis) else "#D9D9D9"
            ax.add_patch(PathPatch(_path(other), facecolor=colour, edgecolor=_EDGE, linewidth=0.8, zorder=1))
        x0, y0, x1, y1 = _bounds([area])
        ax.text(
            (x0 + x1) / 2,
            y1,
            area.name,
            ha="center",
            va="bottom",
            color=TEXT,
            fontweight="bold",
            zorder=6,
            bbox=_TEXT_BOX,
        )
        table = pd.DataFrame({"Gemeindeschlüssel": [area.ags], "Gemeinde": [area.name], "Kreis": [kreis_name]})
        return fig, table

    alt = f"Lagekarte: {area.name} (hervorgehoben) unter {among}."
    return make_chart(
        draw,
        title=title,
        alt=alt,
        source=f"Quelle: Verwaltungsgebiete 1:5 000 000 (VG5000), Stand 01.01.2021; {ATTRIBUTION}",
        note="",
    )
