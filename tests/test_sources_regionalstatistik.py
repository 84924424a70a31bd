"""The Regionalstatistik tables in data/raw: every spec on its real file, figures checked by hand against the
lines of the official files (../shared/data/official/regionalstatistik-2017, line numbers as a text editor
shows them), the break of the population series at the Zensus 2011, the areas against the municipality
register, the size of the extracts, and malformed municipal files (file, line and column)."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import pandas as pd
import pytest

from integration_analysis.core.errors import InputError
from integration_analysis.core.paths import RAW_DIR
from integration_analysis.core.provenance import read_sidecar, sidecar_path
from integration_analysis.data.regions import default_region
from integration_analysis.sources.extract import read_extract
from integration_analysis.sources.genesis import TableSpec, read_genesis_table, to_extract
from integration_analysis.sources.regionalstatistik import PREFIX, SOURCE_SUBDIR, SPECS
from integration_analysis.sources.regionalstatistik.ages import age_group
from integration_analysis.sources.regionalstatistik.areas import Register, select_areas
from integration_analysis.sources.regionalstatistik.population import SPEC_12111_01_01, SPEC_12411_01_01_5

LAND, KREIS = "08", "08236"
MAULBRONN, WIERNSHEIM, KELTERN, NEULINGEN = "08236038", "08236065", "08236070", "08236073"
PILOTS = (MAULBRONN, WIERNSHEIM, KELTERN, NEULINGEN)

SOURCE_IDS = {
    "12111-01-01-5": "regionalstatistik_12111-01-01-5_2011-05-09",
    "12111-01-01-4": "regionalstatistik_12111-01-01-4_2011-05-09",
    "12111-02-01-5": "regionalstatistik_12111-02-01-5_2011-05-09",
    "12111-02-01-4": "regionalstatistik_12111-02-01-4_2011-05-09",
    "12411-01-01-5": "regionalstatistik_12411-01-01-5_2008-12-31_2015-12-31",
    "12411-02-03-5": "regionalstatistik_12411-02-03-5_2015-12-31",
    "12411-07-01-5": "regionalstatistik_12411-07-01-5_2015-12-31",
    "12411-03-02-4": "regionalstatistik_12411-03-02-4_2010-12-31",
    "12411-03-03-4": "regionalstatistik_12411-03-03-4_2015-12-31",
    "13111-01-03-5": "regionalstatistik_13111-01-03-5_2015-06-30",
    "13111-02-02-5": "regionalstatistik_13111-02-02-5_2015-06-30",
    "13111-01-03-4": "regionalstatistik_13111-01-03-4_2012-06-30_2015-06-30",
    "13111-02-02-4": "regionalstatistik_13111-02-02-4_2012-06-30_2015-06-30",
    "13211-01-03-5": "regionalstatistik_13211-01-03-5_2016",
    "13211-01-03-4": "regionalstatistik_13211-01-03-4_2001_2016",
}


@functools.cache
def raw(code: str) -> pd.DataFrame:
    return read_extract(RAW_DIR / f"{SOURCE_IDS[code]}.csv")


def figure(code: str, ags: str, variable: str, group: str, date: str) -> tuple[float, str]:
    extract = raw(code)
    rows = extract[
        (extract["ags"] == ags)
        & (extract["variable"] == variable)
        & (extract["group"] == group)
        & (extract["date"] == date)
    ]
    assert len(rows) == 1, (code, ags, variable, group, date, rows)
    return rows["value"].iloc[0], rows["flag"].iloc[0]


# ---------------------------------------------------------------------------------------------------------------
# the real files


@pytest.mark.shared_data
@pytest.mark.parametrize("file_name", sorted(SPECS))
def test_every_spec_reads_its_real_file(shared_data, file_name):
    table = read_genesis_table(shared_data / "official" / SOURCE_SUBDIR / file_name)
    spec = SPECS[file_name]
    assert table.code in spec.table_codes and file_name.startswith(table.code)
    extract = to_extract(table, spec, LAND)
    expected = {LAND, KREIS, *PILOTS} if table.code.endswith("-5") else {LAND, KREIS}
    assert expected <= set(extract["ags"])
    assert set(extract["ags"].str[:2]) == {LAND}


def test_the_import_writes_one_extract_per_file():
    written = sorted(p.stem for p in RAW_DIR.glob(f"{PREFIX}_*.csv"))
    assert len(written) == len(SPECS)
    assert set(SOURCE_IDS.values()) <= set(written)


# (code, ags, date, {(variable, group): value or marker}), after the line of the official file
# fmt: off
HAND_CHECKED = [
    # 12111-01-01-5_00.csv: Bevölkerung Insgesamt (T/m/w), Deutsche (T/m/w), Ausländer(innen) (T/m/w)
    # 6338: "08;  Baden-Württemberg, Land;10486660;5132555;5354105;9355239;4565602;4789637;1131421;566953;564468"
    ("12111-01-01-5", LAND, "2011-05-09", {("population", "total"): 10486660, ("germans", "total"): 9355239,
     ("foreigners", "total"): 1131421, ("foreigners", "female"): 564468}),
    # 6866: "08236;      Enzkreis, Landkreis;191354;93924;97429;174381;85305;89076;16972;8619;8353"
    ("12111-01-01-5", KREIS, "2011-05-09", {("population", "total"): 191354, ("germans", "total"): 174381,
     ("foreigners", "total"): 16972, ("foreigners", "male"): 8619}),
    # 6876: "08236038;        Maulbronn, Stadt;6372;3095;3277;5541;2678;2863;831;417;414"
    ("12111-01-01-5", MAULBRONN, "2011-05-09", {("population", "total"): 6372, ("germans", "total"): 5541,
     ("foreigners", "total"): 831, ("germans", "male"): 2678}),
    # 6885: "08236065;        Wiernsheim;6340;3186;3154;5910;2962;2948;430;224;206"
    ("12111-01-01-5", WIERNSHEIM, "2011-05-09", {("population", "total"): 6340, ("germans", "total"): 5910,
     ("foreigners", "total"): 430, ("foreigners", "female"): 206}),
    # 6888: "08236070;        Keltern;9086;4393;4693;8713;4205;4508;373;188;185"
    ("12111-01-01-5", KELTERN, "2011-05-09", {("population", "total"): 9086, ("germans", "total"): 8713,
     ("foreigners", "total"): 373, ("population", "female"): 4693}),
    # 6891: "08236073;        Neulingen;6559;3186;3375;6218;3015;3203;343;171;172"
    ("12111-01-01-5", NEULINGEN, "2011-05-09", {("population", "total"): 6559, ("germans", "total"): 6218,
     ("foreigners", "total"): 343, ("foreigners", "male"): 171}),
    # 12111-01-01-4_00.csv 216 (Land) and 242 (Enzkreis): the same lines as in the municipal table
    ("12111-01-01-4", LAND, "2011-05-09", {("population", "total"): 10486660, ("foreigners", "total"): 1131421}),
    ("12111-01-01-4", KREIS, "2011-05-09", {("germans", "female"): 89076, ("foreigners", "total"): 16972}),
    # 12111-02-01-5_00.csv: per age band (Insgesamt, unter 3, 3-6, 6-15, 15-18, 18-25, 25-30, 30-40, 40-50,
    # 50-65, 65-75, 75+) five columns: Insgesamt, männlich, weiblich, Deutsche, Ausländer(innen)
    # 6339: "08;  Baden-Württemberg, Land;10486660;5132555;5354105;9355239;1131421;269228;138095;131133;259775;
    #        9453;…;932245;355708;576537;903222;29023"
    ("12111-02-01-5", LAND, "2011-05-09", {("population", "total"): 10486660, ("germans", "age_00_03"): 259775,
     ("foreigners", "age_00_03"): 9453, ("population", "age_75_plus"): 932245, ("foreigners", "age_75_plus"): 29023}),
    # 6867: "08236;      Enzkreis, Landkreis;191354;93924;97429;174381;16972;4485;2341;2144;4407;78;…;18897;…;
    #        17072;6459;10613;16685;387"
    ("12111-02-01-5", KREIS, "2011-05-09", {("germans", "age_00_03"): 4407, ("foreigners", "age_00_03"): 78,
     ("population", "age_06_15"): 18897, ("germans", "age_75_plus"): 16685, ("foreigners", "age_75_plus"): 387}),
    # 6877: "08236038;        Maulbronn, Stadt;6372;3095;3277;5541;831;138;71;67;130;8;167;86;81;167;-;704;…;
    #        634;300;334;473;161;…;603;243;360;589;14"
    ("12111-02-01-5", MAULBRONN, "2011-05-09", {("population", "male"): 3095, ("foreigners", "age_00_03"): 8,
     ("foreigners", "age_03_06"): "-", ("foreigners", "age_30_40"): 161, ("germans", "age_75_plus"): 589}),
    # 6886: "08236065;        Wiernsheim;6340;3186;3154;5910;430;156;85;71;153;3;182;103;79;182;-;…;432;177;255;429;3"
    ("12111-02-01-5", WIERNSHEIM, "2011-05-09", {("germans", "age_00_03"): 153, ("foreigners", "age_03_06"): "-",
     ("foreigners", "age_75_plus"): 3}),
    # 6889: "08236070;        Keltern;9086;4393;4693;8713;373;200;108;92;197;3;204;93;111;201;3;…;1843;897;946;1775;68;
    #        …;898;337;561;892;6"
    ("12111-02-01-5", KELTERN, "2011-05-09", {("foreigners", "age_00_03"): 3, ("foreigners", "age_03_06"): 3,
     ("germans", "age_50_65"): 1775, ("foreigners", "age_75_plus"): 6}),
    # 6892: "08236073;        Neulingen;6559;3186;3375;6218;343;127;59;68;124;3;150;69;81;150;-;…;602;211;391;599;3"
    ("12111-02-01-5", NEULINGEN, "2011-05-09", {("germans", "age_00_03"): 124, ("foreigners", "age_03_06"): "-",
     ("germans", "age_75_plus"): 599}),
    # 12111-02-01-4_00.csv 217 (Land) and 243 (Enzkreis): the same lines as in the municipal table
    ("12111-02-01-4", LAND, "2011-05-09", {("foreigners", "age_75_plus"): 29023}),
    ("12111-02-01-4", KREIS, "2011-05-09", {("foreigners", "age_00_03"): 78, ("germans", "age_75_plus"): 16685}),
    # 12411-01-01-5_00.csv: 31.12.2015, 2014, …, 2008, each Insgesamt, männlich, weiblich
    # 6336: "08;  Baden-Württemberg, Land;10879618;…;10512441;5151354;5361087;10753880;5296249;5457631;…"
    ("12411-01-01-5", LAND, "2015-12-31", {("population", "total"): 10879618}),
    ("12411-01-01-5", LAND, "2011-12-31", {("population", "total"): 10512441}),
    ("12411-01-01-5", LAND, "2010-12-31", {("population", "total"): 10753880}),
    # 6864: "08236;      Enzkreis, Landkreis;196066;97100;98966;…;191461;94008;97453;193913;95791;98122;…;195315;
    #        96284;99031"
    ("12411-01-01-5", KREIS, "2015-12-31", {("population", "total"): 196066, ("population", "male"): 97100}),
    ("12411-01-01-5", KREIS, "2011-12-31", {("population", "total"): 191461}),
    ("12411-01-01-5", KREIS, "2010-12-31", {("population", "total"): 193913}),
    ("12411-01-01-5", KREIS, "2008-12-31", {("population", "total"): 195315, ("population", "female"): 99031}),
    # 6874: "08236038;        Maulbronn, Stadt;6463;3184;3279;…;6317;3059;3258;6514;3188;3326;…;6730;3293;3437"
    ("12411-01-01-5", MAULBRONN, "2015-12-31", {("population", "total"): 6463}),
    ("12411-01-01-5", MAULBRONN, "2008-12-31", {("population", "female"): 3437}),
    # 6883: "08236065;        Wiernsheim;6682;3363;3319;…;6448;3234;3214;6442;3263;3179;…"
    ("12411-01-01-5", WIERNSHEIM, "2015-12-31", {("population", "total"): 6682}),
    ("12411-01-01-5", WIERNSHEIM, "2011-12-31", {("population", "total"): 6448}),
    ("12411-01-01-5", WIERNSHEIM, "2010-12-31", {("population", "total"): 6442}),
    # 6886: "08236070;        Keltern;9211;4461;4750;…;9093;4389;4704;9006;4354;4652;…"
    ("12411-01-01-5", KELTERN, "2015-12-31", {("population", "total"): 9211, ("population", "female"): 4750}),
    ("12411-01-01-5", KELTERN, "2011-12-31", {("population", "total"): 9093}),
    ("12411-01-01-5", KELTERN, "2010-12-31", {("population", "total"): 9006}),
    # 6889: "08236073;        Neulingen;6815;3318;3497;…;6594;3190;3404;6615;3241;3374;…"
    ("12411-01-01-5", NEULINGEN, "2015-12-31", {("population", "total"): 6815}),
    ("12411-01-01-5", NEULINGEN, "2011-12-31", {("population", "total"): 6594}),
    ("12411-01-01-5", NEULINGEN, "2010-12-31", {("population", "total"): 6615}),
    # 12411-02-03-5_00.csv: Insgesamt by 17 age bands and Insgesamt, then männlich (18), weiblich (18)
    # 6338: "08;  Baden-Württemberg, Land;298300;…;1026812;1124991;10879618;…;5393388;…;5486230"
    ("12411-02-03-5", LAND, "2015-12-31", {("population", "age_00_03"): 298300, ("population", "age_75_plus"): 1124991,
     ("population", "total"): 10879618, ("population", "female"): 5486230}),
    # 6866: "08236;      Enzkreis, Landkreis;4951;…;19534;20895;196066;…;97100;…;98966"
    ("12411-02-03-5", KREIS, "2015-12-31", {("population", "age_00_03"): 4951, ("population", "age_65_75"): 19534,
     ("population", "age_75_plus"): 20895, ("population", "male"): 97100}),
    # 6876: "08236038;        Maulbronn, Stadt;154;149;247;…;616;754;6463;…;3184;…;3279"
    ("12411-02-03-5", MAULBRONN, "2015-12-31", {("population", "age_00_03"): 154, ("population", "age_03_06"): 149,
     ("population", "age_75_plus"): 754, ("population", "total"): 6463}),
    # 6885: "08236065;        Wiernsheim;161;204;…;619;544;6682;…"
    ("12411-02-03-5", WIERNSHEIM, "2015-12-31", {("population", "age_00_03"): 161, ("population", "age_75_plus"): 544}),
    # 6888: "08236070;        Keltern;215;241;…;1010;1121;9211;…"
    ("12411-02-03-5", KELTERN, "2015-12-31", {("population", "age_00_03"): 215, ("population", "age_75_plus"): 1121}),
    # 6891: "08236073;        Neulingen;186;185;…;605;711;6815;…"
    ("12411-02-03-5", NEULINGEN, "2015-12-31", {("population", "age_00_03"): 186, ("population", "age_75_plus"): 711}),
    # 12411-07-01-5_00.csv: Durchschnittsalter insgesamt, männlich, weiblich (Jahre)
    # 6336: "31.12.2015;08;  Baden-Württemberg, Land;43,3;41,9;44,5"
    ("12411-07-01-5", LAND, "2015-12-31", {("average_age", "total"): 43.3, ("average_age", "female"): 44.5}),
    # 6864: "31.12.2015;08236;      Enzkreis, Landkreis;44,1;42,8;45,4"
    ("12411-07-01-5", KREIS, "2015-12-31", {("average_age", "total"): 44.1, ("average_age", "male"): 42.8}),
    # 6874: "31.12.2015;08236038;        Maulbronn, Stadt;44,2;43,3;45,0"
    ("12411-07-01-5", MAULBRONN, "2015-12-31", {("average_age", "total"): 44.2, ("average_age", "female"): 45.0}),
    # 6883: "31.12.2015;08236065;        Wiernsheim;42,7;41,8;43,6"
    ("12411-07-01-5", WIERNSHEIM, "2015-12-31", {("average_age", "total"): 42.7}),
    # 6886: "31.12.2015;08236070;        Keltern;45,4;44,5;46,3"
    ("12411-07-01-5", KELTERN, "2015-12-31", {("average_age", "total"): 45.4, ("average_age", "male"): 44.5}),
    # 6889: "31.12.2015;08236073;        Neulingen;43,6;42,2;44,9"
    ("12411-07-01-5", NEULINGEN, "2015-12-31", {("average_age", "total"): 43.6}),
    # 12411-03-02-4_00.csv (31.12.2010): Insgesamt, Deutsche, Ausländer(innen), each T/m/w, one line per age band
    # 3699: "31.12.2010;08;  Baden-Württemberg, Land;unter 3 Jahre;274527;140596;133931;257910;…;16617;8444;8173"
    # 3716: "31.12.2010;08;  Baden-Württemberg, Land;Insgesamt;10753880;…;9478602;…;1275278;648698;626580"
    ("12411-03-02-4", LAND, "2010-12-31", {("population", "age_00_03"): 274527, ("germans", "age_00_03"): 257910,
     ("foreigners", "age_00_03"): 16617, ("population", "total"): 10753880, ("foreigners", "total"): 1275278}),
    # 4167: "31.12.2010;08236;      Enzkreis, Landkreis;unter 3 Jahre;4565;2372;2193;4429;2300;2129;136;72;64"
    # 4183: "31.12.2010;08236;      Enzkreis, Landkreis;75 Jahre und mehr;17182;6629;10553;16599;6341;10258;583;…"
    # 4184: "31.12.2010;08236;      Enzkreis, Landkreis;Insgesamt;193913;95791;98122;175926;86497;89429;17987;…"
    ("12411-03-02-4", KREIS, "2010-12-31", {("germans", "age_00_03"): 4429, ("foreigners", "age_00_03"): 136,
     ("foreigners", "age_75_plus"): 583, ("germans", "total"): 175926, ("foreigners", "total"): 17987}),
    # 12411-03-03-4_00.csv (31.12.2015), same layout with 21 age bands
    # 4519: "31.12.2015;08;  Baden-Württemberg, Land;unter 3 Jahre;298300;153037;145263;267821;…;30479;15803;14676"
    # 4539: "31.12.2015;08;  Baden-Württemberg, Land;90 Jahre und mehr;91908;22245;69663;90168;21672;68496;1740;…"
    # 4540: "31.12.2015;08;  Baden-Württemberg, Land;Insgesamt;10879618;…;9372479;…;1507139;800694;706445"
    ("12411-03-03-4", LAND, "2015-12-31", {("foreigners", "age_00_03"): 30479, ("germans", "age_90_plus"): 90168,
     ("foreigners", "age_90_plus"): 1740, ("foreigners", "total"): 1507139}),
    # 5091: "31.12.2015;08236;      Enzkreis, Landkreis;unter 3 Jahre;4951;2556;2395;4538;2341;2197;413;215;198"
    # 5110: "31.12.2015;08236;      Enzkreis, Landkreis;85 bis unter 90 Jahre;3499;1215;2284;3434;1189;2245;65;…"
    # 5112: "31.12.2015;08236;      Enzkreis, Landkreis;Insgesamt;196066;97100;98966;173279;85150;88129;22787;…"
    ("12411-03-03-4", KREIS, "2015-12-31", {("germans", "age_00_03"): 4538, ("foreigners", "age_00_03"): 413,
     ("foreigners", "age_85_90"): 65, ("population", "total"): 196066, ("foreigners", "total"): 22787}),
    # 13111-01-03-5_00.csv (30.06.2015): Insgesamt T/m/w, Ausländer(innen) T/m/w
    # 6339: "08;  Baden-Württemberg, Land;4359526;2390114;1969412;578390;357483;220907"
    ("13111-01-03-5", LAND, "2015-06-30", {("employees_workplace", "total"): 4359526,
     ("employees_workplace_foreigners", "total"): 578390, ("employees_workplace", "female"): 1969412}),
    # 6867: "08236;      Enzkreis, Landkreis;57229;33298;23931;8883;5799;3084"
    ("13111-01-03-5", KREIS, "2015-06-30", {("employees_workplace", "total"): 57229,
     ("employees_workplace_foreigners", "total"): 8883}),
    # 6877: "08236038;        Maulbronn, Stadt;1421;625;796;236;114;122"
    ("13111-01-03-5", MAULBRONN, "2015-06-30", {("employees_workplace", "total"): 1421,
     ("employees_workplace", "male"): 625, ("employees_workplace_foreigners", "total"): 236}),
    # 6886: "08236065;        Wiernsheim;967;566;401;149;105;44"
    ("13111-01-03-5", WIERNSHEIM, "2015-06-30", {("employees_workplace", "total"): 967,
     ("employees_workplace_foreigners", "total"): 149}),
    # 6889: "08236070;        Keltern;1737;935;802;167;107;60"
    ("13111-01-03-5", KELTERN, "2015-06-30", {("employees_workplace", "total"): 1737,
     ("employees_workplace_foreigners", "female"): 60}),
    # 6892: "08236073;        Neulingen;1542;820;722;187;120;67"
    ("13111-01-03-5", NEULINGEN, "2015-06-30", {("employees_workplace", "total"): 1542,
     ("employees_workplace_foreigners", "total"): 187}),
    # 13111-02-02-5_00.csv (30.06.2015), same layout
    # 6339: "08;  Baden-Württemberg, Land;4223258;2294943;1928315;557080;342149;214931"
    ("13111-02-02-5", LAND, "2015-06-30", {("employees_residence", "total"): 4223258,
     ("employees_residence_foreigners", "total"): 557080}),
    # 6867: "08236;      Enzkreis, Landkreis;78722;42817;35905;9145;5598;3547"
    ("13111-02-02-5", KREIS, "2015-06-30", {("employees_residence", "total"): 78722,
     ("employees_residence_foreigners", "total"): 9145, ("employees_residence_foreigners", "female"): 3547}),
    # 6877: "08236038;        Maulbronn, Stadt;2432;1354;1078;389;247;142"
    ("13111-02-02-5", MAULBRONN, "2015-06-30", {("employees_residence", "total"): 2432,
     ("employees_residence_foreigners", "total"): 389}),
    # 6886: "08236065;        Wiernsheim;2738;1549;1189;245;150;95"
    ("13111-02-02-5", WIERNSHEIM, "2015-06-30", {("employees_residence", "total"): 2738,
     ("employees_residence_foreigners", "total"): 245}),
    # 6889: "08236070;        Keltern;3497;1841;1656;163;99;64"
    ("13111-02-02-5", KELTERN, "2015-06-30", {("employees_residence", "total"): 3497,
     ("employees_residence_foreigners", "total"): 163, ("employees_residence_foreigners", "female"): 64}),
    # 6892: "08236073;        Neulingen;2816;1482;1334;202;122;80"
    ("13111-02-02-5", NEULINGEN, "2015-06-30", {("employees_residence", "total"): 2816,
     ("employees_residence_foreigners", "total"): 202}),
    # 13111-01-03-4_00.csv: 216 "30.06.2015;08;…;4359526;…", 242 "30.06.2015;08236;…;57229;33298;23931;8883;…",
    # 1820 "30.06.2012;08236;      Enzkreis, Landkreis;54078;31843;22235;7158;4824;2334"
    ("13111-01-03-4", LAND, "2015-06-30", {("employees_workplace", "total"): 4359526}),
    ("13111-01-03-4", KREIS, "2015-06-30", {("employees_workplace_foreigners", "total"): 8883}),
    ("13111-01-03-4", KREIS, "2012-06-30", {("employees_workplace", "total"): 54078,
     ("employees_workplace_foreigners", "total"): 7158}),
    # 13111-02-02-4_00.csv: 242 "30.06.2015;08236;…;78722;42817;35905;9145;5598;3547",
    # 1794 "30.06.2012;08;  Baden-Württemberg, Land;3972963;…;436131;…", 1820 "30.06.2012;08236;…;74172;…;7104;…"
    ("13111-02-02-4", KREIS, "2015-06-30", {("employees_residence", "total"): 78722}),
    ("13111-02-02-4", LAND, "2012-06-30", {("employees_residence_foreigners", "total"): 436131}),
    ("13111-02-02-4", KREIS, "2012-06-30", {("employees_residence", "total"): 74172,
     ("employees_residence_foreigners", "total"): 7104}),
    # 13211-01-03-5_00.csv (2016): insgesamt; und zwar Ausländer, schwerbehindert, 15-20, 15-25, 55-65, langzeit.
    # 6338: "08;  Baden-Württemberg, Land;226421;70096;16352;3720;20524;49333;68981"
    ("13211-01-03-5", LAND, "2016", {("unemployed", "total"): 226421, ("unemployed_foreigners", "total"): 70096,
     ("unemployed", "age_15_20"): 3720, ("unemployed", "age_15_25"): 20524, ("unemployed", "age_55_65"): 49333}),
    # 6866: "08236;      Enzkreis, Landkreis;3001;823;261;69;333;687;799"
    ("13211-01-03-5", KREIS, "2016", {("unemployed", "total"): 3001, ("unemployed_foreigners", "total"): 823,
     ("unemployed", "age_15_25"): 333}),
    # 6876: "08236038;        Maulbronn, Stadt;127;53;11;4;16;15;38"
    ("13211-01-03-5", MAULBRONN, "2016", {("unemployed", "total"): 127, ("unemployed_foreigners", "total"): 53,
     ("unemployed", "age_15_20"): 4, ("unemployed", "age_55_65"): 15}),
    # 6885: "08236065;        Wiernsheim;70;8;8;1;6;22;16"
    ("13211-01-03-5", WIERNSHEIM, "2016", {("unemployed", "total"): 70, ("unemployed_foreigners", "total"): 8}),
    # 6888: "08236070;        Keltern;119;18;14;3;11;30;34"
    ("13211-01-03-5", KELTERN, "2016", {("unemployed", "total"): 119, ("unemployed_foreigners", "total"): 18}),
    # 6891: "08236073;        Neulingen;70;14;6;2;8;23;17"
    ("13211-01-03-5", NEULINGEN, "2016", {("unemployed", "total"): 70, ("unemployed_foreigners", "total"): 14}),
    # 13211-01-03-4_00.csv: 215 "2001;08;  Baden-Württemberg, Land;264318;59951;…",
    # 241 "2001;08236;      Enzkreis, Landkreis;4314;860;284;141;470;1369;1423", 8131 "2016;08236;…;3001;823;…"
    ("13211-01-03-4", LAND, "2001", {("unemployed", "total"): 264318, ("unemployed_foreigners", "total"): 59951}),
    ("13211-01-03-4", KREIS, "2001", {("unemployed", "total"): 4314, ("unemployed_foreigners", "total"): 860,
     ("unemployed", "age_15_20"): 141}),
    ("13211-01-03-4", KREIS, "2016", {("unemployed", "total"): 3001, ("unemployed_foreigners", "total"): 823}),
]
# fmt: on


@pytest.mark.parametrize(("code", "ags", "date", "cells"), HAND_CHECKED)
def test_figures_checked_by_hand_against_the_official_lines(code, ags, date, cells):
    for (variable, group), expected in cells.items():
        value, flag = figure(code, ags, variable, group, date)
        if isinstance(expected, str):
            assert math.isnan(value) and flag == expected, (variable, group)
        else:
            assert value == expected and flag == "", (variable, group)


def test_every_table_is_checked_for_the_pilots_the_kreis_and_the_land():
    checked = {(code, ags) for code, ags, _, _ in HAND_CHECKED}
    for code in SOURCE_IDS:
        areas = {LAND, KREIS, *PILOTS} if code.endswith("-5") else {LAND, KREIS}
        assert {(code, ags) for ags in areas} <= checked, code


# ---------------------------------------------------------------------------------------------------------------
# bases, groups, areas, sizes


def test_the_population_series_breaks_at_the_census_2011():
    extract = raw("12411-01-01-5")
    dates = extract.groupby("basis")["date"].agg(lambda d: sorted(set(d)))
    assert dates["update_pre_census_2011"] == ["2008-12-31", "2009-12-31", "2010-12-31"]
    assert dates["update_census_2011"] == [f"{year}-12-31" for year in range(2011, 2016)]
    maulbronn = extract[(extract["ags"] == MAULBRONN) & (extract["group"] == "total")].set_index("date")
    # 12411-01-01-5_00.csv line 6874: 6,514 on 31.12.2010 (old basis), 6,317 on 31.12.2011 (Zensus 2011 basis):
    # the census correction, not 197 people leaving; the two figures are never one series
    assert tuple(maulbronn.loc["2010-12-31", ["value", "basis"]]) == (6514, "update_pre_census_2011")
    assert tuple(maulbronn.loc["2011-12-31", ["value", "basis"]]) == (6317, "update_census_2011")
    notes = read_sidecar(sidecar_path(RAW_DIR / f"{SOURCE_IDS['12411-01-01-5']}.csv")).notes
    assert any("up to 2010-12-31 have the basis update_pre_census_2011" in note for note in notes)


def test_basis_by_date_gives_each_figure_its_basis():
    assert SPEC_12411_01_01_5.basis_on("2010-12-31", "update_census_2011") == "update_pre_census_2011"
    assert SPEC_12411_01_01_5.basis_on("2011-12-31", "update_census_2011") == "update_census_2011"
    with pytest.raises(ValueError, match="oldest first"):
        TableSpec(
            name="bad",
            columns={},
            basis="update_census_2011",
            basis_by_date=(("2010-12-31", "update_pre_census_2011"), ("2009-12-31", "census_2011")),
        )


@pytest.mark.parametrize(
    ("code", "bases"),
    [
        ("12111-01-01-5", {"census_2011"}),
        ("12111-02-01-4", {"census_2011"}),
        ("12411-02-03-5", {"update_census_2011"}),
        ("12411-07-01-5", {"update_census_2011"}),
        ("12411-03-02-4", {"update_pre_census_2011"}),
        ("12411-03-03-4", {"update_census_2011"}),
        ("13111-02-02-5", {"employment_statistics"}),
        ("13211-01-03-4", {"ba_statistics"}),
    ],
)
def test_bases(code, bases):
    assert set(raw(code)["basis"]) == bases


def test_age_groups_and_what_is_left_out():
    census = raw("12111-02-01-5")
    bands = ["age_00_03", "age_03_06", "age_06_15", "age_15_18", "age_18_25", "age_25_30", "age_30_40"]
    bands += ["age_40_50", "age_50_65", "age_65_75", "age_75_plus"]
    groups = census.groupby("variable")["group"].agg(set)
    assert groups["population"] == {"total", "male", "female", *bands}  # sex × age left out
    assert groups["germans"] == groups["foreigners"] == {"total", *bands}
    assert len(set(raw("12411-02-03-5")["group"])) == 17 + 3
    kreis_2015 = set(raw("12411-03-03-4")["group"])
    assert len(kreis_2015) == 21 + 1 and {"age_00_03", "age_85_90", "age_90_plus"} <= kreis_2015
    assert len(set(raw("12411-03-02-4")["group"])) == 17 + 1
    assert set(raw("13211-01-03-5")["group"]) == {"total", "age_15_20", "age_15_25", "age_55_65"}
    assert set(raw("12411-07-01-5")["unit"]) == {"years"}


def test_age_group_names():
    assert age_group("unter 3 Jahre") == "age_00_03"
    assert age_group("3 bis unter 6 Jahre") == "age_03_06"
    assert age_group("75 Jahre und mehr") == "age_75_plus"
    with pytest.raises(ValueError, match="no age band"):
        age_group("6 bis unter 3 Jahre")


@pytest.mark.parametrize("code", [code for code in SOURCE_IDS if code.endswith("-5")])
def test_municipal_extracts_hold_every_municipality_of_the_enzkreis(code):
    extract = raw(code)
    wanted = set(default_region().municipality_keys)
    for key, group in extract.groupby(["date", "variable", "group"]):
        assert wanted <= set(group["ags"]), key
    counts = extract.drop_duplicates("ags")["area_level"].value_counts()
    # 1,101 municipalities in the register; the 9 Stadtkreise are Kreis rows only; 44 Kreise and the Land
    assert (counts["land"], counts["kreis"], counts["gemeinde"]) == (1, 44, 1092)


def test_kreisfreie_staedte_and_former_municipalities():
    extract = raw("12411-01-01-5")
    assert "08231" in set(extract["ags"]) and "08231000" not in set(extract["ags"])  # Pforzheim
    notes = read_sidecar(sidecar_path(RAW_DIR / f"{SOURCE_IDS['12411-01-01-5']}.csv")).notes
    left_out = next(note for note in notes if note.startswith("Left out: 13 area(s)"))
    assert "08237008 Betzweiler-Wälde (only '-')" in left_out
    # 12411-01-01-5_00.csv line 7246: "08415086;        Gutsbezirk Münsingen;-;…;-;160;83;77;201;97;104;205;99;106"
    assert "08415086 Gutsbezirk Münsingen (figures on 2008-12-31, 2009-12-31, 2010-12-31)" in left_out


def test_municipal_extracts_stay_small():
    sizes = {code: (RAW_DIR / f"{source_id}.csv").stat().st_size for code, source_id in SOURCE_IDS.items()}
    assert sizes["12111-02-01-5"] < 5_000_000
    assert max(sizes.values()) < 5_000_000


# ---------------------------------------------------------------------------------------------------------------
# malformed municipal files

HEADER = ";;" + ";".join(["Bevölkerung"] * 9) + "\n"
HEADER += ";;" + ";".join(n for n in ("Insgesamt", "Deutsche", "Ausländer(innen)") for _ in range(3)) + "\n"
HEADER += ";;" + ";".join(["Insgesamt", "männlich", "weiblich"] * 3) + "\n"
HEADER += ";;" + ";".join(["Anzahl"] * 9) + "\n"
#: A cut of 12111-01-01-5_00.csv: its header and footer, a Samtgemeinde with one member (lines 1160-1161), the
#: Land, the Enzkreis and the pilots (lines 6338-6891).
MINI = (
    "GENESIS-Tabelle: 12111-01-01-5\n"
    "Zensus 2011, Bevölkerung nach Geschlecht und Nationalität;;;;;;;;;;\n"
    "- Stichtag 09.05.2011 -;;;;;;;;;;\n"
    "regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden;;;;;;;;;;\n"
    "Zensus 2011;;;;;;;;;;\n"
    "09.05.2011;;;;;;;;;;\n"
    + HEADER
    + "DG;Deutschland;80219695;39145941;41073754;74039682;36049951;37989731;6180013;3095990;3084023\n"
    "03151401;        Boldecker Land, Samtgemeinde;9652;4805;4847;9284;4613;4671;368;192;176\n"
    "03151401002;        Barwedel;1025;534;491;1003;521;482;22;13;9\n"
    "08;  Baden-Württemberg, Land;10486660;5132555;5354105;9355239;4565602;4789637;1131421;566953;564468\n"
    "08236;      Enzkreis, Landkreis;191354;93924;97429;174381;85305;89076;16972;8619;8353\n"
    "08236038;        Maulbronn, Stadt;6372;3095;3277;5541;2678;2863;831;417;414\n"
    "08236065;        Wiernsheim;6340;3186;3154;5910;2962;2948;430;224;206\n"
    "08236070;        Keltern;9086;4393;4693;8713;4205;4508;373;188;185\n"
    "08236073;        Neulingen;6559;3186;3375;6218;3015;3203;343;171;172\n"
    "__________\n"
    '"© Statistische Ämter des Bundes und der Länder, Deutschland, 2017.\n'
    "Dieses Werk ist lizensiert unter der Datenlizenz Deutschland\n"
    '- Namensnennung - Version 2.0."\n'
    "Stand: 10.10.2017 / 19:26:33\n"
)
LINE = {"Samtgemeinde": 12, "Barwedel": 13, "Land": 14, "Enzkreis": 15, "Maulbronn": 16, "Keltern": 18}
REGISTER = Register(
    "2013-12-31",
    kreise={KREIS: "Enzkreis"},
    municipalities={
        MAULBRONN: "Maulbronn, Stadt",
        WIERNSHEIM: "Wiernsheim",
        KELTERN: "Keltern",
        NEULINGEN: "Neulingen",
    },
)


def mini(tmp_path: Path, old: str = "", new: str = "", encoding: str = "utf-8") -> Path:
    assert not old or old in MINI
    path = tmp_path / "12111-01-01-5_00.csv"
    path.write_bytes(MINI.replace(old, new).encode(encoding))
    return path


def import_mini(path: Path) -> pd.DataFrame:
    table = read_genesis_table(path)
    return select_areas(table, to_extract(table, SPEC_12111_01_01, LAND), REGISTER, LAND)[0]


def raises_at(action, path: Path, line: int, column: str | int, match: str) -> InputError:
    with pytest.raises(InputError, match=match) as info:
        action(path)
    error = info.value
    assert (error.path.name, error.line, error.column) == (path.name, line, column)
    assert f"{path.name}, line {line}, column {column!r}" in str(error)
    return error


def test_the_mini_table_reads_like_the_real_one(tmp_path):
    table = read_genesis_table(mini(tmp_path))
    areas = table.frame.drop_duplicates("line").set_index("line")
    assert areas.loc[LINE["Samtgemeinde"], "area_level"] == ""  # a Samtgemeinde, not a Gemeinde
    assert tuple(areas.loc[LINE["Barwedel"], ["ags", "area_level"]]) == ("03151002", "gemeinde")
    extract = import_mini(mini(tmp_path))
    assert set(extract["ags"]) == {LAND, KREIS, *PILOTS}


def test_latin1_and_utf8_give_the_same_extract(tmp_path):
    utf8 = import_mini(mini(tmp_path))
    latin1 = import_mini(mini(tmp_path, encoding="latin-1"))
    pd.testing.assert_frame_equal(utf8, latin1)


def test_a_latin1_line_in_a_utf8_file_is_refused(tmp_path):
    path = mini(tmp_path)
    land = "08;  Baden-Württemberg, Land;"
    path.write_bytes(path.read_bytes().replace(land.encode("utf-8"), land.encode("latin-1")))
    raises_at(read_genesis_table, path, LINE["Land"], 2, "mixed encodings.*line 2 holds UTF-8 text")


def test_a_file_cut_inside_a_municipal_row_is_refused(tmp_path):
    path = tmp_path / "12111-01-01-5_00.csv"
    path.write_bytes(MINI[: MINI.index("Keltern;9086;4393;4") + len("Keltern;9086;4393;4")].encode("utf-8"))
    raises_at(read_genesis_table, path, LINE["Keltern"], "Bevölkerung / Deutsche / Insgesamt / Anzahl", "truncated")


def test_a_marker_word_in_a_value_is_refused(tmp_path):
    path = mini(tmp_path, "373;188;185", "373;geheim;185")
    raises_at(
        read_genesis_table, path, LINE["Keltern"], "Bevölkerung / Ausländer(innen) / männlich / Anzahl", "'geheim'"
    )


def test_a_missing_municipality_is_refused(tmp_path):
    path = mini(tmp_path, "08236073;        Neulingen;6559;3186;3375;6218;3015;3203;343;171;172\n", "")
    raises_at(import_mini, path, LINE["Enzkreis"], "region key", "municipality 08236073 Neulingen .* is missing")


def test_a_missing_kreis_is_refused(tmp_path):
    path = mini(tmp_path, "08236;      Enzkreis, Landkreis;191354;93924;97429;174381;85305;89076;16972;8619;8353\n")
    raises_at(import_mini, path, LINE["Land"], "region key", "Kreis 08236 Enzkreis .* is missing")


def test_germans_above_the_census_total_beyond_the_perturbation_are_refused(tmp_path):
    # Zensus 2011 cells are perturbed: up to 3 more Deutsche than Insgesamt pass (schema.PART_TOLERANCE) ...
    import_mini(mini(tmp_path, "6372;3095;3277;5541;", "6372;3095;3277;6375;"))
    # ... 4 more do not
    path = mini(tmp_path, "6372;3095;3277;5541;", "6372;3095;3277;6376;")
    raises_at(
        import_mini, path, LINE["Maulbronn"], "Bevölkerung / Deutsche / Insgesamt / Anzahl", "more than population"
    )


def test_one_municipality_under_two_keys_is_refused(tmp_path):
    # Stolzenau is 03256032 until 2010 and 03256410032 in the Samtgemeinde Mittelweser (12411-01-01-5 lines 1668,
    # 1725): the same AGS twice is an error, never two figures for one municipality
    path = mini(
        tmp_path,
        "03151401002;        Barwedel;",
        "03151002;        Barwedel;1;1;0;1;1;0;-;-;-\n03151401002;        Barwedel;",
    )
    table = read_genesis_table(path)
    raises_at(
        lambda p: to_extract(table, SPEC_12111_01_01), path, LINE["Barwedel"] + 1, "region key", "AGS 03151002 twice"
    )


def test_keys_of_verbandsgemeinden_need_the_depth_in_the_title(tmp_path):
    path = mini(tmp_path, "regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden", "regionale Tiefe: Gemeinden")
    raises_at(read_genesis_table, path, LINE["Barwedel"], "region key", "unknown region key form '03151401002'")
