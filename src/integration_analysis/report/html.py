"""Offline HTML for reviewers: nbconvert export with the ``ia_offline`` template (no code, prompts, stderr or
remote scripts), then a table of contents and the provenance footer. (The index page of all reports is
:mod:`.index`'s.)

Everything here is deterministic except the one build stamp in the footer.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from .. import __version__
from ..core.german import format_date_de

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "ia_offline"


class DropStderr(Preprocessor):
    """Remove stderr streams (warnings, logging) from every output: reviewers never see them."""

    def preprocess_cell(self, cell, resources, index):  # noqa: ANN001, ANN201 (nbconvert's signature)
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
        return cell, resources


def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.language_code = "de"
    exporter.register_preprocessor(DropStderr(), enabled=True)
    return exporter


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


def export_html(notebook_path: Path, *, title: str, git_rev: str, built_at: str) -> str:
    """The reviewer's HTML of an executed notebook, with its table of contents and the build stamp."""
    notebook = nbformat.read(str(notebook_path), as_version=4)
    notebook.metadata["title"] = title
    for number, cell in enumerate(notebook.cells):  # papermill's injected cell has a random id
        cell["id"] = f"cell-{number}"
    body, _ = _exporter().from_notebook_node(notebook)
    soup = BeautifulSoup(body, "html.parser")
    strip_css_comments(soup)
    add_toc(soup)
    wrap_tables(soup)
    main = soup.find("main") or soup.body
    main.append(BeautifulSoup(footer_html(git_rev=git_rev, built_at=built_at), "html.parser"))
    return str(soup)
