"""The indicators: the registry (``indicators.yaml``) and one pure function per indicator over the tidy frame.

``compute_indicators`` returns one row per indicator, area and group with the value, its numerator and
denominator, reference date, basis, source and reliability. An area where the indicator has no data gets a row
flagged ``missing`` with the reason in German: report code never meets a silent NaN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from ..core.german import format_number_de
from ..data.datasets import for_region
from ..data.regions import Region

#: Columns of the indicator table.
VALUE_COLUMNS: tuple[str, ...] = (
    "indicator",
    "ags",
    "area_name",
    "area_level",
    "group",
    "date",
    "value",
    "unit",
    "numerator",
    "denominator",
    "basis",
    "source_id",
    "row_source",
    "reliability",
    "flag",
    "note",
)

#: Joins the source ids of a value computed from two tables (``source_id`` "a+b").
SOURCE_SEPARATOR = "+"

#: Reliability of a value, as reports name it.
RELIABILITY = {
    "official": "amtlich",
    "sum": "amtlich (Summe der Gemeinden)",
    "computed": "eigene Berechnung aus amtlichen Zahlen",
    "derived": "abgeleitet (gewichtetes Mittel veröffentlichter Anteile)",
    "secondary": "Sekundärquelle",
    "copy": "amtlich, aus einer Kopie der Tabelle übertragen",
    "missing": "keine Daten",
}


@dataclass(frozen=True)
class Indicator:
    """One registry entry (see ``indicators.yaml`` for the meaning of each field)."""

    id: str
    label: str
    phrase: str
    topic: str
    definition: str
    numerator: str
    denominator: str | None
    unit: str
    direction: str
    sources: tuple[str, ...]
    levels: tuple[str, ...]
    relevance: str
    method: str
    pitfalls: tuple[str, ...] = ()
    missing: dict[str, str] = field(default_factory=dict)


@cache
def load_registry() -> dict[str, Indicator]:
    """The indicator registry, in the order of ``indicators.yaml``."""
    text = resources.files("integration_analysis.analysis").joinpath("indicators.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    registry = {}
    for key, entry in entries.items():
        registry[key] = Indicator(
            id=key,
            label=entry["label"],
            phrase=entry["phrase"],
            topic=entry["topic"],
            definition=entry["definition"],
            numerator=entry["numerator"],
            denominator=entry.get("denominator"),
            unit=entry["unit"],
            direction=entry["direction"],
            sources=tuple(entry.get("sources") or ()),
            levels=tuple(entry.get("levels") or ()),
            relevance=entry["relevance"],
            method=entry["method"],
            pitfalls=tuple(entry.get("pitfalls") or ()),
            missing=dict(entry.get("missing") or {}),
        )
    return registry


Function = Callable[["Data"], pd.DataFrame]
FUNCTIONS: dict[str, Function] = {}


def indicator(indicator_id: str) -> Callable[[Function], Function]:
    """Register the function that computes ``indicator_id``."""

    def register(func: Function) -> Function:
        FUNCTIONS[indicator_id] = func
        return func

    return register


class Data:
    """The tidy frame with the selections the indicator functions need, restricted to the region's areas.

    Rows are looked up by variable first (the frame split once by variable), so a selection scans only that
    variable's rows; the Land-wide selections are made when an indicator first asks for them."""

    def __init__(self, tidy: pd.DataFrame, region: Region) -> None:
        self.region = region
        self._all = tidy
        keys = [region.land.ags, region.kreis.ags, *region.municipality_keys]
        self.tidy = for_region(tidy[tidy["ags"].isin(keys)], region)
        self._by_variable = dict(tuple(self.tidy.groupby("variable", sort=False)))

    @cached_property
    def land_municipalities(self) -> pd.DataFrame:
        """Every municipality of the Land, for Land values derived from municipal ones."""
        return self._of_land("gemeinde")

    @cached_property
    def land_kreise(self) -> pd.DataFrame:
        """Every Kreis of the Land, for Land values summed from Kreis tables without a Land row."""
        return self._of_land("kreis")

    def _of_land(self, level: str) -> pd.DataFrame:
        rows = self._all[self._all["area_level"] == level]
        return rows[rows["ags"].str.startswith(self.region.land.ags)]

    def of_variable(self, variable: str) -> pd.DataFrame:
        """Every row of ``variable`` in the region."""
        return self._by_variable.get(variable, self.tidy.iloc[0:0])

    def select(
        self,
        variable: str,
        source: str | tuple[str, ...],
        *,
        date: str | None = None,
        group: str = "total",
        level: str | None = None,
    ) -> pd.DataFrame:
        """Rows of ``variable`` from sources whose id starts with ``source``, one per area (by ``ags``)."""
        t = self.of_variable(variable)
        rows = t[(t["group"] == group) & t["source_id"].str.startswith(source)]
        if date is not None:
            rows = rows[rows["date"] == date]
        if level is not None:
            rows = rows[rows["area_level"] == level]
        return rows

    def rows(self, variable: str, source: str | tuple[str, ...], *, date: str | None = None) -> pd.DataFrame:
        """Rows of ``variable`` in every group from sources whose id starts with ``source``."""
        t = self.of_variable(variable)
        rows = t[t["source_id"].str.startswith(source)]
        return rows if date is None else rows[rows["date"] == date]

    def dates(self, variable: str, source: str | tuple[str, ...], group: str = "total") -> list[str]:
        """The reference dates of ``variable`` in sources starting with ``source``, oldest first."""
        return sorted(set(self.select(variable, source, group=group)["date"]))


def _reliability(rows: pd.DataFrame, secondary_kind: str = "secondary") -> pd.Series:
    sources = rows["source_id"]
    out = pd.Series("official", index=rows.index)
    out[rows["method"] == "sum_of_municipalities"] = "sum"
    out[sources.str.startswith("compiled_")] = secondary_kind
    out[sources == "official_lookups"] = "copy"
    return out.map(RELIABILITY)


def _from_rows(rows: pd.DataFrame, **columns: object) -> pd.DataFrame:
    """Indicator rows from tidy rows: value as published, numerator = value for counts."""
    out = pd.DataFrame(
        {
            "ags": rows["ags"],
            "area_name": rows["area_name"],
            "area_level": rows["area_level"],
            "group": rows["group"],
            "date": rows["date"],
            "value": rows["value"],
            "basis": rows["basis"],
            "source_id": rows["source_id"],
            "row_source": rows["row_source"],
            "reliability": _reliability(rows),
            "flag": rows["flag"],
            "note": "",
        }
    )
    for name, value in columns.items():
        out[name] = value
    return out


def _count(data: Data, variable: str, source: str | tuple[str, ...], date: str, group: str = "total") -> pd.DataFrame:
    rows = data.select(variable, source, date=date, group=group)
    return _from_rows(rows, numerator=rows["value"], denominator=np.nan)


def _latest(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of the latest reference date that has at least one value."""
    dated = rows[rows["value"].notna()]
    return rows[rows["date"] == dated["date"].max()] if len(dated) else rows.iloc[0:0]


def _ratio(numerator: pd.DataFrame, denominator: pd.DataFrame, *, scale: float = 100.0) -> pd.DataFrame:
    """numerator/denominator × scale per area (tidy rows). A flagged part leaves the value missing (flag kept),
    except '-' (exactly zero): a zero numerator gives 0, a zero denominator the official 'x' (not sensible)."""
    keys = ["ags"]
    joined = numerator.merge(
        denominator[[*keys, "value", "flag", "date", "source_id"]], on=keys, suffixes=("", "_den"), how="inner"
    )
    part = joined["value"].where(joined["flag"] != "-", 0.0)
    whole = joined["value_den"].where(joined["flag_den"] != "-", 0.0)
    denominator_flag = joined["flag_den"].where(joined["flag_den"] != "-", "")
    flag = joined["flag"].where(~joined["flag"].isin(["", "-"]), denominator_flag)
    flag = flag.where(~((whole == 0) & (flag == "")), "x")
    out = _from_rows(joined, numerator=part, denominator=whole)
    out["group"] = "total"
    out["value"] = (part / whole * scale).where(flag.isin(["", "()"]))
    out["flag"] = flag
    out["reliability"] = RELIABILITY["computed"]
    out.loc[joined["source_id"] == "official_lookups", "reliability"] = RELIABILITY["copy"]
    return out


def _change(old: pd.DataFrame, new: pd.DataFrame, *, percent: bool) -> pd.DataFrame:
    """Change between two dates per area (tidy rows): in percent of the old value, or as a difference in
    percentage points. Refuses two different bases: a census and a population update are never one series."""
    if set(old["basis"]) != set(new["basis"]):
        raise ValueError(f"refusing to compute a change across bases {set(old['basis'])} → {set(new['basis'])}")
    joined = new.merge(old[["ags", "value", "date", "flag"]], on="ags", suffixes=("", "_old"), how="inner")
    difference = joined["value"] - joined["value_old"]
    flag = joined["flag"].where(joined["flag"] != "", joined["flag_old"])
    out = _from_rows(joined, numerator=difference, denominator=joined["value_old"] if percent else np.nan)
    out["value"] = (difference / joined["value_old"] * 100 if percent else difference).where(flag.isin(["", "()"]))
    out["flag"] = flag
    out["date"] = joined["date_old"] + "/" + joined["date"]
    out["reliability"] = RELIABILITY["computed"]
    return out


#: Share of the Land's population that municipalities with a published share must cover for a Land mean.
LAND_COVERAGE = 0.99


def _weighted_mean(shares: pd.DataFrame, population: pd.DataFrame, region: Region) -> pd.DataFrame:
    """Kreis and Land shares as population-weighted means of the municipal shares (derived values).

    The Kreis value needs a share for every one of its municipalities. The Land value is computed when the
    municipalities with a published share hold at least ``LAND_COVERAGE`` of its population (a few tiny
    municipalities are secret); the note names what is left out. Nothing is filled in.
    """
    municipal = shares[shares["area_level"] == "gemeinde"].merge(
        population[population["area_level"] == "gemeinde"][["ags", "value"]], on="ags", suffixes=("", "_pop")
    )
    rows = []
    for area in (region.kreis, region.land):
        part = municipal[municipal["ags"].str.startswith(area.ags)]
        known = part[part["value"].notna()]
        if area.level == "kreis":
            usable = len(known) == len(part) and set(part["ags"]) == set(region.municipality_keys)
        else:
            usable = len(part) > 0 and known["value_pop"].sum() >= LAND_COVERAGE * part["value_pop"].sum()
        if not usable:
            continue
        weights = known["value_pop"]
        left_out = part[part["value"].isna()]
        note = f"gewichtetes Mittel der Anteile von {len(known)} Gemeinden"
        if len(left_out):
            note += (
                f"; ohne {len(left_out)} Gemeinde(n) ohne veröffentlichten Anteil "
                f"({format_number_de(left_out['value_pop'].sum())} Einwohner)"
            )
        rows.append(
            {
                "ags": area.ags,
                "area_name": area.name,
                "area_level": area.level,
                "group": "total",
                "date": known["date"].iloc[0],
                "value": float((known["value"] * weights).sum() / weights.sum()),
                "numerator": np.nan,
                "denominator": float(weights.sum()),
                "basis": known["basis"].iloc[0],
                "source_id": known["source_id"].iloc[0],
                "row_source": "",
                "reliability": RELIABILITY["derived"],
                "flag": "",
                "note": note,
            }
        )
    return pd.DataFrame(rows)


def _published_share(data: Data, variable: str) -> pd.DataFrame:
    """A census share as published for municipalities, weighted means for Kreis and Land."""
    shares = data.select(variable, "zensus2022_gemeinden")
    population = data.select("population", "zensus2022_gemeinden", level="gemeinde")
    municipal = _from_rows(shares, numerator=np.nan)
    municipal = municipal.merge(population[["ags", "value"]].rename(columns={"value": "denominator"}), on="ags")
    municipal["note"] = "Zähler nicht veröffentlicht (nur der Anteil)"
    land = data.land_municipalities  # the Land's mean needs all its municipalities, not only the Kreis'
    census = land[land["source_id"] == "zensus2022_gemeinden"]
    derived = _weighted_mean(
        census[(census["variable"] == variable) & (census["group"] == "total")],
        census[(census["variable"] == "population") & (census["group"] == "total")],
        data.region,
    )
    return pd.concat([municipal, derived], ignore_index=True)


def _register_dates(data: Data) -> list[str]:
    return data.dates("population", "destatis_gv")


@indicator("population")
def population(data: Data) -> pd.DataFrame:
    return _count(data, "population", "destatis_gv", _register_dates(data)[-1])


@indicator("population_census_2022")
def population_census_2022(data: Data) -> pd.DataFrame:
    return _count(data, "population", "zensus2022_gemeinden", "2022-05-15")


def _change_between(data: Data, variable: str, source: str, old: str, new: str) -> pd.DataFrame:
    """Percentage change of ``variable`` (total) between two reference dates of one source."""
    return _change(data.select(variable, source, date=old), data.select(variable, source, date=new), percent=True)


def _female_share(data: Data, variable: str, source: str, date: str) -> pd.DataFrame:
    """Share of women in ``variable`` on ``date``."""
    return _ratio(data.select(variable, source, date=date, group="female"), data.select(variable, source, date=date))


@indicator("population_change_short")
def population_change_short(data: Data) -> pd.DataFrame:
    dates = _register_dates(data)
    return _change_between(data, "population", "destatis_gv", dates[-2], dates[-1])


@indicator("population_change_long")
def population_change_long(data: Data) -> pd.DataFrame:
    dates = _register_dates(data)
    return _change_between(data, "population", "destatis_gv", dates[0], dates[-1])


@indicator("female_share")
def female_share(data: Data) -> pd.DataFrame:
    return _female_share(data, "population", "destatis_gv", _register_dates(data)[-1])


@indicator("foreigners_share_census_2022")
def foreigners_share_census_2022(data: Data) -> pd.DataFrame:
    return _published_share(data, "foreigners_share")


@indicator("migration_background_share_census_2022")
def migration_background_share_census_2022(data: Data) -> pd.DataFrame:
    return _published_share(data, "migration_background_share")


@indicator("foreigners_share_update")
def foreigners_share_update(data: Data) -> pd.DataFrame:
    rows = data.select("foreigners_share", "official_lookups")
    latest = rows[rows["date"] == rows["date"].max()]
    return _from_rows(latest, numerator=np.nan, denominator=np.nan)


def _inkar_share_change(data: Data, years_back: int) -> pd.DataFrame:
    dates = data.dates("foreigners_share", "inkar_kreise")
    new_year = dates[-1]
    old_year = str(int(new_year) - years_back)
    old = data.select("foreigners_share", "inkar_kreise", date=old_year)
    new = data.select("foreigners_share", "inkar_kreise", date=new_year)
    return _change(old, new, percent=False)


@indicator("foreigners_share_change_short")
def foreigners_share_change_short(data: Data) -> pd.DataFrame:
    return _inkar_share_change(data, 1)


@indicator("foreigners_share_change_long")
def foreigners_share_change_long(data: Data) -> pd.DataFrame:
    return _inkar_share_change(data, 10)


def _lookup_dates(data: Data) -> list[str]:
    """Reference dates of the population update (31.12.) among the looked-up foreigner counts."""
    rows = data.select("foreigners", "official_lookups")
    return sorted(set(rows.loc[rows["basis"] == "update_census_2011", "date"]))


@indicator("foreigners")
def foreigners(data: Data) -> pd.DataFrame:
    return _count(data, "foreigners", "official_lookups", _lookup_dates(data)[-1])


@indicator("foreigners_change")
def foreigners_change(data: Data) -> pd.DataFrame:
    dates = _lookup_dates(data)
    return _change_between(data, "foreigners", "official_lookups", dates[0], dates[-1])


@indicator("foreigners_female_share")
def foreigners_female_share(data: Data) -> pd.DataFrame:
    return _female_share(data, "foreigners", "official_lookups", _lookup_dates(data)[-1])


@indicator("citizenship_groups")
def citizenship_groups(data: Data) -> pd.DataFrame:
    t = data.of_variable("foreigners")
    rows = t[(t["area_level"] == "land") & t["group"].str.startswith("citizenship_")]
    rows = rows[rows["unit"] == "persons"]
    if rows.empty:
        return pd.DataFrame(columns=list(VALUE_COLUMNS))
    latest = rows[rows["date"] == rows["date"].max()]
    best = latest.groupby(["source_id", "row_source"])["group"].nunique().idxmax()  # the fullest table
    chosen = latest[(latest["source_id"] == best[0]) & (latest["row_source"] == best[1])]
    return _from_rows(chosen.sort_values("value", ascending=False), numerator=chosen["value"], denominator=np.nan)


#: Unemployed persons by municipality: the BA's yearly files (2011–2015) and Regionalstatistik 13211 (2016);
#: both are the BA's yearly averages (one statistic), so one series.
UNEMPLOYED_SOURCES = ("ba_arbeitslose_gemeinden", "regionalstatistik_13211-01-03-5")


def _ba_year(data: Data) -> str:
    return data.dates("unemployed", UNEMPLOYED_SOURCES)[-1]


@indicator("unemployed_foreigners")
def unemployed_foreigners(data: Data) -> pd.DataFrame:
    return _count(data, "unemployed_foreigners", UNEMPLOYED_SOURCES, _ba_year(data))


@indicator("unemployed_foreigners_share")
def unemployed_foreigners_share(data: Data) -> pd.DataFrame:
    year = _ba_year(data)
    part = data.select("unemployed_foreigners", UNEMPLOYED_SOURCES, date=year)
    total = data.select("unemployed", UNEMPLOYED_SOURCES, date=year)
    return _ratio(part, total)


@indicator("sgb2_foreigners_share")
def sgb2_foreigners_share(data: Data) -> pd.DataFrame:
    rows = data.select("sgb2_recipients_foreigners_share", "official_lookups")
    return _from_rows(rows, numerator=np.nan, denominator=np.nan)


@indicator("unemployment_rate")
def unemployment_rate(data: Data) -> pd.DataFrame:
    rows = data.select("inkar_unemployment_rate", "inkar_kreise")
    rows = rows[rows["value"].notna()]
    latest = rows[rows["date"] == rows["date"].max()]
    return _from_rows(latest, numerator=np.nan, denominator=np.nan)


def _latest_secondary(data: Data, variable: str) -> pd.DataFrame:
    rows = data.select(variable, "compiled_kreis_integration")
    rows = rows[rows["unit"] == "persons"]
    latest = rows.sort_values("date").groupby("ags").tail(1)
    return _from_rows(latest, numerator=latest["value"], denominator=np.nan)


@indicator("asylum_admissions")
def asylum_admissions(data: Data) -> pd.DataFrame:
    return _latest_secondary(data, "asylum_admissions_kreis")


@indicator("refugees_provisional_accommodation")
def refugees_provisional_accommodation(data: Data) -> pd.DataFrame:
    return _latest_secondary(data, "refugees_vorlaeufige_unterbringung")


@indicator("naturalisation_rate")
def naturalisation_rate(data: Data) -> pd.DataFrame:
    rows = data.select("naturalisation_rate_5yr", "compiled_kreis_integration")
    by_date = rows.groupby("date")["ags"].nunique()
    common = by_date[by_date == by_date.max()].index.max()  # the latest period with the most areas
    chosen = rows[rows["date"] == common]
    return _from_rows(chosen, numerator=np.nan, denominator=np.nan)


# ---- Zensus 2011 and the change to the Zensus 2022 ----------------------------------------------------------

CENSUS_2011 = "2011-05-09"
CENSUS_2011_SOURCE = "regionalstatistik_12111-01-01-5"
CENSUS_AGE_SOURCE = "regionalstatistik_12111-02-01-5"
#: Zensus 2011 and Zensus 2022 are one measurement (a census) at two dates: the only pair of bases across which a
#: change is computed.
CENSUS_BASES = frozenset({"census_2011", "census_2022"})


@indicator("population_census_2011")
def population_census_2011(data: Data) -> pd.DataFrame:
    return _count(data, "population", CENSUS_2011_SOURCE, CENSUS_2011)


@indicator("foreigners_census_2011")
def foreigners_census_2011(data: Data) -> pd.DataFrame:
    return _count(data, "foreigners", CENSUS_2011_SOURCE, CENSUS_2011)


@indicator("foreigners_share_census_2011")
def foreigners_share_census_2011(data: Data) -> pd.DataFrame:
    return _ratio(
        data.select("foreigners", CENSUS_2011_SOURCE, date=CENSUS_2011),
        data.select("population", CENSUS_2011_SOURCE, date=CENSUS_2011),
    )


@indicator("foreigners_share_census_change")
def foreigners_share_census_change(data: Data) -> pd.DataFrame:
    """Zensus 2022 share minus Zensus 2011 share in percentage points: one measurement at two dates."""
    old, new = foreigners_share_census_2011(data), foreigners_share_census_2022(data)
    bases = set(old["basis"]) | set(new["basis"])
    if not bases <= CENSUS_BASES:
        raise ValueError(f"a change of census shares needs census bases, got {sorted(bases)}")
    joined = new.merge(old[["ags", "value", "date", "source_id"]], on="ags", suffixes=("", "_old"))
    out = joined.loc[:, [c for c in VALUE_COLUMNS if c not in ("indicator", "unit")]].copy()
    out["value"] = joined["value"] - joined["value_old"]
    out["numerator"] = out["value"]
    out["denominator"] = np.nan
    out["date"] = joined["date_old"] + "/" + joined["date"]
    out["source_id"] = joined["source_id_old"] + SOURCE_SEPARATOR + joined["source_id"]
    out["reliability"] = RELIABILITY["computed"]
    out["note"] = "Zensus 2011 und Zensus 2022: eine Messung (Volkszählung) zu zwei Zeitpunkten"
    return out


@indicator("migration_background_share_census_2011")
def migration_background_share_census_2011(data: Data) -> pd.DataFrame:
    source = "regionalstatistik_12111-07-01-4"
    germans = data.select("census_household_population_germans", source, group="migration_with")
    foreigners = data.select("census_household_population_foreigners", source)
    total = data.select("census_household_population", source)
    both = germans.merge(foreigners[["ags", "value", "flag"]], on="ags", suffixes=("", "_f"))
    both["value"] = both["value"] + both["value_f"]
    both["flag"] = both["flag"].where(both["flag"] != "", both["flag_f"])
    out = _ratio(both.drop(columns=["value_f", "flag_f"]), total)
    out["note"] = "Deutsche mit Migrationshintergrund und Ausländer, Bevölkerung in privaten Haushalten"
    return out


# ---- age structure ---------------------------------------------------------------------------------------------


def _sum_groups(rows: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """One row per area with the sum of ``groups`` ('-' counts as zero); flagged (value missing) if any other
    marker stands in a part or a part is absent."""
    parts = rows[rows["group"].isin(groups)]
    parts = parts.assign(value=parts["value"].where(parts["flag"] != "-", 0.0))  # '-' is exactly zero
    parts = parts.assign(flag=parts["flag"].where(parts["flag"] != "-", ""))
    first = parts.drop_duplicates("ags").set_index("ags")
    grouped = parts.groupby("ags")
    complete = grouped["group"].nunique() == len(groups)
    flags = grouped["flag"].agg(lambda f: next((x for x in f if x not in ("", "()")), ""))
    out = first.assign(value=grouped["value"].sum(min_count=1), flag=flags, group="total").reset_index()
    out.loc[~out["ags"].map(complete).astype(bool), "flag"] = "na"
    out.loc[out["flag"].ne(""), "value"] = np.nan
    return out


def _distribution(data: Data, variable: str, source: str, *, prefix: str = "") -> pd.DataFrame:
    """Each age band's share of the variable's total (same area, date and source), group ``<prefix>_<band>``."""
    rows = data.rows(variable, source)
    total = rows[rows["group"] == "total"]
    bands = rows[rows["group"].str.startswith("age_")]
    frames = []
    for band, part in bands.groupby("group", sort=True):
        share = _ratio(part, total)
        share["group"] = f"{prefix}_{band}" if prefix else band
        frames.append(share)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(VALUE_COLUMNS))


@indicator("age_structure_census_2011")
def age_structure_census_2011(data: Data) -> pd.DataFrame:
    return pd.concat(
        [_distribution(data, v, CENSUS_AGE_SOURCE, prefix=v) for v in ("germans", "foreigners")], ignore_index=True
    )


@indicator("age_structure_2015")
def age_structure_2015(data: Data) -> pd.DataFrame:
    return _distribution(data, "population", "regionalstatistik_12411-02-03-5")


#: The age bands of the Zensus 2011 table below 18 years.
UNDER_18_CENSUS_2011 = ["age_00_03", "age_03_06", "age_06_15", "age_15_18"]


@indicator("young_share_foreigners_census_2011")
def young_share_foreigners_census_2011(data: Data) -> pd.DataFrame:
    rows = data.rows("foreigners", CENSUS_AGE_SOURCE)
    return _ratio(_sum_groups(rows, UNDER_18_CENSUS_2011), rows[rows["group"] == "total"])


@indicator("average_age")
def average_age(data: Data) -> pd.DataFrame:
    rows = data.select("average_age", "regionalstatistik_12411-07-01-5")
    return _from_rows(_latest(rows), numerator=np.nan, denominator=np.nan)


# ---- work and education ----------------------------------------------------------------------------------------


def _latest_ratio(data: Data, part: str, total: str, source: str, *, group: str = "total") -> pd.DataFrame:
    """part/total × 100 on the latest date of ``part`` with a value."""
    numerator = _latest(data.select(part, source, group=group))
    if numerator.empty:
        return pd.DataFrame(columns=list(VALUE_COLUMNS))
    date = numerator["date"].iloc[0]
    out = _ratio(numerator, data.select(total, source, date=date, group=group))
    out["group"] = group
    return out


@indicator("employees_residence_foreigners_share")
def employees_residence_foreigners_share(data: Data) -> pd.DataFrame:
    return _latest_ratio(
        data, "employees_residence_foreigners", "employees_residence", "regionalstatistik_13111-02-02-5"
    )


@indicator("unemployment_rate_foreigners")
def unemployment_rate_foreigners(data: Data) -> pd.DataFrame:
    source = "regionalstatistik_13211-02-05-4"
    own = _latest(data.select("unemployment_rate_foreigners", source))
    if own.empty:
        return pd.DataFrame(columns=list(VALUE_COLUMNS))
    everyone = data.select("unemployment_rate", source, date=own["date"].iloc[0])
    frames = [_from_rows(own, numerator=np.nan, denominator=np.nan)]
    frames.append(_from_rows(everyone, numerator=np.nan, denominator=np.nan).assign(group="all"))
    return pd.concat(frames, ignore_index=True)


#: Nationality suffixes of the Zensus 2011 topic tables and the groups they become.
_NATIONALITY_GROUPS = {"": "all", "_germans": "germans", "_foreigners": "foreigners"}


def _census_shares(
    data: Data, variable: str, source: str, categories: list[str], *, of: str = "total", headline: str
) -> pd.DataFrame:
    """Share of each category in ``of`` per nationality (groups ``<nationality>_<category>``); the group
    "total" repeats ``headline`` (e.g. "foreigners_school_none"), the figure a report compares."""
    frames = []
    for suffix, nationality in _NATIONALITY_GROUPS.items():
        rows = data.rows(variable + suffix, source, date=CENSUS_2011)
        base = rows[rows["group"] == of]
        for category in categories:
            share = _ratio(rows[rows["group"] == category], base)
            share["group"] = f"{nationality}_{category}"
            frames.append(share)
    out = pd.concat(frames, ignore_index=True)
    return pd.concat([out, out[out["group"] == headline].assign(group="total")], ignore_index=True)


@indicator("school_qualification_census_2011")
def school_qualification_census_2011(data: Data) -> pd.DataFrame:
    return _census_shares(
        data,
        "census_school_qualification",
        "regionalstatistik_12111-09-01-4",
        ["school_none", "school_hauptschule", "school_realschule", "school_abitur"],
        headline="foreigners_school_none",
    )


@indicator("vocational_qualification_census_2011")
def vocational_qualification_census_2011(data: Data) -> pd.DataFrame:
    return _census_shares(
        data,
        "census_vocational_qualification",
        "regionalstatistik_12111-10-01-4",
        ["vocational_none", "vocational_training", "vocational_university"],
        headline="foreigners_vocational_none",
    )


@indicator("unemployment_rate_census_2011")
def unemployment_rate_census_2011(data: Data) -> pd.DataFrame:
    return _census_shares(
        data,
        "census_employment_status",
        "regionalstatistik_12111-11-01-4",
        ["status_unemployed"],
        of="status_labour_force",
        headline="foreigners_status_unemployed",
    )


@indicator("foreign_pupils_share")
def foreign_pupils_share(data: Data) -> pd.DataFrame:
    frames = []
    for source in ("regionalstatistik_21111-01-03-4", "regionalstatistik_21121-01-05-4"):
        pupils = data.rows("pupils", source)
        for school, part in data.rows("pupils_foreigners", source).groupby("group", sort=True):
            share = _ratio(part, pupils[(pupils["group"] == school) & pupils["date"].isin(part["date"])])
            share["group"] = school
            frames.append(share)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(VALUE_COLUMNS))
    return pd.concat([out, out[out["group"] == "school_general"].assign(group="total")], ignore_index=True)


@indicator("day_care_foreign_parent_share")
def day_care_foreign_parent_share(data: Data) -> pd.DataFrame:
    return _latest_ratio(
        data, "children_day_care_foreign_parent", "children_day_care", "regionalstatistik_22543-01-02-4"
    )


# ---- migration, refuge and naturalisation ---------------------------------------------------------------------

PROTECTION_SOURCE = "genesis_api_12531-0043"
#: The three statuses that together make up all protection seekers (the others are subsets of these).
PROTECTION_STATUSES = ("status_open", "status_recognised", "status_rejected")
PROTECTION_GROUP = r"^(?P<sex>male|female)_(?P<status>status_[a-z_]+?)_(?P<citizenship>citizenship_.+)$"


def protection_cells(rows: pd.DataFrame) -> pd.DataFrame:
    """Cells of 12531-0043 with their sex, status and citizenship split out of the group name."""
    parts = rows["group"].str.extract(
        r"^(?P<sex>male|female)_(?P<status>status_[a-z_]+?)_(?P<citizenship>citizenship_.+)$"
    )
    if parts.isna().any().any():
        bad = rows.loc[parts.isna().any(axis=1), "group"].iloc[0]
        raise ValueError(f"protection seekers: group {bad!r} is not <sex>_<status>_<citizenship>")
    return rows.join(parts)


def _summed(cells: pd.DataFrame, by: str, areas: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Sums of rounded cells per area and ``by`` (derived), as indicator rows."""
    frames = []
    for ags, name, level in areas:
        own = cells[cells["ags"].str.startswith(ags)] if level == "land" else cells[cells["ags"] == ags]
        if own.empty:
            continue
        sums = own.groupby(by)["value"].sum()
        kreise = own["ags"].nunique()
        note = "Summe gerundeter Tabellenfelder (je ein Vielfaches von 5)"
        if level == "land":
            note += f"; Land als Summe seiner {kreise} Kreise (abgeleitet, die Tabelle hat keine Landeszeile)"
        frames.append(
            pd.DataFrame(
                {
                    "ags": ags,
                    "area_name": name,
                    "area_level": level,
                    "group": sums.index,
                    "date": own["date"].iloc[0],
                    "value": sums.to_numpy(),
                    "numerator": sums.to_numpy(),
                    "denominator": np.nan,
                    "basis": own["basis"].iloc[0],
                    "source_id": own["source_id"].iloc[0],
                    "row_source": "",
                    "reliability": RELIABILITY["sum"] if level == "land" else RELIABILITY["computed"],
                    "flag": "",
                    "note": note,
                }
            )
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(VALUE_COLUMNS))


def _protection(data: Data) -> pd.DataFrame:
    """The cells of the latest reference date (an import after an update may bring an older one back)."""
    t = data.land_kreise
    rows = t[(t["variable"] == "protection_seekers") & t["source_id"].str.startswith(PROTECTION_SOURCE)]
    rows = rows[rows["value"].notna() & (rows["date"] == rows["date"].max())]
    cells = protection_cells(rows)
    return cells[cells["status"].isin(PROTECTION_STATUSES)]


def _kreis_and_land(data: Data) -> list[tuple[str, str, str]]:
    region = data.region
    return [(a.ags, a.name, a.level) for a in (region.kreis, region.land)]


@indicator("protection_seekers")
def protection_seekers(data: Data) -> pd.DataFrame:
    cells = _protection(data)
    by_status = _summed(cells, "status", _kreis_and_land(data))
    total = _summed(cells.assign(all="total"), "all", _kreis_and_land(data))
    return pd.concat([total, by_status], ignore_index=True)


@indicator("protection_seekers_citizenship")
def protection_seekers_citizenship(data: Data) -> pd.DataFrame:
    cells = _protection(data)
    out = _summed(cells, "citizenship", _kreis_and_land(data))
    total = _summed(cells.assign(all="total"), "all", _kreis_and_land(data))
    out = out.sort_values(["ags", "value"], ascending=[True, False], kind="stable")
    return pd.concat([total, out], ignore_index=True)


NATURALISATION_SOURCE = "regionalstatistik_12511-01-01-4"


@indicator("naturalisations")
def naturalisations(data: Data) -> pd.DataFrame:
    rows = _latest(data.select("naturalisations", NATURALISATION_SOURCE))
    return _from_rows(rows, numerator=rows["value"], denominator=np.nan)


MIGRATION_SOURCE = "regionalstatistik_12711-05-02-4"


@indicator("net_migration_foreigners")
def net_migration_foreigners(data: Data) -> pd.DataFrame:
    """Moves in minus moves out across the Kreis border, latest year; the table prints no balance."""
    frames = []
    for suffix, group in (("_foreigners", "total"), ("_germans", "germans"), ("", "all")):
        moves_in = _latest(data.select(f"moves_in{suffix}", MIGRATION_SOURCE))
        moves_out = data.select(f"moves_out{suffix}", MIGRATION_SOURCE)
        joined = moves_in.merge(moves_out[["ags", "date", "value", "flag"]], on=["ags", "date"], suffixes=("", "_out"))
        balance = joined["value"] - joined["value_out"]
        out = _from_rows(joined, numerator=balance, denominator=np.nan)
        out["value"] = balance
        out["flag"] = joined["flag"].where(joined["flag"] != "", joined["flag_out"])
        out["group"] = group
        out["reliability"] = RELIABILITY["computed"]
        out["note"] = "Zuzüge minus Fortzüge (eigene Berechnung)"
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


@indicator("social_assistance_foreigners_share")
def social_assistance_foreigners_share(data: Data) -> pd.DataFrame:
    return _latest_ratio(
        data, "social_assistance_hlu_foreigners", "social_assistance_hlu", "regionalstatistik_22121-01-03-4"
    )


@indicator("basic_income_foreigners_share")
def basic_income_foreigners_share(data: Data) -> pd.DataFrame:
    return _latest_ratio(
        data,
        "basic_income_old_age_disability_foreigners",
        "basic_income_old_age_disability",
        "regionalstatistik_22151-01-01-4",
    )


def _areas(region: Region) -> pd.DataFrame:
    areas = [region.land, region.kreis, *region.municipalities]
    return pd.DataFrame(
        {"ags": [a.ags for a in areas], "area_name": [a.name for a in areas], "area_level": [a.level for a in areas]}
    )


def _missing_rows(spec: Indicator, have: set[str], region: Region) -> pd.DataFrame:
    """One ``missing`` row for every area of the region without a value, with the reason."""
    areas = _areas(region)
    areas = areas[~areas["ags"].isin(have)]
    reasons = []
    for level in areas["area_level"]:
        if level in spec.missing:
            reasons.append(spec.missing[level])
        elif level in spec.levels:
            reasons.append("Für dieses Gebiet liegt in den Quellen kein Wert vor.")
        else:
            reasons.append("Für diese Gebietsebene nicht definiert.")
    return areas.assign(
        group="total",
        date="",
        value=np.nan,
        numerator=np.nan,
        denominator=np.nan,
        basis="",
        source_id="",
        row_source="",
        reliability=RELIABILITY["missing"],
        flag="missing",
        note=reasons,
    )


def compute_indicator(spec: Indicator, data: Data) -> pd.DataFrame:
    """Every area of the region for one indicator: its values, and ``missing`` rows where it has none."""
    values = FUNCTIONS[spec.id](data)
    values = values[values["area_level"].isin(spec.levels)] if len(values) else values
    missing = _missing_rows(spec, set(values["ags"]) if len(values) else set(), data.region)
    out = pd.concat([frame for frame in (values, missing) if len(frame)], ignore_index=True)
    out["indicator"] = spec.id
    out["unit"] = spec.unit
    return out.loc[:, list(VALUE_COLUMNS)]


def compute_indicators(tidy: pd.DataFrame, region: Region, ids: list[str] | None = None) -> pd.DataFrame:
    """The indicator table for the region's Land, Kreis and municipalities (all registered indicators)."""
    registry = load_registry()
    data = Data(tidy, region)
    frames = [compute_indicator(registry[i], data) for i in (ids or list(registry))]
    return pd.concat(frames, ignore_index=True)
