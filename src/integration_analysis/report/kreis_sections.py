"""The Kreis-level sections both reports show: work and education of the Kreis by nationality, and migration,
refuge and naturalisation. These figures exist for the Kreis and the Land only, never per municipality, and every
block says so in its heading.

``KreisSections`` is a mixin of ``report._Report``: it uses the report's indicator table (``value``,
``group_values``, ``source_for``), the tidy frame and the region, and returns HTML blocks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.profile import OLD_DATA_NOTE, comparison, is_older_data, newest_date
from ..core.german import and_list, format_date_de, format_number_de, format_value_de, kreis_genitive, reference_phrase
from ..core.schema import NO_VALUE
from ..sources.citizenships import CITIZENSHIP_LABELS_DE
from . import charts
from .blocks import Html, join, paragraph, table

#: Shown where a section switches from the municipality to the Kreis.
KREIS_LEVEL_NOTE = "Diese Angaben gibt es nur für den Kreis als Ganzes, nicht für einzelne Gemeinden."

QUALIFICATION_LABELS = {
    "school_none": "ohne Schulabschluss",
    "school_hauptschule": "Haupt-/Volksschulabschluss",
    "school_realschule": "Realschul- oder gleichwertiger Abschluss",
    "school_abitur": "Hochschulreife",
    "vocational_none": "ohne beruflichen Abschluss",
    "vocational_training": "Berufsausbildung",
    "vocational_university": "Fach-/Hochschulabschluss",
    "status_unemployed": "Erwerbslosenquote",
}
SCHOOL_TYPES = {
    "school_primary": "Grundschulen",
    "school_hauptschule": "Haupt-/Werkrealschulen",
    "school_realschule": "Realschulen",
    "school_gymnasium": "Gymnasien",
    "school_comprehensive": "Gemeinschaftsschulen u. ä.",
    "school_special_needs": "Sonderschulen",
    "school_general": "Allgemeinbildende Schulen insgesamt",
    "school_berufsschule": "Berufsschulen",
    "school_berufsfachschule": "Berufsfachschulen und -kollegs",
    "school_vocational": "Berufliche Schulen insgesamt",
}
PROTECTION_STATUSES = {
    "status_open": "offener Schutzstatus",
    "status_recognised": "anerkannter Schutzstatus",
    "status_rejected": "abgelehnt (ohne Schutzstatus)",
}


def year_spans(years: list[str]) -> str:
    """ "2007, 2008, 2009, 2017" → "2007–2009 und 2017" (consecutive years joined)."""
    spans: list[list[int]] = []
    for year in sorted(int(y) for y in years):
        if spans and year == spans[-1][-1] + 1:
            spans[-1].append(year)
        else:
            spans.append([year])
    parts = [f"{s[0]}–{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans]
    return and_list(parts)


def citizenship_label(group: str) -> str:
    """The German name of a ``citizenship_…`` group, as the citizenship table of GENESIS prints it."""
    return CITIZENSHIP_LABELS_DE.get(group, group.removeprefix("citizenship_").replace("_", " "))


def _share(value: float) -> str:
    return NO_VALUE if pd.isna(value) else format_value_de(value, "percent", 1)


class KreisSections:
    """Kreis-level blocks of a report (mixin of ``report._Report``)."""

    #: The Kreis-level figures a Steckbrief shows in one table; charts and details are in the Kreisübersicht.
    CONTEXT_INDICATORS = (
        "unemployment_rate_foreigners",
        "foreign_pupils_share",
        "day_care_foreign_parent_share",
        "protection_seekers",
        "naturalisations",
        "net_migration_foreigners",
        "social_assistance_foreigners_share",
        "basic_income_foreigners_share",
    )

    def kreis_context(self) -> Html:
        """The Kreis against the Land in one table (work, school, day care, refuge, naturalisation, moves,
        social assistance) and the largest groups of protection seekers: what a Steckbrief needs of the Kreis."""
        ids = self.CONTEXT_INDICATORS
        self._use(*ids, "protection_seekers_citizenship")
        kreis, land = self.region.kreis, self.region.land
        newest = self._dates_of(*ids)
        rows = []
        for indicator_id in ids:
            spec = self.registry[indicator_id]
            own = self.figure(spec, kreis.ags)
            ref = self.figure(spec, land.ags)
            rows.append(
                {
                    "Kennzahl": spec.label,
                    kreis.short_name: own.text,
                    land.short_name: ref.text,
                    "Stand": self._stand(own.date, newest).removeprefix("Stand ") if own.date else ".",
                }
            )
        frame = pd.DataFrame(rows)
        note = (
            Html("")  # a Stadtkreis: the Kreis is the municipality itself, and it has no Kreisübersicht
            if self.region.single_municipality
            else paragraph(
                f"{KREIS_LEVEL_NOTE} Diagramme und Einzelheiten zeigt die Kreisübersicht {kreis_genitive(kreis.name)}.",
                "ia-note",
            )
        )
        return join(
            note,
            table(frame, numeric=(kreis.short_name, land.short_name)),
            self._largest_groups_sentence(),
            paragraph(self.source_for(*ids, "protection_seekers_citizenship"), "ia-source"),
        )

    def _largest_groups_sentence(self, top: int = 3) -> Html:
        kreis = self.region.kreis
        values = self.group_values("protection_seekers_citizenship", kreis.ags).drop("total", errors="ignore")
        if values.empty:
            return Html("")
        largest = values.sort_values(ascending=False).head(top)
        date = self.value("protection_seekers_citizenship", kreis.ags)["date"]
        groups = [f"{citizenship_label(g)} ({format_number_de(v)})" for g, v in largest.items()]
        return paragraph(
            f"Die größten Gruppen unter den Schutzsuchenden {reference_phrase(kreis.name, 'kreis')} am "
            f"{format_date_de(date)} nach Staatsangehörigkeit: {and_list(groups)}.",
            "ia-sentence",
        )

    def _kreis_heading(self, title: str) -> Html:
        if self.region.single_municipality:  # a Stadtkreis: the Kreis is the municipality itself
            return Html(f"<h3>{title}</h3>")
        return Html(f"<h3>{title} (Kreisebene)</h3>") + paragraph(KREIS_LEVEL_NOTE, "ia-note")

    def _stand(self, date: str, newest: str) -> str:
        """ "Stand 2016" or "Stand 2016, ältere Daten" against the section's newest date."""
        older = f", {OLD_DATA_NOTE}" if is_older_data(date, newest) else ""
        return f"Stand {format_date_de(date)}{older}"

    def _kreis_sentence(self, indicator_id: str, newest: str) -> Html:
        """The Kreis against the Land for one indicator, with its date (marked when older than ``newest``)."""
        spec = self.registry[indicator_id]
        kreis, land = self.region.kreis, self.region.land
        own = self.figure(spec, kreis.ags)
        ref = self.figure(spec, land.ags)
        if pd.isna(own.value):
            return paragraph(f"{spec.label}: {own.note or 'kein Wert für den Kreis.'}", "ia-sentence")
        sentence = comparison(spec, kreis, own, ref, land) or (
            f"{spec.label} {reference_phrase(kreis.name, 'kreis')}: {own.text}; "
            f"{reference_phrase(land.name, 'land')}: {ref.text}."
        )
        return paragraph(f"{sentence} ({self._stand(own.date, newest)})", "ia-sentence")

    def _dates_of(self, *indicator_ids: str) -> str:
        t = self.table
        dates = t.loc[t["indicator"].isin(indicator_ids) & (t["ags"] == self.region.kreis.ags), "date"]
        return newest_date([str(d).split("/")[-1] for d in dates])

    # ---- work and education --------------------------------------------------------------------------------

    def _qualification_table(self) -> Html:
        """Zensus 2011 qualifications and unemployment by nationality, Kreis next to Land."""
        kreis, land = self.region.kreis, self.region.land
        rows = []
        for indicator_id, categories in (
            ("school_qualification_census_2011", ("school_none", "school_abitur")),
            ("vocational_qualification_census_2011", ("vocational_none", "vocational_university")),
            ("unemployment_rate_census_2011", ("status_unemployed",)),
        ):
            kreis_values = self.group_values(indicator_id, kreis.ags)
            land_values = self.group_values(indicator_id, land.ags)
            for category in categories:
                rows.append(
                    {
                        "Merkmal": QUALIFICATION_LABELS[category],
                        "Kreis: Deutsche": _share(kreis_values.get(f"germans_{category}", np.nan)),
                        "Kreis: Ausländer": _share(kreis_values.get(f"foreigners_{category}", np.nan)),
                        "Land: Deutsche": _share(land_values.get(f"germans_{category}", np.nan)),
                        "Land: Ausländer": _share(land_values.get(f"foreigners_{category}", np.nan)),
                    }
                )
        frame = pd.DataFrame(rows)
        ids = ("school_qualification_census_2011", "vocational_qualification_census_2011")
        return join(
            table(frame, numeric=tuple(frame.columns[1:])),
            paragraph(
                f"Kreis: {kreis.name}, Land: {land.name}. "
                "Anteile an der Bevölkerung ab 15 Jahren derselben Staatsangehörigkeit (Schul- und Berufsabschluss) "
                "bzw. an den Erwerbspersonen (Erwerbslosenquote), Zensus 2011 (Stand 09.05.2011). "
                + self.source_for(*ids, "unemployment_rate_census_2011"),
                "ia-source",
            ),
        )

    def _pupils_table(self) -> Html:
        kreis, land = self.region.kreis, self.region.land
        kreis_values = self.group_values("foreign_pupils_share", kreis.ags)
        land_values = self.group_values("foreign_pupils_share", land.ags)
        wanted = [g for g in SCHOOL_TYPES if g in kreis_values.index]
        if not wanted:
            return Html("")
        frame = pd.DataFrame(
            {
                "Schulart": [SCHOOL_TYPES[g] for g in wanted],
                kreis.short_name: [_share(kreis_values.get(g, np.nan)) for g in wanted],
                land.short_name: [_share(land_values.get(g, np.nan)) for g in wanted],
            }
        )
        date = self.value("foreign_pupils_share", kreis.ags)["date"]
        return join(
            Html("<h4>Ausländische Schülerinnen und Schüler nach Schulart</h4>"),
            table(frame, numeric=(kreis.short_name, land.short_name)),
            paragraph(
                f"Anteil an allen Schülerinnen und Schülern der Schulart zu Beginn des Schuljahres "
                f"{date}/{int(date) + 1} (Schulort). " + self.source_for("foreign_pupils_share"),
                "ia-source",
            ),
        )

    def kreis_work_and_education(self) -> Html:
        """Kreis vs Land: unemployment of foreigners, Zensus 2011 qualifications, pupils, day care."""
        ids = (
            "unemployment_rate_foreigners",
            "unemployment_rate_census_2011",
            "school_qualification_census_2011",
            "vocational_qualification_census_2011",
            "foreign_pupils_share",
            "day_care_foreign_parent_share",
        )
        self._use(*ids)
        newest = self._dates_of(*ids)
        rate = self.group_values("unemployment_rate_foreigners", self.region.kreis.ags)
        blocks = [self._kreis_heading(f"Arbeit und Bildung {reference_phrase(self.region.kreis.name, 'kreis')}")]
        blocks.append(self._kreis_sentence("unemployment_rate_foreigners", newest))
        if not pd.isna(rate.get("all", np.nan)):
            blocks.append(
                paragraph(
                    f"Zum Vergleich die Arbeitslosenquote aller Erwerbspersonen im selben Jahr: {_share(rate['all'])}.",
                    "ia-sentence",
                )
            )
        blocks.append(self._qualification_table())
        blocks.append(self._pupils_table())
        blocks.append(self._kreis_sentence("day_care_foreign_parent_share", newest))
        blocks.append(paragraph(self.source_for(*ids), "ia-source"))
        return join(*blocks)

    # ---- migration, refuge and naturalisation --------------------------------------------------------------

    def _protection_citizenship_chart(self, top: int = 10) -> Html:
        """The largest groups of the Kreis' protection seekers by citizenship."""
        kreis = self.region.kreis
        values = self.group_values("protection_seekers_citizenship", kreis.ags)
        if values.empty:
            return paragraph(self.value("protection_seekers_citizenship", kreis.ags)["note"])
        values = values.drop("total", errors="ignore").sort_values(ascending=False).head(top)
        names = [citizenship_label(g) for g in values.index]
        date = self.value("protection_seekers_citizenship", kreis.ags)["date"]
        chart = charts.plot_ranking(
            pd.Series(values.to_numpy(), index=names, dtype=float),
            title=f"Schutzsuchende nach Staatsangehörigkeit {reference_phrase(kreis.name, 'kreis')} "
            f"({format_date_de(date)}, die {len(values)} größten Gruppen)",
            unit="persons",
            source=self.source_for("protection_seekers_citizenship"),
        )
        return Html(chart._repr_html_())

    def _protection_block(self) -> Html:
        kreis, land = self.region.kreis, self.region.land
        kreis_values = self.group_values("protection_seekers", kreis.ags)
        land_values = self.group_values("protection_seekers", land.ags)
        if kreis_values.empty:
            return paragraph(self.value("protection_seekers", kreis.ags)["note"], "ia-sentence")
        date = self.value("protection_seekers", kreis.ags)["date"]
        frame = pd.DataFrame(
            {
                "Schutzstatus": ["alle Schutzsuchenden", *PROTECTION_STATUSES.values()],
                kreis.short_name: [
                    format_number_de(kreis_values.get(g, np.nan)) for g in ("total", *PROTECTION_STATUSES)
                ],
                f"{land.short_name} (Summe der Kreise)": [
                    format_number_de(land_values.get(g, np.nan)) for g in ("total", *PROTECTION_STATUSES)
                ],
            }
        )
        share = kreis_values.get("status_recognised", np.nan) / kreis_values.get("total", np.nan) * 100
        return join(
            Html("<h4>Schutzsuchende nach Schutzstatus</h4>"),
            paragraph(
                f"Am {format_date_de(date)} lebten {reference_phrase(kreis.name, 'kreis')} "
                f"{format_number_de(kreis_values['total'])} Schutzsuchende; {format_number_de(share, 0)} % von ihnen "
                "hatten einen anerkannten Schutzstatus.",
                "ia-sentence",
            ),
            table(frame, numeric=tuple(frame.columns[1:])),
            paragraph(
                "Summen der auf Vielfache von 5 gerundeten Tabellenfelder; das Land ist die Summe seiner Kreise "
                "(abgeleitet). " + self.source_for("protection_seekers"),
                "ia-source",
            ),
        )

    def _naturalisation_chart(self) -> Html:
        """Naturalisations per year: the official table where it has the year, the Kreis' own series elsewhere."""
        kreis = self.region.kreis
        t = self.data.area_rows(kreis.ags)
        rows = t[t["variable"] == "naturalisations"]
        official = rows[rows["source_id"].str.startswith("regionalstatistik_12511") & (rows["group"] == "total")]
        secondary = rows[rows["source_id"].str.startswith("secondary_") & rows["group"].isin(["male", "female"])]
        by_year = secondary.groupby("date")
        complete = by_year["group"].nunique() == 2
        secondary_sums = by_year["value"].sum()[complete]
        years = sorted(set(official["date"]) | set(secondary_sums.index))
        if not years:
            return Html("")
        official_by_year = official.set_index("date")["value"]
        values = [official_by_year.get(y, secondary_sums.get(y, np.nan)) for y in years]
        from_secondary = [y for y in years if y not in official_by_year.index]
        sources = sorted(set(official["source_id"]) | set(secondary["source_id"]))
        chart = charts.plot_bars_over_time(
            pd.DataFrame({"date": years, "value": values}),
            title=f"Einbürgerungen {reference_phrase(kreis.name, 'kreis')}",
            unit="persons",
            source=self._source_line(sources),
        )
        note = ""
        if from_secondary:
            note = (
                f"Die Jahre {year_spans(from_secondary)} stammen aus den Nachhaltigkeitsindikatoren des Kreises "
                "(Sekundärquelle, dort nach dem Statistischen Landesamt; Summe von Frauen und Männern), die Jahre "
                f"{year_spans(sorted(official_by_year.index))} aus der amtlichen Einbürgerungsstatistik; wo beide "
                "vorliegen, gilt die amtliche Tabelle."
            )
        return join(Html("<h4>Einbürgerungen</h4>"), Html(chart._repr_html_()), paragraph(note, "ia-note"))

    def _moves_chart(self) -> Html:
        kreis = self.region.kreis
        t = self.data.area_rows(kreis.ags)
        frames = []
        for suffix, label in (("_foreigners", "Ausländer"), ("_germans", "Deutsche")):
            moves_in = t[t["variable"] == f"moves_in{suffix}"].set_index("date")["value"]
            moves_out = t[t["variable"] == f"moves_out{suffix}"].set_index("date")["value"]
            balance = (moves_in - moves_out).dropna()
            frames.append(
                pd.DataFrame({"date": balance.index, "value": balance.to_numpy(), "series": label, "basis": "Saldo"})
            )
        frame = pd.concat(frames, ignore_index=True)
        if frame.empty:
            return Html("")
        chart = charts.plot_series(
            frame,
            title=f"Wanderungssaldo über die Kreisgrenze {reference_phrase(kreis.name, 'kreis')}",
            unit="persons",
            source=self.source_for("net_migration_foreigners"),
        )
        return join(Html("<h4>Zu- und Fortzüge über die Kreisgrenze</h4>"), Html(chart._repr_html_()))

    def migration_refuge_naturalisation(self) -> Html:
        """Protection seekers, naturalisations, moves across the Kreis border, social assistance (Kreis level)."""
        ids = (
            "protection_seekers",
            "naturalisations",
            "net_migration_foreigners",
            "social_assistance_foreigners_share",
            "basic_income_foreigners_share",
        )
        self._use(*ids)
        newest = self._dates_of(*ids)
        kreis = self.region.kreis
        balance = self.value("net_migration_foreigners", kreis.ags)
        blocks = [
            self._kreis_heading(f"Migration, Flucht und Einbürgerung {reference_phrase(kreis.name, 'kreis')}"),
            self._protection_block(),
            self._protection_citizenship_chart(),
            self._naturalisation_chart(),
            self._kreis_sentence("naturalisations", newest),
            self._moves_chart(),
        ]
        if not pd.isna(balance["value"]):
            direction = "mehr Zuzüge als Fortzüge" if balance["value"] >= 0 else "mehr Fortzüge als Zuzüge"
            blocks.append(
                paragraph(
                    f"Im Jahr {balance['date']} hatte der Kreis bei den Ausländerinnen und Ausländern {direction} "
                    f"über die Kreisgrenze (Saldo {format_number_de(balance['value'], sign=True)}; "
                    f"{self._stand(balance['date'], newest)}).",
                    "ia-sentence",
                )
            )
        blocks.append(Html("<h4>Sozialhilfe nach Staatsangehörigkeit</h4>"))
        blocks.append(self._kreis_sentence("social_assistance_foreigners_share", newest))
        blocks.append(self._kreis_sentence("basic_income_foreigners_share", newest))
        blocks.append(paragraph(self.source_for(*ids), "ia-source"))
        return join(*blocks)
