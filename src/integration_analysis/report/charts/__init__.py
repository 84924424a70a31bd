"""Charts for the reports: the house style, the chart types and what travels with each chart.

This package owns how a chart looks (:func:`house_style`, the colours, one text size), how it is rendered (an
SVG that is byte-identical on every run) and what travels with it (:class:`Chart`: title, German alt text,
source line, an optional note and the data table shown beneath the image). Numbers are written with
:func:`~integration_analysis.core.german.format_number_de` and
:func:`~integration_analysis.core.german.format_value_de`;
``unit`` arguments take the same codes ("percent", "persons", "percentage_points", …) or a German unit text.

Modules: :mod:`.core` (style, sizes, rendering, :class:`Chart`, words and numbers, official markers),
:mod:`.bars` (comparison, ranking, grouped bars, small multiples), :mod:`.pyramid` (population pyramid),
:mod:`.over_time` (lines and columns on a true time axis).

Conventions:

- Figures are built with the object-oriented API (:class:`matplotlib.figure.Figure`), never with pyplot: nothing
  is registered with pyplot's figure manager, so no figure is left open, none is displayed twice in a notebook
  and processes running in parallel do not share state. Only :class:`Chart` is displayed (``_repr_html_``).
- The image is an SVG, shown through ``<img>`` (a document of its own, so ids never clash): vector graphics,
  crisp at any width; text stays text in DejaVu Sans (searchable; a viewer without it falls back to a narrower
  sans-serif). It is deterministic: fixed size (a function of the number of bars, rows or panels only), no
  metadata, clip-path ids from a fixed hash salt.
- Readable on a phone: every chart is :data:`WIDTH_IN` wide and all its text is :data:`FONT_PT`, so that shown at
  :data:`PHONE_WIDTH_PX` (the report's column on a 390 px screen) text is ≥ 10 px high (:func:`smallest_text_px`).
- The title and the source line are HTML text in the caption, not pixels in the image, so that they can be read
  aloud, searched and copied. Alt text is written from the data unless given.
- Missing values (NaN, or an official marker such as "." for a secret cell) are never drawn as zero: the bar is
  left out, and the alt text, note and table say "keine Daten" or give the marker with its meaning.
- Bars start at zero; lines over time too, or their axis is visibly broken. Time is a true time axis.
- Values on two measurement bases are never joined by one line (:func:`plot_series`).
"""

from .bars import REFERENCE_STYLES, plot_comparison, plot_grouped_bars, plot_ranking, plot_small_multiples
from .core import (
    ACCENT,
    FONT_PT,
    MIN_TEXT_PX,
    NEUTRAL,
    NO_DATA,
    PALETTE,
    PHONE_WIDTH_PX,
    WIDTH_IN,
    Chart,
    german_ticks,
    house_style,
    smallest_text_px,
)
from .over_time import BASIS_STYLES, plot_bars_over_time, plot_series
from .pyramid import plot_pyramid

__all__ = [
    "ACCENT",
    "BASIS_STYLES",
    "FONT_PT",
    "MIN_TEXT_PX",
    "NEUTRAL",
    "NO_DATA",
    "PALETTE",
    "PHONE_WIDTH_PX",
    "REFERENCE_STYLES",
    "WIDTH_IN",
    "Chart",
    "german_ticks",
    "house_style",
    "plot_bars_over_time",
    "plot_comparison",
    "plot_grouped_bars",
    "plot_pyramid",
    "plot_ranking",
    "plot_series",
    "plot_small_multiples",
    "smallest_text_px",
]
