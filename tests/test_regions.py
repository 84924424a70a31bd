"""The municipality registry: the 28 municipalities, the pilots, and forgiving look-up."""

from __future__ import annotations

import pytest

from integration_analysis.core.errors import InputError, UnknownRegionError
from integration_analysis.data.regions import default_region, load_region, normalise_name

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
