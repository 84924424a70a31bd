"""A Steckbrief in a real headless Chromium, loaded from disk with the network cut off: no console errors,
no request beyond the file itself, and a screenshot. Chromium is Debian's package (installed by .ci/run)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from integration_analysis.batch import build, plan_jobs
from integration_analysis.regions import default_region

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def steckbrief(tmp_path_factory) -> Path:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("chromium not installed (apt-get install chromium)")
    reports = tmp_path_factory.mktemp("browser")
    jobs = [j for j in plan_jobs(default_region(), ["Neulingen"]) if j.kind == "steckbrief"]
    result = build(jobs, reports_dir=reports, workers=1, progress=False)
    assert not result.failed
    return reports / jobs[0].file


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
