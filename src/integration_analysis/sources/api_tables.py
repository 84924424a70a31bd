"""The tables the project takes from the GENESIS REST APIs, and the import of one API answer into an extract.

GENESIS-Online (Destatis), the Regionaldatenbank (Regionalstatistik) and the Zensus 2022 database answer the same
REST interface (version 2020): a table comes as a flat CSV (``ffcsv``, read by ``genesis_flat``) and its title
and publisher come from the ``metadata/table`` answer. Owns:

- ``SERVERS``: the three servers (pystatis' name for each, its REST address, its name in citations, the address
  of a table's page);
- ``API_TABLES``: per table code its ``FlatSpec`` (codes checked against the recorded real answers in
  ``official/genesis-api-recorded``), its server and the request parameters the project asks for (those of the
  recorded answers: the whole table, every area; the importer keeps the Land's);
- ``import_api_answer``: one answer (flat CSV + metadata + request) → the extract ``genesis_api_<code>_<date>``
  with its sidecar. The recorded answers (``api_recorded``) and the downloads of ``integration-analysis update``
  (``data.update``) both go through it, so both are read, checked and described the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError
from ..core.german import format_date_de
from ..core.provenance import LICENCE_DL_DE_BY_2_0, LICENCE_DL_DE_BY_2_0_URL, SourceMeta
from .citizenships import citizenship_groups
from .extract import write_extract
from .genesis import REGIONALSTATISTIK_URL, ColumnSpec, copyright_publisher, coverage_text
from .genesis_flat import FlatSpec, flat_notes, flat_to_extract, parse_flat
from .official import OfficialFile
from .zensus_db import CENSUS_DATE, ZENSUS_URL

#: Source ids of the extracts from API answers start with this (``genesis_api_12531-0043_2024-12-31``).
PREFIX = "genesis_api"
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class Server:
    """One server of the GENESIS REST API."""

    #: pystatis' name of the database: ``genesis``, ``regio`` or ``zensus``.
    database: str
    name: str
    #: The REST address as pystatis has it by default (``…/rest/2020/``).
    rest_url: str
    #: The page of a table on the publisher's site ({statistic}, {code}).
    table_url: str

    @property
    def origin(self) -> str:
        """Scheme and host, e.g. ``https://www.regionalstatistik.de``."""
        return "/".join(self.rest_url.split("/")[:3])


SERVERS: dict[str, Server] = {
    server.database: server
    for server in (
        Server(
            "genesis",
            "GENESIS-Online (Statistisches Bundesamt)",
            "https://www-genesis.destatis.de/genesisWS/rest/2020/",
            "https://www-genesis.destatis.de/datenbank/online/statistic/{statistic}/table/{code}",
        ),
        Server(
            "regio",
            "Regionaldatenbank Deutschland (Regionalstatistik)",
            "https://www.regionalstatistik.de/genesisws/rest/2020/",
            REGIONALSTATISTIK_URL,
        ),
        Server("zensus", "Zensus 2022 Datenbank", "https://ergebnisse.zensus2022.de/api/rest/2020/", ZENSUS_URL),
    )
}


def server_at(origin: str) -> Server | None:
    """The server whose scheme and host are ``origin`` (as a recorded request names it), or None."""
    return next((s for s in SERVERS.values() if s.origin == origin), None)


# ----------------------------------------------------------------------------------------------------
# the specs (codes as in the recorded answers, see docs/data-vocabulary-api.md)

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
#: (``female_status_open_citizenship_syria``). Any reference date (the API serves the latest).
SPEC_12531_0043 = FlatSpec(
    name="genesis_12531-0043",
    statistics_code="12531",
    table_codes=("12531-0043",),
    regions=("KREISE",),
    values={"BEV030": ColumnSpec("protection_seekers")},
    dimensions={"GES": {"GESM": "male", "GESW": "female"}, _SCHST: _STATUSES, "STAAG5": citizenship_groups()},
    basis="foreigners_register",
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
#: und krfr. Städte" on the basis of the Zensus 2022, i.e. from the reference date 31.12.2022 on.
SPEC_12411_01_01_4 = FlatSpec(
    name="regionalstatistik_12411-01-01-4",
    statistics_code="12411",
    table_codes=("12411-01-01-4",),
    regions=("KREISE",),
    values={"BEVSTD": ColumnSpec("population")},
    dimensions={"GES": {"": "total", "GESM": "male", "GESW": "female"}},
    basis="update_census_2022",
    dates_from="2022-12-31",
    parts={("GES", ""): (("GES", "GESM"), ("GES", "GESW"))},
    sums=(("GES", ""),),
    notes=(
        "Basis: the population update on the basis of the Zensus 2022, which the statistical offices use from "
        "the reference date 31.12.2022 on. The flat CSV has no footnotes, so the spec ties the basis to the "
        "date: a cell dated before 31.12.2022 stops the import.",
        "The table's regional variable is KREISE only: there is no Land row (a Land figure summed from the "
        "Kreise is derived).",
    ),
)

#: Zensus 2022 database 1000A-0000 "Personen: Bevölkerungszahl" of Germany (GEODL1, value PRS001) and of every
#: municipality (GEOGM4 "Gemeinden (Gebietsstand 15.05.2022)", 12-digit ARS, value PRS018).
SPEC_1000A_0000 = FlatSpec(
    name="zensus2022_1000A-0000",
    statistics_code="1000A",
    table_codes=("1000A-0000",),
    regions=("GEODL1", "GEOGM4"),
    values={"PRS001": ColumnSpec("population"), "PRS018": ColumnSpec("population")},
    basis="census_2022",
    date=CENSUS_DATE,
    notes=(
        "Zensus 2022 result (15.05.2022, territory of that day), the municipalities keyed by the 12-digit "
        "Regionalschlüssel (ARS; the AGS is its Land, Regierungsbezirk, Kreis and last three digits). Cells are "
        "perturbed one by one (Cell-Key method): sums of municipalities may miss a published total.",
    ),
)

_AGES_10 = {
    "": "total",
    "ALT000B009": "age_00_10",
    "ALT010B019": "age_10_20",
    "ALT020B029": "age_20_30",
    "ALT030B039": "age_30_40",
    "ALT040B049": "age_40_50",
    "ALT050B059": "age_50_60",
    "ALT060B069": "age_60_70",
    "ALT070B079": "age_70_80",
    "ALT080BXXX": "age_80_plus",
}
_WDGAT2, _WDGAT1, _ALTGR2 = "WDGAT2", "WDGAT1", "ALTGR2"

#: Zensus 2022 database 1000A-2022: population by Einwanderungsgeschichte × age (10-year bands) for Germany
#: (GEODL1) and the Länder (GEOBL1). The same position holds two classifications: WDGAT2 ("ausführlich", with
#: the total) and WDGAT1, which splits "mit Einwanderungsgeschichte" into Eingewanderte and Nachkommen and
#: repeats WDGAT2's other two categories (left out). Groups: category first, age last
#: (``immigration_history_age_20_30``), as the plausibility rules read age bands.
SPEC_1000A_2022 = FlatSpec(
    name="zensus2022_1000A-2022",
    statistics_code="1000A",
    table_codes=("1000A-2022",),
    regions=("GEODL1", "GEOBL1"),
    values={"PRS001": ColumnSpec("population"), "PRS018": ColumnSpec("population")},
    dimensions={
        _WDGAT2: {
            "": "total",
            "WANDERUNG-X": "immigration_none",
            "WANDERUNG-EINS": "immigration_one_sided",
            "WANDERUNG-BEID": "immigration_history",
        },
        _WDGAT1: {
            "WANDERUNG-X": False,
            "WANDERUNG-EINS": False,
            "NACHKOMMEN": "immigration_descendants",
            "EINGEWANDERTE": "immigration_immigrated",
        },
        _ALTGR2: _AGES_10,
    },
    basis="census_2022",
    date=CENSUS_DATE,
    parts={
        (_ALTGR2, ""): tuple((_ALTGR2, code) for code in _AGES_10 if code),
        (_WDGAT2, ""): ((_WDGAT2, "WANDERUNG-X"), (_WDGAT2, "WANDERUNG-EINS"), (_WDGAT2, "WANDERUNG-BEID")),
        (_WDGAT2, "WANDERUNG-BEID"): ((_WDGAT1, "NACHKOMMEN"), (_WDGAT1, "EINGEWANDERTE")),
    },
    notes=(
        "Einwanderungsgeschichte (Zensus 2022): immigration_none + immigration_one_sided (one parent immigrated) "
        "+ immigration_history = total; immigration_history = immigration_immigrated (Eingewanderte) + "
        "immigration_descendants (Nachkommen). Not the 'Migrationshintergrund' of the Zensus 2011 and the "
        "Mikrozensus: never compare the two.",
        "Cells are perturbed one by one (Cell-Key method); with quality signs requested, empty cells print '-', "
        "without them they are left out of the export.",
    ),
)


# ----------------------------------------------------------------------------------------------------
# the tables


@dataclass(frozen=True)
class ApiTable:
    """A table the project fetches from an API: its spec, its server and how it is requested."""

    spec: FlatSpec
    database: str
    #: What the table holds, in one line (for ``update --help``).
    about: str
    #: pystatis' ``compress`` (leave out empty rows and columns) and ``quality`` (quality signs) parameters.
    compress: bool = False
    quality: bool = False

    @property
    def code(self) -> str:
        return self.spec.table_codes[0]

    @property
    def server(self) -> Server:
        return SERVERS[self.database]

    def parameters(self, language: str) -> dict[str, str]:
        """The form parameters of the ``data/tablefile`` request, in the order pystatis' ``Table.get_data``
        builds them (the same go to ``metadata/table``). Never credentials: pystatis sends those as headers."""
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        return {
            "area": "all",
            "compress": "true" if self.compress else "false",
            "endyear": "",
            "format": "ffcsv",
            "language": language,
            "name": self.code,
            "quality": "on" if self.quality else "off",
            "regionalkey": "",
            "regionalvariable": "",
            "stand": "",
            "startyear": "",
            "timeslices": "",
            "job": "false",
        }


#: The tables ``integration-analysis update`` fetches, by code.
API_TABLES: dict[str, ApiTable] = {
    table.code: table
    for table in (
        ApiTable(
            SPEC_12531_0043,
            "genesis",
            "protection seekers by Kreis × protection status × sex × citizenship, 31.12. (latest year)",
            compress=True,
        ),
        ApiTable(SPEC_12411_01_01_4, "regio", "population by Kreis and sex, 31.12. (latest year)"),
        ApiTable(SPEC_1000A_0000, "zensus", "Zensus 2022 population of every municipality, 15.05.2022"),
        ApiTable(
            SPEC_1000A_2022,
            "zensus",
            "Zensus 2022 population by Einwanderungsgeschichte × age, Germany and Länder, 15.05.2022",
            quality=True,
        ),
    )
}


# ----------------------------------------------------------------------------------------------------
# the import of one answer


@dataclass(frozen=True)
class ApiAnswer:
    """One table as an API delivered it: the flat CSV, the metadata answer and how it was asked for."""

    table: ApiTable
    language: str
    #: The flat CSV as delivered and the path that names it in errors.
    data: bytes
    path: Path
    #: The JSON answer of ``metadata/table`` for the table.
    metadata: dict
    #: When the server delivered it: ISO 8601 in UTC.
    answered_at: str
    #: The request in words (server, method, address, parameters without credentials), for the sidecar.
    request_note: str
    #: The file kept as it was delivered (a cassette, its ZIP, or a download of ``update``).
    original: OfficialFile
    #: A recorded answer (cassette) rather than one fetched by the project itself.
    recorded: bool = False


def table_title(metadata: dict, path: Path, code: str) -> tuple[str, str]:
    """The title (``Object.Content``) and the © line (``Copyright``) of a metadata answer, whitespace folded."""
    item = metadata.get("Object")
    title = item.get("Content") if isinstance(item, dict) else None
    copyright_line = metadata.get("Copyright")
    if not isinstance(title, str) or not title.strip():
        raise InputError(path, f"the metadata answer for table {code} has no title", column="Object.Content")
    if not isinstance(copyright_line, str) or not copyright_line.strip():
        raise InputError(path, f"the metadata answer for table {code} has no copyright line", column="Copyright")
    return re.sub(r"\s+", " ", title).strip(), re.sub(r"\s+", " ", copyright_line).strip()


def import_api_answer(answer: ApiAnswer, raw_dir: Path, compiled_on: str, land: str, importer: str) -> Path:
    """Read, check and write one answer as the extract ``genesis_api_<code>_<date(s)>``; return its path."""
    table = answer.table
    flat = parse_flat(answer.data, answer.path, code=table.code, language=answer.language)
    frame = flat_to_extract(flat, table.spec, land)
    if frame.empty:
        raise InputError(answer.path, f"no rows of Land {land}, its Kreise or Gemeinden to import")
    title, copyright_line = table_title(answer.metadata, answer.path, table.code)
    dates = sorted(frame["date"].unique())
    stem = f"{PREFIX}_{table.code}_{dates[0] if len(dates) == 1 else f'{dates[0]}_{dates[-1]}'}"
    server = table.server
    publisher = copyright_publisher(copyright_line)
    retrieved_on = answer.answered_at[:10]
    fetched = "of the same cassette" if answer.recorded else "fetched with it"
    meta = SourceMeta(
        source_id=stem,
        title=title,
        publisher=publisher,
        table_code=table.code,
        reference_date=dates[-1],
        licence=LICENCE_DL_DE_BY_2_0,
        licence_url=LICENCE_DL_DE_BY_2_0_URL,
        source_url=server.table_url.format(statistic=flat.statistics_code, code=table.code),
        citation=f"{publisher}: Tabelle {table.code} {title}; abgerufen über die GENESIS-REST-API ({server.name}) "
        + (f"am {retrieved_on} (aufgezeichnete Antwort)" if answer.recorded else f"am {format_date_de(retrieved_on)}"),
        original_file=answer.original.path.name,
        original_sha256=answer.original.sha256,
        retrieved_from=answer.original.retrieved_from,
        compiled_on=compiled_on,
        importer=importer,
        coverage=coverage_text(frame),
        retrieved_on=retrieved_on,
        variables=table.spec.variable_labels(frame["variable"]),
        notes=[
            answer.request_note,
            f"Title and publisher from the metadata answer {fetched}: {copyright_line!r}.",
            *flat_notes(flat, table.spec, frame),
        ],
    )
    return write_extract(frame, meta, Path(raw_dir), stem)
