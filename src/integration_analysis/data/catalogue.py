"""The catalogue of ``data/raw``: ``README.md`` written from the sidecars by ``integration-analysis import`` (and
``update``), listing every extract with its source, reference date and licence, and what is still missing."""

from __future__ import annotations

from pathlib import Path

from ..core.atomic import write_text_atomic
from ..core.provenance import SourceMeta

#: Figures the project needs and no bundled source has (SOURCES.md, "Not available here"), with where they
#: would come from. Reports say "keine Daten" for them.
MISSING: tuple[tuple[str, str], ...] = (
    (
        "Ausländerinnen und Ausländer je Gemeinde am 31.12. (Anzahl)",
        "Statistisches Landesamt Baden-Württemberg, Bevölkerungsfortschreibung",
    ),
    (
        "Migrationshintergrund je Gemeinde beim Zensus 2011",
        "Zensus 2011, Gemeindeergebnisse (Datensatz Bevölkerung)",
    ),
    (
        "Ausländerinnen und Ausländer nach Staatsangehörigkeit je Kreis",
        "Ausländerzentralregister, Regionalstatistik 12521-01-02-4",
    ),
    ("Einbürgerungen je Kreis", "Regionalstatistik 12511-01-01-4"),
    (
        "Altersstruktur Deutsche und Ausländer je Gemeinde beim Zensus 2022",
        "Zensus 2022 Datenbank (ergebnisse.zensus2022.de), Tabelle Personen nach Alter und Staatsangehörigkeit",
    ),
    (
        "Ausländeranteil je Gemeinde nach 2022 (Fortschreibung auf Basis Zensus 2022)",
        "Statistisches Landesamt Baden-Württemberg",
    ),
    (
        "Arbeitslose je Gemeinde nach 2016",
        "Statistik der Bundesagentur für Arbeit, Arbeitslose nach Gemeinden",
    ),
)


def render_raw_readme(metas: list[SourceMeta]) -> str:
    """The text of ``data/raw/README.md`` for these sidecars."""
    lines = [
        "# data/raw — extracts of the official tables",
        "",
        "Written by `integration-analysis import` and `update` (never edited by hand): one CSV per source table in the",
        "raw-extract format (`src/integration_analysis/schema.py`: one published figure per row, values unchanged,",
        "official markers in `flag`) and beside it a sidecar `*.meta.yaml` with publisher, table, reference date,",
        "licence, original file with its SHA-256, and the SHA-256 of the extract, which `integration-analysis",
        "prepare` verifies before anything is built. `SHA256SUMS` lists the SHA-256 of every extract and sidecar",
        "(`sha256sum -c SHA256SUMS` checks it), so an edited sidecar is found too. This file is generated from the",
        "sidecars.",
        "",
        "| extract | source | table | reference date | rows | licence |",
        "|---|---|---|---|---:|---|",
    ]
    for meta in sorted(metas, key=lambda m: m.source_id):
        kind = " (secondary)" if meta.secondary else ""
        lines.append(
            f"| `{meta.extract_file}` | {meta.publisher}{kind} | {meta.table_code} | {meta.reference_date} | "
            f"{meta.rows} | {meta.licence} |"
        )
    lines += [
        "",
        "Secondary extracts hold figures that did not come from the publisher's own file: each row names its",
        "source (`row_source`, resolved in the sidecar) and quotes it (`quote`). Reports label them as such.",
        "",
        '## Still missing (reports say "keine Daten" and where the figure would come from)',
        "",
        "| figure | where it would come from |",
        "|---|---|",
        *(f"| {what} | {where} |" for what, where in MISSING),
        "",
        "A user who downloads one of these tables as CSV from GENESIS / Regionalstatistik or the Zensus database",
        "can add it with the readers in `integration_analysis.sources.genesis` and `.zensus_db`;",
        "`integration-analysis update` fetches the tables it knows from the official APIs (docs/api-update.md).",
        "",
    ]
    return "\n".join(lines)


def write_raw_readme(raw_dir: Path, metas: list[SourceMeta]) -> Path:
    """Write ``raw_dir/README.md`` atomically."""
    return write_text_atomic(Path(raw_dir) / "README.md", render_raw_readme(metas))
