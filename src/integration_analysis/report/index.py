"""The index page ``reports/index.html``: every report of the reports folder with its status, build time and
the data vintage, in the house style of the reports.

The page uses the reports' own stylesheet (``templates/ia_offline/report.css``), is German (``lang="de"``,
dates as "29.11.2026"), fits a phone (viewport meta) and loads nothing. Per Kreis the Kreisübersicht comes
first, then the Steckbriefe in German alphabetical order with the pilots marked; a Kreis of one municipality
(a Stadtkreis) says why it has no Kreisübersicht. Reports of more than one Kreis are grouped under a heading
per Kreis, with a list of the Kreise on top. Only a report that was built or kept is linked; a failed or damaged
one is named with its reason.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd

from ..core.atomic import write_text_atomic
from ..core.errors import UnknownRegionError
from ..core.german import format_date_de, sort_key_de
from ..data.datasets import load_sources
from ..data.regions import Region, region_for_kreis
from .page import TEMPLATE_DIR, TEMPLATE_NAME, page_text, parse_page, wrap_tables

INDEX_FILE = "index.html"
STATUS_DE = {
    "built": "neu erstellt",
    "unchanged": "unverändert",
    "failed": "fehlgeschlagen",
    "damaged": "beschädigt",
}
#: What the index adds to the reports' stylesheet: the pilot mark and the reasons of failed reports.
INDEX_CSS = (
    ".ia-badge { font-size: .75rem; background: rgba(255, 190, 0, .35); border-radius: .2rem; padding: 0 .3rem; "
    "margin-left: .3rem; white-space: nowrap; }\n"
    ".ia-reason { display: block; font-size: .8rem; color: #555; }\n"
)
_BUILT_AT = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC")


def data_vintage(sources: pd.DataFrame) -> str:
    """The reference dates of the official sources, in one line ("Gemeindeverzeichnis 31.12.2023; …")."""
    official = sources[sources["secondary"].astype(str) != "True"]
    families = {
        "destatis_gv": "Gemeindeverzeichnis",
        "zensus2022": "Zensus 2022",
        "inkar": "INKAR",
        "ba_arbeitslose": "Arbeitslose (BA)",
    }
    parts = []
    for prefix, label in families.items():
        dates = official.loc[official["source_id"].str.startswith(prefix), "reference_date"].astype(str)
        if len(dates):
            parts.append(f"{label} {format_date_de(max(dates))}")
    return "; ".join(parts)


def built_at_de(stamp: str) -> str:
    """The day of a build time of the manifest in German: "2026-11-29 10:50 UTC" → "29.11.2026" (the clock time in
    UTC, which the manifest keeps, would confuse a reader in Germany)."""
    match = _BUILT_AT.fullmatch(stamp.strip())
    return format_date_de(match.group(1)) if match else stamp


def _region(kreis_ags: str) -> Region | None:
    """The region of a Kreis key, or None where the register does not know it."""
    try:
        return region_for_kreis(kreis_ags)
    except (UnknownRegionError, FileNotFoundError):
        return None


def _is_pilot(region: Region | None, ags: str) -> bool:
    try:
        return region is not None and region.area(ags).pilot
    except UnknownRegionError:
        return False


def _row(entry: dict, pilot: bool) -> str:
    name = html.escape(entry["title"])
    if entry["status"] in ("built", "unchanged"):
        name = f'<a href="{html.escape(entry["file"])}">{name}</a>'
    mark = '<span class="ia-badge">Pilotkommune</span>' if pilot else ""
    reason = f'<span class="ia-reason">{html.escape(entry["error"])}</span>' if entry.get("error") else ""
    status = html.escape(STATUS_DE.get(entry["status"], entry["status"]))
    return (
        f"<tr><td>{name}{mark}</td><td>{status}{reason}</td>"
        f"<td>{html.escape(built_at_de(entry.get('built_at') or ''))}</td></tr>"
    )


def _kreis_section(kreis_ags: str, entries: list[dict], grouped: bool) -> str:
    """The reports of one Kreis: its heading (when grouped), the Kreisübersicht first, then the Steckbriefe."""
    region = _region(kreis_ags)
    summaries = [e for e in entries if e["kind"] == "kreisuebersicht"]
    others = sorted((e for e in entries if e["kind"] != "kreisuebersicht"), key=lambda e: sort_key_de(e["title"]))
    parts = []
    if grouped:
        name = region.kreis.name if region is not None else kreis_ags
        parts.append(f'<h2 id="kreis-{kreis_ags}">{html.escape(name)}</h2>')
    if not summaries and region is not None and region.single_municipality:
        parts.append(
            f'<p class="ia-notice">Keine Kreisübersicht: {html.escape(region.kreis.name)} ist ein Kreis aus einer '
            "Gemeinde; deren Steckbrief vergleicht sie mit dem Land.</p>"
        )
    rows = [_row(e, False) for e in summaries] + [_row(e, _is_pilot(region, e["ags"])) for e in others]
    parts.append(
        '<table class="ia-table"><thead><tr><th>Bericht</th><th>Status</th><th>Erstellt</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return "".join(parts)


def index_html(entries: list[dict], vintage: str) -> str:
    """The index page for the manifest's ``entries`` and the data vintage line."""
    by_kreis: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        by_kreis[entry["ags"][:5]].append(entry)
    grouped = len(by_kreis) > 1
    toc = ""
    if grouped:
        items = []
        for key in sorted(by_kreis):
            region = _region(key)
            name = region.kreis.name if region is not None else key
            items.append(f'<li><a href="#kreis-{key}">{html.escape(name)}</a> ({len(by_kreis[key])})</li>')
        toc = f'<nav class="ia-toc" aria-label="Kreise"><strong>Kreise</strong><ol>{"".join(items)}</ol></nav>'
    sections = "".join(_kreis_section(key, by_kreis[key], grouped) for key in sorted(by_kreis))
    css = (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8") + INDEX_CSS
    page = (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Berichte: Integration und Vielfalt</title><style>{css}</style></head>"
        '<body class="jp-Notebook"><main class="jp-RenderedHTMLCommon">'
        "<h1>Steckbriefe der Integration und Vielfalt</h1>"
        f"<p>Datenstand: {html.escape(vintage)}</p><p>{len(entries)} {'Bericht' if len(entries) == 1 else 'Berichte'}"
        f"</p>{toc}{sections}</main></body></html>\n"
    )
    root = parse_page(page)
    wrap_tables(root)
    return page_text(root)


def write_index(reports_dir: Path, entries: list[dict]) -> Path:
    """Write ``reports_dir/index.html`` for the manifest's ``entries`` (atomically)."""
    return write_text_atomic(Path(reports_dir) / INDEX_FILE, index_html(entries, data_vintage(load_sources())))
