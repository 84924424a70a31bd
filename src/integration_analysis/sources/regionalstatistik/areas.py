"""Which areas of a Regionalstatistik table reach the extract: those of the municipality register, all of them.

The tables list every area the statistical offices keyed at their depth, former municipalities and
gemeindefreie Gebiete included (in Baden-Württemberg 13 such rows, e.g. Betzweiler-Wälde, merged in 2007,
all '-'; Gutsbezirk Münsingen with figures up to 31.12.2010). The reference is the Destatis municipality
register (``official/destatis-gv``), in the edition nearest the table's dates: the latest on or before the
table's last date, else the earliest.

- A Kreis table ("regionale Tiefe: Kreise …") must hold the Land and every Kreis of the register; a municipal
  table ("regionale Tiefe: Gemeinden …") also every municipality, except those of kreisfreie Städte (a Kreis
  with one municipality in the register), whose figures are the Kreis row. A missing area is an
  ``InputError`` at the line of the area it belongs to (its Kreis, or the Land), column "region key".
- Rows of areas the register does not know are left out; the sidecar notes name them and say whether they
  carried figures.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...core.errors import InputError
from ...core.schema import FLAGS_WITH_VALUE
from ..destatis_gv import edition_date, list_register_files, read_destatis_gv_table
from ..genesis import KEY_COLUMN, GenesisTable

_DEPTHS = {"regionale Tiefe: Gemeinden": "gemeinde", "regionale Tiefe: Kreise": "kreis"}
#: The phrase anywhere in a title line; 22543-01-02-4 misprints it as "regional Tiefe".
_DEPTH_PHRASE = re.compile(r"regionale? Tiefe: (?P<depth>Gemeinden|Kreise)")


@dataclass(frozen=True)
class Register:
    """One edition of the municipality register for one Land: its Kreise and municipalities with names."""

    date: str
    kreise: dict[str, str]
    municipalities: dict[str, str]


class Registers:
    """The editions of the municipality register in ``official/destatis-gv`` for one Land."""

    def __init__(self, source_dir: Path, land: str) -> None:
        self._files = {edition_date(path): path for path in list_register_files(source_dir)}
        self._land = land

    def at(self, when: str) -> Register:
        """The edition for figures dated ``when`` (a year counts as its 31 December)."""
        day = f"{when}-12-31" if len(when) == 4 else when
        dates = sorted(self._files)
        path = self._files[max((d for d in dates if d <= day), default=dates[0])]
        stat = path.stat()
        return _read_register(path, (stat.st_size, stat.st_mtime_ns), self._land)


@functools.lru_cache(maxsize=8)
def _read_register(path: Path, stamp: tuple[int, int], land: str) -> Register:
    """One edition read (the workbook takes seconds); ``stamp`` (size, mtime) renews the cache when it changes."""
    gv = read_destatis_gv_table(path, land)
    return Register(gv.reference_date, gv.kreise, dict(zip(gv.frame["ags"], gv.frame["area_name"], strict=True)))


def table_depth(table: GenesisTable) -> str:
    """'gemeinde' or 'kreis', from the title line 'regionale Tiefe: …'."""
    for title in table.title_lines:
        if match := _DEPTH_PHRASE.search(title):
            return _DEPTHS[f"regionale Tiefe: {match.group('depth')}"]
    raise InputError(
        table.path,
        f"the title names no regional depth ({' or '.join(repr(p + ' …') for p in _DEPTHS)})",
        line=1,
    )


def select_areas(
    table: GenesisTable, frame: pd.DataFrame, register: Register, land: str
) -> tuple[pd.DataFrame, list[str]]:
    """The rows of ``frame`` (an extract of ``table`` for ``land``) of the register's areas, and notes on the rest.

    Raises ``InputError`` where an area of the register is missing.
    """
    per_kreis = Counter(ags[:5] for ags in register.municipalities)
    expected = {land: "the Land", **{key: f"Kreis {key} {name}" for key, name in register.kreise.items()}}
    if table_depth(table) == "gemeinde":
        expected |= {
            ags: f"municipality {ags} {name}" for ags, name in register.municipalities.items() if per_kreis[ags[:5]] > 1
        }
    present = set(frame["ags"])
    missing = sorted(set(expected) - present, key=lambda key: (len(key), key))
    if missing:
        ags = missing[0]
        parent = next((p for p in (ags[:5], ags[:2]) if p != ags and p in present), None)
        line = int(table.frame.loc[table.frame["ags"] == parent, "line"].min()) if parent else table.header_line
        more = f" ({len(missing) - 1} more area(s) missing)" if len(missing) > 1 else ""
        raise InputError(
            table.path,
            f"{expected[ags]} (municipality register of {register.date}) is missing"
            + (f" from the rows of {parent} (this line)" if parent else "")
            + more,
            line=line,
            column=KEY_COLUMN,
        )
    known = set(expected) | set(register.municipalities)
    keep = frame["ags"].isin(known)
    return frame[keep], _left_out_notes(frame[~keep], register)


def _left_out_notes(rows: pd.DataFrame, register: Register) -> list[str]:
    if rows.empty:
        return []
    areas = []
    for ags, group in rows.groupby("ags", sort=True):
        with_figures = sorted(group.loc[group["flag"].isin(list(FLAGS_WITH_VALUE)), "date"].unique())
        markers = ", ".join(repr(flag) for flag in sorted(set(group["flag"])))
        figures = f"figures on {', '.join(with_figures)}" if with_figures else f"only {markers}"
        areas.append(f"{ags} {group['area_name'].iloc[0]} ({figures})")
    return [
        f"Left out: {len(areas)} area(s) of the file that the municipality register of {register.date} does not "
        f"list (former municipalities, gemeindefreie Gebiete): {'; '.join(areas)}."
    ]
