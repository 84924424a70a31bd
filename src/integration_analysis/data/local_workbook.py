"""Municipal information in a spreadsheet, for consultants who work in Excel rather than in YAML: the template
``data/local/Vorlage_Kommunale_Angaben.xlsx``, a municipality's file as a filled workbook, and a filled workbook
back into ``data/local/<AGS>.yaml``.

This module owns the workbook's layout and both ways through it:

- the layout: an instructions sheet (:data:`INSTRUCTIONS`) first, then one sheet per part of the schema
  (:data:`~.local.PARTS`; ``gemeinde`` and ``erhebung`` share the sheet "Gemeinde", one row), each with a title
  row, a help row and a header row of German column names (:data:`HEADER_ROW`), entries from row
  :data:`FIRST_ROW` on, one per row; a list of texts or choices (``zielgruppen``, ``themen``) spreads over
  numbered columns ("Handlungsfeld 1", "Handlungsfeld 2" ...). Every key with a vocabulary gets a drop-down list
  naming a column of the hidden sheet :data:`LISTS`, which holds each vocabulary of :mod:`.local` once; the
  "Quelle" columns choose from the ids on the sheet "Quellen", "Teil von" from the ids of the counts;
- writing (:func:`template_bytes`, :func:`write_template`, :func:`export_workbook`): deterministic bytes (fixed
  document dates, fixed archive times, entries stored uncompressed), so the committed template is reproducible;
- reading (:func:`read_workbook`): the sheets and columns are matched by name, and the cells become the same
  plain data a YAML file gives, checked by :func:`~.local.check_data` with a :class:`WorkbookLocator` that places
  every problem at its sheet, row and column (``Angebote!C7``). A workbook that is no ``.xlsx``, a missing or
  unknown sheet, a missing, unknown or repeated column, an entry in a column without a name, a formula or an
  error value in a cell: each an :class:`~integration_analysis.errors.InputError` naming the sheet and cell;
- importing (:func:`import_workbook`): checked data written to ``data/local/<AGS>.yaml`` atomically in the style
  of the existing files (``data.local_writer``), never over an existing file unless forced.

A cell's value is taken as it is: a text stays text (also "25" in the "Wert" column, which is then an error), a
number a number; a date cell in a date column is read as the date it shows (``2024-03-15``; with a time of day
it is an error), blank texts count as empty.
"""

from __future__ import annotations

import datetime
import difflib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..core.atomic import write_bytes_atomic, write_text_atomic
from ..core.errors import InputError
from ..core.paths import LOCAL_DIR, LOCAL_WORKBOOK_TEMPLATE
from ..core.yamlfile import parent_key
from .local import (
    ACTOR_KINDS,
    CHOICE,
    CHOICES,
    COUNT,
    COUNT_UNITS,
    DATE,
    HANDLUNGSFELDER,
    MAX_COUNT,
    OFFER_KINDS,
    PART,
    PARTICIPATION_FORMATS,
    SOURCE,
    TEXTS,
    TOPIC_SCOPES,
    URL,
    Field,
    LocalProfile,
    Part,
    check_data,
    check_file,
)
from .local_writer import canonical, dump_local
from .regions import Region, default_region

#: The rows of every data sheet: title, help, column names; entries from :data:`FIRST_ROW` on.
TITLE_ROW, HELP_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
#: Entries per sheet (the drop-down lists and formats cover that many rows).
MAX_ENTRIES = 500
#: Limits of a workbook read: its size, its size unpacked.
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024

#: The instructions sheet (first) and the hidden sheet of the drop-down lists (last).
INSTRUCTIONS = "Anleitung"
LISTS = "Auswahllisten"

_LAST_ROW = FIRST_ROW + MAX_ENTRIES - 1
# Document dates and archive times of every workbook written (the bytes depend on the content only).
_FIXED_TIME = datetime.datetime(2024, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _Label(NamedTuple):
    """How a key appears in the workbook: column name, width, a note for the help row, columns for a list."""

    header: str
    width: int
    note: str = ""
    columns: int = 1


#: The sheet of each part, in the order of the workbook.
SHEET_OF_PART: dict[str, str] = {
    "gemeinde": "Gemeinde",
    "erhebung": "Gemeinde",
    "quellen": "Quellen",
    "akteure": "Akteure",
    "angebote": "Angebote",
    "potenziale": "Potenziale",
    "ansatzpunkte": "Ansatzpunkte",
    "themen": "Handlungsfelder",
    "beteiligung": "Beteiligung",
    "lokale_zahlen": "Zahlen",
}

#: What each sheet says in its title row (after the parts' titles).
_SHEET_NOTES: dict[str, str] = {
    "Gemeinde": "genau eine Zeile (Zeile 4) mit dem Gemeindeschlüssel und dem Stand der Angaben",
    "Quellen": "jede Angabe der anderen Blätter nennt in der Spalte „Quelle“ die ID einer dieser Quellen",
    "Akteure": "wer vor Ort in der Integration mitwirkt; eine Zeile je Akteur oder Netzwerk",
    "Angebote": "Sprachkurse, Treffpunkte, Beratung, Sport ...; eine Zeile je Angebot",
    "Potenziale": "worauf die Gemeinde aufbauen kann; eine Zeile je Potenzial",
    "Ansatzpunkte": "wo erste Maßnahmen anknüpfen könnten; eine Zeile je Ansatzpunkt",
    "Handlungsfelder": "Themen und Handlungsfelder, die in Gesprächen genannt wurden; eine Zeile je Thema",
    "Beteiligung": "wie die Angaben gewonnen wurden; eine Zeile je Gespräch, Workshop, Befragung ...",
    "Zahlen": "Zahlen der Gemeinde mit Stand und Quelle; kleine Anzahlen von Personen werden im Steckbrief unterdrückt",
}

#: The column of every key of the schema (a key missing here fails at import of this module).
LABELS: dict[tuple[str, str], _Label] = {
    ("gemeinde", "ags"): _Label(
        "Gemeindeschlüssel", 20, "achtstellig, z. B. 08236070 (Keltern); Liste im Blatt Anleitung"
    ),
    ("gemeinde", "name"): _Label("Gemeinde", 24, "Name der Gemeinde, z. B. Keltern"),
    ("erhebung", "stand"): _Label("Stand", 14, "Stand der Angaben"),
    ("erhebung", "erhoben_von"): _Label("Erhoben von", 34, "wer die Angaben zusammengetragen hat, z. B. Büro"),
    ("erhebung", "kontakt"): _Label("Kontakt", 30, "Ansprechstelle der Gemeinde als Funktion, z. B. Hauptamt"),
    ("quellen", "id"): _Label("ID", 24, "kurzes Kennwort ohne Leerzeichen, z. B. gespraech_2024_03"),
    ("quellen", "bezeichnung"): _Label(
        "Bezeichnung",
        46,
        "so erscheint die Quelle im Steckbrief, z. B. Gespräch mit der Gemeindeverwaltung, 15.03.2024",
    ),
    ("quellen", "titel"): _Label("Titel", 36, "Titel eines Dokuments"),
    ("quellen", "datum"): _Label("Datum", 14),
    ("quellen", "url"): _Label("URL", 36),
    ("akteure", "name"): _Label("Name", 36, "Name des Vereins, der Gruppe oder der Einrichtung"),
    ("akteure", "art"): _Label("Art", 24),
    ("akteure", "taetigkeit"): _Label("Tätigkeit", 40, "was der Akteur tut"),
    ("akteure", "reichweite"): _Label("Reichweite", 30, "wen er erreicht, z. B. etwa 30 Familien"),
    ("akteure", "quelle"): _Label("Quelle", 24),
    ("angebote", "name"): _Label("Name", 36, "Name des Angebots"),
    ("angebote", "art"): _Label("Art", 22),
    ("angebote", "traeger"): _Label("Träger", 30, "wer es anbietet"),
    ("angebote", "zielgruppen"): _Label("Zielgruppe", 26, "eine Zielgruppe je Spalte, z. B. Erwachsene", 3),
    ("angebote", "haeufigkeit"): _Label("Häufigkeit", 18, "z. B. wöchentlich"),
    ("angebote", "themen"): _Label("Handlungsfeld", 22, "ein Handlungsfeld je Spalte", 4),
    ("angebote", "quelle"): _Label("Quelle", 24),
    ("potenziale", "beschreibung"): _Label("Beschreibung", 80, "das Potenzial in eigenen Worten"),
    ("potenziale", "quelle"): _Label("Quelle", 24),
    ("ansatzpunkte", "beschreibung"): _Label("Beschreibung", 80, "der Ansatzpunkt in eigenen Worten"),
    ("ansatzpunkte", "themen"): _Label("Handlungsfeld", 22, "ein Handlungsfeld je Spalte", 4),
    ("ansatzpunkte", "quelle"): _Label("Quelle", 24),
    ("themen", "handlungsfeld"): _Label("Handlungsfeld", 24, "was genannt wurde"),
    ("themen", "freitext"): _Label("Freitext", 80, "Erläuterung in eigenen Worten; bei „Sonstiges“ Pflicht"),
    ("themen", "zuordnung"): _Label("Genannt für", 22, "„Gemeinde“ (leer) oder „alle Pilotkommunen“ gemeinsam"),
    ("themen", "quelle"): _Label("Quelle", 24),
    ("beteiligung", "format"): _Label("Format", 18),
    ("beteiligung", "datum"): _Label("Datum", 14),
    ("beteiligung", "beschreibung"): _Label("Beschreibung", 50, "z. B. Workshop mit Vereinen und Ehrenamtlichen"),
    ("beteiligung", "quelle"): _Label("Quelle", 24),
    ("lokale_zahlen", "bezeichnung"): _Label("Bezeichnung", 46, "z. B. Personen in der Anschlussunterbringung"),
    ("lokale_zahlen", "wert"): _Label("Wert", 12),
    ("lokale_zahlen", "einheit"): _Label("Einheit", 16, "leer: Personen"),
    ("lokale_zahlen", "stand"): _Label("Stand", 14),
    ("lokale_zahlen", "quelle"): _Label("Quelle", 24),
    ("lokale_zahlen", "id"): _Label("ID", 18, "Kennwort, wenn andere Zahlen Teile dieser Zahl sind"),
    ("lokale_zahlen", "teil_von"): _Label("Teil von", 18, "ID der Gesamtzahl (gleiche Einheit, gleicher Stand)"),
}

#: The name of each vocabulary's column in :data:`LISTS` (and of its defined name, with "Liste_").
_LIST_NAMES: dict[tuple[str, ...], str] = {
    ACTOR_KINDS: "Akteursarten",
    OFFER_KINDS: "Angebotsarten",
    HANDLUNGSFELDER: "Handlungsfelder",
    PARTICIPATION_FORMATS: "Beteiligungsformate",
    COUNT_UNITS: "Einheiten",
    TOPIC_SCOPES: "Zuordnungen",
}
#: Keys whose drop-down lists the ids of another column: the key, the column of ids (part, key).
_ID_LISTS: dict[tuple[str, str], tuple[str, str]] = {("lokale_zahlen", "teil_von"): ("lokale_zahlen", "id")}

_KIND_NOTES = {
    CHOICE: "Auswahlliste",
    CHOICES: "Auswahlliste",
    DATE: "Datum als JJJJ-MM-TT oder JJJJ-MM",
    COUNT: "ganze Zahl",
    URL: "beginnt mit https:// oder http://",
    SOURCE: "ID aus dem Blatt Quellen (Auswahlliste)",
}

_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=12)
_HELP_FONT = Font(italic=True, color="595959", size=9)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_TEXT_FORMAT = "@"


# --- the layout ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: the key it holds and, for a list spread over columns, the item (1, 2 ...)."""

    part: Part
    field: Field
    item: int = 0

    @property
    def label(self) -> _Label:
        return LABELS[(self.part.key, self.field.key)]

    @property
    def header(self) -> str:
        return f"{self.label.header} {self.item}" if self.item else self.label.header

    @property
    def help(self) -> str:
        notes = ["Pflicht" if self.field.required else "kann leer bleiben"]
        notes += [n for n in (_KIND_NOTES.get(self.field.kind, ""), self.label.note) if n]
        if (self.part.key, self.field.key) in _ID_LISTS:
            notes.append("Auswahlliste")
        return "; ".join(notes)


def sheet_parts(sheet: str) -> tuple[Part, ...]:
    """The parts on ``sheet``, in the order of the schema."""
    return tuple(PART[key] for key, name in SHEET_OF_PART.items() if name == sheet)


#: The data sheets, in the order of the workbook.
SHEETS: tuple[str, ...] = tuple(dict.fromkeys(SHEET_OF_PART.values()))


def _is_list_field(field: Field) -> bool:
    return field.kind in (TEXTS, CHOICES)


def columns(sheet: str, widths: Mapping[tuple[str, str], int] | None = None) -> tuple[Column, ...]:
    """The columns of ``sheet`` in order; a list spreads over ``widths[(part, key)]`` columns (default: the
    template's number)."""
    result: list[Column] = []
    for part in sheet_parts(sheet):
        for field in part.fields:
            if _is_list_field(field):
                count = (widths or {}).get((part.key, field.key), LABELS[(part.key, field.key)].columns)
                result += [Column(part, field, i) for i in range(1, count + 1)]
            else:
                result.append(Column(part, field))
    return tuple(result)


def _check_layout() -> None:
    """Every key of the schema has a column, every vocabulary a list, and every part a sheet."""
    for part in PART.values():
        if part.key not in SHEET_OF_PART:
            raise KeyError(f"the part {part.key!r} has no sheet in SHEET_OF_PART")
        for field in part.fields:
            if (part.key, field.key) not in LABELS:
                raise KeyError(f"the key {part.key}.{field.key} has no column in LABELS")
            if field.choices and field.choices not in _LIST_NAMES:
                raise KeyError(f"the vocabulary of {part.key}.{field.key} has no list in _LIST_NAMES")


_check_layout()


# --- writing -------------------------------------------------------------------------------------------------


def _list_widths(data: Mapping[str, Any] | None) -> dict[tuple[str, str], int]:
    """Columns for each list: the template's number, or more where an entry has more items."""
    widths = {key: label.columns for key, label in LABELS.items() if label.columns > 1}
    for part in PART.values():
        for entry in (data or {}).get(part.key, []) if part.is_list else ():
            for field in part.fields:
                if _is_list_field(field):
                    key = (part.key, field.key)
                    widths[key] = max(widths.get(key, 1), len(entry.get(field.key, [])))
    return widths


def _write_cell(sheet: Worksheet, row: int, column: int, value: object, field: Field) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a text beginning with "=" stays a text, never a formula
    if field.kind != COUNT:
        cell.number_format = _TEXT_FORMAT
    cell.alignment = _WRAP_TOP


def _entry_values(column: Column, entry: Mapping[str, Any]) -> object:
    value = entry.get(column.field.key)
    if column.item:
        items = value or []
        return items[column.item - 1] if column.item <= len(items) else None
    return value


def _validation(formula: str, *, stop: bool, prompt: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if stop else "warning",
        errorTitle="Wert nicht in der Liste",
        error="Bitte einen Wert aus der Auswahlliste wählen.",
        showInputMessage=True,
        prompt=prompt[:255],
    )


def _data_sheet(workbook: openpyxl.Workbook, name: str, data: Mapping[str, Any] | None, widths: dict) -> None:
    sheet = workbook.create_sheet(name)
    cols = columns(name, widths)
    parts = sheet_parts(name)
    title = " und ".join(p.title for p in parts)
    sheet.cell(TITLE_ROW, 1, f"{title} – {_SHEET_NOTES[name]}. Angaben ab Zeile {FIRST_ROW}.").font = _TITLE_FONT
    for index, column in enumerate(cols, 1):
        letter = get_column_letter(index)
        help_cell = sheet.cell(HELP_ROW, index, column.help)
        help_cell.font, help_cell.alignment = _HELP_FONT, _WRAP_TOP
        header = sheet.cell(HEADER_ROW, index, column.header)
        header.font, header.fill, header.alignment = _BOLD, _HEADER_FILL, _WRAP_TOP
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.label.width
        if column.field.kind != COUNT:
            dimension.number_format = _TEXT_FORMAT
        last = FIRST_ROW if not parts[0].is_list else _LAST_ROW
        cells = f"{letter}{FIRST_ROW}:{letter}{last}"
        validation = None
        if column.field.choices:
            validation = _validation(f"Liste_{_LIST_NAMES[column.field.choices]}", stop=True, prompt=column.help)
        elif column.field.kind == SOURCE:
            validation = _validation("Liste_Quellen", stop=False, prompt=column.help)
        elif (column.part.key, column.field.key) in _ID_LISTS:
            validation = _validation(f"Liste_IDs_{name}", stop=False, prompt=column.help)
        elif column.field.kind == COUNT:
            validation = DataValidation(
                type="whole",
                operator="between",
                formula1="0",
                formula2=str(MAX_COUNT),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Keine ganze Zahl",
                error=f"Bitte eine ganze Zahl von 0 bis {MAX_COUNT} eingeben.",
            )
        if validation is not None:
            validation.add(cells)
            sheet.add_data_validation(validation)
    sheet.row_dimensions[HELP_ROW].height = 60
    sheet.freeze_panes = f"A{FIRST_ROW}"
    if data is None:
        return
    if parts[0].is_list:
        rows = [{parts[0].key: entry} for entry in data.get(parts[0].key, [])]
    else:
        rows = [{p.key: data.get(p.key, {}) for p in parts}]
    for offset, by_part in enumerate(rows):
        for index, column in enumerate(cols, 1):
            value = _entry_values(column, by_part[column.part.key])
            if value is not None:
                _write_cell(sheet, FIRST_ROW + offset, index, value, column.field)


def _lists_sheet(workbook: openpyxl.Workbook, widths: dict) -> None:
    sheet = workbook.create_sheet(LISTS)
    sheet.sheet_state = "hidden"
    for index, (values, name) in enumerate(_LIST_NAMES.items(), 1):
        letter = get_column_letter(index)
        sheet.cell(1, index, name).font = _BOLD
        for row, value in enumerate(values, 2):
            sheet.cell(row, index, value)
        sheet.column_dimensions[letter].width = max(len(v) for v in (name, *values)) + 2
        reference = f"{LISTS}!${letter}$2:${letter}${len(values) + 1}"
        workbook.defined_names[f"Liste_{name}"] = DefinedName(f"Liste_{name}", attr_text=reference)
    ids = {"Liste_Quellen": ("quellen", "id")}
    ids |= {f"Liste_IDs_{SHEET_OF_PART[part]}": (part, key) for part, key in _ID_LISTS.values()}
    for name, (part, key) in ids.items():
        sheet_name = SHEET_OF_PART[part]
        index = next(i for i, c in enumerate(columns(sheet_name, widths), 1) if c.field.key == key)
        letter = get_column_letter(index)
        reference = f"{sheet_name}!${letter}${FIRST_ROW}:${letter}${_LAST_ROW}"
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)


def _instruction_lines(region: Region) -> list[tuple[str, Font | None]]:
    sheets = ", ".join(f"„{s}“" for s in SHEETS)
    others = ", ".join(f"„{s}“" for s in SHEETS[2:])
    lines: list[tuple[str, Font | None]] = [
        ("Kommunale Angaben für den Steckbrief der Integration und Vielfalt", Font(bold=True, size=14)),
        (
            f"Diese Arbeitsmappe nimmt die kommunalen Angaben einer Gemeinde im {region.kreis.name} "
            "auf: Akteure und Netzwerke, Angebote, Potenziale, Ansatzpunkte für Maßnahmen, genannte Themen "
            "(Handlungsfelder), Beteiligung und Zahlen der Gemeinde. Der Steckbrief zeigt sie getrennt von der "
            "amtlichen Statistik.",
            None,
        ),
        ("", None),
        ("So geht's", _BOLD),
        ("1. Blatt „Gemeinde“: Gemeindeschlüssel (achtstellig, Liste unten), Name, Stand und wer erhoben hat.", None),
        (
            "2. Blatt „Quellen“: jede Quelle (Gespräch, Workshop, Befragung, Dokument, Webseite) mit einer kurzen ID. "
            "Jede Angabe der anderen Blätter nennt in der Spalte „Quelle“ eine dieser IDs (Auswahlliste).",
            None,
        ),
        (
            f"3. Die übrigen Blätter ({others}): eine Zeile je Eintrag, ab Zeile {FIRST_ROW}. "
            "Ein Blatt ohne Angaben bleibt leer; der Steckbrief schreibt dann „Keine Angaben.“",
            None,
        ),
        (
            f"4. Zeile {HELP_ROW} jedes Blatts erklärt die Spalten. Spalten mit „Pflicht“ sind in jeder Zeile "
            "auszufüllen, die übrigen können leer bleiben. Spalten mit Auswahlliste nur mit Werten der Liste füllen; "
            "was nicht passt: „Sonstiges“ (bei Handlungsfeldern mit Freitext).",
            None,
        ),
        (
            "5. Die Mappe als .xlsx speichern und an das Projekt geben. Übernahme im Projektordner mit "
            "„integration-analysis local import Datei.xlsx“: Die Prüfung nennt jedes Problem mit Blatt und Zelle "
            "(z. B. Angebote!C7); erst eine fehlerfreie Mappe wird nach data/local/<Gemeindeschlüssel>.yaml "
            "übernommen.",
            None,
        ),
        ("", None),
        ("Regeln", _BOLD),
        (
            "Nur Belegtes eintragen: jede Angabe mit ihrer Quelle, nichts Vermutetes; eigene Worte statt "
            "abgeschriebener Sätze.",
            None,
        ),
        (
            "Keine personenbezogenen Daten: keine Namen von Privatpersonen, keine Einzelschicksale; Ansprechstellen "
            "als Funktion („Hauptamt“). Die Steckbriefe sind öffentlich.",
            None,
        ),
        (
            "Bei Angeboten die Handlungsfelder angeben: Ein Handlungsfeld, das als Thema oder Ansatzpunkt genannt "
            "ist, aber kein Angebot hat, gilt in der Kreisübersicht als Lücke.",
            None,
        ),
        (
            "Datumsangaben als Text JJJJ-MM-TT (2024-03-15) oder JJJJ-MM (2024-03). Zahlen (Spalte „Wert“) als "
            "ganze Zahl, nicht als Text.",
            None,
        ),
        (
            f"Blätter ({sheets}) und Spaltenüberschriften (Zeile {HEADER_ROW}) nicht umbenennen oder löschen; "
            "keine Formeln; höchstens "
            f"{MAX_ENTRIES} Einträge je Blatt.",
            None,
        ),
        ("", None),
        (f"Gemeindeschlüssel der Gemeinden im {region.kreis.name}", _BOLD),
    ]
    for area in sorted(region.municipalities, key=lambda a: a.ags):
        lines.append((f"{area.ags}   {area.name}{'   (Pilotkommune)' if area.pilot else ''}", None))
    return lines


def _instructions_sheet(workbook: openpyxl.Workbook, region: Region) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS)
    sheet.column_dimensions["A"].width = 120
    for row, (text, font) in enumerate(_instruction_lines(region), 1):
        cell = sheet.cell(row, 1, text or None)
        cell.alignment = _WRAP_TOP
        if font is not None:
            cell.font = font


def build_workbook(data: Mapping[str, Any] | None = None, region: Region | None = None) -> openpyxl.Workbook:
    """The workbook: the template (``data`` None) or filled with a file's plain data (checked)."""
    form = canonical(data) if data is not None else None
    widths = _list_widths(form)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _instructions_sheet(workbook, region or default_region())
    for name in SHEETS:
        _data_sheet(workbook, name, form, widths)
    _lists_sheet(workbook, widths)
    workbook.active = 0
    properties = workbook.properties
    properties.creator = "integration-analysis"
    properties.title = "Kommunale Angaben – Steckbrief der Integration und Vielfalt"
    properties.created = properties.modified = _FIXED_TIME
    return workbook


def workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    """``workbook`` as .xlsx bytes that depend on its content only (no clock, entries stored uncompressed)."""
    workbook.properties.modified = _FIXED_TIME
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED)).save()
    packed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return packed.getvalue()


def template_bytes(region: Region | None = None) -> bytes:
    """The bytes of the Excel template."""
    return workbook_bytes(build_workbook(None, region))


def write_template(path: str | Path = LOCAL_WORKBOOK_TEMPLATE, region: Region | None = None) -> Path:
    """Write (or refresh) the Excel template at ``path``."""
    return write_bytes_atomic(Path(path), template_bytes(region))


def export_workbook(
    source: str | Path, target: str | Path, *, force: bool = False, region: Region | None = None
) -> Path:
    """Write the municipality's file ``source`` (YAML, checked first) as a filled workbook ``target``."""
    target = Path(target)
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; use --force to overwrite it")
    data, _, problems = check_file(source, region)
    if problems:
        raise problems[0]
    return write_bytes_atomic(target, workbook_bytes(build_workbook(data, region)))


# --- reading -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A cell of a sheet (1-based row and column) as Excel names it: ``Angebote!C7``."""

    sheet: str
    row: int
    column: int

    def __str__(self) -> str:
        return f"{self.sheet}!{get_column_letter(self.column)}{self.row}"


@dataclass(frozen=True)
class WorkbookLocator:
    """Errors at the cell of a key path (or of the nearest enclosing key that has one; else at the part's sheet)."""

    path: Path
    cells: Mapping[str, Cell]
    text_hint: str = "Zahlen und ja/nein als Text eingeben (Zelle als Text formatieren)"
    count_hint: str = "(als Zahl, nicht als Text)"

    def error(self, where: str, message: str) -> InputError:
        key = where
        while key and key not in self.cells:
            key = parent_key(key)
        cell = self.cells.get(key)
        if cell is not None:
            return InputError(self.path, message, line=cell.row, column=str(cell))
        part = re.split(r"[.\[]", where, maxsplit=1)[0]
        return InputError(self.path, message, column=SHEET_OF_PART.get(part))


def _cell_error(path: Path, cell: Cell, message: str) -> InputError:
    return InputError(path, message, line=cell.row, column=str(cell))


def _open(path: Path) -> openpyxl.Workbook:
    """The workbook at ``path`` (read-only), after checks that it is a .xlsx archive of sane size."""
    try:
        content = path.read_bytes() if path.stat().st_size <= MAX_WORKBOOK_BYTES else None
    except OSError as exc:
        raise InputError(path, f"Datei kann nicht gelesen werden: {exc.strerror or exc}") from exc
    if content is None:
        raise InputError(path, f"Datei zu groß; eine Arbeitsmappe hat höchstens {MAX_WORKBOOK_BYTES // 2**20} MB")
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "altes Excel-Format (.xls); bitte in Excel als .xlsx speichern")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError(
            path,
            "keine lesbare Excel-Arbeitsmappe (.xlsx): kein gültiges Archiv (anderes Format, beschädigt oder "
            "abgeschnitten)",
        ) from None
    if "mimetype" in names and "xl/workbook.xml" not in names:
        raise InputError(path, "OpenDocument-Tabelle (.ods); bitte als Excel-Arbeitsmappe (.xlsx) speichern")
    if "xl/workbook.xml" not in names:
        raise InputError(path, "keine Excel-Arbeitsmappe (.xlsx): das Archiv enthält keine Arbeitsmappe")
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(path, f"Arbeitsmappe entpackt zu groß (höchstens {MAX_UNPACKED_BYTES // 2**20} MB)")
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged archive
        raise InputError(path, f"Arbeitsmappe beschädigt ({type(exc).__name__}: {exc})") from exc


def _check_sheets(path: Path, names: list[str]) -> None:
    known = (INSTRUCTIONS, *SHEETS, LISTS)
    unknown = [n for n in names if n not in known]
    for name in SHEETS:
        if name not in names:
            close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.5)
            hint = f" Das Blatt {close[0]!r} umbenannt?" if close else ""
            raise InputError(
                path,
                f"Tabellenblatt {name!r} fehlt.{hint} Erwartet: {', '.join(SHEETS)}",
                column=close[0] if close else None,
            )
    if unknown:
        raise InputError(
            path,
            f"unbekanntes Tabellenblatt {unknown[0]!r}; Angaben nur in den Blättern {', '.join(SHEETS)}",
            column=unknown[0],
        )


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


def _match_header(path: Path, sheet: str, row: tuple[Any, ...]) -> dict[int, Column]:
    """The columns by their 0-based index in the sheet, matched by name in the header row."""
    single = {_norm(c.header): c for c in columns(sheet) if not c.item}
    lists = {_norm(c.label.header): c for c in columns(sheet) if c.item}
    found: dict[int, Column] = {}
    seen: dict[str, Cell] = {}
    for index, cell in enumerate(row):
        if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        where = Cell(sheet, HEADER_ROW, index + 1)
        name = _norm(cell.value)
        numbered = re.fullmatch(r"(.+) (\d+)", name)
        if name in single:
            column = single[name]
        elif numbered and numbered.group(1) in lists and int(numbered.group(2)) >= 1:
            base = lists[numbered.group(1)]
            column = Column(base.part, base.field, int(numbered.group(2)))
        else:
            expected = [c.header for c in columns(sheet) if not c.item or c.item == 1]
            close = difflib.get_close_matches(str(cell.value).strip(), expected, n=1)
            hint = f" Meinten Sie {close[0]!r}?" if close else ""
            raise _cell_error(path, where, f"unbekannte Spalte {cell.value!r}.{hint} Erwartet: {', '.join(expected)}")
        if name in seen:
            raise _cell_error(path, where, f"die Spalte {cell.value!r} gibt es doppelt (schon in {seen[name]})")
        seen[name] = where
        found[index] = column
    present = {(c.part.key, c.field.key) for c in found.values()}
    for column in columns(sheet):
        if not column.item and (column.part.key, column.field.key) not in present:
            last = get_column_letter(max(len(row), 1))
            raise InputError(
                path,
                f"die Spalte {column.header!r} fehlt in der Kopfzeile (Zeile {HEADER_ROW}); Spalten nicht löschen "
                "oder umbenennen",
                line=HEADER_ROW,
                column=f"{sheet}!A{HEADER_ROW}:{last}{HEADER_ROW}",
            )
    return found


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _value(path: Path, cell: Any, where: Cell, field: Field) -> object:
    """The plain value of a cell (None where it is empty)."""
    if cell.data_type == "f":
        raise _cell_error(path, where, f"Formel {cell.value!r} statt eines Werts; den Wert selbst eintragen")
    if cell.data_type == "e":
        raise _cell_error(path, where, f"Fehlerwert {cell.value!r} statt eines Werts")
    value = cell.value
    if _empty(value):
        return None
    if field.kind == DATE and isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if field.kind == DATE and isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _read_sheet(path: Path, sheet: Any, cells: dict[str, Cell]) -> dict[str, Any]:
    """The parts on ``sheet`` by key: a list of entries, or for the one-row sheet one mapping per part; the cell
    of every key path recorded in ``cells``."""
    name = sheet.title
    parts = sheet_parts(name)
    sheet.reset_dimensions()  # a wrong <dimension> record must not cut rows off
    rows = list(sheet.iter_rows(min_row=1))
    found = _match_header(path, name, rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else ())
    filled: list[tuple[int, tuple[Any, ...]]] = []
    for number, row in enumerate(rows[FIRST_ROW - 1 :], FIRST_ROW):
        content = [i for i, cell in enumerate(row) if not _empty(cell.value) or cell.data_type in ("f", "e")]
        if not content:
            continue
        loose = [i for i in content if i not in found]
        if loose:
            raise _cell_error(path, Cell(name, number, loose[0] + 1), "Angabe in einer Spalte ohne Überschrift")
        if number > _LAST_ROW:
            raise _cell_error(path, Cell(name, number, content[0] + 1), f"mehr als {MAX_ENTRIES} Einträge")
        filled.append((number, row))
    if parts[0].is_list:
        part = parts[0]
        return {
            part.key: [
                _read_row(path, found, row, Cell(name, number, 1), part, f"{part.key}[{i}]", cells)
                for i, (number, row) in enumerate(filled)
            ]
        }
    if len(filled) > 1:
        raise _cell_error(
            path, Cell(name, filled[1][0], 1), f"auf dem Blatt {name!r} nur eine Zeile ausfüllen (Zeile {filled[0][0]})"
        )
    number, row = filled[0] if filled else (FIRST_ROW, ())
    return {p.key: _read_row(path, found, row, Cell(name, number, 1), p, p.key, cells) for p in parts}


def _read_row(
    path: Path,
    found: Mapping[int, Column],
    row: tuple[Any, ...],
    start: Cell,
    part: Part,
    where: str,
    cells: dict[str, Cell],
) -> dict[str, Any]:
    """The entry of ``part`` at key path ``where`` from ``row`` (whose first cell is ``start``)."""
    entry: dict[str, Any] = {}
    for index, column in sorted(found.items(), key=lambda item: (item[1].item, item[0])):
        if column.part is not part:
            continue
        cell = Cell(start.sheet, start.row, index + 1)
        key = f"{where}.{column.field.key}"
        cells.setdefault(where, cell)
        cells.setdefault(key, cell)
        value = _value(path, row[index], cell, column.field) if index < len(row) else None
        if value is None:
            continue
        if column.item:
            items = entry.setdefault(column.field.key, [])
            cells[f"{key}[{len(items)}]"] = cell
            items.append(value)
        else:
            entry[column.field.key] = value
    return {key: entry[key] for key in part.keys if key in entry}


def read_workbook(path: str | Path) -> tuple[dict[str, Any], WorkbookLocator]:
    """A filled workbook's plain data (as a YAML file would give it) and the locator of its cells."""
    path = Path(path)
    workbook = _open(path)
    cells: dict[str, Cell] = {}
    data: dict[str, Any] = {}
    try:
        _check_sheets(path, workbook.sheetnames)
        for name in SHEETS:
            data |= _read_sheet(path, workbook[name], cells)
    finally:
        workbook.close()
    return data, WorkbookLocator(path, cells)


def check_workbook(
    path: str | Path, region: Region | None = None
) -> tuple[dict[str, Any], LocalProfile | None, list[InputError]]:
    """A filled workbook's plain data, its profile (None where there are problems) and every problem."""
    data, locator = read_workbook(path)
    profile, problems = check_data(data, locator, region)
    return data, profile, problems


def import_comment(profile: LocalProfile) -> str:
    """The comment at the head of a file written from a workbook."""
    return (
        f"Kommunale Angaben für {profile.name} ({profile.ags}), übernommen aus einer Arbeitsmappe mit\n"
        "„integration-analysis local import“. Aufbau und Regeln: data/local/README.md."
    )


def import_workbook(
    path: str | Path, local_dir: str | Path = LOCAL_DIR, *, force: bool = False, region: Region | None = None
) -> tuple[Path | None, list[InputError]]:
    """Check a filled workbook and write it to ``<local_dir>/<AGS>.yaml``; returns the file written (None where
    there are problems) and every problem. An existing file is kept unless ``force``."""
    data, profile, problems = check_workbook(path, region)
    if problems or profile is None:
        return None, problems
    target = Path(local_dir) / f"{profile.ags}.yaml"
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; use --force to overwrite it (its comments are not kept)")
    write_text_atomic(target, dump_local(data, import_comment(profile)))
    return target, []
