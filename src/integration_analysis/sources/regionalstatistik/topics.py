"""Specs of the Regionalstatistik Kreis tables that describe integration (download of 10.10.2017).

Owns ``SPECS``: file name → ``genesis.TableSpec`` for naturalisations, moves across the Kreis border, pupils,
children in day care, social assistance, the Zensus 2011 tables on qualification, employment status and
migration background, and the unemployment rates. Every label printed in a file is listed here, mapped or left
out on purpose (False: breakdowns no report needs, such as sex where the total is published). What the variables
and groups mean is written down in ``docs/data-vocabulary-topics.md``; the importer of the package reads and
writes the files.
"""

from __future__ import annotations

from ..genesis import ColumnSpec, RowSpec, TableSpec

_ZENSUS_2011 = "2011-05-09"
#: The school tables print the year the school year starts in ("Stichtag: Schuljahresbeginn"; 2015 = 2015/16).
_SCHOOL_YEAR_START = "2015"
#: Nationality printed by row: the suffix of the variable.
_NATIONALITY_ROWS = {
    ("Insgesamt",): RowSpec(),
    ("Deutsche",): RowSpec(suffix="_germans"),
    ("Ausländer(innen)",): RowSpec(suffix="_foreigners"),
}


def _code(code: str) -> dict[str, object]:
    return {"name": f"regionalstatistik_{code}", "table_codes": (code,)}


_CONTINENTS = {
    "Insgesamt": "total",
    "Afrika": "continent_africa",
    "Amerika": "continent_america",
    "Asien": "continent_asia",
    "Australien und Ozeanien": "continent_oceania",
    "Europa": "continent_europe",
    "Staatenlos, unbekannt, ungeklärt, ohne Angabe": "continent_stateless_unknown",
}
NATURALISATIONS = TableSpec(
    **_code("12511-01-01-4"),
    columns={
        ("Einbürgerungen von Ausländern", "Kontinente (einschl. staatenlos etc.)", label, "Anzahl"): ColumnSpec(
            "naturalisations", group
        )
        for label, group in _CONTINENTS.items()
    },
    basis="naturalisation_statistics",
)

MOVES = TableSpec(
    **_code("12711-05-02-4"),
    columns={
        (f"{direction} über die Kreisgrenzen", "Geschlecht", sex, "Anzahl"): (
            ColumnSpec(variable) if sex == "Insgesamt" else False
        )
        for direction, variable in (("Zuzüge", "moves_in"), ("Fortzüge", "moves_out"))
        for sex in ("Insgesamt", "männlich", "weiblich")
    },
    row_labels=_NATIONALITY_ROWS,
    basis="migration_statistics",
)


def _school_columns(
    schools: str, pupils: str, extra: tuple[tuple[str, str], ...] = ()
) -> dict[tuple[str, ...], ColumnSpec | bool]:
    """Schools and pupils (total, foreigners); pupils by sex and the extra (dimension, label) columns left out."""
    return {
        (schools, "", "", "Anzahl"): ColumnSpec("schools", unit="count"),
        (pupils, "Geschlecht", "Insgesamt", "Anzahl"): ColumnSpec("pupils"),
        (pupils, "Geschlecht", "weiblich", "Anzahl"): False,
        (pupils, "Nationalität", "Ausländer(innen)", "Anzahl"): ColumnSpec("pupils_foreigners"),
        **{(pupils, dimension, label, "Anzahl"): False for dimension, label in extra},
    }


GENERAL_SCHOOLS = TableSpec(
    **_code("21111-01-03-4"),
    columns=_school_columns(
        "Allgemein bildende Schulen",
        "Schüler(innen) an allgemein bildenden Schulen",
        (
            ("Klassenstufe / Jahrgangsstufe / Schulbesuchsjahr", "7. Klassenstufe"),
            ("Klassenstufe / Jahrgangsstufe / Schulbesuchsjahr", "11. Jahrgangsstufe / Einführungsphase"),
        ),
    ),
    row_labels={
        ("Vorschulbereich",): "school_preschool",
        ("Grundschulen",): "school_primary",
        ("Schulartunabhängige Orientierungsstufe",): "school_orientation_stage",
        ("Hauptschulen",): "school_hauptschule",
        ("Schularten mit mehreren Bildungsgängen",): "school_multiple_tracks",
        ("Realschulen",): "school_realschule",
        ("Gymnasien",): "school_gymnasium",
        ("Integrierte Gesamtschulen",): "school_comprehensive",
        ("Freie Waldorfschulen",): "school_waldorf",
        ("Sonderschulen/Förderschulen",): "school_special_needs",
        ("Abendschulen und Kollegs",): "school_evening",
        # not "total": the vocational schools are another table
        ("Insgesamt",): "school_general",
    },
    date=_SCHOOL_YEAR_START,
    basis="school_statistics",
)

VOCATIONAL_SCHOOLS = TableSpec(
    **_code("21121-01-05-4"),
    columns=_school_columns("Berufliche Schulen", "Schüler(innen) an beruflichen Schulen"),
    row_labels={
        ("Berufsschulen",): "school_berufsschule",
        ("darunter: Berufsschulen (Schüler o. Ausb.vertrag)",): "school_berufsschule_without_contract",
        ("Berufsaufbauschulen",): "school_berufsaufbauschule",
        ("Berufsfachschulen",): "school_berufsfachschule",
        ("Fachoberschulen",): "school_fachoberschule",
        ("Fachgymnasien",): "school_fachgymnasium",
        ("Berufsober- / Technische Oberschulen",): "school_berufsoberschule",
        ("Fachschulen",): "school_fachschule",
        ("Fachakademien / Berufsakademien",): "school_fachakademie",
        ("Insgesamt",): "school_vocational",
    },
    date=_SCHOOL_YEAR_START,
    basis="school_statistics",
)

DAY_CARE = TableSpec(
    **_code("22543-01-02-4"),
    columns={
        ("Betreute Kinder", "", "", "Anzahl"): ColumnSpec("children_day_care"),
        ("Betreute Kinder", "Altersgruppe", "unter 3 Jahre", "Anzahl"): ColumnSpec("children_day_care", "age_00_03"),
        ("Betreute Kinder", "Altersgruppe", "3 bis unter 6 Jahre", "Anzahl"): ColumnSpec(
            "children_day_care", "age_03_06"
        ),
        ("Betreute Kinder", "Altersgruppe", "6 bis unter 14 Jahre", "Anzahl"): ColumnSpec(
            "children_day_care", "age_06_14"
        ),
        ("Kinder, Herkunft mind. 1 Elternteil ausländisch", "", "", "Anzahl"): ColumnSpec(
            "children_day_care_foreign_parent"
        ),
        ("Kinder mit Mittagsverpflegung", "", "", "Anzahl"): False,
    },
    row_labels={
        ("Tageseinrichtung",): "care_centre",
        ("Tagespflege",): "childminder",
        ("Insgesamt (ohne Doppelzählungen)",): True,
    },
    basis="child_day_care_statistics",
)

_HLU = "Empfänger(innen) von Sozialhilfe"
SOCIAL_ASSISTANCE_HLU = TableSpec(
    **_code("22121-01-03-4"),
    columns={
        (_HLU, "", "", "Anzahl"): ColumnSpec("social_assistance_hlu"),
        (_HLU, "weiblich", "", "Anzahl"): False,
        (_HLU, "Ausländer(innen)", "", "Anzahl"): ColumnSpec("social_assistance_hlu_foreigners"),
        (_HLU, "außerhalb von Einrichtungen", "", "Anzahl"): False,
        **{
            (_HLU, "Altersgruppe", age, "Anzahl"): False
            for age in (
                "unter 7 Jahre",
                "7 bis unter 18 Jahre",
                "18 bis unter 25 Jahre",
                "25 bis unter 50 Jahre",
                "50 bis unter 65 Jahre",
                "65 Jahre und mehr",
            )
        },
    },
    basis="social_assistance_statistics",
)

_GS = "Empfänger von Grundsicherung"
_GS_REASONS = {
    "Insgesamt": "total",
    "voll erwerbsgeminderte Personen unter 65 Jahren": "reason_reduced_earning_capacity",
    "Personen ab 65 Jahren und älter": "reason_old_age",
}
BASIC_INCOME = TableSpec(
    **_code("22151-01-01-4"),
    columns={
        **{
            (_GS, place, reason, "Anzahl"): (
                ColumnSpec("basic_income_old_age_disability", group) if place == "Insgesamt" else False
            )
            for place in ("Insgesamt", "außerhalb von Einrichtungen", "in Einrichtungen")
            for reason, group in _GS_REASONS.items()
        },
        (_GS, "Deutsche", "", "Anzahl"): ColumnSpec("basic_income_old_age_disability_germans"),
        (_GS, "Ausländer(innen)", "", "Anzahl"): ColumnSpec("basic_income_old_age_disability_foreigners"),
    },
    row_labels={("Insgesamt",): True, ("männlich",): False, ("weiblich",): False},
    basis="social_assistance_statistics",
)


def _census_by_nationality(code: str, universe: str, variable: str, rows: dict[str, str | bool]) -> TableSpec:
    """A Zensus 2011 Kreis table: categories by row, total / sex / nationality by column (sex left out)."""
    return TableSpec(
        **_code(code),
        columns={
            (universe, "", "Anzahl"): ColumnSpec(variable),
            (universe, "männlich", "Anzahl"): False,
            (universe, "weiblich", "Anzahl"): False,
            (universe, "Deutsche", "Anzahl"): ColumnSpec(f"{variable}_germans"),
            (universe, "Ausländer(innen)", "Anzahl"): ColumnSpec(f"{variable}_foreigners"),
        },
        row_labels={(label,): target for label, target in rows.items()},
        date=_ZENSUS_2011,
        basis="census_2011",
    )


CENSUS_SCHOOL = _census_by_nationality(
    "12111-09-01-4",
    "Bevölkerung (ab 15 Jahren)",
    "census_school_qualification",
    {
        "Ohne Schulabschluss": "school_none",
        "Noch in schulischer Ausbildung": "school_in_education",
        "Haupt-/Volksschulabschluss": "school_hauptschule",
        "Realschul- oder gleichwertiger Abschluss": "school_realschule",
        "Gymnasiale Oberstufe": "school_upper_secondary",
        "Fachhochschulreife": "school_fachhochschulreife",
        "Allgemeine/fachgebundene Hochschulreife (Abitur)": "school_abitur",
        "Insgesamt": True,
    },
)

CENSUS_VOCATIONAL = _census_by_nationality(
    "12111-10-01-4",
    "Bevölkerung (ab 15 Jahren)",
    "census_vocational_qualification",
    {
        "Ohne beruflichen Ausbildungsabschluss": "vocational_none",
        "Abschl. einer berufl. Ausbildung von mind. 1 Jahr": "vocational_training",
        "Fachhoch-/Hochschulabschluss": "vocational_university",
        "Insgesamt": True,
    },
)

CENSUS_EMPLOYMENT = _census_by_nationality(
    "12111-11-01-4",
    "Bevölkerung nach Erwerbsstatus",
    "census_employment_status",
    {
        "Erwerbspersonen": "status_labour_force",
        "Erwerbstätige": "status_employed",
        "Erwerbslose": "status_unemployed",
        "Nichterwerbspersonen": "status_inactive",
        "Insgesamt": True,
    },
)

CENSUS_MIGRATION_STAY = _census_by_nationality(
    "12111-08-01-4",
    "Bevölkerung in privaten Haushalten",
    "census_household_population",
    {
        "unter 5 Jahre": "migration_stay_00_05",
        "5 bis 9 Jahre": "migration_stay_05_10",
        "10 bis 14 Jahre": "migration_stay_10_15",
        "15 bis 19 Jahre": "migration_stay_15_20",
        "20 Jahre und mehr": "migration_stay_20_plus",
        "unbekannt": "migration_stay_unknown",
        "Personen ohne Migrationshintergrund": "migration_without",
        "Insgesamt": True,
    },
)

_HH = "Bevölkerung in privaten Haushalten"
CENSUS_MIGRATION = TableSpec(
    **_code("12111-07-01-4"),
    columns={
        (_HH, "", "", "", "Anzahl"): ColumnSpec("census_household_population"),
        (_HH, "Nationalität", "Deutsche", "", "Anzahl"): ColumnSpec("census_household_population_germans"),
        (_HH, "Deutsche", "Migrationshintergrund", "Personen ohne Migrationshintergrund", "Anzahl"): ColumnSpec(
            "census_household_population_germans", "migration_without"
        ),
        (_HH, "Deutsche", "Migrationshintergrund", "Personen mit Migrationshintergrund", "Anzahl"): ColumnSpec(
            "census_household_population_germans", "migration_with"
        ),
        (_HH, "Ausländer(innen)", "", "", "Anzahl"): ColumnSpec("census_household_population_foreigners"),
    },
    # the ten-year age groups are left out: a report needs the persons with and without a migration background
    row_labels={
        ("Insgesamt",): True,
        **{
            (age,): False
            for age in (
                "unter 10 Jahre",
                "10 bis unter 20 Jahre",
                "20 bis unter 30 Jahre",
                "30 bis unter 40 Jahre",
                "40 bis unter 50 Jahre",
                "50 bis unter 60 Jahre",
                "60 bis unter 70 Jahre",
                "70 bis unter 80 Jahre",
                "80 Jahre und mehr",
            )
        },
    },
    date=_ZENSUS_2011,
    basis="census_2011",
)

_RATE_ALL = "Arbeitslosenquote bez. auf alle zivile Erwerbsp."
UNEMPLOYMENT_RATES = TableSpec(
    **_code("13211-02-05-4"),
    columns={
        # the counts are left out: table 13211-01-03-4 publishes the same counts
        **{
            ("Arbeitslose", label, "Anzahl"): False
            for label in (
                "",
                "Ausländer",
                "schwerbehindert",
                "15 bis unter 20 Jahre",
                "15 bis unter 25 Jahre",
                "55 bis unter 65 Jahre",
                "langzeitarbeitslos",
            )
        },
        ("Arbeitslosenquote bez. abh. zivile Erwerbspers.", "", "Prozent"): ColumnSpec(
            "unemployment_rate_dependent", unit="percent"
        ),
        (_RATE_ALL, "", "Prozent"): ColumnSpec("unemployment_rate", unit="percent"),
        (_RATE_ALL, "Männer", "Prozent"): ColumnSpec("unemployment_rate", "male", "percent"),
        (_RATE_ALL, "Frauen", "Prozent"): ColumnSpec("unemployment_rate", "female", "percent"),
        (_RATE_ALL, "Ausländer", "Prozent"): ColumnSpec("unemployment_rate_foreigners", unit="percent"),
        (_RATE_ALL, "15 bis unter 25 Jahre", "Prozent"): ColumnSpec("unemployment_rate", "age_15_25", "percent"),
    },
    basis="ba_statistics",
)

#: File name in ``official/regionalstatistik-2017`` → its spec.
SPECS: dict[str, TableSpec] = {
    "12511-01-01-4.csv": NATURALISATIONS,
    "12711-05-02-4_00.csv": MOVES,
    "21111-01-03-4_00.csv": GENERAL_SCHOOLS,
    "21121-01-05-4_00.csv": VOCATIONAL_SCHOOLS,
    "22543-01-02-4_00.csv": DAY_CARE,
    "22121-01-03-4_00.csv": SOCIAL_ASSISTANCE_HLU,
    "22151-01-01-4_00.csv": BASIC_INCOME,
    "12111-09-01-4_00.csv": CENSUS_SCHOOL,
    "12111-10-01-4_00.csv": CENSUS_VOCATIONAL,
    "12111-11-01-4_00.csv": CENSUS_EMPLOYMENT,
    "12111-07-01-4_00.csv": CENSUS_MIGRATION,
    "12111-08-01-4_00.csv": CENSUS_MIGRATION_STAY,
    "13211-02-05-4_00.csv": UNEMPLOYMENT_RATES,
}
