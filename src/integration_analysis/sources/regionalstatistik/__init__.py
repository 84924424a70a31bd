"""Importer of the Regionalstatistik tables in ``official/regionalstatistik-2017`` (GENESIS table CSV).

Each spec module exposes ``SPECS``, a ``TableSpec`` per file name (``population``: population, employment and
unemployment; ``topics``: the Kreis tables on naturalisation, migration, schools, day care, social assistance
and the Zensus 2011 by qualification, employment status and migration background). For each file the importer
checks it against the published checksum list, parses it with the generic GENESIS reader, keeps the Land, its
Kreise and its municipalities of the municipality register (``areas``) and writes the extract
``regionalstatistik_<code>_<date>`` with its sidecar. The vocabulary is in docs/data-vocabulary.md and
docs/data-vocabulary-topics.md.
"""

from __future__ import annotations

from pathlib import Path

from ..genesis import TableSpec, read_genesis_table, to_extract, write_table_extract
from ..official import locate_official_file
from . import population, topics
from .areas import Registers, select_areas

SOURCE_SUBDIR = "regionalstatistik-2017"
PREFIX = "regionalstatistik"

#: Every imported file of ``official/regionalstatistik-2017`` and its spec.
SPECS: dict[str, TableSpec] = {**population.SPECS, **topics.SPECS}


def import_regionalstatistik(source_dir: Path, staging: Path, compiled_on: str, land: str) -> list[Path]:
    """Write one extract with sidecar per file in ``SPECS`` to ``staging``; return the extract paths."""
    registers = Registers(source_dir, land)
    written: list[Path] = []
    for file_name, spec in SPECS.items():
        official = locate_official_file(source_dir, f"{SOURCE_SUBDIR}/{file_name}")
        table = read_genesis_table(official.path)
        frame = to_extract(table, spec, land)
        frame, notes = select_areas(table, frame, registers.at(max(frame["date"])), land)
        written.append(
            write_table_extract(
                table,
                spec,
                staging,
                compiled_on,
                prefix=PREFIX,
                importer=__name__,
                land=land,
                frame=frame,
                notes=notes,
                origin=official,
            )
        )
    return written
