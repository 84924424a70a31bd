"""The vocabulary of the tidy long format: columns, flags, units, bases, area levels and known variables.

Every table in ``data/raw`` and the tidy frame built from them use these names. Readers translate the
publishers' words into this vocabulary; nothing else in the package invents names of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Columns of a raw extract in ``data/raw`` (one row = one published figure).
EXTRACT_COLUMNS: tuple[str, ...] = (
    "ags",
    "area_name",
    "area_level",
    "date",
    "variable",
    "group",
    "value",
    "flag",
    "unit",
    "basis",
    "row_source",
    "quote",
)

#: Columns of the tidy frame (docs/architecture.md §2) built by ``datasets.load_tidy``.
TIDY_COLUMNS: tuple[str, ...] = (
    "ags",
    "area_name",
    "area_level",
    "date",
    "variable",
    "group",
    "value",
    "flag",
    "unit",
    "basis",
    "source_id",
    "method",
    "row_source",
)

#: A figure is identified by these columns; no two rows of the tidy frame share them.
KEY_COLUMNS: tuple[str, ...] = ("ags", "date", "variable", "group", "basis", "source_id", "row_source")

AREA_LEVELS: dict[str, int] = {"gemeinde": 8, "kreis": 5, "land": 2}
"""Area levels and the length of their official key (AGS) at that level."""

#: Markers that official tables print instead of a number. Kept as ``flag``, never turned into numbers.
OFFICIAL_MARKERS: dict[str, str] = {
    ".": "Zahlenwert unbekannt oder geheim zu halten",
    "-": "nichts vorhanden (genau null)",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
    "...": "Angabe fällt später an",
    "/": "keine Angaben, da Zahlenwert nicht sicher genug",
    "()": "Aussagewert eingeschränkt, da der Zahlenwert statistisch relativ unsicher ist",
}
#: Flags the project adds itself (the publisher printed no marker).
PROJECT_FLAGS: dict[str, str] = {
    "na": "vom Herausgeber nicht veröffentlicht (leeres Feld in der Quelle)",
    "approx": "in der Quelle als ungefähre Angabe veröffentlicht (rund, etwa)",
}
FLAGS: dict[str, str] = {"": "", **OFFICIAL_MARKERS, **PROJECT_FLAGS}
#: The sign a report prints where it has no value to show (not published, not in the data, suppressed): the
#: official "." — never "–", which means exactly nothing.
NO_VALUE = "."
#: The sign a report prints where a comparison or figure would make no sense (official "x").
NOT_MEANINGFUL = "x"

#: Flags whose rows carry a number in ``value``; every other non-empty flag means ``value`` is missing.
FLAGS_WITH_VALUE: frozenset[str] = frozenset({"", "()", "approx"})

UNITS: dict[str, str] = {
    "persons": "Personen",
    "percent": "%",
    "km2": "km²",
    "m2": "m²",
    "persons_per_km2": "Einw. je km²",
    "years": "Jahre",
    "persons_per_household": "Personen je Haushalt",
    "dwellings": "Wohnungen",
    "eur": "Euro",
    "eur_per_m2": "Euro je m²",
    "per_100": "je 100",
    "per_1000": "je 1.000",
    "per_10000": "je 10.000",
    "thousand_persons": "Tsd. Personen",
    "million_persons": "Mio. Personen",
    "count": "Anzahl",
}

#: Measurement bases (docs/architecture.md §2): which measurement a figure comes from. Two bases are never one series.
BASES: dict[str, str] = {
    "census_2011": "Zensus 2011 (Stichtag 09.05.2011)",
    "census_2022": "Zensus 2022 (Stichtag 15.05.2022)",
    "update_pre_census_2011": "Bevölkerungsfortschreibung auf Grundlage früherer Zählungen (bis 31.12.2010)",
    "update_census_2011": "Bevölkerungsfortschreibung auf Grundlage des Zensus 2011",
    "update_census_2022": "Bevölkerungsfortschreibung auf Grundlage des Zensus 2022",
    "population_update": "Bevölkerungsfortschreibung (INKAR; Basis nicht getrennt ausgewiesen)",
    "ba_statistics": "Statistik der Bundesagentur für Arbeit",
    "employment_statistics": "Beschäftigungsstatistik der Bundesagentur für Arbeit",
    "foreigners_register": "Ausländerzentralregister",
    "naturalisation_statistics": "Einbürgerungsstatistik",
    "migration_statistics": "Wanderungsstatistik",
    "school_statistics": "Schulstatistik (allgemein bildende und berufliche Schulen)",
    "child_day_care_statistics": "Statistik der Kindertagesbetreuung (Tageseinrichtungen und Kindertagespflege)",
    "social_assistance_statistics": "Sozialhilfestatistik (SGB XII)",
    "administrative": "Verwaltungsangabe (Landratsamt, Gemeinde)",
    "other": "sonstige Angabe",
}

#: Bases whose cells are perturbed for secrecy, so that a part may exceed its total by up to this many persons.
#: Zensus 2011 (SAFE): in 12111-01-01-5 the Deutsche exceed the Insgesamt of a municipality by 1 in 210, by 2 in
#: 62 and by 3 in 1 of the municipalities of Germany (Emeringen 08425035: 137 Deutsche, 135 Insgesamt).
PART_TOLERANCE: dict[str, int] = {"census_2011": 3}

#: Units of counts, whose parts are checked against their totals (averages, shares and rates are not additive).
COUNT_UNITS: frozenset[str] = frozenset({"persons", "count", "dwellings", "thousand_persons", "million_persons"})

#: Accepted forms of ``date``: a reference day, a month, a year, or a period of years ("2016/2020").
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}/\d{4}$")


@dataclass(frozen=True)
class Variable:
    """A counted or measured quantity in the tidy frame."""

    name: str
    label_de: str
    non_negative: bool = True
    #: For counts that are parts of another variable at the same area, date and basis ("foreigners" of
    #: "population"): the name of that total. ``group`` parts of a variable are checked against its "total".
    part_of: str | None = None


VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in (
        Variable("population", "Bevölkerung"),
        Variable("area", "Fläche"),
        Variable("population_density", "Bevölkerungsdichte"),
        Variable("foreigners", "Ausländerinnen und Ausländer", part_of="population"),
        Variable("germans", "Deutsche", part_of="population"),
        Variable("foreigners_share", "Ausländeranteil"),
        Variable("migration_background_share", "Anteil mit Migrationshintergrund"),
        Variable("household_size", "Durchschnittliche Haushaltsgröße"),
        Variable("dwellings", "Wohnungen"),
        Variable("vacancy_rate", "Leerstandsquote"),
        Variable("owner_occupied_share", "Eigentümerquote"),
        Variable("net_rent_per_m2", "Durchschnittliche Nettokaltmiete je m²"),
        Variable("unemployed", "Arbeitslose"),
        Variable("unemployed_foreigners", "Arbeitslose Ausländerinnen und Ausländer", part_of="unemployed"),
        Variable("net_migration", "Wanderungssaldo", non_negative=False),
        Variable("naturalisations", "Einbürgerungen"),
        Variable("moves_in", "Zuzüge über die Kreisgrenze"),
        Variable("moves_in_germans", "Zuzüge von Deutschen über die Kreisgrenze", part_of="moves_in"),
        Variable(
            "moves_in_foreigners", "Zuzüge von Ausländerinnen und Ausländern über die Kreisgrenze", part_of="moves_in"
        ),
        Variable("moves_out", "Fortzüge über die Kreisgrenze"),
        Variable("moves_out_germans", "Fortzüge von Deutschen über die Kreisgrenze", part_of="moves_out"),
        Variable(
            "moves_out_foreigners",
            "Fortzüge von Ausländerinnen und Ausländern über die Kreisgrenze",
            part_of="moves_out",
        ),
        Variable("pupils", "Schülerinnen und Schüler"),
        Variable("pupils_foreigners", "Ausländische Schülerinnen und Schüler", part_of="pupils"),
        Variable("schools", "Schulen"),
        Variable("children_day_care", "Kinder in Kindertagesbetreuung"),
        Variable(
            "children_day_care_foreign_parent",
            "Kinder in Kindertagesbetreuung mit mindestens einem Elternteil ausländischer Herkunft",
            part_of="children_day_care",
        ),
        Variable("social_assistance_hlu", "Empfängerinnen und Empfänger von Hilfe zum Lebensunterhalt"),
        Variable(
            "social_assistance_hlu_foreigners",
            "Ausländische Empfängerinnen und Empfänger von Hilfe zum Lebensunterhalt",
            part_of="social_assistance_hlu",
        ),
        Variable(
            "basic_income_old_age_disability",
            "Empfängerinnen und Empfänger von Grundsicherung im Alter und bei Erwerbsminderung",
        ),
        Variable(
            "basic_income_old_age_disability_germans",
            "Deutsche Empfängerinnen und Empfänger von Grundsicherung im Alter und bei Erwerbsminderung",
            part_of="basic_income_old_age_disability",
        ),
        Variable(
            "basic_income_old_age_disability_foreigners",
            "Ausländische Empfängerinnen und Empfänger von Grundsicherung im Alter und bei Erwerbsminderung",
            part_of="basic_income_old_age_disability",
        ),
        Variable("census_school_qualification", "Bevölkerung ab 15 Jahren nach höchstem Schulabschluss (Zensus)"),
        Variable(
            "census_school_qualification_germans",
            "Deutsche ab 15 Jahren nach höchstem Schulabschluss (Zensus)",
            part_of="census_school_qualification",
        ),
        Variable(
            "census_school_qualification_foreigners",
            "Ausländerinnen und Ausländer ab 15 Jahren nach höchstem Schulabschluss (Zensus)",
            part_of="census_school_qualification",
        ),
        Variable(
            "census_vocational_qualification", "Bevölkerung ab 15 Jahren nach höchstem beruflichem Abschluss (Zensus)"
        ),
        Variable(
            "census_vocational_qualification_germans",
            "Deutsche ab 15 Jahren nach höchstem beruflichem Abschluss (Zensus)",
            part_of="census_vocational_qualification",
        ),
        Variable(
            "census_vocational_qualification_foreigners",
            "Ausländerinnen und Ausländer ab 15 Jahren nach höchstem beruflichem Abschluss (Zensus)",
            part_of="census_vocational_qualification",
        ),
        Variable("census_employment_status", "Bevölkerung nach Erwerbsstatus (Zensus)"),
        Variable(
            "census_employment_status_germans",
            "Deutsche nach Erwerbsstatus (Zensus)",
            part_of="census_employment_status",
        ),
        Variable(
            "census_employment_status_foreigners",
            "Ausländerinnen und Ausländer nach Erwerbsstatus (Zensus)",
            part_of="census_employment_status",
        ),
        Variable("census_household_population", "Bevölkerung in privaten Haushalten (Zensus)"),
        Variable(
            "census_household_population_germans",
            "Deutsche in privaten Haushalten (Zensus)",
            part_of="census_household_population",
        ),
        Variable(
            "census_household_population_foreigners",
            "Ausländerinnen und Ausländer in privaten Haushalten (Zensus)",
            part_of="census_household_population",
        ),
        Variable("unemployment_rate", "Arbeitslosenquote (bezogen auf alle zivilen Erwerbspersonen)"),
        Variable(
            "unemployment_rate_dependent", "Arbeitslosenquote (bezogen auf die abhängigen zivilen Erwerbspersonen)"
        ),
        Variable("unemployment_rate_foreigners", "Arbeitslosenquote der Ausländerinnen und Ausländer"),
        Variable("average_age", "Durchschnittsalter"),
        Variable("employees_workplace", "Sozialversicherungspflichtig Beschäftigte am Arbeitsort"),
        Variable(
            "employees_workplace_foreigners",
            "Sozialversicherungspflichtig beschäftigte Ausländerinnen und Ausländer am Arbeitsort",
            part_of="employees_workplace",
        ),
        Variable("employees_residence", "Sozialversicherungspflichtig Beschäftigte am Wohnort"),
        Variable(
            "employees_residence_foreigners",
            "Sozialversicherungspflichtig beschäftigte Ausländerinnen und Ausländer am Wohnort",
            part_of="employees_residence",
        ),
        Variable("protection_seekers", "Schutzsuchende"),
        Variable(
            "relative_employment_rate_foreigners",
            "Relative Beschäftigungsquote der Ausländerinnen und Ausländer (in % der Quote der Deutschen)",
        ),
        Variable(
            "relative_dropout_rate_foreigners",
            "Relative Schulabbrecherquote ausländischer Schülerinnen und Schüler (in % der Quote aller)",
        ),
    )
}
