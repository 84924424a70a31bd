"""The regions of the reports: a Kreis with its municipalities, its Land, the pilots and the report settings; the
municipality register they are taken from; look-up by name or key that forgives case, umlauts and the ", Stadt"
suffix.

Any Kreis of the Land in the data is a region: its municipalities, their names and the Land come from the area
register of one edition of the municipality register (``destatis_gv_areas_<date>.json`` in ``data/raw``, the
newest unless ``config/region.yaml`` names another). ``config/region.yaml`` (checked by
:mod:`integration_analysis.core.config`) names the default Kreis with its pilots, the announcement that names
them and the disclosure threshold; a municipality list given there is checked against the register, and a
mismatch is an error naming file, line and key. The Kreis' name is printed as readers know it: "Enzkreis",
"Landkreis Karlsruhe", "Pforzheim, Stadtkreis" (the grammar is :mod:`integration_analysis.core.german`'s).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..core.config import DEFAULT_MIN_COUNT, AreaConfig, RegionConfig, read_region_config
from ..core.errors import InputError, UnknownRegionError
from ..core.paths import RAW_DIR, REGION_CONFIG
from ..core.provenance import REGISTER_SUFFIX, read_sidecar, sidecar_path, verify_extract
from ..sources.area_register import KINDS, SOURCE_PREFIX, RegisterArea, read_area_register, register_source_id

_SUFFIXES = re.compile(r",?\s*(stadt|gemeinde|große kreisstadt|grosse kreisstadt)$")
#: First words of Kreis names that already say what the area is ("Landkreis Rostock", "Region Hannover").
_KIND_WORDS = ("Landkreis", "Kreis", "Region", "Städteregion", "Regionalverband")


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
    #: The public source naming the pilots ("Pressemitteilung …"); "" where there is none.
    announcement: str = ""
    #: The programme the pilots belong to; "" where there is none.
    programme: str = ""

    @classmethod
    def from_register(
        cls,
        kreis_ags: str,
        register: Register | None = None,
        *,
        pilots: tuple[str, ...] = (),
        min_count: int = DEFAULT_MIN_COUNT,
        announcement: str = "",
        programme: str = "",
    ) -> Region:
        """The Kreis ``kreis_ags`` with every municipality the register lists for it (default: the newest
        edition in ``data/raw``); ``pilots`` are keys of its municipalities."""
        register = register or load_register()
        kreis = register.kreis(kreis_ags)
        members = register.members(kreis.ags)
        unknown = sorted(set(pilots) - {m.ags for m in members})
        if unknown:
            raise UnknownRegionError(unknown[0], [f"{m.short_name} ({m.ags})" for m in members[:3]])
        return cls(
            land=register.land,
            kreis=kreis,
            municipalities=tuple(Area(m.ags, m.name, m.level, m.ags in pilots) for m in members),
            min_count=min_count,
            announcement=announcement,
            programme=programme,
        )

    @property
    def pilots(self) -> tuple[Area, ...]:
        return tuple(m for m in self.municipalities if m.pilot)

    @property
    def municipality_keys(self) -> tuple[str, ...]:
        return tuple(m.ags for m in self.municipalities)

    @property
    def single_municipality(self) -> bool:
        """A Kreis of one municipality (a Stadtkreis, a kreisfreie Stadt): no ranks, no comparison within it."""
        return len(self.municipalities) == 1

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


@dataclass(frozen=True)
class Register:
    """One edition of the municipality register: the Land, its Kreise (names as printed) and municipalities."""

    date: str
    land: Area
    kreise: tuple[Area, ...]
    municipalities: tuple[Area, ...]
    #: The Kreise and municipalities with the register's own names and Textkennzeichen.
    areas: tuple[RegisterArea, ...]

    def kreis(self, ags: str) -> Area:
        """The Kreis with this 5-digit key; an unknown key fails with the closest Kreise."""
        key = str(ags).strip()
        for kreis in self.kreise:
            if kreis.ags == key:
                return kreis
        close = [k.ags for k in self.kreise if k.ags[:4] == key[:4]] or difflib.get_close_matches(
            key, [k.ags for k in self.kreise], n=3, cutoff=0.6
        )
        raise UnknownRegionError(key, [f"{self.kreis(k).name} ({k})" for k in close], kind="Kreis")

    def members(self, kreis_ags: str) -> tuple[Area, ...]:
        """The municipalities of a Kreis, in key order."""
        return tuple(m for m in self.municipalities if m.ags[:5] == kreis_ags)


def kreis_name(name: str, kind: str) -> str:
    """The name of a Kreis as the reports print it, from the register's name and Textkennzeichen: a Landkreis
    whose name does not say so gets the word ("Karlsruhe" → "Landkreis Karlsruhe"; "Enzkreis",
    "Rems-Murr-Kreis", "Region Hannover" stay), a Stadtkreis or kreisfreie Stadt keeps or gets its kind after a
    comma ("Pforzheim, Stadtkreis", "Bremen, Stadt"), as :func:`~integration_analysis.core.german.reference_phrase`
    and :func:`~integration_analysis.core.german.kreis_genitive` expect."""
    if "," in name:
        return name
    first = name.split(" ", 1)[0]
    if kind in ("43", "44"):
        if first in _KIND_WORDS or any(word.lower().endswith("kreis") for word in name.split()):
            return name
        return f"{KINDS[kind]} {name}"
    if kind in ("41", "42"):
        return f"{name}, {KINDS[kind]}"
    return name


def register_dates(raw_dir: Path = RAW_DIR) -> list[str]:
    """The reference dates of the register editions in ``raw_dir``, oldest first."""
    stems = (p.name[len(SOURCE_PREFIX) : -len(REGISTER_SUFFIX)] for p in Path(raw_dir).glob(f"{SOURCE_PREFIX}*"))
    return sorted(s for s in stems if not s.endswith(".meta"))


def load_register(raw_dir: Path = RAW_DIR, date: str = "") -> Register:
    """The register edition of ``date`` (default: the newest) in ``raw_dir``, checked against its sidecar and
    the raw folder's manifest; a missing edition is a ``FileNotFoundError`` naming the editions there."""
    dates = register_dates(raw_dir)
    chosen = date or (dates[-1] if dates else "")
    if chosen not in dates:
        have = ", ".join(dates) or "none"
        raise FileNotFoundError(
            f"{Path(raw_dir)}: no area register of {date or 'any date'} (editions: {have}); "
            "run `integration-analysis import`"
        )
    path = Path(raw_dir) / f"{register_source_id(chosen)}{REGISTER_SUFFIX}"
    return _read_register(path, read_sidecar(sidecar_path(path)).extract_sha256, chosen)


@cache
def _read_register(path: Path, sha256: str, date: str) -> Register:
    """The register at ``path`` (cached by its checksum: an import writes a new one)."""
    verify_extract(path)
    areas = tuple(read_area_register(path))
    land = next(a for a in areas if a.level == "land")
    return Register(
        date=date,
        land=Area(land.ags, land.name, "land"),
        kreise=tuple(Area(a.ags, kreis_name(a.name, a.kind), "kreis") for a in areas if a.level == "kreis"),
        municipalities=tuple(Area(a.ags, a.name, "gemeinde") for a in areas if a.level == "gemeinde"),
        areas=areas,
    )


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


def load_region(path: Path = REGION_CONFIG, raw_dir: Path = RAW_DIR) -> Region:
    """Read ``region.yaml`` (checked by :func:`~integration_analysis.core.config.read_region_config`) and build
    its region from the register in ``raw_dir``. What the file gives beyond the Kreis' key (Land, Kreis name,
    municipality list, pilots) is checked against the register; a ``raw_dir`` without a register needs the
    file to give the Land, the Kreis' name and the municipalities itself."""
    config = read_region_config(Path(path))
    if not register_dates(raw_dir):
        return _region_from_config(config, Path(path))
    register = _register_for(config, Path(path), raw_dir)
    _check_against_register(config, register, Path(path))
    pilots = tuple(p.ags for p in config.pilots) + tuple(m.ags for m in config.municipalities if m.pilot)
    return Region.from_register(
        config.kreis.ags,
        register,
        pilots=pilots,
        min_count=config.min_count,
        announcement=config.announcement,
        programme=config.programme,
    )


def _error(config: RegionConfig, path: Path, key: str, message: str) -> InputError:
    line = config.document.line_of(key) if config.document is not None else None
    return InputError(path, message, line=line, column=key)


def _register_for(config: RegionConfig, path: Path, raw_dir: Path) -> Register:
    try:
        return load_register(raw_dir, config.register)
    except FileNotFoundError as exc:
        raise _error(config, path, "register", str(exc)) from exc


def _region_from_config(config: RegionConfig, path: Path) -> Region:
    """The region exactly as the file lists it (no register to take or check it against)."""
    if config.land is None or not config.kreis.name or not config.municipalities:
        raise _error(
            config, path, "kreis", "no municipality register in data/raw: give land, kreis.name and municipalities"
        )
    pilots = {p.ags for p in config.pilots}
    return Region(
        land=Area(config.land.ags, config.land.name, "land"),
        kreis=Area(config.kreis.ags, config.kreis.name, "kreis"),
        municipalities=tuple(
            Area(m.ags, m.name, "gemeinde", m.pilot or m.ags in pilots) for m in config.municipalities
        ),
        min_count=config.min_count,
        announcement=config.announcement,
        programme=config.programme,
    )


def _check_against_register(config: RegionConfig, register: Register, path: Path) -> None:
    """Everything the file says about the region agrees with the register edition; else an error at its line."""
    edition = f"the municipality register of {register.date}"
    try:
        kreis = register.kreis(config.kreis.ags)
    except UnknownRegionError as exc:
        raise _error(config, path, "kreis.ags", f"{config.kreis.ags} is no Kreis in {edition}. {exc}") from exc
    published = next(a.name for a in register.areas if a.ags == kreis.ags)
    if config.kreis.name and config.kreis.name not in (kreis.name, published):
        raise _error(config, path, "kreis.name", f"{edition} names Kreis {kreis.ags} {kreis.name!r}")
    if config.land is not None and (config.land.ags, config.land.name) != (register.land.ags, register.land.name):
        raise _error(config, path, "land", f"{edition} is of Land {register.land.ags} {register.land.name!r}")
    members = {m.ags: m for m in register.members(kreis.ags)}
    for key, listed in (("municipalities", config.municipalities), ("pilots", config.pilots)):
        for i, entry in enumerate(listed):
            _check_member(config, path, f"{key}[{i}]", entry, members, edition)
    if config.municipalities:
        missing = sorted(set(members) - {m.ags for m in config.municipalities})
        if missing:
            named = ", ".join(f"{members[k].name} ({k})" for k in missing)
            raise _error(config, path, "municipalities", f"the list lacks {len(missing)} of {edition}: {named}")


def _check_member(
    config: RegionConfig, path: Path, key: str, entry: AreaConfig, members: dict[str, Area], edition: str
) -> None:
    if entry.ags not in members:
        raise _error(config, path, f"{key}.ags", f"{entry.ags} is no municipality of the Kreis in {edition}")
    area = members[entry.ags]
    if entry.name and entry.name not in (area.name, area.short_name):
        raise _error(config, path, f"{key}.name", f"{edition} names {entry.ags} {area.name!r}, not {entry.name!r}")


@cache
def default_region() -> Region:
    """The region of ``config/region.yaml`` (read once per process)."""
    return load_region()


@cache
def region_for_kreis(kreis_ags: str) -> Region:
    """The region of any Kreis of the register: the configured one with its pilots and announcement, any other
    with every municipality of the register, no pilots and the configured disclosure threshold."""
    default = default_region()
    if str(kreis_ags) == default.kreis.ags:
        return default
    config = read_region_config(REGION_CONFIG)
    return Region.from_register(str(kreis_ags), load_register(RAW_DIR, config.register), min_count=default.min_count)


def land_kreise(land_ags: str) -> tuple[Area, ...]:
    """Every Kreis of the Land ``land_ags`` in the configured register edition (the data hold one Land)."""
    register = load_register(RAW_DIR, read_region_config(REGION_CONFIG).register)
    if register.land.ags != str(land_ags):
        raise UnknownRegionError(str(land_ags), [f"{register.land.name} ({register.land.ags})"], kind="Land")
    return register.kreise


def resolve_region(municipality: str | int = "", kreis: str = "") -> Region:
    """The region a report is about: the Kreis ``kreis`` if given, else the Kreis of a municipality given by a
    key outside the configured Kreis, else the configured region (names are looked up there)."""
    if str(kreis).strip():
        return region_for_kreis(str(kreis).strip().zfill(5))
    digits = str(municipality).strip().replace(" ", "")
    default = default_region()
    if digits.isdigit() and len(digits.zfill(8)) == 8 and not digits.zfill(8).startswith(default.kreis.ags):
        return region_for_kreis(digits.zfill(8)[:5])
    return default
