"""The finishing of a report page on its parsed HTML (an lxml tree): what nbconvert's HTML exporter does to a page
(alt texts, focusable cells), the table of contents, scrolling boxes for tables, CSS without comments and the
build stamp. Used by the export of the reports (:mod:`.html`) and by the index page (:mod:`.index`).

lxml parses and writes a report page of some 430 KB and 5,000 elements in a few milliseconds (BeautifulSoup took
about 50 ms, a tenth of a report's whole cost in a batch build).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import lxml.html
from lxml.html import HtmlElement

from .. import __version__
from ..core.german import format_date_de

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "ia_offline"
DOCTYPE = "<!DOCTYPE html>"


def parse_page(text: str) -> HtmlElement:
    """The tree of a whole HTML page."""
    return lxml.html.document_fromstring(text)


def page_text(root: HtmlElement) -> str:
    """The page of ``root`` as HTML text, with its doctype."""
    return lxml.html.tostring(root, encoding="unicode", doctype=DOCTYPE) + "\n"


def _classes(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


#: The alt text of an image that has none (nbconvert's rule, in German; every chart of the reports has its own).
MISSING_ALT = "Keine Beschreibung der Abbildung vorhanden"
#: The blocks of a notebook page that nbconvert makes focusable: a cell's text and each output.
_FOCUSABLE = frozenset({"jp-Cell-inputWrapper", "jp-OutputArea-output"})


def make_accessible(root: HtmlElement) -> None:
    """What nbconvert's HTML exporter does to a page: a placeholder alt text for images without one, every
    cell's text and output focusable (``tabindex="0"``: a keyboard user can reach and scroll them)."""
    for image in root.iter("img"):
        if image.get("alt") is None:
            image.set("alt", MISSING_ALT)
    for notebook in root.find_class("jp-Notebook"):
        for block in notebook.iter("div"):
            if _FOCUSABLE.intersection(_classes(block)):
                block.set("tabindex", "0")


#: German letters in the ids given to headings, spelt in ASCII (a link to an id is written percent-encoded).
_ASCII_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _heading_id(text: str, used: set[str]) -> str:
    """An unused id for a heading: its text in lower case ASCII, words joined by "-"."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_ASCII_LETTERS)).strip("-") or "abschnitt"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def _text(element: HtmlElement) -> str:
    """The element's text with white space collapsed."""
    return " ".join(element.text_content().split())


def add_toc(root: HtmlElement) -> None:
    """Insert an "Inhalt" list of the h2 sections after the first h1 (ids are given where missing)."""
    used = {element.get("id") for element in root.iter() if element.get("id")}
    items = []
    for heading in root.iter("h2"):
        for anchor in heading.find_class("anchor-link"):
            anchor.drop_tree()  # the "¶" nbconvert puts after a heading
        text = _text(heading)
        if not heading.get("id"):
            heading.set("id", _heading_id(text, used))
        items.append((heading.get("id"), text))
    first = next(root.iter("h1"), None)
    if not items or first is None:
        return
    links = "".join(f'<li><a href="#{html.escape(i, quote=True)}">{html.escape(t)}</a></li>' for i, t in items)
    nav = lxml.html.fragment_fromstring(
        f'<nav class="ia-toc" aria-label="Inhalt"><strong>Inhalt</strong><ol>{links}</ol></nav>'
    )
    nav.tail, first.tail = first.tail, None
    first.addnext(nav)


def footer_html(*, git_rev: str, built_at: str) -> str:
    """The build stamp at the end of a report: the day it was built (German date), program version and revision.
    The sources are listed once, in the report's appendix."""
    day = format_date_de(built_at[:10]) if built_at else ""
    return (
        '<footer class="ia-footer"><p class="ia-build-stamp">'
        f"Erstellt am {html.escape(day)} · Programmversion {html.escape(__version__)}, "
        f"Revision {html.escape(git_rev)}</p></footer>"
    )


def append_footer(root: HtmlElement, *, git_rev: str, built_at: str) -> None:
    """The build stamp (:func:`footer_html`) at the end of the page's ``main`` (or body)."""
    main = next(root.iter("main"), None)
    (main if main is not None else root.body).append(
        lxml.html.fragment_fromstring(footer_html(git_rev=git_rev, built_at=built_at))
    )


#: A table with at least this many columns prints in the smaller font of ``table.ia-wide`` (report.css).
WIDE_COLUMNS = 6


def wrap_tables(root: HtmlElement) -> None:
    """Put every report table in its own sideways-scrolling box (``div.ia-scroll``, focusable and named for
    keyboard and screen-reader users) and mark tables of :data:`WIDE_COLUMNS` or more columns ``ia-wide``; the
    CSS (report.css) shows a shadow where columns are hidden and drops the box in print."""
    tables = [table for table in root.iter("table") if "ia-table" in _classes(table)]
    for number, table in enumerate(tables, start=1):
        first_row = next(table.iter("tr"), None)
        if first_row is not None and sum(cell.tag in ("th", "td") for cell in first_row) >= WIDE_COLUMNS:
            table.set("class", " ".join([*_classes(table), "ia-wide"]))
        box = lxml.html.Element(
            "div", {"class": "ia-scroll", "role": "region", "tabindex": "0", "aria-label": f"Tabelle {number}"}
        )
        box.tail, table.tail = table.tail, None
        table.addprevious(box)
        box.append(table)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def strip_css_comments(root: HtmlElement) -> None:
    """Drop comments from inline styles: JupyterLab's CSS cites web addresses there, and a reviewer's file
    should contain no address a browser might be tempted to resolve (and it is smaller)."""
    for style in root.iter("style"):
        style.text = _CSS_COMMENT.sub("", style.text or "")
