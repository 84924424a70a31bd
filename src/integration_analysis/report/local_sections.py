"""The municipal information (``data.local``) in the reports: the municipal part of a Steckbrief
(:func:`render_profile`) and of the Kreisübersicht (:func:`topic_matrix`, :func:`offers_overview`, :func:`gaps`),
always marked as municipal information and kept apart from official statistics. Every text from a file is
HTML-escaped.

Local counts get the same disclosure control as official counts (:func:`disclosed_counts`) when they count
people (``PERSON_UNITS``): primary suppression with ``Region.min_count``, and secondary suppression of a
total and its parts (``teil_von``), so a hidden part cannot be recomputed from the total and the other parts.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ..analysis.disclosure import apply_to_long, format_count
from ..core.errors import InputError
from ..core.german import and_list, format_date_de, sort_key_de
from ..core.paths import public_path, public_text
from ..data.local import HANDLUNGSFELDER, JOINT_TOPIC, LocalCount, LocalProfile, Source
from ..data.regions import Area, Region, default_region
from .blocks import Html, join, notice, paragraph, table

# --- rendering -----------------------------------------------------------------------------------------------

_NONE = "Keine Angaben."


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _source_note(source: Source) -> str:
    return f' <span class="ia-source">(Quelle: {_esc(source.label)})</span>'


def _items(lines: Iterable[str]) -> Html:
    items = "".join(f"<li>{line}</li>" for line in lines)
    return Html(f"<ul>{items}</ul>") if items else paragraph(_NONE)


def _table(rows: list[dict[str, str]], numeric: tuple[str, ...] = ()) -> Html:
    return table(pd.DataFrame(rows), numeric=numeric) if rows else paragraph(_NONE)


def _h3(title: str) -> Html:
    return Html(f"<h3>{_esc(title)}</h3>")


def _stand(profile: LocalProfile) -> str:
    return f"Stand {format_date_de(profile.collection.date)}, erhoben von: {profile.collection.collected_by}"


def _source_item(source: Source) -> str:
    parts = [_esc(source.label)]
    if source.title:
        parts.append(f"„{_esc(source.title)}“")
    if source.date:
        parts.append(_esc(format_date_de(source.date)))
    if source.url:
        parts.append(f'<a href="{_esc(source.url)}">{_esc(source.url)}</a>')
    return ", ".join(parts)


def disclosed_counts(counts: Sequence[LocalCount], min_count: int) -> list[str]:
    """Each count as the report shows it. Counts of people go through the same primary and secondary suppression
    as official counts (``disclosure.apply_to_long``): a total and its parts (``teil_von``) are one table, so a
    part hidden because it is small cannot be recomputed from the total and the other parts. Other units are
    shown as they are."""
    totals = {c.id: f"count_{i}" for i, c in enumerate(counts) if c.id and not c.part_of}
    rows, partitions = [], {}
    for i, count in enumerate(counts):
        if not count.counts_people:
            continue
        if count.part_of:
            variable, group = totals[count.part_of], f"part_{i}"
            partitions.setdefault(variable, []).append(group)
        else:
            variable, group = f"count_{i}", "total"
        rows.append(
            {
                "ags": "local",
                "area_level": "gemeinde",
                "date": count.date,
                "variable": variable,
                "group": group,
                "value": float(count.value),
                "flag": "",
                "unit": "persons",
                "basis": "local",
                "source_id": "local",
                "position": i,
            }
        )
    shown = [format_count(c.value, "") for c in counts]
    if rows:
        disclosed = apply_to_long(pd.DataFrame(rows), min_count, partitions)
        for position, value, flag in zip(disclosed["position"], disclosed["value"], disclosed["flag"], strict=True):
            shown[position] = format_count(value, flag)
    return shown


def render_profile(profile: LocalProfile | None, area_name: str, min_count: int) -> Html:
    """The municipal part of a Steckbrief: a marked box with networks and actors, offers, potentials, starting
    points, topics, participation and the municipality's counts, each entry with its source.

    ``None`` (no file) gives a notice that nothing is recorded and where it would go. Counts of people below
    ``min_count`` are shown as ".".
    """
    if profile is None:
        return notice(
            f"Für {area_name} sind keine kommunalen Angaben erfasst (Netzwerke und Akteure, Angebote, Potenziale, "
            "Ansatzpunkte für Maßnahmen, Themen). Sobald die Gemeinde sie nach der Vorlage des Projekts erfasst hat, "
            "erscheinen sie hier, getrennt von der amtlichen Statistik."
        )
    contact = f" Ansprechstelle: {profile.collection.contact}." if profile.collection.contact else ""
    actors = [
        {
            "Name": a.name,
            "Art": a.kind,
            "Tätigkeit": a.activity or "–",
            "Reichweite": a.reach or "–",
            "Quelle": a.source.label,
        }
        for a in profile.actors
    ]
    offers = [
        {
            "Angebot": o.name,
            "Art": o.kind,
            "Träger": o.provider or "–",
            "Zielgruppen": ", ".join(o.target_groups) or "–",
            "Häufigkeit": o.frequency or "–",
            "Handlungsfelder": ", ".join(o.fields) or "–",
            "Quelle": o.source.label,
        }
        for o in profile.offers
    ]
    participation = [
        {
            "Format": p.format,
            "Datum": format_date_de(p.date),
            "Beschreibung": p.description or "–",
            "Quelle": p.source.label,
        }
        for p in profile.participation
    ]
    counts = [
        {
            "Angabe": f"davon: {c.label}" if c.part_of else c.label,
            "Wert": shown,
            "Einheit": c.unit,
            "Stand": format_date_de(c.date),
            "Quelle": c.source.label,
        }
        for c, shown in zip(profile.counts, disclosed_counts(profile.counts, min_count), strict=True)
    ]
    starting_points = [
        _esc(s.description) + (f" <em>({_esc(', '.join(s.fields))})</em>" if s.fields else "") + _source_note(s.source)
        for s in profile.starting_points
    ]
    topics = [
        f"<strong>{_esc(t.field)}</strong>"
        + (" (für alle Pilotkommunen gemeinsam genannt)" if t.scope == JOINT_TOPIC else "")
        + (f": {_esc(t.free_text)}" if t.free_text else "")
        + _source_note(t.source)
        for t in profile.topics
    ]
    blocks = [
        Html(f"<p><strong>Kommunale Angaben</strong> ({_esc(_stand(profile))})</p>"),
        paragraph(
            "Jede Angabe nennt ihre Quelle (Gespräche, Workshops, Befragungen, Dokumente). Keine amtliche Statistik "
            f"und nicht mit ihr verrechnet.{contact}",
            "ia-source",
        ),
    ]
    parts = (
        ("Netzwerke und Akteure", actors and _table(actors)),
        ("Angebote", offers and _table(offers)),
        (
            "Potenziale",
            profile.potentials and _items(_esc(p.description) + _source_note(p.source) for p in profile.potentials),
        ),
        ("Ansatzpunkte für Maßnahmen", starting_points and _items(starting_points)),
        ("Themen und Handlungsfelder", topics and _items(topics)),
        ("Beteiligung", participation and _table(participation)),
        ("Zahlen der Gemeinde", counts and _table(counts, numeric=("Wert",))),
    )
    for heading, body in parts:
        if body:
            blocks += [_h3(heading), body]
    missing = [heading for heading, body in parts if not body]
    if missing:
        blocks.append(paragraph(f"Noch nicht erfasst: {and_list(missing)}."))
    if counts:
        blocks.append(
            paragraph(
                f"Anzahlen von Personen unter {min_count} sind unterdrückt („.“), dazu so viele Teile einer "
                "Gesamtzahl, dass sich kein unterdrückter Wert aus ihr errechnen lässt.",
                "ia-source",
            )
        )
    blocks += [_h3("Quellen der kommunalen Angaben"), _items(_source_item(s) for s in profile.sources)]
    inner = join(*blocks).text
    return Html(f'<section class="ia-local" aria-label="Kommunale Angaben">{inner}</section>')


def _by_name(areas: Iterable[Area]) -> list[Area]:
    return sorted(areas, key=lambda a: sort_key_de(a.short_name))


def describe_problem(error: InputError) -> str:
    """Where a municipal file is faulty and why, in German, with the path relative to the project."""
    where = [public_path(error.path)]
    if error.line is not None:
        where.append(f"Zeile {error.line}")
    if error.column is not None:
        where.append(f"Schlüssel {error.column}")
    return f"{', '.join(where)}: {public_text(error.message)}"


def faulty_notice(error: InputError) -> Html:
    """The box shown instead of a municipality's information when its file fails the check."""
    return Html(
        '<div class="ia-notice" role="note"><strong>Kommunale Angaben fehlerhaft:</strong> '
        f"{_esc(describe_problem(error))}. Die kommunalen Angaben dieser Gemeinde erscheinen, sobald die Datei "
        "korrigiert ist.</div>"
    )


def faulty_notices(faulty: Mapping[str, InputError]) -> Html:
    """One :func:`faulty_notice` per faulty file (nothing if there is none)."""
    return join(*(faulty_notice(error) for error in faulty.values()))


def _coverage(
    profiles: Mapping[str, LocalProfile], region: Region, faulty: Mapping[str, InputError] | None = None
) -> Html:
    """Where the municipal information comes from, which municipalities have none, whose file is faulty."""
    faulty = faulty or {}
    stands = [f"{a.short_name}: {_stand(profiles[a.ags])}" for a in _by_name(region.area(k) for k in profiles)]
    broken = [a.short_name for a in _by_name(region.municipalities) if a.ags in faulty]
    without = [a.short_name for a in _by_name(region.municipalities) if a.ags not in profiles and a.ags not in faulty]
    text = "Kommunale Angaben, keine amtliche Statistik." + (f" {'; '.join(stands)}." if stands else "")
    if broken:
        text += f" Kommunale Angaben fehlerhaft (nicht gezeigt): {', '.join(broken)}."
    if without:
        text += f" Keine kommunalen Angaben erfasst: {', '.join(without)}."
    return paragraph(text, "ia-source")


def topic_matrix(
    profiles: Mapping[str, LocalProfile],
    region: Region | None = None,
    faulty: Mapping[str, InputError] | None = None,
) -> Html:
    """Which Handlungsfelder each municipality names (as topic, starting point or offer): rows Handlungsfelder,
    columns municipalities with a file and the pilots; a pilot without a file shows "keine Angaben", a
    municipality whose file is ``faulty`` "fehlerhaft"."""
    region = region or default_region()
    faulty = faulty or {}
    shown = [a for a in _by_name(region.municipalities) if a.ags in profiles or a.ags in faulty or a.pilot]
    if not shown:
        return notice("Für keine Gemeinde sind kommunale Angaben erfasst.")
    rows = []
    for field in HANDLUNGSFELDER:
        row = {"Handlungsfeld": field}
        for area in shown:
            profile = profiles.get(area.ags)
            if area.ags in faulty:
                row[area.short_name] = "fehlerhaft"
            elif profile is None:
                row[area.short_name] = "keine Angaben"
            else:
                row[area.short_name] = "✓" if field in {*profile.named_fields, *profile.offered_fields} else ""
        rows.append(row)
    joint = _joint_topics(profiles)
    return join(
        table(pd.DataFrame(rows)),
        paragraph(
            "✓: in den kommunalen Angaben dieser Gemeinde als Thema, Ansatzpunkt oder Angebot genannt. Ein leeres "
            "Feld heißt nur, dass nichts erfasst ist.",
            "ia-source",
        ),
        paragraph(
            f"Für alle Pilotkommunen gemeinsam genannt und deshalb bei keiner Gemeinde angekreuzt: {joint}.",
            "ia-source",
        )
        if joint
        else Html(""),
        _coverage(profiles, region, faulty),
    )


def _joint_topics(profiles: Mapping[str, LocalProfile]) -> str:
    """The Handlungsfelder named for all pilots together, with their sources ("Sprache und Ehrenamt (Quelle: …)")."""
    topics = [t for p in profiles.values() for t in p.topics if t.scope == JOINT_TOPIC]
    fields = [f for f in HANDLUNGSFELDER if f in {t.field for t in topics}]
    if not fields:
        return ""
    sources = sorted({t.source.label for t in topics})
    return f"{and_list(fields)} (Quelle: {'; '.join(sources)})"


def offers_overview(
    profiles: Mapping[str, LocalProfile],
    region: Region | None = None,
    faulty: Mapping[str, InputError] | None = None,
) -> Html:
    """Every recorded offer by municipality: kind, Handlungsfelder, target groups, frequency, source."""
    region = region or default_region()
    rows = [
        {
            "Gemeinde": area.short_name,
            "Angebot": o.name,
            "Art": o.kind,
            "Handlungsfelder": ", ".join(o.fields) or "–",
            "Zielgruppen": ", ".join(o.target_groups) or "–",
            "Häufigkeit": o.frequency or "–",
            "Quelle": o.source.label,
        }
        for area in _by_name(region.area(k) for k in profiles)
        for o in profiles[area.ags].offers
    ]
    without = [a.short_name for a in _by_name(region.area(k) for k in profiles) if not profiles[a.ags].offers]
    blocks = [table(pd.DataFrame(rows)) if rows else notice("In keiner Gemeinde sind Angebote erfasst.")]
    if without:
        blocks.append(paragraph(f"Kommunale Angaben ohne erfasste Angebote: {', '.join(without)}."))
    blocks.append(_coverage(profiles, region, faulty))
    return join(*blocks)


def gaps(
    profiles: Mapping[str, LocalProfile],
    region: Region | None = None,
    faulty: Mapping[str, InputError] | None = None,
) -> Html:
    """Per municipality the Handlungsfelder named as topics or starting points without any recorded offer."""
    region = region or default_region()
    if not profiles:
        return join(notice("Für keine Gemeinde sind kommunale Angaben erfasst."), _coverage(profiles, region, faulty))
    ordered = [(a.short_name, profiles[a.ags]) for a in _by_name(region.area(k) for k in profiles)]
    rows = [
        {"Gemeinde": name, "Handlungsfelder ohne erfasstes Angebot": ", ".join(p.gaps)} for name, p in ordered if p.gaps
    ]
    covered = [name for name, p in ordered if p.named_fields and not p.gaps]
    blocks = [
        table(pd.DataFrame(rows))
        if rows
        else paragraph("Zu jedem genannten Handlungsfeld ist mindestens ein Angebot erfasst.")
    ]
    if covered:
        blocks.append(paragraph(f"Zu allen genannten Handlungsfeldern ein Angebot erfasst: {', '.join(covered)}."))
    blocks += [
        paragraph(
            "Eine Lücke heißt: Das Handlungsfeld ist als Thema oder Ansatzpunkt genannt, in den kommunalen Angaben "
            "aber kein Angebot dazu erfasst. Es kann dort trotzdem Angebote geben.",
            "ia-source",
        ),
        _coverage(profiles, region, faulty),
    ]
    return join(*blocks)
