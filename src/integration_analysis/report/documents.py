"""The content of the two reports, section by section, as HTML blocks the notebooks display.

``Steckbrief`` (one municipality) and ``Kreisuebersicht`` (all municipalities) load the data once; each method
returns one section's content (tables, charts, sentences, "keine Daten" notices). The notebooks hold the
headings, one call per section and the narrative; no numbers are computed there.
"""

from __future__ import annotations

import html
import re
from functools import cached_property

import numpy as np
import pandas as pd

from ..analysis.compare import peers, points_difference, rank_among, rank_sentence
from ..analysis.disclosure import format_count, is_small_count, suppress_table
from ..analysis.indicators import CENSUS_AGE_SOURCE, SOURCE_SEPARATOR, Indicator, load_registry
from ..analysis.profile import (
    FEW_CASES,
    FEW_CASES_NOTE,
    KEY_INDICATORS,
    OLD_DATA_NOTE,
    OLD_DATA_YEARS,
    Figure,
    area_profile,
    comparison,
    figure_from_row,
    format_indicator,
    is_change,
    is_older_data,
    newest_date,
)
from ..analysis.region_data import region_data
from ..core.errors import InputError
from ..core.german import (
    count_word_de,
    format_date_de,
    format_number_de,
    format_value_de,
    kreis_dative,
    kreis_genitive,
    reference_phrase,
    sort_key_de,
)
from ..core.schema import NO_VALUE, NOT_MEANINGFUL, OFFICIAL_MARKERS
from ..data import local
from ..data.regions import Area, Region, default_region, resolve_region
from . import charts, local_sections, maps
from .blocks import Html, join, notice, paragraph, side_by_side, table
from .kreis_sections import KreisSections
from .sources_list import source_line, source_list

#: Short legend labels of the population bases in time-series charts.
SERIES_BASIS = {
    "update_pre_census_2011": "Fortschreibung (frühere Basis)",
    "census_2011": "Zensus 2011",
    "update_census_2011": "Fortschreibung (Basis Zensus 2011)",
    "census_2022": "Zensus 2022",
    "update_census_2022": "Fortschreibung (Basis Zensus 2022)",
}
#: Population counts of one municipality over time: the register (GV-ISys), Regionalstatistik 12411-01-01-5, the
#: two censuses and the Kreis table on the Zensus 2022 basis. Where two sources give the same date and basis, the
#: first in this order is shown.
POPULATION_SOURCES = (
    "destatis_gv_",
    "regionalstatistik_12411-01-01-5",
    "regionalstatistik_12111-01-01-5",
    "zensus2022_gemeinden",
    "genesis_api_12411-01-01-4",
)


def population_series(rows: pd.DataFrame) -> pd.DataFrame:
    """The population of one area on every date and basis the project has, one row per date and basis, from the
    area's tidy rows."""
    rows = rows[
        (rows["variable"] == "population")
        & (rows["group"] == "total")
        & rows["value"].notna()
        & rows["source_id"].str.startswith(POPULATION_SOURCES)
    ]
    order = rows["source_id"].map(lambda sid: next(i for i, p in enumerate(POPULATION_SOURCES) if sid.startswith(p)))
    rows = rows.assign(_order=order).sort_values(["date", "_order"], kind="stable")
    return rows.drop_duplicates(["date", "basis"]).drop(columns="_order")


def age_band_label(band: str) -> str:
    """ "age_06_15" → "6 bis unter 15 Jahre", "age_75_plus" → "75 Jahre und älter", "age_00_03" → "unter 3 Jahre"."""
    low, high = band.removeprefix("age_").split("_")
    if high == "plus":
        return f"{int(low)} Jahre und älter"
    return f"unter {int(high)} Jahre" if int(low) == 0 else f"{int(low)} bis unter {int(high)} Jahre"


def _share_text(values: pd.Series, low: str, high: str) -> str:
    """The summed share of the age bands from ``low`` up to (not including) ``high`` ("" = open end)."""
    chosen = []
    for group, value in values.items():
        start, end = str(group).removeprefix("age_").split("_")
        if int(start) >= int(low) and (not high or (end != "plus" and int(end) <= int(high))):
            chosen.append(value)
    if not chosen or any(pd.isna(v) for v in chosen):
        return NO_VALUE
    return format_value_de(float(sum(chosen)), "percent", 1)


class _Report(KreisSections):
    """What both reports share: data, indicator table, registry, sources, the Kreis-level sections."""

    def __init__(self, region: Region | None = None) -> None:
        self.region = region or default_region()
        #: The region's tidy rows, indicator table and sources (shared by the reports of a process: only read).
        self.data = region_data(self.region)
        self.registry = load_registry()
        self.shown: list[str] = []
        #: Every source named under a figure or table of this report (listed once in the appendix).
        self.cited: set[str] = set()

    def values(self, indicator_id: str, level: str = "gemeinde") -> pd.DataFrame:
        t = self.data.indicator_rows(indicator_id)
        return t[(t["area_level"] == level) & (t["group"] == "total")]

    def group_values(self, indicator_id: str, ags: str) -> pd.Series:
        """Every group's value of an indicator for one area, indexed by group (empty when it has none)."""
        t = self.data.indicator_rows(indicator_id)
        rows = t[(t["ags"] == ags) & (t["flag"] != "missing")]
        return pd.Series(rows["value"].to_numpy(), index=rows["group"].to_numpy(), dtype=float)

    def _source_line(self, source_ids: list[str]) -> str:
        """The "Quelle: …" line of a figure; its sources are listed in the appendix."""
        self.cited.update(source_ids)
        return source_line(source_ids, self.sources)

    @property
    def tidy(self) -> pd.DataFrame:
        return self.data.tidy

    @property
    def table(self) -> pd.DataFrame:
        return self.data.table

    @property
    def sources(self) -> pd.DataFrame:
        return self.data.sources

    def figure(self, spec: Indicator, ags: str) -> Figure:
        """The indicator's value for one area, formatted and disclosure-checked."""
        try:
            row = self.data.total_row(spec.id, ags)
        except KeyError:
            row = None
        return figure_from_row(row, spec, self.region.min_count)

    def value(self, indicator_id: str, ags: str) -> pd.Series:
        """The indicator's row for one area (group "total")."""
        return self.data.total_row(indicator_id, ags)

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
        rows = self.table.loc[self.table["indicator"].isin(indicator_ids), "source_id"]
        ids = sorted({part for joined in rows if joined for part in joined.split(SOURCE_SEPARATOR)})
        return self._source_line(ids)

    def appendix(self) -> Html:
        """The appendix, collapsed on screen and printed in full: one card per indicator shown, every source
        cited (each publisher once, with links), the official signs and the report's rules."""
        cards = [_card(self.registry[i]) for i in self.shown]
        tables = len(self.cited)
        return join(
            _details(f"Indikatorkarten ({len(cards)} Kennzahlen)", join(*cards), "ia-cards"),
            _details(
                f"Quellen ({tables} Tabellen)",
                join(
                    source_list(sorted(self.cited), self.sources),
                    paragraph(
                        "Sekundärquellen (Veröffentlichungen des Kreises, Presse, Webseiten) sind mit Fundstelle "
                        "im Projekt hinterlegt und werden nie mit amtlichen Reihen zu einer Reihe verbunden.",
                        "ia-source",
                    ),
                ),
                "ia-source-list",
            ),
            _details("Zeichenerklärung und Regeln", _signs_legend(self.region.min_count), "ia-legend"),
        )


def _rank_clause(rank: str) -> str:
    """ "28 von 28" → "; der niedrigste Wert unter den 28 Gemeinden des Kreises" (a middle rank: "; Rang 5 von 28
    im Kreis"); "" without a rank."""
    if not rank:
        return ""
    position, total = (int(part) for part in rank.split(" von "))
    if position == 1:
        return f"; der höchste Wert unter den {total} Gemeinden des Kreises"
    if position == total:
        return f"; der niedrigste Wert unter den {total} Gemeinden des Kreises"
    return f"; Rang {position} von {total} im Kreis"


_PERIOD_SENTENCE = re.compile(r"^(\S+)–(\S+): (Der|Die|Das) (.+?) ist (.*)$")


def _period_first(sentence: str) -> str:
    """ "09.05.2011–15.05.2022: Der Ausländeranteil ist in Keltern schwächer gewachsen …" → "Zwischen dem
    09.05.2011 und dem 15.05.2022 ist der Ausländeranteil in Keltern schwächer gewachsen …" (other sentences as
    they are)."""
    match = _PERIOD_SENTENCE.match(sentence)
    if not match:
        return sentence
    start, end, article, subject, rest = match.groups()
    return f"Zwischen dem {start} und dem {end} ist {article.lower()} {subject} {rest}"


def _details(summary: str, body: Html, css: str) -> Html:
    return Html(f'<details class="ia-appendix {css}"><summary>{html.escape(summary)}</summary>{body.text}</details>')


def _signs_legend(min_count: int) -> Html:
    rows = "".join(
        f"<tr><td>{html.escape(sign)}</td><td>{html.escape(text)}</td></tr>" for sign, text in OFFICIAL_MARKERS.items()
    )
    return join(
        Html(
            f'<table class="ia-table ia-signs"><thead><tr><th>Zeichen</th><th>Bedeutung</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        ),
        paragraph(
            f"Anzahlen von Personen unter {min_count} und Anteile, die auf ihnen beruhen, werden nicht gezeigt („.“), "
            "ebenso Werte, aus denen sie sich zurückrechnen ließen. Anteile aus weniger als "
            f"{FEW_CASES} Personen sind als „{FEW_CASES_NOTE}“ markiert und gehen in keine Rangfolge ein; Werte, die "
            f"mehr als {OLD_DATA_YEARS} Jahre älter sind als die neuesten ihres Abschnitts, als „{OLD_DATA_NOTE}“. "
            "Fehlende "
            "Angaben werden nie geschätzt. Unterschiede zwischen Anteilen sind in Prozentpunkten angegeben.",
            "ia-source",
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

    def __init__(self, municipality: str, region: Region | None = None, kreis: str = "") -> None:
        region = region or resolve_region(municipality, kreis)
        self.area: Area = region.find(municipality)  # unknown names fail before any data is loaded
        super().__init__(region)

    @property
    def name(self) -> str:
        return self.area.short_name

    @property
    def references(self) -> tuple[Area, ...]:
        """The areas the municipality is compared with: its Kreis and the Land; the Land alone where the
        municipality is a Kreis of its own (a Stadtkreis)."""
        return (self.region.land,) if self.region.single_municipality else (self.region.kreis, self.region.land)

    def title(self) -> Html:
        pilot = f" {self.name} {_pilot_phrase(self.region)}." if self.area.pilot else ""
        compared = "dem Land" if self.region.single_municipality else "dem Kreis und dem Land"
        return Html(f"<h1>Steckbrief der Integration und Vielfalt: {html.escape(self.name)}</h1>") + paragraph(
            f"Gemeinde {self.area.name} (Gemeindeschlüssel {self.area.ags}), {self.region.kreis.name}, "
            f"{self.region.land.name}.{pilot} Der Steckbrief zeigt, wo die Gemeinde steht, im Vergleich mit "
            f"{compared}, und nennt für jede Zahl Quelle und Stichtag."
        )

    def locator_map(self) -> Html:
        """Where the municipality lies in the Kreis (a Stadtkreis: in the Land) (BKG outlines)."""
        self.cited.add(maps.SOURCE_ID)
        where = self.region.land if self.region.single_municipality else self.region.kreis
        chart = maps.plot_locator(
            maps.load_geometries(),
            self.area.ags,
            title=f"Lage von {self.name} {reference_phrase(where.name, where.level)}",
        )
        return Html(f'<div class="ia-locator">{chart._repr_html_()}</div>')

    @cached_property
    def profile(self) -> pd.DataFrame:
        return area_profile(self.table, self.region, self.area)

    def summary(self) -> Html:
        """What stands out, in a few German sentences generated from the key figures: the population at the
        last census, the shares where the municipality differs most from the Kreis (in percentage points, with
        the rank), the change of the foreigners' share between the censuses and the long-term development of the
        population. Only figures that are current, disclosed and not from few cases are used."""
        profile = self.profile.set_index("indicator")
        sentences = []
        population = self.value("population_census_2022", self.area.ags)
        if not pd.isna(population["value"]):
            sentences.append(
                f"Beim Zensus 2022 ({format_date_de(population['date'])}) lebten in {self.name} "
                f"{format_number_de(population['value'])} Menschen."
            )
        standing = []
        for indicator_id in KEY_INDICATORS:
            spec = self.registry[indicator_id]
            if spec.unit != "percent" or is_change(spec) or OLD_DATA_NOTE in profile.at[indicator_id, "Stand"]:
                continue
            own = self.figure(spec, self.area.ags)
            reference = self.figure(spec, self.references[0].ags)
            difference = points_difference(own.value, reference.value)
            if not own.few_cases and not np.isnan(difference):
                standing.append((abs(difference), indicator_id))
        for _, indicator_id in sorted(standing, reverse=True)[:2]:
            sentence = profile.at[indicator_id, "Vergleich"]
            rank = profile.at[indicator_id, "Rang"] if "Rang" in profile.columns else ""
            if sentence:
                sentences.append(sentence.removesuffix(".") + _rank_clause(rank) + ".")
        for indicator_id in ("foreigners_share_census_change", "population_change_long"):
            if indicator_id in profile.index and profile.at[indicator_id, "flag"] != "missing":
                sentences.append(_period_first(profile.at[indicator_id, "Vergleich"]))
        return paragraph(" ".join(s for s in sentences if s), "ia-summary")

    def at_a_glance(self) -> Html:
        """Key figures with Kreis and Land, reference date and rank (the sentences are in :meth:`summary`)."""
        self._use(*KEY_INDICATORS)
        values = (self.name, *(a.name for a in self.references))
        columns = ["Kennzahl", *values, "Stand", *(["Rang"] if "Rang" in self.profile else [])]
        return join(
            paragraph(self._glance_lead()),
            table(self.profile[columns], numeric=values),
            paragraph(self.source_for(*KEY_INDICATORS), "ia-source"),
        )

    def _glance_lead(self) -> str:
        """What "Auf einen Blick" compares, naming the Kreis and the Land."""
        if self.region.single_municipality:
            return (
                f"Die wichtigsten Kennzahlen der Gemeinde neben {self.region.land.name}, mit Stichtag; "
                f"{self.name} ist ein Kreis für sich ({self.region.kreis.name}), daher ohne Rang im Kreis."
            )
        return (
            f"Die wichtigsten Kennzahlen der Gemeinde neben {kreis_dative(self.region.kreis.name)} und "
            f"{self.region.land.name}, mit Stichtag und Rang unter den "
            f"{count_word_de(len(self.region.municipalities))} Gemeinden des Kreises (Rang 1 = höchster Wert)."
        )

    def _comparison_chart(self, indicator_id: str) -> Html:
        spec = self.registry[indicator_id]
        areas = [self.area, *self.references]
        values = pd.Series({a.short_name: self.value(indicator_id, a.ags)["value"] for a in areas}, dtype=float)
        chart = charts.plot_comparison(
            values,
            title=f"{spec.label}: {self.name}, " + ("Land" if self.region.single_municipality else "Kreis und Land"),
            unit=spec.unit,
            source=self.source_for(indicator_id),
            highlight=self.name,
        )
        return Html(chart._repr_html_())

    def population_and_diversity(self) -> Html:
        """Population, census shares of foreigners (2011 and 2022, the change in points) and of people with a
        migration background."""
        ids = (
            "population_census_2022",
            "foreigners_share_census_2022",
            "migration_background_share_census_2022",
            "foreigners_share_census_2011",
            "foreigners_share_census_change",
        )
        self._use(*ids)
        blocks = [
            paragraph(
                f"Beim Zensus 2022 lebten in {self.name} {self.text('population_census_2022', self.area.ags)}. "
                "Ausländerinnen und Ausländer (ohne deutsche Staatsangehörigkeit) sind nicht dasselbe wie Menschen mit "
                "Migrationshintergrund: Zu diesen gehören auch Deutsche, die selbst oder deren Eltern zugewandert sind."
            )
        ]
        figures = []
        for indicator_id in ids[1:3]:
            spec = self.registry[indicator_id]
            own = self.value(indicator_id, self.area.ags)
            if own["flag"] == "missing" or pd.isna(own["value"]):
                blocks.append(notice(own["note"] or f"{spec.label}: kein Wert veröffentlicht."))
                continue
            blocks.append(paragraph(self._sentence(indicator_id, self.references[0]), "ia-sentence"))
            figures.append(self._comparison_chart(indicator_id))
        blocks.append(side_by_side(*figures))
        blocks.append(self._census_change_sentence())
        blocks.append(self._census_table())
        return join(*blocks)

    def _census_change_sentence(self) -> Html:
        """The foreigners' share at the two censuses, for the municipality and the Kreis (a Stadtkreis: the Land),
        in percentage points."""
        parts = []
        for area in (self.area, self.references[0]):
            old = self.value("foreigners_share_census_2011", area.ags)
            new = self.value("foreigners_share_census_2022", area.ags)
            change = self.value("foreigners_share_census_change", area.ags)
            if pd.isna(change["value"]):
                parts.append(f"{reference_phrase(area.name, area.level)} liegt kein Vergleich vor")
                continue
            parts.append(
                f"{reference_phrase(area.name, area.level)} von {format_value_de(old['value'], 'percent', 1)} auf "
                f"{format_value_de(new['value'], 'percent', 1)} "
                f"({format_value_de(change['value'], 'percentage_points', 1, sign=True)})"
            )
        return paragraph(
            "Zwischen den Volkszählungen 2011 (09.05.2011) und 2022 (15.05.2022) veränderte sich der Ausländeranteil "
            + "; ".join(parts)
            + ". Beide Werte stammen aus einem Zensus: eine Messung zu zwei Zeitpunkten. "
            + self.source_for("foreigners_share_census_change"),
            "ia-sentence",
        )

    def _sentence(self, indicator_id: str, reference: Area) -> str:
        spec = self.registry[indicator_id]
        own = self.figure(spec, self.area.ags)
        ref = self.figure(spec, reference.ags)
        return comparison(spec, self.area, own, ref, reference)

    def _census_table(self) -> Html:
        """Germans and foreigners at the two censuses: municipality, Kreis and Land."""
        ids = ("population_census_2011", "foreigners_census_2011", "foreigners_share_census_2011")
        self._use(*ids)
        areas = [self.area, *self.references]
        frame = pd.DataFrame(
            {
                "Gebiet": [a.short_name for a in areas],
                "Einwohner 2011": [self.text("population_census_2011", a.ags) for a in areas],
                "Ausländer 2011": [self.text("foreigners_census_2011", a.ags) for a in areas],
                "Anteil 2011": [self.text("foreigners_share_census_2011", a.ags) for a in areas],
                "Anteil 2022": [self.text("foreigners_share_census_2022", a.ags) for a in areas],
                "Veränderung": [self.text("foreigners_share_census_change", a.ags) for a in areas],
            }
        )
        return join(
            Html("<h3>Deutsche und Ausländer bei zwei Volkszählungen</h3>"),
            table(frame, highlight={self.name}, key="Gebiet", numeric=tuple(frame.columns[1:])),
            paragraph(
                "Zensus 2011 (Stichtag 09.05.2011) und Zensus 2022 (Stichtag 15.05.2022); der Zensus 2022 "
                "veröffentlicht je Gemeinde nur den Anteil, nicht die Zahl. Veränderung in Prozentpunkten. "
                "Einzelne Staatsangehörigkeiten werden je Gemeinde nicht veröffentlicht. "
                + self.source_for(*ids, "foreigners_share_census_2022"),
                "ia-source",
            ),
        )

    def age_structure(self) -> Html:
        """Age structure of Germans and foreigners (Zensus 2011), of the whole population (2015), average age."""
        ids = ("age_structure_census_2011", "young_share_foreigners_census_2011", "age_structure_2015", "average_age")
        self._use(*ids)
        blocks = [self._age_pyramid(), self._young_sentence(), self._broad_age_table()]
        return join(*blocks)

    def _age_counts(self, ags: str) -> pd.DataFrame:
        """Zensus 2011 counts of one area by age band for Germans and foreigners, disclosure-controlled: a small
        count and whatever would let it be recomputed from the totals are "." (docs/architecture.md §4)."""
        t = self.data.area_rows(ags)
        rows = t[t["source_id"].str.startswith(CENSUS_AGE_SOURCE)]
        rows = rows[rows["variable"].isin(["population", "germans", "foreigners"])]
        bands = sorted(g for g in set(rows["group"]) if g.startswith("age_"))
        rows = rows[rows["group"].isin(["total", *bands])]
        zero = rows["flag"] == "-"  # exactly nothing: a count of 0
        rows = rows.assign(value=rows["value"].where(~zero, 0.0), flag=rows["flag"].where(~zero, ""))
        values = rows.pivot(index="variable", columns="group", values="value").reindex(columns=["total", *bands])
        flags = rows.pivot(index="variable", columns="group", values="flag").reindex(columns=["total", *bands])
        shown, marks = suppress_table(
            values,
            total="total",
            parts=bands,
            threshold=self.region.min_count,
            flags=flags,
            column_total="population",
        )
        cells = shown.astype(object).where(marks.isin(["", "()"]), marks)
        return cells.loc[["germans", "foreigners"]].T

    def _age_pyramid(self) -> Html:
        own = self._age_counts(self.area.ags)
        if own.empty:
            return notice(self.value("age_structure_census_2011", self.area.ags)["note"])
        kreis = self._age_counts(self.references[0].ags)
        labels = {"germans": "Deutsche", "foreigners": "Ausländerinnen und Ausländer"}

        def frame(cells: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float]]:
            bands = cells.drop(index="total").rename(columns=labels)
            bands.index = [age_band_label(b) for b in bands.index]
            return bands, {labels[k]: float(cells.loc["total", k]) for k in labels}

        own_frame, own_totals = frame(own)
        kreis_frame, kreis_totals = frame(kreis)
        nobody = [label for label, total in own_totals.items() if total == 0]
        if nobody:  # "-" in the census table: exactly nobody, so there is no age structure to show
            return notice(
                f"Beim Zensus 2011 wurden in {self.name} keine {nobody[0]} gezählt („-“); einen Altersaufbau im "
                "Vergleich gibt es daher nicht."
            )
        chart = charts.plot_pyramid(
            own_frame,
            title=f"Altersaufbau von Deutschen und Ausländern in {self.name} (Zensus 2011)",
            source=self.source_for("age_structure_census_2011"),
            as_shares=True,
            totals=own_totals,
            outline=kreis_frame,
            outline_label=self.references[0].name,
            outline_totals=kreis_totals,
        )
        return Html(chart._repr_html_())

    def _young_sentence(self) -> Html:
        spec = self.registry["young_share_foreigners_census_2011"]
        own = self.figure(spec, self.area.ags)
        if pd.isna(own.value):
            return paragraph(f"{spec.label}: kein Wert ({own.note or 'nicht veröffentlicht'}).", "ia-sentence")
        near = self.references[0]
        kreis = self.figure(spec, near.ags)
        few = " Der Anteil beruht auf wenigen Fällen." if own.few_cases else ""
        return paragraph(
            f"Beim Zensus 2011 waren in {self.name} {own.text} der Ausländerinnen und Ausländer jünger als 18 Jahre, "
            f"{reference_phrase(near.name, near.level)} {kreis.text}.{few}",
            "ia-sentence",
        )

    def _broad_age_table(self) -> Html:
        """Under 18, 18 to 65, 65 and older (31.12.2015) and the average age, municipality, Kreis and Land."""
        areas = [self.area, *self.references]
        broad = {
            "unter 18 Jahre": ("00", "18"),
            "18 bis unter 65 Jahre": ("18", "65"),
            "65 Jahre und älter": ("65", ""),
        }
        frame = pd.DataFrame({"Gebiet": [a.short_name for a in areas]})
        for label, (low, high) in broad.items():
            frame[label] = [_share_text(self.group_values("age_structure_2015", a.ags), low, high) for a in areas]
        frame["Durchschnittsalter"] = [self.text("average_age", a.ags) for a in areas]
        return join(
            Html("<h3>Altersgruppen der ganzen Bevölkerung</h3>"),
            table(frame, highlight={self.name}, key="Gebiet", numeric=tuple(frame.columns[1:])),
            paragraph(
                "Anteile an allen Einwohnerinnen und Einwohnern am 31.12.2015 (Fortschreibung auf Grundlage des "
                "Zensus 2011). " + self.source_for("age_structure_2015", "average_age"),
                "ia-source",
            ),
        )

    def work(self) -> Html:
        """Foreigners among the employees living here against their share of the population; unemployed
        2011–2016 (the Kreis-level figures on work and education are in :meth:`kreis_context`)."""
        self._use("employees_residence_foreigners_share", "unemployed_foreigners_share")
        return join(self._employment_sentence(), self._unemployment_table())

    def _employment_sentence(self) -> Html:
        spec = self.registry["employees_residence_foreigners_share"]
        own = self.figure(spec, self.area.ags)
        if pd.isna(own.value):
            return paragraph(f"{spec.label}: {own.note or 'kein Wert veröffentlicht'}.", "ia-sentence")
        population = self.value("foreigners_share_census_2011", self.area.ags)
        sentences = [
            f"Am {format_date_de(own.date)} hatten {own.text} der sozialversicherungspflichtig Beschäftigten, die in "
            f"{self.name} wohnen, eine ausländische Staatsangehörigkeit."
        ]
        if not pd.isna(population["value"]):
            sentences.append(
                f"Ihr Anteil an der Bevölkerung lag beim Zensus 2011 bei "
                f"{format_value_de(population['value'], 'percent', 1)} (anderer Stichtag, daher nur zur Einordnung)."
            )
        sentences.append(self._sentence("employees_residence_foreigners_share", self.references[0]))
        return paragraph(
            " ".join(sentences) + " " + self.source_for("employees_residence_foreigners_share"), "ia-sentence"
        )

    def development(self) -> Html:
        """Population since 2008 on three bases (the line breaks at each change, both counts named) and the
        unemployment of foreigners."""
        self._use("population_change_long", "population_change_short", "foreigners_change")
        rows = population_series(self.data.area_rows(self.area.ags))
        series = pd.DataFrame(
            {
                "date": rows["date"],
                "value": rows["value"],
                "series": self.name,
                "basis": rows["basis"].map(SERIES_BASIS),
            }
        )
        chart = charts.plot_series(
            series,
            title=f"Einwohnerinnen und Einwohner in {self.name}",
            unit="persons",
            source=self._source_line(sorted(set(rows["source_id"]))),
        )
        blocks = [Html(chart._repr_html_())]
        for indicator_id in ("population_change_long", "population_change_short"):
            blocks.append(paragraph(self._sentence(indicator_id, self.references[0]), "ia-sentence"))
        blocks.append(paragraph(self._old_basis_sentence(rows)))
        blocks.append(paragraph(self._basis_change_sentence()))
        kreis_change = self.value("foreigners_change", self.region.kreis.ags)
        if not pd.isna(kreis_change["value"]):
            where = reference_phrase(self.region.kreis.name, "kreis")
            blocks.append(
                paragraph(
                    f"{where[:1].upper()}{where[1:]} stieg die Zahl der Ausländerinnen und Ausländer zwischen dem "
                    f"31.12.2011 und dem 31.12.2016 um {format_number_de(kreis_change['value'], 1)} % "
                    f"({format_number_de(kreis_change['denominator'])} auf "
                    f"{format_number_de(kreis_change['denominator'] + kreis_change['numerator'])})."
                    + (
                        ""
                        if self.region.single_municipality
                        else " Für die einzelnen Gemeinden liegt diese Zahl nicht vor."
                    ),
                    "ia-sentence",
                )
            )
        return join(*blocks)

    def _old_basis_sentence(self, rows: pd.DataFrame) -> str:
        """The change from the old basis to the Zensus 2011 basis, with both counts from the data."""
        register = rows[rows["basis"].isin(["update_pre_census_2011", "update_census_2011"])].sort_values("date")
        old = register[register["basis"] == "update_pre_census_2011"]
        new = register[register["basis"] == "update_census_2011"]
        if old.empty or new.empty:
            return ""
        before, after = old.iloc[-1], new.iloc[0]
        return (
            f"Zum {format_date_de(after['date'])} wurde die Fortschreibung auf die Ergebnisse des Zensus 2011 "
            f"umgestellt: {format_number_de(before['value'])} Einwohner am {format_date_de(before['date'])} "
            f"(frühere Basis) gegenüber {format_number_de(after['value'])} am {format_date_de(after['date'])} "
            "(Basis Zensus 2011). Auch dieser Sprung ist eine Korrektur der Zählbasis, keine Wanderung."
        )

    def _basis_change_sentence(self) -> str:
        """Fortschreibung vs Zensus 2022 for the municipality and the Kreis (a Stadtkreis: the Land), with the
        numbers from the data."""
        parts = []
        for area in (self.area, self.references[0]):
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
        t = self.data.area_rows(self.area.ags)
        rows = t[t["variable"].isin(["unemployed", "unemployed_foreigners"]) & (t["group"] == "total")]
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
                + self._source_line(sorted(set(rows["source_id"]))),
                "ia-source",
            ),
        )

    def local_information(self) -> Html:
        """Municipal information (networks, offers, starting points) from data/local, kept apart from statistics;
        a faulty file is named with line and key instead."""
        try:
            profile = local.load_local(self.area.ags, region=self.region)
        except InputError as exc:
            return local_sections.faulty_notice(exc)
        return local_sections.render_profile(profile, self.name, self.region.min_count)

    def comparison_in_kreis(self) -> Html:
        """The section "Vergleich im …" with its heading: rank among the Kreis' municipalities, all municipalities
        in one chart, peers of similar size. Nothing for a municipality that is a Kreis of its own."""
        if self.region.single_municipality:
            return Html("")
        self._use("foreigners_share_census_2022", "migration_background_share_census_2022")
        kreis = self.region.kreis
        blocks = [
            Html(f"<h2>Vergleich {html.escape(reference_phrase(kreis.name, kreis.level))}</h2>"),
            paragraph(
                f"Rang unter den {count_word_de(len(self.region.municipalities))} Gemeinden und Gemeinden ähnlicher "
                "Größe."
            ),
        ]
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
            title=f"{spec.label} in den Gemeinden {kreis_genitive(self.region.kreis.name)}",
            unit=spec.unit,
            source=self.source_for("foreigners_share_census_2022"),
            highlight={self.name},
            universe=f"Gemeinden {kreis_genitive(self.region.kreis.name)}",
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


class Kreisuebersicht(_Report):
    """The district summary: every municipality side by side, Kreis vs Land, Kreis-level topics."""

    #: The municipal indicators side by side, in two tables that fit a page.
    TABLES = {
        "Bevölkerung und Vielfalt": (
            "population",
            "population_change_long",
            "foreigners_share_census_2011",
            "foreigners_share_census_2022",
            "foreigners_share_census_change",
            "migration_background_share_census_2022",
        ),
        "Alter und Arbeit": (
            "female_share",
            "average_age",
            "young_share_foreigners_census_2011",
            "employees_residence_foreigners_share",
            "unemployed_foreigners_share",
        ),
    }

    def __init__(self, region: Region | None = None, kreis: str = "") -> None:
        super().__init__(region or resolve_region(kreis=kreis))

    def title(self) -> Html:
        kreis, pilots = self.region.kreis, self.region.pilots
        marked = ""
        if pilots:
            names = ", ".join(p.short_name for p in pilots)
            source = f" ({self.region.announcement})" if self.region.announcement else ""
            which = "die Pilotkommune" if len(pilots) == 1 else f"die {count_word_de(len(pilots))} Pilotkommunen"
            verb = "ist" if len(pilots) == 1 else "sind"
            marked = f"; {which} ({names}) {verb} hervorgehoben und in den Karten umrandet{source}"
        return Html(f"<h1>Kreisübersicht Integration und Vielfalt: {html.escape(kreis.name)}</h1>") + paragraph(
            f"Alle {count_word_de(len(self.region.municipalities))} Gemeinden {kreis_genitive(kreis.name)} im "
            f"Vergleich{marked}."
        )

    def overview_table(self) -> Html:
        """Every municipality with the Kreis and the Land, one column per indicator headed by its reference date;
        a date more than five years older than the newest of the table is marked as older data."""
        areas = sorted(self.region.municipalities, key=lambda a: sort_key_de(a.short_name))
        rows = [*areas, self.region.kreis, self.region.land]
        highlight = (
            {"Stand"}
            | {a.short_name + " (Pilot)" for a in self.region.pilots}
            | {
                self.region.kreis.short_name,
                self.region.land.short_name,
            }
        )
        blocks = []
        for heading, ids in self.TABLES.items():
            self._use(*ids)
            dates = {i: self.value(i, self.region.kreis.ags)["date"] for i in ids}
            newest = newest_date([d.split("/")[-1] for d in dates.values()])
            columns = {}
            for indicator_id in ids:
                date = dates[indicator_id]
                older = f" ({OLD_DATA_NOTE})" if is_older_data(date, newest) else ""
                stand = format_date_de(date) + older
                columns[self.registry[indicator_id].label] = [stand, *(self.text(indicator_id, a.ags) for a in rows)]
            names = ["Stand", *(a.short_name + (" (Pilot)" if a.pilot else "") for a in rows)]
            frame = pd.DataFrame({"Gebiet": names, **columns})
            blocks += [
                Html(f"<h3>{html.escape(heading)}</h3>"),
                table(frame, highlight=highlight, key="Gebiet", numeric=tuple(frame.columns[1:])),
                paragraph(
                    self.source_for(*ids) + f". Zahlen unter {self.region.min_count} sind unterdrückt („.“); "
                    f"Anteile aus weniger als {FEW_CASES} Personen sind als „{FEW_CASES_NOTE}“ markiert.",
                    "ia-source",
                ),
            ]
        return join(*blocks)

    #: The indicators mapped in :meth:`maps`.
    MAP_INDICATORS = (
        "foreigners_share_census_2022",
        "migration_background_share_census_2022",
        "foreigners_share_census_change",
    )

    def maps(self) -> Html:
        """A choropleth per key share of the Zensus over the Kreis' municipalities (pilots outlined); a share from
        a small count is left without a value (hatched), as in the tables."""
        self._use(*self.MAP_INDICATORS)
        self.cited.add(maps.SOURCE_ID)
        geometries = maps.load_geometries()
        return join(*(Html(self.map_chart(i, geometries)._repr_html_()) for i in self.MAP_INDICATORS))

    def map_chart(self, indicator_id: str, geometries: dict[str, maps.Area]) -> charts.Chart:
        """The choropleth of one indicator over the Kreis' municipalities, by AGS."""
        spec = self.registry[indicator_id]
        by_name = self._by_name(indicator_id)
        keys = [a.ags for a in self.region.municipalities]
        values = pd.Series([by_name[self.region.area(k).short_name] for k in keys], index=keys, dtype=float)
        return maps.plot_choropleth(
            values,
            geometries,
            title=f"{spec.label} in den Gemeinden {kreis_genitive(self.region.kreis.name)}",
            unit=spec.unit,
            source=self.source_for(indicator_id),
            highlight={p.ags for p in self.region.pilots},
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
            title=f"Vielfalt in den Gemeinden {kreis_genitive(self.region.kreis.name)}",
            source=self.source_for(*ids),
            highlight={p.short_name for p in self.region.pilots},
        )
        return Html(chart._repr_html_())

    def kreis_vs_land(self) -> Html:
        """The section "<Kreis> und <Land>" with its heading: the Kreis' values against the Land's."""
        ids = (
            "foreigners_share_census_2022",
            "migration_background_share_census_2022",
            "foreigners_share_census_2011",
            "migration_background_share_census_2011",
            "foreigners_share_update",
            "unemployed_foreigners_share",
            "employees_residence_foreigners_share",
            "sgb2_foreigners_share",
            "naturalisation_rate",
            "foreigners_change",
        )
        self._use(*ids)
        kreis, land = self.region.kreis, self.region.land
        blocks = [Html(f"<h2>{html.escape(kreis.name)} und {html.escape(land.name)}</h2>")]
        compared = []  # only the compared indicators' sources are cited (a Land value alone is not shown)
        for indicator_id in ids:
            spec = self.registry[indicator_id]
            k = self.value(indicator_id, kreis.ags)
            if pd.isna(k["value"]):
                blocks.append(notice(k["note"] or f"{spec.label}: kein Wert für den Kreis."))
                continue
            compared.append(indicator_id)
            own = self.figure(spec, kreis.ags)
            ref = self.figure(spec, land.ags)
            stand = "" if is_change(spec) else f" (Stand {format_date_de(k['date'])})"
            blocks.append(paragraph(f"{comparison(spec, kreis, own, ref, land)}{stand}", "ia-sentence"))
        if compared:
            blocks.append(paragraph(self.source_for(*compared), "ia-source"))
        return join(*blocks)

    def standouts(self) -> Html:
        """For each municipality the census share where it differs most from the Kreis, by the difference in
        percentage points of the printed values (on a tie the first share of the list). A share that is missing
        or marked (secret, not published) is not compared; it is named beneath the table, and a municipality
        without any comparable share shows its marker or "keine Daten"."""
        ids = ("foreigners_share_census_2022", "migration_background_share_census_2022")
        kreis_values = {i: self.value(i, self.region.kreis.ags)["value"] for i in ids}
        kreis_name = self.region.kreis.short_name
        rows, gaps = [], []
        for area in sorted(self.region.municipalities, key=lambda a: sort_key_de(a.short_name)):
            differences = {i: points_difference(self.value(i, area.ags)["value"], kreis_values[i]) for i in ids}
            comparable = [i for i in ids if not np.isnan(differences[i])]
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
                        kreis_name: NOT_MEANINGFUL,
                        "Abweichung vom Kreiswert": NOT_MEANINGFUL,
                    }
                )
                continue
            best = max(comparable, key=lambda i: abs(differences[i]))
            own, ref = self.value(best, area.ags)["value"], kreis_values[best]
            rows.append(
                {
                    "Gemeinde": area.short_name + (" (Pilot)" if area.pilot else ""),
                    "Auffälligste Kennzahl": self.registry[best].label,
                    "Wert": format_value_de(own, "percent", 1),
                    kreis_name: format_value_de(ref, "percent", 1),
                    "Abweichung vom Kreiswert": format_value_de(differences[best], "percentage_points", 1, sign=True),
                }
            )
        frame = pd.DataFrame(rows)
        missing = (
            paragraph(
                "Nicht verglichen (kein Wert oder vom Herausgeber gekennzeichnet, siehe Zeichenerklärung im Anhang): "
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
        ids = ("asylum_admissions", "refugees_provisional_accommodation", "unemployment_rate")
        self._use(*ids)
        t = self.data.area_rows(self.region.kreis.ags)
        rows = t[(t["variable"] == "asylum_admissions_kreis") & (t["group"] == "total")].sort_values("date")
        blocks = []
        if len(rows):
            chart = charts.plot_bars_over_time(
                pd.DataFrame({"date": rows["date"], "value": rows["value"]}),
                title=f"Aufnahmen in die vorläufige Unterbringung, {self.region.kreis.name}",
                unit="persons",
                source=self._source_line(sorted(set(rows["source_id"]))),
            )
            blocks.append(Html(chart._repr_html_()))
        shown = []
        for indicator_id in ids[1:]:
            spec = self.registry[indicator_id]
            k = self.value(indicator_id, self.region.kreis.ags)
            if pd.isna(k["value"]):
                blocks.append(notice(k["note"]))
            else:
                shown.append(indicator_id)
                blocks.append(
                    paragraph(
                        f"{spec.label}: {self.text(indicator_id, self.region.kreis.ags)} "
                        f"(Stand {format_date_de(k['date'])}, {k['reliability']}).",
                        "ia-sentence",
                    )
                )
        if shown:
            blocks.append(paragraph(self.source_for(*shown), "ia-source"))
        return join(*blocks)

    def local_overview(self) -> Html:
        """Handlungsfelder by municipality, offers and gaps, from the municipal information in data/local."""
        profiles, faulty = local.load_checked(region=self.region)
        return join(
            local_sections.faulty_notices(faulty),
            Html("<h3>Themen und Handlungsfelder</h3>"),
            local_sections.topic_matrix(profiles, self.region, faulty),
            Html("<h3>Angebote</h3>"),
            local_sections.offers_overview(profiles, self.region, faulty),
            Html("<h3>Handlungsfelder ohne erfasstes Angebot</h3>"),
            local_sections.gaps(profiles, self.region, faulty),
        )

    def pilots(self) -> Html:
        """The section "Die Pilotkommunen" with its heading: one line per pilot, the rank of its census share of
        foreigners in the Kreis. Nothing for a Kreis without pilots."""
        if not self.region.pilots:
            return Html("")
        spec = self.registry["foreigners_share_census_2022"]
        values = self.values("foreigners_share_census_2022").set_index("ags")["value"]
        lines = [Html("<h2>Die Pilotkommunen</h2>")]
        for pilot in self.region.pilots:
            rank, n = rank_among(values, pilot.ags)
            lines.append(
                paragraph(rank_sentence(rank, n, spec.phrase, pilot.short_name, self.region.kreis.name), "ia-sentence")
            )
        return join(*lines)


def _pilot_phrase(region: Region) -> str:
    """ "ist eine der vier Pilotkommunen des Enzkreises (programme; announcement)"."""
    count = len(region.pilots)
    which = "die Pilotkommune" if count == 1 else f"eine der {count_word_de(count)} Pilotkommunen"
    details = "; ".join(text for text in (region.programme, region.announcement) if text)
    return f"ist {which} {kreis_genitive(region.kreis.name)}" + (f" ({details})" if details else "")
