"""Writing the municipal information as YAML in the style of the files in ``data/local/`` (the way back from a
workbook, ``data.local_workbook``).

This module owns:

- :func:`canonical`: a file's plain data (as a YAML file or a workbook gives it, after it passed
  :func:`~.local.check_data`) in the form that is written: the parts and their keys in the order of the schema
  (:data:`~.local.PARTS`), an optional key left out where it holds nothing (no value, blank text, empty list),
  a single text where a list may stand as a list of one; every value otherwise exactly as it was;
- :func:`dump_local`: that form as YAML text: two-space indentation, a blank line between parts, ``[]`` for a part
  without entries, lists of texts in brackets, a text plain where the project's loader reads it back unchanged
  and in double quotes otherwise (the key ``ags`` always, as in the template), a long text folded over several
  lines like the pilot files. The text is read back before it is returned and must give the same data.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from typing import Any

from ..core.yamlfile import YamlLoadError, parse_yaml
from .local import CHOICES, PARTS, TEXTS, Part

#: Texts longer than this are folded over several lines (``>-``) where folding keeps them as they are.
FOLD_LONGER_THAN = 100
#: The width of the folded lines, indentation included.
LINE_WIDTH = 118

_ALWAYS_QUOTED = {("gemeinde", "ags")}
# Texts another YAML reader (1.2 core schema) would take for a number: quoted although this loader reads text.
_NUMBER_LIKE = re.compile(r"[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|0x[\da-fA-F]+|0o[0-7]+)")
# Characters YAML does not allow raw or reads as line breaks, escaped inside double quotes.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _is_empty(value: object) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _canonical_entry(part: Part, entry: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for field in part.fields:
        value = entry.get(field.key)
        if field.kind in (TEXTS, CHOICES) and isinstance(value, str):
            value = [value]
        if field.required or not _is_empty(value):
            result[field.key] = value
    return result


def canonical(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` (checked) in the form :func:`dump_local` writes: see the module's description."""
    result: dict[str, Any] = {}
    for part in PARTS:
        value = data.get(part.key)
        if part.is_list:
            result[part.key] = [_canonical_entry(part, item) for item in value or ()]
        else:
            result[part.key] = _canonical_entry(part, value or {})
    return result


def _reads_back(probe: str, expected: object) -> bool:
    try:
        return parse_yaml(probe, "<probe>").data == {"k": expected}
    except YamlLoadError:
        return False


def _plain(text: str, *, in_list: bool = False) -> bool:
    """True where ``text`` can stand without quotes (as an item of a bracketed list if ``in_list``)."""
    if not text or text != text.strip() or "\n" in text or _NUMBER_LIKE.fullmatch(text):
        return False
    if in_list:
        return _reads_back(f"k: [{text}]", [text])
    return _reads_back(f"k: {text}", text)


def _quoted(text: str) -> str:
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(text, ensure_ascii=False))


def _folded(text: str, indent: int) -> list[str] | None:
    """``text`` as the lines of a folded block (``>-``) indented by ``indent``, or None where folding would change
    it (line breaks, runs of blanks, tabs, blanks at either end)."""
    if len(text) <= FOLD_LONGER_THAN or text != text.strip() or re.search(r"\s\s|[^\S ]", text):
        return None
    lines = textwrap.wrap(text, LINE_WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    probe = "k: >-\n" + "".join(f"  {line}\n" for line in lines)
    return lines if _reads_back(probe, text) else None


def _scalar_lines(key: str, value: object, indent: int, *, quote: bool) -> list[str]:
    """The line(s) of ``key: value`` at ``indent`` (the key's column)."""
    pad = " " * indent
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{key}: a checked file holds no {value!r}")
    if isinstance(value, int):
        return [f"{pad}{key}: {value}"]
    if isinstance(value, list):
        items = ", ".join(item if _plain(item, in_list=True) else _quoted(item) for item in value)
        return [f"{pad}{key}: [{items}]"]
    if not isinstance(value, str):
        raise TypeError(f"{key}: a checked file holds no {type(value).__name__}")
    if not quote:
        folded = _folded(value, indent + 2)
        if folded is not None:
            return [f"{pad}{key}: >-", *(f"{pad}  {line}" for line in folded)]
        if _plain(value):
            return [f"{pad}{key}: {value}"]
    return [f"{pad}{key}: {_quoted(value)}"]


def _entry_lines(part: Part, entry: Mapping[str, Any], indent: int, first_prefix: str = "") -> list[str]:
    lines: list[str] = []
    for key, value in entry.items():
        quote = (part.key, key) in _ALWAYS_QUOTED
        lines += _scalar_lines(key, value, indent, quote=quote)
    if first_prefix and lines:
        lines[0] = first_prefix + lines[0][len(first_prefix) :]
    return lines


def dump_local(data: Mapping[str, Any], comment: str = "") -> str:
    """``data`` (checked) as the text of a file in ``data/local/``, with ``comment`` as its first lines."""
    form = canonical(data)
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    for part in PARTS:
        value = form[part.key]
        if lines:
            lines.append("")
        if not part.is_list:
            lines += [f"{part.key}:", *_entry_lines(part, value, 2)]
        elif not value:
            lines.append(f"{part.key}: []")
        else:
            lines.append(f"{part.key}:")
            for entry in value:
                lines += _entry_lines(part, entry, 4, first_prefix="  - ")
    text = "\n".join(lines) + "\n"
    if parse_yaml(text, "<written>").data != form:
        raise RuntimeError("the YAML written does not read back as the data it was written from")
    return text
