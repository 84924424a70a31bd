"""The two GENESIS readers against every real file of their format in ../shared/data, and the shipped specs against
the real files they are written for.

- The table-CSV reader (``sources.genesis``) over every Regionalstatistik table of ``official/regionalstatistik-2017``
  (all 47, not only the imported ones).
- The flat-CSV reader (``sources.genesis_flat``) over every flat CSV in the recorded API answers of
  ``official/genesis-api-recorded`` — GENESIS-Online, the Regionaldatenbank and the Zensus 2022 database, German and
  English, with and without quality signs — and over ``12531-0043_ffcsv.zip``.
- Each reader refuses the other format and names the right one.
- The flat specs of ``api_tables.API_TABLES`` read their recorded answers (every line checked, all Länder), and
  the shipped table spec of ``genesis.GENESIS_SPECS`` reads its real file where one exists: 12411-03-03-4 yes;
  12521-01-01-4 has no real file here nor in any public repository searched, so its spec stays marked unverified
  (``test_the_unverified_spec_says_so``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from integration_analysis.core.errors import InputError
from integration_analysis.core.paths import SHARED_DATA_DIR
from integration_analysis.sources import genesis
from integration_analysis.sources.api_recorded import single_flat_file
from integration_analysis.sources.api_tables import API_TABLES
from integration_analysis.sources.cassettes import read_cassette, unzip_members
from integration_analysis.sources.genesis import GENESIS_SPECS, parse_genesis, read_genesis_table, to_extract
from integration_analysis.sources.genesis_flat import flat_to_extract, parse_flat

pytestmark = pytest.mark.shared_data

TABLES = SHARED_DATA_DIR / "official" / "regionalstatistik-2017"
RECORDED = SHARED_DATA_DIR / "official" / "genesis-api-recorded"


def _names(folder: Path, pattern: str) -> list[str]:
    """The file names to parametrise over (none where the shared data are absent: the fixture skips then)."""
    return sorted(p.name for p in folder.glob(pattern)) if folder.is_dir() else []


CLASSIC_FILES = _names(TABLES, "*.csv")
RECORDED_FILES = _names(RECORDED, "*.yaml") + _names(RECORDED, "*.zip")


def flat_files(path: Path) -> list[tuple[str, str, bytes]]:
    """Every flat CSV in a cassette's ZIP answers or in a ZIP: (where, member name, bytes)."""
    if path.suffix == ".zip":
        name, data = single_flat_file(unzip_members(path.read_bytes(), path), path)
        return [(path.name, name, data)]
    found = []
    for answer in read_cassette(path).interactions:
        if answer.status == 200 and answer.content_type == "application/zip":
            name, data = single_flat_file(answer.files(), path)
            found.append((answer.key, name, data))
    return found


def test_the_shared_folders_hold_what_these_tests_read(shared_data):
    assert len(CLASSIC_FILES) == 47
    assert RECORDED_FILES == [
        "1000A-0000.yaml",
        "1000A-2022.yaml",
        "12411-01-01-4.yaml",
        "12531-0043.yaml",
        "13111-01-03-4.yaml",
        "AI-N-01-2-5.yaml",
        "12531-0043_ffcsv.zip",
    ]


@pytest.mark.parametrize("name", CLASSIC_FILES)
def test_the_table_csv_reader_reads_every_regionalstatistik_table(shared_data, name):
    table = read_genesis_table(TABLES / name)
    assert table.code == name.split("_")[0].removesuffix(".csv") and table.code_prefix == "GENESIS-Tabelle"
    frame = table.frame
    # every cell is a number or an official marker, and the footer was found (the file is complete)
    assert len(frame) > 0 and (frame["value"].notna() | (frame["flag"] != "")).all()
    # "Stand: 10.10.2017 / …" in every footer (SOURCES.md) but the naturalisations' (downloaded later)
    assert table.stand.startswith("27.02.2018" if table.code == "12511-01-01-4" else "10.10.2017")
    assert "08236" in set(frame["ags"])  # all of Germany, the Enzkreis included
    with pytest.raises(InputError, match=r"line 1: .*GENESIS table CSV .* read it with sources\.genesis"):
        parse_flat((TABLES / name).read_bytes(), TABLES / name)


@pytest.mark.parametrize("name", RECORDED_FILES)
def test_the_flat_reader_reads_every_recorded_answer(shared_data, name):
    files = flat_files(RECORDED / name)
    assert files, f"{name}: no flat CSV in it"
    for where, member, data in files:
        path = RECORDED / name / member
        table = parse_flat(data, path)
        code = member.split("_")[0]
        assert table.code == code and table.statistics_code, where
        # the statistic opens the table code, except in the Regionalatlas (AI-N-01-2-5: statistic 99910)
        assert table.statistics_code == ("99910" if code.startswith("AI") else code[:5]), where
        lines = data.decode("utf-8-sig").splitlines()
        assert len(table.frame) == len(lines) - 1, where  # every line after the header is one cell
        assert table.language in {"de", "en", ""}, where
        assert (table.frame["value"].notna() | (table.frame["flag"] != "")).all(), where
        with pytest.raises(InputError, match=r"line 1: .*not a GENESIS table CSV but the flat 'ffcsv' export"):
            parse_genesis(data, path)


@pytest.mark.parametrize("code", list(API_TABLES))
def test_every_flat_spec_reads_its_recorded_answers(shared_data, code):
    spec = API_TABLES[code].spec
    checked = 0
    for name in RECORDED_FILES:
        for where, member, data in flat_files(RECORDED / name):
            if member.startswith(f"{code}_"):
                frame = flat_to_extract(parse_flat(data, RECORDED / name / member), spec)  # every Land
                assert not frame.empty and set(frame["basis"]) == {spec.basis}, where
                checked += 1
    # 12531-0043: the cassette and the ZIP cut from it; 12411: de + en; 1000A-0000: de, en, de; 1000A-2022: ±quality
    assert checked == {"12531-0043": 2, "12411-01-01-4": 2, "1000A-0000": 3, "1000A-2022": 2}[code]


def test_the_shipped_table_spec_reads_its_real_file(shared_data):
    frame = to_extract(read_genesis_table(TABLES / "12411-03-03-4_00.csv"), GENESIS_SPECS["12411-03-03-4"], "08")
    # the Land, 4 Regierungsbezirke are not kept, 44 Kreise: 45 areas × 3 nationalities × 3 sexes on 31.12.2015
    assert len(frame) == 45 * 9 and set(frame["date"]) == {"2015-12-31"}
    assert set(frame["basis"]) == {"update_census_2011"}  # from the footer "… auf Grundlage des Zensus 2011"


def test_the_unverified_spec_says_so():
    source = Path(genesis.__file__).read_text(encoding="utf-8")
    comment = source[: source.index("SPEC_12521_01_01_4 = ")].rsplit("\n\n", 1)[-1]
    assert re.search(r"not verified against a real download", comment, re.IGNORECASE)
    assert "12521-01-01-4" not in " ".join(CLASSIC_FILES + RECORDED_FILES)
