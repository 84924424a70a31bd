"""The finishing of a report page on its parsed HTML (BeautifulSoup): what nbconvert's HTML exporter does to a
page (alt texts, focusable cells), the table of contents, scrolling boxes for tables, CSS without comments and the
build stamp. Used by the export of the reports (:mod:`.html`) and by the index page (:mod:`.index`), which need
no nbconvert for it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from bs4 import BeautifulSoup

from .. import __version__
from ..core.german import format_date_de

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "ia_offline"


#: The alt text of an image that has none (nbconvert's rule, in German; every chart of the reports has its own).
MISSING_ALT = "Keine Beschreibung der Abbildung vorhanden"


def make_accessible(soup: BeautifulSoup) -> None:
    """What nbconvert's HTML exporter does to a page: a placeholder alt text for images without one, every
    cell's text and output focusable (``tabindex="0"``: a keyboard user can reach and scroll them)."""
    for image in soup.find_all("img", alt=False):
        image["alt"] = MISSING_ALT
    for notebook in soup.find_all(class_="jp-Notebook"):
        for block in notebook.find_all("div", class_=["jp-Cell-inputWrapper", "jp-OutputArea-output"]):
            block["tabindex"] = "0"


def _heading_id(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9äöüß]+", "-", text.lower()).strip("-") or "abschnitt"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def add_toc(soup: BeautifulSoup) -> None:
    """Insert an "Inhalt" list of the h2 sections after the first h1 (ids are given where missing)."""
    used = {tag["id"] for tag in soup.find_all(id=True)}
    items = []
    for heading in soup.find_all("h2"):
        for anchor in heading.find_all("a", class_="anchor-link"):
            anchor.decompose()
        text = heading.get_text(" ", strip=True)
        if not heading.get("id"):
            heading["id"] = _heading_id(text, used)
        items.append((heading["id"], text))
    first = soup.find("h1")
    if not items or first is None:
        return
    nav = soup.new_tag("nav", attrs={"class": "ia-toc", "aria-label": "Inhalt"})
    title = soup.new_tag("strong")
    title.string = "Inhalt"
    nav.append(title)
    ol = soup.new_tag("ol")
    for anchor_id, text in items:
        li = soup.new_tag("li")
        link = soup.new_tag("a", href=f"#{anchor_id}")
        link.string = text
        li.append(link)
        ol.append(li)
    nav.append(ol)
    first.insert_after(nav)


def footer_html(*, git_rev: str, built_at: str) -> str:
    """The build stamp at the end of a report: the day it was built (German date), program version and revision.
    The sources are listed once, in the report's appendix."""
    day = format_date_de(built_at[:10]) if built_at else ""
    return (
        '<footer class="ia-footer"><p class="ia-build-stamp">'
        f"Erstellt am {html.escape(day)} · Programmversion {html.escape(__version__)}, "
        f"Revision {html.escape(git_rev)}</p></footer>"
    )


#: A table with at least this many columns prints in the smaller font of ``table.ia-wide`` (report.css).
WIDE_COLUMNS = 6


def wrap_tables(soup: BeautifulSoup) -> None:
    """Put every report table in its own sideways-scrolling box (``div.ia-scroll``, focusable and named for
    keyboard and screen-reader users) and mark tables of :data:`WIDE_COLUMNS` or more columns ``ia-wide``; the
    CSS (report.css) shows a shadow where columns are hidden and drops the box in print."""
    for number, tab in enumerate(soup.find_all("table", class_="ia-table"), start=1):
        first_row = tab.find("tr")
        if first_row is not None and len(first_row.find_all(["th", "td"])) >= WIDE_COLUMNS:
            tab["class"] = [*tab["class"], "ia-wide"]
        box = soup.new_tag(
            "div", attrs={"class": "ia-scroll", "role": "region", "tabindex": "0", "aria-label": f"Tabelle {number}"}
        )
        tab.wrap(box)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def strip_css_comments(soup: BeautifulSoup) -> None:
    """Drop comments from inline styles: JupyterLab's CSS cites web addresses there, and a reviewer's file
    should contain no address a browser might be tempted to resolve (and it is smaller)."""
    for style in soup.find_all("style"):
        style.string = _CSS_COMMENT.sub("", style.get_text())
