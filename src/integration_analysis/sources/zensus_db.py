"""Reader of CSV tables downloaded from the Zensus 2022 database (ergebnisse.zensus2022.de/datenbank).

Owns what differs from ``genesis``, on whose parser it builds: the database runs on GENESIS and its "CSV"
download is the same table layout, with these differences seen in real exports (tests/fixtures/zensus_db/
README.md names them): the first line is ``Tabelle: 1000A-0001`` (no "GENESIS-"), table codes look like
``1000A-0001``/``2000S-2003``, Gemeinden are keyed by the 12-digit Regionalschlüssel (ARS; Kreise by 5 digits,
Länder by 2, Deutschland by ``DG``), the Stichtag stands on a line of its own (``15.05.2022;;;;``) or in the
first column, and newer exports put a column of werterläuternde Zeichen beside each value column.

Also owns the spec shipped for "Personen nach Staatsangehörigkeit" by Gemeinde (population, Germans,
foreigners, share of foreigners; basis ``census_2022``, reference date 15.05.2022) and ``import_zensus_db``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import InputError
from .genesis import ColumnSpec, GenesisTable, TableSpec, read_genesis_table, write_table_extract

IMPORTER = "integration_analysis.sources.zensus_db"
CENSUS_DATE = "2022-05-15"
ZENSUS_URL = "https://ergebnisse.zensus2022.de/datenbank/online/statistic/{statistic}/table/{code}"

_ZENSUS_CODE = re.compile(r"\d{4}[A-Z]-\d{4}")

#: "Personen" by Staatsangehörigkeit (Insgesamt / Deutschland / Ausland) with the share of foreigners, by
#: Gemeinde. The table is recognised by its labels: the same breakdown is offered in several tables and
#: regional selections of the database, each with its own code. Not verified against a real download: the
#: Zensus 2022 files in ../shared/data are flat CSVs of the API (read by ``genesis_flat`` with the specs in
#: ``api_tables``); the labels follow tests/fixtures/zensus_db/README.md.
SPEC_NATIONALITY = TableSpec(
    name="zensus2022_staatsangehoerigkeit",
    columns={
        ("Personen", "Insgesamt", "Anzahl"): ColumnSpec("population"),
        ("Personen", "Deutschland", "Anzahl"): ColumnSpec("germans"),
        ("Personen", "Ausland", "Anzahl"): ColumnSpec("foreigners"),
        ("Personen", "Ausland", "%"): ColumnSpec("foreigners_share", unit="percent"),
    },
    basis="census_2022",
    date=CENSUS_DATE,
    source_url=ZENSUS_URL,
)


def read_zensus_table(path: Path) -> GenesisTable:
    """Read a table CSV from the Zensus 2022 database; a GENESIS table of another database is an error."""
    table = read_genesis_table(path)
    if table.code_prefix != "Tabelle" or not _ZENSUS_CODE.fullmatch(table.code):
        raise InputError(
            table.path,
            f"'{table.code_prefix}: {table.code}' is not a Zensus database table (first line 'Tabelle: "
            "1000A-0001'); read Regionalstatistik and GENESIS-Online tables with the genesis reader",
            line=1,
        )
    return table


def import_zensus_db(
    path: Path,
    raw_dir: Path,
    compiled_on: str,
    spec: TableSpec = SPEC_NATIONALITY,
    source_url: str | None = None,
) -> Path:
    """Import a Zensus database table CSV the user downloaded; return ``raw_dir/zensus_db_<code>_<date>.csv``."""
    table = read_zensus_table(path)
    url = source_url or spec.source_url.format(statistic=table.code.split("-")[0], code=table.code)
    return write_table_extract(table, spec, raw_dir, compiled_on, prefix="zensus_db", importer=IMPORTER, source_url=url)
