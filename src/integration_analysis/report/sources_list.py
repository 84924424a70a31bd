"""How a report names its sources for a reader: the "Quelle: …" line under a figure and the source list of the
appendix, each publisher once, with its tables, reference dates, licence and links to the publisher's pages.

The sources table (``data.datasets.load_sources``) is written for provenance and holds internal notes (where a
value's own quote is recorded, which open compilation carried a table, project file names). This module is the
one place that turns it into reader-facing German: those notes are dropped or said in plain words, and no file
name, column name or tool name reaches a report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from ..core.german import format_date_de, sort_key_de
from .blocks import Html

#: Internal notes in publisher and licence texts, with what a reader reads instead ("" = dropped).
_INTERNAL_NOTES = (
    (re.compile(r"\s*\(siehe row_sources\)"), ""),
    (re.compile(r"\s*\(row_sources\)"), " (siehe Einzelbelege)"),
    (re.compile(r";\s*Zusammenstellung GERDA \(MIT\)"), ""),
)
#: A table code a reader can look up at the publisher (e.g. 12411-01-01-5, 12531-0043); anything else (file
#: names, descriptions of an export) is not printed as a code.
_TABLE_CODE = re.compile(r"^\d{5}(-\d{2,4}){1,3}$")
#: The publishers' descriptive suffix of a GENESIS title: the regional depth and the statistic's name.
_TITLE_TAIL = re.compile(r"\s+-?\s*regionale? Tiefe:.*$")


def reader_text(text: str) -> str:
    """A publisher or licence text without the project's internal notes."""
    for pattern, replacement in _INTERNAL_NOTES:
        text = pattern.sub(replacement, text)
    return text.strip()


def _title(title: str) -> str:
    return _TITLE_TAIL.sub("", title).strip(" -")


def _is_secondary(values: Iterable[object]) -> bool:
    """Whether any of a sources column "secondary" says so (a bool, or its text in a table read from CSV)."""
    return any(str(value) == "True" for value in values)


def source_line(source_ids: Iterable[str], sources: pd.DataFrame) -> str:
    """ "Quelle: …" naming each publisher once with the reference dates of the given sources."""
    chosen = sources[sources["source_id"].isin(list(source_ids))]
    dates: dict[str, set[str]] = {}
    for publisher, date in zip(chosen["publisher"], chosen["reference_date"].astype(str), strict=True):
        dates.setdefault(reader_text(publisher), set()).add(date)
    parts = [f"{p} ({', '.join(format_date_de(d) for d in sorted(dates[p]))})" for p in sorted(dates)]
    secondary = " – enthält Sekundärquellen" if _is_secondary(chosen["secondary"]) else ""
    return f"Quelle: {'; '.join(parts)}{secondary}" if parts else "Quelle: –"


def _link(url: str, text: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'
    return html.escape(text)


def source_list(source_ids: Iterable[str], sources: pd.DataFrame) -> Html:
    """The sources of a report, each publisher once (in German alphabetical order) with its tables: code, title,
    reference dates, the retrieval date of a table fetched from an API, licence, a link to the table or the
    publisher's page and a mark for secondary sources."""
    chosen = sources[sources["source_id"].isin(list(source_ids))].fillna("")
    if chosen.empty:
        return Html("<p>Keine Quellen.</p>")
    by_publisher: dict[str, list[dict]] = {}
    for row in chosen.to_dict("records"):
        by_publisher.setdefault(reader_text(str(row["publisher"])), []).append(row)
    items = []
    for publisher in sorted(by_publisher, key=sort_key_de):
        rows = by_publisher[publisher]
        by_title: dict[str, list[dict]] = {}
        for row in rows:
            by_title.setdefault(_title(str(row["title"])), []).append(row)
        tables = []
        for title, group in by_title.items():
            first = group[0]
            code = str(first["table_code"])
            label = f"{code} {title}" if _TABLE_CODE.match(code) else title
            dates = ", ".join(format_date_de(d) for d in sorted({str(row["reference_date"]) for row in group}))
            # the day a table was fetched from the publisher's API (integration-analysis update), where known
            fetched = sorted({str(row.get("retrieved_on", "")) for row in group} - {""})
            if fetched:
                dates += f", abgerufen am {', '.join(format_date_de(day) for day in fetched)}"
            secondary = " (Sekundärquelle)" if _is_secondary(row["secondary"] for row in group) else ""
            tables.append(f"<li>{_link(str(first['source_url']), label)} – Stand {html.escape(dates)}{secondary}</li>")
        licences = sorted({(reader_text(str(row["licence"])), str(row["licence_url"])) for row in rows})
        licence = "; ".join(_link(url, text) for text, url in licences)
        items.append(
            f"<li><strong>{html.escape(publisher)}</strong> – Lizenz: {licence}<ul>{''.join(tables)}</ul></li>"
        )
    return Html(f'<ul class="ia-sources">{"".join(items)}</ul>')
