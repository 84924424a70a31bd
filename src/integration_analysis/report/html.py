"""Offline HTML for reviewers: nbconvert export with the ``ia_offline`` template (no code, prompts, stderr or
remote scripts), then a table of contents and the provenance footer. (The index page of all reports is
:mod:`.index`'s.)

Everything here is deterministic except the one build stamp in the footer.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode

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


class OfflineExporter(HTMLExporter):
    """nbconvert's HTML exporter without its own pass over the finished page.

    ``HTMLExporter.from_notebook_node`` renders the template, then parses the page with BeautifulSoup to give
    images without alt text a placeholder and to make outputs focusable, and serialises it again; the reports'
    own changes (:func:`export_html`) need a parse of the page too. :meth:`render` stops after the template (with
    the two filters nbconvert registers first) and :func:`make_accessible` does nbconvert's two steps in the
    report's single pass: one parse instead of two for a page of some 3,000 elements."""

    def render(self, nb: NotebookNode) -> str:
        """The page of ``nb`` as the template renders it (as ``HTMLExporter.from_notebook_node`` does before its
        BeautifulSoup pass)."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        resources = self._init_resources(None)
        self.register_filter(
            "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        )
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        body, _ = TemplateExporter.from_notebook_node(self, nb, resources)
        return body


#: The alt text of an image that has none (nbconvert's rule, in German; every chart of the reports has its own).
MISSING_ALT = "Keine Beschreibung der Abbildung vorhanden"


def make_accessible(soup: BeautifulSoup) -> None:
    """What nbconvert's HTML exporter does to a page: a placeholder alt text for images without one, every
    cell's text and output focusable (``tabindex="0"``: a keyboard user can reach and scroll them)."""
    for image in soup.select("img:not([alt])"):
        image["alt"] = MISSING_ALT
    for block in soup.select(".jp-Notebook div.jp-Cell-inputWrapper, .jp-Notebook div.jp-OutputArea-output"):
        block["tabindex"] = "0"


@cache
def _exporter() -> OfflineExporter:
    """The exporter, made once per process: it compiles its templates on first use and reuses them."""
    exporter = OfflineExporter(
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


def export_html(notebook: NotebookNode, *, title: str, git_rev: str, built_at: str) -> str:
    """The reviewer's HTML of an executed notebook, with its table of contents and the build stamp (the notebook
    is changed: title and cell ids)."""
    notebook.metadata["title"] = title
    for number, cell in enumerate(notebook.cells):  # papermill's injected cell has a random id
        cell["id"] = f"cell-{number}"
    soup = BeautifulSoup(_exporter().render(notebook), "html.parser")
    make_accessible(soup)
    strip_css_comments(soup)
    add_toc(soup)
    wrap_tables(soup)
    main = soup.find("main") or soup.body
    main.append(BeautifulSoup(footer_html(git_rev=git_rev, built_at=built_at), "html.parser"))
    return str(soup)
