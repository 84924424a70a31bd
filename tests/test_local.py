"""Municipal information (data/local): schema checks with located errors, the template, the shipped pilot files,
rendering (escaped, disclosure-controlled) and the Kreisübersicht matrix, offers and gaps."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from integration_analysis.core.errors import InputError
from integration_analysis.core.paths import LOCAL_DIR
from integration_analysis.data.local import (
    HANDLUNGSFELDER,
    JOINT_TOPIC,
    OWN_TOPIC,
    TEMPLATE_NAME,
    check_local_dir,
    load_all,
    load_checked,
    load_local,
    read_profile,
)
from integration_analysis.data.regions import default_region
from integration_analysis.report.local_sections import gaps, offers_overview, render_profile, topic_matrix

FIXTURES = Path(__file__).parent / "fixtures" / "local"
VALID = FIXTURES / "valid"
KELTERN = VALID / "08236070.yaml"
PILOTS = {"08236070", "08236038", "08236073", "08236065"}
PRESS_RELEASE = "Pressemitteilung Landratsamt Enzkreis, 11.07.2021"
PRESS_TITLE = "Auf dem Weg zum Integrationskonzept: Diese vier Kommunen aus dem Enzkreis werden Modellprojekt"


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the last line containing ``needle``."""
    return max(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def table_rows(html_text: str, index: int = 0) -> list[dict[str, str]]:
    table = BeautifulSoup(html_text, "html.parser").find_all("table")[index]
    head = [th.get_text() for th in table.find("thead").find_all("th")]
    return [dict(zip(head, (td.get_text() for td in tr.find_all("td")), strict=True)) for tr in table.tbody("tr")]


# --- a complete valid profile ------------------------------------------------------------------------------


def test_a_complete_profile_loads_with_all_sections():
    profile = load_local("08236070", VALID)
    assert profile is not None
    assert (profile.ags, profile.name, profile.path) == ("08236070", "Keltern", KELTERN)
    assert profile.collection.date == "2024-03-15"
    assert profile.collection.collected_by == "Testbüro (fiktiv)"
    assert profile.collection.contact == "Hauptamt (fiktiv)"
    assert [s.id for s in profile.sources] == ["gespraech_2024_03", "workshop_2024_04"]
    assert profile.sources[1].date == "2024-04" and profile.sources[1].url == "https://example.org/protokoll"
    assert [(a.name, a.kind) for a in profile.actors] == [
        ("Sportverein Testdorf (fiktiv)", "Verein"),
        ("Helferkreis Asyl (fiktiv)", "Ehrenamtskreis"),  # written in lower case, stored as in the list
    ]
    assert profile.actors[0].source is profile.sources[0]
    sprachcafe, football = profile.offers
    assert sprachcafe.target_groups == ("Erwachsene", "Geflüchtete") and sprachcafe.fields == ("Sprache",)
    assert football.target_groups == ("Kinder und Jugendliche",)  # a single text counts as a list of one
    assert [p.description for p in profile.potentials] == ["Viele Vereine mit offenen Trainingszeiten (fiktiv)"]
    assert profile.starting_points[0].fields == ("Ehrenamt", "Wohnen")
    assert [(t.field, t.free_text) for t in profile.topics] == [
        ("Sprache", "Sprachkurse am Abend fehlen (fiktiv)"),
        ("Vereinsleben", ""),
        ("Sonstiges", "Mobilität in den Ortsteilen (fiktiv)"),
    ]
    assert [(p.format, p.date) for p in profile.participation] == [("Gespräch", "2024-03-15"), ("Workshop", "2024-04")]
    assert [(c.value, c.unit, c.counts_people) for c in profile.counts] == [
        (2, "Personen", True),  # no unit: persons
        (25, "Personen", True),
        (1, "Einrichtungen", False),
    ]
    assert profile.named_fields == ("Sprache", "Vereinsleben", "Ehrenamt", "Wohnen", "Sonstiges")
    assert profile.offered_fields == ("Sprache", "Vereinsleben")
    assert profile.gaps == ("Ehrenamt", "Wohnen", "Sonstiges")


def test_load_local_without_a_file_is_none_and_a_bad_key_fails(tmp_path):
    assert load_local("08236038", VALID) is None
    with pytest.raises(ValueError, match="8-digit"):
        load_local("8236070", VALID)


def test_load_all_reads_every_municipality_and_skips_the_template(tmp_path):
    for path in VALID.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    shutil.copy(LOCAL_DIR / TEMPLATE_NAME, tmp_path)
    assert sorted(load_all(tmp_path)) == ["08236004", "08236070"]
    with pytest.raises(InputError, match="Vorlage"):
        read_profile(tmp_path / TEMPLATE_NAME)


# --- validation errors: file, key path, line -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "column", "needle", "message"),
    [
        ("    taetigkeit: Fußball", "    taetigkiet: Fußball", "akteure[0].taetigkiet", "taetigkiet", "taetigkeit"),
        ("    art: Verein", "    art: Sportclub", "akteure[0].art", "Sportclub", "Ehrenamtskreis"),
        ("    art: Sport\n", "    art: Fitness\n", "angebote[1].art", "Fitness", "Sprachkurs"),
        ("handlungsfeld: Vereinsleben", "handlungsfeld: Vereine", "themen[1].handlungsfeld", "Vereine", "Sprache"),
        ("    themen: [Ehrenamt, Wohnen]", "    themen: [Ehrenamt, Wohnung]", "ansatzpunkte[0].themen[1]", "Wohnung",
         "Teilhabe/Beteiligung"),
        ("    quelle: workshop_2024_04\n\nangebote", "    quelle: workshop_x\n\nangebote", "akteure[1].quelle",
         "workshop_x", "gespraech_2024_03"),
        ("  stand: 2024-03-15", "  stand: 15.03.2024", "erhebung.stand", "stand: 15.03.2024", "JJJJ-MM-TT"),
        ("    datum: 2024-04\n    quelle", "    datum: 2024-13\n    quelle", "beteiligung[1].datum", "2024-13",
         "kein gültiges Datum"),
        ("  stand: 2024-03-15", "  stand: 2024-03-15 10:00:00", "erhebung.stand", "10:00:00", "Uhrzeit"),
        ("    wert: 25", "    wert: -3", "lokale_zahlen[1].wert", "-3", "negativ"),
        ("    wert: 25", "    wert: 2.5", "lokale_zahlen[1].wert", "2.5", "ganze Zahl"),
        ("    wert: 25", '    wert: "25"', "lokale_zahlen[1].wert", '"25"', "ganze Zahl"),
        ("    wert: 25", "    wert: ja", "lokale_zahlen[1].wert", "wert: ja", "ganze Zahl"),
        ("    art: Verein\n", "", "akteure[0].art", "- name: Sportverein", "Pflichtangabe 'art' fehlt"),
        ("  erhoben_von: Testbüro (fiktiv)\n", "", "erhebung.erhoben_von", "erhebung:", "'erhoben_von' fehlt"),
        ("    einheit: Einrichtungen", "    einheit: Betten", "lokale_zahlen[2].einheit", "Betten", "Plätze"),
        ("    freitext: Mobilität", "    beschreibung: Mobilität", "themen[2].beschreibung", "beschreibung: Mob",
         "unbekannter Schlüssel"),
        ("    freitext: Mobilität in den Ortsteilen (fiktiv)\n", "", "themen[2].freitext", "handlungsfeld: Sonstiges",
         "freitext"),
        ("    url: https://example.org/protokoll", "    url: javascript:alert(1)", "quellen[1].url", "javascript",
         "https://"),
        ("  name: Keltern", "  name: Maulbronn", "gemeinde.name", "Maulbronn", "08236070 (Keltern)"),
        ("  name: Keltern", "  name: 1234", "gemeinde.name", "1234", "Text erwartet"),
        ("  - id: workshop_2024_04", "  - id: gespraech_2024_03", "quellen[1].id", "- id: gespraech_2024_03",
         "doppelt"),
        ("potenziale:\n  - beschreibung: Viele Vereine mit offenen Trainingszeiten (fiktiv)\n"
         "    quelle: workshop_2024_04", "potenziale: Viele Vereine", "potenziale", "potenziale:", "Liste erwartet"),
        ("  - format: Workshop", "  - format: Sitzung", "beteiligung[1].format", "Sitzung", "Interview"),
        ("  kontakt: Hauptamt (fiktiv)", '  kontakt: "[Ansprechstelle]"', "erhebung.kontakt", "[Ansprechstelle]",
         "Platzhalter"),
        ("  stand: 2024-03-15\n", "  stand: 2024-03-15\n  stand: 2024-03-16\n", "erhebung.stand", "2024-03-16",
         "doppelt"),
        ("akteure:", "akteur:", "akteur", "akteur:", "Meinten Sie 'akteure'?"),
    ],
)  # fmt: skip
def test_each_problem_names_file_key_path_and_line(tmp_path, old, new, column, needle, message):
    original = KELTERN.read_text(encoding="utf-8")
    assert old in original
    text = original.replace(old, new, 1)
    path = write(tmp_path, "08236070.yaml", text)
    with pytest.raises(InputError) as info:
        read_profile(path)
    error = info.value
    assert error.path == path
    assert error.column == column
    expected_line = line_of(text, needle.rstrip("\n"))
    assert error.line == expected_line
    assert message in error.message
    assert str(path) in str(error) and f"line {expected_line}" in str(error)


def test_a_key_that_does_not_match_the_file_name_is_an_error(tmp_path):
    text = KELTERN.read_text(encoding="utf-8")
    path = write(tmp_path, "08236004.yaml", text)
    with pytest.raises(InputError) as info:
        read_profile(path)
    assert info.value.column == "gemeinde.ags" and info.value.line == line_of(text, "ags:")
    assert "Dateinamen 08236004.yaml" in info.value.message


def test_a_key_outside_the_kreis_is_an_error(tmp_path):
    text = KELTERN.read_text(encoding="utf-8").replace('"08236070"', '"08111000"').replace("name: Keltern", "name: X")
    path = write(tmp_path, "08111000.yaml", text)
    with pytest.raises(InputError) as info:
        read_profile(path)
    assert info.value.column == "gemeinde.ags" and info.value.line == line_of(text, "ags:")
    assert "keine Gemeinde des Enzkreises" in info.value.message


def test_an_unquoted_short_key_is_an_error(tmp_path):
    text = KELTERN.read_text(encoding="utf-8").replace('"08236070"', "8236070")
    with pytest.raises(InputError) as info:
        read_profile(write(tmp_path, "08236070.yaml", text))
    assert info.value.column == "gemeinde.ags" and "Anführungszeichen" in info.value.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- gemeinde\n- erhebung\n", 1, "Zuordnung (Schlüssel: Wert) erwartet, gefunden eine Liste"),
        ("Keltern\n", 1, "Zuordnung (Schlüssel: Wert) erwartet"),
        ("", None, "leer"),
        ("# nur ein Kommentar\n", None, "leer"),
        ('gemeinde:\n  ags: "08236070\n  name: Keltern\n', 4, "kein gültiges YAML"),
        ("gemeinde:\n  ags: x\n name: Keltern\n", 3, "kein gültiges YAML"),
        ("gemeinde: {ags: 1}\n---\ngemeinde: {}\n", 2, "kein gültiges YAML"),
    ],
)
def test_files_that_are_not_a_mapping_or_not_yaml(tmp_path, text, line, message):
    path = write(tmp_path, "08236070.yaml", text)
    with pytest.raises(InputError) as info:
        read_profile(path)
    assert info.value.path == path and info.value.line == line and message in info.value.message
    assert info.value.column is None  # the whole file: no key path


def test_missing_top_level_sections_are_named(tmp_path):
    text = 'gemeinde: {ags: "08236070", name: Keltern}\nerhebung: {stand: 2024-03, erhoben_von: Test}\n'
    with pytest.raises(InputError) as info:
        read_profile(write(tmp_path, "08236070.yaml", text))
    assert info.value.column == "quellen" and "Pflichtangabe 'quellen' fehlt" in info.value.message


def test_check_local_dir_lists_every_problem_of_every_file(tmp_path):
    text = KELTERN.read_text(encoding="utf-8")
    text = text.replace("    art: Verein", "    art: Club").replace("handlungsfeld: Vereinsleben", "handlungsfeld: X")
    write(tmp_path, "08236070.yaml", text)
    write(tmp_path, "08236004.yaml", "")
    write(tmp_path, "08236038.yml", "gemeinde: {}\n")
    problems = check_local_dir(tmp_path)
    assert len(problems) == 4
    assert any("08236038.yml" in p and ".yaml" in p for p in problems)
    assert any("08236004.yaml" in p and "leer" in p for p in problems)
    assert any("'akteure[0].art'" in p and f"line {line_of(text, 'Club')}" in p for p in problems)
    assert any("'themen[1].handlungsfeld'" in p for p in problems)
    assert check_local_dir(VALID) == []
    assert "nicht gefunden" in check_local_dir(tmp_path / "missing")[0]


def test_an_invalid_source_is_reported_once_not_at_every_use(tmp_path):
    text = KELTERN.read_text(encoding="utf-8").replace("    datum: 2024-04\n    url", "    datum: April\n    url")
    problems = check_local_dir(write(tmp_path, "08236070.yaml", text).parent)
    assert len(problems) == 1 and "'quellen[1].datum'" in problems[0]


# --- the template --------------------------------------------------------------------------------------------


def test_the_template_passes_the_check_as_the_template(tmp_path):
    shutil.copy(LOCAL_DIR / TEMPLATE_NAME, tmp_path)
    assert check_local_dir(tmp_path) == []


def test_the_template_copied_with_a_key_reports_every_placeholder_left(tmp_path):
    text = (LOCAL_DIR / TEMPLATE_NAME).read_text(encoding="utf-8")
    text = text.replace('"[achtstelliger Gemeindeschlüssel, z. B. 08236070]"', '"08236070"')
    write(tmp_path, "08236070.yaml", text)
    problems = check_local_dir(tmp_path)
    sections = ("gemeinde", "erhebung", "quellen", "akteure", "angebote", "potenziale", "ansatzpunkte", "themen")
    assert all("Platzhalter aus der Vorlage ist noch nicht ersetzt" in p for p in problems)
    for section in (*sections, "beteiligung", "lokale_zahlen"):
        assert any(f"column '{section}" in p for p in problems), section


def test_the_template_filled_in_passes(tmp_path):
    text = (LOCAL_DIR / TEMPLATE_NAME).read_text(encoding="utf-8")
    replacements = {
        '"[achtstelliger Gemeindeschlüssel, z. B. 08236070]"': '"08236070"',
        '"[Name der Gemeinde, z. B. Keltern]"': "Keltern",
        '"[ganze Zahl]"': "12",
        '"[https://... ; kann entfallen]"': "https://example.org",
    }
    for old, new in replacements.items():
        text = text.replace(old, new)
    text = text.replace('"[JJJJ-MM-TT: Stand der Angaben]"', "2024-03-15").replace('"[JJJJ-MM-TT]"', "2024-03")
    text = text.replace('"[', '"Test: ').replace(']"', '"')
    path = write(tmp_path, "08236070.yaml", text)
    profile = read_profile(path)
    assert len(profile.actors) == len(profile.offers) == len(profile.counts) == 1


def test_a_broken_template_is_reported(tmp_path):
    text = (LOCAL_DIR / TEMPLATE_NAME).read_text(encoding="utf-8").replace("    art: Verein", "    art: Klub")
    write(tmp_path, TEMPLATE_NAME, text)
    problems = check_local_dir(tmp_path)
    assert len(problems) == 1 and "'akteure[0].art'" in problems[0]


# --- the shipped files ---------------------------------------------------------------------------------------


def test_the_shipped_folder_passes_the_check():
    assert check_local_dir(LOCAL_DIR) == []
    names = {p.name for p in LOCAL_DIR.iterdir() if not p.name.startswith(".")}
    assert names == {"README.md", TEMPLATE_NAME, "Vorlage_Kommunale_Angaben.xlsx", *(f"{ags}.yaml" for ags in PILOTS)}


def test_the_pilot_files_hold_only_the_four_documented_topics_of_the_press_release():
    profiles = load_all(LOCAL_DIR)
    assert set(profiles) == PILOTS == {a.ags for a in default_region().pilots}
    for profile in profiles.values():
        assert profile.collection.date == "2021-07-11"
        assert "keine eigene Erhebung" in profile.collection.collected_by
        assert [(s.label, s.title, s.date) for s in profile.sources] == [(PRESS_RELEASE, PRESS_TITLE, "2021-07-11")]
        assert [t.field for t in profile.topics] == ["Sprache", "Vereinsleben", "Ehrenamt", "Flucht/Asyl"]
        assert all(t.source.label == PRESS_RELEASE and t.free_text for t in profile.topics)
        assert "Sprachbarrieren" in profile.topics[0].free_text
        assert "Vereinsleben" in profile.topics[1].free_text
        assert "Ehrenamtsprojekte" in profile.topics[2].free_text
        assert "Flüchtlingskrise" in profile.topics[3].free_text
        empty = (profile.actors, profile.offers, profile.potentials, profile.starting_points)
        assert empty == ((), (), (), ()) and profile.participation == () and profile.counts == ()


# --- rendering -----------------------------------------------------------------------------------------------


def test_render_profile_shows_every_section_marked_as_municipal_information():
    profile = load_local("08236070", VALID)
    text = render_profile(profile, "Keltern", 3).text
    soup = BeautifulSoup(text, "html.parser")
    box = soup.find("section", class_="ia-local")
    assert box is not None and "Kommunale Angaben (Stand 15.03.2024, erhoben von: Testbüro (fiktiv))" in box.text
    assert "Keine amtliche Statistik" in box.text and "Ansprechstelle: Hauptamt (fiktiv)" in box.text
    assert [h.text for h in box.find_all("h3")] == [
        "Netzwerke und Akteure",
        "Angebote",
        "Potenziale",
        "Ansatzpunkte für Maßnahmen",
        "Themen und Handlungsfelder",
        "Beteiligung",
        "Zahlen der Gemeinde",
        "Quellen der kommunalen Angaben",
    ]
    actors = table_rows(text, 0)
    assert actors[0]["Name"] == "Sportverein Testdorf (fiktiv)"
    assert actors[0]["Quelle"] == "Gespräch mit der Gemeindeverwaltung, 15.03.2024 (fiktiv)"
    assert "Keine Angaben." not in box.text
    for item in box.find_all("li")[:5]:  # potentials, starting points, topics carry their source
        assert "(Quelle: " in item.text
    assert "Workshop mit Vereinen, 04/2024 (fiktiv), „Protokoll des Workshops (fiktiv)“, 04/2024" in box.text


def test_small_local_counts_of_people_are_shown_as_a_dot():
    profile = load_local("08236070", VALID)
    counts = table_rows(render_profile(profile, "Keltern", 3).text, 3)
    assert [(c["Wert"], c["Einheit"], c["Stand"]) for c in counts] == [
        (".", "Personen", "01.03.2024"),  # 2 < 3
        ("25", "Personen", "01.03.2024"),
        ("1", "Einrichtungen", "01.03.2024"),  # not a count of people
    ]
    assert "unter 3 sind unterdrückt" in render_profile(profile, "Keltern", 3).text
    assert [c["Wert"] for c in table_rows(render_profile(profile, "Keltern", 2).text, 3)] == ["2", "25", "1"]


def test_empty_sections_are_named_once_as_not_yet_recorded():
    profile = load_local("08236070", LOCAL_DIR)
    soup = BeautifulSoup(render_profile(profile, "Keltern", 3).text, "html.parser")
    headings = [h.text for h in soup.find_all("h3")]
    assert headings == ["Themen und Handlungsfelder", "Quellen der kommunalen Angaben"]
    assert "Sprachbarrieren" in soup.find("h3").find_next_sibling().get_text()
    assert (
        "Noch nicht erfasst: Netzwerke und Akteure, Angebote, Potenziale, Ansatzpunkte für Maßnahmen, Beteiligung "
        "und Zahlen der Gemeinde." in soup.text
    )
    assert "Zusammenstellung aus der Pressemitteilung (keine eigene Erhebung)" in soup.text


def test_render_without_a_file_says_nothing_is_recorded():
    text = render_profile(None, "Maulbronn", 3).text
    assert "ia-notice" in text and "Für Maulbronn sind keine kommunalen Angaben erfasst" in text
    assert "data/local" not in text and ".yaml" not in text  # no file names for a reviewer


MARKUP = ("<script", "<b>", "</b>", "<b ")


def test_markup_in_every_text_field_is_escaped():
    profile = load_local("08236070", FIXTURES / "markup")
    region = default_region()
    outputs = [
        render_profile(profile, "<b>Keltern</b>", 3).text,
        topic_matrix({"08236070": profile}, region).text,
        offers_overview({"08236070": profile}, region).text,
        gaps({"08236070": profile}, region).text,
    ]
    for text in outputs:
        for markup in MARKUP:
            assert markup not in text
    full = outputs[0]
    for word in ("Büro", "Kontakt", "Quelle", "Titel", "Akteur", "Tätigkeit", "Reichweite", "Angebot", "Träger"):
        assert f"&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;{word}&lt;/b&gt;" in full, word
    for word in ("Zielgruppe", "Häufigkeit", "Potenzial", "Ansatzpunkt", "Thema", "Beteiligung", "Zahl"):
        assert f"&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;{word}&lt;/b&gt;" in full, word
    link = BeautifulSoup(full, "html.parser").find("a")
    assert link["href"] == 'https://example.org/<script>alert(1)</script>?a=<b>&b="x"'  # escaped in the attribute
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;Zielgruppe&lt;/b&gt;" in outputs[2]


# --- Kreisübersicht ------------------------------------------------------------------------------------------


@pytest.fixture
def two_profiles():
    return load_all(VALID)


def test_topic_matrix_marks_each_handlungsfeld_per_municipality(two_profiles):
    text = topic_matrix(two_profiles, default_region()).text
    rows = {r["Handlungsfeld"]: r for r in table_rows(text)}
    assert list(rows) == list(HANDLUNGSFELDER)
    columns = list(rows["Sprache"])[1:]
    assert columns == ["Birkenfeld", "Keltern", "Maulbronn", "Neulingen", "Wiernsheim"]  # files and pilots
    marked = {(f, c) for f, r in rows.items() for c in ("Birkenfeld", "Keltern") if r[c] == "✓"}
    assert marked == {
        ("Sprache", "Birkenfeld"),
        ("Arbeit", "Birkenfeld"),
        ("Bildung", "Birkenfeld"),  # through an offer
        ("Sprache", "Keltern"),
        ("Vereinsleben", "Keltern"),
        ("Ehrenamt", "Keltern"),
        ("Wohnen", "Keltern"),
        ("Sonstiges", "Keltern"),
    }
    assert all(r[c] in ("✓", "") for r in rows.values() for c in ("Birkenfeld", "Keltern"))
    assert all(r[c] == "keine Angaben" for r in rows.values() for c in ("Maulbronn", "Neulingen", "Wiernsheim"))
    assert "Keine kommunalen Angaben erfasst: Eisingen, Engelsbrand" in text
    assert "Kämpfelbach, Kieselbronn, Knittlingen, Königsbach-Stein" in text  # German order
    assert "Keltern: Stand 15.03.2024, erhoben von: Testbüro (fiktiv)" in text


def test_offers_overview_lists_every_offer_where_it_exists(two_profiles):
    text = offers_overview(two_profiles, default_region()).text
    assert [(r["Gemeinde"], r["Angebot"], r["Art"], r["Handlungsfelder"]) for r in table_rows(text)] == [
        ("Birkenfeld", "Integrationskurs (fiktiv)", "Sprachkurs", "Sprache"),
        ("Birkenfeld", "Bewerbungstraining (fiktiv)", "Arbeit und Ausbildung", "Arbeit, Bildung"),
        ("Keltern", "Sprachcafé im Rathaus (fiktiv)", "Sprachcafé", "Sprache"),
        ("Keltern", "Offenes Fußballtraining (fiktiv)", "Sport", "Vereinsleben"),
    ]
    pilots_only = offers_overview(load_all(LOCAL_DIR), default_region()).text
    assert "In keiner Gemeinde sind Angebote erfasst" in pilots_only
    assert "ohne erfasste Angebote: Keltern, Maulbronn, Neulingen, Wiernsheim" in pilots_only


def test_gaps_name_handlungsfelder_without_an_offer(two_profiles):
    text = gaps(two_profiles, default_region()).text
    assert table_rows(text) == [
        {"Gemeinde": "Keltern", "Handlungsfelder ohne erfasstes Angebot": "Ehrenamt, Wohnen, Sonstiges"}
    ]
    assert "Zu allen genannten Handlungsfeldern ein Angebot erfasst: Birkenfeld." in text
    assert "Es kann dort trotzdem Angebote geben" in text
    assert "Für keine Gemeinde sind kommunale Angaben erfasst" in gaps({}, default_region()).text


# --- totals and parts of local counts ----------------------------------------------------------------------------

PARTS = """lokale_zahlen:
  - id: au
    bezeichnung: Personen in der Anschlussunterbringung (fiktiv)
    wert: 25
    stand: 2024-03-01
    quelle: pm_enzkreis_2021_07_11
  - bezeichnung: Ortsteil A (fiktiv)
    wert: 2
    teil_von: au
    stand: 2024-03-01
    quelle: pm_enzkreis_2021_07_11
  - bezeichnung: Ortsteil B (fiktiv)
    wert: 23
    teil_von: au
    stand: 2024-03-01
    quelle: pm_enzkreis_2021_07_11
"""


def with_counts(counts: str) -> str:
    text = (LOCAL_DIR / "08236070.yaml").read_text(encoding="utf-8")
    return text.replace("lokale_zahlen: []  # noch nicht erhoben\n", counts)


def test_parts_of_a_total_are_read_and_a_small_part_cannot_be_recomputed(tmp_path):
    profile = read_profile(write(tmp_path, "08236070.yaml", with_counts(PARTS)))
    assert [(c.id, c.part_of, c.value) for c in profile.counts] == [("au", "", 25), ("", "au", 2), ("", "au", 23)]
    rows = table_rows(render_profile(profile, "Keltern", 3).text, 0)  # the only table: the pilot has no actors
    assert [(r["Angabe"], r["Wert"]) for r in rows] == [
        ("Personen in der Anschlussunterbringung (fiktiv)", "25"),
        ("davon: Ortsteil A (fiktiv)", "."),
        ("davon: Ortsteil B (fiktiv)", "."),  # else 25 − 23 gives Ortsteil A away
    ]


@pytest.mark.parametrize(
    ("old", "new", "column", "needle", "message"),
    [
        ("    teil_von: au\n    stand: 2024-03-01\n    quelle: pm_enzkreis_2021_07_11\n  - bezeichnung: Ortsteil B",
         "    teil_von: au\n    id: au\n    stand: 2024-03-01\n    quelle: pm_enzkreis_2021_07_11\n"
         "  - bezeichnung: Ortsteil B", "lokale_zahlen[1].id", "id: au\n    stand", "doppelt"),
        ("    wert: 23\n    teil_von: au", "    wert: 23\n    teil_von: au\n    einheit: Familien",
         "lokale_zahlen[2].teil_von", "teil_von: au\n    einheit", "Einheit und Stand"),
        ("  - id: au\n", "  - id: au\n    teil_von: au\n", "lokale_zahlen[0].teil_von", "teil_von: au\n    bez",
         "nicht Teil von sich selbst"),
    ],
)  # fmt: skip
def test_parts_must_name_a_total_of_their_unit_and_date(tmp_path, old, new, column, needle, message):
    text = with_counts(PARTS)
    assert old in text
    text = text.replace(old, new, 1)
    with pytest.raises(InputError) as info:
        read_profile(write(tmp_path, "08236070.yaml", text))
    assert info.value.column == column and message in info.value.message
    assert info.value.line == text[: text.index(needle)].count("\n") + 1


def test_topics_named_for_all_pilots_are_not_ticked_for_any_of_them():
    """Issue 11: the pilots' four press-release topics were named for the programme, not per municipality
    (``zuordnung: alle Pilotkommunen``): the matrix ticks none of them and names them once beneath it."""
    profiles, faulty = load_checked(region=default_region())
    assert faulty == {}
    text = topic_matrix(profiles, default_region()).text
    rows = table_rows(text)
    pilots = ("Keltern", "Maulbronn", "Neulingen", "Wiernsheim")
    assert all(row[p] == "" for row in rows for p in pilots)
    assert (
        "Für alle Pilotkommunen gemeinsam genannt und deshalb bei keiner Gemeinde angekreuzt: Sprache, "
        "Vereinsleben, Ehrenamt und Flucht/Asyl (Quelle: Pressemitteilung Landratsamt Enzkreis, 11.07.2021)."
    ) in text
    keltern = profiles["08236070"]
    assert {t.scope for t in keltern.topics} == {JOINT_TOPIC} and keltern.named_fields == ()
    shown = render_profile(keltern, "Keltern", 3).text  # the Steckbrief says so too
    assert shown.count("(für alle Pilotkommunen gemeinsam genannt)") == 4
    own = replace(keltern, topics=(replace(keltern.topics[0], scope=OWN_TOPIC),))
    assert own.named_fields == ("Sprache",)
