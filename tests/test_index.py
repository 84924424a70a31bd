"""The index page of the reports folder: the reports' style, German, fit for a phone, the Kreisübersicht first,
pilots marked, grouped by Kreis when more than one Kreis is built, and why a Stadtkreis has no Kreisübersicht."""

from __future__ import annotations

from bs4 import BeautifulSoup

from integration_analysis.data.datasets import load_sources
from integration_analysis.report.index import built_at_de, data_vintage, index_html, write_index


def entry(file: str, kind: str, title: str, ags: str, status: str = "built", error: str = "") -> dict:
    return {
        "file": file,
        "kind": kind,
        "title": title,
        "ags": ags,
        "status": status,
        "error": error,
        "built_at": "2026-11-29 10:50 UTC",
    }


ENZKREIS = [
    entry("steckbrief-08236070-keltern.html", "steckbrief", "Steckbrief: Keltern", "08236070"),
    entry("steckbrief-08236040-muehlacker.html", "steckbrief", "Steckbrief: Mühlacker", "08236040"),
    entry("steckbrief-08236074-kaempfelbach.html", "steckbrief", "Steckbrief: Kämpfelbach", "08236074"),
    entry("kreisuebersicht-08236.html", "kreisuebersicht", "Kreisübersicht: Enzkreis", "08236"),
]


def soup_of(entries: list[dict]) -> BeautifulSoup:
    return BeautifulSoup(index_html(entries, "Gemeindeverzeichnis 31.12.2023"), "html.parser")


def test_the_index_is_german_styled_like_the_reports_and_fits_a_phone():
    soup = soup_of(ENZKREIS)
    assert soup.html["lang"] == "de"
    assert soup.find("meta", attrs={"name": "viewport"})["content"] == "width=device-width, initial-scale=1"
    assert "jp-Notebook" in soup.body["class"] and soup.find("main", class_="jp-RenderedHTMLCommon")
    style = soup.find("style").get_text()
    assert "House style of the Steckbriefe" in style and "@media print" in style  # the reports' stylesheet
    table = soup.find("table", class_="ia-table")
    assert table.parent.name == "div" and "ia-scroll" in table.parent["class"]  # scrolls sideways on a phone
    assert not soup.find_all(["script", "link", "img"])
    assert "29.11.2026" in soup.get_text() and "2026-11-29" not in soup.get_text() and "UTC" not in soup.get_text()


def test_one_kreis_lists_the_kreisuebersicht_first_then_the_steckbriefe_in_german_order_pilots_marked():
    soup = soup_of(ENZKREIS)
    rows = soup.find("tbody").find_all("tr")
    names = [row.find("a").get_text() for row in rows]
    assert names == [
        "Kreisübersicht: Enzkreis",
        "Steckbrief: Kämpfelbach",
        "Steckbrief: Keltern",
        "Steckbrief: Mühlacker",
    ]
    marks = {row.find("a").get_text(): row.find(class_="ia-badge") is not None for row in rows}
    assert marks == {n: n == "Steckbrief: Keltern" for n in names}  # Keltern is a pilot (config/region.yaml)
    assert not soup.find_all("h2") and not soup.find("nav")  # one Kreis: no grouping


def test_a_failed_report_is_named_with_its_reason_and_not_linked():
    failed = entry("steckbrief-08236038-maulbronn.html", "steckbrief", "Steckbrief: Maulbronn", "08236038", "failed")
    failed["error"] = "Zelle 3 (Index 2): ValueError: kaputt"
    soup = soup_of([*ENZKREIS, failed])
    row = next(r for r in soup.find_all("tr") if "Maulbronn" in r.get_text())
    assert row.find("a") is None and "fehlgeschlagen" in row.get_text() and "ValueError: kaputt" in row.get_text()


def test_several_kreise_are_grouped_and_a_stadtkreis_says_why_it_has_no_kreisuebersicht():
    entries = [
        *ENZKREIS,
        entry("08215/kreisuebersicht-08215.html", "kreisuebersicht", "Kreisübersicht: Landkreis Karlsruhe", "08215"),
        entry("08215/steckbrief-08215009-bruchsal.html", "steckbrief", "Steckbrief: Bruchsal", "08215009"),
        entry("08231/steckbrief-08231000-pforzheim.html", "steckbrief", "Steckbrief: Pforzheim", "08231000"),
    ]
    soup = soup_of(entries)
    assert [h.get_text() for h in soup.find_all("h2")] == ["Landkreis Karlsruhe", "Pforzheim, Stadtkreis", "Enzkreis"]
    assert [a["href"] for a in soup.find("nav").find_all("a")] == ["#kreis-08215", "#kreis-08231", "#kreis-08236"]
    karlsruhe = soup.find("h2", id="kreis-08215").find_next("table")
    assert [a["href"] for a in karlsruhe.find_all("a")] == [
        "08215/kreisuebersicht-08215.html",
        "08215/steckbrief-08215009-bruchsal.html",
    ]
    pforzheim = soup.find("h2", id="kreis-08231").find_next_sibling()
    assert "ia-notice" in pforzheim["class"] and "Keine Kreisübersicht" in pforzheim.get_text()
    assert "Pforzheim, Stadtkreis ist ein Kreis aus einer Gemeinde" in pforzheim.get_text()


def test_dates_and_the_data_vintage_in_german():
    assert built_at_de("2026-11-29 10:50 UTC") == "29.11.2026"
    assert built_at_de("") == ""
    vintage = data_vintage(load_sources())
    assert "Gemeindeverzeichnis 31.12.2023" in vintage and "Zensus 2022 15.05.2022" in vintage


def test_write_index_writes_the_page(tmp_path):
    path = write_index(tmp_path, ENZKREIS)
    assert path == tmp_path / "index.html"
    assert "Datenstand: Gemeindeverzeichnis 31.12.2023" in path.read_text(encoding="utf-8")
