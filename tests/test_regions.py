"""The regions: the Enzkreis' 28 municipalities and pilots, forgiving look-up, any Kreis of the Land from the
municipality register, and region.yaml checked against the register."""

from __future__ import annotations

import pytest

from integration_analysis.core.errors import InputError, UnknownRegionError
from integration_analysis.core.german import kreis_genitive
from integration_analysis.core.paths import REGION_CONFIG
from integration_analysis.data.regions import (
    Area,
    Region,
    default_region,
    kreis_name,
    land_kreise,
    load_region,
    normalise_name,
    region_for_kreis,
    resolve_region,
)

PILOTS = {"Keltern": "08236070", "Maulbronn": "08236038", "Neulingen": "08236073", "Wiernsheim": "08236065"}


def test_the_enzkreis_has_28_municipalities_and_four_pilots():
    region = default_region()
    assert region.kreis.ags == "08236" and region.land.ags == "08"
    assert len(region.municipalities) == 28
    assert len(set(region.municipality_keys)) == 28
    assert {m.short_name: m.ags for m in region.pilots} == PILOTS


@pytest.mark.parametrize(
    ("query", "ags"),
    [
        ("Keltern", "08236070"),
        ("keltern", "08236070"),
        ("Maulbronn", "08236038"),
        ("Maulbronn, Stadt", "08236038"),
        ("MAULBRONN STADT", "08236038"),
        ("Mühlacker", "08236040"),
        ("Muehlacker", "08236040"),
        ("muhlacker", "08236040"),
        ("Ölbronn-Dürrn", "08236075"),
        ("Oelbronn Duerrn", "08236075"),
        ("Koenigsbach-Stein", "08236076"),
        ("08236073", "08236073"),
        (" 08236065 ", "08236065"),
        (8236070, "08236070"),  # papermill -p municipality 08236070 passes an int without the leading zero
        ("8236038", "08236038"),
    ],
)
def test_find_forgives_case_umlauts_and_suffix(query, ags):
    assert default_region().find(query).ags == ags


def test_unknown_name_suggests_the_closest():
    with pytest.raises(UnknownRegionError) as info:
        default_region().find("Keltrn")
    assert "Keltern (08236070)" in str(info.value)


def test_unknown_key_fails_with_suggestions_from_the_same_kreis():
    with pytest.raises(UnknownRegionError) as info:
        default_region().find("08236033x".rstrip("x").replace("33", "34"))
    assert "Unknown municipality '08236034'" in str(info.value)


def test_wrong_pilot_keys_from_the_web_are_not_pilots():
    # several web pages give Keltern 08236033 (that is Knittlingen) and Neulingen 08236046 (Niefern-Öschelbronn)
    region = default_region()
    assert region.find("08236033").short_name == "Knittlingen"
    assert not region.find("08236046").pilot


def test_normalise_name():
    assert normalise_name("Mühlacker, Stadt") == "muehlacker"
    assert normalise_name("Niefern-Öschelbronn") == "niefern oeschelbronn"


@pytest.mark.parametrize(
    ("text", "column"),
    [
        (
            "land: {ags: '08', name: BW}\nkreis: {ags: '08236', name: E}\nmunicipalities: []\n",
            "municipalities",
        ),
        (
            "land: {ags: '08', name: BW}\nkreis: {ags: 8236, name: E}\nmunicipalities: [{ags: '08236070', name: K}]\n",
            "kreis.ags",
        ),
        (
            "land: {ags: '08', name: BW}\nkreis: {ags: '08236', name: E}\n"
            "municipalities: [{ags: '08235070', name: K}]\n",
            "municipalities[0].ags",
        ),
        (
            "land: {ags: '08', name: BW}\nkreis: {ags: '08236', name: E}\n"
            "municipalities: [{ags: '08236070', name: K}, {ags: '08236070', name: K2}]\n",
            "municipalities[1].ags",
        ),
        (
            "land: {ags: '08', name: BW}\nkreis: {ags: '08236', name: E}\n"
            "municipalities: [{ags: '08236070', name: K, pilot: 'yes'}]\n",
            "municipalities[0].pilot",
        ),
    ],
)
def test_bad_region_config_names_the_key(tmp_path, text, column):
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_region(path)
    assert "region.yaml" in str(info.value) and f"column {column!r}" in str(info.value)


# --- regions from the municipality register ----------------------------------------------------------------------


def test_any_landkreis_comes_from_the_register():
    region = region_for_kreis("08215")
    assert region.kreis == Area("08215", "Landkreis Karlsruhe", "kreis")  # register: "Karlsruhe", Landkreis (44)
    assert region.land == Area("08", "Baden-Württemberg", "land")
    assert len(region.municipalities) == 32 and not region.pilots and not region.single_municipality
    assert region.find("Bruchsal").ags == "08215009"
    assert region.min_count == default_region().min_count and region.announcement == ""
    assert kreis_genitive(region.kreis.name) == "des Landkreises Karlsruhe"


def test_a_stadtkreis_is_a_region_of_one_municipality():
    region = region_for_kreis("08231")
    assert region.kreis.name == "Pforzheim, Stadtkreis"
    assert region.municipality_keys == ("08231000",) and region.single_municipality
    assert region.find("Pforzheim").name == "Pforzheim, Stadt"


def test_the_configured_kreis_keeps_its_pilots_and_announcement():
    assert region_for_kreis("08236") is default_region()
    region = default_region()
    assert region.announcement == "Pressemitteilung Landratsamt Enzkreis, 11.07.2021"
    assert region.programme == "Integrations- und Vielfaltskonzept 2030"
    from_register = Region.from_register("08236", pilots=tuple(PILOTS.values()))
    assert region.municipalities == from_register.municipalities


def test_the_land_has_44_kreise_and_the_names_say_what_they_are():
    kreise = {k.ags: k.name for k in land_kreise("08")}
    assert len(kreise) == 44
    assert kreise["08236"] == "Enzkreis" and kreise["08119"] == "Rems-Murr-Kreis"
    assert kreise["08211"] == "Baden-Baden, Stadtkreis" and kreise["08111"] == "Stuttgart, Stadtkreis"
    assert sum(name.endswith(", Stadtkreis") for name in kreise.values()) == 9
    with pytest.raises(UnknownRegionError, match="Unknown Land '09'"):
        land_kreise("09")


@pytest.mark.parametrize(
    ("name", "kind", "shown"),
    [
        ("Karlsruhe", "44", "Landkreis Karlsruhe"),
        ("Enzkreis", "44", "Enzkreis"),
        ("Rems-Murr-Kreis", "44", "Rems-Murr-Kreis"),
        ("Region Hannover", "44", "Region Hannover"),
        ("Landkreis Rostock", "44", "Landkreis Rostock"),
        ("Eifelkreis Bitburg-Prüm", "44", "Eifelkreis Bitburg-Prüm"),
        ("Mettmann", "43", "Kreis Mettmann"),
        ("Städteregion Aachen", "43", "Städteregion Aachen"),
        ("Pforzheim, Stadtkreis", "42", "Pforzheim, Stadtkreis"),
        ("Bremen, Stadt", "41", "Bremen, Stadt"),
        ("Regionalverband Saarbrücken", "45", "Regionalverband Saarbrücken"),
    ],
)
def test_kreis_names_as_printed(name, kind, shown):
    assert kreis_name(name, kind) == shown


def test_an_unknown_kreis_suggests_its_neighbours():
    with pytest.raises(UnknownRegionError) as info:
        region_for_kreis("08217")
    assert "Unknown Kreis '08217'" in str(info.value) and "Landkreis Karlsruhe (08215)" in str(info.value)


def test_the_report_region_follows_the_key_or_the_kreis():
    assert resolve_region("Keltern") is default_region()
    assert resolve_region("08215009").kreis.ags == "08215"
    assert resolve_region(8231000).kreis.ags == "08231"  # a key read as a number
    assert resolve_region("Bruchsal", kreis="08215").find("Bruchsal").ags == "08215009"
    with pytest.raises(UnknownRegionError):
        resolve_region("Bruchsal").find("Bruchsal")  # a name is looked up in the configured Kreis only


# --- region.yaml against the register ----------------------------------------------------------------------------

SHORT = 'kreis: {ags: "08215"}\npilots:\n  - {ags: "08215009", name: Bruchsal}\n  - {ags: "08215007"}\n'


def write(tmp_path, text):
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_short_form_names_only_the_kreis_and_its_pilots(tmp_path):
    region = load_region(write(tmp_path, SHORT + "announcement: Kreistag, 1.2.2026\ndisclosure: {min_count: 5}\n"))
    assert region.kreis.name == "Landkreis Karlsruhe" and len(region.municipalities) == 32
    assert [p.short_name for p in region.pilots] == ["Bretten", "Bruchsal"]
    assert region.min_count == 5 and region.announcement == "Kreistag, 1.2.2026" and region.programme == ""


def test_a_named_register_edition_is_used_and_a_missing_one_is_named(tmp_path):
    region = load_region(write(tmp_path, SHORT + 'register: "2013-12-31"\n'))
    assert len(region.municipalities) == 32
    with pytest.raises(InputError) as info:
        load_region(write(tmp_path, SHORT + 'register: "2020-12-31"\n'))
    assert info.value.column == "register" and info.value.line == 5
    assert "2013-12-31, 2016-12-31, 2017-12-31, 2021-12-31, 2023-12-31" in info.value.message


ENZKREIS = REGION_CONFIG.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "column", "needle", "message"),
    [
        ("  name: Enzkreis\n", "  name: Calw\n", "kreis.name", "Calw", "names Kreis 08236 'Enzkreis'"),
        ('  name: Baden-Württemberg\n', "  name: Württemberg\n", "land", "land:", "of Land 08 'Baden-Württemberg'"),
        ("{ags: \"08236070\", name: Keltern, pilot: true}", "{ags: \"08236070\", name: Kelten, pilot: true}",
         "municipalities[21].name", "Kelten", "names 08236070 'Keltern', not 'Kelten'"),
        ("  - {ags: \"08236004\", name: Birkenfeld}\n", "", "municipalities", "municipalities:",
         "the list lacks 1 of the municipality register of 2023-12-31: Birkenfeld (08236004)"),
        ("{ags: \"08236076\", name: Königsbach-Stein}", "{ags: \"08236077\", name: Königsbach-Stein}",
         "municipalities[27].ags", "08236077", "08236077 is no municipality of the Kreis"),
    ],
)  # fmt: skip
def test_a_configuration_that_disagrees_with_the_register_names_file_line_and_key(
    tmp_path, old, new, column, needle, message
):
    assert old in ENZKREIS
    text = ENZKREIS.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_region(path)
    assert info.value.path == path and info.value.column == column and message in info.value.message
    assert info.value.line == next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_unknown_kreis_in_the_file_is_named(tmp_path):
    with pytest.raises(InputError) as info:
        load_region(write(tmp_path, 'kreis: {ags: "08239"}\n'))
    assert info.value.column == "kreis.ags" and info.value.line == 1
    assert "08239 is no Kreis in the municipality register of 2023-12-31" in info.value.message


def test_pilots_are_named_in_one_place(tmp_path):
    text = ENZKREIS + 'pilots:\n  - {ags: "08236070"}\n'
    with pytest.raises(InputError) as info:
        load_region(write(tmp_path, text))
    assert info.value.column == "pilots" and "in one place" in info.value.message


def test_without_a_register_the_file_must_list_everything(tmp_path):
    with pytest.raises(InputError) as info:
        load_region(write(tmp_path, SHORT), raw_dir=tmp_path)
    assert "give land, kreis.name and municipalities" in info.value.message
