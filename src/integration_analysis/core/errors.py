"""Errors for bad input: every message names the file, and where known the line and the column; a wrong request
(an unknown municipality) is shown in notebooks as its one-line message."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """A problem in an input file, located as precisely as the format allows.

    ``line`` is the 1-based line number in the file as a text editor shows it (for spreadsheets: the row
    number as Excel shows it); ``column`` is the column's name as written in the file (or its letter/number
    where the file has no names).
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: str | int | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = [str(self.path)]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class ChecksumError(RuntimeError):
    """A raw file no longer matches the checksum recorded in its provenance sidecar."""


class OneLineError(Exception):
    """An error in what the user asked for, not in the code: IPython (and so JupyterLab, nbclient and papermill's
    ``PapermillExecutionError``) shows it as the one line "ErrorName: message" instead of a traceback, which would
    only point into the package. IPython asks an exception for ``_render_traceback_`` before it formats one."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class KindedError(Exception):
    """A failure reported as one message of a known ``kind`` ("timeout", "server error", …), which commands print
    as "kind: message" and tests can tell apart."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        self.message = message
        super().__init__(f"{kind}: {message}")


class UnknownRegionError(OneLineError, LookupError):
    """A municipality (or Kreis, Land: ``kind``) name or key that the registry does not know; the message lists
    the closest matches."""

    def __init__(self, query: str, suggestions: list[str], kind: str = "municipality") -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown {kind} {query!r}.{hint}")
