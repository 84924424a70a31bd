"""The municipality registry: the Kreis, its municipalities with their official keys, the pilots, and look-up
by name or key that forgives case, umlauts and the ", Stadt" suffix.

The registry is configuration (``config/region.yaml``); this module reads and checks it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .errors import InputError, UnknownRegionError
from .paths import REGION_CONFIG

_SUFFIXES = re.compile(r",?\s*(stadt|gemeinde|große kreisstadt|grosse kreisstadt)$")


@dataclass(frozen=True)
class Area:
    """A Gemeinde, Kreis or Land with its official key."""

    ags: str
    name: str
    level: str
    pilot: bool = False

    @property
    def short_name(self) -> str:
        """The name without the ", Stadt" suffix of the register ("Maulbronn, Stadt" → "Maulbronn")."""
        return re.sub(r",\s*Stadt$", "", self.name)


@dataclass(frozen=True)
class Region:
    """The Land, the Kreis and the Kreis' municipalities, with the report settings of ``region.yaml``."""

    land: Area
    kreis: Area
    municipalities: tuple[Area, ...]
    min_count: int

    @property
    def pilots(self) -> tuple[Area, ...]:
        return tuple(m for m in self.municipalities if m.pilot)

    @property
    def municipality_keys(self) -> tuple[str, ...]:
        return tuple(m.ags for m in self.municipalities)

    def area(self, ags: str) -> Area:
        """The Land, Kreis or municipality with this key."""
        for candidate in (self.land, self.kreis, *self.municipalities):
            if candidate.ags == ags:
                return candidate
        raise UnknownRegionError(ags, [])

    def find(self, query: str | int) -> Area:
        """A municipality by 8-digit key or by name; an unknown one fails with the closest matches."""
        text = str(query).strip()
        digits = text.replace(" ", "")
        if digits.isdigit():
            digits = digits.zfill(8)  # a key read as a number lost its leading zero (papermill -p 08236070)
            for m in self.municipalities:
                if m.ags == digits:
                    return m
            close = [f"{m.short_name} ({m.ags})" for m in self.municipalities if m.ags.startswith(digits[:6])]
            raise UnknownRegionError(text, close[:3])
        by_name = {key: m for m in self.municipalities for key in name_keys(m.name)}
        for wanted in name_keys(text):
            if wanted in by_name:
                return by_name[wanted]
        wanted = normalise_name(text)
        matches = difflib.get_close_matches(wanted, list(by_name), n=3, cutoff=0.5)
        raise UnknownRegionError(text, [f"{by_name[k].short_name} ({by_name[k].ags})" for k in matches])


def normalise_name(name: str) -> str:
    """Fold a municipality name for comparison: lower case, umlauts as ae/oe/ue/ss, no ", Stadt" suffix."""
    text = unicodedata.normalize("NFC", name).strip().lower()
    text = _SUFFIXES.sub("", text)
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\s\-_.]+", " ", text).strip()


def name_keys(name: str) -> set[str]:
    """The forms a name may be typed in: umlauts written out ("Muehlacker") or dropped ("Muhlacker")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return {normalise_name(name), normalise_name(plain)}


def _area(path: Path, entry: object, level: str, digits: int, where: str) -> Area:
    if not isinstance(entry, dict) or "ags" not in entry or "name" not in entry:
        raise InputError(path, "needs 'ags' and 'name'", column=where)
    ags = str(entry["ags"])
    if not (ags.isdigit() and len(ags) == digits):
        raise InputError(path, f"key {ags!r} must be a quoted string of {digits} digits", column=f"{where}.ags")
    pilot = entry.get("pilot", False)
    if not isinstance(pilot, bool):
        raise InputError(path, "pilot must be true or false", column=f"{where}.pilot")
    return Area(ags=ags, name=str(entry["name"]), level=level, pilot=pilot)


def load_region(path: Path = REGION_CONFIG) -> Region:
    """Read and check ``region.yaml``: key lengths, municipalities inside the Kreis, no duplicates."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot read the region configuration: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(path, "the region configuration must be a YAML mapping")
    land = _area(path, data.get("land"), "land", 2, "land")
    kreis = _area(path, data.get("kreis"), "kreis", 5, "kreis")
    entries = data.get("municipalities")
    if not isinstance(entries, list) or not entries:
        raise InputError(path, "needs a list of municipalities", column="municipalities")
    municipalities = tuple(_area(path, entry, "gemeinde", 8, f"municipalities[{i}]") for i, entry in enumerate(entries))
    if not kreis.ags.startswith(land.ags):
        raise InputError(path, f"Kreis {kreis.ags} is not in Land {land.ags}", column="kreis.ags")
    seen: set[str] = set()
    for i, m in enumerate(municipalities):
        if not m.ags.startswith(kreis.ags):
            raise InputError(path, f"{m.name} ({m.ags}) is not in Kreis {kreis.ags}", column=f"municipalities[{i}].ags")
        if m.ags in seen:
            raise InputError(path, f"{m.ags} is listed twice", column=f"municipalities[{i}].ags")
        seen.add(m.ags)
    disclosure = data.get("disclosure") or {}
    min_count = disclosure.get("min_count", 3)
    if not isinstance(min_count, int) or min_count < 1:
        raise InputError(path, "min_count must be a whole number ≥ 1", column="disclosure.min_count")
    return Region(land=land, kreis=kreis, municipalities=municipalities, min_count=min_count)


@cache
def default_region() -> Region:
    """The region of ``config/region.yaml`` (read once per process)."""
    return load_region()
