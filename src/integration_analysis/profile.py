"""The profile of one municipality: its key indicators next to the Kreis and the Land, with rank, comparison
sentence, reference date and flags. Used by ``integration-analysis show`` and the "Auf einen Blick" section of
the Steckbrief."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .compare import change_sentence, compare_sentence, format_date_de, format_value_de, rank_among, reference_phrase
from .disclosure import is_small_count
from .indicators import Indicator, load_registry
from .regions import Area, Region

#: The indicators of "Auf einen Blick", in order.
KEY_INDICATORS: tuple[str, ...] = (
    "population",
    "population_change_long",
    "foreigners_share_census_2022",
    "migration_background_share_census_2022",
    "female_share",
    "unemployed_foreigners_share",
    "foreigners_share_update",
)
CHANGE_UNITS = {"percent", "percentage_points"}
DECIMALS = {"persons": 0, "percent": 1, "percentage_points": 1}


@dataclass(frozen=True)
class Figure:
    """One indicator value, formatted for a report; ``shown`` is "." where disclosure control hides it."""

    value: float
    text: str
    date: str
    flag: str
    note: str


def is_change(spec: Indicator) -> bool:
    return spec.id.endswith(("_change", "_change_short", "_change_long"))


def format_indicator(spec: Indicator, value: float, *, min_count: int, numerator: float = np.nan) -> str:
    """The value as a report shows it: German number format, "." for a small count of persons or a share
    computed from one (DESIGN.md §4), "–" for a missing value."""
    if pd.isna(value):
        return "–"
    if is_small_count(value if spec.unit == "persons" else numerator, min_count):
        return "."
    sign = is_change(spec)
    return format_value_de(value, spec.unit, DECIMALS.get(spec.unit, 1), sign=sign)


def figure_of(table: pd.DataFrame, spec: Indicator, ags: str, min_count: int) -> Figure:
    """The indicator's value for one area, formatted and disclosure-checked."""
    rows = table[(table["indicator"] == spec.id) & (table["ags"] == ags) & (table["group"] == "total")]
    if rows.empty:
        return Figure(np.nan, "–", "", "missing", "")
    row = rows.iloc[0]
    text = format_indicator(spec, row["value"], min_count=min_count, numerator=row["numerator"])
    value = np.nan if text == "." else row["value"]
    return Figure(value, text, row["date"], row["flag"], row["note"])


def comparison(spec: Indicator, area: Area, own: Figure, reference: Figure, reference_area: Area) -> str:
    """The German sentence comparing ``area`` with ``reference_area`` for this indicator ("" for counts)."""
    if spec.unit == "persons":
        return ""
    here, there = reference_phrase(area.name, area.level), reference_phrase(reference_area.name, reference_area.level)
    decimals = DECIMALS.get(spec.unit, 1)
    if is_change(spec):
        period = format_date_de(own.date)
        sentence = change_sentence(spec.phrase, here, own.value, reference.value, there, decimals, unit=spec.unit)
        return f"{period}: {sentence}" if period else sentence
    if own.date and reference.date and own.date != reference.date:
        return f"Kein Vergleich: verschiedene Stichtage ({format_date_de(own.date)}, {format_date_de(reference.date)})."
    return compare_sentence(spec.phrase, here, own.value, reference.value, there, spec.unit, decimals)


def area_profile(
    table: pd.DataFrame, region: Region, area: Area, indicators: tuple[str, ...] = KEY_INDICATORS
) -> pd.DataFrame:
    """Key indicators of one municipality with Kreis and Land values, rank in the Kreis and a comparison."""
    registry = load_registry()
    rows = []
    for indicator_id in indicators:
        spec = registry[indicator_id]
        own = figure_of(table, spec, area.ags, region.min_count)
        kreis = figure_of(table, spec, region.kreis.ags, region.min_count)
        land = figure_of(table, spec, region.land.ags, region.min_count)
        municipal = table[
            (table["indicator"] == spec.id) & (table["area_level"] == "gemeinde") & (table["group"] == "total")
        ].set_index("ags")["value"]
        rank, ranked = rank_among(municipal, area.ags) if area.ags in municipal.index else (None, 0)
        if own.flag == "missing":
            sentence, land_sentence = own.note, ""
        else:
            sentence = comparison(spec, area, own, kreis, region.kreis)
            land_sentence = comparison(spec, area, own, land, region.land)
        rows.append(
            {
                "indicator": spec.id,
                "Kennzahl": spec.label,
                area.short_name: own.text,
                region.kreis.name: kreis.text,
                region.land.name: land.text,
                "Stand": format_date_de(own.date or kreis.date),
                "Rang": f"{rank} von {ranked}" if rank is not None and own.text != "." else "",
                "Vergleich": sentence,
                "Vergleich Land": land_sentence,
                "flag": own.flag,
            }
        )
    return pd.DataFrame(rows)
