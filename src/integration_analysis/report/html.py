"""Offline HTML for reviewers: nbconvert export with the ``ia_offline`` template (no code, prompts, stderr or
remote scripts), finished in one pass (:mod:`.page`: table of contents, table boxes, the build stamp). (The index
page of all reports is :mod:`.index`'s.)

Everything here is deterministic except the one build stamp in the footer.
"""

from __future__ import annotations

from functools import cache

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode

from .page import (
    TEMPLATE_DIR,
    TEMPLATE_NAME,
    add_toc,
    append_footer,
    make_accessible,
    page_text,
    parse_page,
    strip_css_comments,
    wrap_tables,
)


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
    the two filters nbconvert registers first) and :func:`.page.make_accessible` does nbconvert's two steps in
    the report's single pass (lxml, :mod:`.page`).

    nbconvert validates the whole notebook against the notebook schema after each of its 13 preprocessors; the
    export validates it once, before them (none of the enabled ones can make it invalid)."""

    def render(self, nb: NotebookNode) -> str:
        """The page of ``nb`` as the template renders it (as ``HTMLExporter.from_notebook_node`` does before its
        pass over the page)."""
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
        nbformat.validate(nb, relax_add_props=True)
        body, _ = TemplateExporter.from_notebook_node(self, nb, resources)
        return body

    def _validate_preprocessor(self, nbc: NotebookNode, preprocessor: object) -> None:  # nbconvert's hook
        """No validation after each preprocessor (see the class)."""


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


def export_html(notebook: NotebookNode, *, title: str, git_rev: str, built_at: str) -> str:
    """The reviewer's HTML of an executed notebook, with its table of contents and the build stamp (the notebook
    is changed: title and cell ids)."""
    notebook.metadata["title"] = title
    for number, cell in enumerate(notebook.cells):  # papermill's injected cell has a random id
        cell["id"] = f"cell-{number}"
    root = parse_page(_exporter().render(notebook))
    make_accessible(root)
    strip_css_comments(root)
    add_toc(root)
    wrap_tables(root)
    append_footer(root, git_rev=git_rev, built_at=built_at)
    return page_text(root)
