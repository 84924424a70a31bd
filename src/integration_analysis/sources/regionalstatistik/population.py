"""Specs of the Regionalstatistik tables on population, employment and unemployment (municipal ``-5`` and Kreis
``-4`` tables of ``official/regionalstatistik-2017``).

``SPECS`` maps each file name to its ``TableSpec``; the labels are exactly those of the files' column header
lines. The vocabulary (variables, groups, dates, bases) is listed in docs/data-vocabulary.md.

Sex × age cells are left out where a table crosses them (columns mapped to False): the nationality × age cells and
the totals are what the reports use, and the municipal extracts stay small.
"""

from __future__ import annotations

from dataclasses import replace

from ..genesis import AGE_GROUPS_21, SPEC_12411_03_03_4, ColumnSpec, TableSpec
from .ages import age_group

CENSUS_2011 = "2011-05-09"

_SEXES = {"Insgesamt": "total", "männlich": "male", "weiblich": "female"}
_NATIONALITIES = {"Insgesamt": "population", "Deutsche": "germans", "Ausländer(innen)": "foreigners"}

#: Zensus 2011, Bevölkerung nach Geschlecht und Nationalität (12111-01-01-5 Gemeinden, -4 Kreise). The
#: census prints no date column: the Stichtag 09.05.2011 stands in the title.
SPEC_12111_01_01 = TableSpec(
    name="regionalstatistik_12111-01-01",
    table_codes=("12111-01-01-5", "12111-01-01-4"),
    columns={
        ("Bevölkerung", nationality, sex, "Anzahl"): ColumnSpec(variable, group)
        for nationality, variable in _NATIONALITIES.items()
        for sex, group in _SEXES.items()
    },
    basis="census_2011",
    date=CENSUS_2011,
)

_CENSUS_AGES = (
    "unter 3 Jahre",
    "3 bis unter 6 Jahre",
    "6 bis unter 15 Jahre",
    "15 bis unter 18 Jahre",
    "18 bis unter 25 Jahre",
    "25 bis unter 30 Jahre",
    "30 bis unter 40 Jahre",
    "40 bis unter 50 Jahre",
    "50 bis unter 65 Jahre",
    "65 bis unter 75 Jahre",
    "75 Jahre und mehr",
)
_CENSUS_AGE_HEADER = "Altersgruppen (unter 3, ..., 75 Jahre und mehr)"
#: Each age band (and "Insgesamt") has five columns: Insgesamt, männlich, weiblich, Deutsche, Ausländer(innen).
_CENSUS_CATEGORIES = {
    "Insgesamt": ("population", "total"),
    "männlich": ("population", "male"),
    "weiblich": ("population", "female"),
    "Deutsche": ("germans", "total"),
    "Ausländer(innen)": ("foreigners", "total"),
}


def _census_age_column(age: str, category: str) -> ColumnSpec | bool:
    """Totals over all ages by sex and nationality; per age band by nationality only (sex × age left out)."""
    variable, group = _CENSUS_CATEGORIES[category]
    if age == "Insgesamt":
        return ColumnSpec(variable, group)
    if group != "total":
        return False
    return ColumnSpec(variable, age_group(age))


#: Zensus 2011, Bevölkerung nach Geschlecht/Nationalität und Altersgruppen (11 bands; -5 Gemeinden, -4 Kreise).
SPEC_12111_02_01 = TableSpec(
    name="regionalstatistik_12111-02-01",
    table_codes=("12111-02-01-5", "12111-02-01-4"),
    columns={
        ("Bevölkerung", _CENSUS_AGE_HEADER, age, category, "Anzahl"): _census_age_column(age, category)
        for age in ("Insgesamt", *_CENSUS_AGES)
        for category in _CENSUS_CATEGORIES
    },
    basis="census_2011",
    date=CENSUS_2011,
)

#: Bevölkerungsstand: Bevölkerung nach Geschlecht, 31.12.2008 … 31.12.2015 (Gemeinden). The file spans the
#: change of basis: 31.12.2008–2010 are the population update on the earlier counts (update_pre_census_2011),
#: 31.12.2011–2015 the update on the Zensus 2011 (update_census_2011; footer: "ab dem Berichtsjahr 2011: nach
#: dem Zensus 2011"). Choice: one extract, the basis per row; a series of this extract is a series per
#: basis and breaks between 31.12.2010 and 31.12.2011 (Maulbronn 6,514 → 6,317 is that correction, not a loss).
SPEC_12411_01_01_5 = TableSpec(
    name="regionalstatistik_12411-01-01-5",
    table_codes=("12411-01-01-5",),
    columns={(sex,): ColumnSpec("population", group) for sex, group in _SEXES.items()},
    basis_by_note=(("ab dem Berichtsjahr 2011: nach dem Zensus 2011", "update_census_2011"),),
    basis_by_date=(("2010-12-31", "update_pre_census_2011"),),
)

#: The 17 age groups of the population update (the 21 of ``genesis.AGE_GROUPS_21`` with 65–75 and 75+ joined).
_AGES_17 = (*AGE_GROUPS_21[:15], "65 bis unter 75 Jahre", "75 Jahre und mehr")
_AGES_21 = AGE_GROUPS_21
_UPDATE_AGE_HEADER = "Altersgruppen (unter 3 bis 75 u.m.)"


def _update_age_column(sex: str, age: str) -> ColumnSpec | bool:
    """Totals over all ages by sex; per age band both sexes together (sex × age left out)."""
    if age == "Insgesamt":
        return ColumnSpec("population", _SEXES[sex])
    return ColumnSpec("population", age_group(age)) if sex == "Insgesamt" else False


#: Bevölkerungsstand: Bevölkerung nach Geschlecht und Altersgruppen (17), 31.12.2015 (Gemeinden).
SPEC_12411_02_03_5 = TableSpec(
    name="regionalstatistik_12411-02-03-5",
    table_codes=("12411-02-03-5",),
    columns={
        (sex, _UPDATE_AGE_HEADER, age): _update_age_column(sex, age)
        for sex in _SEXES
        for age in (*_AGES_17, "Insgesamt")
    },
    basis_by_note=(("Grundlage des Zensus 2011", "update_census_2011"),),
    date="2015-12-31",
)

#: Durchschnittsalter der Bevölkerung, 31.12.2015 (Gemeinden). The file has no note on the basis: the average
#: age of the population update on 31.12.2015, which its sibling tables (12411-01-01-5, -02-03-5) say is on
#: the Zensus 2011 basis.
SPEC_12411_07_01_5 = TableSpec(
    name="regionalstatistik_12411-07-01-5",
    table_codes=("12411-07-01-5",),
    columns={
        ("Durchschnittsalter der Bevölkerung", label, "Jahre"): ColumnSpec("average_age", group, "years")
        for label, group in (("", "total"), ("männlich", "male"), ("weiblich", "female"))
    },
    basis="update_census_2011",
    date="2015-12-31",
)

#: The nationality columns of the shipped 12411-03-03-4 spec, both sexes together (sex left out).
_KREIS_NATIONALITY_COLUMNS = {
    labels: target if target.group == "total" else False for labels, target in SPEC_12411_03_03_4.columns.items()
}

#: Bevölkerungsstand: Bevölkerung nach Geschlecht, Nationalität und Altersgruppen (21), 31.12.2015 (Kreise);
#: the age rows become groups. Basis from the footer ("… auf Grundlage des Zensus 2011").
SPEC_12411_03_03_4_AGES = replace(
    SPEC_12411_03_03_4,
    name="regionalstatistik_12411-03-03-4",
    columns=_KREIS_NATIONALITY_COLUMNS,
    row_labels={("Insgesamt",): True, **{(age,): age_group(age) for age in _AGES_21}},
    date="2015-12-31",
)

#: The same for 31.12.2010 with 17 age bands (12411-03-02-4, "bis 2010"): the population update on the
#: earlier counts; the footer has no note on the basis.
SPEC_12411_03_02_4 = replace(
    SPEC_12411_03_03_4_AGES,
    name="regionalstatistik_12411-03-02-4",
    table_codes=("12411-03-02-4",),
    row_labels={("Insgesamt",): True, **{(age,): age_group(age) for age in _AGES_17}},
    basis="update_pre_census_2011",
    basis_by_note=(),
    date="2010-12-31",
)


def _employees(variable: str) -> dict[tuple[str, ...], ColumnSpec]:
    """Columns of the 13111 tables by nationality (all, foreigners) and sex."""
    return {
        ("Nationalität", nationality, "Geschlecht", sex): ColumnSpec(name, group)
        for nationality, name in (("Insgesamt", variable), ("Ausländer(innen)", f"{variable}_foreigners"))
        for sex, group in _SEXES.items()
    }


#: Sozialversicherungspflichtig Beschäftigte am Arbeitsort / am Wohnort nach Geschlecht und Nationalität,
#: 30.06. (Beschäftigungsstatistik der BA). The Kreis tables print the date per row (2012–2015), the municipal
#: ones 30.06.2015 in the title.
SPEC_13111_01_03_4 = TableSpec(
    name="regionalstatistik_13111-01-03-4",
    table_codes=("13111-01-03-4",),
    columns=_employees("employees_workplace"),
    basis="employment_statistics",
)
SPEC_13111_01_03_5 = replace(
    SPEC_13111_01_03_4, name="regionalstatistik_13111-01-03-5", table_codes=("13111-01-03-5",), date="2015-06-30"
)
SPEC_13111_02_02_4 = replace(
    SPEC_13111_01_03_4,
    name="regionalstatistik_13111-02-02-4",
    table_codes=("13111-02-02-4",),
    columns=_employees("employees_residence"),
)
SPEC_13111_02_02_5 = replace(
    SPEC_13111_02_02_4, name="regionalstatistik_13111-02-02-5", table_codes=("13111-02-02-5",), date="2015-06-30"
)

#: Arbeitslose nach ausgewählten Personengruppen, Jahresdurchschnitt (Arbeitsmarktstatistik der BA): years in
#: the rows of the Kreis table (2001–2016), "Jahr: 2016" in the title of the municipal one. The "und zwar"
#: columns are parts of the total that overlap one another (15–20 within 15–25). Left out: "schwerbehindert"
#: and "langzeitarbeitslos", whose cells exceed the total in rows of both files (Börslingen 08425022, 2016:
#: 6 severely disabled and 18 long-term unemployed of 2 unemployed; Landkreis Rastatt 08216, 2010: 6,851
#: long-term unemployed of 5,410; Ellerhoop in Schleswig-Holstein, 2016: 854 of 26).
SPEC_13211_01_03_4 = TableSpec(
    name="regionalstatistik_13211-01-03-4",
    table_codes=("13211-01-03-4",),
    columns={
        ("Arbeitslose insgesamt", "", "", "Anzahl"): ColumnSpec("unemployed"),
        ("Arbeitslose", "und zwar", "Ausländer", "Anzahl"): ColumnSpec("unemployed_foreigners"),
        ("Arbeitslose", "und zwar", "schwerbehindert", "Anzahl"): False,
        ("Arbeitslose", "und zwar", "15 bis unter 20 Jahre", "Anzahl"): ColumnSpec("unemployed", "age_15_20"),
        ("Arbeitslose", "und zwar", "15 bis unter 25 Jahre", "Anzahl"): ColumnSpec("unemployed", "age_15_25"),
        ("Arbeitslose", "und zwar", "55 bis unter 65 Jahre", "Anzahl"): ColumnSpec("unemployed", "age_55_65"),
        ("Arbeitslose", "und zwar", "langzeitarbeitslos", "Anzahl"): False,
    },
    basis="ba_statistics",
)
SPEC_13211_01_03_5 = replace(
    SPEC_13211_01_03_4, name="regionalstatistik_13211-01-03-5", table_codes=("13211-01-03-5",), date="2016"
)

#: The specs by file name in ``official/regionalstatistik-2017``.
SPECS: dict[str, TableSpec] = {
    "12111-01-01-5_00.csv": SPEC_12111_01_01,
    "12111-01-01-4_00.csv": SPEC_12111_01_01,
    "12111-02-01-5_00.csv": SPEC_12111_02_01,
    "12111-02-01-4_00.csv": SPEC_12111_02_01,
    "12411-01-01-5_00.csv": SPEC_12411_01_01_5,
    "12411-02-03-5_00.csv": SPEC_12411_02_03_5,
    "12411-07-01-5_00.csv": SPEC_12411_07_01_5,
    "12411-03-02-4_00.csv": SPEC_12411_03_02_4,
    "12411-03-03-4_00.csv": SPEC_12411_03_03_4_AGES,
    "13111-01-03-5_00.csv": SPEC_13111_01_03_5,
    "13111-02-02-5_00.csv": SPEC_13111_02_02_5,
    "13111-01-03-4_00.csv": SPEC_13111_01_03_4,
    "13111-02-02-4_00.csv": SPEC_13111_02_02_4,
    "13211-01-03-5_00.csv": SPEC_13211_01_03_5,
    "13211-01-03-4_00.csv": SPEC_13211_01_03_4,
}
