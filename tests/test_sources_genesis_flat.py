"""GENESIS flat CSV (ffcsv): the recorded real answers, the specs of the imported tables, strict errors.

Real files: the flat CSVs inside the recorded API answers in ../shared/data/official/genesis-api-recorded (read
with the cassette reader) and ``12531-0043_ffcsv.zip``. Every hand-checked number names the line of the flat
CSV it was read from. The malformed variants are made from the real files in tmp_path.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from integration_analysis.core.errors import InputError
from integration_analysis.core.provenance import LICENCE_DL_DE_BY_2_0, read_sidecar, sidecar_path
from integration_analysis.core.schema import BASES, VARIABLES
from integration_analysis.sources.api_recorded import (
    RECORDED_TABLES,
    data_answer,
    import_recorded_table,
    single_flat_file,
)
from integration_analysis.sources.api_tables import (
    API_TABLES,
    SPEC_1000A_0000,
    SPEC_1000A_2022,
    SPEC_12411_01_01_4,
    SPEC_12531_0043,
)
from integration_analysis.sources.cassettes import read_cassette, unzip_members
from integration_analysis.sources.citizenships import CITIZENSHIP_NAMES
from integration_analysis.sources.extract import read_extract
from integration_analysis.sources.genesis import parse_genesis
from integration_analysis.sources.genesis_flat import (
    detect_layout,
    flat_columns,
    flat_to_extract,
    flat_value,
    parse_flat,
    read_flat,
)
from integration_analysis.sources.official import allow_user_files

pytestmark = pytest.mark.shared_data

RAW_DIR = Path(__file__).parents[1] / "data" / "raw"
CLASSIC = Path(__file__).parent / "fixtures" / "genesis" / "12521-01-01-4_utf8bom.csv"
BOM = b"\xef\xbb\xbf"


def recorded_flat(shared_data: Path, cassette: str, code: str, language: str = "de", **find) -> tuple[Path, bytes]:
    """The flat CSV of the first ZIP answer for ``code`` in ``language`` (path: cassette / member name)."""
    path = shared_data / "official" / "genesis-api-recorded" / cassette
    found = read_cassette(path)
    if find:
        answer = next(i for i in found.find("data/tablefile", **find) if i.content_type == "application/zip")
    else:
        answer = data_answer(found, code, "data/tablefile", language)
    name, data = single_flat_file(answer.files(), path)
    return path / name, data


@pytest.fixture(scope="module")
def flat_12531(shared_data):
    path = shared_data / "official" / "genesis-api-recorded" / "12531-0043_ffcsv.zip"
    name, data = single_flat_file(unzip_members(path.read_bytes(), path), path)
    return path / name, data


@pytest.fixture(scope="module")
def extract_12531(flat_12531):
    path, data = flat_12531
    return flat_to_extract(parse_flat(data, path, code="12531-0043", language="de"), SPEC_12531_0043, "08")


@pytest.fixture(scope="module")
def flat_12411(shared_data):
    return recorded_flat(shared_data, "12411-01-01-4.yaml", "12411-01-01-4")


def figure(frame: pd.DataFrame, ags: str, group: str, variable: str | None = None) -> float:
    rows = frame[(frame["ags"] == ags) & (frame["group"] == group)]
    if variable:
        rows = rows[rows["variable"] == variable]
    assert len(rows) == 1, rows
    return rows["value"].iloc[0]


def raw_rows(data: bytes) -> list[dict[str, str]]:
    """The flat CSV read independently of the reader (csv module), one dict per line."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def write(tmp_path: Path, name: str, text: str, *, bom: bool = True) -> Path:
    path = tmp_path / name
    path.write_bytes((BOM if bom else b"") + text.encode("utf-8"))
    return path


def raises_at(action, path: Path, line: int | None, column: str | None, match: str) -> InputError:
    with pytest.raises(InputError, match=match) as info:
        action()
    error = info.value
    assert error.path.name == path.name and path.name in str(error)
    assert (error.line, error.column) == (line, column)
    if line is not None:
        assert f"line {line}" in str(error)
    if column is not None:
        assert repr(column) in str(error)
    return error


# ---------------------------------------------------------------------------------------------------------------
# layout and cells


def test_layout_from_the_header():
    header = list(flat_columns(2, False))
    layout = detect_layout(header, Path("x.csv"))
    assert (layout.dimensions, layout.has_quality) == (2, False)
    assert header[5:9] == [
        "1_variable_code",
        "1_variable_label",
        "1_variable_attribute_code",
        "1_variable_attribute_label",
    ]
    assert detect_layout([*flat_columns(3, True)], Path("x.csv")).has_quality


def test_flat_values_by_language():
    assert flat_value("12,5", ",") == (12.5, "")
    assert flat_value("12.5", ".") == (12.5, "")
    assert flat_value("199745", ",") == (199745.0, "")
    assert flat_value("(7)", ",") == (7.0, "()")
    value, flag = flat_value("-", ",")
    assert math.isnan(value) and flag == "-"
    for bad, decimal in (("12.5", ","), ("1.234", ","), ("12,5", "."), ("1 234", ",")):
        with pytest.raises(ValueError, match="not a number as this export prints them"):
            flat_value(bad, decimal)
    with pytest.raises(ValueError, match="neither a number"):
        flat_value("geheim", ",")


def test_classic_table_csv_is_refused_with_a_pointer_to_the_genesis_reader():
    raises_at(lambda: read_flat(CLASSIC), CLASSIC, 1, None, r"GENESIS table CSV .*sources\.genesis")


def test_classic_reader_points_flat_files_to_this_reader(flat_12411):
    path, data = flat_12411
    with pytest.raises(InputError, match=r"flat 'ffcsv' export: read it with sources\.genesis_flat") as info:
        parse_genesis(data, path)
    assert info.value.line == 1


# ---------------------------------------------------------------------------------------------------------------
# 12531-0043 protection seekers (GENESIS-Online), 31.12.2024


def test_12531_hand_checked_cells(extract_12531):
    frame = extract_12531
    # 12531-0043_175879554_flat.csv (in 12531-0043_ffcsv.zip), line 39981:
    # "…;08236;Enzkreis, Landkreis;SCHST2;…;SCHUTZST-AK-1;…;GESM;männlich;STAAG5;…;ST475;Syrien;730;Anzahl;…"
    assert figure(frame, "08236", "male_status_recognised_citizenship_syria") == 730
    # line 63748: Enzkreis, SCHUTZST-AK-2 (befristet anerkannt), weiblich, ST166 Ukraine: 1105
    assert figure(frame, "08236", "female_status_recognised_temporary_citizenship_ukraine") == 1105
    # line 43329: Enzkreis, SCHUTZST-OF (offen), männlich, Syrien: 95
    assert figure(frame, "08236", "male_status_open_citizenship_syria") == 95
    # line 25150: Enzkreis, AUSRPFL-G (geduldet ausreisepflichtig), männlich, ST423 Afghanistan: 15
    assert figure(frame, "08236", "male_status_rejected_tolerated_citizenship_afghanistan") == 15
    # line 79486: Pforzheim (08231), SCHUTZST-AK-1, männlich, Syrien: 620; line 81580: OF, männlich, Afghanistan: 85
    assert figure(frame, "08231", "male_status_recognised_citizenship_syria") == 620
    assert figure(frame, "08231", "male_status_open_citizenship_afghanistan") == 85
    # line 2475: Calw (08235), SCHUTZST-AK-1, weiblich, Syrien: 310; line 93346: OF, männlich, Afghanistan: 110
    assert figure(frame, "08235", "female_status_recognised_citizenship_syria") == 310
    assert figure(frame, "08235", "male_status_open_citizenship_afghanistan") == 110
    assert (frame.loc[frame["ags"] == "08236", "area_name"] == "Enzkreis").all()  # as GENESIS-Online labels it


def test_12531_extract_shape(extract_12531):
    frame = extract_12531
    assert set(frame["area_level"]) == {"kreis"}  # no Land row, no total row in the table
    assert frame["ags"].nunique() == 44 and frame["ags"].str.startswith("08").all()
    assert set(frame["variable"]) == {"protection_seekers"}
    assert set(frame["basis"]) == {"foreigners_register"} and set(frame["unit"]) == {"persons"}
    assert set(frame["date"]) == {"2024-12-31"}
    assert (frame["value"] % 5 == 0).all() and (frame["flag"] == "").all()
    statuses = "|".join(sorted(SPEC_12531_0043.dimensions["SCHST2"].values(), key=len, reverse=True))
    citizenships = "|".join(CITIZENSHIP_NAMES.values())
    pattern = re.compile(rf"(male|female)_({statuses})_citizenship_({citizenships})")
    assert frame["group"].map(lambda g: bool(pattern.fullmatch(g))).all()
    assert "total" not in set(frame["group"])


def test_12531_enzkreis_total_read_independently(flat_12531, extract_12531):
    """All protection seekers of the Enzkreis (open + recognised + rejected, a derived sum of rounded cells)."""
    _, data = flat_12531
    top = {"SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X"}
    rows = [r for r in raw_rows(data) if r["1_variable_attribute_code"] == "08236"]
    assert len(rows) == 285
    expected = sum(int(r["value"]) for r in rows if r["2_variable_attribute_code"] in top)
    frame = extract_12531[extract_12531["ags"] == "08236"]
    top_groups = frame["group"].str.contains(r"_status_(?:open|recognised|rejected)_citizenship_")
    assert frame.loc[top_groups, "value"].sum() == expected
    assert len(frame) == 285


# ---------------------------------------------------------------------------------------------------------------
# 12411-01-01-4 population by Kreis (Regionalstatistik), 31.12.2024, Zensus 2022 basis


def test_12411_hand_checked_and_english_equal(shared_data, flat_12411):
    path, data = flat_12411
    german = flat_to_extract(parse_flat(data, path), SPEC_12411_01_01_4, "08")
    # 12411-01-01-4_1773175772751_de_flat.csv line 87: "…;08236;Enzkreis, Landkreis;GES;Geschlecht;;Insgesamt;
    # 199745;Anzahl;BEVSTD;Bevölkerungsstand"; line 3: GESM männlich 99097; line 845: GESW weiblich 100648
    assert figure(german, "08236", "total") == 199_745
    assert figure(german, "08236", "male") == 99_097
    assert figure(german, "08236", "female") == 100_648
    # line 872: Calw 161251; line 1434: Pforzheim 134912
    assert figure(german, "08235", "total") == 161_251
    assert figure(german, "08231", "total") == 134_912
    assert set(german["basis"]) == {"update_census_2022"} and set(german["area_level"]) == {"kreis"}
    assert german["ags"].nunique() == 44  # no Land row: the table's regional variable is KREISE only
    # Baden-Württemberg, derived as the sum of its 44 Kreise and read independently with the csv module
    rows = [r for r in raw_rows(data) if r["1_variable_attribute_code"].startswith("08")]
    bw = sum(int(r["value"]) for r in rows if r["2_variable_attribute_code"] == "")
    assert bw == german.loc[german["group"] == "total", "value"].sum() == 11_245_898

    en_path, en_data = recorded_flat(shared_data, "12411-01-01-4.yaml", "12411-01-01-4", "en")
    assert en_path.name.endswith("_en_flat.csv")
    english_table = parse_flat(en_data, en_path)
    assert english_table.language == "en" and english_table.statistics_label == "Rolled forward population estimates"
    english = flat_to_extract(english_table, SPEC_12411_01_01_4, "08")
    # the same numbers; only some area names differ ("Stuttgart, Landeshauptstadt, Stadtkreis" in English)
    pd.testing.assert_frame_equal(english.drop(columns="area_name"), german.drop(columns="area_name"))


def test_12411_other_lands_and_markers_are_read(flat_12411):
    path, data = flat_12411
    frame = flat_to_extract(parse_flat(data, path), SPEC_12411_01_01_4)
    # former Kreise print '-' (e.g. 03156 Osterode am Harz); Berlin's districts have 8-digit keys
    assert (frame.loc[frame["ags"] == "03156", "flag"] == "-").all()
    assert frame.loc[frame["ags"] == "03156", "value"].isna().all()
    assert "11009009" in set(frame["ags"])


# ---------------------------------------------------------------------------------------------------------------
# the Zensus 2022 answers (read, not imported)


def test_1000A_0000_municipalities_german_and_english(shared_data):
    path, data = recorded_flat(shared_data, "1000A-0000.yaml", "1000A-0000")
    german = flat_to_extract(parse_flat(data, path), SPEC_1000A_0000, "08")
    assert german["area_level"].eq("gemeinde").all() and len(german) == 1_101
    assert german["value"].sum() == 11_104_040  # the published Land total (SOURCES.md)
    enz = german[german["ags"].str.startswith("08236")]
    assert len(enz) == 28 and enz["value"].sum() == 197_899
    # 1000A-0000_1773175153999_de_flat.csv line 7435: "…;GEOGM4;Gemeinden (Gebietsstand 15.05.2022);082365003038;
    # Maulbronn, Stadt;6387;Anzahl;PRS018;Personen" – the 12-digit ARS becomes the AGS 08236038
    assert figure(german, "08236038", "total") == 6_387
    raw = read_extract(RAW_DIR / "zensus2022_gemeinden.csv")
    assert figure(raw, "08236038", "total", "population") == 6_387

    en_path, en_data = recorded_flat(shared_data, "1000A-0000.yaml", "1000A-0000", "en")
    english = flat_to_extract(parse_flat(en_data, en_path), SPEC_1000A_0000, "08")
    pd.testing.assert_frame_equal(english.drop(columns="area_name"), german.drop(columns="area_name"))
    germany = flat_to_extract(parse_flat(data, path), SPEC_1000A_0000)
    assert "DG" not in set(germany["ags"])  # Germany is read but is no area of an extract


def test_1000A_2022_with_and_without_quality_column(shared_data):
    with_q = recorded_flat(shared_data, "1000A-2022.yaml", "1000A-2022", quality="on", language="de")
    without_q = recorded_flat(shared_data, "1000A-2022.yaml", "1000A-2022", quality="off", language="de")
    table_q, table = parse_flat(with_q[1], with_q[0]), parse_flat(without_q[1], without_q[0])
    assert table_q.layout.has_quality and not table.layout.has_quality
    assert (len(table_q.frame), len(table.frame)) == (1_360, 1_003)
    # with quality signs the '-' cells are printed (357), without them they are left out
    assert table_q.frame["flag"].value_counts().to_dict() == {"": 1_003, "-": 357}
    assert set(table_q.frame["quality"]) == {"e", ""}
    q_extract = flat_to_extract(table_q, SPEC_1000A_2022, "08")
    extract = flat_to_extract(table, SPEC_1000A_2022, "08")
    # Baden-Württemberg (08), age Insgesamt: 1000A-2022_1773175355216_de_flat.csv (quality=on) line 106 / the
    # file without quality signs line 79: WDGAT2 Insgesamt 11104040 (the Land total); lines 517 / 423: WDGAT2
    # WANDERUNG-BEID 2975125; lines 1315 / 977: WDGAT1 EINGEWANDERTE 2581917
    assert figure(extract, "08", "total") == figure(q_extract, "08", "total") == 11_104_040
    assert figure(extract, "08", "immigration_history") == 2_975_125
    assert figure(extract, "08", "immigration_immigrated") == 2_581_917
    merged = q_extract.merge(extract, on=["ags", "date", "variable", "group"], how="left", suffixes=("_q", ""))
    assert merged.loc[merged["flag_q"] == "", "value_q"].equals(merged.loc[merged["flag_q"] == "", "value"])
    assert merged.loc[merged["flag_q"] == "-", "value"].isna().all()


# ---------------------------------------------------------------------------------------------------------------
# import into data/raw


def test_import_writes_the_extracts_in_data_raw(shared_data, tmp_path):
    for table in RECORDED_TABLES:
        path = import_recorded_table(shared_data, tmp_path, "2000-01-01", table, "08")
        assert path.read_bytes() == (RAW_DIR / path.name).read_bytes()
        meta = read_sidecar(sidecar_path(path))
        assert meta.licence == LICENCE_DL_DE_BY_2_0 and not meta.secondary
        assert meta.table_code == table.code and meta.reference_date == "2024-12-31"
        assert any("Recorded API answer" in note and "credentials masked" in note for note in meta.notes)
        assert "answered 2026-03-10" in " ".join(meta.notes)
    meta = read_sidecar(sidecar_path(tmp_path / "genesis_api_12531-0043_2024-12-31.csv"))
    assert meta.publisher == "Statistisches Bundesamt (Destatis)"
    assert meta.original_file == "12531-0043_ffcsv.zip"
    assert "www-genesis.destatis.de/genesisWS/rest/2020/data/resultfile" in meta.notes[0]
    assert any("multiple of 5" in note for note in meta.notes)
    meta = read_sidecar(sidecar_path(tmp_path / "genesis_api_12411-01-01-4_2024-12-31.csv"))
    assert meta.publisher == "Statistische Ämter des Bundes und der Länder"
    assert meta.original_file == "12411-01-01-4.yaml" and "regionalstatistik.de" in meta.source_url


def test_a_zip_that_differs_from_the_cassette_stops_the_import(shared_data, tmp_path):
    folder = tmp_path / "official" / "genesis-api-recorded"
    folder.mkdir(parents=True)
    source = shared_data / "official" / "genesis-api-recorded"
    (folder / "12531-0043.yaml").write_bytes((source / "12531-0043.yaml").read_bytes())
    (folder / "12531-0043_ffcsv.zip").write_bytes((source / "12531-0043_ffcsv.zip").read_bytes()[:-10])
    own = allow_user_files([folder / "12531-0043.yaml", folder / "12531-0043_ffcsv.zip"])  # not in CHECKSUMS.tsv
    with own, pytest.raises(InputError, match=r"differs from the body of interactions\[408\] in 12531-0043\.yaml"):
        import_recorded_table(tmp_path, tmp_path / "raw", "2000-01-01", RECORDED_TABLES[0], "08")


def test_vocabulary_is_in_the_schema():
    for spec in (table.spec for table in API_TABLES.values()):
        assert spec.basis in BASES
        assert all(target.variable in VARIABLES for target in spec.values.values())
    assert len(set(CITIZENSHIP_NAMES.values())) == len(CITIZENSHIP_NAMES)


# ---------------------------------------------------------------------------------------------------------------
# malformed files (made from the real ones in tmp_path)


@pytest.fixture(scope="module")
def lines_12411(flat_12411) -> list[str]:
    return flat_12411[1].decode("utf-8-sig").splitlines()


@pytest.fixture(scope="module")
def lines_12531(flat_12531) -> list[str]:
    """The header and the Enzkreis' 285 lines of 12531-0043."""
    lines = flat_12531[1].decode("utf-8-sig").splitlines()
    return [lines[0], *(line for line in lines[1:] if ";08236;" in line)]


def read_12411(path: Path):
    return lambda: flat_to_extract(read_flat(path, code="12411-01-01-4"), SPEC_12411_01_01_4, "08")


def read_12531(path: Path):
    return lambda: flat_to_extract(read_flat(path, code="12531-0043"), SPEC_12531_0043, "08")


def test_truncated_file_last_row_cut(tmp_path, lines_12411):
    text = "\n".join(lines_12411) + "\n"
    cut = text[: text.rindex(";Anzahl;")]  # the last line ends inside its value
    path = write(tmp_path, "cut_de_flat.csv", cut)
    raises_at(read_12411(path), path, len(lines_12411), "value", "truncated")
    shorter = write(tmp_path, "short_de_flat.csv", text[:-1] + "x")
    raises_at(read_12411(shorter), shorter, len(lines_12411), "value_variable_label", "truncated")
    seven = ";".join(lines_12411[-1].split(";")[:7])  # a line cut after 7 of its 17 fields, then a line break
    half = write(tmp_path, "half_de_flat.csv", "\n".join([*lines_12411[:-1], seven]) + "\n")
    raises_at(read_12411(half), half, len(lines_12411), "1_variable_attribute_code", "has 7 fields, the header 17")


def test_marker_word_in_value(tmp_path, lines_12411):
    lines = list(lines_12411)
    at = next(i for i, line in enumerate(lines) if ";08236;" in line and ";;Insgesamt;" in line)
    lines[at] = lines[at].replace(";199745;", ";geheim;")
    path = write(tmp_path, "marker_de_flat.csv", "\n".join(lines) + "\n")
    raises_at(read_12411(path), path, at + 1, "value", "'geheim' is neither a number")


def test_renamed_column_header(tmp_path, lines_12411):
    lines = [lines_12411[0].replace(";value;", ";wert;"), *lines_12411[1:]]
    path = write(tmp_path, "renamed_de_flat.csv", "\n".join(lines) + "\n")
    raises_at(read_12411(path), path, 1, "wert", "expected the column 'value' at field 14")


def test_parts_that_do_not_add_up(tmp_path, lines_12411):
    lines = list(lines_12411)
    at = next(i for i, line in enumerate(lines) if ";08236;" in line and ";GESM;" in line)
    lines[at] = lines[at].replace(";99097;", ";99098;")
    path = write(tmp_path, "sum_de_flat.csv", "\n".join(lines) + "\n")
    total = next(i for i, line in enumerate(lines) if ";08236;" in line and ";;Insgesamt;" in line)
    raises_at(read_12411(path), path, total + 1, "value", "total = 199745, but its parts on lines .* add up to 199746")


def test_unknown_attribute_and_wrong_date(tmp_path, lines_12411):
    lines = list(lines_12411)
    at = next(i for i, line in enumerate(lines) if ";GESM;männlich;" in line)
    lines[at] = lines[at].replace(";GESM;männlich;", ";GESD;divers;")
    path = write(tmp_path, "attribute_de_flat.csv", "\n".join(lines) + "\n")
    raises_at(read_12411(path), path, at + 1, "2_variable_attribute_code", "attribute 'GESD' \\(divers\\) of GES")
    # the basis (population update on the Zensus 2022) holds from 31.12.2022 on: a later year is read, an
    # earlier one stops the import
    later = write(tmp_path, "later_de_flat.csv", "\n".join(lines_12411).replace("2024-12-31", "2025-12-31") + "\n")
    assert set(read_12411(later)()["date"]) == {"2025-12-31"}
    dated = write(tmp_path, "date_de_flat.csv", "\n".join(lines_12411).replace("2024-12-31", "2021-12-31") + "\n")
    raises_at(read_12411(dated), dated, 2, "time", "dated 2021-12-31, before 2022-12-31, from which on the spec")


def test_duplicate_cell_and_wrong_encoding(tmp_path, lines_12411):
    path = write(tmp_path, "dup_de_flat.csv", "\n".join([*lines_12411, lines_12411[7]]) + "\n")
    raises_at(read_12411(path), path, len(lines_12411) + 1, "value_variable_code", "same cell .* as on line 8")
    latin = tmp_path / "latin_de_flat.csv"
    latin.write_bytes(("\n".join(lines_12411) + "\n").encode("latin-1"))
    umlaut = next(i for i, line in enumerate(lines_12411) if "ä" in line or "ö" in line or "ü" in line)
    raises_at(read_12411(latin), latin, umlaut + 1, None, "is not UTF-8")


def test_value_not_a_multiple_of_5_in_12531(tmp_path, lines_12531):
    lines = list(lines_12531)
    at = next(i for i, line in enumerate(lines) if ";SCHUTZST-OF;" in line and ";GESM;" in line and ";ST475;" in line)
    lines[at] = lines[at].replace(";95;Anzahl;", ";96;Anzahl;")
    path = write(tmp_path, "12531-0043_1_flat.csv", "\n".join(lines) + "\n")
    raises_at(read_12531(path), path, at + 1, "value", "96 is not a multiple of 5")
    # the Enzkreis' lines as they are read cleanly
    clean = write(tmp_path, "12531-0043_2_flat.csv", "\n".join(lines_12531) + "\n")
    assert len(read_12531(clean)()) == 285


def test_part_larger_than_its_parent_in_12531(tmp_path, lines_12531):
    lines = list(lines_12531)
    # Enzkreis, männlich, Ukraine: AK-2 (befristet) 820 is part of AK-1 (anerkannt) 825
    at = next(i for i, line in enumerate(lines) if ";SCHUTZST-AK-2;" in line and ";GESM;" in line and ";ST166;" in line)
    assert ";820;" in lines[at]
    lines[at] = lines[at].replace(";820;", ";830;")
    path = write(tmp_path, "12531-0043_3_flat.csv", "\n".join(lines) + "\n")
    raises_at(read_12531(path), path, at + 1, "value", "SCHUTZST-AK-2 = 830 is more than SCHUTZST-AK-1 = 825")


def test_mixed_decimal_separators_and_a_header_without_data(tmp_path):
    header = ";".join(flat_columns(1, False))
    row = "99910;Regionalatlas;JAHR;Jahr;2023;GEMEIN;Gemeinden;{};Gemeinde;{};Prozent;AI0111;Anteil"
    lines = [header, row.format("08236038", "12,5"), row.format("08236070", "3.5")]
    path = write(tmp_path, "mixed.csv", "\n".join(lines) + "\n")
    raises_at(lambda: read_flat(path), path, 3, "value", "decimal comma .* and with a decimal point")
    empty = write(tmp_path, "empty.csv", header + "\n")
    raises_at(lambda: read_flat(empty), empty, 2, None, "no lines of data")
