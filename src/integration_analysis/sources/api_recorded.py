"""The tables imported from the recorded API answers (``official/genesis-api-recorded``) into ``data/raw``.

The folder holds pytest-vcr cassettes recorded in March 2026 by the test suite of the client pystatis against
the GENESIS REST API of GENESIS-Online, the Regionaldatenbank and the Zensus 2022 database (see
../shared/data/SOURCES.md). Imported from them (specs in ``api_tables``):

- ``12531-0043`` protection seekers by Kreis × protection status × sex × citizenship, 31.12.2024 (GENESIS-Online;
  the ZIP of the answer is also stored on its own as ``12531-0043_ffcsv.zip``, which is the file imported; it
  must be the same bytes as the answer in the cassette);
- ``12411-01-01-4`` population by Kreis and sex, 31.12.2024 (Regionaldatenbank, the German answer).

The sidecar of each extract names the server, the request (without credentials), the time of the answer, the
table's title and publisher as the API's metadata answer in the same cassette gives them, and the licence.
The same tables fetched anew by ``integration-analysis update`` replace these extracts (``data.update``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..core.errors import InputError
from .api_tables import API_TABLES, ApiAnswer, ApiTable, import_api_answer, server_at
from .cassettes import Cassette, Interaction, read_cassette, unzip_members
from .official import locate_official_file

RECORDED_DIR = "genesis-api-recorded"


@dataclass(frozen=True)
class RecordedTable:
    """A table imported from a cassette: the table, the cassette, the data request and the file imported."""

    table: ApiTable
    cassette: str
    #: The REST method of the data answer: ``data/tablefile``, or ``data/resultfile`` for a background job.
    endpoint: str
    language: str = "de"
    #: The ZIP stored beside the cassette that is imported instead of the cassette's body (same bytes).
    original: str = ""

    @property
    def code(self) -> str:
        return self.table.code


RECORDED_TABLES: tuple[RecordedTable, ...] = (
    RecordedTable(API_TABLES["12531-0043"], "12531-0043.yaml", "data/resultfile", original="12531-0043_ffcsv.zip"),
    RecordedTable(API_TABLES["12411-01-01-4"], "12411-01-01-4.yaml", "data/tablefile"),
)


def data_answer(cassette: Cassette, code: str, endpoint: str, language: str) -> Interaction:
    """The first successful ZIP answer of ``endpoint`` for table ``code`` (a result name may add ``_<job id>``)."""
    for answer in cassette.find(endpoint, language=language):
        table = answer.request.table
        ours = table == code or table.startswith(f"{code}_")
        if ours and answer.status == 200 and answer.content_type == "application/zip":
            return answer
    raise InputError(
        cassette.path, f"no successful ZIP answer of {endpoint} for table {code} (language {language}) is recorded"
    )


def metadata_answer(cassette: Cassette, code: str, language: str) -> dict:
    """The JSON ``metadata/table`` answer for ``code``: the table's title (``Object.Content``) and ``Copyright``."""
    for answer in cassette.find("metadata/table", name=code, language=language):
        data = answer.json()
        if isinstance(data.get("Object"), dict) and data["Object"].get("Content") and data.get("Copyright"):
            return data
    raise InputError(cassette.path, f"no metadata answer with title and copyright for table {code} is recorded")


def single_flat_file(members: dict[str, bytes], path: Path) -> tuple[str, bytes]:
    """The one ``*_flat.csv`` of a ZIP answer."""
    flat = [name for name in members if name.endswith("_flat.csv")]
    if len(flat) != 1 or len(members) != 1:
        raise InputError(path, f"a ZIP answer holds one *_flat.csv; this one holds {sorted(members)}")
    return flat[0], members[flat[0]]


def _request_note(answer: Interaction, server_name: str) -> str:
    shown = ", ".join(f"{k}={v}" for k, v in answer.request.parameters.items() if v)
    return (
        f"Recorded API answer (pytest-vcr cassette {answer.cassette.name}, {answer.key}, credentials masked): "
        f"{server_name}, {answer.request.method} {answer.request.uri} with {shown}; HTTP {answer.status}, "
        f"answered {answer.answered_at}."
    )


def import_recorded_table(source_dir: Path, raw_dir: Path, compiled_on: str, table: RecordedTable, land: str) -> Path:
    """Import one recorded table; return the extract written."""
    located = locate_official_file(source_dir, f"{RECORDED_DIR}/{table.cassette}")
    cassette = read_cassette(located.path)
    answer = data_answer(cassette, table.code, table.endpoint, table.language)
    if server_at(answer.request.server) != table.table.server:
        raise InputError(
            located.path,
            f"{answer.key} was answered by {answer.request.server}, not by {table.table.server.name}",
            column=f"{answer.key}.request.uri",
        )
    metadata = metadata_answer(cassette, table.code, table.language)
    original, members = located, answer.files()
    if table.original:
        original = locate_official_file(source_dir, f"{RECORDED_DIR}/{table.original}")
        raw = original.path.read_bytes()
        if raw != answer.body:
            raise InputError(
                original.path, f"differs from the body of {answer.key} in {table.cassette}, which it was cut from"
            )
        members = unzip_members(raw, original.path)
    name, data = single_flat_file(members, original.path)
    answered = answer.answered_at[:10]
    recorded = ApiAnswer(
        table=table.table,
        language=table.language,
        data=data,
        path=original.path / name,
        metadata=metadata,
        answered_at=answer.answered_at,
        request_note=_request_note(answer, table.table.server.name),
        original=replace(
            original,
            retrieved_from=f"{original.retrieved_from} (recorded answer of {table.table.server.name} "
            f"{answer.request.endpoint}, {answered})",
        ),
        recorded=True,
    )
    return import_api_answer(recorded, raw_dir, compiled_on, land, __name__)


def import_api_recorded(source_dir: Path, raw_dir: Path, compiled_on: str, land: str = "08") -> list[Path]:
    """Import every table of ``RECORDED_TABLES``; return the extracts written."""
    return [import_recorded_table(Path(source_dir), raw_dir, compiled_on, table, land) for table in RECORDED_TABLES]
