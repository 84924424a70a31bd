"""The built reports: papermill runs the notebooks, nbconvert exports offline HTML; the HTML is checked for
what a reviewer must see (sections, key numbers, alt text, sources) and for what must not be there (code,
prompts, stderr, anything loaded from the internet). Also: manifest, index, caching, failures, determinism."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from integration_analysis import __version__
from integration_analysis.analysis.indicators import compute_indicators, load_registry
from integration_analysis.analysis.profile import area_profile
from integration_analysis.build.batch import ReportJob, build, plan_jobs
from integration_analysis.core.checksums import sha256_file
from integration_analysis.core.errors import UnknownRegionError
from integration_analysis.core.german import format_value_de
from integration_analysis.core.paths import NOTEBOOKS_DIR
from integration_analysis.data.datasets import load_sources, load_tidy
from integration_analysis.data.regions import default_region
from integration_analysis.report.documents import Steckbrief

#: The sections of the Steckbrief that show statistics (each must hold real figures).
CONTENT_SECTIONS = [
    "Bevölkerung und Vielfalt",
    "Altersstruktur",
    "Arbeit",
    "Entwicklung seit 2008",
    "Vergleich im Enzkreis",
    "Der Kreis im Überblick",
]
STECKBRIEF_SECTIONS = ["Auf einen Blick", *CONTENT_SECTIONS, "Kommunale Angaben", "Anhang"]
KEY = "steckbrief-08236070-keltern.html"
SUMMARY = "kreisuebersicht-08236.html"


def threads(workers: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=workers)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Keltern's Steckbrief and the Kreisübersicht, built once through the real batch (process pool)."""
    reports = tmp_path_factory.mktemp("reports")
    jobs = plan_jobs(default_region(), ["Keltern"])
    result = build(jobs, reports_dir=reports, workers=2, progress=False)
    assert not result.failed, [r.error for r in result.failed]
    return reports


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("name", [KEY, SUMMARY])
def test_html_loads_nothing_from_the_internet(built, name):
    soup = soup_of(built / name)
    for tag in soup.find_all(["script", "link", "img", "iframe", "source", "audio", "video", "embed", "object"]):
        for attribute in ("src", "href", "data"):
            value = tag.get(attribute) or ""
            assert not re.match(r"\s*(https?:)?//", value), f"<{tag.name} {attribute}={value}>"
    for tag in soup.find_all(["script", "style"]):
        assert not re.search(r"https?://", tag.get_text()), tag.get_text()[:200]
    text = (built / name).read_text(encoding="utf-8")
    assert "require.min.js" not in text and "MathJax" not in text and "mermaid" not in text.lower()
    assert all(re.match(r"data:image/(png|svg\+xml);base64,", img["src"]) for img in soup.find_all("img"))


@pytest.mark.parametrize("name", [KEY, SUMMARY])
def test_html_is_german_code_free_and_accessible(built, name):
    soup = soup_of(built / name)
    assert soup.html["lang"] == "de"
    assert not soup.select(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, .highlight, pre code")
    assert "import " not in soup.get_text() and "report." not in soup.get_text()  # no code anywhere
    assert not soup.select('[data-mime-type="application/vnd.jupyter.stderr"]')
    assert "Traceback" not in soup.get_text()
    images = soup.find_all("img")
    assert images and all(img.get("alt", "").strip() for img in images)
    for figure in soup.select("figure.ia-chart"):
        caption = figure.find("figcaption").get_text(" ", strip=True)
        assert "Quelle:" in caption  # a source line under every figure
        assert figure.find("details").find("table")  # and the data table beneath it
    toc = soup.find("nav", class_="ia-toc")
    links = [a["href"].lstrip("#") for a in toc.find_all("a")]
    assert links and all(soup.find(id=anchor) for anchor in links)


def test_steckbrief_sections_in_order(built):
    headings = [h.get_text(" ", strip=True) for h in soup_of(built / KEY).find_all("h2")]
    assert headings == STECKBRIEF_SECTIONS
    assert soup_of(built / KEY).find("h1").get_text(strip=True) == "Steckbrief der Integration und Vielfalt: Keltern"


def test_key_numbers_match_the_package(built):
    region = default_region()
    area = region.find("Keltern")
    profile = area_profile(compute_indicators(load_tidy(), region), region, area)
    soup = soup_of(built / KEY)
    # the first table outside a figure (the locator map before it carries a data table of its own)
    glance = next(t for t in soup.find_all("table", class_="ia-table") if t.find_parent("figure") is None)
    rows = {
        tr.find_all("td")[0].get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in glance.find("tbody").find_all("tr")
    }
    for _, expected in profile.iterrows():
        shown = rows[expected["Kennzahl"]]
        assert shown[1:4] == [expected["Keltern"], expected["Enzkreis"], expected["Baden-Württemberg"]]
    assert rows["Ausländeranteil (Zensus 2022)"][1:4] == ["7,3 %", "13,7 %", "16,6 %"]
    text = soup.get_text(" ", strip=True)
    assert "Der Ausländeranteil ist in Keltern etwa halb so hoch wie im Enzkreis (7,3 % gegenüber 13,7 %)." in text
    # the change of basis is explained with both counts, taken from the data
    assert "im Enzkreis 203.409 (Fortschreibung, 31.12.2023) gegenüber 197.899 (Zensus, 15.05.2022)" in text


def section_texts(soup: BeautifulSoup) -> dict[str, str]:
    """The text of each h2 section, up to the next h2."""
    out = {}
    for heading in soup.find_all("h2"):
        parts = []
        for text in heading.find_all_next(string=True):
            if text.find_parent("h2") not in (None, heading):
                break
            parts.append(text.strip())
        out[heading.get_text(" ", strip=True)] = " ".join(p for p in parts if p)
    return out


def test_every_content_section_of_a_pilot_shows_real_figures(built):
    soup = soup_of(built / KEY)
    texts = section_texts(soup)
    for section in CONTENT_SECTIONS:
        assert re.search(r"\d+,\d %|\d+\.\d{3} Personen|\d Personen", texts[section]), section
    assert soup.get_text(" ").count("Keine Daten:") <= 1
    assert "Altersaufbau von Deutschen und Ausländern in Keltern (Zensus 2011)" in texts["Altersstruktur"]
    assert "Die größten Gruppen unter den Schutzsuchenden im Enzkreis" in texts["Der Kreis im Überblick"]
    assert "nur für den Kreis als Ganzes" in texts["Der Kreis im Überblick"]
    # both breaks of the population series are explained with both counts from the data
    development = texts["Entwicklung seit 2008"]
    assert "Zum 31.12.2011 wurde die Fortschreibung auf die Ergebnisse des Zensus 2011 umgestellt" in development
    assert "(Fortschreibung, 31.12.2023) gegenüber" in development


def test_kreisuebersicht_shows_the_new_municipal_indicators_for_all_municipalities(built):
    soup = soup_of(built / SUMMARY)
    registry = load_registry()
    region = default_region()
    for table_ in soup.find_all("table", class_="ia-table")[:2]:
        rows = [tr.find("td").get_text(strip=True) for tr in table_.find("tbody").find_all("tr")]
        assert rows[0] == "Stand" and len(rows) == 1 + len(region.municipalities) + 2
    headers = " ".join(th.get_text(" ", strip=True) for th in soup.find_all("th"))
    for indicator_id in (
        "foreigners_share_census_2011",
        "foreigners_share_census_change",
        "average_age",
        "employees_residence_foreigners_share",
        "young_share_foreigners_census_2011",
    ):
        assert registry[indicator_id].label in headers, indicator_id
    assert "ältere Daten" in soup.find_all("table", class_="ia-table")[1].get_text(" ")


def test_kreisuebersicht_standouts_are_differences_in_percentage_points(built):
    soup = soup_of(built / SUMMARY)
    standouts = next(t for t in soup.find_all("table") if "Abweichung vom Kreiswert" in t.find("thead").get_text())
    rows = {
        tr.find("td").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in standouts.find("tbody").find_all("tr")
    }
    # Keltern: foreigners 7,3 % (data/raw/zensus2022_gemeinden.csv line 4243) lie 6,4 points below the Kreis'
    # 13,7 %, the share with a migration background 12,5 % (line 4245) 8,9 points below 21,4 %: the larger
    # difference in points is shown (the former log ratio picked the foreigners' share, ratio 0,53)
    assert rows["Keltern (Pilot)"][1:] == [
        "Anteil mit Migrationshintergrund (Zensus 2022)",
        "12,5 %",
        "21,4 %",
        "−8,9 Prozentpunkte",
    ]
    for cells in rows.values():
        own, ref = (float(c.removesuffix(" %").replace(",", ".")) for c in cells[2:4])
        assert cells[4] == format_value_de(own - ref, "percentage_points", 1, sign=True)
    names = list(rows)  # German order: umlauts as their base letter
    assert names.index("Kämpfelbach") < names.index("Keltern (Pilot)") < names.index("Knittlingen")
    assert names.index("Niefern-Öschelbronn") < names.index("Ölbronn-Dürrn") < names.index("Ötisheim")
    assert names.index("Ötisheim") < names.index("Remchingen")


@pytest.mark.parametrize("name", [KEY, SUMMARY])
def test_no_difference_of_shares_in_per_cent_and_the_kreis_in_the_genitive(built, name):
    text = soup_of(built / name).get_text(" ", strip=True)
    assert not re.search(r"\d %\s+(höher|niedriger)|Kreiswert um", text)
    assert "Gemeinden des Enzkreises" in text
    assert not re.search(r"des Enzkreis\b", text)


@pytest.mark.parametrize("name", [KEY, SUMMARY])
def test_sources_are_listed_once_in_the_appendix_and_the_footer_is_one_stamp(built, name):
    soup = soup_of(built / name)
    listed = soup.find("details", class_="ia-source-list")
    publishers = {li.find("strong").get_text(strip=True) for li in listed.select("ul.ia-sources > li")}
    assert "Bundesamt für Kartographie und Geodäsie (BKG)" in publishers  # the maps' outlines, with their licence
    assert "Statistische Ämter des Bundes und der Länder" in publishers
    assert len(soup.find_all("ul", class_="ia-sources")) == 1  # listed once
    links = [a["href"] for a in listed.find_all("a")]
    assert links and all(h.startswith("https://") for h in links)
    footer = soup.find("footer", class_="ia-footer")
    assert footer.get_text(" ", strip=True).startswith("Erstellt am ")
    assert f"Programmversion {__version__}" in footer.get_text() and "Revision" in footer.get_text()
    assert len(footer.select(".ia-build-stamp")) == 1 and not footer.find("ul")


def test_the_appendix_lists_every_source_cited_under_a_figure():
    report = Steckbrief("Maulbronn")
    for section in ("summary", "at_a_glance", "population_and_diversity", "age_structure", "work", "development"):
        getattr(report, section)()
    report.comparison_in_kreis(), report.kreis_context(), report.locator_map()
    listed = BeautifulSoup(report.appendix().text, "html.parser").find("details", class_="ia-source-list").get_text()
    sources = load_sources().set_index("source_id")
    assert len(report.cited) > 10
    for source_id in report.cited:
        assert source_id in sources.index, source_id
        assert sources.at[source_id, "title"].split(" - ")[0][:40] in listed, source_id


def test_municipal_information_is_marked_and_apart_from_statistics(built):
    soup = soup_of(built / KEY)
    box = soup.find("section", class_="ia-local")
    text = box.get_text(" ", strip=True)
    assert "Kommunale Angaben" in text and "Stand 11.07.2021" in text
    assert "Pressemitteilung Landratsamt Enzkreis, 11.07.2021" in text
    assert {"Sprache", "Vereinsleben", "Ehrenamt", "Flucht/Asyl"} <= set(re.findall(r"[A-ZÄÖÜ][\w/]+", text))
    summary = [h.get_text(" ", strip=True) for h in soup_of(built / SUMMARY).find_all("h2")]
    assert "Kommunale Angaben im Überblick" in summary


def test_kreisuebersicht_highlights_the_pilots(built):
    soup = soup_of(built / SUMMARY)
    highlighted = {tr.find("td").get_text(strip=True) for tr in soup.select("tr.ia-highlight")}
    assert {
        "Keltern (Pilot)",
        "Maulbronn (Pilot)",
        "Neulingen (Pilot)",
        "Wiernsheim (Pilot)",
        "Enzkreis",
    } <= highlighted
    first_table = soup.find("table", class_="ia-table")
    # the reference dates, every municipality, the Kreis and the Land
    assert len(first_table.find("tbody").find_all("tr")) == 1 + 28 + 2
    assert "Kreisweite Themen" in [h.get_text(" ", strip=True) for h in soup.find_all("h2")]


def test_manifest_and_index(built):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["package_version"] == __version__
    entries = {e["file"]: e for e in manifest["reports"]}
    assert set(entries) == {KEY, SUMMARY}
    keltern = entries[KEY]
    assert keltern["parameters"] == {"municipality": "08236070"} and keltern["status"] == "built"
    assert {"notebook", "data", "package", "parameters", "config"} <= set(keltern["inputs"])
    assert keltern["duration_s"] > 0 and keltern["error"] == "" and keltern["html_bytes"] < 1_500_000
    assert keltern["html_sha256"] == sha256_file(built / KEY) and keltern["html_bytes"] == (built / KEY).stat().st_size
    index = soup_of(built / "index.html")
    assert index.html["lang"] == "de"
    assert {a["href"] for a in index.find_all("a")} == {KEY, SUMMARY}
    assert "Datenstand" in index.get_text() and "Zensus 2022" in index.get_text()


def test_unchanged_reports_are_not_rebuilt_and_force_rebuilds_identically(built, tmp_path):
    before = {p.name: p.stat().st_mtime_ns for p in built.glob("*.html") if p.name != "index.html"}
    again = build(plan_jobs(default_region(), ["Keltern"]), reports_dir=built, workers=2, progress=False)
    assert {r.status for r in again.results} == {"unchanged"}
    assert {p.name: p.stat().st_mtime_ns for p in built.glob("*.html") if p.name != "index.html"} == before
    # a forced rebuild gives the same bytes apart from the one build stamp
    jobs = [j for j in plan_jobs(default_region(), ["Keltern"]) if j.file == KEY]
    fresh = build(jobs, reports_dir=tmp_path, workers=1, force=True, progress=False, executor_factory=threads)
    assert fresh.results[0].status == "built"
    stamp = re.compile(r'<p class="ia-build-stamp">[^<]*</p>')
    assert stamp.sub("", (tmp_path / KEY).read_text(encoding="utf-8")) == stamp.sub(
        "", (built / KEY).read_text(encoding="utf-8")
    )


def test_a_failing_report_is_named_and_does_not_stop_the_others(tmp_path):
    broken = nbformat.v4.new_notebook(metadata=nbformat.read(NOTEBOOKS_DIR / "steckbrief.ipynb", 4).metadata)
    broken.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('kaputt')")]
    path = tmp_path / "broken.ipynb"
    nbformat.write(broken, path)
    good = [j for j in plan_jobs(default_region(), ["Wiernsheim"]) if j.kind == "steckbrief"][0]
    bad = ReportJob(
        kind="steckbrief", notebook=str(path), parameters={}, file="kaputt.html", title="Kaputt", ags="08236999"
    )
    out = tmp_path / "reports"
    result = build([bad, good], reports_dir=out, workers=2, progress=False, executor_factory=threads)
    status = {r.file: r for r in result.results}
    assert status["kaputt.html"].status == "failed"
    assert "Zelle 2" in status["kaputt.html"].error and "ValueError: kaputt" in status["kaputt.html"].error
    assert status[good.file].status == "built" and (out / good.file).exists()
    assert not (out / "kaputt.html").exists()
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))  # nothing half-written left behind
    assert "fehlgeschlagen" in (out / "index.html").read_text(encoding="utf-8")


def test_unknown_municipality_fails_before_any_kernel_starts():
    with pytest.raises(UnknownRegionError, match="Wiernsheim"):
        plan_jobs(default_region(), ["Wiernshiem"])


def test_default_plan_is_the_pilots_plus_the_summary_and_all_is_28():
    default = plan_jobs(default_region())
    assert [j.ags for j in default if j.kind == "steckbrief"] == ["08236070", "08236038", "08236073", "08236065"]
    assert [j.kind for j in default].count("kreisuebersicht") == 1
    assert len(plan_jobs(default_region(), all_municipalities=True)) == 29


#: What must never reach a reviewer: file paths and names, identifiers of the data model (snake_case), tool names,
#: ISO dates and clock times in UTC.
INTERNAL_TEXT = {
    "file path or name": re.compile(
        r"(?<![\w.])(?:\.\./|/tmp|/work|/home|data/|src/|notebooks/)|\b[\w-]+\.(?:ya?ml|csv|json|py|ipynb|rda|zip)\b"
    ),
    "identifier": re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b"),
    "tool name": re.compile(
        r"\b(?:GERDA|papermill|nbconvert|pandas|Jupyter\w*|Python|matplotlib|seaborn|pystatis|integration-analysis|row_sources?)\b",
        re.I,
    ),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "UTC time": re.compile(r"\bUTC\b"),
}


def reader_texts(path: Path) -> list[str]:
    """Everything a reader sees or hears in a report: the visible text, image alt texts and the title."""
    soup = soup_of(path)
    for tag in soup(["style", "script"]):
        tag.decompose()
    return [soup.get_text(" ", strip=True), *(img.get("alt", "") for img in soup.find_all("img"))]


@pytest.mark.parametrize("name", [KEY, SUMMARY, "index.html"])
def test_no_reader_facing_text_names_files_identifiers_or_tools(built, name):
    found = [
        f"{what}: {match.group(0)!r} in …{text[max(0, match.start() - 40) : match.end() + 40]}…"
        for text in reader_texts(built / name)
        for what, pattern in INTERNAL_TEXT.items()
        for match in pattern.finditer(text)
    ]
    assert found == []


def test_no_registry_text_names_files_identifiers_or_tools():
    """The indicator cards and "keine Daten" notes come from the registry: every text there is reader-facing."""
    found = []
    for spec in load_registry().values():
        texts = [spec.label, spec.phrase, spec.definition, spec.numerator, spec.denominator or "", spec.relevance]
        texts += [spec.method, *spec.pitfalls, *spec.missing.values()]
        found += [
            f"{spec.id}: {what} {match.group(0)!r}"
            for text in texts
            for what, pattern in INTERNAL_TEXT.items()
            for match in pattern.finditer(text)
        ]
    assert found == []


def test_the_summary_says_what_stands_out_from_the_numbers():
    """Hand-checked against the key table: Maulbronn 17,0 % foreigners (Enzkreis 13,7 %, rank 4 of 28), 22,9 %
    with a migration background (21,4 %, rank 9); the larger difference in points comes first."""
    text = BeautifulSoup(Steckbrief("Maulbronn").summary().text, "html.parser").get_text()
    assert text.startswith("Beim Zensus 2022 (15.05.2022) lebten in Maulbronn 6.387 Menschen.")
    first = text.index("Der Ausländeranteil ist in Maulbronn um 3,3 Prozentpunkte höher als im Enzkreis")
    assert first < text.index("Der Anteil der Menschen mit Migrationshintergrund ist in Maulbronn um 1,5")
    assert "(17,0 % gegenüber 13,7 %); Rang 4 von 28 im Kreis." in text
    assert "Zwischen dem 09.05.2011 und dem 15.05.2022 ist der Ausländeranteil in Maulbronn" in text
    keltern = Steckbrief("Keltern").summary().text
    assert "der niedrigste Wert unter den 28 Gemeinden des Kreises" in keltern
    assert not re.search(r"\d %\s+(höher|niedriger)", text + keltern)  # shares differ in points, not per cent


def test_the_export_does_what_nbconvert_does_to_a_page():
    from integration_analysis.report.page import MISSING_ALT, make_accessible, parse_page

    page = parse_page(
        '<html><body><main class="jp-Notebook"><div class="jp-Cell-inputWrapper"><h2>A</h2></div>'
        '<div class="jp-OutputArea-output x"><img src="a.svg"><img src="b.svg" alt="Balken"></div></main>'
        '<div class="jp-OutputArea-output">outside</div></body></html>'
    )
    make_accessible(page)
    assert [img.get("alt") for img in page.iter("img")] == [MISSING_ALT, "Balken"]
    assert [div.get("tabindex") for div in page.iter("div")] == ["0", "0", None]


def test_the_table_of_contents_links_every_section_heading():
    from integration_analysis.report.page import add_toc, page_text, parse_page

    page = parse_page(
        '<html><body><main><h1>Titel</h1><p>Text</p><h2 id="A%C3%A4">Aä<a class="anchor-link" href="#A">¶</a></h2>'
        "<h2>Enzkreis und Baden-Württemberg</h2><h2>Enzkreis und Baden-Württemberg</h2></main></body></html>"
    )
    add_toc(page)
    soup = BeautifulSoup(page_text(page), "html.parser")
    nav = soup.find("h1").find_next_sibling()
    assert nav.name == "nav" and nav.find("strong").get_text() == "Inhalt"
    assert [(a["href"], a.get_text()) for a in nav.find_all("a")] == [
        ("#A%C3%A4", "Aä"),
        ("#enzkreis-und-baden-wuerttemberg", "Enzkreis und Baden-Württemberg"),
        ("#enzkreis-und-baden-wuerttemberg-2", "Enzkreis und Baden-Württemberg"),
    ]
    assert nav.find_next_sibling().get_text() == "Text" and not soup.find(class_="anchor-link")
