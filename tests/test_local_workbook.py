"""Municipal information through a spreadsheet (data.local_workbook, data.local_writer): the Excel template as the
code writes it (drop-down lists from the vocabularies, reproducible bytes), the round trip YAML → xlsx → YAML for
every file in data/local and the test fixtures, the import with the same rules and messages as the YAML files
located by sheet, row and column, malformed workbooks, the CLI, and LibreOffice where it is installed."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from integration_analysis.cli import main
from integration_analysis.core.errors import InputError
from integration_analysis.core.paths import LOCAL_DIR, LOCAL_WORKBOOK_TEMPLATE
from integration_analysis.data.local import (
    CHOICE,
    CHOICES,
    COUNT,
    DATE,
    PARTS,
    SOURCE,
    TEMPLATE_NAME,
    check_data,
    check_file,
    read_profile,
)
from integration_analysis.data.local_workbook import (
    FIRST_ROW,
    HEADER_ROW,
    INSTRUCTIONS,
    LISTS,
    SHEET_OF_PART,
    SHEETS,
    check_workbook,
    columns,
    export_workbook,
    import_comment,
    import_workbook,
    read_workbook,
    template_bytes,
    write_template,
)
from integration_analysis.data.local_writer import canonical, dump_local

FIXTURES = Path(__file__).parent / "fixtures" / "local"
KELTERN = FIXTURES / "valid" / "08236070.yaml"
#: Every municipal file the project holds or tests with: the template's example, the pilots, the fixtures.
ALL_FILES = (
    sorted(LOCAL_DIR.glob("*.yaml"))
    + sorted((FIXTURES / "valid").glob("*.yaml"))
    + [FIXTURES / "markup" / "08236070.yaml"]
)


def leaves(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every value of plain data with its key path (items of a list of texts under the list's path), blank ones
    left out: what a round trip must keep."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]" if isinstance(item, dict) else path)
    elif value is not None and not (isinstance(value, str) and not value.strip()):
        yield path, repr(value)


def zip_entries(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture
def keltern_xlsx(tmp_path) -> Path:
    """The complete test profile (every part filled) as a workbook."""
    return export_workbook(KELTERN, tmp_path / "keltern.xlsx")


def edit(path: Path, change: Callable[[openpyxl.Workbook], object]) -> Path:
    """``path`` changed as a person would in Excel (loaded in full, changed, saved)."""
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def only_problem(path: Path) -> InputError:
    problems = check_workbook(path)[2]
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def yaml_problems(tmp_path: Path, old: str, new: str) -> list[str]:
    """The messages the same change gives in the YAML file."""
    text = KELTERN.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "yaml" / "08236070.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [problem.message for problem in check_file(path)[2]]


# --- the layout follows the schema ---------------------------------------------------------------------------


def test_every_part_and_key_of_the_schema_has_its_sheet_and_column():
    assert SHEETS == (
        "Gemeinde",
        "Quellen",
        "Akteure",
        "Angebote",
        "Potenziale",
        "Ansatzpunkte",
        "Handlungsfelder",
        "Beteiligung",
        "Zahlen",
    )
    for part in PARTS:
        sheet_columns = [c for c in columns(SHEET_OF_PART[part.key]) if c.part is part]
        assert [c.field.key for c in sheet_columns if c.item <= 1] == list(part.keys), part.key
    headers = {sheet: [c.header for c in columns(sheet)] for sheet in SHEETS}
    assert headers["Angebote"] == [
        "Name",
        "Art",
        "Träger",
        "Zielgruppe 1",
        "Zielgruppe 2",
        "Zielgruppe 3",
        "Häufigkeit",
        "Handlungsfeld 1",
        "Handlungsfeld 2",
        "Handlungsfeld 3",
        "Handlungsfeld 4",
        "Quelle",
    ]
    assert headers["Gemeinde"] == ["Gemeindeschlüssel", "Gemeinde", "Stand", "Erhoben von", "Kontakt"]
    assert all(len(set(names)) == len(names) for names in headers.values())


# --- the template ------------------------------------------------------------------------------------------


def test_the_committed_template_is_the_one_the_code_writes():
    committed, fresh = LOCAL_WORKBOOK_TEMPLATE.read_bytes(), template_bytes()
    message = "data/local/Vorlage_Kommunale_Angaben.xlsx is outdated: run `integration-analysis local template`"
    assert zip_entries(committed) == zip_entries(fresh), message
    assert committed == fresh, message


def test_workbook_bytes_depend_on_the_content_only(tmp_path):
    first = write_template(tmp_path / "a.xlsx").read_bytes()
    assert write_template(tmp_path / "b.xlsx").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2024-01-01T00:00:00Z" in archive.read("docProps/core.xml")
    assert export_workbook(KELTERN, tmp_path / "c.xlsx").read_bytes() == (
        export_workbook(KELTERN, tmp_path / "d.xlsx").read_bytes()
    )


def test_the_template_reads_back_with_a_drop_down_list_for_every_vocabulary():
    workbook = openpyxl.load_workbook(LOCAL_WORKBOOK_TEMPLATE)
    assert workbook.sheetnames == [INSTRUCTIONS, *SHEETS, LISTS]
    assert workbook.active.title == INSTRUCTIONS
    assert [workbook[s].sheet_state for s in workbook.sheetnames] == ["visible"] * 10 + ["hidden"]

    def named_values(formula: str) -> list[str]:
        sheet, cells = workbook.defined_names[formula].attr_text.replace("$", "").split("!")
        return [c.value for row in workbook[sheet][cells] for c in row]

    def named_range(formula: str) -> str:
        return workbook.defined_names[formula].attr_text.replace("$", "")

    checked = Counter()
    for sheet in SHEETS:
        ws = workbook[sheet]
        assert [c.value for c in ws[HEADER_ROW]] == [c.header for c in columns(sheet)]
        assert all(ws.cell(2, i).value for i in range(1, len(columns(sheet)) + 1))  # a help text for every column
        assert ws.freeze_panes == f"A{FIRST_ROW}"
        assert ws.max_row == HEADER_ROW  # no entries
        validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
        for index, column in enumerate(columns(sheet), 1):
            letter = openpyxl.utils.get_column_letter(index)
            assert ws.column_dimensions[letter].width == column.label.width
            last = FIRST_ROW if sheet == "Gemeinde" else FIRST_ROW + 499
            validation = validations.get(f"{letter}{FIRST_ROW}:{letter}{last}")
            if column.field.kind in (CHOICE, CHOICES):
                assert validation.type == "list" and validation.errorStyle == "stop"
                assert named_values(validation.formula1) == list(column.field.choices)  # the list of local.py
                checked[column.field.choices] += 1
            elif column.field.kind == SOURCE:
                assert validation.type == "list" and named_range(validation.formula1) == f"Quellen!A4:A{last}"
                checked["source"] += 1
            elif column.field.kind == COUNT:
                assert (validation.type, validation.formula1, validation.formula2) == ("whole", "0", "1000000")
            elif column.field.key == "teil_von":
                assert named_range(validation.formula1) == f"Zahlen!F4:F{last}"  # the ids of the counts
            else:
                assert validation is None, (sheet, column.header)
            if column.field.kind in (DATE, SOURCE) or column.field.key == "ags":
                assert ws.column_dimensions[letter].number_format == "@"  # typed dates and keys stay texts
    # Handlungsfelder: 4 + 4 columns of offers and starting points, 1 of topics; a list for every source column;
    # one each for actor kinds, offer kinds, formats, units and the scope of a topic
    assert sorted(checked.values()) == [1, 1, 1, 1, 1, 7, 9]
    text = " ".join(str(row[0]) for row in workbook[INSTRUCTIONS].iter_rows(values_only=True) if row[0])
    assert "integration-analysis local import" in text and "08236070   Keltern   (Pilotkommune)" in text


def test_the_empty_template_asks_for_the_municipality_at_its_cells():
    data, locator = read_workbook(LOCAL_WORKBOOK_TEMPLATE)
    assert data["akteure"] == [] and data["gemeinde"] == {}
    problems = check_data(data, locator)[1]
    assert [(p.column, p.line, p.message) for p in problems] == [
        ("Gemeinde!A4", 4, "Pflichtangabe 'ags' fehlt"),
        ("Gemeinde!C4", 4, "Pflichtangabe 'stand' fehlt"),
    ]


# --- the round trip ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_yaml_to_workbook_to_yaml_keeps_every_value(tmp_path, path):
    data, profile, problems = check_file(path)
    assert problems == []
    workbook = export_workbook(path, tmp_path / "export.xlsx")
    read, locator = read_workbook(workbook)
    assert read == canonical(data)
    assert Counter(leaves(read)) == Counter(leaves(data))  # every value, none added
    template = path.name == TEMPLATE_NAME
    again, problems = check_data(read, locator, template=template)
    assert problems == []
    assert dump_local(read) == dump_local(data)
    if template:
        assert again is None
        return
    assert replace(again, path=path) == profile  # the same profile, value by value
    written, problems = import_workbook(workbook, tmp_path / "local")
    assert problems == [] and written == tmp_path / "local" / f"{profile.ags}.yaml"
    assert written.read_text(encoding="utf-8") == dump_local(data, import_comment(profile))
    assert replace(read_profile(written), path=path) == profile


def test_a_filled_example_imports_as_the_yaml_it_came_from(tmp_path):
    data, profile, _ = check_file(KELTERN)
    source = tmp_path / "yaml" / "08236070.yaml"
    source.parent.mkdir()
    source.write_text(dump_local(data, import_comment(profile)), encoding="utf-8")
    workbook = export_workbook(source, tmp_path / "Keltern.xlsx")
    written, problems = import_workbook(workbook, tmp_path / "local")
    assert problems == []
    assert written.read_bytes() == source.read_bytes()  # the YAML text, byte for byte
    assert replace(read_profile(written), path=KELTERN) == profile
    # what the import shows the consultant, cell by cell (Angebote: Name, Art, Träger, Zielgruppe 1-3, ...)
    sheet = openpyxl.load_workbook(workbook)["Angebote"]
    assert [c.value for c in sheet[4]] == [
        "Sprachcafé im Rathaus (fiktiv)",
        "Sprachcafé",
        "Helferkreis Asyl (fiktiv)",
        "Erwachsene",
        "Geflüchtete",
        None,
        "wöchentlich",
        "Sprache",
        None,
        None,
        None,
        "gespraech_2024_03",
    ]
    assert openpyxl.load_workbook(workbook)["Zahlen"]["B5"].value == 25  # a number cell, not a text


TRICKY = [
    "Name: mit Doppelpunkt",
    "# kein Kommentar",
    "- kein Spiegelstrich",
    "[eckig] aber kein Platzhalter",
    "'einfach' und \"doppelt\"",
    "yes",
    "null",
    "~",
    "123",
    "0x1F",
    "1e3",
    "2024-03-15",
    "=SUMME(A1:A3)",
    "@home",
    "`backtick`",
    "%Prozent",
    "!wichtig",
    "&anker *stern",
    "|pipe",
    ">größer",
    "{geschweift}",
    "a, b",
    "Zeile 1\nZeile 2",
    "Tab\tgetrennt",
    " führendes Leerzeichen",
    "mit\u2028Trenner",
    "Emoji 🙂 und Umlaute äöüß",
    "lang " * 80,
    "doppelte  Leerzeichen " * 10,
    "Backslash \\ und Schrägstrich /",
]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_texts_that_need_quoting_survive_both_ways(tmp_path, text):
    data, profile, _ = check_file(KELTERN)
    data["akteure"][0]["name"] = text
    data["akteure"][0]["taetigkeit"] = f"x {text}"
    data["angebote"][0]["zielgruppen"] = [text, "b"]
    source = tmp_path / "08236070.yaml"
    source.write_text(dump_local(data), encoding="utf-8")  # raises where it would not read back
    assert check_file(source)[0] == canonical(data)
    read, _ = read_workbook(export_workbook(source, tmp_path / "x.xlsx"))
    assert read == canonical(data)


# --- problems: the same rules and messages as YAML, at sheet, row and column -------------------------------


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "old", "new", "column"),
    [
        # a value outside a drop-down list, typed in anyway
        ("Angebote", "H4", "Sprach", "    themen: [Sprache]", "    themen: [Sprach]", "Angebote!H4"),
        ("Akteure", "B5", "Helfer", "    art: ehrenamtskreis", "    art: Helfer", "Akteure!B5"),
        ("Handlungsfelder", "A5", "Vereine", "handlungsfeld: Vereinsleben", "handlungsfeld: Vereine",
         "Handlungsfelder!A5"),
        ("Beteiligung", "A5", "Sitzung", "  - format: Workshop", "  - format: Sitzung", "Beteiligung!A5"),
        ("Zahlen", "C6", "Betten", "    einheit: Einrichtungen", "    einheit: Betten", "Zahlen!C6"),
        # a bad date
        ("Gemeinde", "C4", "15.03.2024", "  stand: 2024-03-15", "  stand: 15.03.2024", "Gemeinde!C4"),
        ("Beteiligung", "B5", "2024-13", "    datum: 2024-04\n    quelle", "    datum: 2024-13\n    quelle",
         "Beteiligung!B5"),
        ("Quellen", "D5", "April", "    datum: 2024-04\n    url", "    datum: April\n    url", "Quellen!D5"),
        # other rules
        ("Akteure", "E5", "workshop_x", "    quelle: workshop_2024_04\n\nangebote",
         "    quelle: workshop_x\n\nangebote", "Akteure!E5"),
        ("Quellen", "E5", "javascript:alert(1)", "    url: https://example.org/protokoll",
         "    url: javascript:alert(1)", "Quellen!E5"),
        ("Gemeinde", "B4", "Maulbronn", "  name: Keltern", "  name: Maulbronn", "Gemeinde!B4"),
        ("Gemeinde", "E4", "[Ansprechstelle]", "  kontakt: Hauptamt (fiktiv)", '  kontakt: "[Ansprechstelle]"',
         "Gemeinde!E4"),
        ("Handlungsfelder", "B6", None, "    freitext: Mobilität in den Ortsteilen (fiktiv)\n", "",
         "Handlungsfelder!B6"),
        ("Zahlen", "B5", -3, "    wert: 25", "    wert: -3", "Zahlen!B5"),
        ("Quellen", "A5", "gespraech_2024_03", "  - id: workshop_2024_04", "  - id: gespraech_2024_03",
         "Quellen!A5"),
        # an empty required cell
        ("Akteure", "A4", None, "  - name: Sportverein Testdorf (fiktiv)\n    art", "  - art", "Akteure!A4"),
    ],
)  # fmt: skip
def test_a_problem_has_the_message_of_the_yaml_rule_at_its_cell(
    tmp_path, keltern_xlsx, sheet, cell, value, old, new, column
):
    def change(workbook):
        workbook[sheet][cell].value = value

    problems = check_workbook(edit(keltern_xlsx, change))[2]
    assert [p.message for p in problems] == yaml_problems(tmp_path, old, new)  # the same problems, word for word
    error = problems[0]
    assert error.path == keltern_xlsx
    assert (error.column, error.line) == (column, int(cell[1:]))
    assert f"keltern.xlsx, line {cell[1:]}, column '{column}': " in str(error)


def test_a_missing_required_value_names_the_key_like_yaml(tmp_path, keltern_xlsx):
    error = only_problem(edit(keltern_xlsx, lambda wb: wb["Akteure"].__setitem__("B4", None)))
    assert (error.column, error.message) == ("Akteure!B4", "Pflichtangabe 'art' fehlt")


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "column", "message"),
    [
        # a number as text, and a text as a number
        ("Zahlen", "B5", "25", "Zahlen!B5", "ganze Zahl ≥ 0 (als Zahl, nicht als Text) erwartet, gefunden '25'"),
        ("Zahlen", "B5", 2.5, "Zahlen!B5", "ganze Zahl ≥ 0 (als Zahl, nicht als Text) erwartet, gefunden die Zahl 2.5"),
        ("Akteure", "A4", 1234, "Akteure!A4", "Text erwartet, gefunden die Zahl 1234; Zahlen und ja/nein als Text"),
        ("Akteure", "A4", True, "Akteure!A4", "Text erwartet, gefunden den Wahrheitswert True"),
        ("Gemeinde", "A4", 8236070, "Gemeinde!A4", "Text erwartet, gefunden die Zahl 8236070"),
        ("Gemeinde", "A4", "8236070", "Gemeinde!A4", "achtstelliger Gemeindeschlüssel"),
        ("Gemeinde", "A4", "08111000", "Gemeinde!A4", "keine Gemeinde des Enzkreises"),
        # dates as date cells: a time of day is an error, a date outside a date column too
        ("Quellen", "D4", datetime.datetime(2024, 3, 15, 10, 30), "Quellen!D4", "(ohne Uhrzeit), gefunden "
         "'2024-03-15 10:30:00'"),
        ("Akteure", "C4", datetime.datetime(2024, 3, 1), "Akteure!C4", "Text erwartet, gefunden ein Datum"),
        # placeholders and long texts
        ("Potenziale", "A4", "x" * 2001, "Potenziale!A4", "Text zu lang: 2.001 Zeichen"),
        ("Angebote", "E4", "[Zielgruppe]", "Angebote!E4", "Platzhalter aus der Vorlage"),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_kind_is_named_at_its_cell(keltern_xlsx, sheet, cell, value, column, message):
    error = only_problem(edit(keltern_xlsx, lambda wb: wb[sheet].__setitem__(cell, value)))
    assert (error.column, error.line) == (column, int(cell[1:]))
    assert message in error.message


def test_a_date_cell_in_a_date_column_reads_as_the_date_it_shows(keltern_xlsx):
    edit(keltern_xlsx, lambda wb: wb["Quellen"].__setitem__("D4", datetime.datetime(2024, 3, 15)))
    data, profile, problems = check_workbook(keltern_xlsx)
    assert problems == [] and data["quellen"][0]["datum"] == "2024-03-15" == profile.sources[0].date


def test_every_problem_of_a_workbook_is_listed(keltern_xlsx):
    def change(workbook):
        workbook["Akteure"]["B4"] = "Club"
        workbook["Angebote"]["I5"] = "Vereinsleben"  # a second Handlungsfeld, fine
        workbook["Angebote"]["J5"] = "Wohnung"  # its second list item: Angebote!J5
        workbook["Zahlen"]["G4"] = "au"  # a part of an unknown total

    problems = check_workbook(edit(keltern_xlsx, change))[2]
    assert [(p.column, p.message.split(" ")[0]) for p in problems] == [
        ("Akteure!B4", "'Club'"),
        ("Angebote!J5", "'Wohnung'"),
        ("Zahlen!G4", "unbekannte"),
    ]


def test_parts_of_a_total_are_checked_at_their_cells(keltern_xlsx):
    def change(workbook):
        sheet = workbook["Zahlen"]
        sheet["F5"] = "au"  # 25 persons ...
        sheet["G4"] = "au"  # ... of which 2
        sheet["G6"] = "au"  # ... and 1 facility: another unit

    problems = check_workbook(edit(keltern_xlsx, change))[2]
    assert [(p.column, p.message[:20]) for p in problems] == [("Zahlen!G6", "Einheit und Stand mü")]


@pytest.mark.parametrize(
    ("change", "column", "line", "message"),
    [
        (lambda wb: setattr(wb["Akteure"], "title", "Akteur"), "Akteur", None,
         "Tabellenblatt 'Akteure' fehlt. Das Blatt 'Akteur' umbenannt?"),
        (lambda wb: wb.remove(wb["Potenziale"]), None, None, "Tabellenblatt 'Potenziale' fehlt."),
        (lambda wb: wb.create_sheet("Notizen"), "Notizen", None, "unbekanntes Tabellenblatt 'Notizen'"),
        (lambda wb: wb["Akteure"].delete_cols(2), "Akteure!A3:D3", 3, "die Spalte 'Art' fehlt in der Kopfzeile"),
        (lambda wb: wb["Zahlen"].__setitem__("B3", "Werte"), "Zahlen!B3", 3,
         "unbekannte Spalte 'Werte'. Meinten Sie 'Wert'? Erwartet: Bezeichnung, Wert, Einheit,"),
        (lambda wb: wb["Akteure"].__setitem__("C3", "Taetigkeit"), "Akteure!C3", 3,
         "unbekannte Spalte 'Taetigkeit'. Meinten Sie 'Tätigkeit'?"),
        (lambda wb: wb["Akteure"].__setitem__("F3", "Name"), "Akteure!F3", 3,
         "die Spalte 'Name' gibt es doppelt (schon in Akteure!A3)"),
        (lambda wb: wb["Akteure"].__setitem__("G5", "Notiz"), "Akteure!G5", 5,
         "Angabe in einer Spalte ohne Überschrift"),
        (lambda wb: wb["Akteure"].__setitem__("A5", "=A4"), "Akteure!A5", 5, "Formel '=A4' statt eines Werts"),
        (lambda wb: wb["Gemeinde"].__setitem__("B6", "Keltern"), "Gemeinde!A6", 6,
         "auf dem Blatt 'Gemeinde' nur eine Zeile ausfüllen (Zeile 4)"),
        (lambda wb: wb["Potenziale"].__setitem__("A504", "zu viel"), "Potenziale!A504", 504, "mehr als 500 Einträge"),
    ],
)  # fmt: skip
def test_a_workbook_of_another_shape_is_refused_with_sheet_row_and_column(keltern_xlsx, change, column, line, message):
    edit(keltern_xlsx, change)
    with pytest.raises(InputError) as info:
        read_workbook(keltern_xlsx)
    error = info.value
    assert (error.path, error.column, error.line) == (keltern_xlsx, column, line)
    assert error.message.startswith(message)


def test_renamed_columns_in_another_order_and_blank_rows_are_read(keltern_xlsx):
    def change(workbook):
        sheet = workbook["Angebote"]
        sheet.move_range("H3:H505", cols=10)  # Handlungsfeld 1 to the far right (column R)
        sheet["R3"] = "  handlungsfeld   1 "  # case and blanks do not matter
        sheet.insert_rows(5)  # a blank row between the two offers

    data, profile, problems = check_workbook(edit(keltern_xlsx, change))
    assert problems == []
    assert [o.fields for o in profile.offers] == [("Sprache",), ("Vereinsleben",)]
    assert data == canonical(check_file(KELTERN)[0])


def test_a_problem_after_a_blank_row_is_named_at_its_own_row(keltern_xlsx):
    def change(workbook):
        workbook["Akteure"].insert_rows(5, amount=2)
        workbook["Akteure"]["B7"] = "Club"

    assert only_problem(edit(keltern_xlsx, change)).column == "Akteure!B7"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"gemeinde;ags\nKeltern;08236070\n", "keine lesbare Excel-Arbeitsmappe (.xlsx): kein gültiges Archiv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "altes Excel-Format (.xls)"),
        (b"", "keine lesbare Excel-Arbeitsmappe"),
        ("truncated", "keine lesbare Excel-Arbeitsmappe"),
        ("ods", "OpenDocument-Tabelle (.ods)"),
        ("zip", "das Archiv enthält keine Arbeitsmappe"),
        ("broken", "Arbeitsmappe beschädigt"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, keltern_xlsx, content, message):
    path = tmp_path / "upload.xlsx"
    if content == "truncated":
        content = keltern_xlsx.read_bytes()[:5000]
    elif content in ("ods", "zip", "broken"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            if content == "ods":
                archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            elif content == "zip":
                archive.writestr("notes.txt", "x")
            else:
                archive.writestr("xl/workbook.xml", "<workbook")
        content = buffer.getvalue()
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_workbook(path)
    assert info.value.path == path and message in info.value.message
    with pytest.raises(InputError, match="kann nicht gelesen werden"):
        read_workbook(tmp_path / "missing.xlsx")


def test_an_oversized_workbook_is_refused_before_it_is_opened(tmp_path, monkeypatch, keltern_xlsx):
    from integration_analysis.data import local_workbook

    monkeypatch.setattr(local_workbook, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputError, match="entpackt zu groß"):
        read_workbook(keltern_xlsx)
    monkeypatch.setattr(local_workbook, "MAX_WORKBOOK_BYTES", 1000)
    with pytest.raises(InputError, match="Datei zu groß"):
        read_workbook(keltern_xlsx)


def test_import_refuses_an_invalid_workbook_and_an_existing_file(tmp_path, keltern_xlsx):
    local = tmp_path / "local"
    local.mkdir()
    edit(keltern_xlsx, lambda wb: wb["Akteure"].__setitem__("B4", "Club"))
    written, problems = import_workbook(keltern_xlsx, local)
    assert written is None and [p.column for p in problems] == ["Akteure!B4"] and not any(local.iterdir())
    edit(keltern_xlsx, lambda wb: wb["Akteure"].__setitem__("B4", "Verein"))
    (local / "08236070.yaml").write_text("# von Hand\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="--force"):
        import_workbook(keltern_xlsx, local)
    assert (local / "08236070.yaml").read_text(encoding="utf-8") == "# von Hand\n"
    written, _ = import_workbook(keltern_xlsx, local, force=True)
    assert read_profile(written).actors[0].kind == "Verein"


def test_export_refuses_an_invalid_file_and_an_existing_workbook(tmp_path):
    bad = tmp_path / "08236070.yaml"
    bad.write_text(KELTERN.read_text(encoding="utf-8").replace("art: Verein", "art: Club"), encoding="utf-8")
    with pytest.raises(InputError, match="'Club' ist kein erlaubter Wert"):
        export_workbook(bad, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    export_workbook(KELTERN, tmp_path / "x.xlsx")
    with pytest.raises(FileExistsError):
        export_workbook(KELTERN, tmp_path / "x.xlsx")


# --- the command line --------------------------------------------------------------------------------------


def test_cli_template_export_and_import(tmp_path, capsys, monkeypatch):
    assert main(["local", "template", "--output", str(tmp_path / "Vorlage.xlsx")]) == 0
    assert (tmp_path / "Vorlage.xlsx").read_bytes() == template_bytes()
    monkeypatch.chdir(tmp_path)
    assert main(["local", "export", "08236070", "--local-dir", str(KELTERN.parent)]) == 0
    workbook = tmp_path / "Kommunale_Angaben_08236070.xlsx"
    assert workbook.exists()
    assert main(["local", "export", str(KELTERN), "--output", str(workbook)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["local", "export", str(KELTERN), "--output", str(workbook), "--force"]) == 0

    local = tmp_path / "local"
    local.mkdir()
    assert main(["local", "import", str(workbook), "--local-dir", str(local)]) == 0
    out = capsys.readouterr().out
    assert f"übernommen: {local / '08236070.yaml'}" in out and "1 Datei(en)" in out and "alle gültig" in out
    assert main(["local", "import", str(workbook), "--local-dir", str(local)]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    edit(workbook, lambda wb: wb["Angebote"].__setitem__("H4", "Sprach"))
    assert main(["local", "import", str(workbook), "--local-dir", str(local), "--force"]) == 1
    out = capsys.readouterr().out
    assert "column 'Angebote!H4': 'Sprach' ist kein erlaubter Wert" in out and "nichts übernommen" in out
    (tmp_path / "note.xlsx").write_text("no workbook", encoding="utf-8")
    assert main(["local", "import", str(tmp_path / "note.xlsx"), "--local-dir", str(local)]) == 2
    assert "keine lesbare Excel-Arbeitsmappe" in capsys.readouterr().err


def test_cli_help_documents_the_spreadsheet_route(capsys):
    with pytest.raises(SystemExit):
        main(["local", "--help"])
    out = capsys.readouterr().out
    assert all(command in out for command in ("template", "export", "import"))


# --- LibreOffice, where installed --------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_template_and_a_filled_workbook_it_saved_imports_unchanged(tmp_path):
    filled = export_workbook(KELTERN, tmp_path / "keltern.xlsx")
    out = tmp_path / "out"
    command = [
        "soffice",
        f"-env:UserInstallation=file://{tmp_path / 'profile'}",
        "--headless",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(out),
        str(LOCAL_WORKBOOK_TEMPLATE),
        str(filled),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    template = openpyxl.load_workbook(out / LOCAL_WORKBOOK_TEMPLATE.name)
    assert template.sheetnames == [INSTRUCTIONS, *SHEETS, LISTS] and template[LISTS].sheet_state == "hidden"
    lists = {str(v.sqref): v.formula1 for v in template["Angebote"].data_validations.dataValidation}
    assert lists["H4:H503"] == "Liste_Handlungsfelder" and lists["L4:L503"] == "Liste_Quellen"
    resaved, profile, problems = check_workbook(out / "keltern.xlsx")
    assert problems == [] and resaved == canonical(check_file(KELTERN)[0])


def test_a_control_character_is_refused_in_both_formats(tmp_path):
    path = tmp_path / "08236070.yaml"
    path.write_text(KELTERN.read_text(encoding="utf-8").replace("reichweite: etwa", 'reichweite: "\\aetwa'), "utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("Mitglieder\n", 'Mitglieder"\n', 1), "utf-8")
    problems = check_file(path)[2]
    assert [(p.column, p.message) for p in problems] == [
        ("akteure[0].reichweite", "Text enthält ein Steuerzeichen (U+0007); bitte entfernen")
    ]
    with pytest.raises(InputError, match="Steuerzeichen"):  # refused before openpyxl would fail on it
        export_workbook(path, tmp_path / "x.xlsx")
