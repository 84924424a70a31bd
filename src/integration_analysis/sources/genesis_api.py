"""Client of the GENESIS REST APIs (GENESIS-Online, Regionaldatenbank, Zensus 2022 database) through pystatis.

pystatis (CorrelAid, MIT, on the package index) is the maintained client of these APIs; it is an optional
dependency (``pip install -e '.[api]'``, see docs/api-update.md for why). Owns:

- the credentials: the environment variables pystatis itself reads in ``setup_credentials``
  (``PYSTATIS_GENESIS_API_USERNAME`` / ``_PASSWORD``, ``PYSTATIS_REGIO_…``, ``PYSTATIS_ZENSUS_…``), else what
  pystatis' own configuration file holds (``~/.pystatis/config.ini``). They are handed to pystatis in memory for
  the one request and put back afterwards; they appear in no message, file or return value of this module;
- ``fetch``: one table's flat CSV and its metadata answer, with pystatis' download function
  (``http_helper.load_data``, which also runs a background job for a large table and unpacks the ZIP the
  servers send) and the parameters of ``api_tables.ApiTable.parameters`` (those ``pystatis.Table.get_data``
  sends). ``Table.get_data`` itself is not used: it decodes the file and parses it with pandas, while the project
  keeps the bytes as delivered and reads them with its own strict reader. pystatis' cache is pointed at a fresh
  folder for each fetch, so an update never serves an earlier download;
- ``ApiError``: every failure as one message of a known ``kind`` (server error, timeout, unknown table,
  credentials, connection, not installed, changed layout). pystatis ends a timed-out request with
  ``SystemExit(1)``; that one is caught and turned into a timeout, any other ``SystemExit`` is left alone.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import KindedError
from .api_tables import ApiTable

INSTALL_HINT = "pip install -e '.[api]'"
#: The REST method pystatis asks a table from (a large table comes from ``data/resultfile`` after a job).
DATA_METHOD = "data/tablefile"


class ApiError(KindedError):
    """A fetch that failed, as one message; ``kind`` says which of the known failures it is."""


@dataclass(frozen=True)
class Download:
    """One table as a server delivered it."""

    table: ApiTable
    language: str
    #: The REST address of the request (pystatis' configured ``base_url`` + ``data/tablefile``).
    url: str
    #: The form parameters sent (pystatis sends the credentials as headers, never among these).
    parameters: dict[str, str]
    #: The flat CSV as delivered (the one file of the server's ZIP, unchanged).
    data: bytes
    #: The JSON answer of ``metadata/table``.
    metadata: dict
    #: When the download was complete: ISO 8601 in UTC, to the second (``2026-03-10T20:39:11Z``).
    retrieved_at: str
    #: ``pystatis <version>``.
    client: str
    #: What pystatis reported while fetching (a background job and its id, parameters the server adjusted).
    messages: tuple[str, ...]


def _pystatis():
    """The pystatis modules; an ``ApiError`` where the optional dependency is not installed."""
    try:
        import pystatis
        from pystatis import config, db, exception, http_helper
    except ImportError as exc:
        raise ApiError(
            "not installed",
            f"the API client pystatis is not installed in this environment: {INSTALL_HINT} (docs/api-update.md)",
        ) from exc
    return pystatis, config, db, exception, http_helper


def credential_variables(database: str) -> tuple[str, str]:
    """pystatis' environment variables of a database's user name and password (``PYSTATIS_REGIO_API_USERNAME``)."""
    return f"PYSTATIS_{database.upper()}_API_USERNAME", f"PYSTATIS_{database.upper()}_API_PASSWORD"


class _Messages(logging.Handler):
    """Collects what pystatis logs at WARNING and above during one fetch (instead of printing it)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _session(table: ApiTable, cache_dir: Path) -> Iterator[_Messages]:
    """pystatis set up for one fetch: credentials, a fresh cache folder, its log collected; all put back after."""
    _, config, db, _, _ = _pystatis()
    database = table.database
    settings = config.config
    keys = ((database, "username"), (database, "password"), ("data", "cache_dir"))
    saved = {(section, key): settings.get(section, key) for section, key in keys}
    user_variable, password_variable = credential_variables(database)
    if os.environ.get(user_variable):
        settings.set(database, "username", os.environ[user_variable])
        settings.set(database, "password", os.environ.get(password_variable, ""))
    logger = logging.getLogger("pystatis")
    handler, propagate = _Messages(), logger.propagate
    try:
        if not db.check_credentials_are_set(database):
            raise ApiError(
                "credentials",
                f"no credentials for {table.server.name}: set the environment variables {user_variable} and "
                f"{password_variable}, or store them in pystatis' own configuration "
                "(python -c 'import pystatis; pystatis.setup_credentials()')",
            )
        settings.set("data", "cache_dir", str(cache_dir))
        logger.addHandler(handler)
        logger.propagate = False
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for (section, key), value in saved.items():
            settings.set(section, key, value)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def fetch(table: ApiTable, language: str, cache_dir: Path, now: Callable[[], datetime] | None = None) -> Download:
    """Fetch ``table`` in ``language`` ('de'/'en') with pystatis; every failure is an ``ApiError``.

    ``cache_dir`` must be a new, empty folder: pystatis keeps its copy of the answer there. ``now`` gives the
    time recorded as the retrieval time (a fixed one in tests that replay a recorded answer).
    """
    pystatis, _, db, exception, http_helper = _pystatis()
    import requests

    parameters = table.parameters(language)
    name, code = table.server.name, table.code
    try:
        with _session(table, cache_dir) as log:
            url = f"{db.get_host(table.database)}{DATA_METHOD}"
            data = http_helper.load_data("data", "tablefile", dict(parameters), table.database)
            retrieved = (now or _utc_now)().astimezone(UTC).replace(microsecond=0)
            metadata = http_helper.load_data("metadata", "table", dict(parameters), table.database)
    except exception.TableNotFoundError as exc:
        raise ApiError("unknown table", f"{name} has no table {code}: {exc}") from exc
    except exception.DestatisStatusError as exc:
        raise ApiError("server error", f"{name} refused the request for table {code}: {exc}") from exc
    except exception.PystatisConfigError as exc:
        raise ApiError("credentials", f"pystatis' configuration for {name}: {exc}") from exc
    except requests.exceptions.HTTPError as exc:
        raise ApiError("server error", f"{name} failed to deliver table {code} ({exc}); try again later") from exc
    except (requests.exceptions.Timeout, TimeoutError) as exc:
        raise ApiError("timeout", f"{name} did not deliver table {code} in time; try again later") from exc
    except requests.exceptions.ConnectionError as exc:
        raise ApiError("connection", f"cannot reach {name} ({table.server.origin}): {type(exc).__name__}") from exc
    except SystemExit as exc:
        if isinstance(exc.__cause__, requests.exceptions.Timeout):
            raise ApiError(
                "timeout", f"{name} did not answer the request for table {code} in time; try again later"
            ) from exc.__cause__
        raise
    if not isinstance(data, bytes) or not data:
        raise ApiError("changed layout", f"{name} delivered no file for table {code}")
    try:
        answer = json.loads(metadata)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError("changed layout", f"the metadata answer of {name} for table {code} is not JSON") from exc
    if not isinstance(answer, dict):
        raise ApiError("changed layout", f"the metadata answer of {name} for table {code} is not a JSON object")
    return Download(
        table=table,
        language=language,
        url=url,
        parameters=parameters,
        data=data,
        metadata=answer,
        retrieved_at=retrieved.isoformat().replace("+00:00", "Z"),
        client=f"pystatis {pystatis.__version__}",
        messages=tuple(log.messages),
    )
