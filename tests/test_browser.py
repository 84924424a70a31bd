"""A Steckbrief and the Kreisübersicht in a real headless Chromium, loaded from disk with the network cut off: no
console errors, no request beyond the file itself, a screenshot, every table within its container or in a scroll
box that shows a scroll hint at 1280 and 390 px, and their A4 PDFs (``build --pdf``) with their page counts.
Chromium is Debian's package (installed by .ci/run)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from integration_analysis.build.batch import build, plan_jobs
from integration_analysis.data.regions import default_region
from integration_analysis.report.pdf import CHROMIUM_FLAGS, page_count, print_pdf

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]  # playwright starts it headless itself
#: Per table: whether it is wider than its container, and whether that container scrolls sideways and draws
#: the scroll shadows of report.css (the visible hint that more columns follow).
TABLES_JS = """() => Array.from(document.querySelectorAll('table')).map(t => {
  const box = t.parentElement, style = getComputedStyle(box);
  return {head: (t.querySelector('th') || t).textContent.trim().slice(0, 30), wide: t.scrollWidth > box.clientWidth + 1,
          scrolls: ['auto', 'scroll'].includes(style.overflowX), hint: style.backgroundImage.includes('gradient'),
          inside: box.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5};
})"""

#: The width of A4 less the @page margins of report.css (210 - 2 x 14 mm) in CSS pixels, for the print layout.
PRINT_WIDTH = round((210 - 28) / 25.4 * 96)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """Neulingen's Steckbrief (a pilot) and the Kreisübersicht, each with its PDF, by kind."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("chromium not installed (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("browser")
    jobs = plan_jobs(default_region(), ["Neulingen"])
    result = build(jobs, reports_dir=folder, workers=1, progress=False, pdf=True)
    assert not result.failed
    return {job.kind: folder / job.file for job in jobs}


@pytest.fixture(scope="module")
def steckbrief(reports) -> Path:
    return reports["steckbrief"]


def test_steckbrief_renders_offline_without_errors(steckbrief, tmp_path):
    from playwright.sync_api import sync_playwright

    requests, problems = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(steckbrief.as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.title() == "Steckbrief der Integration und Vielfalt: Neulingen"
        images = page.evaluate("Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])")
        screenshot = tmp_path / "steckbrief.png"
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    assert problems == []
    assert [u for u in requests if not u.startswith("data:")] == [steckbrief.as_uri()]
    assert images and all(loaded and alt for loaded, alt in images)  # every chart decoded, every chart has alt
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 50_000


#: For each link of the table of contents: its text, and the text of the element the browser scrolls to.
TOC_JS = """() => Array.from(document.querySelectorAll('nav.ia-toc a')).map(a => {
  location.hash = a.getAttribute('href');
  const target = document.querySelector(':target');
  return [a.textContent.trim(), target ? target.textContent.replace('¶', '').trim() : null];
})"""


@pytest.mark.parametrize("kind", ["steckbrief", "kreisuebersicht"])
def test_every_link_of_the_table_of_contents_reaches_its_heading(reports, kind):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_context(offline=True).new_page()
        page.goto(reports[kind].as_uri(), wait_until="load")
        links = page.evaluate(TOC_JS)
        browser.close()
    assert len(links) >= 6
    assert any(re.search("[ÄÖÜäöüß]", text) for text, _ in links)  # headings with umlauts, ids in ASCII
    assert all(target == text for text, target in links), links


@pytest.mark.parametrize("kind", ["steckbrief", "kreisuebersicht"])
def test_tables_fit_or_scroll_with_a_hint(reports, kind):
    from playwright.sync_api import sync_playwright

    page_path = reports[kind]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width in (1280, 390, PRINT_WIDTH):
            requests, problems = [], []
            context = browser.new_context(offline=True, viewport={"width": width, "height": 900})
            page = context.new_page()
            if width == PRINT_WIDTH:
                page.emulate_media(media="print")
            page.on("console", lambda m, p=problems: p.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error, p=problems: p.append(str(error)))
            page.on("request", lambda request, r=requests: r.append(request.url))
            page.goto(page_path.as_uri(), wait_until="load")
            tables = page.evaluate(TABLES_JS)
            page_width = page.evaluate("document.documentElement.scrollWidth")
            context.close()
            assert problems == [], (width, problems)
            assert [u for u in requests if not u.startswith("data:")] == [page_path.as_uri()], width
            assert page_width <= width, f"the page itself scrolls sideways at {width} px"
            assert len(tables) > 3
            for table in tables:
                assert table["inside"], (width, table)
                if width == PRINT_WIDTH:  # paper does not scroll: every column within the page
                    assert not table["wide"] and not table["scrolls"], table
                else:
                    assert not table["wide"] or (table["scrolls"] and table["hint"]), (width, table)
        browser.close()


def test_pdfs_are_a4_and_counted(reports):
    """``build --pdf`` wrote an A4 PDF beside each HTML; the page counts are printed (issue 11 wants the
    Steckbrief's core in at most 8 pages later; benchmarks/print.md records them)."""
    counts = {}
    for kind, html_path in reports.items():
        data = html_path.with_suffix(".pdf").read_bytes()
        assert data.startswith(b"%PDF-")
        boxes = {tuple(float(v) for v in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)}
        assert boxes and all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for _, _, w, h in boxes)  # A4 (@page)
        counts[kind] = page_count(data)
    print(f"PDF pages: {counts}")
    assert all(count > 1 for count in counts.values())


#: Hides the appendix (and the build stamp after it) in print, to count the pages of a report's core.
CORE_ONLY = (
    "<style>@media print { .jp-Cell:has(h2#Anhang), .jp-Cell:has(h2#Anhang) ~ .jp-Cell, footer.ia-footer "
    "{ display: none !important; } }</style></head>"
)


def test_the_steckbrief_core_prints_on_at_most_eight_pages(steckbrief, tmp_path):
    """Issue 11: the core of a Steckbrief (everything before the appendix) fits 8 A4 pages; the appendix starts
    on a page of its own, so the printed core can be handed out alone."""
    core = tmp_path / "core.html"
    core.write_text(steckbrief.read_text(encoding="utf-8").replace("</head>", CORE_ONLY, 1), encoding="utf-8")
    core_pages = page_count(print_pdf(core).read_bytes())
    full_pages = page_count(steckbrief.with_suffix(".pdf").read_bytes())
    print(f"Steckbrief core: {core_pages} pages, with the appendix: {full_pages}")
    assert core_pages <= 8
    assert full_pages > core_pages + 2  # the appendix is printed in full, not as collapsed summaries


def test_the_appendix_is_collapsed_on_screen_and_open_in_print(steckbrief):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_context(offline=True, viewport={"width": 1280, "height": 900}).new_page()
        page.goto(steckbrief.as_uri(), wait_until="load")
        parts = page.evaluate("Array.from(document.querySelectorAll('details.ia-appendix')).map(d => d.open)")
        card = page.locator("details.ia-appendix .ia-card").first
        assert parts and not any(parts) and not card.is_visible()
        page.emulate_media(media="print")
        assert card.is_visible() and page.locator("details.ia-appendix ul.ia-sources").is_visible()
        browser.close()
