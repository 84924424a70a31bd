"""Comparisons for the Steckbriefe: an area against its Kreis and Land, its rank among the Kreis' municipalities,
peers of similar size, change over time, and the German sentences that describe them.

This module owns the phrase tables (:data:`POINTS_BANDS` and :data:`SHARE_RATIO_BANDS` for shares,
:data:`RATIO_BANDS` for other levels, :data:`CHANGE_BANDS` for growth rates) and the rule that a change is never
computed across two measurement bases; numbers, dates and place phrases come from ``core.german``. Everything
here is a pure function of its arguments: no files, no configuration.

Conventions of the sentence functions:

- ``label`` is the indicator's German label in the nominative singular with its definite article, as it would
  begin a sentence: "der Ausländeranteil", "die Zahl der Arbeitslosen", "die ausländische Bevölkerung". The
  functions capitalise it and derive the other forms they need ("beim Ausländeranteil", "bei der ausländischen
  Bevölkerung", the pronoun "er"/"sie"/"es"). Plural labels ("die Einwohner") are not supported.
- ``area`` and ``reference`` in :func:`compare_sentence` and :func:`change_sentence` are place phrases as
  :func:`reference_phrase` makes them ("in Keltern", "im Enzkreis", "in Baden-Württemberg").
- Two shares (unit "percent") are compared by their difference in percentage points, never by a relative
  per cent; a ratio phrase ("etwa doppelt so hoch") replaces the difference only where the ratio is large.
- Words are chosen from the numbers as printed (rounded to ``decimals``), so a phrase never contradicts the
  figures next to it. Missing values, zero references and negative values give a sentence beginning
  "Kein Vergleich möglich", never an exception and never "nan".
- Numbers are rounded half away from zero ("kaufmännisch") and written German-style: "1.234", "13,7",
  "13,7 %"; negative numbers take the typographic minus sign "−" (U+2212), as in print.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

import numpy as np
import pandas as pd

from ..core.german import format_number_de, format_value_de, reference_phrase, round_half_up, short_place_name

_CLOSED = frozenset({"left", "right", "both", "neither"})


@dataclass(frozen=True)
class Band:
    """An interval of numbers; ``closed`` says which bounds belong to it, as in :class:`pandas.Interval`:
    "left" is [lower, upper), "right" (lower, upper], "both" [lower, upper], "neither" (lower, upper)."""

    lower: float
    upper: float
    closed: str = field(default="left", kw_only=True)

    def __post_init__(self) -> None:
        if self.closed not in _CLOSED:
            raise ValueError(f"closed must be one of {sorted(_CLOSED)}, got {self.closed!r}")
        if not self.lower < self.upper:
            raise ValueError(f"a band needs lower < upper, got {self.lower} and {self.upper}")

    def __contains__(self, x: float) -> bool:
        above = x >= self.lower if self.closed in ("left", "both") else x > self.lower
        below = x <= self.upper if self.closed in ("right", "both") else x < self.upper
        return above and below


@dataclass(frozen=True)
class RatioBand(Band):
    """A band of the ratio value / reference value and the phrase for it.

    Placeholders: ``{ref}`` the reference place ("im Enzkreis"); ``{pct}`` the distance of the ratio from 1 in
    per cent, rounded to the nearest 5; ``{times}`` the ratio rounded to a whole multiple, as a German word
    ("dreimal" … "zwölfmal", then "13-mal").
    """

    template: str


@dataclass(frozen=True)
class PointsBand(Band):
    """A band of the difference value − reference value of two shares, in percentage points, and its phrase.

    Placeholders: ``{ref}`` the reference place; ``{points}`` the size of the difference with its unit
    ("3,3 Prozentpunkte").
    """

    template: str


@dataclass(frozen=True)
class ChangeBand(Band):
    """A band of the difference area change − reference change, in percentage points, for two changes in the
    same direction: ``grown`` is the phrase when both grew, ``shrunk`` when both shrank."""

    grown: str
    shrunk: str


#: The phrases for ratio = value / reference value (both ≥ 0) of levels that are not shares (ages, densities,
#: counts); shares are compared in percentage points (:data:`POINTS_BANDS`). The bands cover [0, ∞) without gap or
#: overlap; "etwa gleich" is the closed band [0.95, 1.05], so ratios of exactly 0.95 and 1.05 count as "etwa gleich".
#: In the bands "niedriger" and "höher" the per cent lies between 5 and 40 after rounding (never 0).
RATIO_BANDS: tuple[RatioBand, ...] = (
    RatioBand(0.0, 0.4, "weniger als halb so hoch wie {ref}"),  # [0, 0.4)
    RatioBand(0.4, 0.6, "etwa halb so hoch wie {ref}"),  # [0.4, 0.6)
    RatioBand(0.6, 0.95, "rund {pct} % niedriger als {ref}"),  # [0.6, 0.95)
    RatioBand(0.95, 1.05, "etwa gleich hoch wie {ref}", closed="both"),  # [0.95, 1.05]
    RatioBand(1.05, 1.4, "rund {pct} % höher als {ref}", closed="neither"),  # (1.05, 1.4)
    RatioBand(1.4, 1.75, "rund anderthalbmal so hoch wie {ref}"),  # [1.4, 1.75)
    RatioBand(1.75, 2.5, "etwa doppelt so hoch wie {ref}"),  # [1.75, 2.5)
    RatioBand(2.5, math.inf, "etwa {times} so hoch wie {ref}"),  # [2.5, ∞)
)

#: The phrases for two shares (unit "percent") by their difference value − reference in percentage points. Within
#: ±0.5 points (bounds included) the shares count as "etwa gleich hoch": with one decimal, 0,5 points is the
#: largest difference that reads as the same level (13,7 % against 13,2 %), 0,6 points is named.
POINTS_BANDS: tuple[PointsBand, ...] = (
    PointsBand(-math.inf, -0.5, "um {points} niedriger als {ref}", closed="neither"),  # (−∞, −0.5)
    PointsBand(-0.5, 0.5, "etwa gleich hoch wie {ref}", closed="both"),  # [−0.5, 0.5]
    PointsBand(0.5, math.inf, "um {points} höher als {ref}", closed="neither"),  # (0.5, ∞)
)

_SAME_SHARE = POINTS_BANDS[1]

#: The ratio phrases that replace the difference of two shares where the ratio says more than the points: at most
#: 0.55 ("etwa halb so hoch" from 0.4) or at least 1.8 ("etwa doppelt so hoch" up to 2.5, then "dreimal" …).
#: Between 0.55 and 1.8 (both open) there is deliberately no band: there the difference in points is stated.
#: A difference inside the "etwa gleich hoch" band of :data:`POINTS_BANDS` wins over a ratio (0,4 % against
#: 0,2 % is "etwa gleich hoch", not "doppelt so hoch").
SHARE_RATIO_BANDS: tuple[RatioBand, ...] = (
    RatioBand(0.0, 0.4, "weniger als halb so hoch wie {ref}"),  # [0, 0.4)
    RatioBand(0.4, 0.55, "etwa halb so hoch wie {ref}", closed="both"),  # [0.4, 0.55]
    RatioBand(1.8, 2.5, "etwa doppelt so hoch wie {ref}"),  # [1.8, 2.5)
    RatioBand(2.5, math.inf, "etwa {times} so hoch wie {ref}"),  # [2.5, ∞)
)

#: The phrases for two changes in the same direction, by difference area − reference in percentage points.
#: Within ±0.5 points (bounds included) the changes count as "etwa so stark".
CHANGE_BANDS: tuple[ChangeBand, ...] = (
    # (−∞, −0.5)
    ChangeBand(-math.inf, -0.5, "schwächer gewachsen als {ref}", "stärker geschrumpft als {ref}", closed="neither"),
    # [−0.5, 0.5]
    ChangeBand(-0.5, 0.5, "etwa so stark gewachsen wie {ref}", "etwa so stark geschrumpft wie {ref}", closed="both"),
    # (0.5, ∞)
    ChangeBand(0.5, math.inf, "stärker gewachsen als {ref}", "schwächer geschrumpft als {ref}", closed="neither"),
)

#: Verbs of one change by its direction, for sentences where the two areas moved differently.
_DIRECTION_VERBS = {1: "gewachsen", -1: "geschrumpft", 0: "etwa gleich geblieben"}

_TIMES_WORDS = {
    3: "dreimal",
    4: "viermal",
    5: "fünfmal",
    6: "sechsmal",
    7: "siebenmal",
    8: "achtmal",
    9: "neunmal",
    10: "zehnmal",
    11: "elfmal",
    12: "zwölfmal",
}

#: Definite article of a label → (preposition "bei" with the dative article, personal pronoun).
_ARTICLES = {"der": ("beim", "er"), "die": ("bei der", "sie"), "das": ("beim", "es")}

_CHANGE_UNITS = ("percent", "percentage_points")

_B = TypeVar("_B", bound=Band)


def _shown(value: float | None, decimals: int) -> Decimal | None:
    """The value as it will be printed, or None where there is no number to print (None, NaN, NA, infinity)."""
    if value is None or pd.isna(value) or not math.isfinite(float(value)):
        return None
    return round_half_up(float(value), decimals)


# --- Labels ------------------------------------------------------------------------------------------


def _parse_label(label: str) -> tuple[str, str]:
    article, _, rest = label.strip().partition(" ")
    if article.lower() not in _ARTICLES or not rest.strip():
        raise ValueError(
            f"label {label!r} must begin with its definite article in the nominative singular "
            "(der/die/das), e.g. 'der Ausländeranteil'"
        )
    return article.lower(), rest.strip()


def _subject(label: str) -> str:
    """The label at the start of a sentence: "der Ausländeranteil" → "Der Ausländeranteil"."""
    article, rest = _parse_label(label)
    return f"{article.capitalize()} {rest}"


def _with_bei(label: str) -> str:
    """The label after "bei": "beim Ausländeranteil", "bei der ausländischen Bevölkerung".

    Attributive adjectives (lower-case words ending in "e" before the noun) take the dative ending "-n".
    """
    article, rest = _parse_label(label)
    words = rest.split()
    for i, word in enumerate(words):
        if not (word[:1].islower() and word.endswith("e")):
            break
        words[i] = word + "n"
    return f"{_ARTICLES[article][0]} {' '.join(words)}"


def _pronoun(label: str) -> str:
    return _ARTICLES[_parse_label(label)[0]][1]


# --- Ratio comparisons ------------------------------------------------------------------------------------------


def _band_of(bands: tuple[_B, ...], x: float) -> _B:
    for band in bands:
        if x in band:
            return band
    raise ValueError(f"{x} lies in no band of the phrase table")


def _times_word(times: int) -> str:
    return _TIMES_WORDS.get(times, f"{format_number_de(times)}-mal")


def _fill(band: RatioBand, ratio: float, reference: str) -> str:
    """The band's phrase with its placeholders filled for ``ratio`` (see :class:`RatioBand`)."""
    # round(…, 9) removes binary noise such as 7.499999999999996 for a ratio of 0.925 before rounding half up
    pct = 5 * math.floor(round(abs(ratio - 1) * 100, 9) / 5 + 0.5)
    times = math.floor(round(ratio, 9) + 0.5)
    return band.template.format(ref=reference, pct=pct, times=_times_word(times))


def ratio_phrase(ratio: float, reference: str) -> str:
    """The phrase of :data:`RATIO_BANDS` for ``ratio`` = value / reference value: "etwa halb so hoch wie im
    Enzkreis", "rund 10 % höher als in Baden-Württemberg", "etwa dreimal so hoch wie im Enzkreis".

    ``reference`` is a place phrase (:func:`reference_phrase`). The ratio must be a finite number ≥ 0
    (ValueError otherwise); per cents are rounded half up to the nearest 5, multiples half up to a whole number.
    """
    if not (math.isfinite(ratio) and ratio >= 0):
        raise ValueError(f"a ratio must be a finite number ≥ 0, got {ratio!r}")
    return _fill(_band_of(RATIO_BANDS, ratio), ratio, reference)


def points_difference(value: float | None, reference_value: float | None, decimals: int = 1) -> float:
    """The difference value − reference value of two shares in percentage points, taken of the two numbers as
    printed (rounded to ``decimals``), so that it agrees with them: 17,04 % against 13,66 % is 3,3 points
    (17,0 − 13,7), not 3,4. NaN where either value is missing."""
    shown, shown_ref = _shown(value, decimals), _shown(reference_value, decimals)
    if shown is None or shown_ref is None:
        return math.nan
    return float(shown - shown_ref)


def share_phrase(value: float, reference_value: float, reference: str, decimals: int = 1) -> str:
    """The phrase comparing two shares (in per cent, both ≥ 0) by :data:`POINTS_BANDS` and, where the ratio is
    large, :data:`SHARE_RATIO_BANDS`: "um 3,3 Prozentpunkte höher als im Enzkreis", "etwa gleich hoch wie im
    Enzkreis", "etwa doppelt so hoch wie im Enzkreis". Both values are taken as printed (``decimals``)."""
    shown, shown_ref = _shown(value, decimals), _shown(reference_value, decimals)
    if shown is None or shown_ref is None or shown < 0 or shown_ref < 0:
        raise ValueError(f"two shares ≥ 0 are needed, got {value!r} and {reference_value!r}")
    difference = float(shown - shown_ref)
    band = _band_of(POINTS_BANDS, difference)
    if band is _SAME_SHARE:
        return band.template.format(ref=reference)
    if shown_ref > 0:
        ratio = float(shown / shown_ref)
        ratio_band = next((b for b in SHARE_RATIO_BANDS if ratio in b), None)
        if ratio_band is not None:
            return _fill(ratio_band, ratio, reference)
    points = format_value_de(abs(difference), "percentage_points", decimals)
    return band.template.format(ref=reference, points=points)


def compare_sentence(
    label: str,
    area: str,
    value: float,
    reference_value: float,
    reference: str,
    unit: str,
    decimals: int = 1,
) -> str:
    """A sentence comparing a value with a reference value, with both numbers next to the words:

    "Der Ausländeranteil ist in Maulbronn um 3,3 Prozentpunkte höher als im Enzkreis (17,0 % gegenüber 13,7 %)."
    "Das Durchschnittsalter ist in Keltern etwa gleich hoch wie im Enzkreis (45,2 Jahre gegenüber 43,1 Jahren)."

    Shares (``unit`` "percent") are compared by :func:`share_phrase` (difference in percentage points, a ratio
    only where it is large); any other unit by the ratio (:data:`RATIO_BANDS`). Both are taken of the two numbers
    as printed (rounded to ``decimals``). Two zeros are "etwa gleich hoch". A missing value, a negative value or
    (except for shares) a reference of zero gives a sentence beginning "Kein Vergleich möglich: …" that still
    shows whatever number exists. ``unit`` as in :func:`format_value_de`.
    """
    subject = _subject(label)
    shown, shown_ref = _shown(value, decimals), _shown(reference_value, decimals)
    if shown is None and shown_ref is None:
        return f"Kein Vergleich möglich: {subject} ist weder {area} noch {reference} verfügbar."
    if shown is None:
        known = format_value_de(reference_value, unit, decimals)
        return f"Kein Vergleich möglich: {subject} ist {area} nicht verfügbar ({reference} {known})."
    if shown_ref is None:
        known = format_value_de(value, unit, decimals)
        return f"Kein Vergleich möglich: {subject} ist {reference} nicht verfügbar ({area} {known})."
    share = unit == "percent"
    if shown < 0 or shown_ref < 0 or (shown_ref == 0 and shown != 0 and not share):
        own, ref = format_value_de(value, unit, decimals), format_value_de(reference_value, unit, decimals)
        return f"Kein Vergleich möglich: {subject} beträgt {area} {own} und {reference} {ref}."
    if share:
        phrase = share_phrase(value, reference_value, reference, decimals)
    else:
        phrase = ratio_phrase(1.0 if shown_ref == 0 else float(shown / shown_ref), reference)
    own = format_value_de(value, unit, decimals)
    ref = format_value_de(reference_value, unit, decimals, dative=True)
    return f"{subject} ist {area} {phrase} ({own} gegenüber {ref})."


def _direction(change: Decimal) -> int:
    """1 for growth, −1 for shrinking, 0 for a change printed as zero."""
    return (change > 0) - (change < 0)


# --- Change comparisons -----------------------------------------------------------------------------------------


def change_sentence(
    label: str,
    area: str,
    change_pct: float,
    reference_change_pct: float,
    reference: str,
    decimals: int = 1,
    *,
    unit: str = "percent",
) -> str:
    """A sentence comparing two changes (which may be negative) by their difference, not their ratio:

    "Die Bevölkerung ist in Keltern stärker gewachsen als im Enzkreis (+3,2 % gegenüber +1,5 %)."
    "Die Bevölkerung ist in Keltern geschrumpft, während sie im Enzkreis gewachsen ist (−1,2 % gegenüber +0,8 %)."

    Two changes in the same direction are compared by :data:`CHANGE_BANDS`; changes in different directions
    are contrasted. A change printed as zero counts as "etwa gleich geblieben". ``unit`` is "percent" for
    relative changes or "percentage_points" for changes of a share. Missing values give a sentence beginning
    "Kein Vergleich möglich: …".
    """
    if unit not in _CHANGE_UNITS:
        raise ValueError(f"unit of a change must be one of {_CHANGE_UNITS}, got {unit!r}")
    subject = _subject(label)
    shown, shown_ref = _shown(change_pct, decimals), _shown(reference_change_pct, decimals)
    topic = f"Die Veränderung {_with_bei(label)}"
    if shown is None and shown_ref is None:
        return f"Kein Vergleich möglich: {topic} ist weder {area} noch {reference} verfügbar."
    if shown is None:
        known = format_value_de(reference_change_pct, unit, decimals, sign=True)
        return f"Kein Vergleich möglich: {topic} ist {area} nicht verfügbar ({reference} {known})."
    if shown_ref is None:
        known = format_value_de(change_pct, unit, decimals, sign=True)
        return f"Kein Vergleich möglich: {topic} ist {reference} nicht verfügbar ({area} {known})."
    own = format_value_de(change_pct, unit, decimals, sign=True)
    ref = format_value_de(reference_change_pct, unit, decimals, sign=True, dative=True)
    numbers = f"({own} gegenüber {ref})"
    direction, reference_direction = _direction(shown), _direction(shown_ref)
    if direction == reference_direction == 0:
        return f"{subject} ist {area} wie {reference} etwa gleich geblieben {numbers}."
    if direction != reference_direction:
        verb, reference_verb = _DIRECTION_VERBS[direction], _DIRECTION_VERBS[reference_direction]
        return f"{subject} ist {area} {verb}, während {_pronoun(label)} {reference} {reference_verb} ist {numbers}."
    band = _band_of(CHANGE_BANDS, float(shown - shown_ref))
    template = band.grown if direction > 0 else band.shrunk
    return f"{subject} ist {area} {template.format(ref=reference)} {numbers}."


@dataclass(frozen=True)
class Change:
    """The change of one quantity between two dates on one measurement basis."""

    start_date: str
    end_date: str
    basis: str
    start_value: float
    end_value: float
    #: end − start, in ``absolute_unit``
    absolute: float
    #: "percentage_points" for a share (unit "percent"), otherwise the unit of the values
    absolute_unit: str
    #: relative change in per cent; NaN for a share (its change is in percentage points) and from a start of 0
    percent: float


def compute_change(
    values_by_date: pd.Series,
    bases: Mapping[str, str] | pd.Series,
    unit: str,
    start: str | None = None,
    end: str | None = None,
) -> Change:
    """The change of a series between ``start`` and ``end`` (default: its first and last dates with a value).

    ``values_by_date`` has one value per date (index: dates as ISO strings, which sort in time); ``bases`` gives
    the measurement basis of each date (``basis`` of the tidy frame). A change between two different bases
    (Zensus 2011 basis vs Zensus 2022, census vs population update) raises ValueError: two bases are never one
    series. For a share (``unit == "percent"``) the change is in percentage points and ``percent`` is NaN. A
    missing value at an explicitly chosen date gives NaN changes.
    """
    if not values_by_date.index.is_unique:
        duplicated = sorted({str(d) for d in values_by_date.index[values_by_date.index.duplicated()]})
        raise ValueError(f"one value per date needed; {', '.join(duplicated)} occur more than once (select one basis)")
    values = pd.to_numeric(values_by_date).astype("float64")
    dated = values.dropna().sort_index()
    if (start is None or end is None) and len(dated) < 2:
        raise ValueError(f"a change needs values at two dates, got {len(dated)}")
    start = dated.index[0] if start is None else start
    end = dated.index[-1] if end is None else end
    for date in (start, end):
        if date not in values.index:
            raise KeyError(f"no value for date {date!r}; dates are {', '.join(map(str, sorted(values.index)))}")
        if date not in bases:
            raise ValueError(f"no basis given for date {date!r}")
    if not str(start) < str(end):
        raise ValueError(f"start {start!r} must come before end {end!r}")
    basis, end_basis = str(bases[start]), str(bases[end])
    if basis != end_basis:
        raise ValueError(
            f"cannot compute a change from {start} to {end}: the values come from different bases ({basis} and "
            f"{end_basis}), which are never one series; compare within one basis and show the break"
        )
    start_value, end_value = float(values[start]), float(values[end])
    share = unit == "percent"
    percent = math.nan if share or start_value == 0 else (end_value / start_value - 1) * 100
    return Change(
        start_date=str(start),
        end_date=str(end),
        basis=basis,
        start_value=start_value,
        end_value=end_value,
        absolute=end_value - start_value,
        absolute_unit="percentage_points" if share else unit,
        percent=percent,
    )


# --- Rank and peers ---------------------------------------------------------------------------------------------


def _check_index(series: pd.Series, key: str, what: str) -> None:
    if not series.index.is_unique:
        duplicated = sorted({str(k) for k in series.index[series.index.duplicated()]})
        raise ValueError(f"{what} must have one entry per area; {', '.join(duplicated)} occur more than once")
    if key not in series.index:
        raise KeyError(f"{key!r} is not among the {len(series)} areas of {what}")


def rank_among(values: pd.Series, key: str, higher_is_first: bool = True) -> tuple[int | None, int]:
    """The rank of ``key`` among the areas with a value, and how many areas have a value.

    Ranks are 1-based; ties share the lowest rank (10, 20, 20 → ranks 3, 1, 1 with ``higher_is_first``).
    Missing values (NaN, None) are not ranked: if ``key``'s value is missing the rank is None (the count is
    still returned). A ``key`` that is not in the index at all raises KeyError.
    """
    _check_index(values, key, "values")
    present = pd.to_numeric(values).astype("float64").dropna()
    if key not in present.index:
        return None, len(present)
    ranks = present.rank(method="min", ascending=not higher_is_first)
    return int(ranks[key]), len(present)


def rank_sentence(rank: int | None, n: int, label: str, area: str, kreis: str, higher_is_first: bool = True) -> str:
    """ "Keltern liegt beim Ausländeranteil auf Rang 20 von 28 Gemeinden im Enzkreis (Rang 1 = höchster Wert)."

    ``area`` is the municipality's name (a ", Stadt" suffix is dropped), ``kreis`` the Kreis' name; ``rank`` and
    ``n`` as :func:`rank_among` returns them. A rank of None says that the municipality has no rank.
    """
    place, topic, where = short_place_name(area), _with_bei(label), reference_phrase(kreis, "kreis")
    if rank is None:
        return f"{place} hat {topic} keinen Rang unter den Gemeinden {where}, weil kein Wert vorliegt."
    if not 1 <= rank <= n:
        raise ValueError(f"rank must lie between 1 and n = {n}, got {rank}")
    first = "höchster" if higher_is_first else "niedrigster"
    municipalities = "Gemeinde" if n == 1 else "Gemeinden"
    return (
        f"{place} liegt {topic} auf Rang {format_number_de(rank)} von {format_number_de(n)} {municipalities} "
        f"{where} (Rang 1 = {first} Wert)."
    )


def peers(populations: pd.Series, key: str, n: int = 5) -> list[str]:
    """The ``n`` areas whose population is closest to ``key``'s on a log scale, closest first, ``key`` excluded.

    Equal distances are ordered by the areas' keys, so the result does not depend on the order of the series.
    Areas without a positive population are left out; ``key`` itself needs one (ValueError otherwise).
    """
    if n < 0:
        raise ValueError(f"n must be ≥ 0, got {n}")
    _check_index(populations, key, "populations")
    sizes = pd.to_numeric(populations).astype("float64")
    own = sizes[key]
    if not own > 0:
        raise ValueError(f"the population of {key!r} must be a positive number, got {own}")
    others = sizes.drop(index=key)
    others = others[others > 0]
    # rounded so that distances equal in exact arithmetic (50 and 200 around 100) tie and fall back to the key
    distances = (np.log(others) - math.log(own)).abs().round(12)
    order = sorted(distances.index, key=lambda k: (distances[k], str(k)))
    return [str(k) for k in order[:n]]
