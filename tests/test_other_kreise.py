"""Reports for any Kreis of the Land: the notebooks' sections rendered in-process (the cells of the report
notebooks, run in this process as the kernel would run them) for municipalities of three Landkreise and a
Stadtkreis, and the Kreisübersicht of a Landkreis. Every name, count and grammatical form comes from the region:
no "Enzkreis", no pilots where the Kreis names none, no ranking within a Kreis of one municipality."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from bs4 import BeautifulSoup

from integration_analysis.core.german import kreis_dative
from integration_analysis.core.paths import NOTEBOOKS_DIR


def render(notebook: str, **parameters: str) -> BeautifulSoup:
    """The notebook's Markdown and the HTML of each code cell's last expression, as one document; the
    ``parameters`` replace those of the parameters cell (as papermill injects them)."""
    namespace: dict = {}
    parts = []
    for cell in nbformat.read(NOTEBOOKS_DIR / notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            heading = re.match(r"##\s+(.*)", cell.source)
            parts.append(f"<h2>{heading.group(1)}</h2>" if heading else f"<p>{cell.source}</p>")
            continue
        if "parameters" in cell.metadata.get("tags", []):
            exec(cell.source, namespace)
            namespace.update(parameters)
            continue
        tree = ast.parse(cell.source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "cell", "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "cell", "eval"), namespace)
            parts.append(value._repr_html_())  # what the notebook displays
    return BeautifulSoup("".join(parts), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def key_table(soup: BeautifulSoup):  # noqa: ANN201
    """The first table outside the figures ("Auf einen Blick"; the locator map's data table comes first)."""
    return next(t for t in soup.find_all("table") if t.find_parent("figure") is None)


def headings(soup: BeautifulSoup) -> list[str]:
    return [h.get_text(" ", strip=True) for h in soup.find_all("h2")]


@pytest.fixture(scope="module")
def bruchsal() -> BeautifulSoup:
    return render("steckbrief.ipynb", municipality="08215009")


LANDKREISE = [
    # municipality, Kreis as printed, its genitive, "im …", number of municipalities (register 31.12.2023)
    ("08215009", "Bruchsal", "Landkreis Karlsruhe", "des Landkreises Karlsruhe", "im Landkreis Karlsruhe", 32),
    ("08119008", "Backnang", "Rems-Murr-Kreis", "des Rems-Murr-Kreises", "im Rems-Murr-Kreis", 31),
    ("08235046", "Nagold", "Landkreis Calw", "des Landkreises Calw", "im Landkreis Calw", 25),
]


@pytest.mark.parametrize(
    ("ags", "name", "kreis", "genitive", "where", "count"), LANDKREISE, ids=[k[1] for k in LANDKREISE]
)
def test_a_steckbrief_of_another_landkreis_names_its_own_kreis(bruchsal, ags, name, kreis, genitive, where, count):
    soup = bruchsal if ags == "08215009" else render("steckbrief.ipynb", municipality=ags)
    text = text_of(soup)
    assert soup.find("h1").get_text(strip=True) == f"Steckbrief der Integration und Vielfalt: {name}"
    assert "Enzkreis" not in text and "Pilot" not in text and "28 Gemeinden" not in text
    assert f"Vergleich {where}" in headings(soup)
    assert f"Rang unter den {count} Gemeinden" in text
    assert f"neben {kreis_dative(kreis)} und Baden-Württemberg" in text  # the lead of "Auf einen Blick"
    assert f"Gemeinden {genitive}" in text  # the ranking chart of the Kreis' municipalities
    assert f"{where} (" in text  # comparison sentences name the Kreis with its article
    glance = key_table(soup)
    assert [th.get_text(strip=True) for th in glance.find_all("th")][:4] == [
        "Kennzahl",
        name,
        kreis,
        "Baden-Württemberg",
    ]
    assert re.search(rf"\d+ von {count}\b", glance.get_text(" "))  # ranks among the Kreis' municipalities


@pytest.fixture(scope="module")
def baden_baden() -> BeautifulSoup:
    return render("steckbrief.ipynb", municipality="08211000")


def test_a_stadtkreis_gets_a_steckbrief_compared_with_the_land_only(baden_baden):
    text = text_of(baden_baden)
    assert baden_baden.find("h1").get_text(strip=True) == "Steckbrief der Integration und Vielfalt: Baden-Baden"
    assert "Enzkreis" not in text and "Pilot" not in text
    assert not [h for h in headings(baden_baden) if h.startswith("Vergleich")]  # no comparison within a Kreis of one
    glance = key_table(baden_baden)
    assert [th.get_text(strip=True) for th in glance.find_all("th")] == [
        "Kennzahl",
        "Baden-Baden",
        "Baden-Württemberg",
        "Stand",
    ]
    assert not re.search(r"\d+ von 1\b", text)  # no rank among one
    assert "im Vergleich mit dem Land" in text and "daher ohne Rang im Kreis" in text
    assert not re.search(r"(als|wie) in Baden-Baden \(", text)  # never compared with itself
    assert "(Kreisebene)" not in text and "nicht für einzelne Gemeinden" not in text  # the Kreis is the city
    assert "als in Baden-Württemberg (" in text or "wie in Baden-Württemberg (" in text
    # the Regionalstatistik lists the city once, under its Kreis key: its figures are the city's
    assert "Lage von Baden-Baden in Baden-Württemberg" in text


@pytest.fixture(scope="module")
def karlsruhe_overview() -> BeautifulSoup:
    return render("kreisuebersicht.ipynb", kreis="08215")


def test_the_kreisuebersicht_of_another_landkreis(karlsruhe_overview):
    text = text_of(karlsruhe_overview)
    assert karlsruhe_overview.find("h1").get_text(strip=True) == (
        "Kreisübersicht Integration und Vielfalt: Landkreis Karlsruhe"
    )
    assert "Alle 32 Gemeinden des Landkreises Karlsruhe im Vergleich." in text
    assert "Enzkreis" not in text and "Pilot" not in text
    assert "Landkreis Karlsruhe und Baden-Württemberg" in headings(karlsruhe_overview)
    assert "Die Pilotkommunen" not in headings(karlsruhe_overview)
    overview = key_table(karlsruhe_overview)
    assert len(overview.find("tbody").find_all("tr")) == 1 + 32 + 2  # reference dates, municipalities, Kreis, Land


def test_the_sources_of_another_kreis_leave_out_the_enzkreis_compilations(karlsruhe_overview, bruchsal):
    """The appendix lists what the report cites: no secondary compilation about the Enzkreis."""
    for soup in (karlsruhe_overview, bruchsal):
        listed = soup.find("details", class_="ia-source-list").get_text(" ")
        assert "Enzkreis" not in listed and "Sekundärquelle)" not in listed
        assert "Statistische Ämter des Bundes und der Länder" in listed


def test_a_municipality_without_foreigners_at_the_census_gets_a_notice_not_a_pyramid():
    # regionalstatistik_12111-02-01-5_2011-05-09.csv line 3091: 08117016,Drackenstein,…,foreigners,total,,-,…
    soup = render("steckbrief.ipynb", municipality="08117016")
    text = text_of(soup)
    assert "Beim Zensus 2011 wurden in Drackenstein keine Ausländerinnen und Ausländer gezählt („-“)" in text
    assert "Enzkreis" not in text and "Vergleich im Landkreis Göppingen" in headings(soup)
