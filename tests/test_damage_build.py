"""Damaged and hostile inputs around the build: provenance, build state, configuration, municipal files, a
secrecy marker in the Kreisübersicht, concurrent builds. Each is refused with file, line/row and key, or shown
honestly in the report; none ends in a traceback, a silent wrong figure, or a lost or corrupt output.

Real builds are few: one pair of concurrent `integration-analysis build` runs in a copy of the project (with a
broken municipal file), one tiny-notebook build for a damaged manifest; everything else runs in-process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from papermill.exceptions import PapermillExecutionError

from integration_analysis.build.batch import (
    MANIFEST,
    ReportJob,
    _describe_failure,
    build,
    is_unchanged,
    plan_jobs,
    read_manifest,
    update_outputs,
)
from integration_analysis.cli import main
from integration_analysis.core.checksums import sha256_file
from integration_analysis.core.config import read_region_config, read_reports_config
from integration_analysis.core.errors import ChecksumError, InputError
from integration_analysis.core.paths import DATA_DIR, LOCAL_DIR, PROJECT_ROOT, RAW_DIR, REGION_CONFIG, public_text
from integration_analysis.core.provenance import RAW_MANIFEST, read_sidecar, record_checksums, verify_raw_dir
from integration_analysis.data.datasets import TIDY_FILE, check_processed, ensure_prepared, load_tidy, prepare
from integration_analysis.data.local import load_checked, read_profile
from integration_analysis.data.regions import default_region, load_region
from integration_analysis.report.documents import Kreisuebersicht
from integration_analysis.report.local_sections import faulty_notice, topic_matrix
from integration_analysis.sources.official import CHECKSUM_FILE

CHECKSUM_LIST = f"official/{CHECKSUM_FILE}"

KELTERN = "steckbrief-08236070-keltern.html"
WIERNSHEIM = "steckbrief-08236065-wiernsheim.html"
SUMMARY = "kreisuebersicht-08236.html"
REPORTS_YAML = PROJECT_ROOT / "config" / "reports.yaml"


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def threads(workers: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=workers)


# --- provenance: the official files and the raw extracts ---------------------------------------------------------


@pytest.fixture
def source_without_list(shared_data, tmp_path) -> Path:
    """The shared official folders (linked, not copied) without CHECKSUMS.tsv."""
    official = tmp_path / "source" / "official"
    official.mkdir(parents=True)
    for folder in (shared_data / "official").iterdir():
        if folder.is_dir():
            (official / folder.name).symlink_to(folder)
    (tmp_path / "source" / "compiled").symlink_to(shared_data / "compiled")
    return tmp_path / "source"


def test_a_missing_checksum_list_stops_the_import(source_without_list, tmp_path, capsys):
    raw = tmp_path / "raw"
    assert main(["import", "--source-dir", str(source_without_list), "--raw-dir", str(raw)]) == 2
    err = capsys.readouterr().err
    assert f"{source_without_list / CHECKSUM_LIST} is missing" in err and "--user-file" in err
    assert "Traceback" not in err
    assert not list(raw.glob("*.csv"))  # nothing imported


def test_a_file_the_checksum_list_does_not_name_stops_the_import(shared_data, source_without_list, tmp_path, capsys):
    listed = (shared_data / CHECKSUM_LIST).read_text(encoding="utf-8").splitlines(keepends=True)
    write(source_without_list / CHECKSUM_LIST, "".join(line for line in listed if "31122013_Auszug_GV" not in line))
    assert main(["import", "--source-dir", str(source_without_list), "--raw-dir", str(tmp_path / "raw")]) == 2
    err = capsys.readouterr().err
    assert "official/destatis-gv/31122013_Auszug_GV.xlsx is not listed in" in err and "--user-file" in err


def test_a_user_file_that_does_not_exist_is_named(shared_data, tmp_path, capsys):
    missing = tmp_path / "meine_tabelle.csv"
    args = ["import", "--source-dir", str(shared_data), "--raw-dir", str(tmp_path / "raw"), "--user-file", str(missing)]
    assert main(args) == 2
    assert f"{missing}: --user-file: no such file" in capsys.readouterr().err


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw


def test_a_re_signed_extract_is_refused(raw_copy):
    # Mühlacker's Zensus population, edited in the extract, and the sidecar's checksum "re-signed" to match
    extract, side = raw_copy / "zensus2022_gemeinden.csv", raw_copy / "zensus2022_gemeinden.meta.yaml"
    text = extract.read_text(encoding="utf-8")
    assert ",26420.0," in text or ",26420," in text
    extract.write_text(text.replace(",26420", ",26421", 1), encoding="utf-8")
    old = read_sidecar(side).extract_sha256
    side.write_text(side.read_text(encoding="utf-8").replace(old, sha256_file(extract)), encoding="utf-8")
    manifest = (raw_copy / RAW_MANIFEST).read_text(encoding="utf-8")
    with pytest.raises(ChecksumError) as info:
        verify_raw_dir(raw_copy)
    message = str(info.value)
    assert "zensus2022_gemeinden.csv has changed since it was imported" in message
    assert f"{RAW_MANIFEST} line {line_of(manifest, 'zensus2022_gemeinden.csv')}" in message


def test_an_edited_sidecar_is_refused(raw_copy):
    side = raw_copy / "inkar_kreise.meta.yaml"
    side.write_text(side.read_text(encoding="utf-8").replace("licence: ", "licence: frei; ", 1), encoding="utf-8")
    with pytest.raises(
        ChecksumError, match=rf"inkar_kreise.meta.yaml has changed since it was imported .*{RAW_MANIFEST}"
    ):
        verify_raw_dir(raw_copy)


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        ("reference_date: '2022-05-15'", "reference_date: '2022-02-30'", "reference_date", "real date"),
        ("compiled_on: '2026-11-25'", "compiled_on: 2026-11", "compiled_on", "real date YYYY-MM-DD"),
        ("licence_url: https://www.govdata.de/dl-de/by-2-0", "licence_url: ''", "licence_url", "missing or empty"),
        ("source_url: https://ergebnisse.zensus2022.de", "source_url: ergebnisse", "source_url", "web address"),
        ("rows: 8808", "rows: '8808'", "rows", "whole number"),
        ("secondary: false", "secondary: 'no'", "secondary", "true or false"),
    ],
)
def test_a_sidecar_breaking_the_rules_is_named_with_line_and_field(raw_copy, old, new, column, message):
    side = raw_copy / "zensus2022_gemeinden.meta.yaml"
    text = side.read_text(encoding="utf-8")
    assert old in text
    side.write_text(text.replace(old, new), encoding="utf-8")
    record_checksums(raw_copy, [side])  # even where the manifest was re-signed too
    with pytest.raises(InputError) as info:
        verify_raw_dir(raw_copy)
    assert info.value.path == side and info.value.column == column and message in info.value.message
    assert info.value.line == line_of(text, old.split(":")[0] + ":")


def test_a_dropped_extract_and_a_missing_manifest_are_refused(raw_copy):
    manifest = (raw_copy / RAW_MANIFEST).read_text(encoding="utf-8")
    (raw_copy / "inkar_kreise.csv").unlink()
    (raw_copy / "inkar_kreise.meta.yaml").unlink()
    with pytest.raises(
        ChecksumError,
        match=rf"inkar_kreise.csv is missing: {RAW_MANIFEST} line {line_of(manifest, 'inkar_kreise.csv')}",
    ):
        verify_raw_dir(raw_copy)
    (raw_copy / RAW_MANIFEST).unlink()
    with pytest.raises(ChecksumError, match=f"{RAW_MANIFEST} is missing"):
        verify_raw_dir(raw_copy)


# --- the processed data ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def processed_copy(tmp_path_factory) -> Path:
    """data/processed as `prepare` writes it, in a folder of its own."""
    folder = tmp_path_factory.mktemp("processed")
    ensure_prepared()
    for path in (DATA_DIR / "processed").iterdir():
        if path.is_file() and not path.name.startswith("."):
            shutil.copy(path, folder / path.name)
    return folder


def test_an_edited_tidy_csv_is_refused_not_used(processed_copy, capsys):
    tidy = processed_copy / TIDY_FILE
    original = tidy.read_bytes()
    try:
        # one municipal population of the tidy table changed by hand
        tidy.write_bytes(original.replace(b",26420.0,", b",36420.0,", 1))
        assert tidy.read_bytes() != original
        with pytest.raises(InputError, match="changed since `prepare` wrote it.*integration-analysis prepare"):
            load_tidy(RAW_DIR, processed_copy)
        assert main(["check", "--processed-dir", str(processed_copy)]) == 2
        err = capsys.readouterr().err
        assert f"{tidy}: changed since `prepare` wrote it" in err and "Traceback" not in err
        # edited together with the checksum in prepared.json: `check` still finds it against a fresh build
        state = json.loads((processed_copy / "prepared.json").read_text(encoding="utf-8"))
        state["processed"][TIDY_FILE] = sha256_file(tidy)
        (processed_copy / "prepared.json").write_text(json.dumps(state), encoding="utf-8")
        assert main(["check", "--processed-dir", str(processed_copy)]) == 2
        assert "differs from a fresh build of data/raw" in capsys.readouterr().err
    finally:
        tidy.write_bytes(original)
    prepare(RAW_DIR, processed_copy)
    assert check_processed(RAW_DIR, processed_copy) == "current"


# --- configuration -----------------------------------------------------------------------------------------------


REGION_TEXT = REGION_CONFIG.read_text(encoding="utf-8")
REPORTS_TEXT = REPORTS_YAML.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "column", "needle", "message"),
    [
        ("  min_count: 3", "  min_cout: 10", "disclosure.min_cout", "min_cout", "did you mean 'min_count'?"),
        ("  min_count: 3", "  min_count: 0", "disclosure.min_count", "min_count", "from 2 to 20, found int 0"),
        ("  min_count: 3", "  min_count: 500", "disclosure.min_count", "min_count", "from 2 to 20"),
        ("  min_count: 3", '  min_count: "3"', "disclosure.min_count", "min_count", "whole number"),
        ("kreis:\n", "kreise:\n", "kreise", "kreise:", "did you mean 'kreis'?"),
        ("Wiernsheim, pilot: true}", "Wiernsheim, pilote: true}", "municipalities[18].pilote", "pilote",
         "'pilot'"),
        ("name: Keltern,", "name: Keltern, ags: '08236071',", "municipalities[21].ags", "08236071",
         "appears twice"),
    ],
)  # fmt: skip
def test_region_config_mistakes_name_file_line_and_key(tmp_path, old, new, column, needle, message):
    assert old in REGION_TEXT
    text = REGION_TEXT.replace(old, new, 1)
    path = write(tmp_path / "region.yaml", text)
    with pytest.raises(InputError) as info:
        read_region_config(path)
    assert info.value.path == path and info.value.column == column and message in info.value.message
    assert info.value.line == line_of(text, needle)


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        ('  title: "Steckbrief', '  titel: "Steckbrief', "steckbrief.titel", "did you mean 'title'?"),
        ("Vielfalt: {name}", "Vielfalt: {nam}", "steckbrief.title", "did you mean {name}?"),
        ("Vielfalt: {name}", "Vielfalt: {name.__class__}", "steckbrief.title", "unknown placeholder"),
        ("Vielfalt: {name}", "Vielfalt: {name", "steckbrief.title", "malformed template"),
        ('"steckbrief-{ags}-{slug}.html"', '"../../outside-{ags}.html"', "steckbrief.file", "no '..'"),
        ('"steckbrief-{ags}-{slug}.html"', '"/srv/steckbrief-{ags}.html"', "steckbrief.file", "no absolute path"),
        ('"steckbrief-{ags}-{slug}.html"', '"steckbrief-{ags}.htm"', "steckbrief.file", "ends in '.html'"),
        ('"steckbrief-{ags}-{slug}.html"', '"steckbrief.html"', "steckbrief.file", "names no municipality"),
        ('"kreisuebersicht-{kreis_ags}.html"', '"index.html"', "kreisuebersicht.file", "written by the build"),
        ("notebooks/steckbrief.ipynb", "../steckbrief.ipynb", "steckbrief.notebook", "notebooks/ folder"),
        ("notebooks/steckbrief.ipynb", "notebooks/fehlt.ipynb", "steckbrief.notebook", "no such notebook"),
    ],
)
def test_reports_config_mistakes_name_file_line_and_key(tmp_path, old, new, column, message):
    assert old in REPORTS_TEXT
    text = REPORTS_TEXT.replace(old, new, 1)
    path = write(tmp_path / "reports.yaml", text)
    with pytest.raises(InputError) as info:
        read_reports_config(path)
    assert info.value.path == path and info.value.column == column and message in info.value.message
    assert info.value.line == line_of(text, new.strip()[:14])


def test_two_reports_into_one_file_are_refused(tmp_path):
    text = REPORTS_TEXT.replace('"kreisuebersicht-{kreis_ags}.html"', '"steckbrief-08236070-keltern.html"')
    path = write(tmp_path / "reports.yaml", text)
    with pytest.raises(InputError, match="two reports would be written to 'steckbrief-08236070-keltern.html'") as info:
        plan_jobs(default_region(), ["Keltern"], config_path=path)
    assert info.value.column == "kreisuebersicht.file" and info.value.line == line_of(text, "steckbrief-08236070")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("steckbrief:\n  notebook: notebooks/steckbrief.ipynb\n  title: [unclosed\n", 4, "not valid YAML"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
            1,  # the first anchored entry that aliases repeat
            "aliases expand",
        ),
        ("", None, "empty"),
        ("- steckbrief\n", 1, "expected a mapping"),
    ],
)
def test_malformed_config_files_are_one_clear_error(tmp_path, text, line, message):
    path = write(tmp_path / "reports.yaml", text)
    with pytest.raises(InputError) as info:
        read_reports_config(path)
    assert info.value.path == path and info.value.line == line and message in info.value.message


# --- municipal files ---------------------------------------------------------------------------------------------

PILOT_TEXT = (LOCAL_DIR / "08236070.yaml").read_text(encoding="utf-8")


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path / "08236070.yaml", PILOT_TEXT + "\n".join(levels) + "\n")
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_profile(path)
    assert time.perf_counter() - started < 5
    assert info.value.line == line_of(path.read_text(encoding="utf-8"), "&a0")  # the entry the aliases repeat
    assert "Verweise" in info.value.message and "20.000" in info.value.message.replace(",", ".")


def test_a_self_referring_alias_and_deep_nesting_are_refused(tmp_path):
    path = write(tmp_path / "08236070.yaml", "gemeinde: &g\n  ags: *g\n")
    with pytest.raises(InputError, match="Verweise"):
        read_profile(path)
    path = write(tmp_path / "08236070.yaml", "gemeinde: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(InputError, match="kein gültiges YAML"):
        read_profile(path)


def test_an_unquoted_impossible_date_names_file_line_and_key(tmp_path):
    text = PILOT_TEXT.replace("  stand: 2021-07-11", "  stand: 2021-02-30")
    path = write(tmp_path / "08236070.yaml", text)
    with pytest.raises(InputError) as info:
        read_profile(path)
    assert (info.value.path, info.value.line, info.value.column) == (
        path,
        line_of(text, "2021-02-30"),
        "erhebung.stand",
    )
    assert "'2021-02-30' ist kein gültiges Datum" in info.value.message


def test_a_2_mb_string_and_a_long_text_are_refused(tmp_path):
    huge = PILOT_TEXT.replace("erhoben_von: Zusammenstellung", "erhoben_von: " + "x" * 2_000_000 + " Zusammenstellung")
    path = write(tmp_path / "08236070.yaml", huge)
    with pytest.raises(InputError, match="Datei zu groß") as info:
        read_profile(path)
    assert info.value.path == path
    long = PILOT_TEXT.replace("erhoben_von: Zusammenstellung", "erhoben_von: " + "x" * 5_000 + " Zusammenstellung")
    path = write(tmp_path / "08236070.yaml", long)
    with pytest.raises(InputError) as info:
        read_profile(path)
    assert info.value.column == "erhebung.erhoben_von" and info.value.line == line_of(long, "erhoben_von")
    assert "Text zu lang: 5.066 Zeichen, höchstens 2.000" in info.value.message


COUNTS = """lokale_zahlen:
  - id: au
    bezeichnung: Personen in der Anschlussunterbringung
    wert: {total}
    stand: 2024-03-01
    quelle: pm_enzkreis_2021_07_11
  - bezeichnung: Ortsteil A
    wert: {a}
    teil_von: {ref}
    stand: 2024-03-01
    quelle: pm_enzkreis_2021_07_11
  - bezeichnung: Ortsteil B
    wert: 23
    teil_von: au
    stand: 2024-03-01
    quelle: pm_enzkreis_2021_07_11
"""


@pytest.mark.parametrize(
    ("values", "column", "needle", "message"),
    [
        ({"total": 25, "a": 2, "ref": "ua"}, "lokale_zahlen[1].teil_von", "teil_von: ua", "unbekannte Gesamtzahl 'ua'"),
        ({"total": 20, "a": 2, "ref": "au"}, "lokale_zahlen[0].wert", "wert: 20", "ergeben zusammen 25, mehr als"),
        ({"total": 2_000_000, "a": 2, "ref": "au"}, "lokale_zahlen[0].wert", "wert: 2000000", "unplausibel groß"),
    ],
)
def test_local_count_mistakes_name_line_and_key(tmp_path, values, column, needle, message):
    text = PILOT_TEXT.replace("lokale_zahlen: []  # noch nicht erhoben\n", COUNTS.format(**values))
    path = write(tmp_path / "08236070.yaml", text)
    with pytest.raises(InputError) as info:
        read_profile(path)
    assert info.value.column == column and info.value.line == line_of(text, needle) and message in info.value.message


def test_a_broken_municipal_file_is_faulty_only_for_its_municipality(tmp_path):
    for path in LOCAL_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    text = PILOT_TEXT.replace("handlungsfeld: Sprache\n", "handlungsfeld: Sprachen\n", 1)
    write(tmp_path / "08236070.yaml", text)
    write(tmp_path / "notiz.yaml", "gemeinde: [\n")
    profiles, faulty = load_checked(tmp_path)
    assert set(profiles) == {"08236038", "08236065", "08236073"} and set(faulty) == {"08236070", "notiz.yaml"}
    notice = BeautifulSoup(faulty_notice(faulty["08236070"]).text, "html.parser").get_text()
    assert notice.startswith("Kommunale Angaben fehlerhaft:")
    assert f"08236070.yaml, Zeile {line_of(text, 'Sprachen')}, Schlüssel themen[0].handlungsfeld" in notice
    matrix = BeautifulSoup(topic_matrix(profiles, default_region(), faulty).text, "html.parser")
    column = [th.get_text() for th in matrix.find("thead").find_all("th")].index("Keltern")
    assert {tr.find_all("td")[column].get_text() for tr in matrix.find("tbody").find_all("tr")} == {"fehlerhaft"}
    assert "Kommunale Angaben fehlerhaft (nicht gezeigt): Keltern." in matrix.get_text()


# --- the Kreisübersicht with a secrecy marker --------------------------------------------------------------------


def test_a_secret_municipal_share_is_shown_as_such_in_the_kreisuebersicht():
    report = Kreisuebersicht()
    table = report.table.copy()
    marked = [
        ("foreigners_share_census_2022", "08236004", "."),  # Birkenfeld: secret
        ("foreigners_share_census_2022", "08236011", "na"),  # Eisingen: both shares not published
        ("migration_background_share_census_2022", "08236011", "na"),
    ]
    for indicator, ags, flag in marked:
        at = (table["indicator"] == indicator) & (table["ags"] == ags)
        table.loc[at, ["value", "flag"]] = [np.nan, flag]
    report.data = replace(report.data, table=table)
    sections = {name: getattr(report, name)().text for name in ("overview_table", "small_multiples", "standouts")}
    rows = {
        tr.find("td").get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in BeautifulSoup(sections["standouts"], "html.parser").find("tbody").find_all("tr")
    }
    assert rows["Eisingen"][1:] == ["keine Daten", ".", "x", "x"]  # no value ("."), no comparison ("x"), never "–"
    assert rows["Birkenfeld"][1] == "Anteil mit Migrationshintergrund (Zensus 2022)"  # the one comparable share
    assert "Birkenfeld – Ausländeranteil (Zensus 2022): „.“" in sections["standouts"]
    first = BeautifulSoup(sections["overview_table"], "html.parser").find("table")
    column = [th.get_text() for th in first.find_all("th")].index("Ausländeranteil (Zensus 2022)")
    overview = {
        tr.find("td").get_text(): [td.get_text() for td in tr.find_all("td")] for tr in first.find_all("tr")[1:]
    }
    assert overview["Birkenfeld"][column] == "." and overview["Eisingen"][column] == "."


# --- published errors --------------------------------------------------------------------------------------------


def test_a_failure_is_published_in_one_line_without_machine_paths():
    evalue = f"{LOCAL_DIR / '08236070.yaml'}, line 3: bad\n  and more\x1b[0m\n" + "x" * 1000
    error = _describe_failure(PapermillExecutionError(7, 8, "report.title()", "InputError", evalue, []))
    assert error.startswith("Zelle 8 (Index 7): InputError: data/local/08236070.yaml, line 3: bad and more")
    assert "\n" not in error and "\x1b" not in error and len(error) <= 400 and str(PROJECT_ROOT) not in error
    assert public_text("see /srv/someone/x/notes.csv and https://example.org/a/b") == (
        "see notes.csv and https://example.org/a/b"
    )


# --- builds: a damaged manifest, a truncated report, two builds at once -------------------------------------------


@pytest.fixture(scope="module")
def tiny_notebook(tmp_path_factory) -> Path:
    notebook = nbformat.v4.new_notebook(metadata=nbformat.read(PROJECT_ROOT / "notebooks/steckbrief.ipynb", 4).metadata)
    notebook.cells = [nbformat.v4.new_markdown_cell("# Klein"), nbformat.v4.new_code_cell("1 + 1")]
    path = tmp_path_factory.mktemp("nb") / "tiny.ipynb"
    nbformat.write(notebook, path)
    return path


def tiny_job(notebook: Path, name: str) -> ReportJob:
    return ReportJob(
        kind="steckbrief", notebook=str(notebook), parameters={}, file=f"{name}.html", title=name, ags="08236070"
    )


def test_a_truncated_manifest_is_set_aside_and_rebuilt(tiny_notebook, tmp_path):
    reports = tmp_path / "reports"
    write(reports / MANIFEST, '{"package_version": "0.1", "reports": [{"file": "alt.html", "kind": "ste')
    result = build([tiny_job(tiny_notebook, "klein")], reports_dir=reports, progress=False, executor_factory=threads)
    assert [r.status for r in result.results] == ["built"]
    [aside] = reports.glob(f"{MANIFEST}.damaged-*")
    assert aside.read_text(encoding="utf-8").endswith('"kind": "ste')  # kept for inspection, unchanged
    assert (
        len(result.warnings) == 1
        and "manifest.json is damaged" in result.warnings[0]
        and aside.name in result.warnings[0]
    )
    manifest = json.loads((reports / MANIFEST).read_text(encoding="utf-8"))
    assert [e["file"] for e in manifest["reports"]] == ["klein.html"]
    assert manifest["reports"][0]["html_sha256"] == sha256_file(reports / "klein.html")
    # a manifest whose entry has the wrong shape is damaged too
    write(reports / MANIFEST, json.dumps({"reports": [{"file": "../../etc/passwd"}]}))
    assert read_manifest(reports, warnings := []) == {} and warnings


def project_command() -> list[str]:
    script = Path(sys.executable).with_name("integration-analysis")
    return [str(script)] if script.exists() else [sys.executable, "-m", "integration_analysis.cli"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project (configuration, notebooks, data) for builds that change its files."""
    ensure_prepared()  # the copy starts with current processed data
    root = tmp_path_factory.mktemp("project")
    for name in ("config", "notebooks"):
        shutil.copytree(PROJECT_ROOT / name, root / name, ignore=shutil.ignore_patterns(".*"))
    for name in ("raw", "local", "processed"):
        shutil.copytree(DATA_DIR / name, root / "data" / name, ignore=shutil.ignore_patterns(".*"))
    return root


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INTEGRATION_ANALYSIS_ROOT": str(project)}
    return subprocess.run([*project_command(), *args], env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def concurrent(project) -> Path:
    """Two `integration-analysis build` runs at the same time into one reports folder (Keltern and Wiernsheim,
    each with the Kreisübersicht), with Keltern's municipal file broken."""
    local = project / "data" / "local" / "08236070.yaml"
    original = local.read_text(encoding="utf-8")
    local.write_text(original.replace("handlungsfeld: Sprache\n", "handlungsfeld: Sprachen\n", 1), encoding="utf-8")
    env = {**os.environ, "INTEGRATION_ANALYSIS_ROOT": str(project)}
    runs = [
        subprocess.Popen(
            [*project_command(), "build", "--municipality", name, "--jobs", "1", "--quiet"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Keltern", "Wiernsheim")
    ]
    outputs = [run.communicate(timeout=900) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, (out, err)
        assert "Traceback" not in err
    local.write_text(original, encoding="utf-8")
    return project / "reports"


def test_two_builds_at_once_lose_nothing(concurrent):
    manifest = json.loads((concurrent / MANIFEST).read_text(encoding="utf-8"))
    entries = {e["file"]: e for e in manifest["reports"]}
    assert set(entries) == {KELTERN, WIERNSHEIM, SUMMARY}
    assert {e["status"] for e in entries.values()} == {"built"}
    for name, entry in entries.items():
        assert entry["html_sha256"] == sha256_file(concurrent / name)
    index = BeautifulSoup((concurrent / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {a["href"] for a in index.find_all("a")} == {KELTERN, WIERNSHEIM, SUMMARY}


def test_a_broken_municipal_file_marks_its_section_faulty_in_both_reports(concurrent):
    text = (LOCAL_DIR / "08236070.yaml").read_text(encoding="utf-8")
    where = (
        f"data/local/08236070.yaml, Zeile {line_of(text, 'handlungsfeld: Sprache')}, Schlüssel themen[0].handlungsfeld"
    )
    for name in (KELTERN, SUMMARY):
        page = " ".join(
            BeautifulSoup((concurrent / name).read_text(encoding="utf-8"), "html.parser").get_text(" ").split()
        )
        assert f"Kommunale Angaben fehlerhaft: {where}: 'Sprachen' ist kein erlaubter Wert" in page, name
    wiernsheim = BeautifulSoup((concurrent / WIERNSHEIM).read_text(encoding="utf-8"), "html.parser")
    assert "fehlerhaft" not in wiernsheim.find("section", class_="ia-local").get_text()
    assert "Stand 11.07.2021" in wiernsheim.find("section", class_="ia-local").get_text()


def test_nothing_of_the_build_machine_is_published(concurrent):
    for path in [concurrent / MANIFEST, concurrent / "index.html", *concurrent.glob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert str(concurrent.parent) not in text and str(PROJECT_ROOT) not in text, path.name
        assert not re.search(r"/(tmp|home|root|work)/", text), path.name


def test_a_truncated_report_is_not_unchanged_and_not_linked(concurrent, tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(concurrent, reports)
    entry = read_manifest(reports)[KELTERN]
    assert is_unchanged(entry, entry["inputs"], reports / KELTERN)
    data = (reports / KELTERN).read_bytes()
    (reports / KELTERN).write_bytes(data[: len(data) // 2])
    assert not is_unchanged(entry, entry["inputs"], reports / KELTERN)
    (reports / WIERNSHEIM).write_bytes((reports / WIERNSHEIM).read_bytes().replace(b"Wiernsheim", b"Wiernsheym", 1))
    assert not is_unchanged(read_manifest(reports)[WIERNSHEIM], entry["inputs"], reports / WIERNSHEIM)
    update_outputs(reports, [], "test")
    entries = read_manifest(reports)
    assert entries[KELTERN]["status"] == entries[WIERNSHEIM]["status"] == "damaged"
    index = BeautifulSoup((reports / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {a["href"] for a in index.find_all("a")} == {SUMMARY}
    assert index.get_text().count("beschädigt") == 2


def test_cli_refuses_bad_configuration_and_edited_data_before_any_kernel(project):
    region, reports = project / "config" / "region.yaml", project / "config" / "reports.yaml"
    tidy = project / "data" / "processed" / TIDY_FILE
    originals = {path: path.read_bytes() for path in (region, reports, tidy)}
    try:
        region.write_text(REGION_TEXT.replace("  min_count: 3", "  min_cout: 10"), encoding="utf-8")
        done = run_cli(project, "list")
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert f"region.yaml, line {line_of(REGION_TEXT, 'min_count: 3')}, column 'disclosure.min_cout'" in done.stderr
        region.write_bytes(originals[region])
        reports.write_text(REPORTS_TEXT.replace("  title:", "  title: [", 1), encoding="utf-8")
        done = run_cli(project, "build", "--quiet")
        assert done.returncode == 2 and "Traceback" not in done.stderr and "reports.yaml, line" in done.stderr
        assert "not valid YAML" in done.stderr
        reports.write_bytes(originals[reports])
        tidy.write_bytes(originals[tidy].replace(b",26420.0,", b",36420.0,", 1))
        done = run_cli(project, "build", "--municipality", "Keltern", "--force", "--quiet")
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "tidy.csv: changed since `prepare` wrote it" in done.stderr
        assert not (project / "reports" / "index.html").exists() or "36420" not in (
            project / "reports" / KELTERN
        ).read_text(encoding="utf-8")
    finally:
        for path, data in originals.items():
            path.write_bytes(data)


def test_the_shipped_configuration_passes():
    assert load_region(REGION_CONFIG).min_count == 3
    assert set(read_reports_config(REPORTS_YAML)) == {"steckbrief", "kreisuebersicht"}
