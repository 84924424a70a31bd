"""``integration-analysis update`` end to end through the real client pystatis, replaying the answers recorded from
the three GENESIS REST servers (../shared/data/official/genesis-api-recorded: the pytest-vcr cassettes of
pystatis' own test suite, read from the shared folder and never copied into the repository).

Replay: vcrpy in record mode "none", matching method, address and form body, so a request that was not recorded
raises instead of going out (tested), and on top of that every socket connection is refused while a test runs.
The answers a test needs and the recording lacks are small cassettes written into tmp_path from a real one: an
HTTP 500, a flat CSV with a renamed column, "table not found" (GENESIS status 90), a municipality's figure changed
so that the Kreis no longer adds up. A timeout cannot be recorded: there the transport raises requests' own
``ReadTimeout``.

Tests marked ``api`` need pystatis (the extra 'api', which brings pandas 2.x): ``make test-api`` runs them in
.venv-api; the main environment (pandas 3, no pystatis) skips them and runs the others (help, unknown table code,
client not installed, the download folder).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from integration_analysis import cli
from integration_analysis.core.paths import PROJECT_ROOT, RAW_DIR
from integration_analysis.core.provenance import read_sidecar, sidecar_path
from integration_analysis.data.datasets import check_raw
from integration_analysis.data.downloads import provenance_path, save_download
from integration_analysis.data.update import API_DOWNLOAD, UpdateError, update
from integration_analysis.sources.api_recorded import data_answer, single_flat_file
from integration_analysis.sources.api_tables import API_TABLES
from integration_analysis.sources.cassettes import read_cassette
from integration_analysis.sources.extract import read_extract
from integration_analysis.sources.genesis_api import Download

HAS_PYSTATIS = importlib.util.find_spec("pystatis") is not None
#: The retrieval time recorded in the replayed updates (the evening the answers were recorded).
NOW = datetime(2026, 3, 10, 21, 0, 0, tzinfo=UTC)
#: Credentials given to the replayed updates; none of them may appear in any file or output.
SECRETS = {
    f"PYSTATIS_{database}_API_{field}": f"{field.lower()}-{database.lower()}-Xq7v"
    for database in ("GENESIS", "REGIO", "ZENSUS")
    for field in ("USERNAME", "PASSWORD")
}
CASSETTES = {"12531-0043": "12531-0043.yaml", "12411-01-01-4": "12411-01-01-4.yaml"}
CASSETTES |= {"1000A-0000": "1000A-0000.yaml", "1000A-2022": "1000A-2022.yaml"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def api(test):
    """Mark a test as needing pystatis (run by ``make test-api``; skipped where pystatis is not installed)."""
    skip = pytest.mark.skipif(not HAS_PYSTATIS, reason="the API client pystatis is not installed (make test-api)")
    return pytest.mark.api(skip(test))


# ---------------------------------------------------------------------------------------------------------------
# replay without network


class NetworkUsed(AssertionError):
    """A test tried to open a connection."""


@contextmanager
def offline():
    """Refuse every socket connection (a replayed request never opens one)."""

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"a test tried to connect to {args[1:] or kwargs}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        yield


class _Several:
    """A vcrpy persister that reads several cassettes (paths joined by ``os.pathsep``) as one, and writes none."""

    @classmethod
    def load_cassette(cls, cassette_path, serializer):
        from vcr.persisters.filesystem import FilesystemPersister

        requests, responses = [], []
        for path in str(cassette_path).split(os.pathsep):
            more_requests, more_responses = FilesystemPersister.load_cassette(path, serializer)
            requests += list(more_requests)
            responses += list(more_responses)
        return requests, responses

    @staticmethod
    def save_cassette(cassette_path, cassette_dict, serializer):
        raise AssertionError("a replayed cassette is never written")


@contextmanager
def replay(*cassettes: Path):
    """pystatis answered from the cassettes only: record mode "none", requests matched with their form body."""
    import vcr
    from pystatis import http_helper

    tape = vcr.VCR(record_mode="none", match_on=["method", "scheme", "host", "port", "path", "query", "body"])
    tape.register_persister(_Several)
    with pytest.MonkeyPatch.context() as patch, offline():
        # a background job is polled every 5 s; the recorded polls are answered at once
        patch.setattr(http_helper, "time", SimpleNamespace(sleep=lambda seconds: None, perf_counter=time.perf_counter))
        with tape.use_cassette(os.pathsep.join(str(c) for c in cassettes)) as cassette:
            yield cassette


@pytest.fixture(scope="session")
def pystatis_home(tmp_path_factory):
    """pystatis imported with a temporary home: its import writes ~/.pystatis/config.ini (empty credentials)."""
    if not HAS_PYSTATIS:
        pytest.skip("the API client pystatis is not installed (make test-api)")
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        import pystatis

        assert Path(pystatis.config.DEFAULT_CONFIG_DIR).is_relative_to(home)
    return home


@contextmanager
def credentials():
    with pytest.MonkeyPatch.context() as patch:
        for name, value in SECRETS.items():
            patch.setenv(name, value)
        yield


def recorded(shared_data: Path, code: str) -> Path:
    return shared_data / "official" / "genesis-api-recorded" / CASSETTES[code]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` by relative path, with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def project_copy(tmp_path: Path) -> Path:
    """A copy of data/raw in ``tmp_path/data/raw`` (the update stages beside it)."""
    raw = tmp_path / "data" / "raw"
    shutil.copytree(RAW_DIR, raw)
    return raw


def flat_csv(cassette: Path, code: str, language: str = "de") -> bytes:
    """The flat CSV inside the recorded ZIP answer of ``code``."""
    found = read_cassette(cassette)
    endpoint = "data/resultfile" if code == "12531-0043" else "data/tablefile"
    answer = data_answer(found, code, endpoint, language)
    return single_flat_file(answer.files(), cassette)[1]


def no_secret_in(*texts_or_folders) -> None:
    for item in texts_or_folders:
        if isinstance(item, Path):
            for path in item.rglob("*"):
                if path.is_file():
                    data = path.read_bytes()
                    assert not any(s.encode() in data for s in SECRETS.values()), path
        else:
            assert not any(s in item for s in SECRETS.values())


# ---------------------------------------------------------------------------------------------------------------
# the four tables, replayed (one update, used by the tests below)


@pytest.fixture(scope="module")
def updated(tmp_path_factory, shared_data, pystatis_home):
    """One update of 12531-0043 (GENESIS-Online, a background job), 12411-01-01-4 (Regionaldatenbank), 1000A-0000
    and 1000A-2022 (Zensus 2022 database) into a copy of data/raw."""
    tmp = tmp_path_factory.mktemp("updated")
    raw, downloads, progress = project_copy(tmp), tmp / "downloads", io.StringIO()
    with credentials(), replay(*(recorded(shared_data, code) for code in CASSETTES)) as cassette:
        done = update(list(CASSETTES), data_dir=downloads, raw_dir=raw, progress=progress, now=lambda: NOW)
        played = cassette.play_count
    return SimpleNamespace(
        tmp=tmp, raw=raw, downloads=downloads, done=done, progress=progress.getvalue(), played=played
    )


@api
def test_each_download_is_kept_unchanged_with_its_provenance(updated, shared_data):
    for item in updated.done:
        table = API_TABLES[item.code]
        assert item.download.read_bytes() == flat_csv(recorded(shared_data, item.code), item.code)
        record = yaml.safe_load(provenance_path(item.download).read_text(encoding="utf-8"))
        assert record["sha256"] == hashlib.sha256(item.download.read_bytes()).hexdigest()
        assert record["file"] == item.download.name == f"{item.code}_20260310T210000Z_de_flat.csv"
        assert item.download.parent == updated.downloads / item.code
        assert record["table_code"] == item.code and record["server"] == table.server.name
        assert record["request"] == f"POST {table.server.rest_url}data/tablefile"
        assert record["parameters"] == table.parameters("de")
        assert record["retrieved_at"] == "2026-03-10T21:00:00Z"
        assert record["client"] == "pystatis 0.5.5"
        assert record["title"] and record["copyright"].startswith("©")
    jobs = {
        item.code: yaml.safe_load(provenance_path(item.download).read_text())["client_messages"]
        for item in updated.done
    }
    assert any("Job-ID: 12531-0043_175879554" in message for message in jobs["12531-0043"])
    assert jobs["12411-01-01-4"] == []


@api
def test_every_recorded_exchange_is_replayed_and_nothing_else(updated):
    # 12531-0043: tablefile (too large) + job + 405 polls + resultfile + metadata = 410; the others data + metadata
    assert updated.played == 410 + 2 + 2 + 2


@api
def test_the_extracts_replace_the_bundled_ones_and_pass_every_check(updated):
    names = sorted(p.name for p in updated.raw.glob("genesis_api_*.csv"))
    assert names == [
        "genesis_api_1000A-0000_2022-05-15.csv",
        "genesis_api_1000A-2022_2022-05-15.csv",
        "genesis_api_12411-01-01-4_2024-12-31.csv",
        "genesis_api_12531-0043_2024-12-31.csv",
    ]
    replaced = {item.code: item.replaced for item in updated.done}
    assert replaced["12531-0043"] == ("genesis_api_12531-0043_2024-12-31.csv",) and replaced["1000A-0000"] == ()
    for code in ("12531-0043", "12411-01-01-4"):  # the same answers: the same figures as the recorded import
        name = f"genesis_api_{code}_2024-12-31.csv"
        assert (updated.raw / name).read_bytes() == (RAW_DIR / name).read_bytes()
    for item in updated.done:
        meta = read_sidecar(sidecar_path(item.extract))
        assert meta.importer == "integration_analysis.data.update" and meta.retrieved_on == "2026-03-10"
        assert meta.original_file == item.download.name
        assert meta.original_sha256 == hashlib.sha256(item.download.read_bytes()).hexdigest()
        assert meta.retrieved_from.startswith(API_DOWNLOAD) and "2026-03-10T21:00:00Z" in meta.retrieved_from
        assert meta.citation.endswith("am 10.03.2026") and "aufgezeichnete" not in meta.citation
        assert "`integration-analysis update` with pystatis 0.5.5" in meta.notes[0]
    _, metas, _ = check_raw(updated.raw)  # checksums, tidy rules and plausibility of the whole folder
    assert len(metas) == len(list(RAW_DIR.glob("*.meta.yaml"))) + 2
    assert not list(updated.raw.parent.glob(".update-*"))  # the staging folder is gone


@api
def test_the_zensus_figures_checked_by_hand(updated):
    municipal = read_extract(updated.raw / "genesis_api_1000A-0000_2022-05-15.csv")
    assert len(municipal) == 1_101 and municipal["value"].sum() == 11_104_040  # the published Land total
    # 1000A-0000_1773175153999_de_flat.csv line 7435: "…;GEOGM4;Gemeinden (Gebietsstand 15.05.2022);082365003038;
    # Maulbronn, Stadt;6387;Anzahl;PRS018;Personen" – the 12-digit ARS becomes the AGS 08236038
    assert municipal.loc[municipal["ags"] == "08236038", "value"].tolist() == [6_387]
    assert municipal.loc[municipal["ags"].str.startswith("08236"), "value"].sum() == 197_899
    land = read_extract(updated.raw / "genesis_api_1000A-2022_2022-05-15.csv").set_index("group")["value"]
    # 1000A-2022_1773175355216_de_flat.csv (quality=on) line 106: WDGAT2 Insgesamt, age Insgesamt, 08: 11104040;
    # line 517: WANDERUNG-BEID 2975125; line 1315: WDGAT1 EINGEWANDERTE 2581917
    assert (land["total"], land["immigration_history"], land["immigration_immigrated"]) == (
        11_104_040,
        2_975_125,
        2_581_917,
    )
    assert land.filter(regex=r"^immigration_history_age_").sum() == pytest.approx(2_975_125, abs=10)


@api
def test_progress_is_one_line_per_table_and_no_credential_is_anywhere(updated):
    lines = updated.progress.splitlines()
    assert [line.split(" ")[0] for line in lines] == list(CASSETTES)
    assert all("rows → genesis_api_" in line for line in lines)
    no_secret_in(updated.progress, updated.downloads, updated.raw)


#: Runs the code cells of the Steckbrief notebook (its sections, in order) and prints what each shows.
_RENDER = """
import ast, json, sys
cells = [c for c in json.load(open(sys.argv[1], encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
scope = {}
for cell in cells:
    tree = ast.parse("".join(cell["source"]))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "cell", "exec"), scope)
    if last is not None:
        shown = eval(compile(ast.Expression(last.value), "cell", "eval"), scope)
        print(shown._repr_html_() if hasattr(shown, "_repr_html_") else shown)  # as Jupyter displays it
"""


@api
def test_a_rebuilt_steckbrief_shows_the_tables_with_retrieval_date_and_source(updated, tmp_path):
    """Keltern's Steckbrief, its notebook's sections rendered against the updated data/raw (a project root of its
    own, INTEGRATION_ANALYSIS_ROOT): the tables the report uses name their retrieval date in the source list."""
    root = tmp_path / "project"
    (root / "data" / "processed").mkdir(parents=True)
    shutil.copytree(updated.raw, root / "data" / "raw")
    for part in ("config", "data/local"):
        (root / part).symlink_to(PROJECT_ROOT / part)
    env = {**os.environ, "INTEGRATION_ANALYSIS_ROOT": str(root)}
    notebook = PROJECT_ROOT / "notebooks" / "steckbrief.ipynb"
    done = subprocess.run(
        [sys.executable, "-c", _RENDER, str(notebook)], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    from bs4 import BeautifulSoup

    page = BeautifulSoup(done.stdout, "html.parser")
    listed = [item.get_text(" ", strip=True) for item in page.select("ul.ia-sources li li")]
    protection = [text for text in listed if text.startswith("12531-0043 ")]
    assert protection == [
        "12531-0043 Schutzsuchende: Kreise, Stichtag, Geschlecht, Schutzstatuskategorie, Staatsangehörigkeit – "
        "Stand 31.12.2024, abgerufen am 10.03.2026"
    ]
    fetched = [text for text in listed if "abgerufen am" in text]
    assert all(text.endswith("abgerufen am 10.03.2026") for text in fetched)
    assert all(text.split(" ")[0] in API_TABLES for text in fetched)  # only the tables fetched from the APIs
    # the Kreis' protection seekers, as figures with their source line
    assert re.search(r"Quelle: [^\n]*Statistisches Bundesamt \(Destatis\) \(31\.12\.2024\)", page.get_text("\n"))


@api
def test_the_english_exports_give_the_same_figures(updated, tmp_path, shared_data, pystatis_home):
    raw = project_copy(tmp_path)
    codes = ["1000A-0000", "12411-01-01-4"]
    with credentials(), replay(*(recorded(shared_data, code) for code in codes)):
        done = update(
            codes, data_dir=tmp_path / "dl", raw_dir=raw, language="en", progress=io.StringIO(), now=lambda: NOW
        )
    for item in done:
        assert item.download.name.endswith("_en_flat.csv")
        assert item.download.read_bytes() == flat_csv(recorded(shared_data, item.code), item.code, "en")
        english = read_extract(item.extract).drop(columns="area_name")
        german = read_extract(updated.raw / item.extract.name).drop(columns="area_name")
        pd.testing.assert_frame_equal(english, german)


# ---------------------------------------------------------------------------------------------------------------
# failures: one message, exit code 2, data/raw byte for byte as it was


def derived_cassette(tmp_path: Path, source: Path, change) -> Path:
    """The first data answer and its metadata answer of ``source``, the data answer changed by ``change``."""
    with open(source, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_LOADER)
    first, metadata = data["interactions"][:2]
    assert first["request"]["uri"].endswith("/data/tablefile") and metadata["request"]["uri"].endswith("/table")
    change(first["response"])
    path = tmp_path / f"derived-{source.name}"
    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump({"interactions": [first, metadata], "version": 1}, handle, Dumper=_DUMPER)
    return path


def rezipped(response: dict, edit) -> None:
    """Replace the flat CSV in a ZIP answer by ``edit(text)``."""
    with zipfile.ZipFile(io.BytesIO(response["body"]["string"])) as archive:
        (info,) = archive.infolist()
        text = archive.read(info).decode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(info.filename, edit(text).encode("utf-8"))
    response["body"]["string"] = out.getvalue()


def json_answer(response: dict, status: int, body: str, content_type: str = "application/json") -> None:
    response["status"] = {"code": status, "message": ""}
    response["headers"] = {"Content-Type": [content_type]}
    response["body"] = {"string": body}


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["update", *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_message(err: str, kind: str, *fragments: str) -> None:
    messages = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(messages) == 1, err
    assert messages[0].startswith(f"error: {kind}: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert re.search(fragment, messages[0]), messages[0]


@pytest.fixture
def raw_copy(tmp_path):
    raw = project_copy(tmp_path)
    before = snapshot(raw)
    yield raw
    assert snapshot(raw) == before, "data/raw changed"
    assert not list(raw.parent.glob(".update-*")), "a staging folder was left behind"


@api
@pytest.mark.parametrize(
    ("kind", "change", "fragments"),
    [
        (
            "server error",
            lambda r: json_answer(r, 500, "<html>Internal Server Error</html>", "text/html"),
            [r"Regionaldatenbank .* failed to deliver table 12411-01-01-4", "500 status code", "data/raw is unchanged"],
        ),
        (
            "unknown table",
            lambda r: json_answer(
                r,
                200,
                '{"Ident":{"Service":"data","Method":"tablefile"},"Status":{"Code":90,"Content":"Die angeforderte '
                'Tabelle ist nicht vorhanden.","Type":"Information"},"Object":null}',
            ),
            [r"has no table 12411-01-01-4", "nicht vorhanden"],
        ),
        (
            "changed layout",
            lambda r: rezipped(r, lambda text: text.replace(";value_unit;", ";value_units;", 1)),
            [r"_de_flat\.csv, line 1, column 'value_units': expected the column 'value_unit'", "download is kept"],
        ),
    ],
    ids=["http-500", "table-not-found", "changed-layout"],
)
def test_a_failed_answer_is_one_message_and_changes_nothing(
    kind, change, fragments, tmp_path, shared_data, pystatis_home, raw_copy, capsys
):
    cassette = derived_cassette(tmp_path, recorded(shared_data, "12411-01-01-4"), change)
    downloads = tmp_path / "downloads"
    with credentials(), replay(cassette):
        code, out, err = run_cli(capsys, "12411-01-01-4", "--raw-dir", str(raw_copy), "--data-dir", str(downloads))
    assert code == 2 and out == ""
    assert_one_message(err, kind, *fragments)
    kept = list(downloads.rglob("*_flat.csv"))
    assert len(kept) == (1 if kind == "changed layout" else 0)  # only a delivered file is kept
    no_secret_in(err, tmp_path)


@api
def test_a_timeout_is_one_message_and_changes_nothing(tmp_path, shared_data, pystatis_home, raw_copy, capsys):
    import requests
    from pystatis import http_helper

    def too_slow(*args, **kwargs):
        raise requests.exceptions.ReadTimeout("read timed out (300 s)")

    with credentials(), replay(recorded(shared_data, "12411-01-01-4")), pytest.MonkeyPatch.context() as patch:
        patch.setattr(http_helper.requests, "post", too_slow)
        code, _, err = run_cli(capsys, "12411-01-01-4", "--raw-dir", str(raw_copy), "--data-dir", str(tmp_path / "d"))
    assert code == 2
    assert_one_message(err, "timeout", "did not answer the request for table 12411-01-01-4 in time")


@api
def test_data_that_fail_a_plausibility_check_change_nothing(tmp_path, shared_data, pystatis_home, raw_copy, capsys):
    # Maulbronn's line (ARS 082365003038) left out: the file still reads, but the table must hold every
    # municipality of the register (plausibility rule 'complete'), so the staged check refuses the whole update
    def without_maulbronn(response):
        rezipped(response, lambda text: "".join(line for line in text.splitlines(True) if ";082365003038;" not in line))

    cassette = derived_cassette(tmp_path, recorded(shared_data, "1000A-0000"), without_maulbronn)
    with credentials(), replay(cassette):
        code, _, err = run_cli(capsys, "1000A-0000", "--raw-dir", str(raw_copy), "--data-dir", str(tmp_path / "d"))
    assert code == 2
    assert_one_message(err, "check failed", "the new data fail the checks, data/raw is unchanged")
    assert "08236038" in err and "genesis_api_1000A-0000" in err
    assert str(raw_copy.parent) not in err  # the staging folder is not named


@api
def test_a_request_that_was_not_recorded_raises_instead_of_going_out(tmp_path, shared_data, pystatis_home, raw_copy):
    from vcr.errors import CannotOverwriteExistingCassetteException

    only_german = derived_cassette(tmp_path, recorded(shared_data, "12411-01-01-4"), lambda response: None)
    with credentials(), replay(only_german), pytest.raises(CannotOverwriteExistingCassetteException):
        update(["12411-01-01-4"], data_dir=tmp_path / "d", raw_dir=raw_copy, language="en", progress=io.StringIO())


@api
def test_missing_credentials_stop_before_any_request(tmp_path, pystatis_home, raw_copy, capsys, monkeypatch):
    for name in SECRETS:
        monkeypatch.delenv(name, raising=False)
    with offline():
        code, _, err = run_cli(capsys, "1000A-0000", "--raw-dir", str(raw_copy), "--data-dir", str(tmp_path / "d"))
    assert code == 2
    assert_one_message(err, "credentials", "no credentials for Zensus 2022 Datenbank", "PYSTATIS_ZENSUS_API_USERNAME")


# ---------------------------------------------------------------------------------------------------------------
# without pystatis


def test_an_unknown_table_code_stops_before_anything_happens(tmp_path, capsys):
    with offline():
        code, _, err = run_cli(capsys, "99999-0000", "--raw-dir", str(tmp_path / "raw"), "--data-dir", str(tmp_path))
    assert code == 2
    assert_one_message(err, "unknown table", "99999-0000: not a table the update knows; known: 12531-0043")
    assert list(tmp_path.iterdir()) == []


def test_without_the_client_the_message_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    raw = project_copy(tmp_path)
    before = snapshot(raw)
    monkeypatch.setitem(sys.modules, "pystatis", None)  # "import pystatis" fails as if not installed
    with offline():
        code, _, err = run_cli(capsys, "12411-01-01-4", "--raw-dir", str(raw), "--data-dir", str(tmp_path / "d"))
    assert code == 2
    assert_one_message(err, "not installed", re.escape("pip install -e '.[api]'"))
    assert snapshot(raw) == before


def test_help_documents_the_tables_the_credentials_and_the_data_folder(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["update", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for code in API_TABLES:
        assert code in text
    for variable in ("PYSTATIS_GENESIS_API_USERNAME", "PYSTATIS_REGIO_API_PASSWORD", "PYSTATIS_ZENSUS_API_USERNAME"):
        assert variable in text
    assert "~/.pystatis/config.ini" in text and "data/downloads/" in text and "--data-dir" in text
    assert "pip install -e '.[api]'" in text


def _download(data: bytes, **parameters: str) -> Download:
    table = API_TABLES["12411-01-01-4"]
    return Download(
        table=table,
        language="de",
        url=f"{table.server.rest_url}data/tablefile",
        parameters={**table.parameters("de"), **parameters},
        data=data,
        metadata={"Object": {"Content": "Titel", "Updated": "x"}, "Copyright": "© Statistische Ämter"},
        retrieved_at="2026-03-10T21:00:00Z",
        client="pystatis 0.5.5",
        messages=(),
    )


def test_a_download_is_never_overwritten_and_never_records_credentials(tmp_path):
    first = save_download(_download(b"a;b\n"), tmp_path)
    second = save_download(_download(b"c;d\n"), tmp_path)
    assert first.read_bytes() == b"a;b\n" and second.read_bytes() == b"c;d\n"
    assert second.name == "12411-01-01-4_20260310T210000Z_de-2_flat.csv"
    with pytest.raises(ValueError, match="credentials"):
        save_download(_download(b"e\n", password="secret"), tmp_path)
    assert sorted(p.name for p in (tmp_path / "12411-01-01-4").iterdir()) == sorted(
        [first.name, second.name, provenance_path(first).name, provenance_path(second).name]
    )


def test_update_errors_name_their_kind():
    error = UpdateError("timeout", "x")
    assert (error.kind, str(error)) == ("timeout", "timeout: x")
