"""Municipal information of the Steckbriefe (``data/local/``): networks and actors, offers, potentials, starting
points for measures, topics (Handlungsfelder), participation formats and counts the municipality holds.

This module owns:

- the schema of one YAML file per municipality (file name = 8-digit AGS, e.g. ``08236070.yaml``; keys in German
  because consultants fill them in) and the controlled vocabularies (:data:`ACTOR_KINDS`, :data:`OFFER_KINDS`,
  :data:`HANDLUNGSFELDER`, :data:`PARTICIPATION_FORMATS`, :data:`COUNT_UNITS`), each kept only here;
- reading and checking those files (:func:`load_local`, :func:`load_all`, :func:`read_profile`,
  :func:`check_local_dir`): unknown keys, values outside a vocabulary, unknown source ids, bad dates, a key
  (``gemeinde.ags``) that does not match the file name or is not a municipality of the region, left-over
  placeholders of the template — each an :class:`~integration_analysis.errors.InputError` naming the file, the
  YAML line and the key path (``akteure[2].art``; list positions count from 0);
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
from typing import Any, TypeVar

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

#: Units of local counts (``lokale_zahlen[].einheit``; "Personen" when left out).
COUNT_UNITS: tuple[str, ...] = ("Personen", "Haushalte", "Familien", "Plätze", "Angebote", "Einrichtungen")

#: Units that count people: small values are suppressed like official counts of persons.
PERSON_UNITS: frozenset[str] = frozenset({"Personen", "Haushalte", "Familien"})

#: Limits of one file: its size, the entries its YAML aliases may expand to, one text, one count.
MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_TEXT_CHARS = 2_000
MAX_COUNT = 1_000_000

_PLACEHOLDER = re.compile(r"^\[.*\]$", re.DOTALL)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d")
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
    """A topic (``themen[]``): a Handlungsfeld of the controlled list, with optional free text."""

    field: str
    free_text: str
    source: Source


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
        """Handlungsfelder named as topics or starting points, in the order of :data:`HANDLUNGSFELDER`."""
        named = {t.field for t in self.topics} | {f for s in self.starting_points for f in s.fields}
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

_ROOT_REQUIRED = ("gemeinde", "erhebung", "quellen")
_SECTIONS = ("akteure", "angebote", "potenziale", "ansatzpunkte", "themen", "beteiligung", "lokale_zahlen")


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
    return repr(value)


class _Reader:
    """Checks one file's parsed content against the schema; collects one error per entry."""

    def __init__(self, document: YamlDocument, region: Region, template: bool) -> None:
        self.path = document.path
        self.document = document
        self.region = region
        self.template = template
        self.errors: list[InputError] = []
        self.sources: dict[str, Source] = {}
        self.broken_sources: set[str] = set()
        self.counts_read: list[tuple[LocalCount, str]] = []

    def error(self, where: str, message: str) -> InputError:
        return InputError(self.path, message, line=self.document.line_of(where), column=where or None)

    def mapping(
        self, value: object, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, f"Zuordnung (Schlüssel: Wert) erwartet, gefunden {_describe(value)}")
        allowed = (*required, *optional)
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
            raise self.error(
                where, f"Text erwartet, gefunden {_describe(value)}; Zahlen und ja/nein in Anführungszeichen setzen"
            )
        text = value.strip()
        if required and not text:
            raise self.error(where, "Text erwartet, der Eintrag ist leer")
        if len(text) > MAX_TEXT_CHARS:
            raise self.error(
                where,
                f"Text zu lang: {format_number_de(len(text))} Zeichen, höchstens {format_number_de(MAX_TEXT_CHARS)}",
            )
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
            raise self.error(where, f"ganze Zahl ≥ 0 ohne Anführungszeichen erwartet, gefunden {_describe(value)}")
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
        entry = self.mapping(value, "gemeinde", ("ags", "name"))
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
        if ags != self.path.stem:
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
        entry = self.mapping(value, "erhebung", ("stand", "erhoben_von"), ("kontakt",))
        return Collection(
            date=self.date(entry["stand"], "erhebung.stand"),
            collected_by=self.text(entry["erhoben_von"], "erhebung.erhoben_von"),
            contact=self.text(entry.get("kontakt"), "erhebung.kontakt", required=False),
        )

    def read_sources(self, data: Mapping[str, Any]) -> None:
        value = data.get("quellen")
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    self.broken_sources.add(item["id"].strip())
        self.entries(data, "quellen", self.source_entry)
        self.broken_sources -= set(self.sources)

    def source_entry(self, value: object, where: str) -> Source:
        entry = self.mapping(value, where, ("id", "bezeichnung"), ("titel", "datum", "url"))
        ident = self.text(entry["id"], f"{where}.id")
        source = Source(
            id=ident,
            label=self.text(entry["bezeichnung"], f"{where}.bezeichnung"),
            title=self.text(entry.get("titel"), f"{where}.titel", required=False),
            date=self.date(entry.get("datum"), f"{where}.datum", required=False),
            url=self.url(entry.get("url"), f"{where}.url"),
        )
        if ident in self.sources:
            raise self.error(f"{where}.id", f"die Quellen-ID {ident!r} kommt doppelt vor")
        self.sources[ident] = source
        return source

    def actor(self, value: object, where: str) -> Actor:
        entry = self.mapping(value, where, ("name", "art", "quelle"), ("taetigkeit", "reichweite"))
        return Actor(
            name=self.text(entry["name"], f"{where}.name"),
            kind=self.choice(entry["art"], f"{where}.art", ACTOR_KINDS),
            activity=self.text(entry.get("taetigkeit"), f"{where}.taetigkeit", required=False),
            reach=self.text(entry.get("reichweite"), f"{where}.reichweite", required=False),
            source=self.source(entry["quelle"], f"{where}.quelle"),
        )

    def offer(self, value: object, where: str) -> Offer:
        entry = self.mapping(
            value, where, ("name", "art", "quelle"), ("traeger", "zielgruppen", "haeufigkeit", "themen")
        )
        return Offer(
            name=self.text(entry["name"], f"{where}.name"),
            kind=self.choice(entry["art"], f"{where}.art", OFFER_KINDS),
            provider=self.text(entry.get("traeger"), f"{where}.traeger", required=False),
            target_groups=self.texts(entry.get("zielgruppen"), f"{where}.zielgruppen"),
            frequency=self.text(entry.get("haeufigkeit"), f"{where}.haeufigkeit", required=False),
            fields=self.choices(entry.get("themen"), f"{where}.themen", HANDLUNGSFELDER),
            source=self.source(entry["quelle"], f"{where}.quelle"),
        )

    def potential(self, value: object, where: str) -> Potential:
        entry = self.mapping(value, where, ("beschreibung", "quelle"))
        return Potential(
            description=self.text(entry["beschreibung"], f"{where}.beschreibung"),
            source=self.source(entry["quelle"], f"{where}.quelle"),
        )

    def starting_point(self, value: object, where: str) -> StartingPoint:
        entry = self.mapping(value, where, ("beschreibung", "quelle"), ("themen",))
        return StartingPoint(
            description=self.text(entry["beschreibung"], f"{where}.beschreibung"),
            fields=self.choices(entry.get("themen"), f"{where}.themen", HANDLUNGSFELDER),
            source=self.source(entry["quelle"], f"{where}.quelle"),
        )

    def topic(self, value: object, where: str) -> Topic:
        entry = self.mapping(value, where, ("handlungsfeld", "quelle"), ("freitext",))
        field = self.choice(entry["handlungsfeld"], f"{where}.handlungsfeld", HANDLUNGSFELDER)
        free_text = self.text(entry.get("freitext"), f"{where}.freitext", required=False)
        if field == "Sonstiges" and not free_text:
            raise self.error(f"{where}.freitext", "beim Handlungsfeld 'Sonstiges' das Thema als 'freitext' angeben")
        return Topic(field=field, free_text=free_text, source=self.source(entry["quelle"], f"{where}.quelle"))

    def participation(self, value: object, where: str) -> Participation:
        entry = self.mapping(value, where, ("format", "datum", "quelle"), ("beschreibung",))
        return Participation(
            format=self.choice(entry["format"], f"{where}.format", PARTICIPATION_FORMATS),
            date=self.date(entry["datum"], f"{where}.datum"),
            description=self.text(entry.get("beschreibung"), f"{where}.beschreibung", required=False),
            source=self.source(entry["quelle"], f"{where}.quelle"),
        )

    def local_count(self, value: object, where: str) -> LocalCount:
        entry = self.mapping(value, where, ("bezeichnung", "wert", "stand", "quelle"), ("einheit", "id", "teil_von"))
        unit = entry.get("einheit")
        count = LocalCount(
            label=self.text(entry["bezeichnung"], f"{where}.bezeichnung"),
            value=self.count(entry["wert"], f"{where}.wert"),
            unit="Personen" if unit is None else self.choice(unit, f"{where}.einheit", COUNT_UNITS),
            date=self.date(entry["stand"], f"{where}.stand"),
            source=self.source(entry["quelle"], f"{where}.quelle"),
            id=self.text(entry.get("id"), f"{where}.id", required=False),
            part_of=self.text(entry.get("teil_von"), f"{where}.teil_von", required=False),
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
        root = self.mapping(data, "", _ROOT_REQUIRED, _SECTIONS)
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


def _read(path: Path, region: Region) -> tuple[LocalProfile | None, list[InputError]]:
    """Check one file; returns the profile (None for the template or an invalid file) and every problem."""
    try:
        document = load_yaml(path, max_bytes=MAX_FILE_BYTES, max_nodes=MAX_NODES)
    except YamlLoadError as exc:
        return None, [_load_error(exc)]
    reader = _Reader(document, region, template=document.path.name == TEMPLATE_NAME)
    try:
        profile = reader.profile(document.data)
    except InputError as exc:
        return None, [*reader.errors, exc]
    return profile, reader.errors


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
