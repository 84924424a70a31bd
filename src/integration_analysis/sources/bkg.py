"""Importer of the BKG boundaries (VG5000, 01.01.2021): the Land's municipality and Kreis outlines for the maps.

The shapefiles in ``official/bkg-vg5000/`` (``VG5000_GEM`` and ``VG5000_KRS``, Gauß-Krüger zone 3, EPSG:31467)
are read with ``pyshp`` and written as one compact JSON extract ``bkg_vg5000_2021-01-01.geojson``: a
FeatureCollection-like document with one feature per line, each with ``level`` (``gemeinde`` or ``kreis``),
``ags``, ``name`` and ``rings`` (the shapefile's parts in their order and orientation: outer rings clockwise,
holes counter-clockwise), coordinates rounded to whole metres and repeated points dropped. Rounding changes the
geometry, so the attribution is "© GeoBasis-DE / BKG 2021 (Daten verändert)". The extract holds no figures: it
is verified by checksum like every extract, but not loaded into the tidy data (``provenance.GEOMETRY_SUFFIX``).
:func:`read_geometries` reads it back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import shapefile

from ..core.atomic import write_bytes_atomic
from ..core.errors import InputError
from ..core.provenance import GEOMETRY_SUFFIX, LICENCE_DL_DE_BY_2_0, LICENCE_DL_DE_BY_2_0_URL, SourceMeta, write_sidecar
from .official import OfficialFile, locate_official_file

FOLDER = "bkg-vg5000"
REFERENCE_DATE = "2021-01-01"
SOURCE_ID = f"bkg_vg5000_{REFERENCE_DATE}"
CRS = "EPSG:31467"
#: The attribution the licence asks for; "(Daten verändert)" since the coordinates are rounded.
ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
BKG_URL = "https://www.bkg.bund.de"
#: The layers imported: level of the areas → shapefile (without suffix).
LAYERS = {"gemeinde": "VG5000_GEM", "kreis": "VG5000_KRS"}
_SHAPE_SUFFIXES = (".shp", ".shx", ".dbf")


@dataclass(frozen=True)
class Area:
    """One area's outline: level, AGS, name and rings of (x, y) in metres (EPSG:31467)."""

    level: str
    ags: str
    name: str
    rings: tuple[tuple[tuple[int, int], ...], ...]


def _rounded_rings(shape: shapefile.Shape) -> list[list[list[int]]]:
    bounds = [*shape.parts, len(shape.points)]
    rings = []
    for start, end in zip(bounds[:-1], bounds[1:], strict=True):
        ring: list[list[int]] = []
        for x, y in shape.points[start:end]:
            point = [round(x), round(y)]
            if not ring or ring[-1] != point:
                ring.append(point)
        if len(ring) >= 4:
            rings.append(ring)
    return rings


def _read_layer(files: dict[str, OfficialFile], level: str, land: str) -> list[dict]:
    path = files[".shp"].path
    try:
        reader = shapefile.Reader(str(path.with_suffix("")), encoding="utf-8")
    except (shapefile.ShapefileException, OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the shapefile: {exc}") from exc
    features = []
    with reader:
        for number, record in enumerate(reader.iterShapeRecords(), 1):
            ags = record.record["AGS"]
            if not isinstance(ags, str) or not ags.isdigit():
                raise InputError(files[".dbf"].path, f"AGS {ags!r} is not a key of digits", line=number, column="AGS")
            if not ags.startswith(land):
                continue
            if record.shape.shapeType != shapefile.POLYGON:
                kind = record.shape.shapeType
                raise InputError(path, f"{ags}: expected a polygon, found shape type {kind}", line=number)
            rings = _rounded_rings(record.shape)
            if not rings:
                raise InputError(path, f"{ags}: no ring of at least three points", line=number)
            features.append({"level": level, "ags": ags, "name": record.record["GEN"], "rings": rings})
    if not features:
        raise InputError(path, f"no area of the Land {land}")
    keys = [f["ags"] for f in features]
    if len(set(keys)) != len(keys):
        raise InputError(path, f"an AGS occurs twice: {sorted({k for k in keys if keys.count(k) > 1})}")
    return sorted(features, key=lambda f: f["ags"])


def format_geometries(features: list[dict]) -> bytes:
    """The extract's bytes: a JSON document with one feature per line (small diffs, readable)."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = json.dumps({"type": "FeatureCollection", "crs": CRS}, separators=(",", ":"))[:-1]
    return (head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def import_bkg(source_dir: Path, raw_dir: Path, compiled_on: str, land: str = "08") -> list[Path]:
    """Write the Land's municipality and Kreis outlines as ``raw_dir/bkg_vg5000_2021-01-01.geojson``."""
    layers = {
        level: {s: locate_official_file(Path(source_dir), f"{FOLDER}/{name}{s}") for s in _SHAPE_SUFFIXES}
        for level, name in LAYERS.items()
    }
    features = [f for level, files in layers.items() for f in _read_layer(files, level, land)]
    path = Path(raw_dir) / f"{SOURCE_ID}{GEOMETRY_SUFFIX}"
    write_bytes_atomic(path, format_geometries(features))
    main = layers["gemeinde"][".shp"]
    others = [files[s] for files in layers.values() for s in _SHAPE_SUFFIXES if files[s] is not main]
    counts = {level: sum(f["level"] == level for f in features) for level in LAYERS}
    meta = SourceMeta(
        source_id=SOURCE_ID,
        title="Verwaltungsgebiete 1:5 000 000 (VG5000), Gemeinden und Kreise",
        publisher="Bundesamt für Kartographie und Geodäsie (BKG)",
        table_code="VG5000",
        reference_date=REFERENCE_DATE,
        licence=LICENCE_DL_DE_BY_2_0,
        licence_url=LICENCE_DL_DE_BY_2_0_URL,
        source_url=BKG_URL,
        citation=ATTRIBUTION,
        original_file=main.path.name,
        original_sha256=main.sha256,
        retrieved_from=main.retrieved_from,
        compiled_on=compiled_on,
        importer=__name__,
        coverage=f"Land {land}: {counts['gemeinde']} municipalities, {counts['kreis']} Kreise",
        rows=len(features),
        notes=[
            "Geometry, not figures: verified by checksum, not loaded into the tidy data.",
            f"Coordinates in {CRS} (Gauß-Krüger zone 3) rounded to whole metres, repeated points dropped: "
            "the geometry is changed, hence '(Daten verändert)' in the attribution.",
            "Also read: " + ", ".join(f"{f.path.name} (sha256 {f.sha256[:12]}…)" for f in others) + ".",
        ],
    )
    write_sidecar(path, meta)
    return [path]


def read_geometries(path: Path) -> dict[str, Area]:
    """The areas of a geometry extract by AGS; a malformed file is an ``InputError`` naming file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the geometry extract: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", line=exc.lineno, column=str(exc.colno)) from exc
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        raise InputError(path, "expected a FeatureCollection with a list 'features'", line=1)
    areas = {}
    for line, feature in enumerate(document["features"], 2):
        try:
            area = Area(
                level=str(feature["level"]),
                ags=str(feature["ags"]),
                name=str(feature["name"]),
                rings=tuple(tuple((int(x), int(y)) for x, y in ring) for ring in feature["rings"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(path, f"malformed feature: {exc!r}", line=line) from exc
        areas[area.ags] = area
    return areas
