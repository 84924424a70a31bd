"""The plausibility rules, one by one, on tiny frames in the columns of ``datasets.load_raw``."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from integration_analysis.data.plausibility import (
    DEFAULT_RULES,
    ERROR,
    LEGAL_SCOPE,
    SEX,
    SOURCE_RULES,
    WARNING,
    Finding,
    Tolerance,
    _tiles,
    check_plausibility,
    errors,
    rules_for,
    variable_partitions,
    warnings,
)

LEVELS = {8: "gemeinde", 5: "kreis", 2: "land"}
GV_2021, GV_2023 = "destatis_gv_2021-12-31", "destatis_gv_2023-12-31"
# a Kreis of three municipalities (area in km², population) as in the register
KREIS = {"08236004": (17.89, 10200), "08236070": (29.82, 9098), "08236073": (23.19, 6709)}


def row(
    ags: str = "08236070",
    variable: str = "population",
    group: str = "total",
    value: float = 1.0,
    *,
    source: str = "t",
    date: str = "2023-12-31",
    unit: str = "persons",
    basis: str = "update_census_2011",
    flag: str | None = None,
    row_source: str = "",
) -> dict:
    """One published figure; the file is named after the source, lines are numbered by ``frame``."""
    missing = isinstance(value, float) and math.isnan(value)
    return {
        "ags": ags,
        "area_name": f"Gebiet {ags}",
        "area_level": LEVELS[len(ags)],
        "date": date,
        "variable": variable,
        "group": group,
        "value": value,
        "flag": ("na" if missing else "") if flag is None else flag,
        "unit": unit,
        "basis": basis,
        "row_source": row_source,
        "source_id": source,
        "method": "published",
        "_file": f"{source}.csv",
    }


def frame(*rows: dict) -> pd.DataFrame:
    out = pd.DataFrame(list(rows))
    out["_line"] = out.groupby("_file").cumcount() + 2
    return out


def register(source: str = GV_2023, kreis: dict[str, tuple[float, int]] = KREIS, factor: float = 1.0) -> list[dict]:
    """A register edition: area, population total, male and female of each municipality."""
    date = source.removeprefix("destatis_gv_")
    out = []
    for ags, (area, population) in kreis.items():
        total = round(population * factor)
        male = total // 2
        out += [
            row(ags, "area", value=area, unit="km2", source=source, date=date),
            row(ags, value=total, source=source, date=date),
            row(ags, group="male", value=male, source=source, date=date),
            row(ags, group="female", value=total - male, source=source, date=date),
        ]
    return out


def found(*rows: dict) -> list[Finding]:
    return check_plausibility(frame(*rows))


def only(findings: list[Finding], severity: str = ERROR) -> Finding:
    assert len(findings) == 1, [str(f) for f in findings]
    assert findings[0].severity == severity
    return findings[0]


# --- the declarations ---------------------------------------------------------------------------------------


def test_rules_are_frozen_data_keyed_by_prefix():
    prefixes = [rule.prefix for rule in SOURCE_RULES]
    assert len(prefixes) == len(set(prefixes))
    for rule in SOURCE_RULES:
        assert rule.sum_severity in (ERROR, WARNING)
        assert rule.jumps is None or rule.jumps.severity in (ERROR, WARNING)
    with pytest.raises(dataclasses.FrozenInstanceError):
        SOURCE_RULES[0].register = False  # type: ignore[misc]


def test_rules_by_longest_prefix():
    assert rules_for("destatis_gv_2023-12-31").register
    assert rules_for("ba_arbeitslose_gemeinden_2015").partitions == (LEGAL_SCOPE,)
    assert rules_for("compiled_population").sum_severity == WARNING
    assert rules_for("genesis_api_12531-0043_2024-12-31").rounding_base == 5
    assert rules_for("genesis_12411-03-03-4_2023-12-31") is DEFAULT_RULES
    assert rules_for("official_lookups").tolerance("census_2011").allowed(2) == 2
    assert rules_for("official_lookups").tolerance("update_census_2011").allowed(2) == 0


def test_partitions_are_declared_once():
    partitions = variable_partitions()
    assert partitions["population"] == ("germans", "foreigners")
    assert partitions["moves_in"] == ("moves_in_germans", "moves_in_foreigners")
    assert "unemployed" not in partitions  # its foreigners only: no partition
    assert SEX.whole_of("male") == "total"
    assert SEX.whole_of("female_age_18_25") == "age_18_25"
    assert SEX.whole_of("total") is None and SEX.whole_of("malevolent") is None
    assert LEGAL_SCOPE.whole_of("sgb3_total") == "total"
    assert LEGAL_SCOPE.whole_of("sgb2_age_15_to_19") == "age_15_to_19"


def test_tolerance_grows_with_the_parts():
    assert Tolerance(absolute=0.5, per_part=0.5).allowed(28) == 14.5
    assert Tolerance().allowed(1000) == 0


@pytest.mark.parametrize(
    ("bands", "tiles"),
    [
        (("00_03", "03_06", "06_plus"), True),
        (("00_18", "18_plus"), True),
        (("00_03", "06_plus"), False),  # a gap
        (("00_06", "03_06", "06_plus"), False),  # overlapping
        (("00_03", "03_06"), False),  # no open end
        (("03_06", "06_plus"), False),  # no start at 0
    ],
)
def test_age_bands_must_tile_all_ages(bands, tiles):
    assert _tiles(tuple(sorted(bands))) is tiles


def test_finding_names_file_line_and_column():
    finding = Finding(ERROR, "x.csv", 7, "value", "wrong")
    assert str(finding) == "x.csv, line 7, column 'value': wrong"
    assert errors([finding]) == [finding] and warnings([finding]) == []


def test_no_rows_no_findings():
    assert check_plausibility(frame(row()).iloc[0:0]) == []


# --- parts and totals ---------------------------------------------------------------------------------------


def test_male_plus_female_must_equal_total_exactly():
    assert found(row(value=9098), row(group="male", value=4431), row(group="female", value=4667)) == []
    finding = only(found(row(value=9098), row(group="male", value=4431), row(group="female", value=4668)))
    assert str(finding).startswith("t.csv, line 2, column 'value': population total (08236070)")
    assert "male + female, lines 3–4" in finding.message
    assert "add up to 9099, the total is 9098 (difference +1; no difference allowed)" in finding.message


def test_combined_groups_add_up_by_sex():
    rows = [row(group="age_18_25", value=10), row(group="male_age_18_25", value=6), row(group="female_age_18_25")]
    finding = only(found(*rows))
    assert "population age_18_25" in finding.message and "add up to 7, the total is 10" in finding.message


def test_an_unpublished_part_makes_the_sum_a_lower_bound():
    secret = row(group="female", value=float("nan"), flag=".")
    assert found(row(value=100), row(group="male", value=60), secret) == []
    finding = only(found(row(value=100), row(group="male", value=120), secret))
    assert "1 part(s) unpublished: at least 120" in finding.message


def test_a_partition_with_a_part_missing_is_not_compared():
    assert found(row(value=100), row(group="male", value=60)) == []


def test_germans_plus_foreigners_is_population():
    rows = [row(value=100), row(variable="germans", value=80), row(variable="foreigners", value=19)]
    finding = only(found(*rows))
    assert "germans + foreigners" in finding.message and "difference -1" in finding.message


def test_ba_legal_scopes_may_miss_their_total_by_one():
    ba = "ba_arbeitslose_gemeinden_2015"

    def scopes(sgb3: float) -> list[dict]:
        return [
            row(variable="unemployed", value=100, source=ba, date="2015", basis="ba_statistics"),
            row(variable="unemployed", group="sgb3_total", value=sgb3, source=ba, date="2015", basis="ba_statistics"),
            row(variable="unemployed", group="sgb2_total", value=60, source=ba, date="2015", basis="ba_statistics"),
        ]

    assert found(*scopes(41)) == []
    finding = only(found(*scopes(42)))
    assert "SGB III + SGB II" in finding.message and "rounding allows ±1" in finding.message


@pytest.mark.parametrize(("foreigners", "ok"), [(1090, True), (1092, True), (1093, False)])
def test_zensus_2011_perturbation_allows_one_person_per_part(foreigners, ok):
    source = "regionalstatistik_12111-01-01-5_2011-05-09"
    rows = [
        row("08236004", value=10196, source=source, date="2011-05-09", basis="census_2011"),
        row("08236004", "germans", value=9106, source=source, date="2011-05-09", basis="census_2011"),
        row("08236004", "foreigners", value=foreigners, source=source, date="2011-05-09", basis="census_2011"),
    ]
    assert (found(*rows) == []) is ok


def test_a_table_of_several_bases_has_a_tolerance_per_basis():
    def nationality(basis: str, date: str) -> list[dict]:
        return [
            row("08236", value=191354, source="official_lookups", date=date, basis=basis),
            row("08236", "germans", value=174381, source="official_lookups", date=date, basis=basis),
            row("08236", "foreigners", value=16972, source="official_lookups", date=date, basis=basis),
        ]

    assert found(*nationality("census_2011", "2011-05-09")) == []  # SAFE: off by 1
    assert "no difference allowed" in only(found(*nationality("update_census_2011", "2011-12-31"))).message


def test_secondary_sums_are_warnings():
    # Mühlacker, Zensus 2022, as a press page quotes it (compiled/foreigners.csv)
    figures = {"total": 26420, "male": 13129, "female": 13289}
    rows = [row("08236040", group=g, value=v, source="compiled_foreigners") for g, v in figures.items()]
    assert "add up to 26418" in only(found(*rows), WARNING).message


def test_age_bands_that_tile_all_ages_add_up_to_the_total():
    bands = {"age_00_18": 30, "age_18_65": 50, "age_65_plus": 19}
    rows = [row(value=100), *(row(group=g, value=v) for g, v in bands.items())]
    finding = only(found(*rows))
    assert "age bands" in finding.message and "add up to 99, the total is 100" in finding.message
    # bands of one sex add up to that sex
    female = [row(group="female", value=50), *(row(group=f"female_{g}", value=v) for g, v in bands.items())]
    assert "population female" in only(found(*female)).message
    # selected bands that do not tile are not summed
    assert found(row(value=100), row(group="age_00_18", value=30), row(group="age_65_plus", value=19)) == []


def test_protection_seekers_cells_are_multiples_of_5():
    source = "genesis_api_12531-0043_2024-12-31"

    def cells(male: float) -> list[dict]:
        kw = {"source": source, "date": "2024-12-31", "basis": "other", "variable": "protection_seekers"}
        return [row("08236", value=1000, **kw), row("08236", group="male", value=male, **kw)] + [
            row("08236", group="female", value=400, **kw)
        ]

    assert found(*cells(605)) == []  # 1005 against 1000: within 5 per part
    assert "rounding allows ±10" in only(found(*cells(615))).message
    finding = only(found(*cells(603)))
    assert "= 603 is not a multiple of 5" in finding.message and finding.line == 3


# --- municipalities and the Kreis and Land totals -----------------------------------------------------------


def test_municipalities_add_up_to_a_total_of_another_source():
    total = row("08236", value=10200 + 9098 + 6709, source="official_lookups")
    assert found(*register(), total) == []
    wrong = row("08236", value=26100, source="official_lookups")
    finding = only(found(*register(), wrong))
    assert (finding.file, finding.line, finding.column) == ("official_lookups.csv", 2, "value")
    assert "total from official_lookups, municipalities from destatis_gv_2023-12-31" in finding.message
    assert "add up to 26007, the total is 26100" in finding.message


def test_a_secondary_total_is_a_warning():
    finding = only(found(*register(), row("08236", value=26100, source="compiled_population")), WARNING)
    assert "compiled_population" in finding.message


def test_a_land_total_off_by_millions():
    finding = only(found(*register(), row("08", value=11_104_040, source="compiled_population")), WARNING)
    assert "add up to 26007, the total is 11104040" in finding.message


def test_ba_municipalities_may_miss_their_kreis_by_rounding():
    ba = "ba_arbeitslose_gemeinden_2015"

    def table(kreis: float) -> list[dict]:
        figures = [("08236004", 100), ("08236070", 50), ("08236073", 30), ("08236", kreis)]
        return [row(a, "unemployed", value=v, source=ba, date="2015", basis="ba_statistics") for a, v in figures]

    assert found(*register(GV_2021), *register(), *table(181)) == []  # 2 per 3 parts allowed
    finding = only(found(*register(GV_2021), *register(), *table(190)))
    assert "add up to 180, the total is 190" in finding.message and "rounding allows ±2" in finding.message


def test_an_incomplete_set_of_municipalities_is_not_summed():
    zensus = [
        row(a, value=v, source="zensus2022_gemeinden", date="2022-05-15", basis="census_2022")
        for a, v in (("08236004", 10000), ("08236070", 9100))
    ]
    total = row("08236", value=197899, source="compiled_population", date="2022-05-15", basis="census_2022")
    finding = only(found(*register(GV_2021), *register(), *zensus, total))
    assert "missing on 2022-05-15" in finding.message  # the gap is the finding, not the sum of the others


def test_a_cut_register_edition_misses_the_totals_too():
    """The register defines the municipalities at its own date: cut, its sums miss every published total."""
    partial = [r for r in register() if r["ags"] != "08236073"]
    findings = found(*register(GV_2021), *partial, row("08236", value=26007, source="official_lookups"))
    assert ["missing on 2023-12-31" in f.message for f in findings] == [False, True]
    assert "add up to 19298, the total is 26007" in findings[0].message


# --- single values ------------------------------------------------------------------------------------------


def test_a_share_of_130_is_refused():
    finding = only(found(row(variable="foreigners_share", value=130.0, unit="percent", basis="census_2022")))
    assert str(finding) == (
        "t.csv, line 2, column 'value': a share of 130 % lies outside 0–100 (foreigners_share, total)"
    )
    assert only(found(row(variable="foreigners_share", value=-0.1, unit="percent")))


def test_rates_and_changes_may_leave_0_to_100():
    rate = row("08236", "inkar_childcare_3to6", value=102.4, unit="percent", source="inkar_kreise", date="2020")
    change = row("08", "foreigners", "change_vs_previous_year_pct", value=-3.2, unit="percent", source="compiled_x")
    assert found(rate, change) == []
    other = row("08236", "inkar_share_abitur", value=102.4, unit="percent", source="inkar_kreise", date="2020")
    assert only(found(other))


def test_a_count_of_8_736_persons_is_refused():
    finding = only(found(row(value=8.736)))
    assert "a count of persons with a fraction: 8.736" in finding.message
    assert (finding.line, finding.column) == (2, "value")


def test_a_negative_count_is_refused_but_a_balance_is_not():
    assert "negative foreigners -3" in only(found(row(variable="foreigners", value=-3.0))).message
    assert found(row(variable="net_migration", value=-106.0)) == []
    assert found(row(variable="foreigners", group="change_vs_previous_year", value=-50.0)) == []


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        (row(value=5_000_000.0), "population = 5000000 persons lies outside the plausible range 1–4000000"),
        (row(variable="area", value=0.01, unit="km2"), "area = 0.01 km2"),
        (row(variable="net_rent_per_m2", value=45.0, unit="eur_per_m2"), "net_rent_per_m2 = 45 eur_per_m2"),
        (row(variable="population_density", value=12000.0, unit="persons_per_km2"), "population_density"),
    ],
)
def test_values_outside_their_plausible_range(figure, message):
    assert message in only(found(figure)).message


def test_many_bad_rows_give_a_few_findings_and_a_count():
    findings = found(*(row(f"082360{i:02d}", value=8.5) for i in range(8)))
    assert len(findings) == 5
    assert findings[-1].message.endswith("(3 more row(s) like it in this file)")


# --- the register and the coverage of other sources ---------------------------------------------------------


def test_a_municipality_missing_from_the_next_edition_is_refused():
    cut = [r for r in register() if r["ags"] != "08236073"]
    finding = only(found(*register(GV_2021), *cut))
    assert finding.file == f"{GV_2023}.csv" and finding.column == "ags"
    assert finding.line == 9  # the last row of the Kreis in the cut edition
    assert "08236073 Gebiet 08236073" in finding.message and "missing on 2023-12-31" in finding.message
    assert "has 70.9 km² on 2021-12-31 and 47.71 km² on 2023-12-31" in finding.message


def test_an_earlier_edition_that_lacks_a_municipality_is_named():
    cut = [r for r in register(GV_2021) if r["ags"] != "08236004"]
    finding = only(found(*cut, *register()))
    assert finding.file == f"{GV_2021}.csv"
    assert "08236004" in finding.message and "is the edition of 2021-12-31 cut off?" in finding.message


def test_a_merger_keeps_the_area_of_the_kreis():
    merged = {"08236004": (17.89 + 23.19, 16909), "08236070": (29.82, 9098)}
    assert found(*register(GV_2021), *register(kreis=merged)) == []


def test_a_complete_source_lacks_a_municipality():
    zensus = [
        row(a, value=v, source="zensus2022_gemeinden", date="2022-05-15", basis="census_2022")
        for a, v in (("08236004", 10000), ("08236070", 9100))
    ]
    finding = only(found(*register(GV_2021), *register(), *zensus))
    assert (finding.file, finding.line, finding.column) == ("zensus2022_gemeinden.csv", 3, "ags")
    assert "1 of the 3 municipalities of the Kreis 08236 in the register (2021-12-31 and 2023-12-31)" in (
        finding.message
    )
    assert "08236073 Gebiet 08236073; population/total" in finding.message


def test_a_declared_gap_of_the_publisher_is_not_missing():
    borslingen = {"08425022": (10.1, 160), "08425024": (12.3, 300)}
    ba = [row("08425024", "unemployed", value=4, source="ba_arbeitslose_gemeinden_2014", date="2014")]
    assert found(*register(GV_2021, borslingen), *register(kreis=borslingen), *ba) == []


# --- jumps --------------------------------------------------------------------------------------------------


def test_a_jump_by_ten_names_both_values_and_files():
    findings = found(*register(GV_2021), *register(factor=10))
    jumps = [f for f in findings if "jumps" in f.message]
    assert len(jumps) == 9  # total, male and female of three municipalities
    birkenfeld = next(f for f in jumps if "population total of 08236004" in f.message)
    assert (birkenfeld.file, birkenfeld.line, birkenfeld.column) == (f"{GV_2023}.csv", 3, "value")
    assert birkenfeld.severity == ERROR
    assert "jumps from 10200 on 2021-12-31 (destatis_gv_2021-12-31.csv, line 3) to 102000 on 2023-12-31" in (
        birkenfeld.message
    )


def test_small_counts_and_basis_changes_are_no_jumps():
    tiny = {"08236004": (17.89, 44)}
    assert found(*register(GV_2021, tiny), *register(kreis=tiny, factor=2)) == []  # 44 → 88: below the floor
    census = row("08236004", value=30000, source="destatis_gv_2022", date="2022-05-15", basis="census_2022")
    assert not any("jumps" in f.message for f in found(*register(GV_2021), census))


def test_a_merger_excuses_a_jump():
    merged = {"08236004": (17.89 + 23.19, 16909), "08236070": (29.82, 9098)}
    assert found(*register(GV_2021), *register(kreis=merged)) == []  # Birkenfeld × 1.66 after the merger


def test_an_inkar_jump_is_a_warning():
    shares = [(1996, 28.92), (1997, 9.63)]
    rows = [
        row("08216", "foreigners_share", value=v, unit="percent", source="inkar_kreise", date=str(d), basis="x")
        for d, v in shares
    ]
    finding = only(found(*rows), WARNING)
    assert "jumps from 28.92 on 1996" in finding.message and "to 9.63 on 1997" in finding.message
