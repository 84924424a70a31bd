"""Municipal information of the Steckbriefe (``data/local/``): networks and actors, offers, potentials, starting
points for measures, topics (Handlungsfelder), participation formats and counts the municipality holds.

This module owns:

- the schema of one YAML file per municipality (file name = 8-digit AGS, e.g. ``08236070.yaml``; keys in German
  because consultants fill them in): its parts and their keys (:data:`PARTS`) and the controlled vocabularies
  (:data:`ACTOR_KINDS`, :data:`OFFER_KINDS`, :data:`HANDLUNGSFELDER`, :data:`PARTICIPATION_FORMATS`,
  :data:`COUNT_UNITS`), each kept only here;
- the one check of a file's content (:func:`check_data`, over the plain data a YAML file or a filled workbook
  gives): unknown keys, values outside a vocabulary, unknown source ids, bad dates, a key (``gemeinde.ags``)
  that does not match the file name or is not a municipality of the region, left-over placeholders of the
  template — each an :class:`~integration_analysis.errors.InputError` placed by a :class:`Locator`: for YAML
  (:class:`YamlLocator`) the file, the line and the key path (``akteure[2].art``; list positions count from 0),
  for a workbook (``data.local_workbook``) the sheet, row and column;
- reading the YAML files (:func:`load_local`, :func:`load_all`, :func:`read_profile`, :func:`check_file`,
  :func:`check_local_dir`);
- the template ``_vorlage.yaml``: placeholders are texts in square brackets (``"[Name des Vereins]"``). The
  template must keep its placeholder key and may contain placeholders anywhere; a municipality's file must not;

Limits against damaged or hostile files: at most :data:`MAX_FILE_BYTES` per file, YAML aliases expanding to at
most :data:`MAX_NODES` entries, :data:`MAX_TEXT_CHARS` per text, counts up to :data:`MAX_COUNT`; dates are texts
checked here (an impossible date is an error with file, line and key). :func:`load_checked` reads the valid
files and names the faulty ones, so one broken file marks only its own municipality as faulty
(:func:`faulty_notice`) and the reports go on.

The HTML of this information in the reports is ``report.local_sections``.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..core.errors import InputError
from ..core.german import format_number_de, kreis_genitive
from ..core.paths import LOCAL_DIR
from ..core.yamlfile import ALIASES, DUPLICATE_KEY, EMPTY, TOO_LARGE, UNREADABLE, YamlDocument, YamlLoadError, load_yaml
from .regions import Region, default_region, name_keys

#: The file name of the template; :func:`load_all` skips it, :func:`check_local_dir` checks it as the template.
TEMPLATE_NAME = "_vorlage.yaml"

#: Kinds of actors and networks (``akteure[].art``).
ACTOR_KINDS: tuple[str, ...] = (
    "Verein",
    "Kirche",
    "Religionsgemeinschaft",
    "Ehrenamtskreis",
    "Migrantenorganisation",
    "Schule",
    "Kita",
    "Verwaltung",
    "Wohlfahrtsverband",
    "Beratungsstelle",
    "Bildungsträger",
    "Unternehmen",
    "Sonstiges",
)

#: Kinds of offers (``angebote[].art``).
OFFER_KINDS: tuple[str, ...] = (
    "Sprachkurs",
    "Sprachcafé",
    "Treffpunkt",
    "Beratung",
    "Sport",
    "Kultur und Freizeit",
    "Lernhilfe",
    "Patenschaft",
    "Kinderbetreuung",
    "Arbeit und Ausbildung",
    "Information",
    "Sonstiges",
)

#: Handlungsfelder (``themen[].handlungsfeld``, ``angebote[].themen``, ``ansatzpunkte[].themen``). "Sonstiges"
#: needs a ``freitext`` where it names a topic.
HANDLUNGSFELDER: tuple[str, ...] = (
    "Sprache",
    "Vereinsleben",
    "Ehrenamt",
    "Wohnen",
    "Arbeit",
    "Bildung",
    "Kita/Schule",
    "Gesundheit",
    "Teilhabe/Beteiligung",
    "Flucht/Asyl",
    "Interkulturelle Öffnung",
    "Antidiskriminierung",
    "Sonstiges",
)

#: Participation formats (``beteiligung[].format``).
PARTICIPATION_FORMATS: tuple[str, ...] = (
    "Interview",
    "Gespräch",
    "Workshop",
    "Befragung",
    "Veranstaltung",
    "Begehung",
    "Sonstiges",
)

#: Whom a topic (``themen[].zuordnung``) was named for: this municipality (the default) or all pilot municipalities of
#: the programme together (e.g. in a press release about the project); only the first counts for the municipality.
TOPIC_SCOPES: tuple[str, ...] = ("Gemeinde", "alle Pilotkommunen")
OWN_TOPIC, JOINT_TOPIC = TOPIC_SCOPES

#: Units of local counts (``lokale_zahlen[].einheit``; "Personen" when left out).
COUNT_UNITS: tuple[str, ...] = ("Personen", "Haushalte", "Familien", "Plätze", "Angebote", "Einrichtungen")

#: Units that count people: small values are suppressed like official counts of persons.
PERSON_UNITS: frozenset[str] = frozenset({"Personen", "Haushalte", "Familien"})

#: What a key holds (:attr:`Field.kind`): a text, a list of texts, a value of a vocabulary, a list of such values,
#: a date (``JJJJ-MM-TT`` or ``JJJJ-MM``), a whole number, a web address, the id of an entry under ``quellen``.
TEXT, TEXTS, CHOICE, CHOICES, DATE, COUNT, URL, SOURCE = (
    "text",
    "texts",
    "choice",
    "choices",
    "date",
    "count",
    "url",
    "source",
)


@dataclass(frozen=True)
class Field:
    """One key of a part: what it holds, whether it must be given, and its vocabulary (for choices)."""

    key: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """A top-level key of a file: one mapping (``gemeinde``, ``erhebung``) or a list of entries; its keys in the
    order of the template."""

    key: str
    title: str
    fields: tuple[Field, ...]
    is_list: bool = True
    required: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)


_SOURCE_KEY = Field("quelle", SOURCE, required=True)

#: The schema of a file: its parts in the order of the template. The YAML files, the reader below and the
#: spreadsheet route (``data.local_workbook``) all follow it.
PARTS: tuple[Part, ...] = (
    Part("gemeinde", "Gemeinde", (Field("ags", required=True), Field("name", required=True)), False, True),
    Part(
        "erhebung",
        "Erhebung",
        (Field("stand", DATE, required=True), Field("erhoben_von", required=True), Field("kontakt")),
        False,
        True,
    ),
    Part(
        "quellen",
        "Quellen",
        (
            Field("id", required=True),
            Field("bezeichnung", required=True),
            Field("titel"),
            Field("datum", DATE),
            Field("url", URL),
        ),
        required=True,
    ),
    Part(
        "akteure",
        "Netzwerke und Akteure",
        (
            Field("name", required=True),
            Field("art", CHOICE, True, ACTOR_KINDS),
            Field("taetigkeit"),
            Field("reichweite"),
            _SOURCE_KEY,
        ),
    ),
    Part(
        "angebote",
        "Angebote",
        (
            Field("name", required=True),
            Field("art", CHOICE, True, OFFER_KINDS),
            Field("traeger"),
            Field("zielgruppen", TEXTS),
            Field("haeufigkeit"),
            Field("themen", CHOICES, choices=HANDLUNGSFELDER),
            _SOURCE_KEY,
        ),
    ),
    Part("potenziale", "Potenziale", (Field("beschreibung", required=True), _SOURCE_KEY)),
    Part(
        "ansatzpunkte",
        "Ansatzpunkte für Maßnahmen",
        (Field("beschreibung", required=True), Field("themen", CHOICES, choices=HANDLUNGSFELDER), _SOURCE_KEY),
    ),
    Part(
        "themen",
        "Themen und Handlungsfelder",
        (
            Field("handlungsfeld", CHOICE, True, HANDLUNGSFELDER),
            Field("freitext"),
            Field("zuordnung", CHOICE, choices=TOPIC_SCOPES),
            _SOURCE_KEY,
        ),
    ),
    Part(
        "beteiligung",
        "Beteiligung",
        (
            Field("format", CHOICE, True, PARTICIPATION_FORMATS),
            Field("datum", DATE, required=True),
            Field("beschreibung"),
            _SOURCE_KEY,
        ),
    ),
    Part(
        "lokale_zahlen",
        "Zahlen der Gemeinde",
        (
            Field("bezeichnung", required=True),
            Field("wert", COUNT, required=True),
            Field("einheit", CHOICE, choices=COUNT_UNITS),
            Field("stand", DATE, required=True),
            _SOURCE_KEY,
            Field("id"),
            Field("teil_von"),
        ),
    ),
)

#: The parts by key.
PART: dict[str, Part] = {part.key: part for part in PARTS}

#: Limits of one file: its size, the entries its YAML aliases may expand to, one text, one count.
MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_TEXT_CHARS = 2_000
MAX_COUNT = 1_000_000

_PLACEHOLDER = re.compile(r"^\[.*\]$", re.DOTALL)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d")
# Control characters other than tab and line breaks: invisible, and not allowed in a workbook cell.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_T = TypeVar("_T")


@dataclass(frozen=True)
class Source:
    """Where an entry comes from (``quellen[]``): a talk, a workshop, a document, a press release."""

    id: str
    label: str
    title: str = ""
    date: str = ""
    url: str = ""


@dataclass(frozen=True)
class Collection:
    """When and by whom the information was gathered (``erhebung``)."""

    date: str
    collected_by: str
    contact: str = ""


@dataclass(frozen=True)
class Actor:
    """An actor or network (``akteure[]``)."""

    name: str
    kind: str
    activity: str
    reach: str
    source: Source


@dataclass(frozen=True)
class Offer:
    """An offer (``angebote[]``) with its Handlungsfelder."""

    name: str
    kind: str
    provider: str
    target_groups: tuple[str, ...]
    frequency: str
    fields: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Potential:
    """A potential of the municipality (``potenziale[]``)."""

    description: str
    source: Source


@dataclass(frozen=True)
class StartingPoint:
    """A starting point for measures (``ansatzpunkte[]``) with its Handlungsfelder."""

    description: str
    fields: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Topic:
    """A topic (``themen[]``): a Handlungsfeld of the controlled list, with optional free text, named for this
    municipality or for all pilot municipalities together (``scope``, one of :data:`TOPIC_SCOPES`)."""

    field: str
    free_text: str
    source: Source
    scope: str = OWN_TOPIC


@dataclass(frozen=True)
class Participation:
    """A participation format used to gather the information (``beteiligung[]``)."""

    format: str
    date: str
    description: str
    source: Source


@dataclass(frozen=True)
class LocalCount:
    """A count the municipality holds (``lokale_zahlen[]``), e.g. people in follow-up accommodation."""

    label: str
    value: int
    unit: str
    date: str
    source: Source
    #: The count's own key (``id``), which parts refer to; "" if it has none.
    id: str = ""
    #: The ``id`` of the total this count is a part of (``teil_von``); "" for a count that is no part.
    part_of: str = ""

    @property
    def counts_people(self) -> bool:
        return self.unit in PERSON_UNITS


@dataclass(frozen=True)
class LocalProfile:
    """The municipal information of one municipality, as read from ``data/local/<ags>.yaml``."""

    ags: str
    name: str
    path: Path
    collection: Collection
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    offers: tuple[Offer, ...]
    potentials: tuple[Potential, ...]
    starting_points: tuple[StartingPoint, ...]
    topics: tuple[Topic, ...]
    participation: tuple[Participation, ...]
    counts: tuple[LocalCount, ...]

    @property
    def named_fields(self) -> tuple[str, ...]:
        """Handlungsfelder named for this municipality as topics or starting points, in the order of
        :data:`HANDLUNGSFELDER` (topics named for all pilots together are not the municipality's own)."""
        named = {t.field for t in self.topics if t.scope == OWN_TOPIC}
        named |= {f for s in self.starting_points for f in s.fields}
        return tuple(f for f in HANDLUNGSFELDER if f in named)

    @property
    def offered_fields(self) -> tuple[str, ...]:
        """Handlungsfelder of at least one offer, in the order of :data:`HANDLUNGSFELDER`."""
        offered = {f for o in self.offers for f in o.fields}
        return tuple(f for f in HANDLUNGSFELDER if f in offered)

    @property
    def gaps(self) -> tuple[str, ...]:
        """Handlungsfelder named as topics or starting points without any offer in them."""
        return tuple(f for f in self.named_fields if f not in self.offered_fields)


# --- reading and checking ------------------------------------------------------------------------------------


class Locator(Protocol):
    """Where the data being checked were read from: :meth:`error` places a message at a key path
    (``akteure[2].art``; "" is the whole file) in that file, and the hints word the format's way of writing a
    text or a number. :class:`YamlLocator` for the YAML files; the spreadsheet route has its own."""

    @property
    def path(self) -> Path: ...

    @property
    def text_hint(self) -> str: ...

    @property
    def count_hint(self) -> str: ...

    def error(self, where: str, message: str) -> InputError: ...


@dataclass(frozen=True)
class YamlLocator:
    """Errors at the YAML line of a key path, with the key path as the column."""

    document: YamlDocument
    text_hint: str = "Zahlen und ja/nein in Anführungszeichen setzen"
    count_hint: str = "ohne Anführungszeichen"

    @property
    def path(self) -> Path:
        return self.document.path

    def error(self, where: str, message: str) -> InputError:
        return InputError(self.path, message, line=self.document.line_of(where), column=where or None)


class _Skip(Exception):
    """An entry that refers to a source whose own entry is invalid: already reported there."""


def _describe(value: object) -> str:
    if value is None:
        return "nichts (leerer Eintrag)"
    if isinstance(value, bool):
        return f"den Wahrheitswert {value} (ja/nein, true/false ohne Anführungszeichen)"
    if isinstance(value, int | float):
        return f"die Zahl {value}"
    if isinstance(value, dict):
        return "eine Zuordnung (Schlüssel: Wert)"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return f"ein Datum oder eine Uhrzeit ({value})"
    return repr(value)


class _Reader:
    """Checks one file's parsed content against the schema; collects one error per entry."""

    def __init__(self, locator: Locator, region: Region, template: bool, file_key: str | None) -> None:
        self.locator = locator
        self.path = locator.path
        self.region = region
        self.template = template
        self.file_key = file_key
        self.errors: list[InputError] = []
        self.sources: dict[str, Source] = {}
        self.broken_sources: set[str] = set()
        self.counts_read: list[tuple[LocalCount, str]] = []

    def error(self, where: str, message: str) -> InputError:
        return self.locator.error(where, message)

    def mapping(self, value: object, where: str, required: tuple[str, ...], allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, f"Zuordnung (Schlüssel: Wert) erwartet, gefunden {_describe(value)}")
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" Meinten Sie {close[0]!r}?" if close else ""
                child = f"{where}.{key}" if where else str(key)
                raise self.error(child, f"unbekannter Schlüssel {key!r}.{hint} Erlaubt: {', '.join(allowed)}")
        for key in required:
            if key not in value:
                raise self.error(f"{where}.{key}" if where else key, f"Pflichtangabe {key!r} fehlt")
        return value

    def placeholder(self, value: object, where: str) -> bool:
        """True for a template placeholder in the template; an error for one in a municipality's file."""
        if not (isinstance(value, str) and _PLACEHOLDER.match(value.strip())):
            return False
        if self.template:
            return True
        raise self.error(where, f"Platzhalter aus der Vorlage ist noch nicht ersetzt: {value.strip()!r}")

    def text(self, value: object, where: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        self.placeholder(value, where)
        if not isinstance(value, str):
            raise self.error(where, f"Text erwartet, gefunden {_describe(value)}; {self.locator.text_hint}")
        text = value.strip()
        if required and not text:
            raise self.error(where, "Text erwartet, der Eintrag ist leer")
        if len(text) > MAX_TEXT_CHARS:
            raise self.error(
                where,
                f"Text zu lang: {format_number_de(len(text))} Zeichen, höchstens {format_number_de(MAX_TEXT_CHARS)}",
            )
        control = _CONTROL.search(text)
        if control:
            raise self.error(where, f"Text enthält ein Steuerzeichen (U+{ord(control.group(0)):04X}); bitte entfernen")
        return text

    def choice(self, value: object, where: str, allowed: tuple[str, ...]) -> str:
        text = self.text(value, where)
        for option in allowed:
            if option.casefold() == text.casefold():
                return option
        raise self.error(where, f"{text!r} ist kein erlaubter Wert. Erlaubt: {', '.join(allowed)}")

    def texts(self, value: object, where: str) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if items is None:
            return ()
        if not isinstance(items, list):
            raise self.error(where, f"Liste von Texten erwartet, gefunden {_describe(value)}")
        return tuple(self.text(item, f"{where}[{i}]") for i, item in enumerate(items))

    def choices(self, value: object, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if items is None:
            return ()
        if not isinstance(items, list):
            raise self.error(where, f"Liste erwartet (Werte aus: {', '.join(allowed)}), gefunden {_describe(value)}")
        chosen = [self.choice(item, f"{where}[{i}]", allowed) for i, item in enumerate(items)]
        return tuple(dict.fromkeys(chosen))

    def date(self, value: object, where: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if self.placeholder(value, where):
            return str(value).strip()
        expected = "Datum im Format JJJJ-MM-TT oder JJJJ-MM erwartet"
        if isinstance(value, str) and _DATE_TIME.match(value.strip()):
            raise self.error(where, f"{expected} (ohne Uhrzeit), gefunden {value.strip()!r}")
        match = _ISO_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise self.error(where, f"{expected}, gefunden {_describe(value)}")
        year, month, day = match.groups()
        try:
            datetime.date(int(year), int(month), int(day or 1))
        except ValueError:
            raise self.error(where, f"{value.strip()!r} ist kein gültiges Datum") from None
        return value.strip()

    def count(self, value: object, where: str) -> int:
        if self.placeholder(value, where):
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(where, f"ganze Zahl ≥ 0 {self.locator.count_hint} erwartet, gefunden {_describe(value)}")
        if value < 0:
            raise self.error(where, f"eine Anzahl kann nicht negativ sein: {value}")
        if value > MAX_COUNT:
            raise self.error(where, f"unplausibel große Anzahl {value}; höchstens {format_number_de(MAX_COUNT)}")
        return value

    def url(self, value: object, where: str) -> str:
        text = self.text(value, where, required=False)
        if text and not self.placeholder(text, where) and not re.match(r"https?://\S+$", text):
            raise self.error(where, f"Webadresse mit http:// oder https:// erwartet, gefunden {text!r}")
        return text

    def source(self, value: object, where: str) -> Source:
        ident = self.text(value, where)
        if ident in self.sources:
            return self.sources[ident]
        if ident in self.broken_sources:
            raise _Skip
        known = ", ".join(self.sources) or "keine"
        raise self.error(where, f"unbekannte Quelle {ident!r}; unter 'quellen' stehen: {known}")

    def value(self, field: Field, value: object, where: str) -> Any:
        """The checked value of one key; an optional key left out is "" (or () for a list)."""
        if field.kind == TEXT:
            return self.text(value, where, required=field.required)
        if field.kind == TEXTS:
            return self.texts(value, where)
        if field.kind == CHOICES:
            return self.choices(value, where, field.choices)
        if field.kind == DATE:
            return self.date(value, where, required=field.required)
        if field.kind == URL:
            return self.url(value, where)
        if value is None and not field.required:
            return ""
        if field.kind == CHOICE:
            return self.choice(value, where, field.choices)
        if field.kind == COUNT:
            return self.count(value, where)
        return self.source(value, where)

    def entry(self, value: object, where: str, part: Part) -> dict[str, Any]:
        """The checked values of one entry of ``part`` by key, in the order of the schema."""
        entry = self.mapping(value, where, part.required_keys, part.keys)
        return {f.key: self.value(f, entry.get(f.key), f"{where}.{f.key}") for f in part.fields}

    def entries(self, data: Mapping[str, Any], key: str, build: Callable[[Any, str], _T]) -> tuple[_T, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.errors.append(self.error(key, f"Liste erwartet (Einträge mit „- “), gefunden {_describe(value)}"))
            return ()
        built = []
        for i, item in enumerate(value):
            try:
                built.append(build(item, f"{key}[{i}]"))
            except _Skip:
                continue
            except InputError as exc:
                self.errors.append(exc)
        return tuple(built)

    def attempt(self, build: Callable[[], _T]) -> _T | None:
        try:
            return build()
        except InputError as exc:
            self.errors.append(exc)
            return None

    # -- the sections ------------------------------------------------------------------------------------------

    def municipality(self, value: object) -> tuple[str, str]:
        part = PART["gemeinde"]
        entry = self.mapping(value, "gemeinde", part.required_keys, part.keys)
        ags_raw, name = entry["ags"], self.text(entry["name"], "gemeinde.name")
        if self.template:
            if not self.placeholder(ags_raw, "gemeinde.ags"):
                raise self.error("gemeinde.ags", "in der Vorlage bleibt der Platzhalter des Gemeindeschlüssels stehen")
            return str(ags_raw), name
        ags = self.text(ags_raw, "gemeinde.ags")
        if not (ags.isdigit() and len(ags) == 8):
            raise self.error(
                "gemeinde.ags", f'achtstelliger Gemeindeschlüssel erwartet, z. B. "08236070"; gefunden {ags!r}'
            )
        if self.file_key is not None and ags != self.file_key:
            raise self.error(
                "gemeinde.ags",
                f"Gemeindeschlüssel {ags} passt nicht zum Dateinamen {self.path.name} (erwartet: {ags}.yaml)",
            )
        if ags not in self.region.municipality_keys:
            raise self.error("gemeinde.ags", f"{ags} ist keine Gemeinde {kreis_genitive(self.region.kreis.name)}")
        area = self.region.area(ags)
        if not name_keys(name) & name_keys(area.name):
            raise self.error("gemeinde.name", f"Name {name!r} passt nicht zum Gemeindeschlüssel {ags} ({area.name})")
        return ags, area.short_name

    def collection(self, value: object) -> Collection:
        entry = self.entry(value, "erhebung", PART["erhebung"])
        return Collection(date=entry["stand"], collected_by=entry["erhoben_von"], contact=entry["kontakt"])

    def read_sources(self, data: Mapping[str, Any]) -> None:
        value = data.get("quellen")
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    self.broken_sources.add(item["id"].strip())
        self.entries(data, "quellen", self.source_entry)
        self.broken_sources -= set(self.sources)

    def source_entry(self, value: object, where: str) -> Source:
        entry = self.entry(value, where, PART["quellen"])
        ident = entry["id"]
        source = Source(
            id=ident, label=entry["bezeichnung"], title=entry["titel"], date=entry["datum"], url=entry["url"]
        )
        if ident in self.sources:
            raise self.error(f"{where}.id", f"die Quellen-ID {ident!r} kommt doppelt vor")
        self.sources[ident] = source
        return source

    def actor(self, value: object, where: str) -> Actor:
        entry = self.entry(value, where, PART["akteure"])
        return Actor(
            name=entry["name"],
            kind=entry["art"],
            activity=entry["taetigkeit"],
            reach=entry["reichweite"],
            source=entry["quelle"],
        )

    def offer(self, value: object, where: str) -> Offer:
        entry = self.entry(value, where, PART["angebote"])
        return Offer(
            name=entry["name"],
            kind=entry["art"],
            provider=entry["traeger"],
            target_groups=entry["zielgruppen"],
            frequency=entry["haeufigkeit"],
            fields=entry["themen"],
            source=entry["quelle"],
        )

    def potential(self, value: object, where: str) -> Potential:
        entry = self.entry(value, where, PART["potenziale"])
        return Potential(description=entry["beschreibung"], source=entry["quelle"])

    def starting_point(self, value: object, where: str) -> StartingPoint:
        entry = self.entry(value, where, PART["ansatzpunkte"])
        return StartingPoint(description=entry["beschreibung"], fields=entry["themen"], source=entry["quelle"])

    def topic(self, value: object, where: str) -> Topic:
        entry = self.entry(value, where, PART["themen"])
        if entry["handlungsfeld"] == "Sonstiges" and not entry["freitext"]:
            raise self.error(f"{where}.freitext", "beim Handlungsfeld 'Sonstiges' das Thema als 'freitext' angeben")
        return Topic(
            field=entry["handlungsfeld"],
            free_text=entry["freitext"],
            source=entry["quelle"],
            scope=entry["zuordnung"] or OWN_TOPIC,
        )

    def participation(self, value: object, where: str) -> Participation:
        entry = self.entry(value, where, PART["beteiligung"])
        return Participation(
            format=entry["format"], date=entry["datum"], description=entry["beschreibung"], source=entry["quelle"]
        )

    def local_count(self, value: object, where: str) -> LocalCount:
        entry = self.entry(value, where, PART["lokale_zahlen"])
        count = LocalCount(
            label=entry["bezeichnung"],
            value=entry["wert"],
            unit=entry["einheit"] or "Personen",
            date=entry["stand"],
            source=entry["quelle"],
            id=entry["id"],
            part_of=entry["teil_von"],
        )
        self.counts_read.append((count, where))
        return count

    def count_parts(self) -> None:
        """Check ``id`` and ``teil_von`` of the counts read: a part names a total of the same file, unit and date
        that is itself no part, and the parts of a total do not add up to more than it (errors collected)."""
        totals: dict[str, LocalCount] = {}
        for count, where in self.counts_read:
            if count.id and count.id in totals:
                self.errors.append(self.error(f"{where}.id", f"die ID {count.id!r} kommt doppelt vor"))
            elif count.id:
                totals[count.id] = count
        parts: dict[str, list[LocalCount]] = {}
        for count, where in self.counts_read:
            if not count.part_of:
                continue
            total = totals.get(count.part_of)
            problem = None
            if total is None:
                problem = f"unbekannte Gesamtzahl {count.part_of!r}; IDs der Zahlen: {', '.join(totals) or 'keine'}"
            elif total is count:
                problem = "eine Zahl kann nicht Teil von sich selbst sein"
            elif total.part_of:
                problem = f"{count.part_of!r} ist selbst Teil einer Zahl; Teile haben nur eine Ebene"
            elif (total.unit, total.date) != (count.unit, count.date):
                problem = (
                    f"Einheit und Stand müssen gleich denen der Gesamtzahl {count.part_of!r} sein "
                    f"({total.unit}, {total.date}); gefunden {count.unit}, {count.date}"
                )
            if problem:
                self.errors.append(self.error(f"{where}.teil_von", problem))
            else:
                parts.setdefault(count.part_of, []).append(count)
        for count, where in self.counts_read:
            members = parts.get(count.id, []) if count.id else []
            if sum(p.value for p in members) > count.value:
                self.errors.append(
                    self.error(
                        f"{where}.wert",
                        f"die Teile ({', '.join(str(p.value) for p in members)}) ergeben zusammen "
                        f"{sum(p.value for p in members)}, mehr als die Gesamtzahl {count.value}",
                    )
                )

    def profile(self, data: object) -> LocalProfile | None:
        """The profile, or None where errors were collected (or for the template)."""
        root = self.mapping(data, "", tuple(p.key for p in PARTS if p.required), tuple(PART))
        key = self.attempt(lambda: self.municipality(root["gemeinde"]))
        collection = self.attempt(lambda: self.collection(root["erhebung"]))
        self.read_sources(root)
        profile = dict(
            actors=self.entries(root, "akteure", self.actor),
            offers=self.entries(root, "angebote", self.offer),
            potentials=self.entries(root, "potenziale", self.potential),
            starting_points=self.entries(root, "ansatzpunkte", self.starting_point),
            topics=self.entries(root, "themen", self.topic),
            participation=self.entries(root, "beteiligung", self.participation),
            counts=self.entries(root, "lokale_zahlen", self.local_count),
        )
        self.count_parts()
        if self.errors or self.template or key is None or collection is None:
            return None
        ags, name = key
        return LocalProfile(
            ags=ags,
            name=name,
            path=self.path,
            collection=collection,
            sources=tuple(self.sources.values()),
            **profile,
        )


def _load_error(exc: YamlLoadError) -> InputError:
    """The loader's problem in the consultants' words."""
    if exc.kind == UNREADABLE:
        message = f"Datei kann nicht gelesen werden (UTF-8 erwartet): {exc.detail}"
    elif exc.kind == TOO_LARGE:
        message = f"Datei zu groß ({exc.detail}); Texte kürzen oder aufteilen"
    elif exc.kind == EMPTY:
        message = "die Datei ist leer; Vorlage _vorlage.yaml kopieren und ausfüllen"
    elif exc.kind == DUPLICATE_KEY:
        message = f"Schlüssel {exc.detail!r} kommt doppelt vor (der erste Eintrag ginge verloren)"
    elif exc.kind == ALIASES:
        message = (
            "YAML-Verweise (&anker/*anker) sind nur in kleinem Umfang erlaubt; hier verweisen sie auf sich selbst "
            f"oder würden die Datei auf mehr als {format_number_de(MAX_NODES)} Einträge erweitern"
        )
    else:
        message = f"kein gültiges YAML: {exc.detail} (Einrückung und Doppelpunkte prüfen)"
    return InputError(exc.path, message, line=exc.line, column=exc.key)


def check_data(
    data: object,
    locator: Locator,
    region: Region | None = None,
    *,
    template: bool = False,
    file_key: str | None = None,
) -> tuple[LocalProfile | None, list[InputError]]:
    """Check one file's parsed content (plain dicts, lists, texts and numbers, as YAML gives them) against the
    schema; every problem placed by ``locator``. Returns the profile (None for the template or where there are
    problems) and every problem. ``template``: placeholders are allowed and required for the key; ``file_key``:
    the key the file's name gives, which ``gemeinde.ags`` must match (None: no such rule)."""
    reader = _Reader(locator, region or default_region(), template, file_key)
    try:
        profile = reader.profile(data)
    except InputError as exc:
        return None, [*reader.errors, exc]
    return profile, reader.errors


def check_file(path: str | Path, region: Region | None = None) -> tuple[Any, LocalProfile | None, list[InputError]]:
    """Check one file: its plain data (None where it cannot be loaded), its profile (None for the template or an
    invalid file) and every problem."""
    try:
        document = load_yaml(path, max_bytes=MAX_FILE_BYTES, max_nodes=MAX_NODES)
    except YamlLoadError as exc:
        return None, None, [_load_error(exc)]
    template = document.path.name == TEMPLATE_NAME
    profile, errors = check_data(
        document.data, YamlLocator(document), region, template=template, file_key=document.path.stem
    )
    return document.data, profile, errors


def _read(path: Path, region: Region) -> tuple[LocalProfile | None, list[InputError]]:
    """Check one file; returns the profile (None for the template or an invalid file) and every problem."""
    _, profile, errors = check_file(path, region)
    return profile, errors


def read_profile(path: str | Path, region: Region | None = None) -> LocalProfile:
    """Read and check one municipality's file; the first problem raises :class:`InputError`."""
    path = Path(path)
    if path.name == TEMPLATE_NAME:
        raise InputError(path, "das ist die Vorlage; sie wird kopiert (Dateiname: Gemeindeschlüssel) und ausgefüllt")
    profile, errors = _read(path, region or default_region())
    if errors:
        raise errors[0]
    assert profile is not None  # a file without errors that is not the template always gives a profile
    return profile


def load_local(ags: str, local_dir: str | Path = LOCAL_DIR, region: Region | None = None) -> LocalProfile | None:
    """The municipal information of municipality ``ags``, or None when ``<local_dir>/<ags>.yaml`` does not exist."""
    if not (isinstance(ags, str) and ags.isdigit() and len(ags) == 8):
        raise ValueError(f"expected an 8-digit municipality key (AGS) as a string, got {ags!r}")
    path = Path(local_dir) / f"{ags}.yaml"
    return read_profile(path, region) if path.exists() else None


def load_all(local_dir: str | Path = LOCAL_DIR, region: Region | None = None) -> dict[str, LocalProfile]:
    """Every municipality's file in ``local_dir`` (the template skipped), by AGS; an invalid file raises."""
    profiles, faulty = load_checked(local_dir, region)
    if faulty:
        raise next(iter(faulty.values()))
    return profiles


def load_checked(
    local_dir: str | Path = LOCAL_DIR, region: Region | None = None
) -> tuple[dict[str, LocalProfile], dict[str, InputError]]:
    """Every valid municipality's file in ``local_dir`` by AGS, and the first problem of every invalid one by the
    key its name gives (the file name where that is no key): one faulty file keeps no other out of a report."""
    region = region or default_region()
    profiles: dict[str, LocalProfile] = {}
    faulty: dict[str, InputError] = {}
    for path in sorted(p for p in Path(local_dir).glob("*.yaml") if p.name != TEMPLATE_NAME):
        profile, errors = _read(path, region)
        if errors or profile is None:
            faulty[path.stem if path.stem in region.municipality_keys else path.name] = errors[0]
        else:
            profiles[profile.ags] = profile
    return profiles, faulty


def check_local_dir(local_dir: str | Path = LOCAL_DIR, region: Region | None = None) -> list[str]:
    """Check every file of ``local_dir`` (the template as the template); each problem as a message, [] if none."""
    local_dir = Path(local_dir)
    if not local_dir.is_dir():
        return [f"{local_dir}: Ordner nicht gefunden"]
    region = region or default_region()
    problems = [
        f"{p}: wird nicht gelesen; Dateiendung .yaml verwenden ({p.stem}.yaml)" for p in sorted(local_dir.glob("*.yml"))
    ]
    for path in sorted(local_dir.glob("*.yaml")):
        problems += [str(error) for error in _read(path, region)[1]]
    return problems
