"""HTML blocks for the reports: escaped paragraphs, tables, notices; every block displays itself in Jupyter
and in nbconvert's HTML through ``_repr_html_``."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Html:
    """A block of HTML that Jupyter and nbconvert display as it is."""

    text: str

    def _repr_html_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        # The plain-text form Jupyter stores beside the HTML: a short label, not the whole HTML a second time
        # (which would double each output in the notebook and in every message from the kernel).
        return f"<HTML-Block, {len(self.text):,} Zeichen>"

    def __add__(self, other: Html) -> Html:
        return Html(self.text + other.text)


def join(*blocks: Html) -> Html:
    return Html("".join(block.text for block in blocks))


def paragraph(text: str, css: str = "") -> Html:
    cls = f' class="{css}"' if css else ""
    return Html(f"<p{cls}>{html.escape(text)}</p>")


def notice(text: str) -> Html:
    """A visible "keine Daten" box: a missing figure is said, never left as a gap."""
    return Html(f'<div class="ia-notice" role="note"><strong>Keine Daten:</strong> {html.escape(text)}</div>')


def table(
    frame: pd.DataFrame, *, highlight: set[str] | None = None, key: str | None = None, numeric: tuple[str, ...] = ()
) -> Html:
    """An escaped HTML table; rows whose ``key`` column is in ``highlight`` are highlighted."""
    num = ' class="num"'
    head = "".join(f"<th{num if c in numeric else ''}>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        cls = ' class="ia-highlight"' if highlight and key and row[key] in highlight else ""
        cells = "".join(f"<td{num if c in numeric else ''}>{html.escape(str(row[c]))}</td>" for c in frame.columns)
        body.append(f"<tr{cls}>{cells}</tr>")
    return Html(f'<table class="ia-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def side_by_side(*blocks: Html) -> Html:
    """Blocks (usually two figures) next to each other where the page is wide enough, stacked on a phone."""
    if len(blocks) < 2:
        return join(*blocks)
    return Html('<div class="ia-pair">' + "".join(block.text for block in blocks) + "</div>")
