"""The profile of one municipality: its key indicators next to the Kreis and the Land, with rank, comparison
sentence, reference date and flags. Used by ``integration-analysis show`` and the "Auf einen Blick" section of
the Steckbrief."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..core.german import format_date_de, format_value_de, reference_phrase
from ..core.schema import NO_VALUE
from ..data.regions import Area, Region
from .compare import change_sentence, compare_sentence, rank_among
from .disclosure import is_small_count
from .indicators import Indicator, load_registry

#: The indicators of "Auf einen Blick", in order.
KEY_INDICATORS: tuple[str, ...] = (
    "population",
    "population_change_long",
    "foreigners_share_census_2022",
    "foreigners_share_census_change",
    "migration_background_share_census_2022",
    "female_share",
    "employees_residence_foreigners_share",
    "unemployed_foreigners_share",
)
CHANGE_UNITS = {"percent", "percentage_points"}
DECIMALS = {"persons": 0, "percent": 1, "percentage_points": 1}
#: A share computed from fewer persons than this is shown with "wenige Fälle" and never ranked.
FEW_CASES = 20
#: A figure more than this many years older than the newest figure of its section is marked as older data and
#: neither ranked nor compared as if it were current.
OLD_DATA_YEARS = 5
FEW_CASES_NOTE = "wenige Fälle"
OLD_DATA_NOTE = "ältere Daten"


@dataclass(frozen=True)
class Figure:
    """One indicator value, formatted for a report; ``shown`` is "." where disclosure control hides it."""

    value: float
    text: str
    date: str
    flag: str
    note: str
    #: A share computed from fewer than ``FEW_CASES`` persons (shown, marked, never ranked).
    few_cases: bool = False


def reference_year(date: str) -> int | None:
    """The year a reference date stands for: "2015-12-31" → 2015, "2015/2016" and "2011-12-31/2016-12-31" → the
    later year; None for an empty date."""
    if not date:
        return None
    return int(date.split("/")[-1][:4])


def is_older_data(date: str, newest: str) -> bool:
    """True when ``date`` lies more than ``OLD_DATA_YEARS`` years before ``newest`` (the section's newest)."""
    own, latest = reference_year(date), reference_year(newest)
    return own is not None and latest is not None and latest - own > OLD_DATA_YEARS


def newest_date(dates: list[str]) -> str:
    """The newest of the reference dates (by the year they stand for); "" when there is none."""
    known = [d for d in dates if d]
    return max(known, key=lambda d: (reference_year(d), d)) if known else ""


def is_few_cases(spec: Indicator, denominator: float) -> bool:
    """A share (percent) whose denominator counts fewer than ``FEW_CASES`` persons."""
    return spec.unit == "percent" and bool(spec.denominator) and not pd.isna(denominator) and denominator < FEW_CASES


def is_change(spec: Indicator) -> bool:
    return spec.id.endswith(("_change", "_change_short", "_change_long"))


def format_indicator(spec: Indicator, value: float, *, min_count: int, numerator: float = np.nan) -> str:
    """The value as a report shows it: German number format, "." for a small count of persons or a share
    computed from one (docs/architecture.md §4), and also "." (``NO_VALUE``) for a missing value."""
    if pd.isna(value):
        return NO_VALUE
    if is_small_count(value if spec.unit == "persons" else numerator, min_count):
        return "."
    sign = is_change(spec)
    return format_value_de(value, spec.unit, DECIMALS.get(spec.unit, 1), sign=sign)


def figure_of(table: pd.DataFrame, spec: Indicator, ags: str, min_count: int) -> Figure:
    """The indicator's value for one area, formatted and disclosure-checked."""
    rows = table[(table["indicator"] == spec.id) & (table["ags"] == ags) & (table["group"] == "total")]
    return figure_from_row(rows.iloc[0] if len(rows) else None, spec, min_count)


def figure_from_row(row: Mapping[str, Any] | None, spec: Indicator, min_count: int) -> Figure:
    """The figure of one row of the indicator table (a Series or a record; ``None``: the area has no row, a
    missing value)."""
    if row is None:
        return Figure(np.nan, NO_VALUE, "", "missing", "")
    text = format_indicator(spec, row["value"], min_count=min_count, numerator=row["numerator"])
    value = np.nan if text == "." else row["value"]
    few = text != NO_VALUE and is_few_cases(spec, row["denominator"])
    if few:
        text = f"{text} ({FEW_CASES_NOTE})"
    return Figure(value, text, row["date"], row["flag"], row["note"], few)


def rankable_values(table: pd.DataFrame, spec: Indicator) -> pd.Series:
    """The municipal values of an indicator that may be ranked: shares from few cases are left out."""
    rows = table[(table["indicator"] == spec.id) & (table["area_level"] == "gemeinde") & (table["group"] == "total")]
    few = [is_few_cases(spec, d) for d in rows["denominator"]]
    return rows["value"].where(~pd.Series(few, index=rows.index, dtype=bool)).set_axis(rows["ags"].to_numpy())


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
    """Key indicators of one municipality with Kreis and Land values, rank in the Kreis and a comparison.

    A municipality that is a Kreis of its own (a Stadtkreis) is compared with the Land only, without a Kreis
    column or rank."""
    registry = load_registry()
    single = region.single_municipality
    chosen = table[table["indicator"].isin(indicators)]
    by_indicator = {indicator_id: rows for indicator_id, rows in chosen.groupby("indicator", sort=False)}
    totals: dict[tuple[str, str], dict] = {}
    for row in chosen[chosen["group"] == "total"].to_dict("records"):
        totals.setdefault((row["indicator"], row["ags"]), row)  # the first, as figure_of takes it
    empty = table.iloc[0:0]
    figures = []
    for indicator_id in indicators:
        spec = registry[indicator_id]
        own, kreis, land = (
            figure_from_row(totals.get((indicator_id, ags)), spec, region.min_count)
            for ags in (area.ags, region.kreis.ags, region.land.ags)
        )
        figures.append((spec, by_indicator.get(indicator_id, empty), own, kreis, land))
    newest = newest_date([(own.date or kreis.date).split("/")[-1] for _, _, own, kreis, _ in figures])
    out = []
    for spec, rows, own, kreis, land in figures:
        date = own.date or kreis.date
        older = is_older_data(date, newest)
        municipal = rankable_values(rows, spec)
        rank, ranked = rank_among(municipal, area.ags) if area.ags in municipal.index and not single else (None, 0)
        if own.flag == "missing":
            sentence, land_sentence = own.note, ""
        else:
            sentence = "" if single else comparison(spec, area, own, kreis, region.kreis)
            land_sentence = comparison(spec, area, own, land, region.land)
            sentence, land_sentence = (land_sentence, "") if single else (sentence, land_sentence)
            if older:
                prefix = f"Ältere Daten (Stand {format_date_de(date)}): "
                sentence, land_sentence = (prefix + s if s else s for s in (sentence, land_sentence))
        stand = format_date_de(date) + (f" ({OLD_DATA_NOTE})" if older else "")
        shown_rank = rank is not None and own.text != "." and not older and not own.few_cases
        out.append(
            {
                "indicator": spec.id,
                "Kennzahl": spec.label,
                area.short_name: own.text,
                region.kreis.name: kreis.text,
                region.land.name: land.text,
                "Stand": stand,
                "Rang": f"{rank} von {ranked}" if shown_rank else "",
                "Vergleich": sentence,
                "Vergleich Land": land_sentence,
                "flag": own.flag,
            }
        )
    frame = pd.DataFrame(out)
    return frame.drop(columns=[region.kreis.name, "Rang"]) if single else frame
