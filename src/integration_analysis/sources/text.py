"""Decoding published text tables (UTF-8 with or without byte-order mark, or Latin-1, and nothing else) and
refusing CSV text that is cut off.

UTF-16 files, NUL bytes, Windows-1252 control characters and files that mix UTF-8 and Latin-1 lines (a table
edited and saved piecemeal) are refused with the line where they occur, never guessed at; so is a CSV whose
last line has no line break or whose rows lack fields.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from ..core.errors import InputError

#: A letter of Latin-1's upper half (ä, ö, ü, ß, é, …) as UTF-8 bytes; as Latin-1 it reads "Ã¤", "Ã¶", ….
_UTF8_LETTER = re.compile(rb"[\xc2\xc3][\xa0-\xbf]")


def decode_text(raw: bytes, path: Path, advice: str, delimiter: str | None = None) -> tuple[str, str]:
    """The text of ``raw`` and the encoding used; ``advice`` ends the UTF-16 message (how to save the file).

    With ``delimiter``, an error about one byte names its field (1-based) as the column.
    """
    if not raw.strip():
        raise InputError(path, "the file is empty")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        nul = raw.find(b"\x00")
        line = raw[:nul].count(b"\n") + 1 if nul > 0 else 1
        raise InputError(
            path, f"NUL bytes or a UTF-16 byte-order mark: the file looks like UTF-16; {advice}", line=line
        )
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(
                path, f"starts with a UTF-8 byte-order mark but byte {raw[exc.start]:#x} is not UTF-8", line=line
            ) from exc
    try:
        # Latin-1 text with umlauts is never valid UTF-8, so valid UTF-8 means a UTF-8 file
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8 = _UTF8_LETTER.search(raw)
        if utf8:
            bad = exc.start
            line_start = raw.rfind(b"\n", 0, bad) + 1
            field = raw[line_start:bad].count(delimiter.encode()) + 1 if delimiter else None
            utf8_line = raw[: utf8.start()].count(b"\n") + 1
            raise InputError(
                path,
                f"mixed encodings: byte {raw[bad]:#x} here is not UTF-8 (Latin-1?), but line {utf8_line} holds "
                f"UTF-8 text ({utf8.group().decode('utf-8')!r}); save the whole file in one encoding",
                line=raw[:bad].count(b"\n") + 1,
                column=field,
            ) from exc
        text = raw.decode("latin-1")
    control = re.search(r"[\x80-\x9f]", text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise InputError(
            path,
            f"control character {ord(control.group()):#x}: the file is neither UTF-8 nor Latin-1 text "
            "(Windows-1252 or damaged?)",
            line=line,
        )
    return text, "latin-1"


def check_complete_rows(text: str, path: Path, delimiter: str = ",") -> None:
    """Refuse a CSV text (header line first) that is cut off: no line break at the end, or a row with
    fewer or more fields than the header. A cut row must not be read with its missing cells as empty.
    """
    if not text.endswith("\n"):
        header = next(csv.reader([text.split("\n", 1)[0].rstrip("\r")], delimiter=delimiter))
        begun = len(next(csv.reader([text.rsplit("\n", 1)[-1]], delimiter=delimiter), [""]))
        raise InputError(
            path,
            "the file does not end with a line break: it is cut off (truncated) in this row",
            line=text.count("\n") + 1,
            column=header[min(begun, len(header)) - 1],
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        start = reader.line_num + 1
        for cells in reader:
            if len(cells) != len(header) and cells:
                column = header[len(cells)] if len(cells) < len(header) else f"field {len(header) + 1}"
                raise InputError(
                    path,
                    f"malformed CSV: the row has {len(cells)} fields, the header {len(header)} (a row cut off, "
                    "or a separator too many)",
                    line=start,
                    column=column,
                )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc
