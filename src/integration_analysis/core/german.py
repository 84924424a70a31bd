"""German text for readers: numbers ("1.234", "13,7 %", "−1,5"), units, dates ("31.12.2023"), place phrases
("im Enzkreis", "des Enzkreises") and the German sort order of names.

This is the one place for these rules; every layer that writes German for a reader (error messages of the
municipal input, sentences, tables, charts, maps) formats through it. Pure functions, no files, no configuration.
Numbers are rounded half away from zero ("kaufmännisch"); negative numbers take the typographic minus "−"
(U+2212), as in print.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"
"""The minus sign of negative numbers (U+2212), not the hyphen-minus of the keyboard."""


#: German unit words that inflect: unit code → (singular, plural, dative plural). Other units are printed as given.
_UNIT_WORDS: dict[str, tuple[str, str, str]] = {
    "percent": ("%", "%", "%"),
    "percentage_points": ("Prozentpunkt", "Prozentpunkte", "Prozentpunkten"),
    "persons": ("Person", "Personen", "Personen"),
    "years": ("Jahr", "Jahre", "Jahren"),
    "dwellings": ("Wohnung", "Wohnungen", "Wohnungen"),
}


_UNIT_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def round_half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded half away from zero to ``decimals`` places, on the decimal that Python prints for it."""
    if decimals < 0:
        raise ValueError(f"decimals must be ≥ 0, got {decimals}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot format {value!r}: not a finite number")
    return Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number_de(value: float, decimals: int = 0, *, sign: bool = False) -> str:
    """A number written German-style: thousands dot, decimal comma, "−" (U+2212) for negative numbers.

    ``format_number_de(1234) == "1.234"``, ``format_number_de(13.66, 1) == "13,7"``,
    ``format_number_de(-1.5, 1) == "−1,5"``. With ``sign`` a positive number gets "+" (for changes). A number
    that rounds to zero never carries a sign. NaN and infinity raise ValueError.
    """
    rounded = round_half_up(value, decimals)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    if rounded < 0:
        return MINUS + text
    if sign and rounded > 0:
        return "+" + text
    return text


def format_value_de(value: float, unit: str, decimals: int = 1, *, sign: bool = False, dative: bool = False) -> str:
    """A number with its unit: "13,7 %", "1.234 Personen", "1 Person", "2,5 Prozentpunkte".

    ``unit`` is a unit code whose German word inflects ("percent", "percentage_points", "persons", "years",
    "dwellings") or the German unit text to print as it is ("Einw. je km²", "Euro", ""); any other lower-case
    code raises ValueError rather than printing an English code into a report. ``dative`` gives the form after
    a preposition such as "gegenüber" ("43,1 Jahren").
    """
    number = format_number_de(value, decimals, sign=sign)
    if unit in _UNIT_WORDS:
        singular, plural, dative_plural = _UNIT_WORDS[unit]
        word = singular if number.lstrip("+" + MINUS) == "1" else dative_plural if dative else plural
    elif _UNIT_CODE.match(unit):
        raise ValueError(f"unknown unit code {unit!r}: pass one of {sorted(_UNIT_WORDS)} or the German unit text")
    else:
        word = unit
    return f"{number} {word}" if word else number


def short_place_name(name: str) -> str:
    """The name without the register's suffix: "Maulbronn, Stadt" → "Maulbronn"."""
    return name.split(",", 1)[0].strip()


#: First words of Kreis names that name the kind of Kreis: "im Landkreis Rostock", "in der Region Hannover".
_KREIS_WORDS = ("Landkreis", "Kreis", "Regionalverband")
_FEMININE_KREIS_WORDS = ("Region", "Städteregion")


def reference_phrase(area_name: str, level: str) -> str:
    """The place phrase "in …"/"im …" of an area, for comparison sentences.

    ``level`` is "gemeinde", "kreis" or "land". A Gemeinde: "in Keltern" (a ", Stadt" suffix is dropped). A
    Land: "in Baden-Württemberg" ("im Saarland"). A Kreis whose name ends in "kreis" or begins with
    "Landkreis"/"Kreis"/"Regionalverband" or a word ending in "kreis": "im Enzkreis", "im Eifelkreis
    Bitburg-Prüm"; "Region"/"Städteregion": "in der Region Hannover"; "Karlsruhe, Landkreis": "im Landkreis
    Karlsruhe"; a city Kreis ("Pforzheim, Stadtkreis"): "in Pforzheim"; any other Kreis name: "im Landkreis
    Böblingen".
    """
    name = area_name.strip()
    if level == "gemeinde":
        return f"in {short_place_name(name)}"
    if level == "land":
        return "im Saarland" if name == "Saarland" else f"in {name}"
    if level == "kreis":
        base, _, kind = (part.strip() for part in name.partition(","))
        if kind == "Landkreis":
            return f"im Landkreis {base}"
        if kind:
            return f"in {base}"
        first = name.split(" ", 1)[0]
        if first in _FEMININE_KREIS_WORDS:
            return f"in der {name}"
        if name.lower().endswith("kreis") or first in _KREIS_WORDS or first.lower().endswith("kreis"):
            return f"im {name}"
        return f"im Landkreis {name}"
    raise ValueError(f"level must be 'gemeinde', 'kreis' or 'land', got {level!r}")


def kreis_genitive(kreis_name: str) -> str:
    """The genitive of a Kreis' name with its article, as in "die Gemeinden des Enzkreises".

    A name ending in "kreis" or beginning with "Landkreis"/"Kreis": "des Enzkreises", "des Rhein-Neckar-Kreises",
    "des Landkreises Calw", "des Eifelkreises Bitburg-Prüm", "des Regionalverbands Saarbrücken", "der Region
    Hannover"; "Karlsruhe, Landkreis": "des Landkreises Karlsruhe"; a city Kreis
    ("Pforzheim, Stadtkreis"): "der Stadt Pforzheim"; any other name: "des Landkreises Böblingen" (as
    :func:`reference_phrase` says "im Landkreis Böblingen").
    """
    name = kreis_name.strip()
    base, _, kind = (part.strip() for part in name.partition(","))
    if kind == "Landkreis":
        return f"des Landkreises {base}"
    if kind:
        return f"der Stadt {base}"
    first, _, rest = name.partition(" ")
    if first in _FEMININE_KREIS_WORDS and rest:
        return f"der {name}"
    if first == "Regionalverband" and rest:
        return f"des Regionalverbands {rest}"
    if (first in ("Landkreis", "Kreis") or first.lower().endswith("kreis")) and rest:
        return f"des {first}es {rest}"
    if name.lower().endswith("kreis"):
        return f"des {name}es"
    return f"des Landkreises {name}"


def kreis_dative(kreis_name: str) -> str:
    """A Kreis' name with its article in the dative, as after "neben" or "mit": "dem Enzkreis", "dem Landkreis
    Karlsruhe", "der Region Hannover", "Pforzheim" (a city Kreis, as :func:`reference_phrase` says "in
    Pforzheim")."""
    phrase = reference_phrase(kreis_name, "kreis")
    if phrase.startswith("im "):
        return "dem " + phrase.removeprefix("im ")
    return phrase.removeprefix("in ")


_BASE_LETTERS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def sort_key_de(name: str) -> tuple[str, str]:
    """The sort key of a name in German alphabetical order (DIN 5007, variant 1, as in a dictionary): case is
    ignored, umlauts count as their base letter (ä → a, ö → o, ü → u), ß as "ss", other accents are dropped; equal
    keys fall back to the name itself. So "Kämpfelbach" comes before "Knittlingen" and "Ölbronn-Dürrn" among
    the O's, not after Z. Use it for every list of places a reader sees: ``sorted(areas, key=lambda a:
    sort_key_de(a.short_name))``."""
    folded = unicodedata.normalize("NFC", name).casefold().translate(_BASE_LETTERS)
    plain = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return plain, name


def format_date_de(date: str) -> str:
    """A reference date as German readers write it: "2023-12-31" → "31.12.2023", "2023-08" → "08/2023",
    "2015" → "2015", "2013-12-31/2023-12-31" → "31.12.2013–31.12.2023", "2008/2012" → "2008–2012"."""
    if "/" in date:
        start, end = date.split("/", 1)
        return f"{format_date_de(start)}–{format_date_de(end)}"
    parts = date.split("-")
    if len(parts) == 3:
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    if len(parts) == 2:
        return f"{parts[1]}/{parts[0]}"
    return date


def and_list(items: list[str]) -> str:
    """Items joined as German prose: "A", "A und B", "A, B und C"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


_NUMBER_WORDS = (
    *("null", "eins", "zwei", "drei", "vier", "fünf", "sechs"),
    *("sieben", "acht", "neun", "zehn", "elf", "zwölf"),
)


def count_word_de(count: int) -> str:
    """A count as German text writes it: the word up to twelve ("vier"), digits above ("28", "1.101")."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else format_number_de(count)
