"""The content of the two reports, section by section, as HTML blocks the notebooks display.

``Steckbrief`` (one municipality) and ``Kreisuebersicht`` (all municipalities) load the data once; each method
returns one section's content (tables, charts, sentences, "keine Daten" notices). The notebooks hold the
headings, one call per section and the narrative; no numbers are computed there.
"""

from __future__ import annotations

import html
import json
from functools import cache, cached_property

import numpy as np
import pandas as pd

from . import charts, local
from .blocks import Html, join, notice, paragraph, table
from .compare import format_date_de, format_number_de, peers, rank_among, rank_sentence, reference_phrase
from .datasets import load_sources, load_tidy, raw_state
from .disclosure import format_count, is_small_count
from .errors import InputError
from .indicators import Indicator, compute_indicators, load_registry
from .profile import KEY_INDICATORS, area_profile, comparison, figure_of, format_indicator, is_change
from .regions import Area, Region, default_region
from .schema import OFFICIAL_MARKERS

ANNOUNCEMENT = "Pressemitteilung Landratsamt Enzkreis, 11.07.2021"
#: Short legend labels of the population bases in time-series charts.
SERIES_BASIS = {"update_census_2011": "Fortschreibung (Basis Zensus 2011)", "census_2022": "Zensus 2022"}


def source_line(source_ids: list[str], sources: pd.DataFrame) -> str:
    """ "Quelle: …" naming each publisher once with the reference dates of the given sources."""
    chosen = sources[sources["source_id"].isin(source_ids)]
    parts = []
    for publisher, rows in chosen.groupby("publisher", sort=True):
        dates = ", ".join(format_date_de(str(d)) for d in sorted(rows["reference_date"].astype(str)))
        parts.append(f"{publisher} ({dates})")
    secondary = " – enthält Sekundärquellen" if (chosen["secondary"].astype(str) == "True").any() else ""
    return f"Quelle: {'; '.join(parts)}{secondary}" if parts else "Quelle: –"


@cache
def _report_data(state: str, region: Region) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Tidy data, indicator table and sources, computed once per data state and region within a process.

    A build worker's kernel runs many reports in a row (engine.py); the key is the raw extracts' checksums,
    so changed data is never served from the cache. The frames are shared: report code only reads them.
    """
    tidy = load_tidy()
    return tidy, compute_indicators(tidy, region), load_sources()


class _Report:
    """What both reports share: data, indicator table, registry, sources."""

    def __init__(self, region: Region | None = None) -> None:
        self.region = region or default_region()
        self.tidy, self.table, self.sources = _report_data(json.dumps(raw_state(), sort_keys=True), self.region)
        self.registry = load_registry()
        self.shown: list[str] = []

    def values(self, indicator_id: str, level: str = "gemeinde") -> pd.DataFrame:
        t = self.table
        return t[(t["indicator"] == indicator_id) & (t["area_level"] == level) & (t["group"] == "total")]

    def value(self, indicator_id: str, ags: str) -> pd.Series:
        t = self.table
        rows = t[(t["indicator"] == indicator_id) & (t["ags"] == ags) & (t["group"] == "total")]
        return rows.iloc[0]

    def _by_name(self, indicator_id: str) -> pd.Series:
        """Municipal values by short name; a share computed from a small count is hidden (NaN), as in tables."""
        values = self.values(indicator_id)
        names = values["ags"].map(lambda a: self.region.area(a).short_name)
        shown = [
            v
            if not (self.registry[indicator_id].unit == "percent" and is_small_count(n, self.region.min_count))
            else np.nan
            for v, n in zip(values["value"], values["numerator"], strict=True)
        ]
        return pd.Series(shown, index=names.to_numpy(), dtype=float)

    def _use(self, *ids: str) -> None:
        for indicator_id in ids:
            if indicator_id not in self.shown:
                self.shown.append(indicator_id)

    def text(self, indicator_id: str, ags: str) -> str:
        row = self.value(indicator_id, ags)
        if pd.isna(row["value"]) and row["flag"] in OFFICIAL_MARKERS:
            return row["flag"]  # the source's marker (secret, not reliable, …), printed as the same sign
        return format_indicator(
            self.registry[indicator_id], row["value"], min_count=self.region.min_count, numerator=row["numerator"]
        )

    def source_for(self, *indicator_ids: str) -> str:
        ids = sorted({s for i in indicator_ids for s in self.table.loc[self.table["indicator"] == i, "source_id"] if s})
        return source_line(ids, self.sources)

    def indicator_cards(self) -> Html:
        """One card per indicator shown in the report: definition, numerator/denominator, source, pitfalls."""
        cards = [_card(self.registry[i]) for i in self.shown]
        return join(*cards) if cards else paragraph("In diesem Bericht wurden keine Kennzahlen gezeigt.")

    def sources_section(self) -> Html:
        """All sources with table, reference date, licence and whether they are secondary."""
        frame = pd.DataFrame(
            {
                "Quelle": self.sources["publisher"],
                "Tabelle": self.sources["title"],
                "Stand": self.sources["reference_date"].astype(str),
                "Lizenz": self.sources["licence"],
                "Art": np.where(self.sources["secondary"].astype(str) == "True", "Sekundärquelle", "amtlich"),
            }
        )
        return join(
            table(frame),
            paragraph(
                "Sekundärquellen (Presse, Webseiten, Kopien amtlicher Tabellen) sind mit wörtlichem Zitat "
                "und Fundstelle im Projekt hinterlegt und werden nie mit amtlichen Reihen vermischt."
            ),
        )


def _card(spec: Indicator) -> Html:
    pitfalls = "".join(f"<li>{html.escape(p)}</li>" for p in spec.pitfalls)
    denominator = html.escape(spec.denominator) if spec.denominator else "–"
    return Html(
        f'<div class="ia-card"><h3>{html.escape(spec.label)}</h3>'
        f"<p><strong>Definition:</strong> {html.escape(spec.definition)}</p>"
        f"<p><strong>Zähler:</strong> {html.escape(spec.numerator)}; <strong>Nenner:</strong> {denominator}</p>"
        f"<p><strong>Warum wichtig:</strong> {html.escape(spec.relevance)}</p>"
        f"<p><strong>Methode und Quelle:</strong> {html.escape(spec.method)}</p>"
        + (f"<p><strong>Vorsicht:</strong></p><ul>{pitfalls}</ul>" if pitfalls else "")
        + "</div>"
    )


class Steckbrief(_Report):
    """The Steckbrief of one municipality (parameter: name or AGS, validated here)."""

    def __init__(self, municipality: str, region: Region | None = None) -> None:
        region = region or default_region()
        self.area: Area = region.find(municipality)  # unknown names fail before any data is loaded
        super().__init__(region)

    @property
    def name(self) -> str:
        return self.area.short_name

    def title(self) -> Html:
        pilot = (
            f" {self.name} ist eine der vier Pilotkommunen des Integrations- und Vielfaltskonzepts 2030 des "
            f"{self.region.kreis.name} ({ANNOUNCEMENT})."
            if self.area.pilot
            else ""
        )
        return Html(f"<h1>Steckbrief der Integration und Vielfalt: {html.escape(self.name)}</h1>") + paragraph(
            f"Gemeinde {self.area.name} (Gemeindeschlüssel {self.area.ags}), {self.region.kreis.name}, "
            f"{self.region.land.name}.{pilot} Der Steckbrief zeigt, wo die Gemeinde steht, im Vergleich mit dem "
            "Kreis und dem Land, und nennt für jede Zahl Quelle und Stichtag."
        )

    @cached_property
    def profile(self) -> pd.DataFrame:
        return area_profile(self.table, self.region, self.area)

    def at_a_glance(self) -> Html:
        """Key figures with Kreis and Land, reference date, rank and one comparison sentence each."""
        self._use(*KEY_INDICATORS)
        shown = self.profile[["Kennzahl", self.name, self.region.kreis.name, self.region.land.name, "Stand", "Rang"]]
        sentences = [paragraph(s, "ia-sentence") for s in self.profile["Vergleich"] if s]
        return join(
            table(shown, numeric=(self.name, self.region.kreis.name, self.region.land.name)),
            *sentences,
            paragraph(self.source_for(*KEY_INDICATORS), "ia-source"),
        )

    def _comparison_chart(self, indicator_id: str) -> Html:
        spec = self.registry[indicator_id]
        areas = [self.area, self.region.kreis, self.region.land]
        values = pd.Series({a.short_name: self.value(indicator_id, a.ags)["value"] for a in areas}, dtype=float)
        chart = charts.plot_comparison(
            values,
            title=f"{spec.label}: {self.name}, Kreis und Land",
            unit=spec.unit,
            source=self.source_for(indicator_id),
            highlight=self.name,
        )
        return Html(chart._repr_html_())

    def population_and_diversity(self) -> Html:
        """Population, census shares of foreigners and of people with a migration background."""
        ids = ("population_census_2022", "foreigners_share_census_2022", "migration_background_share_census_2022")
        self._use(*ids)
        blocks = [
            paragraph(
                f"Beim Zensus 2022 lebten in {self.name} {self.text('population_census_2022', self.area.ags)}. "
                "Ausländerinnen und Ausländer (ohne deutsche Staatsangehörigkeit) sind nicht dasselbe wie Menschen mit "
                "Migrationshintergrund: Zu diesen gehören auch Deutsche, die selbst oder deren Eltern zugewandert sind."
            )
        ]
        for indicator_id in ids[1:]:
            spec = self.registry[indicator_id]
            own = self.value(indicator_id, self.area.ags)
            if own["flag"] == "missing" or pd.isna(own["value"]):
                blocks.append(notice(own["note"] or f"{spec.label}: kein Wert veröffentlicht."))
                continue
            for reference in (self.region.kreis, self.region.land):
                blocks.append(paragraph(self._sentence(indicator_id, reference), "ia-sentence"))
            blocks.append(self._comparison_chart(indicator_id))
        return join(*blocks)

    def _sentence(self, indicator_id: str, reference: Area) -> str:
        spec = self.registry[indicator_id]
        own = figure_of(self.table, spec, self.area.ags, self.region.min_count)
        ref = figure_of(self.table, spec, reference.ags, self.region.min_count)
        return comparison(spec, self.area, own, ref, reference)

    def citizenship(self) -> Html:
        """Citizenship groups: not published per municipality; the Land's largest groups for orientation."""
        self._use("citizenship_groups")
        own = self.value("citizenship_groups", self.area.ags)
        kreis = self.value("citizenship_groups", self.region.kreis.ags)
        land = self.table[
            (self.table["indicator"] == "citizenship_groups")
            & (self.table["ags"] == self.region.land.ags)
            & (self.table["flag"] != "missing")
        ]
        blocks = [notice(own["note"]), notice(kreis["note"])]
        if len(land):
            names = land["group"].str.removeprefix("citizenship_").map(_CITIZENSHIP_DE).fillna(land["group"])
            values = pd.Series(land["value"].to_numpy(), index=names.to_numpy(), dtype=float)
            chart = charts.plot_ranking(
                values,
                title=f"Größte Gruppen nach Staatsangehörigkeit in {self.region.land.name} "
                f"({format_date_de(land['date'].iloc[0])})",
                unit="persons",
                source=self.source_for("citizenship_groups"),
            )
            blocks.append(
                paragraph(
                    f"Zur Orientierung die größten Gruppen in {self.region.land.name} "
                    "(Sekundärquelle, Ausländerzentralregister):"
                )
            )
            blocks.append(Html(chart._repr_html_()))
        return join(*blocks)

    def age_structure(self) -> Html:
        self._use("age_structure_foreigners")
        return notice(self.value("age_structure_foreigners", self.area.ags)["note"])

    def development(self) -> Html:
        """Population since 2013 (line broken at the change of basis), unemployment of foreigners 2011–2015."""
        self._use("population_change_long", "population_change_short", "unemployed_foreigners", "foreigners_change")
        t = self.tidy
        rows = t[
            (t["ags"] == self.area.ags)
            & (t["variable"] == "population")
            & (t["group"] == "total")
            & t["source_id"].str.match(r"destatis_gv_|zensus2022_gemeinden")
        ]
        series = pd.DataFrame(
            {
                "date": rows["date"],
                "value": rows["value"],
                "series": self.name,
                "basis": rows["basis"].map(SERIES_BASIS),
            }
        ).sort_values("date")
        chart = charts.plot_series(
            series,
            title=f"Einwohnerinnen und Einwohner in {self.name}",
            unit="persons",
            source=source_line(sorted(set(rows["source_id"])), self.sources),
        )
        blocks = [Html(chart._repr_html_())]
        for indicator_id in ("population_change_long", "population_change_short"):
            blocks.append(paragraph(self._sentence(indicator_id, self.region.kreis), "ia-sentence"))
        blocks.append(paragraph(self._basis_change_sentence()))
        blocks.append(self._unemployment_table())
        kreis_change = self.value("foreigners_change", self.region.kreis.ags)
        if not pd.isna(kreis_change["value"]):
            blocks.append(
                paragraph(
                    f"Im {self.region.kreis.name} stieg die Zahl der Ausländerinnen und Ausländer zwischen dem "
                    f"31.12.2011 und dem 31.12.2016 um {format_number_de(kreis_change['value'], 1)} % "
                    f"({format_number_de(kreis_change['denominator'])} auf "
                    f"{format_number_de(kreis_change['denominator'] + kreis_change['numerator'])}). "
                    "Für die einzelnen Gemeinden liegt diese Zahl nicht vor.",
                    "ia-sentence",
                )
            )
        return join(*blocks)

    def _basis_change_sentence(self) -> str:
        """Fortschreibung vs Zensus 2022 for the municipality and the Kreis, with the numbers from the data."""
        parts = []
        for area in (self.area, self.region.kreis):
            update, census = self.value("population", area.ags), self.value("population_census_2022", area.ags)
            parts.append(
                f"{reference_phrase(area.name, area.level)} {format_number_de(update['value'])} "
                f"(Fortschreibung, {format_date_de(update['date'])}) gegenüber {format_number_de(census['value'])} "
                f"(Zensus, {format_date_de(census['date'])})"
            )
        return (
            "Der Zensus 2022 ist eine neue Zählbasis und wird nicht mit der Fortschreibung zu einer Reihe verbunden. "
            + "Einwohner "
            + "; ".join(parts)
            + ". Der Unterschied ist vor allem eine statistische Korrektur, kein Wegzug."
        )

    def _unemployment_table(self) -> Html:
        t = self.tidy
        rows = t[
            (t["ags"] == self.area.ags)
            & t["variable"].isin(["unemployed", "unemployed_foreigners"])
            & (t["group"] == "total")
        ]
        if rows.empty:
            return notice("Arbeitslosenzahlen der Bundesagentur für Arbeit liegen für diese Gemeinde nicht vor.")
        wide = rows.pivot_table(index="date", columns="variable", values="value", aggfunc="first")
        threshold = self.region.min_count
        frame = pd.DataFrame(
            {
                "Jahr": wide.index,
                "Arbeitslose insgesamt": [
                    format_count(v, "." if is_small_count(v, threshold) else "")
                    for v in wide.get("unemployed", pd.Series(dtype=float))
                ],
                "darunter Ausländer": [
                    format_count(v, "." if is_small_count(v, threshold) else "")
                    for v in wide.get("unemployed_foreigners", pd.Series(dtype=float))
                ],
            }
        )
        return join(
            Html("<h3>Arbeitslose im Jahresdurchschnitt</h3>"),
            table(frame, numeric=("Arbeitslose insgesamt", "darunter Ausländer")),
            paragraph(
                f"Zahlen unter {threshold} sind unterdrückt („.“). "
                + source_line(sorted(set(rows["source_id"])), self.sources),
                "ia-source",
            ),
        )

    def local_information(self) -> Html:
        """Municipal information (networks, offers, starting points) from data/local, kept apart from statistics;
        a faulty file is named with line and key instead."""
        try:
            profile = local.load_local(self.area.ags, region=self.region)
        except InputError as exc:
            return local.faulty_notice(exc)
        return local.render_profile(profile, self.name, self.region.min_count)

    def comparison_in_kreis(self) -> Html:
        """Rank among the Kreis' municipalities, all municipalities in one chart, peers of similar size."""
        self._use("foreigners_share_census_2022", "migration_background_share_census_2022")
        blocks = []
        for indicator_id in ("foreigners_share_census_2022", "migration_background_share_census_2022"):
            spec = self.registry[indicator_id]
            values = self.values(indicator_id).set_index("ags")["value"]
            rank, n = rank_among(values, self.area.ags)
            blocks.append(
                paragraph(rank_sentence(rank, n, spec.phrase, self.name, self.region.kreis.name), "ia-sentence")
            )
        spec = self.registry["foreigners_share_census_2022"]
        by_name = self._by_name("foreigners_share_census_2022")
        chart = charts.plot_ranking(
            by_name,
            title=f"{spec.label} in den Gemeinden des {self.region.kreis.name}",
            unit=spec.unit,
            source=self.source_for("foreigners_share_census_2022"),
            highlight={self.name},
            universe=f"Gemeinden des {self.region.kreis.name}",
            references={
                self.region.kreis.name: self.value("foreigners_share_census_2022", self.region.kreis.ags)["value"],
                self.region.land.name: self.value("foreigners_share_census_2022", self.region.land.ags)["value"],
            },
        )
        blocks.append(Html(chart._repr_html_()))
        blocks.append(Html("<h3>Gemeinden ähnlicher Größe</h3>"))
        blocks.append(self._peers_table())
        return join(*blocks)

    def _peers_table(self) -> Html:
        population = self.values("population").set_index("ags")["value"]
        keys = [self.area.ags, *peers(population, self.area.ags, n=5)]
        ids = (
            "population",
            "foreigners_share_census_2022",
            "migration_background_share_census_2022",
            "unemployed_foreigners_share",
        )
        frame = pd.DataFrame(
            {
                "Gemeinde": [self.region.area(k).short_name for k in keys],
                **{self.registry[i].label: [self.text(i, k) for k in keys] for i in ids},
            }
        )
        return join(
            table(frame, highlight={self.name}, key="Gemeinde", numeric=tuple(frame.columns[1:])),
            paragraph(
                "Vergleichsgemeinden: die fünf Gemeinden des Kreises mit der ähnlichsten Einwohnerzahl. "
                + self.source_for(*ids),
                "ia-source",
            ),
        )


def _positive(value: float) -> bool:
    """A share that can be compared as a ratio: present and above zero."""
    return bool(pd.notna(value) and value > 0)


_CITIZENSHIP_DE = {
    "turkey": "Türkei",
    "romania": "Rumänien",
    "italy": "Italien",
    "ukraine": "Ukraine",
    "croatia": "Kroatien",
    "syria": "Syrien",
    "poland": "Polen",
    "kosovo": "Kosovo",
    "greece": "Griechenland",
    "hungary": "Ungarn",
    "afghanistan": "Afghanistan",
    "iraq": "Irak",
    "bulgaria": "Bulgarien",
    "russia": "Russland",
}


class Kreisuebersicht(_Report):
    """The district summary: every municipality side by side, Kreis vs Land, Kreis-level topics."""

    TABLE_INDICATORS = (
        "population",
        "population_change_long",
        "foreigners_share_census_2022",
        "migration_background_share_census_2022",
        "female_share",
        "unemployed_foreigners_share",
    )

    def title(self) -> Html:
        kreis = self.region.kreis
        return Html(f"<h1>Kreisübersicht Integration und Vielfalt: {html.escape(kreis.name)}</h1>") + paragraph(
            f"Alle {len(self.region.municipalities)} Gemeinden des {kreis.name} im Vergleich; die vier Pilotkommunen "
            f"({', '.join(p.short_name for p in self.region.pilots)}) sind hervorgehoben ({ANNOUNCEMENT})."
        )

    def overview_table(self) -> Html:
        self._use(*self.TABLE_INDICATORS)
        areas = sorted(self.region.municipalities, key=lambda a: a.short_name)
        rows = [*areas, self.region.kreis, self.region.land]
        frame = pd.DataFrame(
            {
                "Gebiet": [a.short_name + (" (Pilot)" if a.pilot else "") for a in rows],
                **{self.registry[i].label: [self.text(i, a.ags) for a in rows] for i in self.TABLE_INDICATORS},
            }
        )
        highlight = {a.short_name + " (Pilot)" for a in self.region.pilots} | {
            self.region.kreis.short_name,
            self.region.land.short_name,
        }
        return join(
            table(frame, highlight=highlight, key="Gebiet", numeric=tuple(frame.columns[1:])),
            paragraph(
                self.source_for(*self.TABLE_INDICATORS) + ". Zahlen unter "
                f"{self.region.min_count} sind unterdrückt („.“).",
                "ia-source",
            ),
        )

    def small_multiples(self) -> Html:
        ids = ("foreigners_share_census_2022", "migration_background_share_census_2022", "unemployed_foreigners_share")
        self._use(*ids)
        frames = []
        for indicator_id in ids:
            by_name = self._by_name(indicator_id)
            frames.append(
                pd.DataFrame(
                    {
                        "area": by_name.index,
                        "indicator": self.registry[indicator_id].label,
                        "value": by_name.to_numpy(),
                        "unit": self.registry[indicator_id].unit,
                    }
                )
            )
        chart = charts.plot_small_multiples(
            pd.concat(frames, ignore_index=True),
            title=f"Vielfalt in den Gemeinden des {self.region.kreis.name}",
            source=self.source_for(*ids),
            highlight={p.short_name for p in self.region.pilots},
        )
        return Html(chart._repr_html_())

    def kreis_vs_land(self) -> Html:
        ids = (
            "foreigners_share_census_2022",
            "migration_background_share_census_2022",
            "foreigners_share_update",
            "unemployed_foreigners_share",
            "sgb2_foreigners_share",
            "naturalisation_rate",
            "foreigners_change",
        )
        self._use(*ids)
        kreis, land = self.region.kreis, self.region.land
        blocks = []
        for indicator_id in ids:
            spec = self.registry[indicator_id]
            k = self.value(indicator_id, kreis.ags)
            if pd.isna(k["value"]):
                blocks.append(notice(k["note"] or f"{spec.label}: kein Wert für den Kreis."))
                continue
            own = figure_of(self.table, spec, kreis.ags, self.region.min_count)
            ref = figure_of(self.table, spec, land.ags, self.region.min_count)
            stand = "" if is_change(spec) else f" (Stand {format_date_de(k['date'])})"
            blocks.append(paragraph(f"{comparison(spec, kreis, own, ref, land)}{stand}", "ia-sentence"))
        blocks.append(paragraph(self.source_for(*ids), "ia-source"))
        return join(*blocks)

    def standouts(self) -> Html:
        """For each municipality the census share where it differs most from the Kreis (ratio). A share that is
        missing or marked (secret, not published) is not compared; it is named beneath the table, and a
        municipality without any comparable share shows its marker or "keine Daten"."""
        ids = ("foreigners_share_census_2022", "migration_background_share_census_2022")
        kreis_values = {i: self.value(i, self.region.kreis.ags)["value"] for i in ids}
        rows, gaps = [], []
        for area in sorted(self.region.municipalities, key=lambda a: a.short_name):
            comparable = [i for i in ids if _positive(self.value(i, area.ags)["value"]) and _positive(kreis_values[i])]
            gaps += [
                f"{area.short_name} – {self.registry[i].label}: „{self.text(i, area.ags)}“"
                for i in ids
                if i not in comparable
            ]
            if not comparable:
                rows.append(
                    {
                        "Gemeinde": area.short_name + (" (Pilot)" if area.pilot else ""),
                        "Auffälligste Kennzahl": "keine Daten",
                        "Wert": " / ".join(dict.fromkeys(self.text(i, area.ags) for i in ids)),
                        "Enzkreis": "–",
                        "Abweichung": "–",
                    }
                )
                continue
            best = max(comparable, key=lambda i: abs(np.log(self.value(i, area.ags)["value"] / kreis_values[i])))
            own, ref = self.value(best, area.ags)["value"], kreis_values[best]
            spec = self.registry[best]
            rows.append(
                {
                    "Gemeinde": area.short_name + (" (Pilot)" if area.pilot else ""),
                    "Auffälligste Kennzahl": spec.label,
                    "Wert": format_number_de(own, 1) + " %",
                    "Enzkreis": format_number_de(ref, 1) + " %",
                    "Abweichung": f"{'über' if own > ref else 'unter'} dem Kreiswert um "
                    f"{format_number_de(abs(own / ref - 1) * 100)} %",
                }
            )
        frame = pd.DataFrame(rows)
        missing = (
            paragraph(
                "Nicht verglichen (kein Wert oder vom Herausgeber gekennzeichnet: „.“ geheim, „–“ kein Wert): "
                + "; ".join(gaps)
                + ".",
                "ia-source",
            )
            if gaps
            else Html("")
        )
        return join(
            table(frame, highlight={a.short_name + " (Pilot)" for a in self.region.pilots}, key="Gemeinde"),
            missing,
            paragraph(self.source_for(*ids), "ia-source"),
        )

    def kreis_topics(self) -> Html:
        """Refugee intake, provisional accommodation, naturalisation and SGB II (Kreis level, mostly secondary)."""
        ids = ("asylum_admissions", "refugees_provisional_accommodation", "unemployment_rate", "protection_seekers")
        self._use(*ids)
        t = self.tidy
        rows = t[
            (t["ags"] == self.region.kreis.ags) & (t["variable"] == "asylum_admissions_kreis") & (t["group"] == "total")
        ].sort_values("date")
        blocks = []
        if len(rows):
            chart = charts.plot_bars_over_time(
                pd.DataFrame({"date": rows["date"], "value": rows["value"]}),
                title=f"Aufnahmen in die vorläufige Unterbringung, {self.region.kreis.name}",
                unit="persons",
                source=source_line(sorted(set(rows["source_id"])), self.sources),
            )
            blocks.append(Html(chart._repr_html_()))
        for indicator_id in ids[1:]:
            spec = self.registry[indicator_id]
            k = self.value(indicator_id, self.region.kreis.ags)
            if pd.isna(k["value"]):
                blocks.append(notice(k["note"]))
            else:
                blocks.append(
                    paragraph(
                        f"{spec.label}: {self.text(indicator_id, self.region.kreis.ags)} "
                        f"(Stand {format_date_de(k['date'])}, {k['reliability']}).",
                        "ia-sentence",
                    )
                )
        blocks.append(paragraph(self.source_for(*ids), "ia-source"))
        return join(*blocks)

    def local_overview(self) -> Html:
        """Handlungsfelder by municipality, offers and gaps, from the municipal information in data/local."""
        profiles, faulty = local.load_checked(region=self.region)
        return join(
            local.faulty_notices(faulty),
            Html("<h3>Themen und Handlungsfelder</h3>"),
            local.topic_matrix(profiles, self.region, faulty),
            Html("<h3>Angebote</h3>"),
            local.offers_overview(profiles, self.region, faulty),
            Html("<h3>Handlungsfelder ohne erfasstes Angebot</h3>"),
            local.gaps(profiles, self.region, faulty),
        )

    def pilots(self) -> Html:
        """One line per pilot: rank of its census share of foreigners in the Kreis."""
        spec = self.registry["foreigners_share_census_2022"]
        values = self.values("foreigners_share_census_2022").set_index("ags")["value"]
        lines = []
        for pilot in self.region.pilots:
            rank, n = rank_among(values, pilot.ags)
            lines.append(
                paragraph(rank_sentence(rank, n, spec.phrase, pilot.short_name, self.region.kreis.name), "ia-sentence")
            )
        return join(*lines)
