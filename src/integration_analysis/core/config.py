"""The configuration files ``config/region.yaml`` and ``config/reports.yaml``: their schemas and their checks.

This module owns what either file may contain and how a mistake is reported: an unknown key is refused with the
closest known key suggested (``min_cout`` → ``min_count``), a value of the wrong type or outside its bounds is
refused (the disclosure threshold lies in :data:`MIN_COUNT_BOUNDS`), a report title or file name may use only
the placeholders of its report (:data:`REPORT_PLACEHOLDERS`), a report file stays inside the reports folder
(relative, no "..", ending in ".html", not the index) and a notebook is one of the project's. Every problem is an
:class:`~integration_analysis.errors.InputError` naming the file, the line and the key path; malformed YAML is
one such error, not a traceback.

``regions`` builds the :class:`~integration_analysis.data.regions.Region` from :func:`read_region_config`, ``batch``
plans its jobs from :func:`read_reports_config`.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import InputError
from .paths import NOTEBOOKS_DIR, PROJECT_ROOT
from .yamlfile import ALIASES, DUPLICATE_KEY, EMPTY, TOO_LARGE, UNREADABLE, YamlDocument, YamlLoadError, load_yaml

#: The disclosure threshold ``disclosure.min_count``: below 2 no count would be hidden, above 20 most figures of
#: a small municipality would be.
MIN_COUNT_BOUNDS = (2, 20)
DEFAULT_MIN_COUNT = 3

#: The placeholders each report's ``title`` and ``file`` may use.
REPORT_PLACEHOLDERS: dict[str, dict[str, tuple[str, ...]]] = {
    "steckbrief": {"title": ("name", "ags"), "file": ("ags", "slug")},
    "kreisuebersicht": {"title": ("kreis", "kreis_ags"), "file": ("kreis_ags",)},
}
#: Files the build writes itself into the reports folder: no report may take their name.
RESERVED_FILES = ("index.html", "manifest.json")

MAX_CONFIG_BYTES = 64 * 1024
_FILE_CHARACTERS = re.compile(r"[A-Za-z0-9._/{}-]+")


@dataclass(frozen=True)
class AreaConfig:
    """A Land, Kreis or municipality as configured."""

    ags: str
    name: str
    pilot: bool = False


@dataclass(frozen=True)
class RegionConfig:
    """``config/region.yaml``, checked. Only the Kreis' key is required: the Land, the name and the municipalities
    come from the municipality register where the file leaves them out, and are checked against it where the
    file gives them (:func:`integration_analysis.data.regions.load_region`, which has the register)."""

    kreis: AreaConfig
    #: The Land as configured (None: the register's).
    land: AreaConfig | None
    #: The municipalities as configured (empty: the register's), with their pilot flags.
    municipalities: tuple[AreaConfig, ...]
    #: The pilots named in the short form (``pilots:``), instead of ``pilot: true`` in the municipality list.
    pilots: tuple[AreaConfig, ...]
    min_count: int
    #: The public source naming the pilots ("Pressemitteilung …"), shown with them; "" where there is none.
    announcement: str = ""
    #: The programme the pilots belong to ("Integrations- und Vielfaltskonzept 2030"); "" where there is none.
    programme: str = ""
    #: The edition of the municipality register (ISO date) the region is taken from; "" for the newest.
    register: str = ""
    #: The checked document, for errors that only the register can find (file, line, key).
    document: YamlDocument | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ReportConfig:
    """One report kind of ``config/reports.yaml``, checked: notebook (relative to the project), templates."""

    kind: str
    notebook: str
    title: str
    file: str
    #: The line of the ``file`` key (for errors found when the jobs are planned).
    file_line: int | None = None


def closest_key(key: object, known: tuple[str, ...] | list[str]) -> str | None:
    """The known key a mistyped ``key`` most likely means, or None."""
    matches = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def load_config(path: Path) -> YamlDocument:
    """A configuration file as a YAML document with lines; an unreadable or malformed file is an InputError."""
    try:
        return load_yaml(path, max_bytes=MAX_CONFIG_BYTES, max_nodes=5_000)
    except YamlLoadError as exc:
        messages = {
            UNREADABLE: f"cannot read the configuration (UTF-8 expected): {exc.detail}",
            TOO_LARGE: f"configuration file too large: {exc.detail}",
            EMPTY: "the configuration file is empty",
            DUPLICATE_KEY: f"key {exc.detail!r} appears twice (the first entry would be lost)",
            ALIASES: f"YAML aliases expand too far or refer to themselves: {exc.detail}",
        }
        message = messages.get(exc.kind, f"not valid YAML: {exc.detail} (check indentation and colons)")
        raise InputError(exc.path, message, line=exc.line, column=exc.key) from exc


class _Checker:
    """Checks values of one configuration document; every error names file, line and key path."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document

    def error(self, key: str, message: str) -> InputError:
        return InputError(self.document.path, message, line=self.document.line_of(key), column=key or None)

    def mapping(self, value: object, key: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            raise self.error(key, f"expected a mapping (key: value), found {_describe(value)}")
        known = (*required, *optional)
        for name in value:
            if name not in known:
                child = f"{key}.{name}" if key else str(name)
                close = closest_key(name, known)
                hint = f"; did you mean {close!r}?" if close else ""
                raise self.error(child, f"unknown key {name!r}{hint} (known: {', '.join(known)})")
        for name in required:
            if name not in value:
                raise self.error(f"{key}.{name}" if key else name, f"required key {name!r} is missing")
        return value

    def text(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected a non-empty text, found {_describe(value)}")
        return value.strip()

    def digits(self, value: object, key: str, length: int) -> str:
        if not (isinstance(value, str) and value.isdigit() and len(value) == length):
            raise self.error(key, f"key {value!r} must be a quoted string of {length} digits")
        return value

    def flag(self, value: object, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, found {_describe(value)}")
        return value

    def whole_number(self, value: object, key: str, bounds: tuple[int, int]) -> int:
        low, high = bounds
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(key, f"expected a whole number from {low} to {high}, found {_describe(value)}")
        return value

    def template(self, value: object, key: str, placeholders: tuple[str, ...]) -> str:
        text = self.text(value, key)
        allowed = ", ".join("{" + p + "}" for p in placeholders)
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)]
        except ValueError as exc:
            raise self.error(key, f"malformed template {text!r}: {exc} (placeholders: {allowed})") from None
        for name, spec, conversion in fields:
            if name is None:
                continue
            if name not in placeholders or spec or conversion:
                close = closest_key(name, placeholders)
                hint = f"; did you mean {{{close}}}?" if close else ""
                raise self.error(key, f"unknown placeholder {{{name}}} in {text!r}{hint} (known: {allowed})")
        return text


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool | int | float):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_region_config(path: Path) -> RegionConfig:
    """Read and check ``region.yaml``: schema, key lengths, municipalities and pilots inside the Kreis, no
    duplicates, pilots named in one place only."""
    document = load_config(path)
    check = _Checker(document)
    optional = ("land", "municipalities", "pilots", "announcement", "programme", "register", "disclosure")
    root = check.mapping(document.data, "", ("kreis",), optional)

    kreis = _area(check, root["kreis"], "kreis", 5, name_required=False)
    land = _area(check, root["land"], "land", 2) if "land" in root else None
    if land is not None and not kreis.ags.startswith(land.ags):
        raise check.error("kreis.ags", f"Kreis {kreis.ags} is not in Land {land.ags}")
    municipalities = _members(check, root, "municipalities", kreis, may_be_pilot=True)
    pilots = _members(check, root, "pilots", kreis, name_required=False)
    if pilots and any(m.pilot for m in municipalities):
        raise check.error("pilots", "name the pilots in one place: either 'pilots' or 'pilot: true' in the list")
    disclosure = check.mapping(root.get("disclosure") or {}, "disclosure", (), ("min_count",))
    min_count = DEFAULT_MIN_COUNT
    if "min_count" in disclosure:
        min_count = check.whole_number(disclosure["min_count"], "disclosure.min_count", MIN_COUNT_BOUNDS)
    texts = {key: check.text(root[key], key) if key in root else "" for key in ("announcement", "programme")}
    register = check.text(root["register"], "register") if "register" in root else ""
    if register and not _ISO_DATE.fullmatch(register):
        raise check.error("register", f"expected the date of a register edition as 'YYYY-MM-DD', found {register!r}")
    return RegionConfig(
        kreis=kreis,
        land=land,
        municipalities=municipalities,
        pilots=pilots,
        min_count=min_count,
        register=register,
        document=document,
        **texts,
    )


def _area(
    check: _Checker, value: object, key: str, digits: int, *, may_be_pilot: bool = False, name_required: bool = True
) -> AreaConfig:
    """A Land, Kreis or municipality: its key of ``digits`` digits, its name (optional unless ``name_required``)
    and, for a municipality of the list, its pilot flag."""
    required = ("ags", "name") if name_required else ("ags",)
    optional = (() if name_required else ("name",)) + (("pilot",) if may_be_pilot else ())
    entry = check.mapping(value, key, required, optional)
    pilot = check.flag(entry["pilot"], f"{key}.pilot") if "pilot" in entry else False
    name = check.text(entry["name"], f"{key}.name") if "name" in entry else ""
    return AreaConfig(check.digits(entry["ags"], f"{key}.ags", digits), name, pilot)


def _members(
    check: _Checker, root: dict, key: str, kreis: AreaConfig, *, may_be_pilot: bool = False, name_required: bool = True
) -> tuple[AreaConfig, ...]:
    """The municipalities listed under ``key`` (optional; if given, a non-empty list without repeats, each in the
    Kreis)."""
    if key not in root:
        return ()
    entries = root[key]
    if not isinstance(entries, list) or not entries:
        raise check.error(key, f"expected a non-empty list of municipalities, found {_describe(entries)}")
    members = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]"
        member = _area(check, entry, where, 8, may_be_pilot=may_be_pilot, name_required=name_required)
        if not member.ags.startswith(kreis.ags):
            label = f"{member.name} ({member.ags})" if member.name else member.ags
            raise check.error(f"{where}.ags", f"{label} is not in Kreis {kreis.ags}")
        if member.ags in seen:
            raise check.error(f"{where}.ags", f"{member.ags} is listed twice")
        seen.add(member.ags)
        members.append(member)
    return tuple(members)


def read_reports_config(path: Path) -> dict[str, ReportConfig]:
    """Read and check ``reports.yaml``: the two report kinds, each with notebook, title and file template."""
    document = load_config(path)
    check = _Checker(document)
    kinds = tuple(REPORT_PLACEHOLDERS)
    root = check.mapping(document.data, "", kinds)
    reports = {}
    for kind in kinds:
        entry = check.mapping(root[kind], kind, ("notebook", "title", "file"))
        placeholders = REPORT_PLACEHOLDERS[kind]
        reports[kind] = ReportConfig(
            kind=kind,
            notebook=_notebook(check, entry["notebook"], f"{kind}.notebook"),
            title=check.template(entry["title"], f"{kind}.title", placeholders["title"]),
            file=_report_file(check, entry["file"], f"{kind}.file", placeholders["file"]),
            file_line=document.line_of(f"{kind}.file"),
        )
    return reports


def _notebook(check: _Checker, value: object, key: str) -> str:
    text = check.text(value, key)
    target = (PROJECT_ROOT / text).resolve()
    if PurePosixPath(text).is_absolute() or ".." in PurePosixPath(text).parts or NOTEBOOKS_DIR not in target.parents:
        raise check.error(
            key, f"{text!r}: a notebook of the project's notebooks/ folder, given relative to the project"
        )
    if target.suffix != ".ipynb" or not target.is_file():
        raise check.error(key, f"{text!r}: no such notebook (.ipynb) in notebooks/")
    return text


def _report_file(check: _Checker, value: object, key: str, placeholders: tuple[str, ...]) -> str:
    """A file template whose every file lies inside the reports folder and ends in ".html"."""
    text = check.template(value, key, placeholders)
    parts = PurePosixPath(text).parts
    if not _FILE_CHARACTERS.fullmatch(text) or text.startswith("/") or ".." in parts or "." in text.split("/"):
        raise check.error(
            key,
            f"{text!r}: a report file is a path inside the reports folder (letters, digits, '.', '_', '-' and '/'; "
            "no '..', no absolute path)",
        )
    if not text.endswith(".html") or any(part.startswith(".") for part in parts):
        raise check.error(key, f"{text!r}: a report file name ends in '.html' and does not start with '.'")
    if text in RESERVED_FILES:
        raise check.error(key, f"{text!r} is written by the build itself ({', '.join(RESERVED_FILES)})")
    if len(placeholders) > 1 and not any("{" + p + "}" in text for p in placeholders):
        wanted = " or ".join("{" + p + "}" for p in placeholders)
        raise check.error(key, f"{text!r} names no municipality: use {wanted}, or every report overwrites the last")
    return text
