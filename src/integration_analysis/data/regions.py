"""The municipality registry: the Kreis, its municipalities with their official keys, the pilots, and look-up
by name or key that forgives case, umlauts and the ", Stadt" suffix.

The registry is configuration (``config/region.yaml``, checked by :mod:`integration_analysis.config`); this module
turns it into areas and looks them up.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..core.config import read_region_config
from ..core.errors import UnknownRegionError
from ..core.paths import REGION_CONFIG

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


def load_region(path: Path = REGION_CONFIG) -> Region:
    """Read ``region.yaml`` (checked by :func:`~integration_analysis.config.read_region_config`)."""
    config = read_region_config(Path(path))
    return Region(
        land=Area(config.land.ags, config.land.name, "land"),
        kreis=Area(config.kreis.ags, config.kreis.name, "kreis"),
        municipalities=tuple(Area(m.ags, m.name, "gemeinde", m.pilot) for m in config.municipalities),
        min_count=config.min_count,
    )


@cache
def default_region() -> Region:
    """The region of ``config/region.yaml`` (read once per process)."""
    return load_region()
