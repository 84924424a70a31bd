"""The area register of the municipality register (GV-ISys): the Land, its Kreise with their Textkennzeichen and
its municipalities, read from the real workbooks and from the extract in data/raw; malformed extracts fail with
file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import sample_meta

from integration_analysis.core.errors import InputError
from integration_analysis.core.paths import RAW_DIR
from integration_analysis.core.provenance import read_sidecar, sidecar_path, verify_extract
from integration_analysis.sources.area_register import RegisterArea, read_area_register, write_area_register
from integration_analysis.sources.destatis_gv import read_destatis_gv_table

GV_2023 = Path("official") / "destatis-gv" / "31122023_Auszug_GV.xlsx"


@pytest.fixture(scope="module")
def areas_2023(shared_data: Path) -> dict[str, RegisterArea]:
    return {a.ags: a for a in read_destatis_gv_table(shared_data / GV_2023).areas}


def test_the_2023_workbook_names_land_kreise_and_municipalities_with_their_kinds(areas_2023):
    # sheet 2, row 6997: 10 | | 08 | … | Baden-Württemberg
    assert areas_2023["08"] == RegisterArea("land", "08", "Baden-Württemberg", "")
    # row 7521: 40 | 44 | 08 | 2 | 15 | | | Karlsruhe  (44 = Landkreis, the name without the word)
    assert areas_2023["08215"] == RegisterArea("kreis", "08215", "Karlsruhe", "44")
    # row 7742: 40 | 42 | 08 | 2 | 31 | | | Pforzheim, Stadtkreis  (42 = Stadtkreis)
    assert areas_2023["08231"] == RegisterArea("kreis", "08231", "Pforzheim, Stadtkreis", "42")
    # row 7515: 40 | 42 | 08 | 2 | 11 | | | Baden-Baden, Stadtkreis
    assert areas_2023["08211"].name == "Baden-Baden, Stadtkreis"
    # row 7561: 60 | 67 | 08 | 2 | 15 | 5003 | 009 | Bruchsal, Stadt  (67 = Große Kreisstadt)
    assert areas_2023["08215009"] == RegisterArea("gemeinde", "08215009", "Bruchsal, Stadt", "67")
    # row 7744: 60 | 62 | 08 | 2 | 31 | 0000 | 000 | Pforzheim, Stadt
    assert areas_2023["08231000"].kind == "62"
    levels = [a.level for a in areas_2023.values()]
    assert levels.count("land") == 1 and levels.count("kreis") == 44 and levels.count("gemeinde") == 1101
    assert "08317971" not in areas_2023  # the gemeindefreie Gebiete are no municipalities


def test_the_extract_in_data_raw_is_verified_and_reads_back():
    path = RAW_DIR / "destatis_gv_areas_2023-12-31.json"
    meta = verify_extract(path)
    assert meta.source_id == "destatis_gv_areas_2023-12-31" and meta.original_file == "31122023_Auszug_GV.xlsx"
    areas = read_area_register(path)
    assert len(areas) == meta.rows == 1 + 44 + 1101
    # line 363 of the extract: {"level": "kreis", "ags": "08215", "name": "Karlsruhe", "kind": "44"}
    assert path.read_text(encoding="utf-8").splitlines()[362] == (
        '{"level": "kreis", "ags": "08215", "name": "Karlsruhe", "kind": "44"},'
    )
    assert sum(a.ags.startswith("08215") and a.level == "gemeinde" for a in areas) == 32
    assert sum(a.ags.startswith("08236") and a.level == "gemeinde" for a in areas) == 28


def test_the_area_registers_of_every_edition_are_in_data_raw():
    names = sorted(p.name for p in RAW_DIR.glob("destatis_gv_areas_*.json"))
    assert names == [f"destatis_gv_areas_{y}-12-31.json" for y in (2013, 2016, 2017, 2021, 2023)]
    for path in RAW_DIR.glob("destatis_gv_areas_*.json"):
        assert "not loaded into the tidy data" in read_sidecar(sidecar_path(path)).notes[0]


# --- malformed extracts -----------------------------------------------------------------------------------------

GOOD = [
    {"level": "land", "ags": "08", "name": "Baden-Württemberg", "kind": ""},
    {"level": "kreis", "ags": "08236", "name": "Enzkreis", "kind": "44"},
    {"level": "gemeinde", "ags": "08236070", "name": "Keltern", "kind": "64"},
]


def write(path: Path, entries: list[dict]) -> Path:
    lines = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
    path.write_text('{"areas": [\n' + lines + "\n]}\n", encoding="utf-8")
    return path


def test_a_small_register_writes_and_reads_back(tmp_path):
    areas = [RegisterArea(**e) for e in GOOD]
    path = write_area_register(areas, sample_meta("destatis_gv_areas_2023-12-31"), tmp_path)
    assert path.name == "destatis_gv_areas_2023-12-31.json"
    assert read_area_register(path) == areas
    assert verify_extract(path).rows == 3


@pytest.mark.parametrize(
    ("change", "line", "column", "message"),
    [
        (lambda e: e[2].update(ags="08235070"), 4, None, "lies in no area 08235"),
        (lambda e: e[1].update(kind="99"), 3, "kind", "unknown Textkennzeichen '99'"),
        (lambda e: e[2].update(ags="0823607"), 4, "ags", "is not the key of a 'gemeinde'"),
        (lambda e: e[2].update(name=" "), 4, "name", "has no name"),
        (lambda e: e.append(dict(e[2])), 5, "ags", "listed twice (line 4)"),
        (lambda e: e[2].pop("kind"), 4, None, "exactly the keys"),
        (lambda e: e.pop(0), 1, None, "lies in no area 08"),
    ],
)
def test_a_malformed_register_names_file_and_line(tmp_path, change, line, column, message):
    entries = [dict(e) for e in GOOD]
    change(entries)
    path = write(tmp_path / "destatis_gv_areas_2023-12-31.json", entries)
    with pytest.raises(InputError) as info:
        read_area_register(path)
    assert info.value.path == path and message in info.value.message
    if line != 1:  # a missing Land is found at the municipality that lacks it, or at the top
        assert info.value.line == line and info.value.column == column


def test_a_cut_register_is_not_json(tmp_path):
    path = tmp_path / "destatis_gv_areas_2023-12-31.json"
    write(path, GOOD)
    path.write_text(path.read_text(encoding="utf-8")[:-8], encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as info:
        read_area_register(path)
    assert info.value.line is not None
