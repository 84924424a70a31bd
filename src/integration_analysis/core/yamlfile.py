"""Bounded, line-aware loading of the project's YAML files (configuration, municipal information, sidecars).

This module owns the one YAML loader for files a person edits:

- a safe loader (libyaml's where installed) that resolves no timestamps (``2021-02-30`` stays the text it is,
  and each caller parses dates by the project's own rules, naming file, line and key) and that bounds alias
  expansion: the document as its aliases expand it may hold at most ``max_nodes`` nodes, and an alias that
  refers to itself is refused, so an "alias bomb" fails at once instead of exhausting memory or time in whoever
  walks the data (an alias is a node met twice in the composed document);
- a size limit on the file, checked before it is parsed;
- the line of every key and list item as a key path (``akteure[2].art``; list positions count from 0), with
  duplicate keys found (YAML would silently keep the last one).

Problems are raised as :class:`YamlLoadError` with a ``kind`` and the line, so each caller words its message in
the language of its readers (English for configuration, German for the consultants' files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

#: What a ``YamlLoadError`` is about.
UNREADABLE, TOO_LARGE, SYNTAX, ALIASES, DUPLICATE_KEY, EMPTY = (
    "unreadable",
    "too_large",
    "syntax",
    "aliases",
    "duplicate_key",
    "empty",
)

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_LAST_STEP = re.compile(r"(\.[^.\[]*|\[\d+\])$")


class YamlLoadError(Exception):
    """A file that cannot be loaded; ``kind`` is one of the constants above, ``detail`` the parser's words."""

    def __init__(self, kind: str, path: Path, detail: str, *, line: int | None = None, key: str | None = None):
        self.kind = kind
        self.path = Path(path)
        self.detail = detail
        self.line = line
        self.key = key
        super().__init__(f"{self.path}{f', line {line}' if line else ''}: {kind}: {detail}")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader without timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor(_TIMESTAMP, yaml.SafeLoader.construct_yaml_str)  # an explicit !!timestamp stays text


@dataclass(frozen=True)
class YamlDocument:
    """A loaded file: its data, and the 1-based line of every key path ("" is the document itself)."""

    path: Path
    data: Any
    lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        """The line of ``key``, or of the nearest enclosing key that has one."""
        while key and key not in self.lines:
            key = parent_key(key)
        return self.lines.get(key)


def parent_key(key: str) -> str:
    """The key path that encloses ``key`` (``akteure[2]`` for ``akteure[2].art``, "" for ``akteure``)."""
    parent = _LAST_STEP.sub("", key)
    return "" if parent == key else parent


def load_yaml(path: str | Path, *, max_bytes: int, max_nodes: int = 20_000) -> YamlDocument:
    """Read ``path`` (UTF-8, at most ``max_bytes``) as one YAML document; raise :class:`YamlLoadError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlLoadError(TOO_LARGE, path, f"{size:,} bytes, at most {max_bytes:,} allowed")
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlLoadError(UNREADABLE, path, str(exc)) from exc
    return parse_yaml(text, path, max_nodes=max_nodes)


def parse_yaml(text: str, path: str | Path, *, max_nodes: int = 20_000) -> YamlDocument:
    """``text`` as one YAML document, by the same rules as :func:`load_yaml` (``path`` names it in errors)."""
    path = Path(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlLoadError(EMPTY, path, "the file holds no YAML document")
        _check_expansion(path, node, max_nodes)
        lines = {"": node.start_mark.line + 1}
        _record_lines(path, node, "", lines)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlLoadError(SYNTAX, path, exc.problem or str(exc), line=mark.line + 1 if mark else None) from exc
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise YamlLoadError(SYNTAX, path, str(exc)) from exc
    except RecursionError as exc:
        raise YamlLoadError(SYNTAX, path, "nested too deeply") from exc
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines)


def _check_expansion(path: Path, root: yaml.Node, max_nodes: int) -> None:
    """Refuse a document whose aliases expand it beyond ``max_nodes`` nodes or refer to the entry holding them.

    An alias is the anchored node itself in the composed document: a node met a second time is an alias use."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    alias_lines: list[int] = []

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            alias_lines.append(node.start_mark.line + 1)
            return sizes[key]
        if key in open_nodes:
            line = node.start_mark.line + 1
            raise YamlLoadError(ALIASES, path, "an alias refers to the entry that contains it", line=line)
        open_nodes.add(key)
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in node.value)
        else:
            total = 1
        open_nodes.discard(key)
        sizes[key] = min(total, max_nodes + 1)
        return sizes[key]

    if size(root) > max_nodes:
        detail = f"{len(alias_lines)} alias use(s) expand the document beyond {max_nodes:,} entries"
        raise YamlLoadError(ALIASES, path, detail, line=min(alias_lines, default=None))


def _record_lines(path: Path, node: yaml.Node, where: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{where}.{key}" if where else key
            if key in seen:
                raise YamlLoadError(DUPLICATE_KEY, path, key, line=key_node.start_mark.line + 1, key=child)
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _record_lines(path, value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[f"{where}[{i}]"] = item.start_mark.line + 1
            _record_lines(path, item, f"{where}[{i}]", lines)
