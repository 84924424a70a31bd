"""The area register extract: the Land, its Kreise and its municipalities as one edition of the municipality
register (GV-ISys) names them, with their Textkennzeichen (the register's kind of area: Landkreis, Stadtkreis,
Stadt, Gemeinde, …).

:mod:`.destatis_gv` reads the areas from the workbook; this module owns the extract's format, writing it and
reading it back. The extract ``destatis_gv_areas_<date>.json`` is a JSON document with one area per line
(``level``, ``ags``, ``name``, ``kind``), sorted by key; like the geometry extract it holds no figures: it is
verified by checksum like every extract but not loaded into the tidy data (``provenance.REGISTER_SUFFIX``).
:func:`read_area_register` reads it back and checks that every municipality lies in a Kreis of the register and
every Kreis in its Land; a malformed file is an ``InputError`` naming file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_bytes_atomic
from ..core.errors import InputError
from ..core.provenance import REGISTER_SUFFIX, SourceMeta, write_sidecar

SOURCE_PREFIX = "destatis_gv_areas_"
#: The register's Textkennzeichen of Kreise and municipalities (Destatis, GV-ISys, "Erläuterungen zum
#: Gemeindeverzeichnis"). The Land record has none.
KINDS: dict[str, str] = {
    "41": "kreisfreie Stadt",
    "42": "Stadtkreis",
    "43": "Kreis",
    "44": "Landkreis",
    "45": "Regionalverband",
    "60": "Markt",
    "61": "kreisfreie Stadt",
    "62": "Stadtkreis",
    "63": "Stadt",
    "64": "kreisangehörige Gemeinde",
    "67": "Große Kreisstadt",
}
_LEVEL_DIGITS = {"land": 2, "kreis": 5, "gemeinde": 8}


@dataclass(frozen=True)
class RegisterArea:
    """One area of the register: level (land, kreis, gemeinde), AGS, name as published, Textkennzeichen."""

    level: str
    ags: str
    name: str
    kind: str = ""


def register_source_id(date: str) -> str:
    """``destatis_gv_areas_2023-12-31`` for the edition of 31.12.2023."""
    return f"{SOURCE_PREFIX}{date}"


def format_register(areas: list[RegisterArea]) -> bytes:
    """The extract's bytes: one area per line, sorted by key (small diffs, readable)."""
    lines = [
        json.dumps({"level": a.level, "ags": a.ags, "name": a.name, "kind": a.kind}, ensure_ascii=False)
        for a in sorted(areas, key=lambda a: a.ags)
    ]
    return ('{"areas": [\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def write_area_register(areas: list[RegisterArea], meta: SourceMeta, raw_dir: Path) -> Path:
    """Write ``raw_dir/<source_id>.json`` and its sidecar; the areas are checked as :func:`read_area_register`
    would check them before anything is written."""
    path = Path(raw_dir) / f"{meta.source_id}{REGISTER_SUFFIX}"
    data = format_register(areas)
    _check(areas, path, {a.ags: n for n, a in enumerate(sorted(areas, key=lambda a: a.ags), 2)})
    meta.rows = len(areas)
    write_bytes_atomic(path, data)
    write_sidecar(path, meta)
    return path


def read_area_register(path: Path) -> list[RegisterArea]:
    """The areas of a register extract, in the file's order (by key)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the area register: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", line=exc.lineno, column=str(exc.colno)) from exc
    if not isinstance(document, dict) or not isinstance(document.get("areas"), list):
        raise InputError(path, "expected a document with a list 'areas'", line=1)
    areas, lines = [], {}
    for line, entry in enumerate(document["areas"], 2):
        if not isinstance(entry, dict) or set(entry) != {"level", "ags", "name", "kind"}:
            raise InputError(path, "an area has exactly the keys level, ags, name and kind", line=line)
        area = RegisterArea(**{k: entry[k] for k in ("level", "ags", "name", "kind")})
        if not all(isinstance(v, str) for v in (area.level, area.ags, area.name, area.kind)):
            raise InputError(path, "level, ags, name and kind are texts", line=line)
        if area.ags in lines:
            raise InputError(path, f"{area.ags} is listed twice (line {lines[area.ags]})", line=line, column="ags")
        lines[area.ags] = line
        areas.append(area)
    _check(areas, path, lines)
    return areas


def _check(areas: list[RegisterArea], path: Path, lines: dict[str, int]) -> None:
    """Keys of the right length, names given, kinds known, one Land, every area inside its parent."""
    keys = {a.ags: a for a in areas}
    for area in areas:
        line = lines.get(area.ags)
        if _LEVEL_DIGITS.get(area.level) != len(area.ags) or not area.ags.isdigit():
            raise InputError(path, f"{area.ags!r} is not the key of a {area.level!r}", line=line, column="ags")
        if not area.name.strip():
            raise InputError(path, f"{area.ags} has no name", line=line, column="name")
        if area.level != "land" and area.kind not in KINDS:
            raise InputError(path, f"{area.ags}: unknown Textkennzeichen {area.kind!r}", line=line, column="kind")
        parent = {"kreis": area.ags[:2], "gemeinde": area.ags[:5]}.get(area.level)
        if parent is not None and parent not in keys:
            raise InputError(path, f"{area.ags} ({area.name}) lies in no area {parent} of the register", line=line)
    if sum(a.level == "land" for a in areas) != 1:
        raise InputError(path, "the register holds exactly one Land", line=1)
