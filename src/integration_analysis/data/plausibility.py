"""The plausibility layer between the readers and the tidy data (docs/architecture.md §2), declared per source.

Owns the declarations and the checks that apply them to raw extract rows (the frame of ``datasets.load_raw``:
the extract columns with ``source_id``, ``_file`` and ``_line``):

- ``SOURCE_RULES``: one frozen ``SourceRules`` per source-id prefix — how far sums may miss their totals
  (the rounding or perturbation of the publisher), the source's own group partitions, whether its counts are
  multiples of a rounding base, percentages that are rates rather than shares, its jump factor, whether it is
  the municipality register or must cover every municipality of it, and the gaps its publisher left. Adding a
  source is one entry; a source without an entry gets ``DEFAULT_RULES`` (exact sums, nothing else).
- The partitions, declared once: ``male`` + ``female`` = ``total`` (also ``male_X`` + ``female_X`` = ``X``),
  age bands ``age_AA_BB`` … ``age_AA_plus`` that tile all ages = their total, and the variables that make up
  another one by ``schema.VARIABLES`` ``part_of`` and the nationality names (``germans`` + ``foreigners`` =
  ``population``, ``X_germans`` + ``X_foreigners`` = ``X``).
- ``RANGES``: plausible values of a variable (per unit and area level).

The rules and what a violation is (an error refuses the data: the import writes nothing, ``check`` and
``prepare`` stop; a warning is listed by ``check``):

============================================  ====================================================================
rule                                          severity
============================================  ====================================================================
parts add up to their total (groups,          error; warning for sources declaring ``sum_severity=WARNING``
nationalities, municipalities to a Kreis or   (secondary compilations, whose figures come from different pages)
Land total of any source) within tolerance
shares (unit percent) in [0, 100]             error (declared rates such as childcare rates may exceed 100)
counts (persons, count, dwellings) whole,     error (no source here publishes fractions of persons: the BA yearly
non-negative, multiples of the rounding base  averages are whole numbers; "change_…" groups may be negative)
value within ``RANGES``                       error
register edition complete against the         error (a municipality that disappears or appears must be explained
adjacent edition                              by a merger: the area of its Kreis stays the same)
every municipality of the register present    error (for sources declaring ``complete=True``)
a jump by more than the source's factor       as the source declares (``Jumps.severity``)
============================================  ====================================================================

Every finding names the file, the line and the column of the row at fault and both values it compares.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from ..core.schema import VARIABLES

ERROR = "error"
WARNING = "warning"

#: Units of counted things: whole and non-negative.
COUNT_UNITS = frozenset({"persons", "count", "dwellings"})
#: Units whose parts are summed against their totals.
SUM_UNITS = frozenset({"persons"})
#: A Kreis whose area changes by more than this between two register editions has lost or gained territory
#: (the cadastre's remeasurements move a Kreis by at most 0.51 km² between the editions 2013–2023).
AREA_TOLERANCE_KM2 = 1.0
#: At most this many findings per rule and file; the last says how many more there are.
SHOWN_PER_RULE = 5


@dataclass(frozen=True)
class Finding:
    """One violated rule at one row: where (file, line, column), what, and whether it refuses the data."""

    severity: str
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, column {self.column!r}: {self.message}"


@dataclass(frozen=True)
class Tolerance:
    """How far the sum of n published parts may lie from their published total: ``absolute + per_part × n``."""

    absolute: float = 0.0
    per_part: float = 0.0

    def allowed(self, parts: int | np.ndarray) -> float | np.ndarray:
        return self.absolute + self.per_part * parts


EXACT = Tolerance()
#: Each cell rounded to whole persons on its own (BA yearly averages): total and parts each off by ≤ 0.5.
ROUNDED_PER_CELL = Tolerance(absolute=0.5, per_part=0.5)
#: Zensus 2011 (SAFE): cells perturbed one by one; Deutsche + Ausländer differ from Insgesamt by up to 2 in
#: 12111-01-01-5 (in 57 municipalities of Baden-Württemberg), so 1 per part.
SAFE_2011 = Tolerance(per_part=1.0)
#: Zensus 2022 (Cell-Key): cells perturbed one by one; Mühlacker's male + female miss its total by 2 in the
#: town's own publication of the census result (compiled/foreigners.csv).
CELL_KEY_2022 = Tolerance(per_part=1.0)
#: Zensus 2011 results from the household sample (qualifications, employment status, migration background) are
#: rounded to tens: Deutsche + Ausländer miss Insgesamt by 10 in 12111-11-01-4 (e.g. Stuttgart's labour force).
SAMPLE_2011 = Tolerance(per_part=10.0)
#: 12531: cells rounded to multiples of 5, so sums of cells miss their parents (docs/architecture.md §2); 5 per part.
MULTIPLES_OF_5 = Tolerance(per_part=5.0)


@dataclass(frozen=True)
class GroupPartition:
    """Groups that together make up another: ``p`` of ``total`` and ``p_X`` of ``X`` for every part ``p``."""

    name: str
    parts: tuple[str, ...]

    def whole_of(self, group: str) -> str | None:
        """'female' → 'total', 'female_age_18_25' → 'age_18_25', 'sgb3_total' → 'total'; None if no part."""
        for part in self.parts:
            if group == part:
                return "total"
            if group.startswith(f"{part}_"):
                return group[len(part) + 1 :]
        return None


SEX = GroupPartition("male + female", ("male", "female"))
LEGAL_SCOPE = GroupPartition("SGB III + SGB II", ("sgb3", "sgb2"))
#: Partitions of every source.
GROUP_PARTITIONS: tuple[GroupPartition, ...] = (SEX,)
#: Nationality names: a variable's Germans and foreigners make it up (``population`` keeps the plain names).
NATIONALITIES: tuple[str, ...] = ("germans", "foreigners")
_AGE_BAND = re.compile(r"(?P<prefix>(?:[a-z0-9]+_)*?)age_(?P<low>\d{2})_(?P<high>\d{2}|plus)")


@dataclass(frozen=True)
class Jumps:
    """A value more than ``factor`` times (or less than 1/``factor`` of) the one at the adjacent date of the same
    series is a jump, unless both are below ``floor`` (small counts jump legitimately)."""

    factor: float
    floor: float
    severity: str = ERROR
    #: The variables checked; empty: every count of persons.
    variables: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Range:
    """Plausible values of a variable in a unit (at one area level, or at every level)."""

    variable: str
    unit: str
    low: float
    high: float
    level: str | None = None


RANGES: tuple[Range, ...] = (
    Range("population", "persons", 1, 4_000_000, "gemeinde"),
    Range("population", "persons", 1_000, 4_000_000, "kreis"),
    Range("population", "persons", 100_000, 20_000_000, "land"),
    Range("area", "km2", 0.1, 1_000, "gemeinde"),
    Range("population_density", "persons_per_km2", 0, 10_000),
    Range("household_size", "persons_per_household", 1, 6),
    Range("net_rent_per_m2", "eur_per_m2", 1, 30),
    Range("inkar_rent_level", "eur_per_m2", 1, 30),
    Range("inkar_median_age", "years", 20, 70),
)


@dataclass(frozen=True)
class SourceRules:
    """The plausibility rules of the sources whose id starts with ``prefix``."""

    prefix: str
    #: Why these rules (shown nowhere; for the reader of this table).
    about: str
    sums: Tolerance = EXACT
    sum_severity: str = ERROR
    #: Tolerances of the rows of one basis where they differ from ``sums`` (a table of several bases).
    basis_sums: Mapping[str, Tolerance] = field(default_factory=dict)
    #: Group partitions of this source beyond ``GROUP_PARTITIONS``.
    partitions: tuple[GroupPartition, ...] = ()
    #: Every count is a multiple of this (cells rounded by the publisher).
    rounding_base: int | None = None
    #: Percent variables that are rates, not shares, and may exceed 100.
    rates_over_100: frozenset[str] = frozenset()
    jumps: Jumps | None = None
    #: The municipality register: each edition must be complete against the adjacent editions.
    register: bool = False
    #: Must hold every municipality of the register at its dates.
    complete: bool = False
    #: Municipalities the publisher left out of one table: (date, AGS) → why. Not counted as missing.
    gaps: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def tolerance(self, basis: str) -> Tolerance:
        return self.basis_sums.get(basis, self.sums)


SOURCE_RULES: tuple[SourceRules, ...] = (
    SourceRules(
        "destatis_gv_",
        "Gemeindeverzeichnis: exact counts; the register of the Land's municipalities",
        register=True,
        jumps=Jumps(1.5, 100),
    ),
    SourceRules("zensus2022_gemeinden", "Zensus 2022 by municipality (sums equal the published totals)", complete=True),
    SourceRules(
        "ba_arbeitslose_gemeinden_",
        "BA yearly averages, rounded per area to whole persons (Enzkreis 2,975 vs 2,976 in the 2016 file)",
        sums=ROUNDED_PER_CELL,
        partitions=(LEGAL_SCOPE,),
        complete=True,
        jumps=Jumps(3.0, 40),
        gaps={("2014", "08425022"): "Börslingen is not in the BA file of 2014 (0 unemployed in 2013 and 2015)"},
    ),
    SourceRules(
        "inkar_kreise",
        "INKAR Kreis indicators: childcare rates count children from other Kreise (up to 102.4 %); the "
        "foreigners' share of Rastatt falls from 28.92 to 9.63 % in 1997 as published",
        rates_over_100=frozenset({"inkar_childcare_3to6", "inkar_childcare_under3"}),
        jumps=Jumps(2.0, 1.0, WARNING, frozenset({"foreigners_share"})),
    ),
    SourceRules(
        "official_lookups",
        "official figures transcribed one by one; the Zensus 2011 ones are perturbed (SAFE)",
        basis_sums={"census_2011": SAFE_2011, "census_2022": CELL_KEY_2022},
    ),
    SourceRules(
        "compiled_",
        "secondary figures quoted from press and web pages: sums that miss are shown, not refused",
        sum_severity=WARNING,
    ),
    SourceRules("zensus_db_", "Zensus 2022 database downloads (Cell-Key perturbation)", sums=CELL_KEY_2022),
    SourceRules("regionalstatistik_12111", "Zensus 2011 (SAFE perturbation)", sums=SAFE_2011),
    *(
        SourceRules(
            f"regionalstatistik_12111-{table}", "Zensus 2011 household sample, rounded to tens", sums=SAMPLE_2011
        )
        for table in ("07", "08", "09", "10", "11")
    ),
    SourceRules("regionalstatistik_13211", "unemployed, BA yearly averages rounded per area", sums=ROUNDED_PER_CELL),
    SourceRules(
        "genesis_api_12531",
        "protection seekers: cells rounded to multiples of 5, no total rows",
        sums=MULTIPLES_OF_5,
        rounding_base=5,
    ),
    SourceRules("genesis_api_1000A", "Zensus 2022 database via the API (Cell-Key perturbation)", sums=CELL_KEY_2022),
    SourceRules(
        "genesis_api_1000A-0000",
        "Zensus 2022 population of every municipality via the API (Cell-Key perturbation)",
        sums=CELL_KEY_2022,
        complete=True,
    ),
    SourceRules(
        "secondary_enzkreis_open_sdg",
        "the Enzkreis' own indicators (secondary): relative rates in % of the rate of all (100 = equal)",
        rates_over_100=frozenset({"relative_employment_rate_foreigners", "relative_dropout_rate_foreigners"}),
    ),
)
DEFAULT_RULES = SourceRules("", "any other source: exact sums; no coverage, jump or rounding rules")


@cache
def rules_for(source_id: str) -> SourceRules:
    """The rules of the longest prefix ``source_id`` starts with, else ``DEFAULT_RULES``."""
    matches = [r for r in SOURCE_RULES if source_id.startswith(r.prefix)]
    return max(matches, key=lambda r: len(r.prefix)) if matches else DEFAULT_RULES


def variable_partitions() -> dict[str, tuple[str, ...]]:
    """Total variable → the variables that make it up: its Germans and foreigners, where ``schema.VARIABLES``
    declares both as ``part_of`` it (``population``: ``germans`` + ``foreigners``)."""
    out = {}
    for total in sorted({v.part_of for v in VARIABLES.values() if v.part_of}):
        stem = "" if total == "population" else f"{total}_"
        parts = tuple(f"{stem}{name}" for name in NATIONALITIES)
        if all(p in VARIABLES and VARIABLES[p].part_of == total for p in parts):
            out[total] = parts
    return out


# ----------------------------------------------------------------------------------------------------
# entry point


#: Text columns compared and grouped often: categorical while checking (codes compare fast).
_KEYS = (
    "source_id",
    "ags",
    "area_name",
    "area_level",
    "date",
    "variable",
    "group",
    "unit",
    "basis",
    "row_source",
    "_file",
)


def check_plausibility(rows: pd.DataFrame) -> list[Finding]:
    """Every finding of the declared rules on published extract rows (``source_id``, ``_file``, ``_line``)."""
    if rows.empty:
        return []
    rows = rows.reset_index(drop=True).astype({c: "category" for c in _KEYS})
    rules = {sid: rules_for(sid) for sid in rows["source_id"].unique()}
    registers = _registers(rows, rules)
    findings = [
        *_value_findings(rows, rules),
        *_group_sums(rows, rules),
        *_variable_sums(rows),
        *_area_sums(rows, registers),
        *_register_editions(registers),
        *_coverage(rows, rules, registers),
        *_jumps(rows, rules, registers),
    ]
    return findings


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == WARNING]


# ----------------------------------------------------------------------------------------------------
# single values


def _num(value: float) -> str:
    """A figure as published: 10486670 (not 1.04867e+07), 8.736, 28.92."""
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


def _emit(rows: pd.DataFrame, mask: pd.Series, severity: str, column: str, message) -> list[Finding]:
    """Findings for the rows of ``mask``, at most ``SHOWN_PER_RULE`` per file; ``message(row)`` says what."""
    out = []
    for file, hits in rows[mask].groupby("_file", sort=True, observed=True):
        shown = hits.head(SHOWN_PER_RULE)
        for i, (_, row) in enumerate(shown.iterrows()):
            more = len(hits) - len(shown)
            suffix = f" ({more} more row(s) like it in this file)" if more and i == len(shown) - 1 else ""
            out.append(Finding(severity, str(file), int(row["_line"]), column, message(row) + suffix))
    return out


def _value_findings(rows: pd.DataFrame, rules: dict[str, SourceRules]) -> list[Finding]:
    value = rows["value"]
    has = value.notna()
    change = rows["group"].str.startswith("change_")
    out = []

    percent = has & (rows["unit"] == "percent") & ~change
    rate = pd.Series(False, index=rows.index)
    for source_id, rule in rules.items():
        if rule.rates_over_100:
            rate |= (rows["source_id"] == source_id) & rows["variable"].isin(list(rule.rates_over_100))
    out += _emit(
        rows,
        percent & ((value < 0) | ((value > 100) & ~rate)),
        ERROR,
        "value",
        lambda r: f"a share of {_num(r['value'])} % lies outside 0–100 ({r['variable']}, {r['group']})",
    )

    counts = has & rows["unit"].isin(list(COUNT_UNITS))
    out += _emit(
        rows,
        counts & (value % 1 != 0),
        ERROR,
        "value",
        lambda r: (
            f"a count of {r['unit']} with a fraction: {r['value']!r} ({r['variable']}, {r['group']}; "
            "a thousands separator read as a decimal point?)"
        ),
    )
    signed = {name for name, v in VARIABLES.items() if not v.non_negative}
    out += _emit(
        rows,
        counts & (value < 0) & ~rows["variable"].isin(list(signed)) & ~change,
        ERROR,
        "value",
        lambda r: f"negative {r['variable']} {_num(r['value'])} ({r['group']}): a count is never negative",
    )
    for source_id, rule in rules.items():
        if rule.rounding_base:
            base = rule.rounding_base
            off = counts & (rows["source_id"] == source_id) & (value % base != 0)
            out += _emit(
                rows,
                off,
                ERROR,
                "value",
                lambda r, base=base: (
                    f"{r['variable']} {r['group']} = {_num(r['value'])} is not a multiple of {base}, "
                    "as every cell of this table is"
                ),
            )

    for spec in RANGES:  # the whole of an area; its groups (an age band, one sex) may be far smaller
        where = has & (rows["variable"] == spec.variable) & (rows["unit"] == spec.unit) & (rows["group"] == "total")
        if spec.level:
            where &= rows["area_level"] == spec.level
        out += _emit(
            rows,
            where & ((value < spec.low) | (value > spec.high)),
            ERROR,
            "value",
            lambda r, s=spec: (
                f"{s.variable} = {_num(r['value'])} {s.unit} lies outside the plausible range "
                f"{_num(s.low)}–{_num(s.high)}{f' for a {s.level}' if s.level else ''} ({r['ags']} {r['area_name']})"
            ),
        )
    return out


# ----------------------------------------------------------------------------------------------------
# parts and totals


def _tolerances(frame: pd.DataFrame, parts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The allowed difference and the severity of each row of ``frame`` (``source_id``, ``basis``)."""
    allowed = np.zeros(len(frame))
    severity = np.full(len(frame), ERROR, dtype=object)
    for (source_id, basis), index in frame.groupby(["source_id", "basis"], sort=False, observed=True).indices.items():
        rule = rules_for(source_id)
        allowed[index] = rule.tolerance(basis).allowed(parts.to_numpy()[index])
        severity[index] = rule.sum_severity
    return allowed, severity


def _compare(
    parts: pd.DataFrame,
    wholes: pd.DataFrame,
    on: list[str],
    describe,
    *,
    by: list[str] | None = None,
    extra=None,
    carry: tuple[str, ...] = (),
) -> list[Finding]:
    """Compare the sums of ``parts`` with the matching rows of ``wholes``.

    ``parts`` has the columns ``on`` (naming their whole), ``_partition`` and ``_expected`` (how many parts
    the partition has); ``by`` (default ``on``) are the columns that make one set of parts. Only complete sets
    are compared; where a part is unpublished (a marker), the sum is a lower bound and only a sum above the
    total is a finding. ``extra(joined)`` may widen the tolerance and lower the severity, from the columns
    ``carry`` of ``wholes`` (the total's source).
    """
    if parts.empty or wholes.empty:
        return []
    work = parts.assign(_missing=parts["value"].isna())
    agg = (
        work.groupby([*(by or on), "_partition"], sort=False, dropna=False, observed=True)
        .agg(
            _sum=("value", "sum"),
            _n=("value", "size"),
            _missing=("_missing", "sum"),
            _expected=("_expected", "first"),
            _first=("_line", "min"),
            _last=("_line", "max"),
        )
        .reset_index()
    )
    agg = agg[agg["_n"] == agg["_expected"]]
    totals = wholes[[*on, "value", "_file", "_line", *carry]].rename(columns={"value": "_total"})
    joined = agg.merge(totals, on=on, how="inner")
    joined = joined[joined["_total"].notna()].reset_index(drop=True)
    if joined.empty:
        return []
    allowed, severity = _tolerances(joined, joined["_n"])
    if extra is not None:
        more, worse = extra(joined)
        allowed = np.maximum(allowed, more)
        severity = np.where(worse == WARNING, WARNING, severity)
    diff = (joined["_sum"] - joined["_total"]).to_numpy()
    complete = joined["_missing"].to_numpy() == 0
    bad = np.where(complete, np.abs(diff) > allowed + 1e-9, diff > allowed + 1e-9)
    out = []
    for i in np.flatnonzero(bad):
        row = joined.iloc[i]
        lower = "" if complete[i] else f", {int(row['_missing'])} part(s) unpublished: at least"
        out.append(
            Finding(
                severity[i],
                str(row["_file"]),
                int(row["_line"]),
                "value",
                f"{describe(row)}: the parts ({row['_partition']}, lines {int(row['_first'])}–{int(row['_last'])}) "
                f"add up to{lower} {_num(row['_sum'])}, the total is {_num(row['_total'])} (difference "
                f"{'+' if diff[i] > 0 else ''}{_num(diff[i])}; {_allowance(allowed[i])})",
            )
        )
    return out


def _allowance(allowed: float) -> str:
    if allowed == 0:
        return "no difference allowed"
    return f"the publisher's rounding allows ±{_num(np.floor(allowed + 1e-9))}"


_SERIES = ["source_id", "ags", "date", "variable", "unit", "basis", "row_source"]


def _group_sums(rows: pd.DataFrame, rules: dict[str, SourceRules]) -> list[Finding]:
    counts = rows[rows["unit"].isin(list(SUM_UNITS))]
    if counts.empty:
        return []
    parts = []
    for source_id, rule in rules.items():
        mine = counts[counts["source_id"] == source_id]
        groups = mine["group"].unique()
        for partition in (*GROUP_PARTITIONS, *rule.partitions):
            wholes = {g: partition.whole_of(g) for g in groups}
            wholes = {g: w for g, w in wholes.items() if w is not None}
            if wholes:
                hit = mine[mine["group"].isin(list(wholes))]
                parts.append(
                    hit.assign(
                        group=hit["group"].map(wholes),
                        _partition=partition.name,
                        _expected=len(partition.parts),
                    )
                )
    parts.append(_age_band_parts(counts))
    parts = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return _compare(parts, counts, [*_SERIES, "group"], lambda r: f"{r['variable']} {r['group']} ({r['ags']})")


def _age_band_parts(counts: pd.DataFrame) -> pd.DataFrame:
    """Age-band rows whose bands tile all ages (00 … plus), with the group of their total."""
    matches = {g: m for g in counts["group"].unique() if (m := _AGE_BAND.fullmatch(g))}
    if not matches:
        return counts.iloc[0:0]
    rows = counts[counts["group"].isin(list(matches))]
    rows = rows.assign(
        _prefix=rows["group"].map({g: m["prefix"] for g, m in matches.items()}),
        _band=rows["group"].map({g: f"{m['low']}_{m['high']}" for g, m in matches.items()}),
    )
    keys = [*_SERIES, "_prefix"]
    ends = rows.assign(_start=rows["_band"].str.startswith("00_"), _end=rows["_band"].str.endswith("_plus"))
    ends = ends.groupby(keys, sort=False, observed=True)[["_start", "_end"]].transform("any")
    rows = rows[ends["_start"] & ends["_end"]]
    if rows.empty:
        return rows
    rows = rows[rows.groupby(keys, sort=False, observed=True)["_band"].transform(lambda b: _tiles(tuple(sorted(b))))]
    if rows.empty:
        return rows
    present = set(zip(*(counts[c] for c in (*_SERIES, "group")), strict=True))

    def whole(row_key: tuple, prefix: str) -> str:
        if not prefix:
            return "total"
        with_total = f"{prefix}total"
        return with_total if (*row_key, with_total) in present else prefix[:-1]

    keys = list(zip(*(rows[c] for c in _SERIES), strict=True))
    groups = [whole(k, p) for k, p in zip(keys, rows["_prefix"], strict=True)]
    sizes = rows.groupby([*_SERIES, "_prefix"], sort=False, observed=True)["_band"].transform("size")
    return rows.assign(group=groups, _partition="age bands", _expected=sizes).drop(columns=["_prefix", "_band"])


@cache
def _tiles(bands: tuple[str, ...]) -> bool:
    """True if the bands ('00_03', '03_06', …, '75_plus') cover all ages once."""
    edges = sorted((b.split("_") for b in bands), key=lambda b: b[0])
    if not edges or edges[0][0] != "00" or edges[-1][1] != "plus":
        return False
    return all(high == nxt[0] for (_, high), nxt in zip(edges, edges[1:], strict=False))


def _variable_sums(rows: pd.DataFrame) -> list[Finding]:
    counts = rows[rows["unit"].isin(list(SUM_UNITS))]
    out = []
    key = ["source_id", "ags", "date", "group", "unit", "basis", "row_source"]
    for total, names in variable_partitions().items():
        parts = counts[counts["variable"].isin(list(names))]
        parts = parts.assign(variable=total, _partition=" + ".join(names), _expected=len(names))
        wholes = counts[counts["variable"] == total]
        out += _compare(parts, wholes, [*key, "variable"], lambda r: f"{r['variable']} {r['group']} ({r['ags']})")
    return out


#: Kreise whose published totals include an unincorporated area with inhabitants (no municipality of the
#: register) up to a date: their municipalities do not add up to the Kreis or the Land total until then.
UNINCORPORATED: dict[str, tuple[str, str]] = {
    "08415": ("2010-12-31", "Gutsbezirk Münsingen, gemeindefrei, bis 2010 mit Einwohnern (Regionalstatistik)"),
}


def _without_unincorporated(parts: pd.DataFrame, width: int) -> pd.DataFrame:
    """Parts of areas whose totals include an unincorporated area at their date are not summed."""
    keep = pd.Series(True, index=parts.index)
    for kreis, (until, _why) in UNINCORPORATED.items():
        keep &= ~((parts["ags"] == kreis[:width]) & (parts["date"].str[:10] <= until))
    return parts[keep]


def _area_sums(rows: pd.DataFrame, registers: dict[str, pd.DataFrame]) -> list[Finding]:
    """Municipalities of one source against the Kreis and Land totals of any source (same date, variable,
    group and basis), where the source has every municipality of the area in the register (areas with an
    unincorporated part, ``UNINCORPORATED``, only after it lost its inhabitants)."""
    if not registers:
        return []
    counts = rows[rows["unit"].isin(list(SUM_UNITS))]
    municipal = counts[counts["area_level"] == "gemeinde"]
    on = ["ags", "date", "variable", "group", "unit", "basis"]
    out = []
    for level, width in (("kreis", 5), ("land", 2)):
        wholes = counts[counts["area_level"] == level].rename(columns={"source_id": "_total_source"})
        if wholes.empty or municipal.empty:
            continue
        sizes = pd.DataFrame(
            [
                (source_id, area, date, n)
                for source_id, date in municipal[["source_id", "date"]].drop_duplicates().itertuples(index=False)
                for area, n in _register_sizes(registers, rules_for(source_id), date, width)
            ],
            columns=["source_id", "ags", "date", "_expected"],
        )
        parts = municipal.assign(ags=municipal["ags"].str[:width], _partition="municipalities")
        parts = _without_unincorporated(parts.merge(sizes, on=["source_id", "ags", "date"], how="inner"), width)
        out += _compare(
            parts,
            wholes,
            on,
            lambda r: (
                f"{r['variable']} {r['group']} of {r['ags']} (total from {r['_total_source']}, "
                f"municipalities from {r['source_id']})"
            ),
            by=[*on, "source_id"],
            extra=_total_tolerance,
            carry=("_total_source",),
        )
    return out


def _total_tolerance(joined: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The tolerance and severity the source of each total declares (for totals from another source)."""
    rules = [rules_for(source) for source in joined["_total_source"]]
    allowed = [r.tolerance(b).allowed(n) for r, b, n in zip(rules, joined["basis"], joined["_n"], strict=True)]
    return np.array(allowed, dtype=float), np.array([r.sum_severity for r in rules], dtype=object)


# ----------------------------------------------------------------------------------------------------
# the municipality register and coverage


def _registers(rows: pd.DataFrame, rules: dict[str, SourceRules]) -> dict[str, pd.DataFrame]:
    """Each register edition by date: its municipalities (``ags``, ``area_name``, ``area``, ``_file``, ``_line``)."""
    sources = [sid for sid, rule in rules.items() if rule.register]
    mine = rows[rows["source_id"].isin(sources) & (rows["area_level"] == "gemeinde")]
    out = {}
    for date, edition in mine.groupby("date", sort=True, observed=True):
        keys = edition.groupby("ags", sort=True, observed=True).agg(
            area_name=("area_name", "first"), _file=("_file", "first"), _line=("_line", "max")
        )
        area = edition[edition["variable"] == "area"].groupby("ags", observed=True)["value"].sum(min_count=1)
        out[date] = keys.assign(area=area.reindex(keys.index)).reset_index()
    return out


def _editions_around(registers: dict[str, pd.DataFrame], date: str) -> list[str]:
    """The register editions next to ``date``: the latest on or before it and the earliest on or after it."""
    before = [d for d in registers if d <= date]
    after = [d for d in registers if d >= date]
    return sorted({*(before[-1:]), *(after[:1])})


def _expected_keys(registers: dict[str, pd.DataFrame], rule: SourceRules, date: str) -> tuple[set[str], list[str]]:
    """The municipalities a table of ``rule``'s source holds on ``date``: those in every register edition next
    to the date, less the declared gaps; and those editions."""
    editions = _editions_around(registers, date)
    keys = set.intersection(*(set(registers[e]["ags"]) for e in editions)) if editions else set()
    return keys - {ags for (when, ags) in rule.gaps if when == date}, editions


def _register_sizes(
    registers: dict[str, pd.DataFrame], rule: SourceRules, date: str, width: int
) -> list[tuple[str, int]]:
    """How many municipalities each area (the first ``width`` digits) has in ``_expected_keys``."""
    keys, _ = _expected_keys(registers, rule, date)
    return list(pd.Series([k[:width] for k in keys], dtype=object).value_counts().items())


def _register_editions(registers: dict[str, pd.DataFrame]) -> list[Finding]:
    """A municipality that disappears from the next edition (or appears in it) is explained only by a merger
    inside its Kreis, which keeps the Kreis' area; otherwise one of the two editions is cut."""
    out = []
    dates = sorted(registers)
    for earlier, later in zip(dates, dates[1:], strict=False):
        old, new = registers[earlier].set_index("ags"), registers[later].set_index("ags")
        area_old, area_new = _kreis_areas(old), _kreis_areas(new)
        for present, lacking, lacking_date in ((old, new, later), (new, old, earlier)):
            absent = present.index.difference(lacking.index)
            for kreis in sorted({key[:5] for key in absent}):
                before, after = area_old.get(kreis, np.nan), area_new.get(kreis, np.nan)
                if abs(after - before) <= AREA_TOLERANCE_KM2:
                    continue
                keys = [key for key in absent if key[:5] == kreis]
                listed = ", ".join(f"{key} {present.loc[key, 'area_name']}" for key in keys[:5])
                more = f" and {len(keys) - 5} more" if len(keys) > 5 else ""
                in_kreis = lacking[lacking.index.str[:5] == kreis]
                line = int(in_kreis["_line"].max()) if not in_kreis.empty else int(lacking["_line"].max()) + 1
                out.append(
                    Finding(
                        ERROR,
                        str(lacking["_file"].iloc[0]),
                        line,
                        "ags",
                        f"{len(keys)} municipalit(y/ies) of the register on {earlier if lacking is new else later} "
                        f"are missing on {lacking_date} ({listed}{more}), and no merger explains it: the Kreis "
                        f"{kreis} has {_area(before)} on {earlier} and {_area(after)} on {later} (is the "
                        f"edition of {lacking_date} cut off?)",
                    )
                )
    return out


def _area(km2: float) -> str:
    return "no area" if math.isnan(km2) else f"{_num(km2)} km²"


def _kreis_areas(edition: pd.DataFrame) -> pd.Series:
    """The area of each Kreis in one register edition (NaN where a municipality's area is missing)."""
    return edition["area"].groupby(edition.index.str[:5]).agg(lambda areas: areas.sum(skipna=False))


def _coverage(rows: pd.DataFrame, rules: dict[str, SourceRules], registers: dict[str, pd.DataFrame]) -> list[Finding]:
    """Sources declaring ``complete`` hold every municipality of the register editions next to their dates."""
    if not registers:
        return []
    out = []
    municipal = rows[rows["area_level"] == "gemeinde"]
    for (source_id, date), table in municipal.groupby(["source_id", "date"], sort=True, observed=True):
        rule = rules[source_id]
        if not rule.complete or rule.register:
            continue
        expected, editions = _expected_keys(registers, rule, date)
        lands = set(table["ags"].str[:2])
        expected = {k for k in expected if k[:2] in lands}
        missing: dict[str, set[str]] = {}
        for (variable, group), cells in table.groupby(["variable", "group"], sort=True, observed=True):
            for key in expected - set(cells["ags"]):
                missing.setdefault(key, set()).add(f"{variable}/{group}")
        if not missing:
            continue
        names = pd.concat([registers[e].set_index("ags")["area_name"] for e in editions])
        names = names[~names.index.duplicated()]
        kreis_of_row = table["ags"].str[:5]
        for kreis in sorted({k[:5] for k in missing}):
            keys = sorted(k for k in missing if k[:5] == kreis)
            size = sum(1 for k in expected if k[:5] == kreis)
            in_kreis = table[kreis_of_row == kreis]
            line = int(in_kreis["_line"].max()) if not in_kreis.empty else int(table["_line"].max()) + 1
            figures = sorted({f for k in keys for f in missing[k]})
            listed = ", ".join(f"{k} {names.get(k, '')}".strip() for k in keys[:5])
            more = f" and {len(keys) - 5} more" if len(keys) > 5 else ""
            out.append(
                Finding(
                    ERROR,
                    str(table["_file"].iloc[0]),
                    line,
                    "ags",
                    f"{len(keys)} of the {size} municipalities of the Kreis {kreis} in the register "
                    f"({' and '.join(editions)}) are missing on {date} ({listed}{more}; "
                    f"{', '.join(figures[:3])}{' …' if len(figures) > 3 else ''}): is the file cut off?",
                )
            )
    return out


# ----------------------------------------------------------------------------------------------------
# jumps


def _jumps(rows: pd.DataFrame, rules: dict[str, SourceRules], registers: dict[str, pd.DataFrame]) -> list[Finding]:
    """Adjacent dates of one series (source prefix, area, variable, group, unit, basis) whose values differ by
    more than the source's factor; municipalities of a Kreis whose register changed in between are exempt."""
    checked = []
    for source_id, rule in rules.items():
        if rule.jumps is None:
            continue
        mine = rows[(rows["source_id"] == source_id) & rows["value"].notna()]
        if rule.jumps.variables:
            mine = mine[mine["variable"].isin(list(rule.jumps.variables))]
        else:
            mine = mine[mine["unit"] == "persons"]
        checked.append(mine.assign(_series=rule.prefix))
    if not checked:
        return []
    series = ["_series", "ags", "variable", "group", "unit", "basis"]
    work = pd.concat(checked).sort_values([*series, "date"], kind="stable").reset_index(drop=True)
    grouped = work.groupby(series, sort=False, observed=True)
    previous = grouped[["value", "date", "_file", "_line"]].shift(1)
    high = np.fmax(work["value"], previous["value"])
    low = np.fmin(work["value"], previous["value"])
    factor = work["_series"].map({r.prefix: r.jumps.factor for r in rules.values() if r.jumps})
    floor = work["_series"].map({r.prefix: r.jumps.floor for r in rules.values() if r.jumps})
    ratio = np.where(low > 0, high / low.where(low > 0, 1), np.inf)
    bad = previous["value"].notna() & (previous["date"] != work["date"]) & (high >= floor) & (ratio > factor)
    changed = _changed_kreise(registers)
    out = []
    for i in np.flatnonzero(bad.to_numpy()):
        row, before = work.iloc[i], previous.iloc[i]
        if row["area_level"] == "gemeinde" and any(
            k == row["ags"][:5] and e2 > before["date"] and e1 < row["date"] for k, e1, e2 in changed
        ):
            continue
        rule = rules_for(row["source_id"])
        out.append(
            Finding(
                rule.jumps.severity,
                str(row["_file"]),
                int(row["_line"]),
                "value",
                f"{row['variable']} {row['group']} of {row['ags']} {row['area_name']} jumps from "
                f"{_num(before['value'])} on {before['date']} ({before['_file']}, line {int(before['_line'])}) to "
                f"{_num(row['value'])} on "
                f"{row['date']}: more than ×{rule.jumps.factor:g} between adjacent dates of one series",
            )
        )
    return out


def _changed_kreise(registers: dict[str, pd.DataFrame]) -> list[tuple[str, str, str]]:
    """(Kreis, earlier edition, later edition) for each Kreis whose municipalities changed between editions."""
    out = []
    dates = sorted(registers)
    for earlier, later in zip(dates, dates[1:], strict=False):
        old, new = set(registers[earlier]["ags"]), set(registers[later]["ags"])
        out += [(k, earlier, later) for k in sorted({a[:5] for a in old ^ new})]
    return out
