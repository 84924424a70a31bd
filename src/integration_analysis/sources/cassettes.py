"""Reader of recorded answers of the GENESIS REST API: pytest-vcr (vcrpy) cassettes, and ZIP bodies.

A cassette is YAML with ``interactions`` (each a ``request`` with method, uri, body, headers and a ``response``
with status, headers and ``body: {string: …}``) and ``version``. Binary bodies (the ZIP of a flat CSV) are
tagged ``!!binary``, which YAML's safe loader reads as bytes; nothing in a cassette needs more than safe YAML.

Owns: each interaction's request (server, endpoint, table, parameters), its response (status, headers, body
bytes) and the files inside a ZIP body (``unzip_members``, also for a ZIP on its own). Credentials never leave
this module: a cassette must have them masked (only ``*``, as vcrpy's filters and the GENESIS answers write
them), in request headers, form body and query string, and in the parameters a JSON answer echoes; an unmasked
one is an ``InputError`` (without the value), and the parameters returned leave credentials out.

Every problem is an ``InputError`` with the cassette, the line of the YAML node and the key path as column
(``interactions[3].request.body``).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml

from ..core.errors import InputError

#: Names (lower case) of request parameters, headers and echoed fields that carry credentials.
CREDENTIAL_KEYS = frozenset({"username", "password", "token", "apikey", "api_key", "authorization"})

_ENDPOINT = re.compile(r"/rest/\d+/(?P<endpoint>.+)$")
_ECHOED_CREDENTIAL = re.compile(r'"(?P<key>username|password|token|apikey|api_key)"\s*:\s*"(?P<value>[^"]*)"', re.I)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def is_masked(value: str) -> bool:
    """True for an empty value or one made of asterisks only ('********************')."""
    return set(value) <= {"*"}


@dataclass(frozen=True)
class Request:
    """A recorded request; ``parameters`` are the form body and query parameters without credentials."""

    method: str
    uri: str
    #: Scheme and host, e.g. ``https://www.regionalstatistik.de``.
    server: str
    #: The REST method after ``/rest/2020/``, e.g. ``data/tablefile``.
    endpoint: str
    parameters: dict[str, str]

    @property
    def table(self) -> str:
        """The table (or result) named by the request: its ``name`` or ``selection`` parameter."""
        return self.parameters.get("name") or self.parameters.get("selection", "")


@dataclass(frozen=True)
class Interaction:
    """One recorded request and its answer; ``line`` and ``body_line`` are lines of the cassette."""

    cassette: Path
    index: int
    line: int
    request: Request
    status: int
    #: Response headers, the first value of each.
    headers: dict[str, str]
    body: bytes
    body_line: int

    @property
    def key(self) -> str:
        """How errors name the interaction: ``interactions[3]``."""
        return f"interactions[{self.index}]"

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()

    @property
    def answered_at(self) -> str:
        """The time of the answer (its ``Date`` header) as ISO 8601 in UTC, '' without one."""
        date = self.headers.get("Date", "")
        return parsedate_to_datetime(date).isoformat() if date else ""

    def files(self) -> dict[str, bytes]:
        """The files inside a ZIP body, by name."""
        return unzip_members(self.body, self.cassette, line=self.body_line, column=f"{self.key}.response.body")

    def json(self) -> dict:
        """The body of a JSON answer (metadata, job status, error messages of the API)."""
        try:
            data = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(
                self.cassette, f"the body is not JSON: {exc}", line=self.body_line, column=f"{self.key}.response.body"
            ) from exc
        if not isinstance(data, dict):
            raise InputError(
                self.cassette, "the JSON body is not an object", line=self.body_line, column=f"{self.key}.response.body"
            )
        return data


@dataclass
class Cassette:
    """A cassette file and its interactions in recorded order."""

    path: Path
    interactions: list[Interaction]

    def find(self, endpoint: str, **parameters: str) -> list[Interaction]:
        """The interactions with this endpoint whose request has every given parameter value."""
        return [
            i
            for i in self.interactions
            if i.request.endpoint == endpoint and all(i.request.parameters.get(k) == v for k, v in parameters.items())
        ]


def unzip_members(raw: bytes, path: Path, *, line: int | None = None, column: str | None = None) -> dict[str, bytes]:
    """The files in the ZIP ``raw`` by name; a damaged archive is an ``InputError`` (``path``, ``line``, ``column``
    locate it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise InputError(path, f"not a readable ZIP archive: {exc}", line=line, column=column) from exc


# ----------------------------------------------------------------------------------------------------
# the YAML


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _child(node: yaml.Node, key: str, path: Path, where: str) -> yaml.Node:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    raise InputError(path, f"'{key}' is missing", line=_line(node), column=f"{where}.{key}" if where else key)


def _text(node: yaml.Node, data, path: Path, where: str) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not UTF-8 text: {exc}", line=_line(node), column=where) from exc
    if data is None:
        return ""
    if not isinstance(data, str):
        raise InputError(path, f"expected text, found {type(data).__name__}", line=_line(node), column=where)
    return data


def _check_pairs(pairs: list[tuple[str, str]], path: Path, line: int, where: str) -> dict[str, str]:
    """Parameters without credentials; an unmasked credential is an error."""
    kept = {}
    for key, value in pairs:
        if key.lower() in CREDENTIAL_KEYS:
            if not is_masked(value):
                raise InputError(
                    path,
                    f"the credential '{key}' is not masked: a cassette must never hold credentials (record with "
                    "vcrpy's filter_headers / filter_post_data_parameters)",
                    line=line,
                    column=where,
                )
            continue
        kept[key] = value
    return kept


def _request(node: yaml.Node, data: dict, path: Path, where: str) -> Request:
    uri = _text(_child(node, "uri", path, where), data.get("uri"), path, f"{where}.uri")
    body_node = _child(node, "body", path, where)
    body = _text(body_node, data.get("body"), path, f"{where}.body")
    headers_node = _child(node, "headers", path, where)
    for key_node, _ in getattr(headers_node, "value", []):
        values = data["headers"][key_node.value]
        for value in values if isinstance(values, list) else [values]:
            _check_pairs([(key_node.value, str(value))], path, _line(key_node), f"{where}.headers.{key_node.value}")
    parts = urlsplit(uri)
    query = _check_pairs(parse_qsl(parts.query, keep_blank_values=True), path, _line(node), f"{where}.uri")
    form = _check_pairs(parse_qsl(body, keep_blank_values=True), path, _line(body_node), f"{where}.body")
    match = _ENDPOINT.search(parts.path)
    return Request(
        method=str(data.get("method", "")),
        uri=uri,
        server=f"{parts.scheme}://{parts.netloc}",
        endpoint=match.group("endpoint") if match else parts.path,
        parameters={**query, **form},
    )


def _response(node: yaml.Node, data: dict, path: Path, where: str) -> tuple[int, dict[str, str], bytes, int]:
    status_node = _child(node, "status", path, where)
    code = (data.get("status") or {}).get("code")
    if not isinstance(code, int):
        raise InputError(path, "the status has no numeric code", line=_line(status_node), column=f"{where}.status")
    headers = {k: (v[0] if isinstance(v, list) and v else str(v)) for k, v in (data.get("headers") or {}).items()}
    body_node = _child(_child(node, "body", path, where), "string", path, f"{where}.body")
    body = data["body"]["string"]
    if isinstance(body, str):
        for match in _ECHOED_CREDENTIAL.finditer(body):
            if not is_masked(match.group("value")):
                raise InputError(
                    path,
                    f"the answer echoes the credential '{match.group('key')}' unmasked: a cassette must never hold "
                    "credentials",
                    line=_line(body_node),
                    column=f"{where}.body.string",
                )
        body = body.encode("utf-8")
    elif body is None:
        body = b""
    elif not isinstance(body, bytes):
        raise InputError(path, "the body is neither text nor !!binary", line=_line(body_node), column=f"{where}.body")
    return code, headers, body, _line(body_node)


def parse_cassette(text: str, path: Path) -> Cassette:
    """Parse the text of a cassette (``path`` names it in errors)."""
    path = Path(path)
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, f"not valid YAML: {exc}", line=mark.line + 1 if mark else None) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise InputError(path, "not a vcrpy cassette: no list of 'interactions'", line=1, column="interactions")
    sequence = _child(root, "interactions", path, "")
    interactions = []
    for index, (node, item) in enumerate(zip(sequence.value, data["interactions"], strict=True)):
        where = f"interactions[{index}]"
        if not isinstance(item, dict):
            raise InputError(path, "an interaction must be a mapping", line=_line(node), column=where)
        request = _request(_child(node, "request", path, where), item["request"], path, f"{where}.request")
        status, headers, body, body_line = _response(
            _child(node, "response", path, where), item["response"], path, f"{where}.response"
        )
        interactions.append(Interaction(path, index, _line(node), request, status, headers, body, body_line))
    return Cassette(path, interactions)


def read_cassette(path: Path) -> Cassette:
    """Read and parse one cassette file (UTF-8 YAML)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot read the file: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(path, f"a cassette is UTF-8 YAML: {exc}") from exc
    return parse_cassette(text, path)
