"""The tables imported from the recorded API answers (``official/genesis-api-recorded``), their specs, and
their import into ``data/raw`` with provenance.

The folder holds pytest-vcr cassettes recorded in March 2026 by the test suite of the client pystatis against
the GENESIS REST API of GENESIS-Online, the Regionaldatenbank and the Zensus 2022 database (see
../shared/data/SOURCES.md). Imported from them:

- ``12531-0043`` protection seekers by Kreis × protection status × sex × citizenship, 31.12.2024 (GENESIS-Online;
  the ZIP of the answer is also stored on its own as ``12531-0043_ffcsv.zip``, which is the file imported; it
  must be the same bytes as the answer in the cassette);
- ``12411-01-01-4`` population by Kreis and sex, 31.12.2024 (Regionaldatenbank, the German answer).

The sidecar of each extract names the server, the request (without credentials), the time of the answer, the
table's title and publisher as the API's metadata answer in the same cassette gives them, and the licence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError
from ..core.provenance import LICENCE_DL_DE_BY_2_0, LICENCE_DL_DE_BY_2_0_URL, SourceMeta
from .cassettes import Cassette, Interaction, read_cassette, unzip_members
from .citizenships import citizenship_groups
from .extract import write_extract
from .genesis import REGIONALSTATISTIK_URL, ColumnSpec, copyright_publisher, coverage_text
from .genesis_flat import FlatSpec, flat_notes, flat_to_extract, parse_flat
from .official import locate_official_file
from .zensus_db import ZENSUS_URL

RECORDED_DIR = "genesis-api-recorded"
PREFIX = "genesis_api"

#: The servers of the GENESIS REST API: name, and the address of a table's page ({statistic}, {code}).
SERVERS: dict[str, tuple[str, str]] = {
    "https://www-genesis.destatis.de": (
        "GENESIS-Online (Statistisches Bundesamt)",
        "https://www-genesis.destatis.de/datenbank/online/statistic/{statistic}/table/{code}",
    ),
    "https://www.regionalstatistik.de": ("Regionaldatenbank Deutschland (Regionalstatistik)", REGIONALSTATISTIK_URL),
    "https://ergebnisse.zensus2022.de": ("Zensus 2022 Datenbank", ZENSUS_URL),
}

_SCHST = "SCHST2"
_STATUSES = {
    "SCHUTZST-OF": "status_open",
    "SCHUTZST-AK-1": "status_recognised",
    "SCHUTZST-AK-2": "status_recognised_temporary",
    "SCHUTZST-AK-3": "status_recognised_temporary_asylum",
    "SCHUTZST-AK-4": "status_recognised_temporary_non_asylum",
    "SCHUTZST-AK-5": "status_recognised_permanent",
    "SCHUTZST-X": "status_rejected",
    "AUSRPFL-G": "status_rejected_tolerated",
    "AUSRPFL-V": "status_rejected_enforceable",
    "AUSRPFL-L": "status_rejected_latent",
}

#: GENESIS-Online 12531-0043 "Schutzsuchende: Kreise, Stichtag, Geschlecht, Schutzstatuskategorie,
#: Staatsangehörigkeit". No totals in any dimension, so sex stays part of every group
#: (``female_status_open_citizenship_syria``).
SPEC_12531_0043 = FlatSpec(
    name="genesis_12531-0043",
    statistics_code="12531",
    table_codes=("12531-0043",),
    regions=("KREISE",),
    values={"BEV030": ColumnSpec("protection_seekers")},
    dimensions={"GES": {"GESM": "male", "GESW": "female"}, _SCHST: _STATUSES, "STAAG5": citizenship_groups()},
    basis="foreigners_register",
    date="2024-12-31",
    parts={
        (_SCHST, "SCHUTZST-AK-1"): ((_SCHST, "SCHUTZST-AK-2"), (_SCHST, "SCHUTZST-AK-5")),
        (_SCHST, "SCHUTZST-AK-2"): ((_SCHST, "SCHUTZST-AK-3"), (_SCHST, "SCHUTZST-AK-4")),
        (_SCHST, "SCHUTZST-X"): ((_SCHST, "AUSRPFL-G"), (_SCHST, "AUSRPFL-V"), (_SCHST, "AUSRPFL-L")),
    },
    sums=((_SCHST, "SCHUTZST-AK-1"), (_SCHST, "SCHUTZST-AK-2")),
    sum_tolerance=5,
    multiple_of=5,
    notes=(
        "No totals in the table: every cell is one sex (male/female) × one protection status × one citizenship, "
        "and there is no Land row. Totals (all protection seekers = status_open + status_recognised + "
        "status_rejected) are derived sums of rounded cells and must say so.",
        "Status subsets: status_recognised = _temporary + _permanent, status_recognised_temporary = _asylum + "
        "_non_asylum (checked within ± 5), and status_rejected_tolerated/_enforceable/_latent are parts of "
        "status_rejected (checked ≤). Never add a subset to its parent.",
        "The export lists only non-empty cells (none reads 0 or '-'): a combination that is not in the extract "
        "is not in the file either; nothing was filled in.",
    ),
)

#: Regionaldatenbank 12411-01-01-4 "Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale Tiefe: Kreise
#: und krfr. Städte", written for the reference date 31.12.2024 (population update on the Zensus 2022 basis).
SPEC_12411_01_01_4 = FlatSpec(
    name="regionalstatistik_12411-01-01-4",
    statistics_code="12411",
    table_codes=("12411-01-01-4",),
    regions=("KREISE",),
    values={"BEVSTD": ColumnSpec("population")},
    dimensions={"GES": {"": "total", "GESM": "male", "GESW": "female"}},
    basis="update_census_2022",
    date="2024-12-31",
    parts={("GES", ""): (("GES", "GESM"), ("GES", "GESW"))},
    sums=(("GES", ""),),
    notes=(
        "Basis: the population update on the basis of the Zensus 2022, which the statistical offices use from "
        "the reference date 31.12.2022 on. The flat CSV has no footnotes, so the spec fixes the date "
        "(31.12.2024) together with the basis; another date stops the import.",
        "The table's regional variable is KREISE only: there is no Land row (a Land figure summed from the "
        "Kreise is derived).",
    ),
)


@dataclass(frozen=True)
class RecordedTable:
    """A table imported from a cassette: its spec, the cassette, the data request and the file imported."""

    spec: FlatSpec
    cassette: str
    #: The REST method of the data answer: ``data/tablefile``, or ``data/resultfile`` for a background job.
    endpoint: str
    language: str = "de"
    #: The ZIP stored beside the cassette that is imported instead of the cassette's body (same bytes).
    original: str = ""

    @property
    def code(self) -> str:
        return self.spec.table_codes[0]


RECORDED_TABLES: tuple[RecordedTable, ...] = (
    RecordedTable(SPEC_12531_0043, "12531-0043.yaml", "data/resultfile", original="12531-0043_ffcsv.zip"),
    RecordedTable(SPEC_12411_01_01_4, "12411-01-01-4.yaml", "data/tablefile"),
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
    flat = parse_flat(data, original.path / name, code=table.code, language=table.language)
    frame = flat_to_extract(flat, table.spec, land)
    if frame.empty:
        raise InputError(original.path / name, f"no rows of Land {land}, its Kreise or Gemeinden to import")
    dates = sorted(frame["date"].unique())
    stem = f"{PREFIX}_{table.code}_{dates[0] if len(dates) == 1 else f'{dates[0]}_{dates[-1]}'}"
    server_name, url = SERVERS.get(answer.request.server, (answer.request.server, ""))
    title = re.sub(r"\s+", " ", metadata["Object"]["Content"]).strip()
    copyright_line = re.sub(r"\s+", " ", metadata["Copyright"]).strip()
    publisher = copyright_publisher(copyright_line)
    answered = answer.answered_at[:10]
    meta = SourceMeta(
        source_id=stem,
        title=title,
        publisher=publisher,
        table_code=table.code,
        reference_date=dates[-1],
        licence=LICENCE_DL_DE_BY_2_0,
        licence_url=LICENCE_DL_DE_BY_2_0_URL,
        source_url=url.format(statistic=flat.statistics_code, code=table.code) if url else answer.request.server,
        citation=f"{publisher}: Tabelle {table.code} {title}; abgerufen über die GENESIS-REST-API "
        f"({server_name}) am {answered} (aufgezeichnete Antwort)",
        original_file=original.path.name,
        original_sha256=original.sha256,
        retrieved_from=f"{original.retrieved_from} (recorded answer of {server_name} {answer.request.endpoint}, "
        f"{answered})",
        compiled_on=compiled_on,
        importer=__name__,
        coverage=coverage_text(frame),
        variables=table.spec.variable_labels(frame["variable"]),
        notes=[
            _request_note(answer, server_name),
            f"Title and publisher from the metadata answer of the same cassette: {copyright_line!r}.",
            *flat_notes(flat, table.spec, frame),
        ],
    )
    return write_extract(frame, meta, Path(raw_dir), stem)


def import_api_recorded(source_dir: Path, raw_dir: Path, compiled_on: str, land: str = "08") -> list[Path]:
    """Import every table of ``RECORDED_TABLES``; return the extracts written."""
    return [import_recorded_table(Path(source_dir), raw_dir, compiled_on, table, land) for table in RECORDED_TABLES]
