"""Recorded API answers (pytest-vcr cassettes): requests, bodies, ZIPs, masked credentials, strict errors.

Real cassettes from ../shared/data/official/genesis-api-recorded; the malformed ones are written in tmp_path
with ``yaml.safe_dump`` (bytes become ``!!binary`` as in a real cassette).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml

from integration_analysis.core.errors import InputError
from integration_analysis.sources.cassettes import is_masked, parse_cassette, read_cassette, unzip_members

RECORDED = Path("official") / "genesis-api-recorded"
CASSETTES = ["1000A-0000.yaml", "1000A-2022.yaml", "12411-01-01-4.yaml", "12531-0043.yaml", "13111-01-03-4.yaml"]
CASSETTES += ["AI-N-01-2-5.yaml"]
MASK = "*" * 20


def zip_of(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def interaction(
    body: bytes | str,
    *,
    request_body: str = "area=all&format=ffcsv&language=de&name=12411-01-01-4",
    headers: dict | None = None,
    content_type: str = "application/zip",
) -> dict:
    return {
        "request": {
            "body": request_body,
            "headers": {"Accept": ["*/*"], **(headers or {})},
            "method": "POST",
            "uri": "https://www.regionalstatistik.de/genesisws/rest/2020/data/tablefile",
        },
        "response": {
            "body": {"string": body},
            "headers": {"Content-Type": [content_type], "Date": ["Tue, 10 Mar 2026 20:49:32 GMT"]},
            "status": {"code": 200, "message": ""},
        },
    }


def write_cassette(tmp_path: Path, *interactions: dict, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"interactions": list(interactions), "version": 1}, sort_keys=False), "utf-8")
    return path


def line_of(path: Path, text: str, after: int = 0) -> int:
    """The first line (1-based) at or after ``after`` that contains ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if i >= after and text in line)


def raises_at(path: Path, line: int | None, column: str | None, match: str) -> InputError:
    with pytest.raises(InputError, match=match) as info:
        read_cassette(path)
    error = info.value
    assert error.path == path and (error.line, error.column) == (line, column)
    return error


# ---------------------------------------------------------------------------------------------------------------
# the real cassettes


@pytest.mark.shared_data
@pytest.mark.parametrize("name", CASSETTES)
def test_every_recorded_cassette_reads_and_exposes_no_credentials(shared_data, name):
    cassette = read_cassette(shared_data / RECORDED / name)
    assert cassette.interactions
    for answer in cassette.interactions:
        assert answer.request.server.startswith("https://")
        assert not {"username", "password"} & set(answer.request.parameters)
        assert answer.status == 200 and answer.answered_at.startswith("2026-03-10")
        if answer.content_type == "application/zip":
            assert all(name.endswith("_flat.csv") for name in answer.files())
        else:
            parameters = answer.json()["Parameter"]
            assert is_masked(parameters["username"]) and is_masked(parameters["password"])


@pytest.mark.shared_data
def test_12411_requests_and_answers(shared_data):
    path = shared_data / RECORDED / "12411-01-01-4.yaml"
    cassette = read_cassette(path)
    assert [i.request.endpoint for i in cassette.interactions] == ["data/tablefile", "metadata/table"] * 2
    first = cassette.interactions[0]
    assert first.request.server == "https://www.regionalstatistik.de"
    assert first.request.table == "12411-01-01-4" and first.request.method == "POST"
    assert first.request.parameters["format"] == "ffcsv" and first.request.parameters["language"] == "de"
    assert (first.line, first.body_line) == (2, 21)  # "- request:" on line 2, "string: !!binary |" on line 21
    assert first.answered_at == "2026-03-10T20:49:32+00:00"
    files = first.files()
    assert list(files) == ["12411-01-01-4_1773175772751_de_flat.csv"]
    assert files["12411-01-01-4_1773175772751_de_flat.csv"].startswith(b"\xef\xbb\xbfstatistics_code;")
    english = cassette.find("data/tablefile", language="en")
    assert [i.index for i in english] == [2]
    metadata = cassette.find("metadata/table", name="12411-01-01-4", language="de")[0].json()
    assert metadata["Object"]["Code"] == "12411-01-01-4"


@pytest.mark.shared_data
def test_12531_job_answers_and_the_stored_zip(shared_data):
    cassette = read_cassette(shared_data / RECORDED / "12531-0043.yaml")
    assert len(cassette.interactions) == 410
    # the table was too large for a direct answer (status 98), so a background job was started (job=true)
    refused = cassette.interactions[0].json()["Status"]
    assert refused["Code"] == 98 and "zu gross" in refused["Content"]
    started = cassette.interactions[1]
    assert started.request.parameters["job"] == "true" and started.json()["Status"]["Code"] == 99
    result = cassette.find("data/resultfile")
    assert [i.index for i in result] == [408] and result[0].request.table == "12531-0043_175879554"
    assert result[0].request.server == "https://www-genesis.destatis.de"
    zipped = (shared_data / RECORDED / "12531-0043_ffcsv.zip").read_bytes()
    assert result[0].body == zipped
    assert unzip_members(zipped, Path("z.zip")).keys() == {"12531-0043_175879554_flat.csv"}


# ---------------------------------------------------------------------------------------------------------------
# written cassettes


def test_written_cassette_round_trip(tmp_path):
    data = b"\xef\xbb\xbfstatistics_code;statistics_label\n"
    path = write_cassette(tmp_path, interaction(zip_of("t_de_flat.csv", data)))
    assert "!!binary" in path.read_text(encoding="utf-8")
    (answer,) = read_cassette(path).interactions
    assert answer.files() == {"t_de_flat.csv": data}
    assert answer.request.endpoint == "data/tablefile" and answer.request.table == "12411-01-01-4"


def test_unmasked_credential_in_the_request_body(tmp_path):
    body = "area=all&name=12411-01-01-4&username=someone&password=s3cr3t-value"
    path = write_cassette(tmp_path, interaction(b"", request_body=body))
    error = raises_at(path, line_of(path, "body: area=all"), "interactions[0].request.body", "'username' is not masked")
    assert "s3cr3t" not in str(error) and "someone" not in str(error)
    masked = write_cassette(tmp_path, interaction(b"", request_body=f"name=x&password={MASK}"), name="m.yaml")
    (answer,) = read_cassette(masked).interactions
    assert answer.request.parameters == {"name": "x"}  # masked credentials are left out, never returned


def test_unmasked_credential_in_a_request_header(tmp_path):
    path = write_cassette(tmp_path, interaction(b"", headers={"password": ["s3cr3t"]}))
    line = line_of(path, "password:")
    error = raises_at(path, line, "interactions[0].request.headers.password", "'password' is not masked")
    assert "s3cr3t" not in str(error)


def test_unmasked_credential_echoed_in_a_json_answer(tmp_path):
    answer = '{"Status":{"Code":0},"Parameter":{"username":"' + MASK + '","password":"s3cr3t"}}'
    ok = interaction(
        '{"Parameter":{"username":"' + MASK + '","password":"' + MASK + '"}}', content_type="application/json"
    )
    path = write_cassette(tmp_path, ok, interaction(answer, content_type="application/json"))
    second = line_of(path, "- request:", after=line_of(path, "- request:") + 1)
    line = line_of(path, "string:", after=second)
    error = raises_at(path, line, "interactions[1].response.body.string", "echoes the credential 'password' unmasked")
    assert "s3cr3t" not in str(error)


def test_broken_zip_body(tmp_path):
    good = zip_of("t_de_flat.csv", b"statistics_code\n" * 200)
    path = write_cassette(tmp_path, interaction(good[: len(good) // 2]))
    (answer,) = read_cassette(path).interactions
    with pytest.raises(InputError, match="not a readable ZIP archive") as info:
        answer.files()
    assert info.value.path == path
    assert (info.value.line, info.value.column) == (line_of(path, "string: !!binary"), "interactions[0].response.body")
    corrupt = bytearray(good)
    corrupt[40:60] = b"\x00" * 20  # damage the compressed data, keep the directory: a CRC or inflate error
    path = write_cassette(tmp_path, interaction(bytes(corrupt)), name="crc.yaml")
    with pytest.raises(InputError, match="not a readable ZIP archive") as info:
        read_cassette(path).interactions[0].files()
    assert info.value.column == "interactions[0].response.body"


def test_not_a_cassette_invalid_yaml_and_unsafe_tags(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    raises_at(path, 1, "interactions", "not a vcrpy cassette")
    broken = tmp_path / "broken.yaml"
    broken.write_text("interactions:\n- request: {uri: x\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML") as info:
        read_cassette(broken)
    assert info.value.line == 3
    unsafe = tmp_path / "unsafe.yaml"
    unsafe.write_text("interactions: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):  # the safe loader refuses Python tags
        read_cassette(unsafe)
    incomplete = interaction(b"")
    del incomplete["response"]["status"]
    path = write_cassette(tmp_path, incomplete, name="nostatus.yaml")
    raises_at(path, line_of(path, "response:") + 1, "interactions[0].response.status", "'status' is missing")


def test_parse_cassette_names_the_path_it_is_given():
    with pytest.raises(InputError) as info:
        parse_cassette("version: 1\n", Path("somewhere/x.yaml"))
    assert info.value.path == Path("somewhere/x.yaml") and info.value.column == "interactions"
